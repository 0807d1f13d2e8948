//! Laying articles out for a width, and the widths of the panes: the slow part of drawing an
//! article, done by the app once per (article, width) and cached, so views only copy lines.

use crate::store::{Article, FullTextState};
use crate::text::width::wrap;

/// Width of the list pane when list and article are side by side.
pub fn list_pane_width(total: u16) -> u16 {
    (total * 2 / 5).clamp(50, 72)
}

/// What a line of the article is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Title,
    Meta,
    Link,
    Body,
}

/// An article laid out for one width: every line fits it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleText {
    pub lines: Vec<(Kind, String)>,
    /// The body's http(s) links; `[1]` is `links[0]`.
    pub links: Vec<String>,
}

impl ArticleText {
    /// Plain text, as `kabar show` prints it.
    pub fn to_plain(&self) -> String {
        let mut s = String::new();
        for (_, l) in &self.lines {
            s.push_str(l);
            s.push('\n');
        }
        s
    }
}

/// Lay out `a` at `width` columns (the slow part: done once per article and width, not per
/// frame). `loading` says its full text is being fetched right now.
pub fn render_article(
    a: &Article,
    width: usize,
    loading: bool,
    locale: &crate::i18n::Locale,
    now: i64,
) -> ArticleText {
    let width = width.max(20);
    let mut lines = Vec::new();
    for l in wrap(&a.title, width) {
        lines.push((Kind::Title, l));
    }
    let mut date = locale.long(a.published);
    if let Some(rel) = locale.relative(a.published, now) {
        date = format!("{date} ({rel})");
    }
    let meta = match a.author.as_deref().filter(|s| !s.is_empty()) {
        Some(author) => locale.tf(
            "meta.byline",
            &[
                ("feed", a.feed.clone()),
                ("date", date),
                ("author", author.to_string()),
            ],
        ),
        None => locale.tf("meta.line", &[("feed", a.feed.clone()), ("date", date)]),
    };
    for l in wrap(&meta, width) {
        lines.push((Kind::Meta, l));
    }
    if let Some(link) = &a.link {
        for l in wrap(link, width) {
            lines.push((Kind::Link, l));
        }
    }
    lines.push((Kind::Meta, "─".repeat(width.min(60))));
    if let Some(note) = full_text_note(a, loading, locale) {
        for l in wrap(&note, width) {
            lines.push((Kind::Meta, l));
        }
        lines.push((Kind::Meta, String::new()));
    }
    let cleaned = crate::article::clean::clean_for(a.body(), a.link.as_deref());
    let body = crate::article::render::render_with_base(&cleaned, width, a.link.as_deref());
    for l in body.lines {
        lines.push((Kind::Body, l));
    }
    ArticleText {
        lines,
        links: body.links,
    }
}

/// The full-article state line shown above the body, if any.
fn full_text_note(a: &Article, loading: bool, locale: &crate::i18n::Locale) -> Option<String> {
    if loading {
        return Some(locale.t("ft.loading").into());
    }
    match a.full_text_state {
        FullTextState::Fetched => Some(locale.t("ft.done").into()),
        FullTextState::Failed => Some(locale.tf(
            "ft.failed",
            &[("why", a.full_text_error.clone().unwrap_or_default())],
        )),
        FullTextState::None if crate::article::extract::article_is_excerpt(a) => {
            Some(locale.t("ft.excerpt").into())
        }
        FullTextState::None => None,
    }
}
