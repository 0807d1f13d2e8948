#!/usr/bin/env python3
"""`kabar sync` against a real Miniflux (issue 14): first sync of 10,000 entries, a sync with
nothing new, and the reader's first screen on the synced store.

Starts a throwaway Miniflux (scripts/miniflux-server.sh), serves bench/gen.py's Lampung-shaped
feeds (about 5 KB of article per entry) from 127.0.0.1, subscribes the account to them and
waits until Miniflux holds every entry. Then, with target/release/kabar:

  1. first sync: `kabar sync` on an empty config dir; wall time, peak RSS, CPU, HTTP requests
  2. nothing new: `kabar sync` again on a synced dir; the same figures
  3. first screen: the reader in a pseudo-terminal (bench/term.py) on the synced store, until
     "Semua artikel" and the first feed are on screen

HTTP requests are counted in separate, untimed runs through a counting proxy, so the timed
runs talk to Miniflux directly. Prints a table and appends it to bench/results.md.
Not part of `cargo test`. Linux only; Python 3.9+ standard library.

usage: cargo build --release && python3 bench/sync.py [--feeds 20 --items 500] [--runs 3]
       python3 bench/sync.py --serve-only     # leave Miniflux up with the entries, to profile
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen   # noqa: E402
import run   # noqa: E402
import term  # noqa: E402

SCRIPT = os.path.join(REPO, "scripts", "miniflux-server.sh")
GOALS = {"first_s": 3.0, "first_mb": 60.0, "none_client_s": 0.1, "screen_s": 0.020}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CountingProxy:
    """A TCP proxy that counts the HTTP requests and the bytes it passes."""

    def __init__(self, upstream_port):
        self.upstream = ("127.0.0.1", upstream_port)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.requests, self.down_bytes, self.lines = 0, 0, []
        self.encoding = None   # the Accept-Encoding kabar sent (the server's work depends on it)
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def reset(self):
        with self.lock:
            self.requests, self.down_bytes, self.lines = 0, 0, []

    def accept(self):
        while True:
            c, _ = self.sock.accept()
            s = socket.create_connection(self.upstream)
            threading.Thread(target=self.pipe, args=(c, s, True), daemon=True).start()
            threading.Thread(target=self.pipe, args=(s, c, False), daemon=True).start()

    def pipe(self, a, b, up):
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                with self.lock:
                    if up:
                        found = re.findall(rb"(?:^|\r\n)((?:GET|PUT|POST|DELETE) /\S*)", data)
                        self.requests += len(found)
                        self.lines += [f.decode() for f in found]
                        enc = re.search(rb"\r\naccept-encoding: *([^\r]*)", data, re.I)
                        if enc:
                            self.encoding = enc.group(1).decode()
                    else:
                        self.down_bytes += len(data)
                b.sendall(data)
        except OSError:
            pass
        finally:
            for x in (a, b):
                try:
                    x.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def api(env, method, path, body=None):
    req = urllib.request.Request(
        env["MINIFLUX_URL"] + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"X-Auth-Token": env["MINIFLUX_API_KEY"], "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        data = r.read()
    return json.loads(data) if data else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--items", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--kabar", default=os.path.join(REPO, "target", "release", "kabar"))
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"))
    ap.add_argument("--serve-only", action="store_true",
                    help="set up Miniflux with the entries, print its env file, wait (profiling)")
    a = ap.parse_args()
    # Stopped (Ctrl-C, kill): the servers are stopped and the temp dir removed all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(1))
    total = a.feeds * a.items

    root = tempfile.mkdtemp(prefix="kabar-bench-sync-")
    os.chmod(root, 0o755)   # PostgreSQL runs as its own user below it
    kabar = os.path.join(root, "kabar")
    shutil.copy2(a.kabar, kabar)   # a rebuild during the run changes nothing
    mf_dir = os.path.join(root, "miniflux")
    server = None
    try:
        # The feeds, and a server for them (Miniflux fetches them from here).
        port = free_port()
        feeds = gen.generate(os.path.join(root, "feeds"), a.feeds, a.items, port, hosts=1)
        server = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "serve.py"), "--dir", os.path.join(root, "feeds"),
             "--port", str(port), "--latency-ms", "0", "--hosts", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        server.stdout.readline()   # "ready"

        subprocess.run(["bash", SCRIPT, "start", mf_dir], check=True, stderr=subprocess.DEVNULL)
        with open(os.path.join(mf_dir, "env")) as f:
            env = dict(line.strip().split("=", 1) for line in f if "=" in line)
        t = time.monotonic()
        for url, _ in feeds:
            api(env, "POST", "/v1/feeds", {"feed_url": url})
        while api(env, "GET", "/v1/entries?limit=1")["total"] < total:
            time.sleep(0.5)
        log(f"Miniflux holds {total} entries ({time.monotonic() - t:.1f} s to take them)")
        time.sleep(3)   # a user syncs some time after the server fetched
        if a.serve_only:
            print(os.path.join(mf_dir, "env"), flush=True)
            while True:
                time.sleep(3600)

        mf_port = int(env["MINIFLUX_URL"].rsplit(":", 1)[1])
        proxy = CountingProxy(mf_port)
        base_env = {k: v for k, v in os.environ.items()
                    if "proxy" not in k.lower() and not k.startswith("LC_")}
        base_env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_MESSAGES="en_US.UTF-8",
                        KABAR_BENCH_KEY=env["MINIFLUX_API_KEY"])
        base_env.pop("KABAR_CONFIG_DIR", None)
        base_env.pop("KABAR_LOG", None)

        def home(tag, url):
            d = os.path.join(root, tag)
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d, mode=0o700)
            with open(os.path.join(d, "config.toml"), "w") as f:
                f.write(f'refresh_on_start = false\nrefresh_minutes = 0\n[sync]\nkind = "miniflux"\n'
                        f'url = "{url}"\napi_key_env = "KABAR_BENCH_KEY"\n')
            return d

        def sync(d):
            r = run.Bench.timed(None, [kabar, "--config-dir", d, "sync"], dict(base_env, HOME=d),
                                600, os.path.join(d, "sync.log"))
            if r["rc"] != 0 or "pulled" not in r["out"]:
                raise SystemExit(f"kabar sync failed (rc {r['rc']}): {r['out'][-500:]}")
            return r

        def counted(d):
            proxy.reset()
            r = sync(d)
            return r, proxy.requests, proxy.down_bytes, list(proxy.lines)

        def replay(lines, encoding):
            """The server's share: the same GETs asked again directly, with the same
            Accept-Encoding as kabar (Miniflux compresses brotli more slowly than gzip)."""
            t = time.monotonic()
            for line in lines:
                method, path = line.split(" ", 1)
                if method != "GET":
                    continue
                req = urllib.request.Request(env["MINIFLUX_URL"] + path, headers={
                    "X-Auth-Token": env["MINIFLUX_API_KEY"], "Accept-Encoding": encoding})
                with urllib.request.urlopen(req, timeout=600) as resp:
                    resp.read()
            return time.monotonic() - t

        direct = env["MINIFLUX_URL"]
        via_proxy = f"http://127.0.0.1:{proxy.port}"
        rows = {}

        # 1. first sync
        firsts = []
        for i in range(a.runs):
            r = sync(home(f"first{i}", direct))
            log(f"  first sync {i + 1}: {r['s']:.2f} s, {r['rss']:.0f} MB, {r['out'].strip()}")
            firsts.append(r)
        _, first_req, first_bytes, _ = counted(home("first-counted", via_proxy))
        rows["first"] = (firsts, first_req, first_bytes)

        # 2. nothing new, on the first run's synced store
        synced = os.path.join(root, "first0")
        nones = []
        for i in range(max(a.runs, 5)):
            r = sync(synced)
            if not r["out"].strip().startswith("sync: 0 pulled"):
                log(f"  note: a sync with nothing new said {r['out'].strip()!r}")
            nones.append(r)
        counted_dir = os.path.join(root, "first-counted")
        _, none_req, none_bytes, none_lines = counted(counted_dir)
        encoding = proxy.encoding or "gzip"
        log(f"  nothing new asks: {none_lines} (Accept-Encoding: {encoding})")
        server_s = run.median([replay(none_lines, encoding) for _ in range(5)])
        rows["none"] = (nones, none_req, none_bytes)

        # 3. the reader's first screen on the synced store
        shown = run.Bench.feedlist_shown("kabar")
        screens = []
        for i in range(max(a.runs, 5)):
            p = term.Pty([kabar, "--config-dir", synced], env=dict(base_env, HOME=synced,
                         LC_MESSAGES="id_ID.UTF-8"), cols=run.COLS, rows=run.ROWS)
            t = p.wait_for(shown, 60)
            p.close(quit_keys="\x03", grace=10.0)
            if t is None:
                raise SystemExit("the reader did not show the feed list within 60 s")
            screens.append(t - p.t0)

        report(a, total, rows, screens, server_s, env)
    finally:
        if server:
            try:
                os.killpg(server.pid, 9)
            except ProcessLookupError:
                pass
            server.wait()
        subprocess.run(["bash", SCRIPT, "stop", mf_dir], stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


def report(a, total, rows, screens, server_s, env):
    med = run.median
    firsts, first_req, first_bytes = rows["first"]
    nones, none_req, none_bytes = rows["none"]
    f_s, f_mb = med([r["s"] for r in firsts]), med([r["rss"] for r in firsts])
    n_s, n_mb = med([r["s"] for r in nones]), med([r["rss"] for r in nones])
    n_cpu = med([r["cpu"] for r in nones])
    n_client = max(0.0, n_s - server_s)
    scr = med(screens)

    def yes(ok):
        return "yes" if ok else "**no**"

    m = run.machine()
    lines = [
        f"## Sync with Miniflux ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        f"`python3 bench/sync.py --feeds {a.feeds} --items {a.items} --runs {a.runs}`: Miniflux "
        f"2.3.5 on this machine (PostgreSQL, 127.0.0.1), {total:,} entries of bench/gen.py's "
        f"Lampung-shaped feeds (~5 KB of article each), kabar {m['commit']}, {m['nproc']} cores "
        f"({m['cpu']}), {m['ram']}. Medians; requests counted through a proxy in an extra run.",
        "",
        "| figure | kabar | goal | met |",
        "| --- | --- | --- | --- |",
        f"| first sync of {total:,} entries: wall time | {f_s:.2f} s | < 3 s | {yes(f_s < GOALS['first_s'])} |",
        f"| first sync: peak RSS | {f_mb:.0f} MB | < 60 MB | {yes(f_mb < GOALS['first_mb'])} |",
        f"| first sync: HTTP requests, bytes received | {first_req}, {first_bytes / 1e6:.1f} MB | — | — |",
        f"| sync with nothing new: wall time | {n_s * 1000:.0f} ms | < 100 ms + round trips | "
        f"{yes(n_client < GOALS['none_client_s'])} |",
        f"| nothing new: HTTP requests, bytes received | {none_req}, {none_bytes / 1e3:.0f} kB | — | — |",
        f"| nothing new: the same {none_req} requests asked again without kabar (server and "
        f"round trips) | {server_s * 1000:.0f} ms | — | — |",
        f"| nothing new: wall time less that | {n_client * 1000:.0f} ms | < 100 ms | "
        f"{yes(n_client < GOALS['none_client_s'])} |",
        f"| nothing new: CPU time, peak RSS | {n_cpu * 1000:.0f} ms, {n_mb:.0f} MB | — | — |",
        f"| reader's first screen, synced store of {total:,} | {scr * 1000:.1f} ms | < 20 ms | "
        f"{yes(scr < GOALS['screen_s'])} |",
        "",
        "Runs: first sync " + ", ".join(f"{r['s']:.2f} s/{r['rss']:.0f} MB" for r in firsts)
        + "; nothing new " + ", ".join(f"{r['s'] * 1000:.0f} ms" for r in nones)
        + "; first screen " + ", ".join(f"{s * 1000:.1f} ms" for s in screens) + ".",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    with open(a.out, "a") as f:
        f.write("\n" + text)


if __name__ == "__main__":
    main()
