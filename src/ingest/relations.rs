//! Relations an ingest proposes between candidate figures, where the text itself shows
//! them: a table cell that repeats a sentence's figure, parts listed after 其中 with their
//! total, a 占比 / 占…总数 / …率 percentage after its count and total, a 生均 figure
//! beside its total, a "是在校生的 N 倍" ratio, and a change "较 2021 学年增长 N" beside
//! both years' values. Each is a candidate for a person to check: the cues are textual,
//! and a proposal is never chosen because its arithmetic works out (the audit's job is
//! to find the ones that do not).

use crate::ingest::detect::CandidateIndicator;
use crate::model::{Measure, RelationKind, Structure, is_rate, split_number};

/// A term of a proposed relation: a candidate figure (index into the candidates) or a
/// table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposed {
    Candidate(usize),
    Cell {
        table: String,
        row: String,
        column: usize,
    },
}

/// A relation proposed from the text, with the cue that suggested it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposedRelation {
    pub kind: RelationKind,
    pub measure: Option<Measure>,
    pub result: Proposed,
    pub inputs: Vec<Proposed>,
    /// What in the text suggested it (`占比 after a count; the total before 其中`).
    pub cue: String,
}

/// Words that make a figure a change, not a level.
const CHANGE_WORDS: [&str; 6] = ["增长", "增加", "提高", "下降", "减少", "降低"];

/// The unit without its 万/亿: 万平方米 and 平方米 measure the same thing.
fn base_unit(unit: &str) -> &str {
    unit.strip_prefix('万')
        .or_else(|| unit.strip_prefix('亿'))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(unit)
}

fn number_of(candidate: &CandidateIndicator) -> &str {
    split_number(&candidate.value_text).map_or("", |(n, _)| n)
}

fn is_change(candidate: &CandidateIndicator) -> bool {
    CHANGE_WORDS.iter().any(|w| candidate.label.contains(w))
}

/// Whether every character of `needle` appears in `haystack`, in order.
fn is_subsequence(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}

struct Proposer<'a> {
    structure: &'a Structure,
    candidates: &'a [CandidateIndicator],
}

