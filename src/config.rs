//! The user's settings file (`config.toml`): where it is, what it may say, and its errors
//! with line and column. Pure: the caller reads the file and applies the result.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::app::Action;
use crate::app::keymap::{ALWAYS_QUITS, KeyBinding, parse_action, parse_key, parse_mode};
use crate::settings::{RiseColours, ThemeName};

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

/// A problem in the file, where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {}", crate::text::escape_controls(.message))]
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
            let mode = parse_mode(mode_name.get_ref())
                .map_err(|error| at(text, mode_name.span().start, error.to_string()))?;
            for (key, action) in table {
                let (code, modifiers) = parse_key(key.get_ref())
                    .map_err(|error| at(text, key.span().start, error.to_string()))?;
                let action = parse_action(action.get_ref())
                    .map_err(|error| at(text, action.span().start, error.to_string()))?;
                if (code, modifiers) == ALWAYS_QUITS && action != Some(Action::Quit) {
                    return Err(at(
                        text,
                        key.span().start,
                        "ctrl-c always quits, in every mode, so that a config cannot take \
                         away the way out; bind another key instead"
                            .to_string(),
                    ));
                }
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
# left, right, f1-f12, after any of ctrl-, alt-, shift-. ctrl-c always quits and cannot be
# rebound or unbound. Actions: up, down, left,
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
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    use super::*;
    use crate::app::keymap::Mode;
    use crate::app::{Action, View};

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
            KeyModifiers::SHIFT,
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
            // Ctrl-C is the way out no config takes away, however it is spelled.
            (
                "[keys.normal]\n\"ctrl-c\" = \"none\"\n",
                2,
                1,
                "ctrl-c always quits",
            ),
            (
                "[keys.present]\n\"Ctrl-Shift-C\" = \"down\"\n",
                2,
                1,
                "ctrl-c",
            ),
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
