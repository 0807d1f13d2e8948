//! The interactive reader: terminal setup and restore, and the event loop that owns `App`.

pub mod commands;
mod memory;
pub mod player;
pub mod sync;
pub mod title;
pub mod undo;
pub mod wire;

/// The terminal the reader draws on: ratatui over `Wire`, which writes few bytes.
pub type Term = ratatui::Terminal<wire::Wire<std::io::Stdout>>;

use crate::app::events::CHANNEL_SIZE;
use crate::app::{App, Effect, Event as AppEvent};
use crate::feed::refresh::{RefreshEvent, RefreshParams};
use crossterm::event::{Event, KeyEventKind};
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

/// Run the reader until the user quits or a signal arrives; the terminal is restored on every
/// path (ratatui's panic hook covers panics). `params` is called once, when the first effect
/// needs the outside world (see `Outside`).
pub async fn run(app: App, params: impl FnOnce() -> RefreshParams) -> std::io::Result<()> {
    install_panic_hook();
    title::TERMINAL.enable(app.config.title);
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
fn enter() -> std::io::Result<Term> {
    crossterm::terminal::enable_raw_mode()?;
    if let Err(e) =
        crossterm::execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen)
            .and_then(|()| title::TERMINAL.push(&mut std::io::stdout()))
    {
        leave();
        return Err(e);
    }
    let term = std::env::var("TERM").unwrap_or_default();
    ratatui::Terminal::new(
        wire::Wire::new(std::io::stdout())
            .repeat(wire::term_knows_rep(&term))
            .line_drawing(wire::term_knows_line_drawing(&term)),
    )
    .inspect_err(|_| leave())
}

