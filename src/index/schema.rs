//! The tantivy schema: one tantivy document per paragraph, carrying the paragraph's address and
//! text, its document's fields (symbol, language, title, date, year, type), and the targets it
//! cites as keywords (`S/RES/2395(2017)` and `S/RES/2395(2017)#17`).

use super::analyzers::{EN, EN_PAIRS, ZH_CHAR_PAIRS, ZH_CHARS, ZH_WORDS};
use crate::model::keys::{paragraph_key, part_paragraph_key};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Bumped whenever the schema or the analysis changes; an index of another version is rebuilt.
/// 2: paragraph kinds and sections (i8); 3: traditional Chinese folded, light English stemming (i9);
/// 4: the meaning vector of a semantic signal (m9); 5: that field removed again (its 7.9 MB
/// table was too large to keep in the repository for its gain); 6: English word pairs and
/// Chinese character pairs (`body_en_pairs`, `body_zh_char_pairs`) for phrase queries.
pub const SCHEMA_VERSION: u32 = 6;

/// Separates the levels of a section path in the stored `section` field (a unit separator: it
/// cannot occur in a heading).
pub const SECTION_FIELD_SEPARATOR: char = '\u{1f}';

/// Joins a section path for the stored `section` field.
pub fn join_section(section: &[String]) -> String {
    let mut out = String::new();
    for (i, level) in section.iter().enumerate() {
        if i > 0 {
            out.push(SECTION_FIELD_SEPARATOR);
        }
        out.push_str(level);
    }
    out
}

/// Splits a stored `section` field back into its levels.
pub fn split_section(stored: &str) -> Vec<String> {
    if stored.is_empty() {
        return Vec::new();
    }
    stored
        .split(SECTION_FIELD_SEPARATOR)
        .map(str::to_string)
        .collect()
}

/// The fields of the index, resolved once.
#[derive(Debug, Clone)]
pub struct IndexSchema {
    /// The tantivy schema.
    pub schema: Schema,
    /// Canonical symbol (keyword, stored, fast: the `also_in` lists of folded copies).
    pub symbol: Field,
    /// Every prefix of the upper-cased symbol (keyword), for `--symbol PREFIX`.
    pub symbol_prefix: Field,
    /// `zh` / `en` (keyword, stored).
    pub lang: Field,
    /// `symbol \u{1f} lang` (keyword): all paragraphs of one document text.
    pub doc_key: Field,
    /// Paragraph addresses (keywords): `symbol#number` and `symbol#part#number`.
    pub addr: Field,
    /// Part key or "" for the body (keyword, stored).
    pub part: Field,
    /// Printed number or "" (keyword, stored).
    pub number: Field,
    /// 0-based order in the document (u64, stored, fast).
    pub seq: Field,
    /// The paragraph kind, `body` / `heading` / `toc` / `table` / `footnote` / `signature` /
    /// `list-item` (keyword, stored): search excludes `toc` by default.
    pub kind: Field,
    /// The section path, levels joined by [`SECTION_FIELD_SEPARATOR`] (stored).
    pub section: Field,
    /// The section path as English text (analysed, for ranking).
    pub section_en: Field,
    /// The section path as Chinese words (analysed, for ranking).
    pub section_zh: Field,
    /// Document title (stored).
    pub title: Field,
    /// ISO date or "" (stored).
    pub date: Field,
    /// Year of the document (u64, indexed, fast) for `--year`.
    pub year: Field,
    /// Document type (keyword, stored).
    pub doc_type: Field,
    /// The paragraph text as shown to users (stored only).
    pub text: Field,
    /// English text: lowercased, stemmed, with positions.
    pub body_en: Field,
    /// English text as pairs of consecutive `body_en` tokens (frequencies, no positions, no
    /// field norms): a two-word phrase is one term, a longer one is looked for where all its
    /// pairs are (`query::pair_phrase`).
    pub body_en_pairs: Field,
    /// Chinese text as jieba words (ranking).
    pub body_zh_words: Field,
    /// Chinese text as single characters with positions (substring and phrase matching).
    pub body_zh_chars: Field,
    /// Chinese text as pairs of neighbouring `body_zh_chars` tokens (frequencies only), as
    /// [`IndexSchema::body_en_pairs`] for English.
    pub body_zh_char_pairs: Field,
    /// English title (analysed).
    pub title_en: Field,
    /// Chinese title as words (analysed).
    pub title_zh: Field,
    /// Cited targets (keywords): `SYMBOL` and `SYMBOL#PARA` (and `SYMBOL#6` for `6(c)`).
    pub cites: Field,
    /// The paragraph's citations as JSON (stored).
    pub citations: Field,
    /// [`super::facts::dedupe_hash`] of the paragraph (u64, fast).
    pub dedupe: Field,
    /// [`super::facts::base_hash`] of the symbol (u64, fast).
    pub version_base: Field,
    /// [`super::facts::Traits`] of the paragraph (u64, fast).
    pub traits: Field,
    /// [`super::facts::document_hash`] of the paragraph's document text (u64, fast).
    pub document: Field,
}

fn analysed(tokenizer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// A pair field: frequencies (a pair's count is its phrase's), no positions, no field norms
/// (scores use the body field's).
fn pairs(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqs)
            .set_fieldnorms(false),
    )
}

