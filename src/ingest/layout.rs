//! First ingest stage: splits extracted text into pages and non-blank lines, drops page
//! furniture (running headers, footers, page numbers: see `furniture`), and measures the layout (line width, paragraph marks) for later stages. It also
//! keeps what the blank lines tell: a run of them as tall as a picture is where an image
//! sits (a [`Gap`]), and each line's indentation lines up the columns of a table.

use std::borrow::Cow;

use super::furniture::{self, Page, PageNumber};
use crate::text::{display_width, ends_sentence};

/// One non-blank line of the source with what its layout tells about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The line without surrounding whitespace.
    pub text: String,
    pub page: u32,
    /// The first line of its page.
    pub starts_page: bool,
    /// Trailing whitespace in the extraction, which in some layouts marks a paragraph end.
    pub trailing_space: bool,
    /// A blank line before it in a layout that is otherwise single-spaced.
    pub blank_before: bool,
    /// A long run of trailing spaces: the padded last line of a framed box.
    pub padded: bool,
    /// Starts with an ideographic-space indent (`　　`), as a Chinese paragraph does.
    pub indented: bool,
    /// Display columns of whitespace before the text, to line up a table's columns.
    pub indent: usize,
    /// How many lines follow it on its page (0 for a page's last line).
    pub lines_to_page_end: usize,
}

/// A run of blank lines as tall as a picture: where an image sits on its page. Figures
/// are placed at their image rather than at their caption, which extractors often write
/// elsewhere on the page (after the next heading, at the page's foot or head).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// The index of the first line after it (the number of lines at the document's end).
    pub before: usize,
    /// The page it is on, which for a gap at a page's foot is not the next line's page.
    pub page: u32,
}

/// The lines of a document and the measurements that stand in for its lost formatting.
#[derive(Debug, Clone)]
pub struct Layout {
    pub lines: Vec<Line>,
    /// Display width from which a line counts as filling the text column.
    pub full_width: usize,
    /// Display width of the text column (0 when not known): a full line fills it to
    /// within a character.
    pub column_width: usize,
    /// Whether trailing whitespace reliably marks paragraph ends in this extraction.
    pub trailing_space_marks_paragraphs: bool,
    /// Whether framed boxes (cases) end with a padded line in this extraction.
    pub pads_boxes: bool,
    /// Each line is a whole paragraph (text saved by a word processor, not a PDF
    /// extraction wrapped at a column's width): lines are never joined.
    pub unwrapped: bool,
    /// Image-sized runs of blank lines, in document order.
    pub gaps: Vec<Gap>,
}

impl Layout {
    pub fn is_full(&self, line: &Line) -> bool {
        display_width(&line.text) >= self.full_width
    }
}

/// Lays out extracted text: form feeds, page-number lines and the page breaks that a
/// double-spaced extraction shows (a line starting with a space right after a text line).
pub fn lay_out(source: &str) -> Layout {
    let source = unix_newlines(source);
    let double_spaced = is_double_spaced(source.split('\n'));
    let pages = split_pages(kept_lines(&source), double_spaced);
    let numbering = PageNumbering::from_labels(pages.iter().map(|page| page.number));
    let mut lines = Vec::new();
    let mut gaps = Vec::new();
    // Blank source lines per blank line on the page (every line is followed by one when
    // double-spaced).
    let per_blank_line = if double_spaced { 2 } else { 1 };
    for (index, page) in pages.iter().enumerate() {
        let page_number = numbering.number(index);
        let page_start = lines.len();
        let mut blank_before = false;
        let mut blank_run = 0;
        let mut first = true;
        for raw in &page.lines {
            if raw.trim().is_empty() {
                blank_before = !double_spaced;
                blank_run += 1;
                continue;
            }
            if blank_run / per_blank_line >= IMAGE_LINES {
                gaps.push(Gap {
                    before: lines.len(),
                    page: page_number,
                });
            }
            blank_run = 0;
            lines.push(Line {
                text: line_text(raw),
                page: page_number,
                starts_page: first,
                trailing_space: raw.ends_with(char::is_whitespace),
                blank_before,
                padded: raw.len() - raw.trim_end().len() >= BOX_PADDING,
                indented: raw.trim_start_matches(' ').starts_with('\u{3000}'),
                indent: display_width(&raw[..raw.len() - raw.trim_start().len()]),
                lines_to_page_end: 0,
            });
            first = false;
            blank_before = false;
        }
        if blank_run / per_blank_line >= IMAGE_LINES {
            gaps.push(Gap {
                before: lines.len(),
                page: page_number,
            });
        }
        let page_end = lines.len();
        for (k, line) in lines[page_start..].iter_mut().enumerate() {
            line.lines_to_page_end = page_end - page_start - k - 1;
        }
    }
    let unwrapped = one_paragraph_per_line(&lines);
    let column_width = if unwrapped { 0 } else { column_width(&lines) };
    let full_width = match column_width {
        0 => usize::MAX,
        column => column * 9 / 10,
    };
    let trailing_space_marks_paragraphs = trailing_space_is_a_paragraph_mark(&lines);
    let pads_boxes = lines.iter().any(|line| line.padded);
    Layout {
        lines,
        full_width,
        column_width,
        trailing_space_marks_paragraphs,
        pads_boxes,
        unwrapped,
        gaps,
    }
}

