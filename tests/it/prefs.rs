//! Preferences: both languages, key overrides reaching help, ASCII drawing, NO_COLOR-like theme,
//! time zones, and `+` adding a feed found on a page.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::{NOW, feed, store_fixtures};
use common::screen::draw as screen;
use common::{Server, fixture};
use kabar::action::Action;
use kabar::app::{App, Screen};
use kabar::config::Config;
use kabar::store::Store;

fn app_with(config_text: &str) -> App {
    let mut config = Config::parse(config_text, "config.toml").unwrap();
    config.feeds = vec![feed("Radar Lampung", "http://feeds.example/radar.xml")];
    let mut store = Store::open_in_memory().unwrap();
    store_fixtures(
        &mut store,
        &config.feeds,
        &["fixtures/radarlampung-seed.xml"],
        NOW,
    );
    let mut app = common::app::app(store, config, NOW);
    app.resize(100, 30);
    app
}

#[test]
fn english_and_indonesian_interfaces() {
    let mut en = app_with("language = \"en\"\n");
    let (s, _) = screen(&mut en);
    assert!(
        s.contains("All articles") && s.contains("Saved") && s.contains("unread"),
        "{s}"
    );
    assert!(!s.contains("Semua artikel"));
    en.update(Action::Help);
    let (s, _) = screen(&mut en);
    assert!(
        s.contains("Help: keys") && s.contains("down one line"),
        "{s}"
    );
    en.update(Action::Back);
    en.update(Action::Down);
    en.update(Action::Down);
    en.update(Action::Open);
    en.update(Action::Open);
    let (s, _) = screen(&mut en);
    assert!(s.contains("22 Apr 2019 15:40 WIB"), "{s}");
    insta::assert_snapshot!("article_en", s);

    let mut id = app_with("language = \"id\"\n");
    let (s, _) = screen(&mut id);
    assert!(s.contains("Semua artikel") && s.contains("Tersimpan") && s.contains("belum dibaca"));
    id.update(Action::Help);
    let (s, _) = screen(&mut id);
    assert!(s.contains("Bantuan: tombol") && s.contains("turun satu baris"));
}

#[test]
fn time_zone_and_relative_dates() {
    let mut app = app_with("language = \"id\"\ntimezone = \"Asia/Jayapura\"\n");
    app.fixed_now = Some(1555922400 + 300); // five minutes after the story
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Open);
    app.update(Action::Open);
    let (s, _) = screen(&mut app);
    assert!(s.contains("22 Apr 2019 17:40 WIT (5 menit lalu)"), "{s}");
}

#[test]
fn key_overrides_reach_help_and_handling() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let app = app_with("language = \"en\"\n[keys]\nopen = [\"enter\", \"o\"]\nquit = [\"x\"]\n");
    let k = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(app.keymap.action(&k('o')), Some(Action::Open));
    assert_eq!(
        app.keymap.action(&k('l')),
        None,
        "open's default l is replaced"
    );
    assert_eq!(app.keymap.action(&k('x')), Some(Action::BackOrQuit));
    assert_eq!(app.keymap.action(&k('q')), None);
    let rows = app.keymap.help_rows(app.locale.lang);
    let open = rows
        .iter()
        .find(|(_, d)| *d == "open feed / article")
        .unwrap();
    assert_eq!(open.0, "Enter o");
    let browser = rows
        .iter()
        .find(|(_, d)| d.starts_with("open the article's link in"))
        .unwrap();
    assert_eq!(browser.0, "", "o moved away from open_in_browser");
    let mut app = app;
    app.update(Action::Help);
    let (s, _) = screen(&mut app);
    assert!(s.contains("Enter o"), "{s}");
}

/// Every action of the table can be given a key of its own in `[keys]`, link keys included,
/// and the key then does that action (and the default keys no longer do).
#[test]
fn every_action_can_be_rebound() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for row in kabar::action::TABLE {
        let cfg = format!("language = \"en\"\n[keys]\n{} = [\"ctrl-t\"]\n", row.name);
        let config = Config::parse(&cfg, "config.toml")
            .unwrap_or_else(|e| panic!("{} is a valid name: {e}", row.name));
        let km = kabar::keymap::Keymap::with_overrides(&config.keys);
        let ev = KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL);
        assert_eq!(km.action(&ev), Some(row.action), "{}", row.name);
        assert_eq!(
            km.keys_for(row.action).len(),
            1,
            "{}: defaults gone",
            row.name
        );
    }
    // Old names keep working.
    let config = Config::parse("[keys]\nquit = [\"x\"]\n", "config.toml").unwrap();
    let km = kabar::keymap::Keymap::with_overrides(&config.keys);
    let ev = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(km.action(&ev), Some(Action::BackOrQuit));
    // Link 3 moved to `#`: `3` does nothing now, `#` opens link 3.
    let config = Config::parse("[keys]\nopen_link_3 = [\"#\"]\n", "config.toml").unwrap();
    let km = kabar::keymap::Keymap::with_overrides(&config.keys);
    let k = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(km.action(&k('#')), Some(Action::OpenLink(3)));
    assert_eq!(km.action(&k('3')), None);
    assert_eq!(km.action(&k('4')), Some(Action::OpenLink(4)));
}

