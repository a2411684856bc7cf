//! Running queries against an index snapshot: search, cited-by, resolve and show. Every function
//! takes a tantivy `Searcher` (one consistent snapshot) and the resolved schema.

use super::heading_words::heading_words;
use super::parse::parse_query;
use super::plan::{Highlights, citation_clauses, plan};
use super::snippet::{Highlighter, render};
use super::stats::SearchStats;
use super::types::*;
use crate::error::{Error, Result};
use crate::index::IndexSchema;
use crate::index::facts::{DigestMap, Traits, TraitsTable};
use crate::index::schema::split_section;
use crate::model::keys::paragraph_key;
use crate::model::{Lang, ParagraphKind, Symbol};
use std::collections::HashMap;
use std::time::Instant;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::document::DeserializeError;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// Decompressed blocks (16 KB each) of stored paragraphs kept per segment for loading hits.
/// tantivy keeps 100. The bundled corpus's two segments hold 2.0–2.1 MB of LZ4 blocks each, more
/// than 256 blocks decompressed (LZ4 decompression was still 3 % of the peers profile at 256);
/// 512 gave the harness's per-query medians −7 % at p50 (159 → 147 µs, alternated runs, as good
/// as 1024), while a segment's cache stays under 8 MB at any corpus size.
pub const DOC_STORE_CACHE_BLOCKS: usize = 512;

/// The stored fields of one paragraph.
#[derive(Debug, Clone)]
pub struct StoredParagraph {
    /// Symbol.
    pub symbol: Symbol,
    /// Language.
    pub lang: Lang,
    /// Title.
    pub title: String,
    /// Part or None.
    pub part: Option<String>,
    /// Number or None.
    pub number: Option<String>,
    /// Order.
    pub seq: usize,
    /// Kind.
    pub kind: ParagraphKind,
    /// Section path.
    pub section: Vec<String>,
    /// Text.
    pub text: String,
    /// Citations.
    pub citations: Vec<CitationRef>,
}

fn get_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string()
}

fn non_empty(s: String) -> Option<String> {
    if s.is_empty() { None } else { Some(s) }
}

/// One stored value of a paragraph: text or an integer (the only types the schema stores).
enum StoredValue {
    Text(String),
    Number(u64),
    Other,
}

impl tantivy::schema::document::ValueDeserialize for StoredValue {
    fn deserialize<'de, D>(d: D) -> std::result::Result<Self, DeserializeError>
    where
        D: tantivy::schema::document::ValueDeserializer<'de>,
    {
        d.deserialize_any(StoredValueVisitor)
    }
}

struct StoredValueVisitor;

impl tantivy::schema::document::ValueVisitor for StoredValueVisitor {
    type Value = StoredValue;
    fn visit_null(&self) -> std::result::Result<StoredValue, DeserializeError> {
        Ok(StoredValue::Other)
    }
    fn visit_string(&self, v: String) -> std::result::Result<StoredValue, DeserializeError> {
        Ok(StoredValue::Text(v))
    }
    fn visit_u64(&self, v: u64) -> std::result::Result<StoredValue, DeserializeError> {
        Ok(StoredValue::Number(v))
    }
    fn visit_i64(&self, _: i64) -> std::result::Result<StoredValue, DeserializeError> {
        Ok(StoredValue::Other)
    }
    fn visit_bool(&self, _: bool) -> std::result::Result<StoredValue, DeserializeError> {
        Ok(StoredValue::Other)
    }
}

/// A stored paragraph as its raw values, read straight from the doc store (no intermediate
/// `TantivyDocument`, whose values would be re-encoded and then copied out again).
struct StoredValues(Vec<(tantivy::schema::Field, StoredValue)>);

impl tantivy::schema::document::DocumentDeserialize for StoredValues {
    fn deserialize<'de, D>(mut d: D) -> std::result::Result<Self, DeserializeError>
    where
        D: tantivy::schema::document::DocumentDeserializer<'de>,
    {
        let mut values = Vec::with_capacity(d.size_hint());
        while let Some(v) = d.next_field::<StoredValue>()? {
            values.push(v);
        }
        Ok(StoredValues(values))
    }
}

impl StoredValues {
    /// Moves out the first text of `field` ("" when absent).
    fn take(&mut self, field: tantivy::schema::Field) -> String {
        self.0
            .iter_mut()
            .find_map(|(f, v)| match v {
                StoredValue::Text(s) if *f == field => Some(std::mem::take(s)),
                _ => None,
            })
            .unwrap_or_default()
    }

    fn number(&self, field: tantivy::schema::Field) -> u64 {
        self.0
            .iter()
            .find_map(|(f, v)| match v {
                StoredValue::Number(n) if *f == field => Some(*n),
                _ => None,
            })
            .unwrap_or(0)
    }
}

/// The language of a stored paragraph: the index stores [`Lang::code`], compared as is before
/// the general parser (which trims and lower-cases into a new string, 400 instructions a hit).
fn stored_lang(stored: &str) -> Result<Lang> {
    match [Lang::Zh, Lang::En]
        .into_iter()
        .find(|l| l.code() == stored)
    {
        Some(lang) => Ok(lang),
        None => stored
            .parse::<Lang>()
            .map_err(|e| Error::Internal(e.to_string())),
    }
}

/// Loads the stored fields of a paragraph.
pub fn load(searcher: &Searcher, f: &IndexSchema, addr: DocAddress) -> Result<StoredParagraph> {
    let mut doc: StoredValues = searcher.doc(addr)?;
    let lang = stored_lang(&doc.take(f.lang))?;
    let citations = doc.take(f.citations);
    Ok(StoredParagraph {
        symbol: Symbol::from_canonical(doc.take(f.symbol)),
        lang,
        title: doc.take(f.title),
        part: non_empty(doc.take(f.part)),
        number: non_empty(doc.take(f.number)),
        seq: doc.number(f.seq) as usize,
        kind: ParagraphKind::from_name(&doc.take(f.kind)).unwrap_or(ParagraphKind::Body),
        section: split_section(&doc.take(f.section)),
        text: doc.take(f.text),
        citations: stored_citations(&citations),
    })
}

/// The citations of a stored paragraph. Most paragraphs cite nothing and the index stores that
/// as `[]` (`serde_json` of an empty list), read without the parser; anything unreadable is no
/// citation, as before.
fn stored_citations(stored: &str) -> Vec<CitationRef> {
    if stored == "[]" {
        return Vec::new();
    }
    serde_json::from_str(stored).unwrap_or_default()
}

fn term_q(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

fn check_paging(limit: usize, offset: usize) -> Result<()> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(Error::BadInput(format!(
            "limit must be between 1 and {MAX_LIMIT} (got {limit})"
        )));
    }
    if offset > MAX_OFFSET {
        return Err(Error::BadInput(format!(
            "offset must be at most {MAX_OFFSET} (got {offset})"
        )));
    }
    Ok(())
}

fn to_hit(p: StoredParagraph, score: f32, snippet: String) -> Hit {
    Hit {
        symbol: p.symbol,
        lang: p.lang,
        title: p.title,
        part: p.part,
        paragraph: p.number,
        seq: p.seq,
        kind: p.kind,
        section: p.section,
        score,
        snippet,
        citations: p.citations,
        also_in: Vec::new(),
    }
}

/// Candidates looked at beyond the requested page, for re-ranking by paragraph kind, version
/// folding and dedupe (the 4 repeated heading lines of the example fit in it; each
/// more costs fast-field reads, no stored-document load).
pub const RERANK_EXTRA: usize = 10;
/// Factor by which the re-ranking window grows when folding and dedupe left fewer candidates
/// than the page (a query whose best matches are one repeated heading).
pub const RERANK_WIDEN: usize = 4;
/// A relaxation step with fewer hits than this hands over to the next (whose coverage score
/// still ranks the paragraphs with every word first): one page, so a long question whose
/// every word occurs in two paragraphs only still fills a page.
pub const RELAX_BELOW_HITS: usize = 10;
/// Score factor of a heading: it names a topic but rarely answers. Chosen on the development
/// set: headings drop below body text with the same words, but still beat unrelated text.
pub const HEADING_FACTOR: f32 = 0.5;
/// Score factor of a table-of-contents line (it only points at a section).
pub const TOC_FACTOR: f32 = 0.3;
/// Score factor of a table row or cell: a fragment (a publication title in S/2022/529's
/// appendix, a name in a list) that names a topic in few words, so BM25's length normalisation
/// lifts it over the paragraph that answers. Chosen on the README's flagship query
/// (外国恐怖主义作战人员回返和迁移: the appendix IV title row must not outrank annex I ¶5).
pub const TABLE_FACTOR: f32 = 0.4;
/// Score factor of a paragraph not in the query's language ([`super::plan::query_lang`]) when
/// the request does not filter by language: a Chinese question wants a Chinese answer even when
/// an English paragraph cites the same resolution. The plan's `LANG_BONUS` brings the query
/// language's paragraphs into the re-ranking window; this orders the window. Chosen as the
/// factor that puts a paragraph of the other language covering one more query word (coverage
/// 6.0 on a score of about 20) just above one in the query's language.
pub const OTHER_LANG_FACTOR: f32 = 0.7;
/// At most this many heading or TOC lines in the first [`HEADING_CAP_WINDOW`] hits; the others
/// move after the body text of the candidates.
pub const HEADING_CAP: usize = 1;
/// The window [`HEADING_CAP`] applies to (a first page).
pub const HEADING_CAP_WINDOW: usize = 10;

