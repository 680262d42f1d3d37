//! Find in the chapter being read: the finder's matcher (pinyin-aware) over each sentence
//! of the chapter, every hit marked, the reader moved from hit to hit.

use super::document::Highlight;
use super::text_input::TextInput;
use super::{Action, App};
use crate::model::Report;
use crate::search::{MatchText, Query, Scratch};

/// A find in the current chapter: what is typed, the hits, which one is current.
#[derive(Debug, Clone, Default)]
pub struct ChapterFind {
    pub input: TextInput,
    /// The query is being typed (keys go to it).
    pub editing: bool,
    pub hits: Vec<Highlight>,
    pub current: usize,
}

impl ChapterFind {
    /// Finds the query in every sentence of the chapter's paragraphs, in reading order.
    pub fn refresh(&mut self, report: &Report, chapter: u32) {
        let query = Query::new(&self.input.text());
        self.hits.clear();
        self.current = 0;
        if query.is_empty() {
            return;
        }
        let mut scratch = Scratch::default();
        let paragraphs = report
            .structure
            .paragraphs
            .iter()
            .filter(|p| p.location.chapter == chapter);
        for paragraph in paragraphs {
            let chars: Vec<char> = paragraph.text.chars().collect();
            for sentence in sentences(&chars) {
                let text: String = chars[sentence.clone()].iter().collect();
                // Compact matches only: a scattered subsequence of a sentence says nothing.
                let Some(found) = query.match_text(&MatchText::new(&text), true, &mut scratch)
                else {
                    continue;
                };
                let (Some(&first), Some(&last)) =
                    (found.positions.iter().min(), found.positions.iter().max())
                else {
                    continue;
                };
                self.hits.push(Highlight {
                    paragraph: paragraph.index,
                    chars: sentence.start + first..sentence.start + last + 1,
                });
            }
        }
    }

    /// Moves to the next (or previous) hit, round the ends.
    pub fn step(&mut self, forward: bool) {
        let count = self.hits.len();
        if count > 0 {
            self.current = if forward {
                (self.current + 1) % count
            } else {
                (self.current + count - 1) % count
            };
        }
    }

    /// `2/7` or `no match`, for the status bar.
    pub fn summary(&self) -> String {
        if self.hits.is_empty() {
            "no match".to_string()
        } else {
            format!("{}/{}", self.current + 1, self.hits.len())
        }
    }
}

/// The sentences of a paragraph, as character ranges (each ends with its mark).
fn sentences(chars: &[char]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < chars.len() {
        ranges.push(start..chars.len());
    }
    ranges
}

impl App {
    /// Typing the find in the chapter: every change finds again and shows the first hit
    /// from where the reader is; Enter keeps the hits, Esc drops the find.
    pub(super) fn apply_chapter_find(&mut self, action: Action) {
        match action {
            Action::Type(_) | Action::Paste(_) | Action::Edit(_) => {
                let changed = self.edit_text(action, |app| {
                    &mut app.reader.find.as_mut().expect("a find is open").input
                });
                if changed {
                    self.find_again();
                }
            }
            Action::Select => {
                if let Some(find) = self.reader.find.as_mut() {
                    find.editing = false;
                }
            }
            Action::Escape => self.reader.find = None,
            _ => {}
        }
    }

    /// Finds the query again in the current chapter and shows the first hit at or after
    /// the top of the reader.
    pub(super) fn find_again(&mut self) {
        let chapter = self.reader.chapter;
        let report = &self.current;
        let Some(find) = self.reader.find.as_mut() else {
            return;
        };
        find.refresh(report, chapter);
        if find.hits.is_empty() {
            return;
        }
        let top = self.reader_scroll();
        let document = self.layout_reader();
        let first_on_screen = document.found_lines.iter().position(|&line| line >= top);
        if let Some(find) = self.reader.find.as_mut() {
            find.current = first_on_screen.unwrap_or(0);
        }
        self.show_current_match();
    }

    /// Scrolls the reader so the current find hit shows, a little below the top.
    pub(super) fn show_current_match(&mut self) {
        let document = self.layout_reader();
        let Some(line) = self
            .reader
            .find
            .as_ref()
            .and_then(|f| document.found_lines.get(f.current).copied())
        else {
            return;
        };
        let top = self.reader_scroll();
        if line < top || line >= top + self.reader_height() {
            self.set_reader_scroll(line.saturating_sub(2), &document);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_with_their_marks() {
        let chars: Vec<char> = "一句。二句；三".chars().collect();
        assert_eq!(sentences(&chars), vec![0..3, 3..6, 6..7]);
    }
}
