//! Second ingest stage: walks the laid-out lines once and builds the outline, whole
//! paragraphs, cases, figures, tables and footnotes, resuming paragraphs that a caption,
//! case box, footnote or page break interrupted.
//!
//! What the line breaks cannot tell is read from the layout's measurements and the text:
//! a figure stands where its image (a run of blank lines on the caption's page) sits; a
//! title or caption goes on onto lines no wider than its own, and stops at a line with a
//! sentence's punctuation, one that restates its subject (a case's body starting with the
//! school it names) or one wider than its measure; a table's wrapped header cells are put
//! back by their columns; each document keeps one form of chapter heading (`1 …`, `一、…`
//! or `第一章 …`) and each chapter one form of section heading.

use std::collections::{BTreeSet, HashMap};

use super::layout::{Layout, Line};
use super::recognise::{self, ChapterForm, Heading, LabelKind, Labelled, SectionForm};
use crate::model::{
    Case, Chapter, Figure, Footnote, FootnoteRef, Location, Paragraph, Section, Structure, Table,
};
use crate::text::{char_width, collapse_whitespace, display_width, ends_sentence, join_wrapped};

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

/// Display columns by which a title's or caption's wrapped lines may differ in width
/// (a Latin word or a number that did not fit, punctuation pushed to the next line).
const WRAP_SLACK: usize = 6;

