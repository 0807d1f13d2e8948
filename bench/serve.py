#!/usr/bin/env python3
"""Serve a folder of feeds from many loopback hosts, the way slow real news sites would.

One ThreadingHTTPServer per address 127.0.0.1 .. 127.0.0.N (same port), so a reader's
per-host limit sees N distinct hosts. Every feed request waits --latency-ms before it is
answered (a far-away server), and conditional GETs get real answers: a strong ETag (hash of
the body) and Last-Modified (the file's mtime); `If-None-Match` matching, or with no
`If-None-Match` an `If-Modified-Since` not older than the file, gives 304 with no body.

It counts requests, 200s, 304s, body bytes and bytes on the wire (status line, headers and
body), and the in-flight requests per host and overall, keeping the maximum of each. Control
requests on 127.0.0.1 (never delayed, never counted):
  GET /__stats   JSON of the counters      GET /__reset   zero them
Prints "ready" on stdout once every listener is bound. Loopback only.

usage: serve.py --dir DIR [--port 18765] [--latency-ms 100] [--hosts 50]
"""
import argparse
import email.utils
import hashlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()


def zero():
    return {"requests": 0, "ok": 0, "not_modified": 0, "not_found": 0, "body_bytes": 0,
            "wire_bytes": 0, "inflight_max": 0, "inflight_max_per_host": {}, "completed": 0}


STATS = zero()
INFLIGHT = {}   # host -> requests being answered now
FILES = {}      # name -> (bytes, etag, last_modified, mtime)


def load(root):
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if not name.endswith(".xml") or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        mtime = int(os.stat(path).st_mtime)
        FILES[name] = (data, '"%s"' % hashlib.sha1(data).hexdigest()[:20],
                       email.utils.formatdate(mtime, usegmt=True), mtime)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""

    def log_message(self, *a):
        pass

    def flush_headers(self):
        # Count what goes on the wire for the status line and headers.
        if getattr(self, "_count", False) and hasattr(self, "_headers_buffer"):
            n = sum(len(b) for b in self._headers_buffer)
            with LOCK:
                STATS["wire_bytes"] += n
        super().flush_headers()

    def control(self, path):
        global STATS
        with LOCK:
            if path == "/__reset":
                STATS = zero()
            body = json.dumps(STATS).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.startswith("/__"):
            self._count = False
            return self.control(path)
        self._count = True
        host = self.server.server_address[0]
        with LOCK:
            STATS["requests"] += 1
            INFLIGHT[host] = INFLIGHT.get(host, 0) + 1
            per = STATS["inflight_max_per_host"]
            per[host] = max(per.get(host, 0), INFLIGHT[host])
            total = sum(INFLIGHT.values())
            STATS["inflight_max"] = max(STATS["inflight_max"], total)
        try:
            self.answer(os.path.basename(path))
        finally:
            with LOCK:
                INFLIGHT[host] -= 1
                STATS["completed"] += 1

    def answer(self, name):
        if self.server.latency:
            time.sleep(self.server.latency)
        entry = FILES.get(name)
        if entry is None:
            with LOCK:
                STATS["not_found"] += 1
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data, etag, lastmod, mtime = entry
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        fresh = False
        if inm is not None:
            fresh = etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        elif ims is not None:
            try:
                fresh = email.utils.parsedate_to_datetime(ims).timestamp() >= mtime
            except (TypeError, ValueError):
                fresh = False
        if fresh:
            with LOCK:
                STATS["not_modified"] += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", lastmod)
            self.end_headers()
            return
        with LOCK:
            STATS["ok"] += 1
            STATS["body_bytes"] += len(data)
            STATS["wire_bytes"] += len(data)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", lastmod)
        self.send_header("Cache-Control", "max-age=0")
        self.end_headers()
        self.wfile.write(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=18765)
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--hosts", type=int, default=50)
    a = ap.parse_args()
    if not 1 <= a.hosts <= 250:
        sys.exit("--hosts must be 1..250")
    load(a.dir)
    servers = []
    for n in range(1, a.hosts + 1):
        srv = Server((f"127.0.0.{n}", a.port), Handler)
        srv.latency = a.latency_ms / 1000
        servers.append(srv)
    for srv in servers:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
