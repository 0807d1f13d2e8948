//! URLs fit to show or log: credentials stripped, secret query values redacted, text sanitised.

use super::sanitize::sanitize_line;
use std::borrow::Cow;

/// `url` as kabar shows it (feed list, refresh lines, cron mail, export notes): any
/// `user:pass@` removed and control, bidi and escape characters dropped. A URL hand-edited
/// into config.toml is untrusted text like any other.
pub fn shown_url(url: &str) -> String {
    sanitize_line(&strip_credentials(url))
}

/// `url` without its `user:pass@` part (unchanged when it has none or does not parse).
pub fn strip_credentials(url: &str) -> Cow<'_, str> {
    match ::url::Url::parse(url.trim()) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            Cow::Owned(u.to_string())
        }
        Ok(_) => Cow::Borrowed(url),
        // Not a URL the parser takes: cut a `user:pass@` by hand so it cannot leak either.
        Err(_) => Cow::Owned(redact_userinfo(url)),
    }
}

/// The longest link copied to the clipboard (OSC 52 sends it through the terminal, base64
/// encoded; terminals and tmux drop or truncate long payloads, and no real link is this long).
pub const MAX_COPY_BYTES: usize = 8 * 1024;

/// Query parameter names whose values are secrets (compared without case, `-` as `_`).
const SECRET_NAMES: &[&str] = &[
    "token",
    "key",
    "sig",
    "signature",
    "password",
    "passwd",
    "pwd",
    "pass",
    "secret",
    "auth",
    "apikey",
    "api_key",
    "access_token",
    "auth_token",
    "session",
    "sessionid",
    "sid",
    "code",
];

fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace('-', "_");
    SECRET_NAMES.contains(&n.as_str())
        || n.ends_with("_token")
        || n.ends_with("_key")
        || n.ends_with("_secret")
        || n.ends_with("password")
}

/// `text` (a log line) with every secret in a URL it holds replaced by `***`: the password of
/// `user:pass@host`, and the value of a query parameter named like a secret (`token=`, `key=`,
/// `sig=`, `password=`, `api_key=`, ...). The log is kept for bug reports; secrets stay out.
pub fn redact_secrets(text: &str) -> Cow<'_, str> {
    let needs = text.contains('=') || text.contains("://");
    if !needs {
        return Cow::Borrowed(text);
    }
    let text = redact_userinfo(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    // A parameter starts after `?`, `&` or `;` and its name runs to `=`.
    while let Some(i) = rest.find(['?', '&', ';']) {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        let name_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_end);
        if !name.is_empty() && after.starts_with('=') && is_secret_name(name) {
            out.push_str(name);
            out.push_str("=***");
            let value_end = after[1..]
                .find(|c: char| c == '&' || c == ';' || c == '#' || c.is_whitespace() || c == '"')
                .map_or(after.len(), |e| e + 1);
            rest = &after[value_end..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Every `scheme://user:pass@` in `text` with the user info cut (`scheme://***@`).
fn redact_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        out.push_str(&rest[..i + 3]);
        rest = &rest[i + 3..];
        let authority_end = rest
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@') {
            out.push_str("***@");
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_not_shown() {
        assert_eq!(
            shown_url("https://user:pa55@example.com/feed?x=1"),
            "https://example.com/feed?x=1"
        );
        assert_eq!(
            shown_url("https://example.com/feed"),
            "https://example.com/feed"
        );
        assert_eq!(shown_url("not a url user:pw@x"), "not a url user:pw@x");
        assert_eq!(shown_url("ftp//u:p@host/x"), "ftp//u:p@host/x");
    }

    #[test]
    fn control_and_bidi_characters_are_dropped() {
        let shown = shown_url("https://example.com/\u{1b}[2J\u{9b}31m\u{202e}feed");
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{9b}'));
        assert!(!shown.contains('\u{202e}'));
    }

    #[test]
    fn secrets_are_redacted_in_log_text() {
        let line = "GET https://bob:hunter2@ex.com/f?token=abc&page=2&api_key=K1;sig=zz#t done";
        let r = redact_secrets(line);
        assert_eq!(
            r,
            "GET https://***@ex.com/f?token=***&page=2&api_key=***;sig=***#t done"
        );
        assert_eq!(redact_secrets("no secrets here"), "no secrets here");
        assert_eq!(
            redact_secrets("https://x.id/?Key=1&keyboard=2&password=p w"),
            "https://x.id/?Key=***&keyboard=2&password=*** w"
        );
    }
}
