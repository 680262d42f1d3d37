//! The chapter slide: the chapter's title, its sections (or its opening text), and its
//! headline figures as tiles.

use ratatui::text::{Line, Span};

use super::page::{Page, heading, kicker, missing, wrapped};
use super::values::figure_tiles;
use crate::model::{Indicator, Report, Section};
use crate::present::{SlideItem, SlideSpec};
use crate::text::{display_width, pad_to_width};
use crate::ui::{Theme, clean};

pub(super) fn chapter_slide(
    page: &mut Page,
    report: &Report,
    number: u32,
    spec: &SlideSpec,
    theme: &Theme,
) {
    let s = &report.structure;
    let title = match number {
        0 => s.preface().map(|p| p.title.clone()),
        n => s.chapter(n).map(|c| {
            if c.back_matter {
                c.title.clone()
            } else {
                format!("{n}  {}", c.title)
            }
        }),
    };
    let Some(title) = title else {
        return missing(page, &SlideItem::Chapter(number), theme);
    };
    kicker(
        page,
        if number == 0 {
            "Preface 前言".to_string()
        } else if s.chapter(number).is_some_and(|c| c.back_matter) {
            "Back matter 附录".to_string()
        } else {
            format!("Chapter {number} 第{number}章")
        },
        theme,
    );
    heading(
        page,
        spec.title.as_deref().unwrap_or(&title),
        2,
        theme.heading,
    );
    page.gap();
    let sections: Vec<_> = s.sections.iter().filter(|x| x.chapter == number).collect();
    // The report's key figures in this chapter first, then the dashboard's others.
    let mut figures: Vec<&Indicator> = Vec::new();
    for indicator in report
        .key_indicators()
        .into_iter()
        .chain(report.card_indicators())
    {
        if indicator.location.chapter == number && !figures.iter().any(|f| f.id == indicator.id) {
            figures.push(indicator);
        }
    }
    figures.truncate(3);
    // The headline figures keep a name, a period and a line of value.
    let reserve = if figures.is_empty() { 0 } else { 5 };
    if sections.is_empty() {
        // A chapter without sections: its opening text.
        let opening = s
            .paragraphs
            .iter()
            .find(|p| p.location.chapter == number && p.case.is_none());
        if let Some(paragraph) = opening {
            let rows = page.rows_left().saturating_sub(reserve).min(8);
            let lines = wrapped(&paragraph.text, page.width(), rows, theme.text);
            page.lines(lines);
        }
    }
    // A subsection's number is indented one step under its section's.
    let shown_number = |x: &Section| {
        if x.level == 3 {
            format!("  {}", x.number)
        } else {
            x.number.clone()
        }
    };
    let number_width = sections
        .iter()
        .map(|x| display_width(&shown_number(x)))
        .max()
        .unwrap_or(0);
    for section in &sections {
        page.line(Line::from(vec![
            Span::styled(
                pad_to_width(&clean(&shown_number(section)), number_width),
                theme.section,
            ),
            Span::styled(format!("  {}", clean(&section.title)), theme.text),
            Span::styled(format!("  p. {}", section.page), theme.dim),
        ]));
    }
    if !figures.is_empty() && page.rows_left() >= 3 {
        page.gap();
        page.line(Line::styled("Headline figures 主要数据", theme.dim));
        let max_rows = page.height() / 4;
        let rest = page.rest();
        figure_tiles(page.buf, rest, &figures, max_rows, false, theme);
    }
}
