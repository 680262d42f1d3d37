//! Glyphs placed on a page, put back into lines of text in reading order, in the shape
//! poppler's `pdftotext` (without `-layout`) writes: a line for each baseline, words
//! separated by one space where the glyphs leave a gap, a blank line between flows of
//! text (after a vertical gap, or before a line in a larger font), a form feed after each
//! page. Tables (`pdf::tables`) take their place in the reading order as blocks of rows,
//! and a footnote marker is written in superscript digits.

use std::rc::Rc;

use super::rules::Rule;
use super::{columns, order, tables};

/// One glyph: its text, where its baseline starts and ends, and its size, in the page's
/// display space (y grows downwards).
#[derive(Debug, Clone)]
pub struct Glyph {
    pub text: Rc<str>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub size: f64,
    /// The font's ascent and descent, as fractions of its size (descent below zero).
    pub ascent: f64,
    pub descent: f64,
}

/// Inside a word, a gap wider than this fraction of the font size starts a new word and
/// an overlap deeper than this other one does too (poppler's minWordBreakSpace and
/// minDupBreakOverlap); a glyph drawn again this close to the last is a duplicate (fake
/// bold, a shadow: dupMaxPriDelta, dupMaxSecDelta).
const WORD_BREAK: f64 = 0.1;
const WORD_OVERLAP: f64 = 0.2;
const DUPLICATE_X: f64 = 0.1;
const DUPLICATE_Y: f64 = 0.2;
/// Between words of a line, a gap wider than this fraction of the font size is a space
/// (poppler's maxCharSpacing).
const SPACE: f64 = 0.03;
/// Block building (poppler's minColSpacing1, minColSpacing2, maxLineSpacingDelta,
/// maxIntraLineDelta, maxBlockFontSizeDelta1–3), as fractions of the block's font size.
const COLUMN_NEAR: f64 = 0.3;
const COLUMN_SIDE: f64 = 1.0;
const LINE_SPACING: f64 = 1.5;
const INTRA_LINE: f64 = 0.5;
const FONT_DELTA_LINES: f64 = 0.05;
const FONT_DELTA_INSIDE: f64 = 0.6;
const FONT_DELTA_SIDE: f64 = 0.2;
/// A vertical gap between blocks wider than this fraction of the font size starts a new
/// flow (poppler's maxBlockSpacing).
const FLOW_GAP: f64 = 2.5;

/// A run of glyphs on one baseline without a gap: poppler's word.
#[derive(Debug, Clone)]
pub struct Word {
    pub glyphs: Vec<Glyph>,
    pub x_min: f64,
    pub x_max: f64,
    pub base: f64,
    pub size: f64,
    ascent: f64,
    descent: f64,
}

impl Word {
    /// A word given by its box (as pdftotext's `-bbox-layout` writes it: y down), its
    /// characters spread evenly across it. The size and baseline are estimated from a
    /// typical ascent and descent.
    pub fn from_box(text: &str, x_min: f64, y_min: f64, x_max: f64, y_max: f64) -> Option<Word> {
        let count = text.chars().count();
        // A typical CJK font's ascent and descent (the box spans both).
        let (ascent, descent) = (0.95, -0.2);
        // Rounded: boxes of one font differ in the last digits, and sizes are compared.
        let size = ((y_max - y_min) / (ascent - descent) * 100.0).round() / 100.0;
        let finite = [x_min, y_min, x_max, y_max].iter().all(|v| v.is_finite());
        if count == 0 || !finite || size <= 0.0 || x_max < x_min {
            return None;
        }
        let base = y_max + descent * size;
        let width = (x_max - x_min) / count as f64;
        let glyphs = text
            .chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string().into(),
                x: x_min + width * i as f64,
                y: base,
                width,
                size,
                ascent,
                descent,
            })
            .collect();
        Some(Word {
            glyphs,
            x_min,
            x_max,
            base,
            size,
            ascent,
            descent,
        })
    }

    pub fn y_min(&self) -> f64 {
        self.base - self.ascent * self.size
    }
    pub fn y_max(&self) -> f64 {
        self.base - self.descent * self.size
    }
}

#[derive(Debug)]
struct Block {
    words: Vec<Word>,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
    /// The horizontal room the block has before another block beside it.
    pri_min: f64,
    pri_max: f64,
    /// The size of the first word of its first line.
    size: f64,
    /// A table's rows, written one a line with their cells separated by tabs.
    table: Option<Vec<Vec<String>>>,
}

