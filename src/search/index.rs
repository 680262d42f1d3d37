//! The search index: entries report by report, each distinct text held and matched once
//! per search, on every core when there are many; hits ranked and cut to a limit.

use std::ops::Range;

use super::compact::{Distinct, Packed, Used, place};
use super::entries::{Depth, entries_of};
use super::rank::{EntryMatch, FieldMatch, match_entry, match_field};
use super::snippet::snippet;
use super::{Entry, Field, Hit, MatchText, NewEntry, Query, Role, Scratch, SearchKind};
use crate::model::{ItemRef, Report};

/// From this many entries or distinct texts (a few reports' worth) a search runs on
/// every core.
const PARALLEL_ENTRIES: usize = 20_000;

/// Reports indexed together before their texts are shared out: the index keeps only
/// distinct texts, and a batch bounds what is made before it is dropped as a duplicate.
const REPORTS_PER_BATCH: usize = 64;

/// The slices a parallel search is cut into: more than cores, so that a core that was
/// given quick slices takes more.
const SLICES: usize = 16;

/// An entry as a store keeps it ([`SearchIndex::from_stored`]): its item by its place in
/// the store's distinct items, its title and fields by their places in the store's
/// distinct texts.
pub struct StoredEntry {
    pub item: u32,
    pub kind: SearchKind,
    pub title: u32,
    pub fields: Vec<u32>,
}

/// The search index of a dataset, or of some of its reports.
pub struct SearchIndex {
    entries: Entries,
    /// Every distinct (text, role) of the entries, matched once per search: reports of
    /// one genre repeat their section titles, indicator names and schools.
    fields: Vec<Field>,
    /// Every distinct item and title of the entries: reports of one genre repeat their
    /// ids (`section:1.2`, `paragraph:40`) and titles.
    items: Vec<ItemRef>,
    titles: Vec<Box<str>>,
}

/// The entries, report by report, each with its fields.
#[derive(Default, Clone)]
struct Entries {
    packed: Vec<Packed>,
    /// Each entry's fields, entry after entry: places in the index's distinct fields.
    fields: Vec<u32>,
    /// The entries of each report indexed: its index in the dataset and where its
    /// entries are.
    reports: Vec<(usize, Range<usize>)>,
}

impl Entries {
    fn start_report(&mut self, index: usize) {
        let at = self.packed.len();
        self.reports.push((index, at..at));
    }

    /// Adds an entry to the report last started.
    fn push(&mut self, item: u32, title: u32, kind: SearchKind, fields: &[u32]) {
        self.packed.push(Packed {
            item,
            title,
            fields: place(self.fields.len()),
            kind,
        });
        self.fields.extend_from_slice(fields);
        if let Some((_, range)) = self.reports.last_mut() {
            range.end = self.packed.len();
        }
    }

    fn len(&self) -> usize {
        self.packed.len()
    }

    /// Entry `entry`'s fields.
    fn fields_of(&self, entry: usize) -> &[u32] {
        let start = self.packed[entry].fields as usize;
        let end = self
            .packed
            .get(entry + 1)
            .map_or(self.fields.len(), |next| next.fields as usize);
        self.fields.get(start..end).unwrap_or_default()
    }

    /// The index in the dataset of the report entry `entry` is of.
    fn report_of(&self, entry: usize) -> usize {
        let at = self
            .reports
            .partition_point(|(_, range)| range.end <= entry);
        self.reports.get(at).map_or(0, |(index, _)| *index)
    }

    /// The entries of `range` of that kind, each with its index.
    fn of_kind(
        &self,
        range: Range<usize>,
        kind: Option<SearchKind>,
    ) -> impl Iterator<Item = (usize, &Packed)> {
        self.packed[range.clone()]
            .iter()
            .zip(range)
            .filter(move |(entry, _)| entry.is_of(kind))
            .map(|(entry, index)| (index, entry))
    }
}

impl SearchIndex {
    pub fn build(reports: &[Report]) -> SearchIndex {
        SearchIndex::from_parts(
            reports
                .iter()
                .enumerate()
                .map(|(index, report)| (index, entries_of(report, Depth::Everything))),
        )
    }

    /// The index of one report, report `index` of its dataset.
    pub fn of_report(index: usize, report: &Report) -> SearchIndex {
        SearchIndex::from_parts([(index, entries_of(report, Depth::Everything))])
    }

