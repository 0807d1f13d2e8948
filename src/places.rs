//! Lampung place matching for the "Lampung" view (issue 6, "Lampung first").
//!
//! [`find`] says whether an article names a place in Lampung, and which: the article is
//! in the view when it returns `Some`, and the list shows [`PlaceMatch::matched`] or
//! [`PlaceMatch::region`]. Pure and allocation-free until a match is found; the place
//! list lives in `places.toml` (format described at its top), parsed once into an index
//! by first letter: one pass over the text looks only at capitalised word starts.
//!
//! Which place is "the" place: the title is searched first, then the lead (the first
//! [`LEAD_BYTES`] of the body, where datelines like "Bandarlampung (ANTARA) -" sit), then
//! the rest of the body up to [`BODY_LIMIT`]. Within each of these parts a kabupaten/kota
//! beats the bare province ("Pemprov Lampung ... petani Tanggamus" gives Tanggamus), then
//! the earliest match wins, then the longest ("Tulang Bawang Barat" over "Tulang Bawang").

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

/// The place list (see the comment at its top for the format).
const DATA: &str = include_str!("places.toml");

/// How much of the body counts as the lead (dateline and first sentence), in bytes.
pub const LEAD_BYTES: usize = 400;
/// How much of the body is searched at all, in bytes.
pub const BODY_LIMIT: usize = 20 * 1024;

/// What a [`Region`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Kota,
    Kabupaten,
    /// The province as a whole ("Pemprov Lampung", "Polda Lampung").
    Provinsi,
}

/// A kabupaten/kota of Lampung (or the province itself, [`Kind::Provinsi`], listed last).
#[derive(Debug)]
pub struct Region {
    /// Canonical name, e.g. "Lampung Selatan"; the province is "Lampung (provinsi)".
    pub name: String,
    pub kind: Kind,
    /// Seat of government, e.g. "Kalianda".
    pub capital: String,
    /// Every spelling that can match, unconditional ones first.
    pub spellings: Vec<String>,
}

impl Region {
    pub fn is_province(&self) -> bool {
        self.kind == Kind::Provinsi
    }
}

/// A Lampung place named in an article: the kabupaten/kota it belongs to and the
/// spelling matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMatch {
    /// Canonical kabupaten/kota name, e.g. "Lampung Selatan" (or "Lampung (provinsi)").
    pub region: &'static str,
    /// The text as found, e.g. "Kalianda" or "BANDARLAMPUNG".
    pub matched: String,
}

/// Find the first (most significant) Lampung place in an article: title first, then the
/// dateline/lead (first [`LEAD_BYTES`] of plain text), then the rest of the body (first
/// [`BODY_LIMIT`] bytes). `None`: the article names no place in Lampung.
pub fn find(title: &str, body_text: &str) -> Option<PlaceMatch> {
    find_in_title(title).or_else(|| find_in_body(body_text))
}

/// The title's part of [`find`]: when the title names a place, that is the answer and the
/// body need not even be turned into text.
pub fn find_in_title(title: &str) -> Option<PlaceMatch> {
    let m: &'static Matcher = &MATCHER;
    m.scan(title, usize::MAX).map(|c| m.found(title, &c))
}

/// The body's part of [`find`], for an article whose title names no place.
pub fn find_in_body(body_text: &str) -> Option<PlaceMatch> {
    let m: &'static Matcher = &MATCHER;
    let body = &body_text[..floor_boundary(body_text, BODY_LIMIT)];
    m.scan(body, LEAD_BYTES).map(|c| m.found(body, &c))
}

/// The regions of the place list, in data order: the 15 kabupaten/kota, then the province.
pub fn regions() -> &'static [Region] {
    &MATCHER.regions
}

/// The region with this canonical name (as in [`PlaceMatch::region`]).
pub fn region(name: &str) -> Option<&'static Region> {
    MATCHER.regions.iter().find(|r| r.name == name)
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    Matcher::parse(DATA).unwrap_or_else(|e| panic!("src/places.toml is invalid: {e}"))
});

