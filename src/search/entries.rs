//! What of a report is searchable: an entry per chapter, section, school, case,
//! indicator, figure, table, footnote, partner and paragraph, with its fields and the
//! English glosses of its glossary terms.

use super::{NewEntry, Role, SearchKind};
use crate::model::{ItemRef, Report};

/// A field of an entry, if its text is not blank.
fn field(text: impl Into<String>, role: Role) -> Option<(String, Role)> {
    let text = text.into();
    (!text.trim().is_empty()).then_some((text, role))
}

/// What of a report an index holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Depth {
    Everything,
    /// What is searched for across many reports, titles and names (a school, an
    /// indicator, a case by its title), without running text: the text's fields are most
    /// of an index's memory, and of the work of building it and of a keystroke.
    TitlesAndNames,
}

/// Finds glossary terms in a text, to add their English glosses so that English queries
/// find Chinese text.
struct Glosser<'r> {
    terms: Option<aho_corasick::AhoCorasick>,
    english: Vec<&'r str>,
}

impl<'r> Glosser<'r> {
    fn new(report: &'r Report) -> Self {
        // One-character terms (units such as 人, 所) would gloss nearly every text.
        let entries: Vec<_> = report
            .glossary
            .iter()
            .filter(|g| g.term.chars().count() >= 2)
            .collect();
        Glosser {
            terms: aho_corasick::AhoCorasick::new(entries.iter().map(|g| &g.term)).ok(),
            english: entries.iter().map(|g| g.english.as_str()).collect(),
        }
    }

    fn glosses(&self, text: &str) -> Option<(String, Role)> {
        let terms = self.terms.as_ref()?;
        let mut found: Vec<usize> = terms
            .find_overlapping_iter(text)
            .map(|m| m.pattern().as_usize())
            .collect();
        found.sort_unstable();
        found.dedup();
        let english: Vec<&str> = found.into_iter().map(|i| self.english[i]).collect();
        field(english.join("; "), Role::Body)
    }
}

/// The entries of a report that an index of every report's titles holds
/// ([`super::SearchIndex::titles_of_each`]), for a store to keep and give back to
/// [`super::SearchIndex::from_stored`].
pub fn titles_and_names(report: &Report) -> Vec<NewEntry> {
    entries_of(report, Depth::TitlesAndNames)
}

pub(super) fn entries_of(report: &Report, depth: Depth) -> Vec<NewEntry> {
    let s = &report.structure;
    let everything = depth == Depth::Everything;
    let field = |text: String, role: Role| {
        if everything || role != Role::Body {
            field(text, role)
        } else {
            None
        }
    };
    // Glosses are matched as text.
    let glosser = everything.then(|| Glosser::new(report));
    let glosses = |text: &str| glosser.as_ref()?.glosses(text);
    let mut entries = Vec::new();
    let mut push =
        |item: ItemRef, kind: SearchKind, title: String, extra: Vec<Option<(String, Role)>>| {
            let mut fields: Vec<_> = field(title.clone(), Role::Title).into_iter().collect();
            fields.extend(extra.into_iter().flatten());
            entries.push(NewEntry {
                item,
                kind,
                title,
                fields,
            });
        };
    for chapter in &s.chapters {
        push(
            ItemRef::Chapter(chapter.number),
            SearchKind::Chapter,
            chapter.title.clone(),
            vec![
                field(chapter.heading(), Role::Name),
                glosses(&chapter.title),
            ],
        );
    }
    for section in &s.sections {
        push(
            ItemRef::Section(section.number.clone()),
            SearchKind::Section,
            section.title.clone(),
            vec![
                field(format!("{} {}", section.number, section.title), Role::Name),
                glosses(&section.title),
            ],
        );
    }
    for school in &report.schools {
        let mut extra: Vec<Option<(String, Role)>> = school
            .aliases
            .iter()
            .map(|a| field(a.clone(), Role::Name))
            .collect();
        extra.push(field(school.name_en.clone(), Role::Name));
        extra.push(field(school.id.clone(), Role::Name));
        extra.push(field(
            format!("{} {}", school.district, school.kind),
            Role::Body,
        ));
        push(
            ItemRef::School(school.id.clone()),
            SearchKind::School,
            school.name.clone(),
            extra,
        );
    }
    for case in &s.cases {
        let body: Vec<&str> = case
            .paragraphs
            .iter()
            .map(|&p| s.paragraphs[p].text.as_str())
            .collect();
        let body = body.join("");
        push(
            ItemRef::Case(case.id.clone()),
            SearchKind::Case,
            case.title.clone(),
            vec![
                field(case.name(), Role::Name),
                // English glosses of the terms in the title and the text: a case about
                // 双元制 is found by "dual system".
                glosses(&format!("{}{body}", case.title)),
                field(body, Role::Body),
            ],
        );
    }
    for indicator in &report.indicators {
        push(
            ItemRef::Indicator(indicator.id.clone()),
            SearchKind::Indicator,
            indicator.name.clone(),
            vec![
                field(indicator.name_en.clone(), Role::Name),
                field(indicator.id.replace('-', " "), Role::Name),
                field(indicator.value_text.clone(), Role::Name),
                field(indicator.source.clone(), Role::Body),
            ],
        );
    }
    for figure in &s.figures {
        push(
            ItemRef::Figure(figure.number.clone()),
            SearchKind::Figure,
            figure.caption.clone(),
            vec![
                field(format!("图{}", figure.number), Role::Name),
                glosses(&figure.caption),
            ],
        );
    }
    for table in &s.tables {
        let cells: Vec<String> = std::iter::once(&table.header)
            .chain(&table.rows)
            .map(|row| row.join(" "))
            .collect();
        push(
            ItemRef::Table(table.number.clone()),
            SearchKind::Table,
            table.title.clone(),
            vec![
                field(format!("表{}", table.number), Role::Name),
                field(cells.join(" / "), Role::Body),
                glosses(&table.title),
            ],
        );
    }
    for footnote in &s.footnotes {
        push(
            ItemRef::Footnote(footnote.number),
            SearchKind::Footnote,
            footnote.text.clone(),
            Vec::new(),
        );
    }
    for partner in &report.partners {
        let mut extra: Vec<Option<(String, Role)>> = partner
            .aliases
            .iter()
            .map(|a| field(a.clone(), Role::Name))
            .collect();
        extra.push(field(partner.name_en.clone(), Role::Name));
        push(
            ItemRef::Partner(partner.id.clone()),
            SearchKind::Partner,
            partner.name.clone(),
            extra,
        );
    }
    let paragraphs = s
        .paragraphs
        .iter()
        .filter(|p| everything && p.case.is_none());
    for paragraph in paragraphs {
        push(
            ItemRef::Paragraph(paragraph.index + 1),
            SearchKind::Paragraph,
            crate::text::excerpt(&paragraph.text, 30),
            vec![
                field(paragraph.text.clone(), Role::Body),
                glosses(&paragraph.text),
            ],
        );
    }
    // A paragraph's title is only its opening words: it must not rank as a title.
    for entry in entries
        .iter_mut()
        .filter(|e| e.kind == SearchKind::Paragraph)
    {
        entry.fields.retain(|(_, role)| *role != Role::Title);
    }
    if !everything {
        entries.retain(|e| !e.fields.is_empty());
    }
    entries
}
