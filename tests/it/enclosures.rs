//! Enclosures end to end: a podcast feed served on loopback, `kabar refresh`, `kabar show` and
//! `kabar list --json`; the store migration; the reader's list and `e` running the player.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::{NOW, feed, store_fixtures};
use common::screen::render;
use common::{Server, config_dir, fixture, kabar};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kabar::action::Action;
use kabar::app::{App, Effect, Mode, Screen};
use kabar::config::Config;
use kabar::store::{Store, schema};

fn app_on(file: &str, player: Vec<String>) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let feeds = vec![feed("Siniar", "https://pod.example/feed.xml")];
    store_fixtures(&mut store, &feeds, &[file], NOW);
    let config = Config {
        feeds,
        language: Some(kabar::i18n::Lang::Id),
        player,
        ..Config::default()
    };
    let mut app = common::app::app(store, config, NOW);
    app.resize(100, 40);
    app.update(Action::Open); // every article
    app.update(Action::Open); // the newest
    app.finish_layout();
    assert_eq!(app.screen, Screen::Article);
    app
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

#[test]
fn the_reader_lists_enclosures_and_e_offers_a_pick() {
    // No player: the browser opener opens it.
    let mut app = app_on("fixtures/podcast-rss.xml", Vec::new());
    let screen = render(&mut app, 100, 40);
    assert!(screen.contains("Lampiran"), "{screen}");
    assert!(screen.contains("1. audio/mpeg · 12,3 MB"), "{screen}");
    assert!(
        screen.contains("2. image/jpeg · ukuran tidak diketahui"),
        "{screen}"
    );
    assert!(
        screen.contains("https://cdn.pod.example/ep2.mp3"),
        "{screen}"
    );
    app.take_effects();
    app.update(Action::OpenEnclosure);
    assert_eq!(app.mode, Mode::PickEnclosure { selected: 0 });
    let screen = render(&mut app, 100, 40);
    assert!(screen.contains("Esc"), "{screen}");
    app.key(&key(KeyCode::Char('j')));
    app.key(&key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Browse);
    let effects = app.take_effects();
    assert!(
        effects.contains(&Effect::OpenUrl(
            "https://cdn.pod.example/ep2-cover.jpg".into()
        )),
        "{effects:?}"
    );
    app.update(Action::OpenEnclosure);
    app.key(&key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Browse);
    app.update(Action::OpenEnclosure);
    app.key(&key(KeyCode::Char('1')));
    assert!(
        app.take_effects()
            .contains(&Effect::OpenUrl("https://cdn.pod.example/ep2.mp3".into()))
    );
}

