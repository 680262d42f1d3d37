//! The Compare view (`C`): a concept across regions for a year or across years for a
//! region, or the current report beside another on the concepts both map.

use super::{Action, App};
use crate::compare::{self, Row};
use crate::concepts::Concept;
use std::sync::Arc;

use crate::dataset::{Catalog, by_place};
use crate::model::Report;
use crate::parallel::parallel_map;

/// What the Compare view draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chart {
    /// One concept, one year, a bar per region.
    #[default]
    AcrossRegions,
    /// One concept, one region, a bar per year.
    AcrossYears,
    /// Two reports, a pair of bars per concept both map.
    SideBySide,
}

impl Chart {
    pub const ALL: [Chart; 3] = [Chart::AcrossRegions, Chart::AcrossYears, Chart::SideBySide];

    pub fn title(self) -> &'static str {
        match self {
            Chart::AcrossRegions => "across regions",
            Chart::AcrossYears => "across years",
            Chart::SideBySide => "side by side",
        }
    }

    fn step(self, forward: bool) -> Chart {
        let at = Chart::ALL.iter().position(|&c| c == self).unwrap_or(0);
        Chart::ALL[cycle(at, Chart::ALL.len(), forward)]
    }
}

/// The Compare view's state: which chart, concept, year, region and other report.
#[derive(Debug, Clone, Default)]
pub struct ComparePanel {
    pub open: bool,
    pub chart: Chart,
    /// The concepts some report of the dataset maps (fixed while the view is open).
    pub concepts: Vec<&'static Concept>,
    /// Which of them is shown.
    pub concept: usize,
    /// The calendar year compared across regions.
    pub year: String,
    /// The region compared across years.
    pub region: String,
    /// The report set beside the current one (an index in the dataset).
    pub other: usize,
    /// What the view compares of every report of the dataset, by its index: read once,
    /// when the view first opens (`None` for a report that does not load).
    pub reports: Vec<Option<Arc<Report>>>,
    /// The indices of those that load, by region and year: sorted once, when the view
    /// opens, since the sort key romanizes every region.
    pub place_order: Vec<usize>,
    /// Opening asked for and waiting for every report to be read, which
    /// [`App::settle`] does after a frame that says so.
    pub reading: bool,
    /// The first concept shown side by side.
    pub scroll: usize,
}

impl ComparePanel {
    pub fn concept(&self) -> Option<&'static Concept> {
        self.concepts.get(self.concept).copied()
    }
}

/// The next (or previous) of `count` positions, wrapping.
fn cycle(at: usize, count: usize, forward: bool) -> usize {
    match count {
        0 => 0,
        _ if forward => (at + 1) % count,
        _ => (at + count - 1) % count,
    }
}

/// The value after (or before) `current` in `values`; the first when it is not there.
fn step_value(values: &[String], current: &str, forward: bool) -> Option<String> {
    let next = match values.iter().position(|v| v == current) {
        Some(at) => cycle(at, values.len(), forward),
        None => 0,
    };
    values.get(next).cloned()
}

impl App {
    /// Opens the Compare view on the concept of the focused indicator (else the first),
    /// the current report's year and region, and the report after it by region and year.
    pub(super) fn open_compare(&mut self) {
        let unread = self.compare.reports.len() != self.catalog().len();
        if unread && self.announce_slow_work && self.catalog().len() > 1 {
            // Reading every report takes seconds for a large collection: `settle` says so
            // in a frame first, then opens the view.
            self.compare.reading = true;
        } else {
            self.open_compare_now();
        }
    }

    /// Opens the Compare view asked for, once every report may be read.
    pub(super) fn settle_compare(&mut self) {
        if self.compare.reading && self.slow_work_may_run("figures") {
            self.compare.reading = false;
            self.open_compare_now();
        }
    }

    fn open_compare_now(&mut self) {
        if self.compare.reports.len() != self.catalog().len() {
            self.compare.reports = comparable_reports(self.catalog());
        }
        self.compare.place_order = loaded_by_place(self.catalog(), &self.compare.reports);
        let concepts = compare::mapped_concepts(self.compared());
        let focused = self.focused_item().and_then(|item| match item {
            crate::model::ItemRef::Indicator(id) => self
                .report()
                .indicators
                .iter()
                .find(|i| i.id == id)
                .and_then(|i| i.concept.clone()),
            _ => None,
        });
        let concept = focused
            .and_then(|id| concepts.iter().position(|c| c.id == id))
            .unwrap_or(0);
        let meta = &self.report().meta;
        self.compare = ComparePanel {
            open: true,
            chart: self.compare.chart,
            concepts,
            concept,
            year: meta.calendar_year.clone(),
            region: meta.region.clone(),
            other: self.neighbour_report(true),
            scroll: 0,
            reports: std::mem::take(&mut self.compare.reports),
            place_order: std::mem::take(&mut self.compare.place_order),
            reading: false,
        };
    }

