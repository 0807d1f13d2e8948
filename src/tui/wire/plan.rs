//! How the screen writer plans a frame: the cheapest bytes from the screen shown to the next.

use super::scroll::{apply_scroll, scroll_candidates};
use super::*;
use std::ops::Range;

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
    /// True when neither row has a wide character.
    fn find(&mut self, old_row: &[Cell], new_row: &[Cell]) -> bool {
        let w = new_row.len();
        let (dirty, covered, work) = (&mut self.dirty, &mut self.covered, &mut self.work);
        // No wide character on either side (most rows): the cells that differ, and no more.
        // One pass, each cell's symbols read once; two ASCII bytes (most cells) are one
        // column each and compared as bytes.
        let mut narrow = true;
        for ((d, o), n) in dirty.iter_mut().zip(old_row).zip(new_row) {
            *d = match (o.symbol().as_bytes(), n.symbol().as_bytes()) {
                (&[a], &[b]) if a.is_ascii() && b.is_ascii() => !same_look_ascii(o, n, a, b),
                _ if width_of(o) > 1 || width_of(n) > 1 => {
                    narrow = false;
                    break;
                }
                _ => !same_look(o, n),
            };
        }
        if narrow {
            return true;
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
        false
    }
}

/// What a changed row needs written: its columns up to `end` (the dirty ones), then the
/// blank tail from `erase_at` erased (EL), when that is shorter than writing it.
#[derive(Clone, Copy)]
struct RowWork {
    end: usize,
    erase_at: Option<usize>,
    /// Where the row's plain blank tail starts.
    tail: usize,
}

/// `RowWork` of a row against the old row under it: None when nothing in it changed.
fn row_work(cols: &mut Columns, old_row: &[Cell], new_row: &[Cell]) -> Option<RowWork> {
    if rows_eq(old_row, new_row) {
        return None;
    }
    let narrow = cols.find(old_row, new_row);
    let last = cols.dirty.iter().rposition(|&d| d)?;
    let w = new_row.len();
    // The plain blank tail: erased with EL when that is cheaper than writing it.
    let tail = new_row.iter().rposition(|c| !is_blank(c)).map_or(0, |i| {
        // a wide character's second half is blank in ratatui's buffer: it is not the tail
        i + width_of(&new_row[i]).max(1)
    });
    if narrow {
        bridge(&mut cols.dirty, new_row, tail.min(last + 1));
    }
    let dirty = &cols.dirty;
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
    Some(RowWork {
        end,
        erase_at,
        tail,
    })
}

/// Mark for writing the unchanged cells of a short gap (one or two) between changed cells
/// before `upto`, when they are printable ASCII of the pen of the cells either side: a byte
/// a cell beats any move (CUF is 3 bytes), and each try goes on writing instead of stopping
/// for a move and a pen check (most moves of a list's frame were such gaps). A row with no
/// wide character only.
fn bridge(dirty: &mut [bool], row: &[Cell], upto: usize) {
    let mut x = 1;
    while x < upto {
        if dirty[x] || !dirty[x - 1] {
            x += 1;
            continue;
        }
        // x starts a gap after a changed cell: its length, if it ends in one before `upto`
        let Some(len) = (1..=2).find(|&n| x + n < upto && dirty[x + n]) else {
            x += 1;
            continue;
        };
        let fits = |c: &Cell| same_pen(&row[x - 1], c);
        if fits(&row[x + len])
            && row[x..x + len]
                .iter()
                .all(|c| plain_byte(c).is_some() && fits(c))
        {
            dirty[x..x + len].fill(true);
        }
        x += len + 1;
    }
}

/// What the tries of a frame work out once and share: the pens it draws with, the work and
/// the runs of the rows a try takes where they are (not scrolled; the first frame's
/// pen-by-pen try did it all again), and the SGR sequences.
struct Rows {
    /// None: not worked out yet.
    known: Vec<Option<Worked>>,
    runs: Vec<Run>,
    pens: Vec<Pen>,
    sgrs: Sgrs,
}

impl Rows {
    fn new(h: usize) -> Rows {
        Rows {
            known: vec![None; h],
            runs: Vec::new(),
            pens: Vec::new(),
            sgrs: Sgrs::default(),
        }
    }

