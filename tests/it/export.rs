//! Export for sharing: the SVG and HTML are well-formed XML (parsed), hold the screen's
//! text verbatim, and put every cell's text at its cell; colours come from the theme;
//! data never becomes markup; files are written whole and nothing else is replaced; the
//! command line end to end.

use crate::support;

use std::collections::HashMap;
use std::path::Path;

use nianbao::app::{Action, App, View};
use nianbao::dataset::Dataset;
use nianbao::export::{self, Format};
use nianbao::model::ItemRef;
use nianbao::palette::Palette;
use nianbao::present::{Deck, SlideItem};
use nianbao::settings::ThemeName;
use nianbao::text::char_width;
use nianbao::ui::Theme;
use nianbao::ui::slides::render_deck;
use ratatui::buffer::Buffer;
use support::{EMBEDDED, FIXTURE, JIAXING, copy_dir, listing, nianbao};

const CELL_WIDTH: f64 = 9.0;
const CELL_HEIGHT: f64 = 18.0;
const BASELINE: f64 = 14.0;

fn screen(item: Option<ItemRef>, view: Option<View>, theme: ThemeName) -> Buffer {
    let mut app = App::new(support::jiaxing_dataset(), 0, (120, 40));
    if let Some(view) = view {
        app.apply(Action::ShowView(view));
    }
    if let Some(item) = item {
        app.open_item(&item);
        app.settle();
    }
    export::render(&app, &Theme::new(theme, true))
}

fn dashboard(theme: ThemeName) -> Buffer {
    screen(None, None, theme)
}

/// Every glyph an SVG shows, by (column, row), read back from the `x` and `y` of its
/// `<text>` elements (each character at the middle of its cells).
fn glyphs_of(svg: roxmltree::Node) -> HashMap<(usize, usize), String> {
    let mut found = HashMap::new();
    for text in svg.descendants().filter(|n| n.has_tag_name("text")) {
        let xs: Vec<f64> = text
            .attribute("x")
            .unwrap()
            .split(' ')
            .map(|x| x.parse().unwrap())
            .collect();
        let y: f64 = text.attribute("y").unwrap().parse().unwrap();
        let row = ((y - BASELINE) / CELL_HEIGHT).round();
        assert_eq!(row * CELL_HEIGHT + BASELINE, y, "a baseline off the grid");
        let content: String = text.text().unwrap_or_default().to_string();
        let chars: Vec<char> = content.chars().collect();
        if xs.len() == 1 && chars.len() > 1 {
            // A symbol of several characters, placed as one.
            let width: usize = chars.iter().map(|&c| char_width(c)).sum();
            let column = (xs[0] - width as f64 * CELL_WIDTH / 2.0) / CELL_WIDTH;
            found.insert((column as usize, row as usize), content.clone());
            continue;
        }
        assert_eq!(xs.len(), chars.len(), "one x per character: {content:?}");
        for (x, c) in xs.iter().zip(chars) {
            if c == ' ' {
                continue;
            }
            let column = (x - char_width(c).max(1) as f64 * CELL_WIDTH / 2.0) / CELL_WIDTH;
            assert_eq!(column.fract(), 0.0, "{c:?} off the grid at x {x}");
            let previous = found.insert((column as usize, row as usize), c.to_string());
            assert!(previous.is_none(), "two glyphs at ({column}, {row})");
        }
    }
    found
}

/// Every non-blank cell of the buffer is at its place in the SVG, and nothing else is.
fn assert_every_cell_appears(buffer: &Buffer, svg: roxmltree::Node) {
    let found = glyphs_of(svg);
    let mut expected = 0;
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            let width = symbol.chars().map(char_width).sum::<usize>().max(1);
            if symbol.trim() != "" {
                expected += 1;
                assert_eq!(
                    found
                        .get(&(usize::from(x), usize::from(y)))
                        .map(String::as_str),
                    Some(symbol),
                    "cell ({x}, {y})"
                );
            }
            x += width as u16;
        }
    }
    assert_eq!(
        found.len(),
        expected,
        "glyphs in the SVG that the screen lacks"
    );
}

