//! Asking the terminal for its background colour (OSC 11), to choose `dark` or `light`
//! when no theme was named. The runtime sends [`QUERY`] before the first frame and waits
//! at most [`TIMEOUT`] for the answer; the input parser reads the answer wherever it comes
//! (a late one is never taken for keys).
//!
//! The query is followed by a request for the terminal's primary device attributes
//! (DA1), which every terminal answers, in order: when that answer comes first, the
//! terminal does not know OSC 11 and there is no need to wait longer.

use std::time::Duration;

use crate::palette::Rgb;

/// OSC 11 with `?` (ended by BEL, as most programs send it), then DA1.
pub const QUERY: &[u8] = b"\x1b]11;?\x07\x1b[c";

/// How long the first frame waits for the answer.
pub const TIMEOUT: Duration = Duration::from_millis(100);

/// The colour in the body of an OSC 11 answer (what is between `Esc ]` and its end):
/// `11;rgb:RRRR/GGGG/BBBB` as xterm sends it, with 1 to 4 hex digits a component;
/// `rgba:…/AAAA` (rxvt) and `#RRGGBB` (a few others) too. `None` for anything else.
pub fn parse_answer(body: &[u8]) -> Option<Rgb> {
    let body = std::str::from_utf8(body).ok()?;
    let spec = body.strip_prefix("11;")?;
    parse_colour(spec)
}

/// An X11 colour specification as terminals send them: `rgb:r/g/b`, `rgba:r/g/b/a`
/// (components of 1–4 hex digits, scaled to 8 bits), or `#rgb`, `#rrggbb`, `#rrrgggbbb`,
/// `#rrrrggggbbbb`.
pub fn parse_colour(spec: &str) -> Option<Rgb> {
    let spec = spec.trim();
    if let Some(hex) = spec.strip_prefix('#') {
        if hex.is_empty() || hex.len() % 3 != 0 || hex.len() > 12 {
            return None;
        }
        let width = hex.len() / 3;
        let part = |i: usize| component(&hex[i * width..(i + 1) * width]);
        return Some(Rgb(part(0)?, part(1)?, part(2)?));
    }
    let (components, count) = if let Some(rest) = spec.strip_prefix("rgba:") {
        (rest, 4)
    } else {
        (spec.strip_prefix("rgb:")?, 3)
    };
    let parts: Vec<&str> = components.split('/').collect();
    if parts.len() != count {
        return None;
    }
    Some(Rgb(
        component(parts[0])?,
        component(parts[1])?,
        component(parts[2])?,
    ))
}

/// 1 to 4 hex digits, scaled from their range to 0–255 (`f` and `ffff` are both 255).
fn component(hex: &str) -> Option<u8> {
    if hex.is_empty() || hex.len() > 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let value = u32::from_str_radix(hex, 16).ok()?;
    let max = (1u32 << (4 * hex.len())) - 1;
    Some(((value * 255 + max / 2) / max) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xterm_answers_with_four_digits_a_component() {
        assert_eq!(
            parse_answer(b"11;rgb:ffff/ffff/ffff"),
            Some(Rgb(255, 255, 255))
        );
        assert_eq!(
            parse_answer(b"11;rgb:fdfd/f6f6/e3e3"),
            Some(Rgb(0xfd, 0xf6, 0xe3))
        );
        assert_eq!(
            parse_answer(b"11;rgb:0000/2b2b/3636"),
            Some(Rgb(0, 0x2b, 0x36))
        );
    }

    #[test]
    fn shorter_components_and_other_forms_are_scaled() {
        assert_eq!(parse_colour("rgb:f/8/0"), Some(Rgb(255, 136, 0)));
        assert_eq!(parse_colour("rgb:ff/80/00"), Some(Rgb(255, 128, 0)));
        assert_eq!(parse_colour("rgb:fff/800/000"), Some(Rgb(255, 128, 0)));
        assert_eq!(parse_colour("rgba:0000/0000/0000/ffff"), Some(Rgb(0, 0, 0)));
        assert_eq!(parse_colour("#fdf6e3"), Some(Rgb(0xfd, 0xf6, 0xe3)));
        assert_eq!(parse_colour("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(parse_colour("#ffff00000000"), Some(Rgb(255, 0, 0)));
        assert_eq!(parse_colour("RGB:0/0/0"), None, "the prefix is lower case");
    }

    #[test]
    fn anything_else_is_no_colour() {
        for bad in [
            &b"11;?"[..],
            b"10;rgb:ffff/ffff/ffff",
            b"11;rgb:ffff/ffff",
            b"11;rgb:ffff/ffff/ffff/ffff",
            b"11;rgb:fffff/0/0",
            b"11;rgb:gg/00/00",
            b"11;rgb://",
            b"11;#ffff",
            b"11;#",
            b"11;",
            b"",
            b"11;rgb:\xff/0/0",
        ] {
            assert_eq!(
                parse_answer(bad),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