#[test]
fn e_runs_the_player_with_the_url_as_one_argument() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("argv");
    let script = dir.path().join("player.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > {}.tmp\nmv {0}.tmp {0}\n",
            out.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let player = vec![
        script.display().to_string(),
        "--title".into(),
        "{url}".into(),
    ];
    // The JSON feed has one http enclosure (its javascript: and file: ones were never kept).
    let mut app = app_on("fixtures/podcast-jsonfeed.json", player.clone());
    assert_eq!(app.enclosures().len(), 1);
    app.take_effects();
    app.update(Action::OpenEnclosure);
    let effects = app.take_effects();
    let url = match effects.as_slice() {
        [Effect::OpenEnclosure(u)] => u.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(url, "https://radio.example/r1.m4a");
    // The edge's part: spawn the player (detached) and wait for its file.
    kabar::tui::player::spawn(&player, &url).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !out.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let argv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(argv, format!("--title\n{url}\n"));
    // Never anything but http(s).
    assert!(kabar::tui::player::spawn(&player, "javascript:alert(1)").is_err());
    assert!(kabar::tui::player::spawn(&player, "file:///etc/passwd").is_err());
    let appended = kabar::tui::player::player_argv(&["mpv".into()], "https://a.example/x");
    assert_eq!(
        appended,
        Some(vec!["mpv".into(), "https://a.example/x".into()])
    );
}

#[test]
fn refresh_show_and_list_json_carry_enclosures() {
    let server = Server::start();
    server.ok("/pod.xml", fixture("fixtures/podcast-rss.xml"), None);
    server.ok("/sidang.atom", fixture("fixtures/podcast-atom.atom"), None);
    server.ok(
        "/radio.json",
        fixture("fixtures/podcast-jsonfeed.json"),
        None,
    );
    let dir = config_dir(
        &[
            ("Siniar", &server.url("/pod.xml")),
            ("Sidang", &server.url("/sidang.atom")),
            ("Radio", &server.url("/radio.json")),
        ],
        "",
    );
    let (code, _, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = kabar(dir.path(), &["list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let arr: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = arr.as_array().unwrap();
    assert_eq!(arr.len(), 4);
    let by_title = |t: &str| {
        arr.iter()
            .find(|a| a["title"].as_str().unwrap().starts_with(t))
            .unwrap()
    };
    let ep2 = by_title("Episode 2");
    assert_eq!(
        ep2["enclosures"][0],
        serde_json::json!({"url": "https://cdn.pod.example/ep2.mp3", "type": "audio/mpeg", "length": 12345678})
    );
    assert_eq!(ep2["enclosures"].as_array().unwrap().len(), 2);
    let radio = by_title("Siaran pagi");
    assert_eq!(
        radio["enclosures"].as_array().unwrap().len(),
        1,
        "javascript:/file: dropped"
    );
    let sidang = by_title("Sidang");
    let pdf = &sidang["enclosures"][1];
    assert!(
        pdf["url"]
            .as_str()
            .unwrap()
            .ends_with("/media/sidang-1.pdf"),
        "{pdf}"
    );
    assert_eq!(pdf["length"], serde_json::Value::Null);
    let id = ep2["id"].as_i64().unwrap().to_string();
    let (code, out, err) = kabar(dir.path(), &["show", &id, "--width", "100"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Attachments"), "{out}");
    assert!(out.contains("1. audio/mpeg · 12.3 MB"), "{out}");
    assert!(
        out.contains("https://cdn.pod.example/ep2-cover.jpg"),
        "{out}"
    );
    assert!(!out.contains("javascript"));
    let (_, out, _) = kabar(
        dir.path(),
        &["show", &radio["id"].as_i64().unwrap().to_string()],
    );
    assert!(
        !out.contains("javascript:") && !out.contains("file://"),
        "{out}"
    );
}

#[test]
fn a_v9_store_gains_enclosures_and_they_go_with_their_article() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        schema::apply(&conn, 0, 9).unwrap();
        conn.execute_batch(
            "INSERT INTO feeds(id, url, name, active, position) VALUES(1, 'http://a.example/f', 'A', 1, 0);
             INSERT INTO articles(feed_id, key, title, link, published, seen_at, content, read)
             VALUES(1, 'k1', 'Lama', 'http://a.example/1', 1, 1, '<p>x</p>', 1);",
        )
        .unwrap();
    }
    let (mut store, _) = Store::open(&db).unwrap();
    let article = store.article(1).unwrap().unwrap();
    assert!(article.enclosures.is_empty());
    assert!(article.read, "old rows kept");
    // Storing a podcast feed writes its enclosures; a second refresh with one changed replaces
    // them; dropping the article drops them.
    let feeds = vec![feed("Siniar", "https://pod.example/feed.xml")];
    let ids = store_fixtures(&mut store, &feeds, &["fixtures/podcast-rss.xml"], NOW);
    let rows = common::app::articles(&db, "Siniar");
    assert_eq!(rows.len(), 2);
    let ep2 = rows
        .iter()
        .find(|r| r.title.starts_with("Episode 2"))
        .unwrap();
    assert_eq!(store.enclosures(ep2.id).unwrap().len(), 2);
    let changed = String::from_utf8(fixture("fixtures/podcast-rss.xml"))
        .unwrap()
        .replace("ep2-cover.jpg", "ep2-cover.png")
        .replace("image/jpeg", "image/png");
    let parsed =
        kabar::feed::parse::parse(changed.as_bytes(), "https://pod.example/feed.xml").unwrap();
    kabar::feed::ingest::store_feed(&mut store, ids[0], &parsed, &Default::default(), 1000, NOW)
        .unwrap();
    let e = store.enclosures(ep2.id).unwrap();
    assert_eq!(e[1].url, "https://cdn.pod.example/ep2-cover.png");
    assert_eq!(e[1].mime.as_deref(), Some("image/png"));
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA foreign_keys=ON; DELETE FROM articles;")
        .unwrap();
    let left: i64 = conn
        .query_row("SELECT COUNT(*) FROM enclosures", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}
