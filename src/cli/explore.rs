//! The explorer's launcher: the dataset, the report and the item to start at, then the
//! terminal runtime.

use std::io::IsTerminal;

use super::{Cli, Failure, colour_wanted, did_you_mean, load, report_ids};
use crate::model::ItemRef;
use crate::tui::Ending;
use crate::ui::ThemeName;

/// Runs the explorer (no subcommand): loads the dataset, picks the report and the start.
pub fn explore(cli: &Cli) -> Result<(), Failure> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Failure::usage(
            "the explorer needs a terminal; for output to a pipe or file use a subcommand (nianbao --help)".to_string(),
        ));
    }
    if std::env::var_os("TERM").is_some_and(|term| term == "dumb") {
        return Err(Failure::usage(
            "the explorer needs a terminal that can move the cursor, and TERM=dumb says this one cannot; \
             the subcommands give the same data as text: nianbao list chapters, nianbao show case:7, \
             nianbao search jxjs (nianbao --help)"
                .to_string(),
        ));
    }
    let dataset = load(cli.data.as_deref())?;
    let report = match &cli.report {
        Some(id) => dataset
            .reports
            .iter()
            .position(|r| &r.meta.id == id)
            .ok_or_else(|| {
                Failure::usage(format!(
                    "no report `{id}`; reports: {}",
                    report_ids(dataset.reports.iter())
                ))
            })?,
        None => 0,
    };
    let start = match &cli.open {
        Some(id) => {
            super::check_id_length(id)?;
            let parsed = ItemRef::parse(id).and_then(|item| dataset.reports[report].resolve(&item));
            Some(parsed.ok_or_else(|| {
                Failure::usage(format!(
                    "no item `{id}`{}",
                    did_you_mean(&[&dataset.reports[report]], id)
                ))
            })?)
        }
        None => None,
    };
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = crate::app::App::new(dataset, report, size);
    app.clipboard_enabled = !cli.no_osc52;
    if let Some(item) = start {
        app.open_item(&item);
    }
    let colour = colour_wanted();
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
