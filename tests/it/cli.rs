//! Every headless command on a temp config dir, against a loopback server.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Route, Server, config_dir, fixture, kabar};

fn served() -> Server {
    let server = Server::start();
    server.ok(
        "/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        Some("\"r1\""),
    );
    server.ok("/antara.xml", fixture("fixtures/antara-excerpt.xml"), None);
    server.route("/gone.xml", Route::Status(404));
    server
}

fn setup(server: &Server) -> tempfile::TempDir {
    config_dir(
        &[
            ("Radar Lampung", &server.url("/radar.xml")),
            ("ANTARA Lampung", &server.url("/antara.xml")),
            ("Hilang", &server.url("/gone.xml")),
        ],
        "",
    )
}

#[test]
fn refresh_prints_a_line_per_feed_and_a_total() {
    let server = served();
    let dir = setup(&server);
    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Radar Lampung: ok 1 new"), "{out}");
    assert!(out.contains("ANTARA Lampung: ok 3 new"), "{out}");
    assert!(out.contains("Hilang: failed: HTTP 404"), "{out}");
    assert!(
        out.contains("3 feeds: 2 updated, 0 not modified, 0 skipped, 1 failed; 4 new articles"),
        "{out}"
    );
    let (_, out, _) = kabar(dir.path(), &["refresh"]);
    assert!(out.contains("Radar Lampung: not modified"), "{out}");
    assert!(out.contains("0 new articles"), "{out}");
    assert!(dir.path().join("kabar.db").exists());
    assert!(dir.path().join("kabar.log").exists());
}

