//! Joins the parsed structure with the curated rows into a [`Report`], deriving the links
//! the text implies (cases and mentions of each school, each indicator's place and page)
//! and checking every row against the text and against the other rows.

use std::collections::{HashMap, HashSet};

use super::locate::{TextIndex, Within, first_number};
use super::rows::{self, BreakdownRow, Curated, IndicatorRow, Lined};
use super::{Problem, ProblemKind, ReportFiles};
use crate::model::{
    Breakdown, BreakdownKind, FALL_WORDS, GlossaryEntry, Indicator, Location, Partner, Qualifier,
    Report, ReportMeta, School, Scope, Structure,
};
use crate::text::{compact, is_slug, split_list};

/// Collects the problems of one report, each pinned to a file and line.
struct Checker<'a> {
    files: &'a ReportFiles,
    problems: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, kind: ProblemKind, file: &str, line: u64, message: String) {
        self.problems.push(Problem::new(
            kind,
            self.files.path(file),
            Some(line),
            message,
        ));
    }

    /// Checks an id's form and that no earlier row of the file used it.
    fn check_id(&mut self, file: &str, line: u64, id: &str, seen: &mut HashSet<String>) {
        if !is_slug(id) {
            self.problems
                .push(rows::bad_slug(self.files, file, line, id));
        }
        if !seen.insert(id.to_string()) {
            self.report(
                ProblemKind::DuplicateId,
                file,
                line,
                format!("duplicate id `{id}`"),
            );
        }
    }
}

pub fn assemble(
    meta: ReportMeta,
    structure: Structure,
    warnings: Vec<String>,
    curated: Curated,
    files: &ReportFiles,
    problems: &mut Vec<Problem>,
) -> Report {
    let mut checker = Checker { files, problems };
    let index = TextIndex::new(&structure);
    let mut schools = assemble_schools(&curated, &index, &mut checker);
    let partners = assemble_partners(&curated, &index, &mut checker);
    check_alias_clashes(&curated, &mut checker);
    link_cases(&structure, &mut schools);
    let indicators = assemble_indicators(
        &curated.indicators,
        &structure,
        &index,
        (&schools, &partners),
        &mut checker,
    );
    let breakdowns = assemble_breakdowns(&curated.breakdowns, &indicators, &mut checker);
    let glossary = assemble_glossary(&curated, &mut checker);
    let relations = super::relations::assemble_relations(
        &curated.relations,
        &structure,
        &indicators,
        &mut |kind, line, message| checker.report(kind, "relations.csv", line, message),
    );
    for id in split_list(&meta.key_indicators) {
        if !indicators.iter().any(|i| i.id == id) {
            checker.report(
                ProblemKind::UnknownReference,
                "report.csv",
                curated.meta_line,
                format!("key_indicators names unknown indicator `{id}`"),
            );
        }
    }
    Report {
        meta,
        structure,
        schools,
        partners,
        indicators,
        breakdowns,
        glossary,
        relations,
        warnings,
    }
}

/// The name first, then the aliases: every way the report writes the entity.
fn names_of(name: &str, aliases: &str) -> Vec<String> {
    let mut names = vec![name.to_string()];
    names.extend(split_list(aliases).into_iter().filter(|a| a != name));
    names
}

fn assemble_schools(curated: &Curated, index: &TextIndex, checker: &mut Checker) -> Vec<School> {
    let mut seen = HashSet::new();
    curated
        .schools
        .iter()
        .map(|Lined { line, row }| {
            checker.check_id("schools.csv", *line, &row.id, &mut seen);
            let names = names_of(&row.name, &row.aliases);
            School {
                id: row.id.clone(),
                name: row.name.clone(),
                aliases: names[1..].to_vec(),
                name_en: row.name_en.clone(),
                district: row.district.clone(),
                kind: row.kind.clone(),
                note: row.note.clone(),
                cases: Vec::new(),
                mentions: index.paragraphs_naming(&names),
            }
        })
        .collect()
}

