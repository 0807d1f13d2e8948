//! A ratatui backend that writes few bytes: scrolled rows as a scroll, erased line ends, short moves.

// ratatui's diff says which cells changed since the last frame; `Wire` applies them to its
// copy of the screen to get the whole new frame, then writes the cheapest way it knows from
// the old screen to the new one. When rows of the new frame are rows of the old one moved up
// or down (an article scrolled by a line or a page), it first scrolls that band of rows with
// the terminal's scroll region (DECSTBM + SU/SD), so only the rows that came in are written.
// Whatever it chooses, the terminal ends up showing exactly the frame ratatui drew.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

mod encode;
mod plan;
mod scroll;
use ratatui::style::{Color, Modifier};

use encode::{PLAIN, Pen, Sgrs, csi_n, dec_graphic, move_len, move_to, pen_of, set_pen};
use plan::plan;

/// What shows on a space besides its background: a space with none of these looks the same
/// whatever its colour, boldness or slant.
const SEEN_ON_SPACE: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT);

/// A cell that looks like an erased one: a space on the default background.
fn is_blank(c: &Cell) -> bool {
    c.symbol() == " " && c.bg == Color::Reset && !c.modifier.intersects(SEEN_ON_SPACE)
}

/// The pen leaves erased or scrolled-in cells (and spaces) looking plain.
fn pen_erases_plain(pen: Option<Pen>) -> bool {
    pen.is_some_and(|p| p.bg == Color::Reset && !p.modifier.intersects(SEEN_ON_SPACE))
}

/// The two cells have one pen (`pen_of(a) == pen_of(b)`, without building the pens).
fn same_pen(a: &Cell, b: &Cell) -> bool {
    a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
}

/// `c` can be written with the pen as it is: the pen is its style, or `c` is a space the pen
/// draws the same (same background, nothing else that shows on a space).
fn pen_fits(c: &Cell, pen: Option<Pen>) -> bool {
    let Some(p) = pen else { return false };
    p == pen_of(c)
        || (c.symbol() == " "
            && c.bg == p.bg
            && !c.modifier.intersects(SEEN_ON_SPACE)
            && !p.modifier.intersects(SEEN_ON_SPACE))
}

/// The two cells look the same on a terminal (a space's colour or boldness does not show).
fn same_look(a: &Cell, b: &Cell) -> bool {
    cell_eq(a, b) || (is_blank_like(a) && is_blank_like(b) && a.bg == b.bg)
}

/// `same_look` of two cells whose symbols are the ASCII bytes `sa` and `sb`.
fn same_look_ascii(a: &Cell, b: &Cell, sa: u8, sb: u8) -> bool {
    if sa == b' '
        && sb == b' '
        && a.bg == b.bg
        && !(a.modifier | b.modifier).intersects(SEEN_ON_SPACE)
    {
        return true; // two blanks of one background
    }
    sa == sb && style_eq(a, b)
}

/// Everything of `a == b` but the symbols.
#[allow(deprecated)] // `skip` is part of ratatui's equality
fn style_eq(a: &Cell, b: &Cell) -> bool {
    same_pen(a, b) && a.skip == b.skip && a.diff_option == b.diff_option
}

/// `a == b`, ratatui's equality of cells, with the cheap fields first and a one-byte symbol
/// compared as a byte: `Cell::eq` starts with the symbols as strings, and the writer compares
/// whole screens (it was a quarter of the writer's work on a frame that changes every row).
fn cell_eq(a: &Cell, b: &Cell) -> bool {
    style_eq(a, b)
        && match (a.symbol().as_bytes(), b.symbol().as_bytes()) {
            (&[x], &[y]) => x == y,
            (x, y) => x == y,
        }
}

/// Two rows are equal, cell by cell (`cell_eq`).
fn rows_eq(a: &[Cell], b: &[Cell]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| cell_eq(x, y))
}

