//! Per-feed settings (`[[feeds]]` and `[tags.NAME]`): read and checked at load (errors name
//! the line), and used by `kabar refresh` and `kabar check` against loopback servers: agent,
//! headers, basic auth with a password command, http and socks5h proxies, `max_items`,
//! `refresh_minutes`.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Route, Server, fixture, kabar_env};
use kabar::config::{Config, ConfigError};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// An RSS feed with `n` items, each its own guid.
fn rss(title: &str, n: usize) -> Vec<u8> {
    let mut s = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <link>http://example.com/</link><description>d</description>"
    );
    for i in 0..n {
        s.push_str(&format!(
            "<item><title>{title} {i}</title><link>http://example.com/{title}/{i}</link>\
             <guid>{title}-{i}</guid><description>Isi berita nomor {i}.</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s.into_bytes()
}

/// A config dir with this config.toml (no start-up refresh, a short timeout) and the
/// process environment free of proxies, so only the config can route a request.
fn dir_with(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("refresh_on_start = false\ntimeout_seconds = 5\n{toml}");
    std::fs::write(dir.path().join("config.toml"), text).unwrap();
    dir
}

/// Run kabar with every proxy variable set to a dead address, loopback exempt (the test
/// servers): a request to another host that honoured the environment would fail, so a
/// proxied feed that works shows its config alone decided.
fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let dead = "http://127.0.0.1:9";
    kabar_env(
        dir,
        args,
        &[
            ("HTTP_PROXY", dead),
            ("http_proxy", dead),
            ("HTTPS_PROXY", dead),
            ("https_proxy", dead),
            ("ALL_PROXY", dead),
            ("all_proxy", dead),
            ("NO_PROXY", "127.0.0.1,127.0.0.2,localhost"),
            ("no_proxy", "127.0.0.1,127.0.0.2,localhost"),
        ],
    )
}

fn parse_err(text: &str) -> (usize, String) {
    match Config::parse(text, "config.toml") {
        Err(ConfigError::Syntax { line, msg, .. }) => (line, msg),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

fn write_script(dir: &std::path::Path, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

// ---------------------------------------------------------------- config load

const FULL: &str = r#"
[tags.tor]
proxy = "socks5h://127.0.0.1:9050"
refresh_minutes = 120
user_agent = "TagAgent/1"
headers = { "X-Tag" = "t", "Cookie" = "tag=1" }
max_items = 7
full_text = "always"

[tags.second]
user_agent = "SecondAgent/2"
refresh_minutes = 5
proxy = "http://127.0.0.1:3128"
username = "tagger"
password_command = ["pass", "show", "tagged"]

[[feeds]]
url = "http://own.example/feed.xml"
tags = ["tor", "second"]
refresh_minutes = 15
user_agent = "Own/1"
headers = { "Cookie" = "session=abc" }
username = "ani"
password_command = ["pass", "show", "own"]
max_items = 3

[[feeds]]
url = "http://inherits.example/feed.xml"
tags = ["second", "tor"]

[[feeds]]
url = "http://plain.example/feed.xml"
"#;

#[test]
fn every_setting_is_read_from_the_feed_and_from_its_tags() {
    let cfg = Config::parse(FULL, "config.toml").unwrap();
    let own = &cfg.feeds[0].settings;
    assert_eq!(own.refresh_minutes, Some(15), "own value beats the tag's");
    assert_eq!(own.user_agent.as_deref(), Some("Own/1"));
    assert_eq!(own.max_items, Some(3));
    assert_eq!(own.username.as_deref(), Some("ani"));
    assert_eq!(
        own.password_command.as_deref(),
        Some(&["pass".to_string(), "show".into(), "own".into()][..])
    );
    // Not set on the feed: from its first tag (tor), not the second.
    assert_eq!(own.proxy.as_deref(), Some("socks5h://127.0.0.1:9050"));
    assert_eq!(
        cfg.feeds[0].full_text,
        Some(kabar::config::FullTextMode::Always)
    );
    // Headers merge by name, the feed's own winning.
    let h = own.headers.clone().unwrap();
    assert_eq!(h.get("Cookie").map(String::as_str), Some("session=abc"));
    assert_eq!(h.get("X-Tag").map(String::as_str), Some("t"));

    // Two tags that disagree: the first in the feed's `tags` list wins, key by key.
    let inh = &cfg.feeds[1].settings;
    assert_eq!(inh.user_agent.as_deref(), Some("SecondAgent/2"));
    assert_eq!(inh.refresh_minutes, Some(5));
    assert_eq!(inh.proxy.as_deref(), Some("http://127.0.0.1:3128"));
    assert_eq!(inh.max_items, Some(7), "only tor sets it");
    assert_eq!(inh.username.as_deref(), Some("tagger"));
    assert_eq!(
        inh.headers
            .clone()
            .unwrap()
            .get("Cookie")
            .map(String::as_str),
        Some("tag=1")
    );

    assert_eq!(
        cfg.feeds[2].settings,
        kabar::config::FeedSettings::default()
    );
    assert_eq!(cfg.shortest_refresh_minutes(), 5);
}

#[test]
fn debug_output_hides_header_values() {
    let cfg = Config::parse(FULL, "config.toml").unwrap();
    let shown = format!("{:?}", cfg.feeds[0]);
    assert!(!shown.contains("session=abc"), "{shown}");
    assert!(shown.contains("Cookie"), "{shown}");
}

#[test]
fn a_bad_value_names_its_line() {
    let head = "refresh_minutes = 30\n\n[[feeds]]\nurl = \"http://a.example/f.xml\"\n";
    // Line 5 in each: the bad key sits right under the feed's url.
    let cases = [
        ("proxy = \"ftp://127.0.0.1:21\"", "proxy"),
        ("refresh_minutes = 0", "refresh_minutes"),
        ("colour = \"red\"", "colour"),
        ("headers = { \"Cookie\" = \"a=1\\nX-Evil: 1\" }", "Cookie"),
        ("max_items = 0", "max_items"),
        ("headers = { \"Host\" = \"x\" }", "Host"),
        ("password_command = []", "password_command"),
        ("user_agent = \"\"", "user_agent"),
    ];
    for (bad, word) in cases {
        let (line, msg) = parse_err(&format!("{head}{bad}\n"));
        assert_eq!(line, 5, "{bad}: {msg}");
        assert!(msg.contains(word), "{bad}: {msg}");
    }
    // The same in a tag table further down.
    let text = "[[feeds]]\nurl = \"http://a.example/f.xml\"\ntags = [\"x\"]\n\n[tags.x]\n\
                max_items = 2\nproxy = \"gopher://h:70\"\n";
    let (line, msg) = parse_err(text);
    assert_eq!(line, 7, "{msg}");
    let text = "[[feeds]]\nurl = \"http://a.example/f.xml\"\n\n[tags.x]\nrefresh_minutes = 1\n\
                unknown_key = 1\n";
    assert_eq!(parse_err(text).0, 6);
}

#[test]
fn basic_auth_halves_are_checked_with_the_line() {
    // A username without its command: the error names the feed's url line.
    let text = "[[feeds]]\nurl = \"http://a.example/f.xml\"\n\n[[feeds]]\n\
                url = \"http://a.example/f.xml2\"\nusername = \"ani\"\n";
    let (line, msg) = parse_err(text);
    assert_eq!(line, 5, "{msg}");
    assert!(msg.contains("password_command"), "{msg}");
    let text = "[[feeds]]\nurl = \"http://a.example/f.xml\"\n\n[tags.locked]\n\
                password_command = [\"pass\", \"x\"]\n";
    let (line, msg) = parse_err(text);
    assert_eq!(line, 4, "{msg}");
    assert!(msg.contains("username"), "{msg}");
}

// ---------------------------------------------------------------- kabar refresh

#[test]
fn refresh_sends_the_feeds_agent_and_cookie_only_to_that_feed() {
    let server = Server::start();
    server.route(
        "/members.xml",
        Route::Guarded {
            header: "cookie",
            value: "session=abc".into(),
            body: rss("members", 2),
            html: false,
        },
    );
    server.ok("/public.xml", rss("public", 2), None);
    let dir = dir_with(&format!(
        "[[feeds]]\nurl = \"{}\"\nname = \"Members\"\nuser_agent = \"Lampung/9\"\n\
         headers = {{ \"Cookie\" = \"session=abc\", \"X-Token\" = \"t0k\" }}\n\n\
         [[feeds]]\nurl = \"{}\"\nname = \"Public\"\n",
        server.url("/members.xml"),
        server.url("/public.xml")
    ));
    let (code, out, err) = run(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Members: ok 2 new"), "{out}");
    assert!(out.contains("Public: ok 2 new"), "{out}");
    let h = server.last_headers("/members.xml").unwrap();
    assert_eq!(h.get("user-agent").map(String::as_str), Some("Lampung/9"));
    assert_eq!(h.get("x-token").map(String::as_str), Some("t0k"));
    let p = server.last_headers("/public.xml").unwrap();
    assert!(
        p.get("user-agent").is_some_and(|ua| ua.contains("kabar")),
        "{p:?}"
    );
    assert!(!p.contains_key("cookie"), "{p:?}");
    assert!(!p.contains_key("x-token"), "{p:?}");
    // The secret stays out of the log.
    let log = std::fs::read_to_string(dir.path().join("kabar.log")).unwrap_or_default();
    assert!(
        !log.contains("session=abc") && !log.contains("t0k"),
        "{log}"
    );
}

#[test]
fn refresh_uses_basic_auth_from_a_password_command_and_a_failing_one_fails_only_its_feed() {
    let server = Server::start();
    // "ani:s3cret"
    let auth = "Basic YW5pOnMzY3JldA==";
    for path in ["/locked.xml", "/broken.xml"] {
        server.route(
            path,
            Route::Guarded {
                header: "authorization",
                value: auth.into(),
                body: rss(&path[1..4], 2),
                html: false,
            },
        );
    }
    server.ok("/open.xml", rss("open", 1), None);
    let dir = tempfile::tempdir().unwrap();
    let good = write_script(dir.path(), "pw.sh", "echo s3cret");
    // Prints the password, then fails: neither it nor its stderr may show anywhere.
    let bad = write_script(
        dir.path(),
        "pw-bad.sh",
        "echo s3cret; echo s3cret-on-stderr >&2; exit 3",
    );
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "refresh_on_start = false\ntimeout_seconds = 5\n\n\
             [tags.members]\nusername = \"ani\"\npassword_command = [\"{good}\"]\n\n\
             [[feeds]]\nurl = \"{}\"\nname = \"Locked\"\ntags = [\"members\"]\n\n\
             [[feeds]]\nurl = \"{}\"\nname = \"Broken\"\nusername = \"ani\"\n\
             password_command = [\"{bad}\", \"extra arg\"]\n\n\
             [[feeds]]\nurl = \"{}\"\nname = \"Open\"\n",
            server.url("/locked.xml"),
            server.url("/broken.xml"),
            server.url("/open.xml"),
        ),
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["refresh"]);
    assert!(out.contains("Locked: ok 2 new"), "{code} {out}{err}");
    assert!(out.contains("Open: ok 1 new"), "{out}");
    assert!(
        out.contains("Broken: failed: password_command") && out.contains("failed"),
        "{out}"
    );
    assert_eq!(
        server
            .last_headers("/locked.xml")
            .unwrap()
            .get("authorization")
            .map(String::as_str),
        Some(auth)
    );
    assert_eq!(
        server.hits("/broken.xml"),
        0,
        "no request without its password"
    );
    let log = std::fs::read_to_string(dir.path().join("kabar.log")).unwrap_or_default();
    for text in [&out, &err, &log] {
        assert!(!text.contains("s3cret"), "{text}");
        assert!(!text.contains("YW5pOnMzY3JldA"), "{text}");
    }
}

/// A loopback HTTP proxy: records each request line (absolute form) and answers every
/// request with `body` itself.
fn http_proxy(body: Vec<u8>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (log, body) = (log.clone(), body.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut out = stream;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if common::server::read_headers(&mut reader)
                        .ok()
                        .flatten()
                        .is_none()
                    {
                        return;
                    }
                    log.lock().unwrap().push(line.trim_end().to_string());
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\
                         Content-Length: {}\r\n\r\n",
                        body.len()
                    );
                    if out.write_all(head.as_bytes()).is_err() || out.write_all(&body).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (format!("http://localhost:{}", addr.port()), seen)
}

#[test]
fn refresh_goes_through_an_http_proxy() {
    let (proxy, seen) = http_proxy(rss("proxied", 2));
    let dir = dir_with(&format!(
        "[[feeds]]\nurl = \"http://lampung.example/berita.xml\"\nname = \"Lewat\"\n\
         proxy = \"{proxy}\"\n"
    ));
    let (code, out, err) = run(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Lewat: ok 2 new"), "{out}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        vec!["GET http://lampung.example/berita.xml HTTP/1.1".to_string()]
    );
}

/// A loopback SOCKS5 server (no auth, CONNECT only): records the address each CONNECT asks
/// for as the client sent it (`name:port` for ATYP 3, else `ip:port`), then relays to
/// `upstream` whatever was asked.
fn socks5(upstream: std::net::SocketAddr) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let log = log.clone();
            std::thread::spawn(move || {
                let _ = socks_session(stream, upstream, &log);
            });
        }
    });
    (format!("socks5h://localhost:{}", addr.port()), seen)
}

