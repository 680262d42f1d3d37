//! The user's settings file (`config.toml`): where it is, what it may say, and its errors
//! with line and column. Pure: the caller reads the file and applies the result.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use serde::Deserialize;

use crate::app::Action;
use crate::app::keymap::Mode;
use crate::ui::{RiseColours, ThemeName};

/// The settings a file may give; each is optional and a command-line option wins.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Config {
    pub theme: Option<ThemeName>,
    pub rises: Option<RiseColours>,
    pub color: Option<ColourSetting>,
    pub mouse: Option<bool>,
    pub osc52: Option<bool>,
    /// The report to open in a dataset of several.
    pub report: Option<String>,
    /// Keys bound to actions (or unbound), in file order.
    pub keys: Vec<KeyBinding>,
}

/// `color = "auto" | "always" | "never"`, as `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColourSetting {
    Auto,
    Always,
    Never,
}

/// One line of a `[keys.MODE]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyBinding {
    pub mode: Mode,
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    /// `None` unbinds the key.
    pub action: Option<Action>,
}

/// A problem in the file, where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The file as TOML says it, before keys are understood.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    theme: Option<ThemeName>,
    rises: Option<RiseColours>,
    color: Option<ColourSetting>,
    mouse: Option<bool>,
    osc52: Option<bool>,
    report: Option<String>,
    #[serde(default)]
    keys: BTreeMap<
        toml::Spanned<String>,
        BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>,
    >,
}

/// The modes a `[keys.MODE]` table may name.
const MODES: &[(&str, Mode)] = &[
    ("normal", Mode::Normal),
    ("finder", Mode::Finder),
    ("filter", Mode::FilterEdit),
    ("find", Mode::ChapterFind),
    ("present", Mode::Present),
    ("reports", Mode::Picker),
    ("compare", Mode::Compare),
];

impl Config {
    /// Parses a config file's text; the first problem is returned with its place.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let file: File = toml::from_str(text).map_err(|error| {
            let (line, column) = error.span().map_or((1, 1), |span| place(text, span.start));
            ConfigError {
                line,
                column,
                message: error.message().trim().to_string(),
            }
        })?;
        let mut keys = Vec::new();
        for (mode_name, table) in &file.keys {
            let mode = MODES
                .iter()
                .find(|(name, _)| *name == mode_name.get_ref())
                .map(|(_, mode)| *mode)
                .ok_or_else(|| {
                    at(
                        text,
                        mode_name.span().start,
                        format!(
                            "no mode `{}`; modes: {}",
                            mode_name.get_ref(),
                            MODES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                        ),
                    )
                })?;
            for (key, action) in table {
                let (code, modifiers) = parse_key(key.get_ref())
                    .map_err(|error| at(text, key.span().start, error.to_string()))?;
                let action = parse_action(action.get_ref())
                    .map_err(|message| at(text, action.span().start, message))?;
                keys.push(KeyBinding {
                    mode,
                    code,
                    modifiers,
                    action,
                });
            }
        }
        Ok(Config {
            theme: file.theme,
            rises: file.rises,
            color: file.color,
            mouse: file.mouse,
            osc52: file.osc52,
            report: file.report,
            keys,
        })
    }
}

/// Where the config file is looked for: `--config`, else `NIANBAO_CONFIG`, else
/// `$XDG_CONFIG_HOME/nianbao/config.toml`, else `~/.config/nianbao/config.toml`. The
/// second value says whether the user named it (then it must exist).
pub fn location(
    flag: Option<&Path>,
    variable: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Option<(PathBuf, bool)> {
    if let Some(path) = flag {
        return Some((path.to_path_buf(), true));
    }
    let set = |name: &str| variable(name).filter(|value| !value.is_empty());
    if let Some(path) = set("NIANBAO_CONFIG") {
        return Some((PathBuf::from(path), true));
    }
    let base = set("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| set("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some((base.join("nianbao").join("config.toml"), false))
}

fn place(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn at(text: &str, offset: usize, message: String) -> ConfigError {
    let (line, column) = place(text, offset);
    ConfigError {
        line,
        column,
        message,
    }
}

/// A key in the file that no key press is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum KeyError {
    #[error(
        "no key `{0}`; a key is a character (x, G, /) or one of {KEY_NAMES}, \
         after any of ctrl-, alt-, shift-"
    )]
    Unknown(String),
    #[error(
        "no key `{0}`: shift- goes with letters and named keys; write the \
         character Shift gives (?, !, …) instead"
    )]
    ShiftWithoutCapital(String),
}

