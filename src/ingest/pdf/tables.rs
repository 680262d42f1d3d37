//! Tables found on a page by geometry. Ruled tables: the page's horizontal and vertical
//! rules that cross one another make a grid, and each word goes in the cell its centre
//! falls in (text wrapped inside a cell is joined; a cell spanning columns keeps its text
//! in its first column). Unruled tables: consecutive lines whose words stand in the same
//! columns with wide gaps between them. A grid of one column (a boxed case, a frame) is
//! not a table, and neither is text set in two columns.

use super::lines::{Word, join_raised, line_text};
use super::rules::Rule;
use crate::text::join_wrapped;

/// Rules closer than this (points) are the same line of the grid.
const SNAP: f64 = 2.0;
/// Grids larger than this are not read as tables (a hostile or a drawing's grid).
const MAX_COLUMNS: usize = 64;
const MAX_ROWS: usize = 1024;
const MAX_CELLS: usize = 20_000;
/// Between the words of an unruled table's line, a gap at least this many times the
/// font size separates cells.
const CELL_GAP: f64 = 1.0;
/// Lines of an unruled table are at most this many font sizes apart.
const ROW_PITCH: f64 = 3.2;
/// A first or last column whose lines fill it this much, with at least `TEXT_CHARS`
/// characters, in `TEXT_SHARE` of the lines that reach into it, is running text set in columns
/// beside the table (or the other column of a two-column page), not a table's.
const TEXT_FILL: f64 = 0.85;
const TEXT_CHARS: usize = 12;
const TEXT_SHARE: f64 = 0.6;

/// A table found on a page: its box and its rows of cell texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
    /// The font size of its text (the largest).
    pub size: f64,
    pub rows: Vec<Vec<String>>,
}

/// The page's tables, and the words left outside them.
pub fn find(words: Vec<Word>, rules: &[Rule]) -> (Vec<Found>, Vec<Word>) {
    let mut pool: Vec<Option<Word>> = words.into_iter().map(Some).collect();
    let mut found = ruled(&mut pool, rules);
    found.extend(unruled(&mut pool));
    (found, pool.into_iter().flatten().collect())
}

/// Where a word's body is: the middle of its x extent, and a third of its size above its
/// baseline.
fn centre(word: &Word) -> (f64, f64) {
    ((word.x_min + word.x_max) / 2.0, word.base - word.size / 3.0)
}

/// Values within `SNAP` of their neighbours merged into one (their first), sorted.
fn snapped(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for v in values {
        if out.last().is_none_or(|&last| v - last > SNAP) {
            out.push(v);
        }
    }
    out
}

