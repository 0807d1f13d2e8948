//! Drawing: pure functions from `App` to a ratatui frame. Views read state; they do no I/O.

pub mod article;
mod articles;
mod enclosures;
mod feeds;
mod help;
pub mod theme;

use crate::app::{App, Mode, Screen};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Smallest terminal kabar draws into.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;

pub use crate::app::layout::list_pane_width;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = app.locale.tf(
            "label.too_small",
            &[
                ("w", area.width.to_string()),
                ("h", area.height.to_string()),
                ("mw", MIN_WIDTH.to_string()),
                ("mh", MIN_HEIGHT.to_string()),
            ],
        );
        let lines: Vec<Line> = crate::text::width::wrap(&msg, area.width.max(1) as usize)
            .into_iter()
            .map(Line::from)
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let [top, main, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_title(frame, app, top);
    match app.screen {
        Screen::Feeds => feeds::draw(frame, app, main),
        Screen::Articles | Screen::Article if app.is_wide() => {
            let [left, sep, right] = Layout::horizontal([
                Constraint::Length(list_pane_width(area.width)),
                Constraint::Length(1),
                Constraint::Min(1),
            ])
            .areas(main);
            articles::draw(frame, app, left, app.screen == Screen::Articles);
            let bar: Vec<Line> = (0..sep.height)
                .map(|_| Line::styled(app.theme.sym("│"), app.theme.dim()))
                .collect();
            frame.render_widget(Paragraph::new(bar), sep);
            article::draw(frame, app, right);
        }
        Screen::Articles => articles::draw(frame, app, main, true),
        Screen::Article => article::draw(frame, app, main),
    }
    draw_status(frame, app, bottom);
    if app.mode.is_help() {
        help::draw(frame, app, area);
    }
    if let Some(c) = app.mode.candidates() {
        help::draw_candidates(frame, app, area, c);
    }
    if let crate::app::Mode::PickEnclosure { selected } = app.mode {
        enclosures::draw_pick(frame, app, area, selected);
    }
}

fn draw_title(frame: &mut Frame, app: &App, area: Rect) {
    let place = match app.screen {
        Screen::Feeds => app.locale.t("label.feed_list").to_string(),
        Screen::Articles | Screen::Article => app
            .list
            .as_ref()
            .map(|l| {
                let key = match (l.query.unread_only, l.query.lampung) {
                    (true, true) => "label.list_title_unread_lampung",
                    (true, false) => "label.list_title_unread",
                    (false, true) => "label.list_title_lampung",
                    (false, false) => "label.list_title",
                };
                app.locale.tf(
                    key,
                    &[("name", l.title.clone()), ("n", l.total.to_string())],
                )
            })
            .unwrap_or_default(),
    };
    let (unread, _) = app.feeds.first().map(|f| f.counts()).unwrap_or((0, 0));
    let right = format!(
        "{} ",
        app.locale
            .tf("label.unread_total", &[("n", unread.to_string())])
    );
    let left = format!(" kabar {} {place}", app.theme.sym("·"));
    let w = area.width as usize;
    let lw = w.saturating_sub(crate::text::width::width(&right) + 1);
    let text = format!(
        "{}{}",
        crate::text::width::fit(&left, lw),
        crate::text::width::fit(&right, w - lw)
    );
    frame.render_widget(
        Paragraph::new(Line::styled(text, app.theme.title_bar())),
        area,
    );
}

fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    let prompt = match &app.mode {
        Mode::Search { input } => Some(("label.search_prompt", "label.search_hint", input)),
        Mode::AddUrl { input } => Some(("label.add_prompt", "label.add_hint", input)),
        Mode::Pipe { input } => Some(("label.pipe_prompt", "label.pipe_hint", input)),
        _ => None,
    };
    if let Some((prompt, hint, input)) = prompt {
        let w = area.width as usize;
        let prompt = format!(" {}", app.locale.tf(prompt, &[("q", input.clone())]));
        let hint = format!(" {} ", app.locale.t(hint));
        let hint_w = crate::text::width::width(&hint);
        let room = w.saturating_sub(hint_w);
        let line = Line::from(vec![
            Span::styled(crate::text::width::fit(&prompt, room), app.theme.heading()),
            Span::styled(hint, app.theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        // The terminal's own cursor stands after the input: a typed character is then one
        // byte on the wire, not a redrawn mark.
        let end = crate::text::width::width(&prompt);
        if end < room {
            frame.set_cursor_position(ratatui::layout::Position::new(area.x + end as u16, area.y));
        }
        return;
    }
    let hint = format!(
        "{} ",
        app.locale.t(match app.screen {
            Screen::Feeds => "hint.feeds",
            Screen::Articles => "hint.articles",
            Screen::Article => "hint.article",
        })
    );
    let hint = hint.as_str();
    let w = area.width as usize;
    let (text, style) = match &app.status {
        Some(s) => (s.text.as_str(), app.theme.status(s.kind)),
        None => ("", Style::default()),
    };
    let hint_w = crate::text::width::width(hint);
    let line = if crate::text::width::width(text) + hint_w + 2 <= w {
        Line::from(vec![
            Span::styled(
                crate::text::width::fit(&format!(" {text}"), w - hint_w),
                style,
            ),
            Span::styled(hint, app.theme.dim()),
        ])
    } else {
        Line::styled(crate::text::width::fit(&format!(" {text}"), w), style)
    };
    frame.render_widget(Paragraph::new(line), area);
}
