//! Matching one query against one text the way Chinese users type: fzf-like fuzzy
//! matching (nucleo) on the text in its matching form, and pinyin — full, initials, mixed
//! with characters, every reading of a polyphone — scored as if the characters the pinyin
//! stands for had been typed, so both kinds of hit rank on one scale.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::pinyin::{PinyinTable, Tried, pinyin_query};
use crate::text::normalize;

/// A parsed query: whitespace-separated atoms that must all match (fzf syntax works:
/// `^prefix`, `suffix$`, `'exact`, `!not`).
pub struct Query {
    atoms: Vec<QueryAtom>,
    /// The whole query in matching form, lowercase, without whitespace.
    compact: String,
}

struct QueryAtom {
    fuzzy: Atom,
    /// Characters a text must contain for the fuzzy atom to match.
    required: CharSet,
    /// Present when the atom has Latin letters that may be pinyin: lowercase characters.
    pinyin: Option<Vec<char>>,
    /// A single typed character says little inside long text.
    single: bool,
}

/// A match in one text: its score and the matched character positions (in the text as
/// written: the matching form has one character per original character).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMatch {
    pub score: u32,
    pub positions: Vec<usize>,
}

impl Query {
    pub fn new(query: &str) -> Query {
        let normalized = normalize(query);
        let atoms = normalized
            .split_whitespace()
            .map(|atom| QueryAtom {
                fuzzy: Atom::parse(atom, CaseMatching::Smart, Normalization::Smart),
                required: if atom.starts_with('!') {
                    CharSet::default()
                } else {
                    CharSet::of(
                        atom.trim_start_matches(['^', '\'', '\\'])
                            .trim_end_matches('$')
                            .chars(),
                    )
                },
                pinyin: (!atom.starts_with('!'))
                    .then(|| pinyin_query(atom))
                    .flatten(),
                single: atom.chars().count() == 1,
            })
            .collect();
        let compact = normalized
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        Query { atoms, compact }
    }

    pub fn is_empty(&self) -> bool {
        self.atoms.is_empty()
    }

    /// The query in matching form, lowercase and without whitespace.
    pub fn compact(&self) -> &str {
        &self.compact
    }

    /// Matches every atom against the text; `None` if one fails. With `compact`, a fuzzy
    /// match must stay close together (in long text a scattered subsequence says nothing).
    pub fn match_text(
        &self,
        text: &MatchText,
        compact: bool,
        scratch: &mut Scratch,
    ) -> Option<TextMatch> {
        let mut total = 0u32;
        let mut positions = Vec::new();
        for atom in &self.atoms {
            let (score, mut found) = atom.best_match(text, compact, scratch)?;
            total += u32::from(score);
            positions.append(&mut found);
        }
        positions.sort_unstable();
        positions.dedup();
        Some(TextMatch {
            score: total,
            positions,
        })
    }

    /// Only the score, for the hot path of `filter` (no positions kept).
    pub fn score_text(&self, text: &MatchText, scratch: &mut Scratch) -> Option<u32> {
        self.atoms.iter().try_fold(0u32, |total, atom| {
            let score = atom.best_score(text, scratch)?;
            Some(total + u32::from(score))
        })
    }
}

impl QueryAtom {
    fn best_match(
        &self,
        text: &MatchText,
        compact: bool,
        scratch: &mut Scratch,
    ) -> Option<(u16, Vec<usize>)> {
        if compact && self.single && self.fuzzy.needle_text().is_ascii() {
            return None;
        }
        let windowed = compact && self.fuzzy.kind == AtomKind::Fuzzy && !self.fuzzy.negative;
        let fuzzy = if !self.may_match(text) {
            None
        } else if windowed {
            self.compact_fuzzy(text, scratch)
        } else {
            let mut indices = Vec::new();
            self.fuzzy
                .indices(text.utf32(), &mut scratch.matcher, &mut indices)
                .map(|score| (score, indices.iter().map(|&i| i as usize).collect()))
        };
        let pinyin = self.pinyin_match(text, scratch);
        match (fuzzy, pinyin) {
            (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
            (a, b) => a.or(b),
        }
    }

    /// The best fuzzy match whose characters span at most twice the typed ones (plus a
    /// little): tried in windows that start where the first typed character occurs, so
    /// long text costs little and scattered subsequences never count.
    fn compact_fuzzy(&self, text: &MatchText, scratch: &mut Scratch) -> Option<(u16, Vec<usize>)> {
        let needle = self.fuzzy.needle_text();
        if needle.is_empty() {
            return None;
        }
        let first = needle.get(0);
        // The needle is stored lowercase when case is ignored: either case may stand.
        let first_upper = first.to_uppercase().next().unwrap_or(first);
        let span = needle.len() * 2 + 2;
        let haystack = text.utf32();
        let length = haystack.len();
        let mut best: Option<(u16, Vec<usize>)> = None;
        let mut indices = Vec::new();
        for start in (0..length).filter(|&i| {
            let c = haystack.get(i as u32);
            c == first || c == first_upper
        }) {
            let window_start = start.saturating_sub(1);
            let window = haystack.slice(window_start..(start + span).min(length));
            indices.clear();
            let Some(score) = self
                .fuzzy
                .indices(window, &mut scratch.matcher, &mut indices)
            else {
                continue;
            };
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((
                    score,
                    indices.iter().map(|&i| window_start + i as usize).collect(),
                ));
            }
        }
        best
    }

