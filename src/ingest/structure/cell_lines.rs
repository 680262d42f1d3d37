//! Tables written a cell to a line (a word processor's "save as text": every cell on a line
//! of its own, row after row, no tabs): the run of cell lines after a table's title is
//! split into rows by the column count that explains the most of it consistently.

use super::Builder;
use super::tables::is_numeric_cell;
use crate::text::display_width;

/// Cell lines read after a title at most.
const MAX_RUN: usize = 2000;

/// Column counts tried: 2 to this.
const MAX_COLUMNS: usize = 12;

/// Display width from which a line is running text, not a cell.
const MAX_CELL_WIDTH: usize = 40;

/// A table read from a run of cell lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CellTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The position of the first line after its rows.
    pub next: usize,
}

/// One cell of the run: its text ("" for an empty cell, which the export wrote as an
/// empty line) and the position of the line it is on (for an empty cell, the line after).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RunCell {
    pub text: String,
    pub line: usize,
}

/// What a body column holds down its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Figures,
    Words,
}

/// A column count's reading of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fit {
    columns: usize,
    /// Cells used (the header's, the body rows' and any repeated header's).
    used: usize,
    body_rows: usize,
}

impl Builder<'_> {
    /// The table whose cells stand a line each after its title at `i`, when a column count
    /// splits them into a header of words and body rows whose columns keep one kind.
    pub(super) fn cell_line_table(&self, i: usize) -> Option<CellTable> {
        let mut run = Vec::new();
        let mut blanks = 0;
        let mut end = i + 1;
        while let Some(line) = self.lines.get(end).filter(|_| end - i <= MAX_RUN) {
            if !is_cell_line(&line.text)
                || line.indent > 0
                // A bare number is a cell here, not a heading's number on its own line.
                || (self.is_structural(line) && !is_numeric_cell(&line.text))
                || self.gap_before(end)
            {
                break;
            }
            if line.blank_before {
                blanks += 1;
                run.push(RunCell {
                    text: String::new(),
                    line: end,
                });
            }
            run.push(RunCell {
                text: line.text.clone(),
                line: end,
            });
            end += 1;
        }
        if self.lines.get(end).is_some_and(|line| line.blank_before) {
            blanks += 1;
            run.push(RunCell {
                text: String::new(),
                line: end,
            });
        }
        // Blank lines between all lines are spacing, not empty cells.
        if blanks * 2 > run.len() {
            run.retain(|cell| !cell.text.is_empty());
        }
        read_cell_run(&run, end)
    }
}

/// A line that can be a table cell: short, no tab or spaced-out columns, no sentence
/// inside it.
fn is_cell_line(text: &str) -> bool {
    !text.contains('\t')
        && !text.contains("  ")
        && display_width(text) <= MAX_CELL_WIDTH
        && !text.contains(['。', '；', '！', '？'])
        && !text.ends_with(['，', '：', ',', ';', ':'])
}

/// Splits a run of cells into a header and body rows by the column count that explains
/// the most cells (then makes the most rows); `end` is the position after the run. None when no count fits, or two
/// fit equally well.
pub(super) fn read_cell_run(run: &[RunCell], end: usize) -> Option<CellTable> {
    let mut best: Option<Fit> = None;
    let mut tied = false;
    for columns in 2..=MAX_COLUMNS.min(run.len() / 2) {
        let Some(fit) = fit_columns(run, columns) else {
            continue;
        };
        // The most cells explained, then the most rows.
        let rank = |f: &Fit| (f.used, f.body_rows);
        match &best {
            Some(b) if rank(b) > rank(&fit) => {}
            Some(b) if rank(b) == rank(&fit) => tied = true,
            _ => {
                best = Some(fit);
                tied = false;
            }
        }
    }
    let fit = best.filter(|_| !tied)?;
    let whole = fit.used == run.len() || run[fit.used..].iter().all(|c| c.text.is_empty());
    if fit.body_rows < 2 && !whole {
        return None;
    }
    let texts = |cells: &[RunCell]| cells.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
    let header = texts(&run[..fit.columns]);
    let rows = run[fit.columns..fit.used]
        .chunks(fit.columns)
        .map(texts)
        .filter(|row| *row != header)
        .collect();
    Some(CellTable {
        header,
        rows,
        next: run.get(fit.used).map_or(end, |cell| cell.line),
    })
}

