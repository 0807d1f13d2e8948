use kabar::feed::parse::{parse_feedrs_only, parse_lenient_only};
#[test]
fn reasons() {
    let mut counts = std::collections::BTreeMap::new();
    for dir in ["tests/fixtures", "tests/hostile", "tests/feedparser"] {
        let mut v: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        for p in v {
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            if ext == "md" || ext == "html" && dir != "tests/hostile" || ext=="json" && dir=="tests/feedparser" { continue; }
            let b = std::fs::read(&p).unwrap();
            let url = "http://example.com/feed.xml";
            match parse_feedrs_only(&b, url) {
                Ok(_) => { if dir != "tests/feedparser" { println!("OK {}", p.display()); } *counts.entry(format!("{dir} ok")).or_insert(0) += 1; }
                Err(e) => {
                    let l = parse_lenient_only(&b, url).is_ok();
                    let r = e.to_string();
                    if dir != "tests/feedparser" { println!("DECLINE {} lenient_ok={l}: {r}", p.display()); }
                    let key = format!("{dir} {}", r.chars().take(90).collect::<String>());
                    *counts.entry(key).or_insert(0) += 1;
                }
            }
        }
    }
    for (k, v) in counts { println!("{v:4} {k}"); }
}
