//! The walk that spells a query in a text, and the states it remembers so that it takes
//! at most text × query steps.

use super::{PinyinTable, typed_as_itself};

/// One walk of [`PinyinTable::find`] or [`PinyinTable::find_scattered`]: a depth-first
/// walk over states (a position in the text, how much of the query is typed). A character
/// typed as itself is taken as such; otherwise each of its syllables, whole (or ending the
/// query unfinished), then its initial alone are tried in order, and the first way that
/// spells the whole query wins. A scattered walk may also leave a character out once the
/// run has begun, after trying to spell it, and records the positions it spells.
/// `GAPS` makes a scattered walk (a constant, so the contiguous one pays nothing for it).
pub(super) struct Spelling<'a, const GAPS: bool> {
    table: &'a PinyinTable,
    query: &'a [char],
    text: &'a [char],
    tried: &'a mut Tried,
    /// Where the run must end (exclusive): the text's end, or a scattered walk's reach.
    limit: usize,
    /// For a scattered walk: the positions spelled so far.
    pub(super) path: Vec<usize>,
}

impl<'a, const GAPS: bool> Spelling<'a, GAPS> {
    pub(super) fn new(
        table: &'a PinyinTable,
        query: &'a [char],
        text: &'a [char],
        tried: &'a mut Tried,
        limit: usize,
    ) -> Self {
        Spelling {
            table,
            query,
            text,
            tried,
            limit: limit.min(text.len()),
            path: Vec::new(),
        }
    }

    /// Whether the query from `typed` on spells the characters from `position` on;
    /// returns the end of the run.
    pub(super) fn spell(&mut self, position: usize, typed: usize) -> Option<usize> {
        let Some(&wanted) = self.query.get(typed) else {
            return Some(position);
        };
        if position >= self.limit {
            return None;
        }
        let c = self.text[position];
        let spells = typed_as_itself(c, wanted, GAPS) || self.table.has_initial(c, wanted);
        let may_skip = GAPS && typed > 0;
        if !spells && !may_skip {
            return None;
        }
        // Different ways reach the same state: `e` spells 额 as its syllable and as its
        // initial, so each 额 of a run doubles the ways to go on, and a query that fails
        // at the end (`eee…x`) would try them all. A state seen before has failed.
        if !self.tried.first_visit(position, typed) {
            return None;
        }
        if spells {
            if GAPS {
                self.path.push(position);
            }
            if let Some(end) = self.spell_character(position, typed, c, wanted) {
                return Some(end);
            }
            if GAPS {
                self.path.pop();
            }
        }
        if may_skip {
            return self.spell(position + 1, typed);
        }
        None
    }

    /// The ways the character at `position` spells the query from `typed` on.
    #[inline]
    fn spell_character(
        &mut self,
        position: usize,
        typed: usize,
        c: char,
        wanted: char,
    ) -> Option<usize> {
        if typed_as_itself(c, wanted, GAPS) {
            return self.spell(position + 1, typed + 1);
        }
        let rest = &self.query[typed..];
        for syllable in self.table.syllables(c) {
            let matched = rest
                .iter()
                .zip(syllable.bytes())
                .take_while(|(q, s)| **q == char::from(*s))
                .count();
            let whole = matched == syllable.len();
            let unfinished_end = matched == rest.len();
            if (whole || unfinished_end)
                && let Some(end) = self.spell(position + 1, typed + matched)
            {
                return Some(end);
            }
        }
        // The initial alone stands for the character (jx = 嘉兴).
        self.spell(position + 1, typed + 1)
    }
}

/// The states one search has expanded. A search ends at its first success, so every
/// state it has left failed: a state seen again is a known failure, and each of the
/// text × query states is expanded at most once per search. A state's outcome depends
/// only on the state, so results are those of the plain walk. (A scattered walk's
/// outcome also depends on how far it may reach, so [`PinyinTable::find_scattered`]
/// walks only once, within the run it has found.)
///
/// The states live in a ring of rows, a row per text position and a slot per query
/// offset. It has as many rows as a walk can reach positions from its start (rounded up
/// to a power of two), so memory is bounded by the query, not the text (a `filter` line
/// can be long): in [`PinyinTable::find`] every character spells at least one query
/// character, so a walk from `start` stays below `start + query length`; a scattered
/// walk stays within its span. The ring never drops a state a later walk can reach.
/// Slots hold stamps unique to (search, position), so nothing is cleared between
/// searches, and a slot reused for another position reads as untried: it could cost
/// time, never a wrong answer.
#[derive(Default)]
pub struct Tried {
    stamps: Vec<u64>,
    /// Rows less one: a position's row is a mask away (no division on the hot path).
    ring_mask: usize,
    /// Slots per row: the query's length.
    columns: usize,
    /// This search's stamp for position `p` is `epoch + p`; earlier searches used smaller
    /// ones, and 0 marks a slot never used.
    epoch: u64,
    next_epoch: u64,
    /// Two rows of earliest ends for [`PinyinTable::find_scattered`], kept to reuse.
    pub(super) row: Vec<usize>,
    pub(super) below: Vec<usize>,
    /// States expanded by the current search: tests bound it.
    #[cfg(test)]
    pub(super) expanded: usize,
}

