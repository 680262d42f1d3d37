//! The explorer's state and what each [`Action`] does to it. No terminal I/O happens here:
//! tests drive the app with actions and read its state (and the UI draws it).

pub mod action;
pub mod audit;
pub mod chapter_find;
pub mod compare;
mod copy;
pub mod document;
pub mod finder;
mod history;
pub mod indicators;
pub mod keymap;
pub mod layout;
pub mod outline;
pub mod picker;
mod pointer;
pub mod present;
mod reports;
pub mod searching;
pub mod text_input;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

pub use action::{Action, View};
use chapter_find::ChapterFind;
use document::{Anchor, Document, Highlight, Marks};
use finder::Finder;
use history::Place;
use indicators::IndicatorTable;
use keymap::{Binding, Mode};
use layout::Areas;
use outline::Outline;
use present::Presentation;
use text_input::{MAX_INPUT_CHARS, TextInput};

use crate::dataset::Catalog;
use crate::model::{ItemRef, Location, Report};
use crate::present::Deck;
use crate::search::SearchIndex;
use crate::settings::ThemeName;

/// The widest the reader sets text: 80 columns, forty Chinese characters a line.
pub const READER_MEASURE: usize = 80;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Outline,
    /// The view's main pane (the reader's text, a list, the table).
    Main,
    /// A list view's detail (a school's profile, a case's text).
    Detail,
}

/// A list with a selection and the first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scrolled {
    pub selected: usize,
    pub offset: usize,
}

impl Scrolled {
    /// Moves the selection by `delta` within `count` rows and keeps it visible.
    pub fn move_by(&mut self, delta: isize, count: usize, height: usize) {
        let last = count.saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.keep_visible(height);
    }

    pub fn keep_visible(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }
}

/// The reader: which chapter, where each chapter was left, what is highlighted.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    pub chapter: u32,
    scroll: HashMap<u32, usize>,
    pub highlight: Option<Highlight>,
    /// A find in the chapter being read.
    pub find: Option<ChapterFind>,
    /// The item the reader was last sent to (a case, a paragraph), until it scrolls.
    pub target: Option<Anchor>,
}

/// What a laid-out chapter depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DocumentKey {
    chapter: u32,
    width: usize,
    marks: Marks,
}

pub struct App {
    /// The last chapter laid out (see [`App::reader_document`]).
    document_cache: RefCell<Option<(DocumentKey, Rc<Document>)>>,
    dataset: Catalog,
    /// The report shown, report `report` of the dataset.
    current: Arc<Report>,
    /// The search index of the report shown.
    index: SearchIndex,
    /// The titles and names of every report, indexed the first time the finder searches
    /// them all (shared with the thread that searches it in the background).
    every_report: Option<Arc<SearchIndex>>,
    /// Set by the terminal runtime: the finder then searches every report in the
    /// background, and this wakes the runtime when the hits are ready (tests need not).
    pub search_waker: Option<searching::Waker>,
    /// The hits of the background search under way.
    searching: Option<std::sync::mpsc::Receiver<Vec<crate::search::Hit>>>,
    /// Work that takes seconds (indexing every report) waits for a frame saying so: the
    /// terminal runtime sets this and settles again at once (tests need not).
    pub announce_slow_work: bool,
    slow_work_announced: bool,
    report: usize,
    keymap: Vec<Binding>,
    pub view: View,
    pub pane: Pane,
    pub outline: Outline,
    pub outline_rows: Scrolled,
    pub reader: Reader,
    pub indicators: IndicatorTable,
    pub indicator_rows: Scrolled,
    pub schools: Scrolled,
    /// The selected mention in a school's profile.
    pub school_detail: Scrolled,
    pub cases: Scrolled,
    pub case_scroll: usize,
    pub dashboard: Scrolled,
    pub finder: Option<Finder>,
    /// The report picker (`R`).
    pub picker: Option<picker::ReportPicker>,
    /// The Compare view (`C`).
    pub compare: compare::ComparePanel,
    /// The audit list (`a`): findings of the report's relations.
    pub audit: audit::AuditPanel,
    pub help: bool,
    /// First line of the help overlay shown (it scrolls on small terminals).
    pub help_scroll: usize,
    back: Vec<Place>,
    forward: Vec<Place>,
    pub size: (u16, u16),
    pub quit: bool,
    /// A one-off message for the status bar (what was copied, why a paste was cut); it
    /// goes with the next action.
    pub notice: Option<String>,
    /// Whether copying may use the terminal's clipboard (OSC 52); off with --no-osc52.
    pub clipboard_enabled: bool,
    /// Text to put on the clipboard, for the terminal runtime to send.
    clipboard: Option<String>,
    /// The presentation under way: it takes the whole screen and the keys.
    pub present: Option<Presentation>,
    /// The deck given with `--deck`, and the report it was checked against.
    deck_file: Option<(usize, Deck)>,
    /// The colour theme chosen (by `--theme`, the terminal's background or the theme
    /// key); the front end draws with it.
    pub theme: ThemeName,
}

