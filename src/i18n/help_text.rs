//! The command-line help in Indonesian (`kabar --help`): the texts of the commands and options,
//! whose English is the doc comments of `src/cli/args.rs`, and clap's own words.

/// The Indonesian of every text of the command tree, as (key, Indonesian), keyed
/// `help.<command>.<field>` and `help.<command>.<arg id>` (`kabar` for the top level). The
/// English is not repeated here: it is the doc comment in src/cli/args.rs (clap's output, as is).
/// A test in src/cli/help.rs checks that every command and option has an entry and every entry
/// a command or option.
pub const CLI_HELP: &[(&str, &str)] = &[
    (
        "help.kabar.about",
        "Pembaca berita terminal untuk berita daerah Lampung",
    ),
    (
        "help.kabar.long_about",
        "Pembaca berita terminal untuk berita daerah Lampung.\n\n\
         Tanpa perintah, kabar membuka pembaca. Semua perintah memakai penyimpanan yang sama, \
         jadi kabar juga bisa dijalankan dari cron dan skrip.",
    ),
    (
        "help.kabar.after_help",
        "Contoh:\n  \
         kabar                      buka pembaca\n  \
         kabar refresh              ambil setiap feed sekali (untuk cron)\n  \
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
    ),
    (
        "help.kabar.config_dir",
        "Direktori konfigurasi (bawaan: $XDG_CONFIG_HOME/kabar; juga KABAR_CONFIG_DIR)",
    ),
    (
        "help.refresh.about",
        "Ambil setiap feed sekali dan cetak satu baris per feed",
    ),
    (
        "help.refresh.after_help",
        "Contoh:\n  kabar refresh\n  \
         */30 * * * * kabar refresh >/dev/null   (crontab)\n  \
         kabar refresh -v           galat tiap feed walau tanpa jaringan\n  \
         kabar refresh --all        juga feed yang refresh_minutes-nya belum lewat",
    ),
    (
        "help.refresh.verbose",
        "Cetak baris setiap feed walau jaringan mati (jika tidak, satu baris memberitahukannya)",
    ),
    (
        "help.refresh.all",
        "Ambil setiap feed, juga yang diambil kurang dari refresh_minutes-nya yang lalu",
    ),
    (
        "help.sync.about",
        "Sinkronkan dengan server di [sync]: kirim perubahan lokal, ambil perubahan di sana",
    ),
    (
        "help.sync.after_help",
        "Contoh:\n  kabar sync\n  \
         */15 * * * * kabar sync >/dev/null   (crontab)",
    ),
    (
        "help.list.about",
        "Tampilkan artikel yang tersimpan, terbaru lebih dulu",
    ),
    (
        "help.list.after_help",
        "Contoh:\n  kabar list --unread\n  \
         kabar list --feed \"ANTARA Lampung\" --limit 10\n  kabar list --json | jq '.[0].title'\n  \
         kabar list --lampung --unread\n  kabar list --saved\n  \
         kabar list --query \"banjir OR longsor since:7d\"\n  kabar list --query \"gempa place:Metro unread\"",
    ),
    (
        "help.list.query",
        "Hanya artikel yang cocok dengan kueri ini (bahasa kueri / dan tampilan; lihat README)",
    ),
    ("help.list.unread", "Hanya artikel yang belum dibaca"),
    (
        "help.list.saved",
        "Hanya artikel yang disimpan (berbintang)",
    ),
    (
        "help.list.lampung",
        "Hanya artikel yang menyebut tempat di Lampung (tempatnya ditampilkan)",
    ),
    (
        "help.list.feed",
        "Hanya feed ini (nama, judul, atau URL-nya)",
    ),
    ("help.list.limit", "Paling banyak N artikel"),
    ("help.list.json", "Keluaran berupa array JSON, bukan teks"),
    (
        "help.search.about",
        "Cari di semua artikel yang tersimpan (judul dan isi), yang paling cocok lebih dulu",
    ),
    (
        "help.search.after_help",
        "Contoh:\n  kabar search banjir\n  kabar search \"harga cabai\" --json\n  \
         kabar search 'banjir -title:jakarta since:2d'",
    ),
    (
        "help.search.query",
        "Kueri: kata yang dicari (semuanya harus cocok; yang terakhir juga sebagai awalan), atau lebih (lihat README)",
    ),
    ("help.search.limit", "Paling banyak N hasil"),
    ("help.search.json", "Keluaran berupa array JSON, bukan teks"),
    (
        "help.rules.about",
        "Aturan: lihat apa yang cocok dengan kueri, atau terapkan aturan config.toml ke semua artikel tersimpan",
    ),
    (
        "help.rules.after_help",
        "Contoh:\n  kabar rules test \"gempa place:Metro\"\n  kabar rules apply",
    ),
    (
        "help.rules.test.about",
        "Tampilkan artikel tersimpan yang cocok dengan kueri (termasuk yang disembunyikan), terbaru lebih dulu",
    ),
    (
        "help.rules.test.after_help",
        "Contoh:\n  kabar rules test \"banjir OR longsor since:7d\"",
    ),
    ("help.rules.test.limit", "Paling banyak N artikel"),
    (
        "help.rules.apply.about",
        "Terapkan setiap aturan ke setiap artikel tersimpan (penyembunyian dihitung ulang)",
    ),
    (
        "help.rules.apply.after_help",
        "Contoh:\n  kabar rules apply",
    ),
    (
        "help.save.about",
        "Simpan (beri bintang) artikel; artikel tersimpan tidak pernah terbuang oleh batas per feed",
    ),
    ("help.save.after_help", "Contoh:\n  kabar save 12"),
    ("help.unsave.about", "Batalkan simpan artikel"),
    ("help.unsave.after_help", "Contoh:\n  kabar unsave 12"),
    (
        "help.feeds.about",
        "Tampilkan feed beserta jumlah artikel, pembaruan terakhir, dan galat terakhir",
    ),
    (
        "help.feeds.after_help",
        "Contoh:\n  kabar feeds\n  kabar feeds --json",
    ),
    ("help.feeds.json", "Keluaran berupa array JSON, bukan teks"),
    (
        "help.read.about",
        "Tandai artikel sudah dibaca (id seperti yang dicetak `kabar list`)",
    ),
    ("help.read.after_help", "Contoh:\n  kabar read 12 13 14"),
    ("help.unread.about", "Tandai artikel belum dibaca"),
    ("help.unread.after_help", "Contoh:\n  kabar unread 12"),
    (
        "help.import.about",
        "Tambahkan feed dari berkas OPML atau berkas `urls` newsboat ke config.toml",
    ),
    (
        "help.import.after_help",
        "Contoh:\n  kabar import feeds.opml\n  kabar import ~/.newsboat/urls",
    ),
    ("help.export.about", "Cetak daftar feed sebagai OPML 2.0"),
    (
        "help.export.after_help",
        "Contoh:\n  kabar export > kabar.opml",
    ),
    (
        "help.run.about",
        "Jalankan perintah [[commands]] dari config.toml pada artikel tersimpan (status keluar: milik perintah itu)",
    ),
    (
        "help.run.after_help",
        "Contoh:\n  kabar run w 12\n  kabar run wallabag 12",
    ),
    ("help.run.command", "Tombol atau nama perintah itu"),
    ("help.run.id", "Id artikel (seperti dicetak `kabar list`)"),
    (
        "help.show.about",
        "Cetak artikel seperti yang ditampilkan pembaca",
    ),
    (
        "help.show.after_help",
        "Contoh:\n  kabar show 12\n  kabar show 12 --width 60",
    ),
    (
        "help.show.width",
        "Lipat baris pada N kolom (bawaan: lebar terminal, atau 80)",
    ),
    (
        "help.add.about",
        "Tambah feed: URL feed, atau halaman situs (feed yang diumumkan situs itu dicari)",
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
    ),
    (
        "help.add.after_help",
        "Contoh:\n  kabar add https://lampung.antaranews.com/rss/terkini.xml\n  \
         kabar add https://www.teraslampung.com/ --name \"Teras Lampung\" --tag lampung\n  \
         kabar add lampost.co --yes",
    ),
    (
        "help.add.url",
        "URL feed atau situsnya (https:// ditambahkan bila tidak ditulis)",
    ),
    (
        "help.add.name",
        "Nama yang ditampilkan (bawaan: judul feed itu sendiri)",
    ),
    ("help.add.tags", "Beri tag pada feed (boleh diulang)"),
    (
        "help.add.yes",
        "Jika ditemukan beberapa feed, ambil yang pertama tanpa bertanya",
    ),
    (
        "help.remove.about",
        "Hapus feed dari config.toml menurut nama atau URL-nya",
    ),
    (
        "help.remove.after_help",
        "Contoh:\n  kabar remove \"Teras Lampung\"\n  \
         kabar remove https://www.teraslampung.com/feed/",
    ),
    (
        "help.check.about",
        "Ambil setiap feed yang terdaftar sekali dan laporkan status, jenis, jumlah item, tanggal terbaru, isi",
    ),
    (
        "help.check.long_about",
        "Ambil setiap feed yang terdaftar sekali, tanpa menyimpan apa pun, dan laporkan per \
         feed: status HTTP (atau galatnya), jenis konten, jumlah item, item terbaru (dalam zona waktu yang diatur), dan \
         apakah item memuat berita utuh atau hanya cuplikan. Keluar dengan status 1 jika ada \
         feed yang gagal.",
    ),
    (
        "help.check.after_help",
        "Contoh:\n  kabar check\n  \
         kabar check --json | jq '.[] | select(.ok | not) | .url'\n  \
         kabar check --fix          pindahkan feed yang pindah (komentar config tetap)",
    ),
    (
        "help.check.fix",
        "Pindahkan feed yang pindah: ikuti 301/308, pakai feed yang ditemukan untuk alamat rusak",
    ),
    ("help.check.json", "Keluaran berupa array JSON, bukan tabel"),
    (
        "help.completions.about",
        "Cetak skrip pelengkapan otomatis untuk shell",
    ),
    (
        "help.completions.after_help",
        "Contoh:\n  \
         kabar completions bash > ~/.local/share/bash-completion/completions/kabar\n  \
         kabar completions zsh > ~/.zfunc/_kabar\n  \
         kabar completions fish > ~/.config/fish/completions/kabar.fish",
    ),
    ("help.completions.shell", "Shell tujuan skrip pelengkapan"),
    ("help.man.about", "Cetak halaman manual (roff)"),
    (
        "help.man.after_help",
        "Contoh:\n  kabar man > ~/.local/share/man/man1/kabar.1\n  kabar man | man -l -",
    ),
];

/// clap's own words, which kabar supplies itself in Indonesian (src/cli/help.rs), as
/// (key, Indonesian, English).
pub const HELP_MESSAGES: &[(&str, &str, &str)] = &[
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
