//! The article view: title, source, date (WIB), author, link, then the body with its links.

use crate::app::App;
use crate::store::{Article, FullTextState};
use crate::text::width::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

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
