//! A deck: the items a presentation shows, in order, each with an optional title. It is
//! read from a TOML file (`[[slide]]` tables with `item` and `title`, see docs/deck.md) or
//! made from the report: a title slide, the key figures, then each chapter followed by
//! its cases and the comparisons in it.

use serde::Deserialize;

use crate::model::{BreakdownKind, ItemRef, MAX_ID_CHARS, Report};

/// What one slide shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlideItem {
    /// The report's title, region and year.
    Title,
    /// A figure: its value in big digits, its change and its chart.
    Indicator(String),
    /// A chapter (0 for the preface): its sections and headline figures.
    Chapter(u32),
    /// A case study: school, first paragraph, the figures it quotes.
    Case(String),
    /// A chart of a breakdown, side by side with the one it is compared with.
    Breakdown(String),
}

impl SlideItem {
    /// The item's id, as written in a deck (`indicator:student-teacher-ratio`).
    pub fn id(&self) -> String {
        match self {
            SlideItem::Title => "title".to_string(),
            SlideItem::Indicator(id) => format!("indicator:{id}"),
            SlideItem::Chapter(0) => "preface".to_string(),
            SlideItem::Chapter(n) => format!("chapter:{n}"),
            SlideItem::Case(n) => format!("case:{n}"),
            SlideItem::Breakdown(id) => format!("breakdown:{id}"),
        }
    }

    /// The chapter the item belongs to (0 for the title and the preface), for placing a
    /// slide among others.
    pub fn chapter(&self, report: &Report) -> u32 {
        let s = &report.structure;
        match self {
            SlideItem::Title => 0,
            SlideItem::Chapter(n) => *n,
            SlideItem::Indicator(id) => report.indicator(id).map_or(0, |i| i.location.chapter),
            SlideItem::Case(n) => s.case(n).map_or(0, |c| c.location.chapter),
            SlideItem::Breakdown(id) => report
                .breakdown(id)
                .and_then(|b| b.members.first())
                .and_then(|m| report.indicator(m))
                .map_or(0, |i| i.location.chapter),
        }
    }
}

/// One slide of a deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlideSpec {
    pub item: SlideItem,
    /// Shown instead of the item's own title.
    pub title: Option<String>,
}

/// The slides of a presentation, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deck {
    pub slides: Vec<SlideSpec>,
}

/// What is wrong with a deck file, and on which line (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {}", crate::text::escape_controls(.message))]
pub struct DeckError {
    pub line: usize,
    pub message: String,
    /// The id that names nothing in the report, for a "did you mean".
    pub unknown_id: Option<String>,
}

/// The file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeckFile {
    #[serde(default)]
    slide: Vec<toml::Spanned<SlideEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SlideEntry {
    item: toml::Spanned<String>,
    title: Option<toml::Spanned<String>>,
}

/// The most a deck file may hold. A deck at the other limits (1000 slides, each titled
/// with 200 Chinese characters) is about 650 KB; past 1 MB is no deck a person wrote.
pub const MAX_DECK_BYTES: u64 = 1024 * 1024;

/// The most slides a deck may list. A talk has tens of slides (the Jiaxing report's own
/// deck has 35).
pub const MAX_SLIDES: usize = 1000;

/// The most characters a slide's title may have: a heading, a line or two on the slide.
/// (A title of a megabyte without a space took seconds to lay out, every frame.)
pub const MAX_TITLE_CHARS: usize = 200;

/// The line numbers of byte offsets in one text: where each line starts, found in one
/// pass, then each offset placed by a binary search. (Counting the newlines before each
/// slide from the start of the file made loading quadratic: 100,000 slides took a
/// minute.)
struct Lines {
    starts: Vec<usize>,
    /// How many line starts the lookups compared, for the test that loading is linear.
    probes: std::cell::Cell<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1);
        Lines {
            starts: std::iter::once(0).chain(newlines).collect(),
            probes: std::cell::Cell::new(0),
        }
    }

    /// The 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| {
            self.probes.set(self.probes.get() + 1);
            start <= offset
        })
    }
}

/// The kinds a slide can show, for messages.
pub const SLIDE_KINDS: &str =
    "title, indicator:<id>, chapter:N (or preface), case:N, breakdown:<id>";

impl Deck {
    /// Reads a deck file and checks every item against the report. A text larger than
    /// [`MAX_DECK_BYTES`] or listing more than [`MAX_SLIDES`] slides is refused; the
    /// time taken grows with the text's length, no faster.
    pub fn parse(text: &str, report: &Report) -> Result<Deck, DeckError> {
        if text.len() as u64 > MAX_DECK_BYTES {
            let limit = crate::dataset::size_text(MAX_DECK_BYTES);
            return Err(DeckError {
                line: 1,
                message: format!("larger than {limit}, the limit for a deck"),
                unknown_id: None,
            });
        }
        Deck::parse_lines(text, &Lines::new(text), report)
    }

