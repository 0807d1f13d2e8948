//! Laying articles out for a width, and the widths of the panes: the slow part of drawing an
//! article, done on a worker once per (article, width) and cached, so views only copy lines.

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
    let cleaned = crate::article::clean::clean_for(a.body(), a.link.as_deref());
    let body = crate::article::render::render_with_base(&cleaned, width, a.link.as_deref());
    with_header(a, width, loading, locale, now, None, body)
}

/// Lay out `a` with the linear tag-stripping renderer only (no cleaning, no html2text): what the
/// reader shows when the full layout took too long.
pub fn render_article_plain(
    a: &Article,
    width: usize,
    loading: bool,
    locale: &crate::i18n::Locale,
    now: i64,
) -> ArticleText {
    let width = width.max(20);
    let body =
        crate::article::render::render_fallback_with_base(a.body(), width, a.link.as_deref());
    let note = locale.t("label.plain_fallback");
    with_header(a, width, loading, locale, now, Some(note), body)
}

/// Title, byline, link, rule and state notes above the rendered `body`.
fn with_header(
    a: &Article,
    width: usize,
    loading: bool,
    locale: &crate::i18n::Locale,
    now: i64,
    extra_note: Option<&str>,
    body: crate::article::render::RenderedBody,
) -> ArticleText {
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
    lines.extend(super::enclosure::lines(&a.enclosures, width, locale));
    lines.push((Kind::Meta, "─".repeat(width.min(60))));
    let notes = full_text_note(a, loading, locale).into_iter();
    for note in notes.chain(extra_note.map(str::to_string)) {
        for l in wrap(&note, width) {
            lines.push((Kind::Meta, l));
        }
        lines.push((Kind::Meta, String::new()));
    }
    for l in body.lines {
        lines.push((Kind::Body, l));
    }
    ArticleText {
        lines,
        links: body.links,
    }
}

/// Everything needed to lay out one article away from the app, owned so that it can go to a
/// worker thread: the reader never lays out on the thread that reads keys (a hostile body
/// could take seconds).
#[derive(Debug, Clone)]
pub struct LayoutJob {
    pub id: i64,
    pub width: usize,
    /// Which request this is: a result is taken only if it answers the latest one for its
    /// (article, width), so an answer overtaken by a change (full text arrived) is dropped.
    pub seq: u64,
    article: Article,
    loading: bool,
    locale: crate::i18n::Locale,
    now: i64,
}

impl LayoutJob {
    pub(super) fn new(
        article: &Article,
        width: usize,
        seq: u64,
        loading: bool,
        locale: &crate::i18n::Locale,
        now: i64,
    ) -> LayoutJob {
        LayoutJob {
            id: article.id,
            width,
            seq,
            article: article.clone(),
            loading,
            locale: locale.clone(),
            now,
        }
    }

    /// The full layout (slow on hostile bodies: run it on a worker).
    pub fn run(&self) -> ArticleText {
        let a = &self.article;
        render_article(a, self.width, self.loading, &self.locale, self.now)
    }

    /// The cheap, linear layout shown when [`LayoutJob::run`] took too long.
    pub fn run_plain(&self) -> ArticleText {
        let a = &self.article;
        render_article_plain(a, self.width, self.loading, &self.locale, self.now)
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
