//! The vocabulary of comparable measures (`data/concepts.csv`, compiled in), each with its
//! units, direction and definition; indicators name theirs in a `concept` column.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Which way a concept's figures are better, as far as the genre and the standards say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// The standards set a floor, or more is plainly the aim (a share of qualified
    /// teachers, a satisfaction rate).
    HigherIsBetter,
    /// The standards set a ceiling (the student–teacher ratio).
    LowerIsBetter,
    /// Neither: a size, or a figure whose good value depends on the place and the policy.
    Neither,
}

impl Direction {
    pub const ALL: [Direction; 3] = [
        Direction::HigherIsBetter,
        Direction::LowerIsBetter,
        Direction::Neither,
    ];

    /// The name used in `concepts.csv` (`higher-is-better`).
    pub fn name(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher-is-better",
            Direction::LowerIsBetter => "lower-is-better",
            Direction::Neither => "neither",
        }
    }

    pub fn parse(name: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.name() == name)
    }

    /// For people: `higher is better`, `lower is better`, `neither higher nor lower is
    /// better`.
    pub fn label(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher is better",
            Direction::LowerIsBetter => "lower is better",
            Direction::Neither => "neither higher nor lower is better",
        }
    }
}

/// A comparable measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Concept {
    /// Slug, e.g. `student-teacher-ratio`.
    pub id: String,
    /// Chinese name (`生师比`).
    pub name: String,
    pub name_en: String,
    /// The units a figure of it may be printed in, the first the usual one (`人`, `名`).
    /// A count may also be printed in 万 or 亿 of one of them (`5.2 万人`).
    pub units: Vec<String>,
    pub direction: Direction,
    /// Other names reports print it under (`生均教学科研仪器设备资产值`): what ingest
    /// proposes a mapping by.
    pub aliases: Vec<String>,
    pub definition: String,
}

impl Concept {
    /// The usual unit.
    pub fn unit(&self) -> &str {
        self.units.first().map_or("", String::as_str)
    }

    /// Whether a figure printed in `unit` can be this concept's value: one of its units,
    /// or a count of them in 万 or 亿 (a percentage or a ratio has no such scale).
    pub fn accepts_unit(&self, unit: &str) -> bool {
        self.unit_scale(unit).is_some()
    }

    /// How many of the usual unit one `unit` is: 1 for the concept's own units, 10⁴ for
    /// 万 of one, 10⁸ for 亿. `None` for a unit the concept does not accept. Only charts
    /// use it (for bar lengths); a figure is always printed as the report prints it.
    pub fn unit_scale(&self, unit: &str) -> Option<f64> {
        if self.units.iter().any(|u| u == unit) {
            return Some(1.0);
        }
        let scalable = |base: &str| !base.is_empty() && !matches!(base, "%" | "‰" | ":1" | "∶1");
        for (prefix, scale) in [('万', 1e4), ('亿', 1e8)] {
            if let Some(base) = unit.strip_prefix(prefix)
                && scalable(base)
                && self.units.iter().any(|u| u == base)
            {
                return Some(scale);
            }
        }
        None
    }

    /// Every name it goes by: the name, then the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The embedded vocabulary's text.
const CONCEPTS_CSV: &str = include_str!("../data/concepts.csv");

/// Every concept of the vocabulary, in the file's order.
pub fn vocabulary() -> &'static [Concept] {
    static VOCABULARY: OnceLock<Vec<Concept>> = OnceLock::new();
    // The file is compiled in and checked by a test: a row it could not read is left
    // out rather than stopping the program.
    VOCABULARY.get_or_init(|| parse(CONCEPTS_CSV).0)
}

/// The concept with this id.
pub fn find(id: &str) -> Option<&'static Concept> {
    vocabulary().iter().find(|c| c.id == id)
}

