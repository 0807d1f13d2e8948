//! The Miniflux and Google Reader clients against answers recorded from a real Miniflux, served
//! by a loopback server: what is sent, what is understood, and every failure's kind.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::sync_common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use kabar::i18n::Lang;
use kabar::sync::{Backend, GReader, Miniflux, MinifluxAuth, Secret, SyncErrorKind, SyncSettings};
use sync_common::{Req, Resp, SyncServer, fixture};

fn settings() -> SyncSettings {
    SyncSettings {
        timeout: Duration::from_secs(3),
        ..SyncSettings::default()
    }
}

fn miniflux(server: &SyncServer) -> Miniflux {
    Miniflux::new(
        &server.url(),
        MinifluxAuth::ApiKey(Secret::new("key-123")),
        settings(),
    )
    .unwrap()
}

fn greader(server: &SyncServer) -> GReader {
    GReader::new(&server.url(), "kabar", Secret::new("pw-456"), settings()).unwrap()
}

/// Miniflux answering from the recorded fixtures, two entries per page.
fn miniflux_server() -> SyncServer {
    SyncServer::start(|r: &Req| {
        if r.headers.get("x-auth-token").map(String::as_str) != Some("key-123") {
            return Resp::Body(
                401,
                "application/json",
                br#"{"error_message":"access unauthorized"}"#.to_vec(),
            );
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("GET", "/v1/me") => Resp::json(fixture("miniflux-me.json")),
            ("GET", "/v1/feeds") => Resp::json(fixture("miniflux-feeds.json")),
            ("GET", "/v1/categories") => Resp::json(fixture("miniflux-categories.json")),
            ("GET", "/v1/entries/2") => Resp::json(fixture("miniflux-entry-2.json")),
            ("GET", "/v1/entries") => match r.q("after_entry_id") {
                Some("0") => Resp::json(fixture("miniflux-entries-page1.json")),
                Some("2") => Resp::json(fixture("miniflux-entries-page2.json")),
                _ => Resp::json(r#"{"total":4,"entries":[]}"#),
            },
            ("POST", "/v1/feeds") => {
                Resp::Body(201, "application/json", br#"{"feed_id":7}"#.to_vec())
            }
            ("PUT" | "DELETE", _) => Resp::Body(204, "application/json", vec![]),
            _ => Resp::status(404),
        }
    })
}

#[tokio::test]
async fn miniflux_reads_feeds_categories_and_the_user_with_the_api_key() {
    let server = miniflux_server();
    let c = miniflux(&server);
    assert_eq!(c.check().await.unwrap(), "admin");
    let feeds = c.feeds().await.unwrap();
    assert_eq!(feeds.len(), 2);
    assert_eq!(feeds[0].id, "1");
    assert_eq!(feeds[0].title, "Feed A");
    assert_eq!(
        feeds[0].url.as_deref(),
        Some("http://127.0.0.1:38111/a.xml")
    );
    assert_eq!(feeds[0].site_url.as_deref(), Some("http://example.com/"));
    assert_eq!(feeds[0].categories, vec!["All".to_string()]);
    let cats = c.categories().await.unwrap();
    assert_eq!(cats[0].title, "All");
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.headers["x-auth-token"] == "key-123")
    );
}

#[tokio::test]
async fn miniflux_basic_auth_sends_the_user_and_password() {
    let server = SyncServer::start(|r: &Req| {
        // admin:pw
        if r.headers.get("authorization").map(String::as_str) == Some("Basic YWRtaW46cHc=") {
            Resp::json(fixture("miniflux-me.json"))
        } else {
            Resp::status(401)
        }
    });
    let auth = MinifluxAuth::Basic {
        username: "admin".into(),
        password: Secret::new("pw"),
    };
    let c = Miniflux::new(&server.url(), auth, settings()).unwrap();
    assert_eq!(c.check().await.unwrap(), "admin");
}

