//! The keymap: one table from keys to actions per input mode. Input mapping, the help
//! overlay and the status bar's key hints are all read from it, so they cannot disagree.
//! The default table is data (`keys.toml`); a config file's keys rebind it.

mod defaults;
mod spelling;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, View};
pub use defaults::bindings;
pub use spelling::{SpellingError, parse_action, parse_key, parse_mode};

/// Which keys apply: typing into the finder or a filter takes printable keys as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Finder,
    FilterEdit,
    /// Typing a find in the chapter being read.
    ChapterFind,
    /// Presenting slides.
    Present,
    /// Choosing a report in the picker (typing narrows it).
    Picker,
    /// The Compare view.
    Compare,
}

impl Mode {
    /// Every mode, in the order help lists them.
    pub const ALL: [Mode; 7] = [
        Mode::Normal,
        Mode::Finder,
        Mode::FilterEdit,
        Mode::ChapterFind,
        Mode::Present,
        Mode::Picker,
        Mode::Compare,
    ];
}

/// Ctrl-C: it quits in every mode, and a config file may not rebind or unbind it, so no
/// config can leave the explorer without a way out.
pub const ALWAYS_QUITS: (KeyCode, KeyModifiers) = (KeyCode::Char('c'), KeyModifiers::CONTROL);

/// One binding: the key, what it does, how help and hints show it.
#[derive(Debug, Clone)]
pub struct Binding {
    pub mode: Mode,
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub action: Action,
    /// How the key is written in help (`↑ k`), shared by the bindings of one row.
    pub keys: &'static str,
    pub help: &'static str,
    /// Shown in the status bar of these views (in another mode, any: in its popup or
    /// overview); empty: in help only.
    pub hint_in: Vec<View>,
}

/// One line of a config file's `[keys.MODE]` table: a key bound anew, or unbound.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyBinding {
    pub mode: Mode,
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    /// `None` unbinds the key.
    pub action: Option<Action>,
}

impl Binding {
    /// Whether this binds that key in that mode. A character's Shift is in the character
    /// itself (`G`), so whether Shift is also reported does not matter.
    fn is_key(&self, mode: Mode, code: KeyCode, modifiers: KeyModifiers) -> bool {
        self.mode == mode
            && self.code == code
            && (self.modifiers == modifiers
                || matches!(code, KeyCode::Char(_))
                    && self.modifiers - KeyModifiers::SHIFT == modifiers - KeyModifiers::SHIFT)
    }
}

/// Binds a key to an action in a mode, or unbinds it (`action: None`), as a config file
/// asks: whatever the key did in that mode it no longer does, and help no longer names
/// it. The new binding takes the help text and hints of the action's first binding in
/// the mode, and stands after it in help.
pub fn rebind(
    bindings: &mut Vec<Binding>,
    mode: Mode,
    (code, modifiers): (KeyCode, KeyModifiers),
    action: Option<Action>,
) {
    let same_key = |b: &Binding| b.is_key(mode, code, modifiers);
    let label = key_label(code, modifiers);
    let rows: Vec<&'static str> = bindings
        .iter()
        .filter(|b| same_key(b))
        .map(|b| b.keys)
        .collect();
    bindings.retain(|b| !same_key(b));
    // The rows that named the key (`↓ j`) name it no more.
    for binding in bindings
        .iter_mut()
        .filter(|b| b.mode == mode && rows.contains(&b.keys))
    {
        let kept: Vec<&str> = binding.keys.split(' ').filter(|k| *k != label).collect();
        binding.keys = leak(kept.join(" "));
    }
    let Some(action) = action else { return };
    let template = bindings
        .iter()
        .position(|b| b.mode == mode && b.action == action);
    let (help, hint_in) = match template {
        Some(i) => (bindings[i].help, bindings[i].hint_in.clone()),
        None => (leak(action_name(&action)), Vec::new()),
    };
    let binding = Binding {
        mode,
        code,
        modifiers,
        action,
        // Bindings are built once, at start, from a small file: leaking their labels
        // keeps every binding's text &'static, as the default table's is.
        keys: leak(label),
        help,
        hint_in,
    };
    let at = template.map_or(bindings.len(), |i| i + 1);
    bindings.insert(at, binding);
}

