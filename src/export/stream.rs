//! Exports written one screen at a time: each screen drawn, written to its file and
//! dropped before the next is drawn, so an export of any number of screens (a deck of a
//! thousand slides) holds one in memory. Where the files go is a [`Destination`]: memory
//! for [`super::files`], a staging directory or standard output for the command.

use std::io::{self, Write};

use ratatui::buffer::Buffer;

use super::svg::{HTML_END, html_head, html_screen, svg_with};
use super::{Format, markdown_head, markdown_screen};
use crate::palette::Palette;

/// Where [`write_files`] puts the files: each opened by name, written, then closed.
pub trait Destination {
    type File: Write;
    fn open(&mut self, name: &str) -> io::Result<Self::File>;
    /// Finishes a file (flushed, synced, as the destination needs).
    fn close(&mut self, file: Self::File) -> io::Result<()>;
}

/// What is exported: `count` screens, as `format`, in files named from `stem`.
pub struct Screens<'a> {
    pub count: usize,
    pub title: &'a str,
    pub format: Format,
    pub stem: &'a str,
    pub palette: &'a Palette,
}

impl Screens<'_> {
    /// The name of the file of screen `index` (all screens' for one HTML or Markdown file).
    fn name(&self, index: usize) -> String {
        match self.format {
            Format::Svg if self.count > 1 => {
                let digits = self.count.to_string().len().max(2);
                format!("{}-{:0digits$}.svg", self.stem, index + 1)
            }
            format => format!("{}.{}", self.stem, format.extension()),
        }
    }
}

/// Writes the screens `draw` makes (by index, from 0) to `to`, as [`super::files`] names
/// them, one screen at a time. Returns the names written, in order.
pub fn write_files<D: Destination>(
    screens: &Screens,
    mut draw: impl FnMut(usize) -> Buffer,
    to: &mut D,
) -> io::Result<Vec<String>> {
    let count = screens.count;
    if screens.format == Format::Svg {
        let mut names = Vec::with_capacity(count);
        for index in 0..count {
            let name = screens.name(index);
            let mut file = to.open(&name)?;
            file.write_all(svg_with(&draw(index), screens.palette).as_bytes())?;
            to.close(file)?;
            names.push(name);
        }
        return Ok(names);
    }
    let name = screens.name(0);
    let mut file = to.open(&name)?;
    let html = screens.format == Format::Html;
    let mut text = String::new();
    if html {
        html_head(screens.title, &mut text);
    } else {
        text = markdown_head(screens.title);
    }
    for index in 0..count {
        let screen = draw(index);
        if html {
            html_screen(&screen, screens.palette, (index, count), &mut text);
        } else {
            markdown_screen(&screen, (index, count), &mut text);
        }
        file.write_all(text.as_bytes())?;
        text.clear();
    }
    if html {
        text.push_str(HTML_END);
    }
    file.write_all(text.as_bytes())?;
    to.close(file)?;
    Ok(vec![name])
}

/// Files in memory, names and contents, in the order written.
#[derive(Default)]
pub(super) struct InMemory {
    pub files: Vec<(String, String)>,
}

impl Destination for InMemory {
    type File = Vec<u8>;

    fn open(&mut self, name: &str) -> io::Result<Vec<u8>> {
        self.files.push((name.to_string(), String::new()));
        Ok(Vec::new())
    }

    fn close(&mut self, file: Vec<u8>) -> io::Result<()> {
        let text = String::from_utf8(file).map_err(io::Error::other)?;
        if let Some(last) = self.files.last_mut() {
            last.1 = text;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Everything that happens, in order: files opened, screens drawn, text written.
    #[derive(Clone, Default)]
    struct Log(Rc<RefCell<String>>);

    impl Write for Log {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0
                .borrow_mut()
                .push_str(&String::from_utf8_lossy(bytes));
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Destination for Log {
        type File = Log;
        fn open(&mut self, name: &str) -> io::Result<Log> {
            self.0.borrow_mut().push_str(&format!("[open {name}]"));
            Ok(self.clone())
        }
        fn close(&mut self, _: Log) -> io::Result<()> {
            self.0.borrow_mut().push_str("[close]");
            Ok(())
        }
    }

    #[test]
    fn each_screen_is_written_before_the_next_is_drawn() {
        for format in [Format::Svg, Format::Html, Format::Md] {
            let log = Log::default();
            let screens = Screens {
                count: 3,
                title: "t",
                format,
                stem: "deck",
                palette: &Palette::LIGHT,
            };
            let draw = |i: usize| {
                log.0.borrow_mut().push_str(&format!("[draw {i}]"));
                let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
                buffer.set_string(0, 0, format!("QQ{i}"), Style::default());
                buffer
            };
            let names = write_files(&screens, draw, &mut log.clone()).unwrap();
            let text = log.0.borrow().clone();
            for i in 0..3 {
                let drawn = text.find(&format!("[draw {i}]")).unwrap();
                let next = text
                    .find(&format!("[draw {}]", i + 1))
                    .unwrap_or(text.len());
                assert!(
                    text[drawn..next].contains(&format!("QQ{i}")),
                    "{format:?}: screen {i} not written before the next was drawn: {text}"
                );
            }
            let expected: Vec<String> = match format {
                Format::Svg => (1..=3).map(|n| format!("deck-0{n}.svg")).collect(),
                Format::Html => vec!["deck.html".into()],
                Format::Md => vec!["deck.md".into()],
            };
            assert_eq!(names, expected);
            assert!(text.ends_with("[close]"), "{text}");
        }
    }

    #[test]
    fn streamed_files_are_the_files_of_all_screens_at_once() {
        let pages: Vec<Buffer> = (0..3)
            .map(|i| {
                let mut buffer = Buffer::empty(Rect::new(0, 0, 8, 2));
                buffer.set_string(0, 1, format!("嘉兴{i}"), Style::default());
                buffer
            })
            .collect();
        assert_eq!(
            super::super::files(&pages, "t", Format::Html, "d", &Palette::DARK)[0].1,
            super::super::html_with(&pages, "t", &Palette::DARK)
        );
        assert_eq!(
            super::super::files(&pages, "t", Format::Md, "d", &Palette::DARK)[0].1,
            super::super::markdown(&pages, "t")
        );
    }
}
