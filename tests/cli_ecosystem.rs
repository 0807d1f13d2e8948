//! Shell completions, the man page, --version, and help for every command.

mod common;

use common::kabar;

#[test]
fn version() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = kabar(dir.path(), &["--version"]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), format!("kabar {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(out.trim(), "kabar 0.1.0");
}

#[test]
fn completions_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete "),
        ("zsh", "#compdef kabar"),
        ("fish", "complete -c kabar"),
    ] {
        let (code, out, err) = kabar(dir.path(), &["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.len() > 200, "{shell}: {out}");
        assert!(out.contains(marker), "{shell}: no {marker:?}");
        for cmd in ["refresh", "add", "check", "completions"] {
            assert!(out.contains(cmd), "{shell}: {cmd} missing");
        }
    }
    let (code, _, err) = kabar(dir.path(), &["completions", "tcsh"]);
    assert_eq!(code, 2, "{err}");
    // Nothing was created for it.
    assert!(!dir.path().join("kabar.db").exists());
    assert!(!dir.path().join("config.toml").exists());
}

#[test]
fn man_page_is_roff() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = kabar(dir.path(), &["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(".TH kabar 1"),
        "{}",
        &out[..out.len().min(300)]
    );
    for part in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH COMMANDS",
        ".SS \"kabar refresh\"",
        ".SS \"kabar add\"",
        "kabar add [OPTIONS] <URL>",
        "\\fB\\-\\-yes\\fR",
        ".SS \"kabar check\"",
        ".SH EXAMPLES",
        ".SH \"EXIT STATUS\"",
        "the store (kabar.db) cannot be used",
    ] {
        assert!(out.contains(part), "{part} missing:\n{out}");
    }
    // One page: no references to per-command pages that do not exist.
    assert!(!out.contains("kabar\\-add(1)"), "{out}");
    assert!(!out.contains(".SH EXTRA"), "{out}");
    // No line of text starts a roff request by accident.
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix('.') {
            let req = rest.split_whitespace().next().unwrap_or("");
            assert!(
                [
                    "ie", "el", "TH", "SH", "SS", "PP", "TP", "nf", "fi", "IP", "RS", "RE", "br"
                ]
                .contains(&req),
                "unexpected request {line:?}"
            );
        }
    }
}

#[test]
fn every_command_has_examples() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["add", "remove", "check", "completions", "man"] {
        let (code, out, err) = kabar(dir.path(), &[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(out.contains("Examples:"), "{cmd}: {out}");
        assert!(out.contains(&format!("kabar {cmd}")), "{cmd}: {out}");
    }
    let (_, out, _) = kabar(dir.path(), &["--help"]);
    assert!(out.contains("Exit status:"), "{out}");
    let (_, out, _) = kabar(dir.path(), &["-h"]);
    assert!(out.contains("Examples:"), "{out}");
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = kabar(dir.path(), &["add"]);
    assert_eq!(code, 2);
    let (code, _, _) = kabar(dir.path(), &["frobnicate"]);
    assert_eq!(code, 2);
}
