//! Declared relations between printed figures (`relations.csv`): what each kind
//! computes and the operands it takes.

use std::fmt;

use serde::Serialize;

/// How a printed figure should follow from others (see docs/dataset.md, `relations.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// `a / b`, printed as `15.41:1` or `2.55 倍`.
    Ratio,
    /// `part / total` in per cent (or per mille where the figure is in ‰).
    Share,
    /// `total / population`: a 生均 (per student) figure.
    PerCapita,
    /// `later − earlier` (a difference, in percentage points between percentages) or
    /// `(later − earlier) / earlier` in per cent (relative).
    Change,
    /// The parts add up to the figure.
    Sum,
    /// The same quantity printed twice (a sentence and a table cell), or in another unit.
    Same,
}

impl RelationKind {
    pub const ALL: [RelationKind; 6] = [
        RelationKind::Ratio,
        RelationKind::Share,
        RelationKind::PerCapita,
        RelationKind::Change,
        RelationKind::Sum,
        RelationKind::Same,
    ];

    /// The name used in the dataset (`per-capita`).
    pub fn name(self) -> &'static str {
        match self {
            RelationKind::Ratio => "ratio",
            RelationKind::Share => "share",
            RelationKind::PerCapita => "per-capita",
            RelationKind::Change => "change",
            RelationKind::Sum => "sum",
            RelationKind::Same => "same",
        }
    }

    pub fn parse(name: &str) -> Option<RelationKind> {
        RelationKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// How a change is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// `later − earlier`, in the figures' unit: percentage points between percentages.
    Difference,
    /// `(later − earlier) / earlier`, in per cent.
    Relative,
}

impl Measure {
    pub fn name(self) -> &'static str {
        match self {
            Measure::Difference => "difference",
            Measure::Relative => "relative",
        }
    }

    pub fn parse(name: &str) -> Option<Measure> {
        [Measure::Difference, Measure::Relative]
            .into_iter()
            .find(|m| m.name() == name)
    }
}

/// One term of a relation: a printed figure, a table cell, a figure the report does not
/// print, or an exact number.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "String")]
pub enum Operand {
    /// An indicator by id.
    Indicator(String),
    /// A cell of a parsed table: `table:1[2022,2]` is the cell in column 2 (the first
    /// column is 1) of the row whose first cell is `2022`.
    TableCell {
        table: String,
        row: String,
        column: usize,
    },
    /// A figure the relation needs but the report does not print (`missing:自主创业人数`).
    Missing(String),
    /// An exact number (`100`: shares that make a whole).
    Constant(String),
}

impl Operand {
    /// Reads an operand as `relations.csv` writes it; `None` when it is none of the forms
    /// (an indicator id is checked against the report later).
    pub fn parse(text: &str) -> Option<Operand> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(what) = text.strip_prefix("missing:") {
            let what = what.trim();
            return (!what.is_empty()).then(|| Operand::Missing(what.to_string()));
        }
        if let Some(rest) = text.strip_prefix("table:") {
            let (table, cell) = rest.split_once('[')?;
            let cell = cell.strip_suffix(']')?;
            let (row, column) = cell.rsplit_once(',')?;
            let column: usize = column.trim().parse().ok().filter(|&c| c >= 1)?;
            let (table, row) = (table.trim(), row.trim());
            if table.is_empty() || row.is_empty() {
                return None;
            }
            return Some(Operand::TableCell {
                table: table.to_string(),
                row: row.to_string(),
                column,
            });
        }
        if text.parse::<f64>().is_ok_and(f64::is_finite) {
            return Some(Operand::Constant(text.to_string()));
        }
        Some(Operand::Indicator(text.to_string()))
    }

    /// The indicator this operand names, if it names one.
    pub fn indicator(&self) -> Option<&str> {
        match self {
            Operand::Indicator(id) => Some(id),
            _ => None,
        }
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Indicator(id) => f.write_str(id),
            Operand::TableCell { table, row, column } => {
                write!(f, "table:{table}[{row},{column}]")
            }
            Operand::Missing(what) => write!(f, "missing:{what}"),
            Operand::Constant(number) => f.write_str(number),
        }
    }
}

impl From<Operand> for String {
    fn from(operand: Operand) -> String {
        operand.to_string()
    }
}

/// A declared relation between printed figures: `result` should be what `kind` computes
/// from `inputs`. `nianbao audit` recomputes it at the printed precision.
#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    pub id: String,
    pub kind: RelationKind,
    /// The printed figure the relation recomputes.
    pub result: Operand,
    /// Ratio, share, per capita: numerator and denominator; change: later and earlier;
    /// sum: the parts; same: the other printing.
    pub inputs: Vec<Operand>,
    /// For a change: difference or relative; `None` lets the units decide.
    pub measure: Option<Measure>,
    /// A factor the recomputed value is multiplied by, for units the unit names do not
    /// convert (平方米 → 亩: 0.0015), as written.
    pub factor: Option<String>,
    /// False for relations an automatic ingest proposed and nobody checked.
    pub verified: bool,
    /// The curator's reading of the relation (which figures, why).
    pub note: String,
}
