//! Subcommands over many reports without holding them all: the dataset opened as a
//! catalog, each report loaded in turn on every core and dropped once used.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::progress::Progress;
use super::{Failure, Skipped};
use crate::dataset::{Catalog, Dataset, Loaded};
use crate::model::Report;
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

/// The reports a subcommand covers: the one `--report` names, else all of them; the
/// reports the catalog left out (an unreadable `report.csv`, a taken id) are noted in
/// `skipped` (with `--strict`, they fail the command here).
pub(super) fn selected(
    dataset: &Catalog,
    report: Option<&str>,
    skipped: &mut Skipped,
) -> Result<Vec<usize>, Failure> {
    if let Some(id) = report {
        return dataset
            .position(id)
            .map(|i| vec![i])
            .ok_or_else(|| super::no_report(id, &catalog_ids(dataset)));
    }
    skipped.left_out(dataset.left_out());
    if skipped.stopped() {
        skipped.settle(0)?;
    }
    Ok((0..dataset.len()).collect())
}

/// The report a command is about: `--report`, else REPORT of an id written `REPORT/ID`
/// when the collection has that report (so that one broken is an error naming its
/// problems, as with `--report`, and the others are not read).
pub(super) fn named_report<'a>(
    dataset: &Catalog,
    report: Option<&'a str>,
    id: &'a str,
) -> Option<&'a str> {
    report.or_else(|| {
        let (named, _) = id.split_once('/')?;
        dataset.position(named).map(|_| named)
    })
}

/// The reports of `--data` (or the embedded ones) that load, loaded whole as a dataset: the one
/// `report` names, or the one an id written `REPORT/ID` names, else every one; those
/// that do not load are noted in `skipped` (see [`stream_loaded`]). With one named, the
/// catalog comes from the collection index unless `no_index` (the others' files unread).
pub(super) fn load_reports(
    (data, no_index): (Option<&Path>, bool),
    report: Option<&str>,
    id: &str,
    skipped: &mut Skipped,
) -> Result<Dataset, Failure> {
    let one = report.or_else(|| id.split_once('/').map(|(named, _)| named));
    let dataset = super::indexed::catalog_for(data, no_index, one)?;
    let chosen = selected(&dataset, named_report(&dataset, report, id), skipped)?;
    let reports = each_loaded(&dataset, &chosen, skipped)?;
    Ok(Dataset {
        reports: reports.into_iter().map(Arc::unwrap_or_clone).collect(),
    })
}

/// Reports as plain references, for what takes a slice of them.
pub(super) fn as_refs(reports: &[Arc<Report>]) -> Vec<&Report> {
    reports.iter().map(|report| &**report).collect()
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
/// made into something. A report that does not load is noted in `skipped` and left
/// out; with `--strict` the first stops the handing over (after what earlier batches
/// gave) and the command fails with every problem of every report, as it does when
/// none loads ([`Skipped::settle`]). Over many reports, a progress bar on a terminal's
/// stderr counts them (every command that goes through a collection comes here).
pub(super) fn stream_loaded<T: Send>(
    dataset: &Catalog,
    reports: &[usize],
    skipped: &mut Skipped,
    make: impl Fn(usize, Arc<Report>) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut loaded = 0;
    let progress = Progress::over_reports("reading reports", reports.len());
    for batch in reports.chunks(BATCH) {
        let made = parallel_map(batch.len(), |k| {
            let report: Loaded = dataset.report_once(batch[k]);
            let made = report.map(|report| make(batch[k], report));
            progress.step();
            made
        });
        for (&index, result) in batch.iter().zip(made) {
            match result {
                Err(problems) => skipped.skip(&directory(dataset, index), problems),
                Ok(value) if !skipped.stopped() => {
                    loaded += 1;
                    progress.suspend(|| take(value))?;
                }
                Ok(_) => {}
            }
        }
    }
    drop(progress);
    skipped.settle(loaded)
}

/// Where report `index` is, to name it when it does not load (a report given loaded has
/// no directory, and always loads: its id then).
fn directory(dataset: &Catalog, index: usize) -> PathBuf {
    match (dataset.directory(index), dataset.meta(index)) {
        (Some(directory), _) => directory.to_path_buf(),
        (None, Some(meta)) => PathBuf::from(&meta.id),
        (None, None) => PathBuf::new(),
    }
}

/// [`stream_loaded`] with `make` given the report by reference.
pub(super) fn stream_reports<T: Send>(
    dataset: &Catalog,
    reports: &[usize],
    skipped: &mut Skipped,
    make: impl Fn(usize, &Report) -> T + Sync,
    take: impl FnMut(T) -> Result<(), Failure>,
) -> Result<(), Failure> {
    stream_loaded(dataset, reports, skipped, |i, r| make(i, &r), take)
}

/// `make` of each report `reports` names, collected (see [`stream_loaded`]).
pub(super) fn each_report<T: Send>(
    dataset: &Catalog,
    reports: &[usize],
    skipped: &mut Skipped,
    make: impl Fn(usize, &Report) -> T + Sync,
) -> Result<Vec<T>, Failure> {
    let mut made = Vec::with_capacity(reports.len());
    stream_reports(dataset, reports, skipped, make, |value| {
        made.push(value);
        Ok(())
    })?;
    Ok(made)
}

/// The reports `reports` names that load, kept whole (see [`stream_loaded`]).
pub(super) fn each_loaded(
    dataset: &Catalog,
    reports: &[usize],
    skipped: &mut Skipped,
) -> Result<Vec<Arc<Report>>, Failure> {
    let mut loaded = Vec::with_capacity(reports.len());
    stream_loaded(
        dataset,
        reports,
        skipped,
        |_, report| report,
        |report| {
            loaded.push(report);
            Ok(())
        },
    )?;
    Ok(loaded)
}

/// `list` as JSON or JSON Lines, written a batch of reports at a time (the same bytes as
/// one array or one run of lines of every record).
pub(super) fn list_streamed(
    dataset: &Catalog,
    reports: &[usize],
    skipped: &mut Skipped,
    kind: super::Kind,
    format: super::ListFormat,
) -> Result<(), Failure> {
    let mut written = 0;
    stream_reports(
        dataset,
        reports,
        skipped,
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
