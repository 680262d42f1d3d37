//! The collection index: what commands over many reports need of each report (its
//! metadata, whether it loads and with which problems, its named items, its figures),
//! kept in an SQLite file beside the collection (or in the user's cache) and brought up
//! to date on each use, so that they need not read every report. It never changes an
//! answer: what it gives is what reading the files gives.

mod concept_figures;
mod contents;
mod read;
mod refresh;
mod search_entries;
mod store;
mod stored;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use store::{BUSY_TIMEOUT, INDEX_FILE, SCHEMA_VERSION, location};

use super::{Catalog, LoadError, Problem};
use crate::model::{ItemRef, ReportMeta};

/// What a report that loads holds, as far as the index's users need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contents {
    pub indicators: usize,
    pub paragraphs: usize,
}

/// One report directory of the collection as the index has it.
#[derive(Debug)]
pub struct IndexedReport {
    row: i64,
    pub directory: PathBuf,
    /// Its `report.csv` read alone (what [`Catalog::open`] reads).
    pub meta: Result<ReportMeta, Vec<Problem>>,
    /// The whole report loaded and checked.
    pub loaded: Result<Contents, Vec<Problem>>,
}

/// An index brought up to date with its collection.
#[derive(Debug)]
pub struct Indexed {
    connection: Connection,
    path: PathBuf,
    /// Every report directory, in the collection's order.
    reports: Vec<IndexedReport>,
}

impl Indexed {
    /// The index of the collection at `collection`, made or brought up to date; `None`
    /// where there is none to keep (one report, not a directory of them; no place for
    /// the file). Notices (an index rebuilt) are added to `notices`; an error means the
    /// index cannot be used, and the files are to be read. `read(done, of)` is told how
    /// many of the reports to be read again have been (for a progress bar).
    pub fn open(
        collection: &Path,
        notices: &mut Vec<String>,
        read: &ReadProgress<'_>,
    ) -> Result<Option<Indexed>, String> {
        let Ok(directories) = super::report_directories(collection) else {
            return Ok(None);
        };
        if directories.as_slice() == [collection.to_path_buf()] {
            return Ok(None);
        }
        let Some(path) = location(collection) else {
            return Ok(None);
        };
        let shown = crate::text::escape_path(&path);
        match open_at(&path, collection, &directories, notices, read) {
            Ok(indexed) => Ok(Some(indexed)),
            Err(Failed::Busy(error)) => {
                Err(format!("the collection index {shown} is busy: {error}"))
            }
            Err(Failed::Other(error)) => {
                notices.push(format!(
                    "the collection index {shown} could not be read ({error}); rebuilding it"
                ));
                store::replace(&path)?;
                open_at(&path, collection, &directories, notices, read)
                    .map(Some)
                    .map_err(|error| {
                        format!("the collection index {shown} cannot be used: {error}")
                    })
            }
        }
    }

    /// Replaces the index file with an empty index, for one found damaged while read
    /// (the next command fills it again).
    pub fn discard(&self) -> Result<(), String> {
        store::replace(&self.path)
    }

    /// Every report directory, in the collection's order.
    pub fn reports(&self) -> &[IndexedReport] {
        &self.reports
    }

    /// The catalog [`Catalog::open`] would make of the collection.
    pub fn catalog(&self) -> Result<Catalog, LoadError> {
        Catalog::from_metas(
            self.reports
                .iter()
                .map(|r| (r.directory.clone(), r.meta.clone())),
        )
    }

    /// The reports (by their place in [`Indexed::reports`]) among `among` that hold the
    /// item, each with the id it resolves to there (`Report::resolve`).
    pub fn holders(
        &self,
        among: &[usize],
        item: &ItemRef,
    ) -> Result<Vec<(usize, ItemRef)>, String> {
        if let ItemRef::Paragraph(n) = item {
            return Ok(among
                .iter()
                .filter(|&&i| {
                    self.reports[i]
                        .loaded
                        .as_ref()
                        .is_ok_and(|c| (1..=c.paragraphs).contains(n))
                })
                .map(|&i| (i, item.clone()))
                .collect());
        }
        let found: std::collections::HashMap<i64, String> =
            contents::holders(&self.connection, &item.to_string())
                .map_err(|e| e.to_string())?
                .into_iter()
                .collect();
        Ok(among
            .iter()
            .filter_map(|&i| {
                let id = found.get(&self.reports[i].row)?;
                Some((i, ItemRef::parse(id)?))
            })
            .collect())
    }

