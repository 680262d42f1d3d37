//! The audit in the explorer (issue 14, item 4): `a` lists the findings, inconsistent
//! first; Enter opens the reader at a finding's source sentence, highlighted (or at its
//! table); the indicators table marks the figures that take part in an inconsistency.
//! Driven by actions, drawn into ratatui's TestBackend (snapshots reviewed in
//! tests/it/snapshots/).

use crate::support;

use nianbao::app::document::Segment;
use nianbao::app::{Action, App, View};
use nianbao::audit::Verdict;
use nianbao::dataset::Dataset;
use nianbao::model::ItemRef;

fn app_at(width: u16, height: u16) -> App {
    App::new(support::jiaxing_dataset(), 0, (width, height))
}

fn apply(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.apply(action);
    }
}

/// Whether the reader shows its highlighted sentence on screen.
fn highlight_on_screen(app: &App) -> bool {
    let document = app.reader_document();
    let top = app.reader_scroll();
    document
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.segments.iter().any(|(_, s)| *s == Segment::Highlight))
        .all(|(n, _)| (top..top + app.reader_height()).contains(&n))
}

/// A copy of the mini fixture with the given `relations.csv`; the directory lives as
/// long as the returned guard.
/// The screen as text, one line per row; a wide glyph's second cell is not repeated.
fn screen(app: &App) -> String {
    support::screen::screen_text(app)
}

#[test]
fn a_lists_the_findings_inconsistent_first_and_esc_closes() {
    let mut app = app_at(120, 40);
    assert!(!app.audit.open);
    app.apply(Action::ToggleAudit);
    assert!(app.audit.open);
    let findings = &app.audit.audit.findings;
    assert_eq!(findings[0].verdict, Verdict::Inconsistent);
    assert_eq!(app.audit.selected().unwrap().relation, findings[0].relation);
    apply(&mut app, [Action::Down, Action::Down]);
    assert_eq!(app.audit.list.selected, 2);
    // Keys go to the list while it is open: no view changes behind it.
    apply(
        &mut app,
        [Action::ShowView(View::Schools), Action::Chapter(3)],
    );
    assert_eq!(app.view, View::Dashboard);
    app.apply(Action::Escape);
    assert!(!app.audit.open);
    app.apply(Action::ToggleAudit);
    assert_eq!(app.audit.list.selected, 2, "the list keeps its place");
    app.apply(Action::ToggleAudit);
    assert!(!app.audit.open);
    apply(&mut app, [Action::ToggleAudit, Action::Bottom]);
    assert_eq!(app.audit.list.selected, app.audit.audit.findings.len() - 1);
}

#[test]
fn enter_opens_the_reader_at_the_source_sentence_highlighted() {
    let mut app = app_at(120, 40);
    app.apply(Action::ToggleAudit);
    let at = app
        .audit
        .audit
        .findings
        .iter()
        .position(|f| f.relation == "student-teacher-ratio")
        .unwrap();
    apply(&mut app, (0..at).map(|_| Action::Down));
    app.apply(Action::Select);
    assert!(!app.audit.open);
    assert_eq!(app.view, View::Reader);
    assert_eq!(app.reader.chapter, 1);
    assert_eq!(
        support::highlighted_text(&app),
        "2022 学年，嘉兴市中职学校专任教师数 3390 人，生师比 15.41:1。"
    );
    assert!(highlight_on_screen(&app), "{}", screen(&app));
    // → chooses the other sentence: the 在校生 it divides.
    apply(
        &mut app,
        [Action::ToggleAudit, Action::Right, Action::Select],
    );
    assert!(
        support::highlighted_text(&app).starts_with("2022 学年，在校生 51486 人"),
        "{}",
        support::highlighted_text(&app)
    );
    assert!(highlight_on_screen(&app), "{}", screen(&app));
    // Back returns to where the first jump led.
    let first = app.reader_scroll();
    app.apply(Action::Back);
    assert_ne!(app.reader_scroll(), first, "back where the first jump led");
}

#[test]
fn a_table_cell_opens_its_table() {
    let mut app = app_at(120, 40);
    app.apply(Action::ToggleAudit);
    let at = app
        .audit
        .audit
        .findings
        .iter()
        .position(|f| f.relation == "students-enrolled-2022-table")
        .unwrap();
    apply(&mut app, (0..at).map(|_| Action::Down));
    assert_eq!(
        app.audit.selected_source().unwrap().table.as_deref(),
        Some("1")
    );
    app.apply(Action::Select);
    assert_eq!(app.view, View::Reader);
    let document = app.reader_document();
    let line = document
        .line_of(&nianbao::app::document::Anchor::Table("1".into()))
        .unwrap();
    let top = app.reader_scroll();
    assert!(
        (top..top + app.reader_height()).contains(&line),
        "table 1 on screen"
    );
}

