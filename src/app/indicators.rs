//! The indicators table: which rows show (chapter and text filters) and in what order.

use std::cmp::Ordering;

use super::text_input::TextInput;
use crate::model::{Indicator, Report};
use crate::search::{MatchText, Query, Scratch};

/// The table's columns, in order; sorting cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Value,
    Unit,
    Period,
    Section,
}

impl Column {
    pub const ALL: [Column; 5] = [
        Column::Name,
        Column::Value,
        Column::Unit,
        Column::Period,
        Column::Section,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Value => "value",
            Column::Unit => "unit",
            Column::Period => "period",
            Column::Section => "sec.",
        }
    }

    fn next(self) -> Column {
        let index = Column::ALL.iter().position(|&c| c == self).unwrap_or(0);
        Column::ALL[(index + 1) % Column::ALL.len()]
    }
}

/// Sort, filters, selection, and the rows they give (indexes into the report's indicators).
#[derive(Debug, Clone)]
pub struct IndicatorTable {
    pub sort: Column,
    pub descending: bool,
    pub chapter: Option<u32>,
    pub filter: TextInput,
    pub editing: bool,
    pub selected: usize,
    pub rows: Vec<usize>,
}

impl IndicatorTable {
    pub fn new(report: &Report) -> Self {
        let mut table = IndicatorTable {
            sort: Column::Section,
            descending: false,
            chapter: None,
            filter: TextInput::default(),
            editing: false,
            selected: 0,
            rows: Vec::new(),
        };
        table.refresh(report);
        table
    }

    pub fn sort_next(&mut self, report: &Report) {
        self.sort = self.sort.next();
        self.descending = false;
        self.refresh(report);
    }

    pub fn reverse(&mut self, report: &Report) {
        self.descending = !self.descending;
        self.refresh(report);
    }

    /// All chapters, then each chapter that has indicators, then all again.
    pub fn next_chapter(&mut self, report: &Report) {
        let mut chapters: Vec<u32> = report
            .indicators
            .iter()
            .map(|i| i.location.chapter)
            .collect();
        chapters.sort_unstable();
        chapters.dedup();
        self.chapter = match self.chapter {
            None => chapters.first().copied(),
            Some(current) => chapters.into_iter().find(|&c| c > current),
        };
        self.refresh(report);
    }

    /// Recomputes the rows, keeping the selected indicator selected when it still shows.
    pub fn refresh(&mut self, report: &Report) {
        let kept = self.rows.get(self.selected).copied();
        let query = Query::new(&self.filter.text());
        let mut scratch = Scratch::default();
        // Compact matches only: a scattered subsequence of a long English name says nothing.
        let mut matches = |indicator: &Indicator| {
            query.is_empty()
                || [
                    &indicator.name,
                    &indicator.name_en,
                    &indicator.id,
                    &indicator.value_text,
                ]
                .iter()
                .any(|text| {
                    query
                        .match_text(&MatchText::new(text), true, &mut scratch)
                        .is_some()
                })
        };
        let mut rows: Vec<usize> = (0..report.indicators.len())
            .filter(|&i| {
                self.chapter
                    .is_none_or(|c| report.indicators[i].location.chapter == c)
            })
            .filter(|&i| matches(&report.indicators[i]))
            .collect();
        rows.sort_by(|&a, &b| {
            let order =
                compare(&report.indicators[a], &report.indicators[b], self.sort).then(a.cmp(&b));
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
        self.rows = rows;
        self.selected = kept
            .and_then(|k| self.rows.iter().position(|&r| r == k))
            .unwrap_or(0)
            .min(self.rows.len().saturating_sub(1));
    }

    pub fn selected_indicator<'r>(&self, report: &'r Report) -> Option<&'r Indicator> {
        self.rows.get(self.selected).map(|&i| &report.indicators[i])
    }

    /// Selects an indicator, clearing filters that would hide it.
    pub fn select_indicator(&mut self, report: &Report, id: &str) {
        let Some(index) = report.indicators.iter().position(|i| i.id == id) else {
            return;
        };
        if !self.rows.contains(&index) {
            self.chapter = None;
            self.filter.clear();
            self.refresh(report);
        }
        self.selected = self.rows.iter().position(|&r| r == index).unwrap_or(0);
    }
}

fn compare(a: &Indicator, b: &Indicator, column: Column) -> Ordering {
    match column {
        Column::Name => a.name.cmp(&b.name),
        Column::Value => a.value.total_cmp(&b.value),
        Column::Unit => a.unit.cmp(&b.unit),
        Column::Period => a
            .period_year()
            .cmp(&b.period_year())
            .then_with(|| a.period.cmp(&b.period)),
        Column::Section => section_key(a).cmp(&section_key(b)),
    }
}

/// Sections in reading order: `2.10` after `2.9`.
fn section_key(indicator: &Indicator) -> (u32, u32) {
    let section = indicator
        .location
        .section
        .as_deref()
        .and_then(|s| s.split('.').nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (indicator.location.chapter, section)
}
