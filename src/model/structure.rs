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

/// A case-study box: `案例 N`, `【典型案例N】`, `专栏N`, or unnumbered (`【案例】`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    /// The id that `case:<id>` names: the number as printed where no other case of the
    /// report prints the same one, else `n<k>` with `k` its 1-based place in document
    /// order among the report's cases (unnumbered boxes, or `案例1` beside `专栏1`).
    pub id: String,
    /// What the report calls it: 案例, 典型案例 or 专栏.
    pub label: CaseLabel,
    /// As printed: `7` or `1-1`; empty when unnumbered (`【案例】…`).
    pub number: String,
    pub title: String,
    pub location: Location,
    pub page: u32,
    /// Indexes of the case's paragraphs.
    pub paragraphs: Vec<usize>,
}

impl Case {
    /// The case as the report names it: `案例7`, `专栏2`, `典型案例1-1`, or the label
    /// alone when unnumbered.
    pub fn name(&self) -> String {
        format!("{}{}", self.label.as_str(), self.number)
    }
}

/// What a report calls a case box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseLabel {
    /// 案例.
    Case,
    /// 典型案例.
    TypicalCase,
    /// 专栏 (a feature box, as province reports set them).
    Feature,
}

impl CaseLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseLabel::Case => "案例",
            CaseLabel::TypicalCase => "典型案例",
            CaseLabel::Feature => "专栏",
        }
    }
}

impl Serialize for CaseLabel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
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

/// A footnote (in these reports, mostly a data source) and the paragraph its marker sits
/// in; or a note with no marker (`注：…`, `数据来源：…`) and the table or paragraph it
/// stands under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    /// The id that `footnote:<N>` names: the marker's number (`1` for `1`, `①`, `[1]`,
    /// `¹`) where no other footnote has it, else one after the highest such number, in
    /// document order (notes without a marker, `*`, a numbering restarted per page).
    pub number: u32,
    /// The marker as printed (`1`, `①`, `[1]`, `*`, `¹`); empty for a note.
    pub marker: String,
    pub text: String,
    pub page: u32,
    pub location: Location,
    /// Index of the paragraph that carries the marker; for a note, the paragraph it
    /// stands under (unless it stands under a table).
    pub paragraph: Option<usize>,
    /// For a note under a table: that table's number.
    pub table: Option<String>,
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

    /// The case with this id (see [`Case::id`]).
    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id == id)
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
