//! Editing config.toml: adding and removing feeds without losing the user's comments.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::feed_tagged as feed;

use kabar::config::Config;
use kabar::config::edit::{EditError, add_feeds, remove_feed};
use std::path::Path;

const COMMENTED: &str = "\
# kabar settings — edited by hand
refresh_minutes = 15 # every quarter hour

# Lampung outlets
[[feeds]]
url = \"https://lampost.co/feed/\"   # the daily
name = \"Lampung Post\"
tags = [ \"lampung\" ]

[[feeds]]
# national, Sumbagsel desk
url = \"https://www.detik.com/sumbagsel/rss\"

# trailing comment at the end
";

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn no_temp_files(dir: &Path) {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".tmp")),
        "temporary file left behind: {names:?}"
    );
}

#[test]
fn add_keeps_comments_and_formatting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, COMMENTED).unwrap();
    let (added, skipped) = add_feeds(
        &path,
        &[
            feed(
                "https://lampung.antaranews.com/rss/terkini.xml",
                Some("ANTARA \"Lampung\""),
                &["lampung", "nasional"],
            ),
            feed("https://radarlampung.disway.id/rss", None, &[]),
        ],
    )
    .unwrap();
    assert_eq!((added, skipped), (2, 0));
    let text = read(&path);
    // Everything the user wrote is still there, byte for byte.
    for line in COMMENTED.lines().filter(|l| !l.is_empty()) {
        assert!(text.contains(line), "lost {line:?} in\n{text}");
    }
    assert!(text.starts_with("# kabar settings — edited by hand\n"));
    assert!(text.trim_end().ends_with("# trailing comment at the end"));
    assert!(text.contains(
        "\n[[feeds]]\nurl = \"https://lampung.antaranews.com/rss/terkini.xml\"\n\
         name = 'ANTARA \"Lampung\"'\ntags = [\"lampung\", \"nasional\"]\n"
    ));
    assert!(text.contains("\n[[feeds]]\nurl = \"https://radarlampung.disway.id/rss\"\n"));
    let cfg = Config::parse(&text, "config.toml").unwrap();
    assert_eq!(cfg.refresh_minutes, 15);
    assert_eq!(cfg.feeds.len(), 4);
    assert_eq!(cfg.feeds[2].name.as_deref(), Some("ANTARA \"Lampung\""));
    assert_eq!(cfg.feeds[2].tags, ["lampung", "nasional"]);
    assert_eq!(cfg.feeds[3].name, None);
    no_temp_files(dir.path());
}

#[test]
fn duplicates_and_bad_urls_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, COMMENTED).unwrap();
    let (added, skipped) = add_feeds(
        &path,
        &[
            feed("https://lampost.co/feed/", Some("again"), &[]),
            feed("HTTPS://WWW.DETIK.COM/sumbagsel/rss", None, &[]),
            feed("https://example.com/new", None, &[]),
            feed("https://example.com/new", None, &[]),
            feed("exec:touch /tmp/pwned", None, &[]),
            feed("file:///etc/passwd", None, &[]),
        ],
    )
    .unwrap();
    assert_eq!((added, skipped), (1, 5));
    let cfg = Config::parse(&read(&path), "config.toml").unwrap();
    assert_eq!(cfg.feeds.len(), 3);

    // Nothing new: the file is not rewritten.
    let before = read(&path);
    assert_eq!(
        add_feeds(&path, &[feed("https://lampost.co/feed/", None, &[])]).unwrap(),
        (0, 1)
    );
    assert_eq!(read(&path), before);
    assert!(!Path::new("/tmp/pwned").exists());
}

#[test]
fn missing_file_and_directories_are_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/kabar/config.toml");
    let (added, skipped) = add_feeds(
        &path,
        &[feed(
            "https://lampost.co/feed/",
            Some("Lampung Post"),
            &["lampung"],
        )],
    )
    .unwrap();
    assert_eq!((added, skipped), (1, 0));
    let cfg = Config::load(&path).unwrap();
    assert!(!cfg.using_defaults);
    assert_eq!(
        cfg.feeds,
        [feed(
            "https://lampost.co/feed/",
            Some("Lampung Post"),
            &["lampung"]
        )]
    );
    no_temp_files(path.parent().unwrap());
}

#[test]
fn inline_feed_array_is_extended_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "# inline style\nfeeds = [\n  { url = \"https://lampost.co/feed/\" }, # first\n]\n",
    )
    .unwrap();
    assert_eq!(
        add_feeds(&path, &[feed("https://example.com/x", Some("X"), &["t"])]).unwrap(),
        (1, 0)
    );
    let text = read(&path);
    assert!(
        text.contains("# inline style") && text.contains("# first"),
        "{text}"
    );
    let cfg = Config::parse(&text, "config.toml").unwrap();
    assert_eq!(cfg.feeds.len(), 2);
    assert_eq!(
        cfg.feeds[1],
        feed("https://example.com/x", Some("X"), &["t"])
    );
}

#[test]
fn syntax_error_reports_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let broken = "# ok\nrefresh_minutes = 10\n\n[[feeds]]\nurl = \"https://a.example/\nname = 1\n";
    std::fs::write(&path, broken).unwrap();
    match add_feeds(&path, &[feed("https://example.com/", None, &[])]) {
        Err(EditError::Syntax { line, .. }) => assert_eq!(line, 5),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert_eq!(read(&path), broken);
    assert!(matches!(
        remove_feed(&path, "x"),
        Err(EditError::Syntax { line: 5, .. })
    ));

    std::fs::write(&path, "feeds = \"oops\"\n").unwrap();
    assert!(matches!(
        add_feeds(&path, &[feed("https://example.com/", None, &[])]),
        Err(EditError::Syntax { line: 1, .. })
    ));
}

#[test]
fn remove_by_url_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, COMMENTED).unwrap();
    assert!(remove_feed(&path, "lampung post").unwrap());
    let text = read(&path);
    assert!(!text.contains("lampost.co"));
    assert!(text.contains("# kabar settings") && text.contains("# trailing comment at the end"));
    assert!(text.contains("# national, Sumbagsel desk"));
    assert!(!remove_feed(&path, "lampung post").unwrap());
    assert!(remove_feed(&path, "https://www.detik.com/sumbagsel/rss").unwrap());
    let cfg = Config::parse(&read(&path), "config.toml").unwrap();
    assert!(cfg.feeds.is_empty());
    assert_eq!(cfg.refresh_minutes, 15);
    assert!(!remove_feed(&dir.path().join("missing.toml"), "x").unwrap());
    no_temp_files(dir.path());
}

#[test]
fn remove_first_match_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    add_feeds(
        &path,
        &[
            feed("https://a.example/", Some("Sama"), &[]),
            feed("https://b.example/", Some("SAMA"), &[]),
        ],
    )
    .unwrap();
    assert!(remove_feed(&path, "sama").unwrap());
    let cfg = Config::load(&path).unwrap();
    assert_eq!(cfg.feeds.len(), 1);
    assert_eq!(cfg.feeds[0].url, "https://b.example/");
}

#[cfg(unix)]
#[test]
fn symlinked_config_and_permissions_survive() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("dotfiles/kabar.toml");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    std::fs::write(&real, COMMENTED).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("config.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    add_feeds(&link, &[feed("https://example.com/z", None, &[])]).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(read(&real).contains("https://example.com/z"));
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    no_temp_files(dir.path());
    no_temp_files(real.parent().unwrap());
}