/// A key as the table writes it: `j`, `G`, `Ctrl-P`, `Alt-←`, `Shift-Tab`, `PgUp`, `F2`.
pub fn key_label(code: KeyCode, modifiers: KeyModifiers) -> String {
    let mut label = String::new();
    for (modifier, name) in [
        (KeyModifiers::CONTROL, "Ctrl-"),
        (KeyModifiers::ALT, "Alt-"),
    ] {
        if modifiers.contains(modifier) {
            label.push_str(name);
        }
    }
    let modified = !label.is_empty();
    match code {
        KeyCode::Char(' ') => label.push_str("Space"),
        KeyCode::Char(c) if modified => label.extend(c.to_uppercase()),
        KeyCode::Char(c) => label.push(c),
        KeyCode::F(n) => label.push_str(&format!("F{n}")),
        named => label.push_str(match named {
            KeyCode::Enter => "Enter",
            KeyCode::Esc => "Esc",
            KeyCode::Tab => "Tab",
            KeyCode::BackTab => "Shift-Tab",
            KeyCode::Backspace => "Backspace",
            KeyCode::Delete => "Del",
            KeyCode::Insert => "Ins",
            KeyCode::Home => "Home",
            KeyCode::End => "End",
            KeyCode::PageUp => "PgUp",
            KeyCode::PageDown => "PgDn",
            KeyCode::Up => "↑",
            KeyCode::Down => "↓",
            KeyCode::Left => "←",
            KeyCode::Right => "→",
            _ => "?",
        }),
    }
    label
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// An action as a config file names it (`toggle-audit`, `show-view reader`).
fn action_name(action: &Action) -> String {
    match serde_json::to_value(action) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(serde_json::Value::Object(fields)) => fields
            .iter()
            .map(|(name, value)| {
                format!(
                    "{name} {}",
                    value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_string)
                )
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => format!("{action:?}"),
    }
}

/// The key hints of a mode other than the explorer's (presenting): the first key of each
/// row marked with hints, and its help.
pub fn mode_hints(bindings: &[Binding], mode: Mode) -> Vec<(&'static str, &'static str)> {
    let mut hints: Vec<(&str, &str)> = Vec::new();
    for binding in bindings
        .iter()
        .filter(|b| b.mode == mode && !b.hint_in.is_empty())
    {
        let key = binding.keys.split(' ').next().unwrap_or(binding.keys);
        let help = binding.help.trim_start_matches("overview: ");
        if !hints.iter().any(|(k, _)| *k == key) {
            hints.push((key, help));
        }
    }
    hints
}

/// The action a key triggers in a mode; printable keys type text in the text modes.
pub fn action_for(bindings: &[Binding], mode: Mode, key: KeyEvent) -> Option<Action> {
    let found = bindings
        .iter()
        .find(|b| b.is_key(mode, key.code, key.modifiers));
    if let Some(binding) = found {
        return Some(binding.action.clone());
    }
    match (mode, key.code) {
        (Mode::Finder | Mode::FilterEdit | Mode::ChapterFind | Mode::Picker, KeyCode::Char(c))
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Type(c))
        }
        _ => None,
    }
}

/// The help overlay's sections: a title and the mode whose keys it lists.
pub const HELP_SECTIONS: [(&str, Mode); 7] = [
    ("Keys 按键", Mode::Normal),
    ("In the finder", Mode::Finder),
    ("Editing a filter", Mode::FilterEdit),
    ("Finding in the chapter", Mode::ChapterFind),
    ("Presenting 演示", Mode::Present),
    ("Choosing a report", Mode::Picker),
    ("Comparing 比较", Mode::Compare),
];

/// The lines of the help overlay: each section's title, its keys and a blank line, and
/// the closing line about the mouse.
pub fn help_length(bindings: &[Binding]) -> usize {
    HELP_SECTIONS
        .iter()
        .map(|(_, mode)| help_lines(bindings, *mode).len() + 2)
        .sum::<usize>()
        + 1
}

/// Help lines for a mode: (keys, what they do), one per distinct row, in table order.
pub fn help_lines(bindings: &[Binding], mode: Mode) -> Vec<(&'static str, &'static str)> {
    let mut lines: Vec<(&str, &str)> = Vec::new();
    for binding in bindings.iter().filter(|b| b.mode == mode) {
        if !lines.contains(&(binding.keys, binding.help)) {
            lines.push((binding.keys, binding.help));
        }
    }
    lines
}