impl Block {
    fn add(&mut self, word: Word) {
        self.x_min = self.x_min.min(word.x_min);
        self.x_max = self.x_max.max(word.x_max);
        self.y_min = self.y_min.min(word.y_min());
        self.y_max = self.y_max.max(word.y_max());
        self.words.push(word);
    }
}

/// Writes a page's glyphs (in drawing order) as text, ending with a form feed. Glyphs
/// outside the page (`width` × `height`) are dropped, as pdftotext drops them. Tables
/// found by geometry (among the page's `rules`, or by aligned columns) are written a row
/// a line, their cells separated by tabs, where they stand in the reading order.
pub fn write_page(glyphs: Vec<Glyph>, rules: &[Rule], width: f64, height: f64, out: &mut String) {
    write_words(words(glyphs, width, height), rules, width, height, out);
}

/// Writes a page's words as [`write_page`] does its glyphs; the page's running header
/// first and its footer last.
pub fn write_words(words: Vec<Word>, rules: &[Rule], width: f64, height: f64, out: &mut String) {
    let (tables, words) = tables::find(words, rules);
    let mut blocks = blocks(words, width);
    blocks.extend(tables.into_iter().map(|table| Block {
        words: Vec::new(),
        x_min: table.x_min,
        x_max: table.x_max,
        y_min: table.y_min,
        y_max: table.y_max,
        pri_min: 0.0,
        pri_max: width,
        size: table.size,
        table: Some(table.rows),
    }));
    let bounds: Vec<columns::Bounds> = blocks
        .iter()
        .map(|b| (b.x_min, b.x_max, b.y_min, b.y_max))
        .collect();
    let fixed: Vec<bool> = blocks.iter().map(|b| b.table.is_some()).collect();
    let order =
        columns::two_column_order(&bounds).unwrap_or_else(|| order::reading_order(&bounds, &fixed));
    let sizes: Vec<f64> = blocks.iter().map(|b| b.size).collect();
    let order = order::furniture_outside(order, &bounds, &sizes, height);
    for i in 0..blocks.len() {
        for j in 0..blocks.len() {
            if i != j {
                let (a, b) = (&blocks[i], &blocks[j]);
                let (y_min, y_max, x_min, x_max) = (b.y_min, b.y_max, b.x_min, b.x_max);
                if y_min < a.y_max && y_max > a.y_min {
                    let a = &mut blocks[i];
                    if x_min < a.x_min {
                        a.pri_min = a.pri_min.max(x_max.min(a.x_min));
                    }
                    if x_max > a.x_max {
                        a.pri_max = a.pri_max.min(x_min.max(a.x_max));
                    }
                }
            }
        }
    }
    let mut flow: Option<(f64, f64, f64)> = None; // priMin, priMax, last block's size
    let mut previous: Option<usize> = None;
    for &index in &order {
        let block = &blocks[index];
        if let (Some(prev), Some((pri_min, pri_max, last_size))) = (previous, flow) {
            let prev = &blocks[prev];
            let joins = block.y_min - prev.y_max <= FLOW_GAP * prev.size
                && block.x_min >= prev.pri_min
                && block.x_max <= prev.pri_max
                && block.y_min > prev.y_min
                && block.size <= last_size
                && block.x_min >= pri_min
                && block.x_max <= pri_max;
            if joins {
                flow = Some((pri_min, pri_max, block.size));
            } else {
                out.push('\n');
                flow = None;
            }
        }
        if flow.is_none() {
            flow = Some((block.pri_min, block.pri_max, block.size));
        }
        write_block(block, out);
        previous = Some(index);
    }
    if previous.is_some() {
        out.push('\n');
    }
    out.push('\u{c}');
}

