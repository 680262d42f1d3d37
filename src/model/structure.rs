//! What the parser finds in a report's text: chapters, sections, paragraphs, cases,
//! figures, tables and footnotes, each with where it sits.

use serde::Serialize;

/// Everything the parser finds in the report's text, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Structure {
    /// The front matter before chapter 1, one entry per heading in order (`序言`, then
    /// `引言`); its text sits in chapter 0. Empty when the report has none.
    pub front_matter: Vec<Chapter>,
    pub chapters: Vec<Chapter>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    pub cases: Vec<Case>,
    pub figures: Vec<Figure>,
    pub tables: Vec<Table>,
    pub footnotes: Vec<Footnote>,
}

/// A top-level part (outline level 1): the preface (number 0), a numbered chapter (or
/// part, `第一部分`, in a report whose parts stand above its chapters), or back matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chapter {
    pub number: u32,
    pub title: String,
    pub page: u32,
    /// Back matter after the last chapter (`结语`, `附录`, `附表`): printed without a
    /// number, numbered on from the last chapter here so its text has a place.
    pub back_matter: bool,
}

impl Chapter {
    /// The heading as the outline shows it: `3 服务贡献`, or the title alone for back
    /// matter and the preface.
    pub fn heading(&self) -> String {
        if self.back_matter || self.number == 0 {
            self.title.clone()
        } else {
            format!("{} {}", self.number, self.title)
        }
    }
}

/// A section (outline level 2) or subsection (level 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// With its chapter's and section's numbers: `2.3` (level 2), `2.3.1` (level 3),
    /// whatever the report prints (`（三）`, `1.`).
    pub number: String,
    /// 2 for a section, 3 for a subsection.
    pub level: u8,
    /// The number of what it sits in: its chapter (`2`) for a section, its section
    /// (`2.3`) for a subsection.
    pub parent: String,
    pub chapter: u32,
    pub title: String,
    pub page: u32,
}

/// Where a piece of text sits: chapter (0 for the preface) and the deepest section it
/// is in, if any (`2.3.1` in a subsection).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub chapter: u32,
    pub section: Option<String>,
}

impl Location {
    /// The section number, or the chapter number for text outside any section.
    pub fn label(&self) -> String {
        match &self.section {
            Some(section) => section.clone(),
            None => self.chapter.to_string(),
        }
    }

    /// Whether the text sits in the section numbered `number` or one of its subsections.
    pub fn is_in_section(&self, number: &str) -> bool {
        self.section.as_deref().is_some_and(|section| {
            section == number
                || section
                    .strip_prefix(number)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }
}

/// A whole paragraph, reflowed: no PDF line breaks, page numbers or footnote text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// Position in document order, from 0.
    pub index: usize,
    pub location: Location,
    /// The case box the paragraph belongs to, if any.
    pub case: Option<String>,
    /// The page the paragraph starts on.
    pub page: u32,
    pub text: String,
    pub footnote_refs: Vec<FootnoteRef>,
    /// Byte offsets in `text` where a new page begins, with that page's number.
    pub page_breaks: Vec<(usize, u32)>,
}

impl Paragraph {
    /// The page on which the byte at `offset` was printed.
    pub fn page_at(&self, offset: usize) -> u32 {
        self.page_breaks
            .iter()
            .take_while(|(at, _)| *at <= offset)
            .last()
            .map_or(self.page, |&(_, page)| page)
    }
}

/// A footnote marker inside a paragraph: which footnote, at which byte offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FootnoteRef {
    pub number: u32,
    pub offset: usize,
}

/// A case-study box (`案例 N`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    /// As printed: `7` or `1-1`.
    pub number: String,
    pub title: String,
    pub location: Location,
    pub page: u32,
    /// Indexes of the case's paragraphs.
    pub paragraphs: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    pub number: String,
    pub caption: String,
    pub location: Location,
    pub page: u32,
    /// Where it sits in the text: before the paragraph with this index (after the one it
    /// interrupted).
    pub position: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub number: String,
    pub title: String,
    pub location: Location,
    pub page: u32,
    /// Where it sits in the text: before the paragraph with this index.
    pub position: usize,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Units read from the header cells' brackets (`（元）`), one per column, empty where none.
    pub units: Vec<String>,
    /// Notes read from the header cells' brackets that are not units (`含技工学籍`).
    pub notes: Vec<String>,
}

/// A footnote (in these reports, a data source) and the paragraph its marker sits in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    pub number: u32,
    pub text: String,
    pub page: u32,
    pub location: Location,
    /// Index of the paragraph that carries the marker.
    pub paragraph: Option<usize>,
}

impl Structure {
    /// The preface: the first heading of the front matter, which stands for all of it
    /// (chapter 0) where one title is shown.
    pub fn preface(&self) -> Option<&Chapter> {
        self.front_matter.first()
    }

    pub fn chapter(&self, number: u32) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.number == number)
    }

    pub fn section(&self, number: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == number)
    }

    /// The sections of a chapter (level 2), in order.
    pub fn sections_of(&self, chapter: u32) -> impl Iterator<Item = &Section> {
        self.sections
            .iter()
            .filter(move |s| s.level == 2 && s.chapter == chapter)
    }

    /// The subsections of a section (level 3), in order.
    pub fn subsections_of<'s>(&'s self, section: &'s str) -> impl Iterator<Item = &'s Section> {
        self.sections
            .iter()
            .filter(move |s| s.parent == section && s.level == 3)
    }

    pub fn case(&self, number: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.number == number)
    }

    pub fn figure(&self, number: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.number == number)
    }

    pub fn table(&self, number: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.number == number)
    }

    pub fn footnote(&self, number: u32) -> Option<&Footnote> {
        self.footnotes.iter().find(|f| f.number == number)
    }
}
