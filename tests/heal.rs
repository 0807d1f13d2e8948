//! Feed addresses that heal themselves, and the first screen without a network, on loopback.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Route, Server, fixture, kabar};
use kabar::app::App;
use kabar::config::{Config, FeedConfig};
use kabar::discover::heal::{self, FixTo};
use kabar::feed::refresh::{RefreshEvent, RefreshParams, Summary};
use kabar::net::fetch::FetchSettings;
use kabar::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::time::Duration;

const FEED: &str = "fixtures/wordpress-full.xml";

/// A site whose page announces its feed at `/new.xml`.
fn site_with_new_feed(server: &Server) {
    let page = r#"<html><head><title>Site</title>
        <link rel="alternate" type="application/rss+xml" title="News" href="/new.xml">
        </head><body><p>hello</p></body></html>"#;
    server.route(
        "/",
        Route::Typed {
            body: page.as_bytes().to_vec(),
            content_type: "text/html; charset=utf-8".into(),
        },
    );
    server.ok("/new.xml", fixture(FEED), None);
}

/// A config file with a comment, the feed at `path`, and English output.
fn config_with(server: &Server, path: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let toml = format!(
        "# my own notes: keep me\nlanguage = \"en\"\nrefresh_on_start = false\n\
         timeout_seconds = 3\n\n[[feeds]]\n# the outlet I read first\nurl = \"{}\" # old home\n\
         name = \"Outlet\"\ntags = [\"lokal\"]\n",
        server.url(path)
    );
    std::fs::write(dir.path().join("config.toml"), toml).unwrap();
    dir
}

fn config_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("config.toml")).unwrap()
}

#[test]
fn a_feed_that_answers_404_gets_the_sites_feed_suggested_and_check_fix_takes_it() {
    let server = Server::start();
    site_with_new_feed(&server);
    server.route("/old.xml", Route::Status(404));
    let dir = config_with(&server, "/old.xml");

    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 5, "{out}{err}");
    let wanted = format!("Outlet: feed moved? found {}", server.url("/new.xml"));
    assert!(out.contains(&wanted), "{out}");
    // Suggested, not applied: the config is the user's.
    assert!(config_text(dir.path()).contains("/old.xml"));
    // Discovery runs once per broken address.
    let pages = server.hits("/");
    kabar(dir.path(), &["refresh"]);
    assert_eq!(server.hits("/"), pages, "discovery ran again");

    let (code, out, err) = kabar(dir.path(), &["check", "--fix"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Outlet: moved to"), "{out}");
    let text = config_text(dir.path());
    assert!(text.contains(&server.url("/new.xml")), "{text}");
    assert!(!text.contains("/old.xml"), "{text}");
    for kept in [
        "# my own notes: keep me",
        "# the outlet I read first",
        "# old home",
    ] {
        assert!(text.contains(kept), "comment {kept:?} lost:\n{text}");
    }
    let (code, out, _) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Outlet: ok"), "{out}");
}

#[test]
fn a_web_page_instead_of_the_feed_leads_to_the_feed_it_announces() {
    let server = Server::start();
    site_with_new_feed(&server);
    let page = r#"<html><head>
        <link rel="alternate" type="application/rss+xml" href="/new.xml"></head></html>"#;
    server.route(
        "/rss",
        Route::Typed {
            body: page.as_bytes().to_vec(),
            content_type: "text/html".into(),
        },
    );
    let dir = config_with(&server, "/rss");
    let (_, out, _) = kabar(dir.path(), &["refresh"]);
    assert!(
        out.contains(&format!("feed moved? found {}", server.url("/new.xml"))),
        "{out}"
    );
}

#[test]
fn a_feed_on_another_site_is_not_offered() {
    let server = Server::start();
    let other = Server::start_on("127.0.0.2:0");
    other.ok("/feed.xml", fixture(FEED), None);
    let page = format!(
        r#"<html><head><link rel="alternate" type="application/rss+xml"
        href="{}"></head></html>"#,
        other.url("/feed.xml")
    );
    server.route(
        "/",
        Route::Typed {
            body: page.into_bytes(),
            content_type: "text/html".into(),
        },
    );
    server.route("/old.xml", Route::Status(410));
    let dir = config_with(&server, "/old.xml");
    let (_, out, _) = kabar(dir.path(), &["refresh"]);
    assert!(!out.contains("feed moved?"), "{out}");
}

fn moved_permanently(to: &str) -> Route {
    Route::Raw(
        format!(
            "HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n"
        )
        .into_bytes(),
    )
}

#[test]
fn a_301_is_followed_and_written_to_the_config_with_its_comments_said_once() {
    let server = Server::start();
    server.route("/old.xml", moved_permanently("/new.xml"));
    server.ok("/new.xml", fixture(FEED), None);
    let dir = config_with(&server, "/old.xml");

    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    let said = format!(
        "Outlet: moved to {} (config updated)",
        server.url("/new.xml")
    );
    assert!(out.contains(&said), "{out}");
    let text = config_text(dir.path());
    assert!(text.contains(&server.url("/new.xml")), "{text}");
    assert!(text.contains("# the outlet I read first") && text.contains("# old home"));
    assert!(text.contains("tags = [\"lokal\"]"), "{text}");

    let old_hits = server.hits("/old.xml");
    let (_, out, _) = kabar(dir.path(), &["refresh"]);
    assert!(!out.contains("moved to"), "said twice: {out}");
    assert_eq!(
        server.hits("/old.xml"),
        old_hits,
        "the old address is still asked"
    );
}

#[test]
fn a_temporary_redirect_leaves_the_config_alone() {
    let server = Server::start();
    server.route("/old.xml", Route::Redirect("/new.xml".into()));
    server.ok("/new.xml", fixture(FEED), None);
    let dir = config_with(&server, "/old.xml");
    let (_, out, _) = kabar(dir.path(), &["refresh"]);
    assert!(!out.contains("moved to"), "{out}");
    assert!(config_text(dir.path()).contains("/old.xml"));
}

fn params(db: &Path) -> RefreshParams {
    RefreshParams {
        fetch: FetchSettings {
            timeout: Duration::from_secs(3),
            total_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(2),
            max_bytes: 1024 * 1024,
            user_agent: "kabar-test".into(),
            max_redirects: 5,
            policy: kabar::net::private::NetPolicy::allow_private(),
        },
        concurrency: 4,
        per_host: 2,
        max_items: 1000,
        db_path: db.to_path_buf(),
        limits: kabar::net::limit::HostLimits::new(2),
        locale: Default::default(),
        feed_settings: Default::default(),
    }
}

fn run_heal(db: &Path, fix: FixTo) -> Summary {
    let (store, _) = Store::open(db).unwrap();
    let targets = store.targets(&[]).unwrap();
    drop(store);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let job = tokio::spawn(heal::run(params(db), targets, tx, fix));
        let mut finished = None;
        while let Some(ev) = rx.recv().await {
            if let RefreshEvent::Finished(s) = ev {
                finished = Some(s);
            }
        }
        let summary = job.await.unwrap();
        assert_eq!(
            finished,
            Some(summary.clone()),
            "Finished comes last, healed"
        );
        summary
    })
}

