//! Frames rendered into bytes and replayed through a terminal emulator: what it shows is
//! each frame exactly, in as few bytes as the encoder promises.

use super::*;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// What a terminal shows after these bytes: each row's text and the cells' colours.
fn emulate(bytes: &[u8], width: u16, height: u16) -> vt100::Parser {
    let size = |n: u16| std::num::NonZero::new(n).unwrap();
    let mut parser = vt100::Parser::new(size(height), size(width), 0);
    parser.process(bytes);
    parser
}

fn rows_of(buffer: &Buffer) -> Vec<String> {
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width)
        .map(|row| {
            let mut text = String::new();
            let mut skip = 0;
            for cell in row {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                text.push_str(cell.symbol());
                skip = symbol_width(cell.symbol()) - 1;
            }
            text.trim_end().to_string()
        })
        .collect()
}

fn emulated_rows(parser: &vt100::Parser) -> Vec<String> {
    let (_, width) = parser.screen().size();
    parser
        .screen()
        .rows(0, width.get())
        .map(|r| r.trim_end().to_string())
        .collect()
}

fn buffer(lines: &[&str], width: u16) -> Buffer {
    let mut buffer = Buffer::empty(Rect::new(0, 0, width, lines.len() as u16));
    for (y, line) in lines.iter().enumerate() {
        buffer.set_string(0, y as u16, line, Style::default());
    }
    buffer
}

/// Renders the frames in turn; the emulated terminal shows each one exactly.
fn replay(frames: &[Buffer]) -> Vec<usize> {
    let (width, height) = (frames[0].area.width, frames[0].area.height);
    let mut screen = Screen::default();
    let mut bytes = Vec::new();
    let mut sizes = Vec::new();
    for frame in frames {
        let before = bytes.len();
        screen.render(frame, None, &mut bytes);
        sizes.push(bytes.len() - before);
        let parser = emulate(&bytes, width, height);
        assert_eq!(
            emulated_rows(&parser),
            rows_of(frame),
            "frame {}",
            sizes.len()
        );
    }
    sizes
}

#[test]
fn wide_glyphs_need_no_cursor_moves() {
    let line = "嘉兴市中等职业教育质量年度报告".repeat(3);
    let frames = [buffer(&[""], 100), buffer(&[&line], 100)];
    replay(&frames);
    let mut screen = Screen::default();
    let mut first = Vec::new();
    screen.render(&frames[0], None, &mut first);
    let mut bytes = Vec::new();
    screen.render(&frames[1], None, &mut bytes);
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.matches("\x1b[").count(), 3, "{text:?}"); // begin, move, end
}

#[test]
fn an_unchanged_frame_writes_nothing() {
    let frame = buffer(&["嘉兴 report", "line two"], 20);
    let mut screen = Screen::default();
    let mut bytes = Vec::new();
    screen.render(&frame, None, &mut bytes);
    assert!(!bytes.is_empty());
    bytes.clear();
    screen.render(&frame, None, &mut bytes);
    assert!(bytes.is_empty(), "{:?}", String::from_utf8_lossy(&bytes));
}

#[test]
fn replacing_wide_by_narrow_and_back_shows_right() {
    replay(&[
        buffer(&["嘉兴技师学院 abc", "ab嘉cd兴"], 20),
        buffer(&["a嘉兴技师学院bc", "abc嘉d兴x"], 20),
        buffer(&["嘉a兴b技c师d学e院", "嘉嘉嘉嘉嘉嘉嘉嘉嘉嘉"], 20),
        buffer(&["", "  x"], 20),
    ]);
}

#[test]
fn a_border_drawn_over_half_a_wide_glyph_shows() {
    // A popup's left border at column 3, over the second half of 育 (columns 2–3).
    let mut frame = buffer(&["教育培训"], 10);
    frame[(3, 0)].set_symbol("│");
    let mut bytes = Vec::new();
    Screen::default().render(&frame, None, &mut bytes);
    let parser = emulate(&bytes, 10, 1);
    assert_eq!(emulated_rows(&parser), ["教 │培训"]);
}

#[test]
fn a_one_row_scroll_is_scrolled_by_the_terminal() {
    // Rows that share little with their neighbours, as lines of prose do.
    let prose: Vec<char> = "嘉兴市中等职业教育质量年度报告产教融合职普融通"
        .chars()
        .collect();
    let text: Vec<String> = (0..30)
        .map(|i| {
            (0..20)
                .map(|j| prose[(i * 7 + j * 3) % prose.len()])
                .collect()
        })
        .collect();
    let frame = |from: usize| {
        let mut lines = vec!["header".to_string()];
        lines.extend(text[from..from + 8].iter().cloned());
        lines.push("status".into());
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        buffer(&lines, 60)
    };
    let sizes = replay(&[frame(0), frame(1), frame(4), frame(3), frame(0)]);
    // One new row of 60 bytes plus the scroll, not eight rows.
    assert!(sizes[1] < 130, "{sizes:?}");
    assert!(sizes[3] < 130, "{sizes:?}");
}

