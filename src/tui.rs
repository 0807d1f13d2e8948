//! The interactive reader: terminal setup and restore, and the event loop that owns `App`.

use crate::app::{App, Effect};
use crate::feed::refresh::{self, RefreshEvent, RefreshParams};
use crossterm::event::{Event, KeyEventKind};
use ratatui::DefaultTerminal;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

/// Run the reader until the user quits or a signal arrives; the terminal is restored on every
/// path (ratatui's panic hook covers panics).
pub async fn run(app: App, params: RefreshParams) -> std::io::Result<()> {
    install_panic_hook();
    let mut terminal = enter()?;
    if app.config.mouse {
        // Only when asked: capturing the mouse takes the terminal's own selection away.
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
    let result = event_loop(&mut terminal, app, params).await;
    leave();
    // `leave` has shown the cursor. ratatui's Drop would try again and report a failure with
    // `eprintln!`, which panics when the terminal has hung up (SSH drop): exit status 101.
    std::mem::forget(terminal);
    result
}

/// Raw mode and the alternate screen.
fn enter() -> std::io::Result<DefaultTerminal> {
    crossterm::terminal::enable_raw_mode()?;
    if let Err(e) =
        crossterm::execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen)
    {
        leave();
        return Err(e);
    }
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))
        .inspect_err(|_| leave())
}

/// Give the terminal back as it was: cooked mode, main screen, visible cursor.
fn leave() {
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableMouseCapture,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// A panic on the UI thread restores the terminal before the message is printed. A panic that
/// is caught and survived (html2text inside the renderer's guard, a parser on a worker thread)
/// only goes to the log: printing it would scribble over the screen.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    let ui_thread = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if crate::html::in_guarded_parse() || std::thread::current().id() != ui_thread {
            tracing::error!("recovered from a panic: {info}");
            return;
        }
        leave();
        previous(info);
    }));
}

