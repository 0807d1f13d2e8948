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
mod scroll;
use ratatui::style::{Color, Modifier};

use encode::{PLAIN, Pen, csi_n, dec_graphic, move_to, pen_of, set_pen};
use scroll::{apply_scroll, scroll_candidates};

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
    a == b || (is_blank_like(a) && is_blank_like(b) && a.bg == b.bg)
}

/// A space nothing but its background shows on.
fn is_blank_like(c: &Cell) -> bool {
    c.symbol() == " " && !c.modifier.intersects(SEEN_ON_SPACE)
}

/// The pen to erase with: the one there if it erases plain, else none.
fn erase_plain(out: &mut Vec<u8>, pen: &mut Option<Pen>) {
    if !pen_erases_plain(*pen) {
        set_pen(out, pen, PLAIN);
    }
}

fn width_of(c: &Cell) -> usize {
    // A printable ASCII character (most cells) is one column: unicode-width's general walk
    // over the string cost more than the rest of a cell's handling.
    match c.symbol().as_bytes() {
        [b' '..=b'~'] => 1,
        _ => c.symbol().width(),
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
}

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
    fn row(&self, y: usize) -> &'a [Cell] {
        let Some(s) = self.scroll.filter(|s| (s.top..=s.bottom).contains(&y)) else {
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
    }
}

// ---------------------------------------------------------------------------------------------
// planning a frame

/// The columns of a row to write, and what finding them needs (kept for every row of a try).
struct Columns {
    dirty: Vec<bool>,
    covered: Vec<bool>,
    work: Vec<usize>,
}

impl Columns {
    fn new(w: usize) -> Columns {
        Columns {
            dirty: vec![false; w],
            covered: vec![false; w],
            work: Vec::new(),
        }
    }

    /// Columns to write: cells that differ, and the other half of a wide character either
    /// side had (overwriting half of one blanks both halves on the terminal).
    fn find(&mut self, old_row: &[Cell], new_row: &[Cell]) {
        let w = new_row.len();
        let (dirty, covered, work) = (&mut self.dirty, &mut self.covered, &mut self.work);
        // No wide character on either side (most rows): the cells that differ, and no more.
        if old_row.iter().chain(new_row).all(|c| width_of(c) <= 1) {
            for ((d, o), n) in dirty.iter_mut().zip(old_row).zip(new_row) {
                *d = !same_look(o, n);
            }
            return;
        }
        dirty.fill(false);
        covered.fill(false);
        let mut x = 0;
        while x < w {
            let cw = width_of(&new_row[x]).max(1);
            for c in covered.iter_mut().take((x + cw).min(w)).skip(x + 1) {
                *c = true;
            }
            x += cw;
        }
        work.clear();
        work.extend((0..w).filter(|&x| !covered[x] && !same_look(&old_row[x], &new_row[x])));
        // Writing over part of a wide character the terminal shows blanks all of it: the
        // cells of it left out are written too (and so on, for what those overwrite).
        while let Some(x) = work.pop() {
            if dirty[x] {
                continue;
            }
            dirty[x] = true;
            let span = x..(x + width_of(&new_row[x]).max(1)).min(w);
            for c in span.clone() {
                let ow = width_of(&old_row[c]);
                for k in c + 1..(c + ow).min(w) {
                    if !span.contains(&k) && !covered[k] && !dirty[k] {
                        work.push(k);
                    }
                }
                // c is the right half of an old wide character starting left of the span
                if c == span.start && c > 0 && width_of(&old_row[c - 1]) > 1 {
                    let k = c - 1;
                    if !covered[k] && !dirty[k] {
                        work.push(k);
                    }
                }
            }
        }
    }
}

