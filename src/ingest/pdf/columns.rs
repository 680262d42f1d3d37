//! Reading order on pages set in two columns: the left column is read before the right
//! one, band by band, and an element that spans the gutter (a title, a wide table, a
//! footer) is read in its place between the bands. Pages without such a gutter keep
//! poppler's order.

/// A block's box: x_min, x_max, y_min, y_max.
pub type Bounds = (f64, f64, f64, f64);

/// Pages with more blocks than this keep poppler's order (each candidate gutter is
/// checked against every block).
const MAX_BLOCKS: usize = 400;
/// Each column holds at least this many blocks and is at least this share of the
/// text's width (a table of contents' page numbers are not a column); fewer blocks span
/// the gutter than stand in the columns.
const MIN_BLOCKS: usize = 3;
const MIN_SHARE: f64 = 0.3;
/// The two columns overlap vertically over at least this share of the shorter one.
const MIN_OVERLAP: f64 = 0.5;

/// The order to read blocks in when the page is set in two columns, or `None`.
pub fn two_column_order(blocks: &[Bounds]) -> Option<Vec<usize>> {
    let left_edge = blocks.iter().map(|b| b.0).fold(f64::MAX, f64::min);
    let right_edge = blocks.iter().map(|b| b.1).fold(f64::MIN, f64::max);
    let extent = right_edge - left_edge;
    if !(extent.is_finite() && extent > 0.0) {
        return None;
    }
    let gutter = gutter(blocks, left_edge, extent)?;
    let side = |b: &Bounds| {
        if b.1 <= gutter.0 {
            Some(false)
        } else if b.0 >= gutter.1 {
            Some(true)
        } else {
            None
        }
    };
    let (mut left, mut right, mut wide) = (Vec::new(), Vec::new(), Vec::new());
    for (i, b) in blocks.iter().enumerate() {
        match side(b) {
            Some(false) => left.push(i),
            Some(true) => right.push(i),
            None => wide.push(i),
        }
    }
    let span = |group: &[usize]| {
        group
            .iter()
            .fold((f64::MAX, f64::MIN, f64::MAX, f64::MIN), |s, &i| {
                let b = blocks[i];
                (s.0.min(b.0), s.1.max(b.1), s.2.min(b.2), s.3.max(b.3))
            })
    };
    let (l, r) = (span(&left), span(&right));
    let overlap = l.3.min(r.3) - l.2.max(r.2);
    let shorter = (l.3 - l.2).min(r.3 - r.2);
    let columns = left.len() >= MIN_BLOCKS
        && right.len() >= MIN_BLOCKS
        && wide.len() <= left.len() + right.len()
        && l.1 - l.0 >= MIN_SHARE * extent
        && r.1 - r.0 >= MIN_SHARE * extent
        && overlap >= MIN_OVERLAP * shorter;
    if !columns {
        return None;
    }
    let by_top = |a: &usize, b: &usize| blocks[*a].2.total_cmp(&blocks[*b].2);
    wide.sort_by(by_top);
    left.sort_by(by_top);
    right.sort_by(by_top);
    // Bands between the wide elements: each band's left column, then its right one.
    let mut order = Vec::with_capacity(blocks.len());
    let (mut l, mut r) = (0, 0);
    for at in wide.iter().map(Some).chain([None]) {
        let above = |i: usize| at.is_none_or(|&w| blocks[i].2 < blocks[w].2);
        let (mut band_left, mut band_right) = (Vec::new(), Vec::new());
        while l < left.len() && above(left[l]) {
            band_left.push(left[l]);
            l += 1;
        }
        while r < right.len() && above(right[r]) {
            band_right.push(right[r]);
            r += 1;
        }
        let heading = match at {
            Some(&w) => titles_above(blocks, w, &mut band_left, &mut band_right),
            None => Vec::new(),
        };
        order.extend(band_left);
        order.extend(band_right);
        order.extend(heading);
        order.extend(at.copied());
    }
    Some(order)
}

