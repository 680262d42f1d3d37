//! Issue 21: every command escapes the data-derived text it prints.
