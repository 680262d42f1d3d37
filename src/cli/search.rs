//! `search` and `filter` as commands: ranked hits as a table or JSON, and lines filtered
//! from standard input.

use std::io::IsTerminal;

use serde_json::Value;

use super::{Failure, SearchFormat, render, table_cell, table_style};
use crate::app::text_input::MAX_INPUT_CHARS;
use crate::model::Report;
use crate::search::{SearchIndex, SearchKind};

/// The longest query `search` and `filter` take, in characters: the explorer's finder
/// holds as many. Pinyin matching costs up to text × query steps per text, so the cap
/// keeps a line or a paragraph to a bounded amount of work.
const MAX_QUERY_CHARS: usize = MAX_INPUT_CHARS;

fn check_length(query: &str) -> Result<(), Failure> {
    let length = query.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(Failure::usage(format!(
            "the query is too long: {length} characters, at most {MAX_QUERY_CHARS}"
        )));
    }
    Ok(())
}

pub(super) fn search(
    reports: &[Report],
    query: &str,
    kind: Option<SearchKind>,
    limit: usize,
    format: SearchFormat,
) -> Result<String, Failure> {
    if query.trim().is_empty() {
        return Err(Failure::usage(
            "nothing to search for: give a query, e.g. nianbao search jxjs".to_string(),
        ));
    }
    check_length(query)?;
    let index = SearchIndex::build(reports);
    let hits = index.search(query, kind, limit);
    if hits.is_empty() {
        let scope = kind.map_or(String::new(), |k| format!(" among {}s", k.name()));
        return Err(Failure::usage(format!(
            "no match for “{query}”{scope}; try fewer characters, pinyin initials (jxjs) or English"
        )));
    }
    let records: Vec<serde_json::Map<String, Value>> = hits
        .iter()
        .map(|hit| {
            let entry = index.entry(hit);
            let mut record = serde_json::Map::new();
            record.insert("id".into(), entry.item.to_string().into());
            record.insert("kind".into(), entry.kind.name().into());
            record.insert("title".into(), entry.title.clone().into());
            record.insert("score".into(), hit.score.into());
            record.insert("positions".into(), hit.title_positions.clone().into());
            // Where to highlight on a terminal: CJK characters take two columns.
            let columns = crate::text::display_columns(&entry.title, &hit.title_positions);
            record.insert("columns".into(), columns.into());
            if let Some(snippet) = &hit.snippet {
                record.insert("snippet".into(), snippet.text.clone().into());
                record.insert("snippet_positions".into(), snippet.positions.clone().into());
            }
            record.insert(
                "report".into(),
                reports[entry.report].meta.id.clone().into(),
            );
            record
        })
        .collect();
    Ok(match format {
        SearchFormat::Json => render::json(&Value::Array(
            records.into_iter().map(Value::Object).collect(),
        )),
        SearchFormat::Table => {
            let mut columns = vec![
                ("id", "id"),
                ("kind", "kind"),
                ("title", "title"),
                ("match", "snippet"),
                ("score", "score"),
            ];
            if reports.len() > 1 {
                columns.insert(0, ("report", "report"));
            }
            let headers: Vec<&str> = columns.iter().map(|(h, _)| *h).collect();
            let rows: Vec<Vec<String>> = records
                .iter()
                .map(|r| columns.iter().map(|(_, f)| table_cell(r, f)).collect())
                .collect();
            render::table(&headers, &rows, table_style())
        }
    })
}

pub(super) fn filter(query: &str) -> Result<(), Failure> {
    check_length(query)?;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("nianbao filter: reading lines from standard input (end with Ctrl-D)");
    }
    let stdout = std::io::stdout();
    match crate::search::filter(query, stdin.lock(), std::io::BufWriter::new(stdout.lock())) {
        Ok(0) => Err(Failure {
            message: String::new(),
            code: 1,
        }),
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Failure {
            message: format!("filter: {error}"),
            code: 2,
        }),
    }
}
