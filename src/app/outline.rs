//! The outline tree: preface, chapters, sections, their subsections, and the cases, figures
//! and tables of each section and subsection, with chapters and sections collapsible. Its
//! rows are item ids.

use std::collections::BTreeSet;

use crate::model::{ItemRef, Location, Report, Section};

/// Indentation level of an outline row: 1 for a section, 2 for a subsection, and one
/// more than its section or subsection for a case, figure or table.
pub fn depth(report: &Report, node: &ItemRef) -> usize {
    let s = &report.structure;
    let location = match node {
        ItemRef::Section(n) => return section_depth(n),
        ItemRef::Case(n) => s.case(n).map(|x| &x.location),
        ItemRef::Figure(n) => s.figure(n).map(|x| &x.location),
        ItemRef::Table(n) => s.table(n).map(|x| &x.location),
        _ => return 0,
    };
    1 + location
        .and_then(|l| l.section.as_deref())
        .map_or(1, section_depth)
}

/// 1 for a section number (`2.3`), 2 for a subsection's (`2.3.1`).
fn section_depth(number: &str) -> usize {
    number.matches('.').count()
}

/// The label of an outline row: `2.3 技能成才`, `案例7 …`.
pub fn label(report: &Report, node: &ItemRef) -> String {
    let s = &report.structure;
    let found = match node {
        ItemRef::Preface => s.preface().map(|p| p.title.clone()),
        ItemRef::Chapter(n) => s.chapter(*n).map(|c| c.heading()),
        ItemRef::Section(n) => s.section(n).map(|x| format!("{} {}", x.number, x.title)),
        ItemRef::Case(n) => s.case(n).map(|c| format!("{} {}", c.name(), c.title)),
        ItemRef::Figure(n) => s.figure(n).map(|f| format!("图{} {}", f.number, f.caption)),
        ItemRef::Table(n) => s.table(n).map(|t| format!("表{} {}", t.number, t.title)),
        _ => None,
    };
    found.unwrap_or_default()
}

/// The tree's collapsed state and selection.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Chapters folded to their heading.
    pub collapsed_chapters: BTreeSet<u32>,
    /// Sections unfolded to show their cases, figures and tables.
    pub expanded_sections: BTreeSet<String>,
    pub selected: usize,
}

impl Outline {
    /// The rows currently visible, in order.
    pub fn rows(&self, report: &Report) -> Vec<ItemRef> {
        let s = &report.structure;
        let mut rows = Vec::new();
        if s.preface().is_some() {
            rows.push(ItemRef::Preface);
        }
        for chapter in &s.chapters {
            rows.push(ItemRef::Chapter(chapter.number));
            if self.collapsed_chapters.contains(&chapter.number) {
                continue;
            }
            rows.extend(items_at(
                report,
                &Location {
                    chapter: chapter.number,
                    section: None,
                },
            ));
            for section in s.sections_of(chapter.number) {
                self.push_section(report, section, &mut rows);
                for subsection in s.subsections_of(&section.number) {
                    self.push_section(report, subsection, &mut rows);
                }
            }
        }
        rows
    }

    /// A section's row, and its cases, figures and tables when it is unfolded.
    fn push_section(&self, report: &Report, section: &Section, rows: &mut Vec<ItemRef>) {
        rows.push(ItemRef::Section(section.number.clone()));
        if self.expanded_sections.contains(&section.number) {
            let location = Location {
                chapter: section.chapter,
                section: Some(section.number.clone()),
            };
            rows.extend(items_at(report, &location));
        }
    }

    /// Folds or unfolds the node; returns whether anything changed.
    pub fn set_open(&mut self, node: &ItemRef, open: bool) -> bool {
        match node {
            ItemRef::Chapter(n) if open => self.collapsed_chapters.remove(n),
            ItemRef::Chapter(n) => self.collapsed_chapters.insert(*n),
            ItemRef::Section(n) if open => self.expanded_sections.insert(n.clone()),
            ItemRef::Section(n) => self.expanded_sections.remove(n),
            _ => false,
        }
    }
}

/// The cases, figures and tables at a location, in document order.
fn items_at(report: &Report, location: &Location) -> Vec<ItemRef> {
    let s = &report.structure;
    let mut items: Vec<(usize, ItemRef)> = Vec::new();
    for case in s.cases.iter().filter(|c| &c.location == location) {
        items.push((
            case.paragraphs.first().copied().unwrap_or(0),
            ItemRef::Case(case.id.clone()),
        ));
    }
    for figure in s.figures.iter().filter(|f| &f.location == location) {
        items.push((figure.position, ItemRef::Figure(figure.number.clone())));
    }
    for table in s.tables.iter().filter(|t| &t.location == location) {
        items.push((table.position, ItemRef::Table(table.number.clone())));
    }
    items.sort_by_key(|(position, _)| *position);
    items.into_iter().map(|(_, node)| node).collect()
}
