//! The citation grammar (Chinese and English): finds references to UN documents and their
//! paragraphs in text, canonicalizes symbols, completes bare resolution numbers with their year,
//! and expands paragraph lists and ranges.
//!
//! How it works: fast substring search finds the places where a citation can start ("第",
//! "该决议", "同上", the number before "号决议", "resolution", "UNSCR", "para", "annex", "¶", and the
//! letter before a "/"), then a small
//! recursive-descent grammar over a white-space-skipping token [`lexer`] reads the citation there.
//! Line breaks and extra spaces inside a citation are skipped by the lexer, full-width digits and
//! brackets are mapped, and every span is a byte range of the original input.
//!
//! Traditional characters are folded to simplified ones first ([`fold_traditional`], char for
//! char: offsets are unchanged), so "第2395(2017)號決議第17段" and "執行部分" read as the simplified
//! forms; `raw` is always the original text.
//!
//! Decisions (see `tests/fixtures/cite/COVERAGE.md`):
//! - One [`Citation`] per cited document per mention; co-cited documents of one mention
//!   ("resolutions 2253 (2015) and 2368 (2017)") share the mention's span and `raw`.
//! - A resolution named in full is cited, also inside a committee's name ("the Committee
//!   established pursuant to resolution 1373 (2001)", "第 1373(2001)号决议所设委员会"): the text
//!   literally names the resolution. The shorthand "the 1267 Committee" has no "resolution"
//!   and is not a citation.
//! - The document's own symbol is never a citation; symbols inside URLs are link targets (page
//!   furniture of UN PDFs), not prose, and are skipped.
//! - Bare resolution numbers ("resolution 2734", "第 2396 号决议") are completed from the year
//!   table when the number is at least 100 or the Security Council is named; "chap. I,
//!   resolution 1" (a conference resolution) is not read as S/RES/1(1946).
//! - Anaphora: "paragraphs 4 and 5 of 2178", "paragraph 3 of that resolution", "该决议第 5 段"
//!   (also 上述决议, 这项决议, 该项决议, 此项决议) resolve to the nearest preceding citation of a
//!   resolution in the document ([`Citer`] keeps them across paragraphs); "the former"/"the
//!   latter", 前者/后者 to the earlier/later of the last two. The citation's `antecedent` is the
//!   text of that earlier mention. An anaphor without a paragraph number is not a citation.
//! - A document described in words is cited when its symbol follows the description ("paragraph
//!   5 of the Secretary-General's report (S/2025/6)"); without a symbol it is not a citation.
//! - A PDF page break inside a citation (job number, page number and running-symbol lines) is
//!   skipped by the [`lexer`].
//! - Preambular paragraphs are `ppN` ("preambular paragraph 5", "PP5", "fifth preambular
//!   paragraph", "序言部分第 5 段"); operative ones their number ("operative paragraph 6", "OP6",
//!   "执行部分第 6 段" → "6").
//! - A paragraph list with no document of its own ("its paragraph 6", 其第6段, "(paras. 5 and
//!   6 (b))") continues the citation just before it, in the same sentence ("its": or the next),
//!   unless another document or "above"/"below" is named in between
//!   ([`Context::unattached_target`]); "paragraph 3 of the note" points at the last document
//!   described as a note. Lettered parts are numbered by position ("annex B" → `annex-2`).
//! - "Ibid., para. 4" cites the document cited just before, unless a non-UN source (an
//!   unattached "para. 38", a URL, "pp.") came in between, and only when "Ibid." opens a note or
//!   follows "see (also)"; "同上，第 4 段" likewise.

mod grammar_en;
mod grammar_zh;
mod input;
mod lexer;
mod paragraphs;
mod stream;
mod symbols;
mod years;

pub use input::{FoundCitation, cite_bytes, cite_input};
pub use stream::{StreamedCitation, cite_reader, cite_text, masthead_symbol};
pub use years::resolution_year;

use crate::error::Error;
use crate::model::{Citation, Span, Symbol, fold_traditional};
use lexer::Cursor;
use memchr::memmem;
use std::sync::LazyLock;

/// A document cited by one mention, before it becomes a [`Citation`].
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub symbol: Symbol,
    pub part: Option<String>,
    pub paragraphs: Vec<String>,
    /// For an anaphor ("该决议", "that resolution", "the former"): the text of the earlier
    /// mention it was resolved to.
    pub antecedent: Option<String>,
}

/// One mention: a byte range of the input and the documents it cites.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub targets: Vec<Target>,
}