/// A space nothing but its background shows on.
fn is_blank_like(c: &Cell) -> bool {
    c.symbol() == " " && !c.modifier.intersects(SEEN_ON_SPACE)
}

/// The pen to erase with: the one there if it erases plain, else none.
fn erase_plain(out: &mut Vec<u8>, pen: &mut Option<Pen>, sgrs: &mut Sgrs) {
    if !pen_erases_plain(*pen) {
        sgrs.set_pen(out, pen, PLAIN);
    }
}

/// The cell's character when it is one printable ASCII byte (most cells): one column, one
/// byte, written as it is.
fn plain_byte(c: &Cell) -> Option<u8> {
    match c.symbol().as_bytes() {
        &[b] if (b' '..=b'~').contains(&b) => Some(b),
        _ => None,
    }
}

fn width_of(c: &Cell) -> usize {
    // A printable ASCII character (most cells) is one column: unicode-width's general walk
    // over the string cost more than the rest of a cell's handling.
    match plain_byte(c) {
        Some(_) => 1,
        None => c.symbol().width(),
    }
}

/// What the writer knows of the terminal: its screen, cursor and pen.
#[derive(Clone)]
struct Model {
    w: usize,
    h: usize,
    cells: Vec<Cell>,
    /// None: not known (after a write into the last column, a scroll region, start-up).
    cursor: Option<(usize, usize)>,
    pen: Option<Pen>,
    knows: Knows,
    /// Rows that may differ from the screen shown: in the next frame, those ratatui's diff
    /// wrote to (the others are the shown rows as they are, and are not looked at again).
    touched: Vec<bool>,
    /// Each row's `scroll::row_hash` where worked out already (kept from frame to frame, so a
    /// scroll search hashes only the rows that changed).
    hashes: RowHashes,
}

/// Each row's hash, where known.
type RowHashes = Vec<Option<u64>>;

/// What the terminal knows besides the usual sequences (set once, kept through every frame).
#[derive(Clone, Copy, Default)]
struct Knows {
    /// REP (repeat the last character).
    rep: bool,
    /// DEC Special Graphics (box-drawing characters as single bytes).
    lines: bool,
}

impl Model {
    fn new(w: usize, h: usize) -> Model {
        Model {
            w,
            h,
            cells: vec![Cell::EMPTY; w * h],
            cursor: None,
            pen: None,
            knows: Knows::default(),
            touched: vec![true; h],
            hashes: vec![None; h],
        }
    }

    /// A model with no cells yet: the buffer `Wire::draw` builds each frame in.
    fn scratch() -> Model {
        Model {
            cells: Vec::new(),
            ..Model::new(0, 0)
        }
    }

    fn row(&self, y: usize) -> &[Cell] {
        &self.cells[y * self.w..(y + 1) * self.w]
    }

    fn head(&self) -> Head {
        Head {
            w: self.w,
            h: self.h,
            cursor: self.cursor,
            pen: self.pen,
            knows: self.knows,
        }
    }
}

/// The terminal but its cells: what a try of `plan` changes as it writes (the cells always
/// end as the new frame's, so a try does not need a copy of them).
#[derive(Clone, Copy)]
struct Head {
    w: usize,
    h: usize,
    cursor: Option<(usize, usize)>,
    pen: Option<Pen>,
    knows: Knows,
}

/// The rows a try starts from: the model's, moved by the try's scroll (the rows it brings in
/// are blank). Read where they are: copying the screen for every try was most of the page
/// faults and the heap of the first frame.
struct Start<'a> {
    m: &'a Model,
    scroll: Option<Scroll>,
    blank: &'a [Cell],
}

impl<'a> Start<'a> {
    /// The scroll, when row `y` is in its band (another row than the model's row `y`).
    fn band(&self, y: usize) -> Option<Scroll> {
        self.scroll.filter(|s| (s.top..=s.bottom).contains(&y))
    }

    fn moved(&self, y: usize) -> bool {
        self.band(y).is_some()
    }

