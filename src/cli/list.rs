//! `list`: every item of a kind, in document order; reports by region and year (from the
//! collection index when there is one).

use serde_json::Value;

use super::render::{Column, TableStyle};
use super::table::{machine_output, records_table, table_columns};
use super::{Failure, Kind, ListFormat, items, many};
use crate::dataset::Catalog;
use crate::dataset::index::Indexed;
use crate::model::Report;

/// `list reports`: the reports by region and year, each loaded in turn for what it holds.
pub(super) fn list_reports(
    dataset: &Catalog,
    index: Option<&Indexed>,
    reports: &[usize],
    skipped: &mut super::Skipped,
    format: ListFormat,
    style: TableStyle,
) -> Result<String, Failure> {
    let ordered = crate::dataset::by_place(
        reports
            .iter()
            .filter_map(|&index| dataset.meta(index).map(|meta| (index, meta))),
    );
    let records = match index {
        Some(index) => super::indexed::report_records(dataset, index, &ordered, skipped)?,
        None => many::each_report(dataset, &ordered, skipped, |_, report| {
            items::report_record(report)
        })?,
    };
    Ok(machine_output(&records, format)
        .unwrap_or_else(|| records_table(&table_columns(Kind::Reports), &records, style)))
}

/// A report's items of a kind as records, each naming the report.
pub(super) fn list_records(report: &Report, kind: Kind) -> Vec<serde_json::Map<String, Value>> {
    items::items_of(report, kind)
        .into_iter()
        .map(|item| {
            let mut record = items::record(report, &item);
            record.insert("report".into(), report.meta.id.clone().into());
            record
        })
        .collect()
}

pub(super) fn list(
    records: Vec<serde_json::Map<String, Value>>,
    several: bool,
    kind: Kind,
    format: ListFormat,
    style: TableStyle,
) -> String {
    if let Some(output) = machine_output(&records, format) {
        return output;
    }
    let mut columns = table_columns(kind);
    if several {
        columns.insert(0, (Column::key("report"), "report"));
    }
    records_table(&columns, &records, style)
}
