//! The check of one relation: its inputs recomputed at their printed precision, compared
//! with the printed result, and what a reviewer should know beyond the verdict.

use super::precision::{self, Agreement, Printed, Range, compare, show_number};
use super::resolve::{Number, Unusable, resolve, resolve_result};
use super::{Finding, Gap, Implied, Role, Term, Verdict};
use crate::model::{Measure, Operand, Qualifier, Relation, RelationKind, Report};

/// How a change is read when `relations.csv` leaves it to the units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    One(Measure),
    /// Percentages changing by a per-cent figure: points or relative, whichever agrees.
    Either,
}

fn change_reading(declared: Option<Measure>, result_unit: &str, input_units: &[&str]) -> Reading {
    if let Some(measure) = declared {
        return Reading::One(measure);
    }
    let result = result_unit.trim();
    if matches!(result, "个百分点" | "百分点" | "个千分点" | "千分点") {
        Reading::One(Measure::Difference)
    } else if precision::is_percent(result) {
        if input_units.iter().all(|u| precision::is_percent(u)) {
            Reading::Either
        } else {
            Reading::One(Measure::Relative)
        }
    } else {
        Reading::One(Measure::Difference)
    }
}

/// What the relation computes from its inputs' ranges, or `None` when it divides by a
/// range that holds zero or the arithmetic leaves the finite numbers (`1e308 + 1e308`).
fn compute(
    kind: RelationKind,
    measure: Measure,
    inputs: &[(Range, &str)],
    result_unit: &str,
    factor: f64,
) -> Option<Range> {
    let scaled = |(range, unit): &(Range, &str)| range.scale(precision::scale(unit));
    let result_scale = precision::scale(result_unit);
    let value = match kind {
        RelationKind::Ratio | RelationKind::PerCapita => scaled(&inputs[0])
            .divided_by(scaled(&inputs[1]))?
            .scale(1.0 / result_scale),
        RelationKind::Share => scaled(&inputs[0])
            .divided_by(scaled(&inputs[1]))?
            .scale(precision::per(result_unit)),
        RelationKind::Change => match measure {
            Measure::Difference => scaled(&inputs[0])
                .minus(scaled(&inputs[1]))
                .scale(1.0 / result_scale),
            Measure::Relative => scaled(&inputs[0])
                .divided_by(scaled(&inputs[1]))?
                .minus(Range::exact(1.0))
                .scale(100.0),
        },
        RelationKind::Sum => inputs
            .iter()
            .map(scaled)
            .fold(Range::exact(0.0), Range::plus)
            .scale(1.0 / result_scale),
        RelationKind::Same => scaled(&inputs[0]).scale(1.0 / result_scale),
    };
    let value = value.scale(factor);
    (value.low.is_finite() && value.high.is_finite()).then_some(value)
}

/// Whether the relation divides by a range that holds zero (rather than overflowing).
fn divides_by_zero(kind: RelationKind, measure: Measure, inputs: &[(Range, &str)]) -> bool {
    let divides = match kind {
        RelationKind::Ratio | RelationKind::Share | RelationKind::PerCapita => true,
        RelationKind::Change => measure == Measure::Relative,
        RelationKind::Sum | RelationKind::Same => false,
    };
    divides
        && inputs
            .get(1)
            .is_some_and(|(range, _)| range.low <= 0.0 && range.high >= 0.0)
}

/// The formula in the operands' ids and in their printed figures.
fn formulas(
    kind: RelationKind,
    measure: Measure,
    result: &str,
    inputs: &[String],
    per: &str,
    factor: Option<&str>,
) -> String {
    let joined = |separator: &str| inputs.join(separator);
    let body = match kind {
        RelationKind::Ratio | RelationKind::PerCapita => joined(" ÷ "),
        RelationKind::Share => format!("{} × {per}", joined(" ÷ ")),
        RelationKind::Change => match measure {
            Measure::Difference => joined(" − "),
            Measure::Relative => format!("({} − {}) ÷ {} × 100", inputs[0], inputs[1], inputs[1]),
        },
        RelationKind::Sum => joined(" + "),
        RelationKind::Same => inputs.join(""),
    };
    let body = match factor {
        Some(factor) => format!("{body} × {factor}"),
        None => body,
    };
    if result.is_empty() {
        body
    } else {
        format!("{result} = {body}")
    }
}

