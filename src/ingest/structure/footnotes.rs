//! Footnotes and notes: markers in the text (alone on a line, superscript, or glued to the
//! words: `1`, `①`, `[1]`, `*`, `¹`), footnote texts matched to them by number, and notes
//! without a marker (`注：…`, `数据来源：…`) attached to the table or paragraph above.
//!
//! A footnote line is taken only where the text announces it (its marker was seen), where
//! it names a data source, or where it stands at its page's foot with its marker printed
//! on that page in sequence: a body line that starts with a number stays body text.

use super::{Builder, OpenParagraph};
use crate::ingest::asides::{self, Marker};
use crate::ingest::layout::Line;
use crate::model::{Footnote, FootnoteRef, Location};
use crate::text::{ends_sentence, join_wrapped};

/// Lines from a page's end within which a footnote line may stand unannounced.
const FOOT_LINES: usize = 6;

/// The most paragraphs looked through for a marker on a page.
const PARAGRAPHS_ON_A_PAGE: usize = 40;

/// Whether a paragraph runs on to `page` or beyond (the closed paragraphs before it on
/// the page are looked through, nearest first).
fn ends_on_or_after(paragraph: &crate::model::Paragraph, page: u32) -> bool {
    paragraph
        .page_breaks
        .last()
        .map_or(paragraph.page, |&(_, last)| last)
        >= page
}

/// A footnote's or note's own line.
#[derive(Debug)]
pub(super) enum NoteLine {
    /// A footnote: its marker and text.
    Footnote(Marker, String),
    /// A note with no marker (`注：…`, `数据来源：…`).
    Note(String),
}

/// A column of footnote markers alone on their lines, waiting for their texts: the last
/// lines of its page, one a marker.
#[derive(Debug)]
pub(super) struct MarkerColumn {
    markers: Vec<Marker>,
    /// The index of the first text's line.
    pub(super) texts: usize,
    page: u32,
}

impl MarkerColumn {
    pub(super) fn markers_len(&self) -> usize {
        self.markers.len()
    }
}

/// Where a marker seen in the text waits for its footnote.
#[derive(Debug)]
pub(super) struct PendingMarker {
    paragraph: usize,
    location: Location,
    page: u32,
}

