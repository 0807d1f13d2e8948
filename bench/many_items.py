#!/usr/bin/env python3
"""Peak memory of `kabar refresh` on one feed of very many minimal items (issue 13, finding 5).

A 10 MB RSS feed of 330,000 items is served from loopback; `kabar refresh` runs on a fresh
config dir with the default `max_items_per_feed` (1,000). Printed: the refresh's output line,
peak RSS (from /proc via wait4), the articles stored. Before items were cut while parsing it
used 352 MB and said "330000 new"; now it must stay under 100 MB and say "1000 new".
Not part of `cargo test` (it needs a release build and takes a few seconds).

usage: cargo build --release && python3 bench/many_items.py [--items 330000]
"""
import argparse
import http.server
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading

ap = argparse.ArgumentParser()
ap.add_argument("--items", type=int, default=330_000)
ap.add_argument("--kabar", default="target/release/kabar")
args = ap.parse_args()

body = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Banyak</title>']
body += [f"<item><guid>g{i}</guid><title>t{i}</title></item>" for i in range(args.items)]
body.append("</channel></rss>")
feed = "".join(body).encode()


class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(feed)))
        self.end_headers()
        self.wfile.write(feed)

    def log_message(self, *a):
        pass


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
threading.Thread(target=srv.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{srv.server_address[1]}/feed.xml"

with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "config.toml"), "w") as f:
        f.write(f'max_feed_bytes = 104857600\n[[feeds]]\nurl = "{url}"\nname = "Banyak"\n')
    env = dict(os.environ, KABAR_CONFIG_DIR=d)
    p = subprocess.Popen([args.kabar, "refresh"], env=env, stdout=subprocess.PIPE, text=True)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    db = sqlite3.connect(os.path.join(d, "kabar.db"))
    stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    print(f"feed: {len(feed) / 1e6:.1f} MB, {args.items} items")
    print(f"output: {out.strip()}")
    print(f"peak RSS: {usage.ru_maxrss / 1024:.0f} MB; stored: {stored}")
    sys.exit(0 if usage.ru_maxrss < 100 * 1024 and f"{stored} new" in out else 1)
