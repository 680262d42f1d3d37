//! Pinyin matching against Chinese text: a query like `jxjs`, `jiaxingjishi`, `jx技师` or
//! `jiaxingjis` matches 嘉兴技师 — each character by its initial or by a whole syllable,
//! under every reading of a polyphone, the last syllable possibly unfinished.
//!
//! The readings of every character come from ib-matcher's tables, copied once into a flat
//! table indexed by code point, so matching is a walk over bitmasks and short strings.

use std::sync::OnceLock;

use ib_matcher::pinyin::{PinyinData, PinyinNotation};

/// The CJK blocks the table covers (extension A and the unified ideographs).
const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

/// Readings of every character in `FIRST..=LAST`.
pub struct PinyinTable {
    /// Per character: letters its readings start with (bit 0 = `a`).
    initials: Vec<u32>,
    /// Per character: its syllables, as a range in `syllables`.
    spans: Vec<(u32, u8)>,
    syllables: Vec<Box<str>>,
}

impl PinyinTable {
    /// The table, built on first use (a few milliseconds) and shared afterwards.
    pub fn get() -> &'static PinyinTable {
        static TABLE: OnceLock<PinyinTable> = OnceLock::new();
        TABLE.get_or_init(PinyinTable::build)
    }

    fn build() -> PinyinTable {
        let data = PinyinData::new(PinyinNotation::Ascii);
        let size = (LAST - FIRST + 1) as usize;
        let mut table = PinyinTable {
            initials: vec![0; size],
            spans: vec![(0, 0); size],
            syllables: Vec::new(),
        };
        for code in FIRST..=LAST {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let slot = (code - FIRST) as usize;
            let start = table.syllables.len();
            for pinyin in data.get_pinyins(c) {
                let Some(syllable) = pinyin.notation(PinyinNotation::Ascii) else {
                    continue;
                };
                if table.syllables[start..].iter().any(|s| &**s == syllable) {
                    continue;
                }
                if let Some(first) = syllable.bytes().next() {
                    table.initials[slot] |= letter_bit(first);
                }
                table.syllables.push(syllable.into());
            }
            let count = u8::try_from(table.syllables.len() - start).unwrap_or(u8::MAX);
            table.spans[slot] = (start as u32, count);
        }
        table
    }

    fn slot(c: char) -> Option<usize> {
        let code = c as u32;
        (FIRST..=LAST)
            .contains(&code)
            .then(|| (code - FIRST) as usize)
    }

    fn initials(&self, c: char) -> u32 {
        Self::slot(c).map_or(0, |slot| self.initials[slot])
    }

    fn syllables(&self, c: char) -> &[Box<str>] {
        match Self::slot(c) {
            Some(slot) => {
                let (start, count) = self.spans[slot];
                &self.syllables[start as usize..start as usize + usize::from(count)]
            }
            None => &[],
        }
    }

    /// The leftmost run of `text` that the query spells, as a character range.
    pub fn find(&self, query: &[char], text: &[char]) -> Option<(usize, usize)> {
        let first = *query.first()?;
        let first_bit = if first.is_ascii_alphabetic() {
            letter_bit(first as u8)
        } else {
            0
        };
        (0..text.len())
            .filter(|&start| text[start] == first || self.initials(text[start]) & first_bit != 0)
            .find_map(|start| self.spell(query, text, start).map(|end| (start, end)))
    }

    /// Whether `query` spells the characters from `position` on; returns the end.
    fn spell(&self, query: &[char], text: &[char], position: usize) -> Option<usize> {
        let Some((&wanted, rest)) = query.split_first() else {
            return Some(position);
        };
        let &c = text.get(position)?;
        if c == wanted {
            return self.spell(rest, text, position + 1);
        }
        if !wanted.is_ascii_alphabetic() || self.initials(c) & letter_bit(wanted as u8) == 0 {
            return None;
        }
        for syllable in self.syllables(c) {
            let typed = query
                .iter()
                .zip(syllable.bytes())
                .take_while(|(q, s)| **q == char::from(*s))
                .count();
            let whole = typed == syllable.len();
            let unfinished_end = typed == query.len();
            if (whole || unfinished_end)
                && let Some(end) = self.spell(&query[typed..], text, position + 1)
            {
                return Some(end);
            }
        }
        // The initial alone stands for the character (jx = 嘉兴).
        self.spell(rest, text, position + 1)
    }
}

