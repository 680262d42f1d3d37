//! Drawing slides (the snapshots are in `super`): `render_slide` draws what the screen
//! shows, the theme is a parameter, every slide at sizes from 1×1 to 240×67, projector
//! themes paint every cell, big digits whole or not at all, control characters escaped,
//! the publisher where the data has one, and the user guide's slide as it is.

use crate::support;

use support::{buffer_text, drawn};

use nianbao::app::Action;
use nianbao::dataset::Dataset;
use nianbao::present::{Deck, SlideItem, digits};
use nianbao::settings::ThemeName;
use nianbao::text::char_width;
use nianbao::ui::Theme;
use nianbao::ui::slides::render_slide;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{app_at, apply, kinds, report, screen, theme};

#[test]
fn render_slide_draws_what_the_screen_shows() {
    let report = report();
    let deck = Deck::for_report(&report);
    let painted = Theme::new(ThemeName::ProjectorDark, true);
    for ((width, height), theme) in [
        ((80, 24), theme()),
        ((137, 41), theme()),
        ((120, 40), painted),
    ] {
        let mut app = app_at(width, height);
        app.start_presentation(None, true);
        for index in 0..deck.len() {
            let rendered = render_slide(&report, &deck, index, width, height, &theme);
            assert_eq!(
                rendered,
                drawn(&app, width, height, &theme),
                "slide {} at {width}×{height}",
                index + 1
            );
            app.apply(Action::NextSlide);
        }
    }
    // Past the end: the last slide; an empty deck: a blank buffer.
    let last = render_slide(&report, &deck, deck.len() - 1, 80, 24, &theme());
    assert_eq!(render_slide(&report, &deck, 999, 80, 24, &theme()), last);
    let empty = render_slide(&report, &Deck::default(), 0, 80, 24, &theme());
    assert!(buffer_text(&empty).trim().is_empty());
}

#[test]
fn the_theme_is_a_parameter() {
    let report = report();
    let deck = Deck::for_report(&report);
    for name in [ThemeName::Dark, ThemeName::Light, ThemeName::Contrast] {
        for colour in [true, false] {
            let theme = Theme::new(name, colour);
            let buffer = render_slide(&report, &deck, 1, 120, 40, &theme);
            let text = buffer_text(&buffer);
            assert!(text.contains("Slide 2 of"), "{name:?}");
            // The big digits wear the theme's value style.
            let big = buffer
                .content()
                .iter()
                .find(|cell| cell.symbol() == "█")
                .expect("big digits");
            assert_eq!(big.fg, theme.value.fg.unwrap_or_default(), "{name:?}");
        }
    }
}

/// Sizes from 1×1 to 240×67: every width and height at which the layout changes its
/// mind (margins at 20 columns, the footer's gap at 12 rows, the explorer's minimum) and
/// others between.
fn sizes() -> Vec<(u16, u16)> {
    let widths = [
        1, 2, 5, 10, 19, 20, 30, 39, 40, 55, 79, 80, 100, 120, 150, 200, 240,
    ];
    let heights = [1, 2, 3, 5, 8, 11, 12, 16, 24, 30, 40, 50, 60, 67];
    widths
        .iter()
        .flat_map(|&w| heights.iter().map(move |&h| (w, h)))
        .collect()
}

/// Fewer sizes, for every slide of the deck.
fn some_sizes() -> Vec<(u16, u16)> {
    let widths = [1, 2, 10, 20, 39, 40, 80, 120, 200, 240];
    let heights = [1, 2, 5, 11, 12, 24, 40, 60, 67];
    widths
        .iter()
        .flat_map(|&w| heights.iter().map(move |&h| (w, h)))
        .collect()
}

#[test]
fn every_slide_draws_at_every_size_without_panicking() {
    let report = report();
    let deck = Deck::for_report(&report);
    let kinds: Vec<usize> = kinds()
        .iter()
        .map(|(_, item)| deck.slides.iter().position(|s| s.item == *item).unwrap())
        .collect();
    let mut app = app_at(80, 24);
    app.start_presentation(None, true);
    for (width, height) in sizes() {
        let every = some_sizes().contains(&(width, height));
        for index in (0..deck.len()).filter(|i| every || kinds.contains(i)) {
            let buffer = render_slide(&report, &deck, index, width, height, &theme());
            assert_eq!(buffer.area, Rect::new(0, 0, width, height));
        }
        // The overview and help, through the app.
        app.apply(Action::Resize(width, height));
        app.apply(Action::Overview);
        app.apply(Action::Bottom);
        screen(&app);
        app.apply(Action::ToggleHelp);
        screen(&app);
        apply(&mut app, [Action::Escape, Action::Escape]);
    }
}

