//! The commands' use of the collection index (`dataset::index`): the dataset opened
//! through it unless `--no-index` is given, its notices on stderr, `list reports` from
//! its rows and `show` looking items up in it.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use super::progress::Progress;
use super::show::Shelf;
use super::{Failure, items};
use crate::dataset::index::Indexed;
use crate::dataset::{Catalog, Dataset, LoadError};
use crate::model::{ItemRef, Report};

/// A dataset as a catalog, with its collection index when it has one.
pub(super) struct Collection {
    pub catalog: Catalog,
    pub index: Option<Indexed>,
}

/// The dataset named by `--data`: through its collection index (made or brought up to
/// date) unless `no_index`, else as [`super::many::load_catalog`] reads it. An index
/// that cannot be used is said on stderr, and the files are read.
pub(super) fn open(data: Option<&Path>, no_index: bool) -> Result<Collection, Failure> {
    if let (Some(dir), false) = (data, no_index) {
        super::data_exists(dir)?;
        let mut notices = Vec::new();
        let bar = std::cell::OnceCell::new();
        let read = |done: usize, of: usize| {
            bar.get_or_init(|| Progress::over_reports("indexing reports", of))
                .set_position(done);
        };
        let opened = Indexed::open(dir, &mut notices, &read);
        drop(bar);
        if let Err(why) = &opened {
            notices.push(format!("{why}; reading the reports' files instead"));
        }
        notices.iter().for_each(|notice| notify(notice));
        if let Ok(Some(index)) = opened {
            let catalog = index
                .catalog()
                .map_err(|error| Failure::invalid_data(&error))?;
            return Ok(Collection {
                catalog,
                index: Some(index),
            });
        }
    }
    Ok(Collection {
        catalog: super::many::load_catalog(data)?,
        index: None,
    })
}

/// The catalog of the dataset for a command that loads the reports `report` names (one,
/// else every one): with one named, from the collection index (the other reports' files
/// are not read); with all, from the files, which the command reads whole anyway (an
/// index to build first would double its work).
pub(super) fn catalog_for(
    data: Option<&Path>,
    no_index: bool,
    report: Option<&str>,
) -> Result<Catalog, Failure> {
    Ok(open(data, no_index || report.is_none())?.catalog)
}

/// A notice on stderr, one line (what the index did, or why it was not used).
pub(super) fn notify(notice: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "nianbao: {}",
        super::escape_lines(notice)
    );
}

/// `list reports`' records of the catalog's reports `ordered`, from the index.
pub(super) fn report_records(
    catalog: &Catalog,
    index: &Indexed,
    ordered: &[usize],
) -> Result<Vec<serde_json::Map<String, serde_json::Value>>, Failure> {
    let reports = index.reports();
    Ok(loaded_places(catalog, index, ordered)?
        .into_iter()
        .filter_map(|place| {
            let report = &reports[place];
            let meta = report.meta.as_ref().ok()?;
            let contents = report.loaded.as_ref().ok()?;
            Some(items::meta_record(meta, contents.indicators))
        })
        .collect())
}

/// The places in the index of the catalog's reports `ordered` (a catalog made by the
/// index), when each of them loads; else every problem of those that do not (all of
/// them, in order, as loading them gives).
pub(super) fn loaded_places(
    catalog: &Catalog,
    index: &Indexed,
    ordered: &[usize],
) -> Result<Vec<usize>, Failure> {
    let by_directory: HashMap<&Path, usize> = index
        .reports()
        .iter()
        .enumerate()
        .map(|(place, r)| (r.directory.as_path(), place))
        .collect();
    let mut places = Vec::with_capacity(ordered.len());
    let mut problems = Vec::new();
    for &i in ordered {
        let Some(&place) = catalog.directory(i).and_then(|d| by_directory.get(d)) else {
            continue;
        };
        match &index.reports()[place].loaded {
            Ok(_) => places.push(place),
            Err(found) => problems.extend(found.iter().cloned()),
        }
    }
    if problems.is_empty() {
        Ok(places)
    } else {
        Err(Failure::invalid_data(&LoadError { problems }))
    }
}

/// That the whole collection loads, as loading the dataset (`super::load`) requires: else
/// its problems, as that gives them (invalid data).
pub(super) fn every_report_loads(index: &Indexed) -> Result<(), Failure> {
    let problems = index.dataset_problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::invalid_data(&LoadError { problems }))
    }
}