impl Mention {
    /// The mention of a group of resolutions (`symbols`) with the part and paragraphs printed
    /// after it: each resolution gets all the paragraphs, or, when `distributed` ("respectively",
    /// 分别: as many paragraphs as resolutions), the paragraph in its own position.
    pub(crate) fn of_group(
        (start, end): (usize, usize),
        symbols: Vec<Symbol>,
        part: Option<String>,
        paragraphs: Vec<String>,
        distributed: bool,
    ) -> Mention {
        let targets = symbols
            .into_iter()
            .enumerate()
            .map(|(i, symbol)| Target {
                symbol,
                part: part.clone(),
                paragraphs: if distributed {
                    vec![paragraphs[i].clone()]
                } else {
                    paragraphs.clone()
                },
                antecedent: None,
            })
            .collect();
        Mention {
            start,
            end,
            targets,
        }
    }

    /// The mention of paragraphs that continue the citation before them ("its paragraph 6",
    /// 其第6段): one target, the document [`Context::unattached_target`] found, with the raw
    /// text it was resolved from as the antecedent.
    pub(crate) fn continuing(
        (start, end): (usize, usize),
        (symbol, part, raw): (Symbol, Option<String>, String),
        paragraphs: Vec<String>,
    ) -> Mention {
        Mention {
            start,
            end,
            targets: vec![Target {
                symbol,
                part,
                paragraphs,
                antecedent: Some(raw),
            }],
        }
    }
}

/// What the grammar knows about the document so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    /// Resolutions cited so far with the text of their last mention, most recent last (at most
    /// [`RECENT_MAX`]).
    recent: Vec<(Symbol, String)>,
    /// Reading what a person typed: lower-case symbols and any bare resolution number accepted.
    pub reference_mode: bool,
    /// The document the last mention cited, for "Ibid., para. 4".
    last_cited: Option<(Symbol, Option<String>)>,
    /// Something that is not a UN document was cited after `last_cited` (an unattached
    /// "para. 38", a URL, "pp. 16–18"): "Ibid." then points at that, not at `last_cited`.
    last_cited_blocked: bool,
    /// Byte offset in the current text where the look for such sources resumes.
    resume_at: usize,
    /// The text of the mention that cited `last_cited`.
    last_cited_raw: String,
    /// The last document cited that is not a resolution, for "paragraph 3 of the note".
    last_document: Option<NamedDocument>,
}

/// A document (not a resolution) cited earlier, with the words around its mention.
#[derive(Debug, Clone)]
struct NamedDocument {
    symbol: Symbol,
    raw: String,
    /// Lower-cased text just before the mention and the mention itself ("the note by the
    /// president … (s/2016/44)"): what "the note" must find to point at it.
    described: String,
}

/// How far before a mention the words that describe its document are looked for ("The note by
/// the President of the Security Council of 16 January 2016 (S/2016/44)": 70 bytes; a letter's
/// title is about 150).
const DESCRIBED_BACK_BYTES: usize = 160;

/// Farthest an unattached paragraph ("its paragraph 6", "(paras. 5 and 6 (b))") may be from the
/// citation it continues, in bytes of the same sentence. A sentence of S/2025/411 lists four
/// bracketed paragraphs of annex B within 190 bytes of "annex B of resolution 2231 (2015)";
/// a UN sentence is rarely longer than 300 bytes.
const MAX_UNATTACHED_BACK_BYTES: usize = 320;

/// Words naming a document that was not cited ("General Assembly resolution 1761 (XVID …), and
/// particularly in its paragraphs 4 and 8" in an OCR text; "the report of the Panel (para.
/// 12)"): an unattached paragraph after one of them is that document's, not the last cited.
const OTHER_DOCUMENT_WORDS: [&str; 10] = [
    "resolution",
    "report",
    "letter",
    "note",
    "decision",
    "statement",
    "declaration",
    "convention",
    "strategy",
    "document",
];

/// The same in Chinese (folded text): 决议, 报告, 函, 说明 (note), 决定, 声明, 宣言, 公约, 战略, 文件.
const OTHER_DOCUMENT_WORDS_ZH: [&str; 10] = [
    "决议", "报告", "函", "说明", "决定", "声明", "宣言", "公约", "战略", "文件",
];

/// True when `between` names a document ([`OTHER_DOCUMENT_WORDS`], singular or plural, or
/// [`OTHER_DOCUMENT_WORDS_ZH`]).
fn names_another_document(between: &str) -> bool {
    if !between.is_ascii() && OTHER_DOCUMENT_WORDS_ZH.iter().any(|w| between.contains(w)) {
        return true;
    }
    between
        .split(|c: char| !c.is_ascii_alphabetic())
        .map(|w| w.to_ascii_lowercase())
        .any(|w| {
            let w = w.strip_suffix('s').unwrap_or(&w);
            OTHER_DOCUMENT_WORDS.contains(&w)
        })
}

/// Words that point inside the citing text ("as noted above (para. 12)", "如上文所述"): an
/// unattached paragraph after them is the citing document's own.
const SELF_POINTERS: [&str; 6] = ["above", "below", "herein", "上文", "下文", "本"];