/// A painted theme colours every cell of every slide, as `render_slide` draws it and as
/// the screen shows it (the overview, help over a slide, a blank screen too), so a
/// slide looks the same on any terminal and in an export.
#[test]
fn the_projector_themes_paint_every_cell_of_every_slide() {
    use ratatui::style::Color;
    let painted = |buffer: &Buffer, what: &str| {
        for cell in buffer.content() {
            assert!(
                matches!(cell.bg, Color::Indexed(_)) && matches!(cell.fg, Color::Indexed(_)),
                "{what}: {cell:?}"
            );
        }
    };
    let report = report();
    let deck = Deck::for_report(&report);
    for name in [ThemeName::ProjectorDark, ThemeName::ProjectorLight] {
        let theme = Theme::new(name, true);
        for (width, height) in [(80, 24), (137, 41), (240, 67), (20, 5)] {
            for index in 0..deck.len() {
                let buffer = render_slide(&report, &deck, index, width, height, &theme);
                painted(
                    &buffer,
                    &format!("{name:?} slide {} at {width}×{height}", index + 1),
                );
            }
            let mut app = app_at(width, height);
            app.start_presentation(None, true);
            for (step, action) in [
                ("overview", Action::Overview),
                ("slide", Action::Escape),
                ("help", Action::ToggleHelp),
                ("slide", Action::Escape),
                ("blank", Action::Blank),
            ] {
                app.apply(action);
                painted(
                    &drawn(&app, width, height, &theme),
                    &format!("{name:?} {step} at {width}×{height}"),
                );
            }
        }
    }
}

/// Whether `block`'s lines stand one under the other somewhere on the screen.
fn shows_block(screen: &str, block: &[String]) -> bool {
    let lines: Vec<&str> = screen.lines().collect();
    let first = block[0].trim_end();
    lines.iter().enumerate().any(|(y, line)| {
        line.match_indices(first).any(|(at, _)| {
            let column = nianbao::text::display_width(&line[..at]);
            block.iter().enumerate().all(|(row, wanted)| {
                lines.get(y + row).is_some_and(|l| {
                    let cells: String = cells_from(l, column);
                    cells.starts_with(wanted.trim_end())
                })
            })
        })
    })
}

/// A screen line from a display column on.
fn cells_from(line: &str, column: usize) -> String {
    let mut used = 0;
    let mut rest = String::new();
    for c in line.chars() {
        if used >= column {
            rest.push(c);
        }
        used += char_width(c);
    }
    rest
}

#[test]
fn big_digits_show_whole_or_the_value_shows_in_normal_text() {
    let report = report();
    let deck = Deck::for_report(&report);
    // The figure drawn big (with `%` or `:1`), and the value as text.
    let figures: Vec<(usize, String, String)> = deck
        .slides
        .iter()
        .enumerate()
        .filter_map(|(index, s)| match &s.item {
            SlideItem::Indicator(id) => {
                let indicator = report.indicator(id)?;
                let value = indicator.display_value();
                let figure = match value.split_once(' ') {
                    Some((figure, _)) => figure.to_string(),
                    None => value.clone(),
                };
                Some((index, figure, value))
            }
            _ => None,
        })
        .collect();
    let mut big = 0;
    for (width, height) in sizes().into_iter().filter(|&(w, h)| w >= 30 && h >= 10) {
        for (index, figure, value) in &figures {
            let text = buffer_text(&render_slide(
                &report,
                &deck,
                *index,
                width,
                height,
                &theme(),
            ));
            let whole = (1..=8)
                .rev()
                .any(|scale| shows_block(&text, &digits::render(figure, scale)));
            big += usize::from(whole);
            // Drawn big, or else as a line of text that starts with the value (no other
            // line of a figure slide does: they start with a label, a period, 原文).
            let normal = text
                .lines()
                .any(|l| l.trim_start().starts_with(value.as_str()));
            assert!(
                whole || normal,
                "{figure} at {width}×{height}: neither whole big digits nor text\n{text}"
            );
        }
    }
    assert!(big > 100, "big digits are drawn where they fit ({big})");
}

