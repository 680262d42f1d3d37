//! Applying actions: what every layer shares (size, quitting, themes, notices), then the
//! layer on top (see [`super::layers`]); the explorer's own keys; and settling the state
//! derived from what the actions changed.

use super::chapter_find::ChapterFind;
use super::finder::Finder;
use super::text_input::{MAX_INPUT_CHARS, TextInput};
use super::{Action, App, Effect, Pane, View, picker};

impl App {
    /// Applies one action and brings everything up to date; returns what the front end is
    /// to do.
    pub fn apply(&mut self, action: Action) -> Vec<Effect> {
        let effects = self.act(action);
        self.settle();
        effects
    }

    /// Applies one action, leaving the finder's hits for [`App::settle`]: a burst of
    /// typed or pasted keys then costs one search, not one per key. Returns what the
    /// front end is to do.
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        self.apply_one(action);
        std::mem::take(&mut self.effects)
    }

    /// Brings derived state up to date after [`App::act`]s: the finder's hits, and the
    /// outline's selection following the reader.
    pub fn settle(&mut self) {
        self.refresh_finder();
        self.preview_selected_hit();
        self.settle_compare();
        if !self.wants_every_report() && !self.compare.reading {
            // Asked for and given up before it ran (Ctrl-R twice, Esc): no announced
            // work is left waiting.
            self.slow_work_announced = false;
        }
        if self.view == View::Reader {
            self.layout_reader();
            if self.pane != Pane::Outline {
                self.outline_follows_reader();
            }
        }
    }

    pub(super) fn apply_one(&mut self, action: Action) {
        // What the front end does, or the terminal tells, leaves a notice shown.
        if !matches!(
            action,
            Action::Resize(..) | Action::Theme(_) | Action::Suspend | Action::Redraw
        ) {
            self.notice = None;
        }
        match action {
            Action::Resize(width, height) => {
                // Text reflows at a new width: keep the reader at what it was showing.
                let before = self.layout_reader();
                let reading = self.reading_line(&before);
                let anchor = before.anchor_before(reading, |_| true).cloned();
                self.size = (width, height);
                let after = self.layout_reader();
                if let Some(line) = anchor.and_then(|a| after.line_of(&a))
                    && after.lines.len() != before.lines.len()
                {
                    self.set_reader_scroll(line, &after);
                }
                self.keep_selections_visible();
                return;
            }
            Action::Quit => return self.effects.push(Effect::Quit),
            Action::Suspend => return self.effects.push(Effect::Suspend),
            Action::Redraw => return self.effects.push(Effect::Redraw),
            Action::Notify(message) => {
                self.notice = Some(message);
                return;
            }
            Action::Theme(theme) => {
                self.theme = theme;
                return self.effects.push(Effect::Theme(theme));
            }
            Action::NextTheme => {
                self.theme = self.theme.next();
                let label = self.theme.label();
                self.notice = Some(if self.colour {
                    format!("Theme: {label} (t: the next)")
                } else {
                    format!("Theme: {label} (no colour: NO_COLOR is set)")
                });
                return self.effects.push(Effect::Theme(self.theme));
            }
            _ => {}
        }
        self.apply_to_layers(action);
    }

    pub(super) fn apply_normal(&mut self, action: Action) {
        match action {
            Action::OpenFinder => self.finder = Some(Finder::default()),
            Action::ToggleHelp => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::ToggleAudit => self.audit.open = true,
            Action::PickReport => {
                self.picker = Some(picker::ReportPicker::new(&self.dataset, self.report))
            }
            Action::ToggleCompare => self.open_compare(),
            Action::Escape => {
                if !self.indicators.filter.is_empty() && self.view == View::Indicators {
                    self.indicators.filter.clear();
                    self.refresh_indicators();
                } else if self.view == View::Reader {
                    self.reader.find = None;
                }
            }
            Action::FindInChapter => {
                if self.view != View::Reader {
                    self.jump(|app| app.show(View::Reader));
                }
                let find = self.reader.find.get_or_insert_with(ChapterFind::default);
                find.editing = true;
            }
            Action::NextMatch | Action::PreviousMatch if self.view == View::Reader => {
                if let Some(find) = self.reader.find.as_mut() {
                    find.step(action == Action::NextMatch);
                    self.show_current_match();
                }
            }
            Action::ShowView(view) => {
                if view != self.view {
                    self.jump(|app| app.show(view));
                }
            }
            Action::Chapter(n) => {
                if self.report().structure.chapter(n).is_some() {
                    self.jump(|app| app.open_reader(n, None, None));
                }
            }
            Action::NextPane => self.cycle_pane(true),
            Action::PreviousPane => self.cycle_pane(false),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::SortNext
            | Action::SortReverse
            | Action::NextChapterFilter
            | Action::EditFilter
                if self.view == View::Indicators =>
            {
                self.apply_indicator_control(action);
            }
            Action::JumpToSource if self.view == View::Indicators && self.pane != Pane::Outline => {
                self.jump_to_source()
            }
            Action::Present => {
                let item = self.focused_item();
                self.start_presentation(item.as_ref(), false);
            }
            Action::Copy => self.copy(false),
            Action::CopyId => self.copy(true),
            Action::Paste(_) => {
                self.notice =
                    Some("Paste goes into the finder (/) or the indicator filter (e)".to_string())
            }
            Action::Click { column, row } => self.click(column, row),
            Action::ScrollUp { column, row } => self.wheel(column, row, -3),
            Action::ScrollDown { column, row } => self.wheel(column, row, 3),
            motion => self.move_in_pane(motion),
        }
    }

    /// Types, pastes or edits in a text field; says so when the length cap cut the input.
    /// Returns whether the text changed.
    pub(super) fn edit_text(
        &mut self,
        action: Action,
        field: impl Fn(&mut App) -> &mut TextInput,
    ) -> bool {
        let input = field(self);
        let before = input.clone();
        let complete = match action {
            Action::Type(c) => input.insert(c.encode_utf8(&mut [0; 4])),
            Action::Paste(text) => input.insert(&text),
            Action::Edit(edit) => {
                input.edit(edit);
                true
            }
            _ => true,
        };
        let changed = before.text() != input.text();
        if !complete {
            self.notice = Some(format!(
                "Input holds at most {MAX_INPUT_CHARS} characters; the rest was left out"
            ));
        }
        changed
    }
}
