//! Export for sharing: the SVG and HTML are well-formed XML (parsed), hold the screen's
//! text verbatim, and put every cell's text at its cell; colours come from the theme;
//! data never becomes markup; files are written whole and nothing else is replaced; the
//! command line end to end. Screens, the command and decks have a module each; here, the
//! helpers that draw a screen and read an export back.

mod command;
mod deck;
mod screens;

use crate::support;

use std::collections::HashMap;

use nianbao::app::{Action, App, View};
use nianbao::export;
use nianbao::model::ItemRef;
use nianbao::settings::ThemeName;
use nianbao::text::char_width;
use nianbao::ui::Theme;
use ratatui::buffer::Buffer;

const CELL_WIDTH: f64 = 9.0;

const CELL_HEIGHT: f64 = 18.0;

const BASELINE: f64 = 14.0;

fn screen(item: Option<ItemRef>, view: Option<View>, theme: ThemeName) -> Buffer {
    let mut app = App::new(support::jiaxing_dataset(), 0, (120, 40));
    if let Some(view) = view {
        app.apply(Action::ShowView(view));
    }
    if let Some(item) = item {
        app.open_item(&item);
        app.settle();
    }
    export::render(&app, &Theme::new(theme, true))
}

fn dashboard(theme: ThemeName) -> Buffer {
    screen(None, None, theme)
}

/// Every glyph an SVG shows, by (column, row), read back from the `x` and `y` of its
/// `<text>` elements (each character at the middle of its cells).
fn glyphs_of(svg: roxmltree::Node) -> HashMap<(usize, usize), String> {
    let mut found = HashMap::new();
    for text in svg.descendants().filter(|n| n.has_tag_name("text")) {
        let xs: Vec<f64> = text
            .attribute("x")
            .unwrap()
            .split(' ')
            .map(|x| x.parse().unwrap())
            .collect();
        let y: f64 = text.attribute("y").unwrap().parse().unwrap();
        let row = ((y - BASELINE) / CELL_HEIGHT).round();
        assert_eq!(row * CELL_HEIGHT + BASELINE, y, "a baseline off the grid");
        let content: String = text.text().unwrap_or_default().to_string();
        let chars: Vec<char> = content.chars().collect();
        if xs.len() == 1 && chars.len() > 1 {
            // A symbol of several characters, placed as one.
            let width: usize = chars.iter().map(|&c| char_width(c)).sum();
            let column = (xs[0] - width as f64 * CELL_WIDTH / 2.0) / CELL_WIDTH;
            found.insert((column as usize, row as usize), content.clone());
            continue;
        }
        assert_eq!(xs.len(), chars.len(), "one x per character: {content:?}");
        for (x, c) in xs.iter().zip(chars) {
            if c == ' ' {
                continue;
            }
            let column = (x - char_width(c).max(1) as f64 * CELL_WIDTH / 2.0) / CELL_WIDTH;
            assert_eq!(column.fract(), 0.0, "{c:?} off the grid at x {x}");
            let previous = found.insert((column as usize, row as usize), c.to_string());
            assert!(previous.is_none(), "two glyphs at ({column}, {row})");
        }
    }
    found
}

/// Every non-blank cell of the buffer is at its place in the SVG, and nothing else is.
fn assert_every_cell_appears(buffer: &Buffer, svg: roxmltree::Node) {
    let found = glyphs_of(svg);
    let mut expected = 0;
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            let width = symbol.chars().map(char_width).sum::<usize>().max(1);
            if symbol.trim() != "" {
                expected += 1;
                assert_eq!(
                    found
                        .get(&(usize::from(x), usize::from(y)))
                        .map(String::as_str),
                    Some(symbol),
                    "cell ({x}, {y})"
                );
            }
            x += width as u16;
        }
    }
    assert_eq!(
        found.len(),
        expected,
        "glyphs in the SVG that the screen lacks"
    );
}

/// Parses HTML (and SVG) as XML, the HTML's `<!DOCTYPE html>` allowed.
fn parse_html(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).unwrap()
}

fn texts(svg: roxmltree::Node) -> Vec<String> {
    svg.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}
