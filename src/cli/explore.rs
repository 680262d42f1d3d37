//! The explorer's launcher: the dataset, the report and the item to start at, then the
//! terminal runtime; and `present`, the same runtime started in a presentation.

use std::io::IsTerminal;
use std::path::Path;

use std::sync::Arc;

use super::show::{check_id_length, did_you_mean};
use super::{Cli, Failure};
use crate::app::App;
use crate::dataset::index::Indexed;
use crate::dataset::{Catalog, LoadError, read_regular_file};
use crate::model::{ItemRef, Report};
use crate::present::Deck;
use crate::present::deck::MAX_DECK_BYTES;
use crate::settings::ThemeName;
use crate::text::{escape_controls, escape_path};
use crate::tui::Ending;

/// Runs the explorer (no subcommand): loads the dataset, picks the report and the start.
pub fn explore(cli: &Cli) -> Result<(), Failure> {
    require_terminal("the explorer")?;
    let dataset = super::many::load_catalog(cli.data.as_deref())?;
    let (report, current, passed_over) = pick_report(cli, &dataset)?;
    let deck = read_deck(cli.deck.as_deref(), &current)?;
    let start = match &cli.open {
        Some(id) => {
            check_id_length(id)?;
            let parsed = ItemRef::parse(id).and_then(|item| current.resolve(&item));
            Some(parsed.ok_or_else(|| {
                Failure::usage(format!(
                    "no item `{}`{}",
                    escape_controls(id),
                    did_you_mean(&[&current], id)
                ))
            })?)
        }
        None => None,
    };
    let notice = reports_not_shown(&dataset, passed_over);
    let mut app = new_app(cli, dataset, report, deck, notice);
    if let Some(source) = titles_from_index(cli) {
        app = app.with_titles_source(source);
    }
    if let Some(item) = start {
        app.open_item(&item);
    }
    run(cli, app)
}

/// `nianbao present`: the deck (checked first, so a bad one is reported even without a
/// terminal), then the explorer's runtime in a presentation that ends the program when
/// it is left.
pub fn present(cli: &Cli, deck: Option<&Path>) -> Result<(), Failure> {
    let dataset = super::many::load_catalog(cli.data.as_deref())?;
    let (report, current, _) = pick_report(cli, &dataset)?;
    let deck = read_deck(deck, &current)?;
    require_terminal("presenting")?;
    let mut app = new_app(cli, dataset, report, deck, None);
    app.start_presentation(None, true);
    run(cli, app)
}

/// The finder's titles of every report read from the collection's index (brought up to
/// date first), when the collection has one of this version already and `--no-index` is
/// not given: the explorer does not make one (reading a thousand reports into it takes
/// several times as long as loading their titles; any command over the collection makes
/// it). What the index cannot give, the app loads from the files.
fn titles_from_index(cli: &Cli) -> Option<crate::app::finder::TitlesSource> {
    let dir = cli.data.clone().filter(|_| !cli.no_index)?;
    Some(Box::new(move |catalog: &Catalog| {
        if !Indexed::is_current(&dir) {
            return None;
        }
        // The terminal is the explorer's: notices have nowhere to go, and a failure
        // only means the reports are loaded instead.
        let indexed = Indexed::open(&dir, &mut Vec::new(), &|_, _| {}).ok()??;
        indexed.search_titles(catalog).ok()
    }))
}

/// What needs the terminal (`the explorer`, `presenting`) is named in the refusal.
fn require_terminal(what: &str) -> Result<(), Failure> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Failure::usage(format!(
            "{what} needs a terminal; for output to a pipe or file use a subcommand (nianbao --help)"
        )));
    }
    if std::env::var_os("TERM").is_some_and(|term| term == "dumb") {
        return Err(Failure::usage(format!(
            "{what} needs a terminal that can move the cursor, and TERM=dumb says this one cannot; \
             the subcommands give the same data as text: nianbao list chapters, nianbao show case:7, \
             nianbao search jxjs (nianbao --help)"
        )));
    }
    Ok(())
}