fn kind_factor(kind: ParagraphKind) -> f32 {
    match kind {
        ParagraphKind::Heading => HEADING_FACTOR,
        ParagraphKind::Toc => TOC_FACTOR,
        ParagraphKind::Table => TABLE_FACTOR,
        _ => 1.0,
    }
}

/// The ranking facts of one candidate, read from fast fields ([`crate::index::facts`]).
#[derive(Debug, Clone, Copy)]
struct Facts {
    /// [`crate::index::facts::dedupe_hash`]: language and text.
    dedupe: u64,
    /// [`crate::index::facts::base_hash`] of the symbol.
    base: u64,
    /// Kind, language, revision.
    traits: Traits,
}

/// One segment's fast columns of the ranking facts.
#[derive(Clone)]
struct SegmentFacts {
    dedupe: Column<u64>,
    base: Column<u64>,
    traits: TraitsTable,
    /// Opened on first use: most searches fold no revision and list no copy.
    symbol: Option<Option<StrColumn>>,
    /// Every symbol of the segment's symbol dictionary, by term ordinal: read in one pass the
    /// first time an `also_in` list needs it, then kept with the columns. At 16× the corpus a
    /// hit's copies sit in 16 places of the dictionary, and decoding their blocks search after
    /// search was 9 % of the slowest searches.
    names: Option<std::sync::Arc<Vec<Symbol>>>,
}

/// Segments whose opened fact columns are kept between searches. Opening a segment's columns
/// reads their block metadata (3.7 % of a harness search at 1×, more as segments grow), and a
/// segment never changes; every snapshot of an index shares most of its segments. Segments
/// that left the index are let go ([`keep_fact_columns`]); this bounds the rest (processes that
/// search several indexes), the table starting over when full. A round number, not measured:
/// an index has tens of segments.
const FACT_COLUMNS_KEPT: usize = 256;

/// The fact columns opened so far, by segment (a segment id is unique to its immutable files).
fn fact_columns() -> std::sync::MutexGuard<'static, HashMap<tantivy::index::SegmentId, SegmentFacts>>
{
    static KEPT: std::sync::OnceLock<
        std::sync::Mutex<HashMap<tantivy::index::SegmentId, SegmentFacts>>,
    > = std::sync::OnceLock::new();
    // A panic elsewhere while holding the lock leaves the table consistent (one insert).
    KEPT.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps a segment's opened columns for the searches that follow. A segment new to the table
/// means a new snapshot (a re-index merged or added segments): the columns of segments that
/// snapshot no longer has are let go then, so that the files of deleted segments are not kept
/// mapped (a search on an older snapshot still open re-opens its own).
fn keep_fact_columns(searcher: &Searcher, id: tantivy::index::SegmentId, columns: &SegmentFacts) {
    let mut kept = fact_columns();
    if !kept.contains_key(&id) {
        let live: Vec<tantivy::index::SegmentId> = (searcher.segment_readers().iter())
            .map(|r| r.segment_id())
            .collect();
        kept.retain(|k, _| live.contains(k));
        if kept.len() >= FACT_COLUMNS_KEPT {
            kept.clear();
        }
    }
    kept.insert(id, columns.clone());
}

/// The traits table of each segment of a snapshot (for [`super::filter::TraitsFilter`]), from
/// the fact columns kept between searches, opening and keeping those of new segments.
pub(super) fn traits_tables(
    searcher: &Searcher,
    f: &IndexSchema,
) -> tantivy::Result<Vec<(tantivy::index::SegmentId, TraitsTable)>> {
    let mut facts = FactReader::new(searcher, f);
    let mut out = Vec::with_capacity(searcher.segment_readers().len());
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let columns = facts
            .segment(ord as tantivy::SegmentOrdinal)
            .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
        out.push((reader.segment_id(), columns.traits.clone()));
    }
    Ok(out)
}

/// Reads candidates' ranking facts and symbols from the fast fields of a snapshot, opening each
/// segment's columns on first use (a search touches one to a few segments).
struct FactReader<'a> {
    searcher: &'a Searcher,
    f: &'a IndexSchema,
    segments: Vec<Option<SegmentFacts>>,
}

/// The error of an index without the ranking facts (built by an older undex).
fn no_facts() -> Error {
    Error::Internal(
        "the index has no ranking facts; rebuild it with `undex index --full`".to_string(),
    )
}

impl<'a> FactReader<'a> {
    fn new(searcher: &'a Searcher, f: &'a IndexSchema) -> FactReader<'a> {
        FactReader {
            searcher,
            f,
            segments: (0..searcher.segment_readers().len())
                .map(|_| None)
                .collect(),
        }
    }

    fn segment(&mut self, ord: tantivy::SegmentOrdinal) -> Result<&SegmentFacts> {
        let slot = self.segments.get_mut(ord as usize).ok_or_else(no_facts)?;
        if slot.is_none() {
            let reader = self.searcher.segment_reader(ord);
            let id = reader.segment_id();
            let kept = fact_columns().get(&id).cloned();
            *slot = Some(match kept {
                Some(columns) => columns,
                None => {
                    let schema = self.searcher.schema();
                    let fast = reader.fast_fields();
                    let column =
                        |field: tantivy::schema::Field| fast.u64(schema.get_field_name(field));
                    let columns = SegmentFacts {
                        dedupe: column(self.f.dedupe)?,
                        base: column(self.f.version_base)?,
                        traits: TraitsTable::read(&column(self.f.traits)?, reader.max_doc()),
                        symbol: None,
                        names: None,
                    };
                    keep_fact_columns(self.searcher, id, &columns);
                    columns
                }
            });
        }
        slot.as_ref().ok_or_else(no_facts)
    }

    /// The symbol column of a segment.
    fn symbols(&mut self, ord: tantivy::SegmentOrdinal) -> Result<&StrColumn> {
        self.segment(ord)?;
        let searcher = self.searcher;
        let name = searcher.schema().get_field_name(self.f.symbol);
        let slot = self
            .segments
            .get_mut(ord as usize)
            .and_then(Option::as_mut)
            .ok_or_else(no_facts)?;
        if slot.symbol.is_none() {
            let reader = searcher.segment_reader(ord);
            slot.symbol = Some(reader.fast_fields().str(name)?);
            keep_fact_columns(searcher, reader.segment_id(), slot);
        }
        slot.symbol
            .as_ref()
            .and_then(Option::as_ref)
            .ok_or_else(no_facts)
    }

    fn facts(&mut self, addr: DocAddress) -> Result<Facts> {
        let s = self.segment(addr.segment_ord)?;
        let doc = addr.doc_id;
        match (s.dedupe.first(doc), s.base.first(doc), s.traits.get(doc)) {
            (Some(dedupe), Some(base), Some(traits)) => Ok(Facts {
                dedupe,
                base,
                traits,
            }),
            _ => Err(no_facts()),
        }
    }

    /// The symbol of one paragraph, from the segment's names ([`FactReader::names`]): a
    /// revision's candidates at 16× are hundreds of paragraphs of its 16 copies, and decoding
    /// a dictionary block for each (`ord_to_str`) was half of such a search.
    fn symbol(&mut self, addr: DocAddress) -> Result<Symbol> {
        let column = self.symbols(addr.segment_ord)?;
        let ord = column.term_ords(addr.doc_id).next().ok_or_else(no_facts)?;
        let names = self.names(addr.segment_ord)?;
        names.get(ord as usize).cloned().ok_or_else(no_facts)
    }

    /// Every symbol of a segment's dictionary by term ordinal ([`SegmentFacts::names`]).
    fn names(&mut self, ord: tantivy::SegmentOrdinal) -> Result<std::sync::Arc<Vec<Symbol>>> {
        if let Some(names) = self.segment(ord)?.names.clone() {
            return Ok(names);
        }
        let column = self.symbols(ord)?;
        let mut names = Vec::with_capacity(column.num_terms());
        let mut stream = column
            .dictionary()
            .stream()
            .map_err(|e| Error::Internal(format!("reading a symbol column: {e}")))?;
        while stream.advance() {
            let text = String::from_utf8_lossy(stream.key()).into_owned();
            names.push(Symbol::from_canonical(text));
        }
        let names = std::sync::Arc::new(names);
        let id = self.searcher.segment_reader(ord).segment_id();
        let slot = self
            .segments
            .get_mut(ord as usize)
            .and_then(Option::as_mut)
            .ok_or_else(no_facts)?;
        slot.names = Some(names.clone());
        keep_fact_columns(self.searcher, id, slot);
        Ok(names)
    }

    /// The distinct symbols of `addrs` in order, without `own` (an `also_in` list). A heading
    /// repeated in hundreds of documents lists hundreds of symbols, each read from the
    /// segment's names ([`FactReader::names`]). Paragraphs are told apart by their symbol's
    /// ordinal in their segment's dictionary (sorted, not hashed: a set of cloned symbols,
    /// SipHash-ed, was 6 % of a common word's search at 16× the corpus); the same symbol in two
    /// segments has two ordinals, so the strings are compared too when several segments list it.
    fn symbols_besides(&mut self, addrs: &[DocAddress], own: &Symbol) -> Result<Vec<Symbol>> {
        // (segment, ordinal, first position in `addrs`), one per distinct ordinal.
        let mut ords: Vec<(tantivy::SegmentOrdinal, u64, usize)> = Vec::with_capacity(addrs.len());
        for (i, a) in addrs.iter().enumerate() {
            let column = self.symbols(a.segment_ord)?;
            let ord = column.term_ords(a.doc_id).next().ok_or_else(no_facts)?;
            ords.push((a.segment_ord, ord, i));
        }
        ords.sort_unstable();
        ords.dedup_by_key(|&mut (segment, ord, _)| (segment, ord));
        ords.sort_unstable_by_key(|&(_, _, i)| i);
        let several_segments = ords.windows(2).any(|w| w[0].0 != w[1].0);
        let mut out: Vec<Symbol> = Vec::with_capacity(ords.len());
        let mut seen: std::collections::HashSet<Symbol> = std::collections::HashSet::new();
        for (segment, ord, _) in ords {
            let names = self.names(segment)?;
            let s = names.get(ord as usize).ok_or_else(no_facts)?;
            if s == own || (several_segments && !seen.insert(s.clone())) {
                continue;
            }
            out.push(s.clone());
        }
        Ok(out)
    }
}

