//! The one HTML escaper, for text and double-quoted attribute values written into HTML.
//!
//! XML documents (OPML) use `quick_xml::escape` instead.

use std::borrow::Cow;

/// Escape text for inclusion in HTML (text or a double-quoted attribute value).
pub fn escape_html(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}
