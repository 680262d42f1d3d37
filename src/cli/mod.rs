//! The command line: argument parsing (with the config file) and the subcommands. Output
//! goes to stdout as a table, JSON, JSON Lines or CSV; exit codes are 0 for success, 1 for
//! a usage error or unknown id, 2 for invalid data, 3 for `audit --strict` findings, 4
//! ([`PARTIAL`]) for an answer that leaves out inputs that failed: a batch `ingest` in
//! which some reports failed, or reports of a collection that do not load (named on
//! stderr; `--strict` makes them exit 2).

// The doc comments of the argument types are clap's --help, written for a terminal
// (`school:<slug>`, `[[slide]]`), not rustdoc's markdown.
#![allow(rustdoc::invalid_html_tags, rustdoc::broken_intra_doc_links)]

mod args;
mod audit;
mod check;
mod compare;
mod dataset_dir;
mod explore;
mod export;
mod generate;
mod help;
mod indexed;
mod ingest;
mod items;
mod list;
mod many;
mod progress;
mod render;
mod search;
mod settings;
mod show;
mod skipped;
mod staged_dir;
mod table;

use std::io::Write;

pub use args::{
    Cli, ColorChoice, Command, ExportFormat, ListFormat, PdfEngine, ShowFormat, parse_args,
    parse_from,
};
pub use explore::{explore, present};
pub use ingest::{MAX_BATCH_REPORTS, SOME_FAILED};
pub use items::Kind;
pub use progress::BAR_FROM_REPORTS;

use crate::dataset::{Dataset, LoadError};
use crate::model::Report;
use check::check;
use list::{list, list_records, list_reports};
use show::show;
use skipped::Skipped;
use table::table_style;

/// The exit status of a partial answer: it leaves out inputs that failed (a batch
/// ingest's files that failed; a collection's reports that do not load, named on
/// stderr). `--strict` makes a report that does not load a failure (2) instead.
pub const PARTIAL: u8 = 4;

/// A failed command: what to tell the user and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    fn usage(message: String) -> Failure {
        Failure { message, code: 1 }
    }

    fn invalid_data(error: &LoadError) -> Failure {
        Failure {
            message: error.to_string(),
            code: 2,
        }
    }
}

/// A file not written: refused (something is there that must not be replaced) is the
/// request's to change, anything else the file system's.
impl From<crate::export::write::WriteError> for Failure {
    fn from(error: crate::export::write::WriteError) -> Failure {
        Failure {
            message: error.message,
            code: if error.refused { 1 } else { 2 },
        }
    }
}

/// What a user reads when nianbao panics: that it is a bug, what went wrong in a line, and
/// what to report; the place in the code when given (main gives it to developers, who set
/// RUST_BACKTRACE).
pub fn crash_message(payload: &str, location: Option<&str>) -> String {
    let what = crate::text::escape_controls(payload.lines().next().unwrap_or_default());
    let mut message = format!(
        "nianbao stopped on an internal error (a bug): {what}\n\
         Please report it with what you were doing and the version: nianbao {}",
        env!("NIANBAO_VERSION")
    );
    if let Some(location) = location {
        message.push_str(&format!("\nat {}", crate::text::escape_controls(location)));
    }
    message
}

/// Text for a terminal: control, bidi and zero-width characters escaped line by line,
/// the line breaks kept.
pub fn escape_lines(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let body = line.strip_suffix('\n').unwrap_or(line);
            let end = if body.len() < line.len() { "\n" } else { "" };
            format!("{}{end}", crate::text::escape_controls(body))
        })
        .collect()
}

/// Loads the dataset named by `--data`, or the embedded one. A path that is not there is
/// a usage error (1), like any argument that names nothing; a dataset with problems is
/// invalid data (2).
pub fn load(data: Option<&std::path::Path>) -> Result<Dataset, Failure> {
    if let Some(dir) = data {
        data_exists(dir)?;
    }
    match data {
        Some(dir) => Dataset::from_dir(dir),
        None => Dataset::embedded(),
    }
    .map_err(|error| Failure::invalid_data(&error))
}

/// The output format with `--csv-raw` applied: the raw CSV for `--format csv`, refused
/// with any other format (it would change nothing, silently).
fn csv_cells<F: PartialEq>(format: F, csv_raw: bool, csv: F, raw: F) -> Result<F, Failure> {
    match (csv_raw, format == csv) {
        (false, _) => Ok(format),
        (true, true) => Ok(raw),
        (true, false) => Err(Failure::usage(
            "--csv-raw only changes --format csv (it writes formula-like cells as they are)"
                .to_string(),
        )),
    }
}

