//! The article list of a feed (or all feeds), newest first, under day headings; only the
//! lines on screen are drawn.

use crate::app::App;
use crate::app::headings::ListLine;
use crate::text::width::{fit, truncate, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, area: Rect, focused: bool) {
    let Some(list) = &app.list else { return };
    let w = area.width as usize;
    let now = app.now();
    let show_feed = list.query.feed.is_none();
    let feed_w = if show_feed { (w / 5).clamp(8, 18) } else { 0 };
    let mut lines = Vec::with_capacity(area.height as usize);
    // Only the lines on screen are worked out, day headings included.
    for line in app.list_lines(area.height as usize) {
        let i = match line {
            ListLine::Row(i) => i,
            ListLine::Heading(i) => {
                lines.push(Line::styled(
                    format!(" {}", truncate(&app.day_heading(i), w.saturating_sub(1))),
                    app.theme.heading(),
                ));
                continue;
            }
        };
        let Some(row) = list.row(i) else { break };
        let mark = match (row.saved, row.read) {
            (true, _) => app.theme.sym("★"),
            (false, false) => app.theme.sym("●"),
            (false, true) => " ",
        };
        let date = fit(&app.locale.short(row.published, now), 8);
        let mark_part = format!(" {mark}");
        let mut left = format!(" {date} ");
        if show_feed {
            left.push_str(&fit(&row.feed, feed_w));
            left.push(' ');
        }
        // In the Lampung view each row names the place it matched.
        let place = match (&row.place, list.query.lampung || app.lampung_only) {
            (Some(p), true) => format!(
                "{} {} ",
                crate::text::width::truncate(p, 20),
                app.theme.sym("·")
            ),
            _ => String::new(),
        };
        let rest = w.saturating_sub(width(&mark_part) + width(&left) + width(&place));
        let style = if row.read {
            Style::default()
        } else {
            app.theme.unread()
        };
        let pick = |st: Style| {
            if i != list.selected {
                st
            } else if focused {
                st.patch(app.theme.selected())
            } else {
                st.patch(app.theme.unread())
                    .add_modifier(ratatui::style::Modifier::UNDERLINED)
            }
        };
        // The selection is a bar over the mark, date and feed columns, not the whole row: a
        // move then rewrites about 30 cells per row, not every cell of two titles (what an SSH
        // link carries per keypress).
        lines.push(Line::from(vec![
            Span::styled(mark_part, pick(app.theme.dim())),
            Span::styled(left, pick(app.theme.dim())),
            Span::styled(place, app.theme.link()),
            Span::styled(truncate(&row.title, rest), style),
        ]));
    }
    if list.total == 0 {
        let msg = if list.search.is_some() {
            "label.no_match"
        } else if list.query.lampung {
            "label.no_lampung"
        } else if list.query.unread_only {
            "label.no_unread"
        } else {
            "label.no_articles"
        };
        lines.push(Line::styled(
            format!("   {}", app.locale.t(msg)),
            app.theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