/// Glyphs into words, in drawing order, as poppler's addChar does.
fn words(glyphs: Vec<Glyph>, width: f64, height: f64) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut current: Option<Word> = None;
    let mut last_overlap = false;
    for glyph in glyphs {
        let inside = glyph.x + glyph.width >= 0.0
            && glyph.x <= width
            && glyph.y + glyph.size >= 0.0
            && glyph.y <= height
            && glyph.size > 0.0
            && glyph.width <= width
            && glyph.size <= height;
        if !inside {
            continue;
        }
        if glyph.text.chars().all(char::is_whitespace) {
            words.extend(current.take());
            continue;
        }
        if let Some(word) = &current {
            let last = word.glyphs.last().expect("words have glyphs");
            let gap = glyph.x - word.x_max;
            let overlap = (glyph.x - last.x).abs() < DUPLICATE_X * word.size
                && (glyph.y - word.base).abs() < DUPLICATE_Y * word.size;
            if overlap && glyph.text == last.text {
                last_overlap = true;
                continue;
            }
            if overlap
                || last_overlap
                || gap < -WORD_OVERLAP * word.size
                || gap > WORD_BREAK * word.size
                || (glyph.y - word.base).abs() > 0.5
                || (glyph.size - word.size).abs() > 1e-6
            {
                words.extend(current.take());
            }
            last_overlap = overlap;
        } else {
            last_overlap = false;
        }
        match &mut current {
            Some(word) => {
                word.x_max = word.x_max.max(glyph.x + glyph.width);
                word.x_min = word.x_min.min(glyph.x);
                word.glyphs.push(glyph);
            }
            None => {
                current = Some(Word {
                    x_min: glyph.x,
                    x_max: glyph.x + glyph.width,
                    base: glyph.y,
                    size: glyph.size,
                    ascent: glyph.ascent,
                    descent: glyph.descent,
                    glyphs: vec![glyph],
                })
            }
        }
    }
    words.extend(current);
    words
}

/// Words into blocks, as poppler's TextPage::coalesce grows them: from the top-left word
/// down and up through lines that overlap, then sideways to near words.
fn blocks(mut pool: Vec<Word>, page_width: f64) -> Vec<Block> {
    let mut blocks = Vec::new();
    pool.sort_by(|a, b| a.base.total_cmp(&b.base));
    let mut pool: Vec<Option<Word>> = pool.into_iter().map(Some).collect();
    let mut first = 0;
    loop {
        while first < pool.len() && pool[first].is_none() {
            first += 1;
        }
        let Some(top) = pool.get(first).and_then(Option::as_ref) else {
            break;
        };
        // The left-most word of the first lines, so as not to start at a superscript (nor
        // at a footnote marker raised before the note's first word).
        let limit = top.base + 4.0 * 4.0;
        let first_lines = || {
            (first..pool.len())
                .take_while(|&i| pool[i].as_ref().is_none_or(|w| w.base < limit))
                .filter(|&i| pool[i].is_some())
        };
        let (big_size, big_base) =
            first_lines()
                .filter_map(|i| pool[i].as_ref())
                .fold((0.0, 0.0), |(size, base), w| {
                    if w.size > size {
                        (w.size, w.base)
                    } else {
                        (size, base)
                    }
                });
        let raised = |w: &Word| {
            w.size < MARKER_SIZE * big_size
                && big_base > w.base
                && big_base - w.base <= MARKER_RISE_MAX * big_size
        };
        let start = first_lines()
            .filter(|&i| pool[i].as_ref().is_some_and(|w| !raised(w)))
            .min_by(|&a, &b| {
                let (a, b) = (pool[a].as_ref().unwrap(), pool[b].as_ref().unwrap());
                a.x_min.total_cmp(&b.x_min)
            })
            .unwrap_or(first);
        let word = pool[start].take().expect("a word is left");
        let size = word.size;
        let (mut min_base, mut max_base) = (word.base, word.base);
        let mut block = Block {
            x_min: word.x_min,
            x_max: word.x_max,
            y_min: word.y_min(),
            y_max: word.y_max(),
            pri_min: 0.0,
            pri_max: page_width,
            size,
            words: vec![word],
            table: None,
        };
        let (near, side) = (COLUMN_NEAR * size, COLUMN_SIDE * size);
        let (line_space, intra) = (LINE_SPACING * size, INTRA_LINE * size);
        loop {
            let mut found = false;
            // Lines just above and just below that overlap the block.
            let (mut new_min, mut new_max) = (min_base, max_base);
            for slot in pool.iter_mut() {
                let Some(w) = slot else { continue };
                let overlaps = w.x_min < block.x_max && w.x_max > block.x_min;
                let similar = (w.size - size).abs() < FONT_DELTA_LINES * size;
                let above = w.base < min_base && w.base >= min_base - line_space;
                let below = w.base > max_base && w.base <= max_base + line_space;
                if overlaps && similar && (above || below) {
                    if above {
                        new_min = new_min.min(w.base);
                    } else {
                        new_max = new_max.max(w.base);
                    }
                    block.add(slot.take().expect("checked"));
                    found = true;
                }
            }
            (min_base, max_base) = (new_min, new_max);
            // Words on the block's lines that overlap it, or nearly.
            for slot in pool.iter_mut() {
                let Some(w) = slot else { continue };
                // A footnote marker is set smaller and raised, up to most of a line.
                let raised = w.size < MARKER_SIZE * size
                    && w.base >= min_base - MARKER_RISE_MAX * size
                    && w.base <= max_base;
                if (raised || (w.base >= min_base - intra && w.base <= max_base + intra))
                    && w.x_min < block.x_max + near
                    && w.x_max > block.x_min - near
                    && (w.size - size).abs() < FONT_DELTA_INSIDE * size
                {
                    block.add(slot.take().expect("checked"));
                    found = true;
                }
            }
            if found {
                continue;
            }
            // A few words just beside the block, on its lines: one a line.
            for left in [true, false] {
                let (low, high) = (min_base - intra, max_base + intra);
                let beside = |w: &Word, block: &Block| {
                    w.base >= low
                        && w.base <= high
                        && (w.size - size).abs() < FONT_DELTA_SIDE * size
                        && if left {
                            w.x_max <= block.x_min && w.x_max > block.x_min - side
                        } else {
                            w.x_min >= block.x_max && w.x_min < block.x_max + side
                        }
                };
                let mut lines: Vec<i64> = pool
                    .iter()
                    .flatten()
                    .filter(|w| beside(w, &block))
                    .map(|w| (w.base / 4.0).floor() as i64)
                    .collect();
                lines.dedup();
                if lines.is_empty() || lines.len() > 3 {
                    continue;
                }
                let mut taken: Vec<i64> = Vec::new();
                for slot in pool.iter_mut() {
                    let Some(w) = slot else { continue };
                    let line = (w.base / 4.0).floor() as i64;
                    if beside(w, &block) && !taken.contains(&line) {
                        taken.push(line);
                        min_base = min_base.min(w.base);
                        max_base = max_base.max(w.base);
                        block.add(slot.take().expect("checked"));
                        found = true;
                    }
                }
            }
            if !found {
                break;
            }
        }
        blocks.push(block);
    }
    blocks
}