/// A picture's place, seen as a run of blank lines, waiting for its caption.
#[derive(Debug)]
struct Image {
    page: u32,
    location: Location,
    /// The paragraph it stands before (see `Figure::position`).
    position: usize,
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
    /// The first of the layout's gaps not yet passed.
    next_gap: usize,
    /// Images passed on the current page that no caption has claimed.
    images: Vec<Image>,
    /// Figures (index, page) whose caption came before any image on its page.
    awaiting_image: Vec<(usize, u32)>,
    /// How this document writes chapter headings, from its first chapter.
    chapter_form: Option<ChapterForm>,
    /// How the current chapter writes section headings, from its first section.
    section_form: Option<SectionForm>,
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
            next_gap: 0,
            images: Vec::new(),
            awaiting_image: Vec::new(),
            chapter_form: None,
            section_form: None,
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
        self.pass_gaps(i);
        let line = &self.lines[i];
        if self.structure.chapters.is_empty() && recognise::contents_entry(&line.text) {
            self.contents_lines += 1;
            return i + 1;
        }
        if let Some((number, text)) = self.footnote_text(line) {
            return self.take_footnote(i, number, text);
        }
        if let Some(heading) = self.accepted_heading(line) {
            return self.start_heading(i, heading);
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

    /// A heading in sequence and in the forms this document uses. Under `第…章` chapters,
    /// `一、…` numbers sections; a `第…章` or `第…节` line is a heading even after an
    /// unfinished sentence (a caption or a table may have cut one off).
    fn accepted_heading(&self, line: &Line) -> Option<Heading> {
        let heading = match recognise::heading(&line.text)? {
            Heading::Chapter {
                number,
                title,
                form: ChapterForm::Enumerated,
            } if self.chapter_form == Some(ChapterForm::Ordinal) => Heading::SubsectionInChapter {
                number,
                title,
                form: SectionForm::Enumerated,
            },
            heading => heading,
        };
        let current = self.location.chapter;
        let section_form_fits = |form: SectionForm| self.section_form.is_none_or(|f| f == form);
        let accepted = match &heading {
            Heading::Preface => self.structure.preface.is_none() && current == 0,
            Heading::Chapter {
                number,
                title,
                form,
            } => {
                *number == current + 1
                    && self.chapter_form.is_none_or(|f| f == *form)
                    && (!self.mid_sentence()
                        || *form == ChapterForm::Ordinal
                        || TEMPLATE_CHAPTERS.contains(&title.as_str()))
            }
            Heading::Section {
                chapter, number, ..
            } => {
                *chapter == current
                    && current > 0
                    && *number == self.last_section + 1
                    && section_form_fits(SectionForm::Decimal)
            }
            Heading::SubsectionInChapter { number, form, .. } => {
                current > 0
                    && *number == self.last_section + 1
                    && section_form_fits(*form)
                    && (!self.mid_sentence() || *form == SectionForm::Ordinal)
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

    /// Opens the chapter or section of the heading at `i`; returns the next position (past
    /// the title's own line for a bare `第三章`).
    fn start_heading(&mut self, i: usize, heading: Heading) -> usize {
        self.close_all_paragraphs();
        let line = &self.lines[i];
        let (heading, next) = self.with_title(i, heading);
        match heading {
            Heading::Preface => {
                self.structure.preface = Some(Chapter {
                    number: 0,
                    title: collapse_whitespace(&line.text).replace(' ', ""),
                    page: line.page,
                });
            }
            Heading::Chapter {
                number,
                title,
                form,
            } => {
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
                self.chapter_form = Some(form);
                self.section_form = None;
            }
            Heading::Section { number, title, .. } => {
                self.start_section(number, title, line.page, SectionForm::Decimal);
            }
            Heading::SubsectionInChapter {
                number,
                title,
                form,
            } => self.start_section(number, title, line.page, form),
        }
        next
    }

    /// A bare `第三章` takes its title from the next line when that reads like one, else
    /// keeps its own words as the title.
    fn with_title(&self, i: usize, heading: Heading) -> (Heading, usize) {
        let bare = match &heading {
            Heading::Chapter { title, .. } | Heading::SubsectionInChapter { title, .. } => {
                title.is_empty()
            }
            _ => false,
        };
        if !bare {
            return (heading, i + 1);
        }
        let own = collapse_whitespace(&self.lines[i].text).replace(' ', "");
        let next_title = self
            .lines
            .get(i + 1)
            .filter(|next| !self.is_structural(next) && !self.gap_before(i + 1))
            .and_then(|next| recognise::title_line(&next.text));
        let (title, next) = match next_title {
            Some(title) => (title, i + 2),
            None => (own, i + 1),
        };
        let heading = match heading {
            Heading::Chapter { number, form, .. } => Heading::Chapter {
                number,
                title,
                form,
            },
            Heading::SubsectionInChapter { number, form, .. } => Heading::SubsectionInChapter {
                number,
                title,
                form,
            },
            other => other,
        };
        (heading, next)
    }

    fn start_section(&mut self, number: u32, title: String, page: u32, form: SectionForm) {
        let chapter = self.location.chapter;
        let label = format!("{chapter}.{number}");
        self.structure.sections.push(Section {
            number: label.clone(),
            chapter,
            title,
            page,
        });
        self.location.section = Some(label);
        self.last_section = number;
        self.section_form = Some(form);
    }

    /// Passes the gaps (image-sized runs of blank lines) before line `i`: each is the
    /// image of a figure whose caption came earlier on its page, or waits for one.
    /// Images and captions pair on one page only.
    fn pass_gaps(&mut self, i: usize) {
        while let Some(gap) = self
            .layout
            .gaps
            .get(self.next_gap)
            .filter(|gap| gap.before <= i)
        {
            let page = gap.page;
            self.next_gap += 1;
            self.image_at(page);
        }
        if let Some(line) = self.lines.get(i) {
            let page = line.page;
            self.images.retain(|image| image.page >= page);
            self.awaiting_image.retain(|&(_, p)| p >= page);
        }
    }

    /// An image here, on `page`.
    fn image_at(&mut self, page: u32) {
        let location = self.location.clone();
        let position = self.next_paragraph;
        match self.awaiting_image.iter().position(|&(_, p)| p == page) {
            Some(k) => {
                let (figure, _) = self.awaiting_image.remove(k);
                let figure = &mut self.structure.figures[figure];
                figure.location = location;
                figure.position = position;
            }
            None => self.images.push(Image {
                page,
                location,
                position,
            }),
        }
    }

    /// Whether an image-sized gap stands right before line `j`.
    fn gap_before(&self, j: usize) -> bool {
        self.layout.gaps[self.next_gap.min(self.layout.gaps.len())..]
            .iter()
            .take_while(|gap| gap.before <= j)
            .any(|gap| gap.before == j)
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
                let page = line.page;
                // The figure stands where its image is: the nearest image before the
                // caption on its page, else the next one after it on the page.
                let (location, position) =
                    match self.images.iter().rposition(|image| image.page == page) {
                        Some(k) => {
                            let image = self.images.remove(k);
                            (image.location, image.position)
                        }
                        None => {
                            self.awaiting_image
                                .push((self.structure.figures.len(), page));
                            (self.location.clone(), self.next_paragraph)
                        }
                    };
                self.structure.figures.push(Figure {
                    number: label.number,
                    caption,
                    location,
                    page,
                    position,
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
        let page = self.lines[i].page;
        let mut j = i + 1;
        while self.lines.get(j).is_some_and(|next| next.page == page)
            && self.block_goes_on(i, j, &caption)
        {
            join_wrapped(&mut caption, &collapse_whitespace(&self.lines[j].text));
            j += 1;
        }
        (caption, j)
    }

    /// A case title and the lines it wraps onto (across a page break if need be).
    fn case_title(&self, i: usize, mut title: String) -> (String, usize) {
        let mut j = i + 1;
        while j - i <= 3 && j < self.lines.len() && self.block_goes_on(i, j, &title) {
            join_wrapped(&mut title, &collapse_whitespace(&self.lines[j].text));
            j += 1;
        }
        (title, j)
    }

    /// Whether a title or caption that began on line `first` (and reads `text` so far)
    /// goes on onto line `j`, judged by what tells a title from the text after it, never
    /// by where this extraction broke its lines:
    /// - it stops before a structural line, an image, a first-line indent, and once it
    ///   ends a sentence; a line that ends a clause (`，。；：`) or holds a sentence's end is
    ///   body text;
    /// - where the extraction marks block ends with trailing space, that mark decides;
    /// - an open bracket or quote goes on; a line that restates the title's subject (a
    ///   case's body starting with the school its title names), or a full line that
    ///   starts with a school's name, is the body;
    /// - a title wraps at its measure: after a line clearly shorter than its widest one it
    ///   has ended; a line filling the column goes on; a title set narrower than the
    ///   column (a centred caption, a box) goes on only onto a line no wider than itself.
    fn block_goes_on(&self, first: usize, j: usize, text: &str) -> bool {
        let (current, next) = (&self.lines[j - 1], &self.lines[j]);
        if self.is_structural(next)
            || self.gap_before(j)
            || next.indented
            || ends_sentence(text)
            || ends_clause(&next.text)
        {
            return false;
        }
        if self.layout.trailing_space_marks_paragraphs {
            return !current.trailing_space;
        }
        if is_unbalanced(text) {
            return true;
        }
        if reads_as_body(&next.text) || restates_subject(text, &next.text) {
            return false;
        }
        if self.layout.is_full(next) && super::detect::leading_school_name(&next.text).is_some() {
            // A full line that opens with a school's name starts the body.
            return false;
        }
        let width = |line: &Line| display_width(&line.text);
        let measure = self.lines[first..j].iter().map(width).max().unwrap_or(0);
        if j - first >= 2 && width(current) + WRAP_SLACK < measure {
            return false;
        }
        if self.layout.is_full(current) {
            return true;
        }
        !self.layout.is_full(next) && width(next) <= measure + WRAP_SLACK
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
        let (title, mut j) = self.table_title(i, label.title);
        let mut table = Table {
            number: match label.kind {
                LabelKind::AppendixTable => format!("附{}", label.number),
                _ => label.number,
            },
            title,
            location: self.location.clone(),
            page: line.page,
            position: self.next_paragraph,
            header: Vec::new(),
            rows: Vec::new(),
            units: Vec::new(),
            notes: Vec::new(),
        };
        // Where the header's columns start, when they are spaced apart by runs of blanks.
        let mut columns: Option<Vec<usize>> = None;
        if let Some(header) = self
            .lines
            .get(j)
            .filter(|l| !self.is_structural(l) && !self.gap_before(j))
        {
            let cells = cells_at(header);
            if cells.len() >= 2 && !cells.iter().all(|(_, c)| is_numeric_cell(c)) {
                table.header = cells.iter().map(|(_, c)| c.to_string()).collect();
                if header.text.contains("  ") || header.text.contains('\t') {
                    columns = Some(cells.iter().map(|&(column, _)| column).collect());
                }
                j += 1;
            }
        }
        if let Some(columns) = &columns {
            j = self.wrapped_header_cells(j, columns, &mut table.header);
        }
        let width = table.header.len();
        let fits = |cells: &[String], text: &str| {
            // A row has the header's cells and figures after its label (a unit column,
            // as appendix tables have, may stand between).
            cells.len() == width
                && cells.iter().skip(1).any(|c| is_numeric_cell(c))
                && cells
                    .iter()
                    .skip(1)
                    .all(|c| is_numeric_cell(c) || c.chars().count() <= 4)
                && !ends_sentence(text)
        };
        while let Some(row) = self.lines.get(j).filter(|_| !self.gap_before(j)) {
            let mut cells: Vec<String> = row.text.split_whitespace().map(str::to_string).collect();
            let mut used = 1;
            // A row whose last cells dropped onto a line of their own (they sit lower, or
            // the extractor broke the row): their figures complete it.
            if (1..width).contains(&cells.len())
                && let Some(more) = self.lines.get(j + 1).filter(|_| !self.gap_before(j + 1))
            {
                let extra = cells_at(more);
                let in_its_columns = columns.as_ref().is_none_or(|columns| {
                    extra
                        .first()
                        .is_some_and(|&(column, _)| column + 2 >= columns[cells.len()])
                });
                if cells.len() + extra.len() == width
                    && extra.iter().all(|(_, c)| is_numeric_cell(c))
                    && in_its_columns
                {
                    cells.extend(extra.iter().map(|(_, c)| c.to_string()));
                    used = 2;
                }
            }
            if !fits(&cells, &row.text) {
                break;
            }
            table.rows.push(cells);
            j += used;
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

    /// A table title and the lines it wraps onto: single words, no figures, followed by
    /// the header (a line of several cells).
    fn table_title(&self, i: usize, mut title: String) -> (String, usize) {
        let mut j = i + 1;
        while j - i <= 2 {
            let (current, Some(next), Some(after)) =
                (&self.lines[j - 1], self.lines.get(j), self.lines.get(j + 1))
            else {
                break;
            };
            let marked_end = self.layout.trailing_space_marks_paragraphs && current.trailing_space;
            let goes_on = next.text.split_whitespace().count() == 1
                && !is_numeric_cell(&next.text)
                && !self.is_structural(next)
                && !self.gap_before(j)
                && !ends_clause(&next.text)
                && !marked_end
                && after.text.split_whitespace().count() >= 2;
            if !goes_on {
                break;
            }
            join_wrapped(&mut title, &next.text);
            j += 1;
        }
        (title, j)
    }

    /// Header cells wrapped inside their columns: the lines under the header whose words
    /// each stand in one column (no figures among them) add to those columns' cells.
    /// Returns the position after them.
    fn wrapped_header_cells(
        &self,
        mut j: usize,
        columns: &[usize],
        header: &mut [String],
    ) -> usize {
        while let Some(line) = self.lines.get(j) {
            if self.is_structural(line) || self.gap_before(j) || ends_clause(&line.text) {
                break;
            }
            let pieces = cells_at(line);
            let mut placed: Vec<(usize, &str)> = Vec::new();
            for &(column, piece) in &pieces {
                let Some(k) = columns.iter().rposition(|&start| start <= column + 2) else {
                    break;
                };
                let room = columns
                    .get(k + 1)
                    .map_or(usize::MAX, |next| next - columns[k]);
                let in_order = placed.last().is_none_or(|&(last, _)| last < k);
                if is_numeric_cell(piece)
                    || display_width(piece) > room.saturating_add(2)
                    || !in_order
                {
                    break;
                }
                placed.push((k, piece));
            }
            if placed.is_empty() || placed.len() < pieces.len() {
                break;
            }
            for (k, piece) in placed {
                join_wrapped(&mut header[k], piece);
            }
            j += 1;
        }
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
            && let Some(marker) = glued_marker(&open.text, &digits)
        {
            let offset = marker.start;
            open.text.replace_range(marker, "");
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
            if let Some(marker) = glued_marker(&paragraph.text, &digits) {
                let offset = marker.start;
                paragraph.text.replace_range(marker, "");
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
        self.pass_gaps(self.lines.len());
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

/// Where the marker `digits` stands in a paragraph's text, as the range to take out: glued
/// between a word and clause punctuation (`学生）1，`, `26 人4。`), or set off from the
/// word by one space as a separate text run may be (`平方米 3。`) — but not after a
/// digit, a dot or `第`, so figures (`2.84 册。`, `第 4。`) are left alone. The last
/// glued place wins over the last spaced one.
fn glued_marker(text: &str, digits: &str) -> Option<std::ops::Range<usize>> {
    let mut spaced = None;
    for (at, _) in text.rmatch_indices(digits) {
        let after = text[at + digits.len()..].chars().next();
        if !matches!(after, Some('，' | '。' | '；' | '、' | '：')) {
            continue;
        }
        let mut before = text[..at].chars().rev();
        match before.next() {
            Some(c)
                if !c.is_whitespace()
                    && !c.is_ascii_digit()
                    && c != '.'
                    && !c.is_ascii_punctuation() =>
            {
                return Some(at..at + digits.len());
            }
            Some(' ') if spaced.is_none() => {
                let word = before.next();
                if word.is_some_and(|c| crate::text::is_cjk(c) && c != '第') {
                    spaced = Some(at - 1..at + digits.len());
                }
            }
            _ => {}
        }
    }
    spaced
}

/// Ends with punctuation that closes a clause, so the line is running text, not a caption.
fn ends_clause(text: &str) -> bool {
    ends_sentence(text) || text.ends_with(['，', '；', '：', ',', ';'])
}

/// A line no title or caption continues with: it holds a sentence's end, starts with
/// closing punctuation, or is a footnote marker (alone, or glued to the punctuation
/// after it: `1，2022`).
fn reads_as_body(line: &str) -> bool {
    let normalized = crate::text::normalize(line);
    let after_digits = normalized.trim_start_matches(|c: char| c.is_ascii_digit());
    line.contains(['。', '；', '！', '？'])
        || line.starts_with(crate::text::is_closing_mark)
        || recognise::footnote_marker(line).is_some()
        || (after_digits.len() < normalized.len()
            && after_digits.starts_with(['，', '。', '；', '、', '：']))
}

/// The line starts with what the title starts with (a case's body often opens with the
/// school its title names): it is the body, not more title.
fn restates_subject(title: &str, line: &str) -> bool {
    const SUBJECT: usize = 6;
    let subject: String = title
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(SUBJECT)
        .collect();
    subject.chars().count() == SUBJECT
        && line
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(SUBJECT)
            .eq(subject.chars())
}

/// The cells of a table line, split at whitespace, with the display column each starts
/// at (counting the line's indentation).
fn cells_at(line: &Line) -> Vec<(usize, &str)> {
    let mut cells = Vec::new();
    let mut column = line.indent;
    let mut start: Option<(usize, usize)> = None;
    for (at, c) in line.text.char_indices() {
        if c.is_whitespace() {
            if let Some((first, from)) = start.take() {
                cells.push((first, &line.text[from..at]));
            }
            column += char_width(c).max(1);
        } else {
            if start.is_none() {
                start = Some((column, at));
            }
            column += char_width(c);
        }
    }
    if let Some((first, from)) = start {
        cells.push((first, &line.text[from..]));
    }
    cells
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