/// A `--data` path that is not there is a usage error.
fn data_exists(dir: &std::path::Path) -> Result<(), Failure> {
    match std::fs::metadata(dir) {
        Ok(_) => Ok(()),
        Err(_) => Err(Failure::usage(format!(
            "{}: no such directory; --data names a report directory or a directory of them",
            crate::text::escape_path(dir)
        ))),
    }
}

/// Runs a subcommand and writes its output to stdout. Reports of a collection that do
/// not load are left out of the answer and named at the end (`cli::skipped`): exit
/// [`PARTIAL`], or 2 with `--strict`.
pub fn run(cli: &Cli, command: &Command) -> Result<(), Failure> {
    let mut skipped = Skipped::new(cli.data.as_deref(), cli.strict);
    let result = answer(cli, command, &mut skipped);
    skipped.finish(result)
}

/// The subcommand's answer, written to stdout; the reports it left out noted in
/// `skipped`.
fn answer(cli: &Cli, command: &Command, skipped: &mut Skipped) -> Result<(), Failure> {
    let style = table_style(cli.color);
    let output = match command {
        Command::Check { dir } => check(dir.as_deref().or(cli.data.as_deref()))?,
        Command::Export {
            id,
            format,
            concept,
            out,
            size,
            force,
            deck,
        } => {
            let (data, report) = (cli.data.as_deref(), cli.report.as_deref());
            if id == export::FIGURES {
                let request = export::figures::Request {
                    data,
                    report,
                    no_index: cli.no_index,
                    concept: concept.as_deref(),
                    format: *format,
                    out: out.as_deref(),
                    force: *force,
                    csv_raw: cli.csv_raw,
                    drawing: cli.theme.is_some()
                        || deck.is_some()
                        || *size != crate::export::DEFAULT_SIZE,
                };
                export::figures::export(&request, skipped)?
            } else {
                let request = export::ExportRequest {
                    data,
                    report,
                    no_index: cli.no_index,
                    id,
                    format: export::screen_format(*format, concept.as_deref(), cli.csv_raw)?,
                    out: out.as_deref(),
                    size: *size,
                    // A file is shared, most often projected or printed: a painted light
                    // theme.
                    theme: cli
                        .theme
                        .unwrap_or(crate::settings::ThemeName::ProjectorLight),
                    rises: cli.rises,
                    force: *force,
                    deck: deck.as_deref(),
                };
                export::export(&request, skipped)?
            }
        }
        Command::List { kind, format } => {
            let format = &csv_cells(*format, cli.csv_raw, ListFormat::Csv, ListFormat::CsvRaw)?;
            if *kind == Kind::Reports {
                let collection = indexed::open(cli.data.as_deref(), cli.no_index)?;
                let dataset = &collection.catalog;
                let reports = many::selected(dataset, cli.report.as_deref(), skipped)?;
                let index = collection.index.as_ref();
                list_reports(dataset, index, &reports, skipped, *format, style)?
            } else {
                let (data, report) = (cli.data.as_deref(), cli.report.as_deref());
                let dataset = indexed::catalog_for(data, cli.no_index, report)?;
                let reports = many::selected(&dataset, report, skipped)?;
                if matches!(format, ListFormat::Json | ListFormat::Jsonl) {
                    return many::list_streamed(&dataset, &reports, skipped, *kind, *format);
                } else {
                    let records = many::each_report(&dataset, &reports, skipped, |_, report| {
                        list_records(report, *kind)
                    })?;
                    list(records.concat(), reports.len() > 1, *kind, *format, style)
                }
            }
        }
        Command::Compare { concept, format } => {
            let format = &csv_cells(*format, cli.csv_raw, ListFormat::Csv, ListFormat::CsvRaw)?;
            let collection = indexed::open(cli.data.as_deref(), cli.no_index)?;
            let report = cli.report.as_deref();
            compare::run(
                &collection,
                report,
                concept.as_deref(),
                *format,
                style,
                skipped,
            )?
        }
        Command::Show { id, format } => {
            let format = &csv_cells(*format, cli.csv_raw, ShowFormat::Csv, ShowFormat::CsvRaw)?;
            let collection = indexed::open(cli.data.as_deref(), cli.no_index)?;
            let catalog = &collection.catalog;
            let named = many::named_report(catalog, cli.report.as_deref(), id);
            let chosen = many::selected(catalog, named, skipped)?;
            let from_files = |skipped: &mut Skipped| -> Result<String, Failure> {
                let reports = many::each_loaded(catalog, &chosen, skipped)?;
                show(&many::as_refs(&reports)[..], id, *format)
            };
            match &collection.index {
                Some(index) => {
                    let shelf = indexed::IndexShelf::new(index, catalog, &chosen, skipped)?;
                    let shown = show(&shelf, id, *format);
                    match shelf.broken() {
                        None => shown?,
                        Some(notice) => {
                            indexed::notify(&notice);
                            from_files(skipped)?
                        }
                    }
                }
                None => from_files(skipped)?,
            }
        }
        Command::Search {
            query,
            kind,
            limit,
            format,
        } => {
            let format = &csv_cells(*format, cli.csv_raw, ListFormat::Csv, ListFormat::CsvRaw)?;
            let dataset = many::load_catalog(cli.data.as_deref())?;
            let reports = many::selected(&dataset, cli.report.as_deref(), skipped)?;
            let query = query.join(" ");
            let request = search::SearchRequest {
                query: &query,
                kind: *kind,
                limit: *limit,
                format: *format,
                style,
            };
            search::search(&dataset, &reports, skipped, &request)?
        }
        Command::Filter { query, raw } => return search::filter(&query.join(" "), *raw),
        Command::Completions { shell } => generate::completions(*shell)?,
        Command::Config {
            print_default,
            path,
        } => settings::show(cli, *print_default, *path)?,
        Command::Man { subcommand } => generate::man_page(subcommand.as_deref())?,
        Command::Audit { format } => {
            let format = &csv_cells(
                *format,
                cli.csv_raw,
                audit::AuditFormat::Csv,
                audit::AuditFormat::CsvRaw,
            )?;
            let dataset = many::load_reports(
                (cli.data.as_deref(), cli.no_index),
                cli.report.as_deref(),
                "",
                skipped,
            )?;
            let reports: Vec<&Report> = dataset.reports.iter().collect();
            let (output, inconsistent) = audit::run(&reports, *format, style);
            write_stdout(&output)?;
            return match (cli.strict, inconsistent) {
                (true, 1..) => Err(Failure {
                    message: format!(
                        "{inconsistent} inconsistent finding{} (--strict)",
                        if inconsistent == 1 { "" } else { "s" }
                    ),
                    code: 3,
                }),
                _ => Ok(()),
            };
        }
        Command::Present { deck } => return present(cli, deck.as_deref()),
        Command::Ingest {
            input,
            out,
            id,
            title,
            region,
            year,
            level,
            publisher,
            force,
            pdf_engine,
        } => {
            let request = ingest::IngestRequest {
                input: &input[0],
                out,
                id: id.as_deref(),
                title: title.as_deref(),
                region: region.as_deref(),
                year: year.as_deref(),
                level: *level,
                publisher: publisher.as_deref(),
                force: *force,
                pdf_engine: *pdf_engine,
            };
            if ingest::is_batch(input) {
                return ingest::batch(input, &request);
            }
            ingest::ingest(&request)?
        }
    };
    write_stdout(&output)
}

