//! The audit: every relation of a report (`relations.csv`) recomputed from the printed
//! figures and compared at the printed precision. A finding names the figures, the
//! formula, the printed and recomputed values and the sentences they stand in; where the
//! 生均 figures imply another student count than the report states, the audit says which.
//! No I/O: the CLI and the explorer show what [`audit`] returns.

pub mod precision;

use std::collections::{BTreeMap, HashSet};

use precision::{Agreement, Printed, Range, compare, format_number, show_number};

use crate::model::{
    Indicator, Location, Measure, Operand, Qualifier, Relation, RelationKind, Report, split_number,
};

/// What the audit concludes about one relation, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// The printed figure is not what its inputs give, whatever rounding is allowed.
    Inconsistent,
    /// It is only if the report cut digits off instead of rounding.
    Truncated,
    /// An input is not printed, or not exact (400多, 约27.00).
    NotCheckable,
    /// Within the printed precision.
    Consistent,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Inconsistent,
        Verdict::Truncated,
        Verdict::NotCheckable,
        Verdict::Consistent,
    ];

    /// The name in JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Inconsistent => "inconsistent",
            Verdict::Truncated => "truncated",
            Verdict::NotCheckable => "not-checkable",
            Verdict::Consistent => "consistent",
        }
    }

    /// How people read it.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Inconsistent => "inconsistent",
            Verdict::Truncated => "consistent only by truncation",
            Verdict::NotCheckable => "not checkable",
            Verdict::Consistent => "consistent",
        }
    }
}

/// Where a term of a relation is printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub location: Location,
    pub page: u32,
    /// The sentence, or the table row with its cells space-separated.
    pub text: String,
    /// The table the figure is printed in, if it is a table cell.
    pub table: Option<String>,
}

impl Source {
    /// Whether two terms are printed in the same sentence (or table row).
    pub fn same_place(&self, other: &Source) -> bool {
        self.text == other.text && self.location == other.location
    }

    /// `[2] §1.3 p. 4  表1: sentence`: the source as the reviewer's report and the
    /// explorer cite it, numbered from 1.
    pub fn cited(&self, number: usize) -> String {
        let table = self
            .table
            .as_ref()
            .map_or_else(String::new, |t| format!("表{t}: "));
        format!(
            "[{number}] §{} p. {}  {table}{}",
            self.location.label(),
            self.page,
            self.text
        )
    }
}

/// The result or an input of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Result,
    Input,
}

/// One term of a relation as the report prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub operand: Operand,
    pub role: Role,
    /// The indicator's name, a table column's header, what a missing figure is.
    pub name: String,
    /// The figure as printed, with the report's words (`下降 4.58%`, `约27.00`), or as
    /// the table cell holds it; for a derived figure the value with `*`; empty when the
    /// report does not print it.
    pub printed: String,
    /// The figure with its unit, as the check line writes it (`134.42 万平方米`).
    pub shown: String,
    pub value: Option<f64>,
    pub unit: String,
    pub qualifier: Option<Qualifier>,
    /// How a derived figure is computed from printed ones.
    pub formula: String,
    pub source: Option<Source>,
}

/// How far the printed figure is from the recomputed one: printed − recomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub value: f64,
    /// The unit of the gap: the figure's, or percentage points between percentages.
    pub unit: String,
    /// The gap as a fraction of the recomputed value.
    pub relative: Option<f64>,
    /// `+0.09 percentage points (+0.6%)`.
    pub text: String,
}

/// What the printed figures imply for the one the report does not print.
#[derive(Debug, Clone, PartialEq)]
pub struct Implied {
    pub what: String,
    pub range: Range,
    pub text: String,
}

