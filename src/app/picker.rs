//! The report picker (`R`): the dataset's reports by region and year, narrowed as you type
//! (pinyin works, as in the finder); Enter makes the chosen one the current report.

use super::text_input::TextInput;
use super::{Action, App};
use crate::dataset::Catalog;
use crate::model::ReportMeta;
use crate::search::{MatchText, Query, Reach, Scratch};

/// The picker's query, the reports it shows and the one chosen.
#[derive(Debug, Clone, Default)]
pub struct ReportPicker {
    pub input: TextInput,
    /// Every report (its index in the dataset and its text prepared for matching, once
    /// rather than on every keystroke), by region and year.
    order: Vec<(usize, Option<MatchText>)>,
    /// Those the query matches, in the same order.
    pub shown: Vec<usize>,
    pub selected: usize,
}

impl ReportPicker {
    /// A picker over the dataset's reports (their metadata: none is loaded for it), the
    /// current one (`current`) chosen.
    pub fn new(reports: &Catalog, current: usize) -> ReportPicker {
        let shown = crate::dataset::by_place(reports.metas().enumerate());
        let selected = shown.iter().position(|&i| i == current).unwrap_or(0);
        let order = shown
            .iter()
            .map(|&i| {
                (
                    i,
                    reports.meta(i).map(|m| MatchText::new(&searched_text(m))),
                )
            })
            .collect();
        ReportPicker {
            input: TextInput::default(),
            order,
            shown,
            selected,
        }
    }

    /// Shows the reports the query matches (all for an empty one), the first chosen.
    fn refilter(&mut self) {
        let query = Query::new(&self.input.text());
        let mut scratch = Scratch::default();
        self.shown = self
            .order
            .iter()
            .filter(|(_, text)| {
                query.is_empty()
                    || text.as_ref().is_some_and(|text| {
                        query
                            .match_reach(text, Reach::Title, &mut scratch)
                            .is_some()
                    })
            })
            .map(|&(i, _)| i)
            .collect();
        self.selected = 0;
    }

    /// The dataset index of the chosen report.
    pub fn chosen(&self) -> Option<usize> {
        self.shown.get(self.selected).copied()
    }
}

/// What the query is matched against: the region, its level and years, the title, the
/// English region and the id.
fn searched_text(meta: &ReportMeta) -> String {
    format!(
        "{} {} {} {} {} {} {}",
        meta.region,
        meta.level.map_or("", |l| l.name_zh()),
        meta.calendar_year,
        meta.school_year,
        meta.title,
        meta.region_en,
        meta.id
    )
}

impl App {
    /// Keys while the picker is open: typing narrows it, ↑↓ choose, Enter opens the
    /// chosen report, Esc closes.
    pub(super) fn apply_picker(&mut self, action: Action) {
        match action {
            Action::Escape => self.picker = None,
            Action::Type(_) | Action::Paste(_) | Action::Edit(_) => {
                let changed = self.edit_text(action, |app| {
                    &mut app.picker.as_mut().expect("the picker is open").input
                });
                if changed && let Some(picker) = self.picker.as_mut() {
                    picker.refilter();
                }
            }
            Action::Up | Action::Down => {
                if let Some(picker) = self.picker.as_mut() {
                    let last = picker.shown.len().saturating_sub(1);
                    picker.selected = if action == Action::Up {
                        picker.selected.saturating_sub(1)
                    } else {
                        (picker.selected + 1).min(last)
                    };
                }
            }
            Action::Select => {
                if let Some(report) = self.picker.as_ref().and_then(ReportPicker::chosen) {
                    self.picker = None;
                    self.switch_report(report);
                }
            }
            _ => {}
        }
    }
}
