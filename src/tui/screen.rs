//! What the terminal shows, and the fewest bytes that turn it into the next frame: only
//! changed cells, the cursor tracked across wide glyphs instead of moved before each one,
//! one SGR sequence per style change, erases for runs of blanks, a scrolled region where
//! content moved by a few rows, all inside one synchronized update. Pure: bytes go into a
//! `Vec<u8>`, so tests can replay them through a terminal emulator and count them.
//!
//! Erasing fills cells with the current background colour in nearly every terminal
//! (background colour erase, "bce": xterm, VTE, kitty, iTerm2, Windows Terminal, tmux,
//! the Linux console); so blanks on a painted background are erased too, and the first
//! frame clears the screen to the colour most of it has. Where a terminal lacks it (GNU
//! screen by default), [`Screen::set_background_erase`] turns that off and such blanks
//! are written as spaces.

use std::io::Write;

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use crate::text::is_hidden_control;

/// Begin and end of a synchronized update (DEC mode 2026): the terminal shows the frame
/// whole instead of tearing on a slow link. Terminals without it ignore both.
const BEGIN_FRAME: &[u8] = b"\x1b[?2026h";
const END_FRAME: &[u8] = b"\x1b[?2026l";

/// Shifts of at most this many rows are tried as a terminal scroll.
const MAX_SCROLL: usize = 3;

/// The terminal's model: its cells, pen, cursor.
pub struct Screen {
    shown: Buffer,
    /// The current SGR state; `None` when unknown (then the next change resets first).
    pen: Option<Pen>,
    /// Where the cursor is, when known for sure.
    cursor: Option<(u16, u16)>,
    cursor_visible: Option<bool>,
    /// The next frame repaints everything (start, resize, resume, Ctrl-L).
    stale: bool,
    /// Whether moved content may be scrolled by the terminal instead of redrawn.
    scrolling: bool,
    /// Whether erasing fills with the current background colour (bce).
    background_erase: bool,
}

/// The parts of a cell's style that SGR sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
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
    fn erases_like_blanks(self, background_erase: bool) -> bool {
        (self.bg == Color::Reset || background_erase)
            && !self
                .modifier
                .intersects(Modifier::REVERSED | Modifier::UNDERLINED | Modifier::CROSSED_OUT)
    }
}

impl Default for Screen {
    fn default() -> Self {
        Screen::new(true)
    }
}

impl Screen {
    /// A screen whose first frame repaints everything; `scrolling` allows terminal scrolls.
    pub fn new(scrolling: bool) -> Screen {
        Screen {
            shown: Buffer::empty(ratatui::layout::Rect::ZERO),
            pen: None,
            cursor: None,
            cursor_visible: None,
            stale: true,
            scrolling,
            background_erase: true,
        }
    }

    /// Whether the terminal erases in the current background colour (true unless told).
    pub fn set_background_erase(&mut self, on: bool) {
        self.background_erase = on;
    }

    /// Forgets what the terminal shows: the next frame clears and repaints it all.
    pub fn invalidate(&mut self) {
        self.stale = true;
        self.pen = None;
        self.cursor = None;
        self.cursor_visible = None;
    }

    /// Appends to `out` the bytes that make the terminal show `next` with the cursor at
    /// `cursor` (hidden when `None`). Nothing at all when nothing changed.
    pub fn render(&mut self, next: &Buffer, cursor: Option<Position>, out: &mut Vec<u8>) {
        let repaired = repair_wide_glyphs(next);
        let next = repaired.as_ref().unwrap_or(next);
        let mut frame = Vec::with_capacity(4096);
        if self.stale || self.shown.area != next.area {
            // Cleared to the blank most of the frame has (a painted background), or to
            // the terminal's own.
            let fill = self
                .common_blank(next)
                .unwrap_or_else(|| Cell::EMPTY.clone());
            self.set_pen(Pen::of(&fill), &mut frame);
            frame.extend_from_slice(b"\x1b[2J");
            self.shown = Buffer::filled(next.area, fill);
            self.stale = false;
        } else if self.scrolling {
            self.scroll_if_cheaper(next, &mut frame);
        }
        for y in 0..next.area.height {
            self.draw_row(next, y, &mut frame);
        }
        self.shown.content.clone_from(&next.content);
        self.place_cursor(cursor, &mut frame);
        if !frame.is_empty() {
            out.extend_from_slice(BEGIN_FRAME);
            out.extend_from_slice(&frame);
            out.extend_from_slice(END_FRAME);
        }
    }

