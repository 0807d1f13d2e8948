//! `tui::wire`, the backend that writes few bytes: after every frame, a terminal fed its
//! bytes shows exactly the frame (random frames, and the reader driven through its keys).
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::{NOW, fixture_store};
use common::vt::Vt;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kabar::action::Action;
use kabar::app::{App, Screen};
use kabar::config::Config;
use kabar::tui::wire::Wire;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

type WireTerm = Terminal<Wire<Vec<u8>>>;

fn wire_term(w: u16, h: u16) -> WireTerm {
    // REP on odd widths, off on even ones; line drawing on even heights: each way is checked.
    Terminal::new(
        Wire::with_size(Vec::new(), w, h)
            .repeat(w % 2 == 1)
            .line_drawing(h.is_multiple_of(2)),
    )
    .unwrap()
}

/// The bytes written since the last call, fed to `vt`; their count.
fn pump(term: &mut WireTerm, vt: &mut Vt) -> usize {
    let out = std::mem::take(term.backend_mut().writer_mut());
    vt.feed(&out);
    out.len()
}

/// A tiny deterministic generator (no dependency, same frames on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

const STYLES: [Style; 6] = [
    Style::new(),
    Style::new().fg(Color::DarkGray),
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    Style::new().bg(Color::Blue).fg(Color::Black),
    Style::new()
        .fg(Color::Red)
        .add_modifier(Modifier::UNDERLINED.union(Modifier::ITALIC)),
    Style::new()
        .fg(Color::Yellow)
        .add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
];

const WORDS: [&str; 12] = [
    "Lampung",
    "kabar",
    "Way",
    "Kanan",
    "日本",
    "🙂",
    "é",
    "Pringsewu",
    "────────",
    "      ",
    "├──┼──┤",
    "│",
];

fn random_line(rng: &mut Lcg, buf: &mut Buffer, y: u16) {
    let w = buf.area.width;
    let mut x = if rng.next(4) == 0 {
        0
    } else {
        rng.next(3) as u16
    };
    let end = if rng.next(3) == 0 {
        w
    } else {
        rng.next(w as u64) as u16
    };
    while x < end {
        let word = WORDS[rng.next(WORDS.len() as u64) as usize];
        let style = STYLES[rng.next(STYLES.len() as u64) as usize];
        let (nx, _) = buf.set_stringn(x, y, word, (end - x) as usize, style);
        x = nx + 1;
    }
}

/// Frames shaped like the reader's: a title and a status row, a body that scrolls by a line
/// or a page, rows that change, styles, wide characters, blank tails.
#[test]
fn random_frames_reach_the_screen_exactly() {
    for (w, h) in [(40u16, 8u16), (100, 30), (61, 17), (99, 30)] {
        let mut rng = Lcg(u64::from(w) * 31 + u64::from(h));
        let area = Rect::new(0, 0, w, h);
        let mut lines: Vec<Buffer> = Vec::new();
        for _ in 0..200 {
            let mut b = Buffer::empty(Rect::new(0, 0, w, 1));
            random_line(&mut rng, &mut b, 0);
            lines.push(b);
        }
        let mut term = wire_term(w, h);
        let mut vt = Vt::new(w as usize, h as usize);
        let mut top = 0usize;
        for step in 0..300 {
            match rng.next(6) {
                0 => top += 1,
                1 => top += (h - 3) as usize,
                2 => top = top.saturating_sub(1 + rng.next(h as u64) as usize),
                3 => {
                    let i = rng.next(lines.len() as u64) as usize;
                    let mut b = Buffer::empty(Rect::new(0, 0, w, 1));
                    random_line(&mut rng, &mut b, 0);
                    lines[i] = b;
                }
                _ => {}
            }
            top %= lines.len() - h as usize;
            let mut frame = Buffer::empty(area);
            frame.set_string(0, 0, format!(" title {step}"), STYLES[3]);
            for y in 1..h - 1 {
                let src = &lines[top + y as usize];
                for x in 0..w {
                    frame[(x, y)] = src[(x, 0)].clone();
                }
            }
            frame.set_string(0, h - 1, " status ", STYLES[rng.next(5) as usize]);
            if step % 37 == 36 {
                // a clear now and then (what a resize does): the writer starts over from blank
                term.clear().unwrap();
            }
            term.draw(|f| *f.buffer_mut() = frame.clone()).unwrap();
            let out = term.backend().writer().clone();
            pump(&mut term, &mut vt);
            if std::env::var_os("WIRE_DEBUG").is_some() {
                eprintln!("step {step}: {:?}", String::from_utf8_lossy(&out));
                for y in 0..h as usize {
                    eprintln!("  |{}|", vt.line(y));
                }
            }
            if let Some(d) = vt.differs(&frame) {
                panic!("{w}x{h}, step {step}: {d}");
            }
        }
    }
}

