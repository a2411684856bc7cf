//! PDF path: the text layer, read glyph by glyph with positions (through `pdf-extract`'s
//! `OutputDev`), rebuilt into lines, cleaned of page furniture by pattern *and* position,
//! footnotes (below the `____` rule, smaller type) set aside, superscript footnote markers
//! dropped, and lines re-joined into blocks from layout: vertical gaps, first-line indents,
//! a line ending short of the right margin, block openers ("12.", "(a)"). Tables are read
//! column by column first ([`table`]): each row becomes one block of its own.
//!
//! `pdf-extract` can panic on odd PDFs: every page is read under `catch_unwind` and a panic
//! becomes a diagnostic (one page) or [`ExtractError::Malformed`] (the whole file).

mod table;

use super::furniture::{self, Furniture};
use super::rejoin::{self, HyphenEvidence};
use super::{ExtractError, Extracted};
use crate::model::Lang;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// A glyph whose text matrix turns it by less than this (the off-diagonal terms against the
/// diagonal ones) is upright; the corpus PDFs draw text either exactly upright or turned by
/// 90 degrees.
const ROTATION_TOLERANCE: f64 = 0.01;

/// Fewer visible characters per page than this, on average, means a scan without text.
const MIN_CHARS_PER_PAGE: usize = 40;

/// One glyph as drawn: position of its origin (y grows downwards), advance width, size, and
/// the byte range of its text in the page's text buffer.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    x: f64,
    y: f64,
    w: f64,
    size: f64,
    start: u32,
    end: u32,
    /// Drawn without rotation (rotated glyphs: a landscape page's margin furniture).
    upright: bool,
}

/// The glyphs of one page, in content-stream order.
#[derive(Debug, Default)]
struct PageGlyphs {
    glyphs: Vec<Glyph>,
    text: String,
    width: f64,
    height: f64,
}

/// Collects positioned glyphs for one page.
#[derive(Default)]
struct GlyphCollector {
    page: PageGlyphs,
}

impl OutputDev for GlyphCollector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page.width = (media_box.urx - media_box.llx).abs();
        self.page.height = (media_box.ury - media_box.lly).abs();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // Effective size: the side of the square with the area of the transformed em box.
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        if !size.is_finite() || char.is_empty() {
            return Ok(());
        }
        let start = self.page.text.len() as u32;
        self.page.text.push_str(char);
        self.page.glyphs.push(Glyph {
            x: trm.m31,
            y: self.page.height - trm.m32,
            w: width * size,
            size,
            start,
            end: self.page.text.len() as u32,
            upright: trm.m12.abs() + trm.m21.abs()
                <= ROTATION_TOLERANCE * (trm.m11.abs() + trm.m22.abs()),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// A line of text rebuilt from glyphs sharing a baseline.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    /// Text with superscript footnote markers removed.
    text: String,
    /// Superscript number at the start of the line (a footnote's own number).
    lead_marker: Option<String>,
    /// Text segments separated by wide gaps (table cells, masthead columns).
    segments: Vec<String>,
    /// Advance width of the first word (to tell whether it would have fitted on the line above).
    first_word_width: f64,
    /// The words of `text` with their horizontal extent (to find table columns).
    words: Vec<Word>,
    /// Every glyph of the line is upright.
    upright: bool,
    /// A whole table row rebuilt column by column (see [`table`]): its cells are separated by
    /// [`super::CELL_SEPARATOR`], and it is a block of its own.
    table_row: bool,
}

/// One word of a line: its horizontal extent and its byte range in the line's text.
#[derive(Debug, Clone, Copy)]
struct Word {
    x0: f64,
    x1: f64,
    start: u32,
    end: u32,
}

/// Reads the text layer of every page.
fn read_pages(
    bytes: &[u8],
    diagnostics: &mut Vec<String>,
) -> Result<Vec<PageGlyphs>, ExtractError> {
    let loaded = catch_unwind(|| pdf_extract::Document::load_mem(bytes));
    let mut doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => {
            return Err(ExtractError::Malformed(format!(
                "the PDF cannot be parsed ({e})"
            )));
        }
        Err(_) => {
            return Err(ExtractError::Malformed(
                "the PDF parser gave up on this file".into(),
            ));
        }
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ExtractError::Malformed(
            "the PDF is encrypted with a password: decrypt it first".into(),
        ));
    }
    let page_numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut pages = Vec::with_capacity(page_numbers.len());
    for number in page_numbers {
        let mut collector = GlyphCollector::default();
        let result = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut collector, number)
        }));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => diagnostics.push(format!("page {number}: text partly unreadable ({e})")),
            Err(_) => diagnostics.push(format!(
                "page {number}: the PDF parser gave up on this page"
            )),
        }
        pages.push(collector.page);
    }
    Ok(pages)
}

