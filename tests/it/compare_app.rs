//! The report picker (`R`) and the Compare view (`C`) driven by actions over three reports
//! (the embedded one and changed copies, `support::several`), snapshotted at 80×24 and
//! 120×40 and drawn at every size from 1×1.

use nianbao::app::compare::Chart;
use nianbao::app::{Action, App};
use nianbao::dataset::Dataset;

use crate::support;
use support::screen::screen_text;
use support::several::several_reports;

/// An explorer over the three reports, on jiaxing-2023.
fn app(size: (u16, u16)) -> App {
    let (_temp, dir) = several_reports();
    let dataset = Dataset::from_dir(&dir).unwrap();
    let current = dataset
        .reports
        .iter()
        .position(|r| r.meta.id == "jiaxing-2023")
        .unwrap();
    App::new(dataset, current, size)
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Type).collect()
}

fn apply(app: &mut App, actions: &[Action]) {
    for action in actions {
        app.apply(action.clone());
    }
}

#[test]
fn the_picker_lists_reports_by_region_and_year_and_opens_one() {
    let mut app = app((100, 30));
    app.apply(Action::PickReport);
    let picker = app.picker.as_ref().unwrap();
    let ids: Vec<&str> = picker
        .shown
        .iter()
        .map(|&i| app.catalog().meta(i).unwrap().id.as_str())
        .collect();
    assert_eq!(ids, ["haining-2023", "jiaxing-2023", "jiaxing-2024"]);
    assert_eq!(
        app.catalog().meta(picker.chosen().unwrap()).unwrap().id,
        "jiaxing-2023",
        "the current one chosen"
    );
    // Pinyin narrows it; Enter opens the one chosen.
    apply(&mut app, &typed("haining"));
    let picker = app.picker.as_ref().unwrap();
    assert_eq!(picker.shown.len(), 1);
    app.apply(Action::Select);
    assert!(app.picker.is_none());
    assert_eq!(app.report().meta.id, "haining-2023");
    // Esc closes without switching.
    apply(
        &mut app,
        &[Action::PickReport, Action::Down, Action::Escape],
    );
    assert_eq!(app.report().meta.id, "haining-2023");
    assert!(app.picker.is_none());
}

#[test]
fn the_picker_on_screen() {
    for size in [(80, 24), (120, 40)] {
        let mut app = app(size);
        app.apply(Action::PickReport);
        insta::assert_snapshot!(format!("picker-{}x{}", size.0, size.1), screen_text(&app));
        apply(&mut app, &typed("jiaxing 2024"));
        let screen = screen_text(&app);
        assert!(
            screen.contains("jiaxing-2024") && !screen.contains("jiaxing-2023  "),
            "{screen}"
        );
    }
}

#[test]
fn compare_moves_between_concepts_years_regions_and_reports() {
    let mut app = app((120, 40));
    // From the student–teacher ratio in the indicators table, C compares it.
    app.open_item(&nianbao::model::ItemRef::Indicator(
        "student-teacher-ratio".into(),
    ));
    app.apply(Action::ToggleCompare);
    assert!(app.compare.open);
    assert_eq!(app.compare.concept().unwrap().id, "student-teacher-ratio");
    assert_eq!(app.compare.chart, Chart::AcrossRegions);
    assert_eq!(app.compare.year, "2023");
    let screen = screen_text(&app);
    assert!(
        screen.contains("≈13.02:1") && screen.contains("15.41:1"),
        "{screen}"
    );
    assert!(
        !screen.contains("14.87:1"),
        "2024 is another year: {screen}"
    );
    assert!(screen.contains("lower is better"), "{screen}");
    assert!(screen.contains("qualified"), "the ≈ explained: {screen}");
    app.apply(Action::Right);
    assert_eq!(app.compare.year, "2024");
    assert!(screen_text(&app).contains("14.87:1"));
    // Across years: Jiaxing's 2023 and 2024.
    app.apply(Action::NextPane);
    assert_eq!(app.compare.chart, Chart::AcrossYears);
    assert_eq!(app.compare.region, "嘉兴市");
    let screen = screen_text(&app);
    assert!(
        screen.contains("15.41:1") && screen.contains("14.87:1") && !screen.contains("13.02"),
        "{screen}"
    );
    app.apply(Action::Left);
    assert_eq!(app.compare.region, "海宁市");
    // ↓ the next concept; ↑ back.
    app.apply(Action::Down);
    assert_ne!(app.compare.concept().unwrap().id, "student-teacher-ratio");
    app.apply(Action::Up);
    assert_eq!(app.compare.concept().unwrap().id, "student-teacher-ratio");
    // Side by side: the current report and the one after it by region and year.
    app.apply(Action::NextPane);
    assert_eq!(app.compare.chart, Chart::SideBySide);
    assert_eq!(app.compare_other().unwrap().meta.id, "jiaxing-2024");
    app.apply(Action::Right);
    assert_eq!(
        app.compare_other().unwrap().meta.id,
        "haining-2023",
        "wraps round"
    );
    app.apply(Action::Left);
    assert_eq!(app.compare_other().unwrap().meta.id, "jiaxing-2024");
    // ? shows help over it, Esc closes help, then the view.
    app.apply(Action::ToggleHelp);
    assert!(screen_text(&app).contains("Comparing 比较"));
    app.apply(Action::Escape);
    assert!(app.compare.open && !app.help);
    app.apply(Action::Escape);
    assert!(!app.compare.open);
}

