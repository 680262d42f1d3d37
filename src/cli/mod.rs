//! The command line: argument parsing and the non-interactive subcommands (`list`, `show`,
//! `check`). Output goes to stdout as a table, JSON or CSV; exit codes are 0 for success,
//! 1 for a usage error or unknown id, 2 for invalid data.

mod audit;
mod dataset_dir;
mod explore;
mod ingest;
mod items;
mod render;
mod search;
mod show;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::Value;

pub use explore::explore;
pub use items::Kind;

use crate::dataset::{Dataset, LoadError};
use crate::model::{ItemRef, Report};
use crate::search::SearchKind;
use crate::ui::{RiseColours, ThemeName};
use render::TableStyle;

const EXAMPLES: &str = "\
Examples:
  nianbao list chapters                    the outline: preface and chapters
  nianbao list indicators --format csv     every figure with its source sentence
  nianbao show case:7                      a case study in full
  nianbao show school:嘉兴技师学院          a school by name, alias or id
  nianbao show indicator:graduate-destination-rate --format json
  nianbao search jxjs                      pinyin initials find 嘉兴技师学院
  nianbao search 长三角 --kind paragraph --format json
  ls | nianbao filter jx技师                the same matcher for any lines
  nianbao ingest report.pdf --out ./my-report   a report (PDF or text) → a dataset
  nianbao check ./my-report                validate a dataset directory
  nianbao audit --strict                   the figures that do not add up (exit 3 if any)
  nianbao --open school:嘉兴技师学院        the explorer, starting at a school

Ids: preface, chapter:N, section:N.N, case:N, figure:N, table:N, footnote:N,
     school:<slug>, indicator:<slug>, partner:<slug>, breakdown:<slug>, paragraph:N
     (prefix with REPORT/ to pick a report in a multi-report dataset)

Exit codes: 0 success, 1 usage error or unknown id, 2 invalid data, 3 audit --strict
found an inconsistency.
Colour is used only on a terminal and never when NO_COLOR is set.";

