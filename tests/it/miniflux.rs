//! A real Miniflux for the tests (scripts/miniflux-server.sh), stopped when its guard drops,
//! and the feeds the tests' sites serve it.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A REAL Miniflux (scripts/miniflux-server.sh) with its own PostgreSQL, for one test; stopped
/// (and its directory removed) when dropped, even after a panic.
pub struct MinifluxGuard {
    pub dir: std::path::PathBuf,
    env: HashMap<String, String>,
}

fn script() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/miniflux-server.sh")
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

    /// A client of the account with its API key.
    pub fn client(&self) -> kabar::sync::Miniflux {
        let settings = kabar::sync::SyncSettings {
            timeout: Duration::from_secs(30),
            ..kabar::sync::SyncSettings::default()
        };
        kabar::sync::Miniflux::new(
            self.var("MINIFLUX_URL"),
            kabar::sync::MinifluxAuth::ApiKey(kabar::sync::Secret::new(
                self.var("MINIFLUX_API_KEY"),
            )),
            settings,
        )
        .unwrap()
    }

    /// The Miniflux process' id (PostgreSQL is another process).
    pub fn miniflux_pid(&self) -> i32 {
        std::fs::read_to_string(self.dir.join("miniflux.pid"))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// Start Miniflux again after it was killed: same database, same address.
    pub fn restart(&self) {
        let out = std::process::Command::new("bash")
            .arg(script())
            .arg("restart")
            .arg(&self.dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
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

/// An RSS feed `name` of `items` stories ("{name} story {i}", http://example.com/{name}/{i}).
pub fn rss(name: &str, items: usize) -> Vec<u8> {
    let mut s = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kabar {name}</title>\
         <link>http://example.com/{name}/</link>"
    );
    for i in 1..=items {
        // A distinct minute for each story, newest last.
        let date = chrono::DateTime::from_timestamp(1_793_000_000 + i as i64 * 60, 0)
            .unwrap()
            .to_rfc2822();
        s.push_str(&format!(
            "<item><title>{name} story {i}</title><link>http://example.com/{name}/{i}</link>\
             <guid>{name}-{i}</guid><description>&lt;p&gt;Berita {i} dari {name}&lt;/p&gt;\
             </description><pubDate>{date}</pubDate></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s.into_bytes()
}

/// Wait until the server holds at least `n` entries (it fetches feeds in the background).
pub async fn wait_entries(mf: &kabar::sync::Miniflux, n: usize) {
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while mf.entries_changed_since(None).await.unwrap().len() < n {
        assert!(
            std::time::Instant::now() < deadline,
            "the server never had {n} entries"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The store at `db` as kabar opens it with `[sync]` on.
pub fn synced_store(db: &std::path::Path) -> kabar::store::Store {
    let mut s = kabar::store::Store::open(db).unwrap().0;
    s.set_sync_outbox(true);
    s
}

/// title -> (local id, read, saved) of every article.
pub fn marks(s: &kabar::store::Store) -> std::collections::BTreeMap<String, (i64, bool, bool)> {
    s.page(&kabar::store::ListQuery::default(), 0, 100_000)
        .unwrap()
        .into_iter()
        .map(|r| (r.title, (r.id, r.read, r.saved)))
        .collect()
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
