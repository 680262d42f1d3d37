//! Screens as SVG, and as an HTML page of inline SVGs.
//!
//! A cell is [`CELL_WIDTH`] × [`CELL_HEIGHT`] pixels. The picture is the background (the
//! colour most cells have), a rectangle for each run of cells in another colour, then the
//! text: for each run of glyphs in one style on a row, one `<text>` whose `x` list puts
//! every character at the middle of its cells (`text-anchor: middle`), so a wide glyph
//! centres on its two cells and the grid holds in any font.

use std::fmt::Write;

use ratatui::buffer::Buffer;

use super::{FONTS, Glyph, Ink, glyphs, ink, shown_symbol, xml_text};
use crate::palette::{Palette, Rgb};

/// Pixels of a cell; a screen of 120×40 is 1080×720.
pub const CELL_WIDTH: u32 = 9;
pub const CELL_HEIGHT: u32 = 18;
/// The font size, and where the baseline sits in a cell.
const FONT_SIZE: u32 = 15;
const BASELINE: u32 = 14;

/// One screen as a standalone SVG document.
pub fn svg_with(buffer: &Buffer, palette: &Palette) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    picture(buffer, palette, None, &mut out);
    out
}

/// Screens as one standalone HTML page (XHTML-compatible, so XML tools read it too).
pub fn html_with(pages: &[Buffer], title: &str, palette: &Palette) -> String {
    let mut out = String::new();
    html_head(title, &mut out);
    for (i, page) in pages.iter().enumerate() {
        html_screen(page, palette, (i, pages.len()), &mut out);
    }
    out.push_str(HTML_END);
    out
}

/// The end of the page [`html_head`] begins.
pub(super) const HTML_END: &str = "</body>\n</html>\n";

/// The page up to its first screen: head, style, the title as a heading.
pub(super) fn html_head(title: &str, out: &mut String) {
    let title = xml_text(title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\">\n<head>\n\
         <meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta name=\"generator\" content=\"nianbao\"/>\n\
         <title>{title}</title>\n<style>\n\
         body {{ margin: 0; padding: 1.5rem; background: #808080; font-family: {FONTS}; }}\n\
         h1 {{ margin: 0 0 1rem; font-size: 1.1rem; font-weight: normal; color: #ffffff; }}\n\
         section {{ margin: 0 auto 1.5rem; max-width: 1600px; }}\n\
         section svg {{ display: block; width: 100%; height: auto; box-shadow: 0 2px 12px rgba(0, 0, 0, 0.35); }}\n\
         section p {{ margin: 0.3rem 0 0; color: #ffffff; font-size: 0.8rem; text-align: right; }}\n\
         @media print {{ body {{ background: none; padding: 0; }} h1, section p {{ display: none; }} \
         section {{ break-after: page; box-shadow: none; }} }}\n\
         </style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
}

/// One screen of the page: screen `index` (from 0) of `count`.
pub(super) fn html_screen(
    page: &Buffer,
    palette: &Palette,
    (index, count): (usize, usize),
    out: &mut String,
) {
    let _ = writeln!(out, "<section id=\"screen-{}\">", index + 1);
    picture(page, palette, Some(index + 1), out);
    if count > 1 {
        let _ = writeln!(out, "<p>{} / {count}</p>", index + 1);
    }
    out.push_str("</section>\n");
}

/// Appends the `<svg>` element of one screen (`number`: its place in a page).
fn picture(buffer: &Buffer, palette: &Palette, number: Option<usize>, out: &mut String) {
    let columns = u32::from(buffer.area.width);
    let rows = u32::from(buffer.area.height);
    let (width, height) = (columns * CELL_WIDTH, rows * CELL_HEIGHT);
    let glyphs = glyphs(buffer);
    let inks: Vec<Ink> = glyphs.iter().map(|g| ink(g.cell, palette)).collect();
    let canvas = most_common(inks.iter().map(|i| i.bg)).unwrap_or(palette.background);
    let label = number.map_or_else(String::new, |n| format!(" aria-label=\"screen {n}\""));
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\"{label} font-family=\"{FONTS}\" \
         font-size=\"{FONT_SIZE}\" text-anchor=\"middle\">"
    );
    let _ = writeln!(
        out,
        "<rect width=\"{width}\" height=\"{height}\" fill=\"{}\"/>",
        canvas.hex()
    );
    backgrounds(&glyphs, &inks, canvas, out);
    shapes(&glyphs, &inks, out);
    text(&glyphs, &inks, out);
    out.push_str("</svg>\n");
}

