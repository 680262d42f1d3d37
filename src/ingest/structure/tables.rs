//! Tables: a title and the lines it wraps onto, a header whose wrapped cells are put back
//! by their columns, rows of figures, and the units and notes read from the header.

use super::{Builder, ends_clause};
use crate::ingest::layout::Line;
use crate::ingest::recognise::{LabelKind, Labelled};
use crate::model::Table;
use crate::text::{char_width, display_width, ends_sentence, join_wrapped};

impl Builder<'_> {
    pub(super) fn take_table(&mut self, i: usize, label: Labelled) -> usize {
        let line = &self.lines[i];
        let (title, mut j) = self.table_title(i, label.title);
        let mut table = Table {
            number: match label.kind {
                LabelKind::AppendixTable => format!("附{}", label.number),
                _ => label.number,
            },
            title,
            location: self.location.clone(),
            page: line.page,
            position: self.next_paragraph,
            header: Vec::new(),
            rows: Vec::new(),
            units: Vec::new(),
            notes: Vec::new(),
        };
        if let Some(cells) = self.cell_line_table(i) {
            table.header = cells.header;
            table.rows = cells.rows;
            j = cells.next;
        } else if let Some(header) = self
            .lines
            .get(j)
            .filter(|l| l.text.contains('\t') && !self.gap_before(j))
        {
            table.header = tab_cells(&header.text);
            j = self.tabbed_rows(j + 1, header.page, &table.header, &mut table.rows);
            let last_page = self.lines[j - 1].page;
            self.broken_table = Some((self.structure.tables.len(), last_page));
        } else {
            j = self.spaced_rows(j, &mut table);
        }
        (table.units, table.notes) = header_units_and_notes(&table.header);
        if table.rows.is_empty() {
            self.warnings.push(format!(
                "table {} (page {}): no data rows recognised under its title",
                table.number, table.page
            ));
        }
        self.structure.tables.push(table);
        j
    }

    /// The rows of a table whose header has its cells separated by spaces (as pdftotext
    /// writes them): rows of figures after a label. Returns the position after them.
    fn spaced_rows(&mut self, mut j: usize, table: &mut Table) -> usize {
        // Where the header's columns start, when they are spaced apart by runs of blanks.
        let mut columns: Option<Vec<usize>> = None;
        if let Some(header) = self
            .lines
            .get(j)
            .filter(|l| !self.is_structural(l) && !self.gap_before(j))
        {
            let cells = cells_at(header);
            if cells.len() >= 2 && !cells.iter().all(|(_, c)| is_numeric_cell(c)) {
                table.header = cells.iter().map(|(_, c)| c.to_string()).collect();
                if header.text.contains("  ") {
                    columns = Some(cells.iter().map(|&(column, _)| column).collect());
                }
                j += 1;
            }
        }
        if let Some(columns) = &columns {
            j = self.wrapped_header_cells(j, columns, &mut table.header);
        }
        let width = table.header.len();
        let fits = |cells: &[String], text: &str| {
            // A row has the header's cells and figures after its label (a unit column,
            // as appendix tables have, may stand between).
            cells.len() == width
                && cells.iter().skip(1).any(|c| is_numeric_cell(c))
                && cells
                    .iter()
                    .skip(1)
                    .all(|c| is_numeric_cell(c) || c.chars().count() <= 4)
                && !ends_sentence(text)
        };
        while let Some(row) = self.lines.get(j).filter(|_| !self.gap_before(j)) {
            let mut cells: Vec<String> = row.text.split_whitespace().map(str::to_string).collect();
            let mut used = 1;
            // A row whose last cells dropped onto a line of their own (they sit lower, or
            // the extractor broke the row): their figures complete it.
            if (1..width).contains(&cells.len())
                && let Some(more) = self.lines.get(j + 1).filter(|_| !self.gap_before(j + 1))
            {
                let extra = cells_at(more);
                let in_its_columns = columns.as_ref().is_none_or(|columns| {
                    extra
                        .first()
                        .is_some_and(|&(column, _)| column + 2 >= columns[cells.len()])
                });
                if cells.len() + extra.len() == width
                    && extra.iter().all(|(_, c)| is_numeric_cell(c))
                    && in_its_columns
                {
                    cells.extend(extra.iter().map(|(_, c)| c.to_string()));
                    used = 2;
                }
            }
            if !fits(&cells, &row.text) {
                break;
            }
            table.rows.push(cells);
            j += used;
        }
        j
    }

    /// The rows of a table written a line each with its cells separated by tabs (the
    /// built-in PDF reader's tables, an office program's text export): every row with no
    /// more cells than the header, text or figures, short ones padded with empty cells; the
    /// header repeated on a page after `page` is passed over. Returns the position after
    /// the last.
    fn tabbed_rows(
        &self,
        mut j: usize,
        mut page: u32,
        header: &[String],
        rows: &mut Vec<Vec<String>>,
    ) -> usize {
        let width = header.len();
        while let Some(row) = self
            .lines
            .get(j)
            .filter(|l| l.text.contains('\t') && !self.gap_before(j))
        {
            let mut cells = tab_cells(&row.text);
            if cells.len() > width {
                break;
            }
            let repeated = row.page != page && cells == header;
            page = row.page;
            j += 1;
            if !repeated {
                cells.resize(width, String::new());
                rows.push(cells);
            }
        }
        j
    }

    /// A tab-separated table broken at a page's foot goes on at the top of the next page
    /// (after at most `FURNITURE_LINES` lines there: a running header), past its header
    /// repeated there; what stood between (footnotes, a running footer) is read as usual.
    /// Returns the position after its rows when line `i` continues it.
    pub(super) fn continue_table(&mut self, i: usize) -> Option<usize> {
        let (index, page) = self.broken_table?;
        let line = &self.lines[i];
        let header = self.structure.tables.get(index)?.header.clone();
        let near_top = (i.saturating_sub(FURNITURE_LINES)..=i)
            .any(|k| self.lines[k].starts_page && self.lines[k].page == line.page);
        if !line.text.contains('\t')
            || line.page != page + 1
            || !near_top
            || tab_cells(&line.text).len() > header.len()
        {
            return None;
        }
        let mut rows = Vec::new();
        let next = self.tabbed_rows(i, page, &header, &mut rows);
        self.structure.tables[index].rows.extend(rows);
        self.broken_table = Some((index, self.lines[next - 1].page));
        Some(next)
    }

    /// A table title and the lines it wraps onto: single words, no figures, followed by
    /// the header (a line of several cells).
    fn table_title(&self, i: usize, mut title: String) -> (String, usize) {
        let mut j = i + 1;
        while j - i <= 2 {
            let (current, Some(next), Some(after)) =
                (&self.lines[j - 1], self.lines.get(j), self.lines.get(j + 1))
            else {
                break;
            };
            let marked_end = self.layout.trailing_space_marks_paragraphs && current.trailing_space;
            let goes_on = next.text.split_whitespace().count() == 1
                && !is_numeric_cell(&next.text)
                && !self.is_structural(next)
                && !self.gap_before(j)
                && !ends_clause(&next.text)
                && !marked_end
                && after.text.split_whitespace().count() >= 2;
            if !goes_on {
                break;
            }
            join_wrapped(&mut title, &next.text);
            j += 1;
        }
        (title, j)
    }

    /// Header cells wrapped inside their columns: the lines under the header whose words
    /// each stand in one column (no figures among them) add to those columns' cells.
    /// Returns the position after them.
    fn wrapped_header_cells(
        &self,
        mut j: usize,
        columns: &[usize],
        header: &mut [String],
    ) -> usize {
        while let Some(line) = self.lines.get(j) {
            if self.is_structural(line) || self.gap_before(j) || ends_clause(&line.text) {
                break;
            }
            let pieces = cells_at(line);
            let mut placed: Vec<(usize, &str)> = Vec::new();
            for &(column, piece) in &pieces {
                let Some(k) = columns.iter().rposition(|&start| start <= column + 2) else {
                    break;
                };
                let room = columns
                    .get(k + 1)
                    .map_or(usize::MAX, |next| next - columns[k]);
                let in_order = placed.last().is_none_or(|&(last, _)| last < k);
                if is_numeric_cell(piece)
                    || display_width(piece) > room.saturating_add(2)
                    || !in_order
                {
                    break;
                }
                placed.push((k, piece));
            }
            if placed.is_empty() || placed.len() < pieces.len() {
                break;
            }
            for (k, piece) in placed {
                join_wrapped(&mut header[k], piece);
            }
            j += 1;
        }
        j
    }
}