fn assemble_partners(curated: &Curated, index: &TextIndex, checker: &mut Checker) -> Vec<Partner> {
    let mut seen = HashSet::new();
    curated
        .partners
        .iter()
        .map(|Lined { line, row }| {
            checker.check_id("partners.csv", *line, &row.id, &mut seen);
            let names = names_of(&row.name, &row.aliases);
            Partner {
                id: row.id.clone(),
                name: row.name.clone(),
                aliases: names[1..].to_vec(),
                name_en: row.name_en.clone(),
                kind: row.kind.clone(),
                location: row.location.clone(),
                mentions: index.paragraphs_naming(&names),
            }
        })
        .collect()
}

/// One name may stand for one school or partner only, or mentions would be ambiguous.
fn check_alias_clashes(curated: &Curated, checker: &mut Checker) {
    let mut owners: HashMap<String, String> = HashMap::new();
    let entries = curated
        .schools
        .iter()
        .map(|l| {
            (
                "schools.csv",
                l.line,
                &l.row.id,
                &l.row.name,
                &l.row.aliases,
            )
        })
        .chain(curated.partners.iter().map(|l| {
            (
                "partners.csv",
                l.line,
                &l.row.id,
                &l.row.name,
                &l.row.aliases,
            )
        }));
    for (file, line, id, name, aliases) in entries {
        for alias in names_of(name, aliases) {
            if let Some(owner) = owners.get(&alias).filter(|owner| *owner != id) {
                checker.report(
                    ProblemKind::DuplicateId,
                    file,
                    line,
                    format!("the name `{alias}` is already used by `{owner}`"),
                );
            } else {
                owners.insert(alias, id.clone());
            }
        }
    }
}

/// A case is about the schools its title names; failing that, those its text names.
fn link_cases(structure: &Structure, schools: &mut [School]) {
    for case in &structure.cases {
        let names_in = |text: &str, school: &School| {
            std::iter::once(&school.name)
                .chain(&school.aliases)
                .any(|name| text.contains(name.as_str()))
        };
        let in_title: Vec<usize> = (0..schools.len())
            .filter(|&i| names_in(&case.title, &schools[i]))
            .collect();
        let about = if in_title.is_empty() {
            (0..schools.len())
                .filter(|&i| {
                    case.paragraphs
                        .iter()
                        .any(|&p| names_in(&structure.paragraphs[p].text, &schools[i]))
                })
                .collect()
        } else {
            in_title
        };
        for i in about {
            schools[i].cases.push(case.id.clone());
        }
    }
}

