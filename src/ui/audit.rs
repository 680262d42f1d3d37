//! The audit popup: the findings, inconsistent first, and the selected one in full
//! (formula, check, remarks, the sentences it stands in, the one Enter opens marked).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, block, clean, popups};
use crate::app::App;
use crate::app::audit::popup_areas;
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
    let counts: Vec<String> = [
        (Verdict::Inconsistent, "inconsistent"),
        (Verdict::Truncated, "truncated"),
        (Verdict::NotCheckable, "not checkable"),
        (Verdict::Consistent, "consistent"),
    ]
    .iter()
    .map(|(v, name)| format!("{} {name}", audit.count(*v)))
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
        let lines = detail_lines(app, finding, usize::from(detail.width), theme);
        let lines: Vec<Line> = lines.into_iter().take(usize::from(detail.height)).collect();
        frame.render_widget(Paragraph::new(lines), detail);
    }
}

/// Whether the detail stands under the list (a narrow popup) rather than beside it.
fn detail_is_below(app: &App) -> bool {
    let (_, list, detail) = popup_areas(Rect::new(0, 0, app.size.0, app.size.1));
    detail.y > list.y
}

fn wrapped<'a>(text: &str, width: usize, style: ratatui::style::Style) -> Vec<Line<'a>> {
    wrap(&clean(text), width.max(1))
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

fn detail_lines<'a>(app: &App, finding: &Finding, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let panel = &app.audit;
    let rule = if detail_is_below(app) {
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
    lines.extend(wrapped(&finding.formula, width, theme.dim));
    let mut check = finding.check.clone();
    if !finding.recomputed_text.is_empty() {
        check.push_str(&format!(" = {}", finding.recomputed_text));
    }
    check.push_str(&format!("; printed {}", finding.printed));
    if let Some(gap) = &finding.gap {
        check.push_str(&format!("; gap {}", gap.text));
    }
    lines.extend(wrapped(&check, width, theme.value));
    for population in &panel.audit.populations {
        if population
            .figures
            .iter()
            .any(|f| f.relation == finding.relation && !f.agrees)
        {
            lines.extend(wrapped(&population.message, width, theme.marker));
        }
    }
    if let Some(implied) = &finding.implied {
        lines.extend(wrapped(
            &format!("implies {}", implied.text),
            width,
            theme.text,
        ));
    }
    for remark in &finding.remarks {
        lines.extend(wrapped(remark, width, theme.marker));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        truncate_to_width("Sources 原文 — ←→ choose, Enter reads it", width),
        theme.dim,
    ));
    let chosen = panel.source.min(finding.sources().len().saturating_sub(1));
    for (i, source) in finding.sources().iter().enumerate() {
        let table = source
            .table
            .as_ref()
            .map_or_else(String::new, |t| format!("表{t}: "));
        let text = format!(
            "[{}] §{} p. {}  {table}{}",
            i + 1,
            source.location.label(),
            source.page,
            source.text
        );
        let (marker, style) = if i == chosen {
            ("▸ ", theme.highlight)
        } else {
            ("  ", theme.text)
        };
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
    }
    if !finding.note.is_empty() {
        lines.push(Line::default());
        lines.extend(wrapped(
            &format!("note: {}", finding.note),
            width,
            theme.dim,
        ));
    }
    lines
}