/// A block's lines: its words grouped by baseline, top to bottom, each line's words left
/// to right with a space where they leave a gap. A line ending in a hyphen runs on into
/// the next, as pdftotext joins them. A table's rows are written a line each, cells
/// separated by tabs.
fn write_block(block: &Block, out: &mut String) {
    if let Some(rows) = &block.table {
        for row in rows {
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
        return;
    }
    let mut words: Vec<&Word> = block.words.iter().collect();
    words.sort_by(|a, b| a.base.total_cmp(&b.base));
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    let mut line_base = f64::NAN;
    for word in words {
        match lines.last_mut() {
            Some(line) if (word.base - line_base).abs() <= INTRA_LINE * block.size => {
                line.push(word)
            }
            _ => {
                line_base = word.base;
                lines.push(vec![word]);
            }
        }
    }
    let lines = join_raised(lines, |w| *w);
    let count = lines.len();
    for (index, mut line) in lines.into_iter().enumerate() {
        let mut text = line_text(&mut line);
        if text.ends_with('-') && text.chars().count() > 1 && index + 1 < count {
            text.pop();
            out.push_str(&text);
        } else {
            out.push_str(&text);
            out.push('\n');
        }
    }
}

/// The text of one line's words: left to right, a space where they leave a gap; a
/// footnote marker (digits set smaller and raised above the line) in superscript digits.
pub fn line_text(line: &mut [&Word]) -> String {
    line.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
    let (main_size, main_base) = line
        .iter()
        .max_by(|a, b| a.size.total_cmp(&b.size))
        .map_or((0.0, 0.0), |w| (w.size, w.base));
    let mut text = String::new();
    let mut last: Option<&Word> = None;
    for word in line.iter() {
        if let Some(last) = last
            && word.x_min - last.x_max >= SPACE * last.size
        {
            text.push(' ');
        }
        let raised =
            word.size < MARKER_SIZE * main_size && main_base - word.base > MARKER_RISE * main_size;
        let digits = word.glyphs.len() <= 3
            && word
                .glyphs
                .iter()
                .all(|g| g.text.chars().all(|c| c.is_ascii_digit()));
        for glyph in &word.glyphs {
            let chars = glyph.text.chars().filter(|c| !c.is_control());
            if raised && digits {
                text.extend(chars.map(superscript));
            } else {
                text.extend(chars);
            }
        }
        last = Some(word);
    }
    text
}

/// A footnote marker is set smaller than this fraction of its line's text, and raised
/// by more than the second fraction of its size, and by no more than the third.
const MARKER_SIZE: f64 = 0.85;
const MARKER_RISE: f64 = 0.15;
const MARKER_RISE_MAX: f64 = 0.8;

/// Lines (top to bottom) with each line of smaller words raised just above the next
/// (footnote markers set high) joined to that line.
pub fn join_raised<'w, T>(lines: Vec<Vec<T>>, word: impl Fn(&T) -> &'w Word) -> Vec<Vec<T>> {
    let measure = |line: &[T]| {
        line.iter()
            .map(&word)
            .fold((0.0, f64::MIN), |(size, base), w| {
                (f64::max(size, w.size), f64::max(base, w.base))
            })
    };
    let mut out: Vec<Vec<T>> = Vec::with_capacity(lines.len());
    let mut raised: Option<Vec<T>> = None;
    for mut line in lines {
        if let Some(mut marker) = raised.take() {
            let ((small, high), (size, base)) = (measure(&marker), measure(&line));
            if small < MARKER_SIZE * size && base > high && base - high <= MARKER_RISE_MAX * size {
                marker.append(&mut line);
                line = marker;
            } else {
                out.push(marker);
            }
        }
        raised = Some(line);
    }
    out.extend(raised);
    out
}