impl Tried {
    /// Starts a search of `text` characters whose walks each stay within `reach`
    /// positions of their start.
    pub(super) fn begin(&mut self, text: usize, reach: usize, query: usize) {
        self.epoch = self.next_epoch.max(1);
        self.next_epoch = self.epoch + text as u64;
        let rows = reach.max(1).next_power_of_two();
        self.ring_mask = rows - 1;
        self.columns = query;
        let size = rows * self.columns;
        if self.stamps.len() < size {
            self.stamps.resize(size, 0);
        }
        #[cfg(test)]
        {
            self.expanded = 0;
        }
    }

    /// Marks the state expanded; false if it was already.
    pub(super) fn first_visit(&mut self, position: usize, typed: usize) -> bool {
        let slot = (position & self.ring_mask) * self.columns + typed;
        let stamp = self.epoch + position as u64;
        if self.stamps[slot] == stamp {
            return false;
        }
        self.stamps[slot] = stamp;
        #[cfg(test)]
        {
            self.expanded += 1;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::letter_bit;
    use super::*;

    /// The walk before states were remembered (the code this search replaced), counting
    /// the states it expands: the reference the search must agree with.
    fn plain_find(query: &[char], text: &[char], steps: &mut usize) -> Option<(usize, usize)> {
        let table = PinyinTable::get();
        let first = *query.first()?;
        let first_bit = if first.is_ascii_alphabetic() {
            letter_bit(first as u8)
        } else {
            0
        };
        (0..text.len())
            .filter(|&start| text[start] == first || table.initials(text[start]) & first_bit != 0)
            .find_map(|start| plain_spell(table, query, text, start, steps).map(|end| (start, end)))
    }

    fn plain_spell(
        table: &PinyinTable,
        query: &[char],
        text: &[char],
        position: usize,
        steps: &mut usize,
    ) -> Option<usize> {
        let Some((&wanted, rest)) = query.split_first() else {
            return Some(position);
        };
        let &c = text.get(position)?;
        if c == wanted {
            *steps += 1;
            return plain_spell(table, rest, text, position + 1, steps);
        }
        if !wanted.is_ascii_alphabetic() || table.initials(c) & letter_bit(wanted as u8) == 0 {
            return None;
        }
        *steps += 1;
        for syllable in table.syllables(c) {
            let typed = query
                .iter()
                .zip(syllable.bytes())
                .take_while(|(q, s)| **q == char::from(*s))
                .count();
            if (typed == syllable.len() || typed == query.len())
                && let Some(end) = plain_spell(table, &query[typed..], text, position + 1, steps)
            {
                return Some(end);
            }
        }
        plain_spell(table, rest, text, position + 1, steps)
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// A repeatable stream of numbers below a bound (xorshift), for generated cases.
    fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        }
    }

    /// A query spelt from `text`: each character as itself or by a whole or unfinished
    /// syllable of one of its readings; with `skipping`, some after the first left out.
    fn spelt(
        table: &PinyinTable,
        text: &[char],
        next: &mut impl FnMut(usize) -> usize,
        skipping: bool,
    ) -> Vec<char> {
        let mut query = Vec::new();
        for &c in text {
            if skipping && !query.is_empty() && next(3) == 0 {
                continue;
            }
            match table.syllables(c) {
                [] => query.push(c),
                readings => {
                    let syllable = &readings[next(readings.len())];
                    query.extend(syllable.chars().take(1 + next(syllable.len())));
                }
            }
        }
        query
    }

    #[test]
    fn remembering_tried_states_changes_no_result() {
        // Characters with one-letter readings (额 e, 阿 a/e, 嗯 n/ng, 欸 ai/e/ei, 哦 e/o),
        // syllables that split (先 xian, 西 xi, 安 an), polyphones, Latin letters.
        let text_chars = chars("额阿嗯欸哦西安先长行儿二嘉兴技师eax");
        let query_chars = chars("eaongxiahzcrjs额西");
        let table = PinyinTable::get();
        let mut tried = Tried::default();
        let mut next = xorshift(0x2545_f491_4f6c_dd1d_u64);
        let mut matched = 0;
        for round in 0..20_000 {
            let text: Vec<char> = (0..1 + next(12))
                .map(|_| text_chars[next(text_chars.len())])
                .collect();
            let query: Vec<char> = if round % 2 == 0 {
                (0..1 + next(6))
                    .map(|_| query_chars[next(query_chars.len())])
                    .collect()
            } else {
                // Spelt from the text (initials, whole or unfinished syllables), so that
                // half the pairs match, sometimes with a letter that ends the match.
                let start = next(text.len());
                let end = start + 1 + next(text.len() - start);
                let mut query = spelt(table, &text[start..end], &mut next, false);
                if next(3) == 0 {
                    query.push('x');
                }
                query
            };
            let expected = plain_find(&query, &text, &mut 0);
            let found = table.find(&query, &text, &mut tried);
            assert_eq!(found, expected, "{query:?} in {text:?}");
            matched += usize::from(found.is_some());
        }
        assert!(matched > 5_000, "{matched}: the pairs should often match");
    }

    /// Every way to spell the query with characters left out (the first one spelled),
    /// within `span` characters of each start, that is tightest, leftmost among equals:
    /// the scattered search must find one of them.
    fn plain_scattered(query: &[char], text: &[char], span: usize) -> Vec<Vec<usize>> {
        fn walk(
            table: &PinyinTable,
            query: &[char],
            text: &[char],
            position: usize,
            limit: usize,
            path: &mut Vec<usize>,
            found: &mut Vec<Vec<usize>>,
        ) {
            if query.is_empty() {
                found.push(path.clone());
                return;
            }
            if position >= limit {
                return;
            }
            let c = text[position];
            let wanted = query[0];
            path.push(position);
            if c == wanted && !c.is_ascii() {
                walk(table, &query[1..], text, position + 1, limit, path, found);
            } else if table.has_initial(c, wanted) {
                for syllable in table.syllables(c) {
                    let typed = query
                        .iter()
                        .zip(syllable.bytes())
                        .take_while(|(q, s)| **q == char::from(*s))
                        .count();
                    if typed == syllable.len() || typed == query.len() {
                        walk(
                            table,
                            &query[typed..],
                            text,
                            position + 1,
                            limit,
                            path,
                            found,
                        );
                    }
                }
                walk(table, &query[1..], text, position + 1, limit, path, found);
            }
            path.pop();
            if !path.is_empty() {
                walk(table, query, text, position + 1, limit, path, found);
            }
        }
        let table = PinyinTable::get();
        let mut found = Vec::new();
        for start in 0..text.len() {
            if text[start] == query[0] || table.has_initial(text[start], query[0]) {
                let limit = (start + span).min(text.len());
                walk(
                    table,
                    query,
                    text,
                    start,
                    limit,
                    &mut Vec::new(),
                    &mut found,
                );
            }
        }
        let width = |path: &Vec<usize>| path[path.len() - 1] + 1 - path[0];
        let Some(tightest) = found.iter().map(width).min() else {
            return found;
        };
        found.retain(|path| width(path) == tightest);
        let start = found.iter().map(|path| path[0]).min().unwrap_or(0);
        found.retain(|path| path[0] == start);
        found
    }

    #[test]
    fn the_scattered_search_finds_the_tightest_way() {
        let text_chars = chars("额阿嗯欸哦西安先长行儿二嘉兴技师市平湖职业中专eax");
        let query_chars = chars("eaongxiahzcrjsp额西");
        let table = PinyinTable::get();
        let mut tried = Tried::default();
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15_u64);
        let mut matched = 0;
        for round in 0..5_000 {
            let text: Vec<char> = (0..1 + next(10))
                .map(|_| text_chars[next(text_chars.len())])
                .collect();
            let query: Vec<char> = if round % 2 == 0 {
                (0..1 + next(4))
                    .map(|_| query_chars[next(query_chars.len())])
                    .collect()
            } else {
                // Spelt from some of the text's characters in order (initials, whole or
                // unfinished syllables, characters), so that many pairs match.
                let start = next(text.len());
                spelt(table, &text[start..], &mut next, true)
            };
            let span = 1 + next(12);
            let expected = plain_scattered(&query, &text, span);
            let found = table.find_scattered(&query, &text, span, &mut tried);
            match &found {
                Some(path) => assert!(
                    expected.contains(path),
                    "{query:?} in {text:?} within {span}: {path:?}, not one of {expected:?}"
                ),
                None => assert!(
                    expected.is_empty(),
                    "{query:?} in {text:?} within {span}: missed {expected:?}"
                ),
            }
            matched += usize::from(found.is_some());
        }
        assert!(matched > 1_000, "{matched}: the pairs should often match");
    }

