//! Issue 21: the built-in PDF reader keeps a budget per document.
