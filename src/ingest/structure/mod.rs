//! Second ingest stage: walks the laid-out lines once and builds the outline, whole
//! paragraphs, cases, figures, tables and footnotes, resuming paragraphs that a caption,
//! case box, footnote or page break interrupted.
//!
//! What the line breaks cannot tell is read from the layout's measurements and the text:
//! a figure stands where its image (a run of blank lines on the caption's page) sits; a
//! title or caption goes on onto lines no wider than its own, and stops at a line with a
//! sentence's punctuation, one that restates its subject (a case's body starting with the
//! school it names) or one wider than its measure; a table's wrapped header cells are put
//! back by their columns; the outline's numbering is read to three levels, one form per
//! level (see [`headings`]).

mod cell_lines;
mod cover;
mod footnotes;
mod headings;
mod labelled;
mod orphans;
mod tables;

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::layout::{Layout, Line};
use super::recognise::{self, LabelKind};
use crate::model::{FootnoteRef, Location, Paragraph, Structure};
use crate::text::{collapse_whitespace, display_width, ends_sentence, join_wrapped};
use labelled::Image;

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
    /// Lines joined so far.
    lines: usize,
    /// Its first line is the first of its page.
    starts_page: bool,
    /// Its last line is data, not words: a TAB-separated table row or a bare number.
    ends_with_data: bool,
    /// Its last line so far fills the text column (the sentence may wrap onto the next).
    last_line_full: bool,
}

struct Builder<'a> {
    layout: &'a Layout,
    lines: &'a [Line],
    structure: Structure,
    warnings: Vec<String>,
    location: Location,
    /// The outline's numbering read so far.
    numbering: headings::Numbering,
    next_paragraph: usize,
    open: Option<OpenParagraph>,
    /// A paragraph that a case box interrupted mid-sentence; it resumes after the case.
    suspended: Option<OpenParagraph>,
    /// Index of the case whose box is being read.
    case: Option<usize>,
    /// Footnote markers seen, by number, with the paragraph they sit in, whose text is
    /// still to come.
    pending_footnotes: HashMap<u32, footnotes::PendingMarker>,
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
    /// Figures (index, page) whose caption came before any image on its page, oldest
    /// first (an image takes the oldest: taken from the front in constant time).
    awaiting_image: VecDeque<(usize, u32)>,
    /// The page whose line last dropped the images and captions of pages left.
    images_page: Option<u32>,
    /// A table of tab-separated rows (its index, the page of its last row) that may go on
    /// at the top of the next page.
    broken_table: Option<(usize, u32)>,
    /// The cover's lines (the title block), which are no text of the report.
    cover: std::collections::BTreeSet<usize>,
    /// Footnote markers read in a column whose texts are still to come (the page's last
    /// lines).
    marker_column: Option<footnotes::MarkerColumn>,
}

