//! The reading order of a page's blocks set in one column, as poppler sorts them: each
//! block's box is first widened sideways to the widest text below it that reaches under
//! it and that no neighbour on its own lines stands in the way of (so that a centred title or a chapter number on a
//! line of its own reads before the left-aligned heading under it), then a topological
//! sort puts a block after those above it that overlap it and those entirely to its left
//! with nothing between (poppler's visitDepthFirst, after Breuel 2003).

use super::columns::Bounds;

/// Pages with more blocks than this are read top to bottom instead of being sorted (the
/// sort compares every block with every other twice).
const MAX_SORTED_BLOCKS: usize = 400;

/// The order to read `blocks` in; `fixed[i]` says block `i` keeps its own box (a table
/// found by geometry, whose box is already the whole table's).
pub fn reading_order(blocks: &[Bounds], fixed: &[bool]) -> Vec<usize> {
    if blocks.len() > MAX_SORTED_BLOCKS {
        let mut order: Vec<usize> = (0..blocks.len()).collect();
        order.sort_by(|&a, &b| blocks[a].2.total_cmp(&blocks[b].2));
        return order;
    }
    let extended: Vec<Bounds> = (0..blocks.len())
        .map(|i| {
            if fixed.get(i).copied().unwrap_or(false) {
                blocks[i]
            } else {
                widened(blocks, i)
            }
        })
        .collect();
    let above = |a: usize, b: usize| {
        let (a, b) = (&extended[a], &extended[b]);
        let overlap = (a.0 <= b.0 && b.0 <= a.1) || (b.0 <= a.0 && a.0 <= b.1);
        overlap && a.2 < b.2
    };
    let left_of = |a: usize, b: usize| extended[a].1 <= extended[b].0;
    let before = |b2: usize, b1: usize| {
        above(b2, b1)
            || (left_of(b2, b1)
                && !(0..blocks.len())
                    .any(|b3| b3 != b1 && b3 != b2 && above(b1, b3) && above(b3, b2)))
    };
    let mut visited = vec![false; blocks.len()];
    let mut order = Vec::with_capacity(blocks.len());
    // Depth-first, with an explicit stack: (block, next candidate to look at).
    for root in 0..blocks.len() {
        if visited[root] {
            continue;
        }
        visited[root] = true;
        let mut stack = vec![(root, 0usize)];
        while let Some((block, next)) = stack.last_mut() {
            let block = *block;
            let candidate = (*next..blocks.len()).find(|&c| !visited[c] && before(c, block));
            match candidate {
                Some(c) => {
                    *next = c + 1;
                    visited[c] = true;
                    stack.push((c, 0));
                }
                None => {
                    order.push(block);
                    stack.pop();
                }
            }
        }
    }
    order
}

/// Block `i`'s box widened to the left and right edges of the blocks below it that reach
/// under it, as far as the nearest blocks beside it on its own lines allow.
fn widened(blocks: &[Bounds], i: usize) -> Bounds {
    let b = blocks[i];
    let (mut limit_left, mut limit_right) = (f64::MIN, f64::MAX);
    for (j, other) in blocks.iter().enumerate() {
        if j != i && b.2 <= other.3 && b.3 >= other.2 {
            if other.0 > b.1 {
                limit_right = limit_right.min(other.0);
            }
            if other.1 < b.0 {
                limit_left = limit_left.max(other.1);
            }
        }
    }
    let mut e = b;
    for (j, other) in blocks.iter().enumerate() {
        // Only text below that reaches under the block: a column's block is not widened
        // across the gutter to the other column's text.
        let under = other.0 < b.1 && other.1 > b.0;
        if j == i || other.2 < b.3 || !under {
            continue;
        }
        if other.1 > e.1 && other.1 <= limit_right {
            e.1 = other.1;
        }
        if other.0 < e.0 && other.0 >= limit_left {
            e.0 = other.0;
        }
    }
    e
}

/// A running header stands in the page's top tenth and a footer in its bottom tenth.
const MARGIN_SHARE: f64 = 0.1;
/// Each is set apart from the rest of the page's text by at least this many times its
/// font size (more than the gap between lines of a paragraph).
const MARGIN_GAP: f64 = 1.5;

/// `order` with the page's running header (the blocks in its top margin, above all other
/// text and set apart from it) first and its footer (likewise at the foot) last, each
/// line by line, left to right: never inside a column's text. `sizes` are the blocks'
/// font sizes, `height` the page's.
pub fn furniture_outside(
    order: Vec<usize>,
    blocks: &[Bounds],
    sizes: &[f64],
    height: f64,
) -> Vec<usize> {
    if !(height.is_finite() && height > 0.0) || blocks.len() != sizes.len() {
        return order;
    }
    let size = |i: usize| sizes[i].max(0.0);
    // The header: in the top margin, and above every other block by the gap.
    let top: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].3 <= MARGIN_SHARE * height)
        .collect();
    let rest_top = (0..blocks.len())
        .filter(|i| !top.contains(i))
        .map(|i| blocks[i].2)
        .fold(f64::MAX, f64::min);
    let header: Vec<usize> = top
        .into_iter()
        .filter(|&i| rest_top - blocks[i].3 >= MARGIN_GAP * size(i))
        .collect();
    let bottom: Vec<usize> = (0..blocks.len())
        .filter(|&i| !header.contains(&i) && blocks[i].2 >= (1.0 - MARGIN_SHARE) * height)
        .collect();
    let rest_bottom = (0..blocks.len())
        .filter(|i| !bottom.contains(i))
        .map(|i| blocks[i].3)
        .fold(f64::MIN, f64::max);
    let footer: Vec<usize> = bottom
        .into_iter()
        .filter(|&i| blocks[i].2 - rest_bottom >= MARGIN_GAP * size(i))
        .collect();
    if header.is_empty() && footer.is_empty() {
        return order;
    }
    let mut out = by_lines(header.clone(), blocks);
    out.extend(
        order
            .into_iter()
            .filter(|i| !header.contains(i) && !footer.contains(i)),
    );
    out.extend(by_lines(footer, blocks));
    out
}

