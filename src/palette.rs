//! Colours as light: what a terminal shows for each of ratatui's colours, how light a
//! colour is, and how well two colours read against each other. The themes are chosen and
//! tested with it (a terminal's background from OSC 11 picks `dark` or `light`; every text
//! style must read on common palettes), and the exporter paints with it.

use ratatui::style::Color;

/// A colour as 8-bit red, green and blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, as CSS and SVG write it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2): 0 for black, 1 for white.
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// Whether dark text reads better on it than light text: its luminance is above the
    /// point (0.179) where black and white text have the same contrast ratio on it.
    pub fn is_light(self) -> bool {
        self.luminance() > 0.179
    }

    /// This colour moved `amount` (0–1) of the way towards `other`.
    pub fn mix(self, other: Rgb, amount: f64) -> Rgb {
        let blend = |a: u8, b: u8| {
            (f64::from(a) + (f64::from(b) - f64::from(a)) * amount)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Rgb(
            blend(self.0, other.0),
            blend(self.1, other.1),
            blend(self.2, other.2),
        )
    }
}

/// The contrast ratio of two colours (WCAG 2): 1 for the same colour, 21 for black on
/// white. 3 is the least for large or bold text to read, 4.5 for body text.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// The colour of entry `n` of the xterm 256-colour table beyond the first 16: a 6×6×6
/// cube (16–231) and 24 greys (232–255). Every 256-colour terminal has these values,
/// which is why the painted themes use them.
pub fn xterm_256(n: u8) -> Option<Rgb> {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match n {
        0..=15 => None,
        16..=231 => {
            let i = n - 16;
            Some(Rgb(
                LEVELS[usize::from(i / 36)],
                LEVELS[usize::from(i / 6 % 6)],
                LEVELS[usize::from(i % 6)],
            ))
        }
        232..=255 => {
            let grey = 8 + (n - 232) * 10;
            Some(Rgb(grey, grey, grey))
        }
    }
}

/// A terminal's colours: its default foreground and background and the 16 basic colours,
/// which every terminal (and every colour scheme) sets its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub name: &'static str,
    pub foreground: Rgb,
    pub background: Rgb,
    /// Black, red, green, yellow, blue, magenta, cyan, grey (white), then the bright ones.
    pub ansi: [Rgb; 16],
}

