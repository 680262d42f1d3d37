//! Items of a report addressed by id (`case:7`, `school:jiaxing-technician-college`) and
//! their records: the flat objects that JSON, CSV and table output are made from.

use serde_json::{Map, Value, json};

pub use crate::model::ItemRef;
use crate::model::{Indicator, Report};
pub use crate::text::excerpt;

/// The kinds of item a report has, as `list` names them; and the reports themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// The reports of the dataset (id, title, region, level, years, publisher), by region
    /// and year.
    Reports,
    Chapters,
    Sections,
    Cases,
    Figures,
    Tables,
    Footnotes,
    Schools,
    Indicators,
    Partners,
    Breakdowns,
    Paragraphs,
}

/// Every item of a kind, in document (or file) order.
pub fn items_of(report: &Report, kind: Kind) -> Vec<ItemRef> {
    let s = &report.structure;
    match kind {
        // A report is not an item of itself: `list reports` lists the reports (see
        // [`report_record`]).
        Kind::Reports => Vec::new(),
        Kind::Chapters => s
            .preface()
            .into_iter()
            .map(|_| ItemRef::Preface)
            .chain(s.chapters.iter().map(|c| ItemRef::Chapter(c.number)))
            .collect(),
        Kind::Sections => s
            .sections
            .iter()
            .map(|x| ItemRef::Section(x.number.clone()))
            .collect(),
        Kind::Cases => s
            .cases
            .iter()
            .map(|x| ItemRef::Case(x.id.clone()))
            .collect(),
        Kind::Figures => s
            .figures
            .iter()
            .map(|x| ItemRef::Figure(x.number.clone()))
            .collect(),
        Kind::Tables => s
            .tables
            .iter()
            .map(|x| ItemRef::Table(x.number.clone()))
            .collect(),
        Kind::Footnotes => s
            .footnotes
            .iter()
            .map(|x| ItemRef::Footnote(x.number))
            .collect(),
        Kind::Schools => report
            .schools
            .iter()
            .map(|x| ItemRef::School(x.id.clone()))
            .collect(),
        Kind::Indicators => report
            .indicators
            .iter()
            .map(|x| ItemRef::Indicator(x.id.clone()))
            .collect(),
        Kind::Partners => report
            .partners
            .iter()
            .map(|x| ItemRef::Partner(x.id.clone()))
            .collect(),
        Kind::Breakdowns => report
            .breakdowns
            .iter()
            .map(|x| ItemRef::Breakdown(x.id.clone()))
            .collect(),
        Kind::Paragraphs => (1..=s.paragraphs.len()).map(ItemRef::Paragraph).collect(),
    }
}

/// Every id of the report, for "did you mean" hints.
pub fn all_ids(report: &Report) -> Vec<String> {
    report
        .named_items()
        .into_iter()
        .map(|(item, _)| item.to_string())
        .collect()
}

