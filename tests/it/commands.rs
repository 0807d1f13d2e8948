//! User commands: `[[commands]]` keys, `|` and `kabar run`. A recording script shows that a
//! hostile title arrives as one sanitised argument and that no shell ever ran it.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::{NOW, feed, store_fixtures};
use common::screen::render;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kabar::action::Action;
use kabar::app::{App, Effect, Event, Mode, Screen};
use kabar::config::Config;
use kabar::store::Store;
use std::path::{Path, PathBuf};

/// A title with every trick: command substitution, `;`, quotes, a screen-clearing escape
/// sequence and a bidi override.
const HOSTILE: &str = "$(touch pwned); rm -rf x \"q\" 'q' \u{1b}[2J\u{202e}evil";
/// What the title is once sanitised.
const CLEAN: &str = "$(touch pwned); rm -rf x \"q\" 'q' evil";

/// A script writing each argument on its own line into `argv`, and its stdin into `stdin`.
struct Recorder {
    dir: tempfile::TempDir,
    script: PathBuf,
}

impl Recorder {
    fn new() -> Recorder {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("record");
        let text = format!(
            "#!/bin/sh\ncd '{d}'\nprintf '%s\\n' \"$@\" > argv\ncat > stdin\n",
            d = dir.path().display()
        );
        std::fs::write(&script, text).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        Recorder { dir, script }
    }

    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default()
    }

    fn no_pwned(&self) {
        assert!(!self.dir.path().join("pwned").exists(), "a shell ran");
        assert!(!Path::new("pwned").exists(), "a shell ran");
    }
}

/// `[[commands]]` running the recorder on key `w`.
fn commands_toml(rec: &Recorder, input: &str) -> String {
    format!(
        "[[commands]]\nkey = \"w\"\nname = \"rekam\"\ndescription = \"record the article\"\n\
         run = [\"{}\", \"{{title}}\", \"--url={{url}}\", \"{{id}}\", \"{{feed}}\"]\ninput = \"{input}\"\n",
        rec.script.display()
    )
}

/// Store one article (Radar Lampung's) and make its title hostile; returns its id.
fn hostile_store(store: &mut Store) -> i64 {
    let feeds = [feed("Radar Lampung", "http://feeds.example/radar.xml")];
    store_fixtures(store, &feeds, &["fixtures/radarlampung-seed.xml"], NOW);
    let row = store.page(&Default::default(), 0, 1).unwrap().remove(0);
    row.id
}

fn set_title(db: &Path, id: i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute(
        "UPDATE articles SET title = ?1 WHERE id = ?2",
        rusqlite::params![HOSTILE, id],
    )
    .unwrap();
}

