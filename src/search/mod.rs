//! One search engine for every front end (the finder, `search`, `filter`): an index over a
//! dataset's sections, paragraphs, cases, figures, tables, footnotes, schools, partners and
//! indicators, built once, ranked the way a person expects.

mod filter;
mod matcher;
mod pinyin;

use std::cmp::Reverse;
use std::collections::HashMap;
use std::ops::Range;

pub use filter::filter;
pub use matcher::{MatchText, Query, Reach, Scratch, TextMatch};
pub use pinyin::romanize;

use crate::model::{ItemRef, Report};
use crate::text::char_width;

/// What kind of item a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchKind {
    Chapter,
    Section,
    Case,
    School,
    Indicator,
    Figure,
    Table,
    Footnote,
    Partner,
    Paragraph,
}

impl SearchKind {
    /// Schools, cases and indicators are what people look for; at equal match quality
    /// they come before structure, and structure before running text.
    fn preference(self) -> u32 {
        match self {
            SearchKind::School | SearchKind::Case | SearchKind::Indicator => 8,
            SearchKind::Chapter | SearchKind::Section => 6,
            SearchKind::Figure | SearchKind::Table | SearchKind::Partner => 4,
            SearchKind::Footnote => 2,
            SearchKind::Paragraph => 0,
        }
    }

    /// Items whose title is a proper name, the kind of title people shorten (平湖职专 for
    /// 平湖市职业中等专业学校).
    fn is_name(self) -> bool {
        matches!(self, SearchKind::School | SearchKind::Partner)
    }

    pub fn name(self) -> &'static str {
        match self {
            SearchKind::Chapter => "chapter",
            SearchKind::Section => "section",
            SearchKind::Case => "case",
            SearchKind::School => "school",
            SearchKind::Indicator => "indicator",
            SearchKind::Figure => "figure",
            SearchKind::Table => "table",
            SearchKind::Footnote => "footnote",
            SearchKind::Partner => "partner",
            SearchKind::Paragraph => "paragraph",
        }
    }
}

/// How a field of an entry counts: its title, another name for it, or its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Role {
    Body,
    Name,
    Title,
}

/// How well an entry matched, best last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Body,
    FuzzyTitle,
    PrefixTitle,
    ExactTitle,
}

/// A text to match, held once however many entries have it (with the same role).
#[derive(Clone)]
struct Field {
    text: String,
    matchable: MatchText,
    /// Lowercase, without whitespace: compared with the query for exact title matches.
    compact: String,
    role: Role,
}

/// One searchable item.
pub struct Entry {
    /// Index of the report in the dataset.
    pub report: usize,
    pub item: ItemRef,
    pub kind: SearchKind,
    pub title: String,
    /// Its fields: their places in the index's distinct fields.
    fields: Vec<u32>,
}

impl Entry {
    /// Whether the entry is of `kind` (any, for `None`).
    fn is_of(&self, kind: Option<SearchKind>) -> bool {
        kind.is_none_or(|k| self.kind == k)
    }
}

/// An entry as a report gives it, before its fields are shared with other entries'.
struct NewEntry {
    item: ItemRef,
    kind: SearchKind,
    title: String,
    fields: Vec<(String, Role)>,
}

/// How a hit ranks, best first (smallest): see [`SearchIndex::search_in`]. Hits of
/// separate indexes (one report each) merge by it, then by report and entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rank(Reverse<bool>, Reverse<Tier>, Reverse<bool>, Reverse<u32>);

/// A ranked hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rank: Rank,
    /// Index of the entry in the index.
    pub entry: usize,
    pub score: u32,
    pub tier: Tier,
    /// The match is a run of adjacent characters (per word of the query); at equal tier
    /// it ranks above a scattered one.
    pub contiguous: bool,
    /// Matched character positions in the entry's title, when the title matched.
    pub title_positions: Vec<usize>,
    /// A short excerpt around a match in the text, when the text matched.
    pub snippet: Option<Snippet>,
}

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

/// From this many entries or distinct texts (a few reports' worth) a search runs on
/// every core.
const PARALLEL_ENTRIES: usize = 20_000;

/// Reports indexed together before their texts are shared out: the index keeps only
/// distinct texts, and a batch bounds what is made before it is dropped as a duplicate.
const REPORTS_PER_BATCH: usize = 64;

/// The slices a parallel search is cut into: more than cores, so that a core that was
/// given quick slices takes more.
const SLICES: usize = 16;

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

/// How a distinct text matched a query: the same for every entry that has it. Its
/// positions are not kept (a search makes one of these per distinct text, and most are
/// never shown): the few hits shown find them again.
#[derive(Clone, Copy)]
struct FieldMatch {
    tier: Tier,
    contiguous: bool,
    score: u32,
}

/// The best field match of an entry, before it is turned into a [`Hit`].
struct EntryMatch {
    entry: usize,
    /// Which of the entry's fields.
    field: usize,
    tier: Tier,
    contiguous: bool,
    /// A scattered match of a school's or partner's name: most often a shortened name,
    /// so it ranks first among scattered matches.
    shortened_name: bool,
    score: u32,
}