const fn rgb(hex: u32) -> Rgb {
    Rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

const fn ansi(colours: [u32; 16]) -> [Rgb; 16] {
    let mut out = [Rgb(0, 0, 0); 16];
    let mut i = 0;
    while i < 16 {
        out[i] = rgb(colours[i]);
        i += 1;
    }
    out
}

const XTERM: [u32; 16] = [
    0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5, 0x7f7f7f,
    0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
];
const TANGO: [u32; 16] = [
    0x2e3436, 0xcc0000, 0x4e9a06, 0xc4a000, 0x3465a4, 0x75507b, 0x06989a, 0xd3d7cf, 0x555753,
    0xef2929, 0x8ae234, 0xfce94f, 0x729fcf, 0xad7fa8, 0x34e2e2, 0xeeeeec,
];
/// Solarized as terminals map it: bright black is the dark background (base03), the other
/// bright colours are the greys of the scheme.
const SOLARIZED: [u32; 16] = [
    0x073642, 0xdc322f, 0x859900, 0xb58900, 0x268bd2, 0xd33682, 0x2aa198, 0xeee8d5, 0x002b36,
    0xcb4b16, 0x586e75, 0x657b83, 0x839496, 0x6c71c4, 0x93a1a1, 0xfdf6e3,
];
const CAMPBELL: [u32; 16] = [
    0x0c0c0c, 0xc50f1f, 0x13a10e, 0xc19c00, 0x0037da, 0x881798, 0x3a96dd, 0xcccccc, 0x767676,
    0xe74856, 0x16c60c, 0xf9f1a5, 0x3b78ff, 0xb4009e, 0x61d6d6, 0xf2f2f2,
];
const MAC_TERMINAL: [u32; 16] = [
    0x000000, 0x990000, 0x00a600, 0x999900, 0x0000b2, 0xb200b2, 0x00a6b2, 0xbfbfbf, 0x666666,
    0xe50000, 0x00d900, 0xe5e500, 0x0000ff, 0xe500e5, 0x00e5e5, 0xe5e5e5,
];

impl Palette {
    /// GNOME's Tango colours, light text on dark grey.
    pub const DARK: Palette = Palette {
        name: "tango-dark",
        foreground: rgb(0xd3d7cf),
        background: rgb(0x2e3436),
        ansi: ansi(TANGO),
    };
    /// GNOME's Tango colours, dark text on white.
    pub const LIGHT: Palette = Palette {
        name: "tango-light",
        foreground: rgb(0x2e3436),
        background: rgb(0xffffff),
        ansi: ansi(TANGO),
    };

    /// Common terminal palettes, dark and light: the themes that do not paint their own
    /// background must read on all of them.
    pub const COMMON: [Palette; 9] = [
        Palette {
            name: "xterm on black",
            foreground: rgb(0xe5e5e5),
            background: rgb(0x000000),
            ansi: ansi(XTERM),
        },
        Palette {
            name: "xterm",
            foreground: rgb(0x000000),
            background: rgb(0xffffff),
            ansi: ansi(XTERM),
        },
        Palette::DARK,
        Palette::LIGHT,
        Palette {
            name: "solarized-dark",
            foreground: rgb(0x839496),
            background: rgb(0x002b36),
            ansi: ansi(SOLARIZED),
        },
        Palette {
            name: "solarized-light",
            foreground: rgb(0x657b83),
            background: rgb(0xfdf6e3),
            ansi: ansi(SOLARIZED),
        },
        Palette {
            name: "windows-campbell",
            foreground: rgb(0xcccccc),
            background: rgb(0x0c0c0c),
            ansi: ansi(CAMPBELL),
        },
        Palette {
            name: "macos-basic",
            foreground: rgb(0x000000),
            background: rgb(0xffffff),
            ansi: ansi(MAC_TERMINAL),
        },
        Palette {
            name: "macos-pro",
            foreground: rgb(0xf2f2f2),
            background: rgb(0x000000),
            ansi: ansi(MAC_TERMINAL),
        },
    ];

    /// What this terminal shows for a colour; `Reset` is the default foreground or
    /// background, as `foreground` says.
    pub fn resolve(&self, colour: Color, foreground: bool) -> Rgb {
        let basic = |n: usize| self.ansi[n];
        match colour {
            Color::Reset if foreground => self.foreground,
            Color::Reset => self.background,
            Color::Black => basic(0),
            Color::Red => basic(1),
            Color::Green => basic(2),
            Color::Yellow => basic(3),
            Color::Blue => basic(4),
            Color::Magenta => basic(5),
            Color::Cyan => basic(6),
            Color::Gray => basic(7),
            Color::DarkGray => basic(8),
            Color::LightRed => basic(9),
            Color::LightGreen => basic(10),
            Color::LightYellow => basic(11),
            Color::LightBlue => basic(12),
            Color::LightMagenta => basic(13),
            Color::LightCyan => basic(14),
            Color::White => basic(15),
            Color::Indexed(n) => xterm_256(n).unwrap_or_else(|| self.ansi[usize::from(n)]),
            Color::Rgb(r, g, b) => Rgb(r, g, b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_and_lightness_follow_wcag() {
        let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        assert!(white.is_light() && !black.is_light());
        assert!(rgb(0xfdf6e3).is_light(), "solarized light");
        assert!(!rgb(0x002b36).is_light(), "solarized dark");
        assert!(
            Rgb(128, 128, 128).is_light(),
            "mid grey takes dark text better"
        );
        assert_eq!(Rgb(0, 0, 0).mix(white, 0.5), Rgb(128, 128, 128));
    }

    #[test]
    fn the_256_colour_table_is_xterms() {
        assert_eq!(xterm_256(16), Some(Rgb(0, 0, 0)));
        assert_eq!(xterm_256(117), Some(Rgb(0x87, 0xd7, 0xff)));
        assert_eq!(xterm_256(231), Some(Rgb(255, 255, 255)));
        assert_eq!(xterm_256(232), Some(Rgb(8, 8, 8)));
        assert_eq!(xterm_256(255), Some(Rgb(0xee, 0xee, 0xee)));
        assert_eq!(xterm_256(7), None);
        assert_eq!(
            Palette::LIGHT.resolve(Color::Indexed(3), true),
            rgb(0xc4a000)
        );
        assert_eq!(Palette::LIGHT.resolve(Color::Reset, false), rgb(0xffffff));
        assert_eq!(Rgb(0x87, 0xd7, 0xff).hex(), "#87d7ff");
    }
}