    fn parse_lines(text: &str, lines: &Lines, report: &Report) -> Result<Deck, DeckError> {
        let error = |line, message: String| DeckError {
            line,
            message,
            unknown_id: None,
        };
        let file: DeckFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| lines.line(span.start));
            error(line, e.message().trim().to_string())
        })?;
        if file.slide.is_empty() {
            return Err(error(
                1,
                "the deck lists no slides; add [[slide]] tables with item = \"…\"".to_string(),
            ));
        }
        if let Some(first_over) = file.slide.get(MAX_SLIDES) {
            return Err(error(
                lines.line(first_over.span().start),
                format!(
                    "{} slides; a deck may list at most {MAX_SLIDES}",
                    file.slide.len()
                ),
            ));
        }
        let mut slides = Vec::with_capacity(file.slide.len());
        for entry in file.slide {
            let entry = entry.into_inner();
            let line = lines.line(entry.item.span().start);
            let id = entry.item.into_inner();
            let item = slide_item(id.trim(), report).map_err(|(message, unknown)| DeckError {
                line,
                message,
                unknown_id: unknown.then(|| id.trim().to_string()),
            })?;
            let title = entry.title.map(|t| title(t, lines)).transpose()?.flatten();
            slides.push(SlideSpec { item, title });
        }
        Ok(Deck { slides })
    }

    /// The deck made from the report: a title slide; one slide per key figure; then each
    /// chapter, followed by its cases and the comparisons (breakdowns compared with
    /// another) in it; comparisons outside any chapter last.
    pub fn for_report(report: &Report) -> Deck {
        let mut items = vec![SlideItem::Title];
        items.extend(
            report
                .key_indicators()
                .into_iter()
                .map(|i| SlideItem::Indicator(i.id.clone())),
        );
        let comparisons = comparisons(report);
        for chapter in &report.structure.chapters {
            items.push(SlideItem::Chapter(chapter.number));
            items.extend(
                report
                    .structure
                    .cases
                    .iter()
                    .filter(|c| c.location.chapter == chapter.number)
                    .map(|c| SlideItem::Case(c.id.clone())),
            );
            items.extend(
                comparisons
                    .iter()
                    .filter(|c| c.chapter(report) == chapter.number)
                    .cloned(),
            );
        }
        for comparison in comparisons {
            if !items.contains(&comparison) {
                items.push(comparison);
            }
        }
        Deck {
            slides: items
                .into_iter()
                .map(|item| SlideSpec { item, title: None })
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.slides.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slides.is_empty()
    }

    /// The slide to start at for an item of the report (the item the explorer is on): its
    /// own slide; else, for an item that can be a slide, one made for it and placed after
    /// the slides of its chapter; else the slide of its chapter, or the first.
    pub fn start_for(&mut self, report: &Report, item: &ItemRef) -> usize {
        let own = match item {
            ItemRef::Indicator(id) => Some(SlideItem::Indicator(id.clone())),
            ItemRef::Case(n) => Some(SlideItem::Case(n.clone())),
            ItemRef::Chapter(n) => Some(SlideItem::Chapter(*n)),
            ItemRef::Preface => Some(SlideItem::Chapter(0)),
            ItemRef::Breakdown(id) => Some(SlideItem::Breakdown(id.clone())),
            _ => None,
        };
        if let Some(own) = own {
            if let Some(at) = self.slides.iter().position(|s| s.item == own) {
                return at;
            }
            let chapter = own.chapter(report);
            // After the last slide of an earlier or the same chapter (never before the
            // title).
            let at = self
                .slides
                .iter()
                .rposition(|s| s.item.chapter(report) <= chapter)
                .map_or(0, |i| i + 1);
            self.slides.insert(
                at,
                SlideSpec {
                    item: own,
                    title: None,
                },
            );
            return at;
        }
        let chapter = chapter_of(report, item);
        chapter
            .and_then(|n| {
                self.slides
                    .iter()
                    .position(|s| s.item == SlideItem::Chapter(n))
                    .or_else(|| {
                        self.slides
                            .iter()
                            .position(|s| s.item != SlideItem::Title && s.item.chapter(report) == n)
                    })
            })
            .unwrap_or(0)
    }
}

/// A slide's own title, if it has one that is not blank and not too long.
fn title(title: toml::Spanned<String>, lines: &Lines) -> Result<Option<String>, DeckError> {
    let line = lines.line(title.span().start);
    let title = title.into_inner();
    let long = title.chars().count();
    if long > MAX_TITLE_CHARS {
        return Err(DeckError {
            line,
            message: format!(
                "a slide's title has at most {MAX_TITLE_CHARS} characters; this one has {long}"
            ),
            unknown_id: None,
        });
    }
    Ok((!title.trim().is_empty()).then_some(title))
}

