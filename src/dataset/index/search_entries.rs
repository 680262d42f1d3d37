//! Every report's titles and names as the finder searches them across reports
//! (`search::titles_and_names`), kept in the index so that the explorer's Ctrl-R builds
//! its search index from rows instead of loading every report. Each distinct text is
//! kept once for the whole collection (`search_texts`: reports of one genre repeat their
//! titles and names) and each report's entries name them by number, packed in one blob
//! (`search_entries`), so reading them back compares no text. The pinyin a search
//! matches is read from the search layer's table at each keystroke, not made per text,
//! so there are no pinyin keys to keep.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Statement, Transaction, params};

use super::Indexed;
use super::stored::directory_name;
use crate::dataset::Catalog;
use crate::model::{ItemRef, Report};
use crate::search::{Role, SearchIndex, SearchKind, StoredEntry, titles_and_names};

/// What a text is kept as: a field's role, or an item's id (`school:x`, not searched).
const BODY: i64 = 0;
const NAME: i64 = 1;
const TITLE: i64 = 2;
const ITEM: i64 = 3;

fn role_code(role: Role) -> i64 {
    match role {
        Role::Body => BODY,
        Role::Name => NAME,
        Role::Title => TITLE,
    }
}

fn kind_code(kind: SearchKind) -> u8 {
    let kinds = <SearchKind as clap::ValueEnum>::value_variants();
    kinds.iter().position(|k| *k == kind).unwrap_or(0) as u8
}

fn kind_of(code: u8) -> Option<SearchKind> {
    <SearchKind as clap::ValueEnum>::value_variants()
        .get(usize::from(code))
        .copied()
}

/// Texts numbered as they are written: each looked up (or added) once per report.
struct Numbering<'t> {
    find: Statement<'t>,
    add: Statement<'t>,
    known: HashMap<(String, i64), u32>,
}

impl<'t> Numbering<'t> {
    fn new(transaction: &'t Transaction) -> rusqlite::Result<Numbering<'t>> {
        Ok(Numbering {
            find: transaction
                .prepare("SELECT text FROM search_texts WHERE content = ?1 AND role = ?2")?,
            add: transaction.prepare("INSERT INTO search_texts (content, role) VALUES (?1, ?2)")?,
            known: HashMap::new(),
        })
    }

    fn number(&mut self, text: &str, role: i64) -> rusqlite::Result<u32> {
        if let Some(&id) = self.known.get(&(text.to_string(), role)) {
            return Ok(id);
        }
        let found: Option<i64> = self
            .find
            .query_row(params![text, role], |row| row.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => self.add.insert(params![text, role])?,
        };
        let id = u32::try_from(id).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, id))?;
        self.known.insert((text.to_string(), role), id);
        Ok(id)
    }
}

/// Writes a report's titles and names (its row in `reports` is `row`).
pub fn write(transaction: &Transaction, row: i64, report: &Report) -> rusqlite::Result<()> {
    let mut numbering = Numbering::new(transaction)?;
    let mut blob = Vec::new();
    for entry in titles_and_names(report) {
        blob.push(kind_code(entry.kind));
        put(&mut blob, numbering.number(&entry.item.to_string(), ITEM)?);
        put(&mut blob, numbering.number(&entry.title, TITLE)?);
        put(&mut blob, entry.fields.len() as u32);
        for (text, role) in &entry.fields {
            put(&mut blob, numbering.number(text, role_code(*role))?);
        }
    }
    transaction.execute(
        "INSERT INTO search_entries (report, titles) VALUES (?1, ?2)",
        params![row, blob],
    )?;
    Ok(())
}

fn put(blob: &mut Vec<u8>, value: u32) {
    blob.extend_from_slice(&value.to_le_bytes());
}

/// Drops the texts no report's entries name any more (after reports were written or
/// removed), in a transaction of its own: another writer adds a report's texts and its
/// entries in one transaction, so none is half written while this reads every blob.
pub fn drop_unused(connection: &mut Connection) -> rusqlite::Result<()> {
    let transaction =
        connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut used = std::collections::HashSet::new();
    {
        let mut blobs = transaction.prepare("SELECT titles FROM search_entries")?;
        let mut rows = blobs.query([])?;
        while let Some(row) = rows.next()? {
            let blob = row.get_ref(0)?.as_blob()?;
            used.extend(numbers(blob));
        }
    }
    let stored: Vec<u32> = transaction
        .prepare("SELECT text FROM search_texts")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    {
        let mut delete = transaction.prepare("DELETE FROM search_texts WHERE text = ?1")?;
        for id in stored.into_iter().filter(|id| !used.contains(id)) {
            delete.execute([id])?;
        }
    }
    transaction.commit()
}

