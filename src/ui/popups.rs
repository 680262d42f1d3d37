//! Popups over the views: the finder (live hits, matched characters highlighted, a
//! preview, the real cursor at the caret) and the help overlay generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, block, clean, highlighted, input_window};
use crate::app::App;
use crate::app::finder::Finder;
use crate::app::keymap::{Mode, help_lines};
use crate::app::layout::inner;
use crate::model::ItemRef;
use crate::search::Hit;
use crate::text::{display_width, excerpt, pad_to_width, truncate_to_width, wrap};

/// A centred rectangle of at most the given size.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Clears the cells a popup covers, and a wide glyph just left of it whose second half
/// the popup's border covers (it becomes a blank: half a glyph cannot be drawn).
pub(super) fn clear(frame: &mut Frame, popup: Rect) {
    frame.render_widget(Clear, popup);
    if popup.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in popup.top()..popup.bottom() {
        let cell = &mut buffer[(popup.x - 1, y)];
        if crate::text::display_width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

pub fn finder(frame: &mut Frame, area: Rect, app: &App, finder: &Finder, theme: &Theme) {
    let popup = centred(
        area,
        area.width.saturating_sub(4).max(20),
        area.height.saturating_sub(2).max(6),
    );
    clear(frame, popup);
    let kind = finder.kind().map_or("all", |k| k.name());
    let title = format!(
        "Find 查找 · {kind} · {} hits · Tab kind · Enter jump · Esc close",
        finder.hits.len()
    );
    frame.render_widget(block(title, true, theme), popup);
    let body = inner(popup);
    if body.height < 2 || body.width < 4 {
        return;
    }
    // The query line, with the real cursor at the caret so input methods place their
    // candidate window there.
    let prompt = "› ";
    let room = usize::from(body.width).saturating_sub(display_width(prompt));
    let (shown, caret) = input_window(&finder.input, room);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.key),
            Span::styled(shown, theme.text),
        ])),
        Rect::new(body.x, body.y, body.width, 1),
    );
    let caret = (display_width(prompt) + caret).min(usize::from(body.width) - 1);
    frame.set_cursor_position(Position::new(body.x + caret as u16, body.y));
    let results = Rect::new(body.x, body.y + 1, body.width, body.height - 1);
    let (list, preview) = if results.width >= 100 {
        let list_width = results.width * 11 / 20;
        (
            Rect::new(results.x, results.y, list_width, results.height),
            Rect::new(
                results.x + list_width + 1,
                results.y,
                results.width - list_width - 1,
                results.height,
            ),
        )
    } else {
        let list_height = (results.height * 3 / 5).max(1);
        (
            Rect::new(results.x, results.y, results.width, list_height),
            Rect::new(
                results.x,
                results.y + list_height,
                results.width,
                results.height - list_height,
            ),
        )
    };
    hit_list(frame, list, app, finder, theme);
    if let Some(hit) = finder.hits.get(finder.selected) {
        hit_preview(frame, preview, app, hit, theme);
    } else if !finder.input.text().trim().is_empty() {
        frame.render_widget(
            Paragraph::new(paragraph_text("No match. Try fewer characters, pinyin initials (jxjs) or English; Tab changes the kind.", preview.width, theme)),
            preview,
        );
    } else {
        frame.render_widget(
            Paragraph::new(paragraph_text(
                "Type Chinese, pinyin (jxjs, jiaxingjishi, jx技师) or English.",
                preview.width,
                theme,
            )),
            preview,
        );
    }
}

fn paragraph_text<'a>(text: &str, width: u16, theme: &Theme) -> Vec<Line<'a>> {
    wrap(text, usize::from(width))
        .into_iter()
        .map(|l| Line::styled(l, theme.dim))
        .collect()
}

