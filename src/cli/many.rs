//! Subcommands over many reports without holding them all: the dataset opened as a
//! catalog, each report loaded in turn on every core and dropped once used.

use std::path::Path;

use super::Failure;
use crate::dataset::{Catalog, Dataset, LoadError, Loaded, Problem, parallel_map};

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
        Some(id) => dataset.position(id).map(|i| vec![i]).ok_or_else(|| {
            let ids: Vec<&str> = dataset.metas().map(|m| m.id.as_str()).collect();
            Failure::usage(format!(
                "no report `{id}` in this dataset; it has: {}",
                ids.join(", ")
            ))
        }),
        None if dataset.left_out().is_empty() => Ok((0..dataset.len()).collect()),
        None => Err(invalid(dataset.left_out().to_vec())),
    }
}

/// What was made of each report, or every problem of the reports that did not load.
fn all_loaded<T>(results: Vec<Result<T, Vec<Problem>>>) -> Result<Vec<T>, Failure> {
    let mut problems = Vec::new();
    let mut made = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => made.push(value),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() {
        Ok(made)
    } else {
        Err(invalid(problems))
    }
}

/// `f` of each report `reports` names (its index in the dataset, the report), on every
/// core, each report dropped once used.
pub(super) fn each_report<T: Send>(
    dataset: &Catalog,
    reports: &[usize],
    f: impl Fn(usize, &crate::model::Report) -> T + Sync,
) -> Result<Vec<T>, Failure> {
    all_loaded(parallel_map(reports.len(), |k| {
        let report: Loaded = dataset.report_once(reports[k]);
        report.map(|report| f(reports[k], &report))
    }))
}

fn invalid(problems: Vec<Problem>) -> Failure {
    Failure::invalid_data(&LoadError { problems })
}
