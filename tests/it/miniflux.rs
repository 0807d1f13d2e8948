//! A real Miniflux for the tests (scripts/miniflux-server.sh), stopped when its guard drops,
//! and the feeds the tests' sites serve it.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The running server; stopped (and its directory removed) when dropped, even after a panic.
pub struct MinifluxGuard {
    dir: PathBuf,
    env: HashMap<String, String>,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/miniflux-server.sh")
}

impl MinifluxGuard {
    pub fn start() -> MinifluxGuard {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("kabar-miniflux-{}-{nanos}", std::process::id()));
        let out = std::process::Command::new("bash")
            .arg(script())
            .arg("start")
            .arg(&dir)
            .output()
            .expect("run scripts/miniflux-server.sh");
        // From here on the guard cleans up, whatever happened.
        let mut guard = MinifluxGuard {
            dir,
            env: HashMap::new(),
        };
        assert!(
            out.status.success(),
            "cannot start a Miniflux for the sync tests (needs PostgreSQL and Go: run \
             `scripts/miniflux-server.sh install`; set KABAR_SKIP_SERVER_TESTS=1 to skip):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let env = std::fs::read_to_string(guard.dir.join("env")).expect("DIR/env");
        guard.env = env
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        guard
    }

    pub fn var(&self, name: &str) -> &str {
        self.env.get(name).map(String::as_str).unwrap_or("")
    }
}

impl Drop for MinifluxGuard {
    fn drop(&mut self) {
        let _ = std::process::Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(&self.dir)
            .output();
    }
}

pub fn rss(name: &str, items: usize) -> Vec<u8> {
    let mut s = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kabar {name}</title>\
         <link>http://example.com/{name}/</link>"
    );
    for i in 1..=items {
        s.push_str(&format!(
            "<item><title>{name} story {i}</title><link>http://example.com/{name}/{i}</link>\
             <guid>{name}-{i}</guid><description>&lt;p&gt;Berita {i} dari {name}&lt;/p&gt;\
             </description><pubDate>Mon, 0{i} Nov 2026 10:00:00 +0700</pubDate></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s.into_bytes()
}

/// Poll `f` until it gives true (Miniflux refreshes in the background).
pub async fn wait_until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    while !f().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether the server tests are switched off (KABAR_SKIP_SERVER_TESTS=1); says so when they are.
pub fn skipped() -> bool {
    let skip = std::env::var("KABAR_SKIP_SERVER_TESTS").as_deref() == Ok("1");
    if skip {
        eprintln!("skipped: KABAR_SKIP_SERVER_TESTS=1 (no real Miniflux started)");
    }
    skip
}
