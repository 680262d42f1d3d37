//! What the parser finds in a report's text: chapters, sections, paragraphs, cases,
//! figures, tables and footnotes, each with where it sits.

use serde::Serialize;

/// Everything the parser finds in the report's text, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Structure {
    /// The preface (front matter before chapter 1), if the report has one.
    pub preface: Option<Chapter>,
    pub chapters: Vec<Chapter>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    pub cases: Vec<Case>,
    pub figures: Vec<Figure>,
    pub tables: Vec<Table>,
    pub footnotes: Vec<Footnote>,
}

/// A top-level part: the preface (number 0) or a numbered chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chapter {
    pub number: u32,
    pub title: String,
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// As printed: `2.3`.
    pub number: String,
    pub chapter: u32,
    pub title: String,
    pub page: u32,
}

/// Where a piece of text sits: chapter (0 for the preface) and section, if any.
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
    pub fn chapter(&self, number: u32) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.number == number)
    }

    pub fn section(&self, number: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == number)
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
