//! The title slide: the report's title (and the deck's, if it names one), region,
//! publisher and years, under the report's year in big digits where that fits calmly.

use ratatui::text::Line;

use super::MAX_SCALE;
use super::page::{Page, wrapped};
use super::values::value_scale;
use crate::model::Report;
use crate::present::{SlideSpec, digits};
use crate::ui::{Theme, clean};

pub(super) fn title_slide(page: &mut Page, report: &Report, spec: &SlideSpec, theme: &Theme) {
    let meta = &report.meta;
    let width = page.width();
    let mut block: Vec<Line> = Vec::new();
    let heading = spec.title.as_deref().unwrap_or(&meta.title);
    block.extend(wrapped(heading, width, 3, theme.title));
    if spec.title.is_some() {
        block.extend(wrapped(&meta.title, width, 2, theme.text));
    }
    if !meta.title_en.is_empty() {
        block.extend(wrapped(&meta.title_en, width, 2, theme.dim));
    }
    block.push(Line::default());
    // What the report's data says, and nothing more: the publisher only where
    // report.csv names one.
    let region = match (meta.region.as_str(), meta.region_en.as_str()) {
        ("", "") => String::new(),
        (region, "") => region.to_string(),
        ("", english) => english.to_string(),
        (region, english) => format!("{region} · {english}"),
    };
    if !region.is_empty() {
        block.push(Line::styled(clean(&region), theme.text));
    }
    let publisher = meta.publisher.trim();
    if !publisher.is_empty() {
        block.extend(wrapped(
            &format!("Publisher 发布单位 {publisher}"),
            width,
            2,
            theme.text,
        ));
    }
    let years: Vec<String> = [
        (!meta.school_year.is_empty()).then(|| format!("School year 学年 {}", meta.school_year)),
        (!meta.calendar_year.is_empty()).then(|| format!("report {}", meta.calendar_year)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !years.is_empty() {
        block.push(Line::styled(clean(&years.join(" · ")), theme.text));
    }
    // The report's year in big digits above, where it fits calmly.
    let year = clean(&meta.calendar_year);
    let rows_left = page.rows_left().saturating_sub(block.len() + 1);
    let scale = value_scale(
        &year,
        "",
        width,
        rows_left.min(page.height() / 4),
        MAX_SCALE,
    );
    let big_rows = scale.map_or(0, |s| digits::height(s) + 1);
    let top = page.rows_left().saturating_sub(block.len() + big_rows) / 2;
    page.y += top as u16;
    if let Some(scale) = scale {
        for line in digits::render(&year, scale) {
            page.centred(Line::styled(line, theme.value));
        }
        page.gap();
    }
    for line in block {
        page.centred(line);
    }
}