/// The audit of one relation.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub relation: String,
    pub kind: RelationKind,
    /// For a change, the measure compared (declared, or read from the units).
    pub measure: Option<Measure>,
    pub verified: bool,
    /// The curator's note from `relations.csv`.
    pub note: String,
    pub verdict: Verdict,
    /// In ids: `student-teacher-ratio = students-enrolled-2022 ÷ full-time-teachers`.
    pub formula: String,
    /// In printed figures: `51486 人 ÷ 3390 人`.
    pub check: String,
    /// The result as printed.
    pub printed: String,
    /// The result recomputed from the printed inputs, where they give one.
    pub recomputed: Option<f64>,
    /// The recomputed value with two more decimals than printed.
    pub recomputed_text: String,
    /// What the inputs allow, given their own rounding.
    pub range: Option<Range>,
    pub gap: Option<Gap>,
    pub terms: Vec<Term>,
    /// What the audit noticed beyond the verdict (percentage points written as %, a
    /// reading at the edge of the rounding, a qualified or missing figure).
    pub remarks: Vec<String>,
    pub implied: Option<Implied>,
}

impl Finding {
    /// The indicators the relation names.
    pub fn indicators(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().filter_map(|t| t.operand.indicator())
    }

    /// The distinct places the terms are printed, the result's first.
    pub fn sources(&self) -> Vec<&Source> {
        let mut sources: Vec<&Source> = Vec::new();
        for source in self.terms.iter().filter_map(|t| t.source.as_ref()) {
            if !sources.iter().any(|s| s.same_place(source)) {
                sources.push(source);
            }
        }
        sources
    }

    /// `a / b = 15.43; printed 15.41; gap 0.02`: the check with what it gives, the
    /// printed figure and the gap, as both front ends show it (unescaped).
    pub fn check_line(&self) -> String {
        let mut line = self.check.clone();
        if !self.recomputed_text.is_empty() {
            line.push_str(&format!(" = {}", self.recomputed_text));
        }
        line.push_str(&format!("; printed {}", self.printed));
        if let Some(gap) = &self.gap {
            line.push_str(&format!("; gap {}", gap.text));
        }
        line
    }
}

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

/// A report's audit: every relation's finding, worst first, and the population hints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audit {
    pub findings: Vec<Finding>,
    pub populations: Vec<Population>,
}

impl Audit {
    pub fn count(&self, verdict: Verdict) -> usize {
        self.findings
            .iter()
            .filter(|f| f.verdict == verdict)
            .count()
    }

    /// The indicators that take part in an inconsistent relation.
    pub fn inconsistent_indicators(&self) -> HashSet<String> {
        self.findings
            .iter()
            .filter(|f| f.verdict == Verdict::Inconsistent)
            .flat_map(|f| f.indicators().map(str::to_string))
            .collect()
    }

    /// `47 relations: 5 inconsistent, 1 consistent only by truncation, …`.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = Verdict::ALL
            .iter()
            .map(|&v| format!("{} {}", self.count(v), v.label()))
            .collect();
        format!(
            "{} relation{}: {}",
            self.findings.len(),
            if self.findings.len() == 1 { "" } else { "s" },
            parts.join(", ")
        )
    }
}

/// Audits every relation of a report: inconsistent first, then truncated, not
/// checkable and consistent, each group in the order of `relations.csv`.
pub fn audit(report: &Report) -> Audit {
    let mut findings: Vec<Finding> = report
        .relations
        .iter()
        .map(|relation| check(report, relation))
        .collect();
    findings.sort_by_key(|f| f.verdict);
    let populations = populations(report);
    Audit {
        findings,
        populations,
    }
}

/// A term's number as the audit uses it.
#[derive(Debug, Clone)]
struct Number {
    /// What the printed figure stands for (a derived figure: what its inputs allow).
    range: Range,
    point: f64,
    /// The printed figure, for comparing a result; `None` for a derived one.
    printed: Option<Printed>,
    unit: String,
}

/// Why a term gives no number to check with.
enum Unusable {
    Missing(String),
    NoNumber(String),
}

