//! A typed command line split into words, without a shell: `'…'` and `"…"` quote, a backslash
//! escapes; `$`, `*`, `;`, `|`, `>` and the rest are plain characters.

/// Why a command line cannot be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WordsError {
    /// A quote (`'` or `"`) opened at character `at` (0-based) is never closed.
    #[error("the quote {quote} at {at} is not closed")]
    UnclosedQuote { quote: char, at: usize },
    /// The line ends with a backslash that escapes nothing.
    #[error("the line ends with a lone backslash")]
    TrailingBackslash,
}

/// The words of `line`. Outside quotes white space separates words and `\x` is `x`; inside
/// `'…'` everything is literal; inside `"…"` only `\"` and `\\` are escapes. `''` is an empty
/// word. Nothing else has a meaning: no globbing, no `$` expansion, no `;`, `|` or `>`.
pub fn split(line: &str) -> Result<Vec<String>, WordsError> {
    let mut words = Vec::new();
    let mut word = String::new();
    // A word has started (so `''` gives an empty word, and spaces alone give none).
    let mut started = false;
    let mut chars = line.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            '\\' => match chars.next() {
                Some((_, next)) => {
                    word.push(next);
                    started = true;
                }
                None => return Err(WordsError::TrailingBackslash),
            },
            '\'' => {
                started = true;
                loop {
                    match chars.next() {
                        Some((_, '\'')) => break,
                        Some((_, ch)) => word.push(ch),
                        None => return Err(WordsError::UnclosedQuote { quote: c, at: i }),
                    }
                }
            }
            '"' => {
                started = true;
                loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.peek() {
                            Some((_, e @ ('"' | '\\'))) => {
                                word.push(*e);
                                chars.next();
                            }
                            _ => word.push('\\'),
                        },
                        Some((_, ch)) => word.push(ch),
                        None => return Err(WordsError::UnclosedQuote { quote: c, at: i }),
                    }
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Vec<String> {
        split(line).unwrap_or_else(|e| panic!("{line:?}: {e}"))
    }

    #[test]
    fn plain_words_and_white_space() {
        assert_eq!(ok("less -R"), vec!["less", "-R"]);
        assert_eq!(ok("  tee\t /tmp/x  "), vec!["tee", "/tmp/x"]);
        assert!(ok("   ").is_empty());
        assert!(ok("").is_empty());
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(ok("grep 'a b' c"), vec!["grep", "a b", "c"]);
        assert_eq!(ok(r#"grep "a \"b\" \\ \n""#), vec!["grep", r#"a "b" \ \n"#]);
        assert_eq!(ok(r"a\ b c\'d"), vec!["a b", "c'd"]);
        assert_eq!(ok("x'y'\"z\" ''"), vec!["xyz", ""]);
        assert_eq!(ok(r#"'it''s' "\$HOME""#), vec!["its", r"\$HOME"]);
    }

    #[test]
    fn shell_characters_are_plain() {
        assert_eq!(
            ok("echo $(id) `id` ; rm * | cat > f && x"),
            vec![
                "echo", "$(id)", "`id`", ";", "rm", "*", "|", "cat", ">", "f", "&&", "x"
            ]
        );
        assert_eq!(ok("a;b|c>d"), vec!["a;b|c>d"]);
        assert_eq!(ok("~/bin/x $HOME"), vec!["~/bin/x", "$HOME"]);
    }

    #[test]
    fn errors() {
        assert_eq!(
            split("grep 'abc"),
            Err(WordsError::UnclosedQuote { quote: '\'', at: 5 })
        );
        assert_eq!(
            split("a \"b 'c'"),
            Err(WordsError::UnclosedQuote { quote: '"', at: 2 })
        );
        assert_eq!(split("less \\"), Err(WordsError::TrailingBackslash));
    }
}
