//! Undo (`U`), the terminal title and the day headings of lists, in the store and through
//! Actions on a TestBackend.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::{NOW, fixture_store};
use common::screen::render;
use kabar::action::Action;
use kabar::app::{App, Effect};
use kabar::config::{Config, FeedConfig};
use kabar::i18n::Lang;
use kabar::store::{ListQuery, Store};

fn store() -> (Store, Vec<FeedConfig>) {
    let (store, feeds, _) = fixture_store(&[
        ("Lampung Post", "wordpress-full.xml"),
        ("ANTARA Lampung", "antara-excerpt.xml"),
        ("Kabar Kecil", "broken-smallcms.xml"),
    ]);
    (store, feeds)
}

fn app(lang: Lang) -> App {
    let (store, feeds) = store();
    let config = Config {
        feeds,
        language: Some(lang),
        ..Config::default()
    };
    common::app::app(store, config, NOW)
}

/// (id, read, saved) of every article.
fn states(store: &Store) -> Vec<(i64, bool, bool)> {
    let mut v: Vec<_> = store
        .page(&ListQuery::default(), 0, -1)
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.read, r.saved))
        .collect();
    v.sort();
    v
}

/// Run the effects the app asked for that undo needs (the edge's part, as tui does).
fn run_undo(app: &mut App) {
    for e in app.take_effects() {
        if let Effect::Undo(step) = e {
            let ev = kabar::tui::undo::run(&mut app.store, step);
            app.on_event(ev);
        }
    }
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn mark_all_then_undo_restores_the_mixed_states_exactly() {
    let (mut store, _) = store();
    let ids: Vec<i64> = states(&store).iter().map(|s| s.0).collect();
    assert!(ids.len() >= 4);
    store.set_read(&ids[..2], true).unwrap();
    store.set_saved(&ids[1..3], true).unwrap();
    let before = states(&store);
    let changed = store.mark_all_read_changed(None).unwrap();
    assert_eq!(changed.ids.len(), ids.len() - 2, "only the unread ones");
    assert!(states(&store).iter().all(|s| s.1));
    assert_eq!(store.restore(&changed).unwrap(), ids.len() - 2);
    assert_eq!(states(&store), before, "already-read articles stay read");
    // Saved too.
    let changed = store.set_saved_changed(&ids, true).unwrap();
    assert_eq!(changed.ids.len(), ids.len() - 2);
    store.restore(&changed).unwrap();
    assert_eq!(states(&store), before);
}

#[test]
fn u_undoes_a_then_n_then_says_nothing_is_left() {
    let mut app = app(Lang::Id);
    let before = states(&app.store);
    app.update(Action::Down); // Tersimpan
    app.update(Action::Down); // Lampung Post
    app.update(Action::Open);
    app.update(Action::ToggleRead); // N on the first row
    app.update(Action::Back);
    app.update(Action::MarkAllRead);
    let unread = before.iter().filter(|s| !s.1).count() - 1;
    app.update(Action::Undo);
    run_undo(&mut app);
    assert_eq!(
        status(&app),
        format!("Dibatalkan: tandai semua dibaca ({unread} artikel)")
    );
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("Dibatalkan: tandai semua dibaca"),
        "{screen}"
    );
    app.update(Action::Undo);
    run_undo(&mut app);
    assert_eq!(status(&app), "Dibatalkan: tandai dibaca (1 artikel)");
    assert_eq!(states(&app.store), before);
    app.update(Action::Undo);
    assert!(app.take_effects().is_empty());
    assert_eq!(status(&app), "Tidak ada yang bisa dibatalkan");
}

#[test]
fn undo_is_said_in_english_with_grouped_digits() {
    let mut app = app(Lang::En);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Open);
    app.update(Action::ToggleSaved);
    app.update(Action::Undo);
    run_undo(&mut app);
    assert_eq!(status(&app), "Undone: save (1 article)");
    assert_eq!(kabar::app::undo::group_digits(1234, Lang::En), "1,234");
    app.update(Action::Undo);
    assert_eq!(status(&app), "Nothing to undo");
}

