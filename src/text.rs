//! Chinese-aware text helpers shared by every stage: display width, normalisation for
//! matching, joining wrapped lines, and escaping control characters for the terminal.

use unicode_width::UnicodeWidthChar;

/// Display width in terminal columns (CJK glyphs count two).
pub fn display_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// Display width of one character; control characters count as zero.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Maps one character to its matching form: full-width ASCII to ASCII, the ideographic
/// space to a space, `∶` to `:`. One character in, one out, so character positions in the
/// normalised text are positions in the original.
pub fn normalize_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2236}' => ':',
        _ => c,
    }
}

/// The text in its matching form (see [`normalize_char`]); for matching only, never shown.
pub fn normalize(text: &str) -> String {
    text.chars().map(normalize_char).collect()
}

/// The text without any whitespace, for whitespace-insensitive comparisons.
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A text with its whitespace taken out, remembering where each kept character stood,
/// for searching it many times regardless of spacing (PDF extraction spaces text
/// unpredictably; the words are what count).
pub struct Compacted {
    text: String,
    /// Per kept character, its position (character index) in the original.
    positions: Vec<usize>,
}

impl Compacted {
    pub fn new(original: &str) -> Compacted {
        let mut text = String::with_capacity(original.len());
        let mut positions = Vec::with_capacity(original.len() / 2);
        for (position, c) in original
            .chars()
            .enumerate()
            .filter(|(_, c)| !c.is_whitespace())
        {
            text.push(c);
            positions.push(position);
        }
        Compacted { text, positions }
    }

    /// Where a needle (itself compacted, see [`compact`]) stands, as a range of character
    /// positions in the original, from its first to its last character.
    pub fn find(&self, compact_needle: &str) -> Option<std::ops::Range<usize>> {
        if compact_needle.is_empty() {
            return None;
        }
        let byte = self.text.find(compact_needle)?;
        let first = self.text[..byte].chars().count();
        let last = first + compact_needle.chars().count() - 1;
        Some(self.positions[first]..self.positions[last] + 1)
    }
}

/// Where `needle` stands in `haystack` when whitespace is ignored on both sides, as a
/// range of character positions in `haystack`.
pub fn find_ignoring_whitespace(haystack: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    Compacted::new(haystack).find(&compact(needle))
}

/// Collapses every run of whitespace into one space and trims both ends.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends a wrapped line to text: Chinese joins without a space, but two pieces of Latin
/// text or numbers keep one between them. A number set in Chinese text (its digits glued
/// to a Chinese character, or set off from it by one space) that the line broke
/// (`培训收入42` / `6.8万元`) is one number again: `426.8万元`.
pub fn join_wrapped(text: &mut String, line: &str) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    let number_goes_on = || {
        let before_digits = text.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        // Word processors set a space between Chinese and a number (`收入 42`).
        let before_number = before_digits.strip_suffix(' ').unwrap_or(before_digits);
        before_digits.len() < text.len()
            && before_number.chars().last().is_some_and(is_cjk)
            && line.starts_with(|c: char| c.is_ascii_digit() || c == '.')
    };
    let needs_space = matches!(
        (text.chars().last(), line.chars().next()),
        (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
    ) && !number_goes_on();
    if needs_space {
        text.push(' ');
    }
    text.push_str(line);
}

/// True for punctuation that ends a sentence (`。！？`), also when a closing quote or
/// bracket follows it.
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['”', '’', '」', '』', '）', '》', ')', '"']);
    matches!(
        trimmed.chars().last(),
        Some('。' | '！' | '？' | '!' | '?' | '…')
    )
}

/// Punctuation that may not start a line in Chinese typesetting (nor a sign that belongs
/// to the number before it: `%`, `‰`, `℃`).
pub fn is_closing_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '）'
            | '」'
            | '』'
            | '”'
            | '’'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '〙'
            | '〛'
            | '］'
            | '｝'
            | '！'
            | '？'
            | '…'
            | '％'
            | '%'
            | '‰'
            | '℃'
            | '°'
            | ','
            | '.'
            | ';'
            | ':'
            | ')'
            | ']'
            | '}'
            | '!'
            | '?'
    )
}

