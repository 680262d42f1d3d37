//! The resource budget of one document: what reading a PDF may cost in pages, inflated
//! bytes, content run, operators, ToUnicode mappings and glyphs, so that a small crafted
//! file cannot make the reader run for minutes or fill memory (issue 21).

/// The most pages a document may have.
pub const MAX_PAGES: u64 = 10_000;
/// The most bytes the reader may inflate (decompress) from a document's streams: page
/// content, form XObjects and ToUnicode maps. A stream used again (one content stream on
/// every page, a form drawn many times) is inflated once and counts once.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;
/// The most content-stream bytes the reader may interpret: unlike inflated bytes, a
/// stream counts each time it is run (a shared page content once per page, a form each
/// time it is drawn), so a stream of nothing but spaces shared by every page is bounded.
pub const MAX_CONTENT_BYTES: u64 = 1024 * 1024 * 1024;
/// The most content operators the reader may execute, a form XObject's counted each time
/// it is drawn (forms drawing forms several times grow as fan-out to the depth).
pub const MAX_OPERATORS: u64 = 20_000_000;
/// The most character codes a document's ToUnicode maps may map, a `bfrange` counting
/// every code of its range.
pub const MAX_CMAP_MAPPINGS: u64 = 2_000_000;
/// The most glyphs the reader may place: the glyphs of every text-showing operator.
pub const MAX_GLYPHS: u64 = 5_000_000;
/// The most glyphs one page may place: a page's glyphs are held until it is laid out.
pub const MAX_PAGE_GLYPHS: u64 = 1_000_000;
/// The most bytes of text the glyphs may stand for (a ToUnicode map can map one code to
/// many characters): what bounds the text written.
pub const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// One of the limits of [`Usage`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Pages,
    InflatedBytes,
    ContentBytes,
    Operators,
    CmapMappings,
    Glyphs,
    PageGlyphs,
    TextBytes,
}

impl Limit {
    pub const ALL: [Limit; 8] = [
        Limit::Pages,
        Limit::InflatedBytes,
        Limit::ContentBytes,
        Limit::Operators,
        Limit::CmapMappings,
        Limit::Glyphs,
        Limit::PageGlyphs,
        Limit::TextBytes,
    ];

    /// The most a document may use.
    pub fn max(self) -> u64 {
        match self {
            Limit::Pages => MAX_PAGES,
            Limit::InflatedBytes => MAX_INFLATED_BYTES,
            Limit::ContentBytes => MAX_CONTENT_BYTES,
            Limit::Operators => MAX_OPERATORS,
            Limit::CmapMappings => MAX_CMAP_MAPPINGS,
            Limit::Glyphs => MAX_GLYPHS,
            Limit::PageGlyphs => MAX_PAGE_GLYPHS,
            Limit::TextBytes => MAX_TEXT_BYTES,
        }
    }

    /// What is counted, as the error message and docs/dataset.md name it.
    pub fn what(self) -> &'static str {
        match self {
            Limit::Pages => "pages",
            Limit::InflatedBytes => "bytes inflated from its streams",
            Limit::ContentBytes => "bytes of content streams run",
            Limit::Operators => "content operators run",
            Limit::CmapMappings => "character codes mapped by ToUnicode maps",
            Limit::Glyphs => "glyphs placed",
            Limit::PageGlyphs => "glyphs placed on one page",
            Limit::TextBytes => "bytes of text",
        }
    }
}

impl std::fmt::Display for Limit {
    /// "10,000 pages per document": the limit as the message names it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scope = if *self == Limit::PageGlyphs {
            ""
        } else {
            " per document"
        };
        write!(f, "{} {}{scope}", grouped(self.max()), self.what())
    }
}

/// A number with its thousands separated by commas (`20,000,000`).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A limit a document went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exceeded(pub Limit);

/// What reading a document has used so far of each limit.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub pages: u64,
    pub inflated_bytes: u64,
    pub content_bytes: u64,
    pub operators: u64,
    pub cmap_mappings: u64,
    pub glyphs: u64,
    /// The most on any one page.
    pub page_glyphs: u64,
    pub text_bytes: u64,
}

impl Usage {
    /// How much of `limit` is used.
    pub fn of(&self, limit: Limit) -> u64 {
        match limit {
            Limit::Pages => self.pages,
            Limit::InflatedBytes => self.inflated_bytes,
            Limit::ContentBytes => self.content_bytes,
            Limit::Operators => self.operators,
            Limit::CmapMappings => self.cmap_mappings,
            Limit::Glyphs => self.glyphs,
            Limit::PageGlyphs => self.page_glyphs,
            Limit::TextBytes => self.text_bytes,
        }
    }

    fn counter(&mut self, limit: Limit) -> &mut u64 {
        match limit {
            Limit::Pages => &mut self.pages,
            Limit::InflatedBytes => &mut self.inflated_bytes,
            Limit::ContentBytes => &mut self.content_bytes,
            Limit::Operators => &mut self.operators,
            Limit::CmapMappings => &mut self.cmap_mappings,
            Limit::Glyphs => &mut self.glyphs,
            Limit::PageGlyphs => &mut self.page_glyphs,
            Limit::TextBytes => &mut self.text_bytes,
        }
    }

    /// Counts `amount` against `limit`, or says the document went over it.
    pub fn charge(&mut self, limit: Limit, amount: u64) -> Result<(), Exceeded> {
        let counter = self.counter(limit);
        *counter = counter.saturating_add(amount);
        if *counter > limit.max() {
            return Err(Exceeded(limit));
        }
        Ok(())
    }

    /// Records `amount` of a limit that holds for each part on its own (a page), keeping
    /// the most, or says it is over.
    pub fn most(&mut self, limit: Limit, amount: u64) -> Result<(), Exceeded> {
        let counter = self.counter(limit);
        *counter = (*counter).max(amount);
        if amount > limit.max() {
            return Err(Exceeded(limit));
        }
        Ok(())
    }

    /// How much of `limit` is left.
    pub fn left(&self, limit: Limit) -> u64 {
        limit.max().saturating_sub(self.of(limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_charge_past_the_limit_is_refused_naming_it() {
        let mut usage = Usage::default();
        assert_eq!(usage.charge(Limit::Pages, MAX_PAGES), Ok(()));
        assert_eq!(usage.left(Limit::Pages), 0);
        assert_eq!(
            usage.charge(Limit::Pages, 1),
            Err(Exceeded(Limit::Pages)),
            "one more page is over"
        );
        assert_eq!(Limit::Pages.to_string(), "10,000 pages per document");
        assert_eq!(
            Limit::PageGlyphs.to_string(),
            "1,000,000 glyphs placed on one page"
        );
        assert_eq!(grouped(20_000_000), "20,000,000");
        assert_eq!(grouped(999), "999");
    }
}