impl App {
    /// An explorer over one report of the dataset (by index), at a terminal size. Only
    /// that report is loaded and indexed; the others when they are opened or searched.
    /// A report that does not load shows as an empty one: the launcher picks one that
    /// does.
    pub fn new(dataset: impl Into<Catalog>, report: usize, size: (u16, u16)) -> App {
        let dataset = dataset.into();
        let report = report.min(dataset.len().saturating_sub(1));
        let current = dataset.report(report).cloned().unwrap_or_default();
        let index = SearchIndex::of_report(report, &current);
        let indicators = IndicatorTable::new(&current);
        let audit_panel = audit::AuditPanel::new(&current);
        let first_chapter = current.structure.chapters.first().map_or(0, |c| c.number);
        App {
            dataset,
            current,
            index,
            every_report: None,
            search_waker: None,
            searching: None,
            announce_slow_work: false,
            slow_work_announced: false,
            report,
            keymap: keymap::bindings(),
            view: View::Dashboard,
            pane: Pane::Main,
            outline: Outline::default(),
            outline_rows: Scrolled::default(),
            reader: Reader {
                chapter: first_chapter,
                ..Reader::default()
            },
            indicators,
            indicator_rows: Scrolled::default(),
            schools: Scrolled::default(),
            school_detail: Scrolled::default(),
            cases: Scrolled::default(),
            case_scroll: 0,
            dashboard: Scrolled::default(),
            finder: None,
            picker: None,
            compare: compare::ComparePanel::default(),
            audit: audit_panel,
            help: false,
            help_scroll: 0,
            back: Vec::new(),
            forward: Vec::new(),
            size,
            quit: false,
            notice: None,
            clipboard_enabled: true,
            clipboard: None,
            present: None,
            deck_file: None,
            theme: ThemeName::Dark,
            document_cache: RefCell::new(None),
        }
    }

    pub fn report(&self) -> &Report {
        &self.current
    }

    /// Whether announced slow work waits for the next [`App::settle`].
    pub fn slow_work_pending(&self) -> bool {
        self.slow_work_announced && (self.wants_every_report() || self.compare.reading)
    }

    /// Whether work that reads every report (`what` of them: their titles, their
    /// figures) may run now. Where [`App::announce_slow_work`] is set, the first call
    /// says so in the status bar and answers no, so that a frame shows it; the runtime
    /// then settles again at once and the next call answers yes.
    fn slow_work_may_run(&mut self, what: &str) -> bool {
        if self.announce_slow_work && !self.slow_work_announced {
            self.slow_work_announced = true;
            self.notice = Some(format!(
                "Reading the {what} of all {} reports…",
                self.dataset.len()
            ));
            return false;
        }
        if self.slow_work_announced {
            self.slow_work_announced = false;
            self.notice = None;
        }
        true
    }