    /// Whether the text has every character the atom needs (a cheap bloom check).
    fn may_match(&self, text: &MatchText) -> bool {
        self.required.is_within(&text.chars_present)
    }

    fn best_score(&self, text: &MatchText, scratch: &mut Scratch) -> Option<u16> {
        let fuzzy = self
            .may_match(text)
            .then(|| self.fuzzy.score(text.utf32(), &mut scratch.matcher))
            .flatten();
        if fuzzy.is_some() && !text.has_cjk {
            return fuzzy;
        }
        let pinyin = self.pinyin_match(text, scratch).map(|(score, _)| score);
        fuzzy.max(pinyin)
    }

    /// A pinyin hit, scored as a typed run of the characters it covers.
    fn pinyin_match(&self, text: &MatchText, scratch: &mut Scratch) -> Option<(u16, Vec<usize>)> {
        let query = self.pinyin.as_ref().filter(|_| text.has_cjk)?;
        let (start, end) = PinyinTable::get().find(query, &text.chars, &mut scratch.tried)?;
        let run: String = text.chars[start..end].iter().collect();
        // Scored as if its characters had been typed: in a window holding the run and the
        // character before it, which is all the bonuses look at. (A fuzzy atom:
        // nucleo-matcher 0.3's substring atom misses runs past the start of non-ASCII
        // text; for a contiguous run fuzzy matching finds the same place.)
        let typed = Atom::new(
            &run,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
            false,
        );
        let window_start = start.saturating_sub(1);
        let window = Utf32Str::Unicode(&text.chars[window_start..end]);
        let mut indices = Vec::new();
        let score = typed.indices(window, &mut scratch.matcher, &mut indices)?;
        Some((
            score,
            indices.iter().map(|&i| window_start + i as usize).collect(),
        ))
    }
}

/// A text prepared for matching: its matching form as a string and as characters.
#[derive(Debug, Clone)]
pub struct MatchText {
    normalized: String,
    chars: Vec<char>,
    has_cjk: bool,
    ascii: bool,
    chars_present: CharSet,
}

/// Which characters a text has: ASCII exactly (folded to lowercase), others hashed into
/// 64 bits, so a needle character missing from the set rules a match out cheaply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct CharSet {
    ascii: u128,
    other: u64,
}

impl CharSet {
    fn of(chars: impl Iterator<Item = char>) -> CharSet {
        let mut set = CharSet::default();
        for c in chars {
            set.insert(c);
        }
        set
    }

    fn insert(&mut self, c: char) {
        if c.is_ascii() {
            self.ascii |= 1 << (c.to_ascii_lowercase() as u32);
        } else if ('\u{c0}'..='\u{24f}').contains(&c) {
            // Latin letters with diacritics: the fuzzy matcher folds them to plain ones.
            self.ascii = u128::MAX;
            self.other |= 1 << (c as u32 % 64);
        } else {
            self.other |= 1 << (c as u32 % 64);
        }
    }

    fn is_within(&self, other: &CharSet) -> bool {
        self.ascii & other.ascii == self.ascii && self.other & other.other == self.other
    }
}

