//! `nianbao export figures --format xlsx|csv|sqlite|parquet [--concept C] --out FILE`:
//! every figure of the reports (or of one concept) as one row each, for analysts. The
//! reports are read through the catalog a batch at a time on both cores, each dropped
//! once its figures are written (see `cli::many`); the file is written beside its target
//! and renamed in whole (`export::write`).

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use super::super::render::{CsvStream, FormulaCells};
use super::super::{ExportFormat, Failure, Skipped, many};
use crate::dataset::{Catalog, by_place};
use crate::export::figures::{self, Binary, COLUMNS, Cell, Figure, FiguresError};
use crate::export::write::write_file_with;
use crate::model::ReportMeta;
use crate::text::escape_path;

/// What `export figures` was asked for.
pub struct Request<'a> {
    pub data: Option<&'a Path>,
    pub report: Option<&'a str>,
    /// `--no-index`: the catalog read from the files, not the collection index.
    pub no_index: bool,
    pub concept: Option<&'a str>,
    pub format: ExportFormat,
    pub out: Option<&'a Path>,
    pub force: bool,
    pub csv_raw: bool,
    /// Whether an option that only drawing uses was given (--theme, --size, --deck).
    pub drawing: bool,
}

/// The file name ending of a figures' format.
pub fn extension(format: ExportFormat) -> Option<&'static str> {
    match format {
        ExportFormat::Xlsx => Some("xlsx"),
        ExportFormat::Csv => Some("csv"),
        ExportFormat::Sqlite => Some("sqlite"),
        ExportFormat::Parquet => Some("parquet"),
        ExportFormat::Svg | ExportFormat::Html | ExportFormat::Md => None,
    }
}

/// Writes the figures; returns what to print (where they went, how many).
pub fn export(request: &Request, skipped: &mut Skipped) -> Result<String, Failure> {
    let name = checked(request)?;
    let concept = match request.concept {
        Some(name) => Some(super::super::compare::find(name)?.id.as_str()),
        None => None,
    };
    let dataset =
        super::super::indexed::catalog_for(request.data, request.no_index, request.report)?;
    let chosen = many::selected(&dataset, request.report, skipped)?;
    let chosen: Vec<usize> = by_place(
        chosen
            .into_iter()
            .filter_map(|i| dataset.meta(i).map(|meta| (i, meta))),
    );
    let source = Source {
        dataset: &dataset,
        reports: &chosen,
        concept,
        skipped: std::cell::RefCell::new(skipped),
        written: Default::default(),
    };
    let binary = match request.format {
        ExportFormat::Xlsx => Binary::Xlsx,
        ExportFormat::Sqlite => Binary::Sqlite,
        ExportFormat::Parquet => Binary::Parquet,
        _ => return csv(&source, request, name),
    };
    let Some(out) = request.out else {
        return Err(needs_out(name));
    };
    let count = written_to(out, request.force, |file, staged| {
        let scratch = staged.parent().unwrap_or(Path::new("."));
        let mut sink = figures::sink(binary, file, staged, scratch).map_err(failed(out))?;
        // Each report's row just before its figures: a report that does not load is in
        // neither.
        let count = source.each(|i, batch| {
            let meta: Vec<&ReportMeta> = dataset.meta(i).into_iter().collect();
            sink.reports(&meta).map_err(failed(out))?;
            sink.figures(batch).map_err(failed(out))
        })?;
        sink.finish().map_err(failed(out))?;
        Ok(count)
    })?;
    Ok(wrote(out, count, source.written.borrow().len(), name))
}

/// The request's format name, once its options are known to go together.
fn checked(request: &Request) -> Result<&'static str, Failure> {
    let Some(name) = extension(request.format) else {
        return Err(Failure::usage(
            "export figures writes --format xlsx, csv, sqlite or parquet".to_string(),
        ));
    };
    if request.drawing {
        return Err(Failure::usage(
            "--theme, --size and --deck draw screens; export figures writes a table".to_string(),
        ));
    }
    if request.csv_raw && request.format != ExportFormat::Csv {
        return Err(Failure::usage(
            "--csv-raw only changes --format csv (it writes formula-like cells as they are)"
                .to_string(),
        ));
    }
    if request.out.is_none() && request.format != ExportFormat::Csv {
        return Err(needs_out(name));
    }
    Ok(name)
}

fn needs_out(format: &str) -> Failure {
    Failure::usage(format!("--format {format} writes a file: give --out FILE"))
}

