//! Footnote markers whose notes the source left out. A word processor's "save as text"
//! keeps each footnote's marker glued into the text (`在校生6218人1，`, `3985人①。`) and
//! drops the notes. Where a report holds no marked note at all, such markers are taken
//! out of the words and kept as markers, so that the sentence reads as printed.

use crate::ingest::asides::circled_value;
use crate::model::{FootnoteRef, Paragraph};

/// Takes the orphan markers out of the paragraphs, in document order: every circled
/// number, and the digits glued after a figure's unit before a clause's punctuation
/// (`6218人1，`, `6284万元1，`, `95%2。`) when they count 1, 2, 3 … through the report. Says
/// how many it took.
pub(super) fn lift_orphan_markers(paragraphs: &mut [Paragraph]) -> usize {
    let mut next = 1;
    let mut lifted = 0;
    for paragraph in paragraphs {
        let found = markers_in(&paragraph.text, &mut next);
        if found.is_empty() {
            continue;
        }
        lifted += found.len();
        remove(paragraph, &found);
    }
    lifted
}

/// A marker found: its byte range in the text and its number.
struct Found {
    start: usize,
    end: usize,
    number: u32,
}

/// The orphan markers of one text; `next` is the number the next digit marker must have.
fn markers_in(text: &str, next: &mut u32) -> Vec<Found> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let (start, c) = chars[at];
        // A circled number is a marker wherever it stands glued to a word.
        if let Some(number) = circled_value(c) {
            found.push(Found {
                start,
                end: start + c.len_utf8(),
                number,
            });
            at += 1;
            continue;
        }
        let digits = chars[at..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count();
        let glued_after_a_unit = at > 0 && follows_a_figure(&chars[..at]);
        let before_punctuation = chars
            .get(at + digits)
            .is_some_and(|&(_, c)| "，。；、：".contains(c));
        if (1..=2).contains(&digits) && glued_after_a_unit && before_punctuation {
            let end = chars[at + digits - 1].0 + 1;
            if text[start..end].parse::<u32>().ok() == Some(*next) {
                found.push(Found {
                    start,
                    end,
                    number: *next,
                });
                *next += 1;
            }
        }
        at += digits.max(1);
    }
    found
}

/// Whether the text before ends with a figure and its unit: digits, then one to three
/// characters of a unit (`人`, `万元`, `%`), nothing else. A date's `年`, `月`, `日` is no
/// such unit: `2023年1、2月` counts months.
fn follows_a_figure(before: &[(usize, char)]) -> bool {
    let unit = before
        .iter()
        .rev()
        .take_while(|(_, c)| *c == '%' || crate::text::is_cjk(*c))
        .count();
    let first_of_unit = before.len().checked_sub(unit).and_then(|at| before.get(at));
    let a_date = first_of_unit.is_some_and(|(_, c)| "年月日届级期".contains(*c));
    (1..=3).contains(&unit)
        && !a_date
        && before
            .len()
            .checked_sub(unit + 1)
            .is_some_and(|at| before[at].1.is_ascii_digit())
}

/// Cuts the markers out of the paragraph's text, records them, and moves its page breaks
/// and earlier markers to where their text now stands.
fn remove(paragraph: &mut Paragraph, found: &[Found]) {
    let shift = |offset: usize| {
        offset
            - found
                .iter()
                .filter(|f| f.end <= offset)
                .map(|f| f.end - f.start)
                .sum::<usize>()
    };
    for (at, _) in &mut paragraph.page_breaks {
        *at = shift(*at);
    }
    for reference in &mut paragraph.footnote_refs {
        reference.offset = shift(reference.offset);
    }
    paragraph
        .footnote_refs
        .extend(found.iter().map(|f| FootnoteRef {
            number: f.number,
            offset: shift(f.start),
        }));
    paragraph.footnote_refs.sort_by_key(|r| r.offset);
    let mut text = String::with_capacity(paragraph.text.len());
    let mut from = 0;
    for f in found {
        text.push_str(&paragraph.text[from..f.start]);
        from = f.end;
    }
    text.push_str(&paragraph.text[from..]);
    paragraph.text = text;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    fn paragraph(text: &str) -> Paragraph {
        Paragraph {
            index: 0,
            location: Location::default(),
            case: None,
            page: 1,
            text: text.to_string(),
            footnote_refs: Vec::new(),
            page_breaks: vec![(text.find("招生").unwrap_or(0), 2)],
        }
    }

    #[test]
    fn markers_glued_after_a_figure_s_unit_are_taken_out_in_sequence() {
        let mut paragraphs = vec![
            paragraph("在校生6218人1，招生2146人，占41.6%2。"),
            paragraph("设备值6284万元3，生均2.01万元；在校生3985人①。"),
        ];
        assert_eq!(lift_orphan_markers(&mut paragraphs), 4);
        assert_eq!(paragraphs[0].text, "在校生6218人，招生2146人，占41.6%。");
        assert_eq!(
            paragraphs[1].text,
            "设备值6284万元，生均2.01万元；在校生3985人。"
        );
        let refs: Vec<(u32, &str)> = paragraphs[0]
            .footnote_refs
            .iter()
            .map(|r| (r.number, &paragraphs[0].text[..r.offset]))
            .collect();
        assert_eq!(
            refs,
            [
                (1, "在校生6218人"),
                (2, "在校生6218人，招生2146人，占41.6%")
            ]
        );
        let (at, page) = paragraphs[0].page_breaks[0];
        assert_eq!((&paragraphs[0].text[at..at + 6], page), ("招生", 2));
    }

    #[test]
    fn figures_that_only_look_like_markers_stay() {
        // Out of sequence, not after a figure's unit, or more than two digits.
        for text in [
            "在校生6218人2，招生。",
            "一等奖1，二等奖2。",
            "在校生6218人123，招生。",
            "共计12，其中。",
            "2023年1、2月份招生。",
        ] {
            let mut paragraphs = vec![paragraph(text)];
            assert_eq!(lift_orphan_markers(&mut paragraphs), 0, "{text}");
            assert_eq!(paragraphs[0].text, text);
        }
    }
}
