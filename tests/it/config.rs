//! config.toml: the example parses with unknown keys rejected; errors name the line.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kabar::config::{Config, ConfigError};

#[test]
fn example_config_parses_strictly_and_matches_defaults() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
        .unwrap();
    let cfg = Config::parse(&text, "config.toml").expect("example parses");
    let defaults = Config::with_default_feeds();
    assert_eq!(cfg.refresh_minutes, 30);
    assert_eq!(cfg.concurrency, defaults.concurrency);
    assert_eq!(cfg.per_host, 2);
    assert_eq!(cfg.timeout_seconds, 20);
    assert_eq!(cfg.max_feed_bytes, 10 * 1024 * 1024);
    let urls = |f: &[kabar::config::FeedConfig]| {
        f.iter()
            .map(|f| (f.url.clone(), f.name.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        urls(&cfg.feeds),
        urls(&defaults.feeds),
        "example lists the embedded defaults"
    );
    for key in [
        "refresh_minutes",
        "refresh_on_start",
        "concurrency",
        "per_host",
        "timeout_seconds",
        "max_feed_bytes",
        "max_items_per_feed",
        "user_agent",
        "language",
        "timezone",
        "ascii",
        "mouse",
        "[keys]",
        "[theme]",
        "full_text",
        "allow_private_links",
    ] {
        assert!(text.contains(key), "config.example.toml documents {key}");
    }
    assert!(!cfg.using_defaults);
}

#[test]
fn unknown_key_is_an_error_with_its_line() {
    let err = Config::parse(
        "refresh_minutes = 5\n\nrefersh_on_start = true\n",
        "config.toml",
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("config.toml line 3:"), "{msg}");
    assert!(msg.contains("refersh_on_start"), "{msg}");
}

#[test]
fn unknown_feed_key_and_bad_types_are_errors() {
    let text = "[[feeds]]\nurl = \"https://a.example/feed\"\ncolour = \"red\"\n";
    let msg = Config::parse(text, "config.toml").unwrap_err().to_string();
    assert!(msg.starts_with("config.toml line 3:"), "{msg}");
    let msg = Config::parse("concurrency = \"many\"\n", "config.toml")
        .unwrap_err()
        .to_string();
    assert!(msg.starts_with("config.toml line 1:"), "{msg}");
    let msg = Config::parse("\n\nconcurrency = 0\n", "config.toml")
        .unwrap_err()
        .to_string();
    assert!(msg.starts_with("config.toml line 3:"), "{msg}");
}

#[test]
fn non_http_feed_url_is_refused() {
    let text = "[[feeds]]\nurl = \"file:///etc/passwd\"\n";
    let err = Config::parse(text, "config.toml").unwrap_err();
    assert!(matches!(err, ConfigError::Syntax { line: 2, .. }), "{err}");
}

#[test]
fn missing_file_uses_embedded_lampung_list() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config::load(&dir.path().join("config.toml")).unwrap();
    assert!(cfg.using_defaults);
    assert_eq!(cfg.feeds.len(), 8);
    assert_eq!(
        cfg.feeds[0].url,
        "https://lampung.antaranews.com/rss/terkini.xml"
    );
    assert!(
        cfg.feeds
            .iter()
            .any(|f| f.name.as_deref() == Some("Teras Lampung"))
    );
}