/// True when `between` holds the end of a sentence: ". " (or "? " / "! ") before a capital,
/// "。" or a blank line.
fn ends_sentence(between: &str) -> bool {
    if between.contains('。') || between.contains("\n\n") {
        return true;
    }
    let b = between.as_bytes();
    b.windows(3).any(|w| {
        matches!(w[0], b'.' | b'?' | b'!')
            && w[1].is_ascii_whitespace()
            && w[2].is_ascii_uppercase()
    })
}

/// Signs that a non-UN source was cited: its "Ibid." is not ours.
const FOREIGN_SOURCE_MARKS: [&str; 5] = ["http", "available at", " pp. ", " p. ", "www."];

fn has_foreign_source_mark(slice: &str) -> bool {
    FOREIGN_SOURCE_MARKS.iter().any(|m| slice.contains(m))
}

const RECENT_MAX: usize = 64;

/// True for a resolution of any body (`S/RES/…`, `A/RES/…`, `A/HRC/RES/…`, `E/RES/…`):
/// what "that resolution" and "该决议" can point at.
fn is_resolution(symbol: &Symbol) -> bool {
    symbol.as_str().contains("/RES/")
}

impl Context {
    /// The resolution numbered `number` cited earlier in the document.
    pub fn resolution_numbered(&self, number: u32) -> Option<Symbol> {
        self.recent
            .iter()
            .rev()
            .find(|(s, _)| s.sc_resolution_parts().is_some_and(|(n, _)| n == number))
            .map(|(s, _)| s.clone())
    }

    /// The resolution cited last ("that resolution", "该决议") and the text that cited it.
    pub fn last_resolution(&self) -> Option<(Symbol, String)> {
        self.recent.last().cloned()
    }

    /// "The former" (`back` = 1) or "the latter" (`back` = 0) of the last two resolutions cited.
    pub fn recent_resolution(&self, back: usize) -> Option<(Symbol, String)> {
        if self.recent.len() < 2 {
            return None;
        }
        self.recent.get(self.recent.len() - 1 - back).cloned()
    }

    /// The mention of an "Ibid." / "同上" at `start..end` of `text` citing `paragraphs` (of
    /// `part` when one is named) of its target ([`Context::ibid_target`]).
    pub(crate) fn ibid_mention(
        &self,
        text: &str,
        (start, end): (usize, usize),
        part: Option<String>,
        paragraphs: Vec<String>,
    ) -> Option<Mention> {
        let (symbol, last_part) = self.ibid_target(text, start)?;
        // "Ibid., annex I, para. 3" names its part; "Ibid., para. 4" stays in the last one.
        let part = part.or(last_part);
        Some(Mention {
            start,
            end,
            targets: vec![Target {
                symbol,
                part,
                paragraphs,
                antecedent: None,
            }],
        })
    }

    /// The target of "Ibid." at `pos` of `text`, unless another source came in between.
    pub fn ibid_target(&self, text: &str, pos: usize) -> Option<(Symbol, Option<String>)> {
        if self.last_cited_blocked {
            return None;
        }
        let between = text.get(self.resume_at.min(pos)..pos)?;
        if has_foreign_source_mark(between) {
            return None;
        }
        self.last_cited.clone()
    }

    /// The document an unattached paragraph list at `pos` continues ("…; its paragraph 6",
    /// "(paras. 5 and 6 (b))"): the one cited last, in the same sentence (or the one before,
    /// `next_sentence`), within [`MAX_UNATTACHED_BACK_BYTES`], with no other source in
    /// between; with its part and the text of its mention.
    pub fn unattached_target(
        &self,
        text: &str,
        pos: usize,
        next_sentence: bool,
    ) -> Option<(Symbol, Option<String>, String)> {
        if self.last_cited_blocked || self.resume_at > pos {
            return None;
        }
        let between = text.get(self.resume_at..pos)?;
        if between.len() > MAX_UNATTACHED_BACK_BYTES
            || (!next_sentence && ends_sentence(between))
            || has_foreign_source_mark(between)
            || names_another_document(between)
            || SELF_POINTERS.iter().any(|w| between.contains(w))
        {
            return None;
        }
        let (symbol, part) = self.last_cited.clone()?;
        Some((symbol, part, self.last_cited_raw.clone()))
    }

