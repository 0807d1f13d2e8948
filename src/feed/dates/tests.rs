//! Tests of `dates`.

use super::*;
use chrono::{TimeZone, Utc};

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    Some(
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .unwrap()
            .timestamp(),
    )
}

#[track_caller]
fn check(input: &str, expected: Option<i64>) {
    assert_eq!(parse_date(input), expected, "{input:?}");
}

#[test]
fn rfc2822() {
    check(
        "Mon, 22 Apr 2019 15:40:00 +0000",
        utc(2019, 4, 22, 15, 40, 0),
    );
    check("Mon, 22 Apr 2019 15:40:00 GMT", utc(2019, 4, 22, 15, 40, 0));
    check("Mon, 22 Apr 2019 15:40:00 UT", utc(2019, 4, 22, 15, 40, 0));
    check("Mon, 22 Apr 2019 15:40:00 UTC", utc(2019, 4, 22, 15, 40, 0));
    check("Mon, 22 Apr 2019 15:40:00 Z", utc(2019, 4, 22, 15, 40, 0));
    check("Mon, 22 Apr 2019 15:40:00 EST", utc(2019, 4, 22, 20, 40, 0));
    check("Mon, 22 Apr 2019 15:40:00 PDT", utc(2019, 4, 22, 22, 40, 0));
    check(
        "Mon, 22 Apr 2019 15:40:00 +0700",
        utc(2019, 4, 22, 8, 40, 0),
    );
    check(
        "Mon, 22 Apr 2019 15:40:00 -0330",
        utc(2019, 4, 22, 19, 10, 0),
    );
    check("22 Apr 2019 15:40:00 +0000", utc(2019, 4, 22, 15, 40, 0));
    check("Thu, 1 Jan 2004 19:48:21 GMT", utc(2004, 1, 1, 19, 48, 21));
    check("Thu, 01 Jan 04 19:48:21 GMT", utc(2004, 1, 1, 19, 48, 21));
    check("Fri, 1 Jan 99 00:00:00 GMT", utc(1999, 1, 1, 0, 0, 0));
    check("Tue, 06 Jan 25 10:00:00 PST", utc(2025, 1, 6, 18, 0, 0));
    check(
        "Thurs, 13 Jul 2011 07:38:00 GMT",
        utc(2011, 7, 13, 7, 38, 0),
    );
    check("Wed, 25 Aug 2012 03:25:42 GMT", utc(2012, 8, 25, 3, 25, 42)); // wrong weekday
    check("2 September 2019 20:00:00 +0000", utc(2019, 9, 2, 20, 0, 0));
    check("24 Sep 2013 1:27 PDT", utc(2013, 9, 24, 8, 27, 0));
    check("Sat, 28 Sep 2002 21:00:02 GMT", utc(2002, 9, 28, 21, 0, 2));
    check("Mon, 22 Apr 2019 15:40 +0000", utc(2019, 4, 22, 15, 40, 0));
    check(
        "Mon, 22 Apr 2019 15:40:00 GMT+7",
        utc(2019, 4, 22, 8, 40, 0),
    );
    check(
        "Mon, 22 Apr 2019 15:40:00 +07:00",
        utc(2019, 4, 22, 8, 40, 0),
    );
    check("Mon, 22-Apr-2019 15:40:00 GMT", utc(2019, 4, 22, 15, 40, 0));
    check(
        "mer, 16 nov 2022 00:38:15 +0100",
        utc(2022, 11, 15, 23, 38, 15),
    );
}

#[test]
fn rfc2822_without_zone_is_wib() {
    check("Mon, 22 Apr 2019 15:40:00", utc(2019, 4, 22, 8, 40, 0));
    check("22 Apr 2019", utc(2019, 4, 21, 17, 0, 0));
}

#[test]
fn english_other_orders() {
    check("Sat Jan 01 19:48:21 2004", utc(2004, 1, 1, 12, 48, 21)); // asctime, naive → WIB
    check("April 22, 2019 3:40 PM GMT", utc(2019, 4, 22, 15, 40, 0));
    check("Apr 22, 2019 12:05 am UTC", utc(2019, 4, 22, 0, 5, 0));
    check("January 9th, 2025 10:00 UTC", utc(2025, 1, 9, 10, 0, 0));
    check("2025 Jul 28 10:00 UTC", utc(2025, 7, 28, 10, 0, 0));
}

