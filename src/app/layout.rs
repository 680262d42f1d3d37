//! Where each region sits for a terminal size; the app scrolls by it and the UI draws by
//! it, so both agree on what is visible.

use ratatui::layout::Rect;

use super::View;

/// Below this the explorer shows a "terminal too small" notice instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// The regions of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    /// Empty when the terminal is too narrow to show the outline beside the content.
    pub outline: Rect,
    pub content: Rect,
    pub status: Rect,
}

impl Areas {
    /// The regions for a terminal of `width` × `height`; `None` when it is too small. On a
    /// narrow terminal the outline and the content share the body, one at a time.
    pub fn for_size(width: u16, height: u16, outline_focused: bool) -> Option<Areas> {
        if width < MIN_WIDTH || height < MIN_HEIGHT {
            return None;
        }
        let header = Rect::new(0, 0, width, 1);
        let status = Rect::new(0, height - 1, width, 1);
        let body = Rect::new(0, 1, width, height - 2);
        let outline_width = match width {
            100.. => 34,
            70..=99 => (width / 3).clamp(24, 30),
            _ => 0,
        };
        let (outline, content) = if outline_width == 0 {
            if outline_focused {
                (body, Rect::new(0, 1, 0, 0))
            } else {
                (Rect::new(0, 1, 0, 0), body)
            }
        } else {
            (
                Rect::new(0, 1, outline_width, body.height),
                Rect::new(outline_width, 1, width - outline_width, body.height),
            )
        };
        Some(Areas {
            header,
            outline,
            content,
            status,
        })
    }
}

/// The finder popup and, when it has room, its regions: the query line, the hits, the
/// rule, the preview. The UI draws by it and clicks are read by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinderAreas {
    pub popup: Rect,
    pub regions: Option<FinderRegions>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinderRegions {
    pub query: Rect,
    pub list: Rect,
    pub rule: Rect,
    pub preview: Rect,
}

impl FinderAreas {
    /// Hits and preview side by side on wide screens, else one above the other.
    pub fn for_screen(area: Rect) -> FinderAreas {
        let popup = centred(
            area,
            area.width.saturating_sub(4).max(20),
            area.height.saturating_sub(2).max(6),
        );
        let body = inner(popup);
        if body.height < 2 || body.width < 4 {
            return FinderAreas {
                popup,
                regions: None,
            };
        }
        let query = Rect::new(body.x, body.y, body.width, 1);
        let results = Rect::new(body.x, body.y + 1, body.width, body.height - 1);
        let (list, rule, preview) = if results.width >= 100 {
            let list_width = results.width * 11 / 20;
            (
                Rect::new(results.x, results.y, list_width, results.height),
                Rect::new(results.x + list_width, results.y, 1, results.height),
                Rect::new(
                    results.x + list_width + 1,
                    results.y,
                    results.width - list_width - 1,
                    results.height,
                ),
            )
        } else {
            let list_height = (results.height * 3 / 5).max(1);
            let rest = results.height - list_height;
            let rule_height = u16::from(rest >= 2);
            (
                Rect::new(results.x, results.y, results.width, list_height),
                Rect::new(
                    results.x,
                    results.y + list_height,
                    results.width,
                    rule_height,
                ),
                Rect::new(
                    results.x,
                    results.y + list_height + rule_height,
                    results.width,
                    rest - rule_height,
                ),
            )
        };
        FinderAreas {
            popup,
            regions: Some(FinderRegions {
                query,
                list,
                rule,
                preview,
            }),
        }
    }
}

/// The first hit shown in a list of `height` rows with `selected` chosen.
pub fn finder_offset(selected: usize, height: u16) -> usize {
    (selected + 1).saturating_sub(usize::from(height))
}

/// A centred rectangle of at most the given size.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Where the dashboard puts its cards and its chapter list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// One rectangle per card shown, in reading order.
    pub cards: Vec<Rect>,
    pub chapters: Rect,
}

/// A card's size: a title border, three lines, a bottom border.
const CARD_WIDTH: u16 = 26;
const CARD_HEIGHT: u16 = 5;

impl Dashboard {
    /// Lays out up to `available` cards in the dashboard's body, leaving the chapter list
    /// (`chapters` rows and a heading) its room: as many cards as fit, never half a card
    /// nor a blank row of them.
    pub fn for_body(body: Rect, available: usize, chapters: u16) -> Dashboard {
        let per_row = usize::from(body.width / CARD_WIDTH).max(1);
        let list_rows = (chapters + 1).min(body.height);
        let card_rows = usize::from((body.height - list_rows) / CARD_HEIGHT);
        let shown = available.min(per_row * card_rows);
        // Cards spread over the width, the last row as wide as the others.
        let width = if shown == 0 {
            0
        } else {
            body.width / per_row.min(shown) as u16
        };
        let cards: Vec<Rect> = (0..shown)
            .map(|i| {
                let (row, column) = ((i / per_row) as u16, (i % per_row) as u16);
                Rect::new(
                    body.x + column * width,
                    body.y + row * CARD_HEIGHT,
                    width,
                    CARD_HEIGHT,
                )
            })
            .collect();
        let used = (shown.div_ceil(per_row) as u16) * CARD_HEIGHT;
        Dashboard {
            cards,
            chapters: Rect::new(body.x, body.y + used, body.width, body.height - used),
        }
    }
}