#[tokio::test]
async fn miniflux_pages_through_changed_entries_by_id() {
    let server = miniflux_server();
    let c = miniflux(&server).with_page_size(2);
    let entries = c.entries_changed_since(Some(1_796_000_000)).await.unwrap();
    assert_eq!(
        entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    let pages = server.to("/v1/entries");
    assert_eq!(pages.len(), 3, "two full pages, then a short one");
    for (page, after) in pages.iter().zip(["0", "2", "4"]) {
        assert_eq!(page.q("after_entry_id"), Some(after));
        assert_eq!(page.q("changed_after"), Some("1796000000"));
        assert_eq!(page.q("limit"), Some("2"));
        assert_eq!(page.q("order"), Some("id"));
    }
    let e = &entries[0];
    assert_eq!(e.feed_id, "1");
    assert_eq!(e.title, "Two");
    assert_eq!(e.url.as_deref(), Some("http://example.com/2"));
    assert_eq!(e.published, 1_796_205_600);
    assert!(e.starred && !e.read);
    assert_eq!(e.author, None);
}

#[tokio::test]
async fn miniflux_writes_read_state_stars_only_when_different_and_subscribes() {
    let server = miniflux_server();
    let c = miniflux(&server);
    c.set_read(&[1, 2], true).await.unwrap();
    let put = &server.to("/v1/entries")[0];
    assert_eq!(put.method, "PUT");
    assert_eq!(
        put.json(),
        serde_json::json!({"entry_ids": [1, 2], "status": "read"})
    );
    // Entry 2 is starred already: no toggle.
    c.set_starred(2, true).await.unwrap();
    assert!(server.to("/v1/entries/2/bookmark").is_empty());
    c.set_starred(2, false).await.unwrap();
    assert_eq!(server.to("/v1/entries/2/bookmark").len(), 1);

    assert_eq!(
        c.subscribe("http://example.com/feed", Some(3))
            .await
            .unwrap(),
        7
    );
    let post = &server.to("/v1/feeds")[0];
    assert_eq!(
        post.json(),
        serde_json::json!({"feed_url": "http://example.com/feed", "category_id": 3})
    );
    c.mark_all_read().await.unwrap();
    assert_eq!(server.to("/v1/users/1/mark-all-as-read").len(), 1);
    let backend = Backend::Miniflux(c);
    backend.mark_feed_read("7").await.unwrap();
    backend.unsubscribe("7").await.unwrap();
    assert_eq!(server.to("/v1/feeds/7/mark-all-as-read")[0].method, "PUT");
    assert_eq!(server.to("/v1/feeds/7")[0].method, "DELETE");
}

#[tokio::test]
async fn miniflux_failures_have_their_kind_and_a_message_in_both_languages() {
    let server = miniflux_server();
    let wrong = Miniflux::new(
        &server.url(),
        MinifluxAuth::ApiKey(Secret::new("wrong")),
        settings(),
    )
    .unwrap();
    let e = wrong.check().await.unwrap_err();
    assert_eq!(e.kind(), SyncErrorKind::Unauthorized);
    assert_ne!(e.message(Lang::En), e.message(Lang::Id));
    assert!(e.message(Lang::En).contains("refused the login"));

    for (status, kind) in [
        (403, SyncErrorKind::Forbidden),
        (500, SyncErrorKind::Server(500)),
        (502, SyncErrorKind::Server(502)),
        (404, SyncErrorKind::NotFound),
        (400, SyncErrorKind::Refused(400)),
    ] {
        let s = SyncServer::start(move |_| Resp::status(status));
        let e = miniflux(&s).feeds().await.unwrap_err();
        assert_eq!(e.kind(), kind, "HTTP {status}");
        assert!(!e.message(Lang::Id).is_empty());
    }
    // The server's own reason is kept for a refusal.
    let s = SyncServer::start(|_| {
        Resp::Body(
            400,
            "application/json",
            br#"{"error_message":"This feed already exists."}"#.to_vec(),
        )
    });
    let e = miniflux(&s)
        .subscribe("http://x.example/", None)
        .await
        .unwrap_err();
    assert!(
        e.message(Lang::En).contains("This feed already exists."),
        "{e}"
    );

    let s = SyncServer::start(|_| Resp::json("<html>proxy login</html>"));
    let e = miniflux(&s).feeds().await.unwrap_err();
    assert_eq!(e.kind(), SyncErrorKind::BadJson);
    let s = SyncServer::start(|_| Resp::json(r#"[{"id": "one"}]"#));
    assert_eq!(
        miniflux(&s).feeds().await.unwrap_err().kind(),
        SyncErrorKind::BadJson
    );
}

#[tokio::test]
async fn a_silent_server_times_out_and_a_huge_answer_is_cut() {
    let s = SyncServer::start(|_| Resp::Hang(Duration::from_secs(10)));
    let c = Miniflux::new(
        &s.url(),
        MinifluxAuth::ApiKey(Secret::new("k")),
        SyncSettings {
            timeout: Duration::from_secs(1),
            ..SyncSettings::default()
        },
    )
    .unwrap();
    let started = std::time::Instant::now();
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind(), SyncErrorKind::Timeout(1));
    assert!(started.elapsed() < Duration::from_secs(5));

    let s = SyncServer::start(|_| Resp::json(vec![b' '; 100_000]));
    let c = Miniflux::new(
        &s.url(),
        MinifluxAuth::ApiKey(Secret::new("k")),
        SyncSettings {
            max_bytes: 10_000,
            ..settings()
        },
    )
    .unwrap();
    assert_eq!(
        c.feeds().await.unwrap_err().kind(),
        SyncErrorKind::TooLarge(10_000)
    );

    // Nobody listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = Miniflux::new(
        &format!("http://127.0.0.1:{port}"),
        MinifluxAuth::ApiKey(Secret::new("k")),
        settings(),
    )
    .unwrap();
    assert_eq!(c.check().await.unwrap_err().kind(), SyncErrorKind::Network);
}

#[tokio::test]
async fn hostile_entries_lose_their_controls_and_non_http_links() {
    let s = SyncServer::start(|_| {
        Resp::json(
            r#"{"total":1,"entries":[{"id":9,"feed_id":1,"status":"read","starred":false,
            "url":"javascript:alert(1)","title":"Bad\u001b]0;pwned\u0007 title\nline",
            "content":"<p>x</p>","author":"\u202eevil","published_at":"2026-12-01T10:00:00+07:00",
            "changed_at":"2026-12-02T00:00:00Z"}]}"#,
        )
    });
    let entries = miniflux(&s).entries_changed_since(None).await.unwrap();
    let e = &entries[0];
    assert_eq!(e.url, None);
    assert!(
        !e.title.contains('\u{1b}') && !e.title.contains('\n'),
        "{:?}",
        e.title
    );
    assert!(!e.author.clone().unwrap_or_default().contains('\u{202e}'));
    assert!(e.read);
    assert_eq!(e.published, 1_796_094_000);
    assert_eq!(e.changed, 1_796_169_600);
    assert!(s.to("/v1/entries")[0].q("changed_after").is_none());
}

