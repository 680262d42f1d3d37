//! nianbao: Chinese vocational-education quality reports as structured, source-linked
//! data. Data flows one way: source text → [`ingest`] → [`model`] → [`dataset`].

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
pub mod parallel;
pub mod present;
pub mod search;
pub mod text;
pub mod tui;
pub mod ui;
