//! Moving around the explorer: the dashboard and number keys, the outline, back and
//! forward, school profiles and cases, the status line.

use crate::support;

use nianbao::app::{Action, App, Pane, View};
use nianbao::model::ItemRef;

use super::{app, apply};

#[test]
fn starts_on_the_dashboard_and_number_keys_open_chapters() {
    let mut app = app();
    assert_eq!(app.view, View::Dashboard);
    app.apply(Action::Chapter(2));
    assert_eq!(app.view, View::Reader);
    assert_eq!(app.reader.chapter, 2);
    assert!(
        app.location().starts_with("2 人才培养"),
        "{}",
        app.location()
    );
    app.apply(Action::Chapter(9));
    assert_eq!(app.reader.chapter, 2, "no chapter 9: nothing happens");
}

#[test]
fn the_outline_folds_selects_and_opens() {
    let mut app = app();
    apply(&mut app, [Action::NextPane]);
    assert_eq!(app.pane, Pane::Outline);
    let rows = app.outline.rows(app.report()).len();
    apply(&mut app, [Action::Down, Action::Down]);
    assert_eq!(
        app.outline_rows.selected, 2,
        "preface, chapter 1, section 1.1"
    );
    app.apply(Action::Right);
    assert!(
        app.outline.rows(app.report()).len() > rows,
        "1.1 unfolds its table and figures"
    );
    app.apply(Action::Left);
    assert_eq!(app.outline.rows(app.report()).len(), rows);
    app.apply(Action::Left);
    assert_eq!(
        app.outline_rows.selected, 1,
        "Left on a folded section goes to its chapter"
    );
    app.apply(Action::Left);
    assert!(
        app.outline.rows(app.report()).len() < rows,
        "chapter 1 folded"
    );
    apply(&mut app, [Action::Down, Action::Select]);
    assert_eq!(app.view, View::Reader);
    assert_eq!(app.reader.chapter, 2);
    assert_eq!(app.pane, Pane::Main);
}

#[test]
fn moving_in_the_outline_previews_in_the_reader() {
    let mut app = app();
    apply(&mut app, [Action::Chapter(1), Action::NextPane]);
    assert_eq!(app.pane, Pane::Outline);
    // The outline followed the reader to chapter 1; three rows down is 1.3.
    apply(&mut app, [Action::Down, Action::Down, Action::Down]);
    let document = app.reader_document();
    let top = app.reader_scroll();
    let visible = &document.lines[top..(top + app.reader_height()).min(document.lines.len())];
    assert!(visible.iter().any(|l| l.text().contains("1.3 教师队伍")));
    assert!(top > 0, "scrolled towards 1.3");
}

#[test]
fn back_and_forward_walk_visited_places() {
    let mut app = app();
    apply(
        &mut app,
        [
            Action::Chapter(3),
            Action::ShowView(View::Cases),
            Action::ShowView(View::Schools),
        ],
    );
    app.apply(Action::Back);
    assert_eq!(app.view, View::Cases);
    app.apply(Action::Back);
    assert_eq!((app.view, app.reader.chapter), (View::Reader, 3));
    app.apply(Action::Back);
    assert_eq!(app.view, View::Dashboard);
    app.apply(Action::Back);
    assert_eq!(app.view, View::Dashboard);
    apply(&mut app, [Action::Forward, Action::Forward]);
    assert_eq!(app.view, View::Cases);
    app.apply(Action::Chapter(1));
    app.apply(Action::Forward);
    assert_eq!(app.view, View::Reader, "a new jump clears forward");
}

#[test]
fn a_school_profile_lists_mentions_that_jump_to_the_text() {
    let mut app = app();
    app.open_item(&nianbao::model::ItemRef::School(
        "jiaxing-transport-school".into(),
    ));
    app.apply(Action::NextPane);
    assert_eq!(app.pane, Pane::Detail);
    app.apply(Action::Select);
    assert_eq!(app.view, View::Reader);
    assert_eq!(app.reader.chapter, 3);
    let document = app.reader_document();
    let visible: String = document.lines[app.reader_scroll()..]
        .iter()
        .take(app.reader_height())
        .map(|l| l.text())
        .collect();
    assert!(visible.contains("嘉兴交通学校"));
}

