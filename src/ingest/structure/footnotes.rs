//! Footnotes: their markers in the text (alone on a line, or glued to the words) and
//! their text, matched by number.

use super::{Builder, OpenParagraph};
use crate::ingest::layout::Line;
use crate::ingest::recognise;
use crate::model::{Footnote, FootnoteRef, Location};
use crate::text::{ends_sentence, join_wrapped};

impl Builder<'_> {
    /// A footnote's text line, for a marker already seen or one that names a data source.
    pub(super) fn footnote_text(&self, line: &Line) -> Option<(u32, String)> {
        let (number, text) = recognise::footnote_line(&line.text)?;
        let announced = self.pending_footnotes.contains_key(&number);
        let names_a_source = ["数据来源", "资料来源"].iter().any(|p| text.starts_with(p))
            && !self.structure.footnotes.iter().any(|f| f.number == number);
        (announced || names_a_source).then_some((number, text))
    }

    pub(super) fn marker(&self, line: &Line) -> Option<u32> {
        let number = recognise::footnote_marker(&line.text)?;
        (self.open.is_some() && number == self.last_marker + 1).then_some(number)
    }

    pub(super) fn take_footnote(&mut self, i: usize, number: u32, mut text: String) -> usize {
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

    pub(super) fn add_marker(&mut self, number: u32) {
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
