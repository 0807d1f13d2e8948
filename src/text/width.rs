//! Display-width helpers: truncate and pad by terminal columns, not bytes or chars.

use unicode_width::UnicodeWidthChar;

/// Display columns of `c` when followed by `next`: a character followed by the emoji
/// presentation selector U+FE0F counts as two, as terminals draw it. The one width rule of
/// kabar: lists, the article pane and the renderer all measure with it.
pub fn char_width(c: char, next: Option<char>) -> usize {
    let w = c.width().unwrap_or(0);
    if next == Some('\u{fe0f}') && w == 1 {
        2
    } else {
        w
    }
}

/// Display width of `s` in terminal columns (see [`char_width`]).
pub fn width(s: &str) -> usize {
    let mut it = s.chars().peekable();
    let mut w = 0;
    while let Some(c) = it.next() {
        w += char_width(c, it.peek().copied());
    }
    w
}

/// Truncate `s` to at most `max` columns, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        let cw = char_width(c, it.peek().copied());
        if w + cw > max - 1 {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// Truncate or pad `s` with spaces to exactly `cols` columns.
pub fn fit(s: &str, cols: usize) -> String {
    let mut t = truncate(s, cols);
    let w = width(&t);
    t.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    t
}

/// Word-wrap `s` to lines of at most `cols` display columns; words longer than a line are
/// broken. Whitespace runs collapse to one space.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    for word in s.split_whitespace() {
        let ww = width(word);
        if cur_w > 0 && cur_w + 1 + ww <= cols {
            cur.push(' ');
            cur.push_str(word);
            cur_w += 1 + ww;
            continue;
        }
        if cur_w > 0 {
            lines.push(std::mem::take(&mut cur));
            cur_w = 0;
        }
        if ww <= cols {
            cur.push_str(word);
            cur_w = ww;
            continue;
        }
        let mut it = word.chars().peekable();
        while let Some(c) = it.next() {
            let cw = char_width(c, it.peek().copied());
            if cur_w + cw > cols {
                lines.push(std::mem::take(&mut cur));
                cur_w = 0;
            }
            cur.push(c);
            cur_w += cw;
        }
    }
    if cur_w > 0 || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_with_presentation_selector_is_two_columns() {
        // The renderer and the lists measure with this one rule.
        assert_eq!(width("\u{2764}\u{fe0f}"), 2);
        assert_eq!(
            truncate("\u{2764}\u{fe0f}\u{2764}\u{fe0f}x", 3),
            "\u{2764}\u{fe0f}…"
        );
    }

    #[test]
    fn wide_chars_count_double() {
        assert_eq!(width("日本"), 4);
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(fit("ab", 4), "ab  ");
    }

    #[test]
    fn wrap_respects_width() {
        let lines = wrap(
            "Pemprov Lampung menggelar rapat koordinasi 😀 日本語日本語日本語",
            10,
        );
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert_eq!(wrap("", 10), vec![String::new()]);
    }
}