/// The flat record of an item: `id`, `kind`, `title`, then the kind's own fields. The
/// item must exist in the report (see [`Report::resolve`]).
pub fn record(report: &Report, item: &ItemRef) -> Map<String, Value> {
    let s = &report.structure;
    let (kind, title, fields) = match item {
        ItemRef::Preface => {
            let preface = s.preface().expect("resolved");
            let paragraphs = s
                .paragraphs
                .iter()
                .filter(|p| p.location.chapter == 0)
                .count();
            (
                "preface",
                preface.title.clone(),
                json!({"number": 0, "page": preface.page, "sections": 0, "paragraphs": paragraphs}),
            )
        }
        ItemRef::Chapter(n) => {
            let chapter = s.chapter(*n).expect("resolved");
            let sections = s.sections_of(*n).count();
            let paragraphs = s
                .paragraphs
                .iter()
                .filter(|p| p.location.chapter == *n)
                .count();
            (
                "chapter",
                chapter.title.clone(),
                json!({"number": n, "page": chapter.page, "sections": sections, "paragraphs": paragraphs}),
            )
        }
        ItemRef::Section(n) => {
            let section = s.section(n).expect("resolved");
            (
                "section",
                section.title.clone(),
                json!({"number": section.number, "level": section.level,
                       "parent": parent_id(section), "chapter": section.chapter, "page": section.page}),
            )
        }
        ItemRef::Case(n) => {
            let case = s.case(n).expect("resolved");
            let schools: Vec<&str> = report
                .schools
                .iter()
                .filter(|school| school.cases.contains(n))
                .map(|school| school.id.as_str())
                .collect();
            let text: Vec<&str> = case
                .paragraphs
                .iter()
                .map(|&i| s.paragraphs[i].text.as_str())
                .collect();
            (
                "case",
                case.title.clone(),
                json!({"number": case.number, "label": case.label.as_str(), "section": case.location.label(), "schools": schools,
                       "page": case.page, "text": text.join("\n")}),
            )
        }
        ItemRef::Figure(n) => {
            let figure = s.figure(n).expect("resolved");
            (
                "figure",
                figure.caption.clone(),
                json!({"number": figure.number, "section": figure.location.label(), "page": figure.page}),
            )
        }
        ItemRef::Table(n) => {
            let table = s.table(n).expect("resolved");
            (
                "table",
                table.title.clone(),
                json!({"number": table.number, "section": table.location.label(), "page": table.page,
                       "header": table.header, "rows": table.rows, "units": table.units, "notes": table.notes}),
            )
        }
        ItemRef::Footnote(n) => {
            let footnote = s.footnote(*n).expect("resolved");
            (
                "footnote",
                footnote.text.clone(),
                json!({"number": footnote.number, "marker": footnote.marker, "text": footnote.text,
                       "section": footnote.location.label(), "page": footnote.page,
                       "paragraph": footnote.paragraph.map(|p| p + 1), "table": footnote.table}),
            )
        }
        ItemRef::School(id) => {
            let school = report.school(id).expect("resolved");
            (
                "school",
                school.name.clone(),
                json!({"name": school.name, "name_en": school.name_en, "district": school.district,
                       "aliases": school.aliases, "type": school.kind, "cases": school.cases,
                       "mentions": school.mentions.iter().map(|p| p + 1).collect::<Vec<_>>(),
                       "note": school.note}),
            )
        }
        ItemRef::Partner(id) => {
            let partner = report.partner(id).expect("resolved");
            (
                "partner",
                partner.name.clone(),
                json!({"name": partner.name, "name_en": partner.name_en, "type": partner.kind,
                       "location": partner.location, "aliases": partner.aliases,
                       "mentions": partner.mentions.iter().map(|p| p + 1).collect::<Vec<_>>()}),
            )
        }
        ItemRef::Indicator(id) => {
            let indicator = report.indicator(id).expect("resolved");
            (
                "indicator",
                indicator.name.clone(),
                indicator_fields(indicator),
            )
        }
        ItemRef::Breakdown(id) => {
            let breakdown = report.breakdown(id).expect("resolved");
            (
                "breakdown",
                breakdown.title.clone(),
                json!({"title_en": breakdown.title_en, "type": breakdown.kind, "members": breakdown.members,
                       "total": breakdown.total, "compare_with": breakdown.compare_with}),
            )
        }
        ItemRef::Paragraph(n) => {
            let paragraph = &s.paragraphs[n - 1];
            (
                "paragraph",
                excerpt(&paragraph.text, 24),
                json!({"number": n, "section": paragraph.location.label(), "page": paragraph.page,
                       "case": paragraph.case, "text": paragraph.text}),
            )
        }
    };
    let mut record = Map::new();
    record.insert("id".into(), item.to_string().into());
    record.insert("kind".into(), kind.into());
    record.insert("title".into(), title.into());
    if let Value::Object(fields) = fields {
        record.extend(fields);
    }
    record
}

/// The record of a report: what `list reports` prints. Fields the dataset leaves empty
/// stay empty (`level` is `null` where report.csv does not say).
pub fn report_record(report: &Report) -> Map<String, Value> {
    meta_record(&report.meta, report.indicators.len())
}

/// [`report_record`] from a report's metadata and how many indicators it has (what the
/// collection index keeps of a report).
pub fn meta_record(meta: &crate::model::ReportMeta, indicators: usize) -> Map<String, Value> {
    let fields = json!({
        "id": meta.id,
        "kind": "report",
        "title": meta.title,
        "title_en": meta.title_en,
        "region": meta.region,
        "region_en": meta.region_en,
        "level": meta.level.map(|l| l.name()),
        "school_year": meta.school_year,
        "calendar_year": meta.calendar_year,
        "publisher": meta.publisher,
        "indicators": indicators,
    });
    match fields {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn indicator_fields(indicator: &Indicator) -> Value {
    json!({
        "name": indicator.name,
        "name_en": indicator.name_en,
        "value": indicator.value,
        "value_text": indicator.value_text,
        "figure": indicator.shown_figure(),
        "qualifier": indicator.qualifier.map(|q| q.name()),
        "unit": indicator.unit,
        "period": indicator.period,
        "scope": indicator.scope.to_string(),
        "section": indicator.location.label(),
        "page": indicator.page,
        "source": indicator.source,
        "series": indicator.series,
        "derived": indicator.is_derived(),
        "formula": indicator.formula,
        "verified": indicator.verified,
        "concept": indicator.concept,
    })
}

/// The id of what a section sits in: `chapter:2` for a section, `section:2.3` for a
/// subsection.
fn parent_id(section: &crate::model::Section) -> String {
    if section.level == 2 {
        ItemRef::Chapter(section.chapter).to_string()
    } else {
        ItemRef::Section(section.parent.clone()).to_string()
    }
}
