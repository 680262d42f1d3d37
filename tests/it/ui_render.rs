//! The explorer drawn into ratatui's TestBackend: text snapshots of every view at 80×24 and
//! 120×40 (reviewed in tests/it/snapshots/), and every view at sizes from 1×1 to 200×60.

use crate::support;

use support::{buffer_text, drawn, styled_screen};

use nianbao::app::{Action, App, Pane, View};
use nianbao::dataset::Dataset;
use nianbao::model::ItemRef;
use nianbao::settings::ThemeName;
use nianbao::text::char_width;
use nianbao::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

/// The screens worth a snapshot: a name and how to get there.
fn screens() -> Vec<(&'static str, Vec<Action>, Option<ItemRef>)> {
    vec![
        ("dashboard", vec![], None),
        ("reader", vec![], Some(ItemRef::Case("1".into()))),
        ("reader-table", vec![], Some(ItemRef::Table("1".into()))),
        (
            "indicators",
            vec![],
            Some(ItemRef::Indicator("specialty-ratio-primary".into())),
        ),
        (
            "schools",
            vec![],
            Some(ItemRef::School("jiaxing-technician-college".into())),
        ),
        (
            "cases",
            vec![
                Action::ShowView(View::Cases),
                Action::Down,
                Action::Down,
                Action::Down,
                Action::Down,
                Action::Down,
                Action::Down,
                Action::Right,
            ],
            None,
        ),
        ("finder", "jxjs".chars().map(Action::Type).collect(), None),
        // A shortened name: characters spelled with others left out, after every
        // contiguous match.
        ("finder-shortened", typed("phzz"), None),
        // A match deep in a long paragraph: the preview is scrolled to it.
        (
            "finder-text-match",
            [typed("若尔盖"), vec![Action::Down]].concat(),
            None,
        ),
        // Partners are a kind of their own.
        (
            "finder-partners",
            [typed("阿克苏"), vec![Action::NextKind; 4]].concat(),
            None,
        ),
        ("help", vec![Action::ToggleHelp], None),
    ]
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Type).collect()
}

fn app_for(width: u16, height: u16, actions: &[Action], item: &Option<ItemRef>, name: &str) -> App {
    let mut app = App::new(support::jiaxing_dataset(), 0, (width, height));
    if name.starts_with("finder") {
        app.apply(Action::OpenFinder);
    }
    if let Some(item) = item {
        app.open_item(item);
    }
    for action in actions {
        app.apply(action.clone());
    }
    app
}

/// The screen as text, one line per row; a wide glyph's second cell is not repeated.
fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    buffer_text(terminal.backend().buffer())
}

fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::new(ThemeName::Dark, false);
    terminal.draw(|frame| draw(frame, app, &theme)).unwrap();
    terminal
}

#[test]
fn every_view_at_80_by_24_and_120_by_40() {
    for (width, height) in [(80, 24), (120, 40)] {
        for (name, actions, item) in screens() {
            let app = app_for(width, height, &actions, &item, name);
            let terminal = render(&app, width, height);
            insta::assert_snapshot!(format!("{name}-{width}x{height}"), screen_text(&terminal));
        }
    }
}

#[test]
fn a_terminal_too_small_says_so() {
    let app = app_for(30, 8, &[], &None, "dashboard");
    let text = screen_text(&render(&app, 30, 8));
    assert!(text.contains("Terminal too small: 30×8"), "{text}");
}

#[test]
fn chinese_text_wraps_inside_the_reader_pane() {
    let app = app_for(80, 24, &[], &Some(ItemRef::Section("2.2".into())), "reader");
    let terminal = render(&app, 80, 24);
    let areas = app.areas().unwrap();
    let buffer = terminal.backend().buffer();
    let right_border = areas.content.x + areas.content.width - 1;
    for y in areas.content.y + 1..areas.content.y + areas.content.height - 1 {
        assert_eq!(
            buffer[(right_border, y)].symbol(),
            "│",
            "row {y}: text ran into the border"
        );
    }
    let text = screen_text(&terminal);
    for line in text.lines() {
        let inside = line.rsplit('│').nth(1).unwrap_or("");
        let first = inside.trim_start().chars().next();
        assert!(
            !matches!(first, Some('，' | '。' | '、' | '；' | '：' | '）' | '」')),
            "{line}"
        );
    }
}

