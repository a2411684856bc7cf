//! Clean text (from `extract`) → addressable paragraphs: part (body, annex I, appendix II…),
//! printed number ("25", "2(a)", "6(c)(i)"), kind (text, heading, table), heading context and
//! order, plus the document's title and date.
//!
//! Input contract (see `extract`): one logical block per line. Blank lines are ignored, and so
//! are lines of page furniture that survived extraction.
//!
//! Choices, so that `(symbol, lang, part, number)` addresses what citations name:
//! - A numbered paragraph "12. text" gets number "12" (printed number without its period).
//! - Sub-items are their own paragraphs, kept out of the parent's text: "(a) …" after ¶2 is
//!   `2(a)`; "(i) …" (or Chinese "㈠ …", "(一) …") after it is `2(a)(i)`. When ¶6 ends with an
//!   inline "(c) …:" and the roman items follow on their own lines, they are `6(c)(i)`. Chinese
//!   parenthesized numerals are written in roman form so the address is the same in both
//!   languages. Items before any numbered paragraph are `(a)`, `(i)`.
//! - Parts: "附件一"/"Annex I" → `annex-1`, "附文二"/"Enclosure II" → `enclosure-2`, "Appendix II" → `appendix-2`,
//!   "Enclosure" → `enclosure-1`; a bare marker takes the next free ordinal of its kind.
//!   Enclosures printed inside an annex (S/2022/529's 附文 inside 附件一) are parts of their own
//!   (`enclosure-N`), not nested keys. Numbering restarts in each part. The marker line itself is
//!   kept as a heading paragraph of the part it opens.
//! - Headings (section numerals "一. 导言", "I. Introduction", "A. …"; all-capital lines; an
//!   annex's title lines; short lines without final punctuation right before a numbered paragraph
//!   or a numbered heading) are `Heading` paragraphs with no number; their text keeps the
//!   section numeral.
//! - In an appendix, unnumbered lines after its title are table rows (`Table`); so is every
//!   line holding cells that `extract` read column by column (one row, cells joined by
//!   [`TABLE_CELL_JOINER`], unnumbered).
//! - Masthead lines and resolution header lines ("Resolution 2768 (2025)", "Adopted by the
//!   Security Council at its … meeting, on …", "[S/3538]") are not paragraphs; they give the title
//!   and the date. Other documents' title lines under the masthead are kept as heading paragraphs.
//! - Unnumbered text after a numbered paragraph (a continuation after its list) stays unnumbered.
//! - Old resolutions divided into sections "A", "B", "C" restart their numbering in each
//!   section; the `heading` field tells the sections apart.

mod masthead;
mod numbering;
mod parts;
mod signature;
mod toc;

pub use masthead::find_date;
pub use numbering::{Marker, split_marker};
pub use parts::{PartKind, PartMarker, parse_part_marker};
pub use toc::{has_dot_leaders, toc_lines};

use crate::extract::CELL_SEPARATOR;
use crate::model::chars::{ends_clause, is_cjk};
use crate::model::{DocType, Document, Lang, Paragraph, ParagraphKind, Symbol};
use numbering::{is_roman_lower, next_roman, trailing_inline_letter};
use parts::PartNumbering;

/// Joins the cells of a table row (a line holding [`CELL_SEPARATOR`]s) in its paragraph text:
/// "1. Given the growing concern … | 130 | The Committee agreed …".
pub const TABLE_CELL_JOINER: &str = " | ";

/// Splits clean text into the paragraphs of one document, with its title and date.
/// Never panics; every returned paragraph has non-empty text and `paragraphs[i].seq == i`.
pub fn segment(text: &str, symbol: &Symbol, lang: Lang) -> Document {
    let mut lines: Vec<&str> = Vec::new();
    for mut line in text.lines().map(clean_line).map(strip_job_number) {
        // Contents lines glued to each other or to the text after them are separate lines.
        while let Some(at) = toc::glued_after_leaders(line) {
            lines.push(line[..at].trim_end());
            line = &line[at..];
        }
        if !line.is_empty() && !masthead::is_furniture_line(line, symbol) {
            lines.push(line);
        }
    }
    let mut header = read_header(&lines, symbol);
    drop_running_titles(&lines, symbol, &mut header);
    let toc = toc_lines(&lines, &header.consumed);
    let not_flow: Vec<bool> = header
        .consumed
        .iter()
        .zip(&toc)
        .map(|(&consumed, &toc)| consumed || toc)
        .collect();
    let heading_before_numbered = headings_before_numbered(&lines, &not_flow);
    let next_numbers = next_arabic_numbers(&lines, &not_flow);

    let mut builder = Builder::new(lang);
    for (index, line) in lines.iter().enumerate() {
        if header.consumed[index] {
            continue;
        }
        if toc[index] {
            builder.push_toc(line);
            continue;
        }
        if header.title_lines.contains(&index) {
            builder.push_document_title(line);
            continue;
        }
        if line.contains(CELL_SEPARATOR) {
            builder.push_table_row(line);
            continue;
        }
        builder.next_number = next_numbers[index].clone();
        builder.push_line(line, heading_before_numbered[index]);
    }
    let mut paragraphs = builder.finish();
    if matches!(
        DocType::of(symbol),
        DocType::ScResolution | DocType::GaResolution
    ) {
        number_preamble(&mut paragraphs);
    }

    let title = header
        .title
        .or_else(|| {
            paragraphs
                .iter()
                .find(|p| p.kind == ParagraphKind::Heading && p.part.is_none())
                .map(|p| p.text.clone())
        })
        .or_else(|| paragraphs.first().map(|p| truncate_chars(&p.text, 120)))
        .unwrap_or_else(|| symbol.as_str().to_string());
    Document {
        symbol: symbol.clone(),
        lang,
        title,
        date: header.date,
        doc_type: DocType::of(symbol),
        paragraphs,
    }
}

