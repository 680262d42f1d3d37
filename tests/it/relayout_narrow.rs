//! The seed re-typeset at a narrow, A5-like page (26 characters a line) and extracted the
//! way pdftotext writes such a page: no paragraph marks, case titles and captions wrapped
//! onto two or three lines, table titles and header cells wrapped inside their columns,
//! columns spaced by runs of blanks, a row's last cell dropped onto a line of its own,
//! footnote markers on their own line or glued to the word or the punctuation beside them,
//! images left as runs of blank lines with their captions at the page's foot, page breaks
//! with page numbers. The layout is generated here from the embedded dataset's parse, so
//! the tests need nothing but cargo; the parse of it must give the same case and figure
//! titles, the same tables with every cell, the same footnotes in the same places, and
//! (nearly) the same text in every section.

use crate::support;

use std::collections::BTreeMap;

use nianbao::ingest::parse_text;
use nianbao::model::{Location, Paragraph, Report, Structure, Table};
use nianbao::text::{char_width, compact, display_width, is_closing_mark};

/// The text column, in display columns (26 Chinese characters).
const COLUMN: usize = 52;
/// Captions and table titles stand centred in a narrower measure under their image.
const CAPTION: usize = 40;
/// Blank lines an image leaves in the extraction.
const IMAGE_LINES: usize = 6;

/// How a footnote marker (a superscript) comes out of the extractor.
#[derive(Clone, Copy, Debug)]
enum Marker {
    /// `…学生）` / `1` / `，2022 学年…`
    OwnLine,
    /// `…84 个专业` / `2，专业布点数…`, `4。`: glued to the punctuation after it.
    GluedToNext,
    /// `…25.93 平方米 3` / `。校园占地…`: after the word, set off by a space as a separate
    /// text run often is.
    SpacedAtLineEnd,
    /// `…个千分点 5。人口规模…`: inside the line, set off by a space.
    SpacedInline,
}

fn marker_style(number: u32) -> Marker {
    match number {
        1 => Marker::OwnLine,
        2 | 4 => Marker::GluedToNext,
        3 => Marker::SpacedAtLineEnd,
        _ => Marker::SpacedInline,
    }
}

/// Characters that stand for a footnote marker while a paragraph is wrapped.
const MARKER_BASE: u32 = 0xE000;

/// Wraps text into lines of at most `width` display columns, as a typesetter does: Latin
/// words and numbers stay whole, closing punctuation hangs at the end of a line rather
/// than start the next, an opening mark never ends a line. Spaces at a break are dropped.
fn typeset(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut units: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let word = |c: char| c.is_ascii_alphanumeric() || ".%:∶-+/".contains(c);
        let mut j = i + 1;
        if word(chars[i]) {
            while j < chars.len() && word(chars[j]) {
                j += 1;
            }
        }
        units.push(chars[i..j].iter().collect());
        i = j;
    }
    let width_of = |s: &str| -> usize {
        s.chars()
            .map(|c| {
                if (MARKER_BASE..MARKER_BASE + 100).contains(&(c as u32)) {
                    1
                } else {
                    char_width(c)
                }
            })
            .sum()
    };
    let mut lines: Vec<String> = vec![String::new()];
    for unit in units {
        let line = lines.last_mut().unwrap();
        let hangs = unit.chars().all(is_closing_mark);
        if !line.is_empty() && width_of(line) + width_of(&unit) > width && !hangs {
            // An opening mark does not end a line: it moves down with what it opens.
            let mut carried = String::new();
            while line.ends_with(['“', '（', '《', '(']) {
                carried.insert(0, line.pop().unwrap());
            }
            lines.push(carried);
        }
        let line = lines.last_mut().unwrap();
        if line.is_empty() && unit == " " {
            continue;
        }
        line.push_str(&unit);
    }
    lines
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Writes the report's structure out as the narrow PDF's extracted text.
struct Narrow<'a> {
    structure: &'a Structure,
    lines: Vec<String>,
    page: u32,
    /// Footnotes and captions waiting for the foot of the current page.
    page_foot_notes: Vec<String>,
    page_foot_captions: Vec<String>,
    written: std::collections::HashSet<String>,
}

