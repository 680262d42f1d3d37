//! Relations an ingest proposes from the text (issue 14, item 5), tested on the seed: at
//! least half of the curated relations proposed automatically, none of them wrong; and
//! `nianbao ingest` writing them as unverified rows that `nianbao audit` checks.

use std::fs;

use nianbao::ingest::detect::{CandidateIndicator, candidate_indicators};
use nianbao::ingest::parse_text;
use nianbao::ingest::relations::{Proposed, ProposedRelation, propose_relations};
use nianbao::model::{Operand, Relation, RelationKind, Report, Structure, split_number};
use nianbao::text::compact;

use crate::support;
use support::{SEED, nianbao};

/// What a figure is, wherever it is printed: its number and its sentence, or its table
/// cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Printed {
    Sentence {
        number: String,
        sentence: String,
    },
    Cell {
        table: String,
        row: String,
        column: usize,
    },
    Unprinted(String),
}

impl Printed {
    fn same(&self, other: &Printed) -> bool {
        match (self, other) {
            (
                Printed::Sentence { number, sentence },
                Printed::Sentence {
                    number: other_number,
                    sentence: other_sentence,
                },
            ) => {
                number == other_number
                    && (sentence.contains(other_sentence.as_str())
                        || other_sentence.contains(sentence.as_str()))
            }
            _ => self == other,
        }
    }
}

fn curated_term(report: &Report, operand: &Operand) -> Printed {
    match operand {
        Operand::Indicator(id) => {
            let indicator = report.indicator(id).unwrap();
            if indicator.value_text.is_empty() {
                return Printed::Unprinted(id.clone());
            }
            let number = split_number(&indicator.value_text).unwrap().0.to_string();
            // A figure read from a table row is that row's cell.
            for table in &report.structure.tables {
                for row in &table.rows {
                    if compact(&row.join(" ")) == compact(&indicator.source)
                        && let Some(column) = row
                            .iter()
                            .skip(1)
                            .position(|c| split_number(c).is_some_and(|(n, _)| n == number))
                    {
                        return Printed::Cell {
                            table: table.number.clone(),
                            row: row[0].clone(),
                            column: column + 2,
                        };
                    }
                }
            }
            Printed::Sentence {
                number,
                sentence: compact(&indicator.source),
            }
        }
        Operand::TableCell { table, row, column } => Printed::Cell {
            table: table.clone(),
            row: row.clone(),
            column: *column,
        },
        other => Printed::Unprinted(other.to_string()),
    }
}

fn proposed_term(candidates: &[CandidateIndicator], term: &Proposed) -> Printed {
    match term {
        Proposed::Candidate(i) => Printed::Sentence {
            number: split_number(&candidates[*i].value_text)
                .unwrap()
                .0
                .to_string(),
            sentence: compact(&candidates[*i].sentence),
        },
        Proposed::Cell { table, row, column } => Printed::Cell {
            table: table.clone(),
            row: row.clone(),
            column: *column,
        },
    }
}

/// Same kind, same result, same inputs (in order, or as a set for sums and sames).
fn matches(
    report: &Report,
    relation: &Relation,
    candidates: &[CandidateIndicator],
    proposal: &ProposedRelation,
) -> bool {
    if relation.kind != proposal.kind || relation.inputs.len() != proposal.inputs.len() {
        return false;
    }
    let result = curated_term(report, &relation.result);
    if !result.same(&proposed_term(candidates, &proposal.result)) {
        return false;
    }
    let curated: Vec<Printed> = relation
        .inputs
        .iter()
        .map(|o| curated_term(report, o))
        .collect();
    let proposed: Vec<Printed> = proposal
        .inputs
        .iter()
        .map(|p| proposed_term(candidates, p))
        .collect();
    if matches!(relation.kind, RelationKind::Sum | RelationKind::Same) {
        curated.iter().all(|c| proposed.iter().any(|p| c.same(p)))
            && proposed.iter().all(|p| curated.iter().any(|c| c.same(p)))
    } else {
        curated.iter().zip(&proposed).all(|(c, p)| c.same(p))
    }
}

