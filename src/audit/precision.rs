//! Printed figures as the ranges they stand for, and comparison at the printed precision.
//!
//! A figure printed with d decimals stands for anything within half a unit of its last
//! digit (`44.31` is 44.305 … 44.315); a whole count (`3390 人`) is exact. A recomputed
//! value agrees with a printed one when the range the printed inputs allow meets the
//! printed figure's range; failing that, it may still agree if the report cut digits off
//! instead of rounding (`54.3953` printed as `54.39`).

use crate::model::is_rate;

/// A closed range of values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

impl Range {
    pub fn exact(value: f64) -> Range {
        Range {
            low: value,
            high: value,
        }
    }

    pub fn new(a: f64, b: f64) -> Range {
        Range {
            low: a.min(b),
            high: a.max(b),
        }
    }

    pub fn plus(self, other: Range) -> Range {
        Range::new(self.low + other.low, self.high + other.high)
    }

    pub fn minus(self, other: Range) -> Range {
        Range::new(self.low - other.high, self.high - other.low)
    }

    pub fn scale(self, factor: f64) -> Range {
        Range::new(self.low * factor, self.high * factor)
    }

    /// `self / other`, or `None` when `other` holds zero.
    pub fn divided_by(self, other: Range) -> Option<Range> {
        if other.low <= 0.0 && other.high >= 0.0 {
            return None;
        }
        let quotients = [
            self.low / other.low,
            self.low / other.high,
            self.high / other.low,
            self.high / other.high,
        ];
        let low = quotients.iter().copied().fold(f64::INFINITY, f64::min);
        let high = quotients.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (low.is_finite() && high.is_finite()).then_some(Range { low, high })
    }

    pub fn times(self, other: Range) -> Range {
        let products = [
            self.low * other.low,
            self.low * other.high,
            self.high * other.low,
            self.high * other.high,
        ];
        Range {
            low: products.iter().copied().fold(f64::INFINITY, f64::min),
            high: products.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }

    /// Whether the ranges meet, allowing for the last bits of floating point.
    pub fn meets(self, other: Range) -> bool {
        let slack = 1e-9 * self.high.abs().max(other.high.abs()).max(1.0);
        self.low <= other.high + slack && other.low <= self.high + slack
    }

    pub fn contains(self, value: f64) -> bool {
        self.meets(Range::exact(value))
    }
}

/// A number as printed: its value, how many decimals it shows, and whether it is an exact
/// count.
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    pub value: f64,
    pub decimals: usize,
    /// A whole count (`3390 人`): no rounding to allow for.
    pub exact: bool,
}

impl Printed {
    /// Reads a printed number (`15.41`, `-4.58`, `１,200`) in a unit; `negative` makes a
    /// fall's magnitude negative (`下降 4.58%`).
    pub fn read(number: &str, unit: &str, negative: bool) -> Option<Printed> {
        let plain: String = crate::text::normalize(number)
            .chars()
            .filter(|c| *c != ',')
            .collect();
        let magnitude: f64 = plain.parse().ok().filter(|v: &f64| v.is_finite())?;
        let decimals = plain.split_once('.').map_or(0, |(_, d)| d.len());
        let value = if negative && magnitude > 0.0 {
            -magnitude
        } else {
            magnitude
        };
        Some(Printed {
            value,
            decimals,
            exact: decimals == 0 && !is_rate(unit) && scale(unit) == 1.0,
        })
    }

    /// Half a unit of the last printed digit (0 for an exact count).
    pub fn half_unit(&self) -> f64 {
        if self.exact {
            0.0
        } else {
            0.5 * 10f64.powi(-(self.decimals as i32))
        }
    }

    /// What the figure stands for when the report rounded.
    pub fn range(&self) -> Range {
        let half = self.half_unit();
        Range::new(self.value - half, self.value + half)
    }

    /// What the figure stands for when the report cut the digits off (towards zero).
    pub fn truncated_range(&self) -> Range {
        let unit = 2.0 * self.half_unit();
        if self.value < 0.0 {
            Range::new(self.value - unit, self.value)
        } else {
            Range::new(self.value, self.value + unit)
        }
    }

    /// A value shown with the printed decimals and `extra` more.
    pub fn show(&self, value: f64, extra: usize) -> String {
        show_number(value, self.decimals + extra)
    }
}

/// How a recomputed range compares with a printed figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Within half a unit of the last printed digit.
    Rounded,
    /// Only if the report cut digits off instead of rounding.
    Truncated,
    /// Neither.
    Differs,
}

/// Compares what the inputs allow with what the printed figure stands for.
pub fn compare(computed: Range, printed: &Printed) -> Agreement {
    if computed.meets(printed.range()) {
        Agreement::Rounded
    } else if !printed.exact && computed.meets(printed.truncated_range()) {
        Agreement::Truncated
    } else {
        Agreement::Differs
    }
}

/// The multiplier a unit's name carries: 万 (10⁴) and 亿 (10⁸) before the unit.
pub fn scale(unit: &str) -> f64 {
    let unit = unit.trim();
    if unit.starts_with('万') && unit.chars().count() > 1 {
        1e4
    } else if unit.starts_with('亿') && unit.chars().count() > 1 {
        1e8
    } else {
        1.0
    }
}

/// Per cent or per mille: what a share in this unit is multiplied by.
pub fn per(unit: &str) -> f64 {
    match unit.trim() {
        "‰" | "个千分点" | "千分点" => 1000.0,
        _ => 100.0,
    }
}

/// Whether a unit is a percentage or per-mille figure (a level, not a difference).
pub fn is_percent(unit: &str) -> bool {
    matches!(unit.trim(), "%" | "％" | "‰")
}

