//! The pick of enclosures (`e` on an article with several): numbered, the selected one marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::App;

pub fn draw_pick(frame: &mut Frame, app: &App, area: Rect, selected: usize) {
    let list = app.enclosures();
    let w = area.width.saturating_sub(4).min(90);
    let h = (list.len() as u16 + 2).min(area.height.saturating_sub(2));
    let popup = super::help::centred(area, w, h);
    let lines: Vec<Line> = list
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let text = format!(
                "{}  {}",
                crate::app::describe_enclosure(e, &app.locale),
                crate::text::url::shown_url(&e.url)
            );
            let style = if i == selected {
                app.theme.selected()
            } else {
                app.theme.dim()
            };
            Line::from(vec![
                Span::styled(format!(" {} ", i + 1), app.theme.heading()),
                Span::styled(
                    crate::text::width::fit(&text, w.saturating_sub(6) as usize),
                    style,
                ),
            ])
        })
        .collect();
    super::help::framed(frame, app, popup, lines, "encl.pick_title");
}
