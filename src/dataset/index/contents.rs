//! A report's contents in the index: its named items with their titles (the text that
//! search matches; its pinyin keys are left to the search layer, which makes them from
//! the text), the keys `show` finds them by, and its indicators as printed figures.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Statement, Transaction, params};

use crate::model::{ItemRef, Report};

/// Writes reports' contents within one transaction (a batch of reports): its statements
/// prepared once, and the numbers of the texts (item ids and keys) in `key_texts` it has
/// seen. Most texts recur in report after report (`case:7`, an indicator's id), and a
/// number takes a byte or two where the text took thirty in every row of `items` and
/// `item_keys`, and again in the index of keys. The numbers are good for the one
/// transaction only: between two, another process may drop a text that no row refers
/// to any more ([`drop_unused_texts`]).
pub struct Writer<'t> {
    connection: &'t Connection,
    find_text: Statement<'t>,
    add_text: Statement<'t>,
    item: Statement<'t>,
    key: Statement<'t>,
    figure: Statement<'t>,
    sentence: Statement<'t>,
    texts: HashMap<String, i64>,
}

impl<'t> Writer<'t> {
    pub fn new(transaction: &'t Transaction) -> rusqlite::Result<Writer<'t>> {
        let connection: &'t Connection = transaction;
        Ok(Writer {
            connection,
            find_text: connection.prepare("SELECT key FROM key_texts WHERE text = ?1")?,
            add_text: connection.prepare("INSERT INTO key_texts (text) VALUES (?1)")?,
            item: connection.prepare(
                "INSERT INTO items (report, position, id, title) VALUES (?1, ?2, ?3, ?4)",
            )?,
            // A name may also be one of its aliases: the key is kept once.
            key: connection.prepare(
                "INSERT OR IGNORE INTO item_keys (report, position, key) VALUES (?1, ?2, ?3)",
            )?,
            figure: connection.prepare(
                "INSERT INTO figures (report, position, indicator, name, concept, value,
                     qualifier, unit, period, section, page, sentence, verified)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?,
            sentence: connection
                .prepare("INSERT INTO sentences (report, sentence, text) VALUES (?1, ?2, ?3)")?,
            texts: HashMap::new(),
        })
    }

    /// The number of a text in `key_texts`, added when it is not there.
    fn number(&mut self, text: &str) -> rusqlite::Result<i64> {
        if let Some(&number) = self.texts.get(text) {
            return Ok(number);
        }
        let found: Option<i64> = self
            .find_text
            .query_row([text], |row| row.get(0))
            .optional()?;
        let number = match found {
            Some(number) => number,
            None => {
                self.add_text.execute([text])?;
                self.connection.last_insert_rowid()
            }
        };
        self.texts.insert(text.to_owned(), number);
        Ok(number)
    }

    /// The report's named items, and the keys `show` finds each by.
    pub fn items(&mut self, row: i64, report: &Report) -> rusqlite::Result<()> {
        for (position, (reference, title)) in report.named_items().into_iter().enumerate() {
            let id = self.number(&reference.to_string())?;
            self.item
                .execute(params![row, position as i64, id, title])?;
            for alias in aliases(report, &reference) {
                let key = self.number(&alias)?;
                self.key.execute(params![row, position as i64, key])?;
            }
        }
        Ok(())
    }

    /// The report's indicators as figures; their source sentences, which several
    /// figures often share, each kept once in `sentences`.
    pub fn figures(&mut self, row: i64, report: &Report) -> rusqlite::Result<()> {
        let mut numbered: HashMap<&str, i64> = HashMap::new();
        for (position, i) in report.indicators.iter().enumerate() {
            let next = numbered.len() as i64;
            let number = *numbered.entry(i.source.as_str()).or_insert(next);
            if number == next {
                self.sentence.execute(params![row, number, i.source])?;
            }
            self.figure.execute(params![
                row,
                position as i64,
                i.id,
                i.name,
                i.concept,
                i.display_value(),
                i.qualifier.map(|q| q.name()),
                i.unit,
                i.period,
                report.place_name(&i.location),
                i.page,
                number,
                i.verified,
            ])?;
        }
        Ok(())
    }
}

/// Drops the texts no row refers to any more (those of reports read again or gone).
pub fn drop_unused_texts(transaction: &Transaction) -> rusqlite::Result<()> {
    transaction.execute(
        "DELETE FROM key_texts
         WHERE NOT EXISTS (SELECT 1 FROM item_keys WHERE item_keys.key = key_texts.key)",
        [],
    )?;
    Ok(())
}

/// Every key `show` resolves to the item (see `Report::resolve`): its id, and for a
/// school or partner its name and aliases too.
fn aliases(report: &Report, item: &ItemRef) -> Vec<String> {
    let mut keys = vec![item.to_string()];
    let named = |kind: &str, name: &str, aliases: &[String]| {
        std::iter::once(name)
            .chain(aliases.iter().map(String::as_str))
            .map(|key| format!("{kind}:{key}"))
            .collect::<Vec<_>>()
    };
    match item {
        ItemRef::School(id) => {
            if let Some(s) = report.school(id) {
                keys.extend(named("school", &s.name, &s.aliases));
            }
        }
        ItemRef::Partner(id) => {
            if let Some(p) = report.partner(id) {
                keys.extend(named("partner", &p.name, &p.aliases));
            }
        }
        _ => {}
    }
    keys
}

/// The reports (their rows) holding an item under `key`, each with the id it resolves
/// to there (the first item of the report that has the key, as `Report::resolve` finds).
pub fn holders(connection: &Connection, key: &str) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut statement = connection.prepare(
        "SELECT item_keys.report, key_texts.text
         FROM item_keys JOIN items USING (report, position) JOIN key_texts ON key_texts.key = items.id
         WHERE item_keys.key = (SELECT key FROM key_texts WHERE text = ?1)
         ORDER BY item_keys.report, item_keys.position",
    )?;
    let rows = statement.query_map([key], |row| Ok((row.get(0)?, row.get(1)?)))?;
    let mut found: Vec<(i64, String)> = Vec::new();
    for row in rows {
        let (report, item) = row?;
        if found.last().is_none_or(|(last, _)| *last != report) {
            found.push((report, item));
        }
    }
    Ok(found)
}

/// Every named item's id in the reports (rows) given, for "did you mean".
pub fn item_ids(connection: &Connection, reports: &[i64]) -> rusqlite::Result<Vec<String>> {
    let mut statement = connection.prepare(
        "SELECT key_texts.text FROM items JOIN key_texts ON key_texts.key = items.id
         WHERE items.report = ?1 ORDER BY items.position",
    )?;
    let mut ids = Vec::new();
    for &report in reports {
        for id in statement.query_map([report], |row| row.get(0))? {
            ids.push(id?);
        }
    }
    Ok(ids)
}
