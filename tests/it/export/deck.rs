//! Decks, `nianbao export deck`: one page or one SVG per slide, each as the slide is drawn
//! now; written only where nothing else would be replaced; refusals with exit 1; a deck of
//! a dataset of several reports; the example deck in docs/ current.

use crate::support;

use std::path::Path;

use nianbao::present::{Deck, SlideItem};
use nianbao::settings::ThemeName;
use nianbao::text::char_width;
use nianbao::ui::Theme;
use nianbao::ui::slides::render_deck;
use ratatui::buffer::Buffer;
use support::{EMBEDDED, FIXTURE, JIAXING, copy_dir, listing, nianbao};

use super::{assert_every_cell_appears, glyphs_of, parse_html, texts};

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
        SlideItem::Chapter(0) => s.preface().unwrap().title.clone(),
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
