//! `check`: a dataset validated, with what each report holds and its warnings.

use super::{Failure, escape_lines, load};
use crate::text::{escape_controls, escape_path};

/// `8 chapters, 23 sections, 19 cases, 15 figures, 2 tables, 5 footnotes`, with
/// `, 12 subsections` after the sections when the report has any.
pub(super) fn structure_counts(s: &crate::model::Structure) -> String {
    let subsections = s.sections.iter().filter(|x| x.level == 3).count();
    format!(
        "{} chapters, {} sections{}, {} cases, {} figures, {} tables, {} footnotes",
        s.chapters.len(),
        s.sections.len() - subsections,
        if subsections > 0 {
            format!(", {subsections} subsections")
        } else {
            String::new()
        },
        s.cases.len(),
        s.figures.len(),
        s.tables.len(),
        s.footnotes.len()
    )
}

pub(super) fn check(dir: Option<&std::path::Path>) -> Result<String, Failure> {
    let origin = dir.map_or_else(|| "embedded dataset".to_string(), escape_path);
    let dataset = load(dir)?;
    let mut out = format!("ok: {origin}\n");
    for report in &dataset.reports {
        out.push_str(&format!(
            "  {}: {}, {} schools, {} partners, {} indicators, {} breakdowns\n",
            escape_controls(&report.meta.id),
            structure_counts(&report.structure),
            report.schools.len(),
            report.partners.len(),
            report.indicators.len(),
            report.breakdowns.len(),
        ));
        for warning in &report.warnings {
            out.push_str(&format!("  warning: {}\n", escape_controls(warning)));
        }
    }
    Ok(escape_lines(&out))
}
