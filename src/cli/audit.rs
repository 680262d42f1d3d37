//! `nianbao audit`: the figures of a report that do not add up. Every relation of
//! `relations.csv` recomputed at the printed precision, as a reviewer's report (table),
//! JSON or CSV. Findings are not errors: the command succeeds whenever the dataset loads,
//! and `--strict` exits 3 when something is inconsistent.

use serde_json::{Map, Value, json};

use super::render::{self, Column, TableStyle};
use crate::audit::{Audit, Finding, Population, Role, Source, Verdict, audit};
use crate::model::Report;

/// Output formats of `audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    Table,
    Json,
    Csv,
    /// CSV with formula-leading cells as they are (`--format csv --csv-raw`).
    #[value(skip)]
    CsvRaw,
}

/// The audit of the reports in a format, and how many findings are inconsistent.
pub fn run(reports: &[&Report], format: AuditFormat, style: TableStyle) -> (String, usize) {
    let audits: Vec<(&Report, Audit)> = reports.iter().map(|r| (*r, audit(r))).collect();
    let inconsistent = audits
        .iter()
        .map(|(_, a)| a.count(Verdict::Inconsistent))
        .sum();
    let output = match format {
        AuditFormat::Json => json_output(&audits),
        AuditFormat::Csv | AuditFormat::CsvRaw => render::csv(
            &audits
                .iter()
                .flat_map(|(report, audit)| audit.findings.iter().map(|f| csv_record(report, f)))
                .collect::<Vec<_>>(),
            if format == AuditFormat::CsvRaw {
                render::FormulaCells::AsTheyAre
            } else {
                render::FormulaCells::Defused
            },
        ),
        AuditFormat::Table => audits
            .iter()
            .map(|(report, audit)| table_output(report, audit, style))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    (output, inconsistent)
}

/// Data for a line of text: escaped, on one line.
fn clean(text: &str) -> String {
    render::cell_text(&Value::String(text.to_string()))
}

/// `§1.3 p. 4`.
fn place(source: &Source) -> String {
    format!("§{} p. {}", source.location.label(), source.page)
}

fn table_output(report: &Report, audit: &Audit, style: TableStyle) -> String {
    let mut out = format!("{}: ", clean(&report.meta.id));
    if audit.findings.is_empty() {
        out.push_str(
            "no relations declared (relations.csv), nothing to audit; see docs/audit.md\n",
        );
        return out;
    }
    out.push_str(&audit.summary());
    out.push_str("\n\n");
    let rows: Vec<Vec<String>> = audit
        .findings
        .iter()
        .map(|f| {
            vec![
                f.verdict.label().to_string(),
                clean(&f.relation),
                clean(&f.printed),
                clean(&f.recomputed_text),
                f.gap.as_ref().map_or_else(String::new, |g| clean(&g.text)),
                clean(
                    &f.sources()
                        .iter()
                        .map(|s| place(s))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ]
        })
        .collect();
    out.push_str(&super::table::terminal_table(
        &[
            Column::short("verdict"),
            Column::key("relation"),
            Column::key("printed"),
            Column::key("recomputed"),
            Column::key("gap"),
            Column::prose("where"),
        ],
        &rows,
        style,
    ));
    if !audit.populations.is_empty() {
        out.push_str("\nPopulations\n");
        for population in &audit.populations {
            out.push_str(&population_text(population));
        }
    }
    out.push_str("\nFindings\n");
    for finding in &audit.findings {
        out.push('\n');
        out.push_str(&finding_text(finding));
    }
    out
}

fn population_text(population: &Population) -> String {
    let mut out = format!(
        "  {} ({})\n",
        clean(&population.message),
        clean(&population.indicator)
    );
    let decimals = if population.value.fract() == 0.0 {
        0
    } else {
        2
    };
    let number = |v: f64| crate::audit::precision::show_number(v, decimals);
    let rows: Vec<Vec<String>> = population
        .figures
        .iter()
        .map(|figure| {
            vec![
                if figure.agrees { "" } else { "≠" }.to_string(),
                number(figure.point),
                format!(
                    "{}–{}",
                    number(figure.range.low.floor()),
                    number(figure.range.high.ceil())
                ),
                clean(&figure.relation),
                clean(&figure.figure),
            ]
        })
        .collect();
    let table = render::table(
        &[
            Column::short(""),
            Column::key("implies"),
            Column::key("range"),
            Column::key("relation"),
            Column::key("figure"),
        ],
        &rows,
        render::TableStyle {
            color: false,
            max_width: None,
        },
    );
    for line in table.lines() {
        out.push_str(&format!("    {line}\n"));
    }
    out
}

/// A finding in full: formula, check, figures with their sentences, notes.
fn finding_text(finding: &Finding) -> String {
    let mut out = format!(
        "{}  {} ({}{})\n",
        finding.verdict.label(),
        clean(&finding.relation),
        finding.kind.name(),
        finding
            .measure
            .map_or_else(String::new, |m| format!(", {}", m.name()))
    );
    let line = |out: &mut String, label: &str, text: &str| {
        out.push_str(&format!("  {label:<10} {text}\n"));
    };
    line(&mut out, "formula", &clean(&finding.formula));
    line(&mut out, "check", &clean(&finding.check_line()));
    let sources = finding.sources();
    let figures: Vec<String> = finding
        .terms
        .iter()
        .map(|term| {
            let at = term
                .source
                .as_ref()
                .and_then(|s| sources.iter().position(|x| x.same_place(s)))
                .map_or_else(
                    || match term.operand {
                        crate::model::Operand::Constant(_) => " (by definition)".to_string(),
                        _ => " (not printed)".to_string(),
                    },
                    |i| format!(" [{}]", i + 1),
                );
            let shown = if term.shown.is_empty() {
                &term.printed
            } else {
                &term.shown
            };
            let role = if term.role == Role::Result { "= " } else { "" };
            format!("{role}{} {}{at}", clean(&term.name), clean(shown))
        })
        .collect();
    line(&mut out, "figures", &figures.join(" · "));
    for (i, source) in sources.iter().enumerate() {
        out.push_str(&format!("  {}\n", clean(&source.cited(i + 1))));
    }
    if let Some(implied) = &finding.implied {
        line(&mut out, "implies", &clean(&implied.text));
    }
    for remark in &finding.remarks {
        line(&mut out, "remark", &clean(remark));
    }
    if !finding.note.is_empty() {
        line(&mut out, "note", &clean(&finding.note));
    }
    if !finding.verified {
        line(
            &mut out,
            "unverified",
            "proposed by ingest: check the relation, then set verified=true",
        );
    }
    out
}

fn source_json(source: &Source) -> Value {
    json!({
        "section": source.location.label(),
        "page": source.page,
        "text": source.text,
        "table": source.table,
    })
}

fn finding_json(report: &Report, finding: &Finding) -> Value {
    let terms: Vec<Value> = finding
        .terms
        .iter()
        .map(|term| {
            json!({
                "role": if term.role == Role::Result { "result" } else { "input" },
                "operand": term.operand.to_string(),
                "name": term.name,
                "printed": term.printed,
                "value": term.value,
                "unit": term.unit,
                "qualifier": term.qualifier.map(|q| q.name()),
                "formula": term.formula,
                "source": term.source.as_ref().map(source_json),
            })
        })
        .collect();
    json!({
        "report": report.meta.id,
        "relation": finding.relation,
        "kind": finding.kind.name(),
        "measure": finding.measure.map(|m| m.name()),
        "verdict": finding.verdict.name(),
        "verdict_label": finding.verdict.label(),
        "verified": finding.verified,
        "formula": finding.formula,
        "check": finding.check,
        "printed": finding.printed,
        "recomputed": finding.recomputed,
        "recomputed_text": finding.recomputed_text,
        "range": finding.range.map(|r| vec![r.low, r.high]),
        "gap": finding.gap.as_ref().map(|g| json!({
            "value": g.value, "unit": g.unit, "relative": g.relative, "text": g.text,
        })),
        "implied": finding.implied.as_ref().map(|i| json!({
            "what": i.what, "low": i.range.low, "high": i.range.high, "text": i.text,
        })),
        "terms": terms,
        "remarks": finding.remarks,
        "note": finding.note,
    })
}

fn json_output(audits: &[(&Report, Audit)]) -> String {
    let mut summary = Vec::new();
    let mut findings = Vec::new();
    let mut populations = Vec::new();
    for (report, audit) in audits {
        let mut counts = Map::new();
        counts.insert("report".into(), report.meta.id.clone().into());
        counts.insert("relations".into(), audit.findings.len().into());
        for verdict in Verdict::ALL {
            counts.insert(verdict.name().into(), audit.count(verdict).into());
        }
        summary.push(Value::Object(counts));
        findings.extend(audit.findings.iter().map(|f| finding_json(report, f)));
        populations.extend(audit.populations.iter().map(|p| {
            json!({
                "report": report.meta.id,
                "indicator": p.indicator,
                "name": p.name,
                "stated": p.stated,
                "value": p.value,
                "low": p.low,
                "high": p.high,
                "message": p.message,
                "figures": p.figures.iter().map(|f| json!({
                    "relation": f.relation,
                    "figure": f.figure,
                    "implied": f.point,
                    "range": [f.range.low, f.range.high],
                    "agrees": f.agrees,
                    "per_capita": f.per_capita,
                })).collect::<Vec<_>>(),
            })
        }));
    }
    render::json(&json!({
        "summary": summary,
        "findings": findings,
        "populations": populations,
    }))
}

/// One CSV row per finding: the sources as `§1.3 p. 4: sentence`, `|`-separated.
fn csv_record(report: &Report, finding: &Finding) -> Map<String, Value> {
    let sources: Vec<String> = finding
        .sources()
        .iter()
        .map(|s| format!("{}: {}", place(s), s.text))
        .collect();
    let indicators: Vec<&str> = finding.indicators().collect();
    let operands: Vec<String> = finding
        .terms
        .iter()
        .map(|t| t.operand.to_string())
        .collect();
    let record = json!({
        "report": report.meta.id,
        "relation": finding.relation,
        "kind": finding.kind.name(),
        "measure": finding.measure.map(|m| m.name()),
        "verdict": finding.verdict.name(),
        "formula": finding.formula,
        "check": finding.check,
        "printed": finding.printed,
        "recomputed": finding.recomputed_text,
        "low": finding.range.map(|r| r.low),
        "high": finding.range.map(|r| r.high),
        "gap": finding.gap.as_ref().map(|g| g.value),
        "gap_unit": finding.gap.as_ref().map(|g| g.unit.clone()),
        "gap_relative": finding.gap.as_ref().and_then(|g| g.relative),
        "operands": operands,
        "indicators": indicators,
        "sources": sources,
        "remarks": finding.remarks,
        "implied": finding.implied.as_ref().map(|i| i.text.clone()),
        "note": finding.note,
        "verified": finding.verified,
    });
    match record {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
