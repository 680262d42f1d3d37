//! The schools view: the list of schools and the chosen school's profile: district, kind,
//! other names, honours, cases and figures.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{main_focused, paragraph_lines, row, visible_rows};
use crate::app::layout::{inner, list_view_areas};
use crate::app::{App, Pane, View};
use crate::model::{Indicator, Report};
use crate::text::{excerpt, truncate_to_width};
use crate::ui::{Theme, block, clean};

pub(super) fn schools(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let report = app.report();
    let (list_area, detail_area) = list_view_areas(area, View::Schools);
    let width = usize::from(inner(list_area).width);
    let rows: Vec<Line> = report
        .schools
        .iter()
        .enumerate()
        .map(|(i, school)| {
            let text = format!("{}  {}", clean(&school.name), clean(&school.district));
            row(
                text,
                width,
                i == app.schools.selected,
                main_focused(app),
                theme,
            )
        })
        .collect();
    let height = usize::from(inner(list_area).height);
    frame.render_widget(
        Paragraph::new(visible_rows(rows, &app.schools, height)).block(block(
            format!("Schools 学校 · {}", report.schools.len()),
            main_focused(app),
            theme,
        )),
        list_area,
    );
    if let Some(school) = report.schools.get(app.schools.selected) {
        school_profile(frame, detail_area, app, school, theme);
    }
}

fn school_profile(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    school: &crate::model::School,
    theme: &Theme,
) {
    let report = app.report();
    let focused = app.pane == Pane::Detail;
    let width = usize::from(inner(area).width);
    let mut lines = vec![
        Line::styled(clean(&school.name_en), theme.dim),
        Line::styled(
            format!("{} · {}", clean(&school.district), clean(&school.kind)),
            theme.text,
        ),
    ];
    if !school.aliases.is_empty() {
        lines.push(Line::styled(
            format!("also: {}", clean(&school.aliases.join("、"))),
            theme.dim,
        ));
    }
    if !school.note.is_empty() {
        lines.extend(paragraph_lines(&school.note, width, theme.dim));
    }
    let honours = honours(report, school);
    if !honours.is_empty() {
        lines.push(Line::styled("Honours 荣誉", theme.section));
        for honour in honours {
            lines.extend(paragraph_lines(&format!("• {honour}"), width, theme.text));
        }
    }
    if !school.cases.is_empty() {
        lines.push(Line::styled("Cases 案例", theme.section));
        for number in &school.cases {
            if let Some(case) = report.structure.case(number) {
                lines.push(Line::styled(
                    truncate_to_width(&format!("{} {}", case.name(), clean(&case.title)), width),
                    theme.text,
                ));
            }
        }
    }
    let scoped: Vec<&Indicator> = report
        .indicators
        .iter()
        .filter(|i| i.scope.to_string() == format!("school:{}", school.id))
        .collect();
    if !scoped.is_empty() {
        lines.push(Line::styled("Indicators 指标", theme.section));
        for indicator in scoped {
            lines.push(Line::styled(
                truncate_to_width(
                    &format!(
                        "{} {}",
                        clean(&indicator.name),
                        clean(&indicator.display_value())
                    ),
                    width,
                ),
                theme.text,
            ));
        }
    }
    lines.push(Line::styled(
        format!(
            "Mentions 提及 · {} — Tab here, Enter jumps",
            school.mentions.len()
        ),
        theme.section,
    ));
    for (i, &paragraph) in school.mentions.iter().enumerate() {
        let text = &report.structure.paragraphs[paragraph].text;
        let names: Vec<&String> = std::iter::once(&school.name)
            .chain(&school.aliases)
            .collect();
        let at = names
            .iter()
            .filter_map(|n| text.find(n.as_str()))
            .min()
            .unwrap_or(0);
        let context_start = text[..at]
            .char_indices()
            .rev()
            .nth(10)
            .map_or(0, |(i, _)| i);
        let snippet = format!(
            "p.{} …{}",
            report.structure.paragraphs[paragraph].page,
            excerpt(&text[context_start..], 40)
        );
        lines.push(row(
            snippet,
            width,
            i == app.school_detail.selected,
            focused,
            theme,
        ));
    }
    let height = usize::from(inner(area).height);
    // Keep the selected mention in view: mentions come last.
    let first_mention = lines.len() - school.mentions.len();
    let skip = (first_mention + app.school_detail.selected + 1).saturating_sub(height);
    let lines: Vec<Line> = lines
        .into_iter()
        .skip(if focused { skip } else { 0 })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(clean(&school.name), focused, theme)),
        area,
    );
}

/// Sentences that name the school and an honour it received.
fn honours(report: &Report, school: &crate::model::School) -> Vec<String> {
    const AWARDS: [&str; 6] = ["获评", "入选", "荣获", "评为", "立项", "试点"];
    let names: Vec<&String> = std::iter::once(&school.name)
        .chain(&school.aliases)
        .collect();
    let mut found = Vec::new();
    for &paragraph in &school.mentions {
        for sentence in report.structure.paragraphs[paragraph]
            .text
            .split_inclusive('。')
        {
            let names_it = names.iter().any(|n| sentence.contains(n.as_str()));
            if names_it
                && AWARDS.iter().any(|a| sentence.contains(a))
                && !found.contains(&sentence.to_string())
            {
                found.push(sentence.to_string());
            }
        }
    }
    found
}