#[test]
fn unverified_figures_are_marked_in_the_compare_view() {
    let mut app = app((120, 40));
    app.open_item(&nianbao::model::ItemRef::Indicator(
        "graduate-destination-rate".into(),
    ));
    app.apply(Action::ToggleCompare);
    let screen = screen_text(&app);
    let haining = screen.lines().find(|l| l.contains("海宁市 县级")).unwrap();
    assert!(haining.contains("98.76% ?"), "{haining}");
    assert!(screen.contains("unverified"), "{screen}");
}

/// The three charts, snapshotted: the ratio across regions in 2023, across Jiaxing's
/// years, and Jiaxing 2023 beside Jiaxing 2024.
#[test]
fn the_compare_view_on_screen() {
    for size in [(80, 24), (120, 40)] {
        let mut app = app(size);
        app.open_item(&nianbao::model::ItemRef::Indicator(
            "student-teacher-ratio".into(),
        ));
        app.apply(Action::ToggleCompare);
        for chart in ["regions", "years", "side-by-side"] {
            insta::assert_snapshot!(
                format!("compare-{chart}-{}x{}", size.0, size.1),
                screen_text(&app)
            );
            app.apply(Action::NextPane);
        }
    }
}

#[test]
fn picker_and_compare_draw_at_every_size() {
    let mut app = app((80, 24));
    let states: [&[Action]; 5] = [
        &[Action::PickReport],
        &[Action::Escape, Action::ToggleCompare],
        &[Action::NextPane],
        &[Action::NextPane],
        &[Action::ToggleHelp],
    ];
    for actions in states {
        apply(&mut app, actions);
        for width in (1..=200).step_by(17).chain([2, 40, 41]) {
            for height in (1..=60).step_by(7).chain([2, 10, 24]) {
                app.apply(Action::Resize(width, height));
                let text = screen_text(&app);
                assert_eq!(text.lines().count(), usize::from(height));
            }
        }
    }
}

#[test]
fn with_one_report_the_views_say_what_they_need() {
    let mut app = App::new(support::jiaxing_dataset(), 0, (100, 30));
    apply(
        &mut app,
        &[Action::ToggleCompare, Action::NextPane, Action::NextPane],
    );
    assert!(screen_text(&app).contains("One report only"));
    app.apply(Action::Escape);
    app.apply(Action::PickReport);
    app.apply(Action::Select);
    assert_eq!(app.report().meta.id, "jiaxing-2023");
}

#[test]
fn the_user_guide_shows_the_compare_view_as_it_is() {
    let guide = include_str!("../../docs/user-guide.md");
    let snapshot = include_str!("snapshots/it__compare_app__compare-regions-80x24.snap");
    let screen = snapshot.splitn(3, "---\n").nth(2).unwrap().trim_end();
    assert!(
        guide.contains(screen),
        "docs/user-guide.md lacks the current Compare view (80×24 snapshot)"
    );
}