impl Narrow<'_> {
    fn line(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    /// Lines of text; an empty piece (a marker at a line's end) writes nothing.
    fn text_lines<const N: usize>(&mut self, lines: [&str; N]) {
        for line in lines.into_iter().filter(|l| !l.is_empty()) {
            self.line(line);
        }
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    fn turn_to(&mut self, page: u32) {
        while self.page < page {
            for caption in std::mem::take(&mut self.page_foot_captions) {
                self.line(caption);
            }
            for note in std::mem::take(&mut self.page_foot_notes) {
                for line in typeset(&note, COLUMN) {
                    self.line(line);
                }
            }
            self.blank();
            self.line(format!("- {} -", self.page));
            self.line("\u{c}");
            self.page += 1;
        }
    }

    /// Figures and tables that stand before paragraph `index` at `location`.
    fn items_before(&mut self, index: usize, location: &Location) {
        let s = self.structure;
        for figure in s
            .figures
            .iter()
            .filter(|f| f.position == index && &f.location == location)
        {
            if !self.written.insert(format!("figure {}", figure.number)) {
                continue;
            }
            self.turn_to(figure.page);
            // The image: a run of blank lines. Its caption, centred under it, comes out
            // at the page's foot (after the next heading, for some) for odd-numbered
            // figures, right after the image for even-numbered ones.
            for _ in 0..IMAGE_LINES {
                self.line("");
            }
            let caption = typeset(
                &format!("图 {}  {}", figure.number, figure.caption),
                CAPTION,
            );
            let number: u32 = figure.number.parse().unwrap_or(0);
            // (A figure whose page is already written cannot wait for that page's foot.)
            if number.is_multiple_of(2) || figure.page < self.page {
                for line in caption {
                    self.line(line);
                }
            } else {
                self.page_foot_captions.extend(caption);
            }
        }
        for table in s
            .tables
            .iter()
            .filter(|t| t.position == index && &t.location == location)
        {
            if !self.written.insert(format!("table {}", table.number)) {
                continue;
            }
            self.turn_to(table.page);
            self.table(table);
        }
    }

    /// A table as a narrow page sets it: the title wrapped in the caption measure, header
    /// cells wrapped inside their columns, columns aligned by runs of spaces; the first
    /// table's last row has its last cell dropped a line, the second's rows are spaced by
    /// single blanks.
    fn table(&mut self, table: &Table) {
        self.blank();
        for line in typeset(&format!("表 {} {}", table.number, table.title), CAPTION) {
            self.line(line);
        }
        let columns = table.header.len();
        let widest_row = |c: usize| {
            table
                .rows
                .iter()
                .map(|r| display_width(&r[c]))
                .max()
                .unwrap_or(0)
        };
        // The widest cell measure for which the table fits the column.
        let widths_for = |cap: usize| -> Vec<usize> {
            (0..columns)
                .map(|c| display_width(&table.header[c]).min(widest_row(c).max(cap)))
                .collect()
        };
        let gap = 2;
        let fits = |w: &Vec<usize>| w.iter().sum::<usize>() + gap * (columns - 1) <= COLUMN;
        let cap = (4..=COLUMN)
            .rev()
            .find(|&cap| fits(&widths_for(cap)))
            .unwrap();
        let widths = widths_for(cap);
        let aligned = |cells: &[Vec<String>]| -> Vec<String> {
            let height = cells.iter().map(Vec::len).max().unwrap_or(0);
            (0..height)
                .map(|row| {
                    let mut line = String::new();
                    for (c, pieces) in cells.iter().enumerate() {
                        let piece = pieces.get(row).map_or("", String::as_str);
                        line.push_str(piece);
                        if c + 1 < cells.len() {
                            let pad = widths[c] + gap - display_width(piece);
                            line.push_str(&" ".repeat(pad));
                        }
                    }
                    line.trim_end().to_string()
                })
                .collect()
        };
        let header: Vec<Vec<String>> = (0..columns)
            .map(|c| typeset(&table.header[c], widths[c]))
            .collect();
        for line in aligned(&header) {
            self.line(line);
        }
        let spaced = table.number == "1";
        for (r, row) in table.rows.iter().enumerate() {
            if !spaced {
                self.line(row.join(" "));
                continue;
            }
            let mut cells: Vec<Vec<String>> = row.iter().map(|c| vec![c.clone()]).collect();
            if r + 1 == table.rows.len() {
                // The last cell sits a little lower and comes out on a line of its own.
                let last = cells.last_mut().unwrap();
                last.insert(0, String::new());
            }
            for line in aligned(&cells) {
                self.line(line);
            }
        }
        self.blank();
    }

    fn paragraph(&mut self, paragraph: &Paragraph, width: usize) {
        self.turn_to(paragraph.page);
        // The text with a placeholder character where each footnote marker stands.
        let mut marked = String::new();
        let mut pieces: Vec<String> = Vec::new();
        let mut cuts: Vec<(usize, Option<u32>)> = paragraph
            .page_breaks
            .iter()
            .map(|&(offset, _)| (offset, None))
            .chain(
                paragraph
                    .footnote_refs
                    .iter()
                    .map(|r| (r.offset, Some(r.number))),
            )
            .collect();
        cuts.sort_by_key(|c| c.0);
        let mut start = 0;
        for (offset, marker) in cuts {
            marked.push_str(&paragraph.text[start..offset]);
            start = offset;
            match marker {
                Some(number) => marked.push(char::from_u32(MARKER_BASE + number).unwrap()),
                None => pieces.push(std::mem::take(&mut marked)),
            }
        }
        marked.push_str(&paragraph.text[start..]);
        pieces.push(marked);
        let mut breaks = paragraph.page_breaks.iter().map(|&(_, page)| page);
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                self.turn_to(breaks.next().unwrap());
            }
            for line in typeset(piece.trim(), width) {
                self.marked_line(&line, paragraph);
            }
        }
    }

    /// A line that may hold a footnote marker, written as the extractor splits it.
    fn marked_line(&mut self, line: &str, paragraph: &Paragraph) {
        let Some((at, c)) = line
            .char_indices()
            .find(|(_, c)| (MARKER_BASE..MARKER_BASE + 100).contains(&(*c as u32)))
        else {
            self.line(line);
            return;
        };
        let number = c as u32 - MARKER_BASE;
        let (before, after) = (&line[..at], &line[at + c.len_utf8()..]);
        if let Some(note) = self
            .structure
            .footnotes
            .iter()
            .find(|f| f.number == number && f.paragraph == Some(paragraph.index))
        {
            self.page_foot_notes
                .push(format!("{} {}", note.number, note.text));
        }
        let (before, after) = (before.trim_end(), after.trim_start());
        match marker_style(number) {
            Marker::OwnLine => self.text_lines([before, &number.to_string(), after]),
            Marker::GluedToNext => self.text_lines([before, &format!("{number}{after}")]),
            Marker::SpacedAtLineEnd => self.text_lines([&format!("{before} {number}"), after]),
            Marker::SpacedInline => self.line(format!("{before} {number}{after}")),
        }
    }

    fn write(mut self) -> String {
        let s = self.structure;
        if let Some(preface) = s.preface() {
            self.turn_to(preface.page);
            self.line(preface.title.clone());
        }
        let mut here = Location::default();
        let mut case: Option<String> = None;
        for paragraph in &s.paragraphs {
            // What stood at the end of the previous section comes before the next heading.
            self.items_before(paragraph.index, &here.clone());
            if paragraph.location.chapter != here.chapter {
                let heading = s.chapter(paragraph.location.chapter).unwrap();
                self.turn_to(heading.page);
                self.blank();
                self.line(format!("{} {}", heading.number, heading.title));
            }
            if paragraph.location.section != here.section
                && let Some(number) = &paragraph.location.section
            {
                let heading = s.section(number).unwrap();
                self.turn_to(heading.page);
                self.blank();
                self.line(format!("{} {}", heading.number, heading.title));
            }
            here = paragraph.location.clone();
            self.items_before(paragraph.index, &here.clone());
            if paragraph.case.is_some() && paragraph.case != case {
                let number = paragraph.case.clone().unwrap();
                let box_ = s.case(&number).unwrap();
                self.turn_to(box_.page);
                self.blank();
                for line in typeset(&format!("案例 {number}  {}", box_.title), COLUMN) {
                    self.line(line);
                }
            }
            case.clone_from(&paragraph.case);
            self.paragraph(paragraph, COLUMN);
        }
        self.items_before(usize::MAX, &here.clone());
        self.turn_to(self.page + 1);
        // Blank lines are empty in this extraction, and lines never end in spaces.
        let text: Vec<String> = self
            .lines
            .iter()
            .map(|l| l.trim_end_matches(' ').to_string())
            .collect();
        text.join("\n").replace("\n\u{c}\n", "\n\u{c}")
    }
}