fn assemble_indicators(
    rows: &[Lined<IndicatorRow>],
    structure: &Structure,
    index: &TextIndex,
    (schools, partners): (&[School], &[Partner]),
    checker: &mut Checker,
) -> Vec<Indicator> {
    let mut seen = HashSet::new();
    let school_ids: HashSet<&str> = schools.iter().map(|s| s.id.as_str()).collect();
    let partner_ids: HashSet<&str> = partners.iter().map(|p| p.id.as_str()).collect();
    let locations = Locations::of(structure);
    let sentences: Vec<(&str, Within)> = rows
        .iter()
        .map(|Lined { row, .. }| (row.source.as_str(), Some(row.section.as_str())))
        .collect();
    let places = index.locate_all(&sentences);
    // Where the sentences not in their section are, for the problem that says so.
    let astray: Vec<(&str, Within)> = sentences
        .iter()
        .zip(&places)
        .filter(|(_, place)| place.is_none())
        .map(|(&(sentence, _), _)| (sentence, None))
        .collect();
    let mut elsewhere = index.locate_all(&astray).into_iter();
    let mut places = places.into_iter();
    let mut indicators = Vec::new();
    for Lined { line, row } in rows {
        checker.check_id("indicators.csv", *line, &row.id, &mut seen);
        let mut report = |kind, message| checker.report(kind, "indicators.csv", *line, message);
        let value = row.value.parse::<f64>().ok().filter(|v| v.is_finite());
        if value.is_none() {
            report(
                ProblemKind::BadValue,
                format!("value `{}` is not a number", row.value),
            );
        }
        let verified = match row.verified.as_str() {
            "" | "true" => true,
            "false" => false,
            other => {
                report(
                    ProblemKind::BadValue,
                    format!("verified must be true or false, not `{other}`"),
                );
                true
            }
        };
        let scope = match row.scope.as_str() {
            "city" => Scope::City,
            other => match other.strip_prefix("partner:") {
                Some(id) => {
                    if !partner_ids.contains(id) {
                        report(
                            ProblemKind::UnknownReference,
                            format!("scope `{other}` names no partner in partners.csv"),
                        );
                    }
                    Scope::Partner(id.to_string())
                }
                None => {
                    let id = other.strip_prefix("school:").unwrap_or(other);
                    if !school_ids.contains(id) {
                        report(
                            ProblemKind::UnknownReference,
                            format!(
                                "scope `{other}` is neither `city` nor a school:<id> or partner:<id>"
                            ),
                        );
                    }
                    Scope::School(id.to_string())
                }
            },
        };
        let qualifier = match row.qualifier.as_str() {
            "" => None,
            name => {
                let parsed = Qualifier::parse(name);
                if parsed.is_none() {
                    report(
                        ProblemKind::BadValue,
                        format!(
                            "qualifier `{name}` is none of {}",
                            Qualifier::ALL.map(Qualifier::name).join(", ")
                        ),
                    );
                }
                parsed
            }
        };
        let location = locations.get(&row.section);
        if location.is_none() {
            report(
                ProblemKind::UnknownReference,
                format!("section `{}` is not in the report", row.section),
            );
        }
        let place = places.next().flatten();
        if place.is_none() {
            let elsewhere = elsewhere.next().flatten();
            report(
                ProblemKind::SourceNotFound,
                match elsewhere {
                    Some(found) => format!(
                        "source sentence is in section {}, not {}",
                        found.location.label(),
                        row.section
                    ),
                    None => "source sentence does not occur in the report text".to_string(),
                },
            );
        }
        check_value_text(row, value, &mut report);
        indicators.push(Indicator {
            id: row.id.clone(),
            name: row.name.clone(),
            name_en: row.name_en.clone(),
            value_text: row.value_text.clone(),
            value: value.unwrap_or(f64::NAN),
            value_written: row.value.clone(),
            qualifier,
            unit: row.unit.clone(),
            period: row.period.clone(),
            scope,
            series: row.series.clone(),
            formula: row.formula.clone(),
            location: location.unwrap_or_default(),
            page: place.map_or(0, |p| p.page),
            source: row.source.clone(),
            verified,
            concept: (!row.concept.is_empty()).then(|| row.concept.clone()),
        });
    }
    check_formulas(rows, &indicators, checker);
    super::concepts::check_concepts(rows, &indicators, &mut |line, message| {
        checker.report(ProblemKind::BadValue, "indicators.csv", line, message)
    });
    indicators
}

/// A printed value must stand in its sentence and agree with the number; a derived one
/// has no printed form, only a formula.
fn check_value_text(
    row: &IndicatorRow,
    value: Option<f64>,
    report: &mut impl FnMut(ProblemKind, String),
) {
    if row.value_text.is_empty() {
        if row.formula.is_empty() {
            report(
                ProblemKind::BadValue,
                "value_text is empty but no formula says how the value was derived".to_string(),
            );
        }
        return;
    }
    if !compact(&row.source).contains(&compact(&row.value_text)) {
        report(
            ProblemKind::Inconsistent,
            format!(
                "value_text `{}` does not occur in its source",
                row.value_text
            ),
        );
    }
    // 下降 4.58% is a fall: the value is −4.58.
    let falls = FALL_WORDS
        .iter()
        .any(|word| row.value_text.trim_start().starts_with(word));
    let printed = first_number(&row.value_text).map(|n| if falls { -n } else { n });
    match (printed, value) {
        (Some(printed), Some(value)) if !same_number(printed, value) => report(
            ProblemKind::Inconsistent,
            format!(
                "value {value} differs from the printed `{}`{}",
                row.value_text,
                if falls {
                    " (a fall: the value is negative)"
                } else {
                    ""
                }
            ),
        ),
        (None, _) => report(
            ProblemKind::BadValue,
            format!("value_text `{}` holds no number", row.value_text),
        ),
        _ => {}
    }
    let said = Qualifier::said_in(&row.value_text);
    match (said, row.qualifier.is_empty()) {
        (true, true) => report(
            ProblemKind::Inconsistent,
            format!(
                "value_text `{}` is not exact: set qualifier (more-than, at-least, about, nearly, less-than)",
                row.value_text
            ),
        ),
        (false, false) => report(
            ProblemKind::Inconsistent,
            format!(
                "qualifier `{}`, but value_text `{}` prints no word for it (多, 以上, 约, 近 …)",
                row.qualifier, row.value_text
            ),
        ),
        _ => {}
    }
}

