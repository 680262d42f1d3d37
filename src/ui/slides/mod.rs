//! Slides, drawn straight into a buffer so the screen and an export share one layout: the
//! title slide, a figure in big digits with its change and chart, a chapter with its
//! sections and headline figures, a case, a comparison chart; the overview grid; every
//! slide with its source and "Slide N of M" in the footer. Layout adapts to the size: big
//! digits at the largest scale that fits whole (normal text where none does), charts
//! thickened where rows are spare, text wrapped by display width and cut with `…`.
//! [`render_slide`] draws one slide into a buffer of any size and theme, exactly as the
//! screen shows it, for exporters (which turn that buffer into HTML or SVG).

mod case;
mod chapter;
mod chart;
mod comparison;
mod figure;
mod footer;
mod overview;
mod page;
mod title;
mod values;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Theme, finish};
use crate::app::App;
use crate::app::present::Presentation;
use crate::model::Report;
use crate::present::{Deck, SlideItem, SlideSpec};
use case::case_slide;
use chapter::chapter_slide;
use comparison::breakdown_slide;
use figure::figure_slide;
use footer::{Chrome, footer, source};
use overview::overview;
use page::{Page, missing};
use title::title_slide;

/// The largest scale big digits are drawn at (a figure slide at 240×67 takes 4).
const MAX_SCALE: usize = 8;

/// Paints the area in the theme's text style over its base, so a theme that paints its
/// background (the projector themes) colours the whole slide.
fn fill(buf: &mut Buffer, area: Rect, theme: &Theme) {
    let area = area.intersection(buf.area);
    let style = theme.base.patch(theme.text);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].reset();
            buf[(x, y)].set_style(style);
        }
    }
}

/// The presentation as the app has it: the slide, the overview, or a blank screen.
pub(crate) fn presentation(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    presentation: &Presentation,
    theme: &Theme,
) {
    fill(buf, area, theme);
    if presentation.blank {
        return;
    }
    if let Some(selected) = presentation.overview {
        return overview(buf, area, app, presentation, selected, theme);
    }
    if let Some(spec) = presentation.deck.slides.get(presentation.current) {
        let chrome = Chrome {
            number: presentation.current + 1,
            count: presentation.deck.len(),
            typed: &presentation.typed,
            notice: app.notice.as_deref().unwrap_or_default(),
        };
        slide(buf, area, app.report(), spec, &chrome, theme);
    }
}

/// One slide with its footer.
fn slide(
    buf: &mut Buffer,
    area: Rect,
    report: &Report,
    spec: &SlideSpec,
    chrome: &Chrome,
    theme: &Theme,
) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let footer_row = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    footer(buf, footer_row, &source(report, &spec.item), chrome, theme);
    let margin = if area.width >= 20 {
        (area.width / 20).clamp(1, 8)
    } else {
        0
    };
    let top = area.height / 16;
    let below = 1 + u16::from(area.height >= 12);
    let body = Rect::new(
        area.x + margin,
        area.y + top,
        area.width - 2 * margin,
        area.height.saturating_sub(top + below),
    );
    let mut page = Page {
        buf,
        area: body,
        y: body.y,
    };
    match &spec.item {
        SlideItem::Title => title_slide(&mut page, report, spec, theme),
        SlideItem::Indicator(id) => match report.indicator(id) {
            Some(indicator) => figure_slide(&mut page, report, indicator, spec, theme),
            None => missing(&mut page, &spec.item, theme),
        },
        SlideItem::Chapter(n) => chapter_slide(&mut page, report, *n, spec, theme),
        SlideItem::Case(n) => case_slide(&mut page, report, n, spec, theme),
        SlideItem::Breakdown(id) => breakdown_slide(&mut page, report, id, spec, theme),
    }
}

/// Slide `index` (from 0) of a deck drawn into a buffer of `width` × `height` cells in a
/// theme, as the presentation shows it with "Slide N of M" in the footer. An index past
/// the end draws the last slide; an empty deck, a blank buffer.
pub fn render_slide(
    report: &Report,
    deck: &Deck,
    index: usize,
    width: u16,
    height: u16,
    theme: &Theme,
) -> Buffer {
    let area = Rect::new(0, 0, width, height);
    let mut buffer = Buffer::empty(area);
    fill(&mut buffer, area, theme);
    if let Some(last) = deck.len().checked_sub(1) {
        let index = index.min(last);
        let chrome = Chrome {
            number: index + 1,
            count: deck.len(),
            typed: "",
            notice: "",
        };
        slide(
            &mut buffer,
            area,
            report,
            &deck.slides[index],
            &chrome,
            theme,
        );
    }
    finish(&mut buffer, theme);
    buffer
}

/// Every slide of a deck drawn at one size and theme, in order: what an export of the
/// deck is made from (one buffer per slide, as [`render_slide`] draws each).
pub fn render_deck(
    report: &Report,
    deck: &Deck,
    width: u16,
    height: u16,
    theme: &Theme,
) -> Vec<Buffer> {
    (0..deck.len())
        .map(|index| render_slide(report, deck, index, width, height, theme))
        .collect()
}