#[test]
fn styles_are_set_once_per_change() {
    let mut frame = Buffer::empty(Rect::new(0, 0, 10, 1));
    let bold_yellow = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    frame.set_string(0, 0, "abc", bold_yellow);
    frame.set_string(3, 0, "de", Style::new().fg(Color::Yellow));
    let mut bytes = Vec::new();
    Screen::default().render(&frame, None, &mut bytes);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\x1b[1;33mabc\x1b[22mde"), "{text:?}");
    let parser = emulate(&bytes, 10, 1);
    let cell = parser.screen().cell(0, 0).unwrap();
    assert!(cell.bold());
    assert_eq!(cell.fgcolor(), vt100::Color::Idx(3));
    assert!(!parser.screen().cell(0, 3).unwrap().bold());
}

#[test]
fn a_painted_background_is_erased_in_colour_or_written_where_erasing_cannot() {
    let painted = Style::new().fg(Color::Indexed(255)).bg(Color::Indexed(235));
    let frame = |text: &str| {
        let mut frame = Buffer::empty(Rect::new(0, 0, 60, 4));
        frame.set_style(frame.area, painted);
        frame.set_string(2, 1, text, painted.fg(Color::Indexed(117)));
        frame
    };
    let frames = [frame("嘉兴 report"), frame("嘉兴 reports, and more")];
    let mut sizes = Vec::new();
    for background_erase in [true, false] {
        let mut screen = Screen::default();
        screen.set_background_erase(background_erase);
        let mut bytes = Vec::new();
        let mut size = 0;
        for next in &frames {
            let before = bytes.len();
            screen.render(next, None, &mut bytes);
            size += bytes.len() - before;
            let parser = emulate(&bytes, 60, 4);
            assert_eq!(emulated_rows(&parser), rows_of(next));
            for y in 0..4 {
                for x in 0..60 {
                    let cell = parser.screen().cell(y, x).unwrap();
                    if !cell.is_wide_continuation() {
                        assert_eq!(cell.bgcolor(), vt100::Color::Idx(235), "({x}, {y})");
                    }
                }
            }
        }
        let text = String::from_utf8(bytes).unwrap();
        // Without colour erase, nothing is erased on the painted background.
        assert_eq!(
            text.contains("\x1b[2J") && !text.contains("48;5;235m\x1b[2J"),
            !background_erase,
            "{text:?}"
        );
        sizes.push(size);
    }
    assert!(sizes[0] * 2 < sizes[1], "{sizes:?}");
}

#[test]
fn an_attribute_is_turned_off_by_its_own_code_when_shorter() {
    let mut frame = Buffer::empty(Rect::new(0, 0, 10, 1));
    let pen = Style::new().fg(Color::Indexed(255)).bg(Color::Indexed(235));
    frame.set_string(
        0,
        0,
        "ab",
        pen.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    );
    frame.set_string(2, 0, "cd", pen);
    frame.set_string(4, 0, "ef", pen.add_modifier(Modifier::DIM));
    frame.set_string(6, 0, "gh", Style::new());
    let mut bytes = Vec::new();
    Screen::default().render(&frame, None, &mut bytes);
    let text = String::from_utf8(bytes.clone()).unwrap();
    // Bold and underline off, colours kept; faint on; then a reset beats the codes.
    assert!(
        text.contains("ab\x1b[22;24mcd\x1b[2mef\x1b[0mgh"),
        "{text:?}"
    );
    let parser = emulate(&bytes, 10, 1);
    let cell = |x| parser.screen().cell(0, x).unwrap().clone();
    assert!(cell(0).bold() && cell(0).underline());
    assert!(!cell(2).bold() && !cell(2).underline());
    assert_eq!(cell(2).bgcolor(), vt100::Color::Idx(235));
    assert_eq!(cell(6).bgcolor(), vt100::Color::Default);
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let mut frame = Buffer::empty(Rect::new(0, 0, 10, 1));
    frame[(0, 0)].set_symbol("a\u{202e}");
    frame[(1, 0)].set_symbol("\u{1b}");
    frame[(2, 0)].set_symbol("\u{9b}");
    let mut bytes = Vec::new();
    Screen::default().render(&frame, None, &mut bytes);
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains('\u{202e}') && !text.contains('\u{9b}'));
    assert_eq!(
        text.matches('\u{1b}').count(),
        text.matches("\u{1b}[").count()
    );
}

#[test]
fn the_cursor_is_shown_where_asked_and_hidden_otherwise() {
    let frame = buffer(&["› jxjs", ""], 20);
    let mut screen = Screen::default();
    let mut bytes = Vec::new();
    screen.render(&frame, Some(Position::new(6, 0)), &mut bytes);
    let parser = emulate(&bytes, 20, 2);
    assert_eq!(parser.screen().cursor_position(), (0, 6));
    assert!(!parser.screen().hide_cursor());
    screen.render(&frame, None, &mut bytes);
    assert!(emulate(&bytes, 20, 2).screen().hide_cursor());
}
