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

/// Draws rows under a header, columns aligned by display width and separated by two
/// spaces; on a narrow terminal the widest columns are cut with an ellipsis.
pub fn table(headers: &[&str], rows: &[Vec<String>], style: TableStyle) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| display_width(h)).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(display_width(cell));
        }
    }
    if let Some(max_width) = style.max_width {
        fit_widths(&mut widths, max_width);
    }
    let mut out = String::new();
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    push_row(&mut out, &header, &widths);
    if style.color {
        let line_end = out.len() - 1;
        out.insert_str(line_end, "\x1b[0m");
        out.insert_str(0, "\x1b[1m");
    }
    for row in rows {
        push_row(&mut out, row, &widths);
    }
    out
}

fn push_row(out: &mut String, cells: &[String], widths: &[usize]) {
    let last = widths.len().saturating_sub(1);
    let mut line = String::new();
    for (i, (cell, &width)) in cells.iter().zip(widths).enumerate() {
        let cut = truncate_to_width(cell, width);
        if i == last {
            line.push_str(&cut);
        } else {
            line.push_str(&pad_to_width(&cut, width));
            line.push_str("  ");
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// Shrinks the widest column, one column at a time, until the table fits (or every
/// column is down to a few characters).
fn fit_widths(widths: &mut [usize], max_width: usize) {
    const NARROWEST: usize = 6;
    let total =
        |widths: &[usize]| widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    while total(widths) > max_width {
        let Some((widest, &width)) = widths.iter().enumerate().max_by_key(|&(_, w)| *w) else {
            return;
        };
        if width <= NARROWEST {
            return;
        }
        let excess = total(widths) - max_width;
        widths[widest] = width.saturating_sub(excess).max(NARROWEST);
    }
}

/// CSV with the union of the records' fields as columns; lists joined with `|`, nested
/// lists (table rows) as JSON.
pub fn csv(records: &[Map<String, Value>]) -> String {
    let mut columns: Vec<&str> = Vec::new();
    for record in records {
        for key in record.keys() {
            if !columns.contains(&key.as_str()) {
                columns.push(key);
            }
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, fields: Vec<String>| {
        writer
            .write_record(fields)
            .expect("writing CSV to memory cannot fail");
    };
    write(&mut writer, columns.iter().map(|c| c.to_string()).collect());
    for record in records {
        let fields = columns
            .iter()
            .map(|c| record.get(*c).map_or_else(String::new, csv_field))
            .collect();
        write(&mut writer, fields);
    }
    let bytes = writer
        .into_inner()
        .expect("writing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
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

/// Pretty JSON. serde_json escapes C0 controls inside strings; C1 controls, bidi and
/// zero-width characters are escaped here as `\u` escapes too, so the JSON means the same
/// and a terminal showing it is safe.
pub fn json(value: &Value) -> String {
    let text = serde_json::to_string_pretty(value).expect("JSON values always serialise");
    let mut safe = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if c != '\n' && crate::text::is_hidden_control(c) {
            safe.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            safe.push(c);
        }
    }
    safe.push('\n');
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
        let out = table(&["id", "title", "page"], &rows, PLAIN);
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
            &["id", "title"],
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
    fn control_characters_in_cells_are_escaped() {
        assert_eq!(
            cell_text(&Value::String("a\u{1b}[2Jb".into())),
            "a\\u{1b}[2Jb"
        );
        let mut record = Map::new();
        record.insert("title".into(), Value::String("x\u{7}".into()));
        assert!(csv(&[record]).contains("x\\u{7}"));
    }

    #[test]
    fn csv_keeps_line_breaks_and_tabs_quoted_and_json_escapes_c1_and_bidi() {
        let mut record = Map::new();
        let text = "line one\nline\ttwo\r\nthree\u{1b}";
        record.insert("title".into(), Value::String(text.into()));
        let written = csv(std::slice::from_ref(&record));
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
