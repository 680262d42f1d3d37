//! The explorer's state. It changes only through [`App::apply`] (`dispatch`), which gives
//! each [`Action`] to the layer on top (`layers`) and returns the [`Effect`]s the front end
//! carries out; each feature's keys sit beside its state. No terminal I/O happens here:
//! tests drive the app with actions and read its state (and the UI draws it).

pub mod action;
pub mod audit;
pub mod chapter_find;
pub mod compare;
mod copy;
mod dispatch;
pub mod document;
pub mod finder;
mod history;
pub mod indicators;
pub mod keymap;
mod layers;
pub mod layout;
mod navigation;
pub mod outline;
pub mod picker;
mod pointer;
pub mod present;
mod reader;
mod reports;
pub mod searching;
pub mod text_input;

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

pub use action::{Action, Effect, View};
use chapter_find::ChapterFind;
use document::{Anchor, Document, Highlight};
use finder::Finder;
use history::Place;
use indicators::IndicatorTable;
use keymap::Binding;
pub use layers::Layer;
use layout::Areas;
use outline::Outline;
use present::Presentation;

use crate::dataset::Catalog;
use crate::model::Report;
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

pub struct App {
    /// The last chapter laid out, and what for (see [`App::reader_document`]).
    document: Option<(reader::DocumentKey, Rc<Document>)>,
    dataset: Catalog,
    /// The report shown, report `report` of the dataset.
    current: Arc<Report>,
    /// The search index of the report shown.
    index: SearchIndex,
    /// The titles and names of every report, indexed the first time the finder searches
    /// them all (shared with the thread that searches it in the background).
    every_report: Option<Arc<SearchIndex>>,
    /// Where every report's titles may be had without loading the reports (the
    /// launcher's collection index), tried once before loading them.
    titles_source: Option<finder::TitlesSource>,
    /// Given by the terminal runtime: the finder then searches every report in the
    /// background, and this wakes the runtime when the hits are ready (tests need not).
    search_waker: Option<searching::Waker>,
    /// The hits of the background search under way.
    searching: Option<std::sync::mpsc::Receiver<Vec<crate::search::Hit>>>,
    /// Work that takes seconds (indexing every report) waits for a frame saying so: the
    /// terminal runtime asks for this and settles again at once (tests need not).
    announce_slow_work: bool,
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
    /// A one-off message for the status bar (what was copied, why a paste was cut); it
    /// goes with the next action.
    pub notice: Option<String>,
    /// Whether copying may use the terminal's clipboard (OSC 52); off with --no-osc52.
    clipboard_enabled: bool,
    /// Whether the front end draws in colour (not with NO_COLOR): the theme key says so.
    colour: bool,
    /// What the actions being applied ask the front end to do (see [`App::act`]).
    effects: Vec<Effect>,
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
            titles_source: None,
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
            notice: None,
            clipboard_enabled: true,
            colour: true,
            effects: Vec::new(),
            present: None,
            deck_file: None,
            theme: ThemeName::Dark,
            document: None,
        }
    }

    /// Copying says it is off instead of using the terminal's clipboard (--no-osc52).
    pub fn without_clipboard(mut self) -> App {
        self.clipboard_enabled = false;
        self
    }

    /// A message for the status bar of the first frame (a config file's problem, the
    /// reports that were passed over).
    pub fn with_notice(mut self, notice: Option<String>) -> App {
        self.notice = notice;
        self
    }

    /// The theme the front end draws with at first, in colour or not (NO_COLOR).
    pub fn with_theme(mut self, theme: ThemeName, colour: bool) -> App {
        self.theme = theme;
        self.colour = colour;
        self
    }

    /// Work that takes seconds (indexing every report) waits for a frame saying so: the
    /// front end settles again at once when [`App::slow_work_pending`] says so.
    pub fn announcing_slow_work(mut self) -> App {
        self.announce_slow_work = true;
        self
    }

    /// The finder searches every report in a thread of its own, which calls `waker`
    /// when its hits are ready for [`App::collect_search`].
    pub fn with_search_waker(mut self, waker: searching::Waker) -> App {
        self.search_waker = Some(waker);
        self
    }

    /// The finder's index of every report's titles is asked of `source` first (the
    /// launcher reads it from the collection index); the reports are loaded for it only
    /// when `source` gives none.
    pub fn with_titles_source(mut self, source: finder::TitlesSource) -> App {
        self.titles_source = Some(source);
        self
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

    pub fn keymap(&self) -> &[Binding] {
        &self.keymap
    }

    /// A view's tab in the header: the key that shows it, as the keymap has it, and its
    /// title (` d Dashboard 概览 `). The header draws these and a click on one shows its
    /// view, so both use this.
    pub fn tab_label(&self, view: View) -> String {
        let shows = Action::ShowView(view);
        match self
            .keymap
            .iter()
            .find(|b| b.mode == keymap::Mode::Normal && b.action == shows)
        {
            Some(b) => format!(
                " {} {} ",
                keymap::key_label(b.code, b.modifiers),
                view.title()
            ),
            None => format!(" {} ", view.title()),
        }
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
}
