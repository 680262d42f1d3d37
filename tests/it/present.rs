//! Presenting: deck files (good and bad, with line numbers), moving through a deck by
//! actions alone, every kind of slide drawn at 80×24, 120×40 and 200×60 (reviewed
//! snapshots in tests/it/snapshots/), every slide at sizes from 1×1 to 240×67, big digits
//! whole or not at all, and `render_slide` drawing what the screen shows.

use crate::support;

use support::{buffer_text, drawn, styled_screen};

use nianbao::app::keymap::{Mode, action_for, bindings};
use nianbao::app::layout::Overview;
use nianbao::app::{Action, App, View};
use nianbao::dataset::Dataset;
use nianbao::model::{ItemRef, Report};
use nianbao::present::{Deck, SlideItem, digits};
use nianbao::settings::ThemeName;
use nianbao::text::char_width;
use nianbao::tui::Session;
use nianbao::ui::slides::render_slide;
use nianbao::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn dataset() -> Dataset {
    support::jiaxing_dataset()
}

fn report() -> Report {
    dataset().reports.remove(0)
}

fn theme() -> Theme {
    Theme::new(ThemeName::Dark, false)
}

fn app_at(width: u16, height: u16) -> App {
    App::new(dataset(), 0, (width, height))
}

fn apply(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.apply(action);
    }
}

fn current(app: &App) -> usize {
    app.present.as_ref().expect("presenting").current
}

fn current_item(app: &App) -> SlideItem {
    let presentation = app.present.as_ref().expect("presenting");
    presentation.deck.slides[presentation.current].item.clone()
}

/// The app drawn as the terminal shows it.
fn screen(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal.draw(|frame| draw(frame, app, &theme())).unwrap();
    terminal.backend().buffer().clone()
}

// Deck files.

const GOOD_DECK: &str = r#"# A talk of four slides.
[[slide]]
item = "title"
title = "嘉兴中职 2023 年报要点"

[[slide]]
item = "indicator:student-teacher-ratio"

[[slide]]
item = "chapter:2"
title = "人才培养"

[[slide]]
item = "case:7"

[[slide]]
item = "breakdown:specialty-layout-ratio"

[[slide]]
item = "preface"
"#;

#[test]
fn a_deck_file_lists_slides_in_order_with_their_titles() {
    let deck = Deck::parse(GOOD_DECK, &report()).unwrap();
    let items: Vec<SlideItem> = deck.slides.iter().map(|s| s.item.clone()).collect();
    assert_eq!(
        items,
        [
            SlideItem::Title,
            SlideItem::Indicator("student-teacher-ratio".into()),
            SlideItem::Chapter(2),
            SlideItem::Case("7".into()),
            SlideItem::Breakdown("specialty-layout-ratio".into()),
            SlideItem::Chapter(0),
        ]
    );
    assert_eq!(
        deck.slides[0].title.as_deref(),
        Some("嘉兴中职 2023 年报要点")
    );
    assert_eq!(deck.slides[1].title, None);
    assert_eq!(deck.slides[2].title.as_deref(), Some("人才培养"));
}

#[test]
fn the_documented_example_deck_is_valid() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/example-deck.toml"
    ))
    .unwrap();
    let deck = Deck::parse(&example, &report()).unwrap();
    assert!(deck.len() >= 5, "{deck:?}");
    let guide =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/deck.md")).unwrap();
    assert!(guide.contains("example-deck.toml"));
}

/// The error for a deck text: (line, message).
fn deck_error(text: &str) -> (usize, String) {
    let error = Deck::parse(text, &report()).unwrap_err();
    (error.line, error.message)
}

#[test]
fn an_unknown_id_is_named_with_its_line() {
    let text = GOOD_DECK.replace("case:7", "case:77");
    let error = Deck::parse(&text, &report()).unwrap_err();
    assert_eq!(error.line, 14, "{error}");
    assert!(error.message.contains("no item `case:77`"), "{error}");
    assert_eq!(error.unknown_id.as_deref(), Some("case:77"));
    let (line, message) = deck_error("[[slide]]\nitem = \"indicator:no-such-figure\"\n");
    assert_eq!(line, 2);
    assert!(message.contains("indicator:no-such-figure"), "{message}");
    let (line, message) = deck_error("\n\n[[slide]]\nitem = \"kapitel:2\"\n");
    assert_eq!(line, 4);
    assert!(message.contains("not an item id"), "{message}");
}