/// The text with Windows (`\r\n`) and old Mac (`\r`) line ends made `\n`, in one pass
/// and only if it has any: a copy of the whole text is made only when needed.
fn unix_newlines(source: &str) -> Cow<'_, str> {
    if !source.contains('\r') {
        return Cow::Borrowed(source);
    }
    let mut unix = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find('\r') {
        unix.push_str(&rest[..at]);
        unix.push('\n');
        rest = &rest[at + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    unix.push_str(rest);
    Cow::Owned(unix)
}

/// Blank lines kept of a run of them: enough to tell an image-sized run when every line
/// is followed by a blank one (double spacing), which is all a run's length tells.
const KEPT_BLANK_LINES: usize = 2 * IMAGE_LINES;

/// The source's lines, a run of blank lines cut to [`KEPT_BLANK_LINES`]: what blank lines
/// tell is kept, and a text of millions of them takes no more memory than a short one.
/// A line holding a form feed is never dropped (it breaks the page).
fn kept_lines(source: &str) -> impl Iterator<Item = &str> {
    let mut blank_run = 0;
    source.split('\n').filter(move |line| {
        if line.contains('\u{c}') || !line.trim().is_empty() {
            blank_run = 0;
            return true;
        }
        blank_run += 1;
        blank_run <= KEPT_BLANK_LINES
    })
}

/// A line's text without surrounding whitespace; a table row with its cells separated by
/// tabs keeps its tabs, so that its empty first and last cells stay in place (a line
/// merely indented by one tab loses it).
fn line_text(raw: &str) -> String {
    let trimmed = raw.trim();
    if trimmed.contains('\t') || raw.matches('\t').count() >= 2 {
        raw.trim_matches(|c: char| c.is_whitespace() && c != '\t')
            .to_string()
    } else {
        trimmed.to_string()
    }
}

/// Trailing spaces from which a line is taken as a framed box's padded last line.
const BOX_PADDING: usize = 8;

/// Blank lines from which a run of them is taken for an image (a paragraph break, a
/// footnote rule or the space around a heading is one or two).
const IMAGE_LINES: usize = 3;

/// Every text line followed by an empty one, as some PDF extractors write.
fn is_double_spaced<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    let (mut text_lines, mut followed_by_blank) = (0usize, 0usize);
    let mut previous_was_text = false;
    for line in lines {
        let is_text = !line.trim().is_empty();
        followed_by_blank += usize::from(previous_was_text && line.is_empty());
        text_lines += usize::from(is_text);
        previous_was_text = is_text;
    }
    text_lines > 0 && followed_by_blank * 10 >= text_lines * 6
}

