//! `nianbao export ID --format svg|html|md [--out FILE|DIR]`: an item or a view drawn as
//! the explorer draws it (the same `ui::draw`, into a buffer of the asked size), written
//! as a standalone file (see [`crate::export`]); and `nianbao export deck [--deck FILE]
//! --format html|svg|md [--out DIR]`: every slide of a presentation as `render_slide`
//! draws it, one HTML page (or Markdown file) with all, or one SVG each, written into a
//! directory.

mod dir;
pub(super) mod figures;

use std::path::{Path, PathBuf};

use super::many::load_reports;
use super::show::{check_id_length, did_you_mean};
use super::{Failure, Skipped, many, no_report, report_ids};
use crate::app::{Action, App, View};
use crate::dataset::Catalog;
use crate::export::{self, Format};
use crate::model::{ItemRef, Report};
use crate::present::{Deck, SlideItem};
use crate::settings::ThemeName;
use crate::text::{escape_controls, escape_path};
use crate::ui::Theme;

/// What `export` was asked for.
pub struct ExportRequest<'a> {
    pub data: Option<&'a Path>,
    pub report: Option<&'a str>,
    /// `--no-index`: the dataset read from its files, not through the collection index.
    pub no_index: bool,
    pub id: &'a str,
    pub format: Format,
    pub out: Option<&'a Path>,
    pub size: (u16, u16),
    pub theme: ThemeName,
    pub rises: crate::settings::RiseColours,
    pub force: bool,
    /// The deck file for `export deck` (without it, the report's own deck).
    pub deck: Option<&'a Path>,
}

/// The id that exports a presentation's slides rather than one screen.
pub const DECK: &str = "deck";

/// The id that exports every figure as a table rather than a screen.
pub const FIGURES: &str = "figures";

/// The screen format `--format` names; a figures' format, `--concept` or `--csv-raw`
/// are refused (they are for `export figures`).
pub(super) fn screen_format(
    format: super::ExportFormat,
    concept: Option<&str>,
    csv_raw: bool,
) -> Result<Format, Failure> {
    use super::ExportFormat as F;
    let for_figures = |what: &str| {
        Failure::usage(format!(
            "{what} is for `nianbao export figures`; an item, a view or the deck exports \
             as --format svg, html or md"
        ))
    };
    if concept.is_some() {
        return Err(for_figures("--concept"));
    }
    if csv_raw {
        return Err(for_figures("--csv-raw"));
    }
    match format {
        F::Svg => Ok(Format::Svg),
        F::Html => Ok(Format::Html),
        F::Md => Ok(Format::Md),
        F::Xlsx | F::Csv | F::Sqlite | F::Parquet => {
            let name = format!(
                "--format {}",
                figures::extension(format).unwrap_or_default()
            );
            Err(for_figures(&name))
        }
    }
}

/// What an id names: an item, or a view as the explorer opens it.
enum Target {
    Item(ItemRef),
    View(View),
}

/// The views by the names `view:NAME` takes.
const VIEWS: [(&str, View); 5] = [
    ("dashboard", View::Dashboard),
    ("reader", View::Reader),
    ("indicators", View::Indicators),
    ("schools", View::Schools),
    ("cases", View::Cases),
];

/// A `--size` that is refused (clap prints it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error("`{}` is not a size; sizes look like 120x40", escape_controls(.0))]
    NotASize(String),
    #[error(
        "a screen from {min_columns}x{min_rows} to 1000x500, not {columns}x{rows}",
        min_columns = crate::app::layout::MIN_WIDTH,
        min_rows = crate::app::layout::MIN_HEIGHT
    )]
    OutOfRange { columns: u16, rows: u16 },
}

/// Parses `--size`: `COLUMNSxROWS` (or with `×`), at least the explorer's minimum.
pub fn parse_size(text: &str) -> Result<(u16, u16), SizeError> {
    let not_a_size = || SizeError::NotASize(text.to_string());
    let (columns, rows) = text.split_once(['x', 'X', '×']).ok_or_else(not_a_size)?;
    let number = |n: &str| n.trim().parse::<u16>().ok();
    let (Some(columns), Some(rows)) = (number(columns), number(rows)) else {
        return Err(not_a_size());
    };
    let (min_columns, min_rows) = (
        crate::app::layout::MIN_WIDTH,
        crate::app::layout::MIN_HEIGHT,
    );
    if columns < min_columns || rows < min_rows || columns > 1000 || rows > 500 {
        return Err(SizeError::OutOfRange { columns, rows });
    }
    Ok((columns, rows))
}