/// Give the terminal back as it was: cooked mode, main screen, visible cursor.
fn leave() {
    let _ = title::TERMINAL.pop(&mut std::io::stdout());
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

/// What effects use of the outside world: the refresh settings and the HTTP clients. Made
/// when the first effect runs, which is after the first screen unless start-up itself asks
/// for something: trusting every feed's host (a URL parse each) and building the clients
/// were a tenth of the work before the first screen.
struct Outside {
    params: RefreshParams,
    client: reqwest::Client,
    /// The feeds' own clients and settings, for full text.
    feed_http: crate::net::per_feed::FeedHttp,
}

impl Outside {
    fn new(params: RefreshParams) -> Outside {
        let client = crate::net::fetch::client(&params.fetch);
        // Full text of an article as its feed is fetched (agent, headers, auth, proxy): the
        // clients of the feeds' proxies are built once for the session.
        let feed_http = crate::net::per_feed::FeedHttp::new(
            &params.fetch,
            client.clone(),
            4,
            params.feed_settings.clone(),
        );
        Outside {
            params,
            client,
            feed_http,
        }
    }
}

async fn event_loop(
    terminal: &mut Term,
    mut app: App,
    params: impl FnOnce() -> RefreshParams,
) -> std::io::Result<()> {
    // One bounded channel carries everything into the loop: input, refresh reports, results.
    let (tx, mut rx) = mpsc::channel::<AppEvent>(CHANNEL_SIZE);
    let outside = std::cell::LazyCell::new(|| Outside::new(params()));
    let sync_client = sync::SyncClient::default();
    let input = Input::start(tx.clone());
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
    // The timer runs at the shortest period of any feed; each round fetches the feeds due.
    let minutes = app.config.shortest_refresh_minutes();
    let mut auto = tokio::time::interval(Duration::from_secs(minutes.max(1) * 60));
    auto.tick().await; // the first tick is immediate; start-up refresh is handled above
    let mut dirty = true;
    // When the changes made here (reads, saves) go to the sync server: a little after the
    // last one, so reading down a list makes one sync, not one per article.
    let mut push_at: Option<tokio::time::Instant> = None;
    let mut hold_until: Option<tokio::time::Instant> = None;
    loop {
        if app.take_push_soon() {
            push_at = Some(tokio::time::Instant::now() + PUSH_DELAY);
        }
        for effect in app.take_effects() {
            // A program on the terminal gets Ctrl-C itself; the SIGINT kabar saw meanwhile is
            // not a request to quit.
            let aside = matches!(&effect, Effect::RunCommand(j) if j.terminal);
            let jobs = Jobs {
                params: &outside.params,
                events: &tx,
                client: &outside.client,
                feed_http: &outside.feed_http,
                sync: &sync_client,
            };
            run_effect(terminal, &mut app, &jobs, &input.paused, effect)?;
            while aside
                && tokio::time::timeout(Duration::ZERO, sigint.recv())
                    .await
                    .is_ok()
            {}
            dirty = true;
        }
        if let Some(job) = app.take_layout() {
            spawn_layout(job, tx.clone());
            if waiting_for_layout(&app) && hold_until.is_none() {
                hold_until = Some(tokio::time::Instant::now() + LAYOUT_GRACE);
            }
        }
        if app.quit {
            break;
        }
        // The article being opened is laid out on a worker, usually in a few ms: its frame is
        // drawn once it is there (not a "laying out" frame first, then the article: twice the
        // bytes over SSH), unless that takes longer than LAYOUT_GRACE.
        if hold_until.is_some_and(|t| !waiting_for_layout(&app) || tokio::time::Instant::now() >= t)
        {
            hold_until = None;
        }
        if dirty && hold_until.is_none() {
            terminal.draw(|f| crate::ui::draw(f, &app))?;
            // Written only when the text changed (the unread count, the language).
            title::TERMINAL.show(&mut std::io::stdout(), &title::text(&app))?;
            dirty = false;
        }
        tokio::select! {
            ev = rx.recv() => match ev {
                Some(ev) => match dispatch(&mut app, ev)? {
                    Some(changed) => dirty |= changed,
                    None => break,
                },
                None => break,
            },
            _ = auto.tick(), if minutes > 0 => {
                app.refresh_due();
                dirty = true;
            }
            _ = sleep_until(hold_until) => {}
            _ = sleep_until(push_at) => {
                push_at = None;
                app.request_sync(crate::app::SyncWhy::Quiet);
                dirty = true;
            }
            _ = sigterm.recv() => break,
            _ = sighup.recv() => break,
            _ = sigint.recv() => break,
        }
        // Drain everything already waiting, then draw once.
        while let Ok(ev) = rx.try_recv() {
            match dispatch(&mut app, ev)? {
                Some(changed) => dirty |= changed,
                None => app.quit = true,
            }
            if app.quit {
                break;
            }
        }
    }
    Ok(())
}

/// How long a frame waits for the layout of the article it shows.
const LAYOUT_GRACE: Duration = Duration::from_millis(50);

/// The article on screen is being laid out (its frame would say so).
fn waiting_for_layout(app: &App) -> bool {
    app.reader.as_ref().is_some_and(|r| r.rendered.is_none())
}

/// How long after a change made here it is pushed to the sync server.
const PUSH_DELAY: Duration = Duration::from_secs(3);

/// Sleep until `at`; forever when there is no `at`.
async fn sleep_until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Hand one event to the app. `Some(changed)`: go on (and whether the screen may have
/// changed); `None`: input has ended, leave the loop.
fn dispatch(app: &mut App, ev: AppEvent) -> std::io::Result<Option<bool>> {
    match ev {
        AppEvent::Input(Ok(ev)) => Ok(Some(handle_event(app, ev))),
        AppEvent::Input(Err(e)) => input_ended(e).map(|()| None),
        other => {
            app.on_event(other);
            Ok(Some(true))
        }
    }
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

/// How long an article may take to lay out before the plain-text rendering is shown instead.
pub const LAYOUT_LIMIT: Duration = Duration::from_secs(2);

/// Start laying an article out in the background; the text comes back as an event.
fn spawn_layout(job: crate::app::layout::LayoutJob, out: mpsc::Sender<AppEvent>) {
    tokio::spawn(async move {
        let _ = out.send(lay_out(job, LAYOUT_LIMIT).await).await;
    });
}

/// Lay an article out on a blocking worker; past `limit` the linear plain-text layout is
/// answered instead (the slow one is left to finish on its thread and is dropped), so no body
/// can keep the article pane waiting.
pub async fn lay_out(job: crate::app::layout::LayoutJob, limit: Duration) -> AppEvent {
    let job = Arc::new(job);
    let worker = job.clone();
    let full = tokio::task::spawn_blocking(move || worker.run());
    let text = match tokio::time::timeout(limit, full).await {
        Ok(Ok(text)) => text,
        // Too slow, or the layout panicked: the cheap rendering, on a worker as well.
        _ => {
            tracing::warn!(id = job.id, width = job.width, "article layout too slow");
            let worker = job.clone();
            tokio::task::spawn_blocking(move || worker.run_plain())
                .await
                .unwrap_or_default()
        }
    };
    AppEvent::ArticleLaidOut {
        id: job.id,
        width: job.width,
        seq: job.seq,
        text,
    }
}

/// Where background jobs started by effects report back.
struct Jobs<'a> {
    params: &'a RefreshParams,
    events: &'a mpsc::Sender<AppEvent>,
    client: &'a reqwest::Client,
    /// The feeds' own clients and settings, for full text.
    feed_http: &'a crate::net::per_feed::FeedHttp,
    sync: &'a sync::SyncClient,
}

fn run_effect(
    terminal: &mut Term,
    app: &mut App,
    jobs: &Jobs<'_>,
    input_paused: &AtomicBool,
    effect: Effect,
) -> std::io::Result<()> {
    let params = jobs.params;
    let sync_job =
        || sync::SyncJob::new(jobs.sync, &app.config, params.db_path.clone(), jobs.events);
    match effect {
        Effect::Sync => match sync_job() {
            Some(job) => job.spawn_sync(),
            None => app.on_event(AppEvent::Sync(crate::app::SyncEvent::Done(Ok(
                Default::default(),
            )))),
        },
        Effect::Subscribe(url) => {
            if let Some(job) = sync_job() {
                job.spawn_subscribe(url);
            }
        }
        Effect::IndexSearch => {
            let (db, out) = (params.db_path.clone(), jobs.events.clone());
            // Its own connection, in small transactions: the reader's connection stays free and
            // the write lock is never held for long.
            tokio::spawn(async move {
                let result = tokio::task::spawn_blocking(move || {
                    let done = crate::store::Store::open(&db)
                        .and_then(|(mut store, _)| crate::feed::ingest::index_all(&mut store))
                        .map_err(|e| crate::text::sanitize_line(&e.to_string()));
                    memory::give_back_freed(); // its connection and batches are gone
                    done
                })
                .await
                .unwrap_or_else(|e| Err(crate::text::sanitize_line(&e.to_string())));
                let _ = out.send(AppEvent::Indexed(result)).await;
            });
        }
        Effect::Discover(input) => {
            let (client, settings, limits, out) = (
                jobs.client.clone(),
                params.fetch.clone(),
                params.limits.clone(),
                jobs.events.clone(),
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
                let _ = out.send(AppEvent::Discovered(found)).await;
            });
        }
        Effect::FetchFullText { id, url } => {
            let (client, settings, limits, out) = (
                jobs.client.clone(),
                params.fetch.clone(),
                params.limits.clone(),
                jobs.events.clone(),
            );
            // A synced article: the server fetches its page (Miniflux), else it is fetched here.
            let entry = app.store.remote_of_article(id).ok().flatten();
            if let (Some(job), Some(entry)) = (sync_job(), entry) {
                let fetch = sync::FullTextFetch {
                    client,
                    settings,
                    limits,
                };
                job.spawn_full_text(id, entry, url, fetch);
                return Ok(());
            }
            let (http, feed_url) = (
                jobs.feed_http.clone(),
                app.store.feed_url_of_article(id).ok().flatten(),
            );
            drop(client);
            tokio::spawn(async move {
                let result = crate::article::fulltext::fetch_for_feed(
                    &http,
                    &settings,
                    &limits,
                    feed_url.as_deref(),
                    &url,
                )
                .await;
                let _ = out.send(AppEvent::FullText { id, result }).await;
            });
        }
        Effect::Refresh(ids) => match app.store.targets(&ids) {
            Ok(targets) if !targets.is_empty() => {
                let ids: Vec<i64> = targets.iter().map(|t| t.id).collect();
                app.refresh_started(&ids);
                // The refresh reports on a channel of its own (one message per feed, so bounded
                // by the feed count); a forwarder puts them on the loop's channel in order.
                let (rtx, mut rrx) = mpsc::unbounded_channel::<RefreshEvent>();
                let out = jobs.events.clone();
                tokio::spawn(async move {
                    while let Some(ev) = rrx.recv().await {
                        if out.send(AppEvent::Refresh(ev)).await.is_err() {
                            break;
                        }
                    }
                    // The refresh has ended (its sender is gone): what it held is free.
                    memory::give_back_freed();
                });
                let fix = app.fix_to();
                tokio::spawn(crate::discover::heal::run(
                    params.clone(),
                    targets,
                    rtx,
                    fix,
                ));
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
                    Err(e) => app.error(
                        app.locale
                            .tf("st.browser_failed", &[("e", e.message(app.locale.lang))]),
                    ),
                }
            } else {
                match crate::browser::spawn_detached(&url) {
                    Ok(()) => app.info(app.locale.tf("st.opened", &[("url", url.clone())])),
                    Err(e) => app.error(
                        app.locale
                            .tf("st.browser_failed", &[("e", e.message(app.locale.lang))]),
                    ),
                }
            }
        }
        Effect::OpenEnclosure(url) => player::open(app, &url),
        Effect::RunCommand(job) => {
            let stdin = commands::stdin_for(app, &job);
            if job.terminal {
                commands::run_attached(terminal, app, input_paused, job, stdin)?;
            } else {
                commands::spawn_background(job, stdin, jobs.events.clone());
            }
        }
        Effect::WriteFeed { path, url, name } => app.on_event(write_feed(&path, url, name)),
        Effect::Undo(step) => {
            let ev = undo::run(&mut app.store, step);
            app.on_event(ev);
        }
        Effect::Copy(url) => {
            let mut out = std::io::stdout();
            out.write_all(osc52(&url).as_bytes())?;
            out.flush()?;
        }
        Effect::Alert { text, feed, title } => {
            let tmux = std::env::var_os("TMUX").is_some();
            let mut out = std::io::stdout();
            out.write_all(alert(&text, tmux).as_bytes())?;
            out.flush()?;
            if let Some(argv) = notify_argv(&app.config.notify_command, &feed, &title) {
                run_detached(argv);
            }
        }
    }
    Ok(())
}

