//! Issue 21: text ingest is linear in time and bounded in memory.
