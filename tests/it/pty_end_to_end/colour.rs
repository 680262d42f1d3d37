//! What reaches a terminal's colours and width: `list` cut to the terminal's width, no
//! colour when asked, and the theme picked from the terminal's background (OSC 11) or the
//! fallback without an answer.

use crate::support;

use super::{Session, Start};

/// `list` on a terminal: the table fits its width by cutting names, never ids (what
/// `show` needs); a terminal that reports 0×0 has an unknown width, so nothing is cut.
#[test]
fn list_on_a_terminal_keeps_every_id_whole() {
    let piped = support::process()
        .args([
            "--report",
            support::JIAXING,
            "list",
            "indicators",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(piped.stdout.as_slice());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    let longest_id = ids.iter().map(|id| id.chars().count()).max().unwrap();
    assert!(
        longest_id + 20 < 80,
        "the test assumes ids shorter than the screen"
    );
    let table_on = |columns: u16| {
        let mut session = Session::start_with(
            support::process(),
            &["--report", support::JIAXING, "list", "indicators"],
            columns,
            24,
            Start::Detached,
        );
        assert!(session.wait_for_exit().success());
        let text = String::from_utf8(session.written()).unwrap();
        text.replace("\u{1b}[1m", "")
            .replace("\u{1b}[0m", "")
            .split("\r\n")
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect::<Vec<String>>()
    };
    let mut at_80 = table_on(80);
    let note = at_80.pop().unwrap();
    assert!(
        note.contains("left out at 80 columns") && note.contains("page"),
        "{note}"
    );
    let shown: Vec<&str> = at_80[1..]
        .iter()
        .map(|line| line.split("  ").next().unwrap())
        .collect();
    assert_eq!(shown, ids, "every id whole, in order");
    for line in &at_80 {
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= 80,
            "{line}"
        );
    }
    let at_100 = table_on(100);
    assert!(at_100[0].starts_with("id") && at_100[0].contains("name"));
    assert!(
        at_100.iter().any(|line| line.contains('…')),
        "names are cut at 100"
    );
    for line in &at_100 {
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= 100,
            "{line}"
        );
    }
    let at_200 = table_on(200);
    assert!(
        at_200[0].ends_with("page") && !at_200.last().unwrap().contains("left out"),
        "every column at 200: {}",
        at_200[0]
    );
    let unknown = table_on(0);
    assert!(
        !unknown.iter().any(|line| line.contains('…')),
        "0×0 cut the table"
    );
    assert_eq!(
        unknown.len(),
        ids.len() + 1,
        "no note when nothing is left out"
    );
}

/// On a terminal, `--color never` and NO_COLOR take the colour out of tables and of the
/// explorer (which still marks the selection, in reverse video).
#[test]
fn no_colour_on_a_terminal_when_asked() {
    let coloured = |args: &[&str], no_color: bool| {
        let mut command = support::process();
        if no_color {
            command.env("NO_COLOR", "1");
        }
        let mut session = Session::start_with(command, args, 100, 30, Start::Controlling);
        if !args.contains(&"list") {
            session.wait_for("Reader");
            session.type_keys("q");
        }
        assert!(session.wait_for_exit().success());
        let written = String::from_utf8_lossy(&session.written()).into_owned();
        (written.contains("\u{1b}[1m"), sets_a_colour(&written))
    };
    assert!(coloured(&["list", "chapters"], false).0);
    assert!(!coloured(&["list", "chapters", "--color", "never"], false).0);
    assert!(!coloured(&["list", "chapters"], true).0);
    let explorer = |args: &[&str], no_color: bool| coloured(args, no_color).1;
    assert!(explorer(&[], false), "the explorer is coloured by default");
    assert!(!explorer(&["--color", "never"], false));
    assert!(!explorer(&[], true));
}

/// Whether any SGR sequence (`ESC [ … m`) sets a foreground or background colour.
fn sets_a_colour(written: &str) -> bool {
    written.split("\u{1b}[").skip(1).any(|sequence| {
        let end = sequence
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(sequence.len());
        if !sequence[end..].starts_with('m') {
            return false;
        }
        sequence[..end]
            .split([';', ':'])
            .filter_map(|p| p.parse::<u16>().ok())
            .any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
    })
}

