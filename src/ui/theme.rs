//! Colours and text styles, in one place.

use crate::app::StatusKind;
use ratatui::style::{Color, Modifier, Style};

pub fn title_bar() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}
pub fn unread() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}
pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}
pub fn error() -> Style {
    Style::default().fg(Color::Red)
}
pub fn heading() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}
pub fn link() -> Style {
    Style::default().fg(Color::Cyan)
}
pub fn status(kind: StatusKind) -> Style {
    match kind {
        StatusKind::Info => Style::default(),
        StatusKind::Busy => Style::default().fg(Color::Yellow),
        StatusKind::Error => error(),
    }
}