impl Builder<'_> {
    /// A footnote's or note's line, if this line is one here.
    pub(super) fn footnote_text(&self, line: &Line) -> Option<NoteLine> {
        if let Some(text) = asides::note_line(&line.text) {
            return (!self.wrapped_sentence_goes_on()).then_some(NoteLine::Note(text));
        }
        let (marker, text) = asides::footnote_line(&line.text)?;
        let announced = self.pending_footnotes.contains_key(&marker.number);
        let numbered = marker.printed.bytes().all(|b| b.is_ascii_digit());
        let names_a_source = numbered
            && ["数据来源", "资料来源"].iter().any(|p| text.starts_with(p))
            && !self
                .structure
                .footnotes
                .iter()
                .any(|f| f.marker == marker.printed);
        let in_sequence = marker.number == self.last_marker + 1 || marker.number <= 1;
        // A marker no body line starts with (`[2]`, `①`, `¹`, not a bare number or `*`)
        // may close a column's foot anywhere on a page set in columns.
        let set_apart = !numbered && marker.number > 0;
        let at_foot = (line.lines_to_page_end < FOOT_LINES || set_apart)
            && in_sequence
            && self.marker_on_page(&marker.printed, line.page);
        (announced || names_a_source || at_foot).then_some(NoteLine::Footnote(marker, text))
    }

    /// The open paragraph stopped mid-sentence at a full line that ends in a word: the next
    /// line goes on with it (`…值得关` / `注：…` is a wrapped `关注`, not a note). A table
    /// cell or a short line ending in a figure does not go on.
    fn wrapped_sentence_goes_on(&self) -> bool {
        self.mid_sentence()
            && self
                .open
                .as_ref()
                .is_some_and(|open| open.last_line_full && open.text.ends_with(crate::text::is_cjk))
    }

    /// A marker alone on line `i`, next in sequence (`*` at any time), in a paragraph, at
    /// a place a marker stands: after a clause's or sentence's punctuation, or before a
    /// line that goes on with punctuation (`学生）` / `1` / `，2022`). A number between two
    /// words (a table's cells one per line: `占比` / `1` / `专任教师`) is text.
    pub(super) fn marker(&self, i: usize) -> Option<Marker> {
        let marker = asides::marker_alone(&self.lines[i].text)?;
        let in_sequence = marker.number == 0 || marker.number == self.last_marker + 1;
        let open = self.open.as_ref()?;
        let after_punctuation = super::ends_clause(&open.text);
        let before_punctuation = self.lines.get(i + 1).is_some_and(|next| {
            next.text
                .starts_with(|c: char| crate::text::is_closing_mark(c) || c.is_ascii_punctuation())
        });
        (in_sequence && (after_punctuation || before_punctuation)).then_some(marker)
    }

    /// Markers alone on their lines near a page's foot, in sequence, whose texts are the
    /// page's last lines, one a marker: footnotes as the PDF readers write Word's (`①`,
    /// `②`, then their texts). A reader may set a few of the page's lines between the
    /// markers and their texts (a box's title, a list, the line a marker is raised in);
    /// then the last of those ends a sentence (as each text does) or is a heading or a
    /// box's title, so no text is wrapped.
    /// Each marker must be announced, printed on the page, or printed in the lines
    /// between.
    pub(super) fn footnote_column(&self, i: usize) -> Option<MarkerColumn> {
        const MOST: usize = 20;
        /// Lines of the page a reader may set between the markers and their texts.
        const MOST_BETWEEN: usize = 4;
        let page = self.lines[i].page;
        let markers: Vec<Marker> = self.lines[i..]
            .iter()
            .take(MOST)
            .take_while(|line| line.page == page)
            .map_while(|line| asides::marker_alone(&line.text))
            .collect();
        let count = markers.len();
        let in_sequence = markers
            .windows(2)
            .all(|pair| pair[1].number == pair[0].number + 1);
        if count == 0 || !in_sequence {
            return None;
        }
        let after = self.lines[i + count - 1].lines_to_page_end;
        let between = after.checked_sub(count).filter(|&n| n <= MOST_BETWEEN)?;
        let texts = i + count + between;
        let between = &self.lines[i + count..texts];
        let texts_read = self.lines[texts..texts + count]
            .iter()
            .all(|line| ends_sentence(&line.text) && asides::marker_alone(&line.text).is_none());
        let nothing_wraps = between
            .last()
            .is_none_or(|line| ends_sentence(&line.text) || self.is_structural(line));
        let printed = markers.iter().all(|marker| {
            self.pending_footnotes.contains_key(&marker.number)
                || self.marker_on_page(&marker.printed, page)
                || between
                    .iter()
                    .any(|line| printed_in_line(&line.text, marker))
        });
        (texts_read && nothing_wraps && printed).then_some(MarkerColumn {
            markers,
            texts,
            page,
        })
    }

    /// Takes the texts of a column of markers (the page's last lines), a line a marker.
    pub(super) fn take_marker_column(&mut self, column: MarkerColumn) -> usize {
        let count = column.markers.len();
        for (k, marker) in column.markers.into_iter().enumerate() {
            let text = self.lines[column.texts + k].text.trim().to_string();
            self.add_footnote(marker, text, column.page);
        }
        column.texts + count
    }

    /// Takes a footnote's or note's line and the lines its text wraps onto.
    pub(super) fn take_note_line(&mut self, i: usize, note: NoteLine) -> usize {
        let page = self.lines[i].page;
        let (marker, mut text) = match note {
            NoteLine::Footnote(marker, text) => (Some(marker), text),
            NoteLine::Note(text) => (None, text),
        };
        let mut j = i + 1;
        while let Some(next) = self.lines.get(j) {
            if next.page != page || ends_sentence(&text) || self.is_structural(next) {
                break;
            }
            join_wrapped(&mut text, &next.text);
            j += 1;
        }
        match marker {
            Some(marker) => self.add_footnote(marker, text, page),
            None => self.add_note(text, page),
        }
        j
    }

    fn add_footnote(&mut self, marker: Marker, text: String, page: u32) {
        // Word prints a symbol marker (`*`) again at the head of its note's text; the
        // marker is the footnote's, not its words'.
        let text = match text.strip_prefix(marker.printed.as_str()) {
            Some(rest)
                if !marker.printed.is_empty()
                    && !marker.printed.chars().all(|c| c.is_ascii_digit()) =>
            {
                rest.trim_start().to_string()
            }
            _ => text,
        };
        let found = self
            .pending_footnotes
            .remove(&marker.number)
            .map(|pending| (pending.paragraph, pending.location))
            .or_else(|| self.lift_glued_marker(&marker, page));
        let (paragraph, location) = match found {
            Some((paragraph, location)) => (Some(paragraph), location),
            None => {
                self.warnings.push(format!(
                    "footnote {} (page {page}): no marker found in the text",
                    marker.printed
                ));
                (None, self.location.clone())
            }
        };
        self.structure.footnotes.push(Footnote {
            number: marker.number,
            // A superscript marker is a raised number: kept as its digits, as pdftotext
            // writes it.
            marker: marker
                .printed
                .chars()
                .map(|c| asides::superscript_value(c).map_or(c, |d| char::from(b'0' + d as u8)))
                .collect(),
            text,
            page,
            location,
            paragraph,
            table: None,
        });
    }

    /// A note under the table just read, else under the paragraph before it.
    fn add_note(&mut self, text: String, page: u32) {
        self.close_paragraph();
        let table = self
            .structure
            .tables
            .last()
            .filter(|table| table.position == self.next_paragraph)
            .map(|table| table.number.clone());
        let paragraph = if table.is_some() {
            None
        } else {
            self.structure.paragraphs.iter().map(|p| p.index).max()
        };
        if table.is_none() && paragraph.is_none() {
            self.warnings.push(format!(
                "note (page {page}): nothing above it to attach it to: {}",
                crate::text::excerpt(&text, 20)
            ));
        }
        self.structure.footnotes.push(Footnote {
            number: 0,
            marker: String::new(),
            text,
            page,
            location: self.location.clone(),
            paragraph,
            table,
        });
    }

    /// Whether a marker is printed glued into a paragraph on this page.
    fn marker_on_page(&self, printed: &str, page: u32) -> bool {
        let on_page = |p: &OpenParagraph| p.page == page || p.last_page == page;
        self.open.as_ref().filter(|p| on_page(p)).is_some_and(|p| {
            glued_on_page(&p.text, p.page, &p.page_breaks, printed, page).is_some()
        }) || self
            .structure
            .paragraphs
            .iter()
            .rev()
            .take_while(|p| ends_on_or_after(p, page))
            .take(PARAGRAPHS_ON_A_PAGE)
            .filter(|p| p.page == page || p.page_breaks.iter().any(|&(_, b)| b == page))
            .any(|p| glued_on_page(&p.text, p.page, &p.page_breaks, printed, page).is_some())
    }

    /// Some extractions glue a footnote marker to the text (`学生）1，2022`, `学生①，`).
    /// Given the footnote's marker and page, finds the marker in the paragraphs printed on
    /// that page (the open one first), takes it out of the text and records it.
    fn lift_glued_marker(&mut self, marker: &Marker, page: u32) -> Option<(usize, Location)> {
        let number = marker.number;
        let on_page = |p: &OpenParagraph| p.page == page || p.last_page == page;
        if let Some(open) = self.open.as_mut().filter(|p| on_page(p))
            && let Some(range) = glued_on_page(
                &open.text,
                open.page,
                &open.page_breaks,
                &marker.printed,
                page,
            )
        {
            let offset = range.start;
            open.text.replace_range(range, "");
            open.footnote_refs.push(FootnoteRef { number, offset });
            self.last_marker = self.last_marker.max(number);
            return Some((open.index, open.location.clone()));
        }
        let closed = self
            .structure
            .paragraphs
            .iter_mut()
            .rev()
            .take_while(|p| ends_on_or_after(p, page))
            .take(PARAGRAPHS_ON_A_PAGE)
            .filter(|p| p.page == page || p.page_breaks.iter().any(|&(_, b)| b == page));
        for paragraph in closed {
            let found = glued_on_page(
                &paragraph.text,
                paragraph.page,
                &paragraph.page_breaks,
                &marker.printed,
                page,
            );
            if let Some(range) = found {
                let offset = range.start;
                paragraph.text.replace_range(range, "");
                paragraph.footnote_refs.push(FootnoteRef { number, offset });
                paragraph.footnote_refs.sort_by_key(|r| r.offset);
                self.last_marker = self.last_marker.max(number);
                return Some((paragraph.index, paragraph.location.clone()));
            }
        }
        None
    }

    /// A marker alone on its line, at the open paragraph's end.
    pub(super) fn add_marker(&mut self, marker: &Marker, page: u32) {
        let end = self.open.as_ref().map_or(0, |open| open.text.len());
        self.add_marker_at(marker, end, page);
    }

    /// A marker at a byte offset of the open paragraph (a superscript inside a line).
    pub(super) fn add_marker_at(&mut self, marker: &Marker, offset: usize, page: u32) {
        let open = self
            .open
            .as_mut()
            .expect("markers are read only in a paragraph");
        open.footnote_refs.push(FootnoteRef {
            number: marker.number,
            offset: offset.min(open.text.len()),
        });
        self.pending_footnotes.insert(
            marker.number,
            PendingMarker {
                paragraph: open.index,
                location: open.location.clone(),
                page,
            },
        );
        self.last_marker = self.last_marker.max(marker.number);
    }

    /// Names the markers whose footnote never came.
    pub(super) fn warn_unplaced_markers(&mut self) {
        let mut unresolved: Vec<(u32, u32)> = self
            .pending_footnotes
            .iter()
            .map(|(&number, pending)| (pending.page, number))
            .collect();
        unresolved.sort_unstable();
        for (page, number) in unresolved {
            let marker = if number == 0 {
                "*".to_string()
            } else {
                number.to_string()
            };
            self.warnings.push(format!(
                "footnote marker {marker} (page {page}): no footnote text found"
            ));
        }
    }

    /// Gives each footnote its id (see `Footnote::number`) and points the markers at it.
    pub(super) fn number_footnotes(&mut self) {
        let footnotes = &mut self.structure.footnotes;
        let mut counts: std::collections::HashMap<u32, usize> = Default::default();
        for footnote in footnotes.iter().filter(|f| f.number > 0) {
            *counts.entry(footnote.number).or_default() += 1;
        }
        let mut next = footnotes.iter().map(|f| f.number).max().unwrap_or(0) + 1;
        // Each marker is re-pointed once: (paragraph position, marker position).
        let mut repointed = std::collections::HashSet::new();
        for footnote in footnotes.iter_mut() {
            if footnote.number > 0 && counts[&footnote.number] == 1 {
                continue;
            }
            let printed = footnote.number;
            footnote.number = next;
            next += 1;
            if footnote.marker.is_empty() {
                continue;
            }
            let Some(at) = footnote.paragraph.and_then(|index| {
                self.structure
                    .paragraphs
                    .binary_search_by_key(&index, |p| p.index)
                    .ok()
            }) else {
                continue;
            };
            let refs = &mut self.structure.paragraphs[at].footnote_refs;
            if let Some(k) = (0..refs.len())
                .find(|&k| refs[k].number == printed && !repointed.contains(&(at, k)))
            {
                refs[k].number = footnote.number;
                repointed.insert((at, k));
            }
        }
    }
}