#[test]
fn iso8601() {
    check("2025-07-28T09:30:00+07:00", utc(2025, 7, 28, 2, 30, 0));
    check("2025-07-28T09:30:00Z", utc(2025, 7, 28, 9, 30, 0));
    check("2025-07-28t09:30:00z", utc(2025, 7, 28, 9, 30, 0));
    check("2025-07-28T09:30Z", utc(2025, 7, 28, 9, 30, 0));
    check("2025-07-28T09:30:00.123456Z", utc(2025, 7, 28, 9, 30, 0));
    check("2025-07-28T09:30:00,5+01:00", utc(2025, 7, 28, 8, 30, 0));
    check("2025-07-28T09:30:00+0700", utc(2025, 7, 28, 2, 30, 0));
    check("2025-07-28T09:30:00+07", utc(2025, 7, 28, 2, 30, 0));
    check("2025-07-28T09:30:00-05:00", utc(2025, 7, 28, 14, 30, 0));
    check("2025-07-28 08:00:00", utc(2025, 7, 28, 1, 0, 0)); // naive → WIB
    check("2025-07-28T08:00:00", utc(2025, 7, 28, 1, 0, 0));
    check("2025-07-28 08:00", utc(2025, 7, 28, 1, 0, 0));
    check("2025-07-28 08:00:00 +0000", utc(2025, 7, 28, 8, 0, 0));
    check("2025-07-28 08:00:00 WITA", utc(2025, 7, 28, 0, 0, 0));
    check("2025-07-28", utc(2025, 7, 27, 17, 0, 0)); // midnight WIB
    check("2003-12-31T10:14:55Z", utc(2003, 12, 31, 10, 14, 55));
    check("2016-10-01T00:00:00+10:00", utc(2016, 9, 30, 14, 0, 0));
    check(
        "2025-01-06T10:00:00.1234567890123456789012345678901234567890Z",
        utc(2025, 1, 6, 10, 0, 0),
    );
    check("2025-07-28T24:00:00Z", utc(2025, 7, 29, 0, 0, 0));
    check("2016-12-31T23:59:60Z", utc(2016, 12, 31, 23, 59, 59));
}

#[test]
fn indonesian() {
    check("Senin, 28 Juli 2025 09:30 WIB", utc(2025, 7, 28, 2, 30, 0));
    check("Senin, 28 Juli 2025 09:30", utc(2025, 7, 28, 2, 30, 0));
    check("05 Agustus 2019", utc(2019, 8, 4, 17, 0, 0));
    check("5 Agustus 2019", utc(2019, 8, 4, 17, 0, 0));
    check(
        "Selasa, 5 Agt 2019 pukul 09.30 WIB",
        utc(2019, 8, 5, 2, 30, 0),
    );
    check("Rabu, 6 Agu 2019 - 14:05 WITA", utc(2019, 8, 6, 6, 5, 0));
    check("Kamis, 7 Nov 2019 10:00 WIT", utc(2019, 11, 7, 1, 0, 0));
    check("Jumat, 8 Mei 2020 13:30:15 WIB", utc(2020, 5, 8, 6, 30, 15));
    check("Jum'at, 8 Mei 2020 13:30 WIB", utc(2020, 5, 8, 6, 30, 0));
    check("Sabtu, 9 Des 2023 07.15", utc(2023, 12, 9, 0, 15, 0));
    check("Minggu, 10 Okt 2021 07:15 WIB", utc(2021, 10, 10, 0, 15, 0));
    check(
        "Ahad, 10 Oktober 2021 pukul 07:15 WIB",
        utc(2021, 10, 10, 0, 15, 0),
    );
    check("28/07/2025 09:30", utc(2025, 7, 28, 2, 30, 0));
    check("28-07-2025 09:30 WIB", utc(2025, 7, 28, 2, 30, 0));
    check("28.07.2025", utc(2025, 7, 27, 17, 0, 0));
    check("2025/07/28 09:30", utc(2025, 7, 28, 2, 30, 0));
    check(
        "Senin, 28 Juli 2025 | 09:30 WIB",
        utc(2025, 7, 28, 2, 30, 0),
    );
    for (name, m) in [
        ("Januari", 1),
        ("Februari", 2),
        ("Maret", 3),
        ("April", 4),
        ("Mei", 5),
        ("Juni", 6),
        ("Juli", 7),
        ("Agustus", 8),
        ("September", 9),
        ("Oktober", 10),
        ("November", 11),
        ("Desember", 12),
    ] {
        check(
            &format!("1 {name} 2024 12:00 WIB"),
            utc(2024, m, 1, 5, 0, 0),
        );
        check(
            &format!("1 {} 2024 12:00 WIB", &name[..3]),
            utc(2024, m, 1, 5, 0, 0),
        );
    }
}

