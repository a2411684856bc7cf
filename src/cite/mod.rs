//! The citation grammar (Chinese and English): finds references to UN documents and their
//! paragraphs in text, canonicalizes symbols, completes bare resolution numbers with their year,
//! and expands paragraph lists and ranges.