/// Lines at the top of a page (a running header) a broken table may go on after.
const FURNITURE_LINES: usize = 3;

/// The cells of a tab-separated table row, each trimmed; empty cells kept.
fn tab_cells(text: &str) -> Vec<String> {
    text.split('\t')
        .map(|cell| cell.trim().to_string())
        .collect()
}

/// The cells of a table line, split at whitespace, with the display column each starts
/// at (counting the line's indentation).
fn cells_at(line: &Line) -> Vec<(usize, &str)> {
    let mut cells = Vec::new();
    let mut column = line.indent;
    let mut start: Option<(usize, usize)> = None;
    for (at, c) in line.text.char_indices() {
        if c.is_whitespace() {
            if let Some((first, from)) = start.take() {
                cells.push((first, &line.text[from..at]));
            }
            column += char_width(c).max(1);
        } else {
            if start.is_none() {
                start = Some((column, at));
            }
            column += char_width(c);
        }
    }
    if let Some((first, from)) = start {
        cells.push((first, &line.text[from..]));
    }
    cells
}

/// A table cell holding a figure: `52266`, `48.89%`, `2.8∶39.3`, `2021-2022`.
pub(super) fn is_numeric_cell(cell: &str) -> bool {
    let normalized = crate::text::normalize(cell);
    normalized.chars().any(|c| c.is_ascii_digit())
        && normalized
            .chars()
            .all(|c| c.is_ascii_digit() || ".,%‰:-/+~".contains(c))
}

const UNITS: &[&str] = &[
    "元",
    "万元",
    "亿元",
    "人",
    "万人",
    "人次",
    "册",
    "个",
    "项",
    "所",
    "%",
    "％",
    "平方米",
    "万平方米",
    "亩",
    "台",
    "套",
    "门",
    "本",
    "次",
    "天",
    "小时",
    "学时",
    "家",
    "名",
];

/// Splits bracketed header text into units (`（元）`) and notes (`（含技工学籍）`).
fn header_units_and_notes(header: &[String]) -> (Vec<String>, Vec<String>) {
    header
        .iter()
        .map(|cell| {
            let inner = cell
                .split_once(['（', '('])
                .map(|(_, rest)| rest.trim_end_matches(['）', ')']).to_string())
                .unwrap_or_default();
            if UNITS.contains(&inner.as_str()) {
                (inner, String::new())
            } else {
                (String::new(), inner)
            }
        })
        .unzip()
}
