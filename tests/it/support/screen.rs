//! The explorer drawn into ratatui's TestBackend, as text for snapshots.

use nianbao::app::App;
use nianbao::settings::ThemeName;
use nianbao::ui::Theme;

/// The app's screen at its size in the dark theme, one line per row, trailing blanks
/// trimmed; a wide glyph's second cell is not repeated.
pub fn screen_text(app: &App) -> String {
    let (width, height) = app.size;
    super::buffer_text(&super::drawn(
        app,
        width,
        height,
        &Theme::new(ThemeName::Dark, false),
    ))
}