/// Report `id` of the collection at `data` loaded alone, through the collection index:
/// the catalog and the report's place in it, where loading the whole dataset and taking
/// the report would give that report (or fail alike: a report that does not load, no
/// report `id`). `None` without an index (`--no-index`, one report, the embedded
/// dataset, an index that cannot be used), for the caller to load the dataset.
pub(super) fn one_report(
    data: Option<&Path>,
    no_index: bool,
    id: &str,
) -> Result<Option<(Catalog, usize)>, Failure> {
    let Collection {
        catalog,
        index: Some(index),
    } = open(data, no_index)?
    else {
        return Ok(None);
    };
    every_report_loads(&index)?;
    let Some(place) = catalog.position(id) else {
        return Err(super::no_report(id, &super::many::catalog_ids(&catalog)));
    };
    if let Err(problems) = catalog.report(place) {
        return Err(Failure::invalid_data(&LoadError {
            problems: problems.to_vec(),
        }));
    }
    Ok(Some((catalog, place)))
}

/// What to say when the index could not be read where a command looked (`why`): the
/// index is made anew (the next command fills it), and this one reads the files.
pub(super) fn unreadable(index: &Indexed, why: &str) -> String {
    let rebuilt = match index.discard() {
        Ok(()) => "it is made anew",
        Err(_) => "it could not be made anew",
    };
    format!(
        "the collection index could not be read ({why}); {rebuilt}; reading the reports' files instead"
    )
}

/// `show` over the index: the reports that load (every one must, as when the dataset
/// is loaded whole), one report loaded to show its item.
pub(super) struct IndexShelf<'a> {
    index: &'a Indexed,
    /// Why the index could not be read, when a lookup failed (the answer is then made
    /// from the files).
    broken: std::cell::RefCell<Option<String>>,
    /// The places in the index of the reports shown, in the dataset's order.
    reports: Vec<usize>,
}

impl<'a> IndexShelf<'a> {
    /// The shelf of the reports `--report` names (all when `None`); a report that does
    /// not load, or an id taken twice, is invalid data as loading the dataset finds it.
    pub fn new(index: &'a Indexed, report: Option<&str>) -> Result<IndexShelf<'a>, Failure> {
        every_report_loads(index)?;
        let all: Vec<usize> = (0..index.reports().len()).collect();
        let shelf = IndexShelf {
            index,
            broken: Default::default(),
            reports: all,
        };
        let Some(wanted) = report else {
            return Ok(shelf);
        };
        let ids = shelf.ids();
        match ids.iter().position(|id| *id == wanted) {
            Some(place) => Ok(IndexShelf {
                index,
                broken: Default::default(),
                reports: vec![shelf.reports[place]],
            }),
            None => Err(super::no_report(wanted, &super::id_list(ids.into_iter()))),
        }
    }
}

impl Shelf for IndexShelf<'_> {
    fn ids(&self) -> Vec<&str> {
        let reports = self.index.reports();
        self.reports
            .iter()
            // Every report loads here (see `IndexShelf::new`), so each has its metadata.
            .map(|&i| reports[i].meta.as_ref().map_or("", |m| m.id.as_str()))
            .collect()
    }

    fn holders(&self, among: &[usize], item: &ItemRef) -> Result<Vec<(usize, ItemRef)>, Failure> {
        let places: Vec<usize> = among.iter().map(|&i| self.reports[i]).collect();
        let found = self
            .index
            .holders(&places, item)
            .map_err(|why| self.unusable(why))?;
        let shelved: HashMap<usize, usize> = self
            .reports
            .iter()
            .enumerate()
            .map(|(i, &place)| (place, i))
            .collect();
        Ok(found
            .into_iter()
            .filter_map(|(place, item)| Some((*shelved.get(&place)?, item)))
            .collect())
    }

    fn item_ids(&self, among: &[usize]) -> Result<Vec<String>, Failure> {
        let places: Vec<usize> = among.iter().map(|&i| self.reports[i]).collect();
        self.index
            .item_ids(&places)
            .map_err(|why| self.unusable(why))
    }

    fn with_report(
        &self,
        index: usize,
        item: &ItemRef,
        make: &dyn Fn(&Report, &ItemRef) -> String,
    ) -> Result<String, Failure> {
        let directory = &self.index.reports()[self.reports[index]].directory;
        let dataset =
            Dataset::from_dir(directory).map_err(|error| Failure::invalid_data(&error))?;
        let found = dataset
            .reports
            .first()
            .and_then(|report| Some((report, report.resolve(item)?)));
        match found {
            Some((report, resolved)) => Ok(make(report, &resolved)),
            None => Err(Failure {
                message: format!(
                    "{}: the report changed while nianbao read it; run the command again",
                    crate::text::escape_path(directory)
                ),
                code: 2,
            }),
        }
    }
}

impl IndexShelf<'_> {
    /// A lookup in the index failed: remembered, so that the command answers from the
    /// files instead (see [`IndexShelf::broken`]).
    fn unusable(&self, why: String) -> Failure {
        *self.broken.borrow_mut() = Some(why.clone());
        Failure::usage(why)
    }

    /// Why the index could not be read, if it could not: the index is then made anew
    /// (the next command fills it) and this one is to read the files.
    pub fn broken(&self) -> Option<String> {
        let why = self.broken.borrow().clone()?;
        Some(unreadable(self.index, &why))
    }
}