/// Drops a job number glued to the start of a line at a page break ("25-03579* (E) based
/// violence in conflict…", S/RES/2776(2025)): the text after it continues the paragraph above.
fn strip_job_number(line: &str) -> &str {
    let b = line.as_bytes();
    let is_job = b.len() > 9
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2] == b'-'
        && b[3..8].iter().all(u8::is_ascii_digit)
        && !b[8].is_ascii_digit();
    if !is_job {
        return line;
    }
    let mut rest = line[8..].trim_start_matches('*').trim_start();
    if let Some(after) = rest.strip_prefix('(')
        && let Some(close) = after.find(')')
        && close <= 2
    {
        rest = after[close + 1..].trim_start();
    }
    if rest.is_empty() { line } else { rest }
}

/// Trims white space, including ideographic spaces, no-break spaces and a byte-order mark.
fn clean_line(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{a0}')
}

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// What the top of the document says: which lines are masthead or resolution header (not
/// paragraphs), which lines are the title, the title text and the date.
struct Header {
    consumed: Vec<bool>,
    title_lines: Vec<usize>,
    title: Option<String>,
    date: Option<String>,
}

/// How far down the first page masthead and header lines are looked for.
const HEADER_WINDOW: usize = 60;
/// At most this many title lines under the masthead.
const MAX_TITLE_LINES: usize = 4;

fn read_header(lines: &[&str], symbol: &Symbol) -> Header {
    let mut consumed = vec![false; lines.len()];
    let mut masthead_date = None;
    let mut index = 0;
    while index < lines.len() && masthead::is_masthead_line(lines[index]) {
        consumed[index] = true;
        masthead_date = masthead_date.or_else(|| find_date(lines[index]));
        index += 1;
    }

    // A General Assembly resolution: everything above its "78/323. Title" line is masthead
    // (session, agenda item and its title, "Resolution adopted by the General Assembly on …").
    if let Some(prefix) = ga_resolution_prefix(symbol) {
        let window = lines.len().min(index + HEADER_WINDOW);
        if let Some(at) = (index..window).find(|&i| lines[i].starts_with(&prefix)) {
            for (i, line) in lines.iter().enumerate().take(at).skip(index) {
                consumed[i] = true;
                masthead_date = masthead_date.or_else(|| find_date(line));
            }
            return Header {
                consumed,
                title_lines: vec![at],
                title: Some(lines[at].to_string()),
                date: masthead_date,
            };
        }
    }

    // A resolution header ("Resolution 2768 (2025)", "1 (1946) Resolution of 25 January 1946")
    // near the top, preferably the one of this very resolution.
    let own = symbol.sc_resolution_parts();
    let header_at = (index..lines.len().min(index + HEADER_WINDOW)).find(|&i| {
        masthead::parse_resolution_header(lines[i])
            .is_some_and(|h| own.is_none_or(|(n, y)| h.number == n && (h.year == y || i == index)))
    });
    if let Some(at) = header_at {
        let Some(resolution) = masthead::parse_resolution_header(lines[at]) else {
            return plain_header(lines, consumed, index, masthead_date);
        };
        consumed[at] = true;
        let mut date = resolution.date.clone();
        let mut next = at + 1;
        while next < lines.len() && masthead::is_resolution_header_companion(lines[next]) {
            consumed[next] = true;
            date = date.or_else(|| find_date(lines[next]));
            next += 1;
        }
        // An all-capital section heading right above the header is the subject
        // ("MILITARY STAFF COMMITTEE" above "1 (1946) Resolution of 25 January 1946").
        let subject = at
            .checked_sub(1)
            .filter(|&above| !consumed[above] && is_all_caps_line(lines[above]))
            .map(|above| {
                consumed[above] = true;
                lines[above]
            });
        let mut title = format!("Resolution {} ({})", resolution.number, resolution.year);
        if let Some(subject) = subject {
            title.push_str(" — ");
            title.push_str(subject);
        }
        return Header {
            consumed,
            title_lines: Vec::new(),
            title: Some(title),
            date: masthead_date.or(date),
        };
    }
    plain_header(lines, consumed, index, masthead_date)
}

/// Marks as consumed the running headers extraction left in: the document's own symbol next to
/// its short title ("International Day of Women and Girls of African Descent A/RES/78/323").
fn drop_running_titles(lines: &[&str], symbol: &Symbol, header: &mut Header) {
    let Some(title) = header.title.as_deref() else {
        return;
    };
    let short_title = ga_resolution_prefix(symbol)
        .and_then(|prefix| title.strip_prefix(prefix.as_str()))
        .unwrap_or(title)
        .trim();
    let own = symbol.as_str();
    for (i, line) in lines.iter().enumerate() {
        if header.consumed[i] || header.title_lines.contains(&i) || !line.contains(own) {
            continue;
        }
        if line.replace(own, "").trim() == short_title {
            header.consumed[i] = true;
        }
    }
}

/// "78/323. " for `A/RES/78/323`: how a General Assembly resolution prints its title line.
fn ga_resolution_prefix(symbol: &Symbol) -> Option<String> {
    let rest = symbol.as_str().strip_prefix("A/RES/")?;
    let (session, number) = rest.split_once('/')?;
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (all_digits(session) && all_digits(number)).then(|| format!("{session}/{number}. "))
}

