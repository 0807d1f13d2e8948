//! The reader lays articles out on a worker: keys are answered at once whatever the body, and
//! the laid-out text arrives as an event (or the plain text, past the time limit).
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kabar::action::Action;
use kabar::app::{App, Event, Screen};
use kabar::config::{Config, FeedConfig};
use kabar::store::{FetchMeta, Store};
use std::time::{Duration, Instant};

const NOW: i64 = 1767243600;

/// An RSS feed of three items, newest first: a normal one, `<div></x>` × 50,000 (nested 50,000
/// deep by an HTML parser) and a huge flat body.
fn feed() -> String {
    let nested = "<div></x>".repeat(50_000);
    let flat = "kata ".repeat(200_000);
    let items = [
        (
            "Biasa",
            "Thu, 01 Jan 2026 04:00:00 GMT",
            "<p>Isi yang biasa.</p>".to_string(),
        ),
        ("Bersarang", "Thu, 01 Jan 2026 03:00:00 GMT", nested),
        (
            "Datar",
            "Thu, 01 Jan 2026 02:00:00 GMT",
            format!("<p>{flat}</p>"),
        ),
    ];
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
         <link>http://news.example/</link>",
    );
    for (i, (title, date, body)) in items.iter().enumerate() {
        xml.push_str(&format!(
            "<item><title>{title}</title><link>http://news.example/{i}</link>\
             <guid>g{i}</guid><pubDate>{date}</pubDate>\
             <description><![CDATA[{body}]]></description></item>"
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

/// The reader on the feed above, 160 columns wide (list and article side by side).
fn app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    let feeds = vec![FeedConfig {
        url: "http://news.example/feed".into(),
        name: Some("Hostile".into()),
        ..Default::default()
    }];
    store.sync_feeds(&feeds).unwrap();
    let row = store.feeds().unwrap().remove(0);
    let parsed = kabar::feed::parse::parse(feed().as_bytes(), &row.url).unwrap();
    kabar::feed::ingest::store_feed(
        &mut store,
        row.id,
        &parsed,
        &FetchMeta::default(),
        1000,
        NOW,
    )
    .unwrap();
    let config = Config {
        feeds,
        language: Some(kabar::i18n::Lang::En),
        ..Config::default()
    };
    let mut app = App::new(store, config);
    app.fixed_now = Some(NOW);
    app.resize(160, 40);
    app
}

/// Press `code` and say how long the app took to answer it.
fn press(app: &mut App, code: KeyCode) -> Duration {
    let t = Instant::now();
    app.key(&KeyEvent::new(code, KeyModifiers::NONE));
    t.elapsed()
}

fn title(app: &App) -> String {
    app.reader.as_ref().unwrap().article.title.clone()
}

#[test]
fn moving_onto_a_pathological_article_answers_keys_without_laying_it_out() {
    let mut app = app();
    app.update(Action::Open); // all articles
    assert_eq!(app.screen, Screen::Articles);
    for (code, want) in [
        (KeyCode::Down, "Bersarang"),
        (KeyCode::Down, "Datar"),
        (KeyCode::Up, "Bersarang"),
    ] {
        let took = press(&mut app, code);
        // The selection moved and the pane follows it, but nothing was laid out here: the
        // layout waits for a worker, the key was handled without it.
        assert_eq!(title(&app), want);
        assert!(app.reader.as_ref().unwrap().rendered.is_none(), "{want}");
        assert!(took < Duration::from_secs(1), "{code:?} took {took:?}");
    }
    // Only the newest request is handed to the loop: the one for the article on screen.
    let job = app.take_layout().expect("a layout is asked for");
    assert_eq!(job.id, app.reader.as_ref().unwrap().article.id);
    assert_eq!(job.width, app.reader_width());
    assert!(app.take_layout().is_none());

    // The worker's answer arrives through the event and is shown.
    let (id, width, seq) = (job.id, job.width, job.seq);
    let text = std::thread::spawn(move || job.run()).join().unwrap();
    app.on_event(Event::ArticleLaidOut {
        id,
        width,
        seq,
        text: text.clone(),
    });
    let (w, shown) = app.reader.as_ref().unwrap().rendered.clone().unwrap();
    assert_eq!((w, &shown), (width, &text));
    assert_eq!(shown.lines[0].1, "Bersarang");

    // Coming back to it later takes the laid-out text from the cache: no second layout.
    press(&mut app, KeyCode::Down);
    app.take_layout();
    press(&mut app, KeyCode::Up);
    assert!(app.reader.as_ref().unwrap().rendered.is_some());
    assert!(app.take_layout().is_none());

    // q leaves the list at once.
    let took = press(&mut app, KeyCode::Char('q'));
    assert!(took < Duration::from_secs(1), "q took {took:?}");
    assert_eq!(app.screen, Screen::Feeds);
}

#[test]
fn an_answer_overtaken_by_a_newer_request_is_dropped() {
    let mut app = app();
    app.update(Action::Open);
    press(&mut app, KeyCode::Down);
    let old = app.take_layout().unwrap();
    // The terminal is resized while the worker runs: the pane wants another width now.
    app.resize(180, 40);
    let new = app.take_layout().unwrap();
    assert_ne!(new.width, old.width);
    let (id, width, seq) = (old.id, old.width, old.seq);
    app.on_event(Event::ArticleLaidOut {
        id,
        width,
        seq,
        text: old.run(),
    });
    assert!(app.reader.as_ref().unwrap().rendered.is_none());
    app.on_event(Event::ArticleLaidOut {
        id: new.id,
        width: new.width,
        seq: new.seq,
        text: new.run(),
    });
    let (w, _) = app.reader.as_ref().unwrap().rendered.clone().unwrap();
    assert_eq!(w, app.reader_width());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_time_limit_the_plain_text_is_shown() {
    let mut app = app();
    app.update(Action::Open);
    press(&mut app, KeyCode::Down);
    let job = app.take_layout().unwrap();
    let t = Instant::now();
    let ev = kabar::tui::lay_out(job, Duration::from_millis(1)).await;
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    app.on_event(ev);
    let (_, text) = app.reader.as_ref().unwrap().rendered.clone().unwrap();
    let note = kabar::i18n::t(app.locale.lang, "label.plain_fallback");
    assert!(
        text.lines.iter().any(|(_, l)| l == note),
        "{:?}",
        &text.lines[..6]
    );
    assert_eq!(text.lines[0].1, "Bersarang");

    // Within the limit, the full layout is what arrives.
    press(&mut app, KeyCode::Up);
    let job = app.take_layout().unwrap();
    let full = job.run();
    let ev = kabar::tui::lay_out(job, Duration::from_secs(60)).await;
    let Event::ArticleLaidOut { text, .. } = ev else {
        panic!("not a layout: {ev:?}")
    };
    assert_eq!(text, full);
}