    fn row(&self, y: usize) -> &'a [Cell] {
        let Some(s) = self.band(y) else {
            return self.m.row(y);
        };
        let from = if s.up {
            Some(y + s.n).filter(|&v| v <= s.bottom)
        } else {
            y.checked_sub(s.n).filter(|&v| v >= s.top)
        };
        from.map_or(self.blank, |v| self.m.row(v))
    }
}

/// A scroll of the band `top..=bottom`: `up` rows move up by `n` (SU), else down (SD).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scroll {
    top: usize,
    bottom: usize,
    n: usize,
    up: bool,
}

/// The backend: output goes to `out` once per frame (one write, at `flush`).
pub struct Wire<W: Write> {
    out: W,
    buf: Vec<u8>,
    model: Model,
    /// Where the next frame is put together (kept between frames for its allocation).
    next: Model,
    cursor_hidden: Option<bool>,
    /// A fixed size (tests); None asks the terminal.
    fixed: Option<Size>,
    /// `next` holds the model's cells but in the rows of its `touched` (the frame before the
    /// last, with the rows the last frame changed): only those rows are copied for a frame.
    next_in_step: bool,
}

impl<W: Write> Wire<W> {
    /// A backend on a real terminal: its size comes from the terminal.
    pub fn new(out: W) -> Wire<W> {
        let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
        Wire {
            out,
            buf: Vec::with_capacity(8192),
            model: Model::new(w as usize, h as usize),
            next: Model::scratch(),
            cursor_hidden: None,
            fixed: None,
            next_in_step: false,
        }
    }

    /// A backend of a fixed size (tests, benches): no terminal is asked anything.
    pub fn with_size(out: W, width: u16, height: u16) -> Wire<W> {
        Wire {
            fixed: Some(Size::new(width, height)),
            model: Model::new(width as usize, height as usize),
            ..Wire::new(out)
        }
    }

    /// Repeat a character with REP (`ESC [ n b`) where that is shorter: for terminals that
    /// know it (see `term_knows_rep`).
    pub fn repeat(mut self, on: bool) -> Wire<W> {
        self.model.knows.rep = on;
        self
    }

    /// Draw box-drawing characters (a rule) with DEC Special Graphics where that is shorter:
    /// for terminals that know it (see `term_knows_line_drawing`).
    pub fn line_drawing(mut self, on: bool) -> Wire<W> {
        self.model.knows.lines = on;
        self
    }

