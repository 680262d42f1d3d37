//! The finder popup: a query being typed, a kind filter, which reports to search, and the
//! live hits of the search module; its keys, and its search rerun once per batch of input.

use std::sync::Arc;

use super::text_input::TextInput;
use super::{Action, App};
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

impl App {
    /// The index the finder's hits are in: the current report's, or every report's
    /// when the finder last searched them all.
    pub fn index(&self) -> &SearchIndex {
        match (&self.finder, &self.every_report) {
            (Some(finder), Some(every)) if finder.searched_all => every.as_ref(),
            _ => &self.index,
        }
    }

    /// Whether the finder asks for every report's index and it is not built yet.
    pub(super) fn wants_every_report(&self) -> bool {
        self.every_report.is_none()
            && self.dataset.len() > 1
            && self
                .finder
                .as_ref()
                .is_some_and(|f| f.all_reports && f.stale)
    }

    /// Reruns the finder's search if it is stale, in the scope it asks for; every
    /// report's index is built the first time it is needed (after a frame that says so,
    /// when [`App::announce_slow_work`] is set).
    pub(super) fn refresh_finder(&mut self) {
        if self.wants_every_report() {
            if !self.slow_work_may_run("titles") {
                return;
            }
            let dataset = &self.dataset;
            self.every_report = Some(Arc::new(SearchIndex::titles_of_each(dataset.len(), |i| {
                dataset.report_once(i).ok()
            })));
        }
        // With one report, its own index is every report's.
        let every_asked =
            self.dataset.len() > 1 && self.finder.as_ref().is_some_and(|f| f.all_reports);
        if every_asked && self.search_in_background() {
            return;
        }
        let (report, own) = (self.report, &self.index);
        if let Some(finder) = self.finder.as_mut() {
            match &self.every_report {
                Some(every) if every_asked => finder.refresh(every, report, true),
                _ => finder.refresh(own, report, false),
            }
        }
    }

    pub(super) fn apply_finder(&mut self, action: Action) {
        if self.finder.is_none() {
            return;
        }
        if matches!(
            action,
            Action::Up | Action::Down | Action::Select | Action::Click { .. }
        ) {
            // Choosing needs the hits of what was typed, even mid-burst.
            self.refresh_finder();
        }
        let Some(finder) = self.finder.as_mut() else {
            return;
        };
        match action {
            Action::Escape => self.finder = None,
            Action::Click { column, row } => self.click(column, row),
            Action::Type(_) | Action::Paste(_) | Action::Edit(_) => {
                let changed = self.edit_text(action, |app| {
                    &mut app.finder.as_mut().expect("the finder is open").input
                });
                if let Some(finder) = self.finder.as_mut() {
                    finder.stale |= changed;
                }
            }
            Action::NextKind | Action::PreviousKind => {
                finder.cycle_kind(action == Action::NextKind);
            }
            Action::ToggleReports => finder.toggle_reports(),
            Action::Up => finder.selected = finder.selected.saturating_sub(1),
            Action::Down => {
                finder.selected = (finder.selected + 1).min(finder.hits.len().saturating_sub(1))
            }
            Action::Select => self.choose_hit(),
            _ => {}
        }
    }

    /// Goes to the finder's selected hit. A hit in another report (the finder searching
    /// every report) opens it, if it still loads.
    pub(super) fn choose_hit(&mut self) {
        let Some(finder) = &self.finder else {
            return;
        };
        let target = finder.hits.get(finder.selected).map(|hit| {
            let entry = self.index().entry(hit);
            (entry.report, entry.item.clone())
        });
        if let Some((report, item)) = target
            && self.switch_report(report)
        {
            self.finder = None;
            self.jump(|app| app.open_item(&item));
        }
    }
}
