//! Interface language (Indonesian or English) and where dates are shown (time zone).
//!
//! Every message is a whole sentence per language with named `{placeholders}`: nothing is
//! built by gluing translated pieces together, since word order differs between languages.

use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Timelike};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// `language` from the config, else `LC_ALL`, `LC_MESSAGES`, `LANG` (`id_*` gives Indonesian),
    /// else English.
    pub fn detect(configured: Option<&str>) -> Lang {
        if let Some(l) = configured {
            return if l == "id" { Lang::Id } else { Lang::En };
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return if v.starts_with("id") {
                    Lang::Id
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

/// A time zone as kabar shows it: a fixed offset and its abbreviation (Indonesia has no DST).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub offset: FixedOffset,
    pub abbr: String,
}

impl Default for Zone {
    fn default() -> Self {
        Zone::parse("Asia/Jakarta").expect("WIB")
    }
}

impl Zone {
    /// `Asia/Jakarta` (WIB), `Asia/Pontianak` (WIB), `Asia/Makassar` (WITA), `Asia/Jayapura`
    /// (WIT), `UTC`, or `+HH:MM` / `-HH:MM`.
    pub fn parse(s: &str) -> Option<Zone> {
        let (secs, abbr) = match s.trim() {
            "Asia/Jakarta" | "Asia/Pontianak" | "WIB" => (7 * 3600, "WIB".to_string()),
            "Asia/Makassar" | "WITA" => (8 * 3600, "WITA".to_string()),
            "Asia/Jayapura" | "WIT" => (9 * 3600, "WIT".to_string()),
            "UTC" | "Etc/UTC" | "GMT" => (0, "UTC".to_string()),
            other => {
                let sign = match other.chars().next()? {
                    '+' => 1,
                    '-' => -1,
                    _ => return None,
                };
                let (h, m) = other[1..].split_once(':')?;
                let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
                if h > 14 || m > 59 {
                    return None;
                }
                (sign * (h * 3600 + m * 60), format!("UTC{other}"))
            }
        };
        Some(Zone {
            offset: FixedOffset::east_opt(secs)?,
            abbr,
        })
    }
}

/// Language and time zone together: everything needed to show text and dates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Locale {
    pub lang: Lang,
    pub zone: Zone,
}

const MONTHS_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Locale {
    pub fn from_config(c: &crate::config::Config) -> Locale {
        Locale {
            lang: Lang::detect(c.language.as_deref()),
            zone: Zone::parse(&c.timezone).unwrap_or_default(),
        }
    }

    fn at(&self, ts: i64) -> Option<DateTime<FixedOffset>> {
        self.zone.offset.timestamp_opt(ts, 0).single()
    }

    fn month(&self, m: u32) -> &'static str {
        let i = (m.clamp(1, 12) - 1) as usize;
        match self.lang {
            Lang::Id => MONTHS_ID[i],
            Lang::En => MONTHS_EN[i],
        }
    }

    /// `22 Apr 2019 15:40 WIB`.
    pub fn long(&self, ts: i64) -> String {
        match self.at(ts) {
            Some(d) => format!(
                "{:02} {} {} {:02}:{:02} {}",
                d.day(),
                self.month(d.month()),
                d.year(),
                d.hour(),
                d.minute(),
                self.zone.abbr
            ),
            None => "-".into(),
        }
    }

    /// Compact date for list rows: `15:40` today, `22 Apr` this year, `22/04/19` otherwise.
    pub fn short(&self, ts: i64, now: i64) -> String {
        let (Some(d), Some(n)) = (self.at(ts), self.at(now)) else {
            return "-".into();
        };
        if d.date_naive() == n.date_naive() {
            format!("{:02}:{:02}", d.hour(), d.minute())
        } else if d.year() == n.year() {
            format!("{:02} {}", d.day(), self.month(d.month()))
        } else {
            format!("{:02}/{:02}/{:02}", d.day(), d.month(), d.year() % 100)
        }
    }

    /// RFC 3339 in this zone, for `--json`.
    pub fn rfc3339(&self, ts: i64) -> String {
        self.at(ts).map(|d| d.to_rfc3339()).unwrap_or_default()
    }

    /// "5 menit lalu", "kemarin", "3 hari lalu" (or English), for times up to a week ago.
    pub fn relative(&self, ts: i64, now: i64) -> Option<String> {
        let secs = now - ts;
        if !(0..7 * 86_400).contains(&secs) {
            return None;
        }
        let days = match (self.at(ts), self.at(now)) {
            (Some(d), Some(n)) => (n.date_naive() - d.date_naive()).num_days(),
            _ => return None,
        };
        let n = |v: i64| v.to_string();
        Some(if secs < 60 {
            t(self.lang, "rel.now").to_string()
        } else if secs < 3600 {
            tf(self.lang, "rel.minutes", &[("n", n(secs / 60))])
        } else if days == 0 {
            tf(self.lang, "rel.hours", &[("n", n(secs / 3600))])
        } else if days == 1 {
            t(self.lang, "rel.yesterday").to_string()
        } else {
            tf(self.lang, "rel.days", &[("n", n(days))])
        })
    }

    pub fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }

    pub fn tf(&self, key: &str, args: &[(&str, String)]) -> String {
        tf(self.lang, key, args)
    }
}