fn split_pages<'a>(lines: impl Iterator<Item = &'a str>, double_spaced: bool) -> Vec<Page<'a>> {
    let mut pages: Vec<Vec<&'a str>> = vec![Vec::new()];
    let mut previous_was_text = false;
    for raw in lines {
        // A form feed may sit at the start of a line or alone on one.
        let mut pieces = raw.split('\u{c}').peekable();
        let mut first_piece = true;
        while let Some(piece) = pieces.next() {
            if !first_piece {
                pages.push(Vec::new());
                previous_was_text = false;
            }
            first_piece = false;
            if piece.is_empty() && pieces.peek().is_some() {
                continue;
            }
            let is_text = !piece.trim().is_empty();
            let indented = piece.starts_with(char::is_whitespace);
            if double_spaced && is_text && indented && previous_was_text {
                if furniture::page_number(piece).is_some() {
                    // A footer: it closes the page it belongs to.
                    pages.last_mut().expect("pages is never empty").push(piece);
                    pages.push(Vec::new());
                    previous_was_text = false;
                    continue;
                }
                pages.push(Vec::new());
            }
            pages.last_mut().expect("pages is never empty").push(piece);
            previous_was_text = is_text;
        }
    }
    if pages.len() == 1 {
        pages = split_at_page_numbers(pages.remove(0));
    }
    let pages: Vec<Vec<&str>> = pages
        .into_iter()
        .filter(|page| page.iter().any(|l| !l.trim().is_empty()))
        .collect();
    furniture::strip(pages)
}

/// A text with no page breaks may still print its footers: two or more lines that only a
/// page number takes (`- 3 -`, `第 3 页 共 5 页`) each close a page.
fn split_at_page_numbers(lines: Vec<&str>) -> Vec<Vec<&str>> {
    let is_footer = |line: &&str| furniture::page_number(line).is_some_and(|n| n.strong);
    if lines.iter().filter(|line| is_footer(line)).count() < 2 {
        return vec![lines];
    }
    let mut pages = vec![Vec::new()];
    for line in lines {
        pages.last_mut().expect("pages is never empty").push(line);
        if is_footer(&line) {
            pages.push(Vec::new());
        }
    }
    pages
}

/// Maps physical page positions to printed page numbers, anchored on the labels found.
/// Front matter numbered in Roman numerals keeps its numerals' values (page ii is 2);
/// other pages count from the Arabic-numbered ones.
struct PageNumbering {
    /// (physical index, printed number) of every page that shows an Arabic number.
    anchors: Vec<(usize, u32)>,
    /// (physical index, value) of every page that shows a Roman numeral.
    roman: Vec<(usize, u32)>,
}

impl PageNumbering {
    fn from_labels(labels: impl Iterator<Item = Option<PageNumber>>) -> Self {
        let (mut anchors, mut roman) = (Vec::new(), Vec::new());
        for (index, label) in labels.enumerate() {
            match label {
                Some(number) if number.roman => roman.push((index, number.value)),
                Some(number) => anchors.push((index, number.value)),
                None => {}
            }
        }
        PageNumbering { anchors, roman }
    }

    /// The printed number of the page at a physical index: its Roman numeral's value, or
    /// counted on from the nearest labelled page before it (or back from the first one),
    /// or from 1 without labels.
    fn number(&self, index: usize) -> u32 {
        if let Some(&(_, value)) = self.roman.iter().find(|(at, _)| *at == index) {
            return value;
        }
        let anchor = self
            .anchors
            .iter()
            .rev()
            .find(|(at, _)| *at <= index)
            .or(self.anchors.first());
        match anchor {
            Some(&(at, number)) => {
                let page = i64::from(number) + index as i64 - at as i64;
                u32::try_from(page.max(1)).unwrap_or(1)
            }
            None => u32::try_from(index + 1).unwrap_or(u32::MAX),
        }
    }
}