#[tokio::test]
async fn an_address_that_is_not_http_is_refused() {
    let e = Miniflux::new(
        "file:///etc/passwd",
        MinifluxAuth::ApiKey(Secret::new("k")),
        settings(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), SyncErrorKind::Url);
}

/// A Google Reader server from the recorded answers: ClientLogin for kabar/pw-456 gives
/// `recorded-token`; edits need `T=edit-token`. Ids 1..=5 exist; pages of 2 ids.
fn greader_server() -> SyncServer {
    SyncServer::start(greader_answer)
}

fn greader_answer(r: &Req) -> Resp {
    {
        if r.path == "/accounts/ClientLogin" {
            let f = r.form();
            return if f.contains(&("Email".into(), "kabar".into()))
                && f.contains(&("Passwd".into(), "pw-456".into()))
            {
                Resp::text(
                    200,
                    std::str::from_utf8(&fixture("greader-login.txt")).unwrap(),
                )
            } else {
                Resp::text(401, "Unauthorized")
            };
        }
        if r.headers.get("authorization").map(String::as_str)
            != Some("GoogleLogin auth=recorded-token")
        {
            return Resp::text(401, "Unauthorized");
        }
        if r.method == "POST" && r.form_all("T") != vec!["edit-token".to_string()] {
            return Resp::text(401, "Unauthorized");
        }
        match r.path.as_str() {
            "/reader/api/0/token" => Resp::text(200, "edit-token\n"),
            "/reader/api/0/user-info" => Resp::json(fixture("greader-user-info.json")),
            "/reader/api/0/subscription/list" => Resp::json(fixture("greader-subscriptions.json")),
            "/reader/api/0/tag/list" => Resp::json(fixture("greader-tags.json")),
            "/reader/api/0/stream/items/ids" => match r.q("c") {
                None => Resp::json(r#"{"itemRefs":[{"id":"1"},{"id":"2"}],"continuation":"p2"}"#),
                Some("p2") => {
                    Resp::json(r#"{"itemRefs":[{"id":"3"},{"id":"4"}],"continuation":"p3"}"#)
                }
                _ => Resp::json(r#"{"itemRefs":[{"id":"5"}]}"#),
            },
            "/reader/api/0/stream/items/contents" => {
                // Answer with the recorded items, renumbered to the ids asked for.
                let v: serde_json::Value =
                    serde_json::from_slice(&fixture("greader-contents.json")).unwrap();
                let template = v["items"][0].clone();
                let items: Vec<serde_json::Value> = r
                    .form_all("i")
                    .iter()
                    .map(|id| {
                        let mut it = template.clone();
                        let n: u64 = id.parse().unwrap();
                        it["id"] = format!("tag:google.com,2005:reader/item/{n:016x}").into();
                        it
                    })
                    .collect();
                Resp::json(serde_json::json!({ "items": items }).to_string())
            }
            "/reader/api/0/subscription/quickadd" => Resp::json(
                r#"{"numResults":1,"query":"http://example.com/feed","streamId":"feed/9","streamName":"X"}"#,
            ),
            "/reader/api/0/edit-tag"
            | "/reader/api/0/subscription/edit"
            | "/reader/api/0/mark-all-as-read" => Resp::text(200, "OK"),
            _ => Resp::text(404, "not found"),
        }
    }
}

#[tokio::test]
async fn greader_logs_in_once_and_reads_subscriptions_and_labels() {
    let server = greader_server();
    let c = greader(&server);
    assert_eq!(c.check().await.unwrap(), "admin");
    let feeds = c.feeds().await.unwrap();
    assert_eq!(feeds.len(), 2);
    assert_eq!(feeds[1].id, "feed/2");
    assert_eq!(feeds[1].title, "Feed B");
    assert_eq!(feeds[1].categories, vec!["All".to_string()]);
    let cats = c.categories().await.unwrap();
    assert_eq!(
        cats.len(),
        1,
        "the starred state is not a category: {cats:?}"
    );
    assert_eq!(cats[0].title, "All");
    assert_eq!(server.to("/accounts/ClientLogin").len(), 1);
    assert!(server.to("/reader/api/0/tag/list")[0].q("output") == Some("json"));
}

#[tokio::test]
async fn greader_pages_ids_and_fetches_contents_in_batches_with_the_edit_token() {
    let server = greader_server();
    let c = greader(&server).with_batch(2);
    let entries = c.entries_since(Some(1_700_000_000)).await.unwrap();
    assert_eq!(
        entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
    let pages = server.to("/reader/api/0/stream/items/ids");
    assert_eq!(pages.len(), 3);
    assert_eq!(
        pages[0].q("s"),
        Some("user/-/state/com.google/reading-list")
    );
    assert_eq!(pages[0].q("ot"), Some("1700000000"));
    assert_eq!(pages[2].q("c"), Some("p3"));
    let batches = server.to("/reader/api/0/stream/items/contents");
    assert_eq!(
        batches.iter().map(|b| b.form_all("i")).collect::<Vec<_>>(),
        vec![vec!["1", "2"], vec!["3", "4"], vec!["5"]]
    );
    assert_eq!(
        server.to("/reader/api/0/token").len(),
        1,
        "the T token is kept"
    );
    let e = &entries[0];
    assert_eq!(e.feed_id, "feed/1");
    assert_eq!(e.title, "Two");
    assert_eq!(e.url.as_deref(), Some("http://example.com/2"));
    assert_eq!(e.content_html, "second");
    assert!(e.starred && !e.read);
    assert_eq!(e.published, 1_796_205_600);

    let unread = c.unread_ids().await.unwrap();
    assert_eq!(unread.len(), 5);
    let last = server.to("/reader/api/0/stream/items/ids").pop().unwrap();
    assert_eq!(last.q("xt"), Some("user/-/state/com.google/read"));
}

#[tokio::test]
async fn greader_items_carry_their_read_and_starred_states() {
    let s = SyncServer::start(|r: &Req| match r.path.as_str() {
        "/accounts/ClientLogin" => Resp::text(200, "Auth=t\n"),
        "/reader/api/0/token" => Resp::text(200, "tok"),
        _ => Resp::json(fixture("greader-contents.json")),
    });
    let c = GReader::new(&s.url(), "u", Secret::new("p"), settings()).unwrap();
    let entries = c.contents(&[1, 2]).await.unwrap();
    assert_eq!(entries.len(), 2);
    assert!(entries[0].starred && !entries[0].read);
    assert!(!entries[1].starred && entries[1].read);
    assert_eq!(entries[1].content_html, "<p>first</p>");
}

#[tokio::test]
async fn greader_edits_states_subscriptions_and_marks_read() {
    let server = greader_server();
    let c = greader(&server).with_batch(2);
    c.set_read(&[1, 2, 3], true).await.unwrap();
    c.set_starred(&[4], false).await.unwrap();
    let edits = server.to("/reader/api/0/edit-tag");
    assert_eq!(edits.len(), 3);
    assert_eq!(edits[0].form_all("i"), vec!["1", "2"]);
    assert_eq!(edits[0].form_all("a"), vec!["user/-/state/com.google/read"]);
    assert_eq!(edits[1].form_all("i"), vec!["3"]);
    assert_eq!(
        edits[2].form_all("r"),
        vec!["user/-/state/com.google/starred"]
    );

    let backend = Backend::GReader(c);
    assert_eq!(
        backend.subscribe("http://example.com/feed").await.unwrap(),
        "feed/9"
    );
    assert_eq!(
        server.to("/reader/api/0/subscription/quickadd")[0].form_all("quickadd"),
        vec!["http://example.com/feed"]
    );
    backend.unsubscribe("feed/9").await.unwrap();
    let edit = &server.to("/reader/api/0/subscription/edit")[0];
    assert_eq!(edit.form_all("ac"), vec!["unsubscribe"]);
    assert_eq!(edit.form_all("s"), vec!["feed/9"]);
    backend.mark_feed_read("feed/1").await.unwrap();
    backend.mark_all_read().await.unwrap();
    let marks = server.to("/reader/api/0/mark-all-as-read");
    assert_eq!(marks[0].form_all("s"), vec!["feed/1"]);
    assert_eq!(
        marks[1].form_all("s"),
        vec!["user/-/state/com.google/reading-list"]
    );
}

#[tokio::test]
async fn greader_wrong_password_is_unauthorized_and_403_at_login_too() {
    let server = greader_server();
    let c = GReader::new(&server.url(), "kabar", Secret::new("wrong"), settings()).unwrap();
    assert_eq!(
        c.feeds().await.unwrap_err().kind(),
        SyncErrorKind::Unauthorized
    );
    // Google's ClientLogin answers bad credentials with 403.
    let s = SyncServer::start(|_| Resp::text(403, "Error=BadAuthentication"));
    assert_eq!(
        greader(&s).check().await.unwrap_err().kind(),
        SyncErrorKind::Unauthorized
    );
    // A 403 after login is the API refusing (e.g. switched off for the account).
    let s = SyncServer::start(|r: &Req| match r.path.as_str() {
        "/accounts/ClientLogin" => Resp::text(200, "Auth=t\n"),
        _ => Resp::text(403, "Forbidden"),
    });
    assert_eq!(
        greader(&s).feeds().await.unwrap_err().kind(),
        SyncErrorKind::Forbidden
    );
}

#[tokio::test]
async fn greader_logs_in_again_once_when_its_token_expired() {
    let logins = Arc::new(AtomicUsize::new(0));
    let l2 = logins.clone();
    let s = SyncServer::start(move |r: &Req| match r.path.as_str() {
        "/accounts/ClientLogin" => {
            let n = l2.fetch_add(1, Ordering::SeqCst) + 1;
            Resp::text(200, &format!("Auth=token{n}\n"))
        }
        _ if r.headers["authorization"] == "GoogleLogin auth=token2" => {
            Resp::json(fixture("greader-user-info.json"))
        }
        _ => Resp::text(401, "Unauthorized"),
    });
    let c = greader(&s);
    assert_eq!(c.check().await.unwrap(), "admin");
    assert_eq!(logins.load(Ordering::SeqCst), 2);

    // A server that never takes the token: one retry, then the error.
    let s = SyncServer::start(|r: &Req| match r.path.as_str() {
        "/accounts/ClientLogin" => Resp::text(200, "Auth=t\n"),
        _ => Resp::text(401, "Unauthorized"),
    });
    assert_eq!(
        greader(&s).check().await.unwrap_err().kind(),
        SyncErrorKind::Unauthorized
    );
    assert_eq!(s.to("/accounts/ClientLogin").len(), 2);
}

#[tokio::test]
async fn greader_server_errors_and_bad_json_have_their_kinds() {
    let s = SyncServer::start(|r: &Req| match r.path.as_str() {
        "/accounts/ClientLogin" => Resp::text(200, "Auth=t\n"),
        "/reader/api/0/tag/list" => Resp::json("{\"tags\": 5}"),
        _ => Resp::text(503, "down"),
    });
    let c = greader(&s);
    assert_eq!(
        c.feeds().await.unwrap_err().kind(),
        SyncErrorKind::Server(503)
    );
    assert_eq!(
        c.categories().await.unwrap_err().kind(),
        SyncErrorKind::BadJson
    );
    // A login answer without a token.
    let s = SyncServer::start(|_| Resp::text(200, "SID=x\n"));
    assert_eq!(
        greader(&s).check().await.unwrap_err().kind(),
        SyncErrorKind::BadJson
    );
}

#[test]
fn greader_ids_in_both_forms_are_the_same_entry() {
    use kabar::sync::greader::item_id;
    assert_eq!(
        item_id("tag:google.com,2005:reader/item/000000000000001f").unwrap(),
        31
    );
    assert_eq!(item_id("31").unwrap(), 31);
    assert_eq!(
        item_id("tag:google.com,2005:reader/item/ffffffffffffffff").unwrap(),
        -1
    );
    assert_eq!(item_id("-1").unwrap(), -1);
    assert_eq!(item_id("x").unwrap_err().kind(), SyncErrorKind::BadJson);
}

#[test]
fn a_secret_never_prints_and_comes_from_a_command_without_a_shell() {
    let s = Secret::new("hunter2");
    assert_eq!(format!("{s:?} {s}"), "*** ***");
    let e = kabar::sync::SyncError::new(SyncErrorKind::Secret, "x");
    assert!(!format!("{e:?}").contains("hunter2"));

    // The argument reaches the program as it is: no shell expands it.
    let argv: Vec<String> = ["echo", "  $(id) `id` ;x  "].map(String::from).to_vec();
    assert_eq!(
        Secret::from_command(&argv).unwrap().expose(),
        "$(id) `id` ;x"
    );
    let fail = ["false"].map(String::from).to_vec();
    assert_eq!(
        Secret::from_command(&fail).unwrap_err().kind(),
        SyncErrorKind::Secret
    );
    let silent = ["true"].map(String::from).to_vec();
    assert_eq!(
        Secret::from_command(&silent).unwrap_err().kind(),
        SyncErrorKind::Secret
    );
    assert_eq!(
        Secret::from_command(&[]).unwrap_err().kind(),
        SyncErrorKind::Secret
    );
    let missing = ["/nonexistent/kabar-pass"].map(String::from).to_vec();
    let e = Secret::from_command(&missing).unwrap_err();
    assert!(e.message(Lang::Id).contains("kunci API"));

    assert_eq!(
        Secret::from_env("KABAR_TEST_SURELY_UNSET_VAR")
            .unwrap_err()
            .kind(),
        SyncErrorKind::Secret
    );
    assert_eq!(
        Secret::from_env("PATH").unwrap().expose(),
        std::env::var("PATH").unwrap().trim()
    );
}

#[tokio::test]
async fn miniflux_entries_carry_their_enclosures_http_only() {
    let s = SyncServer::start(|_| {
        Resp::json(
            r#"{"total":2,"entries":[{"id":9,"feed_id":1,"status":"unread","starred":false,
            "url":"https://pod.example/ep","title":"Ep","content":"<p>x</p>","author":"",
            "published_at":"2026-12-01T10:00:00+07:00","changed_at":"2026-12-02T00:00:00Z",
            "enclosures":[{"id":1,"url":"https://cdn.pod.example/ep.mp3","mime_type":"audio/mpeg","size":12345678},
                          {"id":2,"url":"javascript:alert(1)","mime_type":"audio/mpeg","size":1},
                          {"id":3,"url":"https://cdn.pod.example/ep.mp3","mime_type":"audio/mpeg","size":1},
                          {"id":4,"url":"https://cdn.pod.example/c.jpg","mime_type":"image/jpeg\u001b[31m","size":0}]},
            {"id":10,"feed_id":1,"status":"read","starred":false,"url":"","title":"No","content":"",
             "author":"","published_at":"2026-12-01T10:00:00+07:00","enclosures":null}]}"#,
        )
    });
    let entries = miniflux(&s).entries_changed_since(None).await.unwrap();
    let e = &entries[0].enclosures;
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(e[0].url, "https://cdn.pod.example/ep.mp3");
    assert_eq!(e[0].mime.as_deref(), Some("audio/mpeg"));
    assert_eq!(e[0].length, Some(12_345_678));
    assert_eq!((e[1].mime.as_deref(), e[1].length), (None, None));
    assert!(entries[1].enclosures.is_empty());
}

#[tokio::test]
async fn greader_items_carry_their_enclosures_http_only() {
    let s = SyncServer::start(|r: &Req| match r.path.as_str() {
        "/accounts/ClientLogin" => Resp::text(200, "Auth=t\n"),
        "/reader/api/0/token" => Resp::text(200, "tok"),
        _ => Resp::json(
            r#"{"items":[{"id":"tag:google.com,2005:reader/item/0000000000000001",
            "categories":[],"title":"Ep","published":1796094000,
            "alternate":[{"href":"https://pod.example/ep"}],
            "summary":{"content":"<p>x</p>"},"origin":{"streamId":"feed/1"},
            "enclosure":[{"href":"https://cdn.pod.example/ep.ogg","type":"audio/ogg","length":"2048000"},
                         {"href":"file:///etc/passwd","type":"audio/ogg"}]}]}"#,
        ),
    });
    let c = GReader::new(&s.url(), "u", Secret::new("p"), settings()).unwrap();
    let entries = c.contents(&[1]).await.unwrap();
    let e = &entries[0].enclosures;
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].url, "https://cdn.pod.example/ep.ogg");
    assert_eq!(e[0].mime.as_deref(), Some("audio/ogg"));
    assert_eq!(e[0].length, Some(2_048_000));
}

