//! How a distinct text matches a query (its tier: exact, prefix or fuzzy title, or
//! text) and how an entry ranks by its best field.

use std::cmp::Reverse;

use super::{Field, Query, Rank, Reach, Role, Scratch, SearchKind, TextMatch, Tier};

/// How a distinct text matched a query: the same for every entry that has it. Its
/// positions are not kept (a search makes one of these per distinct text, and most are
/// never shown): the few hits shown find them again.
#[derive(Clone, Copy)]
pub(super) struct FieldMatch {
    tier: Tier,
    contiguous: bool,
    score: u32,
}

/// The best field match of an entry, before it is turned into a [`Hit`](super::Hit).
pub(super) struct EntryMatch {
    pub(super) entry: usize,
    /// Which of the entry's fields.
    pub(super) field: usize,
    pub(super) tier: Tier,
    pub(super) contiguous: bool,
    /// A scattered match of a school's or partner's name: most often a shortened name,
    /// so it ranks first among scattered matches.
    shortened_name: bool,
    pub(super) score: u32,
}

impl EntryMatch {
    pub(super) fn rank(&self) -> Rank {
        Rank(
            Reverse(self.contiguous),
            Reverse(self.tier),
            Reverse(self.shortened_name),
            Reverse(self.score),
        )
    }
}

/// How one distinct text matches the query, if it does, and the matched positions.
pub(super) fn match_field(
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

/// The best field match of entry `index`, of `kind`, with `fields` (places of its texts'
/// matches in `texts`), and how it ranks.
pub(super) fn match_entry(
    index: usize,
    kind: SearchKind,
    fields: &[u32],
    texts: &[Option<FieldMatch>],
) -> Option<EntryMatch> {
    let mut best: Option<(usize, &FieldMatch)> = None;
    for (field_index, &id) in fields.iter().enumerate() {
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
        shortened_name: !found.contiguous && kind.is_name(),
        score: found.score + kind.preference(),
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
