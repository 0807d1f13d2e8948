//! Messages of user commands (`[[commands]]`), the pipe (`|`) and `kabar run`:
//! (key, Indonesian, English).

pub const CMDS_MESSAGES: &[(&str, &str, &str)] = &[
    (
        "act.pipe",
        "kirim teks artikel ke sebuah perintah",
        "pipe the article's text to a command",
    ),
    ("label.commands_heading", "Perintah Anda", "Your commands"),
    ("label.pipe_prompt", "| {q}", "| {q}"),
    (
        "label.pipe_hint",
        "Enter jalankan · Esc batal",
        "Enter run · Esc cancel",
    ),
    ("st.cmd_running", "{name}: berjalan…", "{name}: running…"),
    ("st.cmd_done", "{name}: selesai", "{name}: done"),
    (
        "st.cmd_failed",
        "{name} gagal (kode {code}): {e}",
        "{name} failed (code {code}): {e}",
    ),
    (
        "st.cmd_failed_quiet",
        "{name} gagal (kode {code})",
        "{name} failed (code {code})",
    ),
    (
        "st.cmd_killed",
        "{name} dihentikan (sinyal {n})",
        "{name} was stopped (signal {n})",
    ),
    (
        "st.cmd_start_failed",
        "{name} tidak bisa dijalankan: {e}",
        "{name} could not run: {e}",
    ),
    (
        "st.cmd_no_article",
        "Pilih atau buka artikel dulu",
        "Select or open an article first",
    ),
    (
        "st.cmd_no_http",
        "{name} tidak dijalankan: artikel ini tidak punya tautan http(s) untuk {url}",
        "{name} not run: this article has no http(s) link for {url}",
    ),
    (
        "st.pipe_quote",
        "Tanda kutip {quote} di posisi {at} tidak ditutup",
        "The quote {quote} at position {at} is not closed",
    ),
    (
        "st.pipe_backslash",
        "Baris perintah berakhir dengan \\ yang tidak meloloskan apa pun",
        "The command line ends with a \\ that escapes nothing",
    ),
    (
        "cli.no_command",
        "tidak ada perintah {name} di config.toml ([[commands]]: {known})",
        "no command {name} in config.toml ([[commands]]: {known})",
    ),
];