/// The width of the text column (a full line is one at least nine tenths as wide, for
/// justification slack and Latin characters): the most common width among the lines as
/// wide as the column (wrapped body text fills it). The column is the width around which most of the wider lines gather (the
/// wider lines: from two thirds of the width that a tenth of the lines reach), so that a
/// short document's headings, cover lines and table cells, many as they are, do not pass
/// for it. Without enough lines of one width it is not known (0): nothing counts as full,
/// and punctuation decides.
fn column_width(lines: &[Line]) -> usize {
    const FEWEST_LINES: usize = 5;
    /// Display columns over which full lines of one column spread (Latin characters and
    /// punctuation do not fill a line to the last column).
    const SPREAD: usize = 6;
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|line| !line.text.contains('\t'))
        .map(|line| display_width(&line.text))
        .filter(|&width| width >= 16)
        .collect();
    if widths.len() < FEWEST_LINES {
        return 0;
    }
    widths.sort_unstable();
    let reached_by_a_tenth = widths[widths.len() * 9 / 10];
    let wide = &widths[widths.partition_point(|&w| w * 3 < reached_by_a_tenth * 2)..];
    // The window [w, w + SPREAD) holding most wide lines (the wider on a tie), then the
    // most common width inside it.
    let in_window = |from: usize| {
        let start = wide.partition_point(|&w| w < from);
        let end = wide.partition_point(|&w| w < from + SPREAD);
        &wide[start..end]
    };
    let Some(window) = wide
        .iter()
        .map(|&from| in_window(from))
        .max_by_key(|window| (window.len(), window[0]))
    else {
        return 0;
    };
    if window.len() < FEWEST_LINES {
        return 0;
    }
    // Counted in pairs of columns (a line one Latin character short is as full).
    let mut counts = std::collections::BTreeMap::new();
    for &width in window {
        *counts.entry(width / 2).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(bin, count)| (count, bin))
        .map_or(0, |(bin, _)| bin * 2 + 1)
}

/// Display width beyond any page's text column (50 Chinese characters: an A4 page set
/// at the smallest body size holds about 40 to a line).
const WIDER_THAN_A_COLUMN: usize = 100;

/// Whether each line is a whole paragraph, as in text saved by a word processor (one
/// paragraph per line) rather than extracted from a PDF (lines wrapped at the column).
/// Told by the lines wider than any page's column: in a wrapped extraction they are the
/// full lines of a wide column, which break mid-sentence wherever the column ends; in
/// unwrapped text they are whole paragraphs, which end a clause (`。`, `；`, `：`). Table
/// rows (TAB-separated) are left out; two wide lines at least, three in four of them
/// ending a clause.
fn one_paragraph_per_line(lines: &[Line]) -> bool {
    let (mut wide, mut ending) = (0usize, 0usize);
    for line in lines {
        if line.text.contains('\t') || display_width(&line.text) <= WIDER_THAN_A_COLUMN {
            continue;
        }
        wide += 1;
        ending +=
            usize::from(ends_sentence(&line.text) || line.text.ends_with(['；', '：', ';', ':']));
    }
    wide >= 2 && ending * 4 >= wide * 3
}