#[test]
fn a_scrolled_body_is_sent_as_a_scroll() {
    let (w, h) = (80u16, 24u16);
    let mut term = wire_term(w, h);
    let mut vt = Vt::new(w as usize, h as usize);
    let body: Vec<String> = (0..100)
        .map(|i| format!("line {i} of the article, with enough words to fill a row"))
        .collect();
    let frame_at = |top: usize| {
        let mut b = Buffer::empty(Rect::new(0, 0, w, h));
        b.set_string(0, 0, " kabar", STYLES[3]);
        for y in 1..h - 1 {
            b.set_string(1, y, &body[top + y as usize], Style::new());
        }
        b.set_string(0, h - 1, " status", STYLES[1]);
        b
    };
    term.draw(|f| *f.buffer_mut() = frame_at(0)).unwrap();
    let first = pump(&mut term, &mut vt);
    term.draw(|f| *f.buffer_mut() = frame_at(1)).unwrap();
    let one = pump(&mut term, &mut vt);
    assert!(vt.differs(&frame_at(1)).is_none());
    assert!(
        one < 100,
        "one line down: {one} bytes (first frame {first})"
    );
    term.draw(|f| *f.buffer_mut() = frame_at(1)).unwrap();
    assert_eq!(
        pump(&mut term, &mut vt),
        0,
        "the same frame again writes nothing"
    );
}

