//! Running user commands at the edge: in the background on a blocking worker (the result comes
//! back as an `Event`), or with the terminal, the reader stepping aside until it ends.

use crate::app::{App, Event as AppEvent};
use crate::commands::run::{self, Stdin};
use crate::commands::{CommandInput, Job};
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::mpsc;

/// The stdin of `job`, made from the article in the store.
pub fn stdin_for(app: &App, job: &Job) -> Stdin {
    let article = match job.input {
        CommandInput::None if job.terminal => return Stdin::Inherit,
        CommandInput::None => return Stdin::Null,
        _ => app.store.article(job.article).ok().flatten(),
    };
    let width = app.reader_width();
    article
        .and_then(|a| crate::commands::input::bytes(job.input, &a, width, &app.locale))
        .map_or(Stdin::Null, Stdin::Bytes)
}

/// Run `job` in the background: its result comes back as `Event::CommandDone`.
pub fn spawn_background(job: Job, stdin: Stdin, out: mpsc::Sender<AppEvent>) {
    tokio::spawn(async move {
        let argv = job.argv.clone();
        let result = tokio::task::spawn_blocking(move || run::captured(&argv, stdin))
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r.map_err(|e| e.to_string()));
        let _ = out
            .send(AppEvent::CommandDone {
                label: job.label,
                result,
            })
            .await;
    });
}

/// Run `job` on the terminal: input paused, the terminal restored to normal, the program run
/// and waited for, then the reader's terminal set up again and redrawn whole.
pub fn run_attached(
    terminal: &mut super::Term,
    app: &mut App,
    input_paused: &AtomicBool,
    job: Job,
    stdin: Stdin,
) -> std::io::Result<()> {
    input_paused.store(true, Ordering::SeqCst);
    std::thread::sleep(super::INPUT_POLL * 2);
    super::leave();
    let result = run::attached(&job.argv, stdin).map_err(|e| e.to_string());
    // Set up again on every path; a failure here ends the loop, whose caller restores.
    *terminal = super::enter()?;
    if app.config.mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
    input_paused.store(false, Ordering::SeqCst);
    terminal.clear()?;
    app.on_event(AppEvent::CommandDone {
        label: job.label,
        result,
    });
    Ok(())
}
