//! The search index: entries report by report, each distinct text held and matched once
//! per search, on every core when there are many; hits ranked and cut to a limit.

use std::collections::HashMap;
use std::ops::Range;

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

/// An entry as a store keeps it ([`SearchIndex::from_stored`]): its title and fields by
/// their places in the store's distinct texts.
pub struct StoredEntry {
    pub item: ItemRef,
    pub kind: SearchKind,
    pub title: u32,
    pub fields: Vec<u32>,
}

/// The search index of a dataset, or of some of its reports.
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Every distinct (text, role) of the entries, matched once per search: reports of
    /// one genre repeat their section titles, indicator names and schools.
    fields: Vec<Field>,
    /// The entries of each report indexed (stored report by report): its index in the
    /// dataset and where its entries are.
    reports: Vec<(usize, Range<usize>)>,
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
    /// report), report by report as `parts` give them: their fields are places in
    /// `texts`, distinct (text, role)s, so that nothing is compared to share them out.
    /// A text no entry has as a field is left out; `None` when a title or field has no
    /// text at its place.
    pub fn from_stored(
        mut texts: Vec<(String, Role)>,
        parts: impl IntoIterator<Item = (usize, Vec<StoredEntry>)>,
    ) -> Option<SearchIndex> {
        const UNUSED: u32 = u32::MAX;
        // Each text's place among those the entries have, in the order first had.
        let mut place = vec![UNUSED; texts.len()];
        let mut used: Vec<usize> = Vec::new();
        let mut entries = Vec::new();
        let mut reports = Vec::new();
        for (index, part) in parts {
            let start = entries.len();
            for mut stored in part {
                for id in &mut stored.fields {
                    let slot = place.get_mut(*id as usize)?;
                    if *slot == UNUSED {
                        *slot = field_id(used.len());
                        used.push(*id as usize);
                    }
                    *id = *slot;
                }
                entries.push(Entry {
                    report: index,
                    item: stored.item,
                    kind: stored.kind,
                    title: texts.get(stored.title as usize)?.0.clone(),
                    fields: stored.fields,
                });
            }
            reports.push((index, start..entries.len()));
        }
        let fields = used
            .into_iter()
            .map(|id| prepared(std::mem::take(&mut texts[id].0), texts[id].1))
            .collect();
        Some(SearchIndex {
            entries,
            fields,
            reports,
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
        let mut fields = Vec::new();
        let entries = self
            .entries
            .iter()
            .map(|entry| Entry {
                report: entry.report,
                item: entry.item.clone(),
                kind: entry.kind,
                title: entry.title.clone(),
                fields: entry
                    .fields
                    .iter()
                    .map(|&id| {
                        fields.push(self.fields[id as usize].clone());
                        field_id(fields.len() - 1)
                    })
                    .collect(),
            })
            .collect();
        SearchIndex {
            entries,
            fields,
            reports: self.reports.clone(),
        }
    }

    /// How many fields the entries have in all, and how many distinct texts (with their
    /// role) they are: each distinct text is matched once per search.
    pub fn text_counts(&self) -> (usize, usize) {
        let fields = self.entries.iter().map(|e| e.fields.len()).sum();
        (fields, self.fields.len())
    }

    /// How many entries the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entry(&self, hit: &Hit) -> &Entry {
        &self.entries[hit.entry]
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
            Some(report) => self
                .reports
                .iter()
                .find(|(index, _)| *index == report)
                .map(|(_, range)| range.clone())
                .unwrap_or_default(),
            None => 0..self.entries.len(),
        };
        let texts = self.match_texts(&self.texts_in(range.clone(), kind), &query);
        let matched = |range: Range<usize>| {
            self.entries[range.clone()]
                .iter()
                .zip(range)
                .filter(|(entry, _)| entry.is_of(kind))
                .filter_map(|(entry, index)| match_entry(index, entry, &texts))
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
        for entry in self.entries[range].iter().filter(|e| e.is_of(kind)) {
            for &id in &entry.fields {
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
        let id = self.entries[found.entry].fields[found.field] as usize;
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

/// Builds an index from entries report by report, holding each distinct (text, role)
/// once.
#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    reports: Vec<(usize, Range<usize>)>,
    ids: HashMap<(String, Role), u32>,
}

impl Builder {
    fn add(&mut self, parts: impl IntoIterator<Item = (usize, Vec<NewEntry>)>) {
        for (index, part) in parts {
            let start = self.entries.len();
            for new in part {
                let fields = new.fields.into_iter().map(|f| self.id(f)).collect();
                self.entries.push(Entry {
                    report: index,
                    item: new.item,
                    kind: new.kind,
                    title: new.title,
                    fields,
                });
            }
            self.reports.push((index, start..self.entries.len()));
        }
    }

    fn id(&mut self, field: (String, Role)) -> u32 {
        let next = field_id(self.ids.len());
        *self.ids.entry(field).or_insert(next)
    }

    fn finish(self) -> SearchIndex {
        let mut texts: Vec<(String, Role)> = vec![(String::new(), Role::Body); self.ids.len()];
        for (text, id) in self.ids {
            texts[id as usize] = text;
        }
        SearchIndex {
            entries: self.entries,
            fields: texts
                .into_iter()
                .map(|(text, role)| prepared(text, role))
                .collect(),
            reports: self.reports,
        }
    }
}

/// A field's place in an index's distinct fields: an index holds far fewer than 2³²
/// (a report has about a thousand), so a `u32` halves what each entry keeps per field.
fn field_id(place: usize) -> u32 {
    u32::try_from(place).unwrap_or(u32::MAX)
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
        for (i, entry) in index.entries.iter().enumerate() {
            if report.is_some_and(|r| r != entry.report) || kind.is_some_and(|k| k != entry.kind) {
                continue;
            }
            // The entry's own fields, numbered from 0: nothing of another entry is seen.
            let own: Vec<_> = entry
                .fields
                .iter()
                .map(|&id| match_field(&index.fields[id as usize], &query, &mut scratch))
                .collect();
            let ranked: Vec<_> = own.iter().map(|m| m.as_ref().map(|(m, _)| *m)).collect();
            let alone = Entry {
                report: entry.report,
                item: entry.item.clone(),
                kind: entry.kind,
                title: String::new(),
                fields: (0..own.len()).map(field_id).collect(),
            };
            if let Some(found) = match_entry(i, &alone, &ranked) {
                let id = entry.fields[found.field] as usize;
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