/// An article's rule (60 box-drawing cells, 180 bytes of UTF-8) goes out as DEC line drawing on
/// a terminal that knows it (one byte a cell, or a REP), and as UTF-8 on one that does not.
#[test]
fn a_rule_is_drawn_with_dec_line_drawing_where_the_terminal_knows_it() {
    let (w, h) = (80u16, 6u16);
    let mut frame = Buffer::empty(Rect::new(0, 0, w, h));
    frame.set_string(1, 2, "─".repeat(60), STYLES[1]);
    for (rep, lines, most) in [(false, false, 200), (false, true, 90), (true, true, 40)] {
        let mut term = Terminal::new(
            Wire::with_size(Vec::new(), w, h)
                .repeat(rep)
                .line_drawing(lines),
        )
        .unwrap();
        let mut vt = Vt::new(w as usize, h as usize);
        term.draw(|f| *f.buffer_mut() = frame.clone()).unwrap();
        let out = term.backend().writer().clone();
        let n = pump(&mut term, &mut vt);
        assert!(vt.differs(&frame).is_none(), "rep {rep}, lines {lines}");
        assert!(n <= most, "rep {rep}, lines {lines}: {n} bytes");
        assert_eq!(
            out.windows(3).any(|b| b == b"\x1b(0"),
            lines,
            "rep {rep}, lines {lines}: {:?}",
            String::from_utf8_lossy(&out)
        );
        // the character set is always put back: text after it prints as text
        let count = |seq: &[u8]| out.windows(3).filter(|b| *b == seq).count();
        assert_eq!(count(b"\x1b(0"), count(b"\x1b(B"));
    }
    for (term, knows) in [
        ("xterm-256color", true),
        ("xterm", true),
        ("tmux-256color", false),
        ("screen", false),
        ("linux", false),
        ("xterms", false),
        ("", false),
    ] {
        assert_eq!(
            kabar::tui::wire::term_knows_line_drawing(term),
            knows,
            "{term}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// the reader

fn app_with_fixtures() -> App {
    let (store, feeds, _) = fixture_store(&[
        ("Radar Lampung", "radarlampung-seed.xml"),
        ("Lampung Post", "wordpress-full.xml"),
        ("ANTARA Lampung", "antara-excerpt.xml"),
    ]);
    let config = Config {
        feeds,
        language: Some(kabar::i18n::Lang::Id),
        ..Config::default()
    };
    common::app::app(store, config, NOW)
}

/// The same state drawn from scratch.
fn full_redraw(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| kabar::ui::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

enum Step {
    Act(Action),
    Key(char),
    Esc,
}

#[test]
fn the_reader_through_its_keys_shows_what_a_full_redraw_shows() {
    use Step::{Act, Esc, Key};
    let steps = [
        Act(Action::Down),
        Act(Action::Down),
        Act(Action::Down),
        Act(Action::Open),
        Act(Action::Down),
        Act(Action::Open),
        Act(Action::PageDown),
        Act(Action::Down),
        Act(Action::Down),
        Act(Action::PageDown),
        Act(Action::PageUp),
        Act(Action::Up),
        Act(Action::Bottom),
        Act(Action::Top),
        Act(Action::BackOrQuit),
        Act(Action::Down),
        Act(Action::Open),
        Act(Action::PageDown),
        Act(Action::Back),
        Act(Action::BackOrQuit),
        Act(Action::Search),
        Key('l'),
        Key('a'),
        Esc,
        Act(Action::Open),
        Act(Action::PageDown),
        Act(Action::Help),
        Esc,
    ];
    for (w, h) in [(100u16, 30u16), (80, 24), (160, 40), (101, 30)] {
        let mut app = app_with_fixtures();
        app.resize(w, h);
        let mut term = wire_term(w, h);
        let mut vt = Vt::new(w as usize, h as usize);
        let mut opened = false;
        for (i, step) in steps.iter().enumerate() {
            match step {
                Act(a) => app.update(*a),
                Key(c) => app.key(&KeyEvent::new(KeyCode::Char(*c), KeyModifiers::NONE)),
                Esc => app.key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
            }
            app.finish_layout();
            opened |= app.screen == Screen::Article;
            term.draw(|f| kabar::ui::draw(f, &app)).unwrap();
            let n = pump(&mut term, &mut vt);
            let want = full_redraw(&app);
            if let Some(d) = vt.differs(&want) {
                panic!("{w}x{h}, step {i} ({n} bytes): {d}");
            }
        }
        assert!(opened, "the steps reach an article");
    }
}

#[test]
fn a_letter_typed_at_the_search_prompt_is_a_byte_or_so() {
    let mut app = app_with_fixtures();
    app.resize(100, 30);
    let mut term = wire_term(100, 30);
    let mut vt = Vt::new(100, 30);
    term.draw(|f| kabar::ui::draw(f, &app)).unwrap();
    pump(&mut term, &mut vt);
    app.update(Action::Search);
    term.draw(|f| kabar::ui::draw(f, &app)).unwrap();
    pump(&mut term, &mut vt);
    // One character is not searched as it is typed: the screen only echoes it.
    app.key(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE));
    assert_eq!(app.screen, Screen::Feeds);
    term.draw(|f| kabar::ui::draw(f, &app)).unwrap();
    let n = pump(&mut term, &mut vt);
    assert!(vt.differs(&full_redraw(&app)).is_none());
    assert!(n <= 2, "the echo of one letter took {n} bytes");
    // Enter runs it.
    app.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(app.screen, Screen::Articles);
    assert_eq!(app.list.as_ref().unwrap().search.as_deref(), Some("w"));
}
