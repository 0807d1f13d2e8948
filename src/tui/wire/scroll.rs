//! The scroll search of the screen writer: which band of rows moved between the shown screen
//! and the next (an article scrolled), so a scroll region plus the new rows can be tried.

use super::*;

/// A quick hash of a row: a multiply-rotate mix of each cell's first bytes, and the style of
/// the first cell only (hashing every cell's style was most of the hash's work; rows that
/// differ only in the style of later cells are rare, and share a class: see `row_ids`).
fn row_hash(row: &[Cell]) -> u64 {
    // The first cell's style tells a row under a bar (the selection) from the same row
    // without it.
    let mut h = row.first().map_or(0, |c| {
        let mut s = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&pen_of(c), &mut s);
        std::hash::Hasher::finish(&s)
    });
    for c in row {
        let sym = c.symbol().as_bytes();
        let word = match sym {
            // one byte (most cells): the same word as below, without the copy
            &[b] => u64::from(b) | 1 << 56,
            _ => {
                let mut word = [0u8; 8];
                let n = sym.len().min(7);
                word[..n].copy_from_slice(&sym[..n]);
                word[7] = sym.len() as u8;
                u64::from_le_bytes(word)
            }
        };
        h = (h.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
}

/// Each old and new row's class: rows of one hash get the same number. Rows are not
/// compared: a scroll found with them is only a try, written by comparing the real cells (a
/// hash shared by rows that differ costs a try that loses, never a wrong screen), and
/// comparing every blank row with the first was most of the search on a sparse screen.
/// Rows the new frame did not touch are the old rows: they take the old row's class and hash
/// without a look. Also gives the new rows' hashes (kept for the next frame).
fn row_ids(old: &Model, new: &Model) -> (Vec<usize>, Vec<usize>, RowHashes) {
    let mut classes: Vec<u64> = Vec::new();
    let mut id = |hash: u64| -> usize {
        classes.iter().position(|&h| h == hash).unwrap_or_else(|| {
            classes.push(hash);
            classes.len() - 1
        })
    };
    let oh: Vec<u64> = (0..old.h)
        .map(|y| {
            let known = old.hashes.get(y).copied().flatten();
            known.unwrap_or_else(|| row_hash(old.row(y)))
        })
        .collect();
    let o: Vec<usize> = (0..old.h).map(|y| id(oh[y])).collect();
    let mut nh = Vec::with_capacity(new.h);
    let mut n = Vec::with_capacity(new.h);
    for y in 0..new.h {
        if !new.touched[y] {
            nh.push(Some(oh[y]));
            n.push(o[y]);
        } else {
            let hash = row_hash(new.row(y));
            nh.push(Some(hash));
            n.push(id(hash));
        }
    }
    (o, n, nh)
}

/// Scrolls worth trying: for each distance, the longest band of rows the new frame takes
/// from the old one moved by that distance (at least 3 rows, some of them changed). Also the
/// new frame's row hashes, when they were worked out.
pub(super) fn scroll_candidates(
    old: &Model,
    new: &Model,
) -> (Vec<(usize, Scroll)>, Option<RowHashes>) {
    let h = old.h;
    let mut found = Vec::new();
    // Old rows all alike (the blank screen of the first frame): a row taken from a moved one
    // is then the same as the row already there, so no move is of use; the rows are not hashed.
    let alike = (1..h).all(|y| rows_eq(old.row(y), old.row(0)));
    let (oh, nh, hashes) = if alike {
        (Vec::new(), Vec::new(), None)
    } else {
        let (o, n, hashes) = row_ids(old, new);
        (o, n, Some(hashes))
    };
    let same = |ny: usize, oy: usize| nh[ny] == oh[oy];
    for n in (1..h).filter(|_| !alike) {
        for up in [true, false] {
            let (mut best, mut run_start, mut useful) = (None::<(usize, usize)>, None, false);
            let mut close = |start: Option<usize>, end: usize, useful: bool| {
                if let Some(s) = start
                    && useful
                    && end - s >= 3
                    && best.is_none_or(|(bs, be)| end - s > be - bs)
                {
                    best = Some((s, end));
                }
            };
            let ys: Vec<usize> = if up {
                (0..h - n).collect()
            } else {
                (n..h).collect()
            };
            for &y in &ys {
                let oy = if up { y + n } else { y - n };
                if same(y, oy) {
                    run_start.get_or_insert(y);
                    useful |= nh[y] != oh[y];
                } else {
                    close(run_start, y, useful);
                    run_start = None;
                    useful = false;
                }
            }
            close(run_start, ys.last().map_or(0, |y| y + 1), useful);
            if let Some((s, e)) = best {
                // rows s..e (exclusive) of the new frame come from s+n.. (up) or s-n.. (down)
                let s2 = if up {
                    Scroll {
                        top: s,
                        bottom: e - 1 + n,
                        n,
                        up,
                    }
                } else {
                    Scroll {
                        top: s - n,
                        bottom: e - 1,
                        n,
                        up,
                    }
                };
                found.push((e - s, s2));
            }
        }
    }
    // Rows that go blank together: scrolled out of a band of their own (one short sequence
    // instead of an erase per row).
    let blank_row =
        |y: usize| new.touched[y] && new.row(y).iter().all(is_blank) && old.row(y) != new.row(y);
    let mut y = 0;
    while y < h {
        if blank_row(y) {
            let s = y;
            while y < h && blank_row(y) {
                y += 1;
            }
            if y - s >= 3 {
                let band = Scroll {
                    top: s,
                    bottom: y - 1,
                    n: y - s,
                    up: true,
                };
                found.push((y - s, band));
            }
        }
        y += 1;
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.truncate(4);
    (found, hashes)
}

/// Scroll the band on the terminal (the rows moved are read through `Start`).
pub(super) fn apply_scroll(out: &mut Vec<u8>, t: &mut Head, s: Scroll, sgrs: &mut Sgrs) {
    // New rows come in blank with the pen's background: a plain pen makes them plain.
    erase_plain(out, &mut t.pen, sgrs);
    let whole = s.top == 0 && s.bottom == t.h - 1;
    if !whole {
        let _ = write!(out, "\x1b[{};{}r", s.top + 1, s.bottom + 1);
    }
    csi_n(out, s.n, if s.up { b'S' } else { b'T' });
    if !whole {
        out.extend_from_slice(b"\x1b[r");
    }
    t.cursor = None;
}
