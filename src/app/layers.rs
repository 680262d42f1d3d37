//! What is on top: the explorer at the bottom, then whatever is open over it, in one fixed
//! order. An action goes to the top layer, which takes it or passes it down; the keymap's
//! mode and what the UI draws over the views are read from the same stack.

use super::keymap::{self, Mode};
use super::{Action, App};

/// A layer of the explorer, lowest first: a layer is always over every layer before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// The views and panes: always there, at the bottom.
    Explorer,
    /// A find in the chapter being typed (its hits stay after Enter, in the explorer).
    ChapterFind,
    /// The indicators' text filter being typed.
    FilterEdit,
    /// The Compare view (`C`).
    Compare,
    /// The audit list (`a`).
    Audit,
    /// A presentation: it takes the whole screen.
    Present,
    /// The help overlay (`?`), drawn over the layer beneath it.
    Help,
    /// The report picker (`R`).
    Picker,
    /// The finder (`/`).
    Finder,
}

impl Layer {
    /// The keymap mode of a layer's own keys; `None` for a layer that reads keys as the
    /// layer beneath it does (help, the audit list).
    pub fn keys(self) -> Option<Mode> {
        match self {
            Layer::Explorer => Some(Mode::Normal),
            Layer::ChapterFind => Some(Mode::ChapterFind),
            Layer::FilterEdit => Some(Mode::FilterEdit),
            Layer::Compare => Some(Mode::Compare),
            Layer::Present => Some(Mode::Present),
            Layer::Picker => Some(Mode::Picker),
            Layer::Finder => Some(Mode::Finder),
            Layer::Audit | Layer::Help => None,
        }
    }

    /// Whether the layer beneath is drawn too: help shows over what it explains; every
    /// other popup hides the popups beneath it.
    fn shows_beneath(self) -> bool {
        self == Layer::Help
    }
}

impl App {
    /// The layers open now, lowest first: [`Layer::Explorer`], then each one open over it.
    pub fn layers(&self) -> Vec<Layer> {
        let open = [
            (Layer::Explorer, true),
            (
                Layer::ChapterFind,
                self.reader.find.as_ref().is_some_and(|f| f.editing),
            ),
            (Layer::FilterEdit, self.indicators.editing),
            (Layer::Compare, self.compare.open),
            (Layer::Audit, self.audit.open),
            (Layer::Present, self.present.is_some()),
            (Layer::Help, self.help),
            (Layer::Picker, self.picker.is_some()),
            (Layer::Finder, self.finder.is_some()),
        ];
        open.into_iter()
            .filter_map(|(layer, open)| open.then_some(layer))
            .collect()
    }

    /// The layer just beneath `layer`, when `layer` is open.
    pub fn beneath(&self, layer: Layer) -> Option<Layer> {
        let layers = self.layers();
        let at = layers.iter().position(|&l| l == layer)?;
        at.checked_sub(1).map(|below| layers[below])
    }

    /// The layers the UI draws, lowest first: the top one and those it shows beneath it.
    /// The first is the screen under them: a presentation, else the explorer's views.
    pub fn drawn_layers(&self) -> Vec<Layer> {
        let layers = self.layers();
        let mut from = layers.len().saturating_sub(1);
        while from > 0 && layers[from].shows_beneath() {
            from -= 1;
        }
        layers[from..].to_vec()
    }

    /// Which keys apply now: those of the top layer with keys of its own. Help over the
    /// Compare view reads keys as the explorer does (so ↑↓ scroll the help).
    pub fn mode(&self) -> Mode {
        let help = self.help;
        self.layers()
            .into_iter()
            .rev()
            .filter(|&layer| !(help && layer == Layer::Compare))
            .find_map(Layer::keys)
            .unwrap_or(Mode::Normal)
    }

    /// Whether a layer takes an action, or passes it to the layer beneath.
    fn takes(&self, layer: Layer, action: &Action) -> bool {
        match layer {
            // `?` opens help over the Compare view.
            Layer::Compare => *action != Action::ToggleHelp,
            // Passed down by the Compare view, `?` passes a find being typed too.
            Layer::ChapterFind => !(self.compare.open && *action == Action::ToggleHelp),
            _ => true,
        }
    }

    /// Gives an action to the top layer that takes it.
    pub(super) fn apply_to_layers(&mut self, action: Action) {
        let layer = self
            .layers()
            .into_iter()
            .rev()
            .find(|&layer| self.takes(layer, &action))
            .unwrap_or(Layer::Explorer);
        match layer {
            Layer::Finder => self.apply_finder(action),
            Layer::Picker => self.apply_picker(action),
            Layer::Help => self.apply_help(action),
            Layer::Present => self.apply_present(action),
            Layer::Audit => self.apply_audit(action),
            Layer::Compare => self.apply_compare(action),
            Layer::FilterEdit => self.apply_filter_edit(action),
            Layer::ChapterFind => self.apply_chapter_find(action),
            Layer::Explorer => self.apply_normal(action),
        }
    }

    /// Keys while help shows: scrolling, and closing it.
    fn apply_help(&mut self, action: Action) {
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
    }
}