/// A key as written in the file: a character (`x`, `G`, `/`), or a name, after any of
/// `ctrl-`, `alt-`, `shift-`.
fn parse_key(text: &str) -> Result<(KeyCode, KeyModifiers), KeyError> {
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
            .ok_or_else(|| KeyError::Unknown(text.to_string()))?,
    };
    let shift = modifiers.contains(KeyModifiers::SHIFT);
    Ok(match code {
        // Shift with Tab is its own key.
        KeyCode::Tab if shift => (KeyCode::BackTab, modifiers - KeyModifiers::SHIFT),
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
                return Err(KeyError::ShiftWithoutCapital(text.to_string()));
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
fn parse_action(value: &toml::Value) -> Result<Option<Action>, String> {
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
        format!(
            "no action {name}: {}; actions are named as in the keymap (down, top, \
             open-finder, toggle-audit, next-theme, …), see `nianbao config --print-default`",
            error.message().trim()
        )
    })?;
    // What only the terminal or the mouse produce cannot be bound to a key.
    match action {
        Action::Resize(..)
        | Action::Click { .. }
        | Action::ScrollUp { .. }
        | Action::ScrollDown { .. }
        | Action::Type(_)
        | Action::Paste(_) => Err(format!("{name} is not an action a key can do")),
        action => Ok(Some(action)),
    }
}

/// The file `nianbao config --print-default` writes: every setting at its default,
/// commented out, with what it does.
pub const DEFAULT: &str = r#"# nianbao settings. Looked for in --config FILE, else $NIANBAO_CONFIG, else
# $XDG_CONFIG_HOME/nianbao/config.toml, else ~/.config/nianbao/config.toml.
# Every setting is optional, and a command-line option wins over it. Remove the # of a
# line to use it. A mistake is reported with its line and column, and the defaults are
# used instead of the whole file.

# Colours of the explorer and of presentations: dark, light, contrast, projector-dark,
# projector-light (the projector themes paint their own background). Unset: dark or
# light to suit the terminal's background.
# theme = "dark"

# Colour for rises and falls (▲ ▼): none (the arrows alone), red-up (the Chinese
# convention), green-up (the Western one).
# rises = "none"

# When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never.
# color = "auto"

# Let the explorer take the mouse (clicks, the wheel); false leaves it to the
# terminal, so text can be selected.
# mouse = true

# Copy through the terminal (OSC 52) when y or Y is pressed; false only shows the id.
# osc52 = true

# The report to open in a dataset of several, by its id.
# report = "jiaxing-2023"

