//! The outline to three levels: a numbered heading is taken when it is next in sequence at
//! a level whose form it has. Each document keeps one form of level-1 heading (`1 …`,
//! `一、…`, `第一章 …` or `第一部分 …`), each chapter one form of section and one of
//! subsection, each under the forms that may stand below its parent's (`一、` → `（一）`
//! → `1.`; `1` → `1.1` → `1.1.1`; `第一章` → `第一节` → `一、`; `第一部分` → `一、` →
//! `（一）`). Each front-matter heading before chapter 1 (前言; 序言 then 引言) opens a
//! front chapter, its text in chapter 0; back matter (结语, 附录, 附表 …)
//! after the last chapter becomes an unnumbered level-1 chapter. A number alone on its
//! line takes its title from the next line; a title wrapped onto a second line is joined.

use super::Builder;
use crate::ingest::layout::Line;
use crate::ingest::recognise::{self, Form, Heading, Numbered};
use crate::model::{Chapter, Location, Section};
use crate::text::{collapse_whitespace, compact, ends_sentence};

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

/// Longest title (in characters) that a heading wrapped onto a second line may have.
const WRAPPED_TITLE_CHARS: usize = 40;

/// The numbering read so far: the forms in use at each level and the last number taken.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// How this document numbers its level-1 headings, from its first chapter.
    chapter_form: Option<Form>,
    /// How the current chapter numbers its sections, from its first section.
    section_form: Option<Form>,
    /// How the current chapter numbers its subsections, from its first subsection.
    subsection_form: Option<Form>,
    /// The last numbered chapter (back matter is numbered on from it).
    last_chapter: u32,
    /// Within the current chapter.
    last_section: u32,
    /// Within the current section.
    last_subsection: u32,
    /// Back matter has begun: no numbered chapter follows.
    in_back_matter: bool,
}

/// The forms that may number the level below a heading of `form`.
fn forms_below(form: Form) -> &'static [Form] {
    match form {
        Form::Part => &[Form::OrdinalChapter, Form::Enumerated, Form::Parenthesised],
        Form::OrdinalChapter => &[
            Form::OrdinalSection,
            Form::Enumerated,
            Form::Decimal,
            Form::Parenthesised,
        ],
        Form::OrdinalSection => &[Form::Enumerated, Form::Parenthesised],
        Form::Enumerated => &[Form::Parenthesised, Form::Decimal],
        Form::Parenthesised => &[Form::Arabic],
        Form::Arabic => &[Form::Decimal],
        Form::Decimal => &[Form::Decimal3],
        Form::Decimal3 => &[],
    }
}

/// A heading accepted at a level of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Accepted {
    FrontMatter,
    BackMatter(String),
    /// Level 1, 2 or 3 with the heading as printed.
    Numbered(u8, Numbered),
}

