//! Lenient date parsing: RFC 2822/3339, Indonesian day and month names, naive dates read as WIB.
//!
//! Accepted shapes (case-insensitive, surrounding white space ignored):
//!
//! * RFC 3339 / ISO 8601: `2025-07-28T09:30:00+07:00`, `…Z`, `…+0700`, `…+07`, no seconds,
//!   fractional seconds (any number of digits), a space instead of `T`, a zone name after the
//!   time (`2025-07-28 09:30 WIB`), date only (`2025-07-28`, midnight WIB).
//! * RFC 2822 and its many relatives: `Mon, 22 Apr 2019 15:40:00 +0000`, `GMT`/`UT`/`UTC`/`Z`,
//!   US zone names (`EST`, `PDT`, …), no day name, one-digit day or hour, two-digit years
//!   (`< 50` → 20xx), full English month names, asctime (`Sat Jan 01 19:48:21 2004`),
//!   `Apr 22, 2019 3:40 PM`.
//! * Indonesian: `Senin, 28 Juli 2025 09:30 WIB`, `05 Agustus 2019`, `Jum'at, 1 Agt 2025 pukul
//!   09.30 WITA`, day-first numeric dates `28/07/2025 09:30`, `28-07-2025`.
//!
//! A date without a zone is read as WIB (UTC+07:00). Anything else (unknown words, impossible
//! dates or times, offsets beyond ±14:00, years outside 1900–9999, bare numbers) gives `None`.
//! The parser works on bounded integers only: no input can make it overflow or panic.

use chrono::NaiveDate;

/// WIB, Western Indonesia Time: the zone naive dates are read in.
const WIB: i32 = 7 * 3600;

/// Longest input considered; real dates are far shorter.
const MAX_LEN: usize = 128;

/// Parse a date string as feeds write it; returns Unix seconds UTC.
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() || s.len() > MAX_LEN {
        return None;
    }
    parse_iso(s)
        .or_else(|| parse_rfc2822(s))
        .or_else(|| parse_textual(s))
}

