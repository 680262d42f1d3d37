//! Exporting screens: SVG and HTML well-formed with every cell at its place, Chinese kept
//! verbatim, colours from the theme, Markdown in fences, data never markup, and several
//! screens as one page or one SVG each.

use std::path::Path;

use nianbao::app::{Action, App, View};
use nianbao::dataset::Dataset;
use nianbao::export::{self, Format};
use nianbao::model::ItemRef;
use nianbao::palette::Palette;
use nianbao::settings::ThemeName;
use nianbao::ui::Theme;

use super::{assert_every_cell_appears, dashboard, parse_html, screen, texts};

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
fn a_deck_is_one_page_or_one_svg_per_screen() {
    let pages = vec![
        dashboard(ThemeName::ProjectorDark),
        screen(Some(ItemRef::Chapter(2)), None, ThemeName::ProjectorDark),
    ];
    let palette = export::palette_for(ThemeName::ProjectorDark);
    let mut files = export::files(&pages, "Deck", Format::Svg, "slide", &palette);
    assert_eq!(files.len(), 2);
    files.extend(export::files(
        &pages,
        "Deck",
        Format::Html,
        "slide",
        &palette,
    ));
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["slide-01.svg", "slide-02.svg", "slide.html"]);
    for (_, text) in &files {
        parse_html(text);
    }
}
