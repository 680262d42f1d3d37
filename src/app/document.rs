//! A chapter as lines for the reader, wrapped to a width: headings, whole paragraphs with
//! footnote markers, case boxes framed and titled, figure captions and tables in place,
//! and each section's footnotes under it. Lines carry meaning (`Segment`), not colours.

use std::ops::Range;

use crate::model::{Location, Paragraph, Report};
use crate::text::{display_width, escape_controls, pad_to_width, wrap, wrap_ranges};

/// What a run of text is, for the UI to style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    Text,
    ChapterHeading,
    SectionHeading,
    /// A footnote marker in running text (¹).
    Marker,
    /// Text the reader was sent to (a source sentence), or the current find hit.
    Highlight,
    /// A hit of the find in this chapter.
    Found,
    CaseTitle,
    Frame,
    Caption,
    TableHeader,
    Footnote,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocLine {
    pub segments: Vec<(String, Segment)>,
}

impl DocLine {
    fn single(text: String, segment: Segment) -> DocLine {
        DocLine {
            segments: vec![(text, segment)],
        }
    }

    pub fn text(&self) -> String {
        self.segments.iter().map(|(t, _)| t.as_str()).collect()
    }
}

/// Places in a document that can be jumped to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Anchor {
    Section(String),
    Paragraph(usize),
    Case(String),
    Figure(String),
    Table(String),
    Footnote(u32),
}

/// Characters of a paragraph to highlight: (paragraph index, character range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub paragraph: usize,
    pub chars: Range<usize>,
}

/// What to mark in a chapter: the sentence the reader was sent to, and the hits of a find
/// in the chapter with the current one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub source: Option<Highlight>,
    pub found: Vec<Highlight>,
    pub current: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub lines: Vec<DocLine>,
    pub anchors: Vec<(Anchor, usize)>,
    /// The line each find hit starts on, in the order of [`Marks::found`].
    pub found_lines: Vec<usize>,
}

impl Document {
    pub fn line_of(&self, anchor: &Anchor) -> Option<usize> {
        self.anchors
            .iter()
            .find(|(a, _)| a == anchor)
            .map(|(_, line)| *line)
    }

    /// The last anchor of a kind at or above a line (the section or paragraph on screen).
    pub fn anchor_before(&self, line: usize, keep: impl Fn(&Anchor) -> bool) -> Option<&Anchor> {
        self.anchors
            .iter()
            .filter(|(anchor, at)| *at <= line && keep(anchor))
            .last()
            .map(|(anchor, _)| anchor)
    }

    /// Lays out chapter `chapter` (0 for the preface) at `width` columns.
    pub fn build(report: &Report, chapter: u32, width: usize, marks: &Marks) -> Document {
        let mut builder = Builder {
            report,
            width: width.max(8),
            document: Document::default(),
            marks,
        };
        builder.chapter(chapter);
        let mut found_lines = std::mem::take(&mut builder.document.found_lines);
        // Hits were met in document order; the reader counts them in find order.
        found_lines.resize(marks.found.len(), 0);
        builder.document.found_lines = found_lines;
        builder.document
    }
}

struct Builder<'a> {
    report: &'a Report,
    width: usize,
    document: Document,
    marks: &'a Marks,
}

