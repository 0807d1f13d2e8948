"""Deterministic WordPress-style RSS 2.0 feeds shaped like Lampung regional news sites.

Each item is what a real WordPress news site puts in its feed: an Indonesian headline about a
Lampung place, a permalink, `dc:creator`, an RFC 2822 `pubDate`, categories, a non-permalink
guid (`?p=NNNN`), an excerpt in `description` ending in "[&#8230;]" and the full article in
`content:encoded`: dateline, a captioned `<figure>` with `srcset`, 4-8 paragraphs with
WordPress' typographic entities, "Baca Juga:" links, sometimes a blockquote, the editor's
initials and the sharing-buttons tail. About 5 KB of XML per item.

Feeds are spread over `hosts` loopback addresses (127.0.0.1, 127.0.0.2, ...), so that a
reader's per-host limit sees many hosts, as on the real web.
"""
import os
import random
from datetime import datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7))

SITES = ["Radar Lampung", "Lampung Post", "Tribun Lampung", "ANTARA Lampung", "Kupas Tuntas",
         "Saibumi", "Teras Lampung", "Lampung Pro", "Suara Lampung", "detikSumbagsel"]
PLACES = ["Bandar Lampung", "Metro", "Pringsewu", "Tanggamus", "Way Kanan", "Tulang Bawang",
          "Mesuji", "Lampung Selatan", "Lampung Timur", "Lampung Tengah", "Lampung Utara",
          "Lampung Barat", "Pesisir Barat", "Pesawaran", "Tulang Bawang Barat"]
DISTRICTS = ["Kedondong", "Way Lima", "Way Khilau", "Gedong Tataan", "Natar", "Kalianda",
             "Sukadana", "Gunung Sugih", "Kotabumi", "Liwa", "Krui", "Kota Agung", "Gadingrejo",
             "Blambangan Umpu", "Menggala", "Panaragan", "Tanjung Karang", "Teluk Betung",
             "Rajabasa", "Kemiling", "Bakauheni", "Sidomulyo", "Padang Cermin", "Punduh Pidada"]
ACTORS = ["Bupati", "Wakil Bupati", "Pemkab", "DPRD", "Polres", "Kejari", "Dinas Pendidikan",
          "Dinas Kesehatan", "BPBD", "Disdukcapil", "Dinas PUPR", "KPU", "Bawaslu", "Kodim",
          "PMI", "Baznas", "Dinas Pertanian", "Satpol PP"]
VERBS = ["Gelar", "Resmikan", "Tinjau", "Salurkan", "Targetkan", "Evaluasi", "Perketat",
         "Luncurkan", "Dorong", "Minta", "Siapkan", "Bahas", "Percepat", "Sosialisasikan"]
OBJECTS = ["Perbaikan Jalan Provinsi", "Bantuan Pangan untuk 1.200 Keluarga", "Vaksinasi Anak",
           "Program Sekolah Gratis", "Pasar Murah Jelang Natal", "Penanganan Banjir",
           "Rapat Paripurna APBD 2027", "Operasi Zebra Krakatau", "Festival Kopi Robusta",
           "Pendataan Penduduk Rentan", "Pembangunan Jembatan Gantung", "Pelayanan KTP Elektronik",
           "Harga Gabah Petani", "Irigasi Sawah Tadah Hujan", "Pencegahan Stunting",
           "Penertiban Pedagang Kaki Lima", "Seleksi PPPK Guru", "Lomba Desa Tingkat Provinsi"]
HEADLINES = [
    "{actor} {place} {verb} {obj}",
    "{actor} {place} {verb} {obj} di {district}",
    "Harga {food} di Pasar {district} Naik Jelang Akhir Tahun",
    "Polres {place} Tangkap {n} Pelaku Curanmor di {district}",
    "{n} Warga {district} Terima {obj2}",
    "Jalan Rusak di {district}, Warga {place} Tanam Pohon Pisang",
    "Banjir Rendam {n} Rumah di {district}, {place}",
    "Pemprov Lampung {verb} {obj} Bersama {place}",
    "Nelayan {district} Keluhkan Solar Langka, {actor} Turun Tangan",
]
FOODS = ["Beras", "Cabai Merah", "Bawang Merah", "Minyak Goreng", "Telur Ayam", "Gula Pasir", "Kopi"]
OBJ2 = ["Bantuan Langsung Tunai", "Sertifikat Tanah Gratis", "Paket Sembako", "Bibit Kopi",
        "Layanan Kesehatan Gratis", "Bedah Rumah"]
SUBJECTS = ["Pemerintah Kabupaten {place}", "Kepala Dinas Pendidikan {place}", "Warga setempat",
            "Ketua DPRD {place}", "Kapolres {place}", "Camat {district}", "Seorang petani kopi",
            "Pelaksana tugas kepala desa", "Anggota Komisi IV", "Sekretaris daerah",
            "Gubernur Lampung", "Kepala BPBD {place}", "Para pedagang di Pasar {district}"]
