//! Slides, drawn straight into a buffer so the screen and an export share one layout: the
//! title slide, a figure in big digits with its change and chart, a chapter with its
//! sections and headline figures, a case, a comparison chart; the overview grid; every
//! slide with its source and "Slide N of M" in the footer. Layout adapts to the size: big
//! digits at the largest scale that fits whole (normal text where none does), charts
//! thickened where rows are spare, text wrapped by display width and cut with `…`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::charts::{Bar, bars};
use super::views::{breakdown_chart, period_and_change};
use super::{Theme, clean};
use crate::app::App;
use crate::app::keymap::{Mode, mode_hints};
use crate::app::layout::Overview;
use crate::app::present::Presentation;
use crate::model::{BreakdownKind, Indicator, Location, Report};
use crate::present::digits;
use crate::present::{SlideItem, SlideSpec};
use crate::text::{display_width, pad_to_width, truncate_to_width, wrap};

/// What the footer shows besides the source: the slide's place and a number being typed.
pub struct Chrome<'a> {
    /// From 1.
    pub number: usize,
    pub count: usize,
    /// Digits typed for "go to slide N".
    pub typed: &'a str,
    /// A one-off message that stands in for the source (why Ctrl-Z did not suspend).
    pub notice: &'a str,
}

/// The largest scale big digits are drawn at (a figure slide at 240×67 takes 4).
const MAX_SCALE: usize = 8;

/// Paints the area in the theme's text style over its base, so a theme that paints its
/// background (the projector themes) colours the whole slide.
pub fn fill(buf: &mut Buffer, area: Rect, theme: &Theme) {
    let area = area.intersection(buf.area);
    let style = theme.base.patch(theme.text);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].reset();
            buf[(x, y)].set_style(style);
        }
    }
}

/// The presentation as the app has it: the slide, the overview, or a blank screen.
pub fn presentation(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    presentation: &Presentation,
    theme: &Theme,
) {
    fill(buf, area, theme);
    if presentation.blank {
        return;
    }
    if let Some(selected) = presentation.overview {
        return overview(buf, area, app, presentation, selected, theme);
    }
    if let Some(spec) = presentation.deck.slides.get(presentation.current) {
        let chrome = Chrome {
            number: presentation.current + 1,
            count: presentation.deck.len(),
            typed: &presentation.typed,
            notice: app.notice.as_deref().unwrap_or_default(),
        };
        slide(buf, area, app.report(), spec, &chrome, theme);
    }
}

/// One slide with its footer.
pub fn slide(
    buf: &mut Buffer,
    area: Rect,
    report: &Report,
    spec: &SlideSpec,
    chrome: &Chrome,
    theme: &Theme,
) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let footer_row = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    footer(buf, footer_row, &source(report, &spec.item), chrome, theme);
    let margin = if area.width >= 20 {
        (area.width / 20).clamp(1, 8)
    } else {
        0
    };
    let top = area.height / 16;
    let below = 1 + u16::from(area.height >= 12);
    let body = Rect::new(
        area.x + margin,
        area.y + top,
        area.width - 2 * margin,
        area.height.saturating_sub(top + below),
    );
    let mut page = Page {
        buf,
        area: body,
        y: body.y,
    };
    match &spec.item {
        SlideItem::Title => title_slide(&mut page, report, spec, theme),
        SlideItem::Indicator(id) => match report.indicator(id) {
            Some(indicator) => figure_slide(&mut page, report, indicator, spec, theme),
            None => missing(&mut page, &spec.item, theme),
        },
        SlideItem::Chapter(n) => chapter_slide(&mut page, report, *n, spec, theme),
        SlideItem::Case(n) => case_slide(&mut page, report, n, spec, theme),
        SlideItem::Breakdown(id) => breakdown_slide(&mut page, report, id, spec, theme),
    }
}

/// The region of a slide being filled from the top, line by line.
struct Page<'b> {
    buf: &'b mut Buffer,
    area: Rect,
    /// The next row to write.
    y: u16,
}