/// The chapter an item sits in, where it has one.
fn chapter_of(report: &Report, item: &ItemRef) -> Option<u32> {
    let s = &report.structure;
    match item {
        ItemRef::Section(n) => s.section(n).map(|x| x.chapter),
        ItemRef::Figure(n) => s.figure(n).map(|x| x.location.chapter),
        ItemRef::Table(n) => s.table(n).map(|x| x.location.chapter),
        ItemRef::Footnote(n) => s.footnote(*n).map(|x| x.location.chapter),
        ItemRef::Paragraph(n) => s
            .paragraphs
            .get(n.saturating_sub(1))
            .map(|p| p.location.chapter),
        ItemRef::School(id) => report
            .school(id)
            .and_then(|x| x.mentions.first())
            .map(|&p| s.paragraphs[p].location.chapter),
        ItemRef::Partner(id) => report
            .partner(id)
            .and_then(|x| x.mentions.first())
            .map(|&p| s.paragraphs[p].location.chapter),
        _ => None,
    }
}

/// Breakdowns the report compares with another, one slide per pair.
fn comparisons(report: &Report) -> Vec<SlideItem> {
    let mut shown: Vec<&str> = Vec::new();
    let mut items = Vec::new();
    for breakdown in &report.breakdowns {
        let Some(other) = breakdown.compare_with.as_deref() else {
            continue;
        };
        if breakdown.kind != BreakdownKind::Compare
            || report.breakdown(other).is_none()
            || shown.contains(&other)
        {
            continue;
        }
        shown.push(&breakdown.id);
        items.push(SlideItem::Breakdown(breakdown.id.clone()));
    }
    items
}

