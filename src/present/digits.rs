//! Big digits for slides: a 5×7 pixel font drawn with half blocks (`▀ ▄ █`), so one pixel
//! is `scale` columns wide and `scale` half-rows tall (a terminal cell is about twice as
//! tall as it is wide: the pixels come out square). At odd scales above one a pixel is a
//! half-row taller, so every pixel row ends on a cell's edge and strokes stay solid
//! instead of stepping between half blocks. It covers the digits, `.`, `%`, `‰`,
//! `:` and `∶`, `-`, `−` and `+`; full-width forms count as their ASCII ones. Any other
//! character (a qualifier mark `≈ ≥ ≲ <`, the `*` of a derived value, a Chinese unit) is
//! shown in normal size on the glyphs' middle row, never cut.

use crate::text::{char_width, normalize_char};

/// Pixel rows of every glyph.
const PIXEL_ROWS: usize = 7;

/// The glyph of a character, as rows of pixels (`#` on); `None` if it has none.
fn glyph(c: char) -> Option<&'static [&'static str; PIXEL_ROWS]> {
    Some(match normalize_char(c) {
        '0' => &[
            ".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###.",
        ],
        '1' => &[
            "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.",
        ],
        '2' => &[
            ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####",
        ],
        '3' => &[
            "#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###.",
        ],
        '4' => &[
            "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.",
        ],
        '5' => &[
            "#####", "#....", "####.", "....#", "....#", "#...#", ".###.",
        ],
        '6' => &[
            "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###.",
        ],
        '7' => &[
            "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...",
        ],
        '8' => &[
            ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.",
        ],
        '9' => &[
            ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##..",
        ],
        '.' => &["..", "..", "..", "..", "..", "##", "##"],
        ':' => &["..", "##", "##", "..", "##", "##", ".."],
        '%' => &[
            "##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##",
        ],
        '‰' => &[
            "##...#..", "##..#...", "...#....", "..#.....", ".#......", "#..##.##", "...##.##",
        ],
        '-' | '−' => &["....", "....", "....", "####", "....", "....", "...."],
        '+' => &[
            ".....", "..#..", "..#..", "#####", "..#..", "..#..", ".....",
        ],
        _ => return None,
    })
}

/// Whether a character is drawn big.
pub fn has_glyph(c: char) -> bool {
    glyph(c).is_some()
}

/// Half-rows of one pixel at a scale.
fn pixel_height(scale: usize) -> usize {
    match scale {
        0 | 1 => 1,
        s => s + s % 2,
    }
}

/// Terminal rows of big text at a scale (1 or more).
pub fn height(scale: usize) -> usize {
    (PIXEL_ROWS * pixel_height(scale)).div_ceil(2)
}

/// One piece of the text: a big glyph, or a run of characters in normal size.
enum Piece {
    Big(&'static [&'static str; PIXEL_ROWS]),
    Normal(String),
}

fn pieces(text: &str) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    for c in text.chars() {
        match glyph(c) {
            Some(g) => pieces.push(Piece::Big(g)),
            None => match pieces.last_mut() {
                Some(Piece::Normal(run)) => run.push(c),
                _ => pieces.push(Piece::Normal(c.to_string())),
            },
        }
    }
    pieces
}

/// Columns of a piece at a scale.
fn piece_width(piece: &Piece, scale: usize) -> usize {
    match piece {
        Piece::Big(rows) => rows[0].len() * scale,
        Piece::Normal(run) => run.chars().map(char_width).sum(),
    }
}

/// The space between two pieces: a pixel between glyphs, a column beside normal text.
fn gap(before: &Piece, after: &Piece, scale: usize) -> usize {
    match (before, after) {
        (Piece::Big(_), Piece::Big(_)) => scale,
        _ => 1,
    }
}

/// Columns that `text` takes drawn big at `scale`.
pub fn width(text: &str, scale: usize) -> usize {
    let scale = scale.max(1);
    let pieces = pieces(text);
    let glyphs: usize = pieces.iter().map(|p| piece_width(p, scale)).sum();
    let gaps: usize = pieces.windows(2).map(|w| gap(&w[0], &w[1], scale)).sum();
    glyphs + gaps
}

/// The largest scale (up to `max_scale`) at which `text` fits `columns` × `rows`, if any;
/// text without a single big glyph is never big.
pub fn fitting_scale(text: &str, columns: usize, rows: usize, max_scale: usize) -> Option<usize> {
    if !text.chars().any(has_glyph) {
        return None;
    }
    (1..=max_scale)
        .rev()
        .find(|&scale| width(text, scale) <= columns && height(scale) <= rows)
}

