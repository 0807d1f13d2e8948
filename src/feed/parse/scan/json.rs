//! The JSON Feed check: where feed-rs and the lenient JSON reader would differ.

use super::*;

/// Check a JSON Feed. feed-rs and the lenient JSON reader agree except on `content_text`
/// (feed-rs moves it into the summary or the content), on the site link when
/// `home_page_url` is missing (feed-rs lists `feed_url` as a link) and on authors (feed-rs
/// skips nameless ones and items inherit the feed's list). Those parts are read here
/// (everything else is skipped, not kept) and compared; any difference declines the document.
/// This is a second pass over the JSON text; JSON Feeds are rare among the feeds kabar reads
/// (WordPress serves RSS and Atom), and serde skips what it does not keep quickly.
pub(in crate::feed::parse) fn scan_json(doc: &str) -> Result<Scan, &'static str> {
    use serde::Deserialize;
    use serde::de::IgnoredAny;
    use serde_json::Value;

    #[derive(Deserialize)]
    struct Top {
        home_page_url: Option<Value>,
        feed_url: Option<IgnoredAny>,
        author: Option<Value>,
        authors: Option<Value>,
        #[serde(default)]
        items: Vec<Item>,
    }
    #[derive(Deserialize)]
    struct Item {
        content_text: Option<IgnoredAny>,
        author: Option<Value>,
        authors: Option<Value>,
    }

    let top: Top = serde_json::from_str(doc).map_err(|_| "JSON not in feed-rs's shape")?;
    match &top.home_page_url {
        Some(Value::String(_)) => {}
        _ if top.feed_url.is_some() => return Err("JSON feed_url without home_page_url"),
        None | Some(Value::Null) => {}
        Some(_) => return Err("JSON home_page_url not a string"),
    }
    let feed_lenient = super::super::json::author(top.authors.as_ref(), top.author.as_ref());
    let feed_strict = feedrs_json_authors(top.author.as_ref(), top.authors.as_ref())?;
    for it in &top.items {
        if it.content_text.is_some() {
            return Err("JSON content_text");
        }
        let lenient = super::super::json::author(it.authors.as_ref(), it.author.as_ref())
            .or_else(|| feed_lenient.clone());
        let mut strict = feedrs_json_authors(it.author.as_ref(), it.authors.as_ref())?;
        if strict.is_empty() {
            strict.clone_from(&feed_strict);
        }
        let strict = strict.into_iter().next();
        let norm = |a: Option<String>| a.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if norm(lenient) != norm(strict) {
            return Err("JSON authors read differently");
        }
    }
    Ok(Scan {
        format: Format::Json,
        items: Some(top.items.len()),
        permalinks: Vec::new(),
        root_base: None,
        root_base_attr: None,
        item_dates: 0,
    })
}

/// feed-rs 2.4's author list for a JSON Feed object (`accumulate_author`): `author`, then
/// `authors`, nameless ones skipped, repeated names once.
fn feedrs_json_authors(
    author: Option<&serde_json::Value>,
    authors: Option<&serde_json::Value>,
) -> Result<Vec<String>, &'static str> {
    use serde_json::Value;
    let mut out: Vec<String> = Vec::new();
    let mut add = |v: &Value| -> Result<(), &'static str> {
        let Value::Object(o) = v else {
            return Err("JSON author not an object");
        };
        match o.get("name") {
            None | Some(Value::Null) => {}
            Some(Value::String(n)) => {
                if !out.iter().any(|a| a == n) {
                    out.push(n.clone());
                }
            }
            Some(_) => return Err("JSON author name not a string"),
        }
        Ok(())
    };
    match author {
        None | Some(Value::Null) => {}
        Some(v) => add(v)?,
    }
    match authors {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for v in a {
                add(v)?;
            }
        }
        Some(_) => return Err("JSON authors not a list"),
    }
    Ok(out)
}
