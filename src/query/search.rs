//! Running queries against an index snapshot: search, cited-by, resolve and show. Every function
//! takes a tantivy `Searcher` (one consistent snapshot) and the resolved schema.

use super::parse::parse_query;
use super::plan::{Highlights, citation_clauses, plan};
use super::snippet::{render, snippet};
use super::types::*;
use crate::error::{Error, Result};
use crate::index::IndexSchema;
use crate::model::{Lang, Symbol};
use std::time::Instant;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

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

/// Loads the stored fields of a paragraph.
pub fn load(searcher: &Searcher, f: &IndexSchema, addr: DocAddress) -> Result<StoredParagraph> {
    let doc: TantivyDocument = searcher.doc(addr)?;
    let lang = get_str(&doc, f.lang)
        .parse::<Lang>()
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(StoredParagraph {
        symbol: Symbol::from_canonical(get_str(&doc, f.symbol)),
        lang,
        title: get_str(&doc, f.title),
        part: non_empty(get_str(&doc, f.part)),
        number: non_empty(get_str(&doc, f.number)),
        seq: doc.get_first(f.seq).and_then(|v| v.as_u64()).unwrap_or(0) as usize,
        text: get_str(&doc, f.text),
        citations: serde_json::from_str(&get_str(&doc, f.citations)).unwrap_or_default(),
    })
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
        score,
        snippet,
        citations: p.citations,
    }
}

/// Runs a search request.
pub fn search(searcher: &Searcher, f: &IndexSchema, req: &SearchRequest) -> Result<SearchResponse> {
    let started = Instant::now();
    check_paging(req.limit, req.offset)?;
    let parsed = parse_query(&req.query)?;
    let plan = plan(f, &parsed, req)?;
    let top = TopDocs::with_limit(req.limit)
        .and_offset(req.offset)
        .order_by_score();
    let (docs, total) = searcher.search(&*plan.query, &(top, Count))?;
    let mut hits = Vec::with_capacity(docs.len());
    for (score, addr) in docs {
        let p = load(searcher, f, addr)?;
        let snip = if plan.citations.is_empty() {
            snippet(&p.text, p.lang, &plan.highlights)
        } else {
            snippet_with_citations(&p, &plan.highlights, &plan.citations)
        };
        hits.push(to_hit(p, score, snip));
    }
    Ok(SearchResponse {
        query: req.query.clone(),
        total,
        took_ms: started.elapsed().as_millis() as u64,
        hits,
    })
}

/// A snippet that also marks citations of the given targets in the paragraph.
fn snippet_with_citations(p: &StoredParagraph, hl: &Highlights, targets: &[CitationRef]) -> String {
    let mut ranges = super::snippet::match_ranges(&p.text, p.lang, hl);
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
    let mut targets =
        crate::index::build::merge_citations(&crate::cite::parse_reference(reference)?);
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
            .map(|p| term_q(f.cites, &format!("{}#{p}", tref.symbol)))
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
    let hits = paras
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|p| {
            let snip = snippet_with_citations(&p, &Highlights::default(), &targets);
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
    Ok(ShowResponse {
        symbol,
        lang,
        title,
        paragraphs: selected
            .into_iter()
            .map(|p| ShownParagraph {
                part: p.part.clone(),
                paragraph: p.number.clone(),
                seq: p.seq,
                text: p.text.clone(),
            })
            .collect(),
    })
}

/// The language a reference is written in (Chinese if it has CJK characters).
fn language_of_text(s: &str) -> Lang {
    if s.chars().any(crate::index::analyzers::is_cjk) {
        Lang::Zh
    } else {
        Lang::En
    }
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
    let preferred = lang.unwrap_or_else(|| language_of_text(reference));
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
            term_q(f.addr, &format!("{symbol}#{n}")),
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
