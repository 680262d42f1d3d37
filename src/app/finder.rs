//! The finder popup: a query being typed, a kind filter, and the live hits of the search
//! module for the current report.

use crate::search::{Hit, SearchIndex, SearchKind};

/// The kinds the finder cycles through with Tab (`None` is every kind).
pub const KINDS: [Option<SearchKind>; 8] = [
    None,
    Some(SearchKind::Section),
    Some(SearchKind::Case),
    Some(SearchKind::School),
    Some(SearchKind::Indicator),
    Some(SearchKind::Figure),
    Some(SearchKind::Table),
    Some(SearchKind::Paragraph),
];

const MAX_HITS: usize = 200;

#[derive(Debug, Clone, Default)]
pub struct Finder {
    pub input: String,
    /// The caret, as a character index into `input`.
    pub cursor: usize,
    pub kind: usize,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

impl Finder {
    pub fn kind(&self) -> Option<SearchKind> {
        KINDS[self.kind]
    }

    pub fn type_char(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.input.insert(at, c);
        self.cursor += 1;
    }

    pub fn delete_back(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.input.remove(at);
        }
    }

    pub fn move_cursor(&mut self, delta: isize) {
        let length = self.input.chars().count();
        self.cursor = self.cursor.saturating_add_signed(delta).min(length);
    }

    pub fn cycle_kind(&mut self, forward: bool) {
        let count = KINDS.len();
        self.kind = if forward {
            (self.kind + 1) % count
        } else {
            (self.kind + count - 1) % count
        };
    }

    /// Reruns the search; hits of other reports than `report` are left out.
    pub fn refresh(&mut self, index: &SearchIndex, report: usize) {
        self.hits = index
            .search(&self.input, self.kind(), MAX_HITS)
            .into_iter()
            .filter(|hit| index.entry(hit).report == report)
            .collect();
        self.selected = 0;
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.input
            .char_indices()
            .nth(chars)
            .map_or(self.input.len(), |(i, _)| i)
    }
}