/// Parses HTML (and SVG) as XML, the HTML's `<!DOCTYPE html>` allowed.
fn parse_html(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).unwrap()
}

fn texts(svg: roxmltree::Node) -> Vec<String> {
    svg.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn an_svg_is_well_formed_and_every_cell_is_at_its_place() {
    for theme in ThemeName::ALL {
        for (item, view) in [
            (None, None),
            (Some(ItemRef::Case("7".into())), None),
            (
                Some(ItemRef::Indicator("student-teacher-ratio".into())),
                None,
            ),
            (None, Some(View::Schools)),
        ] {
            let buffer = screen(item.clone(), view, theme);
            let svg = export::svg(&buffer);
            let document = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|e| panic!("{theme:?} {item:?}: {e}"));
            let root = document.root_element();
            assert!(root.has_tag_name(("http://www.w3.org/2000/svg", "svg")));
            assert_eq!(root.attribute("viewBox"), Some("0 0 1080 720"));
            let fonts = root.attribute("font-family").unwrap();
            assert!(fonts.starts_with("'Sarasa Mono SC', 'Noto Sans Mono CJK SC'"));
            assert!(fonts.ends_with("monospace"));
            assert_every_cell_appears(&buffer, root);
        }
    }
}

#[test]
fn chinese_stays_text_verbatim() {
    let buffer = screen(
        Some(ItemRef::Indicator("student-teacher-ratio".into())),
        None,
        ThemeName::ProjectorLight,
    );
    let svg = export::svg(&buffer);
    let document = roxmltree::Document::parse(&svg).unwrap();
    let texts = texts(document.root_element());
    for wanted in [
        "嘉兴市中等职业教育质量年度报告",
        "2022 学年，嘉兴市中职学校专任教师数 3390 人，生师比 15.41:1。",
        "Student–teacher ratio",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(wanted)),
            "{wanted} not in one <text>: {texts:#?}"
        );
    }
    // No outlines: the only paths are lines and blocks, drawn for box characters.
    assert!(!svg.contains("<image") && !svg.contains("<font"));
}

#[test]
fn colours_come_from_the_theme() {
    let document_of = |theme| {
        export::svg(&screen(
            Some(ItemRef::Indicator("student-teacher-ratio".into())),
            None,
            theme,
        ))
    };
    let light = document_of(ThemeName::ProjectorLight);
    let document = roxmltree::Document::parse(&light).unwrap();
    let canvas = document
        .root_element()
        .children()
        .find(|n| n.has_tag_name("rect"))
        .unwrap();
    assert_eq!(canvas.attribute("fill"), Some("#ffffff"), "xterm 231");
    // The selected row: white on 25 (#005faf).
    assert!(light.contains("fill=\"#005faf\"/>"));
    let dark = document_of(ThemeName::ProjectorDark);
    assert!(dark.contains("<rect width=\"1080\" height=\"720\" fill=\"#262626\"/>"));
    // A theme on the terminal's own colours takes a palette's.
    let terminal = export::svg_with(&dashboard(ThemeName::Dark), &Palette::DARK);
    assert!(terminal.contains("<rect width=\"1080\" height=\"720\" fill=\"#2e3436\"/>"));
}

