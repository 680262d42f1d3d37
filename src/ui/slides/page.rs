//! The body of a slide filled from the top, line by line, and the line helpers every slide
//! kind shares: cutting a line to a width with `…`, wrapping text in a number of rows, the
//! kicker and the heading.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::present::SlideItem;
use crate::text::{truncate_to_width, wrap};
use crate::ui::{Theme, clean};

/// The region of a slide being filled from the top, line by line.
pub(super) struct Page<'b> {
    pub(super) buf: &'b mut Buffer,
    pub(super) area: Rect,
    /// The next row to write.
    pub(super) y: u16,
}

impl Page<'_> {
    pub(super) fn rows_left(&self) -> usize {
        usize::from(self.area.bottom().saturating_sub(self.y))
    }

    pub(super) fn width(&self) -> usize {
        usize::from(self.area.width)
    }

    pub(super) fn height(&self) -> usize {
        usize::from(self.area.height)
    }

    /// Writes a line (cut to the width) and moves down; nothing when the page is full.
    pub(super) fn line(&mut self, line: Line<'_>) {
        if self.rows_left() > 0 {
            put(self.buf, self.area.x, self.y, self.area.width, line);
            self.y += 1;
        }
    }

    pub(super) fn lines<'a>(&mut self, lines: impl IntoIterator<Item = Line<'a>>) {
        for line in lines {
            self.line(line);
        }
    }

    /// A line in the middle of the width.
    pub(super) fn centred(&mut self, line: Line<'_>) {
        let line = fit(line, self.width());
        let indent = (self.area.width).saturating_sub(line.width() as u16) / 2;
        if self.rows_left() > 0 {
            put(
                self.buf,
                self.area.x + indent,
                self.y,
                self.area.width - indent,
                line,
            );
            self.y += 1;
        }
    }

    /// An empty row, if there is one.
    pub(super) fn gap(&mut self) {
        if self.rows_left() > 0 {
            self.y += 1;
        }
    }

    /// The rest of the page, for drawing into; the page is then full.
    pub(super) fn rest(&mut self) -> Rect {
        let rest = Rect::new(
            self.area.x,
            self.y,
            self.area.width,
            self.rows_left() as u16,
        );
        self.y = self.area.bottom();
        rest
    }
}

/// A line cut to `width` columns, ending in `…` where it was cut; no wide glyph is split.
pub(super) fn fit(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let span_width = span.width();
        if used + span_width <= width {
            used += span_width;
            spans.push(span);
            continue;
        }
        let room = width - used;
        if room > 0 {
            spans.push(Span::styled(
                truncate_to_width(&span.content, room),
                span.style,
            ));
        }
        break;
    }
    Line::from(spans).style(line.style)
}

/// Writes a line at a place, cut to a width.
pub(super) fn put(buf: &mut Buffer, x: u16, y: u16, width: u16, line: Line<'_>) {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x >= area.right() {
        return;
    }
    let width = width.min(area.right() - x);
    let line = fit(line, usize::from(width));
    buf.set_line(x, y, &line, width);
}

/// Text wrapped to a width in at most `rows` lines, the last ending in `…` if cut.
pub(super) fn wrapped<'a>(text: &str, width: usize, rows: usize, style: Style) -> Vec<Line<'a>> {
    if rows == 0 || width == 0 {
        return Vec::new();
    }
    let mut lines = wrap(&clean(text), width);
    if lines.len() > rows {
        lines.truncate(rows);
        let last = lines.last_mut().expect("at least one line");
        let mut cut = truncate_to_width(last, width.saturating_sub(1));
        if !cut.ends_with('…') {
            cut.push('…');
        }
        *last = cut;
    }
    lines
        .into_iter()
        .map(|line| Line::styled(line, style))
        .collect()
}

/// An item the report does not have (a deck checked against another report).
pub(super) fn missing(page: &mut Page, item: &SlideItem, theme: &Theme) {
    page.line(Line::styled(
        format!("{} is not in this report", item.id()),
        theme.marker,
    ));
}

/// A small line above the heading: what kind of slide this is.
pub(super) fn kicker(page: &mut Page, text: String, theme: &Theme) {
    page.line(Line::styled(clean(&text), theme.dim));
}

/// The heading, wrapped in at most `rows` lines.
pub(super) fn heading(page: &mut Page, text: &str, rows: usize, style: Style) {
    let lines = wrapped(text, page.width(), rows, style);
    page.lines(lines);
}