/// One candidate of the re-ranking window: its address, score and fast-field facts; nothing
/// stored is loaded until it is shown.
struct Candidate {
    addr: DocAddress,
    score: f32,
    facts: Facts,
    /// Paragraphs folded into this one (superseded versions, then copies of its text), as
    /// addresses; their symbols are read only for the hits shown.
    also_in: Vec<DocAddress>,
    /// Whether the query names this heading (`plan::names_heading_words`), worked out once by
    /// [`rerank`].
    named: bool,
}

/// Re-ranks candidates (best first): kind factors and the other-language factor (`prefer`: the
/// query's language), then, unless `all_versions`, folds hits of superseded documents into the
/// latest version among the candidates and shows identical text once (the later copies listed
/// in `also_in`), then caps headings in the first page. A heading the query names (`named`,
/// asked only of headings) is neither demoted nor capped. Everything is decided on the fast
/// fields' facts; `facts` reads the symbols of the few candidates a revision could supersede.
fn rerank(
    mut cands: Vec<Candidate>,
    all_versions: bool,
    prefer: Option<Lang>,
    facts: &mut FactReader,
    named: &mut dyn FnMut(&Candidate) -> Result<bool>,
) -> Result<Vec<Candidate>> {
    for c in &mut cands {
        c.named = c.facts.traits.kind == ParagraphKind::Heading && named(c)?;
        if !c.named {
            c.score *= kind_factor(c.facts.traits.kind);
        }
        if prefer.is_some_and(|l| l != c.facts.traits.lang) {
            c.score *= OTHER_LANG_FACTOR;
        }
    }
    cands.sort_by(|a, b| b.score.total_cmp(&a.score));
    if all_versions {
        return Ok(cap_headings(cands));
    }
    // Superseded → the best candidate of a superseding document in the same language. Only a
    // revision (`…/Rev.N`) supersedes anything, and only a paragraph whose symbol has the same
    // version base: symbols are read for those pairs alone.
    let revisions: Vec<usize> = (0..cands.len())
        .filter(|&j| cands[j].facts.traits.revision)
        .collect();
    let mut folded: Vec<Option<usize>> = vec![None; cands.len()];
    if !revisions.is_empty() {
        let mut symbols: Vec<Option<Symbol>> = vec![None; cands.len()];
        for i in 0..cands.len() {
            for &j in &revisions {
                let (a, b) = (&cands[i].facts, &cands[j].facts);
                if i == j || a.traits.lang != b.traits.lang || a.base != b.base {
                    continue;
                }
                for k in [i, j] {
                    if symbols[k].is_none() {
                        symbols[k] = Some(facts.symbol(cands[k].addr)?);
                    }
                }
                // Paragraphs of one document (most pairs in a long revision) never supersede
                // each other: compared as strings before the symbols are parsed.
                if let (Some(newer), Some(older)) = (&symbols[j], &symbols[i])
                    && newer != older
                    && newer.supersedes(older)
                {
                    folded[i] = Some(j);
                    break;
                }
            }
        }
    }
    for i in 0..cands.len() {
        if let Some(j) = folded[i] {
            let (addr, score) = (cands[i].addr, cands[i].score);
            let target = &mut cands[j];
            target.score = target.score.max(score);
            target.also_in.push(addr);
        }
    }
    let mut kept: Vec<Candidate> = Vec::with_capacity(cands.len());
    // Dedupe hash → the kept candidate with that text.
    let mut by_key: DigestMap<usize> =
        DigestMap::with_capacity_and_hasher(cands.len(), Default::default());
    let mut order: Vec<(usize, Candidate)> = cands.into_iter().enumerate().collect();
    order.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    for (i, c) in order {
        if folded[i].is_some() {
            continue;
        }
        if let Some(&k) = by_key.get(&c.facts.dedupe) {
            kept[k].also_in.push(c.addr);
            continue;
        }
        by_key.insert(c.facts.dedupe, kept.len());
        kept.push(c);
    }
    Ok(cap_headings(kept))
}

/// Headings and TOC lines beyond [`HEADING_CAP`] move after the body text of the first page.
fn cap_headings(cands: Vec<Candidate>) -> Vec<Candidate> {
    let mut headings_seen = 0;
    let (mut first, mut moved) = (Vec::new(), Vec::new());
    for c in cands {
        let is_heading = matches!(
            c.facts.traits.kind,
            ParagraphKind::Heading | ParagraphKind::Toc
        ) && !c.named;
        if is_heading && first.len() < HEADING_CAP_WINDOW {
            headings_seen += 1;
            if headings_seen > HEADING_CAP {
                moved.push(c);
                continue;
            }
        }
        first.push(c);
    }
    let split = first.len().min(HEADING_CAP_WINDOW);
    let rest = first.split_off(split);
    first.extend(moved);
    first.extend(rest);
    first
}