pub(super) fn check(report: &Report, relation: &Relation) -> Finding {
    let (result_term, result) = resolve_result(report, relation);
    let inputs: Vec<(Term, Result<Number, Unusable>)> = relation
        .inputs
        .iter()
        .map(|operand| resolve(report, operand, Role::Input))
        .collect();
    let factor_text = relation.factor.as_deref();
    let factor = factor_text
        .and_then(|f| f.parse::<f64>().ok())
        .unwrap_or(1.0);
    let result_unit = result_term.unit.clone();
    let input_units: Vec<&str> = inputs.iter().map(|(t, _)| t.unit.as_str()).collect();
    let reading = if relation.kind == RelationKind::Change {
        change_reading(relation.measure, &result_unit, &input_units)
    } else {
        Reading::One(Measure::Difference)
    };
    let per = if precision::per(&result_unit) == 1000.0 {
        "1000"
    } else {
        "100"
    };
    let mut remarks = Vec::new();
    let mut verdict = None;
    // Terms that give no number, or no exact one, make the relation not checkable.
    let mut missing = Vec::new();
    for (term, number) in
        std::iter::once((&result_term, &result)).chain(inputs.iter().map(|(t, n)| (t, n)))
    {
        match number {
            Err(Unusable::Missing(what)) => {
                remarks.push(format!("the report does not print {what}"));
                missing.push(term.operand.clone());
            }
            Err(Unusable::NoNumber(why)) => remarks.push(why.clone()),
            Ok(_) => {}
        }
        if let Some(qualifier) = term.qualifier {
            remarks.push(format!(
                "{} is printed as {} ({}): not an exact figure",
                term.name,
                term.printed,
                qualifier_words(qualifier)
            ));
        }
    }
    let usable = result.is_ok() && inputs.iter().all(|(_, n)| n.is_ok());
    if !usable
        || result_term.qualifier.is_some()
        || inputs.iter().any(|(t, _)| t.qualifier.is_some())
    {
        verdict = Some(Verdict::NotCheckable);
    }
    let ranges: Option<Vec<(Range, &str)>> = inputs
        .iter()
        .map(|(_, n)| n.as_ref().ok().map(|n| (n.range, n.unit.as_str())))
        .collect();
    let points: Option<Vec<(Range, &str)>> = inputs
        .iter()
        .map(|(_, n)| {
            n.as_ref()
                .ok()
                .map(|n| (Range::exact(n.point), n.unit.as_str()))
        })
        .collect();
    let evaluate = |measure: Measure| -> Option<(Range, f64)> {
        let range = compute(
            relation.kind,
            measure,
            ranges.as_ref()?,
            &result_unit,
            factor,
        )?;
        let point = compute(
            relation.kind,
            measure,
            points.as_ref()?,
            &result_unit,
            factor,
        )?;
        Some((range, point.low))
    };
    let agreement = |range: Range| -> Option<Agreement> {
        let result = result.as_ref().ok()?;
        Some(match &result.printed {
            Some(printed) => compare(range, printed),
            None if range.meets(result.range) => Agreement::Rounded,
            None => Agreement::Differs,
        })
    };
    let measure = match reading {
        Reading::One(measure) => measure,
        Reading::Either => {
            let points_agree = evaluate(Measure::Difference)
                .and_then(|(r, _)| agreement(r))
                .is_some_and(|a| a != Agreement::Differs);
            let relative_agrees = evaluate(Measure::Relative)
                .and_then(|(r, _)| agreement(r))
                .is_some_and(|a| a != Agreement::Differs);
            if !points_agree && relative_agrees {
                Measure::Relative
            } else {
                Measure::Difference
            }
        }
    };
    let computed = evaluate(measure);
    if computed.is_none() && usable {
        let zero = ranges
            .as_ref()
            .is_some_and(|r| divides_by_zero(relation.kind, measure, r));
        remarks.push(if zero {
            "the inputs divide by a range that holds zero".to_string()
        } else {
            "the figures are too large (or too small) to compute with: the arithmetic leaves the finite numbers".to_string()
        });
        verdict = Some(Verdict::NotCheckable);
    }
    let verdict =
        verdict.unwrap_or_else(|| match computed.and_then(|(range, _)| agreement(range)) {
            Some(Agreement::Rounded) => Verdict::Consistent,
            Some(Agreement::Truncated) => Verdict::Truncated,
            Some(Agreement::Differs) => Verdict::Inconsistent,
            None => Verdict::NotCheckable,
        });
    // What a reader would want to know beyond the verdict.
    let printed_result = result.as_ref().ok().and_then(|r| r.printed.clone());
    if relation.kind == RelationKind::Change
        && measure == Measure::Difference
        && input_units.iter().all(|u| precision::is_percent(u))
        && !result_term.printed.contains("百分点")
        && !result_term.printed.contains("千分点")
        && (result_term.printed.contains('%') || result_term.printed.contains('‰'))
        && let Some((relative, _)) = evaluate(Measure::Relative)
    {
        let relative_point = points
            .as_ref()
            .and_then(|p| compute(relation.kind, Measure::Relative, p, &result_unit, factor))
            .map_or(relative.low, |r| r.low);
        remarks.push(format!(
            "the report writes `{}` for the difference of two percentages: it is in {}, not per cent (as a relative change it would be {}%)",
            result_term.printed,
            precision::difference_unit(input_units[0]),
            show_number(relative_point, 2)
        ));
    }
    if let (Verdict::Consistent, Some((_, point)), Some(printed)) =
        (verdict, computed, printed_result.as_ref())
        && !printed.exact
        && !printed.range().contains(point)
    {
        remarks.push(format!(
            "{} from the printed figures rounds to {}: it agrees only within the rounding of the inputs",
            printed.show(point, 2),
            printed.show(point, 0)
        ));
    }
    if verdict == Verdict::Truncated
        && let (Some((_, point)), Some(printed)) = (computed, printed_result.as_ref())
    {
        remarks.push(format!(
            "{} rounds to {}; the report prints {}, the digits cut off",
            printed.show(point, 2),
            printed.show(point, 0),
            result_term.printed
        ));
    }
    let recomputed = computed.map(|(_, point)| point);
    let recomputed_text = recomputed.map_or_else(String::new, |point| match &printed_result {
        Some(printed) if printed.exact && point.fract() == 0.0 => show_number(point, 0),
        Some(printed) => printed.show(point, 2),
        None => {
            let decimals = result_term
                .value
                .and_then(|_| report_decimals(report, &relation.result))
                .unwrap_or(2);
            show_number(point, decimals + 2)
        }
    });
    let gap = match (verdict, recomputed, printed_result.as_ref()) {
        (Verdict::Inconsistent, Some(point), Some(printed)) => {
            Some(gap_of(printed, point, &result_unit))
        }
        _ => None,
    };
    let qualified = terms_qualified(&result_term, &inputs);
    let implied = if missing.len() == 1 && result.is_ok() && !qualified {
        implied(
            relation,
            &missing[0],
            &result,
            &inputs,
            &result_unit,
            factor,
            measure,
        )
    } else {
        None
    };
    let ids: Vec<String> = relation.inputs.iter().map(ToString::to_string).collect();
    let shown: Vec<String> = inputs.iter().map(|(t, _)| t.shown.clone()).collect();
    let mut terms = vec![result_term];
    terms.extend(inputs.into_iter().map(|(t, _)| t));
    Finding {
        relation: relation.id.clone(),
        kind: relation.kind,
        measure: (relation.kind == RelationKind::Change).then_some(measure),
        verified: relation.verified,
        note: relation.note.clone(),
        verdict,
        formula: formulas(
            relation.kind,
            measure,
            &relation.result.to_string(),
            &ids,
            per,
            factor_text,
        ),
        check: formulas(relation.kind, measure, "", &shown, per, factor_text),
        printed: terms[0].printed.clone(),
        recomputed,
        recomputed_text,
        range: computed.map(|(range, _)| range),
        gap,
        terms,
        remarks,
        implied,
    }
}

