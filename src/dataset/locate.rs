//! Finds sentences and names in a report's text regardless of whitespace, so curated rows
//! can be traced to a paragraph (or table row), its section and its page.

use crate::model::{Location, Structure};
use crate::text::{Compacted, compact, normalize};

/// Where a sentence was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub location: Location,
    pub page: u32,
}

/// A report's paragraphs and table rows, compacted once for the many lookups of a load.
pub struct TextIndex<'a> {
    structure: &'a Structure,
    paragraphs: Vec<Compacted>,
    /// Per table, each row (header first) with its cells joined.
    table_rows: Vec<Vec<Compacted>>,
}

impl<'a> TextIndex<'a> {
    pub fn new(structure: &'a Structure) -> Self {
        TextIndex {
            structure,
            paragraphs: structure
                .paragraphs
                .iter()
                .map(|p| Compacted::new(&p.text))
                .collect(),
            table_rows: structure
                .tables
                .iter()
                .map(|t| {
                    std::iter::once(&t.header)
                        .chain(&t.rows)
                        .map(|row| Compacted::new(&row.join(" ")))
                        .collect()
                })
                .collect(),
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

    /// The first paragraph or table row, among those `in_scope`, holding the sentence
    /// (whitespace aside), with the page its first character was printed on.
    fn first_place(&self, sentence: &str, in_scope: impl Fn(&Location) -> bool) -> Option<Place> {
        let s = self.structure;
        let needle = compact(sentence);
        let in_paragraphs = s
            .paragraphs
            .iter()
            .zip(&self.paragraphs)
            .filter(|(paragraph, _)| in_scope(&paragraph.location))
            .find_map(|(paragraph, compacted)| {
                let chars = compacted.find(&needle)?;
                let offset = paragraph
                    .text
                    .char_indices()
                    .nth(chars.start)
                    .map_or(0, |(at, _)| at);
                Some(Place {
                    location: paragraph.location.clone(),
                    page: paragraph.page_at(offset),
                })
            });
        in_paragraphs.or_else(|| {
            s.tables
                .iter()
                .zip(&self.table_rows)
                .filter(|(table, _)| in_scope(&table.location))
                .find(|(_, rows)| rows.iter().any(|row| row.find(&needle).is_some()))
                .map(|(table, _)| Place {
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
}
