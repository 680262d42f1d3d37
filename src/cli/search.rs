//! `search` and `filter` as commands: ranked hits as a table or JSON, and lines filtered
//! from standard input.

use std::io::{IsTerminal, Write};

use serde_json::Value;

use super::render::{Column, TableStyle};
use super::table::{machine_output, records_table};
use super::{Failure, ListFormat};
use crate::app::text_input::MAX_INPUT_CHARS;
use crate::dataset::Catalog;
use crate::model::Report;
use crate::search::{Entry, Hit, Rank, SearchIndex, SearchKind};

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

/// What `search` looks for and how it prints the hits.
pub(super) struct SearchRequest<'a> {
    pub query: &'a str,
    pub kind: Option<SearchKind>,
    pub limit: usize,
    pub format: ListFormat,
    pub style: TableStyle,
}

/// Searches the reports `reports` (indexes in the dataset) one at a time, on every core,
/// each loaded, indexed, searched and dropped: hits merged by rank, then report and
/// document order, as one index of them all would rank them.
pub(super) fn search(
    dataset: &Catalog,
    reports: &[usize],
    skipped: &mut super::Skipped,
    request: &SearchRequest,
) -> Result<String, Failure> {
    let &SearchRequest {
        query,
        kind,
        limit,
        format,
        style,
    } = request;
    if query.trim().is_empty() {
        return Err(Failure::usage(
            "nothing to search for: give a query, e.g. nianbao search jxjs".to_string(),
        ));
    }
    check_length(query)?;
    let found = super::many::each_report(dataset, reports, skipped, |index, report| {
        report_hits(report, index, query, kind, limit)
    })?;
    let mut hits: Vec<_> = found
        .into_iter()
        .enumerate()
        .flat_map(|(k, hits)| {
            hits.into_iter()
                .map(move |(rank, entry, record)| ((rank, k, entry), record))
        })
        .collect();
    hits.sort_by_key(|(key, _)| *key);
    hits.truncate(limit);
    if hits.is_empty() {
        let scope = kind.map_or(String::new(), |k| format!(" among {}s", k.name()));
        return Err(Failure::usage(format!(
            "no match for “{}”{scope}; try fewer characters, pinyin initials (jxjs) or English",
            crate::text::escape_controls(query)
        )));
    }
    let records: Vec<Record> = hits.into_iter().map(|(_, record)| record).collect();
    if let Some(output) = machine_output(&records, format) {
        return Ok(output);
    }
    let mut columns = vec![
        (Column::key("id"), "id"),
        (Column::short("kind"), "kind"),
        (Column::prose("title"), "title"),
        (Column::prose("match"), "snippet"),
        (Column::short("score"), "score"),
    ];
    if reports.len() > 1 {
        columns.insert(0, (Column::key("report"), "report"));
    }
    Ok(records_table(&columns, &records, style))
}

type Record = serde_json::Map<String, Value>;

/// A report's best `limit` hits, each with its rank, its entry and its record.
fn report_hits(
    report: &Report,
    index_in_dataset: usize,
    query: &str,
    kind: Option<SearchKind>,
    limit: usize,
) -> Vec<(Rank, usize, Record)> {
    let index = SearchIndex::of_report(index_in_dataset, report);
    index
        .search_in(None, query, kind, limit)
        .into_iter()
        .map(|hit| {
            let record = hit_record(&index.entry(&hit), &hit, &report.meta.id);
            (hit.rank, hit.entry, record)
        })
        .collect()
}

fn hit_record(entry: &Entry, hit: &Hit, report_id: &str) -> Record {
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
    record.insert("report".into(), report_id.into());
    record
}

pub(super) fn filter(query: &str, raw: bool) -> Result<(), Failure> {
    check_length(query)?;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let _ = writeln!(
            std::io::stderr(),
            "nianbao filter: reading lines from standard input (end with Ctrl-D)"
        );
    }
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let result = if raw {
        crate::search::filter(query, stdin.lock(), stdout)
    } else {
        crate::search::filter(query, stdin.lock(), EscapingWriter(stdout))
    };
    match result {
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

/// Passes lines through with control, bidi and zero-width characters shown as escapes
/// (`\u{1b}`) and bytes that are not UTF-8 as `\xNN`, so filtered lines are safe on a
/// terminal. Takes each write whole (the filter writes whole lines).
struct EscapingWriter<W: Write>(W);

impl<W: Write> Write for EscapingWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let safe = |c: char| c == '\n' || c == '\t' || !crate::text::is_hidden_control(c);
        if std::str::from_utf8(bytes).is_ok_and(|text| text.chars().all(safe)) {
            self.0.write_all(bytes)?;
            return Ok(bytes.len());
        }
        let mut shown = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                if safe(c) {
                    shown.push(c);
                } else {
                    shown.push_str(&crate::text::escape_controls(c.encode_utf8(&mut [0; 4])));
                }
            }
            for byte in chunk.invalid() {
                shown.push_str(&format!("\\x{byte:02x}"));
            }
        }
        self.0.write_all(shown.as_bytes())?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
