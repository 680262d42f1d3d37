//! Keys, clicks and popups: help and escape, the mouse, tiny terminals, the theme key, and
//! keys rebound by a config file as the terminal sends them.

use nianbao::app::{Action, App, Pane, View};

use super::{app, app_at, apply};

#[test]
fn help_opens_and_escape_closes_popups_first() {
    let mut app = app();
    app.apply(Action::ToggleHelp);
    assert!(app.help);
    app.apply(Action::Down);
    assert_eq!(
        app.dashboard.selected, 0,
        "keys go to the help overlay, not the view"
    );
    assert!(app.apply(Action::Escape).is_empty(), "Esc does not quit");
    assert!(!app.help);
}

#[test]
fn clicks_select_rows_and_the_wheel_scrolls() {
    let mut app = app();
    let areas = app.areas().unwrap();
    // Third row inside the outline: chapter 1's first section.
    app.apply(Action::Click {
        column: areas.outline.x + 3,
        row: areas.outline.y + 3,
    });
    assert_eq!(app.pane, Pane::Outline);
    assert_eq!(app.outline_rows.selected, 2);
    assert_eq!(app.view, View::Reader);
    let before = app.reader_scroll();
    app.apply(Action::ScrollDown {
        column: areas.content.x + 5,
        row: areas.content.y + 5,
    });
    assert!(app.reader_scroll() > before);
}

#[test]
fn tiny_terminals_take_every_action_without_panicking() {
    let mut app = app_at(1, 1);
    assert!(app.areas().is_none());
    let actions = [
        Action::Down,
        Action::PageDown,
        Action::Bottom,
        Action::NextPane,
        Action::Select,
        Action::Chapter(2),
        Action::ShowView(View::Indicators),
        Action::JumpToSource,
        Action::Click { column: 0, row: 0 },
        Action::ScrollDown { column: 0, row: 0 },
        Action::OpenFinder,
        Action::Type('j'),
        Action::Select,
        Action::Back,
        Action::Resize(200, 60),
        Action::Resize(0, 0),
    ];
    apply(&mut app, actions);
}

#[test]
fn the_theme_key_cycles_the_themes_and_says_which() {
    use nianbao::app::keymap::{Mode, action_for, bindings, help_lines};
    use nianbao::settings::ThemeName;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let table = bindings();
    let t = KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE);
    assert_eq!(action_for(&table, Mode::Normal, t), Some(Action::NextTheme));
    // In the finder, t is typed.
    assert_eq!(action_for(&table, Mode::Finder, t), Some(Action::Type('t')));
    assert!(
        help_lines(&table, Mode::Normal)
            .iter()
            .any(|(keys, _)| *keys == "t")
    );
    let mut app = app();
    assert_eq!(app.theme, ThemeName::Dark);
    let view = app.view;
    let mut seen = Vec::new();
    for _ in 0..5 {
        app.apply(Action::NextTheme);
        seen.push(app.theme);
        assert_eq!(
            app.notice.as_deref(),
            Some(format!("Theme: {} (t: the next)", app.theme.label()).as_str())
        );
    }
    assert_eq!(
        seen,
        [
            ThemeName::Light,
            ThemeName::Contrast,
            ThemeName::ProjectorDark,
            ThemeName::ProjectorLight,
            ThemeName::Dark
        ]
    );
    assert_eq!(app.view, view, "switching themes changes nothing else");
}

/// A config file's keys change what keys do in the app, and help shows the new keys.
#[test]
fn keys_from_a_config_file_rebind_actions_by_name() {
    use nianbao::app::keymap::{Mode, action_for, help_lines};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let config = nianbao::config::Config::parse(
        r#"
[keys.normal]
"ctrl-e" = "toggle-audit"
"j" = "none"
"F2" = { show-view = "indicators" }
[keys.present]
"n" = "next-slide"
"#,
    )
    .unwrap();
    let mut app = app();
    let key = |code, modifiers| KeyEvent::new(code, modifiers);
    let ctrl_e = key(KeyCode::Char('e'), KeyModifiers::CONTROL);
    assert_eq!(action_for(app.keymap(), Mode::Normal, ctrl_e), None);
    app.bind_keys(&config.keys);
    let normal = |app: &App, k| action_for(app.keymap(), Mode::Normal, k);
    assert_eq!(normal(&app, ctrl_e), Some(Action::ToggleAudit));
    assert_eq!(
        normal(&app, key(KeyCode::Char('j'), KeyModifiers::NONE)),
        None
    );
    assert_eq!(
        normal(&app, key(KeyCode::Down, KeyModifiers::NONE)),
        Some(Action::Down),
        "the action keeps its other keys"
    );
    assert_eq!(
        normal(&app, key(KeyCode::F(2), KeyModifiers::NONE)),
        Some(Action::ShowView(View::Indicators))
    );
    assert_eq!(
        action_for(
            app.keymap(),
            Mode::Present,
            key(KeyCode::Char('n'), KeyModifiers::NONE)
        ),
        Some(Action::NextSlide)
    );
    // The app does what the key now says.
    let action = normal(&app, ctrl_e).unwrap();
    apply(&mut app, [action]);
    assert!(app.audit.open);
    let help = help_lines(app.keymap(), Mode::Normal);
    let audit_help = help
        .iter()
        .find(|(keys, _)| *keys == "Ctrl-E")
        .map(|(_, h)| *h);
    assert_eq!(
        audit_help,
        help.iter().find(|(k, _)| *k == "a").map(|(_, h)| *h)
    );
    assert!(
        !help
            .iter()
            .any(|(keys, _)| keys.split([' ', '/']).any(|k| k == "j")),
        "j is unbound, help must not offer it: {help:?}"
    );
}

/// Keys are bound as the terminal sends them: `shift-j` is J (not j), and `Ctrl-N` (as
/// help writes it) or `ctrl-shift-n` is the Ctrl-n a terminal sends.
#[test]
fn config_keys_with_shift_or_a_capital_after_ctrl_are_the_keys_the_terminal_sends() {
    use nianbao::app::keymap::{Mode, action_for};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let config = nianbao::config::Config::parse(
        r#"
[keys.normal]
"shift-j" = "bottom"
"Ctrl-N" = "down"
"ctrl-shift-b" = "back"
"#,
    )
    .unwrap();
    let mut app = app();
    app.bind_keys(&config.keys);
    let normal = |k: KeyEvent| action_for(app.keymap(), Mode::Normal, k);
    let key = KeyEvent::new;
    assert_eq!(
        normal(key(KeyCode::Char('J'), KeyModifiers::SHIFT)),
        Some(Action::Bottom)
    );
    assert_eq!(
        normal(key(KeyCode::Char('j'), KeyModifiers::NONE)),
        Some(Action::Down),
        "shift-j leaves j alone"
    );
    assert_eq!(
        normal(key(KeyCode::Char('n'), KeyModifiers::CONTROL)),
        Some(Action::Down)
    );
    assert_eq!(
        normal(key(KeyCode::Char('b'), KeyModifiers::CONTROL)),
        Some(Action::Back)
    );
}
