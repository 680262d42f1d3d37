//! Deck files: slides listed in order with their titles, the documented example valid,
//! unknown ids, items that cannot be slides and bad TOML refused at their line, and the
//! command line naming the file and line.

use crate::support;

use nianbao::present::{Deck, SlideItem};

use super::{GOOD_DECK, report};

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
