//! Scroll regions: when the next frame is this one moved up or down by a few rows, the
//! terminal scrolls a band of rows instead of the whole band being redrawn.

use std::io::Write;

use ratatui::buffer::{Buffer, Cell};

use super::Screen;
use super::sgr::Pen;

/// Shifts of at most this many rows are tried as a terminal scroll.
const MAX_SCROLL: usize = 3;

impl Screen {
    /// Scrolls a band of full rows when the next frame is this frame moved up or down by
    /// a few rows (the reader, a list) and that costs fewer bytes than redrawing.
    pub(super) fn scroll_if_cheaper(&mut self, next: &Buffer, frame: &mut Vec<u8>) {
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
