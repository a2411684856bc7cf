//! Shared vocabulary of undex: document symbols, languages, documents, paragraphs, citations
//! and spans, and in submodules one module per shared concept: character classes
//! ([`chars`]), numerals ([`numerals`]), part and term keys ([`keys`]), merged citation
//! references ([`citation_refs`]) and year filters ([`years`]). Pure data; no I/O happens here.
//!
//! Offsets: every `Span` inside the library is a *byte* range into the text it refers to.
//! Public JSON carries *character* offsets; convert with [`char_offsets`].

pub mod chars;
pub mod citation_refs;
pub mod keys;
pub mod numerals;
pub mod years;

pub use citation_refs::{CitationRef, merge_citations};
pub use keys::PartKind;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language undex indexes. UN documents are parallel texts: the same symbol exists in
/// several languages, and the same paragraph address in another language is a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese (simplified, as published by the UN).
    Zh,
    /// English.
    En,
}

impl Lang {
    /// All languages undex handles, in display order.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The lower-case code used in URLs, file names and JSON (`zh`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The other language of the pair (for translation fallback).
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Error returned when a string is not a language code undex knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language '{0}': use zh or en")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" | "chinese" | "c" => Ok(Lang::Zh),
            "en" | "english" | "e" => Ok(Lang::En),
            other => Err(UnknownLang(other.to_string())),
        }
    }
}

/// A canonical UN document symbol: no spaces, ASCII brackets, upper-case series letters,
/// e.g. `S/RES/2395(2017)`, `S/2022/529`, `A/RES/60/288`, `S/PRST/2021/1`, `S/2025/71/Rev.1`.
///
/// Build one with [`Symbol::parse`], which canonicalizes user input ("S/RES/2395 (2017)",
/// full-width brackets, stray spaces and line breaks).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Symbol(String);

/// Error returned when a string cannot be a UN document symbol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a UN document symbol (expected e.g. S/RES/2395(2017), S/2022/529, A/RES/60/288)"
)]
pub struct BadSymbol(pub String);

