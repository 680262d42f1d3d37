//! Writes SYNTHETIC PDFs for the tests and the ingest bench, the way office software writes
//! a Chinese report: an Identity-H Type0 font whose glyph ids are assigned in order of first
//! use (as a subset font's are), a ToUnicode map back to the characters, per-glyph widths,
//! compressed content streams, each line placed with `Tm` and drawn with `TJ` with small
//! kerning adjustments. The font itself is not embedded: text extraction needs only the
//! maps, and the files stay small and need no font on the machine.
//!
//! The input is the text as pdftotext lays it out: lines, a form feed between pages. A
//! blank line is a wide vertical space (three lines high), which pdftotext shows as one
//! blank line: however many follow each other, they are one gap. Runs of two or more
//! spaces inside a line separate cells (a table's columns), placed at their display
//! column.

use std::collections::HashMap;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, StringFormat, dictionary};

/// Font size in points, and line pitch as a multiple of it.
const SIZE: f64 = 10.5;
const PITCH: f64 = 1.6;
/// The height of a blank line of the input, in lines.
const GAP: f64 = 3.0;
const PAGE: (f64, f64) = (595.0, 842.0);
const MARGIN: f64 = 72.0;

/// A PDF of the pages in `text` (split at form feeds).
pub fn pdf_from_text(text: &str) -> Vec<u8> {
    let mut font = Glyphs::default();
    let pages: Vec<Vec<u8>> = text
        .trim_end_matches('\u{c}')
        .split('\u{c}')
        .map(|page| page_content(page, &mut font))
        .collect();
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = font.write(&mut doc);
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids = Vec::new();
    for content in pages {
        let mut stream = Stream::new(dictionary! {}, content);
        stream.compress().expect("compressible");
        let content_id = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), (PAGE.0 as f32).into(), (PAGE.1 as f32).into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("written to memory");
    bytes
}

/// The content stream of one page.
fn page_content(page: &str, font: &mut Glyphs) -> Vec<u8> {
    let mut operations = Vec::new();
    let mut y = PAGE.1 - MARGIN;
    let mut blank = false;
    for (number, line) in page.lines().enumerate() {
        if line.trim().is_empty() {
            if !blank {
                y -= SIZE * PITCH * (GAP - 1.0);
            }
            blank = true;
        } else {
            blank = false;
            for (column, cell) in cells(line) {
                let x = MARGIN + column as f64 * SIZE / 2.0;
                operations.push(Operation::new("BT", vec![]));
                operations.push(Operation::new("Tf", vec!["F1".into(), SIZE.into()]));
                operations.push(Operation::new(
                    "Tm",
                    vec![1.into(), 0.into(), 0.into(), 1.into(), x.into(), y.into()],
                ));
                operations.push(Operation::new("TJ", vec![font.tj(cell, number)]));
                operations.push(Operation::new("ET", vec![]));
            }
        }
        y -= SIZE * PITCH;
    }
    Content { operations }.encode().expect("encodable")
}

/// The cells of a line with their display columns: text separated by two or more spaces.
fn cells(line: &str) -> Vec<(usize, &str)> {
    let mut cells = Vec::new();
    let mut column = 0;
    let mut start: Option<(usize, usize)> = None;
    let mut spaces = 0;
    for (index, c) in line.char_indices() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2
                && let Some((from, at)) = start.take()
            {
                cells.push((at, line[from..index].trim_end()));
            }
            if start.is_none() {
                start = Some((index, column));
            }
            spaces = 0;
        }
        column += if c.is_ascii() { 1 } else { 2 };
    }
    if let Some((from, at)) = start {
        cells.push((at, line[from..].trim_end()));
    }
    cells
}

/// The font's glyphs: a glyph id for each character, in order of first use.
#[derive(Default)]
struct Glyphs {
    ids: HashMap<char, u16>,
    chars: Vec<char>,
}

impl Glyphs {
    fn id(&mut self, c: char) -> u16 {
        let next = self.chars.len() as u16 + 1;
        *self.ids.entry(c).or_insert_with(|| {
            self.chars.push(c);
            next
        })
    }

    fn width(c: char) -> i64 {
        if c.is_ascii() { 500 } else { 1000 }
    }

    /// A `TJ` array for the text: runs of glyphs with a small kerning adjustment now and
    /// then, as office software writes them.
    fn tj(&mut self, text: &str, seed: usize) -> Object {
        let mut items = Vec::new();
        let mut run = Vec::new();
        for (index, c) in text.chars().enumerate() {
            run.extend_from_slice(&self.id(c).to_be_bytes());
            if (index + seed) % 7 == 6 {
                items.push(Object::String(
                    std::mem::take(&mut run),
                    StringFormat::Hexadecimal,
                ));
                items.push(Object::Real(if index % 2 == 0 { -2.0 } else { 1.5 }));
            }
        }
        if !run.is_empty() {
            items.push(Object::String(run, StringFormat::Hexadecimal));
        }
        Object::Array(items)
    }

    /// Writes the Type0 font with its CIDFont, descriptor and ToUnicode map.
    fn write(&self, doc: &mut Document) -> lopdf::ObjectId {
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let entries: Vec<(u16, char)> = self
            .chars
            .iter()
            .enumerate()
            .map(|(i, &c)| (i as u16 + 1, c))
            .collect();
        for block in entries.chunks(100) {
            cmap.push_str(&format!("{} beginbfchar\n", block.len()));
            for (id, c) in block {
                let utf16: String = c
                    .encode_utf16(&mut [0; 2])
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                cmap.push_str(&format!("<{id:04X}> <{utf16}>\n"));
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        let mut to_unicode = Stream::new(dictionary! {}, cmap.into_bytes());
        to_unicode.compress().expect("compressible");
        let to_unicode_id = doc.add_object(to_unicode);
        let widths: Vec<Object> = entries
            .iter()
            .flat_map(|&(id, c)| {
                [
                    Object::Integer(id.into()),
                    Object::Array(vec![Glyphs::width(c).into()]),
                ]
            })
            .collect();
        let descriptor_id = doc.add_object(dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => "ABCDEF+SimSun",
            "Flags" => 4,
            "FontBBox" => vec![(-8).into(), (-145).into(), 1000.into(), 859.into()],
            "ItalicAngle" => 0,
            "Ascent" => 859,
            "Descent" => -141,
            "CapHeight" => 859,
            "StemV" => 80,
        });
        let cid_font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "ABCDEF+SimSun",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "FontDescriptor" => descriptor_id,
            "DW" => 1000,
            "W" => widths,
            "CIDToGIDMap" => "Identity",
        });
        doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "ABCDEF+SimSun",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid_font_id.into()],
            "ToUnicode" => to_unicode_id,
        })
    }
}
