#!/usr/bin/env python3
"""kabar vs newsraft (the fastest C reader): issue 16's table, measured here.

    cargo build --release
    python3 bench/peer.py --newsraft PATH [--runs 5] [--out FILE]
    python3 bench/run.py ... --newsraft PATH      # the same table at the end of a full run

Data: bench/gen_feeds.py (a copy of the shared generator the issue measured with: WordPress RSS
2.0, eight paragraphs an item) in three shapes, served by bench/serve.py with real conditional
GET: 200 feeds x 50 items over 50 loopback hosts at 100 ms latency (cold, then warm: nothing
changed), and 200 x 500 (100,000 articles, ~400 MB) from one host at 0 ms. Both readers are
equally polite: kabar's default per_host = 2, newsraft's `download-max-host-connections 2`.
Each figure is the median of --runs fresh runs (cold: a new home each run; warm: the last cold
home refreshed again). Peak memory and CPU come from GNU time, as in run.py.

newsraft is not packaged for this Debian: build it from its source (0.34: `make`, with
libcurl4-openssl-dev libexpat1-dev libgumbo-dev libsqlite3-dev libncurses-dev) and pass the
binary. Its run: `newsraft -f feeds -c config -d db -l /dev/null -e reload-all`.
"""
import argparse
import asyncio
import collections
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_feeds  # noqa: E402
import run  # noqa: E402

# (key, what, feeds, items, hosts, latency ms, goal newsraft ÷ kabar)
SHAPES = [
    ("cold50", "cold refresh, 200 feeds x 50 items, 50 hosts, 100 ms latency", 200, 50, 50, 100, 2.0),
    ("cold500", "cold refresh, 200 x 500 (100,000 articles), 1 host, 0 ms", 200, 500, 1, 0, 2.0),
]
WARM_GOAL = 1.5
MEMORY_GOAL_MB = 100


def dataset(bench, feeds, items, hosts):
    """gen_feeds.py's feeds in the bench's temp dir (cached per shape)."""
    key = ("gen_feeds", feeds, items, hosts)
    if key in bench.datasets:
        return bench.datasets[key]
    out = os.path.join(bench.root, f"peer-{feeds}x{items}-{hosts}h")
    os.makedirs(out, exist_ok=True)
    urls, size = [], 0
    for i in range(feeds):
        name = f"feed-{i:04d}.xml"
        text = gen_feeds.feed(i, items, 8, bench.port, hosts)
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text)
        size += len(text.encode())
        urls.append(f"http://{gen_feeds.host(i, hosts)}:{bench.port}/{name}")
    ds = {"name": f"gen_feeds {feeds}x{items}", "dir": out, "urls": urls, "feeds": feeds,
          "items": items, "bytes": size, "title0": "#0"}
    run.log(f"generated {ds['name']} ({hosts} hosts): {size / 1e6:.0f} MB")
    bench.datasets[key] = ds
    return ds


def newsraft_home(bench, tag, ds):
    d = os.path.join(bench.root, f"newsraft-{tag}")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "home"))
    with open(os.path.join(d, "feeds"), "w") as f:
        f.write("\n".join(ds["urls"]) + "\n")
    with open(os.path.join(d, "config"), "w") as f:
        f.write("download-max-host-connections 2\ndownload-timeout 120\n")
    return d


def newsraft_reload(bench, binary, d):
    env = dict(bench.env)
    env.update(HOME=os.path.join(d, "home"))
    cmd = [binary, "-f", os.path.join(d, "feeds"), "-c", os.path.join(d, "config"),
           "-d", os.path.join(d, "db"), "-l", "/dev/null", "-e", "reload-all"]
    r = bench.timed(cmd, env, run.NEWSBOAT_LIMIT, os.path.join(d, "reload.log"))
    if r["timed_out"] or r["rc"] != 0:
        raise run.Skip(f"newsraft reload failed (rc {r['rc']}): {r['out'][-300:]}")
    return r


