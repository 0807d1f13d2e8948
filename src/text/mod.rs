//! Text helpers shared by every layer: sanitising untrusted strings and measuring display width.

pub mod sanitize;
pub mod width;

pub use sanitize::{safe_link, safe_url, sanitize_line, sanitize_text};
