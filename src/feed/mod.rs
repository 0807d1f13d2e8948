//! Feeds: downloading (`fetch`), parsing (`parse`, `dates`) and background refreshing (`refresh`).

pub mod dates;
pub mod fetch;
pub mod limit;
pub mod parse;
pub mod refresh;
