//! Hostile suite, issue 13 finding 7: what a feed says (item links, their redirects, pages found
//! by discovery) cannot lead kabar to loopback or private addresses, unless
//! `allow_private_links = true`; the configured feed's own host may be private.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Route, Server, kabar};

/// A "public" feed on 127.0.0.2 (configured, so trusted) whose excerpt-only items point at
/// the "admin" server on 127.0.0.1: directly, through a redirect on the feed's own host, and
/// by a host name that resolves to loopback.
fn setup(extra: &str) -> (Server, Server, tempfile::TempDir) {
    let admin = Server::start_on("127.0.0.1:0");
    for p in ["/admin/direct", "/admin/redirected", "/admin/named"] {
        admin.route(
            p,
            Route::Typed {
                body: format!(
                    "<html><body><article><p>ADMIN SECRET {p}: the router's password page, \
                     which no feed from outside should be able to make kabar read.</p></article>\
                     </body></html>"
                )
                .into_bytes(),
                content_type: "text/html".into(),
            },
        );
    }
    let feed = Server::start_on("127.0.0.2:0");
    feed.route("/go", Route::Redirect(admin.url("/admin/redirected")));
    let named = format!("http://localhost:{}/admin/named", admin.addr.port());
    let item = |title: &str, link: &str| {
        format!("<item><title>{title}</title><link>{link}</link><guid>{title}</guid></item>")
    };
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Public</title>\
         <link>{}</link>{}{}{}</channel></rss>",
        feed.url("/"),
        item("Direct", &admin.url("/admin/direct")),
        item("Redirected", &feed.url("/go")),
        item("Named", &named),
    );
    feed.ok("/feed.xml", rss, None);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "refresh_on_start = false\ntimeout_seconds = 3\n{extra}\n[[feeds]]\nurl = \"{}\"\n\
             name = \"Public\"\nfull_text = \"always\"\n",
            feed.url("/feed.xml")
        ),
    )
    .unwrap();
    (feed, admin, dir)
}

fn id_of(dir: &std::path::Path, title: &str) -> String {
    let (_, out, _) = kabar(dir, &["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str() == Some(title))
        .unwrap_or_else(|| panic!("{title} in {out}"))["id"]
        .as_i64()
        .unwrap()
        .to_string()
}

#[test]
fn feed_links_into_loopback_are_not_fetched_and_the_article_says_why() {
    let (feed, admin, dir) = setup("");
    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        feed.hits("/feed.xml"),
        1,
        "the configured feed is private and fetched"
    );
    assert_eq!(
        admin.total_hits(),
        0,
        "nothing reached the private server: {:?}",
        admin.log.lock().unwrap().requests
    );
    for (title, host) in [
        ("Direct", "127.0.0.1"),
        ("Redirected", "127.0.0.1"),
        ("Named", "localhost"),
    ] {
        let (code, text, _) = kabar(dir.path(), &["show", &id_of(dir.path(), title)]);
        assert_eq!(code, 0);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(!flat.contains("ADMIN SECRET"), "{title}: {text}");
        assert!(
            flat.contains(&format!("{host}: a private address")),
            "{title}: the article says why:\n{text}"
        );
    }
}

#[test]
fn allow_private_links_lets_them_through() {
    let (_feed, admin, dir) = setup("allow_private_links = true");
    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}{err}");
    for p in ["/admin/direct", "/admin/redirected", "/admin/named"] {
        assert_eq!(admin.hits(p), 1, "{p} fetched when allowed");
    }
    let (_, text, _) = kabar(dir.path(), &["show", &id_of(dir.path(), "Redirected")]);
    assert!(text.contains("ADMIN SECRET /admin/redirected"), "{text}");
}

#[test]
fn discovery_does_not_follow_a_page_into_loopback() {
    // The page the user typed is on 127.0.0.2 (trusted: typed); it announces a feed on
    // 127.0.0.1, which is not fetched.
    let admin = Server::start_on("127.0.0.1:0");
    admin.ok(
        "/secret.xml",
        "<rss version=\"2.0\"><channel><title>Secret</title></channel></rss>",
        None,
    );
    let page = Server::start_on("127.0.0.2:0");
    page.route(
        "/",
        Route::Typed {
            body: format!(
                "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"{}\">\
                 </head><body>a page</body></html>",
                admin.url("/secret.xml")
            )
            .into_bytes(),
            content_type: "text/html".into(),
        },
    );
    page.ok(
        "/feed",
        "<rss version=\"2.0\"><channel><title>Own</title></channel></rss>",
        None,
    );
    let dir = common::config_dir(&[], "");
    let (_, out, err) = kabar(dir.path(), &["add", &page.url("/"), "--yes"]);
    assert_eq!(admin.total_hits(), 0, "{out}{err}");
    assert!(
        page.hits("/feed") >= 1,
        "its own host is probed: {out}{err}"
    );
}
