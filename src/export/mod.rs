//! Export for sharing: screens as standalone files that look like the terminal. Every
//! format is made from ratatui [`Buffer`]s, the frames the explorer draws (or any other
//! front end, such as a slide deck), so an export is the same layout as the screen:
//!
//! - [`svg`]: one screen as an SVG picture. Text stays text (CJK included, searchable and
//!   selectable, in fonts named with fallbacks); each glyph is placed at its cell (a wide
//!   glyph centred on its two), so the grid holds whatever font the viewer has.
//! - [`html`]: one standalone page with every screen given (a deck's slides, in order),
//!   each an inline SVG as above; no script, no outside resource.
//! - [`markdown`]: the screens' text in fenced blocks.
//!
//! [`render`] draws the explorer into a buffer; [`files`] names the files a set of
//! screens exports to (one HTML page with all, one SVG each, one Markdown);
//! [`write_files`] writes them to a [`Destination`] one screen at a time (drawn, written,
//! dropped), so a deck of any length takes the memory of one slide; [`write::write_file`]
//! writes one file atomically, refusing to replace anything nianbao did not write.
//!
//! [`figures`]: every printed figure as a row, for analysts: a workbook, a SQLite
//! database or a Parquet file (CSV is the command line's).
//!
//! Text from the data never becomes markup: it is escaped for XML (and control, bidi
//! and zero-width characters are left out, as on the screen), and Markdown keeps it in
//! code fences longer than any run of backticks in it.

pub mod figures;
mod stream;
mod svg;
pub mod write;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use crate::app::App;
use crate::palette::{Palette, Rgb};
use crate::settings::ThemeName;
use crate::text::{char_width, is_hidden_control};
use crate::ui::Theme;

pub use stream::{Destination, Screens, write_files};
pub use svg::{html_with, svg_with};

/// The fonts exports ask for, first found wins: monospaced fonts with Chinese in the
/// width of two Latin letters, then common monospaced and Chinese fonts.
pub const FONTS: &str = "'Sarasa Mono SC', 'Noto Sans Mono CJK SC', 'Source Han Mono SC', \
                         'WenQuanYi Zen Hei Mono', 'DejaVu Sans Mono', Menlo, Consolas, \
                         'PingFang SC', 'Microsoft YaHei', monospace";

/// The size of a screen exported when none is asked for: columns, rows.
pub const DEFAULT_SIZE: (u16, u16) = (120, 40);

/// The formats of [`files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One SVG picture per screen.
    Svg,
    /// One HTML page with every screen.
    Html,
    /// One Markdown file with every screen's text.
    Md,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Html => "html",
            Format::Md => "md",
        }
    }
}

/// One screen as an SVG picture, with the terminal colours of a light palette where
/// the buffer leaves them to the terminal (themes that paint their own set them all).
pub fn svg(buffer: &Buffer) -> String {
    svg_with(buffer, &Palette::LIGHT)
}

/// Screens (one, or a deck's slides) as one standalone HTML page titled `title`.
pub fn html(pages: &[Buffer], title: &str) -> String {
    html_with(pages, title, &Palette::LIGHT)
}

/// Screens as Markdown: the title as a heading, each screen's text in a fenced block
/// (under `Screen N of M` when there are several).
pub fn markdown(pages: &[Buffer], title: &str) -> String {
    let mut out = markdown_head(title);
    for (i, page) in pages.iter().enumerate() {
        markdown_screen(page, (i, pages.len()), &mut out);
    }
    out
}

/// The title of a Markdown export, as its heading.
fn markdown_head(title: &str) -> String {
    format!("# {}\n", markdown_text(title))
}

/// Screen `index` (from 0) of `count` in Markdown: its text in a fence longer than any
/// run of backticks in it.
fn markdown_screen(page: &Buffer, (index, count): (usize, usize), out: &mut String) {
    if count > 1 {
        out.push_str(&format!("\n## Screen {} of {count}\n", index + 1));
    }
    let rows: Vec<String> = rows_text(page);
    let longest_ticks = rows
        .iter()
        .flat_map(|row| row.split(|c| c != '`').map(str::len))
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest_ticks.max(2) + 1);
    out.push_str(&format!("\n{fence}text\n"));
    for row in rows {
        out.push_str(&row);
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
}

/// The palette for a theme's terminal colours: dark or light as the theme is made for.
pub fn palette_for(theme: ThemeName) -> Palette {
    if theme.is_dark() {
        Palette::DARK
    } else {
        Palette::LIGHT
    }
}

/// The files a set of screens exports to, named from `stem`: `STEM.html` or `STEM.md`
/// with every screen, or `STEM.svg` for one screen and `STEM-01.svg`, `STEM-02.svg`, …
/// for several. [`write_files`] writes the same files one screen at a time.
pub fn files(
    pages: &[Buffer],
    title: &str,
    format: Format,
    stem: &str,
    palette: &Palette,
) -> Vec<(String, String)> {
    let mut memory = stream::InMemory::default();
    let screens = Screens {
        count: pages.len(),
        title,
        format,
        stem,
        palette,
    };
    write_files(&screens, |i| pages[i].clone(), &mut memory)
        .expect("writing to memory cannot fail");
    memory.files
}