#[test]
fn bad_key_config_is_an_error_with_its_line() {
    let err = Config::parse("[keys]\nteleport = [\"t\"]\n", "config.toml").unwrap_err();
    assert!(err.to_string().starts_with("config.toml line 2:"), "{err}");
    let err = Config::parse("[keys]\nopen = [\"hyper-x\"]\n", "config.toml").unwrap_err();
    assert!(err.to_string().contains("unknown key"), "{err}");
    let err = Config::parse("[theme]\nlink = \"ungu\"\n", "config.toml").unwrap_err();
    assert!(err.to_string().contains("unknown colour"), "{err}");
    assert!(err.to_string().starts_with("config.toml line 2:"), "{err}");
    assert!(err.to_string().contains("\"ungu\""), "{err}");
    let err = Config::parse("\ntimezone = \"Mars/Olympus\"\n", "config.toml").unwrap_err();
    assert!(err.to_string().starts_with("config.toml line 2:"), "{err}");
    assert!(err.to_string().contains("\"Mars/Olympus\""), "{err}");
    let err = Config::parse("language = \"jv\"\n", "config.toml").unwrap_err();
    assert!(err.to_string().contains("language"), "{err}");
}

#[test]
fn ascii_mode_draws_no_box_drawing_or_symbols() {
    let mut app = app_with("language = \"id\"\nascii = true\n");
    app.update(Action::Help);
    let (s, _) = screen(&mut app);
    assert!(s.contains('+') && s.contains('|'), "{s}");
    app.update(Action::Back);
    app.update(Action::Open);
    app.resize(160, 40);
    app.update(Action::Open);
    let (s, _) = screen(&mut app);
    // Article text keeps its own typography; the chrome is plain ASCII.
    let chrome = |c: char| ('\u{2500}'..='\u{257f}').contains(&c) || "●★⟳·✓▏".contains(c);
    assert!(!s.chars().any(chrome), "box drawing or marks in:\n{s}");
}

#[test]
fn theme_colours_and_no_color() {
    use ratatui::style::Color;
    let c = Config::parse(
        "[theme]\nlink = \"#ff8000\"\nerror = \"magenta\"\n",
        "config.toml",
    )
    .unwrap();
    let t = kabar::ui::theme::Theme::from_config(&c, false);
    assert_eq!(t.link().fg, Some(Color::Rgb(255, 128, 0)));
    assert_eq!(t.error().fg, Some(Color::Magenta));
    let plain = kabar::ui::theme::Theme::from_config(&c, true);
    for style in [
        plain.link(),
        plain.error(),
        plain.dim(),
        plain.unread(),
        plain.selected(),
    ] {
        assert_eq!(style.fg, None, "NO_COLOR: no foreground colours");
        assert_eq!(style.bg, None, "NO_COLOR: no background colours");
    }
}

#[test]
fn plus_finds_feeds_on_a_page_and_adds_the_pick() {
    let server = Server::start();
    server.ok("/antara.xml", fixture("fixtures/antara-excerpt.xml"), None);
    server.ok("/lampost.xml", fixture("fixtures/wordpress-full.xml"), None);
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "# mine\nlanguage = \"id\"\n").unwrap();
    let mut app = app_with("language = \"id\"\n");
    app.config_path = Some(cfg.clone());
    app.update(Action::AddFeed);
    assert!(app.mode.add_input().is_some());
    // What the loop would hand back from discovery of a page announcing two feeds.
    app.mode = kabar::app::Mode::Browse;
    app.on_discovered(Ok(vec![
        ("ANTARA".into(), server.url("/antara.xml")),
        ("Lampost".into(), server.url("/lampost.xml")),
    ]));
    let (s, _) = screen(&mut app);
    assert!(
        s.contains("Pilih feed") && s.contains("ANTARA") && s.contains("Lampost"),
        "{s}"
    );
    app.pick_key(&crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('2'),
        crossterm::event::KeyModifiers::NONE,
    ));
    // The app asks the edge to write config.toml; the edge answers with an event.
    let fx = app.take_effects();
    let [kabar::app::Effect::WriteFeed { path, url, name }] = fx.as_slice() else {
        panic!("the pick asks for a config write: {fx:?}");
    };
    assert_eq!(path, &cfg);
    app.on_event(kabar::tui::write_feed(path, url.clone(), name.clone()));
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.starts_with("# mine\n"), "comments kept:\n{text}");
    assert!(text.contains(&server.url("/lampost.xml")), "{text}");
    assert!(
        app.feeds
            .iter()
            .any(|f| f.name(app.locale.lang) == "Lampost")
    );
    assert_eq!(app.screen, Screen::Feeds);
    let fx = app.take_effects();
    assert!(
        matches!(fx.as_slice(), [kabar::app::Effect::Refresh(ids)] if ids.len() == 1),
        "the new feed is refreshed: {fx:?}"
    );
}

#[test]
fn headless_output_follows_the_language() {
    let server = Server::start();
    server.ok("/antara.xml", fixture("fixtures/antara-excerpt.xml"), None);
    let dir = common::config_dir(&[("ANTARA", &server.url("/antara.xml"))], "");
    let (_, out, _) = common::kabar_env(dir.path(), &["refresh"], &[("LANG", "id_ID.UTF-8")]);
    assert!(out.contains("ANTARA: ok 3 baru"), "{out}");
    assert!(out.contains("1 feed: 1 diperbarui"), "{out}");
    let (_, out, _) = common::kabar_env(dir.path(), &["refresh"], &[("LANG", "en_US.UTF-8")]);
    assert!(out.contains("ANTARA: not modified"), "{out}");
    let (code, _, err) =
        common::kabar_env(dir.path(), &["show", "9999"], &[("LANG", "id_ID.UTF-8")]);
    assert_eq!(code, 1);
    assert!(err.contains("tidak ada artikel dengan id 9999"), "{err}");
}