PREDICATES = ["mengatakan bahwa program tersebut akan dilanjutkan pada tahun anggaran mendatang",
              "menyampaikan apresiasi kepada seluruh pihak yang telah membantu",
              "berharap kegiatan serupa dapat digelar secara rutin setiap tahun",
              "menjelaskan anggaran yang disiapkan mencapai Rp2,4 miliar",
              "meminta masyarakat tetap waspada terhadap cuaca ekstrem",
              "menegaskan pelayanan kepada masyarakat tidak boleh terganggu",
              "mengungkapkan sebanyak 347 keluarga telah terdata sebagai penerima",
              "memastikan pekerjaan fisik rampung sebelum akhir Desember",
              "mengimbau warga agar tidak mudah percaya pada informasi yang belum jelas sumbernya",
              "menuturkan harga di tingkat petani masih jauh dari harapan",
              "menambahkan koordinasi lintas sektor terus dilakukan",
              "mengaku senang karena jalan menuju kebun kini bisa dilalui kendaraan"]
CLAUSES = ["program tersebut akan dilanjutkan pada tahun anggaran mendatang",
           "anggaran yang disiapkan mencapai Rp2,4 miliar", "masyarakat diminta tetap waspada",
           "sebanyak 347 keluarga telah terdata sebagai penerima",
           "pekerjaan fisik ditargetkan rampung sebelum akhir Desember",
           "harga di tingkat petani masih jauh dari harapan",
           "koordinasi lintas sektor terus dilakukan", "pelayanan tetap berjalan seperti biasa",
           "jalan menuju kebun kini bisa dilalui kendaraan roda empat"]
