//! Shell completions, the man page, --version, and help for every command (in English and
//! Indonesian).
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::kabar;

/// kabar run with an Indonesian locale (`kabar` itself runs with `LANG=C`).
fn kabar_id(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    common::kabar_env(dir, args, &[("LANG", "id_ID.UTF-8")])
}

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

#[test]
fn help_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = kabar_id(dir.path(), &["--help"]);
    assert_eq!(code, 0, "{err}");
    for part in [
        "Pembaca berita terminal untuk berita daerah Lampung.",
        "Pemakaian: kabar [OPTIONS] [COMMAND]",
        "Perintah:",
        "  refresh      Ambil setiap feed sekali dan cetak satu baris per feed",
        "  help         Tampilkan pesan ini atau bantuan perintah yang disebut",
        "Opsi:",
        "Direktori konfigurasi",
        "  -h, --help",
        "Tampilkan bantuan",
        "  -V, --version",
        "Tampilkan versi",
        "Contoh:",
        "Status keluar:",
        "penyimpanan (kabar.db) tidak bisa dipakai",
    ] {
        assert!(out.contains(part), "{part:?} missing:\n{out}");
    }
    for english in [
        "Usage:",
        "Commands:",
        "Options:",
        "Print help",
        "Print version",
        "Examples:",
        "Exit status:",
        "Fetch every feed",
    ] {
        assert!(!out.contains(english), "{english:?} left:\n{out}");
    }

    let (code, out, _) = kabar_id(dir.path(), &["-h"]);
    assert_eq!(code, 0);
    assert!(out.contains("Pemakaian: kabar"), "{out}");
    assert!(out.contains("Contoh:"), "{out}");
    assert!(!out.contains("Status keluar:"), "-h is the summary:\n{out}");

    let (code, out, _) = kabar_id(dir.path(), &["list", "--help"]);
    assert_eq!(code, 0);
    for part in [
        "Tampilkan artikel yang tersimpan, terbaru lebih dulu",
        "Pemakaian: kabar list [OPTIONS]",
        "--unread              Hanya artikel yang belum dibaca",
        "--limit <N>           Paling banyak N artikel",
        "--json                Keluaran berupa array JSON, bukan teks",
        "Contoh:\n  kabar list --unread",
    ] {
        assert!(out.contains(part), "{part:?} missing:\n{out}");
    }
    assert!(!out.contains("Only unread"), "{out}");

    let (_, out, _) = kabar_id(dir.path(), &["add", "--help"]);
    assert!(out.contains("Argumen:\n  <URL>"), "{out}");
    assert!(out.contains("Jika ditemukan beberapa feed"), "{out}");
    // clap's "[default: 50]" and "[possible values: ...]" too.
    let (_, out, _) = kabar_id(dir.path(), &["search", "-h"]);
    assert!(out.contains("Paling banyak N hasil [bawaan: 50]"), "{out}");
    let (_, out, _) = kabar_id(dir.path(), &["completions", "-h"]);
    assert!(out.contains("[pilihan: bash, elvish, fish"), "{out}");

    // Every command, and `kabar help <command>` is `kabar <command> --help`.
    for cmd in [
        "refresh",
        "list",
        "search",
        "save",
        "unsave",
        "feeds",
        "read",
        "unread",
        "import",
        "export",
        "show",
        "add",
        "remove",
        "check",
        "completions",
        "man",
    ] {
        let (code, out, err) = kabar_id(dir.path(), &[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(out.contains("Contoh:"), "{cmd}: {out}");
        assert!(
            out.contains(&format!("Pemakaian: kabar {cmd}")),
            "{cmd}: {out}"
        );
        assert!(
            !out.contains("Usage:") && !out.contains("Print help"),
            "{cmd}: {out}"
        );
        let (code, via_help, _) = kabar_id(dir.path(), &["help", cmd]);
        assert_eq!(code, 0, "help {cmd}");
        assert_eq!(via_help, out, "help {cmd}");
    }
    let (code, out, _) = kabar_id(dir.path(), &["help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Status keluar:"), "{out}");
    // Help touches nothing.
    assert!(!dir.path().join("kabar.db").exists());
    assert!(!dir.path().join("config.toml").exists());
}

#[test]
fn help_follows_lc_all_before_lang() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("LC_ALL", "id_ID.UTF-8"), ("LANG", "en_US.UTF-8")];
    let (_, out, _) = common::kabar_env(dir.path(), &["--help"], &env);
    assert!(out.contains("Pemakaian:"), "{out}");
    let env = [("LC_ALL", "en_US.UTF-8"), ("LANG", "id_ID.UTF-8")];
    let (_, out, _) = common::kabar_env(dir.path(), &["--help"], &env);
    assert!(out.contains("Usage:"), "{out}");
}

#[test]
fn help_in_english_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = kabar(dir.path(), &["--help"]);
    assert_eq!(code, 0);
    for part in [
        "A terminal news reader for Lampung regional news.",
        "Usage: kabar [OPTIONS] [COMMAND]",
        "Commands:",
        "  refresh      Fetch every feed once and print one line per feed",
        "  help         Print this message or the help of the given subcommand(s)",
        "Options:",
        "Print help (see a summary with '-h')",
        "Print version",
        "Examples:",
        "Exit status:",
    ] {
        assert!(out.contains(part), "{part:?} missing:\n{out}");
    }
    assert!(
        !out.contains("Pemakaian") && !out.contains("Ambil setiap"),
        "{out}"
    );
    let (_, out, _) = kabar(dir.path(), &["list", "--help"]);
    assert!(
        out.contains("--unread              Only unread articles"),
        "{out}"
    );
    assert!(
        out.contains("  -h, --help                Print help\n"),
        "{out}"
    );
    let (_, out, _) = kabar(dir.path(), &["search", "-h"]);
    assert!(out.contains("At most N results [default: 50]"), "{out}");
}

#[test]
fn usage_errors_in_indonesian_still_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = kabar_id(dir.path(), &["--frob"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    // clap's message itself stays English; its headings are Indonesian. (The usage shows the
    // --config-dir the helper passes.)
    assert_eq!(
        err,
        "galat: unexpected argument '--frob' found\n\n\
         Pemakaian: kabar --config-dir <DIR>\n\n\
         Untuk keterangan lebih lanjut, coba '--help'.\n"
    );
    let (code, _, err) = kabar_id(dir.path(), &["lst"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("saran: a similar subcommand exists: 'list'"),
        "{err}"
    );
    for args in [
        &["add"][..],
        &["list", "--limit", "many"],
        &["list", "--frob"],
        &["help", "frobnicate"],
        &["completions", "tcsh"],
    ] {
        let (code, out, err) = kabar_id(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.starts_with("galat: "), "{args:?}: {err}");
        assert!(!err.contains("error:") && !err.contains("Usage:"), "{err}");
    }
    // English as clap writes it.
    let (code, _, err) = kabar(dir.path(), &["--frob"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: unexpected argument '--frob' found"),
        "{err}"
    );
    assert!(err.contains("For more information, try '--help'."), "{err}");
}

#[test]
fn version_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--version", "-V"] {
        let (code, out, err) = kabar_id(dir.path(), &[flag]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.trim(), "kabar 0.1.0");
    }
}

#[test]
fn man_page_and_completions_stay_english_in_any_language() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["man"][..],
        &["completions", "fish"],
        &["completions", "zsh"],
    ] {
        let (code, en, _) = kabar(dir.path(), args);
        let (code_id, id, _) = kabar_id(dir.path(), args);
        assert_eq!((code, code_id), (0, 0), "{args:?}");
        assert_eq!(en, id, "{args:?}");
    }
}
