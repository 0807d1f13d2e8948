#!/usr/bin/env python3
"""Serve a folder of feeds from many loopback hosts, the way slow real news sites would.

One listener per address 127.0.0.1 .. 127.0.0.N (same port), so a reader's per-host limit
sees N distinct hosts. Every feed request waits --latency-ms before it is answered (a
far-away server), and conditional GETs get real answers: a strong ETag (hash of the body)
and Last-Modified (the file's mtime); `If-None-Match` matching, or with no `If-None-Match` an
`If-Modified-Since` not older than the file, gives 304 with no body. HTTP/1.1 keep-alive.

All listeners share one asyncio event loop: requests waiting out their latency cost nothing,
and a hundred answers due at the same moment go out within a few milliseconds of each other
(a thread per connection made them queue for Python's lock, tens of milliseconds that were
the server's, not the reader's).

It counts requests, 200s, 304s, body bytes and bytes on the wire (status line, headers and
body), and the in-flight requests per host and overall, keeping the maximum of each. Control
requests on 127.0.0.1 (never delayed, never counted):
  GET /__stats   JSON of the counters      GET /__reset   zero them
Prints "ready" on stdout once every listener is bound. Loopback only.

usage: serve.py --dir DIR [--port 18765] [--latency-ms 100] [--hosts 50]
"""
import argparse
import asyncio
import email.utils
import hashlib
import json
import os
import sys


def zero():
    return {"requests": 0, "ok": 0, "not_modified": 0, "not_found": 0, "body_bytes": 0,
            "wire_bytes": 0, "inflight_max": 0, "inflight_max_per_host": {}, "completed": 0}


STATS = zero()
INFLIGHT = {}   # host -> requests being answered now
FILES = {}      # name -> (bytes, etag, last_modified, mtime)
MAX_HEAD = 64 * 1024


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


REASONS = {200: "OK", 304: "Not Modified", 400: "Bad Request", 404: "Not Found"}


def head(status, headers):
    lines = [f"HTTP/1.1 {status} {REASONS[status]}", "Server: nginx",
             "Date: " + email.utils.formatdate(usegmt=True)]
    lines += [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def fresh(entry, headers):
    _, etag, _, mtime = entry
    inm = headers.get("if-none-match")
    if inm is not None:
        return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = headers.get("if-modified-since")
    if ims is not None:
        try:
            return email.utils.parsedate_to_datetime(ims).timestamp() >= mtime
        except (TypeError, ValueError):
            return False
    return False


class Listener:
    def __init__(self, host, latency):
        self.host = host
        self.latency = latency

    async def handle(self, reader, writer):
        try:
            while True:
                try:
                    raw = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                        ConnectionError):
                    return
                lines = raw.decode("latin-1").split("\r\n")
                parts = lines[0].split(" ")
                if len(parts) != 3:
                    writer.write(head(400, [("Content-Length", "0"), ("Connection", "close")]))
                    await writer.drain()
                    return
                path = parts[1].split("?")[0]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                close = headers.get("connection", "").lower() == "close" or parts[2] == "HTTP/1.0"
                if path.startswith("/__"):
                    out = self.control(path)
                else:
                    out = await self.feed(os.path.basename(path), headers)
                writer.write(out)
                await writer.drain()
                if close:
                    return
        except ConnectionError:
            return
        finally:
            try:
                writer.close()
            except Exception:
                pass

    def control(self, path):
        global STATS
        if path == "/__reset":
            STATS = zero()
        body = json.dumps(STATS).encode()
        return head(200, [("Content-Type", "application/json"),
                          ("Content-Length", str(len(body)))]) + body

    async def feed(self, name, headers):
        host = self.host
        STATS["requests"] += 1
        INFLIGHT[host] = INFLIGHT.get(host, 0) + 1
        per = STATS["inflight_max_per_host"]
        per[host] = max(per.get(host, 0), INFLIGHT[host])
        STATS["inflight_max"] = max(STATS["inflight_max"], sum(INFLIGHT.values()))
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            entry = FILES.get(name)
            if entry is None:
                STATS["not_found"] += 1
                out = head(404, [("Content-Length", "0")])
            elif fresh(entry, headers):
                STATS["not_modified"] += 1
                out = head(304, [("ETag", entry[1]), ("Last-Modified", entry[2])])
            else:
                data, etag, lastmod, _ = entry
                STATS["ok"] += 1
                STATS["body_bytes"] += len(data)
                out = head(200, [("Content-Type", "application/rss+xml; charset=UTF-8"),
                                 ("Content-Length", str(len(data))), ("ETag", etag),
                                 ("Last-Modified", lastmod),
                                 ("Cache-Control", "max-age=0")]) + data
            STATS["wire_bytes"] += len(out)
            return out
        finally:
            INFLIGHT[host] -= 1
            STATS["completed"] += 1


async def serve(a):
    servers = []
    for n in range(1, a.hosts + 1):
        host = f"127.0.0.{n}"
        lis = Listener(host, a.latency_ms / 1000)
        servers.append(await asyncio.start_server(lis.handle, host, a.port, backlog=512,
                                                  reuse_address=True, limit=MAX_HEAD))
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


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
    try:
        asyncio.run(serve(a))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
