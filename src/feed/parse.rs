//! Parsing feed bytes (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into owned, sanitised items, leniently.

/// One parsed feed, every string already sanitised (see `text::sanitize`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    /// The feed's own title, single line.
    pub title: Option<String>,
    /// The site's home page link (http/https only), if any.
    pub site_link: Option<String>,
    pub items: Vec<ParsedItem>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedItem {
    /// Stable identity: trimmed guid, else canonical link, else hash of title+date+body.
    pub key: String,
    /// Single line; a placeholder ("(tanpa judul)") when the item has none.
    pub title: String,
    /// Absolute http(s) link, resolved against xml:base / the feed URL.
    pub link: Option<String>,
    pub author: Option<String>,
    /// Published (else updated) instant, Unix seconds UTC. Naive dates are read as WIB (+07:00).
    pub published: Option<i64>,
    /// HTML (or text) summary / description.
    pub summary: Option<String>,
    /// HTML full content (content:encoded / atom content), if any.
    pub content: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ParseError {
    #[error("respons kosong (empty response)")]
    Empty,
    #[error("ini halaman HTML, bukan feed (an HTML page, not a feed)")]
    Html,
    #[error("feed tidak dapat dibaca: {0}")]
    Invalid(String),
}

/// Parse `bytes` fetched from `url`.
pub fn parse(bytes: &[u8], url: &str) -> Result<ParsedFeed, ParseError> {
    let _ = (bytes, url);
    Err(ParseError::Invalid("not yet implemented".into()))
}
