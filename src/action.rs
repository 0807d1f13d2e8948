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
    /// Add a feed (a feed URL or a site's address).
    AddFeed,
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
        Action::AddFeed,
        Action::Help,
        Action::ForceQuit,
    ];

    /// The message key of what the action does, as the help screen says it.
    pub fn key(self) -> &'static str {
        match self {
            Action::Up => "act.up",
            Action::Down => "act.down",
            Action::Top => "act.top",
            Action::Bottom => "act.bottom",
            Action::PageUp => "act.page_up",
            Action::PageDown => "act.page_down",
            Action::Open => "act.open",
            Action::Back => "act.back",
            Action::BackOrQuit => "act.back_or_quit",
            Action::ForceQuit => "act.force_quit",
            Action::RefreshFeed => "act.refresh",
            Action::RefreshAll => "act.refresh_all",
            Action::MarkFeedRead => "act.mark_feed_read",
            Action::MarkAllRead => "act.mark_all_read",
            Action::ToggleRead => "act.toggle_read",
            Action::NextUnread => "act.next_unread",
            Action::ToggleUnreadOnly => "act.unread_only",
            Action::OpenInBrowser => "act.open_in_browser",
            Action::CopyLink => "act.copy_link",
            Action::FetchFullText => "act.full_text",
            Action::OpenLink(_) => "act.open_link",
            Action::ToggleSaved => "act.save",
            Action::ToggleLampung => "act.lampung",
            Action::Search => "act.search",
            Action::AddFeed => "act.add_feed",
            Action::Help => "act.help",
        }
    }

    /// What the action does, in `lang`.
    pub fn describe(self, lang: crate::i18n::Lang) -> &'static str {
        crate::i18n::t(lang, self.key())
    }
}
