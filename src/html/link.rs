//! The one link resolver and the one list of tracking query parameters, for item links and body links alike.
//!
//! An item link and the same link inside the article body must lose the same parameters, so
//! there is one list here (the union of what the feed parser and the cleaner each used to
//! strip), plus the few parameters that are tracking on one site only.

use url::Url;

/// Query parameters that only track, on every site. `*` at the end matches a prefix.
#[rustfmt::skip]
const TRACKING: &[&str] = &[
    "utm_*", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "vero_id",
    "oly_anon_id", "oly_enc_id", "xtor", "ref", "ref_src", "ref_url",
];

/// Query parameters that track on one site (and its subdomains) only: `(host, name)`.
const SITE_TRACKING: &[(&str, &str)] = &[("detik.com", "tag_from")];

/// `href` as an absolute http(s) URL: absolute links are checked with
/// [`crate::text::safe_link`]; relative ones are joined to `base` first.
pub fn resolve_link(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if let Some(u) = crate::text::safe_link(href) {
        return Some(u);
    }
    // Only relative references are joined: an absolute URL of another scheme stays rejected.
    if Url::parse(href).is_ok() {
        return None;
    }
    crate::text::safe_url(base?.join(href).ok()?)
}

/// Whether `host` is `suffix` or a subdomain of it.
pub fn host_matches(host: &str, suffix: &str) -> bool {
    host == suffix
        || (host.len() > suffix.len()
            && host.ends_with(suffix)
            && host.as_bytes()[host.len() - suffix.len() - 1] == b'.')
}

/// The lower-case host of an absolute URL, without a trailing dot.
pub fn host_of(url: &str) -> Option<String> {
    let u = Url::parse(url.trim()).ok()?;
    u.host_str()
        .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
}

/// Whether query parameter `name` only tracks (on `host`, when known). Case-insensitive.
pub fn is_tracking_param(name: &str, host: Option<&str>) -> bool {
    let name = name.trim().to_ascii_lowercase();
    if name.is_empty() {
        return false;
    }
    let general = TRACKING.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == *p,
    });
    general
        || host.is_some_and(|h| {
            SITE_TRACKING
                .iter()
                .any(|(site, p)| *p == name && host_matches(h, site))
        })
}

/// The name of one `name=value` query part; `amp;` left over from double escaping
/// (`?a=1&amp;utm_source=x`) is not part of it.
fn part_name(part: &str) -> &str {
    let name = part.split('=').next().unwrap_or("");
    name.strip_prefix("amp;").unwrap_or(name)
}

/// The query without its tracking parameters, or `None` when it has none (then nothing
/// changes, byte for byte). Other parameters keep their order and spelling.
fn strip_query(query: &str, host: Option<&str>) -> Option<String> {
    if !query
        .split('&')
        .any(|p| is_tracking_param(part_name(p), host))
    {
        return None;
    }
    // A part that is only "amp;" or empty carries nothing once its neighbours are gone.
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && *p != "amp;" && !is_tracking_param(part_name(p), host))
        .collect();
    Some(kept.join("&"))
}

/// Whether [`strip_tracking`] might change a URL with this query (the text after `?`, without
/// the fragment) on some host: lets a caller skip parsing the URL at all. Site-only parameters
/// count too, since the host is not known yet.
pub fn query_needs_stripping(query: &str) -> bool {
    query.split('&').any(|p| {
        let name = part_name(p).trim().to_ascii_lowercase();
        is_tracking_param(&name, None) || SITE_TRACKING.iter().any(|(_, s)| *s == name)
    })
}

/// Remove tracking parameters (`utm_*`, `fbclid`, `gclid`, `ref`, … the list `TRACKING`) from
/// `url`'s query, keeping everything else byte for byte (other parameters in order, the
/// fragment). Works on relative URLs too.
pub fn strip_tracking(url: &str) -> String {
    // A query no host's rules touch (or none at all) leaves the URL as it is: no need to
    // parse it for its host (that was a third of resolving an item link).
    let main = url.split('#').next().unwrap_or("");
    if main
        .split_once('?')
        .is_none_or(|(_, q)| !query_needs_stripping(q))
    {
        return url.to_string();
    }
    strip_tracking_on(url, host_of(url).as_deref())
}

