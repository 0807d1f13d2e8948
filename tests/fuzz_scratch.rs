use kabar::store::{Store, FetchMeta};
use kabar::config::FeedConfig;
#[test]
fn scratch_deep() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile/html-deep-nesting.rss")).unwrap();
    let feed = kabar::feed::parse::parse(&bytes, "https://example.com/").unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store.sync_feeds(&[FeedConfig{url:"https://example.com/".into(), ..Default::default()}]).unwrap();
    let fid = store.feeds().unwrap()[0].id;
    store.apply_feed(fid, &feed, &FetchMeta::default(), 1000, 1_700_000_000).unwrap();
    for row in store.page(&Default::default(), 0, -1).unwrap() {
        let t = std::time::Instant::now();
        let a = store.article(row.id).unwrap().unwrap();
        let t1 = t.elapsed();
        let r = kabar::ui::article::render_article(&a, 78, false);
        eprintln!("{} body={} lines={} load {:?} render {:?}", a.title, a.body().len(), r.lines.len(), t1, t.elapsed());
        let t = std::time::Instant::now();
        let c2 = kabar::article::clean::clean(a.body());
        eprintln!("   clean::clean {:?} -> {}", t.elapsed(), c2.len());
        let t = std::time::Instant::now();
        let p = kabar::article::render::plain_text(&c2);
        eprintln!("   plain_text {:?} -> {}", t.elapsed(), p.len());
        let t = std::time::Instant::now();
        let c = kabar::article::clean::clean_for(a.body(), a.link.as_deref());
        eprintln!("   clean {:?} {} -> {}", t.elapsed(), a.body().len(), c.len());
        let t = std::time::Instant::now();
        let r2 = kabar::article::render::render_with_base(a.body(), 78, a.link.as_deref());
        eprintln!("   direct {:?} {}", t.elapsed(), r2.lines.len());
        for l in r.lines.iter().take(12) { eprintln!("   {:?}", l); }
    }
}