impl<'a> Builder<'a> {
    fn new(layout: &'a Layout) -> Self {
        Builder {
            layout,
            lines: &layout.lines,
            structure: Structure::default(),
            warnings: Vec::new(),
            location: Location::default(),
            numbering: headings::Numbering::default(),
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
            awaiting_image: VecDeque::new(),
            images_page: None,
            broken_table: None,
            cover: cover::cover_lines(&layout.lines),
            marker_column: None,
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
        if let Some(next) = self.continue_table(i) {
            return next;
        }
        if self.cover.contains(&i) {
            return i + 1;
        }
        let line = &self.lines[i];
        if self.structure.chapters.is_empty() && recognise::contents_entry(&line.text) {
            self.contents_lines += 1;
            return i + 1;
        }
        // A column whose texts were passed (read as part of something longer) is dropped.
        if let Some(column) = self.marker_column.take_if(|column| column.texts <= i)
            && column.texts == i
        {
            return self.take_marker_column(column);
        }
        if let Some(column) = self.footnote_column(i) {
            let markers_end = i + column.markers_len();
            self.marker_column = Some(column);
            return markers_end;
        }
        if let Some(note) = self.footnote_text(line) {
            return self.take_note_line(i, note);
        }
        if let Some((heading, next)) = self.heading_at(i) {
            self.broken_table = None;
            return self.start_heading(i, heading, next);
        }
        if let Some(label) = self.accepted_label(line) {
            self.broken_table = None;
            return self.take_labelled(i, label);
        }
        if let Some(marker) = self.marker(i) {
            self.add_marker(&marker, line.page);
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

    /// The open paragraph is one short line at a page's head, or at its foot with `line`
    /// starting the next page: a running header or footer the layout kept, which cuts no
    /// sentence that `line` could continue.
    fn open_is_page_furniture(&self, line: &Line) -> bool {
        self.open.as_ref().is_some_and(|open| {
            open.lines == 1
                && (open.starts_page || (line.starts_page && line.page != open.page))
                && display_width(&open.text) * 2 < self.layout.full_width
        })
    }

    /// Whether an image-sized gap stands right before line `j`.
    fn gap_before(&self, j: usize) -> bool {
        self.layout.gaps[self.next_gap.min(self.layout.gaps.len())..]
            .iter()
            .take_while(|gap| gap.before <= j)
            .any(|gap| gap.before == j)
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
                lines: 0,
                starts_page: line.starts_page,
                ends_with_data: false,
                last_line_full: false,
            });
            self.next_paragraph += 1;
        }
        let open = self.open.as_mut().expect("opened above");
        open.last_line_full = self.layout.is_full(line);
        if line.page != open.last_page {
            open.page_breaks.push((open.text.len(), line.page));
            open.last_page = line.page;
        }
        let (text, markers) = footnotes::superscript_markers(&collapse_whitespace(&line.text));
        join_wrapped(&mut open.text, &text);
        let start = open.text.len() - text.trim().len();
        let lead = text.len() - text.trim_start().len();
        let page = line.page;
        open.lines += 1;
        open.ends_with_data = line.text.contains('\t')
            || line
                .text
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace() || ".,%".contains(c));
        for (offset, marker) in markers {
            self.add_marker_at(&marker, start + offset.saturating_sub(lead), page);
        }
        if self.paragraph_ends_at(i) {
            self.close_paragraph();
            if self.case.is_some() && self.case_ends_at(i) {
                self.close_case();
            }
        }
    }

    /// Whether the paragraph ends with the line at `i`: always in unwrapped text (a line
    /// per paragraph); else at a sentence end that the layout marks (trailing space), or
    /// that falls short of a full line, or before a break.
    fn paragraph_ends_at(&self, i: usize) -> bool {
        if self.layout.unwrapped || self.list_item_follows(i) {
            return true;
        }
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
            Some(next) => {
                next.blank_before || self.is_structural(next) || self.next_word_fits(line, next)
            }
        }
    }

    /// The first word of `next` would have fitted in the room that `line` leaves in its
    /// column, with two characters to spare (justification, quotes set wider than they
    /// count): so `line` did not break for want of room, and its paragraph ended. A line
    /// may not start with closing punctuation, which takes a character down with it.
    fn next_word_fits(&self, line: &Line, next: &Line) -> bool {
        const SPARE: usize = 4;
        let room = self
            .layout
            .column_width
            .saturating_sub(display_width(&line.text));
        let mut chars = next.text.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if crate::text::is_closing_mark(first) {
            return false;
        }
        let word = if first.is_ascii_alphanumeric() {
            1 + chars
                .take_while(|c| c.is_ascii_alphanumeric() || ".,:%-/".contains(*c))
                .count()
        } else {
            crate::text::char_width(first)
        };
        room > word + SPARE
    }

    /// The line after `i` starts the next item of a list set an item to a line: item 1
    /// after a line that introduces it (`：`) or ends a sentence, item n after a clause
    /// that ends item n - 1. An item that wraps goes on as any paragraph does.
    fn list_item_follows(&self, i: usize) -> bool {
        let line = &self.lines[i];
        let Some(number) = self
            .lines
            .get(i + 1)
            .and_then(|next| recognise::list_item(&next.text))
        else {
            return false;
        };
        if number == 1 {
            return ends_sentence(&line.text) || line.text.ends_with(['：', ':']);
        }
        let ends_item = ends_sentence(&line.text) || line.text.ends_with(['；', ';']);
        ends_item
            && self
                .open
                .as_ref()
                .is_some_and(|open| recognise::list_item(&open.text) == Some(number - 1))
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

    fn finish(mut self) -> (Structure, Vec<String>) {
        self.pass_gaps(self.lines.len());
        self.close_all_paragraphs();
        // Indexes were reserved as paragraphs opened; a paragraph resumed after a case box
        // closes late, so document order is restored here.
        self.structure.paragraphs.sort_by_key(|p| p.index);
        self.assign_case_ids();
        self.open_untitled_preface();
        if self.contents_lines > 0 {
            self.warnings.push(format!(
                "table of contents: {} lines skipped (headings with page numbers)",
                self.contents_lines
            ));
        }
        self.warn_unplaced_markers();
        self.number_footnotes();
        self.lift_orphan_markers();
        (self.structure, self.warnings)
    }
}

impl Builder<'_> {
    /// A report whose notes the source left out (no marked note at all) keeps their
    /// markers in its words: they are taken out, and the summary says so.
    fn lift_orphan_markers(&mut self) {
        // Only where the text is a word processor's export (a paragraph a line) and holds
        // no marked note: a PDF's extraction keeps its notes.
        if !self.layout.unwrapped
            || self
                .structure
                .footnotes
                .iter()
                .any(|f| !f.marker.is_empty())
        {
            return;
        }
        let lifted = orphans::lift_orphan_markers(&mut self.structure.paragraphs);
        if lifted > 0 {
            self.warnings.push(format!(
                "{lifted} footnote markers without their notes (a word processor's text export leaves them out): taken out of the text; read the PDF for the notes"
            ));
        }
    }
}

