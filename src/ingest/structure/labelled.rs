//! Figures and cases, read from their labels (`图 3`, `案例 2`): a caption or case title
//! with the lines it wraps onto, and a figure placed where its image (a run of blank
//! lines on the caption's page) stands.

use super::{Builder, ends_clause};
use crate::ingest::layout::Line;
use crate::ingest::recognise::{self, LabelKind, Labelled};
use crate::ingest::{asides, detect};
use crate::model::{Case, CaseLabel, Figure, Location};
use crate::text::{collapse_whitespace, display_width, ends_sentence, join_wrapped};

/// Display columns by which a title's or caption's wrapped lines may differ in width
/// (a Latin word or a number that did not fit, punctuation pushed to the next line).
const WRAP_SLACK: usize = 6;

/// A picture's place, seen as a run of blank lines, waiting for its caption.
#[derive(Debug)]
pub(super) struct Image {
    page: u32,
    location: Location,
    /// The paragraph it stands before (see `Figure::position`).
    position: usize,
}

impl Builder<'_> {
    /// Passes the gaps (image-sized runs of blank lines) before line `i`: each is the
    /// image of a figure whose caption came earlier on its page, or waits for one.
    /// Images and captions pair on one page only.
    pub(super) fn pass_gaps(&mut self, i: usize) {
        while let Some(gap) = self
            .layout
            .gaps
            .get(self.next_gap)
            .filter(|gap| gap.before <= i)
        {
            let page = gap.page;
            self.next_gap += 1;
            self.image_at(page);
        }
        // What waits is dropped as a page is left, not at every line: a page of thousands
        // of captions would otherwise be read over at each of them.
        if let Some(line) = self.lines.get(i)
            && self.images_page != Some(line.page)
        {
            let page = line.page;
            self.images_page = Some(page);
            self.images.retain(|image| image.page >= page);
            self.awaiting_image.retain(|&(_, p)| p >= page);
        }
    }

    /// An image here, on `page`.
    fn image_at(&mut self, page: u32) {
        let location = self.location.clone();
        let position = self.next_paragraph;
        let awaiting = self.awaiting_image.iter().position(|&(_, p)| p == page);
        match awaiting.and_then(|k| self.awaiting_image.remove(k)) {
            Some((figure, _)) => {
                let figure = &mut self.structure.figures[figure];
                figure.location = location;
                figure.position = position;
            }
            None => {
                // An image of a page already left is dropped at the next line, as any is.
                if self.images_page.is_some_and(|current| page < current) {
                    self.images_page = None;
                }
                self.images.push(Image {
                    page,
                    location,
                    position,
                })
            }
        }
    }

    pub(super) fn accepted_label(&self, line: &Line) -> Option<Labelled> {
        let label = recognise::labelled(&line.text)?;
        // Before chapter 1, a label with a page number glued on is a contents entry.
        let contents_entry = self.structure.chapters.is_empty()
            && crate::text::normalize(&label.title).ends_with(|c: char| c.is_ascii_digit());
        if contents_entry {
            return None;
        }
        if label.number.is_empty() {
            // An unnumbered box (`【案例】…`): its brackets are the evidence.
            return Some(label);
        }
        let seen = self
            .seen_labels
            .contains(&(label.kind, label.number.clone()));
        let last = |kind: &LabelKind| self.last_label.get(kind).copied().unwrap_or(0);
        let in_sequence = match label.chapter {
            Some(chapter) => chapter <= self.location.chapter.max(1),
            // Cases go on from their own label's last number, or from the last case of
            // any label where a report numbers them all together (`案例1`, `典型案例2`).
            None => {
                let all_cases = self
                    .last_label
                    .iter()
                    .filter(|(kind, _)| matches!(kind, LabelKind::Case(_)))
                    .map(|(_, &n)| n)
                    .max()
                    .unwrap_or(0);
                label.sequence == last(&label.kind) + 1
                    || matches!(label.kind, LabelKind::Case(_)) && label.sequence == all_cases + 1
            }
        };
        (!seen && in_sequence).then_some(label)
    }

    pub(super) fn take_labelled(&mut self, i: usize, label: Labelled) -> usize {
        if let LabelKind::Case(case_label) = label.kind
            && label.title.is_empty()
            && !self.title_follows(i)
        {
            // A label alone whose next line is no title (a fragment, the body): the line
            // is read as text, and named.
            self.warnings.push(format!(
                "{}{} (page {}): no title found; read as text",
                case_label.as_str(),
                label.number,
                self.lines[i].page
            ));
            self.add_text(i);
            return i + 1;
        }
        if label.chapter.is_none() {
            self.last_label.insert(label.kind, label.sequence);
        }
        self.seen_labels.insert((label.kind, label.number.clone()));
        let line = &self.lines[i];
        match label.kind {
            LabelKind::Figure => {
                let (caption, next) = self.caption(i, label.title);
                let page = line.page;
                // The figure stands where its image is: the nearest image before the
                // caption on its page, else the next one after it on the page.
                let (location, position) =
                    match self.images.iter().rposition(|image| image.page == page) {
                        Some(k) => {
                            let image = self.images.remove(k);
                            (image.location, image.position)
                        }
                        None => {
                            self.awaiting_image
                                .push_back((self.structure.figures.len(), page));
                            (self.location.clone(), self.next_paragraph)
                        }
                    };
                self.structure.figures.push(Figure {
                    number: label.number,
                    caption,
                    location,
                    page,
                    position,
                });
                next
            }
            LabelKind::Case(case_label) => {
                let (title, next) = self.case_title(i, label.title);
                self.start_case(case_label, label.number, title, line.page);
                next
            }
            LabelKind::Table | LabelKind::AppendixTable => self.take_table(i, label),
        }
    }

    /// A figure caption and the lines it wraps onto; captions never cross a page.
    fn caption(&self, i: usize, caption: String) -> (String, usize) {
        let page = self.lines[i].page;
        let mut block = Block::new(caption, &self.lines[i]);
        let mut j = i + 1;
        while self.lines.get(j).is_some_and(|next| next.page == page)
            && self.block_goes_on(&block, j)
        {
            block.push(&self.lines[j]);
            j += 1;
        }
        (block.text, j)
    }

    /// Whether the line after a label alone (`案例3`, `【案例】`) reads as its title: not
    /// structural, not body text, and long enough to name a subject (a wrapped title's
    /// last fragment, `新实践`, is not one).
    fn title_follows(&self, i: usize) -> bool {
        const SHORTEST_TITLE: usize = 4;
        self.lines.get(i + 1).is_some_and(|next| {
            !self.is_structural(next)
                && !self.gap_before(i + 1)
                && !reads_as_body(&next.text)
                && crate::text::compact(&next.text).chars().count() >= SHORTEST_TITLE
        })
    }

    /// A case title and the lines it wraps onto (across a page break if need be). A label
    /// alone on its line (`案例3`, `【案例】`) has its title on the next line.
    fn case_title(&self, mut i: usize, mut title: String) -> (String, usize) {
        if title.is_empty() {
            title = collapse_whitespace(&self.lines[i + 1].text);
            i += 1;
        }
        let mut block = Block::new(title, &self.lines[i]);
        let mut j = i + 1;
        while j - i <= 3 && j < self.lines.len() && self.block_goes_on(&block, j) {
            block.push(&self.lines[j]);
            j += 1;
        }
        (block.text, j)
    }

    /// Whether a title or caption read so far (`block`) goes on onto line `j`, judged by what tells a title from the text after it, never
    /// by where this extraction broke its lines:
    /// - it stops before a structural line, an image, a first-line indent, and once it
    ///   ends a sentence; a line that ends a clause (`，。；：`) or holds a sentence's end is
    ///   body text;
    /// - where the extraction marks block ends with trailing space, that mark decides;
    /// - an open bracket or quote goes on; a line that restates the title's subject (a
    ///   case's body starting with the school its title names), or a full line that
    ///   starts with a school's name, is the body;
    /// - a title wraps at its measure: after a line clearly shorter than its widest one it
    ///   has ended; it never goes on onto a line wider than its own (the body, set at the
    ///   column's measure), nor onto one as wide that holds a clause's comma (`，`: a
    ///   wrapped title's tail is narrower than its first line); a line filling the column goes on;
    ///   a title set narrower than the column (a centred caption, a box) goes on only onto
    ///   a line that is not full either.
    fn block_goes_on(&self, block: &Block, j: usize) -> bool {
        let (current, next) = (&self.lines[j - 1], &self.lines[j]);
        let text = block.text.as_str();
        if self.is_structural(next)
            || self.gap_before(j)
            || next.indented
            || ends_sentence(text)
            || ends_clause(&next.text)
        {
            return false;
        }
        if self.layout.trailing_space_marks_paragraphs {
            return !current.trailing_space;
        }
        if block.is_unbalanced() {
            return true;
        }
        if reads_as_body(&next.text) || restates_subject(text, &next.text) {
            return false;
        }
        if self.layout.is_full(next) && detect::leading_school_name(&next.text).is_some() {
            // A full line that opens with a school's name starts the body.
            return false;
        }
        let width = |line: &Line| display_width(&line.text);
        let measure = block.measure;
        if block.lines >= 2 && width(current) + WRAP_SLACK < measure {
            return false;
        }
        if width(next) > measure + WRAP_SLACK {
            // Wider than the title's own lines: the body, set at the column's measure.
            return false;
        }
        if width(next) + WRAP_SLACK >= measure && next.text.contains(['，', ',']) {
            // As wide as the title's line and holding a clause's comma: the body's first
            // line (a title's wrapped tail is narrower than its first line; a list of
            // names with `、` may fill a caption's middle line).
            return false;
        }
        self.layout.is_full(current) || !self.layout.is_full(next)
    }

    fn start_case(&mut self, label: CaseLabel, number: String, title: String, page: u32) {
        if self.mid_sentence() && self.suspended.is_none() {
            self.suspended = self.open.take();
        } else {
            self.close_paragraph();
        }
        self.close_case();
        self.case = Some(self.structure.cases.len());
        self.structure.cases.push(Case {
            // Given once every case is known (see `assign_case_ids`).
            id: String::new(),
            label,
            number,
            title,
            location: self.location.clone(),
            page,
            paragraphs: Vec::new(),
        });
    }
}

