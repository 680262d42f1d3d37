//! Pointer input: a click selects the row under it and focuses its pane; the wheel
//! scrolls what is under the pointer.

use ratatui::layout::{Position, Rect};

use super::layout;
use super::{Action, App, Pane, View};

impl App {
    /// A click selects the row under it (in the outline or a list) and focuses its pane.
    pub(super) fn click(&mut self, column: u16, row: u16) {
        let Some(areas) = self.areas() else {
            return;
        };
        let position = Position::new(column, row);
        let inside = |area: Rect| layout::inner(area).contains(position);
        if areas.header.contains(position) {
            return self.click_tab(column);
        }
        if self.view == View::Dashboard && inside(areas.content) {
            return self.click_dashboard(position);
        }
        if self.view == View::Indicators && self.click_column_header(position) {
            return;
        }
        if inside(areas.outline) {
            self.pane = Pane::Outline;
            let clicked =
                self.outline_rows.offset + usize::from(row - layout::inner(areas.outline).y);
            let rows = self.outline.rows(self.report());
            if let Some(node) = rows.get(clicked).cloned() {
                self.outline_rows.selected = clicked;
                self.jump(|app| app.open_item(&node));
            }
            return;
        }
        let (list, detail) = layout::list_view_areas(areas.content, self.view);
        if matches!(self.view, View::Schools | View::Cases | View::Indicators) && inside(list) {
            self.pane = Pane::Main;
            let offset = match self.view {
                View::Schools => self.schools.offset,
                View::Cases => self.cases.offset,
                _ => self.indicator_rows.offset,
            };
            let header = usize::from(layout::list_header_rows(self.view));
            let clicked = (offset + usize::from(row - layout::inner(list).y)).checked_sub(header);
            if let Some(clicked) = clicked {
                self.select_list_row(clicked);
            }
        } else if inside(detail) || inside(areas.content) {
            self.pane = if matches!(self.view, View::Schools | View::Cases) {
                Pane::Detail
            } else {
                Pane::Main
            };
        }
    }

    /// A click on a hit in the finder jumps to it, as choosing it and Enter do (the
    /// finder's layer takes clicks first). Nothing when the screen is too small to draw
    /// the finder.
    pub(super) fn click_finder(&mut self, position: Position) {
        if self.areas().is_none() {
            return;
        }
        let screen = Rect::new(0, 0, self.size.0, self.size.1);
        let Some(regions) = layout::FinderAreas::for_screen(screen).regions else {
            return;
        };
        let Some(finder) = self.finder.as_mut() else {
            return;
        };
        if !regions.list.contains(position) {
            return;
        }
        let offset = layout::finder_offset(finder.selected, regions.list.height);
        let hit = offset + usize::from(position.y - regions.list.y);
        if hit < finder.hits.len() {
            finder.selected = hit;
            self.apply_one(Action::Select);
        }
    }

    /// A click on a tab shows its view, as its key does.
    fn click_tab(&mut self, column: u16) {
        let mut start = 0;
        for view in View::ALL {
            let end = start + crate::text::display_width(&self.tab_label(view));
            if (start..end).contains(&usize::from(column)) {
                self.apply_one(Action::ShowView(view));
                return;
            }
            start = end;
        }
    }

    /// A click on a card opens its figure; on a chapter row, reads the chapter.
    fn click_dashboard(&mut self, position: Position) {
        self.pane = Pane::Main;
        let layout = self.dashboard_layout();
        let cards = layout.cards.len();
        if let Some(card) = layout.cards.iter().position(|c| c.contains(position)) {
            self.dashboard.selected = card;
            self.open_dashboard_item(card, cards);
            return;
        }
        // The chapter list has a heading line, then a row per chapter.
        let row = usize::from(position.y.saturating_sub(layout.chapters.y));
        if layout.chapters.contains(position) && row >= 1 {
            let chapter = row - 1;
            if chapter < self.report().structure.chapters.len() {
                self.dashboard.selected = cards + chapter;
                self.open_dashboard_item(cards + chapter, cards);
            }
        }
    }

    /// A click on the indicators table's header sorts by that column (again: reverses).
    fn click_column_header(&mut self, position: Position) -> bool {
        let Some(areas) = self.areas() else {
            return false;
        };
        let (list, _) = layout::list_view_areas(areas.content, View::Indicators);
        let inner = layout::inner(list);
        if position.y != inner.y || !inner.contains(position) {
            return false;
        }
        let widths = super::indicators::column_widths(usize::from(inner.width), self.report());
        let mut end = usize::from(inner.x);
        for (column, width) in super::indicators::Column::ALL.into_iter().zip(widths) {
            // Each column and the space after it.
            end += width + 1;
            if usize::from(position.x) < end {
                let report = &self.current;
                self.indicators.sort_by(column, report);
                self.sync_indicator_rows();
                return true;
            }
        }
        false
    }

    /// Selects a row of the current list view (clamped to its rows).
    fn select_list_row(&mut self, row: usize) {
        let height = self.list_height(self.view);
        let report = &self.current;
        let (list, count) = match self.view {
            View::Schools => (&mut self.schools, report.schools.len()),
            View::Cases => (&mut self.cases, report.structure.cases.len()),
            _ => (&mut self.indicator_rows, self.indicators.rows.len()),
        };
        list.selected = row.min(count.saturating_sub(1));
        list.keep_visible(height);
        if self.view == View::Indicators {
            self.indicators.selected = self.indicator_rows.selected;
        }
    }

    /// The wheel scrolls what is under the pointer.
    pub(super) fn wheel(&mut self, column: u16, row: u16, lines: isize) {
        let Some(areas) = self.areas() else {
            return;
        };
        let position = Position::new(column, row);
        let saved = self.pane;
        if areas.outline.contains(position) {
            self.pane = Pane::Outline;
        } else if self.pane == Pane::Outline {
            self.pane = Pane::Main;
        }
        let motion = if lines < 0 { Action::Up } else { Action::Down };
        for _ in 0..lines.unsigned_abs() {
            self.move_in_pane(motion.clone());
        }
        if self.view != View::Reader || saved != Pane::Outline {
            self.pane = saved;
        }
    }
}