#[test]
fn items_that_cannot_be_slides_are_refused_with_their_line() {
    let (line, message) =
        deck_error("[[slide]]\nitem = \"title\"\n[[slide]]\nitem = \"section:2.3\"\n");
    assert_eq!(line, 4);
    assert!(message.contains("cannot be a slide"), "{message}");
    assert!(message.contains("chapter:N"), "says what can: {message}");
}

#[test]
fn bad_toml_is_an_error_at_its_line() {
    // An unclosed table header on line 3.
    let (line, message) = deck_error("[[slide]]\nitem = \"title\"\n[[slide]\nitem = \"case:7\"\n");
    assert_eq!(line, 3, "{message}");
    // An unterminated string on line 2.
    let (line, _) = deck_error("[[slide]]\nitem = \"title\n");
    assert_eq!(line, 2);
    // A misspelt key on line 6.
    let (line, message) =
        deck_error("[[slide]]\nitem = \"title\"\n\n[[slide]]\nitem = \"case:7\"\ntitel = \"x\"\n");
    assert_eq!(line, 6);
    assert!(message.contains("titel"), "{message}");
    // A slide without an item.
    let (line, message) = deck_error("[[slide]]\nitem = \"title\"\n[[slide]]\ntitle = \"x\"\n");
    assert_eq!(line, 3, "{message}");
    assert!(message.contains("item"), "{message}");
    // The wrong type.
    let (line, _) = deck_error("[[slide]]\nitem = 7\n");
    assert_eq!(line, 2);
    // Nothing to show.
    let (line, message) = deck_error("# only a comment\n");
    assert_eq!(line, 1);
    assert!(message.contains("no slides"), "{message}");
}

#[test]
fn the_command_line_names_the_file_and_line_and_exits_1() {
    let temp = tempfile::tempdir().unwrap();
    let deck = temp.path().join("talk.toml");
    std::fs::write(
        &deck,
        GOOD_DECK.replace("student-teacher-ratio", "student-teacher-rato"),
    )
    .unwrap();
    let output = support::process()
        .args(["present", "--deck"])
        .arg(&deck)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("talk.toml:7: no item `indicator:student-teacher-rato`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean: indicator:student-teacher-ratio"),
        "{stderr}"
    );
    std::fs::write(&deck, "[[slide]\n").unwrap();
    let output = support::process()
        .args(["present", "--deck"])
        .arg(&deck)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("talk.toml:1: "), "{stderr}");
    // A good deck without a terminal: the deck passes, the terminal is missing.
    std::fs::write(&deck, GOOD_DECK).unwrap();
    let output = support::process()
        .args(["present", "--theme", "light", "--deck"])
        .arg(&deck)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("presenting needs a terminal"), "{stderr}");
}

// Moving through a deck.

#[test]
fn p_presents_from_the_item_the_keyboard_is_on_and_q_goes_back() {
    let mut app = app_at(120, 40);
    app.open_item(&ItemRef::Indicator("student-teacher-ratio".into()));
    let view = app.view;
    app.apply(Action::Present);
    assert_eq!(
        current_item(&app),
        SlideItem::Indicator("student-teacher-ratio".into())
    );
    app.apply(Action::NextSlide);
    let effects = app.apply(Action::LeavePresentation);
    assert!(app.present.is_none());
    assert!(
        effects.is_empty(),
        "q leaves the presentation, not the explorer"
    );
    assert_eq!(app.view, view, "the explorer is as it was");
    // From a case in the reader, from a section (its chapter's slide).
    app.open_item(&ItemRef::Case("7".into()));
    app.apply(Action::Present);
    assert_eq!(current_item(&app), SlideItem::Case("7".into()));
    app.apply(Action::LeavePresentation);
    app.open_item(&ItemRef::Section("3.2".into()));
    app.apply(Action::Present);
    assert_eq!(current_item(&app), SlideItem::Chapter(3));
}

