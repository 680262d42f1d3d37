//! Plain data types for a quality report: its outline, text, cases, figures, tables,
//! footnotes, schools and indicators. No I/O happens here.

mod indicators;
mod relations;
mod report;
mod structure;
mod units;

pub use indicators::{Breakdown, BreakdownKind, Indicator, Qualifier, Scope};
pub use relations::{Measure, Operand, Relation, RelationKind};
pub use report::{
    GlossaryEntry, ItemRef, Level, MAX_ID_CHARS, Partner, Report, ReportMeta, School, UnknownLevel,
};
pub use structure::{
    Case, CaseLabel, Chapter, Figure, Footnote, FootnoteRef, Location, Paragraph, Section,
    Structure, Table,
};
pub use units::{FALL_WORDS, is_rate, split_number};
