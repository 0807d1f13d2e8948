//! Feeds: parsing (`parse`, `dates`), preparing for the store (`ingest`)
//! and background refreshing (`refresh`); downloading is in `net`.

pub mod dates;
pub mod ingest;
pub mod parse;
pub mod refresh;