/// A first Google Reader sync stores its new entries a batch at a time: one the server fails
/// midway keeps the batches it got, and the next asks only for the rest.
#[tokio::test]
async fn a_google_reader_pull_keeps_each_batch_as_it_comes() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let failing = Arc::new(AtomicBool::new(true));
    let f2 = failing.clone();
    let server = SyncServer::start(move |r: &Req| {
        if r.path == "/reader/api/0/stream/items/contents"
            && f2.load(Ordering::SeqCst)
            && r.form_all("i").contains(&"3".to_string())
        {
            return Resp::text(500, "busy");
        }
        greader_answer(r)
    });
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = kabar::store::Store::open(&dir.path().join("kabar.db")).unwrap();
    let backend = Backend::GReader(greader(&server).with_batch(2));
    let got = kabar::sync::engine::sync(&mut store, &backend, "greader", 1000).await;
    assert!(got.is_err(), "the server failed the second batch");
    let mut kept: Vec<i64> = store.synced_entries().unwrap().into_iter().collect();
    kept.sort();
    assert_eq!(kept, [1, 2], "the first batch is stored");

    failing.store(false, Ordering::SeqCst);
    let before = server.to("/reader/api/0/stream/items/contents").len();
    kabar::sync::engine::sync(&mut store, &backend, "greader", 1000)
        .await
        .unwrap();
    let mut all: Vec<i64> = store.synced_entries().unwrap().into_iter().collect();
    all.sort();
    assert_eq!(all, [1, 2, 3, 4, 5]);
    let asked: Vec<Vec<String>> = server.to("/reader/api/0/stream/items/contents")[before..]
        .iter()
        .map(|b| b.form_all("i"))
        .collect();
    assert_eq!(asked, vec![vec!["3", "4"], vec!["5"]]);
}
