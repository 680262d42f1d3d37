//! Charts on slides made thicker where rows are spare: each bar drawn up to three rows tall.

use ratatui::text::{Line, Span};

/// Chart lines made thicker: each bar drawn `thickness` rows tall, its label and value on
/// the middle row. Lines that are not bars (a legend) stay as they are.
pub(super) fn thicken(lines: Vec<Line<'_>>, thickness: usize) -> Vec<Line<'_>> {
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
pub(super) fn thickness(lines: &[Line], rows: usize) -> usize {
    let bars = lines.iter().filter(|l| is_bar(l)).count();
    let other = lines.len() - bars;
    if bars == 0 {
        return 1;
    }
    (rows.saturating_sub(other) / bars).clamp(1, 3)
}