impl Builder<'_> {
    /// A heading in sequence and in the forms this document uses, judged by its own line
    /// (a bare number's title, on the next line, is checked when it is taken).
    pub(super) fn accepted_heading(&self, line: &Line) -> Option<Accepted> {
        let current = self.location.chapter;
        // A list's last item (`…；`), a table row or a bare number ends its paragraph as
        // well as a sentence does.
        let cut_off = self.mid_sentence()
            && !self
                .open
                .as_ref()
                .is_some_and(|open| open.ends_with_data || open.text.ends_with(['；', ';']))
            && !self.open_is_page_furniture(line);
        match recognise::heading(&line.text)? {
            Heading::FrontMatter => (current == 0
                && self.structure.chapters.is_empty()
                && !self
                    .structure
                    .front_matter
                    .iter()
                    .any(|front| front.title == compact(&line.text)))
            .then_some(Accepted::FrontMatter),
            Heading::BackMatter(title) => (!self.structure.chapters.is_empty() && !cut_off)
                .then_some(Accepted::BackMatter(title)),
            Heading::Numbered(numbered) => {
                let level = self.numbering.level_of(&numbered, current)?;
                let trusted = numbered.form.is_unmistakable()
                    || (level == 1 && TEMPLATE_CHAPTERS.contains(&numbered.title.as_str()));
                (trusted || !cut_off).then_some(Accepted::Numbered(level, numbered))
            }
        }
    }

    /// The heading at line `i` with its whole title, and the position after it: a bare
    /// number takes the next line as its title (only `第三章` and the like stand without
    /// one); a title that fills its line and wraps onto a short title-like line is joined.
    pub(super) fn heading_at(&self, i: usize) -> Option<(Accepted, usize)> {
        let heading = self.accepted_heading(&self.lines[i])?;
        let Accepted::Numbered(level, mut numbered) = heading else {
            return Some((heading, i + 1));
        };
        let next_title = || {
            self.lines
                .get(i + 1)
                .filter(|next| {
                    next.page == self.lines[i].page
                        && !next.indented
                        && !self.is_structural(next)
                        && !self.gap_before(i + 1)
                        && !next.text.contains('\t')
                        && recognise::heading(&next.text).is_none()
                })
                .and_then(|next| recognise::title_line(&next.text))
        };
        if numbered.title.is_empty() {
            match next_title() {
                Some(title) => {
                    numbered.title = title;
                    return Some((Accepted::Numbered(level, numbered), i + 2));
                }
                None if numbered.form.is_unmistakable() => {
                    numbered.title = compact(&collapse_whitespace(&self.lines[i].text));
                    return Some((Accepted::Numbered(level, numbered), i + 1));
                }
                None => return None,
            }
        }
        let line = &self.lines[i];
        if self.layout.is_full(line) && !ends_sentence(&line.text) {
            let joined = next_title()
                .map(|rest| format!("{}{}", numbered.title, rest))
                .filter(|title| title.chars().count() <= WRAPPED_TITLE_CHARS);
            if let Some(title) = joined {
                numbered.title = title;
                return Some((Accepted::Numbered(level, numbered), i + 2));
            }
        }
        Some((Accepted::Numbered(level, numbered), i + 1))
    }

    /// Opens the chapter or section of the heading that ends before `next`.
    pub(super) fn start_heading(&mut self, i: usize, heading: Accepted, next: usize) -> usize {
        self.close_all_paragraphs();
        let page = self.lines[i].page;
        match heading {
            Accepted::FrontMatter => {
                self.structure.front_matter.push(Chapter {
                    number: 0,
                    title: compact(&self.lines[i].text),
                    page,
                    back_matter: false,
                });
            }
            Accepted::BackMatter(title) => {
                let number = self.location.chapter.max(self.numbering.last_chapter) + 1;
                self.open_chapter(number, title, page, true);
                self.numbering.in_back_matter = true;
            }
            Accepted::Numbered(1, numbered) => {
                self.open_chapter(numbered.number, numbered.title, page, false);
                self.numbering.chapter_form = Some(numbered.form);
                self.numbering.last_chapter = numbered.number;
            }
            Accepted::Numbered(level, numbered) => self.open_section(level, numbered, page),
        }
        next
    }

    fn open_chapter(&mut self, number: u32, title: String, page: u32, back_matter: bool) {
        self.structure.chapters.push(Chapter {
            number,
            title,
            page,
            back_matter,
        });
        self.location = Location {
            chapter: number,
            section: None,
        };
        let numbering = &mut self.numbering;
        numbering.last_section = 0;
        numbering.last_subsection = 0;
        numbering.section_form = None;
        numbering.subsection_form = None;
    }

    /// Opens a section (level 2) or subsection (level 3), numbered with its chapter's and
    /// section's numbers whatever the report prints.
    fn open_section(&mut self, level: u8, heading: Numbered, page: u32) {
        let chapter = self.location.chapter;
        let numbering = &mut self.numbering;
        let (number, parent) = if level == 2 {
            numbering.last_section = heading.number;
            numbering.last_subsection = 0;
            numbering.section_form = Some(heading.form);
            (format!("{chapter}.{}", heading.number), chapter.to_string())
        } else {
            numbering.last_subsection = heading.number;
            numbering.subsection_form = Some(heading.form);
            let parent = format!("{chapter}.{}", numbering.last_section);
            (format!("{parent}.{}", heading.number), parent)
        };
        self.structure.sections.push(Section {
            number: number.clone(),
            level,
            parent,
            chapter,
            title: heading.title,
            page,
        });
        self.location.section = Some(number);
    }

    /// Text before the first heading of a report without a 前言 is still the report's:
    /// it becomes an untitled opening (shown as 卷首, "front matter"), so it can be read,
    /// searched and cited like any other text.
    pub(super) fn open_untitled_preface(&mut self) {
        if self.structure.preface().is_some() {
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
        self.structure.front_matter.push(Chapter {
            number: 0,
            title: UNTITLED_PREFACE.to_string(),
            page: first.page,
            back_matter: false,
        });
        self.warnings.push(format!(
            "text before the first heading, and no 前言: kept as an untitled opening ({UNTITLED_PREFACE})"
        ));
    }
}