fn terms_qualified(result: &Term, inputs: &[(Term, Result<Number, Unusable>)]) -> bool {
    result.qualifier.is_some() || inputs.iter().any(|(t, _)| t.qualifier.is_some())
}

/// Decimals a derived result is written with (`207.80`).
fn report_decimals(report: &Report, operand: &Operand) -> Option<usize> {
    let indicator = report.indicator(operand.indicator()?)?;
    Some(
        indicator
            .value_written
            .split_once('.')
            .map_or(0, |(_, d)| d.len()),
    )
}

fn qualifier_words(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::MoreThan => "more than",
        Qualifier::AtLeast => "at least",
        Qualifier::About => "about",
        Qualifier::Nearly => "nearly",
        Qualifier::LessThan => "less than",
    }
}

fn gap_of(printed: &Printed, recomputed: f64, unit: &str) -> Gap {
    let value = printed.value - recomputed;
    let relative = Some(value / recomputed.abs()).filter(|r| recomputed != 0.0 && r.is_finite());
    let unit = precision::difference_unit(unit);
    let sign = if value > 0.0 { "+" } else { "" };
    let decimals = if printed.exact { 0 } else { printed.decimals };
    let mut text = format!("{sign}{}", show_number(value, decimals));
    if !unit.is_empty() {
        text.push(' ');
        text.push_str(&unit);
    }
    if let Some(relative) = relative {
        let sign = if relative > 0.0 { "+" } else { "" };
        text.push_str(&format!(" ({sign}{}%)", show_number(relative * 100.0, 1)));
    }
    Gap {
        value,
        unit,
        relative,
        text,
    }
}

