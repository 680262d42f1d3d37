//! `nianbao compare`: one concept across the loaded reports, each figure with its report,
//! place, period and provenance; without a concept, the vocabulary.

use serde_json::{Map, Value, json};

use super::indexed::{self, Collection};
use super::render::{Column, TableStyle};
use super::table::{FIGURE_WITH_UNIT, machine_output, records_table};
use super::{Failure, ListFormat, Skipped, items, many};
use crate::compare::{self, Row};
use crate::concepts::{self, Concept};
use crate::dataset::index::Indexed;
use crate::model::{ItemRef, Report};

/// `compare` over a dataset (the reports `--report` names, else all): from the collection
/// index where there is one, else from each report loaded in turn.
pub(super) fn run(
    collection: &Collection,
    report: Option<&str>,
    concept: Option<&str>,
    format: ListFormat,
    style: TableStyle,
    skipped: &mut Skipped,
) -> Result<String, Failure> {
    let catalog = &collection.catalog;
    let reports = many::selected(catalog, report, skipped)?;
    if let Some(index) = &collection.index {
        let loads = indexed::loading(catalog, index, &reports, skipped)?;
        let places: Vec<usize> = loads.into_iter().map(|(_, place)| place).collect();
        match from_index(index, &places, concept, format, style)? {
            Ok(output) => return Ok(output),
            Err(why) => indexed::notify(&indexed::unreadable(index, &why)),
        }
    }
    let comparable = many::each_report(catalog, &reports, skipped, |_, report| {
        compare::comparable(report)
    })?;
    let comparable: Vec<&Report> = comparable.iter().collect();
    compare(&comparable, concept, format, style)
}

/// `compare` of the reports at `places` in the index, from what it holds of them; the
/// inner `Err` says why the index could not be read.
fn from_index(
    index: &Indexed,
    places: &[usize],
    concept: Option<&str>,
    format: ListFormat,
    style: TableStyle,
) -> Result<Result<String, String>, Failure> {
    let Some(name) = concept else {
        return Ok(index.concept_counts(places).map(|counts| {
            vocabulary(
                &|id: &str| counts.get(id).copied().unwrap_or(0),
                format,
                style,
            )
        }));
    };
    let concept = find(name)?;
    match index.comparable(places, &concept.id) {
        Ok(comparable) => {
            let comparable: Vec<&Report> = comparable.iter().collect();
            compare(&comparable, Some(name), format, style).map(Ok)
        }
        Err(why) => Ok(Err(why)),
    }
}

fn compare(
    reports: &[&Report],
    concept: Option<&str>,
    format: ListFormat,
    style: TableStyle,
) -> Result<String, Failure> {
    let Some(name) = concept else {
        let mapped = |id: &str| reports.iter().filter(|r| compare::maps(r, id)).count();
        return Ok(vocabulary(&mapped, format, style));
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

/// The vocabulary, with how many of the reports map each concept (`mapped` of its id).
fn vocabulary(mapped: &dyn Fn(&str) -> usize, format: ListFormat, style: TableStyle) -> String {
    let records: Vec<Map<String, Value>> = concepts::vocabulary()
        .iter()
        .map(|concept| {
            let mapped = mapped(&concept.id);
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
