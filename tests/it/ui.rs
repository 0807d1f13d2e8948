//! The reader's screens rendered into ratatui's TestBackend, driven through Actions.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::{NOW, fixture_store};
use common::screen::render;
use kabar::action::Action;
use kabar::app::{App, Effect, Screen};
use kabar::config::Config;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app_with_fixtures() -> App {
    let (mut store, feeds, ids) = fixture_store(&[
        ("Radar Lampung", "radarlampung-seed.xml"),
        ("Lampung Post", "wordpress-full.xml"),
        ("ANTARA Lampung", "antara-excerpt.xml"),
        ("Kabar Kecil", "broken-smallcms.xml"),
    ]);
    store.mark_failed(ids[3], "HTTP 500", None, NOW).unwrap();
    let config = Config {
        feeds,
        language: Some(kabar::i18n::Lang::Id),
        ..Config::default()
    };
    common::app::app(store, config, NOW)
}

#[test]
fn feed_list_80x24() {
    let mut app = app_with_fixtures();
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Semua artikel"));
    assert!(screen.contains("Radar Lampung"));
    assert!(
        screen.contains("gagal: HTTP 500"),
        "failed feed shows its error"
    );
    insta::assert_snapshot!("feeds_80x24", screen);
}

#[test]
fn article_list_and_article_80x24() {
    let mut app = app_with_fixtures();
    app.update(Action::Down); // Tersimpan
    app.update(Action::Down); // Radar Lampung
    app.update(Action::Down); // Lampung Post
    app.update(Action::Down); // ANTARA
    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Articles);
    let screen = render(&mut app, 80, 24);
    assert_eq!(app.list.as_ref().unwrap().total, 3);
    insta::assert_snapshot!("articles_80x24", screen);

    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Article);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("WIB"), "date in WIB:\n{screen}");
    insta::assert_snapshot!("article_80x24", screen);
    assert!(
        app.reader.as_ref().unwrap().article.read,
        "opening marks read"
    );

    // Back to the list: the article is no longer bold/unread.
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Articles);
    assert!(app.list.as_ref().unwrap().rows[0].read);
    app.update(Action::BackOrQuit);
    assert_eq!(app.screen, Screen::Feeds);
    let (unread, total) = app.feeds[4].counts();
    assert_eq!((unread, total), (2, 3));
    app.update(Action::BackOrQuit);
    assert!(app.quit);
}

#[test]
fn radar_article_reads_with_wib_date() {
    let mut app = app_with_fixtures();
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Open);
    app.update(Action::Open);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("22 Apr 2019 15:40 WIB"), "{screen}");
}

#[test]
fn help_lists_every_key() {
    let mut app = app_with_fixtures();
    app.update(Action::Help);
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!("help_80x24", screen);
    // At 80x24 help scrolls; every action is listed somewhere in it.
    let mut seen = screen.clone();
    for _ in 0..Action::in_help().count() {
        app.update(Action::Down);
        seen.push_str(&render(&mut app, 80, 24));
    }
    assert!(app.mode.is_help(), "j/k scroll the help");
    for a in Action::in_help() {
        assert!(
            seen.contains(a.describe(app.locale.lang)),
            "help lacks {a:?}:\n{seen}"
        );
    }
    let screen = render(&mut app, 120, 40);
    for a in Action::in_help() {
        assert!(
            screen.contains(a.describe(app.locale.lang)),
            "tall help lacks {a:?}"
        );
    }
    app.update(Action::Back);
    assert!(!app.mode.is_help(), "any other key closes help");
    // One mode at a time: `?` then `/` leaves help for the search line, never both open.
    app.update(Action::Help);
    app.update(Action::Search);
    assert_eq!(app.mode.search_input(), Some(""));
    assert!(!app.mode.is_help());
    let screen = render(&mut app, 80, 24);
    assert!(
        !screen.contains(app.locale.t("label.help_title")),
        "{screen}"
    );
}

#[test]
fn wide_terminal_shows_list_and_article_side_by_side() {
    let mut app = app_with_fixtures();
    app.update(Action::Open); // all articles
    app.resize(160, 40);
    app.update(Action::Down);
    app.update(Action::Open);
    let screen = render(&mut app, 160, 40);
    assert_eq!(app.screen, Screen::Article);
    let first = screen.lines().nth(2).unwrap();
    assert!(first.contains('│'), "two panes:\n{screen}");
    insta::assert_snapshot!("article_wide_160x40", screen);
    let screen = render(&mut app, 80, 24);
    assert!(
        !screen.lines().nth(2).unwrap().contains('│'),
        "narrow again after resize"
    );
}

#[test]
fn tiny_terminal_gets_a_notice() {
    let mut app = app_with_fixtures();
    let screen = render(&mut app, 30, 6);
    assert!(screen.contains("Terminal terlalu"), "{screen}");
}

#[test]
fn keys_map_to_actions() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let app = app_with_fixtures();
    let k = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(app.keymap.action(&k('j')), Some(Action::Down));
    assert_eq!(app.keymap.action(&k('q')), Some(Action::BackOrQuit));
    assert_eq!(app.keymap.action(&k('R')), Some(Action::RefreshAll));
    assert_eq!(
        app.keymap
            .action(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        Some(Action::Open)
    );
    assert_eq!(app.keymap.action(&k('x')), None);
}

