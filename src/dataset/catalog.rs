//! A dataset opened lazily: every report's metadata at once (read in parallel), a report's
//! text and curated files parsed and checked the first time it is asked for.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::{Dataset, LoadError, Problem, ProblemKind, ReportFiles, load_report};
use crate::model::{Report, ReportMeta};
use crate::parallel::parallel_map;

/// A report loaded, or the problems that kept it from loading.
pub type Loaded = Result<Arc<Report>, Vec<Problem>>;

/// Every report of a dataset by its metadata; each report loaded on demand.
#[derive(Debug, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
    /// Each report's place in `entries` by its id: a collection of 11 000 reports is
    /// looked up, and checked for ids taken twice, without a scan each time.
    places: HashMap<String, usize>,
    /// Reports left out: their `report.csv` could not be read, or their id is taken.
    left_out: Vec<Problem>,
}

#[derive(Debug)]
struct Entry {
    meta: ReportMeta,
    /// Where the report's files are; `None` for a report given loaded.
    directory: Option<PathBuf>,
    report: OnceLock<Loaded>,
}

impl Catalog {
    /// The reports of a directory (one report, or a directory of them), only their
    /// `report.csv` read. A report whose metadata cannot be read is left out (see
    /// [`Catalog::left_out`]); none readable is an error.
    pub fn open(path: &Path) -> Result<Catalog, LoadError> {
        let directories = super::report_directories(path)?;
        let metas = parallel_map(directories.len(), |i| read_meta(&directories[i]));
        Catalog::from_metas(directories.into_iter().zip(metas))
    }

    /// The catalog of report directories whose metadata was read (or not) already, in
    /// the dataset's order: as [`Catalog::open`] makes it (the collection index gives
    /// what it kept).
    pub fn from_metas(
        metas: impl IntoIterator<Item = (PathBuf, Result<ReportMeta, Vec<Problem>>)>,
    ) -> Result<Catalog, LoadError> {
        let mut catalog = Catalog::default();
        for (directory, meta) in metas {
            match meta {
                Ok(meta) => catalog.add(meta, Some(directory), OnceLock::new()),
                Err(mut problems) => catalog.left_out.append(&mut problems),
            }
        }
        if catalog.entries.is_empty() {
            return Err(LoadError {
                problems: catalog.left_out,
            });
        }
        Ok(catalog)
    }

    /// Adds a report unless its id is taken (then it is left out, with the problem).
    fn add(&mut self, meta: ReportMeta, directory: Option<PathBuf>, report: OnceLock<Loaded>) {
        if let Some(first) = self.position(&meta.id) {
            let place = |d: &Option<PathBuf>| d.as_deref().unwrap_or(Path::new("")).to_path_buf();
            self.left_out.push(Problem::new(
                ProblemKind::DuplicateId,
                place(&directory).join("report.csv"),
                None,
                format!(
                    "the report id `{}` is taken already by {}",
                    meta.id,
                    place(&self.entries[first].directory).display()
                ),
            ));
            return;
        }
        self.places.insert(meta.id.clone(), self.entries.len());
        self.entries.push(Entry {
            meta,
            directory,
            report,
        });
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Report `index`'s metadata (from its `report.csv`).
    pub fn meta(&self, index: usize) -> Option<&ReportMeta> {
        self.entries.get(index).map(|e| &e.meta)
    }

    /// Every report's metadata, in dataset order.
    pub fn metas(&self) -> impl ExactSizeIterator<Item = &ReportMeta> {
        self.entries.iter().map(|e| &e.meta)
    }

    /// The index of the report with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.places.get(id).copied()
    }

    /// Where report `index`'s files are (`None` for a report given loaded).
    pub fn directory(&self, index: usize) -> Option<&Path> {
        self.entries.get(index)?.directory.as_deref()
    }

    /// Problems of the reports left out of the catalog (unreadable metadata, a taken id).
    pub fn left_out(&self) -> &[Problem] {
        &self.left_out
    }

    /// Report `index`, loaded and checked the first time and kept.
    pub fn report(&self, index: usize) -> Result<&Arc<Report>, &[Problem]> {
        let entry = self.entries.get(index).ok_or(&[][..])?;
        entry
            .report
            .get_or_init(|| entry.load())
            .as_ref()
            .map_err(Vec::as_slice)
    }

    /// Report `index` as [`Catalog::report`] gives it, but loaded without being kept
    /// when it was not loaded yet: for going through every report once.
    pub fn report_once(&self, index: usize) -> Loaded {
        let entry = self.entries.get(index).ok_or_else(Vec::new)?;
        match entry.report.get() {
            Some(loaded) => loaded.clone(),
            None => entry.load(),
        }
    }
}

impl Entry {
    fn load(&self) -> Loaded {
        let Some(directory) = &self.directory else {
            return Err(Vec::new());
        };
        let report = load_report(&ReportFiles::read(directory))?;
        // The files changed since the catalog was read: the catalog's id is what the
        // explorer and the other reports know it by.
        if report.meta.id != self.meta.id {
            return Err(vec![Problem::new(
                ProblemKind::BadValue,
                directory.join("report.csv"),
                None,
                format!(
                    "the report id changed from `{}` to `{}` while nianbao ran",
                    self.meta.id, report.meta.id
                ),
            )]);
        }
        Ok(Arc::new(report))
    }
}

impl From<Dataset> for Catalog {
    /// A catalog of reports already loaded (the embedded dataset, a test's reports).
    fn from(dataset: Dataset) -> Catalog {
        let mut catalog = Catalog::default();
        for report in dataset.reports {
            let meta = report.meta.clone();
            catalog.add(meta, None, OnceLock::from(Ok(Arc::new(report))));
        }
        catalog
    }
}

/// A report directory's metadata: its `report.csv` alone read and checked.
pub(super) fn read_meta(directory: &Path) -> Result<ReportMeta, Vec<Problem>> {
    let name = "report.csv";
    let files = ReportFiles {
        directory: directory.to_path_buf(),
        contents: vec![(
            name.to_string(),
            super::read_dataset_file(&directory.join(name), super::MAX_FILE_BYTES),
        )],
    };
    let mut problems = Vec::new();
    match super::rows::read_meta(&files, &mut problems) {
        Some((meta, _)) if problems.is_empty() => Ok(meta),
        _ => Err(problems),
    }
}

/// The order people look for reports in: by region (in pinyin, so 海宁市 comes before
/// 嘉兴市), then by calendar year and school year, then by id.
fn place_order(meta: &ReportMeta) -> (String, &str, &str, &str, &str) {
    (
        crate::search::romanize(&meta.region).to_lowercase(),
        &meta.region,
        &meta.calendar_year,
        &meta.school_year,
        &meta.id,
    )
}

/// Items (reports, or their indices) in the order of their reports' places and years
/// (`place_order`), each report's key computed once.
pub fn by_place<'a, T>(items: impl IntoIterator<Item = (T, &'a ReportMeta)>) -> Vec<T> {
    let mut keyed: Vec<_> = items
        .into_iter()
        .map(|(item, meta)| (place_order(meta), item))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, item)| item).collect()
}
