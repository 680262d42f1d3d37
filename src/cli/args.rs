//! The arguments: clap's types for the options and subcommands, and the parsing that
//! follows `--color`, refuses an option the subcommand would ignore and reads the config.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use super::{Kind, audit, escape_lines, export, help, settings};
use crate::search::SearchKind;
use crate::settings::{RiseColours, ThemeName};

/// Explore Chinese vocational-education annual quality reports (质量年报).
///
/// Without a subcommand, nianbao opens the full-screen explorer on the embedded report
/// (the 2023 report of Jiaxing): press / to find anything, ? for the keys, q to quit.
/// The subcommands answer the same questions non-interactively.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version = env!("NIANBAO_VERSION"), after_help = help::epilogue(help_width()))]
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
    /// Explorer, present and export: colours. By default dark or light to suit the
    /// terminal's background (asked with OSC 11), projector-light for export; the
    /// projector themes paint their own background. t switches while running. NO_COLOR or
    /// --color never turns the explorer's colour off.
    #[arg(long, global = true, value_enum)]
    pub theme: Option<ThemeName>,
    /// Explorer and present: colour for rises and falls (▲ ▼). By default none, the
    /// arrows say it; red-up is the Chinese convention, green-up the Western one.
    #[arg(long, global = true, value_enum, default_value_t = RiseColours::None, value_name = "COLOURS")]
    pub rises: RiseColours,
    /// Explorer and present: leave the mouse to the terminal, so text can be selected.
    #[arg(long, global = true)]
    pub no_mouse: bool,
    /// Colour: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE=1 forces it),
    /// always (also into a pipe, for less -R) or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Explorer: the deck that p presents (a TOML file, see docs/deck.md); without it, a
    /// deck made from the report.
    #[arg(long, value_name = "FILE")]
    pub deck: Option<PathBuf>,
    /// Explorer: never write to the clipboard through the terminal (OSC 52); y and Y
    /// then only show the id.
    #[arg(long)]
    pub no_osc52: bool,
    /// Read settings from this file instead of $NIANBAO_CONFIG or
    /// $XDG_CONFIG_HOME/nianbao/config.toml (see nianbao config --print-default).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// With --format csv: write every cell as the data has it. By default a cell starting
    /// with = + - @, a tab or a carriage return gets a leading ' (unless it is a plain
    /// number such as -3.5), so a spreadsheet opening the file shows the text instead of
    /// running it as a formula; use this when a program, not a spreadsheet, reads the CSV.
    #[arg(long, global = true)]
    pub csv_raw: bool,
    /// Read every report's files, without the collection index that `list reports`,
    /// `show`, `compare` and the commands given --report otherwise keep beside a directory
    /// of reports (.nianbao-index.sqlite, or in the cache directory when that directory
    /// cannot be written; docs/dataset.md).
    #[arg(long, global = true)]
    pub no_index: bool,
    /// Fail (exit 2, every problem listed) when a report of --data does not load,
    /// instead of answering from the others (exit 4, the reports left out named on
    /// stderr); audit: also exit 3 when a relation is inconsistent.
    #[arg(long, global = true)]
    pub strict: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// From the config file: the report to open first in a dataset of several.
    #[arg(skip)]
    pub config_report: Option<String>,
    /// From the config file: keys bound to actions.
    #[arg(skip)]
    pub config_keys: Vec<crate::app::keymap::KeyBinding>,
    /// A config file that could not be used, and why (it was ignored).
    #[arg(skip)]
    pub config_warning: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every item of a kind, in document order (reports: by region and year).
    List {
        /// What to list.
        #[arg(value_enum)]
        kind: Kind,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// One concept across the loaded reports: each report's figure for it, with its
    /// region, level, period and provenance (section, page, source sentence).
    ///
    /// Concepts are comparable measures (student-teacher-ratio, graduate-destination-rate
    /// …; docs/concepts.md); a report's indicators name the concept they measure in their
    /// concept column (docs/dataset.md). A figure the report qualifies (400多, 约) is
    /// marked with its qualifier (400+, ≈), an unverified one (proposed by ingest, not
    /// checked) with ?. Without a
    /// concept, the vocabulary: each concept's units, which way is better, and how many
    /// of the loaded reports map it.
    ///
    /// Examples: `nianbao compare student-teacher-ratio`, `nianbao compare 生师比`,
    /// `nianbao --data DIR compare graduate-destination-rate --format csv`.
    Compare {
        /// The concept: its id, or its Chinese or English name (生师比).
        concept: Option<String>,
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
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Filter lines from standard input with the same matcher, best first.
    ///
    /// Like `fzf --filter`, but pinyin-aware: `ls | nianbao filter jxjs`. Exits 1 when no
    /// line matches; an empty query passes every line through.
    ///
    /// Limits: a line may have at most 1 MiB (1048576 bytes) and the input at most 256 MiB
    /// (268435456 bytes); past either, filter stops with an error naming the limit (exit 2).
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
    /// Turn a report (PDF or text) into a dataset directory, validated before it is written.
    ///
    /// The dataset holds the report's structure, and proposals to check: school names,
    /// candidate indicators and relations (unverified). A PDF's text layer is read by the built-in reader, or by poppler's pdftotext where
    /// it is installed and asked for (--pdf-engine); a scanned PDF without a text layer
    /// needs OCR first. An existing dataset is updated only with --force, and its curated
    /// rows (verified indicators, schools, glossary) are kept.
    ///
    /// Several reports, or a directory (its .pdf and .txt files; symbolic links are not
    /// followed), make a collection: each report goes to --out/ID (ID from its file's
    /// name), on every core (a progress bar on a terminal's stderr), with a line for each
    /// at the end: ok, needs review (the text prints no title, or no level, region or
    /// year, or text could not be placed) or failed, and why. One bad file never stops the
    /// rest. Exit codes: 0 when every report was
    /// written (ok or needing review), 4 when some failed, 1 or 2 when nothing was tried
    /// (a usage error; no report to ingest, or more than 20000).
    ///
    /// Examples: `nianbao ingest report.pdf --out reports/jiaxing-2023`,
    /// `nianbao ingest a.pdf b.txt --out reports`, `nianbao ingest pdfs/ --out reports`.
    Ingest {
        /// The report: a .pdf, or its text (UTF-8; UTF-16 with a byte-order mark; GB18030/GBK);
        /// several, or a directory of them, for a collection.
        #[arg(required = true, num_args = 1.., value_name = "INPUT")]
        input: Vec<PathBuf>,
        /// The dataset directory to write (for several reports: the collection, a directory
        /// of their directories).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The report's id (default: from the file name).
        #[arg(long)]
        id: Option<String>,
        /// The report's title (default: the first line naming a 质量…报告).
        #[arg(long)]
        title: Option<String>,
        /// Whose report it is: 嘉兴市, 海宁市 … (default: the place the title starts with).
        #[arg(long)]
        region: Option<String>,
        /// The calendar year it covers (default: a year the title prints).
        #[arg(long)]
        year: Option<String>,
        /// Whose report it is by level: province, city, county or school (default: as the
        /// title says: a school's name, or its place's 省/市/县).
        #[arg(long, value_parser = parse_level)]
        level: Option<crate::model::Level>,
        /// Who published it, as the report names itself (嘉兴市教育局); leave it out where
        /// the report does not say.
        #[arg(long)]
        publisher: Option<String>,
        /// Update a non-empty --out (curated rows are kept).
        #[arg(long)]
        force: bool,
        /// What reads a PDF: the built-in reader (needs nothing installed), poppler's
        /// pdftotext (package poppler-utils; NIANBAO_PDFTOTEXT names another binary), or
        /// auto: pdftotext where it runs, else the built-in reader.
        #[arg(long, value_enum, value_name = "ENGINE", default_value_t = PdfEngine::Builtin)]
        pdf_engine: PdfEngine,
    },
    /// Check that the report's figures add up, at the precision they are printed.
    ///
    /// Every relation between figures is recomputed: consistent, consistent only by
    /// truncation, inconsistent (with the gap), or not checkable (docs/audit.md). The
    /// relations are declared in each report's relations.csv (docs/dataset.md); `nianbao
    /// ingest` proposes them for a new report (verified=false). Findings are not errors.
    /// Exit codes: 0 whenever the reports load, whatever is found; 4 when some of a
    /// collection do not (they are left out and named; `nianbao check` lists every
    /// problem); 2 when none does, or with --strict when any does not; 3 with --strict
    /// when a relation is inconsistent.
    ///
    /// Examples: `nianbao audit`, `nianbao --data DIR audit --format json`,
    /// `nianbao audit --strict || echo "something does not add up"`.
    Audit {
        /// Output format.
        #[arg(long, value_enum, default_value_t = audit::AuditFormat::Table)]
        format: audit::AuditFormat,
    },
    /// Print a completion script for a shell, generated from these options.
    ///
    /// bash: `nianbao completions bash > ~/.local/share/bash-completion/completions/nianbao`;
    /// zsh: `nianbao completions zsh > ~/.zfunc/_nianbao` (with ~/.zfunc in $fpath);
    /// fish: `nianbao completions fish > ~/.config/fish/completions/nianbao.fish`;
    /// PowerShell: `nianbao completions powershell >> $PROFILE`.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of nianbao, or of one subcommand.
    ///
    /// `nianbao man > ~/.local/share/man/man1/nianbao.1`, and
    /// `nianbao man list > ~/.local/share/man/man1/nianbao-list.1` for a subcommand's page.
    Man {
        /// The subcommand whose page to print (default: nianbao's own, which lists them).
        subcommand: Option<String>,
    },
    /// Present the report full screen, a slide at a time: the title, the key figures in big
    /// digits, each chapter with its cases, the comparison charts (or the slides a deck
    /// file lists). → Space PgDn next, ← PgUp previous, N Enter slide N, o overview, b
    /// blank, q quits.
    Present {
        /// The slides to show, in order: a TOML file of [[slide]] tables with item = "…"
        /// and an optional title (see docs/deck.md).
        #[arg(long, value_name = "FILE")]
        deck: Option<PathBuf>,
    },
    /// Export an item or a view as the explorer shows it, for sharing: an SVG picture,
    /// an HTML page or Markdown text of the same screen; `deck`, every slide of
    /// `nianbao present`; or `figures`, every printed figure of the reports as a table
    /// for analysts.
    ///
    /// The screen is drawn at --size in --theme (projector-light unless given; colours
    /// regardless of NO_COLOR and --color, since a file is not a terminal); Chinese
    /// stays text (searchable, selectable) in fonts named with fallbacks. Files are
    /// written whole (a temporary file, then renamed); an existing file is replaced only
    /// with --force. `export deck --format html|svg --out DIR` writes one page with all
    /// slides, or one SVG per slide, into a directory that is empty or holds only an
    /// earlier export of the deck.
    ///
    /// `export figures --format xlsx|csv|sqlite|parquet --out FILE` writes one row per
    /// figure (report, region, level, year, period, concept, indicator, name, the value
    /// at its printed precision and as a number, qualifier, unit, section, page,
    /// sentence; docs/dataset.md, "Figures for analysts") of every report of --data (or
    /// the one --report names), only those of one concept with --concept: a workbook
    /// with an `all` sheet and a sheet per concept, CSV (standard output without --out),
    /// a SQLite database or a Parquet file.
    Export {
        /// An item (indicator:student-teacher-ratio, case:7, chapter:2, school:<slug>), a
        /// view (view:dashboard, view:reader, view:indicators, view:schools, view:cases),
        /// deck: the slides of nianbao present, or figures: every figure as a table.
        id: String,
        /// What to write: svg, html or md for a screen or the deck; xlsx, csv, sqlite or
        /// parquet for figures.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// export figures: only the figures of this concept (its id, or its Chinese or
        /// English name; `nianbao compare` lists them).
        #[arg(long, value_name = "CONCEPT")]
        concept: Option<String>,
        /// A file, or a directory (existing, or ending in /) to write ID.FORMAT into;
        /// without it, standard output. export deck: the directory for its files.
        #[arg(long, value_name = "FILE|DIR")]
        out: Option<PathBuf>,
        /// The screen's size, COLUMNSxROWS.
        #[arg(long, value_name = "COLUMNSxROWS", default_value = "120x40", value_parser = export::parse_size)]
        size: (u16, u16),
        /// Replace a file that is there already (export deck: an earlier export of the
        /// deck in --out).
        #[arg(long)]
        force: bool,
        /// export deck: the slides to export, a deck file as for present (docs/deck.md);
        /// without it, the report's own deck.
        #[arg(long, value_name = "FILE")]
        deck: Option<PathBuf>,
    },
    /// Show where the config file is and whether it is good, or write a default one.
    ///
    /// `nianbao config --print-default > ~/.config/nianbao/config.toml` starts one, every
    /// setting commented out with what it does: theme, colours for rises and falls,
    /// colour, mouse, OSC 52, the report to open, and keys rebound to actions by name.
    /// Exit 2 when the file has a mistake (its line and column are named).
    Config {
        /// Print the default config file, commented.
        #[arg(long, conflicts_with = "path")]
        print_default: bool,
        /// Print only the path where the config file is looked for.
        #[arg(long)]
        path: bool,
    },
    /// Validate a dataset and report every problem found (file:line: what is wrong).
    Check {
        /// The dataset to check; defaults to --data, else the embedded dataset.
        dir: Option<PathBuf>,
    },
}

/// `--level`: one of the levels, by its dataset name.
fn parse_level(text: &str) -> Result<crate::model::Level, crate::model::UnknownLevel> {
    crate::model::Level::try_from(text.to_string())
}

/// What `export` writes: a screen's formats, or a table of figures'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A screen or slide as an SVG picture.
    Svg,
    /// A screen, or every slide, as one HTML page.
    Html,
    /// A screen's text, or every slide's, as Markdown.
    Md,
    /// Figures as a workbook for Excel or WPS.
    Xlsx,
    /// Figures as CSV.
    Csv,
    /// Figures as a SQLite database.
    Sqlite,
    /// Figures as a Parquet file (DuckDB, pandas, Spark).
    Parquet,
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

/// How `list` and `search` print their records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for reading (fitted to the terminal).
    Table,
    /// One JSON array of records.
    Json,
    /// One JSON record per line.
    Jsonl,
    /// CSV with a header; lists inside a field joined with |.
    Csv,
    /// CSV with formula-leading cells as they are (`--format csv --csv-raw`).
    #[value(skip)]
    CsvRaw,
}

