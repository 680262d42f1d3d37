//! The seed re-laid as other PDF extractions would lay it — other line widths, single or
//! double spacing, CRLF, form feeds, page numbers at the foot or the head, with or without
//! paragraph marks — must parse to the same structure and text as the embedded dataset.

use crate::support;

use nianbao::ingest::parse_text;
use nianbao::model::{Paragraph, Report, Structure};
use nianbao::text::compact;

#[derive(Clone, Copy, Debug)]
enum PageNumbers {
    Foot,
    Head,
}

#[derive(Clone, Copy, Debug)]
struct Layout {
    /// Characters per line.
    width: usize,
    /// A blank line after every line, pages starting with an indented line (like the seed).
    double_spaced: bool,
    crlf: bool,
    form_feeds: bool,
    page_numbers: Option<PageNumbers>,
    /// Trailing space on the last line of paragraphs and headings.
    paragraph_marks: bool,
    /// Footnote markers glued to the text instead of on their own line.
    glued_markers: bool,
}

/// Writes the report's structure out again in a layout.
struct Writer<'a> {
    layout: Layout,
    structure: &'a Structure,
    lines: Vec<String>,
    page: u32,
    /// Footnotes waiting for the foot of the current page.
    pending_notes: Vec<String>,
    page_start: bool,
    placed: std::collections::HashSet<String>,
}

impl Writer<'_> {
    /// Adds a line. Double-spaced, a page's first line is indented and follows the last
    /// line of the page before without a blank line, as the seed's extractor wrote it.
    fn line(&mut self, text: &str) {
        let starts_page = self.layout.double_spaced && self.page_start;
        let indent = if starts_page { " " } else { "" };
        if starts_page && let Some(last) = self.lines.last_mut() {
            last.push_str(&format!("\n{indent}{text}"));
        } else {
            self.lines.push(format!("{indent}{text}"));
        }
        self.page_start = false;
    }

    /// Lines filled to the column's width as a PDF fills them: by the glyphs' widths (a
    /// Latin letter or digit is half a Chinese character).
    fn wrapped(&mut self, text: &str, mark: bool) {
        let columns = self.layout.width * 2;
        let mut pieces: Vec<String> = vec![String::new()];
        let mut used = 0;
        for c in text.chars() {
            let w = nianbao::text::char_width(c);
            if used + w > columns {
                pieces.push(String::new());
                used = 0;
            }
            pieces.last_mut().unwrap().push(c);
            used += w;
        }
        for (i, piece) in pieces.iter().enumerate() {
            let last = i + 1 == pieces.len();
            let piece = piece.trim_end();
            self.line(&if last && mark {
                format!("{piece} ")
            } else {
                piece.to_string()
            });
        }
    }

    fn turn_to(&mut self, page: u32) {
        while self.page < page {
            for note in std::mem::take(&mut self.pending_notes) {
                self.wrapped(&note, true);
            }
            if let Some(PageNumbers::Foot) = self.layout.page_numbers {
                self.line(&format!(" {} ", self.page));
            }
            self.page += 1;
            if self.layout.form_feeds {
                self.lines.push("\u{c}".to_string());
            }
            self.page_start = true;
            if let Some(PageNumbers::Head) = self.layout.page_numbers {
                self.lines.push(format!("{}", self.page));
            }
        }
    }

    /// Figures and tables that stand before paragraph `index`, in the given place.
    fn figures_and_tables_before(&mut self, index: usize, chapter: u32, section: &Option<String>) {
        let s = self.structure;
        let here = |location: &nianbao::model::Location| {
            location.chapter == chapter && &location.section == section
        };
        for figure in s
            .figures
            .iter()
            .filter(|f| f.position == index && here(&f.location))
        {
            if !self.placed.insert(format!("figure {}", figure.number)) {
                continue;
            }
            self.turn_to(figure.page);
            self.wrapped(&format!("图 {}  {}", figure.number, figure.caption), true);
        }
        for table in s
            .tables
            .iter()
            .filter(|t| t.position == index && here(&t.location))
        {
            if !self.placed.insert(format!("table {}", table.number)) {
                continue;
            }
            self.turn_to(table.page);
            self.line(&format!("表 {} {} ", table.number, table.title));
            for row in std::iter::once(&table.header).chain(&table.rows) {
                self.line(&format!("{} ", row.join(" ")));
            }
        }
    }

    fn paragraph(&mut self, paragraph: &Paragraph) {
        // Pieces of text between page breaks and footnote markers, each on fresh lines.
        let mut cuts: Vec<(usize, Option<u32>, Option<u32>)> = paragraph
            .page_breaks
            .iter()
            .map(|&(offset, page)| (offset, Some(page), None))
            .chain(
                paragraph
                    .footnote_refs
                    .iter()
                    .map(|r| (r.offset, None, Some(r.number))),
            )
            .collect();
        cuts.sort_by_key(|c| c.0);
        self.turn_to(paragraph.page);
        let mut start = 0;
        let mut carry = String::new();
        for (offset, page, marker) in cuts {
            carry.push_str(&paragraph.text[start..offset]);
            start = offset;
            if let Some(page) = page {
                // The page breaks inside the line: what is written stays on this page.
                self.wrapped(carry.trim(), false);
                carry.clear();
                self.turn_to(page);
            }
            if let Some(number) = marker {
                if self.layout.glued_markers {
                    carry.push_str(&number.to_string());
                } else {
                    self.wrapped(carry.trim(), false);
                    carry.clear();
                    self.line(&number.to_string());
                }
            }
        }
        carry.push_str(&paragraph.text[start..]);
        self.wrapped(carry.trim(), self.layout.paragraph_marks);
    }

    fn write(mut self, report: &Report) -> String {
        let s = self.structure;
        if let Some(preface) = s.preface() {
            self.turn_to(preface.page);
            self.line(&format!("{} ", preface.title));
        }
        let mut chapter = 0;
        let mut section: Option<String> = None;
        let mut case: Option<String> = None;
        for paragraph in &s.paragraphs {
            // What stood at the end of the previous section comes before the next heading.
            self.figures_and_tables_before(paragraph.index, chapter, &section);
            if paragraph.location.chapter != chapter {
                chapter = paragraph.location.chapter;
                let heading = s.chapter(chapter).unwrap();
                self.turn_to(heading.page);
                self.line(&format!("{} {} ", heading.number, heading.title));
            }
            if paragraph.location.section != section {
                section.clone_from(&paragraph.location.section);
                if let Some(number) = &section {
                    let heading = s.section(number).unwrap();
                    self.turn_to(heading.page);
                    self.line(&format!("{} {} ", heading.number, heading.title));
                }
            }
            self.figures_and_tables_before(paragraph.index, chapter, &section);
            if paragraph.case.is_some() && paragraph.case != case {
                let number = paragraph.case.clone().unwrap();
                let title = &s.case(&number).unwrap().title;
                self.turn_to(s.case(&number).unwrap().page);
                self.wrapped(&format!("案例 {number}  {title}"), true);
            }
            case.clone_from(&paragraph.case);
            for note in s
                .footnotes
                .iter()
                .filter(|f| f.paragraph == Some(paragraph.index))
            {
                self.pending_notes
                    .push(format!("{} {}", note.number, note.text));
            }
            self.paragraph(paragraph);
        }
        self.figures_and_tables_before(usize::MAX, chapter, &section);
        self.turn_to(self.page + 1);
        let _ = report;
        let separator = if self.layout.double_spaced {
            "\n\n"
        } else {
            "\n"
        };
        let text = self.lines.join(separator);
        let text = text.replace(&format!("{separator}\u{c}{separator}"), "\u{c}");
        if self.layout.crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    }
}

