//! SGR for the screen: the pen (the parts of a cell's style SGR sets) and the one
//! sequence that changes it to the next cell's, turning attributes off by their own codes
//! or by a reset, whichever is shorter.

use std::io::Write;

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

use super::Screen;

/// The parts of a cell's style that SGR sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pen {
    pub(super) fg: Color,
    pub(super) bg: Color,
    pub(super) underline: Color,
    pub(super) modifier: Modifier,
}

impl Pen {
    pub(super) const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    pub(super) fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }

    /// An erase leaves cells that look like this pen's blanks: its background (the
    /// default one, unless the terminal erases in the current colour), and nothing drawn
    /// across the blank.
    pub(super) fn erases_like_blanks(self, background_erase: bool) -> bool {
        (self.bg == Color::Reset || background_erase)
            && !self
                .modifier
                .intersects(Modifier::REVERSED | Modifier::UNDERLINED | Modifier::CROSSED_OUT)
    }
}

impl Screen {
    /// Emits the SGR sequence that changes the pen to `to`: one sequence, only the
    /// differences. An attribute that must go is turned off by its own code (`22` bold
    /// and faint, `23` italic, `24` underline, `27` reverse) or by a reset first,
    /// whichever is shorter (after a reset, the colours must be set again).
    pub(super) fn set_pen(&mut self, to: Pen, frame: &mut Vec<u8>) {
        if self.pen == Some(to) {
            return;
        }
        let codes = match self.pen {
            None => pen_codes(Pen::PLAIN, to, true),
            Some(from) => {
                let reset = pen_codes(Pen::PLAIN, to, true);
                match turn_off(from, to) {
                    Some(kept) => {
                        let mut off = turn_off_codes(from, to);
                        off.extend(pen_codes(kept, to, false));
                        if off.join(";").len() < reset.join(";").len() {
                            off
                        } else {
                            reset
                        }
                    }
                    None => reset,
                }
            }
        };
        if !codes.is_empty() {
            let _ = write!(frame, "\x1b[{}m", codes.join(";"));
        }
        self.pen = Some(to);
    }
}

/// The SGR codes from pen `from` to `to` when nothing of `from` must be turned off:
/// the attributes to add and the colours that differ (after a `0` first, with `reset`).
fn pen_codes(from: Pen, to: Pen, reset: bool) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    if reset {
        codes.push("0".into());
    }
    for (modifier, code) in MODIFIER_CODES {
        if to.modifier.contains(modifier) && !from.modifier.contains(modifier) {
            codes.push(code.into());
        }
    }
    if to.fg != from.fg {
        codes.push(colour_code(to.fg, Layer::Foreground));
    }
    if to.bg != from.bg {
        codes.push(colour_code(to.bg, Layer::Background));
    }
    if to.underline != from.underline {
        codes.push(colour_code(to.underline, Layer::Underline));
    }
    codes
}

/// The pen left after turning off what `to` lacks of `from` by the attributes' own
/// codes, if they can all be (blink, hidden and crossed-out need a reset: not every
/// terminal knows their off codes).
fn turn_off(from: Pen, to: Pen) -> Option<Pen> {
    let gone = from.modifier - to.modifier;
    if gone.intersects(
        Modifier::SLOW_BLINK | Modifier::RAPID_BLINK | Modifier::HIDDEN | Modifier::CROSSED_OUT,
    ) {
        return None;
    }
    let mut kept = from;
    for (group, _) in OFF_CODES {
        if gone.intersects(group) {
            kept.modifier.remove(group);
        }
    }
    Some(kept)
}

/// The codes that turn off what `to` lacks of `from` (see [`turn_off`]).
fn turn_off_codes(from: Pen, to: Pen) -> Vec<String> {
    let gone = from.modifier - to.modifier;
    OFF_CODES
        .iter()
        .filter(|(group, _)| gone.intersects(*group))
        .map(|(_, code)| (*code).to_string())
        .collect()
}

/// Attributes and the code that turns them off (`22` turns off both bold and faint).
const OFF_CODES: [(Modifier, &str); 4] = [
    (Modifier::BOLD.union(Modifier::DIM), "22"),
    (Modifier::ITALIC, "23"),
    (Modifier::UNDERLINED, "24"),
    (Modifier::REVERSED, "27"),
];

const MODIFIER_CODES: [(Modifier, &str); 9] = [
    (Modifier::BOLD, "1"),
    (Modifier::DIM, "2"),
    (Modifier::ITALIC, "3"),
    (Modifier::UNDERLINED, "4"),
    (Modifier::SLOW_BLINK, "5"),
    (Modifier::RAPID_BLINK, "6"),
    (Modifier::REVERSED, "7"),
    (Modifier::HIDDEN, "8"),
    (Modifier::CROSSED_OUT, "9"),
];

#[derive(Clone, Copy)]
enum Layer {
    Foreground,
    Background,
    Underline,
}

/// The SGR parameters for a colour on a layer.
fn colour_code(colour: Color, layer: Layer) -> String {
    let (base, extended, reset) = match layer {
        Layer::Foreground => (30, 38, 39),
        Layer::Background => (40, 48, 49),
        Layer::Underline => (0, 58, 59),
    };
    // The 16 named colours: `30`–`37` and `90`–`97` (backgrounds 10 more); underline
    // colours have no short form, so they take the palette index.
    let named = |n: u8, bright: bool| -> String {
        match layer {
            Layer::Underline => format!("{extended};5;{}", n + if bright { 8 } else { 0 }),
            _ => (base + n + if bright { 60 } else { 0 }).to_string(),
        }
    };
    match colour {
        Color::Reset => reset.to_string(),
        Color::Black => named(0, false),
        Color::Red => named(1, false),
        Color::Green => named(2, false),
        Color::Yellow => named(3, false),
        Color::Blue => named(4, false),
        Color::Magenta => named(5, false),
        Color::Cyan => named(6, false),
        Color::Gray => named(7, false),
        Color::DarkGray => named(0, true),
        Color::LightRed => named(1, true),
        Color::LightGreen => named(2, true),
        Color::LightYellow => named(3, true),
        Color::LightBlue => named(4, true),
        Color::LightMagenta => named(5, true),
        Color::LightCyan => named(6, true),
        Color::White => named(7, true),
        Color::Indexed(n) => format!("{extended};5;{n}"),
        Color::Rgb(r, g, b) => format!("{extended};2;{r};{g};{b}"),
    }
}