/// Blocks line by line (a block joins the line above while it starts before that line
/// ends), each line left to right.
fn by_lines(mut group: Vec<usize>, blocks: &[Bounds]) -> Vec<usize> {
    group.sort_by(|&a, &b| blocks[a].2.total_cmp(&blocks[b].2));
    let mut lines: Vec<(f64, Vec<usize>)> = Vec::new();
    for i in group {
        match lines.last_mut() {
            Some((bottom, line)) if blocks[i].2 < *bottom => {
                *bottom = bottom.max(blocks[i].3);
                line.push(i);
            }
            _ => lines.push((blocks[i].3, vec![i])),
        }
    }
    lines
        .into_iter()
        .flat_map(|(_, mut line)| {
            line.sort_by(|&a, &b| blocks[a].0.total_cmp(&blocks[b].0));
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_centred_title_reads_before_the_left_aligned_heading_under_it() {
        let blocks = [
            (64.0, 142.0, 512.0, 526.0),  // 0 "2.1 学生素质", left
            (293.0, 302.0, 455.0, 471.0), // 1 "2", centred
            (265.0, 329.0, 481.0, 497.0), // 2 "学生发展", centred
            (64.0, 528.0, 534.0, 564.0),  // 3 body text
            (64.0, 528.0, 400.0, 430.0),  // 4 body text above them all
        ];
        assert_eq!(reading_order(&blocks, &[false; 5]), vec![4, 1, 2, 0, 3]);
    }

    #[test]
    fn a_block_beside_another_is_not_widened_across_it() {
        // Two blocks side by side on one line and text below both: the left one reads
        // first, each widened no further than the other.
        let blocks = [
            (300.0, 500.0, 100.0, 112.0), // 0 right
            (50.0, 250.0, 100.0, 112.0),  // 1 left
            (50.0, 500.0, 130.0, 160.0),  // 2 below both
        ];
        assert_eq!(reading_order(&blocks, &[false; 3]), vec![1, 0, 2]);
        assert_eq!(reading_order(&[], &[]), Vec::<usize>::new());
    }

    #[test]
    fn a_line_left_at_the_top_of_the_right_column_reads_after_the_left_column() {
        // A paragraph's last line carried to the right column, the left one full.
        let blocks = [
            (308.0, 424.0, 80.0, 91.0),  // 0 the carried line
            (64.0, 286.0, 211.0, 221.0), // 1 left column
            (64.0, 286.0, 239.0, 300.0), // 2
            (64.0, 286.0, 310.0, 767.0), // 3
        ];
        assert_eq!(reading_order(&blocks, &[false; 4]), vec![1, 2, 3, 0]);
    }

    #[test]
    fn the_running_header_reads_first_and_the_footer_last_on_lines_of_their_own() {
        let blocks = [
            (64.0, 286.0, 100.0, 700.0),  // 0 left column
            (308.0, 530.0, 100.0, 700.0), // 1 right column
            (250.0, 340.0, 799.0, 808.0), // 2 footer, in the gutter's width
            (400.0, 530.0, 40.0, 50.0),   // 3 header, right
            (64.0, 200.0, 41.0, 50.0),    // 4 header, left
            (64.0, 240.0, 760.0, 776.0),  // 5 a footnote at the foot
        ];
        let sizes = [10.5, 10.5, 9.0, 9.0, 9.0, 9.0];
        // Read as a page without a header would be: the footer between the columns.
        let order = vec![4, 3, 0, 5, 2, 1];
        assert_eq!(
            furniture_outside(order.clone(), &blocks, &sizes, 842.0),
            vec![4, 3, 0, 1, 5, 2]
        );
        // A column's last paragraph running into the bottom margin, a line below the
        // one before it, is no footer.
        let column = [
            (64.0, 286.0, 100.0, 745.0),  // 0 left column
            (64.0, 200.0, 760.0, 771.0),  // 1 its last paragraph
            (308.0, 530.0, 100.0, 700.0), // 2 right column
        ];
        assert_eq!(
            furniture_outside(vec![0, 1, 2], &column, &[10.5; 3], 842.0),
            vec![0, 1, 2]
        );
        assert_eq!(
            furniture_outside(order.clone(), &blocks, &sizes, 0.0),
            order
        );
    }
}