fn seed() -> Report {
    support::jiaxing()
}

fn narrow_text(report: &Report) -> String {
    let text = Narrow {
        structure: &report.structure,
        lines: Vec::new(),
        page: 1,
        page_foot_notes: Vec::new(),
        page_foot_captions: Vec::new(),
        written: Default::default(),
    }
    .write();
    if let Ok(dir) = std::env::var("NIANBAO_RELAYOUT_DUMP") {
        std::fs::write(format!("{dir}/relayout-narrow.txt"), &text).unwrap();
    }
    text
}

fn parsed() -> (Report, Structure) {
    let report = seed();
    let structure = parse_text(&narrow_text(&report)).structure;
    (report, structure)
}

#[test]
fn the_generator_wraps_what_a_narrow_page_wraps() {
    // Sanity of the test itself: what the parse must cope with really is in the text.
    let report = seed();
    let text = narrow_text(&report);
    let lines: Vec<&str> = text.lines().collect();
    let at = |prefix: &str| lines.iter().position(|l| l.starts_with(prefix)).unwrap();
    // Closing punctuation may hang past the column.
    assert!(
        lines.iter().all(|l| display_width(l) <= COLUMN + 4),
        "lines fit"
    );
    let s = &report.structure;
    let wrapped_captions = s
        .figures
        .iter()
        .filter(|f| display_width(&format!("图 {}  {}", f.number, f.caption)) > CAPTION)
        .count();
    assert!(wrapped_captions >= 10, "{wrapped_captions} captions wrap");
    assert!(
        !lines[at("图 8") + 2].is_empty() && lines[at("图 8") + 3].is_empty(),
        "a caption on three lines"
    );
    assert!(
        at("2.2 职普融通") < at("图 3"),
        "a caption after the next heading"
    );
    let wrapped_titles = s
        .cases
        .iter()
        .filter(|c| display_width(&format!("案例 {}  {}", c.number, c.title)) > COLUMN)
        .count();
    assert!(wrapped_titles >= 10, "{wrapped_titles} case titles wrap");
    assert!(
        lines[at("案例 5") + 1].starts_with("育人，"),
        "a case title on two lines"
    );
    assert_eq!(
        display_width(lines[at("案例 4")]),
        COLUMN,
        "a case title filling its line exactly"
    );
    assert!(lines[at("案例 4") + 1].starts_with("嘉善信息技术工程学校"));
    assert!(
        lines[at("表 2") + 1] == "书统计表",
        "a table title on two lines"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("      （含技工学")),
        "header cells wrapped in their columns"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start() == "44.31%" && l.starts_with("    ")),
        "a row's last cell on a line of its own"
    );
    for marker in ["1", "4。"] {
        assert!(lines.contains(&marker), "the marker line {marker}");
    }
    assert!(lines.iter().any(|l| l.starts_with("2，专业布点数")));
    assert!(lines.iter().any(|l| l.ends_with("平方米 3")));
    assert!(lines.iter().any(|l| l.contains("个千分点 5。")));
    assert!(
        lines.iter().any(|l| l.starts_with("- 12 -")),
        "page numbers"
    );
    assert_eq!(
        text.matches('\u{c}').count(),
        37,
        "a form feed after every page"
    );
    let images = lines
        .windows(IMAGE_LINES)
        .filter(|w| w.iter().all(|l| l.is_empty()))
        .count();
    assert!(images >= s.figures.len(), "images as runs of blank lines");
}