/// Trailing whitespace marks paragraph ends when sentence-ending lines often carry it and
/// lines that break mid-sentence almost never do.
fn trailing_space_is_a_paragraph_mark(lines: &[Line]) -> bool {
    let (mut ends_marked, mut mid_marked, mut mid_total) = (0usize, 0usize, 0usize);
    for line in lines {
        if ends_sentence(&line.text) {
            ends_marked += usize::from(line.trailing_space);
        } else if !line.text.ends_with(['，', '、', '；', '：']) || line.text.chars().count() > 12
        {
            mid_total += 1;
            mid_marked += usize::from(line.trailing_space);
        }
    }
    ends_marked >= 3 && mid_total > 0 && mid_marked * 4 < mid_total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_feeds_split_pages_and_page_numbers_are_dropped() {
        let layout = lay_out("第一行\n甲。\n7\n\u{c}8\n第二页\n");
        let pages: Vec<(u32, &str)> = layout
            .lines
            .iter()
            .map(|l| (l.page, l.text.as_str()))
            .collect();
        assert_eq!(pages, vec![(7, "第一行"), (7, "甲。"), (8, "第二页")]);
    }

    #[test]
    fn an_indented_line_right_after_text_starts_a_page_when_double_spaced() {
        let text = "甲\n\n乙\n 丙\n\n丁\n";
        let layout = lay_out(text);
        let pages: Vec<u32> = layout.lines.iter().map(|l| l.page).collect();
        assert_eq!(pages, vec![1, 1, 2, 2]);
        assert!(layout.lines[2].starts_page);
    }

    #[test]
    fn indented_numbers_are_footers_that_name_their_pages() {
        let text = "甲\n\n乙\n 5 \n\n丙\n\n丁\n 6 \n\n戊\n\n";
        let layout = lay_out(text);
        let pages: Vec<(u32, &str)> = layout
            .lines
            .iter()
            .map(|l| (l.page, l.text.as_str()))
            .collect();
        assert_eq!(
            pages,
            vec![(5, "甲"), (5, "乙"), (6, "丙"), (6, "丁"), (7, "戊")]
        );
    }

    #[test]
    fn a_lone_number_out_of_sequence_is_text() {
        let text = "一\n2\n\u{c}二\n85\n\u{c}三\n4\n";
        let lines: Vec<String> = lay_out(text).lines.iter().map(|l| l.text.clone()).collect();
        assert_eq!(lines, ["一", "二", "85", "三"]);
    }

    #[test]
    fn image_sized_runs_of_blank_lines_are_gaps_on_their_page() {
        // Single-spaced: three blank lines or more; double-spaced, every line is followed
        // by a blank one, so it takes twice as many. A run at a page's foot belongs to
        // that page although the next line is on the next.
        let layout = lay_out("甲\n乙\n\n丙\n\n\n\n丁\n  表头  列\n\n\n\n\u{c}戊\n己\n");
        let gaps: Vec<(usize, u32)> = layout.gaps.iter().map(|g| (g.before, g.page)).collect();
        assert_eq!(gaps, [(3, 1), (5, 1)]);
        assert_eq!((layout.lines[4].indent, layout.lines[5].page), (2, 2));
        let double = "甲\n\n乙\n\n \n\n \n\n \n\n丙\n\n丁\n\n \n\n戊\n\n";
        let gaps: Vec<usize> = lay_out(double).gaps.iter().map(|g| g.before).collect();
        assert_eq!(gaps, [2]);
    }

    #[test]
    fn lines_wider_than_a_column_that_end_clauses_are_whole_paragraphs() {
        let paragraph = "学校坚持立德树人根本任务，围绕区域产业发展需要，深化产教融合、校企合作，";
        let saved = format!(
            "前言\n{paragraph}{paragraph}提升质量。\n一、学校概况\n{paragraph}{paragraph}推进改革：\n1.完善制度；\n"
        );
        let layout = lay_out(&saved);
        assert!(layout.unwrapped);
        assert_eq!(layout.full_width, usize::MAX);
        // The same words wrapped at a wide column: the wide lines break mid-sentence.
        let wrapped: String = format!("{paragraph}{paragraph}{paragraph}提升质量。")
            .chars()
            .collect::<Vec<_>>()
            .chunks(55)
            .map(|chunk| chunk.iter().collect::<String>() + "\n")
            .collect();
        let layout = lay_out(&wrapped);
        assert!(!layout.unwrapped);
        // One wide line is not enough to tell, and table rows do not count.
        let row = format!("{paragraph}\t{paragraph}\t{paragraph}");
        assert!(!lay_out(&format!("{paragraph}{paragraph}。\n{row}\n{row}\n")).unwrapped);
    }

    #[test]
    fn a_long_run_of_blank_lines_is_laid_out_as_a_short_one() {
        let kept: Vec<&str> = kept_lines("甲\n\n\n\n\n\n\n\n\n\n乙\n \u{c}\n\n").collect();
        assert_eq!(kept.len(), 1 + KEPT_BLANK_LINES + 4);
        // Millions of blank lines: the same gap, lines and pages as a few.
        let (few, many) = (
            "甲\n乙\n\n\n\n\n\n\n丙\n",
            format!("甲\n乙{}丙\n", "\n".repeat(1 << 20)),
        );
        let (few, many) = (lay_out(few), lay_out(&many));
        assert_eq!((few.lines, few.gaps), (many.lines, many.gaps));
        // Line ends of every system are one.
        assert_eq!(unix_newlines("a\r\nb\rc\r\r\nd\n"), "a\nb\nc\n\nd\n");
        assert!(matches!(unix_newlines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_lone_digit_inside_a_page_is_kept_as_text() {
        let layout = lay_out("学生）\n\n1\n\n，2022\n\n");
        assert_eq!(layout.lines.len(), 3);
        assert_eq!(layout.lines[1].text, "1");
    }
}
