//! Charts as text lines: sparklines for series, labelled horizontal bars for breakdowns,
//! and paired bars where the report compares two breakdowns. Text keeps Chinese labels
//! whole and aligned by display width at any pane size.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text::{display_width, pad_to_width, truncate_to_width};

const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A sparkline of values on an honest baseline: zero (or the lowest value, if below
/// zero) is the bottom tick, so a 1.5% dip looks like one, not like a collapse.
pub fn sparkline(values: &[f64]) -> String {
    let (low, high) = values
        .iter()
        .fold((0.0_f64, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    values
        .iter()
        .map(|&v| {
            let share = if high > low {
                (v - low) / (high - low)
            } else {
                1.0
            };
            TICKS[((share * 7.0).round() as usize).min(7)]
        })
        .collect()
}

/// One bar to draw: its label, value and printed value.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub printed: String,
}

/// Horizontal bars scaled to the largest value; labels aligned by display width.
pub fn bars<'a>(items: &[Bar], width: usize, style: Style, text: Style) -> Vec<Line<'a>> {
    let label_width = items
        .iter()
        .map(|b| display_width(&b.label))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let printed_width = items
        .iter()
        .map(|b| display_width(&b.printed))
        .max()
        .unwrap_or(0);
    let room = width.saturating_sub(label_width + printed_width + 3).max(1);
    let largest = items.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    items
        .iter()
        .map(|bar| {
            let length = if largest > 0.0 {
                ((bar.value / largest) * room as f64).round() as usize
            } else {
                0
            };
            Line::from(vec![
                Span::styled(
                    pad_to_width(&truncate_to_width(&bar.label, label_width), label_width),
                    text,
                ),
                Span::raw(" "),
                Span::styled("█".repeat(length.max(usize::from(bar.value > 0.0))), style),
                Span::styled(format!(" {}", bar.printed), text),
            ])
        })
        .collect()
}

/// Two breakdowns compared part by part: each label with a bar from each side.
pub fn paired_bars<'a>(
    labels: &[String],
    left: (&str, &[Bar]),
    right: (&str, &[Bar]),
    width: usize,
    styles: (Style, Style),
    text: Style,
) -> Vec<Line<'a>> {
    // Two glyphs, not only two colours: the series stay apart without colour
    // (NO_COLOR, a projector, a colour-blind reader).
    let glyphs = [SOLID, SHADED];
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{SOLID} "), styles.0),
        Span::styled(left.0.to_string(), text),
        Span::raw("   "),
        Span::styled(format!("{SHADED} "), styles.1),
        Span::styled(right.0.to_string(), text),
    ])];
    let largest = left
        .1
        .iter()
        .chain(right.1)
        .map(|b| b.value)
        .fold(0.0_f64, f64::max);
    let label_width = labels
        .iter()
        .map(|l| display_width(l))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    // The widest printed value beside its bar: a longer one (`15.41:1`) would run past
    // the edge.
    let printed_width = left
        .1
        .iter()
        .chain(right.1)
        .map(|b| display_width(&b.printed))
        .max()
        .unwrap_or(0)
        .max(6);
    let room = width.saturating_sub(label_width + printed_width + 2).max(1);
    for (i, label) in labels.iter().enumerate() {
        for ((side, style), glyph) in [(left.1, styles.0), (right.1, styles.1)]
            .into_iter()
            .zip(glyphs)
        {
            let Some(bar) = side.get(i) else { continue };
            let length = if largest > 0.0 {
                ((bar.value / largest) * room as f64).round() as usize
            } else {
                0
            };
            let shown = if std::ptr::eq(side, left.1) {
                truncate_to_width(label, label_width)
            } else {
                String::new()
            };
            lines.push(Line::from(vec![
                Span::styled(pad_to_width(&shown, label_width), text),
                Span::raw(" "),
                Span::styled(glyph.to_string().repeat(length.max(1)), style),
                Span::styled(format!(" {}", bar.printed), text),
            ]));
        }
    }
    lines
}

const SOLID: char = '█';
const SHADED: char = '▒';

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_stand_on_zero() {
        // 52266 → 51486 is a 1.5% dip: two tall bars, not a collapse.
        assert_eq!(sparkline(&[52266.0, 51486.0]), "██");
        assert_eq!(sparkline(&[5.0, 5.0]), "██");
        assert_eq!(sparkline(&[0.0, 4.0, 2.0]), "▁█▅");
        assert_eq!(sparkline(&[-2.0, 2.0]), "▁█");
    }

    #[test]
    fn paired_bars_differ_by_glyph_not_only_colour() {
        let bar = |value: f64| Bar {
            label: String::new(),
            value,
            printed: value.to_string(),
        };
        let lines = paired_bars(
            &["第一产业".to_string()],
            ("专业", &[bar(2.8)]),
            ("产业", &[bar(2.7)]),
            40,
            (Style::default(), Style::default()),
            Style::default(),
        );
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert!(text[1].contains('█') && !text[1].contains('▒'), "{text:?}");
        assert!(text[2].contains('▒') && !text[2].contains('█'), "{text:?}");
        assert!(text[0].contains("█ 专业") && text[0].contains("▒ 产业"));
    }

    #[test]
    fn bars_fit_the_width_and_keep_labels_aligned() {
        let items = vec![
            Bar {
                label: "第一产业".into(),
                value: 56.0,
                printed: "56".into(),
            },
            Bar {
                label: "第三产业".into(),
                value: 2853.0,
                printed: "2853".into(),
            },
        ];
        let lines = bars(&items, 30, Style::default(), Style::default());
        for line in &lines {
            assert!(line.width() <= 30, "{line}");
        }
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert!(text[0].starts_with("第一产业 █ 56"));
        assert_eq!(
            text[1].chars().filter(|&c| c == '█').count(),
            30 - 8 - 4 - 3
        );
    }
}
