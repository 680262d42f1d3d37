//! How the search index keeps its entries small: each entry four numbers (its item, its
//! title and where its fields start, as places in tables of distinct values the whole
//! index shares) and its kind, so that the millions of entries of every report's titles
//! take a few tens of bytes each; an entry's item and title are made whole only for the
//! hits shown.

use std::collections::HashMap;
use std::hash::Hash;

use super::SearchKind;

/// One searchable item as the index keeps it: 16 bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Packed {
    /// Its item's place in the index's distinct items.
    pub(super) item: u32,
    /// Its title's place in the index's distinct titles.
    pub(super) title: u32,
    /// Where its fields start in the index's field places: they end where the next
    /// entry's start.
    pub(super) fields: u32,
    pub(super) kind: SearchKind,
}

impl Packed {
    /// Whether the entry is of `kind` (any, for `None`).
    pub(super) fn is_of(&self, kind: Option<SearchKind>) -> bool {
        kind.is_none_or(|k| self.kind == k)
    }
}

/// A place among an index's distinct values or entries' fields: an index holds far fewer
/// than 2³² (a report has about a thousand entries), so a `u32` halves what an entry
/// keeps. A place past that saturates, and what is looked up there is not found.
pub(super) fn place(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Distinct values, each numbered by its first appearance.
pub(super) struct Distinct<K> {
    ids: HashMap<K, u32>,
}

impl<K> Default for Distinct<K> {
    fn default() -> Self {
        Distinct {
            ids: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq> Distinct<K> {
    pub(super) fn id(&mut self, key: K) -> u32 {
        let next = place(self.ids.len());
        *self.ids.entry(key).or_insert(next)
    }

    /// The values in the order of their numbers.
    pub(super) fn into_vec(self) -> Vec<K> {
        let mut values: Vec<Option<K>> = std::iter::repeat_with(|| None)
            .take(self.ids.len())
            .collect();
        for (key, id) in self.ids {
            if let Some(slot) = values.get_mut(id as usize) {
                *slot = Some(key);
            }
        }
        values.into_iter().flatten().collect()
    }
}

/// The values of a store's table that entries use, renumbered in the order first used,
/// so that a value no entry uses is left out and nothing is compared.
pub(super) struct Used {
    place: Vec<u32>,
    used: Vec<usize>,
}

impl Used {
    const UNUSED: u32 = u32::MAX;

    pub(super) fn of(table_len: usize) -> Used {
        Used {
            place: vec![Used::UNUSED; table_len],
            used: Vec::new(),
        }
    }

    /// The new place of the value at `id` in the table, `None` past its end.
    pub(super) fn place(&mut self, id: u32) -> Option<u32> {
        let slot = self.place.get_mut(id as usize)?;
        if *slot == Used::UNUSED {
            *slot = place(self.used.len());
            self.used.push(id as usize);
        }
        Some(*slot)
    }

    /// The table's used values, in their new places; `take` moves one out of the table.
    pub(super) fn collect<T, U>(self, table: &mut [T], take: impl Fn(&mut T) -> U) -> Vec<U> {
        self.used
            .into_iter()
            .map(|id| take(&mut table[id]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_sixteen_bytes() {
        // Was 96 bytes (a report number, an item holding a String, a title String and
        // a Vec of field places), before the heap they point at.
        assert_eq!(std::mem::size_of::<Packed>(), 16);
    }

    #[test]
    fn distinct_values_are_numbered_once_in_order_of_first_appearance() {
        let mut distinct = Distinct::default();
        let ids: Vec<u32> = ["b", "a", "b", "c", "a"]
            .into_iter()
            .map(|k| distinct.id(k))
            .collect();
        assert_eq!(ids, [0, 1, 0, 2, 1]);
        assert_eq!(distinct.into_vec(), ["b", "a", "c"]);
    }

    #[test]
    fn used_values_are_renumbered_and_the_rest_left_out() {
        let mut table = vec!["x", "y", "z", "w"];
        let mut used = Used::of(table.len());
        let places: Vec<_> = [2, 0, 2, 9].into_iter().map(|id| used.place(id)).collect();
        assert_eq!(places, [Some(0), Some(1), Some(0), None]);
        assert_eq!(used.collect(&mut table, |t| *t), ["z", "x"]);
    }
}