/// The colour that occurs most (the first of those, in order).
fn most_common(colours: impl Iterator<Item = Rgb>) -> Option<Rgb> {
    let mut counts: Vec<(Rgb, usize)> = Vec::new();
    for colour in colours {
        match counts.iter_mut().find(|(c, _)| *c == colour) {
            Some((_, n)) => *n += 1,
            None => counts.push((colour, 1)),
        }
    }
    let mut best: Option<(Rgb, usize)> = None;
    for (colour, count) in counts {
        if best.is_none_or(|(_, most)| count > most) {
            best = Some((colour, count));
        }
    }
    best.map(|(colour, _)| colour)
}

/// One rectangle per run of cells on a row whose background is not the canvas's.
fn backgrounds(glyphs: &[Glyph], inks: &[Ink], canvas: Rgb, out: &mut String) {
    out.push_str("<g shape-rendering=\"crispEdges\">\n");
    let mut run: Option<(u16, u16, u16, Rgb)> = None; // (y, x, cells, colour)
    let flush = |run: &mut Option<(u16, u16, u16, Rgb)>, out: &mut String| {
        if let Some((y, x, cells, colour)) = run.take() {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{CELL_HEIGHT}\" fill=\"{}\"/>",
                u32::from(x) * CELL_WIDTH,
                u32::from(y) * CELL_HEIGHT,
                u32::from(cells) * CELL_WIDTH,
                colour.hex()
            );
        }
    };
    for (glyph, ink) in glyphs.iter().zip(inks) {
        let extends = matches!(run, Some((y, x, cells, colour))
            if y == glyph.y && x + cells == glyph.x && colour == ink.bg);
        if extends {
            if let Some((_, _, cells, _)) = run.as_mut() {
                *cells += glyph.cells;
            }
            continue;
        }
        flush(&mut run, out);
        if ink.bg != canvas {
            run = Some((glyph.y, glyph.x, glyph.cells, ink.bg));
        }
    }
    flush(&mut run, out);
    out.push_str("</g>\n");
}

/// How a box-drawing or block character is drawn: lines from the cell's middle to
/// some of its sides, or a part of the cell filled (with an opacity, for shades).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    /// Up, down, left, right.
    Lines(bool, bool, bool, bool),
    /// Left, top, right, bottom as fractions of the cell; opacity.
    Block(f64, f64, f64, f64, f64),
    /// A triangle pointing up (or down): the arrows of rises and falls, which fonts
    /// draw too wide for a cell.
    Triangle(bool),
}

/// The shape of the box-drawing and block characters the screens use (thin lines,
/// round corners, blocks, eighths, shades); `None` for everything else, drawn as text.
fn shape(symbol: &str) -> Option<Shape> {
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let lines = |up, down, left, right| Some(Shape::Lines(up, down, left, right));
    let block = |l, t, r, b| Some(Shape::Block(l, t, r, b, 1.0));
    match c {
        '─' => lines(false, false, true, true),
        '│' => lines(true, true, false, false),
        '┌' | '╭' => lines(false, true, false, true),
        '┐' | '╮' => lines(false, true, true, false),
        '└' | '╰' => lines(true, false, false, true),
        '┘' | '╯' => lines(true, false, true, false),
        '├' => lines(true, true, false, true),
        '┤' => lines(true, true, true, false),
        '┬' => lines(false, true, true, true),
        '┴' => lines(true, false, true, true),
        '┼' => lines(true, true, true, true),
        '█' => block(0.0, 0.0, 1.0, 1.0),
        '▀' => block(0.0, 0.0, 1.0, 0.5),
        '▌' => block(0.0, 0.0, 0.5, 1.0),
        '▐' => block(0.5, 0.0, 1.0, 1.0),
        '▁'..='▇' => {
            let eighths = f64::from(u32::from(c) - u32::from('▁') + 1);
            block(0.0, 1.0 - eighths / 8.0, 1.0, 1.0)
        }
        '▉'..='▏' => {
            let eighths = f64::from(u32::from('▏') - u32::from(c) + 1);
            block(0.0, 0.0, eighths / 8.0, 1.0)
        }
        '▲' => Some(Shape::Triangle(true)),
        '▼' => Some(Shape::Triangle(false)),
        '░' => Some(Shape::Block(0.0, 0.0, 1.0, 1.0, 0.25)),
        '▒' => Some(Shape::Block(0.0, 0.0, 1.0, 1.0, 0.5)),
        '▓' => Some(Shape::Block(0.0, 0.0, 1.0, 1.0, 0.75)),
        _ => None,
    }
}

