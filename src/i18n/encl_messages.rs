//! Messages of enclosures (podcast audio, video, images) and their sizes: (key, Indonesian, English).

use super::Lang;

pub const ENCL_MESSAGES: &[(&str, &str, &str)] = &[
    (
        "act.open_enclosure",
        "buka lampiran (audio, video) dengan player",
        "open an attachment (audio, video) with the player",
    ),
    ("encl.heading", "Lampiran:", "Attachments:"),
    (
        "encl.size_unknown",
        "ukuran tidak diketahui",
        "size unknown",
    ),
    ("encl.type_unknown", "jenis tidak diketahui", "unknown type"),
    (
        "encl.none",
        "Artikel ini tidak punya lampiran",
        "This article has no attachments",
    ),
    (
        "encl.pick_title",
        " Lampiran: angka, atau j/k lalu Enter; Esc batal ",
        " Attachments: a digit, or j/k then Enter; Esc cancels ",
    ),
    (
        "encl.opened",
        "Dibuka dengan {program}: {url}",
        "Opened with {program}: {url}",
    ),
    (
        "encl.failed",
        "Tidak bisa menjalankan {program}: {e}",
        "Cannot run {program}: {e}",
    ),
    (
        "encl.not_http",
        "Hanya lampiran http/https yang dibuka",
        "Only http/https attachments are opened",
    ),
];

/// `bytes` for people, in the language's number format: "12,3 MB" / "12.3 MB" (powers of 1000).
pub fn human_size(lang: Lang, bytes: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1000.0;
    let mut unit = 0;
    while v >= 999.95 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    let s = format!("{v:.1}");
    let s = match lang {
        Lang::Id => s.replace('.', ","),
        Lang::En => s,
    };
    format!("{s} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_language() {
        assert_eq!(human_size(Lang::Id, 12_345_678), "12,3 MB");
        assert_eq!(human_size(Lang::En, 12_345_678), "12.3 MB");
        assert_eq!(human_size(Lang::En, 999), "999 B");
        assert_eq!(human_size(Lang::En, 999_999), "1.0 MB");
    }
}
