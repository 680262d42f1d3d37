//! The indicator table: sorting by any column (names by pinyin), filtering by chapter and
//! text, and jumping to an indicator's source sentence.

use crate::support;

use nianbao::app::{Action, App, Pane, View};

use super::{app, apply, typed};

#[test]
fn indicators_sort_by_any_column_and_filter_by_chapter_and_text() {
    let mut app = app();
    app.apply(Action::ShowView(View::Indicators));
    let report = app.report();
    let all = report.indicators.len();
    assert_eq!(app.indicators.rows.len(), all);
    apply(&mut app, [Action::SortNext, Action::SortNext]);
    let values: Vec<f64> = app
        .indicators
        .rows
        .iter()
        .map(|&i| app.report().indicators[i].value)
        .collect();
    assert!(values.windows(2).all(|w| w[0] <= w[1]), "sorted by value");
    app.apply(Action::SortReverse);
    let values: Vec<f64> = app
        .indicators
        .rows
        .iter()
        .map(|&i| app.report().indicators[i].value)
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "reversed");
    app.apply(Action::NextChapterFilter);
    assert!(
        app.indicators
            .rows
            .iter()
            .all(|&i| app.report().indicators[i].location.chapter == 1)
    );
    assert!(app.indicators.rows.len() < all);
    app.apply(Action::EditFilter);
    apply(&mut app, typed("ssb"));
    let names: Vec<&str> = app
        .indicators
        .rows
        .iter()
        .map(|&i| app.report().indicators[i].name.as_str())
        .collect();
    assert_eq!(names, ["生师比"], "pinyin initials filter the table");
    app.apply(Action::Select);
    assert!(!app.indicators.editing);
    app.apply(Action::Escape);
    assert!(app.indicators.filter.is_empty());
    assert!(
        app.indicators
            .rows
            .iter()
            .all(|&i| app.report().indicators[i].location.chapter == 1)
    );
}

#[test]
fn an_indicator_jumps_to_its_source_sentence_highlighted_and_back() {
    let mut app = app();
    app.open_item(&nianbao::model::ItemRef::Indicator(
        "student-teacher-ratio".into(),
    ));
    assert_eq!(app.view, View::Indicators);
    app.apply(Action::JumpToSource);
    assert_eq!(app.view, View::Reader);
    assert_eq!(app.reader.chapter, 1);
    let highlighted = support::highlighted_text(&app);
    assert!(highlighted.contains("生师比 15.41:1"), "{highlighted}");
    let document = app.reader_document();
    let top = app.reader_scroll();
    let visible: String = document.lines[top..top + app.reader_height()]
        .iter()
        .map(|l| l.text())
        .collect();
    assert!(visible.contains("15.41:1"), "the sentence is on screen");
    app.apply(Action::Back);
    assert_eq!(app.view, View::Indicators);
    assert_eq!(
        app.indicators.selected_indicator(app.report()).unwrap().id,
        "student-teacher-ratio"
    );
    app.apply(Action::Forward);
    assert_eq!(app.view, View::Reader);
    app.apply(Action::Forward);
    assert_eq!(app.view, View::Reader, "nothing further forward");
}

#[test]
fn sorting_by_name_follows_pinyin_and_numerals() {
    let mut app = App::new(support::jiaxing_dataset(), 0, (120, 40));
    app.apply(Action::ShowView(View::Indicators));
    // Section order first, then name.
    while app.indicators.sort != nianbao::app::indicators::Column::Name {
        app.apply(Action::SortNext);
    }
    let report = app.report();
    let names: Vec<&str> = app
        .indicators
        .rows
        .iter()
        .map(|&i| report.indicators[i].name.as_str())
        .collect();
    let at = |name: &str| names.iter().position(|n| *n == name).unwrap();
    assert!(at("第一产业专业布点数") < at("第二产业专业布点数"));
    assert!(at("第二产业专业布点数") < at("第三产业专业布点数"));
    // Pinyin: 毕业生数 (bi) before 在校生数 (zai).
    assert!(at("毕业生数") < at("在校生数（含技工学籍）"));
}

#[test]
fn escape_clears_the_indicator_text_filter_outside_editing() {
    let mut app = app();
    app.apply(Action::ShowView(View::Indicators));
    let all = app.indicators.rows.len();
    app.apply(Action::EditFilter);
    apply(&mut app, typed("jx"));
    app.apply(Action::Select);
    assert!(!app.indicators.editing, "Enter keeps the filter");
    let filtered = app.indicators.rows.len();
    assert!(filtered < all);
    // Esc in another view leaves the filter alone.
    app.apply(Action::ShowView(View::Schools));
    app.apply(Action::Escape);
    assert_eq!(app.indicators.filter.text(), "jx");
    // In the table, from either pane, Esc clears it and every row is back.
    app.apply(Action::ShowView(View::Indicators));
    app.apply(Action::NextPane);
    assert_eq!(app.pane, Pane::Outline);
    app.apply(Action::Escape);
    assert!(app.indicators.filter.is_empty());
    assert_eq!(app.indicators.rows.len(), all);
    assert_eq!(app.location(), format!("{all} of {all} indicators"));
    // A second Esc changes nothing, and the finder's Esc closes only the finder.
    app.apply(Action::Escape);
    assert_eq!(app.indicators.rows.len(), all);
    apply(&mut app, [Action::EditFilter]);
    apply(&mut app, typed("ssb"));
    app.apply(Action::Select);
    app.apply(Action::OpenFinder);
    app.apply(Action::Escape);
    assert!(app.finder.is_none());
    assert_eq!(app.indicators.filter.text(), "ssb");
    app.apply(Action::Escape);
    assert!(app.indicators.filter.is_empty());
}