/// The rows a column count makes of the run: a header of words (figures only as two or
/// more years),
/// then rows whose columns each keep one kind, figures or words, with at least one column
/// of figures; a row repeating the header (a table broken across a page) is passed over.
fn fit_columns(run: &[RunCell], columns: usize) -> Option<Fit> {
    let header = &run[..columns];
    let empty_headers = header.iter().filter(|c| c.text.is_empty()).count();
    let years = header.iter().filter(|c| is_year(&c.text)).count();
    let figures = header.iter().filter(|c| is_numeric_cell(&c.text)).count();
    // Figures head columns only as years, two or more of them (`2022`, `2023`).
    if empty_headers > 1 || (figures > 0 && (figures > years || years < 2)) {
        return None;
    }
    let mut kinds: Vec<Option<Kind>> = vec![None; columns];
    let mut used = columns;
    let mut body_rows = 0;
    'rows: while let Some(row) = run.get(used..used + columns) {
        if row.iter().zip(header).all(|(a, b)| a.text == b.text) {
            used += columns;
            continue;
        }
        if row.iter().all(|c| kind(&c.text).is_none()) {
            break;
        }
        let mut next = kinds.clone();
        for (cell, known) in row.iter().zip(next.iter_mut()) {
            match (kind(&cell.text), *known) {
                (Some(found), Some(expected)) if found != expected => break 'rows,
                (Some(found), None) => *known = Some(found),
                _ => {}
            }
        }
        kinds = next;
        used += columns;
        body_rows += 1;
    }
    (body_rows > 0 && kinds.contains(&Some(Kind::Figures))).then_some(Fit {
        columns,
        used,
        body_rows,
    })
}

/// What a cell holds; None for an empty one or a dash standing for no value.
fn kind(cell: &str) -> Option<Kind> {
    let cell = cell.trim();
    if cell.is_empty() || cell.chars().all(|c| "-—－–/／…·".contains(c)) {
        None
    } else if is_numeric_cell(cell) {
        Some(Kind::Figures)
    } else {
        Some(Kind::Words)
    }
}

