//! The interactive reader: terminal setup and restore, and the event loop that owns `App`.

use crate::app::{App, Effect};
use crate::feed::refresh::{self, RefreshEvent, RefreshParams};
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::{FutureExt, StreamExt};
use ratatui::DefaultTerminal;
use std::io::Write;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

/// Run the reader until the user quits or a signal arrives; the terminal is restored on every
/// path (ratatui's panic hook covers panics).
pub async fn run(app: App, params: RefreshParams) -> std::io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, app, params).await;
    ratatui::restore();
    result
}

/// Handle one terminal event; returns whether anything on screen may have changed.
pub fn handle_event(app: &mut App, ev: Event) -> bool {
    match ev {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            if let Some(action) = app.keymap.action(&key) {
                app.update(action);
            }
            true
        }
        Event::Resize(w, h) => {
            app.resize(w, h);
            true
        }
        Event::FocusGained => true,
        _ => false,
    }
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    mut app: App,
    params: RefreshParams,
) -> std::io::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<RefreshEvent>();
    let mut events = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    if app.config.refresh_on_start {
        app.request_refresh(Vec::new());
    }
    let minutes = app.config.refresh_minutes;
    let mut auto = tokio::time::interval(Duration::from_secs(minutes.max(1) * 60));
    auto.tick().await; // the first tick is immediate; start-up refresh is handled above
    let mut dirty = true;
    loop {
        for effect in app.take_effects() {
            run_effect(terminal, &mut app, &params, &tx, effect)?;
            dirty = true;
        }
        if app.quit {
            break;
        }
        if dirty {
            terminal.draw(|f| crate::ui::draw(f, &app))?;
            dirty = false;
        }
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => dirty |= handle_event(&mut app, ev),
                Some(Err(e)) => return Err(e),
                None => break,
            },
            Some(rev) = rx.recv() => {
                app.on_refresh(rev);
                dirty = true;
            }
            _ = auto.tick(), if minutes > 0 => {
                app.request_refresh(Vec::new());
                dirty = true;
            }
            _ = sigterm.recv() => break,
            _ = sighup.recv() => break,
            _ = sigint.recv() => break,
        }
        // Drain everything already waiting, then draw once.
        while let Ok(rev) = rx.try_recv() {
            app.on_refresh(rev);
            dirty = true;
        }
        while let Some(Some(Ok(ev))) = events.next().now_or_never() {
            dirty |= handle_event(&mut app, ev);
            if app.quit {
                break;
            }
        }
    }
    Ok(())
}

fn run_effect(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    params: &RefreshParams,
    tx: &mpsc::UnboundedSender<RefreshEvent>,
    effect: Effect,
) -> std::io::Result<()> {
    match effect {
        Effect::Refresh(ids) => match app.store.targets(&ids) {
            Ok(targets) if !targets.is_empty() => {
                let ids: Vec<i64> = targets.iter().map(|t| t.id).collect();
                app.refresh_started(&ids);
                tokio::spawn(refresh::run(params.clone(), targets, tx.clone()));
            }
            Ok(_) => app.info("Tidak ada feed untuk diperbarui"),
            Err(e) => app.error(format!("Basis data: {e}")),
        },
        Effect::OpenUrl(url) => {
            if crate::browser::needs_terminal() {
                ratatui::restore();
                let result = crate::browser::run_foreground(&url);
                *terminal = ratatui::try_init()?;
                terminal.clear()?;
                match result {
                    Ok(()) => app.info(format!("Dibuka: {url}")),
                    Err(e) => app.error(format!("Gagal membuka peramban: {e}")),
                }
            } else {
                match crate::browser::spawn_detached(&url) {
                    Ok(()) => app.info(format!("Dibuka di peramban: {url}")),
                    Err(e) => app.error(format!("Gagal membuka peramban: {e}")),
                }
            }
        }
        Effect::Copy(url) => {
            let mut out = std::io::stdout();
            out.write_all(osc52(&url).as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}

/// The OSC 52 sequence that puts `text` on the clipboard (the terminal's, even over SSH).
/// Only ever called with a sanitised http(s) URL.
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    let clean = crate::text::sanitize_line(text);
    let b64 = base64::engine::general_purpose::STANDARD.encode(clean.as_bytes());
    format!("\x1b]52;c;{b64}\x07")
}
