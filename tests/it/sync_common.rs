//! A loopback HTTP server for the sync tests: each request (method, path, query, headers, body)
//! goes to a handler closure and is logged.
#![allow(dead_code)]

use crate::common::server::read_headers;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    pub path: String,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Req {
    pub fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Decoded form fields of the body, in order.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    pub fn form_all(&self, name: &str) -> Vec<String> {
        self.form()
            .into_iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v)
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

pub enum Resp {
    /// Status, content type, body.
    Body(u16, &'static str, Vec<u8>),
    /// Wait this long, then close without answering.
    Hang(Duration),
}

impl Resp {
    pub fn json(body: impl Into<Vec<u8>>) -> Resp {
        Resp::Body(200, "application/json", body.into())
    }
    pub fn text(status: u16, body: &str) -> Resp {
        Resp::Body(status, "text/plain", body.as_bytes().to_vec())
    }
    pub fn status(status: u16) -> Resp {
        Resp::Body(
            status,
            "application/json",
            br#"{"error_message":"nope"}"#.to_vec(),
        )
    }
}

type Handler = dyn Fn(&Req) -> Resp + Send + Sync;

pub struct SyncServer {
    pub addr: SocketAddr,
    pub log: Arc<Mutex<Vec<Req>>>,
}

impl SyncServer {
    pub fn start(handler: impl Fn(&Req) -> Resp + Send + Sync + 'static) -> SyncServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        let log: Arc<Mutex<Vec<Req>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let log2 = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (handler, log) = (handler.clone(), log2.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &*handler, &log);
                });
            }
        });
        SyncServer { addr, log }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Req> {
        self.log.lock().unwrap().clone()
    }

    /// Requests to `path` (without the query).
    pub fn to(&self, path: &str) -> Vec<Req> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
}

fn serve(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Req>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("GET").to_string();
        let target = parts.next().unwrap_or("/").to_string();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let query = url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let Some(headers) = read_headers(&mut reader)? else {
            return Ok(());
        };
        let len: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        reader.read_exact(&mut body)?;
        let req = Req {
            method,
            path: path.to_string(),
            query,
            headers,
            body,
        };
        log.lock().unwrap().push(req.clone());
        match handler(&req) {
            Resp::Body(status, ct, body) => {
                write!(
                    out,
                    "HTTP/1.1 {status} X\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                )?;
                out.write_all(&body)?;
            }
            Resp::Hang(d) => {
                std::thread::sleep(d);
                return Ok(());
            }
        }
    }
}

/// A fixture of tests/fixtures/sync.
pub fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sync")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A REAL Miniflux (scripts/miniflux-server.sh) with its own PostgreSQL, for one test; stopped
/// (and its directory removed) when dropped, even after a panic.
pub struct MinifluxGuard {
    pub dir: std::path::PathBuf,
    env: HashMap<String, String>,
}

fn script() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/miniflux-server.sh")
}

/// KABAR_SKIP_SERVER_TESTS=1: the tests against a real Miniflux say they skipped.
pub fn skip_server_tests() -> bool {
    let skip = std::env::var("KABAR_SKIP_SERVER_TESTS").as_deref() == Ok("1");
    if skip {
        eprintln!("skipped: KABAR_SKIP_SERVER_TESTS=1 (no real Miniflux started)");
    }
    skip
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
