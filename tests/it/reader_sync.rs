//! The reader with `[sync]`: R, r, the interval and `+` go through the server, progress and
//! one result line show in the status bar, a/A queue the server's mark-all-read and push it at
//! once; and against a REAL Miniflux, a read made in one reader reaches the other.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::miniflux::{MinifluxGuard, rss, skipped, wait_until};
use crate::sync_common::{Req, Resp, SyncServer};

use common::app::NOW;
use common::screen::render;
use kabar::action::Action;
use kabar::app::{App, Effect, Event, FeedEntry, SyncEvent};
use kabar::config::{Config, SyncConfig, SyncKind};
use kabar::feed::parse::{ParsedFeed, ParsedItem};
use kabar::i18n::Lang;
use kabar::store::outbox::Change;
use kabar::store::{ListQuery, RemoteFeedRow, RemoteState, Store, SyncApply};
use kabar::sync::engine::{EngineError, SyncReport, SyncStage};
use kabar::sync::{Miniflux, MinifluxAuth, Secret, SyncError, SyncErrorKind, SyncSettings};
use kabar::tui::sync::{SyncClient, SyncJob};
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn sync_config(url: &str, key: &str, lang: Lang) -> Config {
    Config {
        language: Some(lang),
        sync: Some(SyncConfig {
            kind: SyncKind::Miniflux,
            url: url.into(),
            username: None,
            api_key_command: None,
            password_command: None,
            api_key_env: None,
            password_env: None,
            api_key: Some(key.into()),
            password: None,
        }),
        ..Config::default()
    }
}

/// A store as a sync leaves it: feeds "Kabar a" (server id 1, entries 101 and 102) and
/// "Kabar b" (server id 2, entry 201), all unread.
fn synced_store(db: &Path) -> Store {
    let mut store = Store::open(db).unwrap().0;
    store.set_sync_outbox(true);
    pull(&mut store, &[("1", 101), ("1", 102), ("2", 201)], &[]);
    store
}

/// Store a pull of these (server feed, entry) pairs and states, as the sync engine would.
fn pull(store: &mut Store, entries: &[(&str, i64)], states: &[RemoteState]) {
    let feeds: Vec<RemoteFeedRow> = ["1", "2"]
        .iter()
        .map(|id| RemoteFeedRow {
            remote_id: id.to_string(),
            url: format!("http://sites.example/{id}.xml"),
            title: format!("Kabar {}", if *id == "1" { "a" } else { "b" }),
            site_link: None,
            category: None,
        })
        .collect();
    let articles: Vec<(String, kabar::store::NewFeed)> = ["1", "2"]
        .iter()
        .map(|feed| {
            let items = entries
                .iter()
                .filter(|(f, _)| f == feed)
                .map(|(_, id)| ParsedItem {
                    key: format!("sync:{id}"),
                    title: format!("story {id}"),
                    link: Some(format!("http://sites.example/{id}")),
                    author: None,
                    published: Some(NOW - 3600 + id),
                    summary: None,
                    content: Some(format!("<p>Berita {id}</p>")),
                    enclosures: Vec::new(),
                })
                .collect();
            let parsed = ParsedFeed {
                title: None,
                site_link: None,
                items,
            };
            (feed.to_string(), kabar::feed::ingest::prepare(parsed))
        })
        .collect();
    store
        .apply_sync(
            &SyncApply {
                account: "test",
                feeds: &feeds,
                articles: &articles,
                states,
                full_state: None,
                pushed: &HashSet::new(),
                cursor: None,
            },
            1000,
            NOW,
        )
        .unwrap();
}

fn app_on(db: &Path, lang: Lang) -> App {
    let store = synced_store(db);
    common::app::app(store, sync_config("http://127.0.0.1:9", "k", lang), NOW)
}

fn status_line(app: &mut App) -> String {
    let screen = render(app, 240, 24);
    screen.lines().last().unwrap().trim().to_string()
}

/// Select the feed shown as `name` on the feed list.
fn select_feed(app: &mut App, name: &str) {
    app.update(Action::Top);
    for _ in 0..app.feeds.len() {
        if matches!(app.selected_feed(), Some(FeedEntry::Feed(f)) if f.display == name) {
            return;
        }
        app.update(Action::Down);
    }
    panic!("no feed {name} on the list");
}