/// Runs a search request.
pub fn search(searcher: &Searcher, f: &IndexSchema, req: &SearchRequest) -> Result<SearchResponse> {
    let started = Instant::now();
    check_paging(req.limit, req.offset)?;
    let parsed = parse_query(&req.query)?;
    let stats = SearchStats::new(searcher);
    let plan = plan(f, &stats, &parsed, req)?;
    let prefer = req.lang.is_none().then_some(plan.lang);
    let mut facts = FactReader::new(searcher, f);
    // Whether the query names a heading depends on its text alone: asked once per distinct
    // text (a heading repeated in 800 documents is loaded once), from the heading's words as
    // worked out once per process (`heading_words`: a heading seen by an earlier search is
    // not loaded again); the query's own words only when a heading is asked about.
    let mut query_words: Option<std::collections::BTreeSet<String>> = None;
    let mut named_by_text: DigestMap<bool> = Default::default();
    let mut named = |c: &Candidate| -> Result<bool> {
        if let Some(&n) = named_by_text.get(&c.facts.dedupe) {
            return Ok(n);
        }
        let words = heading_words(c.facts.dedupe, || Ok(load(searcher, f, c.addr)?.text))?;
        let query_words =
            query_words.get_or_insert_with(|| super::plan::comparable_words(&parsed.free_text()));
        let n = super::plan::names_heading_words(query_words, &words);
        named_by_text.insert(c.facts.dedupe, n);
        Ok(n)
    };
    // Folding and dedupe can leave fewer candidates than the page needs (twenty "I. Introduction"
    // headings are one text): widen the window until the page fills or the matches run out.
    // A wider window's ranked list starts with the narrower one's (tantivy orders by score, then
    // by address), so a pass takes a prefix of the last fetch. Re-ranking reads fast fields
    // only: stored paragraphs are loaded for the hits shown.
    // A plan that cannot prune scores every match whatever the window: its one pass keeps what
    // the widest window could need ([`Scored`]: every match when there are at most twice as
    // many, else a buffer of the best; a relaxed step every match), and each window is a
    // selection over that (widening
    // never scores again; at 16× the corpus a second pass doubled the slowest searches, while
    // a sorted top-1,000 cost +100 µs on the common words of the bundled corpus). A
    // prunable plan fetches the page's window and, when it outgrows it, the widest once.
    let prunes = (plan.steps.iter()).any(|(_, q)| block_max_eligible(&**q, searcher.schema()));
    let mut fetched = if prunes {
        req.limit
    } else {
        (req.limit * RERANK_WIDEN).min(MAX_LIMIT)
    };
    // The widest re-ranking window: what the page asks for at the largest limit.
    let widest = req.offset + MAX_LIMIT + RERANK_EXTRA;
    let (mut match_step, mut docs, mut total, mut every) = if prunes {
        let (step, mut docs, total) = run_plan(searcher, &stats, &plan, req)?;
        if step != MatchStep::All {
            super::context::add_document_context(searcher, f, &plan.context, &mut docs)?;
            docs.sort_by(ranking_order);
        }
        (step, docs, total, None)
    } else {
        let (step, mut every, total) = run_plan_scoring_all(searcher, &stats, &plan, widest)?;
        if step != MatchStep::All {
            super::context::add_document_context(searcher, f, &plan.context, &mut every)?;
        }
        let docs = best_of(&mut every, req.offset + fetched + RERANK_EXTRA);
        (step, docs, total, Some(every))
    };
    let mut limit = req.limit;
    let ranked = loop {
        let want = req.offset + limit + RERANK_EXTRA;
        // The window outgrew the fetch, which was full (more matches may follow): take the
        // widest window once; every later pass takes a prefix of it.
        if limit > fetched && docs.len() >= req.offset + fetched + RERANK_EXTRA {
            match every.as_mut() {
                Some(every) => docs = best_of(every, widest),
                None => {
                    let wide = SearchRequest {
                        limit: MAX_LIMIT,
                        ..req.clone()
                    };
                    (match_step, docs, total) = run_plan(searcher, &stats, &plan, &wide)?;
                    if match_step != MatchStep::All {
                        super::context::add_document_context(
                            searcher,
                            f,
                            &plan.context,
                            &mut docs,
                        )?;
                        docs.sort_by(ranking_order);
                    }
                }
            }
            fetched = MAX_LIMIT;
        }
        let exhausted = docs.len() < want;
        let last = exhausted || limit >= MAX_LIMIT;
        let mut cands = Vec::with_capacity(want.min(docs.len()));
        for &(score, addr) in docs.iter().take(want) {
            cands.push(Candidate {
                addr,
                score,
                facts: facts.facts(addr)?,
                also_in: Vec::new(),
                named: false,
            });
        }
        let ranked = rerank(cands, req.all_versions, prefer, &mut facts, &mut named)?;
        if ranked.len() >= req.offset + req.limit || last {
            break ranked;
        }
        limit = (limit * RERANK_WIDEN).min(MAX_LIMIT);
    };
    let highlighter = Highlighter::new(&plan.highlights);
    let mut hits = Vec::with_capacity(req.limit);
    for c in ranked.into_iter().skip(req.offset).take(req.limit) {
        let p = load(searcher, f, c.addr)?;
        let also_in = facts.symbols_besides(&c.also_in, &p.symbol)?;
        let snip = if plan.citations.is_empty() {
            highlighter.snippet(&p.text, p.lang)
        } else {
            snippet_with_citations(&p, &highlighter, &plan.citations)
        };
        let mut hit = to_hit(p, c.score, snip);
        hit.also_in = also_in;
        hits.push(hit);
    }
    Ok(SearchResponse {
        query: req.query.clone(),
        total: total.count,
        total_is_lower_bound: total.lower_bound,
        match_step,
        took_ms: started.elapsed().as_millis() as u64,
        hits,
    })
}

/// How many paragraphs match a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    /// Matches counted.
    pub count: usize,
    /// Whether counting stopped early, so that there are at least `count` matches.
    pub lower_bound: bool,
}

/// Runs a search up to the ranked document addresses of the requested page and the total,
/// without loading stored fields (what `search` does before materializing hits).
pub fn top_docs(
    searcher: &Searcher,
    f: &IndexSchema,
    req: &SearchRequest,
) -> Result<(Vec<(f32, DocAddress)>, Total)> {
    check_paging(req.limit, req.offset)?;
    let parsed = parse_query(&req.query)?;
    let stats = SearchStats::new(searcher);
    let plan = plan(f, &stats, &parsed, req)?;
    let (_, docs, total) = run_plan(searcher, &stats, &plan, req)?;
    let page = docs.into_iter().skip(req.offset).take(req.limit).collect();
    Ok((page, total))
}

/// Scored document addresses, best first.
type RankedDocs = Vec<(f32, DocAddress)>;

/// Finds the requested page and the total. A query tantivy can run with block-max pruning (a
/// union or an intersection of scored terms) gets `TopDocs` alone, which skips the blocks that
/// cannot enter the page, then a count that stops after `TOTAL_EXACT_UP_TO` matches (skipped when
/// the page itself shows how many match). Any other query visits and scores every match anyway,
/// so counting rides along in the same pass. The relaxation steps of the plan run in order
/// until one has [`RELAX_BELOW_HITS`] matches.
fn run_plan(
    searcher: &Searcher,
    stats: &dyn Bm25StatisticsProvider,
    plan: &super::plan::QueryPlan,
    req: &SearchRequest,
) -> Result<(MatchStep, RankedDocs, Total)> {
    // Re-ranking (version folding, heading demotion) looks past the page: fetch a window.
    let window = SearchRequest {
        limit: req.offset + req.limit + RERANK_EXTRA,
        offset: 0,
        ..req.clone()
    };
    let mut answer = (
        MatchStep::All,
        Vec::new(),
        capped(0, false, TOTAL_EXACT_UP_TO),
    );
    for (step, query) in &plan.steps {
        let (docs, total) = run_capped(searcher, stats, &**query, &window, TOTAL_EXACT_UP_TO)?;
        let enough = total.count >= RELAX_BELOW_HITS;
        answer = (*step, docs, total);
        if enough {
            break;
        }
    }
    Ok(answer)
}

/// [`run_plan`] for a plan that cannot prune: each step scores every match ([`Scored`]),
/// keeping, unsorted, a set that holds the best `widest` (the widest re-ranking window a
/// search asks for); the relaxation steps run in order until one has [`RELAX_BELOW_HITS`]
/// matches. A relaxed step keeps every match: the document signal
/// ([`super::context::add_document_context`]) changes scores after the pass. The total is exact
/// up to `TOTAL_EXACT_UP_TO`, as in [`run_plan`].
fn run_plan_scoring_all(
    searcher: &Searcher,
    stats: &dyn Bm25StatisticsProvider,
    plan: &super::plan::QueryPlan,
    widest: usize,
) -> Result<(MatchStep, RankedDocs, Total)> {
    let mut answer = (
        MatchStep::All,
        Vec::new(),
        capped(0, false, TOTAL_EXACT_UP_TO),
    );
    for (step, query) in &plan.steps {
        let keep = (*step == MatchStep::All).then_some(widest);
        let (kept, count) =
            searcher.search_with_statistics_provider(&**query, &Scored { keep }, stats)?;
        answer = (*step, kept, capped(count, false, TOTAL_EXACT_UP_TO));
        if count >= RELAX_BELOW_HITS {
            break;
        }
    }
    Ok(answer)
}

/// Ranking order: score descending, then address ascending (tantivy's `TopDocs` order, so a
/// window selected here equals the one `TopDocs` returns).
fn ranking_order(a: &(f32, DocAddress), b: &(f32, DocAddress)) -> std::cmp::Ordering {
    // The addresses are compared only on a tie (`then_with`): most comparisons, the bar of
    // [`BestBuffer`] above all, are settled by the score.
    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
}

/// Matches per window place above which [`best_of`] keeps the window in a bounded buffer rather
/// than selecting it from all matches. Callgrind at 1× (hundreds to thousands of matches for
/// windows of 20–1,010): a selection took 39 M instructions where a binary heap took 54 M; on the
/// slowest searches at 16× the heap took 13 % less than the selection, and the buffer that
/// replaced the heap less again (see [`BestBuffer`]). A round number between, kept from the heap.
const BUFFER_ABOVE_MATCHES_PER_PLACE: usize = 16;

/// The best `n` of a stream of matches in ranking order: a buffer of up to `2n` matches; when it
/// fills, a selection cuts it back to the best `n`, and the worst of those becomes the bar that
/// every later match must beat, so most matches cost one comparison and none a heap's sift (the
/// binary heap this replaces was 20 M of the 84 M instructions of `report` at 16× the corpus:
/// its window of 1,010 places took a sift per match that entered it). The order is total (the
/// address breaks score ties), so the window is the one `TopDocs` returns.
struct BestBuffer {
    n: usize,
    best: RankedDocs,
    bar: (f32, DocAddress),
}

impl BestBuffer {
    /// An empty buffer for the best `n` (at least 1).
    fn new(n: usize) -> BestBuffer {
        let n = n.max(1);
        BestBuffer {
            n,
            best: Vec::with_capacity(2 * n),
            // Until the buffer first fills, a bar every match beats (no score is -∞).
            bar: (f32::NEG_INFINITY, DocAddress::new(u32::MAX, u32::MAX)),
        }
    }

    #[inline]
    fn offer(&mut self, hit: (f32, DocAddress)) {
        // Most matches score under the bar: one float comparison settles them (no score is
        // NaN, so `<` agrees with `ranking_order`; equal scores, -0 and 0 among them, go to it).
        if hit.0 < self.bar.0 || (hit.0 == self.bar.0 && ranking_order(&hit, &self.bar).is_ge()) {
            return;
        }
        self.best.push(hit);
        if self.best.len() == 2 * self.n {
            let n = self.n;
            self.best.select_nth_unstable_by(n - 1, ranking_order);
            self.best.truncate(n);
            self.bar = self.best[n - 1];
        }
    }