impl Page<'_> {
    fn rows_left(&self) -> usize {
        usize::from(self.area.bottom().saturating_sub(self.y))
    }

    fn width(&self) -> usize {
        usize::from(self.area.width)
    }

    fn height(&self) -> usize {
        usize::from(self.area.height)
    }

    /// Writes a line (cut to the width) and moves down; nothing when the page is full.
    fn line(&mut self, line: Line<'_>) {
        if self.rows_left() > 0 {
            put(self.buf, self.area.x, self.y, self.area.width, line);
            self.y += 1;
        }
    }

    fn lines<'a>(&mut self, lines: impl IntoIterator<Item = Line<'a>>) {
        for line in lines {
            self.line(line);
        }
    }

    /// A line in the middle of the width.
    fn centred(&mut self, line: Line<'_>) {
        let line = fit(line, self.width());
        let indent = (self.area.width).saturating_sub(line.width() as u16) / 2;
        if self.rows_left() > 0 {
            put(
                self.buf,
                self.area.x + indent,
                self.y,
                self.area.width - indent,
                line,
            );
            self.y += 1;
        }
    }

    /// An empty row, if there is one.
    fn gap(&mut self) {
        if self.rows_left() > 0 {
            self.y += 1;
        }
    }

    /// The rest of the page, for drawing into; the page is then full.
    fn rest(&mut self) -> Rect {
        let rest = Rect::new(
            self.area.x,
            self.y,
            self.area.width,
            self.rows_left() as u16,
        );
        self.y = self.area.bottom();
        rest
    }
}

/// A line cut to `width` columns, ending in `…` where it was cut; no wide glyph is split.
fn fit(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let span_width = span.width();
        if used + span_width <= width {
            used += span_width;
            spans.push(span);
            continue;
        }
        let room = width - used;
        if room > 0 {
            spans.push(Span::styled(
                truncate_to_width(&span.content, room),
                span.style,
            ));
        }
        break;
    }
    Line::from(spans).style(line.style)
}

/// Writes a line at a place, cut to a width.
fn put(buf: &mut Buffer, x: u16, y: u16, width: u16, line: Line<'_>) {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x >= area.right() {
        return;
    }
    let width = width.min(area.right() - x);
    let line = fit(line, usize::from(width));
    buf.set_line(x, y, &line, width);
}

/// Text wrapped to a width in at most `rows` lines, the last ending in `…` if cut.
fn wrapped<'a>(text: &str, width: usize, rows: usize, style: Style) -> Vec<Line<'a>> {
    if rows == 0 || width == 0 {
        return Vec::new();
    }
    let mut lines = wrap(&clean(text), width);
    if lines.len() > rows {
        lines.truncate(rows);
        let last = lines.last_mut().expect("at least one line");
        let mut cut = truncate_to_width(last, width.saturating_sub(1));
        if !cut.ends_with('…') {
            cut.push('…');
        }
        *last = cut;
    }
    lines
        .into_iter()
        .map(|line| Line::styled(line, style))
        .collect()
}

/// The footer: the source on the left, "Slide N of M" (or the number being typed) on the
/// right.
fn footer(buf: &mut Buffer, row: Rect, source: &str, chrome: &Chrome, theme: &Theme) {
    let width = usize::from(row.width);
    let (right, style) = if chrome.typed.is_empty() {
        let long = format!("Slide {} of {}", chrome.number, chrome.count);
        let text = if display_width(&long) + 12 <= width {
            long
        } else {
            format!("{}/{}", chrome.number, chrome.count)
        };
        (text, theme.dim)
    } else {
        (format!("Go to slide {} · Enter", chrome.typed), theme.key)
    };
    let right = truncate_to_width(&right, width);
    let right_width = display_width(&right);
    let room = width.saturating_sub(right_width + 2);
    if room >= 4 {
        let left = if chrome.notice.is_empty() {
            Line::styled(format!("Source: {}", clean(source)), theme.dim)
        } else {
            Line::styled(clean(chrome.notice), theme.title)
        };
        put(buf, row.x, row.y, room as u16, left);
    }
    put(
        buf,
        row.right() - right_width as u16,
        row.y,
        right_width as u16,
        Line::styled(right, style),
    );
}

