//! Chapters and sections: a heading is taken when it is next in sequence and in the forms
//! this document uses; a bare `第三章` takes its title from the next line.

use super::Builder;
use crate::ingest::layout::Line;
use crate::ingest::recognise::{self, ChapterForm, Heading, SectionForm};
use crate::model::{Chapter, Location, Section};
use crate::text::collapse_whitespace;

/// The title given to text that stands before the first heading when the report has no
/// 前言 of its own.
pub const UNTITLED_PREFACE: &str = "卷首";

/// Chapter titles of the national template, trusted even right after an unfinished line.
const TEMPLATE_CHAPTERS: &[&str] = &[
    "基本情况",
    "学校情况",
    "人才培养",
    "服务贡献",
    "文化传承",
    "国际合作",
    "产教融合",
    "发展保障",
    "面临挑战",
    "学生发展",
    "教育教学",
    "政策保障",
    "特色创新",
    "主要问题和改进措施",
];

impl Builder<'_> {
    /// A heading in sequence and in the forms this document uses. Under `第…章` chapters,
    /// `一、…` numbers sections; a `第…章` or `第…节` line is a heading even after an
    /// unfinished sentence (a caption or a table may have cut one off).
    pub(super) fn accepted_heading(&self, line: &Line) -> Option<Heading> {
        let heading = match recognise::heading(&line.text)? {
            Heading::Chapter {
                number,
                title,
                form: ChapterForm::Enumerated,
            } if self.chapter_form == Some(ChapterForm::Ordinal) => Heading::SubsectionInChapter {
                number,
                title,
                form: SectionForm::Enumerated,
            },
            heading => heading,
        };
        let current = self.location.chapter;
        let section_form_fits = |form: SectionForm| self.section_form.is_none_or(|f| f == form);
        let accepted = match &heading {
            Heading::Preface => self.structure.preface.is_none() && current == 0,
            Heading::Chapter {
                number,
                title,
                form,
            } => {
                *number == current + 1
                    && self.chapter_form.is_none_or(|f| f == *form)
                    && (!self.mid_sentence()
                        || *form == ChapterForm::Ordinal
                        || TEMPLATE_CHAPTERS.contains(&title.as_str()))
            }
            Heading::Section {
                chapter, number, ..
            } => {
                *chapter == current
                    && current > 0
                    && *number == self.last_section + 1
                    && section_form_fits(SectionForm::Decimal)
            }
            Heading::SubsectionInChapter { number, form, .. } => {
                current > 0
                    && *number == self.last_section + 1
                    && section_form_fits(*form)
                    && (!self.mid_sentence() || *form == SectionForm::Ordinal)
            }
        };
        accepted.then_some(heading)
    }

    /// Opens the chapter or section of the heading at `i`; returns the next position (past
    /// the title's own line for a bare `第三章`).
    pub(super) fn start_heading(&mut self, i: usize, heading: Heading) -> usize {
        self.close_all_paragraphs();
        let line = &self.lines[i];
        let (heading, next) = self.with_title(i, heading);
        match heading {
            Heading::Preface => {
                self.structure.preface = Some(Chapter {
                    number: 0,
                    title: collapse_whitespace(&line.text).replace(' ', ""),
                    page: line.page,
                });
            }
            Heading::Chapter {
                number,
                title,
                form,
            } => {
                self.structure.chapters.push(Chapter {
                    number,
                    title,
                    page: line.page,
                });
                self.location = Location {
                    chapter: number,
                    section: None,
                };
                self.last_section = 0;
                self.chapter_form = Some(form);
                self.section_form = None;
            }
            Heading::Section { number, title, .. } => {
                self.start_section(number, title, line.page, SectionForm::Decimal);
            }
            Heading::SubsectionInChapter {
                number,
                title,
                form,
            } => self.start_section(number, title, line.page, form),
        }
        next
    }

    /// A bare `第三章` takes its title from the next line when that reads like one, else
    /// keeps its own words as the title.
    fn with_title(&self, i: usize, heading: Heading) -> (Heading, usize) {
        let bare = match &heading {
            Heading::Chapter { title, .. } | Heading::SubsectionInChapter { title, .. } => {
                title.is_empty()
            }
            _ => false,
        };
        if !bare {
            return (heading, i + 1);
        }
        let own = collapse_whitespace(&self.lines[i].text).replace(' ', "");
        let next_title = self
            .lines
            .get(i + 1)
            .filter(|next| !self.is_structural(next) && !self.gap_before(i + 1))
            .and_then(|next| recognise::title_line(&next.text));
        let (title, next) = match next_title {
            Some(title) => (title, i + 2),
            None => (own, i + 1),
        };
        let heading = match heading {
            Heading::Chapter { number, form, .. } => Heading::Chapter {
                number,
                title,
                form,
            },
            Heading::SubsectionInChapter { number, form, .. } => Heading::SubsectionInChapter {
                number,
                title,
                form,
            },
            other => other,
        };
        (heading, next)
    }

    fn start_section(&mut self, number: u32, title: String, page: u32, form: SectionForm) {
        let chapter = self.location.chapter;
        let label = format!("{chapter}.{number}");
        self.structure.sections.push(Section {
            number: label.clone(),
            chapter,
            title,
            page,
        });
        self.location.section = Some(label);
        self.last_section = number;
        self.section_form = Some(form);
    }

    /// Text before the first heading of a report without a 前言 is still the report's:
    /// it becomes an untitled opening (shown as 卷首, "front matter"), so it can be read,
    /// searched and cited like any other text.
    pub(super) fn open_untitled_preface(&mut self) {
        if self.structure.preface.is_some() {
            return;
        }
        let Some(first) = self
            .structure
            .paragraphs
            .iter()
            .find(|p| p.location.chapter == 0)
        else {
            return;
        };
        self.structure.preface = Some(Chapter {
            number: 0,
            title: UNTITLED_PREFACE.to_string(),
            page: first.page,
        });
        self.warnings.push(format!(
            "text before the first heading, and no 前言: kept as an untitled opening ({UNTITLED_PREFACE})"
        ));
    }
}
