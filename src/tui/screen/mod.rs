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

mod scroll;
mod sgr;
#[cfg(test)]
mod tests;

use std::io::Write;

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use crate::text::is_hidden_control;

use sgr::Pen;

/// Begin and end of a synchronized update (DEC mode 2026): the terminal shows the frame
/// whole instead of tearing on a slow link. Terminals without it ignore both.
const BEGIN_FRAME: &[u8] = b"\x1b[?2026h";
const END_FRAME: &[u8] = b"\x1b[?2026l";

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
}

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