// ---------------------------------------------------------------------------------------
// Data file

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sets: HashMap<String, Vec<String>>,
    region: Vec<RawRegion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: String,
    kind: Kind,
    capital: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    guarded: Vec<RawGuarded>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuarded {
    spelling: String,
    #[serde(default)]
    reject_before: Vec<String>,
    #[serde(default)]
    reject_after: Vec<String>,
    #[serde(default)]
    accept: Vec<RawAccept>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccept {
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
}

// ---------------------------------------------------------------------------------------
// Compiled matcher

struct Matcher {
    regions: Vec<Region>,
    names: Vec<Name>,
    /// Indices into `names` by the spelling's first letter (`A`..=`Z`), longest first.
    by_letter: [Vec<usize>; 26],
}

struct Name {
    spelling: String,
    region: usize,
    province: bool,
    guard: Option<Guard>,
}

#[derive(Default)]
struct Guard {
    reject_before: Vec<Token>,
    reject_after: Vec<Token>,
    /// Empty: accepted unless rejected.
    accept: Vec<Accept>,
}

struct Accept {
    before: Vec<Token>,
    after: Vec<Token>,
}

#[derive(Debug, PartialEq)]
enum Token {
    Text(String),
    Start,
    End,
    Lower,
    Punct,
}

#[derive(Clone, Copy)]
struct Cand {
    /// 0 lead/specific, 1 lead/province, 2 rest/specific, 3 rest/province.
    tier: u8,
    name: usize,
    start: usize,
    end: usize,
}

impl Cand {
    fn beats(&self, other: &Cand) -> bool {
        (
            self.tier,
            self.start,
            std::cmp::Reverse(self.end - self.start),
        ) < (
            other.tier,
            other.start,
            std::cmp::Reverse(other.end - other.start),
        )
    }
}

impl Matcher {
    fn parse(src: &str) -> Result<Matcher, String> {
        let raw: RawFile = toml::from_str(src).map_err(|e| e.to_string())?;
        let expand = |list: &[String], before: bool| -> Result<Vec<Token>, String> {
            let mut out = Vec::new();
            for t in list {
                if let Some(set) = t.strip_prefix('@') {
                    let words = raw.sets.get(set).ok_or(format!("unknown set {t:?}"))?;
                    out.extend(words.iter().map(|w| Token::Text(w.clone())));
                    continue;
                }
                let tok = match t.as_str() {
                    "<start>" if before => Token::Start,
                    "<end>" if !before => Token::End,
                    "<lower>" if !before => Token::Lower,
                    "<punct>" if !before => Token::Punct,
                    s if s.starts_with('<') && s.ends_with('>') => {
                        let side = if before { "before" } else { "after" };
                        return Err(format!("token {s:?} not allowed in a {side} list"));
                    }
                    "" => return Err("empty token".into()),
                    s if s.trim() != s || s.contains("  ") => {
                        return Err(format!("token {s:?}: stray spaces"));
                    }
                    s => Token::Text(s.to_string()),
                };
                out.push(tok);
            }
            Ok(out)
        };

        let mut regions = Vec::new();
        let mut names = Vec::new();
        let mut seen = HashSet::new();
        let mut region_names = HashSet::new();
        for (ri, r) in raw.region.iter().enumerate() {
            if !region_names.insert(r.name.clone()) {
                return Err(format!("region {:?} listed twice", r.name));
            }
            let province = r.kind == Kind::Provinsi;
            let mut spellings = Vec::new();
            let plain = r.names.iter().map(|s| (s, None));
            let guarded = r.guarded.iter().map(|g| (&g.spelling, Some(g)));
            for (spelling, g) in plain.chain(guarded) {
                check_spelling(spelling)?;
                if !seen.insert(spelling.to_ascii_lowercase()) {
                    return Err(format!("spelling {spelling:?} listed twice"));
                }
                let guard = match g {
                    None => None,
                    Some(g) => Some(Guard {
                        reject_before: expand(&g.reject_before, true)?,
                        reject_after: expand(&g.reject_after, false)?,
                        accept: g
                            .accept
                            .iter()
                            .map(|a| {
                                if a.before.is_empty() && a.after.is_empty() {
                                    return Err(format!("{spelling:?}: empty accept entry"));
                                }
                                Ok(Accept {
                                    before: expand(&a.before, true)?,
                                    after: expand(&a.after, false)?,
                                })
                            })
                            .collect::<Result<_, String>>()?,
                    }),
                };
                spellings.push(spelling.clone());
                names.push(Name {
                    spelling: spelling.clone(),
                    region: ri,
                    province,
                    guard,
                });
            }
            if spellings.is_empty() {
                return Err(format!("region {:?} has no spellings", r.name));
            }
            regions.push(Region {
                name: r.name.clone(),
                kind: r.kind,
                capital: r.capital.clone(),
                spellings,
            });
        }
        if regions.iter().filter(|r| r.is_province()).count() != 1 {
            return Err("exactly one region of kind \"provinsi\" expected".into());
        }
        let mut by_letter: [Vec<usize>; 26] = Default::default();
        for (i, n) in names.iter().enumerate() {
            by_letter[usize::from(n.spelling.as_bytes()[0] - b'A')].push(i);
        }
        for bucket in &mut by_letter {
            bucket.sort_by_key(|&i| std::cmp::Reverse(names[i].spelling.len()));
        }
        Ok(Matcher {
            regions,
            names,
            by_letter,
        })
    }

    fn found(&'static self, text: &str, c: &Cand) -> PlaceMatch {
        PlaceMatch {
            region: self.regions[self.names[c.name].region].name.as_str(),
            matched: text[c.start..c.end].to_string(),
        }
    }

    /// Best valid candidate in `text`; matches starting before `lead_end` are in the lead.
    ///
    /// Every spelling starts with a capital letter and must be found with one, so only
    /// word starts with an ASCII capital are looked at: one pass, a few comparisons at
    /// each capitalised word.
    fn scan(&self, text: &str, lead_end: usize) -> Option<Cand> {
        let bytes = text.as_bytes();
        let mut best: Option<Cand> = None;
        let mut start = 0;
        while start < bytes.len() {
            // Names start with a capital: most of a body is skipped a block at a time (a
            // block test the compiler vectorises; byte by byte this was 7% of a cold refresh).
            if let Some(block) = bytes.get(start..start + 32)
                && !block
                    .iter()
                    .fold(false, |any, b| any | b.is_ascii_uppercase())
            {
                start += 32;
                continue;
            }
            let at = start;
            start += 1;
            let b = bytes[at];
            let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
            if !(word_start && b.is_ascii_uppercase()) {
                continue;
            }
            let start = at;
            if let Some(best) = &best {
                // Candidates come in order of start: stop when none can do better.
                let best_possible = if start < lead_end { 0 } else { 2 };
                if best_possible > best.tier || (best_possible == best.tier && start > best.start) {
                    break;
                }
            }
            for &i in &self.by_letter[usize::from(b - b'A')] {
                let name = &self.names[i];
                let end = start + name.spelling.len();
                if !bytes
                    .get(start..end)
                    .is_some_and(|t| t.eq_ignore_ascii_case(name.spelling.as_bytes()))
                {
                    continue;
                }
                let tier = u8::from(start >= lead_end) * 2 + u8::from(name.province);
                let cand = Cand {
                    tier,
                    name: i,
                    start,
                    end,
                };
                if best.as_ref().is_some_and(|b| !cand.beats(b)) {
                    continue;
                }
                if name.is_valid(text, start, end) {
                    best = Some(cand);
                }
            }
        }
        best
    }
}

fn check_spelling(s: &str) -> Result<(), String> {
    let ok = !s.is_empty()
        && s.is_ascii()
        && s.trim() == s
        && !s.contains("  ")
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.ends_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "spelling {s:?}: ASCII, single spaces, starting with a capital letter, ending with a letter or digit"
        ))
    }
}