/// Where a slide's content comes from, for its footer.
fn source(report: &Report, item: &SlideItem) -> String {
    let s = &report.structure;
    match item {
        SlideItem::Title => {
            let last = last_page(report, None);
            format!(
                "{} {}{}",
                report.meta.title,
                report.meta.calendar_year,
                last.map(|p| format!(", pp. 1–{p}")).unwrap_or_default()
            )
        }
        SlideItem::Indicator(id) => match report.indicator(id) {
            Some(i) if i.is_derived() => {
                format!("derived from {}, p. {}", place(report, &i.location), i.page)
            }
            Some(i) => format!("{}, p. {}", place(report, &i.location), i.page),
            None => String::new(),
        },
        SlideItem::Chapter(n) => {
            let first = match n {
                0 => s.preface.as_ref().map(|p| p.page),
                n => s.chapter(*n).map(|c| c.page),
            };
            let last = last_page(report, Some(*n));
            let place = place(
                report,
                &Location {
                    chapter: *n,
                    section: None,
                },
            );
            match (first, last) {
                (Some(a), Some(b)) if b > a => format!("{place}, pp. {a}–{b}"),
                (Some(a), _) => format!("{place}, p. {a}"),
                _ => place,
            }
        }
        SlideItem::Case(n) => match s.case(n) {
            Some(case) => format!(
                "案例{} · {}, p. {}",
                case.number,
                place(report, &case.location),
                case.page
            ),
            None => String::new(),
        },
        SlideItem::Breakdown(id) => {
            let mut places: Vec<String> = Vec::new();
            let Some(breakdown) = report.breakdown(id) else {
                return String::new();
            };
            let other = compared(report, breakdown);
            for member in breakdown
                .members
                .iter()
                .chain(other.iter().flat_map(|o| &o.members))
            {
                if let Some(i) = report.indicator(member) {
                    let here = format!("{}, p. {}", place(report, &i.location), i.page);
                    if !places.contains(&here) {
                        places.push(here);
                    }
                }
            }
            places.join("; ")
        }
    }
}

/// `§2.3 技能成才`, or `§2 人才培养` for text outside any section.
fn place(report: &Report, location: &Location) -> String {
    let s = &report.structure;
    let title = match &location.section {
        Some(n) => s.section(n).map(|x| x.title.clone()),
        None if location.chapter == 0 => s.preface.as_ref().map(|p| p.title.clone()),
        None => s.chapter(location.chapter).map(|c| c.title.clone()),
    };
    match title {
        // The preface has no number.
        Some(title) if location.chapter == 0 && location.section.is_none() => title,
        Some(title) => format!("§{} {title}", location.label()),
        None => format!("§{}", location.label()),
    }
}

/// The last page with text of a chapter (or of the report).
fn last_page(report: &Report, chapter: Option<u32>) -> Option<u32> {
    report
        .structure
        .paragraphs
        .iter()
        .filter(|p| chapter.is_none_or(|n| p.location.chapter == n))
        .map(|p| p.page_breaks.last().map_or(p.page, |&(_, page)| page))
        .max()
}

/// The breakdown a breakdown is compared with, if the report compares them.
fn compared<'r>(
    report: &'r Report,
    breakdown: &crate::model::Breakdown,
) -> Option<&'r crate::model::Breakdown> {
    breakdown
        .compare_with
        .as_deref()
        .and_then(|id| report.breakdown(id))
        .filter(|_| breakdown.kind == BreakdownKind::Compare)
}

/// An item the report does not have (a deck checked against another report).
fn missing(page: &mut Page, item: &SlideItem, theme: &Theme) {
    page.line(Line::styled(
        format!("{} is not in this report", item.id()),
        theme.marker,
    ));
}

/// A small line above the heading: what kind of slide this is.
fn kicker(page: &mut Page, text: String, theme: &Theme) {
    page.line(Line::styled(clean(&text), theme.dim));
}

/// The heading, wrapped in at most `rows` lines.
fn heading(page: &mut Page, text: &str, rows: usize, style: Style) {
    let lines = wrapped(text, page.width(), rows, style);
    page.lines(lines);
}

