//! The help overlay, generated from the key table in force.

use super::theme;
use crate::app::App;
use crate::text::width::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let rows = app.keymap.help_rows();
    let w = area.width.saturating_sub(4).min(72);
    let h = (rows.len() as u16 + 3).min(area.height.saturating_sub(2));
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    let key_w = 18;
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(keys, desc)| {
            Line::from(vec![
                Span::styled(fit(&format!(" {keys}"), key_w), theme::heading()),
                Span::raw(desc),
            ])
        })
        .collect();
    lines.push(Line::styled(
        " Tekan tombol apa saja untuk menutup.",
        theme::dim(),
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Bantuan: tombol "),
        ),
        popup,
    );
}