impl Name {
    fn is_valid(&self, text: &str, start: usize, end: usize) -> bool {
        // Word boundaries (Unicode-aware: "Lampungnya", "Krui" in "Kruing" don't count).
        let before = &text[..start];
        let after = &text[end..];
        if before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            || after.chars().next().is_some_and(char::is_alphanumeric)
        {
            return false;
        }
        // Capitals where the spelling has them ("Way Kanan", not "way kanan").
        let found = &text.as_bytes()[start..end];
        if self
            .spelling
            .bytes()
            .zip(found)
            .any(|(p, t)| p.is_ascii_uppercase() && !t.is_ascii_uppercase())
        {
            return false;
        }
        let Some(g) = &self.guard else {
            return true;
        };
        let all_caps = !found.iter().any(u8::is_ascii_lowercase);
        let before = before.trim_end();
        let after = after.trim_start();
        let has_before = |toks: &[Token]| toks.iter().any(|t| before_matches(t, before));
        let has_after = |toks: &[Token]| toks.iter().any(|t| after_matches(t, after, all_caps));
        if has_before(&g.reject_before) || has_after(&g.reject_after) {
            return false;
        }
        g.accept.is_empty()
            || g.accept.iter().any(|a| {
                (a.before.is_empty() || has_before(&a.before))
                    && (a.after.is_empty() || has_after(&a.after))
            })
    }
}