/// Handle one terminal event; returns whether anything on screen may have changed.
pub fn handle_event(app: &mut App, ev: Event) -> bool {
    match ev {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            tracing::debug!(?key, "key");
            app.key(&key);
            true
        }
        Event::Mouse(m) if app.config.mouse => {
            use crossterm::event::{MouseButton, MouseEventKind};
            match m.kind {
                MouseEventKind::ScrollDown => app.update(crate::action::Action::Down),
                MouseEventKind::ScrollUp => app.update(crate::action::Action::Up),
                MouseEventKind::Down(MouseButton::Left) => app.click(m.column, m.row),
                _ => return false,
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
    let (ft_tx, mut ft_rx) = mpsc::unbounded_channel::<(i64, Result<String, String>)>();
    let (add_tx, mut add_rx) = mpsc::unbounded_channel::<Discovered>();
    let (index_tx, mut index_rx) = mpsc::unbounded_channel::<Result<usize, String>>();
    let client = crate::net::fetch::client(&params.fetch);
    let input = Input::start();
    let mut events = input.rx;
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    if app.config.refresh_on_start {
        app.request_refresh(Vec::new());
    }
    // Articles stored by `kabar refresh` (cron) since the last start are indexed now.
    if app.store.unindexed().unwrap_or(0) > 0 {
        app.request_indexing();
    }
    let minutes = app.config.refresh_minutes;
    let mut auto = tokio::time::interval(Duration::from_secs(minutes.max(1) * 60));
    auto.tick().await; // the first tick is immediate; start-up refresh is handled above
    let mut dirty = true;
    loop {
        for effect in app.take_effects() {
            let jobs = Jobs {
                params: &params,
                refresh: &tx,
                full_text: &ft_tx,
                discovered: &add_tx,
                indexed: &index_tx,
                client: &client,
            };
            run_effect(terminal, &mut app, &jobs, &input.paused, effect)?;
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
            ev = events.recv() => match ev {
                Some(Ok(ev)) => dirty |= handle_event(&mut app, ev),
                Some(Err(e)) => {
                    input_ended(e)?;
                    break;
                }
                None => break,
            },
            Some(rev) = rx.recv() => {
                app.on_refresh(rev);
                dirty = true;
            }
            Some((id, result)) = ft_rx.recv() => {
                app.on_full_text(id, result);
                dirty = true;
            }
            Some(found) = add_rx.recv() => {
                app.on_discovered(found);
                dirty = true;
            }
            Some(result) = index_rx.recv() => {
                app.on_indexed(result);
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
        while let Ok((id, result)) = ft_rx.try_recv() {
            app.on_full_text(id, result);
            dirty = true;
        }
        while let Ok(ev) = events.try_recv() {
            match ev {
                Ok(ev) => dirty |= handle_event(&mut app, ev),
                Err(e) => {
                    input_ended(e)?;
                    app.quit = true;
                }
            }
            if app.quit {
                break;
            }
        }
    }
    Ok(())
}

/// Input failed with `e`: the terminal hung up (nobody is left to read the screen: end as on
/// SIGHUP), or a real error.
fn input_ended(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}

/// Where background jobs started by effects report back.
struct Jobs<'a> {
    params: &'a RefreshParams,
    refresh: &'a mpsc::UnboundedSender<RefreshEvent>,
    full_text: &'a mpsc::UnboundedSender<(i64, Result<String, String>)>,
    discovered: &'a mpsc::UnboundedSender<Discovered>,
    indexed: &'a mpsc::UnboundedSender<Result<usize, String>>,
    client: &'a reqwest::Client,
}

/// Feeds found for `+`: (title, url) each, or why none.
type Discovered = Result<Vec<(String, String)>, String>;

fn run_effect(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    jobs: &Jobs<'_>,
    input_paused: &AtomicBool,
    effect: Effect,
) -> std::io::Result<()> {
    let (params, tx) = (jobs.params, jobs.refresh);
    match effect {
        Effect::IndexSearch => {
            let (db, out) = (params.db_path.clone(), jobs.indexed.clone());
            // Its own connection, in small transactions: the reader's connection stays free and
            // the write lock is never held for long.
            tokio::task::spawn_blocking(move || {
                let result = crate::store::Store::open(&db)
                    .and_then(|(mut store, _)| crate::feed::ingest::index_all(&mut store))
                    .map_err(|e| crate::text::sanitize_line(&e.to_string()));
                let _ = out.send(result);
            });
        }
        Effect::Discover(input) => {
            let (client, settings, limits, out) = (
                jobs.client.clone(),
                params.fetch.clone(),
                params.limits.clone(),
                jobs.discovered.clone(),
            );
            let lang = params.locale.lang;
            tokio::spawn(async move {
                let found = crate::discover::discover(&client, &settings, &limits, &input)
                    .await
                    .map_err(|e| crate::text::sanitize_line(&e.message(lang)))
                    .and_then(|d| {
                        if d.candidates.is_empty() {
                            Err("no feed found".to_string())
                        } else {
                            Ok(d.candidates
                                .iter()
                                .map(|c| (c.label(), c.url.clone()))
                                .collect())
                        }
                    });
                let _ = out.send(found);
            });
        }
        Effect::FetchFullText { id, url } => {
            let (client, settings, limits, out) = (
                jobs.client.clone(),
                params.fetch.clone(),
                params.limits.clone(),
                jobs.full_text.clone(),
            );
            tokio::spawn(async move {
                let result =
                    crate::article::fulltext::fetch(&client, &settings, &limits, &url).await;
                let _ = out.send((id, result));
            });
        }
        Effect::Refresh(ids) => match app.store.targets(&ids) {
            Ok(targets) if !targets.is_empty() => {
                let ids: Vec<i64> = targets.iter().map(|t| t.id).collect();
                app.refresh_started(&ids);
                tokio::spawn(refresh::run(params.clone(), targets, tx.clone()));
            }
            Ok(_) => app.info(app.locale.t("st.no_feeds_to_refresh")),
            Err(e) => app.error(app.locale.tf("st.db_error", &[("e", e.to_string())])),
        },
        Effect::OpenUrl(url) => {
            if crate::browser::needs_terminal() {
                // The browser gets the terminal and the keyboard until it exits.
                input_paused.store(true, Ordering::SeqCst);
                std::thread::sleep(INPUT_POLL * 2);
                leave();
                let result = crate::browser::run_foreground(&url);
                *terminal = enter()?;
                input_paused.store(false, Ordering::SeqCst);
                terminal.clear()?;
                match result {
                    Ok(()) => app.info(app.locale.tf("st.opened", &[("url", url.clone())])),
                    Err(e) => app.error(app.locale.tf("st.browser_failed", &[("e", e)])),
                }
            } else {
                match crate::browser::spawn_detached(&url) {
                    Ok(()) => app.info(app.locale.tf("st.opened", &[("url", url.clone())])),
                    Err(e) => app.error(app.locale.tf("st.browser_failed", &[("e", e)])),
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
/// Only ever called with a sanitised http(s) URL; longer than the cap, nothing is sent (the
/// app refuses such a link with a message before it gets here).
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    let clean = crate::text::sanitize_line(text);
    if clean.len() > crate::text::url::MAX_COPY_BYTES {
        return String::new();
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(clean.as_bytes());
    format!("\x1b]52;c;{b64}\x07")
}

const INPUT_POLL: Duration = Duration::from_millis(50);

/// Why input stopped when the terminal went away.
const HUNG_UP: &str = "the terminal hung up";

/// Terminal input read on its own thread and handed to the loop through a channel, so the
/// loop can drain it without blocking. It can be paused while another program owns the terminal.
struct Input {
    rx: mpsc::UnboundedReceiver<std::io::Result<Event>>,
    paused: Arc<AtomicBool>,
}

impl Input {
    fn start() -> Input {
        let (tx, rx) = mpsc::unbounded_channel();
        let paused = Arc::new(AtomicBool::new(false));
        let p = paused.clone();
        let was_terminal = std::io::stdout().is_terminal();
        // A terminal that went away without a SIGHUP reaching us (the shell that owned it
        // ignored it) makes reads fail or end at once, forever: notice it, or this loop spins.
        // A hung-up tty answers no ioctl, so it is no longer a terminal.
        let hung_up = move || was_terminal && !std::io::stdout().is_terminal();
        let gone = || std::io::Error::new(std::io::ErrorKind::BrokenPipe, HUNG_UP);
        let _ = std::thread::Builder::new()
            .name("kabar-input".into())
            .spawn(move || {
                loop {
                    if p.load(Ordering::SeqCst) {
                        std::thread::sleep(INPUT_POLL);
                        continue;
                    }
                    let ev = match crossterm::event::poll(INPUT_POLL) {
                        Ok(false) if tx.is_closed() => break,
                        Ok(false) if !hung_up() => continue,
                        Ok(false) => Err(gone()),
                        Ok(true) if p.load(Ordering::SeqCst) => continue,
                        Ok(true) => crossterm::event::read(),
                        Err(e) => Err(e),
                    };
                    let ev = ev.map_err(|e| if hung_up() { gone() } else { e });
                    let failed = ev.is_err();
                    if tx.send(ev).is_err() || failed {
                        break;
                    }
                }
            });
        Input { rx, paused }
    }
}