/// The usual reading of polyphones common in names of places and schools; the table
/// lists readings in no particular order.
const USUAL_READINGS: &[(char, &str)] = &[
    ('市', "shi"),
    ('校', "xiao"),
    ('行', "xing"),
    ('长', "chang"),
    ('重', "zhong"),
    ('中', "zhong"),
    ('区', "qu"),
    ('省', "sheng"),
    ('乐', "le"),
    ('朝', "chao"),
    ('都', "du"),
    ('宁', "ning"),
    ('沙', "sha"),
    ('大', "da"),
    ('和', "he"),
    ('华', "hua"),
    ('单', "dan"),
    ('会', "hui"),
];

/// Chinese characters replaced by their usual reading, syllables separated by spaces:
/// `嘉兴技师学院` → `jia xing ji shi xue yuan`. For ids, not for display.
pub fn romanize(text: &str) -> String {
    let table = PinyinTable::get();
    let mut out = String::new();
    for c in text.chars() {
        let usual = USUAL_READINGS
            .iter()
            .find(|(u, _)| *u == c)
            .map(|(_, r)| *r);
        match usual.or_else(|| table.syllables(c).first().map(|s| &**s)) {
            Some(syllable) => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push_str(syllable);
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out.trim().to_string()
}

fn letter_bit(letter: u8) -> u32 {
    match letter.to_ascii_lowercase() {
        l @ b'a'..=b'z' => 1 << (l - b'a'),
        _ => 0,
    }
}

/// The query as lowercase characters for [`PinyinTable::find`], if it may be pinyin: it
/// has Latin letters, and nothing that fzf syntax would interpret.
pub fn pinyin_query(atom: &str) -> Option<Vec<char>> {
    let atom = atom.trim_start_matches(['^', '\'']).trim_end_matches('$');
    let has_letters = atom.chars().any(|c| c.is_ascii_alphabetic());
    (has_letters && !atom.is_empty()).then(|| atom.chars().flat_map(char::to_lowercase).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(query: &str, text: &str) -> Option<(usize, usize)> {
        let query: Vec<char> = query.chars().collect();
        let text: Vec<char> = text.chars().collect();
        PinyinTable::get().find(&query, &text)
    }

    #[test]
    fn spells_by_initials_syllables_characters_and_unfinished_syllables() {
        for query in [
            "jxjs",
            "jiaxingjishi",
            "jx技师",
            "jiaxingjis",
            "jiaxjs",
            "嘉xing",
        ] {
            assert_eq!(
                find(query, "在嘉兴技师学院"),
                Some((1, if query.starts_with('嘉') { 3 } else { 5 })),
                "{query}"
            );
        }
        assert_eq!(find("xueyuan", "嘉兴技师学院"), Some((4, 6)));
        assert_eq!(find("jxjz", "嘉兴技师学院"), None);
        assert_eq!(
            find("ahk", "德国 AHK"),
            None,
            "Latin text is left to the fuzzy matcher"
        );
    }

    #[test]
    fn romanizes_for_ids() {
        assert_eq!(
            romanize("嘉兴市交通学校"),
            "jia xing shi jiao tong xue xiao"
        );
        assert_eq!(romanize("AHK 中心"), "AHK zhong xin");
    }

    #[test]
    fn polyphones_match_under_every_reading() {
        assert!(find("hangye", "行业").is_some());
        assert!(find("xingye", "行业").is_some());
        assert!(find("changsanjiao", "长三角").is_some());
        assert!(find("zsj", "长三角").is_some());
    }
}