/// The index of the band (between consecutive `edges`) that `v` falls in.
fn band(edges: &[f64], v: f64) -> Option<usize> {
    let k = edges.partition_point(|&e| e <= v);
    (k >= 1 && k < edges.len()).then(|| k - 1)
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Ruled tables: rules that cross, grouped; each group with two columns or more is a
/// table whose cells take the words inside them.
fn ruled(pool: &mut [Option<Word>], rules: &[Rule]) -> Vec<Found> {
    let mut parent: Vec<usize> = (0..rules.len()).collect();
    let (horizontal, vertical): (Vec<usize>, Vec<usize>) =
        (0..rules.len()).partition(|&i| rules[i].horizontal);
    for &h in &horizontal {
        for &v in &vertical {
            let (a, b) = (&rules[h], &rules[v]);
            let crosses = b.at >= a.from - SNAP
                && b.at <= a.to + SNAP
                && a.at >= b.from - SNAP
                && a.at <= b.to + SNAP;
            if crosses {
                let (x, y) = (root(&mut parent, h), root(&mut parent, v));
                parent[x] = y;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..rules.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut found = Vec::new();
    for members in groups.values() {
        if let Some(table) = grid(pool, rules, members) {
            found.push(table);
        }
    }
    found
}

/// The table a group of crossing rules draws, taking its words from the pool.
fn grid(pool: &mut [Option<Word>], rules: &[Rule], members: &[usize]) -> Option<Found> {
    let xs = snapped(
        members
            .iter()
            .filter(|&&i| !rules[i].horizontal)
            .map(|&i| rules[i].at)
            .collect(),
    );
    let ys = snapped(
        members
            .iter()
            .filter(|&&i| rules[i].horizontal)
            .map(|&i| rules[i].at)
            .collect(),
    );
    let (columns, rows) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
    if columns < 2 || rows < 1 || columns > MAX_COLUMNS || rows > MAX_ROWS {
        return None;
    }
    if columns * rows > MAX_CELLS {
        return None;
    }
    // Whether the vertical rule at xs[k] runs through row r: where it does not, the cell
    // spans it and its text belongs to the cell on the left.
    let divides = |k: usize, r: usize| {
        let middle = (ys[r] + ys[r + 1]) / 2.0;
        members.iter().any(|&i| {
            let rule = &rules[i];
            !rule.horizontal
                && (rule.at - xs[k]).abs() <= SNAP
                && rule.from <= middle
                && rule.to >= middle
        })
    };
    let mut owner = vec![0usize; columns * rows];
    for r in 0..rows {
        for c in 0..columns {
            owner[r * columns + c] = if c > 0 && !divides(c, r) {
                owner[r * columns + c - 1]
            } else {
                c
            };
        }
    }
    let mut cells: Vec<Vec<usize>> = vec![Vec::new(); columns * rows];
    let mut size: f64 = 0.0;
    for (index, slot) in pool.iter().enumerate() {
        let Some(word) = slot else { continue };
        let (x, y) = centre(word);
        if let (Some(c), Some(r)) = (band(&xs, x), band(&ys, y)) {
            cells[r * columns + owner[r * columns + c]].push(index);
            size = size.max(word.size);
        }
    }
    let mut texts: Vec<Vec<String>> = (0..rows)
        .map(|r| {
            (0..columns)
                .map(|c| cell_text(pool, &cells[r * columns + c]))
                .collect()
        })
        .collect();
    texts.retain(|row| row.iter().any(|cell| !cell.is_empty()));
    let used: Vec<bool> = (0..columns)
        .map(|c| texts.iter().any(|row| !row[c].is_empty()))
        .collect();
    if used.iter().filter(|&&u| u).count() < 2 {
        return None;
    }
    for row in &mut texts {
        let mut c = 0;
        row.retain(|_| {
            c += 1;
            used[c - 1]
        });
    }
    for slot in cells.iter().flatten() {
        pool[*slot] = None;
    }
    Some(Found {
        x_min: xs[0],
        x_max: xs[columns],
        y_min: ys[0],
        y_max: ys[rows],
        size,
        rows: texts,
    })
}

/// A cell's text: its words by line, top to bottom, the lines joined as wrapped text.
fn cell_text(pool: &[Option<Word>], indices: &[usize]) -> String {
    let mut words: Vec<&Word> = indices.iter().filter_map(|&i| pool[i].as_ref()).collect();
    words.sort_by(|a, b| a.base.total_cmp(&b.base));
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some(line) if word.base - line[0].base <= 0.5 * line[0].size.max(word.size) => {
                line.push(word)
            }
            _ => lines.push(vec![word]),
        }
    }
    let mut text = String::new();
    for mut line in join_raised(lines, |w| *w) {
        join_wrapped(&mut text, &line_text(&mut line));
    }
    text
}

/// A line of the page for unruled tables: its words split into chunks at wide gaps.
struct PageLine {
    base: f64,
    size: f64,
    /// Each chunk's x extent and its words (indices into the pool), left to right.
    chunks: Vec<(f64, f64, Vec<usize>)>,
}

/// The page's words (those left in the pool) as lines, top to bottom.
fn page_lines(pool: &[Option<Word>]) -> Vec<PageLine> {
    let mut order: Vec<usize> = (0..pool.len()).filter(|&i| pool[i].is_some()).collect();
    let word = |i: usize| pool[i].as_ref().expect("kept words only");
    order.sort_by(|&a, &b| word(a).base.total_cmp(&word(b).base));
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut anchor: Option<(f64, f64)> = None;
    for i in order {
        let w = word(i);
        match (anchor, lines.last_mut()) {
            (Some((base, size)), Some(line)) if w.base - base <= 0.5 * size.max(w.size) => {
                line.push(i);
                anchor = Some((base.max(w.base), size.max(w.size)));
            }
            _ => {
                lines.push(vec![i]);
                anchor = Some((w.base, w.size));
            }
        }
    }
    join_raised(lines, |&i| pool[i].as_ref().expect("kept words only"))
        .into_iter()
        .map(|mut line| {
            line.sort_by(|&a, &b| word(a).x_min.total_cmp(&word(b).x_min));
            let size = line.iter().map(|&i| word(i).size).fold(0.0, f64::max);
            let base = line.iter().map(|&i| word(i).base).fold(f64::MIN, f64::max);
            let mut chunks: Vec<(f64, f64, Vec<usize>)> = Vec::new();
            for i in line {
                let w = word(i);
                match chunks.last_mut() {
                    Some(chunk) if w.x_min - chunk.1 < CELL_GAP * size => {
                        chunk.1 = chunk.1.max(w.x_max);
                        chunk.2.push(i);
                    }
                    _ => chunks.push((w.x_min, w.x_max, vec![i])),
                }
            }
            PageLine { base, size, chunks }
        })
        .collect()
}

/// Column intervals with a line's chunks added: intervals that overlap merge.
fn merge_columns(columns: &[(f64, f64)], line: &PageLine) -> Vec<(f64, f64)> {
    let mut all: Vec<(f64, f64)> = columns.to_vec();
    all.extend(line.chunks.iter().map(|c| (c.0, c.1)));
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (from, to) in all {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// Unruled tables: runs of lines whose chunks keep to the same columns.
fn unruled(pool: &mut [Option<Word>]) -> Vec<Found> {
    let lines = page_lines(pool);
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !(2..=MAX_COLUMNS).contains(&lines[i].chunks.len()) {
            i += 1;
            continue;
        }
        let size = lines[i].size;
        let mut columns = merge_columns(&[], &lines[i]);
        let mut j = i + 1;
        while let Some(next) = lines.get(j) {
            let near = next.base - lines[j - 1].base <= ROW_PITCH * size;
            let same_font = (next.size - size).abs() <= 0.2 * size;
            let merged = merge_columns(&columns, next);
            let too_many = merged.len() > MAX_COLUMNS;
            if !near || !same_font || too_many || merged.len() < columns.len() {
                break;
            }
            columns = merged;
            j += 1;
        }
        // Single-chunk lines after the last row are not the table's.
        while j > i + 1 && lines[j - 1].chunks.len() < 2 {
            j -= 1;
        }
        if let Some(table) = unruled_table(pool, &lines[i..j]) {
            found.push(table);
        }
        i = j;
    }
    found
}

/// The table a run of column-aligned lines makes, if it is one; takes its words.
fn unruled_table(pool: &mut [Option<Word>], lines: &[PageLine]) -> Option<Found> {
    let columns = lines
        .iter()
        .fold(Vec::new(), |columns, line| merge_columns(&columns, line));
    let multi = lines.iter().filter(|l| l.chunks.len() >= 2).count();
    if columns.len() > MAX_COLUMNS || !(multi >= 3 || (multi >= 2 && columns.len() >= 3)) {
        return None;
    }
    let column_of = |chunk: &(f64, f64, Vec<usize>)| {
        columns
            .iter()
            .position(|&(from, to)| chunk.0 >= from && chunk.1 <= to)
            .unwrap_or(0)
    };
    let chars = |chunk: &(f64, f64, Vec<usize>)| {
        chunk
            .2
            .iter()
            .filter_map(|&i| pool[i].as_ref())
            .map(|w| w.glyphs.len())
            .sum::<usize>()
    };
    // Running text set in columns fills them, line after line; it stands beside a table
    // (or another column of text), not inside one.
    let last = columns.len() - 1;
    let text_column: Vec<bool> = (0..columns.len())
        .map(|c| {
            if c != 0 && c != last {
                return false;
            }
            let (from, to) = columns[c];
            let in_column = |l: &&PageLine| l.chunks.iter().any(|chunk| column_of(chunk) == c);
            let filled = lines
                .iter()
                .filter(in_column)
                .filter(|l| {
                    l.chunks.iter().any(|chunk| {
                        column_of(chunk) == c
                            && chunk.1 - chunk.0 >= TEXT_FILL * (to - from)
                            && chars(chunk) >= TEXT_CHARS
                    })
                })
                .count();
            let lines_in_it = lines.iter().filter(in_column).count();
            filled as f64 >= TEXT_SHARE * lines_in_it as f64
        })
        .collect();
    let kept: Vec<usize> = (0..columns.len()).filter(|&c| !text_column[c]).collect();
    if kept.len() < 2 {
        return None;
    }
    // The table's lines (those reaching into its columns) and how many cells each fills.
    let kept_chunks = |line: &PageLine| {
        line.chunks
            .iter()
            .filter(|chunk| kept.contains(&column_of(chunk)))
            .count()
    };
    let lines: Vec<&PageLine> = lines.iter().filter(|l| kept_chunks(l) > 0).collect();
    if lines.iter().filter(|l| kept_chunks(l) >= 2).count() < 2 {
        return None;
    }
    // The pitch between full rows; a line closer than that to the one above continues its
    // cells (text wrapped inside them).
    let mut pitches: Vec<f64> = lines
        .windows(2)
        .filter(|w| kept_chunks(w[0]) >= 2 && kept_chunks(w[1]) >= 2)
        .map(|w| w[1].base - w[0].base)
        .collect();
    pitches.sort_by(f64::total_cmp);
    let row_pitch = pitches.get(pitches.len() / 2).copied();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut taken: Vec<usize> = Vec::new();
    let (mut x_min, mut x_max) = (f64::MAX, f64::MIN);
    let mut previous_base: Option<f64> = None;
    let mut size: f64 = 0.0;
    for line in lines {
        let mut cells = vec![String::new(); kept.len()];
        for chunk in &line.chunks {
            let Some(k) = kept.iter().position(|&c| c == column_of(chunk)) else {
                continue;
            };
            let mut words: Vec<&Word> = chunk.2.iter().filter_map(|&i| pool[i].as_ref()).collect();
            if !cells[k].is_empty() {
                cells[k].push(' ');
            }
            cells[k].push_str(&line_text(&mut words));
            taken.extend(&chunk.2);
            x_min = x_min.min(chunk.0);
            x_max = x_max.max(chunk.1);
        }
        size = size.max(line.size);
        let continues = match (previous_base, row_pitch) {
            (Some(above), Some(pitch)) => line.base - above < 0.85 * pitch,
            _ => false,
        };
        previous_base = Some(line.base);
        match rows.last_mut() {
            Some(row) if continues => {
                for (cell, more) in row.iter_mut().zip(&cells) {
                    join_wrapped(cell, more);
                }
            }
            _ => rows.push(cells),
        }
    }
    let word = |i: usize| pool[i].as_ref();
    let y_min = taken
        .iter()
        .filter_map(|&i| word(i))
        .map(Word::y_min)
        .fold(f64::MAX, f64::min);
    let y_max = taken
        .iter()
        .filter_map(|&i| word(i))
        .map(Word::y_max)
        .fold(f64::MIN, f64::max);
    for i in taken {
        pool[i] = None;
    }
    Some(Found {
        x_min,
        x_max,
        y_min,
        y_max,
        size,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::super::lines::{Glyph, write_page};
    use super::*;

    /// A run of text at (x, baseline y), each character a glyph (CJK a size wide, ASCII
    /// half that).
    fn text(out: &mut Vec<Glyph>, s: &str, x: f64, y: f64, size: f64) {
        let mut x = x;
        for c in s.chars() {
            let width = if c.is_ascii() { 0.5 } else { 1.0 } * size;
            out.push(Glyph {
                text: c.to_string().into(),
                x,
                y,
                width,
                size,
                ascent: 0.86,
                descent: -0.14,
            });
            x += width;
        }
    }

    fn h(y: f64, from: f64, to: f64) -> Rule {
        Rule {
            horizontal: true,
            at: y,
            from,
            to,
        }
    }

    fn v(x: f64, from: f64, to: f64) -> Rule {
        Rule {
            horizontal: false,
            at: x,
            from,
            to,
        }
    }

    /// A grid of rules: vertical ones at `xs`, horizontal ones at `ys`.
    fn grid_rules(xs: &[f64], ys: &[f64]) -> Vec<Rule> {
        let (x0, x1) = (xs[0], xs[xs.len() - 1]);
        let (y0, y1) = (ys[0], ys[ys.len() - 1]);
        let mut rules: Vec<Rule> = ys.iter().map(|&y| h(y, x0, x1)).collect();
        rules.extend(xs.iter().map(|&x| v(x, y0, y1)));
        rules
    }

    fn page(glyphs: Vec<Glyph>, rules: &[Rule]) -> String {
        let mut out = String::new();
        write_page(glyphs, rules, 595.0, 842.0, &mut out);
        out
    }

    #[test]
    fn a_ruled_table_is_written_a_row_a_line_with_wrapped_cells_joined() {
        let mut g = Vec::new();
        text(&mut g, "表1 计分卡", 50.0, 90.0, 10.0);
        // Columns: 序号 50–90, 指标 90–190, 数值 190–260; rows 100–120–150–170.
        text(&mut g, "序号", 52.0, 114.0, 10.0);
        text(&mut g, "指标", 92.0, 114.0, 10.0);
        text(&mut g, "数值", 192.0, 114.0, 10.0);
        text(&mut g, "1", 52.0, 134.0, 10.0);
        text(&mut g, "毕业生升入高一级", 92.0, 134.0, 10.0);
        text(&mut g, "学校比例", 92.0, 146.0, 10.0);
        text(&mut g, "45.6%", 192.0, 134.0, 10.0);
        text(&mut g, "2", 52.0, 164.0, 10.0);
        text(&mut g, "在校生数", 92.0, 164.0, 10.0);
        text(&mut g, "1200", 192.0, 164.0, 10.0);
        text(&mut g, "表下正文。", 50.0, 200.0, 10.0);
        let rules = grid_rules(&[50.0, 90.0, 190.0, 260.0], &[100.0, 120.0, 150.0, 170.0]);
        assert_eq!(
            page(g, &rules),
            "表1 计分卡\n序号\t指标\t数值\n1\t毕业生升入高一级学校比例\t45.6%\n2\t在校生数\t1200\n表下正文。\n\n\u{c}"
        );
    }

    #[test]
    fn an_empty_cell_is_an_empty_field_and_a_spanning_cell_keeps_its_text_left() {
        let mut g = Vec::new();
        text(&mut g, "合计", 100.0, 114.0, 10.0);
        text(&mut g, "甲", 52.0, 134.0, 10.0);
        text(&mut g, "3", 192.0, 134.0, 10.0);
        // The header row has no rule at x = 150: 合计 spans the last two columns.
        let mut rules = vec![h(100.0, 50.0, 260.0), h(120.0, 50.0, 260.0)];
        rules.push(h(140.0, 50.0, 260.0));
        rules.extend([v(50.0, 100.0, 140.0), v(90.0, 100.0, 140.0)]);
        rules.extend([v(150.0, 120.0, 140.0), v(260.0, 100.0, 140.0)]);
        assert_eq!(page(g, &rules), "\t合计\t\n甲\t\t3\n\n\u{c}");
    }

    #[test]
    fn a_boxed_case_of_one_cell_is_ordinary_text() {
        let mut g = Vec::new();
        text(&mut g, "案例1 实训", 60.0, 114.0, 10.0);
        text(&mut g, "学校组织实训。", 60.0, 128.0, 10.0);
        let rules = grid_rules(&[50.0, 300.0], &[100.0, 140.0]);
        assert_eq!(page(g, &rules), "案例1 实训\n学校组织实训。\n\n\u{c}");
    }

    #[test]
    fn columns_of_words_with_wide_gaps_are_an_unruled_table() {
        let mut g = Vec::new();
        for (i, (a, b, c)) in [
            ("专业大类", "专业数", "在校生"),
            ("装备制造", "4", "520"),
            ("电子信息", "3", "380"),
        ]
        .into_iter()
        .enumerate()
        {
            let y = 100.0 + 18.0 * i as f64;
            text(&mut g, a, 50.0, y, 10.0);
            text(&mut g, b, 150.0, y, 10.0);
            text(&mut g, c, 220.0, y, 10.0);
        }
        assert_eq!(
            page(g, &[]),
            "专业大类\t专业数\t在校生\n装备制造\t4\t520\n电子信息\t3\t380\n\n\u{c}"
        );
    }

    #[test]
    fn running_text_in_two_columns_is_not_a_table() {
        let mut g = Vec::new();
        for i in 0..4 {
            let y = 100.0 + 15.0 * i as f64;
            text(&mut g, "左栏正文左栏正文左栏正文左栏正文", 50.0, y, 10.0);
            text(&mut g, "右栏正文右栏正文右栏正文右栏正文", 230.0, y, 10.0);
        }
        let out = page(g, &[]);
        assert!(!out.contains('\t'), "{out}");
        assert!(
            out.starts_with("左栏正文左栏正文左栏正文左栏正文\n左栏"),
            "column by column: {out}"
        );
    }

    #[test]
    fn lines_of_many_scattered_words_are_bounded() {
        // 400 lines of 100 words a gap apart: more columns than a table has, so no table,
        // and no blow-up.
        let mut words = Vec::new();
        for line in 0..400 {
            for k in 0..100 {
                let x = 10.0 + k as f64 * 30.0 + (line % 7) as f64 * 3.0;
                let y = 20.0 + line as f64 * 12.0;
                words.extend(Word::from_box("字", x, y, x + 10.0, y + 11.5));
            }
        }
        let (tables, left) = find(words, &[]);
        assert!(tables.is_empty());
        assert_eq!(left.len(), 40_000);
    }

    #[test]
    fn hostile_grids_are_bounded() {
        // Thousands of tiny cells: the grid is too large to be a table and is left alone.
        let mut rules = Vec::new();
        for k in 0..2000 {
            let at = 10.0 + k as f64 * 0.4;
            rules.push(h(at, 0.0, 800.0));
            rules.push(v(at, 0.0, 800.0));
        }
        let mut g = Vec::new();
        text(&mut g, "正文", 50.0, 100.0, 10.0);
        assert_eq!(page(g, &rules), "正文\n\n\u{c}");
    }
}