def first_screen(bench, binary, who, d, runs):
    """Launch in a pty of run.py's size; median time until the first feed is on screen."""
    times = []
    for _ in range(runs):
        if who == "kabar":
            cmd, env = [bench.kabar, "--config-dir", d], bench.kabar_env(d)
            shown, quit_keys = bench.feedlist_shown("kabar"), "\x03"
        else:
            cmd = [binary, "-f", os.path.join(d, "feeds"), "-c", os.path.join(d, "config"),
                   "-d", os.path.join(d, "db"), "-l", "/dev/null"]
            env = dict(bench.env)
            env.update(HOME=os.path.join(d, "home"))
            # Feed titles end in " #N": the first one on screen is the list.
            shown, quit_keys = (lambda s: "#0" in s.text()), "q"
        p = run.term.Pty(cmd, env=env, cols=run.COLS, rows=run.ROWS)
        bench.ptys.append(p)
        try:
            t = p.wait_for(shown, 60)
            if t is None:
                raise run.Skip(f"{who}: feed list not shown within 60 s: {p.screen.text()[-300:]!r}")
            times.append(t - p.t0)
        finally:
            p.close(quit_keys=quit_keys, grace=10.0)
            bench.ptys.remove(p)
    return run.median(times)


def floor_warm(urls, per_host=2):
    """The warm refresh's floor on this server: the same conditional requests from a minimal
    client (asyncio, `per_host` keep-alive connections a host, requests one after another on
    each, no process start, nothing parsed or stored). Returns seconds for the second pass;
    the first pass (unmeasured) learns each feed's ETag."""
    by_host = collections.defaultdict(list)
    for u in urls:
        by_host[u.split("/")[2]].append(u)
    etags = {}

    async def worker(hostport, queue, conditional):
        host, port = hostport.rsplit(":", 1)
        r, w = await asyncio.open_connection(host, int(port))
        while queue:
            u = queue.pop(0)
            path = "/" + u.split("/", 3)[3]
            extra = f"If-None-Match: {etags[u]}\r\n" if conditional else ""
            w.write(f"GET {path} HTTP/1.1\r\nHost: {hostport}\r\n{extra}\r\n".encode())
            await w.drain()
            head = (await r.readuntil(b"\r\n\r\n")).decode("latin-1")
            fields = dict(line.split(": ", 1) for line in head.split("\r\n")[1:] if ": " in line)
            etags.setdefault(u, fields.get("ETag", ""))
            await r.readexactly(int(fields.get("Content-Length", "0")))
        w.close()

    async def once(conditional):
        t = time.perf_counter()
        jobs = []
        for hostport, us in by_host.items():
            queue = list(us)
            jobs += [worker(hostport, queue, conditional) for _ in range(per_host)]
        await asyncio.gather(*jobs)
        return time.perf_counter() - t

    asyncio.run(once(False))
    return asyncio.run(once(True))


