//! Second ingest stage: walks the laid-out lines once and builds the outline, whole
//! paragraphs, cases, figures, tables and footnotes, resuming paragraphs that a caption,
//! case box, footnote or page break interrupted.

use std::collections::{BTreeSet, HashMap};

use super::layout::{Layout, Line};
use super::recognise::{self, Heading, LabelKind, Labelled};
use crate::model::{
    Case, Chapter, Figure, Footnote, FootnoteRef, Location, Paragraph, Section, Structure, Table,
};
use crate::text::{collapse_whitespace, ends_sentence, join_wrapped};

/// The title given to text that stands before the first heading when the report has no
/// 前言 of its own.
pub const UNTITLED_PREFACE: &str = "卷首";

/// Chapter titles of the national template, trusted even right after an unfinished line.
const TEMPLATE_CHAPTERS: &[&str] = &[
    "基本情况",
    "学校情况",
    "人才培养",
    "服务贡献",
    "文化传承",
    "国际合作",
    "产教融合",
    "发展保障",
    "面临挑战",
    "学生发展",
    "教育教学",
    "政策保障",
    "特色创新",
    "主要问题和改进措施",
];

/// Builds the structure of a laid-out document; returns it with what could not be placed.
pub fn build(layout: &Layout) -> (Structure, Vec<String>) {
    let mut builder = Builder::new(layout);
    builder.run();
    builder.finish()
}

/// A paragraph still being assembled from lines.
#[derive(Debug)]
struct OpenParagraph {
    index: usize,
    text: String,
    page: u32,
    location: Location,
    case: Option<String>,
    footnote_refs: Vec<FootnoteRef>,
    page_breaks: Vec<(usize, u32)>,
    last_page: u32,
}

struct Builder<'a> {
    layout: &'a Layout,
    lines: &'a [Line],
    structure: Structure,
    warnings: Vec<String>,
    location: Location,
    last_section: u32,
    next_paragraph: usize,
    open: Option<OpenParagraph>,
    /// A paragraph that a case box interrupted mid-sentence; it resumes after the case.
    suspended: Option<OpenParagraph>,
    /// Index of the case whose box is being read.
    case: Option<usize>,
    /// Footnote markers seen, with the paragraph they sit in, whose text is still to come.
    pending_footnotes: HashMap<u32, (usize, Location)>,
    last_marker: u32,
    /// Per kind of labelled item: the last flat number and every number seen.
    last_label: HashMap<LabelKind, u32>,
    /// Table-of-contents lines skipped before chapter 1.
    contents_lines: usize,
    seen_labels: BTreeSet<(LabelKind, String)>,
}