    /// The output written so far (tests read what went to the terminal).
    pub fn writer(&self) -> &W {
        &self.out
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Start again from a blank screen of `w` x `h` (after a clear).
    fn blank(&mut self, w: usize, h: usize) {
        let (cursor, pen, knows) = (self.model.cursor, self.model.pen, self.model.knows);
        self.model = Model::new(w, h);
        self.model.cursor = cursor;
        self.model.pen = pen;
        self.model.knows = knows;
        self.next_in_step = false;
    }

    /// The model's cells were changed outside a frame (a clear): what is kept about them goes.
    fn cells_edited(&mut self) {
        self.next_in_step = false;
        self.model.hashes.fill(None);
    }
}

// ---------------------------------------------------------------------------------------------
// the backend

impl<W: Write> Backend for Wire<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // The new frame is built in the buffer kept for it (no screen-sized allocation per
        // frame): the screen as it is, then ratatui's changes.
        let mut new = std::mem::replace(&mut self.next, Model::scratch());
        let same_size =
            (new.w, new.h, new.cells.len()) == (self.model.w, self.model.h, self.model.cells.len());
        if self.next_in_step && same_size {
            // Only the rows the last frame changed differ: copying the whole screen each
            // frame was a good part of a key's work.
            for y in (0..new.h).filter(|&y| new.touched[y]) {
                let at = y * new.w..(y + 1) * new.w;
                new.cells[at.clone()].clone_from_slice(&self.model.cells[at]);
            }
        } else {
            new.w = self.model.w;
            new.h = self.model.h;
            new.cells.clone_from(&self.model.cells);
        }
        new.touched.clear();
        new.touched.resize(new.h, false);
        // Rows given a character of more than one byte (only they can have got a wide one).
        let mut wide = vec![false; new.h];
        for (x, y, cell) in content {
            let (x, y) = (x as usize, y as usize);
            if x >= new.w || y >= new.h {
                // A size the model missed: grow it (cells it never saw are blank).
                let (w, h) = (new.w.max(x + 1), new.h.max(y + 1));
                let mut grown = Model::new(w, h);
                for yy in 0..new.h {
                    grown.cells[yy * w..yy * w + new.w].clone_from_slice(new.row(yy));
                }
                let mut old = Model::new(w, h);
                for yy in 0..self.model.h {
                    old.cells[yy * w..yy * w + self.model.w].clone_from_slice(self.model.row(yy));
                }
                old.cursor = self.model.cursor;
                old.pen = self.model.pen;
                old.knows = self.model.knows;
                grown.knows = self.model.knows;
                self.model = old;
                new = grown;
            }
            new.cells[y * new.w + x] = cell.clone();
            new.touched[y] = true;
            if wide.len() <= y {
                wide.resize(y + 1, false);
            }
            wide[y] |= cell.symbol().len() > 1;
        }
        // The cells a wide character hides are blank in ratatui's buffer (it resets them) and
        // its diff may leave them out: keep them blank here too, or a stale one would come
        // back when the wide character goes.
        for y in (0..new.h).filter(|&y| wide.get(y) == Some(&true)) {
            let mut x = 0;
            while x < new.w {
                let cw = width_of(&new.cells[y * new.w + x]).max(1);
                for k in x + 1..(x + cw).min(new.w) {
                    new.cells[y * new.w + k] = Cell::EMPTY;
                }
                x += cw;
            }
        }
        let bytes = plan(&mut self.model, &mut new);
        self.next = new;
        self.next_in_step = true;
        self.buf.extend_from_slice(&bytes);
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden != Some(true) {
            self.buf.extend_from_slice(b"\x1b[?25l");
            self.cursor_hidden = Some(true);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden != Some(false) {
            self.buf.extend_from_slice(b"\x1b[?25h");
            self.cursor_hidden = Some(false);
        }
        Ok(())
    }

