//! A loopback HTTP server with scripted answers per path, logging every request.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the server answers one path.
#[derive(Clone)]
pub enum Route {
    /// 200 with this body and content type; answers 304 to a matching If-None-Match.
    Ok {
        body: Vec<u8>,
        content_type: &'static str,
        etag: Option<String>,
    },
    Status(u16),
    /// Sends headers then nothing, forever (until the client gives up).
    Stall,
    /// 302 to another path.
    Redirect(String),
    /// 429 with this Retry-After.
    TooMany(String),
    /// Headers promising `len` bytes, then `body`, then the connection closes.
    Truncated {
        body: Vec<u8>,
        len: usize,
    },
    /// One byte every `interval`, forever.
    Trickle(Duration),
    /// `total` bytes of white space sent `chunk` bytes at a time, one chunk every `every`:
    /// a slow but working link.
    Paced {
        chunk: usize,
        every: Duration,
        total: usize,
    },
    /// Raw gzip bytes with `Content-Encoding: gzip`.
    Gzip(Vec<u8>),
    /// 200 with `body` after waiting `delay`.
    Slow(Duration, Vec<u8>),
    /// 200, `Transfer-Encoding: chunked` (no length), `chunk` repeated until `total` bytes were
    /// sent or the client went away.
    Chunked {
        chunk: Vec<u8>,
        total: usize,
    },
    /// Gzip bytes with `Content-Encoding: gzip` sent chunked (no Content-Length at all).
    GzipChunked(Vec<u8>),
    /// These exact bytes as the whole response (status line and headers included), then close.
    Raw(Vec<u8>),
    /// 200 with this body (an RSS feed, unless `html`) only when the request's `header`
    /// (lower-case) is `value`, else 401: a feed or page behind a cookie, a token or basic auth.
    Guarded {
        header: &'static str,
        value: String,
        body: Vec<u8>,
        html: bool,
    },
    /// 200 with this body and a content type chosen at run time.
    Typed {
        body: Vec<u8>,
        content_type: String,
    },
}

#[derive(Default)]
pub struct Log {
    /// (path, request headers lower-cased) per request, in arrival order.
    pub requests: Vec<(String, HashMap<String, String>)>,
}

pub struct Server {
    pub addr: SocketAddr,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    pub log: Arc<Mutex<Log>>,
    pub in_flight_max: Arc<AtomicUsize>,
}

impl Server {
    pub fn start() -> Server {
        Self::start_on("127.0.0.1:0")
    }

    pub fn start_on(bind: &str) -> Server {
        let listener = TcpListener::bind(bind).expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let log: Arc<Mutex<Log>> = Arc::default();
        let in_flight = Arc::new(AtomicUsize::new(0));
        let in_flight_max = Arc::new(AtomicUsize::new(0));
        {
            let routes = routes.clone();
            let log = log.clone();
            let in_flight_max = in_flight_max.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    let routes = routes.clone();
                    let log = log.clone();
                    let in_flight = in_flight.clone();
                    let in_flight_max = in_flight_max.clone();
                    std::thread::spawn(move || {
                        let _ = serve(stream, &routes, &log, &in_flight, &in_flight_max);
                    });
                }
            });
        }
        Server {
            addr,
            routes,
            log,
            in_flight_max,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn route(&self, path: &str, route: Route) {
        self.routes.lock().unwrap().insert(path.to_string(), route);
    }

    pub fn ok(&self, path: &str, body: impl Into<Vec<u8>>, etag: Option<&str>) {
        self.route(
            path,
            Route::Ok {
                body: body.into(),
                content_type: "application/rss+xml; charset=utf-8",
                etag: etag.map(str::to_owned),
            },
        );
    }

    /// 200 with this HTML page.
    pub fn html(&self, path: &str, body: String) {
        self.route(
            path,
            Route::Typed {
                body: body.into_bytes(),
                content_type: "text/html; charset=utf-8".into(),
            },
        );
    }

    pub fn hits(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .requests
            .iter()
            .filter(|(p, _)| p == path)
            .count()
    }

    /// Requests answered so far, over every path.
    pub fn total_hits(&self) -> usize {
        self.log.lock().unwrap().requests.len()
    }

    pub fn last_headers(&self, path: &str) -> Option<HashMap<String, String>> {
        self.log
            .lock()
            .unwrap()
            .requests
            .iter()
            .rev()
            .find(|(p, _)| p == path)
            .map(|(_, h)| h.clone())
    }
}

fn serve(
    stream: TcpStream,
    routes: &Mutex<HashMap<String, Route>>,
    log: &Mutex<Log>,
    in_flight: &AtomicUsize,
    in_flight_max: &AtomicUsize,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let Some(headers) = read_headers(&mut reader)? else {
            return Ok(());
        };
        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        in_flight_max.fetch_max(now, Ordering::SeqCst);
        log.lock()
            .unwrap()
            .requests
            .push((path.clone(), headers.clone()));
        let route = routes.lock().unwrap().get(&path).cloned();
        // A request stops counting as in flight just before the last byte of its answer goes
        // out: the client cannot have the whole answer (and start its next request) before
        // that. Counting it finished after the write let a busy machine see the client's next
        // request "overlap" one the client had long finished with.
        let finished = std::cell::Cell::new(false);
        let finish = || {
            if !finished.replace(true) {
                in_flight.fetch_sub(1, Ordering::SeqCst);
            }
        };
        let result = answer(&mut out, route, &headers, &finish);
        finish();
        result?;
    }
}