#[test]
fn control_characters_in_the_data_are_drawn_escaped_on_slides() {
    let temp = tempfile::tempdir().unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-2024");
    for entry in std::fs::read_dir(&fixture).unwrap() {
        let entry = entry.unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let poisoned = match entry.file_name().to_str().unwrap() {
            "report.csv" => text.replace("（合成）", "（合成\u{1b}]0;x\u{7}）"),
            "indicators.csv" => text.replace(",人,", ",人\u{1b}[5m,"),
            _ => text,
        };
        std::fs::write(temp.path().join(entry.file_name()), poisoned).unwrap();
    }
    let dataset = Dataset::from_dir(temp.path()).unwrap();
    let report = &dataset.reports[0];
    let deck = Deck::for_report(report);
    let mut shown = String::new();
    for index in 0..deck.len() {
        let buffer = render_slide(report, &deck, index, 120, 40, &theme());
        for cell in buffer.content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "slide {}: {:?}",
                index + 1,
                cell.symbol()
            );
        }
        shown.push_str(&buffer_text(&buffer));
    }
    assert!(shown.contains("（合成\\u{1b}]0;x\\u{7}）"), "{shown}");
}

/// A copy of the synthetic fixture whose report.csv gains a `publisher` column.
fn fixture_with_publisher(publisher: &str) -> (tempfile::TempDir, Dataset) {
    let (temp, dir) = support::fixture_copy();
    let path = dir.join("report.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let (header, row) = (lines.next().unwrap(), lines.next().unwrap());
    let quoted = format!("\"{}\"", publisher.replace('"', "\"\""));
    std::fs::write(&path, format!("{header},publisher\n{row},{quoted}\n")).unwrap();
    let dataset = Dataset::from_dir(&dir).unwrap();
    (temp, dataset)
}

#[test]
fn the_title_slide_names_the_publisher_only_where_the_data_does() {
    let (_temp, dataset) = fixture_with_publisher("测试市教育局");
    let published = &dataset.reports[0];
    assert_eq!(published.meta.publisher, "测试市教育局");
    let deck = Deck::for_report(published);
    assert_eq!(deck.slides[0].item, SlideItem::Title);
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let text = buffer_text(&render_slide(published, &deck, 0, width, height, &theme()));
        assert!(
            text.contains("Publisher 发布单位 测试市教育局"),
            "{width}×{height}\n{text}"
        );
    }
    // Control characters from the data are shown escaped, as everywhere.
    let (_temp, dataset) = fixture_with_publisher("测试\u{1b}[2J局");
    let poisoned = &dataset.reports[0];
    let text = buffer_text(&render_slide(
        poisoned,
        &Deck::for_report(poisoned),
        0,
        120,
        40,
        &theme(),
    ));
    assert!(text.contains("测试\\u{1b}[2J局"), "{text}");
    // Without the column (the fixture as it is) and with it empty (Jiaxing's report names
    // no publisher): none is shown, none invented.
    let plain = Dataset::from_dir(std::path::Path::new(support::FIXTURE)).unwrap();
    let embedded = report();
    for report in [&plain.reports[0], &embedded] {
        assert_eq!(report.meta.publisher, "");
        let deck = Deck::for_report(report);
        let text = buffer_text(&render_slide(report, &deck, 0, 120, 40, &theme()));
        assert!(!text.contains("Publisher"), "{text}");
        assert!(text.contains(&report.meta.title), "{text}");
    }
}

/// The user guide's slide capture is the reviewed snapshot, so it cannot drift.
#[test]
fn the_user_guide_shows_a_slide_as_it_is() {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/user-guide.md"))
        .unwrap();
    let snapshot = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/it/snapshots/it__present__slide-figure-series-80x24.snap"
    ))
    .unwrap();
    let slide = snapshot.splitn(3, "---\n").nth(2).unwrap().trim_end();
    assert!(
        guide.contains(slide),
        "docs/user-guide.md lacks the current figure slide (80×24 snapshot)"
    );
    assert!(guide.contains("## Presenting"));
}
