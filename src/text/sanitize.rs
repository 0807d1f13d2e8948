//! The one place untrusted text is made safe: controls, escape sequences, bidi overrides removed.
//!
//! Everything that came from the network (feed fields, HTTP headers, error messages quoting a
//! server) goes through [`sanitize_line`] or [`sanitize_text`] before it reaches the terminal.
//! Whole terminal escape sequences are removed, not just their `ESC` byte, so no residue such as
//! `[2J` or `]0;title` is left behind:
//!
//! * 7-bit: `ESC [ … final` (CSI), `ESC ] … BEL|ESC \|U+009C` (OSC, also unterminated),
//!   `ESC P|X|^|_ … ST` (DCS, SOS, PM, APC), `ESC` + intermediates + final (`ESC c`, `ESC ( B`);
//! * 8-bit: U+009B (CSI), U+009D (OSC), U+0090/U+0098/U+009E/U+009F (DCS/SOS/PM/APC);
//! * every other C0/C1 control and DEL;
//! * bidi embedding/override/isolate controls and marks (U+202A–U+202E, U+2066–U+2069,
//!   U+200E, U+200F, U+061C);
//! * other invisible format characters (Unicode category Cf: zero-width space/joiners, word
//!   joiner, BOM, soft hyphen, tag characters U+E0000–U+E007F, …).

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
const ST8: char = '\u{9c}';

/// Sanitise a single-line field (title, name, author, error): no controls, escapes, bidi or
/// zero-width characters; newlines and line/paragraph separators become one space; trimmed.
pub fn sanitize_line(s: &str) -> String {
    if is_plain_line(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    // `pending_space`: a run of white space was seen since the last visible character.
    let mut pending_space = false;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match classify(c) {
            Class::Keep => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
            Class::Space | Class::Newline | Class::Tab => pending_space = true,
            Class::Drop | Class::DropInLine => {}
            Class::Escape => skip_escape(c, &mut it),
        }
    }
    out
}

