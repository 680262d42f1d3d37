//! The explorer drawn into ratatui's TestBackend, as text for snapshots.

use nianbao::app::App;
use nianbao::text::char_width;
use nianbao::ui::{Theme, ThemeName, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The app's screen at its size in the dark theme, one line per row, trailing blanks
/// trimmed; a wide glyph's second cell is not repeated.
pub fn screen_text(app: &App) -> String {
    let (width, height) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::new(ThemeName::Dark, false);
    terminal.draw(|frame| draw(frame, app, &theme)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = symbol
                .chars()
                .map(char_width)
                .sum::<usize>()
                .saturating_sub(1);
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}