/// Where the marker stands glued in the part of a paragraph printed on `page` (a
/// paragraph that starts on `first_page` and breaks onto others at `page_breaks`): only
/// that part is read, so a long paragraph is not read again for every page it crosses.
fn glued_on_page(
    text: &str,
    first_page: u32,
    page_breaks: &[(usize, u32)],
    printed: &str,
    page: u32,
) -> Option<std::ops::Range<usize>> {
    let starts = std::iter::once((0, first_page)).chain(page_breaks.iter().copied());
    let (k, (start, _)) = starts.enumerate().find(|(_, (_, p))| *p == page)?;
    let end = page_breaks.get(k).map_or(text.len(), |&(at, _)| at);
    let (start, end) = (
        start.min(text.len()),
        end.min(text.len()).max(start.min(text.len())),
    );
    let part = text.get(start..end)?;
    glued_marker(part, printed).map(|range| range.start + start..range.end + start)
}

/// Where the marker stands glued in a paragraph's text, as the range to take out. A number
/// stands between a word (or a percentage) and clause punctuation (`学生）1，`, `26 人4。`,
/// `78.5%2。`), or set off from
/// the word by one space as a separate text run may be (`平方米 3。`) — but not after a
/// digit, a dot or `第`, so figures (`2.84 册。`, `第 4。`) are left alone; the last glued
/// place wins over the last spaced one. Other markers (`①`, `[1]`, `*`, `¹`) stand right
/// after a word or closing bracket (a `①` after `：` or `；` opens a list item).
fn glued_marker(text: &str, printed: &str) -> Option<std::ops::Range<usize>> {
    if printed.is_empty() {
        return None;
    }
    if !printed.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .rmatch_indices(printed)
            .map(|(at, _)| at)
            .find_map(|at| {
                let before = text[..at].chars().next_back()?;
                let after = text[at + printed.len()..].chars().next();
                let after_a_word = crate::text::is_cjk(before)
                    || crate::text::is_closing_mark(before)
                    || before.is_alphabetic() && !before.is_ascii();
                let ends_a_word = after.is_none_or(|c| !c.is_ascii_digit());
                (after_a_word && ends_a_word).then(|| at..at + printed.len())
            });
    }
    let mut spaced = None;
    for (at, _) in text.rmatch_indices(printed) {
        let after = text[at + printed.len()..].chars().next();
        if !matches!(after, Some('，' | '。' | '；' | '、' | '：')) {
            continue;
        }
        let mut before = text[..at].chars().rev();
        match before.next() {
            Some(c)
                if !c.is_whitespace()
                    && !c.is_ascii_digit()
                    && c != '.'
                    && (c == '%' || !c.is_ascii_punctuation()) =>
            {
                return Some(at..at + printed.len());
            }
            Some(' ') if spaced.is_none() => {
                let word = before.next();
                if word.is_some_and(|c| crate::text::is_cjk(c) && c != '第') {
                    spaced = Some(at - 1..at + printed.len());
                }
            }
            _ => {}
        }
    }
    spaced
}