/// Help scrolls to its last line on a short terminal (it has grown past sixty lines),
/// and no further.
#[test]
fn help_scrolls_to_its_end_on_a_short_terminal() {
    let mut app = App::new(support::jiaxing_dataset(), 0, (80, 12));
    app.apply(Action::ToggleHelp);
    apply(&mut app, &vec![Action::PageDown; 30]);
    let screen = screen_text(&app);
    assert!(screen.contains("Mouse: click to select"), "{screen}");
    let at_end = app.help_scroll;
    app.apply(Action::Up);
    assert_eq!(
        app.help_scroll,
        at_end - 1,
        "one step up from the end, not thirty"
    );
    app.apply(Action::Escape);
    app.apply(Action::ToggleCompare);
    app.apply(Action::ToggleHelp);
    assert!(
        screen_text(&app).contains("Comparing 比较"),
        "the view's keys come first"
    );
}

/// A region with a control sequence in it (a hostile dataset) is drawn escaped in the
/// picker and the Compare view, and printed escaped by `nianbao compare`.
#[test]
fn control_characters_in_a_region_are_escaped_everywhere() {
    let (_temp, dir) = several_reports();
    support::several::write_variant(
        &dir,
        &support::several::Variant {
            id: "hostile-2023",
            region: "坏\u{1b}[2J市",
            region_en: "Bad\u{7}",
            level: "county",
            calendar_year: "2023",
            school_year: "2022学年",
            figures: &[],
            unverified: &[],
        },
    );
    let dataset = Dataset::from_dir(&dir).unwrap();
    let mut app = App::new(dataset, 0, (120, 40));
    app.apply(Action::PickReport);
    let picker = screen_text(&app);
    assert!(picker.contains("坏\\u{1b}[2J市"), "{picker}");
    app.apply(Action::Escape);
    app.apply(Action::ToggleCompare);
    let compare = screen_text(&app);
    assert!(compare.contains("坏\\u{1b}[2J市"), "{compare}");
    for screen in [&picker, &compare] {
        assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
    }
    let table = support::nianbao()
        .arg("--data")
        .arg(&dir)
        .args(["compare", "student-teacher-ratio"])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("坏\\u{1b}[2J市"), "{table}");
    assert!(!table.contains('\u{1b}'));
}

#[test]
fn a_narrow_compare_view_names_the_chart_it_shows() {
    let mut app = app((44, 14));
    apply(
        &mut app,
        &[Action::ToggleCompare, Action::NextPane, Action::NextPane],
    );
    let screen = screen_text(&app);
    assert!(screen.contains("[side by side]"), "{screen}");
    assert!(!screen.contains("across years"), "{screen}");
}

/// An explorer whose Compare view opens a settle late, as in the terminal (a frame
/// first says that every report is being read): what opens meanwhile stays over it.
fn announcing_app() -> App {
    app((120, 40)).announcing_slow_work()
}

/// `C`, then `then` before the view has opened, then the two settles that open it.
fn compare_opens_under(then: &[Action]) -> App {
    let mut app = announcing_app();
    app.act(Action::ToggleCompare);
    for action in then {
        app.act(action.clone());
    }
    app.settle();
    assert!(
        !app.compare.open,
        "a frame says it reads every report first"
    );
    app.settle();
    assert!(app.compare.open, "{then:?}");
    app
}