    fn get(&mut self, y: usize, cols: &mut Columns, old_row: &[Cell], new_row: &[Cell]) -> Worked {
        if let Some(known) = &self.known[y] {
            return known.clone();
        }
        let work = row_work(cols, old_row, new_row).map(|work| {
            let at = self.runs.len();
            runs_of(
                &mut self.pens,
                &mut self.runs,
                new_row,
                &cols.dirty,
                work.end,
            );
            (work, at..self.runs.len())
        });
        self.known[y] = Some(work.clone());
        work
    }
}

/// A row's work and where its runs are in `Rows::runs`; None: the row did not change.
type Worked = Option<(RowWork, Range<usize>)>;

/// A run of changed cells of a row, `x..end`, all of one pen (`pens[pen]`): what a try writes
/// with one move and one pen check (they were made for each cell).
#[derive(Clone, Copy)]
struct Run {
    x: usize,
    end: usize,
    pen: usize,
    /// Bytes of its characters.
    bytes: usize,
    /// Every cell of it is one column wide (else the cells a wide one hides are stepped over).
    narrow: bool,
}

/// The runs of a row's changed cells up to `end`, cut where the pen changes (and after a
/// character of no width, which leaves the cursor unknown); new pens join `pens`.
fn runs_of(pens: &mut Vec<Pen>, runs: &mut Vec<Run>, row: &[Cell], dirty: &[bool], end: usize) {
    let mut open: Option<Run> = None;
    let (mut x, mut prev) = (0, 0);
    while x < end {
        if !dirty[x] {
            runs.extend(open.take());
            x += 1;
            continue;
        }
        let c = &row[x];
        let (cw, len) = match plain_byte(c) {
            Some(_) => (1, 1),
            None => (width_of(c), c.symbol().len()),
        };
        let step = cw.max(1);
        match &mut open {
            // the cell before is of the run: the same style is the same pen (its fields
            // compared where they are: building a pen of every cell cost more than the rest)
            Some(r) if same_pen(&row[prev], c) => {
                r.end = x + step;
                r.bytes += len;
                r.narrow &= cw == 1;
            }
            _ => {
                let p = pen_of(c);
                // Mostly the pen of the run before (or the frame's last new one): asked first.
                let pen = match open.take() {
                    Some(r) => {
                        runs.push(r);
                        r.pen
                    }
                    None => runs.last().map_or(0, |r| r.pen),
                };
                let pen = if pens.get(pen) == Some(&p) {
                    pen
                } else {
                    pens.iter().position(|q| *q == p).unwrap_or_else(|| {
                        pens.push(p);
                        pens.len() - 1
                    })
                };
                open = Some(Run {
                    x,
                    end: x + step,
                    pen,
                    bytes: len,
                    narrow: cw == 1,
                });
            }
        }
        prev = x;
        x += step;
        if cw == 0 {
            runs.extend(open.take());
        }
    }
    runs.extend(open);
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
    rows: &mut Rows,
    by_pen: bool,
    limit: usize,
) -> bool {
    let w = m.w;
    let mut of_pen: Vec<Vec<(usize, Run)>> = Vec::new();
    let mut chars = 0;
    let mut erases: Vec<(usize, usize, usize)> = Vec::new();
    let mut cols = Columns::new(w);
    let mut moved_runs = Vec::new();
    for y in 0..m.h {
        if !new.touched[y] && !old.moved(y) {
            continue; // the row shown, as it is
        }
        let new_row = new.row(y);
        let (work, row_runs): (RowWork, &[Run]) = if old.moved(y) {
            let Some(work) = row_work(&mut cols, old.row(y), new_row) else {
                continue;
            };
            moved_runs.clear();
            runs_of(
                &mut rows.pens,
                &mut moved_runs,
                new_row,
                &cols.dirty,
                work.end,
            );
            (work, &moved_runs)
        } else {
            let Some((work, at)) = rows.get(y, &mut cols, old.row(y), new_row) else {
                continue;
            };
            // the field, not a method: the SGR memo beside it is written while it is read
            (work, &rows.runs[at])
        };
        let RowWork {
            end,
            erase_at,
            tail,
        } = work;
        if by_pen {
            of_pen.resize_with(rows.pens.len(), Vec::new);
            for r in row_runs {
                of_pen[r.pen].push((y, *r));
                chars += r.bytes;
            }
            if let Some(ex) = erase_at {
                erases.push((y, ex, tail));
            }
            continue;
        }
        let mut x = 0;
        for r in row_runs {
            x = x.max(r.x); // a repeat or a rule may have written past the run before
            let p = rows.pens[r.pen];
            while x < r.end {
                // The pen and the cursor are the run's: its plain characters as they come
                // (what the step below would do for each, one byte a cell; most of a list).
                if m.pen == Some(p) && m.cursor == Some((x, y)) {
                    let n = write_plain(out, new_row, x, r.end, end, m.knows.rep);
                    if n > 0 {
                        x += n;
                        m.cursor = (x < w).then_some((x, y));
                        continue;
                    }
                }
                x = write_cell(out, m, new_row, x, y, end, &mut rows.sgrs);
            }
        }
        if let Some(ex) = erase_at {
            erase_tail(out, m, ex, tail, y, &mut rows.sgrs);
        }
        if out.len() >= limit {
            return false;
        }
    }
    if !by_pen {
        return true;
    }
    write_by_pen(
        out,
        m,
        new,
        &rows.pens,
        &of_pen,
        chars,
        &erases,
        &mut rows.sgrs,
        limit,
    )
}