    /// The last document cited that is not a resolution, when `noun` ("note", "report",
    /// "letter") was used to describe it: what "paragraph 3 of the note" points at.
    pub fn document_named(&self, noun: &str) -> Option<(Symbol, String)> {
        let doc = self.last_document.as_ref()?;
        doc.described
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w == noun)
            .then(|| (doc.symbol.clone(), doc.raw.clone()))
    }

    fn remember(&mut self, mention: &Mention, self_symbol: Option<&Symbol>, text: &str) {
        let cited = || {
            mention
                .targets
                .iter()
                .filter(|t| Some(&t.symbol) != self_symbol)
        };
        let raw = text.get(mention.start..mention.end).unwrap_or_default();
        // The words describing this mention's document start after the previous mention.
        let described_from = mention
            .start
            .saturating_sub(DESCRIBED_BACK_BYTES)
            .max(self.resume_at.min(mention.start));
        if let Some(t) = cited().next_back() {
            self.last_cited = Some((t.symbol.clone(), t.part.clone()));
            self.last_cited_raw = t.antecedent.clone().unwrap_or_else(|| raw.to_string());
            self.last_cited_blocked = false;
        }
        self.resume_at = mention.end;
        for t in cited() {
            if t.antecedent.is_some() {
                continue;
            }
            if !is_resolution(&t.symbol) {
                let mut from = described_from;
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                let described = text
                    .get(from..mention.end)
                    .unwrap_or_default()
                    .to_lowercase();
                self.last_document = Some(NamedDocument {
                    symbol: t.symbol.clone(),
                    raw: raw.to_string(),
                    described,
                });
            }
            if is_resolution(&t.symbol) {
                self.recent.retain(|(s, _)| s != &t.symbol);
                self.recent.push((t.symbol.clone(), raw.to_string()));
            }
        }
        if self.recent.len() > RECENT_MAX {
            let excess = self.recent.len() - RECENT_MAX;
            self.recent.drain(..excess);
        }
    }
}

/// Reads citations paragraph after paragraph of one document, remembering the resolutions cited
/// so far so that "paragraphs 4 and 5 of 2178" and "该决议第 5 段" resolve.
#[derive(Debug, Clone)]
pub struct Citer {
    self_symbol: Option<Symbol>,
    context: Context,
}

impl Citer {
    /// A reader for the document `self_symbol` (its own symbol is never reported as cited).
    pub fn new(self_symbol: Option<Symbol>) -> Citer {
        Citer {
            self_symbol,
            context: Context::default(),
        }
    }

    /// The citations in `text` (the next paragraph of the document), in order of appearance.
    pub fn cite(&mut self, text: &str) -> Vec<Citation> {
        scan(text, &mut self.context, self.self_symbol.as_ref())
    }

    /// The citations that start in `text[from..limit]` (the grammar may read past `limit` and
    /// look a little before `from`), and where the next window starts. See [`cite_reader`].
    pub(crate) fn cite_window(
        &mut self,
        text: &str,
        from: usize,
        limit: usize,
    ) -> (Vec<Citation>, usize) {
        scan_window(
            text,
            from,
            limit,
            &mut self.context,
            self.self_symbol.as_ref(),
        )
    }
}

/// The citations in `text`, read on their own (one-shot [`Citer`]).
pub fn find_citations(text: &str, self_symbol: Option<&Symbol>) -> Vec<Citation> {
    let mut context = Context::default();
    scan(text, &mut context, self_symbol)
}

/// Longest reference `parse_reference` reads.
const MAX_REFERENCE_BYTES: usize = 4096;

const REFERENCE_HELP: &str = "write a document symbol (S/RES/2395(2017), S/2022/529, A/RES/60/288), \
optionally with paragraphs (\"S/RES/2395(2017) para 17\"), or a resolution in words \
(\"resolution 2395 paragraph 17\", \"2395 (2017) 17\", \"第 2395(2017)号决议第 17 段\", \"第 2396 号决议\")";

/// Reads what a user types to `undex resolve REF` or `cited-by REF`: a citation in Chinese or
/// English prose, a bare symbol in any case, "S/RES/2395(2017) para 17", "resolution 2395
/// paragraph 17", "2395 (2017) 17" or "2395".
pub fn parse_reference(input: &str) -> Result<Vec<Citation>, Error> {
    if input.len() > MAX_REFERENCE_BYTES {
        return Err(Error::TooLarge(format!(
            "the reference is {} bytes long; the limit is {MAX_REFERENCE_BYTES}: {REFERENCE_HELP}",
            input.len()
        )));
    }
    if input.trim().is_empty() {
        return Err(Error::BadInput(format!(
            "the reference is empty: {REFERENCE_HELP}"
        )));
    }
    let mut context = Context {
        reference_mode: true,
        ..Context::default()
    };
    let found = scan(input, &mut context, None);
    if !found.is_empty() {
        return Ok(found);
    }
    if let Some(m) = grammar_en::bare_resolution_reference(input)
        && let Some(c) = to_citations(input, &m, None).into_iter().next()
    {
        return Ok(vec![c]);
    }
    Err(Error::BadInput(format!(
        "could not read a reference in '{}': {REFERENCE_HELP}",
        input.trim()
    )))
}

