//! The commands' use of the collection index (`dataset::index`): the dataset opened
//! through it unless `--no-index` is given, its notices on stderr, `list reports` from
//! its rows and `show` looking items up in it.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use super::progress::Progress;
use super::show::Shelf;
use super::{Failure, Skipped, items};
use crate::dataset::index::Indexed;
use crate::dataset::{Catalog, Dataset};
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

/// The catalog's reports `chosen` that load, as the index has them: each with its
/// place in [`Indexed::reports`], in the order given. Those that do not load are noted
/// in `skipped`, as [`super::many::stream_loaded`] notes them reading the files (with
/// `--strict`, or when none loads, the command fails with their problems). Every path
/// that answers from the index over a collection comes here.
pub(super) fn loading(
    catalog: &Catalog,
    index: &Indexed,
    chosen: &[usize],
    skipped: &mut Skipped,
) -> Result<Vec<(usize, usize)>, Failure> {
    let by_directory: HashMap<&Path, usize> = index
        .reports()
        .iter()
        .enumerate()
        .map(|(place, r)| (r.directory.as_path(), place))
        .collect();
    let mut loads = Vec::with_capacity(chosen.len());
    for &i in chosen {
        let Some((directory, &place)) = catalog
            .directory(i)
            .and_then(|d| Some((d, by_directory.get(d)?)))
        else {
            continue;
        };
        match &index.reports()[place].loaded {
            Ok(_) => loads.push((i, place)),
            Err(problems) => skipped.skip(directory, problems.clone()),
        }
    }
    skipped.settle(loads.len())?;
    Ok(loads)
}

/// `list reports`' records of the catalog's reports `ordered` that load, from the index
/// (see [`loading`]).
pub(super) fn report_records(
    catalog: &Catalog,
    index: &Indexed,
    ordered: &[usize],
    skipped: &mut Skipped,
) -> Result<Vec<serde_json::Map<String, serde_json::Value>>, Failure> {
    let loads = loading(catalog, index, ordered, skipped)?;
    Ok(loads
        .into_iter()
        .filter_map(|(i, place)| {
            let contents = index.reports()[place].loaded.as_ref().ok()?;
            Some(items::meta_record(catalog.meta(i)?, contents.indicators))
        })
        .collect())
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

/// `show` over the index: the chosen reports that load, one report loaded to show its
/// item.
pub(super) struct IndexShelf<'a> {
    index: &'a Indexed,
    /// Why the index could not be read, when a lookup failed (the answer is then made
    /// from the files).
    broken: std::cell::RefCell<Option<String>>,
    /// The places in the index of the reports shown, in the dataset's order.
    reports: Vec<usize>,
}

impl<'a> IndexShelf<'a> {
    /// The shelf of the catalog's reports `chosen` (`super::many::selected`) that load;
    /// those that do not are noted in `skipped` (see [`loading`]).
    pub fn new(
        index: &'a Indexed,
        catalog: &Catalog,
        chosen: &[usize],
        skipped: &mut Skipped,
    ) -> Result<IndexShelf<'a>, Failure> {
        let loads = loading(catalog, index, chosen, skipped)?;
        Ok(IndexShelf {
            index,
            broken: Default::default(),
            reports: loads.into_iter().map(|(_, place)| place).collect(),
        })
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
