//! The explorer's launcher: the dataset, the report and the item to start at, then the
//! terminal runtime.

use std::io::IsTerminal;

use super::{Cli, Failure, colour_wanted, did_you_mean, load, report_ids};
use crate::model::ItemRef;

/// Runs the explorer (no subcommand): loads the dataset, picks the report and the start.
pub fn explore(cli: &Cli) -> Result<(), Failure> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Failure::usage(
            "the explorer needs a terminal; for output to a pipe or file use a subcommand (nianbao --help)".to_string(),
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
    if let Some(item) = start {
        app.open_item(&item);
    }
    let options = crate::tui::Options {
        theme: crate::ui::Theme::new(cli.theme, colour_wanted()),
        mouse: !cli.no_mouse,
    };
    crate::tui::run(app, options).map_err(|error| Failure {
        message: format!("{error:?}"),
        code: 2,
    })
}