#[test]
fn r_syncs_with_progress_then_one_result_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir.path().join("kabar.db"), Lang::En);

    app.update(Action::RefreshAll);
    assert_eq!(
        app.take_effects(),
        vec![Effect::Sync],
        "R syncs, it polls no site"
    );
    assert!(status_line(&mut app).contains("Syncing: asking the server what changed"));

    app.on_event(Event::Sync(SyncEvent::Stage(SyncStage::Pushing(2))));
    assert!(status_line(&mut app).contains("Syncing: sending 2 changes"));
    app.on_event(Event::Sync(SyncEvent::Stage(SyncStage::Storing(1))));
    assert!(status_line(&mut app).contains("Syncing: storing 1 entry"));

    let report = SyncReport {
        pulled: 3,
        pushed: 2,
        ..SyncReport::default()
    };
    app.on_event(Event::Sync(SyncEvent::Done(Ok(report))));
    assert!(status_line(&mut app).starts_with("Synced: 3 pulled, 2 pushed, 0 failed"));

    // r (and R) while one runs: queued, not a second sync at once; it runs when that ends.
    assert_eq!(
        app.take_effects(),
        vec![Effect::IndexSearch],
        "what it pulled is indexed"
    );
    app.update(Action::RefreshAll);
    assert_eq!(app.take_effects(), vec![Effect::Sync]);
    app.update(Action::RefreshFeed);
    assert!(app.take_effects().is_empty());
    assert!(status_line(&mut app).contains("Sync queued"));
    app.on_event(Event::Sync(SyncEvent::Done(Ok(SyncReport::default()))));
    assert_eq!(app.take_effects(), vec![Effect::Sync]);
}

#[test]
fn refused_changes_are_named_and_a_down_server_leaves_everything_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir.path().join("kabar.db"), Lang::Id);
    app.update(Action::RefreshAll);
    app.take_effects();
    assert!(status_line(&mut app).contains("Sinkronisasi: menanyakan perubahan"));
    let report = SyncReport {
        pulled: 1,
        failed: 1,
        refused: vec![SyncError::new(SyncErrorKind::NotFound, "")],
        ..SyncReport::default()
    };
    app.on_event(Event::Sync(SyncEvent::Done(Ok(report))));
    let line = status_line(&mut app);
    assert!(line.contains("1 ditolak server"), "{line}");
    assert!(line.contains("tidak ditemukan di server"), "named: {line}");

    // A read waits in the outbox; the server answers 401: said in the reader's language, the
    // read stays and so does its outbox row.
    app.update(Action::Open); // all articles
    app.update(Action::Open); // the newest, read now
    assert_eq!(app.store.outbox_len().unwrap(), 1);
    let unread_before = app.store.count(&ListQuery::default()).unwrap();
    app.request_sync(kabar::app::SyncWhy::Shown);
    let err = SyncError::new(SyncErrorKind::Unauthorized, "");
    app.on_event(Event::Sync(SyncEvent::Done(Err(EngineError::Sync(err)))));
    let line = status_line(&mut app);
    assert!(line.contains("Sinkronisasi gagal"), "{line}");
    assert!(line.contains("menolak login"), "{line}");
    assert!(line.contains("1 perubahan menunggu"), "{line}");
    assert_eq!(app.store.outbox_len().unwrap(), 1);
    assert_eq!(
        app.store.count(&ListQuery::default()).unwrap(),
        unread_before
    );
}

#[test]
fn a_and_shift_a_mark_here_at_once_and_push_the_servers_mark_all_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir.path().join("kabar.db"), Lang::En);

    select_feed(&mut app, "Kabar a");
    app.update(Action::MarkFeedRead);
    assert!(status_line(&mut app).contains("2"), "marked here at once");
    let pending = app.store.outbox_pending(10).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].change, Change::MarkFeedRead { feed: "1".into() });
    // Pushed now, quietly: the "marked read" line stays until the sync has news.
    assert_eq!(app.take_effects(), vec![Effect::Sync]);
    assert!(!status_line(&mut app).contains("Syncing"));
    app.on_event(Event::Sync(SyncEvent::Done(Ok(SyncReport {
        pushed: 1,
        ..SyncReport::default()
    }))));

    app.update(Action::MarkAllRead);
    let pending = app.store.outbox_pending(10).unwrap();
    assert_eq!(pending.last().unwrap().change, Change::MarkAllRead);
    assert_eq!(app.take_effects(), vec![Effect::Sync]);
    let unread = ListQuery {
        unread_only: true,
        ..ListQuery::default()
    };
    assert_eq!(app.store.count(&unread).unwrap(), 0);
}

