use kabar::article::render::*;
#[test]
fn dump() {
    let html = std::env::var("H").unwrap_or_default();
    let html = if let Some(p) = html.strip_prefix('@') { std::fs::read_to_string(p).unwrap() } else { html };
    let w: usize = std::env::var("W").ok().and_then(|w| w.parse().ok()).unwrap_or(60);
    let t = std::time::Instant::now();
    let r = render_with_base(&html, w, std::env::var("B").ok().as_deref());
    let el = t.elapsed();
    for l in &r.lines { println!("|{l}|"); }
    println!("links {:?}\nelapsed {:?}", r.links, el);
}