/// Draws the item or view and writes it; returns what to print (the export itself
/// without `--out`, else where it went).
pub fn export(request: &ExportRequest, skipped: &mut Skipped) -> Result<String, Failure> {
    check_id_length(request.id)?;
    if request.id == DECK || request.id.ends_with("/deck") {
        return export_deck(request, skipped);
    }
    if request.deck.is_some() {
        return Err(Failure::usage(format!(
            "--deck goes with `nianbao export deck`, not `{}`: a deck file lists slides",
            escape_controls(request.id)
        )));
    }
    let (report_id, item_id) = match request.id.split_once('/') {
        Some((report, item)) => (Some(report), item),
        None => (request.report, request.id),
    };
    let (catalog, candidates) = candidates(request, report_id, skipped)?;
    let reports: Vec<&Report> = candidates
        .iter()
        .map(|&i| loaded(&catalog, i))
        .collect::<Result<_, _>>()?;
    let (k, target) = if let Some(name) = item_id.strip_prefix("view:") {
        let Some((_, view)) = VIEWS.iter().find(|(n, _)| *n == name) else {
            return Err(Failure::usage(format!(
                "no view `{}`; views: {}",
                escape_controls(name),
                VIEWS.map(|(n, _)| format!("view:{n}")).join(", ")
            )));
        };
        (0, Target::View(*view))
    } else {
        let Some(item) = ItemRef::parse(item_id) else {
            return Err(Failure::usage(format!(
                "`{}` is not an item id{}\nids look like indicator:<slug>, case:7, chapter:2, \
                 school:<slug>; views: view:dashboard, view:reader, view:indicators, view:schools, view:cases; \
                 the slides of nianbao present: deck",
                escape_controls(item_id),
                did_you_mean(&reports, item_id)
            )));
        };
        let found: Vec<(usize, ItemRef)> = reports
            .iter()
            .enumerate()
            .filter_map(|(k, report)| report.resolve(&item).map(|r| (k, r)))
            .collect();
        match found.as_slice() {
            [] => {
                return Err(Failure::usage(format!(
                    "no item `{}` in {}{}",
                    escape_controls(&item.to_string()),
                    report_ids(reports.iter().copied()),
                    did_you_mean(&reports, item_id)
                )));
            }
            [(k, resolved)] => (*k, Target::Item(resolved.clone())),
            several => {
                return Err(Failure::usage(format!(
                    "`{}` is in several reports; name one: {}",
                    escape_controls(&item.to_string()),
                    several
                        .iter()
                        .map(|(k, r)| {
                            escape_controls(&format!("{}/{r}", reports[*k].meta.id)).into_owned()
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
    };
    let report_title = reports[k].meta.title.clone();
    let (title, stem) = match &target {
        Target::View(view) => (
            format!("{} — {report_title}", view.title()),
            format!("view-{}", view_name(*view)),
        ),
        Target::Item(item) => {
            let record = super::items::record(reports[k], item);
            let name = ["title", "name"]
                .iter()
                .find_map(|k| record.get(*k).and_then(|v| v.as_str()))
                .unwrap_or_default()
                .to_string();
            (
                format!("{name} ({item}) — {report_title}"),
                file_stem(&item.to_string()),
            )
        }
    };
    let report = candidates[k];
    let mut app = App::new(catalog, report, request.size).without_clipboard();
    match &target {
        Target::View(view) => {
            app.apply(Action::ShowView(*view));
        }
        Target::Item(item) => {
            app.open_item(item);
            app.settle();
        }
    }
    // Exports are files, not terminal output: colour regardless of NO_COLOR.
    let theme = Theme::new(request.theme, true).with_rises(request.rises);
    let screen = export::render(&app, &theme);
    let palette = export::palette_for(request.theme);
    let mut files = export::files(
        std::slice::from_ref(&screen),
        &title,
        request.format,
        &stem,
        &palette,
    );
    let Some(out) = request.out else {
        return Ok(files.remove(0).1);
    };
    let into_directory = out.is_dir() || out.as_os_str().to_string_lossy().ends_with('/');
    let path: PathBuf = if into_directory {
        out.join(&files[0].0)
    } else {
        out.to_path_buf()
    };
    export::write::write_file(&path, &files[0].1, request.force)?;
    let (columns, rows) = request.size;
    Ok(format!(
        "wrote {} ({}, {columns}×{rows}, theme {})\n",
        escape_path(&path),
        request.format.extension(),
        request.theme.label()
    ))
}

/// The reports to export from, as a catalog, and the candidates among them (their
/// places): report `wanted` alone (only it loaded), else every report that loads (those
/// that do not noted in `skipped`).
fn candidates(
    request: &ExportRequest,
    wanted: Option<&str>,
    skipped: &mut Skipped,
) -> Result<(Catalog, Vec<usize>), Failure> {
    let dataset = load_reports(
        (request.data, request.no_index),
        request.report,
        request.id,
        skipped,
    )?;
    let catalog = Catalog::from(dataset);
    let candidates: Vec<usize> = (0..catalog.len())
        .filter(|&i| wanted.is_none_or(|id| catalog.meta(i).is_some_and(|m| m.id == id)))
        .collect();
    if candidates.is_empty() {
        return Err(no_report(
            wanted.unwrap_or_default(),
            &many::catalog_ids(&catalog),
        ));
    }
    Ok((catalog, candidates))
}

/// Report `i` of the catalog, loaded (it is, or loads now).
fn loaded(catalog: &Catalog, i: usize) -> Result<&Report, Failure> {
    catalog
        .report(i)
        .map(|report| &**report)
        .map_err(|problems| {
            Failure::invalid_data(&crate::dataset::LoadError {
                problems: problems.to_vec(),
            })
        })
}

/// `export deck`: the deck (the file given, else the report's own) drawn slide by slide
/// at `--size`, one HTML page or Markdown file with every slide (to standard output
/// without `--out`), or one SVG per slide (`--out` needed), written into a directory.
fn export_deck(request: &ExportRequest, skipped: &mut Skipped) -> Result<String, Failure> {
    if request.format == Format::Svg && request.out.is_none() {
        return Err(Failure::usage(
            "svg is one file per slide, so it needs a directory: give --out DIR \
             (or --format html for one page on standard output)"
                .to_string(),
        ));
    }
    if let Some(out) = request.out
        && !out.is_dir()
        && out
            .extension()
            .is_some_and(|e| ["html", "svg", "md"].contains(&e.to_string_lossy().as_ref()))
    {
        return Err(Failure::usage(format!(
            "{}: export deck writes its files into a directory; give --out DIR",
            escape_path(out)
        )));
    }
    let wanted = request.id.strip_suffix("/deck").or(request.report);
    let (catalog, candidates) = candidates(request, wanted, skipped)?;
    if candidates.len() > 1 {
        return Err(Failure::usage(format!(
            "a deck shows one report and this dataset has several ({}): name one with \
             --report ID or as REPORT/deck",
            many::catalog_ids(&catalog)
        )));
    }
    let report = loaded(&catalog, candidates[0])?;
    let deck = super::explore::read_deck(request.deck, report)?;
    let deck = deck.unwrap_or_else(|| Deck::for_report(report));
    // Exports are files, not terminal output: colour regardless of NO_COLOR.
    let theme = Theme::new(request.theme, true).with_rises(request.rises);
    let (columns, rows) = request.size;
    // Each slide drawn when it is written, and dropped after: one in memory at a time.
    let draw = |index| crate::ui::slides::render_slide(report, &deck, index, columns, rows, &theme);
    let stem = request
        .deck
        .and_then(Path::file_stem)
        .map(|name| file_stem(&name.to_string_lossy()))
        .filter(|name| name.chars().any(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| DECK.to_string());
    let palette = export::palette_for(request.theme);
    let title = deck_title(report, &deck);
    let screens = export::Screens {
        count: deck.len(),
        title: &title,
        format: request.format,
        stem: &stem,
        palette: &palette,
    };
    let Some(out) = request.out else {
        let written = export::write_files(&screens, draw, &mut dir::Stdout).map(drop);
        super::stdout_written(written)?;
        return Ok(String::new());
    };
    let into = dir::DirExport {
        out,
        stem: &stem,
        format: request.format,
        replace: request.force,
    };
    let written = into.write(|staged| export::write_files(&screens, draw, staged))?;
    let what = format!(
        "{} slide{}, {}, {columns}×{rows}, theme {}",
        deck.len(),
        if deck.len() == 1 { "" } else { "s" },
        request.format.extension(),
        request.theme.label()
    );
    Ok(match written.as_slice() {
        [one] => format!("wrote {} ({what})\n", escape_path(one)),
        [first, .., last] => format!(
            "wrote {} files into {}: {} … {} ({what})\n",
            written.len(),
            escape_path(out),
            escape_path(Path::new(first.file_name().unwrap_or_default())),
            escape_path(Path::new(last.file_name().unwrap_or_default())),
        ),
        [] => String::new(),
    })
}

/// A deck's title for the page: the title slide's own heading where the deck gives one,
/// with the report's title.
fn deck_title(report: &Report, deck: &Deck) -> String {
    let heading = deck
        .slides
        .iter()
        .find(|s| s.item == SlideItem::Title)
        .and_then(|s| s.title.as_deref());
    match heading {
        Some(heading) => format!("{heading} — {}", report.meta.title),
        None => format!("{} — slides", report.meta.title),
    }
}

fn view_name(view: View) -> &'static str {
    VIEWS
        .iter()
        .find(|(_, v)| *v == view)
        .map_or("view", |(name, _)| name)
}

/// A file name from an id: `indicator:student-teacher-ratio` → `indicator-student-teacher-ratio`.
fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if export::write::is_stem_char(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_columns_by_rows_within_limits() {
        assert_eq!(parse_size("120x40"), Ok((120, 40)));
        assert_eq!(parse_size("200×60"), Ok((200, 60)));
        assert!(parse_size("30x8").is_err());
        assert!(parse_size("120").is_err());
        assert!(parse_size("x").is_err());
        assert!(parse_size("5000x40").is_err());
    }

    #[test]
    fn file_stems_are_safe_names() {
        assert_eq!(
            file_stem("indicator:student-teacher-ratio"),
            "indicator-student-teacher-ratio"
        );
        assert_eq!(file_stem("section:2.3"), "section-2.3");
        assert_eq!(file_stem("school:../x"), "school-..-x");
    }
}
