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

/// Collapses every run of whitespace into one space and trims both ends.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends a wrapped line to text: Chinese joins without a space, but two pieces of Latin
/// text or numbers keep one between them.
pub fn join_wrapped(text: &mut String, line: &str) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    let needs_space = matches!(
        (text.chars().last(), line.chars().next()),
        (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
    );
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

/// Punctuation that may not start a line in Chinese typesetting.
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
            | '！'
            | '？'
            | '％'
            | '‰'
            | ','
            | '.'
            | ';'
            | ':'
            | ')'
            | '!'
            | '?'
    )
}

/// Replaces control characters with visible escapes (`\u{1b}`), so data never sends raw
/// control sequences to a terminal.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            escaped.push_str(&c.escape_unicode().to_string());
        } else {
            escaped.push(c);
        }
    }
    std::borrow::Cow::Owned(escaped)
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

/// Pads text with spaces on the right to `width` display columns.
pub fn pad_to_width(text: &str, width: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(display_width(text)),
    ));
    padded
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
    fn joining_keeps_a_space_only_between_latin_words() {
        let mut text = String::from("引入德国 AHK");
        join_wrapped(&mut text, "职业培训");
        assert_eq!(text, "引入德国 AHK职业培训");
        let mut text = String::from("Dual");
        join_wrapped(&mut text, "system");
        assert_eq!(text, "Dual system");
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
    fn controls_are_escaped() {
        assert_eq!(escape_controls("a\u{1b}[31m"), "a\\u{1b}[31m");
        assert_eq!(escape_controls("plain"), "plain");
    }
}
