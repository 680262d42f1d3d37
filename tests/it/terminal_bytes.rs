//! Bytes on the wire, which are deterministic: what the explorer writes at 120×40 for the
//! first frame and for common keys, against the targets of docs/performance.md; and the
//! terminal that receives those bytes (emulated) shows exactly the frame the UI drew.

use crate::support;

use nianbao::app::App;
use nianbao::model::ItemRef;
use nianbao::settings::ThemeName;
use nianbao::tui::{Session, modes_on};
use nianbao::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// A session on the embedded report, everything it wrote, and an emulated terminal.
struct Wire {
    session: Session,
    written: Vec<u8>,
    terminal: vt100::Parser,
}

impl Wire {
    fn new() -> Wire {
        Wire::themed(ThemeName::Dark)
    }

    fn themed(name: ThemeName) -> Wire {
        let app = App::new(support::jiaxing_dataset(), 0, (WIDTH, HEIGHT));
        Wire::with_app_and_theme(app, Theme::new(name, true))
    }

    fn with_app(app: App) -> Wire {
        Wire::with_app_and_theme(app, theme())
    }

    fn with_app_and_theme(app: App, theme: Theme) -> Wire {
        let size = |n: u16| std::num::NonZero::new(n).unwrap();
        let mut wire = Wire {
            session: Session::new(app, theme),
            written: Vec::new(),
            terminal: vt100::Parser::new(size(HEIGHT), size(WIDTH), 0),
        };
        wire.send(&modes_on(true));
        wire
    }

    fn send(&mut self, bytes: &[u8]) {
        self.written.extend_from_slice(bytes);
        self.terminal.process(bytes);
    }

    /// Draws what changed; returns the bytes written for it.
    fn frame(&mut self) -> usize {
        let mut out = Vec::new();
        self.session.render(&mut out);
        self.send(&out);
        self.assert_shows_the_frame();
        out.len()
    }

    /// Types keys (as the terminal would send them) and draws once; returns the bytes.
    fn keys(&mut self, keys: &[u8]) -> usize {
        self.session.feed(keys);
        self.frame()
    }

    /// The emulated terminal shows what the UI draws for the app's state: the text, and
    /// for a painted theme every cell's background.
    fn assert_shows_the_frame(&self) {
        let theme = *self.session.theme();
        let mut expected = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        // The frame as drawn (the backend's copy skips cells hidden by wide glyphs).
        let buffer = &expected
            .draw(|frame| draw(frame, self.session.app(), &theme))
            .unwrap()
            .buffer
            .clone();
        let screen = self.terminal.screen();
        for y in 0..HEIGHT {
            let mut want = String::new();
            let mut skip = 0;
            for x in 0..WIDTH {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                want.push_str(symbol);
                skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            }
            let got = screen.rows(0, WIDTH).nth(usize::from(y)).unwrap();
            assert_eq!(got.trim_end(), want.trim_end(), "row {y}");
        }
        if theme.paints_background() {
            for y in 0..HEIGHT {
                for x in 0..WIDTH {
                    let cell = screen.cell(y, x).unwrap();
                    if cell.is_wide_continuation() {
                        // Drawn by the glyph to its left, in that cell's colours.
                        continue;
                    }
                    let want = match buffer[(x, y)].bg {
                        Color::Indexed(n) => vt100::Color::Idx(n),
                        other => panic!("({x}, {y}): drawn on {other:?}"),
                    };
                    // Reverse video swaps the colours: the cell's own background is what
                    // was set.
                    assert_eq!(cell.bgcolor(), want, "({x}, {y})");
                }
            }
        }
    }
}

fn theme() -> Theme {
    Theme::new(ThemeName::Dark, true)
}

fn median(values: &[usize]) -> usize {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted[sorted.len() / 2]
}

/// The targets of issue 8 and docs/performance.md, in the default theme and in the
/// themes that paint every cell's background. Run with `--nocapture` for the table.
#[test]
fn bytes_per_action_at_120_by_40() {
    for name in [
        ThemeName::Dark,
        ThemeName::ProjectorDark,
        ThemeName::ProjectorLight,
    ] {
        println!("theme {}", name.label());
        bytes_per_action(name);
    }
}

fn bytes_per_action(name: ThemeName) {
    let mut wire = Wire::themed(name);
    let first = wire.frame() + modes_on(true).len();
    let idle = wire.frame();
    wire.keys(b"r");
    let reader: Vec<usize> = (0..40).map(|_| wire.keys(b"j")).collect();
    wire.keys(b"i");
    let table: Vec<usize> = (0..40).map(|_| wire.keys(b"j")).collect();
    wire.keys(b"/");
    let finder: Vec<usize> = b"jiaxing".iter().map(|&k| wire.keys(&[k])).collect();
    wire.keys(b"\x1b");
    wire.keys(b"2");
    let frames = wire.session.frames();
    let queued = wire.keys(&[b'j'; 50]);
    let queued_frames = wire.session.frames() - frames;
    let max = |v: &[usize]| v.iter().copied().max().unwrap_or(0);
    println!("action                 median   max  (bytes at 120x40)");
    for (name, values) in [
        ("reader j", &reader),
        ("table j", &table),
        ("finder keystroke", &finder),
    ] {
        println!("{name:<20} {:>8} {:>5}", median(values), max(values));
    }
    println!("first frame {first}, idle {idle}, 50 queued j {queued} in {queued_frames} frame(s)");
    assert!(first <= 10_000, "first frame {first}");
    assert_eq!(idle, 0, "an idle explorer writes nothing");
    assert!(max(&reader) <= 4096, "reader j {reader:?}");
    assert!(median(&table) <= 1024, "table j {table:?}");
    assert!(max(&table) <= 3072, "table j {table:?}");
    assert!(max(&finder) <= 4096, "finder {finder:?}");
    assert!(queued_frames <= 3, "{queued_frames} frames for 50 queued j");
    assert!(queued <= 3 * max(&reader), "50 queued j wrote {queued}");
}