/// Sanitise multi-line text (a rendered body): like `sanitize_line` but keeps `\n`; tabs become spaces.
///
/// `\r\n` and lone `\r` become `\n`, as do VT, FF, NEL, U+2028 and U+2029. A tab advances to the
/// next multiple of four columns. Runs of spaces and blank lines are kept (they matter inside
/// `<pre>`); trailing spaces at the end of each line are removed. Zero-width joiners stay (they
/// are needed by emoji sequences and some scripts); bidi controls and tag characters go.
pub fn sanitize_text(s: &str) -> String {
    if is_plain_text(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    // Characters since the last '\n' in `out`, for tab stops.
    let mut col = 0usize;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match classify(c) {
            Class::Keep | Class::DropInLine => {
                out.push(c);
                col += 1;
            }
            Class::Space => {
                out.push(c);
                col += 1;
            }
            Class::Tab => {
                let n = 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            Class::Newline => {
                if c == '\r' && it.peek() == Some(&'\n') {
                    it.next();
                }
                trim_trailing_spaces(&mut out);
                out.push('\n');
                col = 0;
            }
            Class::Drop => {}
            Class::Escape => skip_escape(c, &mut it),
        }
    }
    trim_trailing_spaces(&mut out);
    out
}

/// Returns the normalised URL if `s` parses as an absolute http or https URL, else `None`.
///
/// The decision is made on the *parsed* URL (the url crate lowercases the scheme and removes
/// tabs, newlines and leading/trailing C0 controls and spaces), so ` JaVaScRiPt:` or
/// `java\tscript:` are rejected like `javascript:`. The returned string is percent-encoded by
/// the url crate; anything that would still carry a control or white-space character (or a bidi
/// control) is rejected.
pub fn safe_link(s: &str) -> Option<String> {
    safe_url(url::Url::parse(s.trim()).ok()?)
}

/// [`safe_link`] of a URL already parsed (parsing its text again gives the same URL; skipping
/// that was 2 % of a refresh).
pub fn safe_url(u: url::Url) -> Option<String> {
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    u.host_str().filter(|h| !h.is_empty())?;
    let out = String::from(u);
    if out
        .chars()
        .any(|c| c.is_whitespace() || classify(c) != Class::Keep)
    {
        return None;
    }
    Some(out)
}

/// Like [`sanitize_line`], but when the result is longer than `max_chars` characters it is cut
/// and ends with '…' (the result then has exactly `max_chars` characters).
pub fn sanitize_line_capped(s: &str, max_chars: usize) -> String {
    let clean = sanitize_line(s);
    truncate_chars(clean, max_chars)
}

/// Cut `s` to at most `max_chars` characters, marking a cut with a trailing '…'.
pub fn truncate_chars(s: String, max_chars: usize) -> String {
    if max_chars == 0 {
        return String::new();
    }
    // Fast check: byte length bounds char count from above.
    if s.len() <= max_chars {
        return s;
    }
    match s.char_indices().nth(max_chars) {
        None => s,
        Some(_) => {
            let cut = s
                .char_indices()
                .nth(max_chars - 1)
                .map_or(s.len(), |(i, _)| i);
            let mut t = s[..cut].trim_end().to_string();
            t.push('…');
            t
        }
    }
}

/// True if `c` is something [`sanitize_line`] would remove or replace (control, escape
/// introducer, bidi control, invisible format character or non-space white space).
pub fn is_unsafe_char(c: char) -> bool {
    classify(c) != Class::Keep
}

/// Sanitise text that is *not* meant for direct display but is stored and later rendered as
/// HTML (feed summaries and bodies): controls and escape sequences go, everything else
/// (white space, newlines, markup) is kept exactly, so `<pre>` blocks survive.
pub fn sanitize_markup(s: &str) -> Cow<'_, str> {
    if markup_is_clean(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match classify(c) {
            Class::Keep | Class::Space | Class::DropInLine | Class::Tab => out.push(c),
            Class::Newline => {
                if c == '\r' && it.peek() == Some(&'\n') {
                    it.next();
                }
                out.push('\n');
            }
            Class::Drop => {}
            Class::Escape => skip_escape(c, &mut it),
        }
    }
    Cow::Owned(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Visible character, kept.
    Keep,
    /// White space other than a line break or tab.
    Space,
    /// `\t`.
    Tab,
    /// A line break of some kind (`\n`, `\r`, VT, FF, NEL, U+2028, U+2029).
    Newline,
    /// Removed everywhere (controls, bidi controls, BOM, tag characters, other Cf).
    Drop,
    /// Removed from single-line fields only (zero-width space/joiners, word joiner).
    DropInLine,
    /// Starts an escape sequence that is removed as a whole.
    Escape,
}

fn classify(c: char) -> Class {
    let u = c as u32;
    if u < 0x80 {
        return match c {
            ' ' => Class::Space,
            '\t' => Class::Tab,
            '\n' | '\r' | '\u{0b}' | '\u{0c}' => Class::Newline,
            ESC => Class::Escape,
            '\u{7f}' => Class::Drop,
            _ if u < 0x20 => Class::Drop,
            _ => Class::Keep,
        };
    }
    match u {
        0x85 => Class::Newline,
        0x90 | 0x98 | 0x9b | 0x9d | 0x9e | 0x9f => Class::Escape,
        0x80..=0x9f => Class::Drop,
        0x2028 | 0x2029 => Class::Newline,
        0x200b..=0x200d | 0x2060 => Class::DropInLine,
        _ if is_format_char(u) => Class::Drop,
        _ if c.is_whitespace() => Class::Space,
        _ => Class::Keep,
    }
}

/// Unicode general category Cf (format characters) plus the interlinear annotation and
/// bidi characters, minus the ones handled separately above.
fn is_format_char(u: u32) -> bool {
    matches!(
        u,
        0x00ad
            | 0x0600..=0x0605
            | 0x061c
            | 0x06dd
            | 0x070f
            | 0x0890..=0x0891
            | 0x08e2
            | 0x180e
            | 0x200e..=0x200f
            | 0x202a..=0x202e
            | 0x2061..=0x2064
            | 0x2066..=0x206f
            | 0xfeff
            | 0xfff9..=0xfffb
            | 0x110bd
            | 0x110cd
            | 0x13430..=0x1343f
            | 0x1bca0..=0x1bca3
            | 0x1d173..=0x1d17a
            | 0xe0000..=0xe007f
    )
}

/// Consume the rest of an escape sequence whose introducer `first` was just read.
fn skip_escape(first: char, it: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match first {
        ESC => match it.peek().copied() {
            Some('[') => {
                it.next();
                skip_csi_body(it);
            }
            Some(']') => {
                it.next();
                skip_string(it, true);
            }
            Some('P' | 'X' | '^' | '_') => {
                it.next();
                skip_string(it, false);
            }
            Some(' '..='/') => {
                // nF: intermediates then one final byte (ESC ( B, ESC # 8, ESC SP F …).
                while let Some(&c) = it.peek() {
                    if (' '..='/').contains(&c) {
                        it.next();
                    } else {
                        break;
                    }
                }
                if let Some(&c) = it.peek()
                    && ('0'..='~').contains(&c)
                {
                    it.next();
                }
            }
            Some('0'..='~') => {
                // Fp/Fe/Fs: a single final byte (ESC c, ESC 7, ESC =, ESC M …).
                it.next();
            }
            // A lone ESC (end of string, or followed by something that is not part of a
            // sequence): only the ESC goes.
            _ => {}
        },
        '\u{9b}' => skip_csi_body(it),
        '\u{9d}' => skip_string(it, true),
        // DCS, SOS, PM, APC
        _ => skip_string(it, false),
    }
}

/// CSI parameters (0x30–0x3F) and intermediates (0x20–0x2F), then a final byte (0x40–0x7E).
/// Stops early (consuming nothing more) at anything else, so malformed input cannot swallow
/// the rest of a line.
fn skip_csi_body(it: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = it.peek() {
        match c {
            ' '..='?' => {
                it.next();
            }
            '@'..='~' => {
                it.next();
                return;
            }
            _ => return,
        }
    }
}

/// A control string: runs to ST (`ESC \` or U+009C), or BEL for OSC, or to the end.
fn skip_string(it: &mut std::iter::Peekable<std::str::Chars<'_>>, bel_ends: bool) {
    while let Some(c) = it.next() {
        match c {
            ST8 => return,
            BEL if bel_ends => return,
            ESC => {
                if it.peek() == Some(&'\\') {
                    it.next();
                }
                // Any ESC ends the string (a terminal aborts it too); what follows is text
                // again, or the start of a new sequence handled by the caller's loop.
                return;
            }
            _ => {}
        }
    }
}

fn trim_trailing_spaces(out: &mut String) {
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
}

/// Bytes checked at once by the fast paths (the checks compile to vector instructions).
const BLOCK: usize = 32;

/// Fast path for `sanitize_line`: only visible characters and single inner ASCII spaces.
fn is_plain_line(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    let mut i = 0;
    // Byte by byte through ASCII (most of any feed); characters beyond it are classified.
    while i < b.len() {
        // A run of printable ASCII with single spaces is skipped a block at a time.
        if let Some(block) = b.get(i..i + BLOCK)
            && block
                .iter()
                .fold(true, |ok, &x| ok & (0x20..0x7f).contains(&x))
            && !(prev_space && block[0] == b' ')
            && !block.windows(2).fold(false, |d, w| d | (w == b"  "))
        {
            prev_space = block[BLOCK - 1] == b' ';
            i += BLOCK;
            continue;
        }
        let x = b[i];
        if x < 0x80 {
            if x == b' ' {
                if prev_space {
                    return false;
                }
                prev_space = true;
            } else if x < 0x20 || x == 0x7f {
                return false;
            } else {
                prev_space = false;
            }
            i += 1;
            continue;
        }
        prev_space = false;
        let Some(c) = s[i..].chars().next() else {
            return false;
        };
        if classify(c) != Class::Keep {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// True if [`sanitize_markup`] would leave `s` as it is.
fn markup_is_clean(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Printable ASCII, tabs and newlines are skipped a block at a time.
        if let Some(block) = b.get(i..i + BLOCK)
            && block.iter().fold(true, |ok, &x| {
                ok & ((0x20..0x7f).contains(&x) | (x == b'\n') | (x == b'\t'))
            })
        {
            i += BLOCK;
            continue;
        }
        let x = b[i];
        if x < 0x80 {
            if (x < 0x20 && x != b'\n' && x != b'\t') || x == 0x7f {
                return false;
            }
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            return false;
        };
        if !matches!(classify(c), Class::Keep | Class::Space | Class::DropInLine) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// Fast path for `sanitize_text`: visible characters, ASCII spaces and `\n`, with no space
/// before a newline or at the end.
fn is_plain_text(s: &str) -> bool {
    let mut prev = '\n';
    for c in s.chars() {
        match c {
            ' ' => {}
            '\n' if prev == ' ' => return false,
            '\n' => {}
            _ => {
                let k = classify(c);
                if k != Class::Keep && k != Class::DropInLine {
                    return false;
                }
            }
        }
        prev = c;
    }
    prev != ' '
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_clean_line(s: &str) {
        for c in s.chars() {
            assert!(
                !is_unsafe_char(c) || c == ' ',
                "unsafe char U+{:04X} left in {s:?}",
                c as u32
            );
        }
        assert!(!s.contains("  "), "double space in {s:?}");
        assert_eq!(s, s.trim(), "untrimmed {s:?}");
    }

    #[test]
    fn plain_strings_are_unchanged() {
        for s in [
            "",
            "Halo Lampung",
            "Bandar Lampung — 28 Juli",
            "日本語 テキスト",
            "a b c",
            "🇮🇩 Merdeka",
        ] {
            assert_eq!(sanitize_line(s), s);
        }
        assert_eq!(sanitize_text("line 1\n\nline  2\n"), "line 1\n\nline  2\n");
    }

    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        assert_eq!(sanitize_line("  a \t\n b\r\n\r\nc  "), "a b c");
        assert_eq!(sanitize_line("a\u{2028}b\u{2029}c\u{85}d"), "a b c d");
        assert_eq!(sanitize_line("a\u{a0}\u{a0}b"), "a b");
        assert_eq!(sanitize_line(&"\n".repeat(5000)), "");
        assert_eq!(sanitize_line("x\n\n\ny"), "x y");
    }

    #[test]
    fn c0_c1_and_del_are_removed() {
        assert_eq!(sanitize_line("Safe\u{8}\u{8}\u{8}\u{8}Evil"), "SafeEvil");
        assert_eq!(
            sanitize_line("bell\u{7} del\u{7f} so\u{e}si\u{f}"),
            "bell del sosi"
        );
        assert_eq!(sanitize_line("a\u{80}b\u{8f}c\u{9a}d"), "abcd");
        assert_eq!(sanitize_line("over\rwrite"), "over write");
        assert_eq!(sanitize_line("vt\u{b}ff\u{c}x"), "vt ff x");
    }

    #[test]
    fn csi_sequences_are_removed_whole() {
        assert_eq!(sanitize_line("a\u{1b}[2Jb"), "ab");
        assert_eq!(sanitize_line("\u{1b}[?1049lx\u{1b}[?25l"), "x");
        assert_eq!(sanitize_line("red \u{1b}[31mtext\u{1b}[0m"), "red text");
        assert_eq!(sanitize_line("q\u{1b}[6n\u{1b}[c\u{1b}[21t"), "q");
        assert_eq!(sanitize_line("rep\u{1b}[999999999b!"), "rep!");
        assert_eq!(sanitize_line("sync\u{1b}[?2026h"), "sync");
        assert_eq!(
            sanitize_line("mouse\u{1b}[?1000h\u{1b}[?1006h on"),
            "mouse on"
        );
        // 8-bit CSI
        assert_eq!(sanitize_line("a\u{9b}2Jb"), "ab");
        assert_eq!(sanitize_line("a\u{9b}31mb"), "ab");
        // Malformed CSI stops at the first non-CSI character, keeping it.
        assert_eq!(sanitize_line("a\u{1b}[12é"), "aé");
        assert_eq!(sanitize_line("end\u{1b}["), "end");
    }

    #[test]
    fn osc_and_string_sequences_are_removed_whole() {
        assert_eq!(sanitize_line("t\u{1b}]0;evil title\u{7}x"), "tx");
        assert_eq!(sanitize_line("t\u{1b}]2;evil\u{1b}\\x"), "tx");
        assert_eq!(sanitize_line("t\u{1b}]52;c;Y3VybA==\u{9c}x"), "tx");
        assert_eq!(
            sanitize_line("\u{1b}]8;;https://attacker.invalid/\u{1b}\\bank\u{1b}]8;;\u{1b}\\"),
            "bank"
        );
        // unterminated OSC runs to the end
        assert_eq!(sanitize_line("keep \u{1b}]0;never ends"), "keep");
        // 8-bit OSC, DCS, SOS, PM, APC
        assert_eq!(sanitize_line("a\u{9d}0;title\u{7}b"), "ab");
        assert_eq!(sanitize_line("a\u{9d}0;title\u{9c}b"), "ab");
        assert_eq!(sanitize_line("a\u{90}1$r\u{9c}b"), "ab");
        assert_eq!(sanitize_line("a\u{1b}P1$qm\u{1b}\\b"), "ab");
        assert_eq!(
            sanitize_line("a\u{1b}_apc\u{1b}\\b\u{1b}^pm\u{1b}\\c\u{1b}Xsos\u{1b}\\d"),
            "abcd"
        );
        assert_eq!(
            sanitize_line("a\u{98}sos\u{9c}b\u{9e}pm\u{9c}c\u{9f}apc\u{9c}d"),
            "abcd"
        );
    }

    #[test]
    fn two_char_escapes_are_removed() {
        assert_eq!(sanitize_line("a\u{1b}cb"), "ab");
        assert_eq!(sanitize_line("a\u{1b}(Bb\u{1b})0c"), "abc");
        assert_eq!(sanitize_line("a\u{1b}7b\u{1b}8c\u{1b}=d\u{1b}#8e"), "abcde");
        // lone ESC at the end, or before a non-ASCII character
        assert_eq!(sanitize_line("a\u{1b}"), "a");
        assert_eq!(sanitize_line("a\u{1b}é"), "aé");
    }

    #[test]
    fn bidi_and_invisible_characters_are_removed() {
        assert_eq!(sanitize_line("Invoice \u{202e}fdp.exe"), "Invoice fdp.exe");
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
        ] {
            assert_eq!(sanitize_line(&format!("a{c}b")), "ab", "U+{:04X}", c as u32);
            assert_eq!(sanitize_text(&format!("a{c}b")), "ab", "U+{:04X}", c as u32);
        }
        for c in [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{e0001}',
            '\u{e0041}',
            '\u{e007f}',
            '\u{ad}',
            '\u{2064}',
        ] {
            assert_eq!(sanitize_line(&format!("a{c}b")), "ab", "U+{:04X}", c as u32);
        }
        // Legitimate RTL text stays readable.
        assert_eq!(sanitize_line("שלום עולם"), "שלום עולם");
        assert_eq!(sanitize_line("مرحبا بالعالم"), "مرحبا بالعالم");
    }

    #[test]
    fn text_keeps_newlines_and_expands_tabs() {
        assert_eq!(sanitize_text("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(sanitize_text("\tx"), "    x");
        assert_eq!(sanitize_text("ab\tx"), "ab  x");
        assert_eq!(sanitize_text("abcd\tx\n\ty"), "abcd    x\n    y");
        assert_eq!(sanitize_text("trailing   \nspaces  "), "trailing\nspaces");
        assert_eq!(sanitize_text("keep  two  spaces"), "keep  two  spaces");
        assert_eq!(sanitize_text("p\u{2028}q\u{85}r"), "p\nq\nr");
        assert_eq!(
            sanitize_text("red \u{1b}[31mtext\u{1b}[0m\n\u{1b}]0;t\u{7}ok"),
            "red text\nok"
        );
        assert_eq!(sanitize_text("\u{1b}[2J\u{1b}[H"), "");
        // zero-width joiners are fine in bodies (emoji, Persian)
        assert_eq!(sanitize_text("👨\u{200d}👩"), "👨\u{200d}👩");
        assert_eq!(sanitize_text("a\u{e0041}b\u{feff}"), "ab");
    }

    #[test]
    fn markup_keeps_whitespace() {
        assert_eq!(
            sanitize_markup("<pre>a\n\tb  </pre>"),
            "<pre>a\n\tb  </pre>"
        );
        assert!(matches!(sanitize_markup("<p>x</p>"), Cow::Borrowed(_)));
        assert_eq!(sanitize_markup("<p>\u{1b}[31mx\u{7}\r\n</p>"), "<p>x\n</p>");
        assert_eq!(sanitize_markup("a\u{202e}b\u{9d}8;;x\u{9c}c"), "abc");
    }

    #[test]
    fn capped_lines() {
        assert_eq!(sanitize_line_capped("abcdef", 10), "abcdef");
        assert_eq!(sanitize_line_capped("abcdef", 4), "abc…");
        assert_eq!(sanitize_line_capped("日本語テキスト", 3).chars().count(), 3);
        assert_eq!(truncate_chars("ab".into(), 0), "");
        assert_eq!(truncate_chars("abc".into(), 3), "abc");
    }

    /// A parsed URL gives the same answer without its text being parsed again.
    #[test]
    fn safe_url_agrees_with_safe_link() {
        for s in [
            "HTTP://Example.COM",
            "https://example.com/a b",
            "http://example.com:80/x",
            "https://user:pw@example.com:8443/a/../b/./c?q=1&r=%7e#frag",
            "https://lampung.example/berita/2026/11/28/judul-berita/?amp=1",
            "https://例え.jp/パス?ク=1",
            "https://example.com/\u{202e}evil",
            "https://example.com/a\tb\nc",
            "ftp://example.com/",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "http://[::1]:8080/",
        ] {
            let u = url::Url::parse(s).unwrap();
            assert_eq!(safe_url(u), safe_link(s), "{s:?}");
        }
    }

    #[test]
    fn safe_link_accepts_only_http() {
        assert_eq!(
            safe_link(" https://example.com/a b "),
            Some("https://example.com/a%20b".into())
        );
        assert_eq!(
            safe_link("HTTP://Example.COM"),
            Some("http://example.com/".into())
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "file://host/share",
            "smb://host/share",
            "\\\\host\\share",
            "ssh://host",
            "ms-msdt:/id",
            "x-man-page://ls",
            "vscode://file/x",
            "about:blank",
            "mailto:a@example.com",
            "",
            "http://[::1",
            "/relative/path",
            "-oProxyCommand=touch /tmp/pwned",
            "http://",
        ] {
            assert_eq!(safe_link(bad), None, "{bad:?}");
        }
        // Controls are stripped or percent-encoded by the url crate, never kept raw.
        let l = safe_link("https://example.com/\u{1b}]8;;x\u{7}\r\ny\u{202e}").unwrap();
        assert!(
            l.chars().all(|c| !is_unsafe_char(c) && !c.is_whitespace()),
            "{l:?}"
        );
    }

    #[test]
    fn hostile_corpus_strings_come_out_clean() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");
        for name in [
            "term-ansi-raw.rss",
            "term-osc.atom",
            "term-c0-c1.rss",
            "text-bidi.rss",
        ] {
            let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            for line in text.lines() {
                let clean = sanitize_line(line);
                assert_clean_line(&clean);
                assert!(!clean.contains('\u{1b}') && !clean.contains('\u{9b}'));
            }
            let body = sanitize_text(&text);
            for c in body.chars() {
                assert!(
                    c.is_whitespace()
                        || !is_unsafe_char(c)
                        || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}')
                );
            }
            // No CSI/OSC residue like "[2J" or "]0;" is left behind by a half-removed sequence.
            let all = sanitize_line(&text);
            assert!(
                !all.contains("[2J") && !all.contains("]0;") && !all.contains("]52;"),
                "{name}"
            );
        }
    }

    #[test]
    fn sanitize_is_idempotent() {
        let samples = [
            "a\u{1b}[2Jb \u{1b}]0;x\u{7} c\t\td\r\n e\u{202e}f\u{200b}g",
            "\u{9b}31m\u{9d}0;t\u{9c}x  y  ",
            "  \u{3000}wide\u{3000}space ",
        ];
        for s in samples {
            let once = sanitize_line(s);
            assert_eq!(sanitize_line(&once), once);
            let t = sanitize_text(s);
            assert_eq!(sanitize_text(&t), t);
        }
    }
}
