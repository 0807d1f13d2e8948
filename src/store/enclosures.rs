//! Enclosures (podcast audio, video, images) of articles: written with their article in the
//! refresh (or sync) transaction, read for the reader, `kabar show` and `kabar list --json`.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::{Result, Store};

/// One enclosure as the store takes and gives it (already cleaned by `feed::parse`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enclosure {
    /// Absolute http(s) URL.
    pub url: String,
    /// Media type (`audio/mpeg`) or a Media RSS medium word, if known.
    pub mime: Option<String>,
    /// Size in bytes, if known.
    pub length: Option<u64>,
}

/// Store `list` as the enclosures of `article_id`, in order. A new article (`fresh`) has none
/// yet; an existing one's are replaced only when they differ, so an unchanged podcast feed
/// costs one read per item, not a rewrite.
pub(super) fn put(
    conn: &Connection,
    article_id: i64,
    list: &[Enclosure],
    fresh: bool,
) -> rusqlite::Result<()> {
    if !fresh {
        if read(conn, article_id)? == list {
            return Ok(());
        }
        conn.prepare_cached("DELETE FROM enclosures WHERE article_id = ?1")?
            .execute([article_id])?;
    }
    let mut ins = conn.prepare_cached(
        "INSERT INTO enclosures(article_id, position, url, mime, length) VALUES(?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, e) in list.iter().enumerate() {
        let length = e.length.and_then(|n| i64::try_from(n).ok());
        ins.execute(params![article_id, i as i64, e.url, e.mime, length])?;
    }
    Ok(())
}

pub(super) fn read(conn: &Connection, article_id: i64) -> rusqlite::Result<Vec<Enclosure>> {
    let mut st = conn.prepare_cached(
        "SELECT url, mime, length FROM enclosures WHERE article_id = ?1 ORDER BY position",
    )?;
    st.query_map([article_id], row)?.collect()
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Enclosure> {
    Ok(Enclosure {
        url: r.get(0)?,
        mime: r.get(1)?,
        length: r
            .get::<_, Option<i64>>(2)?
            .and_then(|n| u64::try_from(n).ok()),
    })
}

impl Store {
    /// The enclosures of one article, in the feed's order.
    pub fn enclosures(&self, article_id: i64) -> Result<Vec<Enclosure>> {
        read(&self.conn, article_id).map_err(|e| self.err(e))
    }

    /// The enclosures of several articles (those without any are absent from the map).
    pub fn enclosures_of(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<Enclosure>>> {
        let mut out: HashMap<i64, Vec<Enclosure>> = HashMap::new();
        // A bounded number of bound parameters per statement.
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "SELECT article_id, url, mime, length FROM enclosures
                 WHERE article_id IN ({marks}) ORDER BY article_id, position"
            );
            let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
            let rows = st
                .query_map(rusqlite::params_from_iter(chunk), |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        Enclosure {
                            url: r.get(1)?,
                            mime: r.get(2)?,
                            length: r
                                .get::<_, Option<i64>>(3)?
                                .and_then(|n| u64::try_from(n).ok()),
                        },
                    ))
                })
                .map_err(|e| self.err(e))?;
            for r in rows {
                let (id, e) = r.map_err(|e| self.err(e))?;
                out.entry(id).or_default().push(e);
            }
        }
        Ok(out)
    }
}