impl EntryMatch {
    fn rank(&self) -> Rank {
        Rank(
            Reverse(self.contiguous),
            Reverse(self.tier),
            Reverse(self.shortened_name),
            Reverse(self.score),
        )
    }
}

/// How one distinct text matches the query, if it does, and the matched positions.
fn match_field(
    field: &Field,
    query: &Query,
    scratch: &mut Scratch,
) -> Option<(FieldMatch, Vec<usize>)> {
    let reach = match field.role {
        Role::Title => Reach::Title,
        Role::Name => Reach::Name,
        Role::Body => Reach::Text,
    };
    let found = query.match_reach(&field.matchable, reach, scratch)?;
    let matched = FieldMatch {
        tier: tier_of(field, &found, query),
        contiguous: found.contiguous,
        score: found.score,
    };
    Some((matched, found.positions))
}

/// The best field match of an entry (from its texts' matches), and how it ranks.
fn match_entry(index: usize, entry: &Entry, texts: &[Option<FieldMatch>]) -> Option<EntryMatch> {
    let mut best: Option<(usize, &FieldMatch)> = None;
    for (field_index, &id) in entry.fields.iter().enumerate() {
        let Some(found) = texts[id as usize].as_ref() else {
            continue;
        };
        // Ranked as entries are (see `SearchIndex::search_in`): a contiguous match in the
        // text over a scattered one in the title.
        let better = best.is_none_or(|(_, b)| {
            (found.contiguous, found.tier, found.score) > (b.contiguous, b.tier, b.score)
        });
        if better {
            best = Some((field_index, found));
        }
    }
    let (field, found) = best?;
    Some(EntryMatch {
        entry: index,
        field,
        tier: found.tier,
        contiguous: found.contiguous,
        shortened_name: !found.contiguous && entry.kind.is_name(),
        score: found.score + entry.kind.preference(),
    })
}

fn tier_of(field: &Field, found: &TextMatch, query: &Query) -> Tier {
    if field.role == Role::Body {
        return Tier::Body;
    }
    if field.compact == query.compact() {
        return Tier::ExactTitle;
    }
    let contiguous_from_start = found.positions.iter().enumerate().all(|(i, &p)| i == p);
    let covers_all = found.positions.len() == field.matchable.len();
    match (contiguous_from_start, covers_all) {
        (true, true) => Tier::ExactTitle,
        (true, false) => Tier::PrefixTitle,
        _ => Tier::FuzzyTitle,
    }
}

/// A snippet holds about this many characters around a match.
const SNIPPET_CHARS: usize = 40;

/// The text around the matched positions, centred on them (from the first when they
/// span more than a snippet), with ellipses where it was cut.
fn snippet(text: &str, positions: &[usize]) -> Snippet {
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

/// A field of an entry, if its text is not blank.
fn field(text: impl Into<String>, role: Role) -> Option<(String, Role)> {
    let text = text.into();
    (!text.trim().is_empty()).then_some((text, role))
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

/// What of a report an index holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    Everything,
    /// What is searched for across many reports, titles and names (a school, an
    /// indicator, a case by its title), without running text: the text's fields are most
    /// of an index's memory, and of the work of building it and of a keystroke.
    TitlesAndNames,
}

/// Finds glossary terms in a text, to add their English glosses so that English queries
/// find Chinese text.
struct Glosser<'r> {
    terms: Option<aho_corasick::AhoCorasick>,
    english: Vec<&'r str>,
}

impl<'r> Glosser<'r> {
    fn new(report: &'r Report) -> Self {
        // One-character terms (units such as 人, 所) would gloss nearly every text.
        let entries: Vec<_> = report
            .glossary
            .iter()
            .filter(|g| g.term.chars().count() >= 2)
            .collect();
        Glosser {
            terms: aho_corasick::AhoCorasick::new(entries.iter().map(|g| &g.term)).ok(),
            english: entries.iter().map(|g| g.english.as_str()).collect(),
        }
    }

    fn glosses(&self, text: &str) -> Option<(String, Role)> {
        let terms = self.terms.as_ref()?;
        let mut found: Vec<usize> = terms
            .find_overlapping_iter(text)
            .map(|m| m.pattern().as_usize())
            .collect();
        found.sort_unstable();
        found.dedup();
        let english: Vec<&str> = found.into_iter().map(|i| self.english[i]).collect();
        field(english.join("; "), Role::Body)
    }
}

