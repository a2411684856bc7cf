//! Tables in the PDF text layer, read column by column.
//!
//! Reading a page across its baselines interleaves the columns of a table ("Given the growing
//! concern that individuals 130 The Committee agreed to write to Member designated on the ISIL
//! …", S/2025/476). Here a page is looked at as a table only on geometric evidence:
//! - at least [`MIN_SPLIT_LINES`] of its lines hold two words more than `SEGMENT_GAP` font
//!   sizes apart ("split lines");
//! - *gutters*: x-intervals at least [`MIN_GUTTER`] font sizes wide that no word of any split
//!   line touches, with words on both sides on at least [`MIN_SPLIT_LINES`] split lines. Word
//!   spaces never line up like that over several lines; column edges do.
//!
//! A gap after a dot leader (a contents line) and a line with rotated glyphs (a landscape
//! page's margin furniture) are no evidence.
//!
//! A line with a word across the middle of a gutter (a heading row spanning the table,
//! running text above or below it) is left as it is. A run of consecutive lines that cross no
//! gutter and holds a split line is cut into rows, top down: a new row starts after a vertical
//! gap wider than a block gap; where the first column's text starts a new block (a number
//! "4.", or the line above it ended with room to spare for this line's first word, as for body
//! text) or is a bare row number ("12"); and, in a table with one line per row (most lines
//! with text in two columns fill every column but the first), at every line with text in two
//! columns. Each column of a row is then read top down and re-joined like body text; the cells
//! of a row with two non-empty cells or more become one line, cells separated by
//! [`CELL_SEPARATOR`]; a cell holding only a printed number ("1.") is kept with the next
//! cell. A row with a single non-empty cell (a section title inside the table) stays as its
//! lines were. A page's first row equal to the first row of an earlier page's table (the
//! header repeated on each page) is dropped.

use super::{BLOCK_GAP_PITCHES, BodyLayout, Line, SEGMENT_GAP, SPARE_ROOM, Word};
use crate::extract::CELL_SEPARATOR;
use crate::extract::rejoin::{self, HyphenEvidence};
use crate::model::Lang;
use std::collections::HashSet;

/// A page is read as a table only when at least this many of its lines are split by a wide
/// gap, and a gutter needs words on both sides on this many of them. Three: a pair of
/// side-by-side signatures (two split lines: the "(Signed)" names and one title line) stays
/// running text; the two table pages of S/2025/476 have 14 and 16 split lines.
const MIN_SPLIT_LINES: usize = 3;

/// A gutter is at least this many font sizes wide. Word spaces in the corpus PDFs are 0.25 to
/// 0.35 font sizes (3 pt at 10 pt in S/2025/476); the narrowest gutter there, between the
/// right-aligned "Paragraph" column and the first column, is 0.67 (6.7 pt); the one after it
/// 0.97. Half a font size separates the two with room on both sides.
const MIN_GUTTER: f64 = 0.5;

/// A table whose lines with text in two columns or more have text in every column (the
/// first aside: a year printed once for its months) at least this often has one line per row. Two thirds: in S/2025/476 (cells wrapped over many lines)
/// 2 of 9 such lines are full; in the troop tables of S/2025/383 and S/2025/97 (one country
/// per line) nearly all are.
const DENSE_SHARE: f64 = 2.0 / 3.0;

/// A row number alone in the first column ("12", "12.") has at most this many digits.
const MAX_ROW_NUMBER_DIGITS: usize = 4;

/// The body lines with tables rebuilt, and what was done.
pub(super) struct Tables {
    /// Body lines in reading order; a rebuilt row is one line with `table_row` set.
    pub lines: Vec<Line>,
    /// Rows rebuilt column by column.
    pub rows: usize,
    /// Header rows dropped because an earlier page's table opened with the same row.
    pub repeated_headers: usize,
}

/// What the rebuilding needs to know about the document.
struct Context<'a> {
    layout: &'a BodyLayout,
    lang: Lang,
    evidence: &'a HyphenEvidence,
}