impl Symbol {
    /// Canonicalizes a symbol typed by a person or found in text.
    ///
    /// Removes white space (including line breaks), maps full-width forms to ASCII, upper-cases
    /// the series letters while keeping the suffix case used by the UN (`Rev.1`, `Add.2`,
    /// `Corr.1`), and rejects strings that do not look like a symbol.
    pub fn parse(input: &str) -> Result<Symbol, BadSymbol> {
        let mut s = String::with_capacity(input.len());
        for c in input.chars() {
            let c = fullwidth_to_ascii(c);
            if c.is_whitespace() {
                continue;
            }
            s.push(c);
        }
        if s.is_empty() || s.len() > 80 || !s.contains('/') {
            return Err(BadSymbol(input.to_string()));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '(' | ')' | '.' | '-' | '*'))
        {
            return Err(BadSymbol(input.to_string()));
        }
        // Canonical case: every slash-separated component upper-case, except the UN's
        // mixed-case suffixes (Rev., Add., Corr., Amend., Sup.) which keep a capital first letter.
        let parts: Vec<String> = s
            .split('/')
            .map(|p| {
                let lower = p.to_ascii_lowercase();
                for suffix in ["rev.", "add.", "corr.", "amend.", "sup.", "summary"] {
                    if lower.starts_with(suffix) {
                        let mut out = String::new();
                        let mut chars = lower.chars();
                        if let Some(first) = chars.next() {
                            out.push(first.to_ascii_uppercase());
                        }
                        out.extend(chars);
                        return out;
                    }
                }
                p.to_ascii_uppercase()
            })
            .collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err(BadSymbol(input.to_string()));
        }
        let first = &parts[0];
        if !first
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        {
            return Err(BadSymbol(input.to_string()));
        }
        Ok(Symbol(parts.join("/")))
    }

    /// Wraps a string that is already canonical (no checks beyond debug assertions).
    pub fn from_canonical(s: impl Into<String>) -> Symbol {
        Symbol(s.into())
    }

    /// The symbol of Security Council resolution `number` adopted in `year`.
    pub fn sc_resolution(number: u32, year: u32) -> Symbol {
        Symbol(format!("S/RES/{number}({year})"))
    }

    /// The canonical text, e.g. `S/RES/2395(2017)`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For a Security Council resolution, its number and year.
    pub fn sc_resolution_parts(&self) -> Option<(u32, u32)> {
        let rest = self.0.strip_prefix("S/RES/")?;
        let (num, year) = rest.split_once('(')?;
        let year = year.strip_suffix(')')?;
        Some((num.parse().ok()?, year.parse().ok()?))
    }

    /// The year a symbol carries, when it carries one (`S/2022/529` → 2022,
    /// `S/RES/2395(2017)` → 2017). General Assembly session numbers are not years.
    pub fn year(&self) -> Option<u32> {
        if let Some((_, y)) = self.sc_resolution_parts() {
            return Some(y);
        }
        self.0
            .split('/')
            .filter_map(|p| p.parse::<u32>().ok())
            .find(|y| (1946..=2100).contains(y))
    }

    /// The folder name used for this symbol in `corpus/`: `/` becomes `_`, everything else
    /// (including parentheses) is kept, e.g. `S_RES_2395(2017)`.
    pub fn dir_name(&self) -> String {
        self.0.replace('/', "_")
    }

    /// Inverse of [`Symbol::dir_name`].
    pub fn from_dir_name(name: &str) -> Result<Symbol, BadSymbol> {
        Symbol::parse(&name.replace('_', "/"))
    }

    /// The version suffix this symbol ends with (`S/2025/71/Rev.1` → `Rev(1)`), if any.
    pub fn version(&self) -> Option<VersionSuffix> {
        let (_, last) = self.0.rsplit_once('/')?;
        VersionSuffix::parse(last)
    }

    /// The symbol without its last version suffix (`S/2025/71/Rev.1` → `S/2025/71`,
    /// `S/2025/10/Add.31` → `S/2025/10`); the symbol itself when it has none.
    pub fn version_base(&self) -> Symbol {
        match (self.version(), self.0.rsplit_once('/')) {
            (Some(_), Some((base, _))) => Symbol(base.to_string()),
            _ => self.clone(),
        }
    }

    /// How this symbol relates to `other` as a version of the same document, if it does:
    /// `X/Rev.2` supersedes `X` and `X/Rev.1`; `X/Corr.1` corrects `X`; `X/Add.3` is an
    /// addendum to `X`. A corrigendum or an addendum does not replace its base text.
    pub fn relation_to(&self, other: &Symbol) -> Option<VersionRelation> {
        let mine = self.version()?;
        let base = self.version_base();
        let other_rev = match other.version() {
            Some(VersionSuffix::Rev(n)) if other.version_base() == base => Some(n),
            _ if *other == base => None,
            _ => return None,
        };
        match (mine, other_rev) {
            (VersionSuffix::Rev(n), None) => (n > 0).then_some(VersionRelation::Supersedes),
            (VersionSuffix::Rev(n), Some(m)) => (n > m).then_some(VersionRelation::Supersedes),
            (VersionSuffix::Corr(_), None) => Some(VersionRelation::Corrects),
            (VersionSuffix::Add(_), None) => Some(VersionRelation::AddendumTo),
            _ => None,
        }
    }

    /// Whether this symbol is a later revision that replaces `other`
    /// (`S/2025/71/Rev.1` supersedes `S/2025/71`).
    pub fn supersedes(&self, other: &Symbol) -> bool {
        self.relation_to(other) == Some(VersionRelation::Supersedes)
    }
}

/// A version suffix of a UN symbol: revision, corrigendum or addendum, with its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionSuffix {
    /// `Rev.N`: a revised text that replaces the earlier ones.
    Rev(u32),
    /// `Corr.N`: a corrigendum to the base text.
    Corr(u32),
    /// `Add.N`: an addendum to the base text.
    Add(u32),
}

impl VersionSuffix {
    /// Parses one symbol component ("Rev.1", "Corr.2", "Add.31").
    pub fn parse(component: &str) -> Option<VersionSuffix> {
        let (name, number) = component.split_once('.')?;
        let n: u32 = number.parse().ok()?;
        match name {
            "Rev" => Some(VersionSuffix::Rev(n)),
            "Corr" => Some(VersionSuffix::Corr(n)),
            "Add" => Some(VersionSuffix::Add(n)),
            _ => None,
        }
    }
}

/// How one version of a document relates to another (see [`Symbol::relation_to`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionRelation {
    /// A revision that replaces the other text.
    Supersedes,
    /// A corrigendum of the other text.
    Corrects,
    /// An addendum to the other text.
    AddendumTo,
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Symbol {
    type Err = BadSymbol;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Symbol::parse(s)
    }
}

/// Maps a full-width ASCII variant (`（`, `２`, `／`, ideographic space) to its ASCII form;
/// other characters are returned unchanged.
pub fn fullwidth_to_ascii(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        _ => c,
    }
}

