//! The cases view: the list of cases and the chosen case's title, schools, section, page
//! and text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{main_focused, paragraph_lines, row, visible_rows};
use crate::app::layout::{inner, list_view_areas};
use crate::app::{App, Pane, View};
use crate::ui::{Theme, block, clean};

pub(super) fn cases(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let report = app.report();
    let (list_area, text_area) = list_view_areas(area, View::Cases);
    let width = usize::from(inner(list_area).width);
    let rows: Vec<Line> = report
        .structure
        .cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            row(
                format!("{} {}", case.name(), clean(&case.title)),
                width,
                i == app.cases.selected,
                main_focused(app),
                theme,
            )
        })
        .collect();
    let height = usize::from(inner(list_area).height);
    frame.render_widget(
        Paragraph::new(visible_rows(rows, &app.cases, height)).block(block(
            format!("Cases 案例 · {}", report.structure.cases.len()),
            main_focused(app),
            theme,
        )),
        list_area,
    );
    let Some(case) = report.structure.cases.get(app.cases.selected) else {
        return;
    };
    let focused = app.pane == Pane::Detail;
    let text_width = usize::from(inner(text_area).width);
    let mut lines = paragraph_lines(&case.title, text_width, theme.case_title);
    let schools: Vec<String> = report
        .schools_of_case(&case.id)
        .map(|s| clean(&s.name))
        .collect();
    let section = report
        .structure
        .section(&case.location.label())
        .map(|s| format!("{} {}", s.number, s.title))
        .unwrap_or_else(|| case.location.label());
    lines.push(Line::styled(
        format!(
            "{} · {} · p. {}",
            schools.join("、"),
            clean(&section),
            case.page
        ),
        theme.dim,
    ));
    for &paragraph in &case.paragraphs {
        lines.push(Line::default());
        lines.extend(paragraph_lines(
            &report.structure.paragraphs[paragraph].text,
            text_width,
            theme.text,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled("Enter: read it in place", theme.dim));
    let lines: Vec<Line> = lines.into_iter().skip(app.case_scroll).collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(case.name(), focused, theme)),
        text_area,
    );
}
