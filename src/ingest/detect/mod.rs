//! Proposals for what a person curates by hand: school names found as named entities,
//! candidate indicators, and what a report's title says about it. Everything here is a
//! candidate, marked unverified where it is written.

mod figures;
mod places;
mod schools;
mod title;

pub use figures::{
    CandidateIndicator, LONGEST_SENTENCE, MAX_CANDIDATES, candidate_indicators,
    candidates_within_limit,
};
pub(crate) use schools::leading_school_name;
pub use schools::{SchoolName, school_names};
pub use title::{TitleFacts, guess_title, read_title};
pub(crate) use title::{ends_a_title_part, is_year_line, names_a_report};
