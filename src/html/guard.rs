//! The one panic guard around third-party HTML parsers (html5ever, html2text, readability).
//!
//! Hostile input has made these libraries panic; a panic is answered with a fallback, and a
//! panic hook (one restoring the terminal, say) can ask [`in_guarded_parse`] to stay quiet.

use std::cell::Cell;

thread_local! {
    static IN_GUARDED_PARSE: Cell<bool> = const { Cell::new(false) };
}

/// True while this thread is inside [`guarded`], whose panics are caught and answered with a
/// fallback.
pub fn in_guarded_parse() -> bool {
    IN_GUARDED_PARSE.with(Cell::get)
}

/// Run `f`, catching a panic (`None`), with [`in_guarded_parse`] true meanwhile.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    struct Flag(bool);
    impl Drop for Flag {
        fn drop(&mut self) {
            IN_GUARDED_PARSE.with(|f| f.set(self.0));
        }
    }
    let before = IN_GUARDED_PARSE.with(|f| f.replace(true));
    let _flag = Flag(before);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}