#[test]
fn a_figure_without_a_slide_gets_one_in_its_chapter() {
    let mut app = app_at(120, 40);
    let length = Deck::for_report(app.report()).len();
    app.open_item(&ItemRef::Indicator("schools-full-time".into()));
    app.apply(Action::Present);
    let presentation = app.present.as_ref().unwrap();
    assert_eq!(presentation.deck.len(), length + 1);
    assert_eq!(
        current_item(&app),
        SlideItem::Indicator("schools-full-time".into())
    );
    let next = &presentation.deck.slides[presentation.current + 1].item;
    assert_eq!(*next, SlideItem::Chapter(2), "after chapter 1's slides");
}

#[test]
fn next_previous_first_last() {
    let mut app = app_at(80, 24);
    app.start_presentation(None, true);
    let last = app.present.as_ref().unwrap().deck.len() - 1;
    assert_eq!(current(&app), 0);
    app.apply(Action::PreviousSlide);
    assert_eq!(current(&app), 0, "nothing before the first");
    apply(
        &mut app,
        [Action::NextSlide, Action::NextSlide, Action::Down],
    );
    assert_eq!(current(&app), 3);
    apply(&mut app, [Action::PreviousSlide, Action::Up]);
    assert_eq!(current(&app), 1);
    app.apply(Action::Bottom);
    assert_eq!(current(&app), last);
    app.apply(Action::NextSlide);
    assert_eq!(current(&app), last, "nothing after the last");
    app.apply(Action::Top);
    assert_eq!(current(&app), 0);
    app.apply(Action::ScrollDown { column: 1, row: 1 });
    assert_eq!(current(&app), 0, "a touchpad's swipe skips no slides");
    app.apply(Action::NextSlide);
    app.apply(Action::Resize(200, 60));
    assert_eq!(current(&app), 1, "a resize keeps the slide");
    // Started with `nianbao present`, q ends the program.
    assert_eq!(
        app.apply(Action::LeavePresentation),
        [nianbao::app::Effect::Quit]
    );
}

#[test]
fn a_number_then_enter_goes_to_that_slide() {
    let mut app = app_at(80, 24);
    app.start_presentation(None, true);
    let count = app.present.as_ref().unwrap().deck.len();
    apply(&mut app, [Action::SlideDigit(1), Action::SlideDigit(2)]);
    assert_eq!(app.present.as_ref().unwrap().typed, "12");
    assert_eq!(current(&app), 0, "nothing moves before Enter");
    app.apply(Action::Select);
    assert_eq!(current(&app), 11);
    assert!(app.present.as_ref().unwrap().typed.is_empty());
    // Past the end: the last; a leading zero is not taken.
    apply(
        &mut app,
        [
            Action::SlideDigit(0),
            Action::SlideDigit(9),
            Action::SlideDigit(9),
            Action::Select,
        ],
    );
    assert_eq!(current(&app), count - 1);
    // Backspace takes back a digit, Esc forgets the number, another key too.
    apply(
        &mut app,
        [
            Action::SlideDigit(3),
            Action::SlideDigit(4),
            Action::Edit(nianbao::app::action::Edit::DeleteBack),
            Action::Select,
        ],
    );
    assert_eq!(current(&app), 2);
    apply(
        &mut app,
        [Action::SlideDigit(5), Action::Escape, Action::Select],
    );
    assert_eq!(current(&app), 2);
    apply(&mut app, [Action::SlideDigit(5), Action::NextSlide]);
    assert_eq!(current(&app), 3);
    assert!(app.present.as_ref().unwrap().typed.is_empty());
}

