//! The finder: live search filtered by kind, the caret, escape, clicks on hits, and with
//! many reports the current one first or (Ctrl-R) every one.

use crate::support;

use nianbao::app::action::Edit;
use nianbao::app::{Action, App, Effect, View};
use nianbao::dataset::Dataset;

use super::{app, apply, typed};

#[test]
fn the_finder_searches_live_filters_by_kind_and_jumps() {
    let mut app = app();
    app.apply(Action::OpenFinder);
    apply(&mut app, typed("jxjs"));
    let finder = app.finder.as_ref().unwrap();
    assert_eq!(finder.input.text(), "jxjs");
    let top = app.index().entry(&finder.hits[0]);
    assert_eq!(top.item.to_string(), "school:jiaxing-technician-college");
    app.apply(Action::NextKind);
    let finder = app.finder.as_ref().unwrap();
    assert!(
        finder
            .hits
            .iter()
            .all(|h| app.index().entry(h).kind.name() == "section")
    );
    app.apply(Action::PreviousKind);
    apply(
        &mut app,
        [
            Action::Edit(Edit::DeleteBack),
            Action::Edit(Edit::DeleteBack),
        ],
    );
    assert_eq!(app.finder.as_ref().unwrap().input.text(), "jx");
    apply(&mut app, typed("js"));
    app.apply(Action::Select);
    assert!(app.finder.is_none());
    assert_eq!(app.view, View::Schools);
    assert_eq!(
        app.report().schools[app.schools.selected].id,
        "jiaxing-technician-college"
    );
}

#[test]
fn escape_closes_the_finder_without_moving() {
    let mut app = app();
    apply(&mut app, [Action::OpenFinder]);
    apply(&mut app, typed("案例7"));
    apply(&mut app, [Action::Escape]);
    assert!(app.finder.is_none());
    assert_eq!(app.view, View::Dashboard);
    assert_eq!(app.apply(Action::Quit), [Effect::Quit]);
}

#[test]
fn the_finder_caret_moves_and_inserts_in_place() {
    let mut app = app();
    app.apply(Action::OpenFinder);
    apply(&mut app, typed("jx"));
    apply(
        &mut app,
        [Action::Edit(Edit::Left), Action::Edit(Edit::Left)],
    );
    apply(&mut app, typed("嘉"));
    assert_eq!(app.finder.as_ref().unwrap().input.text(), "嘉jx");
    assert_eq!(app.finder.as_ref().unwrap().input.caret(), 1);
}

/// The embedded report `copies` times over, each copy with its own id (as a dataset of
/// many reports is): `report-000`, `report-001`, …
fn many_reports(copies: usize) -> Dataset {
    let report = support::jiaxing();
    let reports = (0..copies)
        .map(|i| {
            let mut copy = report.clone();
            copy.meta.id = format!("report-{i:03}");
            copy
        })
        .collect();
    Dataset { reports }
}

#[test]
fn the_finder_searches_the_current_report_before_cutting_the_list() {
    // One report alone, for the hits to expect.
    let mut single = app();
    single.apply(Action::OpenFinder);
    apply(&mut single, typed("jxjs"));
    let expected: Vec<String> = single
        .finder
        .as_ref()
        .unwrap()
        .hits
        .iter()
        .map(|h| single.index().entry(h).item.to_string())
        .collect();
    assert!(!expected.is_empty());
    // A hundred reports: every one has these hits, and the current one's are all shown.
    let mut app = App::new(many_reports(100), 57, (120, 40));
    assert_eq!(app.report().meta.id, "report-057");
    app.apply(Action::OpenFinder);
    apply(&mut app, typed("jxjs"));
    let finder = app.finder.as_ref().unwrap();
    let found: Vec<String> = finder
        .hits
        .iter()
        .map(|h| app.index().entry(h).item.to_string())
        .collect();
    assert_eq!(found, expected);
    assert!(
        finder
            .hits
            .iter()
            .all(|h| app.index().entry(h).report == 57)
    );
    // Enter goes to the hit in the current report.
    app.apply(Action::Select);
    assert_eq!(app.report().meta.id, "report-057");
    assert_eq!(app.view, View::Schools);
}