/// Box-drawing and block characters as lines and rectangles, one path per colour (and
/// opacity): crisp, joined from cell to cell and row to row as on a terminal, with the
/// segments of a border and the blocks of a bar merged into one each.
fn shapes(glyphs: &[Glyph], inks: &[Ink], out: &mut String) {
    // Coordinates in half pixels, so they sort and join exactly.
    let mut across: Vec<(PathKey, i64, i64, i64)> = Vec::new(); // y, x0, x1
    let mut down: Vec<(PathKey, i64, i64, i64)> = Vec::new(); // x, y0, y1
    let mut blocks: Vec<(PathKey, i64, i64, i64, i64)> = Vec::new(); // y0, y1, x0, x1
    let mut other: Vec<(PathKey, String)> = Vec::new();
    for (glyph, ink) in glyphs.iter().zip(inks) {
        if ink.hidden {
            continue;
        }
        let Some(shape) = shape(&shown_symbol(glyph.symbol)) else {
            continue;
        };
        let left = i64::from(glyph.x) * i64::from(CELL_WIDTH) * 2;
        let top = i64::from(glyph.y) * i64::from(CELL_HEIGHT) * 2;
        let width = i64::from(glyph.cells) * i64::from(CELL_WIDTH) * 2;
        let height = i64::from(CELL_HEIGHT) * 2;
        // Lines run on pixel centres (odd half pixels), so a 1-pixel stroke is sharp.
        let (x, y) = (left + width / 4 * 2 + 1, top + height / 2 + 1);
        let line = PathKey {
            colour: ink.fg,
            opacity: 100,
            line: true,
        };
        match shape {
            Shape::Lines(up, bottom, west, east) => {
                if west || east {
                    let from = if west { left } else { x };
                    let to = if east { left + width } else { x };
                    across.push((line, y, from, to));
                }
                if up || bottom {
                    let from = if up { top } else { y };
                    let to = if bottom { top + height } else { y };
                    down.push((line, x, from, to));
                }
            }
            Shape::Block(l, t, r, b, opacity) => {
                let at = |start: i64, size: i64, fraction: f64| {
                    start + (size as f64 * fraction).round() as i64
                };
                let key = PathKey {
                    colour: ink.fg,
                    opacity: (opacity * 100.0).round() as u32,
                    line: false,
                };
                blocks.push((
                    key,
                    at(top, height, t),
                    at(top, height, b),
                    at(left, width, l),
                    at(left, width, r),
                ));
            }
            Shape::Triangle(up) => {
                let (base, apex) = if up { (0.72, 0.3) } else { (0.3, 0.72) };
                let px = |half: i64, fraction: f64, size: i64| {
                    half_pixels(half) + fraction * half_pixels(size)
                };
                let d = format!(
                    "M{} {}H{}L{} {}Z",
                    px(left, 0.1, width),
                    px(top, base, height),
                    px(left, 0.9, width),
                    px(left, 0.5, width),
                    px(top, apex, height)
                );
                other.push((
                    PathKey {
                        line: false,
                        ..line
                    },
                    d,
                ));
            }
        }
    }
    let mut data: Vec<(PathKey, String)> = Vec::new();
    let mut add = |key: PathKey, d: String| match data.iter_mut().find(|(k, _)| *k == key) {
        Some((_, all)) => all.push_str(&d),
        None => data.push((key, d)),
    };
    for (key, y, x0, x1) in merged(across) {
        add(
            key,
            format!(
                "M{} {}H{}",
                half_pixels(x0),
                half_pixels(y),
                half_pixels(x1)
            ),
        );
    }
    for (key, x, y0, y1) in merged(down) {
        add(
            key,
            format!(
                "M{} {}V{}",
                half_pixels(x),
                half_pixels(y0),
                half_pixels(y1)
            ),
        );
    }
    blocks.sort_by_key(|&(key, y0, y1, x0, _)| (key.sort_key(), y0, y1, x0));
    let mut joined: Vec<(PathKey, i64, i64, i64, i64)> = Vec::new();
    for block in blocks {
        match joined.last_mut() {
            Some(last)
                if last.0 == block.0
                    && last.1 == block.1
                    && last.2 == block.2
                    && last.4 == block.3 =>
            {
                last.4 = block.4;
            }
            _ => joined.push(block),
        }
    }
    for (key, y0, y1, x0, x1) in joined {
        let (x0, x1) = (half_pixels(x0), half_pixels(x1));
        add(
            key,
            format!("M{x0} {}H{x1}V{}H{x0}Z", half_pixels(y0), half_pixels(y1)),
        );
    }
    for (key, d) in other {
        add(key, d);
    }
    for (key, d) in data {
        let paint = if key.line {
            format!(
                "fill=\"none\" stroke=\"{}\" stroke-width=\"1\" stroke-linecap=\"square\"",
                key.colour.hex()
            )
        } else {
            format!("fill=\"{}\"", key.colour.hex())
        };
        let faded = if key.opacity < 100 {
            format!(" opacity=\"{:.2}\"", f64::from(key.opacity) / 100.0)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<path {paint}{faded} shape-rendering=\"crispEdges\" d=\"{d}\"/>"
        );
    }
}

