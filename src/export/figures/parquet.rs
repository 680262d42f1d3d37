//! Figures as a Parquet file (DuckDB, pandas, Spark read it): one flat schema from
//! [`COLUMNS`] (text as UTF-8 strings, the number as a double, the page as a 64-bit
//! integer, flags as booleans; nullable columns optional), snappy-compressed, written
//! with the crate's low-level column writers a row group of [`ROW_GROUP_ROWS`] at a
//! time, so memory holds one row group whatever the collection's size.

use std::fs::File;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DataType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::parser::parse_message_type;

use super::{COLUMNS, Cell, Figure, FiguresError, Kind, Sink};
use crate::model::ReportMeta;

/// Rows held before they are written as one row group.
pub const ROW_GROUP_ROWS: usize = 16_384;

pub struct ParquetSink {
    writer: SerializedFileWriter<File>,
    rows: Vec<Figure>,
}

impl ParquetSink {
    pub fn new(file: File) -> Result<ParquetSink, FiguresError> {
        let schema = Arc::new(parse_message_type(&schema())?);
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("nianbao {}", env!("NIANBAO_VERSION")))
            .build();
        let writer = SerializedFileWriter::new(file, schema, Arc::new(properties))?;
        Ok(ParquetSink {
            writer,
            rows: Vec::new(),
        })
    }

    /// Writes the rows held as one row group, column by column.
    fn flush(&mut self) -> Result<(), FiguresError> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut group = self.writer.next_row_group()?;
        let mut index = 0;
        while let Some(mut column) = group.next_column()? {
            let (defs, present) = levels(&self.rows, index);
            let defs = COLUMNS[index].nullable.then_some(defs.as_slice());
            let cells = present.iter().map(|&row| self.rows[row].cell(index));
            match COLUMNS[index].kind {
                Kind::Text => write::<ByteArrayType>(&mut column, cells.map(bytes), defs)?,
                Kind::Number => write::<DoubleType>(&mut column, cells.map(number), defs)?,
                Kind::Integer => write::<Int64Type>(&mut column, cells.map(integer), defs)?,
                Kind::Boolean => {
                    write::<BoolType>(&mut column, cells.map(|c| c == Cell::Boolean(true)), defs)?
                }
            }
            column.close()?;
            index += 1;
        }
        group.close()?;
        self.rows.clear();
        Ok(())
    }
}

impl Sink for ParquetSink {
    fn reports(&mut self, _reports: &[&ReportMeta]) -> Result<(), FiguresError> {
        Ok(())
    }

    fn figures(&mut self, figures: Vec<Figure>) -> Result<(), FiguresError> {
        for figure in figures {
            self.rows.push(figure);
            if self.rows.len() >= ROW_GROUP_ROWS {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), FiguresError> {
        self.flush()?;
        self.writer.into_inner()?;
        Ok(())
    }
}

/// Writes a column's values (the rows that have one) with its definition levels.
fn write<T: DataType>(
    column: &mut SerializedColumnWriter<'_>,
    values: impl Iterator<Item = T::T>,
    defs: Option<&[i16]>,
) -> Result<(), FiguresError> {
    let values: Vec<T::T> = values.collect();
    column.typed::<T>().write_batch(&values, defs, None)?;
    Ok(())
}

fn bytes(cell: Cell) -> ByteArray {
    let text = if let Cell::Text(text) = cell {
        text
    } else {
        ""
    };
    ByteArray::from(text.as_bytes().to_vec())
}

fn number(cell: Cell) -> f64 {
    if let Cell::Number(n) = cell { n } else { 0.0 }
}

fn integer(cell: Cell) -> i64 {
    if let Cell::Integer(n) = cell { n } else { 0 }
}

/// Column `index`'s definition levels (1 where a row has a value, 0 where it is null)
/// and the rows that have one.
fn levels(rows: &[Figure], index: usize) -> (Vec<i16>, Vec<usize>) {
    let mut defs = Vec::with_capacity(rows.len());
    let mut present = Vec::with_capacity(rows.len());
    for (row, figure) in rows.iter().enumerate() {
        let null = figure.cell(index) == Cell::Null;
        defs.push(i16::from(!null));
        if !null {
            present.push(row);
        }
    }
    (defs, present)
}

/// The Parquet schema of [`COLUMNS`].
fn schema() -> String {
    let fields: Vec<String> = COLUMNS
        .iter()
        .map(|column| {
            let repetition = if column.nullable {
                "optional"
            } else {
                "required"
            };
            let kind = match column.kind {
                Kind::Text => "binary",
                Kind::Number => "double",
                Kind::Integer => "int64",
                Kind::Boolean => "boolean",
            };
            let annotation = if column.kind == Kind::Text {
                " (STRING)"
            } else {
                ""
            };
            format!("  {repetition} {kind} {}{annotation};", column.name)
        })
        .collect();
    format!("message figures {{\n{}\n}}", fields.join("\n"))
}
