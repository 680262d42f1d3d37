//! `show`: one item found by its id (or the closest ids, when none is), in full with its
//! provenance (section, page, source) as text or as a record.

use serde_json::Value;

use super::items::{self, ItemRef, excerpt};
use super::{Failure, ShowFormat, id_list, no_report, render};
use crate::model::{Indicator, Location, MAX_ID_CHARS, Paragraph, Report};
use crate::text::{escape_controls, pad_to_width};

/// A field list and body text; rendered as aligned `label  value` lines, then the body.
#[derive(Default)]
struct Sheet {
    heading: String,
    fields: Vec<(&'static str, String)>,
    body: Vec<String>,
}

impl Sheet {
    fn field(&mut self, label: &'static str, value: impl Into<String>) {
        let value = value.into();
        if !value.is_empty() {
            self.fields.push((label, value));
        }
    }

    fn render(&self) -> String {
        let label_width = self.fields.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
        let mut out = format!("{}\n", escape_controls(&self.heading));
        for (label, value) in &self.fields {
            out.push_str(&format!(
                "  {}  {}\n",
                pad_to_width(label, label_width),
                escape_controls(value)
            ));
        }
        for block in &self.body {
            out.push('\n');
            for line in block.lines() {
                out.push_str(&escape_controls(line));
                out.push('\n');
            }
        }
        out
    }
}

/// The item as text. The item must exist in the report.
pub fn show_text(report: &Report, item: &ItemRef) -> String {
    let s = &report.structure;
    let mut sheet = Sheet {
        heading: item.to_string(),
        ..Sheet::default()
    };
    match item {
        ItemRef::Preface => {
            let preface = s.preface().expect("resolved");
            sheet.heading = format!("{}  {}", item, preface.title);
            sheet.field("page", preface.page.to_string());
            sheet.body = paragraphs_in(report, |l| l.chapter == 0);
        }
        ItemRef::Chapter(n) => {
            let chapter = s.chapter(*n).expect("resolved");
            sheet.heading = format!("{}  {}", item, chapter.heading());
            sheet.field("page", chapter.page.to_string());
            let sections: Vec<String> = s
                .sections
                .iter()
                .filter(|x| x.chapter == *n)
                .map(|x| format!("{} {} (p. {})", x.number, x.title, x.page))
                .collect();
            sheet.field("sections", sections.join("; "));
            sheet.body = paragraphs_in(report, |l| l.chapter == *n && l.section.is_none());
        }
        ItemRef::Section(n) => {
            let section = s.section(n).expect("resolved");
            sheet.heading = format!("{}  {} {}", item, section.number, section.title);
            sheet.field(
                "chapter",
                report.place_name(&Location {
                    chapter: section.chapter,
                    section: None,
                }),
            );
            if section.level == 3 {
                sheet.field(
                    "section",
                    report.place_name(&Location {
                        chapter: section.chapter,
                        section: Some(section.parent.clone()),
                    }),
                );
            }
            sheet.field("page", section.page.to_string());
            let subsections: Vec<String> = s
                .subsections_of(n)
                .map(|x| format!("{} {} (p. {})", x.number, x.title, x.page))
                .collect();
            sheet.field("subsections", subsections.join("; "));
            // A section holds its subsections' text and items.
            let in_section = |l: &Location| l.is_in_section(n);
            let cases: Vec<String> = s
                .cases
                .iter()
                .filter(|c| in_section(&c.location))
                .map(|c| format!("case:{} {}", c.id, c.title))
                .collect();
            let figures: Vec<String> = s
                .figures
                .iter()
                .filter(|f| in_section(&f.location))
                .map(|f| format!("figure:{} {}", f.number, f.caption))
                .collect();
            let tables: Vec<String> = s
                .tables
                .iter()
                .filter(|t| in_section(&t.location))
                .map(|t| format!("table:{} {}", t.number, t.title))
                .collect();
            sheet.field("cases", cases.join("; "));
            sheet.field("figures", figures.join("; "));
            sheet.field("tables", tables.join("; "));
            sheet.body = paragraphs_in(report, in_section);
        }
        ItemRef::Case(n) => {
            let case = s.case(n).expect("resolved");
            sheet.heading = format!(
                "{}  {} {}  {}",
                item,
                case.label.as_str(),
                case.number,
                case.title
            );
            sheet.field("section", report.place_name(&case.location));
            sheet.field("page", case.page.to_string());
            sheet.field(
                "schools",
                school_names(report, |school| school.cases.contains(n)),
            );
            sheet.body = case
                .paragraphs
                .iter()
                .map(|&i| s.paragraphs[i].text.clone())
                .collect();
        }
        ItemRef::Figure(n) => {
            let figure = s.figure(n).expect("resolved");
            sheet.heading = format!("{}  图 {}  {}", item, figure.number, figure.caption);
            sheet.field("section", report.place_name(&figure.location));
            sheet.field("page", figure.page.to_string());
        }
        ItemRef::Table(n) => {
            let table = s.table(n).expect("resolved");
            sheet.heading = format!("{}  表 {}  {}", item, table.number, table.title);
            sheet.field("section", report.place_name(&table.location));
            sheet.field("page", table.page.to_string());
            let notes: Vec<&str> = table
                .notes
                .iter()
                .filter(|n| !n.is_empty())
                .map(String::as_str)
                .collect();
            sheet.field("notes", notes.join("; "));
            let rows: Vec<Vec<String>> = table.rows.clone();
            let style = super::render::TableStyle {
                color: false,
                max_width: None,
            };
            let headers: Vec<super::render::Column> = table
                .header
                .iter()
                .map(|header| super::render::Column::prose(header))
                .collect();
            sheet.body.push(
                super::render::table(&headers, &rows, style)
                    .trim_end()
                    .to_string(),
            );
        }
        ItemRef::Footnote(n) => {
            let footnote = s.footnote(*n).expect("resolved");
            sheet.heading = format!("{}  {}", item, footnote.text);
            sheet.field("section", report.place_name(&footnote.location));
            sheet.field("page", footnote.page.to_string());
            if let Some(p) = footnote.paragraph {
                sheet.field(
                    "annotates",
                    format!("paragraph:{} {}", p + 1, excerpt(&s.paragraphs[p].text, 30)),
                );
            }
        }
        ItemRef::School(id) => show_school(report, id, &mut sheet),
        ItemRef::Partner(id) => {
            let partner = report.partner(id).expect("resolved");
            sheet.heading = format!("{}  {}", item, partner.name);
            sheet.field("english", partner.name_en.clone());
            sheet.field("aliases", partner.aliases.join("、"));
            sheet.field("type", partner.kind.clone());
            sheet.field("location", partner.location.clone());
            sheet.body = mentions(report, &partner.mentions);
        }
        ItemRef::Indicator(id) => {
            let indicator = report.indicator(id).expect("resolved");
            show_indicator(report, indicator, &mut sheet);
        }
        ItemRef::Breakdown(id) => {
            let breakdown = report.breakdown(id).expect("resolved");
            sheet.heading = format!("{}  {}", item, breakdown.title);
            sheet.field("english", breakdown.title_en.clone());
            for member in breakdown.members.iter().chain(&breakdown.total) {
                if let Some(indicator) = report.indicator(member) {
                    sheet
                        .body
                        .push(format!("{}  {}", indicator.display_value(), indicator.name));
                }
            }
            sheet.field(
                "compare with",
                breakdown.compare_with.clone().unwrap_or_default(),
            );
        }
        ItemRef::Paragraph(n) => {
            let paragraph = &s.paragraphs[n - 1];
            sheet.field("section", report.place_name(&paragraph.location));
            sheet.field("page", paragraph.page.to_string());
            sheet.field(
                "case",
                paragraph
                    .case
                    .clone()
                    .map(|c| format!("case:{c}"))
                    .unwrap_or_default(),
            );
            sheet.body.push(paragraph.text.clone());
        }
    }
    sheet.render()
}

fn show_school(report: &Report, id: &str, sheet: &mut Sheet) {
    let school = report.school(id).expect("resolved");
    sheet.heading = format!("school:{}  {}", school.id, school.name);
    sheet.field("english", school.name_en.clone());
    sheet.field("aliases", school.aliases.join("、"));
    sheet.field("district", school.district.clone());
    sheet.field("type", school.kind.clone());
    sheet.field("note", school.note.clone());
    let s = &report.structure;
    let cases: Vec<String> = school
        .cases
        .iter()
        .filter_map(|n| s.case(n))
        .map(|c| format!("case:{} {}", c.id, c.title))
        .collect();
    sheet.field("cases", cases.join("; "));
    let scoped: Vec<String> = report
        .indicators
        .iter()
        .filter(|i| i.scope.to_string() == format!("school:{}", school.id))
        .map(|i| format!("{} {}", i.name, i.display_value()))
        .collect();
    sheet.field("indicators", scoped.join("; "));
    sheet.body = mentions(report, &school.mentions);
}

fn show_indicator(report: &Report, indicator: &Indicator, sheet: &mut Sheet) {
    sheet.heading = format!("indicator:{}  {}", indicator.id, indicator.name);
    sheet.field("english", indicator.name_en.clone());
    sheet.field("value", indicator.display_value());
    if let Some(qualifier) = indicator.qualifier {
        sheet.field("qualifier", qualifier.name().replace('-', " "));
    }
    if !indicator.value_text.is_empty() && indicator.value_text != indicator.shown_figure() {
        sheet.field("printed", indicator.value_text.clone());
    }
    sheet.field("period", indicator.period.clone());
    sheet.field("scope", indicator.scope.to_string());
    sheet.field("section", report.place_name(&indicator.location));
    sheet.field("page", indicator.page.to_string());
    if indicator.is_derived() {
        sheet.field(
            "derived",
            format!("not printed in the report; = {}", indicator.formula),
        );
    }
    if !indicator.verified {
        sheet.field("verified", "no (proposed by ingest, not checked)");
    }
    if !indicator.series.is_empty() {
        let points: Vec<String> = report
            .series(&indicator.series)
            .into_iter()
            .map(|i| format!("{} {}", i.period, i.display_value()))
            .collect();
        sheet.field("series", points.join(" → "));
    }
    let groups: Vec<String> = report
        .breakdowns
        .iter()
        .filter(|b| b.members.contains(&indicator.id) || b.total.as_ref() == Some(&indicator.id))
        .map(|b| format!("breakdown:{} {}", b.id, b.title))
        .collect();
    sheet.field("breakdowns", groups.join("; "));
    sheet.body.push(format!("source: {}", indicator.source));
}

fn school_names(report: &Report, keep: impl Fn(&crate::model::School) -> bool) -> String {
    report
        .schools
        .iter()
        .filter(|s| keep(s))
        .map(|s| format!("{} (school:{})", s.name, s.id))
        .collect::<Vec<_>>()
        .join("; ")
}

fn paragraphs_in(report: &Report, keep: impl Fn(&Location) -> bool) -> Vec<String> {
    report
        .structure
        .paragraphs
        .iter()
        .filter(|p| keep(&p.location))
        .map(|p| p.text.clone())
        .collect()
}

/// Each mentioning paragraph with where it is.
fn mentions(report: &Report, indexes: &[usize]) -> Vec<String> {
    indexes
        .iter()
        .map(|&i| {
            let paragraph: &Paragraph = &report.structure.paragraphs[i];
            format!(
                "paragraph:{}  ({}, p. {})\n{}",
                i + 1,
                report.place_name(&paragraph.location),
                paragraph.page,
                paragraph.text
            )
        })
        .collect()
}

pub(super) fn check_id_length(id: &str) -> Result<(), Failure> {
    if id.chars().count() > MAX_ID_CHARS {
        return Err(Failure::usage(format!(
            "an item id has at most {MAX_ID_CHARS} characters; this one has {} (ids look like case:7, school:<slug>)",
            id.chars().count()
        )));
    }
    Ok(())
}

/// What `show` looks in: the reports loaded, or the collection index (which loads a
/// report only to show an item of it).
pub(super) trait Shelf {
    /// Every report's id, in the dataset's order.
    fn ids(&self) -> Vec<&str>;
    /// The reports (by place) among `among` that have the item, with its id there.
    fn holders(&self, among: &[usize], item: &ItemRef) -> Result<Vec<(usize, ItemRef)>, Failure>;
    /// Every item id of the reports given, for "did you mean".
    fn item_ids(&self, among: &[usize]) -> Result<Vec<String>, Failure>;
    /// `make` of report `index`, with the item it holds.
    fn with_report(
        &self,
        index: usize,
        item: &ItemRef,
        make: &dyn Fn(&Report, &ItemRef) -> String,
    ) -> Result<String, Failure>;
}

impl Shelf for [&Report] {
    fn ids(&self) -> Vec<&str> {
        self.iter().map(|r| r.meta.id.as_str()).collect()
    }