fn same_number(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The place a `section` field names: a section number (`2.3`), or a chapter number for
/// text outside any section (`8`), or `0` for the preface.
/// The locations a label may name (`2.3`, or a chapter's number outside sections), read
/// once for a load rather than searched for each row.
struct Locations {
    /// Each section number's first section, as a location.
    sections: HashMap<String, Location>,
    /// The chapters' numbers, with 0 for a preface.
    chapters: HashSet<u32>,
}

impl Locations {
    fn of(structure: &Structure) -> Locations {
        let mut sections = HashMap::new();
        for section in &structure.sections {
            sections
                .entry(section.number.clone())
                .or_insert_with(|| Location {
                    chapter: section.chapter,
                    section: Some(section.number.clone()),
                });
        }
        let preface = structure.preface().map(|_| 0);
        let chapters = structure.chapters.iter().map(|c| c.number);
        Locations {
            sections,
            chapters: chapters.chain(preface).collect(),
        }
    }

    fn get(&self, label: &str) -> Option<Location> {
        if let Some(section) = self.sections.get(label) {
            return Some(section.clone());
        }
        let chapter: u32 = label.parse().ok()?;
        self.chapters.contains(&chapter).then_some(Location {
            chapter,
            section: None,
        })
    }
}

/// A derived value's formula adds and subtracts other indicators; the stored value must
/// be what it computes.
fn check_formulas(rows: &[Lined<IndicatorRow>], indicators: &[Indicator], checker: &mut Checker) {
    let values: HashMap<&str, f64> = indicators
        .iter()
        .map(|i| (i.id.as_str(), i.value))
        .collect();
    for (Lined { line, row }, indicator) in rows.iter().zip(indicators) {
        if row.formula.is_empty() {
            continue;
        }
        match evaluate(&row.formula, &row.id, &values) {
            Ok(computed) if !same_number(computed, indicator.value) => checker.report(
                ProblemKind::Inconsistent,
                "indicators.csv",
                *line,
                format!("formula gives {computed}, value says {}", indicator.value),
            ),
            Ok(_) => {}
            Err(error) => checker.report(
                ProblemKind::UnknownReference,
                "indicators.csv",
                *line,
                error.to_string(),
            ),
        }
    }
}

/// Why a derived value's formula gives no number to check the value with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum FormulaError {
    #[error("formula: `{0}` is not a finite number")]
    NotFinite(String),
    #[error("formula names its own indicator `{0}`")]
    OwnIndicator(String),
    #[error("formula names unknown indicator `{0}`")]
    UnknownIndicator(String),
    #[error("formula: expected + or - before `{0}`")]
    NoOperator(String),
    #[error("formula `{0}` is incomplete")]
    Incomplete(String),
    #[error("formula `{0}` names no indicator: a derived value comes from other figures")]
    NoIndicator(String),
    #[error("formula `{0}` does not give a finite number")]
    InfiniteResult(String),
}