impl Proposer<'_> {
    fn text(&self, candidate: &CandidateIndicator) -> &str {
        &self.structure.paragraphs[candidate.paragraph].text
    }

    /// Where the sentence holding a candidate starts in its paragraph.
    fn sentence_start(&self, candidate: &CandidateIndicator) -> usize {
        self.text(candidate)[..candidate.start]
            .rfind(['。', '！', '？'])
            .map_or(0, |at| at + '。'.len_utf8())
    }

    /// The candidates before `index` in its paragraph, nearest first.
    fn before(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let at = &self.candidates[index];
        (0..index).rev().filter(move |&i| {
            self.candidates[i].paragraph == at.paragraph && self.candidates[i].end <= at.start
        })
    }

    /// The candidates before `index` in its sentence, nearest first.
    fn before_in_sentence(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let start = self.sentence_start(&self.candidates[index]);
        self.before(index)
            .filter(move |&i| self.candidates[i].start >= start)
    }

    /// The figure a population stands in: the latest 在校生 count before `index` in the
    /// report (else the first after it).
    fn population(&self, index: usize, word: &str) -> Option<usize> {
        let is_population = |c: &CandidateIndicator| {
            c.label.trim().starts_with(word) && c.unit == "人" && c.qualifier.is_none()
        };
        let at = &self.candidates[index];
        let earlier = (0..index).rev().find(|&i| {
            let c = &self.candidates[i];
            is_population(c) && (c.paragraph < at.paragraph || c.end <= at.start)
        });
        earlier.or_else(|| {
            (index + 1..self.candidates.len()).find(|&i| is_population(&self.candidates[i]))
        })
    }

    fn propose(&self) -> Vec<ProposedRelation> {
        let mut proposals = self.same_cells();
        proposals.extend(self.sums());
        for index in 0..self.candidates.len() {
            let candidate = &self.candidates[index];
            if candidate.qualifier.is_some() {
                continue;
            }
            let proposal = if matches!(candidate.unit.as_str(), "%" | "‰") && !is_change(candidate)
            {
                self.share(index)
            } else if candidate.label.contains("生均") && !is_change(candidate) {
                self.per_capita(index)
            } else if candidate.unit == "倍" {
                self.times(index)
            } else if is_change(candidate) {
                self.change(index)
            } else {
                None
            };
            proposals.extend(proposal);
        }
        proposals
    }

    /// A table cell that prints a figure a sentence prints too (same number of at least
    /// four digits or with decimals, same unit, and the row's year the sentence's).
    fn same_cells(&self) -> Vec<ProposedRelation> {
        let mut proposals = Vec::new();
        let mut used = Vec::new();
        for table in &self.structure.tables {
            for row in &table.rows {
                let Some(label) = row.first().map(|l| l.trim()) else {
                    continue;
                };
                for (column, cell) in row.iter().enumerate().skip(1) {
                    let Some((number, rest)) = split_number(cell) else {
                        continue;
                    };
                    let digits = number.chars().filter(char::is_ascii_digit).count();
                    if !number.contains('.') && digits < 4 {
                        continue;
                    }
                    let unit = match rest.trim() {
                        "" => table.units.get(column).map_or("", String::as_str),
                        rest => rest,
                    };
                    let found = (0..self.candidates.len()).find(|&i| {
                        let c = &self.candidates[i];
                        let unit_agrees = if unit.is_empty() {
                            !is_rate(&c.unit)
                        } else {
                            c.unit == unit
                        };
                        let year_agrees = c.period.is_empty()
                            || !label.chars().all(|ch| ch.is_ascii_digit())
                            || c.period.starts_with(label);
                        number_of(c) == number
                            && unit_agrees
                            && year_agrees
                            && c.qualifier.is_none()
                            && !used.contains(&i)
                    });
                    if let Some(i) = found {
                        used.push(i);
                        proposals.push(ProposedRelation {
                            kind: RelationKind::Same,
                            measure: None,
                            result: Proposed::Cell {
                                table: table.number.clone(),
                                row: label.to_string(),
                                column: column + 1,
                            },
                            inputs: vec![Proposed::Candidate(i)],
                            cue: format!("表{} repeats the sentence's {}", table.number, cell),
                        });
                    }
                }
            }
        }
        proposals
    }

    /// Parts listed after 其中 (up to the clause's end or the bracket's) with the total
    /// just before it.
    fn sums(&self) -> Vec<ProposedRelation> {
        let mut proposals = Vec::new();
        for paragraph in &self.structure.paragraphs {
            let text = &paragraph.text;
            for (at, _) in text.match_indices("其中") {
                let bracketed = text[..at].trim_end().ends_with(['（', '(']);
                let after = at + "其中".len();
                let end = if bracketed {
                    text[after..].find(['）', ')']).map(|e| after + e)
                } else {
                    text[after..].find(['；', '。']).map(|e| after + e)
                }
                .unwrap_or(text.len());
                let in_paragraph = |i: &usize| self.candidates[*i].paragraph == paragraph.index;
                let parts: Vec<usize> = (0..self.candidates.len())
                    .filter(in_paragraph)
                    .filter(|&i| {
                        let c = &self.candidates[i];
                        c.start > at
                            && c.end <= end
                            && !c.label.trim().starts_with('含')
                            && !is_change(c)
                            && !is_rate(&c.unit)
                    })
                    .collect();
                let Some(&first) = parts.first() else {
                    continue;
                };
                let unit = &self.candidates[first].unit;
                if parts.len() < 2 || parts.iter().any(|&p| self.candidates[p].unit != *unit) {
                    continue;
                }
                let total = (0..self.candidates.len())
                    .rev()
                    .filter(in_paragraph)
                    .find(|&i| self.candidates[i].end <= at && self.candidates[i].unit == *unit);
                let Some(total) = total else {
                    continue;
                };
                let whole = &self.candidates[total];
                // 各 3 所 is each of several, not a total.
                if whole.label.trim().ends_with('各')
                    || parts
                        .iter()
                        .any(|&p| self.candidates[p].value >= whole.value)
                {
                    continue;
                }
                proposals.push(ProposedRelation {
                    kind: RelationKind::Sum,
                    measure: None,
                    result: Proposed::Candidate(total),
                    inputs: parts.into_iter().map(Proposed::Candidate).collect(),
                    cue: format!(
                        "the parts listed after 其中, the total {} before it",
                        whole.value_text
                    ),
                });
            }
        }
        proposals
    }

    /// A share: 占比 after a count (the total before 其中), 占<total> after a count,
    /// <part>占<total>比重, or <stem>率 after the count and its total.
    fn share(&self, index: usize) -> Option<ProposedRelation> {
        let candidate = &self.candidates[index];
        let label = candidate.label.trim();
        let counts = |i: &usize| !is_rate(&self.candidates[*i].unit);
        let (part, total, cue) =
            if label == "占比" || label.ends_with("占比") || label.ends_with("占比为") {
                let part = self.before_in_sentence(index).find(counts)?;
                let part_figure = &self.candidates[part];
                let text = self.text(part_figure);
                let among = text[..part_figure.start].rfind("其中")?;
                let total = self.before(part).find(|&i| {
                    self.candidates[i].end <= among && self.candidates[i].unit == part_figure.unit
                })?;
                (part, total, "占比 after a count; the total before 其中")
            } else if let Some(at) = label.rfind('占') {
                let part_words = label[..at].trim();
                let mut whole_words = label[at + '占'.len_utf8()..].trim();
                for suffix in [
                    "的比重为",
                    "的比重",
                    "比重为",
                    "比重",
                    "的比例为",
                    "的比例",
                    "比例为",
                    "比例",
                    "的",
                    "为",
                ] {
                    whole_words = whole_words.strip_suffix(suffix).unwrap_or(whole_words);
                }
                for suffix in ["总数", "数"] {
                    whole_words = whole_words.strip_suffix(suffix).unwrap_or(whole_words);
                }
                if whole_words.chars().count() < 2 {
                    return None;
                }
                let part = if part_words.is_empty() {
                    self.before_in_sentence(index).find(counts)?
                } else {
                    self.before(index)
                        .filter(counts)
                        .find(|&i| self.candidates[i].label.contains(part_words))?
                };
                let part_figure = &self.candidates[part];
                let total = self.before(index).find(|&i| {
                    let c = &self.candidates[i];
                    i != part
                        && c.label.contains(whole_words)
                        && c.unit == part_figure.unit
                        && (c.period.is_empty()
                            || part_figure.period.is_empty()
                            || c.period == part_figure.period)
                })?;
                (part, total, "占<total> after the count")
            } else if let Some(stem) = ["率为", "率达", "率在", "率是", "率"]
                .iter()
                .find_map(|end| label.strip_suffix(end))
            {
                let stem: String = stem
                    .chars()
                    .rev()
                    .take(4)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                if stem.chars().count() < 2 {
                    return None;
                }
                let part = self
                    .before_in_sentence(index)
                    .filter(counts)
                    .find(|&i| self.candidates[i].label.contains(&stem))?;
                let unit = &self.candidates[part].unit;
                let total = self
                    .before_in_sentence(part)
                    .next()
                    .filter(|&i| self.candidates[i].unit == *unit)?;
                (part, total, "<stem>率 after the count and its total")
            } else {
                return None;
            };
        let (part_figure, whole) = (&self.candidates[part], &self.candidates[total]);
        if part_figure.qualifier.is_some()
            || whole.qualifier.is_some()
            || part_figure.value > whole.value
        {
            return None;
        }
        Some(ProposedRelation {
            kind: RelationKind::Share,
            measure: None,
            result: Proposed::Candidate(index),
            inputs: vec![Proposed::Candidate(part), Proposed::Candidate(total)],
            cue: cue.to_string(),
        })
    }

    /// 生均X beside the total X, over the 在校生 count.
    fn per_capita(&self, index: usize) -> Option<ProposedRelation> {
        let candidate = &self.candidates[index];
        if is_rate(&candidate.unit) {
            return None;
        }
        let label = candidate.label.trim();
        let subject = label[label.find("生均")? + "生均".len()..].trim();
        let subject = subject.strip_suffix('为').unwrap_or(subject);
        if subject.chars().count() < 2 {
            return None;
        }
        let total = self.before(index).find(|&i| {
            let c = &self.candidates[i];
            let name = c.label.trim();
            !name.contains("生均")
                && !is_change(c)
                && c.qualifier.is_none()
                && base_unit(&c.unit) == base_unit(&candidate.unit)
                && (name.ends_with(subject)
                    || subject.ends_with(name)
                    || is_subsequence(subject, name))
        })?;
        let population = self.population(index, "在校生")?;
        Some(ProposedRelation {
            kind: RelationKind::PerCapita,
            measure: None,
            result: Proposed::Candidate(index),
            inputs: vec![Proposed::Candidate(total), Proposed::Candidate(population)],
            cue: "生均 beside its total, over 在校生".to_string(),
        })
    }

    /// `<A>是<B>的 N 倍`: A's figure over B's.
    fn times(&self, index: usize) -> Option<ProposedRelation> {
        let label = self.candidates[index].label.trim();
        let (numerator_words, rest) = label.split_once('是')?;
        let denominator_words = rest.strip_suffix('的')?;
        let numerator = self.before_in_sentence(index).find(|&i| {
            let c = &self.candidates[i];
            let named = format!("{}{}", c.label.trim(), c.unit);
            named.contains(numerator_words)
        })?;
        let denominator = self.population(index, denominator_words)?;
        Some(ProposedRelation {
            kind: RelationKind::Ratio,
            measure: None,
            result: Proposed::Candidate(index),
            inputs: vec![
                Proposed::Candidate(numerator),
                Proposed::Candidate(denominator),
            ],
            cue: format!("{numerator_words}是{denominator_words}的 … 倍"),
        })
    }

    /// `较 2021 学年下降 N`, `与 2021 年…相比，增加 N`: this year's figure and the named
    /// year's, from the same sentence or from a table that prints both years.
    fn change(&self, index: usize) -> Option<ProposedRelation> {
        let candidate = &self.candidates[index];
        let text = self.text(candidate);
        let sentence = &text[self.sentence_start(candidate)..candidate.start];
        let (cue_at, year) = cue_year(sentence)?;
        let clause_start = sentence
            .rfind(['，', '；', '：'])
            .map_or(0, |at| at + '，'.len_utf8());
        // The clause's words before the cue (招生比例较 2021 学年下降 → 招生比例), or
        // before the change word when the cue stands in an earlier clause.
        let clause_end = if cue_at >= clause_start {
            cue_at
        } else {
            sentence.len()
        };
        let mut subject = sentence[clause_start..clause_end].trim();
        for word in CHANGE_WORDS {
            subject = subject.strip_suffix(word).unwrap_or(subject).trim();
        }
        let result_unit = candidate.unit.as_str();
        // Percentage points are a difference of percentages (per-mille points of ‰).
        let of_points = match result_unit {
            "个百分点" | "百分点" => Some("%"),
            "个千分点" | "千分点" => Some("‰"),
            _ => None,
        };
        let fits = |c: &CandidateIndicator| {
            !is_change(c)
                && c.qualifier.is_none()
                && match of_points {
                    Some(unit) => c.unit == unit,
                    None if matches!(result_unit, "%" | "‰") => true,
                    None => base_unit(&c.unit) == base_unit(result_unit),
                }
        };
        // The earlier year's figure in the same sentence, and the later one before it.
        let earlier_here = self.before_in_sentence(index).find(|&i| {
            let c = &self.candidates[i];
            fits(c) && c.period.starts_with(&year)
        });
        let (later, earlier) = match earlier_here {
            Some(earlier) => {
                let unit = &self.candidates[earlier].unit;
                let later = self.before(earlier).find(|&i| {
                    let c = &self.candidates[i];
                    fits(c) && c.unit == *unit && !c.period.starts_with(&year)
                })?;
                (Proposed::Candidate(later), Proposed::Candidate(earlier))
            }
            None => {
                let later = if subject.chars().count() >= 2 {
                    self.before(index).find(|&i| {
                        fits(&self.candidates[i])
                            && self.candidates[i].label.trim().ends_with(subject)
                    })
                } else {
                    None
                }
                .or_else(|| {
                    self.before_in_sentence(index).find(|&i| {
                        fits(&self.candidates[i])
                            && matches!(result_unit, "%" | "‰")
                                == matches!(self.candidates[i].unit.as_str(), "%" | "‰")
                    })
                })?;
                let earlier = self.cell_for_year(&self.candidates[later], &year)?;
                (Proposed::Candidate(later), earlier)
            }
        };
        let Proposed::Candidate(later_index) = later else {
            return None;
        };
        let later_unit = self.candidates[later_index].unit.as_str();
        let measure = match (
            matches!(result_unit, "%" | "‰"),
            matches!(later_unit, "%" | "‰"),
        ) {
            (true, true) => None,
            (true, false) => Some(Measure::Relative),
            _ => Some(Measure::Difference),
        };
        Some(ProposedRelation {
            kind: RelationKind::Change,
            measure,
            result: Proposed::Candidate(index),
            inputs: vec![later, earlier],
            cue: format!("a change against {year} beside both years' figures"),
        })
    }

    /// The cell of a table that prints `figure` in one row and has a row for `year`: the
    /// same column in the year's row.
    fn cell_for_year(&self, figure: &CandidateIndicator, year: &str) -> Option<Proposed> {
        let number = number_of(figure);
        for table in &self.structure.tables {
            let Some(column) = table.rows.iter().find_map(|row| {
                row.iter()
                    .skip(1)
                    .position(|cell| split_number(cell).is_some_and(|(n, _)| n == number))
                    .map(|p| p + 1)
            }) else {
                continue;
            };
            let has_year = table.rows.iter().any(|row| {
                row.first().is_some_and(|l| l.trim() == year)
                    && row
                        .get(column)
                        .is_some_and(|cell| split_number(cell).is_some())
            });
            if has_year {
                return Some(Proposed::Cell {
                    table: table.number.clone(),
                    row: year.to_string(),
                    column: column + 1,
                });
            }
        }
        None
    }
}