#[test]
fn unread_filter_next_unread_toggle_and_mark_read() {
    let mut app = app_with_fixtures();
    app.update(Action::Open); // all: 1 + 1 + 3 + 3 = 8
    assert_eq!(app.list.as_ref().unwrap().total, 8);
    app.update(Action::Open);
    app.update(Action::Back);
    app.update(Action::ToggleUnreadOnly);
    assert_eq!(app.list.as_ref().unwrap().total, 7);
    app.update(Action::ToggleUnreadOnly);
    app.update(Action::Top);
    app.update(Action::NextUnread);
    let sel = app.list.as_ref().unwrap().selected_row().unwrap().clone();
    assert!(!sel.read, "n moves to an unread article");
    app.update(Action::ToggleRead);
    assert!(app.list.as_ref().unwrap().selected_row().unwrap().read);
    app.update(Action::ToggleRead);
    assert!(!app.list.as_ref().unwrap().selected_row().unwrap().read);
    app.update(Action::MarkFeedRead);
    assert_eq!(app.feeds[0].counts().0, 0);
    app.update(Action::BackOrQuit);
    app.update(Action::NextUnread);
    assert_eq!(app.screen, Screen::Feeds, "nothing unread: stays");
}

#[test]
fn refresh_keys_ask_the_loop_and_links_are_opened_as_effects() {
    let mut app = app_with_fixtures();
    app.update(Action::RefreshAll);
    assert_eq!(app.take_effects(), vec![Effect::Refresh(vec![])]);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::RefreshFeed);
    let id = match &app.feeds[2] {
        kabar::app::FeedEntry::Feed(f) => f.id,
        _ => unreachable!(),
    };
    assert_eq!(app.take_effects(), vec![Effect::Refresh(vec![id])]);
    app.update(Action::Open);
    app.update(Action::Open);
    app.update(Action::OpenInBrowser);
    app.update(Action::CopyLink);
    let fx = app.take_effects();
    assert!(
        matches!(&fx[0], Effect::OpenUrl(u) if u.starts_with("http")),
        "{fx:?}"
    );
    assert!(
        matches!(&fx[1], Effect::Copy(u) if u.starts_with("http")),
        "{fx:?}"
    );
}

#[test]
fn progress_and_result_line() {
    use kabar::feed::refresh::{FeedOutcome, RefreshEvent, Summary};
    let mut app = app_with_fixtures();
    let ids: Vec<i64> = app
        .feeds
        .iter()
        .filter_map(|f| match f {
            kabar::app::FeedEntry::Feed(f) => Some(f.id),
            _ => None,
        })
        .collect();
    app.refresh_started(&[]);
    app.on_refresh(RefreshEvent::Started { total: 4 });
    app.on_refresh(RefreshEvent::FeedDone {
        id: ids[0],
        outcome: FeedOutcome::NotModified,
    });
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Memperbarui 1/4"), "{screen}");
    assert!(screen.contains('⟳'), "refreshing feeds are marked");
    app.on_refresh(RefreshEvent::FeedDone {
        id: ids[3],
        outcome: FeedOutcome::Failed("HTTP 500".into()),
    });
    app.on_refresh(RefreshEvent::Finished(Summary {
        total: 4,
        updated: 2,
        not_modified: 1,
        failed: vec![(ids[3], "HTTP 500".into())],
        ..Summary::default()
    }));
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("1 gagal: Kabar Kecil (HTTP 500)"),
        "{screen}"
    );
}

/// Cells that differ between two frames: what the terminal is sent for a keypress.
fn changed_cells(app: &mut App, w: u16, h: u16, action: Action) -> Vec<(u16, u16)> {
    app.resize(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| kabar::ui::draw(f, app)).unwrap();
    let before = term.backend().buffer().clone();
    app.update(action);
    term.draw(|f| kabar::ui::draw(f, app)).unwrap();
    let after = term.backend().buffer().clone();
    before
        .diff(&after)
        .into_iter()
        .map(|(x, y, _)| (x, y))
        .collect()
}

#[test]
fn moving_the_selection_rewrites_few_cells_of_two_rows() {
    // What an SSH link carries per keypress: the old and the new row's text change style, the
    // padding to the right edge does not (the highlight ends with the text).
    let mut app = app_with_fixtures();
    let cells = changed_cells(&mut app, 200, 30, Action::Down);
    let rows: std::collections::BTreeSet<u16> = cells.iter().map(|c| c.1).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        cells.len() < 2 * 80,
        "{} cells changed on a 200-column screen",
        cells.len()
    );
    app.update(Action::Open);
    let cells = changed_cells(&mut app, 200, 30, Action::Down);
    let rows: std::collections::BTreeSet<u16> = cells.iter().map(|c| c.1).collect();
    assert!(
        rows.len() <= 3,
        "the two rows (and the status line): {rows:?}"
    );
    // In the article list the selection bar covers the mark, date and feed columns only.
    assert!(cells.len() <= 2 * 32, "{} cells changed", cells.len());
}

/// Issue 13 finding 12: side by side, the article pane once cut the last column of text
/// ("laki-Iak" at 150 columns, "dala" at 160). Every line of the laid-out article that is on
/// screen must be there whole, at every wide width.
#[test]
fn wide_article_pane_never_cuts_words() {
    for w in 140..=220u16 {
        let mut app = app_with_fixtures();
        app.update(Action::Open); // all articles
        app.resize(w, 60);
        let mut screen = String::new();
        // Every article of the list, so a long body line is met at every width.
        for i in 0..app.list.as_ref().unwrap().total {
            if i > 0 {
                app.update(Action::Back);
                app.update(Action::Down);
            }
            app.update(Action::Open);
            screen = render(&mut app, w, 60);
            let reader = app.reader.as_ref().unwrap();
            let (_, text) = reader.rendered.as_ref().unwrap();
            for (_, line) in text.lines.iter().take(57) {
                let line = line.trim_end();
                assert!(
                    screen.lines().any(|s| s.contains(line)),
                    "width {w}: {line:?} is not on screen whole:\n{screen}"
                );
            }
        }
        assert!(!screen.is_empty());
    }
}