/// Explore Chinese vocational-education annual quality reports (质量年报).
///
/// Without a subcommand, nianbao opens the full-screen explorer on the embedded report
/// (the 2023 report of Jiaxing): press / to find anything, ? for the keys, q to quit.
/// The subcommands answer the same questions non-interactively.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version = env!("NIANBAO_VERSION"), after_help = EXAMPLES)]
pub struct Cli {
    /// Load another dataset: a report directory, or a directory of report directories.
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Use only this report of a multi-report dataset.
    #[arg(long, global = true, value_name = "ID")]
    pub report: Option<String>,
    /// Explorer: start at this item (case:7, section:2.3, school:<slug>, indicator:<slug>).
    #[arg(long, value_name = "ID")]
    pub open: Option<String>,
    /// Explorer: colours (contrast for projectors). NO_COLOR turns colour off.
    #[arg(long, value_enum, default_value_t = ThemeName::Dark)]
    pub theme: ThemeName,
    /// Explorer: colour for rises and falls (▲ ▼). By default none, the arrows say it;
    /// red-up is the Chinese convention, green-up the Western one.
    #[arg(long, value_enum, default_value_t = RiseColours::None, value_name = "COLOURS")]
    pub rises: RiseColours,
    /// Explorer: leave the mouse to the terminal, so text can be selected.
    #[arg(long)]
    pub no_mouse: bool,
    /// Explorer: never write to the clipboard through the terminal (OSC 52); y and Y
    /// then only show the id.
    #[arg(long)]
    pub no_osc52: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every item of a kind, in document order.
    List {
        /// What to list.
        #[arg(value_enum)]
        kind: Kind,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one item in full, with its provenance (section, page, source sentence).
    Show {
        /// The item's id, e.g. case:7, section:2.3, school:jiaxing-technician-college.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Search everything: Chinese, pinyin (full, initials or mixed) and English.
    ///
    /// Titles that match exactly or from the start come first, then other title matches,
    /// then matches in the text; schools, cases and indicators before paragraphs.
    Search {
        /// What to look for: 嘉兴技师, jxjs, jiaxingjishi, jx技师, "graduate destination".
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Only hits of this kind.
        #[arg(long, value_enum)]
        kind: Option<SearchKind>,
        /// At most this many hits.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
        format: SearchFormat,
    },
    /// Filter lines from standard input with the same matcher, best first (like
    /// `fzf --filter`, but pinyin-aware): `ls | nianbao filter jxjs`.
    ///
    /// Exits 1 when no line matches; an empty query passes every line through.
    Filter {
        /// The query; several words must all match.
        #[arg(num_args = 0..)]
        query: Vec<String>,
        /// Print matching lines byte for byte, for another program to read. Without it,
        /// control, bidi and zero-width characters are shown escaped (\u{1b}) and bytes
        /// that are not UTF-8 as \xNN, so a terminal is never driven by the input.
        #[arg(long)]
        raw: bool,
    },
    /// Turn a report (PDF or text) into a dataset directory: structure, school names and
    /// candidate indicators (unverified), validated before anything is written.
    ///
    /// A PDF's text layer is read by the built-in reader, or by poppler's pdftotext where
    /// it is installed and asked for (--pdf-engine); a scanned PDF without a text layer
    /// needs OCR first. An existing dataset is updated only with --force, and its curated
    /// rows (verified indicators, schools, glossary) are kept.
    Ingest {
        /// The report: a .pdf, or its text as UTF-8.
        input: PathBuf,
        /// The dataset directory to write.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The report's id (default: from the file name).
        #[arg(long)]
        id: Option<String>,
        /// The report's title (default: the first line naming a 质量…报告).
        #[arg(long)]
        title: Option<String>,
        /// Whose report it is: 嘉兴市, 海宁市 …
        #[arg(long)]
        region: Option<String>,
        /// The calendar year it covers.
        #[arg(long)]
        year: Option<String>,
        /// Update a non-empty --out (curated rows are kept).
        #[arg(long)]
        force: bool,
        /// What reads a PDF: the built-in reader (needs nothing installed), poppler's
        /// pdftotext (package poppler-utils; NIANBAO_PDFTOTEXT names another binary), or
        /// auto: pdftotext where it runs, else the built-in reader.
        #[arg(long, value_enum, value_name = "ENGINE", default_value_t = PdfEngine::Builtin)]
        pdf_engine: PdfEngine,
    },
    /// Recompute every relation between the report's figures (relations.csv) at the
    /// printed precision: consistent, consistent only by truncation, inconsistent (with
    /// the gap), or not checkable. See docs/audit.md.
    ///
    /// The relations are declared in each report's relations.csv (docs/dataset.md);
    /// `nianbao ingest` proposes them for a new report (verified=false). Findings are not
    /// errors. Exit codes: 0 whenever the dataset loads, whatever is found; 2 when it does
    /// not (`nianbao check` lists every problem); 3 with --strict when a relation is
    /// inconsistent.
    ///
    /// Examples: `nianbao audit`, `nianbao --data DIR audit --format json`,
    /// `nianbao audit --strict || echo "something does not add up"`.
    Audit {
        /// Output format.
        #[arg(long, value_enum, default_value_t = audit::AuditFormat::Table)]
        format: audit::AuditFormat,
        /// Exit 3 when a relation is inconsistent (for reviewers' scripts).
        #[arg(long)]
        strict: bool,
    },
    /// Validate a dataset and report every problem found (file:line: what is wrong).
    Check {
        /// The dataset to check; defaults to --data, else the embedded dataset.
        dir: Option<PathBuf>,
    },
}

/// What reads a PDF's text for `ingest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PdfEngine {
    /// The built-in reader (lopdf and nianbao's own layout of the glyphs).
    Builtin,
    /// poppler's pdftotext.
    Pdftotext,
    /// pdftotext where it runs, else the built-in reader.
    Auto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

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

/// Parses arguments; help and version print and exit 0, errors exit 1.
pub fn parse_args() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|error| {
        if error.use_stderr() {
            // The message quotes the arguments: escaped, like everything from the user.
            let message = error.render().to_string();
            let _ = std::io::stderr().write_all(escape_lines(&message).as_bytes());
            ExitCode::from(1)
        } else {
            let _ = error.print();
            ExitCode::SUCCESS
        }
    })
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
    if let Some(dir) = data
        && std::fs::metadata(dir).is_err()
    {
        return Err(Failure::usage(format!(
            "{}: no such directory; --data names a report directory or a directory of them",
            dir.display()
        )));
    }
    match data {
        Some(dir) => Dataset::from_dir(dir),
        None => Dataset::embedded(),
    }
    .map_err(|error| Failure::invalid_data(&error))
}