/// Rebuilds the tables of every page of `body` (lines in page order, furniture and
/// footnotes already set aside).
pub(super) fn rebuild_tables(
    body: Vec<Line>,
    layout: &BodyLayout,
    lang: Lang,
    evidence: &HyphenEvidence,
) -> Tables {
    let context = Context {
        layout,
        lang,
        evidence,
    };
    let mut tables = Tables {
        lines: Vec::with_capacity(body.len()),
        rows: 0,
        repeated_headers: 0,
    };
    let mut first_rows: HashSet<String> = HashSet::new();
    let mut page: Vec<Line> = Vec::new();
    for line in body {
        if page.last().is_some_and(|l| l.page != line.page) {
            rebuild_page(
                std::mem::take(&mut page),
                &context,
                &mut first_rows,
                &mut tables,
            );
        }
        page.push(line);
    }
    rebuild_page(page, &context, &mut first_rows, &mut tables);
    tables
}

/// Does the line hold two words more than `SEGMENT_GAP` font sizes apart? A gap after a dot
/// leader ("Introduction . . . . .   3", a contents line) does not count.
fn is_split(line: &Line) -> bool {
    line.upright
        && line.words.windows(2).any(|w| {
            w[1].x0 - w[0].x1 > SEGMENT_GAP * line.size
                && !line.text[w[0].start as usize..w[0].end as usize]
                    .chars()
                    .all(|c| matches!(c, '.' | '…' | '_'))
        })
}

/// A gutter: the free x-interval `(left, right)` between two columns.
type Gutter = (f64, f64);

/// The gutters of a page: free x-intervals of the split lines (see the module note).
fn find_gutters(lines: &[Line], split: &[usize]) -> Vec<Gutter> {
    let size = split.iter().map(|&i| lines[i].size).sum::<f64>() / split.len() as f64;
    let mut spans: Vec<(f64, f64)> = split
        .iter()
        .flat_map(|&i| lines[i].words.iter().map(|w| (w.x0, w.x1)))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut free: Vec<Gutter> = Vec::new();
    let mut covered_to = f64::NEG_INFINITY;
    for (x0, x1) in spans {
        if x0 > covered_to && covered_to.is_finite() {
            free.push((covered_to, x0));
        }
        covered_to = covered_to.max(x1);
    }
    free.retain(|&(left, right)| {
        right - left >= MIN_GUTTER * size
            && split
                .iter()
                .filter(|&&i| {
                    let words = &lines[i].words;
                    words.iter().any(|w| w.x1 <= left) && words.iter().any(|w| w.x0 >= right)
                })
                .count()
                >= MIN_SPLIT_LINES
    });
    free
}

/// The middle of a gutter: the line between two columns.
fn middle(gutter: &Gutter) -> f64 {
    (gutter.0 + gutter.1) / 2.0
}

/// The column (0 = leftmost) a word of a line that crosses no gutter belongs to.
fn column_of(word: &Word, gutters: &[Gutter]) -> usize {
    let centre = (word.x0 + word.x1) / 2.0;
    gutters.iter().filter(|g| middle(g) < centre).count()
}

/// Does a word of the line straddle the middle of a gutter? (A word of a line without a
/// wide gap may reach a little into a gutter found on the split lines: "databases" ends 1 pt
/// past the first column's widest split line in S/2025/476.)
fn crosses(line: &Line, gutters: &[Gutter]) -> bool {
    line.words.iter().any(|w| {
        gutters.iter().any(|g| {
            let m = middle(g);
            w.x0 < m && w.x1 > m
        })
    })
}

/// What becomes of a page's lines, in order.
enum Item {
    /// The line as it was.
    Keep(usize),
    /// A rebuilt table row.
    Row(Line),
}

