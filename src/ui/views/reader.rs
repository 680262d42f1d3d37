//! The reader: the chapter laid out as styled lines, scrolled, centred in a pane wider than
//! the measure.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::main_focused;
use crate::app::App;
use crate::app::document::Segment;
use crate::app::layout::inner;
use crate::ui::{Theme, block};

pub(super) fn reader(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let document = app.reader_document();
    let height = usize::from(inner(area).height);
    let top = app.reader_scroll();
    let style_of = |segment: Segment| match segment {
        Segment::Text => theme.text,
        Segment::ChapterHeading => theme.heading,
        Segment::SectionHeading => theme.section,
        Segment::Marker => theme.marker,
        Segment::Highlight => theme.highlight,
        Segment::Found => theme.matched,
        Segment::CaseTitle => theme.case_title,
        Segment::Frame => theme.frame,
        Segment::Caption => theme.caption,
        Segment::TableHeader => theme.title,
        Segment::Footnote => theme.footnote,
    };
    let lines: Vec<Line> = document
        .lines
        .iter()
        .skip(top)
        .take(height)
        .map(|line| {
            Line::from(
                line.segments
                    .iter()
                    .map(|(text, segment)| Span::styled(text.clone(), style_of(*segment)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let shown = (top + height).min(document.lines.len());
    let title = format!("Reader 阅读 · {shown}/{}", document.lines.len());
    frame.render_widget(block(title, main_focused(app), theme), area);
    // A pane wider than the measure keeps the text in the middle.
    let body = inner(area);
    let margin = body.width.saturating_sub(app.reader_width() as u16 + 1) / 2;
    let text = Rect::new(body.x + margin, body.y, body.width - margin, body.height);
    frame.render_widget(Paragraph::new(lines), text);
}
