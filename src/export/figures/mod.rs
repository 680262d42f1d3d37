//! Figures for analysts: every printed figure of a report as one flat row ([`Figure`]),
//! the columns every format shares ([`COLUMNS`]), and the writers of the binary formats
//! (a workbook, a SQLite database, a Parquet file), each fed rows a batch at a time
//! ([`Sink`]) so that a collection of any size streams through in bounded memory.

mod sqlite;
mod xlsx;

#[cfg(feature = "parquet")]
mod parquet;

use std::fs::File;
use std::path::Path;

use crate::model::{Indicator, Report, ReportMeta};

#[cfg(feature = "parquet")]
pub use parquet::ROW_GROUP_ROWS;
pub use sqlite::SCHEMA;
pub use xlsx::{MAX_CELL_CHARS, MAX_SHEET_ROWS, sheet_name};

/// What a column holds, for the formats that type their columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A floating-point number.
    Number,
    Integer,
    Boolean,
}

/// One column: its name (the header, the field), what it holds, whether it may be empty
/// (`NULL` in SQLite and Parquet, a blank cell in a workbook or CSV).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
}

const fn column(name: &'static str, kind: Kind, nullable: bool) -> Column {
    Column {
        name,
        kind,
        nullable,
    }
}

/// The columns of every format, in order (docs/dataset.md, "Figures for analysts").
pub const COLUMNS: [Column; 19] = [
    column("report", Kind::Text, false),
    column("region", Kind::Text, false),
    column("level", Kind::Text, true),
    column("year", Kind::Text, false),
    column("period", Kind::Text, false),
    column("concept", Kind::Text, true),
    column("indicator", Kind::Text, false),
    column("name", Kind::Text, false),
    column("value", Kind::Text, false),
    column("number", Kind::Number, true),
    column("qualifier", Kind::Text, true),
    column("unit", Kind::Text, false),
    column("printed", Kind::Text, false),
    column("scope", Kind::Text, false),
    column("derived", Kind::Boolean, false),
    column("verified", Kind::Boolean, false),
    column("section", Kind::Text, false),
    column("page", Kind::Integer, true),
    column("sentence", Kind::Text, false),
];

/// One cell of a [`Figure`], as its column's kind has it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Integer(i64),
    Boolean(bool),
    Null,
}

/// One printed figure of a report, with the report's place and the figure's provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub report: String,
    pub region: String,
    pub level: Option<&'static str>,
    /// The calendar year the report covers.
    pub year: String,
    /// The period the figure describes, as the report names it (`2022学年`).
    pub period: String,
    pub concept: Option<String>,
    pub indicator: String,
    pub name: String,
    /// The number at its printed precision, never rounded (`207.80`, `-4.58`).
    pub value: String,
    /// The same number; `None` where it is not finite.
    pub number: Option<f64>,
    pub qualifier: Option<&'static str>,
    pub unit: String,
    /// The figure as the report prints it, with its words (`约27.00`, `下降 4.58%`);
    /// empty for a value derived from others.
    pub printed: String,
    pub scope: String,
    pub derived: bool,
    pub verified: bool,
    pub section: String,
    /// The page the sentence is on; `None` where it was not found.
    pub page: Option<u32>,
    pub sentence: String,
}

impl Figure {
    pub fn new(meta: &ReportMeta, indicator: &Indicator) -> Figure {
        Figure {
            report: meta.id.clone(),
            region: meta.region.clone(),
            level: meta.level.map(|l| l.name()),
            year: meta.calendar_year.clone(),
            period: indicator.period.clone(),
            concept: indicator.concept.clone(),
            indicator: indicator.id.clone(),
            name: indicator.name.clone(),
            value: indicator.value_written.clone(),
            number: Some(indicator.value).filter(|n| n.is_finite()),
            qualifier: indicator.qualifier.map(|q| q.name()),
            unit: indicator.unit.clone(),
            printed: indicator.value_text.clone(),
            scope: indicator.scope.to_string(),
            derived: indicator.is_derived(),
            verified: indicator.verified,
            section: indicator.location.label(),
            page: Some(indicator.page).filter(|&p| p > 0),
            sentence: indicator.source.clone(),
        }
    }

