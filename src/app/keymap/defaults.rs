//! The default keymap: `keys.toml`, built into the program and read into bindings.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::Binding;
use super::spelling::{SpellingError, parse_action, parse_key, parse_mode};
use crate::app::action::View;

/// The default key table, written as a config file writes keys (its opening comment says how).
const TABLE: &str = include_str!("keys.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table<'a> {
    #[serde(borrow)]
    row: Vec<Row<'a>>,
}

/// A `[[row]]`: keys in one or more modes, one line of help, maybe a hint.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row<'a> {
    mode: Modes,
    keys: BTreeMap<toml::Spanned<String>, toml::Value>,
    label: &'a str,
    help: &'a str,
    hint: Option<Hint>,
}

/// `mode = "normal"` or `mode = ["finder", "filter"]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Modes {
    One(String),
    Several(Vec<String>),
}

/// `hint = true` (in every view) or `hint = ["reader", "cases"]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Hint {
    EveryView(bool),
    Views(Vec<View>),
}

/// The default keymap: every binding of `keys.toml`, in its order.
pub fn bindings() -> Vec<Binding> {
    // Read once per process, however many apps it makes (tests make hundreds).
    static DEFAULT: LazyLock<Vec<Binding>> = LazyLock::new(|| {
        // The table is part of the build and reading it depends on nothing else, so the
        // test `the_default_table_reads_whole` proves that every run reads all of it. Were
        // a row unreadable all the same, the explorer starts without that row's keys rather
        // than panicking before its first frame over a mistake the user can neither see
        // nor mend.
        read(TABLE).0
    });
    DEFAULT.clone()
}

/// Reads a key table: its bindings, and a problem for each row that could not be read
/// (that row's keys are left out).
fn read(text: &'static str) -> (Vec<Binding>, Vec<String>) {
    let table: Table<'static> = match toml::from_str(text) {
        Ok(table) => table,
        Err(error) => return (Vec::new(), vec![error.to_string()]),
    };
    let mut bindings = Vec::new();
    let mut problems = Vec::new();
    for row in table.row {
        let (label, help) = (row.label, row.help);
        match read_row(row) {
            Ok(row) => bindings.extend(row),
            Err(problem) => problems.push(format!("the row `{label}`, `{help}`: {problem}")),
        }
    }
    (bindings, problems)
}