/// The exact RFC 2822 shape nearly every RSS feed writes (`Fri, 27 Nov 2026 18:00:00 +0700`:
/// English day and month abbreviations, four-digit year, a numeric offset or GMT/UT/UTC/Z),
/// read without the general tokenizer's allocations (it was 2% of a cold refresh). Anything
/// else, or a date this rejects, goes to [`parse_textual`], which reads this shape the same
/// way (a test holds them equal).
fn parse_rfc2822(s: &str) -> Option<i64> {
    const DAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let b = s.as_bytes();
    let mut p = Cursor { b, i: 0 };
    if b.len() > 5 && DAYS.contains(&&b[..3]) && &b[3..5] == b", " {
        p.i = 5;
    }
    let day = p.digits_between(1, 2)?;
    let month_at = p.i + 1;
    if !p.eat(b' ') || b.len() < month_at + 4 || b[month_at + 3] != b' ' {
        return None;
    }
    let month = MONTHS
        .iter()
        .position(|m| *m == &b[month_at..month_at + 3])?;
    p.i = month_at + 4;
    let year = p.digits_exact(4)?;
    if !p.eat(b' ') {
        return None;
    }
    let hour = p.digits_exact(2)?;
    if !p.eat(b':') {
        return None;
    }
    let minute = p.digits_exact(2)?;
    let second = if p.eat(b':') { p.digits_exact(2)? } else { 0 };
    if !p.eat(b' ') {
        return None;
    }
    let offset = match &b[p.i..] {
        b"GMT" | b"UT" | b"UTC" | b"Z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let hm = [*h1, *h2, *m1, *m2];
            if !hm.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let (h, m) = (num(&hm[..2])?, num(&hm[2..])?);
            if h > 14 || m > 59 {
                return None;
            }
            let secs = h as i32 * 3600 + m as i32 * 60;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    if hour > 24 || minute > 59 || second > 60 {
        return None;
    }
    Parts {
        year: i32::try_from(year).ok()?,
        month: month as u32 + 1,
        day,
        hour,
        minute,
        second,
        offset: Some(offset),
    }
    .to_unix()
}

/// The fields of a date as read, before validation.
#[derive(Debug, Default, Clone, Copy)]
struct Parts {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// Offset east of UTC in seconds; `None` means "naive" (read as WIB).
    offset: Option<i32>,
}

impl Parts {
    fn to_unix(self) -> Option<i64> {
        if !(1900..=9999).contains(&self.year) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(self.year, self.month, self.day)?;
        // 24:00:00 is the end of the day; a leap second is folded into :59.
        let (hour, extra) = match (self.hour, self.minute, self.second) {
            (24, 0, 0) => (0, 86_400),
            (h, _, _) => (h, 0),
        };
        let second = if self.second == 60 { 59 } else { self.second };
        let t = date.and_hms_opt(hour, self.minute, second)?;
        let offset = self.offset.unwrap_or(WIB);
        if offset.abs() > 14 * 3600 {
            return None;
        }
        Some(t.and_utc().timestamp() + extra - i64::from(offset))
    }
}

// ---------------------------------------------------------------------------------------------
// ISO 8601 / RFC 3339

fn parse_iso(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let mut p = Cursor { b, i: 0 };
    let year = p.digits_exact(4)?;
    if !p.eat(b'-') {
        return None;
    }
    let month = p.digits_between(1, 2)?;
    if !p.eat(b'-') {
        return None;
    }
    let day = p.digits_between(1, 2)?;
    let mut parts = Parts {
        year: year as i32,
        month,
        day,
        ..Parts::default()
    };
    if p.done() {
        return parts.to_unix();
    }
    if !(p.eat(b'T') || p.eat(b't') || p.eat(b' ')) {
        return None;
    }
    while p.eat(b' ') {}
    parts.hour = p.digits_between(1, 2)?;
    if !p.eat(b':') {
        return None;
    }
    parts.minute = p.digits_exact(2)?;
    if p.eat(b':') {
        parts.second = p.digits_exact(2)?;
        if p.eat(b'.') || p.eat(b',') {
            // Fractions of a second are irrelevant at second resolution; skip any number.
            if p.skip_digits() == 0 {
                return None;
            }
        }
    }
    if parts.hour > 24 || parts.minute > 59 || parts.second > 60 {
        return None;
    }
    while p.eat(b' ') {}
    if !p.done() {
        let rest = &s[p.i..];
        parts.offset = Some(match rest {
            "Z" | "z" => 0,
            _ if rest.starts_with(['+', '-']) => numeric_offset(rest)?,
            _ => zone_name(&rest.to_ascii_lowercase())?,
        });
    }
    parts.to_unix()
}

/// `+07:00`, `+0700`, `+07`, `+7`, `+7:00`.
fn numeric_offset(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let d = &b[1..];
    if !d.iter().all(|c| c.is_ascii_digit() || *c == b':') {
        return None;
    }
    let (h, m) = match d.iter().position(|c| *c == b':') {
        Some(k @ 1..=2) if d.len() == k + 3 => (num(&d[..k])?, num(&d[k + 1..])?),
        Some(_) => return None,
        None => match d.len() {
            1 | 2 => (num(d)?, 0),
            4 => (num(&d[0..2])?, num(&d[2..4])?),
            _ => return None,
        },
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h as i32 * 3600 + m as i32 * 60))
}