#[test]
fn the_embedded_defaults_heal_themselves_and_stay_healed() {
    let server = Server::start();
    site_with_new_feed(&server);
    server.route("/gone.xml", Route::Status(404));
    server.route("/moved.xml", moved_permanently("/elsewhere.xml"));
    server.ok(
        "/elsewhere.xml",
        fixture("fixtures/antara-excerpt.xml"),
        None,
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    let defaults = vec![
        FeedConfig {
            url: server.url("/gone.xml"),
            name: Some("Gone".into()),
            tags: vec![],
            full_text: None,
            settings: Default::default(),
        },
        FeedConfig {
            url: server.url("/moved.xml"),
            name: Some("Moved".into()),
            tags: vec![],
            full_text: None,
            settings: Default::default(),
        },
    ];
    Store::open(&db).unwrap().0.sync_feeds(&defaults).unwrap();
    let summary = run_heal(&db, FixTo::Defaults);
    let mut applied: Vec<&str> = summary
        .healing
        .applied
        .iter()
        .map(|a| a.2.as_str())
        .collect();
    applied.sort();
    let (elsewhere, new) = (server.url("/elsewhere.xml"), server.url("/new.xml"));
    assert_eq!(applied, [elsewhere.as_str(), new.as_str()], "{summary:?}");
    assert!(summary.healing.moved.is_empty() && summary.healing.suggested.is_empty());

    let (mut store, _) = Store::open(&db).unwrap();
    let urls = |s: &Store| {
        s.feeds()
            .unwrap()
            .into_iter()
            .map(|f| f.url)
            .collect::<Vec<_>>()
    };
    assert_eq!(urls(&store), [new.clone(), elsewhere.clone()]);
    // The next start syncs the same embedded list: the healed addresses stay.
    store.sync_feeds(&defaults).unwrap();
    assert_eq!(urls(&store), [new, elsewhere]);
}

#[test]
fn a_suggestion_is_shown_on_the_feed_list_and_taken_with_a_key() {
    let server = Server::start();
    site_with_new_feed(&server);
    server.route("/old.xml", Route::Status(404));
    let dir = config_with(&server, "/old.xml");
    let cfg_path = dir.path().join("config.toml");
    let config = Config::load(&cfg_path).unwrap();
    let db = dir.path().join("kabar.db");
    Store::open(&db)
        .unwrap()
        .0
        .sync_feeds(&config.feeds)
        .unwrap();
    let summary = run_heal(&db, FixTo::Config(cfg_path.clone()));
    assert_eq!(summary.healing.suggested.len(), 1, "{summary:?}");

    let (store, _) = Store::open(&db).unwrap();
    let mut app = App::new(store, config);
    app.config_path = Some(cfg_path.clone());
    app.on_refresh(RefreshEvent::Finished(summary));
    let screen = render(&mut app, 100, 8);
    assert!(screen.contains("feed moved? found"), "{screen}");
    assert!(screen.contains("Press m on the feed list"), "{screen}");
    // Select the feed (after "all" and "saved") and take the address.
    app.update(kabar::action::Action::Bottom);
    app.update(kabar::action::Action::AcceptMove);
    assert!(config_text(dir.path()).contains(&server.url("/new.xml")));
    let screen = render(&mut app, 100, 8);
    assert!(!screen.contains("feed moved? found"), "{screen}");
}

fn render(app: &mut App, w: u16, h: u16) -> String {
    app.resize(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| kabar::ui::draw(f, app)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn with_no_network_refresh_says_so_in_one_line() {
    let feeds: Vec<(String, String)> = (0..4)
        .map(|i| {
            (
                format!("Feed {i}"),
                format!("http://127.0.0.1:{}/rss", closed_port()),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = feeds
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = common::config_dir(&refs, "language = \"en\"\n");
    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 5, "{out}{err}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("No network")).count(),
        1,
        "{out}"
    );
    assert!(
        out.contains("No network: 4 feeds could not be reached"),
        "{out}"
    );
    assert!(!out.contains("Feed 0:"), "a wall of errors: {out}");
    let (_, out, _) = kabar(dir.path(), &["refresh", "-v"]);
    assert_eq!(
        out.lines().filter(|l| l.contains("failed:")).count(),
        4,
        "{out}"
    );
    // Each feed's error is still one command away.
    let (_, out, _) = kabar(dir.path(), &["feeds"]);
    assert_eq!(
        out.lines().filter(|l| l.contains("error")).count(),
        4,
        "{out}"
    );
}

#[test]
fn with_no_network_the_first_screen_says_so_once() {
    let mut store = Store::open_in_memory().unwrap();
    let feeds: Vec<FeedConfig> = ["Antara", "Tribun", "Lampost"]
        .iter()
        .map(|n| FeedConfig {
            url: format!("https://{}.example/rss", n.to_lowercase()),
            name: Some(n.to_string()),
            tags: vec![],
            full_text: None,
            settings: Default::default(),
        })
        .collect();
    store.sync_feeds(&feeds).unwrap();
    let ids: Vec<i64> = store.feeds().unwrap().iter().map(|f| f.id).collect();
    let why = "could not look up the address of the server";
    for id in &ids {
        store.mark_failed(*id, why, None, 1767243600).unwrap();
    }
    let config = Config {
        feeds,
        language: Some(kabar::i18n::Lang::Id),
        ..Config::default()
    };
    let mut app = App::new(store, config);
    app.fixed_now = Some(1767243600);
    app.refresh_started(&[]);
    app.on_refresh(RefreshEvent::Started { total: 3 });
    for id in &ids {
        app.on_refresh(RefreshEvent::FeedDone {
            id: *id,
            outcome: kabar::feed::refresh::FeedOutcome::Failed(why.into()),
        });
    }
    app.on_refresh(RefreshEvent::Finished(Summary {
        total: 3,
        failed: ids.iter().map(|i| (*i, why.to_string())).collect(),
        unreachable: 3,
        ..Summary::default()
    }));
    let screen = render(&mut app, 100, 12);
    assert!(screen.contains("Tidak ada jaringan: 3 feed"), "{screen}");
    // The status line is one line, not the errors of every feed.
    assert_eq!(screen.matches("could not look up").count(), 3, "{screen}");
    insta::assert_snapshot!("offline_first_screen_100x12", screen);
}
