//! The finder popup: a query being typed, a kind filter, which reports to search, and the
//! live hits of the search module.

use super::text_input::TextInput;
use crate::search::{Hit, SearchIndex, SearchKind};

/// The kinds the finder cycles through with Tab (`None` is every kind).
pub const KINDS: [Option<SearchKind>; 9] = [
    None,
    Some(SearchKind::Section),
    Some(SearchKind::Case),
    Some(SearchKind::School),
    Some(SearchKind::Partner),
    Some(SearchKind::Indicator),
    Some(SearchKind::Figure),
    Some(SearchKind::Table),
    Some(SearchKind::Paragraph),
];

/// At most this many hits are listed.
pub const MAX_HITS: usize = 200;

#[derive(Debug, Clone, Default)]
pub struct Finder {
    pub input: TextInput,
    pub kind: usize,
    /// Search every report of the dataset, not only the current one.
    pub all_reports: bool,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// The hits are for an older query, kind or scope (refreshed once per batch of input).
    pub stale: bool,
    /// The hits are in every report's index, not the current report's.
    pub searched_all: bool,
    /// A search of every report is under way in the background: the hits shown are an
    /// earlier query's.
    pub searching: bool,
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

    /// Searches every report, or the current one again.
    pub fn toggle_reports(&mut self) {
        self.all_reports = !self.all_reports;
        self.stale = true;
    }

    /// Reruns the search if the query, kind or scope changed: in `index`, which holds
    /// every report if `all` (then all are searched) or the report `report` (an index in
    /// the dataset). The report is chosen before the hits are ranked and cut to
    /// [`MAX_HITS`], so a dataset of many reports cannot crowd out the current one's hits.
    pub fn refresh(&mut self, index: &SearchIndex, report: usize, all: bool) {
        if !self.stale {
            return;
        }
        let scope = (!all).then_some(report);
        self.show(
            index.search_in(scope, &self.input.text(), self.kind(), MAX_HITS),
            all,
        );
        self.stale = false;
        // A background search still under way is for the other scope now.
        self.searching = false;
    }

    /// Shows hits of every report's index (`all`) or the current report's.
    pub fn show(&mut self, hits: Vec<Hit>, all: bool) {
        self.hits = hits;
        self.searched_all = all;
        self.selected = 0;
    }
}