impl MatchText {
    pub fn new(text: &str) -> MatchText {
        let mut prepared = MatchText {
            normalized: String::new(),
            chars: Vec::new(),
            has_cjk: false,
            ascii: true,
            chars_present: CharSet::default(),
        };
        prepared.set(text);
        prepared
    }

    /// Prepares another text in the same buffers (no allocation once they are large
    /// enough): the hot path of `filter`.
    pub fn set(&mut self, text: &str) {
        self.normalized.clear();
        self.chars.clear();
        if text.is_ascii() {
            self.normalized.push_str(text);
            self.ascii = true;
            self.has_cjk = false;
            self.chars_present = CharSet::of(text.chars());
            return;
        }
        self.normalized
            .extend(text.chars().map(crate::text::normalize_char));
        self.chars.extend(self.normalized.chars());
        self.ascii = self.normalized.is_ascii();
        self.has_cjk = self.chars.iter().any(|&c| is_cjk(c));
        self.chars_present = CharSet::of(self.chars.iter().copied());
    }

    /// Character by character (no grapheme merging), so positions stay character indices.
    fn utf32(&self) -> Utf32Str<'_> {
        if self.ascii {
            Utf32Str::Ascii(self.normalized.as_bytes())
        } else {
            Utf32Str::Unicode(&self.chars)
        }
    }

    /// Length in characters.
    pub fn len(&self) -> usize {
        self.normalized.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.normalized.is_empty()
    }

    /// Lowercase, without whitespace: for exact-title comparisons.
    pub fn compact_lowercase(&self) -> String {
        self.normalized
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    }
}

/// A Chinese character (CJK unified ideographs and extensions).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Reusable matcher state: nucleo's buffers and the pinyin search's tried states.
pub struct Scratch {
    matcher: Matcher,
    tried: Tried,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            matcher: Matcher::new(Config::DEFAULT),
            tried: Tried::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(query: &str, text: &str) -> Option<TextMatch> {
        let query = Query::new(query);
        query.match_text(&MatchText::new(text), false, &mut Scratch::default())
    }

    #[test]
    fn pinyin_matches_full_initials_and_mixed_with_characters() {
        for query in ["jxjs", "jiaxingjishi", "jx技师", "jiaxingjis", "JXJS"] {
            let found = matches(query, "嘉兴技师学院").unwrap_or_else(|| panic!("{query}"));
            assert_eq!(found.positions, vec![0, 1, 2, 3], "{query}");
        }
        assert!(matches("xueyuan", "嘉兴技师学院").is_some());
        assert!(matches("jxjz", "嘉兴技师学院").is_none());
    }

    #[test]
    fn polyphones_match_under_every_reading() {
        assert!(matches("hangye", "行业企业").is_some());
        assert!(matches("xingdong", "行动导向").is_some());
        assert!(matches("changsanjiao", "长三角").is_some());
        assert!(matches("zhangda", "长大").is_some());
    }

    #[test]
    fn fuzzy_matching_works_on_characters_and_english() {
        assert_eq!(
            matches("技师院", "嘉兴技师学院").unwrap().positions,
            vec![2, 3, 5]
        );
        assert!(matches("tech college", "Jiaxing Technician College").is_some());
        assert!(matches("Tech", "technician").is_none(), "smart case");
    }

    #[test]
    fn compact_matching_ignores_scattered_subsequences() {
        let query = Query::new("changsanjiao");
        let gloss =
            MatchText::new("school; technician college; seasonal jobs; vocational education");
        let mut scratch = Scratch::default();
        assert!(query.match_text(&gloss, false, &mut scratch).is_some());
        assert!(query.match_text(&gloss, true, &mut scratch).is_none());
        let text = MatchText::new("推广辐射至丽水技师学院及长三角职业院校");
        assert!(query.match_text(&text, true, &mut scratch).is_some());
    }

    #[test]
    fn full_width_forms_match_their_ascii_twins() {
        assert!(matches("44.31%", "占比４４．３１％").is_some());
        assert!(matches("2.8:39.3", "2.8∶39.3∶57.9").is_some());
    }

    #[test]
    fn a_pinyin_hit_scores_like_typing_its_characters() {
        let by_pinyin = matches("jxjs", "嘉兴技师学院").unwrap().score;
        let by_characters = matches("嘉兴技师", "嘉兴技师学院").unwrap().score;
        assert_eq!(by_pinyin, by_characters);
    }
}