#[test]
fn after_a_sync_the_lists_show_new_articles_and_other_machines_marks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    let mut app = app_on(&db, Lang::En);
    app.update(Action::Open); // all articles
    assert_eq!(app.list.as_ref().unwrap().total, 3);
    // A reading made here is pushed a little later (the loop waits for more).
    app.update(Action::Open);
    assert!(app.take_push_soon());

    // The sync job writes on its own connection: a new entry and 201 read elsewhere.
    let mut other = Store::open(&db).unwrap().0;
    let read = RemoteState {
        entry: 201,
        read: true,
        starred: false,
    };
    pull(
        &mut other,
        &[("1", 101), ("1", 102), ("2", 201), ("2", 202)],
        &[read],
    );
    app.update(Action::Back);
    app.request_sync(kabar::app::SyncWhy::Shown);
    app.take_effects();
    app.on_event(Event::Sync(SyncEvent::Done(Ok(SyncReport {
        pulled: 2,
        ..SyncReport::default()
    }))));
    let list = app.list.as_ref().unwrap();
    assert_eq!(list.total, 4, "the new entry is listed");
    let screen = render(&mut app, 100, 24);
    assert!(screen.contains("story 202"), "{screen}");
    app.update(Action::Bottom);
    let list = app.list.as_ref().unwrap();
    let row = list.rows.iter().find(|r| r.title == "story 201").unwrap();
    assert!(row.read, "read on the other machine");
    assert!(app.take_effects().contains(&Effect::IndexSearch));
}

#[test]
fn plus_subscribes_on_the_server_then_syncs_the_feed_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir.path().join("kabar.db"), Lang::En);
    app.on_discovered(Ok(vec![(
        "Kabar c".into(),
        "http://sites.example/c.xml".into(),
    )]));
    assert_eq!(
        app.take_effects(),
        vec![Effect::Subscribe("http://sites.example/c.xml".into())],
        "the server follows it; config.toml is not written"
    );
    assert!(status_line(&mut app).contains("Subscribing on the server"));
    app.on_event(Event::Sync(SyncEvent::Subscribed {
        url: "http://sites.example/c.xml".into(),
        result: Ok("3".into()),
    }));
    assert_eq!(app.take_effects(), vec![Effect::Sync]);

    // A refusal is said, in the reader's language.
    app.on_event(Event::Sync(SyncEvent::Done(Ok(SyncReport::default()))));
    app.on_event(Event::Sync(SyncEvent::Subscribed {
        url: "http://sites.example/d.xml".into(),
        result: Err(SyncError::new(
            SyncErrorKind::Refused(400),
            "duplicate feed",
        )),
    }));
    let line = status_line(&mut app);
    assert!(line.contains("Could not add the feed"), "{line}");
    assert!(line.contains("duplicate feed"), "{line}");
}

/// Carry out the app's sync effects as the reader's loop does (`tui::sync`), until none is
/// left running.
async fn run_effects(app: &mut App, client: &SyncClient, db: &Path) {
    let (tx, mut rx) = tokio::sync::mpsc::channel(256);
    let mut running = 0;
    loop {
        for effect in app.take_effects() {
            let job = || SyncJob::new(client, &app.config, db.to_path_buf(), &tx).unwrap();
            match effect {
                Effect::Sync => job().spawn_sync(),
                Effect::Subscribe(url) => job().spawn_subscribe(url),
                _ => continue,
            }
            running += 1;
        }
        if running == 0 {
            return;
        }
        let ev = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("the sync answers")
            .unwrap();
        if matches!(
            ev,
            Event::Sync(SyncEvent::Done(_) | SyncEvent::Subscribed { .. })
        ) {
            running -= 1;
        }
        app.on_event(ev);
    }
}

fn reader(dir: &Path, url: &str, key: &str) -> App {
    std::fs::create_dir_all(dir).unwrap();
    let mut store = Store::open(&dir.join("kabar.db")).unwrap().0;
    store.set_sync_outbox(true);
    common::app::app(store, sync_config(url, key, Lang::En), NOW)
}

