//! Popups over the views: the finder (live hits, matched characters highlighted, a
//! preview of the selected hit scrolled to its match, the real cursor at the caret) and
//! the help overlay generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, block, clean, highlighted, input_window};
use crate::app::finder::{Finder, counted};
use crate::app::keymap::{HELP_SECTIONS, help_lines};
use crate::app::layout::{FinderAreas, FinderRegions, centred, finder_offset};
use crate::app::{App, Layer};
use crate::search::{Hit, SearchKind};
use crate::text::{display_width, pad_to_width, truncate_to_width, wrap, wrap_ranges};

/// Clears the cells a popup covers (to the theme's painted colours, if any), and a wide
/// glyph just left of it whose second half the popup's border covers (it becomes a
/// blank: half a glyph cannot be drawn).
pub(super) fn clear(frame: &mut Frame, popup: Rect, theme: &Theme) {
    frame.render_widget(Clear, popup);
    frame.buffer_mut().set_style(popup, theme.base);
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
    let areas = FinderAreas::for_screen(area);
    let popup = areas.popup;
    clear(frame, popup, theme);
    frame.render_widget(
        block(finder_title(app, finder, popup.width), true, theme),
        popup,
    );
    let Some(FinderRegions {
        query,
        list,
        rule,
        preview,
    }) = areas.regions
    else {
        return;
    };
    // The query line, with the real cursor at the caret so input methods place their
    // candidate window there.
    let prompt = "› ";
    let room = usize::from(query.width).saturating_sub(display_width(prompt));
    let (shown, caret) = input_window(&finder.input, room);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.key),
            Span::styled(shown, theme.text),
        ])),
        query,
    );
    let caret = (display_width(prompt) + caret).min(usize::from(query.width) - 1);
    frame.set_cursor_position(Position::new(query.x + caret as u16, query.y));
    hit_list(frame, list, app, finder, theme);
    let line = if rule.width == 1 { "│" } else { "─" };
    let rule_lines: Vec<Line> = (0..rule.height)
        .map(|_| Line::styled(line.repeat(usize::from(rule.width)), theme.border))
        .collect();
    frame.render_widget(Paragraph::new(rule_lines), rule);
    if let Some(hit) = finder.hits.get(finder.selected) {
        hit_preview(frame, preview, app, finder, hit, theme);
    } else if !finder.input.text().trim().is_empty() {
        let message = if app.catalog().len() < 2 {
            "No match. Try fewer characters, pinyin initials (jxjs) or English; Tab changes the kind."
        } else if finder.all_reports {
            "No match in the titles and names of the reports (their text is searched one report at a time: Ctrl-R). Try fewer characters, pinyin initials (jxjs) or English; Tab changes the kind."
        } else {
            "No match in this report. Ctrl-R searches every report; try fewer characters, pinyin initials (jxjs) or English; Tab changes the kind."
        };
        frame.render_widget(
            Paragraph::new(paragraph_text(message, preview.width, theme)),
            preview,
        );
    } else {
        frame.render_widget(
            Paragraph::new(paragraph_text(
                "Type Chinese, pinyin (jxjs, jiaxingjishi, jx技师, phzz for 平湖职专) or English.",
                preview.width,
                theme,
            )),
            preview,
        );
    }
}