#[test]
fn the_title_is_pushed_shown_on_change_and_popped_once() {
    use kabar::tui::title::{POP, PUSH, TitleStack};
    let t = TitleStack::new();
    t.enable(true);
    let mut out = Vec::new();
    t.push(&mut out).unwrap();
    assert!(t.show(&mut out, "kabar — 3 unread").unwrap());
    assert!(!t.show(&mut out, "kabar — 3 unread").unwrap(), "unchanged");
    assert!(t.show(&mut out, "kabar — 2\x1b]0;evil\x07 unread").unwrap());
    t.pop(&mut out).unwrap();
    t.pop(&mut out).unwrap();
    let mut want = PUSH.to_vec();
    want.extend(b"\x1b]2;kabar \xe2\x80\x94 3 unread\x07");
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(out.starts_with(&want), "{text:?}");
    assert!(out.ends_with(POP));
    assert_eq!(text.matches("\x1b[23;0t").count(), 1, "one pop");
    assert_eq!(
        text.matches('\x07').count(),
        2,
        "no control char of the text got through"
    );

    // title = false: nothing at all.
    let off = TitleStack::new();
    off.enable(false);
    let mut out = Vec::new();
    off.push(&mut out).unwrap();
    off.show(&mut out, "kabar").unwrap();
    off.pop(&mut out).unwrap();
    assert!(out.is_empty());
}

#[test]
fn the_title_text_follows_the_unread_count_and_language() {
    let mut app = app(Lang::Id);
    let n = app.feeds[0].counts().0;
    assert_eq!(
        kabar::tui::title::text(&app),
        format!("kabar — {n} belum dibaca")
    );
    app.update(Action::MarkAllRead);
    assert_eq!(kabar::tui::title::text(&app), "kabar — 0 belum dibaca");
    let app = self::app(Lang::En);
    assert!(kabar::tui::title::text(&app).ends_with(" unread"));
}

#[test]
fn title_and_date_headings_switch_off_in_config() {
    let c: Config = toml::from_str("title = false\ndate_headings = false\n").unwrap();
    assert!(!c.title && !c.date_headings);
    let c: Config = toml::from_str("").unwrap();
    assert!(c.title && c.date_headings);
}

/// The fixtures' articles (the newest at 11:59 WIB on 1 Jan 2026), seen at `NOW` (noon).
fn midnight_app(lang: Lang, headings: bool) -> App {
    let (store, feeds) = store();
    let config = Config {
        feeds,
        language: Some(lang),
        date_headings: headings,
        ..Config::default()
    };
    common::app::app(store, config, NOW)
}

#[test]
fn headings_in_both_languages_and_not_selectable() {
    let mut app = midnight_app(Lang::Id, true);
    app.update(Action::Open); // Semua artikel
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Hari ini"), "{screen}");
    assert!(screen.contains("Senin, 28 Juli 2025"), "{screen}");
    // j moves from row to row: the heading between them is never selected.
    let before = app.list.as_ref().unwrap().selected;
    app.update(Action::Down);
    assert_eq!(app.list.as_ref().unwrap().selected, before + 1);
    app.update(Action::Bottom);
    let list = app.list.as_ref().unwrap();
    assert_eq!(list.selected, list.total - 1);
    let lines = app.list_lines(app.list_height() as usize);
    assert!(
        lines.contains(&kabar::app::headings::ListLine::Row(list.total - 1)),
        "G keeps the last row on screen under its headings: {lines:?}"
    );

    let mut en = midnight_app(Lang::En, true);
    en.update(Action::Open);
    let screen = render(&mut en, 80, 24);
    assert!(screen.contains("Today"), "{screen}");
    assert!(screen.contains("Monday, 28 July 2025"), "{screen}");

    let mut off = midnight_app(Lang::Id, false);
    off.update(Action::Open);
    let screen = render(&mut off, 80, 24);
    assert!(!screen.contains("Hari ini"), "{screen}");
}

#[test]
fn kemarin_across_midnight_wib() {
    let mut app = midnight_app(Lang::Id, true);
    // 11:59 WIB on 1 Jan is the newest article; seen at 00:10 WIB on 2 Jan it is yesterday.
    app.fixed_now = Some(NOW + 12 * 3600 + 10 * 60);
    app.update(Action::Open);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Kemarin"), "{screen}");
    assert!(!screen.contains("Hari ini"), "{screen}");
    insta::assert_snapshot!("headings_kemarin_80x24", screen);
}