#[test]
fn an_html_page_holds_every_screen_and_is_well_formed() {
    let pages = vec![
        dashboard(ThemeName::ProjectorLight),
        screen(
            Some(ItemRef::Case("7".into())),
            None,
            ThemeName::ProjectorLight,
        ),
        screen(None, Some(View::Cases), ThemeName::ProjectorLight),
    ];
    let html = export::html(&pages, "嘉兴 <2023> & “slides”");
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    let document = parse_html(&html);
    let root = document.root_element();
    assert!(root.has_tag_name(("http://www.w3.org/1999/xhtml", "html")));
    let title = root
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .unwrap();
    assert_eq!(title.text(), Some("嘉兴 <2023> & “slides”"));
    let svgs: Vec<roxmltree::Node> = root
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.w3.org/2000/svg", "svg")))
        .collect();
    assert_eq!(svgs.len(), 3);
    for (page, svg) in pages.iter().zip(svgs) {
        assert_every_cell_appears(page, svg);
    }
    // Standalone: nothing fetched, nothing run.
    for absent in ["<script", "<link", "src=", "http://", "https://"] {
        let outside = html
            .replace("http://www.w3.org/1999/xhtml", "")
            .replace("http://www.w3.org/2000/svg", "");
        assert!(!outside.contains(absent), "{absent}");
    }
}

#[test]
fn markdown_is_the_screens_text_in_fences() {
    let pages = vec![dashboard(ThemeName::Dark), dashboard(ThemeName::Light)];
    let text = export::markdown(&pages, "Dashboard");
    assert!(text.starts_with("# Dashboard\n"), "{text}");
    assert!(text.contains("\n## Screen 2 of 2\n"));
    assert!(text.contains("│· 前言"), "{text}");
    assert!(text.contains("\n```text\n d Dashboard 概览  r Reader 阅读"));
    assert_eq!(text.matches("```text\n").count(), 2);
}

/// A copy of the synthetic fixture with a school named like markup and control codes.
fn poisoned_dataset() -> (tempfile::TempDir, Dataset) {
    let temp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-2024");
    for entry in std::fs::read_dir(&fixture).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), temp.path().join(entry.file_name())).unwrap();
    }
    let schools = temp.path().join("schools.csv");
    let text = std::fs::read_to_string(&schools).unwrap().replace(
        "Test Vocational School",
        "<script>alert(1)</script> ]]> &amp; \"q\" 'a' \u{1b}[2J\u{202e}",
    );
    std::fs::write(&schools, text).unwrap();
    let dataset = Dataset::from_dir(temp.path()).unwrap();
    (temp, dataset)
}

#[test]
fn data_never_becomes_markup() {
    let (_temp, dataset) = poisoned_dataset();
    let mut app = App::new(dataset, 0, (120, 40));
    app.apply(Action::ShowView(View::Schools));
    let buffer = export::render(&app, &Theme::new(ThemeName::ProjectorLight, true));
    let svg = export::svg(&buffer);
    let html = export::html(std::slice::from_ref(&buffer), "<script>alert(1)</script>");
    for document in [&svg, &html] {
        let parsed = parse_html(document);
        assert!(
            !parsed.descendants().any(|n| n.has_tag_name("script")),
            "a script element"
        );
        let all_text: String = parsed
            .descendants()
            .filter(|n| n.is_text())
            .map(|n| n.text().unwrap())
            .collect();
        assert!(
            all_text.contains("<script>alert(1)</script>"),
            "shown as text"
        );
        assert!(!document.contains('\u{1b}') && !document.contains('\u{202e}'));
    }
    assert_every_cell_appears(
        &buffer,
        roxmltree::Document::parse(&svg).unwrap().root_element(),
    );
}

#[test]
fn a_deck_is_one_page_or_one_svg_per_screen_written_into_a_directory() {
    let pages = vec![
        dashboard(ThemeName::ProjectorDark),
        screen(Some(ItemRef::Chapter(2)), None, ThemeName::ProjectorDark),
    ];
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("deck");
    let palette = export::palette_for(ThemeName::ProjectorDark);
    let svgs = export::files(&pages, "Deck", Format::Svg, "slide", &palette);
    let written = export::write::write_dir(&dir, "slide", &svgs, false).unwrap();
    assert_eq!(written.len(), 2);
    let html = export::files(&pages, "Deck", Format::Html, "slide", &palette);
    export::write::write_dir(&dir, "slide", &html, false).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["slide-01.svg", "slide-02.svg", "slide.html"]);
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        parse_html(&text);
    }
}