fn hit_list(frame: &mut Frame, area: Rect, app: &App, finder: &Finder, theme: &Theme) {
    let height = usize::from(area.height);
    let width = usize::from(area.width);
    let offset = (finder.selected + 1).saturating_sub(height);
    let lines: Vec<Line> = finder
        .hits
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, hit)| {
            let entry = app.index().entry(hit);
            let selected = i == finder.selected;
            let base = if selected { theme.selected } else { theme.text };
            let tag = format!("{:<9} ", entry.kind.name());
            let room = width.saturating_sub(tag.len());
            let title = truncate_to_width(&clean(&entry.title), room);
            let mut spans = vec![Span::styled(
                tag,
                if selected { theme.selected } else { theme.dim },
            )];
            spans.extend(highlighted(&title, &hit.title_positions, base, theme));
            let used = display_width(&title);
            if let Some(snippet) = &hit.snippet
                && used + 4 < room
            {
                let shown = truncate_to_width(&snippet.text, room - used - 2);
                spans.push(Span::styled("  ", base));
                spans.extend(highlighted(
                    &shown,
                    &snippet.positions,
                    if selected { base } else { theme.dim },
                    theme,
                ));
            }
            let line_width: usize = spans.iter().map(|s| display_width(&s.content)).sum();
            spans.push(Span::styled(
                " ".repeat(width.saturating_sub(line_width)),
                base,
            ));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn hit_preview(frame: &mut Frame, area: Rect, app: &App, hit: &Hit, theme: &Theme) {
    let report = app.report();
    let entry = app.index().entry(hit);
    let width = usize::from(area.width);
    let s = &report.structure;
    let text = match &entry.item {
        ItemRef::Case(n) => s.case(n).map(|c| {
            c.paragraphs
                .iter()
                .map(|&p| s.paragraphs[p].text.clone())
                .collect::<Vec<_>>()
                .join("\n")
        }),
        ItemRef::Paragraph(n) => s
            .paragraphs
            .get(n.saturating_sub(1))
            .map(|p| p.text.clone()),
        ItemRef::Indicator(id) => report.indicator(id).map(|i| {
            format!(
                "{} · {} · {}\n{}",
                i.display_value(),
                i.period,
                i.name_en,
                i.source
            )
        }),
        ItemRef::School(id) => report.school(id).map(|x| {
            format!(
                "{}\n{} · {}\n{} cases, {} mentions",
                x.name_en,
                x.district,
                x.kind,
                x.cases.len(),
                x.mentions.len()
            )
        }),
        ItemRef::Section(n) => s
            .paragraphs
            .iter()
            .find(|p| p.location.section.as_deref() == Some(n.as_str()))
            .map(|p| p.text.clone()),
        ItemRef::Chapter(n) => s
            .paragraphs
            .iter()
            .find(|p| p.location.chapter == *n)
            .map(|p| p.text.clone()),
        ItemRef::Table(n) => s.table(n).map(|t| {
            std::iter::once(&t.header)
                .chain(&t.rows)
                .map(|r| r.join("  "))
                .collect::<Vec<_>>()
                .join("\n")
        }),
        ItemRef::Footnote(n) => s.footnote(*n).map(|f| f.text.clone()),
        ItemRef::Partner(id) => report
            .partner(id)
            .map(|p| format!("{}\n{} · {}", p.name_en, p.kind, p.location)),
        ItemRef::Figure(n) => s.figure(n).map(|f| format!("图{} {}", f.number, f.caption)),
        ItemRef::Preface | ItemRef::Breakdown(_) => None,
    };
    let mut lines = vec![Line::styled(
        pad_to_width(
            &truncate_to_width(&format!("{} {}", entry.item, clean(&entry.title)), width),
            width,
        ),
        theme.title,
    )];
    for paragraph in text.unwrap_or_default().lines() {
        lines.extend(
            wrap(&clean(&excerpt(paragraph, 600)), width)
                .into_iter()
                .map(|l| Line::styled(l, theme.text)),
        );
    }
    frame.render_widget(Paragraph::new(lines), area);
}

pub fn help(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut lines = Vec::new();
    for (title, mode) in [
        ("Keys 按键", Mode::Normal),
        ("In the finder", Mode::Finder),
        ("Editing a filter", Mode::FilterEdit),
        ("Finding in the chapter", Mode::ChapterFind),
    ] {
        lines.push(Line::styled(title, theme.section));
        for (keys, help) in help_lines(app.keymap(), mode) {
            lines.push(Line::from(vec![
                Span::styled(pad_to_width(keys, 20), theme.key),
                Span::styled(help.to_string(), theme.text),
            ]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled(
        "Mouse: click to select, wheel to scroll (--no-mouse to select text).",
        theme.dim,
    ));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centred(area, 72, height);
    let visible = usize::from(popup.height.saturating_sub(2));
    let scroll = app.help_scroll.min(lines.len().saturating_sub(visible));
    let more = if scroll + visible < lines.len() {
        " · ↓ more"
    } else {
        ""
    };
    let lines: Vec<Line> = lines.into_iter().skip(scroll).collect();
    clear(frame, popup);
    frame.render_widget(
        Paragraph::new(lines).block(block(
            format!("Help 帮助 · Esc or ? closes{more}"),
            true,
            theme,
        )),
        popup,
    );
}
