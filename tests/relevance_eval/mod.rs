//! The relevance instrument shared by `tests/relevance.rs` and `examples/relevance.rs`: reads a
//! judged query file (JSON lines, see tests/fixtures/relevance/README.md), runs every query
//! through undex's [`Engine`] and through a plain BM25 baseline built on the same paragraphs
//! (tantivy in RAM: tantivy's `en_stem` on English, jieba words on Chinese, all query terms
//! OR-ed in both fields, BM25 k1=1.2 b=0.75), and scores both: success@5 (a grade-2 hit in the
//! top 5), MRR (first relevant hit in the top 10) and nDCG@10 (gain 2^grade − 1).
//!
//! A hit is relevant to a judged entry when its symbol is one of the entry's `symbols` and its
//! paragraph text contains the entry's `quote` after both are normalised (letters and digits
//! only, lowercased: white space, punctuation and hyphenation differences drop out). Each
//! judged entry is credited once, to its first hit.

#![allow(dead_code)]

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, TantivyDocument, Term};
use undex::index::analyzers::{self, Analyzer, ZH_WORDS};
use undex::{Engine, Lang, SearchRequest, Symbol};

/// Hits looked at per query.
pub const DEPTH: usize = 10;
/// Rank within which a grade-2 hit counts as a success.
pub const SUCCESS_AT: usize = 5;

/// One judged relevant paragraph.
#[derive(Debug, Clone, Deserialize)]
pub struct Relevant {
    pub symbols: Vec<String>,
    pub quote: String,
    pub grade: u8,
}

/// One judged query.
#[derive(Debug, Clone, Deserialize)]
pub struct Judged {
    pub id: String,
    pub query: String,
    pub lang: String,
    pub kind: String,
    pub relevant: Vec<Relevant>,
    #[serde(default)]
    pub note: String,
}

/// Reads a judged file (one JSON object per line; blank lines and `#` lines skipped).
pub fn read_judged(path: &Path) -> Vec<Judged> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("judged file {}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{} line {}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Letters and digits, lowercased, traditional folded (see the module note).
pub fn normalize(text: &str) -> String {
    undex::model::fold_traditional(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A ranked hit as the scorer sees it.
#[derive(Debug, Clone)]
pub struct RankedHit {
    pub symbol: String,
    pub text: String,
}

/// Metrics of one query.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryScore {
    pub success: bool,
    pub reciprocal_rank: f64,
    pub ndcg: f64,
}

/// Scores one ranked list against the judged entries.
pub fn score(judged: &Judged, hits: &[RankedHit]) -> QueryScore {
    let quotes: Vec<String> = judged
        .relevant
        .iter()
        .map(|r| normalize(&r.quote))
        .collect();
    let mut credited = vec![false; judged.relevant.len()];
    let mut out = QueryScore::default();
    let mut dcg = 0.0;
    for (rank, hit) in hits.iter().take(DEPTH).enumerate() {
        let text = normalize(&hit.text);
        let found = judged.relevant.iter().enumerate().find(|(i, r)| {
            !credited[*i]
                && r.symbols.iter().any(|s| s == &hit.symbol)
                && !quotes[*i].is_empty()
                && text.contains(&quotes[*i])
        });
        if let Some((i, r)) = found {
            credited[i] = true;
            if out.reciprocal_rank == 0.0 {
                out.reciprocal_rank = 1.0 / (rank + 1) as f64;
            }
            if r.grade >= 2 && rank < SUCCESS_AT {
                out.success = true;
            }
            dcg += (2f64.powi(i32::from(r.grade)) - 1.0) / ((rank + 2) as f64).log2();
        }
    }
    let mut grades: Vec<u8> = judged.relevant.iter().map(|r| r.grade).collect();
    grades.sort_unstable_by(|a, b| b.cmp(a));
    let ideal: f64 = grades
        .iter()
        .take(DEPTH)
        .enumerate()
        .map(|(rank, &g)| (2f64.powi(i32::from(g)) - 1.0) / ((rank + 2) as f64).log2())
        .sum();
    out.ndcg = if ideal > 0.0 { dcg / ideal } else { 0.0 };
    out
}

/// Mean metrics over a set of queries.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub queries: usize,
    pub success_at_5: f64,
    pub mrr: f64,
    pub ndcg_at_10: f64,
    pub no_hits: usize,
}

/// A query's score and whether it returned no hit at all.
type Scored = (QueryScore, bool);

fn summarize(scores: &[Scored]) -> Summary {
    let n = scores.len().max(1) as f64;
    Summary {
        queries: scores.len(),
        success_at_5: scores.iter().filter(|(s, _)| s.success).count() as f64 / n,
        mrr: scores.iter().map(|(s, _)| s.reciprocal_rank).sum::<f64>() / n,
        ndcg_at_10: scores.iter().map(|(s, _)| s.ndcg).sum::<f64>() / n,
        no_hits: scores.iter().filter(|(_, empty)| *empty).count(),
    }
}

/// undex's ranked hits for a query, with full paragraph texts (loaded once per document).
pub struct UndexRunner<'a> {
    engine: &'a Engine,
    docs: HashMap<(String, Lang), BTreeMap<usize, String>>,
}

