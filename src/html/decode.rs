//! The one decoder of HTML character references, strict (feed fields) and lenient (article bodies).
//!
//! Both share the entity table and the windows-1252 mapping of 0x80–0x9F. They differ only
//! where the callers need it: feed text keeps `&copy` without `;` as written (XML feeds are
//! precise), while article bodies follow browsers and accept the legacy forms.

use std::borrow::Cow;

use super::entities;

/// Windows-1252 meanings of the numeric references 0x80–0x9F, as the HTML spec maps them.
const CP1252: [u32; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

/// The character a numeric reference stands for (HTML rules): 0, out-of-range values and
/// surrogates become U+FFFD; 0x80–0x9F map through windows-1252.
pub fn numeric_char(v: Option<u32>) -> char {
    let v = match v {
        Some(v @ 0x80..=0x9F) => CP1252[(v - 0x80) as usize],
        Some(0) | None => 0xFFFD,
        Some(v) => v,
    };
    char::from_u32(v).unwrap_or('\u{FFFD}')
}

/// Decode every reference in `s` with `one`; unknown ones stay as written.
fn decode_with(s: &str, one: fn(&str) -> Option<(char, usize)>) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        match one(rest) {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decode HTML character references strictly: `&name;` (HTML 4 names and `apos`), `&#NNN;` and
/// `&#xHHHH;` (the `;` may be missing before a non-alphanumeric character). Unknown names
/// stay as written; numeric references to nothing valid become U+FFFD.
pub fn decode_strict(s: &str) -> Cow<'_, str> {
    decode_with(s, strict_one)
}

/// Decode character references as browsers do in text: like [`decode_strict`], plus the
/// legacy `&amp`, `&lt`, `&gt`, `&quot`, `&nbsp` without `;` and numeric references running
/// into letters.
pub fn decode_lenient(s: &str) -> Cow<'_, str> {
    decode_with(s, lenient_one)
}

/// The strict reference at the start of `s` (which starts with '&'): the character and the
/// number of bytes used.
pub fn strict_one(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let digits = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let mut end = start + digits;
        match b.get(end) {
            Some(b';') => end += 1,
            Some(c) if c.is_ascii_alphanumeric() => return None,
            _ => {}
        }
        let text = &s[start..start + digits];
        let v = if digits > 8 {
            None
        } else {
            u32::from_str_radix(text, if hex { 16 } else { 10 }).ok()
        };
        return Some((numeric_char(v), end));
    }
    let name_len = b[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || b.get(1 + name_len) != Some(&b';') {
        return None;
    }
    let name = &s[1..1 + name_len];
    Some((entities::lookup(name)?, name_len + 2))
}

/// The lenient reference at the start of `s` (which begins with `&`): the character and the
/// number of bytes consumed.
pub fn lenient_one(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut i = start;
        let mut v: u32 = 0;
        while i < b.len() && i - start < 16 {
            let d = match (hex, b[i]) {
                (_, c @ b'0'..=b'9') => u32::from(c - b'0'),
                (true, c @ b'a'..=b'f') => u32::from(c - b'a' + 10),
                (true, c @ b'A'..=b'F') => u32::from(c - b'A' + 10),
                _ => break,
            };
            v = v
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            i += 1;
        }
        if i == start {
            return None;
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        return Some((numeric_char(Some(v)), i));
    }
    let mut i = 1;
    while i < b.len() && i <= 32 && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = &s[1..i];
    if b.get(i) == Some(&b';')
        && let Some(c) = entities::lookup(name)
    {
        return Some((c, i + 1));
    }
    // Legacy references without `;` for the commonest names.
    for (legacy, c) in [
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("nbsp", '\u{a0}'),
    ] {
        if name.starts_with(legacy) {
            return Some((c, 1 + legacy.len()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_and_lenient_differ_only_on_legacy_forms() {
        assert_eq!(
            decode_strict("a &amp; b &eacute; &#233; &#x80;"),
            "a & b é é €"
        );
        assert_eq!(
            decode_lenient("a &amp; b &eacute; &#233; &#x80;"),
            "a & b é é €"
        );
        assert_eq!(decode_strict("&amp x &copy"), "&amp x &copy");
        assert_eq!(decode_lenient("&amp x"), "& x");
        assert_eq!(decode_strict("&#0; &#xD800;"), "\u{FFFD} \u{FFFD}");
        assert_eq!(decode_strict("&unknown;"), "&unknown;");
        assert_eq!(
            decode_lenient("&amp;&lt;&eacute;&#8212;&#x2026;&#150;&bogus; &amp x"),
            "&<é—…–&bogus; & x"
        );
    }
}
