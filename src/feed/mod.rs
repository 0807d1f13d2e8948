//! Feeds: parsing (`parse`, `dates`) and background refreshing (`refresh`); downloading is in `net`.

pub mod dates;
pub mod parse;
pub mod refresh;