/// The key hints for a view's status bar: (first key of the row, short help).
pub fn hints(bindings: &[Binding], view: View) -> Vec<(&'static str, &'static str)> {
    let mut hints: Vec<(&str, &str)> = Vec::new();
    // The view's own keys first, then those of every view.
    let relevant = bindings
        .iter()
        .filter(|b| b.mode == Mode::Normal && b.hint_in.contains(&view));
    let (own, everywhere): (Vec<&Binding>, Vec<&Binding>) =
        relevant.partition(|b| b.hint_in.len() < View::ALL.len());
    for binding in own.into_iter().chain(everywhere) {
        let key = binding.keys.split(' ').next().unwrap_or(binding.keys);
        let help = binding.help.trim_start_matches("indicators: ");
        if !hints.iter().any(|(k, _)| *k == key) {
            hints.push((key, help));
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: KeyModifiers = KeyModifiers::NONE;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_map_to_actions_per_mode() {
        let table = bindings();
        let normal = |k| action_for(&table, Mode::Normal, k);
        assert_eq!(normal(key(KeyCode::Char('j'), NONE)), Some(Action::Down));
        assert_eq!(
            normal(key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            normal(key(KeyCode::Char('p'), KeyModifiers::CONTROL)),
            Some(Action::OpenFinder)
        );
        assert_eq!(
            normal(key(KeyCode::Left, KeyModifiers::ALT)),
            Some(Action::Back)
        );
        assert_eq!(
            normal(key(KeyCode::Char('3'), NONE)),
            Some(Action::Chapter(3))
        );
        assert_eq!(normal(key(KeyCode::Char('x'), NONE)), None);
        assert_eq!(
            normal(key(KeyCode::Char('R'), KeyModifiers::SHIFT)),
            Some(Action::PickReport)
        );
        assert_eq!(
            normal(key(KeyCode::Char('C'), KeyModifiers::SHIFT)),
            Some(Action::ToggleCompare)
        );
        // The picker takes printable keys as its query; the Compare view as keys.
        let picker = |k| action_for(&table, Mode::Picker, k);
        assert_eq!(
            picker(key(KeyCode::Char('j'), NONE)),
            Some(Action::Type('j'))
        );
        assert_eq!(picker(key(KeyCode::Enter, NONE)), Some(Action::Select));
        let compare = |k| action_for(&table, Mode::Compare, k);
        assert_eq!(compare(key(KeyCode::Char('j'), NONE)), Some(Action::Down));
        assert_eq!(compare(key(KeyCode::Tab, NONE)), Some(Action::NextPane));
        assert_eq!(
            compare(key(KeyCode::Char('C'), KeyModifiers::SHIFT)),
            Some(Action::ToggleCompare)
        );
        assert_eq!(compare(key(KeyCode::Char('x'), NONE)), None);
        let finder = |k| action_for(&table, Mode::Finder, k);
        assert_eq!(
            finder(key(KeyCode::Char('j'), NONE)),
            Some(Action::Type('j'))
        );
        assert_eq!(
            finder(key(KeyCode::Char('嘉'), NONE)),
            Some(Action::Type('嘉'))
        );
        assert_eq!(
            finder(key(KeyCode::Char('J'), KeyModifiers::SHIFT)),
            Some(Action::Type('J'))
        );
        assert_eq!(
            finder(key(KeyCode::Char('j'), KeyModifiers::CONTROL)),
            Some(Action::Down)
        );
        assert_eq!(finder(key(KeyCode::Esc, NONE)), Some(Action::Escape));
        assert_eq!(
            finder(key(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Action::ToggleReports)
        );
    }

    /// `shift-tab` in a config file is the key a terminal sends (BackTab with Shift), so it
    /// rebinds the default Shift-Tab rather than adding a key no terminal sends.
    #[test]
    fn shift_tab_rebinds_the_key_the_terminal_sends() {
        let mut table = bindings();
        let shift_tab = parse_key("shift-tab").unwrap();
        assert_eq!(shift_tab, parse_key("backtab").unwrap());
        let sent = key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            action_for(&table, Mode::Normal, sent),
            Some(Action::PreviousPane)
        );
        rebind(&mut table, Mode::Normal, shift_tab, Some(Action::Back));
        assert_eq!(action_for(&table, Mode::Normal, sent), Some(Action::Back));
        rebind(&mut table, Mode::Normal, shift_tab, None);
        assert_eq!(action_for(&table, Mode::Normal, sent), None);
        assert!(
            !help_lines(&table, Mode::Normal)
                .iter()
                .any(|(keys, _)| keys.contains("Shift-Tab"))
        );
    }

    #[test]
    fn help_and_hints_come_from_the_same_table() {
        let table = bindings();
        let help = help_lines(&table, Mode::Normal);
        assert!(help.contains(&("/ Ctrl-P", "find anything")));
        assert!(help.contains(&("1–8", "read chapter N")));
        assert_eq!(help.iter().filter(|(k, _)| *k == "↑ k").count(), 1);
        let hints = hints(&table, View::Indicators);
        assert!(hints.contains(&("o", "sort by next column, reverse")));
        assert!(hints.contains(&("/", "find anything")));
    }
}