#[test]
fn ctrl_r_searches_every_report_and_a_hit_elsewhere_opens_its_report() {
    let mut app = App::new(many_reports(3), 1, (120, 40));
    app.apply(Action::OpenFinder);
    apply(&mut app, typed("jxjs"));
    let label = |app: &App, hit| {
        let entry = app.index().entry(hit);
        (
            entry.report,
            format!("{} {}", entry.kind.name(), entry.item),
        )
    };
    let own_hits = app.finder.as_ref().unwrap().hits.clone();
    let own: Vec<String> = own_hits.iter().map(|h| label(&app, h).1).collect();
    app.apply(Action::ToggleReports);
    let finder = app.finder.as_ref().unwrap();
    assert!(finder.all_reports);
    // Every report's titles and names: the same hits in each of the three copies, each
    // a hit of the report's own search too.
    let in_report = |report: usize| -> Vec<String> {
        let hits = finder.hits.iter().map(|h| label(&app, h));
        hits.filter(|(r, _)| *r == report).map(|(_, l)| l).collect()
    };
    assert!(!in_report(0).is_empty());
    assert_eq!(in_report(0), in_report(1));
    assert_eq!(in_report(0), in_report(2));
    assert!(in_report(0).iter().all(|l| own.contains(l)), "{own:?}");
    assert_eq!(finder.hits.len(), 3 * in_report(0).len());
    let reports: std::collections::BTreeSet<usize> = finder
        .hits
        .iter()
        .map(|h| app.index().entry(h).report)
        .collect();
    assert_eq!(reports.into_iter().collect::<Vec<_>>(), [0, 1, 2]);
    // Equal matches in the three reports come in report order: the first hit is in
    // report 0, another report than the current one.
    assert_eq!(app.index().entry(&finder.hits[0]).report, 0);
    app.apply(Action::Select);
    assert!(app.finder.is_none());
    assert_eq!(app.report_index(), 0);
    assert_eq!(app.report().meta.id, "report-000");
    assert_eq!(app.view, View::Schools);
    assert_eq!(
        app.report().schools[app.schools.selected].id,
        "jiaxing-technician-college"
    );
    // Places of the report left behind are not offered.
    app.apply(Action::Back);
    assert_eq!(app.report_index(), 0);
    assert_eq!(app.view, View::Dashboard);
    // The next finder searches the current report again.
    app.apply(Action::OpenFinder);
    apply(&mut app, typed("jxjs"));
    let finder = app.finder.as_ref().unwrap();
    assert!(!finder.all_reports);
    assert!(finder.hits.iter().all(|h| app.index().entry(h).report == 0));
    app.apply(Action::ToggleReports);
    app.apply(Action::ToggleReports);
    assert_eq!(app.finder.as_ref().unwrap().hits.len(), own.len());
}

#[test]
fn the_finder_has_a_kind_for_partners() {
    let mut app = app();
    app.apply(Action::OpenFinder);
    apply(&mut app, typed("阿克苏"));
    let mut kinds = Vec::new();
    for _ in 0..9 {
        let finder = app.finder.as_ref().unwrap();
        kinds.push(finder.kind().map_or("all", |k| k.name()));
        if finder.kind().map(|k| k.name()) == Some("partner") {
            assert!(!finder.hits.is_empty());
            assert!(
                finder
                    .hits
                    .iter()
                    .all(|h| app.index().entry(h).kind.name() == "partner")
            );
        }
        app.apply(Action::NextKind);
    }
    assert!(kinds.contains(&"partner"), "{kinds:?}");
    assert_eq!(
        app.finder.as_ref().unwrap().kind(),
        None,
        "nine kinds, then all again"
    );
    app.apply(Action::PreviousKind);
    assert_eq!(
        app.finder.as_ref().unwrap().kind().map(|k| k.name()),
        Some("paragraph")
    );
}

#[test]
fn a_click_on_a_finder_hit_jumps_to_it() {
    let mut app = App::new(support::jiaxing_dataset(), 0, (120, 40));
    app.apply(Action::OpenFinder);
    apply(&mut app, typed("jxjs"));
    let screen = ratatui::layout::Rect::new(0, 0, 120, 40);
    let list = nianbao::app::layout::FinderAreas::for_screen(screen)
        .regions
        .unwrap()
        .list;
    let expected = app.finder.as_ref().unwrap().hits[2].clone();
    let item = app.index().entry(&expected).item.clone();
    app.apply(Action::Click {
        column: list.x + 3,
        row: list.y + 2,
    });
    assert!(app.finder.is_none(), "the click jumped");
    assert_eq!(
        app.focused_item().map(|i| i.to_string()),
        Some(item.to_string())
    );
}
