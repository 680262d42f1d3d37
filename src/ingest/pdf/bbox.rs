//! pdftotext's word boxes (`pdftotext -bbox-layout`, XHTML) laid out by the built-in
//! reader's geometry, so that tables, footnote markers and columns come out the same
//! whichever engine read the PDF. Ruling lines are not in the boxes: ruled tables are
//! found from their columns of words, as unruled ones are.

use super::lines::{Word, write_words};

/// At most this many XML nodes are read (a page of words is a few thousand).
const MAX_NODES: u32 = 50_000_000;

/// pdftotext's word boxes could not be read: its XHTML is not well formed (or too large).
#[derive(Debug, thiserror::Error)]
#[error("pdftotext's word boxes are not readable XHTML: {0}")]
pub struct WordBoxError(#[from] roxmltree::Error);

/// The pdftotext to run: `NIANBAO_PDFTOTEXT` when set (a path), else `pdftotext` from
/// the PATH. The tests ask for it as `ingest --pdf-engine pdftotext` does.
pub fn pdftotext_program() -> std::ffi::OsString {
    std::env::var_os("NIANBAO_PDFTOTEXT")
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "pdftotext".into())
}

/// pdftotext asked for the word boxes of `pdf`, as UTF-8 XHTML on standard output: what
/// [`text_from_word_boxes`] reads.
pub fn word_boxes_command(pdf: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new(pdftotext_program());
    command
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-");
    command
}

/// The text of the pages of a `pdftotext -bbox-layout` document, a form feed after each
/// page; or why it could not be read.
pub fn text_from_word_boxes(xhtml: &str) -> Result<String, WordBoxError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        entity_resolver: None,
    };
    let document = roxmltree::Document::parse_with_options(xhtml, options)?;
    let number = |node: roxmltree::Node, name: &str| {
        node.attribute(name)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite())
    };
    let mut text = String::new();
    for page in document
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "page")))
    {
        let width = number(page, "width").unwrap_or(595.0);
        let height = number(page, "height").unwrap_or(842.0);
        let words: Vec<Word> = page
            .descendants()
            .filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "word")))
            .filter_map(|word| {
                let content: String = word
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                Word::from_box(
                    &content,
                    number(word, "xMin")?,
                    number(word, "yMin")?,
                    number(word, "xMax")?,
                    number(word, "yMax")?,
                )
            })
            .collect();
        write_words(words, &[], width, height, &mut text);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boxes_are_laid_out_with_markers_and_tables() {
        let xhtml = r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml"><body><doc>
<page width="595" height="842"><flow><block><line>
<word xMin="78" yMin="138.5" xMax="162" yMax="149">中职学校</word>
<word xMin="162" yMin="134.7" xMax="166.7" yMax="143.3">1</word>
<word xMin="166.7" yMin="138.5" xMax="177.2" yMax="149">。</word>
</line></block></flow>
<flow><block><line><word xMin="78" yMin="170" xMax="120" yMax="180">专业大类</word><word xMin="200" yMin="170" xMax="230" yMax="180">专业数</word></line></block></flow>
<flow><block><line><word xMin="78" yMin="188" xMax="120" yMax="198">装备制造</word><word xMin="200" yMin="188" xMax="205" yMax="198">4</word></line></block></flow>
<flow><block><line><word xMin="78" yMin="206" xMax="120" yMax="216">电子信息</word><word xMin="200" yMin="206" xMax="205" yMax="216">3</word></line></block></flow>
</page><page width="595" height="842"></page></doc></body></html>"#;
        assert_eq!(
            text_from_word_boxes(xhtml).unwrap(),
            "中职学校¹。\n专业大类\t专业数\n装备制造\t4\n电子信息\t3\n\n\u{c}\u{c}"
        );
        assert!(text_from_word_boxes("<html").is_err());
    }
}
