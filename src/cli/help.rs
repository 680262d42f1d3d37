//! The end of `--help`: examples and notes laid out for the terminal's width by display
//! width, so Chinese in a command does not push its description out of line.

use crate::text::{display_width, pad_to_width};

/// Commands and what each shows.
const EXAMPLES: &[(&str, &str)] = &[
    ("nianbao list chapters", "the outline: preface and chapters"),
    (
        "nianbao list indicators --format csv",
        "every figure with its source sentence",
    ),
    ("nianbao show case:7", "a case study in full"),
    (
        "nianbao show school:嘉兴技师学院",
        "a school by name, alias or id",
    ),
    (
        "nianbao show indicator:graduates --format json",
        "one figure and its provenance, for a program",
    ),
    ("nianbao search jxjs", "pinyin initials find 嘉兴技师学院"),
    (
        "nianbao search 长三角 --kind paragraph",
        "only paragraphs that mention it",
    ),
    (
        "ls | nianbao filter jx技师",
        "the same matcher for any lines",
    ),
    (
        "nianbao ingest report.pdf --out ./my-report",
        "a report (PDF or text) → a dataset",
    ),
    (
        "nianbao ingest pdfs/ --out ./reports",
        "every report of a directory → a collection",
    ),
    ("nianbao check ./my-report", "validate a dataset directory"),
    (
        "nianbao audit --strict",
        "the figures that do not add up (exit 3 if any)",
    ),
    (
        "nianbao --open school:嘉兴技师学院",
        "the explorer, starting at a school",
    ),
    (
        "nianbao completions bash",
        "tab completion (bash, zsh, fish, powershell, elvish)",
    ),
];

/// Headed notes, each wrapped under its heading.
const NOTES: &[(&str, &str)] = &[
    (
        "Ids:",
        "preface, chapter:N, section:N.N (N.N.N for a subsection), case:N, figure:N, table:N, footnote:N, \
         school:<slug>, indicator:<slug>, partner:<slug>, breakdown:<slug>, paragraph:N \
         (prefix with REPORT/ to pick a report in a multi-report dataset)",
    ),
    (
        "Exit codes:",
        "0 success, 1 usage error or unknown id, 2 invalid data, 3 audit --strict found an \
         inconsistency, 4 a partial answer: a batch ingest in which some reports failed, or \
         reports of --data that do not load left out (named on stderr; --strict: exit 2).",
    ),
    (
        "Colour:",
        "--color auto (the default) colours only a terminal, never when NO_COLOR is set; \
         CLICOLOR_FORCE=1 forces it. --color always or never overrides both.",
    ),
];

const INDENT: usize = 2;
const GAP: usize = 2;
/// A description column narrower than this reads badly: the description goes under its
/// command instead.
const NARROWEST_DESCRIPTION: usize = 24;
/// Longer commands take a line of their own rather than push every description right.
const WIDEST_COMMAND_COLUMN: usize = 44;

/// The examples and notes for a help text `width` columns wide.
pub fn epilogue(width: usize) -> String {
    let width = width.max(NARROWEST_DESCRIPTION + INDENT);
    let mut out = String::from("Examples:\n");
    let command_column = EXAMPLES
        .iter()
        .map(|(command, _)| display_width(command))
        .filter(|&w| {
            w <= WIDEST_COMMAND_COLUMN && INDENT + w + GAP + NARROWEST_DESCRIPTION <= width
        })
        .max()
        .unwrap_or(0);
    let description_at = INDENT + command_column + GAP;
    for (command, description) in EXAMPLES {
        let command_width = display_width(command);
        let beside = command_width <= command_column;
        let indent = if beside { description_at } else { INDENT * 3 };
        let lines = wrap_words(description, width - indent);
        out.push_str(&" ".repeat(INDENT));
        if beside {
            out.push_str(&pad_to_width(command, command_column + GAP));
        } else {
            out.push_str(command);
            out.push('\n');
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&lines.join(&format!("\n{}", " ".repeat(indent))));
        out.push('\n');
    }
    for (heading, text) in NOTES {
        let indent = display_width(heading) + 1;
        let lines = wrap_words(text, width.saturating_sub(indent));
        out.push('\n');
        out.push_str(heading);
        out.push(' ');
        out.push_str(&lines.join(&format!("\n{}", " ".repeat(indent))));
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// Wraps at spaces only: help text is commands and options, and `--strict` or
/// `school:<slug>` must not be split where the line-breaking rules would allow it.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && display_width(&line) + 1 + display_width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_line_up_by_display_width_and_nothing_is_wider_than_asked() {
        for width in [40, 60, 80, 100, 160] {
            let text = epilogue(width);
            let mut columns = Vec::new();
            for line in text.lines() {
                // A command is never broken; it may be all a narrow line holds.
                let whole_command = EXAMPLES.iter().any(|(c, _)| line == format!("  {c}"));
                assert!(
                    display_width(line) <= width || whole_command,
                    "{width}: {line:?}"
                );
                let Some((command, description)) = EXAMPLES
                    .iter()
                    .find(|(command, _)| line.starts_with(&format!("  {command}  ")))
                else {
                    continue;
                };
                let first_word = description.split(' ').next().unwrap();
                let at = line.find(&format!("  {first_word}")).unwrap() + 2;
                columns.push(display_width(&line[..at]));
                assert!(display_width(command) + 4 <= columns[columns.len() - 1]);
            }
            columns.dedup();
            assert!(
                columns.len() <= 1,
                "{width}: descriptions at columns {columns:?}"
            );
            for (command, _) in EXAMPLES {
                assert!(text.contains(command), "{width}: {command} missing");
            }
        }
    }
}
