//! The dashboard: the report's figures as cards (value, period and change, the series as
//! values or a sparkline) above the list of chapters.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{main_focused, row};
use crate::app::App;
use crate::model::{Indicator, Report};
use crate::text::truncate_to_width;
use crate::ui::charts::sparkline;
use crate::ui::{Theme, block, clean};

pub(super) fn dashboard(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let report = app.report();
    let block = block(
        format!("{} · {}", report.meta.title, report.meta.school_year),
        main_focused(app),
        theme,
    );
    frame.render_widget(block, area);
    let layout = app.dashboard_layout();
    let cards = report.card_indicators();
    let focused = main_focused(app);
    for (i, (indicator, &rect)) in cards.iter().zip(&layout.cards).enumerate() {
        let selected = focused && i == app.dashboard.selected;
        card(frame, rect, report, indicator, selected, theme);
    }
    let list_area = layout.chapters;
    let width = usize::from(list_area.width);
    let mut lines = vec![Line::styled(
        "Chapters 章节 — Enter opens (a card: its figure)",
        theme.dim,
    )];
    for (i, chapter) in report.structure.chapters.iter().enumerate() {
        let sections = report.structure.sections_of(chapter.number).count();
        let text = format!(
            "{}  · p. {} · {} section{}",
            clean(&chapter.heading()),
            chapter.page,
            sections,
            if sections == 1 { "" } else { "s" }
        );
        lines.push(row(
            text,
            width,
            i + layout.cards.len() == app.dashboard.selected,
            main_focused(app),
            theme,
        ));
    }
    frame.render_widget(Paragraph::new(lines), list_area);
}

fn card(
    frame: &mut Frame,
    area: Rect,
    report: &Report,
    indicator: &Indicator,
    selected: bool,
    theme: &Theme,
) {
    let width = usize::from(area.width.saturating_sub(2));
    let series = report.series(&indicator.series);
    let mut lines = vec![Line::styled(
        truncate_to_width(&clean(&indicator.display_value()), width),
        theme.value,
    )];
    let period = period_and_change(report, indicator, theme);
    lines.push(Line::from(period));
    match series.len() {
        // Two points are a change, not a trend: the values say it (the periods are on
        // the line above).
        2 => lines.push(Line::styled(
            series
                .iter()
                .map(|i| clean(&i.shown_figure()))
                .collect::<Vec<_>>()
                .join(" → "),
            theme.dim,
        )),
        3.. => {
            let values: Vec<f64> = series.iter().map(|i| i.value).collect();
            let ends = [series[0], series[series.len() - 1]]
                .map(|i| format!("{} {}", clean(&i.period), clean(&i.shown_figure())));
            lines.push(Line::from(vec![
                Span::styled(sparkline(&values), theme.bar),
                Span::styled(format!(" {}", ends.join(" … ")), theme.dim),
            ]));
        }
        _ => {}
    }
    let title = truncate_to_width(&clean(&indicator.name), width.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(lines).block(block(title, selected, theme)),
        area,
    );
}

/// The period, and the change against the previous point of the series where the
/// report gives both: `2022学年 ▼780 vs 2021学年 52266` (the dashboard's cards, slides).
pub(in crate::ui) fn period_and_change<'a>(
    report: &Report,
    indicator: &Indicator,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let series = report.series(&indicator.series);
    let position = series.iter().position(|i| i.id == indicator.id);
    let previous = position
        .and_then(|p| p.checked_sub(1))
        .map(|p| series[p])
        .filter(|p| !p.is_derived());
    let mut period = vec![Span::styled(clean(&indicator.period), theme.dim)];
    if let Some(previous) = previous {
        let change = indicator.value - previous.value;
        let decimals = [
            crate::model::split_number(&indicator.value_text).map_or("", |(n, _)| n),
            crate::model::split_number(&previous.value_text).map_or("", |(n, _)| n),
        ]
        .iter()
        .map(|t| {
            t.split('.')
                .nth(1)
                .map_or(0, |d| d.chars().take_while(char::is_ascii_digit).count())
        })
        .max()
        .unwrap_or(0);
        let (arrow, style) = if change >= 0.0 {
            ("▲", theme.up)
        } else {
            ("▼", theme.down)
        };
        period.push(Span::styled(
            format!(" {arrow}{:.*}", decimals, change.abs()),
            style,
        ));
        period.push(Span::styled(
            format!(
                " vs {} {}",
                clean(&previous.period),
                clean(&previous.shown_figure())
            ),
            theme.dim,
        ));
    }
    period
}
