#!/usr/bin/env python3
"""Write N deterministic WordPress-style RSS 2.0 feeds shaped like Lampung news sites.

The generator issue 16 measured kabar and newsraft with (bench/peer.py uses it), kept here as
it was given so the figures stay comparable.

Each item carries a full HTML body in content:encoded with the clutter these sites
really put there: a duplicated photo caption, inline "Baca :" / "Baca juga:" links,
and the comment-form tail. Output: DIR/feed-0000.xml ... and DIR/urls (one URL a line,
for a server on 127.0.0.1:PORT).

Feeds are spread over --hosts loopback addresses (127.0.0.1, 127.0.0.2, ...), so a reader's
per-host politeness limit sees many hosts, as it would on the real web.

usage: gen_feeds.py --out DIR [--feeds 200] [--items 50] [--paras 8] [--port 8765] [--hosts 50]
"""
import argparse, os, random
from datetime import datetime, timedelta, timezone

WORDS = ("pemerintah kabupaten pesawaran lampung program keluarga tenaga kerja "
         "kecamatan kedondong waylima waykhilau upacara peringatan hari kartini "
         "dinas pemberdayaan perempuan anak pembangunan kesejahteraan masyarakat "
         "bandar lampung metro pringsewu tanggamus way kanan tulang bawang mesuji "
         "jalan raya petani kopi lada nelayan pelabuhan bakauheni harga beras pasar "
         "gubernur bupati wali kota dprd anggaran sekolah guru siswa rumah sakit").split()
SITES = ["Radar Lampung", "Lampung Post", "Tribun Lampung", "ANTARA Lampung",
         "Kupas Tuntas", "Saibumi", "Teras Lampung", "Lampung Pro"]
WIB = timezone(timedelta(hours=7))


def sentence(rng, n=14):
    s = " ".join(rng.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def body(rng, paras):
    caption = sentence(rng, 12) + " FOTO ISTIMEWA/RADARLAMPUNG.CO.ID"
    out = [f'<figure><img src="https://example.invalid/img/{rng.randrange(10**6)}.jpg" alt="">'
           f"<figcaption>{caption}</figcaption></figure>", f"<p>{caption}</p>"]
    for i in range(paras):
        out.append("<p>" + " ".join(sentence(rng) for _ in range(3)) + "</p>")
        if i in (1, paras // 2):
            out.append(f'<p><strong>Baca :</strong> <a href="https://example.invalid/baca/{rng.randrange(10**6)}">'
                       f"{sentence(rng, 6)}</a></p>")
    out.append("<h3>Tinggalkan Komentar</h3><p>Silakan masukkan komentar Anda!</p>")
    return "\n".join(out)


def host(idx, hosts):
    return f"127.0.0.{idx % hosts + 1}"


def feed(idx, items, paras, port, hosts):
    rng = random.Random(idx)
    site = SITES[idx % len(SITES)]
    base = f"http://{host(idx, hosts)}:{port}"
    start = datetime(2026, 11, 27, 18, 0, tzinfo=WIB)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
             'xmlns:dc="http://purl.org/dc/elements/1.1/">', "<channel>",
             f"<title>{site} #{idx}</title>", f"<link>{base}/site/{idx}/</link>",
             "<description>Berita Lampung terkini</description>", "<language>id-ID</language>"]
    for j in range(items):
        when = start - timedelta(minutes=37 * j + idx)
        title = sentence(rng, 8).rstrip(".")
        link = f"{base}/site/{idx}/{when:%Y/%m/%d}/berita-{idx}-{j}/"
        text = body(rng, paras)
        parts += ["<item>", f"<title>{title}</title>", f"<link>{link}</link>",
                  f"<dc:creator><![CDATA[Redaksi {idx}]]></dc:creator>",
                  f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0700')}</pubDate>",
                  "<category><![CDATA[Lampung Raya]]></category>",
                  f'<guid isPermaLink="false">{base}/?p={idx * 100000 + j}</guid>',
                  f"<description><![CDATA[{sentence(rng, 20)} [&#8230;]]]></description>",
                  f"<content:encoded><![CDATA[{text}]]></content:encoded>", "</item>"]
    parts += ["</channel>", "</rss>", ""]
    return "\n".join(parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--paras", type=int, default=8)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--hosts", type=int, default=50, help="loopback addresses to spread feeds over (1-250)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "urls"), "w") as urls:
        for i in range(a.feeds):
            name = f"feed-{i:04d}.xml"
            with open(os.path.join(a.out, name), "w", encoding="utf-8") as f:
                f.write(feed(i, a.items, a.paras, a.port, a.hosts))
            urls.write(f"http://{host(i, a.hosts)}:{a.port}/{name}\n")


if __name__ == "__main__":
    main()
