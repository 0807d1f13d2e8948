//! Opening links never involves a shell: a fake `$BROWSER` records its argv, and links full of
//! shell metacharacters arrive as one argument, byte for byte; non-http(s) links never reach it.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::{NOW, feed, store_fixtures};
use kabar::action::Action;
use kabar::app::{App, Effect, Screen};
use kabar::config::{Config, FeedConfig};
use kabar::store::Store;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const MARKER: &str = "/tmp/pwned";

/// A fake browser: a shell script (the *browser* may be a script; kabar must not use a shell)
/// that writes its argv, one element per line, to `argv` next to it.
struct FakeBrowser {
    _dir: tempfile::TempDir,
    script: PathBuf,
    out: PathBuf,
}

impl FakeBrowser {
    fn new() -> FakeBrowser {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("fakebrowser");
        let out = dir.path().join("argv");
        let text = format!(
            "#!/bin/sh\nout='{}'\nprintf '%s\\n' \"$0\" > \"$out.tmp\"\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$out.tmp\"; done\nmv \"$out.tmp\" \"$out\"\n",
            out.display()
        );
        std::fs::write(&script, text).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(!script.to_str().unwrap().contains([' ', ':']));
        FakeBrowser {
            _dir: dir,
            script,
            out,
        }
    }

    fn env(&self) -> String {
        self.script.display().to_string()
    }

    /// Open `url` in the foreground and return the recorded argv.
    fn open(&self, url: &str, browser_env: &str) -> Result<Vec<String>, String> {
        let _ = std::fs::remove_file(&self.out);
        // Writing and then executing a script from a multi-threaded test can race with a fork
        // elsewhere in the process (ETXTBSY); retry that one error.
        let mut tries = 0;
        loop {
            match kabar::browser::open_with(url, Some(browser_env), true) {
                Err(e) if e.to_string().contains("busy") && tries < 20 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => return Err(e.to_string()),
                Ok(()) => break,
            }
        }
        let text = std::fs::read_to_string(&self.out).expect("the browser ran");
        Ok(text.lines().map(str::to_owned).collect())
    }
}

fn no_marker() {
    assert!(
        !Path::new(MARKER).exists(),
        "{MARKER} exists: a shell ran something (or it was left from elsewhere)"
    );
}

const NASTY: &[&str] = &[
    "https://example.com/$(touch /tmp/pwned)",
    "https://example.com/`touch /tmp/pwned`",
    "https://example.com/;touch /tmp/pwned;",
    "https://example.com/a|touch /tmp/pwned",
    "https://example.com/a&touch /tmp/pwned&",
    "https://example.com/'$(touch /tmp/pwned)'",
    "https://example.com/\"$(touch /tmp/pwned)\"",
    "https://example.com/?q=$(touch${IFS}/tmp/pwned)",
    "https://example.com/a%0atouch%20/tmp/pwned",
    "http://example.com/x';touch /tmp/pwned;'",
    "https://example.com/x\\\"; touch /tmp/pwned; echo \\\"",
    "https://example.com/>/tmp/pwned",
    "https://example.com/$IFS$9-oProxyCommand=touch$IFS/tmp/pwned",
];

#[test]
fn shell_metacharacters_arrive_as_one_argument() {
    no_marker();
    let fb = FakeBrowser::new();
    for raw in NASTY {
        let expected = kabar::text::safe_link(raw).expect("an http(s) link");
        let argv = fb.open(raw, &fb.env()).unwrap();
        assert_eq!(argv.len(), 2, "{raw}: argv {argv:?}");
        assert_eq!(argv[0], fb.env());
        assert_eq!(argv[1], expected, "{raw}");
        // The link is normalised, never re-quoted or split: the metacharacters that are legal in
        // a URL path are still there, verbatim.
        for meta in ["$(", ";", "|", "'", "&"] {
            if raw.contains(meta) && !raw.contains("%0a") {
                assert!(
                    argv[1].contains(meta) || !expected.contains(meta),
                    "{raw}: {meta} lost"
                );
            }
        }
        no_marker();
    }
    // With arguments in $BROWSER, and with a %s template.
    let url = NASTY[0];
    let argv = fb.open(url, &format!("{} --new-tab", fb.env())).unwrap();
    assert_eq!(argv[1..], ["--new-tab".to_string(), safe(url)]);
    let argv = fb.open(url, &format!("{} --url=%s", fb.env())).unwrap();
    assert_eq!(argv[1..], [format!("--url={}", safe(url))]);
    let argv = fb
        .open(url, &format!("{}:/nonexistent/other", fb.env()))
        .unwrap();
    assert_eq!(argv[1..], [safe(url)]);
    no_marker();
}