impl IndexSchema {
    /// Builds the schema.
    pub fn new() -> IndexSchema {
        let mut b = Schema::builder();
        let symbol = b.add_text_field("symbol", STRING | STORED | FAST);
        let symbol_prefix = b.add_text_field("symbol_prefix", STRING);
        let lang = b.add_text_field("lang", STRING | STORED);
        let doc_key = b.add_text_field("doc_key", STRING);
        let addr = b.add_text_field("addr", STRING);
        let part = b.add_text_field("part", STRING | STORED);
        let number = b.add_text_field("number", STRING | STORED);
        let seq = b.add_u64_field("seq", STORED | FAST);
        let kind = b.add_text_field("kind", STRING | STORED);
        let section = b.add_text_field("section", STORED);
        let section_en = b.add_text_field("section_en", analysed(EN, false));
        let section_zh = b.add_text_field("section_zh", analysed(ZH_WORDS, false));
        let title = b.add_text_field("title", STORED);
        let date = b.add_text_field("date", STORED);
        let year = b.add_u64_field("year", INDEXED | FAST);
        let doc_type = b.add_text_field("doc_type", STRING | STORED);
        let text = b.add_text_field("text", STORED);
        let body_en = b.add_text_field("body_en", analysed(EN, true));
        let body_en_pairs = b.add_text_field("body_en_pairs", pairs(EN_PAIRS));
        let body_zh_words = b.add_text_field("body_zh_words", analysed(ZH_WORDS, false));
        let body_zh_chars = b.add_text_field("body_zh_chars", analysed(ZH_CHARS, true));
        let body_zh_char_pairs = b.add_text_field("body_zh_char_pairs", pairs(ZH_CHAR_PAIRS));
        let title_en = b.add_text_field("title_en", analysed(EN, false));
        let title_zh = b.add_text_field("title_zh", analysed(ZH_WORDS, false));
        let cites = b.add_text_field("cites", STRING);
        let citations = b.add_text_field("citations", STORED);
        let dedupe = b.add_u64_field("dedupe", FAST);
        let version_base = b.add_u64_field("version_base", FAST);
        let traits = b.add_u64_field("traits", FAST);
        let document = b.add_u64_field("document", FAST);
        IndexSchema {
            schema: b.build(),
            symbol,
            symbol_prefix,
            lang,
            doc_key,
            addr,
            part,
            number,
            seq,
            kind,
            section,
            section_en,
            section_zh,
            title,
            date,
            year,
            doc_type,
            text,
            body_en,
            body_en_pairs,
            body_zh_words,
            body_zh_chars,
            body_zh_char_pairs,
            title_en,
            title_zh,
            cites,
            citations,
            dedupe,
            version_base,
            traits,
            document,
        }
    }

    /// Resolves the fields of an existing index's schema (same names as [`IndexSchema::new`]).
    pub fn from_schema(schema: &Schema) -> tantivy::Result<IndexSchema> {
        let fresh = IndexSchema::new();
        if fresh.schema != *schema {
            return Err(tantivy::TantivyError::SchemaError(
                "the index was built with another schema version".into(),
            ));
        }
        Ok(fresh)
    }
}

impl IndexSchema {
    /// Adds a paragraph's English text to the fields that index it: the words with positions
    /// (`body_en`) and their pairs (`body_en_pairs`), which phrase queries need together.
    pub fn add_english_body(&self, doc: &mut tantivy::TantivyDocument, text: &str) {
        doc.add_text(self.body_en, text);
        doc.add_text(self.body_en_pairs, text);
    }

    /// Adds a paragraph's Chinese text to the fields that index it: jieba words
    /// (`body_zh_words`), characters with positions (`body_zh_chars`) and their pairs
    /// (`body_zh_char_pairs`).
    pub fn add_chinese_body(&self, doc: &mut tantivy::TantivyDocument, text: &str) {
        doc.add_text(self.body_zh_words, text);
        doc.add_text(self.body_zh_chars, text);
        doc.add_text(self.body_zh_char_pairs, text);
    }
}

impl Default for IndexSchema {
    fn default() -> Self {
        IndexSchema::new()
    }
}

/// The `doc_key` of one document text.
pub fn doc_key(symbol: &str, lang: &str) -> String {
    format!("{symbol}\u{1f}{lang}")
}

/// The `addr` keys of a paragraph: `symbol#number` and `symbol#part#number`.
pub fn addr_keys(symbol: &str, part: Option<&str>, number: &str) -> [String; 2] {
    [
        paragraph_key(symbol, number),
        part_paragraph_key(symbol, part, number),
    ]
}

/// The `cites` keys of one citation: the document, each paragraph, and for sub-paragraphs
/// (`6(c)`) their top-level paragraph too, so "cited by paragraph 6" finds citers of 6(c).
pub fn cite_keys(symbol: &str, paragraphs: &[String]) -> Vec<String> {
    let mut keys = vec![symbol.to_string()];
    for p in paragraphs {
        keys.push(paragraph_key(symbol, p));
        if let Some(i) = p.find('(') {
            let top = &p[..i];
            if !top.is_empty() {
                keys.push(paragraph_key(symbol, top));
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Every prefix of the upper-cased symbol, for prefix filtering with a term query.
pub fn symbol_prefixes(symbol: &str) -> Vec<String> {
    let upper = symbol.to_uppercase();
    upper
        .char_indices()
        .map(|(i, c)| upper[..i + c.len_utf8()].to_string())
        .collect()
}