/// Every number a blob holds (kinds and counts aside), for [`drop_unused`]; a blob cut
/// short gives what it holds whole.
fn numbers(blob: &[u8]) -> Vec<u32> {
    let mut reader = Reader { blob, at: 0 };
    let mut found = Vec::new();
    while let Some(entry) = reader.entry() {
        found.push(entry.item);
        found.push(entry.title);
        found.extend(entry.fields);
    }
    found
}

/// One entry as a blob holds it.
struct Packed {
    kind: u8,
    item: u32,
    title: u32,
    fields: Vec<u32>,
}

struct Reader<'b> {
    blob: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    /// The next entry, if the blob holds it whole; else `None`, and the entry's bytes
    /// are left unread (so [`Reader::done`] says the blob was not read to its end).
    fn entry(&mut self) -> Option<Packed> {
        let start = self.at;
        let entry = self.whole_entry();
        if entry.is_none() {
            self.at = start;
        }
        entry
    }

    fn whole_entry(&mut self) -> Option<Packed> {
        let kind = *self.blob.get(self.at)?;
        self.at += 1;
        let (item, title, count) = (self.number()?, self.number()?, self.number()?);
        if count as usize > (self.blob.len() - self.at) / 4 {
            return None;
        }
        let fields = (0..count).map_while(|_| self.number()).collect();
        Some(Packed {
            kind,
            item,
            title,
            fields,
        })
    }

    fn number(&mut self) -> Option<u32> {
        let bytes = self.blob.get(self.at..self.at + 4)?;
        self.at += 4;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }

    fn done(&self) -> bool {
        self.at == self.blob.len()
    }
}

/// The collection's texts: titles' and fields' in `fields`, items' parsed in `items`, in
/// the order of [`SearchIndex::from_stored`]'s places.
struct Texts {
    fields: Vec<(String, Role)>,
    items: Vec<ItemRef>,
    numbers: Numbers,
}

/// What a text's number in the index stands for.
struct Numbers {
    /// A title's or field's place in [`Texts::fields`].
    places: HashMap<u32, u32>,
    /// An item's place in [`Texts::items`].
    items: HashMap<u32, u32>,
}

fn texts(connection: &Connection) -> Result<Texts, String> {
    let mut statement = connection
        .prepare("SELECT text, role, content FROM search_texts")
        .map_err(|e| e.to_string())?;
    let mut rows = statement.query([]).map_err(|e| e.to_string())?;
    let mut texts = Texts {
        fields: Vec::new(),
        items: Vec::new(),
        numbers: Numbers {
            places: HashMap::new(),
            items: HashMap::new(),
        },
    };
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        let read = |row: &rusqlite::Row| -> rusqlite::Result<(u32, i64, String)> {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        };
        let (id, role, content) = read(row).map_err(|e| e.to_string())?;
        let role = match role {
            BODY => Role::Body,
            NAME => Role::Name,
            TITLE => Role::Title,
            ITEM => {
                let item = ItemRef::parse(&content).ok_or("an item id is unreadable")?;
                texts.numbers.items.insert(id, texts.items.len() as u32);
                texts.items.push(item);
                continue;
            }
            _ => return Err(format!("a text of role {role}")),
        };
        texts.numbers.places.insert(id, texts.fields.len() as u32);
        texts.fields.push((content, role));
    }
    Ok(texts)
}

impl Indexed {
    /// Whether the collection has an index that this version of nianbao reads as it is,
    /// so that opening it reads again only the reports changed since (an index of
    /// another version is made anew, every report read into it): the explorer takes its
    /// titles from the index only then.
    pub fn is_current(collection: &Path) -> bool {
        let Some(path) = super::location(collection).filter(|path| path.is_file()) else {
            return false;
        };
        super::store::connect(&path)
            .is_ok_and(|c| matches!(super::store::state(&c, &path), super::store::State::Good))
    }

