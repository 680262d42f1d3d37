//! The reader's side of the state: the chapter laid out at the reader's width with its
//! marks (kept between actions, so drawing only reads it), where it is scrolled, where it
//! is for the status bar, and opening it at a chapter or a paragraph.

use std::rc::Rc;

use super::document::{Anchor, Document, Highlight, Marks};
use super::{Action, App, Pane, READER_MEASURE, View, layout};
use crate::model::ItemRef;

/// What a laid-out chapter depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DocumentKey {
    chapter: u32,
    width: usize,
    marks: Marks,
}

impl App {
    /// The width the reader wraps text to: the pane's, up to a comfortable measure of
    /// about forty Chinese characters (a wider pane centres the text).
    pub fn reader_width(&self) -> usize {
        self.areas().map_or(40, |a| {
            usize::from(layout::inner(a.content).width)
                .saturating_sub(1)
                .clamp(8, READER_MEASURE)
        })
    }

    pub fn reader_height(&self) -> usize {
        self.height_of(|a| a.content)
    }

    /// What the current chapter is laid out for: its number, the width, the marks.
    pub(super) fn document_key(&self) -> DocumentKey {
        let find = self.reader.find.as_ref();
        DocumentKey {
            chapter: self.reader.chapter,
            width: self.reader_width(),
            marks: Marks {
                source: self.reader.highlight.clone(),
                found: find.map(|f| f.hits.clone()).unwrap_or_default(),
                current: find.map(|f| f.current),
            },
        }
    }

    /// The current chapter laid out for the reader. Laying out a chapter wraps all its
    /// text, and the status bar, the reader pane and scrolling all need it, so it is kept
    /// until the chapter, the width or the highlight changes; [`App::settle`] lays out
    /// the chapter being read, so drawing only reads it.
    pub fn reader_document(&self) -> Rc<Document> {
        let key = self.document_key();
        match &self.document {
            Some((laid_out, document)) if *laid_out == key => Rc::clone(document),
            _ => Rc::new(self.lay_out(&key)),
        }
    }

    pub(super) fn lay_out(&self, key: &DocumentKey) -> Document {
        Document::build(self.report(), key.chapter, key.width, &key.marks)
    }

    /// [`App::reader_document`], kept for the next time.
    pub(super) fn layout_reader(&mut self) -> Rc<Document> {
        let key = self.document_key();
        if let Some((laid_out, document)) = &self.document
            && *laid_out == key
        {
            return Rc::clone(document);
        }
        let document = Rc::new(self.lay_out(&key));
        self.document = Some((key, Rc::clone(&document)));
        document
    }

    /// The first visible line of the current chapter.
    pub fn reader_scroll(&self) -> usize {
        self.reader
            .scroll
            .get(&self.reader.chapter)
            .copied()
            .unwrap_or(0)
    }

    pub(super) fn set_reader_scroll(&mut self, line: usize, document: &Document) {
        let last = document.lines.len().saturating_sub(self.reader_height());
        self.reader
            .scroll
            .insert(self.reader.chapter, line.min(last));
    }

    /// The line the reader is at: the first line with text from the top of the pane (a
    /// jump leaves a blank line of context above what it jumped to).
    pub(super) fn reading_line(&self, document: &Document) -> usize {
        let top = self.reader_scroll();
        let bottom = (top + self.reader_height()).min(document.lines.len());
        (top..bottom)
            .find(|&line| !document.lines[line].text().trim().is_empty())
            .unwrap_or(top)
    }