/// Write what it takes to turn the screen `old` into `new`: row by row, or (`by_pen`) all
/// the cells of one style, then the next style's (fewer SGR for more moves: a list whose rows
/// alternate two styles). Gives up (false) once it is sure to take `limit` bytes or more (a
/// try that cannot beat the best so far; its bytes and head are then dropped by the caller).
fn write_diff(
    out: &mut Vec<u8>,
    m: &mut Head,
    old: &Start,
    new: &Model,
    by_pen: bool,
    limit: usize,
) -> bool {
    let w = m.w;
    let mut jobs: Vec<(usize, usize)> = Vec::new();
    let mut erases: Vec<(usize, usize, usize)> = Vec::new();
    let mut cols = Columns::new(w);
    for y in 0..m.h {
        let (old_row, new_row) = (old.row(y), new.row(y));
        if old_row == new_row {
            continue;
        }
        cols.find(old_row, new_row);
        let dirty = &cols.dirty;
        let Some(last) = dirty.iter().rposition(|&d| d) else {
            continue;
        };
        // The plain blank tail: erased with EL when that is cheaper than writing it.
        let tail = new_row.iter().rposition(|c| !is_blank(c)).map_or(0, |i| {
            // a wide character's second half is blank in ratatui's buffer: it is not the tail
            i + width_of(&new_row[i]).max(1)
        });
        let mut end = last + 1;
        let mut erase_at = None;
        if last >= tail {
            let first_tail = (tail..w).find(|&x| dirty[x]).unwrap_or(tail);
            let spaces = (first_tail..=last).filter(|&x| dirty[x]).count();
            // EL (3 bytes) against the spaces by hand; both need the same plain pen first, so
            // its cost (an SGR worked out twice a row) does not decide.
            if 3 < spaces {
                erase_at = Some(first_tail);
                end = first_tail;
            }
        }
        if by_pen {
            let mut x = 0;
            while x < end {
                if dirty[x] {
                    jobs.push((y, x));
                }
                x += if dirty[x] {
                    width_of(&new_row[x]).max(1)
                } else {
                    1
                };
            }
            if let Some(ex) = erase_at {
                erases.push((y, ex, tail));
            }
            continue;
        }
        let mut x = 0;
        while x < end {
            if !dirty[x] {
                x += 1;
                continue;
            }
            reach(out, m, new_row, x, y);
            let c = &new_row[x];
            if !pen_fits(c, m.pen) {
                set_pen(out, &mut m.pen, pen_of(c));
            }
            if m.knows.lines
                && let Some(n) = write_graphics(out, m, &new_row[x..end])
            {
                let nx = x + n;
                m.cursor = (nx < w).then_some((nx, y));
                x = nx;
                continue;
            }
            let cw = width_of(c);
            out.extend_from_slice(c.symbol().as_bytes());
            let mut nx = x + cw.max(1);
            // ASCII only: tmux repeats only a one-byte character.
            if m.knows.rep && cw == 1 && c.symbol().len() == 1 {
                // The same character again (a rule, a bar's spaces): REP, when shorter.
                let more = new_row[nx..end]
                    .iter()
                    .take_while(|d| d.symbol() == c.symbol() && width_of(d) == 1)
                    .take_while(|d| pen_fits(d, m.pen))
                    .count();
                if more > 1 {
                    let mut rep = Vec::new();
                    csi_n(&mut rep, more, b'b');
                    if rep.len() < more * c.symbol().len() {
                        out.extend_from_slice(&rep);
                        nx += more;
                    }
                }
            }
            m.cursor = if cw == 0 || nx >= w {
                None
            } else {
                Some((nx, y))
            };
            x = nx;
        }
        if let Some(mut ex) = erase_at {
            // From the first blank of the tail or the first changed one: the shorter move.
            let (mut a, mut b) = (Vec::new(), Vec::new());
            move_to(&mut a, m.cursor, tail, y);
            move_to(&mut b, m.cursor, ex, y);
            if a.len() < b.len() {
                ex = tail;
            }
            move_to(out, m.cursor, ex, y);
            erase_plain(out, &mut m.pen);
            out.extend_from_slice(b"\x1b[K");
            m.cursor = Some((ex, y));
        }
        if out.len() >= limit {
            return false;
        }
    }
    if !by_pen {
        return true;
    }
    // Every job's character is written (this way has no REP): when they alone are as long as
    // the best so far, this try cannot beat it, and the pen-by-pen walk is not made.
    let chars: usize = jobs
        .iter()
        .map(|&(y, x)| new.row(y)[x].symbol().len())
        .sum();
    if out.len() + chars >= limit {
        return false;
    }
    // The jobs of each pen in their order, the pens in the order they first come: a stable
    // sort by pen (a pass over every job for every pen was most of this try on a full frame).
    let mut pens: Vec<Pen> = Vec::new();
    let mut order: Vec<(usize, (usize, usize))> = jobs
        .iter()
        .map(|&(y, x)| {
            let p = pen_of(&new.row(y)[x]);
            let i = pens.iter().position(|q| *q == p).unwrap_or_else(|| {
                pens.push(p);
                pens.len() - 1
            });
            (i, (y, x))
        })
        .collect();
    order.sort_by_key(|&(i, _)| i);
    for &(i, (y, x)) in &order {
        let p = pens[i];
        let row = new.row(y);
        let c = &row[x];
        reach(out, m, row, x, y);
        if !pen_fits(c, m.pen) {
            set_pen(out, &mut m.pen, p);
        }
        let cw = width_of(c);
        out.extend_from_slice(c.symbol().as_bytes());
        let nx = x + cw.max(1);
        m.cursor = if cw == 0 || nx >= w {
            None
        } else {
            Some((nx, y))
        };
        if out.len() >= limit {
            return false;
        }
    }
    for (y, ex, tail) in erases {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        move_to(&mut a, m.cursor, tail, y);
        move_to(&mut b, m.cursor, ex, y);
        let ex = if a.len() < b.len() { tail } else { ex };
        move_to(out, m.cursor, ex, y);
        erase_plain(out, &mut m.pen);
        out.extend_from_slice(b"\x1b[K");
        m.cursor = Some((ex, y));
    }
    true
}