#[test]
fn case_and_figure_titles_survive_wrapping() {
    let (report, parsed) = parsed();
    let titles = |s: &Structure| -> Vec<String> {
        s.cases
            .iter()
            .map(|c| {
                format!(
                    "案例{} {} in {}",
                    c.number,
                    compact(&c.title),
                    c.location.label()
                )
            })
            .chain(s.figures.iter().map(|f| {
                format!(
                    "图{} {} in {}",
                    f.number,
                    compact(&f.caption),
                    f.location.label()
                )
            }))
            .collect()
    };
    assert_same_items(&titles(&report.structure), &titles(&parsed));
}

#[test]
fn tables_keep_every_cell_when_cells_wrap_and_columns_are_spaced() {
    let (report, parsed) = parsed();
    let tables = |s: &Structure| -> Vec<String> {
        s.tables
            .iter()
            .map(|t| {
                format!(
                    "表{} {} in {}: {:?} {:?}",
                    t.number,
                    compact(&t.title),
                    t.location.label(),
                    t.header,
                    t.rows
                )
            })
            .collect()
    };
    assert_same_items(&tables(&report.structure), &tables(&parsed));
}

#[test]
fn footnotes_are_placed_wherever_their_markers_land() {
    let (report, parsed) = parsed();
    let notes = |s: &Structure| -> Vec<String> {
        s.footnotes
            .iter()
            .map(|f| {
                let paragraph = f.paragraph.map(|p| &s.paragraphs[p]);
                let before = paragraph.map_or_else(String::new, |p| {
                    let offset = p
                        .footnote_refs
                        .iter()
                        .find(|r| r.number == f.number)
                        .map_or(0, |r| r.offset);
                    let before: Vec<char> = compact(&p.text[..offset]).chars().collect();
                    before[before.len().saturating_sub(10)..].iter().collect()
                });
                format!(
                    "{} {} in {} after {before}",
                    f.number,
                    compact(&f.text),
                    f.location.label()
                )
            })
            .collect()
    };
    assert_same_items(&notes(&report.structure), &notes(&parsed));
    let markers = |s: &Structure| {
        s.paragraphs
            .iter()
            .map(|p| p.footnote_refs.len())
            .sum::<usize>()
    };
    assert_eq!(markers(&parsed), 5, "every marker lifted out of the text");
}

