//! The content pane of each view: dashboard, reader, indicators, schools, cases.

mod cases;
mod dashboard;
mod indicators;
mod reader;
mod schools;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::{Theme, clean};
use crate::app::{App, Pane, Scrolled, View};
use crate::text::{pad_to_width, truncate_to_width, wrap};

use cases::cases;
use dashboard::dashboard;
use indicators::indicators;
use reader::reader;
use schools::schools;

pub(super) use dashboard::period_and_change;
pub(super) use indicators::breakdown_chart;

pub fn content(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    match app.view {
        View::Dashboard => dashboard(frame, area, app, theme),
        View::Reader => reader(frame, area, app, theme),
        View::Indicators => indicators(frame, area, app, theme),
        View::Schools => schools(frame, area, app, theme),
        View::Cases => cases(frame, area, app, theme),
    }
}

fn main_focused(app: &App) -> bool {
    app.pane == Pane::Main
}

/// Wrapped text as lines of one style.
fn paragraph_lines<'a>(text: &str, width: usize, style: Style) -> Vec<Line<'a>> {
    wrap(&clean(text), width)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// A list row: padded to the width, styled when selected.
fn row<'a>(text: String, width: usize, selected: bool, focused: bool, theme: &Theme) -> Line<'a> {
    let style = match (selected, focused) {
        (true, true) => theme.selected,
        (true, false) => theme.selected_unfocused,
        _ => theme.text,
    };
    Line::styled(pad_to_width(&truncate_to_width(&text, width), width), style)
}

fn visible_rows<'a>(lines: Vec<Line<'a>>, list: &Scrolled, height: usize) -> Vec<Line<'a>> {
    lines.into_iter().skip(list.offset).take(height).collect()
}