fn num(d: &[u8]) -> Option<u32> {
    if d.is_empty() || d.len() > 9 || !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    d.iter().try_fold(0u32, |acc, c| {
        acc.checked_mul(10)?.checked_add(u32::from(c - b'0'))
    })
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn done(&self) -> bool {
        self.i >= self.b.len()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn run(&self) -> usize {
        self.b[self.i..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    }
    fn digits_exact(&mut self, n: usize) -> Option<u32> {
        if self.run() != n {
            return None;
        }
        let v = num(&self.b[self.i..self.i + n])?;
        self.i += n;
        Some(v)
    }
    fn digits_between(&mut self, lo: usize, hi: usize) -> Option<u32> {
        let n = self.run();
        if n < lo || n > hi {
            return None;
        }
        let v = num(&self.b[self.i..self.i + n])?;
        self.i += n;
        Some(v)
    }
    fn skip_digits(&mut self) -> usize {
        let n = self.run();
        self.i += n;
        n
    }
}

// ---------------------------------------------------------------------------------------------
// Textual dates (RFC 2822, English and Indonesian names, numeric day-first dates)

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    /// A number, with its digit count (to tell `2025` from `25`).
    Num(u32, usize),
    /// hour, minute, second
    Time(u32, u32, u32),
    /// A numeric date `a/b/c`, `a-b-c` or `a.b.c`, each with its digit count.
    Date([(u32, usize); 3]),
    /// `+0700`, `-05:00`
    Offset(i32),
    /// `am` / `pm` glued to a number or time (`3pm`, `3:40PM`)
    Meridiem(bool),
}

fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = s.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let mut seen_time = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || matches!(c, ',' | '(' | ')') {
            i += 1;
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphabetic() || chars[i] == '\'' || chars[i] == '’')
            {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect::<String>().to_lowercase();
            // "Agu." / "Sept." abbreviations
            if i < chars.len() && chars[i] == '.' {
                i += 1;
            }
            toks.push(Tok::Word(w));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || matches!(chars[i], ':' | '.' | '/' | '-'))
            {
                // A '-' only continues a numeric date, never a time ("10:00-05:00").
                if chars[i] == '-' && chars[start..i].contains(&':') {
                    break;
                }
                i += 1;
            }
            let mut run: String = chars[start..i].iter().collect();
            // A trailing '.' ends a sentence or an abbreviation ("5." in "5. Januar").
            while run.ends_with(['.', '-', '/']) {
                run.pop();
            }
            let tok = classify_numeric(&run)?;
            if matches!(tok, Tok::Time(..)) {
                seen_time = true;
            }
            toks.push(tok);
            // Glued suffixes: "9th", "3pm", "10:00Z"
            let sstart = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i > sstart {
                let suffix: String = chars[sstart..i]
                    .iter()
                    .collect::<String>()
                    .to_ascii_lowercase();
                match suffix.as_str() {
                    "st" | "nd" | "rd" | "th" if matches!(toks.last(), Some(Tok::Num(..))) => {}
                    "am" | "pm" => toks.push(Tok::Meridiem(suffix == "pm")),
                    _ => toks.push(Tok::Word(suffix)),
                }
            }
        } else if matches!(c, '+' | '-') && i + 1 < chars.len() && chars[i + 1].is_ascii_digit() {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ':') {
                i += 1;
            }
            if seen_time || c == '+' {
                let run: String = chars[start..i].iter().collect();
                toks.push(Tok::Offset(numeric_offset(&run)?));
            } else {
                // A '-' before any time is a separator ("22-Apr-2019").
                i = start + 1;
            }
        } else if matches!(c, '-' | '.' | '|' | '/') {
            // separators as in "22-Apr-2019" or "Senin, 28 Juli 2025 | 09:30 WIB"
            i += 1;
        } else {
            return None;
        }
    }
    Some(toks)
}

fn classify_numeric(run: &str) -> Option<Tok> {
    if run.contains(':') {
        // hh:mm[:ss[.frac]]
        let mut it = run.splitn(3, ':');
        let h = it.next()?;
        let m = it.next()?;
        let s = it.next();
        let s = s.map(|s| s.split('.').next().unwrap_or(""));
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        let sec = match s {
            Some(s) if s.len() == 2 => num(s.as_bytes())?,
            Some(_) => return None,
            None => 0,
        };
        return Some(Tok::Time(num(h.as_bytes())?, num(m.as_bytes())?, sec));
    }
    let seps: Vec<char> = run.chars().filter(|c| !c.is_ascii_digit()).collect();
    let groups: Vec<&str> = run.split(['.', '/', '-']).collect();
    if groups.iter().any(|g| g.is_empty() || g.len() > 9) {
        return None;
    }
    match groups.len() {
        1 => Some(Tok::Num(num(run.as_bytes())?, run.len())),
        // "09.30": a time with a dot (Indonesian style)
        2 if seps == ['.'] && groups[0].len() <= 2 && groups[1].len() == 2 => Some(Tok::Time(
            num(groups[0].as_bytes())?,
            num(groups[1].as_bytes())?,
            0,
        )),
        // "09.30.15"
        3 if seps == ['.', '.']
            && groups.iter().all(|g| g.len() <= 2)
            && groups[1].len() == 2
            && groups[2].len() == 2 =>
        {
            Some(Tok::Time(
                num(groups[0].as_bytes())?,
                num(groups[1].as_bytes())?,
                num(groups[2].as_bytes())?,
            ))
        }
        3 if seps[0] == seps[1] => {
            let g = |k: usize| -> Option<(u32, usize)> {
                Some((num(groups[k].as_bytes())?, groups[k].len()))
            };
            Some(Tok::Date([g(0)?, g(1)?, g(2)?]))
        }
        _ => None,
    }
}

