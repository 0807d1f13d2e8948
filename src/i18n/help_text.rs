//! The command-line help in Indonesian (`kabar --help`): (key, Indonesian, English).

/// Every `help.*` message, as (key, Indonesian, English).
pub const HELP_MESSAGES: &[(&str, &str, &str)] = &[
    // Command-line help (`kabar --help`, `kabar <command> --help`), keyed `help.<command>.<field>`
    // and `help.<command>.<arg id>` (`kabar` for the top level). The English is the doc comment
    // in src/cli/args.rs, which stays the source of truth: a test in src/cli/help.rs checks that the
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
         2  baris perintah atau config.toml salah, URL yang bukan http(s), beberapa feed\n     \
         ditemukan tanpa terminal untuk bertanya dan tanpa --yes, atau direktori konfigurasi\n     \
         milik pengguna lain atau bisa ditulisi grup atau orang lain\n  \
         3  penyimpanan (kabar.db) tidak bisa dipakai\n  \
         4  gagal membaca atau menulis berkas atau terminal\n  \
         5  kabar refresh: semua feed gagal, tidak ada yang diperbarui\n  \
         6  kabar sync (atau refresh/add/remove dengan [sync]): server sinkronisasi gagal",
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
         2  bad command line or config.toml, a URL that is not http(s), several feeds found\n     \
         with no terminal to ask on and no --yes, or a config dir owned by another user or\n     \
         writable by group or others\n  \
         3  the store (kabar.db) cannot be used\n  \
         4  reading or writing a file or the terminal failed\n  \
         5  kabar refresh: every feed failed, nothing was refreshed\n  \
         6  kabar sync (or refresh/add/remove with [sync]): the sync server failed",
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
        "help.sync.about",
        "Sinkronkan dengan server di [sync]: kirim perubahan lokal, ambil perubahan di sana",
        "Sync with the server in [sync]: push local changes, pull what changed there",
    ),
    (
        "help.sync.after_help",
        "Contoh:\n  kabar sync\n  \
         */15 * * * * kabar sync >/dev/null   (crontab)",
        "Examples:\n  kabar sync\n  \
         */15 * * * * kabar sync >/dev/null   (crontab)",
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
         feed: status HTTP (atau galatnya), jenis konten, jumlah item, item terbaru (dalam zona waktu yang diatur), dan \
         apakah item memuat berita utuh atau hanya cuplikan. Keluar dengan status 1 jika ada \
         feed yang gagal.",
        "Fetch every configured feed once, storing nothing, and report per feed: \
         HTTP status (or the error), content type, item count, newest item (in the configured time zone), and \
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