    /// The index the finder's hits are in: the current report's, or every report's
    /// when the finder last searched them all.
    pub fn index(&self) -> &SearchIndex {
        match (&self.finder, &self.every_report) {
            (Some(finder), Some(every)) if finder.searched_all => every.as_ref(),
            _ => &self.index,
        }
    }

    /// Whether the finder asks for every report's index and it is not built yet.
    fn wants_every_report(&self) -> bool {
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
    fn refresh_finder(&mut self) {
        if self.wants_every_report() {
            if !self.slow_work_may_run("titles") {
                return;
            }
            let dataset = &self.dataset;
            self.every_report = Some(Arc::new(SearchIndex::titles_of_each(dataset.len(), |i| {
                dataset.report_once(i).ok()
            })));
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

    pub fn keymap(&self) -> &[Binding] {
        &self.keymap
    }

    /// Applies the keys of a config file to the keymap, in file order.
    pub fn bind_keys(&mut self, keys: &[keymap::KeyBinding]) {
        for key in keys {
            keymap::rebind(
                &mut self.keymap,
                key.mode,
                (key.code, key.modifiers),
                key.action.clone(),
            );
        }
    }

    /// Which keys apply now.
    pub fn mode(&self) -> Mode {
        if self.present.is_some() {
            Mode::Present
        } else if self.finder.is_some() {
            Mode::Finder
        } else if self.picker.is_some() {
            Mode::Picker
        } else if self.compare.open && !self.help {
            Mode::Compare
        } else if self.indicators.editing {
            Mode::FilterEdit
        } else if self.reader.find.as_ref().is_some_and(|f| f.editing) {
            Mode::ChapterFind
        } else {
            Mode::Normal
        }
    }

    pub fn areas(&self) -> Option<Areas> {
        Areas::for_size(self.size.0, self.size.1, self.pane == Pane::Outline)
    }

    /// Rows of a pane's inside (between its borders).
    fn height_of(&self, area: impl Fn(&Areas) -> ratatui::layout::Rect) -> usize {
        self.areas()
            .map_or(1, |a| usize::from(layout::inner(area(&a)).height).max(1))
    }

    fn outline_height(&self) -> usize {
        self.height_of(|a| a.outline)
    }

    /// The width the reader wraps text to: the pane's, up to a comfortable measure of
    /// about forty Chinese characters (a wider pane centres the text).
    pub fn reader_width(&self) -> usize {
        self.areas().map_or(40, |a| {
            usize::from(layout::inner(a.content).width)
                .saturating_sub(1)
                .clamp(8, READER_MEASURE)
        })
    }

    pub fn reader_height(&self) -> usize {
        self.height_of(|a| a.content)
    }

    /// The current chapter laid out for the reader. Laying out a chapter wraps all its
    /// text, and the status bar, the reader pane and scrolling all need it, so it is kept
    /// until the chapter, the width or the highlight changes.
    pub fn reader_document(&self) -> Rc<Document> {
        let find = self.reader.find.as_ref();
        let key = DocumentKey {
            chapter: self.reader.chapter,
            width: self.reader_width(),
            marks: Marks {
                source: self.reader.highlight.clone(),
                found: find.map(|f| f.hits.clone()).unwrap_or_default(),
                current: find.map(|f| f.current),
            },
        };
        let mut cache = self.document_cache.borrow_mut();
        match cache.as_ref() {
            Some((cached, document)) if *cached == key => Rc::clone(document),
            _ => {
                let document = Rc::new(Document::build(
                    self.report(),
                    key.chapter,
                    key.width,
                    &key.marks,
                ));
                *cache = Some((key, Rc::clone(&document)));
                document
            }
        }
    }

    /// The first visible line of the current chapter.
    pub fn reader_scroll(&self) -> usize {
        self.reader
            .scroll
            .get(&self.reader.chapter)
            .copied()
            .unwrap_or(0)
    }

    fn set_reader_scroll(&mut self, line: usize, document: &Document) {
        let last = document.lines.len().saturating_sub(self.reader_height());
        self.reader
            .scroll
            .insert(self.reader.chapter, line.min(last));
    }

    /// The rows a list view shows (for viewport heights): inside the list's borders,
    /// under the indicators table's header, exactly as the UI draws it.
    fn list_height(&self, view: View) -> usize {
        self.areas().map_or(1, |a| {
            let (list, _) = layout::list_view_areas(a.content, view);
            let rows = layout::inner(list)
                .height
                .saturating_sub(layout::list_header_rows(view));
            usize::from(rows).max(1)
        })
    }

    /// The line the reader is at: the first line with text from the top of the pane (a
    /// jump leaves a blank line of context above what it jumped to).
    fn reading_line(&self, document: &Document) -> usize {
        let top = self.reader_scroll();
        let bottom = (top + self.reader_height()).min(document.lines.len());
        (top..bottom)
            .find(|&line| !document.lines[line].text().trim().is_empty())
            .unwrap_or(top)
    }

    /// Where the reader is: `2 人才培养 › 2.3 技能成才 · p. 10`.
    pub fn location(&self) -> String {
        let report = self.report();
        let s = &report.structure;
        match self.view {
            View::Reader => {
                let document = self.reader_document();
                let top = self.reading_line(&document);
                let chapter = match self.reader.chapter {
                    0 => s
                        .preface
                        .as_ref()
                        .map_or_else(String::new, |p| p.title.clone()),
                    n => s
                        .chapter(n)
                        .map_or_else(String::new, |c| format!("{} {}", c.number, c.title)),
                };
                let section = match document.anchor_before(top, |a| matches!(a, Anchor::Section(_)))
                {
                    Some(Anchor::Section(n)) => {
                        s.section(n).map(|x| format!(" › {} {}", x.number, x.title))
                    }
                    _ => None,
                };
                let page = match document
                    .anchor_before(top.max(1), |a| matches!(a, Anchor::Paragraph(_)))
                {
                    Some(Anchor::Paragraph(p)) => Some(s.paragraphs[*p].page),
                    _ => s
                        .paragraphs
                        .iter()
                        .find(|p| p.location.chapter == self.reader.chapter)
                        .map(|p| p.page),
                };
                format!(
                    "{chapter}{}{}",
                    section.unwrap_or_default(),
                    page.map(|p| format!(" · p. {p}")).unwrap_or_default()
                )
            }
            View::Dashboard => report.meta.title.clone(),
            View::Indicators => format!(
                "{} of {} indicators",
                self.indicators.rows.len(),
                report.indicators.len()
            ),
            View::Schools => format!("{} schools", report.schools.len()),
            View::Cases => format!("{} cases", s.cases.len()),
        }
    }

    /// Applies one action and brings everything up to date.
    pub fn apply(&mut self, action: Action) {
        self.act(action);
        self.settle();
    }

    /// Applies one action, leaving the finder's hits for [`App::settle`]: a burst of
    /// typed or pasted keys then costs one search, not one per key.
    pub fn act(&mut self, action: Action) {
        self.apply_one(action);
    }

    /// Brings derived state up to date after [`App::act`]s: the finder's hits, and the
    /// outline's selection following the reader.
    pub fn settle(&mut self) {
        self.refresh_finder();
        self.settle_compare();
        if !self.wants_every_report() && !self.compare.reading {
            // Asked for and given up before it ran (Ctrl-R twice, Esc): no announced
            // work is left waiting.
            self.slow_work_announced = false;
        }
        if self.view == View::Reader && self.pane != Pane::Outline {
            self.outline_follows_reader();
        }
    }

    /// Selects in the outline the section (or chapter) the reader is at.
    fn outline_follows_reader(&mut self) {
        let document = self.reader_document();
        let reading = self.reading_line(&document);
        let section = match document.anchor_before(reading, |a| matches!(a, Anchor::Section(_))) {
            Some(Anchor::Section(n)) => Some(ItemRef::Section(n.clone())),
            _ => None,
        };
        let chapter = match self.reader.chapter {
            0 => ItemRef::Preface,
            n => ItemRef::Chapter(n),
        };
        let rows = self.outline.rows(self.report());
        let found = section
            .and_then(|s| rows.iter().position(|r| *r == s))
            .or_else(|| rows.iter().position(|r| *r == chapter));
        if let Some(row) = found {
            self.outline_rows.selected = row;
            self.outline_rows.keep_visible(self.outline_height());
        }
    }

    /// Text the app wants on the clipboard, taken once.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    fn apply_one(&mut self, action: Action) {
        if !matches!(action, Action::Resize(..)) {
            self.notice = None;
        }
        match action {
            Action::Resize(width, height) => {
                // Text reflows at a new width: keep the reader at what it was showing.
                let before = self.reader_document();
                let reading = self.reading_line(&before);
                let anchor = before.anchor_before(reading, |_| true).cloned();
                self.size = (width, height);
                let after = self.reader_document();
                if let Some(line) = anchor.and_then(|a| after.line_of(&a))
                    && after.lines.len() != before.lines.len()
                {
                    self.set_reader_scroll(line, &after);
                }
                self.keep_selections_visible();
                return;
            }
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::NextTheme => {
                self.theme = self.theme.next();
                self.notice = Some(format!("Theme: {} (t: the next)", self.theme.label()));
                return;
            }
            _ => {}
        }
        if self.finder.is_some() {
            return self.apply_finder(action);
        }
        if self.picker.is_some() {
            return self.apply_picker(action);
        }
        if self.help {
            match action {
                Action::Escape | Action::ToggleHelp => self.help = false,
                Action::Up | Action::PageUp => {
                    self.help_scroll =
                        self.help_scroll
                            .saturating_sub(if action == Action::Up { 1 } else { 10 })
                }
                Action::Down | Action::PageDown => {
                    // As far as the last line at the bottom of the popup (the screen's
                    // height less its border), and no further.
                    let visible = usize::from(self.size.1.saturating_sub(2));
                    let last = keymap::help_length(&self.keymap).saturating_sub(visible);
                    self.help_scroll =
                        (self.help_scroll + if action == Action::Down { 1 } else { 10 }).min(last)
                }
                Action::Top => self.help_scroll = 0,
                _ => {}
            }
            return;
        }
        if self.present.is_some() {
            return self.apply_present(action);
        }
        if self.audit.open {
            return self.apply_audit(action);
        }
        if self.compare.open && action != Action::ToggleHelp {
            return self.apply_compare(action);
        }
        if self.indicators.editing {
            return self.apply_filter_edit(action);
        }
        if self.mode() == Mode::ChapterFind {
            return self.apply_chapter_find(action);
        }
        self.apply_normal(action);
    }

    fn apply_normal(&mut self, action: Action) {
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

    fn apply_indicator_control(&mut self, action: Action) {
        let report = &self.current;
        match action {
            Action::SortNext => self.indicators.sort_next(report),
            Action::SortReverse => self.indicators.reverse(report),
            Action::NextChapterFilter => self.indicators.next_chapter(report),
            _ => self.indicators.editing = true,
        }
        self.sync_indicator_rows();
    }

    fn apply_filter_edit(&mut self, action: Action) {
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

    /// Typing the find in the chapter: every change finds again and shows the first hit
    /// from where the reader is; Enter keeps the hits, Esc drops the find.
    fn apply_chapter_find(&mut self, action: Action) {
        match action {
            Action::Type(_) | Action::Paste(_) | Action::Edit(_) => {
                let changed = self.edit_text(action, |app| {
                    &mut app.reader.find.as_mut().expect("a find is open").input
                });
                if changed {
                    self.find_again();
                }
            }
            Action::Select => {
                if let Some(find) = self.reader.find.as_mut() {
                    find.editing = false;
                }
            }
            Action::Escape => self.reader.find = None,
            _ => {}
        }
    }

    /// Finds the query again in the current chapter and shows the first hit at or after
    /// the top of the reader.
    fn find_again(&mut self) {
        let chapter = self.reader.chapter;
        let report = &self.current;
        let Some(find) = self.reader.find.as_mut() else {
            return;
        };
        find.refresh(report, chapter);
        if find.hits.is_empty() {
            return;
        }
        let top = self.reader_scroll();
        let document = self.reader_document();
        let first_on_screen = document.found_lines.iter().position(|&line| line >= top);
        if let Some(find) = self.reader.find.as_mut() {
            find.current = first_on_screen.unwrap_or(0);
        }
        self.show_current_match();
    }

    /// Scrolls the reader so the current find hit shows, a little below the top.
    fn show_current_match(&mut self) {
        let document = self.reader_document();
        let Some(line) = self
            .reader
            .find
            .as_ref()
            .and_then(|f| document.found_lines.get(f.current).copied())
        else {
            return;
        };
        let top = self.reader_scroll();
        if line < top || line >= top + self.reader_height() {
            self.set_reader_scroll(line.saturating_sub(2), &document);
        }
    }

    fn refresh_indicators(&mut self) {
        let report = &self.current;
        self.indicators.refresh(report);
        self.sync_indicator_rows();
    }

    fn sync_indicator_rows(&mut self) {
        self.indicator_rows.selected = self.indicators.selected;
        let height = self.list_height(View::Indicators);
        self.indicator_rows.keep_visible(height);
    }

    fn apply_finder(&mut self, action: Action) {
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
            Action::Click { column, row } => self.click(column, row),
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
    fn choose_hit(&mut self) {
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

    /// Types, pastes or edits in a text field; says so when the length cap cut the input.
    /// Returns whether the text changed.
    fn edit_text(&mut self, action: Action, field: impl Fn(&mut App) -> &mut TextInput) -> bool {
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

    /// Panes of the current view, in Tab order (the outline only where there is room or
    /// when it is all that fits).
    fn panes(&self) -> Vec<Pane> {
        match self.view {
            View::Schools | View::Cases => vec![Pane::Outline, Pane::Main, Pane::Detail],
            _ => vec![Pane::Outline, Pane::Main],
        }
    }

    fn cycle_pane(&mut self, forward: bool) {
        let panes = self.panes();
        let at = panes.iter().position(|&p| p == self.pane).unwrap_or(0);
        let next = if forward {
            (at + 1) % panes.len()
        } else {
            (at + panes.len() - 1) % panes.len()
        };
        self.pane = panes[next];
    }

    fn move_in_pane(&mut self, motion: Action) {
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
    fn step(motion: &Action, page: usize) -> Option<isize> {
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

    fn move_in_outline(&mut self, motion: Action) {
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

    fn select_outline_parent(&mut self, rows: &[ItemRef], node: &ItemRef) {
        let depth = outline::depth(node);
        if depth == 0 {
            return;
        }
        if let Some(parent) = rows[..self.outline_rows.selected]
            .iter()
            .rposition(|n| outline::depth(n) < depth)
        {
            self.outline_rows.selected = parent;
        }
    }

    fn scroll_reader(&mut self, motion: Action) {
        let document = self.reader_document();
        let height = self.reader_height();
        let Some(delta) = Self::step(&motion, height.saturating_sub(2)) else {
            if motion == Action::Left {
                self.pane = Pane::Outline;
            }
            return;
        };
        let line = self.reader_scroll().saturating_add_signed(delta);
        self.set_reader_scroll(line, &document);
        self.reader.target = None;
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
    fn move_in_dashboard(&mut self, motion: Action) {
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
    fn open_dashboard_item(&mut self, index: usize, cards: usize) {
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

    fn move_in_indicators(&mut self, motion: Action) {
        let height = self.list_height(View::Indicators);
        if let Some(delta) = Self::step(&motion, height) {
            self.indicator_rows
                .move_by(delta, self.indicators.rows.len(), height);
            self.indicators.selected = self.indicator_rows.selected;
        } else if motion == Action::Select {
            self.jump_to_source();
        }
    }

    fn move_in_list(&mut self, motion: Action, view: View) {
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

    fn move_in_school_detail(&mut self, motion: Action) {
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

    fn move_in_case_text(&mut self, motion: Action) {
        if let Some(delta) = Self::step(&motion, self.reader_height().saturating_sub(2)) {
            self.case_scroll = self.case_scroll.saturating_add_signed(delta).min(500);
        } else if motion == Action::Select {
            let case = self
                .report()
                .structure
                .cases
                .get(self.cases.selected)
                .map(|c| c.number.clone());
            if let Some(case) = case {
                self.jump(|app| app.open_item(&ItemRef::Case(case)));
            }
        } else if motion == Action::Left {
            self.pane = Pane::Main;
        }
    }

    /// Shows a view; entering the reader from elsewhere keeps its chapter and position.
    fn show(&mut self, view: View) {
        self.view = view;
        if self.pane == Pane::Detail && !matches!(view, View::Schools | View::Cases) {
            self.pane = Pane::Main;
        }
    }

    /// Opens the reader at a chapter, scrolled to an anchor (or where it was left).
    fn open_reader(&mut self, chapter: u32, anchor: Option<Anchor>, highlight: Option<Highlight>) {
        self.view = View::Reader;
        let other_chapter = self.reader.chapter != chapter;
        self.reader.chapter = chapter;
        self.reader.highlight = highlight;
        if other_chapter && let Some(find) = self.reader.find.as_mut() {
            find.refresh(&self.current, chapter);
        }
        self.reader.target.clone_from(&anchor);
        if self.pane == Pane::Detail {
            self.pane = Pane::Main;
        }
        if let Some(anchor) = anchor {
            let document = self.reader_document();
            if let Some(line) = document.line_of(&anchor) {
                // A little context above the target.
                self.set_reader_scroll(line.saturating_sub(1), &document);
            }
        }
    }

    fn open_paragraph(&mut self, paragraph: usize, highlight: Option<Highlight>) {
        let Some(chapter) = self
            .report()
            .structure
            .paragraphs
            .get(paragraph)
            .map(|p| p.location.chapter)
        else {
            return;
        };
        self.open_reader(chapter, Some(Anchor::Paragraph(paragraph)), highlight);
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

    fn select_indicator(&mut self, id: &str) {
        let report = &self.current;
        self.indicators.select_indicator(report, id);
        self.view = View::Indicators;
        self.pane = Pane::Main;
        self.sync_indicator_rows();
    }

    /// Opens the reader at the selected indicator's source sentence, highlighted.
    fn jump_to_source(&mut self) {
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

    fn keep_selections_visible(&mut self) {
        let (outline, list) = (self.outline_height(), self.list_height(View::Schools));
        self.outline_rows.keep_visible(outline);
        self.schools.keep_visible(list);
        self.cases.keep_visible(list);
        let table = self.list_height(View::Indicators);
        self.indicator_rows.keep_visible(table);
        let document = self.reader_document();
        let line = self.reader_scroll();
        self.set_reader_scroll(line, &document);
    }
}

/// Finds a sentence in the paragraphs at a location, ignoring whitespace; returns the
/// paragraph and the sentence's character range for highlighting.
fn find_sentence(report: &Report, sentence: &str, location: &Location) -> Option<Highlight> {
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