#[test]
fn list_json_read_unread() {
    let server = served();
    let dir = setup(&server);
    kabar(dir.path(), &["refresh"]);
    let (code, out, _) = kabar(dir.path(), &["list", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 4);
    for a in arr {
        for key in ["id", "feed", "title", "link", "published", "read"] {
            assert!(a.get(key).is_some(), "{key} missing in {a}");
        }
        assert!(chrono::DateTime::parse_from_rfc3339(a["published"].as_str().unwrap()).is_ok());
    }
    // Newest first.
    let dates: Vec<i64> = arr
        .iter()
        .map(|a| {
            chrono::DateTime::parse_from_rfc3339(a["published"].as_str().unwrap())
                .unwrap()
                .timestamp()
        })
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let radar = arr.iter().find(|a| a["feed"] == "Radar Lampung").unwrap();
    assert_eq!(radar["published"], "2019-04-22T15:40:00+07:00");
    assert_eq!(radar["read"], false);

    let id = radar["id"].as_i64().unwrap().to_string();
    assert_eq!(kabar(dir.path(), &["read", &id]).0, 0);
    let (_, out, _) = kabar(dir.path(), &["list", "--unread", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert_eq!(kabar(dir.path(), &["unread", &id]).0, 0);
    let (_, out, _) = kabar(dir.path(), &["list", "--unread"]);
    assert_eq!(out.lines().count(), 4, "{out}");

    let (code, out, _) = kabar(
        dir.path(),
        &["list", "--feed", "antara lampung", "--limit", "2"],
    );
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.lines().all(|l| l.contains("ANTARA Lampung")));

    let (code, _, err) = kabar(dir.path(), &["read", "999999"]);
    assert_eq!(code, 1, "unknown id is an error");
    assert!(err.contains("1 of 1 id does not exist"), "{err}");
    let (code, _, err) = kabar(dir.path(), &["list", "--feed", "nope"]);
    assert_eq!(code, 1);
    assert!(err.contains("no feed"), "{err}");
}

#[test]
fn feeds_text_and_json() {
    let server = served();
    let dir = setup(&server);
    kabar(dir.path(), &["refresh"]);
    let (code, out, _) = kabar(dir.path(), &["feeds", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 3);
    assert_eq!(arr[0]["name"], "Radar Lampung");
    assert_eq!(arr[0]["unread"], 1);
    assert_eq!(arr[0]["total"], 1);
    assert!(arr[0]["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(arr[0]["last_refresh"].as_str().is_some());
    assert!(arr[2]["last_error"].as_str().unwrap().contains("404"));
    let (_, out, _) = kabar(dir.path(), &["feeds"]);
    assert!(out.contains("ANTARA Lampung  3/3"), "{out}");
    assert!(out.contains("error: HTTP 404"), "{out}");
}

#[test]
fn show_prints_the_article() {
    let server = served();
    let dir = setup(&server);
    kabar(dir.path(), &["refresh"]);
    let (_, out, _) = kabar(dir.path(), &["list", "--feed", "Radar Lampung", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = v[0]["id"].as_i64().unwrap().to_string();
    let (code, out, _) = kabar(dir.path(), &["show", &id, "--width", "60"]);
    assert_eq!(code, 0);
    assert!(out.contains("22 Apr 2019 15:40 WIB"), "{out}");
    assert!(
        out.lines().all(|l| kabar::text::width::width(l) <= 60),
        "{out}"
    );
    assert!(!out.contains('\x1b'));
    assert_eq!(kabar(dir.path(), &["show", "424242"]).0, 1);
}

#[test]
fn config_error_names_the_line_and_exits_nonzero() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "refresh_minutes = 5\nbogus = 1\n",
    )
    .unwrap();
    let (code, _, err) = kabar(dir.path(), &["feeds"]);
    assert_eq!(code, 2);
    assert!(err.contains("config.toml line 2:"), "{err}");
}

#[test]
fn no_config_uses_embedded_list() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("fresh");
    let (code, out, _) = kabar(&sub, &["feeds"]);
    assert_eq!(code, 0);
    assert!(sub.is_dir(), "config dir created on first use");
    assert!(out.contains("ANTARA Lampung"), "{out}");
    assert!(out.contains("https://www.teraslampung.com/feed/"), "{out}");
    assert_eq!(out.lines().count(), 8);
}

#[test]
fn config_dir_from_environment() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kabar"))
        .arg("feeds")
        .env("KABAR_CONFIG_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("kabar.db").exists());
}

#[test]
fn import_opml_and_newsboat_urls_then_export() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "# my feeds\nrefresh_minutes = 10 # often\n\n[[feeds]]\nurl = \"https://lampost.co/feed/\"\n",
    )
    .unwrap();
    let opml = dir.path().join("in.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
        <outline text="Lampung">
          <outline type="rss" text="Radar" xmlUrl="https://radarlampung.disway.id/rss"/>
          <outline type="rss" text="Lampost" xmlUrl="https://lampost.co/feed/"/>
        </outline></body></opml>"#,
    )
    .unwrap();
    let (code, out, err) = kabar(dir.path(), &["import", opml.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 1 feeds, skipped 1 duplicates"), "{out}");
    let urls = dir.path().join("urls");
    std::fs::write(
        &urls,
        "# newsboat\nhttps://www.teraslampung.com/feed/ lampung \"~Teras\"\n\"exec:touch /tmp/pwned\"\nhttps://lampost.co/feed/\n",
    )
    .unwrap();
    let (code, out, _) = kabar(dir.path(), &["import", urls.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("added 1 feeds, skipped 1 duplicates"), "{out}");
    assert!(!std::path::Path::new("/tmp/pwned").exists());
    let text = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert!(
        text.starts_with("# my feeds\nrefresh_minutes = 10 # often\n"),
        "comments kept:\n{text}"
    );
    let cfg = kabar::config::Config::parse(&text, "config.toml").unwrap();
    assert_eq!(cfg.feeds.len(), 3);
    assert_eq!(cfg.feeds[2].name.as_deref(), Some("Teras"));
    assert_eq!(cfg.feeds[2].tags, vec!["lampung".to_string()]);
    assert_eq!(cfg.feeds[1].tags, vec!["Lampung".to_string()]);

    let (code, out, _) = kabar(dir.path(), &["export"]);
    assert_eq!(code, 0);
    assert!(out.contains("<opml version=\"2.0\">"), "{out}");
    assert!(
        out.contains("xmlUrl=\"https://radarlampung.disway.id/rss\""),
        "{out}"
    );
    let back = kabar::opml::parse_import(&out).unwrap();
    assert_eq!(back.len(), 3);
}

#[test]
fn every_command_has_help_with_examples() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        "refresh", "list", "feeds", "read", "unread", "import", "export", "show",
    ] {
        let (code, out, _) = kabar(dir.path(), &[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}");
        assert!(out.contains("Examples:"), "{cmd} --help:\n{out}");
    }
    let (_, out, _) = kabar(dir.path(), &["--help"]);
    assert!(out.contains("Examples:"));
}

#[test]
fn tui_refuses_a_non_terminal() {
    let dir = config_dir(&[], "");
    let (code, _, err) = kabar(dir.path(), &[]);
    assert_ne!(code, 0);
    assert!(err.contains("not a terminal"), "{err}");
}

#[test]
fn output_into_a_pipe_closed_early_ends_quietly() {
    // `kabar list | head -1`: the reader is gone before kabar writes.
    let server = served();
    let dir = setup(&server);
    assert_eq!(kabar(dir.path(), &["refresh"]).0, 0);
    for args in [&["list"][..], &["list", "--json"], &["feeds"], &["export"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kabar"))
            .arg("--config-dir")
            .arg(dir.path())
            .args(args)
            .env("LANG", "C")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// A feed with one item at 16:30 UTC on 1 August 2019: 23:30 in WIB, already 2 August in WIT.
fn august_feed(server: &Server) {
    server.ok(
        "/august.xml",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Agustus</title>\
         <link>http://example.com/</link><item><title>Malam</title>\
         <link>http://example.com/malam</link><guid>malam</guid>\
         <pubDate>Thu, 01 Aug 2019 16:30:00 +0000</pubDate></item></channel></rss>"
            .as_bytes()
            .to_vec(),
        None,
    );
}

#[test]
fn list_dates_follow_the_configured_zone_and_language() {
    let server = Server::start();
    august_feed(&server);
    let url = server.url("/august.xml");
    // The default: Indonesian in WIB.
    let dir = config_dir(&[("Agustus", &url)], "language = \"id\"\n");
    kabar(dir.path(), &["refresh"]);
    let (code, out, err) = kabar(dir.path(), &["list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("01 Agu 2019 23:30  Agustus"), "{out}");

    let dir = config_dir(
        &[("Agustus", &url)],
        "language = \"en\"\ntimezone = \"Asia/Jayapura\"\n",
    );
    kabar(dir.path(), &["refresh"]);
    let (code, out, err) = kabar(dir.path(), &["list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("02 Aug 2019 01:30  Agustus"), "{out}");
    let (_, out, _) = kabar(dir.path(), &["list", "--json"]);
    assert!(out.contains("\"2019-08-02T01:30:00+09:00\""), "{out}");
    let (_, out, _) = kabar(dir.path(), &["feeds"]);
    assert!(out.contains(" WIT  "), "last refresh in WIT: {out}");
}

#[test]
fn failed_feed_messages_are_in_the_interface_language() {
    let server = Server::start();
    server.route(
        "/x.html",
        Route::Typed {
            body: b"<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>"
                .to_vec(),
            content_type: "text/html".into(),
        },
    );
    // A port nothing listens on: the connection is refused.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!(
            "http://127.0.0.1:{}/feed.xml",
            l.local_addr().unwrap().port()
        )
    };
    let feeds = [("Satu", server.url("/x.html")), ("Dua", closed)];
    let feeds: Vec<(&str, &str)> = feeds.iter().map(|(n, u)| (*n, u.as_str())).collect();
    let indonesian = ["halaman", "bukan", "koneksi", "gagal"];
    let english = ["page", "not a feed", "connection", "failed"];

    let dir = config_dir(&feeds, "language = \"en\"\n");
    let (_, out, _) = kabar(dir.path(), &["refresh"]);
    assert!(
        out.contains("Satu: failed: an HTML page, not a feed"),
        "{out}"
    );
    // In words a reader understands, not the HTTP library's chain.
    assert!(
        out.contains("Dua: failed: 127.0.0.1: connection refused, nothing answers there\n"),
        "{out}"
    );
    let (_, listed, _) = kabar(dir.path(), &["feeds"]);
    for text in [&out, &listed] {
        for word in indonesian {
            assert!(!text.to_lowercase().contains(word), "{word:?} in {text}");
        }
    }

    let dir = config_dir(&feeds, "language = \"id\"\n");
    let (_, out, _) = kabar(dir.path(), &["refresh"]);
    assert!(
        out.contains("Satu: gagal: ini halaman HTML, bukan feed"),
        "{out}"
    );
    assert!(
        out.contains("Dua: gagal: 127.0.0.1: koneksi ditolak, server tidak menerima\n"),
        "{out}"
    );
    let (_, listed, _) = kabar(dir.path(), &["feeds"]);
    assert!(
        listed.contains("galat: ini halaman HTML, bukan feed"),
        "{listed}"
    );
    for text in [&out, &listed] {
        for word in english.iter().chain(&["tcp", "error", "os error"]) {
            assert!(!text.contains(word), "{word:?} in {text}");
        }
    }
}

#[test]
fn every_fetch_and_parse_error_has_both_languages() {
    use kabar::feed::parse::{Invalid, ParseError};
    use kabar::i18n::Lang;
    use kabar::net::fetch::FetchError;
    let fetch = [
        FetchError::Status { status: 404 },
        FetchError::TooMany(120),
        FetchError::Timeout(20),
        FetchError::TooSlow(20),
        FetchError::TooLarge(1024),
        FetchError::Unavailable(60),
        FetchError::Redirects,
        FetchError::RedirectRefused,
        FetchError::Dns {
            host: "lampost.co".into(),
            detail: "dns error: failed to lookup address information".into(),
        },
        FetchError::Refused {
            host: "lampost.co".into(),
            detail: "tcp connect error: Connection refused (os error 111)".into(),
        },
        FetchError::Tls {
            host: "lampost.co".into(),
            detail: "invalid peer certificate: UnknownIssuer".into(),
        },
        FetchError::Connect {
            host: "lampost.co".into(),
            detail: "network unreachable".into(),
        },
        FetchError::Body("eof".into()),
        FetchError::Url("bad".into()),
    ];
    let parse = [
        ParseError::Empty,
        ParseError::Html,
        ParseError::Invalid(Invalid::NotXmlOrJson),
        ParseError::Invalid(Invalid::NoRoot),
        ParseError::Invalid(Invalid::NotAFeed {
            root: "opml".into(),
        }),
        ParseError::Invalid(Invalid::Truncated {
            detail: "at byte 3".into(),
        }),
        ParseError::Invalid(Invalid::Malformed {
            detail: "at byte 3".into(),
        }),
        ParseError::Invalid(Invalid::MalformedJson {
            detail: "line 3".into(),
        }),
        ParseError::Invalid(Invalid::NotJsonFeed),
    ];
    assert_eq!(
        fetch[8].message(Lang::En),
        "lampost.co: name not found in DNS"
    );
    assert_eq!(
        fetch[8].message(Lang::Id),
        "lampost.co: nama host tidak ditemukan"
    );
    let both: Vec<(String, String, String)> = fetch
        .iter()
        .map(|e| (e.message(Lang::Id), e.message(Lang::En), e.to_string()))
        .chain(
            parse
                .iter()
                .map(|e| (e.message(Lang::Id), e.message(Lang::En), e.to_string())),
        )
        .collect();
    for (id, en, log) in &both {
        assert_eq!(en, log, "the log gets the English text");
        // The library's words (the detail) are for the log only.
        for lib in [
            "error",
            "byte 3",
            "line 3",
            "lookup",
            "os error",
            "UnknownIssuer",
        ] {
            assert!(
                !id.contains(lib) && !en.contains(lib),
                "{lib:?} in {id} / {en}"
            );
        }
        assert!(!id.contains('?') && !en.contains('?'), "{id} / {en}");
        // Only a bare status reads the same in both languages.
        assert!(id != en || en == "HTTP 404", "{en}");
        for (a, b) in [("(", ")"), ("{", "}")] {
            assert!(
                !en.contains(a) && !en.contains(b),
                "one language, filled in: {en}"
            );
        }
    }
}