    /// Where the reader is: `2 人才培养 › 2.3 技能成才 · p. 10`.
    pub fn location(&self) -> String {
        let report = self.report();
        let s = &report.structure;
        match self.view {
            View::Reader => {
                let document = self.reader_document();
                let top = self.reading_line(&document);
                let chapter = match self.reader.chapter {
                    0 => s.preface().map_or_else(String::new, |p| p.title.clone()),
                    n => s
                        .chapter(n)
                        .map_or_else(String::new, |c| format!("{} {}", c.number, c.title)),
                };
                let section = match document.anchor_before(top, |a| matches!(a, Anchor::Section(_)))
                {
                    Some(Anchor::Section(n)) => {
                        s.section(n).map(|x| format!(" › {} {}", x.number, x.title))
                    }
                    _ => None,
                };
                let page = match document
                    .anchor_before(top.max(1), |a| matches!(a, Anchor::Paragraph(_)))
                {
                    Some(Anchor::Paragraph(p)) => Some(s.paragraphs[*p].page),
                    _ => s
                        .paragraphs
                        .iter()
                        .find(|p| p.location.chapter == self.reader.chapter)
                        .map(|p| p.page),
                };
                format!(
                    "{chapter}{}{}",
                    section.unwrap_or_default(),
                    page.map(|p| format!(" · p. {p}")).unwrap_or_default()
                )
            }
            View::Dashboard => report.meta.title.clone(),
            View::Indicators => format!(
                "{} of {} indicators",
                self.indicators.rows.len(),
                report.indicators.len()
            ),
            View::Schools => format!("{} schools", report.schools.len()),
            View::Cases => format!("{} cases", s.cases.len()),
        }
    }

    /// Selects in the outline the section (or chapter) the reader is at.
    pub(super) fn outline_follows_reader(&mut self) {
        let document = self.layout_reader();
        let reading = self.reading_line(&document);
        let section = match document.anchor_before(reading, |a| matches!(a, Anchor::Section(_))) {
            Some(Anchor::Section(n)) => Some(ItemRef::Section(n.clone())),
            _ => None,
        };
        let chapter = match self.reader.chapter {
            0 => ItemRef::Preface,
            n => ItemRef::Chapter(n),
        };
        let rows = self.outline.rows(self.report());
        let found = section
            .and_then(|s| rows.iter().position(|r| *r == s))
            .or_else(|| rows.iter().position(|r| *r == chapter));
        if let Some(row) = found {
            self.outline_rows.selected = row;
            self.outline_rows.keep_visible(self.outline_height());
        }
    }

    pub(super) fn scroll_reader(&mut self, motion: Action) {
        let document = self.layout_reader();
        let height = self.reader_height();
        let Some(delta) = Self::step(&motion, height.saturating_sub(2)) else {
            if motion == Action::Left {
                self.pane = Pane::Outline;
            }
            return;
        };
        let line = self.reader_scroll().saturating_add_signed(delta);
        self.set_reader_scroll(line, &document);
        self.reader.target = None;
    }

    /// Opens the reader at a chapter, scrolled to an anchor (or where it was left).
    pub(super) fn open_reader(
        &mut self,
        chapter: u32,
        anchor: Option<Anchor>,
        highlight: Option<Highlight>,
    ) {
        self.view = View::Reader;
        let other_chapter = self.reader.chapter != chapter;
        self.reader.chapter = chapter;
        self.reader.highlight = highlight;
        if other_chapter && let Some(find) = self.reader.find.as_mut() {
            find.refresh(&self.current, chapter);
        }
        self.reader.target.clone_from(&anchor);
        if self.pane == Pane::Detail {
            self.pane = Pane::Main;
        }
        if let Some(anchor) = anchor {
            let document = self.layout_reader();
            if let Some(line) = document.line_of(&anchor) {
                // A little context above the target.
                self.set_reader_scroll(line.saturating_sub(1), &document);
            }
        }
    }

    pub(super) fn open_paragraph(&mut self, paragraph: usize, highlight: Option<Highlight>) {
        let Some(chapter) = self
            .report()
            .structure
            .paragraphs
            .get(paragraph)
            .map(|p| p.location.chapter)
        else {
            return;
        };
        self.open_reader(chapter, Some(Anchor::Paragraph(paragraph)), highlight);
    }
}