/// Groups a page's glyphs into lines: glyphs whose baselines are within half a size of each
/// other, sorted left to right; lines sorted top to bottom.
/// Layout factors, in multiples of the font size (or of the page), set by hand on the UN PDFs
/// of the bundled corpus when PDF extraction was written (9c2bd23) and kept since because
/// tests/extract.rs and tests/segment_pdfs.rs (real PDFs) pass with them; none was swept.
///
/// Two glyphs are on one baseline when their heights differ by less than this share of the
/// larger font size.
const SAME_BASELINE: f64 = 0.5;
/// A glyph smaller than this share of the line's size …
const SUPERSCRIPT_SIZE: f64 = 0.8;
/// … and raised by more than this share of it is a superscript (a footnote mark).
const SUPERSCRIPT_RISE: f64 = 0.15;
/// A horizontal gap wider than this many font sizes separates segments (table cells, a
/// footer's job number and barcode).
const SEGMENT_GAP: f64 = 2.5;
/// A gap wider than this share of the font size is a space between words.
const WORD_GAP: f64 = 0.15;
/// Lines whose size differs from the body size by less than this (points) are body text.
const BODY_SIZE_TOLERANCE: f64 = 0.6;
/// Lines in the top or bottom tenth of the page may be page furniture (bare page numbers).
const PAGE_EDGE_SHARE: f64 = 0.1;
/// A4 height in points, for a page whose size is unknown.
const DEFAULT_PAGE_HEIGHT: f64 = 842.0;
/// A font-size change of more than this (points) between two lines starts a new block.
const BLOCK_SIZE_CHANGE: f64 = 0.8;
/// A first-line indent of more than this many font sizes opens a paragraph.
const PARAGRAPH_INDENT: f64 = 0.8;
/// A line that ended with this many font sizes of room to spare beyond the next line's first
/// word ended its block.
const SPARE_ROOM: f64 = 1.5;
/// A vertical gap of more than this many line pitches starts a new block.
const BLOCK_GAP_PITCHES: f64 = 1.45;
/// The line pitch assumed when it cannot be measured, in font sizes.
const DEFAULT_PITCH: f64 = 1.2;