impl Builder<'_> {
    fn push(&mut self, line: DocLine) {
        self.document.lines.push(line);
    }

    fn blank(&mut self) {
        if self
            .document
            .lines
            .last()
            .is_some_and(|l| !l.segments.is_empty())
        {
            self.push(DocLine::default());
        }
    }

    fn anchor(&mut self, anchor: Anchor) {
        let line = self.document.lines.len();
        self.document.anchors.push((anchor, line));
    }

    fn wrapped(&mut self, text: &str, segment: Segment, indent: &str) {
        let width = self.width.saturating_sub(display_width(indent)).max(4);
        for (i, line) in wrap(&escape_controls(text), width).into_iter().enumerate() {
            let prefix = if i == 0 { "" } else { indent };
            self.push(DocLine::single(format!("{prefix}{line}"), segment));
        }
    }

    fn chapter(&mut self, chapter: u32) {
        let s = &self.report.structure;
        let heading = match chapter {
            0 => s.preface().map(|p| p.title.clone()),
            n => s.chapter(n).map(|c| c.heading()),
        };
        if let Some(heading) = heading {
            self.wrapped(&heading, Segment::ChapterHeading, "");
        }
        let paragraphs: Vec<&Paragraph> = s
            .paragraphs
            .iter()
            .filter(|p| p.location.chapter == chapter)
            .collect();
        let mut section: Option<String> = None;
        let mut case: Option<String> = None;
        for (i, paragraph) in paragraphs.iter().enumerate() {
            if paragraph.location.section != section {
                self.close_case(&mut case);
                // A figure or table that ends a section stands before the next heading.
                let ending = Location {
                    chapter,
                    section: section.clone(),
                };
                self.items_where(|location, _| *location == ending);
                self.footnotes(chapter, section.as_deref());
                let entered = paragraph.location.section.clone();
                // A subsection entered from outside its section shows its section's
                // heading first.
                if let Some(parent) = entered
                    .as_deref()
                    .and_then(|number| s.section(number))
                    .filter(|x| x.level == 3)
                    .map(|x| x.parent.clone())
                    && !section.as_deref().is_some_and(|before| {
                        before == parent
                            || before
                                .strip_prefix(parent.as_str())
                                .is_some_and(|rest| rest.starts_with('.'))
                    })
                {
                    self.section_heading(&parent);
                }
                section = entered;
                if let Some(number) = &section {
                    self.section_heading(number);
                }
            }
            if paragraph.case != case {
                // A figure after a case box stands outside it.
                self.close_case(&mut case);
            }
            self.items_where(|location, position| {
                location.chapter == chapter && position <= paragraph.index
            });
            if case.is_none()
                && let Some(number) = &paragraph.case
            {
                self.open_case(number);
                case = Some(number.clone());
            }
            self.paragraph(paragraph, case.is_some());
            if i + 1 == paragraphs.len() {
                self.close_case(&mut case);
                self.items_where(|location, _| location.chapter == chapter);
                self.footnotes(chapter, section.as_deref());
            }
        }
    }

    fn section_heading(&mut self, number: &str) {
        let Some(section) = self.report.structure.section(number) else {
            return;
        };
        self.blank();
        self.anchor(Anchor::Section(number.to_string()));
        let title = format!("{} {}", section.number, section.title);
        self.wrapped(&title, Segment::SectionHeading, "");
    }

    /// The figures and tables not drawn yet that `wanted` picks by place and position.
    fn items_where(&mut self, wanted: impl Fn(&Location, usize) -> bool) {
        let s = &self.report.structure;
        let figures: Vec<_> = s
            .figures
            .iter()
            .filter(|f| wanted(&f.location, f.position))
            .filter(|f| {
                self.document
                    .line_of(&Anchor::Figure(f.number.clone()))
                    .is_none()
            })
            .collect();
        for figure in figures {
            self.blank();
            self.anchor(Anchor::Figure(figure.number.clone()));
            let caption = format!("▣ 图{}  {}", figure.number, figure.caption);
            self.wrapped(&caption, Segment::Caption, "  ");
        }
        let tables: Vec<_> = s
            .tables
            .iter()
            .filter(|t| wanted(&t.location, t.position))
            .filter(|t| {
                self.document
                    .line_of(&Anchor::Table(t.number.clone()))
                    .is_none()
            })
            .collect();
        for table in tables {
            self.table(table);
        }
    }

    fn table(&mut self, table: &crate::model::Table) {
        self.blank();
        self.anchor(Anchor::Table(table.number.clone()));
        self.wrapped(
            &format!("▦ 表{}  {}", table.number, table.title),
            Segment::Caption,
            "  ",
        );
        let transposed: Vec<Vec<String>> = (0..table.header.len())
            .map(|column| {
                std::iter::once(&table.header)
                    .chain(&table.rows)
                    .map(|row| row.get(column).cloned().unwrap_or_default())
                    .collect()
            })
            .collect();
        // As printed if it fits, else turned on its side (these tables have few rows),
        // else one block per row.
        if let Some(lines) = grid(&table.header, &table.rows, self.width) {
            self.document.lines.extend(lines);
        } else if let Some(lines) = grid(&transposed[0], &transposed[1..], self.width) {
            self.document.lines.extend(lines);
        } else {
            for row in &table.rows {
                let cells: Vec<String> = table
                    .header
                    .iter()
                    .zip(row)
                    .map(|(h, c)| format!("{h} {c}"))
                    .collect();
                self.wrapped(&format!("  {}", cells.join(" · ")), Segment::Text, "    ");
            }
        }
    }

    fn open_case(&mut self, number: &str) {
        let Some(case) = self.report.structure.case(number) else {
            return;
        };
        self.blank();
        self.anchor(Anchor::Case(number.to_string()));
        let inner = self.width.saturating_sub(4).max(4);
        let label = format!("─ {} ", case.name());
        let rule = "─".repeat(inner.saturating_sub(display_width(&label)) + 2);
        self.push(DocLine::single(format!("╭{label}{rule}╮"), Segment::Frame));
        for line in wrap(&escape_controls(&case.title), inner) {
            self.framed(vec![(line, Segment::CaseTitle)], inner);
        }
    }

    fn close_case(&mut self, case: &mut Option<String>) {
        if case.take().is_some() {
            let inner = self.width.saturating_sub(4).max(4);
            self.push(DocLine::single(
                format!("╰{}╯", "─".repeat(inner + 2)),
                Segment::Frame,
            ));
        }
    }

    /// A line inside a case box: borders, and padding so the right border lines up even
    /// when a wide glyph left a column free.
    fn framed(&mut self, segments: Vec<(String, Segment)>, inner: usize) {
        let used: usize = segments.iter().map(|(t, _)| display_width(t)).sum();
        let mut line = vec![("│ ".to_string(), Segment::Frame)];
        line.extend(segments);
        line.push((
            format!("{} │", " ".repeat(inner.saturating_sub(used))),
            Segment::Frame,
        ));
        self.push(DocLine { segments: line });
    }

    fn paragraph(&mut self, paragraph: &Paragraph, in_case: bool) {
        if !in_case {
            self.blank();
        }
        self.anchor(Anchor::Paragraph(paragraph.index));
        let (chars, kinds) = self.styled_chars(paragraph);
        let inner = if in_case {
            self.width.saturating_sub(4).max(4)
        } else {
            self.width
        };
        let first_line = self.document.lines.len();
        let ranges = wrap_ranges(&chars, inner);
        self.note_found_lines(paragraph, &ranges, first_line);
        for range in ranges {
            let segments = runs(&chars[range.clone()], &kinds[range]);
            if in_case {
                self.framed(segments, inner);
            } else {
                self.push(DocLine { segments });
            }
        }
    }

    /// Records the line on which each find hit in this paragraph starts.
    fn note_found_lines(
        &mut self,
        paragraph: &Paragraph,
        ranges: &[Range<usize>],
        first_line: usize,
    ) {
        let markers_before = |index: usize| {
            paragraph
                .footnote_refs
                .iter()
                .filter(|m| {
                    paragraph
                        .text
                        .get(..m.offset)
                        .is_some_and(|before| before.chars().count() <= index)
                })
                .map(|m| superscript(m.number).chars().count())
                .sum::<usize>()
        };
        for (hit, found) in self.marks.found.iter().enumerate() {
            if found.paragraph != paragraph.index {
                continue;
            }
            // The hit's first character, counted with the footnote markers put in.
            let at = found.chars.start + markers_before(found.chars.start);
            let line = ranges.iter().position(|r| r.end > at).unwrap_or(0);
            let lines = &mut self.document.found_lines;
            if lines.len() <= hit {
                lines.resize(hit + 1, 0);
            }
            lines[hit] = first_line + line;
        }
    }

    /// The segment of a paragraph's character: the sentence sent to, the current or
    /// another find hit, or plain text.
    fn kind_of(&self, paragraph: usize, index: usize) -> Segment {
        let marks = self.marks;
        let covers = |h: &Highlight| h.paragraph == paragraph && h.chars.contains(&index);
        if marks.source.as_ref().is_some_and(covers) {
            return Segment::Highlight;
        }
        match marks.found.iter().position(covers) {
            Some(hit) if Some(hit) == marks.current => Segment::Highlight,
            Some(_) => Segment::Found,
            None => Segment::Text,
        }
    }

    /// The paragraph's characters with footnote markers put back, each with its segment.
    fn styled_chars(&self, paragraph: &Paragraph) -> (Vec<char>, Vec<Segment>) {
        let mut chars = Vec::new();
        let mut kinds = Vec::new();
        let mut markers = paragraph.footnote_refs.iter().peekable();
        for (index, (offset, c)) in escape_controls(&paragraph.text).char_indices().enumerate() {
            while let Some(marker) = markers.next_if(|m| m.offset <= offset) {
                for digit in superscript(marker.number).chars() {
                    chars.push(digit);
                    kinds.push(Segment::Marker);
                }
            }
            chars.push(c);
            kinds.push(self.kind_of(paragraph.index, index));
        }
        for marker in markers {
            chars.extend(superscript(marker.number).chars());
            kinds.extend(superscript(marker.number).chars().map(|_| Segment::Marker));
        }
        (chars, kinds)
    }

    /// Footnotes of a section (or of the chapter's text outside sections), under it.
    fn footnotes(&mut self, chapter: u32, section: Option<&str>) {
        let notes: Vec<_> = self
            .report
            .structure
            .footnotes
            .iter()
            .filter(|f| f.location.chapter == chapter && f.location.section.as_deref() == section)
            .collect();
        if notes.is_empty() {
            return;
        }
        self.blank();
        self.push(DocLine::single(
            "─".repeat(12.min(self.width)),
            Segment::Footnote,
        ));
        for note in notes {
            self.anchor(Anchor::Footnote(note.number));
            let text = format!("{} {}", superscript(note.number), note.text);
            self.wrapped(&text, Segment::Footnote, "  ");
        }
    }
}