#[test]
fn the_overview_chooses_a_slide() {
    let (width, height) = (120, 40);
    let mut app = app_at(width, height);
    app.start_presentation(None, true);
    apply(&mut app, [Action::NextSlide, Action::Overview]);
    let grid = Overview::for_area(Rect::new(0, 0, width, height));
    let presentation = app.present.as_ref().unwrap();
    assert_eq!(
        presentation.overview,
        Some(1),
        "it opens at the slide shown"
    );
    apply(&mut app, [Action::NextSlide, Action::Down]);
    assert_eq!(
        app.present.as_ref().unwrap().overview,
        Some(2 + grid.columns)
    );
    assert_eq!(current(&app), 1, "the slide shown stays until Enter");
    app.apply(Action::Select);
    assert_eq!(current(&app), 2 + grid.columns);
    assert_eq!(app.present.as_ref().unwrap().overview, None);
    // Esc closes it without moving.
    apply(&mut app, [Action::Overview, Action::Top, Action::Escape]);
    assert_eq!(current(&app), 2 + grid.columns);
    // A click on a tile opens that slide.
    app.apply(Action::Overview);
    let tile = grid.tile(4, 2 + grid.columns).unwrap();
    app.apply(Action::Click {
        column: tile.x + 2,
        row: tile.y + 1,
    });
    assert_eq!(current(&app), 4);
    assert_eq!(app.present.as_ref().unwrap().overview, None);
    // A number goes there from the overview too.
    apply(
        &mut app,
        [Action::Overview, Action::SlideDigit(7), Action::Select],
    );
    assert_eq!(current(&app), 6);
    assert_eq!(app.present.as_ref().unwrap().overview, None);
}

#[test]
fn b_blanks_the_screen_and_any_key_brings_the_slide_back() {
    let mut app = app_at(80, 24);
    app.start_presentation(None, false);
    app.apply(Action::NextSlide);
    app.apply(Action::Blank);
    assert!(app.present.as_ref().unwrap().blank);
    let blank = buffer_text(&screen(&app));
    assert!(blank.trim().is_empty(), "{blank}");
    app.apply(Action::NextSlide);
    assert!(!app.present.as_ref().unwrap().blank);
    assert_eq!(current(&app), 1, "the key only unblanks");
    // q still leaves a blanked screen.
    apply(&mut app, [Action::Blank, Action::LeavePresentation]);
    assert!(app.present.is_none());
}

#[test]
fn help_opens_over_a_slide_with_the_presenting_keys_first() {
    let mut app = app_at(120, 40);
    app.start_presentation(None, true);
    app.apply(Action::ToggleHelp);
    assert!(app.help);
    let text = buffer_text(&screen(&app));
    assert!(text.contains("Presenting 演示"), "{text}");
    assert!(text.contains("next slide"), "{text}");
    app.apply(Action::Escape);
    assert!(!app.help);
    assert!(app.present.is_some());
}

#[test]
fn keys_map_to_presenting_actions_through_the_keymap() {
    let table = bindings();
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let present = |code| action_for(&table, Mode::Present, key(code));
    for code in [KeyCode::Right, KeyCode::Char(' '), KeyCode::PageDown] {
        assert_eq!(present(code), Some(Action::NextSlide), "{code:?}");
    }
    for code in [KeyCode::Left, KeyCode::PageUp] {
        assert_eq!(present(code), Some(Action::PreviousSlide), "{code:?}");
    }
    assert_eq!(present(KeyCode::Home), Some(Action::Top));
    assert_eq!(present(KeyCode::End), Some(Action::Bottom));
    assert_eq!(present(KeyCode::Char('7')), Some(Action::SlideDigit(7)));
    assert_eq!(present(KeyCode::Enter), Some(Action::Select));
    assert_eq!(present(KeyCode::Char('o')), Some(Action::Overview));
    assert_eq!(present(KeyCode::Char('b')), Some(Action::Blank));
    assert_eq!(present(KeyCode::Char('q')), Some(Action::LeavePresentation));
    assert_eq!(present(KeyCode::Char('x')), None, "no typing here");
    assert_eq!(
        action_for(
            &table,
            Mode::Present,
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
        ),
        Some(Action::Quit)
    );
    assert_eq!(
        action_for(&table, Mode::Normal, key(KeyCode::Char('p'))),
        Some(Action::Present)
    );
    let mut app = app_at(80, 24);
    assert_eq!(app.mode(), Mode::Normal);
    app.apply(Action::Present);
    assert_eq!(app.mode(), Mode::Present);
    // Help lists them, from the same table.
    let help = nianbao::app::keymap::help_lines(&table, Mode::Present);
    assert!(help.contains(&("→ Space PgDn", "next slide")), "{help:?}");
    let normal = nianbao::app::keymap::help_lines(&table, Mode::Normal);
    assert!(normal.iter().any(|(keys, _)| *keys == "p"), "{normal:?}");
}