/// A deck entry's item, checked against the report: the message and whether the id
/// names nothing (for a "did you mean").
fn slide_item(id: &str, report: &Report) -> Result<SlideItem, (String, bool)> {
    let long = id.chars().count();
    if long > MAX_ID_CHARS {
        return Err((
            format!("an item id has at most {MAX_ID_CHARS} characters; this one has {long}"),
            false,
        ));
    }
    if id == "title" {
        return Ok(SlideItem::Title);
    }
    let Some(item) = ItemRef::parse(id) else {
        return Err((
            format!("`{id}` is not an item id; a slide shows {SLIDE_KINDS}"),
            true,
        ));
    };
    let slide = match &item {
        ItemRef::Preface => SlideItem::Chapter(0),
        ItemRef::Chapter(n) => SlideItem::Chapter(*n),
        ItemRef::Case(n) => SlideItem::Case(n.clone()),
        ItemRef::Indicator(id) => SlideItem::Indicator(id.clone()),
        ItemRef::Breakdown(id) => SlideItem::Breakdown(id.clone()),
        _ => {
            return Err((
                format!("`{id}` cannot be a slide; a slide shows {SLIDE_KINDS}"),
                false,
            ));
        }
    };
    if report.resolve(&item).is_none() {
        return Err((format!("no item `{id}` in report {}", report.meta.id), true));
    }
    Ok(slide)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        crate::dataset::Dataset::embedded()
            .unwrap()
            .reports
            .remove(0)
    }

    #[test]
    fn line_numbers_count_from_one() {
        let lines = Lines::new("a\nb\nc");
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(1), 1, "a newline ends its own line");
        assert_eq!(lines.line(2), 2);
        assert_eq!(lines.line(99), 3);
        assert_eq!(Lines::new("").line(0), 1);
    }

    /// A deck of `n` slides, each on three lines, every fifth with a title.
    fn deck_text(n: usize) -> String {
        let items = [
            "title",
            "chapter:1",
            "case:7",
            "indicator:students-enrolled-2022",
        ];
        (0..n)
            .map(|i| match i % 5 {
                0 => format!(
                    "[[slide]]\nitem = \"{}\"\ntitle = \"第{i}张\"\n",
                    items[i % 4]
                ),
                _ => format!("[[slide]]\nitem = \"{}\"\n\n", items[i % 4]),
            })
            .collect()
    }

    #[test]
    fn placing_every_slide_on_its_line_costs_a_binary_search_each() {
        let report = report();
        for n in [10, MAX_SLIDES / 2, MAX_SLIDES] {
            let text = deck_text(n);
            let lines = Lines::new(&text);
            let deck = Deck::parse_lines(&text, &lines, &report).unwrap();
            assert_eq!(deck.len(), n);
            // A lookup for each item and title, each at most log2(lines) + 2
            // comparisons: counting newlines from the start of the text instead would
            // read half the text each.
            let lookups = n + n.div_ceil(5);
            let per_lookup = lines.starts.len().ilog2() as usize + 2;
            assert!(
                lines.probes.get() <= lookups * per_lookup,
                "{n} slides: {} comparisons",
                lines.probes.get()
            );
        }
    }

    #[test]
    fn a_deck_at_the_caps_loads_and_one_past_them_is_refused_at_its_first_extra_slide() {
        let report = report();
        assert_eq!(
            Deck::parse(&deck_text(MAX_SLIDES), &report).unwrap().len(),
            MAX_SLIDES
        );
        let text = deck_text(MAX_SLIDES + 1);
        let error = Deck::parse(&text, &report).unwrap_err();
        assert_eq!(error.message, "1001 slides; a deck may list at most 1000");
        // Slide 1001 starts on line 3001: three lines a slide.
        assert_eq!(error.line, 3 * MAX_SLIDES + 1);

        let padding = "# a comment to fill the file\n".repeat(MAX_DECK_BYTES as usize / 28);
        let over = format!("{}{padding}", deck_text(1));
        assert!(over.len() as u64 > MAX_DECK_BYTES);
        let error = Deck::parse(&over, &report).unwrap_err();
        assert_eq!(error.message, "larger than 1 MB, the limit for a deck");
        assert_eq!(error.line, 1);
        let at = &over[..MAX_DECK_BYTES as usize];
        assert_eq!(Deck::parse(at, &report).unwrap().len(), 1);
    }

    #[test]
    fn long_ids_and_titles_are_refused_on_their_line_before_any_lookup() {
        let report = report();
        let id = format!("indicator:{}", "a".repeat(MAX_ID_CHARS));
        let text = format!("[[slide]]\nitem = \"title\"\n[[slide]]\nitem = \"{id}\"\n");
        let error = Deck::parse(&text, &report).unwrap_err();
        assert_eq!(error.line, 4);
        assert_eq!(
            error.message,
            "an item id has at most 256 characters; this one has 266"
        );
        assert_eq!(error.unknown_id, None, "no \"did you mean\" for it");

        let at_cap = "标".repeat(MAX_TITLE_CHARS);
        let text = format!("[[slide]]\nitem = \"title\"\ntitle = \"{at_cap}\"\n");
        let deck = Deck::parse(&text, &report).unwrap();
        assert_eq!(deck.slides[0].title.as_deref(), Some(at_cap.as_str()));
        let text = format!("[[slide]]\nitem = \"title\"\n\ntitle = \"{at_cap}标\"\n");
        let error = Deck::parse(&text, &report).unwrap_err();
        assert_eq!(error.line, 4);
        assert_eq!(
            error.message,
            "a slide's title has at most 200 characters; this one has 201"
        );
    }

    #[test]
    fn the_default_deck_runs_title_figures_chapters_cases_comparisons() {
        let report = report();
        let deck = Deck::for_report(&report);
        let ids: Vec<String> = deck.slides.iter().map(|s| s.item.id()).collect();
        assert_eq!(ids[0], "title");
        assert_eq!(ids[1], "indicator:students-enrolled-2022");
        assert_eq!(ids[7], "chapter:1");
        let chapter_2 = ids.iter().position(|i| i == "chapter:2").unwrap();
        assert_eq!(ids[chapter_2 + 1], "case:1");
        // The specialty layout and the industry structure are one comparison, in 1.1.
        let comparisons: Vec<&String> =
            ids.iter().filter(|i| i.starts_with("breakdown:")).collect();
        assert_eq!(comparisons, ["breakdown:specialty-layout-ratio"]);
        assert!(
            ids.iter()
                .position(|i| i == "breakdown:specialty-layout-ratio")
                < Some(chapter_2)
        );
        assert_eq!(ids.iter().filter(|i| i.starts_with("case:")).count(), 19);
        assert_eq!(deck.len(), 1 + 6 + 8 + 19 + 1);
    }

    #[test]
    fn starting_at_an_item_finds_or_places_its_slide() {
        let report = report();
        let mut deck = Deck::for_report(&report);
        let length = deck.len();
        let at = deck.start_for(&report, &ItemRef::Case("7".into()));
        assert_eq!(deck.slides[at].item, SlideItem::Case("7".into()));
        let at = deck.start_for(&report, &ItemRef::Section("2.3".into()));
        assert_eq!(deck.slides[at].item, SlideItem::Chapter(2));
        assert_eq!(deck.len(), length, "nothing added for a found slide");
        // A figure without a slide gets one, after its chapter's slides.
        let at = deck.start_for(&report, &ItemRef::Indicator("schools-full-time".into()));
        assert_eq!(deck.len(), length + 1);
        assert_eq!(
            deck.slides[at].item,
            SlideItem::Indicator("schools-full-time".into())
        );
        assert_eq!(deck.slides[at + 1].item, SlideItem::Chapter(2));
    }
}
