//! Issue 21: deck files are bounded (size, slides, kind) and load in linear time.
