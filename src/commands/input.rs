//! What a command reads on stdin: the article as plain text (header and body, as the reader
//! shows it) or its cleaned HTML; both sanitised, since the program may print them.

use super::CommandInput;
use crate::store::Article;
use std::time::Duration;

/// How long the full layout of a body may take before the linear rendering is used instead
/// (as in the reader: a hostile body must not keep a command waiting).
pub const LAYOUT_LIMIT: Duration = Duration::from_secs(2);

/// The bytes for `kind` of article `a` (`None` for no input), text wrapped at `width`.
pub fn bytes(
    kind: CommandInput,
    a: &Article,
    width: usize,
    locale: &crate::i18n::Locale,
) -> Option<Vec<u8>> {
    match kind {
        CommandInput::None => None,
        CommandInput::Text => Some(text(a, width, locale).into_bytes()),
        CommandInput::Html => Some(html(a).into_bytes()),
    }
}

/// The article's cleaned HTML (clutter and active content removed), sanitised.
pub fn html(a: &Article) -> String {
    let cleaned = crate::article::clean::clean_for(a.body(), a.link.as_deref());
    crate::text::sanitize_text(&cleaned)
}

/// The article as plain text: title, feed and date, link, a blank line, then the body wrapped
/// at `width` with its numbered links.
pub fn text(a: &Article, width: usize, locale: &crate::i18n::Locale) -> String {
    let mut out = String::new();
    out.push_str(&crate::text::sanitize_line(&a.title));
    out.push('\n');
    let feed = crate::text::sanitize_line(&a.feed);
    let date = locale.long(a.published);
    let meta = match a.author.as_deref().map(crate::text::sanitize_line) {
        Some(author) if !author.is_empty() => locale.tf(
            "meta.byline",
            &[("feed", feed), ("date", date), ("author", author)],
        ),
        _ => locale.tf("meta.line", &[("feed", feed), ("date", date)]),
    };
    out.push_str(&meta);
    out.push('\n');
    if let Some(link) = a.link.as_deref().and_then(crate::text::safe_link) {
        out.push_str(&link);
        out.push('\n');
    }
    out.push('\n');
    for line in body_lines(a, width) {
        out.push_str(&line);
        out.push('\n');
    }
    crate::text::sanitize_text(&out)
}

/// The body laid out on a thread of its own; past [`LAYOUT_LIMIT`] the linear rendering.
fn body_lines(a: &Article, width: usize) -> Vec<String> {
    let (body, link) = (a.body().to_string(), a.link.clone());
    let (tx, rx) = std::sync::mpsc::channel();
    let (b, l) = (body.clone(), link.clone());
    let worker = std::thread::Builder::new().spawn(move || {
        let cleaned = crate::article::clean::clean_for(&b, l.as_deref());
        let r = crate::article::render::render_with_base(&cleaned, width, l.as_deref());
        let _ = tx.send(r.lines);
    });
    if worker.is_ok()
        && let Ok(lines) = rx.recv_timeout(LAYOUT_LIMIT)
    {
        return lines;
    }
    crate::article::render::render_fallback_with_base(&body, width, link.as_deref()).lines
}
