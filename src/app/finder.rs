//! The finder popup: a query being typed, a kind filter, and the live hits of the search
//! module for the current report.

use super::text_input::TextInput;
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
    pub input: TextInput,
    pub kind: usize,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// The hits are for an older query or kind (refreshed once per batch of input).
    pub stale: bool,
}

impl Finder {
    pub fn kind(&self) -> Option<SearchKind> {
        KINDS[self.kind]
    }

    pub fn cycle_kind(&mut self, forward: bool) {
        let count = KINDS.len();
        self.kind = if forward {
            (self.kind + 1) % count
        } else {
            (self.kind + count - 1) % count
        };
        self.stale = true;
    }

    /// Reruns the search if the query or kind changed; hits of other reports than
    /// `report` are left out.
    pub fn refresh(&mut self, index: &SearchIndex, report: usize) {
        if !self.stale {
            return;
        }
        self.hits = index
            .search(&self.input.text(), self.kind(), MAX_HITS)
            .into_iter()
            .filter(|hit| index.entry(hit).report == report)
            .collect();
        self.selected = 0;
        self.stale = false;
    }
}
