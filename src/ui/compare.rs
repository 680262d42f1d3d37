//! The report picker and the Compare view, drawn as popups over the explorer; their key
//! hints come from the keymap, every data string is escaped.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::charts::{Bar, bars, paired_bars};
use super::{Theme, block, clean, input_window, popups};
use crate::app::App;
use crate::app::compare::Chart;
use crate::app::keymap::{Mode, mode_hints};
use crate::app::layout::centred;
use crate::app::picker::ReportPicker;
use crate::compare::{self, Row};
use crate::concepts::Concept;
use crate::model::{Report, ReportMeta};
use crate::text::{display_width, pad_to_width, truncate_to_width, wrap};

/// Both popups take the screen but a margin, up to a comfortable width.
fn popup_area(area: Rect) -> Rect {
    centred(
        area,
        area.width.saturating_sub(4).clamp(1, 110),
        area.height.saturating_sub(2).max(1),
    )
}

/// The popup's frame: its title, and the mode's key hints along the bottom border.
fn frame_popup(
    frame: &mut Frame,
    popup: Rect,
    app: &App,
    mode: Mode,
    title: String,
    theme: &Theme,
) {
    popups::clear(frame, popup, theme);
    let hints: Vec<String> = mode_hints(app.keymap(), mode)
        .into_iter()
        .map(|(key, help)| format!("{key} {help}"))
        .collect();
    let keys = Line::styled(format!(" {} ", hints.join(" · ")), theme.dim);
    frame.render_widget(block(title, true, theme).title_bottom(keys), popup);
}

/// The inside of a popup, or `None` when too small to hold anything.
fn inside(popup: Rect) -> Option<Rect> {
    let inner = crate::app::layout::inner(popup);
    (inner.width >= 4 && inner.height >= 1).then_some(inner)
}

pub fn picker(frame: &mut Frame, area: Rect, app: &App, picker: &ReportPicker, theme: &Theme) {
    let popup = popup_area(area);
    let reports = app.catalog();
    let title = format!(
        "Reports 报告 · {} of {}, by region and year",
        picker.shown.len(),
        reports.len()
    );
    frame_popup(frame, popup, app, Mode::Picker, title, theme);
    let Some(body) = inside(popup) else { return };
    let prompt = "› ";
    let room = usize::from(body.width).saturating_sub(display_width(prompt));
    let (shown, caret) = input_window(&picker.input, room);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.key),
            Span::styled(shown, theme.text),
        ])),
        Rect::new(body.x, body.y, body.width, 1),
    );
    let caret = (display_width(prompt) + caret).min(usize::from(body.width) - 1);
    frame.set_cursor_position(Position::new(body.x + caret as u16, body.y));
    let rows = usize::from(body.height.saturating_sub(1));
    if rows == 0 {
        return;
    }
    let width = usize::from(body.width);
    let first = picker.selected.saturating_sub(rows - 1);
    let mut lines: Vec<Line> = picker
        .shown
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(row, &index)| {
            let current = if index == app.report_index() {
                "●"
            } else {
                " "
            };
            let text = truncate_to_width(
                &format!(
                    "{current} {}",
                    reports.meta(index).map(report_line).unwrap_or_default()
                ),
                width,
            );
            let style = if row == picker.selected {
                theme.selected
            } else {
                theme.text
            };
            Line::styled(pad_to_width(&text, width), style)
        })
        .collect();
    if picker.shown.is_empty() {
        lines.push(Line::styled(
            truncate_to_width(
                "No report matches: try fewer characters or pinyin initials",
                width,
            ),
            theme.dim,
        ));
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(body.x, body.y + 1, body.width, body.height - 1),
    );
}

/// `嘉兴市  市级  2023  2022学年  jiaxing-2023  嘉兴市中等职业教育质量年度报告`.
fn report_line(meta: &ReportMeta) -> String {
    let parts = [
        pad_to_width(&clean(&meta.region), 10),
        pad_to_width(meta.level.map_or("", |l| l.name_zh()), 4),
        pad_to_width(&clean(&meta.calendar_year), 4),
        pad_to_width(&clean(&meta.school_year), 8),
        clean(&meta.id),
        clean(&meta.title),
    ];
    parts.join("  ")
}

