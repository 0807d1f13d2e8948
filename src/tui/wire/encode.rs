//! The bytes of `wire`: the pen (colours and attributes), short cursor moves, merged SGR.

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};
use std::io::Write;

/// The pen: what the next printed character is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pen {
    pub fg: Color,
    pub bg: Color,
    pub ul: Color,
    pub modifier: Modifier,
}

pub const PLAIN: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    ul: Color::Reset,
    modifier: Modifier::empty(),
};

pub fn pen_of(c: &Cell) -> Pen {
    Pen {
        fg: c.fg,
        bg: c.bg,
        ul: c.underline_color,
        modifier: c.modifier,
    }
}

// ---------------------------------------------------------------------------------------------
// encoding

/// `n` in decimal (by hand: `write!` went through the formatter for every cursor move).
pub fn push_num(out: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

pub fn cup(out: &mut Vec<u8>, x: usize, y: usize) {
    out.extend_from_slice(b"\x1b[");
    if x == 0 && y == 0 {
        out.push(b'H');
        return;
    }
    push_num(out, y + 1);
    if x > 0 {
        out.push(b';');
        push_num(out, x + 1);
    }
    out.push(b'H');
}

/// `ESC [ n c`, with n left out when it is 1.
pub fn csi_n(out: &mut Vec<u8>, n: usize, c: u8) {
    out.extend_from_slice(b"\x1b[");
    if n != 1 {
        push_num(out, n);
    }
    out.push(c);
}

/// How many bytes `n` takes in decimal.
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The length of `csi_n(n, _)`.
fn csi_len(n: usize) -> usize {
    3 + if n != 1 { digits(n) } else { 0 }
}

/// A way to move the cursor (see `best_move`).
#[derive(Clone, Copy)]
enum Move {
    /// CUP to the cell.
    Cup,
    /// `ESC [ n c`: C, D, A or B by `n` cells.
    By(usize, u8),
    /// CR.
    Cr,
    /// CR, then right by `n`.
    CrRight(usize),
    /// CR LF, then right by `n` (none when 0).
    CrLf(usize),
}

impl Move {
    fn len(self, x: usize, y: usize) -> usize {
        match self {
            Move::Cup if x == 0 && y == 0 => 3,
            Move::Cup => 3 + digits(y + 1) + if x > 0 { 1 + digits(x + 1) } else { 0 },
            Move::By(n, _) => csi_len(n),
            Move::Cr => 1,
            Move::CrRight(n) => 1 + csi_len(n),
            Move::CrLf(0) => 2,
            Move::CrLf(n) => 2 + csi_len(n),
        }
    }

    fn write(self, out: &mut Vec<u8>, x: usize, y: usize) {
        match self {
            Move::Cup => cup(out, x, y),
            Move::By(n, c) => csi_n(out, n, c),
            Move::Cr => out.push(b'\r'),
            Move::CrRight(n) => {
                out.push(b'\r');
                csi_n(out, n, b'C');
            }
            Move::CrLf(n) => {
                out.extend_from_slice(b"\r\n");
                if n > 0 {
                    csi_n(out, n, b'C');
                }
            }
        }
    }
}

/// The shortest move from the cursor to (x, y) (the first of equal ones) and its length;
/// None when the cursor is there. Worked out by counting digits: the tries of a frame ask
/// for thousands of moves and write few of them.
fn best_move(from: Option<(usize, usize)>, x: usize, y: usize) -> Option<(Move, usize)> {
    let Some((cx, cy)) = from else {
        return Some((Move::Cup, Move::Cup.len(x, y)));
    };
    if (cx, cy) == (x, y) {
        return None;
    }
    let mut best = (Move::Cup, Move::Cup.len(x, y));
    let mut consider = |m: Move| {
        let n = m.len(x, y);
        if n < best.1 {
            best = (m, n);
        }
    };
    if y == cy {
        if x > cx {
            consider(Move::By(x - cx, b'C'));
        } else {
            consider(Move::By(cx - x, b'D'));
            consider(if x == 0 { Move::Cr } else { Move::CrRight(x) });
        }
    } else if x == cx && !(x == 0 && y == cy + 1) {
        consider(if y > cy {
            Move::By(y - cy, b'B')
        } else {
            Move::By(cy - y, b'A')
        });
    } else if y == cy + 1 {
        consider(Move::CrLf(x));
    }
    Some(best)
}

/// The shortest sequence from the cursor to (x, y).
pub fn move_to(out: &mut Vec<u8>, from: Option<(usize, usize)>, x: usize, y: usize) {
    if let Some((m, _)) = best_move(from, x, y) {
        m.write(out, x, y);
    }
}

/// How many bytes `move_to` writes.
pub fn move_len(from: Option<(usize, usize)>, x: usize, y: usize) -> usize {
    best_move(from, x, y).map_or(0, |(_, n)| n)
}

/// The DEC Special Graphics byte of a box-drawing character (ncurses' ACS): written between
/// `ESC ( 0` and `ESC ( B`, a rule is one byte a cell instead of UTF-8's three.
pub fn dec_graphic(sym: &str) -> Option<u8> {
    Some(match sym {
        "─" => b'q',
        "│" => b'x',
        "┌" => b'l',
        "┐" => b'k',
        "└" => b'm',
        "┘" => b'j',
        "├" => b't',
        "┤" => b'u',
        "┬" => b'w',
        "┴" => b'v',
        "┼" => b'n',
        _ => return None,
    })
}

fn color_code(out: &mut Vec<u8>, c: Color, base: u8, bold: bool) {
    // base: 30 (fg) or 40 (bg)
    let indexed = |out: &mut Vec<u8>, n: u8| {
        if n < 8 && !(bold && base == 30) {
            // 31 and 38;5;1 are the same colour; with bold, some terminals brighten 3x only.
            push_num(out, (base + n) as usize);
        } else if (8..16).contains(&n) {
            push_num(out, (base + 60 + n - 8) as usize);
        } else {
            let _ = write!(out, "{};5;{n}", base + 8);
        }
    };
    match c {
        Color::Reset => push_num(out, (base + 9) as usize),
        Color::Black => indexed(out, 0),
        Color::Red => indexed(out, 1),
        Color::Green => indexed(out, 2),
        Color::Yellow => indexed(out, 3),
        Color::Blue => indexed(out, 4),
        Color::Magenta => indexed(out, 5),
        Color::Cyan => indexed(out, 6),
        Color::Gray => indexed(out, 7),
        Color::DarkGray => indexed(out, 8),
        Color::LightRed => indexed(out, 9),
        Color::LightGreen => indexed(out, 10),
        Color::LightYellow => indexed(out, 11),
        Color::LightBlue => indexed(out, 12),
        Color::LightMagenta => indexed(out, 13),
        Color::LightCyan => indexed(out, 14),
        Color::White => indexed(out, 15),
        Color::Indexed(n) => indexed(out, n),
        Color::Rgb(r, g, b) => {
            let _ = write!(out, "{};2;{r};{g};{b}", base + 8);
        }
    }
}

fn ul_code(out: &mut Vec<u8>, c: Color) {
    match c {
        Color::Reset => out.extend_from_slice(b"59"),
        Color::Rgb(r, g, b) => {
            let _ = write!(out, "58;2;{r};{g};{b}");
        }
        other => {
            let n = match other {
                Color::Indexed(n) => n,
                Color::Black => 0,
                Color::Red => 1,
                Color::Green => 2,
                Color::Yellow => 3,
                Color::Blue => 4,
                Color::Magenta => 5,
                Color::Cyan => 6,
                Color::Gray => 7,
                Color::DarkGray => 8,
                Color::LightRed => 9,
                Color::LightGreen => 10,
                Color::LightYellow => 11,
                Color::LightBlue => 12,
                Color::LightMagenta => 13,
                Color::LightCyan => 14,
                _ => 15,
            };
            let _ = write!(out, "58;5;{n}");
        }
    }
}

const MODS: [(Modifier, u8); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

/// SGR parameters taking `from` (None: unknown) to `to`, without the ESC [ and m.
pub fn sgr_params(from: Option<Pen>, to: Pen) -> Vec<u8> {
    let bold = to.modifier.contains(Modifier::BOLD);
    // From scratch: reset, then everything `to` has.
    let mut full = vec![b'0'];
    for (m, code) in MODS {
        if to.modifier.contains(m) {
            full.push(b';');
            push_num(&mut full, code as usize);
        }
    }
    if to.fg != Color::Reset {
        full.push(b';');
        color_code(&mut full, to.fg, 30, bold);
    }
    if to.bg != Color::Reset {
        full.push(b';');
        color_code(&mut full, to.bg, 40, false);
    }
    if to.ul != Color::Reset {
        full.push(b';');
        ul_code(&mut full, to.ul);
    }
    if full == b"0" {
        full.clear(); // ESC [ m
    }
    let Some(from) = from else {
        return full;
    };
    // Step by step: what goes, what comes.
    let mut codes: Vec<Vec<u8>> = Vec::new();
    let gone = from.modifier - to.modifier;
    let mut have = from.modifier;
    if gone.intersects(Modifier::BOLD | Modifier::DIM) {
        codes.push(b"22".to_vec());
        have -= Modifier::BOLD | Modifier::DIM;
    }
    for (m, code) in [
        (Modifier::ITALIC, 23u8),
        (Modifier::UNDERLINED, 24),
        (Modifier::REVERSED, 27),
        (Modifier::HIDDEN, 28),
        (Modifier::CROSSED_OUT, 29),
    ] {
        if gone.contains(m) {
            codes.push(code.to_string().into_bytes());
            have -= m;
        }
    }
    if gone.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        codes.push(b"25".to_vec());
        have -= Modifier::SLOW_BLINK | Modifier::RAPID_BLINK;
    }
    for (m, code) in MODS {
        if to.modifier.contains(m) && !have.contains(m) {
            codes.push(code.to_string().into_bytes());
        }
    }
    // The bold rule above picks the code by `to`; a change of bold redoes the colour.
    let bold_changed = from.modifier.contains(Modifier::BOLD) != bold;
    if to.fg != from.fg || (bold_changed && to.fg != Color::Reset) {
        let mut v = Vec::new();
        color_code(&mut v, to.fg, 30, bold);
        codes.push(v);
    }
    if to.bg != from.bg {
        let mut v = Vec::new();
        color_code(&mut v, to.bg, 40, false);
        codes.push(v);
    }
    if to.ul != from.ul {
        let mut v = Vec::new();
        ul_code(&mut v, to.ul);
        codes.push(v);
    }
    let step = codes.join(&b';');
    if step.len() < full.len() { step } else { full }
}

pub fn set_pen(out: &mut Vec<u8>, pen: &mut Option<Pen>, to: Pen) {
    if *pen == Some(to) {
        return;
    }
    out.extend_from_slice(b"\x1b[");
    out.extend_from_slice(&sgr_params(*pen, to));
    out.push(b'm');
    *pen = Some(to);
}

/// The SGR sequences a frame's tries have worked out (`set_pen` through a memo): a frame
/// goes between a few pens many times, and working one out costs a few allocations.
#[derive(Default)]
pub struct Sgrs(Vec<(Option<Pen>, Pen, Vec<u8>)>);

impl Sgrs {
    /// `set_pen`, the sequence looked up when worked out before.
    pub fn set_pen(&mut self, out: &mut Vec<u8>, pen: &mut Option<Pen>, to: Pen) {
        if *pen == Some(to) {
            return;
        }
        let from = *pen;
        let at = match self.0.iter().position(|(f, t, _)| *f == from && *t == to) {
            Some(i) => i,
            None => {
                let mut seq = Vec::new();
                set_pen(&mut seq, pen, to);
                self.0.push((from, to, seq));
                self.0.len() - 1
            }
        };
        out.extend_from_slice(&self.0[at].2);
        *pen = Some(to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(from: Option<(usize, usize)>, x: usize, y: usize) -> String {
        let mut v = Vec::new();
        move_to(&mut v, from, x, y);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn moves_are_short() {
        assert_eq!(moved(None, 0, 0), "\x1b[H");
        assert_eq!(moved(None, 0, 4), "\x1b[5H");
        assert_eq!(moved(None, 3, 4), "\x1b[5;4H");
        assert_eq!(moved(Some((5, 2)), 0, 2), "\r");
        assert_eq!(moved(Some((5, 2)), 0, 3), "\r\n");
        assert_eq!(moved(Some((0, 2)), 0, 3), "\r\n");
        assert_eq!(moved(Some((5, 2)), 6, 2), "\x1b[C");
        assert_eq!(moved(Some((5, 2)), 5, 3), "\x1b[B");
        assert_eq!(moved(Some((5, 2)), 5, 2), "");
        assert_eq!(moved(Some((50, 2)), 1, 2), "\r\x1b[C");
        assert_eq!(moved(Some((50, 2)), 48, 2), "\x1b[2D");
        assert_eq!(moved(Some((50, 2)), 1, 3), "\r\n\x1b[C");
        assert_eq!(moved(Some((5, 9)), 5, 2), "\x1b[7A");
        assert_eq!(moved(Some((5, 2)), 40, 20), "\x1b[21;41H");
    }

    #[test]
    fn a_move_is_as_long_as_move_len_says() {
        let spots = [0, 1, 2, 8, 9, 10, 98, 99, 100, 998, 999];
        let mut froms: Vec<Option<(usize, usize)>> = vec![None];
        for &x in &spots {
            for &y in &spots {
                froms.push(Some((x, y)));
            }
        }
        for &from in &froms {
            for &x in &spots {
                for &y in &spots {
                    let mut v = Vec::new();
                    move_to(&mut v, from, x, y);
                    assert_eq!(v.len(), move_len(from, x, y), "{from:?} -> ({x}, {y})");
                }
            }
        }
    }

    #[test]
    fn a_remembered_sgr_is_the_one_worked_out() {
        let cyan = Pen {
            fg: Color::Cyan,
            ..PLAIN
        };
        let mut sgrs = Sgrs::default();
        for from in [None, Some(PLAIN), Some(cyan)] {
            for to in [PLAIN, cyan] {
                for _ in 0..2 {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    let (mut pa, mut pb) = (from, from);
                    set_pen(&mut a, &mut pa, to);
                    sgrs.set_pen(&mut b, &mut pb, to);
                    assert_eq!((a, pa), (b, pb));
                }
            }
        }
    }

    #[test]
    fn sgr_merges_and_resets() {
        let cyan = Pen {
            fg: Color::Cyan,
            ..PLAIN
        };
        assert_eq!(sgr_params(Some(PLAIN), cyan), b"36");
        assert_eq!(sgr_params(Some(cyan), PLAIN), b"", "ESC [ m is shortest");
        let bold = Pen {
            modifier: Modifier::BOLD,
            fg: Color::Red,
            ..PLAIN
        };
        assert_eq!(sgr_params(None, bold), b"0;1;38;5;1");
        assert_eq!(sgr_params(Some(bold), PLAIN), b"");
        assert_eq!(
            sgr_params(
                Some(cyan),
                Pen {
                    bg: Color::DarkGray,
                    ..cyan
                }
            ),
            b"100"
        );
    }
}
