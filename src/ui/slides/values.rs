//! Figures' values drawn big: split into the big part and its unit, the largest scale that
//! fits, drawn in big digits (or normal text); and several figures as tiles in a row, or as
//! a list where tiles do not fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::MAX_SCALE;
use super::page::put;
use crate::model::Indicator;
use crate::present::digits;
use crate::text::display_width;
use crate::ui::{Theme, clean};

/// A figure's value split for drawing: what is drawn big (the figure, with `%`, `‰` or
/// `:1` when that is its unit) and the unit beside it in normal size (`人`, `个百分点`).
pub(super) fn value_parts(indicator: &Indicator) -> (String, String) {
    let shown = clean(&indicator.shown_figure());
    let display = clean(&indicator.display_value());
    match display.strip_prefix(shown.as_str()) {
        Some(rest) if rest.starts_with(' ') => (shown, rest.trim().to_string()),
        _ => (display, String::new()),
    }
}

/// The largest scale at which a value and its unit (a space and the unit beside the big
/// digits) fit whole, if any.
pub(super) fn value_scale(
    big: &str,
    unit: &str,
    columns: usize,
    rows: usize,
    max: usize,
) -> Option<usize> {
    let unit_width = if unit.is_empty() {
        0
    } else {
        1 + display_width(unit)
    };
    digits::fitting_scale(big, columns.checked_sub(unit_width)?, rows, max)
}

/// Draws a value big at a scale (its unit beside the last row), or in normal size without
/// one. Returns the rows used.
pub(super) fn draw_value(
    buf: &mut Buffer,
    at: Rect,
    big: &str,
    unit: &str,
    scale: Option<usize>,
    theme: &Theme,
) -> u16 {
    if at.is_empty() {
        return 0;
    }
    let unit_span =
        |unit: &str| (!unit.is_empty()).then(|| Span::styled(format!(" {unit}"), theme.value));
    let Some(scale) = scale else {
        let mut spans = vec![Span::styled(big.to_string(), theme.value)];
        spans.extend(unit_span(unit));
        put(buf, at.x, at.y, at.width, Line::from(spans));
        return 1;
    };
    let lines = digits::render(big, scale);
    let count = lines.len();
    for (row, text) in lines.into_iter().enumerate() {
        let mut spans = vec![Span::styled(text, theme.value)];
        if row + 1 == count {
            spans.extend(unit_span(unit));
        }
        put(buf, at.x, at.y + row as u16, at.width, Line::from(spans));
    }
    count as u16
}

/// A figure in a list: `99.55%  毕业去向落实率 · 2022学年`.
fn figure_row<'a>(indicator: &Indicator, theme: &Theme) -> Line<'a> {
    let mut spans = vec![
        Span::styled(clean(&indicator.display_value()), theme.value),
        Span::styled(format!("  {}", clean(&indicator.name)), theme.text),
    ];
    if !indicator.period.is_empty() {
        spans.push(Span::styled(
            format!(" · {}", clean(&indicator.period)),
            theme.dim,
        ));
    }
    Line::from(spans)
}

/// Figures as tiles in a row (up to three), each value big at one scale for all, its name
/// and period below: as many figures as fit, then the largest scale. A list, one figure a
/// line, where not even the first two fit as tiles. With `more`, a note says how many
/// figures were left out.
pub(super) fn figure_tiles(
    buf: &mut Buffer,
    area: Rect,
    figures: &[&Indicator],
    max_rows: usize,
    more: bool,
    theme: &Theme,
) {
    if figures.is_empty() || area.is_empty() {
        return;
    }
    let least = figures.len().min(2);
    // A tile: the value, its name, its period.
    let value_rows = usize::from(area.height).saturating_sub(2).min(max_rows);
    let best = (least..=figures.len().min(3))
        .filter_map(|count| {
            let tile_width = usize::from(area.width) / count;
            let scale = figures[..count]
                .iter()
                .map(|i| {
                    let (big, unit) = value_parts(i);
                    value_scale(
                        &big,
                        &unit,
                        tile_width.saturating_sub(2),
                        value_rows,
                        MAX_SCALE,
                    )
                })
                .min()
                .flatten()?;
            Some((count, scale))
        })
        .max();
    let Some((count, scale)) = best else {
        return figure_list(buf, area, figures, theme);
    };
    let tile_width = area.width / count as u16;
    for (i, indicator) in figures[..count].iter().enumerate() {
        let (big, unit) = value_parts(indicator);
        let x = area.x + i as u16 * tile_width;
        let width = tile_width.saturating_sub(2);
        let at = Rect::new(x, area.y, width, area.height);
        let mut y = area.y + draw_value(buf, at, &big, &unit, Some(scale), theme);
        if y < area.bottom() {
            // `put` cuts the name to the tile.
            let name = clean(&indicator.name);
            put(buf, x, y, width, Line::styled(name, theme.text));
            y += 1;
        }
        if y < area.bottom() && !indicator.period.is_empty() {
            put(
                buf,
                x,
                y,
                width,
                Line::styled(clean(&indicator.period), theme.dim),
            );
            y += 1;
        }
        if more && i + 1 == count && count < figures.len() && y < area.bottom() {
            put(
                buf,
                x,
                y,
                width,
                Line::styled(format!("and {} more", figures.len() - count), theme.dim),
            );
        }
    }
}

/// Figures one a line, with how many more there are where they do not all fit.
fn figure_list(buf: &mut Buffer, area: Rect, figures: &[&Indicator], theme: &Theme) {
    let rows = usize::from(area.height);
    let shown = if figures.len() > rows {
        rows.saturating_sub(1)
    } else {
        figures.len()
    };
    for (row, indicator) in figures[..shown].iter().enumerate() {
        put(
            buf,
            area.x,
            area.y + row as u16,
            area.width,
            figure_row(indicator, theme),
        );
    }
    if shown < figures.len() && rows > 0 {
        put(
            buf,
            area.x,
            area.y + shown as u16,
            area.width,
            Line::styled(format!("and {} more", figures.len() - shown), theme.dim),
        );
    }
}
