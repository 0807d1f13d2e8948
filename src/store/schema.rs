//! Schema and numbered migrations (`PRAGMA user_version`).

use rusqlite::Connection;

/// The schema version this kabar writes.
pub const SCHEMA_VERSION: i64 = 12;

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("schema version {0} is newer than this kabar")]
    TooNew(i64),
    #[error("{0}")]
    Foreign(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Each entry takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: feeds, articles, counters kept by triggers.
    "
    CREATE TABLE feeds(
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        name TEXT,
        title TEXT,
        site_link TEXT,
        position INTEGER,
        active INTEGER NOT NULL DEFAULT 1,
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        last_fetch INTEGER,
        last_error TEXT,
        retry_after INTEGER,
        unread INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE articles(
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        title TEXT NOT NULL,
        link TEXT,
        author TEXT,
        published INTEGER NOT NULL,
        seen_at INTEGER NOT NULL,
        summary TEXT,
        content TEXT,
        read INTEGER NOT NULL DEFAULT 0,
        UNIQUE(feed_id, key)
    );
    CREATE INDEX articles_by_feed ON articles(feed_id, published DESC, id DESC);
    CREATE INDEX articles_by_time ON articles(published DESC, id DESC);
    CREATE INDEX articles_unread ON articles(feed_id, published DESC, id DESC) WHERE read = 0;
    CREATE TRIGGER articles_ins AFTER INSERT ON articles BEGIN
        UPDATE feeds SET total = total + 1, unread = unread + (NEW.read = 0)
        WHERE id = NEW.feed_id;
    END;
    CREATE TRIGGER articles_del AFTER DELETE ON articles BEGIN
        UPDATE feeds SET total = total - 1, unread = unread - (OLD.read = 0)
        WHERE id = OLD.feed_id;
    END;
    CREATE TRIGGER articles_read AFTER UPDATE OF read ON articles
        WHEN OLD.read != NEW.read BEGIN
        UPDATE feeds SET unread = unread + (NEW.read = 0) - (OLD.read = 0)
        WHERE id = NEW.feed_id;
    END;
    ",
    // 1 -> 2: full-article text fetched from the article's page, and each feed's mode.
    "
    ALTER TABLE feeds ADD COLUMN full_text_mode TEXT NOT NULL DEFAULT 'auto';
    ALTER TABLE articles ADD COLUMN full_text TEXT;
    ALTER TABLE articles ADD COLUMN full_text_state INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN full_text_error TEXT;
    ",
    // 2 -> 3: saved articles, the Lampung place each names, and full-text search.
    "
    ALTER TABLE articles ADD COLUMN saved INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN place TEXT;
    ALTER TABLE articles ADD COLUMN place_matched TEXT;
    CREATE INDEX articles_saved ON articles(published DESC, id DESC) WHERE saved = 1;
    CREATE INDEX articles_place ON articles(published DESC, id DESC) WHERE place IS NOT NULL;
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_del AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = OLD.id;
    END;
    ",
    // 3 -> 4: the search index is filled after a refresh, not inside it (see
    // `Store::index_pending`); articles with an id above `indexed_upto` are not in it yet.
    // Everything stored so far was indexed as it arrived (or is by the backfill that follows
    // an upgrade from before 3).
    "
    CREATE TABLE search_state(
        id INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_upto INTEGER NOT NULL
    );
    INSERT INTO search_state VALUES(1, (SELECT COALESCE(MAX(id), 0) FROM articles));
    ",
    // 4 -> 5: a feed's counters grow once per stored feed (`stage_feed`), not by a trigger
    // run for every inserted article (a tenth of the cost of storing one).
    "
    DROP TRIGGER articles_ins;
    ",
    // 5 -> 6: the sync outbox (`store/outbox.rs`): local changes the server has not
    // acknowledged yet.
    "
    CREATE TABLE outbox(
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        value INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL
    );
    CREATE INDEX outbox_target ON outbox(kind, target);
    ",
    // 6 -> 7: feed healing (`store/heal.rs`): what discovery found for a feed whose address
    // broke (looked for once per broken URL), and the moves applied to the embedded defaults.
    "
    CREATE TABLE feed_heal(
        feed_id INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
        broken_url TEXT NOT NULL,
        found_url TEXT,
        found_title TEXT,
        checked INTEGER NOT NULL
    );
    CREATE TABLE feed_moves(
        from_url TEXT PRIMARY KEY,
        to_url TEXT NOT NULL,
        moved INTEGER NOT NULL
    );
    ",
    // 7 -> 8: what a sync server calls each feed and entry (`store/remote.rs`), the feed's
    // category there, and per account the point the next sync asks for changes after.
    "
    ALTER TABLE feeds ADD COLUMN remote_id TEXT;
    ALTER TABLE feeds ADD COLUMN category TEXT;
    ALTER TABLE articles ADD COLUMN remote_id INTEGER;
    CREATE UNIQUE INDEX feeds_remote ON feeds(remote_id) WHERE remote_id IS NOT NULL;
    CREATE INDEX articles_remote ON articles(remote_id) WHERE remote_id IS NOT NULL;
    CREATE TABLE sync_state(
        account TEXT PRIMARY KEY,
        cursor INTEGER,
        last_sync INTEGER
    );
    ",
    // 8 -> 9: the query language's views and rules (`store/rules.rs`). A hidden article is
    // kept but counted nowhere: the counters of its feed leave it out (the triggers below
    // count a row only while `hidden = 0`). Feed tags from the config, tags rules gave
    // articles, the rules themselves, and the articles a notify rule matched.
    // Every list leaves hidden articles out, and views count read and unread: the list indexes
    // carry `read` and `hidden` (and the time index `feed_id`), so those filters and counts
    // read the index, not each article's row.
    "
    ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
    DROP INDEX articles_by_time;
    CREATE INDEX articles_by_time ON articles(published DESC, id DESC, feed_id, read, hidden);
    DROP INDEX articles_by_feed;
    CREATE INDEX articles_by_feed ON articles(feed_id, published DESC, id DESC, read, hidden);
    DROP INDEX articles_unread;
    CREATE INDEX articles_unread ON articles(feed_id, published DESC, id DESC, hidden)
        WHERE read = 0;
    DROP TRIGGER articles_del;
    CREATE TRIGGER articles_del AFTER DELETE ON articles WHEN OLD.hidden = 0 BEGIN
        UPDATE feeds SET total = total - 1, unread = unread - (OLD.read = 0)
        WHERE id = OLD.feed_id;
    END;
    DROP TRIGGER articles_read;
    CREATE TRIGGER articles_counted AFTER UPDATE OF read, hidden ON articles
        WHEN OLD.read != NEW.read OR OLD.hidden != NEW.hidden BEGIN
        UPDATE feeds SET total = total + (NEW.hidden = 0) - (OLD.hidden = 0),
            unread = unread + (NEW.hidden = 0 AND NEW.read = 0) - (OLD.hidden = 0 AND OLD.read = 0)
        WHERE id = NEW.feed_id;
    END;
    CREATE TABLE feed_tags(
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY(tag, feed_id)
    ) WITHOUT ROWID;
    CREATE TABLE article_tags(
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY(article_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_by_tag ON article_tags(tag, article_id);
    CREATE TABLE rules(
        position INTEGER PRIMARY KEY,
        query TEXT NOT NULL,
        action TEXT NOT NULL
    );
    CREATE TABLE notified(
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        shown INTEGER NOT NULL DEFAULT 0
    );
    ",
    // 9 -> 10: enclosures (podcast audio, video, images), in the feed's order; they go with
    // their article (`store/enclosures.rs`).
    "
    CREATE TABLE enclosures(
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        url TEXT NOT NULL,
        mime TEXT,
        length INTEGER,
        PRIMARY KEY(article_id, position)
    ) WITHOUT ROWID;
    ",
    // 10 -> 11: article ids are handed out as the highest id + 1, so deleting the highest
    // article (the per-feed cap, a sync merge) would give its id to the next new one, at or
    // below `indexed_upto`, and the indexer would never look at it. The mark follows the
    // highest id down instead: every article at or below it is still indexed.
    "
    DROP TRIGGER articles_fts_del;
    CREATE TRIGGER articles_fts_del AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = OLD.id;
        UPDATE search_state SET indexed_upto = (SELECT COALESCE(MAX(id), 0) FROM articles)
        WHERE indexed_upto >= OLD.id
          AND indexed_upto > (SELECT COALESCE(MAX(id), 0) FROM articles);
    END;
    UPDATE search_state SET indexed_upto = (SELECT COALESCE(MAX(id), 0) FROM articles)
    WHERE indexed_upto > (SELECT COALESCE(MAX(id), 0) FROM articles);
    ",
    // 11 -> 12: the configured zone (seconds east of UTC) that rules run in as articles are
    // indexed (`since:` a date starts at midnight there), kept with the rules by
    // `Store::sync_rules_zone`; the store cannot read the config. WIB until then.
    "
    ALTER TABLE search_state ADD COLUMN utc_offset INTEGER NOT NULL DEFAULT 25200;
    ",
];

/// Bring the schema up to date; returns the version it was at before.
pub fn migrate(conn: &Connection) -> Result<i64, MigrateError> {
    check(conn)?;
    // Under a write lock, so two processes creating the store at once do not both migrate.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| {
        let version = check(conn)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        Ok(version)
    })();
    match result {
        Ok(v) => {
            conn.execute_batch("COMMIT")?;
            Ok(v)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// The schema version of `conn`, refusing a newer kabar's store and someone else's database.
/// Reads only: a file that is refused is left byte for byte as it was.
pub fn check(conn: &Connection) -> Result<i64, MigrateError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    debug_assert_eq!(known, SCHEMA_VERSION);
    if version > known {
        return Err(MigrateError::TooNew(version));
    }
    if version == 0 {
        // A database with tables but no version is someone else's file.
        let tables: i64 = conn.query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(MigrateError::Foreign(
                "not a kabar database (foreign tables, no schema version)".into(),
            ));
        }
    }
    Ok(version)
}

/// Apply migrations from `from` up to `to` (tests use this to build an old store).
#[doc(hidden)]
pub fn apply(conn: &Connection, from: i64, to: i64) -> Result<(), MigrateError> {
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(from as usize)
        .take((to - from).max(0) as usize)
    {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
