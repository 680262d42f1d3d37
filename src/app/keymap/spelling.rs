//! How keys, modes and actions are written, in a config file's `[keys.MODE]` tables and in
//! the default table (`keys.toml`): one reading for both.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use serde::Deserialize;

use super::Mode;
use crate::app::action::Action;

/// The modes by the names a `[keys.MODE]` table gives them.
const MODES: [(&str, Mode); 7] = [
    ("normal", Mode::Normal),
    ("finder", Mode::Finder),
    ("filter", Mode::FilterEdit),
    ("find", Mode::ChapterFind),
    ("present", Mode::Present),
    ("reports", Mode::Picker),
    ("compare", Mode::Compare),
];

/// What is wrong with a key, mode or action as written; the config reader places it at
/// its line and column, the default table's test names its row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpellingError {
    #[error("no mode `{0}`; modes: {modes}", modes = MODES.map(|(name, _)| name).join(", "))]
    UnknownMode(String),
    #[error(
        "no key `{0}`; a key is a character (x, G, /) or one of {KEY_NAMES}, \
         after any of ctrl-, alt-, shift-"
    )]
    UnknownKey(String),
    #[error(
        "no key `{0}`: shift- goes with letters and named keys; write the \
         character Shift gives (?, !, …) instead"
    )]
    ShiftWithoutCapital(String),
    /// The action as written (`` `name` `` or `there`), and why it is none.
    #[error(
        "no action {0}: {1}; actions are named as in the keymap (down, top, \
         open-finder, toggle-audit, next-theme, …), see `nianbao config --print-default`"
    )]
    UnknownAction(String, String),
    #[error("{0} is not an action a key can do")]
    NotForKeys(String),
    /// A key of the default table bound to `none`.
    #[error("`{0}` is unbound: leave it out")]
    Unbound(String),
}

/// A mode by its name (`normal`, `reports`).
pub fn parse_mode(name: &str) -> Result<Mode, SpellingError> {
    MODES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, mode)| *mode)
        .ok_or_else(|| SpellingError::UnknownMode(name.to_string()))
}

/// A key as written: a character (`x`, `G`, `/`), or a name, after any of `ctrl-`, `alt-`,
/// `shift-`; read as the key a terminal sends.
pub fn parse_key(text: &str) -> Result<(KeyCode, KeyModifiers), SpellingError> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some((modifier, prefix)) = [
            (KeyModifiers::CONTROL, "ctrl-"),
            (KeyModifiers::ALT, "alt-"),
            (KeyModifiers::SHIFT, "shift-"),
        ]
        .into_iter()
        .find(|(_, prefix)| lower.starts_with(prefix) && rest.len() > prefix.len()) else {
            break;
        };
        modifiers |= modifier;
        rest = &rest[prefix.len()..];
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() && c != ' ' => KeyCode::Char(c),
        _ => named_key(&rest.to_ascii_lowercase())
            .ok_or_else(|| SpellingError::UnknownKey(text.to_string()))?,
    };
    let shift = modifiers.contains(KeyModifiers::SHIFT);
    Ok(match code {
        // Shift with Tab is its own key, which a terminal sends with Shift held.
        KeyCode::Tab if shift => (KeyCode::BackTab, modifiers),
        KeyCode::BackTab => (KeyCode::BackTab, modifiers | KeyModifiers::SHIFT),
        // A terminal sends a letter typed with Ctrl as the small letter, with or without
        // Shift: Ctrl-N (as help writes it) and ctrl-shift-n are Ctrl-n.
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) && c.is_alphabetic() => (
            KeyCode::Char(one_char(c.to_lowercase(), c)),
            modifiers - KeyModifiers::SHIFT,
        ),
        // Shift with a letter is the capital, which is what a terminal sends.
        KeyCode::Char(c) if shift => {
            let capital = one_char(c.to_uppercase(), c);
            if capital == c && !c.is_uppercase() {
                return Err(SpellingError::ShiftWithoutCapital(text.to_string()));
            }
            (KeyCode::Char(capital), modifiers - KeyModifiers::SHIFT)
        }
        other => (other, modifiers),
    })
}

/// A case mapping of one character to one character; `c` itself when it is more (ß → SS).
fn one_char(mut mapped: impl Iterator<Item = char>, c: char) -> char {
    match (mapped.next(), mapped.next()) {
        (Some(only), None) => only,
        _ => c,
    }
}

const KEY_NAMES: &str = "space, enter, esc, tab, backtab, backspace, delete, insert, home, \
                         end, pageup, pagedown, up, down, left, right, f1–f12";

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "space" => KeyCode::Char(' '),
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        _ => {
            let number: u8 = name.strip_prefix('f')?.parse().ok()?;
            return (1..=12).contains(&number).then_some(KeyCode::F(number));
        }
    })
}

/// An action by its name in the keymap (`down`, `toggle-audit`), one with a value as an
/// inline table (`{ show-view = "reader" }`, `{ chapter = 3 }`), or `"none"` to unbind.
pub fn parse_action(value: &toml::Value) -> Result<Option<Action>, SpellingError> {
    if value.as_str() == Some("none") {
        return Ok(None);
    }
    let name = match value {
        toml::Value::String(name) => format!("`{name}`"),
        toml::Value::Table(table) if table.len() == 1 => {
            format!("`{}`", table.keys().next().expect("one key"))
        }
        _ => "there".to_string(),
    };
    let action = Action::deserialize(value.clone()).map_err(|error| {
        SpellingError::UnknownAction(name.clone(), error.message().trim().to_string())
    })?;
    // What only the terminal or the mouse produce cannot be bound to a key.
    match action {
        Action::Resize(..)
        | Action::Click { .. }
        | Action::ScrollUp { .. }
        | Action::ScrollDown { .. }
        | Action::Type(_)
        | Action::Paste(_) => Err(SpellingError::NotForKeys(name)),
        action => Ok(Some(action)),
    }
}
