//! Moving through a deck by actions alone: presenting from where the keyboard is, next,
//! previous, a slide by number or from the overview, blanking, help, the keymap, a deck
//! given to the explorer, the view and notices kept, and nothing redrawn while idle.

use crate::support;

use support::buffer_text;

use nianbao::app::keymap::{Mode, action_for, bindings};
use nianbao::app::layout::Overview;
use nianbao::app::{Action, View};
use nianbao::model::ItemRef;
use nianbao::present::{Deck, SlideItem};
use nianbao::tui::Session;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::{GOOD_DECK, app_at, apply, current, current_item, screen, theme};

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