    /// The report after (or before) the one set beside the current one, by region and
    /// year, skipping the current one; the current one when it is the only report.
    fn neighbour_report(&self, forward: bool) -> usize {
        let order = &self.compare.place_order;
        let from = if self.compare.open {
            self.compare.other
        } else {
            self.report
        };
        let mut at = order.iter().position(|&i| i == from).unwrap_or(0);
        for _ in 0..order.len() {
            at = cycle(at, order.len(), forward);
            if order[at] != self.report {
                return order[at];
            }
        }
        self.report
    }

    /// Every figure of the concept shown, in every report.
    pub fn compare_rows(&self) -> Vec<Row<'_>> {
        self.compare.concept().map_or_else(Vec::new, |c| {
            let by_place = self.compare.place_order.iter();
            let reports = by_place.filter_map(|&i| self.compare.reports.get(i)?.as_deref());
            compare::rows_in_order(reports, &c.id)
        })
    }

    /// The reports the view compares: every one that loads.
    fn compared(&self) -> impl Iterator<Item = &Report> {
        self.compare.reports.iter().flatten().map(Arc::as_ref)
    }

    /// The report set beside the current one (what of it compare reads); `None` when
    /// that is the current one, the only report.
    pub fn compare_other(&self) -> Option<&Report> {
        if self.compare.other == self.report_index() {
            return None;
        }
        self.compare
            .reports
            .get(self.compare.other)
            .and_then(Option::as_deref)
    }

    /// Keys while the Compare view is open: ↑↓ the concept (side by side: scroll), ←→
    /// the year, the region or the other report, Tab the chart, Esc or C closes.
    pub(super) fn apply_compare(&mut self, action: Action) {
        match action {
            Action::Escape | Action::ToggleCompare | Action::Back => self.compare.open = false,
            Action::NextPane | Action::PreviousPane => {
                self.compare.chart = self.compare.chart.step(action == Action::NextPane);
            }
            Action::Up | Action::Down if self.compare.chart == Chart::SideBySide => {
                let count = self
                    .compare_other()
                    .map_or(0, |other| compare::shared(self.report(), other).len());
                self.compare.scroll = if action == Action::Up {
                    self.compare.scroll.saturating_sub(1)
                } else {
                    (self.compare.scroll + 1).min(count.saturating_sub(1))
                };
            }
            Action::Up | Action::Down => {
                let count = self.compare.concepts.len();
                self.compare.concept = cycle(self.compare.concept, count, action == Action::Down);
            }
            Action::Left | Action::Right => self.step_compared(action == Action::Right),
            _ => {}
        }
    }

    /// ←→: the next year, region or other report.
    fn step_compared(&mut self, forward: bool) {
        match self.compare.chart {
            Chart::AcrossRegions => {
                let years = compare::years(&self.compare_rows());
                if let Some(year) = step_value(&years, &self.compare.year, forward) {
                    self.compare.year = year;
                }
            }
            Chart::AcrossYears => {
                let regions = compare::regions(&self.compare_rows());
                if let Some(region) = step_value(&regions, &self.compare.region, forward) {
                    self.compare.region = region;
                }
            }
            Chart::SideBySide => {
                self.compare.other = self.neighbour_report(forward);
                self.compare.scroll = 0;
            }
        }
    }
}

/// What compare reads of every report ([`compare::comparable`]), each report loaded on
/// both cores and dropped unless it was open already.
fn comparable_reports(catalog: &Catalog) -> Vec<Option<Arc<Report>>> {
    parallel_map(catalog.len(), |index| {
        catalog
            .report_once(index)
            .ok()
            .map(|report| Arc::new(compare::comparable(&report)))
    })
}

/// The indices of the reports that loaded, by region and year.
fn loaded_by_place(catalog: &Catalog, reports: &[Option<Arc<Report>>]) -> Vec<usize> {
    let loaded = |index: usize| matches!(reports.get(index), Some(Some(_)));
    by_place(catalog.metas().enumerate().filter(|(i, _)| loaded(*i)))
}
