//! Everything a user can ask for, as data: keys map to these, the help screen lists them.

/// A user intent, independent of the key that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    /// `q`: back one level, or quit from the feed list.
    BackOrQuit,
    ForceQuit,
    RefreshFeed,
    RefreshAll,
    MarkFeedRead,
    MarkAllRead,
    ToggleRead,
    NextUnread,
    ToggleUnreadOnly,
    OpenInBrowser,
    CopyLink,
    /// Fetch the article's web page for the whole story now.
    FetchFullText,
    /// Open link number N (1-9) of the article.
    OpenLink(u8),
    /// Save (star) the article, or unsave it.
    ToggleSaved,
    /// Show only articles that name a place in Lampung.
    ToggleLampung,
    /// Search every stored article.
    Search,
    Help,
}

impl Action {
    /// Every action, in the order the help screen lists them.
    pub const ALL: &'static [Action] = &[
        Action::Down,
        Action::Up,
        Action::Top,
        Action::Bottom,
        Action::PageDown,
        Action::PageUp,
        Action::Open,
        Action::Back,
        Action::BackOrQuit,
        Action::RefreshFeed,
        Action::RefreshAll,
        Action::MarkFeedRead,
        Action::MarkAllRead,
        Action::ToggleRead,
        Action::NextUnread,
        Action::ToggleUnreadOnly,
        Action::OpenInBrowser,
        Action::CopyLink,
        Action::FetchFullText,
        Action::OpenLink(1),
        Action::ToggleSaved,
        Action::ToggleLampung,
        Action::Search,
        Action::Help,
        Action::ForceQuit,
    ];

    /// What the action does, as the help screen says it.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Up => "naik satu baris",
            Action::Down => "turun satu baris",
            Action::Top => "ke baris pertama",
            Action::Bottom => "ke baris terakhir",
            Action::PageUp => "satu halaman ke atas",
            Action::PageDown => "satu halaman ke bawah",
            Action::Open => "buka feed / artikel",
            Action::Back => "kembali",
            Action::BackOrQuit => "kembali, atau keluar dari daftar feed",
            Action::ForceQuit => "keluar",
            Action::RefreshFeed => "perbarui feed ini",
            Action::RefreshAll => "perbarui semua feed",
            Action::MarkFeedRead => "tandai feed ini sudah dibaca",
            Action::MarkAllRead => "tandai semua sudah dibaca",
            Action::ToggleRead => "tandai dibaca / belum dibaca",
            Action::NextUnread => "artikel belum dibaca berikutnya",
            Action::ToggleUnreadOnly => "tampilkan hanya yang belum dibaca",
            Action::OpenInBrowser => "buka tautan artikel di peramban",
            Action::CopyLink => "salin tautan (OSC 52, juga lewat SSH)",
            Action::Help => "bantuan (daftar tombol)",
            Action::FetchFullText => "ambil artikel lengkap dari situsnya",
            Action::OpenLink(_) => "buka tautan nomor 1-9 dari artikel",
            Action::ToggleSaved => "simpan / batal simpan artikel",
            Action::ToggleLampung => "hanya berita yang menyebut tempat di Lampung",
            Action::Search => "cari di semua artikel (n/N: kecocokan berikutnya)",
        }
    }
}
