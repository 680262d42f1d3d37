//! Drawing: pure functions from the app state to a frame, one per screen region. Nothing
//! here changes state; every string from the data is escaped before it is drawn.

mod audit;
mod charts;
mod compare;
mod popups;
pub mod slides;
pub mod theme;
mod views;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::keymap::hints;
use crate::app::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use crate::app::outline;
use crate::app::text_input::TextInput;
use crate::app::{App, Layer, Pane, View};
use crate::model::ItemRef;
use crate::text::{display_width, escape_controls, pad_to_width, truncate_to_width, wrap};
pub use theme::Theme;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    // A painted theme's colours under everything; nothing for the terminal's own.
    frame.buffer_mut().set_style(area, theme.base);
    // What is on top, over the screen beneath it (a presentation or the views).
    let layers = app.drawn_layers();
    if let Some(presentation) = &app.present
        && layers.first() == Some(&Layer::Present)
    {
        slides::presentation(frame.buffer_mut(), area, app, presentation, theme);
    } else {
        let Some(areas) = app.areas() else {
            too_small(frame, area, theme);
            return;
        };
        header(frame, areas.header, app, theme);
        if areas.outline.width > 0 {
            outline(frame, areas.outline, app, theme);
        }
        if areas.content.width > 0 {
            views::content(frame, areas.content, app, theme);
        }
        status(frame, areas.status, app, theme);
    }
    for layer in layers {
        match layer {
            Layer::Finder => {
                if let Some(finder) = &app.finder {
                    popups::finder(frame, area, app, finder, theme);
                }
            }
            Layer::Picker => {
                if let Some(picker) = &app.picker {
                    compare::picker(frame, area, app, picker, theme);
                }
            }
            Layer::Audit => audit::popup(frame, area, app, theme),
            Layer::Compare => compare::compare(frame, area, app, theme),
            Layer::Help => popups::help(frame, area, app, theme),
            Layer::Explorer | Layer::ChapterFind | Layer::FilterEdit | Layer::Present => {}
        }
    }
    finish(frame.buffer_mut(), theme);
}

/// The last touch on a drawn screen (or slide): the cells wide glyphs cover take the
/// glyph's colours, and with a painted theme what a widget reset (the half of a wide
/// glyph a popup's border cut) gets the painted colours too, so every cell has them.
pub(crate) fn finish(buffer: &mut ratatui::buffer::Buffer, theme: &Theme) {
    cover_hidden_cells(buffer);
    if theme.paints_background() {
        for cell in &mut buffer.content {
            if cell.bg == Color::Reset {
                cell.bg = theme.base.bg.unwrap_or(Color::Reset);
            }
            if cell.fg == Color::Reset {
                cell.fg = theme.base.fg.unwrap_or(Color::Reset);
            }
        }
    }
}

/// Gives the cells a wide glyph covers its colours. ratatui resets them (to the
/// terminal's default background), which no terminal shows, since the glyph is drawn
/// over them; but a painted theme promises a colour in every cell, and an export draws
/// each cell's background.
fn cover_hidden_cells(buffer: &mut ratatui::buffer::Buffer) {
    let width = usize::from(buffer.area.width);
    for row in buffer.content.chunks_mut(width.max(1)) {
        let mut x = 0;
        while x < row.len() {
            let cells = if row[x].symbol().len() > 1 {
                display_width(row[x].symbol())
            } else {
                1
            };
            let style = row[x].style();
            for hidden in row.iter_mut().take(x + cells).skip(x + 1) {
                if hidden.symbol() == " " {
                    hidden.set_style(style);
                }
            }
            x += cells.max(1);
        }
    }
}

/// The notice for a terminal below the minimum: what to do comes first, so it shows even
/// at 20×5; the longer explanation only where there is room.
fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines: Vec<Line> = [
        format!("Terminal too small: {}×{}", area.width, area.height),
        "q quits".to_string(),
        format!("nianbao needs at least {MIN_WIDTH}×{MIN_HEIGHT}; enlarge the window"),
    ]
    .into_iter()
    .flat_map(|text| wrap(&text, usize::from(area.width.max(1))))
    .take(usize::from(area.height))
    .map(|line| Line::styled(line, theme.text).alignment(Alignment::Center))
    .collect();
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let region = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(Paragraph::new(lines), region);
}

/// Escapes data for the screen: control characters never reach the terminal raw.
fn clean(text: &str) -> String {
    escape_controls(text).into_owned()
}

/// A bordered block, highlighted when its pane has the keyboard.
fn block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(Span::styled(
            format!(" {} ", clean(&title)),
            if focused { theme.title } else { theme.dim },
        ))
}

