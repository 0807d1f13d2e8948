//! Which feed an article came from, by URL: a full-text fetch uses that feed's own agent,
//! headers, auth and proxy (`net::per_feed`).

use super::{Result, Store};
use rusqlite::OptionalExtension;

impl Store {
    /// The URL of the feed article `id` belongs to.
    pub fn feed_url_of_article(&self, id: i64) -> Result<Option<String>> {
        self.conn
            .prepare_cached(
                "SELECT f.url FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1",
            )
            .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))
    }
}
