//! Colours, text styles and symbols in one place: from `[theme]`, `NO_COLOR` and `ascii`.
//! The app owns the theme it was started with; `ui::theme` names it for the views.

use super::StatusKind;
use crate::config::Config;
use ratatui::style::{Color, Modifier, Style};

/// How the interface is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    title: Style,
    selected: Style,
    unread: Style,
    dim: Style,
    link: Style,
    error: Style,
    busy: Style,
    /// Only ASCII: no box drawing, no symbols.
    pub ascii: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            title: Style::default().add_modifier(Modifier::REVERSED),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            unread: Style::default().add_modifier(Modifier::BOLD),
            dim: Style::default().fg(Color::DarkGray),
            link: Style::default().fg(Color::Cyan),
            error: Style::default().fg(Color::Red),
            busy: Style::default().fg(Color::Yellow),
            ascii: false,
        }
    }
}

pub use crate::config::colour::parse_color;

impl Theme {
    /// The theme the config asks for; `no_color` (the `NO_COLOR` convention) keeps only bold,
    /// reverse and underline.
    pub fn from_config(c: &Config, no_color: bool) -> Theme {
        let mut t = Theme {
            ascii: c.ascii,
            ..Theme::default()
        };
        let fg = |v: &Option<crate::config::colour::Colour>| v.map(|c| c.0);
        if let Some(col) = fg(&c.theme.title) {
            t.title = Style::default().bg(col).fg(Color::Black);
        }
        if let Some(col) = fg(&c.theme.selected) {
            t.selected = Style::default().bg(col).fg(Color::Black);
        }
        if let Some(col) = fg(&c.theme.unread) {
            t.unread = t.unread.fg(col);
        }
        if let Some(col) = fg(&c.theme.dim) {
            t.dim = Style::default().fg(col);
        }
        if let Some(col) = fg(&c.theme.link) {
            t.link = Style::default().fg(col);
        }
        if let Some(col) = fg(&c.theme.error) {
            t.error = Style::default().fg(col);
        }
        if let Some(col) = fg(&c.theme.busy) {
            t.busy = Style::default().fg(col);
        }
        if no_color {
            t = Theme {
                title: Style::default().add_modifier(Modifier::REVERSED),
                selected: Style::default().add_modifier(Modifier::REVERSED),
                unread: Style::default().add_modifier(Modifier::BOLD),
                dim: Style::default(),
                link: Style::default().add_modifier(Modifier::UNDERLINED),
                error: Style::default().add_modifier(Modifier::BOLD),
                busy: Style::default(),
                ascii: t.ascii,
            };
        }
        t
    }

    pub fn title_bar(&self) -> Style {
        self.title
    }
    pub fn selected(&self) -> Style {
        self.selected
    }
    pub fn unread(&self) -> Style {
        self.unread
    }
    pub fn dim(&self) -> Style {
        self.dim
    }
    pub fn error(&self) -> Style {
        self.error
    }
    pub fn heading(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    pub fn link(&self) -> Style {
        self.link
    }
    pub fn status(&self, kind: StatusKind) -> Style {
        match kind {
            StatusKind::Info => Style::default(),
            StatusKind::Busy => self.busy,
            StatusKind::Error => self.error,
        }
    }

    /// A symbol, or its ASCII stand-in.
    pub fn sym(&self, fancy: &'static str) -> &'static str {
        if !self.ascii {
            return fancy;
        }
        match fancy {
            "●" => "*",
            "★" => "+",
            "⟳" => "~",
            "│" => "|",
            "─" => "-",
            "▏" => "_",
            "✓" => "v",
            "·" => "-",
            other => other,
        }
    }

    /// Borders for popups.
    pub fn border_set(&self) -> ratatui::symbols::border::Set<'static> {
        if self.ascii {
            ratatui::symbols::border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            ratatui::symbols::border::PLAIN
        }
    }
}
