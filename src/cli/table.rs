//! Records and tables for stdout: the machine formats, the columns each kind shows, and
//! a table fitted to the terminal.

use std::io::IsTerminal;

use serde_json::Value;

use super::render::{self, Column, TableStyle};
use super::{ColorChoice, Kind, ListFormat};

/// Records in a machine format; `None` for the human ones, which each command draws.
pub(super) fn machine_output(
    records: &[serde_json::Map<String, Value>],
    format: ListFormat,
) -> Option<String> {
    match format {
        ListFormat::Table => None,
        ListFormat::Json => Some(render::json(&Value::Array(
            records.iter().cloned().map(Value::Object).collect(),
        ))),
        ListFormat::Jsonl => Some(render::jsonl(records)),
        ListFormat::Csv => Some(render::csv(records, render::FormulaCells::Defused)),
        ListFormat::CsvRaw => Some(render::csv(records, render::FormulaCells::AsTheyAre)),
    }
}

pub(super) fn table_style(color: ColorChoice) -> TableStyle {
    let terminal = std::io::stdout().is_terminal();
    TableStyle {
        color: color.colour(terminal),
        // Some terminals (a serial console, a pty nobody sized) report 0×0: unknown.
        max_width: terminal
            .then(|| ratatui::crossterm::terminal::size().ok())
            .flatten()
            .filter(|&(columns, _)| columns > 0)
            .map(|(columns, _)| usize::from(columns)),
    }
}

/// A table for stdout, fitted to the terminal. The columns it had to leave out are named
/// under it (only a person at a terminal sees a fitted table), so nothing disappears
/// silently.
pub(super) fn terminal_table(
    columns: &[Column],
    rows: &[Vec<String>],
    style: TableStyle,
) -> String {
    let mut table = render::table(columns, rows, style);
    if let Some(max_width) = style.max_width {
        let hidden = render::hidden_columns(columns, rows, max_width);
        if !hidden.is_empty() {
            table.push_str(&format!(
                "({} left out at {max_width} columns; --format csv has every column)\n",
                hidden.join(", ")
            ));
        }
    }
    table
}

/// The columns a table shows for each kind, with the record field each shows.
pub(super) fn table_columns(kind: Kind) -> Vec<(Column<'static>, &'static str)> {
    const ID: (Column, &str) = (Column::key("id"), "id");
    const PAGE: (Column, &str) = (Column::short("page"), "page");
    const SECTION: (Column, &str) = (Column::short("section"), "section");
    const TITLE: (Column, &str) = (Column::prose("title"), "title");
    const NAME: (Column, &str) = (Column::prose("name"), "name");
    const TYPE: (Column, &str) = (Column::short("type"), "type");
    match kind {
        Kind::Reports => vec![
            ID,
            TITLE,
            (Column::short("region"), "region"),
            (Column::short("level"), "level"),
            (Column::short("school year"), "school_year"),
            (Column::short("year"), "calendar_year"),
            (Column::prose("publisher"), "publisher"),
        ],
        Kind::Chapters => vec![ID, TITLE, PAGE, (Column::prose("sections"), "sections")],
        Kind::Sections => vec![
            ID,
            TITLE,
            (Column::short("level"), "level"),
            (Column::short("parent"), "parent"),
            (Column::short("chapter"), "chapter"),
            PAGE,
        ],
        Kind::Cases => vec![
            ID,
            (Column::short("label"), "label"),
            TITLE,
            SECTION,
            PAGE,
            (Column::prose("schools"), "schools"),
        ],
        Kind::Figures | Kind::Tables | Kind::Footnotes => vec![ID, TITLE, SECTION, PAGE],
        Kind::Schools => vec![
            ID,
            NAME,
            (Column::short("district"), "district"),
            (Column::prose("english"), "name_en"),
            (Column::short("cases"), "cases"),
        ],
        Kind::Indicators => vec![
            ID,
            NAME,
            (Column::key("value"), FIGURE_WITH_UNIT),
            (Column::short("period"), "period"),
            (Column::short("scope"), "scope"),
            SECTION,
            PAGE,
        ],
        Kind::Partners => vec![ID, NAME, TYPE, (Column::prose("location"), "location")],
        Kind::Breakdowns => vec![ID, TITLE, TYPE, (Column::prose("members"), "members")],
        Kind::Paragraphs => vec![ID, SECTION, PAGE, (Column::prose("text"), "title")],
    }
}

/// Records as a table of the given columns (header, record field).
pub(super) fn records_table(
    columns: &[(Column, &str)],
    records: &[serde_json::Map<String, Value>],
    style: TableStyle,
) -> String {
    let headers: Vec<Column> = columns.iter().map(|(c, _)| *c).collect();
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|record| {
            columns
                .iter()
                .map(|(_, field)| table_cell(record, field))
                .collect()
        })
        .collect();
    terminal_table(&headers, &rows, style)
}

/// An indicator's value shows as its figure (qualifier marked, sign shown, a derived
/// one starred, `400+`, `−4.58`, `207.80*`) with its unit, which a narrow table must not
/// separate from it (`15 所`, `44.31%`); an unverified one (proposed by ingest) is
/// marked with `?`.
fn table_cell(record: &serde_json::Map<String, Value>, field: &str) -> String {
    let text = |field: &str| record.get(field).map(render::cell_text).unwrap_or_default();
    if field != FIGURE_WITH_UNIT {
        return text(field);
    }
    let (figure, unit) = (text("figure"), text("unit"));
    let mut cell = match unit.as_str() {
        // The figure prints `%`, `‰` and `:1` itself (`44.31%`, `15.41:1`).
        "" => figure,
        _ if figure.ends_with(unit.as_str()) => figure,
        "%" | "‰" => format!("{figure}{unit}"),
        _ => format!("{figure} {unit}"),
    };
    if record.get("verified") == Some(&Value::Bool(false)) {
        cell.push_str(" ?");
    }
    cell
}

/// The table cell that joins an indicator's figure and unit.
pub(super) const FIGURE_WITH_UNIT: &str = "figure+unit";
