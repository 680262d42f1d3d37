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

    /// Selects a row of the current list view (clamped to its rows).
    fn select_list_row(&mut self, row: usize) {
        let height = self.list_height(self.view);
        let report = &self.dataset.reports[self.report];
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