/// `notify_command` with `{feed}` and `{title}` put in: each stays one argument (no shell sees
/// it). `None` when no command is set.
pub fn notify_argv(command: &[String], feed: &str, title: &str) -> Option<Vec<String>> {
    let (program, _) = command.split_first()?;
    if program.trim().is_empty() {
        return None;
    }
    let fill = |a: &String| a.replace("{feed}", feed).replace("{title}", title);
    Some(command.iter().map(fill).collect())
}

/// Start `argv` with no terminal (stdin, stdout and stderr closed) and reap it on a thread of
/// its own; a failure to start is logged.
fn run_detached(argv: Vec<String>) {
    let Some((program, args)) = argv.split_first() else {
        return;
    };
    let child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match child {
        Ok(mut child) => {
            std::thread::spawn(move || {
                let _ = child.wait();
            });
        }
        Err(e) => tracing::warn!("notify_command {program:?}: {e}"),
    }
}

/// The bell and an OSC 9 desktop notification of `text` (sanitised; it passes through SSH).
/// Inside tmux the notification is wrapped for passthrough (tmux's `allow-passthrough on`).
pub fn alert(text: &str, tmux: bool) -> String {
    let clean = crate::text::sanitize::sanitize_line_capped(text, 200);
    let osc = format!("\x1b]9;{clean}\x07");
    if tmux {
        // Every ESC inside a passthrough is doubled.
        format!("\x07\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b"))
    } else {
        format!("\x07{osc}")
    }
}

/// Add a feed to the config file at `path` (keeping its comments) and read the feeds back: the
/// config write `+` asks for, done here at the edge.
pub fn write_feed(path: &std::path::Path, url: String, name: Option<String>) -> AppEvent {
    use crate::app::FeedWrite;
    use crate::config::edit::{AddOutcome, add_to_config};
    let feed = crate::config::FeedConfig {
        url: url.clone(),
        name: name.clone(),
        ..Default::default()
    };
    let result = match add_to_config(path, &feed) {
        Ok(AddOutcome::Duplicate { .. }) => FeedWrite::Duplicate,
        Ok(AddOutcome::Added { .. }) => FeedWrite::Added {
            feeds: crate::config::Config::load(path).ok().map(|c| c.feeds),
        },
        Err(e) => FeedWrite::Failed(e.to_string()),
    };
    AppEvent::FeedWritten { url, name, result }
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
    paused: Arc<AtomicBool>,
}

impl Input {
    fn start(tx: mpsc::Sender<AppEvent>) -> Input {
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
                    // Waits while the loop is behind: keys are never dropped, only held.
                    if tx.blocking_send(AppEvent::Input(ev)).is_err() || failed {
                        break;
                    }
                }
            });
        Input { paused }
    }
}