    /// A blank in the background colour that most of the frame's blanks have, when the
    /// terminal erases in colour and that is not its own background.
    fn common_blank(&self, next: &Buffer) -> Option<Cell> {
        if !self.background_erase {
            return None;
        }
        let mut counts: Vec<(Color, usize)> = Vec::new();
        for cell in next.content.iter().filter(|c| {
            c.symbol() == " " && Pen::of(c).erases_like_blanks(true) && c.bg != Color::Reset
        }) {
            if let Some((_, count)) = counts.iter_mut().find(|(bg, _)| *bg == cell.bg) {
                *count += 1;
            } else if counts.len() < 16 {
                // A handful of colours at most; a frame of many is not worth more.
                counts.push((cell.bg, 1));
            }
        }
        let (bg, count) = counts.into_iter().max_by_key(|(_, count)| *count)?;
        // Worth it only if it is much of the screen.
        (count * 3 > next.content.len()).then(|| {
            let mut blank = Cell::EMPTY.clone();
            blank.bg = bg;
            blank
        })
    }

    fn place_cursor(&mut self, cursor: Option<Position>, frame: &mut Vec<u8>) {
        match cursor {
            Some(position) if self.shown.area.contains(position) => {
                self.move_to(position.x, position.y, None, frame);
                if self.cursor_visible != Some(true) {
                    frame.extend_from_slice(b"\x1b[?25h");
                    self.cursor_visible = Some(true);
                }
            }
            _ => {
                if self.cursor_visible != Some(false) {
                    frame.extend_from_slice(b"\x1b[?25l");
                    self.cursor_visible = Some(false);
                }
            }
        }
    }

    /// Draws the cells of row `y` that differ from what is shown (and those a changed
    /// wide glyph disturbs), in the order a terminal writes them.
    fn draw_row(&mut self, next: &Buffer, y: u16, frame: &mut Vec<u8>) {
        let width = next.area.width;
        let row = usize::from(y) * usize::from(width);
        // Cells still disturbed by a wide glyph drawn or replaced to their left.
        let mut disturbed = 0usize;
        // Cells covered by the wide glyph just passed.
        let mut covered = 0usize;
        let mut x = 0u16;
        while x < width {
            let index = row + usize::from(x);
            let new = &next.content[index];
            let old = &self.shown.content[index];
            let new_width = symbol_width(new.symbol());
            let draw = covered == 0 && (!looks_same(new, old) || disturbed > 0);
            let affected = new_width.max(symbol_width(old.symbol()));
            disturbed = disturbed.max(affected).saturating_sub(1);
            covered = if covered > 0 {
                covered - 1
            } else {
                new_width.saturating_sub(1)
            };
            if !draw {
                x += 1;
                continue;
            }
            let blanks = self.blank_run(next, x, y);
            if blanks > 0 {
                self.erase(next, x, y, blanks, frame);
                // An erased wide glyph may reach past the run: keep count of what it took.
                for erased in &self.shown.content[index + 1..index + blanks] {
                    disturbed = disturbed
                        .max(symbol_width(erased.symbol()))
                        .saturating_sub(1);
                }
                covered = 0;
                x += blanks as u16;
                continue;
            }
            self.move_to(x, y, Some(next), frame);
            self.put(new, x, width, frame);
            x += 1;
        }
    }

    /// How many blank cells from `x` are better erased than written: 0 when writing is
    /// as cheap, or when the pen's background would show through the erase.
    fn blank_run(&self, next: &Buffer, x: u16, y: u16) -> usize {
        let width = usize::from(next.area.width);
        let row = usize::from(y) * width;
        let first = &next.content[row + usize::from(x)];
        let bce = self.background_erase;
        if first.symbol() != " " || !Pen::of(first).erases_like_blanks(bce) {
            return 0;
        }
        let run = next.content[row + usize::from(x)..row + width]
            .iter()
            .take_while(|c| {
                c.symbol() == " " && c.bg == first.bg && Pen::of(c).erases_like_blanks(bce)
            })
            .count();
        // `\x1b[nX` costs about 5 bytes and a cursor move after it; spaces cost one each.
        if run >= 8 { run } else { 0 }
    }

