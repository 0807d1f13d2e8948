//! Times as kabar shows them: Western Indonesia Time (WIB, UTC+7).

use chrono::{DateTime, FixedOffset, TimeZone, Utc};

pub use crate::i18n::Zone;

/// WIB, UTC+07:00 (Indonesia has no daylight saving time).
pub fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("valid offset")
}

pub fn now() -> i64 {
    Utc::now().timestamp()
}

fn to_wib(ts: i64) -> Option<DateTime<FixedOffset>> {
    wib().timestamp_opt(ts, 0).single()
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];

/// `22 Apr 2019 15:40 WIB`, with Indonesian month abbreviations.
pub fn long(ts: i64) -> String {
    match to_wib(ts) {
        Some(d) => format!(
            "{} {} {} {} WIB",
            d.format("%d"),
            MONTHS[d.format("%m").to_string().parse::<usize>().unwrap_or(1) - 1],
            d.format("%Y"),
            d.format("%H:%M")
        ),
        None => String::from("-"),
    }
}

/// Compact date for list rows: `15:40` today, `22 Apr` this year, `22/04/19` otherwise.
pub fn short(ts: i64, now: i64) -> String {
    let (Some(d), Some(n)) = (to_wib(ts), to_wib(now)) else {
        return String::from("-");
    };
    if d.date_naive() == n.date_naive() {
        d.format("%H:%M").to_string()
    } else if d.format("%Y").to_string() == n.format("%Y").to_string() {
        let m = d.format("%m").to_string().parse::<usize>().unwrap_or(1);
        format!("{} {}", d.format("%d"), MONTHS[m - 1])
    } else {
        d.format("%d/%m/%y").to_string()
    }
}

/// RFC 3339 in WIB, for `--json` output.
pub fn rfc3339(ts: i64) -> String {
    to_wib(ts).map(|d| d.to_rfc3339()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_is_wib() {
        // 2019-04-22T08:40:00Z is 15:40 WIB.
        assert_eq!(long(1555922400), "22 Apr 2019 15:40 WIB");
    }

    #[test]
    fn short_forms() {
        let now = 1555922400; // 22 Apr 2019 15:40 WIB
        assert_eq!(short(now - 3600, now), "14:40");
        assert_eq!(short(now - 86400 * 30, now), "23 Mar");
        assert_eq!(short(now - 86400 * 400, now), "18/03/18");
        assert_eq!(rfc3339(now), "2019-04-22T15:40:00+07:00");
    }
}