fn parse_textual(s: &str) -> Option<i64> {
    let toks = tokenize(s)?;
    let mut month: Option<u32> = None;
    let mut nums: Vec<(u32, usize)> = Vec::new();
    let mut date: Option<(i32, u32, u32)> = None;
    let mut time: Option<(u32, u32, u32)> = None;
    let mut meridiem: Option<bool> = None;
    let mut offset: Option<i32> = None;
    // A zone word like GMT may be followed by an explicit offset ("GMT+7"), which wins.
    let mut zone_from_word = false;
    for (k, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Word(w) => {
                if let Some(m) = month_name(w) {
                    if month.is_some() {
                        return None;
                    }
                    month = Some(m);
                } else if is_day_name(w)
                    || matches!(
                        w.as_str(),
                        "pukul" | "pkl" | "jam" | "at" | "on" | "tanggal" | "tgl"
                    )
                {
                } else if let Some(z) = zone_name(w) {
                    if offset.is_some() {
                        return None;
                    }
                    offset = Some(z);
                    zone_from_word = matches!(w.as_str(), "gmt" | "utc" | "ut");
                } else if matches!(w.as_str(), "am" | "pm" | "a.m" | "p.m") {
                    meridiem = Some(w.starts_with('p'));
                } else if k == 0 && is_leading_word_before_comma(s, w) {
                    // An unknown leading word before a comma: a day name in another language.
                } else {
                    return None;
                }
            }
            Tok::Num(v, len) => nums.push((*v, *len)),
            Tok::Time(h, m, sec) => {
                if time.is_some() {
                    return None;
                }
                time = Some((*h, *m, *sec));
            }
            Tok::Date(g) => {
                if date.is_some() || month.is_some() {
                    return None;
                }
                date = Some(numeric_date(g)?);
            }
            Tok::Offset(o) => {
                if offset.is_some() && !zone_from_word {
                    return None;
                }
                offset = Some(*o);
                zone_from_word = false;
            }
            Tok::Meridiem(pm) => meridiem = Some(*pm),
        }
    }

    let (year, month, day) = match (date, month) {
        (Some(d), None) => {
            // Only an hour may stand alone next to a numeric date ("28/07/2025 9 pm" is rare).
            if !nums.is_empty() {
                return None;
            }
            d
        }
        (None, Some(m)) => {
            let (d, y) = day_and_year(&nums)?;
            (y, m, d)
        }
        _ => return None,
    };

    // "3 pm" / "3pm": a bare hour given with a meridiem is consumed by day_and_year's count
    // check above, so only times with minutes get here with a meridiem.
    let (mut hour, minute, second) = time.unwrap_or((0, 0, 0));
    if let Some(pm) = meridiem {
        if time.is_none() || hour == 0 || hour > 12 {
            return None;
        }
        if pm && hour != 12 {
            hour += 12;
        } else if !pm && hour == 12 {
            hour = 0;
        }
    }
    if hour > 24 || minute > 59 || second > 60 {
        return None;
    }
    Parts {
        year,
        month,
        day,
        hour,
        minute,
        second,
        offset,
    }
    .to_unix()
}

