//! The audit list (`a`): the findings of the report's relations, inconsistent first, over
//! the view. ↑↓ select a finding, ←→ choose one of its source sentences, Enter opens the
//! reader there with the sentence highlighted (or at its table), Esc or `a` closes.

use std::collections::HashSet;

use ratatui::layout::Rect;

use super::document::Highlight;
use super::navigation::find_sentence;
use super::{Action, App, Scrolled};
use crate::audit::{Audit, Finding, Source, Verdict, audit};
use crate::model::{ItemRef, Report};

/// The audit of the report being explored, and where the list is.
#[derive(Debug, Clone, Default)]
pub struct AuditPanel {
    pub open: bool,
    pub audit: Audit,
    pub list: Scrolled,
    /// Which of the selected finding's sources Enter opens.
    pub source: usize,
    /// Indicators that take part in an inconsistent relation (the table marks them).
    flagged: HashSet<String>,
}

impl AuditPanel {
    pub fn new(report: &Report) -> AuditPanel {
        let audit = audit(report);
        AuditPanel {
            flagged: audit.inconsistent_indicators(),
            audit,
            ..AuditPanel::default()
        }
    }

    /// Whether an indicator takes part in an inconsistency.
    pub fn flags(&self, indicator: &str) -> bool {
        self.flagged.contains(indicator)
    }

    /// The inconsistent relations an indicator takes part in.
    pub fn inconsistencies_of<'a>(
        &'a self,
        indicator: &'a str,
    ) -> impl Iterator<Item = &'a Finding> {
        self.audit.findings.iter().filter(move |f| {
            f.verdict == Verdict::Inconsistent && f.indicators().any(|i| i == indicator)
        })
    }

    pub fn selected(&self) -> Option<&Finding> {
        self.audit.findings.get(self.list.selected)
    }

    /// The source Enter opens: the chosen one of the selected finding's.
    pub fn selected_source(&self) -> Option<&Source> {
        let sources = self.selected()?.sources();
        sources
            .get(self.source.min(sources.len().saturating_sub(1)))
            .copied()
    }
}

/// Where the audit popup and its two parts sit on a screen: the list above (or left of)
/// the selected finding's detail. The app scrolls by it and the UI draws by it.
pub fn popup_areas(screen: Rect) -> (Rect, Rect, Rect) {
    let popup = super::layout::centred(
        screen,
        screen.width.saturating_sub(4).max(20),
        screen.height.saturating_sub(2).max(6),
    );
    let body = super::layout::inner(popup);
    if body.width >= 150 {
        let list_width = body.width / 2;
        (
            popup,
            Rect::new(body.x, body.y, list_width, body.height),
            Rect::new(
                body.x + list_width + 1,
                body.y,
                body.width.saturating_sub(list_width + 1),
                body.height,
            ),
        )
    } else {
        let list_height = (body.height * 2 / 5).max(3).min(body.height);
        (
            popup,
            Rect::new(body.x, body.y, body.width, list_height),
            Rect::new(
                body.x,
                body.y + list_height,
                body.width,
                body.height - list_height,
            ),
        )
    }
}

impl App {
    /// Rows of the audit list shown at the current size.
    fn audit_rows(&self) -> usize {
        let (_, list, _) = popup_areas(Rect::new(0, 0, self.size.0, self.size.1));
        usize::from(list.height).max(1)
    }

    /// Keys while the audit list is open; everything else waits until it closes.
    pub(super) fn apply_audit(&mut self, action: Action) {
        let count = self.audit.audit.findings.len();
        let height = self.audit_rows();
        let delta = match action {
            Action::Up => Some(-1),
            Action::Down => Some(1),
            Action::PageUp => Some(-(height as isize)),
            Action::PageDown => Some(height as isize),
            Action::Top => Some(isize::MIN / 2),
            Action::Bottom => Some(isize::MAX / 2),
            Action::ScrollUp { .. } => Some(-3),
            Action::ScrollDown { .. } => Some(3),
            _ => None,
        };
        if let Some(delta) = delta {
            self.audit.list.move_by(delta, count, height);
            self.audit.source = 0;
            return;
        }
        match action {
            Action::Escape | Action::ToggleAudit | Action::Back => self.audit.open = false,
            Action::Left | Action::Right => {
                let sources = self.audit.selected().map_or(0, |f| f.sources().len());
                if sources > 0 {
                    self.audit.source = if action == Action::Right {
                        (self.audit.source + 1) % sources
                    } else {
                        (self.audit.source + sources - 1) % sources
                    };
                }
            }
            Action::Select => {
                if let Some(source) = self.audit.selected_source().cloned() {
                    self.audit.open = false;
                    self.jump(|app| app.open_source(&source));
                }
            }
            _ => {}
        }
    }

    /// Opens the reader at a finding's source: the sentence highlighted, or its table.
    fn open_source(&mut self, source: &Source) {
        let report = self.report();
        if let Some(table) = &source.table {
            let table = ItemRef::Table(table.clone());
            return self.open_item(&table);
        }
        let found: Option<Highlight> = find_sentence(report, &source.text, &source.location);
        if let Some(highlight) = found {
            let paragraph = highlight.paragraph;
            self.open_paragraph(paragraph, Some(highlight));
        }
    }
}