#[test]
fn a_deck_given_to_the_explorer_is_what_p_presents() {
    let mut app = app_at(120, 40);
    let deck = Deck::parse(GOOD_DECK, app.report()).unwrap();
    app.set_deck(deck.clone());
    app.apply(Action::Present);
    // The dashboard's first card has no slide in this deck: it gets one.
    let presentation = app.present.as_ref().unwrap();
    assert_eq!(presentation.deck.len(), deck.len() + 1);
    app.apply(Action::LeavePresentation);
    app.open_item(&ItemRef::Case("7".into()));
    app.apply(Action::Present);
    assert_eq!(app.present.as_ref().unwrap().deck, deck);
    assert_eq!(current(&app), 3);
}

#[test]
fn nothing_is_redrawn_while_idle() {
    let mut app = app_at(120, 40);
    app.start_presentation(None, true);
    let mut session = Session::new(app, theme());
    let mut out = Vec::new();
    session.render(&mut out);
    assert!(!out.is_empty(), "the first slide is drawn");
    for _ in 0..3 {
        out.clear();
        session.render(&mut out);
        assert!(out.is_empty(), "an idle slide sends nothing");
    }
    session.feed(b" ");
    out.clear();
    session.render(&mut out);
    assert!(!out.is_empty(), "Space draws the next slide");
    assert_eq!(session.app().present.as_ref().unwrap().current, 1);
    out.clear();
    session.render(&mut out);
    assert!(out.is_empty());
    assert_eq!(session.feed(b"q"), nianbao::tui::Request::Quit);
}

// Drawing.

/// One slide of each kind, the overview, and where to find them in the default deck.
fn kinds() -> Vec<(&'static str, SlideItem)> {
    vec![
        ("title", SlideItem::Title),
        (
            "figure-series",
            SlideItem::Indicator("students-enrolled-2022".into()),
        ),
        (
            "figure-breakdown",
            SlideItem::Indicator("training-person-times".into()),
        ),
        ("chapter", SlideItem::Chapter(2)),
        ("case", SlideItem::Case("3".into())),
        (
            "comparison",
            SlideItem::Breakdown("specialty-layout-ratio".into()),
        ),
    ]
}

fn presenting(width: u16, height: u16, item: &SlideItem) -> App {
    let mut app = app_at(width, height);
    app.start_presentation(None, true);
    let index = app
        .present
        .as_ref()
        .unwrap()
        .deck
        .slides
        .iter()
        .position(|s| s.item == *item)
        .unwrap_or_else(|| panic!("{item:?} is in the default deck"));
    apply(
        &mut app,
        (index + 1)
            .to_string()
            .bytes()
            .map(|b| Action::SlideDigit(b - b'0'))
            .chain([Action::Select]),
    );
    app
}

/// Every kind of slide and the overview at three sizes: the text (`slide-KIND-SIZE`),
/// and in each projector theme the text with a legend and map of its colours
/// (`projector-dark-slide-KIND-SIZE`).
#[test]
fn every_kind_of_slide_at_three_sizes_in_each_projector_theme() {
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let overview = ("overview", SlideItem::Chapter(2));
        for (name, item) in kinds().into_iter().chain([overview]) {
            let mut app = presenting(width, height, &item);
            if name == "overview" {
                app.apply(Action::Overview);
            }
            insta::assert_snapshot!(
                format!("slide-{name}-{width}x{height}"),
                buffer_text(&screen(&app))
            );
            for theme_name in [ThemeName::ProjectorDark, ThemeName::ProjectorLight] {
                let theme = Theme::new(theme_name, true);
                insta::assert_snapshot!(
                    format!("{}-slide-{name}-{width}x{height}", theme_name.label()),
                    styled_screen(&drawn(&app, width, height, &theme))
                );
            }
        }
    }
}