    /// The titles and names of reports `0..count` of a dataset, without their running
    /// text, each given by `report` (loaded on demand and dropped once indexed), built on
    /// every core. A report `report` cannot give is left
    /// out.
    pub fn titles_of_each(
        count: usize,
        report: impl Fn(usize) -> Option<std::sync::Arc<Report>> + Sync,
    ) -> SearchIndex {
        let mut builder = Builder::default();
        for batch in (0..count).step_by(REPORTS_PER_BATCH) {
            let size = REPORTS_PER_BATCH.min(count - batch);
            let parts = crate::parallel::parallel_map(size, |i| {
                let index = batch + i;
                report(index).map(|report| (index, entries_of(&report, Depth::TitlesAndNames)))
            });
            builder.add(parts.into_iter().flatten());
        }
        builder.finish()
    }

    /// The index of entries a store kept (made of [`super::titles_and_names`] of each
    /// report), report by report as `parts` give them: their items are places in `items`,
    /// their titles and fields places in `texts`, distinct (text, role)s, so that nothing
    /// is compared to share them out. A text or item no entry has is left out; `None`
    /// when an entry's item, title or field has nothing at its place.
    pub fn from_stored(
        mut texts: Vec<(String, Role)>,
        mut items: Vec<ItemRef>,
        parts: impl IntoIterator<Item = (usize, Vec<StoredEntry>)>,
    ) -> Option<SearchIndex> {
        let mut used_fields = Used::of(texts.len());
        let mut used_titles = Used::of(texts.len());
        let mut used_items = Used::of(items.len());
        let mut entries = Entries::default();
        for (index, part) in parts {
            entries.start_report(index);
            for mut stored in part {
                for id in &mut stored.fields {
                    *id = used_fields.place(*id)?;
                }
                let item = used_items.place(stored.item)?;
                let title = used_titles.place(stored.title)?;
                entries.push(item, title, stored.kind, &stored.fields);
            }
        }
        // Titles copied before the fields take their texts.
        let titles = used_titles.collect(&mut texts, |(text, _)| text.as_str().into());
        Some(SearchIndex {
            entries,
            fields: used_fields.collect(&mut texts, |(text, role)| {
                prepared(std::mem::take(text), *role)
            }),
            items: used_items.collect(&mut items, |item| std::mem::replace(item, ItemRef::Preface)),
            titles,
        })
    }

    fn from_parts(parts: impl IntoIterator<Item = (usize, Vec<NewEntry>)>) -> SearchIndex {
        let mut builder = Builder::default();
        builder.add(parts);
        builder.finish()
    }

    /// The same index with no text shared between entries: each field of each entry is
    /// matched on its own, as if no two entries had a text in common. For measuring the
    /// case where reports share nothing, and for checking that sharing changes no hit.
    #[doc(hidden)]
    pub fn with_no_text_shared(&self) -> SearchIndex {
        let mut entries = self.entries.clone();
        // Each field of each entry its own text, in the order the entries have them.
        for (new, id) in entries.fields.iter_mut().enumerate() {
            *id = place(new);
        }
        SearchIndex {
            entries,
            fields: (self.entries.fields.iter())
                .map(|&id| self.fields[id as usize].clone())
                .collect(),
            items: self.items.clone(),
            titles: self.titles.clone(),
        }
    }

    /// How many fields the entries have in all, and how many distinct texts (with their
    /// role) they are: each distinct text is matched once per search.
    pub fn text_counts(&self) -> (usize, usize) {
        (self.entries.fields.len(), self.fields.len())
    }

