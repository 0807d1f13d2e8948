//! The interface's messages (reader, status line, headless commands): (key, Indonesian, English).

/// Every message outside the command-line help, as (key, Indonesian, English).
pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("rel.now", "baru saja", "just now"),
    ("rel.minutes", "{n} menit lalu", "{n} min ago"),
    ("rel.hours", "{n} jam lalu", "{n} h ago"),
    ("rel.yesterday", "kemarin", "yesterday"),
    ("rel.days", "{n} hari lalu", "{n} {n:day|days} ago"),
    // Actions, as the help screen lists them.
    ("act.down", "turun satu baris", "down one line"),
    ("act.up", "naik satu baris", "up one line"),
    ("act.top", "ke baris pertama", "to the first line"),
    ("act.bottom", "ke baris terakhir", "to the last line"),
    ("act.page_up", "satu halaman ke atas", "one page up"),
    ("act.page_down", "satu halaman ke bawah", "one page down"),
    ("act.open", "buka feed / artikel", "open feed / article"),
    ("act.back", "kembali", "back"),
    (
        "act.back_or_quit",
        "kembali, atau keluar dari daftar feed",
        "back, or quit from the feed list",
    ),
    ("act.force_quit", "keluar", "quit"),
    ("act.refresh", "perbarui feed ini", "refresh this feed"),
    (
        "act.refresh_all",
        "perbarui semua feed",
        "refresh all feeds",
    ),
    (
        "act.mark_feed_read",
        "tandai feed ini sudah dibaca",
        "mark this feed read",
    ),
    (
        "act.mark_all_read",
        "tandai semua sudah dibaca",
        "mark everything read",
    ),
    (
        "act.toggle_read",
        "tandai dibaca / belum dibaca",
        "toggle read / unread",
    ),
    (
        "act.next_unread",
        "artikel belum dibaca berikutnya",
        "next unread article",
    ),
    (
        "act.unread_only",
        "tampilkan hanya yang belum dibaca",
        "show unread only",
    ),
    (
        "act.open_in_browser",
        "buka tautan artikel di peramban",
        "open the article's link in the browser",
    ),
    (
        "act.copy_link",
        "salin tautan (OSC 52, juga lewat SSH)",
        "copy the link (OSC 52, works over SSH)",
    ),
    (
        "act.full_text",
        "ambil artikel lengkap dari situsnya",
        "fetch the full article from its site",
    ),
    (
        "act.open_link",
        "buka tautan nomor 1-9 dari artikel",
        "open the article's link number 1-9",
    ),
    (
        "act.save",
        "simpan / batal simpan artikel",
        "save / unsave the article",
    ),
    (
        "act.lampung",
        "hanya berita yang menyebut tempat di Lampung",
        "only news naming a place in Lampung",
    ),
    (
        "act.search",
        "cari di semua artikel (n/N: kecocokan berikutnya)",
        "search every article (n/N: next match)",
    ),
    (
        "act.add_feed",
        "tambah feed (alamat feed atau situs)",
        "add a feed (feed or site address)",
    ),
    (
        "act.accept_move",
        "pakai alamat baru feed yang pindah",
        "use a moved feed's new address",
    ),
    ("act.help", "bantuan (daftar tombol)", "help (list of keys)"),
    ("key.space", "spasi", "space"),
    // Screens and labels.
    ("label.all", "Semua artikel", "All articles"),
    ("label.saved", "Tersimpan", "Saved"),
    ("label.feed_list", "Daftar feed", "Feeds"),
    (
        "label.list_title",
        "{name} ({n} artikel)",
        "{name} ({n} {n:article|articles})",
    ),
    (
        "label.list_title_unread",
        "{name} ({n} artikel · belum dibaca)",
        "{name} ({n} {n:article|articles} · unread)",
    ),
    (
        "label.list_title_lampung",
        "{name} ({n} artikel · Lampung)",
        "{name} ({n} {n:article|articles} · Lampung)",
    ),
    (
        "label.list_title_unread_lampung",
        "{name} ({n} artikel · belum dibaca · Lampung)",
        "{name} ({n} {n:article|articles} · unread · Lampung)",
    ),
    ("label.unread_total", "{n} belum dibaca", "{n} unread"),
    ("label.search_title", "Cari: {q}", "Search: {q}"),
    (
        "label.search_title_behind",
        "Cari: {q} (indeks menyusul, {n} artikel terbaru belum dicari)",
        "Search: {q} (index catching up, {n} newest {n:article|articles} not searched yet)",
    ),
    ("label.search_prompt", "Cari: {q}", "Search: {q}"),
    (
        "label.search_hint",
        "Enter:lihat hasil  Esc:batal",
        "Enter:browse results  Esc:cancel",
    ),
    (
        "label.add_prompt",
        "Tambah feed (URL): {q}",
        "Add feed (URL): {q}",
    ),
    (
        "label.add_hint",
        "Enter:cari feed  Esc:batal",
        "Enter:find feeds  Esc:cancel",
    ),
    ("label.refreshing", "memperbarui …", "refreshing …"),
    ("label.never_fetched", "belum diambil", "not fetched yet"),
    ("label.failed", "gagal: {why}", "failed: {why}"),
    (
        "label.moved",
        "feed pindah? ditemukan {url} ({key}: pakai)",
        "feed moved? found {url} ({key}: use it)",
    ),
    (
        "label.no_feeds",
        "Belum ada feed. Tambahkan [[feeds]] di config.toml atau tekan +.",
        "No feeds yet. Add [[feeds]] to config.toml or press +.",
    ),
    (
        "label.no_articles",
        "Belum ada artikel. Tekan r untuk memperbarui.",
        "No articles yet. Press r to refresh.",
    ),
    (
        "label.no_unread",
        "Tidak ada artikel yang belum dibaca (u: tampilkan semua).",
        "No unread articles (u: show all).",
    ),
    (
        "label.no_lampung",
        "Belum ada berita yang menyebut tempat di Lampung (L: tampilkan semua).",
        "No news naming a place in Lampung yet (L: show all).",
    ),
    (
        "label.no_match",
        "Tidak ada artikel yang cocok.",
        "No matching articles.",
    ),
    (
        "label.pick_article",
        "Pilih artikel untuk dibaca.",
        "Pick an article to read.",
    ),
    (
        "label.too_small",
        "Terminal terlalu kecil ({w}x{h}); perlu {mw}x{mh}",
        "Terminal too small ({w}x{h}); needs {mw}x{mh}",
    ),
    ("label.help_title", " Bantuan: tombol ", " Help: keys "),
    (
        "label.help_close",
        "Tekan tombol apa saja untuk menutup.",
        "Press any key to close.",
    ),
    (
        "label.pick_title",
        " Pilih feed (1-9, Esc: batal) ",
        " Pick a feed (1-9, Esc: cancel) ",
    ),
    (
        "hint.feeds",
        "?:bantuan  Enter:buka  R:perbarui  q:keluar",
        "?:help  Enter:open  R:refresh  q:quit",
    ),
    (
        "hint.articles",
        "?:bantuan  Enter:baca  n:belum dibaca  q:kembali",
        "?:help  Enter:read  n:next unread  q:back",
    ),
    (
        "hint.article",
        "?:bantuan  o:buka  y:salin  n:berikutnya  q:kembali",
        "?:help  o:open  y:copy  n:next  q:back",
    ),
    (
        "label.laying_out",
        "menata artikel …",
        "laying out the article …",
    ),
    (
        "label.plain_fallback",
        "(terlalu lama ditata: ditampilkan sebagai teks biasa)",
        "(took too long to lay out: shown as plain text)",
    ),
    (
        "ft.loading",
        "⟳ memuat artikel lengkap …",
        "⟳ loading the full article …",
    ),
    (
        "ft.done",
        "✓ artikel lengkap (diambil dari situsnya)",
        "✓ full article (fetched from its site)",
    ),
    (
        "ft.failed",
        "! artikel lengkap gagal dimuat: {why} (F: coba lagi)",
        "! the full article could not be loaded: {why} (F: try again)",
    ),
    (
        "ft.excerpt",
        "hanya ringkasan dari feed (F: ambil artikel lengkap)",
        "only a summary from the feed (F: fetch the full article)",
    ),
    (
        "meta.byline",
        "{feed} · {date} · {author}",
        "{feed} · {date} · {author}",
    ),
    ("meta.line", "{feed} · {date}", "{feed} · {date}"),
    // Status messages.
    (
        "st.defaults",
        "Tanpa config.toml: memakai daftar feed Lampung bawaan (lihat config.example.toml)",
        "No config.toml: using the built-in list of Lampung feeds (see config.example.toml)",
    ),
    ("st.db_error", "Basis data: {e}", "Database: {e}"),
    ("st.marked_unread", "Ditandai belum dibaca", "Marked unread"),
    ("st.marked_read", "Ditandai sudah dibaca", "Marked read"),
    ("st.unread_only", "Hanya yang belum dibaca", "Unread only"),
    (
        "st.all_shown",
        "Semua artikel ditampilkan",
        "All articles shown",
    ),
    (
        "st.lampung_only",
        "Hanya berita yang menyebut tempat di Lampung",
        "Only news naming a place in Lampung",
    ),
    (
        "st.lampung_off",
        "Semua berita ditampilkan",
        "All news shown",
    ),
    (
        "st.no_link_open",
        "Tidak ada tautan http(s) untuk dibuka",
        "No http(s) link to open",
    ),
    (
        "st.no_link_copy",
        "Tidak ada tautan http(s) untuk disalin",
        "No http(s) link to copy",
    ),
    (
        "st.no_link_n",
        "Tidak ada tautan nomor {n}",
        "No link number {n}",
    ),
    ("st.copied", "Tautan disalin: {url}", "Link copied: {url}"),
    (
        "st.copy_too_long",
        "Tautan terlalu panjang untuk disalin ({n} bita; batasnya {max})",
        "Link too long to copy ({n} bytes; the limit is {max})",
    ),
    ("st.opened", "Dibuka: {url}", "Opened: {url}"),
    (
        "st.browser_failed",
        "Gagal membuka peramban: {e}",
        "Could not open the browser: {e}",
    ),
    ("st.saved", "Artikel disimpan", "Article saved"),
    (
        "st.unsaved",
        "Artikel tidak disimpan lagi",
        "Article no longer saved",
    ),
    (
        "st.no_article_link",
        "Artikel ini tidak punya tautan http(s)",
        "This article has no http(s) link",
    ),
    (
        "st.open_first",
        "Buka artikel dulu, lalu tekan F",
        "Open an article first, then press F",
    ),
    (
        "st.ft_failed",
        "Artikel lengkap gagal dimuat: {e}",
        "The full article could not be loaded: {e}",
    ),
    (
        "st.no_more_matches",
        "Tidak ada kecocokan lagi",
        "No more matches",
    ),
    ("st.search_error", "Pencarian: {e}", "Search: {e}"),
    (
        "st.marked_n_read",
        "{n} artikel ditandai sudah dibaca",
        "{n} {n:article|articles} marked read",
    ),
    (
        "st.nothing_unread",
        "Tidak ada artikel yang belum dibaca",
        "No unread articles",
    ),
    ("st.queued", "Pembaruan diantrekan", "Refresh queued"),
    (
        "st.no_feeds_to_refresh",
        "Tidak ada feed untuk diperbarui",
        "No feeds to refresh",
    ),
    (
        "st.progress",
        "Memperbarui {done}/{total} …",
        "Refreshing {done}/{total} …",
    ),
    (
        "st.done",
        "Selesai: {ok}/{total} feed, {new} artikel baru",
        "Done: {ok}/{total} {total:feed|feeds}, {new} new {new:article|articles}",
    ),
    (
        "st.done_failed",
        "Selesai: {ok}/{total} feed, {new} artikel baru; {n} gagal: {names}",
        "Done: {ok}/{total} {total:feed|feeds}, {new} new {new:article|articles}; {n} failed: {names}",
    ),
    (
        "st.offline",
        "Tidak ada jaringan: {n} feed tak terjangkau (galatnya di daftar feed); dicoba lagi nanti.",
        "No network: {n} {n:feed|feeds} unreachable (errors on the feed list); trying again later.",
    ),
    (
        "st.healed_moved",
        "Feed pindah: {name} kini di {url} (config diperbarui)",
        "Feed moved: {name} is now at {url} (config updated)",
    ),
    (
        "st.healed_applied",
        "Feed bawaan pindah: {name} kini di {url}",
        "Default feed moved: {name} is now at {url}",
    ),
    (
        "st.healed_suggested",
        "{name} pindah? Tekan {key} di daftar feed untuk memakai {url}",
        "{name} moved? Press {key} on the feed list to use {url}",
    ),
    (
        "st.move_none",
        "Tidak ada alamat baru untuk feed ini",
        "No new address was found for this feed",
    ),
    (
        "st.adding",
        "Mencari feed di {url} …",
        "Looking for feeds at {url} …",
    ),
    ("st.added", "Feed ditambahkan: {name}", "Feed added: {name}"),
    (
        "st.add_duplicate",
        "Feed sudah ada: {url}",
        "Feed already there: {url}",
    ),
    (
        "st.add_failed",
        "Tidak bisa menambah feed: {e}",
        "Could not add the feed: {e}",
    ),
    // Headless output.
    (
        "st.index_behind",
        "Indeks pencarian sedang diperbarui: {n} artikel terbaru belum ikut dicari",
        "Search index is catching up: {n} newest {n:article is|articles are} not searched yet",
    ),
    (
        "st.index_error",
        "Indeks pencarian gagal diperbarui: {e}",
        "Cannot update the search index: {e}",
    ),
    ("cli.ok_new", "ok {n} baru", "ok {n} new"),
    ("cli.not_modified", "tidak berubah", "not modified"),
    ("cli.skipped", "dilewati: {why}", "skipped: {why}"),
    ("cli.failed", "gagal: {why}", "failed: {why}"),
    (
        "cli.offline",
        "Tidak ada jaringan: {n} feed tidak terjangkau (-v: galat tiap feed)",
        "No network: {n} {n:feed|feeds} could not be reached (-v: each feed's error)",
    ),
    (
        "cli.check_total",
        "{n} feed: {ok} baik, {failed} gagal",
        "{n} {n:feed|feeds}: {ok} ok, {failed} failed",
    ),
    (
        "cli.moved",
        "{name}: pindah ke {url} (config diperbarui)",
        "{name}: moved to {url} (config updated)",
    ),
    (
        "cli.suggested",
        "{name}: feed pindah? ditemukan {url} (kabar check --fix: pakai)",
        "{name}: feed moved? found {url} (kabar check --fix: use it)",
    ),
    (
        "cli.refresh_total",
        "{total} feed: {updated} diperbarui, {nm} tidak berubah, {skipped} dilewati, {failed} gagal; {new} artikel baru",
        "{total} {total:feed|feeds}: {updated} updated, {nm} not modified, {skipped} skipped, {failed} failed; {new} new {new:article|articles}",
    ),
    (
        "cli.no_feed",
        "tidak ada feed bernama {name}",
        "no feed named {name}",
    ),
    (
        "cli.ids_missing",
        "{n} dari {total} id tidak ada",
        "{n} of {total} {total:id|ids} {n:does|do} not exist",
    ),
    (
        "cli.no_article",
        "tidak ada artikel dengan id {id}",
        "no article with id {id}",
    ),
    (
        "cli.search_read_only",
        "penyimpanan hanya-baca: dicari tanpa memperbarui indeks ({n} artikel belum terindeks)",
        "the store is read-only: searched without updating the index \
         ({n} {n:article|articles} not indexed)",
    ),
    (
        "cli.never_refreshed",
        "belum pernah diperbarui",
        "never refreshed",
    ),
    ("cli.error", "galat: {e}", "error: {e}"),
    (
        "cli.not_a_terminal",
        "stdout bukan terminal; pakai perintah (kabar --help) dalam skrip",
        "stdout is not a terminal; use a command (kabar --help) in scripts",
    ),
    // Why a feed could not be fetched or read (net::fetch::FetchError, feed::parse::ParseError).
    ("err.fetch.status", "HTTP {status}", "HTTP {status}"),
    (
        "err.fetch.too_many",
        "HTTP 429 terlalu sering; coba lagi dalam {s} detik",
        "HTTP 429 too many requests; try again in {s} {s:second|seconds}",
    ),
    (
        "err.fetch.timeout",
        "waktu habis setelah {s} detik",
        "timed out after {s} {s:second|seconds}",
    ),
    (
        "err.fetch.too_slow",
        "terlalu lambat: kurang dari {min} byte per detik selama {s} detik",
        "too slow: under {min} bytes per second for {s} {s:second|seconds}",
    ),
    (
        "err.fetch.too_large",
        "respons terlalu besar: lebih dari {bytes} byte",
        "response too large: over {bytes} bytes",
    ),
    (
        "err.fetch.unavailable",
        "HTTP 503 layanan tidak tersedia; coba lagi dalam {s} detik",
        "HTTP 503 service unavailable; try again in {s} {s:second|seconds}",
    ),
    (
        "err.fetch.redirects",
        "terlalu banyak pengalihan",
        "too many redirects",
    ),
    (
        "err.fetch.redirect_refused",
        "pengalihan tidak diikuti: tidak ada Location http atau https",
        "redirect not followed: no http or https Location",
    ),
    (
        "err.fetch.dns",
        "{host}: nama host tidak ditemukan",
        "{host}: name not found in DNS",
    ),
    (
        "err.fetch.refused",
        "{host}: koneksi ditolak, server tidak menerima",
        "{host}: connection refused, nothing answers there",
    ),
    (
        "err.fetch.tls",
        "{host}: koneksi aman gagal, sertifikat atau TLS tidak cocok",
        "{host}: secure connection failed, certificate or TLS not accepted",
    ),
    (
        "err.fetch.connect",
        "{host}: tidak dapat terhubung",
        "{host}: cannot connect",
    ),
    (
        "err.fetch.private",
        "{host}: alamat privat, tidak dibuka dari tautan feed (allow_private_links mengizinkannya)",
        "{host}: a private address, not opened from a feed's link (allow_private_links allows it)",
    ),
    (
        "err.fetch.body",
        "respons terputus sebelum selesai",
        "body incomplete: the response broke off before its end",
    ),
    (
        "err.fetch.url",
        "URL tidak valid: {detail}",
        "invalid URL: {detail}",
    ),
    ("err.parse.empty", "respons kosong", "empty response"),
    (
        "err.parse.html",
        "ini halaman HTML, bukan feed",
        "an HTML page, not a feed",
    ),
    (
        "err.parse.invalid",
        "feed tidak dapat dibaca: {detail}",
        "cannot read the feed: {detail}",
    ),
    (
        "err.parse.not_xml_json",
        "bukan XML atau JSON",
        "neither XML nor JSON",
    ),
    (
        "err.parse.no_root",
        "dokumen XML tanpa elemen root",
        "an XML document without a root element",
    ),
    (
        "err.parse.not_a_feed",
        "dokumen XML ini bukan feed, elemen rootnya <{root}>",
        "an XML document that is not a feed, its root is <{root}>",
    ),
    (
        "err.parse.truncated",
        "dokumen terpotong sebelum selesai",
        "the document is truncated, it ends before it is complete",
    ),
    ("err.parse.malformed", "XML rusak", "malformed XML"),
    ("err.parse.malformed_json", "JSON rusak", "malformed JSON"),
    (
        "err.parse.not_json_feed",
        "JSON ini bukan JSON Feed",
        "JSON, but not a JSON Feed",
    ),
    (
        "err.parse.declined",
        "jalur feed-rs menolak: {detail}",
        "feed-rs path declined: {detail}",
    ),
    (
        "err.browser.not_http",
        "hanya tautan http dan https yang dibuka",
        "only http and https links are opened",
    ),
    (
        "err.browser.missing",
        "program {program} tidak ditemukan",
        "program {program} not found",
    ),
    (
        "err.browser.start",
        "{program} tidak dapat dijalankan: {e}",
        "cannot start {program}: {e}",
    ),
    (
        "err.browser.exit",
        "{program} berhenti dengan {status}",
        "{program} exited with {status}",
    ),
    (
        "err.retry_after",
        "server minta menunggu sampai {until} (Retry-After)",
        "the server asked to wait until {until} (Retry-After)",
    ),
    (
        "err.discover.fetch",
        "tidak dapat mengambil {url}: {error}",
        "cannot fetch {url}: {error}",
    ),
];
