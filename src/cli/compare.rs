//! `nianbao compare`: one concept across the loaded reports, each figure with its report,
//! place, period and provenance; without a concept, the vocabulary.

use serde_json::{Map, Value, json};

use super::render::{Column, TableStyle};
use super::table::{FIGURE_WITH_UNIT, machine_output, records_table};
use super::{Failure, ListFormat, items};
use crate::compare::{self, Row};
use crate::concepts::{self, Concept};
use crate::model::{ItemRef, Report};

pub(super) fn compare(
    reports: &[&Report],
    concept: Option<&str>,
    format: ListFormat,
    style: TableStyle,
) -> Result<String, Failure> {
    let Some(name) = concept else {
        return Ok(vocabulary(reports, format, style));
    };
    let concept = find(name)?;
    let rows = compare::rows(reports.iter().copied(), &concept.id);
    let records: Vec<Map<String, Value>> = rows.iter().map(record).collect();
    if let Some(output) = machine_output(&records, format) {
        return Ok(output);
    }
    Ok(format!(
        "{}\n{}{}",
        heading(concept),
        if records.is_empty() {
            "(no loaded report maps it)\n".to_string()
        } else {
            records_table(&COLUMNS, &records, style)
        },
        legend(&rows)
    ))
}

/// The concept a user names, by id or any of its names; else a usage error with the
/// closest ids.
pub(super) fn find(name: &str) -> Result<&'static Concept, Failure> {
    concepts::lookup(name).ok_or_else(|| {
        let wanted = name.trim().to_lowercase();
        let close: Vec<&str> = concepts::vocabulary()
            .iter()
            .filter(|c| {
                !wanted.is_empty()
                    && (c.id.contains(&wanted) || wanted.contains(&c.id) || c.name.contains(&wanted))
            })
            .map(|c| c.id.as_str())
            .take(3)
            .collect();
        let hint = if close.is_empty() {
            String::new()
        } else {
            format!("; did you mean {}?", close.join(", "))
        };
        Failure::usage(format!(
            "no concept `{}`{hint}\n`nianbao compare` without a concept lists them (docs/concepts.md)",
            crate::text::escape_controls(name)
        ))
    })
}

const COLUMNS: [(Column<'static>, &str); 8] = [
    (Column::key("report"), "report"),
    (Column::short("region"), "region"),
    (Column::short("level"), "level"),
    (Column::short("period"), "period"),
    (Column::key("value"), FIGURE_WITH_UNIT),
    (Column::short("section"), "section"),
    (Column::short("page"), "page"),
    (Column::prose("source"), "source"),
];

/// `student-teacher-ratio  生师比 · Student–teacher ratio  (:1, lower is better)`.
fn heading(concept: &Concept) -> String {
    super::escape_lines(&format!(
        "{}  {} · {}  ({}, {})",
        concept.id,
        concept.name,
        concept.name_en,
        concept.units.join(" or "),
        concept.direction.label()
    ))
}

/// What the marks in the table mean, for the marks it has.
fn legend(rows: &[Row]) -> String {
    let mut lines = String::new();
    if rows.iter().any(Row::is_qualified) {
        lines.push_str("+ ≥ ≈ ≲ < qualified: the report gives no exact figure (400多, 约, 以上)\n");
    }
    if rows.iter().any(Row::is_unverified) {
        lines.push_str("? unverified: proposed by ingest, nobody has checked it\n");
    }
    lines
}

/// The indicator's record (as `list indicators` gives it) with its report's place.
fn record(row: &Row) -> Map<String, Value> {
    let meta = &row.report.meta;
    let mut record = items::record(row.report, &ItemRef::Indicator(row.indicator.id.clone()));
    for (key, value) in [
        ("report", json!(meta.id)),
        ("region", json!(meta.region)),
        ("region_en", json!(meta.region_en)),
        ("level", json!(meta.level.map(|l| l.name()))),
        ("school_year", json!(meta.school_year)),
        ("calendar_year", json!(meta.calendar_year)),
        ("qualified", json!(row.is_qualified())),
    ] {
        record.insert(key.to_string(), value);
    }
    record
}

/// The vocabulary, with how many of the loaded reports map each concept.
fn vocabulary(reports: &[&Report], format: ListFormat, style: TableStyle) -> String {
    let records: Vec<Map<String, Value>> = concepts::vocabulary()
        .iter()
        .map(|concept| {
            let mapped = reports
                .iter()
                .filter(|r| compare::maps(r, &concept.id))
                .count();
            let mut record = Map::new();
            for (key, value) in [
                ("id", json!(concept.id)),
                ("name", json!(concept.name)),
                ("name_en", json!(concept.name_en)),
                ("units", json!(concept.units)),
                ("direction", json!(concept.direction.name())),
                ("reports", json!(mapped)),
                ("definition", json!(concept.definition)),
            ] {
                record.insert(key.to_string(), value);
            }
            record
        })
        .collect();
    machine_output(&records, format).unwrap_or_else(|| {
        let columns = [
            (Column::key("id"), "id"),
            (Column::prose("name"), "name"),
            (Column::prose("english"), "name_en"),
            (Column::short("units"), "units"),
            (Column::short("direction"), "direction"),
            (Column::short("reports"), "reports"),
        ];
        records_table(&columns, &records, style)
    })
}