/// Whether a line prints the marker: glued to its words (`人①。`, `时[2]。`) or raised
/// (`78.5%²。`, as the built-in reader writes a raised digit).
fn printed_in_line(line: &str, marker: &Marker) -> bool {
    let raised = superscript_markers(line)
        .1
        .iter()
        .any(|(_, m)| m.number == marker.number && marker.number > 0);
    raised || glued_marker(line, &marker.printed).is_some()
}

/// Superscript markers in a line (`学生¹，`): the line without them and, per marker, its
/// byte offset in that line and value. A superscript after a Latin letter or a digit is a
/// unit's or a power's (`m²`, `10⁴`) and stays.
pub(super) fn superscript_markers(line: &str) -> (String, Vec<(usize, Marker)>) {
    let mut text = String::with_capacity(line.len());
    let mut markers = Vec::new();
    let mut chars = line.chars().peekable();
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        let power = previous.is_some_and(|p| p.is_ascii_alphanumeric());
        if asides::superscript_value(c).is_none() || power {
            text.push(c);
            previous = Some(c);
            continue;
        }
        let mut printed = c.to_string();
        while let Some(&d) = chars
            .peek()
            .filter(|d| asides::superscript_value(**d).is_some())
        {
            printed.push(d);
            chars.next();
        }
        let number = printed
            .chars()
            .filter_map(asides::superscript_value)
            .fold(0u32, |n, d| n.saturating_mul(10).saturating_add(d));
        markers.push((text.len(), Marker { printed, number }));
    }
    (text, markers)
}
