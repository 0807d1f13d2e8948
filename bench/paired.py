#!/usr/bin/env python3
"""Paired timings of two kabar binaries: the launch and open figures, A and B alternated.

Sequential runs of bench/run.py cannot resolve 5 % on the millisecond figures on a 2-core
machine (the same binary's launch moved 9.0-12.6 ms between runs). Here each round measures A
then B (the next round B then A), each on its own store of the same data, so slow spells of
the machine fall on both. Times as in bench/run.py: to the screen's last byte (`Bench.drawn`);
the time to the title row alone is shown beside it.

    python3 bench/paired.py --a OLD_BINARY --b NEW_BINARY [--rounds 20] [--root DIR]

Each binary refreshes its own homes first (a binary cannot open a store a newer one wrote).
"""
import argparse
import os
import statistics
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402

# name: (feeds, items per feed, extra config)
DATA = {
    "10k": (200, 50, {}),
    "long": (1, 10000, {"max_items_per_feed": 20000, "max_feed_bytes": 1 << 30}),
    "100k": (200, 500, {}),
}


def make_homes(b, binary, tag, only=None):
    b.kabar = binary
    homes = {}
    for name, (feeds, items, extra) in DATA.items():
        if only and not any(only in label and name in uses for label, uses, _ in FIGURES):
            continue
        ds = b.dataset(name, feeds, items)
        b.start_server(ds, 0)
        try:
            d = b.kabar_home(f"{tag}-{name}", ds, **extra)
            b.kabar_refresh(d)
            b.kabar_index(d)
        finally:
            b.stop_server()
        homes[name] = (d, feeds * items)
    return homes


def launch(b, home):
    p = b.open_tui("kabar", home[0])
    try:
        shown = p.wait_for(b.feedlist_shown("kabar"), 60)
        if shown is None:
            raise run.Skip("feed list not shown")
        return b.drawn(p, shown) - p.t0, shown - p.t0
    finally:
        b.close_tui("kabar", p)


def open_list(b, home, to_feed):
    d, total = home
    p, _ = b.first_screen("kabar", d, 60)
    try:
        p.settle(0.3)
        if to_feed:
            b.to_first_feed(p, or_step=1)
        t = p.send("\r")
        shown = p.wait_for(b.articlelist_shown("kabar", total), 60)
        if shown is None:
            raise run.Skip(f"article list of {total} not shown")
        return b.drawn(p, shown) - t, shown - t
    finally:
        b.close_tui("kabar", p)


def pgdn(b, home, burst):
    """PgDn through the one long feed (as bench/run.py's figure 4): 20 times one at a time, key
    → last byte, the median and the worst; or (`burst`) 20 at once from the top, until the
    screen settles (nothing beside it)."""
    d, total = home
    p, _ = b.first_screen("kabar", d, 60)
    try:
        p.settle(0.3)
        b.to_first_feed(p, or_step=1)
        p.send("\r")
        p.wait_for(b.articlelist_shown("kabar", total), 60)
        p.settle(0.5)
        if burst:
            t = p.send(b.key(p, "pgdn") * 20)
            p.settle(0.3, timeout=120)
            return (p.last_output or t) - t, None
        lats = []
        for _ in range(20):
            t = p.send(b.key(p, "pgdn"))
            p.settle(0.15)
            lats.append((p.last_output or t) - t)
        return statistics.median(lats), max(lats)
    finally:
        b.close_tui("kabar", p)


# name, the homes it uses, how it is measured (the figure and a second one, said in brackets)
FIGURES = [
    ("launch → feed list, 10,000 articles (title row alone)", ["10k"],
     lambda b, h: launch(b, h["10k"])),
    ("launch → feed list, 100,000 articles (title row alone)", ["100k"],
     lambda b, h: launch(b, h["100k"])),
    ("open the one feed of 10,000 articles (title row alone)", ["long"],
     lambda b, h: open_list(b, h["long"], True)),
    ('open "Semua artikel" (100,000) (title row alone)', ["100k"],
     lambda b, h: open_list(b, h["100k"], False)),
    ("PgDn through the feed of 10,000, median of 20 (the worst)", ["long"],
     lambda b, h: pgdn(b, h["long"], False)),
    ("20 x PgDn at once in it, until the screen settles", ["long"],
     lambda b, h: pgdn(b, h["long"], True)),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True, help="the first binary (before)")
    ap.add_argument("--b", required=True, help="the second binary (after)")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--root", help="work in this dir (default: a temp dir, removed)")
    ap.add_argument("--port", type=int, default=18765)
    ap.add_argument("--only", help="only the figures whose name holds this text")
    a = ap.parse_args()
    args = types.SimpleNamespace(root=a.root, hosts=50, port=a.port, kabar=a.a, no_newsboat=True,
                                 keep=bool(a.root), wait_quiet=0, quiet_cores=0.9)
    b = run.Bench(args)
    try:
        bins = {"A": os.path.abspath(a.a), "B": os.path.abspath(a.b)}
        homes = {k: make_homes(b, v, k, a.only) for k, v in bins.items()}
        rows = []
        for label, _, measure in FIGURES:
            if a.only and a.only not in label:
                continue
            got = {"A": [], "B": []}
            for i in range(a.rounds):
                for k in ("A", "B") if i % 2 == 0 else ("B", "A"):
                    b.kabar = bins[k]
                    got[k].append(measure(b, homes[k]))
            def median_of(xs):
                xs = [x for x in xs if x is not None]
                return statistics.median(xs) if xs else None

            med = {k: (median_of(x[0] for x in v), median_of(x[1] for x in v))
                   for k, v in got.items()}
            rows.append((label, med))
            run.log(f"  {label}: A {med['A'][0] * 1000:.2f} ms, B {med['B'][0] * 1000:.2f} ms")
        print(f"\nA = {bins['A']}\nB = {bins['B']}\n{a.rounds} rounds, alternating; medians\n")
        print("| figure (in brackets: the second figure) | A | B | B ÷ A | second: A / B |")
        print("|---|---|---|---|---|")
        for label, med in rows:
            (ta, sa), (tb, sb) = med["A"], med["B"]
            second = f"{sa * 1000:.2f} / {sb * 1000:.2f} ms" if sa is not None else "—"
            print(f"| {label} | {ta * 1000:.2f} ms | {tb * 1000:.2f} ms | {tb / ta:.2f} | {second} |")
    finally:
        b.cleanup()


if __name__ == "__main__":
    main()