/// Punctuation that may not end a line (it opens something).
fn is_opening_mark(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '（'
            | '《'
            | '〈'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〖'
            | '〘'
            | '〚'
            | '［'
            | '｛'
            | '('
            | '['
            | '{'
    )
}

/// Wraps text to lines of at most `width` display columns. Breaks follow the Unicode
/// line-breaking algorithm (UAX #14): Chinese between any two characters, Latin words and
/// numbers whole with their signs (`99.55%`, `15.41:1`, `2.7∶51.9∶45.4`); and the Chinese
/// rules on top: no line starts with closing punctuation (，。、；：）」〕 …) or a `%`, `‰`,
/// `℃`, none ends with an opening mark. Spaces at a break are dropped. Only a word longer
/// than a line is cut inside.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    wrap_ranges(&chars, width)
        .into_iter()
        .map(|range| chars[range].iter().collect())
        .collect()
}

/// [`wrap`] as ranges of character positions, so callers can carry styling per character
/// through the wrapping. There is always at least one (possibly empty) line.
pub fn wrap_ranges(chars: &[char], width: usize) -> Vec<std::ops::Range<usize>> {
    let width = width.max(2);
    let breaks = break_opportunities(chars);
    let columns = |range: std::ops::Range<usize>| -> usize {
        chars[range].iter().map(|&c| char_width(c)).sum()
    };
    let mut lines = Vec::new();
    let mut start = 0;
    // The furthest break after `start` at which the line still fits.
    let mut fit: Option<usize> = None;
    let mut next = 0;
    while let Some(&at) = breaks.get(next) {
        if at <= start {
            next += 1;
            continue;
        }
        let end = trim_spaces(chars, start, at);
        if columns(start..end) <= width {
            fit = Some(at);
            next += 1;
            continue;
        }
        // Up to `at` is too long: end the line at the last break that fitted, or, when
        // one unbreakable run is longer than a line, cut it where it must be. Then look at
        // `at` again from the new start.
        start = match fit.take() {
            Some(fit) => {
                push_range(&mut lines, chars, start..fit);
                fit
            }
            None => cut_long_word(&mut lines, chars, start, end, width),
        };
    }
    push_range(&mut lines, chars, start..chars.len());
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines
}

/// Where lines may break (character positions, the end of the text included): UAX #14's
/// opportunities, minus those the Chinese rules forbid.
fn break_opportunities(chars: &[char]) -> Vec<usize> {
    let text: String = chars.iter().collect();
    let mut char_at_byte = vec![0usize; text.len() + 1];
    for (index, (byte, c)) in text.char_indices().enumerate() {
        char_at_byte[byte..byte + c.len_utf8()].fill(index);
    }
    char_at_byte[text.len()] = chars.len();
    // UAX #14 keeps ambiguous quotation marks glued to both neighbours; in Chinese text
    // “ opens and ” closes, so a line may break before “ and after ” like around any
    // ideograph (Unicode 15.1's rule LB19a, which this table predates).
    let chinese = |c: char| char_width(c) == 2 || matches!(c, '“' | '”' | '‘' | '’');
    let around_quotes = (1..chars.len()).filter(|&at| {
        let (before, after) = (chars[at - 1], chars[at]);
        chinese(before)
            && chinese(after)
            && (matches!(after, '“' | '‘') || matches!(before, '”' | '’'))
    });
    let mut opportunities: Vec<usize> = unicode_linebreak::linebreaks(&text)
        .map(|(byte, _)| char_at_byte[byte])
        .chain(around_quotes)
        .collect();
    opportunities.sort_unstable();
    opportunities.dedup();
    opportunities
        .into_iter()
        .filter(|&at| {
            if at == 0 || at >= chars.len() {
                return true;
            }
            let before = chars[..at].iter().rev().find(|&&c| c != ' ');
            !is_closing_mark(chars[at]) && !before.is_some_and(|&c| is_opening_mark(c))
        })
        .collect()
}

/// The end of `start..end` without trailing spaces.
fn trim_spaces(chars: &[char], start: usize, mut end: usize) -> usize {
    while end > start && chars[end - 1] == ' ' {
        end -= 1;
    }
    end
}

