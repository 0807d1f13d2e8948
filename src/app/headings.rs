//! Day headings of article lists: which lines a list shows from its top, and keeping the
//! selection on screen when headings take lines. Nothing is kept per row: a row's day is
//! worked out from its date when it is looked at, so a list of 100,000 rows costs only the
//! rows on screen.

use super::*;

/// One line of an article list on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLine {
    /// The heading of the day of row `i` (not selectable).
    Heading(i64),
    /// Article row `i`.
    Row(i64),
}

/// Whether row `i` starts a day under the list's top: the first row shown always has its
/// heading (so the day of what is on screen is always named), the others when their day
/// differs from the row above.
fn starts_day(list: &ArticleList, locale: &crate::i18n::Locale, i: i64) -> bool {
    if i <= list.top {
        return true;
    }
    let day = |i| list.row(i).map(|r| locale.day_of(r.published));
    day(i) != day(i - 1)
}

/// The lines of `list` from its top, at most `height` of them. With `headings` off, one line
/// per row. A heading is never the last line without its first row.
pub fn list_lines(
    list: &ArticleList,
    locale: &crate::i18n::Locale,
    headings: bool,
    height: usize,
) -> Vec<ListLine> {
    let mut out = Vec::with_capacity(height);
    let mut i = list.top.max(0);
    while out.len() < height && i < list.total {
        if list.row(i).is_none() {
            break;
        }
        if headings && starts_day(list, locale, i) {
            if out.len() + 2 > height {
                break;
            }
            out.push(ListLine::Heading(i));
        }
        out.push(ListLine::Row(i));
        i += 1;
    }
    out
}

impl App {
    /// The lines the open list shows in `height` rows.
    pub fn list_lines(&self, height: usize) -> Vec<ListLine> {
        match &self.list {
            Some(list) => list_lines(list, &self.locale, self.headings_on(), height),
            None => Vec::new(),
        }
    }

    /// Whether the open list shows day headings: when they are on and it is in date order.
    pub fn headings_on(&self) -> bool {
        self.config.date_headings && !self.list.as_ref().is_some_and(|l| l.ranked)
    }

    /// The heading text of row `i` of the open list.
    pub fn day_heading(&self, i: i64) -> String {
        let ts = self
            .list
            .as_ref()
            .and_then(|l| l.row(i))
            .map_or(0, |r| r.published);
        self.locale.day_heading(ts, self.now())
    }

    /// With headings, move the list's top down until the selected row fits under the
    /// headings between them. Only the rows from the top to the selection are looked at (they
    /// are loaded: the selection is within a screen of the top). Gives whether the top moved.
    pub(super) fn fit_headings(&mut self) -> bool {
        if !self.headings_on() {
            return false;
        }
        let height = self.list_height();
        let locale = &self.locale;
        let Some(list) = &mut self.list else {
            return false;
        };
        if list.selected < list.top {
            list.top = list.selected;
        }
        let day = |list: &ArticleList, i: i64| list.row(i).map(|r| locale.day_of(r.published));
        // Lines from the top through the selection: each row, the top's heading, and one per
        // change of day.
        let mut need = 1;
        for i in list.top..=list.selected {
            need += 1;
            if i > list.top && day(list, i) != day(list, i - 1) {
                need += 1;
            }
        }
        let old = list.top;
        while need > height && list.top < list.selected {
            need -= 1;
            if day(list, list.top + 1) != day(list, list.top) {
                need -= 1;
            }
            list.top += 1;
        }
        list.top != old
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ArticleRow;

    fn list(days: &[i64], top: i64) -> ArticleList {
        let rows = days
            .iter()
            .enumerate()
            .map(|(i, d)| ArticleRow {
                id: i as i64,
                feed_id: 1,
                feed: String::new(),
                title: String::new(),
                link: None,
                published: 1_767_243_600 - d * 86_400,
                read: false,
                saved: false,
                place: None,
            })
            .collect::<Vec<_>>();
        ArticleList {
            query: ListQuery::default(),
            title: String::new(),
            total: rows.len() as i64,
            selected: 0,
            top,
            window_start: 0,
            rows,
            search: None,
            view: None,
            ranked: false,
        }
    }

    #[test]
    fn headings_go_where_the_day_changes_and_over_the_top_row() {
        use ListLine::*;
        let locale = crate::i18n::Locale::default();
        let l = list(&[0, 0, 1, 2, 2], 0);
        assert_eq!(
            list_lines(&l, &locale, true, 20),
            vec![
                Heading(0),
                Row(0),
                Row(1),
                Heading(2),
                Row(2),
                Heading(3),
                Row(3),
                Row(4)
            ]
        );
        // Scrolled into a day: its heading stays on top.
        let l = list(&[0, 0, 1, 2, 2], 4);
        assert_eq!(list_lines(&l, &locale, true, 20), vec![Heading(4), Row(4)]);
        // No heading alone on the last line.
        let l = list(&[0, 1], 0);
        assert_eq!(list_lines(&l, &locale, true, 3), vec![Heading(0), Row(0)]);
        assert_eq!(list_lines(&l, &locale, false, 3), vec![Row(0), Row(1)]);
    }
}