/// A run of box-drawing cells at the start of `cells` (the pen already theirs) written with
/// DEC Special Graphics, with REP for repeats where the terminal knows it, when that is
/// shorter than their UTF-8: how many cells it wrote (None: none, nothing written). The
/// character set is put back at once, so no other write ever meets it.
fn write_graphics(out: &mut Vec<u8>, m: &Head, cells: &[Cell]) -> Option<usize> {
    let run: Vec<u8> = cells
        .iter()
        .take_while(|d| pen_fits(d, m.pen))
        .map_while(|d| dec_graphic(d.symbol()))
        .collect();
    // ESC ( 0 and ESC ( B cost six bytes: a run of two (six bytes of UTF-8) cannot gain.
    if run.len() < 3 {
        return None;
    }
    let utf8: usize = cells[..run.len()].iter().map(|d| d.symbol().len()).sum();
    let start = out.len();
    out.extend_from_slice(b"\x1b(0");
    let mut i = 0;
    while i < run.len() {
        let g = run[i];
        out.push(g);
        let same = run[i + 1..].iter().take_while(|&&r| r == g).count();
        let mut rep = Vec::new();
        if m.knows.rep && same > 1 {
            csi_n(&mut rep, same, b'b');
        }
        if !rep.is_empty() && rep.len() < same {
            out.extend_from_slice(&rep);
            i += 1 + same;
        } else {
            i += 1;
        }
    }
    out.extend_from_slice(b"\x1b(B");
    if out.len() - start >= utf8 {
        out.truncate(start);
        return None;
    }
    Some(run.len())
}

/// Get the cursor to (x, y): a move, or a move to a cell left of x on the row and the cells
/// from there to x written again (they look the same with the pen there), when shorter.
fn reach(out: &mut Vec<u8>, m: &mut Head, row: &[Cell], x: usize, y: usize) {
    if m.cursor == Some((x, y)) {
        return; // already there (the next cell of a run): nothing beats no bytes
    }
    // The move, then each other way written after it and kept in its place when shorter.
    let start = out.len();
    move_to(out, m.cursor, x, y);
    let mut best = out.len() - start;
    let from_cursor = match m.cursor {
        Some((cx, cy)) if cy == y && cx < x => Some(cx),
        _ => None,
    };
    for x0 in std::iter::once(0).chain(from_cursor) {
        // Each cell of the gap is at least a byte: a gap as long as the move cannot beat it
        // (checked first, so a long row is not scanned for every cell written).
        if x0 >= x || x - x0 >= best {
            continue;
        }
        let gap = &row[x0..x];
        let after_wide = x0 > 0 && width_of(&row[x0 - 1]) > 1;
        if after_wide || !gap.iter().all(|c| width_of(c) == 1 && pen_fits(c, m.pen)) {
            continue;
        }
        let at = out.len();
        move_to(out, m.cursor, x0, y);
        for c in gap {
            out.extend_from_slice(c.symbol().as_bytes());
            if out.len() - at >= best {
                break;
            }
        }
        let n = out.len() - at;
        if n < best {
            out.copy_within(at.., start);
            best = n;
        }
        out.truncate(start + best);
    }
    m.cursor = Some((x, y));
}

/// The bytes taking the terminal from `m` to `new`: the plain diff, or a scroll first when
/// that comes out shorter. `m` ends as `new` (with the cursor and pen the bytes leave); `new`
/// is left with the old cells (its buffer is used again for the next frame).
fn plan(m: &mut Model, new: &mut Model) -> Vec<u8> {
    let start = m.head();
    let as_is = Start {
        m,
        scroll: None,
        blank: &[],
    };
    let mut best = Vec::new();
    let mut best_head = start;
    write_diff(&mut best, &mut best_head, &as_is, new, false, usize::MAX);
    if best.len() > 64 {
        let mut scrolls = vec![None];
        if m.h > 1 {
            scrolls.extend(scroll_candidates(m, new).into_iter().map(|(_, s)| Some(s)));
        }
        let blank = vec![Cell::EMPTY; if scrolls.len() > 1 { m.w } else { 0 }];
        for s in scrolls {
            for by_pen in [false, true] {
                if s.is_none() && !by_pen {
                    continue; // the first try
                }
                let mut out = Vec::new();
                let mut t = start;
                if let Some(s) = s {
                    apply_scroll(&mut out, &mut t, s);
                }
                let old = Start {
                    m,
                    scroll: s,
                    blank: &blank,
                };
                let whole = write_diff(&mut out, &mut t, &old, new, by_pen, best.len());
                if whole && out.len() < best.len() {
                    best = out;
                    best_head = t;
                }
            }
        }
    }
    std::mem::swap(&mut m.cells, &mut new.cells);
    m.cursor = best_head.cursor;
    m.pen = best_head.pen;
    best
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
        new.w = self.model.w;
        new.h = self.model.h;
        new.cells.clone_from(&self.model.cells);
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
        }
        // The cells a wide character hides are blank in ratatui's buffer (it resets them) and
        // its diff may leave them out: keep them blank here too, or a stale one would come
        // back when the wide character goes.
        for y in 0..new.h {
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
            return Ok(());
        }
        self.model.cells[from.min(w * h)..to.min(w * h)].fill(Cell::EMPTY);
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