/// [`strip_tracking`] judging site rules by `host` (for a relative URL, the page's host).
pub fn strip_tracking_on(url: &str, host: Option<&str>) -> String {
    let (main, frag) = match url.find('#') {
        Some(i) => (&url[..i], Some(&url[i..])),
        None => (url, None),
    };
    let Some(q) = main.find('?') else {
        return url.to_string();
    };
    let Some(query) = strip_query(&main[q + 1..], host) else {
        return url.to_string();
    };
    let mut out = String::with_capacity(url.len());
    out.push_str(&main[..q]);
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    if let Some(f) = frag {
        out.push_str(f);
    }
    out
}

/// [`strip_tracking`] for a parsed URL.
pub fn strip_tracking_url(mut url: Url) -> Url {
    let host = url
        .host_str()
        .map(|h| h.trim_end_matches('.').to_ascii_lowercase());
    let Some(query) = url.query().and_then(|q| strip_query(q, host.as_deref())) else {
        return url;
    };
    url.set_query((!query.is_empty()).then_some(query.as_str()));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_tracking_removes_only_tracking() {
        assert_eq!(
            strip_tracking("https://lampost.example/a/?utm_source=rss&utm_medium=rss"),
            "https://lampost.example/a/"
        );
        assert_eq!(
            strip_tracking("https://x.example/a?id=5&utm_campaign=x&page=2#top"),
            "https://x.example/a?id=5&page=2#top"
        );
        assert_eq!(
            strip_tracking("https://x.example/?fbclid=abc&gclid=1&mc_cid=2&mc_eid=3&_ga=4&ref=tw"),
            "https://x.example/"
        );
        assert_eq!(
            strip_tracking("https://x.example/?UTM_SOURCE=A&q=lampung"),
            "https://x.example/?q=lampung"
        );
        assert_eq!(
            strip_tracking("/berita/1?utm_source=x&amp;utm_medium=y"),
            "/berita/1"
        );
        assert_eq!(
            strip_tracking("https://x.example/?a=1&amp;utm_medium=y"),
            "https://x.example/?a=1"
        );
        // Nothing to strip: byte for byte the same.
        for u in [
            "https://x.example/a?b=1&c=%20#f",
            "https://x.example/?referral=1&reference=2",
            "mailto:a@x.example",
            "",
            "?",
        ] {
            assert_eq!(strip_tracking(u), u);
        }
        // Host rules: detik's tag_from only on detik.
        assert_eq!(
            strip_tracking("https://www.detik.com/sumbagsel/d-1/x?tag_from=wp_nhl_1&single=1"),
            "https://www.detik.com/sumbagsel/d-1/x?single=1"
        );
        assert_eq!(
            strip_tracking("https://other.example/x?tag_from=a"),
            "https://other.example/x?tag_from=a"
        );
        assert!(!host_matches("notdetik.com", "detik.com"));
        assert!(host_matches("detik.com", "detik.com"));
    }

    #[test]
    fn parsed_and_textual_urls_lose_the_same_parameters() {
        for u in [
            "https://x.example/a?ref=tw&_ga=1&xtor=RSS&twclid=2&mkt_tok=3&id=7",
            "https://www.detik.com/x?tag_from=a&id=7",
        ] {
            let parsed = strip_tracking_url(Url::parse(u).unwrap());
            assert_eq!(parsed.as_str(), strip_tracking(u));
            assert!(parsed.as_str().ends_with("?id=7"), "{parsed}");
        }
    }

    #[test]
    fn resolve_link_accepts_http_only() {
        let base = Url::parse("https://x.example/a/b").unwrap();
        assert_eq!(
            resolve_link("../c", Some(&base)).as_deref(),
            Some("https://x.example/c")
        );
        assert_eq!(resolve_link("javascript:alert(1)", Some(&base)), None);
        assert_eq!(resolve_link("/c", None), None);
    }
}