    /// Up to `2n` matches, unsorted, among them the best `n` of those offered (every match
    /// offered when there were at most `2n`).
    fn into_superset(self) -> RankedDocs {
        self.best
    }
}

/// The best `n` of `every` in ranking order. Few matches per place: a selection
/// (`select_nth_unstable`), then a sort of the `n`. Many: one pass through a [`BestBuffer`].
/// Either way the window is the one `TopDocs` returns.
fn best_of(every: &mut [(f32, DocAddress)], n: usize) -> RankedDocs {
    if n == 0 {
        return Vec::new();
    }
    let mut best = if every.len() <= n.saturating_mul(BUFFER_ABOVE_MATCHES_PER_PLACE) {
        if every.len() > n {
            every.select_nth_unstable_by(n - 1, ranking_order);
        }
        every[..n.min(every.len())].to_vec()
    } else {
        let mut buffer = BestBuffer::new(n);
        for &hit in every.iter() {
            buffer.offer(hit);
        }
        let mut best = buffer.into_superset();
        if best.len() > n {
            best.select_nth_unstable_by(n - 1, ranking_order);
            best.truncate(n);
        }
        best
    };
    best.sort_unstable_by(ranking_order);
    best
}

/// Scores every match and counts them; keeps every match with its score (`keep: None`) or, for
/// a plan step whose scores are final, only a superset of the best `keep` per segment
/// ([`BestBuffer`]), unsorted: each re-ranking window of at most `keep` places is then a
/// selection over what was kept (a segment's best `keep` hold the index's best `keep` that
/// fall in it). Keeping every match cost 12 bytes each (0.4 MB for the 35,000 matches of
/// `report` at 16× the corpus) and the vector's growth; selecting from a buffer of 2 × 1,010
/// saved a pass over all of them.
struct Scored {
    keep: Option<usize>,
}

impl tantivy::collector::Collector for Scored {
    type Fruit = (RankedDocs, usize);
    type Child = ScoredSegment;