/// Runs a subcommand and writes its output to stdout.
pub fn run(cli: &Cli, command: &Command) -> Result<(), Failure> {
    let output = match command {
        Command::Check { dir } => check(dir.as_deref().or(cli.data.as_deref()))?,
        Command::List { kind, format } => {
            let dataset = load(cli.data.as_deref())?;
            list(&selected(&dataset, cli.report.as_deref())?, *kind, *format)
        }
        Command::Show { id, format } => {
            let dataset = load(cli.data.as_deref())?;
            show(&selected(&dataset, cli.report.as_deref())?, id, *format)?
        }
        Command::Search {
            query,
            kind,
            limit,
            format,
        } => {
            let dataset = load(cli.data.as_deref())?;
            let reports: Vec<Report> = selected(&dataset, cli.report.as_deref())?
                .into_iter()
                .cloned()
                .collect();
            search::search(&reports, &query.join(" "), *kind, *limit, *format)?
        }
        Command::Filter { query, raw } => return search::filter(&query.join(" "), *raw),
        Command::Audit { format, strict } => {
            let dataset = load(cli.data.as_deref())?;
            let reports = selected(&dataset, cli.report.as_deref())?;
            let (output, inconsistent) = audit::run(&reports, *format);
            write_stdout(&output)?;
            return match (*strict, inconsistent) {
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
        Command::Ingest {
            input,
            out,
            id,
            title,
            region,
            year,
            force,
            pdf_engine,
        } => ingest::ingest(&ingest::IngestRequest {
            input,
            out,
            id: id.as_deref(),
            title: title.as_deref(),
            region: region.as_deref(),
            year: year.as_deref(),
            force: *force,
            pdf_engine: *pdf_engine,
        })?,
    };
    write_stdout(&output)
}

/// Writes to stdout. A closed pipe (`| head`) is not worth reporting; any other write
/// error (a full disk, `> /dev/full`) is: output that silently went nowhere is a lie.
fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Failure {
            message: format!("cannot write the output: {error}"),
            code: 2,
        }),
    }
}

fn selected<'a>(dataset: &'a Dataset, report: Option<&str>) -> Result<Vec<&'a Report>, Failure> {
    let Some(id) = report else {
        return Ok(dataset.reports.iter().collect());
    };
    match dataset.reports.iter().find(|r| r.meta.id == id) {
        Some(report) => Ok(vec![report]),
        None => Err(Failure::usage(format!(
            "no report `{id}` in this dataset; it has: {}",
            report_ids(dataset.reports.iter())
        ))),
    }
}

fn report_ids<'a>(reports: impl Iterator<Item = &'a Report>) -> String {
    reports
        .map(|r| r.meta.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Colour is off with NO_COLOR (any value) or a dumb terminal.
pub fn colour_wanted() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t == "dumb");
    !no_color
}

fn table_style() -> TableStyle {
    let terminal = std::io::stdout().is_terminal();
    let no_color = !colour_wanted();
    TableStyle {
        color: terminal && !no_color,
        max_width: terminal
            .then(|| ratatui::crossterm::terminal::size().ok())
            .flatten()
            .map(|(columns, _)| usize::from(columns)),
    }
}

