//! Output formats for records: aligned tables (by display width), CSV and JSON. Every
//! string is escaped so that control characters in data never reach the terminal raw.

use serde_json::{Map, Value};

use crate::text::{display_width, escape_controls, pad_to_width, truncate_to_width};

/// How a table is drawn on this output.
#[derive(Debug, Clone, Copy)]
pub struct TableStyle {
    /// Bold header (only on a terminal, and never with NO_COLOR).
    pub color: bool,
    /// The terminal's width, to fit the table into; none when piped.
    pub max_width: Option<usize>,
}

/// A cell's text: strings as they are, arrays joined, numbers as JSON writes them.
pub fn cell_text(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    };
    escape_controls(&text.replace(['\n', '\r'], " ")).into_owned()
}

/// A table column: its header and what may be cut when the terminal is narrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column<'a> {
    pub header: &'a str,
    pub fit: Fit,
}

/// How a column gives way on a narrow terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never cut: ids (what `show` needs, useless cut) and figures (a cut figure is a
    /// different number).
    Keep,
    /// Cut first: titles, names, snippets.
    Prose,
    /// Shown whole or left out, after prose has given way: pages, periods, kinds.
    Short,
}

impl<'a> Column<'a> {
    pub const fn key(header: &'a str) -> Self {
        Column {
            header,
            fit: Fit::Keep,
        }
    }

    pub const fn prose(header: &'a str) -> Self {
        Column {
            header,
            fit: Fit::Prose,
        }
    }

    pub const fn short(header: &'a str) -> Self {
        Column {
            header,
            fit: Fit::Short,
        }
    }
}

/// Draws rows under a header, columns aligned by display width and separated by two
/// spaces. On a narrow terminal prose columns are cut with an ellipsis first, then short
/// ones; if that is not enough, columns are left out from the right (named on stderr).
/// Key columns are never cut nor left out.
pub fn table(columns: &[Column], rows: &[Vec<String>], style: TableStyle) -> String {
    let mut widths = natural_widths(columns, rows);
    let shown = match style.max_width {
        Some(max_width) => fit_widths(&mut widths, columns, max_width),
        None => vec![true; columns.len()],
    };
    let keep = |cells: &[String]| -> Vec<(String, usize)> {
        cells
            .iter()
            .zip(&widths)
            .zip(&shown)
            .filter(|(_, shown)| **shown)
            .map(|((cell, width), _)| (cell.clone(), *width))
            .collect()
    };
    let mut out = String::new();
    let header: Vec<String> = columns.iter().map(|c| c.header.to_string()).collect();
    push_row(&mut out, &keep(&header));
    if style.color {
        let line_end = out.len() - 1;
        out.insert_str(line_end, "\x1b[0m");
        out.insert_str(0, "\x1b[1m");
    }
    for row in rows {
        push_row(&mut out, &keep(row));
    }
    out
}

/// The headers of the columns a table at `max_width` leaves out, for a note.
pub fn hidden_columns(columns: &[Column], rows: &[Vec<String>], max_width: usize) -> Vec<String> {
    let mut widths = natural_widths(columns, rows);
    let shown = fit_widths(&mut widths, columns, max_width);
    columns
        .iter()
        .zip(shown)
        .filter(|(_, shown)| !shown)
        .map(|(column, _)| column.header.to_string())
        .collect()
}

/// Each column's width with nothing cut: its widest cell or header.
fn natural_widths(columns: &[Column], rows: &[Vec<String>]) -> Vec<usize> {
    let mut widths: Vec<usize> = columns.iter().map(|c| display_width(c.header)).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(display_width(cell));
        }
    }
    widths
}