pub fn compare(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let popup = popup_area(area);
    let panel = &app.compare;
    let title = match panel.concept() {
        Some(concept) if panel.chart != Chart::SideBySide => format!(
            "Compare 比较 · {} · {} {}",
            panel.chart.title(),
            concept.name,
            concept.name_en
        ),
        _ => format!("Compare 比较 · {}", panel.chart.title()),
    };
    frame_popup(frame, popup, app, Mode::Compare, title, theme);
    let Some(body) = inside(popup) else { return };
    let width = usize::from(body.width);
    let mut lines = vec![chart_tabs(panel.chart, width, theme)];
    match (panel.chart, panel.concept()) {
        (_, None) => lines.extend(note(
            "No report of this dataset maps a figure to a concept (the concept column of indicators.csv; docs/concepts.md).",
            width,
            theme,
        )),
        (Chart::SideBySide, _) => lines.extend(side_by_side(app, width, theme)),
        (chart, Some(concept)) => lines.extend(one_concept(app, chart, concept, width, theme)),
    }
    let lines: Vec<Line> = lines.into_iter().take(usize::from(body.height)).collect();
    frame.render_widget(Paragraph::new(lines), body);
}

/// `[across regions]  across years  side by side`, the shown one marked; only the shown
/// one where all three do not fit.
fn chart_tabs<'a>(shown: Chart, width: usize, theme: &Theme) -> Line<'a> {
    let label = |chart: Chart| {
        if chart == shown {
            format!("[{}] ", chart.title())
        } else {
            format!(" {}  ", chart.title())
        }
    };
    let all: usize = Chart::ALL.iter().map(|&c| display_width(&label(c))).sum();
    let charts: Vec<Chart> = if all <= width {
        Chart::ALL.to_vec()
    } else {
        vec![shown]
    };
    Line::from(
        charts
            .into_iter()
            .map(|chart| {
                let style = if chart == shown {
                    theme.tab_active
                } else {
                    theme.tab
                };
                Span::styled(truncate_to_width(&label(chart), width), style)
            })
            .collect::<Vec<_>>(),
    )
}

fn note<'a>(text: &str, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    wrap(text, width.max(1))
        .into_iter()
        .map(|l| Line::styled(l, theme.dim))
        .collect()
}

/// One concept across regions (for the chosen year) or across years (for the chosen
/// region): its heading, a bar per report, the marks' legend and each figure's source.
fn one_concept<'a>(
    app: &App,
    chart: Chart,
    concept: &Concept,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let panel = &app.compare;
    let all = app.compare_rows();
    let (subject, rows) = match chart {
        Chart::AcrossYears => (
            clean(&panel.region),
            compare::across_years(&all, &panel.region),
        ),
        _ => (
            clean(&panel.year),
            compare::across_regions(&all, &panel.year),
        ),
    };
    let mut lines = vec![
        Line::styled(
            truncate_to_width(
                &format!(
                    "{} · {} · {} · {}",
                    clean(&concept.name),
                    clean(&concept.name_en),
                    clean(&concept.units.join(" ")),
                    concept.direction.label()
                ),
                width,
            ),
            theme.heading,
        ),
        Line::styled(
            truncate_to_width(&format!("◂ {subject} ▸  ({} reports)", rows.len()), width),
            theme.title,
        ),
        Line::default(),
    ];
    if rows.is_empty() {
        let what = if chart == Chart::AcrossYears {
            "region"
        } else {
            "year"
        };
        lines.extend(note(
            &format!(
                "No report of {subject} gives this measure for its own year; ← → another {what}."
            ),
            width,
            theme,
        ));
        return lines;
    }
    let items: Vec<Bar> = rows
        .iter()
        .map(|row| Bar {
            label: bar_label(row, chart),
            value: row.scaled_value(concept).unwrap_or(0.0),
            printed: printed(row),
        })
        .collect();
    lines.extend(bars(&items, width, theme.bar, theme.text));
    lines.extend(legend(&rows, width, theme));
    lines.push(Line::default());
    lines.extend(rows.iter().map(|row| source_line(row, width, theme)));
    lines
}

