//! The overview: the deck as a grid of tiles (number, title, one line of detail), the chosen
//! one marked, key hints at the bottom.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::comparison::compared;
use super::page::put;
use crate::app::App;
use crate::app::keymap::{Mode, mode_hints};
use crate::app::layout::Overview;
use crate::app::present::Presentation;
use crate::model::Report;
use crate::present::{SlideItem, SlideSpec};
use crate::text::{display_width, pad_to_width, truncate_to_width};
use crate::ui::{Theme, clean};

/// The overview: a tile per slide (number, title, one line of detail), the chosen one
/// marked, the one being shown named in the heading, key hints at the bottom.
pub(super) fn overview(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    presentation: &Presentation,
    selected: usize,
    theme: &Theme,
) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let grid = Overview::for_area(area);
    let count = presentation.deck.len();
    let mut heading = format!(
        "Overview 总览 · {count} slides · showing slide {}",
        presentation.current + 1
    );
    if !presentation.typed.is_empty() {
        heading.push_str(&format!(" · go to slide {} · Enter", presentation.typed));
    }
    put(
        buf,
        grid.heading.x,
        grid.heading.y,
        grid.heading.width,
        Line::styled(heading, theme.title),
    );
    let report = app.report();
    for (index, spec) in presentation.deck.slides.iter().enumerate() {
        if let Some(rect) = grid.tile(index, selected) {
            tile(buf, rect, report, spec, index, index == selected, theme);
        }
    }
    if grid.hints.height > 0 {
        let mut spans = Vec::new();
        let mut used = 0;
        for (key, help) in mode_hints(app.keymap(), Mode::Present) {
            let piece = display_width(key) + display_width(help) + 3;
            if used + piece > usize::from(grid.hints.width) {
                break;
            }
            used += piece;
            spans.push(Span::styled(format!(" {key}"), theme.key));
            spans.push(Span::styled(format!(" {help} "), theme.dim));
        }
        put(
            buf,
            grid.hints.x,
            grid.hints.y,
            grid.hints.width,
            Line::from(spans),
        );
    }
}

/// A slide's title and one line of detail, for its tile in the overview.
fn tile_text(report: &Report, spec: &SlideSpec) -> (String, String) {
    let s = &report.structure;
    let (title, detail) = match &spec.item {
        SlideItem::Title => (
            report.meta.title.clone(),
            [
                report.meta.region.as_str(),
                report.meta.school_year.as_str(),
            ]
            .iter()
            .filter(|t| !t.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · "),
        ),
        SlideItem::Indicator(id) => match report.indicator(id) {
            Some(i) => (
                i.name.clone(),
                [i.display_value(), i.period.clone()]
                    .iter()
                    .filter(|t| !t.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" · "),
            ),
            None => (id.clone(), String::new()),
        },
        SlideItem::Chapter(0) => (
            s.preface()
                .map_or_else(|| "preface".to_string(), |p| p.title.clone()),
            "Preface".to_string(),
        ),
        SlideItem::Chapter(n) => match s.chapter(*n) {
            Some(c) => {
                let sections = s.sections_of(*n).count();
                (
                    c.heading(),
                    format!(
                        "{sections} section{} · p. {}",
                        if sections == 1 { "" } else { "s" },
                        c.page
                    ),
                )
            }
            None => (format!("chapter:{n}"), String::new()),
        },
        SlideItem::Case(n) => match s.case(n) {
            Some(case) => (format!("{} {}", case.name(), case.title), {
                report
                    .schools_of_case(&case.id)
                    .map(|x| x.name.clone())
                    .collect::<Vec<_>>()
                    .join("、")
            }),
            None => (format!("case:{n}"), String::new()),
        },
        SlideItem::Breakdown(id) => match report.breakdown(id) {
            Some(b) => (
                b.title.clone(),
                match compared(report, b) {
                    Some(other) => format!("vs {}", other.title),
                    None => format!("{} parts", b.members.len()),
                },
            ),
            None => (id.clone(), String::new()),
        },
    };
    (spec.title.clone().unwrap_or(title), detail)
}

pub(super) fn tile(
    buf: &mut Buffer,
    rect: Rect,
    report: &Report,
    spec: &SlideSpec,
    index: usize,
    selected: bool,
    theme: &Theme,
) {
    let (title, detail) = tile_text(report, spec);
    let border = if selected {
        theme.border_focused
    } else {
        theme.border
    };
    let block = Block::bordered().border_style(border).title(Span::styled(
        format!(" {} ", index + 1),
        if selected { theme.title } else { theme.dim },
    ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let width = usize::from(inner.width);
    if inner.height > 0 {
        let text = pad_to_width(&truncate_to_width(&clean(&title), width), width);
        let style = if selected {
            theme.selected
        } else {
            theme.heading
        };
        put(
            buf,
            inner.x,
            inner.y,
            inner.width,
            Line::styled(text, style),
        );
    }
    if inner.height > 1 {
        put(
            buf,
            inner.x,
            inner.y + 1,
            inner.width,
            Line::styled(clean(&detail), theme.dim),
        );
    }
}