fn push_row(out: &mut String, cells: &[(String, usize)]) {
    let last = cells.len().saturating_sub(1);
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().enumerate() {
        let cut = truncate_to_width(cell, *width);
        if i == last {
            line.push_str(&cut);
        } else {
            line.push_str(&pad_to_width(&cut, *width));
            line.push_str("  ");
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// Fits the columns into `max_width` and returns which are shown. In order, until the
/// table fits: prose columns shrink (widest first) to [`COMFORTABLE_PROSE`], short columns
/// are left out from the right, prose shrinks to [`NARROWEST_PROSE`], prose columns are
/// left out from the right. Then the prose still shown gets back what room there is. Key
/// and short columns are never cut.
fn fit_widths(widths: &mut [usize], columns: &[Column], max_width: usize) -> Vec<bool> {
    let natural = widths.to_vec();
    let mut shown = vec![true; widths.len()];
    for step in [
        Step::Shrink(Fit::Prose, COMFORTABLE_PROSE),
        Step::LeaveOut(Fit::Short),
        Step::Shrink(Fit::Prose, NARROWEST_PROSE),
        Step::LeaveOut(Fit::Prose),
    ] {
        apply(step, widths, &mut shown, columns, max_width);
    }
    widths.copy_from_slice(&natural);
    apply(
        Step::Shrink(Fit::Prose, NARROWEST_PROSE),
        widths,
        &mut shown,
        columns,
        max_width,
    );
    shown
}

fn apply(
    step: Step,
    widths: &mut [usize],
    shown: &mut [bool],
    columns: &[Column],
    max_width: usize,
) {
    match step {
        Step::Shrink(fit, narrowest) => shrink(widths, shown, columns, (fit, narrowest), max_width),
        Step::LeaveOut(fit) => {
            for i in (0..widths.len()).rev() {
                if total_width(widths, shown) <= max_width {
                    break;
                }
                shown[i] &= columns[i].fit != fit;
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Step {
    Shrink(Fit, usize),
    LeaveOut(Fit),
}

/// Shrinks the widest shown column of a kind, one at a time, until the table fits or
/// each is down to `narrowest` (or its header).
fn shrink(
    widths: &mut [usize],
    shown: &[bool],
    columns: &[Column],
    (fit, narrowest): (Fit, usize),
    max_width: usize,
) {
    let floor = |i: usize| narrowest.max(display_width(columns[i].header));
    while total_width(widths, shown) > max_width {
        let widest = (0..widths.len())
            .filter(|&i| shown[i] && columns[i].fit == fit && widths[i] > floor(i))
            .max_by_key(|&i| widths[i]);
        let Some(widest) = widest else { return };
        let excess = total_width(widths, shown) - max_width;
        widths[widest] = widths[widest].saturating_sub(excess).max(floor(widest));
    }
}

/// The width of a line: the shown columns and two spaces between each.
fn total_width(widths: &[usize], shown: &[bool]) -> usize {
    let visible: Vec<usize> = (0..widths.len())
        .filter(|&i| shown[i])
        .map(|i| widths[i])
        .collect();
    visible.iter().sum::<usize>() + 2 * visible.len().saturating_sub(1)
}

const COMFORTABLE_PROSE: usize = 16;
const NARROWEST_PROSE: usize = 8;

/// What CSV does with a cell a spreadsheet would run as a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormulaCells {
    /// A leading `'` (OWASP's advice on CSV injection): the spreadsheet shows the text.
    Defused,
    /// As the data has it (`--csv-raw`).
    AsTheyAre,
}

/// CSV with the union of the records' fields as columns; lists joined with `|`, nested
/// lists (table rows) as JSON; cells that would start a formula defused unless asked.
pub fn csv(records: &[Map<String, Value>], formulas: FormulaCells) -> String {
    let mut columns: Vec<&str> = Vec::new();
    for record in records {
        for key in record.keys() {
            if !columns.contains(&key.as_str()) {
                columns.push(key);
            }
        }
    }
    let written = CsvStream::new(Vec::new(), &columns, formulas).and_then(|mut stream| {
        for record in records {
            stream.row(columns.iter().map(|c| record.get(*c)))?;
        }
        stream.finish()
    });
    let bytes = written.expect("writing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
}

/// CSV written a row at a time into `W`, each field as [`csv`] writes it.
pub struct CsvStream<W: std::io::Write> {
    writer: ::csv::Writer<W>,
    formulas: FormulaCells,
}

impl<W: std::io::Write> CsvStream<W> {
    /// Writes the header.
    pub fn new(out: W, columns: &[&str], formulas: FormulaCells) -> std::io::Result<Self> {
        let mut writer = ::csv::Writer::from_writer(out);
        writer.write_record(columns)?;
        Ok(CsvStream { writer, formulas })
    }

    /// One row: a field per column, empty where there is no value.
    pub fn row<'a>(
        &mut self,
        values: impl IntoIterator<Item = Option<&'a Value>>,
    ) -> std::io::Result<()> {
        let fields = values
            .into_iter()
            .map(|value| value.map_or_else(String::new, csv_field))
            .map(|cell| match self.formulas {
                FormulaCells::Defused => defuse_formula(cell),
                FormulaCells::AsTheyAre => cell,
            });
        self.writer.write_record(fields).map_err(io_error)
    }

    /// Flushes and gives back the writer.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer
            .into_inner()
            .map_err(::csv::IntoInnerError::into_error)
    }
}

/// The I/O error under a CSV writer's error, so that a closed pipe is still known as one
/// (the CSV crate's own conversion makes every error "other").
fn io_error(error: ::csv::Error) -> std::io::Error {
    match error.into_kind() {
        ::csv::ErrorKind::Io(error) => error,
        kind => std::io::Error::other(format!("{kind:?}")),
    }
}

/// A CSV field: line breaks and tabs stay (the CSV writer quotes the field, and a CSV
/// reader gives them back); other control, bidi and zero-width characters are escaped.
fn csv_field(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().any(Value::is_array) => value.to_string(),
        Value::Array(items) => items.iter().map(csv_field).collect::<Vec<_>>().join("|"),
        other => other.to_string(),
    };
    text.split_inclusive(['\n', '\r', '\t'])
        .map(|piece| {
            let (body, end) = piece.split_at(piece.trim_end_matches(['\n', '\r', '\t']).len());
            format!("{}{end}", escape_controls(body))
        })
        .collect()
}

/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, which a
/// spreadsheet takes for a formula, with a leading `'`; a plain number (`-3.5`, `+2`) is
/// left alone, since a spreadsheet reads it as the number it is.
fn defuse_formula(cell: String) -> String {
    let starts_formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if starts_formula && !is_plain_number(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A sign, digits and at most one decimal point: nothing a spreadsheet could run.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Pretty JSON. serde_json escapes C0 controls inside strings; C1 controls, bidi and
/// zero-width characters are escaped here as `\u` escapes too, so the JSON means the same
/// and a terminal showing it is safe.
pub fn json(value: &Value) -> String {
    let text = serde_json::to_string_pretty(value).expect("JSON values always serialise");
    let mut safe = escape_hidden(&text);
    safe.push('\n');
    safe
}

/// JSON Lines: one compact object per line (`jq -c`, `while read`), escaped as [`json`].
pub fn jsonl(records: &[Map<String, Value>]) -> String {
    records
        .iter()
        .map(|record| {
            let text = serde_json::to_string(record).expect("JSON values always serialise");
            escape_hidden(&text) + "\n"
        })
        .collect()
}

/// Serialised JSON with C1, bidi and zero-width characters as `\u` escapes (only inside
/// strings can they occur; serde_json has escaped C0 already).
fn escape_hidden(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if c != '\n' && crate::text::is_hidden_control(c) {
            safe.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            safe.push(c);
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: TableStyle = TableStyle {
        color: false,
        max_width: None,
    };

    #[test]
    fn aligns_columns_by_display_width() {
        let rows = vec![
            vec![
                "case:1".to_string(),
                "嘉兴技师学院".to_string(),
                "5".to_string(),
            ],
            vec!["case:10".to_string(), "ab".to_string(), "12".to_string()],
        ];
        let columns = [
            Column::key("id"),
            Column::prose("title"),
            Column::short("page"),
        ];
        let out = table(&columns, &rows, PLAIN);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "id       title         page");
        assert_eq!(lines[1], "case:1   嘉兴技师学院  5");
        assert_eq!(lines[2], "case:10  ab            12");
    }

    #[test]
    fn narrow_terminals_cut_the_widest_column_without_splitting_a_glyph() {
        let rows = vec![vec![
            "a".to_string(),
            "嘉兴市中等职业教育质量年度报告".to_string(),
        ]];
        let out = table(
            &[Column::key("id"), Column::prose("title")],
            &rows,
            TableStyle {
                color: false,
                max_width: Some(16),
            },
        );
        for line in out.lines() {
            assert!(display_width(line) <= 16, "{line}");
        }
        assert!(out.contains('…'));
        assert_eq!(truncate_to_width("嘉兴市", 4), "嘉…");
    }

    #[test]
    fn prose_gives_way_first_then_short_columns_are_left_out_and_ids_stay_whole() {
        let columns = [
            Column::key("id"),
            Column::prose("name"),
            Column::short("unit"),
            Column::prose("section"),
        ];
        let rows = vec![vec![
            "indicator:graduate-destination-rate".to_string(),
            "中职毕业生去向落实率（含升学）".to_string(),
            "百分比".to_string(),
            "1.1 办学规模与结构".to_string(),
        ]];
        let cut = |max_width| {
            let style = TableStyle {
                color: false,
                max_width: Some(max_width),
            };
            table(&columns, &rows, style)
                .lines()
                .nth(1)
                .unwrap()
                .to_string()
        };
        let roomy = cut(120);
        assert!(!roomy.contains('…'), "{roomy}");
        // Prose gives way first, to a comfortable width; the short column stays whole.
        let narrower = cut(80);
        assert_eq!(display_width(&narrower), 80, "{narrower}");
        assert!(
            narrower.contains("  百分比  1.1 办学规模与结构"),
            "{narrower}"
        );
        assert!(narrower.contains("中职毕业生去向…"), "{narrower}");
        // Then short columns are left out (never cut), then prose shrinks further.
        let narrowest = cut(60);
        assert!(display_width(&narrowest) <= 60, "{narrowest}");
        assert!(narrowest.starts_with("indicator:graduate-destination-rate  中职毕"));
        assert!(!narrowest.contains("百分"), "{narrowest}");
        assert_eq!(hidden_columns(&columns, &rows, 60), ["unit".to_string()]);
        // The id stays whole even when it alone is wider.
        assert_eq!(cut(20), "indicator:graduate-destination-rate");
    }

    #[test]
    fn control_characters_in_cells_are_escaped() {
        assert_eq!(
            cell_text(&Value::String("a\u{1b}[2Jb".into())),
            "a\\u{1b}[2Jb"
        );
        let mut record = Map::new();
        record.insert("title".into(), Value::String("x\u{7}".into()));
        assert!(csv(&[record], FormulaCells::Defused).contains("x\\u{7}"));
    }

    #[test]
    fn formula_cells_get_a_quote_and_plain_numbers_stay() {
        for (cell, written) in [
            ("=1+1", "'=1+1"),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-3.5", "-3.5"),
            ("+2", "+2"),
            ("-12", "-12"),
            ("3=3", "3=3"),
            ("", ""),
        ] {
            assert_eq!(defuse_formula(cell.to_string()), written, "{cell:?}");
        }
        let mut record = Map::new();
        record.insert("value".into(), serde_json::json!(-3.5));
        record.insert("name".into(), Value::String("=cmd".into()));
        assert_eq!(
            csv(&[record.clone()], FormulaCells::Defused),
            "value,name\n-3.5,'=cmd\n"
        );
        assert_eq!(
            csv(&[record], FormulaCells::AsTheyAre),
            "value,name\n-3.5,=cmd\n"
        );
    }

    #[test]
    fn csv_keeps_line_breaks_and_tabs_quoted_and_json_escapes_c1_and_bidi() {
        let mut record = Map::new();
        let text = "line one\nline\ttwo\r\nthree\u{1b}";
        record.insert("title".into(), Value::String(text.into()));
        let written = csv(std::slice::from_ref(&record), FormulaCells::Defused);
        let mut reader = ::csv::Reader::from_reader(written.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "line one\nline\ttwo\r\nthree\\u{1b}");
        let hostile = Value::String("a\u{9b}b\u{202e}c\u{200b}d\u{1b}".into());
        let json_text = json(&hostile);
        assert_eq!(json_text, "\"a\\u009bb\\u202ec\\u200bd\\u001b\"\n");
        assert_eq!(
            serde_json::from_str::<Value>(&json_text).unwrap(),
            hostile,
            "the escapes mean the same string"
        );
    }
}
