//! The slide's chrome: the footer with where the slide's content comes from (its source,
//! page and section) on the left and "Slide N of M" (or the number being typed) on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::comparison::compared;
use super::page::put;
use crate::model::{Location, Report};
use crate::present::SlideItem;
use crate::text::{display_width, truncate_to_width};
use crate::ui::{Theme, clean};

/// What the footer shows besides the source: the slide's place and a number being typed.
pub(super) struct Chrome<'a> {
    /// From 1.
    pub number: usize,
    pub count: usize,
    /// Digits typed for "go to slide N".
    pub typed: &'a str,
    /// A one-off message that stands in for the source (why Ctrl-Z did not suspend).
    pub notice: &'a str,
}

/// The footer: the source on the left, "Slide N of M" (or the number being typed) on the
/// right.
pub(super) fn footer(buf: &mut Buffer, row: Rect, source: &str, chrome: &Chrome, theme: &Theme) {
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
pub(super) fn source(report: &Report, item: &SlideItem) -> String {
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
                0 => s.preface().map(|p| p.page),
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
                "{} · {}, p. {}",
                case.name(),
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
pub(super) fn place(report: &Report, location: &Location) -> String {
    let s = &report.structure;
    let title = match &location.section {
        Some(n) => s.section(n).map(|x| x.title.clone()),
        None if location.chapter == 0 => s.preface().map(|p| p.title.clone()),
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