/// The explorer started without `--theme`, with no COLORFGBG to go by.
fn start_without_theme() -> Session {
    let mut command = support::process();
    command.env_remove("COLORFGBG");
    Session::start_with(command, &[], 100, 30, Start::Controlling)
}

const BACKGROUND_QUERY: &[u8] = b"\x1b]11;?\x07";

const FIRST_FRAME: &[u8] = b"\x1b[?2026h";

/// The active tab's background: cyan in `dark`, blue in `light`.
const DARK_TAB: vt100::Color = vt100::Color::Idx(6);

const LIGHT_TAB: vt100::Color = vt100::Color::Idx(4);

#[test]
fn a_light_terminal_background_picks_the_light_theme() {
    let mut session = start_without_theme();
    session.wait_for_bytes(BACKGROUND_QUERY, 0);
    // As xterm answers (ST-terminated), a Solarized Light background.
    session.type_bytes(b"\x1b]11;rgb:fdfd/f6f6/e3e3\x1b\\\x1b[?64;1;2;6;22c");
    session.wait_for("51486");
    assert_eq!(session.background_at(0, 1), LIGHT_TAB);
    // The theme key goes on from there.
    session.type_keys("t");
    session.wait_for("Theme: contrast");
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
    session.assert_restored();
}

#[test]
fn without_an_answer_the_first_frame_still_comes_in_the_fallback_theme() {
    let mut session = start_without_theme();
    // No time is asserted (shared machines are noisy): the first frame comes after the
    // query goes unanswered, in the fallback theme.
    session.wait_for_bytes(BACKGROUND_QUERY, 0);
    let start = session.written().len();
    session.wait_for_bytes(FIRST_FRAME, start.saturating_sub(FIRST_FRAME.len()));
    session.wait_for("51486");
    assert_eq!(session.background_at(0, 1), DARK_TAB);
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

#[test]
fn a_terminal_that_answers_only_da1_keeps_the_fallback_and_a_late_answer_is_no_keys() {
    let mut session = start_without_theme();
    session.wait_for_bytes(BACKGROUND_QUERY, 0);
    // DA1 alone: the terminal does not know OSC 11.
    session.type_bytes(b"\x1b[?62;22c");
    session.wait_for("51486");
    assert_eq!(session.background_at(0, 1), DARK_TAB);
    // An answer long after (by then ignored): none of it is typed (`1` would open
    // chapter 1 in the reader, `r` the reader).
    session.type_bytes(b"\x1b]11;rgb:ffff/ffff/ffff\x07");
    session.wait_quiet();
    let screen = session.screen();
    assert!(!screen.contains("Reader 阅读 ·"), "{screen}");
    assert_eq!(session.background_at(0, 1), DARK_TAB);
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

#[test]
fn an_answer_after_the_timeout_still_picks_the_theme() {
    let mut session = start_without_theme();
    session.wait_for_bytes(BACKGROUND_QUERY, 0);
    session.wait_for("51486");
    assert_eq!(session.background_at(0, 1), DARK_TAB);
    // Over a slow link the answer comes after the first frame: it is applied then.
    session.type_bytes(b"\x1b]11;rgb:ffff/ffff/ffff\x07");
    session.wait_quiet();
    assert_eq!(session.background_at(0, 1), LIGHT_TAB);
    assert!(!session.screen().contains("Reader 阅读 ·"));
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}

#[test]
fn a_named_theme_asks_nothing() {
    let mut session = Session::start(&["--theme", "projector-light"], 100, 30);
    session.wait_for("51486");
    assert!(
        !session
            .written()
            .windows(BACKGROUND_QUERY.len())
            .any(|w| w == BACKGROUND_QUERY)
    );
    // Every cell on the painted white (the screen's last row and column too).
    for (row, column) in [(0, 99), (15, 50), (29, 0), (29, 99)] {
        assert_eq!(
            session.background_at(row, column),
            vt100::Color::Idx(231),
            "({row}, {column})"
        );
    }
    session.type_keys("q");
    assert_eq!(session.wait_for_exit().code(), Some(0));
}
