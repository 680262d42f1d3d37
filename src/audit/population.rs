//! Population hints: where the 生均 figures and ratios imply another count of their
//! population (students, teachers) than the report states.

use std::collections::BTreeMap;

use super::Role;
use super::precision::{self, Range, format_number};
use super::resolve::{Number, resolve, resolve_result};
use crate::model::{Relation, RelationKind, Report};

/// One figure's view of a population (a 生均 figure with its total, a ratio).
#[derive(Debug, Clone, PartialEq)]
pub struct ImpliedPopulation {
    pub relation: String,
    /// `生均建筑面积 25.93 平方米`.
    pub figure: String,
    pub point: f64,
    pub range: Range,
    /// Whether the stated population is within what the figure implies.
    pub agrees: bool,
    pub per_capita: bool,
}

/// Where the figures per student (or per any population) disagree about how many there
/// are: the reviewer's most useful hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    pub indicator: String,
    pub name: String,
    /// The population as printed.
    pub stated: String,
    pub value: f64,
    /// The lowest and highest count the 生均 figures imply.
    pub low: f64,
    pub high: f64,
    pub figures: Vec<ImpliedPopulation>,
    /// `生均 figures imply between 51484 and 51846 students; the report states 51486`.
    pub message: String,
}

/// For each indicator that is the population of a 生均 figure: what every figure computed
/// from it implies, reported where they disagree with the stated count.
pub(super) fn populations(report: &Report) -> Vec<Population> {
    let mut groups: BTreeMap<String, Vec<ImpliedPopulation>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for relation in &report.relations {
        if !matches!(relation.kind, RelationKind::PerCapita | RelationKind::Ratio)
            || relation.inputs.len() != 2
        {
            continue;
        }
        let positions: &[usize] = if relation.kind == RelationKind::PerCapita {
            &[1]
        } else {
            &[0, 1]
        };
        for &at in positions {
            let Some(population) = relation.inputs[at].indicator() else {
                continue;
            };
            if let Some(implied) = implied_population(report, relation, at) {
                if !groups.contains_key(population) {
                    order.push(population.to_string());
                }
                groups
                    .entry(population.to_string())
                    .or_default()
                    .push(implied);
            }
        }
    }
    let mut hints = Vec::new();
    for id in order {
        let figures = groups.remove(&id).unwrap_or_default();
        let Some(indicator) = report.indicator(&id) else {
            continue;
        };
        let per_capita: Vec<&ImpliedPopulation> = figures.iter().filter(|f| f.per_capita).collect();
        if per_capita.is_empty() || figures.len() < 2 || figures.iter().all(|f| f.agrees) {
            continue;
        }
        let low = per_capita
            .iter()
            .map(|f| f.point)
            .fold(f64::INFINITY, f64::min);
        let high = per_capita
            .iter()
            .map(|f| f.point)
            .fold(f64::NEG_INFINITY, f64::max);
        let decimals = indicator
            .value_written
            .split_once('.')
            .map_or(0, |(_, d)| d.len());
        let noun = if indicator.name.contains("在校生") || indicator.name.contains("学生") {
            "students".to_string()
        } else {
            indicator.name.clone()
        };
        let stated = indicator.display_value();
        let message = format!(
            "生均 figures imply between {} and {} {noun}; the report states {stated}",
            format_number(low, decimals),
            format_number(high, decimals),
        );
        hints.push(Population {
            indicator: id,
            name: indicator.name.clone(),
            stated,
            value: indicator.value,
            low,
            high,
            figures,
            message,
        });
    }
    hints
}

/// What one per-capita figure or ratio implies for its population (input `at`).
fn implied_population(
    report: &Report,
    relation: &Relation,
    at: usize,
) -> Option<ImpliedPopulation> {
    let (result_term, result) = resolve_result(report, relation);
    let (_, population) = resolve(report, &relation.inputs[at], Role::Input);
    let (_, other) = resolve(report, &relation.inputs[1 - at], Role::Input);
    let (result, population, other) = (result.ok()?, population.ok()?, other.ok()?);
    if result_term.qualifier.is_some() {
        return None;
    }
    let factor = relation
        .factor
        .as_deref()
        .and_then(|f| f.parse::<f64>().ok())
        .unwrap_or(1.0);
    let scale = |n: &Number, range: Range| range.scale(precision::scale(&n.unit));
    let solve = |r: Range, o: Range| -> Option<Range> {
        let r = r.scale(precision::scale(&result.unit) / factor);
        let value = if at == 1 {
            o.divided_by(r)?
        } else {
            r.times(o)
        };
        Some(value.scale(1.0 / precision::scale(&population.unit)))
    };
    let range = solve(result.range, scale(&other, other.range))?;
    let point = solve(
        Range::exact(result.point),
        scale(&other, Range::exact(other.point)),
    )?
    .low;
    if !(point.is_finite() && range.low.is_finite() && range.high.is_finite()) {
        return None;
    }
    Some(ImpliedPopulation {
        relation: relation.id.clone(),
        figure: format!("{} {}", result_term.name, result_term.shown),
        point,
        range,
        agrees: range.meets(population.range),
        per_capita: relation.kind == RelationKind::PerCapita,
    })
}