struct Finders {
    zh: Vec<memmem::Finder<'static>>,
    zh_hao: memmem::Finder<'static>,
    en: Vec<(memmem::Finder<'static>, usize)>,
}

/// Which earlier resolution an anaphor names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anaphor {
    /// The resolution cited last ("该决议", "that resolution").
    Last,
    /// The earlier of the last two ("前者", "the former").
    Former,
    /// The later of the last two ("后者", "the latter").
    Latter,
}

/// Chinese anaphors that open a citation: "该决议第 5 段", "上述决议执行部分第 2 段", "前一项
/// 决议第 3 段" (the former), "前述决議第 6 段" (folded to 前述决议).
pub(crate) const ZH_ANAPHORS: [(&str, Anaphor); 16] = [
    ("该决议", Anaphor::Last),
    ("这一决议", Anaphor::Last),
    ("前揭决议", Anaphor::Last),
    ("该项决议", Anaphor::Last),
    ("上述决议", Anaphor::Last),
    ("前述决议", Anaphor::Last),
    ("这项决议", Anaphor::Last),
    ("此项决议", Anaphor::Last),
    ("同一决议", Anaphor::Last),
    ("同一项决议", Anaphor::Last),
    ("前者", Anaphor::Former),
    ("前一项决议", Anaphor::Former),
    ("前一决议", Anaphor::Former),
    ("后者", Anaphor::Latter),
    ("后一项决议", Anaphor::Latter),
    ("后一决议", Anaphor::Latter),
];

/// Chinese "ibid.": "同上，第 4 段".
pub(crate) const ZH_IBID: &str = "同上";

static FINDERS: LazyLock<Finders> = LazyLock::new(|| Finders {
    zh: ["第", ZH_IBID]
        .into_iter()
        .chain(ZH_ANAPHORS.map(|(w, _)| w))
        .map(memmem::Finder::new)
        .collect(),
    zh_hao: memmem::Finder::new("号决议"),
    // (needle, how many bytes before the hit the word starts)
    en: vec![
        (memmem::Finder::new("esolution"), 1),
        (memmem::Finder::new("ESOLUTION"), 1),
        (memmem::Finder::new("para"), 0),
        (memmem::Finder::new("Para"), 0),
        (memmem::Finder::new("ubparagraph"), 1),
        (memmem::Finder::new("perative"), 1),
        (memmem::Finder::new("reambular"), 1),
        (memmem::Finder::new("nnex"), 1),
        (memmem::Finder::new("nclosure"), 1),
        (memmem::Finder::new("ppendix"), 1),
        (memmem::Finder::new("¶"), 0),
        (memmem::Finder::new("bid"), 1),
        (memmem::Finder::new("SCR"), 0),
        (memmem::Finder::new("UNSCR"), 0),
        (memmem::Finder::new("res."), 0),
        (memmem::Finder::new("Res."), 0),
        // "UNSC Res 2334": without its full stop after a named body (the lower-case "res "
        // ends many words: "measures", "procedures").
        (memmem::Finder::new("Res "), 0),
        (memmem::Finder::new("OP"), 0),
        (memmem::Finder::new("PP"), 0),
    ],
});

/// How far past a window's limit the triggers are searched: the news-style "2396号决议" starts
/// before its trigger "号决议" (a number group of at most [`NEWS_BACK_CHARS`] characters).
const TRIGGER_MARGIN: usize = 4 * NEWS_BACK_CHARS;

/// Longest number group read backwards from "号决议" ("2253(2015)和2368(2017)号决议").
const NEWS_BACK_CHARS: usize = 120;

/// Byte offsets in `[from, limit)` where a citation may start, sorted.
fn candidates(text: &str, from: usize, limit: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let search_end = (limit + TRIGGER_MARGIN).min(bytes.len());
    let hay = &bytes[from..search_end];
    let f = &*FINDERS;
    let mut out: Vec<usize> = Vec::new();
    for finder in &f.zh {
        out.extend(finder.find_iter(hay).map(|p| p + from));
    }
    for p in f.zh_hao.find_iter(hay) {
        if let Some(start) = grammar_zh::news_number_start(text, p + from) {
            out.push(start);
        }
    }
    for (finder, back) in &f.en {
        out.extend(
            finder
                .find_iter(hay)
                .filter_map(|p| (p + from).checked_sub(*back)),
        );
    }
    // Symbols: the series letter before a '/'.
    for p in memchr::memchr_iter(b'/', hay).map(|p| p + from) {
        if p >= 1 && matches!(bytes[p - 1], b'S' | b'A' | b'E' | b's' | b'a' | b'e') {
            out.push(p - 1);
        }
    }
    // Full-width slash '／' after an ASCII or a full-width series letter ("Ｓ／２０２５／１２").
    for p in memmem::find_iter(hay, "／").map(|p| p + from) {
        if p >= 1 && matches!(bytes[p - 1], b'S' | b'A' | b'E') {
            out.push(p - 1);
        } else if p >= 3 && FULLWIDTH_SERIES.iter().any(|l| text[..p].ends_with(*l)) {
            out.push(p - 3);
        }
    }
    out.retain(|&p| p >= from && p < limit && text.is_char_boundary(p));
    out.sort_unstable();
    out.dedup();
    out
}

