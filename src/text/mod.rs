//! Text helpers shared by every layer: sanitising untrusted strings, showing URLs safely and
//! measuring display width.

pub mod sanitize;
pub mod url;
pub mod width;

pub use sanitize::{safe_link, safe_url, sanitize_line, sanitize_text};
pub use url::{redact_secrets, shown_url};