/// How `show` prints its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Headed fields and the text, for reading.
    Text,
    /// The record as a JSON object.
    Json,
    /// The record on one line.
    Jsonl,
    /// The record as CSV with a header.
    Csv,
    /// CSV with formula-leading cells as they are (`--format csv --csv-raw`).
    #[value(skip)]
    CsvRaw,
}

/// The width clap wraps help to: the terminal's, at most 100 (clap's own limit); 100 when
/// the help goes to a pipe.
fn help_width() -> usize {
    const WIDEST: usize = 100;
    ratatui::crossterm::terminal::size()
        .ok()
        .filter(|&(columns, _)| columns > 0 && std::io::stdout().is_terminal())
        .map_or(WIDEST, |(columns, _)| usize::from(columns).min(WIDEST))
}

/// Parses arguments; help and version print and exit 0, errors exit 1.
pub fn parse_args() -> Result<Cli, ExitCode> {
    let arguments: Vec<std::ffi::OsString> = std::env::args_os().collect();
    parse_from(arguments.iter().cloned()).map_err(|error| {
        if error.use_stderr() {
            let message = error_message(&error, &arguments);
            let _ = std::io::stderr().write_all(message.as_bytes());
            ExitCode::from(1)
        } else {
            let _ = error.print();
            ExitCode::SUCCESS
        }
    })
}

