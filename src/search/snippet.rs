//! Excerpts of a long text around a match: cut when a hit is made, fitted to a column
//! when it is drawn.

use crate::text::char_width;

/// An excerpt of a long text with the matched positions inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub positions: Vec<usize>,
}

impl Snippet {
    /// The part that fits `width` display columns, centred on the matched characters (from
    /// the first of them when they do not all fit), with `…` where it is cut.
    pub fn fit(&self, width: usize) -> Snippet {
        let chars: Vec<char> = self.text.chars().collect();
        let columns: Vec<usize> = chars.iter().map(|&c| char_width(c)).collect();
        if columns.iter().sum::<usize>() <= width {
            return self.clone();
        }
        let count = chars.len();
        let first = self.positions.first().copied().unwrap_or(0).min(count);
        let last = self.positions.last().map_or(first, |&p| (p + 1).min(count));
        // The columns of chars[start..end] and the ellipses its cuts need.
        let needs = |start: usize, end: usize| {
            columns[start..end].iter().sum::<usize>()
                + usize::from(start > 0)
                + usize::from(end < count)
        };
        let (mut start, mut end) = (first, first);
        // The matched characters first, as many as fit, then context on both sides,
        // on the side with less so far.
        while end < last && needs(start, end + 1) <= width {
            end += 1;
        }
        let (mut before, mut after) = (0, 0);
        loop {
            let left = start > 0 && needs(start - 1, end) <= width;
            let right = end < count && needs(start, end + 1) <= width;
            match (left, right) {
                (true, true) if before <= after => {
                    start -= 1;
                    before += columns[start];
                }
                (true, false) => {
                    start -= 1;
                    before += columns[start];
                }
                (_, true) => {
                    after += columns[end];
                    end += 1;
                }
                (false, false) => break,
            }
        }
        if needs(start, end) > width {
            return Snippet {
                text: String::new(),
                positions: Vec::new(),
            };
        }
        let lead = usize::from(start > 0);
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        text.extend(&chars[start..end]);
        if end < count {
            text.push('…');
        }
        Snippet {
            text,
            positions: self
                .positions
                .iter()
                .filter(|&&p| (start..end).contains(&p))
                .map(|&p| p - start + lead)
                .collect(),
        }
    }
}

/// A snippet holds about this many characters around a match.
const SNIPPET_CHARS: usize = 40;

/// The text around the matched positions, centred on them (from the first when they
/// span more than a snippet), with ellipses where it was cut.
pub(super) fn snippet(text: &str, positions: &[usize]) -> Snippet {
    let chars: Vec<char> = text.chars().collect();
    let first = positions.first().copied().unwrap_or(0);
    let matched = positions.last().map_or(0, |&last| last + 1 - first);
    let start = first.saturating_sub(SNIPPET_CHARS.saturating_sub(matched) / 2);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let start = end.saturating_sub(SNIPPET_CHARS).min(start);
    let mut excerpt = String::new();
    let lead = usize::from(start > 0);
    if start > 0 {
        excerpt.push('…');
    }
    excerpt.extend(&chars[start..end]);
    if end < chars.len() {
        excerpt.push('…');
    }
    Snippet {
        text: excerpt,
        positions: positions
            .iter()
            .filter(|&&p| (start..end).contains(&p))
            .map(|&p| p - start + lead)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::display_width;

    fn marked(snippet: &Snippet) -> String {
        let chars: Vec<char> = snippet.text.chars().collect();
        snippet.positions.iter().map(|&p| chars[p]).collect()
    }

    #[test]
    fn snippets_are_centred_on_the_match() {
        let text = "全市共有省德育特色案例、名班主任工作室等示范型学校，3 所学校（嘉兴技师学院、嘉兴市建筑工业学校、平湖市职业中等专业学校）获评";
        let start = text.chars().position(|c| c == '技').unwrap() - 2;
        let positions: Vec<usize> = (start..start + 4).collect();
        let cut = snippet(text, &positions);
        assert_eq!(marked(&cut), "嘉兴技师");
        let at = cut.positions[0];
        let before = at;
        let after = cut.text.chars().count() - cut.positions[3] - 1;
        assert!(before.abs_diff(after) <= 2, "{cut:?}");
        // Cut to a narrow column, the match stays in view, in the middle.
        let narrow = cut.fit(16);
        assert_eq!(marked(&narrow), "嘉兴技师", "{narrow:?}");
        assert!(narrow.text.starts_with('…') && narrow.text.ends_with('…'));
        assert!(display_width(&narrow.text) <= 16);
    }

    #[test]
    fn a_snippet_fits_any_width_and_keeps_its_marks_on_their_characters() {
        let text = "…型学校，3 所学校（嘉兴技师学院、嘉兴市建筑工业学校、平湖…";
        let snippet = Snippet {
            text: text.into(),
            positions: vec![11, 12, 13, 14],
        };
        assert_eq!(snippet.fit(200), snippet);
        for width in 0..70 {
            let fitted = snippet.fit(width);
            assert!(display_width(&fitted.text) <= width, "{width}: {fitted:?}");
            if width >= 10 {
                assert_eq!(marked(&fitted), "嘉兴技师", "{width}: {fitted:?}");
            }
            if !fitted.positions.is_empty() {
                assert!(marked(&fitted).chars().all(|c| "嘉兴技师".contains(c)));
            }
        }
        // A match wider than the room shows from its first character.
        let wide = Snippet {
            text: "一二三四五六七八九十".into(),
            positions: (2..9).collect(),
        };
        let fitted = wide.fit(9);
        assert_eq!(fitted.text, "…三四五…");
        assert_eq!(fitted.positions, vec![1, 2, 3]);
    }
}
