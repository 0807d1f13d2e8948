//! Asking on the terminal which of several feeds to add (`kabar add`).

use std::io::{BufRead, Write};

/// Ask on `out` for a number from 1 to `n`, reading answers from `input`: Enter takes the
/// first; `q`, `n` or end of input cancels (None). After three unusable answers, cancels.
pub fn read_choice(input: &mut impl BufRead, out: &mut impl Write, n: usize) -> Option<usize> {
    if n == 0 {
        return None;
    }
    for _ in 0..3 {
        let _ = write!(out, "Add which feed? [1-{n}, Enter = 1, q = cancel]: ");
        let _ = out.flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => {
                let _ = writeln!(out);
                return None;
            }
            Ok(_) => {}
        }
        let answer = line.trim();
        if answer.is_empty() {
            return Some(0);
        }
        if matches!(
            answer.to_ascii_lowercase().as_str(),
            "q" | "n" | "no" | "quit"
        ) {
            return None;
        }
        match answer.parse::<usize>() {
            Ok(k) if (1..=n).contains(&k) => return Some(k - 1),
            _ => {
                let _ = writeln!(out, "Please type a number from 1 to {n}.");
            }
        }
    }
    None
}