#[test]
fn the_finder_puts_the_real_cursor_at_the_caret() {
    let mut app = app_for(80, 24, &[], &None, "finder");
    app.apply(Action::OpenFinder);
    for c in "jx嘉".chars() {
        app.apply(Action::Type(c));
    }
    let mut terminal = render(&app, 80, 24);
    let cursor = terminal.get_cursor_position().unwrap();
    let text = screen_text(&terminal);
    let row = text.lines().nth(usize::from(cursor.y)).unwrap();
    assert!(row.contains("› jx嘉"), "{row}");
    // "› " (2 columns) + "jx" (2) + "嘉" (2) after the popup's left border.
    let prompt_column = row
        .find('›')
        .map(|b| nianbao::text::display_width(&row[..b]))
        .unwrap();
    assert_eq!(usize::from(cursor.x), prompt_column + 6);
}

#[test]
fn no_colour_keeps_the_selection_visible_by_reverse_video() {
    let app = app_for(80, 24, &[Action::ShowView(View::Schools)], &None, "schools");
    assert_eq!(app.pane, Pane::Main);
    let terminal = render(&app, 80, 24);
    let areas = app.areas().unwrap();
    let cell = &terminal.backend().buffer()[(areas.content.x + 1, areas.content.y + 1)];
    assert_eq!(cell.symbol(), "海");
    assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED));
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
}

#[test]
fn every_view_draws_at_every_size_without_panicking() {
    let widths: Vec<u16> = (1..=200)
        .step_by(13)
        .chain([39, 40, 41, 70, 90, 100, 200])
        .collect();
    let heights: Vec<u16> = (1..=60).step_by(6).chain([9, 10, 24, 60]).collect();
    for (name, actions, item) in screens() {
        let mut app = app_for(80, 24, &actions, &item, name);
        for &width in &widths {
            for &height in &heights {
                app.apply(Action::Resize(width, height));
                let text = screen_text(&render(&app, width, height));
                assert_eq!(
                    text.lines().count(),
                    usize::from(height),
                    "{name} at {width}×{height}"
                );
            }
        }
    }
}

/// A writable copy of the synthetic fixture report.
fn fixture_copy() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-2024");
    for entry in std::fs::read_dir(&fixture).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), temp.path().join(entry.file_name())).unwrap();
    }
    temp
}

#[test]
fn control_characters_in_data_are_drawn_escaped() {
    let temp = fixture_copy();
    let schools = temp.path().join("schools.csv");
    let text = std::fs::read_to_string(&schools)
        .unwrap()
        .replace("Test Vocational School", "Test\u{1b}[2J\u{7} School");
    std::fs::write(&schools, text).unwrap();
    let dataset = Dataset::from_dir(temp.path()).unwrap();
    let mut app = App::new(dataset, 0, (100, 30));
    app.apply(Action::ShowView(View::Schools));
    let screen = screen_text(&render(&app, 100, 30));
    assert!(screen.contains("Test\\u{1b}[2J\\u{7} School"), "{screen}");
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
}

#[test]
fn unverified_values_are_marked_in_the_indicator_table() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-2024");
    let mut app = App::new(Dataset::from_dir(&fixture).unwrap(), 0, (100, 30));
    app.apply(Action::ShowView(View::Indicators));
    let screen = screen_text(&render(&app, 100, 30));
    let row = screen.lines().find(|l| l.contains("实训人次")).unwrap();
    assert!(row.contains("50 ?"), "{row}");
    let verified = screen.lines().find(|l| l.contains("中职学校数")).unwrap();
    assert!(!verified.contains('?'), "{verified}");
}

#[test]
fn no_view_sends_control_characters_from_the_data() {
    let temp = fixture_copy();
    let poison = |file: &str, from: &str, to: &str| {
        let path = temp.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap().replace(from, to);
        std::fs::write(&path, text).unwrap();
    };
    poison(
        "indicators.csv",
        ",人,2022学年,",
        ",人\u{1b}[5m,2022学年\u{7},",
    );
    poison(
        "indicators.csv",
        "schools,中职学校数,",
        "schools,中职\u{7}学校数,",
    );
    poison(
        "schools.csv",
        "中职学校,Synthetic.",
        "中职\u{1b}学校,Synthetic\u{8}.",
    );
    poison("report.csv", "（合成）", "（合成\u{1b}]0;x\u{7}）");
    let dataset = Dataset::from_dir(temp.path()).unwrap();
    // Each poisoned field shows escaped where it is drawn (never raw, never dropped).
    for (view, visible) in [
        (View::Dashboard, "人\\u{1b}[5m"),
        (View::Indicators, "中职\\u{7}学校数"),
        (View::Schools, "中职\\u{1b}学校"),
        (View::Cases, "（合成\\u{1b}]0;x\\u{7}）"),
    ] {
        let mut app = App::new(dataset.clone(), 0, (160, 40));
        app.apply(Action::ShowView(view));
        let terminal = render(&app, 160, 40);
        let screen = screen_text(&terminal);
        assert!(
            screen.contains(visible),
            "{view:?}: {visible} not shown\n{screen}"
        );
        for cell in terminal.backend().buffer().content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "{view:?}: {:?}",
                cell.symbol()
            );
        }
    }
}

