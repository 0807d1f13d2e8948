#!/usr/bin/env python3
"""What rules add to a cold refresh (issue 15), measured here, not in tests.

    cargo build --release && python3 bench/rules.py [--feeds 200 --items 500 --runs 3]

Generates FEEDS x ITEMS Lampung-shaped articles (bench/gen.py), serves them from 50 loopback
hosts with no latency (bench/serve.py), and for each rule set below fills a fresh store with
`kabar refresh` and brings the search index up to date (`kabar search`, which catches it up
first). With rules the refresh indexes each batch as it stores it and runs the rules over it,
so the figure compared is the same work in every set: refresh, then an up-to-date index.
Prints the median of RUNS per set and what each set adds over no rules.
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

# The rule sets compared. "typical" is config.example.toml's rules plus a read rule: each
# matches a few percent of the generated articles, except the tag rule (a third of them say
# "banjir" or "longsor"). "broad hide" hides about half the store, the worst case.
RULE_SETS = [
    ("no rules", []),
    ("typical: notify, hide, tag, read", [
        ("gempa place:lampung", "notify"),
        ('title:promo OR title:"info loker"', "hide"),
        ('banjir OR longsor OR "tanah bergerak"', "tag:bencana"),
        ("title:festival", "read"),
    ]),
    ("one narrow notify rule", [("gempa place:lampung", "notify")]),
    ("broad hide (half the store)", [("lampung -banjir", "hide")]),
]


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def home_for(tmp, name, feeds, items, rules):
    home = os.path.join(tmp, "home-" + name.split()[0].replace(":", ""))
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home)
    with open(os.path.join(home, "config.toml"), "w") as f:
        f.write("refresh_on_start = false\nmax_items_per_feed = %d\n" % (items * 2))
        for url, _ in feeds:
            f.write('[[feeds]]\nurl = "%s"\n' % url)
        for query, action in rules:
            f.write("[[rules]]\nquery = %s\naction = %s\n" % (toml_str(query), toml_str(action)))
    return home


def timed(cmd, env):
    t = time.monotonic()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr[-500:]}")
    return time.monotonic() - t, out.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--port", type=int, default=18960)
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "target", "release", "kabar"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="kabar-rules-")
    data = os.path.join(tmp, "data")
    feeds = gen.generate(data, a.feeds, a.items, a.port, hosts=50)
    server = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "serve.py"), "--dir", data, "--port", str(a.port),
         "--latency-ms", "0", "--hosts", "50"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and not k.startswith("LC_")}
    env.update(LANG="C.UTF-8", NO_PROXY="*")
    results = []
    try:
        server.stdout.readline()  # "ready"
        print(f"{a.feeds} feeds x {a.items} items = {a.feeds * a.items:,} articles; "
              f"median of {a.runs}; {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}")
        for name, rules in RULE_SETS:
            totals, refreshes, matched = [], [], ""
            for _ in range(a.runs):
                home = home_for(tmp, name, feeds, a.items, rules)
                subprocess.run(["sync"])
                r, out = timed([a.binary, "--config-dir", home, "refresh"], env)
                i, _ = timed([a.binary, "--config-dir", home, "search", "zzzznotfound"], env)
                refreshes.append(r)
                totals.append(r + i)
                if rules:
                    # What the rules did, from the rules' own report on the store.
                    counts = []
                    for query, action in rules:
                        last = subprocess.run(
                            [a.binary, "--config-dir", home, "rules", "test", query],
                            env=env, capture_output=True, text=True).stdout.strip().splitlines()
                        # The count line ends the list: "53.012 artikel cocok" / "2 articles match".
                        n = "".join(c for c in (last[-1].split()[0] if last else "") if c.isdigit())
                        counts.append(f"{action} {int(n or 0):,}")
                    matched = ", ".join(counts)
            results.append((name, statistics.median(refreshes), statistics.median(totals), matched))
            print(f"  {name}: refresh {results[-1][1]:.2f} s, refresh + index {results[-1][2]:.2f} s"
                  + (f" (matches: {matched})" if matched else ""), flush=True)
    finally:
        server.terminate()
        shutil.rmtree(tmp, ignore_errors=True)
    base = results[0][2]
    print("\n| rule set | refresh | refresh + index up to date | added over no rules | matches |")
    print("| --- | --- | --- | --- | --- |")
    for name, r, t, matched in results:
        added = "—" if t == base else f"{(t - base) / base * 100:+.0f}%"
        print(f"| {name} | {r:.2f} s | {t:.2f} s | {added} | {matched or '—'} |")


if __name__ == "__main__":
    main()
