//! Day headings of article lists ("Hari ini", "Kemarin", "Senin, 1 Desember"), in the
//! configured zone and language.

use super::{Lang, Locale, t};
use chrono::{Datelike, TimeZone, Weekday};

const WEEKDAYS_ID: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Locale {
    /// The day `ts` falls on in this zone, as a day number (days since 1970-01-01 there);
    /// `None` for an article without a date. Plain arithmetic: cheap enough per row drawn.
    pub fn day_of(&self, ts: i64) -> Option<i64> {
        (ts > 0).then(|| (ts + i64::from(self.zone.offset.local_minus_utc())).div_euclid(86_400))
    }

    /// The heading of the day `ts` falls on, seen at `now`: "Hari ini", "Kemarin", "Senin,
    /// 1 Desember", with the year when it is not this year ("Today", "Monday, 1 December").
    pub fn day_heading(&self, ts: i64, now: i64) -> String {
        let (Some(day), Some(today)) = (self.day_of(ts), self.day_of(now)) else {
            return t(self.lang, "day.none").to_string();
        };
        if day == today {
            return t(self.lang, "day.today").to_string();
        }
        if day == today - 1 {
            return t(self.lang, "day.yesterday").to_string();
        }
        let (Some(d), Some(n)) = (
            self.zone.offset.timestamp_opt(ts, 0).single(),
            self.zone.offset.timestamp_opt(now, 0).single(),
        ) else {
            return t(self.lang, "day.none").to_string();
        };
        let wd = weekday_index(d.weekday());
        let m = (d.month().clamp(1, 12) - 1) as usize;
        let (weekday, month) = match self.lang {
            Lang::Id => (WEEKDAYS_ID[wd], MONTHS_ID[m]),
            Lang::En => (WEEKDAYS_EN[wd], MONTHS_EN[m]),
        };
        if d.year() == n.year() {
            format!("{weekday}, {} {month}", d.day())
        } else {
            format!("{weekday}, {} {month} {}", d.day(), d.year())
        }
    }
}

fn weekday_index(w: Weekday) -> usize {
    w.num_days_from_monday() as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Zone;

    /// 1 Jan 2026 12:00 WIB (a Thursday).
    const NOW: i64 = 1767243600;

    #[test]
    fn headings_in_both_languages() {
        let id = Locale::default();
        let en = Locale {
            lang: Lang::En,
            ..Locale::default()
        };
        assert_eq!(id.day_heading(NOW - 3600, NOW), "Hari ini");
        assert_eq!(en.day_heading(NOW - 3600, NOW), "Today");
        assert_eq!(id.day_heading(NOW - 86_400, NOW), "Kemarin");
        assert_eq!(en.day_heading(NOW - 86_400, NOW), "Yesterday");
        // 1 Dec 2025 is a Monday: another year, so the year is named.
        let dec1 = NOW - 31 * 86_400;
        assert_eq!(id.day_heading(dec1, NOW), "Senin, 1 Desember 2025");
        assert_eq!(en.day_heading(dec1, NOW), "Monday, 1 December 2025");
        // This year: no year.
        let later = NOW + 40 * 86_400; // 10 Feb 2026, a Tuesday
        assert_eq!(id.day_heading(NOW, later), "Kamis, 1 Januari");
        assert_eq!(en.day_heading(NOW, later), "Thursday, 1 January");
        assert_eq!(id.day_heading(0, NOW), "Tanpa tanggal");
    }

    #[test]
    fn midnight_is_the_zone_s_midnight() {
        // 00:30 WIB on 1 Jan 2026 is 17:30 UTC on 31 Dec 2025; 23:30 WIB the evening before.
        let now = 1767202200; // 2026-01-01 00:30 WIB
        let id = Locale::default();
        assert_eq!(id.day_heading(now - 3600, now), "Kemarin");
        assert_eq!(id.day_heading(now - 10 * 60, now), "Hari ini");
        let utc = Locale {
            zone: Zone::parse("UTC").unwrap_or_default(),
            ..Locale::default()
        };
        // In UTC both are on 31 Dec.
        assert_eq!(utc.day_heading(now - 3600, now), "Hari ini");
    }
}