    /// The index of every report's titles and names that
    /// [`SearchIndex::titles_of_each`] makes of the catalog's reports (those that load),
    /// from the index's rows. The catalog is of this collection, read before or after the
    /// index was brought up to date: a report is found by its directory, and one whose id
    /// changed is left out, as loading it from the catalog fails.
    pub fn search_titles(&self, catalog: &Catalog) -> Result<SearchIndex, String> {
        let texts = texts(&self.connection)?;
        let rows: HashMap<Vec<u8>, (i64, &str)> = self
            .reports
            .iter()
            .filter(|r| r.loaded.is_ok())
            .filter_map(|r| {
                let id = r.meta.as_ref().ok()?.id.as_str();
                Some((directory_name(&r.directory), (r.row, id)))
            })
            .collect();
        let mut statement = self
            .connection
            .prepare("SELECT titles FROM search_entries WHERE report = ?1")
            .map_err(|e| e.to_string())?;
        // Each report's entries made as the index takes them: they are not all held twice.
        let mut failed = None;
        let parts = (0..catalog.len()).filter_map(|index| {
            let (directory, meta) = (catalog.directory(index)?, catalog.meta(index)?);
            let &(row, id) = rows.get(&directory_name(directory))?;
            if id != meta.id {
                return None;
            }
            let read = statement
                .query_row([row], |row| row.get::<_, Vec<u8>>(0))
                .map_err(|e| e.to_string())
                .and_then(|blob| entries(&blob, &texts.numbers));
            match read {
                Ok(entries) => Some((index, entries)),
                Err(why) => {
                    failed.get_or_insert(why);
                    None
                }
            }
        });
        let index = SearchIndex::from_stored(texts.fields, texts.items, parts);
        match (failed, index) {
            (Some(why), _) => Err(why),
            (None, Some(index)) => Ok(index),
            (None, None) => Err("a report's titles name a text not kept".to_string()),
        }
    }
}

/// A report's entries from its blob, their texts found in `texts`.
fn entries(blob: &[u8], numbers: &Numbers) -> Result<Vec<StoredEntry>, String> {
    let unreadable = || "a report's titles are unreadable".to_string();
    let mut reader = Reader { blob, at: 0 };
    let mut entries = Vec::new();
    while let Some(packed) = reader.entry() {
        let place = |id: u32| numbers.places.get(&id).copied().ok_or_else(unreadable);
        entries.push(StoredEntry {
            item: numbers
                .items
                .get(&packed.item)
                .copied()
                .ok_or_else(unreadable)?,
            kind: kind_of(packed.kind).ok_or_else(unreadable)?,
            title: place(packed.title)?,
            fields: packed
                .fields
                .into_iter()
                .map(place)
                .collect::<Result<_, _>>()?,
        });
    }
    if !reader.done() {
        return Err(unreadable());
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_cut_short_or_naming_texts_not_kept_is_refused() {
        let kept = Numbers {
            places: HashMap::from([(7, 0)]),
            items: HashMap::from([(9, 3)]),
        };
        // A chapter: item 9, title 7, one field, 7.
        let mut blob = vec![kind_code(SearchKind::Chapter)];
        for number in [9, 7, 1, 7] {
            put(&mut blob, number);
        }
        let read = entries(&blob, &kept).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!((read[0].kind, read[0].title), (SearchKind::Chapter, 0));
        assert_eq!((read[0].item, read[0].fields.as_slice()), (3, &[0][..]));
        assert_eq!(numbers(&blob), [9, 7, 7]);
        for cut in 1..blob.len() {
            assert!(entries(&blob[..cut], &kept).is_err(), "cut at {cut}");
        }
        let mut unknown_title = blob.clone();
        unknown_title[5] = 8;
        assert!(entries(&unknown_title, &kept).is_err());
        let mut too_many_fields = blob.clone();
        too_many_fields[9] = 200;
        assert!(entries(&too_many_fields, &kept).is_err());
        let mut no_kind = blob;
        no_kind[0] = 200;
        assert!(entries(&no_kind, &kept).is_err());
        for &kind in <SearchKind as clap::ValueEnum>::value_variants() {
            assert_eq!(kind_of(kind_code(kind)), Some(kind));
        }
    }
}