#[test]
fn render_slide_draws_what_the_screen_shows() {
    let report = report();
    let deck = Deck::for_report(&report);
    let painted = Theme::new(ThemeName::ProjectorDark, true);
    for ((width, height), theme) in [
        ((80, 24), theme()),
        ((137, 41), theme()),
        ((120, 40), painted),
    ] {
        let mut app = app_at(width, height);
        app.start_presentation(None, true);
        for index in 0..deck.len() {
            let rendered = render_slide(&report, &deck, index, width, height, &theme);
            assert_eq!(
                rendered,
                drawn(&app, width, height, &theme),
                "slide {} at {width}×{height}",
                index + 1
            );
            app.apply(Action::NextSlide);
        }
    }
    // Past the end: the last slide; an empty deck: a blank buffer.
    let last = render_slide(&report, &deck, deck.len() - 1, 80, 24, &theme());
    assert_eq!(render_slide(&report, &deck, 999, 80, 24, &theme()), last);
    let empty = render_slide(&report, &Deck::default(), 0, 80, 24, &theme());
    assert!(buffer_text(&empty).trim().is_empty());
}

#[test]
fn the_theme_is_a_parameter() {
    let report = report();
    let deck = Deck::for_report(&report);
    for name in [ThemeName::Dark, ThemeName::Light, ThemeName::Contrast] {
        for colour in [true, false] {
            let theme = Theme::new(name, colour);
            let buffer = render_slide(&report, &deck, 1, 120, 40, &theme);
            let text = buffer_text(&buffer);
            assert!(text.contains("Slide 2 of"), "{name:?}");
            // The big digits wear the theme's value style.
            let big = buffer
                .content()
                .iter()
                .find(|cell| cell.symbol() == "█")
                .expect("big digits");
            assert_eq!(big.fg, theme.value.fg.unwrap_or_default(), "{name:?}");
        }
    }
}

/// Sizes from 1×1 to 240×67: every width and height at which the layout changes its
/// mind (margins at 20 columns, the footer's gap at 12 rows, the explorer's minimum) and
/// others between.
fn sizes() -> Vec<(u16, u16)> {
    let widths = [
        1, 2, 5, 10, 19, 20, 30, 39, 40, 55, 79, 80, 100, 120, 150, 200, 240,
    ];
    let heights = [1, 2, 3, 5, 8, 11, 12, 16, 24, 30, 40, 50, 60, 67];
    widths
        .iter()
        .flat_map(|&w| heights.iter().map(move |&h| (w, h)))
        .collect()
}

/// Fewer sizes, for every slide of the deck.
fn some_sizes() -> Vec<(u16, u16)> {
    let widths = [1, 2, 10, 20, 39, 40, 80, 120, 200, 240];
    let heights = [1, 2, 5, 11, 12, 24, 40, 60, 67];
    widths
        .iter()
        .flat_map(|&w| heights.iter().map(move |&h| (w, h)))
        .collect()
}

#[test]
fn every_slide_draws_at_every_size_without_panicking() {
    let report = report();
    let deck = Deck::for_report(&report);
    let kinds: Vec<usize> = kinds()
        .iter()
        .map(|(_, item)| deck.slides.iter().position(|s| s.item == *item).unwrap())
        .collect();
    let mut app = app_at(80, 24);
    app.start_presentation(None, true);
    for (width, height) in sizes() {
        let every = some_sizes().contains(&(width, height));
        for index in (0..deck.len()).filter(|i| every || kinds.contains(i)) {
            let buffer = render_slide(&report, &deck, index, width, height, &theme());
            assert_eq!(buffer.area, Rect::new(0, 0, width, height));
        }
        // The overview and help, through the app.
        app.apply(Action::Resize(width, height));
        app.apply(Action::Overview);
        app.apply(Action::Bottom);
        screen(&app);
        app.apply(Action::ToggleHelp);
        screen(&app);
        apply(&mut app, [Action::Escape, Action::Escape]);
    }
}

