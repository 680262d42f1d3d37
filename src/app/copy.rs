//! Copying: which item has the keyboard, and the text `y` puts on the clipboard for it
//! (an indicator as a citation, a paragraph's or case's text, a school's name). The
//! terminal runtime sends it; here it is only chosen and cleaned: single-line fields
//! without line breaks, nothing that acts on a terminal.

use super::document::Anchor;
use super::{App, Pane, View, outline};
use crate::model::{ItemRef, Report};

/// Longer texts are refused: terminals and tmux drop large OSC 52 payloads silently.
pub const MAX_CLIPBOARD_BYTES: usize = 100_000;

impl App {
    /// The item the keyboard is on: the outline's row, the selected list entry or table
    /// row, or in the reader the highlighted or first paragraph (or case, figure …) shown.
    pub fn focused_item(&self) -> Option<ItemRef> {
        let report = self.report();
        if self.pane == Pane::Outline {
            return self
                .outline
                .rows(report)
                .get(self.outline_rows.selected)
                .cloned();
        }
        match self.view {
            View::Dashboard => {
                let cards = self.dashboard_layout().cards.len();
                let selected = self.dashboard.selected;
                if selected < cards {
                    report
                        .card_indicators()
                        .get(selected)
                        .map(|i| ItemRef::Indicator(i.id.clone()))
                } else {
                    report
                        .structure
                        .chapters
                        .get(selected - cards)
                        .map(|c| ItemRef::Chapter(c.number))
                }
            }
            View::Reader => self.reader_focus(),
            View::Indicators => self
                .indicators
                .selected_indicator(report)
                .map(|i| ItemRef::Indicator(i.id.clone())),
            View::Schools => report
                .schools
                .get(self.schools.selected)
                .map(|s| ItemRef::School(s.id.clone())),
            View::Cases => report
                .structure
                .cases
                .get(self.cases.selected)
                .map(|c| ItemRef::Case(c.id.clone())),
        }
    }

    fn reader_focus(&self) -> Option<ItemRef> {
        let document = self.reader_document();
        let top = self.reader_scroll();
        let shown = top..top + self.reader_height();
        let in_view = |anchor: &Anchor| {
            document
                .line_of(anchor)
                .is_some_and(|line| shown.contains(&line))
        };
        // Where the reader was sent (a jump to a case, a source sentence) while it shows;
        // else the first paragraph, case, figure … on screen.
        let highlighted = self
            .reader
            .highlight
            .as_ref()
            .map(|h| Anchor::Paragraph(h.paragraph));
        let sent_to = [self.reader.target.clone(), highlighted]
            .into_iter()
            .flatten()
            .find(|anchor| in_view(anchor));
        let content = |anchor: &Anchor| !matches!(anchor, Anchor::Section(_));
        sent_to
            .as_ref()
            .or_else(|| {
                document
                    .anchors
                    .iter()
                    .find(|(anchor, line)| shown.contains(line) && content(anchor))
                    .map(|(anchor, _)| anchor)
            })
            .or_else(|| document.anchor_before(top, content))
            .map(|anchor| match anchor {
                Anchor::Section(n) => ItemRef::Section(n.clone()),
                Anchor::Paragraph(p) => ItemRef::Paragraph(p + 1),
                Anchor::Case(n) => ItemRef::Case(n.clone()),
                Anchor::Figure(n) => ItemRef::Figure(n.clone()),
                Anchor::Table(n) => ItemRef::Table(n.clone()),
                Anchor::Footnote(n) => ItemRef::Footnote(*n),
            })
    }

    /// Puts the focused item (or its id) on the clipboard and says what was copied.
    pub(super) fn copy(&mut self, id_only: bool) {
        let Some(item) = self.focused_item() else {
            self.notice = Some("Nothing selected to copy".to_string());
            return;
        };
        let (text, what) = if id_only {
            (one_line(&item.to_string()), "the id")
        } else {
            copy_text(self.report(), &item)
        };
        let text = clipboard_safe(&text);
        self.notice = Some(if !self.clipboard_enabled {
            format!("Copying is off (--no-osc52); the id is {item}")
        } else if text.len() > MAX_CLIPBOARD_BYTES {
            format!(
                "{item} is too long to copy through the terminal ({} KB)",
                text.len() / 1000
            )
        } else {
            let characters = text.chars().count();
            let message = format!("Copied {what} of {item} ({characters} characters)");
            self.effects.push(super::Effect::Copy(text));
            message
        });
    }
}

/// The text `y` copies for an item, and what it is called in the notice.
fn copy_text(report: &Report, item: &ItemRef) -> (String, &'static str) {
    let s = &report.structure;
    let found = match item {
        ItemRef::Indicator(id) => report
            .indicator(id)
            .map(|i| (one_line(&i.citation(&report.meta)), "a citation")),
        ItemRef::Paragraph(n) => n
            .checked_sub(1)
            .and_then(|i| s.paragraphs.get(i))
            .map(|p| (p.text.clone(), "the text")),
        ItemRef::Case(n) => s.case(n).map(|case| {
            let mut text = one_line(&format!("{} {}", case.name(), case.title));
            for &p in &case.paragraphs {
                if let Some(paragraph) = s.paragraphs.get(p) {
                    text.push('\n');
                    text.push_str(&paragraph.text);
                }
            }
            (text, "the text")
        }),
        ItemRef::School(id) => report.school(id).map(|x| (one_line(&x.name), "the name")),
        ItemRef::Partner(id) => report.partner(id).map(|x| (one_line(&x.name), "the name")),
        ItemRef::Footnote(n) => s.footnote(*n).map(|f| (f.text.clone(), "the text")),
        ItemRef::Table(n) => s.table(n).map(|table| {
            let mut text = one_line(&format!("表{} {}", table.number, table.title));
            for row in std::iter::once(&table.header).chain(&table.rows) {
                let cells: Vec<String> = row.iter().map(|cell| one_line(cell)).collect();
                text.push('\n');
                text.push_str(&cells.join("\t"));
            }
            (text, "the table")
        }),
        _ => None,
    };
    found.unwrap_or_else(|| (one_line(&outline::label(report, item)), "the title"))
}

/// A field copied as one line (an id, a name, a citation, a title, a table cell): its line
/// breaks and tabs become spaces, so a pasted name never runs as several shell lines nor
/// shifts a table's columns. Only texts made of lines (a paragraph, a footnote, a case's
/// paragraphs, a table's rows) are copied with line breaks.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n', '\t'], " ")
}

/// The text without anything that would act on a terminal or reorder text when pasted;
/// line breaks and tabs stay.
fn clipboard_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\n' | '\t') || !crate::text::is_hidden_control(c))
        .collect()
}