fn socks_session(
    mut c: TcpStream,
    upstream: std::net::SocketAddr,
    log: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut two = [0u8; 2];
    c.read_exact(&mut two)?; // VER, NMETHODS
    let mut methods = vec![0u8; usize::from(two[1])];
    c.read_exact(&mut methods)?;
    c.write_all(&[5, 0])?; // no authentication
    let mut req = [0u8; 4];
    c.read_exact(&mut req)?; // VER, CMD, RSV, ATYP
    let host = match req[3] {
        3 => {
            let mut len = [0u8; 1];
            c.read_exact(&mut len)?;
            let mut name = vec![0u8; usize::from(len[0])];
            c.read_exact(&mut name)?;
            String::from_utf8_lossy(&name).into_owned()
        }
        1 => {
            let mut ip = [0u8; 4];
            c.read_exact(&mut ip)?;
            format!("ip:{}", std::net::Ipv4Addr::from(ip))
        }
        _ => {
            let mut ip = [0u8; 16];
            c.read_exact(&mut ip)?;
            format!("ip:{}", std::net::Ipv6Addr::from(ip))
        }
    };
    let mut port = [0u8; 2];
    c.read_exact(&mut port)?;
    log.lock()
        .unwrap()
        .push(format!("{host}:{}", u16::from_be_bytes(port)));
    let up = TcpStream::connect(upstream)?;
    c.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0])?;
    let (mut c2, mut up2) = (c.try_clone()?, up.try_clone()?);
    let back = std::thread::spawn(move || {
        let _ = std::io::copy(&mut up2, &mut c2);
        let _ = c2.shutdown(std::net::Shutdown::Write);
    });
    let mut up = up;
    let _ = std::io::copy(&mut c, &mut up);
    let _ = up.shutdown(std::net::Shutdown::Write);
    let _ = back.join();
    Ok(())
}