/// The figures as CSV, to standard output without `--out`.
fn csv(source: &Source<'_, '_>, request: &Request, name: &str) -> Result<String, Failure> {
    let formulas = if request.csv_raw {
        FormulaCells::AsTheyAre
    } else {
        FormulaCells::Defused
    };
    let Some(out) = request.out else {
        return match source.csv(std::io::stdout().lock(), formulas) {
            Err(CsvFailure::Write(error)) => {
                super::super::stdout_written(Err(error)).map(|()| String::new())
            }
            Err(CsvFailure::Other(failure)) => Err(failure),
            Ok(_) => Ok(String::new()),
        };
    };
    let count = written_to(out, request.force, |file, _| {
        source
            .csv(std::io::BufWriter::new(file), formulas)
            .map_err(|failure| match failure {
                CsvFailure::Write(error) => io_failure(out, error),
                CsvFailure::Other(failure) => failure,
            })
    })?;
    Ok(wrote(out, count, source.written.borrow().len(), name))
}

/// The reports to read and the concept to keep; the reports read that do not load, and
/// those whose figures were written.
struct Source<'a, 's> {
    dataset: &'a Catalog,
    reports: &'a [usize],
    concept: Option<&'a str>,
    skipped: std::cell::RefCell<&'s mut Skipped>,
    written: std::cell::RefCell<Vec<usize>>,
}

/// Why CSV was not written: the output failed (a closed pipe is no failure on
/// standard output), or something else did.
enum CsvFailure {
    Write(std::io::Error),
    Other(Failure),
}

impl Source<'_, '_> {
    /// Hands each report's figures to `take` with the report's index, in order, the
    /// reports that load only; returns how many figures there were.
    fn each(
        &self,
        mut take: impl FnMut(usize, Vec<Figure>) -> Result<(), Failure>,
    ) -> Result<usize, Failure> {
        let mut count = 0;
        let mut written = self.written.borrow_mut();
        written.clear();
        let concept = self.concept;
        many::stream_reports(
            self.dataset,
            self.reports,
            &mut self.skipped.borrow_mut(),
            |i, report| (i, figures::figures(report, concept)),
            |(i, batch)| {
                written.push(i);
                count += batch.len();
                take(i, batch)
            },
        )?;
        Ok(count)
    }

    /// The figures as CSV into `out`, through the CSV every command writes.
    fn csv<W: Write>(&self, out: W, formulas: FormulaCells) -> Result<usize, CsvFailure> {
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        let mut stream = CsvStream::new(out, &names, formulas).map_err(CsvFailure::Write)?;
        let mut failed_write = None;
        let counted = self.each(|_, batch| {
            for figure in &batch {
                let values: Vec<Value> = figure.cells().map(json).collect();
                if let Err(error) = stream.row(values.iter().map(Some)) {
                    let message = error.to_string();
                    failed_write = Some(error);
                    return Err(Failure { message, code: 2 });
                }
            }
            Ok(())
        });
        let count = match (counted, failed_write) {
            (Ok(count), _) => count,
            (Err(_), Some(error)) => return Err(CsvFailure::Write(error)),
            (Err(failure), None) => return Err(CsvFailure::Other(failure)),
        };
        stream.finish().map_err(CsvFailure::Write)?;
        Ok(count)
    }
}

/// A cell as the CSV path takes it.
fn json(cell: Cell) -> Value {
    match cell {
        Cell::Text(text) => Value::from(text),
        Cell::Number(n) => Value::from(n),
        Cell::Integer(n) => Value::from(n),
        Cell::Boolean(b) => Value::from(b),
        Cell::Null => Value::Null,
    }
}

/// `write` into a file staged beside `out` and renamed in when it succeeds.
fn written_to(
    out: &Path,
    force: bool,
    write: impl FnOnce(std::fs::File, &Path) -> Result<usize, Failure>,
) -> Result<usize, Failure> {
    let mut count = 0;
    write_file_with(out, force, |file, staged| {
        count = write(file, staged)?;
        Ok::<(), Failure>(())
    })?;
    Ok(count)
}

fn wrote(out: &Path, figures: usize, reports: usize, format: &str) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "wrote {} ({figures} figure{} of {reports} report{}, {format})\n",
        escape_path(out),
        plural(figures),
        plural(reports)
    )
}

/// Too many rows for a workbook is the request's to change; anything else is the
/// file system's or the data's.
fn code(error: &FiguresError) -> u8 {
    match error {
        FiguresError::TooManyRows { .. } | FiguresError::NoParquet => 1,
        _ => 2,
    }
}

fn failed(out: &Path) -> impl Fn(FiguresError) -> Failure + '_ {
    move |error| Failure {
        code: code(&error),
        message: format!("{}: {error}", escape_path(out)),
    }
}

fn io_failure(out: &Path, error: std::io::Error) -> Failure {
    Failure {
        message: format!("{}: {error}", escape_path(out)),
        code: 2,
    }
}
