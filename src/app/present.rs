//! Presenting: a deck of slides shown full screen, moved through with one key. It is app
//! state like any view, changed only by actions, so tests drive it without a terminal;
//! the UI draws the slide (`ui::slides`) and the runtime is the explorer's.

use super::layout::Overview;
use super::{Action, App};
use crate::model::ItemRef;
use crate::present::Deck;

/// The most digits a "go to slide N" takes.
const MAX_TYPED: usize = 4;

/// A presentation under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    pub deck: Deck,
    /// The slide shown, from 0.
    pub current: usize,
    /// Digits typed for "go to slide N" (Enter goes).
    pub typed: String,
    /// The overview grid, with its selected slide, while it shows.
    pub overview: Option<usize>,
    /// The screen is blanked (`b`); any key brings the slide back.
    pub blank: bool,
    /// Started by `nianbao present`: leaving ends the program. Entered from the explorer,
    /// leaving goes back to it as it was.
    pub standalone: bool,
}

impl Presentation {
    pub fn new(deck: Deck, current: usize, standalone: bool) -> Presentation {
        let current = current.min(deck.len().saturating_sub(1));
        Presentation {
            deck,
            current,
            typed: String::new(),
            overview: None,
            blank: false,
            standalone,
        }
    }

    fn last(&self) -> usize {
        self.deck.len().saturating_sub(1)
    }

    /// "Slide N of M", N from 1.
    pub fn position(&self) -> (usize, usize) {
        (self.current + 1, self.deck.len())
    }
}

impl App {
    /// The deck to present from now on for the current report (read from `--deck`).
    pub fn set_deck(&mut self, deck: Deck) {
        self.deck_file = Some((self.report, deck));
    }

    /// The deck for the current report: the one given, else the one made from the report.
    pub fn deck(&self) -> Deck {
        match &self.deck_file {
            Some((report, deck)) if *report == self.report => deck.clone(),
            _ => Deck::for_report(self.report()),
        }
    }

    /// Starts presenting the deck at an item's slide (see [`Deck::start_for`]), or at the
    /// first slide. A standalone presentation ends the program when it is left.
    pub fn start_presentation(&mut self, at: Option<&ItemRef>, standalone: bool) {
        let mut deck = self.deck();
        let current = at.map_or(0, |item| deck.start_for(self.report(), item));
        self.present = Some(Presentation::new(deck, current, standalone));
    }

    /// Presenting: navigation, the overview, blanking, leaving.
    pub(super) fn apply_present(&mut self, action: Action) {
        let Some(presentation) = self.present.as_mut() else {
            return;
        };
        if action == Action::LeavePresentation {
            if presentation.standalone {
                self.effects.push(super::Effect::Quit);
            } else {
                self.present = None;
            }
            return;
        }
        if presentation.blank {
            // Any key brings the slide back, and does nothing else.
            presentation.blank = false;
            return;
        }
        if action == Action::ToggleHelp {
            self.help = true;
            self.help_scroll = 0;
            return;
        }
        if action == Action::Blank {
            presentation.blank = true;
            presentation.typed.clear();
            return;
        }
        let grid = Overview::for_area(ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1));
        match action {
            Action::SlideDigit(digit) => {
                if presentation.typed.len() < MAX_TYPED
                    && !(presentation.typed.is_empty() && digit == 0)
                {
                    presentation.typed.push(char::from(b'0' + digit.min(9)));
                }
                return;
            }
            Action::Edit(crate::app::action::Edit::DeleteBack) => {
                presentation.typed.pop();
                return;
            }
            Action::Select if !presentation.typed.is_empty() => {
                let wanted: usize = presentation.typed.parse().unwrap_or(1);
                presentation.current = wanted.clamp(1, presentation.deck.len().max(1)) - 1;
                presentation.typed.clear();
                presentation.overview = None;
                return;
            }
            Action::Escape if !presentation.typed.is_empty() => {
                presentation.typed.clear();
                return;
            }
            _ => presentation.typed.clear(),
        }
        let last = presentation.last();
        if let Some(selected) = presentation.overview {
            let columns = grid.columns as isize;
            let step = |delta: isize| Some(selected.saturating_add_signed(delta).min(last));
            let next = match action {
                Action::NextSlide | Action::Right => step(1),
                Action::PreviousSlide | Action::Left => step(-1),
                Action::Down | Action::ScrollDown { .. } => step(columns),
                Action::Up | Action::ScrollUp { .. } => step(-columns),
                Action::PageDown => step(columns * grid.rows as isize),
                Action::PageUp => step(-columns * grid.rows as isize),
                Action::Top => Some(0),
                Action::Bottom => Some(last),
                Action::Select => {
                    presentation.current = selected;
                    None
                }
                Action::Click { column, row } => {
                    match grid.slide_at(column, row, presentation.deck.len(), selected) {
                        Some(index) => {
                            presentation.current = index;
                            None
                        }
                        None => Some(selected),
                    }
                }
                Action::Overview | Action::Escape => None,
                _ => Some(selected),
            };
            presentation.overview = next;
            return;
        }
        // The wheel does nothing on a slide: one swipe on a touchpad would skip several.
        match action {
            Action::NextSlide | Action::Down | Action::Right | Action::PageDown => {
                presentation.current = (presentation.current + 1).min(last);
            }
            Action::PreviousSlide | Action::Up | Action::Left | Action::PageUp => {
                presentation.current = presentation.current.saturating_sub(1);
            }
            Action::Top => presentation.current = 0,
            Action::Bottom => presentation.current = last,
            Action::Overview => presentation.overview = Some(presentation.current),
            _ => {}
        }
    }
}
