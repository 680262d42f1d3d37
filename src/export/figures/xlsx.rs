//! Figures as a workbook for Excel or WPS: an `all` sheet and one sheet per concept,
//! each with a bold frozen header and filters, numbers as numbers (shown at their
//! printed precision), text as text (a string is never written as a formula). Each sheet
//! is written a row at a time to a temporary file (rust_xlsxwriter's constant-memory
//! mode), so the workbook's size does not decide nianbao's memory.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::{COLUMNS, Cell, Figure, FiguresError, Sink};
use crate::model::ReportMeta;

/// A sheet's rows, the header's included: Excel's limit.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// The characters a cell holds (UTF-16 units, as Excel counts): a longer text is cut
/// to this with `…` at its end.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The name of the sheet of every figure.
const ALL: &str = "all";

/// The most decimals a number's format shows its printed precision with.
const MOST_DECIMALS: usize = 10;

pub struct XlsxSink {
    file: BufWriter<File>,
    workbook: Workbook,
    all: Sheet,
    /// A sheet per concept, made when its first figure comes.
    concepts: HashMap<String, Sheet>,
    formats: Formats,
    limit: u32,
}

struct Sheet {
    worksheet: Worksheet,
    /// The next row to write (the header is row 0).
    row: u32,
}

/// The formats cells are written with, made once.
struct Formats {
    header: Format,
    /// `0`, `0.0`, `0.00`, … by the number of decimals printed.
    decimals: Vec<Format>,
    integer: Format,
}

impl XlsxSink {
    /// A workbook written into `file`; each sheet's rows wait in a temporary file in
    /// `scratch` (beside the target, so on its file system and not in memory).
    pub fn new(file: File, scratch: &Path) -> Result<XlsxSink, FiguresError> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(scratch)?;
        let formats = Formats {
            header: Format::new().set_bold(),
            decimals: (0..=MOST_DECIMALS)
                .map(|n| {
                    let fraction = if n == 0 {
                        String::new()
                    } else {
                        format!(".{}", "0".repeat(n))
                    };
                    Format::new().set_num_format(format!("0{fraction}"))
                })
                .collect(),
            integer: Format::new().set_num_format("0"),
        };
        let all = Sheet::new(&mut workbook, ALL, &formats)?;
        Ok(XlsxSink {
            file: BufWriter::new(file),
            workbook,
            all,
            concepts: HashMap::new(),
            formats,
            limit: MAX_SHEET_ROWS,
        })
    }

    /// The same, with a smaller row limit (for tests of the limit).
    #[cfg(test)]
    fn with_limit(mut self, limit: u32) -> XlsxSink {
        self.limit = limit;
        self
    }
}

impl Sink for XlsxSink {
    fn reports(&mut self, _reports: &[&ReportMeta]) -> Result<(), FiguresError> {
        Ok(())
    }

    fn figures(&mut self, figures: Vec<Figure>) -> Result<(), FiguresError> {
        for figure in &figures {
            self.all.push(figure, &self.formats, self.limit)?;
            let Some(concept) = &figure.concept else {
                continue;
            };
            if !self.concepts.contains_key(concept) {
                let sheet = Sheet::new(&mut self.workbook, concept, &self.formats)?;
                self.concepts.insert(concept.clone(), sheet);
            }
            if let Some(sheet) = self.concepts.get_mut(concept) {
                sheet.push(figure, &self.formats, self.limit)?;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), FiguresError> {
        let XlsxSink {
            mut file,
            mut workbook,
            all,
            concepts,
            ..
        } = *self;
        // `all` first, then the concepts in the vocabulary's order, each named once.
        let mut sheets = vec![all];
        let mut concepts: Vec<(String, Sheet)> = concepts.into_iter().collect();
        concepts.sort_by_key(|(id, _)| vocabulary_position(id));
        sheets.extend(concepts.into_iter().map(|(_, sheet)| sheet));
        let mut taken: Vec<String> = Vec::new();
        for mut sheet in sheets {
            let name = sheet_name(sheet.worksheet.name().as_str(), &taken);
            sheet.worksheet.set_name(&name)?;
            taken.push(name);
            sheet.finish()?;
            workbook.push_worksheet(sheet.worksheet);
        }
        workbook.save_to_writer(&mut file)?;
        file.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    }
}

/// Where a concept stands in the vocabulary (unknown ones last, by id).
fn vocabulary_position(id: &str) -> (usize, String) {
    let position = crate::concepts::vocabulary()
        .iter()
        .position(|c| c.id == id)
        .unwrap_or(usize::MAX);
    (position, id.to_string())
}

impl Sheet {
    /// A sheet with the header written; it is named for what it holds until the
    /// workbook is put together (see [`sheet_name`]).
    fn new(workbook: &mut Workbook, name: &str, formats: &Formats) -> Result<Sheet, FiguresError> {
        let mut worksheet = workbook.new_worksheet_with_constant_memory()?;
        // Kept whole for now: the name Excel may take is made when the sheets are known.
        worksheet.set_name(sheet_name(name, &[]))?;
        let mut sheet = Sheet { worksheet, row: 0 };
        sheet.worksheet.set_freeze_panes(1, 0)?;
        for (col, column) in COLUMNS.iter().enumerate() {
            let col = col as u16;
            sheet.worksheet.set_column_width(col, width(column.name))?;
            sheet
                .worksheet
                .write_string_with_format(0, col, column.name, &formats.header)?;
        }
        sheet.row = 1;
        Ok(sheet)
    }

    fn push(&mut self, figure: &Figure, formats: &Formats, limit: u32) -> Result<(), FiguresError> {
        if self.row >= limit {
            return Err(FiguresError::TooManyRows {
                sheet: self.worksheet.name(),
                limit,
            });
        }
        let row = self.row;
        let decimals = decimals(&figure.value).min(MOST_DECIMALS);
        for (col, cell) in figure.cells().enumerate() {
            let col = col as u16;
            let sheet = &mut self.worksheet;
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(row, col, fit_cell(text).as_ref())?;
                }
                Cell::Number(n) => {
                    sheet.write_number_with_format(row, col, n, &formats.decimals[decimals])?;
                }
                Cell::Integer(n) => {
                    sheet.write_number_with_format(row, col, n as f64, &formats.integer)?;
                }
                Cell::Boolean(b) => {
                    sheet.write_boolean(row, col, b)?;
                }
                Cell::Null => {}
            }
        }
        self.row += 1;
        Ok(())
    }