fn seed() -> (Structure, Vec<CandidateIndicator>, Vec<ProposedRelation>) {
    let text = fs::read_to_string(SEED).unwrap();
    let structure = parse_text(&text).structure;
    let candidates = candidate_indicators(&structure);
    let proposals = propose_relations(&structure, &candidates);
    (structure, candidates, proposals)
}

fn describe(candidates: &[CandidateIndicator], proposal: &ProposedRelation) -> String {
    let term = |t: &Proposed| match t {
        Proposed::Candidate(i) => {
            format!("{}「{}」", candidates[*i].value_text, candidates[*i].label)
        }
        Proposed::Cell { table, row, column } => format!("table:{table}[{row},{column}]"),
    };
    format!(
        "{} {} = {} ({})",
        proposal.kind.name(),
        term(&proposal.result),
        proposal
            .inputs
            .iter()
            .map(term)
            .collect::<Vec<_>>()
            .join(" | "),
        proposal.cue
    )
}

#[test]
fn the_seed_text_proposes_at_least_half_the_curated_relations_and_none_wrong() {
    let report = support::jiaxing();
    let (_, candidates, proposals) = seed();
    let mut matched = std::collections::BTreeSet::new();
    for proposal in &proposals {
        let found = report
            .relations
            .iter()
            .find(|r| matches(&report, r, &candidates, proposal));
        match found {
            Some(relation) => {
                matched.insert(relation.id.clone());
            }
            None => panic!(
                "a proposal no curated relation backs: {}",
                describe(&candidates, proposal)
            ),
        }
    }
    for proposal in &proposals {
        println!("{}", describe(&candidates, proposal));
    }
    println!(
        "{} of {} curated relations proposed",
        matched.len(),
        report.relations.len()
    );
    assert_eq!(matched.len(), proposals.len(), "one proposal per relation");
    assert!(
        matched.len() * 2 >= report.relations.len(),
        "{} of {} curated relations proposed: {matched:?}",
        matched.len(),
        report.relations.len()
    );
    // Each kind of cue finds something in the seed.
    for id in [
        "students-enrolled-2022-table",
        "training-by-group",
        "teachers-bachelor-share",
        "dual-qualified-share-of-vocational",
        "urbanisation-rate-2022",
        "graduate-destination-rate",
        "building-area-per-student-2022",
        "appropriation-per-student",
        "training-to-students",
        "enrolment-share-change",
        "equipment-value-per-student-growth",
        "population-increase",
    ] {
        assert!(matched.contains(id), "{id} was not proposed");
    }
}

#[test]
fn ingest_writes_the_proposals_unverified_and_audit_checks_them() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("seed");
    let assert = nianbao()
        .arg("ingest")
        .arg(SEED)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let summary = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(summary.contains("27 candidate relations"), "{summary}");
    let relations = fs::read_to_string(out.join("relations.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(relations.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 27);
    assert!(
        rows.iter()
            .all(|r| &r[6] == "false" && r[7].starts_with("proposed by nianbao ingest"))
    );
    let audit = nianbao()
        .args(["--data", out.to_str().unwrap(), "audit", "--format", "json"])
        .output()
        .unwrap();
    assert!(audit.status.success());
    let json: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    assert_eq!(json["summary"][0]["relations"], 27);
    // The proposals find the same slips as the curated relations, unverified.
    let inconsistent: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["verdict"] == "inconsistent")
        .map(|f| f["printed"].as_str().unwrap())
        .collect();
    assert_eq!(inconsistent, ["25.93", "15036.18", "15421.61"]);
    let table = nianbao()
        .args(["--data", out.to_str().unwrap(), "audit"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).contains("unverified"));

    // A relation a person checked is kept on a re-run; the others are proposed anew.
    let checked = relations.replacen(",false,proposed by", ",true,checked; proposed by", 1);
    fs::write(out.join("relations.csv"), &checked).unwrap();
    nianbao()
        .arg("ingest")
        .arg(SEED)
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    let again = fs::read_to_string(out.join("relations.csv")).unwrap();
    assert_eq!(again.matches(",true,checked; proposed by").count(), 1);
    assert_eq!(again.lines().count(), 1 + 27, "no proposal twice: {again}");
}
