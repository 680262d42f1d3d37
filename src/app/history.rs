//! Back and forward through visited places: each jump remembers where it came from.

use super::{App, View};

/// A place to come back to (Backspace) or go forward to again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Place {
    Dashboard,
    Reader { chapter: u32, line: usize },
    Indicators { selected: usize },
    Schools { selected: usize },
    Cases { selected: usize },
}

impl App {
    pub(super) fn current_place(&self) -> Place {
        match self.view {
            View::Dashboard => Place::Dashboard,
            View::Reader => Place::Reader {
                chapter: self.reader.chapter,
                line: self.reader_scroll(),
            },
            View::Indicators => Place::Indicators {
                selected: self.indicators.selected,
            },
            View::Schools => Place::Schools {
                selected: self.schools.selected,
            },
            View::Cases => Place::Cases {
                selected: self.cases.selected,
            },
        }
    }

    fn restore(&mut self, place: Place) {
        match place {
            Place::Dashboard => self.show(View::Dashboard),
            Place::Reader { chapter, line } => {
                self.open_reader(chapter, None, None);
                let document = self.layout_reader();
                self.set_reader_scroll(line, &document);
            }
            Place::Indicators { selected } => {
                self.show(View::Indicators);
                self.indicators.selected =
                    selected.min(self.indicators.rows.len().saturating_sub(1));
                self.sync_indicator_rows();
            }
            Place::Schools { selected } => {
                self.show(View::Schools);
                self.schools.selected = selected;
                let height = self.list_height(View::Schools);
                self.schools.keep_visible(height);
            }
            Place::Cases { selected } => {
                self.show(View::Cases);
                self.cases.selected = selected;
                let height = self.list_height(View::Schools);
                self.cases.keep_visible(height);
            }
        }
    }

    /// Does `go`, remembering where we were (if it moved us) for Back.
    pub(super) fn jump(&mut self, go: impl FnOnce(&mut App)) {
        let before = self.current_place();
        go(self);
        if self.current_place() != before {
            self.back.push(before);
            self.forward.clear();
        }
    }

    pub(super) fn go_back(&mut self) {
        if let Some(place) = self.back.pop() {
            self.forward.push(self.current_place());
            self.restore(place);
        }
    }

    pub(super) fn go_forward(&mut self) {
        if let Some(place) = self.forward.pop() {
            self.back.push(self.current_place());
            self.restore(place);
        }
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }
}
