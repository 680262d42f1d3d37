//! Finds sentences and names in a report's text regardless of whitespace, so curated rows
//! can be traced to a paragraph (or table row), its section and its page.

use crate::model::{Location, Structure};
use crate::text::{compact, normalize};

/// Where a sentence was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub location: Location,
    pub page: u32,
}

/// The report's paragraphs and table rows with whitespace removed, for searching.
pub struct TextIndex<'a> {
    structure: &'a Structure,
    /// Per paragraph: the compacted text and, per compacted byte, the original offset.
    paragraphs: Vec<(String, Vec<usize>)>,
    /// Per table: each row's cells joined, compacted.
    table_rows: Vec<Vec<String>>,
}

impl<'a> TextIndex<'a> {
    pub fn new(structure: &'a Structure) -> Self {
        let paragraphs = structure
            .paragraphs
            .iter()
            .map(|p| compact_with_offsets(&p.text))
            .collect();
        let table_rows = structure
            .tables
            .iter()
            .map(|t| {
                std::iter::once(&t.header)
                    .chain(&t.rows)
                    .map(|row| compact(&row.join("")))
                    .collect()
            })
            .collect();
        TextIndex {
            structure,
            paragraphs,
            table_rows,
        }
    }

    /// Finds a sentence in the given section (`2.3`, or a chapter number outside sections).
    pub fn locate(&self, sentence: &str, section: &str) -> Option<Place> {
        self.first_place(sentence, |location| location.label() == section)
    }

    /// Finds a sentence anywhere in the report.
    pub fn locate_anywhere(&self, sentence: &str) -> Option<Place> {
        self.first_place(sentence, |_| true)
    }

    /// The first paragraph or table row, among those `in_scope`, holding the sentence.
    fn first_place(&self, sentence: &str, in_scope: impl Fn(&Location) -> bool) -> Option<Place> {
        let needle = compact(sentence);
        if needle.is_empty() {
            return None;
        }
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let in_paragraphs = self
            .paragraphs
            .iter()
            .zip(&self.structure.paragraphs)
            .filter(|(_, paragraph)| in_scope(&paragraph.location))
            .find_map(|((text, offsets), paragraph)| {
                let at = finder.find(text.as_bytes())?;
                Some(Place {
                    location: paragraph.location.clone(),
                    page: paragraph.page_at(offsets[at]),
                })
            });
        in_paragraphs.or_else(|| {
            self.table_rows
                .iter()
                .zip(&self.structure.tables)
                .filter(|(_, table)| in_scope(&table.location))
                .find(|(rows, _)| rows.iter().any(|row| finder.find(row.as_bytes()).is_some()))
                .map(|(_, table)| Place {
                    location: table.location.clone(),
                    page: table.page,
                })
        })
    }

    /// Indexes of the paragraphs that contain any of the names.
    pub fn paragraphs_naming(&self, names: &[String]) -> Vec<usize> {
        let finders: Vec<memchr::memmem::Finder> = names
            .iter()
            .map(|name| memchr::memmem::Finder::new(name.as_bytes()))
            .collect();
        self.structure
            .paragraphs
            .iter()
            .filter(|p| finders.iter().any(|f| f.find(p.text.as_bytes()).is_some()))
            .map(|p| p.index)
            .collect()
    }
}

/// The text without whitespace, and for each of its bytes the byte offset in the original.
fn compact_with_offsets(text: &str) -> (String, Vec<usize>) {
    let mut compacted = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    for (offset, c) in text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
        compacted.push(c);
        offsets.extend(std::iter::repeat_n(offset, c.len_utf8()));
    }
    (compacted, offsets)
}

/// The first number written in a text, full-width digits included: `44.31%` → 44.31,
/// `15.41:1` → 15.41.
pub fn first_number(text: &str) -> Option<f64> {
    let normalized = normalize(text);
    let start = normalized.find(|c: char| c.is_ascii_digit())?;
    let digits: String = normalized[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    digits.trim_end_matches('.').parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_number_as_printed() {
        assert_eq!(first_number("44.31%"), Some(44.31));
        assert_eq!(first_number("15.41:1"), Some(15.41));
        assert_eq!(first_number("１２３"), Some(123.0));
        assert_eq!(first_number("1,866,853 册"), Some(1866853.0));
        assert_eq!(first_number("多"), None);
    }

    #[test]
    fn compacted_offsets_point_into_the_original() {
        let (text, offsets) = compact_with_offsets("a b嘉");
        assert_eq!(text, "ab嘉");
        assert_eq!(offsets, vec![0, 2, 3, 3, 3]);
    }
}