/// Full-width series letters of a symbol written in full-width forms.
const FULLWIDTH_SERIES: [char; 3] = ['Ｓ', 'Ａ', 'Ｅ'];

/// True when `pos` starts a word (not preceded by an ASCII letter).
fn word_starts_at(text: &str, pos: usize) -> bool {
    pos == 0 || !text.as_bytes()[pos - 1].is_ascii_alphabetic()
}

fn try_at(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let c = text[pos..].chars().next()?;
    match c {
        '第' => grammar_zh::resolution_group(text, pos, context)
            .or_else(|| grammar_zh::possessive(text, pos, context)),
        _ if c.is_ascii_digit() || ('０'..='９').contains(&c) => {
            grammar_zh::news_resolution_group(text, pos, context)
        }
        '该' | '上' | '这' | '此' | '前' | '后' => grammar_zh::anaphora(text, pos, context),
        '同' if text[pos..].starts_with(ZH_IBID) => grammar_zh::ibid(text, pos, context),
        '同' => grammar_zh::anaphora(text, pos, context),
        '¶' => grammar_en::paragraph_first(text, pos, context),
        'S' | 'A' | 'E' | 's' | 'a' | 'e' | 'Ｓ' | 'Ａ' | 'Ｅ'
            if text[pos + c.len_utf8()..].starts_with('/')
                || text[pos + c.len_utf8()..].starts_with('／') =>
        {
            if c.is_ascii_lowercase() && !context.reference_mode {
                return None;
            }
            grammar_en::symbol_first(text, pos, context)
        }
        _ if c.is_ascii_alphabetic() && word_starts_at(text, pos) => {
            let cur = Cursor::new(text, pos);
            let word = cur.peek_word()?.to_ascii_lowercase();
            match word.as_str() {
                "resolution" | "resolutions" | "unscr" | "unscrs" | "scr" | "scrs" | "res" => {
                    grammar_en::resolution_group(text, pos, context)
                }
                "annex" | "enclosure" | "appendix" | "annexes" | "enclosures" | "appendices" => {
                    grammar_en::annex_first(text, pos, context)
                }
                "ibid" => grammar_en::ibid(text, pos, context),
                _ => grammar_en::paragraph_first(text, pos, context),
            }
        }
        _ => None,
    }
}

fn scan(text: &str, context: &mut Context, self_symbol: Option<&Symbol>) -> Vec<Citation> {
    scan_window(text, 0, text.len(), context, self_symbol).0
}

/// The citations that start in `text[from..limit]` (the grammar may read past `limit`, and
/// looks a little before `from`), and the byte offset where the next window starts (past the
/// last citation, or `limit`).
fn scan_window(
    text: &str,
    from: usize,
    limit: usize,
    context: &mut Context,
    self_symbol: Option<&Symbol>,
) -> (Vec<Citation>, usize) {
    // The grammar reads simplified characters; folding keeps every byte offset, so spans found
    // on the folded text are valid on the original, and `raw` is taken from the original.
    let original = text;
    let folded = fold_traditional(text);
    let text: &str = &folded;
    let mut out = Vec::new();
    let mut last_end = from;
    context.resume_at = from;
    for pos in candidates(text, from, limit) {
        if pos < last_end {
            continue;
        }
        match try_at(text, pos, context) {
            Some(mention) if mention.start < mention.end && mention.end <= text.len() => {
                if has_foreign_source_mark(&text[context.resume_at.min(pos)..pos]) {
                    context.last_cited_blocked = true;
                }
                last_end = mention.end;
                let cites = to_citations(original, &mention, self_symbol);
                context.remember(&mention, self_symbol, original);
                out.extend(cites);
            }
            _ => {
                // An unattached "para. 38" cites something else: "Ibid." no longer points at
                // the last UN document.
                let mut cur = Cursor::new(text, pos);
                if paragraphs::en_paragraph_word(&mut cur) && cur.at_num() {
                    context.last_cited_blocked = true;
                }
            }
        }
    }
    let tail_end = limit.max(context.resume_at).min(text.len());
    if has_foreign_source_mark(&text[context.resume_at.min(tail_end)..tail_end]) {
        context.last_cited_blocked = true;
    }
    context.resume_at = 0;
    (out, last_end.max(limit))
}

