//! Where and how dates are shown: the time zone, and dates in the interface language.

use super::{Lang, t, tf};
use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Timelike};

/// A time zone as kabar shows it: a fixed offset and its abbreviation (Indonesia has no DST).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub offset: FixedOffset,
    pub abbr: String,
}

impl Default for Zone {
    /// Western Indonesia Time (WIB, UTC+7).
    fn default() -> Self {
        #[expect(clippy::expect_used, reason = "a constant zone that parse accepts")]
        Zone::parse("Asia/Jakarta").expect("WIB is a valid zone")
    }
}

impl Zone {
    /// `Asia/Jakarta` (WIB), `Asia/Pontianak` (WIB), `Asia/Makassar` (WITA), `Asia/Jayapura`
    /// (WIT), `UTC`, or `+HH:MM` / `-HH:MM`.
    pub fn parse(s: &str) -> Option<Zone> {
        let (secs, abbr) = match s.trim() {
            "Asia/Jakarta" | "Asia/Pontianak" | "WIB" => (7 * 3600, "WIB".to_string()),
            "Asia/Makassar" | "WITA" => (8 * 3600, "WITA".to_string()),
            "Asia/Jayapura" | "WIT" => (9 * 3600, "WIT".to_string()),
            "UTC" | "Etc/UTC" | "GMT" => (0, "UTC".to_string()),
            other => {
                let sign = match other.chars().next()? {
                    '+' => 1,
                    '-' => -1,
                    _ => return None,
                };
                let (h, m) = other[1..].split_once(':')?;
                let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
                if h > 14 || m > 59 {
                    return None;
                }
                (sign * (h * 3600 + m * 60), format!("UTC{other}"))
            }
        };
        Some(Zone {
            offset: FixedOffset::east_opt(secs)?,
            abbr,
        })
    }
}

/// Language and time zone together: everything needed to show text and dates. Built from the
/// config by `Config::locale`; the default is Indonesian in WIB.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Locale {
    pub lang: Lang,
    pub zone: Zone,
}

const MONTHS_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Locale {
    fn at(&self, ts: i64) -> Option<DateTime<FixedOffset>> {
        self.zone.offset.timestamp_opt(ts, 0).single()
    }

    fn month(&self, m: u32) -> &'static str {
        let i = (m.clamp(1, 12) - 1) as usize;
        match self.lang {
            Lang::Id => MONTHS_ID[i],
            Lang::En => MONTHS_EN[i],
        }
    }

    /// `22 Apr 2019 15:40 WIB`.
    pub fn long(&self, ts: i64) -> String {
        match self.at(ts) {
            Some(d) => format!("{} {}", self.long_without_zone_at(&d), self.zone.abbr),
            None => "-".into(),
        }
    }

    /// `22 Apr 2019 15:40`: [`Locale::long`] without the zone, for lists where every row is in
    /// the same zone.
    pub fn long_without_zone(&self, ts: i64) -> String {
        match self.at(ts) {
            Some(d) => self.long_without_zone_at(&d),
            None => "-".into(),
        }
    }

    fn long_without_zone_at(&self, d: &DateTime<FixedOffset>) -> String {
        format!(
            "{:02} {} {} {:02}:{:02}",
            d.day(),
            self.month(d.month()),
            d.year(),
            d.hour(),
            d.minute(),
        )
    }

    /// Compact date for list rows: `15:40` today, `22 Apr` this year, `22/04/19` otherwise.
    pub fn short(&self, ts: i64, now: i64) -> String {
        let (Some(d), Some(n)) = (self.at(ts), self.at(now)) else {
            return "-".into();
        };
        if d.date_naive() == n.date_naive() {
            format!("{:02}:{:02}", d.hour(), d.minute())
        } else if d.year() == n.year() {
            format!("{:02} {}", d.day(), self.month(d.month()))
        } else {
            format!("{:02}/{:02}/{:02}", d.day(), d.month(), d.year() % 100)
        }
    }

    /// RFC 3339 in this zone, for `--json`.
    pub fn rfc3339(&self, ts: i64) -> String {
        self.at(ts).map(|d| d.to_rfc3339()).unwrap_or_default()
    }

    /// "5 menit lalu", "kemarin", "3 hari lalu" (or English), for times up to a week ago.
    pub fn relative(&self, ts: i64, now: i64) -> Option<String> {
        let secs = now - ts;
        if !(0..7 * 86_400).contains(&secs) {
            return None;
        }
        let days = match (self.at(ts), self.at(now)) {
            (Some(d), Some(n)) => (n.date_naive() - d.date_naive()).num_days(),
            _ => return None,
        };
        let n = |v: i64| v.to_string();
        Some(if secs < 60 {
            t(self.lang, "rel.now").to_string()
        } else if secs < 3600 {
            tf(self.lang, "rel.minutes", &[("n", n(secs / 60))])
        } else if days == 0 {
            tf(self.lang, "rel.hours", &[("n", n(secs / 3600))])
        } else if days == 1 {
            t(self.lang, "rel.yesterday").to_string()
        } else {
            tf(self.lang, "rel.days", &[("n", n(days))])
        })
    }

    pub fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }

    pub fn tf(&self, key: &str, args: &[(&str, String)]) -> String {
        tf(self.lang, key, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_zone_and_language() {
        let id = Locale::default();
        assert_eq!(id.long(1555922400), "22 Apr 2019 15:40 WIB");
        assert_eq!(id.long_without_zone(1555922400), "22 Apr 2019 15:40");
        let en = Locale {
            lang: Lang::En,
            zone: Zone::parse("Asia/Makassar").unwrap(),
        };
        assert_eq!(en.long(1564652400), "01 Aug 2019 17:40 WITA");
        assert_eq!(id.long(1564652400), "01 Agu 2019 16:40 WIB");
        assert_eq!(Zone::parse("+05:30").unwrap().abbr, "UTC+05:30");
        assert!(Zone::parse("Mars/Olympus").is_none());
        assert_eq!(Zone::parse("Asia/Jakarta").unwrap(), Zone::default());
    }

    #[test]
    fn short_forms() {
        let id = Locale::default();
        let now = 1555922400; // 22 Apr 2019 15:40 WIB
        assert_eq!(id.short(now - 3600, now), "14:40");
        assert_eq!(id.short(now - 86400 * 30, now), "23 Mar");
        assert_eq!(id.short(now - 86400 * 400, now), "18/03/18");
        assert_eq!(id.rfc3339(now), "2019-04-22T15:40:00+07:00");
    }

    #[test]
    fn relative_times() {
        let now = 1555922400;
        let id = Locale::default();
        let en = Locale {
            lang: Lang::En,
            ..Locale::default()
        };
        assert_eq!(id.relative(now - 300, now).unwrap(), "5 menit lalu");
        assert_eq!(en.relative(now - 300, now).unwrap(), "5 min ago");
        assert_eq!(id.relative(now - 86_400, now).unwrap(), "kemarin");
        assert_eq!(en.relative(now - 3 * 86_400, now).unwrap(), "3 days ago");
        assert_eq!(id.relative(now - 30 * 86_400, now), None);
    }
}
