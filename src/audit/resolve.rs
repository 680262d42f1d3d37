//! Operand resolution: the term a relation's operand names (an indicator, a table cell,
//! a constant, a figure the report leaves out) and the number it gives the audit.

use super::precision::{Printed, Range};
use super::{Role, Source, Term};
use crate::model::{Indicator, Operand, Relation, RelationKind, Report, split_number};

/// A term's number as the audit uses it.
#[derive(Debug, Clone)]
pub(super) struct Number {
    /// What the printed figure stands for (a derived figure: what its inputs allow).
    pub(super) range: Range,
    pub(super) point: f64,
    /// The printed figure, for comparing a result; `None` for a derived one.
    pub(super) printed: Option<Printed>,
    pub(super) unit: String,
}

/// Why a term gives no number to check with.
pub(super) enum Unusable {
    Missing(String),
    NoNumber(String),
}

pub(super) fn resolve(
    report: &Report,
    operand: &Operand,
    role: Role,
) -> (Term, Result<Number, Unusable>) {
    let mut term = Term {
        operand: operand.clone(),
        role,
        name: String::new(),
        printed: String::new(),
        shown: String::new(),
        value: None,
        unit: String::new(),
        qualifier: None,
        formula: String::new(),
        source: None,
    };
    let number = match operand {
        Operand::Indicator(id) => match report.indicator(id) {
            Some(indicator) => {
                term.name = indicator.name.clone();
                term.printed = if indicator.value_text.is_empty() {
                    indicator.shown_figure()
                } else {
                    indicator.value_text.clone()
                };
                term.shown = indicator.display_value();
                term.value = Some(indicator.value);
                term.unit = indicator.unit.clone();
                term.qualifier = indicator.qualifier;
                term.formula = indicator.formula.clone();
                term.source = Some(indicator_source(report, indicator));
                indicator_number(report, indicator, 0)
                    .ok_or_else(|| Unusable::NoNumber(format!("`{id}` gives no number")))
            }
            None => Err(Unusable::NoNumber(format!("no indicator `{id}`"))),
        },
        Operand::TableCell { table, row, column } => {
            table_cell(report, &mut term, table, row, *column)
        }
        Operand::Missing(what) => {
            term.name = what.clone();
            term.shown = format!("[{what}]");
            Err(Unusable::Missing(what.clone()))
        }
        Operand::Constant(text) => {
            term.name = "a whole".to_string();
            term.printed = text.clone();
            term.shown = text.clone();
            match text.parse::<f64>() {
                Ok(value) => {
                    term.value = Some(value);
                    Ok(Number {
                        range: Range::exact(value),
                        point: value,
                        printed: Some(Printed {
                            value,
                            decimals: 0,
                            exact: true,
                        }),
                        unit: String::new(),
                    })
                }
                Err(_) => Err(Unusable::NoNumber(format!("`{text}` is not a number"))),
            }
        }
    };
    (term, number)
}

fn table_cell(
    report: &Report,
    term: &mut Term,
    table: &str,
    row: &str,
    column: usize,
) -> Result<Number, Unusable> {
    let missing = || Unusable::NoNumber(format!("no cell table:{table}[{row},{column}]"));
    let found = report.structure.table(table).ok_or_else(missing)?;
    let cells = found
        .rows
        .iter()
        .find(|r| r.first().is_some_and(|first| first.trim() == row))
        .ok_or_else(missing)?;
    let cell = cells.get(column.wrapping_sub(1)).ok_or_else(missing)?;
    let header = found
        .header
        .get(column - 1)
        .cloned()
        .unwrap_or_else(|| format!("column {column}"));
    term.name = format!("{header}（表{} {row}）", found.number);
    term.printed = cell.clone();
    term.source = Some(Source {
        location: found.location.clone(),
        page: found.page,
        text: cells.join(" "),
        table: Some(found.number.clone()),
    });
    let (number, rest) = split_number(cell).ok_or_else(missing)?;
    let rest = rest.trim();
    let unit = if rest.is_empty() {
        found.units.get(column - 1).cloned().unwrap_or_default()
    } else {
        rest.to_string()
    };
    term.shown = if rest.is_empty() && !unit.is_empty() {
        format!("{cell} {unit}")
    } else {
        cell.clone()
    };
    term.unit = unit.clone();
    let printed = Printed::read(number, &unit, false).ok_or_else(missing)?;
    term.value = Some(printed.value);
    Ok(Number {
        range: printed.range(),
        point: printed.value,
        printed: Some(printed),
        unit,
    })
}

/// Where an indicator's figure is printed; a figure read from a table row names its table.
fn indicator_source(report: &Report, indicator: &Indicator) -> Source {
    let source = crate::text::compact(&indicator.source);
    let table = report
        .structure
        .tables
        .iter()
        .filter(|t| t.location == indicator.location)
        .find(|t| {
            t.rows
                .iter()
                .any(|row| crate::text::compact(&row.join(" ")) == source)
        })
        .map(|t| t.number.clone());
    Source {
        location: indicator.location.clone(),
        page: indicator.page,
        text: indicator.source.clone(),
        table,
    }
}

/// A printed indicator's number, or a derived one's from its formula's terms.
fn indicator_number(report: &Report, indicator: &Indicator, depth: usize) -> Option<Number> {
    if !indicator.value_text.is_empty() {
        let (number, _) = split_number(&indicator.value_text)?;
        let printed = Printed::read(number, &indicator.unit, indicator.value < 0.0)?;
        return Some(Number {
            range: printed.range(),
            point: printed.value,
            printed: Some(printed),
            unit: indicator.unit.clone(),
        });
    }
    // A derived value: the formula `a - b + c` over the ranges of its terms.
    if depth > 8 || indicator.formula.is_empty() {
        return None;
    }
    let mut range = Range::exact(0.0);
    let mut point = 0.0;
    let mut negative = false;
    let mut expect_term = true;
    for token in indicator.formula.split_whitespace() {
        match (token, expect_term) {
            ("+", false) => negative = false,
            ("-" | "−", false) => negative = true,
            (term, true) => {
                let (term_range, term_point) = match term.parse::<f64>() {
                    Ok(value) => (Range::exact(value), value),
                    Err(_) => {
                        let inner = indicator_number(report, report.indicator(term)?, depth + 1)?;
                        (inner.range, inner.point)
                    }
                };
                if negative {
                    range = range.minus(term_range);
                    point -= term_point;
                } else {
                    range = range.plus(term_range);
                    point += term_point;
                }
            }
            _ => return None,
        }
        expect_term = !expect_term;
    }
    (!expect_term && point.is_finite()).then(|| Number {
        range,
        point,
        printed: None,
        unit: indicator.unit.clone(),
    })
}

/// The relation's result: a figure a division or a unit conversion gives is never an
/// exact count, whatever its unit (`生均 44 平方米` stands for 43.5 … 44.5).
pub(super) fn resolve_result(
    report: &Report,
    relation: &Relation,
) -> (Term, Result<Number, Unusable>) {
    let (term, mut result) = resolve(report, &relation.result, Role::Result);
    let quotient = matches!(
        relation.kind,
        RelationKind::Ratio | RelationKind::Share | RelationKind::PerCapita
    ) || relation.factor.is_some();
    if quotient
        && let Ok(number) = &mut result
        && let Some(printed) = &mut number.printed
        && printed.exact
    {
        printed.exact = false;
        number.range = printed.range();
    }
    (term, result)
}