fn rebuild_page(
    lines: Vec<Line>,
    context: &Context,
    first_rows: &mut HashSet<String>,
    tables: &mut Tables,
) {
    let split: Vec<usize> = (0..lines.len()).filter(|&i| is_split(&lines[i])).collect();
    let gutters = if split.len() >= MIN_SPLIT_LINES {
        find_gutters(&lines, &split)
    } else {
        Vec::new()
    };
    if gutters.is_empty() {
        tables.lines.extend(lines);
        return;
    }
    // Rotated lines (a landscape page's margin furniture) are no part of a table either.
    let crossing: Vec<bool> = lines
        .iter()
        .map(|l| !l.upright || crosses(l, &gutters))
        .collect();
    let mut items: Vec<Item> = Vec::with_capacity(lines.len());
    let mut start = 0;
    let mut first_row_of_page = true;
    while start < lines.len() {
        if crossing[start] {
            items.push(Item::Keep(start));
            start += 1;
            continue;
        }
        let end = (start..lines.len())
            .find(|&i| crossing[i])
            .unwrap_or(lines.len());
        let run: Vec<usize> = (start..end).collect();
        if run.iter().any(|i| split.contains(i)) {
            for row in rows_of_run(&lines, &run, &gutters, context) {
                match row_line(&lines, &row, &gutters, context) {
                    Some(line) => {
                        let repeated = first_row_of_page && !first_rows.insert(line.text.clone());
                        first_row_of_page = false;
                        if repeated {
                            tables.repeated_headers += 1;
                        } else {
                            tables.rows += 1;
                            items.push(Item::Row(line));
                        }
                    }
                    None => items.extend(row.iter().map(|&i| Item::Keep(i))),
                }
            }
        } else {
            items.extend(run.iter().map(|&i| Item::Keep(i)));
        }
        start = end;
    }
    let mut slots: Vec<Option<Line>> = lines.into_iter().map(Some).collect();
    for item in items {
        match item {
            Item::Keep(i) => tables.lines.extend(slots.get_mut(i).and_then(Option::take)),
            Item::Row(line) => tables.lines.push(line),
        }
    }
}

/// The words of a line in one column, as text ("" when none).
fn column_text<'l>(line: &'l Line, column: usize, gutters: &[Gutter]) -> &'l str {
    let mut words = line
        .words
        .iter()
        .filter(|w| column_of(w, gutters) == column);
    let Some(first) = words.next() else {
        return "";
    };
    let last = words.next_back().unwrap_or(first);
    &line.text[first.start as usize..last.end as usize]
}

/// Is this a row number standing alone in its cell ("12", "12.", "3)")?
fn is_row_number(cell: &str) -> bool {
    let digits = cell.trim_end_matches(['.', ')']);
    (1..=MAX_ROW_NUMBER_DIGITS).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && cell.len() - digits.len() <= 1
}

