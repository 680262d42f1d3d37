//! A report's contents in the index: its named items with their titles (the text that
//! search matches; its pinyin keys are left to the search layer, which makes them from
//! the text), the keys `show` finds them by, and its indicators as printed figures.

use rusqlite::{Connection, Transaction, params};

use crate::model::{ItemRef, Report};

pub fn write_items(transaction: &Transaction, row: i64, report: &Report) -> rusqlite::Result<()> {
    let mut item = transaction.prepare(
        "INSERT INTO items (report, position, id, kind, title) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut key = transaction
        .prepare("INSERT INTO item_keys (report, key, item, position) VALUES (?1, ?2, ?3, ?4)")?;
    for (position, (reference, title)) in report.named_items().into_iter().enumerate() {
        let id = reference.to_string();
        let kind = id.split_once(':').map_or(id.as_str(), |(kind, _)| kind);
        item.execute(params![row, position as i64, id, kind, title])?;
        for alias in aliases(report, &reference) {
            key.execute(params![row, alias, id, position as i64])?;
        }
    }
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

/// The report's indicators as figures; their source sentences, which several figures
/// often share, each kept once in `sentences`.
pub fn write_figures(transaction: &Transaction, row: i64, report: &Report) -> rusqlite::Result<()> {
    let mut figure = transaction.prepare(
        "INSERT INTO figures (report, position, indicator, name, concept, value, qualifier, unit,
             period, section, page, sentence, verified)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut sentence = transaction
        .prepare("INSERT INTO sentences (report, sentence, text) VALUES (?1, ?2, ?3)")?;
    let mut numbered: std::collections::HashMap<&str, i64> = Default::default();
    for (position, i) in report.indicators.iter().enumerate() {
        let next = numbered.len() as i64;
        let number = *numbered.entry(i.source.as_str()).or_insert(next);
        if number == next {
            sentence.execute(params![row, number, i.source])?;
        }
        figure.execute(params![
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

/// The reports (their rows) holding an item under `key`, each with the id it resolves
/// to there (the first item of the report that has the key, as `Report::resolve` finds).
pub fn holders(connection: &Connection, key: &str) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut statement = connection
        .prepare("SELECT report, item FROM item_keys WHERE key = ?1 ORDER BY report, position")?;
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
    let mut statement = connection.prepare("SELECT id FROM items WHERE report = ?1")?;
    let mut ids = Vec::new();
    for &report in reports {
        for id in statement.query_map([report], |row| row.get(0))? {
            ids.push(id?);
        }
    }
    Ok(ids)
}
