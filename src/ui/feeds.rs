//! The feed list: "all articles", saved, the views, then each feed with unread/total and its state.

use crate::app::{App, FeedEntry};
use crate::text::width::{fit, truncate, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let h = area.height as usize;
    let w = area.width as usize;
    let top = app.feed_selected.saturating_sub(h.saturating_sub(1));
    let name_w = (w / 2).clamp(16, 40);
    let mut lines = Vec::with_capacity(h);
    for (i, entry) in app.feeds.iter().enumerate().skip(top).take(h) {
        let (unread, total) = entry.counts();
        let (mark, note) = match entry {
            FeedEntry::All { .. } | FeedEntry::Saved { .. } => (" ", String::new()),
            // A view: its query, quietly.
            FeedEntry::View { index, .. } => (
                "=",
                app.config
                    .views
                    .get(*index)
                    .map(|v| crate::text::sanitize_line(&v.query))
                    .unwrap_or_default(),
            ),
            FeedEntry::Feed(f) if app.refreshing.contains(&f.id) => (
                app.theme.sym("⟳"),
                app.locale.t("label.refreshing").to_string(),
            ),
            FeedEntry::Feed(f) => match (&f.last_error, &f.moved_to) {
                (Some(_), Some(to)) => (
                    "?",
                    app.locale.tf(
                        "label.moved",
                        &[
                            ("url", crate::text::shown_url(to)),
                            ("key", app.accept_key()),
                        ],
                    ),
                ),
                (Some(e), _) => ("!", app.locale.tf("label.failed", &[("why", e.clone())])),
                (None, _) if f.last_fetch.is_none() => {
                    (" ", app.locale.t("label.never_fetched").to_string())
                }
                (None, _) => (" ", String::new()),
            },
        };
        let counts = match entry {
            FeedEntry::Saved { .. } => format!("{:>5} {total:<5}", ""),
            _ => format!("{unread:>5}/{total:<5}"),
        };
        let left = format!(
            " {mark} {}  {counts}  ",
            fit(entry.name(app.locale.lang), name_w)
        );
        let rest = w.saturating_sub(width(&left));
        let selected = i == app.feed_selected;
        let base = if unread > 0 {
            app.theme.unread()
        } else {
            ratatui::style::Style::default()
        };
        let failed = matches!(entry, FeedEntry::Feed(f) if f.last_error.is_some() && !app.refreshing.contains(&f.id));
        let note_style = if failed {
            app.theme.error()
        } else {
            app.theme.dim()
        };
        // Only the text is highlighted, not the padding to the edge: moving the selection then
        // rewrites the cells that change, not two whole rows (bytes on a slow SSH link).
        let (base, note_style) = if selected {
            (
                base.patch(app.theme.selected()),
                note_style.patch(app.theme.selected()),
            )
        } else {
            (base, note_style)
        };
        lines.push(Line::from(vec![
            Span::styled(left, base),
            Span::styled(truncate(&note, rest), note_style),
        ]));
    }
    if app.feeds.len() <= 1 {
        lines.push(Line::styled(
            format!("   {}", app.locale.t("label.no_feeds")),
            app.theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
