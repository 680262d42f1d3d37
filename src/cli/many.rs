//! Subcommands over many reports without holding them all: the dataset opened as a
//! catalog, each report loaded in turn on every core and dropped once used.

use std::path::Path;

use super::Failure;
use super::progress::Progress;
use crate::dataset::{Catalog, Dataset, LoadError, Loaded, Problem};
use crate::parallel::parallel_map;

/// The dataset named by `--data` as a catalog (only each report's `report.csv` read), or
/// the embedded one.
pub(super) fn load_catalog(data: Option<&Path>) -> Result<Catalog, Failure> {
    match data {
        Some(dir) => {
            super::data_exists(dir)?;
            Catalog::open(dir).map_err(|error| Failure::invalid_data(&error))
        }
        None => Dataset::embedded()
            .map(Catalog::from)
            .map_err(|error| Failure::invalid_data(&error)),
    }
}

/// The reports a subcommand covers: the one `--report` names, else all of them, which
/// then must all have been catalogued (as when the whole dataset was loaded at once).
pub(super) fn selected(dataset: &Catalog, report: Option<&str>) -> Result<Vec<usize>, Failure> {
    match report {
        Some(id) => dataset
            .position(id)
            .map(|i| vec![i])
            .ok_or_else(|| super::no_report(id, &catalog_ids(dataset))),
        None if dataset.left_out().is_empty() => Ok((0..dataset.len()).collect()),
        None => Err(invalid(dataset.left_out().to_vec())),
    }
}

/// The ids of a dataset's reports, for a message.
pub(super) fn catalog_ids(dataset: &Catalog) -> String {
    super::id_list(dataset.metas().map(|m| m.id.as_str()))
}

/// Reports are loaded this many at a time: enough to keep every core busy, few enough
/// that what is made of them stays small until it is written.
const BATCH: usize = 16;

/// `make` of each report `reports` names (its index in the dataset, the report), on
/// every core a batch at a time, handed to `take` in order; each report is dropped once
/// made into something. A report that does not load stops the handing over (after what
/// earlier batches gave), and every problem of every report is returned. Over many
/// reports, a progress bar on a terminal's stderr counts them (every command that goes
/// through a collection comes here).
pub(super) fn stream_reports<T: Send>(
    dataset: &Catalog,
    reports: &[usize],
    make: impl Fn(usize, &crate::model::Report) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut problems = Vec::new();
    let progress = Progress::over_reports("reading reports", reports.len());
    for batch in reports.chunks(BATCH) {
        let made = parallel_map(batch.len(), |k| {
            let report: Loaded = dataset.report_once(batch[k]);
            let made = report.map(|report| make(batch[k], &report));
            progress.step();
            made
        });
        for result in made {
            match result {
                Err(mut found) => problems.append(&mut found),
                Ok(value) if problems.is_empty() => progress.suspend(|| take(value))?,
                Ok(_) => {}
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(invalid(problems))
    }
}

/// `make` of each report `reports` names, collected (see [`stream_reports`]).
pub(super) fn each_report<T: Send>(
    dataset: &Catalog,
    reports: &[usize],
    make: impl Fn(usize, &crate::model::Report) -> T + Sync,
) -> Result<Vec<T>, Failure> {
    let mut made = Vec::with_capacity(reports.len());
    stream_reports(dataset, reports, make, |value| {
        made.push(value);
        Ok(())
    })?;
    Ok(made)
}

/// `list` as JSON or JSON Lines, written a batch of reports at a time (the same bytes as
/// one array or one run of lines of every record).
pub(super) fn list_streamed(
    dataset: &Catalog,
    reports: &[usize],
    kind: super::Kind,
    format: super::ListFormat,
) -> Result<(), Failure> {
    let mut written = 0;
    stream_reports(
        dataset,
        reports,
        |_, report| super::list::list_records(report, kind),
        |records| {
            let mut text = String::new();
            for record in records {
                if format == super::ListFormat::Jsonl {
                    text.push_str(&super::render::jsonl(std::slice::from_ref(&record)));
                } else {
                    text.push_str(if written == 0 { "[\n" } else { ",\n" });
                    text.push_str(&array_item(record));
                }
                written += 1;
            }
            super::write_stdout(&text)
        },
    )?;
    match (format, written) {
        (super::ListFormat::Jsonl, _) => Ok(()),
        (_, 0) => super::write_stdout("[]\n"),
        _ => super::write_stdout("\n]\n"),
    }
}

/// A record as an item of a pretty-printed JSON array: indented by two spaces, no
/// newline after it.
fn array_item(record: serde_json::Map<String, serde_json::Value>) -> String {
    let text = super::render::json(&serde_json::Value::Object(record));
    let lines: Vec<String> = text.lines().map(|line| format!("  {line}")).collect();
    lines.join("\n")
}

fn invalid(problems: Vec<Problem>) -> Failure {
    Failure::invalid_data(&LoadError { problems })
}