/// Write the cells from `x` (before `to`) that are printable ASCII needing no more than
/// themselves, and say how many: a cell that starts a repeat REP would write (`rep`: six
/// alike, before `end`) is left to `write_cell`.
fn write_plain(
    out: &mut Vec<u8>,
    row: &[Cell],
    x: usize,
    to: usize,
    end: usize,
    rep: bool,
) -> usize {
    out.reserve(to - x);
    // Each cell read once: the one after is read for the repeat test and kept for the next.
    let mut next = plain_byte(&row[x]);
    for at in x..to {
        let Some(b) = next else {
            return at - x;
        };
        next = row.get(at + 1).and_then(plain_byte);
        if rep
            && next == Some(b)
            && at + 5 < end
            && row[at + 2..=at + 5]
                .iter()
                .all(|d| d.symbol().as_bytes() == [b])
        {
            return at - x;
        }
        out.push(b);
    }
    to - x
}

/// Write the changed cell at `x` of row `y` as the row-by-row try does: get there, set its
/// pen unless the pen there draws it, then the character, as part of a rule in DEC line
/// drawing or with REP for the same character after it when shorter. Where it ends.
fn write_cell(
    out: &mut Vec<u8>,
    m: &mut Head,
    row: &[Cell],
    x: usize,
    y: usize,
    end: usize,
    sgrs: &mut Sgrs,
) -> usize {
    let w = m.w;
    reach(out, m, row, x, y);
    let c = &row[x];
    if !pen_fits(c, m.pen) {
        sgrs.set_pen(out, &mut m.pen, pen_of(c));
    }
    if m.knows.lines
        && let Some(n) = write_graphics(out, m, &row[x..end])
    {
        let nx = x + n;
        m.cursor = (nx < w).then_some((nx, y));
        return nx;
    }
    let cw = width_of(c);
    out.extend_from_slice(c.symbol().as_bytes());
    let mut nx = x + cw.max(1);
    // ASCII only: tmux repeats only a one-byte character.
    if m.knows.rep && cw == 1 && c.symbol().len() == 1 {
        // The same character again (a rule, a bar's spaces): REP, when shorter.
        let more = row[nx..end]
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
    nx
}

/// The pen-by-pen try's writing: each pen's runs (`of_pen`, rows in order), then the erases.
/// False once it cannot beat `limit` (see `write_diff`).
#[allow(clippy::too_many_arguments)] // the try's state, passed on from `write_diff`
fn write_by_pen(
    out: &mut Vec<u8>,
    m: &mut Head,
    new: &Model,
    pens: &[Pen],
    of_pen: &[Vec<(usize, Run)>],
    chars: usize,
    erases: &[(usize, usize, usize)],
    sgrs: &mut Sgrs,
    limit: usize,
) -> bool {
    let w = m.w;
    // Every run's characters are written (this way has no REP): when they alone are as long
    // as the best so far, this try cannot beat it, and the walk is not made.
    // Each erase is an EL (3 bytes) at least: with the characters still to write, a bound
    // the walk keeps checking, so a try that loses stops as soon as that is sure.
    let erased = 3 * erases.len();
    if out.len() + chars + erased >= limit {
        return false;
    }
    let mut left = chars;
    for (&p, runs) in pens.iter().zip(of_pen) {
        for &(y, r) in runs {
            let row = new.row(y);
            let mut x = r.x;
            while x < r.end {
                let c = &row[x];
                if m.cursor != Some((x, y)) || m.pen != Some(p) {
                    reach(out, m, row, x, y);
                    if !pen_fits(c, m.pen) {
                        sgrs.set_pen(out, &mut m.pen, p);
                    }
                }
                let cw = width_of(c);
                out.extend_from_slice(c.symbol().as_bytes());
                x += cw.max(1);
                m.cursor = (cw > 0 && x < w).then_some((x, y));
                if r.narrow && m.pen == Some(p) && m.cursor == Some((x, y)) {
                    // The pen and the cursor are the run's: the rest is its characters.
                    out.reserve(r.bytes);
                    for c in &row[x..r.end] {
                        match c.symbol().as_bytes() {
                            &[b] => out.push(b),
                            sym => out.extend_from_slice(sym),
                        }
                    }
                    x = r.end;
                    m.cursor = (x < w).then_some((x, y));
                }
            }
            left -= r.bytes;
            if out.len() + left + erased >= limit {
                return false;
            }
        }
    }
    for &(y, ex, tail) in erases {
        erase_tail(out, m, ex, tail, y, sgrs);
    }
    true
}

/// Erase row `y` from its first changed blank `ex` or its blank tail `tail`, whichever the
/// cursor reaches in fewer bytes, to the end of the line (EL, with a plain pen).
fn erase_tail(out: &mut Vec<u8>, m: &mut Head, ex: usize, tail: usize, y: usize, sgrs: &mut Sgrs) {
    let ex = if move_len(m.cursor, tail, y) < move_len(m.cursor, ex, y) {
        tail
    } else {
        ex
    };
    move_to(out, m.cursor, ex, y);
    erase_plain(out, &mut m.pen, sgrs);
    out.extend_from_slice(b"\x1b[K");
    m.cursor = Some((ex, y));
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
    // Each way priced first (the first of equal ones kept), then only the cheapest written.
    let mut best = move_len(m.cursor, x, y);
    let mut from = None;
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
        let mut n = move_len(m.cursor, x0, y);
        for c in gap {
            n += c.symbol().len();
            if n >= best {
                break;
            }
        }
        if n < best {
            best = n;
            from = Some(x0);
        }
    }
    match from {
        None => move_to(out, m.cursor, x, y),
        Some(x0) => {
            move_to(out, m.cursor, x0, y);
            for c in &row[x0..x] {
                out.extend_from_slice(c.symbol().as_bytes());
            }
        }
    }
    m.cursor = Some((x, y));
}

