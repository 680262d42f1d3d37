//! Issue 21: exports take a lock and land whole (staged, then swapped).
