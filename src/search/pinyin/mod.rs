//! Pinyin matching against Chinese text: a query like `jxjs`, `jiaxingjishi`, `jx技师` or
//! `jiaxingjis` matches 嘉兴技师 — each character by its initial or by a whole syllable,
//! under every reading of a polyphone, the last syllable possibly unfinished.
//!
//! The readings of every character come from ib-matcher's tables, copied once into a flat
//! table indexed by code point, so matching is a walk over bitmasks and short strings.
//! The walk remembers the states it has tried, so it takes at most text × query steps
//! even on runs like 额额额… that a query can spell in exponentially many ways.

mod walk;

use std::sync::OnceLock;

use ib_matcher::pinyin::{PinyinData, PinyinNotation};

use walk::Spelling;
pub use walk::Tried;

/// No way to spell the rest of a query (see [`PinyinTable::find_scattered`]).
const NEVER: usize = usize::MAX;

/// The CJK blocks the table covers (extension A and the unified ideographs).
const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

/// Readings of every character in `FIRST..=LAST`.
pub struct PinyinTable {
    /// Per character: letters its readings start with (bit 0 = `a`).
    initials: Vec<u32>,
    /// Per character: letters its readings have anywhere.
    letters: Vec<u32>,
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
            letters: vec![0; size],
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
                // Never empty: every character must spell at least one query letter, which
                // bounds the walk (see `Tried`).
                let Some(syllable) = pinyin
                    .notation(PinyinNotation::Ascii)
                    .filter(|s| !s.is_empty())
                else {
                    continue;
                };
                if table.syllables[start..].iter().any(|s| &**s == syllable) {
                    continue;
                }
                if let Some(first) = syllable.bytes().next() {
                    table.initials[slot] |= letter_bit(first);
                }
                for letter in syllable.bytes() {
                    table.letters[slot] |= letter_bit(letter);
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

    fn letters(&self, c: char) -> u32 {
        Self::slot(c).map_or(0, |slot| self.letters[slot])
    }

    /// Whether the query's letters can be found in order in the readings of the text's
    /// characters (several in one character): true of every scattered way to spell it,
    /// so when this fails nothing spells it. A cheap check before the search proper.
    fn may_spell(&self, query: &[char], text: &[char]) -> bool {
        let mut position = 0;
        query.iter().all(|&wanted| {
            let bit = query_bit(wanted);
            while let Some(&c) = text.get(position) {
                if typed_as_itself(c, wanted, true) || self.letters(c) & bit != 0 {
                    return true;
                }
                position += 1;
            }
            false
        })
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

    /// Whether a reading of `c` starts with `letter` (never for anything but a Latin
    /// letter).
    fn has_initial(&self, c: char, letter: char) -> bool {
        letter.is_ascii_alphabetic() && self.initials(c) & letter_bit(letter as u8) != 0
    }

    /// The leftmost run of `text` that the query spells, as a character range. `tried`
    /// is scratch space, reused from one call to the next.
    pub fn find(&self, query: &[char], text: &[char], tried: &mut Tried) -> Option<(usize, usize)> {
        let first = *query.first()?;
        tried.begin(text.len(), text.len().min(query.len()), query.len());
        let mut spelling = Spelling::<false>::new(self, query, text, tried, text.len());
        (0..text.len())
            .filter(|&start| self.starts_with(text[start], first))
            .find_map(|start| spelling.spell(start, 0).map(|end| (start, end)))
    }

    /// The tightest way the query spells characters of `text` in order with others left
    /// out between them (`phzz` spells 平湖市职业中 as 平湖·职·中, the way 平湖职专 shortens
    /// 平湖市职业中等专业学校), spanning at most `span` characters: the positions of the
    /// spelled characters, leftmost among the tightest. For the runs [`Self::find`] misses.
    ///
    /// One pass from the end of the text works out, for every position and amount of the
    /// query typed, the earliest end of a way to spell the rest from there (a position's
    /// row needs only the next position's), so the whole text costs text × query steps and
    /// query-sized memory, whatever the span; then one walk within the tightest run finds
    /// its characters.
    pub fn find_scattered(
        &self,
        query: &[char],
        text: &[char],
        span: usize,
        tried: &mut Tried,
    ) -> Option<Vec<usize>> {
        let (Some(&first), count) = (query.first(), query.len()) else {
            return None;
        };
        if !self.may_spell(query, text) {
            return None;
        }
        // `below[t]`: the earliest end spelling query[t..] from the next position on
        // (`NEVER` if none); `row[t]`: the same from this position.
        let (mut row, mut below) = (
            std::mem::take(&mut tried.row),
            std::mem::take(&mut tried.below),
        );
        row.clear();
        row.resize(count + 1, NEVER);
        below.clear();
        below.resize(count + 1, NEVER);
        below[count] = text.len();
        let mut best: Option<(usize, usize)> = None;
        // No run begins before the first character the query can start with.
        let first_start = text.iter().position(|&c| self.starts_with(c, first));
        for position in (first_start.unwrap_or(text.len())..text.len()).rev() {
            let c = text[position];
            let initials = self.initials(c);
            row[count] = position;
            for typed in 0..count {
                let wanted = query[typed];
                let spelled = if typed_as_itself(c, wanted, true) {
                    below[typed + 1]
                } else if initials & query_bit(wanted) == 0 {
                    NEVER
                } else {
                    self.earliest_end(query, typed, c, &below)
                };
                // Once the run has begun, a character may be left out.
                row[typed] = if typed > 0 {
                    spelled.min(below[typed])
                } else {
                    spelled
                };
            }
            if row[0] != NEVER && self.starts_with(c, first) {
                let width = row[0] - position;
                // Leftmost among the tightest: positions come from the end.
                if width <= span && best.is_none_or(|(tightest, _)| width <= tightest) {
                    best = Some((width, position));
                }
            }
            std::mem::swap(&mut row, &mut below);
        }
        tried.row = row;
        tried.below = below;
        let (width, start) = best?;
        // The walk within exactly that run finds a way to spell it.
        tried.begin(text.len(), width, count);
        let mut spelling = Spelling::<true>::new(self, query, text, tried, start + width);
        spelling.spell(start, 0)?;
        Some(spelling.path)
    }

    /// The earliest end of a way to spell query[typed..] that spells `c` first by a
    /// syllable or by its initial (one of its readings starts with the query's letter),
    /// given the earliest ends from the next position on: as [`Spelling::spell`] tries
    /// it.
    fn earliest_end(&self, query: &[char], typed: usize, c: char, below: &[usize]) -> usize {
        let rest = &query[typed..];
        let mut end = below[typed + 1];
        for syllable in self.syllables(c) {
            let matched = rest
                .iter()
                .zip(syllable.bytes())
                .take_while(|(q, s)| **q == char::from(*s))
                .count();
            if matched == syllable.len() || matched == rest.len() {
                end = end.min(below[typed + matched]);
            }
        }
        end
    }

    /// Whether a run spelling a query that begins with `first` may start at `c`.
    fn starts_with(&self, c: char, first: char) -> bool {
        c == first || self.has_initial(c, first)
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

/// Whether the text's character `c` is the query's `wanted` typed as itself. Not, with
/// gaps, for ASCII: scattered Latin letters and digits are the fuzzy matcher's part, and
/// pinyin would find them in nearly any line of a path or a name.
fn typed_as_itself(c: char, wanted: char, gaps: bool) -> bool {
    c == wanted && !(gaps && c.is_ascii())
}

/// A query character's letter bit (none for anything but a Latin letter).
fn query_bit(c: char) -> u32 {
    if c.is_ascii_alphabetic() {
        letter_bit(c as u8)
    } else {
        0
    }
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
        PinyinTable::get().find(&query, &text, &mut Tried::default())
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

    fn find_scattered(query: &str, text: &str, span: usize) -> Option<Vec<usize>> {
        let query: Vec<char> = query.chars().collect();
        let text: Vec<char> = text.chars().collect();
        PinyinTable::get().find_scattered(&query, &text, span, &mut Tried::default())
    }

    #[test]
    fn spells_shortened_names_with_characters_left_out() {
        // How people shorten names: 平湖职专, 浙江平湖技师, 海宁职高.
        for (query, text, spelled) in [
            ("phzz", "平湖市职业中等专业学校", vec![0, 1, 3, 5]),
            ("zjphjs", "浙江省平湖技师学院", vec![0, 1, 3, 4, 5, 6]),
            ("hnzg", "海宁市职业高级中学", vec![0, 1, 3, 5]),
            ("pinghuzhizhuan", "平湖市职业中等专业学校", vec![0, 1, 3, 7]),
            ("ph职专", "平湖市职业中等专业学校", vec![0, 1, 3, 7]),
        ] {
            assert_eq!(find(query, text), None, "{query}: not a run");
            assert_eq!(
                find_scattered(query, text, 20),
                Some(spelled),
                "{query} in {text}"
            );
        }
        assert_eq!(find_scattered("phzz", "平湖市职业中等专业学校", 5), None);
        assert_eq!(
            find_scattered("phzz", "平湖市职业中等专业学校", 6)
                .unwrap()
                .len(),
            4
        );
        // The tightest way wins, leftmost among equals; nothing is left out before the
        // first character.
        assert_eq!(
            find_scattered("jxjs", "嘉一兴二三技四师，嘉兴市技师", 20),
            Some(vec![9, 10, 12, 13])
        );
        assert_eq!(find_scattered("jxjz", "嘉兴技师学院", 20), None);
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