/// A painted theme colours every cell of every slide, as `render_slide` draws it and as
/// the screen shows it (the overview, help over a slide, a blank screen too), so a
/// slide looks the same on any terminal and in an export.
#[test]
fn the_projector_themes_paint_every_cell_of_every_slide() {
    use ratatui::style::Color;
    let painted = |buffer: &Buffer, what: &str| {
        for cell in buffer.content() {
            assert!(
                matches!(cell.bg, Color::Indexed(_)) && matches!(cell.fg, Color::Indexed(_)),
                "{what}: {cell:?}"
            );
        }
    };
    let report = report();
    let deck = Deck::for_report(&report);
    for name in [ThemeName::ProjectorDark, ThemeName::ProjectorLight] {
        let theme = Theme::new(name, true);
        for (width, height) in [(80, 24), (137, 41), (240, 67), (20, 5)] {
            for index in 0..deck.len() {
                let buffer = render_slide(&report, &deck, index, width, height, &theme);
                painted(
                    &buffer,
                    &format!("{name:?} slide {} at {width}×{height}", index + 1),
                );
            }
            let mut app = app_at(width, height);
            app.start_presentation(None, true);
            for (step, action) in [
                ("overview", Action::Overview),
                ("slide", Action::Escape),
                ("help", Action::ToggleHelp),
                ("slide", Action::Escape),
                ("blank", Action::Blank),
            ] {
                app.apply(action);
                painted(
                    &drawn(&app, width, height, &theme),
                    &format!("{name:?} {step} at {width}×{height}"),
                );
            }
        }
    }
}

/// Whether `block`'s lines stand one under the other somewhere on the screen.
fn shows_block(screen: &str, block: &[String]) -> bool {
    let lines: Vec<&str> = screen.lines().collect();
    let first = block[0].trim_end();
    lines.iter().enumerate().any(|(y, line)| {
        line.match_indices(first).any(|(at, _)| {
            let column = nianbao::text::display_width(&line[..at]);
            block.iter().enumerate().all(|(row, wanted)| {
                lines.get(y + row).is_some_and(|l| {
                    let cells: String = cells_from(l, column);
                    cells.starts_with(wanted.trim_end())
                })
            })
        })
    })
}

/// A screen line from a display column on.
fn cells_from(line: &str, column: usize) -> String {
    let mut used = 0;
    let mut rest = String::new();
    for c in line.chars() {
        if used >= column {
            rest.push(c);
        }
        used += char_width(c);
    }
    rest
}

#[test]
fn big_digits_show_whole_or_the_value_shows_in_normal_text() {
    let report = report();
    let deck = Deck::for_report(&report);
    // The figure drawn big (with `%` or `:1`), and the value as text.
    let figures: Vec<(usize, String, String)> = deck
        .slides
        .iter()
        .enumerate()
        .filter_map(|(index, s)| match &s.item {
            SlideItem::Indicator(id) => {
                let indicator = report.indicator(id)?;
                let value = indicator.display_value();
                let figure = match value.split_once(' ') {
                    Some((figure, _)) => figure.to_string(),
                    None => value.clone(),
                };
                Some((index, figure, value))
            }
            _ => None,
        })
        .collect();
    let mut big = 0;
    for (width, height) in sizes().into_iter().filter(|&(w, h)| w >= 30 && h >= 10) {
        for (index, figure, value) in &figures {
            let text = buffer_text(&render_slide(
                &report,
                &deck,
                *index,
                width,
                height,
                &theme(),
            ));
            let whole = (1..=8)
                .rev()
                .any(|scale| shows_block(&text, &digits::render(figure, scale)));
            big += usize::from(whole);
            // Drawn big, or else as a line of text that starts with the value (no other
            // line of a figure slide does: they start with a label, a period, 原文).
            let normal = text
                .lines()
                .any(|l| l.trim_start().starts_with(value.as_str()));
            assert!(
                whole || normal,
                "{figure} at {width}×{height}: neither whole big digits nor text\n{text}"
            );
        }
    }
    assert!(big > 100, "big digits are drawn where they fit ({big})");
}

#[test]
fn control_characters_in_the_data_are_drawn_escaped_on_slides() {
    let temp = tempfile::tempdir().unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-2024");
    for entry in std::fs::read_dir(&fixture).unwrap() {
        let entry = entry.unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let poisoned = match entry.file_name().to_str().unwrap() {
            "report.csv" => text.replace("（合成）", "（合成\u{1b}]0;x\u{7}）"),
            "indicators.csv" => text.replace(",人,", ",人\u{1b}[5m,"),
            _ => text,
        };
        std::fs::write(temp.path().join(entry.file_name()), poisoned).unwrap();
    }
    let dataset = Dataset::from_dir(temp.path()).unwrap();
    let report = &dataset.reports[0];
    let deck = Deck::for_report(report);
    let mut shown = String::new();
    for index in 0..deck.len() {
        let buffer = render_slide(report, &deck, index, 120, 40, &theme());
        for cell in buffer.content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "slide {}: {:?}",
                index + 1,
                cell.symbol()
            );
        }
        shown.push_str(&buffer_text(&buffer));
    }
    assert!(shown.contains("（合成\\u{1b}]0;x\\u{7}）"), "{shown}");
}