fn safe(url: &str) -> String {
    kabar::text::safe_link(url).unwrap()
}

#[test]
fn detached_open_also_passes_one_argument() {
    no_marker();
    let fb = FakeBrowser::new();
    let url = "https://example.com/`id`;$(touch /tmp/pwned)|x";
    let mut tries = 0;
    loop {
        match kabar::browser::open_with(url, Some(&fb.env()), false) {
            Err(e) if e.to_string().contains("busy") && tries < 20 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            r => {
                r.unwrap();
                break;
            }
        }
    }
    let started = Instant::now();
    while !fb.out.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "browser never ran"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let argv: Vec<String> = std::fs::read_to_string(&fb.out)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(argv[1..], [safe(url)]);
    no_marker();
}

#[test]
fn non_http_links_never_reach_the_browser() {
    let fb = FakeBrowser::new();
    for bad in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "file://attacker.invalid/share/x",
        "smb://attacker.invalid/share",
        "\\\\attacker.invalid\\share",
        "ssh://attacker.invalid",
        "ms-msdt:/id PCWDiagnostic",
        "x-man-page://sh",
        "vscode://attacker.invalid/x",
        "about:blank",
        "mailto:a@example.com",
        "",
        "   ",
        "http://[::1",
        "-oProxyCommand=touch /tmp/pwned",
        "--new-window=file:///etc/passwd",
        "/relative/path",
        "//example.com/protocol-relative",
        "https://",
    ] {
        let r = kabar::browser::open_with(bad, Some(&fb.env()), true);
        assert!(r.is_err(), "{bad:?} was opened");
        assert!(!fb.out.exists(), "{bad:?} reached the browser");
        common::assert_clean("refusal message", &r.unwrap_err().to_string(), false);
    }
    no_marker();
}

/// Raw link targets of a feed file: `<link>`, `<comments>`, `<guid>` text and `url=`/`href=`
/// attributes, with the few entities the corpus uses decoded.
fn raw_links(xml: &str) -> Vec<String> {
    let decode = |s: &str| {
        s.replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&#x6A;", "j")
    };
    let mut out = Vec::new();
    for tag in ["link", "comments", "guid"] {
        let mut rest = xml;
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        while let Some(i) = rest.find(&open) {
            let after = &rest[i + open.len()..];
            let Some(gt) = after.find('>') else { break };
            if after[..gt].ends_with('/') {
                rest = &after[gt..];
                continue;
            }
            let body = &after[gt + 1..];
            let Some(end) = body.find(&close) else { break };
            out.push(decode(&body[..end]));
            rest = &body[end..];
        }
    }
    for attr in ["url=\"", "href=\""] {
        let mut rest = xml;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let Some(end) = after.find('"') else { break };
            out.push(decode(&after[..end]));
            rest = &after[end..];
        }
    }
    out
}

