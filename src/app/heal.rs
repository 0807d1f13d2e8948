//! Healing as the reader sees it: what a refresh fixed or found, and taking a found address.

use super::*;
use crate::discover::heal::{self, FixTo};
use crate::feed::refresh::Healing;

impl App {
    /// Where fixes go: the config file, or (no file: the embedded defaults) the store.
    pub fn fix_to(&self) -> FixTo {
        match (&self.config_path, self.config.using_defaults) {
            (_, true) => FixTo::Defaults,
            (Some(p), false) => FixTo::Config(p.clone()),
            (None, false) => FixTo::Nowhere,
        }
    }

    /// The key that takes a found address, as help names it.
    pub fn accept_key(&self) -> String {
        self.keymap
            .keys_for(Action::AcceptMove)
            .first()
            .map(|k| k.name(self.locale.lang))
            .unwrap_or_default()
    }

    /// One line for what a refresh healed, if anything (moves first: they are done).
    pub(super) fn healing_message(&self, h: &Healing) -> Option<String> {
        let name_url = |(id, _, to): &(i64, String, String)| {
            vec![
                ("name", self.feed_name(*id)),
                ("url", crate::text::shown_url(to)),
            ]
        };
        if let Some(m) = h.moved.first() {
            return Some(self.locale.tf("st.healed_moved", &name_url(m)));
        }
        if let Some(m) = h.applied.first() {
            return Some(self.locale.tf("st.healed_applied", &name_url(m)));
        }
        h.suggested.first().map(|m| {
            let mut args = name_url(m);
            args.push(("key", self.accept_key()));
            self.locale.tf("st.healed_suggested", &args)
        })
    }

    /// `m` on the feed list: give the selected feed the address found for it, and refresh it.
    pub(super) fn accept_move(&mut self) {
        let Some(FeedEntry::Feed(f)) = self.selected_feed().cloned() else {
            return;
        };
        let Some(to) = f.moved_to.clone() else {
            return self.info(self.locale.t("st.move_none"));
        };
        let fix = self.fix_to();
        let now = crate::time::now();
        if heal::apply(&mut self.store, &fix, f.id, &f.url, &to, now) {
            if let Some(c) = self.config.feeds.iter_mut().find(|c| c.url == f.url) {
                c.url = to.clone();
            }
            self.reload_feeds();
            let msg = self.locale.tf(
                "st.healed_moved",
                &[
                    ("name", f.display.clone()),
                    ("url", crate::text::shown_url(&to)),
                ],
            );
            self.info(msg);
            self.request_refresh(vec![f.id]);
        } else {
            self.error(self.locale.t("st.move_none"));
        }
    }
}