    /// The cell of column `index` of [`COLUMNS`].
    pub fn cell<'a>(&'a self, index: usize) -> Cell<'a> {
        let text = Cell::Text;
        let optional = |s: Option<&'a str>| s.map_or(Cell::Null, Cell::Text);
        match index {
            0 => text(&self.report),
            1 => text(&self.region),
            2 => optional(self.level),
            3 => text(&self.year),
            4 => text(&self.period),
            5 => optional(self.concept.as_deref()),
            6 => text(&self.indicator),
            7 => text(&self.name),
            8 => text(&self.value),
            9 => self.number.map_or(Cell::Null, Cell::Number),
            10 => optional(self.qualifier),
            11 => text(&self.unit),
            12 => text(&self.printed),
            13 => text(&self.scope),
            14 => Cell::Boolean(self.derived),
            15 => Cell::Boolean(self.verified),
            16 => text(&self.section),
            17 => self
                .page
                .map_or(Cell::Null, |p| Cell::Integer(i64::from(p))),
            18 => text(&self.sentence),
            _ => Cell::Null,
        }
    }

    /// Every cell, in the order of [`COLUMNS`].
    pub fn cells(&self) -> impl Iterator<Item = Cell<'_>> {
        (0..COLUMNS.len()).map(|i| self.cell(i))
    }
}

/// The figures of a report, in its order; only those mapped to `concept` when given.
pub fn figures(report: &Report, concept: Option<&str>) -> Vec<Figure> {
    report
        .indicators
        .iter()
        .filter(|i| concept.is_none_or(|c| i.concept.as_deref() == Some(c)))
        .map(|i| Figure::new(&report.meta, i))
        .collect()
}

/// The binary formats, written to a file by a [`Sink`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binary {
    Xlsx,
    Sqlite,
    Parquet,
}

/// Why figures could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FiguresError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("the database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[cfg(feature = "parquet")]
    #[error("the Parquet file: {0}")]
    Parquet(#[from] ::parquet::errors::ParquetError),
    #[error(
        "the sheet `{sheet}` would pass a workbook's {limit} rows; \
         take one concept (--concept) or fewer reports (--report), \
         or write --format parquet, sqlite or csv, which have no such limit"
    )]
    TooManyRows { sheet: String, limit: u32 },
    #[error("this nianbao was built without Parquet (cargo feature `parquet`)")]
    NoParquet,
}

/// Where figures go: reports, each before its figures (a batch at a time), then
/// `finish` completes the file.
pub trait Sink {
    fn reports(&mut self, reports: &[&ReportMeta]) -> Result<(), FiguresError>;
    fn figures(&mut self, figures: Vec<Figure>) -> Result<(), FiguresError>;
    fn finish(self: Box<Self>) -> Result<(), FiguresError>;
}

/// A sink writing `format` into `file`, a new empty file at `path` (SQLite opens it by
/// its path; the others write to it). Temporary files a workbook needs go in `scratch`.
pub fn sink(
    format: Binary,
    file: File,
    path: &Path,
    scratch: &Path,
) -> Result<Box<dyn Sink>, FiguresError> {
    Ok(match format {
        Binary::Xlsx => Box::new(xlsx::XlsxSink::new(file, scratch)?),
        Binary::Sqlite => Box::new(sqlite::SqliteSink::open(path)?),
        #[cfg(feature = "parquet")]
        Binary::Parquet => Box::new(parquet::ParquetSink::new(file)?),
        #[cfg(not(feature = "parquet"))]
        Binary::Parquet => return Err(FiguresError::NoParquet),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    #[test]
    fn a_figure_keeps_the_printed_precision_and_every_column_has_a_cell() {
        let report = Dataset::embedded().unwrap().reports.remove(0);
        let all = figures(&report, None);
        assert_eq!(all.len(), report.indicators.len());
        let campus = all
            .iter()
            .find(|f| f.indicator == "campus-area-2021")
            .unwrap();
        assert_eq!(campus.value, "207.80");
        assert_eq!(campus.number, Some(207.8));
        assert!(campus.derived && campus.printed.is_empty());
        for figure in &all {
            let cells: Vec<Cell> = figure.cells().collect();
            assert_eq!(cells.len(), COLUMNS.len());
            for (cell, column) in cells.iter().zip(COLUMNS) {
                let fits = match cell {
                    Cell::Null => column.nullable,
                    Cell::Text(_) => column.kind == Kind::Text,
                    Cell::Number(_) => column.kind == Kind::Number,
                    Cell::Integer(_) => column.kind == Kind::Integer,
                    Cell::Boolean(_) => column.kind == Kind::Boolean,
                };
                assert!(fits, "{} of {}: {cell:?}", column.name, figure.indicator);
            }
        }
        let ratio = figures(&report, Some("student-teacher-ratio"));
        assert!(!ratio.is_empty());
        assert!(
            ratio
                .iter()
                .all(|f| f.concept.as_deref() == Some("student-teacher-ratio"))
        );
    }
}