/// Every item as expected, with all differences listed when some are not.
fn assert_same_items(want: &[String], got: &[String]) {
    let differences: Vec<String> = (0..want.len().max(got.len()))
        .filter(|&i| want.get(i) != got.get(i))
        .map(|i| format!(" want: {:?}\n  got: {:?}", want.get(i), got.get(i)))
        .collect();
    assert!(differences.is_empty(), "\n{}", differences.join("\n"));
}

/// Similarity of two texts: 1 − edit distance / the longer length.
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let substitute = previous + usize::from(x != y);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    let longest = (prefix + suffix + a.len().max(b.len())).max(1);
    1.0 - row[b.len()] as f64 / longest as f64
}

#[test]
fn every_section_keeps_its_text() {
    let (report, parsed) = parsed();
    let by_section = |s: &Structure| -> BTreeMap<String, String> {
        let mut sections: BTreeMap<String, String> = BTreeMap::new();
        for p in &s.paragraphs {
            sections
                .entry(p.location.label())
                .or_default()
                .push_str(&compact(&p.text));
        }
        sections
    };
    let (want, got) = (by_section(&report.structure), by_section(&parsed));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "the same sections hold text"
    );
    let below: Vec<String> = want
        .iter()
        .map(|(section, text)| (section, text, similarity(text, &got[section])))
        .filter(|(_, _, score)| *score < 0.99)
        .map(|(section, text, score)| {
            format!(
                "section {section}: {score:.4} similar\n want: {text}\n  got: {}",
                got[section]
            )
        })
        .collect();
    assert!(below.is_empty(), "\n{}", below.join("\n"));
}

#[test]
fn similarity_counts_edits_against_the_longer_text() {
    assert_eq!(similarity("嘉兴市", "嘉兴市"), 1.0);
    assert!((similarity("abcd", "abxd") - 0.75).abs() < 1e-9);
    assert!((similarity("abcd", "abd") - 0.75).abs() < 1e-9);
    assert_eq!(similarity("", ""), 1.0);
}