/// The columns a table shows for each kind (header, record field).
fn table_columns(kind: Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::Chapters => &[
            ("id", "id"),
            ("title", "title"),
            ("page", "page"),
            ("sections", "sections"),
        ],
        Kind::Sections => &[
            ("id", "id"),
            ("title", "title"),
            ("chapter", "chapter"),
            ("page", "page"),
        ],
        Kind::Cases => &[
            ("id", "id"),
            ("title", "title"),
            ("section", "section"),
            ("page", "page"),
            ("schools", "schools"),
        ],
        Kind::Figures | Kind::Tables | Kind::Footnotes => &[
            ("id", "id"),
            ("title", "title"),
            ("section", "section"),
            ("page", "page"),
        ],
        Kind::Schools => &[
            ("id", "id"),
            ("name", "name"),
            ("district", "district"),
            ("english", "name_en"),
            ("cases", "cases"),
        ],
        Kind::Indicators => &[
            ("id", "id"),
            ("name", "name"),
            ("value", "figure"),
            ("unit", "unit"),
            ("period", "period"),
            ("scope", "scope"),
            ("section", "section"),
            ("page", "page"),
        ],
        Kind::Partners => &[
            ("id", "id"),
            ("name", "name"),
            ("type", "type"),
            ("location", "location"),
        ],
        Kind::Breakdowns => &[
            ("id", "id"),
            ("title", "title"),
            ("type", "type"),
            ("members", "members"),
        ],
        Kind::Paragraphs => &[
            ("id", "id"),
            ("section", "section"),
            ("page", "page"),
            ("text", "title"),
        ],
    }
}

fn list(reports: &[&Report], kind: Kind, format: ListFormat) -> String {
    let several = reports.len() > 1;
    let records: Vec<_> = reports
        .iter()
        .flat_map(|report| {
            items::items_of(report, kind).into_iter().map(move |item| {
                let mut record = items::record(report, &item);
                record.insert("report".into(), report.meta.id.clone().into());
                record
            })
        })
        .collect();
    match format {
        ListFormat::Json => render::json(&Value::Array(
            records.into_iter().map(Value::Object).collect(),
        )),
        ListFormat::Csv => render::csv(&records),
        ListFormat::Table => {
            let mut columns: Vec<(&str, &str)> = table_columns(kind).to_vec();
            if several {
                columns.insert(0, ("report", "report"));
            }
            let headers: Vec<&str> = columns.iter().map(|(h, _)| *h).collect();
            let rows: Vec<Vec<String>> = records
                .iter()
                .map(|record| {
                    columns
                        .iter()
                        .map(|(_, field)| table_cell(record, field))
                        .collect()
                })
                .collect();
            render::table(&headers, &rows, table_style())
        }
    }
}

/// An indicator's value shows as its figure (qualifier marked, sign shown, a derived
/// one starred, `400+`, `−4.58`, `207.80*`); an unverified one (proposed by ingest) is
/// marked with `?`.
fn table_cell(record: &serde_json::Map<String, Value>, field: &str) -> String {
    let mut cell = record.get(field).map(render::cell_text).unwrap_or_default();
    if field == "figure" && record.get("verified") == Some(&Value::Bool(false)) {
        cell.push_str(" ?");
    }
    cell
}

/// Ids are short; a longer argument is refused before any lookup (a "did you mean" over
/// a 100 KB argument would take seconds).
const MAX_ID_CHARS: usize = 256;

fn check_id_length(id: &str) -> Result<(), Failure> {
    if id.chars().count() > MAX_ID_CHARS {
        return Err(Failure::usage(format!(
            "an item id has at most {MAX_ID_CHARS} characters; this one has {} (ids look like case:7, school:<slug>)",
            id.chars().count()
        )));
    }
    Ok(())
}

