//! Finds sentences and names in a report's text regardless of whitespace, so curated rows
//! can be traced to a paragraph (or table row), its section and its page.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::model::{Location, Structure};
use crate::text::{compact, normalize};

/// Where a sentence was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub location: Location,
    pub page: u32,
}

/// Where to look for a sentence: a location's label (`2.3`, or a chapter's number outside
/// sections, as [`Location::label`] writes it), or anywhere (`None`).
pub type Within<'s> = Option<&'s str>;

/// A report's paragraphs and table rows without their whitespace, made once for the many
/// lookups of a load.
pub struct TextIndex<'a> {
    structure: &'a Structure,
    paragraphs: Vec<String>,
    /// Per table, each row (header first) with its cells joined.
    table_rows: Vec<Vec<String>>,
}

impl<'a> TextIndex<'a> {
    pub fn new(structure: &'a Structure) -> Self {
        TextIndex {
            structure,
            paragraphs: structure
                .paragraphs
                .iter()
                .map(|p| compact(&p.text))
                .collect(),
            table_rows: structure
                .tables
                .iter()
                .map(|t| {
                    std::iter::once(&t.header)
                        .chain(&t.rows)
                        .map(|row| compact(&row.join(" ")))
                        .collect()
                })
                .collect(),
        }
    }

    /// Where each sentence stands in its scope, whitespace aside: the first paragraph
    /// there holding it, with the page its first character was printed on; failing that,
    /// the first table there with a row holding it. Every sentence is looked for in one
    /// pass over the text (Aho–Corasick), so a load takes time in proportion to the text
    /// and the sentences, never to their product (thousands of figures in one section).
    pub fn locate_all(&self, queries: &[(&str, Within)]) -> Vec<Option<Place>> {
        let mut batch = Batch::new(queries);
        // A contiguous NFA takes memory in proportion to the sentences; the DFA the
        // builder would choose for a few of them takes a table per state.
        let searcher = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&batch.patterns);
        let Ok(searcher) = searcher else {
            // Too many sentences for an automaton (far beyond any report): none is found,
            // which the caller reports.
            return vec![None; queries.len()];
        };
        let s = self.structure;
        for (paragraph, compacted) in s.paragraphs.iter().zip(&self.paragraphs) {
            if batch.groups.is_empty() {
                break;
            }
            let label = paragraph.location.label();
            let mut bytes = None;
            for found in searcher.find_overlapping_iter(compacted) {
                batch.resolve(found.pattern().as_usize(), &label, || {
                    let bytes = bytes.get_or_insert_with(|| original_bytes(&paragraph.text));
                    Place {
                        location: paragraph.location.clone(),
                        page: paragraph.page_at(original_at(bytes, found.start())),
                    }
                });
            }
        }
        for (table, rows) in s.tables.iter().zip(&self.table_rows) {
            let label = table.location.label();
            for row in rows {
                for found in searcher.find_overlapping_iter(row) {
                    batch.resolve(found.pattern().as_usize(), &label, || Place {
                        location: table.location.clone(),
                        page: table.page,
                    });
                }
            }
        }
        batch.places
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

/// The sentences of a [`TextIndex::locate_all`] being looked for.
struct Batch<'q> {
    /// Each distinct sentence once, without whitespace.
    patterns: Vec<String>,
    /// Each location label asked for, numbered from 1 (0 is anywhere).
    labels: HashMap<&'q str, usize>,
    /// The queries not yet placed, by pattern and label number.
    groups: HashMap<(usize, usize), Vec<usize>>,
    places: Vec<Option<Place>>,
}

