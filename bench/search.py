#!/usr/bin/env python3
"""Search speed on a generated 100,000-article store (issue 6), measured here, not in tests.

    python3 bench/search.py [--feeds 200 --items 500 --runs 20]

Generates FEEDS x ITEMS Lampung-shaped articles (bench/gen.py), serves them from 50 loopback
hosts with no latency (bench/serve.py), fills a fresh store with `kabar refresh`, then times
`kabar search WORD --limit 50` for a few words and `kabar list --query Q --limit 50` for a few
view queries, RUNS times each, and prints the median and
worst wall time per query (process start included, so it is an upper bound on what `/` costs
inside the reader, which runs the same query on an open store).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

# View-like queries, timed as `kabar list --query Q --limit 50` (what opening a view reads).
QUERIES = ["banjir OR longsor since:7d", "place:Metro unread", "gempa place:lampung",
           "banjir -title:banjir", "unread since:2d", "feed:host1 banjir"]

WORDS = ["banjir", "lampung", "harga cabai", "bandar lampung pemprov", "bandar lampung pemp",
         "meng", "men", "ba", "zzzznotfound"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=500)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--port", type=int, default=18950)
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "target", "release", "kabar"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="kabar-search-")
    data = os.path.join(tmp, "data")
    feeds = gen.generate(data, a.feeds, a.items, a.port, hosts=50)
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    with open(os.path.join(home, "config.toml"), "w") as f:
        f.write("refresh_on_start = false\nconcurrency = 32\nmax_items_per_feed = %d\n" % (a.items * 2))
        for url, _ in feeds:
            f.write('[[feeds]]\nurl = "%s"\n' % url)
    server = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "serve.py"), "--dir", data, "--port", str(a.port),
         "--latency-ms", "0", "--hosts", "50"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        server.stdout.readline()  # "ready"
        env = dict(os.environ, LANG="C")
        t0 = time.monotonic()
        out = subprocess.run([a.binary, "--config-dir", home, "refresh"], env=env,
                             capture_output=True, text=True, check=True).stdout
        print(f"store filled in {time.monotonic() - t0:.1f} s: {out.strip().splitlines()[-1]}")
        # The refresh stores without indexing; the first search brings the index up to date
        # (the reader does it in the background). Timed separately, not as a query.
        t0 = time.monotonic()
        subprocess.run([a.binary, "--config-dir", home, "search", "zzzzwarmup"], env=env,
                       capture_output=True, text=True, check=True)
        print(f"search index brought up to date in {time.monotonic() - t0:.1f} s")
        print(f"{'query':28} {'hits':>5} {'median':>9} {'worst':>9}")
        for w in WORDS:
            times, hits = [], 0
            for _ in range(a.runs):
                t = time.monotonic()
                r = subprocess.run([a.binary, "--config-dir", home, "search", w, "--limit", "50"],
                                   env=env, capture_output=True, text=True, check=True)
                times.append(time.monotonic() - t)
                hits = len(r.stdout.splitlines())
            print(f"{w!r:28} {hits:>5} {statistics.median(times) * 1000:>7.1f}ms {max(times) * 1000:>7.1f}ms")
        print(f"{'list --query':28} {'hits':>5} {'median':>9} {'worst':>9}")
        for q in QUERIES:
            times, hits = [], 0
            for _ in range(a.runs):
                t = time.monotonic()
                r = subprocess.run([a.binary, "--config-dir", home, "list", "--query", q,
                                    "--limit", "50"],
                                   env=env, capture_output=True, text=True, check=True)
                times.append(time.monotonic() - t)
                hits = len(r.stdout.splitlines())
            print(f"{q!r:28} {hits:>5} {statistics.median(times) * 1000:>7.1f}ms {max(times) * 1000:>7.1f}ms")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)  # ~1 GB of feeds and store


if __name__ == "__main__":
    main()