/// A clap error for a terminal. clap quotes arguments as they are (escape sequences
/// stripped, line breaks and other controls kept), so the arguments are parsed once more,
/// each with its control characters escaped (on one line, whatever line breaks it holds),
/// and that error, the same but for the escapes, is the one shown; escaped line by line.
fn error_message(error: &clap::Error, arguments: &[std::ffi::OsString]) -> String {
    let escaped = arguments.iter().map(|argument| {
        std::ffi::OsString::from(crate::text::escape_controls(&argument.to_string_lossy()).as_ref())
    });
    let message = match parse_from(escaped) {
        Err(again) if again.kind() == error.kind() => again.render(),
        _ => error.render(),
    };
    escape_lines(&message.to_string())
}

/// Parses arguments, and refuses options that the chosen subcommand would ignore: a
/// silently ignored `--report` gives a user the wrong answer with no sign of it.
pub fn parse_from<I, T>(arguments: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::parser::ValueSource;
    use clap::{CommandFactory, FromArgMatches};
    let arguments: Vec<std::ffi::OsString> = arguments.into_iter().map(Into::into).collect();
    // clap colours its own help and errors; it must follow --color before it has parsed.
    let mut command = Cli::command().color(clap_colour(&arguments));
    let matches = command.try_get_matches_from_mut(arguments)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    let (subcommand, applies) = applicable_options(cli.command.as_ref());
    let given = |id: &str| {
        matches
            .value_source(id)
            .is_some_and(|source| source != ValueSource::DefaultValue)
    };
    let refused: Vec<String> = OPTIONS_BY_SUBCOMMAND
        .iter()
        .filter(|(id, _)| !applies.contains(id) && given(id))
        .map(|(_, flag)| (*flag).to_string())
        .collect();
    if let Some(first) = refused.first() {
        let message = format!(
            "{first} does not apply to {subcommand}{}",
            if refused.len() > 1 {
                format!(" (nor {})", refused[1..].join(", "))
            } else {
                String::new()
            }
        );
        return Err(command.error(clap::error::ErrorKind::ArgumentConflict, message));
    }
    if let Err(error) = settings::apply(&mut cli, &matches) {
        // `nianbao config` reports on the file, and prints the path and the default that
        // make one: a file it names need not be there yet.
        if !matches!(cli.command, Some(Command::Config { .. })) {
            return Err(command.error(clap::error::ErrorKind::Io, error));
        }
        cli.config_warning = Some(error.to_string());
    }
    Ok(cli)
}