/// Traditional → simplified pairs applied after `fast2s` where UN Chinese usage differs from
/// its table (found by round-tripping S/2022/529 through OpenCC s2t/s2hk and folding back:
/// 諮询 came back as 谘询, 少数羣体 as 羣体; the UN writes 咨询, 群体), and where fast2s changes
/// simplified text (捍卫 became 扞卫 on S/2022/529 and the UNPC test set: its only change there).
/// Every pair keeps the UTF-8 length (3 bytes each), so folding stays char-for-char.
const UN_FOLD_OVERRIDES: [(char, char); 4] =
    [('諮', '咨'), ('谘', '咨'), ('羣', '群'), ('扞', '捍')];

/// Folds traditional Chinese characters to simplified ones (恐怖主義 → 恐怖主义, 號決議 → 号决议),
/// character for character: every character keeps its UTF-8 length, so byte and character
/// offsets computed on the folded text are valid on the original (highlights and citations
/// stay on what the user or the document wrote). Text with nothing to fold is borrowed.
///
/// The one definition used by the Chinese analyzers, the query and the citation grammar.
/// Table: the `fast2s` crate (2,734 one-to-one pairs plus a few context rules such as 乾隆,
/// chosen by measurement, see README "Why each dependency") plus [`UN_FOLD_OVERRIDES`].
/// Phrase-level regional vocabulary (資訊 for 信息) is not folded: it is not char-for-char.
///
/// ```
/// assert_eq!(undex::model::fold_traditional("第2395(2017)號決議"), "第2395(2017)号决议");
/// assert!(matches!(undex::model::fold_traditional("恐怖主义"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn fold_traditional(text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    // Only 3-byte characters (the BMP ideographs) are ever folded.
    if text.bytes().all(|b| b < 0xE0) {
        return Cow::Borrowed(text);
    }
    let mut folded = fast2s::convert(text);
    if folded
        .chars()
        .any(|c| UN_FOLD_OVERRIDES.iter().any(|&(from, _)| from == c))
    {
        folded = folded
            .chars()
            .map(|c| {
                UN_FOLD_OVERRIDES
                    .iter()
                    .find(|&&(from, _)| from == c)
                    .map_or(c, |&(_, to)| to)
            })
            .collect();
    }
    // fast2s maps 3-byte characters to 3-byte characters only (its build script asserts it);
    // should a future table break that, keep the original rather than shift offsets.
    if folded.len() != text.len() || folded == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(folded)
    }
}

