//! Boilerplate removal for Indonesian news bodies: HTML in, HTML out, run before rendering.
//!
//! Feed bodies and extracted pages from Lampung outlets carry clutter around the story: inline
//! "Baca juga:" links, ad labels, "Ikuti berita … di Google News", Yoast's "The post … appeared
//! first on …", WordPress comment-form tails, share-button rows, Tribun's "Artikel ini telah
//! tayang di …", Cloudflare's `[email protected]`, empty `<p>&nbsp;</p>` spacers, captions shown
//! twice and `utm_*` parameters on every link. [`clean`] removes them and keeps every sentence of
//! the story.
//!
//! **Conservative by design.** A cleaner that eats a news paragraph is worse than one that leaves
//! an ad line, so:
//! * a text rule only drops a *whole* block (or a whole `<br>`-separated line of one) whose text
//!   matches, never part of a sentence, and most text rules carry a length cap (a 600-character
//!   paragraph that happens to start with "Bagikan" is a story paragraph, not a share row);
//! * text rules look at *lines*: the inline content of a block between `<br>`s and nested
//!   blocks. Only a matching line goes, and a whole element goes only when it is a leaf block
//!   (no block inside) all of whose lines match, so a wrapper `<div>` that starts with a
//!   "Baca juga" line is never dropped with the story under it;
//! * a class rule (`jeg_ad`, `ads`, `related`, …) never drops an element holding story-sized
//!   text ([`CLASS_DROP_MAX_CHARS`], or any paragraph of [`CLASS_DROP_MAX_PARAGRAPH`] chars);
//! * words such as "baca", "berita" or "iklan" inside a sentence never trigger anything, and a
//!   one-word list item ("Iklan", "Facebook") goes only when it is a link;
//! * the one rule that removes part of a paragraph is the inline "see also": a
//!   `<span>`/`<strong>` "Baca juga: <a>…</a>" (or a bare "Baca juga:" label and the link right
//!   after it) goes only when everything after the label is link text.
//!
//! **Rules** live in one table, [`RULES`]: drop elements by tag, by class/id, drop lines by
//! text, keep lines as credits, remove inline text, strip tracking parameters. A rule may name
//! the host suffix it applies to (`Some("detik.com")`, used by [`clean_for`] with the page URL),
//! or `None` for every site. Add a site's clutter there, with a corpus case in `tests/corpus/`.
//!
//! Besides the table, a few fixed steps run:
//! * credit lines (`Editor:`, `Pewarta:`, `Penulis:`, `Reporter:` …) are kept as one muted
//!   line: consecutive credits are joined with ` · ` into `<p class="kabar-credit"><small>…
//!   </small></p>` (a renderer may style the class; without styling it reads as a short line);
//! * a photo caption is shown once: a paragraph repeating a `<figcaption>` (or `wp-caption-text`)
//!   is dropped, and an `<img alt>` whose text is already visible in the body loses its alt, so
//!   the renderer shows `[gambar]` rather than the caption a second time;
//! * Cloudflare-obfuscated addresses (`data-cfemail`) are decoded back to the address;
//! * U+00A0 becomes a plain space (so no `&nbsp;` comes out), and entities (`&#038;`, curly
//!   quotes `&#8220;`/`&#8221;`, …) come out as the characters;
//! * comments and elements left empty by the cleaning (`<p>&nbsp;</p>`, `<p><br></p>`) go.
//!
//! Parsing is html5ever's (through `dom_query`, which `dom_smoothie` uses too), so broken
//! markup is repaired the way a browser would. Inputs over [`MAX_CLEAN_BYTES`], or nested
//! deeper than [`MAX_CLEAN_DEPTH`], are returned unchanged (the renderer has its own linear fallback), and a panic inside the parser or the
//! cleaning is caught: the input then comes back unchanged.

use std::collections::{HashMap, HashSet};

use dom_query::{Document, NodeData, NodeId, NodeRef};

mod matching;
mod passes;
mod rules;
#[cfg(test)]
mod tests;
mod tree;

use matching::*;
use passes::*;
pub use rules::*;
use tree::*;

/// Inputs larger than this are returned unchanged.
pub const MAX_CLEAN_BYTES: usize = 2 * 1024 * 1024;
/// Inputs with more tags than this are returned unchanged.
const MAX_CLEAN_TAGS: usize = 100_000;
/// Inputs nested deeper than this (measured by [`crate::html::depth`]) are returned unchanged:
/// html5ever's tree builder is quadratic in the nesting depth.
pub const MAX_CLEAN_DEPTH: usize = 512;
/// A class rule never drops an element with more non-space characters than this.
pub const CLASS_DROP_MAX_CHARS: usize = 1200;
/// A class rule never drops an element holding a `<p>` with this many non-space characters.
pub const CLASS_DROP_MAX_PARAGRAPH: usize = 200;
/// Captions shorter than this (normalised) are not deduplicated against paragraphs.
const MIN_CAPTION_CHARS: usize = 15;
/// The class given to credit lines.
pub const CREDIT_CLASS: &str = "kabar-credit";

/// Elements whose lines the line rules look at (besides the fragment's top level).
#[rustfmt::skip]
const LINE_BLOCKS: &[&str] = &[
    "p", "div", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
    "article", "aside", "header", "footer", "figcaption", "address", "center", "nav", "main",
];
/// Block-level elements (a block containing one of these is not a leaf).
#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "p", "div", "li", "dd", "dt", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "aside", "header", "footer", "figcaption", "figure", "address", "center",
    "nav", "main", "ul", "ol", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "pre", "hr",
];
/// Inline elements checked for embedded "Baca juga" links inside a kept paragraph.
const INLINE: &[&str] = &[
    "span", "strong", "b", "em", "i", "small", "font", "u", "mark", "a",
];
/// Elements removed when they hold no text and no media.
#[rustfmt::skip]
const EMPTYABLE: &[&str] = &[
    "p", "div", "span", "section", "article", "aside", "header", "footer", "figure", "figcaption",
    "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "strong", "b", "em", "i", "u", "small",
    "font", "center", "table", "tbody", "thead", "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "a",
    "nav", "main", "mark",
];
/// Elements that count as content even without text.
const MEDIA: &[&str] = &[
    "img", "picture", "video", "audio", "source", "hr", "canvas", "math", "track",
];

/// Clean an article body with the rules that apply to every site.
pub fn clean(html: &str) -> String {
    clean_for(html, None)
}

/// Clean an article body with the rules for every site plus those for `page_url`'s host
/// (the article's URL; relative links are also judged against it).
pub fn clean_for(html: &str, page_url: Option<&str>) -> String {
    if html.len() > MAX_CLEAN_BYTES
        || html.bytes().filter(|&b| b == b'<').count() > MAX_CLEAN_TAGS
        || crate::html::depth_exceeds(html, MAX_CLEAN_DEPTH)
    {
        return html.to_string();
    }
    let host = page_url.and_then(crate::html::link::host_of);
    match crate::html::guarded(|| clean_inner(html, host.as_deref())) {
        Some(out) => out,
        None => {
            tracing::warn!("article cleaning panicked; the body is shown uncleaned");
            html.to_string()
        }
    }
}

/// The rules that apply on `host` (the host-less ones always).
fn rules_for(host: Option<&str>) -> impl Iterator<Item = &'static Rule> + '_ {
    RULES.iter().filter(move |r| match (r.host, host) {
        (None, _) => true,
        (Some(s), Some(h)) => crate::html::link::host_matches(h, s),
        (Some(_), None) => false,
    })
}
