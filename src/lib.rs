//! nianbao: Chinese vocational-education quality reports as structured, source-linked
//! data. Data flows one way, each module using only those of lower layers:
//!
//! ```text
//! text ← model ← ingest / search / audit / concepts ← dataset ← app ← ui ← tui / export ← cli
//! ```
//!
//! The one table of layers is in docs/architecture.md (`tests/architecture.rs` holds the
//! code to it).

pub mod app;
pub mod audit;
pub mod cli;
pub mod compare;
pub mod concepts;
pub mod config;
pub mod dataset;
pub mod export;
pub mod ingest;
pub mod model;
pub mod palette;
pub mod parallel;
pub mod present;
pub mod search;
pub mod settings;
pub mod text;
pub mod tui;
pub mod ui;
