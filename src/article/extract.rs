//! Full-article extraction from a web page, and telling an excerpt from a full body.
//!
//! The extractor is [`dom_smoothie`] (a port of Mozilla's Readability.js, the Firefox Reader
//! View algorithm), chosen over the `readability` crate (0.3, a port of the 2010 arc90 script)
//! after running both on `tests/fixtures/antara-article.html` and
//! `radarlampung-seed-article.html`: both found every story paragraph (ANTARA's dateline and
//! credit included) and left out nav, share bar, tags, related links, sidebar and footer, and
//! both kept the inline "Baca juga" lines for [`clean`] to drop. But `readability` drops the
//! white space between inline elements, gluing words (`<strong>Way Kanan</strong>
//! <em>Ali</em>` came out as "Way KananAli", `<strong>Baca :</strong><a>`), nests `<p>` inside
//! `<p>`, and brings a second, older html5ever (0.26), `regex` and, by default, blocking
//! reqwest 0.11. `dom_smoothie` uses `dom_query` on the same html5ever 0.40 that html2text
//! already pulls in (so it tracks current releases), caps its work (`max_elements_to_parse`), and
//! can keep class attributes, so the class rules of [`clean`] still catch ad blocks left inside
//! the story container (its one leftover on the fixtures, an "ADVERTISEMENT" label, goes there).
//!
//! [`extract`] refuses pages over [`MAX_EXTRACT_BYTES`] or nested deeper than
//! [`MAX_EXTRACT_DEPTH`], caps the element count, and catches a panic (a panic hook can stay
//! quiet while [`crate::html::in_guarded_parse`] is true). It does not bound
//! wall-clock time itself: run it off the UI thread (`spawn_blocking`).
//!
//! [`clean`]: crate::article::clean::clean

use crate::article::clean;

/// Pages larger than this are refused.
pub const MAX_EXTRACT_BYTES: usize = 5 * 1024 * 1024;
/// Pages with more elements than this are refused (by dom_smoothie).
pub const MAX_EXTRACT_ELEMENTS: usize = 60_000;
/// Pages nested deeper than this (estimated) are refused: html5ever is quadratic in depth.
pub const MAX_EXTRACT_DEPTH: usize = 1000;
/// An extraction with less plain text than this found no article (a menu, an error page).
pub const MIN_ARTICLE_CHARS: usize = 40;
/// A body with less plain text than this is a teaser, unless it clearly goes beyond the
/// item's summary (see [`is_excerpt`]).
pub const MIN_STORY_CHARS: usize = 600;
/// A body with less plain text than this is always a teaser.
pub const MIN_BODY_CHARS: usize = 200;
/// How much longer than the summary a short body must be to count as the full story.
const BEYOND_SUMMARY_CHARS: usize = 100;

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The page is larger than [`MAX_EXTRACT_BYTES`].
    #[error("halaman terlalu besar: {0} byte (page too large)")]
    TooLarge(usize),
    /// The page has more elements than [`MAX_EXTRACT_ELEMENTS`], or is nested deeper than
    /// [`MAX_EXTRACT_DEPTH`].
    #[error("halaman terlalu rumit: {0} elemen (page too complex)")]
    TooComplex(usize),
    /// The page URL is not an absolute http(s) URL.
    #[error("URL tidak valid (invalid URL): {0}")]
    BadUrl(String),
    /// No article text was found on the page.
    #[error("artikel tidak ditemukan di halaman (no article found)")]
    NoArticle,
    /// The extractor panicked on this page.
    #[error("halaman tidak bisa dibaca (extractor failed)")]
    Panicked,
}

/// Extract the article from the web page `html` fetched from `url` (used to resolve relative
/// links and to pick host-specific cleaning rules), and clean it ([`clean::clean_for`]).
/// Returns article HTML without the page's title heading.
pub fn extract(html: &str, url: &str) -> Result<String, ExtractError> {
    check(html, url)?;
    let content = match crate::html::guarded(|| readable(html, url)) {
        Some(r) => r?,
        None => {
            tracing::warn!("article extraction panicked on {url}");
            return Err(ExtractError::Panicked);
        }
    };
    finish(&content, url)
}