/// The superscript form of an ASCII digit.
fn superscript(digit: char) -> char {
    match digit {
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        d => char::from_u32(0x2070 + d.to_digit(10).unwrap_or(0)).unwrap_or(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f64, y: f64, size: f64) -> Glyph {
        Glyph {
            text: text.into(),
            x,
            y,
            width: size
                * text
                    .chars()
                    .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                    .sum::<f64>(),
            size,
            ascent: 0.86,
            descent: -0.14,
        }
    }

    fn page(glyphs: Vec<Glyph>) -> String {
        let mut out = String::new();
        write_page(glyphs, &[], 595.0, 842.0, &mut out);
        out
    }

    #[test]
    fn glyphs_become_lines_in_reading_order_with_spaces_at_gaps() {
        let text = page(vec![
            glyph("二", 10.0, 40.0, 10.0),
            glyph("行", 20.0, 40.0, 10.0),
            glyph("一", 10.0, 25.0, 10.0),
            glyph("12", 22.0, 25.0, 10.0),
            glyph("人", 34.0, 25.0, 10.0),
        ]);
        assert_eq!(text, "一 12 人\n二行\n\n\u{c}");
    }

    #[test]
    fn text_set_a_column_apart_is_a_block_of_its_own() {
        // A caption's number and its title two characters apart, as pdftotext has them.
        let text = page(vec![
            glyph("图", 10.0, 25.0, 10.0),
            glyph("1", 25.0, 25.0, 10.0),
            glyph("标题", 50.0, 25.0, 10.0),
        ]);
        assert_eq!(text, "图 1\n\n标题\n\n\u{c}");
    }

    #[test]
    fn a_raised_footnote_marker_is_a_superscript_on_its_line_and_a_drawn_twice_glyph_counts_once() {
        let text = page(vec![
            glyph("甲", 10.0, 20.0, 10.0),
            glyph("1", 20.0, 17.0, 6.0),
            glyph("乙", 23.0, 20.0, 10.0),
            glyph("乙", 23.3, 20.0, 10.0),
        ]);
        assert_eq!(text, "甲¹乙\n\n\u{c}");
    }

    #[test]
    fn a_wide_vertical_gap_or_a_larger_font_starts_a_new_flow() {
        let text = page(vec![
            glyph("正文", 10.0, 20.0, 10.0),
            glyph("正文", 10.0, 38.0, 10.0),
            glyph("标题", 10.0, 60.0, 16.0),
            glyph("正文", 10.0, 80.0, 10.0),
            glyph("8", 10.0, 200.0, 10.0),
        ]);
        assert_eq!(text, "正文\n正文\n\n标题\n正文\n\n8\n\n\u{c}");
        assert_eq!(page(Vec::new()), "\u{c}");
    }
}