impl<'q> Batch<'q> {
    fn new(queries: &[(&str, Within<'q>)]) -> Batch<'q> {
        let mut patterns = Vec::new();
        let mut pattern_of: HashMap<String, usize> = HashMap::new();
        let mut labels: HashMap<&'q str, usize> = HashMap::new();
        let mut groups: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (k, &(sentence, within)) in queries.iter().enumerate() {
            let needle = compact(sentence);
            // An empty sentence is nowhere.
            if needle.is_empty() {
                continue;
            }
            let pattern = *pattern_of.entry(needle).or_insert_with_key(|needle| {
                patterns.push(needle.clone());
                patterns.len() - 1
            });
            let next_label = labels.len() + 1;
            let label = within.map_or(0, |label| *labels.entry(label).or_insert(next_label));
            groups.entry((pattern, label)).or_default().push(k);
        }
        Batch {
            patterns,
            labels,
            groups,
            places: vec![None; queries.len()],
        }
    }

    /// A pattern found in text at a location labelled `label`: the queries looking for
    /// it there or anywhere, and not yet placed, are placed at `place()`.
    fn resolve(&mut self, pattern: usize, label: &str, place: impl FnOnce() -> Place) {
        let (mut place, mut at) = (Some(place), None);
        let here = self.labels.get(label).copied();
        for label in here.into_iter().chain([0]) {
            let Some(queries) = self.groups.remove(&(pattern, label)) else {
                continue;
            };
            if at.is_none() {
                at = place.take().map(|place| place());
            }
            for k in queries {
                self.places[k].clone_from(&at);
            }
        }
    }
}

/// Per character of a text that is not whitespace, its byte offset in the text without
/// whitespace and in the text itself.
fn original_bytes(text: &str) -> Vec<(usize, usize)> {
    let mut compacted = 0;
    text.char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(at, c)| {
            let pair = (compacted, at);
            compacted += c.len_utf8();
            pair
        })
        .collect()
}

/// The byte offset in the text of the character at `compacted` in its compacted form.
fn original_at(bytes: &[(usize, usize)], compacted: usize) -> usize {
    bytes
        .binary_search_by_key(&compacted, |&(c, _)| c)
        .map_or(0, |k| bytes[k].1)
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
    fn each_sentence_is_placed_at_its_first_paragraph_in_scope_else_a_table() {
        use crate::model::{Paragraph, Table};
        let at = |chapter: u32, section: &str| Location {
            chapter,
            section: (!section.is_empty()).then(|| section.to_string()),
        };
        let paragraph = |index: usize, location: Location, page: u32, text: &str| Paragraph {
            index,
            location,
            case: None,
            page,
            text: text.to_string(),
            footnote_refs: Vec::new(),
            page_breaks: vec![(text.find('乙').unwrap_or(text.len()), page + 1)],
        };
        let structure = Structure {
            paragraphs: vec![
                paragraph(0, at(1, "1.1"), 3, "在校生 51486 人。"),
                paragraph(1, at(1, "1.2"), 5, "甲。乙：在校生51486人。"),
                paragraph(2, at(2, ""), 9, "招生2146人。"),
            ],
            tables: vec![Table {
                number: "1".into(),
                title: "招生".into(),
                location: at(1, "1.2"),
                page: 7,
                position: 2,
                header: vec!["项目".into(), "人数".into()],
                rows: vec![vec!["招生".into(), "2146 人".into()]],
                units: Vec::new(),
                notes: Vec::new(),
            }],
            ..Default::default()
        };
        let index = TextIndex::new(&structure);
        let places = index.locate_all(&[
            ("在校生51486人", Some("1.2")),
            ("在校生 51486人", None),
            ("招生2146人", Some("1.2")),
            ("招生2146人", Some("2")),
            ("招生2146人", Some("1.1")),
            ("", None),
        ]);
        let found: Vec<Option<(String, u32)>> = places
            .into_iter()
            .map(|p| p.map(|p| (p.location.label(), p.page)))
            .collect();
        assert_eq!(
            found,
            [
                Some(("1.2".to_string(), 6)),
                Some(("1.1".to_string(), 3)),
                Some(("1.2".to_string(), 7)),
                Some(("2".to_string(), 9)),
                None,
                None,
            ]
        );
    }

    #[test]
    fn reads_the_first_number_as_printed() {
        assert_eq!(first_number("44.31%"), Some(44.31));
        assert_eq!(first_number("15.41:1"), Some(15.41));
        assert_eq!(first_number("１２３"), Some(123.0));
        assert_eq!(first_number("1,866,853 册"), Some(1866853.0));
        assert_eq!(first_number("多"), None);
    }
}
