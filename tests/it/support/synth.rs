//! Synthetic reports for scale tests and benches: variants of the embedded Jiaxing 2023
//! report, each marked synthetic, with its own id, invented place, year and figures.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io;
use std::path::Path;

/// The embedded report the variants are made from.
pub const SEED_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/reports/jiaxing-2023");

/// The seed's place name and year.
const SEED_PLACE: &str = "嘉兴";
const SEED_PLACE_EN: &str = "Jiaxing";
const SEED_YEAR: i32 = 2023;

/// Characters for invented place names, with their pinyin: two of them make a name (40 ×
/// 39 names, ten years each). None is a measure word (月, 年, 个, …): the text prints the
/// place after a number (`图 1  嘉兴市…`), and `图 1 月…` is read as a date, not a caption,
/// so the caption would stay inside the sentence it interrupts and that sentence's figures
/// would no longer be found (玥 reads `yue` as 月 did, so the ids are the same).
const SYLLABLES: [(&str, &str); 40] = [
    ("禾", "he"),
    ("岚", "lan"),
    ("青", "qing"),
    ("溪", "xi"),
    ("云", "yun"),
    ("岭", "ling"),
    ("桐", "tong"),
    ("澜", "lan"),
    ("松", "song"),
    ("泽", "ze"),
    ("枫", "feng"),
    ("石", "shi"),
    ("雁", "yan"),
    ("川", "chuan"),
    ("柳", "liu"),
    ("湾", "wan"),
    ("晴", "qing"),
    ("梅", "mei"),
    ("竹", "zhu"),
    ("峰", "feng"),
    ("霞", "xia"),
    ("玥", "yue"),
    ("星", "xing"),
    ("渡", "du"),
    ("杉", "shan"),
    ("苇", "wei"),
    ("汀", "ting"),
    ("棠", "tang"),
    ("橙", "cheng"),
    ("砚", "yan"),
    ("苔", "tai"),
    ("鹭", "lu"),
    ("榆", "yu"),
    ("萍", "ping"),
    ("漪", "yi"),
    ("荻", "di"),
    ("芷", "zhi"),
    ("璃", "li"),
    ("蓼", "liao"),
    ("筠", "yun"),
];

/// Who variant `n` is: an invented place and a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub id: String,
    /// Two characters, in place of 嘉兴.
    pub place: String,
    /// Its pinyin, capitalised (`Helan`).
    pub place_en: String,
    /// The calendar year the variant covers (2014–2023).
    pub year: i32,
}

impl Variant {
    /// Variant `n` (from 0): ten years of one place, then the next place.
    pub fn new(n: usize) -> Variant {
        let place_number = n / 10;
        let first = place_number / (SYLLABLES.len() - 1) % SYLLABLES.len();
        let mut second = place_number % (SYLLABLES.len() - 1);
        if second >= first {
            second += 1;
        }
        let (a, a_en) = SYLLABLES[first];
        let (b, b_en) = SYLLABLES[second];
        let place_en = capitalise(&format!("{a_en}{b_en}"));
        let spelled = format!("{}{}", syllable_id(first), syllable_id(second));
        // Past 1 560 places the names repeat; the number keeps ids apart.
        let round = place_number / (SYLLABLES.len() * (SYLLABLES.len() - 1));
        let suffix = if round > 0 {
            format!("-{round}")
        } else {
            String::new()
        };
        let year = SEED_YEAR - 9 + (n % 10) as i32;
        Variant {
            id: format!("synthetic-{spelled}{suffix}-{year}"),
            place: format!("{a}{b}"),
            place_en,
            year,
        }
    }
}

