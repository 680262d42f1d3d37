//! Presenting a report, as data: decks of slides (read from a TOML file or made from the
//! report) and the big-digit font. The presentation's state lives in `app::present`; its
//! drawing, and `render_slide`/`render_deck` for exporters, in `ui::slides`.

pub mod deck;
pub mod digits;

pub use deck::{Deck, DeckError, SlideItem, SlideSpec};