    /// How many entries the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.packed.is_empty()
    }

    /// The entry a hit is of, made whole.
    pub fn entry(&self, hit: &Hit) -> Entry {
        let packed = &self.entries.packed[hit.entry];
        Entry {
            report: self.entries.report_of(hit.entry),
            item: self.items[packed.item as usize].clone(),
            kind: packed.kind,
            title: self.titles[packed.title as usize].to_string(),
        }
    }

    /// Ranked hits in every report: contiguous matches (each word of the query matched
    /// adjacent characters) before scattered ones; then title matches by quality (exact,
    /// prefix, fuzzy) before text matches; among scattered matches schools and partners
    /// first (a scattered match is most often a shortened name: `phzz` for 平湖职专);
    /// then by score with a preference for schools, cases and indicators, then in
    /// document order. An empty query gives nothing.
    pub fn search(&self, query: &str, kind: Option<SearchKind>, limit: usize) -> Vec<Hit> {
        self.search_in(None, query, kind, limit)
    }

    /// Ranked hits in one report (by index in the dataset), or in every report with
    /// `None`: the report is chosen before the hits are ranked and cut to `limit`.
    pub fn search_in(
        &self,
        report: Option<usize>,
        query: &str,
        kind: Option<SearchKind>,
        limit: usize,
    ) -> Vec<Hit> {
        let query = Query::new(query);
        if query.is_empty() {
            return Vec::new();
        }
        let range = match report {
            Some(report) => (self.entries.reports.iter())
                .find(|(index, _)| *index == report)
                .map(|(_, range)| range.clone())
                .unwrap_or_default(),
            None => 0..self.entries.len(),
        };
        let texts = self.match_texts(&self.texts_in(range.clone(), kind), &query);
        let matched = |range: Range<usize>| {
            (self.entries.of_kind(range, kind))
                .filter_map(|(index, entry)| {
                    match_entry(index, entry.kind, self.entries.fields_of(index), &texts)
                })
                .collect::<Vec<_>>()
        };
        let mut matches: Vec<EntryMatch> = on_every_core(range, matched);
        // Only the first `limit` are put in order: with many reports a short query
        // matches hundreds of thousands of entries, of which a few hundred are shown.
        let key = |m: &EntryMatch| (m.rank(), m.entry);
        if matches.len() > limit {
            matches.select_nth_unstable_by_key(limit, key);
            matches.truncate(limit);
        }
        matches.sort_unstable_by_key(key);
        let mut scratch = Scratch::default();
        matches
            .into_iter()
            .map(|m| self.hit(m, &query, &mut scratch))
            .collect()
    }

    /// Which distinct texts the entries of `range` of that kind have: all of them
    /// (`None`) for every entry of every kind.
    fn texts_in(&self, range: Range<usize>, kind: Option<SearchKind>) -> Option<Vec<bool>> {
        if range == (0..self.entries.len()) && kind.is_none() {
            return None;
        }
        let mut texts = vec![false; self.fields.len()];
        for (index, _) in self.entries.of_kind(range, kind) {
            for &id in self.entries.fields_of(index) {
                texts[id as usize] = true;
            }
        }
        Some(texts)
    }

    /// Each distinct text (those marked in `texts`, or all) matched against the query
    /// once, by its place in [`SearchIndex::fields`].
    fn match_texts(&self, texts: &Option<Vec<bool>>, query: &Query) -> Vec<Option<FieldMatch>> {
        let matched = |range: Range<usize>| {
            let mut scratch = Scratch::default();
            self.fields[range.clone()]
                .iter()
                .zip(range)
                .map(|(field, id)| {
                    let wanted = texts.as_ref().is_none_or(|t| t[id]);
                    let found = wanted.then(|| match_field(field, query, &mut scratch));
                    found.flatten().map(|(found, _)| found)
                })
                .collect()
        };
        on_every_core(0..self.fields.len(), matched)
    }

    /// Turns a ranked match into a hit, finding its positions and cutting its snippet
    /// only now (for the few shown).
    fn hit(&self, found: EntryMatch, query: &Query, scratch: &mut Scratch) -> Hit {
        let id = self.entries.fields_of(found.entry)[found.field] as usize;
        let field = &self.fields[id];
        let positions = match_field(field, query, scratch).map_or_else(Vec::new, |(_, p)| p);
        let rank = found.rank();
        let (title_positions, snippet) = match field.role {
            Role::Title => (positions, None),
            Role::Name | Role::Body => (Vec::new(), Some(snippet(&field.text, &positions))),
        };
        Hit {
            rank,
            entry: found.entry,
            score: found.score,
            tier: found.tier,
            contiguous: found.contiguous,
            title_positions,
            snippet,
        }
    }
}

/// `work` on `range`: for many items (reports' worth) on every core, a slice at a time,
/// the slices' results in order; one report's take a millisecond, less than starting the
/// threads would save.
fn on_every_core<T: Send>(
    range: Range<usize>,
    work: impl Fn(Range<usize>) -> Vec<T> + Sync,
) -> Vec<T> {
    if range.len() < PARALLEL_ENTRIES {
        return work(range);
    }
    let slice = range.len().div_ceil(SLICES);
    let slices = crate::parallel::parallel_map(SLICES, |i| {
        let start = (range.start + i * slice).min(range.end);
        work(start..(start + slice).min(range.end))
    });
    slices.into_iter().flatten().collect()
}

/// Builds an index from entries report by report, holding each distinct (text, role),
/// item and title once.
#[derive(Default)]
struct Builder {
    entries: Entries,
    fields: Distinct<(String, Role)>,
    items: Distinct<ItemRef>,
    titles: Distinct<Box<str>>,
}

