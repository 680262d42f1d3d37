//! The indicators table: which rows show (chapter and text filters) and in what order;
//! its keys (sorting, filtering, going to a figure's source sentence).

use std::cmp::Ordering;
use std::collections::HashMap;

use super::navigation::find_sentence;
use super::text_input::TextInput;
use super::{Action, App, Pane, View};
use crate::model::{Indicator, ItemRef, Report};
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

    /// Sorts by a column; the column already sorted by reverses its order (a click on a
    /// column header).
    pub fn sort_by(&mut self, column: Column, report: &Report) {
        if self.sort == column {
            self.descending = !self.descending;
        } else {
            self.sort = column;
            self.descending = false;
        }
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
        // Names and units sort as Chinese readers expect: by pinyin, numbers by value
        // (第一 < 第二 < 第三, 2 < 10); the keys are made once, not per comparison.
        let keys: HashMap<usize, Vec<SortPart>> = match self.sort {
            Column::Name | Column::Unit => rows
                .iter()
                .map(|&i| {
                    let indicator = &report.indicators[i];
                    let text = if self.sort == Column::Name {
                        &indicator.name
                    } else {
                        &indicator.unit
                    };
                    (i, collation_key(text))
                })
                .collect(),
            _ => HashMap::new(),
        };
        rows.sort_by(|&a, &b| {
            let order = match (keys.get(&a), keys.get(&b)) {
                (Some(x), Some(y)) => x.cmp(y),
                _ => compare(&report.indicators[a], &report.indicators[b], self.sort),
            }
            .then(a.cmp(&b));
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

/// Column widths for the indicator table: units as wide as the widest (万平方米 whole),
/// the name takes what the others leave.
pub fn column_widths(width: usize, report: &Report) -> [usize; 5] {
    let value = 9;
    let period = 9;
    let section = 6;
    // On a narrow table the name keeps six columns and the unit gives way first.
    let room = width.saturating_sub(value + period + section + 5 + 6);
    let unit = report
        .indicators
        .iter()
        .map(|i| crate::text::display_width(&i.unit))
        .max()
        .unwrap_or(4)
        .clamp(4, 10)
        .min(room.max(2));
    let name = width
        .saturating_sub(value + unit + period + section + 5)
        .max(6);
    [name, value, unit, period, section]
}

/// One piece of a sort key: a number (Arabic or Chinese numerals) sorts before a word
/// and by value; a word by its pinyin.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortPart {
    Number(u64),
    Word(String),
}

/// The key that sorts a text in pinyin order with numbers by value.
pub fn collation_key(text: &str) -> Vec<SortPart> {
    let normalized = crate::text::normalize(text);
    let mut parts = Vec::new();
    let mut chars = normalized.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut value: u64 = 0;
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u64::from(d as u8 - b'0'));
            }
            parts.push(SortPart::Number(value));
        } else if chinese_numeral(c).is_some() {
            let mut run = String::new();
            while let Some(n) = chars.next_if(|&n| chinese_numeral(n).is_some()) {
                run.push(n);
            }
            parts.push(SortPart::Number(chinese_number(&run)));
        } else {
            let mut run = String::new();
            while let Some(w) =
                chars.next_if(|&w| !w.is_ascii_digit() && chinese_numeral(w).is_none())
            {
                run.push(w);
            }
            let romanized = crate::search::romanize(&run).to_lowercase();
            parts.push(SortPart::Word(romanized));
        }
    }
    parts
}

/// The value of a Chinese numeral character: digits, or units as powers of ten.
fn chinese_numeral(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

/// A run of Chinese numerals as a number: 十一 11, 二十三 23, 一百零五 105, 三万 30000.
fn chinese_number(run: &str) -> u64 {
    let (mut total, mut section, mut digit) = (0u64, 0u64, 0u64);
    for c in run.chars() {
        match chinese_numeral(c).unwrap_or(0) {
            n @ 0..=9 => digit = n,
            10_000 => {
                total = total.saturating_add((section + digit).saturating_mul(10_000));
                section = 0;
                digit = 0;
            }
            unit => {
                section = section.saturating_add(digit.max(1).saturating_mul(unit));
                digit = 0;
            }
        }
    }
    total.saturating_add(section).saturating_add(digit)
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

impl App {
    pub(super) fn apply_indicator_control(&mut self, action: Action) {
        let report = &self.current;
        match action {
            Action::SortNext => self.indicators.sort_next(report),
            Action::SortReverse => self.indicators.reverse(report),
            Action::NextChapterFilter => self.indicators.next_chapter(report),
            _ => self.indicators.editing = true,
        }
        self.sync_indicator_rows();
    }

    pub(super) fn apply_filter_edit(&mut self, action: Action) {
        match action {
            Action::Type(_) | Action::Paste(_) | Action::Edit(_) => {
                if !self.edit_text(action, |app| &mut app.indicators.filter) {
                    return;
                }
            }
            Action::Select => self.indicators.editing = false,
            Action::Escape => {
                self.indicators.filter.clear();
                self.indicators.editing = false;
            }
            _ => return,
        }
        self.refresh_indicators();
    }

    pub(super) fn refresh_indicators(&mut self) {
        let report = &self.current;
        self.indicators.refresh(report);
        self.sync_indicator_rows();
    }

    pub(super) fn sync_indicator_rows(&mut self) {
        self.indicator_rows.selected = self.indicators.selected;
        let height = self.list_height(View::Indicators);
        self.indicator_rows.keep_visible(height);
    }

    pub(super) fn move_in_indicators(&mut self, motion: Action) {
        let height = self.list_height(View::Indicators);
        if let Some(delta) = Self::step(&motion, height) {
            self.indicator_rows
                .move_by(delta, self.indicators.rows.len(), height);
            self.indicators.selected = self.indicator_rows.selected;
        } else if motion == Action::Select {
            self.jump_to_source();
        }
    }

    pub(super) fn select_indicator(&mut self, id: &str) {
        let report = &self.current;
        self.indicators.select_indicator(report, id);
        self.view = View::Indicators;
        self.pane = Pane::Main;
        self.sync_indicator_rows();
    }

    /// Opens the reader at the selected indicator's source sentence, highlighted.
    pub(super) fn jump_to_source(&mut self) {
        let report = &self.current;
        let Some(indicator) = self.indicators.selected_indicator(report) else {
            return;
        };
        let location = indicator.location.clone();
        match find_sentence(report, &indicator.source, &location) {
            Some(highlight) => {
                let paragraph = highlight.paragraph;
                self.jump(|app| app.open_paragraph(paragraph, Some(highlight)));
            }
            None => {
                let table = report
                    .structure
                    .tables
                    .iter()
                    .find(|t| t.location == location)
                    .map(|t| ItemRef::Table(t.number.clone()));
                if let Some(table) = table {
                    self.jump(|app| app.open_item(&table));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_pinyin_with_numbers_by_value() {
        let mut names = vec![
            "第三产业专业布点数",
            "第一产业专业布点数",
            "第二产业专业布点数",
            "专业数",
            "2022学年招生",
            "10项",
            "毕业生数",
        ];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(
            names,
            [
                "10项",
                "2022学年招生",
                "毕业生数",
                "第一产业专业布点数",
                "第二产业专业布点数",
                "第三产业专业布点数",
                "专业数",
            ]
        );
        assert_eq!(chinese_number("二十三"), 23);
        assert_eq!(chinese_number("一百零五"), 105);
        assert_eq!(chinese_number("十一"), 11);
        assert_eq!(chinese_number("三万"), 30_000);
    }
}
