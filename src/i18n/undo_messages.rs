//! Messages of undo, the terminal title and the date headings of lists:
//! (key, Indonesian, English).

pub const UNDO_MESSAGES: &[(&str, &str, &str)] = &[
    (
        "act.undo",
        "batalkan perubahan baca/simpan terakhir",
        "undo the last read/unread/save change",
    ),
    (
        "st.nothing_to_undo",
        "Tidak ada yang bisa dibatalkan",
        "Nothing to undo",
    ),
    (
        "st.undone",
        "Dibatalkan: {what} ({n} artikel)",
        "Undone: {what} ({n} {n:article|articles})",
    ),
    ("undo.read", "tandai dibaca", "mark read"),
    ("undo.unread", "tandai belum dibaca", "mark unread"),
    ("undo.open", "buka artikel", "open article"),
    ("undo.save", "simpan", "save"),
    ("undo.unsave", "batal simpan", "unsave"),
    ("undo.feed_read", "tandai feed dibaca", "mark feed read"),
    ("undo.view_read", "tandai tampilan dibaca", "mark view read"),
    ("undo.all_read", "tandai semua dibaca", "mark all read"),
    (
        "title.unread",
        "kabar — {n} belum dibaca",
        "kabar — {n} unread",
    ),
    ("day.today", "Hari ini", "Today"),
    ("day.yesterday", "Kemarin", "Yesterday"),
    ("day.none", "Tanpa tanggal", "No date"),
];