/// `text` drawn big: [`height`] lines, each exactly [`width`] columns wide. Characters
/// without a glyph stand in normal size on the middle line (spaces on the others).
pub fn render(text: &str, scale: usize) -> Vec<String> {
    let scale = scale.max(1);
    let rows = height(scale);
    let middle = rows / 2;
    let pieces = pieces(text);
    let mut lines = vec![String::new(); rows];
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            let space = gap(&pieces[i - 1], piece, scale);
            for line in &mut lines {
                line.extend(std::iter::repeat_n(' ', space));
            }
        }
        match piece {
            Piece::Normal(run) => {
                let blank = " ".repeat(piece_width(piece, scale));
                for (row, line) in lines.iter_mut().enumerate() {
                    line.push_str(if row == middle { run } else { &blank });
                }
            }
            Piece::Big(pixels) => {
                let on = |x: usize, half_row: usize| {
                    let y = half_row / pixel_height(scale);
                    y < PIXEL_ROWS && pixels[y].as_bytes()[x / scale] == b'#'
                };
                for (row, line) in lines.iter_mut().enumerate() {
                    for x in 0..pixels[0].len() * scale {
                        line.push(match (on(x, 2 * row), on(x, 2 * row + 1)) {
                            (true, true) => '█',
                            (true, false) => '▀',
                            (false, true) => '▄',
                            (false, false) => ' ',
                        });
                    }
                }
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::display_width;

    #[test]
    fn every_promised_character_has_a_glyph_of_seven_rows() {
        for c in "0123456789.%‰:∶-+−０１９．％：".chars() {
            let g = glyph(c).unwrap_or_else(|| panic!("{c} has no glyph"));
            assert!(g.iter().all(|row| row.len() == g[0].len()), "{c}: ragged");
            assert!(g.iter().any(|row| row.contains('#')), "{c}: an empty glyph");
        }
        for c in "≈≥≲<*,人元a 　".chars() {
            assert!(!has_glyph(c), "{c} should be normal size");
        }
    }

    #[test]
    fn digits_are_distinct() {
        let shapes: Vec<_> = "0123456789".chars().map(|c| glyph(c).unwrap()).collect();
        for (i, a) in shapes.iter().enumerate() {
            for b in &shapes[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn big_text_is_a_block_of_equal_lines() {
        for text in [
            "15.41:1",
            "44.31%",
            "0.2‰",
            "−4.58",
            "400+",
            "2.7∶51.9∶45.4",
        ] {
            for scale in 1..=4 {
                let lines = render(text, scale);
                assert_eq!(lines.len(), height(scale), "{text} ×{scale}");
                for line in &lines {
                    assert_eq!(display_width(line), width(text, scale), "{text} ×{scale}");
                    assert!(line.chars().all(|c| " ▀▄█".contains(c)), "{line}");
                    if scale > 1 {
                        assert!(!line.contains(['▀', '▄']), "×{scale}: {line}");
                    }
                }
            }
        }
        assert_eq!(height(1), 4);
        assert_eq!(height(2), 7);
        assert_eq!(height(3), 14, "odd scales keep whole cells per pixel row");
        assert_eq!(height(4), 14);
    }

    #[test]
    fn one_at_scale_one() {
        assert_eq!(render("1", 1), [" ▄█  ", "  █  ", "  █  ", " ▀▀▀ "]);
        assert_eq!(render("-", 1), ["    ", "▄▄▄▄", "    ", "    "]);
    }

    #[test]
    fn other_characters_stand_in_normal_size_on_the_middle_row() {
        let lines = render("≈27.00", 2);
        let middle = lines.len() / 2;
        assert!(lines[middle].starts_with("≈ "), "{lines:?}");
        for (row, line) in lines.iter().enumerate() {
            if row != middle {
                assert!(line.starts_with("  "), "{row}: {line}");
            }
            assert!(!line.contains('2') && !line.contains('7'));
        }
        // A wide character keeps its two columns.
        let lines = render("3人", 1);
        assert_eq!(display_width(&lines[0]), 5 + 1 + 2);
        assert!(lines[2].ends_with('人'), "{lines:?}");
        // Text without a glyph is never big.
        assert_eq!(fitting_scale("人次", 100, 100, 4), None);
    }

    #[test]
    fn the_largest_scale_that_fits_is_chosen() {
        let text = "51486";
        let at = |scale| width(text, scale);
        assert_eq!(at(1), 5 * 5 + 4);
        assert_eq!(fitting_scale(text, at(3), height(3), 6), Some(3));
        assert_eq!(fitting_scale(text, at(3) - 1, 100, 6), Some(2));
        assert_eq!(fitting_scale(text, 100, height(2), 6), Some(2));
        assert_eq!(fitting_scale(text, at(1) - 1, 100, 6), None);
        assert_eq!(fitting_scale(text, 100, 3, 6), None);
    }
}