#[test]
fn cases_list_and_open_in_place() {
    let mut app = app();
    apply(
        &mut app,
        [
            Action::ShowView(View::Cases),
            Action::Down,
            Action::Down,
            Action::Right,
        ],
    );
    assert_eq!(app.cases.selected, 2);
    assert_eq!(app.pane, Pane::Detail);
    app.apply(Action::Select);
    assert_eq!((app.view, app.reader.chapter), (View::Reader, 2));
    let document = app.reader_document();
    let top = app.reader_scroll();
    assert!(
        document.lines[top..top + 3]
            .iter()
            .any(|l| l.text().contains("案例3"))
    );
}

#[test]
fn the_status_names_the_section_the_reader_shows() {
    for (width, height) in [(80, 24), (100, 30), (120, 40)] {
        let report = support::jiaxing();
        let mut app = App::new(support::jiaxing_dataset(), 0, (width, height));
        for section in &report.structure.sections {
            app.open_item(&ItemRef::Section(section.number.clone()));
            let location = app.location();
            // Near a chapter's end the reader cannot scroll the heading to the top; then
            // the status names the section at the top, before it.
            let at_end =
                app.reader_scroll() + app.reader_height() >= app.reader_document().lines.len();
            assert!(
                location.contains(&format!("› {} ", section.number)) || at_end,
                "{width}×{height} section:{}: {location}",
                section.number
            );
        }
        // Jumping to an indicator's source lands in its section.
        for indicator in report
            .indicators
            .iter()
            .filter(|i| i.location.section.is_some())
        {
            app.open_item(&ItemRef::Indicator(indicator.id.clone()));
            app.apply(Action::JumpToSource);
            if app.view != View::Reader {
                continue;
            }
            let section = indicator.location.section.as_deref().unwrap();
            let location = app.location();
            let at_end =
                app.reader_scroll() + app.reader_height() >= app.reader_document().lines.len();
            assert!(
                location.contains(&format!("› {section} ")) || at_end,
                "{width}×{height} source of {}: {location}",
                indicator.id
            );
        }
    }
}

#[test]
fn the_outline_follows_the_reader() {
    let mut app = App::new(support::jiaxing_dataset(), 0, (120, 40));
    app.open_item(&ItemRef::Section("2.3".into()));
    app.apply(Action::Down);
    let selected =
        |app: &App| app.outline.rows(app.report())[app.outline_rows.selected].to_string();
    assert_eq!(selected(&app), "section:2.3");
    for _ in 0..200 {
        app.apply(Action::Down);
    }
    let location = app.location();
    let shown = selected(&app);
    let number = shown.trim_start_matches("section:");
    assert!(
        location.contains(&format!("› {number} ")),
        "{shown} vs {location}"
    );
}

#[test]
fn dashboard_cards_open_their_figure_and_clicks_do_what_keys_do() {
    let mut app = App::new(support::jiaxing_dataset(), 0, (120, 40));
    let cards = app.dashboard_layout().cards;
    assert!(cards.len() >= 6);
    app.apply(Action::Select);
    assert_eq!(app.view, View::Indicators);
    let first = app.report().card_indicators()[0].id.clone();
    let selected = app
        .indicators
        .selected_indicator(app.report())
        .unwrap()
        .id
        .clone();
    assert_eq!(selected, first);
    // A click on a tab shows its view; on a card, opens it.
    app.apply(Action::Click { column: 1, row: 0 });
    assert_eq!(app.view, View::Dashboard);
    let card = app.dashboard_layout().cards[2];
    app.apply(Action::Click {
        column: card.x + 2,
        row: card.y + 2,
    });
    assert_eq!(app.view, View::Indicators);
    let third = app.report().card_indicators()[2].id.clone();
    assert_eq!(
        app.indicators.selected_indicator(app.report()).unwrap().id,
        third
    );
    // A click on a column header sorts by it; again, the other way.
    let areas = app.areas().unwrap();
    let header_row = areas.content.y + 1;
    let x = areas.content.x + 2;
    app.apply(Action::Click {
        column: x,
        row: header_row,
    });
    assert_eq!(app.indicators.sort, nianbao::app::indicators::Column::Name);
    app.apply(Action::Click {
        column: x,
        row: header_row,
    });
    assert!(app.indicators.descending);
}
