//! Upgrading a store written by an older kabar: numbered migrations keep every article and read
//! mark, and articles stored before search existed become searchable (and get their place).
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kabar::store::{ListQuery, Store, schema};

#[test]
fn v2_store_is_upgraded_and_backfilled() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        schema::apply(&conn, 0, 2).unwrap();
        conn.execute_batch(
            "INSERT INTO feeds(id, url, name, active, position) VALUES(1, 'http://a.example/f', 'A', 1, 0);
             INSERT INTO articles(feed_id, key, title, link, published, seen_at, content, read)
             VALUES(1, 'k1', 'Banjir rendam 120 rumah', 'http://a.example/1', 1, 1,
                    '<p>Mesuji (ANTARA) - Banjir merendam 120 rumah warga.</p>', 1);
             INSERT INTO articles(feed_id, key, title, link, published, seen_at, content)
             VALUES(1, 'k2', 'Presiden resmikan bendungan', 'http://a.example/2', 2, 2,
                    '<p>Jakarta (ANTARA) - Presiden meresmikan bendungan.</p>');",
        )
        .unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 2);
    }
    let (mut store, note) = Store::open(&db).unwrap();
    assert!(note.is_none());
    // Their search text and place come from the indexer (the store reads no HTML), which the
    // reader runs at start and `kabar search` before searching.
    assert_eq!(store.unindexed().unwrap(), 2);
    assert_eq!(kabar::feed::ingest::index_all(&mut store).unwrap(), 2);
    let all = store.page(&ListQuery::default(), 0, -1).unwrap();
    assert_eq!(all.len(), 2);
    assert!(
        all.iter()
            .find(|a| a.title.starts_with("Banjir"))
            .unwrap()
            .read,
        "read mark kept"
    );
    let hits = store.search("rumah", 10).unwrap();
    assert_eq!(hits.len(), 1, "old articles are searchable");
    let lampung = store
        .page(
            &ListQuery {
                lampung: true,
                ..ListQuery::default()
            },
            0,
            -1,
        )
        .unwrap();
    assert_eq!(lampung.len(), 1);
    assert_eq!(lampung[0].place.as_deref(), Some("Mesuji"));
    drop(store);
    // Opening again does not index twice.
    let (mut store, _) = Store::open(&db).unwrap();
    assert_eq!(kabar::feed::ingest::index_all(&mut store).unwrap(), 0);
    assert_eq!(store.search("rumah", 10).unwrap().len(), 1);
}
