//! Commands on stored articles: `list`, `search`, `show`, `read` / `unread`, `save` / `unsave`.

use super::context::{Ctx, runtime};
use super::exit::{ExitCode, Outcome};
use super::output::{fail, note, out, print_json};
use crate::feed::refresh::RefreshParams;
use crate::i18n::Locale;
use crate::store::{ArticleRow, ListQuery, StoreError};
use crate::text::sanitize_line;

pub fn list(
    ctx: Ctx,
    q: ListQuery,
    feed: Option<String>,
    limit: Option<usize>,
    json: bool,
) -> Outcome {
    let feed_id = match feed {
        Some(name) => match ctx.store.find_feed(&name) {
            Ok(Some(f)) => Some(f.id),
            Ok(None) => {
                let msg = ctx
                    .locale
                    .tf("cli.no_feed", &[("name", format!("{name:?}"))]);
                return Err(fail(ExitCode::NotFound, msg));
            }
            Err(e) => return Err(fail(ExitCode::Store, e)),
        },
        None => None,
    };
    let q = ListQuery { feed: feed_id, ..q };
    let limit = limit.map(|l| l as i64).unwrap_or(-1);
    let rows = ctx
        .store
        .page(&q, 0, limit)
        .map_err(|e| fail(ExitCode::Store, e))?;
    print_rows(&rows, json, &ctx.locale, &ctx.store)
}

/// `kabar list`'s filters, given beside `--query`.
pub struct ListFlags {
    pub unread: bool,
    pub saved: bool,
    pub lampung: bool,
    pub feed: Option<String>,
}

/// `kabar list --query Q`: the articles the query (and the other filters) match, newest first.
pub fn list_query(
    mut ctx: Ctx,
    query: &str,
    flags: ListFlags,
    limit: Option<usize>,
    json: bool,
) -> Outcome {
    use crate::query::{Query, Term};
    let mut parts = vec![parse_query(query, &ctx.locale)?];
    catch_up_index(&mut ctx)?;
    let terms = [
        (flags.unread, Term::Unread),
        (flags.saved, Term::Saved),
        (flags.lampung, Term::Place(None)),
    ];
    parts.extend(
        terms
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, t)| Query::Term(t)),
    );
    if let Some(feed) = flags.feed {
        parts.push(Query::Term(Term::Feed(feed)));
    }
    let when = crate::store::When::now(&ctx.locale);
    let limit = limit.map(|l| l as i64).unwrap_or(-1);
    let rows = ctx
        .store
        .query_page(&Query::And(parts), when, 0, limit)
        .map_err(|e| fail(ExitCode::Store, e))?;
    print_rows(&rows, json, &ctx.locale, &ctx.store)
}

pub fn search(mut ctx: Ctx, query: &str, limit: usize, json: bool) -> Outcome {
    catch_up_index(&mut ctx)?;
    let parsed = parse_query(query, &ctx.locale)?;
    let when = crate::store::When::now(&ctx.locale);
    let rows = ctx
        .store
        .search_query(&parsed, when, limit as i64)
        .map_err(|e| fail(ExitCode::Store, e))?;
    print_rows(&rows, json, &ctx.locale, &ctx.store)
}

/// A query from the command line, or the error with a caret under the bad token (stderr).
pub(super) fn parse_query(query: &str, locale: &Locale) -> Result<crate::query::Query, ExitCode> {
    crate::query::parse_typing(query).map_err(|e| {
        let code = fail(ExitCode::Config, e.message(locale.lang));
        // The pointer sanitises the query itself; lines are kept apart so the caret lines up.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{}", e.pointer(query));
        code
    })
}

/// A refresh stores articles without indexing them; catch up before a query reads the index
/// so nothing is missed. A store kabar may not write (a read-only file or disk) is searched as
/// it is indexed.
pub(super) fn catch_up_index(ctx: &mut Ctx) -> Outcome {
    match crate::feed::ingest::index_all(&mut ctx.store) {
        Ok(_) => Ok(()),
        Err(e) if super::context::is_read_only(&e) => {
            let missing = ctx.store.unindexed().unwrap_or(0);
            note(
                ctx.locale
                    .tf("cli.search_read_only", &[("n", missing.to_string())]),
            );
            Ok(())
        }
        Err(e) => Err(fail(ExitCode::Store, e)),
    }
}

pub fn set_saved(mut ctx: Ctx, ids: &[i64], saved: bool) -> Outcome {
    let result = ctx.store.set_saved(ids, saved);
    report_ids(&ctx, ids, result)
}

pub fn set_read(mut ctx: Ctx, ids: &[i64], read: bool) -> Outcome {
    let result = ctx.store.set_read(ids, read);
    report_ids(&ctx, ids, result)
}

/// How a command that changed `ids` ends: an error names how many did not exist.
fn report_ids(ctx: &Ctx, ids: &[i64], changed: Result<usize, StoreError>) -> Outcome {
    match changed {
        Ok(n) if n == ids.len() => Ok(()),
        Ok(n) => Err(fail(
            ExitCode::NotFound,
            ctx.locale.tf(
                "cli.ids_missing",
                &[
                    ("n", (ids.len() - n).to_string()),
                    ("total", ids.len().to_string()),
                ],
            ),
        )),
        Err(e) => Err(fail(ExitCode::Store, e)),
    }
}

