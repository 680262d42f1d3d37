//! The optional `concept` column of `indicators.csv`, checked on load: each mapping names
//! a concept of the vocabulary and agrees with it, each problem at its line.

use std::collections::HashMap;

use super::rows::{IndicatorRow, Lined};
use crate::concepts;
use crate::model::{Indicator, Scope};

/// Reports every mapping that is wrong: a concept not in the vocabulary, a unit it does
/// not accept, a figure that is not the report's own for its whole area (scope `city`,
/// never one school's or a partner's), a derived figure, or a second figure of the
/// concept for one period.
pub fn check_concepts(
    rows: &[Lined<IndicatorRow>],
    indicators: &[Indicator],
    report: &mut impl FnMut(u64, String),
) {
    // (concept, period) → the first row that maps it.
    let mut mapped: HashMap<(&str, &str), (u64, &str)> = HashMap::new();
    for (Lined { line, row }, indicator) in rows.iter().zip(indicators) {
        let Some(id) = indicator.concept.as_deref() else {
            continue;
        };
        let Some(concept) = concepts::find(id) else {
            report(
                *line,
                format!(
                    "concept `{id}` is not in the vocabulary (nianbao compare lists it; docs/concepts.md)"
                ),
            );
            continue;
        };
        if !concept.accepts_unit(&indicator.unit) {
            report(
                *line,
                format!(
                    "unit `{}` does not agree with concept `{id}`, measured in {}",
                    indicator.unit,
                    concept.units.join(" or ")
                ),
            );
        }
        if indicator.scope != Scope::City {
            report(
                *line,
                format!(
                    "concept `{id}` on a figure for {}: a concept maps the report's own figure for its whole area (scope city)",
                    indicator.scope
                ),
            );
        }
        if indicator.is_derived() {
            report(
                *line,
                format!(
                    "concept `{id}` on a derived value: only a printed figure can stand for a concept"
                ),
            );
        }
        match mapped.get(&(concept.id.as_str(), row.period.as_str())) {
            Some((first, other)) => report(
                *line,
                format!(
                    "concept `{id}` for the period `{}` is mapped already on line {first} (`{other}`): one figure per period",
                    row.period
                ),
            ),
            None => {
                mapped.insert(
                    (concept.id.as_str(), row.period.as_str()),
                    (*line, row.id.as_str()),
                );
            }
        }
    }
}
