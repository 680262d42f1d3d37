//! The indicators view: the table of figures (sort arrow in the heading, numbers aligned)
//! and the chosen figure's detail: how it was read, its series, its breakdown chart and
//! its source sentence.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{main_focused, paragraph_lines, row, visible_rows};
use crate::app::indicators::{Column, column_widths};
use crate::app::layout::{inner, list_view_areas};
use crate::app::{App, View};
use crate::model::{BreakdownKind, Indicator, Report};
use crate::text::{pad_to_width, truncate_to_width};
use crate::ui::charts::{Bar, bars, paired_bars, sparkline};
use crate::ui::{Theme, block, clean, input_window};

pub(super) fn indicators(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let report = app.report();
    let table = &app.indicators;
    let (list_area, detail_area) = list_view_areas(area, View::Indicators);
    let mut title = format!(
        "Indicators 指标 · {}/{}",
        table.rows.len(),
        report.indicators.len()
    );
    if let Some(chapter) = table.chapter {
        title.push_str(&format!(" · chapter {chapter}"));
    }
    // Where the caret goes while the filter is edited: the terminal's own cursor, so an
    // input method's candidate window appears there, as in the finder.
    let mut caret_column = None;
    if !table.filter.is_empty() || table.editing {
        let (shown, caret) = input_window(&table.filter, 24);
        title.push_str(" · filter: ");
        caret_column = Some(crate::text::display_width(&title) + caret);
        title.push_str(&shown);
    }
    let inner_area = inner(list_area);
    let width = usize::from(inner_area.width);
    let widths = column_widths(width, report);
    let header: Vec<Span> = Column::ALL
        .iter()
        .zip(&widths)
        .map(|(column, &w)| {
            let arrow = match (table.sort == *column, table.descending) {
                (true, false) => " ▲",
                (true, true) => " ▼",
                _ => "",
            };
            Span::styled(
                table_cell(&format!("{}{arrow}", column.title()), w, *column),
                theme.title,
            )
        })
        .collect();
    let mut lines = vec![Line::from(header)];
    let rows: Vec<Line> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, &index)| {
            let indicator = &report.indicators[index];
            // The unit column shows the unit: `0.2‰`'s sign is not repeated beside it.
            let figure = indicator.shown_figure();
            let mut value = figure
                .strip_suffix(indicator.unit.as_str())
                .filter(|number| !number.is_empty() && !indicator.unit.is_empty())
                .unwrap_or(&figure)
                .to_string();
            // ≠: the figure takes part in a relation that does not add up (a: audit).
            if app.audit.flags(&indicator.id) {
                value.push('≠');
            }
            if !indicator.verified {
                value.push_str(" ?");
            }
            let cells = [
                indicator.name.clone(),
                value,
                indicator.unit.clone(),
                indicator.period.clone(),
                indicator.location.label(),
            ];
            let text: String = cells
                .iter()
                .zip(&widths)
                .zip(Column::ALL)
                .map(|((cell, &w), column)| table_cell(&clean(cell), w, column))
                .collect();
            row(
                text,
                width,
                i == app.indicator_rows.selected,
                main_focused(app),
                theme,
            )
        })
        .collect();
    let body_height = usize::from(inner_area.height).saturating_sub(1);
    lines.extend(visible_rows(rows, &app.indicator_rows, body_height));
    frame.render_widget(
        Paragraph::new(lines).block(block(title, main_focused(app), theme)),
        list_area,
    );
    // The title starts after the corner and a space.
    if let Some(column) = caret_column.filter(|_| table.editing) {
        let x = list_area.x as usize + 2 + column;
        if x + 1 < usize::from(list_area.right()) {
            frame.set_cursor_position(ratatui::layout::Position::new(x as u16, list_area.y));
        }
    }
    if let Some(indicator) = table.selected_indicator(report) {
        let slips: Vec<String> = app
            .audit
            .inconsistencies_of(&indicator.id)
            .map(|f| f.relation.clone())
            .collect();
        indicator_detail(frame, detail_area, report, (indicator, &slips), theme);
    }
}

/// A cell of the indicators table, cut to its column: numbers right-aligned so their
/// digits line up, text left-aligned; a space after each column.
fn table_cell(text: &str, width: usize, column: Column) -> String {
    let cut = truncate_to_width(text, width);
    if column == Column::Value {
        let gap = width.saturating_sub(crate::text::display_width(&cut));
        format!("{}{cut} ", " ".repeat(gap))
    } else {
        pad_to_width(&cut, width + 1)
    }
}

