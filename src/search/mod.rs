//! One search engine for every front end (the finder, `search`, `filter`): an index over a
//! dataset's sections, paragraphs, cases, figures, tables, footnotes, schools, partners and
//! indicators, built once, ranked the way a person expects.

mod compact;
mod entries;
mod filter;
mod index;
mod matcher;
mod pinyin;
mod rank;
mod snippet;

use std::cmp::Reverse;

pub use entries::titles_and_names;
pub use filter::{
    MAX_INPUT_BYTES as FILTER_MAX_INPUT_BYTES, MAX_LINE_BYTES as FILTER_MAX_LINE_BYTES, filter,
};
pub use index::{SearchIndex, StoredEntry};
pub use matcher::{MatchText, Query, Reach, Scratch, TextMatch};
pub use pinyin::romanize;
pub use snippet::Snippet;

use crate::model::ItemRef;

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
pub enum Role {
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

/// One searchable item, made whole for a hit ([`SearchIndex::entry`]): the index keeps
/// it as a few numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Index of the report in the dataset.
    pub report: usize,
    pub item: ItemRef,
    pub kind: SearchKind,
    pub title: String,
}

/// An entry as a report gives it, before its fields are shared with other entries'
/// (what a store of entries keeps, see [`titles_and_names`]).
pub struct NewEntry {
    pub item: ItemRef,
    pub kind: SearchKind,
    pub title: String,
    pub fields: Vec<(String, Role)>,
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
