//! Clean text (from `extract`) → addressable paragraphs: part (body, annex I, appendix II…),
//! printed number ("25", "(a)", "㈠"), kind (text, heading, table), heading context and order,
//! plus the document's title and date.
