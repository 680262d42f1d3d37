//! The optional `relations.csv`: how printed figures should agree with each other (a
//! share with its part and total, a 生均 figure with its total and population, a change
//! with both years, a table cell with the sentence that prints it again). Each row is
//! checked against the report on load: kinds, operand counts, indicator ids, table cells.

use std::collections::HashSet;

use super::ProblemKind;
use super::rows::{Lined, RelationRow};
use crate::model::{Indicator, Measure, Operand, Relation, RelationKind, Structure};
use crate::text::{is_slug, split_list};

/// Reads the relation rows into relations, reporting every problem with its line.
pub fn assemble_relations(
    rows: &[Lined<RelationRow>],
    structure: &Structure,
    indicators: &[Indicator],
    report: &mut dyn FnMut(ProblemKind, u64, String),
) -> Vec<Relation> {
    let ids: HashSet<&str> = indicators.iter().map(|i| i.id.as_str()).collect();
    let mut seen = HashSet::new();
    let mut relations = Vec::new();
    for Lined { line, row } in rows {
        let line = *line;
        let mut problem = |kind, message| report(kind, line, message);
        if !is_slug(&row.id) {
            problem(
                ProblemKind::BadValue,
                format!(
                    "id `{}` is not a slug (lowercase letters, digits and single hyphens)",
                    row.id
                ),
            );
        }
        if !seen.insert(row.id.clone()) {
            problem(
                ProblemKind::DuplicateId,
                format!("duplicate id `{}`", row.id),
            );
        }
        let kind = RelationKind::parse(&row.kind);
        if kind.is_none() {
            problem(
                ProblemKind::BadValue,
                format!(
                    "kind `{}` is none of {}",
                    row.kind,
                    RelationKind::ALL.map(RelationKind::name).join(", ")
                ),
            );
        }
        let mut check_operand = |text: &str, role: &str| -> Option<Operand> {
            let Some(operand) = Operand::parse(text) else {
                problem(
                    ProblemKind::BadValue,
                    format!(
                        "{role} `{text}` is not an operand (an indicator id, table:N[row,column], missing:<what> or a number)"
                    ),
                );
                return None;
            };
            if let Some(message) = operand_problem(&operand, structure, &ids) {
                problem(ProblemKind::UnknownReference, format!("{role}: {message}"));
            }
            Some(operand)
        };
        let result = check_operand(&row.result, "result");
        let inputs: Vec<Operand> = split_list(&row.inputs)
            .iter()
            .filter_map(|text| check_operand(text, "input"))
            .collect();
        let measure = match row.measure.as_str() {
            "" => None,
            name => {
                let parsed = Measure::parse(name);
                if parsed.is_none() {
                    problem(
                        ProblemKind::BadValue,
                        format!("measure `{name}` is neither difference nor relative"),
                    );
                }
                parsed
            }
        };
        let factor = (!row.factor.is_empty()).then(|| row.factor.clone());
        if let Some(factor) = &factor
            && !factor
                .parse::<f64>()
                .is_ok_and(|f| f.is_finite() && f != 0.0)
        {
            problem(
                ProblemKind::BadValue,
                format!("factor `{factor}` is not a finite number other than 0"),
            );
        }
        let verified = match row.verified.as_str() {
            "" | "true" => true,
            "false" => false,
            other => {
                problem(
                    ProblemKind::BadValue,
                    format!("verified must be true or false, not `{other}`"),
                );
                true
            }
        };
        let (Some(kind), Some(result)) = (kind, result) else {
            continue;
        };
        for message in shape_problems(kind, &result, &inputs, measure.is_some()) {
            problem(ProblemKind::BadValue, message);
        }
        relations.push(Relation {
            id: row.id.clone(),
            kind,
            result,
            inputs,
            measure,
            factor,
            verified,
            note: row.note.clone(),
        });
    }
    relations
}

/// What is wrong with an operand's reference, if anything.
fn operand_problem(
    operand: &Operand,
    structure: &Structure,
    ids: &HashSet<&str>,
) -> Option<String> {
    match operand {
        Operand::Indicator(id) if !ids.contains(id.as_str()) => {
            Some(format!("unknown indicator `{id}`"))
        }
        Operand::TableCell { table, row, column } => {
            let Some(found) = structure.table(table) else {
                return Some(format!("the report has no table {table}"));
            };
            let Some(cells) = found
                .rows
                .iter()
                .find(|r| r.first().is_some_and(|first| first.trim() == row))
            else {
                return Some(format!("table {table} has no row starting with `{row}`"));
            };
            match cells.get(column - 1) {
                None => Some(format!(
                    "table {table}, row `{row}` has {} cells, not {column}",
                    cells.len()
                )),
                Some(cell) if crate::model::split_number(cell).is_none() => Some(format!(
                    "table {table}, row `{row}`, column {column} holds no number (`{cell}`)"
                )),
                Some(_) => None,
            }
        }
        _ => None,
    }
}

/// What the kind needs: how many inputs, which operands may stand where.
fn shape_problems(
    kind: RelationKind,
    result: &Operand,
    inputs: &[Operand],
    has_measure: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let wanted = match kind {
        RelationKind::Ratio | RelationKind::Share | RelationKind::PerCapita => {
            (2, "two inputs: numerator|denominator")
        }
        RelationKind::Change => (2, "two inputs: later|earlier"),
        RelationKind::Same => (1, "one input: the other printing"),
        RelationKind::Sum => (usize::MAX, "at least two inputs: the parts"),
    };
    let count_ok = if wanted.0 == usize::MAX {
        inputs.len() >= 2
    } else {
        inputs.len() == wanted.0
    };
    if !count_ok {
        problems.push(format!(
            "a {} relation takes {}; this one has {}",
            kind.name(),
            wanted.1,
            inputs.len()
        ));
    }
    match result {
        Operand::Missing(_) => {
            problems.push("the result must be a printed figure, not missing:…".to_string())
        }
        Operand::Constant(_) if kind != RelationKind::Sum => problems.push(
            "a number as the result only makes sense for a sum (parts of a whole: 100)".to_string(),
        ),
        _ => {}
    }
    if inputs.contains(result) {
        problems.push(format!("`{result}` is both the result and an input"));
    }
    let printed = |o: &&Operand| matches!(o, Operand::Indicator(_) | Operand::TableCell { .. });
    if !inputs.is_empty() && !inputs.iter().any(|o| printed(&o)) {
        problems.push("no input is a printed figure: there is nothing to check".to_string());
    }
    if has_measure && kind != RelationKind::Change {
        problems.push("measure is only for a change".to_string());
    }
    problems
}