/// The concept a person names: by id, or by its Chinese or English name or an alias
/// (`生师比`, `Student–teacher ratio`), ignoring case and spaces.
pub fn lookup(name: &str) -> Option<&'static Concept> {
    let wanted = normal(name);
    if wanted.is_empty() {
        return None;
    }
    find(name.trim()).or_else(|| {
        vocabulary().iter().find(|c| {
            normal(&c.id) == wanted
                || normal(&c.name_en) == wanted
                || c.names().any(|n| normal(n) == wanted)
        })
    })
}

/// Lowercase, without spaces, dashes unified: for comparing names.
fn normal(text: &str) -> String {
    crate::text::normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '–' || c == '—' { '-' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    name: String,
    name_en: String,
    units: String,
    direction: String,
    aliases: String,
    definition: String,
}

/// Reads a vocabulary: the concepts, and a line-numbered message for every row that is
/// not one (a bad id, direction or unit, a repeated id or name).
pub fn parse(text: &str) -> (Vec<Concept>, Vec<String>) {
    let mut concepts: Vec<Concept> = Vec::new();
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    for (index, record) in reader.deserialize::<Row>().enumerate() {
        let line = index + 2;
        let row = match record {
            Ok(row) => row,
            Err(error) => {
                problems.push(format!("concepts.csv:{line}: {error}"));
                continue;
            }
        };
        let mut fail = |message: String| problems.push(format!("concepts.csv:{line}: {message}"));
        if !crate::text::is_slug(&row.id) {
            fail(format!("id `{}` is not a slug", row.id));
            continue;
        }
        let Some(direction) = Direction::parse(&row.direction) else {
            fail(format!(
                "direction `{}` is none of {}",
                row.direction,
                Direction::ALL.map(Direction::name).join(", ")
            ));
            continue;
        };
        let units = crate::text::split_list(&row.units);
        let aliases = crate::text::split_list(&row.aliases);
        if units.is_empty() || row.name.is_empty() || row.name_en.is_empty() {
            fail("name, name_en and units are required".to_string());
            continue;
        }
        if row.definition.is_empty() {
            fail("a concept needs a definition".to_string());
            continue;
        }
        let concept = Concept {
            id: row.id,
            name: row.name,
            name_en: row.name_en,
            units,
            direction,
            aliases,
            definition: row.definition,
        };
        if let Some(clash) = concepts
            .iter()
            .find(|c| c.id == concept.id || c.names().any(|n| concept.names().any(|m| m == n)))
        {
            fail(format!(
                "`{}` repeats the id or a name of `{}`",
                concept.id, clash.id
            ));
            continue;
        }
        concepts.push(concept);
    }
    (concepts, problems)
}

/// The concept a candidate figure's label and unit suggest, for ingest to propose
/// (unverified): the label ends with one of the concept's names, what comes before it
/// says whose figure it is (nothing, a place, 全市, 中职学校 …, never a sub-population
/// such as 应届), and the unit is one the concept accepts. The longest name wins; two
/// concepts that match as well propose nothing.
pub fn propose(label: &str, unit: &str) -> Option<&'static Concept> {
    let label = normal(label);
    let mut best: Option<(usize, &Concept)> = None;
    let mut tied = false;
    for concept in vocabulary() {
        if !concept.accepts_unit(unit) {
            continue;
        }
        let Some(length) = concept
            .names()
            .map(normal)
            .filter(|name| {
                label
                    .strip_suffix(name.as_str())
                    .is_some_and(whole_area_prefix)
            })
            .map(|name| name.chars().count())
            .max()
        else {
            continue;
        };
        match best {
            Some((best_length, _)) if best_length > length => {}
            Some((best_length, _)) if best_length == length => tied = true,
            _ => {
                best = Some((length, concept));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, concept)| concept)
}

/// Words before a concept's name that leave it the figure of the report's whole area:
/// nothing, a place (`嘉兴市`), `全市`, the schools (`中职学校`), `共有`, `全日制`.
fn whole_area_prefix(prefix: &str) -> bool {
    const ENDINGS: [&str; 12] = [
        "市",
        "省",
        "县",
        "区",
        "全市",
        "全省",
        "中职学校",
        "中等职业学校",
        "中等职业教育",
        "共有",
        "全日制",
        "学年",
    ];
    prefix.is_empty() || ENDINGS.iter().any(|ending| prefix.ends_with(ending))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_vocabulary_reads_without_a_problem() {
        let (concepts, problems) = parse(CONCEPTS_CSV);
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(concepts.len() >= 20, "{}", concepts.len());
        assert_eq!(vocabulary().len(), concepts.len());
        // Many measures are sizes or policy choices: honestly neither.
        let neither = concepts
            .iter()
            .filter(|c| c.direction == Direction::Neither)
            .count();
        assert!(neither >= 8, "{neither}");
    }

    #[test]
    fn a_bad_row_is_named_with_its_line() {
        let text = "id,name,name_en,units,direction,aliases,definition\n\
                    ok,甲,A,人,neither,,d\n\
                    Bad Id,乙,B,人,neither,,d\n\
                    c,丙,C,人,sideways,,d\n\
                    d,甲,D,人,neither,,d\n";
        let (concepts, problems) = parse(text);
        assert_eq!(concepts.len(), 1);
        assert!(
            problems[0].starts_with("concepts.csv:3: id `Bad Id`"),
            "{problems:?}"
        );
        assert!(problems[1].starts_with("concepts.csv:4: direction `sideways`"));
        assert!(problems[2].starts_with("concepts.csv:5: `d` repeats"));
    }

    #[test]
    fn units_agree_exactly_or_as_wan_of_a_count() {
        let students = find("students-enrolled").unwrap();
        assert_eq!(students.unit_scale("人"), Some(1.0));
        assert_eq!(students.unit_scale("名"), Some(1.0));
        assert_eq!(students.unit_scale("万人"), Some(1e4));
        assert_eq!(students.unit_scale("人次"), None);
        let rate = find("graduate-destination-rate").unwrap();
        assert!(rate.accepts_unit("%") && !rate.accepts_unit("万%") && !rate.accepts_unit("‰"));
        let ratio = find("student-teacher-ratio").unwrap();
        assert!(ratio.accepts_unit(":1") && ratio.accepts_unit("∶1"));
    }

    #[test]
    fn concepts_are_found_by_id_or_any_name() {
        assert_eq!(lookup("生师比").unwrap().id, "student-teacher-ratio");
        assert_eq!(
            lookup("student-teacher ratio").unwrap().id,
            "student-teacher-ratio"
        );
        assert_eq!(
            lookup("Student–teacher ratio").unwrap().id,
            "student-teacher-ratio"
        );
        assert_eq!(
            lookup("生均教学科研仪器设备资产值").unwrap().id,
            "equipment-value-per-student"
        );
        assert!(lookup("").is_none() && lookup("teachers").is_none());
    }

    #[test]
    fn ingest_proposals_need_the_name_a_whole_area_and_the_unit() {
        let proposed = |label: &str, unit: &str| propose(label, unit).map(|c| c.id.as_str());
        assert_eq!(proposed("生师比", ":1"), Some("student-teacher-ratio"));
        assert_eq!(
            proposed("嘉兴市中职学校专任教师数", "人"),
            Some("full-time-teachers")
        );
        assert_eq!(
            proposed("全市中等职业教育年生均财政拨款", "元"),
            Some("appropriation-per-student")
        );
        assert_eq!(
            proposed("去向落实率", "%"),
            Some("graduate-destination-rate")
        );
        // A sub-population, another unit, a change: nothing.
        assert_eq!(proposed("应届毕业生满意度", "%"), None);
        assert_eq!(proposed("在校生", "人次"), None);
        assert_eq!(proposed("生均纸质图书增长", "册"), None);
        assert_eq!(proposed("市本级", "所"), None);
    }
}
