//! Opening an enclosure (`e`): `player` from config.toml run with an argument vector (never a
//! shell), detached; without one, the browser opener.

use std::process::{Command, Stdio};

use crate::app::App;
use crate::browser::BrowserError;

/// `player` with the URL put in: an element holding `{url}` gets it there (one argument
/// each), else the URL is the last argument. `None` when no player is set.
pub fn player_argv(player: &[String], url: &str) -> Option<Vec<String>> {
    let (program, _) = player.split_first()?;
    if program.trim().is_empty() {
        return None;
    }
    let mut argv: Vec<String> = player.to_vec();
    if argv.iter().any(|a| a.contains("{url}")) {
        for a in &mut argv {
            *a = a.replace("{url}", url);
        }
    } else {
        argv.push(url.to_string());
    }
    Some(argv)
}

/// Start `player` on `url` (http/https only), detached and reaped on a thread of its own.
/// Returns the program's name for the status line, or why it could not start.
pub fn spawn(player: &[String], url: &str) -> Result<String, BrowserError> {
    let url = crate::text::safe_link(url).ok_or(BrowserError::NotHttp)?;
    let Some(argv) = player_argv(player, &url) else {
        crate::browser::spawn_detached(&url)?;
        return Ok("browser".into());
    };
    let Some((program, args)) = argv.split_first() else {
        return Err(BrowserError::Missing(String::new()));
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| crate::browser::start_error(program, e))?;
    std::thread::spawn(move || child.wait());
    Ok(crate::text::sanitize_line(program))
}

/// The effect: start the player, the outcome on the status bar.
pub(super) fn open(app: &mut App, url: &str) {
    let program = app
        .config
        .player
        .first()
        .cloned()
        .unwrap_or_else(|| "browser".into());
    match spawn(&app.config.player, url) {
        Ok(p) => {
            let url = crate::text::url::shown_url(url);
            app.info(
                app.locale
                    .tf("encl.opened", &[("program", p), ("url", url)]),
            );
        }
        Err(e) => {
            let program = crate::text::sanitize_line(&program);
            app.error(app.locale.tf(
                "encl.failed",
                &[("program", program), ("e", e.message(app.locale.lang))],
            ));
        }
    }
}
