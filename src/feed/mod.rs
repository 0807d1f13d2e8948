//! Feeds: downloading (`fetch`), parsing (`parse`, `dates`), preparing for the store (`ingest`)
//! and background refreshing (`refresh`).

pub mod dates;
pub mod fetch;
pub mod ingest;
pub mod limit;
pub mod parse;
pub mod refresh;
