//! The case slide: a case's title, schools and opening text, with the figures it quotes.

use ratatui::text::Line;

use super::footer::place;
use super::page::{Page, heading, kicker, missing, wrapped};
use super::values::figure_tiles;
use crate::model::{Indicator, Report};
use crate::present::{SlideItem, SlideSpec};
use crate::ui::{Theme, clean};

/// The figures whose source sentence is in the case's text.
fn quoted_figures<'r>(report: &'r Report, case: &crate::model::Case) -> Vec<&'r Indicator> {
    let text: String = case
        .paragraphs
        .iter()
        .filter_map(|&p| report.structure.paragraphs.get(p))
        .map(|p| crate::text::compact(&p.text))
        .collect::<Vec<_>>()
        .join("\n");
    report
        .indicators
        .iter()
        // A sentence of the case is placed where the case is.
        .filter(|i| i.location == case.location && !i.source.trim().is_empty())
        .filter(|i| text.contains(&crate::text::compact(&i.source)))
        .collect()
}

pub(super) fn case_slide(
    page: &mut Page,
    report: &Report,
    number: &str,
    spec: &SlideSpec,
    theme: &Theme,
) {
    let Some(case) = report.structure.case(number) else {
        return missing(page, &SlideItem::Case(number.to_string()), theme);
    };
    kicker(
        page,
        format!("Case {} · {}", case.name(), place(report, &case.location)),
        theme,
    );
    heading(
        page,
        spec.title.as_deref().unwrap_or(&case.title),
        3,
        theme.case_title,
    );
    let schools: Vec<String> = report
        .schools_of_case(&case.id)
        .map(|x| clean(&x.name))
        .collect();
    if !schools.is_empty() {
        page.line(Line::styled(schools.join("、"), theme.section));
    }
    page.gap();
    let figures = quoted_figures(report, case);
    // The figures keep a label and a few lines (more figures than fit say how many).
    let reserve = if figures.is_empty() {
        0
    } else {
        3 + figures.len().min(4)
    };
    if let Some(&first) = case.paragraphs.first() {
        let rows = page.rows_left().saturating_sub(reserve).max(1);
        let text = &report.structure.paragraphs[first].text;
        let lines = wrapped(text, page.width(), rows, theme.text);
        page.lines(lines);
    }
    if !figures.is_empty() && page.rows_left() >= 3 {
        page.gap();
        page.line(Line::styled("Figures it quotes 案例数据", theme.dim));
        let max_rows = page.height() / 4;
        let rest = page.rest();
        figure_tiles(page.buf, rest, &figures, max_rows, true, theme);
    }
}