/// A copy of the synthetic fixture whose report.csv gains a `publisher` column.
fn fixture_with_publisher(publisher: &str) -> (tempfile::TempDir, Dataset) {
    let (temp, dir) = support::fixture_copy();
    let path = dir.join("report.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let (header, row) = (lines.next().unwrap(), lines.next().unwrap());
    let quoted = format!("\"{}\"", publisher.replace('"', "\"\""));
    std::fs::write(&path, format!("{header},publisher\n{row},{quoted}\n")).unwrap();
    let dataset = Dataset::from_dir(&dir).unwrap();
    (temp, dataset)
}

#[test]
fn the_title_slide_names_the_publisher_only_where_the_data_does() {
    let (_temp, dataset) = fixture_with_publisher("测试市教育局");
    let published = &dataset.reports[0];
    assert_eq!(published.meta.publisher, "测试市教育局");
    let deck = Deck::for_report(published);
    assert_eq!(deck.slides[0].item, SlideItem::Title);
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let text = buffer_text(&render_slide(published, &deck, 0, width, height, &theme()));
        assert!(
            text.contains("Publisher 发布单位 测试市教育局"),
            "{width}×{height}\n{text}"
        );
    }
    // Control characters from the data are shown escaped, as everywhere.
    let (_temp, dataset) = fixture_with_publisher("测试\u{1b}[2J局");
    let poisoned = &dataset.reports[0];
    let text = buffer_text(&render_slide(
        poisoned,
        &Deck::for_report(poisoned),
        0,
        120,
        40,
        &theme(),
    ));
    assert!(text.contains("测试\\u{1b}[2J局"), "{text}");
    // Without the column (the fixture as it is) and with it empty (Jiaxing's report names
    // no publisher): none is shown, none invented.
    let plain = Dataset::from_dir(std::path::Path::new(support::FIXTURE)).unwrap();
    let embedded = report();
    for report in [&plain.reports[0], &embedded] {
        assert_eq!(report.meta.publisher, "");
        let deck = Deck::for_report(report);
        let text = buffer_text(&render_slide(report, &deck, 0, 120, 40, &theme()));
        assert!(!text.contains("Publisher"), "{text}");
        assert!(text.contains(&report.meta.title), "{text}");
    }
}

/// The user guide's slide capture is the reviewed snapshot, so it cannot drift.
#[test]
fn the_user_guide_shows_a_slide_as_it_is() {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/user-guide.md"))
        .unwrap();
    let snapshot = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/it/snapshots/it__present__slide-figure-series-80x24.snap"
    ))
    .unwrap();
    let slide = snapshot.splitn(3, "---\n").nth(2).unwrap().trim_end();
    assert!(
        guide.contains(slide),
        "docs/user-guide.md lacks the current figure slide (80×24 snapshot)"
    );
    assert!(guide.contains("## Presenting"));
}

#[test]
fn the_view_is_kept_under_a_presentation() {
    let mut app = app_at(80, 24);
    app.apply(Action::ShowView(View::Cases));
    app.apply(Action::Present);
    apply(&mut app, [Action::NextSlide, Action::LeavePresentation]);
    assert_eq!(app.view, View::Cases);
}

#[test]
fn a_notice_stands_in_for_the_source_until_the_next_key() {
    let mut app = app_at(80, 24);
    app.start_presentation(None, true);
    app.notice = Some("Cannot suspend: no job-control shell here; q quits".into());
    let text = buffer_text(&screen(&app));
    assert!(
        text.lines().last().unwrap().starts_with("Cannot suspend"),
        "{text}"
    );
    app.apply(Action::NextSlide);
    let text = buffer_text(&screen(&app));
    assert!(
        text.lines().last().unwrap().starts_with("Source: "),
        "{text}"
    );
}