/// One citation per cited document of the mention (repeats merged), own symbol dropped.
fn to_citations(text: &str, mention: &Mention, self_symbol: Option<&Symbol>) -> Vec<Citation> {
    let Some(raw) = text.get(mention.start..mention.end) else {
        return Vec::new();
    };
    let mut out: Vec<Citation> = Vec::new();
    for t in &mention.targets {
        if Some(&t.symbol) == self_symbol {
            continue;
        }
        if let Some(existing) = out
            .iter_mut()
            .find(|c| c.symbol == t.symbol && c.part == t.part)
        {
            for p in &t.paragraphs {
                if !existing.paragraphs.contains(p) {
                    existing.paragraphs.push(p.clone());
                }
            }
            continue;
        }
        out.push(Citation {
            symbol: t.symbol.clone(),
            paragraphs: t.paragraphs.clone(),
            part: t.part.clone(),
            raw: raw.to_string(),
            span: Span::new(mention.start, mention.end),
            antecedent: t.antecedent.clone(),
        });
    }
    out
}

/// Words that name a part of a document, English and Chinese, and its kind. UN Chinese
/// renders "enclosure" as 附文 and "appendix" as 附录 (the evaluation sets' labelling).
pub(crate) const PART_WORDS: [(&str, crate::model::PartKind); 6] = [
    ("annex", crate::model::PartKind::Annex),
    ("enclosure", crate::model::PartKind::Enclosure),
    ("appendix", crate::model::PartKind::Appendix),
    ("附件", crate::model::PartKind::Annex),
    ("附文", crate::model::PartKind::Enclosure),
    ("附录", crate::model::PartKind::Appendix),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, Vec<String>)> {
        find_citations(text, None)
            .into_iter()
            .map(|c| (c.symbol.to_string(), c.paragraphs))
            .collect()
    }

    #[test]
    fn contract_example_span() {
        let text = "执行局继续根据第 2395(2017)号决议第 17 段开展工作";
        let cites = find_citations(text, None);
        assert_eq!(cites.len(), 1);
        assert_eq!(cites[0].raw, "第 2395(2017)号决议第 17 段");
        assert_eq!(&text[cites[0].span.start..cites[0].span.end], cites[0].raw);
    }

    #[test]
    fn citer_remembers_resolutions_across_paragraphs() {
        let mut citer = Citer::new(None);
        assert_eq!(citer.cite("Recalling resolution 2178 (2014),").len(), 1);
        let later = citer.cite("as required by paragraphs 4 and 5 of 2178,");
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].symbol.as_str(), "S/RES/2178(2014)");
        assert_eq!(later[0].paragraphs, ["4", "5"]);
        assert!(pairs("paragraphs 4 and 5 of 2178").is_empty());
    }

    /// Held-out set, second round: "聯大2758號決議" was read as `S/RES/2758(2024)`.
    #[test]
    fn regression_ga_number_without_session_is_not_the_councils() {
        assert!(pairs("外交部重申，聯大2758號決議並未處理這個問題。").is_empty());
        assert!(pairs("General Assembly resolution 2758 was recalled").is_empty());
        assert_eq!(
            pairs("大会第2758(XXVI)号决议"),
            [("A/RES/2758(XXVI)".to_string(), vec![])]
        );
    }

    /// Held-out set: "分别见第1612(2005)号和第1882(2009)号决议第2段和第3段" gave both
    /// paragraphs to both resolutions.
    #[test]
    fn regression_fenbie_before_the_group_pairs_paragraphs() {
        let got = pairs("分别见第1612(2005)号和第1882(2009)号决议第2段和第3段。");
        assert_eq!(
            got,
            [
                ("S/RES/1612(2005)".to_string(), vec!["2".to_string()]),
                ("S/RES/1882(2009)".to_string(), vec!["3".to_string()]),
            ]
        );
        // Without 分别 the shared paragraphs go to each resolution.
        let got = pairs("见第1612(2005)号和第1882(2009)号决议第2段。");
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|(_, p)| p == &["2"]));
    }

    /// "1267/1989" (a sanctions regime's resolutions) was read as `A/RES/1267/1989`; since
    /// the third set was opened it is read as the list it is ("resolutions 1267/1989/2253").
    #[test]
    fn regression_slash_joined_council_numbers_are_not_a_ga_symbol() {
        let whole = |s: &str| (s.to_string(), Vec::<String>::new());
        assert_eq!(
            pairs("under resolutions 1267/1989/2253"),
            [
                whole("S/RES/1267(1999)"),
                whole("S/RES/1989(2011)"),
                whole("S/RES/2253(2015)")
            ]
        );
        assert_eq!(pairs("resolution 2178/2014"), [whole("S/RES/2178(2014)")]);
        // Year/number and session/number stay what they are.
        assert_eq!(
            pairs("Economic and Social Council resolution 1996/31"),
            [whole("E/RES/1996/31")]
        );
        assert_eq!(
            pairs("General Assembly resolution 60/288"),
            [whole("A/RES/60/288")]
        );
    }

    fn encoded(text: &str) -> Vec<String> {
        find_citations(text, None)
            .into_iter()
            .map(|c| {
                let part = c.part.map(|p| format!("#{p}")).unwrap_or_default();
                format!("{}{part}[{}]", c.symbol, c.paragraphs.join(","))
            })
            .collect()
    }

    /// Third set (S/2025/411): the bracketed paragraphs of "annex B of resolution 2231 (2015)"
    /// were read as nothing, "its paragraph 6" likewise; and "(para. 12)" after "above" or after
    /// an uncited document must stay the citing text's own.
    #[test]
    fn regression_unattached_paragraphs_follow_the_citation_before() {
        let table: [(&str, &[&str]); 5] = [
            (
                "Under annex B of resolution 2231 (2015), arms transfers (paras. 5 and 6 (b)) ended.",
                &[
                    "S/RES/2231(2015)#annex-2[]",
                    "S/RES/2231(2015)#annex-2[5,6(b)]",
                ],
            ),
            (
                "Resolution 2139 (2014) was adopted; its paragraph 6 demands access.",
                &["S/RES/2139(2014)[]", "S/RES/2139(2014)[6]"],
            ),
            (
                "第2139(2014)号决议获一致通过，其第6段要求准入。",
                &["S/RES/2139(2014)[]", "S/RES/2139(2014)[6]"],
            ),
            (
                "Pursuant to resolution 2231 (2015), as noted above (para. 12), it works.",
                &["S/RES/2231(2015)[]"],
            ),
            (
                "Recalling resolution 2231 (2015) and the report of the Panel (para. 12),",
                &["S/RES/2231(2015)[]"],
            ),
        ];
        for (text, want) in table {
            assert_eq!(encoded(text), want, "{text}");
        }
    }

    /// Third set: "annex B" of resolution 2231 (2015) was read as the resolution as a whole;
    /// sub-items ㈠目 and "(i) to (iii)" were dropped.
    #[test]
    fn regression_lettered_annexes_and_sub_items() {
        let table: [(&str, &[&str]); 5] = [
            (
                "paragraph 2 of annex B to resolution 2231 (2015)",
                &["S/RES/2231(2015)#annex-2[2]"],
            ),
            (
                "第2231(2015)号决议附件乙第2段",
                &["S/RES/2231(2015)#annex-2[2]"],
            ),
            (
                "paragraph 5 (a) (i) to (iii) of resolution 2396 (2017)",
                &["S/RES/2396(2017)[5(a)(i),5(a)(ii),5(a)(iii)]"],
            ),
            (
                "第2462(2019)号决议第4段(b)项㈠目和㈡目",
                &["S/RES/2462(2019)[4(b)(i),4(b)(ii)]"],
            ),
            (
                "第2231(2015)号决议附件B（第5段和第6段(b)项）",
                &["S/RES/2231(2015)#annex-2[5,6(b)]"],
            ),
        ];
        for (text, want) in table {
            assert_eq!(encoded(text), want, "{text}");
        }
    }

    #[test]
    fn own_symbol_is_not_a_citation() {
        let own = Symbol::parse("S/2022/529").unwrap();
        assert!(find_citations("S/2022/529  \n22-10791 10/29", Some(&own)).is_empty());
        assert_eq!(find_citations("S/2022/529", None).len(), 1);
    }

    #[test]
    fn reference_forms() {
        let table: [(&str, &str, &[&str]); 9] = [
            ("第 2395(2017)号决议第 17 段", "S/RES/2395(2017)", &["17"]),
            ("S/RES/2395(2017)", "S/RES/2395(2017)", &[]),
            ("s/2022/529", "S/2022/529", &[]),
            ("S/RES/2395(2017) para 17", "S/RES/2395(2017)", &["17"]),
            ("resolution 2395 paragraph 17", "S/RES/2395(2017)", &["17"]),
            ("2395 (2017) 17", "S/RES/2395(2017)", &["17"]),
            ("第 2396 号决议", "S/RES/2396(2017)", &[]),
            ("2395", "S/RES/2395(2017)", &[]),
            ("resolution 5", "S/RES/5(1946)", &[]),
        ];
        for (input, symbol, paras) in table {
            let got = parse_reference(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(got[0].symbol.as_str(), symbol, "{input}");
            assert_eq!(got[0].paragraphs, paras, "{input}");
        }
        for bad in ["", "   ", "hello world", "2395 名学员", "第 4 段"] {
            let err = parse_reference(bad).unwrap_err();
            assert!(matches!(err, Error::BadInput(_)), "{bad}");
            assert!(err.to_string().contains("S/RES/2395(2017)"), "{bad}");
        }
    }
}
