//! The article view: title, source, date (WIB), author, link, then the body with its links.

use crate::app::App;
pub use crate::app::layout::{ArticleText, Kind, render_article};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(reader) = &app.reader else {
        let msg = Line::styled(
            format!("  {}", app.locale.t("label.pick_article")),
            app.theme.dim(),
        );
        frame.render_widget(Paragraph::new(msg), area);
        return;
    };
    let Some((_, text)) = &reader.rendered else {
        // A worker is laying it out; the keys keep working meanwhile.
        let msg = Line::styled(
            format!("  {}", app.locale.t("label.laying_out")),
            app.theme.dim(),
        );
        frame.render_widget(Paragraph::new(msg), area);
        return;
    };
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let lines: Vec<Line> = text
        .lines
        .iter()
        .skip(reader.scroll)
        .take(area.height as usize)
        .map(|(kind, l)| {
            let style = match kind {
                Kind::Title => app.theme.heading(),
                Kind::Meta => app.theme.dim(),
                Kind::Link => app.theme.link(),
                Kind::Body if l.starts_with('[') && l.contains("] http") => app.theme.link(),
                Kind::Body => Style::default(),
            };
            if app.theme.ascii && *kind != Kind::Body {
                // The rule and separators are chrome: plain ASCII on bare consoles.
                Line::styled(l.replace(['─', '·'], "-"), style)
            } else {
                Line::styled(l.as_str(), style)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