/// Cuts a run that has no break and is longer than a line: as many characters as fit,
/// but preferably not before closing punctuation and not inside a number. Returns where
/// the rest starts.
fn cut_long_word(
    lines: &mut Vec<std::ops::Range<usize>>,
    chars: &[char],
    start: usize,
    end: usize,
    width: usize,
) -> usize {
    let mut used = 0;
    let mut fits = start;
    while fits < end && used + char_width(chars[fits]) <= width {
        used += char_width(chars[fits]);
        fits += 1;
    }
    let fits = fits.max(start + 1);
    let numeric = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',');
    let allowed = |at: usize, whole_numbers: bool| {
        let Some(&next) = chars.get(at) else {
            return true;
        };
        let splits_number = whole_numbers && numeric(chars[at - 1]) && numeric(next);
        !(is_closing_mark(next) || splits_number)
    };
    let cut = (start + 1..=fits)
        .rev()
        .find(|&at| allowed(at, true))
        .or_else(|| (start + 1..=fits).rev().find(|&at| allowed(at, false)))
        .unwrap_or(fits);
    push_range(lines, chars, start..cut);
    let mut rest = cut;
    while rest < chars.len() && chars[rest] == ' ' {
        rest += 1;
    }
    rest
}

/// Adds a line without its trailing spaces.
fn push_range(
    lines: &mut Vec<std::ops::Range<usize>>,
    chars: &[char],
    range: std::ops::Range<usize>,
) {
    let mut end = range.end;
    while end > range.start && chars[end - 1] == ' ' {
        end -= 1;
    }
    if end > range.start {
        lines.push(range.start..end);
    }
}

/// Characters that act on a terminal or reorder text instead of showing: C0 and C1
/// controls, bidi embeddings, overrides, isolates and marks, line and paragraph
/// separators, and invisible zero-width characters.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{061C}'
                | '\u{180E}'
        )
}

/// Replaces control, bidi and zero-width characters with visible escapes (`\u{1b}`), so
/// data never sends raw control sequences to a terminal nor reorders what is shown.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden_control(c) {
            escaped.push_str(&c.escape_unicode().to_string());
        } else {
            escaped.push(c);
        }
    }
    std::borrow::Cow::Owned(escaped)
}

/// A path for a message or a listing: [`escape_controls`] on its lossy display form, so
/// a file name's line breaks and escape sequences show as escapes, on one line.
pub fn escape_path(path: &std::path::Path) -> String {
    escape_controls(&path.display().to_string()).into_owned()
}

/// The display column at which each given character position of the text starts, so a
/// front end can highlight matched characters (CJK glyphs take two columns).
pub fn display_columns(text: &str, positions: &[usize]) -> Vec<usize> {
    let mut columns = Vec::with_capacity(positions.len());
    let mut column = 0;
    let mut wanted = positions.iter().peekable();
    for (index, c) in text.chars().enumerate() {
        while wanted.next_if(|&&p| p == index).is_some() {
            columns.push(column);
        }
        column += char_width(c);
    }
    columns
}

/// The first `chars` characters of a text, with an ellipsis when cut.
pub fn excerpt(text: &str, chars: usize) -> String {
    let mut cut: String = text.chars().take(chars).collect();
    if text.chars().nth(chars).is_some() {
        cut.push('…');
    }
    cut
}

/// Cuts text to at most `width` columns, ending with `…` when anything was cut. A wide
/// glyph that would straddle the edge is left out rather than split.
pub fn truncate_to_width(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w + 1 > width {
            break;
        }
        cut.push(c);
        used += w;
    }
    cut.push('…');
    cut
}

/// Pads text with spaces on the right to `width` display columns.
pub fn pad_to_width(text: &str, width: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(display_width(text)),
    ));
    padded
}

