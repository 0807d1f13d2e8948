//! Undo (`U`): every read, unread and save change made in the reader is one step on a stack
//! (50 deep, the oldest dropped); undoing one puts the earlier values back, as an effect.

use super::*;
use crate::store::undo::Changed;
use std::collections::VecDeque;

/// How many steps back `U` can go.
pub const UNDO_DEPTH: usize = 50;

/// What the user did, for the status line when it is undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UndoWhat {
    /// `N` marked an article read.
    Read,
    /// `N` marked an article unread.
    Unread,
    /// Opening an article (or `n` in the reader) marked it read.
    Open,
    Save,
    Unsave,
    /// `a` on a feed.
    FeedRead,
    /// `a` on a view.
    ViewRead,
    /// `A`.
    AllRead,
}

impl UndoWhat {
    /// The message key naming the action.
    fn key(self) -> &'static str {
        match self {
            UndoWhat::Read => "undo.read",
            UndoWhat::Unread => "undo.unread",
            UndoWhat::Open => "undo.open",
            UndoWhat::Save => "undo.save",
            UndoWhat::Unsave => "undo.unsave",
            UndoWhat::FeedRead => "undo.feed_read",
            UndoWhat::ViewRead => "undo.view_read",
            UndoWhat::AllRead => "undo.all_read",
        }
    }
}

/// One undoable change: what was done and exactly which articles it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoStep {
    pub what: UndoWhat,
    pub changed: Changed,
}

/// The steps that can be undone, newest last.
#[derive(Debug, Default)]
pub struct UndoStack {
    steps: VecDeque<UndoStep>,
}

impl UndoStack {
    /// Keep `step` (one that changed nothing is not kept); past [`UNDO_DEPTH`] the oldest goes.
    pub fn push(&mut self, step: UndoStep) {
        if step.changed.ids.is_empty() {
            return;
        }
        if self.steps.len() >= UNDO_DEPTH {
            self.steps.pop_front();
        }
        self.steps.push_back(step);
    }

    pub fn pop(&mut self) -> Option<UndoStep> {
        self.steps.pop_back()
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// `n` with the language's thousands separator: "1.234" in Indonesian, "1,234" in English.
pub fn group_digits(n: usize, lang: crate::i18n::Lang) -> String {
    let sep = match lang {
        crate::i18n::Lang::Id => '.',
        crate::i18n::Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

impl App {
    /// Remember a change the user made, to undo it later.
    pub(super) fn remember(&mut self, what: UndoWhat, changed: Changed) {
        self.undo.push(UndoStep { what, changed });
    }

    /// `U`: ask the edge to put the last change back.
    pub(super) fn undo_last(&mut self) {
        match self.undo.pop() {
            Some(step) => self.effects.push(Effect::Undo(step)),
            None => self.info(self.locale.t("st.nothing_to_undo")),
        }
    }

    /// The edge put `step` back (`Ok(n)`: n articles changed back), or could not.
    pub fn on_undone(&mut self, step: UndoStep, result: Result<usize, String>) {
        let n = match result {
            Ok(n) => n,
            Err(e) => {
                self.error(self.locale.tf("st.db_error", &[("e", e)]));
                // Not lost: `U` may try again.
                self.undo.push(step);
                return;
            }
        };
        let before = step.changed.before;
        if step.changed.mark == crate::store::undo::Mark::Read
            && let Some(r) = &mut self.reader
            && step.changed.ids.contains(&r.article.id)
        {
            r.article.read = before;
        }
        self.reload_feeds();
        self.reload_list();
        self.changed_for_server();
        let what = self.locale.t(step.what.key());
        let count = group_digits(n, self.locale.lang);
        self.info(
            self.locale
                .tf("st.undone", &[("what", what.to_string()), ("n", count)]),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::undo::Mark;

    fn step(n: usize) -> UndoStep {
        UndoStep {
            what: UndoWhat::Read,
            changed: Changed {
                mark: Mark::Read,
                before: false,
                ids: (0..n as i64).collect(),
            },
        }
    }

    #[test]
    fn the_stack_keeps_fifty_and_drops_the_oldest_and_empty_steps() {
        let mut s = UndoStack::default();
        s.push(step(0));
        assert!(s.is_empty());
        for i in 1..=60 {
            s.push(step(i));
        }
        assert_eq!(s.len(), UNDO_DEPTH);
        assert_eq!(s.pop().unwrap().changed.ids.len(), 60);
        let mut last = None;
        while let Some(st) = s.pop() {
            last = Some(st);
        }
        assert_eq!(last.unwrap().changed.ids.len(), 11);
    }

    #[test]
    fn digits_are_grouped_per_language() {
        use crate::i18n::Lang;
        assert_eq!(group_digits(1234, Lang::Id), "1.234");
        assert_eq!(group_digits(1234, Lang::En), "1,234");
        assert_eq!(group_digits(999, Lang::En), "999");
        assert_eq!(group_digits(1_234_567, Lang::Id), "1.234.567");
        assert_eq!(group_digits(0, Lang::Id), "0");
    }
}