    fn for_segment(
        &self,
        segment: tantivy::SegmentOrdinal,
        _: &tantivy::SegmentReader,
    ) -> tantivy::Result<ScoredSegment> {
        Ok(ScoredSegment {
            segment,
            count: 0,
            kept: match self.keep {
                Some(n) => Kept::Best(BestBuffer::new(n)),
                None => Kept::Every(Vec::new()),
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(RankedDocs, usize)>,
    ) -> tantivy::Result<(RankedDocs, usize)> {
        let count = fruits.iter().map(|(_, c)| c).sum();
        Ok((fruits.into_iter().flat_map(|(k, _)| k).collect(), count))
    }
}

/// What a [`ScoredSegment`] keeps.
enum Kept {
    Every(RankedDocs),
    Best(BestBuffer),
}

/// The segment side of [`Scored`].
struct ScoredSegment {
    segment: tantivy::SegmentOrdinal,
    count: usize,
    kept: Kept,
}

impl tantivy::collector::SegmentCollector for ScoredSegment {
    type Fruit = (RankedDocs, usize);

    fn collect(&mut self, doc: tantivy::DocId, score: tantivy::Score) {
        self.count += 1;
        let hit = (score, DocAddress::new(self.segment, doc));
        match &mut self.kept {
            Kept::Every(every) => every.push(hit),
            Kept::Best(best) => best.offer(hit),
        }
    }

    fn harvest(self) -> (RankedDocs, usize) {
        let kept = match self.kept {
            Kept::Every(every) => every,
            Kept::Best(best) => best.into_superset(),
        };
        (kept, self.count)
    }
}

/// [`run_plan`] with the exact-count threshold as a parameter (tests use small ones).
fn run_capped(
    searcher: &Searcher,
    stats: &dyn Bm25StatisticsProvider,
    query: &dyn Query,
    req: &SearchRequest,
    cap: usize,
) -> Result<(Vec<(f32, DocAddress)>, Total)> {
    let top = TopDocs::with_limit(req.limit)
        .and_offset(req.offset)
        .order_by_score();
    if !block_max_eligible(query, searcher.schema()) {
        let (docs, count) =
            searcher.search_with_statistics_provider(query, &(top, Count), stats)?;
        return Ok((docs, capped(count, false, cap)));
    }
    let docs = searcher.search_with_statistics_provider(query, &top, stats)?;
    let total = if docs.len() < req.limit && (!docs.is_empty() || req.offset == 0) {
        capped(req.offset + docs.len(), false, cap)
    } else {
        let (count, more) = searcher.search(query, &CountUpTo(cap))?;
        capped(count, more, cap)
    };
    Ok((docs, total))
}

/// The total shown for `count` matches counted (`more`: counting stopped with matches left):
/// exact up to `cap`, else `cap` as a lower bound.
fn capped(count: usize, more: bool, cap: usize) -> Total {
    if more || count > cap {
        Total {
            count: cap,
            lower_bound: true,
        }
    } else {
        Total {
            count,
            lower_bound: false,
        }
    }
}

/// Whether tantivy 0.27 runs `q` under `TopDocs` with block-max pruning: a term on a field
/// indexed with frequencies, or a boolean query whose clauses are all such terms and either all
/// `Should` (block-max WAND over the union) or all `Must` (block-max over the intersection).
/// Boosts, phrases, nested booleans, exclusions, `minimum_number_should_match` above 1 and
/// filters on keyword fields (indexed without frequencies) all fall back to scoring every match.
pub fn block_max_eligible(q: &dyn Query, schema: &tantivy::schema::Schema) -> bool {
    let scored_term = |q: &dyn Query| {
        q.downcast_ref::<TermQuery>().is_some_and(|t| {
            let field = schema.get_field_entry(t.term().field());
            field
                .field_type()
                .get_index_record_option()
                .is_some_and(|o| o.has_freq())
        })
    };
    if scored_term(q) {
        return true;
    }
    let Some(b) = q.downcast_ref::<BooleanQuery>() else {
        return false;
    };
    let clauses = b.clauses();
    let all = |occur: Occur| clauses.iter().all(|(o, _)| *o == occur);
    !clauses.is_empty()
        && clauses.iter().all(|(_, c)| scored_term(c.as_ref()))
        && ((all(Occur::Should) && b.get_minimum_number_should_match() <= 1)
            || (all(Occur::Must) && clauses.len() >= 2))
}

/// Counts matches without scoring, up to a cap: each segment stops iterating once it has seen
/// more than the cap. The fruit is `(matches counted, whether matches were left uncounted)`.
struct CountUpTo(usize);

impl tantivy::collector::Collector for CountUpTo {
    type Fruit = (usize, bool);
    type Child = CountUpToSegment;

    fn for_segment(
        &self,
        _: tantivy::SegmentOrdinal,
        _: &tantivy::SegmentReader,
    ) -> tantivy::Result<CountUpToSegment> {
        Ok(CountUpToSegment {
            cap: self.0,
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(usize, bool)>) -> tantivy::Result<(usize, bool)> {
        let count: usize = fruits.iter().map(|f| f.0).sum();
        let more = fruits.iter().any(|f| f.1) || count > self.0;
        Ok((count.min(self.0), more))
    }

    fn collect_segment(
        &self,
        weight: &dyn tantivy::query::Weight,
        _: u32,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<(usize, bool)> {
        use tantivy::DocSet;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut count = 0;
        let mut doc = scorer.doc();
        while doc != tantivy::TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                if count == self.0 {
                    return Ok((count, true));
                }
                count += 1;
            }
            doc = scorer.advance();
        }
        Ok((count, false))
    }
}

/// The segment side of [`CountUpTo`] (used only if tantivy collects document by document).
struct CountUpToSegment {
    cap: usize,
    count: usize,
}

impl tantivy::collector::SegmentCollector for CountUpToSegment {
    type Fruit = (usize, bool);

    fn collect(&mut self, _: tantivy::DocId, _: tantivy::Score) {
        self.count += 1;
    }

    fn harvest(self) -> (usize, bool) {
        (self.count.min(self.cap), self.count > self.cap)
    }
}

/// A snippet that also marks citations of the given targets in the paragraph.
fn snippet_with_citations(
    p: &StoredParagraph,
    hl: &Highlighter,
    targets: &[CitationRef],
) -> String {
    let mut ranges = hl.ranges(&p.text, p.lang);
    for c in crate::cite::find_citations(&p.text, Some(&p.symbol)) {
        if targets.iter().any(|t| {
            t.symbol == c.symbol
                && (t.paragraphs.is_empty()
                    || t.paragraphs.iter().any(|x| c.paragraphs.contains(x)))
        }) {
            ranges.push((c.span.start, c.span.end));
        }
    }
    render(&p.text, &super::snippet::merge(&p.text, ranges))
}

/// Parses a user reference into one target (symbol + paragraphs; several mentions of one
/// document are merged); several documents in one reference are an error for `cited-by`.
pub fn parse_target(reference: &str) -> Result<CitationRef> {
    let mut targets = crate::model::merge_citations(&crate::cite::parse_reference(reference)?);
    match targets.len() {
        0 => Err(Error::BadInput(format!(
            "no document reference found in '{reference}': give a symbol such as S/RES/2395(2017) or a citation such as 第 2395(2017)号决议第 17 段"
        ))),
        1 => Ok(targets.remove(0)),
        _ => Err(Error::BadInput(format!(
            "'{reference}' names several documents; cited-by takes one (e.g. S/RES/2395(2017) or 第 2395(2017)号决议第 17 段)"
        ))),
    }
}

/// Paragraphs that cite a reference, in document order.
pub fn cited_by(
    searcher: &Searcher,
    f: &IndexSchema,
    reference: &str,
    limit: usize,
    offset: usize,
) -> Result<CitedByResponse> {
    check_paging(limit, offset)?;
    let tref = parse_target(reference)?;
    let clauses: Vec<Box<dyn Query>> = if tref.paragraphs.is_empty() {
        vec![term_q(f.cites, tref.symbol.as_str())]
    } else {
        tref.paragraphs
            .iter()
            .map(|p| term_q(f.cites, &paragraph_key(tref.symbol.as_str(), p)))
            .collect()
    };
    let query = BooleanQuery::union(clauses);
    let addrs = searcher.search(&query, &DocSetCollector)?;
    let mut paras = Vec::with_capacity(addrs.len());
    for a in addrs {
        paras.push(load(searcher, f, a)?);
    }
    paras.sort_by(|a, b| (&a.symbol, a.lang, a.seq).cmp(&(&b.symbol, b.lang, b.seq)));
    let total = paras.len();
    let targets = [tref.clone()];
    let no_words = Highlighter::new(&Highlights::default());
    let hits = paras
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|p| {
            let snip = snippet_with_citations(&p, &no_words, &targets);
            to_hit(p, 1.0, snip)
        })
        .collect();
    Ok(CitedByResponse {
        target: tref,
        total,
        hits,
    })
}

fn count(searcher: &Searcher, q: &dyn Query) -> Result<usize> {
    Ok(searcher.search(q, &Count)?)
}

fn all_of(clauses: Vec<Box<dyn Query>>) -> BooleanQuery {
    BooleanQuery::new(clauses.into_iter().map(|q| (Occur::Must, q)).collect())
}

/// The paragraphs of one document in one language, in order.
pub fn document_paragraphs(
    searcher: &Searcher,
    f: &IndexSchema,
    symbol: &Symbol,
    lang: Lang,
) -> Result<Vec<StoredParagraph>> {
    let q = term_q(
        f.doc_key,
        &crate::index::schema::doc_key(symbol.as_str(), lang.code()),
    );
    let addrs = searcher.search(&*q, &DocSetCollector)?;
    let mut paras = Vec::with_capacity(addrs.len());
    for a in addrs {
        paras.push(load(searcher, f, a)?);
    }
    paras.sort_by_key(|p| p.seq);
    Ok(paras)
}

/// Languages a symbol is indexed in.
pub fn languages_of(searcher: &Searcher, f: &IndexSchema, symbol: &Symbol) -> Result<Vec<Lang>> {
    let mut out = Vec::new();
    for lang in Lang::ALL {
        let q = term_q(
            f.doc_key,
            &crate::index::schema::doc_key(symbol.as_str(), lang.code()),
        );
        if count(searcher, &*q)? > 0 {
            out.push(lang);
        }
    }
    Ok(out)
}

/// The symbols in the index that supersede `symbol` (later revisions of the same document,
/// `S/2025/71/Rev.1` for `S/2025/71`), oldest first.
pub fn superseded_by(searcher: &Searcher, f: &IndexSchema, symbol: &Symbol) -> Result<Vec<Symbol>> {
    let prefix = format!("{}/REV.", symbol.version_base().as_str().to_uppercase());
    let q = term_q(f.symbol_prefix, &prefix);
    let mut out: Vec<Symbol> = Vec::new();
    for addr in searcher.search(&*q, &DocSetCollector)? {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let candidate = Symbol::from_canonical(get_str(&doc, f.symbol));
        if candidate.supersedes(symbol) && !out.contains(&candidate) {
            out.push(candidate);
        }
    }
    out.sort_by_key(|s| s.version());
    Ok(out)
}

/// `show`: a whole document or one paragraph.
pub fn show(
    searcher: &Searcher,
    f: &IndexSchema,
    request: &super::ShowRequest,
) -> Result<ShowResponse> {
    let lang = request.lang;
    let symbol = Symbol::parse(&request.symbol).map_err(|e| Error::BadInput(e.to_string()))?;
    let langs = languages_of(searcher, f, &symbol)?;
    if langs.is_empty() {
        return Err(Error::NotFound(format!(
            "{symbol} is not in the corpus; fetch it with: undex crawl {symbol}"
        )));
    }
    let lang = match lang {
        Some(l) if langs.contains(&l) => l,
        Some(l) => {
            return Err(Error::NotFound(format!(
                "{symbol} is not in the corpus in {l} (available: {}); fetch it with: undex crawl {symbol} --lang {l}",
                langs
                    .iter()
                    .map(|l| l.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        None => {
            if langs.contains(&Lang::En) {
                Lang::En
            } else {
                langs[0]
            }
        }
    };
    let paras = document_paragraphs(searcher, f, &symbol, lang)?;
    let title = paras.first().map(|p| p.title.clone()).unwrap_or_default();
    let selected: Vec<&StoredParagraph> = match &request.paragraph {
        Some(number) => {
            let s: Vec<&StoredParagraph> = paras
                .iter()
                .filter(|p| p.number.as_deref() == Some(number))
                .filter(|p| {
                    (request.part.as_deref())
                        .is_none_or(|want| p.part.as_deref().unwrap_or("body") == want)
                })
                .collect();
            if s.is_empty() {
                let n = request.para_text().unwrap_or_default();
                return Err(Error::NotFound(format!(
                    "{symbol} ({lang}) has no paragraph {n}; `undex show {symbol} --lang {lang}` lists its paragraphs"
                )));
            }
            s
        }
        None => paras.iter().collect(),
    };
    let superseded_by = superseded_by(searcher, f, &symbol)?;
    Ok(ShowResponse {
        symbol,
        lang,
        title,
        superseded_by,
        paragraphs: selected
            .into_iter()
            .map(|p| ShownParagraph {
                part: p.part.clone(),
                paragraph: p.number.clone(),
                seq: p.seq,
                kind: p.kind,
                section: p.section.clone(),
                text: p.text.clone(),
            })
            .collect(),
    })
}

/// `resolve`: the cited paragraph texts of every citation in a reference.
pub fn resolve(
    searcher: &Searcher,
    f: &IndexSchema,
    reference: &str,
    lang: Option<Lang>,
) -> Result<ResolveResponse> {
    let cites = crate::cite::parse_reference(reference)?;
    if cites.is_empty() {
        return Err(Error::BadInput(format!(
            "no document reference found in '{reference}': give a symbol such as S/RES/2395(2017) or a citation such as 第 2395(2017)号决议第 17 段"
        )));
    }
    let preferred = lang.unwrap_or_else(|| super::plan::query_lang(reference));
    let mut out = Vec::new();
    for c in cites {
        let langs = languages_of(searcher, f, &c.symbol)?;
        let in_corpus = !langs.is_empty();
        let mut found = Vec::new();
        let mut missing = Vec::new();
        if in_corpus {
            let order: Vec<Lang> = [preferred, preferred.other()]
                .into_iter()
                .filter(|l| langs.contains(l))
                .collect();
            if c.paragraphs.is_empty() {
                let l = order[0];
                for p in document_paragraphs(searcher, f, &c.symbol, l)? {
                    if c.part.is_none() || p.part == c.part {
                        found.push(found_of(p));
                    }
                }
            } else {
                'para: for number in &c.paragraphs {
                    for &l in &order {
                        let got =
                            lookup_paragraph(searcher, f, &c.symbol, l, c.part.as_deref(), number)?;
                        if !got.is_empty() {
                            found.extend(got.into_iter().map(found_of));
                            continue 'para;
                        }
                    }
                    missing.push(number.clone());
                }
            }
        } else {
            missing = c.paragraphs.clone();
        }
        let hint = if !in_corpus {
            Some(format!("undex crawl {}", c.symbol))
        } else if !missing.is_empty() {
            Some(format!(
                "{} has no paragraph {} in the corpus; check the number with `undex show {}`",
                c.symbol,
                missing.join(", "),
                c.symbol
            ))
        } else {
            None
        };
        out.push(ResolvedCitation {
            antecedent: c.antecedent,
            symbol: c.symbol,
            paragraphs: c.paragraphs,
            in_corpus,
            found,
            missing,
            hint,
        });
    }
    Ok(ResolveResponse { citations: out })
}

fn found_of(p: StoredParagraph) -> FoundParagraph {
    FoundParagraph {
        symbol: p.symbol,
        lang: p.lang,
        part: p.part,
        paragraph: p.number,
        kind: p.kind,
        section: p.section,
        text: p.text,
    }
}

/// Paragraphs with a printed number in one language: the body (or the given part) first; with
/// no part given and no body paragraph of that number, every part's; a sub-paragraph `6(c)`
/// that is not its own paragraph falls back to paragraph 6.
fn lookup_paragraph(
    searcher: &Searcher,
    f: &IndexSchema,
    symbol: &Symbol,
    lang: Lang,
    part: Option<&str>,
    number: &str,
) -> Result<Vec<StoredParagraph>> {
    let mut candidates = vec![number.to_string()];
    if let Some(i) = number.find('(')
        && i > 0
    {
        candidates.push(number[..i].to_string());
    }
    for n in candidates {
        let q = all_of(vec![
            term_q(f.addr, &paragraph_key(symbol.as_str(), &n)),
            term_q(f.lang, lang.code()),
        ]);
        let addrs = searcher.search(&q, &DocSetCollector)?;
        let mut paras = Vec::new();
        for a in addrs {
            paras.push(load(searcher, f, a)?);
        }
        paras.sort_by_key(|p| p.seq);
        let chosen: Vec<StoredParagraph> = match part {
            Some(want) => paras
                .into_iter()
                .filter(|p| p.part.as_deref() == Some(want))
                .collect(),
            None => {
                if paras.iter().any(|p| p.part.is_none()) {
                    paras.into_iter().filter(|p| p.part.is_none()).collect()
                } else {
                    paras
                }
            }
        };
        if !chosen.is_empty() {
            return Ok(chosen);
        }
    }
    Ok(Vec::new())
}

/// Clauses used by citation-aware search for one target (re-exported for tests).
pub fn target_clauses(f: &IndexSchema, target: &CitationRef) -> Vec<Box<dyn Query>> {
    citation_clauses(f, target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use tantivy::query::{BoostQuery, PhraseQuery};
    use tantivy::{Index, doc};

    /// An English body paragraph of `symbol` as the index holds it, ranking facts included.
    fn english_body(f: &IndexSchema, symbol: &str, text: &str) -> TantivyDocument {
        let mut d = doc!(
            f.symbol => symbol, f.lang => "en", f.kind => "body", f.text => text
        );
        f.add_english_body(&mut d, text);
        crate::index::facts::add_facts(
            f,
            &mut d,
            &Symbol::from_canonical(symbol),
            Lang::En,
            ParagraphKind::Body,
            text,
        );
        d
    }

    /// A stored language code reads back as the language the general parser gives, and a
    /// value no parser knows is an internal error, not a guess.
    #[test]
    fn stored_languages_read_back_as_parsed() {
        for stored in ["zh", "en", " EN ", "Chinese"] {
            assert_eq!(
                stored_lang(stored).ok(),
                stored.parse::<Lang>().ok(),
                "{stored}"
            );
        }
        assert!(matches!(stored_lang("ru"), Err(Error::Internal(_))));
        assert!(matches!(stored_lang(""), Err(Error::Internal(_))));
    }

    /// Stored citations read back as the JSON parser reads them: the empty list, a real
    /// citation of S/RES/2178 (2014) paragraph 6, and unreadable values as no citation.
    #[test]
    fn stored_citations_read_back_as_parsed() {
        let one = serde_json::to_string(&vec![CitationRef {
            symbol: Symbol::from_canonical("S/RES/2178(2014)".to_string()),
            paragraphs: vec!["6".to_string()],
        }])
        .unwrap();
        for stored in ["[]", " [] ", "", "not json", one.as_str()] {
            let parsed: Vec<CitationRef> = serde_json::from_str(stored).unwrap_or_default();
            assert_eq!(
                serde_json::to_string(&stored_citations(stored)).unwrap(),
                serde_json::to_string(&parsed).unwrap(),
                "{stored}"
            );
        }
        assert_eq!(stored_citations(&one).len(), 1);
    }

    /// Real sentences of S/RES/2178 (2014); every one contains "terrorist".
    const SENTENCES: &[&str] = &[
        "Condemning the violent extremism, which can be conducive to terrorism",
        "foreign terrorist fighters increase the intensity, duration and intractability of conflicts",
        "the terrorist threat has become more diffuse",
        "Calls upon Member States to cooperate in efforts to address the threat posed by foreign terrorist fighters",
    ];

    /// An in-memory index of `n` paragraphs (cycling through `SENTENCES`), English.
    fn index(n: usize) -> (Index, IndexSchema) {
        let (index, f, mut w) = crate::index::ram_index();
        for i in 0..n {
            let text = SENTENCES[i % SENTENCES.len()];
            let mut d = doc!(f.lang => "en", f.text => text);
            f.add_english_body(&mut d, text);
            w.add_document(d).expect("add");
        }
        w.commit().expect("commit");
        (index, f)
    }

    fn en(f: &IndexSchema, word: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(f.body_en, word),
            IndexRecordOption::WithFreqs,
        ))
    }

    fn req(limit: usize, offset: usize) -> SearchRequest {
        let mut r = SearchRequest::new("x");
        r.limit = limit;
        r.offset = offset;
        r
    }

    /// Regression: a word whose best matches are one line repeated in many documents ("The
    /// Security Council," opens 810 resolutions) made re-ranking quadratic in the window (83 ms
    /// for `"Security Council"`). The page must still fill by widening, show the line once and
    /// list every other copy once in `also_in`, with the distinct paragraphs after it.
    #[test]
    fn a_repeated_line_fills_the_page_by_widening_and_lists_each_copy_once() {
        let (index, f, mut w) = crate::index::ram_index();
        let add = |symbol: &str, text: &str| {
            w.add_document(english_body(&f, symbol, text)).expect("add");
        };
        const COPIES: usize = 150; // past two widenings (20 → 80 → 320 candidates)
        for i in 0..COPIES {
            add(
                &format!("S/RES/{}(2000)", 1000 + i),
                "The Security Council,",
            );
        }
        for (i, sentence) in SENTENCES.iter().enumerate() {
            add(
                &format!("S/2025/{}", 10 + i),
                &format!("{sentence}, as the Security Council noted"),
            );
        }
        w.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let mut request = SearchRequest::new("council");
        request.lang = Some(Lang::En);
        let answer = search(&searcher, &f, &request).expect("search");
        assert_eq!(answer.total, COPIES + SENTENCES.len());
        assert_eq!(answer.hits.len(), 1 + SENTENCES.len());
        assert_eq!(answer.hits[0].snippet, "The Security <mark>Council</mark>,");
        let listed: BTreeSet<&str> = answer.hits[0].also_in.iter().map(|s| s.as_str()).collect();
        assert_eq!(answer.hits[0].also_in.len(), COPIES - 1, "each copy once");
        assert_eq!(listed.len(), COPIES - 1);
        assert!(!listed.contains(answer.hits[0].symbol.as_str()));
        assert!(answer.hits[1..].iter().all(|h| h.also_in.is_empty()));
    }

    /// Folding by the fast fields' facts: a paragraph of a superseded document folds into the
    /// same paragraph of its revision (listed in `also_in`), a corrigendum does not fold, and
    /// `all_versions` shows every version.
    /// Fact columns and symbol names are kept between searches by segment: searches that
    /// alternate between two indexes of the same texts under different symbols each list their
    /// own index's copies, the second time as the first.
    #[test]
    fn kept_fact_columns_and_symbol_names_belong_to_their_segment() {
        let build = |prefix: &str| {
            let (index, f, mut w) = crate::index::ram_index();
            for i in 0..3 {
                let symbol = format!("{prefix}/2025/{}", 10 + i);
                w.add_document(english_body(&f, &symbol, SENTENCES[2]))
                    .expect("add");
            }
            w.commit().expect("commit");
            (index, f)
        };
        let (a, b) = (build("S"), build("A/AC.1"));
        let mut request = SearchRequest::new("diffuse threat");
        request.lang = Some(Lang::En);
        for _ in 0..2 {
            for ((index, f), prefix) in [(&a, "S/"), (&b, "A/AC.1/")] {
                let searcher = index.reader().expect("reader").searcher();
                let answer = search(&searcher, f, &request).expect("search");
                assert_eq!(answer.hits.len(), 1, "{prefix}: one text");
                let hit = &answer.hits[0];
                let mut all: Vec<&str> = hit.also_in.iter().map(|s| s.as_str()).collect();
                all.push(hit.symbol.as_str());
                all.sort();
                let want: Vec<String> = (10..13).map(|n| format!("{prefix}2025/{n}")).collect();
                assert_eq!(all, want.iter().map(String::as_str).collect::<Vec<_>>());
            }
        }
        // B's snapshot was the last to open a segment: A's columns (and their file) were let go.
        let a_segments: Vec<tantivy::index::SegmentId> =
            (a.0.searchable_segment_ids()).expect("segments");
        assert!(!a_segments.is_empty());
        assert!(a_segments.iter().all(|id| !fact_columns().contains_key(id)));
    }

    #[test]
    fn versions_fold_by_fast_field_facts_without_loading_copies() {
        let (index, f, mut w) = crate::index::ram_index();
        let text = "Member States should prevent the travel of foreign terrorist fighters";
        for (symbol, text) in [
            ("S/2025/71", text),
            ("S/2025/71/Rev.1", text),
            (
                "S/2025/71/Corr.1",
                "foreign terrorist fighters: a corrigendum",
            ),
            ("S/2025/72", "foreign terrorist fighters returning home"),
        ] {
            w.add_document(english_body(&f, symbol, text)).expect("add");
        }
        w.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let mut request = SearchRequest::new("foreign terrorist fighters");
        request.lang = Some(Lang::En);
        let shown = |all_versions: bool| {
            let mut r = request.clone();
            r.all_versions = all_versions;
            let answer = search(&searcher, &f, &r).expect("search");
            let mut hits: Vec<(String, Vec<String>)> = answer
                .hits
                .iter()
                .map(|h| {
                    let also = h.also_in.iter().map(|s| s.as_str().to_string()).collect();
                    (h.symbol.as_str().to_string(), also)
                })
                .collect();
            hits.sort();
            hits
        };
        let own = |s: &str| (s.to_string(), Vec::<String>::new());
        assert_eq!(
            shown(false),
            vec![
                own("S/2025/71/Corr.1"),
                ("S/2025/71/Rev.1".to_string(), vec!["S/2025/71".to_string()]),
                own("S/2025/72"),
            ]
        );
        // Every version, each on its own (no folding, no dedupe).
        let all = shown(true);
        assert_eq!(
            all,
            [
                "S/2025/71",
                "S/2025/71/Corr.1",
                "S/2025/71/Rev.1",
                "S/2025/72"
            ]
            .map(own)
        );
    }

    #[test]
    fn totals_are_exact_up_to_the_cap_then_a_lower_bound() {
        let (index, f) = index(40);
        let searcher = index.reader().expect("reader").searcher();
        let terrorist = en(&f, "terrorist"); // 30 of 40 paragraphs, block-max eligible
        let extremism = en(&f, "extremism"); // 10 of 40 (light stemming keeps the word)
        let nested: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Must, en(&f, "terrorist")),
            (Occur::Must, term_q(f.lang, "en")),
        ])); // 30, not eligible (keyword filter without frequencies)
        // (query, limit, offset, cap, (total, lower bound, hits on the page))
        type Case<'a> = (&'a dyn Query, usize, usize, usize, (usize, bool, usize));
        let cases: Vec<Case> = vec![
            (&*terrorist, 10, 0, 100, (30, false, 10)),
            (&*terrorist, 10, 0, 30, (30, false, 10)),
            (&*terrorist, 10, 0, 29, (29, true, 10)),
            (&*terrorist, 10, 0, 5, (5, true, 10)),
            (&*terrorist, 50, 0, 5, (5, true, 30)),
            (&*terrorist, 10, 25, 100, (30, false, 5)),
            (&*terrorist, 10, 35, 100, (30, false, 0)),
            (&*extremism, 10, 0, 100, (10, false, 10)),
            (&*extremism, 20, 0, 100, (10, false, 10)),
            (&*nested, 10, 0, 100, (30, false, 10)),
            (&*nested, 10, 0, 29, (29, true, 10)),
        ];
        for (q, limit, offset, cap, want) in cases {
            let (docs, total) =
                run_capped(&searcher, &searcher, q, &req(limit, offset), cap).expect("run");
            assert_eq!(
                (total.count, total.lower_bound, docs.len()),
                want,
                "{q:?} limit {limit} offset {offset} cap {cap}"
            );
        }
    }

    /// A window selected from every scored match ([`Scored`], [`best_of`]) is the window
    /// tantivy's `TopDocs` returns, ties included (the 40 paragraphs repeat 4 sentences, so
    /// scores tie in groups of 10), at every size the re-ranking asks for.
    #[test]
    fn windows_selected_from_all_scored_matches_equal_top_docs() {
        let (index, f) = index(40);
        let searcher = index.reader().expect("reader").searcher();
        let q = BooleanQuery::new(vec![
            (Occur::Must, en(&f, "terrorist")),
            (Occur::Should, en(&f, "threat")),
            (Occur::Must, term_q(f.lang, "en")),
        ]);
        assert!(!block_max_eligible(&q, searcher.schema()));
        let (mut every, count) = (searcher.search(&q, &Scored { keep: None })).expect("all");
        assert_eq!((every.len(), count), (30, 30));
        for n in [1, 5, 10, 11, 20, 29, 30, 31, 100] {
            let top = TopDocs::with_limit(n).order_by_score();
            let want = searcher.search(&q, &top).expect("top");
            assert_eq!(best_of(&mut every, n), want, "window {n}");
        }
        assert!(best_of(&mut every, 0).is_empty());
        // Keeping only a buffer of the best `keep` (30 matches: the buffers of 1 and 7 fill
        // and are cut back; one of 20 never fills) serves every window up to `keep` alike.
        for keep in [1, 7, 10, 20] {
            let (mut kept, count) =
                (searcher.search(&q, &Scored { keep: Some(keep) })).expect("kept");
            assert_eq!(count, 30);
            assert!(kept.len() <= 2 * keep, "kept {} for {keep}", kept.len());
            for n in (1..=keep).filter(|n| [1, 5, 7, 10, keep].contains(n)) {
                let top = TopDocs::with_limit(n).order_by_score();
                let want = searcher.search(&q, &top).expect("top");
                assert_eq!(best_of(&mut kept, n), want, "window {n} of {keep} kept");
            }
        }
    }

    /// The bounded buffer (many matches per place) keeps the same window as a full sort, ties
    /// broken by address, whether the matches come in ranking order, against it, or mixed.
    #[test]
    fn the_buffered_window_equals_a_full_sort() {
        let addr = |i: u32| DocAddress::new(i % 3, i);
        // Scores in 37 tied groups, in a scrambled order (a multiplicative walk mod a prime).
        let mixed: Vec<(f32, DocAddress)> = (0..1_009u32)
            .map(|i| (i * 389) % 1_009)
            .map(|k| ((k % 37) as f32 * 0.25, addr(k)))
            .collect();
        let mut ascending = mixed.clone();
        ascending.sort_by(|a, b| ranking_order(b, a));
        let mut descending = mixed.clone();
        descending.sort_by(ranking_order);
        for every in [mixed, ascending, descending] {
            let mut sorted = every.clone();
            sorted.sort_by(ranking_order);
            for n in [1, 2, 3, 7, 40, 63] {
                assert!(every.len() > n * BUFFER_ABOVE_MATCHES_PER_PLACE);
                let mut input = every.clone();
                assert_eq!(best_of(&mut input, n), sorted[..n].to_vec(), "window {n}");
            }
        }
    }

    #[test]
    fn pruned_and_counted_pages_agree_with_a_full_count() {
        let (index, f) = index(40);
        let searcher = index.reader().expect("reader").searcher();
        let q = BooleanQuery::union(vec![en(&f, "terrorist"), en(&f, "threat")]);
        assert!(block_max_eligible(&q, searcher.schema()));
        let top = TopDocs::with_limit(10).order_by_score();
        let (want, count) = searcher.search(&q, &(top, Count)).expect("full");
        let (got, total) = run_capped(&searcher, &searcher, &q, &req(10, 0), 1000).expect("pruned");
        let scores = |v: &[(f32, DocAddress)]| v.iter().map(|x| x.0).collect::<Vec<_>>();
        assert_eq!(scores(&got), scores(&want));
        assert_eq!((total.count, total.lower_bound), (count, false));
    }

    #[test]
    fn block_max_eligibility_follows_tantivys_specialized_scorers() {
        let (index, f) = index(4);
        let schema = index.schema();
        let boosted: Box<dyn Query> = Box::new(BoostQuery::new(en(&f, "threat"), 0.3));
        let phrase: Box<dyn Query> = Box::new(PhraseQuery::new(vec![
            Term::from_field_text(f.body_en, "terrorist"),
            Term::from_field_text(f.body_en, "threat"),
        ]));
        let cases: Vec<(&str, Box<dyn Query>, bool)> = vec![
            ("one scored term", en(&f, "threat"), true),
            ("keyword term (no freqs)", term_q(f.lang, "en"), false),
            (
                "union of scored terms",
                Box::new(BooleanQuery::union(vec![
                    en(&f, "threat"),
                    en(&f, "terrorist"),
                ])),
                true,
            ),
            (
                "intersection of scored terms",
                Box::new(BooleanQuery::intersection(vec![
                    en(&f, "threat"),
                    en(&f, "terrorist"),
                ])),
                true,
            ),
            (
                "intersection with a keyword filter",
                Box::new(BooleanQuery::intersection(vec![
                    en(&f, "threat"),
                    term_q(f.lang, "en"),
                ])),
                false,
            ),
            (
                "two of three should match",
                Box::new(BooleanQuery::union_with_minimum_required_clauses(
                    vec![en(&f, "threat"), en(&f, "terrorist"), en(&f, "foreign")],
                    2,
                )),
                false,
            ),
            (
                "must and should mixed",
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, en(&f, "threat")),
                    (Occur::Should, en(&f, "terrorist")),
                ])),
                false,
            ),
            (
                "exclusion",
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, en(&f, "threat")),
                    (Occur::MustNot, en(&f, "terrorist")),
                ])),
                false,
            ),
            (
                "boosted term inside a union",
                Box::new(BooleanQuery::union(vec![en(&f, "threat"), boosted])),
                false,
            ),
            ("phrase", phrase, false),
        ];
        for (name, q, want) in cases {
            assert_eq!(block_max_eligible(&*q, &schema), want, "{name}");
        }
    }
}