/// Day and year from the bare numbers next to a month name ("28 Jul 2025", "Jul 28, 2025",
/// "2025 Jul 28", "28 Jul 25").
fn day_and_year(nums: &[(u32, usize)]) -> Option<(u32, i32)> {
    let [a, b] = nums else { return None };
    let (day, year) = if a.1 >= 3 { (b, a) } else { (a, b) };
    if day.1 > 2 {
        return None;
    }
    Some((day.0, expand_year(*year)?))
}

fn is_leading_word_before_comma(s: &str, w: &str) -> bool {
    s.split_once(',')
        .is_some_and(|(head, _)| head.trim().to_lowercase() == w)
}

fn expand_year((v, len): (u32, usize)) -> Option<i32> {
    match len {
        2 => Some(if v < 50 {
            2000 + v as i32
        } else {
            1900 + v as i32
        }),
        4 => Some(v as i32),
        _ => None,
    }
}

/// `d/m/y` (day first, as written in Indonesia) or `y/m/d` (year first).
fn numeric_date(g: &[(u32, usize); 3]) -> Option<(i32, u32, u32)> {
    if g[0].1 == 4 {
        if g[1].1 > 2 || g[2].1 > 2 {
            return None;
        }
        Some((g[0].0 as i32, g[1].0, g[2].0))
    } else {
        if g[0].1 > 2 || g[1].1 > 2 {
            return None;
        }
        Some((expand_year(g[2])?, g[1].0, g[0].0))
    }
}

fn month_name(w: &str) -> Option<u32> {
    Some(match w {
        "jan" | "january" | "januari" => 1,
        "feb" | "february" | "februari" | "peb" | "pebruari" => 2,
        "mar" | "march" | "maret" => 3,
        "apr" | "april" => 4,
        "may" | "mei" => 5,
        "jun" | "june" | "juni" => 6,
        "jul" | "july" | "juli" => 7,
        "aug" | "august" | "agu" | "agt" | "ags" | "agst" | "agus" | "agustus" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" | "okt" | "oktober" => 10,
        "nov" | "november" | "nop" | "nopember" => 11,
        "dec" | "december" | "des" | "desember" => 12,
        _ => return None,
    })
}

fn is_day_name(w: &str) -> bool {
    matches!(
        w,
        "mon"
            | "monday"
            | "tue"
            | "tues"
            | "tuesday"
            | "wed"
            | "wednesday"
            | "thu"
            | "thur"
            | "thurs"
            | "thursday"
            | "fri"
            | "friday"
            | "sat"
            | "saturday"
            | "sun"
            | "sunday"
            | "senin"
            | "sen"
            | "selasa"
            | "sel"
            | "rabu"
            | "rab"
            | "kamis"
            | "kam"
            | "jumat"
            | "jum'at"
            | "jum’at"
            | "jum"
            | "sabtu"
            | "sab"
            | "minggu"
            | "min"
            | "ahad"
    )
}

/// Offset in seconds east of UTC for a (lower-case) zone name.
fn zone_name(w: &str) -> Option<i32> {
    let h = |h: i32| Some(h * 3600);
    match w {
        "z" | "ut" | "utc" | "gmt" => h(0),
        "wib" => h(7),
        "wita" => h(8),
        "wit" => h(9),
        "est" => h(-5),
        "edt" => h(-4),
        "cst" => h(-6),
        "cdt" => h(-5),
        "mst" => h(-7),
        "mdt" => h(-6),
        "pst" => h(-8),
        "pdt" => h(-7),
        "akst" => h(-9),
        "akdt" => h(-8),
        "hst" => h(-10),
        "ast" => h(-4),
        "bst" | "cet" => h(1),
        "cest" | "eet" => h(2),
        "eest" | "msk" => h(3),
        "ist" => Some(5 * 3600 + 1800),
        "ict" => h(7),
        "sgt" | "myt" | "hkt" | "awst" | "pht" => h(8),
        "jst" | "kst" => h(9),
        "aest" => h(10),
        "aedt" => h(11),
        "nzst" => h(12),
        "nzdt" => h(13),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