#[test]
fn the_command_writes_to_stdout_a_file_or_a_directory_and_replaces_only_when_told() {
    let output = nianbao()
        .args(["export", "view:dashboard", "--format", "svg"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let svg = String::from_utf8(output.stdout).unwrap();
    roxmltree::Document::parse(&svg).unwrap();
    assert!(svg.contains("在校生数"));

    let temp = tempfile::tempdir().unwrap();
    let into = format!("{}/out/", temp.path().display());
    let output = nianbao()
        .args([
            "export",
            "indicator:student-teacher-ratio",
            "--format",
            "html",
            "--out",
            &into,
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let path = temp.path().join("out/indicator-student-teacher-ratio.html");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("<title>生师比 (indicator:student-teacher-ratio) — 嘉兴市"));
    // Again: refused (exit 1), unchanged; with --force, replaced.
    let again = nianbao()
        .args([
            "export",
            "indicator:student-teacher-ratio",
            "--format",
            "html",
            "--out",
            &into,
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = nianbao()
        .args([
            "export", "case:7", "--format", "md", "--size", "80x24", "--out",
        ])
        .arg(temp.path().join("out/case.md"))
        .output()
        .unwrap();
    assert!(forced.status.success(), "{forced:?}");
    let markdown = std::fs::read_to_string(temp.path().join("out/case.md")).unwrap();
    assert!(markdown.contains("案例7"), "{markdown}");
    let screen: Vec<&str> = markdown
        .lines()
        .skip_while(|l| !l.starts_with("```"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    assert_eq!(screen.len(), 24);
    assert!(screen.iter().all(|l| nianbao::text::display_width(l) <= 80));
    let replaced = nianbao()
        .args([
            "export",
            "indicator:student-teacher-ratio",
            "--format",
            "html",
            "--force",
            "--theme",
            "projector-dark",
            "--out",
            &into,
        ])
        .output()
        .unwrap();
    assert!(replaced.status.success());
    assert!(std::fs::read_to_string(&path).unwrap().contains("#262626"));
    // Nothing but the exports is left in the directory.
    let mut names: Vec<String> = std::fs::read_dir(temp.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["case.md", "indicator-student-teacher-ratio.html"]);
}

#[test]
fn the_command_refuses_what_it_cannot_export() {
    for (args, message) in [
        (
            vec![
                "export",
                "indicator:student-teacher-ratoi",
                "--format",
                "svg",
            ],
            "did you mean: indicator:student-teacher-ratio",
        ),
        (vec!["export", "view:slides", "--format", "svg"], "views:"),
        (
            vec!["export", "case:7", "--format", "svg", "--size", "30x8"],
            "40x10",
        ),
        (vec!["export", "case:7", "--format", "pdf"], "svg"),
    ] {
        let output = nianbao().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

/// The examples in docs/ are what the command writes now (scripts/export-examples
/// regenerates them).
#[test]
fn the_examples_in_the_docs_are_current() {
    for format in ["svg", "html"] {
        let output = nianbao()
            .args([
                "--report",
                JIAXING,
                "export",
                "view:dashboard",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let committed = std::fs::read_to_string(format!(
            "{}/docs/examples/dashboard.{format}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert!(
            String::from_utf8(output.stdout).unwrap() == committed,
            "docs/examples/dashboard.{format} is out of date: run scripts/export-examples"
        );
    }
}

// Decks: `nianbao export deck`.

/// A row's text as it reads: runs of blanks as one space, trimmed.
fn squeezed(text: &str) -> String {
    text.split(' ')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each row of a buffer as it reads (a wide glyph once).
fn buffer_rows(buffer: &Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                row.push_str(if symbol.is_empty() { " " } else { symbol });
                x += symbol.chars().map(char_width).sum::<usize>().max(1) as u16;
            }
            squeezed(&row)
        })
        .collect()
}

/// Each row of an SVG as it reads, from where its glyphs are: glyphs side by side
/// joined, a space where cells between them are blank.
fn svg_rows(svg: roxmltree::Node, rows: usize) -> Vec<String> {
    let mut by_row: Vec<Vec<(usize, String)>> = vec![Vec::new(); rows];
    for ((column, row), glyph) in glyphs_of(svg) {
        by_row[row].push((column, glyph));
    }
    by_row
        .into_iter()
        .map(|mut glyphs| {
            glyphs.sort();
            let mut text = String::new();
            let mut end = 0;
            for (column, glyph) in glyphs {
                if column > end {
                    text.push(' ');
                }
                end = column + glyph.chars().map(char_width).sum::<usize>().max(1);
                text.push_str(&glyph);
            }
            squeezed(&text)
        })
        .collect()
}

/// The heading a slide shows: its own title in the deck, else its item's.
fn heading(report: &nianbao::model::Report, slide: &nianbao::present::SlideSpec) -> String {
    if let Some(title) = &slide.title {
        return title.clone();
    }
    let s = &report.structure;
    match &slide.item {
        SlideItem::Title => report.meta.title.clone(),
        SlideItem::Indicator(id) => report.indicator(id).unwrap().name.clone(),
        SlideItem::Chapter(0) => s.preface.as_ref().unwrap().title.clone(),
        SlideItem::Chapter(n) => s.chapter(*n).unwrap().title.clone(),
        SlideItem::Case(n) => s.case(n).unwrap().title.clone(),
        SlideItem::Breakdown(id) => report.breakdown(id).unwrap().title.clone(),
    }
}

/// Checks an exported deck against the slides drawn now: one SVG per slide, each with
/// every cell at its place, each screen line verbatim, the slide's heading and its
/// "Slide N of M" in one `<text>`.
fn assert_deck_matches(svgs: &[roxmltree::Node], report: &nianbao::model::Report, deck: &Deck) {
    let pages = render_deck(
        report,
        deck,
        120,
        40,
        &Theme::new(ThemeName::ProjectorLight, true),
    );
    assert_eq!(svgs.len(), deck.len(), "one picture per slide");
    for (index, (page, svg)) in pages.iter().zip(svgs).enumerate() {
        assert_every_cell_appears(page, *svg);
        assert_eq!(
            svg_rows(*svg, 40),
            buffer_rows(page),
            "slide {}: the lines as the screen shows them",
            index + 1
        );
        let texts = texts(*svg);
        for wanted in [
            heading(report, &deck.slides[index]),
            format!("Slide {} of {}", index + 1, deck.len()),
        ] {
            assert!(
                texts.iter().any(|t| t.contains(&wanted)),
                "slide {}: {wanted} not in one <text>: {texts:#?}",
                index + 1
            );
        }
    }
}

fn example_deck_path() -> String {
    format!("{}/docs/example-deck.toml", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_deck_exports_as_one_page_with_every_slide_as_on_the_screen() {
    let report = support::jiaxing();
    let example = std::fs::read_to_string(example_deck_path()).unwrap();
    for (args, deck) in [
        (vec![], Deck::for_report(&report)),
        (
            vec!["--deck".to_string(), example_deck_path()],
            Deck::parse(&example, &report).unwrap(),
        ),
    ] {
        let output = nianbao()
            .args(["--report", JIAXING, "export", "deck", "--format", "html"])
            .args(&args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let html = String::from_utf8(output.stdout).unwrap();
        let document = parse_html(&html);
        let svgs: Vec<roxmltree::Node> = document
            .descendants()
            .filter(|n| n.has_tag_name(("http://www.w3.org/2000/svg", "svg")))
            .collect();
        assert_deck_matches(&svgs, &report, &deck);
        // CJK as text in named fonts, nothing fetched or run.
        let fonts = svgs[0].attribute("font-family").unwrap();
        assert!(fonts.starts_with("'Sarasa Mono SC'") && fonts.ends_with("monospace"));
        assert!(!html.contains("<script") && !html.contains("<image"));
    }
}

#[test]
fn a_deck_exports_as_one_svg_per_slide_into_a_directory() {
    let report = support::jiaxing();
    let deck = Deck::parse(
        &std::fs::read_to_string(example_deck_path()).unwrap(),
        &report,
    )
    .unwrap();
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("talk");
    let output = nianbao()
        .args([
            "--report", JIAXING, "export", "deck", "--format", "svg", "--deck",
        ])
        .arg(example_deck_path())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(&format!("wrote {} files into", deck.len())),
        "{stdout}"
    );
    // Named after the deck file, numbered to sort.
    let names = listing(&out);
    let expected: Vec<String> = (1..=deck.len())
        .map(|n| format!("example-deck-{n:02}.svg"))
        .collect();
    assert_eq!(names, expected);
    let texts: Vec<String> = names
        .iter()
        .map(|name| std::fs::read_to_string(out.join(name)).unwrap())
        .collect();
    let documents: Vec<roxmltree::Document> = texts
        .iter()
        .map(|text| roxmltree::Document::parse(text).unwrap())
        .collect();
    let svgs: Vec<roxmltree::Node> = documents.iter().map(|d| d.root_element()).collect();
    assert_deck_matches(&svgs, &report, &deck);
}

#[test]
fn a_deck_is_written_only_where_nothing_else_would_be_replaced() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("deck");
    let export = |format: &str, extra: &[&str]| {
        nianbao()
            .args([
                "--report", JIAXING, "export", "deck", "--format", format, "--out",
            ])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let first = export("svg", &["--size", "80x24"]);
    assert!(first.status.success(), "{first:?}");
    let svgs = listing(&out);
    assert!(svgs.len() > 20 && svgs[0] == "deck-01.svg", "{svgs:?}");
    let before = std::fs::read_to_string(out.join("deck-01.svg")).unwrap();
    // Again: an earlier export is replaced only with --force.
    let again = export("svg", &[]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("holds an earlier export (deck-01.svg") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("deck-01.svg")).unwrap(),
        before
    );
    // HTML beside it replaces nothing.
    assert!(export("html", &[]).status.success());
    assert!(out.join("deck.html").exists());
    // With --force and a deck of 6 slides: the other SVGs are gone, the HTML stays.
    let forced = export(
        "svg",
        &[
            "--force",
            "--deck",
            &example_deck_path(),
            "--size",
            "100x30",
        ],
    );
    assert_eq!(
        forced.status.code(),
        Some(1),
        "another deck's name: refused"
    );
    let stderr = String::from_utf8_lossy(&forced.stderr);
    assert!(stderr.contains("holds other things"), "{stderr}");
    let forced = export("svg", &["--force", "--size", "100x30"]);
    assert!(forced.status.success(), "{forced:?}");
    assert_ne!(
        std::fs::read_to_string(out.join("deck-01.svg")).unwrap(),
        before
    );
    assert_eq!(listing(&out).len(), svgs.len() + 1);
    // A file of someone else's: refused, even with --force; nothing changed.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let kept = listing(&out);
    let refused = export("html", &["--force"]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert_eq!(listing(&out), kept);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    // No temporary file is left anywhere.
    assert!(kept.iter().all(|name| !name.starts_with('.')), "{kept:?}");
}

#[test]
fn export_deck_refuses_what_it_cannot_do_with_exit_1() {
    let temp = tempfile::tempdir().unwrap();
    let bad = temp.path().join("talk.toml");
    std::fs::write(
        &bad,
        "[[slide]]\nitem = \"title\"\n\n[[slide]]\nitem = \"indicator:student-teacher-rato\"\n",
    )
    .unwrap();
    let broken = temp.path().join("broken.toml");
    std::fs::write(&broken, "[[slide]]\nitem = \"title\"\n[[slide]\n").unwrap();
    let file = temp.path().join("deck.html");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--format".into(), "svg".into()],
            "svg is one file per slide, so it needs a directory: give --out DIR",
        ),
        (
            vec![
                "--format".into(),
                "html".into(),
                "--deck".into(),
                bad.display().to_string(),
            ],
            "talk.toml:5: no item `indicator:student-teacher-rato`",
        ),
        (
            vec![
                "--format".into(),
                "html".into(),
                "--deck".into(),
                bad.display().to_string(),
            ],
            "did you mean: indicator:student-teacher-ratio",
        ),
        (
            vec![
                "--format".into(),
                "svg".into(),
                "--deck".into(),
                broken.display().to_string(),
                "--out".into(),
                temp.path().join("o").display().to_string(),
            ],
            "broken.toml:3: ",
        ),
        (
            vec![
                "--format".into(),
                "html".into(),
                "--deck".into(),
                temp.path().join("missing.toml").display().to_string(),
            ],
            "cannot read the deck",
        ),
        (
            vec![
                "--format".into(),
                "html".into(),
                "--out".into(),
                file.display().to_string(),
            ],
            "export deck writes its files into a directory",
        ),
        (
            vec![
                "--format".into(),
                "html".into(),
                "--report".into(),
                "nowhere".into(),
            ],
            "no report `nowhere`",
        ),
    ];
    for (args, message) in cases {
        let output = nianbao()
            .args(["--report", JIAXING, "export", "deck"])
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    // Nothing was written for the refused exports.
    assert_eq!(listing(temp.path()), ["broken.toml", "talk.toml"]);
    // --deck is for decks; the explorer's own --deck does not reach export.
    for (args, message) in [
        (
            vec!["export", "case:7", "--format", "svg", "--deck", "x.toml"],
            "--deck goes with `nianbao export deck`",
        ),
        (
            vec!["--deck", "x.toml", "export", "deck", "--format", "html"],
            "--deck does not apply to export",
        ),
    ] {
        let output = nianbao().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn a_deck_of_a_dataset_of_several_reports_names_its_report() {
    let temp = tempfile::tempdir().unwrap();
    copy_dir(Path::new(EMBEDDED), &temp.path().join("jiaxing-2023"));
    copy_dir(Path::new(FIXTURE), &temp.path().join("mini-2024"));
    let export = |extra: &[&str]| {
        nianbao()
            .arg("--data")
            .arg(temp.path())
            .args(["export", "--format", "md"])
            .args(extra)
            .output()
            .unwrap()
    };
    let output = export(&["deck"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("jiaxing-2023, mini-2024"), "{stderr}");
    for args in [
        &["mini-2024/deck"][..],
        &["deck", "--report", "mini-2024"][..],
    ] {
        let output = export(args);
        assert!(output.status.success(), "{args:?}: {output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            text.starts_with("# 测试市中等职业教育质量年度报告（合成） — slides\n"),
            "{text}"
        );
        assert!(text.contains("## Screen 1 of"), "{text}");
    }
}

/// The exported deck in docs/ is what the command writes now (scripts/export-examples
/// regenerates it), and the user guide links it.
#[test]
fn the_example_deck_in_the_docs_is_current() {
    let output = nianbao()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--report",
            JIAXING,
            "export",
            "deck",
            "--deck",
            "docs/example-deck.toml",
            "--format",
            "html",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let committed = std::fs::read_to_string(format!(
        "{}/docs/examples/example-deck.html",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert!(
        String::from_utf8(output.stdout).unwrap() == committed,
        "docs/examples/example-deck.html is out of date: run scripts/export-examples"
    );
    let guide =
        std::fs::read_to_string(format!("{}/docs/user-guide.md", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let presenting = guide
        .split("\n## ")
        .find(|s| s.starts_with("Presenting"))
        .unwrap();
    assert!(
        presenting.contains("(examples/example-deck.html)"),
        "{presenting}"
    );
    let script = std::fs::read_to_string(format!(
        "{}/scripts/export-examples",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert!(script.contains("docs/examples/example-deck.html"));
}