/// `--color WHEN` or `--color=WHEN` as clap's own choice (auto when absent or unknown:
/// clap reports a bad value itself). clap's auto already honours NO_COLOR and
/// CLICOLOR_FORCE.
fn clap_colour(arguments: &[std::ffi::OsString]) -> clap::ColorChoice {
    let mut words = arguments.iter().filter_map(|a| a.to_str());
    let mut chosen = None;
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--color" {
            chosen = words.next();
        } else if let Some(value) = word.strip_prefix("--color=") {
            chosen = Some(value);
        }
    }
    match chosen {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    }
}

/// The options of `Cli` that only some subcommands use: argument id and flag.
const OPTIONS_BY_SUBCOMMAND: &[(&str, &str)] = &[
    ("data", "--data"),
    ("report", "--report"),
    ("open", "--open"),
    ("theme", "--theme"),
    ("rises", "--rises"),
    ("no_mouse", "--no-mouse"),
    ("deck", "--deck"),
    ("no_osc52", "--no-osc52"),
    ("csv_raw", "--csv-raw"),
    ("no_index", "--no-index"),
    ("strict", "--strict"),
];

/// What the subcommand is called in a message, and which of [`OPTIONS_BY_SUBCOMMAND`] it
/// uses.
fn applicable_options(command: Option<&Command>) -> (&'static str, &'static [&'static str]) {
    const DATASET: &[&str] = &["data", "report", "csv_raw", "no_index", "strict"];
    match command {
        None => (
            "the explorer",
            &[
                "data", "report", "open", "theme", "rises", "no_mouse", "deck", "no_osc52",
            ],
        ),
        Some(Command::Export { .. }) => (
            "export (it draws with --theme, projector-light by default; export deck takes its own --deck after it)",
            &[
                "data", "report", "theme", "rises", "csv_raw", "strict", "no_index",
            ],
        ),
        Some(Command::Present { .. }) => (
            "present (its own --deck comes after it)",
            &["data", "report", "theme", "rises", "no_mouse"],
        ),
        Some(Command::List { .. }) => ("list", DATASET),
        Some(Command::Show { .. }) => ("show", DATASET),
        Some(Command::Compare { .. }) => ("compare", DATASET),
        Some(Command::Search { .. }) => ("search", DATASET),
        Some(Command::Audit { .. }) => ("audit", DATASET),
        Some(Command::Check { .. }) => ("check (it checks every report of the dataset)", &["data"]),
        Some(Command::Filter { .. }) => ("filter (it reads standard input)", &[]),
        Some(Command::Ingest { .. }) => ("ingest (it reads the report given)", &[]),
        Some(Command::Completions { .. }) => ("completions", &[]),
        Some(Command::Man { .. }) => ("man", &[]),
        Some(Command::Config { .. }) => ("config", &[]),
    }
}

/// When to use colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it anywhere.
    Auto,
    /// Always, even into a pipe or a file (for `less -R`).
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether output going to a terminal (or not) gets colour. With `auto`, NO_COLOR
    /// (set, not empty) wins over CLICOLOR_FORCE, which wins over where the output goes;
    /// a dumb terminal gets none.
    pub fn colour(self, terminal: bool) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => {
                false
            }
            ColorChoice::Auto if set("CLICOLOR_FORCE") => true,
            ColorChoice::Auto => terminal && !std::env::var("TERM").is_ok_and(|t| t == "dumb"),
        }
    }
}
