//! The search filters every plan step carries, read from the paragraph's traits column instead
//! of intersected as postings. Contents lines (`toc`) never match, and a language filter keeps
//! the paragraphs of that language: both are bits of the traits word each paragraph already has
//! in a fast field ([`crate::index::facts::Traits`]), kept as a byte per paragraph
//! ([`crate::index::facts::TraitsTable`]), so a match costs one lookup.
//!
//! As boolean clauses they were postings intersected with every match: the language filter a
//! posting list holding nearly every paragraph of its language, the contents-line exclusion a
//! match-all query with an exclusion. Each added a constant to every score (the match-all's
//! 1.0, the language term's BM25), which the kind factors of re-ranking then multiplied; a
//! filter here adds nothing to a score.

use crate::index::IndexSchema;
use crate::index::facts::TraitsTable;
use crate::model::{Lang, ParagraphKind};
use tantivy::index::SegmentId;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// `inner`'s matches that are not contents lines and, with `lang`, are in that language.
#[derive(Debug)]
pub struct TraitsFilter {
    inner: Box<dyn Query>,
    lang: Option<Lang>,
    /// Where the traits column is.
    f: IndexSchema,
}

impl TraitsFilter {
    /// Filters `inner`'s matches by their traits column.
    pub fn wrap(inner: Box<dyn Query>, lang: Option<Lang>, f: &IndexSchema) -> Box<dyn Query> {
        Box::new(TraitsFilter {
            inner,
            lang,
            f: f.clone(),
        })
    }
}

impl Clone for TraitsFilter {
    fn clone(&self) -> TraitsFilter {
        TraitsFilter {
            inner: self.inner.box_clone(),
            lang: self.lang,
            f: self.f.clone(),
        }
    }
}

impl Query for TraitsFilter {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.inner.weight(scoring)?;
        // The columns of the snapshot's segments, opened once and kept between searches.
        let tables = match scoring.searcher() {
            Some(searcher) => super::search::traits_tables(searcher, &self.f)?,
            None => Vec::new(),
        };
        let lang = self.lang;
        Ok(Box::new(TraitsFilterWeight {
            inner,
            accepts: TraitsTable::accepting(|traits| {
                traits.kind != ParagraphKind::Toc && lang.is_none_or(|l| l == traits.lang)
            }),
            traits: self.f.traits,
            tables,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

/// The weight of a [`TraitsFilter`].
struct TraitsFilterWeight {
    inner: Box<dyn Weight>,
    /// Whether a paragraph with these packed traits passes ([`TraitsTable::accepting`]).
    accepts: [bool; 256],
    traits: tantivy::schema::Field,
    tables: Vec<(SegmentId, TraitsTable)>,
}

impl TraitsFilterWeight {
    fn table(&self, reader: &SegmentReader) -> tantivy::Result<TraitsTable> {
        let id = reader.segment_id();
        match self.tables.iter().find(|(s, _)| *s == id) {
            Some((_, t)) => Ok(t.clone()),
            // A weight made without a searcher: read the segment's own column.
            None => {
                let column =
                    (reader.fast_fields()).u64(reader.schema().get_field_name(self.traits))?;
                Ok(TraitsTable::read(&column, reader.max_doc()))
            }
        }
    }
}

impl Weight for TraitsFilterWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, boost)?;
        if inner.doc() == TERMINATED {
            return Ok(Box::new(EmptyScorer));
        }
        let mut scorer = TraitsFilterScorer {
            inner,
            table: self.table(reader)?,
            accepts: self.accepts,
        };
        let first = scorer.inner.doc();
        scorer.skip_rejected(first);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::scorer_at(self, reader, doc)?;
        self.inner.explain(reader, doc)
    }
}

/// The inner scorer's matches that pass the filter, scored as the inner scorer scores them.
struct TraitsFilterScorer {
    inner: Box<dyn Scorer>,
    table: TraitsTable,
    accepts: [bool; 256],
}

impl TraitsFilterScorer {
    /// Whether a paragraph passes: not a contents line, and in the filter's language.
    fn accepts(&self, doc: DocId) -> bool {
        self.accepts[usize::from(self.table.byte(doc))]
    }