/// The last year a change is measured against (`较 2021`, `比 2022`, `与 2021`), with
/// the byte offset of its cue word.
fn cue_year(before: &str) -> Option<(usize, String)> {
    let mut found = None;
    for (at, c) in before.char_indices() {
        if !matches!(c, '较' | '比' | '与') {
            continue;
        }
        let digits: String = before[at + c.len_utf8()..]
            .chars()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.len() == 4 {
            found = Some((at, digits));
        }
    }
    found
}

/// The relations the text shows between candidate figures, each once.
pub fn propose_relations(
    structure: &Structure,
    candidates: &[CandidateIndicator],
) -> Vec<ProposedRelation> {
    let proposer = Proposer {
        structure,
        candidates,
    };
    let mut proposals: Vec<ProposedRelation> = Vec::new();
    for proposal in proposer.propose() {
        if !proposals.iter().any(|p| {
            p.kind == proposal.kind && p.result == proposal.result && p.inputs == proposal.inputs
        }) {
            proposals.push(proposal);
        }
    }
    proposals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::detect::candidate_indicators;
    use crate::ingest::parse_text;

    /// The proposals for a section's text, each as `kind result = inputs` in printed
    /// figures.
    fn proposals(body: &str) -> Vec<String> {
        let text = format!("前言\n测试用合成数据。\n1 基本情况\n1.1 规模\n{body}\n");
        let structure = parse_text(&text).structure;
        let candidates = candidate_indicators(&structure);
        let term = |t: &Proposed| match t {
            Proposed::Candidate(i) => candidates[*i].value_text.clone(),
            Proposed::Cell { table, row, column } => format!("table:{table}[{row},{column}]"),
        };
        propose_relations(&structure, &candidates)
            .iter()
            .map(|p| {
                format!(
                    "{} {} = {}",
                    p.kind.name(),
                    term(&p.result),
                    p.inputs.iter().map(term).collect::<Vec<_>>().join(" | ")
                )
            })
            .collect()
    }

    #[test]
    fn cues_in_the_text_make_proposals() {
        assert_eq!(
            proposals(
                "专任教师数 400 人。其中：双师型教师数 120 人，占比 30.00%；\
                 高级职称教师 80 人，占专任教师总数 20.00%。"
            ),
            ["share 30.00% = 120 | 400", "share 20.00% = 80 | 400",]
        );
        assert_eq!(
            proposals(
                "培训 500 人次（其中企业职工 300 人次，退役士兵 200 人次），毕业生 800 人，毕业去向落实 790 人，去向落实率 98.75%。"
            ),
            ["sum 500 = 300 | 200", "share 98.75% = 790 | 800",]
        );
        assert_eq!(
            proposals(
                "在校生 2000 人。建筑面积 5.00 万平方米，生均建筑面积 25.00 平方米；培训人次是在校生的 1.50 倍。"
            ),
            ["per-capita 25.00 = 5.00 | 2000",]
        );
        assert_eq!(
            proposals(
                "2023 年末常住人口 100.50 万人，与 2022 年末常住人口 99.00 万人相比，增加 1.50 万人。"
            ),
            ["change 1.50 = 100.50 | 99.00"]
        );
        assert_eq!(
            proposals("2023 年毕业去向落实率 98.50%，较 2022 年的 98.00% 提高 0.50 个百分点。"),
            ["change 0.50 = 98.50% | 98.00%"],
            "percentage points are the difference of two percentages"
        );
    }

    #[test]
    fn what_only_looks_like_a_relation_is_left_alone() {
        for body in [
            // 各 3 所 is each of two districts, not the total the 其中 list divides.
            "全市共有学校 15 所，市本级 3 所，平湖市、海宁市各 3 所，其中技工院校 7 所，民办学校 2 所。",
            // 含 … is inside a part, and 增长 is a change, not a part.
            "参加考试人数 4626 人，其中本科上线 663（含中本一体化 113 人），比 2022 年增长 140 人。",
            // Parts without names are not figures; overlapping ones do not add up.
            "学生共 280 人，其中 229 人考入本科院校，13 人攻读硕士。",
            // 占比 without the 其中 that names its total.
            "专任教师数 400 人，占比 40.00%。",
            // A change whose earlier year is printed only after it.
            "招生 1200 人，较 2021 年增长 20.00%。2021 年招生 1000 人。",
            // A rate whose count is not printed.
            "毕业生 800 人，自主创业率 1.50%。",
        ] {
            assert_eq!(proposals(body), Vec::<String>::new(), "{body}");
        }
    }
}
