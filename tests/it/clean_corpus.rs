//! Boilerplate-removal corpus: article bodies and pages in the shape of Lampung outlets
//! (tests/corpus/*.html), each with a `.toml` naming the sentences that must stay and the
//! lines that must go. Every case is cleaned (feed bodies) or extracted (whole pages),
//! rendered as the reader shows it, and checked. The test prints per-case misses and the
//! totals, and fails below 100% kept or 95% removed.
//!
//! Case file (`NAME.toml`, next to `NAME.html`):
//! ```toml
//! outlet = "Lampost (WordPress)"
//! url = "https://lampost.example/..."   # the article URL (host rules, relative links)
//! mode = "clean"                        # "clean" for feed bodies, "extract" for pages
//! keep = ["sentence that must stay", ...]
//! drop = ["line that must go", ...]
//! once = ["text that must appear exactly once (captions)", ...]   # optional
//! ```
//! Set `KABAR_CORPUS_DUMP=1` to print each rendered case.
//! `keep` and `once` are checked against the article text (link list left out), `drop`
//! against everything rendered, link list included (so tracking parameters count too).
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::strip_link_refs;

use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    outlet: String,
    url: String,
    mode: String,
    keep: Vec<String>,
    drop: Vec<String>,
    #[serde(default)]
    once: Vec<String>,
}

/// (article text, everything rendered) with link numbers taken out of the article text.
fn rendered(html: &str, url: &str) -> (String, String) {
    let body = kabar::article::render::render_with_base(html, 1000, Some(url));
    let mut text = Vec::new();
    let mut in_links = false;
    for line in &body.lines {
        if line.trim() == kabar::article::render::LINKS_HEADING {
            in_links = true;
        }
        if !in_links {
            text.push(strip_link_refs(line));
        }
    }
    (text.join("\n"), body.lines.join("\n"))
}

#[test]
fn corpus_keeps_the_story_and_drops_the_clutter() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "toml")
                .then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();

    let (mut keep_total, mut keep_ok, mut drop_total, mut drop_ok) = (0, 0, 0, 0);
    let mut problems = Vec::new();
    for name in &names {
        let case: Case =
            toml::from_str(&std::fs::read_to_string(dir.join(format!("{name}.toml"))).unwrap())
                .unwrap_or_else(|e| panic!("{name}.toml: {e}"));
        let html = std::fs::read_to_string(dir.join(format!("{name}.html"))).unwrap();
        let cleaned = match case.mode.as_str() {
            "clean" => kabar::article::clean::clean_for(&html, Some(&case.url)),
            "extract" => kabar::article::extract::extract(&html, &case.url)
                .unwrap_or_else(|e| panic!("{name}: extraction failed: {e}")),
            m => panic!("{name}: unknown mode {m:?}"),
        };
        let (text, all) = rendered(&cleaned, &case.url);
        // Cleaning is idempotent: a stored, cleaned body cleans to the same text.
        let again = kabar::article::clean::clean_for(&cleaned, Some(&case.url));
        assert_eq!(
            rendered(&again, &case.url).1,
            all,
            "{name}: cleaning twice changes it"
        );
        if std::env::var_os("KABAR_CORPUS_DUMP").is_some() {
            println!("===== {name}\n{all}\n");
        }
        let (mut k, mut d) = (0, 0);
        for s in &case.keep {
            if text.contains(s.as_str()) {
                k += 1;
            } else {
                problems.push(format!("{name}: lost {s:?}"));
            }
        }
        for s in &case.once {
            let n = text.matches(s.as_str()).count();
            if n == 1 {
                k += 1;
            } else {
                problems.push(format!("{name}: {s:?} shown {n} times"));
            }
        }
        for s in &case.drop {
            if all.contains(s.as_str()) {
                problems.push(format!("{name}: left {s:?}"));
            } else {
                d += 1;
            }
        }
        let kn = case.keep.len() + case.once.len();
        println!(
            "{name:<28} {:<34} kept {k:>2}/{kn:<2}  removed {d:>2}/{:<2}",
            case.outlet,
            case.drop.len()
        );
        keep_total += kn;
        keep_ok += k;
        drop_total += case.drop.len();
        drop_ok += d;
    }
    for p in &problems {
        println!("  {p}");
    }
    let kept = 100.0 * keep_ok as f64 / keep_total.max(1) as f64;
    let removed = 100.0 * drop_ok as f64 / drop_total.max(1) as f64;
    println!(
        "TOTAL {} cases: kept {keep_ok}/{keep_total} ({kept:.1}%), removed {drop_ok}/{drop_total} ({removed:.1}%)",
        names.len()
    );
    assert!(names.len() >= 12, "corpus has {} cases", names.len());
    assert_eq!(keep_ok, keep_total, "every story sentence must stay");
    assert!(removed >= 95.0, "removed only {removed:.1}% of the clutter");
}
