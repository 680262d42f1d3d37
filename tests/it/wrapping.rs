//! Chinese line breaking over the whole report: every paragraph, case title and caption
//! wrapped at every width from 20 to 200 columns. No line is wider than the width, starts
//! with closing punctuation or a sign (`%`, `‰`, `℃`), ends with an opening mark, or
//! splits a number (issue 11, item 1).

use crate::support;

use nianbao::text::{display_width, is_closing_mark, wrap_ranges};

const OPENING: &[char] = &[
    '“', '‘', '（', '《', '〈', '「', '『', '【', '〔', '〖', '［', '(', '[',
];

fn texts() -> Vec<String> {
    let report = support::jiaxing();
    let s = &report.structure;
    s.paragraphs
        .iter()
        .map(|p| p.text.clone())
        .chain(s.cases.iter().map(|c| c.title.clone()))
        .chain(s.figures.iter().map(|f| f.caption.clone()))
        .chain([
            "依据〔2023〕5号文件，去向落实率 99.55%，较 2021 学年略有上升".to_string(),
            "三次产业结构 2.7∶51.9∶45.4，专业布局 2.8∶39.3∶57.9 基本匹配".to_string(),
            "生师比 15.41:1，占比 98.85 %，自然增长率 0.2‰，气温 26℃。".to_string(),
        ])
        .collect()
}

fn number_part(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',' | ':' | '∶')
}

/// A break between `before` and `after` that falls inside a number.
fn splits_a_number(chars: &[char], end: usize, start: usize) -> bool {
    if start != end || end == 0 || start >= chars.len() {
        return false;
    }
    let (before, after) = (chars[end - 1], chars[start]);
    let digit_before = before.is_ascii_digit()
        || (number_part(before) && end >= 2 && chars[end - 2].is_ascii_digit());
    let digit_after = after.is_ascii_digit()
        || (number_part(after) && chars.get(start + 1).is_some_and(char::is_ascii_digit));
    digit_before && digit_after
}

#[test]
fn every_text_of_the_report_wraps_by_the_rules_at_every_width() {
    let texts = texts();
    let mut checked = 0;
    for width in 20..=200 {
        for text in &texts {
            let chars: Vec<char> = text.chars().collect();
            let lines = wrap_ranges(&chars, width);
            for (i, line) in lines.iter().enumerate() {
                let shown: String = chars[line.clone()].iter().collect();
                let context = || format!("width {width}: {:?} in {text}", shown);
                assert!(display_width(&shown) <= width, "too wide: {}", context());
                if i > 0 {
                    assert!(
                        !shown.starts_with(is_closing_mark),
                        "starts with a closing mark: {}",
                        context()
                    );
                    assert!(
                        !splits_a_number(&chars, lines[i - 1].end, line.start),
                        "splits a number: {:?} / {:?}",
                        chars[lines[i - 1].clone()].iter().collect::<String>(),
                        shown
                    );
                }
                if i + 1 < lines.len() {
                    assert!(
                        !shown.ends_with(OPENING),
                        "ends with an opening mark: {}",
                        context()
                    );
                }
                checked += 1;
            }
            // Nothing is lost: only spaces at the breaks go.
            let kept: String = lines
                .iter()
                .flat_map(|l| chars[l.clone()].iter())
                .filter(|c| **c != ' ')
                .collect();
            let all: String = chars.iter().filter(|c| **c != ' ').collect();
            assert_eq!(kept, all, "width {width}");
        }
    }
    assert!(checked > 50_000, "{checked} lines checked");
}

#[test]
fn the_lines_the_issue_saw_broken_are_whole() {
    let wrapped = |text: &str, width: usize| nianbao::text::wrap(text, width);
    for width in 8..40 {
        for line in wrapped(
            "去向落实率 99.55%，较 2021 学年略有上升；依据〔2023〕5号",
            width,
        ) {
            assert!(
                !line.starts_with(['%', '，', '〕', '；']),
                "{width}: {line}"
            );
            assert_ne!(line, "99.55", "{width}");
        }
    }
}
