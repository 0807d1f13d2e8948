//! Ingest: turns parsed feeds and fetched pages into the store's input (place and search text
//! worked out here, off the writer thread), and runs the search indexer with the article code.

use crate::feed::parse::{ParsedFeed, ParsedItem};
use crate::store::{self, FetchMeta, FullText, NewArticle, NewFeed, Place, Store};

/// Longest body text indexed for search, in bytes: the lead is what people search for.
pub const SEARCH_TEXT_MAX: usize = 8 * 1024;

/// The plain text of an article body (HTML) that the search index holds.
pub fn search_text(body: &str) -> String {
    crate::html::visible::plain_text(body, SEARCH_TEXT_MAX)
}

/// A parsed feed as the store takes it, with every item's Lampung place (and its search text,
/// when the place is not in the title and the body had to be read).
pub fn prepare(feed: ParsedFeed) -> NewFeed {
    prepare_with(feed, false)
}

/// [`prepare`], with every item's search text when `all_text` (the store indexes the articles
/// as it stores them: see `Store::index_on_write`). Worked out here, on the parsing threads,
/// rather than on the one writer thread.
pub fn prepare_with(feed: ParsedFeed, all_text: bool) -> NewFeed {
    NewFeed {
        title: feed.title,
        site_link: feed.site_link,
        articles: feed
            .items
            .into_iter()
            .map(|it| prepare_item(it, all_text))
            .collect(),
        to_text: search_text,
        keep: None,
    }
}

/// One item as the store takes it.
fn prepare_item(it: ParsedItem, all_text: bool) -> NewArticle {
    let (place, search_text) = match crate::places::find_in_title(&it.title) {
        // Most Lampung headlines name the place: no need to read the body.
        Some(m) => (
            Some(Place::from(m)),
            all_text.then(|| self::search_text(it.body())),
        ),
        None => {
            let text = self::search_text(it.body());
            (
                crate::places::find_in_body(&text).map(Place::from),
                Some(text),
            )
        }
    };
    NewArticle {
        key: it.key,
        title: it.title,
        link: it.link,
        author: it.author,
        published: it.published,
        summary: it.summary,
        content: it.content,
        place,
        search_text,
        enclosures: it
            .enclosures
            .into_iter()
            .map(|e| crate::store::Enclosure {
                url: e.url,
                mime: e.mime,
                length: e.length,
            })
            .collect(),
    }
}

/// Store a parsed feed in one transaction and index it for search (tests, one-off imports; the
/// refresh stores batches and indexes afterwards). Returns how many articles were new.
pub fn store_feed(
    store: &mut Store,
    feed_id: i64,
    parsed: &ParsedFeed,
    meta: &FetchMeta,
    max_items: usize,
    now: i64,
) -> store::Result<usize> {
    let new = store.apply_feed(feed_id, &prepare(parsed.clone()), meta, max_items, now)?;
    index_all(store)?;
    Ok(new)
}

/// Store the outcome of fetching an article's page: its text (and search text), or why it
/// failed.
pub fn store_full_text(
    store: &mut Store,
    id: i64,
    result: &Result<String, String>,
) -> store::Result<()> {
    match result {
        Ok(text) => store.set_full_text(
            id,
            FullText::Fetched {
                text,
                search_text: &search_text(text),
            },
        ),
        Err(why) => store.set_full_text(id, FullText::Failed(why)),
    }
}

/// Put up to `max` articles that are not in the search index yet into it; returns how many.
pub fn index_pending(store: &mut Store, max: usize) -> store::Result<usize> {
    store.index_pending(max, search_text)
}

/// Index everything that is not in the search index yet.
pub fn index_all(store: &mut Store) -> store::Result<usize> {
    store.index_all(search_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The place comes from the title when it names one, and then the body is not read at
    /// parse time; otherwise the body's text is made (and kept for the index).
    #[test]
    fn prepare_reads_the_body_only_when_the_title_names_no_place() {
        let item = |title: &str, body: &str| ParsedItem {
            title: title.into(),
            content: Some(body.into()),
            ..Default::default()
        };
        let feed = ParsedFeed {
            items: vec![
                item("Banjir di Mesuji", "<p>KALIANDA - Air naik.</p>"),
                item("Harga cabai naik", "<p>KALIANDA - Harga naik.</p>"),
                item("Harga cabai turun", "<p>Di pasar.</p>"),
            ],
            ..Default::default()
        };
        let x = prepare(feed.clone()).articles;
        assert_eq!(x[0].search_text, None);
        assert_eq!(x[0].place.as_ref().unwrap().region, "Mesuji");
        assert_eq!(x[1].search_text.as_deref(), Some("KALIANDA - Harga naik."));
        assert_eq!(x[1].place.as_ref().unwrap().region, "Lampung Selatan");
        assert_eq!(x[2].place, None);
        assert_eq!(search_text(feed.items[0].body()), "KALIANDA - Air naik.");
    }
}
