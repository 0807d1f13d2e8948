//! Test helpers: kabar run on a temp dir, fixtures, the sanitising checks; a loopback server
//! (`server`), fixture stores, apps and refreshes (`app`), the TUI read back as text (`screen`).
#![allow(dead_code)]

pub mod app;
pub mod screen;
pub mod server;
pub mod vt;

// Not every test binary uses each of these.
#[allow(unused_imports)]
pub use server::{Log, Route, Server};

use std::io::Read;
use std::path::{Path, PathBuf};

/// A fixture file's bytes.
pub fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A temp config dir with a config.toml listing `feeds` as (name, url).
pub fn config_dir(feeds: &[(&str, &str)], extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut toml = String::from("refresh_on_start = false\ntimeout_seconds = 3\n");
    toml.push_str(extra);
    for (name, url) in feeds {
        toml.push_str(&format!(
            "\n[[feeds]]\nurl = \"{url}\"\nname = \"{name}\"\n"
        ));
    }
    std::fs::write(dir.path().join("config.toml"), toml).unwrap();
    dir
}

/// Run the kabar binary with `--config-dir dir` and `args`; returns (exit code, stdout, stderr).
pub fn kabar(dir: &Path, args: &[&str]) -> (i32, String, String) {
    kabar_env(dir, args, &[])
}

pub fn kabar_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kabar"));
    cmd.arg("--config-dir").arg(dir).args(args);
    cmd.env_remove("KABAR_CONFIG_DIR");
    // Headless output follows the locale; tests read the English one unless they ask.
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run kabar");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn path_buf(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().to_path_buf()
}

/// Read a whole body from a reader (helper for gzip building in tests).
pub fn read_all(mut r: impl Read) -> Vec<u8> {
    let mut v = Vec::new();
    r.read_to_end(&mut v).unwrap();
    v
}

/// True for a character that must never reach a terminal from untrusted text: C0 controls
/// (`\n` and `\t` allowed only when `multiline`), DEL, C1 controls, and bidi controls/marks.
pub fn is_forbidden(c: char, multiline: bool) -> bool {
    let cp = c as u32;
    if multiline && (c == '\n' || c == '\t') {
        return false;
    }
    cp < 0x20
        || cp == 0x7f
        || (0x80..=0x9f).contains(&cp)
        || (0x202a..=0x202e).contains(&cp)
        || (0x2066..=0x2069).contains(&cp)
        || cp == 0x200e
        || cp == 0x200f
        || cp == 0x061c
}

/// Characters that have no business in a single-line field either: line/paragraph separators,
/// zero-width characters, BOM and tag characters.
pub fn is_invisible_in_line(c: char) -> bool {
    let cp = c as u32;
    matches!(cp, 0x2028 | 0x2029 | 0x200b | 0x2060 | 0xfeff) || (0xe0000..=0xe007f).contains(&cp)
}

/// Panics naming `what` and the offending character if `s` holds a forbidden character.
pub fn assert_clean(what: &str, s: &str, multiline: bool) {
    if let Some((i, c)) = s.char_indices().find(|(_, c)| is_forbidden(*c, multiline)) {
        let start = s[..i].char_indices().rev().nth(20).map_or(0, |(j, _)| j);
        let end = s[i..]
            .char_indices()
            .nth(20)
            .map_or(s.len(), |(j, _)| i + j);
        panic!(
            "{what}: forbidden U+{:04X} at byte {i}: {:?}",
            c as u32,
            &s[start..end]
        );
    }
    if !multiline && let Some((i, c)) = s.char_indices().find(|(_, c)| is_invisible_in_line(*c)) {
        panic!(
            "{what}: invisible U+{:04X} at byte {i} in a single-line field",
            c as u32
        );
    }
}

/// `text [3] more` / `(text [3])` -> `text more` / `(text)`, white space collapsed.
pub fn strip_link_refs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find(" [") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(']') {
            rest = &after[digits + 1..];
        } else {
            out.push_str(" [");
            rest = after;
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `PRAGMA integrity_check` of the store at `db` ("ok" when whole).
pub fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .unwrap()
}

/// The articles of `kabar list --json` output.
pub fn listed(json: &str) -> Vec<serde_json::Value> {
    match serde_json::from_str(json) {
        Ok(serde_json::Value::Array(items)) => items,
        other => panic!("not a JSON list of articles: {other:?}\n{json}"),
    }
}

/// The id of the first article of `kabar list --json` output whose title starts with
/// `prefix`.
pub fn id_titled(json: &str, prefix: &str) -> String {
    let item = listed(json)
        .into_iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no article titled {prefix:?} in {json}"));
    item["id"].as_i64().expect("an id").to_string()
}
