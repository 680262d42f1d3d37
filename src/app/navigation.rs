//! Moving in the panes of each view and going to items: the outline, the dashboard's
//! cards and chapters, the lists and their details, and opening any item where it shows.

use super::document::{Anchor, Highlight};
use super::{Action, App, Pane, Scrolled, View, layout, outline};
use crate::model::{ItemRef, Location, Report};

impl App {
    /// Panes of the current view, in Tab order (the outline only where there is room or
    /// when it is all that fits).
    pub(super) fn panes(&self) -> Vec<Pane> {
        match self.view {
            View::Schools | View::Cases => vec![Pane::Outline, Pane::Main, Pane::Detail],
            _ => vec![Pane::Outline, Pane::Main],
        }
    }

    pub(super) fn cycle_pane(&mut self, forward: bool) {
        let panes = self.panes();
        let at = panes.iter().position(|&p| p == self.pane).unwrap_or(0);
        let next = if forward {
            (at + 1) % panes.len()
        } else {
            (at + panes.len() - 1) % panes.len()
        };
        self.pane = panes[next];
    }

    pub(super) fn move_in_pane(&mut self, motion: Action) {
        match (self.pane, self.view) {
            (Pane::Outline, _) => self.move_in_outline(motion),
            (_, View::Reader) => self.scroll_reader(motion),
            (_, View::Dashboard) => self.move_in_dashboard(motion),
            (_, View::Indicators) => self.move_in_indicators(motion),
            (Pane::Main, View::Schools) => self.move_in_list(motion, View::Schools),
            (Pane::Main, View::Cases) => self.move_in_list(motion, View::Cases),
            (Pane::Detail, View::Schools) => self.move_in_school_detail(motion),
            (Pane::Detail, View::Cases) => self.move_in_case_text(motion),
        }
    }

    /// Steps for a motion in a list: (delta, jump to an end).
    pub(super) fn step(motion: &Action, page: usize) -> Option<isize> {
        let page = page.max(1) as isize;
        Some(match motion {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => return None,
        })
    }

    pub(super) fn move_in_outline(&mut self, motion: Action) {
        let rows = self.outline.rows(self.report());
        let height = self.outline_height();
        if let Some(delta) = Self::step(&motion, height) {
            self.outline_rows.move_by(delta, rows.len(), height);
            if self.view == View::Reader
                && let Some(node) = rows.get(self.outline_rows.selected).cloned()
            {
                self.open_item(&node);
            }
            return;
        }
        let Some(node) = rows.get(self.outline_rows.selected).cloned() else {
            return;
        };
        match motion {
            Action::Right => {
                self.outline.set_open(&node, true);
            }
            Action::Left if !self.outline.set_open(&node, false) => {
                self.select_outline_parent(&rows, &node);
            }
            Action::Select => {
                self.outline.set_open(&node, true);
                self.jump(|app| app.open_item(&node));
                self.pane = Pane::Main;
            }
            _ => {}
        }
        let count = self.outline.rows(self.report()).len();
        self.outline_rows.move_by(0, count, height);
    }

    pub(super) fn select_outline_parent(&mut self, rows: &[ItemRef], node: &ItemRef) {
        let report = self.report();
        let depth = outline::depth(report, node);
        if depth == 0 {
            return;
        }
        if let Some(parent) = rows[..self.outline_rows.selected]
            .iter()
            .rposition(|n| outline::depth(report, n) < depth)
        {
            self.outline_rows.selected = parent;
        }
    }

    /// The dashboard as laid out now: its cards and chapter list.
    pub fn dashboard_layout(&self) -> layout::Dashboard {
        let body = self
            .areas()
            .map_or(ratatui::layout::Rect::ZERO, |a| layout::inner(a.content));
        let report = self.report();
        layout::Dashboard::for_body(
            body,
            report.card_indicators().len(),
            report.structure.chapters.len() as u16,
        )
    }

    /// On the dashboard, j/k (and h/l among the cards) go through the cards shown, then
    /// the chapters; Enter opens the card's figure or reads the chapter.
    pub(super) fn move_in_dashboard(&mut self, motion: Action) {
        let cards = self.dashboard_layout().cards.len();
        let count = cards + self.report().structure.chapters.len();
        let delta = match motion {
            Action::Left => Some(-1),
            Action::Right => Some(1),
            _ => Self::step(&motion, 5),
        };
        if let Some(delta) = delta {
            self.dashboard.move_by(delta, count, count);
        } else if motion == Action::Select {
            self.open_dashboard_item(self.dashboard.selected, cards);
        }
    }

    /// Opens the dashboard's item `index` (a card, then the chapters).
    pub(super) fn open_dashboard_item(&mut self, index: usize, cards: usize) {
        let report = self.report();
        if index < cards {
            if let Some(id) = report.card_indicators().get(index).map(|i| i.id.clone()) {
                self.jump(|app| app.select_indicator(&id));
            }
        } else if let Some(chapter) = report
            .structure
            .chapters
            .get(index - cards)
            .map(|c| c.number)
        {
            self.jump(|app| app.open_reader(chapter, None, None));
        }
    }

    pub(super) fn move_in_list(&mut self, motion: Action, view: View) {
        let count = match view {
            View::Schools => self.report().schools.len(),
            _ => self.report().structure.cases.len(),
        };
        let height = self.list_height(View::Schools);
        let list = if view == View::Schools {
            &mut self.schools
        } else {
            &mut self.cases
        };
        if let Some(delta) = Self::step(&motion, height) {
            list.move_by(delta, count, height);
            self.school_detail = Scrolled::default();
            self.case_scroll = 0;
        } else if matches!(motion, Action::Right | Action::Select) {
            self.pane = Pane::Detail;
        } else if motion == Action::Left {
            self.pane = Pane::Outline;
        }
    }

