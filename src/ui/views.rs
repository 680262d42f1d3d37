//! The content pane of each view: dashboard, reader, indicators, schools, cases.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::charts::{Bar, bars, paired_bars, sparkline};
use super::{block, clean, input_window};
use crate::app::document::Segment;
use crate::app::indicators::{Column, column_widths};
use crate::app::layout::{inner, list_view_areas};
use crate::app::{App, Pane, Scrolled, View};
use crate::model::{BreakdownKind, Indicator, Report};
use crate::text::{excerpt, pad_to_width, truncate_to_width, wrap};

pub fn content(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    match app.view {
        View::Dashboard => dashboard(frame, area, app, theme),
        View::Reader => reader(frame, area, app, theme),
        View::Indicators => indicators(frame, area, app, theme),
        View::Schools => schools(frame, area, app, theme),
        View::Cases => cases(frame, area, app, theme),
    }
}

use super::Theme;

fn main_focused(app: &App) -> bool {
    app.pane == Pane::Main
}

/// Wrapped text as lines of one style.
fn paragraph_lines<'a>(text: &str, width: usize, style: Style) -> Vec<Line<'a>> {
    wrap(&clean(text), width)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// A list row: padded to the width, styled when selected.
fn row<'a>(text: String, width: usize, selected: bool, focused: bool, theme: &Theme) -> Line<'a> {
    let style = match (selected, focused) {
        (true, true) => theme.selected,
        (true, false) => theme.selected_unfocused,
        _ => theme.text,
    };
    Line::styled(pad_to_width(&truncate_to_width(&text, width), width), style)
}

fn visible_rows<'a>(lines: Vec<Line<'a>>, list: &Scrolled, height: usize) -> Vec<Line<'a>> {
    lines.into_iter().skip(list.offset).take(height).collect()
}

