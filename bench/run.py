#!/usr/bin/env python3
"""kabar vs newsboat, side by side on the same generated Lampung feeds (issue 5).

One command: generates the feeds, serves them from 50 loopback hosts with latency and real
conditional GET, runs kabar (target/release/kabar) and newsboat on the same data in the same
run, prints every figure for both with the ratio, and writes bench/results.md.
See bench/README.md.

usage: python3 bench/run.py [--quick] [--feeds 200 --items 50 --latency-ms 100]
                            [--big-feeds 200 --big-items 500] [--long-items 10000]
                            [--runs 3] [--no-newsboat] [--kabar PATH] [--keep] [--out FILE]
       python3 bench/run.py --only keys [--root DIR]   (figure 6 alone: bytes per key)
"""
import argparse
import hashlib
import json
import os
import re
import select
import shlex
import shutil
import signal
import sqlite3
import statistics
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
import term  # noqa: E402

COLS, ROWS = 100, 30
NEWSBOAT_LIMIT = 300.0      # a newsboat step slower than this is skipped with a note
KABAR_LIMIT = 300.0


def log(msg=""):
    print(msg, flush=True)


class Skip(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# formatting and results

def fmt(v, unit):
    if v is None:
        return "—"
    if isinstance(v, str):
        return v
    if unit == "s":
        if v < 0.1:
            return f"{v * 1000:.1f} ms"
        return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"
    if unit == "ms":
        return f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"
    if unit == "MB":
        return f"{v:.1f} MB"
    if unit == "B":
        return f"{v:,.0f} B"
    return f"{v:,}" if isinstance(v, int) else f"{v:.2f}"


class Results:
    def __init__(self):
        self.rows = []
        self.notes = []

    def add(self, fig, what, kabar, newsboat=None, unit="s", target=None, note=""):
        """target: the number kabar must stay under (same unit), or None."""
        met = None
        if target is not None and isinstance(kabar, (int, float)):
            met = kabar < target
        ratio = None
        if isinstance(kabar, (int, float)) and isinstance(newsboat, (int, float)) and kabar > 0:
            ratio = newsboat / kabar
        row = dict(fig=fig, what=what, kabar=kabar, newsboat=newsboat, unit=unit, target=target,
                   met=met, ratio=ratio, note=note)
        self.rows.append(row)
        log(f"  [{fig}] {what}: kabar {fmt(kabar, unit)} | newsboat {fmt(newsboat, unit)}"
            + (f" | newsboat/kabar {ratio:.1f}x" if ratio else "")
            + (f" | target < {fmt(target, unit)}: {'MET' if met else 'MISSED'}" if met is not None else "")
            + (f"  ({note})" if note else ""))

    def note(self, text):
        self.notes.append(text)
        log(f"  note: {text}")

    def table(self):
        out = ["| # | figure | kabar | newsboat | newsboat ÷ kabar | target (kabar) | met |",
               "|---|---|---|---|---|---|---|"]
        for r in self.rows:
            ratio = f"{r['ratio']:.1f}×" if r["ratio"] else "—"
            target = f"< {fmt(r['target'], r['unit'])}" if r["target"] is not None else "—"
            met = {True: "yes", False: "**no**", None: "—"}[r["met"]]
            what = r["what"] + (f" ({r['note']})" if r["note"] else "")
            out.append(f"| {r['fig']} | {what} | {fmt(r['kabar'], r['unit'])} | "
                       f"{fmt(r['newsboat'], r['unit'])} | {ratio} | {target} | {met} |")
        return "\n".join(out)


def proc_cpu_ticks(exclude):
    """utime + stime of every process not in `exclude`, in clock ticks."""
    total = {}
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) in exclude:
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total[name] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


def background_cpu(seconds=1.0, exclude=()):
    """Cores kept busy by other processes while the harness waits (nothing of ours runs).

    Summed from /proc/PID/stat, not /proc/stat: in some VMs (idle=poll) the idle counter
    never moves and the whole machine looks busy."""
    exclude = {os.getpid(), *exclude}
    a = proc_cpu_ticks(exclude)
    t = time.monotonic()
    time.sleep(seconds)
    b = proc_cpu_ticks(exclude)
    dt = time.monotonic() - t
    ticks = sum(v - a.get(k, 0) for k, v in b.items())
    return ticks / os.sysconf("SC_CLK_TCK") / dt


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# ---------------------------------------------------------------------------------------------
# the machine

def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass

    def cmd(*c):
        try:
            return subprocess.run(c, capture_output=True, text=True, timeout=20, cwd=REPO).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    commit = cmd("git", "rev-parse", "--short", "HEAD")
    dirty = cmd("git", "status", "--porcelain", "--untracked-files=no", "--", "src", "Cargo.toml", "Cargo.lock")
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "ram": mem, "kernel": os.uname().release,
        "commit": commit + (" + uncommitted changes in src/" if dirty else ""),
        "newsboat": (cmd("newsboat", "--version").splitlines() or ["not installed"])[0],
        "python": sys.version.split()[0],
    }


# ---------------------------------------------------------------------------------------------
# the harness

