//! The outline tree: preface, chapters, sections, and the cases, figures and tables of each
//! section, with chapters and sections collapsible.

use std::collections::BTreeSet;

use crate::model::{Location, Report};

/// One row of the outline.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OutlineNode {
    Preface,
    Chapter(u32),
    Section(String),
    Case(String),
    Figure(String),
    Table(String),
}

impl OutlineNode {
    /// Indentation level in the tree.
    pub fn depth(&self) -> usize {
        match self {
            OutlineNode::Preface | OutlineNode::Chapter(_) => 0,
            OutlineNode::Section(_) => 1,
            OutlineNode::Case(_) | OutlineNode::Figure(_) | OutlineNode::Table(_) => 2,
        }
    }

    /// The label shown: `2.3 技能成才`, `案例 7 …`.
    pub fn label(&self, report: &Report) -> String {
        let s = &report.structure;
        match self {
            OutlineNode::Preface => s
                .preface
                .as_ref()
                .map_or_else(String::new, |p| p.title.clone()),
            OutlineNode::Chapter(n) => s
                .chapter(*n)
                .map_or_else(String::new, |c| format!("{} {}", c.number, c.title)),
            OutlineNode::Section(n) => s
                .section(n)
                .map_or_else(String::new, |x| format!("{} {}", x.number, x.title)),
            OutlineNode::Case(n) => s
                .case(n)
                .map_or_else(String::new, |c| format!("案例{} {}", c.number, c.title)),
            OutlineNode::Figure(n) => s
                .figure(n)
                .map_or_else(String::new, |f| format!("图{} {}", f.number, f.caption)),
            OutlineNode::Table(n) => s
                .table(n)
                .map_or_else(String::new, |t| format!("表{} {}", t.number, t.title)),
        }
    }
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
    pub fn rows(&self, report: &Report) -> Vec<OutlineNode> {
        let s = &report.structure;
        let mut rows = Vec::new();
        if s.preface.is_some() {
            rows.push(OutlineNode::Preface);
        }
        for chapter in &s.chapters {
            rows.push(OutlineNode::Chapter(chapter.number));
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
            for section in s.sections.iter().filter(|x| x.chapter == chapter.number) {
                rows.push(OutlineNode::Section(section.number.clone()));
                if self.expanded_sections.contains(&section.number) {
                    let location = Location {
                        chapter: chapter.number,
                        section: Some(section.number.clone()),
                    };
                    rows.extend(items_at(report, &location));
                }
            }
        }
        rows
    }

    /// Folds or unfolds the node; returns whether anything changed.
    pub fn set_open(&mut self, node: &OutlineNode, open: bool) -> bool {
        match node {
            OutlineNode::Chapter(n) if open => self.collapsed_chapters.remove(n),
            OutlineNode::Chapter(n) => self.collapsed_chapters.insert(*n),
            OutlineNode::Section(n) if open => self.expanded_sections.insert(n.clone()),
            OutlineNode::Section(n) => self.expanded_sections.remove(n),
            _ => false,
        }
    }
}

/// The cases, figures and tables at a location, in document order.
fn items_at(report: &Report, location: &Location) -> Vec<OutlineNode> {
    let s = &report.structure;
    let mut items: Vec<(usize, OutlineNode)> = Vec::new();
    for case in s.cases.iter().filter(|c| &c.location == location) {
        items.push((
            case.paragraphs.first().copied().unwrap_or(0),
            OutlineNode::Case(case.number.clone()),
        ));
    }
    for figure in s.figures.iter().filter(|f| &f.location == location) {
        items.push((figure.position, OutlineNode::Figure(figure.number.clone())));
    }
    for table in s.tables.iter().filter(|t| &t.location == location) {
        items.push((table.position, OutlineNode::Table(table.number.clone())));
    }
    items.sort_by_key(|(position, _)| *position);
    items.into_iter().map(|(_, node)| node).collect()
}