fn relay(report: &Report, layout: Layout) -> String {
    Writer {
        layout,
        structure: &report.structure,
        lines: Vec::new(),
        page: 1,
        pending_notes: Vec::new(),
        page_start: true,
        placed: std::collections::HashSet::new(),
    }
    .write(report)
}

fn seed() -> Report {
    support::jiaxing()
}

/// The outline, cases, figures, tables and footnotes, as comparable text.
fn outline(structure: &Structure) -> Vec<String> {
    let mut items = Vec::new();
    items.extend(
        structure
            .chapters
            .iter()
            .map(|c| format!("chapter {} {}", c.number, c.title)),
    );
    items.extend(
        structure
            .sections
            .iter()
            .map(|x| format!("section {} {} in {}", x.number, x.title, x.chapter)),
    );
    items.extend(structure.cases.iter().map(|c| {
        format!(
            "case {} {} in {}",
            c.number,
            compact(&c.title),
            c.location.label()
        )
    }));
    items.extend(structure.figures.iter().map(|f| {
        format!(
            "figure {} {} in {}",
            f.number,
            compact(&f.caption),
            f.location.label()
        )
    }));
    items.extend(
        structure
            .tables
            .iter()
            .map(|t| format!("table {} {} {:?} {:?}", t.number, t.title, t.header, t.rows)),
    );
    items.extend(structure.footnotes.iter().map(|f| {
        // The words the marker follows, which survive however paragraphs are split.
        let before_marker = f.paragraph.map_or_else(String::new, |p| {
            let paragraph = &structure.paragraphs[p];
            let offset = paragraph
                .footnote_refs
                .iter()
                .find(|r| r.number == f.number)
                .map_or(0, |r| r.offset);
            let before: Vec<char> = compact(&paragraph.text[..offset]).chars().collect();
            before[before.len().saturating_sub(8)..].iter().collect()
        });
        format!(
            "footnote {} {} after {before_marker}",
            f.number,
            compact(&f.text)
        )
    }));
    items
}