/// The message `key` in `lang` (`"?"` when missing, which a test forbids).
pub fn t(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or_else(|| {
        debug_assert!(false, "missing message {key}");
        "?"
    })
}

/// The message `key` in `lang`, if there is one.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    MESSAGES
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, id, en)| match lang {
            Lang::Id => *id,
            Lang::En => *en,
        })
}

/// The message `key` with each `{name}` replaced by its value, and each `{name:one|other}`
/// by the form for that number (English "1 article", "2 articles"; Indonesian has no plural).
pub fn tf(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(lang, key).to_string();
    for (name, value) in args {
        let open = format!("{{{name}:");
        while let Some(start) = s.find(&open) {
            let Some(len) = s[start..].find('}') else {
                break;
            };
            let forms = &s[start + open.len()..start + len];
            let (one, other) = forms.split_once('|').unwrap_or((forms, forms));
            let form = if value.as_str() == "1" { one } else { other }.to_string();
            s.replace_range(start..=start + len, &form);
        }
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// Every message: (key, Indonesian, English).
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
    // Command-line help (`kabar --help`, `kabar <command> --help`), keyed `help.<command>.<field>`
    // and `help.<command>.<arg id>` (`kabar` for the top level). The English is the doc comment
    // in src/cli.rs, which stays the source of truth: a test in src/cli/help.rs checks that the
    // two agree and that every command and option has an entry here.
    (
        "help.kabar.about",
        "Pembaca berita terminal untuk berita daerah Lampung",
        "A terminal news reader for Lampung regional news",
    ),
    (
        "help.kabar.long_about",
        "Pembaca berita terminal untuk berita daerah Lampung.\n\n\
         Tanpa perintah, kabar membuka pembaca. Semua perintah memakai penyimpanan yang sama, \
         jadi kabar juga bisa dijalankan dari cron dan skrip.",
        "A terminal news reader for Lampung regional news.\n\n\
         With no command, opens the reader. Every command uses the same store, so kabar works \
         from cron and scripts too.",
    ),
    (
        "help.kabar.after_help",
        "Contoh:\n  \
         kabar                      buka pembaca\n  \
         kabar refresh              ambil setiap feed sekali (untuk cron)\n  \
         kabar list --unread --limit 20\n  \
         kabar --config-dir /tmp/k feeds --json",
        "Examples:\n  \
         kabar                      open the reader\n  \
         kabar refresh              fetch every feed once (for cron)\n  \
         kabar list --unread --limit 20\n  \
         kabar --config-dir /tmp/k feeds --json",
    ),
    (
        "help.kabar.after_long_help",
        "Contoh:\n  \
         kabar                      buka pembaca\n  \
         kabar refresh              ambil setiap feed sekali (untuk cron)\n  \
         kabar list --unread --limit 20\n  \
         kabar add https://lampost.co/   cari feed situs itu lalu tambahkan\n  \
         kabar check                coba setiap feed yang terdaftar sekali\n  \
         kabar --config-dir /tmp/k feeds --json\n\n\
         Status keluar:\n  \
         0  berhasil\n  \
         1  tidak ditemukan: id artikel atau feed tidak dikenal, tidak ada feed di URL itu,\n     \
         tidak ada yang dipilih, atau (kabar check) ada feed yang gagal\n  \
         2  baris perintah atau config.toml salah, URL yang bukan http(s), atau beberapa feed\n     \
         ditemukan tanpa terminal untuk bertanya dan tanpa --yes\n  \
         3  penyimpanan (kabar.db) tidak bisa dipakai\n  \
         4  gagal membaca atau menulis berkas atau terminal",
        "Examples:\n  \
         kabar                      open the reader\n  \
         kabar refresh              fetch every feed once (for cron)\n  \
         kabar list --unread --limit 20\n  \
         kabar add https://lampost.co/   find the site's feed and add it\n  \
         kabar check                try every configured feed once\n  \
         kabar --config-dir /tmp/k feeds --json\n\n\
         Exit status:\n  \
         0  success\n  \
         1  not found: unknown article id or feed, no feed found at a URL, nothing picked,\n     \
         or (kabar check) at least one feed failed\n  \
         2  bad command line or config.toml, a URL that is not http(s), or several feeds found\n     \
         with no terminal to ask on and no --yes\n  \
         3  the store (kabar.db) cannot be used\n  \
         4  reading or writing a file or the terminal failed",
    ),
    (
        "help.kabar.config_dir",
        "Direktori konfigurasi (bawaan: $XDG_CONFIG_HOME/kabar; juga KABAR_CONFIG_DIR)",
        "Config directory (default: $XDG_CONFIG_HOME/kabar; also KABAR_CONFIG_DIR)",
    ),
    (
        "help.refresh.about",
        "Ambil setiap feed sekali dan cetak satu baris per feed",
        "Fetch every feed once and print one line per feed",
    ),
    (
        "help.refresh.after_help",
        "Contoh:\n  kabar refresh\n  \
         */30 * * * * kabar refresh >/dev/null   (crontab)",
        "Examples:\n  kabar refresh\n  \
         */30 * * * * kabar refresh >/dev/null   (crontab)",
    ),
    (
        "help.list.about",
        "Tampilkan artikel yang tersimpan, terbaru lebih dulu",
        "List stored articles, newest first",
    ),
    (
        "help.list.after_help",
        "Contoh:\n  kabar list --unread\n  \
         kabar list --feed \"ANTARA Lampung\" --limit 10\n  kabar list --json | jq '.[0].title'\n  \
         kabar list --lampung --unread\n  kabar list --saved",
        "Examples:\n  kabar list --unread\n  \
         kabar list --feed \"ANTARA Lampung\" --limit 10\n  kabar list --json | jq '.[0].title'\n  \
         kabar list --lampung --unread\n  kabar list --saved",
    ),
    (
        "help.list.unread",
        "Hanya artikel yang belum dibaca",
        "Only unread articles",
    ),
    (
        "help.list.saved",
        "Hanya artikel yang disimpan (berbintang)",
        "Only saved (starred) articles",
    ),
    (
        "help.list.lampung",
        "Hanya artikel yang menyebut tempat di Lampung (tempatnya ditampilkan)",
        "Only articles that name a place in Lampung (the place is shown)",
    ),
    (
        "help.list.feed",
        "Hanya feed ini (nama, judul, atau URL-nya)",
        "Only this feed (its name, title or URL)",
    ),
    (
        "help.list.limit",
        "Paling banyak N artikel",
        "At most N articles",
    ),
    (
        "help.list.json",
        "Keluaran berupa array JSON, bukan teks",
        "JSON array instead of text",
    ),
    (
        "help.search.about",
        "Cari di semua artikel yang tersimpan (judul dan isi), yang paling cocok lebih dulu",
        "Search every stored article (title and text), best match first",
    ),
    (
        "help.search.after_help",
        "Contoh:\n  kabar search banjir\n  kabar search \"harga cabai\" --json",
        "Examples:\n  kabar search banjir\n  kabar search \"harga cabai\" --json",
    ),
    (
        "help.search.query",
        "Kata yang dicari (semuanya harus cocok; tiap kata juga sebagai awalan)",
        "Words to find (all must match; each also as a prefix)",
    ),
    (
        "help.search.limit",
        "Paling banyak N hasil",
        "At most N results",
    ),
    (
        "help.search.json",
        "Keluaran berupa array JSON, bukan teks",
        "JSON array instead of text",
    ),
    (
        "help.save.about",
        "Simpan (beri bintang) artikel; artikel tersimpan tidak pernah terbuang oleh batas per feed",
        "Save (star) articles; saved articles are never dropped by the per-feed cap",
    ),
    (
        "help.save.after_help",
        "Contoh:\n  kabar save 12",
        "Examples:\n  kabar save 12",
    ),
    (
        "help.unsave.about",
        "Batalkan simpan artikel",
        "Unsave articles",
    ),
    (
        "help.unsave.after_help",
        "Contoh:\n  kabar unsave 12",
        "Examples:\n  kabar unsave 12",
    ),
    (
        "help.feeds.about",
        "Tampilkan feed beserta jumlah artikel, pembaruan terakhir, dan galat terakhir",
        "List feeds with counts, last refresh and last error",
    ),
    (
        "help.feeds.after_help",
        "Contoh:\n  kabar feeds\n  kabar feeds --json",
        "Examples:\n  kabar feeds\n  kabar feeds --json",
    ),
    (
        "help.feeds.json",
        "Keluaran berupa array JSON, bukan teks",
        "JSON array instead of text",
    ),
    (
        "help.read.about",
        "Tandai artikel sudah dibaca (id seperti yang dicetak `kabar list`)",
        "Mark articles read (ids as printed by `kabar list`)",
    ),
    (
        "help.read.after_help",
        "Contoh:\n  kabar read 12 13 14",
        "Examples:\n  kabar read 12 13 14",
    ),
    (
        "help.unread.about",
        "Tandai artikel belum dibaca",
        "Mark articles unread",
    ),
    (
        "help.unread.after_help",
        "Contoh:\n  kabar unread 12",
        "Examples:\n  kabar unread 12",
    ),
    (
        "help.import.about",
        "Tambahkan feed dari berkas OPML atau berkas `urls` newsboat ke config.toml",
        "Add feeds from an OPML file or a newsboat `urls` file to config.toml",
    ),
    (
        "help.import.after_help",
        "Contoh:\n  kabar import feeds.opml\n  kabar import ~/.newsboat/urls",
        "Examples:\n  kabar import feeds.opml\n  kabar import ~/.newsboat/urls",
    ),
    (
        "help.export.about",
        "Cetak daftar feed sebagai OPML 2.0",
        "Print the feed list as OPML 2.0",
    ),
    (
        "help.export.after_help",
        "Contoh:\n  kabar export > kabar.opml",
        "Examples:\n  kabar export > kabar.opml",
    ),
    (
        "help.show.about",
        "Cetak artikel seperti yang ditampilkan pembaca",
        "Print an article as the reader shows it",
    ),
    (
        "help.show.after_help",
        "Contoh:\n  kabar show 12\n  kabar show 12 --width 60",
        "Examples:\n  kabar show 12\n  kabar show 12 --width 60",
    ),
    (
        "help.show.width",
        "Lipat baris pada N kolom (bawaan: lebar terminal, atau 80)",
        "Wrap at N columns (default: the terminal's width, else 80)",
    ),
    (
        "help.add.about",
        "Tambah feed: URL feed, atau halaman situs (feed yang diumumkan situs itu dicari)",
        "Add a feed: a feed's URL, or a site's page (its announced feeds are found)",
    ),
    (
        "help.add.long_about",
        "Tambahkan feed ke config.toml, dengan komentar Anda tetap utuh.\n\n\
         URL boleh berupa feed, atau halaman web: feed yang diumumkan halaman itu \
         (<link rel=\"alternate\">) dan alamat yang lazim (WordPress /feed/, Blogger \
         /feeds/posts/default, /rss, /feed, /rss.xml, /atom.xml, /index.xml) dicoba, dan hanya \
         feed sungguhan yang ditawarkan. Jika ada beberapa, kabar menanyakan yang mana (atau \
         mengambil yang pertama dengan --yes). Tanpa config.toml, feed bawaan ditulis dulu ke \
         config.toml baru, supaya tetap ada.",
        "Add a feed to config.toml, keeping your comments.\n\n\
         URL may be a feed, or a web page: then the feeds it announces (<link rel=\"alternate\">) \
         and the usual addresses (WordPress /feed/, Blogger /feeds/posts/default, /rss, /feed, \
         /rss.xml, /atom.xml, /index.xml) are tried, and only real feeds are offered. With \
         several, kabar asks which (or takes the first with --yes). Without a config.toml, \
         the default feeds are written into a new one first, so they stay.",
    ),
    (
        "help.add.after_help",
        "Contoh:\n  kabar add https://lampung.antaranews.com/rss/terkini.xml\n  \
         kabar add https://www.teraslampung.com/ --name \"Teras Lampung\" --tag lampung\n  \
         kabar add lampost.co --yes",
        "Examples:\n  kabar add https://lampung.antaranews.com/rss/terkini.xml\n  \
         kabar add https://www.teraslampung.com/ --name \"Teras Lampung\" --tag lampung\n  \
         kabar add lampost.co --yes",
    ),
    (
        "help.add.url",
        "URL feed atau situsnya (https:// ditambahkan bila tidak ditulis)",
        "The feed's or the site's URL (https:// is assumed when left out)",
    ),
    (
        "help.add.name",
        "Nama yang ditampilkan (bawaan: judul feed itu sendiri)",
        "Name to show (default: the feed's own title)",
    ),
    (
        "help.add.tags",
        "Beri tag pada feed (boleh diulang)",
        "Tag the feed (repeatable)",
    ),
    (
        "help.add.yes",
        "Jika ditemukan beberapa feed, ambil yang pertama tanpa bertanya",
        "With several feeds found, take the first without asking",
    ),
    (
        "help.remove.about",
        "Hapus feed dari config.toml menurut nama atau URL-nya",
        "Remove a feed from config.toml by its name or URL",
    ),
    (
        "help.remove.after_help",
        "Contoh:\n  kabar remove \"Teras Lampung\"\n  \
         kabar remove https://www.teraslampung.com/feed/",
        "Examples:\n  kabar remove \"Teras Lampung\"\n  \
         kabar remove https://www.teraslampung.com/feed/",
    ),
    (
        "help.check.about",
        "Ambil setiap feed yang terdaftar sekali dan laporkan status, jenis, jumlah item, tanggal terbaru, isi",
        "Fetch every configured feed once and report status, type, items, newest date, bodies",
    ),
    (
        "help.check.long_about",
        "Ambil setiap feed yang terdaftar sekali, tanpa menyimpan apa pun, dan laporkan per \
         feed: status HTTP (atau galatnya), jenis konten, jumlah item, item terbaru (WIB), dan \
         apakah item memuat berita utuh atau hanya cuplikan. Keluar dengan status 1 jika ada \
         feed yang gagal.",
        "Fetch every configured feed once, storing nothing, and report per feed: \
         HTTP status (or the error), content type, item count, newest item (WIB), and \
         whether items carry full stories or excerpts. Exits 1 when any feed failed.",
    ),
    (
        "help.check.after_help",
        "Contoh:\n  kabar check\n  \
         kabar check --json | jq '.[] | select(.ok | not) | .url'",
        "Examples:\n  kabar check\n  \
         kabar check --json | jq '.[] | select(.ok | not) | .url'",
    ),
    (
        "help.check.json",
        "Keluaran berupa array JSON, bukan tabel",
        "JSON array instead of a table",
    ),
    (
        "help.completions.about",
        "Cetak skrip pelengkapan otomatis untuk shell",
        "Print a shell completion script",
    ),
    (
        "help.completions.after_help",
        "Contoh:\n  \
         kabar completions bash > ~/.local/share/bash-completion/completions/kabar\n  \
         kabar completions zsh > ~/.zfunc/_kabar\n  \
         kabar completions fish > ~/.config/fish/completions/kabar.fish",
        "Examples:\n  \
         kabar completions bash > ~/.local/share/bash-completion/completions/kabar\n  \
         kabar completions zsh > ~/.zfunc/_kabar\n  \
         kabar completions fish > ~/.config/fish/completions/kabar.fish",
    ),
    (
        "help.completions.shell",
        "Shell tujuan skrip pelengkapan",
        "The shell to complete for",
    ),
    (
        "help.man.about",
        "Cetak halaman manual (roff)",
        "Print the man page (roff)",
    ),
    (
        "help.man.after_help",
        "Contoh:\n  kabar man > ~/.local/share/man/man1/kabar.1\n  kabar man | man -l -",
        "Examples:\n  kabar man > ~/.local/share/man/man1/kabar.1\n  kabar man | man -l -",
    ),
    // clap's own words, which kabar supplies itself in Indonesian (src/cli/help.rs).
    ("help.usage", "Pemakaian", "Usage"),
    ("help.commands", "Perintah", "Commands"),
    ("help.arguments", "Argumen", "Arguments"),
    ("help.options", "Opsi", "Options"),
    ("help.flag.help", "Tampilkan bantuan", "Print help"),
    (
        "help.flag.help_short",
        "Tampilkan bantuan (selengkapnya dengan '--help')",
        "Print help (see more with '--help')",
    ),
    (
        "help.flag.help_long",
        "Tampilkan bantuan (ringkasnya dengan '-h')",
        "Print help (see a summary with '-h')",
    ),
    ("help.flag.version", "Tampilkan versi", "Print version"),
    ("help.default", "bawaan", "default"),
    ("help.possible_values", "pilihan", "possible values"),
    (
        "help.help.about",
        "Tampilkan pesan ini atau bantuan perintah yang disebut",
        "Print this message or the help of the given subcommand(s)",
    ),
    (
        "help.help.subcommand",
        "Perintah yang bantuannya ditampilkan",
        "Print help for the subcommand(s)",
    ),
    ("help.err.error", "galat", "error"),
    ("help.err.tip", "saran", "tip"),
    (
        "help.err.more",
        "Untuk keterangan lebih lanjut, coba '{flag}'.",
        "For more information, try '{flag}'.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_unique_and_placeholders_match() {
        let mut seen = std::collections::HashSet::new();
        for (k, id, en) in MESSAGES {
            assert!(seen.insert(k), "duplicate key {k}");
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    // A plural choice `{n:one|other}` takes the same value as `{n}`.
                    .filter(|n| !n.contains(':'))
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(
                holes(id),
                holes(en),
                "{k}: both languages take the same values"
            );
        }
    }

    #[test]
    fn dates_in_zone_and_language() {
        let id = Locale::default();
        assert_eq!(id.long(1555922400), "22 Apr 2019 15:40 WIB");
        let en = Locale {
            lang: Lang::En,
            zone: Zone::parse("Asia/Makassar").unwrap(),
        };
        assert_eq!(en.long(1564652400), "01 Aug 2019 17:40 WITA");
        assert_eq!(id.long(1564652400), "01 Agu 2019 16:40 WIB");
        assert_eq!(Zone::parse("+05:30").unwrap().abbr, "UTC+05:30");
        assert!(Zone::parse("Mars/Olympus").is_none());
    }

    #[test]
    fn relative_times() {
        let now = 1555922400;
        let id = Locale::default();
        let en = Locale {
            lang: Lang::En,
            ..Locale::default()
        };
        assert_eq!(id.relative(now - 300, now).unwrap(), "5 menit lalu");
        assert_eq!(en.relative(now - 300, now).unwrap(), "5 min ago");
        assert_eq!(id.relative(now - 86_400, now).unwrap(), "kemarin");
        assert_eq!(en.relative(now - 3 * 86_400, now).unwrap(), "3 days ago");
        assert_eq!(id.relative(now - 30 * 86_400, now), None);
    }

    #[test]
    fn english_counts_take_the_singular_for_one() {
        let f = |n: &str| tf(Lang::En, "st.marked_n_read", &[("n", n.to_string())]);
        assert_eq!(f("1"), "1 article marked read");
        assert_eq!(f("2"), "2 articles marked read");
        assert_eq!(
            tf(Lang::Id, "st.marked_n_read", &[("n", "1".into())]),
            "1 artikel ditandai sudah dibaca"
        );
    }
}