impl<'a> UndexRunner<'a> {
    pub fn new(engine: &'a Engine) -> Self {
        UndexRunner {
            engine,
            docs: HashMap::new(),
        }
    }

    pub fn run(&mut self, query: &str) -> Vec<RankedHit> {
        self.run_to(query, DEPTH)
    }

    /// The first `depth` hits.
    pub fn run_to(&mut self, query: &str, depth: usize) -> Vec<RankedHit> {
        let mut request = SearchRequest::new(query);
        request.limit = depth;
        let Ok(response) = self.engine.search(&request) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for hit in response.hits {
            let key = (hit.symbol.as_str().to_string(), hit.lang);
            if !self.docs.contains_key(&key) {
                let shown = self
                    .engine
                    .show(&undex::query::ShowRequest {
                        lang: Some(hit.lang),
                        ..undex::query::ShowRequest::new(hit.symbol.as_str())
                    })
                    .map(|s| s.paragraphs.into_iter().map(|p| (p.seq, p.text)).collect())
                    .unwrap_or_default();
                self.docs.insert(key.clone(), shown);
            }
            let text = self.docs[&key].get(&hit.seq).cloned().unwrap_or_default();
            out.push(RankedHit {
                symbol: key.0,
                text,
            });
        }
        out
    }
}

/// Where the judged paragraphs of a query rank in undex's first `depth` hits, and its first
/// five hits (to study a miss).
pub fn explain(engine: &Engine, judged: &Judged, depth: usize) -> String {
    let hits = UndexRunner::new(engine).run_to(&judged.query, depth);
    let mut out = format!("{} {} ({} hits)\n", judged.id, judged.query, hits.len());
    for r in &judged.relevant {
        let quote = normalize(&r.quote);
        let rank = hits.iter().position(|h| {
            r.symbols.iter().any(|s| s == &h.symbol) && normalize(&h.text).contains(&quote)
        });
        let at = rank.map_or("-".to_string(), |i| (i + 1).to_string());
        out.push_str(&format!(
            "  judged g{} at {at}: {:?} {}\n",
            r.grade, r.symbols, r.quote
        ));
    }
    for (i, h) in hits.iter().take(SUCCESS_AT).enumerate() {
        let text: String = h.text.chars().take(110).collect();
        out.push_str(&format!("  {}. {} {}\n", i + 1, h.symbol, text));
    }
    out
}

/// The plain BM25 baseline over undex's own paragraphs (see the module note).
pub struct Baseline {
    index: Index,
    reader: tantivy::IndexReader,
    en: tantivy::schema::Field,
    zh: tantivy::schema::Field,
    symbol: tantivy::schema::Field,
    text: tantivy::schema::Field,
    en_analyzer: TextAnalyzer,
}