    /// Moves from `doc`, the inner scorer's current match, to the first match at or after it
    /// that passes.
    fn skip_rejected(&mut self, mut doc: DocId) -> DocId {
        while doc != TERMINATED && !self.accepts(doc) {
            doc = self.inner.advance();
        }
        doc
    }
}

impl DocSet for TraitsFilterScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.inner.advance();
        self.skip_rejected(doc)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let current = self.inner.doc();
        if current >= target {
            // Already there (the current document passed the filter).
            return current;
        }
        let doc = self.inner.seek(target);
        self.skip_rejected(doc)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for TraitsFilterScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Symbol;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::schema::Value;
    use tantivy::{DocAddress, TantivyDocument, doc};

    /// (language, kind, text): real lines of S/RES/2178 (2014) and S/2022/529, with a contents
    /// line in each language.
    const PARAGRAPHS: &[(Lang, ParagraphKind, &str)] = &[
        (
            Lang::En,
            ParagraphKind::Body,
            "the terrorist threat has become more diffuse",
        ),
        (
            Lang::En,
            ParagraphKind::Toc,
            "III. The terrorist threat .......... 12",
        ),
        (
            Lang::En,
            ParagraphKind::Heading,
            "Foreign terrorist fighters",
        ),
        (
            Lang::Zh,
            ParagraphKind::Body,
            "外国恐怖主义作战人员 terrorist 回返和迁移",
        ),
        (
            Lang::Zh,
            ParagraphKind::Toc,
            "三. 恐怖主义 terrorist 威胁 .......... 12",
        ),
        (
            Lang::En,
            ParagraphKind::Body,
            "Condemning the violent extremism, which can be conducive to terrorism",
        ),
    ];

    /// The filter keeps the inner query's matches that are not contents lines and are in the
    /// filter's language, with the inner query's scores unchanged, whether collected with
    /// scores (`TopDocs`) or counted, over two segments.
    #[test]
    fn keeps_inner_matches_of_the_language_without_contents_lines() {
        let (index, f, mut w) = crate::index::ram_index();
        for (i, &(lang, kind, text)) in PARAGRAPHS.iter().enumerate() {
            let mut d: TantivyDocument =
                doc!(f.text => text, f.lang => lang.code(), f.kind => kind.as_str());
            match lang {
                Lang::En => f.add_english_body(&mut d, text),
                Lang::Zh => f.add_chinese_body(&mut d, text),
            }
            let symbol = Symbol::from_canonical(format!("S/2025/{}", i + 1));
            crate::index::facts::add_facts(&f, &mut d, &symbol, lang, kind, text);
            w.add_document(d).expect("add");
            if i == 2 {
                w.commit().expect("commit");
            }
        }
        w.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let term = |field, word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        let inner = BooleanQuery::union(vec![
            term(f.body_en, "terrorist"),
            term(f.body_zh_words, "terrorist"),
        ]);
        let top = TopDocs::with_limit(100).order_by_score();
        let all: Vec<(f32, DocAddress)> = searcher.search(&inner, &top).expect("inner");
        assert_eq!(all.len(), 5, "{all:?}");
        // Which of `PARAGRAPHS` a match is, by its stored text (segment order is not commit
        // order: it follows segment ids).
        let seq = |a: DocAddress| {
            let d: TantivyDocument = searcher.doc(a).expect("stored");
            let text = d.get_first(f.text).and_then(|v| v.as_str()).unwrap_or("");
            PARAGRAPHS
                .iter()
                .position(|p| p.2 == text)
                .expect("a known paragraph")
        };
        // (filter, the paragraphs kept)
        let cases: &[(Option<Lang>, &[usize])] = &[
            (None, &[0, 2, 3]),
            (Some(Lang::En), &[0, 2]),
            (Some(Lang::Zh), &[3]),
        ];
        for &(lang, kept) in cases {
            let filtered = TraitsFilter::wrap(Box::new(inner.clone()), lang, &f);
            let (got, count): (Vec<(f32, DocAddress)>, usize) = searcher
                .search(
                    &*filtered,
                    &(TopDocs::with_limit(100).order_by_score(), Count),
                )
                .expect("filtered");
            let want: Vec<(f32, DocAddress)> = (all.iter())
                .filter(|(_, a)| kept.contains(&seq(*a)))
                .copied()
                .collect();
            assert_eq!(got, want, "{lang:?}");
            assert_eq!(count, kept.len(), "{lang:?}");
        }
    }
}
