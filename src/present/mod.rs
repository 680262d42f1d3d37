//! Presenting a report: decks of slides (read from a TOML file or made from the report),
//! the big-digit font, and [`render_slide`], which draws one slide into a ratatui buffer
//! at any size and theme, exactly as the screen shows it (an exporter turns that buffer
//! into HTML or SVG). The presentation's state lives in `app::present`, its drawing in
//! `ui::slides`.

pub mod deck;
pub mod digits;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub use deck::{Deck, DeckError, SlideItem, SlideSpec};

use crate::model::Report;
use crate::ui::Theme;

/// Slide `index` (from 0) of a deck drawn into a buffer of `width` × `height` cells in a
/// theme, as the presentation shows it with "Slide N of M" in the footer. An index past
/// the end draws the last slide; an empty deck, a blank buffer.
pub fn render_slide(
    report: &Report,
    deck: &Deck,
    index: usize,
    width: u16,
    height: u16,
    theme: &Theme,
) -> Buffer {
    let area = Rect::new(0, 0, width, height);
    let mut buffer = Buffer::empty(area);
    crate::ui::slides::fill(&mut buffer, area, theme);
    if let Some(last) = deck.len().checked_sub(1) {
        let index = index.min(last);
        let chrome = crate::ui::slides::Chrome {
            number: index + 1,
            count: deck.len(),
            typed: "",
            notice: "",
        };
        crate::ui::slides::slide(
            &mut buffer,
            area,
            report,
            &deck.slides[index],
            &chrome,
            theme,
        );
    }
    crate::ui::finish(&mut buffer, theme);
    buffer
}

/// Every slide of a deck drawn at one size and theme, in order: what an export of the
/// deck is made from (one buffer per slide, as [`render_slide`] draws each).
pub fn render_deck(
    report: &Report,
    deck: &Deck,
    width: u16,
    height: u16,
    theme: &Theme,
) -> Vec<Buffer> {
    (0..deck.len())
        .map(|index| render_slide(report, deck, index, width, height, theme))
        .collect()
}
