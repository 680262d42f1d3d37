//! Everything a person can do, as data: input (keys, mouse) is mapped to an [`Action`] once,
//! and the app state changes only through [`super::App::apply`], which returns the
//! [`Effect`]s the front end is to carry out (the app does no I/O).

use serde::{Deserialize, Serialize};

use crate::settings::ThemeName;

pub use super::text_input::Edit;

/// The views of the explorer, one per tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    Dashboard,
    Reader,
    Indicators,
    Schools,
    Cases,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Dashboard,
        View::Reader,
        View::Indicators,
        View::Schools,
        View::Cases,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Dashboard => "Dashboard 概览",
            View::Reader => "Reader 阅读",
            View::Indicators => "Indicators 指标",
            View::Schools => "Schools 学校",
            View::Cases => "Cases 案例",
        }
    }
}

/// Named in kebab-case when (de)serialised, as in a config file's keys (`toggle-audit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Move focus to the next pane (outline, content, detail).
    NextPane,
    PreviousPane,
    /// Open or jump to what is selected.
    Select,
    /// Back and forward through visited places.
    Back,
    Forward,
    /// Open the reader at chapter N (0 for the preface).
    Chapter(u32),
    ShowView(View),
    OpenFinder,
    /// Open or close the audit list: the report's figures that do not add up.
    ToggleAudit,
    /// Choose the report to explore, from the dataset's reports by region and year.
    PickReport,
    /// Open or close the Compare view: a concept across the reports.
    ToggleCompare,
    /// Close the popup on top, or clear an edit.
    Escape,
    ToggleHelp,
    Quit,
    /// Text typed into the finder or the indicator filter.
    Type(char),
    /// Text pasted (bracketed paste): goes into the finder or filter being edited.
    Paste(String),
    /// An editing key in the finder or the indicator filter.
    Edit(Edit),
    /// Copy what is selected to the clipboard (OSC 52): an indicator as a citation, a
    /// paragraph's or case's text, a school's name.
    Copy,
    /// Copy the selected item's id (`indicator:student-teacher-ratio`).
    CopyId,
    /// Stop the explorer and return to the shell (Ctrl-Z); `fg` brings it back.
    Suspend,
    /// Clear and draw the whole screen again (Ctrl-L).
    Redraw,
    /// Switch to the next colour theme (dark, light, contrast, projector-dark,
    /// projector-light, then dark again).
    NextTheme,
    /// Find in the chapter being read (pinyin-aware), every hit marked.
    FindInChapter,
    /// The next and previous hit of the find in the chapter.
    NextMatch,
    PreviousMatch,
    /// Finder: cycle the kind of hit shown.
    NextKind,
    PreviousKind,
    /// Finder: search every report of the dataset, or the current one again.
    ToggleReports,
    /// Indicators: sort by the next column, reverse the order, cycle the chapter filter,
    /// edit the text filter.
    SortNext,
    SortReverse,
    NextChapterFilter,
    EditFilter,
    /// Jump to the selected item's source sentence in the reader.
    JumpToSource,
    /// The terminal's new size, in columns and rows.
    Resize(u16, u16),
    /// Draw with this theme (the terminal's background chose it).
    #[serde(skip)]
    Theme(ThemeName),
    /// A one-off message for the status bar from the front end.
    #[serde(skip)]
    Notify(String),
    /// Present the deck of slides from the item the keyboard is on (`p`).
    Present,
    /// Presenting: the next and previous slide.
    NextSlide,
    PreviousSlide,
    /// Presenting: a digit of "go to slide N" (Enter goes there).
    SlideDigit(u8),
    /// Presenting: show or hide the overview grid of slides.
    Overview,
    /// Presenting: blank the screen; any key brings the slide back.
    Blank,
    /// Presenting: leave (back to the explorer, or end `nianbao present`).
    LeavePresentation,
    /// A mouse click or wheel at a cell.
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp {
        column: u16,
        row: u16,
    },
    ScrollDown {
        column: u16,
        row: u16,
    },
}

/// What the front end is to do after an action: what the app cannot do itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put this text on the user's clipboard (OSC 52).
    Copy(String),
    /// End the explorer.
    Quit,
    /// Give the terminal back and stop until `fg` (Ctrl-Z).
    Suspend,
    /// Clear and draw the whole screen again.
    Redraw,
    /// Draw with this theme from now on.
    Theme(ThemeName),
}