    pub(super) fn move_in_school_detail(&mut self, motion: Action) {
        let Some(school) = self.report().schools.get(self.schools.selected) else {
            return;
        };
        let mentions = school.mentions.clone();
        if let Some(delta) = Self::step(&motion, 5) {
            self.school_detail
                .move_by(delta, mentions.len(), mentions.len());
        } else if motion == Action::Select {
            if let Some(&paragraph) = mentions.get(self.school_detail.selected) {
                self.jump(|app| app.open_paragraph(paragraph, None));
            }
        } else if motion == Action::Left {
            self.pane = Pane::Main;
        }
    }

    pub(super) fn move_in_case_text(&mut self, motion: Action) {
        if let Some(delta) = Self::step(&motion, self.reader_height().saturating_sub(2)) {
            self.case_scroll = self.case_scroll.saturating_add_signed(delta).min(500);
        } else if motion == Action::Select {
            let case = self
                .report()
                .structure
                .cases
                .get(self.cases.selected)
                .map(|c| c.id.clone());
            if let Some(case) = case {
                self.jump(|app| app.open_item(&ItemRef::Case(case)));
            }
        } else if motion == Action::Left {
            self.pane = Pane::Main;
        }
    }

    /// Shows a view; entering the reader from elsewhere keeps its chapter and position.
    pub(super) fn show(&mut self, view: View) {
        self.view = view;
        if self.pane == Pane::Detail && !matches!(view, View::Schools | View::Cases) {
            self.pane = Pane::Main;
        }
    }

    /// Goes to an item: text items in the reader, schools and indicators in their views.
    pub fn open_item(&mut self, item: &ItemRef) {
        let report = &self.current;
        let s = &report.structure;
        match item {
            ItemRef::Preface => self.open_reader(0, None, None),
            ItemRef::Chapter(n) => {
                self.open_reader(*n, None, None);
                self.reader.scroll.insert(*n, 0);
            }
            ItemRef::Section(n) => {
                if let Some(section) = s.section(n) {
                    let chapter = section.chapter;
                    self.open_reader(chapter, Some(Anchor::Section(n.clone())), None);
                }
            }
            ItemRef::Case(n) => {
                if let Some(case) = s.case(n) {
                    let chapter = case.location.chapter;
                    self.open_reader(chapter, Some(Anchor::Case(n.clone())), None);
                }
            }
            ItemRef::Figure(n) => {
                if let Some(figure) = s.figure(n) {
                    let chapter = figure.location.chapter;
                    self.open_reader(chapter, Some(Anchor::Figure(n.clone())), None);
                }
            }
            ItemRef::Table(n) => {
                if let Some(table) = s.table(n) {
                    let chapter = table.location.chapter;
                    self.open_reader(chapter, Some(Anchor::Table(n.clone())), None);
                }
            }
            ItemRef::Footnote(n) => {
                if let Some(footnote) = s.footnote(*n) {
                    let chapter = footnote.location.chapter;
                    self.open_reader(chapter, Some(Anchor::Footnote(*n)), None);
                }
            }
            ItemRef::Paragraph(n) => self.open_paragraph(n.saturating_sub(1), None),
            ItemRef::School(id) => {
                if let Some(index) = report.schools.iter().position(|x| &x.id == id) {
                    self.view = View::Schools;
                    self.pane = Pane::Main;
                    let height = self.list_height(View::Schools);
                    self.schools = Scrolled {
                        selected: index,
                        offset: 0,
                    };
                    self.schools.keep_visible(height);
                    self.school_detail = Scrolled::default();
                }
            }
            ItemRef::Indicator(id) => self.select_indicator(id),
            ItemRef::Breakdown(id) => {
                if let Some(member) = report
                    .breakdown(id)
                    .and_then(|b| b.members.first())
                    .cloned()
                {
                    self.select_indicator(&member);
                }
            }
            ItemRef::Partner(id) => {
                if let Some(&paragraph) = report.partner(id).and_then(|p| p.mentions.first()) {
                    self.open_paragraph(paragraph, None);
                }
            }
        }
    }

    pub(super) fn keep_selections_visible(&mut self) {
        let (outline, list) = (self.outline_height(), self.list_height(View::Schools));
        self.outline_rows.keep_visible(outline);
        self.schools.keep_visible(list);
        self.cases.keep_visible(list);
        let table = self.list_height(View::Indicators);
        self.indicator_rows.keep_visible(table);
        let document = self.layout_reader();
        let line = self.reader_scroll();
        self.set_reader_scroll(line, &document);
    }
}

/// Finds a sentence in the paragraphs at a location, ignoring whitespace; returns the
/// paragraph and the sentence's character range for highlighting.
pub(super) fn find_sentence(
    report: &Report,
    sentence: &str,
    location: &Location,
) -> Option<Highlight> {
    report
        .structure
        .paragraphs
        .iter()
        .filter(|p| &p.location == location)
        .find_map(|paragraph| {
            let chars = crate::text::find_ignoring_whitespace(&paragraph.text, sentence)?;
            Some(Highlight {
                paragraph: paragraph.index,
                chars,
            })
        })
}