impl Baseline {
    /// Builds the baseline from every stored paragraph of undex's index.
    pub fn build(engine: &Engine) -> Baseline {
        let mut b = Schema::builder();
        let indexed = |tokenizer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqs),
            )
        };
        let en = b.add_text_field("en", indexed("en_stem"));
        let zh = b.add_text_field("zh", indexed(ZH_WORDS));
        let symbol = b.add_text_field("symbol", STRING | STORED);
        let text = b.add_text_field("text", STORED);
        let index = Index::create_in_ram(b.build());
        analyzers::register(&index);
        let mut writer = index.writer(100_000_000).expect("baseline writer");
        let source = engine.tantivy_index();
        let schema = source.schema();
        let (s_symbol, s_lang, s_text) = (
            schema.get_field("symbol").expect("symbol field"),
            schema.get_field("lang").expect("lang field"),
            schema.get_field("text").expect("text field"),
        );
        let searcher = source.reader().expect("undex reader").searcher();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64).expect("store");
            for doc_id in segment.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id).expect("stored paragraph");
                let get = |f| {
                    doc.get_first(f)
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                };
                let (sym, lang, body) = (get(s_symbol), get(s_lang), get(s_text));
                let mut out = TantivyDocument::default();
                out.add_text(symbol, &sym);
                out.add_text(text, &body);
                if lang == "zh" {
                    out.add_text(zh, &body);
                } else {
                    out.add_text(en, &body);
                }
                writer.add_document(out).expect("baseline document");
            }
        }
        writer.commit().expect("baseline commit");
        let reader = index.reader().expect("baseline reader");
        let en_analyzer = index.tokenizers().get("en_stem").expect("en_stem");
        Baseline {
            index,
            reader,
            en,
            zh,
            symbol,
            text,
            en_analyzer,
        }
    }

    pub fn run(&mut self, query: &str) -> Vec<RankedHit> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut stream = self.en_analyzer.token_stream(query);
        while stream.advance() {
            let term = Term::from_field_text(self.en, &stream.token().text);
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            ));
        }
        for token in Analyzer::ChineseWords.analyze(query) {
            let term = Term::from_field_text(self.zh, &token.text);
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            ));
        }
        let searcher = self.reader.searcher();
        let Ok(top) = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(DEPTH).order_by_score(),
        ) else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(_, addr)| searcher.doc::<TantivyDocument>(addr).ok())
            .map(|doc| {
                let get = |f| {
                    doc.get_first(f)
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                };
                RankedHit {
                    symbol: get(self.symbol),
                    text: get(self.text),
                }
            })
            .collect()
    }
}

/// Per-kind and overall summaries of both engines on one judged file.
pub struct Report {
    pub undex: BTreeMap<String, Summary>,
    pub baseline: BTreeMap<String, Summary>,
    /// (id, query, undex score) of the queries undex misses at 5.
    pub misses: Vec<(String, String)>,
}

/// Evaluates a judged set with both engines.
pub fn evaluate(engine: &Engine, baseline: &mut Baseline, judged: &[Judged]) -> Report {
    let mut runner = UndexRunner::new(engine);
    let mut per_kind: BTreeMap<String, (Vec<Scored>, Vec<Scored>)> = BTreeMap::new();
    let mut misses = Vec::new();
    for j in judged {
        let u_hits = runner.run(&j.query);
        let b_hits = baseline.run(&j.query);
        let u = (score(j, &u_hits), u_hits.is_empty());
        let b = (score(j, &b_hits), b_hits.is_empty());
        if !u.0.success {
            misses.push((j.id.clone(), j.query.clone()));
        }
        for kind in [j.kind.clone(), "ALL".to_string()] {
            let entry = per_kind.entry(kind).or_default();
            entry.0.push(u);
            entry.1.push(b);
        }
    }
    let mut report = Report {
        undex: BTreeMap::new(),
        baseline: BTreeMap::new(),
        misses,
    };
    for (kind, (u, b)) in per_kind {
        report.undex.insert(kind.clone(), summarize(&u));
        report.baseline.insert(kind, summarize(&b));
    }
    report
}

/// The report as a Markdown table.
pub fn render(report: &Report) -> String {
    let mut out = String::from(
        "| kind | n | undex s@5 | undex MRR | undex nDCG@10 | undex no hits | BM25 s@5 | BM25 MRR | BM25 nDCG@10 |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for (kind, u) in &report.undex {
        let b = &report.baseline[kind];
        out.push_str(&format!(
            "| {kind} | {} | {:.3} | {:.3} | {:.3} | {} | {:.3} | {:.3} | {:.3} |\n",
            u.queries,
            u.success_at_5,
            u.mrr,
            u.ndcg_at_10,
            u.no_hits,
            b.success_at_5,
            b.mrr,
            b.ndcg_at_10
        ));
    }
    out
}

/// The symbols of a judged file that are not in the engine's corpus (a judged entry naming a
/// document undex does not have can never be found).
pub fn unknown_symbols(engine: &Engine, judged: &[Judged]) -> Vec<String> {
    let mut out = Vec::new();
    for j in judged {
        for r in &j.relevant {
            for s in &r.symbols {
                let known = Symbol::parse(s).ok().is_some_and(|sym| {
                    engine
                        .show(&undex::query::ShowRequest::new(sym.as_str()))
                        .is_ok()
                });
                if !known && !out.contains(s) {
                    out.push(s.clone());
                }
            }
        }
    }
    out
}