/// Ends with punctuation that closes a clause, so the line is running text, not a caption.
fn ends_clause(text: &str) -> bool {
    ends_sentence(text) || text.ends_with(['，', '；', '：', ',', ';'])
}

#[cfg(test)]
mod tests {
    use super::super::layout::lay_out;

    fn paragraphs(text: &str) -> Vec<String> {
        let (structure, _) = super::build(&lay_out(text));
        structure.paragraphs.into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn orphan_markers_are_taken_out_of_saved_text_only() {
        let long = "学校坚持立德树人根本任务，围绕区域产业发展需要，深化产教融合、校企合作，";
        let saved = format!(
            "一、学校概况\n{long}{long}在校生6218人1，招生2146人。\n{long}{long}全年毕业生1925人。\n"
        );
        assert!(paragraphs(&saved)[0].ends_with("在校生6218人，招生2146人。"));
        // A PDF's extraction (wrapped lines) keeps its notes: nothing is taken out there.
        let wrapped = "一、学校概况\n学校坚持立德树人根本任务，\n在校生6218人1，招生2146人。\n";
        assert_eq!(
            paragraphs(wrapped),
            ["学校坚持立德树人根本任务，在校生6218人1，招生2146人。"]
        );
    }

    #[test]
    fn saved_text_keeps_each_line_a_paragraph_and_a_pdf_extraction_joins_wrapped_lines() {
        let long = "学校坚持立德树人根本任务，围绕区域产业发展需要，深化产教融合、校企合作，";
        let saved = format!(
            "嘉禾市临溪职业技术学校\n质量年度报告\n前言\n{long}{long}提升质量。\n一、学校概况\n\
             {long}{long}采取以下措施：\n1.建立学困生帮扶档案；\n2.落实国家助学金\n"
        );
        // The cover's two title lines are the title, not paragraphs (see `cover`).
        assert_eq!(
            paragraphs(&saved),
            [
                format!("{long}{long}提升质量。"),
                format!("{long}{long}采取以下措施："),
                "1.建立学困生帮扶档案；".to_string(),
                "2.落实国家助学金".to_string(),
            ]
        );
        // Wrapped at a column, the lines of a paragraph join, and a list set an item to
        // a line still breaks into its items.
        let wrapped = "一、学校概况\n学校坚持立德树人根本任务，围绕区域产业发展\n需要，深化产教融合。学校采取以下措施：\n\
                       1.建立学困生帮扶档案，由班主任结对辅导；\n2.落实国家助学金和免学费政策，资助学生\n2876人次。\n\
                       学校坚持立德树人根本任务，围绕区域产业发展\n学校坚持立德树人根本任务，围绕区域产业发展\n\
                       学校坚持立德树人根本任务，围绕区域产业发展\n学校坚持立德树人根本任务，围绕区域产业发展\n";
        assert_eq!(
            paragraphs(wrapped)[..3],
            [
                "学校坚持立德树人根本任务，围绕区域产业发展需要，深化产教融合。学校采取以下措施：",
                "1.建立学困生帮扶档案，由班主任结对辅导；",
                "2.落实国家助学金和免学费政策，资助学生2876人次。",
            ]
        );
    }

    #[test]
    fn a_sentence_end_short_of_the_column_by_more_than_the_next_word_ends_its_paragraph() {
        // Five full lines set the column (80 display columns); the sentence ending three
        // characters short would have taken the next line's first character, not its
        // first figure.
        let full = "学".repeat(40);
        let short = format!("{}。", "校".repeat(36));
        let text = format!(
            "{full}\n{full}\n{full}\n{full}\n{full}\n{short}\n报告共分六个部分。\n{full}\n{short}\n2876人次。\n"
        );
        let found = paragraphs(&text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[1].starts_with("报告"));
        assert!(found[2].ends_with("2876人次。"));
    }

    #[test]
    fn every_front_matter_heading_before_chapter_one_is_kept_in_order() {
        let text = "序言\n本报告按照模板编制。\n引言\n各项指标持续向好。\n序言\n见附表。\n一、学校概况\n学校占地九万平方米。\n";
        let (structure, _) = super::build(&lay_out(text));
        let titles: Vec<&str> = structure
            .front_matter
            .iter()
            .map(|c| c.title.as_str())
            .collect();
        // A front heading repeated (a running header) opens nothing new.
        assert_eq!(titles, ["序言", "引言"]);
        assert_eq!(structure.preface().map(|c| c.title.as_str()), Some("序言"));
        assert_eq!(structure.chapters.len(), 1);
    }
}