#[test]
fn the_indicators_table_marks_figures_in_an_inconsistency() {
    let mut app = app_at(120, 40);
    app.open_item(&ItemRef::Indicator("building-area-per-student-2022".into()));
    let text = screen(&app);
    let row = text
        .lines()
        .find(|l| l.contains("生均建筑面积") && l.contains("25.93"))
        .unwrap();
    assert!(row.contains("25.93≠"), "{row}");
    assert!(
        text.contains("≠ does not add up: building-area-per-student-2022 (a: audit)"),
        "{text}"
    );
    let campus = text
        .lines()
        .find(|l| l.contains("生均校园占地面积") && l.contains("43.86"))
        .unwrap();
    assert!(
        !campus.contains('≠'),
        "consistent figures stay unmarked: {campus}"
    );
}

#[test]
fn the_audit_popup_at_80_by_24_and_120_by_40() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = app_at(width, height);
        apply(&mut app, [Action::ToggleAudit, Action::Down, Action::Down]);
        insta::assert_snapshot!(format!("audit-{width}x{height}"), screen(&app));
    }
}

#[test]
fn the_audit_popup_draws_at_every_size_without_panicking() {
    let mut app = app_at(80, 24);
    apply(
        &mut app,
        [Action::ToggleAudit, Action::Bottom, Action::Right],
    );
    for width in (1..=200).step_by(7) {
        for height in (1..=60).step_by(5) {
            app.apply(Action::Resize(width, height));
            let text = screen(&app);
            assert_eq!(text.lines().count(), usize::from(height));
            app.apply(Action::Up);
        }
    }
}

#[test]
fn data_in_the_audit_list_is_drawn_escaped() {
    let (_temp, dir) = support::fixture_with_relations(
        "id,kind,result,inputs,measure,factor,verified,note\n\
         students-table,same,\"table:1[2022,2]\",students-2022,,,true,\"note \u{1b}[2J\u{202e}x\"\n",
    );
    let mut app = App::new(Dataset::from_dir(&dir).unwrap(), 0, (100, 30));
    app.apply(Action::ToggleAudit);
    let text = screen(&app);
    assert!(text.contains("students-table"), "{text}");
    assert!(text.contains("\\u{1b}[2J\\u{202e}x"), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
}

#[test]
fn a_report_without_relations_says_there_is_nothing_to_audit() {
    let fixture = std::path::Path::new(support::FIXTURE);
    let mut app = App::new(Dataset::from_dir(fixture).unwrap(), 0, (100, 30));
    apply(
        &mut app,
        [
            Action::ToggleAudit,
            Action::Down,
            Action::Select,
            Action::Right,
        ],
    );
    assert!(app.audit.open, "nothing to open");
    assert!(screen(&app).contains("No relations are declared"));
}

#[test]
fn the_source_enter_opens_is_on_screen_however_long_the_detail() {
    // At 80×24 the detail of a 生均 finding is longer than its pane: choosing its second
    // sentence must bring it into view, not leave the marker below the edge.
    for (width, height) in [
        (40, 10),
        (60, 20),
        (80, 24),
        (100, 30),
        (120, 40),
        (160, 50),
    ] {
        let mut app = app_at(width, height);
        app.apply(Action::ToggleAudit);
        assert!(!app.audit.audit.findings.is_empty(), "no findings to walk");
        for _ in 0..app.audit.audit.findings.len() {
            let finding = app.audit.selected().unwrap().relation.clone();
            let sources = app.audit.selected().unwrap().sources().len();
            for k in 0..sources {
                let text = screen(&app);
                assert!(
                    text.contains(&format!("▸ [{}] §", k + 1)),
                    "{width}×{height}: {finding}, source {}:\n{text}",
                    k + 1
                );
                app.apply(Action::Right);
            }
            app.apply(Action::Down);
        }
    }
}

#[test]
fn a_relation_nobody_checked_says_so_in_its_detail() {
    let (_temp, dir) = support::fixture_with_relations(
        "id,kind,result,inputs,measure,factor,verified,note\n\
         proposed-0001,same,\"table:1[2022,2]\",students-2022,,,false,\n\
         curated,same,\"table:1[2021,2]\",students-2021,,,true,\n",
    );
    let mut app = App::new(Dataset::from_dir(&dir).unwrap(), 0, (100, 30));
    app.apply(Action::ToggleAudit);
    assert!(app.audit.selected().unwrap().relation == "proposed-0001");
    assert!(
        screen(&app).contains("unverified: proposed by ingest"),
        "{}",
        screen(&app)
    );
    app.apply(Action::Down);
    assert!(!screen(&app).contains("unverified"), "{}", screen(&app));
}