#[test]
fn garbage_is_none() {
    for s in [
        "",
        "   ",
        "yesterday",
        "0000-00-00T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "Tue, 31 Feb 2023 10:00:00 GMT",
        "Mon, 06 Jan 2025 25:61:61 +9999",
        "Sat, 01 Jan 99999999 00:00:00 GMT",
        "1700000000",
        "2025-13-45",
        "Mon, 06 Jan 2025 10:00:00 +2500",
        "<b>2025</b>",
        &"9".repeat(300),
        &"9".repeat(100),
        "Mon, 01 Jan 0001 00:00:00 UTC",
        "Mon, 06 Jan 2025 10:00:00 +0700 +0700",
        "6 Jan",
        "Jan 2025",
        "10:00",
        "2025-01-06T10:00:00+07:00 extra",
        "12 Foo 2025",
        "2025-07-28T9:5",
        "99:99",
        "Senin Selasa",
        "1 2 3",
        "28/07/2025 28/07/2025",
    ] {
        check(s, None);
    }
    // Overflow-prone inputs must not panic.
    let _ = parse_date("4294967296-01-01");
    let _ = parse_date("Mon, 4294967296 Jan 2025 10:00:00 GMT");
    let _ = parse_date("Mon, 06 Jan 2025 4294967296:00:00 GMT");
    let _ = parse_date("+99999999999");
    let _ = parse_date("2025-01-06T10:00:00+99999999999:00");
}

#[test]
fn german_day_name_is_skipped_but_unknown_month_is_not() {
    // "Okt" is also Indonesian, so this one is a real date.
    check("Mi, 05 Okt 2022 10:00:00 +0200", utc(2022, 10, 5, 8, 0, 0));
    check("Montag, 6. Januar 2025", None);
}

/// The allocation-free RFC 2822 reader agrees with the general one on every date it accepts,
/// and accepts the shapes feeds write.
#[test]
fn the_rfc2822_shortcut_reads_as_the_general_parser_does() {
    let days = ["", "Mon, ", "Sun, ", "Fri, "];
    let dates = [
        "1 Jan 2026",
        "27 Nov 2026",
        "31 Dec 1999",
        "29 Feb 2024",
        "29 Feb 2025",
        "00 Mar 2026",
        "32 May 2026",
        "7 Sep 9999",
        "1 Jan 1899",
    ];
    let times = [
        "18:00:00", "09:30", "23:59:60", "24:00:00", "24:00:01", "00:00:00", "12:60:00",
    ];
    let zones = [
        "+0700", "-0500", "+0000", "-0000", "GMT", "UT", "UTC", "Z", "+1400", "+1500", "+0760",
        "WIB", "+07:00", "EST",
    ];
    let mut accepted = 0;
    for d in days {
        for date in dates {
            for t in times {
                for z in zones {
                    let s = format!("{d}{date} {t} {z}");
                    if let Some(v) = parse_rfc2822(&s) {
                        accepted += 1;
                        assert_eq!(Some(v), parse_textual(&s), "{s}");
                    }
                    assert_eq!(parse_date(&s), parse_textual(&s), "{s}");
                }
            }
        }
    }
    assert!(accepted > 500, "{accepted}");
    assert_eq!(
        parse_rfc2822("Fri, 27 Nov 2026 18:00:00 +0700"),
        utc(2026, 11, 27, 11, 0, 0)
    );
    assert_eq!(parse_rfc2822("Jum'at, 27 Nov 2026 18:00:00 +0700"), None);
    assert_eq!(parse_rfc2822("Fri, 27 Des 2026 18:00:00 +0700"), None);
}
