//! Times as kabar shows them: Western Indonesia Time (WIB, UTC+7).

use chrono::Utc;

pub use crate::i18n::Zone;

pub fn now() -> i64 {
    Utc::now().timestamp()
}

/// `22 Apr 2019 15:40 WIB`, with Indonesian month abbreviations.
pub fn long(ts: i64) -> String {
    crate::i18n::Locale::default().long(ts)
}

/// Compact date for list rows: `15:40` today, `22 Apr` this year, `22/04/19` otherwise.
pub fn short(ts: i64, now: i64) -> String {
    crate::i18n::Locale::default().short(ts, now)
}

/// RFC 3339 in WIB, for `--json` output.
pub fn rfc3339(ts: i64) -> String {
    crate::i18n::Locale::default().rfc3339(ts)
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
