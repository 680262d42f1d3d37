//! The audit popup: the findings, inconsistent first, and the selected one in full
//! (formula, check, remarks, the sentences it stands in, the one Enter opens marked).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, block, clean, popups};
use crate::app::App;
use crate::app::audit::{AuditPanel, popup_areas};
use crate::audit::{Finding, Verdict};
use crate::text::{pad_to_width, truncate_to_width, wrap};

/// A finding's mark in the list: ≠ inconsistent, ~ only by truncation, ? not checkable,
/// = consistent.
pub fn mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Inconsistent => "≠",
        Verdict::Truncated => "~",
        Verdict::NotCheckable => "?",
        Verdict::Consistent => "=",
    }
}

pub fn popup(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let panel = &app.audit;
    let audit = &panel.audit;
    let (popup, list, detail) = popup_areas(area);
    popups::clear(frame, popup, theme);
    // The short names (`truncated`), not the labels: the title has little room.
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|&v| format!("{} {}", audit.count(v), v.name().replace('-', " ")))
        .collect();
    let title = format!("Audit 核查 · {}", counts.join(", "));
    let keys = Line::styled(
        " ↑↓ finding · ←→ source · Enter reads it · Esc closes ",
        theme.dim,
    );
    frame.render_widget(block(title, true, theme).title_bottom(keys), popup);
    if list.width < 4 || list.height == 0 {
        return;
    }
    if audit.findings.is_empty() {
        let lines: Vec<Line> = wrap(
            "No relations are declared for this report (relations.csv), so there is nothing to audit: see docs/audit.md.",
            usize::from(list.width),
        )
        .into_iter()
        .map(|l| Line::styled(l, theme.dim))
        .collect();
        frame.render_widget(Paragraph::new(lines), list);
        return;
    }
    let width = usize::from(list.width);
    let rows: Vec<Line> = audit
        .findings
        .iter()
        .enumerate()
        .skip(panel.list.offset)
        .take(usize::from(list.height))
        .map(|(i, finding)| {
            let recomputed = if finding.recomputed_text.is_empty() {
                "—".to_string()
            } else {
                finding.recomputed_text.clone()
            };
            let text = format!(
                "{} {}  {} → {}",
                mark(finding.verdict),
                clean(&finding.relation),
                clean(&finding.printed),
                clean(&recomputed)
            );
            let style = if i == panel.list.selected {
                theme.selected
            } else if finding.verdict == Verdict::Consistent {
                theme.dim
            } else {
                theme.text
            };
            Line::styled(pad_to_width(&truncate_to_width(&text, width), width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), list);
    if let Some(finding) = panel.selected() {
        let below = detail.y > list.y;
        let (lines, places) = detail_lines(panel, finding, usize::from(detail.width), below, theme);
        let lines = in_view(lines, &places, usize::from(detail.height));
        frame.render_widget(Paragraph::new(lines), detail);
    }
}

/// The detail's lines that fit its height. When the chosen source starts below the edge,
/// the blocks above it (after the heading) give way, whole blocks at a time, until it is in
/// view, so what Enter opens can be seen; otherwise the detail is cut at the bottom.
fn in_view<'a>(mut lines: Vec<Line<'a>>, places: &DetailLines, height: usize) -> Vec<Line<'a>> {
    let heading = places.heading.min(lines.len());
    if places.source_start < height || height <= heading {
        lines.truncate(height);
        return lines;
    }
    let wanted = heading + places.source_end.saturating_sub(height);
    let first = places
        .blocks
        .iter()
        .copied()
        .find(|&start| start >= wanted)
        .unwrap_or(places.source_start)
        .min(places.source_start);
    let rest = lines.split_off(heading);
    lines.extend(rest.into_iter().skip(first.saturating_sub(heading)));
    lines.truncate(height);
    lines
}

/// Where the parts of a finding's detail are: the heading kept in view, the line each
/// block starts at, the chosen source.
#[derive(Debug, Clone, Default)]
struct DetailLines {
    heading: usize,
    blocks: Vec<usize>,
    source_start: usize,
    source_end: usize,
}

fn wrapped<'a>(text: &str, width: usize, style: ratatui::style::Style) -> Vec<Line<'a>> {
    wrap(&clean(text), width.max(1))
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// The selected finding in full; `below` rules it off from the list it stands under.
fn detail_lines<'a>(
    panel: &AuditPanel,
    finding: &Finding,
    width: usize,
    below: bool,
    theme: &Theme,
) -> (Vec<Line<'a>>, DetailLines) {
    let rule = if below {
        Some(Line::styled("─".repeat(width), theme.border))
    } else {
        None
    };
    let mut lines: Vec<Line> = rule.into_iter().collect();
    lines.push(Line::styled(
        truncate_to_width(
            &format!(
                "{} {} · {}",
                mark(finding.verdict),
                finding.verdict.label(),
                finding.kind.name()
            ),
            width,
        ),
        theme.title,
    ));
    let mut places = DetailLines {
        heading: lines.len(),
        ..DetailLines::default()
    };
    if !finding.verified {
        places.blocks.push(lines.len());
        lines.extend(wrapped(
            "unverified: proposed by ingest, nobody has checked the relation (relations.csv, verified=false)",
            width,
            theme.marker,
        ));
    }
    places.blocks.push(lines.len());
    lines.extend(wrapped(&finding.formula, width, theme.dim));
    places.blocks.push(lines.len());
    lines.extend(wrapped(&finding.check_line(), width, theme.value));
    for population in &panel.audit.populations {
        if population
            .figures
            .iter()
            .any(|f| f.relation == finding.relation && !f.agrees)
        {
            places.blocks.push(lines.len());
            lines.extend(wrapped(&population.message, width, theme.marker));
        }
    }
    if let Some(implied) = &finding.implied {
        places.blocks.push(lines.len());
        lines.extend(wrapped(
            &format!("implies {}", implied.text),
            width,
            theme.text,
        ));
    }
    for remark in &finding.remarks {
        places.blocks.push(lines.len());
        lines.extend(wrapped(remark, width, theme.marker));
    }
    places.blocks.push(lines.len());
    lines.push(Line::default());
    places.blocks.push(lines.len());
    lines.push(Line::styled(
        truncate_to_width("Sources 原文 — ←→ choose, Enter reads it", width),
        theme.dim,
    ));
    let chosen = panel.source.min(finding.sources().len().saturating_sub(1));
    for (i, source) in finding.sources().iter().enumerate() {
        let text = source.cited(i + 1);
        let (marker, style) = if i == chosen {
            ("▸ ", theme.highlight)
        } else {
            ("  ", theme.text)
        };
        places.blocks.push(lines.len());
        if i == chosen {
            places.source_start = lines.len();
        }
        for (n, line) in wrap(&clean(&text), width.saturating_sub(2).max(1))
            .into_iter()
            .enumerate()
        {
            let prefix = if n == 0 { marker } else { "  " };
            lines.push(Line::from(vec![
                Span::styled(prefix, theme.key),
                Span::styled(line, style),
            ]));
        }
        if i == chosen {
            places.source_end = lines.len();
        }
    }
    if !finding.note.is_empty() {
        lines.push(Line::default());
        places.blocks.push(lines.len());
        lines.extend(wrapped(
            &format!("note: {}", finding.note),
            width,
            theme.dim,
        ));
    }
    (lines, places)
}