/// The blocks just above a wide element and below the other column's end (its title,
/// set in one column's width), taken from the band's columns, top to bottom.
fn titles_above(
    blocks: &[Bounds],
    wide: usize,
    left: &mut Vec<usize>,
    right: &mut Vec<usize>,
) -> Vec<usize> {
    let bottom = |group: &[usize]| group.iter().map(|&i| blocks[i].3).fold(f64::MIN, f64::max);
    let mut limit = blocks[wide].2;
    let mut titles = Vec::new();
    loop {
        let (left_end, right_end) = (
            left.last().map_or(f64::MIN, |&i| blocks[i].3),
            right.last().map_or(f64::MIN, |&i| blocks[i].3),
        );
        let (side, other) = if left_end >= right_end {
            (&mut *left, &*right)
        } else {
            (&mut *right, &*left)
        };
        let Some(&last) = side.last() else { break };
        let b = blocks[last];
        let close = limit - b.3 <= 1.5 * (b.3 - b.2);
        if !(close && b.2 > bottom(other)) {
            break;
        }
        side.pop();
        titles.push(last);
        limit = b.2;
    }
    titles.reverse();
    titles
}

/// The gap between two columns: the right edge of a block near the middle of the text
/// that the fewest other blocks cross (then the one with most blocks on its poorer side),
/// as an interval from it to the nearest block starting to its right.
fn gutter(blocks: &[Bounds], left_edge: f64, extent: f64) -> Option<(f64, f64)> {
    if blocks.len() > MAX_BLOCKS {
        return None;
    }
    let (low, high) = (
        left_edge + MIN_SHARE * extent,
        left_edge + (1.0 - MIN_SHARE) * extent,
    );
    let mut best: Option<(usize, usize, f64)> = None;
    for candidate in blocks
        .iter()
        .map(|b| b.1)
        .filter(|&x| x >= low && x <= high)
    {
        let (mut crossing, mut left, mut right) = (0, 0, 0);
        for b in blocks {
            if b.1 <= candidate {
                left += 1;
            } else if b.0 >= candidate {
                right += 1;
            } else {
                crossing += 1;
            }
        }
        let score = (crossing, usize::MAX - left.min(right), candidate);
        if best.is_none_or(|b| (score.0, score.1) < (b.0, b.1)) {
            best = Some(score);
        }
    }
    let (_, _, at) = best?;
    let next = blocks
        .iter()
        .map(|b| b.0)
        .filter(|&x| x >= at)
        .fold(f64::MAX, f64::min);
    (next < f64::MAX).then_some((at, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_columns_are_read_one_after_the_other_around_wide_elements() {
        let blocks = [
            (50.0, 540.0, 40.0, 60.0),   // 0 title
            (300.0, 540.0, 80.0, 100.0), // 1 right, top
            (50.0, 290.0, 80.0, 100.0),  // 2 left, top
            (50.0, 290.0, 110.0, 130.0), // 3
            (300.0, 540.0, 110.0, 130.0),
            (50.0, 290.0, 140.0, 160.0), // 5
            (300.0, 540.0, 140.0, 160.0),
            (50.0, 540.0, 200.0, 260.0), // 7 a wide table, its title above in one column
            (50.0, 150.0, 180.0, 192.0), // 8
            (50.0, 290.0, 300.0, 320.0), // 9
            (300.0, 540.0, 300.0, 320.0),
            (293.0, 297.0, 800.0, 810.0), // 11 the page number, in the gutter
        ];
        assert_eq!(
            two_column_order(&blocks),
            Some(vec![0, 2, 3, 5, 1, 4, 6, 8, 7, 9, 10, 11])
        );
    }

    #[test]
    fn one_column_with_page_numbers_or_a_caption_beside_is_not_two_columns() {
        // A table of contents: entries on the left, page numbers on the right.
        let contents: Vec<Bounds> = (0..6)
            .flat_map(|i| {
                let y = 80.0 + 20.0 * i as f64;
                [(50.0, 300.0, y, y + 12.0), (520.0, 540.0, y, y + 12.0)]
            })
            .collect();
        assert_eq!(two_column_order(&contents), None);
        assert_eq!(two_column_order(&[]), None);
    }
}