/// The slide overview: a heading row, a grid of tiles (one per slide, scrolled to keep
/// the selected one in view), a row of key hints. The app moves and clicks by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overview {
    pub heading: Rect,
    pub grid: Rect,
    pub hints: Rect,
    pub columns: usize,
    /// Rows of tiles that fit.
    pub rows: usize,
    pub tile_width: u16,
}

/// A tile: its borders, the slide's number and title, one line of detail.
pub const TILE_HEIGHT: u16 = 4;
const TILE_MIN_WIDTH: u16 = 26;

impl Overview {
    pub fn for_area(area: Rect) -> Overview {
        let rows_for_grid = area.height.saturating_sub(2);
        let columns = (area.width / TILE_MIN_WIDTH).max(1);
        Overview {
            heading: Rect::new(area.x, area.y, area.width, area.height.min(1)),
            grid: Rect::new(
                area.x,
                area.y + area.height.min(1),
                area.width,
                rows_for_grid,
            ),
            hints: Rect::new(
                area.x,
                area.y + area.height.saturating_sub(1),
                area.width,
                u16::from(area.height >= 2),
            ),
            columns: usize::from(columns),
            rows: usize::from(rows_for_grid / TILE_HEIGHT).max(1),
            tile_width: area.width / columns,
        }
    }

    /// The first slide shown while `selected` is: whole rows, the selected one in view.
    pub fn first_shown(&self, selected: usize) -> usize {
        let row = selected / self.columns;
        (row + 1).saturating_sub(self.rows) * self.columns
    }

    /// Where slide `index` is drawn while `selected` is, if it is shown.
    pub fn tile(&self, index: usize, selected: usize) -> Option<Rect> {
        let slot = index.checked_sub(self.first_shown(selected))?;
        let (row, column) = (slot / self.columns, slot % self.columns);
        if row >= self.rows {
            return None;
        }
        let rect = Rect::new(
            self.grid.x + column as u16 * self.tile_width,
            self.grid.y + row as u16 * TILE_HEIGHT,
            self.tile_width,
            TILE_HEIGHT,
        )
        .intersection(self.grid);
        (!rect.is_empty()).then_some(rect)
    }

    /// The slide under a cell, of `count`, while `selected` is.
    pub fn slide_at(&self, column: u16, row: u16, count: usize, selected: usize) -> Option<usize> {
        let first = self.first_shown(selected);
        (first..count.min(first + self.columns * self.rows)).find(|&index| {
            self.tile(index, selected)
                .is_some_and(|t| t.contains(ratatui::layout::Position::new(column, row)))
        })
    }
}

/// The inside of a bordered block.
pub fn inner(area: Rect) -> Rect {
    Rect::new(
        area.x.saturating_add(1),
        area.y.saturating_add(1),
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}

/// The list and detail regions of a list view. The indicators table takes more width
/// (its columns) and, stacked, keeps room for its header and at least two rows.
pub fn list_view_areas(content: Rect, view: View) -> (Rect, Rect) {
    match view {
        View::Indicators => list_and_detail(content, 58, 5),
        _ => list_and_detail(content, 40, 3),
    }
}

/// Rows of a list view's list above its first row (the indicators table's header).
pub fn list_header_rows(view: View) -> u16 {
    u16::from(view == View::Indicators)
}

/// Splits an area into a list part and a detail part: side by side when wide, else the
/// list above the detail, at least `min_list_height` rows.
fn list_and_detail(area: Rect, list_share: u16, min_list_height: u16) -> (Rect, Rect) {
    if area.width >= 90 {
        let list_width = area.width * list_share / 100;
        (
            Rect::new(area.x, area.y, list_width, area.height),
            Rect::new(
                area.x + list_width,
                area.y,
                area.width - list_width,
                area.height,
            ),
        )
    } else {
        let list_height = (area.height * 2 / 5).max(min_list_height).min(area.height);
        (
            Rect::new(area.x, area.y, area.width, list_height),
            Rect::new(
                area.x,
                area.y + list_height,
                area.width,
                area.height - list_height,
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboard_shows_the_cards_that_fit() {
        let roomy = Dashboard::for_body(Rect::new(35, 2, 164, 56), 20, 8);
        assert_eq!(roomy.cards.len(), 20, "six cards a row: all twenty fit");
        assert_eq!(roomy.cards[6].y, roomy.cards[0].y + 5);
        let small = Dashboard::for_body(Rect::new(0, 2, 38, 6), 12, 8);
        assert!(
            small.cards.is_empty(),
            "no room: the chapters, not half a card"
        );
        let medium = Dashboard::for_body(Rect::new(0, 2, 84, 36), 12, 8);
        assert_eq!(medium.cards.len(), 12);
        for card in &medium.cards {
            assert!(card.bottom() <= medium.chapters.y);
        }
    }

    #[test]
    fn regions_tile_the_screen_and_respect_the_minimum() {
        assert_eq!(Areas::for_size(39, 24, false), None);
        assert_eq!(Areas::for_size(80, 9, false), None);
        let areas = Areas::for_size(80, 24, false).unwrap();
        assert_eq!(areas.outline.width + areas.content.width, 80);
        assert_eq!(areas.content.height, 22);
        let narrow = Areas::for_size(50, 20, false).unwrap();
        assert_eq!(narrow.outline.width, 0);
        assert_eq!(narrow.content.width, 50);
        let narrow = Areas::for_size(50, 20, true).unwrap();
        assert_eq!(narrow.outline.width, 50);
    }
}