    /// Erases `run` cells from (x, y): to the end of the line when the run gets there.
    fn erase(&mut self, next: &Buffer, x: u16, y: u16, run: usize, frame: &mut Vec<u8>) {
        self.move_to(x, y, Some(next), frame);
        let first = &next.content[usize::from(y) * usize::from(next.area.width) + usize::from(x)];
        let current = self.pen.unwrap_or(Pen::PLAIN);
        if self.pen.is_none()
            || !current.erases_like_blanks(self.background_erase)
            || current.bg != first.bg
        {
            self.set_pen(Pen::of(first), frame);
        }
        if usize::from(x) + run == usize::from(next.area.width) {
            frame.extend_from_slice(b"\x1b[K");
        } else {
            let _ = write!(frame, "\x1b[{run}X");
        }
    }

    /// Writes one cell at the cursor, which is at (x, _).
    fn put(&mut self, cell: &Cell, x: u16, width: u16, frame: &mut Vec<u8>) {
        self.set_pen(Pen::of(cell), frame);
        let symbol = cell.symbol();
        let symbol_cells = symbol_width(symbol);
        if usize::from(x) + symbol_cells > usize::from(width) {
            // A wide glyph in the last column would wrap: a blank instead.
            frame.push(b' ');
            self.cursor = None;
            return;
        }
        write_symbol(symbol, frame);
        let end = usize::from(x) + symbol_cells;
        self.cursor = match self.cursor {
            // Past the last column the cursor waits to wrap: where it is depends on the
            // terminal. A symbol of several characters may be measured differently too.
            Some((_, y)) if end < usize::from(width) && symbol.chars().nth(1).is_none() => {
                Some((end as u16, y))
            }
            _ => None,
        };
    }

    /// Moves the cursor to (x, y) the cheapest way; with `next`, a short gap of unchanged
    /// plain cells in the current style is rewritten instead of jumped.
    fn move_to(&mut self, x: u16, y: u16, next: Option<&Buffer>, frame: &mut Vec<u8>) {
        match self.cursor {
            Some(at) if at == (x, y) => return,
            Some((cx, cy)) if cy == y && cx < x => {
                let gap = x - cx;
                let rewritten =
                    gap <= 3 && next.is_some_and(|n| self.rewrite_gap(n, cx, x, y, frame));
                if rewritten {
                    // The gap's own cells were written again: the cursor is there.
                } else if gap == 1 {
                    frame.extend_from_slice(b"\x1b[C");
                } else {
                    let _ = write!(frame, "\x1b[{gap}C");
                }
            }
            Some((_, cy)) if cy == y && x == 0 => frame.push(b'\r'),
            Some((_, cy)) if cy + 1 == y && x == 0 => frame.extend_from_slice(b"\r\n"),
            _ if x == 0 => {
                let _ = write!(frame, "\x1b[{}H", y + 1);
            }
            _ => {
                let _ = write!(frame, "\x1b[{};{}H", y + 1, x + 1);
            }
        }
        self.cursor = Some((x, y));
    }

    /// Rewrites cells `from..to` of row `y` if they are single ASCII characters in the
    /// current pen (so rewriting them changes nothing on screen).
    fn rewrite_gap(&self, next: &Buffer, from: u16, to: u16, y: u16, frame: &mut Vec<u8>) -> bool {
        let row = usize::from(y) * usize::from(next.area.width);
        let cells = &next.content[row + usize::from(from)..row + usize::from(to)];
        let Some(pen) = self.pen else {
            return false;
        };
        // A space in the pen's background shows the same whatever the rest of its style.
        let mut blank_in_pen = Cell::EMPTY.clone();
        blank_in_pen.fg = pen.fg;
        blank_in_pen.bg = pen.bg;
        blank_in_pen.underline_color = pen.underline;
        blank_in_pen.modifier = pen.modifier;
        let plain = cells.iter().all(|c| {
            let symbol = c.symbol().as_bytes();
            symbol.len() == 1
                && symbol[0].is_ascii_graphic() | (symbol[0] == b' ')
                && (Pen::of(c) == pen || symbol[0] == b' ' && looks_same(c, &blank_in_pen))
        });
        if plain {
            frame.extend(cells.iter().map(|c| c.symbol().as_bytes()[0]));
        }
        plain
    }

