//! Colours as written in `[theme]`: a name or `#rrggbb`, parsed here so config needs nothing above it.

use ratatui::style::Color;

/// A colour from `[theme]`, checked when the file is read: a bad value is an error naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub Color);

impl<'de> serde::Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Colour, D::Error> {
        let s = String::deserialize(d)?;
        parse_color(&s).map(Colour).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown colour {s:?} (a name such as red or lightblue, or #rrggbb)"
            ))
        })
    }
}

/// A colour by name (`red`, `lightblue`, `darkgray`, `reset`, ...) or `#rrggbb`.
pub fn parse_color(s: &str) -> Option<Color> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() != 6 {
            return None;
        }
        let v = u32::from_str_radix(hex, 16).ok()?;
        return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
    }
    s.to_ascii_lowercase()
        .replace(['_', '-', ' '], "")
        .parse::<Color>()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_by_name_and_hex() {
        assert_eq!(parse_color("red"), Some(Color::Red));
        assert_eq!(parse_color("light_blue"), Some(Color::LightBlue));
        assert_eq!(parse_color("#ff8000"), Some(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_color("#ff80"), None);
        assert_eq!(parse_color("ungu"), None);
    }
}
