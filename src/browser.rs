//! Opening links: `$BROWSER` (else xdg-open) spawned with an argv, never through a shell.

use std::process::{Command, Stdio};

/// Why a link was not opened.
#[derive(Debug)]
pub enum BrowserError {
    /// Only http and https links are opened.
    NotHttp,
    /// The program does not exist (no browser installed, `$BROWSER` misspelt).
    Missing(String),
    /// The program exists but could not be started.
    Start(String, std::io::Error),
    /// A browser run in the terminal ended with an error status.
    Exit(String, std::process::ExitStatus),
}

impl BrowserError {
    /// The message for the user, in `lang` (program names sanitised).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let name = |p: &str| crate::text::sanitize::sanitize_line_capped(p, 100);
        let (key, args) = match self {
            BrowserError::NotHttp => ("err.browser.not_http", vec![]),
            BrowserError::Missing(p) => ("err.browser.missing", vec![("program", name(p))]),
            BrowserError::Start(p, e) => (
                "err.browser.start",
                vec![("program", name(p)), ("e", e.to_string())],
            ),
            BrowserError::Exit(p, status) => (
                "err.browser.exit",
                vec![("program", name(p)), ("status", status.to_string())],
            ),
        };
        crate::i18n::tf(lang, key, &args)
    }
}

impl std::fmt::Display for BrowserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

impl std::error::Error for BrowserError {}

/// The error of starting `program`.
pub fn start_error(program: &str, e: std::io::Error) -> BrowserError {
    if e.kind() == std::io::ErrorKind::NotFound {
        BrowserError::Missing(program.to_string())
    } else {
        BrowserError::Start(program.to_string(), e)
    }
}

/// The program and arguments that open `url`. `$BROWSER` may hold a `:`-separated list (the
/// first is used) and arguments split on white space; `%s` is replaced by the URL, else the
/// URL is appended as its own argument. No shell ever sees the URL.
pub fn command_for(url: &str, browser_env: Option<&str>) -> (String, Vec<String>) {
    let spec = browser_env
        .and_then(|b| b.split(':').map(str::trim).find(|s| !s.is_empty()))
        .unwrap_or(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        });
    let mut parts = spec.split_whitespace().map(str::to_owned);
    let program = parts.next().unwrap_or_else(|| "xdg-open".into());
    let mut args: Vec<String> = parts.collect();
    if args.iter().any(|a| a.contains("%s")) {
        for a in &mut args {
            *a = a.replace("%s", url);
        }
    } else {
        args.push(url.to_string());
    }
    (program, args)
}

/// True when a browser would have to share this terminal (no graphical display), so the TUI
/// must step aside while it runs.
pub fn needs_terminal() -> bool {
    if cfg!(target_os = "macos") {
        return false;
    }
    std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty())
        && std::env::var_os("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty())
}

/// Build the command for `url` with `$BROWSER`, refusing anything but http(s).
pub fn command(url: &str) -> Result<Command, BrowserError> {
    let browser = std::env::var("BROWSER").ok();
    command_with(url, browser.as_deref())
}

/// Build the command for `url` with the given `$BROWSER` value, refusing anything but http(s).
/// The URL handed to the browser is the normalised one (see [`crate::text::safe_link`]), so a
/// link can never start with `-` and be taken for an option.
pub fn command_with(url: &str, browser_env: Option<&str>) -> Result<Command, BrowserError> {
    let url = crate::text::safe_link(url).ok_or(BrowserError::NotHttp)?;
    let (program, args) = command_for(&url, browser_env);
    let mut cmd = Command::new(program);
    cmd.args(args);
    Ok(cmd)
}

/// Open `url` with the browser `browser_env` names (a `$BROWSER` value; `None` = the platform
/// opener). `foreground`: run it in this terminal and wait for it (terminal browsers like w3m
/// or lynx); otherwise start it detached, with no terminal. No shell is involved either way.
pub fn open_with(
    url: &str,
    browser_env: Option<&str>,
    foreground: bool,
) -> Result<(), BrowserError> {
    let mut cmd = command_with(url, browser_env)?;
    let program = cmd.get_program().to_string_lossy().into_owned();
    if foreground {
        let status = cmd.status().map_err(|e| start_error(&program, e))?;
        return if status.success() {
            Ok(())
        } else {
            Err(BrowserError::Exit(program, status))
        };
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().map_err(|e| start_error(&program, e))?;
    // Reap it in the background so no zombie is left.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Open `url` in a graphical browser (`$BROWSER`), detached from the terminal.
pub fn spawn_detached(url: &str) -> Result<(), BrowserError> {
    open_with(url, std::env::var("BROWSER").ok().as_deref(), false)
}

/// Run the browser (`$BROWSER`) in this terminal and wait for it.
pub fn run_foreground(url: &str) -> Result<(), BrowserError> {
    open_with(url, std::env::var("BROWSER").ok().as_deref(), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argv_never_a_shell() {
        let url = "https://example.com/$(touch /tmp/pwned);`id`|x'\"";
        let (p, a) = command_for(url, Some("firefox --new-tab"));
        assert_eq!(p, "firefox");
        assert_eq!(a, vec!["--new-tab".to_string(), url.to_string()]);
        let (p, a) = command_for(url, Some("w3m %s:lynx"));
        assert_eq!(p, "w3m");
        assert_eq!(a, vec![url.to_string()]);
        let (p, _) = command_for(url, None);
        assert!(p == "xdg-open" || p == "open");
    }
}
