//! Ruling lines: the horizontal and vertical strokes a page draws (table borders), read
//! from the content stream's path operators (`m`, `l`, `re`, `h`, painted by `S`, `s`,
//! `f`, `F`, `f*`, `B`, `b` and their starred forms) under the current transformation.

use super::{Matrix, multiply};

/// At most this many rules are kept per page: a hostile page may draw millions.
pub const MAX_RULES: usize = 4000;
/// A path with more points than this is not read for rules (a chart, a drawing).
const MAX_PATH_POINTS: usize = 4096;
/// A filled shape this thin (in points) is a rule drawn as a filled rectangle.
const THIN: f64 = 2.5;
/// A segment this much out of level (in points) is still horizontal (or vertical).
const SKEW: f64 = 0.5;
/// Segments shorter than this are dots, not rules.
const MIN_LENGTH: f64 = 2.0;

/// A horizontal or vertical line in display space (y down): `at` is its y (horizontal)
/// or x (vertical); it runs from `from` to `to` along the other axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub horizontal: bool,
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// The path being built by a content stream, in display space.
#[derive(Default)]
pub struct Path {
    subpaths: Vec<Vec<(f64, f64)>>,
    points: usize,
}

impl Path {
    /// Adds a path-building operator's points (other operators are left alone).
    pub fn build(&mut self, operator: &str, n: &dyn Fn(usize) -> Option<f64>, ctm: &Matrix) {
        if self.points > MAX_PATH_POINTS {
            return;
        }
        let point = |x: f64, y: f64| {
            let p = multiply(&[1.0, 0.0, 0.0, 1.0, x, y], ctm);
            (p[4], p[5])
        };
        match operator {
            "m" => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    self.subpaths.push(vec![point(x, y)]);
                    self.points += 1;
                }
            }
            "l" => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    match self.subpaths.last_mut() {
                        Some(subpath) => subpath.push(point(x, y)),
                        None => self.subpaths.push(vec![point(x, y)]),
                    }
                    self.points += 1;
                }
            }
            // A curve breaks the straight run: its end starts a new one.
            "c" | "v" | "y" => {
                let end = if operator == "c" { (4, 5) } else { (2, 3) };
                if let (Some(x), Some(y)) = (n(end.0), n(end.1)) {
                    self.subpaths.push(vec![point(x, y)]);
                    self.points += 1;
                }
            }
            "h" => {
                if let Some(subpath) = self.subpaths.last_mut()
                    && let Some(&first) = subpath.first()
                {
                    subpath.push(first);
                    self.points += 1;
                }
            }
            "re" => {
                if let (Some(x), Some(y), Some(w), Some(h)) = (n(0), n(1), n(2), n(3)) {
                    self.subpaths.push(vec![
                        point(x, y),
                        point(x + w, y),
                        point(x + w, y + h),
                        point(x, y + h),
                        point(x, y),
                    ]);
                    self.points += 5;
                }
            }
            _ => {}
        }
    }

    /// Paints the path (`stroke` and/or `fill`) and empties it, adding the rules it draws.
    pub fn paint(&mut self, stroke: bool, fill: bool, rules: &mut Vec<Rule>) {
        let subpaths = std::mem::take(&mut self.subpaths);
        self.points = 0;
        for subpath in &subpaths {
            if rules.len() >= MAX_RULES {
                return;
            }
            if stroke {
                for pair in subpath.windows(2) {
                    push_segment(pair[0], pair[1], rules);
                }
            } else if fill && subpath.len() >= 3 {
                // A thin filled shape is a rule along its long side; a wide one is shading.
                let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
                for &(x, y) in subpath {
                    (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
                }
                let (w, h) = (x1 - x0, y1 - y0);
                if h <= THIN && w > h {
                    let y = (y0 + y1) / 2.0;
                    push_segment((x0, y), (x1, y), rules);
                } else if w <= THIN && h > w {
                    let x = (x0 + x1) / 2.0;
                    push_segment((x, y0), (x, y1), rules);
                }
            }
        }
    }

    /// Drops the path unpainted (`n`, after a clip).
    pub fn discard(&mut self) {
        self.subpaths.clear();
        self.points = 0;
    }
}

fn push_segment(a: (f64, f64), b: (f64, f64), rules: &mut Vec<Rule>) {
    let finite = [a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite());
    if !finite || rules.len() >= MAX_RULES {
        return;
    }
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if dy <= SKEW && dx >= MIN_LENGTH {
        rules.push(Rule {
            horizontal: true,
            at: (a.1 + b.1) / 2.0,
            from: a.0.min(b.0),
            to: a.0.max(b.0),
        });
    } else if dx <= SKEW && dy >= MIN_LENGTH {
        rules.push(Rule {
            horizontal: false,
            at: (a.0 + b.0) / 2.0,
            from: a.1.min(b.1),
            to: a.1.max(b.1),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::pdf::IDENTITY;

    fn build(path: &mut Path, operator: &str, operands: &[f64]) {
        path.build(operator, &|i| operands.get(i).copied(), &IDENTITY);
    }

    #[test]
    fn strokes_and_thin_fills_are_rules_shading_and_clips_are_not() {
        let mut rules = Vec::new();
        let mut path = Path::default();
        build(&mut path, "m", &[10.0, 20.0]);
        build(&mut path, "l", &[110.0, 20.0]);
        build(&mut path, "l", &[110.0, 80.0]);
        build(&mut path, "l", &[150.0, 120.0]);
        path.paint(true, false, &mut rules);
        assert_eq!(rules.len(), 2, "the diagonal is not a rule: {rules:?}");
        assert!(rules[0].horizontal && rules[0].at == 20.0 && rules[0].to == 110.0);
        assert!(!rules[1].horizontal && rules[1].at == 110.0);
        build(&mut path, "re", &[0.0, 0.0, 200.0, 0.8]);
        build(&mut path, "re", &[0.0, 0.0, 200.0, 100.0]);
        path.paint(false, true, &mut rules);
        assert_eq!(rules.len(), 3, "a thin bar is a rule, a shaded area is not");
        build(&mut path, "re", &[0.0, 0.0, 200.0, 100.0]);
        path.discard();
        build(&mut path, "re", &[0.0, 0.0, 50.0, 30.0]);
        path.paint(true, false, &mut rules);
        assert_eq!(rules.len(), 7, "a stroked rectangle is four rules");
    }
}