/// The headers of a request, names lower-cased, up to the blank line; `None` when the client
/// went away first.
pub fn read_headers(reader: &mut impl BufRead) -> std::io::Result<Option<HashMap<String, String>>> {
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 {
            return Ok(None);
        }
        let h = h.trim_end();
        if h.is_empty() {
            return Ok(Some(headers));
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_lowercase(), v.trim().to_string());
        }
    }
}

/// Write a whole answer, calling `finish` before its last byte.
fn send_last(out: &mut TcpStream, bytes: &[u8], finish: &dyn Fn()) -> std::io::Result<()> {
    let (rest, last) = bytes.split_at(bytes.len().saturating_sub(1));
    out.write_all(rest)?;
    out.flush()?;
    finish();
    out.write_all(last)
}

/// The head and body of a plain answer, as bytes.
fn whole(code: u16, ct: &str, body: &[u8], extra: &str) -> Vec<u8> {
    let mut v = Vec::new();
    write_head(&mut v, code, ct, body.len(), extra).unwrap();
    v.extend_from_slice(body);
    v
}

fn answer(
    out: &mut TcpStream,
    route: Option<Route>,
    headers: &HashMap<String, String>,
    finish: &dyn Fn(),
) -> std::io::Result<()> {
    match route {
        None => head(out, 404, "text/plain", 9, "")?.write_all(b"not found"),
        Some(Route::Ok {
            body,
            content_type,
            etag,
        }) => {
            if let (Some(e), Some(inm)) = (&etag, headers.get("if-none-match"))
                && e == inm
            {
                return head(out, 304, content_type, 0, &format!("ETag: {e}\r\n")).map(|_| ());
            }
            let extra = etag.map(|e| format!("ETag: {e}\r\n")).unwrap_or_default();
            send_last(out, &whole(200, content_type, &body, &extra), finish)
        }
        Some(Route::Status(code)) => head(out, code, "text/plain", 5, "")?.write_all(b"error"),
        Some(Route::Stall) => {
            out.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")?;
            std::thread::sleep(Duration::from_secs(120));
            Ok(())
        }
        Some(Route::Redirect(to)) => {
            head(out, 302, "text/plain", 0, &format!("Location: {to}\r\n")).map(|_| ())
        }
        Some(Route::TooMany(after)) => head(
            out,
            429,
            "text/plain",
            0,
            &format!("Retry-After: {after}\r\n"),
        )
        .map(|_| ()),
        Some(Route::Truncated { body, len }) => {
            head(out, 200, "application/rss+xml", len, "")?.write_all(&body)?;
            out.flush()?;
            let _ = out.shutdown(std::net::Shutdown::Both);
            Err(std::io::Error::other("closed"))
        }
        Some(Route::Paced {
            chunk,
            every,
            total,
        }) => {
            head(out, 200, "application/rss+xml", total, "")?;
            let mut sent = 0;
            while sent < total {
                let n = chunk.min(total - sent);
                out.write_all(&vec![b' '; n])?;
                out.flush()?;
                sent += n;
                std::thread::sleep(every);
            }
            Ok(())
        }
        Some(Route::Trickle(every)) => {
            out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n",
            )?;
            for _ in 0..100_000 {
                out.write_all(b" ")?;
                out.flush()?;
                std::thread::sleep(every);
            }
            Ok(())
        }
        Some(Route::Slow(delay, body)) => {
            std::thread::sleep(delay);
            send_last(out, &whole(200, "application/rss+xml", &body, ""), finish)
        }
        Some(Route::Chunked { chunk, total }) => {
            out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n",
            )?;
            let mut sent = 0;
            while sent < total && !chunk.is_empty() {
                write!(out, "{:x}\r\n", chunk.len())?;
                out.write_all(&chunk)?;
                out.write_all(b"\r\n")?;
                sent += chunk.len();
            }
            out.write_all(b"0\r\n\r\n")
        }
        Some(Route::GzipChunked(bytes)) => {
            out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
            )?;
            for part in bytes.chunks(16 * 1024) {
                write!(out, "{:x}\r\n", part.len())?;
                out.write_all(part)?;
                out.write_all(b"\r\n")?;
            }
            out.write_all(b"0\r\n\r\n")
        }
        Some(Route::Raw(bytes)) => {
            out.write_all(&bytes)?;
            out.flush()?;
            let _ = out.shutdown(std::net::Shutdown::Both);
            Err(std::io::Error::other("closed"))
        }
        Some(Route::Guarded {
            header,
            value,
            body,
            html,
        }) => {
            if headers.get(header) != Some(&value) {
                return head(out, 401, "text/plain", 6, "")?.write_all(b"denied");
            }
            let ct = if html {
                "text/html; charset=utf-8"
            } else {
                "application/rss+xml"
            };
            send_last(out, &whole(200, ct, &body, ""), finish)
        }
        Some(Route::Typed { body, content_type }) => {
            head(out, 200, &content_type, body.len(), "")?.write_all(&body)
        }
        Some(Route::Gzip(bytes)) => head(
            out,
            200,
            "application/rss+xml",
            bytes.len(),
            "Content-Encoding: gzip\r\n",
        )?
        .write_all(&bytes),
    }
}

fn head<'a>(
    out: &'a mut TcpStream,
    code: u16,
    ct: &str,
    len: usize,
    extra: &str,
) -> std::io::Result<&'a mut TcpStream> {
    write_head(out, code, ct, len, extra)?;
    Ok(out)
}

fn write_head(
    out: &mut impl Write,
    code: u16,
    ct: &str,
    len: usize,
    extra: &str,
) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        304 => "Not Modified",
        401 => "Unauthorized",
        302 => "Found",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    };
    write!(
        out,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {ct}\r\nContent-Length: {len}\r\n{extra}\r\n"
    )
}