fn header(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = Vec::new();
    let mut used = 0;
    for view in &View::ALL {
        let label = app.tab_label(*view);
        used += display_width(&label);
        spans.push(Span::styled(
            label,
            if *view == app.view {
                theme.tab_active
            } else {
                theme.tab
            },
        ));
    }
    let title = clean(&app.report().meta.title);
    let room = usize::from(area.width).saturating_sub(used + 2);
    if room > 6 {
        let shown = truncate_to_width(&title, room);
        let gap = usize::from(area.width).saturating_sub(used + display_width(&shown) + 1);
        spans.push(Span::raw(" ".repeat(gap)));
        spans.push(Span::styled(shown, theme.title));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn outline(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.pane == Pane::Outline;
    let report = app.report();
    let rows = app.outline.rows(report);
    let inner = layout::inner(area);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(app.outline_rows.offset)
        .take(usize::from(inner.height))
        .map(|(i, node)| {
            let fold = match node {
                ItemRef::Chapter(n) if app.outline.collapsed_chapters.contains(n) => "▸ ",
                ItemRef::Chapter(_) => "▾ ",
                ItemRef::Section(n) if app.outline.expanded_sections.contains(n) => "▾ ",
                ItemRef::Section(_) => "▸ ",
                _ => "· ",
            };
            let text = format!(
                "{}{fold}{}",
                "  ".repeat(outline::depth(report, node)),
                clean(&outline::label(report, node))
            );
            let text = pad_to_width(&truncate_to_width(&text, width), width);
            let style = if i == app.outline_rows.selected {
                if focused {
                    theme.selected
                } else {
                    theme.selected_unfocused
                }
            } else if outline::depth(report, node) == 0 {
                theme.heading
            } else {
                theme.text
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(block("Outline 目录".to_string(), focused, theme)),
        area,
    );
}

fn status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let width = usize::from(area.width);
    // A notice (what was copied, why input was cut) stands in for the location once; a
    // find in the chapter shows what is typed (with the terminal's cursor) or its count.
    let find = app
        .reader
        .find
        .as_ref()
        .filter(|_| app.view == View::Reader);
    let (location, location_style) = match (&app.notice, find) {
        (Some(notice), _) => (clean(notice), theme.title),
        (None, Some(find)) if find.editing => {
            let prompt = "Find in chapter: ";
            let (shown, caret) = input_window(&find.input, width.saturating_sub(prompt.len() + 12));
            let column = display_width(prompt) + caret;
            if column < width {
                frame.set_cursor_position(ratatui::layout::Position::new(
                    area.x + column as u16,
                    area.y,
                ));
            }
            (format!("{prompt}{shown} · {}", find.summary()), theme.title)
        }
        (None, Some(find)) => (
            format!("{} · find {} (n N)", clean(&app.location()), find.summary()),
            theme.text,
        ),
        (None, None) => (clean(&app.location()), theme.text),
    };
    // The location comes first; key hints take what is left.
    let hint_room = width.saturating_sub(display_width(&location).min(width * 3 / 5) + 2);
    let mut hint_spans = Vec::new();
    let mut hint_width = 0;
    let back = app.can_go_back().then_some(("⌫", "back"));
    for (key, help) in back.into_iter().chain(hints(app.keymap(), app.view)) {
        let piece_width = display_width(key) + display_width(help) + 3;
        if hint_width + piece_width > hint_room {
            break;
        }
        hint_width += piece_width;
        hint_spans.push(Span::styled(format!(" {key}"), theme.key));
        hint_spans.push(Span::styled(format!(" {help} "), theme.dim));
    }
    let location = truncate_to_width(&location, width.saturating_sub(hint_width + 1));
    let gap = width.saturating_sub(display_width(&location) + hint_width);
    let mut spans = vec![
        Span::styled(location, location_style),
        Span::raw(" ".repeat(gap)),
    ];
    spans.extend(hint_spans);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The part of a text field that fits `width` columns with its caret in view, escaped,
/// with `…` where text is cut on the left; and the caret's column in it.
fn input_window(input: &TextInput, width: usize) -> (String, usize) {
    let chars: Vec<String> = input
        .text()
        .chars()
        .map(|c| clean(c.encode_utf8(&mut [0; 4])))
        .collect();
    let caret = input.caret().min(chars.len());
    let columns = |from: usize, to: usize| {
        chars[from..to]
            .iter()
            .map(|c| display_width(c))
            .sum::<usize>()
    };
    let mut start = 0;
    // The caret itself needs a column; a cut needs one for its `…`.
    while start < caret && columns(start, caret) + usize::from(start > 0) + 1 > width {
        start += 1;
    }
    let mut shown = if start > 0 {
        "…".to_string()
    } else {
        String::new()
    };
    let mut used = display_width(&shown);
    let caret_column = used + columns(start, caret);
    for c in &chars[start..] {
        let w = display_width(c);
        if used + w > width {
            break;
        }
        shown.push_str(c);
        used += w;
    }
    (shown, caret_column)
}

/// Text with the characters at `positions` (character indices) styled as matched.
fn highlighted<'a>(text: &str, positions: &[usize], base: Style, theme: &Theme) -> Vec<Span<'a>> {
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in clean(text).chars().enumerate() {
        let matched = positions.binary_search(&i).is_ok();
        if matched != run_matched && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_matched {
                    base.patch(theme.matched)
                } else {
                    base
                },
            ));
        }
        run_matched = matched;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_matched {
                base.patch(theme.matched)
            } else {
                base
            },
        ));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_input_scrolls_to_keep_the_caret_in_view() {
        let mut input = TextInput::default();
        input.insert("jiaxing 嘉兴技师学院 technician college");
        let (shown, caret) = input_window(&input, 12);
        assert!(
            shown.starts_with('…') && shown.ends_with("college"),
            "{shown}"
        );
        assert!(display_width(&shown) <= 12 && caret == display_width(&shown));
        input.edit(crate::app::action::Edit::Home);
        let (shown, caret) = input_window(&input, 12);
        assert_eq!((shown.as_str(), caret), ("jiaxing 嘉兴", 0));
        let (shown, _) = input_window(&TextInput::default(), 0);
        assert!(shown.is_empty());
    }
}
