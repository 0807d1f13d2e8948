//! The help overlay, generated from the key table in force.

use crate::app::App;
use crate::text::width::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let rows = app.help_rows();
    let w = area.width.saturating_sub(4).min(72);
    let h = (rows.len() as u16 + 3).min(area.height.saturating_sub(2));
    let popup = centred(area, w, h);
    let key_w = 18;
    // Rows that fit inside the border with the closing hint; the rest scroll (j/k).
    let room = (h as usize).saturating_sub(3).max(1);
    let scroll = app.mode.help_scroll().min(rows.len().saturating_sub(room));
    let more = rows.len() > scroll + room;
    let mut lines: Vec<Line> = rows
        .into_iter()
        .skip(scroll)
        .take(room)
        .map(|(keys, desc)| {
            Line::from(vec![
                Span::styled(fit(&format!(" {keys}"), key_w), app.theme.heading()),
                Span::raw(desc),
            ])
        })
        .collect();
    let close = app.locale.t("label.help_close");
    let hint = if more || scroll > 0 {
        format!(" j/k ↑↓ · {close}")
    } else {
        format!(" {close}")
    };
    lines.push(Line::styled(hint, app.theme.dim()));
    framed(frame, app, popup, lines, "label.help_title");
}

/// The feeds found for `+`, numbered for picking.
pub fn draw_candidates(frame: &mut Frame, app: &App, area: Rect, c: &[(String, String)]) {
    let w = area.width.saturating_sub(4).min(90);
    let h = (c.len().min(9) as u16 + 2).min(area.height.saturating_sub(2));
    let popup = centred(area, w, h);
    let lines: Vec<Line> = c
        .iter()
        .take(9)
        .enumerate()
        .map(|(i, (title, url))| {
            Line::from(vec![
                Span::styled(format!(" {} ", i + 1), app.theme.heading()),
                Span::raw(fit(
                    &format!("{title}  {url}"),
                    w.saturating_sub(6) as usize,
                )),
            ])
        })
        .collect();
    framed(frame, app, popup, lines, "label.pick_title");
}

/// A `w`x`h` rectangle in the middle of `area`.
pub(super) fn centred(area: Rect, w: u16, h: u16) -> Rect {
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// `lines` in a bordered popup titled with the message `title`, over whatever was under it.
pub(super) fn framed(frame: &mut Frame, app: &App, popup: Rect, lines: Vec<Line>, title: &str) {
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_set(app.theme.border_set())
                .title(app.locale.t(title)),
        ),
        popup,
    );
}