/// `before` is the text preceding the place, trailing whitespace already trimmed.
fn before_matches(tok: &Token, before: &str) -> bool {
    match tok {
        Token::Start => before.is_empty(),
        Token::Text(t) => token_matches(before.chars().rev().peekable(), t.chars().rev()),
        Token::End | Token::Lower | Token::Punct => false,
    }
}

/// `after` is the text following the place, leading whitespace already trimmed.
fn after_matches(tok: &Token, after: &str, all_caps: bool) -> bool {
    let next = after.chars().next();
    match tok {
        Token::End => after.is_empty(),
        Token::Punct => next.is_some_and(|c| !c.is_alphanumeric()),
        Token::Lower => match next {
            Some(c) if c.is_lowercase() => true,
            // All-caps headline: "DI METRO BANJIR".
            Some(c) if all_caps && c.is_uppercase() => !after
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .any(char::is_lowercase),
            _ => false,
        },
        Token::Text(t) => token_matches(after.chars().peekable(), t.chars()),
        Token::Start => false,
    }
}

/// Does `text` (walked away from the place) start with `token` (walked the same way)?
/// Letters compare ignoring case; a space matches a run of whitespace; a token ending
/// in a letter or digit must end on a word boundary.
fn token_matches<I: Iterator<Item = char>>(
    mut text: std::iter::Peekable<I>,
    token: impl Iterator<Item = char>,
) -> bool {
    let mut last = None;
    for tc in token {
        if tc == ' ' {
            if !text.next().is_some_and(char::is_whitespace) {
                return false;
            }
            while text.next_if(|c| c.is_whitespace()).is_some() {}
        } else {
            match text.next() {
                Some(c) if c == tc || c.to_lowercase().eq(tc.to_lowercase()) => {}
                _ => return false,
            }
        }
        last = Some(tc);
    }
    !(last.is_some_and(char::is_alphanumeric) && text.peek().is_some_and(|c| c.is_alphanumeric()))
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_parses() {
        let m = Matcher::parse(DATA).expect("places.toml parses");
        assert_eq!(m.regions.len(), 16);
        assert_eq!(m.regions.iter().filter(|r| !r.is_province()).count(), 15);
        assert_eq!(m.regions.iter().filter(|r| r.kind == Kind::Kota).count(), 2);
    }

    #[test]
    fn every_region_of_the_issue_is_present_with_its_capital() {
        // (region, spellings that must be listed) from issue 6.
        let expected: &[(&str, &[&str])] = &[
            ("Bandar Lampung", &["Bandar Lampung", "Bandarlampung"]),
            ("Metro", &["Metro"]),
            ("Lampung Selatan", &["Lampung Selatan", "Kalianda"]),
            ("Lampung Tengah", &["Lampung Tengah", "Gunung Sugih"]),
            ("Lampung Utara", &["Lampung Utara", "Kotabumi"]),
            ("Lampung Timur", &["Lampung Timur", "Sukadana"]),
            ("Lampung Barat", &["Lampung Barat", "Liwa"]),
            ("Tanggamus", &["Tanggamus", "Kota Agung"]),
            ("Tulang Bawang", &["Tulang Bawang", "Menggala"]),
            ("Tulang Bawang Barat", &["Tulang Bawang Barat", "Tubaba"]),
            ("Way Kanan", &["Way Kanan", "Blambangan Umpu"]),
            ("Pesawaran", &["Pesawaran", "Gedong Tataan"]),
            ("Pringsewu", &["Pringsewu"]),
            ("Mesuji", &["Mesuji"]),
            ("Pesisir Barat", &["Pesisir Barat", "Krui"]),
        ];
        let m = Matcher::parse(DATA).unwrap();
        for (name, spellings) in expected {
            let r = m.regions.iter().find(|r| r.name == *name);
            let r = r.unwrap_or_else(|| panic!("region {name} missing"));
            assert_ne!(r.kind, Kind::Provinsi);
            for s in *spellings {
                assert!(r.spellings.iter().any(|x| x == s), "{name}: {s} missing");
            }
            assert!(
                r.spellings.contains(&r.capital),
                "{name}: capital not matched"
            );
        }
        assert_eq!(m.regions.len(), expected.len() + 1);
        assert!(m.regions.last().unwrap().is_province());
    }

    #[test]
    fn bad_data_is_rejected() {
        let ok = "[[region]]\nname='X'\nkind='provinsi'\ncapital='X'\nnames=['X']\n";
        assert!(Matcher::parse(ok).is_ok());
        for bad in [
            // unknown kind
            "[[region]]\nname='X'\nkind='desa'\ncapital='X'\nnames=['X']\n",
            // unknown field
            "[[region]]\nname='X'\nkind='provinsi'\ncapital='X'\nnames=['X']\nfoo=1\n",
            // duplicate spelling, ignoring case
            "[[region]]\nname='X'\nkind='provinsi'\ncapital='X'\nnames=['Xa','XA']\n",
            // spellings start with a capital letter
            "[[region]]\nname='X'\nkind='provinsi'\ncapital='X'\nnames=['x']\n",
            // non-ASCII spelling
            "[[region]]\nname='X'\nkind='provinsi'\ncapital='X'\nnames=['Xé']\n",
            // unknown set
            "[[region]]\nname='X'\nkind='provinsi'\ncapital='X'\n\
             [[region.guarded]]\nspelling='X'\nreject_before=['@nope']\n",
            // <start> is a before token
            "[[region]]\nname='X'\nkind='provinsi'\ncapital='X'\n\
             [[region.guarded]]\nspelling='X'\nreject_after=['<start>']\n",
            // no province
            "[[region]]\nname='X'\nkind='kota'\ncapital='X'\nnames=['X']\n",
        ] {
            assert!(Matcher::parse(bad).is_err(), "accepted: {bad}");
        }
    }

    /// The scan skips blocks without a capital letter: a name is found wherever it starts
    /// relative to those blocks, and a capital inside a word is still no word start.
    #[test]
    fn names_are_found_at_every_offset_of_the_skipped_blocks() {
        for pad in 0..80 {
            let text = format!("{} warga Pringsewu panen", "x".repeat(pad));
            let m = find_in_body(&text).map(|m| (m.region, m.matched));
            assert_eq!(m, Some(("Pringsewu", "Pringsewu".into())), "pad {pad}");
            let glued = format!("{}xPringsewu panen", "x".repeat(pad));
            assert_eq!(find_in_body(&glued), None, "pad {pad}");
        }
    }

    #[test]
    fn tokens() {
        let t = |text: &str, tok: &str| token_matches(text.chars().peekable(), tok.chars());
        assert!(t("Jakarta Barat", "Jakarta"));
        assert!(t("jakarta", "Jakarta"));
        assert!(!t("Jakartanya", "Jakarta"));
        assert!(t(",\u{a0} Kayong Utara", ", Kayong"));
        assert!(!t(",Kayong", ", Kayong"));
        assert!(t("(ANTARA)", "("));
        assert!(t("-TV", "-"));
        let b = |text: &str, tok: &str| before_matches(&Token::Text(tok.into()), text);
        assert!(b("Wali Kota", "Wali Kota"));
        assert!(b("kata Wali\u{a0}Kota", "Wali Kota"));
        assert!(b("Wali Kota", "Kota"));
        assert!(!b("Walikota", "Kota"));
        assert!(b("Walikota", "Walikota"));
    }

    #[test]
    fn lead_boundary_and_limits() {
        // A specific place in the lead beats the province there; a province in the lead
        // beats a specific place further down.
        let lead_prov = format!(
            "Pemprov Lampung menggelar rapat. {} Warga Kalianda hadir.",
            "x ".repeat(300)
        );
        assert_eq!(find("", &lead_prov).unwrap().region, "Lampung (provinsi)");
        // Nothing past BODY_LIMIT is read, and cutting inside a character is safe.
        let far = format!("{}é Kalianda", "é".repeat(BODY_LIMIT / 2));
        assert_eq!(find("", &far), None);
        let s = "é".repeat(BODY_LIMIT);
        assert_eq!(floor_boundary(&s, BODY_LIMIT + 1), BODY_LIMIT);
        assert_eq!(floor_boundary("abc", 99), 3);
    }
}