fn build_lines(page_index: usize, page: &PageGlyphs) -> Vec<Line> {
    // Runs: maximal stream-order sequences on one baseline.
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for (i, g) in page.glyphs.iter().enumerate() {
        let text = &page.text[g.start as usize..g.end as usize];
        if text.trim().is_empty() {
            continue;
        }
        let same = runs.last().and_then(|r| r.last()).is_some_and(|&j| {
            let p = &page.glyphs[j];
            (p.y - g.y).abs() < SAME_BASELINE * p.size.max(g.size) && g.x > p.x - p.size
        });
        match runs.last_mut() {
            Some(run) if same => run.push(i),
            _ => runs.push(vec![i]),
        }
    }
    let baseline = |run: &Vec<usize>| {
        // The baseline of the run's largest glyph (superscripts ride higher).
        run.iter()
            .map(|&i| page.glyphs[i])
            .fold((0.0f64, 0.0f64), |(best_size, y), g| {
                if g.size > best_size {
                    (g.size, g.y)
                } else {
                    (best_size, y)
                }
            })
    };
    let mut keyed: Vec<(f64, f64, f64, Vec<usize>)> = runs
        .into_iter()
        .map(|r| {
            let (size, y) = baseline(&r);
            let x = page.glyphs[r[0]].x;
            (y, x, size, r)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    // Merge runs on the same baseline into lines.
    let mut groups: Vec<(f64, f64, Vec<usize>)> = Vec::new();
    for (y, _x, size, run) in keyed {
        match groups.last_mut() {
            Some((gy, gsize, glyphs)) if (y - *gy).abs() < SAME_BASELINE * size.max(*gsize) => {
                glyphs.extend(run);
                if size > *gsize {
                    *gsize = size;
                    *gy = y;
                }
            }
            _ => groups.push((y, size, run)),
        }
    }
    groups
        .into_iter()
        .filter_map(|(y, size, mut glyphs)| {
            glyphs.sort_by(|&a, &b| page.glyphs[a].x.total_cmp(&page.glyphs[b].x));
            line_from_glyphs(page_index, page, y, size, &glyphs)
        })
        .collect()
}

/// Builds one line's text: spaces where glyphs are apart, superscript digits dropped.
fn line_from_glyphs(
    page_index: usize,
    page: &PageGlyphs,
    y: f64,
    size: f64,
    idx: &[usize],
) -> Option<Line> {
    let mut text = String::new();
    let mut segments: Vec<String> = vec![String::new()];
    let mut lead_marker: Option<String> = None;
    let mut last_end: Option<f64> = None;
    let mut x0 = f64::INFINITY;
    let mut x1 = f64::NEG_INFINITY;
    let mut first_word_width = 0.0;
    let mut first_word_done = false;
    let mut first_word_start: Option<f64> = None;
    let mut words: Vec<Word> = Vec::new();
    // Whether the last word is still open (no space was written after it).
    let mut word_open = false;
    let mut upright = true;
    for &i in idx {
        let g = page.glyphs[i];
        upright &= g.upright;
        let s = &page.text[g.start as usize..g.end as usize];
        let superscript = g.size < SUPERSCRIPT_SIZE * size && g.y < y - SUPERSCRIPT_RISE * size;
        if superscript && s.chars().all(|c| c.is_ascii_digit() || c == ',') {
            if text.is_empty() {
                lead_marker.get_or_insert_with(String::new).push_str(s);
            }
            last_end = Some(g.x + g.w);
            continue;
        }
        if let Some(end) = last_end {
            let gap = g.x - end;
            if gap > SEGMENT_GAP * size {
                segments.push(String::new());
            }
            if gap > WORD_GAP * size && !text.ends_with(' ') && !text.is_empty() {
                word_open = false;
                text.push(' ');
                if let Some(seg) = segments.last_mut().filter(|s| !s.is_empty()) {
                    seg.push(' ');
                }
            }
        }
        if s.trim().is_empty() {
            word_open = false;
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
                if let Some(seg) = segments.last_mut().filter(|s| !s.is_empty()) {
                    seg.push(' ');
                }
            }
        } else {
            let start = text.len() as u32;
            text.push_str(s);
            let end = text.len() as u32;
            match words.last_mut() {
                Some(word) if word_open => {
                    word.x1 = word.x1.max(g.x + g.w);
                    word.end = end;
                }
                _ => words.push(Word {
                    x0: g.x,
                    x1: g.x + g.w,
                    start,
                    end,
                }),
            }
            word_open = true;
            if let Some(seg) = segments.last_mut() {
                seg.push_str(s);
            }
            x0 = x0.min(g.x);
            x1 = x1.max(g.x + g.w);
        }
        if !first_word_done {
            if s.trim().is_empty() || text.ends_with(' ') && first_word_start.is_some() {
                first_word_done = first_word_start.is_some();
            } else {
                let start = *first_word_start.get_or_insert(g.x);
                first_word_width = g.x + g.w - start;
            }
        }
        last_end = Some(g.x + g.w);
    }
    let text = text.trim().to_string();
    if text.is_empty() {
        return None;
    }
    let segments = segments
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    Some(Line {
        page: page_index,
        x0,
        x1,
        y,
        size,
        text,
        lead_marker,
        segments,
        first_word_width,
        words,
        upright,
        table_row: false,
    })
}

/// The most frequent value of `values` rounded to `step` (0 when empty).
fn mode(values: impl Iterator<Item = (f64, usize)>, step: f64) -> f64 {
    let mut counts: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for (v, weight) in values {
        *counts.entry((v / step).round() as i64).or_default() += weight;
    }
    counts
        .into_iter()
        .max_by_key(|&(k, n)| (n, -k))
        .map(|(k, _)| k as f64 * step)
        .unwrap_or(0.0)
}

/// Layout facts of the document's body text.
#[derive(Debug, Clone, Copy)]
struct BodyLayout {
    size: f64,
    left: f64,
    right: f64,
    pitch: f64,
}

fn body_layout(lines: &[&Line]) -> BodyLayout {
    let size = mode(lines.iter().map(|l| (l.size, l.text.len())), 0.5);
    let body: Vec<&Line> = lines
        .iter()
        .copied()
        .filter(|l| (l.size - size).abs() < BODY_SIZE_TOLERANCE)
        .collect();
    let left = mode(body.iter().map(|l| (l.x0, 1)), 2.0);
    let mut rights: Vec<f64> = body.iter().map(|l| l.x1).collect();
    rights.sort_by(f64::total_cmp);
    let right = rights.get(rights.len() * 9 / 10).copied().unwrap_or(0.0);
    let pitch = mode(
        body.windows(2)
            .filter(|w| w[0].page == w[1].page && w[1].y > w[0].y)
            .map(|w| (w[1].y - w[0].y, 1)),
        0.5,
    );
    BodyLayout {
        size,
        left,
        right,
        pitch: if pitch > 0.0 {
            pitch
        } else {
            size * DEFAULT_PITCH
        },
    }
}

/// Is the line page furniture? Every wide-gap segment must be furniture (a footer line often
/// holds the job number, date code and barcode side by side).
fn line_furniture(line: &Line) -> Option<Furniture> {
    let mut kind = None;
    for seg in &line.segments {
        match furniture::classify(seg) {
            Some(k) => kind = kind.or(Some(k)),
            None => return None,
        }
    }
    kind
}

/// Splits the document's lines into masthead, body and footnote lines, dropping furniture.
struct Sorted {
    masthead: Vec<String>,
    body: Vec<Line>,
    footnotes: Vec<Line>,
    furniture: usize,
}

fn sort_lines(pages: Vec<Vec<Line>>, heights: &[f64], layout: &BodyLayout) -> Sorted {
    let mut sorted = Sorted {
        masthead: Vec::new(),
        body: Vec::new(),
        footnotes: Vec::new(),
        furniture: 0,
    };
    for (p, lines) in pages.into_iter().enumerate() {
        let height = heights.get(p).copied().unwrap_or(DEFAULT_PAGE_HEIGHT);
        let rule_y = lines
            .iter()
            .find(|l| l.text.len() >= 5 && l.text.chars().all(|c| c == '_' || c == ' '))
            .map(|l| l.y);
        let mut in_masthead = p == 0;
        for line in lines {
            if line.text.chars().all(|c| c == '_' || c == ' ') {
                continue;
            }
            let edge =
                line.y < height * PAGE_EDGE_SHARE || line.y > height * (1.0 - PAGE_EDGE_SHARE);
            let furniture = line_furniture(&line).or_else(|| {
                (edge && furniture::is_bare_page_number(&line.text))
                    .then_some(Furniture::PageNumber)
            });
            if in_masthead {
                // The masthead ends with "Original: …" (or at the first body-size paragraph
                // line that reaches the right margin).
                let full_line = line.x1 > layout.right - 2.0 * layout.size
                    && (line.size - layout.size).abs() < BODY_SIZE_TOLERANCE;
                if full_line || sorted.masthead.len() > 12 {
                    in_masthead = false;
                } else {
                    if !matches!(
                        furniture,
                        Some(
                            Furniture::JobNumber
                                | Furniture::Barcode
                                | Furniture::DateCode
                                | Furniture::Recycle
                                | Furniture::PageNumber
                        )
                    ) {
                        sorted.masthead.extend(line.segments.iter().cloned());
                    } else {
                        sorted.furniture += 1;
                    }
                    if line.text.starts_with("Original:") {
                        in_masthead = false;
                    }
                    continue;
                }
            }
            if furniture.is_some() {
                sorted.furniture += 1;
                continue;
            }
            let below_rule = rule_y.is_some_and(|ry| line.y > ry);
            if below_rule && line.size < layout.size + 0.3 {
                sorted.footnotes.push(line);
            } else {
                sorted.body.push(line);
            }
        }
    }
    sorted
}

/// Is the break between two body lines hard (a new block starts at `b`)?
fn is_hard_break(a: &Line, b: &Line, layout: &BodyLayout) -> bool {
    if a.table_row || b.table_row {
        return true;
    }
    if rejoin::is_number_alone(&a.text) {
        return false;
    }
    if rejoin::starts_block(&b.text, &a.text) {
        return true;
    }
    if (a.size - b.size).abs() > BLOCK_SIZE_CHANGE {
        return true;
    }
    let indent = PARAGRAPH_INDENT * layout.size;
    // A first-line indent opens a paragraph.
    if b.x0 > a.x0 + indent && b.x0 > layout.left + indent {
        return true;
    }
    // The first word of `b` would have fitted on `a`: `a` ended its block.
    let room = layout.right - a.x1;
    if room > b.first_word_width + SPARE_ROOM * layout.size {
        return true;
    }
    if a.page == b.page {
        let gap = b.y - a.y;
        if gap < 0.0 || gap > layout.pitch * BLOCK_GAP_PITCHES {
            return true;
        }
    }
    false
}

/// Re-joins body lines into blocks.
fn join_body(
    lines: &[Line],
    layout: &BodyLayout,
    lang: Lang,
    evidence: &HyphenEvidence,
) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    for (i, line) in lines.iter().enumerate() {
        let hard = i == 0 || is_hard_break(&lines[i - 1], line, layout);
        if hard {
            push_block(&mut blocks, &mut current);
            current.push_str(&line.text);
        } else {
            rejoin::glue(&mut current, &line.text, lang, evidence);
        }
    }
    push_block(&mut blocks, &mut current);
    blocks
}