impl Builder {
    fn add(&mut self, parts: impl IntoIterator<Item = (usize, Vec<NewEntry>)>) {
        let mut fields = Vec::new();
        for (index, part) in parts {
            self.entries.start_report(index);
            for new in part {
                fields.clear();
                fields.extend(new.fields.into_iter().map(|f| self.fields.id(f)));
                let item = self.items.id(new.item);
                let title = self.titles.id(new.title.into_boxed_str());
                self.entries.push(item, title, new.kind, &fields);
            }
        }
    }

    fn finish(self) -> SearchIndex {
        SearchIndex {
            entries: self.entries,
            fields: (self.fields.into_vec().into_iter())
                .map(|(text, role)| prepared(text, role))
                .collect(),
            items: self.items.into_vec(),
            titles: self.titles.into_vec(),
        }
    }
}

/// A distinct text made ready to match.
fn prepared(text: String, role: Role) -> Field {
    let matchable = MatchText::new(&text);
    Field {
        compact: matchable.compact_lowercase(),
        matchable,
        text,
        role,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hits of a search done entry by entry: every field of every entry in scope
    /// matched on its own, all matches sorted, the first `limit` kept.
    fn each_entry_alone(
        index: &SearchIndex,
        report: Option<usize>,
        query: &str,
        kind: Option<SearchKind>,
        limit: usize,
    ) -> Vec<Hit> {
        let query = Query::new(query);
        let mut scratch = Scratch::default();
        let mut matches = Vec::new();
        for (i, entry) in index.entries.packed.iter().enumerate() {
            let in_report = report.is_none_or(|r| r == index.entries.report_of(i));
            if !in_report || kind.is_some_and(|k| k != entry.kind) {
                continue;
            }
            // The entry's own fields, numbered from 0: nothing of another entry is seen.
            let fields = index.entries.fields_of(i);
            let own: Vec<_> = fields
                .iter()
                .map(|&id| match_field(&index.fields[id as usize], &query, &mut scratch))
                .collect();
            let ranked: Vec<_> = own.iter().map(|m| m.as_ref().map(|(m, _)| *m)).collect();
            let alone: Vec<u32> = (0..own.len()).map(place).collect();
            if let Some(found) = match_entry(i, entry.kind, &alone, &ranked) {
                let id = fields[found.field] as usize;
                let positions = own[found.field].as_ref().map(|(_, p)| p.clone());
                matches.push((found, id, positions.unwrap_or_default()));
            }
        }
        matches.sort_by_key(|(m, _, _)| (m.rank(), m.entry));
        matches.truncate(limit);
        matches
            .into_iter()
            .map(|(m, id, positions)| {
                let field = &index.fields[id];
                let title = field.role == Role::Title;
                Hit {
                    rank: m.rank(),
                    entry: m.entry,
                    score: m.score,
                    tier: m.tier,
                    contiguous: m.contiguous,
                    snippet: (!title).then(|| snippet(&field.text, &positions)),
                    title_positions: if title { positions } else { Vec::new() },
                }
            })
            .collect()
    }

    #[test]
    fn texts_matched_once_give_the_hits_of_each_entry_matched_alone() {
        let report = crate::dataset::Dataset::embedded()
            .unwrap()
            .reports
            .remove(0);
        // Enough copies to search on every core (and their texts, once not shared).
        let per_copy = SearchIndex::of_report(0, &report).len();
        let copies = vec![report; PARALLEL_ENTRIES.div_ceil(per_copy)];
        let shared = SearchIndex::build(&copies);
        assert!(shared.len() >= PARALLEL_ENTRIES);
        let apart = shared.with_no_text_shared();
        assert!(apart.fields.len() >= PARALLEL_ENTRIES);
        assert!(shared.fields.len() * 10 < apart.fields.len());
        for query in ["jxjs", "生师比", "graduate destination", "j", "学校 !职业"] {
            for kind in [None, Some(SearchKind::School), Some(SearchKind::Paragraph)] {
                let every = [(None, usize::MAX), (None, 200), (None, 3)];
                for (scope, limit) in every.into_iter().chain([(Some(2), 200), (Some(9), 1)]) {
                    let expected = each_entry_alone(&shared, scope, query, kind, limit);
                    let case = format!("{query} {kind:?} {scope:?} {limit}");
                    assert!(kind.is_some() || !expected.is_empty(), "{case}");
                    assert_eq!(
                        shared.search_in(scope, query, kind, limit),
                        expected,
                        "{case}"
                    );
                    assert_eq!(
                        apart.search_in(scope, query, kind, limit),
                        expected,
                        "{case}"
                    );
                }
            }
        }
    }
}