/// A bar's label: the region and level across regions, the year and period across years.
fn bar_label(row: &Row, chart: Chart) -> String {
    let meta = &row.report.meta;
    match chart {
        Chart::AcrossYears => clean(&format!("{} {}", meta.calendar_year, row.indicator.period)),
        _ => clean(&format!(
            "{} {}",
            meta.region,
            meta.level.map_or("", |l| l.name_zh())
        )),
    }
}

/// The figure as printed, with its unit and marks: `≈13.02:1`, `98.76% ?`.
fn printed(row: &Row) -> String {
    let mut text = clean(&row.indicator.display_value());
    if row.is_unverified() {
        text.push_str(" ?");
    }
    text
}

/// What the marks mean, for the marks shown.
fn legend<'a>(rows: &[Row], width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    if rows.iter().any(Row::is_qualified) {
        lines.push("+ ≥ ≈ ≲ <  qualified: the report gives no exact figure");
    }
    if rows.iter().any(Row::is_unverified) {
        lines.push("?  unverified: proposed by ingest, nobody has checked it");
    }
    lines
        .into_iter()
        .map(|l| Line::styled(truncate_to_width(l, width), theme.dim))
        .collect()
}

/// `jiaxing-2023 · 2022学年 · §1.3 p. 4 · 2022 学年，嘉兴市中职学校专任教师数 …`.
fn source_line<'a>(row: &Row, width: usize, theme: &Theme) -> Line<'a> {
    let indicator = row.indicator;
    let text = format!(
        "{} · {} · §{} p. {} · {}",
        row.report.meta.id,
        if indicator.period.is_empty() {
            "—"
        } else {
            &indicator.period
        },
        indicator.location.label(),
        indicator.page,
        indicator.source
    );
    Line::styled(truncate_to_width(&clean(&text), width), theme.dim)
}

/// The current report and the other one, a pair of bars per concept both map, each pair
/// scaled on its own (the concepts have different units).
fn side_by_side<'a>(app: &App, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let current = app.report();
    let Some(other) = app.compare_other() else {
        return note(
            "One report only: load a collection (--data DIR) to set two reports side by side.",
            width,
            theme,
        );
    };
    let name = |r: &Report| {
        clean(&format!(
            "{} {} {}",
            r.meta.id, r.meta.region, r.meta.calendar_year
        ))
    };
    let pairs = compare::shared(current, other);
    let mut lines = vec![
        Line::styled(
            truncate_to_width(
                &format!("◂ {} ▸  ({} shared measures)", name(other), pairs.len()),
                width,
            ),
            theme.title,
        ),
        Line::default(),
    ];
    if pairs.is_empty() {
        lines.extend(note(
            "The two reports map no concept in common.",
            width,
            theme,
        ));
        return lines;
    }
    let (left, right) = (name(current), name(other));
    let mut shown_rows = Vec::new();
    for (n, (concept, a, b)) in pairs.iter().enumerate().skip(app.compare.scroll) {
        let bar = |row: &Row| Bar {
            label: String::new(),
            value: row.scaled_value(concept).unwrap_or(0.0),
            printed: printed(row),
        };
        let pair = paired_bars(
            &[clean(&concept.name)],
            (&left, &[bar(a)]),
            (&right, &[bar(b)]),
            width,
            (theme.bar, theme.bar_other),
            theme.text,
        );
        // The legend (which glyph is which report) once, above the first pair.
        let skip = usize::from(n > app.compare.scroll);
        lines.extend(pair.into_iter().skip(skip));
        shown_rows.push(*a);
        shown_rows.push(*b);
    }
    // The marks' legend and the top pair's sources go above the pairs: below, they
    // would fall off a short screen (↑↓ bring each pair to the top).
    let mut above = legend(&shown_rows, width, theme);
    if let Some((_, a, b)) = pairs.get(app.compare.scroll) {
        above.push(source_line(a, width, theme));
        above.push(source_line(b, width, theme));
    }
    above.push(Line::default());
    let at = 2.min(lines.len());
    lines.splice(at..at, above);
    lines
}