/// The title of a document that is not a resolution: the lines under the masthead up to the
/// first line that ends a sentence or carries a marker.
fn plain_header(
    lines: &[&str],
    consumed: Vec<bool>,
    start: usize,
    masthead_date: Option<String>,
) -> Header {
    let mut title_lines = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(start).take(MAX_TITLE_LINES) {
        if ends_clause(line)
            || split_marker(line).is_some()
            || parse_part_marker(line).is_some()
            || is_resolution_opening(line)
        {
            break;
        }
        title_lines.push(i);
    }
    let cjk = title_lines.iter().any(|&i| lines[i].chars().any(is_cjk));
    let joined = title_lines
        .iter()
        .map(|&i| lines[i])
        .collect::<Vec<_>>()
        .join(if cjk { "" } else { " " });
    let title = (!joined.is_empty()).then_some(joined);
    let date = masthead_date.or_else(|| title.as_deref().and_then(find_date));
    Header {
        consumed,
        title_lines,
        title,
        date,
    }
}

/// "The Security Council," / "The General Assembly," / "安全理事会，" open a resolution's
/// preamble.
fn is_resolution_opening(line: &str) -> bool {
    line.starts_with("The Security Council")
        || line.starts_with("The General Assembly")
        || (["安全理事会", "大会"].iter().any(|o| line.starts_with(o))
            && line.chars().count() <= MAX_CHINESE_OPENING_CHARS)
}

/// "安全理事会，" is 6 characters; a longer line starting so is a sentence.
const MAX_CHINESE_OPENING_CHARS: usize = 8;

/// Numbers the preambular paragraphs of a resolution `pp1`, `pp2`…: the unnumbered body
/// paragraphs of the body part between the opening line ("The Security Council,") and the
/// first operative paragraph. Headings, footnotes and the opening line itself are not counted.
fn number_preamble(paragraphs: &mut [Paragraph]) {
    let Some(opening) = paragraphs
        .iter()
        .position(|p| p.part.is_none() && is_resolution_opening(&p.text))
    else {
        return;
    };
    let mut count = 0;
    for p in paragraphs.iter_mut().skip(opening + 1) {
        if p.part.is_some() || p.number.is_some() {
            break;
        }
        if p.kind == ParagraphKind::Body {
            count += 1;
            p.number = Some(format!("pp{count}"));
        }
    }
}

/// An English line in capitals: "MILITARY STAFF COMMITTEE", "A".
fn is_all_caps_line(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 1
        && !line.chars().any(|c| c.is_lowercase() || is_cjk(c))
        && line.split_whitespace().count() <= 15
        && !line.ends_with('.')
        && line.chars().any(|c| c.is_ascii_uppercase())
        && !line
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '(' || c == '[')
}

/// A short line without final punctuation that could head what follows.
fn is_short_heading_candidate(line: &str) -> bool {
    if ends_clause(line) || is_resolution_opening(line) {
        return false;
    }
    if line.chars().any(is_cjk) {
        return line.chars().count() <= 60;
    }
    let words = line.split_whitespace().count();
    (2..=30).contains(&words) && line.starts_with(|c: char| c.is_uppercase())
}

/// For each line: is it a short unmarked heading directly above a numbered paragraph or a
/// numbered heading or a table row read by columns (possibly through other such headings)?
fn headings_before_numbered(lines: &[&str], consumed: &[bool]) -> Vec<bool> {
    let mut result = vec![false; lines.len()];
    let mut next_is_numbered_or_heading = false;
    for i in (0..lines.len()).rev() {
        if consumed[i] {
            continue;
        }
        let line = lines[i];
        // A table row read by columns: the short line above it is the table's title.
        if line.contains(CELL_SEPARATOR) {
            next_is_numbered_or_heading = true;
            continue;
        }
        let marker = split_marker(line);
        if let Some((m, _)) = &marker {
            next_is_numbered_or_heading = !matches!(m, Marker::Letter(_) | Marker::ChineseItem(_));
            continue;
        }
        if parse_part_marker(line).is_some() {
            next_is_numbered_or_heading = false;
            continue;
        }
        let candidate = is_short_heading_candidate(line);
        result[i] = candidate && next_is_numbered_or_heading;
        next_is_numbered_or_heading = result[i];
    }
    result
}

/// For each line, the number of the next "N." line below it (to tell numbered sub-headings
/// like "1. Repatriation efforts" from paragraphs).
fn next_arabic_numbers(lines: &[&str], consumed: &[bool]) -> Vec<Option<String>> {
    let mut result = vec![None; lines.len()];
    let mut next: Option<String> = None;
    for i in (0..lines.len()).rev() {
        result[i] = next.clone();
        if consumed[i] {
            continue;
        }
        if let Some((Marker::Arabic(n), _)) = split_marker(lines[i]) {
            next = Some(n);
        }
    }
    result
}

/// "(2001)、1624 (2005)…": a line that opens with a year in brackets.
/// Words that name a paragraph in an English citation, before its number ("paragraph 1",
/// "paras. 5"), so that a next line opening "(a)" continues the citation.
const PARAGRAPH_REFERENCE_WORDS: &[&str] = &[
    "paragraph",
    "paragraphs",
    "subparagraph",
    "subparagraphs",
    "para.",
    "paras.",
];