/// A year or span of years standing as a column heading: `2023`, `2022-2023`.
fn is_year(cell: &str) -> bool {
    let normalized = crate::text::normalize(cell);
    normalized
        .split(['-', '—', '–', '~', '/'])
        .all(|part| part.len() == 4 && (1949..=2100).contains(&part.parse::<u32>().unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run from lines, "" standing for an empty line (an empty cell).
    fn run(cells: &[&str]) -> Vec<RunCell> {
        cells
            .iter()
            .enumerate()
            .map(|(k, text)| RunCell {
                text: text.to_string(),
                line: k + 1,
            })
            .collect()
    }

    fn read(cells: &[&str]) -> Option<CellTable> {
        read_cell_run(&run(cells), cells.len() + 1)
    }

    #[test]
    fn a_consistent_run_splits_at_the_column_count_that_explains_it() {
        let table = read(&[
            "学年",
            "学校数（所）",
            "在校生（人）",
            "2021",
            "4",
            "5872",
            "2022",
            "4",
            "6035",
        ])
        .expect("a table");
        assert_eq!(table.header, ["学年", "学校数（所）", "在校生（人）"]);
        assert_eq!(table.rows, [["2021", "4", "5872"], ["2022", "4", "6035"]]);
        assert_eq!(table.next, 10);
    }

    #[test]
    fn a_sequence_column_and_a_text_column_are_columns() {
        let table = read(&[
            "序号",
            "学校",
            "毕业生（人）",
            "1",
            "青川县职业教育中心",
            "812",
            "2",
            "青川县技工学校",
            "208",
        ])
        .expect("a table");
        assert_eq!(table.header, ["序号", "学校", "毕业生（人）"]);
        assert_eq!(table.rows[1], ["2", "青川县技工学校", "208"]);
    }

    #[test]
    fn words_alone_are_ambiguous_and_figures_head_no_column() {
        // Two or four columns of words: nothing tells which.
        assert_eq!(
            read(&["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"]),
            None
        );
        // Figures in the header: no column count gives a header of words.
        assert_eq!(read(&["1", "2", "3", "4"]), None);
    }

    #[test]
    fn empty_cells_keep_their_place() {
        let table = read(&["序号", "名称", "数量", "1", "", "5", "2", "乙", ""]).expect("a table");
        assert_eq!(table.rows, [["1", "", "5"], ["2", "乙", ""]]);
    }

    #[test]
    fn the_rows_stop_where_the_run_stops_fitting() {
        // Two short lines of running text follow the rows; they are left to the text.
        let table = read(&[
            "届别",
            "毕业生（人）",
            "2022届",
            "1048",
            "2023届",
            "1093",
            "学校将继续推进",
            "就业质量提升工程",
        ])
        .expect("a table");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.next, 7);
    }

    #[test]
    fn a_header_repeated_after_a_page_break_is_dropped() {
        let table = read(&[
            "指标",
            "2022",
            "2023",
            "在校生",
            "3872",
            "3985",
            "指标",
            "2022",
            "2023",
            "教师",
            "281",
            "288",
        ])
        .expect("a table");
        assert_eq!(table.header, ["指标", "2022", "2023"]);
        assert_eq!(
            table.rows,
            [["在校生", "3872", "3985"], ["教师", "281", "288"]]
        );
    }

    #[test]
    fn one_body_row_needs_the_whole_run() {
        assert!(read(&["指标", "人数", "在校生", "3872"]).is_some());
        assert_eq!(read(&["指标", "人数", "在校生", "3872", "另起一行"]), None);
    }

    #[test]
    fn cell_lines_are_short_and_hold_no_sentence() {
        assert!(is_cell_line("双师型教师占专业课教师比例"));
        assert!(is_cell_line("97.2%"));
        assert!(!is_cell_line("学校开设专业12个。"));
        assert!(!is_cell_line("各专业招生情况如下："));
        assert!(!is_cell_line("a\tb"));
        assert!(!is_cell_line("2021   4   5872"));
    }

    /// The tables and paragraphs the parser reads from a report's text.
    fn parse(text: &str) -> (Vec<crate::model::Table>, Vec<String>) {
        let structure = crate::ingest::parse_text(text).structure;
        let paragraphs = structure
            .paragraphs
            .iter()
            .map(|p| p.text.clone())
            .collect();
        (structure.tables, paragraphs)
    }

    #[test]
    fn an_exported_table_keeps_its_empty_cells_and_the_text_after_it() {
        let (tables, paragraphs) = parse(
            "一、学校情况\n学校规模见表1。\n表1 学校规模\n序号\n名称\n数量\n1\n\n5\n2\n乙\n\n\
             学校将继续扩大办学规模\n全年招生1200人。\n",
        );
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].header, ["序号", "名称", "数量"]);
        assert_eq!(tables[0].rows, [["1", "", "5"], ["2", "乙", ""]]);
        assert!(
            paragraphs
                .iter()
                .any(|p| p.starts_with("学校将继续扩大办学规模")),
            "{paragraphs:?}"
        );
    }

    #[test]
    fn a_bare_sequence_number_in_a_table_is_a_cell_not_a_heading() {
        let (tables, _) = parse(
            "一、学生发展\n（一）专业建设\n各专业招生情况见表1。\n表1 各专业招生情况\n\
             序号\n专业\n招生（人）\n1\n机电技术应用\n186\n2\n会计\n120\n（二）技能大赛\n\
             学生获一等奖4项。\n",
        );
        assert_eq!(
            tables[0].rows,
            [["1", "机电技术应用", "186"], ["2", "会计", "120"]]
        );
    }

    #[test]
    fn lines_of_words_after_a_title_are_no_cell_table() {
        let (tables, _) = parse(
            "一、学校情况\n表1 学校荣誉\n全国文明校园\n省级示范学校\n省级平安校园\n\
             市级先进集体\n学校荣获多项荣誉。\n",
        );
        assert!(tables[0].header.is_empty() && tables[0].rows.is_empty());
    }
}