/// An article another program already extracted (Miniflux's `fetch-content`), from the page at
/// `url`: the same limits and cleaning as [`extract`], without a second extraction.
pub fn extracted(html: &str, url: &str) -> Result<String, ExtractError> {
    check(html, url)?;
    finish(html, url)
}

/// The limits on what is extracted or cleaned: size, depth, an http(s) address.
fn check(html: &str, url: &str) -> Result<(), ExtractError> {
    if html.len() > MAX_EXTRACT_BYTES {
        return Err(ExtractError::TooLarge(html.len()));
    }
    let depth = crate::html::measure(html);
    if depth > MAX_EXTRACT_DEPTH {
        return Err(ExtractError::TooComplex(depth));
    }
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(()),
        _ => Err(ExtractError::BadUrl(url.chars().take(200).collect())),
    }
}

/// Clean extracted article HTML; too little text is no article.
fn finish(content: &str, url: &str) -> Result<String, ExtractError> {
    let cleaned = match crate::html::guarded(|| clean::clean_for(content, Some(url))) {
        Some(c) => c,
        None => return Err(ExtractError::Panicked),
    };
    if plain_text(&cleaned).chars().count() < MIN_ARTICLE_CHARS {
        return Err(ExtractError::NoArticle);
    }
    Ok(cleaned)
}

fn readable(html: &str, url: &str) -> Result<String, ExtractError> {
    use dom_smoothie::{Config, Readability, ReadabilityError};
    let cfg = Config {
        keep_classes: true,
        max_elements_to_parse: MAX_EXTRACT_ELEMENTS,
        ..Config::default()
    };
    let map = |e: ReadabilityError| match e {
        ReadabilityError::BadDocumentURL => ExtractError::BadUrl(url.chars().take(200).collect()),
        ReadabilityError::TooManyElements(n, _) => ExtractError::TooComplex(n),
        ReadabilityError::GrabFailed => ExtractError::NoArticle,
    };
    let mut r = Readability::new(html, Some(url), Some(cfg)).map_err(map)?;
    let article = r.parse().map_err(map)?;
    Ok(article.content.to_string())
}

/// [`is_excerpt`] of a stored article (the feed's summary and content; a fetched page does not
/// count).
pub fn article_is_excerpt(a: &crate::store::Article) -> bool {
    is_excerpt(a.summary.as_deref(), a.content.as_deref())
}

/// Should opening this article fetch its page (the feed's mode allows it, the feed gave only an
/// excerpt, and no attempt has been made)?
pub fn wants_full_text(a: &crate::store::Article) -> bool {
    a.may_fetch_full_text() && article_is_excerpt(a)
}

/// True when an item carries only a teaser, not the story: there is no body text at all, or
/// the body (the content, else the summary, after [`clean::clean`]) ends with an ellipsis
/// (`...`, `…`, `[…]`), or its plain text is under [`MIN_BODY_CHARS`], or under
/// [`MIN_STORY_CHARS`] without going clearly beyond the summary.
///
/// A missing content element alone does not make an excerpt when the summary itself is a
/// full story (many RSS 2.0 feeds put the whole body in `<description>`).
pub fn is_excerpt(summary: Option<&str>, content: Option<&str>) -> bool {
    // Cleaning parses the HTML; a long or deeply nested body is judged on its linear plain
    // text instead (this runs on the UI thread when an article is opened).
    let text = |s: Option<&str>| {
        s.map(|s| {
            let fast = plain_text(s);
            if fast.len() > 16 * 1024 || crate::html::depth_exceeds(s, 100) {
                fast
            } else {
                plain_text(&clean::clean(s))
            }
        })
        .filter(|t| !t.is_empty())
    };
    let summary = text(summary);
    let (body, from_content) = match text(content) {
        Some(c) => (c, true),
        None => match &summary {
            Some(s) => (s.clone(), false),
            None => return true,
        },
    };
    if ends_with_ellipsis(&body) {
        return true;
    }
    let n = body.chars().count();
    if n < MIN_BODY_CHARS {
        return true;
    }
    if n >= MIN_STORY_CHARS {
        return false;
    }
    // Short: a story only when the content clearly goes beyond the summary.
    match (from_content, &summary) {
        (true, Some(s)) => n < s.chars().count() + BEYOND_SUMMARY_CHARS,
        _ => true,
    }
}