fn show(reports: &[&Report], id: &str, format: ShowFormat) -> Result<String, Failure> {
    check_id_length(id)?;
    let (report_id, item_id) = match id.split_once('/') {
        Some((report, item)) => (Some(report), item),
        None => (None, id),
    };
    let candidates: Vec<&Report> = reports
        .iter()
        .copied()
        .filter(|r| report_id.is_none_or(|wanted| r.meta.id == wanted))
        .collect();
    if candidates.is_empty() {
        return Err(Failure::usage(format!(
            "no report `{}`; reports: {}",
            report_id.unwrap_or_default(),
            report_ids(reports.iter().copied())
        )));
    }
    let Some(item) = ItemRef::parse(item_id) else {
        return Err(Failure::usage(format!(
            "`{item_id}` is not an item id{}\nids look like chapter:1, section:2.3, case:7, school:<slug>, indicator:<slug> (see nianbao --help)",
            did_you_mean(&candidates, item_id)
        )));
    };
    let found: Vec<(&Report, ItemRef)> = candidates
        .iter()
        .filter_map(|r| r.resolve(&item).map(|resolved| (*r, resolved)))
        .collect();
    match found.as_slice() {
        [] => Err(Failure::usage(format!(
            "no item `{item}` in {}{}",
            report_ids(candidates.iter().copied()),
            did_you_mean(&candidates, item_id)
        ))),
        [(report, resolved)] => Ok(match format {
            ShowFormat::Text => show::show_text(report, resolved),
            ShowFormat::Json => {
                let mut record = items::record(report, resolved);
                record.insert("report".into(), report.meta.id.clone().into());
                render::json(&Value::Object(record))
            }
        }),
        several => Err(Failure::usage(format!(
            "`{item}` is in several reports; name one: {}",
            several
                .iter()
                .map(|(r, resolved)| format!("{}/{}", r.meta.id, resolved))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// "did you mean" with the closest ids by edit distance, or those containing the key.
fn did_you_mean(reports: &[&Report], wanted: &str) -> String {
    let key = wanted.split_once(':').map_or(wanted, |(_, key)| key);
    let mut scored: Vec<(usize, String)> = reports
        .iter()
        .flat_map(|r| items::all_ids(r))
        .filter_map(|id| {
            let distance = edit_distance(&id, wanted);
            let close = distance <= (wanted.chars().count() / 3).max(2);
            let contains = key.chars().count() >= 2 && id.contains(key);
            (close || contains).then_some((distance, id))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    let suggestions: Vec<String> = scored.into_iter().take(3).map(|(_, id)| id).collect();
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("\ndid you mean: {}?", suggestions.join(", "))
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `8 chapters, 23 sections, 19 cases, 15 figures, 2 tables, 5 footnotes`.
fn structure_counts(s: &crate::model::Structure) -> String {
    format!(
        "{} chapters, {} sections, {} cases, {} figures, {} tables, {} footnotes",
        s.chapters.len(),
        s.sections.len(),
        s.cases.len(),
        s.figures.len(),
        s.tables.len(),
        s.footnotes.len()
    )
}

fn check(dir: Option<&std::path::Path>) -> Result<String, Failure> {
    let origin = dir.map_or_else(
        || "embedded dataset".to_string(),
        |d| d.display().to_string(),
    );
    let dataset = load(dir)?;
    let mut out = format!("ok: {origin}\n");
    for report in &dataset.reports {
        out.push_str(&format!(
            "  {}: {}, {} schools, {} partners, {} indicators, {} breakdowns\n",
            report.meta.id,
            structure_counts(&report.structure),
            report.schools.len(),
            report.partners.len(),
            report.indicators.len(),
            report.breakdowns.len(),
        ));
        for warning in &report.warnings {
            out.push_str(&format!("  warning: {warning}\n"));
        }
    }
    Ok(escape_lines(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("case:7", "case:7"), 0);
        assert_eq!(edit_distance("case:7", "cse:7"), 1);
        assert_eq!(edit_distance("嘉兴", "嘉善"), 1);
    }
}