/// Retry while the freshly written script is "text file busy" (a fork elsewhere in this
/// multi-threaded test process briefly held it open).
fn retry<T>(mut f: impl FnMut() -> Option<T>) -> T {
    for _ in 0..50 {
        if let Some(v) = f() {
            return v;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("never ran");
}

#[test]
fn kabar_run_passes_a_hostile_title_as_one_clean_argument() {
    let rec = Recorder::new();
    let dir = common::config_dir(&[], &commands_toml(&rec, "text"));
    let db = dir.path().join("kabar.db");
    let id = {
        let (mut store, _) = Store::open(&db).unwrap();
        hostile_store(&mut store)
    };
    set_title(&db, id);
    let ids = id.to_string();
    for which in ["w", "rekam"] {
        let _ = std::fs::remove_file(rec.dir.path().join("argv"));
        let (code, _, err) = retry(|| {
            let r = common::kabar(dir.path(), &["run", which, &ids]);
            (!r.2.contains("busy")).then_some(r)
        });
        assert_eq!(code, 0, "{err}");
        let argv = rec.file("argv");
        let lines: Vec<&str> = argv.lines().collect();
        assert_eq!(lines[0], CLEAN, "{argv:?}");
        assert!(lines[1].starts_with("--url=http"), "{argv:?}");
        assert_eq!(lines[2], ids);
        assert_eq!(lines[3], "Radar Lampung");
        assert_eq!(lines.len(), 4, "{argv:?}");
        common::assert_clean("argv", &argv, true);
        let stdin = rec.file("stdin");
        assert!(stdin.starts_with(CLEAN), "{stdin:?}");
        common::assert_clean("stdin", &stdin, true);
        rec.no_pwned();
    }
    // The command's exit status is kabar's; an unknown command or article is kabar's own.
    let fail = tempfile::tempdir().unwrap();
    let toml = "[[commands]]\nkey = \"x\"\nrun = [\"sh\", \"-c\", \"exit 7\"]\n";
    std::fs::write(fail.path().join("config.toml"), toml).unwrap();
    std::fs::copy(&db, fail.path().join("kabar.db")).unwrap();
    assert_eq!(common::kabar(fail.path(), &["run", "x", &ids]).0, 7);
    let (code, _, err) = common::kabar(fail.path(), &["run", "nope", &ids]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no command \"nope\""), "{err}");
    assert_eq!(common::kabar(fail.path(), &["run", "x", "999999"]).0, 1);
}

fn app_with(config_text: &str, db: &Path) -> App {
    let mut config = Config::parse(config_text, "config.toml").unwrap();
    config.language = Some(kabar::i18n::Lang::En);
    let (store, _) = Store::open(db).unwrap();
    common::app::app(store, config, NOW)
}

/// Run the app's effects as the reader's edge does, for a background command.
fn run_effects(app: &mut App) -> Vec<Effect> {
    let effects = app.take_effects();
    for e in &effects {
        if let Effect::RunCommand(job) = e {
            let stdin = kabar::tui::commands::stdin_for(app, job);
            let result = retry(
                || match kabar::commands::run::captured(&job.argv, stdin.clone()) {
                    Err(e) if e.to_string().contains("busy") => None,
                    r => Some(r.map_err(|e| e.to_string())),
                },
            );
            app.on_event(Event::CommandDone {
                label: job.label.clone(),
                result,
            });
        }
    }
    effects
}

fn open_first_article(app: &mut App) {
    // Feeds: all, saved, Radar Lampung.
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Articles);
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn reader_key_runs_the_command_with_a_clean_title() {
    let rec = Recorder::new();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    let id = {
        let (mut store, _) = Store::open(&db).unwrap();
        hostile_store(&mut store)
    };
    set_title(&db, id);
    let mut app = app_with(&commands_toml(&rec, "html"), &db);
    // On the feed list there is no article: said, nothing runs.
    app.key(&key('w'));
    assert!(app.take_effects().is_empty());
    open_first_article(&mut app);
    app.key(&key('w'));
    let effects = run_effects(&mut app);
    assert!(
        matches!(&effects[..], [Effect::RunCommand(j)] if !j.terminal),
        "{effects:?}"
    );
    let argv = rec.file("argv");
    assert_eq!(argv.lines().next(), Some(CLEAN), "{argv:?}");
    assert_eq!(argv.lines().count(), 4, "{argv:?}");
    rec.no_pwned();
    assert!(rec.file("stdin").contains('<'), "cleaned HTML on stdin");
    let status = app.status.clone().unwrap().text;
    assert_eq!(status, "rekam: done");
}

#[test]
fn failures_and_non_http_links_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    let id = {
        let (mut store, _) = Store::open(&db).unwrap();
        hostile_store(&mut store)
    };
    let toml = "[[commands]]\nkey = \"x\"\nname = \"gagal\"\n\
                run = [\"sh\", \"-c\", \"echo 'bad \\u001b[31mthing' >&2; exit 3\"]\n\
                [[commands]]\nkey = \"z\"\nrun = [\"true\", \"{url}\"]\n";
    let mut app = app_with(toml, &db);
    open_first_article(&mut app);
    app.key(&key('x'));
    run_effects(&mut app);
    assert_eq!(
        app.status.clone().unwrap().text,
        "gagal failed (code 3): bad thing"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE articles SET link = 'javascript:alert(1)' WHERE id = ?1",
        [id],
    )
    .unwrap();
    app.update(Action::Back);
    open_first_article(&mut app);
    app.key(&key('z'));
    assert!(app.take_effects().is_empty(), "no http link: not run");
    let status = app.status.clone().unwrap().text;
    assert!(status.contains("no http(s) link for {url}"), "{status}");
}