fn ends_with_ellipsis(text: &str) -> bool {
    let t = text.trim_end();
    if t.ends_with("...") || t.ends_with('…') {
        return true;
    }
    // "[…]" / "[...]" near the end ("… [&#8230;] Read more", "[...] Selengkapnya").
    let tail: String = {
        let chars: Vec<char> = t.chars().collect();
        chars[chars.len().saturating_sub(40)..].iter().collect()
    };
    tail.contains("[…]") || tail.contains("[...]")
}

/// Plain text of an HTML fragment, white space collapsed (the one body-to-text rule).
fn plain_text(html: &str) -> String {
    crate::html::visible::plain_text(html, usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_big_pages_and_bad_urls() {
        let big = "a".repeat(MAX_EXTRACT_BYTES + 1);
        assert!(matches!(
            extract(&big, "https://x.example/"),
            Err(ExtractError::TooLarge(_))
        ));
        assert!(matches!(
            extract("<p>x</p>", "/relative"),
            Err(ExtractError::BadUrl(_))
        ));
        assert!(matches!(
            extract("<p>x</p>", "file:///etc/passwd"),
            Err(ExtractError::BadUrl(_))
        ));
    }

    #[test]
    fn empty_page_is_no_article() {
        assert!(extract("", "https://x.example/a").is_err());
        assert!(
            extract(
                "<html><body><nav>Menu</nav></body></html>",
                "https://x.example/a"
            )
            .is_err()
        );
    }

    #[test]
    fn too_many_elements() {
        let page = format!(
            "<html><body>{}</body></html>",
            "<span>x</span>".repeat(MAX_EXTRACT_ELEMENTS + 10)
        );
        assert!(extract(&page, "https://x.example/a").is_err());
        let t = std::time::Instant::now();
        assert!(extract(&"<a".repeat(2_000_000), "https://x.example/a").is_err());
        assert!(t.elapsed() < std::time::Duration::from_secs(20));
        let deep = "<div>".repeat(100_000);
        assert!(matches!(
            extract(&deep, "https://x.example/a"),
            Err(ExtractError::TooComplex(_))
        ));
    }

    #[test]
    fn excerpt_heuristics() {
        let story =
            "<p>Kalimat berita yang cukup panjang untuk sebuah paragraf penuh.</p>".repeat(12);
        assert!(is_excerpt(None, None));
        assert!(is_excerpt(Some(""), Some("  ")));
        assert!(is_excerpt(Some("Lead singkat ... "), None));
        assert!(is_excerpt(
            None,
            Some(&format!("{story}<p>Bersambung…</p>"))
        ));
        assert!(is_excerpt(Some("Lead [&#8230;]"), None));
        assert!(!is_excerpt(Some("Lead"), Some(&story)));
        // Whole story in the summary (RSS 2.0 description).
        assert!(!is_excerpt(Some(&story), None));
        // Summary-mode WordPress: the excerpt plus Yoast's footer is still an excerpt.
        let yoast = "<p>Harga cabai naik di Pasar Tugu. Pedagang menyebut pasokan berkurang \
                     [&#8230;]</p><p>The post <a href=\"/x\">Harga cabai</a> appeared first on \
                     <a href=\"/\">Lampost.co</a>.</p>";
        assert!(is_excerpt(None, Some(yoast)));
    }
}