/// Every combination of layers that can be open at once: which keys apply (the keymap's
/// mode), what a key does and what is drawn on top.
#[test]
fn the_layer_on_top_takes_the_keys_and_is_drawn_over_the_rest() {
    use nianbao::app::keymap::Mode;
    // Help over a presentation: Esc closes help, the presentation's keys apply.
    let mut app = self::app((120, 40));
    app.apply(Action::Present);
    app.apply(Action::ToggleHelp);
    assert!(app.help && app.present.is_some());
    assert_eq!(app.mode(), Mode::Present);
    assert!(screen_text(&app).contains("Help 帮助"));
    app.apply(Action::Escape);
    assert!(!app.help && app.present.is_some());

    // Help over the Compare view: the explorer's keys apply, ↓ scrolls help.
    let mut app = self::app((120, 40));
    app.apply(Action::ToggleCompare);
    app.apply(Action::ToggleHelp);
    assert!(app.help && app.compare.open);
    assert_eq!(app.mode(), Mode::Normal);
    let concept = app.compare.concept;
    app.apply(Action::Down);
    assert_eq!((app.compare.concept, app.help_scroll), (concept, 1));
    let screen = screen_text(&app);
    assert!(
        screen.contains("Help 帮助") && screen.contains("Compare 比较"),
        "{screen}"
    );
    app.apply(Action::Escape);
    assert_eq!(app.mode(), Mode::Compare);

    // The finder and the picker over the Compare view.
    for (open, mode, title) in [
        (Action::OpenFinder, Mode::Finder, "Find 查找"),
        (Action::PickReport, Mode::Picker, "Reports 报告"),
    ] {
        let mut app = compare_opens_under(std::slice::from_ref(&open));
        assert_eq!(app.mode(), mode);
        let screen = screen_text(&app);
        assert!(
            screen.contains(title) && !screen.contains("Compare 比较"),
            "{screen}"
        );
        app.apply(Action::Type('x'));
        app.apply(Action::Escape);
        assert!(app.finder.is_none() && app.picker.is_none() && app.compare.open);
        assert_eq!(app.mode(), Mode::Compare);
    }

    // Help opened before the view: help over it, as when opened over it.
    let mut app = compare_opens_under(&[Action::ToggleHelp]);
    assert_eq!(app.mode(), Mode::Normal);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Help 帮助") && screen.contains("Compare 比较"),
        "{screen}"
    );
    app.apply(Action::Escape);
    assert!(!app.help && app.compare.open);

    // The audit list over the Compare view: it takes the keys (read as the Compare
    // view's) and is drawn alone.
    let mut app = compare_opens_under(&[Action::ToggleAudit]);
    assert_eq!(app.mode(), Mode::Compare);
    let (concept, finding) = (app.compare.concept, app.audit.list.selected);
    app.apply(Action::Down);
    assert_eq!(app.compare.concept, concept);
    assert_eq!(app.audit.list.selected, finding + 1);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Audit 核查") && !screen.contains("Compare 比较"),
        "{screen}"
    );
    app.apply(Action::ToggleHelp);
    assert!(!app.help, "the audit list ignores ?");
    app.apply(Action::Escape);
    assert!(!app.audit.open && app.compare.open);

    // A presentation over the Compare view; help over both.
    let mut app = compare_opens_under(&[Action::Present]);
    assert_eq!(app.mode(), Mode::Present);
    assert!(!screen_text(&app).contains("Compare 比较"));
    let slide = app.present.as_ref().unwrap().current;
    app.apply(Action::NextSlide);
    assert_eq!(app.present.as_ref().unwrap().current, slide + 1);
    app.apply(Action::ToggleHelp);
    assert_eq!(app.mode(), Mode::Present);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Help 帮助") && !screen.contains("Compare 比较"),
        "{screen}"
    );
    app.apply(Action::Escape);
    app.apply(Action::LeavePresentation);
    assert!(app.present.is_none() && app.compare.open);
    assert_eq!(app.mode(), Mode::Compare);

    // The Compare view over the indicator filter being typed: it takes the keys and
    // passes ? down, where typing ignores it.
    let mut app = compare_opens_under(&[
        Action::ShowView(nianbao::app::View::Indicators),
        Action::EditFilter,
    ]);
    assert_eq!(app.mode(), Mode::Compare);
    assert!(screen_text(&app).contains("Compare 比较"));
    app.apply(Action::Type('x'));
    app.apply(Action::ToggleHelp);
    assert!(!app.help && app.indicators.filter.text().is_empty());
    app.apply(Action::Escape);
    assert!(!app.compare.open);
    assert_eq!(app.mode(), Mode::FilterEdit);

    // Over a find in the chapter being typed, ? passed down opens help over both, which
    // reads keys as the find does.
    let mut app = compare_opens_under(&[Action::FindInChapter]);
    assert_eq!(app.mode(), Mode::Compare);
    app.apply(Action::Type('x'));
    app.apply(Action::ToggleHelp);
    assert!(app.help && app.reader.find.as_ref().unwrap().input.text().is_empty());
    assert_eq!(app.mode(), Mode::ChapterFind);
    let screen = screen_text(&app);
    assert!(
        screen.contains("Help 帮助") && screen.contains("Compare 比较"),
        "{screen}"
    );
    app.apply(Action::Type('x'));
    app.apply(Action::Escape);
    assert!(!app.help && app.compare.open);
    assert_eq!(app.mode(), Mode::Compare);
    app.apply(Action::Escape);
    assert!(!app.compare.open);
    assert_eq!(app.mode(), Mode::ChapterFind);
    assert!(app.reader.find.as_ref().unwrap().input.text().is_empty());
}
