//! Matching one query against one text the way Chinese users type: fzf-like fuzzy
//! matching (nucleo) on the text in its matching form, and pinyin — full, initials, mixed
//! with characters, every reading of a polyphone, with characters left out as people
//! shorten names (`phzz` for 平湖市职业中等专业学校) — scored as if the characters the
//! pinyin stands for had been typed, so both kinds of hit rank on one scale.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::pinyin::{PinyinTable, Tried, pinyin_query};
use crate::text::{is_cjk, normalize};

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
    /// Every atom matched a run of adjacent characters (nothing left out between them):
    /// such a match ranks above a scattered one of the same kind.
    pub contiguous: bool,
}

/// What kind of text a query is matched against, which says how far a match may scatter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A title: fuzzy matches may scatter over it; pinyin may leave characters out
    /// between those it spells (`phzz` finds 平湖市职业中等专业学校).
    Title,
    /// Another short name (an alias, a label, an English name): fuzzy matches stay
    /// compact; pinyin may leave characters out, as for a title.
    Name,
    /// Running text: fuzzy matches stay compact, and pinyin spells adjacent characters
    /// only (scattered initials in long text would match nearly anything).
    Text,
}

/// How many characters a pinyin match that leaves characters out may span: twice the
/// typed letters and two more, as compact fuzzy matches.
fn scattered_span(typed: usize) -> usize {
    typed * 2 + 2
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

    /// Matches every atom against the text; `None` if one fails. With `compact`, a match
    /// must stay close together (in long text a scattered subsequence says nothing): the
    /// text is matched as [`Reach::Text`], else as [`Reach::Title`].
    pub fn match_text(
        &self,
        text: &MatchText,
        compact: bool,
        scratch: &mut Scratch,
    ) -> Option<TextMatch> {
        let reach = if compact { Reach::Text } else { Reach::Title };
        self.match_reach(text, reach, scratch)
    }

    /// Matches every atom against a text of the given kind; `None` if one fails.
    pub fn match_reach(
        &self,
        text: &MatchText,
        reach: Reach,
        scratch: &mut Scratch,
    ) -> Option<TextMatch> {
        let mut total = 0u32;
        let mut positions = Vec::new();
        let mut contiguous = true;
        for atom in &self.atoms {
            let (score, mut found) = atom.best_match(text, reach, scratch)?;
            total += u32::from(score);
            contiguous &= is_run(&found);
            positions.append(&mut found);
        }
        positions.sort_unstable();
        positions.dedup();
        Some(TextMatch {
            score: total,
            positions,
            contiguous,
        })
    }

    /// The positions of every place the query matches in running text (as
    /// [`Reach::Text`]), at most `limit` places: for marking matches in a passage shown
    /// whole. Each place found splits the text, and the parts on either side are searched
    /// again.
    pub fn every_match(&self, text: &str, limit: usize, scratch: &mut Scratch) -> Vec<usize> {
        let chars: Vec<char> = text.chars().collect();
        let mut positions = Vec::new();
        let mut parts: Vec<std::ops::Range<usize>> = Vec::new();
        parts.push(0..chars.len());
        let mut found = 0;
        while let Some(part) = parts.pop() {
            if part.is_empty() || found >= limit {
                continue;
            }
            let slice: String = chars[part.clone()].iter().collect();
            let Some(matched) = self.match_reach(&MatchText::new(&slice), Reach::Text, scratch)
            else {
                continue;
            };
            let (Some(&first), Some(&last)) = (matched.positions.first(), matched.positions.last())
            else {
                continue;
            };
            found += 1;
            positions.extend(matched.positions.iter().map(|p| p + part.start));
            parts.push(part.start..part.start + first);
            parts.push(part.start + last + 1..part.end);
        }
        positions.sort_unstable();
        positions.dedup();
        positions
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
        reach: Reach,
        scratch: &mut Scratch,
    ) -> Option<(u16, Vec<usize>)> {
        let compact = reach != Reach::Title;
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
        let pinyin = self.pinyin_match(text, reach != Reach::Text, scratch);
        match (fuzzy, pinyin) {
            // A contiguous match before a scattered one, then the better score.
            (Some(a), Some(b)) => Some(if (is_run(&b.1), b.0) > (is_run(&a.1), a.0) {
                b
            } else {
                a
            }),
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
        let pinyin = self
            .pinyin_match(text, true, scratch)
            .map(|(score, _)| score);
        fuzzy.max(pinyin)
    }

    /// A pinyin hit, scored as if the characters it spells had been typed. A run of
    /// adjacent characters is looked for first; with `gaps`, then characters spelled in
    /// order with others left out between them.
    fn pinyin_match(
        &self,
        text: &MatchText,
        gaps: bool,
        scratch: &mut Scratch,
    ) -> Option<(u16, Vec<usize>)> {
        let query = self.pinyin.as_ref().filter(|_| text.has_cjk)?;
        let table = PinyinTable::get();
        let (start, end, typed): (usize, usize, String) =
            match table.find(query, &text.chars, &mut scratch.tried) {
                Some((start, end)) => (start, end, text.chars[start..end].iter().collect()),
                None if gaps => {
                    let spelled = table.find_scattered(
                        query,
                        &text.chars,
                        scattered_span(query.len()),
                        &mut scratch.tried,
                    )?;
                    let (&first, &last) = (spelled.first()?, spelled.last()?);
                    (
                        first,
                        last + 1,
                        spelled.iter().map(|&p| text.chars[p]).collect(),
                    )
                }
                None => return None,
            };
        // Scored as if its characters had been typed: in a window holding the match and
        // the character before it, which is all the bonuses look at. (A fuzzy atom:
        // nucleo-matcher 0.3's substring atom misses runs past the start of non-ASCII
        // text; for a contiguous run fuzzy matching finds the same place, and for a
        // scattered one it scores the gaps as typing those characters would.)
        let typed = Atom::new(
            &typed,
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

/// Whether positions (sorted) are a run of adjacent characters.
fn is_run(positions: &[usize]) -> bool {
    positions.windows(2).all(|pair| pair[1] == pair[0] + 1)
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
    fn shortened_names_match_scattered_in_titles_and_names_never_in_running_text() {
        let query = Query::new("phzz");
        let name = MatchText::new("平湖市职业中等专业学校");
        let mut scratch = Scratch::default();
        for reach in [Reach::Title, Reach::Name] {
            let found = query.match_reach(&name, reach, &mut scratch).unwrap();
            assert_eq!(found.positions, vec![0, 1, 3, 5], "{reach:?}");
            assert!(!found.contiguous);
        }
        assert!(
            query
                .match_reach(&name, Reach::Text, &mut scratch)
                .is_none()
        );
        assert!(query.match_text(&name, true, &mut scratch).is_none());
        // A run of adjacent characters is contiguous, and scores above a scattered one.
        let run = query
            .match_reach(&MatchText::new("平湖中职"), Reach::Title, &mut scratch)
            .unwrap();
        assert!(run.contiguous);
        let scattered = query
            .match_reach(&name, Reach::Title, &mut scratch)
            .unwrap();
        assert!(run.score > scattered.score);
        // Every word of the query must be a run for the match to be contiguous.
        let words = Query::new("jx xueyuan")
            .match_reach(&MatchText::new("嘉兴技师学院"), Reach::Title, &mut scratch)
            .unwrap();
        assert_eq!(words.positions, vec![0, 1, 4, 5]);
        assert!(words.contiguous);
        // The shell filter finds shortened names too.
        assert!(query.score_text(&name, &mut scratch).is_some());
    }

    #[test]
    fn every_match_in_a_passage_is_found() {
        let mut scratch = Scratch::default();
        let text = "嘉兴交通学校与若尔盖开展“嘉兴—若尔盖技能人才定向培养”，由若尔盖县供给生源";
        let marked = |positions: Vec<usize>| -> String {
            let chars: Vec<char> = text.chars().collect();
            positions.iter().map(|&p| chars[p]).collect()
        };
        assert_eq!(
            marked(Query::new("若尔盖").every_match(text, 50, &mut scratch)),
            "若尔盖".repeat(3)
        );
        assert_eq!(
            marked(Query::new("ruoergai").every_match(text, 50, &mut scratch)),
            "若尔盖".repeat(3)
        );
        assert_eq!(
            Query::new("若尔盖")
                .every_match(text, 2, &mut scratch)
                .len(),
            6
        );
        assert!(
            Query::new("!若尔盖")
                .every_match(text, 50, &mut scratch)
                .is_empty()
        );
        assert!(
            Query::new("xyz")
                .every_match(text, 50, &mut scratch)
                .is_empty()
        );
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