/// The bytes taking the terminal from `m` to `new`: the plain diff, or a scroll first when
/// that comes out shorter. `m` ends as `new` (with the cursor and pen the bytes leave); `new`
/// is left with the old cells (its buffer is used again for the next frame).
pub(super) fn plan(m: &mut Model, new: &mut Model) -> Vec<u8> {
    let start = m.head();
    let as_is = Start {
        m,
        scroll: None,
        blank: &[],
    };
    let mut best = Vec::new();
    let mut best_head = start;
    let mut rows = Rows::new(m.h);
    write_diff(
        &mut best,
        &mut best_head,
        &as_is,
        new,
        &mut rows,
        false,
        usize::MAX,
    );
    let mut hashes = None;
    if best.len() > 64 {
        let mut scrolls = vec![None];
        if m.h > 1 {
            let (found, new_hashes) = scroll_candidates(m, new);
            scrolls.extend(found.into_iter().map(|(_, s)| Some(s)));
            hashes = new_hashes;
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
                    apply_scroll(&mut out, &mut t, s, &mut rows.sgrs);
                }
                let old = Start {
                    m,
                    scroll: s,
                    blank: &blank,
                };
                let whole = write_diff(&mut out, &mut t, &old, new, &mut rows, by_pen, best.len());
                if whole && out.len() < best.len() {
                    best = out;
                    best_head = t;
                }
            }
        }
    }
    std::mem::swap(&mut m.cells, &mut new.cells);
    // The new frame's row hashes: all of them when the scroll search worked them out, else
    // the shown ones of the rows that did not change.
    m.hashes = hashes.unwrap_or_else(|| {
        (0..m.h)
            .map(|y| (!new.touched[y]).then(|| m.hashes.get(y).copied().flatten())?)
            .collect()
    });
    m.cursor = best_head.cursor;
    m.pen = best_head.pen;
    best
}