/// Syllable `index`'s pinyin, numbered from its second use (澜 `lan2` after 岚 `lan`):
/// homophones would otherwise give two places one id, and one's reports the other's
/// directory.
fn syllable_id(index: usize) -> String {
    let (_, pinyin) = SYLLABLES[index];
    let earlier = SYLLABLES[..index]
        .iter()
        .filter(|(_, p)| *p == pinyin)
        .count();
    if earlier == 0 {
        pinyin.to_string()
    } else {
        format!("{pinyin}{}", earlier + 1)
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Writes `count` variants into `dir` (created if need be), one directory each, named by
/// id. Returns the ids.
///
/// They are test data, never a report anyone published: the title, the English title
/// and the region say so (合成数据, SYNTHETIC, 虚构); write them only into a temporary
/// directory. What a variant changes, so that `nianbao check` passes on it:
///
/// - the place: 嘉兴 becomes an invented two-character name (the same width, so the
///   text's lines keep their measure) in the text and every CSV field,
///   `Jiaxing`/`jiaxing` its pinyin;
/// - the years: every year followed by 年, 学年 or 届 (and every `period`) moves by the
///   distance between the variant's year and 2023;
/// - the printed figures: each indicator's number, where its sentence is found in the
///   text, is replaced by another with the same number of digits and decimals (within
///   ±15 %, a percentage never above 100), in every place the sentence is printed, and
///   the indicator's `value_text`, `value` and `source` follow; a derived indicator's
///   value is recomputed from its formula;
/// - what cannot stay consistent is dropped: breakdown totals (the parts no longer add
///   up) and `relations.csv` (the arithmetic between figures no longer holds).
///
/// Columns are copied by name, so a column added to the format later is carried over.
pub fn generate(count: usize, dir: &Path) -> io::Result<Vec<String>> {
    generate_only(0..count, dir)
}

/// Writes the variants numbered `numbers` into `dir`, as `generate` writes its first
/// `count`: a sample across the whole range without writing every variant before it.
pub fn generate_only(
    numbers: impl IntoIterator<Item = usize>,
    dir: &Path,
) -> io::Result<Vec<String>> {
    let seed = Seed::read(Path::new(SEED_DIR))?;
    std::fs::create_dir_all(dir)?;
    let mut ids = Vec::new();
    for n in numbers {
        let variant = Variant::new(n);
        let files = seed.variant(&variant, n as u64)?;
        let out = dir.join(&variant.id);
        std::fs::create_dir_all(&out)?;
        for (name, contents) in files {
            std::fs::write(out.join(name), contents)?;
        }
        ids.push(variant.id);
    }
    Ok(ids)
}

/// A CSV file as header and rows of fields.
#[derive(Clone)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse(text: &str) -> io::Result<Table> {
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(io::Error::other)?
            .iter()
            .map(str::to_string)
            .collect();
        let rows = reader
            .records()
            .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
            .collect::<Result<_, _>>()
            .map_err(io::Error::other)?;
        Ok(Table { header, rows })
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn write(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(&self.header)
            .expect("writing to memory");
        for row in &self.rows {
            writer.write_record(row).expect("writing to memory");
        }
        String::from_utf8(writer.into_inner().expect("writing to memory")).expect("UTF-8 in")
    }

    fn map_fields(&mut self, f: impl Fn(&str) -> String) {
        for row in &mut self.rows {
            for field in row.iter_mut() {
                *field = f(field);
            }
        }
    }
}

/// The seed's files.
struct Seed {
    source: String,
    /// CSV files by name (relations.csv left out: see the module's documentation).
    tables: Vec<(String, Table)>,
}

impl Seed {
    fn read(dir: &Path) -> io::Result<Seed> {
        let source = std::fs::read_to_string(dir.join("source.txt"))?;
        let mut tables = Vec::new();
        for name in [
            "report.csv",
            "schools.csv",
            "partners.csv",
            "indicators.csv",
            "breakdowns.csv",
            "glossary.csv",
        ] {
            let text = std::fs::read_to_string(dir.join(name))?;
            tables.push((name.to_string(), Table::parse(&text)?));
        }
        Ok(Seed { source, tables })
    }

    /// The files of a variant, by name.
    fn variant(&self, variant: &Variant, seed: u64) -> io::Result<Vec<(String, String)>> {
        let shift = variant.year - SEED_YEAR;
        let rename = |text: &str| {
            let text = text
                .replace(SEED_PLACE, &variant.place)
                .replace(SEED_PLACE_EN, &variant.place_en)
                .replace(
                    &SEED_PLACE_EN.to_lowercase(),
                    &variant.place_en.to_lowercase(),
                );
            shift_years(&text, shift)
        };
        let mut source = rename_text(&self.source, variant, shift);
        let mut tables: Vec<(String, Table)> = self
            .tables
            .iter()
            .map(|(name, table)| {
                let mut table = table.clone();
                table.map_fields(rename);
                (name.clone(), table)
            })
            .collect();
        for (name, table) in &mut tables {
            match name.as_str() {
                "report.csv" => mark_synthetic(table, variant),
                "indicators.csv" => perturb(table, &mut source, seed)?,
                "breakdowns.csv" => {
                    if let Some(total) = table.column("total") {
                        table.rows.iter_mut().for_each(|row| row[total].clear());
                    }
                }
                _ => {}
            }
        }
        let mut files = vec![("source.txt".to_string(), source)];
        files.extend(
            tables
                .into_iter()
                .map(|(name, table)| (name, table.write())),
        );
        Ok(files)
    }
}

/// The text renamed like the CSV fields, but across line breaks too (嘉 at the end of a
/// line, 兴 at the start of the next; `2023` and `年` on two lines): the replacements keep
/// the number of characters, so they are made in the text without its whitespace and
/// spelled back into it.
fn rename_text(source: &str, variant: &Variant, shift: i32) -> String {
    let compacted: String = compact(source).into_iter().collect();
    let renamed = shift_years(&compacted.replace(SEED_PLACE, &variant.place), shift);
    let renamed: Vec<char> = renamed.chars().collect();
    respell(source, &renamed, 0)
}

/// The report's metadata: its id, and a title and region that say it is synthetic.
fn mark_synthetic(table: &mut Table, variant: &Variant) {
    let place = &variant.place;
    let set = |table: &mut Table, column: &str, value: String| {
        if let Some(c) = table.column(column) {
            table.rows[0][c] = value;
        }
    };
    set(table, "id", variant.id.clone());
    set(
        table,
        "title",
        format!("{place}市中等职业教育质量年度报告（合成数据，非真实报告）"),
    );
    set(
        table,
        "title_en",
        format!(
            "SYNTHETIC test data, not a real report: secondary vocational education in {} (invented)",
            variant.place_en
        ),
    );
    set(table, "region", format!("{place}市（虚构）"));
    set(
        table,
        "region_en",
        format!("{} (invented place, synthetic data)", variant.place_en),
    );
    set(table, "school_year", format!("{}学年", variant.year - 1));
    set(table, "calendar_year", variant.year.to_string());
}

/// Moves every year written before 年, 学年 or 届 (`2022 学年`, `2020年`, `2023 届`) by `shift`: four
/// digits stay four digits.
pub fn shift_years(text: &str, shift: i32) -> String {
    if shift == 0 {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let is_year = i + 4 <= chars.len()
            && chars[i..i + 4].iter().all(char::is_ascii_digit)
            && (i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1] == '.'))
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if is_year {
            let year: i32 = chars[i..i + 4]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            let mut after = i + 4;
            while chars.get(after).is_some_and(|c| c.is_whitespace()) {
                after += 1;
            }
            let mut next = after + 1;
            while chars.get(next).is_some_and(|c| c.is_whitespace()) {
                next += 1;
            }
            let before_year_word = matches!(chars.get(after), Some('年' | '届'))
                || (chars.get(after) == Some(&'学') && chars.get(next) == Some(&'年'));
            if (1990..=2099).contains(&year) && before_year_word {
                out.push_str(&(year + shift).to_string());
                i += 4;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// A small deterministic random number generator (splitmix64): the same variant every
/// time.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[low, high)`.
    fn between(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        low + unit * (high - low)
    }
}

/// A plain printed number: ASCII digits with at most one decimal point.
fn plain_number(number: &str) -> bool {
    !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && number.chars().filter(|&c| c == '.').count() <= 1
        && !number.starts_with('.')
        && !number.ends_with('.')
}

/// Another number with the same digits before and after the point, within ±15 % (a
/// percentage or per mille never above 100 or 1000); the same number where none fits.
fn perturbed(number: &str, unit: &str, random: &mut Random) -> String {
    let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
    let Ok(value) = number.parse::<f64>() else {
        return number.to_string();
    };
    let cap = match unit {
        "%" => 100.0,
        "‰" => 1000.0,
        _ => f64::INFINITY,
    };
    for _ in 0..20 {
        let candidate = value * random.between(0.85, 1.15);
        let written = format!("{candidate:.decimals$}");
        if written.len() == number.len() && written != number && candidate <= cap {
            return written;
        }
    }
    number.to_string()
}

/// Where a printed number stands in a (compacted) sentence: the first occurrence of the
/// value text whose number is not part of a longer number.
fn number_in(
    sentence: &[char],
    value_text: &[char],
    number_at: usize,
    length: usize,
) -> Option<usize> {
    if value_text.is_empty() || value_text.len() > sentence.len() {
        return None;
    }
    (0..=sentence.len() - value_text.len()).find_map(|start| {
        if sentence[start..start + value_text.len()] != *value_text {
            return None;
        }
        let (first, end) = (start + number_at, start + number_at + length);
        let digit_or_point = |c: &char| c.is_ascii_digit() || *c == '.';
        let clean_start = first == 0 || !digit_or_point(&sentence[first - 1]);
        let clean_end = sentence.get(end).is_none_or(|c| {
            !(c.is_ascii_digit()
                || (*c == '.' && sentence.get(end + 1).is_some_and(char::is_ascii_digit)))
        });
        (clean_start && clean_end).then_some(first)
    })
}

/// Every start of `needle` in `haystack`.
fn occurrences(haystack: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    (0..=haystack.len() - needle.len())
        .filter(|&start| {
            haystack[start] == needle[0] && haystack[start..start + needle.len()] == *needle
        })
        .collect()
}

fn compact(text: &str) -> Vec<char> {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Replaces each non-whitespace character of `text` by the next of `new` from `from`.
fn respell(text: &str, new: &[char], from: usize) -> String {
    let mut k = from;
    text.chars()
        .map(|c| {
            if c.is_whitespace() {
                c
            } else {
                let replaced = new[k];
                k += 1;
                replaced
            }
        })
        .collect()
}

/// A printed figure's plain number: where it stands in the compacted figure, its length,
/// and the compacted figure.
fn printed_number(value_text: &str) -> Option<(usize, usize, Vec<char>)> {
    let value_text = compact(value_text);
    let value_string: String = value_text.iter().collect();
    let (number, _) = split_number(&value_string)?;
    if !plain_number(number) {
        return None;
    }
    let number_at = value_string[..value_string.find(number)?].chars().count();
    Some((number_at, number.chars().count(), value_text))
}

/// Gives the printed indicators other numbers, in the text and in their rows alike, and
/// recomputes the derived ones.
fn perturb(table: &mut Table, source: &mut String, seed: u64) -> io::Result<()> {
    let column = |name: &str| {
        table.column(name).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the seed's indicators.csv has no `{name}` column"),
            )
        })
    };
    let (c_id, c_text, c_value, c_unit, c_formula, c_source) = (
        column("id")?,
        column("value_text")?,
        column("value")?,
        column("unit")?,
        column("formula")?,
        column("source")?,
    );
    let text = compact(source);
    let mut new = text.clone();
    let mut edited = vec![false; text.len()];
    let mut random = Random(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x6A09_E667);
    // Per indicator: where its sentence and its number stand in the compacted text.
    let mut placed: Vec<Option<(usize, usize, usize)>> = vec![None; table.rows.len()];
    for (r, row) in table.rows.iter().enumerate() {
        if row[c_text].is_empty() || !row[c_formula].is_empty() {
            continue;
        }
        let Some((number_at, length, value_text)) = printed_number(&row[c_text]) else {
            continue;
        };
        let number: String = value_text[number_at..number_at + length].iter().collect();
        let number = number.as_str();
        let sentence = compact(&row[c_source]);
        let Some(within) = number_in(&sentence, &value_text, number_at, length) else {
            continue;
        };
        let starts = occurrences(&text, &sentence);
        let Some(&first) = starts.first() else {
            continue;
        };
        let replacement: Vec<char> = perturbed(number, &row[c_unit], &mut random)
            .chars()
            .collect();
        for start in &starts {
            let at = start + within;
            if edited[at..at + length].iter().any(|&e| e) {
                continue;
            }
            new[at..at + length].copy_from_slice(&replacement);
            edited[at..at + length].iter_mut().for_each(|e| *e = true);
        }
        placed[r] = Some((first, first + within, length));
    }
    *source = respell(source, &new, 0);
    // Every row follows the text where its sentence is printed: its own number, and any
    // other row's number its sentence shows (a derived row's sentence prints the figures
    // it is derived from).
    let mut values: HashMap<String, String> = HashMap::new();
    for (row, place) in table.rows.iter_mut().zip(&placed) {
        let sentence = compact(&row[c_source]);
        let sentence_at = match place {
            Some((at, _, _)) => Some(*at),
            None => occurrences(&text, &sentence).first().copied(),
        };
        if let Some(sentence_at) = sentence_at {
            let number = match place {
                &Some((_, number_at, length)) => Some((number_at, length)),
                None => printed_number(&row[c_text]).and_then(|(number_at, length, value_text)| {
                    number_in(&sentence, &value_text, number_at, length)
                        .map(|within| (sentence_at + within, length))
                }),
            };
            row[c_source] = respell(&row[c_source], &new, sentence_at);
            if let Some((number_at, length)) = number {
                let old: String = text[number_at..number_at + length].iter().collect();
                let now: String = new[number_at..number_at + length].iter().collect();
                if old != now {
                    row[c_text] = row[c_text].replacen(&old, &now, 1);
                    let negative = row[c_value].starts_with('-');
                    row[c_value] = if negative { format!("-{now}") } else { now };
                }
            }
        }
        values.insert(row[c_id].clone(), row[c_value].clone());
    }
    // Derived values, until none changes (a formula may name another derived value).
    for _ in 0..table.rows.len() {
        let mut changed = false;
        for row in table
            .rows
            .iter_mut()
            .filter(|row| !row[c_formula].is_empty())
        {
            let decimals = row[c_value].split_once('.').map_or(0, |(_, d)| d.len());
            if let Some(computed) = evaluate(&row[c_formula], &values) {
                let written = format!("{computed:.decimals$}");
                if values.get(&row[c_id]) != Some(&written) {
                    values.insert(row[c_id].clone(), written.clone());
                    row[c_value] = written;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    Ok(())
}

/// `a - b + c` over indicator values (as written) and numbers.
fn evaluate(formula: &str, values: &HashMap<String, String>) -> Option<f64> {
    let mut total = 0.0;
    let mut sign = 1.0;
    for token in formula.split_whitespace() {
        match token {
            "+" => sign = 1.0,
            "-" => sign = -1.0,
            term => {
                let value: f64 = match term.parse() {
                    Ok(number) => number,
                    Err(_) => values.get(term)?.parse().ok()?,
                };
                total += sign * value;
            }
        }
    }
    Some(total)
}

/// The first number of a printed figure (ASCII digits and points) and what follows it.
fn split_number(text: &str) -> Option<(&str, &str)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let mut end = 0;
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let continues = c.is_ascii_digit()
            || (matches!(c, '.' | ',')
                && chars.get(k + 1).is_some_and(|(_, n)| n.is_ascii_digit()));
        if !continues {
            break;
        }
        end = i + c.len_utf8();
    }
    Some((&rest[..end], &rest[end..]))
}