#[test]
fn a_resize_and_ctrl_l_repaint_the_whole_screen() {
    let mut wire = Wire::new();
    wire.frame();
    wire.keys(b"r");
    let repaint = wire.keys(b"\x0c");
    assert!(repaint > 3000, "Ctrl-L repainted only {repaint} bytes");
    // A keystroke that changes nothing writes nothing.
    assert_eq!(wire.keys(b"x"), 0);
}

/// Decodes standard base64, refusing anything malformed.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let mut bytes = Vec::new();
    for chunk in text.as_bytes().chunks(4) {
        let padding = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        let mut group = 0u32;
        for &b in &chunk[..4 - padding] {
            group = group << 6 | ALPHABET.find(char::from(b))? as u32;
        }
        group <<= 6 * padding as u32;
        bytes.extend(&group.to_be_bytes()[1..4 - padding]);
    }
    Some(bytes)
}

/// The texts of the OSC 52 clipboard sequences in some output.
pub(crate) fn copied(output: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(output);
    text.split("\x1b]52;c;")
        .skip(1)
        .map(|rest| {
            let payload = rest.split('\x07').next().expect("terminated by BEL");
            String::from_utf8(decode_base64(payload).expect("valid base64")).unwrap()
        })
        .collect()
}

#[test]
fn y_copies_an_indicator_as_a_citation_through_osc_52() {
    let dataset = support::jiaxing_dataset();
    let page = dataset.reports[0]
        .indicator("student-teacher-ratio")
        .unwrap()
        .page;
    let mut app = App::new(dataset, 0, (WIDTH, HEIGHT));
    app.open_item(&ItemRef::Indicator("student-teacher-ratio".into()));
    let mut wire = Wire::with_app(app);
    wire.frame();
    let start = wire.written.len();
    wire.keys(b"y");
    wire.keys(b"Y");
    assert_eq!(
        copied(&wire.written[start..]),
        [
            format!(
                "生师比 15.41:1（2022学年）— 嘉兴市中等职业教育质量年度报告 2023, §1.3, p. {page}"
            ),
            "indicator:student-teacher-ratio".to_string(),
        ]
    );
    let status = wire.terminal.screen().rows(0, WIDTH).last().unwrap();
    assert!(
        status.contains("Copied the id of indicator:student-teacher-ratio"),
        "{status}"
    );
}

#[test]
fn y_copies_a_case_text_and_a_school_name_and_nothing_when_turned_off() {
    let dataset = support::jiaxing_dataset();
    let case = dataset.reports[0].structure.case("7").unwrap().clone();
    let mut app = App::new(dataset, 0, (WIDTH, HEIGHT));
    app.open_item(&ItemRef::Case("7".into()));
    let mut wire = Wire::with_app(app);
    wire.frame();
    let start = wire.written.len();
    wire.keys(b"y");
    wire.keys(b"s");
    wire.keys(b"y");
    let texts = copied(&wire.written[start..]);
    assert!(
        texts[0].starts_with(&format!("案例7 {}\n", case.title)),
        "{}",
        texts[0]
    );
    assert_eq!(texts.len(), 2);
    assert!(!texts[1].is_empty() && !texts[1].contains('\n'));

    let mut app = App::new(support::jiaxing_dataset(), 0, (WIDTH, HEIGHT)).without_clipboard();
    app.open_item(&ItemRef::Indicator("student-teacher-ratio".into()));
    let mut wire = Wire::with_app(app);
    wire.frame();
    let start = wire.written.len();
    wire.keys(b"y");
    assert!(copied(&wire.written[start..]).is_empty());
    let status = wire.terminal.screen().rows(0, WIDTH).last().unwrap();
    assert!(status.contains("Copying is off"), "{status}");
}

#[test]
fn a_pasted_newline_never_jumps_and_a_huge_paste_is_cut() {
    let mut wire = Wire::new();
    wire.frame();
    wire.keys(b"/");
    wire.keys(b"\x1b[200~jxjs\r\n\x1b[201~");
    let app = wire.session.app();
    let finder = app.finder.as_ref().expect("the finder stays open");
    assert_eq!(finder.input.text(), "jxjs ");
    assert!(!finder.hits.is_empty());
    let mut paste = b"\x1b[200~".to_vec();
    paste.extend("嘉兴技师学院 jiaxing ".repeat(400).as_bytes());
    paste.extend(b"\x1b[201~");
    assert!(paste.len() > 10_000);
    wire.keys(&paste);
    let app = wire.session.app();
    let input = app.finder.as_ref().unwrap().input.text();
    assert_eq!(
        input.chars().count(),
        nianbao::app::text_input::MAX_INPUT_CHARS
    );
    assert!(app.notice.as_deref().unwrap_or("").contains("at most"));
    // Outside a text field a paste does nothing but say where it goes.
    wire.keys(b"\x1b");
    let request = wire.session.feed(b"\x1b[200~q\x1b[201~");
    assert_eq!(request, nianbao::tui::Request::Continue);
}