/// What the printed figures imply for the one the report leaves out (a rate printed
/// without its count: 1.57% of 15790 graduates is 247 or 248 of them).
fn implied(
    relation: &Relation,
    missing: &Operand,
    result: &Result<Number, Unusable>,
    inputs: &[(Term, Result<Number, Unusable>)],
    result_unit: &str,
    factor: f64,
    measure: Measure,
) -> Option<Implied> {
    let result = result.as_ref().ok()?;
    let r = result.range.scale(1.0 / factor);
    let at = relation.inputs.iter().position(|o| o == missing)?;
    let other = |i: usize| -> Option<Range> {
        let number = inputs.get(i)?.1.as_ref().ok()?;
        Some(number.range.scale(precision::scale(&number.unit)))
    };
    let result_scale = precision::scale(result_unit);
    let range = match (relation.kind, at) {
        (RelationKind::Share, 0) => r.scale(1.0 / precision::per(result_unit)).times(other(1)?),
        (RelationKind::Share, 1) => {
            other(0)?.divided_by(r.scale(1.0 / precision::per(result_unit)))?
        }
        (RelationKind::Ratio | RelationKind::PerCapita, 0) => {
            r.scale(result_scale).times(other(1)?)
        }
        (RelationKind::Ratio | RelationKind::PerCapita, 1) => {
            other(0)?.divided_by(r.scale(result_scale))?
        }
        (RelationKind::Sum, _) => {
            let mut rest = r.scale(result_scale);
            for i in (0..inputs.len()).filter(|&i| i != at) {
                rest = rest.minus(other(i)?);
            }
            rest
        }
        (RelationKind::Change, 1) if measure == Measure::Difference => {
            other(0)?.minus(r.scale(result_scale))
        }
        (RelationKind::Change, 0) if measure == Measure::Difference => {
            other(1)?.plus(r.scale(result_scale))
        }
        _ => return None,
    };
    if !(range.low.is_finite() && range.high.is_finite()) {
        return None;
    }
    let what = match missing {
        Operand::Missing(what) => what.clone(),
        other => other.to_string(),
    };
    let mut text = if range.high - range.low < 1e-9 * range.high.abs().max(1.0) {
        format!("{what}: {}", show_number(range.low, 2))
    } else {
        format!(
            "{what}: between {} and {}",
            show_number(range.low, 2),
            show_number(range.high, 2)
        )
    };
    // A count the other figures pin down to one or two whole numbers.
    let (first, last) = (range.low.ceil(), range.high.floor());
    let counts = inputs.iter().all(|(_, n)| {
        n.as_ref()
            .map_or(true, |n| n.printed.as_ref().is_some_and(|p| p.exact))
    });
    if counts && first <= last && last - first < 2.0 {
        let whole: Vec<String> = [first, last]
            .iter()
            .map(|v| show_number(*v, 0))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        text.push_str(&format!(", so {}", whole.join(" or ")));
    }
    Some(Implied { what, range, text })
}