/// Writes to stdout. A closed pipe (`| head`) is not worth reporting; any other write
/// error (a full disk, `> /dev/full`) is: output that silently went nowhere is a lie.
fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout_written(
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush()),
    )
}

/// What writing to stdout came to, as [`write_stdout`] reports it.
fn stdout_written(result: std::io::Result<()>) -> Result<(), Failure> {
    match result {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Failure {
            message: format!("cannot write the output: {error}"),
            code: 2,
        }),
    }
}

/// A report id (from `--report`, `REPORT/ID`) that the dataset does not have: a usage
/// error listing those it has.
fn no_report(id: &str, ids: &str) -> Failure {
    Failure::usage(format!(
        "no report `{}` in this dataset; it has: {ids}",
        crate::text::escape_controls(id)
    ))
}

/// The reports' ids for a message, escaped.
fn report_ids<'a>(reports: impl Iterator<Item = &'a Report>) -> String {
    id_list(reports.map(|r| r.meta.id.as_str()))
}

/// Ids for a message: escaped, comma-separated.
fn id_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(crate::text::escape_controls)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_says_it_is_a_bug_in_one_escaped_line_and_what_to_report() {
        let message = crash_message("index out of bounds\u{1b}[2J\nsecond line", None);
        let lines: Vec<&str> = message.lines().collect();
        assert_eq!(lines.len(), 2, "{message}");
        assert!(lines[0].starts_with("nianbao stopped on an internal error (a bug): "));
        assert!(
            lines[0].ends_with("index out of bounds\\u{1b}[2J"),
            "{message}"
        );
        assert!(lines[1].contains(env!("NIANBAO_VERSION")));
        assert!(!message.contains("Location") && !message.contains("src/"));
        let for_developers = crash_message("boom", Some("src/app/mod.rs:12"));
        assert!(for_developers.ends_with("\nat src/app/mod.rs:12"));
    }
}