#[test]
fn corpus_links_open_only_as_http_and_as_one_argument() {
    no_marker();
    let fb = FakeBrowser::new();
    let mut opened = 0;
    let mut refused = 0;
    for file in ["link-shell-metachar.rss", "link-schemes.rss"] {
        let bytes = common::fixture(&format!("hostile/{file}"));
        // Every raw target in the file, straight to the opener.
        let text = String::from_utf8_lossy(&bytes);
        let raws = raw_links(&text);
        assert!(raws.len() > 20, "{file}: {}", raws.len());
        for raw in raws {
            let parsed = url::Url::parse(raw.trim()).ok();
            let http = parsed
                .as_ref()
                .is_some_and(|u| matches!(u.scheme(), "http" | "https"));
            match kabar::text::safe_link(&raw) {
                Some(expected) => {
                    assert!(http, "{raw:?} judged safe but is not http(s)");
                    let argv = fb.open(&raw, &fb.env()).unwrap();
                    assert_eq!(argv.len(), 2, "{raw:?}: {argv:?}");
                    assert_eq!(argv[1], expected);
                    assert!(argv[1].starts_with("http://") || argv[1].starts_with("https://"));
                    opened += 1;
                }
                None => {
                    let _ = std::fs::remove_file(&fb.out);
                    assert!(
                        kabar::browser::open_with(&raw, Some(&fb.env()), true).is_err(),
                        "{raw:?} opened"
                    );
                    assert!(!fb.out.exists(), "{raw:?} reached the browser");
                    refused += 1;
                }
            }
            no_marker();
        }
        // And every link the parser keeps: http(s) only, each one argument.
        let feed = kabar::feed::parse::parse(&bytes, &format!("https://example.org/{file}"))
            .expect("corpus parses");
        assert!(!feed.items.is_empty());
        for it in &feed.items {
            let Some(link) = &it.link else { continue };
            let u = url::Url::parse(link).expect("stored links parse");
            assert!(matches!(u.scheme(), "http" | "https"), "{link:?} kept");
            let argv = fb.open(link, &fb.env()).unwrap();
            assert_eq!(argv[1..], [safe(link)], "{link:?}");
            no_marker();
        }
    }
    assert!(
        opened > 10 && refused > 10,
        "opened {opened}, refused {refused}"
    );
    // Without a base URI, the option-looking link must still never reach a browser.
    let bytes = common::fixture("hostile/link-shell-metachar.rss");
    let feed = kabar::feed::parse::parse(&bytes, "").expect("parses without a base");
    for it in &feed.items {
        if let Some(link) = &it.link {
            assert!(
                link.starts_with("http://") || link.starts_with("https://"),
                "{link:?}"
            );
        }
    }
    no_marker();
}

