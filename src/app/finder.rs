//! The finder popup: a query being typed, a kind filter, which reports to search, and the
//! live hits of the search module; its keys, and its search rerun once per batch of input.

use std::sync::Arc;

use super::text_input::TextInput;
use super::{Action, App};
use crate::dataset::Catalog;
use crate::model::{ItemRef, Report};
use crate::search::{Hit, MatchText, Query, Reach, Scratch, SearchIndex, SearchKind};

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

/// Gives the index of every report's titles that [`SearchIndex::titles_of_each`] would
/// make of the catalog's reports, without loading them, or `None` when it cannot (they
/// are loaded then).
pub type TitlesSource = Box<dyn FnOnce(&Catalog) -> Option<SearchIndex> + Send>;

/// At most this many hits are listed.
pub const MAX_HITS: usize = 200;

/// At most this many places are marked in each paragraph of the preview.
const MARKED_PLACES: usize = 50;

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
    /// The selected hit's item, as the preview shows it.
    pub preview: Option<Preview>,
}

/// The selected hit's item as the finder previews it, with where the query matches it:
/// made when the hits, the selection or the query change, so drawing only wraps it.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    /// What it was made for: the hit's report and item, and the query.
    made_for: Option<(usize, ItemRef, String)>,
    /// The hit's report no longer loads: nothing else is filled in.
    pub unavailable: bool,
    /// What the title line starts with: the item, after another report's id.
    pub prefix: String,
    /// The characters of the item's title that the query spells.
    pub title_match: Vec<usize>,
    /// The item's text, a line each, with the characters the query matches in it.
    pub paragraphs: Vec<(String, Vec<usize>)>,
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
            let stored = self.titles_source.take().and_then(|source| source(dataset));
            let every = stored.unwrap_or_else(|| {
                SearchIndex::titles_of_each(dataset.len(), |i| dataset.report_once(i).ok())
            });
            self.every_report = Some(Arc::new(every));
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
            Action::Click { column, row } => {
                self.click_finder(ratatui::layout::Position::new(column, row))
            }
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

    /// Makes the preview of the finder's selected hit, unless it is made already.
    pub(super) fn preview_selected_hit(&mut self) {
        let Some(finder) = &self.finder else {
            return;
        };
        let Some(hit) = finder.hits.get(finder.selected) else {
            if let Some(finder) = self.finder.as_mut() {
                finder.preview = None;
            }
            return;
        };
        let entry = self.index().entry(hit);
        let made_for = (entry.report, entry.item.clone(), finder.input.text());
        if finder
            .preview
            .as_ref()
            .is_some_and(|p| p.made_for.as_ref() == Some(&made_for))
        {
            return;
        }
        // Another report's hit (the finder searching every report) loads that report.
        let preview = match self.dataset.report(entry.report) {
            Err(_) => Preview {
                made_for: Some(made_for),
                unavailable: true,
                ..Preview::default()
            },
            Ok(report) => {
                let query = Query::new(&made_for.2);
                let mut scratch = Scratch::default();
                let title_match = query
                    .match_reach(&MatchText::new(&entry.title), Reach::Title, &mut scratch)
                    .map(|m| m.positions)
                    .unwrap_or_default();
                let mut prefix = format!("{} ", entry.item);
                if entry.report != self.report {
                    prefix = format!("{} › {prefix}", report.meta.id);
                }
                let paragraphs = preview_text(report, &entry.item)
                    .lines()
                    .map(|line| {
                        let positions = query.every_match(line, MARKED_PLACES, &mut scratch);
                        (line.to_string(), positions)
                    })
                    .collect();
                Preview {
                    made_for: Some(made_for),
                    unavailable: false,
                    prefix,
                    title_match,
                    paragraphs,
                }
            }
        };
        if let Some(finder) = self.finder.as_mut() {
            finder.preview = Some(preview);
        }
    }
}

/// The text the finder previews for an item: a case's or paragraph's text, a figure's
/// value and source, a school's profile, a table's rows …
fn preview_text(report: &Report, item: &ItemRef) -> String {
    let s = &report.structure;
    match item {
        ItemRef::Case(n) => s.case(n).map(|c| {
            c.paragraphs
                .iter()
                .map(|&p| s.paragraphs[p].text.clone())
                .collect::<Vec<_>>()
                .join("\n")
        }),
        ItemRef::Paragraph(n) => s
            .paragraphs
            .get(n.saturating_sub(1))
            .map(|p| p.text.clone()),
        ItemRef::Indicator(id) => report.indicator(id).map(|i| {
            format!(
                "{}\n{}",
                joined(&[&i.display_value(), &i.period, &i.name_en]),
                i.source
            )
        }),
        ItemRef::School(id) => report.school(id).map(|x| {
            format!(
                "{}\n{}\n{}, {}",
                x.name_en,
                joined(&[&x.district, &x.kind]),
                counted(x.cases.len(), "case"),
                counted(x.mentions.len(), "mention")
            )
        }),
        ItemRef::Section(n) => s
            .paragraphs
            .iter()
            .find(|p| p.location.section.as_deref() == Some(n.as_str()))
            .map(|p| p.text.clone()),
        ItemRef::Chapter(n) => s
            .paragraphs
            .iter()
            .find(|p| p.location.chapter == *n)
            .map(|p| p.text.clone()),
        ItemRef::Table(n) => s.table(n).map(|t| {
            std::iter::once(&t.header)
                .chain(&t.rows)
                .map(|r| r.join("  "))
                .collect::<Vec<_>>()
                .join("\n")
        }),
        ItemRef::Footnote(n) => s.footnote(*n).map(|f| f.text.clone()),
        ItemRef::Partner(id) => report
            .partner(id)
            .map(|p| format!("{}\n{}", p.name_en, joined(&[&p.kind, &p.location]))),
        ItemRef::Figure(n) => s.figure(n).map(|f| format!("图{} {}", f.number, f.caption)),
        ItemRef::Preface | ItemRef::Breakdown(_) => None,
    }
    .unwrap_or_default()
}

/// The parts that are there, joined with ` · ` (an empty period leaves no `·  ·`).
fn joined(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `1 hit`, `2 hits`.
pub fn counted(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_words_read_right() {
        assert_eq!(counted(1, "hit"), "1 hit");
        assert_eq!(counted(0, "hit"), "0 hits");
        assert_eq!(
            joined(&["99.55%", "", "Graduate destination rate"]),
            "99.55% · Graduate destination rate"
        );
    }
}
