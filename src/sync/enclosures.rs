//! Enclosures in a sync server's entries (Miniflux `enclosures`, Google Reader `enclosure`),
//! read leniently and cleaned the way feeds' are (`feed::parse::clean_enclosure`).

use serde_json::Value;

use crate::feed::parse::{Enclosure, clean_enclosure};

/// The enclosures in `list` (any JSON; odd members are skipped): the URL under `url`, the
/// media type under `mime`, the size in bytes under `size` (a number or a numeric string).
pub(crate) fn from_json(list: Option<&Value>, url: &str, mime: &str, size: &str) -> Vec<Enclosure> {
    let Some(list) = list.and_then(Value::as_array) else {
        return Vec::new();
    };
    crate::feed::parse::dedupe_enclosures(list.iter().filter_map(|e| {
        let e = e.as_object()?;
        let u = e.get(url)?.as_str()?;
        let length = match e.get(size) {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        clean_enclosure(u, None, e.get(mime).and_then(Value::as_str), length)
    }))
}