    /// Every named item's id of the reports given (by place), for "did you mean".
    pub fn item_ids(&self, among: &[usize]) -> Result<Vec<String>, String> {
        let rows: Vec<i64> = among.iter().map(|&i| self.reports[i].row).collect();
        contents::item_ids(&self.connection, &rows).map_err(|e| e.to_string())
    }
}

enum Failed {
    /// Another process holds the index longer than [`BUSY_TIMEOUT`].
    Busy(String),
    /// Anything else: a corrupt file, another version's schema.
    Other(String),
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failed::Busy(why) | Failed::Other(why) => f.write_str(why),
        }
    }
}

impl From<rusqlite::Error> for Failed {
    fn from(error: rusqlite::Error) -> Failed {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Failed::Busy(error.to_string())
            }
            _ => Failed::Other(error.to_string()),
        }
    }
}

/// Told, as an index is brought up to date, how many reports of how many to read again
/// have been read: `(0, n)` before the first, then after each batch.
pub type ReadProgress<'a> = dyn Fn(usize, usize) + 'a;

/// Opens the index at `path`, rebuilt first when corrupt or from another version, and
/// brings it up to date.
fn open_at(
    path: &Path,
    collection: &Path,
    directories: &[PathBuf],
    notices: &mut Vec<String>,
    read: &ReadProgress<'_>,
) -> Result<Indexed, Failed> {
    let mut connection = match store::connect(path).map(|c| (store::state(&c, path), c)) {
        Ok((store::State::Good, connection)) => connection,
        Ok((store::State::Empty, mut connection)) => {
            store::create_schema(&mut connection)?;
            connection
        }
        Ok((store::State::Bad(why), connection)) => {
            drop(connection);
            rebuilt(path, &why, notices)?
        }
        Err(error) => rebuilt(path, &format!("not an index ({error})"), notices)?,
    };
    let (keys, written) = refresh::refresh(&mut connection, directories, read)?;
    if written {
        // Reading every page costs a fraction of what writing them did: done when the
        // index changed, not on every read.
        store::quick_check(&connection).map_err(Failed::Other)?;
    }
    let reports = read::reports(&connection, collection, directories, &keys)?;
    Ok(Indexed {
        connection,
        path: path.to_path_buf(),
        reports,
    })
}

/// The index made anew with a notice saying why, and opened.
fn rebuilt(path: &Path, why: &str, notices: &mut Vec<String>) -> Result<Connection, Failed> {
    notices.push(format!(
        "the collection index {} is {why}; rebuilding it",
        crate::text::escape_path(path)
    ));
    store::replace(path).map_err(Failed::Other)?;
    let connection = store::connect(path)?;
    match store::state(&connection, path) {
        store::State::Good => Ok(connection),
        store::State::Empty => Err(Failed::Other("the rebuilt index is empty".into())),
        store::State::Bad(why) => Err(Failed::Other(why)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/dataset.md states the index's numbers: they must be the code's.
    #[test]
    fn the_documentation_states_the_constants() {
        let doc = include_str!("../../../docs/dataset.md");
        // Lines wrap anywhere: compare words.
        let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
        for stated in [
            format!("`DIR/{INDEX_FILE}`"),
            format!("up to {} seconds", BUSY_TIMEOUT.as_secs()),
            format!("within the last {} seconds", refresh::RACY_SECONDS),
            format!("{} at a time on both cores", refresh::BATCH),
            format!("**Schema** (version {SCHEMA_VERSION},"),
        ] {
            assert!(doc.contains(&stated), "docs/dataset.md says {stated}");
        }
    }

    #[test]
    fn problems_are_kept_relative_to_their_report() {
        let problems = vec![
            Problem::new(
                crate::dataset::ProblemKind::BadValue,
                PathBuf::from("old/place/r1/report.csv"),
                Some(2),
                "bad".into(),
            ),
            Problem::new(
                crate::dataset::ProblemKind::MissingFile,
                PathBuf::from("old/place/r1"),
                None,
                "gone".into(),
            ),
        ];
        let json = stored::StoredProblems::of(&problems, Path::new("old/place/r1")).to_json();
        let back = stored::StoredProblems::read(&json, Path::new("/new/r1")).unwrap();
        assert_eq!(back[0].file, Path::new("/new/r1/report.csv"));
        assert_eq!(back[1].file, Path::new("/new/r1"));
        assert_eq!((back[0].line, back[0].message.as_str()), (Some(2), "bad"));
        assert!(stored::StoredProblems::read("[{", Path::new("x")).is_none());
    }
}