    /// Filters over the header and every row written.
    fn finish(&mut self) -> Result<(), FiguresError> {
        let last_row = self.row.saturating_sub(1);
        self.worksheet
            .autofilter(0, 0, last_row, (COLUMNS.len() - 1) as u16)?;
        Ok(())
    }
}

/// A column's width in characters: wide for the sentence and names, narrow for flags.
fn width(column: &str) -> f64 {
    match column {
        "sentence" => 60.0,
        "name" | "printed" => 24.0,
        "report" | "indicator" | "concept" => 20.0,
        "derived" | "verified" | "page" => 8.0,
        _ => 12.0,
    }
}

/// The decimals a number is printed with: `207.80` has two.
fn decimals(value: &str) -> usize {
    value
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
}

/// A text as a cell may hold it: whole, or cut to [`MAX_CELL_CHARS`] with `…` at its end.
fn fit_cell(text: &str) -> Cow<'_, str> {
    if text.encode_utf16().count() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    // `…` is one UTF-16 unit: cut on a character boundary one unit before the limit.
    let mut units = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > MAX_CELL_CHARS - 1
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}…", &text[..end]))
}

/// A sheet name Excel takes, from `wanted`: the characters it forbids (`[]:*?/\`)
/// replaced with `_`, no apostrophe at either end, at most 31 UTF-16 units, not
/// `History` (reserved), and none of the `taken` names (Excel compares them
/// case-insensitively; a clash gets `~2`, `~3`, … at the end).
pub fn sheet_name(wanted: &str, taken: &[String]) -> String {
    const LONGEST: usize = 31;
    let cleaned: String = wanted
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('\'');
    let base = if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        format!("_{cleaned}")
    } else {
        cleaned.to_string()
    };
    let is_taken = |name: &str| {
        taken
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
    };
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("~{n}")
            };
            let room = LONGEST - suffix.len();
            let mut units = 0;
            let head: String = base
                .chars()
                .take_while(|c| {
                    units += c.len_utf16();
                    units <= room
                })
                .collect();
            format!("{}{suffix}", head.trim_end_matches('\''))
        })
        .find(|name| !is_taken(name))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_ones_excel_takes_and_unique() {
        let long = "dual-qualified-share-of-vocational-teachers";
        let first = sheet_name(long, &[]);
        assert_eq!(first, "dual-qualified-share-of-vocatio");
        assert_eq!(first.len(), 31);
        let second = sheet_name(long, std::slice::from_ref(&first));
        assert_eq!(second, "dual-qualified-share-of-vocat~2");
        let third = sheet_name(long, &[first.to_uppercase(), second.clone()]);
        assert_eq!(third, "dual-qualified-share-of-vocat~3");
        assert_eq!(sheet_name("a[b]:c*d?e/f\\g", &[]), "a_b__c_d_e_f_g");
        assert_eq!(sheet_name("'quoted'", &[]), "quoted");
        assert_eq!(sheet_name("History", &[]), "_History");
        assert_eq!(sheet_name("", &[]), "_");
        for name in [
            first,
            second,
            third,
            sheet_name("生师比".repeat(20).as_str(), &[]),
        ] {
            rust_xlsxwriter::utility::check_sheet_name(&name).unwrap();
        }
    }

    #[test]
    fn long_text_is_cut_to_what_a_cell_holds() {
        let long = "数".repeat(MAX_CELL_CHARS + 5);
        let cut = fit_cell(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with("数…"));
        assert_eq!(fit_cell("207.80"), "207.80");
        assert_eq!(decimals("207.80"), 2);
        assert_eq!(decimals("15"), 0);
    }

    #[test]
    fn a_sheet_past_the_row_limit_is_refused_by_name() {
        let temp = tempfile::tempdir().unwrap();
        let file = File::create(temp.path().join("f.xlsx")).unwrap();
        let report = crate::dataset::Dataset::embedded()
            .unwrap()
            .reports
            .remove(0);
        let figures = super::super::figures(&report, None);
        let mut sink = XlsxSink::new(file, temp.path()).unwrap().with_limit(3);
        sink.figures(figures[..2].to_vec()).unwrap();
        let error = sink.figures(figures[2..3].to_vec()).unwrap_err();
        assert!(
            matches!(&error, FiguresError::TooManyRows { sheet, limit: 3 } if sheet == "all"),
            "{error}"
        );
        assert!(error.to_string().contains("--format parquet"), "{error}");
    }
}