/// Evaluates `a - b + c` over indicator ids and numbers. A formula must name at least one
/// other indicator (a value from literals alone is not derived from the report), never
/// its own indicator, and give a finite number: otherwise it could "confirm" any value.
fn evaluate(formula: &str, own_id: &str, values: &HashMap<&str, f64>) -> Result<f64, FormulaError> {
    let mut total = 0.0;
    let mut sign = 1.0;
    let mut expect_term = true;
    let mut indicator_terms = 0;
    for token in formula.split_whitespace() {
        match (token, expect_term) {
            ("+", false) => sign = 1.0,
            ("-" | "−", false) => sign = -1.0,
            (term, true) => {
                let value = match term.parse::<f64>() {
                    Ok(number) if number.is_finite() => number,
                    Ok(_) => return Err(FormulaError::NotFinite(term.to_string())),
                    Err(_) if term == own_id => {
                        return Err(FormulaError::OwnIndicator(term.to_string()));
                    }
                    Err(_) => {
                        indicator_terms += 1;
                        *values
                            .get(term)
                            .ok_or_else(|| FormulaError::UnknownIndicator(term.to_string()))?
                    }
                };
                total += sign * value;
            }
            (token, false) => return Err(FormulaError::NoOperator(token.to_string())),
        }
        expect_term = !expect_term;
    }
    if expect_term {
        return Err(FormulaError::Incomplete(formula.to_string()));
    }
    if indicator_terms == 0 {
        return Err(FormulaError::NoIndicator(formula.to_string()));
    }
    if !total.is_finite() {
        return Err(FormulaError::InfiniteResult(formula.to_string()));
    }
    Ok(total)
}

fn assemble_breakdowns(
    rows: &[Lined<BreakdownRow>],
    indicators: &[Indicator],
    checker: &mut Checker,
) -> Vec<Breakdown> {
    let mut seen = HashSet::new();
    let values: HashMap<&str, f64> = indicators
        .iter()
        .map(|i| (i.id.as_str(), i.value))
        .collect();
    let breakdown_ids: HashSet<&str> = rows.iter().map(|r| r.row.id.as_str()).collect();
    let mut breakdowns = Vec::new();
    for Lined { line, row } in rows {
        checker.check_id("breakdowns.csv", *line, &row.id, &mut seen);
        let mut report = |kind, message| checker.report(kind, "breakdowns.csv", *line, message);
        let kind = match row.kind.as_str() {
            "parts" => BreakdownKind::Parts,
            "compare" => BreakdownKind::Compare,
            other => {
                report(
                    ProblemKind::BadValue,
                    format!("kind must be parts or compare, not `{other}`"),
                );
                BreakdownKind::Compare
            }
        };
        let members = split_list(&row.members);
        let total = (!row.total.is_empty()).then(|| row.total.clone());
        for id in members.iter().chain(&total) {
            if !values.contains_key(id.as_str()) {
                report(
                    ProblemKind::UnknownReference,
                    format!("unknown indicator `{id}`"),
                );
            }
        }
        if members.len() < 2 {
            report(
                ProblemKind::BadValue,
                "a breakdown needs at least two members".to_string(),
            );
        }
        if let Some(total_id) = &total
            && let Some(&total_value) = values.get(total_id.as_str())
            && members.iter().all(|m| values.contains_key(m.as_str()))
        {
            let sum: f64 = members.iter().map(|m| values[m.as_str()]).sum();
            if !same_number(sum, total_value) {
                report(
                    ProblemKind::Inconsistent,
                    format!("members add up to {sum}, but `{total_id}` is {total_value}"),
                );
            }
        }
        let compare_with = (!row.compare_with.is_empty()).then(|| row.compare_with.clone());
        if let Some(other) = &compare_with
            && !breakdown_ids.contains(other.as_str())
        {
            report(
                ProblemKind::UnknownReference,
                format!("compare_with names unknown breakdown `{other}`"),
            );
        }
        breakdowns.push(Breakdown {
            id: row.id.clone(),
            title: row.title.clone(),
            title_en: row.title_en.clone(),
            kind,
            members,
            total,
            compare_with,
        });
    }
    breakdowns
}

fn assemble_glossary(curated: &Curated, checker: &mut Checker) -> Vec<GlossaryEntry> {
    let mut seen = HashSet::new();
    curated
        .glossary
        .iter()
        .map(|Lined { line, row }| {
            if row.term.is_empty() || row.english.is_empty() {
                checker.report(
                    ProblemKind::BadValue,
                    "glossary.csv",
                    *line,
                    "term and english are both required".to_string(),
                );
            }
            if !seen.insert(row.term.clone()) {
                checker.report(
                    ProblemKind::DuplicateId,
                    "glossary.csv",
                    *line,
                    format!("duplicate term `{}`", row.term),
                );
            }
            GlossaryEntry {
                term: row.term.clone(),
                english: row.english.clone(),
                note: row.note.clone(),
            }
        })
        .collect()
}