/// A header and rows aligned by display width, if they fit the width.
fn grid(header: &[String], rows: &[Vec<String>], width: usize) -> Option<Vec<DocLine>> {
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in rows {
        for (column, cell) in widths.iter_mut().zip(row) {
            *column = (*column).max(display_width(cell));
        }
    }
    let total = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1) + 2;
    if total > width {
        return None;
    }
    let line = |cells: &[String], segment| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, &w)| pad_to_width(&escape_controls(c), w))
            .collect();
        DocLine::single(format!("  {}", padded.join("  ").trim_end()), segment)
    };
    let mut lines = vec![line(header, Segment::TableHeader)];
    lines.extend(rows.iter().map(|row| line(row, Segment::Text)));
    Some(lines)
}

/// Consecutive characters of one segment kind, as runs.
fn runs(chars: &[char], kinds: &[Segment]) -> Vec<(String, Segment)> {
    let mut runs: Vec<(String, Segment)> = Vec::new();
    for (&c, &kind) in chars.iter().zip(kinds) {
        match runs.last_mut() {
            Some((text, last)) if *last == kind => text.push(c),
            _ => runs.push((c.to_string(), kind)),
        }
    }
    runs
}

fn superscript(number: u32) -> String {
    number
        .to_string()
        .chars()
        .map(|d| match d {
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            _ => '⁰',
        })
        .collect()
}