/// The explorer's screen for an app, drawn with a theme into a buffer of the app's size
/// (as `ui::draw` draws it on a terminal).
pub fn render(app: &App, theme: &Theme) -> Buffer {
    let (width, height) = app.size;
    let mut terminal =
        Terminal::new(TestBackend::new(width, height)).expect("a test backend cannot fail");
    terminal
        .draw(|frame| crate::ui::draw(frame, app, theme))
        .expect("a test backend cannot fail")
        .buffer
        .clone()
}

/// A glyph of a screen: where it is, how many cells it covers, what it shows.
struct Glyph<'a> {
    x: u16,
    y: u16,
    cells: u16,
    symbol: &'a str,
    cell: &'a ratatui::buffer::Cell,
}

/// The glyphs of a buffer row by row: one per cell, except the cells a wide glyph
/// covers.
fn glyphs(buffer: &Buffer) -> Vec<Glyph<'_>> {
    let width = buffer.area.width;
    let mut out = Vec::with_capacity(buffer.content.len());
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < width {
            let cell = &buffer.content[usize::from(y) * usize::from(width) + usize::from(x)];
            let symbol = cell.symbol();
            let cells =
                (symbol.chars().map(char_width).sum::<usize>().max(1) as u16).min(width - x);
            out.push(Glyph {
                x,
                y,
                cells,
                symbol,
                cell,
            });
            x += cells;
        }
    }
    out
}

/// A symbol as it may be shown: without control, bidi and zero-width characters, nor
/// what XML cannot hold.
fn shown_symbol(symbol: &str) -> String {
    symbol
        .chars()
        .filter(|&c| !is_hidden_control(c) && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

/// Each row's text, trimmed at the end (a wide glyph once).
fn rows_text(buffer: &Buffer) -> Vec<String> {
    let mut rows = vec![String::new(); usize::from(buffer.area.height)];
    for glyph in glyphs(buffer) {
        let shown = shown_symbol(glyph.symbol);
        let row = &mut rows[usize::from(glyph.y)];
        if shown.is_empty() {
            row.push_str(&" ".repeat(usize::from(glyph.cells)));
        } else {
            row.push_str(&shown);
        }
    }
    rows.into_iter()
        .map(|row| row.trim_end().to_string())
        .collect()
}

/// Text for Markdown outside code: every ASCII punctuation character backslash-escaped
/// (CommonMark allows it for all of them), line breaks as spaces.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in shown_symbol(&text.replace(['\n', '\r'], " ")).chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How a cell looks: its colours resolved (reverse video applied, faint drawn halfway
/// to the background) and the attributes text shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ink {
    fg: Rgb,
    bg: Rgb,
    bold: bool,
    italic: bool,
    underline: bool,
    crossed: bool,
    hidden: bool,
}

fn ink(cell: &ratatui::buffer::Cell, palette: &Palette) -> Ink {
    let mut fg = palette.resolve(cell.fg, true);
    let mut bg = palette.resolve(cell.bg, false);
    let modifier = cell.modifier;
    if modifier.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    if modifier.contains(Modifier::DIM) {
        fg = fg.mix(bg, 0.5);
    }
    Ink {
        fg,
        bg,
        bold: modifier.contains(Modifier::BOLD),
        italic: modifier.contains(Modifier::ITALIC),
        underline: modifier.contains(Modifier::UNDERLINED),
        crossed: modifier.contains(Modifier::CROSSED_OUT),
        hidden: modifier.contains(Modifier::HIDDEN),
    }
}

/// Text for XML (and HTML) content and attribute values.
fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in shown_symbol(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn markdown_fences_are_longer_than_any_backticks_in_the_text() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 20, 2));
        buffer.set_string(0, 0, "a ```` b", Style::default());
        buffer.set_string(0, 1, "嘉兴 `x`", Style::default());
        let text = markdown(&[buffer], "# *not* a [link](x) <b>");
        assert!(
            text.starts_with("# \\# \\*not\\* a \\[link\\]\\(x\\) \\<b\\>\n"),
            "{text}"
        );
        assert!(
            text.contains("\n`````text\na ```` b\n嘉兴 `x`\n`````\n"),
            "{text}"
        );
    }

    #[test]
    fn xml_text_escapes_markup_and_leaves_out_controls() {
        assert_eq!(
            xml_text("<b a=\"1\">&'\u{1b}[2J\u{202e}x"),
            "&lt;b a=&quot;1&quot;&gt;&amp;&#39;[2Jx"
        );
    }

    #[test]
    fn several_svg_pages_are_numbered_to_sort() {
        let pages = vec![Buffer::empty(Rect::new(0, 0, 2, 1)); 12];
        let names: Vec<String> = files(&pages, "t", Format::Svg, "slide", &Palette::LIGHT)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names[0], "slide-01.svg");
        assert_eq!(names[11], "slide-12.svg");
        let one = files(&pages[..1], "t", Format::Html, "deck", &Palette::LIGHT);
        assert_eq!(one[0].0, "deck.html");
    }
}
