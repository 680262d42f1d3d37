//! `filter`: the search matcher as a shell tool, like `fzf --filter`. Lines stream in
//! batches that both cores match; only matching lines are kept, then printed best first.
//! A line and the whole input have caps, so input without newlines (`/dev/zero`, one huge
//! minified file) ends in an error instead of exhausting memory.

use std::cmp::Reverse;
use std::io::{self, BufRead, Read, Write};
use std::ops::Range;

use super::{MatchText, Query, Scratch};

/// Lines read per batch before matching them.
const BATCH_LINES: usize = 32 * 1024;

/// Bytes read per batch before matching them (a batch may end one line past it).
const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// The longest line `filter` reads, in bytes, without its newline: matching costs up to
/// line × query steps, and a line is held whole while it is matched.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// The most `filter` reads from its input, in bytes: matching lines are kept until the
/// input ends, to be printed best first.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

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
    let mut lines = BoundedLines::new(input);
    let mut line = Vec::new();
    loop {
        batch.clear();
        ranges.clear();
        while ranges.len() < BATCH_LINES && batch.len() < BATCH_BYTES && lines.next(&mut line)? {
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

fn pass_through(input: impl BufRead, mut output: impl Write) -> io::Result<usize> {
    let mut count = 0;
    let mut lines = BoundedLines::new(input);
    let mut line = Vec::new();
    while lines.next(&mut line)? {
        output.write_all(strip_carriage_return(&line))?;
        output.write_all(b"\n")?;
        count += 1;
    }
    output.flush()?;
    Ok(count)
}

/// Newline-separated lines of an input, each at most [`MAX_LINE_BYTES`] and all together
/// at most [`MAX_INPUT_BYTES`]; past either, an `InvalidData` error naming the cap.
struct BoundedLines<R> {
    input: R,
    /// Bytes read so far.
    read: u64,
    /// Lines read so far.
    lines: u64,
}

impl<R: BufRead> BoundedLines<R> {
    fn new(input: R) -> Self {
        BoundedLines {
            input,
            read: 0,
            lines: 0,
        }
    }

    /// Reads the next line into `line`, without its newline; false at the end.
    fn next(&mut self, line: &mut Vec<u8>) -> io::Result<bool> {
        line.clear();
        let limit = (MAX_LINE_BYTES as u64 + 1).min(MAX_INPUT_BYTES - self.read + 1);
        let count = Read::take(&mut self.input, limit).read_until(b'\n', line)?;
        self.read += count as u64;
        let ended = line.last() == Some(&b'\n');
        if ended {
            line.pop();
        }
        if line.len() > MAX_LINE_BYTES {
            return Err(too_much(format!(
                "line {} is longer than {MAX_LINE_BYTES} bytes (the most a line may have)",
                self.lines + 1
            )));
        }
        if self.read > MAX_INPUT_BYTES {
            return Err(too_much(format!(
                "the input is longer than {MAX_INPUT_BYTES} bytes (the most filter reads)"
            )));
        }
        self.lines += 1;
        Ok(count > 0)
    }
}

fn too_much(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
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