/// A line no title or caption continues with: it holds a sentence's end, starts with
/// closing punctuation, or is a footnote marker (alone, or glued to the punctuation
/// after it: `1，2022`).
fn reads_as_body(line: &str) -> bool {
    let normalized = crate::text::normalize(line);
    let after_digits = normalized.trim_start_matches(|c: char| c.is_ascii_digit());
    line.contains(['。', '；', '！', '？'])
        || line.starts_with(crate::text::is_closing_mark)
        || asides::marker_alone(line).is_some()
        || (after_digits.len() < normalized.len()
            && after_digits.starts_with(['，', '。', '；', '、', '：']))
}

/// The line starts with what the title starts with (a case's body often opens with the
/// school its title names): it is the body, not more title.
fn restates_subject(title: &str, line: &str) -> bool {
    const SUBJECT: usize = 6;
    let subject: String = title
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(SUBJECT)
        .collect();
    subject.chars().count() == SUBJECT
        && line
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(SUBJECT)
            .eq(subject.chars())
}

/// The brackets and quotes a title may leave open at a line's end.
const PAIRS: [(char, char); 5] = [
    ('“', '”'),
    ('（', '）'),
    ('《', '》'),
    ('(', ')'),
    ('「', '」'),
];

/// A title or caption being read: its text so far, its lines' widest display width (its
/// measure) and its brackets' balance, kept up to date as lines join so that judging the
/// next line costs the same however many lines came before (a run of thousands of
/// caption-like lines stays linear).
struct Block {
    text: String,
    /// Lines read, the first one included.
    lines: usize,
    measure: usize,
    /// Per pair of [`PAIRS`], openings less closings.
    open: [i64; PAIRS.len()],
}

