//! Everything a user can ask for, as data: one table gives each action its `[keys]` name, its
//! message key, its default keys and its place on the help screen.

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
    /// Take the feed address found for a feed whose address broke ("feed moved? found …").
    AcceptMove,
    /// Open the article's enclosure (podcast audio, video) with `player`; a pick when several.
    OpenEnclosure,
    /// Pipe the article's text into a command typed at a prompt (`|`).
    Pipe,
    /// Undo the last read/unread/save change (`A` included).
    Undo,
    Help,
}

/// One row of the action table.
#[derive(Debug, Clone, Copy)]
pub struct ActionInfo {
    pub action: Action,
    /// The action's name in `[keys]`.
    pub name: &'static str,
    /// The message key of what the action does, as the help screen says it.
    pub message: &'static str,
    /// The keys bound by default, as written in `[keys]`.
    pub keys: &'static [&'static str],
    /// Listed on the help screen (links 2-9 share the row of link 1).
    pub in_help: bool,
}

const fn row(
    action: Action,
    name: &'static str,
    message: &'static str,
    keys: &'static [&'static str],
) -> ActionInfo {
    ActionInfo {
        action,
        name,
        message,
        keys,
        in_help: true,
    }
}

const fn link(n: u8, name: &'static str, keys: &'static [&'static str]) -> ActionInfo {
    ActionInfo {
        action: Action::OpenLink(n),
        name,
        message: "act.open_link",
        keys,
        in_help: n == 1,
    }
}

/// Every action, in the order the help screen lists them. Adding an action means one row here
/// (and its message in `i18n`).
pub const TABLE: &[ActionInfo] = &[
    row(Action::Down, "down", "act.down", &["j", "down"]),
    row(Action::Up, "up", "act.up", &["k", "up"]),
    row(Action::Top, "top", "act.top", &["g", "home"]),
    row(Action::Bottom, "bottom", "act.bottom", &["G", "end"]),
    row(
        Action::PageDown,
        "page_down",
        "act.page_down",
        &["pgdn", "space"],
    ),
    row(Action::PageUp, "page_up", "act.page_up", &["pgup"]),
    row(Action::Open, "open", "act.open", &["enter", "l", "right"]),
    row(Action::Back, "back", "act.back", &["h", "esc", "left"]),
    row(
        Action::BackOrQuit,
        "back_or_quit",
        "act.back_or_quit",
        &["q"],
    ),
    row(Action::RefreshFeed, "refresh", "act.refresh", &["r"]),
    row(Action::RefreshAll, "refresh_all", "act.refresh_all", &["R"]),
    row(
        Action::MarkFeedRead,
        "mark_feed_read",
        "act.mark_feed_read",
        &["a"],
    ),
    row(
        Action::MarkAllRead,
        "mark_all_read",
        "act.mark_all_read",
        &["A"],
    ),
    row(Action::ToggleRead, "toggle_read", "act.toggle_read", &["N"]),
    row(Action::Undo, "undo", "act.undo", &["U"]),
    row(Action::NextUnread, "next_unread", "act.next_unread", &["n"]),
    row(
        Action::ToggleUnreadOnly,
        "unread_only",
        "act.unread_only",
        &["u"],
    ),
    row(
        Action::OpenInBrowser,
        "open_in_browser",
        "act.open_in_browser",
        &["o"],
    ),
    row(Action::CopyLink, "copy_link", "act.copy_link", &["y"]),
    row(Action::FetchFullText, "full_text", "act.full_text", &["F"]),
    row(
        Action::OpenEnclosure,
        "open_enclosure",
        "act.open_enclosure",
        &["e"],
    ),
    link(1, "open_link_1", &["1"]),
    link(2, "open_link_2", &["2"]),
    link(3, "open_link_3", &["3"]),
    link(4, "open_link_4", &["4"]),
    link(5, "open_link_5", &["5"]),
    link(6, "open_link_6", &["6"]),
    link(7, "open_link_7", &["7"]),
    link(8, "open_link_8", &["8"]),
    link(9, "open_link_9", &["9"]),
    row(Action::ToggleSaved, "save", "act.save", &["s"]),
    row(Action::ToggleLampung, "lampung", "act.lampung", &["L"]),
    row(Action::Search, "search", "act.search", &["/"]),
    row(Action::AddFeed, "add_feed", "act.add_feed", &["+"]),
    row(Action::AcceptMove, "accept_move", "act.accept_move", &["m"]),
    row(Action::Pipe, "pipe", "act.pipe", &["|"]),
    row(Action::Help, "help", "act.help", &["?"]),
    row(
        Action::ForceQuit,
        "force_quit",
        "act.force_quit",
        &["ctrl-c"],
    ),
];

/// Names that older configs use, and the action names they stand for.
pub const ALIASES: &[(&str, &str)] = &[("quit", "back_or_quit")];

impl Action {
    /// Every action, in table order.
    pub fn all() -> impl Iterator<Item = Action> {
        TABLE.iter().map(|r| r.action)
    }

    /// The actions the help screen lists, in its order.
    pub fn in_help() -> impl Iterator<Item = Action> {
        TABLE.iter().filter(|r| r.in_help).map(|r| r.action)
    }

    /// The action's row of the table.
    pub fn info(self) -> &'static ActionInfo {
        // Every variant the app builds has a row (a test walks them); OpenLink(n) outside 1-9
        // shares link 1's row.
        TABLE
            .iter()
            .find(|r| r.action == self)
            .or_else(|| {
                TABLE
                    .iter()
                    .find(|r| matches!(r.action, Action::OpenLink(_)))
            })
            .unwrap_or(&TABLE[0])
    }

    /// The action named `name` in `[keys]` (old names included).
    pub fn by_name(name: &str) -> Option<Action> {
        let name = ALIASES
            .iter()
            .find(|(old, _)| *old == name)
            .map_or(name, |(_, new)| new);
        TABLE.iter().find(|r| r.name == name).map(|r| r.action)
    }

    /// The action's name in `[keys]`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The message key of what the action does, as the help screen says it.
    pub fn key(self) -> &'static str {
        self.info().message
    }

    /// What the action does, in `lang`.
    pub fn describe(self, lang: crate::i18n::Lang) -> &'static str {
        crate::i18n::t(lang, self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for (i, r) in TABLE.iter().enumerate() {
            assert_eq!(Action::by_name(r.name), Some(r.action), "{}", r.name);
            assert_eq!(r.action.name(), r.name);
            assert!(
                TABLE[i + 1..]
                    .iter()
                    .all(|o| o.name != r.name && o.action != r.action),
                "{} twice",
                r.name
            );
        }
        assert_eq!(Action::by_name("quit"), Some(Action::BackOrQuit));
        assert_eq!(Action::by_name("nonsense"), None);
    }
}