fn title_slide(page: &mut Page, report: &Report, spec: &SlideSpec, theme: &Theme) {
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

/// A figure's value split for drawing: what is drawn big (the figure, with `%`, `‰` or
/// `:1` when that is its unit) and the unit beside it in normal size (`人`, `个百分点`).
fn value_parts(indicator: &Indicator) -> (String, String) {
    let shown = clean(&indicator.shown_figure());
    let display = clean(&indicator.display_value());
    match display.strip_prefix(shown.as_str()) {
        Some(rest) if rest.starts_with(' ') => (shown, rest.trim().to_string()),
        _ => (display, String::new()),
    }
}

/// The largest scale at which a value and its unit (a space and the unit beside the big
/// digits) fit whole, if any.
fn value_scale(big: &str, unit: &str, columns: usize, rows: usize, max: usize) -> Option<usize> {
    let unit_width = if unit.is_empty() {
        0
    } else {
        1 + display_width(unit)
    };
    digits::fitting_scale(big, columns.checked_sub(unit_width)?, rows, max)
}

/// Draws a value big at a scale (its unit beside the last row), or in normal size without
/// one. Returns the rows used.
fn draw_value(
    buf: &mut Buffer,
    at: Rect,
    big: &str,
    unit: &str,
    scale: Option<usize>,
    theme: &Theme,
) -> u16 {
    if at.is_empty() {
        return 0;
    }
    let unit_span =
        |unit: &str| (!unit.is_empty()).then(|| Span::styled(format!(" {unit}"), theme.value));
    let Some(scale) = scale else {
        let mut spans = vec![Span::styled(big.to_string(), theme.value)];
        spans.extend(unit_span(unit));
        put(buf, at.x, at.y, at.width, Line::from(spans));
        return 1;
    };
    let lines = digits::render(big, scale);
    let count = lines.len();
    for (row, text) in lines.into_iter().enumerate() {
        let mut spans = vec![Span::styled(text, theme.value)];
        if row + 1 == count {
            spans.extend(unit_span(unit));
        }
        put(buf, at.x, at.y + row as u16, at.width, Line::from(spans));
    }
    count as u16
}

/// Chart lines made thicker: each bar drawn `thickness` rows tall, its label and value on
/// the middle row. Lines that are not bars (a legend) stay as they are.
fn thicken(lines: Vec<Line<'_>>, thickness: usize) -> Vec<Line<'_>> {
    if thickness <= 1 {
        return lines;
    }
    let mut thick = Vec::new();
    for line in lines {
        if !is_bar(&line) {
            thick.push(line);
            continue;
        }
        for copy in 0..thickness {
            if copy == thickness / 2 {
                thick.push(line.clone());
            } else {
                let spans: Vec<Span> = line
                    .spans
                    .iter()
                    .enumerate()
                    .map(|(i, span)| {
                        if i == 2 {
                            span.clone()
                        } else {
                            Span::styled(" ".repeat(span.width()), span.style)
                        }
                    })
                    .collect();
                thick.push(Line::from(spans));
            }
        }
    }
    thick
}

/// Whether a chart line is a bar (label, gap, bar, value) rather than a legend.
fn is_bar(line: &Line) -> bool {
    line.spans.len() == 4 && line.spans[2].content.starts_with(['█', '▒'])
}

/// How thick bars can be drawn: as thick as the spare rows allow, up to three.
fn thickness(lines: &[Line], rows: usize) -> usize {
    let bars = lines.iter().filter(|l| is_bar(l)).count();
    let other = lines.len() - bars;
    if bars == 0 {
        return 1;
    }
    (rows.saturating_sub(other) / bars).clamp(1, 3)
}

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

fn figure_slide(
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

/// A figure in a list: `99.55%  毕业去向落实率 · 2022学年`.
fn figure_row<'a>(indicator: &Indicator, theme: &Theme) -> Line<'a> {
    let mut spans = vec![
        Span::styled(clean(&indicator.display_value()), theme.value),
        Span::styled(format!("  {}", clean(&indicator.name)), theme.text),
    ];
    if !indicator.period.is_empty() {
        spans.push(Span::styled(
            format!(" · {}", clean(&indicator.period)),
            theme.dim,
        ));
    }
    Line::from(spans)
}

/// Figures as tiles in a row (up to three), each value big at one scale for all, its name
/// and period below: as many figures as fit, then the largest scale. A list, one figure a
/// line, where not even the first two fit as tiles. With `more`, a note says how many
/// figures were left out.
fn figure_tiles(
    buf: &mut Buffer,
    area: Rect,
    figures: &[&Indicator],
    max_rows: usize,
    more: bool,
    theme: &Theme,
) {
    if figures.is_empty() || area.is_empty() {
        return;
    }
    let least = figures.len().min(2);
    // A tile: the value, its name, its period.
    let value_rows = usize::from(area.height).saturating_sub(2).min(max_rows);
    let best = (least..=figures.len().min(3))
        .filter_map(|count| {
            let tile_width = usize::from(area.width) / count;
            let scale = figures[..count]
                .iter()
                .map(|i| {
                    let (big, unit) = value_parts(i);
                    value_scale(
                        &big,
                        &unit,
                        tile_width.saturating_sub(2),
                        value_rows,
                        MAX_SCALE,
                    )
                })
                .min()
                .flatten()?;
            Some((count, scale))
        })
        .max();
    let Some((count, scale)) = best else {
        return figure_list(buf, area, figures, theme);
    };
    let tile_width = area.width / count as u16;
    for (i, indicator) in figures[..count].iter().enumerate() {
        let (big, unit) = value_parts(indicator);
        let x = area.x + i as u16 * tile_width;
        let width = tile_width.saturating_sub(2);
        let at = Rect::new(x, area.y, width, area.height);
        let mut y = area.y + draw_value(buf, at, &big, &unit, Some(scale), theme);
        if y < area.bottom() {
            // `put` cuts the name to the tile.
            let name = clean(&indicator.name);
            put(buf, x, y, width, Line::styled(name, theme.text));
            y += 1;
        }
        if y < area.bottom() && !indicator.period.is_empty() {
            put(
                buf,
                x,
                y,
                width,
                Line::styled(clean(&indicator.period), theme.dim),
            );
            y += 1;
        }
        if more && i + 1 == count && count < figures.len() && y < area.bottom() {
            put(
                buf,
                x,
                y,
                width,
                Line::styled(format!("and {} more", figures.len() - count), theme.dim),
            );
        }
    }
}

/// Figures one a line, with how many more there are where they do not all fit.
fn figure_list(buf: &mut Buffer, area: Rect, figures: &[&Indicator], theme: &Theme) {
    let rows = usize::from(area.height);
    let shown = if figures.len() > rows {
        rows.saturating_sub(1)
    } else {
        figures.len()
    };
    for (row, indicator) in figures[..shown].iter().enumerate() {
        put(
            buf,
            area.x,
            area.y + row as u16,
            area.width,
            figure_row(indicator, theme),
        );
    }
    if shown < figures.len() && rows > 0 {
        put(
            buf,
            area.x,
            area.y + shown as u16,
            area.width,
            Line::styled(format!("and {} more", figures.len() - shown), theme.dim),
        );
    }
}

fn chapter_slide(page: &mut Page, report: &Report, number: u32, spec: &SlideSpec, theme: &Theme) {
    let s = &report.structure;
    let title = match number {
        0 => s.preface.as_ref().map(|p| p.title.clone()),
        n => s.chapter(n).map(|c| format!("{n}  {}", c.title)),
    };
    let Some(title) = title else {
        return missing(page, &SlideItem::Chapter(number), theme);
    };
    kicker(
        page,
        if number == 0 {
            "Preface 前言".to_string()
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
    let number_width = sections
        .iter()
        .map(|x| display_width(&x.number))
        .max()
        .unwrap_or(0);
    for section in &sections {
        page.line(Line::from(vec![
            Span::styled(
                pad_to_width(&clean(&section.number), number_width),
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

fn case_slide(page: &mut Page, report: &Report, number: &str, spec: &SlideSpec, theme: &Theme) {
    let Some(case) = report.structure.case(number) else {
        return missing(page, &SlideItem::Case(number.to_string()), theme);
    };
    kicker(
        page,
        format!(
            "Case 案例{} · {}",
            case.number,
            place(report, &case.location)
        ),
        theme,
    );
    heading(
        page,
        spec.title.as_deref().unwrap_or(&case.title),
        3,
        theme.case_title,
    );
    let schools: Vec<String> = report
        .schools
        .iter()
        .filter(|x| x.cases.contains(&case.number))
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

fn breakdown_slide(page: &mut Page, report: &Report, id: &str, spec: &SlideSpec, theme: &Theme) {
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

/// The overview: a tile per slide (number, title, one line of detail), the chosen one
/// marked, the one being shown named in the heading, key hints at the bottom.
fn overview(
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
            s.preface
                .as_ref()
                .map_or_else(|| "preface".to_string(), |p| p.title.clone()),
            "Preface".to_string(),
        ),
        SlideItem::Chapter(n) => match s.chapter(*n) {
            Some(c) => {
                let sections = s.sections.iter().filter(|x| x.chapter == *n).count();
                (
                    format!("{n} {}", c.title),
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
            Some(case) => (format!("案例{} {}", case.number, case.title), {
                report
                    .schools
                    .iter()
                    .filter(|x| x.cases.contains(&case.number))
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

fn tile(
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
