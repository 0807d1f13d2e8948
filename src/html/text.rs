//! The one HTML-to-plain-text for one-line fields (titles, names): tags out, entities decoded.

use super::decode::decode_strict;
use super::tokenize::{Token, Tokenizer};

/// Plain text of an HTML fragment for a one-line field: tags removed (block-level ones leave a
/// space), `script`/`style`/`template` contents and comments dropped, entities decoded. White
/// space is not collapsed here; the caller sanitises.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut tok = Tokenizer::new(html);
    while let Some(t) = tok.next() {
        match t {
            Token::Text(s) => out.push_str(s),
            Token::Start { name, .. } => {
                let name = name.to_ascii_lowercase();
                if is_block(&name) {
                    out.push(' ');
                }
                if matches!(name.as_str(), "script" | "style" | "template") {
                    tok.skip_raw(&name);
                }
            }
            Token::End { name } => {
                if is_block(&name.to_ascii_lowercase()) {
                    out.push(' ');
                }
            }
            Token::Ignored => {}
        }
    }
    decode_strict(&out).into_owned()
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "br" | "p"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "hr"
            | "pre"
            | "dd"
            | "dt"
            | "dl"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "figure"
            | "figcaption"
            | "img"
            | "address"
            | "aside"
            | "nav"
            | "main"
            | "caption"
    )
}
