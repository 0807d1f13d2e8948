//! The terminal's title while the reader runs ("kabar — 12 belum dibaca"): the title the user
//! had is pushed on the terminal's title stack at start and popped on every way out.

use crate::app::{App, FeedEntry};
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// XTWINOPS "save the window and icon title on the stack".
pub const PUSH: &[u8] = b"\x1b[22;0t";
/// XTWINOPS "restore the window and icon title from the stack".
pub const POP: &[u8] = b"\x1b[23;0t";

/// The longest title written, in characters.
const MAX_CHARS: usize = 120;

/// The title state of one terminal. The reader's is the static [`TERMINAL`], reachable from
/// the panic hook; tests make their own.
pub struct TitleStack {
    /// `title = true` in the config.
    enabled: AtomicBool,
    /// The user's title is on the stack (so exactly one pop follows one push).
    pushed: AtomicBool,
    /// The title last written: a title is only written when it changes.
    last: Mutex<Option<String>>,
}

/// The reader's terminal.
pub static TERMINAL: TitleStack = TitleStack::new();

impl TitleStack {
    pub const fn new() -> TitleStack {
        TitleStack {
            enabled: AtomicBool::new(false),
            pushed: AtomicBool::new(false),
            last: Mutex::new(None),
        }
    }

    /// `title` from the config: off, nothing is ever written.
    pub fn enable(&self, on: bool) {
        self.enabled.store(on, Ordering::SeqCst);
    }

    /// Keep the user's title (on entering the reader's screen); once until the next pop.
    pub fn push(&self, w: &mut impl Write) -> std::io::Result<()> {
        if !self.enabled.load(Ordering::SeqCst) || self.pushed.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        w.write_all(PUSH)?;
        w.flush()
    }

    /// Give the user's title back (on every way out: quit, error, panic, hang-up, or another
    /// program taking the terminal). Only after a push, and once.
    pub fn pop(&self, w: &mut impl Write) -> std::io::Result<()> {
        if !self.pushed.swap(false, Ordering::SeqCst) {
            return Ok(());
        }
        // The next `show` writes again (the terminal shows the user's title now). `try_lock`:
        // this runs in the panic hook, which must never wait.
        if let Ok(mut last) = self.last.try_lock() {
            *last = None;
        }
        w.write_all(POP)?;
        w.flush()
    }

    /// Show `text` as the title (sanitised), if it differs from what was last written and the
    /// user's title was kept first. Gives whether anything was written.
    pub fn show(&self, w: &mut impl Write, text: &str) -> std::io::Result<bool> {
        if !self.pushed.load(Ordering::SeqCst) {
            return Ok(false);
        }
        let clean = crate::text::sanitize::sanitize_line_capped(text, MAX_CHARS);
        let Ok(mut last) = self.last.lock() else {
            return Ok(false);
        };
        if last.as_deref() == Some(clean.as_str()) {
            return Ok(false);
        }
        w.write_all(sequence(&clean).as_bytes())?;
        w.flush()?;
        *last = Some(clean);
        Ok(true)
    }
}

impl Default for TitleStack {
    fn default() -> Self {
        TitleStack::new()
    }
}

/// OSC 2 (set the window title) with `text`, which must be sanitised already; control
/// characters are dropped again here so nothing can end the sequence early.
pub fn sequence(text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    format!("\x1b]2;{text}\x07")
}

/// The title for the reader now: "kabar — N belum dibaca" / "kabar — N unread".
pub fn text(app: &App) -> String {
    let unread = app
        .feeds
        .iter()
        .find_map(|f| match f {
            FeedEntry::All { unread, .. } => Some(*unread),
            _ => None,
        })
        .unwrap_or(0);
    let n = crate::app::undo::group_digits(unread.max(0) as usize, app.locale.lang);
    app.locale.tf("title.unread", &[("n", n)])
}
