//! Which report of the dataset the explorer shows, and going to another one (from a
//! finder hit in another report).

use std::sync::Arc;

use super::indicators::IndicatorTable;
use super::outline::Outline;
use super::{App, Pane, Reader, Scrolled, View};
use crate::dataset::Catalog;
use crate::search::SearchIndex;

impl App {
    /// Every report of the dataset: their metadata, each loaded on demand.
    pub fn catalog(&self) -> &Catalog {
        &self.dataset
    }

    /// The index of the current report in the dataset.
    pub fn report_index(&self) -> usize {
        self.report
    }

    /// Makes another report the current one, its views as at start-up; says why not in
    /// the status bar when it does not load. Back and forward are cleared: their places
    /// belong to the report that was left. Returns whether that report is shown.
    pub(super) fn switch_report(&mut self, report: usize) -> bool {
        if report == self.report {
            return true;
        }
        let current = match self.dataset.report(report) {
            Ok(current) => Arc::clone(current),
            Err(problems) => {
                self.notice = Some(cannot_open(&self.dataset, report, problems));
                return false;
            }
        };
        self.report = report;
        self.index = SearchIndex::of_report(report, &current);
        self.indicators = IndicatorTable::new(&current);
        self.audit = super::audit::AuditPanel::new(&current);
        self.reader = Reader {
            chapter: current.structure.chapters.first().map_or(0, |c| c.number),
            ..Reader::default()
        };
        self.document = None;
        self.view = View::Dashboard;
        self.pane = Pane::Main;
        self.outline = Outline::default();
        self.outline_rows = Scrolled::default();
        self.indicator_rows = Scrolled::default();
        self.schools = Scrolled::default();
        self.school_detail = Scrolled::default();
        self.cases = Scrolled::default();
        self.case_scroll = 0;
        self.dashboard = Scrolled::default();
        self.back.clear();
        self.forward.clear();
        self.current = current;
        true
    }
}

/// Why a report cannot be opened: its first problem, and where to see them all.
fn cannot_open(dataset: &Catalog, report: usize, problems: &[crate::dataset::Problem]) -> String {
    let id = dataset.meta(report).map_or("?", |m| m.id.as_str());
    match problems.first() {
        Some(first) => format!(
            "Cannot open {id}: {first}{} (nianbao check lists every problem)",
            match problems.len() {
                1 => String::new(),
                n => format!(", and {} more", n - 1),
            }
        ),
        None => format!("Cannot open {id}"),
    }
}