/// The finder's title: what is searched and how many hits, then the keys that fit.
fn finder_title(app: &App, finder: &Finder, width: u16) -> String {
    let kind = finder.kind().map_or("all", |k| k.name());
    let reports = app.catalog().len();
    let scope = match (reports > 1, finder.all_reports) {
        (false, _) => String::new(),
        (true, false) => " in this report".to_string(),
        (true, true) => format!(" in all {reports} reports' titles"),
    };
    let searching = if finder.searching {
        " · searching…"
    } else {
        ""
    };
    let mut title = format!(
        "Find 查找 · {kind} · {}{scope}{searching}",
        counted(finder.hits.len(), "hit")
    );
    let toggle = if finder.all_reports {
        "Ctrl-R this report"
    } else {
        "Ctrl-R all reports"
    };
    // Which reports are searched comes first where there are several.
    let hints = if reports > 1 {
        vec![toggle, "Tab kind", "Enter jump", "Esc close"]
    } else {
        vec!["Tab kind", "Enter jump", "Esc close"]
    };
    // The border's corners and the spaces around the title take four columns.
    let room = usize::from(width).saturating_sub(4);
    for hint in hints {
        if display_width(&title) + display_width(hint) + 3 > room {
            break;
        }
        title.push_str(" · ");
        title.push_str(hint);
    }
    title
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
    let offset = finder_offset(finder.selected, area.height);
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
            let dim = if selected { theme.selected } else { theme.dim };
            let tag = format!("{:<9} ", entry.kind.name());
            let mut spans = vec![Span::styled(tag, dim)];
            // A hit in another report says which.
            if entry.report != app.report_index() {
                let id = app
                    .catalog()
                    .meta(entry.report)
                    .map_or("?", |m| m.id.as_str());
                let label = truncate_to_width(&format!("{} › ", clean(id)), width / 3);
                spans.push(Span::styled(label, dim));
            }
            let used: usize = spans.iter().map(|s| display_width(&s.content)).sum();
            let room = width.saturating_sub(used);
            // When the text matched, the title leaves half the room for the snippet; a
            // paragraph's title is only its opening words, so its snippet takes its place.
            let title = match (&hit.snippet, entry.kind) {
                (Some(_), SearchKind::Paragraph) => String::new(),
                (Some(_), _) => truncate_to_width(&clean(&entry.title), room / 2),
                (None, _) => truncate_to_width(&clean(&entry.title), room),
            };
            spans.extend(highlighted(&title, &hit.title_positions, base, theme));
            let used = display_width(&title);
            if let Some(snippet) = &hit.snippet
                && used + 4 < room
            {
                let gap = if used > 0 { "  " } else { "" };
                let shown = snippet.fit(room - used - gap.len());
                spans.push(Span::styled(gap, base));
                spans.extend(highlighted(
                    &shown.text,
                    &shown.positions,
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

/// The selected hit's item: its title, then its text with every place the query matches
/// highlighted, scrolled so that the first one shows.
fn hit_preview(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    finder: &Finder,
    hit: &Hit,
    theme: &Theme,
) {
    let entry = app.index().entry(hit);
    let Some(preview) = finder.preview.as_ref().filter(|p| !p.unavailable) else {
        let message = "This report no longer loads: nianbao check lists its problems.";
        frame.render_widget(
            Paragraph::new(paragraph_text(message, area.width, theme)),
            area,
        );
        return;
    };
    let width = usize::from(area.width);
    // The title, with the characters the hit matched (or, when another name or the text
    // matched, whatever of the query the title spells).
    let title_positions = if hit.title_positions.is_empty() {
        &preview.title_match
    } else {
        &hit.title_positions
    };
    let prefix = clean(&preview.prefix);
    let lead = prefix.chars().count();
    let title_positions: Vec<usize> = title_positions.iter().map(|p| p + lead).collect();
    let title_line = pad_to_width(
        &truncate_to_width(&format!("{prefix}{}", clean(&entry.title)), width),
        width,
    );
    let mut lines = vec![Line::from(highlighted(
        &title_line,
        &title_positions,
        theme.title,
        theme,
    ))];
    // The text, each paragraph with what the query matches in it.
    let mut body: Vec<(Line, bool)> = Vec::new();
    for (paragraph, positions) in &preview.paragraphs {
        body.extend(wrapped(paragraph, positions, width, theme.text, theme));
    }
    // A match in another name (an alias, an id) or in glosses is not in the text: it is
    // shown first, as the list's snippet.
    let shown = !hit.title_positions.is_empty() || body.iter().any(|(_, matched)| *matched);
    if !shown && let Some(snippet) = &hit.snippet {
        let label = "match: ";
        let fitted = snippet.fit(width.saturating_sub(label.len()));
        let mut spans = vec![Span::styled(label, theme.dim)];
        spans.extend(highlighted(
            &fitted.text,
            &fitted.positions,
            theme.text,
            theme,
        ));
        body.insert(0, (Line::from(spans), true));
    }
    let rows = usize::from(area.height).saturating_sub(1);
    let first_match = body.iter().position(|(_, matched)| *matched).unwrap_or(0);
    // A match further down than the pane shows is scrolled to, with a line of context
    // above it where there is room.
    let offset = if first_match < rows {
        0
    } else {
        let context = usize::from(rows >= 3);
        (first_match - context).min(body.len().saturating_sub(rows))
    };
    lines.extend(body.into_iter().skip(offset).map(|(line, _)| line));
    frame.render_widget(Paragraph::new(lines), area);
}

/// A paragraph escaped and wrapped to `width`, with the characters at `positions` marked:
/// each line and whether it holds a marked character.
fn wrapped<'a>(
    text: &str,
    positions: &[usize],
    width: usize,
    base: Style,
    theme: &Theme,
) -> Vec<(Line<'a>, bool)> {
    // Escaping may turn one character into several: each keeps its own mark.
    let mut chars = Vec::new();
    let mut marks = Vec::new();
    for (i, c) in text.chars().enumerate() {
        let matched = positions.binary_search(&i).is_ok();
        for shown in clean(c.encode_utf8(&mut [0; 4])).chars() {
            chars.push(shown);
            marks.push(matched);
        }
    }
    wrap_ranges(&chars, width)
        .into_iter()
        .map(|range| {
            let mut spans: Vec<Span> = Vec::new();
            let mut run = String::new();
            let mut run_matched = false;
            for i in range.clone() {
                if marks[i] != run_matched && !run.is_empty() {
                    let style = if run_matched {
                        base.patch(theme.matched)
                    } else {
                        base
                    };
                    spans.push(Span::styled(std::mem::take(&mut run), style));
                }
                run_matched = marks[i];
                run.push(chars[i]);
            }
            if !run.is_empty() {
                let style = if run_matched {
                    base.patch(theme.matched)
                } else {
                    base
                };
                spans.push(Span::styled(run, style));
            }
            (Line::from(spans), marks[range].contains(&true))
        })
        .collect()
}

pub fn help(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut lines = Vec::new();
    let mut sections = HELP_SECTIONS.to_vec();
    // The keys that work now come first.
    let now = app.beneath(Layer::Help).and_then(Layer::keys);
    if let Some(at) = now.and_then(|mode| sections.iter().position(|(_, m)| *m == mode)) {
        let section = sections.remove(at);
        sections.insert(0, section);
    }
    for (title, mode) in sections {
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
    clear(frame, popup, theme);
    frame.render_widget(
        Paragraph::new(lines).block(block(
            format!("Help 帮助 · Esc or ? closes{more}"),
            true,
            theme,
        )),
        popup,
    );
}
