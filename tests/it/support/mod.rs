//! Helpers shared by the integration tests: the binary, and writable copies of fixtures.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use nianbao::app::App;
use nianbao::text::char_width;
use nianbao::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub mod hostile;
pub mod limited;
pub mod screen;
pub mod several;
pub mod synth;

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini-2024");
pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/reports/jiaxing-2023/source.txt"
);
pub const EMBEDDED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/reports/jiaxing-2023");

/// The binary, with colour decisions left to the output (NO_COLOR unset) and no config
/// file: the tester's own settings must not change what the tests see.
pub fn nianbao() -> Command {
    Command::from_std(process())
}

/// What the binary prints with exactly these arguments; it must succeed.
pub fn stdout(args: &[&str]) -> String {
    let output = nianbao().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The text of the reader's highlighted runs.
pub fn highlighted_text(app: &App) -> String {
    use nianbao::app::document::Segment;
    app.reader_document()
        .lines
        .iter()
        .flat_map(|l| l.segments.iter())
        .filter(|(_, s)| *s == Segment::Highlight)
        .map(|(t, _)| t.as_str())
        .collect()
}

/// The binary run over `--data DIR` with `args`, to its end.
pub fn run_with_data(dir: &Path, args: &[&str]) -> std::process::Output {
    nianbao()
        .arg("--data")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

/// Waits until files just written are past the collection index's "racily clean" window
/// (2 seconds, docs/dataset.md): before it, every report is read again on each run, so a
/// test of what the index keeps would compare the files with themselves.
pub fn past_racy_window() {
    std::thread::sleep(std::time::Duration::from_millis(2500));
}

/// [`nianbao`] as a plain process, for tests that spawn it themselves.
pub fn process() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"));
    command
        .env_remove("NO_COLOR")
        .env_remove("NIANBAO_CONFIG")
        .env("XDG_CONFIG_HOME", NO_CONFIG_HOME);
    command
}

/// The buffer as text, one line per row; a wide glyph's second cell is not repeated.
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = symbol
                .chars()
                .map(char_width)
                .sum::<usize>()
                .saturating_sub(1);
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// The id of the report these tests know the figures of.
pub const JIAXING: &str = "jiaxing-2023";

/// The embedded dataset narrowed to the Jiaxing 2023 report: a contributor's report added
/// to `data/reports/` is embedded too, and must not change what these tests see.
pub fn jiaxing_dataset() -> nianbao::dataset::Dataset {
    let mut dataset = nianbao::dataset::Dataset::embedded().expect("the embedded dataset is valid");
    dataset.reports.retain(|report| report.meta.id == JIAXING);
    assert_eq!(dataset.reports.len(), 1, "{JIAXING} is embedded");
    dataset
}

/// The embedded Jiaxing 2023 report.
pub fn jiaxing() -> nianbao::model::Report {
    jiaxing_dataset().reports.remove(0)
}

/// An XDG_CONFIG_HOME with nothing in it.
pub const NO_CONFIG_HOME: &str = "/nonexistent/nianbao-tests";

/// A writable copy of the synthetic fixture report, at `<tmp>/mini-2024`.
pub fn fixture_copy() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("mini-2024");
    copy_dir(Path::new(FIXTURE), &dir);
    (temp, dir)
}

/// A writable copy of the fixture report with this `relations.csv`.
pub fn fixture_with_relations(relations: &str) -> (tempfile::TempDir, PathBuf) {
    let (temp, dir) = fixture_copy();
    fs::write(dir.join("relations.csv"), relations).unwrap();
    (temp, dir)
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The names in a folder, sorted (to compare before and after).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The frame as drawn (a TestBackend's own copy leaves out the style of the cells that
/// wide glyphs hide).
pub fn drawn(app: &App, width: u16, height: u16, theme: &Theme) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| draw(frame, app, theme))
        .unwrap()
        .buffer
        .clone()
}

/// A screen with its colours, for review: the text, then a legend of the styles (a
/// letter each, in order of first use: 256-colour foreground on background, attributes),
/// then each cell's letter.
pub fn styled_screen(buffer: &ratatui::buffer::Buffer) -> String {
    use ratatui::style::{Color, Modifier};
    let letters: Vec<char> = ('a'..='z').chain('A'..='Z').chain('0'..='9').collect();
    let colour = |c: Color| match c {
        Color::Indexed(n) => n.to_string(),
        other => format!("{other:?}"),
    };
    let mut styles: Vec<(Color, Color, Modifier)> = Vec::new();
    let mut grid = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            let style = (cell.fg, cell.bg, cell.modifier);
            let index = styles.iter().position(|s| *s == style).unwrap_or_else(|| {
                styles.push(style);
                styles.len() - 1
            });
            grid.push(letters.get(index).copied().unwrap_or('?'));
        }
        grid.push('\n');
    }
    let text = buffer_text(buffer);
    let legend: String = styles
        .iter()
        .enumerate()
        .map(|(i, (fg, bg, modifier))| {
            let attributes = if modifier.is_empty() {
                String::new()
            } else {
                format!(" {modifier:?}")
            };
            format!(
                "{}: {} on {}{attributes}\n",
                letters.get(i).copied().unwrap_or('?'),
                colour(*fg),
                colour(*bg)
            )
        })
        .collect();
    format!("{text}\n{legend}\n{grid}")
}