/// What a path is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PathKey {
    colour: Rgb,
    /// In hundredths.
    opacity: u32,
    /// Stroked (a line) rather than filled.
    line: bool,
}

impl PathKey {
    fn sort_key(self) -> (u8, u8, u8, u32, bool) {
        (
            self.colour.0,
            self.colour.1,
            self.colour.2,
            self.opacity,
            self.line,
        )
    }
}

/// Segments on one line (a row's y or a column's x) joined where they touch.
fn merged(mut segments: Vec<(PathKey, i64, i64, i64)>) -> Vec<(PathKey, i64, i64, i64)> {
    segments.sort_by_key(|&(key, at, from, _)| (key.sort_key(), at, from));
    let mut joined: Vec<(PathKey, i64, i64, i64)> = Vec::new();
    for segment in segments {
        match joined.last_mut() {
            Some(last) if last.0 == segment.0 && last.1 == segment.1 && segment.2 <= last.3 => {
                last.3 = last.3.max(segment.3);
            }
            _ => joined.push(segment),
        }
    }
    joined
}

/// Half pixels as pixels.
fn half_pixels(half: i64) -> f64 {
    half as f64 / 2.0
}

/// What a run of text shares.
#[derive(Clone, Copy, PartialEq, Eq)]
struct TextStyle {
    /// Box-drawing and block characters, drawn as lines and rectangles: their text is
    /// there (to copy, to search) but transparent.
    drawn: bool,
    fg: Rgb,
    bold: bool,
    italic: bool,
    underline: bool,
    crossed: bool,
}

/// The glyphs' text: one `<text>` per run of one style on a row, each character at the
/// middle of its cells. A gap of spaces between glyphs of a run stays in it as one
/// space (the text reads as on the screen; SVG collapses runs of spaces anyway); spaces
/// at a run's ends are left out. A symbol of several characters (an emoji sequence, a
/// letter with combining marks) gets a `<text>` of its own, since `x` positions
/// characters.
fn text(glyphs: &[Glyph], inks: &[Ink], out: &mut String) {
    out.push_str("<g>\n");
    let mut run: Option<Run> = None;
    // Spaces after the run so far: kept if the run goes on after them.
    let mut spaces: Vec<(u16, String)> = Vec::new();
    for (glyph, ink) in glyphs.iter().zip(inks) {
        let shown = shown_symbol(glyph.symbol);
        let x = centre(glyph);
        if ink.hidden || shown.trim_matches(' ').is_empty() {
            if run.as_ref().is_some_and(|r| r.y == glyph.y) {
                spaces.push((glyph.y, x));
            }
            continue;
        }
        let style = TextStyle {
            drawn: shape(&shown).is_some(),
            fg: ink.fg,
            bold: ink.bold,
            italic: ink.italic,
            underline: ink.underline,
            crossed: ink.crossed,
        };
        let single = shown.chars().nth(1).is_none();
        match run.as_mut() {
            Some(r) if r.y == glyph.y && r.style == style && r.single && single => {
                // One space for a gap: renderers collapse runs of spaces (SVG's
                // default), which would put what follows at the spaces' positions.
                if let Some((_, space)) = spaces.first() {
                    r.xs.push(space.clone());
                    r.content.push(' ');
                }
                spaces.clear();
                r.xs.push(x);
                r.content.push_str(&shown);
            }
            _ => {
                spaces.clear();
                if let Some(done) = run.take() {
                    done.write(out);
                }
                run = Some(Run {
                    y: glyph.y,
                    style,
                    single,
                    xs: vec![x],
                    content: shown,
                });
            }
        }
    }
    if let Some(done) = run {
        done.write(out);
    }
    out.push_str("</g>\n");
}