    fn holders(&self, among: &[usize], item: &ItemRef) -> Result<Vec<(usize, ItemRef)>, Failure> {
        Ok(among
            .iter()
            .filter_map(|&i| self[i].resolve(item).map(|resolved| (i, resolved)))
            .collect())
    }

    fn item_ids(&self, among: &[usize]) -> Result<Vec<String>, Failure> {
        Ok(among
            .iter()
            .flat_map(|&i| items::all_ids(self[i]))
            .collect())
    }

    fn with_report(
        &self,
        index: usize,
        item: &ItemRef,
        make: &dyn Fn(&Report, &ItemRef) -> String,
    ) -> Result<String, Failure> {
        Ok(make(self[index], item))
    }
}

pub(super) fn show(
    shelf: &(impl Shelf + ?Sized),
    id: &str,
    format: ShowFormat,
) -> Result<String, Failure> {
    check_id_length(id)?;
    let (report_id, item_id) = match id.split_once('/') {
        Some((report, item)) => (Some(report), item),
        None => (None, id),
    };
    let ids = shelf.ids();
    let candidates: Vec<usize> = (0..ids.len())
        .filter(|&i| report_id.is_none_or(|wanted| ids[i] == wanted))
        .collect();
    if candidates.is_empty() {
        return Err(no_report(
            report_id.unwrap_or_default(),
            &id_list(ids.iter().copied()),
        ));
    }
    let hint = || -> Result<String, Failure> {
        Ok(did_you_mean_in(shelf.item_ids(&candidates)?, item_id))
    };
    let Some(item) = ItemRef::parse(item_id) else {
        return Err(Failure::usage(format!(
            "`{}` is not an item id{}\nids look like chapter:1, section:2.3, case:7, school:<slug>, indicator:<slug> (see nianbao --help)",
            escape_controls(item_id),
            hint()?
        )));
    };
    let found = shelf.holders(&candidates, &item)?;
    match found.as_slice() {
        [] => Err(Failure::usage(format!(
            "no item `{}` in {}{}",
            escape_controls(&item.to_string()),
            id_list(candidates.iter().map(|&i| ids[i])),
            hint()?
        ))),
        [(index, resolved)] => shelf.with_report(*index, resolved, &|report, resolved| {
            let mut record = items::record(report, resolved);
            record.insert("report".into(), report.meta.id.clone().into());
            match format {
                ShowFormat::Text => show_text(report, resolved),
                ShowFormat::Json => render::json(&Value::Object(record)),
                ShowFormat::Jsonl => render::jsonl(&[record]),
                ShowFormat::Csv => render::csv(&[record], render::FormulaCells::Defused),
                ShowFormat::CsvRaw => render::csv(&[record], render::FormulaCells::AsTheyAre),
            }
        }),
        several => Err(Failure::usage(format!(
            "`{}` is in {} reports; name one with --report ID, or as REPORT/ID:\n{}",
            escape_controls(&item.to_string()),
            several.len(),
            several
                .iter()
                .map(|(i, resolved)| format!(
                    "  {}\n",
                    escape_controls(&format!("{}/{resolved}", ids[*i]))
                ))
                .collect::<String>()
        ))),
    }
}

/// "did you mean" with the closest ids by edit distance, or those containing the key.
pub(super) fn did_you_mean(reports: &[&Report], wanted: &str) -> String {
    did_you_mean_in(reports.iter().flat_map(|r| items::all_ids(r)), wanted)
}

/// "did you mean" among the ids given.
fn did_you_mean_in(ids: impl IntoIterator<Item = String>, wanted: &str) -> String {
    let key = wanted.split_once(':').map_or(wanted, |(_, key)| key);
    let mut scored: Vec<(usize, String)> = ids
        .into_iter()
        .filter_map(|id| {
            let distance = edit_distance(&id, wanted);
            let close = distance <= (wanted.chars().count() / 3).max(2);
            let contains = key.chars().count() >= 2 && id.contains(key);
            (close || contains).then_some((distance, id))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    let suggestions: Vec<String> = scored
        .into_iter()
        .take(3)
        .map(|(_, id)| escape_controls(&id).into_owned())
        .collect();
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("\ndid you mean: {}?", suggestions.join(", "))
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("case:7", "case:7"), 0);
        assert_eq!(edit_distance("case:7", "cse:7"), 1);
        assert_eq!(edit_distance("嘉兴", "嘉善"), 1);
    }
}