COMPLEMENTS = ["saat ditemui di kantornya, {day} ({date})", "di Kecamatan {district}",
               "dalam rapat koordinasi di aula kantor bupati", "kepada wartawan usai kegiatan",
               "di sela peninjauan lapangan", "melalui sambungan telepon",
               "di Balai Pekon {district}", "pada kegiatan yang dihadiri ratusan warga"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
CATEGORIES = ["Lampung Raya", "Bandar Lampung", "Daerah", "Hukum & Kriminal", "Ekonomi",
              "Pendidikan", "Kesehatan", "Politik", "Olahraga"]


def slug(text):
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-").replace("--", "-")


def make_pool(rng, n):
    """A pool of Indonesian news sentences; items draw from it (fast, still varied)."""
    pool = []
    for _ in range(n):
        place, district = rng.choice(PLACES), rng.choice(DISTRICTS)
        subj = rng.choice(SUBJECTS).format(place=place, district=district)
        comp = rng.choice(COMPLEMENTS).format(
            district=district, day=rng.choice(DAYS), date=f"{rng.randint(1, 28)}/11/2026")
        pred = rng.choice(PREDICATES)
        form = rng.randrange(3)
        if form == 0:
            s = f"{subj} {pred} {comp}."
        elif form == 1:
            s = (f"&#8220;Kami {rng.choice(['pastikan', 'harapkan', 'upayakan'])} "
                 f"{rng.choice(CLAUSES)},&#8221; kata {subj[0].lower() + subj[1:]} {comp}.")
        else:
            s = f"Menurut {subj[0].lower() + subj[1:]}, {rng.choice(CLAUSES)} &#8211; {comp}."
        pool.append(s)
    return pool


def headline(rng):
    return rng.choice(HEADLINES).format(
        actor=rng.choice(ACTORS), place=rng.choice(PLACES), verb=rng.choice(VERBS),
        obj=rng.choice(OBJECTS), obj2=rng.choice(OBJ2), district=rng.choice(DISTRICTS),
        food=rng.choice(FOODS), n=rng.randint(2, 450))


def body(rng, pool, base, post_id, when):
    dateline = rng.choice(PLACES).upper().replace(" ", "")
    img = f"{base}/wp-content/uploads/{when:%Y/%m}/foto-{post_id}"
    caption = rng.choice(pool).rstrip(".")
    out = [f"<p><strong>{dateline} &#8211; </strong>{rng.choice(pool)} {rng.choice(pool)}</p>",
           f'<figure class="wp-block-image size-large"><img loading="lazy" decoding="async" '
           f'width="1024" height="576" src="{img}-1024x576.jpg" alt="" class="wp-image-{post_id + 1}" '
           f'srcset="{img}-1024x576.jpg 1024w, {img}-300x169.jpg 300w, {img}-768x432.jpg 768w" '
           f'sizes="(max-width: 1024px) 100vw, 1024px" /><figcaption class="wp-element-caption">'
           f"{caption}. FOTO: ISTIMEWA</figcaption></figure>"]
    paras = rng.randint(4, 8)
    for i in range(paras):
        out.append("<p>" + " ".join(rng.choice(pool) for _ in range(rng.randint(2, 3))) + "</p>")
        if i in (1, paras // 2 + 1):
            out.append(f'<p><strong>Baca Juga:</strong> <a href="{base}/berita/{post_id - 7 * (i + 1)}/">'
                       f"{headline(rng)}</a></p>")
        if i == 3 and rng.random() < 0.3:
            out.append(f"<blockquote class=\"wp-block-quote\"><p>{rng.choice(pool)}</p></blockquote>")
    out.append(f"<p>(<em>{rng.choice(['rls', 'ant', 'rdl', 'lpp'])}/{rng.choice(['ed', 'ysn', 'mfr'])}</em>)</p>")
    out.append('<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
               'sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Bagikan:</h3>'
               '<div class="sd-content"><ul><li class="share-facebook"><a rel="nofollow" '
               f'href="{base}/berita/{post_id}/?share=facebook" target="_blank">Facebook</a></li>'
               f'<li class="share-x"><a rel="nofollow" href="{base}/berita/{post_id}/?share=x" '
               'target="_blank">X</a></li><li class="share-end"></li></ul></div></div></div>')
    return "\n".join(out)


def host(idx, hosts):
    return f"127.0.0.{idx % hosts + 1}"


def feed_xml(idx, items, port, hosts, now, pool, spacing_min):
    rng = random.Random(1000003 * idx + items)
    site = SITES[idx % len(SITES)]
    place = PLACES[(idx // len(SITES)) % len(PLACES)]
    base = f"http://{host(idx, hosts)}:{port}/situs{idx}"
    offset = "+0700" if idx % 3 == 0 else "+0000"
    parts = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
             '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
             '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
             '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
             '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
             '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
             '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n<channel>',
             f"\t<title>{site} {place} #{idx}</title>",
             f'\t<atom:link href="http://{host(idx, hosts)}:{port}/feed-{idx:04d}.xml" rel="self" '
             'type="application/rss+xml" />',
             f"\t<link>{base}</link>", "\t<description>Berita Lampung Terkini</description>",
             f"\t<lastBuildDate>{fmt_date(now, offset)}</lastBuildDate>", "\t<language>id</language>",
             "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>",
             "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>",
             "\t<generator>https://wordpress.org/?v=6.4.2</generator>"]
    for j in range(items):
        when = now - timedelta(minutes=spacing_min * j + idx % 29)
        post_id = 400000 + idx * 20000 + (items - j)
        title = headline(rng)
        link = f"{base}/{when:%Y/%m/%d}/{slug(title)}-{post_id}/"
        text = body(rng, pool, base, post_id, when)
        cats = "".join(f"\t\t<category><![CDATA[{c}]]></category>\n"
                       for c in rng.sample(CATEGORIES, rng.randint(1, 3)))
        excerpt = " ".join(rng.choice(pool) for _ in range(2))[:300]
        parts.append(
            f"\t<item>\n\t\t<title>{title}</title>\n\t\t<link>{link}</link>\n"
            f"\t\t<comments>{link}#respond</comments>\n"
            f"\t\t<dc:creator><![CDATA[Redaksi {site}]]></dc:creator>\n"
            f"\t\t<pubDate>{fmt_date(when, offset)}</pubDate>\n{cats}"
            f'\t\t<guid isPermaLink="false">{base}/?p={post_id}</guid>\n'
            f"\t\t<description><![CDATA[{excerpt} [&#8230;]]]></description>\n"
            f"\t\t<content:encoded><![CDATA[{text}]]></content:encoded>\n"
            f"\t\t<wfw:commentRss>{link}feed/</wfw:commentRss>\n"
            f"\t\t<slash:comments>{rng.randint(0, 12)}</slash:comments>\n\t</item>")
    parts += ["\t</channel>", "</rss>", ""]
    return "\n".join(parts)


DAY_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MON_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def fmt_date(when, offset):
    """RFC 2822, as WordPress writes it (English names whatever the locale)."""
    if offset == "+0000":
        when = when.astimezone(timezone.utc)
    else:
        when = when.astimezone(WIB)
    return (f"{DAY_EN[when.weekday()]}, {when.day:02d} {MON_EN[when.month - 1]} {when.year} "
            f"{when:%H:%M:%S} {offset}")


def generate(out, feeds, items, port, hosts=50, spacing_min=None):
    """Write out/feed-0000.xml ... and return [(url, path)] in feed order."""
    os.makedirs(out, exist_ok=True)
    pool = make_pool(random.Random(feeds * 7919 + items), 6000)
    now = datetime.now(WIB).replace(second=0, microsecond=0) - timedelta(minutes=5)
    if spacing_min is None:
        # ~ one article every half hour per site; very long feeds are denser.
        spacing_min = 37 if items <= 1000 else 3
    result = []
    for i in range(feeds):
        name = f"feed-{i:04d}.xml"
        path = os.path.join(out, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(feed_xml(i, items, port, hosts, now, pool, spacing_min))
        result.append((f"http://{host(i, hosts)}:{port}/{name}", path))
    return result
