//! The clutter rules: what the cleaner drops or marks, for every site and per site.

#[allow(unused_imports)]
use super::*;

/// One cleaning rule: what it matches, and on which sites.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Host suffix the rule is limited to (`"detik.com"` matches `www.detik.com` and
    /// `detik.com`), or `None` for every site.
    pub host: Option<&'static str>,
    /// What the rule does.
    pub kind: Kind,
}

/// What a [`Rule`] does.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Drop every element with this (lower-case) tag name, content included.
    DropTag(&'static str),
    /// Drop an element whose class (any token) or id matches, content included, unless it
    /// holds story-sized text.
    DropClass(Class),
    /// Drop a leaf block, or one `<br>`-separated line of it, whose whole text matches.
    DropLine(Line),
    /// Keep a matching line, marked as a muted credit line.
    Credit(Line),
    /// Remove this exact text wherever it occurs inside a text node.
    DropText(&'static str),
}

/// A class-token (or id) pattern, compared in ASCII lower case.
#[derive(Debug, Clone, Copy)]
pub enum Class {
    /// The token is exactly this.
    Is(&'static str),
    /// The token starts with this.
    Starts(&'static str),
    /// The token ends with this.
    Ends(&'static str),
    /// The token contains this.
    Contains(&'static str),
}

/// A line pattern, matched against the line's normalised text: lower case, white space
/// (NBSP included) collapsed, no space before `:` (so `Baca :` reads `baca:`), leading
/// bullets and arrows (`»`, `>`, `-`, `•`, `(` …) removed. Lengths are in characters of that
/// normalised text.
#[derive(Debug, Clone, Copy)]
pub enum Line {
    /// The whole line is this text (trailing `:`, `.` and `…` are ignored).
    Is(&'static str),
    /// The line starts with this text and is at most this long.
    Starts(&'static str, usize),
    /// A "see also" line: starts with this label and is at most this long, or everything
    /// after the label is link text. A bare label line ("Baca juga:", "Berita Terkait") also
    /// takes the link-only blocks right after it (the list it heads).
    SeeAlso(&'static str, usize),
    /// Starts with one of the first texts, contains one of the second, at most this long.
    StartsContains(&'static [&'static str], &'static [&'static str], usize),
    /// Contains this text and is at most this long.
    Contains(&'static str, usize),
    /// Every word of the line is one of these (share-button rows); at least one word.
    Words(&'static [&'static str]),
}

const fn all(kind: Kind) -> Rule {
    Rule { host: None, kind }
}

const fn site(host: &'static str, kind: Kind) -> Rule {
    Rule {
        host: Some(host),
        kind,
    }
}

pub use Kind::{Credit, DropClass, DropLine, DropTag, DropText};

#[rustfmt::skip]
const SHARE_WORDS: &[&str] = &[
    "bagikan", "share", "facebook", "fb", "twitter", "x", "whatsapp", "wa", "telegram", "line",
    "linkedin", "pinterest", "email", "e", "mail", "copy", "link", "salin", "tautan", "tweet",
    "messenger", "reddit", "print", "cetak", "threads", "instagram", "tiktok", "url", "ke",
];

/// Phrases of "follow us on …" promos ("Ikuti berita terkini di Google News").
#[rustfmt::skip]
const FOLLOW_STARTS: &[&str] = &[
    "ikuti", "cek berita", "cek artikel", "simak berita", "dapatkan", "follow", "yuk",
    "jangan lupa", "klik", "gabung", "bergabung", "update", "pantau", "baca berita", "temukan",
    "akses berita",
];
#[rustfmt::skip]
const FOLLOW_CHANNELS: &[&str] = &[
    "google news", "saluran whatsapp", "whatsapp channel", "channel whatsapp", "wa channel",
    "channel wa", "saluran wa", "grup telegram", "channel telegram", "telegram channel",
    "saluran telegram",
];

/// The cleaning rules, in one table. Line rules are tried in order; the first drop rule that
/// matches wins, then credit rules.
pub const RULES: &[Rule] = &[
    // Active, embedded and form content.
    all(DropTag("script")),
    all(DropTag("style")),
    all(DropTag("iframe")),
    all(DropTag("noscript")),
    all(DropTag("form")),
    all(DropTag("object")),
    all(DropTag("embed")),
    all(DropTag("template")),
    all(DropTag("svg")),
    all(DropTag("button")),
    all(DropTag("input")),
    all(DropTag("select")),
    all(DropTag("textarea")),
    all(DropTag("link")),
    all(DropTag("meta")),
    // Ads (JNews `jeg_ad`, AdSense `adsbygoogle`, GPT slots, generic `ads`/`iklan`).
    all(DropClass(Class::Contains("jeg_ad"))),
    all(DropClass(Class::Is("ads"))),
    all(DropClass(Class::Is("ad"))),
    all(DropClass(Class::Starts("ads-"))),
    all(DropClass(Class::Starts("ads_"))),
    all(DropClass(Class::Ends("-ads"))),
    all(DropClass(Class::Ends("_ads"))),
    all(DropClass(Class::Starts("ad-"))),
    all(DropClass(Class::Starts("ad_"))),
    all(DropClass(Class::Starts("adsbygoogle"))),
    all(DropClass(Class::Starts("advertisement"))),
    all(DropClass(Class::Contains("div-gpt-ad"))),
    all(DropClass(Class::Starts("iklan"))),
    // "See also" boxes and related-post lists.
    all(DropClass(Class::Contains("baca-juga"))),
    all(DropClass(Class::Contains("bacajuga"))),
    all(DropClass(Class::Contains("baca_juga"))),
    all(DropClass(Class::Is("read__others"))),
    all(DropClass(Class::Contains("related"))),
    // Share bars, tag lists, comment sections.
    all(DropClass(Class::Starts("share"))),
    all(DropClass(Class::Ends("-share"))),
    all(DropClass(Class::Ends("_share"))),
    all(DropClass(Class::Contains("sharedaddy"))),
    all(DropClass(Class::Contains("addtoany"))),
    all(DropClass(Class::Starts("a2a_"))),
    all(DropClass(Class::Starts("social-"))),
    all(DropClass(Class::Is("tags"))),
    all(DropClass(Class::Ends("-tags"))),
    all(DropClass(Class::Ends("_tags"))),
    all(DropClass(Class::Is("comments"))),
    all(DropClass(Class::Is("respond"))),
    all(DropClass(Class::Starts("comment-respond"))),
    all(DropClass(Class::Starts("comment-form"))),
    all(DropClass(Class::Starts("comment-reply"))),
    all(DropClass(Class::Is("comments-area"))),
    // Site-specific boxes: detik's inline "Baca juga" table and tag strip.
    site("detik.com", DropClass(Class::Is("linksisip"))),
    site("detik.com", DropClass(Class::Is("lihatjg"))),
    site("detik.com", DropClass(Class::Starts("detail__body-tag"))),
    // "See also" lines.
    all(DropLine(Line::SeeAlso("baca juga", 200))),
    all(DropLine(Line::SeeAlso("baca:", 200))),
    all(DropLine(Line::SeeAlso("baca pula", 200))),
    all(DropLine(Line::SeeAlso("baca lagi", 200))),
    all(DropLine(Line::SeeAlso("baca berita", 200))),
    all(DropLine(Line::SeeAlso("baca artikel", 200))),
    all(DropLine(Line::SeeAlso("baca selengkapnya", 200))),
    all(DropLine(Line::SeeAlso("simak juga", 200))),
    all(DropLine(Line::SeeAlso("lihat juga", 200))),
    all(DropLine(Line::SeeAlso("berita terkait", 40))),
    all(DropLine(Line::SeeAlso("artikel terkait", 40))),
    all(DropLine(Line::SeeAlso("berita lainnya", 40))),
    all(DropLine(Line::SeeAlso("berita pilihan", 40))),
    all(DropLine(Line::SeeAlso("pilihan editor:", 200))),
    all(DropLine(Line::Is("terpopuler"))),
    all(DropLine(Line::Is("lihat foto"))),
    // Ad labels.
    all(DropLine(Line::Is("advertisement"))),
    all(DropLine(Line::Is("scroll to continue with content"))),
    all(DropLine(Line::Is(
        "advertisement scroll to continue with content",
    ))),
    all(DropLine(Line::Is("advertisement scroll to continue"))),
    all(DropLine(Line::Is("iklan"))),
    all(DropLine(Line::Is("sponsored"))),
    all(DropLine(Line::Contains("googletag.cmd.push", 600))),
    // Video embeds' leftovers.
    all(DropLine(Line::Starts("simak video", 200))),
    all(DropLine(Line::Starts("saksikan video", 200))),
    all(DropLine(Line::Starts("[gambas:", 200))),
    // "Follow us" promos.
    all(DropLine(Line::StartsContains(
        FOLLOW_STARTS,
        FOLLOW_CHANNELS,
        300,
    ))),
    all(DropLine(Line::Starts("simak breaking news", 500))),
    // Syndication footers.
    all(DropLine(Line::StartsContains(
        &["the post "],
        &["appeared first on"],
        500,
    ))),
    all(DropLine(Line::StartsContains(
        &["pos ", "postingan "],
        &["muncul pertama kali di"],
        500,
    ))),
    all(DropLine(Line::Starts("artikel ini telah tayang di", 500))),
    all(DropLine(Line::Starts("artikel ini telah tayang pada", 500))),
    all(DropLine(Line::Starts("copyright ©", 150))),
    all(DropLine(Line::Starts("copyright (c)", 150))),
    all(DropLine(Line::Starts("©", 150))),
    all(DropLine(Line::Starts("tags:", 300))),
    all(DropLine(Line::Starts("tag:", 300))),
    // Share rows.
    all(DropLine(Line::Is("bagikan"))),
    all(DropLine(Line::Starts("bagikan:", 150))),
    all(DropLine(Line::Starts("bagikan artikel", 150))),
    all(DropLine(Line::Starts("bagikan ini", 150))),
    all(DropLine(Line::Starts("menyukai ini", 60))),
    all(DropLine(Line::Is("memuat"))),
    all(DropLine(Line::Is("terkait"))),
    all(DropLine(Line::Starts("bagikan berita", 150))),
    all(DropLine(Line::Starts("share:", 150))),
    all(DropLine(Line::Starts("share this", 150))),
    all(DropLine(Line::Words(SHARE_WORDS))),
    // WordPress comment-form tails.
    all(DropLine(Line::Starts("tinggalkan komentar", 60))),
    all(DropLine(Line::Starts("tinggalkan balasan", 60))),
    all(DropLine(Line::Starts("silakan masukkan alamat email", 100))),
    all(DropLine(Line::Is("batalkan balasan"))),
    all(DropLine(Line::Is("kirim komentar"))),
    all(DropLine(Line::Is("posting komentar"))),
    all(DropLine(Line::Starts("silakan masukkan komentar", 100))),
    all(DropLine(Line::Starts("silakan masukkan nama", 100))),
    all(DropLine(Line::Starts("silahkan masukkan komentar", 100))),
    all(DropLine(Line::Starts("silahkan masukkan nama", 100))),
    all(DropLine(Line::Starts(
        "anda telah memasukkan alamat email yang salah",
        100,
    ))),
    all(DropLine(Line::Starts(
        "alamat email anda tidak akan dipublikasikan",
        200,
    ))),
    all(DropLine(Line::Starts("simpan nama, email", 200))),
    // Cloudflare e-mail obfuscation left without its data (decoded when the data is there).
    all(DropText("[email protected]")),
    all(DropText("[email\u{a0}protected]")),
    all(DropLine(Line::Is("[email protected]"))),
    // Credit lines: kept, muted.
    all(Credit(Line::Starts("editor:", 150))),
    all(Credit(Line::Starts("pewarta:", 150))),
    all(Credit(Line::Starts("penulis:", 150))),
    all(Credit(Line::Starts("reporter:", 150))),
    all(Credit(Line::Starts("redaktur:", 150))),
    all(Credit(Line::Starts("kontributor:", 150))),
    all(Credit(Line::Starts("fotografer:", 150))),
    all(Credit(Line::Starts("penerjemah:", 150))),
    all(Credit(Line::Starts("laporan wartawan", 150))),
    all(Credit(Line::Starts("laporan reporter", 150))),
];