/// A Chinese character (CJK unified ideographs and extensions).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Ids are lowercase ASCII words joined by hyphens: `jiaxing-technician-college`.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Splits a `|`-separated list field; empty gives an empty list.
pub fn split_list(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_cjk_as_two_columns() {
        assert_eq!(display_width("嘉兴"), 4);
        assert_eq!(display_width("a嘉1"), 4);
    }

    #[test]
    fn normalisation_maps_full_width_forms_one_to_one() {
        assert_eq!(normalize("４４．３１％"), "44.31%");
        assert_eq!(normalize("2.8∶39.3"), "2.8:39.3");
        assert_eq!(normalize("嘉兴").chars().count(), 2);
    }

    #[test]
    fn finds_text_whatever_the_spacing() {
        assert_eq!(
            find_ignoring_whitespace("在校生 51486 人，", "在校生51486人"),
            Some(0..11)
        );
        assert_eq!(find_ignoring_whitespace("a嘉 兴b", "嘉兴"), Some(1..4));
        assert_eq!(find_ignoring_whitespace("嘉兴", "嘉善"), None);
        assert_eq!(find_ignoring_whitespace("嘉兴", " "), None);
    }

    #[test]
    fn joining_keeps_a_space_only_between_latin_words() {
        let mut text = String::from("引入德国 AHK");
        join_wrapped(&mut text, "职业培训");
        assert_eq!(text, "引入德国 AHK职业培训");
        let mut text = String::from("Dual");
        join_wrapped(&mut text, "system");
        assert_eq!(text, "Dual system");
        let mut text = String::from("version 2");
        join_wrapped(&mut text, "3 items");
        assert_eq!(text, "version 2 3 items", "Latin numbers keep their space");
    }

    #[test]
    fn a_number_in_chinese_text_broken_by_the_line_is_one_number_again() {
        for (end, start, joined) in [
            ("培训收入42", "6.8万元", "培训收入426.8万元"),
            ("专任教师2", "14人", "专任教师214人"),
            ("合格率95.", "2%", "合格率95.2%"),
            ("培训收入 42", "6.8 万元", "培训收入 426.8 万元"),
        ] {
            let mut text = String::from(end);
            join_wrapped(&mut text, start);
            assert_eq!(text, joined);
        }
    }

    #[test]
    fn sentence_end_sees_through_closing_quotes() {
        assert!(ends_sentence("称号。”"));
        assert!(ends_sentence("称号。"));
        assert!(!ends_sentence("称号，"));
    }

    #[test]
    fn match_positions_map_to_display_columns() {
        assert_eq!(display_columns("a嘉兴b", &[0, 2, 3]), vec![0, 3, 5]);
        assert_eq!(display_columns("嘉兴", &[5]), Vec::<usize>::new());
    }

    #[test]
    fn wraps_chinese_between_characters_within_the_width() {
        let lines = wrap(
            "嘉兴市中等职业学校致力于培养德智体美劳全面发展的社会主义建设者",
            10,
        );
        assert!(lines.iter().all(|l| display_width(l) <= 10), "{lines:?}");
        assert_eq!(lines[0], "嘉兴市中等");
        assert_eq!(
            lines.concat(),
            "嘉兴市中等职业学校致力于培养德智体美劳全面发展的社会主义建设者"
        );
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // From 6 columns on, a character and two full-width closing marks fit on a line.
        for width in 6..30 {
            let text =
                "在校生 51486 人（含技工学籍），招生比例较 2021 学年下降 4.58%。教师队伍、学生。";
            for line in wrap(text, width) {
                assert!(display_width(&line) <= width, "{width}: {line}");
                assert!(!line.starts_with(is_closing_mark), "{width}: {line:?}");
                assert!(!line.ends_with(is_opening_mark), "{width}: {line:?}");
            }
        }
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        assert_eq!(wrap("教师 15036.18 元", 8), vec!["教师", "15036.18", "元"]);
        assert_eq!(
            wrap("German Chamber of Crafts", 10),
            vec!["German", "Chamber of", "Crafts"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
    }

    #[test]
    fn controls_are_escaped() {
        assert_eq!(escape_controls("a\u{1b}[31m"), "a\\u{1b}[31m");
        assert_eq!(escape_controls("plain"), "plain");
        assert_eq!(
            escape_path(std::path::Path::new("/tmp/a\nb\u{1b}")),
            "/tmp/a\\u{a}b\\u{1b}"
        );
    }
}