/// What a difference of figures in this unit is called: percentage points between
/// percentages.
pub fn difference_unit(unit: &str) -> String {
    match unit.trim() {
        "%" | "％" | "个百分点" | "百分点" => "percentage points".to_string(),
        "‰" | "个千分点" | "千分点" => "per-mille points".to_string(),
        ":1" | "∶1" | "倍" => String::new(),
        other => other.to_string(),
    }
}

/// A number for people: fixed decimals, no `-0`, and the minus sign the report's own
/// figures are shown with (`−4.58`).
pub fn show_number(value: f64, decimals: usize) -> String {
    let text = format_number(value, decimals);
    match text.strip_prefix('-') {
        Some(magnitude) => format!("−{magnitude}"),
        None => text,
    }
}

/// A number with a fixed count of decimals and no `-0`.
pub fn format_number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(number: &str, unit: &str) -> Printed {
        Printed::read(number, unit, false).unwrap()
    }

    #[test]
    fn a_printed_figure_stands_for_half_a_unit_of_its_last_digit() {
        let share = printed("44.31", "%");
        assert_eq!(share.decimals, 2);
        assert!(!share.exact);
        let range = share.range();
        assert!((range.low - 44.305).abs() < 1e-12 && (range.high - 44.315).abs() < 1e-12);
        // 72.4% stands for 72.35 … 72.45; 225.81 万平方米 for 225.805 … 225.815.
        assert!((printed("72.4", "%").half_unit() - 0.05).abs() < 1e-12);
        assert!((printed("225.81", "万平方米").half_unit() - 0.005).abs() < 1e-12);
        // A whole count is exact; a whole number of 万 or a rate is rounded.
        assert!(printed("3390", "人").exact);
        assert!(!printed("700", "亿枚").exact);
        assert!(!printed("85", "%").exact);
        assert_eq!(printed("2", "倍").half_unit(), 0.5);
        // Full-width digits and thousands separators read as the report means them.
        assert_eq!(printed("１,200", "人").value, 1200.0);
    }

    #[test]
    fn rounding_agrees_truncation_is_told_apart_and_a_gap_differs() {
        // 1844 / 3390 = 54.3953…: rounds to 54.40, was cut to 54.39.
        let computed = Range::exact(1844.0 / 3390.0 * 100.0);
        assert_eq!(
            compare(computed, &printed("54.40", "%")),
            Agreement::Rounded
        );
        assert_eq!(
            compare(computed, &printed("54.39", "%")),
            Agreement::Truncated
        );
        assert_eq!(
            compare(computed, &printed("54.38", "%")),
            Agreement::Differs
        );
        // 3351 / 3390 = 98.8496… rounds to 98.85.
        let computed = Range::exact(3351.0 / 3390.0 * 100.0);
        assert_eq!(
            compare(computed, &printed("98.85", "%")),
            Agreement::Rounded
        );
        // 663 / 4626 = 14.33%, printed 14.42%: no reading makes them agree.
        let computed = Range::exact(663.0 / 4626.0 * 100.0);
        assert_eq!(
            compare(computed, &printed("14.42", "%")),
            Agreement::Differs
        );
    }

    #[test]
    fn the_rounding_of_the_inputs_counts_too() {
        // 401.61 / 555.10 = 72.349…% from the printed values, which rounds to 72.3; but
        // the inputs stand for 401.605 … 401.615 and 555.095 … 555.105, so 72.35 is
        // possible and 72.4 agrees.
        let urban = printed("401.61", "万人").range();
        let population = printed("555.10", "万人").range();
        let share = urban.divided_by(population).unwrap().scale(100.0);
        assert_eq!(compare(share, &printed("72.4", "%")), Agreement::Rounded);
        assert_eq!(compare(share, &printed("72.5", "%")), Agreement::Differs);
    }

    #[test]
    fn a_truncated_fall_is_cut_towards_zero() {
        let fall = Printed::read("4.58", "个百分点", true).unwrap();
        assert_eq!(fall.value, -4.58);
        assert_eq!(compare(Range::exact(-4.5849), &fall), Agreement::Rounded);
        assert_eq!(compare(Range::exact(-4.5891), &fall), Agreement::Truncated);
        assert_eq!(compare(Range::exact(-4.5710), &fall), Agreement::Differs);
    }

    #[test]
    fn exact_counts_must_match_exactly() {
        let total = printed("82", "人");
        assert_eq!(compare(Range::exact(82.0), &total), Agreement::Rounded);
        assert_eq!(
            compare(Range::exact(81.0), &total),
            Agreement::Differs,
            "a count has no rounding and no truncation to hide behind"
        );
    }

    #[test]
    fn units_scale_and_name_their_differences() {
        assert_eq!(scale("万平方米"), 1e4);
        assert_eq!(scale("亿元"), 1e8);
        assert_eq!(scale("万"), 1.0, "a bare 万 is a count word, not a prefix");
        assert_eq!(scale("人"), 1.0);
        assert_eq!(per("‰"), 1000.0);
        assert_eq!(per("%"), 100.0);
        assert_eq!(difference_unit("%"), "percentage points");
        assert_eq!(difference_unit("个千分点"), "per-mille points");
        assert_eq!(difference_unit("平方米"), "平方米");
        assert_eq!(format_number(-0.0004, 2), "0.00");
        assert_eq!(format_number(14.33198, 4), "14.3320");
        assert_eq!(show_number(-4.58, 2), "−4.58");
    }

    #[test]
    fn division_by_a_range_holding_zero_is_refused() {
        assert!(
            Range::exact(1.0)
                .divided_by(Range::new(-0.5, 0.5))
                .is_none()
        );
        let q = Range::new(10.0, 12.0)
            .divided_by(Range::new(2.0, 4.0))
            .unwrap();
        assert_eq!((q.low, q.high), (2.5, 6.0));
    }
}