fn paragraphs(structure: &Structure) -> Vec<(String, Option<String>, String)> {
    structure
        .paragraphs
        .iter()
        .map(|p| (p.location.label(), p.case.clone(), compact(&p.text)))
        .collect()
}

fn pages(structure: &Structure) -> Vec<u32> {
    structure
        .paragraphs
        .iter()
        .map(|p| p.page)
        .chain(structure.cases.iter().map(|c| c.page))
        .collect()
}

fn assert_same(layout: Layout, compare_paragraphs: bool, compare_pages: bool) {
    let report = seed();
    let text = relay(&report, layout);
    if let Ok(dir) = std::env::var("NIANBAO_RELAYOUT_DUMP") {
        std::fs::write(
            format!(
                "{dir}/relayout-{}-{}.txt",
                layout.width, layout.double_spaced
            ),
            &text,
        )
        .unwrap();
    }
    let parsed = parse_text(&text).structure;
    let expected = &report.structure;
    let (want, got) = (outline(expected), outline(&parsed));
    for (w, g) in want.iter().zip(&got) {
        assert_eq!(w, g, "{layout:?}");
    }
    assert_eq!(want.len(), got.len(), "{layout:?}");
    if compare_paragraphs {
        let (want, got) = (paragraphs(expected), paragraphs(&parsed));
        for (w, g) in want.iter().zip(&got) {
            assert_eq!(w, g, "{layout:?}");
        }
        assert_eq!(want.len(), got.len(), "{layout:?}");
    } else {
        let all = |s: &Structure| {
            s.paragraphs
                .iter()
                .map(|p| compact(&p.text))
                .collect::<String>()
        };
        assert_eq!(
            all(expected),
            all(&parsed),
            "{layout:?}: the text, however paragraphs split"
        );
    }
    if compare_pages {
        assert_eq!(pages(expected), pages(&parsed), "{layout:?}: pages");
    }
}

const BASE: Layout = Layout {
    width: 26,
    double_spaced: false,
    crlf: false,
    form_feeds: true,
    page_numbers: Some(PageNumbers::Foot),
    paragraph_marks: true,
    glued_markers: false,
};

#[test]
fn rewrapped_at_20_characters() {
    assert_same(Layout { width: 20, ..BASE }, true, true);
}

#[test]
fn rewrapped_at_34_characters_double_spaced_like_the_seed() {
    let layout = Layout {
        width: 34,
        double_spaced: true,
        form_feeds: false,
        page_numbers: None,
        ..BASE
    };
    assert_same(layout, true, true);
}

#[test]
fn rewrapped_at_60_characters_with_crlf_and_page_numbers_at_the_head() {
    assert_same(
        Layout {
            width: 60,
            crlf: true,
            page_numbers: Some(PageNumbers::Head),
            ..BASE
        },
        true,
        true,
    );
}

#[test]
fn blank_lines_dropped_and_no_page_numbers() {
    assert_same(
        Layout {
            page_numbers: None,
            ..BASE
        },
        true,
        true,
    );
}

#[test]
fn without_paragraph_marks_the_structure_and_text_survive() {
    // Without marks a paragraph whose last line happens to be full runs into the next, so
    // paragraphs (and their pages) are not compared one by one; the outline (with pages)
    // and the whole text are.
    assert_same(
        Layout {
            paragraph_marks: false,
            ..BASE
        },
        false,
        false,
    );
}

#[test]
fn footnote_markers_glued_to_the_text() {
    assert_same(
        Layout {
            glued_markers: true,
            width: 30,
            ..BASE
        },
        true,
        true,
    );
}

#[test]
fn the_generator_reproduces_the_seed_layout_closely() {
    // Sanity of the test itself: re-laying at the seed's own width and style must parse
    // exactly like the seed, paragraph for paragraph and page for page.
    assert_same(
        Layout {
            width: 26,
            double_spaced: true,
            form_feeds: false,
            page_numbers: None,
            ..BASE
        },
        true,
        true,
    );
}