    /// Where the cursor is, without asking the terminal: a full-screen reader only needs a
    /// place it knows (ratatui asks before clearing, to put the cursor back). When that is
    /// unknown the cursor is sent home. Asking cost a round trip over SSH, and a terminal that
    /// never answered (2 s) ended the reader after a `terminal = true` command.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        if let Some((x, y)) = self.model.cursor {
            return Ok(Position::new(x as u16, y as u16));
        }
        if self.fixed.is_some() {
            return Ok(Position::ORIGIN);
        }
        self.buf.extend_from_slice(b"\x1b[H");
        self.model.cursor = Some((0, 0));
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        let (x, y) = (p.x as usize, p.y as usize);
        move_to(&mut self.buf, self.model.cursor, x, y);
        self.model.cursor = Some((x, y));
        // A shown cursor is where the user types: the pen is made the style there, so the
        // echo of a typed character is that character alone.
        if self.cursor_hidden == Some(false) && x < self.model.w && y < self.model.h {
            let pen = pen_of(&self.model.cells[y * self.model.w + x]);
            set_pen(&mut self.buf, &mut self.model.pen, pen);
        }
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Erased cells take the pen's background: start from a plain pen.
        self.buf.extend_from_slice(b"\x1b[m");
        self.model.pen = Some(PLAIN);
        let size = self.size()?;
        let (w, h) = (size.width as usize, size.height as usize);
        if (w, h) != (self.model.w, self.model.h) {
            self.blank(w, h);
        }
        let (cx, cy) = self.model.cursor.unwrap_or((0, 0));
        let (from, to) = match clear_type {
            ClearType::All => {
                self.buf.extend_from_slice(b"\x1b[2J");
                (0, w * h)
            }
            ClearType::AfterCursor => {
                self.buf.extend_from_slice(b"\x1b[J");
                (cy * w + cx, w * h)
            }
            ClearType::BeforeCursor => {
                self.buf.extend_from_slice(b"\x1b[1J");
                (0, (cy * w + cx + 1).min(w * h))
            }
            ClearType::CurrentLine => {
                self.buf.extend_from_slice(b"\x1b[2K");
                (cy * w, (cy + 1) * w)
            }
            ClearType::UntilNewLine => {
                self.buf.extend_from_slice(b"\x1b[K");
                (cy * w + cx, (cy + 1) * w)
            }
        };
        if self.model.cursor.is_none() && clear_type != ClearType::All {
            // Where the cursor was is not known: neither is what got erased.
            self.buf.extend_from_slice(b"\x1b[H\x1b[2J");
            self.model.cursor = Some((0, 0));
            let (f, t) = (0, w * h);
            self.model.cells[f..t].fill(Cell::EMPTY);
            self.cells_edited();
            return Ok(());
        }
        self.model.cells[from.min(w * h)..to.min(w * h)].fill(Cell::EMPTY);
        self.cells_edited();
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed {
            Some(s) => Ok(s),
            None => {
                let (w, h) = crossterm::terminal::size()?;
                Ok(Size::new(w, h))
            }
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        match self.fixed {
            Some(s) => Ok(WindowSize {
                columns_rows: s,
                pixels: Size::new(0, 0),
            }),
            None => {
                let ws = crossterm::terminal::window_size()?;
                Ok(WindowSize {
                    columns_rows: Size::new(ws.columns, ws.rows),
                    pixels: Size::new(ws.width, ws.height),
                })
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.out.flush()
    }
}

/// DEC Special Graphics (`ESC ( 0`) are used where ncurses programs use them in a UTF-8
/// locale and REP is used: xterm's entries. Inside tmux or screen the bytes only go to the
/// multiplexer (its own output is what crosses a link), and its copy mode and `capture-pane`
/// would give the letters (`qqq`); they, the Linux console and unknown terminals get UTF-8.
pub fn term_knows_line_drawing(term: &str) -> bool {
    term_knows_rep(term)
}

/// REP is used where `$TERM`'s terminfo entry has `rep`, as ncurses programs (newsboat among
/// them) do: xterm's entries. Others (tmux, screen, the Linux console) get the characters.
/// It repeats ASCII only: tmux (3.3) ignores REP after a character of more than one byte.
pub fn term_knows_rep(term: &str) -> bool {
    term == "xterm" || (term.starts_with("xterm-") && term != "xterm-kitty")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    #[test]
    fn cell_eq_is_ratatuis_equality() {
        let mut cells = Vec::new();
        for sym in [" ", "a", "b", "ab", "é", "日", "🙂", "─"] {
            for style in [
                Style::new(),
                Style::new().fg(Color::Cyan),
                Style::new().bg(Color::Rgb(1, 2, 3)),
                Style::new().add_modifier(Modifier::BOLD),
                Style::new().underline_color(Color::Indexed(9)),
                Style::new().add_modifier(Modifier::REVERSED),
            ] {
                let mut c = Cell::new(sym);
                c.set_style(style);
                cells.push(c.clone());
                c.set_diff_option(ratatui::buffer::CellDiffOption::Skip);
                cells.push(c);
            }
        }
        cells.push(Cell::EMPTY);
        for a in &cells {
            for b in &cells {
                assert_eq!(cell_eq(a, b), a == b, "{a:?} {b:?}");
                if let (&[x], &[y]) = (a.symbol().as_bytes(), b.symbol().as_bytes()) {
                    assert_eq!(same_look_ascii(a, b, x, y), same_look(a, b), "{a:?} {b:?}");
                }
            }
        }
    }
}