# Keys. In a mode (normal, finder, filter, find, present, reports, compare), a key to an action by its
# name, or "none" to unbind the key. A key is a character (x, G, /) or space, enter,
# esc, tab, backtab, backspace, delete, insert, home, end, pageup, pagedown, up, down,
# left, right, f1-f12, after any of ctrl-, alt-, shift-. Actions: up, down, left,
# right, page-up, page-down, top, bottom, next-pane, previous-pane, select, back,
# forward, open-finder, toggle-audit, escape, toggle-help, quit, copy, copy-id,
# suspend, redraw, next-theme, find-in-chapter, next-match, previous-match, next-kind,
# previous-kind, toggle-reports, sort-next, sort-reverse, next-chapter-filter,
# edit-filter, jump-to-source, present, next-slide, previous-slide, overview, blank,
# leave-presentation, pick-report, toggle-compare; and with a value: { show-view = "reader" } (dashboard, reader,
# indicators, schools, cases), { chapter = 3 }.
#
# [keys.normal]
# "ctrl-n" = "down"
# "ctrl-e" = "toggle-audit"
# "f2" = { show-view = "indicators" }
# "x" = "none"
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::View;

    #[test]
    fn the_default_file_parses_to_the_defaults_and_uncommented_it_is_valid() {
        assert_eq!(Config::parse(DEFAULT), Ok(Config::default()));
        let uncommented: String = DEFAULT
            .lines()
            .filter_map(|line| line.strip_prefix("# "))
            .filter(|line| {
                let key: String = line
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase())
                    .collect();
                line.starts_with(['[', '"'])
                    || !key.is_empty() && line[key.len()..].starts_with(" = ")
            })
            .map(|line| format!("{line}\n"))
            .collect();
        let config = Config::parse(&uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert_eq!(config.theme, Some(ThemeName::Dark));
        assert_eq!(config.report.as_deref(), Some("jiaxing-2023"));
        assert_eq!(config.keys.len(), 4);
    }

    #[test]
    fn settings_and_keys_are_read() {
        let text = r#"
theme = "projector-light"
rises = "red-up"
color = "never"
mouse = false
osc52 = false

[keys.normal]
"ctrl-n" = "down"
"F2" = { show-view = "indicators" }
"x" = "none"
"shift-tab" = "previous-pane"

[keys.present]
"n" = "next-slide"

[keys.compare]
"n" = "down"

[keys.reports]
"ctrl-o" = "select"
"#;
        let config = Config::parse(text).unwrap();
        assert_eq!(config.theme, Some(ThemeName::ProjectorLight));
        assert_eq!(config.rises, Some(RiseColours::RedUp));
        assert_eq!(config.color, Some(ColourSetting::Never));
        assert_eq!((config.mouse, config.osc52), (Some(false), Some(false)));
        let keys: Vec<(Mode, KeyCode, KeyModifiers, Option<Action>)> = config
            .keys
            .iter()
            .map(|k| (k.mode, k.code, k.modifiers, k.action.clone()))
            .collect();
        assert!(keys.contains(&(
            Mode::Normal,
            KeyCode::Char('n'),
            KeyModifiers::CONTROL,
            Some(Action::Down)
        )));
        assert!(keys.contains(&(
            Mode::Normal,
            KeyCode::F(2),
            KeyModifiers::NONE,
            Some(Action::ShowView(View::Indicators))
        )));
        assert!(keys.contains(&(Mode::Normal, KeyCode::Char('x'), KeyModifiers::NONE, None)));
        assert!(keys.contains(&(
            Mode::Normal,
            KeyCode::BackTab,
            KeyModifiers::NONE,
            Some(Action::PreviousPane)
        )));
        assert!(keys.contains(&(
            Mode::Present,
            KeyCode::Char('n'),
            KeyModifiers::NONE,
            Some(Action::NextSlide)
        )));
        assert!(keys.contains(&(
            Mode::Compare,
            KeyCode::Char('n'),
            KeyModifiers::NONE,
            Some(Action::Down)
        )));
        assert!(keys.contains(&(
            Mode::Picker,
            KeyCode::Char('o'),
            KeyModifiers::CONTROL,
            Some(Action::Select)
        )));
    }

    #[test]
    fn mistakes_are_reported_with_line_and_column() {
        let cases = [
            ("theme = \"blue\"\n", 1, 9, "blue"),
            ("\nmouse = \"yes\"\n", 2, 9, "bool"),
            ("colour = \"never\"\n", 1, 1, "colour"),
            ("theme = \"dark\n", 1, 14, ""),
            ("[keys.normal]\n\"ctrl-n\" = \"dwon\"\n", 2, 12, "dwon"),
            ("[keys.normal]\n\"hyper-x\" = \"down\"\n", 2, 1, "hyper-x"),
            ("[keys.typing]\n\"x\" = \"down\"\n", 1, 7, "typing"),
            // Shift gives another character, which a terminal sends as that character.
            ("[keys.normal]\n\"shift-/\" = \"down\"\n", 2, 1, "?"),
            (
                "[keys.normal]\n\"x\" = { resize = [1, 2] }\n",
                2,
                7,
                "not an action",
            ),
        ];
        for (text, line, column, mentions) in cases {
            let error = Config::parse(text).unwrap_err();
            assert_eq!(
                (error.line, error.column),
                (line, column),
                "{text:?}: {error}"
            );
            assert!(error.message.contains(mentions), "{text:?}: {error}");
        }
    }

    #[test]
    fn the_file_is_looked_for_in_the_flag_the_variable_then_xdg_then_home() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| std::ffi::OsString::from(value))
            }
        };
        let all = env(&[
            ("NIANBAO_CONFIG", "/etc/n.toml"),
            ("XDG_CONFIG_HOME", "/x"),
            ("HOME", "/h"),
        ]);
        assert_eq!(
            location(Some(Path::new("a.toml")), all),
            Some((PathBuf::from("a.toml"), true))
        );
        assert_eq!(
            location(None, all),
            Some((PathBuf::from("/etc/n.toml"), true))
        );
        assert_eq!(
            location(None, env(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")])),
            Some((PathBuf::from("/x/nianbao/config.toml"), false))
        );
        // A relative XDG_CONFIG_HOME is invalid by the spec: ignored.
        assert_eq!(
            location(None, env(&[("XDG_CONFIG_HOME", "rel"), ("HOME", "/h")])),
            Some((PathBuf::from("/h/.config/nianbao/config.toml"), false))
        );
        assert_eq!(location(None, env(&[])), None);
    }
}