class Bench:
    def __init__(self, args):
        self.a = args
        self.res = Results()
        if args.root:
            os.makedirs(args.root, exist_ok=True)
            self.root = os.path.abspath(args.root)
        else:
            self.root = tempfile.mkdtemp(prefix="kabar-bench-")
        self.server = None
        self.server_ds = None
        self.ptys = []
        self.datasets = {}
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env = {k: v for k, v in env.items() if not k.startswith("LC_")}
        env.update(TERM="xterm-256color", LANG="C.UTF-8", NO_PROXY="*")
        env.pop("KABAR_CONFIG_DIR", None)
        env.pop("KABAR_LOG", None)
        self.env = env
        self.port = args.port
        self.kabar_src = os.path.abspath(args.kabar)
        self.kabar = self.kabar_src
        self.newsboat = None if args.no_newsboat else shutil.which("newsboat")
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self.load = []          # (phase, busy cores of other processes, 1-min load average)

    def check_load(self, phase):
        mine = [self.server.pid] if self.server else []
        busy = background_cpu(exclude=mine)
        deadline = time.monotonic() + self.a.wait_quiet
        if busy > self.a.quiet_cores and self.a.wait_quiet > 0:
            log(f"  waiting up to {self.a.wait_quiet:.0f} s for other processes to quieten "
                f"({busy:.2f} cores busy)")
            while busy > self.a.quiet_cores and time.monotonic() < deadline:
                busy = background_cpu(2.0, exclude=mine)
        la = os.getloadavg()[0]
        self.load.append((phase, busy, la))
        log(f"  background CPU before '{phase}': {busy:.2f} cores busy, load average {la:.2f}")

    # -- cleanup ------------------------------------------------------------------------------
    def cleanup(self):
        for p in self.ptys:
            try:
                p.close(grace=1.0)
            except Exception:
                pass
        self.ptys.clear()
        self.stop_server()
        if self.a.keep or self.a.root:
            log(f"temp files kept in {self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- data ---------------------------------------------------------------------------------
    def dataset(self, name, feeds, items):
        key = (feeds, items)
        if key in self.datasets:
            return self.datasets[key]
        out = os.path.join(self.root, f"data-{name}")
        t = time.monotonic()
        feeds_list = gen.generate(out, feeds, items, self.port, self.a.hosts)
        size = sum(os.path.getsize(p) for _, p in feeds_list)
        ds = {"name": name, "dir": out, "urls": [u for u, _ in feeds_list], "feeds": feeds,
              "items": items, "bytes": size,
              "title0": "#0"}
        log(f"generated {name}: {feeds} feeds x {items} items = {feeds * items:,} articles, "
            f"{size / 1e6:.1f} MB in {time.monotonic() - t:.1f} s")
        self.datasets[key] = ds
        return ds

    # -- server -------------------------------------------------------------------------------
    def start_server(self, ds, latency_ms):
        if self.server and self.server_ds == (ds["dir"], latency_ms):
            return
        self.stop_server()
        cmd = [sys.executable, os.path.join(HERE, "serve.py"), "--dir", ds["dir"], "--port",
               str(self.port), "--latency-ms", str(latency_ms), "--hosts", str(self.a.hosts)]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        line = b""
        while time.monotonic() < deadline:
            r, _, _ = select.select([p.stdout], [], [], 0.5)
            if r:
                line = p.stdout.readline()
                break
            if p.poll() is not None:
                break
        if b"ready" not in line:
            err = p.stderr.read().decode(errors="replace") if p.poll() is not None else ""
            self._kill_group(p)
            raise RuntimeError(f"feed server did not start: {err.strip()[-500:]}")
        self.server, self.server_ds = p, (ds["dir"], latency_ms)
        log(f"serving {ds['name']} on 127.0.0.1-{self.a.hosts}:{self.port}, latency {latency_ms} ms")

    def stop_server(self):
        if self.server:
            self._kill_group(self.server)
            self.server = self.server_ds = None

    @staticmethod
    def _kill_group(p):
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if p.poll() is not None:
                break
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                break
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def stats(self, reset=False):
        url = f"http://127.0.0.1:{self.port}/{'__reset' if reset else '__stats'}"
        with self.opener.open(url, timeout=10) as r:
            return json.loads(r.read())

    # -- homes --------------------------------------------------------------------------------
    def kabar_home(self, tag, ds, **extra):
        d = os.path.join(self.root, f"kabar-{tag}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        # kabar's own defaults (concurrency 100, per_host 2), only with a long timeout.
        cfg = {"refresh_on_start": False, "refresh_minutes": 0, "per_host": 2,
               "timeout_seconds": 120}
        cfg.update(extra)
        lines = [f"{k} = {str(v).lower() if isinstance(v, bool) else v}" for k, v in cfg.items()]
        for u in ds["urls"]:
            lines += ["", "[[feeds]]", f'url = "{u}"']
        with open(os.path.join(d, "config.toml"), "w") as f:
            f.write("\n".join(lines) + "\n")
        return d

    def nb_home(self, tag, ds, threads=16):
        d = os.path.join(self.root, f"newsboat-{tag}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(os.path.join(d, "home"))
        with open(os.path.join(d, "urls"), "w") as f:
            f.write("\n".join(ds["urls"]) + "\n")
        with open(os.path.join(d, "config"), "w") as f:
            f.write(f"reload-threads {threads}\nauto-reload no\nrefresh-on-startup no\n"
                    "confirm-exit no\ncleanup-on-quit no\nshow-read-feeds yes\n"
                    "download-timeout 120\nmax-items 0\n")
        return d

    def nb_env(self, d):
        env = dict(self.env)
        home = os.path.join(d, "home")
        env.update(HOME=home, LC_ALL="C.UTF-8", XDG_CONFIG_HOME=os.path.join(home, ".config"),
                   XDG_DATA_HOME=os.path.join(home, ".local/share"))
        return env

    def nb_cmd(self, d, *extra):
        return [self.newsboat, *extra, "-u", os.path.join(d, "urls"), "-c",
                os.path.join(d, "cache.db"), "-C", os.path.join(d, "config")]

    def kabar_env(self, d):
        env = dict(self.env)
        # kabar's interface language comes from LC_ALL / LC_MESSAGES / LANG: ask for Indonesian
        # (its default audience) without touching the C library's character set.
        env.update(HOME=d, LC_MESSAGES="id_ID.UTF-8")
        return env

    # -- timed headless runs ------------------------------------------------------------------
    def timed(self, cmd, env, timeout, log_path):
        """Run cmd; return wall time, peak RSS and CPU time of the process.

        Peak RSS comes from /usr/bin/time (GNU time's %M), not from our own wait4(): Linux keeps
        the high-water mark across execve, so a child forked from this (large) Python process
        would report the harness' RSS as its own floor."""
        rss_path = log_path + ".time"
        gnu_time = shutil.which("time", path="/usr/bin:/bin")
        if gnu_time:
            cmd = [gnu_time, "-f", "%M %U %S", "-o", rss_path, *cmd]
        # Write out what earlier steps left in the page cache (generated feeds, earlier
        # stores: hundreds of MB), so the kernel does not write it back, on the same two
        # cores and the same disk, in the middle of this measurement.
        os.sync()
        with open(log_path, "wb") as out:
            t0 = time.monotonic()
            p = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
            killed = []

            def kill():
                killed.append(True)
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            timer = threading.Timer(timeout, kill)
            timer.start()
            try:
                _, status, ru = os.wait4(p.pid, 0)
            finally:
                timer.cancel()
            t1 = time.monotonic()
            p.returncode = os.waitstatus_to_exitcode(status)
        try:
            os.killpg(p.pid, signal.SIGKILL)   # leftovers of the group, if any
        except (ProcessLookupError, PermissionError):
            pass
        with open(log_path, "rb") as f:
            text = f.read()[-4000:].decode(errors="replace")
        rss, cpu = ru.ru_maxrss / 1024, ru.ru_utime + ru.ru_stime
        if gnu_time:
            try:
                with open(rss_path) as f:
                    last = f.read().strip().splitlines()[-1].split()
                rss, cpu = int(last[0]) / 1024, float(last[1]) + float(last[2])
            except (OSError, IndexError, ValueError):
                pass
        return {"s": t1 - t0, "rss": rss, "cpu": cpu,
                "rc": p.returncode, "timed_out": bool(killed), "out": text}

    def kabar_refresh(self, d, expect_new=None, timeout=KABAR_LIMIT):
        env = self.kabar_env(d)
        env["LC_MESSAGES"] = "en_US.UTF-8"      # the summary line is parsed: ask for English
        r = self.timed([self.kabar, "--config-dir", d, "refresh"], env, timeout,
                       os.path.join(d, "refresh.log"))
        m = re.search(r"(\d+) feeds?: (\d+) updated, (\d+) not modified, (\d+) skipped, (\d+) failed; "
                      r"(\d+) new articles", r["out"])
        if r["timed_out"] or r["rc"] != 0 or not m:
            raise Skip(f"kabar refresh failed (rc {r['rc']}, timed out {r['timed_out']}): {r['out'][-300:]}")
        r.update(zip(["total", "updated", "not_modified", "skipped", "failed", "new"], map(int, m.groups())))
        if r["failed"]:
            self.res.note(f"kabar refresh: {r['failed']} feeds failed: {r['out'][-300:]}")
        if expect_new is not None and r["new"] != expect_new:
            self.res.note(f"kabar refresh stored {r['new']} new articles, expected {expect_new}")
        return r

    def kabar_index(self, d, timeout=KABAR_LIMIT):
        """Bring the search index up to date after a refresh (what the reader does in the
        background after a refresh, and `kabar search` before searching)."""
        r = self.timed([self.kabar, "--config-dir", d, "search", "zzzzbench", "--limit", "1"],
                       self.kabar_env(d), timeout, os.path.join(d, "index.log"))
        if r["timed_out"] or r["rc"] != 0:
            raise Skip(f"kabar search (index catch-up) failed (rc {r['rc']}): {r['out'][-300:]}")
        return r

    def nb_reload(self, d, timeout=NEWSBOAT_LIMIT):
        r = self.timed(self.nb_cmd(d, "-x", "reload"), self.nb_env(d), timeout,
                       os.path.join(d, "reload.log"))
        if r["timed_out"]:
            raise Skip(f"newsboat reload took over {timeout:.0f} s; skipped")
        if r["rc"] != 0:
            raise Skip(f"newsboat reload failed (rc {r['rc']}): {r['out'][-300:]}")
        r["items"] = self.nb_count(d)
        return r

    @staticmethod
    def nb_count(d):
        try:
            with sqlite3.connect(os.path.join(d, "cache.db")) as c:
                return c.execute("select count(*) from rss_item").fetchone()[0]
        except sqlite3.Error:
            return None

    @staticmethod
    def kabar_count(d):
        try:
            with sqlite3.connect(f"file:{os.path.join(d, 'kabar.db')}?mode=ro", uri=True) as c:
                return c.execute("select count(*) from articles").fetchone()[0]
        except sqlite3.Error:
            return None

    # -- the TUIs -----------------------------------------------------------------------------
    def open_tui(self, who, d):
        # what the last refresh or index wrote goes to disk first, not during the timed start
        os.sync()
        if who == "kabar":
            cmd, env = [self.kabar, "--config-dir", d], self.kabar_env(d)
        else:
            cmd, env = self.nb_cmd(d), self.nb_env(d)
        p = term.Pty(cmd, env=env, cols=COLS, rows=ROWS)
        self.ptys.append(p)
        return p

    def close_tui(self, who, p):
        p.close(quit_keys="\x03" if who == "kabar" else "Q", grace=10.0)
        if p in self.ptys:
            self.ptys.remove(p)
        if who == "newsboat":
            pass

    @staticmethod
    def feedlist_shown(who):
        if who == "kabar":
            return lambda s: ("Semua artikel" in s.text() or "All articles" in s.text()) and "#0" in s.text()
        return lambda s: "Your feeds" in s.line(0) and "#0" in s.text()

    @staticmethod
    def articlelist_shown(who, total):
        if who == "kabar":
            return lambda s: f"({total} artikel" in s.line(0) or f"({total} articles" in s.line(0)
        return lambda s: "Articles in feed" in s.line(0) or "Articles in" in s.text()

    @staticmethod
    def drawn(p, shown):
        """When the screen that `shown` saw begin was all written: its last byte. A reader
        may send a screen in pieces (crossterm's writer sent 1 KiB writes, ncurses flushes as
        it goes), and the first piece holds the top rows: timing the title row alone timed
        part of a screen, and favoured a writer that sends it in pieces."""
        p.settle(0.15)
        return max(shown, p.last_output or shown)

    @staticmethod
    def to_first_feed(p, or_step=0):
        """kabar: move the selection from "Semua artikel" (first of its own entries) to the
        first feed ("#0"), or `or_step` rows down when no such row is shown."""
        rows = [p.screen.line(y) for y in range(ROWS)]
        first = next(y for y, l in enumerate(rows) if "Semua artikel" in l or "All articles" in l)
        feed = next((y for y, l in enumerate(rows) if "#0" in l), first + or_step)
        p.send("j" * (feed - first))
        p.settle(0.3)

    def first_screen(self, who, d, limit):
        """Launch in a pty; time until the feed list is on screen (its last byte). Leaves the
        TUI running."""
        p = self.open_tui(who, d)
        t = p.wait_for(self.feedlist_shown(who), limit)
        if t is None:
            tail = p.screen.text()[-400:]
            self.close_tui(who, p)
            raise Skip(f"{who}: feed list not shown within {limit:.0f} s; screen: {tail!r}")
        return p, self.drawn(p, t) - p.t0

    def key(self, p, name):
        app = getattr(p.screen, "app_cursor", False)
        return {"down": "\x1bOB" if app else "\x1b[B", "home": "\x1bOH" if app else "\x1b[H",
                "pgdn": "\x1b[6~", "enter": "\r"}[name]

    def bytes_for(self, p, keys, quiet=0.2, reps=1, before=None):
        """Drain, send keys, count bytes written until quiet. Median over reps. `before`:
        keys sent (and their output drained, not counted) before each rep."""
        counts, lats = [], []
        for _ in range(reps):
            if before:
                p.settle(0.2)
                p.send(before)
            p.settle(0.3)
            t = p.send(keys)
            n, last = p.settle(quiet)
            counts.append(n)
            lats.append((last - t) if last else None)
        return median(counts), median(lats), max([x for x in lats if x is not None], default=None)

    # ---------------------------------------------------------------------------------------
    # the phases

    def phase_refresh(self, ds, latency):
        """Figures 1, 2, 5 (10k peak, warm growth), 7 on dataset ds at latency."""
        a, R = self.a, self.res
        n_articles = ds["feeds"] * ds["items"]
        size = f"{ds['feeds']}x{ds['items']}"
        self.start_server(ds, latency)
        log(f"\n== refresh, {size} at {latency} ms ==")
        self.check_load(f"refresh {size}")
        # kabar cold
        cold, per_host, last_home = [], [], None
        for i in range(a.runs):
            d = self.kabar_home(f"cold{i}", ds)
            self.stats(reset=True)
            r = self.kabar_refresh(d, expect_new=n_articles)
            st = self.stats()
            cold.append(r)
            per_host.append(max(st["inflight_max_per_host"].values(), default=0))
            log(f"  kabar cold #{i + 1}: {r['s']:.3f} s, peak {r['rss']:.1f} MB, cpu {r['cpu']:.2f} s, "
                f"{st['requests']} requests, max in flight {st['inflight_max']}, per host {per_host[-1]}")
            last_home = d
        # newsboat cold
        nb_cold, nb_home, nb_per_host = [], None, None
        if self.newsboat:
            try:
                for i in range(a.nb_runs):
                    nb_home = self.nb_home(f"cold{i}", ds)
                    self.stats(reset=True)
                    r = self.nb_reload(nb_home)
                    st = self.stats()
                    nb_per_host = max(st["inflight_max_per_host"].values(), default=0)
                    nb_cold.append(r)
                    log(f"  newsboat cold #{i + 1}: {r['s']:.3f} s, peak {r['rss']:.1f} MB, cpu {r['cpu']:.2f} s, "
                        f"{r['items']} items, per host {nb_per_host}")
            except Skip as e:
                R.note(str(e))
                nb_home = None
        kc, nc = median([r["s"] for r in cold]), median([r["s"] for r in nb_cold]) if nb_cold else None
        cold_target = 0.6 if (ds["feeds"], ds["items"], latency) == (200, 50, 100) else None
        R.add("1", f"cold refresh {size} at {latency} ms (median of {a.runs}; newsboat reload-threads 16)",
              kc, nc, "s", cold_target)
        R.add("5", f"peak memory, cold refresh {size} ({n_articles:,} articles)",
              max(r["rss"] for r in cold), max((r["rss"] for r in nb_cold), default=None), "MB",
              40 if n_articles == 10000 else None)
        R.add("7", f"max concurrent requests per host, cold refresh {size} (per_host = 2)",
              max(per_host), nb_per_host, "n", 3)
        # The search index is filled after the refresh (not part of figure 1): its cost.
        ix = self.kabar_index(last_home)
        R.add("1c", f"search index catch-up after the cold refresh ({n_articles:,} articles; kabar "
              "only: the reader does it in the background, `kabar search` first)",
              ix["s"], None, "s", note=f"peak {ix['rss']:.1f} MB")
        # kabar with a wide global limit (what the per-host limit alone allows)
        if a.wide_concurrency:
            wide = []
            for i in range(a.runs):
                d = self.kabar_home(f"wide{i}", ds, concurrency=a.wide_concurrency)
                self.stats(reset=True)
                r = self.kabar_refresh(d, expect_new=n_articles)
                st = self.stats()
                wide.append((r["s"], max(st["inflight_max_per_host"].values(), default=0)))
                wide_home = d
            R.add("1b", f"cold refresh {size} at {latency} ms, kabar concurrency = {a.wide_concurrency} "
                  f"(per_host 2; max per host seen {max(w[1] for w in wide)})",
                  median([w[0] for w in wide]), nc, "s", cold_target)
        # warm: 10 refreshes of the last cold home, nothing changed on the server
        warm = []
        for i in range(a.warm_runs):
            self.stats(reset=True)
            r = self.kabar_refresh(last_home)
            st = self.stats()
            r["st"] = st
            warm.append(r)
            if r["not_modified"] != ds["feeds"]:
                R.note(f"kabar warm refresh #{i + 1}: {r['updated']} feeds updated, expected none")
        log("  kabar warm: " + ", ".join(f"{r['s'] * 1000:.0f} ms/{r['rss']:.1f} MB" for r in warm))
        nb_warm = []
        if nb_home:
            try:
                for i in range(a.nb_runs):
                    self.stats(reset=True)
                    r = self.nb_reload(nb_home)
                    r["st"] = self.stats()
                    nb_warm.append(r)
                log("  newsboat warm: " + ", ".join(
                    f"{r['s']:.2f} s/{r['rss']:.1f} MB/{r['st']['ok']} bodies" for r in nb_warm))
            except Skip as e:
                R.note(str(e))
        if a.wide_concurrency:
            wide_warm = [self.kabar_refresh(wide_home)["s"] for _ in range(max(3, a.runs))]
        warm_target = 0.25 if (ds["feeds"], ds["items"], latency) == (200, 50, 100) else None
        R.add("2", f"warm refresh {size}, nothing changed (median of {len(warm)})",
              median([r["s"] for r in warm]), median([r["s"] for r in nb_warm]), "s", warm_target)
        if a.wide_concurrency:
            R.add("2b", f"warm refresh {size}, kabar concurrency = {a.wide_concurrency} (per_host 2)",
                  median(wide_warm), median([r["s"] for r in nb_warm]), "s", warm_target)
        R.add("2", "bytes re-downloaded by a warm refresh (bodies; 200 responses)",
              max(r["st"]["body_bytes"] for r in warm),
              max((r["st"]["body_bytes"] for r in nb_warm), default=None), "B", 1,
              note=f"kabar {max(r['st']['ok'] for r in warm)} x 200 / "
                   f"{min(r['st']['not_modified'] for r in warm)} x 304"
                   + ("; newsboat 200s per warm run: " + ", ".join(str(r["st"]["ok"]) for r in nb_warm)
                      if nb_warm else ""))
        R.add("2", "bytes on the wire, warm refresh (headers + bodies)",
              max(r["st"]["wire_bytes"] for r in warm),
              max((r["st"]["wire_bytes"] for r in nb_warm), default=None), "B")
        if len(warm) >= 2:
            R.add("5", f"peak memory of `refresh`: 1st warm run → {len(warm)}th warm run",
                  f"{warm[0]['rss']:.1f} → {warm[-1]['rss']:.1f} MB",
                  f"{nb_warm[0]['rss']:.1f} → {nb_warm[-1]['rss']:.1f} MB" if len(nb_warm) >= 2 else None,
                  "MB", note="separate processes; growth here would mean the store grows")
        return last_home, nb_home

    def tui_refresh_memory(self, who, d, ds, latency, times=10):
        """Press R `times` times in the TUI, each after the previous finished; VmRSS after each."""
        self.start_server(ds, latency)
        p, _ = self.first_screen(who, d, NEWSBOAT_LIMIT if who == "newsboat" else 60)
        try:
            p.settle(0.5)
            rss = []
            for i in range(times):
                base = self.stats()["completed"]
                t0 = time.monotonic()
                p.send("R")
                limit = NEWSBOAT_LIMIT if who == "newsboat" else 120
                while self.stats()["completed"] < base + ds["feeds"]:
                    p._read(0.05)
                    if time.monotonic() - t0 > limit:
                        raise Skip(f"{who}: TUI refresh #{i + 1} did not finish in {limit:.0f} s")
                    if not p.alive():
                        raise Skip(f"{who} exited during TUI refresh")
                # the last responses are still being parsed and stored: wait for quiet.
                while True:
                    p.settle(1.0 if who == "newsboat" else 0.3)
                    status = p.screen.line(ROWS - 1)
                    if who != "kabar" or ("Memperbarui" not in status and "Refreshing" not in status):
                        break
                    if time.monotonic() - t0 > limit:
                        break
                rss.append((p.proc_status("VmRSS") or 0) / 1024)
            hwm = (p.proc_status("VmHWM") or 0) / 1024
            return rss, hwm, time.monotonic()
        finally:
            self.close_tui(who, p)

    def phase_first_screen(self, label, homes, runs, idle=False):
        """Figure 3 (and idle RSS for figure 5): launch → feed list in a pty."""
        out = {}
        for who, d, runs_who in homes:
            if not d:
                continue
            times, idle_rss = [], None
            try:
                for i in range(runs_who):
                    p, t = self.first_screen(who, d, NEWSBOAT_LIMIT if who == "newsboat" else 60)
                    times.append(t)
                    if idle and i == 0:
                        p.settle(1.0, timeout=5)
                        time.sleep(max(0.0, 1.0))
                        p.settle(0.1, timeout=2)
                        idle_rss = (p.proc_status("VmRSS") or 0) / 1024
                    self.close_tui(who, p)
                log(f"  {who} first screen ({label}): " + ", ".join(f"{t * 1000:.1f} ms" for t in times))
            except Skip as e:
                self.res.note(str(e))
            out[who] = (median(times), idle_rss, times)
        return out

    # Figure 6: the keys measured, in the order they are pressed (name, what the row says).
    KEYS = [
        ("feeds", "move the selection one row (feed list)"),
        ("open_feed", "open a feed (Enter)"),
        ("list", "move the selection one row (article list)"),
        ("open_article", "open an article (Enter)"),
        ("page", "scroll an article one page (space)"),
        ("pgdn", "scroll an article one page (PgDn)"),
        ("line", "scroll an article one line (kabar j, newsboat ↓)"),
        ("back_article", "back from the article to the list (q)"),
        ("back_list", "back from the article list to the feed list (q)"),
        ("search_open", "open the search prompt (/)"),
        ("search_key", "one search keystroke (a letter at the / prompt)"),
    ]

    def phase_keys(self, homes, label):
        """Figure 6: bytes written for each common key (row moves, open, page, line, back,
        search); key response times. Each key is sent once the screen is quiet; the bytes the
        program writes until it is quiet again are counted (median over reps)."""
        out = {}
        for who, d in homes:
            if not d:
                continue
            try:
                p, _ = self.first_screen(who, d, NEWSBOAT_LIMIT if who == "newsboat" else 60)
            except Skip as e:
                self.res.note(str(e))
                continue
            try:
                r = {}
                p.settle(0.3)
                if who == "kabar":
                    # step over kabar's own entries ("Semua artikel", "Tersimpan") to the first
                    # feed, where newsboat starts: both then open the same feed and article
                    self.to_first_feed(p)
                down = "j" if who == "kabar" else self.key(p, "down")
                r["feeds"], _, _ = self.bytes_for(p, down, reps=5)
                p.settle(0.3)
                # open the feed now selected (the 6th entry)
                r["open_feed"], _, _ = self.bytes_for(p, self.key(p, "enter"), quiet=0.5)
                p.settle(0.5, timeout=120)
                down = "j" if who == "kabar" else self.key(p, "down")
                r["list"], r["list_lat"], r["list_max"] = self.bytes_for(p, down, reps=5)
                r["open_article"], _, _ = self.bytes_for(p, self.key(p, "enter"), quiet=0.5)
                p.settle(0.5, timeout=60)
                # each from the top of the article (`top` before each rep, not counted)
                top = "g" if who == "kabar" else self.key(p, "home")
                r["page"], r["page_lat"], _ = self.bytes_for(p, " ", reps=3, before=top)
                r["pgdn"], _, _ = self.bytes_for(p, self.key(p, "pgdn"), reps=3, before=top)
                line = "j" if who == "kabar" else self.key(p, "down")
                r["line"], _, _ = self.bytes_for(p, line, reps=3, before=top)
                r["back_article"], _, _ = self.bytes_for(p, "q", quiet=0.5)
                r["back_list"], _, _ = self.bytes_for(p, "q", quiet=0.5)
                r["search_open"], _, _ = self.bytes_for(p, "/", quiet=0.5)
                r["search_key"], _, _ = self.bytes_for(p, "m", quiet=0.5)
                p.send("\x1b")
                p.settle(0.5)
                out[who] = r
                log(f"  {who} keys ({label}): " + ", ".join(f"{k} {r[k]} B" for k, _ in self.KEYS))
            finally:
                self.close_tui(who, p)
        return out

    def add_keys(self, keys):
        kk, nk = keys.get("kabar", {}), keys.get("newsboat", {})
        targets = {"feeds": 200, "list": 200}
        for k, what in self.KEYS:
            # the old rows' wording is kept, so results before and after compare
            if k == "feeds" or k == "list":
                what = what.replace("move the selection", "bytes written to move the selection")
            else:
                what = "bytes written to " + what
            self.res.add("6", what, kk.get(k), nk.get(k), "B", targets.get(k))

    def run_keys_only(self):
        """--only keys: figure 6 alone, on the 10,000-article cache (200x50, 0 ms)."""
        a, R = self.a, self.res
        k10 = os.path.join(self.root, "kabar-cache10k")
        n10 = os.path.join(self.root, "newsboat-cache10k")
        if not os.path.exists(os.path.join(k10, "kabar.db")) or (
                self.newsboat and not os.path.exists(os.path.join(n10, "cache.db"))):
            ds = self.dataset("10k", 200, 50)
            self.start_server(ds, 0)
            k10 = self.kabar_home("cache10k", ds)
            self.kabar_refresh(k10)
            # indexed as in the full run: else the reader indexes in the background during the keys
            self.kabar_index(k10)
            if self.newsboat:
                n10 = self.nb_home("cache10k", ds)
                self.nb_reload(n10)
            self.stop_server()
        if not self.newsboat:
            n10 = None
        # the runs read articles: each starts from a copy of the refreshed homes
        for src in (k10, n10):
            if src:
                shutil.rmtree(src + "-run", ignore_errors=True)
                shutil.copytree(src, src + "-run")
        k10, n10 = k10 + "-run", (n10 + "-run" if n10 else None)
        log("\n== keys, 10,000 articles cached ==")
        keys = self.phase_keys([("kabar", k10), ("newsboat", n10)], "10k")
        self.add_keys(keys)

    def phase_open_feed(self, homes, total, label):
        """Figure 4: open a feed of `total` articles, page through it with PgDn x20."""
        out = {}
        for who, d in homes:
            if not d:
                continue
            try:
                p, _ = self.first_screen(who, d, NEWSBOAT_LIMIT if who == "newsboat" else 60)
            except Skip as e:
                self.res.note(str(e))
                continue
            try:
                p.settle(0.3)
                if who == "kabar":
                    # move from "Semua artikel" (and any other virtual entries) to the feed itself
                    self.to_first_feed(p, or_step=1)
                t = p.send(self.key(p, "enter"))
                shown = p.wait_for(self.articlelist_shown(who, total), NEWSBOAT_LIMIT)
                if shown is None:
                    raise Skip(f"{who}: article list of {total} not shown; screen: {p.screen.text()[:300]!r}")
                open_s = self.drawn(p, shown) - t
                p.settle(0.5, timeout=120)
                # one PgDn at a time: time from key to the last byte of the answer
                lats = []
                for _ in range(20):
                    t = p.send(self.key(p, "pgdn"))
                    _, last = p.settle(0.15)
                    lats.append((last - t) if last else None)
                # 20 PgDn at once, back from the top: until the screen settles
                p.send("g" if who == "kabar" else self.key(p, "home"))
                p.settle(0.3)
                t = p.send(self.key(p, "pgdn") * 20)
                _, last = p.settle(0.3, timeout=120)
                burst = (last - t) if last else None
                out[who] = dict(open=open_s, lat_med=median(lats),
                                lat_max=max([x for x in lats if x is not None], default=None),
                                burst=burst)
                log(f"  {who} open {label}: {open_s * 1000:.1f} ms; PgDn median "
                    f"{(median(lats) or 0) * 1000:.1f} ms, max {(out[who]['lat_max'] or 0) * 1000:.1f} ms; "
                    f"20 x PgDn at once settled in {(burst or 0) * 1000:.1f} ms")
            except Skip as e:
                self.res.note(str(e))
            finally:
                self.close_tui(who, p)
        return out

    # ---------------------------------------------------------------------------------------
    def run(self):
        a, R = self.a, self.res
        if not os.access(self.kabar_src, os.X_OK):
            sys.exit(f"{self.kabar_src} not found: run `cargo build --release` first")
        # a private copy: a rebuild of the shared target dir during the run changes nothing
        self.kabar = os.path.join(self.root, "kabar")
        shutil.copy2(self.kabar_src, self.kabar)
        with open(self.kabar, "rb") as f:
            self.kabar_sha = hashlib.sha256(f.read()).hexdigest()[:12]
        self.kabar_built = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.stat(self.kabar_src).st_mtime))
        if not self.newsboat:
            R.note("newsboat not run (not installed or --no-newsboat): its columns are empty")
        if a.only == "keys":
            return self.run_keys_only()

        # ---- 10,000-article set (or the quick one) at the configured latency ----------------
        small = self.dataset("refresh", a.feeds, a.items)
        k_home, nb_home = self.phase_refresh(small, a.latency_ms)

        # ---- a 10,000-article cache for first screen and keys -----------------------------
        if (a.feeds * a.items) == 10000:
            cache10k, k10, n10 = small, k_home, nb_home
        else:
            cache10k = self.dataset("10k", 200, 50)
            self.start_server(cache10k, 0)
            log("\n== 10,000-article cache (200x50, 0 ms) ==")
            k10 = self.kabar_home("cache10k", cache10k)
            self.kabar_refresh(k10)
            n10 = None
            if self.newsboat:
                n10 = self.nb_home("cache10k", cache10k)
                try:
                    self.nb_reload(n10)
                except Skip as e:
                    R.note(str(e))
                    n10 = None
        self.check_load("first screen 10k")
        log(f"\n== first screen, 10,000 articles cached (kabar {self.kabar_count(k10)}, "
            f"newsboat {self.nb_count(n10) if n10 else '—'}) ==")
        fs = self.phase_first_screen("10k", [("kabar", k10, max(a.runs, 5)), ("newsboat", n10, a.nb_runs)], a.runs)
        R.add("3", f"launch → feed list on screen (its last byte), 10,000 articles cached (pty {COLS}x{ROWS}, median)",
              fs.get("kabar", (None,))[0], fs.get("newsboat", (None,))[0], "s", 0.020)

        # TUI memory across 10 refreshes (R), at the configured latency, on the refresh set
        if not a.quick:
            log(f"\n== TUI: R x{a.warm_runs}, {small['feeds']}x{small['items']} at {a.latency_ms} ms ==")
            tui = {}
            for who, d in (("kabar", k_home), ("newsboat", nb_home)):
                if not d:
                    continue
                try:
                    rss, hwm, _ = self.tui_refresh_memory(who, d, small, a.latency_ms, a.warm_runs)
                    tui[who] = (rss, hwm)
                    log(f"  {who} VmRSS after each R: " + ", ".join(f"{x:.1f}" for x in rss) + f" MB; VmHWM {hwm:.1f} MB")
                except Skip as e:
                    R.note(str(e))
            kr, nr = tui.get("kabar"), tui.get("newsboat")
            R.add("5", f"TUI resident memory after 1st → {a.warm_runs}th R (refresh all), "
                  f"{small['feeds'] * small['items']:,} articles",
                  f"{kr[0][0]:.1f} → {kr[0][-1]:.1f} MB" if kr else None,
                  f"{nr[0][0]:.1f} → {nr[0][-1]:.1f} MB" if nr else None, "MB",
                  note="no growth wanted")

        log("\n== keys, 10,000 articles cached ==")
        keys = self.phase_keys([("kabar", k10), ("newsboat", n10)], "10k")
        kk, nk = keys.get("kabar", {}), keys.get("newsboat", {})
        self.add_keys(keys)
        R.add("4", "key response, one row down in the article list (pty, key → last byte, median)",
              kk.get("list_lat"), nk.get("list_lat"), "s", 0.016)

        if a.quick:
            return

        # ---- 100,000 articles at 0 ms ---------------------------------------------------
        big = self.dataset("100k", a.big_feeds, a.big_items)
        n_big = a.big_feeds * a.big_items
        self.start_server(big, 0)
        log(f"\n== {n_big:,} articles ({a.big_feeds}x{a.big_items}) at 0 ms ==")
        self.check_load(f"{n_big:,} refresh")
        kb = []
        for i in range(a.big_runs):
            d = self.kabar_home(f"big{i}", big)
            try:
                r = self.kabar_refresh(d, expect_new=n_big)
            except Skip as e:
                R.note(str(e))
                d = None
                break
            kb.append(r)
            log(f"  kabar cold #{i + 1}: {r['s']:.2f} s, peak {r['rss']:.1f} MB, cpu {r['cpu']:.2f} s")
        k_big = d
        nb_big, nbr = None, None
        if self.newsboat:
            nb_big = self.nb_home("big", big)
            try:
                nbr = self.nb_reload(nb_big)
                log(f"  newsboat cold: {nbr['s']:.2f} s, peak {nbr['rss']:.1f} MB, {nbr['items']} items")
            except Skip as e:
                R.note(f"{n_big:,}-article newsboat reload: {e}")
                nb_big = None
        runs = f", median of {len(kb)}" if len(kb) > 1 else ""
        R.add("1", f"cold refresh {a.big_feeds}x{a.big_items} ({n_big:,} articles) at 0 ms{runs}",
              median([r["s"] for r in kb]), nbr["s"] if nbr else None, "s", 3.0)
        R.add("5", f"peak memory, cold refresh {n_big:,} articles",
              max((r["rss"] for r in kb), default=None), nbr["rss"] if nbr else None, "MB", 100)
        R.add("1", f"CPU time (user+sys), cold refresh {n_big:,} articles{runs}",
              median([r["cpu"] for r in kb]), nbr["cpu"] if nbr else None, "s")
        if k_big:
            ix = self.kabar_index(k_big)
            R.add("1c", f"search index catch-up after the cold refresh ({n_big:,} articles; kabar only)",
                  ix["s"], None, "s", note=f"peak {ix['rss']:.1f} MB")
        log(f"\n== first screen, {n_big:,} articles cached ==")
        self.check_load(f"first screen {n_big:,}")
        fs = self.phase_first_screen("100k", [("kabar", k_big, max(a.runs, 5)), ("newsboat", nb_big, 1)], a.runs, idle=True)
        R.add("3", f"launch → feed list on screen (its last byte), {n_big:,} articles cached (median)",
              fs.get("kabar", (None,))[0], fs.get("newsboat", (None,))[0], "s", 0.030)
        R.add("5", f"idle TUI resident memory (VmRSS, feed list + 1 s), {n_big:,} cached",
              fs.get("kabar", (None, None))[1], fs.get("newsboat", (None, None))[1], "MB", 50)
        if k_big:
            log(f"\n== open \"Semua artikel\" with {n_big:,} ==")
            p, _ = self.first_screen("kabar", k_big, 60)
            try:
                p.settle(0.3)
                t = p.send("\r")
                shown = p.wait_for(self.articlelist_shown("kabar", n_big), 60)
                shown = self.drawn(p, shown) if shown else None
                p.settle(0.3)
                lats = []
                for _ in range(20):
                    t2 = p.send(self.key(p, "pgdn"))
                    _, last = p.settle(0.15)
                    lats.append((last - t2) if last else None)
                R.add("4", f"open \"Semua artikel\" ({n_big:,} articles; Enter → the list's last byte), kabar only",
                      (shown - t) if shown else None, None, "s", 0.020)
                R.add("4", f"PgDn in \"Semua artikel\" ({n_big:,}), key → last byte, max of 20",
                      max([x for x in lats if x is not None], default=None), None, "s", 0.016)
            finally:
                self.close_tui("kabar", p)
            try:
                rss, hwm, _ = self.tui_refresh_memory("kabar", k_big, big, 0, a.warm_runs)
                R.add("5", f"TUI resident memory after 1st → {a.warm_runs}th R, {n_big:,} articles, 0 ms",
                      f"{rss[0]:.1f} → {rss[-1]:.1f} MB (VmHWM {hwm:.1f})", "not run (each reload > 1 min)", "MB")
            except Skip as e:
                R.note(str(e))

        # ---- one feed of 10,000 articles ----------------------------------------------------
        long_ds = self.dataset("long", 1, a.long_items)
        self.start_server(long_ds, 0)
        log(f"\n== one feed of {a.long_items:,} articles ({long_ds['bytes'] / 1e6:.0f} MB) ==")
        k_long = self.kabar_home("long", long_ds, max_items_per_feed=a.long_items * 2,
                                 max_feed_bytes=1 << 30)
        kr = self.kabar_refresh(k_long, expect_new=a.long_items)
        nb_long, nr = None, None
        if self.newsboat:
            nb_long = self.nb_home("long", long_ds)
            try:
                nr = self.nb_reload(nb_long)
            except Skip as e:
                R.note(str(e))
                nb_long = None
        R.add("1", f"cold refresh of one {a.long_items:,}-article feed ({long_ds['bytes'] / 1e6:.0f} MB), 0 ms",
              kr["s"], nr["s"] if nr else None, "s",
              note="kabar with max_items_per_feed and max_feed_bytes raised")
        self.stop_server()
        self.check_load("open feed")
        op = self.phase_open_feed([("kabar", k_long), ("newsboat", nb_long)], a.long_items, "long")
        ko, no = op.get("kabar", {}), op.get("newsboat", {})
        R.add("4", f"open a feed of {a.long_items:,} articles (Enter → the list's last byte)",
              ko.get("open"), no.get("open"), "s", 0.020)
        R.add("4", "PgDn through it, one key at a time: key → last byte, median",
              ko.get("lat_med"), no.get("lat_med"), "s", 0.016)
        R.add("4", "PgDn through it, one key at a time: key → last byte, worst of 20",
              ko.get("lat_max"), no.get("lat_max"), "s", 0.016)
        R.add("4", "20 x PgDn sent at once: until the screen settles",
              ko.get("burst"), no.get("burst"), "s")

    # ---------------------------------------------------------------------------------------
    def write(self, started, command, info):
        R = self.res
        took = time.monotonic() - started
        body = [
            "# kabar benchmark results",
            "",
            f"Produced by `{command}` (bench/run.py, issue 5) on {time.strftime('%Y-%m-%d %H:%M %Z')}, "
            f"in {took / 60:.1f} min.",
            "",
            f"- machine: {info['nproc']} cores, {info['cpu']}, {info['ram']} RAM, Linux {info['kernel']}",
            f"- kabar: `{os.path.relpath(self.kabar_src, REPO)}` (sha256 {getattr(self, 'kabar_sha', '?')}…, "
            f"built {getattr(self, 'kabar_built', '?')}; repo at {info['commit']} when the run started) "
            "(`cargo build --release`); config: refresh_on_start = false, default concurrency (100), per_host 2",
            f"- newsboat: {info['newsboat']}; config: reload-threads 16, no reload on start",
            f"- feeds: WordPress-style RSS (bench/gen.py, ~5 KB per item, full bodies in "
            f"content:encoded) served by bench/serve.py from {self.a.hosts} loopback hosts "
            "(127.0.0.1…), one listener each, ETag + Last-Modified, 304 on match",
            f"- terminal figures: a real pty of {COLS}x{ROWS}, TERM=xterm-256color; time is from "
            "fork to the read that put the text on screen (bench/term.py emulates the screen)",
            "",
            R.table(),
            "",
        ]
        if self.load:
            worst = max(self.load, key=lambda x: x[1])
            body += [f"Background load (other processes, measured for 1 s before each phase; "
                     f"the machine is shared): " + "; ".join(f"{p}: {b:.2f} cores busy" for p, b, _ in self.load)
                     + (f". **Figures were taken with up to {worst[1]:.1f} of {os.cpu_count()} cores busy "
                        "elsewhere; times are pessimistic.**" if worst[1] > 0.3 else "."), ""]
        if R.notes:
            body += ["Notes:", ""] + [f"- {n}" for n in R.notes] + [""]
        body += [getattr(self, "peer", "")]
        text = "\n".join(body)
        out = self.a.out
        keep = ""
        if os.path.exists(out):
            with open(out) as f:
                old = f.read()
            i = old.find("\n## Analysis")
            if i >= 0:
                keep = old[i:]
        with open(out, "w") as f:
            f.write(text + keep)
        log(f"\nwrote {os.path.relpath(out)}")
        log("\n" + R.table())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="reduced set: 50x20 refresh figures, 10,000-article first screen and keys")
    ap.add_argument("--feeds", type=int, help="feeds in the refresh set (default 200; quick 50)")
    ap.add_argument("--items", type=int, help="items per feed in the refresh set (default 50; quick 20)")
    ap.add_argument("--latency-ms", type=float, default=100, help="server latency for the refresh set")
    ap.add_argument("--big-feeds", type=int, default=200)
    ap.add_argument("--big-items", type=int, default=500)
    ap.add_argument("--long-items", type=int, default=10000, help="items in the one long feed")
    ap.add_argument("--hosts", type=int, default=50, help="loopback hosts (1-250)")
    ap.add_argument("--runs", type=int, default=3, help="repetitions of kabar measurements (median)")
    ap.add_argument("--nb-runs", type=int, help="repetitions of newsboat measurements (default = --runs)")
    ap.add_argument("--big-runs", type=int, default=1, help="repetitions of the 100,000 cold refresh")
    ap.add_argument("--warm-runs", type=int, default=10, help="warm refreshes (and TUI R presses)")
    ap.add_argument("--wide-concurrency", type=int, default=0,
                    help="also run kabar cold and warm with this global concurrency (0 = don't)")
    ap.add_argument("--wait-quiet", type=float, default=30,
                    help="before each phase, wait up to this many s for other processes to use "
                         "less than --quiet-cores (0 = don't wait)")
    ap.add_argument("--quiet-cores", type=float, default=0.9)
    ap.add_argument("--port", type=int, default=18765)
    ap.add_argument("--kabar", default=os.path.join(REPO, "target", "release", "kabar"))
    ap.add_argument("--no-newsboat", action="store_true")
    ap.add_argument("--newsraft", help="also measure issue 16's table against this newsraft binary "
                                       "(bench/peer.py; median of max(5, --runs))")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (data, homes, logs)")
    ap.add_argument("--out", help="results file (default bench/results.md; with --only, none)")
    ap.add_argument("--only", choices=["keys"],
                    help="keys: figure 6 alone (bytes per key) on the 10,000-article cache")
    ap.add_argument("--root", help="work in this dir and keep it: with --only keys, the homes "
                                   "refreshed by an earlier run there are used again")
    a = ap.parse_args()
    if a.quick:
        a.feeds = a.feeds or 50
        a.items = a.items or 20
        a.runs = min(a.runs, 2)
        a.warm_runs = min(a.warm_runs, 3)
    a.feeds = a.feeds or 200
    a.items = a.items or 50
    a.nb_runs = a.nb_runs or a.runs
    if a.out is None and not a.only:
        a.out = os.path.join(HERE, "results.md")
    command = "python3 bench/run.py" + "".join(f" {shlex.quote(x)}" for x in sys.argv[1:])
    info = machine()
    log(f"machine: {info['nproc']} cores, {info['cpu']}, {info['ram']}; kabar {info['commit']}; {info['newsboat']}")
    b = Bench(a)
    started = time.monotonic()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    ok = False
    try:
        b.run()
        if a.newsraft:
            import peer  # noqa: E402 (peer imports this module)
            b.peer = peer.section(b, os.path.abspath(a.newsraft), max(5, a.runs))
        ok = True
    except KeyboardInterrupt:
        log("interrupted")
    except Skip as e:
        b.res.note(f"stopped: {e}")
        log(f"stopped: {e}")
    finally:
        b.cleanup()
    if b.res.rows and a.out:
        b.write(started, command, info)
    elif b.res.rows:
        log("\n" + b.res.table())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