#[test]
fn pipe_prompt_runs_the_typed_words_with_the_text() {
    let rec = Recorder::new();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    {
        let (mut store, _) = Store::open(&db).unwrap();
        hostile_store(&mut store);
    }
    let mut app = app_with("", &db);
    open_first_article(&mut app);
    app.update(Action::Open);
    app.update(Action::Pipe);
    assert!(matches!(app.mode, Mode::Pipe { .. }));
    let line = format!("{} 'a b' $HOME;x", rec.script.display());
    for c in line.chars() {
        app.key(&key(c));
    }
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("| "), "{screen}");
    app.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let effects = app.take_effects();
    let [Effect::RunCommand(job)] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert!(job.terminal);
    assert_eq!(job.argv[1..], ["a b", "$HOME;x"]);
    // As the edge runs it (here without a terminal to hand over).
    let stdin = kabar::tui::commands::stdin_for(&app, job);
    retry(
        || match kabar::commands::run::attached(&job.argv, stdin.clone()) {
            Err(e) if e.to_string().contains("busy") => None,
            r => Some(r.unwrap()),
        },
    );
    let text = rec.file("stdin");
    assert!(text.lines().next().unwrap().len() > 5, "{text}");
    assert!(text.contains("Radar Lampung"), "{text}");
    // An unclosed quote is said; Esc cancels.
    app.update(Action::Pipe);
    for c in "less 'x".chars() {
        app.key(&key(c));
    }
    app.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(app.take_effects().is_empty());
    let status = app.status.clone().unwrap().text;
    assert_eq!(status, "The quote ' at position 6 is not closed");
    app.update(Action::Pipe);
    app.key(&key('x'));
    app.key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(app.mode, Mode::Browse);
    assert!(app.take_effects().is_empty());
}

#[test]
fn help_lists_the_command_keys() {
    let rec = Recorder::new();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    let mut app = app_with(&commands_toml(&rec, "none"), &db);
    app.update(Action::Help);
    let mut seen = render(&mut app, 100, 60);
    for _ in 0..60 {
        app.update(Action::Down);
        seen.push_str(&render(&mut app, 100, 60));
    }
    assert!(seen.contains("Your commands"), "{seen}");
    assert!(
        seen.contains(" w                rekam: record the article"),
        "{seen}"
    );
    assert!(seen.contains("pipe the article's text"), "{seen}");
    app.update(Action::Top);
    app.mode = Mode::Help { scroll: 100 };
    insta::assert_snapshot!("help_commands_100x60", render(&mut app, 100, 60));
}

fn config_error(text: &str) -> String {
    Config::parse(text, "config.toml").unwrap_err().to_string()
}

#[test]
fn config_errors_name_their_line() {
    let ok = "[[commands]]\nkey = \"w\"\nrun = [\"wallabag\", \"add\", \"{url}\"]\n";
    let cfg = Config::parse(ok, "config.toml").unwrap();
    assert_eq!(cfg.commands[0].run[2], "{url}");
    assert!(!cfg.commands[0].terminal);

    let msg = config_error("refresh_minutes = 5\n\n[[commands]]\nkey = \"w\"\nrun = []\n");
    assert!(msg.starts_with("config.toml line 5:"), "{msg}");
    assert!(msg.contains("run is empty"), "{msg}");

    let msg = config_error("[[commands]]\nkey = \"w\"\nrun = [\"x\", \"{titel}\"]\n");
    assert!(msg.starts_with("config.toml line 3:"), "{msg}");
    assert!(msg.contains("unknown placeholder {titel}"), "{msg}");

    let msg = config_error("[[commands]]\nkey = \"w\"\nrun = [\"x\"]\ninput = \"xml\"\n");
    assert!(msg.starts_with("config.toml line 4:"), "{msg}");
    assert!(msg.contains("xml"), "{msg}");

    let msg = config_error("[[commands]]\nkey = \"ctrl-shift-nope\"\nrun = [\"x\"]\n");
    assert!(msg.starts_with("config.toml line 2:"), "{msg}");
    assert!(msg.contains("unknown key"), "{msg}");

    let two = "[[commands]]\nkey = \"w\"\nname = \"a\"\nrun = [\"x\"]\n\n\
               [[commands]]\nname = \"b\"\nkey = \"w\"\nrun = [\"y\"]\n";
    let msg = config_error(two);
    assert!(msg.starts_with("config.toml line 8:"), "{msg}");
    assert!(msg.contains("\"b\"") && msg.contains("\"a\""), "{msg}");

    let msg = config_error("[[commands]]\nkey = \"s\"\nrun = [\"x\"]\n");
    assert!(msg.starts_with("config.toml line 2:"), "{msg}");
    assert!(msg.contains("action \"save\""), "{msg}");
    // Rebinding the action frees its key.
    let freed = "[keys]\nsave = [\"S\"]\n\n[[commands]]\nkey = \"s\"\nrun = [\"x\"]\n";
    assert!(Config::parse(freed, "config.toml").is_ok());
}
