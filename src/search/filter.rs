//! `filter`: the search matcher as a shell tool, like `fzf --filter`. Lines stream in
//! batches that both cores match; only matching lines are kept, then printed best first.

use std::cmp::Reverse;
use std::io::{self, BufRead, Write};
use std::ops::Range;

use super::{MatchText, Query, Scratch};

/// Lines read per batch before matching them.
const BATCH_LINES: usize = 32 * 1024;

/// Matching lines, their scores and positions, stored in one buffer.
#[derive(Default)]
struct Kept {
    bytes: Vec<u8>,
    /// (score, line number, range in `bytes`)
    lines: Vec<(u32, usize, Range<usize>)>,
}

/// Reads newline-separated lines, writes those matching `query` best first (ties in input
/// order); an empty query passes every line through in order. Lines that are not UTF-8
/// are matched as far as they read and written back unchanged. Returns how many matched.
pub fn filter(query: &str, input: impl BufRead, mut output: impl Write) -> io::Result<usize> {
    if Query::new(query).is_empty() {
        return pass_through(input, output);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let mut kept = Kept::default();
    let mut batch = Vec::new();
    let mut ranges = Vec::new();
    let mut first_line = 0;
    let mut lines = input.split(b'\n');
    loop {
        batch.clear();
        ranges.clear();
        for line in lines.by_ref().take(BATCH_LINES) {
            let line = line?;
            let start = batch.len();
            batch.extend_from_slice(strip_carriage_return(&line));
            ranges.push(start..batch.len());
        }
        if ranges.is_empty() {
            break;
        }
        let scores = score_batch(query, &batch, &ranges, threads);
        for (offset, score) in scores.into_iter().enumerate() {
            if let Some(score) = score {
                let start = kept.bytes.len();
                kept.bytes.extend_from_slice(&batch[ranges[offset].clone()]);
                kept.lines
                    .push((score, first_line + offset, start..kept.bytes.len()));
            }
        }
        first_line += ranges.len();
    }
    kept.lines
        .sort_by_key(|(score, line, _)| (Reverse(*score), *line));
    for (_, _, range) in &kept.lines {
        output.write_all(&kept.bytes[range.clone()])?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(kept.lines.len())
}

/// Scores each line of the batch, splitting it across threads.
fn score_batch(
    query: &str,
    batch: &[u8],
    ranges: &[Range<usize>],
    threads: usize,
) -> Vec<Option<u32>> {
    let chunk = ranges.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = ranges
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let query = Query::new(query);
                    let mut scratch = Scratch::default();
                    let mut text = MatchText::new("");
                    part.iter()
                        .map(|range| {
                            text.set(&String::from_utf8_lossy(&batch[range.clone()]));
                            query.score_text(&text, &mut scratch)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("a matching thread does not panic"))
            .collect()
    })
}

fn pass_through(mut input: impl BufRead, mut output: impl Write) -> io::Result<usize> {
    let mut count = 0;
    let mut line = Vec::new();
    while input.read_until(b'\n', &mut line)? > 0 {
        output.write_all(strip_carriage_return(
            line.strip_suffix(b"\n").unwrap_or(&line),
        ))?;
        output.write_all(b"\n")?;
        line.clear();
        count += 1;
    }
    output.flush()?;
    Ok(count)
}

fn strip_carriage_return(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(query: &str, input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        filter(query, input, &mut out).unwrap();
        out
    }

    #[test]
    fn prints_matching_lines_best_first_with_pinyin() {
        let out = run(
            "jxjs",
            "海宁卫生学校\n在嘉兴技师学院开课\n嘉兴技师学院\nreadme.txt\n".as_bytes(),
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "嘉兴技师学院\n在嘉兴技师学院开课\n"
        );
    }

    #[test]
    fn invalid_utf8_lines_are_matched_and_written_back_unchanged() {
        let out = run("abc", b"x\xffabc\nnope\r\nabc\r\n");
        assert_eq!(out, b"abc\nx\xffabc\n");
    }

    #[test]
    fn an_empty_query_passes_every_line() {
        assert_eq!(run("", b"b\na\n"), b"b\na\n");
        assert_eq!(
            run("  ", b"last-without-newline"),
            b"last-without-newline\n"
        );
    }
}
