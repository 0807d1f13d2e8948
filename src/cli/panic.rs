//! Quiet panic handling for every command: the panic goes to the log, not over the terminal.
//!
//! A panic caught and survived (html2text or a parser inside their guards, which fall back to
//! a plain rendering) is only logged. A panic that ends the program (on the main thread) is
//! logged and told in one line on stderr, without the backtrace. The reader installs its own
//! hook on top, which restores the terminal first and then calls this one.

use super::output::note;

/// Install the hook (once, before any command runs).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("unnamed");
        // RUST_BACKTRACE=1 puts the backtrace in the log too.
        let trace = std::backtrace::Backtrace::capture();
        if trace.status() == std::backtrace::BacktraceStatus::Captured {
            tracing::error!("panic on thread {name}: {msg}{place}\n{trace}");
        } else {
            tracing::error!("panic on thread {name}: {msg}{place}");
        }
        let survived = crate::article::render::in_guarded_render()
            || crate::article::clean::in_guarded_parse();
        // Other threads' panics reach whoever joins them (a task's error), which reports it.
        if survived || name != "main" {
            return;
        }
        note(format!(
            "internal error: {msg}{place} (details in kabar.log)"
        ));
    }));
}