    #[test]
    fn scattered_searches_cost_text_times_query_and_walk_only_the_run_they_found() {
        let table = PinyinTable::get();
        let mut tried = Tried::default();
        // Every 额 starts a way that fails at the `x`: nothing is walked.
        let text = chars(&"额".repeat(1_000));
        let mut query = chars(&"e".repeat(199));
        query.push('x');
        assert_eq!(table.find_scattered(&query, &text, 402, &mut tried), None);
        assert_eq!(tried.expanded, 0);
        assert!(tried.row.len() <= query.len() + 1);
        // A match is walked within its run only.
        let mut text = "额一".repeat(500);
        text.push('西');
        let text = chars(&text);
        let found = table
            .find_scattered(&query, &text, 402, &mut tried)
            .unwrap();
        assert_eq!(found.len(), 200);
        let width = found[199] + 1 - found[0];
        assert_eq!(width, 399, "every other character left out, 西 last");
        assert!(tried.expanded <= width * query.len(), "{}", tried.expanded);
        assert!(tried.stamps.len() <= 512 * query.len());
    }

    #[test]
    fn runs_of_one_letter_readings_expand_each_state_at_most_once() {
        // Letters, the characters they run against, and a last query character that
        // none of them spells.
        let runs = [
            ("e", "额", 'x'),
            ("a", "阿", 'x'),
            ("ae", "阿", 'x'),
            ("o", "哦", 'x'),
            ("n", "嗯", 'x'),
            ("e", "欸", 'x'),
            ("e", "额二", 'x'),
            ("er", "儿额", 'x'),
            ("e", "额e", 'x'),
            ("xian", "先西安", '0'),
        ];
        let table = PinyinTable::get();
        let mut tried = Tried::default();
        // 20 first: without the tried states these take millions of steps (and fail
        // quickly); with 200 they would not finish.
        for size in [20, 200] {
            for (letters, characters, last) in runs {
                let text: Vec<char> = characters.chars().cycle().take(size).collect();
                let mut query: Vec<char> = letters.chars().cycle().take(size - 1).collect();
                query.push(last);
                assert_eq!(table.find(&query, &text, &mut tried), None, "{letters}");
                let states = text.len() * query.len();
                assert!(
                    tried.expanded <= states,
                    "{letters} against {characters}: {} steps for {states} states",
                    tried.expanded
                );
            }
        }
        let text = chars(&"额".repeat(200));
        assert_eq!(
            table.find(&chars(&"e".repeat(200)), &text, &mut tried),
            Some((0, 200))
        );
    }

    #[test]
    fn the_plain_walk_was_exponential_on_such_runs() {
        let text = chars(&"额".repeat(16));
        let query = chars(&("e".repeat(15) + "x"));
        let mut steps = 0;
        assert_eq!(plain_find(&query, &text, &mut steps), None);
        assert!(steps > 1 << 15, "{steps}");
        let mut tried = Tried::default();
        assert_eq!(PinyinTable::get().find(&query, &text, &mut tried), None);
        assert!(tried.expanded <= 16 * 16, "{}", tried.expanded);
    }

    #[test]
    fn long_text_keeps_the_ring_to_the_query_length() {
        // Far more positions than the ring holds; the states still stay within bounds,
        // and a match after the ring has wrapped many times is still found.
        let mut text = "额".repeat(5_000);
        text.push_str("额额西");
        let text = chars(&text);
        let query = chars("eeex");
        let mut tried = Tried::default();
        assert_eq!(
            PinyinTable::get().find(&query, &text, &mut tried),
            Some((4_999, 5_003))
        );
        assert!(tried.expanded <= text.len() * query.len());
        assert!(tried.stamps.len() <= query.len() * query.len().next_power_of_two());
    }
}