fn indicator_detail(
    frame: &mut Frame,
    area: Rect,
    report: &Report,
    (indicator, slips): (&Indicator, &[String]),
    theme: &Theme,
) {
    let width = usize::from(inner(area).width);
    let mut lines = vec![
        Line::styled(clean(&indicator.name_en), theme.dim),
        Line::from(vec![
            Span::styled(clean(&indicator.display_value()), theme.value),
            Span::styled(
                format!("  {}  {}", clean(&indicator.period), indicator.scope),
                theme.dim,
            ),
        ]),
        Line::styled(
            format!(
                "section {} · p. {}",
                indicator.location.label(),
                indicator.page
            ),
            theme.dim,
        ),
    ];
    if indicator.is_derived() {
        lines.push(Line::styled(
            format!("derived, not printed: = {}", clean(&indicator.formula)),
            theme.marker,
        ));
    }
    if !indicator.value_text.is_empty() && indicator.value_text != indicator.shown_figure() {
        // The report's own words for the figure: 400多, 下降 4.58%.
        let qualifier = indicator
            .qualifier
            .map(|q| format!(" ({})", q.name().replace('-', " ")))
            .unwrap_or_default();
        lines.push(Line::styled(
            format!("printed: {}{qualifier}", clean(&indicator.value_text)),
            theme.dim,
        ));
    }
    if !slips.is_empty() {
        lines.push(Line::styled(
            format!("≠ does not add up: {} (a: audit)", clean(&slips.join(", "))),
            theme.marker,
        ));
    }
    if !indicator.verified {
        lines.push(Line::styled(
            "unverified: proposed by ingest, not checked",
            theme.marker,
        ));
    }
    let series = report.series(&indicator.series);
    if series.len() >= 2 {
        let values: Vec<f64> = series.iter().map(|i| i.value).collect();
        let points: Vec<String> = series
            .iter()
            .map(|i| format!("{} {}", i.period, i.display_value()))
            .collect();
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled(sparkline(&values), theme.bar),
            Span::styled(format!(" {}", clean(&points.join(" → "))), theme.text),
        ]));
    }
    if let Some(breakdown) = report
        .breakdowns
        .iter()
        .find(|b| b.members.contains(&indicator.id) || b.total.as_deref() == Some(&indicator.id))
    {
        lines.push(Line::default());
        lines.push(Line::styled(clean(&breakdown.title), theme.section));
        lines.extend(breakdown_chart(report, breakdown, width, theme));
    }
    lines.push(Line::default());
    lines.push(Line::styled("Source 原文 — Enter jumps there", theme.dim));
    lines.extend(paragraph_lines(&indicator.source, width, theme.text));
    frame.render_widget(
        Paragraph::new(lines).block(block(clean(&indicator.name), false, theme)),
        area,
    );
}

fn member_bars(report: &Report, ids: &[String]) -> Vec<Bar> {
    ids.iter()
        .filter_map(|id| report.indicator(id))
        .map(|i| Bar {
            label: clean(i.name.rsplit('：').next().unwrap_or(&i.name)),
            value: i.value,
            printed: clean(&i.display_value()),
        })
        .collect()
}

pub(in crate::ui) fn breakdown_chart<'a>(
    report: &Report,
    breakdown: &crate::model::Breakdown,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let own = member_bars(report, &breakdown.members);
    let other = breakdown
        .compare_with
        .as_deref()
        .and_then(|id| report.breakdown(id));
    match other {
        Some(other) if breakdown.kind == BreakdownKind::Compare => {
            let theirs = member_bars(report, &other.members);
            let labels: Vec<String> = own.iter().map(|b| b.label.clone()).collect();
            paired_bars(
                &labels,
                (&clean(&breakdown.title), &own),
                (&clean(&other.title), &theirs),
                width,
                (theme.bar, theme.bar_other),
                theme.text,
            )
        }
        _ => bars(&own, width, theme.bar, theme.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicator_columns_fit_the_table_width() {
        let report = crate::dataset::Dataset::embedded()
            .unwrap()
            .reports
            .remove(0);
        for width in [41, 54, 80, 120] {
            let widths = column_widths(width, &report);
            assert!(
                widths.iter().sum::<usize>() + 5 <= width,
                "{width}: {widths:?}"
            );
        }
    }
}
