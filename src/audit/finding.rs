//! What the audit says about one relation: the verdict, the terms with where each is
//! printed, the gap and what the printed figures imply.

use super::precision::Range;
use crate::model::{Location, Measure, Operand, Qualifier, RelationKind};

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