fn resolve(report: &Report, operand: &Operand, role: Role) -> (Term, Result<Number, Unusable>) {
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

/// The relation's result: a figure a division or a unit conversion gives is never an
/// exact count, whatever its unit (`生均 44 平方米` stands for 43.5 … 44.5).
fn resolve_result(report: &Report, relation: &Relation) -> (Term, Result<Number, Unusable>) {
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

fn check(report: &Report, relation: &Relation) -> Finding {
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

/// For each indicator that is the population of a 生均 figure: what every figure computed
/// from it implies, reported where they disagree with the stated count.
fn populations(report: &Report) -> Vec<Population> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FALL_WORDS, Location, ReportMeta, Scope, Structure};

    /// An indicator as the dataset would hold it: the value read from the printed text.
    fn indicator(id: &str, value_text: &str, unit: &str) -> Indicator {
        let (number, _) = split_number(value_text).expect("a number");
        let magnitude: f64 = number.parse().expect("plain digits");
        let falls = FALL_WORDS.iter().any(|w| value_text.starts_with(w));
        Indicator {
            id: id.to_string(),
            name: id.to_string(),
            name_en: String::new(),
            value_text: value_text.to_string(),
            value: if falls { -magnitude } else { magnitude },
            value_written: number.to_string(),
            qualifier: Qualifier::ALL
                .into_iter()
                .find(|q| q.words().iter().any(|w| value_text.contains(w))),
            unit: unit.to_string(),
            period: String::new(),
            scope: Scope::City,
            series: String::new(),
            formula: String::new(),
            location: Location::default(),
            page: 1,
            source: format!("{id} {value_text}"),
            verified: true,
            concept: None,
        }
    }

    fn relation(id: &str, kind: &str, result: &str, inputs: &str, measure: &str) -> Relation {
        Relation {
            id: id.to_string(),
            kind: RelationKind::parse(kind).expect("a kind"),
            result: Operand::parse(result).expect("an operand"),
            inputs: inputs
                .split('|')
                .map(|i| Operand::parse(i).expect("an operand"))
                .collect(),
            measure: Measure::parse(measure),
            factor: None,
            verified: true,
            note: String::new(),
        }
    }

    fn report(indicators: Vec<Indicator>, relations: Vec<Relation>) -> Report {
        Report {
            meta: ReportMeta {
                id: "test".into(),
                title: "test".into(),
                title_en: String::new(),
                region: String::new(),
                region_en: String::new(),
                school_year: String::new(),
                calendar_year: String::new(),
                key_indicators: String::new(),
                level: None,
                publisher: String::new(),
            },
            structure: Structure::default(),
            schools: Vec::new(),
            partners: Vec::new(),
            indicators,
            breakdowns: Vec::new(),
            glossary: Vec::new(),
            relations,
            warnings: Vec::new(),
        }
    }

    fn finding<'a>(audit: &'a Audit, id: &str) -> &'a Finding {
        audit
            .findings
            .iter()
            .find(|f| f.relation == id)
            .unwrap_or_else(|| panic!("no finding {id}"))
    }

    fn teachers() -> Vec<Indicator> {
        vec![
            indicator("students", "51486", "人"),
            indicator("teachers", "3390", "人"),
            indicator("ratio-colon", "15.19:1", ":1"),
            indicator("ratio-ratio-sign", "15.19∶1", "∶1"),
            indicator("ratio-printed", "15.41:1", ":1"),
            indicator("dual", "1844", "人"),
            indicator("dual-share", "54.39%", "%"),
            indicator("dual-share-rounded", "54.40%", "%"),
        ]
    }

    #[test]
    fn ratios_read_with_either_colon_and_a_gap_is_measured() {
        let report = report(
            teachers(),
            vec![
                relation("colon", "ratio", "ratio-colon", "students|teachers", ""),
                relation("sign", "ratio", "ratio-ratio-sign", "students|teachers", ""),
                relation("printed", "ratio", "ratio-printed", "students|teachers", ""),
            ],
        );
        let audit = audit(&report);
        assert_eq!(finding(&audit, "colon").verdict, Verdict::Consistent);
        assert_eq!(finding(&audit, "sign").verdict, Verdict::Consistent);
        let printed = finding(&audit, "printed");
        assert_eq!(printed.verdict, Verdict::Inconsistent);
        assert_eq!(printed.recomputed_text, "15.1876");
        let gap = printed.gap.as_ref().expect("a gap");
        assert!((gap.value - 0.2224).abs() < 1e-3, "{gap:?}");
        assert_eq!(gap.text, "+0.22 (+1.5%)");
        assert_eq!(printed.check, "51486 人 ÷ 3390 人");
        assert_eq!(audit.findings[0].relation, "printed", "inconsistent first");
    }

    #[test]
    fn a_share_cut_off_instead_of_rounded_is_told_apart() {
        let report = report(
            teachers(),
            vec![
                relation("cut", "share", "dual-share", "dual|teachers", ""),
                relation(
                    "rounded",
                    "share",
                    "dual-share-rounded",
                    "dual|teachers",
                    "",
                ),
            ],
        );
        let audit = audit(&report);
        let cut = finding(&audit, "cut");
        assert_eq!(cut.verdict, Verdict::Truncated);
        assert!(
            cut.remarks
                .iter()
                .any(|r| r.contains("54.3953 rounds to 54.40"))
        );
        assert_eq!(finding(&audit, "rounded").verdict, Verdict::Consistent);
    }

    #[test]
    fn a_change_of_percentages_is_in_points_and_the_report_may_write_per_cent() {
        let report = report(
            vec![
                indicator("share-2022", "44.31%", "%"),
                indicator("share-2021", "48.89%", "%"),
                indicator("fall-in-points", "下降 4.58%", "个百分点"),
                indicator("fall-written-percent", "下降 4.58%", "%"),
                indicator("fall-relative", "下降 9.37%", "%"),
            ],
            vec![
                relation(
                    "points",
                    "change",
                    "fall-in-points",
                    "share-2022|share-2021",
                    "",
                ),
                relation(
                    "auto",
                    "change",
                    "fall-written-percent",
                    "share-2022|share-2021",
                    "",
                ),
                relation(
                    "relative",
                    "change",
                    "fall-written-percent",
                    "share-2022|share-2021",
                    "relative",
                ),
                relation(
                    "truly-relative",
                    "change",
                    "fall-relative",
                    "share-2022|share-2021",
                    "",
                ),
            ],
        );
        let audit = audit(&report);
        let points = finding(&audit, "points");
        assert_eq!(points.verdict, Verdict::Consistent);
        assert_eq!(points.measure, Some(Measure::Difference));
        assert!(
            points
                .remarks
                .iter()
                .any(|r| r.contains("percentage points") && r.contains("−9.37%")),
            "{:?}",
            points.remarks
        );
        // Left to the units, a per-cent fall of percentages is read as points if that
        // agrees, and as a relative change if that does.
        assert_eq!(finding(&audit, "auto").verdict, Verdict::Consistent);
        assert_eq!(finding(&audit, "auto").measure, Some(Measure::Difference));
        let relative = finding(&audit, "relative");
        assert_eq!(relative.verdict, Verdict::Inconsistent);
        assert_eq!(relative.recomputed_text, "−9.3680");
        let truly = finding(&audit, "truly-relative");
        assert_eq!(truly.verdict, Verdict::Consistent);
        assert_eq!(truly.measure, Some(Measure::Relative));
        assert!(truly.remarks.is_empty(), "{:?}", truly.remarks);
    }

    #[test]
    fn qualified_or_missing_figures_are_not_checkable() {
        let report = report(
            vec![
                indicator("total", "约27.00", "万平方米"),
                indicator("above", "约22.95", "万平方米"),
                indicator("below", "约4.05", "万平方米"),
                indicator("awards", "400多", "项"),
                indicator("first-prizes", "100", "项"),
                indicator("graduates", "15790", "人"),
                indicator("self-employed-rate", "1.57%", "%"),
            ],
            vec![
                relation("about", "sum", "total", "above|below", ""),
                relation(
                    "more-than",
                    "share",
                    "self-employed-rate",
                    "first-prizes|awards",
                    "",
                ),
                relation(
                    "missing",
                    "share",
                    "self-employed-rate",
                    "missing:自主创业人数|graduates",
                    "",
                ),
            ],
        );
        let audit = audit(&report);
        let about = finding(&audit, "about");
        assert_eq!(about.verdict, Verdict::NotCheckable);
        assert_eq!(
            about.recomputed_text, "27.0000",
            "the arithmetic is still shown"
        );
        assert!(about.remarks.iter().any(|r| r.contains("约27.00 (about)")));
        let more = finding(&audit, "more-than");
        assert_eq!(more.verdict, Verdict::NotCheckable);
        assert!(more.remarks.iter().any(|r| r.contains("400多 (more than)")));
        let missing = finding(&audit, "missing");
        assert_eq!(missing.verdict, Verdict::NotCheckable);
        let implied = missing.implied.as_ref().expect("implied");
        assert!(implied.text.ends_with("so 248"), "{}", implied.text);
    }

    #[test]
    fn counts_add_up_exactly_or_not_at_all() {
        let report = report(
            vec![
                indicator("class", "82", "人"),
                indicator("class-misprinted", "83", "人"),
                indicator("a", "2", "名"),
                indicator("b", "37", "名"),
                indicator("c", "43", "人"),
            ],
            vec![
                relation("adds-up", "sum", "class", "a|b|c", ""),
                relation("one-off", "sum", "class-misprinted", "a|b|c", ""),
            ],
        );
        let audit = audit(&report);
        assert_eq!(finding(&audit, "adds-up").verdict, Verdict::Consistent);
        let off = finding(&audit, "one-off");
        assert_eq!(off.verdict, Verdict::Inconsistent);
        assert_eq!(off.gap.as_ref().unwrap().text, "+1 人 (+1.2%)");
    }

    #[test]
    fn per_student_figures_that_imply_another_count_are_named() {
        let report = report(
            vec![
                {
                    let mut students = indicator("students", "51486", "人");
                    students.name = "在校生数".into();
                    students
                },
                indicator("campus", "225.81", "万平方米"),
                indicator("campus-per-student", "43.86", "平方米"),
                indicator("equipment", "77956.60", "万元"),
                indicator("equipment-per-student", "15036.18", "元"),
            ],
            vec![
                relation(
                    "campus",
                    "per-capita",
                    "campus-per-student",
                    "campus|students",
                    "",
                ),
                relation(
                    "equipment",
                    "per-capita",
                    "equipment-per-student",
                    "equipment|students",
                    "",
                ),
            ],
        );
        let audit = audit(&report);
        assert_eq!(finding(&audit, "campus").verdict, Verdict::Consistent);
        assert_eq!(finding(&audit, "equipment").verdict, Verdict::Inconsistent);
        let [population] = audit.populations.as_slice() else {
            panic!("{:?}", audit.populations);
        };
        assert_eq!(
            population.message,
            "生均 figures imply between 51484 and 51846 students; the report states 51486 人"
        );
        assert!(population.figures.iter().any(|f| f.agrees));
        assert!(population.figures.iter().any(|f| !f.agrees));
    }

    #[test]
    fn a_whole_number_a_division_gives_is_rounded_not_a_count() {
        // A 生均 figure, a ratio or a converted unit is a quotient: `44 平方米` per student
        // stands for 43.5 … 44.5 whatever its unit; only what adds or subtracts counts is
        // exact.
        let mut site_mu = relation("site-mu", "same", "site-mu", "site", "");
        site_mu.factor = Some("0.0015".into());
        let report = report(
            vec![
                indicator("students", "51486", "人"),
                indicator("campus", "225.81", "万平方米"),
                indicator("campus-per-student", "44", "平方米"),
                indicator("campus-per-student-misprinted", "45", "平方米"),
                indicator("books", "1866853", "册"),
                indicator("books-per-student", "36", "册"),
                indicator("site", "342352", "平方米"),
                indicator("site-mu", "514", "亩"),
            ],
            vec![
                relation(
                    "campus",
                    "per-capita",
                    "campus-per-student",
                    "campus|students",
                    "",
                ),
                relation(
                    "books",
                    "per-capita",
                    "books-per-student",
                    "books|students",
                    "",
                ),
                relation(
                    "misprinted",
                    "per-capita",
                    "campus-per-student-misprinted",
                    "campus|students",
                    "",
                ),
                site_mu,
            ],
        );
        let audit = audit(&report);
        assert_eq!(finding(&audit, "campus").verdict, Verdict::Consistent);
        assert_eq!(finding(&audit, "books").verdict, Verdict::Consistent);
        assert_eq!(finding(&audit, "site-mu").verdict, Verdict::Consistent);
        let misprinted = finding(&audit, "misprinted");
        assert_eq!(misprinted.verdict, Verdict::Inconsistent);
        assert_eq!(misprinted.recomputed_text, "43.86");
        assert_eq!(misprinted.gap.as_ref().unwrap().text, "+1 平方米 (+2.6%)");
        // 44 and 36 per student both allow the stated 51486 students.
        let students: Vec<&ImpliedPopulation> = audit
            .populations
            .iter()
            .flat_map(|p| &p.figures)
            .filter(|f| f.relation != "misprinted")
            .collect();
        assert!(students.iter().all(|f| f.agrees), "{students:?}");
    }

    #[test]
    fn arithmetic_that_leaves_the_numbers_is_not_checkable_never_consistent() {
        let factor = |id: &str, factor: &str| {
            let mut r = relation(id, "same", "students", "students-2021", "");
            r.factor = Some(factor.into());
            r
        };
        let report = report(
            vec![
                indicator("students", "1200", "人"),
                indicator("students-2021", "1100", "人"),
            ],
            vec![
                relation("sum", "sum", "students", "1e308|1e308|students-2021", ""),
                factor("huge-factor", "1e308"),
                factor("tiny-factor", "1e-320"),
                relation(
                    "tiny-divisor",
                    "ratio",
                    "students",
                    "students-2021|1e-320",
                    "",
                ),
                relation("zero-divisor", "ratio", "students", "students-2021|0", ""),
            ],
        );
        let audit = audit(&report);
        for id in ["sum", "huge-factor", "tiny-divisor"] {
            let found = finding(&audit, id);
            assert_eq!(found.verdict, Verdict::NotCheckable, "{id}");
            assert!(found.recomputed.is_none() && found.range.is_none(), "{id}");
            assert!(
                found.remarks.iter().any(|r| r.contains("too large")),
                "{id}: {:?}",
                found.remarks
            );
            assert!(
                !found.remarks.iter().any(|r| r.contains("holds zero")),
                "{id}: {:?}",
                found.remarks
            );
        }
        assert!(
            finding(&audit, "zero-divisor")
                .remarks
                .iter()
                .any(|r| r.contains("holds zero"))
        );
        // 1100 × 1e-320 is a number, if a tiny one: inconsistent, with no infinite gap.
        let tiny = finding(&audit, "tiny-factor");
        assert_eq!(tiny.verdict, Verdict::Inconsistent);
        let gap = tiny.gap.as_ref().unwrap();
        assert_eq!(gap.relative, None);
        assert_eq!(gap.text, "+1200 人");
        for found in &audit.findings {
            let shown = format!("{} {:?}", found.recomputed_text, found.gap);
            assert!(!shown.contains("inf") && !shown.contains("NaN"), "{shown}");
        }
    }

    #[test]
    fn derived_figures_carry_the_rounding_of_what_they_are_derived_from() {
        let mut derived = indicator("campus-2021", "0", "万平方米");
        derived.value_text = String::new();
        derived.value = 207.80;
        derived.value_written = "207.80".into();
        derived.formula = "campus-2022 - campus-increase".into();
        let report = report(
            vec![
                indicator("campus-2022", "225.81", "万平方米"),
                indicator("campus-increase", "18.01", "万平方米"),
                derived,
                indicator("students-2021", "52266", "人"),
                indicator("per-student-2021", "39.76", "平方米"),
            ],
            vec![relation(
                "per-student",
                "per-capita",
                "per-student-2021",
                "campus-2021|students-2021",
                "",
            )],
        );
        let audit = audit(&report);
        let found = finding(&audit, "per-student");
        assert_eq!(found.verdict, Verdict::Consistent);
        let range = found.range.unwrap();
        // 207.79 … 207.81 万平方米 over 52266 students.
        assert!(range.low < 39.7565 && range.high > 39.7598, "{range:?}");
    }
}
