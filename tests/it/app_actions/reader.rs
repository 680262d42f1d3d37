//! The reader: scrolling remembered per chapter, kept across a resize, find in the chapter,
//! figures and tables in their own sections.

use crate::support;

use nianbao::app::document::{Anchor, Document, Marks, Segment};
use nianbao::app::{Action, App};
use nianbao::model::ItemRef;

use super::{app_at, apply};

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