impl<'a> Builder<'a> {
    fn new(layout: &'a Layout) -> Self {
        Builder {
            layout,
            lines: &layout.lines,
            structure: Structure::default(),
            warnings: Vec::new(),
            location: Location::default(),
            last_section: 0,
            next_paragraph: 0,
            open: None,
            suspended: None,
            case: None,
            pending_footnotes: HashMap::new(),
            last_marker: 0,
            last_label: HashMap::new(),
            contents_lines: 0,
            seen_labels: BTreeSet::new(),
        }
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            i = self.step(i);
        }
    }

    /// Consumes the line at `i` (and any continuation lines); returns the next position.
    fn step(&mut self, i: usize) -> usize {
        let line = &self.lines[i];
        if self.structure.chapters.is_empty() && recognise::contents_entry(&line.text) {
            self.contents_lines += 1;
            return i + 1;
        }
        if let Some((number, text)) = self.footnote_text(line) {
            return self.take_footnote(i, number, text);
        }
        if let Some(heading) = self.accepted_heading(line) {
            self.start_heading(heading, line);
            return i + 1;
        }
        if let Some(label) = self.accepted_label(line) {
            return self.take_labelled(i, label);
        }
        if let Some(number) = self.marker(line) {
            self.add_marker(number);
            return i + 1;
        }
        self.add_text(i);
        i + 1
    }

    fn is_structural(&self, line: &Line) -> bool {
        self.footnote_text(line).is_some()
            || self.accepted_heading(line).is_some()
            || self.accepted_label(line).is_some()
    }

    /// The open paragraph has not finished its sentence.
    fn mid_sentence(&self) -> bool {
        self.open
            .as_ref()
            .is_some_and(|open| !ends_sentence(&open.text))
    }

    fn accepted_heading(&self, line: &Line) -> Option<Heading> {
        let heading = recognise::heading(&line.text)?;
        let current = self.location.chapter;
        let accepted = match &heading {
            Heading::Preface => self.structure.preface.is_none() && current == 0,
            Heading::Chapter { number, title } => {
                *number == current + 1
                    && (!self.mid_sentence() || TEMPLATE_CHAPTERS.contains(&title.as_str()))
            }
            Heading::Section {
                chapter, number, ..
            } => *chapter == current && current > 0 && *number == self.last_section + 1,
            Heading::SubsectionInChapter { number, .. } => {
                current > 0 && *number == self.last_section + 1 && !self.mid_sentence()
            }
        };
        accepted.then_some(heading)
    }

    fn accepted_label(&self, line: &Line) -> Option<Labelled> {
        let label = recognise::labelled(&line.text)?;
        // Before chapter 1, a label with a page number glued on is a contents entry.
        let contents_entry = self.structure.chapters.is_empty()
            && crate::text::normalize(&label.title).ends_with(|c: char| c.is_ascii_digit());
        if contents_entry {
            return None;
        }
        let seen = self
            .seen_labels
            .contains(&(label.kind, label.number.clone()));
        let in_sequence = match label.chapter {
            Some(chapter) => chapter <= self.location.chapter.max(1),
            None => label.sequence == self.last_label.get(&label.kind).copied().unwrap_or(0) + 1,
        };
        (!seen && in_sequence).then_some(label)
    }

    /// A footnote's text line, for a marker already seen or one that names a data source.
    fn footnote_text(&self, line: &Line) -> Option<(u32, String)> {
        let (number, text) = recognise::footnote_line(&line.text)?;
        let announced = self.pending_footnotes.contains_key(&number);
        let names_a_source = ["数据来源", "资料来源"].iter().any(|p| text.starts_with(p))
            && !self.structure.footnotes.iter().any(|f| f.number == number);
        (announced || names_a_source).then_some((number, text))
    }

    fn marker(&self, line: &Line) -> Option<u32> {
        let number = recognise::footnote_marker(&line.text)?;
        (self.open.is_some() && number == self.last_marker + 1).then_some(number)
    }

    fn start_heading(&mut self, heading: Heading, line: &Line) {
        self.close_all_paragraphs();
        match heading {
            Heading::Preface => {
                self.structure.preface = Some(Chapter {
                    number: 0,
                    title: collapse_whitespace(&line.text).replace(' ', ""),
                    page: line.page,
                });
            }
            Heading::Chapter { number, title } => {
                self.structure.chapters.push(Chapter {
                    number,
                    title,
                    page: line.page,
                });
                self.location = Location {
                    chapter: number,
                    section: None,
                };
                self.last_section = 0;
            }
            Heading::Section { number, title, .. }
            | Heading::SubsectionInChapter { number, title } => {
                let chapter = self.location.chapter;
                let label = format!("{chapter}.{number}");
                self.structure.sections.push(Section {
                    number: label.clone(),
                    chapter,
                    title,
                    page: line.page,
                });
                self.location.section = Some(label);
                self.last_section = number;
            }
        }
    }

    fn take_labelled(&mut self, i: usize, label: Labelled) -> usize {
        if label.chapter.is_none() {
            self.last_label.insert(label.kind, label.sequence);
        }
        self.seen_labels.insert((label.kind, label.number.clone()));
        let line = &self.lines[i];
        match label.kind {
            LabelKind::Figure => {
                let (caption, next) = self.caption(i, label.title);
                self.structure.figures.push(Figure {
                    number: label.number,
                    caption,
                    location: self.location.clone(),
                    page: line.page,
                    position: self.next_paragraph,
                });
                next
            }
            LabelKind::Case => {
                let (title, next) = self.case_title(i, label.title);
                self.start_case(label.number, title, line.page);
                next
            }
            LabelKind::Table | LabelKind::AppendixTable => self.take_table(i, label),
        }
    }

    /// A figure caption and the lines it wraps onto; captions never cross a page.
    fn caption(&self, i: usize, mut caption: String) -> (String, usize) {
        let mut j = i + 1;
        while let Some(next) = self.lines.get(j) {
            let current = &self.lines[j - 1];
            let continues = next.page == current.page
                && !self.is_structural(next)
                && !ends_clause(&next.text)
                && self.block_goes_on(current, &caption, || {
                    !self.layout.is_full(next) && self.ends_a_block(j)
                });
            if !continues {
                break;
            }
            join_wrapped(&mut caption, &collapse_whitespace(&next.text));
            j += 1;
        }
        (caption, j)
    }

    /// Whether a title or caption goes on past `current`: where the extraction marks block
    /// ends with trailing space, that mark decides; otherwise an open bracket or a full line
    /// says it goes on (or `otherwise`, for what else the caller knows).
    fn block_goes_on(&self, current: &Line, text: &str, otherwise: impl Fn() -> bool) -> bool {
        if self.layout.trailing_space_marks_paragraphs {
            return !current.trailing_space;
        }
        is_unbalanced(text) || self.layout.is_full(current) || otherwise()
    }

    /// True when the line at `j` is the last before a page break, a structural line or
    /// the end of the document.
    fn ends_a_block(&self, j: usize) -> bool {
        match self.lines.get(j + 1) {
            None => true,
            Some(after) => after.starts_page || self.is_structural(after),
        }
    }

    /// A case title and the lines it wraps onto (across a page break if need be).
    fn case_title(&self, i: usize, mut title: String) -> (String, usize) {
        let mut j = i + 1;
        while let Some(next) = self.lines.get(j) {
            let current = &self.lines[j - 1];
            let continues = j - i <= 3
                && !self.is_structural(next)
                && !ends_sentence(&title)
                && self.block_goes_on(current, &title, || false);
            if !continues {
                break;
            }
            join_wrapped(&mut title, &collapse_whitespace(&next.text));
            j += 1;
        }
        (title, j)
    }

    fn start_case(&mut self, number: String, title: String, page: u32) {
        if self.mid_sentence() && self.suspended.is_none() {
            self.suspended = self.open.take();
        } else {
            self.close_paragraph();
        }
        self.close_case();
        self.case = Some(self.structure.cases.len());
        self.structure.cases.push(Case {
            number,
            title,
            location: self.location.clone(),
            page,
            paragraphs: Vec::new(),
        });
    }

    fn take_table(&mut self, i: usize, label: Labelled) -> usize {
        let line = &self.lines[i];
        let mut table = Table {
            number: match label.kind {
                LabelKind::AppendixTable => format!("附{}", label.number),
                _ => label.number,
            },
            title: label.title,
            location: self.location.clone(),
            page: line.page,
            position: self.next_paragraph,
            header: Vec::new(),
            rows: Vec::new(),
            units: Vec::new(),
            notes: Vec::new(),
        };
        let mut j = i + 1;
        if let Some(header) = self.lines.get(j).filter(|l| !self.is_structural(l)) {
            let cells: Vec<String> = header.text.split_whitespace().map(str::to_string).collect();
            if cells.len() >= 2 && !cells.iter().all(|c| is_numeric_cell(c)) {
                table.header = cells;
                j += 1;
            }
        }
        while let Some(row) = self.lines.get(j) {
            let cells: Vec<String> = row.text.split_whitespace().map(str::to_string).collect();
            // A row has the header's cells and figures after its label (a unit column,
            // as appendix tables have, may stand between).
            let fits = cells.len() == table.header.len()
                && cells.iter().skip(1).any(|c| is_numeric_cell(c))
                && cells
                    .iter()
                    .skip(1)
                    .all(|c| is_numeric_cell(c) || c.chars().count() <= 4)
                && !ends_sentence(&row.text);
            if !fits {
                break;
            }
            table.rows.push(cells);
            j += 1;
        }
        (table.units, table.notes) = header_units_and_notes(&table.header);
        if table.rows.is_empty() {
            self.warnings.push(format!(
                "table {} (page {}): no data rows recognised under its title",
                table.number, table.page
            ));
        }
        self.structure.tables.push(table);
        j
    }

    fn take_footnote(&mut self, i: usize, number: u32, mut text: String) -> usize {
        let page = self.lines[i].page;
        let mut j = i + 1;
        while let Some(next) = self.lines.get(j) {
            if next.page != page || ends_sentence(&text) || self.is_structural(next) {
                break;
            }
            join_wrapped(&mut text, &next.text);
            j += 1;
        }
        let found = self
            .pending_footnotes
            .remove(&number)
            .or_else(|| self.lift_glued_marker(number, page));
        let (paragraph, location) = match found {
            Some((paragraph, location)) => (Some(paragraph), location),
            None => {
                self.warnings.push(format!(
                    "footnote {number} (page {page}): no marker found in the text"
                ));
                (None, self.location.clone())
            }
        };
        self.structure.footnotes.push(Footnote {
            number,
            text,
            page,
            location,
            paragraph,
        });
        j
    }

    /// Some extractions glue a footnote marker to the text (`学生）1，2022`). Given the
    /// footnote's number and page, finds the marker in the paragraphs printed on that page
    /// (the open one first), takes it out of the text and records it.
    fn lift_glued_marker(&mut self, number: u32, page: u32) -> Option<(usize, Location)> {
        let digits = number.to_string();
        let on_page = |p: &OpenParagraph| p.page == page || p.last_page == page;
        if let Some(open) = self.open.as_mut().filter(|p| on_page(p))
            && let Some(offset) = glued_marker(&open.text, &digits)
        {
            open.text.replace_range(offset..offset + digits.len(), "");
            open.footnote_refs.push(FootnoteRef { number, offset });
            self.last_marker = self.last_marker.max(number);
            return Some((open.index, open.location.clone()));
        }
        let closed = self
            .structure
            .paragraphs
            .iter_mut()
            .rev()
            .take(4)
            .filter(|p| p.page == page || p.page_breaks.iter().any(|&(_, b)| b == page));
        for paragraph in closed {
            if let Some(offset) = glued_marker(&paragraph.text, &digits) {
                paragraph
                    .text
                    .replace_range(offset..offset + digits.len(), "");
                paragraph.footnote_refs.push(FootnoteRef { number, offset });
                paragraph.footnote_refs.sort_by_key(|r| r.offset);
                self.last_marker = self.last_marker.max(number);
                return Some((paragraph.index, paragraph.location.clone()));
            }
        }
        None
    }

    fn add_marker(&mut self, number: u32) {
        let open = self
            .open
            .as_mut()
            .expect("markers are read only in a paragraph");
        open.footnote_refs.push(FootnoteRef {
            number,
            offset: open.text.len(),
        });
        self.pending_footnotes
            .insert(number, (open.index, open.location.clone()));
        self.last_marker = number;
    }

    fn add_text(&mut self, i: usize) {
        let line = &self.lines[i];
        if self.open.is_none() {
            self.open = Some(OpenParagraph {
                index: self.next_paragraph,
                text: String::new(),
                page: line.page,
                location: self.location.clone(),
                case: self
                    .case
                    .map(|case| self.structure.cases[case].number.clone()),
                footnote_refs: Vec::new(),
                page_breaks: Vec::new(),
                last_page: line.page,
            });
            self.next_paragraph += 1;
        }
        let open = self.open.as_mut().expect("opened above");
        if line.page != open.last_page {
            open.page_breaks.push((open.text.len(), line.page));
            open.last_page = line.page;
        }
        join_wrapped(&mut open.text, &collapse_whitespace(&line.text));
        if self.paragraph_ends_at(i) {
            self.close_paragraph();
            if self.case.is_some() && self.case_ends_at(i) {
                self.close_case();
            }
        }
    }

    /// Whether the paragraph ends with the line at `i`: at a sentence end that the layout
    /// marks (trailing space), or that falls short of a full line, or before a break.
    fn paragraph_ends_at(&self, i: usize) -> bool {
        let line = &self.lines[i];
        // A first-line indent (　　) starts the next paragraph, whatever came before.
        if self.lines.get(i + 1).is_some_and(|next| next.indented) {
            return true;
        }
        if !ends_sentence(&line.text) {
            return false;
        }
        if self.layout.trailing_space_marks_paragraphs {
            return line.trailing_space;
        }
        if !self.layout.is_full(line) {
            return true;
        }
        match self.lines.get(i + 1) {
            None => true,
            Some(next) => next.blank_before || self.is_structural(next),
        }
    }

    /// A case box ends with its padded last line where the layout pads boxes, else with
    /// its first paragraph.
    fn case_ends_at(&self, i: usize) -> bool {
        !self.layout.pads_boxes || self.lines[i].padded
    }

    fn close_paragraph(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        if let Some(case) = self.case {
            self.structure.cases[case].paragraphs.push(open.index);
        }
        self.structure.paragraphs.push(Paragraph {
            index: open.index,
            location: open.location,
            case: open.case,
            page: open.page,
            text: open.text,
            footnote_refs: open.footnote_refs,
            page_breaks: open.page_breaks,
        });
    }

    /// Ends the case box; a paragraph it interrupted becomes the open one again.
    fn close_case(&mut self) {
        if self.case.take().is_some() && self.open.is_none() {
            self.open = self.suspended.take();
        }
    }

    fn close_all_paragraphs(&mut self) {
        self.close_paragraph();
        self.close_case();
        self.close_paragraph();
    }

    /// Text before the first heading of a report without a 前言 is still the report's:
    /// it becomes an untitled opening (shown as 卷首, "front matter"), so it can be read,
    /// searched and cited like any other text.
    fn open_untitled_preface(&mut self) {
        if self.structure.preface.is_some() {
            return;
        }
        let Some(first) = self
            .structure
            .paragraphs
            .iter()
            .find(|p| p.location.chapter == 0)
        else {
            return;
        };
        self.structure.preface = Some(Chapter {
            number: 0,
            title: UNTITLED_PREFACE.to_string(),
            page: first.page,
        });
        self.warnings.push(format!(
            "text before the first heading, and no 前言: kept as an untitled opening ({UNTITLED_PREFACE})"
        ));
    }

    fn finish(mut self) -> (Structure, Vec<String>) {
        self.close_all_paragraphs();
        // Indexes were reserved as paragraphs opened; a paragraph resumed after a case box
        // closes late, so document order is restored here.
        self.structure.paragraphs.sort_by_key(|p| p.index);
        self.open_untitled_preface();
        if self.contents_lines > 0 {
            self.warnings.push(format!(
                "table of contents: {} lines skipped (headings with page numbers)",
                self.contents_lines
            ));
        }
        let mut unresolved: Vec<u32> = self.pending_footnotes.keys().copied().collect();
        unresolved.sort_unstable();
        for number in unresolved {
            self.warnings
                .push(format!("footnote marker {number}: no footnote text found"));
        }
        (self.structure, self.warnings)
    }
}

