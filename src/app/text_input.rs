//! A one-line text field with a caret, as in a shell: the finder's query and the
//! indicator filter. Length is capped so a paste cannot make every keystroke slow.

use serde::{Deserialize, Serialize};

/// The most characters a query or filter holds; longer input is cut with a notice.
pub const MAX_INPUT_CHARS: usize = 200;

/// An editing key, readline-style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Edit {
    /// Backspace.
    DeleteBack,
    /// Delete.
    DeleteForward,
    /// Ctrl-W: the word before the caret.
    DeleteWordBack,
    /// Ctrl-U: everything before the caret.
    DeleteToStart,
    Left,
    Right,
    /// Alt-B and Alt-F: to the start of this or the previous word, past the next word.
    WordLeft,
    WordRight,
    /// Ctrl-A / Home and Ctrl-E / End.
    Home,
    End,
}

/// The text and the caret (a character index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    chars: Vec<char>,
    caret: usize,
}

/// What kind of run a character belongs to, for word motions: Latin letters and digits
/// make words, each Chinese character is a word of its own, spaces and marks separate.
#[derive(PartialEq, Eq)]
enum CharClass {
    Space,
    Word,
    Ideograph,
    Mark,
}

fn class_of(c: char) -> CharClass {
    if c.is_whitespace() {
        CharClass::Space
    } else if c.is_ascii_alphanumeric() || (c.is_alphanumeric() && crate::text::char_width(c) < 2) {
        CharClass::Word
    } else if c.is_alphanumeric() {
        CharClass::Ideograph
    } else {
        CharClass::Mark
    }
}

impl TextInput {
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The caret, in characters from the start.
    pub fn caret(&self) -> usize {
        self.caret
    }

    pub fn clear(&mut self) {
        self.chars.clear();
        self.caret = 0;
    }

    /// Inserts text at the caret, control characters left out and line breaks and tabs
    /// turned into spaces (a pasted newline is never Enter). Returns false when the cap
    /// cut it short.
    pub fn insert(&mut self, text: &str) -> bool {
        let room = MAX_INPUT_CHARS.saturating_sub(self.chars.len());
        // A pasted Windows line break is one break, so one space.
        let text = text.replace("\r\n", "\n");
        let mut incoming = text
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .filter(|&c| !crate::text::is_hidden_control(c));
        let taken: Vec<char> = incoming.by_ref().take(room).collect();
        let complete = incoming.next().is_none();
        let at = self.caret;
        self.caret += taken.len();
        self.chars.splice(at..at, taken);
        complete
    }

    /// Applies an editing key; returns whether the text changed.
    pub fn edit(&mut self, edit: Edit) -> bool {
        let before = self.chars.len();
        match edit {
            Edit::DeleteBack if self.caret > 0 => {
                self.caret -= 1;
                self.chars.remove(self.caret);
            }
            Edit::DeleteForward if self.caret < self.chars.len() => {
                self.chars.remove(self.caret);
            }
            Edit::DeleteWordBack => {
                let start = self.word_start();
                self.chars.drain(start..self.caret);
                self.caret = start;
            }
            Edit::DeleteToStart => {
                self.chars.drain(..self.caret);
                self.caret = 0;
            }
            Edit::Left => self.caret = self.caret.saturating_sub(1),
            Edit::Right => self.caret = (self.caret + 1).min(self.chars.len()),
            Edit::WordLeft => self.caret = self.word_start(),
            Edit::WordRight => self.caret = self.word_end(),
            Edit::Home => self.caret = 0,
            Edit::End => self.caret = self.chars.len(),
            Edit::DeleteBack | Edit::DeleteForward => {}
        }
        self.chars.len() != before
    }

    /// The start of the word before the caret (spaces before it skipped).
    fn word_start(&self) -> usize {
        let mut at = self.caret;
        while at > 0 && class_of(self.chars[at - 1]) == CharClass::Space {
            at -= 1;
        }
        if at > 0 {
            let class = class_of(self.chars[at - 1]);
            at -= 1;
            if class != CharClass::Ideograph {
                while at > 0 && class_of(self.chars[at - 1]) == class {
                    at -= 1;
                }
            }
        }
        at
    }

    /// The end of the word after the caret (spaces before it skipped).
    fn word_end(&self) -> usize {
        let length = self.chars.len();
        let mut at = self.caret;
        while at < length && class_of(self.chars[at]) == CharClass::Space {
            at += 1;
        }
        if at < length {
            let class = class_of(self.chars[at]);
            at += 1;
            if class != CharClass::Ideograph {
                while at < length && class_of(self.chars[at]) == class {
                    at += 1;
                }
            }
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> TextInput {
        let mut input = TextInput::default();
        input.insert(text);
        input
    }

    #[test]
    fn words_are_latin_runs_or_single_ideographs() {
        let mut field = input("jx 技师 college");
        field.edit(Edit::DeleteWordBack);
        assert_eq!(field.text(), "jx 技师 ");
        field.edit(Edit::DeleteWordBack);
        assert_eq!(field.text(), "jx 技");
        field.edit(Edit::WordLeft);
        assert_eq!(field.caret(), 3);
        field.edit(Edit::WordLeft);
        assert_eq!(field.caret(), 0);
        field.edit(Edit::WordRight);
        assert_eq!(field.caret(), 2);
        field.edit(Edit::End);
        field.edit(Edit::Home);
        field.edit(Edit::Right);
        field.edit(Edit::DeleteToStart);
        assert_eq!((field.text().as_str(), field.caret()), ("x 技", 0));
        field.edit(Edit::DeleteForward);
        field.edit(Edit::End);
        field.edit(Edit::Left);
        field.edit(Edit::DeleteBack);
        assert_eq!(field.text(), "技");
    }

    #[test]
    fn pasted_lines_become_one_line_and_the_cap_holds() {
        let mut field = input("a\r\nb\tc\u{1b}[2J\rd");
        assert_eq!(field.text(), "a b c[2J d");
        let long = "长".repeat(10_000);
        assert!(!field.insert(&long));
        assert_eq!(field.text().chars().count(), MAX_INPUT_CHARS);
        assert!(!field.insert("x"));
        field.edit(Edit::DeleteBack);
        assert!(field.insert("x"));
    }
}