#[test]
fn the_terminal_cursor_sits_at_the_indicator_filter_caret() {
    let mut app = app_for(120, 40, &[], &None, "indicators");
    app.apply(Action::ShowView(View::Indicators));
    app.apply(Action::EditFilter);
    for c in "jx".chars() {
        app.apply(Action::Type(c));
    }
    let mut terminal = render(&app, 120, 40);
    let cursor = terminal.get_cursor_position().unwrap();
    let buffer = terminal.backend().buffer();
    assert_eq!(buffer[(cursor.x - 1, cursor.y)].symbol(), "x", "{cursor:?}");
    assert_eq!(buffer[(cursor.x - 2, cursor.y)].symbol(), "j");
    assert!(screen_text(&terminal).contains("filter: jx"));
}

/// Whether the selected row of the main list shows (selection is reverse video without
/// colour) inside the content area.
fn selection_shows(app: &App, width: u16, height: u16) -> bool {
    let terminal = render(app, width, height);
    let content = app.areas().unwrap().content;
    let buffer = terminal.backend().buffer();
    (content.y..content.bottom()).any(|y| {
        (content.x..content.right()).any(|x| {
            buffer[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
    })
}

#[test]
fn the_selected_indicator_is_always_on_screen() {
    for (width, height) in [(40, 10), (60, 14), (80, 24), (120, 40), (200, 60)] {
        let mut app = app_for(width, height, &[], &None, "indicators");
        app.apply(Action::ShowView(View::Indicators));
        let check = |app: &App, what: &str| {
            assert!(
                selection_shows(app, width, height),
                "{width}×{height}: selection hidden after {what}"
            );
        };
        check(&app, "opening");
        for step in 0..60 {
            app.apply(Action::Down);
            check(&app, &format!("{} × j", step + 1));
        }
        app.apply(Action::Bottom);
        check(&app, "G");
        for sort in 0..10 {
            app.apply(Action::SortNext);
            check(&app, &format!("sort {sort}"));
            app.apply(Action::Bottom);
            check(&app, &format!("sort {sort} then G"));
        }
        let mut app = app_for(
            width,
            height,
            &[],
            &Some(ItemRef::Indicator("student-teacher-ratio".into())),
            "indicators",
        );
        check(&app, "--open indicator:student-teacher-ratio");
        app.apply(Action::OpenFinder);
        for c in "毕业去向".chars() {
            app.apply(Action::Type(c));
        }
        while app.finder.as_ref().unwrap().kind() != Some(nianbao::search::SearchKind::Indicator) {
            app.apply(Action::NextKind);
        }
        app.apply(Action::Select);
        assert_eq!(
            app.view,
            View::Indicators,
            "the finder jumped to an indicator"
        );
        check(&app, "a jump from the finder");
    }
}

#[test]
fn popups_keep_their_left_border_over_wide_text() {
    for (width, height) in [(80, 24), (120, 40), (97, 30), (121, 41)] {
        for name in ["help", "finder"] {
            let actions = if name == "help" {
                vec![Action::ToggleHelp]
            } else {
                "jxjs".chars().map(Action::Type).collect()
            };
            let app = app_for(width, height, &actions, &None, name);
            let terminal = render(&app, width, height);
            let buffer = terminal.backend().buffer();
            // The popup's left edge, as the popups centre themselves.
            let popup_width = if name == "help" {
                72.min(width)
            } else {
                width.saturating_sub(4).max(20)
            };
            let x = (width - popup_width) / 2;
            let top = (0..height)
                .find(|&y| buffer[(x, y)].symbol() == "┌")
                .unwrap_or_else(|| panic!("{name} {width}×{height}: no popup corner"));
            let bottom = (top + 1..height)
                .find(|&y| buffer[(x, y)].symbol() == "└")
                .unwrap_or_else(|| panic!("{name} {width}×{height}: no bottom corner"));
            for y in top + 1..bottom {
                assert_eq!(
                    buffer[(x, y)].symbol(),
                    "│",
                    "{name} {width}×{height}: row {y}"
                );
                let left = buffer[(x - 1, y)].symbol();
                assert!(
                    char_width(left.chars().next().unwrap_or(' ')) < 2,
                    "{name} {width}×{height}: a wide glyph straddles the border on row {y}"
                );
            }
        }
    }
}

#[test]
fn small_things_show_whole() {
    // Units whole, a sign not repeated beside its unit.
    let app = app_for(
        160,
        40,
        &[],
        &Some(ItemRef::Indicator("natural-growth-rate-2022".into())),
        "indicators",
    );
    let screen = screen_text(&render(&app, 160, 40));
    assert!(
        !screen.contains("‰ ‰") && !screen.contains("‰  ‰"),
        "{screen}"
    );
    assert!(!screen.contains("万平…"), "{screen}");
    // The way out shows even on a tiny terminal.
    for (width, height) in [(20, 5), (12, 4), (40, 9)] {
        let app = app_for(width, height, &[], &None, "dashboard");
        let screen = screen_text(&render(&app, width, height));
        assert!(screen.contains("q quits"), "{width}×{height}:\n{screen}");
    }
}

#[test]
fn the_status_bar_shows_the_find_in_the_chapter() {
    let mut app = app_for(120, 40, &[], &Some(ItemRef::Chapter(2)), "reader");
    app.apply(Action::FindInChapter);
    for c in "jxjs".chars() {
        app.apply(Action::Type(c));
    }
    let mut terminal = render(&app, 120, 40);
    let status = screen_text(&terminal).lines().last().unwrap().to_string();
    assert!(status.starts_with("Find in chapter: jxjs · 1/"), "{status}");
    // The terminal's cursor is at the caret, after the query.
    let cursor = terminal.get_cursor_position().unwrap();
    assert_eq!(
        (cursor.x, cursor.y),
        ("Find in chapter: jxjs".len() as u16, 39)
    );
    app.apply(Action::Select);
    let status = screen_text(&render(&app, 120, 40))
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert!(status.contains("find 1/"), "{status}");
}

/// The user guide's screen captures are the reviewed snapshots, so they cannot drift.
#[test]
fn the_user_guide_shows_the_screens_as_they_are() {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/user-guide.md"))
        .unwrap();
    for name in ["dashboard", "reader", "indicators", "schools", "finder"] {
        let snapshot = std::fs::read_to_string(format!(
            "{}/tests/it/snapshots/it__ui_render__{name}-80x24.snap",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let screen = snapshot.splitn(3, "---\n").nth(2).unwrap().trim_end();
        assert!(
            guide.contains(screen),
            "docs/user-guide.md lacks the current {name} screen (80×24 snapshot)"
        );
    }
}

/// The first row of the finder's results (below its query line) and the rows after it.
fn finder_rows(height: u16) -> std::ops::Range<u16> {
    // The popup leaves a row above and below; its border and query line take two more.
    3..height - 2
}

#[test]
fn the_finder_preview_highlights_the_match_below_a_rule() {
    // 80×24: the hits, a rule, then the preview, scrolled down paragraph 32 to the match.
    let actions = [typed("若尔盖"), vec![Action::Down]].concat();
    let app = app_for(80, 24, &actions, &None, "finder");
    let terminal = render(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    let rule = finder_rows(24)
        .find(|&y| (4..76).all(|x| buffer[(x, y)].symbol() == "─"))
        .expect("a rule between the hits and the preview");
    let text = screen_text(&terminal);
    let preview: Vec<&str> = text.lines().skip(usize::from(rule) + 1).collect();
    assert!(preview[0].contains("paragraph:32"), "{}", preview[0]);
    let mut marked = String::new();
    let mut plain = 0;
    for y in rule + 1..22 {
        for x in 3..77 {
            let cell = &buffer[(x, y)];
            if cell.modifier.contains(Modifier::UNDERLINED) {
                marked.push_str(cell.symbol());
            } else if nianbao::text::is_cjk(cell.symbol().chars().next().unwrap_or(' ')) {
                plain += 1;
            }
        }
    }
    // Every 若尔盖 of the paragraph on screen, and nothing else.
    assert_eq!(marked, "若尔盖".repeat(3), "\n{text}");
    assert!(plain > 100);
    // A title match is marked in the preview's title line.
    let app = app_for(80, 24, &typed("jxjs"), &None, "finder");
    let terminal = render(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    let title_row = rule + 1;
    let marked: String = (3..77)
        .map(|x| &buffer[(x, title_row)])
        .filter(|cell| cell.modifier.contains(Modifier::UNDERLINED))
        .map(|cell| cell.symbol())
        .collect();
    assert_eq!(marked, "嘉兴技师");
}

#[test]
fn side_by_side_a_rule_runs_between_hits_and_preview() {
    let app = app_for(120, 40, &typed("jxjs"), &None, "finder");
    let terminal = render(&app, 120, 40);
    let buffer = terminal.backend().buffer();
    let rows = finder_rows(40);
    let column = (10..110)
        .find(|&x| rows.clone().all(|y| buffer[(x, y)].symbol() == "│"))
        .expect("a rule the height of the results");
    assert!((55..75).contains(&column), "{column}");
}

#[test]
fn finder_over_many_reports_in_this_report_and_in_all() {
    let report = support::jiaxing();
    let reports = (0..3)
        .map(|i| {
            let mut copy = report.clone();
            copy.meta.id = format!("report-{i:03}");
            copy
        })
        .collect();
    let dataset = Dataset { reports };
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = App::new(dataset.clone(), 1, (width, height));
        app.apply(Action::OpenFinder);
        for action in typed("jxjs") {
            app.apply(action);
        }
        let screen = screen_text(&render(&app, width, height));
        insta::assert_snapshot!(format!("finder-this-report-{width}x{height}"), screen);
        app.apply(Action::ToggleReports);
        let screen = screen_text(&render(&app, width, height));
        insta::assert_snapshot!(format!("finder-all-reports-{width}x{height}"), screen);
    }
}

#[test]
fn the_projector_themes_at_120_by_40() {
    for theme_name in [ThemeName::ProjectorDark, ThemeName::ProjectorLight] {
        let theme = Theme::new(theme_name, true);
        for (name, actions, item) in screens() {
            if !["dashboard", "reader", "indicators", "finder"].contains(&name) {
                continue;
            }
            let app = app_for(120, 40, &actions, &item, name);
            insta::assert_snapshot!(
                format!("{}-{name}-120x40", theme_name.label()),
                styled_screen(&drawn(&app, 120, 40, &theme))
            );
        }
    }
}

#[test]
fn the_projector_themes_paint_every_cell_of_every_screen() {
    use ratatui::style::Color;
    for theme_name in [ThemeName::ProjectorDark, ThemeName::ProjectorLight] {
        let theme = Theme::new(theme_name, true);
        for (name, actions, item) in screens() {
            let mut app = app_for(80, 24, &actions, &item, name);
            for (width, height) in [(80, 24), (120, 40), (200, 60), (57, 17), (30, 8), (1, 1)] {
                app.apply(Action::Resize(width, height));
                let buffer = drawn(&app, width, height, &theme);
                for y in 0..height {
                    for x in 0..width {
                        let cell = &buffer[(x, y)];
                        assert!(
                            matches!(cell.bg, Color::Indexed(_))
                                && matches!(cell.fg, Color::Indexed(_)),
                            "{theme_name:?} {name} at {width}×{height}: ({x}, {y}) {cell:?}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn without_colour_the_projector_themes_are_monochrome() {
    let app = app_for(120, 40, &[], &None, "dashboard");
    for theme_name in ThemeName::ALL {
        let buffer = drawn(&app, 120, 40, &Theme::new(theme_name, false));
        assert!(
            buffer
                .content
                .iter()
                .all(|c| c.fg == ratatui::style::Color::Reset
                    && c.bg == ratatui::style::Color::Reset),
            "{theme_name:?}"
        );
    }
}

#[test]
fn a_tab_shows_the_key_the_keymap_gives_its_view() {
    use nianbao::app::keymap::{KeyBinding, Mode};
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    let mut app = App::new(support::jiaxing_dataset(), 0, (120, 40));
    assert_eq!(app.tab_label(View::Dashboard), " d Dashboard 概览 ");
    let key = |c: char, action: Option<Action>| KeyBinding {
        mode: Mode::Normal,
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
        action,
    };
    app.bind_keys(&[
        key('d', None),
        key('x', Some(Action::ShowView(View::Dashboard))),
        key('r', None),
    ]);
    assert_eq!(app.tab_label(View::Dashboard), " x Dashboard 概览 ");
    assert_eq!(app.tab_label(View::Reader), " Reader 阅读 ");
    let header = screen_text(&render(&app, 120, 40));
    let first = header.lines().next().unwrap();
    assert!(
        first.contains(" x Dashboard 概览  Reader 阅读  i Indicators"),
        "{first}"
    );
    // A click lands on the tab as drawn: the reader's tab begins after the dashboard's.
    let reader_at = nianbao::text::display_width(" x Dashboard 概览 ") as u16;
    app.apply(Action::Click {
        column: reader_at,
        row: 0,
    });
    assert_eq!(app.view, View::Reader);
}
