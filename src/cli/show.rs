//! `show` as text: one item in full, with its provenance (section, page, source).

use super::items::{ItemRef, excerpt, place_name};
use crate::model::{Indicator, Location, Paragraph, Report};
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
            let preface = s.preface.as_ref().expect("resolved");
            sheet.heading = format!("{}  {}", item, preface.title);
            sheet.field("page", preface.page.to_string());
            sheet.body = paragraphs_in(report, |l| l.chapter == 0);
        }
        ItemRef::Chapter(n) => {
            let chapter = s.chapter(*n).expect("resolved");
            sheet.heading = format!("{}  {} {}", item, chapter.number, chapter.title);
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
                place_name(
                    report,
                    &Location {
                        chapter: section.chapter,
                        section: None,
                    },
                ),
            );
            sheet.field("page", section.page.to_string());
            let in_section = |l: &Location| l.section.as_deref() == Some(n.as_str());
            let cases: Vec<String> = s
                .cases
                .iter()
                .filter(|c| in_section(&c.location))
                .map(|c| format!("case:{} {}", c.number, c.title))
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
            sheet.heading = format!("{}  案例 {}  {}", item, case.number, case.title);
            sheet.field("section", place_name(report, &case.location));
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
            sheet.field("section", place_name(report, &figure.location));
            sheet.field("page", figure.page.to_string());
        }
        ItemRef::Table(n) => {
            let table = s.table(n).expect("resolved");
            sheet.heading = format!("{}  表 {}  {}", item, table.number, table.title);
            sheet.field("section", place_name(report, &table.location));
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
            sheet.field("section", place_name(report, &footnote.location));
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
            sheet.field("section", place_name(report, &paragraph.location));
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
        .map(|c| format!("case:{} {}", c.number, c.title))
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
    sheet.field("section", place_name(report, &indicator.location));
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
                place_name(report, &paragraph.location),
                paragraph.page,
                paragraph.text
            )
        })
        .collect()
}
