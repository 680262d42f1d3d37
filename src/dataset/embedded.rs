//! The default dataset, compiled into the binary so it works when copied alone to a server.

/// One embedded report directory: its path (for messages) and its files.
pub struct EmbeddedReport {
    pub directory: &'static str,
    pub files: &'static [(&'static str, &'static [u8])],
}

macro_rules! embed_report {
    ($dir:literal) => {
        EmbeddedReport {
            directory: concat!("data/reports/", $dir),
            files: &[
                (
                    "report.csv",
                    include_bytes!(concat!("../../data/reports/", $dir, "/report.csv")),
                ),
                (
                    "source.txt",
                    include_bytes!(concat!("../../data/reports/", $dir, "/source.txt")),
                ),
                (
                    "schools.csv",
                    include_bytes!(concat!("../../data/reports/", $dir, "/schools.csv")),
                ),
                (
                    "partners.csv",
                    include_bytes!(concat!("../../data/reports/", $dir, "/partners.csv")),
                ),
                (
                    "indicators.csv",
                    include_bytes!(concat!("../../data/reports/", $dir, "/indicators.csv")),
                ),
                (
                    "breakdowns.csv",
                    include_bytes!(concat!("../../data/reports/", $dir, "/breakdowns.csv")),
                ),
                (
                    "glossary.csv",
                    include_bytes!(concat!("../../data/reports/", $dir, "/glossary.csv")),
                ),
                (
                    "relations.csv",
                    include_bytes!(concat!("../../data/reports/", $dir, "/relations.csv")),
                ),
            ],
        }
    };
}

pub const REPORTS: &[EmbeddedReport] = &[embed_report!("jiaxing-2023")];