/// Article rows as text (one per line, dates in `locale`) or a JSON array.
pub(super) fn print_rows(
    rows: &[ArticleRow],
    json: bool,
    locale: &Locale,
    store: &crate::store::Store,
) -> Outcome {
    if json {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut encl = store
            .enclosures_of(&ids)
            .map_err(|e| fail(ExitCode::Store, e))?;
        let arr: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "feed": sanitize_line(&r.feed),
                    "title": sanitize_line(&r.title),
                    "link": r.link.as_deref().and_then(crate::text::safe_link),
                    "published": locale.rfc3339(r.published),
                    "read": r.read,
                    "saved": r.saved,
                    "place": r.place.as_deref().map(sanitize_line),
                    "enclosures": enclosures_json(encl.remove(&r.id).unwrap_or_default()),
                })
            })
            .collect();
        return print_json(&arr);
    }
    let mut out = String::new();
    for r in rows {
        let place = r
            .place
            .as_deref()
            .map(|p| format!("[{}] ", sanitize_line(p)))
            .unwrap_or_default();
        out.push_str(&format!(
            "{:>6} {}{} {}  {}  {place}{}\n",
            r.id,
            if r.read { " " } else { "*" },
            if r.saved { "★" } else { " " },
            locale.long_without_zone(r.published),
            sanitize_line(&r.feed),
            sanitize_line(&r.title)
        ));
    }
    out!("{out}")
}

/// The sync server and the entry id there of article `id`, when `[sync]` is set and the
/// article came from it. A server kabar cannot reach with the config (no secret) gives none.
fn synced_backend(ctx: &Ctx, id: i64) -> Option<(crate::sync::Backend, i64)> {
    let cfg = ctx.config.sync.as_ref()?;
    let entry = ctx.store.remote_of_article(id).ok().flatten()?;
    match super::sync::client(cfg, &ctx.config) {
        Ok(b) => Some((b, entry)),
        Err(e) => {
            tracing::warn!("full text through the sync server: {e}");
            None
        }
    }
}

pub fn show(mut ctx: Ctx, id: i64, width: Option<usize>) -> Outcome {
    let mut article = match ctx.store.article(id) {
        Ok(Some(a)) => a,
        Ok(None) => {
            let msg = ctx.locale.tf("cli.no_article", &[("id", id.to_string())]);
            return Err(fail(ExitCode::NotFound, msg));
        }
        Err(e) => return Err(fail(ExitCode::Store, e)),
    };
    // As in the reader: an excerpt is upgraded to the full story first when the feed's mode asks.
    if crate::article::extract::wants_full_text(&article)
        && let Some(link) = article.link.clone()
    {
        let params = RefreshParams::from_config(&ctx.config, ctx.paths.db());
        let rt = runtime()?;
        let client = crate::net::fetch::client(&params.fetch);
        // Synced with Miniflux: the server fetches the page (falling back to fetching here).
        let backend = synced_backend(&ctx, id);
        let server = backend.as_ref().map(|(b, entry)| (b, *entry));
        let result = if server.is_some() {
            rt.block_on(crate::sync::fulltext::fetch(
                server,
                &client,
                &params.fetch,
                &params.limits,
                &link,
            ))
        } else {
            // Fetched here: as the article's feed is (agent, headers, auth, proxy).
            let feed_url = ctx.store.feed_url_of_article(id).ok().flatten();
            rt.block_on(async {
                let http = crate::net::per_feed::FeedHttp::new(
                    &params.fetch,
                    client.clone(),
                    1,
                    params.feed_settings.clone(),
                );
                crate::article::fulltext::fetch_for_feed(
                    &http,
                    &params.fetch,
                    &params.limits,
                    feed_url.as_deref(),
                    &link,
                )
                .await
            })
        };
        crate::feed::ingest::store_full_text(&mut ctx.store, id, &result)
            .map_err(|e| fail(ExitCode::Store, e))?;
        if let Ok(Some(a)) = ctx.store.article(id) {
            article = a;
        }
    }
    let width = width
        .or_else(|| crossterm::terminal::size().ok().map(|(w, _)| w as usize))
        .unwrap_or(80)
        .clamp(20, 400);
    let text =
        crate::ui::article::render_article(&article, width, false, &ctx.locale, crate::time::now());
    out!("{}", crate::text::sanitize_text(&text.to_plain()))
}

/// Enclosures as `[{"url", "type", "length"}]` (http(s) only, sanitised).
fn enclosures_json(list: Vec<crate::store::Enclosure>) -> Vec<serde_json::Value> {
    list.into_iter()
        .filter_map(|e| {
            Some(serde_json::json!({
                "url": crate::text::safe_link(&e.url)?,
                "type": e.mime.as_deref().map(sanitize_line),
                "length": e.length,
            }))
        })
        .collect()
}