fn dashboard(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
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
        let sections = report
            .structure
            .sections
            .iter()
            .filter(|s| s.chapter == chapter.number)
            .count();
        let text = format!(
            "{} {}  · p. {} · {} section{}",
            chapter.number,
            clean(&chapter.title),
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
pub(super) fn period_and_change<'a>(
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

fn reader(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let document = app.reader_document();
    let height = usize::from(inner(area).height);
    let top = app.reader_scroll();
    let style_of = |segment: Segment| match segment {
        Segment::Text => theme.text,
        Segment::ChapterHeading => theme.heading,
        Segment::SectionHeading => theme.section,
        Segment::Marker => theme.marker,
        Segment::Highlight => theme.highlight,
        Segment::Found => theme.matched,
        Segment::CaseTitle => theme.case_title,
        Segment::Frame => theme.frame,
        Segment::Caption => theme.caption,
        Segment::TableHeader => theme.title,
        Segment::Footnote => theme.footnote,
    };
    let lines: Vec<Line> = document
        .lines
        .iter()
        .skip(top)
        .take(height)
        .map(|line| {
            Line::from(
                line.segments
                    .iter()
                    .map(|(text, segment)| Span::styled(text.clone(), style_of(*segment)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let shown = (top + height).min(document.lines.len());
    let title = format!("Reader 阅读 · {shown}/{}", document.lines.len());
    frame.render_widget(block(title, main_focused(app), theme), area);
    // A pane wider than the measure keeps the text in the middle.
    let body = inner(area);
    let margin = body.width.saturating_sub(app.reader_width() as u16 + 1) / 2;
    let text = Rect::new(body.x + margin, body.y, body.width - margin, body.height);
    frame.render_widget(Paragraph::new(lines), text);
}

fn indicators(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
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

pub(super) fn breakdown_chart<'a>(
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

fn schools(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let report = app.report();
    let (list_area, detail_area) = list_view_areas(area, View::Schools);
    let width = usize::from(inner(list_area).width);
    let rows: Vec<Line> = report
        .schools
        .iter()
        .enumerate()
        .map(|(i, school)| {
            let text = format!("{}  {}", clean(&school.name), clean(&school.district));
            row(
                text,
                width,
                i == app.schools.selected,
                main_focused(app),
                theme,
            )
        })
        .collect();
    let height = usize::from(inner(list_area).height);
    frame.render_widget(
        Paragraph::new(visible_rows(rows, &app.schools, height)).block(block(
            format!("Schools 学校 · {}", report.schools.len()),
            main_focused(app),
            theme,
        )),
        list_area,
    );
    if let Some(school) = report.schools.get(app.schools.selected) {
        school_profile(frame, detail_area, app, school, theme);
    }
}

fn school_profile(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    school: &crate::model::School,
    theme: &Theme,
) {
    let report = app.report();
    let focused = app.pane == Pane::Detail;
    let width = usize::from(inner(area).width);
    let mut lines = vec![
        Line::styled(clean(&school.name_en), theme.dim),
        Line::styled(
            format!("{} · {}", clean(&school.district), clean(&school.kind)),
            theme.text,
        ),
    ];
    if !school.aliases.is_empty() {
        lines.push(Line::styled(
            format!("also: {}", clean(&school.aliases.join("、"))),
            theme.dim,
        ));
    }
    if !school.note.is_empty() {
        lines.extend(paragraph_lines(&school.note, width, theme.dim));
    }
    let honours = honours(report, school);
    if !honours.is_empty() {
        lines.push(Line::styled("Honours 荣誉", theme.section));
        for honour in honours {
            lines.extend(paragraph_lines(&format!("• {honour}"), width, theme.text));
        }
    }
    if !school.cases.is_empty() {
        lines.push(Line::styled("Cases 案例", theme.section));
        for number in &school.cases {
            if let Some(case) = report.structure.case(number) {
                lines.push(Line::styled(
                    truncate_to_width(
                        &format!("案例{} {}", case.number, clean(&case.title)),
                        width,
                    ),
                    theme.text,
                ));
            }
        }
    }
    let scoped: Vec<&Indicator> = report
        .indicators
        .iter()
        .filter(|i| i.scope.to_string() == format!("school:{}", school.id))
        .collect();
    if !scoped.is_empty() {
        lines.push(Line::styled("Indicators 指标", theme.section));
        for indicator in scoped {
            lines.push(Line::styled(
                truncate_to_width(
                    &format!(
                        "{} {}",
                        clean(&indicator.name),
                        clean(&indicator.display_value())
                    ),
                    width,
                ),
                theme.text,
            ));
        }
    }
    lines.push(Line::styled(
        format!(
            "Mentions 提及 · {} — Tab here, Enter jumps",
            school.mentions.len()
        ),
        theme.section,
    ));
    for (i, &paragraph) in school.mentions.iter().enumerate() {
        let text = &report.structure.paragraphs[paragraph].text;
        let names: Vec<&String> = std::iter::once(&school.name)
            .chain(&school.aliases)
            .collect();
        let at = names
            .iter()
            .filter_map(|n| text.find(n.as_str()))
            .min()
            .unwrap_or(0);
        let context_start = text[..at]
            .char_indices()
            .rev()
            .nth(10)
            .map_or(0, |(i, _)| i);
        let snippet = format!(
            "p.{} …{}",
            report.structure.paragraphs[paragraph].page,
            excerpt(&text[context_start..], 40)
        );
        lines.push(row(
            snippet,
            width,
            i == app.school_detail.selected,
            focused,
            theme,
        ));
    }
    let height = usize::from(inner(area).height);
    // Keep the selected mention in view: mentions come last.
    let first_mention = lines.len() - school.mentions.len();
    let skip = (first_mention + app.school_detail.selected + 1).saturating_sub(height);
    let lines: Vec<Line> = lines
        .into_iter()
        .skip(if focused { skip } else { 0 })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(clean(&school.name), focused, theme)),
        area,
    );
}

/// Sentences that name the school and an honour it received.
fn honours(report: &Report, school: &crate::model::School) -> Vec<String> {
    const AWARDS: [&str; 6] = ["获评", "入选", "荣获", "评为", "立项", "试点"];
    let names: Vec<&String> = std::iter::once(&school.name)
        .chain(&school.aliases)
        .collect();
    let mut found = Vec::new();
    for &paragraph in &school.mentions {
        for sentence in report.structure.paragraphs[paragraph]
            .text
            .split_inclusive('。')
        {
            let names_it = names.iter().any(|n| sentence.contains(n.as_str()));
            if names_it
                && AWARDS.iter().any(|a| sentence.contains(a))
                && !found.contains(&sentence.to_string())
            {
                found.push(sentence.to_string());
            }
        }
    }
    found
}

fn cases(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let report = app.report();
    let (list_area, text_area) = list_view_areas(area, View::Cases);
    let width = usize::from(inner(list_area).width);
    let rows: Vec<Line> = report
        .structure
        .cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            row(
                format!("案例{} {}", case.number, clean(&case.title)),
                width,
                i == app.cases.selected,
                main_focused(app),
                theme,
            )
        })
        .collect();
    let height = usize::from(inner(list_area).height);
    frame.render_widget(
        Paragraph::new(visible_rows(rows, &app.cases, height)).block(block(
            format!("Cases 案例 · {}", report.structure.cases.len()),
            main_focused(app),
            theme,
        )),
        list_area,
    );
    let Some(case) = report.structure.cases.get(app.cases.selected) else {
        return;
    };
    let focused = app.pane == Pane::Detail;
    let text_width = usize::from(inner(text_area).width);
    let mut lines = paragraph_lines(&case.title, text_width, theme.case_title);
    let schools: Vec<String> = report
        .schools
        .iter()
        .filter(|s| s.cases.contains(&case.number))
        .map(|s| clean(&s.name))
        .collect();
    let section = report
        .structure
        .section(&case.location.label())
        .map(|s| format!("{} {}", s.number, s.title))
        .unwrap_or_else(|| case.location.label());
    lines.push(Line::styled(
        format!(
            "{} · {} · p. {}",
            schools.join("、"),
            clean(&section),
            case.page
        ),
        theme.dim,
    ));
    for &paragraph in &case.paragraphs {
        lines.push(Line::default());
        lines.extend(paragraph_lines(
            &report.structure.paragraphs[paragraph].text,
            text_width,
            theme.text,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled("Enter: read it in place", theme.dim));
    let lines: Vec<Line> = lines.into_iter().skip(app.case_scroll).collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(format!("案例{}", case.number), focused, theme)),
        text_area,
    );
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
