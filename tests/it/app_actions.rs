//! The explorer's state driven by actions alone, no terminal: navigation, the finder,
//! sorting and filtering, back and forward, jumping to sources.

use crate::support;

use nianbao::app::action::Edit;
use nianbao::app::document::{Anchor, Document, Marks, Segment};
use nianbao::app::{Action, App, Effect, Pane, View};
use nianbao::dataset::Dataset;
use nianbao::model::ItemRef;

fn app_at(width: u16, height: u16) -> App {
    App::new(support::jiaxing_dataset(), 0, (width, height))
}

fn app() -> App {
    app_at(120, 40)
}

fn apply(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.apply(action);
    }
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Type).collect()
}

/// The text of the reader's highlighted runs.
fn highlighted_text(app: &App) -> String {
    app.reader_document()
        .lines
        .iter()
        .flat_map(|l| l.segments.iter())
        .filter(|(_, s)| *s == Segment::Highlight)
        .map(|(t, _)| t.as_str())
        .collect()
}

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
    let highlighted = highlighted_text(&app);
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
fn the_reader_scrolls_and_remembers_each_chapter() {
    let mut app = app_at(80, 24);
    app.apply(Action::Chapter(2));
    apply(&mut app, [Action::PageDown, Action::Down]);
    let kept = app.reader_scroll();
    assert!(kept > 10);
    app.apply(Action::Chapter(3));
    assert_eq!(app.reader_scroll(), 0);
    app.apply(Action::Chapter(2));
    assert_eq!(app.reader_scroll(), kept);
    app.apply(Action::Bottom);
    let last = app.reader_document().lines.len() - app.reader_height();
    assert_eq!(app.reader_scroll(), last);
    app.apply(Action::Top);
    assert_eq!(app.reader_scroll(), 0);
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
fn resizing_keeps_the_reader_at_what_it_showed() {
    let mut app = App::new(support::jiaxing_dataset(), 0, (120, 40));
    app.open_item(&ItemRef::Section("2.3".into()));
    for (width, height) in [(100, 40), (80, 24), (160, 50), (120, 40)] {
        app.apply(Action::Resize(width, height));
        assert!(
            app.location().contains("› 2.3 "),
            "{width}×{height}: {}",
            app.location()
        );
    }
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
fn find_in_the_chapter_marks_every_hit_and_moves_between_them() {
    let mut app = App::new(support::jiaxing_dataset(), 0, (120, 40));
    app.open_item(&ItemRef::Chapter(2));
    app.apply(Action::FindInChapter);
    for c in "jxjs".chars() {
        app.apply(Action::Type(c));
    }
    app.apply(Action::Select);
    let hits = app.reader.find.as_ref().unwrap().hits.clone();
    assert!(hits.len() >= 3, "{hits:?}");
    let report = app.report();
    for hit in &hits {
        let text: String = report.structure.paragraphs[hit.paragraph]
            .text
            .chars()
            .skip(hit.chars.start)
            .take(hit.chars.len())
            .collect();
        assert_eq!(text, "嘉兴技师", "pinyin initials find the characters");
    }
    // Every hit is marked; the current one stands out.
    let marked = |app: &App, segment: Segment| {
        app.reader_document()
            .lines
            .iter()
            .flat_map(|l| l.segments.iter())
            .filter(|(text, s)| *s == segment && text.contains('嘉'))
            .count()
    };
    assert_eq!(marked(&app, Segment::Highlight), 1);
    assert!(marked(&app, Segment::Found) >= hits.len() - 2);
    // n and N go from hit to hit, and the reader follows.
    for step in 0..hits.len() + 1 {
        app.apply(if step % 3 == 2 {
            Action::PreviousMatch
        } else {
            Action::NextMatch
        });
        let find = app.reader.find.as_ref().unwrap();
        let line = app.reader_document().found_lines[find.current];
        let top = app.reader_scroll();
        assert!(
            (top..top + app.reader_height()).contains(&line),
            "hit {} at line {line}, top {top}",
            find.current
        );
    }
    app.apply(Action::Escape);
    assert!(app.reader.find.is_none());
    assert_eq!(marked(&app, Segment::Found), 0);
}

#[test]
fn figures_and_tables_are_drawn_in_their_own_sections() {
    let app = App::new(support::jiaxing_dataset(), 0, (120, 40));
    let report = app.report();
    let items = report
        .structure
        .figures
        .iter()
        .map(|f| (Anchor::Figure(f.number.clone()), &f.location))
        .chain(
            report
                .structure
                .tables
                .iter()
                .map(|t| (Anchor::Table(t.number.clone()), &t.location)),
        );
    let mut checked = 0;
    for (anchor, location) in items {
        checked += 1;
        let document = Document::build(report, location.chapter, 90, &Marks::default());
        let line = document.line_of(&anchor).expect("drawn");
        let drawn_in = match document.anchor_before(line, |a| matches!(a, Anchor::Section(_))) {
            Some(Anchor::Section(n)) => Some(n.clone()),
            _ => None,
        };
        assert_eq!(
            drawn_in, location.section,
            "{anchor:?} drawn under another heading"
        );
        // Not inside a case box: the line before it is no box border's inside.
        let inside_box = document.lines[..line]
            .iter()
            .rev()
            .find_map(|l| {
                let text = l.text();
                if text.starts_with('╰') {
                    Some(false)
                } else if text.starts_with('╭') {
                    Some(true)
                } else {
                    None
                }
            })
            .unwrap_or(false);
        assert!(!inside_box, "{anchor:?} drawn inside a case box");
    }
    assert!(checked > 0, "the report has figures or tables to check");
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
