//! The integration tests, linked as one binary (one link instead of one per file): one
//! module per area, sharing the helpers in `support`. Run one area with
//! `cargo test --test it -- ui_render::`.

mod support;

mod app_actions;
mod audit;
mod audit_app;
mod audit_ingest;
mod batch_ingest;
mod broken_reports;
mod cli;
mod collection_index;
mod collection_index_commands;
mod compare;
mod compare_app;
mod corpus;
mod curation;
mod export;
mod export_figures;
mod glossary;
mod hostile_deck;
mod hostile_export;
mod hostile_input;
mod hostile_output;
mod hostile_pdf;
mod hostile_prints;
mod hostile_text;
mod index_search;
mod ingest_cli;
mod ingest_robustness;
mod ingest_variants;
mod mutation;
mod outline_levels;
mod pdf_boxes;
mod pdf_engines;
mod pdf_geometry;
mod present;
mod pty_end_to_end;
mod relayout;
mod relayout_narrow;
mod scale;
mod search_queries;
mod seed_dataset;
mod terminal_bytes;
mod ui_render;
mod wrapping;
