//! The comparison slide: a breakdown's chart, or two breakdowns the report compares side by
//! side, with its total.

use ratatui::text::{Line, Span};

use super::chart::{thicken, thickness};
use super::page::{Page, heading, kicker, missing, wrapped};
use crate::model::{BreakdownKind, Report};
use crate::present::{SlideItem, SlideSpec};
use crate::ui::views::breakdown_chart;
use crate::ui::{Theme, clean};

/// The breakdown a breakdown is compared with, if the report compares them.
pub(super) fn compared<'r>(
    report: &'r Report,
    breakdown: &crate::model::Breakdown,
) -> Option<&'r crate::model::Breakdown> {
    breakdown
        .compare_with
        .as_deref()
        .and_then(|id| report.breakdown(id))
        .filter(|_| breakdown.kind == BreakdownKind::Compare)
}

pub(super) fn breakdown_slide(
    page: &mut Page,
    report: &Report,
    id: &str,
    spec: &SlideSpec,
    theme: &Theme,
) {
    let Some(breakdown) = report.breakdown(id) else {
        return missing(page, &SlideItem::Breakdown(id.to_string()), theme);
    };
    let other = compared(report, breakdown);
    kicker(
        page,
        if other.is_some() {
            "Comparison 对比".to_string()
        } else {
            "Breakdown 构成".to_string()
        },
        theme,
    );
    let title = match other {
        Some(other) => format!("{} · {}", breakdown.title, other.title),
        None => breakdown.title.clone(),
    };
    heading(
        page,
        spec.title.as_deref().unwrap_or(&title),
        2,
        theme.heading,
    );
    let english = match other {
        Some(other) if !breakdown.title_en.is_empty() => {
            format!("{} / {}", breakdown.title_en, other.title_en)
        }
        _ => breakdown.title_en.clone(),
    };
    if !english.is_empty() {
        let lines = wrapped(&english, page.width(), 1, theme.dim);
        page.lines(lines);
    }
    page.gap();
    let chart = breakdown_chart(report, breakdown, page.width(), theme);
    let total = breakdown
        .total
        .as_deref()
        .and_then(|t| report.indicator(t))
        .map(|t| {
            Line::from(vec![
                Span::styled("Total 合计 ", theme.dim),
                Span::styled(clean(&t.display_value()), theme.value),
            ])
        });
    let room = page
        .rows_left()
        .saturating_sub(usize::from(total.is_some()) * 2);
    let thick = thickness(&chart, room);
    page.lines(thicken(chart, thick));
    if let Some(total) = total {
        page.gap();
        page.line(total);
    }
}