impl Numbering {
    /// The level a numbered heading takes here (in chapter `current`, 0 before the first),
    /// if it is next in sequence at a level whose form it has.
    fn level_of(&self, heading: &Numbered, current: u32) -> Option<u8> {
        let form = heading.form;
        let fits = |set: Option<Form>| set.is_none_or(|f| f == form);
        let chapter_level = matches!(
            form,
            Form::Part | Form::OrdinalChapter | Form::Enumerated | Form::Arabic
        ) && fits(self.chapter_form)
            && !self.in_back_matter
            && heading.number == self.last_chapter + 1;
        if chapter_level {
            return Some(1);
        }
        let chapter_form = self.chapter_form?;
        let section_level = current > 0
            && form != Form::Decimal3
            && forms_below(chapter_form).contains(&form)
            && fits(self.section_form)
            && heading.number == self.last_section + 1
            && (form != Form::Decimal || heading.within == [current]);
        if section_level {
            return Some(2);
        }
        let section_form = self.section_form?;
        let subsection_level = current > 0
            && self.last_section > 0
            && form != Form::Decimal
            && forms_below(section_form).contains(&form)
            && fits(self.subsection_form)
            && heading.number == self.last_subsection + 1
            && (form != Form::Decimal3 || heading.within == [current, self.last_section]);
        subsection_level.then_some(3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(line: &str) -> Numbered {
        match recognise::heading(line) {
            Some(Heading::Numbered(numbered)) => numbered,
            other => panic!("{line}: {other:?}"),
        }
    }

    /// Feeds heading lines through the numbering; returns the level each took (0: none).
    fn levels(lines: &[&str]) -> Vec<u8> {
        let mut numbering = Numbering::default();
        let mut chapter = 0;
        lines
            .iter()
            .map(|line| {
                let heading = numbered(line);
                let level = numbering.level_of(&heading, chapter).unwrap_or(0);
                match level {
                    1 => {
                        chapter = heading.number;
                        numbering = Numbering {
                            chapter_form: Some(heading.form),
                            last_chapter: heading.number,
                            ..Numbering::default()
                        };
                    }
                    2 => {
                        numbering.last_section = heading.number;
                        numbering.last_subsection = 0;
                        numbering.section_form = Some(heading.form);
                    }
                    3 => {
                        numbering.last_subsection = heading.number;
                        numbering.subsection_form = Some(heading.form);
                    }
                    _ => {}
                }
                level
            })
            .collect()
    }

    #[test]
    fn the_decimal_family_nests_three_levels() {
        assert_eq!(
            levels(&[
                "1 基本情况",
                "1.1 规模",
                "1.1.1 在校生",
                "1.1.2 专业",
                "1.2 条件",
                "2 人才培养",
                "2.1 技能"
            ]),
            [1, 2, 3, 3, 2, 1, 2]
        );
        // Out of sequence, or numbered for another section: not headings.
        assert_eq!(
            levels(&[
                "1 基本情况",
                "1.1 规模",
                "1.2.1 在校生",
                "1.1.2 专业",
                "2.1 技能"
            ]),
            [1, 2, 0, 0, 0]
        );
    }

    #[test]
    fn the_older_template_nests_enumerated_parenthesised_and_arabic() {
        assert_eq!(
            levels(&[
                "一、学校情况",
                "（一）概况",
                "1.规模",
                "2.结构",
                "（二）条件",
                "1.设施",
                "二、学生发展"
            ]),
            [1, 2, 3, 3, 2, 3, 1]
        );
    }

    #[test]
    fn ordinal_chapters_take_sections_then_enumerated_subsections() {
        assert_eq!(
            levels(&[
                "第一章 基本情况",
                "第一节 规模",
                "一、在校生",
                "二、专业",
                "第二节 条件",
                "一、设施"
            ]),
            [1, 2, 3, 3, 2, 3]
        );
        assert_eq!(
            levels(&["第一章 基本情况", "一、规模", "（一）在校生", "二、条件"]),
            [1, 2, 3, 2]
        );
    }

    #[test]
    fn parts_stand_above_enumerated_chapters() {
        assert_eq!(
            levels(&[
                "第一部分 总体情况",
                "一、规模",
                "（一）在校生",
                "（二）专业",
                "二、条件",
                "第二部分 人才培养",
                "一、技能"
            ]),
            [1, 2, 3, 3, 2, 1, 2]
        );
        // Only three levels: `1.` under a part's `（一）` is body text.
        assert_eq!(
            levels(&["第一部分 总体情况", "一、规模", "（一）在校生", "1.中职"]),
            [1, 2, 3, 0]
        );
    }

    #[test]
    fn mixed_numbering_puts_decimal_sections_under_enumerated_chapters() {
        assert_eq!(
            levels(&[
                "一、学校情况",
                "1.1 规模",
                "1.1.1 在校生",
                "1.2 条件",
                "二、学生发展",
                "2.1 技能"
            ]),
            [1, 2, 3, 2, 1, 2]
        );
    }
}
