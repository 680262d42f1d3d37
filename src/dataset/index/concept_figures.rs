//! The figures a report maps to a concept, kept whole in the index so that `compare`
//! answers without loading a report: what the `figures` table does not hold of such an
//! indicator (its English name, its value exactly, its printed forms, scope, series,
//! formula and raw place) in `concept_figures`, with its concept and its `figures` row
//! (indexed by concept, so that one concept's figures are read in one range, and the
//! reports mapping each concept counted without reading `figures`); joined with that row
//! and its sentence, they are the indicators `compare::comparable` keeps of a report.

use std::collections::HashMap;

use rusqlite::{Row, Transaction, params};

use super::read::parsed;
use super::{Failed, Indexed};
use crate::model::{Indicator, Location, Qualifier, Report, Scope};

/// Writes what `figures` lacks of each of the report's concept-mapped indicators, under
/// the same position (its place among the report's indicators) as its `figures` row.
pub fn write(transaction: &Transaction, row: i64, report: &Report) -> rusqlite::Result<()> {
    let mut statement = transaction.prepare(
        "INSERT INTO concept_figures (report, position, concept, name_en, value_text,
             value_bits, value_written, scope, series, formula, chapter, section)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mapped = report.indicators.iter().enumerate();
    for (position, i) in mapped.filter(|(_, i)| i.concept.is_some()) {
        statement.execute(params![
            row,
            position as i64,
            i.concept,
            i.name_en,
            i.value_text,
            // The bits, not a REAL: SQLite stores a REAL without a fraction as an
            // integer, and -0.0 would come back as 0.0.
            i.value.to_bits() as i64,
            i.value_written,
            i.scope.to_string(),
            i.series,
            i.formula,
            i.location.chapter,
            i.location.section,
        ])?;
    }
    Ok(())
}

/// Every figure mapped to a concept, with its report's row, by report and position (the
/// order of the index on concept: no sorting).
const SELECT: &str = "
    SELECT c.report, f.indicator, f.name, c.name_en, c.value_text, c.value_bits,
        c.value_written, f.qualifier, f.unit, f.period, c.scope, c.series, c.formula,
        c.chapter, c.section, f.page, s.text, f.verified, c.concept
    FROM concept_figures c
    JOIN figures f ON f.report = c.report AND f.position = c.position
    JOIN sentences s ON s.report = c.report AND s.sentence = f.sentence
    WHERE c.concept = ?1
    ORDER BY c.concept, c.report, c.position";

impl Indexed {
    /// What `compare::comparable` keeps of each report among `among` (places in
    /// [`Indexed::reports`]) that maps `concept`, its figures of that concept only, in
    /// the order of `among`; reports that map it not are left out (they give no row).
    pub fn comparable(&self, among: &[usize], concept: &str) -> Result<Vec<Report>, String> {
        self.read_comparable(among, concept)
            .map_err(|error| error.to_string())
    }

    fn read_comparable(&self, among: &[usize], concept: &str) -> Result<Vec<Report>, Failed> {
        let places = self.places_by_row(among);
        let mut found: Vec<Option<Vec<Indicator>>> = vec![None; among.len()];
        let mut statement = self.connection.prepare(SELECT)?;
        let mut rows = statement.query([concept])?;
        while let Some(row) = rows.next()? {
            if let Some(&k) = places.get(&row.get::<_, i64>(0)?) {
                found[k].get_or_insert_with(Vec::new).push(indicator(row)?);
            }
        }
        Ok(among
            .iter()
            .zip(found)
            .filter_map(|(&place, indicators)| {
                let meta = self.reports[place].meta.as_ref().ok()?.clone();
                Some(Report {
                    meta,
                    indicators: indicators?,
                    ..Report::default()
                })
            })
            .collect())
    }

    /// For each concept, how many of the reports among `among` map a figure to it.
    pub fn concept_counts(&self, among: &[usize]) -> Result<HashMap<String, usize>, String> {
        self.count_concepts(among)
            .map_err(|error| error.to_string())
    }

    fn count_concepts(&self, among: &[usize]) -> rusqlite::Result<HashMap<String, usize>> {
        let places = self.places_by_row(among);
        let mut statement = self
            .connection
            .prepare("SELECT concept, report FROM concept_figures GROUP BY concept, report")?;
        let mut rows = statement.query([])?;
        let mut counts: HashMap<String, usize> = HashMap::new();
        while let Some(row) = rows.next()? {
            if places.contains_key(&row.get::<_, i64>(1)?) {
                *counts.entry(row.get(0)?).or_default() += 1;
            }
        }
        Ok(counts)
    }

    /// The reports among `among` by their rows in the index, each with its place in
    /// `among`.
    fn places_by_row(&self, among: &[usize]) -> HashMap<i64, usize> {
        among
            .iter()
            .enumerate()
            .filter_map(|(k, &place)| Some((self.reports.get(place)?.row, k)))
            .collect()
    }
}

/// The indicator a row of [`SELECT`] holds, as the report's files give it.
fn indicator(row: &Row) -> Result<Indicator, Failed> {
    let text = |column: &str| row.get::<_, String>(column);
    let scope = parsed(row, 10, "scope", parse_scope)?
        .ok_or_else(|| Failed::Other("a figure without its scope".into()))?;
    Ok(Indicator {
        id: text("indicator")?,
        name: text("name")?,
        name_en: text("name_en")?,
        value_text: text("value_text")?,
        value: f64::from_bits(row.get::<_, i64>("value_bits")? as u64),
        value_written: text("value_written")?,
        qualifier: parsed(row, 7, "qualifier", Qualifier::parse)?,
        unit: text("unit")?,
        period: text("period")?,
        scope,
        series: text("series")?,
        formula: text("formula")?,
        location: Location {
            chapter: row.get("chapter")?,
            section: row.get("section")?,
        },
        page: row.get("page")?,
        source: text("text")?,
        verified: row.get("verified")?,
        concept: row.get("concept")?,
    })
}

/// A scope as its `Display` writes it (`city`, `school:<id>`, `partner:<id>`).
fn parse_scope(text: &str) -> Option<Scope> {
    if text == "city" {
        return Some(Scope::City);
    }
    if let Some(id) = text.strip_prefix("school:") {
        return Some(Scope::School(id.to_string()));
    }
    text.strip_prefix("partner:")
        .map(|id| Scope::Partner(id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_back_as_written() {
        for scope in [
            Scope::City,
            Scope::School("city".into()),
            Scope::School("partner:x".into()),
            Scope::Partner("school:y".into()),
        ] {
            assert_eq!(parse_scope(&scope.to_string()), Some(scope));
        }
        assert_eq!(parse_scope("county"), None);
    }
}