/// Cuts a run of lines (crossing no gutter) into rows; see the module note.
fn rows_of_run(
    lines: &[Line],
    run: &[usize],
    gutters: &[Gutter],
    context: &Context,
) -> Vec<Vec<usize>> {
    let layout = context.layout;
    let columns = gutters.len() + 1;
    // Which columns each line has text in.
    let filled: Vec<Vec<bool>> = run
        .iter()
        .map(|&i| {
            let mut filled = vec![false; columns];
            for w in &lines[i].words {
                filled[column_of(w, gutters)] = true;
            }
            filled
        })
        .collect();
    let multi_column = |k: usize| filled[k].iter().filter(|&&x| x).count() >= 2;
    let multi = (0..run.len()).filter(|&k| multi_column(k)).count();
    let full = filled
        .iter()
        .filter(|f| f.iter().skip(1).all(|&x| x))
        .count();
    // One line per row (a list of countries and figures): most lines with text in two
    // columns have text in all of them (the first column aside: a year or group printed once
    // for several rows); then every such line opens a row.
    let dense = full as f64 >= DENSE_SHARE * multi as f64;
    // The right edge of the first column: where its lines wrap.
    let first_right = run
        .iter()
        .flat_map(|&i| lines[i].words.iter())
        .filter(|w| column_of(w, gutters) == 0)
        .map(|w| w.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut rows: Vec<Vec<usize>> = Vec::new();
    // The last line of the current row with text in the first column.
    let mut last_first: Option<usize> = None;
    // Whether the current row has a line with text in two columns yet.
    let mut row_spans_columns = false;
    for (k, &i) in run.iter().enumerate() {
        let line = &lines[i];
        let first_word = line.words.first().filter(|w| column_of(w, gutters) == 0);
        let first_text = column_text(line, 0, gutters);
        let new_row = match rows.last().and_then(|row| row.last()) {
            None => true,
            Some(&previous) => {
                let gap = line.y - lines[previous].y;
                let first_column_break = match (first_word, last_first) {
                    (Some(word), Some(above)) => {
                        let above_line = &lines[above];
                        let above_end = above_line
                            .words
                            .iter()
                            .filter(|w| column_of(w, gutters) == 0)
                            .map(|w| w.x1)
                            .fold(f64::NEG_INFINITY, f64::max);
                        let room = first_right - above_end;
                        rejoin::starts_block(first_text, column_text(above_line, 0, gutters))
                            || room > (word.x1 - word.x0) + SPARE_ROOM * layout.size
                    }
                    (Some(_), None) => rejoin::starts_block(first_text, ""),
                    _ => false,
                };
                // (A header cell wrapped above the others, "Date of submission to" over "the
                // mechanism | Area | Violations" in S/2025/107, stays in the header row.)
                let opens_dense_row = dense && multi_column(k) && row_spans_columns;
                gap > layout.pitch * BLOCK_GAP_PITCHES
                    || first_column_break
                    || is_row_number(first_text)
                    || opens_dense_row
            }
        };
        if new_row {
            rows.push(Vec::new());
            last_first = None;
            row_spans_columns = false;
        }
        row_spans_columns |= multi_column(k);
        if first_word.is_some() {
            last_first = Some(i);
        }
        if let Some(row) = rows.last_mut() {
            row.push(i);
        }
    }
    rows
}

/// The row's cells, each column read top down and re-joined; `None` when fewer than two
/// cells hold text (not a table row: its lines stay as they are).
fn row_line(lines: &[Line], row: &[usize], gutters: &[Gutter], context: &Context) -> Option<Line> {
    let mut cells: Vec<String> = vec![String::new(); gutters.len() + 1];
    for &i in row {
        for (column, cell) in cells.iter_mut().enumerate() {
            let text = column_text(&lines[i], column, gutters);
            if !text.is_empty() {
                rejoin::glue(cell, text, context.lang, context.evidence);
            }
        }
    }
    // A cell holding only a printed number ("1.") opens the next cell.
    let mut kept: Vec<String> = Vec::with_capacity(cells.len());
    let mut number: Option<String> = None;
    for cell in cells {
        let cell = rejoin::repair_spacing(&cell);
        if cell.is_empty() {
            continue;
        }
        if rejoin::is_number_alone(&cell) {
            number = Some(number.map_or(cell.clone(), |n| format!("{n} {cell}")));
            continue;
        }
        kept.push(match number.take() {
            Some(n) => format!("{n} {cell}"),
            None => cell,
        });
    }
    kept.extend(number);
    if kept.len() < 2 {
        return None;
    }
    let first = &lines[*row.first()?];
    let x0 = row
        .iter()
        .map(|&i| lines[i].x0)
        .fold(f64::INFINITY, f64::min);
    let x1 = row
        .iter()
        .map(|&i| lines[i].x1)
        .fold(f64::NEG_INFINITY, f64::max);
    Some(Line {
        page: first.page,
        x0,
        x1,
        y: first.y,
        size: first.size,
        text: kept.join(&CELL_SEPARATOR.to_string()),
        lead_marker: None,
        segments: Vec::new(),
        first_word_width: 0.0,
        words: Vec::new(),
        upright: true,
        table_row: true,
    })
}