#[test]
fn refresh_goes_through_socks5h_with_the_name_unresolved() {
    let server = Server::start();
    server.ok("/tor.xml", rss("tor", 3), None);
    let (proxy, seen) = socks5(server.addr);
    let dir = dir_with(&format!(
        "[tags.tor]\nproxy = \"{proxy}\"\n\n\
         [[feeds]]\nurl = \"http://lampung.example:8080/tor.xml\"\nname = \"Onion\"\n\
         tags = [\"tor\"]\n"
    ));
    let (code, out, err) = run(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Onion: ok 3 new"), "{out}");
    assert_eq!(
        seen.lock().unwrap().clone(),
        vec!["lampung.example:8080".to_string()],
        "the proxy got the name, not an address"
    );
    let h = server.last_headers("/tor.xml").unwrap();
    assert_eq!(
        h.get("host").map(String::as_str),
        Some("lampung.example:8080")
    );
}

#[test]
fn max_items_keeps_that_many_of_the_feed() {
    let server = Server::start();
    server.ok("/ten.xml", rss("ten", 10), None);
    server.ok("/all.xml", rss("all", 10), None);
    let dir = dir_with(&format!(
        "[[feeds]]\nurl = \"{}\"\nname = \"Tiga\"\nmax_items = 3\n\n\
         [[feeds]]\nurl = \"{}\"\nname = \"Semua\"\n",
        server.url("/ten.xml"),
        server.url("/all.xml")
    ));
    let (code, out, err) = run(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Tiga: ok 3 new"), "{out}");
    assert!(out.contains("Semua: ok 10 new"), "{out}");
    let (_, list, _) = run(dir.path(), &["list", "--json"]);
    let v = crate::common::listed(&list);
    let from = |feed: &str| v.iter().filter(|a| a["feed"] == feed).count();
    assert_eq!(from("Tiga"), 3);
    assert_eq!(from("Semua"), 10);
    // Ten other items next time: the store still keeps 3 of that feed (oldest dropped).
    server.ok("/ten.xml", rss("lagi", 10), None);
    server.ok("/all.xml", rss("lagi", 10), None);
    let (code, out, err) = run(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, list, _) = run(dir.path(), &["list", "--json"]);
    let v = crate::common::listed(&list);
    let from = |feed: &str| v.iter().filter(|a| a["feed"] == feed).count();
    assert_eq!(from("Tiga"), 3, "{list}");
    assert_eq!(from("Semua"), 20);
}

#[test]
fn refresh_minutes_skips_a_feed_fetched_lately_unless_all() {
    let server = Server::start();
    server.ok("/hourly.xml", rss("hourly", 1), None);
    server.ok("/always.xml", rss("always", 1), None);
    let dir = dir_with(&format!(
        "[[feeds]]\nurl = \"{}\"\nname = \"Hourly\"\nrefresh_minutes = 60\n\n\
         [[feeds]]\nurl = \"{}\"\nname = \"Always\"\n",
        server.url("/hourly.xml"),
        server.url("/always.xml")
    ));
    let (code, out, err) = run(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(server.hits("/hourly.xml"), 1, "{out}");
    // Just fetched: not due for an hour.
    let (code, out, err) = run(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(server.hits("/hourly.xml"), 1, "{out}");
    assert_eq!(server.hits("/always.xml"), 2, "{out}");
    assert!(out.contains("1 feed not due yet"), "{out}");
    let (code, out, err) = run(dir.path(), &["refresh", "--all"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(server.hits("/hourly.xml"), 2, "{out}");
    assert!(!out.contains("not due"), "{out}");
}

// ---------------------------------------------------------------- kabar check

#[test]
fn check_fetches_each_feed_with_its_settings() {
    let server = Server::start();
    server.route(
        "/cookie.xml",
        Route::Guarded {
            header: "cookie",
            value: "session=abc".into(),
            body: rss("cookie", 2),
            html: false,
        },
    );
    server.route(
        "/auth.xml",
        Route::Guarded {
            header: "authorization",
            value: "Basic YW5pOnMzY3JldA==".into(),
            body: rss("auth", 2),
            html: false,
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let pw = write_script(dir.path(), "pw.sh", "echo s3cret");
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "refresh_on_start = false\ntimeout_seconds = 5\n\n\
             [tags.members]\nheaders = {{ \"Cookie\" = \"session=abc\" }}\n\n\
             [[feeds]]\nurl = \"{}\"\nname = \"Kue\"\ntags = [\"members\"]\n\n\
             [[feeds]]\nurl = \"{}\"\nname = \"Sandi\"\nusername = \"ani\"\n\
             password_command = [\"{pw}\"]\n",
            server.url("/cookie.xml"),
            server.url("/auth.xml"),
        ),
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["check", "--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let checks = v.as_array().unwrap();
    assert_eq!(checks.len(), 2, "{out}");
    for c in checks {
        assert!(c["error"].is_null(), "{c}");
    }
    assert!(
        !out.contains("s3cret") && !err.contains("s3cret"),
        "{out}{err}"
    );
    // Without the settings the same feeds are refused: the check above used them.
    let plain = dir_with(&format!(
        "[[feeds]]\nurl = \"{}\"\nname = \"Kue\"\n",
        server.url("/cookie.xml")
    ));
    let (_, out, _) = run(plain.path(), &["check", "--json"]);
    assert!(out.contains("401"), "{out}");
}

#[test]
fn own_headers_do_not_follow_a_redirect_to_another_host() {
    // Private addresses allowed, so only the feed's own headers can stop the redirect.
    let elsewhere = Server::start_on("127.0.0.2:0");
    elsewhere.ok("/feed.xml", rss("elsewhere", 1), None);
    let server = Server::start();
    server.route("/token.xml", Route::Redirect(elsewhere.url("/feed.xml")));
    server.route("/cookie.xml", Route::Redirect(elsewhere.url("/feed.xml")));
    let dir = dir_with(&format!(
        "allow_private_links = true\n\n\
         [[feeds]]\nurl = \"{}\"\nname = \"Token\"\nheaders = {{ \"X-Token\" = \"t0k\" }}\n\n\
         [[feeds]]\nurl = \"{}\"\nname = \"Kue\"\nheaders = {{ \"Cookie\" = \"a=1\" }}\n",
        server.url("/token.xml"),
        server.url("/cookie.xml"),
    ));
    let (_, out, err) = run(dir.path(), &["refresh", "-v"]);
    assert!(
        out.contains("Token: failed: redirect to another host not followed"),
        "{out}{err}"
    );
    // The library drops a cookie on the way to another host, so that one may follow.
    assert!(out.contains("Kue: ok 1 new"), "{out}{err}");
    let h = elsewhere.last_headers("/feed.xml").unwrap();
    assert!(!h.contains_key("cookie"), "{h:?}");
    assert_eq!(elsewhere.hits("/feed.xml"), 1, "{out}");
    assert!(!out.contains("t0k"), "{out}");
}

#[test]
fn the_reader_timer_leaves_feeds_that_are_not_due() {
    let text = "refresh_minutes = 0\n\n[[feeds]]\nurl = \"http://a.example/1\"\n\
                refresh_minutes = 60\n\n[[feeds]]\nurl = \"http://a.example/2\"\n";
    let cfg = Config::parse(text, "config.toml").unwrap();
    assert_eq!(cfg.shortest_refresh_minutes(), 60);
    let now = 1_000_000;
    let feeds = || {
        [
            (1, "http://a.example/1", Some(now - 3600)),
            (2, "http://a.example/2", Some(now - 3600)),
        ]
    };
    // The reader's timer: feed 1 is due, feed 2 has no period and the global 0 means never.
    let not_due = cfg.not_due(feeds(), now, true);
    assert_eq!(not_due, [2].into_iter().collect());
    // A minute after feed 1 was fetched it is not due; `kabar refresh` fetches feed 2 anyway.
    let not_due = cfg.not_due(
        [
            (1, "http://a.example/1", Some(now - 60)),
            (2, "http://a.example/2", None),
        ],
        now,
        false,
    );
    assert_eq!(not_due, [1].into_iter().collect());
}

#[test]
fn full_text_is_fetched_with_the_feeds_cookie() {
    let server = Server::start();
    let cookie = || "session=abc".to_string();
    let feed = String::from_utf8(fixture("fixtures/antara-excerpt.xml"))
        .unwrap()
        .replace(
            "https://lampung.antaranews.example/berita/",
            &server.url("/berita/"),
        );
    server.route(
        "/antara.xml",
        Route::Guarded {
            header: "cookie",
            value: cookie(),
            body: feed.into_bytes(),
            html: false,
        },
    );
    let page = "/berita/789012/pemprov-lampung-salurkan-20-ton-benih-padi-untuk-petani-tanggamus";
    server.route(
        page,
        Route::Guarded {
            header: "cookie",
            value: cookie(),
            body: fixture("fixtures/antara-article.html"),
            html: true,
        },
    );
    let dir = dir_with(&format!(
        "[tags.members]\nheaders = {{ \"Cookie\" = \"session=abc\" }}\n\n\
         [[feeds]]\nurl = \"{}\"\nname = \"ANTARA\"\ntags = [\"members\"]\n",
        server.url("/antara.xml")
    ));
    let (code, out, err) = run(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, list, _) = run(dir.path(), &["list", "--json"]);
    let id = crate::common::id_titled(&list, "Pemprov Lampung salurkan");
    // `show` upgrades the excerpt as the reader does: the page behind the cookie opens.
    let (code, text, err) = run(dir.path(), &["show", &id]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.hits(page), 1, "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("seorang petani di Kecamatan Pugung"),
        "{text}"
    );
}

#[test]
fn a_proxy_on_this_machine_does_not_open_it_to_feeds_links() {
    let server = Server::start();
    let port = server.addr.port();
    // Feed B's article links lead to "localhost": a private address from a feed's link.
    let body = String::from_utf8(rss("b", 1)).unwrap().replace(
        "http://example.com/b/0",
        &format!("http://localhost:{port}/page"),
    );
    server.ok("/b.xml", body, None);
    server.html("/page", "<html><body><p>rahasia</p></body></html>".into());
    let (proxy, seen) = http_proxy(rss("a", 1));
    let dir = dir_with(&format!(
        "[[feeds]]\nurl = \"http://lampung.example/a.xml\"\nname = \"A\"\nproxy = \"{proxy}\"\n\n\
         [[feeds]]\nurl = \"{}\"\nname = \"B\"\nfull_text = \"always\"\n",
        server.url("/b.xml")
    ));
    let (code, out, err) = run(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("A: ok 1 new") && out.contains("B: ok 1 new"),
        "{out}"
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_eq!(
        server.hits("/page"),
        0,
        "the proxy's host stays closed to links"
    );
}

#[test]
fn the_readme_example_reads_as_it_says() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme.split("## Per-feed settings").nth(1).unwrap();
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap();
    let cfg = Config::parse(block, "config.toml").unwrap();
    let paper = &cfg.feeds[1].settings;
    assert_eq!(paper.refresh_minutes, Some(30));
    assert_eq!(paper.proxy.as_deref(), Some("socks5h://127.0.0.1:9050"));
    assert_eq!(paper.username.as_deref(), Some("ani"));
    let h = paper.headers.clone().unwrap();
    assert_eq!(h.get("Cookie").map(String::as_str), Some("session=abc"));
    assert_eq!(cfg.feeds[0].settings.refresh_minutes, Some(120));
}

// ---------------------------------------------------------------- the reader

#[test]
fn the_reader_timer_asks_only_for_the_feeds_that_are_due() {
    use common::app::{NOW, app, feed, store_fixtures};
    use kabar::app::Effect;
    let mut hourly = feed("Hourly", "http://feeds.example/radar.xml");
    hourly.settings.refresh_minutes = Some(60);
    let plain = feed("Plain", "http://feeds.example/wp.xml");
    let feeds = vec![hourly, plain];
    let mut store = kabar::store::Store::open_in_memory().unwrap();
    // Both fetched ten minutes before the timer fires.
    let ids = store_fixtures(
        &mut store,
        &feeds,
        &[
            "fixtures/radarlampung-seed.xml",
            "fixtures/wordpress-full.xml",
        ],
        NOW - 600,
    );
    let config = Config {
        feeds,
        refresh_minutes: 10,
        language: Some(kabar::i18n::Lang::En),
        ..Config::default()
    };
    let mut app = app(store, config, NOW);
    app.refresh_due();
    assert_eq!(app.take_effects(), vec![Effect::Refresh(vec![ids[1]])]);
    // Each key still fetches what it names.
    app.update(kabar::action::Action::RefreshAll);
    assert_eq!(app.take_effects(), vec![Effect::Refresh(vec![])]);
}