/// English month names in lower case, January first (dates in mastheads and citations).
pub const ENGLISH_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A byte range `[start, end)` into some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A new span; `start <= end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }
}

/// Converts byte offsets into character (Unicode scalar) offsets of the same text.
/// Offsets that are not on a character boundary are rounded down to one.
pub fn char_offsets(text: &str, byte_offsets: &[usize]) -> Vec<usize> {
    byte_offsets
        .iter()
        .map(|&b| {
            let mut b = b.min(text.len());
            while !text.is_char_boundary(b) {
                b -= 1;
            }
            text[..b].chars().count()
        })
        .collect()
}

/// A reference from some text to another document, optionally to some of its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The cited document.
    pub symbol: Symbol,
    /// The cited paragraphs as printed numbers ("17", "6(c)", "5(b)(ii)"); empty when the whole
    /// document is cited. Lists and ranges are expanded.
    pub paragraphs: Vec<String>,
    /// The cited part of the document (`annex-1`, …) or `None` for the body.
    pub part: Option<String>,
    /// The cited text as it appears in the input.
    pub raw: String,
    /// Byte span of `raw` in the input.
    pub span: Span,
    /// For an anaphor ("该决议第 5 段", "paragraph 3 of that resolution", "the former"): the
    /// text of the earlier mention it was resolved to (`symbol` is that mention's document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<String>,
}

/// A document kind, from its symbol and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocType {
    /// Security Council resolution (`S/RES/...`).
    ScResolution,
    /// General Assembly resolution (`A/RES/...`).
    GaResolution,
    /// Presidential statement (`S/PRST/...`).
    PresidentialStatement,
    /// Any other Security Council document: report, letter, note.
    ScDocument,
    /// Anything else.
    Other,
}

impl DocType {
    /// Classifies a document by its symbol.
    pub fn of(symbol: &Symbol) -> DocType {
        let s = symbol.as_str();
        if s.starts_with("S/RES/") {
            DocType::ScResolution
        } else if s.starts_with("A/RES/") {
            DocType::GaResolution
        } else if s.starts_with("S/PRST/") {
            DocType::PresidentialStatement
        } else if s.starts_with("S/") {
            DocType::ScDocument
        } else {
            DocType::Other
        }
    }

    /// Kebab-case name used in the index and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::ScResolution => "sc-resolution",
            DocType::GaResolution => "ga-resolution",
            DocType::PresidentialStatement => "presidential-statement",
            DocType::ScDocument => "sc-document",
            DocType::Other => "other",
        }
    }
}

/// What a paragraph is. Every paragraph has exactly one kind; search leaves `Toc` out by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParagraphKind {
    /// Running text, numbered or not (preambular and operative paragraphs, letter text).
    Body,
    /// A heading ("一. 导言", "III. Financing of terrorism", "Annex I" and an annex's title).
    Heading,
    /// A table-of-contents line ("I. Introduction . . . . . 3"), or the "Contents" title.
    Toc,
    /// A row or cell block of a table (appendices of S/2022/529 are tables).
    Table,
    /// A foot-of-page note ("* Circulated in the language of submission only.", "1 See …").
    Footnote,
    /// A signature block line ("(Signed) António Guterres", a name and title under a letter).
    Signature,
    /// A sub-item of a list: "(a) …", "(i) …", "㈠ …" (its number carries its parent: `5(a)`).
    ListItem,
}

impl ParagraphKind {
    /// Every kind, in declaration order.
    pub const ALL: [ParagraphKind; 7] = [
        ParagraphKind::Body,
        ParagraphKind::Heading,
        ParagraphKind::Toc,
        ParagraphKind::Table,
        ParagraphKind::Footnote,
        ParagraphKind::Signature,
        ParagraphKind::ListItem,
    ];

    /// The kebab-case name used in the index and in JSON (`body`, `list-item`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Body => "body",
            ParagraphKind::Heading => "heading",
            ParagraphKind::Toc => "toc",
            ParagraphKind::Table => "table",
            ParagraphKind::Footnote => "footnote",
            ParagraphKind::Signature => "signature",
            ParagraphKind::ListItem => "list-item",
        }
    }

    /// Inverse of [`ParagraphKind::as_str`].
    pub fn from_name(name: &str) -> Option<ParagraphKind> {
        ParagraphKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether this is running text (a body paragraph or a list item) that a wrapped line can
    /// continue.
    pub fn is_running_text(self) -> bool {
        matches!(self, ParagraphKind::Body | ParagraphKind::ListItem)
    }

    /// Whether text of this kind is searched by default (everything but table-of-contents
    /// lines, which only point at the sections they name).
    pub fn searched_by_default(self) -> bool {
        self != ParagraphKind::Toc
    }
}

impl fmt::Display for ParagraphKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Separator of section-path levels when a path is shown as one string.
pub const SECTION_SEPARATOR: &str = " › ";

/// One addressable paragraph: `(symbol, lang, part, number)`, or `seq` when unnumbered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// `None` for the body, or `annex-1`, `annex-2`, `appendix-1`, `enclosure-1`, …
    pub part: Option<String>,
    /// The printed number as a string ("25", "2(e)", "pp3" for a resolution's third preambular
    /// paragraph) or `None` for unnumbered text. Unique within a document and part.
    pub number: Option<String>,
    /// 0-based order of the paragraph in the document.
    pub seq: usize,
    /// What the paragraph is.
    pub kind: ParagraphKind,
    /// The section path: the headings above the paragraph, outermost first, each as printed
    /// ("Annex I", "III. Sanctions", "B. Travel ban"). Empty above the first heading. A
    /// heading's own path ends with itself.
    pub section: Vec<String>,
    /// The clean paragraph text (without its printed number).
    pub text: String,
}

impl Paragraph {
    /// The nearest heading above (the last element of the section path).
    pub fn heading(&self) -> Option<&str> {
        self.section.last().map(String::as_str)
    }

    /// The section path as one string ("III. Sanctions › B. Travel ban"), empty when none.
    pub fn section_path(&self) -> String {
        self.section.join(SECTION_SEPARATOR)
    }
}

/// One document in one language, segmented into paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The canonical symbol.
    pub symbol: Symbol,
    /// The language of this text.
    pub lang: Lang,
    /// The title (best effort: the first heading or the masthead title).
    pub title: String,
    /// The date of issue, ISO `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// The kind of document.
    pub doc_type: DocType,
    /// The paragraphs, in order (`paragraphs[i].seq == i`).
    pub paragraphs: Vec<Paragraph>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_traditional_table() {
        let table = [
            ("恐怖主義", "恐怖主义"),
            ("第2395(2017)號決議第17段", "第2395(2017)号决议第17段"),
            ("外國恐怖主義作戰人員", "外国恐怖主义作战人员"),
            ("反恐怖主義委員會執行局", "反恐怖主义委员会执行局"),
            ("打擊資助恐怖主義", "打击资助恐怖主义"),
            ("伊黎伊斯蘭國", "伊黎伊斯兰国"),
            ("諮詢意見", "咨询意见"),
            ("少數羣體", "少数群体"),
            ("乾隆", "乾隆"),
            ("捍卫", "捍卫"),
            ("显著", "显著"),
            ("恐怖主义 terrorism", "恐怖主义 terrorism"),
            ("", ""),
        ];
        for (text, want) in table {
            let folded = fold_traditional(text);
            assert_eq!(folded, want, "{text}");
            assert_eq!(folded.len(), text.len(), "{text}: byte length kept");
        }
    }

    #[test]
    fn fold_traditional_keeps_every_char_boundary() {
        let text = "安全理事會第1373(2001)號決議所設委員會 Counter-Terrorism 委員會";
        let folded = fold_traditional(text);
        let a: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let b: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
        assert_eq!(a, b);
    }

    #[test]
    fn symbol_canonicalization_table() {
        let table = [
            ("S/RES/2395(2017)", "S/RES/2395(2017)"),
            ("S/RES/2395 (2017)", "S/RES/2395(2017)"),
            ("s/res/2395（2017）", "S/RES/2395(2017)"),
            ("S/2022/529", "S/2022/529"),
            ("S/2025/71/rev.1", "S/2025/71/Rev.1"),
            ("S/2025/10/Add.31", "S/2025/10/Add.31"),
            ("A/RES/60/288", "A/RES/60/288"),
            ("S/PRST/2021/1", "S/PRST/2021/1"),
            ("S/2021/\n278", "S/2021/278"),
        ];
        for (input, want) in table {
            assert_eq!(Symbol::parse(input).unwrap().as_str(), want, "{input}");
        }
        for bad in ["", "2395", "S/RES/2395(2017)<script>", "/S", "S//1"] {
            assert!(Symbol::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dir_name_round_trips() {
        for s in ["S/RES/2395(2017)", "S/2025/71/Rev.1", "A/RES/78/323"] {
            let sym = Symbol::parse(s).unwrap();
            assert_eq!(Symbol::from_dir_name(&sym.dir_name()).unwrap(), sym);
        }
    }

    #[test]
    fn years() {
        assert_eq!(
            Symbol::parse("S/RES/1373(2001)").unwrap().year(),
            Some(2001)
        );
        assert_eq!(Symbol::parse("S/2022/529").unwrap().year(), Some(2022));
        assert_eq!(Symbol::parse("A/RES/60/288").unwrap().year(), None);
    }

    #[test]
    fn version_relations_table() {
        let sym = |s: &str| Symbol::parse(s).unwrap();
        let table = [
            (
                "S/2025/71/Rev.1",
                "S/2025/71",
                Some(VersionRelation::Supersedes),
            ),
            (
                "S/2025/71/Rev.2",
                "S/2025/71/Rev.1",
                Some(VersionRelation::Supersedes),
            ),
            ("S/2025/71/Rev.1", "S/2025/71/Rev.2", None),
            ("S/2025/71", "S/2025/71/Rev.1", None),
            (
                "S/2025/71/Corr.1",
                "S/2025/71",
                Some(VersionRelation::Corrects),
            ),
            (
                "S/2025/10/Add.31",
                "S/2025/10",
                Some(VersionRelation::AddendumTo),
            ),
            ("S/2025/10/Add.31", "S/2025/10/Add.30", None),
            ("S/2025/72/Rev.1", "S/2025/71", None),
            ("S/RES/2395(2017)", "S/RES/2395(2017)", None),
        ];
        for (a, b, want) in table {
            assert_eq!(sym(a).relation_to(&sym(b)), want, "{a} vs {b}");
        }
        assert!(sym("S/2025/71/Rev.1").supersedes(&sym("S/2025/71")));
        assert_eq!(sym("S/2025/71/Rev.1").version_base(), sym("S/2025/71"));
        assert_eq!(sym("S/2022/529").version_base(), sym("S/2022/529"));
        assert_eq!(
            sym("S/2025/10/Add.31").version(),
            Some(VersionSuffix::Add(31))
        );
    }

    #[test]
    fn paragraph_kinds_round_trip() {
        for k in ParagraphKind::ALL {
            assert_eq!(ParagraphKind::from_name(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert!(!ParagraphKind::Toc.searched_by_default());
    }

    #[test]
    fn char_offsets_count_scalars() {
        let t = "第 2395(2017)号决议";
        let b = t.find('号').unwrap();
        assert_eq!(char_offsets(t, &[0, b, t.len()]), vec![0, 12, 15]);
    }
}
