//! Content streams inflated within the document's budget: a page's contents and form
//! XObjects, each stream used more than once (one content stream on every page, a form
//! drawn many times) inflated once and kept by its object id.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{DecompressError, Document, Object, ObjectId, Stream};

use super::budget::{Exceeded, Limit, Usage};

/// The largest a page's content (all its streams, decompressed) or a form may be.
const MAX_PAGE_CONTENT: usize = 64 * 1024 * 1024;

/// Inflated streams of one document.
pub struct Streams {
    /// How many pages use each content stream: one used by a single page is not kept.
    uses: HashMap<ObjectId, usize>,
    kept: HashMap<ObjectId, Rc<[u8]>>,
}

impl Streams {
    pub fn new(doc: &Document, pages: impl Iterator<Item = ObjectId>) -> Streams {
        let mut uses = HashMap::new();
        for page in pages {
            for id in doc.get_page_contents(page) {
                *uses.entry(id).or_insert(0) += 1;
            }
        }
        Streams {
            uses,
            kept: HashMap::new(),
        }
    }

    /// A page's content: its streams inflated, a line break after each, as lopdf joins
    /// them; empty when it is larger than a page may be (or none can be read).
    pub fn page(
        &mut self,
        doc: &Document,
        page: ObjectId,
        usage: &mut Usage,
    ) -> Result<Rc<[u8]>, Exceeded> {
        let mut parts = Vec::new();
        let mut total = 0usize;
        for id in doc.get_page_contents(page) {
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            let keep = self.uses.get(&id).is_some_and(|&n| n > 1);
            let Some(part) = self.inflated(Some(id), stream, keep, usage)? else {
                return Ok(Rc::from([]));
            };
            total += part.len() + 1;
            if total > MAX_PAGE_CONTENT {
                return Ok(Rc::from([]));
            }
            parts.push(part);
        }
        // One stream is used as it is: a stream shared by every page is not copied.
        if let [only] = parts.as_slice() {
            return Ok(only.clone());
        }
        let mut joined = Vec::with_capacity(total);
        for part in parts {
            joined.extend_from_slice(&part);
            joined.push(b'\n');
        }
        Ok(joined.into())
    }

    /// A form XObject's content, inflated once; its raw bytes when it cannot be inflated.
    pub fn form(
        &mut self,
        id: Option<ObjectId>,
        stream: &Stream,
        usage: &mut Usage,
    ) -> Result<Rc<[u8]>, Exceeded> {
        Ok(self
            .inflated(id, stream, true, usage)?
            .unwrap_or_else(|| stream.content.as_slice().into()))
    }

    /// A stream's content inflated and counted, or the one kept; `None` when it is
    /// damaged, or larger than one stream may be and its raw bytes too.
    fn inflated(
        &mut self,
        id: Option<ObjectId>,
        stream: &Stream,
        keep: bool,
        usage: &mut Usage,
    ) -> Result<Option<Rc<[u8]>>, Exceeded> {
        if let Some(kept) = id.and_then(|id| self.kept.get(&id)) {
            return Ok(Some(kept.clone()));
        }
        let left = usize::try_from(usage.left(Limit::InflatedBytes)).unwrap_or(usize::MAX);
        let content: Rc<[u8]> = match stream
            .decompressed_content_with_limit(MAX_PAGE_CONTENT.min(left))
        {
            Ok(content) => content.into(),
            Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. }))
                if left < MAX_PAGE_CONTENT =>
            {
                return Err(Exceeded(Limit::InflatedBytes));
            }
            Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                return Ok(None);
            }
            Err(_) if stream.content.len() <= MAX_PAGE_CONTENT => stream.content.as_slice().into(),
            Err(_) => return Ok(None),
        };
        usage.charge(Limit::InflatedBytes, content.len() as u64)?;
        if keep && let Some(id) = id {
            self.kept.insert(id, content.clone());
        }
        Ok(Some(content))
    }
}