    /// Emits the SGR sequence that changes the pen to `to`: one sequence, only the
    /// differences. An attribute that must go is turned off by its own code (`22` bold
    /// and faint, `23` italic, `24` underline, `27` reverse) or by a reset first,
    /// whichever is shorter (after a reset, the colours must be set again).
    fn set_pen(&mut self, to: Pen, frame: &mut Vec<u8>) {
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

    /// Scrolls a band of full rows when the next frame is this frame moved up or down by
    /// a few rows (the reader, a list) and that costs fewer bytes than redrawing.
    fn scroll_if_cheaper(&mut self, next: &Buffer, frame: &mut Vec<u8>) {
        let Some(scroll) = best_scroll(&self.shown, next) else {
            return;
        };
        self.set_pen(Pen::PLAIN, frame);
        let (top, bottom) = (scroll.top + 1, scroll.bottom + 1);
        let _ = write!(frame, "\x1b[{top};{bottom}r");
        if scroll.up {
            // Line feeds at the bottom margin scroll the region up.
            let _ = write!(frame, "\x1b[{bottom}H");
            frame.extend(std::iter::repeat_n(b'\n', scroll.rows));
        } else {
            // Reverse index at the top margin scrolls it down.
            let _ = write!(frame, "\x1b[{top}H");
            for _ in 0..scroll.rows {
                frame.extend_from_slice(b"\x1bM");
            }
        }
        // Resetting the margins homes the cursor in every terminal.
        frame.extend_from_slice(b"\x1b[r");
        self.cursor = Some((0, 0));
        shift_rows(&mut self.shown, &scroll);
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

/// Whether a cell shows the same as another: equal, or both blanks that differ only in
/// what a blank does not show (its foreground, bold, faint, italic).
fn looks_same(a: &Cell, b: &Cell) -> bool {
    if a == b {
        return true;
    }
    let visible = Modifier::REVERSED | Modifier::UNDERLINED | Modifier::CROSSED_OUT;
    a.symbol() == " "
        && b.symbol() == " "
        && a.bg == b.bg
        && !a.modifier.intersects(visible)
        && !b.modifier.intersects(visible)
}

/// A frame where something was drawn over the second half of a wide glyph (a popup's
/// border beside Chinese text): the glyph cannot show whole, so it becomes a blank in its
/// style and what was drawn over it shows. `None` when the frame is consistent.
fn repair_wide_glyphs(next: &Buffer) -> Option<Buffer> {
    let width = usize::from(next.area.width);
    let broken = |index: usize| {
        index % width + 1 < width
            && symbol_width(next.content[index].symbol()) == 2
            && next.content[index + 1].symbol() != " "
    };
    let first = (0..next.content.len()).find(|&i| broken(i))?;
    let mut repaired = next.clone();
    for index in first..next.content.len() {
        if broken(index) {
            repaired.content[index].set_symbol(" ");
        }
    }
    Some(repaired)
}

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

/// Columns a symbol takes (at least one: ratatui gives every cell one).
fn symbol_width(symbol: &str) -> usize {
    if symbol.len() == 1 {
        1
    } else {
        symbol.width().max(1)
    }
}

/// Writes a cell's text; anything that would act on the terminal instead of showing
/// (control, bidi and zero-width characters) is left out, whatever the caller missed.
fn write_symbol(symbol: &str, frame: &mut Vec<u8>) {
    if symbol.is_empty() {
        frame.push(b' ');
    } else if symbol.chars().any(is_hidden_control) {
        let shown: String = symbol.chars().filter(|&c| !is_hidden_control(c)).collect();
        frame.extend_from_slice(if shown.is_empty() { " " } else { &shown }.as_bytes());
    } else {
        frame.extend_from_slice(symbol.as_bytes());
    }
}

/// A band of rows to scroll: rows `top..=bottom`, `rows` up or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scroll {
    top: usize,
    bottom: usize,
    rows: usize,
    up: bool,
}

/// Bytes to draw a row of `next` over a row of `shown` (the symbols of changed cells).
fn row_cost(next: &[Cell], shown: &[Cell]) -> usize {
    next.iter()
        .zip(shown)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.symbol().len())
        .sum()
}

fn row_of(buffer: &Buffer, y: usize, width: usize) -> &[Cell] {
    &buffer.content[y * width..(y + 1) * width]
}

/// The scroll that saves the most bytes, if it saves more than it costs.
fn best_scroll(shown: &Buffer, next: &Buffer) -> Option<Scroll> {
    let width = usize::from(next.area.width);
    let height = usize::from(next.area.height);
    if width == 0 || height < 3 {
        return None;
    }
    let row = |buffer, y| row_of(buffer, y, width);
    let blank = vec![Cell::EMPTY; width];
    let stay: Vec<usize> = (0..height)
        .map(|y| row_cost(row(next, y), row(shown, y)))
        .collect();
    let cleared: Vec<usize> = (0..height)
        .map(|y| row_cost(row(next, y), &blank))
        .collect();
    let prefix = |costs: &[usize]| -> Vec<usize> {
        std::iter::once(0)
            .chain(costs.iter().scan(0, |sum, c| {
                *sum += c;
                Some(*sum)
            }))
            .collect()
    };
    let (stay_sum, cleared_sum) = (prefix(&stay), prefix(&cleared));
    let span = |sums: &[usize], from: usize, to: usize| sums[to] - sums[from];
    let mut best: Option<(usize, Scroll)> = None;
    for rows in 1..=MAX_SCROLL.min(height - 2) {
        for up in [true, false] {
            // moved[y]: row y of next drawn over the row that scrolls into place.
            let moved: Vec<usize> = (0..height)
                .map(|y| {
                    let from = if up { y + rows } else { y.wrapping_sub(rows) };
                    if from < height {
                        row_cost(row(next, y), row(shown, from))
                    } else {
                        usize::MAX / (4 * height)
                    }
                })
                .collect();
            let moved_sum = prefix(&moved);
            let overhead = 24 + 2 * rows;
            for top in 0..height {
                for bottom in top + rows + 1..height {
                    let scrolled = if up {
                        span(&moved_sum, top, bottom + 1 - rows)
                            + span(&cleared_sum, bottom + 1 - rows, bottom + 1)
                    } else {
                        span(&cleared_sum, top, top + rows)
                            + span(&moved_sum, top + rows, bottom + 1)
                    };
                    let saved = span(&stay_sum, top, bottom + 1).saturating_sub(scrolled);
                    if saved > overhead && best.is_none_or(|(most, _)| saved > most) {
                        best = Some((
                            saved,
                            Scroll {
                                top,
                                bottom,
                                rows,
                                up,
                            },
                        ));
                    }
                }
            }
        }
    }
    best.map(|(_, scroll)| scroll)
}

/// Moves the model's rows as the terminal moved them; the rows scrolled in are blank.
fn shift_rows(shown: &mut Buffer, scroll: &Scroll) {
    let width = usize::from(shown.area.width);
    let Scroll {
        top,
        bottom,
        rows,
        up,
    } = *scroll;
    let band = &mut shown.content[top * width..(bottom + 1) * width];
    if up {
        band.rotate_left(rows * width);
        let length = band.len();
        band[length - rows * width..].fill(Cell::EMPTY);
    } else {
        band.rotate_right(rows * width);
        band[..rows * width].fill(Cell::EMPTY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    /// What a terminal shows after these bytes: each row's text and the cells' colours.
    fn emulate(bytes: &[u8], width: u16, height: u16) -> vt100::Parser {
        let size = |n: u16| std::num::NonZero::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(height), size(width), 0);
        parser.process(bytes);
        parser
    }

    fn rows_of(buffer: &Buffer) -> Vec<String> {
        let width = usize::from(buffer.area.width);
        buffer
            .content
            .chunks(width)
            .map(|row| {
                let mut text = String::new();
                let mut skip = 0;
                for cell in row {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    text.push_str(cell.symbol());
                    skip = symbol_width(cell.symbol()) - 1;
                }
                text.trim_end().to_string()
            })
            .collect()
    }

    fn emulated_rows(parser: &vt100::Parser) -> Vec<String> {
        let (_, width) = parser.screen().size();
        parser
            .screen()
            .rows(0, width.get())
            .map(|r| r.trim_end().to_string())
            .collect()
    }

    fn buffer(lines: &[&str], width: u16) -> Buffer {
        let mut buffer = Buffer::empty(Rect::new(0, 0, width, lines.len() as u16));
        for (y, line) in lines.iter().enumerate() {
            buffer.set_string(0, y as u16, line, Style::default());
        }
        buffer
    }

    /// Renders the frames in turn; the emulated terminal shows each one exactly.
    fn replay(frames: &[Buffer]) -> Vec<usize> {
        let (width, height) = (frames[0].area.width, frames[0].area.height);
        let mut screen = Screen::default();
        let mut bytes = Vec::new();
        let mut sizes = Vec::new();
        for frame in frames {
            let before = bytes.len();
            screen.render(frame, None, &mut bytes);
            sizes.push(bytes.len() - before);
            let parser = emulate(&bytes, width, height);
            assert_eq!(
                emulated_rows(&parser),
                rows_of(frame),
                "frame {}",
                sizes.len()
            );
        }
        sizes
    }

    #[test]
    fn wide_glyphs_need_no_cursor_moves() {
        let line = "嘉兴市中等职业教育质量年度报告".repeat(3);
        let frames = [buffer(&[""], 100), buffer(&[&line], 100)];
        replay(&frames);
        let mut screen = Screen::default();
        let mut first = Vec::new();
        screen.render(&frames[0], None, &mut first);
        let mut bytes = Vec::new();
        screen.render(&frames[1], None, &mut bytes);
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.matches("\x1b[").count(), 3, "{text:?}"); // begin, move, end
    }

    #[test]
    fn an_unchanged_frame_writes_nothing() {
        let frame = buffer(&["嘉兴 report", "line two"], 20);
        let mut screen = Screen::default();
        let mut bytes = Vec::new();
        screen.render(&frame, None, &mut bytes);
        assert!(!bytes.is_empty());
        bytes.clear();
        screen.render(&frame, None, &mut bytes);
        assert!(bytes.is_empty(), "{:?}", String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn replacing_wide_by_narrow_and_back_shows_right() {
        replay(&[
            buffer(&["嘉兴技师学院 abc", "ab嘉cd兴"], 20),
            buffer(&["a嘉兴技师学院bc", "abc嘉d兴x"], 20),
            buffer(&["嘉a兴b技c师d学e院", "嘉嘉嘉嘉嘉嘉嘉嘉嘉嘉"], 20),
            buffer(&["", "  x"], 20),
        ]);
    }

    #[test]
    fn a_border_drawn_over_half_a_wide_glyph_shows() {
        // A popup's left border at column 3, over the second half of 育 (columns 2–3).
        let mut frame = buffer(&["教育培训"], 10);
        frame[(3, 0)].set_symbol("│");
        let mut bytes = Vec::new();
        Screen::default().render(&frame, None, &mut bytes);
        let parser = emulate(&bytes, 10, 1);
        assert_eq!(emulated_rows(&parser), ["教 │培训"]);
    }

    #[test]
    fn a_one_row_scroll_is_scrolled_by_the_terminal() {
        // Rows that share little with their neighbours, as lines of prose do.
        let prose: Vec<char> = "嘉兴市中等职业教育质量年度报告产教融合职普融通"
            .chars()
            .collect();
        let text: Vec<String> = (0..30)
            .map(|i| {
                (0..20)
                    .map(|j| prose[(i * 7 + j * 3) % prose.len()])
                    .collect()
            })
            .collect();
        let frame = |from: usize| {
            let mut lines = vec!["header".to_string()];
            lines.extend(text[from..from + 8].iter().cloned());
            lines.push("status".into());
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            buffer(&lines, 60)
        };
        let sizes = replay(&[frame(0), frame(1), frame(4), frame(3), frame(0)]);
        // One new row of 60 bytes plus the scroll, not eight rows.
        assert!(sizes[1] < 130, "{sizes:?}");
        assert!(sizes[3] < 130, "{sizes:?}");
    }

    #[test]
    fn styles_are_set_once_per_change() {
        let mut frame = Buffer::empty(Rect::new(0, 0, 10, 1));
        let bold_yellow = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
        frame.set_string(0, 0, "abc", bold_yellow);
        frame.set_string(3, 0, "de", Style::new().fg(Color::Yellow));
        let mut bytes = Vec::new();
        Screen::default().render(&frame, None, &mut bytes);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("\x1b[1;33mabc\x1b[22mde"), "{text:?}");
        let parser = emulate(&bytes, 10, 1);
        let cell = parser.screen().cell(0, 0).unwrap();
        assert!(cell.bold());
        assert_eq!(cell.fgcolor(), vt100::Color::Idx(3));
        assert!(!parser.screen().cell(0, 3).unwrap().bold());
    }

    #[test]
    fn a_painted_background_is_erased_in_colour_or_written_where_erasing_cannot() {
        let painted = Style::new().fg(Color::Indexed(255)).bg(Color::Indexed(235));
        let frame = |text: &str| {
            let mut frame = Buffer::empty(Rect::new(0, 0, 60, 4));
            frame.set_style(frame.area, painted);
            frame.set_string(2, 1, text, painted.fg(Color::Indexed(117)));
            frame
        };
        let frames = [frame("嘉兴 report"), frame("嘉兴 reports, and more")];
        let mut sizes = Vec::new();
        for background_erase in [true, false] {
            let mut screen = Screen::default();
            screen.set_background_erase(background_erase);
            let mut bytes = Vec::new();
            let mut size = 0;
            for next in &frames {
                let before = bytes.len();
                screen.render(next, None, &mut bytes);
                size += bytes.len() - before;
                let parser = emulate(&bytes, 60, 4);
                assert_eq!(emulated_rows(&parser), rows_of(next));
                for y in 0..4 {
                    for x in 0..60 {
                        let cell = parser.screen().cell(y, x).unwrap();
                        if !cell.is_wide_continuation() {
                            assert_eq!(cell.bgcolor(), vt100::Color::Idx(235), "({x}, {y})");
                        }
                    }
                }
            }
            let text = String::from_utf8(bytes).unwrap();
            // Without colour erase, nothing is erased on the painted background.
            assert_eq!(
                text.contains("\x1b[2J") && !text.contains("48;5;235m\x1b[2J"),
                !background_erase,
                "{text:?}"
            );
            sizes.push(size);
        }
        assert!(sizes[0] * 2 < sizes[1], "{sizes:?}");
    }

    #[test]
    fn an_attribute_is_turned_off_by_its_own_code_when_shorter() {
        let mut frame = Buffer::empty(Rect::new(0, 0, 10, 1));
        let pen = Style::new().fg(Color::Indexed(255)).bg(Color::Indexed(235));
        frame.set_string(
            0,
            0,
            "ab",
            pen.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        );
        frame.set_string(2, 0, "cd", pen);
        frame.set_string(4, 0, "ef", pen.add_modifier(Modifier::DIM));
        frame.set_string(6, 0, "gh", Style::new());
        let mut bytes = Vec::new();
        Screen::default().render(&frame, None, &mut bytes);
        let text = String::from_utf8(bytes.clone()).unwrap();
        // Bold and underline off, colours kept; faint on; then a reset beats the codes.
        assert!(
            text.contains("ab\x1b[22;24mcd\x1b[2mef\x1b[0mgh"),
            "{text:?}"
        );
        let parser = emulate(&bytes, 10, 1);
        let cell = |x| parser.screen().cell(0, x).unwrap().clone();
        assert!(cell(0).bold() && cell(0).underline());
        assert!(!cell(2).bold() && !cell(2).underline());
        assert_eq!(cell(2).bgcolor(), vt100::Color::Idx(235));
        assert_eq!(cell(6).bgcolor(), vt100::Color::Default);
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let mut frame = Buffer::empty(Rect::new(0, 0, 10, 1));
        frame[(0, 0)].set_symbol("a\u{202e}");
        frame[(1, 0)].set_symbol("\u{1b}");
        frame[(2, 0)].set_symbol("\u{9b}");
        let mut bytes = Vec::new();
        Screen::default().render(&frame, None, &mut bytes);
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains('\u{202e}') && !text.contains('\u{9b}'));
        assert_eq!(
            text.matches('\u{1b}').count(),
            text.matches("\u{1b}[").count()
        );
    }

    #[test]
    fn the_cursor_is_shown_where_asked_and_hidden_otherwise() {
        let frame = buffer(&["› jxjs", ""], 20);
        let mut screen = Screen::default();
        let mut bytes = Vec::new();
        screen.render(&frame, Some(Position::new(6, 0)), &mut bytes);
        let parser = emulate(&bytes, 20, 2);
        assert_eq!(parser.screen().cursor_position(), (0, 6));
        assert!(!parser.screen().hide_cursor());
        screen.render(&frame, None, &mut bytes);
        assert!(emulate(&bytes, 20, 2).screen().hide_cursor());
    }
}