def version(binary):
    try:
        out = subprocess.run([binary, "-v"], capture_output=True, text=True, timeout=10)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def measure(bench, binary, runs):
    """Rows (what, kabar, newsraft, unit, goal ratio, met) of issue 16's table."""
    rows = []
    for key, what, feeds, items, hosts, latency, goal in SHAPES:
        ds = dataset(bench, feeds, items, hosts)
        saved_hosts = bench.a.hosts
        bench.a.hosts = hosts
        try:
            bench.start_server(ds, latency)
        finally:
            bench.a.hosts = saved_hosts
        run.log(f"\n== vs newsraft: {what} ==")
        bench.check_load(f"peer {key}")
        k, n = [], []
        k_home = n_home = None
        for i in range(runs):
            k_home = bench.kabar_home(f"peer-{key}-{i}", ds)
            k.append(bench.kabar_refresh(k_home, expect_new=feeds * items))
            if i == runs - 1:
                # What the reader finds on its next start: the search index caught up.
                bench.kabar_index(k_home)
            n_home = newsraft_home(bench, f"{key}-{i}", ds)
            n.append(newsraft_reload(bench, binary, n_home))
            run.log(f"  #{i + 1}: kabar {k[-1]['s']:.3f} s {k[-1]['rss']:.0f} MB cpu {k[-1]['cpu']:.2f} s"
                    f" | newsraft {n[-1]['s']:.3f} s {n[-1]['rss']:.0f} MB cpu {n[-1]['cpu']:.2f} s")
        ks, ns = run.median([r["s"] for r in k]), run.median([r["s"] for r in n])
        rows.append((what, ks, ns, "s", goal))
        kr, nr = max(r["rss"] for r in k), max(r["rss"] for r in n)
        rows.append((f"peak memory, {what}", kr, nr, "MB",
                     None if key != "cold500" else ("mem", MEMORY_GOAL_MB)))
        n_articles = feeds * items
        rows.append((f"first screen (launch → first feed listed, pty {run.COLS}x{run.ROWS}), "
                     f"{n_articles:,} articles cached",
                     first_screen(bench, binary, "kabar", k_home, runs),
                     first_screen(bench, binary, "newsraft", n_home, runs), "s", ("keep", 1.0)))
        if key == "cold50":
            kw, nw = [], []
            for i in range(runs):
                kw.append(bench.kabar_refresh(k_home)["s"])
                nw.append(newsraft_reload(bench, binary, n_home)["s"])
            run.log("  warm: kabar " + ", ".join(f"{x * 1000:.0f}" for x in kw) + " ms | newsraft "
                    + ", ".join(f"{x * 1000:.0f}" for x in nw) + " ms")
            rows.append(("warm refresh, 200 x 50, nothing changed", run.median(kw), run.median(nw),
                         "s", WARM_GOAL))
            floor = run.median([floor_warm(ds["urls"]) for _ in range(runs)])
            rows.append(("the same 200 conditional requests from a minimal client (the floor: "
                         "2 rounds of the latency and the server's answers)", floor, None, "s", None))
    bench.stop_server()
    return rows


def table(rows, runs):
    out = [f"| figure (median of {runs}) | kabar | newsraft | newsraft ÷ kabar | goal | met |",
           "| --- | --- | --- | --- | --- | --- |"]
    for what, k, n, unit, goal in rows:
        ratio = n / k if (k and n) else None
        if isinstance(goal, tuple) and goal[0] == "keep":
            goal_text, met = "keep (> 1)", ratio is not None and ratio > goal[1]
        elif isinstance(goal, tuple):
            goal_text, met = f"< {goal[1]} MB", k < goal[1]
        elif goal:
            goal_text, met = f"≥ {goal}", ratio is not None and ratio >= goal
        else:
            goal_text, met = "—", None
        out.append(f"| {what} | {run.fmt(k, unit)} | {run.fmt(n, unit)} | "
                   f"{f'{ratio:.2f}' if ratio else '—'} | {goal_text} | "
                   f"{ {True: 'yes', False: '**no**', None: '—'}[met]} |")
    return "\n".join(out)


def section(bench, binary, runs):
    """The markdown section for results.md (and the log)."""
    rows = measure(bench, binary, runs)
    return "\n".join([
        "",
        "## kabar vs newsraft (issue 16)",
        "",
        f"{version(binary)} (`{binary}`, download-max-host-connections 2); data bench/gen_feeds.py; "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}.",
        "",
        table(rows, runs),
        "",
    ])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--newsraft", required=True, help="the newsraft binary")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--kabar", default=os.path.join(run.REPO, "target", "release", "kabar"))
    ap.add_argument("--port", type=int, default=18775)
    ap.add_argument("--wait-quiet", type=float, default=30)
    ap.add_argument("--quiet-cores", type=float, default=0.9)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--out", help="append the table to this file")
    a = ap.parse_args()
    a.hosts, a.no_newsboat = 50, True
    info = run.machine()
    run.log(f"machine: {info['nproc']} cores, {info['cpu']}; kabar {info['commit']}")
    b = run.Bench(a)
    try:
        text = section(b, os.path.abspath(a.newsraft), a.runs)
    finally:
        b.cleanup()
    run.log(text)
    if a.out:
        with open(a.out, "a") as f:
            f.write(text)


if __name__ == "__main__":
    main()