/// The TUI path: `o` on every article of the hostile link feeds yields an `OpenUrl` effect only
/// for http(s) links, and the effect's URL arrives at the browser as one argument.
#[test]
fn tui_open_in_browser_on_hostile_articles() {
    no_marker();
    let fb = FakeBrowser::new();
    let mut store = Store::open_in_memory().unwrap();
    let files = [
        "link-shell-metachar.rss",
        "link-schemes.rss",
        "fmt-atom-xml-base.atom",
    ];
    let feeds: Vec<FeedConfig> = files
        .iter()
        .map(|f| feed(f, format!("https://example.org/{f}")))
        .collect();
    let paths = files.map(|f| format!("hostile/{f}"));
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    store_fixtures(&mut store, &feeds, &paths, NOW);
    let total: i64 = store.feeds().unwrap().iter().map(|f| f.total).sum();
    let mut app = App::new(
        store,
        Config {
            feeds,
            ..Config::default()
        },
    );
    app.resize(100, 30);
    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Articles);
    let mut opened = 0;
    for _ in 0..total {
        for in_article in [false, true] {
            if in_article {
                app.update(Action::Open);
                app.finish_layout();
                assert_eq!(app.screen, Screen::Article);
            }
            app.take_effects();
            app.update(Action::OpenInBrowser);
            let effects: Vec<Effect> = app
                .take_effects()
                .into_iter()
                .filter(|e| matches!(e, Effect::OpenUrl(_)))
                .collect();
            let link = if in_article {
                app.reader.as_ref().unwrap().article.link.clone()
            } else {
                app.list
                    .as_ref()
                    .unwrap()
                    .selected_row()
                    .unwrap()
                    .link
                    .clone()
            };
            match link.as_deref().and_then(kabar::text::safe_link) {
                Some(expected) => {
                    assert_eq!(effects, vec![Effect::OpenUrl(expected.clone())]);
                    let argv = fb.open(&expected, &fb.env()).unwrap();
                    assert_eq!(argv[1..], [expected]);
                    opened += 1;
                }
                None => assert!(effects.is_empty(), "{link:?}: {effects:?}"),
            }
            no_marker();
        }
        // The numbered links of the body (keys 1-9): only http(s) ones are ever opened.
        let body_links = app
            .reader
            .as_ref()
            .and_then(|r| r.rendered.as_ref())
            .map(|(_, t)| t.links.clone())
            .unwrap_or_default();
        for n in 1..=9u8 {
            app.take_effects();
            app.update(Action::OpenLink(n));
            let urls: Vec<String> = app
                .take_effects()
                .into_iter()
                .filter_map(|e| match e {
                    Effect::OpenUrl(u) => Some(u),
                    _ => None,
                })
                .collect();
            match body_links.get(n as usize - 1) {
                Some(l) => {
                    let expected = kabar::text::safe_link(l);
                    assert_eq!(urls, expected.clone().into_iter().collect::<Vec<_>>());
                    if let Some(u) = expected {
                        let argv = fb.open(&u, &fb.env()).unwrap();
                        assert_eq!(argv[1..], [u]);
                        opened += 1;
                    }
                }
                None => assert!(urls.is_empty(), "link {n}: {urls:?}"),
            }
            no_marker();
        }
        app.update(Action::Back);
        app.update(Action::Down);
    }
    assert!(opened > 0);
    no_marker();
}

/// `y` copies with OSC 52: the only escape sequence kabar writes from feed data. Its payload is
/// the base64 of the clean http(s) link and nothing else, so nothing can end the sequence early.
#[test]
fn osc52_payload_is_only_the_clean_link() {
    use base64::Engine;
    let mut raws = Vec::new();
    for file in [
        "link-shell-metachar.rss",
        "link-schemes.rss",
        "term-osc.atom",
    ] {
        let text =
            String::from_utf8_lossy(&common::fixture(&format!("hostile/{file}"))).into_owned();
        raws.extend(raw_links(&text));
    }
    raws.push("https://example.com/\x1b]52;c;ZXZpbA==\x07".into());
    raws.push("https://example.com/\u{9c}\u{202e}x".into());
    let mut n = 0;
    for raw in raws {
        let Some(url) = kabar::text::safe_link(&raw) else {
            continue;
        };
        let seq = kabar::tui::osc52(&url);
        let b64 = seq
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .unwrap_or_else(|| panic!("{seq:?}"));
        assert!(
            b64.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
            "{b64}"
        );
        let payload = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert_eq!(String::from_utf8(payload).unwrap(), url);
        n += 1;
    }
    assert!(n > 10);
}

/// No browser installed (or `$BROWSER` misspelt): the reader says so in its own language,
/// naming the program, with no English from the system mixed in.
#[test]
fn a_missing_browser_is_named_in_the_readers_language() {
    let e = kabar::browser::open_with(
        "https://example.com/a",
        Some("kabar-no-such-browser"),
        false,
    )
    .unwrap_err();
    assert_eq!(
        e.message(kabar::i18n::Lang::Id),
        "program kabar-no-such-browser tidak ditemukan"
    );
    assert_eq!(
        e.message(kabar::i18n::Lang::En),
        "program kabar-no-such-browser not found"
    );
    let refused = kabar::browser::open_with("file:///etc/passwd", None, false).unwrap_err();
    assert_eq!(
        refused.message(kabar::i18n::Lang::Id),
        "hanya tautan http dan https yang dibuka"
    );
}