/// Whether `text` ends with a paragraph reference waiting for its sub-paragraph letter:
/// "paragraph 1", "paras. 12", or the word alone ("pursuant to paragraph" + "(a) of annex I":
/// S/2025/476) — one of [`PARAGRAPH_REFERENCE_WORDS`], then at most a number.
fn ends_with_paragraph_reference(text: &str) -> bool {
    let without_number = text.trim_end_matches(|c: char| c.is_ascii_digit());
    if without_number.len() != text.len() && !without_number.ends_with(' ') {
        return false;
    }
    let before = without_number.trim_end();
    let word = before.rsplit(' ').next().unwrap_or_default();
    PARAGRAPH_REFERENCE_WORDS
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

fn starts_with_bracketed_year(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 6 && b[0] == b'(' && b[1..5].iter().all(u8::is_ascii_digit) && b[5] == b')'
}

/// A page-foot note printed in the text flow: "* Circulated in the language of submission
/// only.", "* Reissued for technical reasons on 12 March 2025.", "** …".
fn is_page_footnote(line: &str) -> bool {
    let rest = line.trim_start_matches('*');
    let stars = line.len() - rest.len();
    (1..=3).contains(&stars)
        && rest.starts_with(' ')
        && rest.trim_start().starts_with(char::is_uppercase)
        && rest.chars().count() <= MAX_FOOTNOTE_CHARS
}

/// Longest page-foot note recognized (the UN's starred notes are one or two lines).
const MAX_FOOTNOTE_CHARS: usize = 300;

/// The marker as printed for a paragraph address: "12." for `12`, "(a)" for `5(a)`.
fn printed_marker(number: &str) -> String {
    match number.rfind('(') {
        Some(at) => number[at..].to_string(),
        None => format!("{number}."),
    }
}

/// Whether a Latin or Chinese section-numbered line ("I. Introduction", "一. 导言") reads as a
/// heading rather than as a sentence that happens to start with "A.".
fn section_line_is_heading(rest: &str) -> bool {
    let limit = if rest.chars().any(is_cjk) { 100 } else { 250 };
    rest.chars().count() <= limit && !rest.ends_with(['.', '。', ';', '；'])
}

/// Section levels of headings, outermost first: a heading closes every open heading of its
/// level or deeper. Chosen from how UN documents nest: an annex holds a title, roman sections
/// ("III."), lettered sub-sections ("B."), numbered sub-headings ("1. Repatriation efforts"),
/// and unmarked headings ("West Africa") below those.
mod level {
    /// "Annex I", "附件一".
    pub const PART: u8 = 0;
    /// The document's or the part's title lines.
    pub const TITLE: u8 = 1;
    /// "III. Sanctions", "一. 导言".
    pub const ROMAN: u8 = 2;
    /// "B. Travel ban".
    pub const LETTER: u8 = 3;
    /// "1. Repatriation efforts".
    pub const NUMBERED: u8 = 4;
    /// All-capital lines and short unmarked headings.
    pub const UNMARKED: u8 = 5;
}

/// Where the builder stands while reading lines.
struct Builder {
    lang: Lang,
    paragraphs: Vec<Paragraph>,
    part_numbering: PartNumbering,
    part: Option<String>,
    part_kind: Option<PartKind>,
    /// Title lines of the current part are still expected (right after its marker).
    awaiting_part_title: bool,
    /// The open headings above the current line, outermost first, with their levels.
    section: Vec<(u8, String)>,
    /// Addresses given so far: (part, number).
    used: std::collections::HashSet<(Option<String>, String)>,
    /// A top-level number of this part repeated: later numbers of the part stay unnumbered.
    repeated_run: bool,
    /// Current numbered paragraph ("6"), letter item ("c") and roman item ("ii").
    number: Option<String>,
    letter: Option<String>,
    roman: Option<String>,
    /// The inline letter a numbered paragraph ends on ("…(c) …:"), parent of following romans.
    inline_letter: Option<String>,
    /// A number printed alone on its line ("12."), for the next line.
    pending_number: Option<String>,
    /// The number of the next "N." line below the current one.
    next_number: Option<String>,
    /// The last paragraph number of the current part (headings do not reset it).
    last_in_part: Option<u32>,
    /// Lines of the current English signature block so far (0: not in one).
    signature_lines: usize,
}

impl Builder {
    fn new(lang: Lang) -> Builder {
        Builder {
            lang,
            paragraphs: Vec::new(),
            part_numbering: PartNumbering::default(),
            part: None,
            part_kind: None,
            awaiting_part_title: false,
            section: Vec::new(),
            used: std::collections::HashSet::new(),
            repeated_run: false,
            number: None,
            letter: None,
            roman: None,
            inline_letter: None,
            pending_number: None,
            next_number: None,
            last_in_part: None,
            signature_lines: 0,
        }
    }

    fn finish(mut self) -> Vec<Paragraph> {
        if let Some(number) = self.pending_number.take() {
            // A trailing number with no text: keep the printed number as the text.
            self.emit(
                Some(number.clone()),
                ParagraphKind::Body,
                format!("{number}."),
            );
        }
        self.paragraphs
    }

    fn emit(&mut self, number: Option<String>, kind: ParagraphKind, text: String) {
        if text.is_empty() {
            return;
        }
        // An address already given in this part (a table row "2. …" after ¶2, a numbering
        // that restarts under a later heading, a second "(a)" list without a parent) stays
        // unnumbered, its printed marker kept in the text: `resolve` must never be ambiguous.
        // Once a top-level number repeats, the rest of the part's numbering is a second run
        // (a restart under a later section, a table's row numbers) and stays unnumbered too.
        let (number, text) = match number {
            Some(n) if self.repeated_run || self.used.contains(&(self.part.clone(), n.clone())) => {
                self.repeated_run |= n.bytes().all(|b| b.is_ascii_digit());
                (None, format!("{} {text}", printed_marker(&n)))
            }
            Some(n) => {
                self.used.insert((self.part.clone(), n.clone()));
                (Some(n), text)
            }
            None => (None, text),
        };
        if kind != ParagraphKind::Signature {
            self.signature_lines = 0;
        }
        let seq = self.paragraphs.len();
        self.paragraphs.push(Paragraph {
            part: self.part.clone(),
            number,
            seq,
            kind,
            section: self.section.iter().map(|(_, h)| h.clone()).collect(),
            text,
        });
    }

    fn reset_numbering(&mut self) {
        self.number = None;
        self.letter = None;
        self.roman = None;
        self.inline_letter = None;
    }

    /// A heading at `level` (see [`level`]): closes the open headings at that level or deeper,
    /// opens this one. A title wrapped over consecutive lines stays one section level.
    fn push_heading(&mut self, level: u8, line: &str) {
        self.flush_pending_number();
        let continues_title = level <= level::TITLE
            && self.section.last().is_some_and(|(l, _)| *l == level)
            && self
                .paragraphs
                .last()
                .is_some_and(|p| p.kind == ParagraphKind::Heading);
        if continues_title && let Some((_, open)) = self.section.last_mut() {
            let cjk = open.chars().next_back().is_some_and(is_cjk) || line.starts_with(is_cjk);
            if !cjk {
                open.push(' ');
            }
            open.push_str(line);
        } else {
            self.section.retain(|(l, _)| *l < level);
            self.section.push((level, line.to_string()));
        }
        self.emit(None, ParagraphKind::Heading, line.to_string());
        self.reset_numbering();
    }

    /// A title line of the document under its masthead: a heading, but not a section of the
    /// paragraphs below (the title has its own field).
    fn push_document_title(&mut self, line: &str) {
        self.flush_pending_number();
        self.emit(None, ParagraphKind::Heading, line.to_string());
        if let Some(title) = self.paragraphs.last_mut() {
            title.section = vec![line.to_string()];
        }
    }

    /// A table row rebuilt column by column by `extract` (cells separated by
    /// [`CELL_SEPARATOR`]): one unnumbered `Table` paragraph, its cells joined by
    /// [`TABLE_CELL_JOINER`]; the row's printed number stays in its text (table rows repeat the
    /// numbers of the body: S/2025/476's recommendations 1–4 under its paragraphs 1–2).
    ///
    /// Signatures printed side by side ("(Signed) A | (Signed) B", S/2025/274) are read as
    /// a row too: such a row, and the title rows right under it, are `Signature` paragraphs.
    fn push_table_row(&mut self, line: &str) {
        self.flush_pending_number();
        self.awaiting_part_title = false;
        let cells: Vec<&str> = line
            .split(CELL_SEPARATOR)
            .map(clean_line)
            .filter(|cell| !cell.is_empty())
            .collect();
        let text = cells.join(TABLE_CELL_JOINER);
        if cells
            .first()
            .is_some_and(|cell| signature::is_signed_line(cell))
        {
            self.emit(None, ParagraphKind::Signature, text);
            self.signature_lines = 1;
        } else if (1..=signature::MAX_TITLE_LINES_AFTER).contains(&self.signature_lines) {
            self.emit(None, ParagraphKind::Signature, text);
            self.signature_lines += 1;
        } else {
            self.emit(None, ParagraphKind::Table, text);
        }
    }

    /// A table-of-contents line: kept for `show`, unnumbered, changes no state.
    fn push_toc(&mut self, line: &str) {
        self.flush_pending_number();
        self.emit(None, ParagraphKind::Toc, line.to_string());
    }

    fn flush_pending_number(&mut self) {
        if let Some(number) = self.pending_number.take() {
            self.emit(
                Some(number.clone()),
                ParagraphKind::Body,
                format!("{number}."),
            );
        }
    }

    fn previous_ends_with_colon(&self) -> bool {
        self.paragraphs
            .last()
            .is_some_and(|p| p.text.trim_end().ends_with([':', '：']))
    }

    fn push_line(&mut self, line: &str, heading_before_numbered: bool) {
        if let Some(marker) = parse_part_marker(line) {
            self.flush_pending_number();
            let key = self.part_numbering.key_for(&marker);
            self.part = Some(key);
            self.part_kind = Some(marker.kind);
            self.last_in_part = None;
            self.repeated_run = false;
            self.section.clear();
            self.section.push((level::PART, line.to_string()));
            self.emit(None, ParagraphKind::Heading, line.to_string());
            self.reset_numbering();
            self.awaiting_part_title = true;
            return;
        }
        match split_marker(line) {
            Some((Marker::Arabic(number), rest)) => {
                self.awaiting_part_title = false;
                self.flush_pending_number();
                if rest.is_empty() {
                    self.pending_number = Some(number);
                    return;
                }
                if self.is_numbered_subheading(&number, rest) {
                    self.push_heading(level::NUMBERED, line);
                    return;
                }
                self.start_numbered(number, rest);
            }
            Some((Marker::Letter(letters), rest)) => {
                self.awaiting_part_title = false;
                self.flush_pending_number();
                if self.letter_item_is_wrapped_inline(&letters, rest) {
                    self.append_to_previous(line);
                } else if self.letters_are_roman(&letters) {
                    self.push_roman(letters, rest);
                } else {
                    self.push_letter(letters, rest);
                }
            }
            Some((Marker::ChineseItem(roman), rest)) => {
                self.awaiting_part_title = false;
                self.flush_pending_number();
                self.push_roman(roman, rest);
            }
            Some((Marker::SectionLetter(_), rest)) if section_line_is_heading(rest) => {
                self.awaiting_part_title = false;
                self.push_heading(level::LETTER, line);
            }
            Some((Marker::SectionRoman(_) | Marker::SectionChinese(_), rest))
                if section_line_is_heading(rest) =>
            {
                self.awaiting_part_title = false;
                self.push_heading(level::ROMAN, line);
            }
            _ => self.push_plain(line, heading_before_numbered),
        }
    }

    /// "1. Repatriation efforts" between ¶20 and ¶21: a short line without final punctuation
    /// whose number breaks the paragraph sequence (or repeats the next one) is a numbered
    /// sub-heading, not a paragraph.
    fn is_numbered_subheading(&self, number: &str, rest: &str) -> bool {
        let short = rest.split_whitespace().count() <= 15 && rest.chars().count() <= 150;
        if !short || ends_clause(rest) {
            return false;
        }
        let expected = self.last_in_part.map_or(1, |n| n + 1);
        let in_sequence = number.parse::<u32>().is_ok_and(|n| n == expected);
        !in_sequence || self.next_number.as_deref() == Some(number)
    }

    fn start_numbered(&mut self, number: String, rest: &str) {
        self.last_in_part = number.parse().ok();
        self.inline_letter = trailing_inline_letter(rest);
        self.letter = None;
        self.roman = None;
        self.emit(Some(number.clone()), ParagraphKind::Body, rest.to_string());
        self.number = Some(number);
    }

    /// A line opening with "(b)" can be the wrapped tail of an inline enumeration ("…特别关注
    /// (a) 反恐对…的影响，以及" + "(b) 恐怖主义与…的关联"), not an item of its own: the letter
    /// does not continue an item list, and the text above stops mid-clause. Likewise an "(a)"
    /// line that carries the rest of its list inline ("(a) …；(b) …") belongs to the text above.
    fn letter_item_is_wrapped_inline(&self, letters: &str, rest: &str) -> bool {
        let Some(previous) = self.paragraphs.last() else {
            return false;
        };
        if !previous.kind.is_running_text() {
            return false;
        }
        let previous_text = previous.text.trim_end();
        // "… pursuant to paragraph" + "(a) of annex I to …": the letter is the cited
        // sub-paragraph of a citation cut by the line break (S/2025/476 ¶1), never an item.
        if ends_with_paragraph_reference(previous_text) {
            return true;
        }
        if letters == "a" {
            let inline_list = ["；(b)", "； (b)", "; (b)", ";(b)"]
                .iter()
                .any(|pattern| rest.contains(pattern));
            return inline_list && previous_text.ends_with([':', '：']);
        }
        let continues_list = self.letter.as_deref().is_some_and(|l| {
            l.chars().next().and_then(|c| char::from_u32(c as u32 + 1)) == letters.chars().next()
        });
        let mid_clause = !ends_clause(previous_text);
        !continues_list && mid_clause && letters.len() == 1
    }

    /// Appends a wrapped line to the paragraph above (a space between Latin words, none
    /// around Chinese).
    fn append_to_previous(&mut self, line: &str) {
        let flow = self
            .paragraphs
            .iter_mut()
            .rev()
            .find(|p| p.kind != ParagraphKind::Footnote);
        if let Some(last) = flow {
            let cjk_join = last.text.chars().next_back().is_some_and(is_cjk)
                || line.chars().next().is_some_and(is_cjk)
                || self.lang == Lang::Zh;
            if !cjk_join {
                last.text.push(' ');
            }
            last.text.push_str(line);
        }
    }

    /// A signature block line (see [`signature`]): "(Signed) Name" and, in English, the title
    /// lines under it (a lower-case line continues the one above); in Chinese, "Name(签名)" turns
    /// the short unpunctuated lines just above it (the signer's title) into signature lines.
    /// Returns whether the line was taken.
    fn push_signature(&mut self, line: &str) -> bool {
        if signature::is_signed_line(line) {
            if self.lang == Lang::Zh || line.contains("签名") {
                self.mark_titles_above_as_signature();
            }
            self.emit(None, ParagraphKind::Signature, line.to_string());
            self.signature_lines = 1;
            return true;
        }
        let in_block = (1..=signature::MAX_TITLE_LINES_AFTER).contains(&self.signature_lines);
        if !in_block || !signature::is_title_line_after(line) {
            return false;
        }
        if signature::starts_lower(line) {
            self.append_to_previous(line);
        } else {
            self.emit(None, ParagraphKind::Signature, line.to_string());
        }
        self.signature_lines += 1;
        true
    }

    /// The signer's title printed above a Chinese signature: up to
    /// [`signature::MAX_TITLE_LINES_BEFORE`] short unnumbered body lines without final
    /// punctuation right above it, in the same part.
    fn mark_titles_above_as_signature(&mut self) {
        let part = self.part.clone();
        for p in self
            .paragraphs
            .iter_mut()
            .rev()
            .take(signature::MAX_TITLE_LINES_BEFORE)
        {
            let title_like = p.kind == ParagraphKind::Body
                && p.number.is_none()
                && p.part == part
                && p.text.chars().count() <= signature::MAX_ZH_TITLE_CHARS
                && !signature::ends_with_stop(&p.text);
            if !title_like {
                break;
            }
            p.kind = ParagraphKind::Signature;
        }
    }

    /// Decides whether "(i)", "(v)", "(x)", "(ii)" … is a roman item or a letter item.
    fn letters_are_roman(&self, letters: &str) -> bool {
        if !is_roman_lower(letters) {
            return false;
        }
        if let Some(roman) = &self.roman
            && next_roman(roman).as_deref() == Some(letters)
        {
            return true;
        }
        if letters.len() > 1 {
            return true;
        }
        let follows_letter = self.letter.as_deref().is_some_and(|l| {
            l.len() == 1
                && l.chars().next().and_then(|c| char::from_u32(c as u32 + 1))
                    == letters.chars().next()
        });
        if follows_letter {
            // "(i)" after "(h)" is the next letter, unless "(h)" announced a sub-list.
            return letters == "i" && self.previous_ends_with_colon();
        }
        letters == "i" || self.roman.is_some()
    }

    fn push_letter(&mut self, letter: String, rest: &str) {
        let number = format!("{}({letter})", self.number.as_deref().unwrap_or(""));
        self.letter = Some(letter);
        self.roman = None;
        self.emit(Some(number), ParagraphKind::ListItem, rest.to_string());
    }

    fn push_roman(&mut self, roman: String, rest: &str) {
        let parent_letter = self.letter.as_deref().or(self.inline_letter.as_deref());
        let mut number = self.number.clone().unwrap_or_default();
        if let Some(letter) = parent_letter {
            number.push('(');
            number.push_str(letter);
            number.push(')');
        }
        number.push('(');
        number.push_str(&roman);
        number.push(')');
        self.roman = Some(roman);
        self.emit(Some(number), ParagraphKind::ListItem, rest.to_string());
    }

    /// An English line that starts in lower case continues the text paragraph above it (a
    /// block the extractor could not re-join, e.g. across a page break), unless that one ended
    /// a sentence.
    ///
    /// A line that opens with a bracketed year ("(2001)、1624 (2005)…号决议", S/2022/529 annex I
    /// ¶48 and ¶65) is the wrapped tail of a resolution list, never an item of its own. Page
    /// footnotes between the two halves are skipped over.
    fn continues_previous(&self, line: &str) -> bool {
        let opens_lower = line.starts_with(|c: char| c.is_ascii_lowercase());
        (opens_lower || starts_with_bracketed_year(line))
            && self.last_flow().is_some_and(|p| {
                p.kind.is_running_text() && !p.text.trim_end().ends_with(['.', '。'])
            })
    }

    /// The last paragraph of the reading flow (page footnotes set aside).
    fn last_flow(&self) -> Option<&Paragraph> {
        self.paragraphs
            .iter()
            .rev()
            .find(|p| p.kind != ParagraphKind::Footnote)
    }

    /// "4, Requests …": a scanned "4." read as "4,"; accepted only when 4 is the next number
    /// expected here and a capitalized word follows.
    fn comma_numbered<'l>(&self, line: &'l str) -> Option<(String, &'l str)> {
        let (digits, rest) = line.split_once(", ")?;
        let number: u32 = digits.parse().ok().filter(|_| digits.len() <= 3)?;
        let expected = match &self.number {
            Some(current) => current.parse::<u32>().ok()? + 1,
            None => 1,
        };
        (number == expected && rest.starts_with(|c: char| c.is_ascii_uppercase()))
            .then(|| (number.to_string(), rest))
    }

    fn push_plain(&mut self, line: &str, heading_before_numbered: bool) {
        if let Some(number) = self.pending_number.take() {
            self.start_numbered(number, line);
            return;
        }
        if self.lang == Lang::En
            && let Some((number, rest)) = self.comma_numbered(line)
        {
            self.awaiting_part_title = false;
            self.start_numbered(number, rest);
            return;
        }
        if is_page_footnote(line) {
            self.emit(None, ParagraphKind::Footnote, line.to_string());
            return;
        }
        if self.push_signature(line) {
            return;
        }
        // Appendices, and Chinese enclosures (附文: S/2022/529's lists of visits and events), are
        // lists printed one entry per line. (附文 was read as an appendix before it was keyed
        // `enclosure-N`, the UN's term; the rule is the same as then.)
        let in_appendix = match self.part_kind {
            Some(PartKind::Appendix) => true,
            Some(PartKind::Enclosure) => self.lang == Lang::Zh,
            _ => false,
        };
        if self.awaiting_part_title {
            let title_like = !ends_clause(line) && line.chars().count() <= 300;
            if title_like {
                self.push_heading(level::TITLE, line);
                // An appendix has one title line; an annex title may span a few lines.
                self.awaiting_part_title = !in_appendix && self.lang == Lang::En;
                return;
            }
            self.awaiting_part_title = false;
        }
        if in_appendix {
            self.emit(None, ParagraphKind::Table, line.to_string());
            return;
        }
        if self.continues_previous(line) {
            self.append_to_previous(line);
            return;
        }
        if is_all_caps_line(line) || heading_before_numbered {
            self.push_heading(level::UNMARKED, line);
            return;
        }
        self.emit(None, ParagraphKind::Body, line.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(doc: &Document, part: Option<&str>) -> Vec<String> {
        doc.paragraphs
            .iter()
            .filter(|p| p.part.as_deref() == part)
            .filter_map(|p| p.number.clone())
            .collect()
    }

    #[test]
    fn table_rows_from_extract_are_unnumbered_table_paragraphs() {
        // Rows as `extract` writes them (cells separated by a tab), S/2025/476 and S/2025/274.
        let text = "1. The Committee has responded to each report.\n\
                    Recommendation\tParagraph\tPosition of the Committee\n\
                    1. Given the growing concern\t130\tThe Committee agreed to write.\n\
                    (Signed) Thérèse Kayikwamba Wagner\t(Signed) Bintou Keita\n\
                    Minister of State\tSpecial Representative of the Secretary-General\n\
                    2. The Committee will review.";
        let symbol = Symbol::parse("S/2025/476").unwrap();
        let doc = segment(text, &symbol, Lang::En);
        let got: Vec<(Option<&str>, ParagraphKind, &str)> = doc
            .paragraphs
            .iter()
            .map(|p| (p.number.as_deref(), p.kind, p.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("1"),
                    ParagraphKind::Body,
                    "The Committee has responded to each report."
                ),
                (
                    None,
                    ParagraphKind::Table,
                    "Recommendation | Paragraph | Position of the Committee"
                ),
                (
                    None,
                    ParagraphKind::Table,
                    "1. Given the growing concern | 130 | The Committee agreed to write."
                ),
                (
                    None,
                    ParagraphKind::Signature,
                    "(Signed) Thérèse Kayikwamba Wagner | (Signed) Bintou Keita"
                ),
                (
                    None,
                    ParagraphKind::Signature,
                    "Minister of State | Special Representative of the Secretary-General"
                ),
                (Some("2"), ParagraphKind::Body, "The Committee will review."),
            ]
        );
    }

    #[test]
    fn sub_items_get_their_own_addresses() {
        // Shape of an operative paragraph with a list (S/RES/1373 (2001) ¶1 style).
        let text = "The Security Council,\nReaffirming its resolutions,\n1. Decides that all States shall:\n(a) Prevent and suppress the financing of terrorist acts;\n(b) Criminalize the wilful provision;\n(i) of funds;\n(ii) of assets;\n(c) Freeze without delay funds;\n2. Decides also that all States shall refrain;";
        let symbol = Symbol::parse("S/RES/1373(2001)").unwrap();
        let doc = segment(text, &symbol, Lang::En);
        assert_eq!(
            numbers(&doc, None),
            [
                "pp1", "1", "1(a)", "1(b)", "1(b)(i)", "1(b)(ii)", "1(c)", "2"
            ]
        );
        assert_eq!(doc.paragraphs[2].text, "Decides that all States shall:");
    }

    #[test]
    fn a_letter_after_a_paragraph_reference_continues_the_citation() {
        // S/2025/476 ¶1: "pursuant to paragraph" + "(a) of annex I to …" is one paragraph;
        // a list after a colon still makes items.
        let text = "1. The report was submitted to the Committee pursuant to paragraph\n(a) of annex I to Security Council resolution 2734 (2024). A table was circulated.\n2. The Committee decided that States shall:\n(a) report within 90 days;\n(b) update the list, as in paras. 12\n(c) and 13 of that resolution.";
        let doc = segment(text, &Symbol::parse("S/2025/476").unwrap(), Lang::En);
        assert_eq!(numbers(&doc, None), ["1", "2", "2(a)", "2(b)"]);
        assert!(doc.paragraphs[0].text.ends_with("paragraph (a) of annex I to Security Council resolution 2734 (2024). A table was circulated."), "{}", doc.paragraphs[0].text);
        let table = [
            ("pursuant to paragraph 1", true),
            ("as set out in paras. 12", true),
            ("in Subparagraph 3", true),
            ("the States shall:", false),
            ("adopted in 2024", false),
            ("submitted to the Committee pursuant to paragraph", true),
            ("paragraph12", false),
            ("the list below", false),
            ("resolution 2734", false),
        ];
        for (text, want) in table {
            assert_eq!(ends_with_paragraph_reference(text), want, "{text}");
        }
    }

    #[test]
    fn letter_i_after_h_is_a_letter() {
        let text = "7. The Committee:\n(g) did this;\n(h) did that;\n(i) did more;\n(j) and more;";
        let doc = segment(text, &Symbol::parse("S/2022/529").unwrap(), Lang::En);
        assert_eq!(numbers(&doc, None), ["7", "7(g)", "7(h)", "7(i)", "7(j)"]);
    }

    #[test]
    fn chinese_items_under_inline_letter() {
        // S/2022/529 附件二 ¶6 (abridged): ㈠ items belong to the inline (c).
        let text = "附件二\n一. 导言\n6. 执行主任提议采取以下措施：(a) 加强直接接触和对话；(b) 确保及时高效地落实；(c) 提高可及性和透明度：\n㈠ 扩大委员会和执行局活动的范围，\n㈡ 建立强有力的后续落实程序，\n7. 为了增加和加强技术援助。";
        let doc = segment(text, &Symbol::parse("S/2022/529").unwrap(), Lang::Zh);
        assert_eq!(
            numbers(&doc, Some("annex-2")),
            ["6", "6(c)(i)", "6(c)(ii)", "7"]
        );
    }

    #[test]
    fn number_alone_on_its_line_takes_the_next_line() {
        let doc = segment(
            "12.\nDecides to remain seized of the matter.",
            &Symbol::parse("S/RES/2768(2025)").unwrap(),
            Lang::En,
        );
        assert_eq!(doc.paragraphs.len(), 1);
        assert_eq!(doc.paragraphs[0].number.as_deref(), Some("12"));
        assert_eq!(
            doc.paragraphs[0].text,
            "Decides to remain seized of the matter."
        );
    }

    #[test]
    fn empty_and_blank_input() {
        let symbol = Symbol::parse("S/2025/22").unwrap();
        for text in ["", "\n\n  \n", "\u{3000}\n"] {
            let doc = segment(text, &symbol, Lang::En);
            assert!(doc.paragraphs.is_empty());
            assert_eq!(doc.title, "S/2025/22");
            assert_eq!(doc.date, None);
        }
    }
}
