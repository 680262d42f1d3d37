//! The figure slide: a figure's value in big digits, its period and change, notes on how it
//! was found, its chart (its series by period, else its breakdown) and the sentence it was
//! read from.

use ratatui::layout::Rect;
use ratatui::text::Line;

use super::MAX_SCALE;
use super::chart::{thicken, thickness};
use super::page::{Page, heading, wrapped};
use super::values::{draw_value, value_parts, value_scale};
use crate::model::{Indicator, Report};
use crate::present::SlideSpec;
use crate::ui::charts::{Bar, bars};
use crate::ui::views::{breakdown_chart, period_and_change};
use crate::ui::{Theme, clean};

/// An indicator's chart: its series as bars by period (from zero), else the breakdown it
/// belongs to; with the chart's title.
fn indicator_chart<'a>(
    report: &Report,
    indicator: &Indicator,
    width: usize,
    theme: &Theme,
) -> (Option<String>, Vec<Line<'a>>) {
    let series = report.series(&indicator.series);
    if series.len() >= 2 {
        let items: Vec<Bar> = series
            .iter()
            .map(|i| Bar {
                label: clean(&i.period),
                value: i.value,
                printed: clean(&i.display_value()),
            })
            .collect();
        return (None, bars(&items, width, theme.bar, theme.text));
    }
    let breakdown = report.breakdowns.iter().find(|b| {
        b.members.contains(&indicator.id) || b.total.as_deref() == Some(indicator.id.as_str())
    });
    match breakdown {
        Some(b) => (
            Some(clean(&b.title)),
            breakdown_chart(report, b, width, theme),
        ),
        None => (None, Vec::new()),
    }
}

pub(super) fn figure_slide(
    page: &mut Page,
    report: &Report,
    indicator: &Indicator,
    spec: &SlideSpec,
    theme: &Theme,
) {
    let width = page.width();
    heading(
        page,
        spec.title.as_deref().unwrap_or(&indicator.name),
        2,
        theme.heading,
    );
    if !indicator.name_en.is_empty() {
        let lines = wrapped(&indicator.name_en, width, 1, theme.dim);
        page.lines(lines);
    }
    page.gap();
    let period = Line::from(period_and_change(report, indicator, theme));
    let mut notes = Vec::new();
    if indicator.is_derived() {
        notes.push(Line::styled(
            clean(&format!("derived, not printed: = {}", indicator.formula)),
            theme.marker,
        ));
    }
    if !indicator.verified {
        notes.push(Line::styled(
            "unverified: proposed by ingest, not checked",
            theme.marker,
        ));
    }
    let (chart_title, chart) = indicator_chart(report, indicator, width, theme);
    let chart_rows = chart.len() + usize::from(chart_title.is_some());
    let after = 2 + notes.len() + if chart_rows > 0 { 1 + chart_rows } else { 0 };
    let (big, unit) = value_parts(indicator);
    let budget = page
        .rows_left()
        .saturating_sub(after)
        .min(page.height() / 3);
    let scale = value_scale(&big, &unit, width, budget, MAX_SCALE);
    let at = Rect::new(
        page.area.x,
        page.y,
        page.area.width,
        page.rows_left() as u16,
    );
    let used = draw_value(page.buf, at, &big, &unit, scale, theme);
    page.y += used;
    page.gap();
    page.line(period);
    page.lines(notes);
    if chart_rows > 0 && page.rows_left() >= 2 {
        page.gap();
        if let Some(title) = chart_title {
            page.line(Line::styled(title, theme.section));
        }
        // Leave room for a few lines of the source sentence.
        let room = page.rows_left().saturating_sub(4).max(chart.len());
        let thick = thickness(&chart, room);
        page.lines(thicken(chart, thick));
    }
    if page.rows_left() >= 2 && !indicator.source.is_empty() {
        page.gap();
        let rows = page.rows_left();
        let quoted = format!("原文 “{}”", indicator.source.trim());
        let lines = wrapped(&quoted, width, rows, theme.dim);
        page.lines(lines);
    }
}
