//! Figures as a SQLite database: a `reports` table (one row per report exported) and a
//! `figures` table (one row per figure), in the schema docs/dataset.md shows ([`SCHEMA`],
//! held to the doc by a test). Written into a new file in one transaction, without a
//! journal: the file is a temporary one that is renamed into place only when whole.

use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::{ToSql, ToSqlOutput, Value};

use super::{COLUMNS, Cell, Figure, FiguresError, Sink};
use crate::model::ReportMeta;

/// The tables and index, as docs/dataset.md ("Figures for analysts") prints them.
pub const SCHEMA: &str = "\
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    region TEXT NOT NULL,
    region_en TEXT NOT NULL,
    level TEXT,
    school_year TEXT NOT NULL,
    calendar_year TEXT NOT NULL,
    publisher TEXT NOT NULL
);
CREATE TABLE figures (
    report TEXT NOT NULL REFERENCES reports (id),
    region TEXT NOT NULL,
    level TEXT,
    year TEXT NOT NULL,
    period TEXT NOT NULL,
    concept TEXT,
    indicator TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    number REAL,
    qualifier TEXT,
    unit TEXT NOT NULL,
    printed TEXT NOT NULL,
    scope TEXT NOT NULL,
    derived INTEGER NOT NULL,
    verified INTEGER NOT NULL,
    section TEXT NOT NULL,
    page INTEGER,
    sentence TEXT NOT NULL,
    PRIMARY KEY (report, indicator)
);
CREATE INDEX figures_by_concept ON figures (concept, year);
";

pub struct SqliteSink {
    connection: Connection,
    insert: String,
}

impl SqliteSink {
    /// The tables made in the new, empty file at `path`, a transaction begun.
    pub fn open(path: &Path) -> Result<SqliteSink, FiguresError> {
        let connection = Connection::open(path)?;
        // A temporary file renamed in only when whole needs no journal, and the command
        // syncs the file itself before the rename.
        connection.pragma_update(None, "journal_mode", "OFF")?;
        connection.pragma_update(None, "synchronous", "OFF")?;
        connection.execute_batch(SCHEMA)?;
        connection.execute_batch("BEGIN")?;
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        let places: Vec<String> = (1..=COLUMNS.len()).map(|i| format!("?{i}")).collect();
        let insert = format!(
            "INSERT INTO figures ({}) VALUES ({})",
            names.join(", "),
            places.join(", ")
        );
        Ok(SqliteSink { connection, insert })
    }
}

impl Sink for SqliteSink {
    fn reports(&mut self, reports: &[&ReportMeta]) -> Result<(), FiguresError> {
        let mut insert = self.connection.prepare(
            "INSERT INTO reports (id, title, region, region_en, level, school_year, \
             calendar_year, publisher) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for meta in reports {
            insert.execute(rusqlite::params![
                meta.id,
                meta.title,
                meta.region,
                meta.region_en,
                meta.level.map(|l| l.name()),
                meta.school_year,
                meta.calendar_year,
                meta.publisher,
            ])?;
        }
        Ok(())
    }

    fn figures(&mut self, figures: Vec<Figure>) -> Result<(), FiguresError> {
        let mut insert = self.connection.prepare(&self.insert)?;
        for figure in &figures {
            let cells: Vec<Cell> = figure.cells().collect();
            insert.execute(rusqlite::params_from_iter(cells))?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), FiguresError> {
        self.connection.execute_batch("COMMIT")?;
        self.connection.close().map_err(|(_, error)| error)?;
        Ok(())
    }
}

impl ToSql for Cell<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Cell::Text(text) => ToSqlOutput::from(text),
            Cell::Number(n) => ToSqlOutput::from(n),
            Cell::Integer(n) => ToSqlOutput::from(n),
            Cell::Boolean(b) => ToSqlOutput::from(i64::from(b)),
            Cell::Null => ToSqlOutput::Owned(Value::Null),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::Kind;
    use super::*;

    #[test]
    fn the_schema_has_a_column_of_its_type_for_each_column_in_order() {
        let table = SCHEMA.split("CREATE TABLE figures (").nth(1).unwrap();
        let lines: Vec<&str> = table
            .lines()
            .map(str::trim)
            .take_while(|l| !l.starts_with(')'))
            .filter(|l| !l.is_empty() && !l.starts_with("PRIMARY"))
            .collect();
        assert_eq!(lines.len(), COLUMNS.len());
        for (line, column) in lines.iter().zip(COLUMNS) {
            let sql_type = match column.kind {
                Kind::Text => "TEXT",
                Kind::Number => "REAL",
                Kind::Integer | Kind::Boolean => "INTEGER",
            };
            let wanted = format!("{} {sql_type}", column.name);
            assert!(line.starts_with(&wanted), "{line} for {wanted}");
            assert_eq!(
                line.contains("NOT NULL"),
                !column.nullable,
                "{line}: nullable is {}",
                column.nullable
            );
        }
    }
}
