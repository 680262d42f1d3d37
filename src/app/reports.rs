//! Which report of the dataset the explorer shows, and going to another one (from a
//! finder hit in another report).

use std::cell::RefCell;

use super::indicators::IndicatorTable;
use super::outline::Outline;
use super::{App, Pane, Reader, Scrolled, View};
use crate::model::Report;

impl App {
    /// Every report of the dataset.
    pub fn reports(&self) -> &[Report] {
        &self.dataset.reports
    }

    /// The index of the current report in the dataset.
    pub fn report_index(&self) -> usize {
        self.report
    }

    /// Makes another report the current one, its views as at start-up. Back and forward
    /// are cleared: their places belong to the report that was left.
    pub(super) fn switch_report(&mut self, report: usize) {
        if report == self.report || report >= self.dataset.reports.len() {
            return;
        }
        self.report = report;
        let current = &self.dataset.reports[report];
        self.indicators = IndicatorTable::new(current);
        self.reader = Reader {
            chapter: current.structure.chapters.first().map_or(0, |c| c.number),
            ..Reader::default()
        };
        self.document_cache = RefCell::new(None);
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
    }
}