fn entries_of(report: &Report, depth: Depth) -> Vec<NewEntry> {
    let s = &report.structure;
    let everything = depth == Depth::Everything;
    let field = |text: String, role: Role| {
        if everything || role != Role::Body {
            field(text, role)
        } else {
            None
        }
    };
    // Glosses are matched as text.
    let glosser = everything.then(|| Glosser::new(report));
    let glosses = |text: &str| glosser.as_ref()?.glosses(text);
    let mut entries = Vec::new();
    let mut push =
        |item: ItemRef, kind: SearchKind, title: String, extra: Vec<Option<(String, Role)>>| {
            let mut fields: Vec<_> = field(title.clone(), Role::Title).into_iter().collect();
            fields.extend(extra.into_iter().flatten());
            entries.push(NewEntry {
                item,
                kind,
                title,
                fields,
            });
        };
    for chapter in &s.chapters {
        push(
            ItemRef::Chapter(chapter.number),
            SearchKind::Chapter,
            chapter.title.clone(),
            vec![
                field(format!("{} {}", chapter.number, chapter.title), Role::Name),
                glosses(&chapter.title),
            ],
        );
    }
    for section in &s.sections {
        push(
            ItemRef::Section(section.number.clone()),
            SearchKind::Section,
            section.title.clone(),
            vec![
                field(format!("{} {}", section.number, section.title), Role::Name),
                glosses(&section.title),
            ],
        );
    }
    for school in &report.schools {
        let mut extra: Vec<Option<(String, Role)>> = school
            .aliases
            .iter()
            .map(|a| field(a.clone(), Role::Name))
            .collect();
        extra.push(field(school.name_en.clone(), Role::Name));
        extra.push(field(school.id.clone(), Role::Name));
        extra.push(field(
            format!("{} {}", school.district, school.kind),
            Role::Body,
        ));
        push(
            ItemRef::School(school.id.clone()),
            SearchKind::School,
            school.name.clone(),
            extra,
        );
    }
    for case in &s.cases {
        let body: Vec<&str> = case
            .paragraphs
            .iter()
            .map(|&p| s.paragraphs[p].text.as_str())
            .collect();
        let body = body.join("");
        push(
            ItemRef::Case(case.number.clone()),
            SearchKind::Case,
            case.title.clone(),
            vec![
                field(format!("案例{}", case.number), Role::Name),
                // English glosses of the terms in the title and the text: a case about
                // 双元制 is found by "dual system".
                glosses(&format!("{}{body}", case.title)),
                field(body, Role::Body),
            ],
        );
    }
    for indicator in &report.indicators {
        push(
            ItemRef::Indicator(indicator.id.clone()),
            SearchKind::Indicator,
            indicator.name.clone(),
            vec![
                field(indicator.name_en.clone(), Role::Name),
                field(indicator.id.replace('-', " "), Role::Name),
                field(indicator.value_text.clone(), Role::Name),
                field(indicator.source.clone(), Role::Body),
            ],
        );
    }
    for figure in &s.figures {
        push(
            ItemRef::Figure(figure.number.clone()),
            SearchKind::Figure,
            figure.caption.clone(),
            vec![
                field(format!("图{}", figure.number), Role::Name),
                glosses(&figure.caption),
            ],
        );
    }
    for table in &s.tables {
        let cells: Vec<String> = std::iter::once(&table.header)
            .chain(&table.rows)
            .map(|row| row.join(" "))
            .collect();
        push(
            ItemRef::Table(table.number.clone()),
            SearchKind::Table,
            table.title.clone(),
            vec![
                field(format!("表{}", table.number), Role::Name),
                field(cells.join(" / "), Role::Body),
                glosses(&table.title),
            ],
        );
    }
    for footnote in &s.footnotes {
        push(
            ItemRef::Footnote(footnote.number),
            SearchKind::Footnote,
            footnote.text.clone(),
            Vec::new(),
        );
    }
    for partner in &report.partners {
        let mut extra: Vec<Option<(String, Role)>> = partner
            .aliases
            .iter()
            .map(|a| field(a.clone(), Role::Name))
            .collect();
        extra.push(field(partner.name_en.clone(), Role::Name));
        push(
            ItemRef::Partner(partner.id.clone()),
            SearchKind::Partner,
            partner.name.clone(),
            extra,
        );
    }
    let paragraphs = s
        .paragraphs
        .iter()
        .filter(|p| everything && p.case.is_none());
    for paragraph in paragraphs {
        push(
            ItemRef::Paragraph(paragraph.index + 1),
            SearchKind::Paragraph,
            crate::text::excerpt(&paragraph.text, 30),
            vec![
                field(paragraph.text.clone(), Role::Body),
                glosses(&paragraph.text),
            ],
        );
    }
    // A paragraph's title is only its opening words: it must not rank as a title.
    for entry in entries
        .iter_mut()
        .filter(|e| e.kind == SearchKind::Paragraph)
    {
        entry.fields.retain(|(_, role)| *role != Role::Title);
    }
    if !everything {
        entries.retain(|e| !e.fields.is_empty());
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::display_width;

    fn marked(snippet: &Snippet) -> String {
        let chars: Vec<char> = snippet.text.chars().collect();
        snippet.positions.iter().map(|&p| chars[p]).collect()
    }

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
