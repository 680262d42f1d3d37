//! The index's rows of a collection's reports read back, each checked against the key
//! its files have now.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, Row};

use super::stored::{StoredProblems, directory_name, directory_path};
use super::{Contents, Failed, IndexedReport};
use crate::model::{Level, ReportMeta};

/// Every directory's row, in the order given; a row missing, or kept for other files
/// than those `keys` describe (the files changed while this ran), fails.
pub(super) fn reports(
    connection: &Connection,
    collection: &Path,
    directories: &[PathBuf],
    keys: &[String],
) -> Result<Vec<IndexedReport>, Failed> {
    let mut statement = connection.prepare(
        "SELECT report, directory, key, meta_problems, load_problems, id, title, title_en,
             region, region_en, school_year, calendar_year, key_indicators, level, publisher,
             indicators, paragraphs
         FROM reports",
    )?;
    let mut rows: HashMap<Vec<u8>, (String, IndexedReport)> = HashMap::new();
    let mut query = statement.query([])?;
    while let Some(row) = query.next()? {
        let name: Vec<u8> = row.get(1)?;
        let directory = directory_path(collection, &name);
        let report = report(row, directory)?;
        rows.insert(name, (row.get(2)?, report));
    }
    directories
        .iter()
        .zip(keys)
        .map(
            |(directory, key)| match rows.remove(&directory_name(directory)) {
                Some((stored, report)) if stored == *key => Ok(report),
                _ => Err(Failed::Busy(format!(
                    "{} changed while the index was read",
                    crate::text::escape_path(directory)
                ))),
            },
        )
        .collect()
}

fn report(row: &Row, directory: PathBuf) -> Result<IndexedReport, Failed> {
    let problems = |column: usize| -> Result<Option<Vec<_>>, Failed> {
        match row.get::<_, Option<String>>(column)? {
            None => Ok(None),
            Some(json) => StoredProblems::read(&json, &directory)
                .map(Some)
                .ok_or_else(|| Failed::Other("a report's problems are unreadable".into())),
        }
    };
    let meta = match problems(3)? {
        Some(problems) => Err(problems),
        None => Ok(meta(row)?),
    };
    let loaded = match problems(4)? {
        Some(problems) => Err(problems),
        None => Ok(Contents {
            indicators: count(row, 15)?,
            paragraphs: count(row, 16)?,
        }),
    };
    Ok(IndexedReport {
        row: row.get(0)?,
        directory,
        meta,
        loaded,
    })
}

fn count(row: &Row, column: usize) -> Result<usize, Failed> {
    let n: i64 = row.get(column)?;
    usize::try_from(n).map_err(|_| Failed::Other("a negative count".into()))
}

fn meta(row: &Row) -> Result<ReportMeta, Failed> {
    let level = parsed(row, 13, "level", Level::parse)?;
    Ok(ReportMeta {
        id: row.get(5)?,
        title: row.get(6)?,
        title_en: row.get(7)?,
        region: row.get(8)?,
        region_en: row.get(9)?,
        school_year: row.get(10)?,
        calendar_year: row.get(11)?,
        key_indicators: row.get(12)?,
        level,
        publisher: row.get(14)?,
    })
}

/// The value `parse` makes of the text in `column` (a `what`), `None` where it is `NULL`;
/// text it does not take fails.
pub(super) fn parsed<T>(
    row: &Row,
    column: usize,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, Failed> {
    match row.get::<_, Option<String>>(column)? {
        None => Ok(None),
        Some(text) => parse(&text)
            .map(Some)
            .ok_or_else(|| Failed::Other(format!("no {what} `{text}`"))),
    }
}