fn read_state(app: &App) -> Vec<(String, bool)> {
    let mut rows: Vec<(String, bool)> = app
        .store
        .page(&ListQuery::default(), 0, 100)
        .unwrap()
        .into_iter()
        .map(|r| (r.title, r.read))
        .collect();
    rows.sort();
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_in_one_reader_reaches_the_server_and_the_other_reader() {
    if skipped() {
        return;
    }
    let server = MinifluxGuard::start();
    let url = server.var("MINIFLUX_URL").to_string();
    let key = server.var("MINIFLUX_API_KEY").to_string();
    let items = Arc::new(Mutex::new(2usize));
    let i2 = items.clone();
    let sites = SyncServer::start(move |r: &Req| match r.path.as_str() {
        "/a.xml" => Resp::Body(200, "application/rss+xml", rss("a", *i2.lock().unwrap())),
        _ => Resp::text(404, "not found"),
    });
    let mf = Miniflux::new(
        &url,
        MinifluxAuth::ApiKey(Secret::new(&key)),
        SyncSettings::default(),
    )
    .unwrap();
    let entries = |n: usize| {
        let mf = &mf;
        move || async move {
            mf.entries_changed_since(None)
                .await
                .map(|e| e.len())
                .unwrap_or(0)
                == n
        }
    };
    let server_read = || async {
        let mut v: Vec<(String, bool)> = mf
            .entries_changed_since(None)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.title, e.read))
            .collect();
        v.sort();
        v
    };

    let home = tempfile::tempdir().unwrap();
    let (da, db) = (home.path().join("a"), home.path().join("b"));
    let (mut a, mut b) = (reader(&da, &url, &key), reader(&db, &url, &key));
    let (ca, cb) = (SyncClient::default(), SyncClient::default());
    let (dba, dbb) = (da.join("kabar.db"), db.join("kabar.db"));

    // `+` in reader A: the server subscribes (and fetches the feed), then A syncs it in.
    a.on_discovered(Ok(vec![(
        "Kabar a".into(),
        format!("{}/a.xml", sites.url()),
    )]));
    run_effects(&mut a, &ca, &dba).await;
    wait_until("the server fetched the feed", entries(2)).await;
    a.update(Action::RefreshAll);
    run_effects(&mut a, &ca, &dba).await;
    assert!(
        status_line(&mut a).starts_with("Synced: "),
        "{}",
        status_line(&mut a)
    );
    let screen = render(&mut a, 100, 24);
    assert!(screen.contains("Kabar a"), "{screen}");

    // Reading in A: the newest story ("a story 2"). The loop pushes a little later.
    a.update(Action::Open);
    a.update(Action::Open);
    assert_eq!(a.reader.as_ref().unwrap().article.title, "a story 2");
    assert!(a.take_push_soon());
    a.request_sync(kabar::app::SyncWhy::Quiet);
    run_effects(&mut a, &ca, &dba).await;
    assert_eq!(a.store.outbox_len().unwrap(), 0);
    assert_eq!(
        server_read().await,
        [
            ("a story 1".to_string(), false),
            ("a story 2".to_string(), true)
        ]
    );

    // R in reader B: the read follows.
    b.update(Action::RefreshAll);
    run_effects(&mut b, &cb, &dbb).await;
    assert_eq!(read_state(&b), server_read().await);

    // B offline presses A: marked here, kept in the outbox, said.
    let online = b.config.clone();
    let mut offline = online.clone();
    offline.sync.as_mut().unwrap().url = "http://127.0.0.1:9".into();
    b.config = offline;
    b.update(Action::MarkAllRead);
    run_effects(&mut b, &SyncClient::default(), &dbb).await;
    let line = status_line(&mut b);
    assert!(line.contains("Sync failed"), "{line}");
    assert!(line.contains("1 change waits"), "{line}");
    assert_eq!(b.store.outbox_len().unwrap(), 1);
    assert!(read_state(&b).iter().all(|(_, read)| *read));

    // Meanwhile a new story reaches the server. Back online, B's mark-all covers what B had
    // shown, not the story it had never seen.
    *items.lock().unwrap() = 3;
    mf.refresh_feed(mf.feeds().await.unwrap()[0].id.parse().unwrap())
        .await
        .unwrap();
    wait_until("the third story", entries(3)).await;
    b.config = online;
    b.update(Action::RefreshAll);
    run_effects(&mut b, &cb, &dbb).await;
    assert_eq!(b.store.outbox_len().unwrap(), 0);
    let on_server = server_read().await;
    assert_eq!(
        on_server,
        [
            ("a story 1".to_string(), true),
            ("a story 2".to_string(), true),
            ("a story 3".to_string(), false)
        ]
    );
    assert_eq!(read_state(&b), on_server);

    // A, up to date, presses a on the feed: the server's mark-all-read; B follows.
    a.update(Action::RefreshAll);
    run_effects(&mut a, &ca, &dba).await;
    a.update(Action::Back);
    a.update(Action::Back);
    select_feed(&mut a, "Kabar a");
    a.update(Action::MarkFeedRead);
    run_effects(&mut a, &ca, &dba).await;
    assert_eq!(a.store.outbox_len().unwrap(), 0);
    assert!(server_read().await.iter().all(|(_, read)| *read));
    b.update(Action::RefreshAll);
    run_effects(&mut b, &cb, &dbb).await;
    assert!(read_state(&b).iter().all(|(_, read)| *read));
    assert_eq!(read_state(&b).len(), 3);
}

#[test]
fn undoing_shift_a_queues_each_entry_unread_for_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir.path().join("kabar.db"), Lang::En);
    app.update(Action::MarkAllRead);
    app.take_effects();
    app.update(Action::Undo);
    let effects = app.take_effects();
    let [Effect::Undo(step)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let ev = kabar::tui::undo::run(&mut app.store, step.clone());
    app.on_event(ev);
    assert!(status_line(&mut app).contains("Undone: mark all read (3 articles)"));
    let pending = app.store.outbox_pending(10).unwrap();
    let changes: Vec<Change> = pending.into_iter().map(|p| p.change).collect();
    assert_eq!(changes[0], Change::MarkAllRead);
    let mut unread: Vec<Change> = changes[1..].to_vec();
    unread.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(
        unread,
        [101, 102, 201].map(|entry| Change::Read { entry, read: false })
    );
}
