//! The HTML toolkit every layer shares: tokenizer, nesting depth, entities, escaping, text, links, panic guard.
//!
//! A leaf: it uses only `text` and crates. Untrusted markup is measured here
//! ([`depth::depth_exceeds`]) before any tree-building parser sees it.

pub mod decode;
pub mod depth;
pub mod entities;
pub mod escape;
pub mod guard;
pub mod link;
pub mod text;
pub mod tokenize;
pub mod visible;

pub use decode::{decode_lenient, decode_strict};
pub use depth::{depth_exceeds, measure};
pub use escape::escape_html;
pub use guard::{guarded, in_guarded_parse};
pub use link::{resolve_link, strip_tracking};
