//! A small terminal emulator for tests: the sequences `tui::wire` writes (and crossterm's
//! usual ones), with colours and attributes, so a test can compare the screen to a frame.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// A colour as the terminal knows it: default, a palette index, or RGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Default,
    Index(u8),
    Rgb(u8, u8, u8),
}

pub fn col(c: Color) -> Col {
    match c {
        Color::Reset => Col::Default,
        Color::Black => Col::Index(0),
        Color::Red => Col::Index(1),
        Color::Green => Col::Index(2),
        Color::Yellow => Col::Index(3),
        Color::Blue => Col::Index(4),
        Color::Magenta => Col::Index(5),
        Color::Cyan => Col::Index(6),
        Color::Gray => Col::Index(7),
        Color::DarkGray => Col::Index(8),
        Color::LightRed => Col::Index(9),
        Color::LightGreen => Col::Index(10),
        Color::LightYellow => Col::Index(11),
        Color::LightBlue => Col::Index(12),
        Color::LightMagenta => Col::Index(13),
        Color::LightCyan => Col::Index(14),
        Color::White => Col::Index(15),
        Color::Indexed(n) => Col::Index(n),
        Color::Rgb(r, g, b) => Col::Rgb(r, g, b),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr {
    pub fg: Col,
    pub bg: Col,
    pub ul: Col,
    pub modifier: Modifier,
}

const PLAIN: Attr = Attr {
    fg: Col::Default,
    bg: Col::Default,
    ul: Col::Default,
    modifier: Modifier::empty(),
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VCell {
    pub sym: String,
    pub attr: Attr,
}

pub struct Vt {
    pub w: usize,
    pub h: usize,
    pub grid: Vec<VCell>,
    pub x: usize,
    pub y: usize,
    wrap: bool,
    top: usize,
    bottom: usize,
    pen: Attr,
    pending: Vec<u8>,
    /// The last character printed (for REP).
    last: Option<String>,
    /// G0 is DEC Special Graphics (`ESC ( 0`): some ASCII letters print box-drawing characters.
    dec: bool,
}

/// What DEC Special Graphics print for the letters `tui::wire` uses.
fn dec_char(b: u8) -> Option<&'static str> {
    Some(match b {
        b'q' => "─",
        b'x' => "│",
        b'l' => "┌",
        b'k' => "┐",
        b'm' => "└",
        b'j' => "┘",
        b't' => "├",
        b'u' => "┤",
        b'w' => "┬",
        b'v' => "┴",
        b'n' => "┼",
        _ => return None,
    })
}

fn blank(attr: Attr) -> VCell {
    // Erased cells keep only the background (BCE).
    VCell {
        sym: " ".into(),
        attr: Attr {
            bg: attr.bg,
            ..PLAIN
        },
    }
}

impl Vt {
    pub fn new(w: usize, h: usize) -> Vt {
        Vt {
            w,
            h,
            grid: vec![blank(PLAIN); w * h],
            x: 0,
            y: 0,
            wrap: false,
            top: 0,
            bottom: h - 1,
            pen: PLAIN,
            pending: Vec::new(),
            last: None,
            dec: false,
        }
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        let data = std::mem::take(&mut self.pending);
        let mut i = 0;
        while i < data.len() {
            let b = data[i];
            match b {
                0x1b => {
                    let Some(n) = self.escape(&data[i..]) else {
                        self.pending = data[i..].to_vec();
                        return;
                    };
                    i += n;
                }
                b'\r' => {
                    self.x = 0;
                    self.wrap = false;
                    i += 1;
                }
                b'\n' => {
                    self.linefeed();
                    i += 1;
                }
                b if b < 0x20 => i += 1,
                _ => {
                    let len = match b {
                        0xf0.. => 4,
                        0xe0.. => 3,
                        0xc0.. => 2,
                        _ => 1,
                    };
                    let Ok(s) = std::str::from_utf8(&data[i..(i + len).min(data.len())]) else {
                        self.pending = data[i..].to_vec();
                        return;
                    };
                    match dec_char(b).filter(|_| self.dec) {
                        Some(g) => self.print(g),
                        None => self.print(s),
                    }
                    i += len;
                }
            }
        }
    }

    fn linefeed(&mut self) {
        if self.y == self.bottom {
            self.scroll(true, 1);
        } else if self.y + 1 < self.h {
            self.y += 1;
        }
        self.wrap = false;
    }

    fn print(&mut self, s: &str) {
        let cw = s.width();
        if cw == 0 {
            return;
        }
        self.last = Some(s.to_string());
        if self.wrap {
            self.x = 0;
            self.wrap = false;
            self.linefeed();
        }
        if self.x + cw > self.w {
            self.x = 0;
            self.linefeed();
        }
        let (x, y) = (self.x, self.y);
        // Overwriting part of a wide character blanks the rest of it on a real terminal; here
        // it becomes '?', so a test sees any writer that leaves it so.
        for c in x..x + cw {
            let i = y * self.w + c;
            if self.grid[i].sym.is_empty() && c == x && c > 0 {
                self.grid[i - 1].sym = "?".into();
            }
            if self.grid[i].sym.width() > 1 && c + 1 >= x + cw && c + 1 < self.w {
                self.grid[i + 1].sym = "?".into();
            }
        }
        self.grid[y * self.w + x] = VCell {
            sym: s.into(),
            attr: self.pen,
        };
        for k in 1..cw {
            self.grid[y * self.w + x + k] = VCell {
                sym: String::new(),
                attr: self.pen,
            };
        }
        if x + cw >= self.w {
            self.x = self.w - 1;
            self.wrap = true;
        } else {
            self.x = x + cw;
        }
    }

    fn scroll(&mut self, up: bool, n: usize) {
        let (t, b) = (self.top, self.bottom);
        let n = n.min(b - t + 1);
        let rows: Vec<Vec<VCell>> = (t..=b)
            .map(|y| self.grid[y * self.w..(y + 1) * self.w].to_vec())
            .collect();
        for (i, y) in (t..=b).enumerate() {
            let src = if up {
                Some(i + n).filter(|&j| j < rows.len())
            } else {
                i.checked_sub(n)
            };
            let row = match src {
                Some(j) => rows[j].clone(),
                None => vec![blank(self.pen); self.w],
            };
            self.grid[y * self.w..(y + 1) * self.w].clone_from_slice(&row);
        }
    }

    fn erase(&mut self, from: usize, to: usize) {
        let b = blank(self.pen);
        for c in &mut self.grid[from..to] {
            *c = b.clone();
        }
    }

    /// One escape sequence at the start of `d`: its length, or None when incomplete.
    fn escape(&mut self, d: &[u8]) -> Option<usize> {
        if d.len() < 2 {
            return None;
        }
        if d[1] != b'[' {
            if d[1] == b']' {
                // OSC: up to BEL or ST
                let end = d.iter().position(|&c| c == 7)?;
                return Some(end + 1);
            }
            if d[1] == b'(' {
                // G0's character set: DEC Special Graphics or ASCII
                let set = *d.get(2)?;
                self.dec = set == b'0';
                return Some(3);
            }
            return Some(2);
        }
        let end = d[2..].iter().position(|&c| (0x40..=0x7e).contains(&c))? + 2;
        let params = std::str::from_utf8(&d[2..end]).unwrap_or("");
        let fin = d[end];
        self.csi(params, fin);
        Some(end + 1)
    }

    fn csi(&mut self, params: &str, fin: u8) {
        if params.starts_with('?') {
            return; // modes: cursor visibility and the like
        }
        let ps: Vec<usize> = params.split(';').map(|p| p.parse().unwrap_or(0)).collect();
        let p = |i: usize, d: usize| ps.get(i).copied().filter(|&v| v != 0).unwrap_or(d);
        let (w, h) = (self.w, self.h);
        if fin != b'm' && fin != b'b' {
            self.wrap = false;
            self.last = None;
        }
        match fin {
            b'H' | b'f' => {
                self.y = (p(0, 1) - 1).min(h - 1);
                self.x = (p(1, 1) - 1).min(w - 1);
            }
            b'A' => self.y = self.y.saturating_sub(p(0, 1)),
            b'B' => self.y = (self.y + p(0, 1)).min(h - 1),
            b'C' => self.x = (self.x + p(0, 1)).min(w - 1),
            b'D' => self.x = self.x.saturating_sub(p(0, 1)),
            b'd' => self.y = (p(0, 1) - 1).min(h - 1),
            b'G' => self.x = (p(0, 1) - 1).min(w - 1),
            b'K' => {
                let row = self.y * w;
                match ps.first().copied().unwrap_or(0) {
                    0 => self.erase(row + self.x, row + w),
                    1 => self.erase(row, row + self.x + 1),
                    _ => self.erase(row, row + w),
                }
            }
            b'J' => match ps.first().copied().unwrap_or(0) {
                0 => self.erase(self.y * w + self.x, w * h),
                1 => self.erase(0, self.y * w + self.x + 1),
                _ => self.erase(0, w * h),
            },
            b'r' => {
                self.top = p(0, 1) - 1;
                self.bottom = (p(1, h) - 1).min(h - 1);
                self.x = 0;
                self.y = 0;
            }
            b'S' => self.scroll(true, p(0, 1)),
            b'T' => self.scroll(false, p(0, 1)),
            b'm' => self.sgr(&ps),
            b'b' => {
                let last = self.last.clone().expect("REP after a printed character");
                for _ in 0..p(0, 1) {
                    self.print(&last);
                }
            }
            _ => panic!(
                "the test terminal does not know CSI {params} {}",
                fin as char
            ),
        }
    }

    fn sgr(&mut self, ps: &[usize]) {
        let mut i = 0;
        let ps = if ps.is_empty() { &[0][..] } else { ps };
        let color = |ps: &[usize], i: &mut usize| -> Col {
            match ps.get(*i + 1) {
                Some(5) => {
                    *i += 2;
                    Col::Index(ps[*i] as u8)
                }
                Some(2) => {
                    *i += 4;
                    Col::Rgb(ps[*i - 2] as u8, ps[*i - 1] as u8, ps[*i] as u8)
                }
                _ => panic!("bad extended colour {ps:?}"),
            }
        };
        let mods = [
            Modifier::BOLD,
            Modifier::DIM,
            Modifier::ITALIC,
            Modifier::UNDERLINED,
            Modifier::SLOW_BLINK,
            Modifier::RAPID_BLINK,
            Modifier::REVERSED,
            Modifier::HIDDEN,
            Modifier::CROSSED_OUT,
        ];
        while i < ps.len() {
            let p = ps[i];
            match p {
                0 => self.pen = PLAIN,
                1..=9 => self.pen.modifier |= mods[p - 1],
                22 => self.pen.modifier -= Modifier::BOLD | Modifier::DIM,
                23 => self.pen.modifier -= Modifier::ITALIC,
                24 => self.pen.modifier -= Modifier::UNDERLINED,
                25 => self.pen.modifier -= Modifier::SLOW_BLINK | Modifier::RAPID_BLINK,
                27 => self.pen.modifier -= Modifier::REVERSED,
                28 => self.pen.modifier -= Modifier::HIDDEN,
                29 => self.pen.modifier -= Modifier::CROSSED_OUT,
                30..=37 => self.pen.fg = Col::Index((p - 30) as u8),
                38 => self.pen.fg = color(ps, &mut i),
                39 => self.pen.fg = Col::Default,
                40..=47 => self.pen.bg = Col::Index((p - 40) as u8),
                48 => self.pen.bg = color(ps, &mut i),
                49 => self.pen.bg = Col::Default,
                58 => self.pen.ul = color(ps, &mut i),
                59 => self.pen.ul = Col::Default,
                90..=97 => self.pen.fg = Col::Index((p - 90 + 8) as u8),
                100..=107 => self.pen.bg = Col::Index((p - 100 + 8) as u8),
                _ => panic!("SGR {p} unknown to the test terminal"),
            }
            i += 1;
        }
    }

    /// The first difference between the screen and `buf` (symbols and styles, as they look:
    /// a space's colour, boldness or slant does not show), if any.
    pub fn differs(&self, buf: &Buffer) -> Option<String> {
        let (w, h) = (buf.area.width as usize, buf.area.height as usize);
        assert_eq!((w, h), (self.w, self.h));
        for y in 0..h {
            let mut x = 0;
            while x < w {
                let c = &buf[(x as u16, y as u16)];
                let want = VCell {
                    sym: c.symbol().into(),
                    attr: Attr {
                        fg: col(c.fg),
                        bg: col(c.bg),
                        ul: col(c.underline_color),
                        modifier: c.modifier,
                    },
                };
                let got = &self.grid[y * w + x];
                if !looks_same(got, &want) {
                    return Some(format!(
                        "({x}, {y}): terminal {got:?}, frame {want:?}\nterminal row: {:?}\nframe row:    {:?}",
                        self.line(y),
                        (0..w)
                            .map(|x| buf[(x as u16, y as u16)].symbol())
                            .collect::<String>()
                    ));
                }
                x += c.symbol().width().max(1);
            }
        }
        None
    }

    pub fn line(&self, y: usize) -> String {
        self.grid[y * self.w..(y + 1) * self.w]
            .iter()
            .map(|c| c.sym.as_str())
            .collect()
    }
}

/// What shows on a space besides its background.
const SEEN_ON_SPACE: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT);

/// The two cells look the same on a terminal.
pub fn looks_same(got: &VCell, want: &VCell) -> bool {
    let plain_space = |c: &VCell| c.sym == " " && !c.attr.modifier.intersects(SEEN_ON_SPACE);
    if plain_space(want) {
        return plain_space(got) && got.attr.bg == want.attr.bg;
    }
    got == want
}