/// The last place where `digits` stand glued between a word and clause punctuation
/// (`学生）1，`, `26 人4。`): not after a space or another digit, so figures (`第 4。`,
/// `2.84 册。`) are left alone.
fn glued_marker(text: &str, digits: &str) -> Option<usize> {
    text.rmatch_indices(digits).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + digits.len()..].chars().next();
        before.is_some_and(|c| {
            !c.is_whitespace() && !c.is_ascii_digit() && c != '.' && !c.is_ascii_punctuation()
        }) && matches!(after, Some('，' | '。' | '；' | '、' | '：'))
    })
}

/// Ends with punctuation that closes a clause, so the line is running text, not a caption.
fn ends_clause(text: &str) -> bool {
    ends_sentence(text) || text.ends_with(['，', '；', '：', ',', ';'])
}

/// An opening quote or bracket without its closing one: the title goes on.
fn is_unbalanced(text: &str) -> bool {
    [
        ('“', '”'),
        ('（', '）'),
        ('《', '》'),
        ('(', ')'),
        ('「', '」'),
    ]
    .iter()
    .any(|&(open, close)| text.matches(open).count() > text.matches(close).count())
}

/// A table cell holding a figure: `52266`, `48.89%`, `2.8∶39.3`, `2021-2022`.
fn is_numeric_cell(cell: &str) -> bool {
    let normalized = crate::text::normalize(cell);
    normalized.chars().any(|c| c.is_ascii_digit())
        && normalized
            .chars()
            .all(|c| c.is_ascii_digit() || ".,%‰:-/+~".contains(c))
}

const UNITS: &[&str] = &[
    "元",
    "万元",
    "亿元",
    "人",
    "万人",
    "人次",
    "册",
    "个",
    "项",
    "所",
    "%",
    "％",
    "平方米",
    "万平方米",
    "亩",
    "台",
    "套",
    "门",
    "本",
    "次",
    "天",
    "小时",
    "学时",
    "家",
    "名",
];

/// Splits bracketed header text into units (`（元）`) and notes (`（含技工学籍）`).
fn header_units_and_notes(header: &[String]) -> (Vec<String>, Vec<String>) {
    header
        .iter()
        .map(|cell| {
            let inner = cell
                .split_once(['（', '('])
                .map(|(_, rest)| rest.trim_end_matches(['）', ')']).to_string())
                .unwrap_or_default();
            if UNITS.contains(&inner.as_str()) {
                (inner, String::new())
            } else {
                (String::new(), inner)
            }
        })
        .unzip()
}
