//! How a printed figure reads: where its number is, which units stand against it,
//! which words make it a fall, and which units are rates rather than counts.

/// Units written against the number (`44.31%`, `15.41:1`), not after a space.
pub(super) const ATTACHED_UNITS: [&str; 4] = ["%", "‰", ":1", "∶1"];

/// Words before a printed number that say it is a fall: the figure is negative.
pub const FALL_WORDS: [&str; 5] = ["下降", "减少", "降低", "下滑", "回落"];

/// The first number in a printed figure, as printed (`27.00`, `4.58`, `１,200`), and what
/// follows it.
pub fn split_number(text: &str) -> Option<(&str, &str)> {
    let digit = |c: char| crate::text::normalize_char(c).is_ascii_digit();
    let start = text.find(digit)?;
    let start = if text[..start].ends_with('-') {
        start - 1
    } else {
        start
    };
    let rest = &text[start..];
    let mut end = 0;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let continues = digit(c)
            || (i == 0 && c == '-')
            || (matches!(crate::text::normalize_char(c), '.' | ',')
                && chars.peek().is_some_and(|&(_, next)| digit(next)));
        if !continues {
            break;
        }
        end = i + c.len_utf8();
    }
    Some((&rest[..end], &rest[end..]))
}

/// Units of rates and ratios: their figures are not counts.
pub fn is_rate(unit: &str) -> bool {
    matches!(
        unit.trim(),
        "%" | "％"
            | "‰"
            | ":1"
            | "∶1"
            | "1:"
            | "1∶"
            | "倍"
            | "个百分点"
            | "百分点"
            | "个千分点"
            | "千分点"
    )
}
