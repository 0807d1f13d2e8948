//! Full-article fetch end to end: an excerpt-only ANTARA item is upgraded to the whole story
//! from its page on a loopback server, stored, and still shown after a restart with no network.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Route, Server, config_dir, fixture, kabar};

/// The ANTARA excerpt feed with its article links pointing at `server`.
fn antara_feed(server: &Server) -> Vec<u8> {
    let text = String::from_utf8(fixture("fixtures/antara-excerpt.xml")).unwrap();
    text.replace(
        "https://lampung.antaranews.example/berita/",
        &server.url("/berita/"),
    )
    .into_bytes()
}

fn first_id(dir: &std::path::Path) -> String {
    let (_, out, _) = kabar(dir, &["list", "--json"]);
    crate::common::id_titled(&out, "Pemprov Lampung salurkan")
}

const STORY: &[&str] = &[
    "Pemerintah Provinsi Lampung menyalurkan 20 ton benih padi",
    "Benih ini kami salurkan kepada 48 kelompok tani",
    "setiap kelompok tani menerima antara 300 hingga 500 kilogram",
    "penyaluran benih dilakukan bertahap hingga pertengahan Agustus",
    "seorang petani di Kecamatan Pugung",
];

#[test]
fn excerpt_is_upgraded_stored_and_read_offline() {
    let server = Server::start();
    server.ok("/antara.xml", antara_feed(&server), None);
    let page = "/berita/789012/pemprov-lampung-salurkan-20-ton-benih-padi-untuk-petani-tanggamus";
    server.route(
        page,
        Route::Ok {
            body: fixture("fixtures/antara-article.html"),
            content_type: "text/html; charset=utf-8",
            etag: None,
        },
    );
    let dir = config_dir(&[("ANTARA Lampung", &server.url("/antara.xml"))], "");
    assert_eq!(kabar(dir.path(), &["refresh"]).0, 0);
    assert_eq!(
        server.hits(page),
        0,
        "auto mode does not fetch during refresh"
    );
    let id = first_id(dir.path());

    let (code, out, err) = kabar(dir.path(), &["show", &id, "--width", "80"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.hits(page), 1);
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in STORY {
        assert!(flat.contains(s), "missing {s:?}:\n{out}");
    }
    assert!(
        out.contains("full article (fetched from its site)"),
        "state shown:\n{out}"
    );
    for junk in ["Baca juga", "Berita Terkait", "Hak Cipta", "Copyright"] {
        assert!(!out.contains(junk), "{junk:?} left in:\n{out}");
    }

    // No network now: the stored full text is still shown and nothing is fetched again.
    server.route(page, Route::Status(500));
    let (code, again, _) = kabar(dir.path(), &["show", &id, "--width", "80"]);
    assert_eq!(code, 0);
    assert_eq!(server.hits(page), 1, "not fetched again");
    assert_eq!(out, again);
}

#[test]
fn always_mode_fetches_during_refresh_and_failures_are_shown() {
    let server = Server::start();
    server.ok("/antara.xml", antara_feed(&server), None);
    let page = "/berita/789012/pemprov-lampung-salurkan-20-ton-benih-padi-untuk-petani-tanggamus";
    server.route(
        page,
        Route::Ok {
            body: fixture("fixtures/antara-article.html"),
            content_type: "text/html",
            etag: None,
        },
    );
    // The other item's page is missing: its failure is recorded, not fatal.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "refresh_on_start = false\n[[feeds]]\nurl = \"{}\"\nname = \"ANTARA\"\nfull_text = \"always\"\n",
            server.url("/antara.xml")
        ),
    )
    .unwrap();
    let (code, out, _) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(server.hits(page), 1, "always: fetched during refresh");
    let id = first_id(dir.path());
    server.route(page, Route::Status(500));
    let (_, text, _) = kabar(dir.path(), &["show", &id]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(STORY[4]), "{text}");

    let missing = server.hits("/berita/789010/menteri-tinjau-harga-pangan-stok-beras-di-jakarta");
    assert_eq!(missing, 1);
    let (_, out, _) = kabar(dir.path(), &["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let other = v
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Menteri"))
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let (code, text, _) = kabar(dir.path(), &["show", &other]);
    assert_eq!(code, 0);
    assert!(text.contains("could not be loaded: HTTP 404"), "{text}");
    assert!(
        text.contains("Menteri meninjau harga pangan"),
        "the excerpt is still shown:\n{text}"
    );
}

#[test]
fn never_mode_does_not_fetch() {
    let server = Server::start();
    server.ok("/antara.xml", antara_feed(&server), None);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[[feeds]]\nurl = \"{}\"\nfull_text = \"never\"\n",
            server.url("/antara.xml")
        ),
    )
    .unwrap();
    kabar(dir.path(), &["refresh"]);
    let id = first_id(dir.path());
    let (code, text, _) = kabar(dir.path(), &["show", &id]);
    assert_eq!(code, 0);
    assert!(text.contains("F: fetch the full article"), "{text}");
    let hits: usize = server
        .log
        .lock()
        .unwrap()
        .requests
        .iter()
        .filter(|(p, _)| p.starts_with("/berita/"))
        .count();
    assert_eq!(hits, 0);
}