/// A row's bindings, mode by mode, each mode's keys in the order the row writes them.
fn read_row(row: Row<'static>) -> Result<Vec<Binding>, SpellingError> {
    let modes = match row.mode {
        Modes::One(name) => vec![name],
        Modes::Several(names) => names,
    };
    let modes = modes
        .iter()
        .map(|name| parse_mode(name))
        .collect::<Result<Vec<_>, _>>()?;
    // A TOML table keeps no order; the keys' places in the text give it back. Order
    // counts: a key a config file binds follows its action's first key.
    let mut keys: Vec<_> = row.keys.iter().collect();
    keys.sort_by_key(|(key, _)| key.span().start);
    let keys = keys
        .into_iter()
        .map(|(key, action)| {
            let (code, modifiers) = parse_key(key.get_ref())?;
            let action = parse_action(action)?
                .ok_or_else(|| SpellingError::Unbound(key.get_ref().to_string()))?;
            Ok((code, modifiers, action))
        })
        .collect::<Result<Vec<_>, SpellingError>>()?;
    let hint_in = match row.hint {
        None | Some(Hint::EveryView(false)) => Vec::new(),
        Some(Hint::EveryView(true)) => View::ALL.to_vec(),
        Some(Hint::Views(views)) => views,
    };
    let mut bindings = Vec::new();
    for mode in modes {
        for (code, modifiers, action) in &keys {
            bindings.push(Binding {
                mode,
                code: *code,
                modifiers: *modifiers,
                action: action.clone(),
                keys: row.label,
                help: row.help,
                hint_in: hint_in.clone(),
            });
        }
    }
    Ok(bindings)
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    use super::*;
    use crate::app::action::{Action, Edit};
    use crate::app::keymap::Mode;

    #[test]
    fn the_default_table_reads_whole() {
        let (bindings, problems) = read(TABLE);
        assert_eq!(problems, Vec::<String>::new());
        let keys: usize = toml::from_str::<Table>(TABLE)
            .unwrap()
            .row
            .iter()
            .map(|row| {
                let modes = match &row.mode {
                    Modes::One(_) => 1,
                    Modes::Several(names) => names.len(),
                };
                modes * row.keys.len()
            })
            .sum();
        assert_eq!(bindings.len(), keys, "every key of every row is bound");
    }

    /// Every action a key did before the table became data (src/app/keymap.rs's `bind!`
    /// rows) still has a key.
    #[test]
    fn every_action_a_key_could_do_has_a_key() {
        let bound = bindings();
        let mut actions = vec![
            Action::Up,
            Action::Down,
            Action::Left,
            Action::Right,
            Action::PageUp,
            Action::PageDown,
            Action::Top,
            Action::Bottom,
            Action::NextPane,
            Action::PreviousPane,
            Action::Select,
            Action::Back,
            Action::Forward,
            Action::OpenFinder,
            Action::ToggleAudit,
            Action::PickReport,
            Action::ToggleCompare,
            Action::Escape,
            Action::ToggleHelp,
            Action::Quit,
            Action::Copy,
            Action::CopyId,
            Action::Suspend,
            Action::Redraw,
            Action::NextTheme,
            Action::FindInChapter,
            Action::NextMatch,
            Action::PreviousMatch,
            Action::NextKind,
            Action::PreviousKind,
            Action::ToggleReports,
            Action::SortNext,
            Action::SortReverse,
            Action::NextChapterFilter,
            Action::EditFilter,
            Action::JumpToSource,
            Action::Present,
            Action::NextSlide,
            Action::PreviousSlide,
            Action::Overview,
            Action::Blank,
            Action::LeavePresentation,
        ];
        actions.extend(View::ALL.map(Action::ShowView));
        actions.extend((1..=8).map(Action::Chapter));
        actions.extend((0..=9).map(Action::SlideDigit));
        actions.extend(
            [
                Edit::DeleteBack,
                Edit::DeleteForward,
                Edit::DeleteWordBack,
                Edit::DeleteToStart,
                Edit::Left,
                Edit::Right,
                Edit::WordLeft,
                Edit::WordRight,
                Edit::Home,
                Edit::End,
            ]
            .map(Action::Edit),
        );
        for action in actions {
            assert!(
                bound.iter().any(|binding| binding.action == action),
                "no key does {action:?}"
            );
        }
        // Every mode has its keys, and Ctrl-C quits in each.
        for mode in Mode::ALL {
            assert!(
                bound.iter().any(|binding| binding.mode == mode
                    && (binding.code, binding.modifiers)
                        == (KeyCode::Char('c'), KeyModifiers::CONTROL)
                    && binding.action == Action::Quit),
                "Ctrl-C does not quit in {mode:?}"
            );
        }
    }

    #[test]
    fn a_row_that_does_not_read_is_left_out_and_named() {
        let (bindings, problems) = read(
            r#"
[[row]]
mode = "normal"
keys = { "x" = "quit" }
label = "x"
help = "quit"

[[row]]
mode = "typing"
keys = { "y" = "quit" }
label = "y"
help = "quit too"

[[row]]
mode = ["normal", "present"]
keys = { "hyper-z" = "quit" }
label = "z"
help = "quit as well"
"#,
        );
        assert_eq!(bindings.len(), 1);
        assert_eq!(bindings[0].keys, "x");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("typing"), "{problems:?}");
        assert!(problems[1].contains("hyper-z"), "{problems:?}");
        let (bindings, problems) = read("[[row]\n");
        assert!(bindings.is_empty());
        assert_eq!(problems.len(), 1);
    }
}
