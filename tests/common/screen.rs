//! The reader drawn into ratatui's TestBackend and read back as text, a line per row.

use kabar::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Every cell's symbol, row by row, each row ending in a newline.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Draw `app` at its own size: the screen as text, and the buffer for styles. The reader lays
/// articles out on a worker; here it is done at once, as the worker would.
pub fn draw(app: &mut App) -> (String, Buffer) {
    app.finish_layout();
    let app = &*app;
    let mut term = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    term.draw(|f| kabar::ui::draw(f, app)).unwrap();
    let buf = term.backend().buffer().clone();
    (text(&buf), buf)
}

/// Resize `app` to `w`x`h` and draw it: the screen as text.
pub fn render(app: &mut App, w: u16, h: u16) -> String {
    app.resize(w, h);
    draw(app).0
}