/// Glyphs of one style on a row, and where each goes.
struct Run {
    y: u16,
    style: TextStyle,
    /// One character (a `<text>` of several is alone).
    single: bool,
    xs: Vec<String>,
    content: String,
}

impl Run {
    fn write(&self, out: &mut String) {
        write_text(self.y, &self.style, &self.xs, &self.content, out);
    }
}

/// The middle of a glyph's cells, in pixels.
fn centre(glyph: &Glyph) -> String {
    let twice = u32::from(glyph.x) * CELL_WIDTH * 2 + u32::from(glyph.cells) * CELL_WIDTH;
    if twice.is_multiple_of(2) {
        (twice / 2).to_string()
    } else {
        format!("{}.5", twice / 2)
    }
}

fn write_text(y: u16, style: &TextStyle, xs: &[String], content: &str, out: &mut String) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" fill=\"{}\"",
        xs.join(" "),
        u32::from(y) * CELL_HEIGHT + BASELINE,
        style.fg.hex()
    );
    if style.drawn {
        out.push_str(" fill-opacity=\"0\"");
    }
    if style.bold {
        out.push_str(" font-weight=\"bold\"");
    }
    if style.italic {
        out.push_str(" font-style=\"italic\"");
    }
    match (style.underline, style.crossed) {
        (true, true) => out.push_str(" text-decoration=\"underline line-through\""),
        (true, false) => out.push_str(" text-decoration=\"underline\""),
        (false, true) => out.push_str(" text-decoration=\"line-through\""),
        (false, false) => {}
    }
    let _ = writeln!(out, ">{}</text>", xml_text(content));
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    #[test]
    fn borders_and_bars_are_joined_lines_and_rectangles() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 3));
        let style = Style::new().fg(Color::Indexed(244)).bg(Color::Indexed(235));
        buffer.set_string(0, 0, "┌────────┐", style);
        buffer.set_string(0, 1, "│████ 嘉 │", style);
        buffer.set_string(0, 2, "└────────┘", style);
        let svg = svg_with(&buffer, &Palette::LIGHT);
        // The top border: one line across, from the corner's middle to the other's.
        assert!(svg.contains("M4.5 9.5H85.5"), "{svg}");
        // The left side: one line down through the three rows.
        assert!(svg.contains("M4.5 9.5V45.5"), "{svg}");
        // Four blocks: one rectangle.
        assert!(svg.contains("M9 18H45V36H9Z"), "{svg}");
        // The text is there too, transparent where it is drawn.
        assert!(
            svg.contains("fill-opacity=\"0\">┌────────┐</text>"),
            "{svg}"
        );
        assert!(svg.contains(">嘉</text>"), "{svg}");
    }

    #[test]
    fn shapes_cover_the_characters_the_screens_use() {
        assert_eq!(shape("▁"), Some(Shape::Block(0.0, 0.875, 1.0, 1.0, 1.0)));
        assert_eq!(shape("▇"), Some(Shape::Block(0.0, 0.125, 1.0, 1.0, 1.0)));
        assert_eq!(shape("▏"), Some(Shape::Block(0.0, 0.0, 0.125, 1.0, 1.0)));
        assert_eq!(shape("▉"), Some(Shape::Block(0.0, 0.0, 0.875, 1.0, 1.0)));
        assert_eq!(shape("╭"), shape("┌"));
        assert_eq!(shape("嘉"), None);
        assert_eq!(shape("──"), None);
    }
}