/// The report to start with, loaded: `--report`, else the config's report where this
/// dataset has it, else the first; without `--report`, one that does not load is passed
/// over for the next that does (and counted).
fn pick_report(cli: &Cli, dataset: &Catalog) -> Result<(usize, Arc<Report>, usize), Failure> {
    let loaded = |index: usize| dataset.report(index).map(|r| (index, Arc::clone(r)));
    let invalid = |problems: &[crate::dataset::Problem]| {
        Failure::invalid_data(&LoadError {
            problems: problems.to_vec(),
        })
    };
    if let Some(id) = &cli.report {
        let index = dataset
            .position(id)
            .ok_or_else(|| super::no_report(id, &super::many::catalog_ids(dataset)))?;
        return loaded(index).map(|(i, r)| (i, r, 0)).map_err(invalid);
    }
    let first = cli
        .config_report
        .as_ref()
        .and_then(|id| dataset.position(id))
        .unwrap_or(0);
    let order = (first..dataset.len()).chain(0..first);
    let mut passed_over = 0;
    let mut first_problems = None;
    for index in order {
        match loaded(index) {
            Ok((index, report)) => return Ok((index, report, passed_over)),
            Err(problems) => {
                passed_over += 1;
                first_problems.get_or_insert(problems);
            }
        }
    }
    Err(invalid(first_problems.unwrap_or_default()))
}

/// What the explorer says at start when some reports cannot be shown: those left out
/// of the dataset (unreadable `report.csv`, a taken id) and those passed over.
fn reports_not_shown(dataset: &Catalog, passed_over: usize) -> Option<String> {
    let noun = |n: usize| if n == 1 { "report" } else { "reports" };
    let mut parts = Vec::new();
    if let Some(first) = dataset.left_out().first() {
        let n = dataset.left_out().len();
        parts.push(format!("{n} {} left out ({first})", noun(n)));
    }
    if passed_over > 0 {
        let verb = if passed_over == 1 { "does" } else { "do" };
        parts.push(format!(
            "{passed_over} {} {verb} not load",
            noun(passed_over)
        ));
    }
    (!parts.is_empty()).then(|| format!("{} (nianbao check lists every problem)", parts.join("; ")))
}

/// Reads and checks a deck file against the report: a problem is a usage error (1)
/// naming the file (escaped) and line, with a "did you mean" for an unknown id. Only a
/// regular file of at most [`MAX_DECK_BYTES`] is read (a FIFO would block, `/dev/zero`
/// never end); `nianbao present`, the explorer and `export deck` all read decks here.
pub(super) fn read_deck(path: Option<&Path>, report: &Report) -> Result<Option<Deck>, Failure> {
    let Some(path) = path else {
        return Ok(None);
    };
    let shown = escape_path(path);
    let text = read_regular_file(path, MAX_DECK_BYTES)
        .map_err(|error| error.to_string())
        .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string()))
        .map_err(|error| Failure::usage(format!("cannot read the deck {shown}: {error}")))?;
    Deck::parse(&text, report).map(Some).map_err(|error| {
        let hint = error
            .unknown_id
            .as_deref()
            .map(|id| did_you_mean(&[report], id))
            .unwrap_or_default();
        Failure::usage(format!(
            "{shown}:{}: {}{hint}",
            error.line,
            escape_controls(&error.message)
        ))
    })
}

/// The app for the terminal: the command line's settings, a deck, and a notice for the
/// first frame (a config file's problem goes first).
fn new_app(
    cli: &Cli,
    dataset: Catalog,
    report: usize,
    deck: Option<Deck>,
    notice: Option<String>,
) -> App {
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    // A config file's problem is printed on stderr too, but the explorer's screen hides
    // that at once.
    let mut app =
        App::new(dataset, report, size).with_notice(cli.config_warning.clone().or(notice));
    if cli.no_osc52 {
        app = app.without_clipboard();
    }
    app.bind_keys(&cli.config_keys);
    if let Some(deck) = deck {
        app.set_deck(deck);
    }
    app
}

fn run(cli: &Cli, app: App) -> Result<(), Failure> {
    let colour = cli.color.colour(true);
    // Without --theme: the terminal's background decides (asked by the runtime), with
    // COLORFGBG, then `dark`, as the fallback.
    let fallback = std::env::var("COLORFGBG")
        .ok()
        .and_then(|value| ThemeName::from_colorfgbg(&value))
        .unwrap_or(ThemeName::Dark);
    let options = crate::tui::Options {
        theme: crate::ui::Theme::new(cli.theme.unwrap_or(fallback), colour).with_rises(cli.rises),
        mouse: !cli.no_mouse,
        // Without colour every theme looks the same: nothing to ask.
        detect_background: cli.theme.is_none() && colour,
    };
    match crate::tui::run(app, options) {
        Ok(Ending::Quit) => Ok(()),
        // The user or the system ended it; the shell shows the status, nothing to add.
        Ok(ending) => Err(Failure {
            message: String::new(),
            code: ending.exit_code(),
        }),
        Err(error) => Err(Failure {
            message: format!("the terminal failed: {error}"),
            code: 2,
        }),
    }
}