impl Block {
    /// A block whose text so far is `text`, read from `first` (whose whole width counts).
    fn new(text: String, first: &Line) -> Block {
        let mut block = Block {
            text: String::new(),
            lines: 1,
            measure: display_width(&first.text),
            open: [0; PAIRS.len()],
        };
        block.count_brackets(&text);
        block.text = text;
        block
    }

    /// Joins the next line on.
    fn push(&mut self, line: &Line) {
        let collapsed = collapse_whitespace(&line.text);
        self.count_brackets(&collapsed);
        join_wrapped(&mut self.text, &collapsed);
        self.lines += 1;
        self.measure = self.measure.max(display_width(&line.text));
    }

    fn count_brackets(&mut self, text: &str) {
        for c in text.chars() {
            for (k, &(open, close)) in PAIRS.iter().enumerate() {
                self.open[k] += i64::from(c == open) - i64::from(c == close);
            }
        }
    }

    /// An opening quote or bracket without its closing one: the title goes on.
    fn is_unbalanced(&self) -> bool {
        self.open.iter().any(|&balance| balance > 0)
    }
}

impl Builder<'_> {
    /// Gives each case its id (see `Case::id`) and its paragraphs the id of their case.
    pub(super) fn assign_case_ids(&mut self) {
        let cases = &mut self.structure.cases;
        let mut printed: std::collections::HashMap<String, usize> = Default::default();
        for case in cases.iter() {
            *printed.entry(case.number.clone()).or_default() += 1;
        }
        for (k, case) in cases.iter_mut().enumerate() {
            case.id = if !case.number.is_empty() && printed[&case.number] == 1 {
                case.number.clone()
            } else {
                format!("n{}", k + 1)
            };
            for &index in &case.paragraphs {
                if let Ok(at) = self
                    .structure
                    .paragraphs
                    .binary_search_by_key(&index, |p| p.index)
                {
                    self.structure.paragraphs[at].case = Some(case.id.clone());
                }
            }
        }
    }
}