fn push_block(blocks: &mut Vec<String>, current: &mut String) {
    let block = rejoin::repair_spacing(current);
    if !block.is_empty() {
        blocks.push(block);
    }
    current.clear();
}

/// Groups footnote lines into notes: a note starts with its number.
fn join_footnotes(lines: &[Line], lang: Lang, evidence: &HyphenEvidence) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for line in lines {
        let starts_note = line.lead_marker.is_some()
            || line
                .text
                .split_whitespace()
                .next()
                .is_some_and(|w| w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit()));
        match (starts_note, notes.last_mut()) {
            (false, Some(last)) => rejoin::glue(last, &line.text, lang, evidence),
            _ => {
                let mut note = String::new();
                if let Some(m) = &line.lead_marker {
                    note.push_str(m);
                    note.push(' ');
                }
                note.push_str(&line.text);
                notes.push(note);
            }
        }
    }
    notes
        .into_iter()
        .map(|n| rejoin::repair_spacing(&n))
        .filter(|n| !n.is_empty())
        .collect()
}

/// Extracts clean text from PDF bytes.
pub fn extract_pdf(bytes: &[u8], lang: Lang) -> Result<Extracted, ExtractError> {
    let mut diagnostics = Vec::new();
    let pages = read_pages(bytes, &mut diagnostics)?;
    let page_count = pages.len();
    if page_count == 0 {
        return Err(ExtractError::Malformed("the PDF has no pages".into()));
    }
    let visible: usize = pages
        .iter()
        .map(|p| p.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    if visible < MIN_CHARS_PER_PAGE * page_count {
        return Err(ExtractError::NoTextLayer { pages: page_count });
    }
    let heights: Vec<f64> = pages.iter().map(|p| p.height).collect();
    let lines: Vec<Vec<Line>> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| build_lines(i, p))
        .collect();
    let all: Vec<&Line> = lines.iter().flatten().collect();
    let layout = body_layout(&all);
    let whole: String = all
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let evidence = HyphenEvidence::from_text(&whole);
    let sorted = sort_lines(lines, &heights, &layout);
    let tables = table::rebuild_tables(sorted.body, &layout, lang, &evidence);
    let mut blocks = sorted.masthead.clone();
    blocks.extend(join_body(&tables.lines, &layout, lang, &evidence));
    let footnotes = join_footnotes(&sorted.footnotes, lang, &evidence);
    if sorted.furniture > 0 {
        diagnostics.push(format!("removed {} page-furniture lines", sorted.furniture));
    }
    if tables.rows > 0 {
        diagnostics.push(format!(
            "read {} table rows column by column ({} repeated header rows dropped)",
            tables.rows, tables.repeated_headers
        ));
    }
    if blocks.is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(Extracted {
        text: blocks.join("\n"),
        footnotes,
        pages: page_count,
        diagnostics,
    })
}
