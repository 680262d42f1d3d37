//! The keymap: one table from keys to actions per input mode. Input mapping, the help
//! overlay and the status bar's key hints are all read from it, so they cannot disagree.

mod spelling;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Edit, View};
pub use spelling::{parse_action, parse_key, parse_mode};

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

/// One binding: the key, what it does, how help and hints show it.
pub struct Binding {
    pub mode: Mode,
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub action: Action,
    /// How the key is written in help (`↑/k`), shared by the bindings of one row.
    pub keys: &'static str,
    pub help: &'static str,
    /// Shown in the status bar of these views (empty: help only).
    pub hint_in: &'static [View],
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

const NONE: KeyModifiers = KeyModifiers::NONE;
const ALL_VIEWS: &[View] = &View::ALL;

macro_rules! bind {
    ($mode:expr, $code:expr, $mods:expr, $action:expr, $keys:expr, $help:expr, $hint:expr) => {
        Binding {
            mode: $mode,
            code: $code,
            modifiers: $mods,
            action: $action,
            keys: $keys,
            help: $help,
            hint_in: $hint,
        }
    };
}

/// Every binding. Rows with the same `keys` and `help` are one line in help.
pub fn bindings() -> Vec<Binding> {
    use KeyCode::*;
    use Mode::*;
    let alt = KeyModifiers::ALT;
    let ctrl = KeyModifiers::CONTROL;
    let shift = KeyModifiers::SHIFT;
    let mut table = vec![
        bind!(
            Normal,
            Char('/'),
            NONE,
            Action::OpenFinder,
            "/ Ctrl-P",
            "find anything",
            ALL_VIEWS
        ),
        bind!(
            Normal,
            Char('p'),
            ctrl,
            Action::OpenFinder,
            "/ Ctrl-P",
            "find anything",
            &[]
        ),
        bind!(
            Normal,
            Char('?'),
            NONE,
            Action::ToggleHelp,
            "?",
            "help",
            ALL_VIEWS
        ),
        bind!(
            Normal,
            Char('q'),
            NONE,
            Action::Quit,
            "q",
            "quit",
            ALL_VIEWS
        ),
        bind!(Normal, Char('c'), ctrl, Action::Quit, "q", "quit", &[]),
        bind!(
            Normal,
            Esc,
            NONE,
            Action::Escape,
            "Esc",
            "close popup, clear filter",
            &[]
        ),
        bind!(Normal, Up, NONE, Action::Up, "↑ k", "up", &[]),
        bind!(Normal, Char('k'), NONE, Action::Up, "↑ k", "up", &[]),
        bind!(Normal, Down, NONE, Action::Down, "↓ j", "down", &[]),
        bind!(Normal, Char('j'), NONE, Action::Down, "↓ j", "down", &[]),
        bind!(
            Normal,
            Left,
            NONE,
            Action::Left,
            "← h",
            "collapse, back to the list",
            &[]
        ),
        bind!(
            Normal,
            Char('h'),
            NONE,
            Action::Left,
            "← h",
            "collapse, back to the list",
            &[]
        ),
        bind!(
            Normal,
            Right,
            NONE,
            Action::Right,
            "→ l",
            "expand, into the detail",
            &[]
        ),
        bind!(
            Normal,
            Char('l'),
            NONE,
            Action::Right,
            "→ l",
            "expand, into the detail",
            &[]
        ),
        bind!(
            Normal,
            PageUp,
            NONE,
            Action::PageUp,
            "PgUp PgDn",
            "page up / down",
            &[]
        ),
        bind!(
            Normal,
            PageDown,
            NONE,
            Action::PageDown,
            "PgUp PgDn",
            "page up / down",
            &[]
        ),
        bind!(Normal, Home, NONE, Action::Top, "Home g", "top", &[]),
        bind!(Normal, Char('g'), NONE, Action::Top, "Home g", "top", &[]),
        bind!(Normal, End, NONE, Action::Bottom, "End G", "bottom", &[]),
        bind!(
            Normal,
            Char('G'),
            shift,
            Action::Bottom,
            "End G",
            "bottom",
            &[]
        ),
        bind!(
            Normal,
            Char('G'),
            NONE,
            Action::Bottom,
            "End G",
            "bottom",
            &[]
        ),
        bind!(
            Normal,
            Tab,
            NONE,
            Action::NextPane,
            "Tab",
            "next pane",
            &[View::Reader, View::Schools, View::Cases]
        ),
        bind!(
            Normal,
            BackTab,
            shift,
            Action::PreviousPane,
            "Shift-Tab",
            "previous pane",
            &[]
        ),
        bind!(
            Normal,
            Enter,
            NONE,
            Action::Select,
            "Enter",
            "open / jump",
            &[View::Dashboard, View::Schools, View::Cases]
        ),
        bind!(
            Normal,
            Backspace,
            NONE,
            Action::Back,
            "Backspace Alt-←",
            "back",
            &[]
        ),
        bind!(
            Normal,
            Left,
            alt,
            Action::Back,
            "Backspace Alt-←",
            "back",
            &[]
        ),
        bind!(Normal, Right, alt, Action::Forward, "Alt-→", "forward", &[]),
        bind!(
            Normal,
            Char('d'),
            NONE,
            Action::ShowView(View::Dashboard),
            "d r i s c",
            "dashboard, reader, indicators, schools, cases",
            &[]
        ),
        bind!(
            Normal,
            Char('r'),
            NONE,
            Action::ShowView(View::Reader),
            "d r i s c",
            "dashboard, reader, indicators, schools, cases",
            &[]
        ),
        bind!(
            Normal,
            Char('i'),
            NONE,
            Action::ShowView(View::Indicators),
            "d r i s c",
            "dashboard, reader, indicators, schools, cases",
            &[]
        ),
        bind!(
            Normal,
            Char('s'),
            NONE,
            Action::ShowView(View::Schools),
            "d r i s c",
            "dashboard, reader, indicators, schools, cases",
            &[]
        ),
        bind!(
            Normal,
            Char('c'),
            NONE,
            Action::ShowView(View::Cases),
            "d r i s c",
            "dashboard, reader, indicators, schools, cases",
            &[]
        ),
        bind!(
            Normal,
            Char('o'),
            NONE,
            Action::SortNext,
            "o O",
            "indicators: sort by next column, reverse",
            &[View::Indicators]
        ),
        bind!(
            Normal,
            Char('O'),
            shift,
            Action::SortReverse,
            "o O",
            "indicators: sort by next column, reverse",
            &[]
        ),
        bind!(
            Normal,
            Char('O'),
            NONE,
            Action::SortReverse,
            "o O",
            "indicators: sort by next column, reverse",
            &[]
        ),
        bind!(
            Normal,
            Char('f'),
            NONE,
            Action::NextChapterFilter,
            "f",
            "indicators: filter by chapter",
            &[View::Indicators]
        ),
        bind!(
            Normal,
            Char('e'),
            NONE,
            Action::EditFilter,
            "e",
            "indicators: filter by text",
            &[View::Indicators]
        ),
        bind!(
            Normal,
            Enter,
            NONE,
            Action::JumpToSource,
            "Enter",
            "indicators: jump to the source sentence",
            &[View::Indicators]
        ),
        bind!(
            Normal,
            Char('y'),
            NONE,
            Action::Copy,
            "y",
            "copy: a figure as a citation, a text, a name",
            &[View::Indicators]
        ),
        bind!(
            Normal,
            Char('Y'),
            shift,
            Action::CopyId,
            "Y",
            "copy the id (indicator:…, case:…)",
            &[]
        ),
        bind!(
            Normal,
            Char('Y'),
            NONE,
            Action::CopyId,
            "Y",
            "copy the id (indicator:…, case:…)",
            &[]
        ),
        bind!(
            Normal,
            Char('a'),
            NONE,
            Action::ToggleAudit,
            "a",
            "audit: the figures that do not add up",
            &[]
        ),
        bind!(
            Normal,
            Char('t'),
            NONE,
            Action::NextTheme,
            "t",
            "next colour theme (the status bar names it)",
            &[]
        ),
        bind!(
            Finder,
            Esc,
            NONE,
            Action::Escape,
            "Esc",
            "close the finder",
            &[]
        ),
        bind!(
            Finder,
            Enter,
            NONE,
            Action::Select,
            "Enter",
            "jump to the hit",
            &[]
        ),
        bind!(
            Finder,
            Tab,
            NONE,
            Action::NextKind,
            "Tab Shift-Tab",
            "cycle the kind shown",
            &[]
        ),
        bind!(
            Finder,
            BackTab,
            shift,
            Action::PreviousKind,
            "Tab Shift-Tab",
            "cycle the kind shown",
            &[]
        ),
        bind!(
            Finder,
            Char('r'),
            ctrl,
            Action::ToggleReports,
            "Ctrl-R",
            "search this report or every report's titles",
            &[]
        ),
        bind!(
            Finder,
            Up,
            NONE,
            Action::Up,
            "↑ ↓ Ctrl-K Ctrl-J",
            "choose a hit",
            &[]
        ),
        bind!(
            Finder,
            Down,
            NONE,
            Action::Down,
            "↑ ↓ Ctrl-K Ctrl-J",
            "choose a hit",
            &[]
        ),
        bind!(
            Finder,
            Char('k'),
            ctrl,
            Action::Up,
            "↑ ↓ Ctrl-K Ctrl-J",
            "choose a hit",
            &[]
        ),
        bind!(
            Finder,
            Char('j'),
            ctrl,
            Action::Down,
            "↑ ↓ Ctrl-K Ctrl-J",
            "choose a hit",
            &[]
        ),
        bind!(
            Finder,
            Char('p'),
            ctrl,
            Action::Up,
            "↑ ↓ Ctrl-K Ctrl-J",
            "choose a hit",
            &[]
        ),
        bind!(
            Finder,
            Char('n'),
            ctrl,
            Action::Down,
            "↑ ↓ Ctrl-K Ctrl-J",
            "choose a hit",
            &[]
        ),
        bind!(Finder, Char('c'), ctrl, Action::Quit, "Ctrl-C", "quit", &[]),
        bind!(
            FilterEdit,
            Esc,
            NONE,
            Action::Escape,
            "Esc",
            "clear the filter",
            &[]
        ),
        bind!(
            FilterEdit,
            Enter,
            NONE,
            Action::Select,
            "Enter",
            "keep the filter",
            &[]
        ),
        bind!(
            FilterEdit,
            Char('c'),
            ctrl,
            Action::Quit,
            "Ctrl-C",
            "quit",
            &[]
        ),
    ];
    table.extend([
        bind!(
            Normal,
            Char('f'),
            ctrl,
            Action::FindInChapter,
            "Ctrl-F",
            "find in this chapter",
            &[View::Reader]
        ),
        bind!(
            Normal,
            Char('n'),
            NONE,
            Action::NextMatch,
            "n N",
            "next, previous hit in the chapter",
            &[]
        ),
        bind!(
            Normal,
            Char('N'),
            shift,
            Action::PreviousMatch,
            "n N",
            "next, previous hit in the chapter",
            &[]
        ),
        bind!(
            Normal,
            Char('N'),
            NONE,
            Action::PreviousMatch,
            "n N",
            "next, previous hit in the chapter",
            &[]
        ),
        bind!(
            ChapterFind,
            Enter,
            NONE,
            Action::Select,
            "Enter",
            "keep the hits (n N move between them)",
            &[]
        ),
        bind!(
            ChapterFind,
            Esc,
            NONE,
            Action::Escape,
            "Esc",
            "stop finding",
            &[]
        ),
        bind!(
            ChapterFind,
            Char('c'),
            ctrl,
            Action::Quit,
            "Ctrl-C",
            "quit",
            &[]
        ),
    ]);
    table.extend(compare_bindings());
    for mode in [Finder, FilterEdit, ChapterFind, Picker] {
        table.extend(editing_bindings(mode));
    }
    table.extend(present_bindings());
    for mode in [
        Normal,
        Finder,
        FilterEdit,
        ChapterFind,
        Present,
        Picker,
        Compare,
    ] {
        table.push(bind!(
            mode,
            Char('z'),
            ctrl,
            Action::Suspend,
            "Ctrl-Z",
            "suspend to the shell (fg resumes)",
            &[]
        ));
        table.push(bind!(
            mode,
            Char('l'),
            ctrl,
            Action::Redraw,
            "Ctrl-L",
            "redraw the screen",
            &[]
        ));
    }
    for chapter in 1..=8u32 {
        let digit = char::from_digit(chapter, 10).expect("one digit");
        table.push(bind!(
            Normal,
            Char(digit),
            NONE,
            Action::Chapter(chapter),
            "1–8",
            "read chapter N",
            &[]
        ));
    }
    table
}

/// The keys of the report picker and of the Compare view; those with hints show in the
/// popup's frame.
fn compare_bindings() -> Vec<Binding> {
    use KeyCode::*;
    use Mode::{Compare, Normal, Picker};
    // Any non-empty list marks a hint (the popups show them).
    const HINT: &[View] = &[View::Dashboard];
    let ctrl = KeyModifiers::CONTROL;
    let choose = "↑ ↓";
    vec![
        bind!(
            Normal,
            Char('R'),
            NONE,
            Action::PickReport,
            "R",
            "choose a report (by region and year)",
            &[]
        ),
        bind!(
            Normal,
            Char('C'),
            NONE,
            Action::ToggleCompare,
            "C",
            "compare a measure across the reports",
            &[]
        ),
        bind!(
            Picker,
            Up,
            NONE,
            Action::Up,
            choose,
            "choose a report",
            HINT
        ),
        bind!(
            Picker,
            Down,
            NONE,
            Action::Down,
            choose,
            "choose a report",
            HINT
        ),
        bind!(
            Picker,
            Enter,
            NONE,
            Action::Select,
            "Enter",
            "open it",
            HINT
        ),
        bind!(Picker, Esc, NONE, Action::Escape, "Esc", "close", HINT),
        bind!(Picker, Char('c'), ctrl, Action::Quit, "Ctrl-C", "quit", &[]),
        bind!(
            Compare,
            Up,
            NONE,
            Action::Up,
            "↑ ↓ k j",
            "measure or scroll",
            HINT
        ),
        bind!(
            Compare,
            Char('k'),
            NONE,
            Action::Up,
            "↑ ↓ k j",
            "measure or scroll",
            &[]
        ),
        bind!(
            Compare,
            Down,
            NONE,
            Action::Down,
            "↑ ↓ k j",
            "measure or scroll",
            &[]
        ),
        bind!(
            Compare,
            Char('j'),
            NONE,
            Action::Down,
            "↑ ↓ k j",
            "measure or scroll",
            &[]
        ),
        bind!(
            Compare,
            Left,
            NONE,
            Action::Left,
            "← → h l",
            "year, region or report",
            HINT
        ),
        bind!(
            Compare,
            Char('h'),
            NONE,
            Action::Left,
            "← → h l",
            "year, region or report",
            &[]
        ),
        bind!(
            Compare,
            Right,
            NONE,
            Action::Right,
            "← → h l",
            "year, region or report",
            &[]
        ),
        bind!(
            Compare,
            Char('l'),
            NONE,
            Action::Right,
            "← → h l",
            "year, region or report",
            &[]
        ),
        bind!(
            Compare,
            Tab,
            NONE,
            Action::NextPane,
            "Tab Shift-Tab",
            "next chart",
            HINT
        ),
        bind!(
            Compare,
            BackTab,
            KeyModifiers::SHIFT,
            Action::PreviousPane,
            "Tab Shift-Tab",
            "next chart",
            &[]
        ),
        bind!(Compare, Esc, NONE, Action::Escape, "Esc C", "close", HINT),
        bind!(
            Compare,
            Char('C'),
            NONE,
            Action::ToggleCompare,
            "Esc C",
            "close",
            &[]
        ),
        bind!(
            Compare,
            Char('?'),
            NONE,
            Action::ToggleHelp,
            "?",
            "help",
            &[]
        ),
        bind!(Compare, Char('q'), NONE, Action::Quit, "q", "quit", &[]),
        bind!(Compare, Char('c'), ctrl, Action::Quit, "q", "quit", &[]),
    ]
}

/// The keys of a presentation; those with hints show under the overview.
fn present_bindings() -> Vec<Binding> {
    use KeyCode::*;
    use Mode::{Normal, Present};
    // Hints show under the overview (any non-empty list marks them).
    const HINT: &[View] = &[View::Dashboard];
    let next = "→ Space PgDn";
    let previous = "← PgUp";
    let mut table = vec![
        bind!(
            Normal,
            Char('p'),
            NONE,
            Action::Present,
            "p",
            "present: slides, from this item",
            &[]
        ),
        bind!(
            Present,
            Right,
            NONE,
            Action::NextSlide,
            next,
            "next slide",
            &[]
        ),
        bind!(
            Present,
            Char(' '),
            NONE,
            Action::NextSlide,
            next,
            "next slide",
            &[]
        ),
        bind!(
            Present,
            PageDown,
            NONE,
            Action::NextSlide,
            next,
            "next slide",
            &[]
        ),
        bind!(
            Present,
            Left,
            NONE,
            Action::PreviousSlide,
            previous,
            "previous slide",
            &[]
        ),
        bind!(
            Present,
            PageUp,
            NONE,
            Action::PreviousSlide,
            previous,
            "previous slide",
            &[]
        ),
        bind!(
            Present,
            Down,
            NONE,
            Action::Down,
            "↓ ↑",
            "next, previous (overview: a row)",
            &[]
        ),
        bind!(
            Present,
            Up,
            NONE,
            Action::Up,
            "↓ ↑",
            "next, previous (overview: a row)",
            &[]
        ),
        bind!(
            Present,
            Home,
            NONE,
            Action::Top,
            "Home End",
            "first, last slide",
            &[]
        ),
        bind!(
            Present,
            End,
            NONE,
            Action::Bottom,
            "Home End",
            "first, last slide",
            &[]
        ),
        bind!(
            Present,
            Enter,
            NONE,
            Action::Select,
            "Enter",
            "overview: open the chosen slide",
            HINT
        ),
        bind!(
            Present,
            Backspace,
            NONE,
            Action::Edit(Edit::DeleteBack),
            "Backspace",
            "take back a digit of N",
            &[]
        ),
        bind!(
            Present,
            Char('o'),
            NONE,
            Action::Overview,
            "o",
            "overview of the slides",
            &[]
        ),
        bind!(
            Present,
            Esc,
            NONE,
            Action::Escape,
            "Esc",
            "overview: close",
            HINT
        ),
        bind!(
            Present,
            Char('b'),
            NONE,
            Action::Blank,
            "b",
            "blank the screen (any key: back)",
            &[]
        ),
        bind!(
            Present,
            Char('?'),
            NONE,
            Action::ToggleHelp,
            "?",
            "help",
            &[]
        ),
        bind!(
            Present,
            Char('q'),
            NONE,
            Action::LeavePresentation,
            "q",
            "leave the presentation",
            HINT
        ),
        bind!(
            Present,
            Char('c'),
            KeyModifiers::CONTROL,
            Action::Quit,
            "Ctrl-C",
            "quit",
            &[]
        ),
    ];
    for digit in 0..=9u8 {
        table.push(bind!(
            Present,
            Char(char::from(b'0' + digit)),
            NONE,
            Action::SlideDigit(digit),
            "0–9 Enter",
            "type N, then Enter: slide N",
            HINT
        ));
    }
    table
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
    let same_key = |b: &Binding| {
        b.mode == mode
            && b.code == code
            && (b.modifiers == modifiers
                || matches!(code, KeyCode::Char(_))
                    && b.modifiers - KeyModifiers::SHIFT == modifiers - KeyModifiers::SHIFT)
    };
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
        Some(i) => (bindings[i].help, bindings[i].hint_in),
        None => (leak(action_name(&action)), &[][..]),
    };
    let binding = Binding {
        mode,
        code,
        modifiers,
        action,
        // Bindings are built once, at start, from a small file: leaking their labels
        // keeps every binding's text &'static, as the built-in table's is.
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

/// The line-editing keys of a text field (the finder's query, the indicator filter),
/// as in a shell.
fn editing_bindings(mode: Mode) -> Vec<Binding> {
    use KeyCode::*;
    let alt = KeyModifiers::ALT;
    let ctrl = KeyModifiers::CONTROL;
    let edit = |code, modifiers, edit, keys, help| Binding {
        mode,
        code,
        modifiers,
        action: Action::Edit(edit),
        keys,
        help,
        hint_in: &[],
    };
    let caret = "← → Ctrl-A Ctrl-E";
    let word = "Alt-B Alt-F Ctrl-←→";
    vec![
        edit(
            Backspace,
            NONE,
            Edit::DeleteBack,
            "Backspace Del",
            "delete a character",
        ),
        edit(
            Delete,
            NONE,
            Edit::DeleteForward,
            "Backspace Del",
            "delete a character",
        ),
        edit(
            Char('w'),
            ctrl,
            Edit::DeleteWordBack,
            "Ctrl-W",
            "delete the word before",
        ),
        edit(
            Char('u'),
            ctrl,
            Edit::DeleteToStart,
            "Ctrl-U",
            "delete to the start",
        ),
        edit(
            Left,
            NONE,
            Edit::Left,
            caret,
            "caret left, right, start, end",
        ),
        edit(
            Right,
            NONE,
            Edit::Right,
            caret,
            "caret left, right, start, end",
        ),
        edit(
            Char('a'),
            ctrl,
            Edit::Home,
            caret,
            "caret left, right, start, end",
        ),
        edit(
            Char('e'),
            ctrl,
            Edit::End,
            caret,
            "caret left, right, start, end",
        ),
        edit(
            Home,
            NONE,
            Edit::Home,
            caret,
            "caret left, right, start, end",
        ),
        edit(End, NONE, Edit::End, caret, "caret left, right, start, end"),
        edit(
            Char('b'),
            alt,
            Edit::WordLeft,
            word,
            "caret a word left, right",
        ),
        edit(
            Char('f'),
            alt,
            Edit::WordRight,
            word,
            "caret a word left, right",
        ),
        edit(Left, ctrl, Edit::WordLeft, word, "caret a word left, right"),
        edit(
            Right,
            ctrl,
            Edit::WordRight,
            word,
            "caret a word left, right",
        ),
    ]
}

/// The action a key triggers in a mode; printable keys type text in the text modes.
pub fn action_for(bindings: &[Binding], mode: Mode, key: KeyEvent) -> Option<Action> {
    let modifiers = key.modifiers - KeyModifiers::SHIFT;
    let found = bindings.iter().find(|b| {
        b.mode == mode
            && b.code == key.code
            && (b.modifiers == key.modifiers
                || b.modifiers - KeyModifiers::SHIFT == modifiers
                    && matches!(b.code, KeyCode::Char(_)))
    });
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
