//! The search filters every plan step carries, read from the paragraph's traits column instead
//! of intersected as postings. Contents lines (`toc`) never match, and a language filter keeps
//! the paragraphs of that language: both are bits of the traits word each paragraph already has
//! in a fast field ([`crate::index::facts::Traits`]), so a match costs one column read.
//!
//! As boolean clauses they were postings intersected with every match: the language filter a
//! posting list holding nearly every paragraph of its language, the contents-line exclusion a
//! match-all query with an exclusion. Each added a constant to every score (the match-all's
//! 1.0, the language term's BM25), which the kind factors of re-ranking then multiplied; a
//! filter here adds nothing to a score.

use crate::index::IndexSchema;
use crate::index::facts::Traits;
use crate::model::{Lang, ParagraphKind};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, EmptyScorer, Explanation, Query, Scorer, Weight};
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
        let columns = match scoring.searcher() {
            Some(searcher) => super::search::traits_columns(searcher, &self.f)?,
            None => Vec::new(),
        };
        Ok(Box::new(TraitsFilterWeight {
            inner,
            lang: self.lang,
            traits: self.f.traits,
            columns,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

/// The weight of a [`TraitsFilter`].
struct TraitsFilterWeight {
    inner: Box<dyn Weight>,
    lang: Option<Lang>,
    traits: tantivy::schema::Field,
    columns: Vec<(SegmentId, Column<u64>)>,
}

impl TraitsFilterWeight {
    fn column(&self, reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
        let id = reader.segment_id();
        match self.columns.iter().find(|(s, _)| *s == id) {
            Some((_, c)) => Ok(c.clone()),
            // A weight made without a searcher: the segment's own column.
            None => reader
                .fast_fields()
                .u64(reader.schema().get_field_name(self.traits)),
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
            column: self.column(reader)?,
            lang: self.lang,
        };
        scorer.skip_rejected();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match (or is filtered out)"
            )));
        }
        self.inner.explain(reader, doc)
    }
}

/// The inner scorer's matches that pass the filter, scored as the inner scorer scores them.
struct TraitsFilterScorer {
    inner: Box<dyn Scorer>,
    column: Column<u64>,
    lang: Option<Lang>,
}

impl TraitsFilterScorer {
    /// Whether a paragraph passes: not a contents line, and in the filter's language.
    fn accepts(&self, doc: DocId) -> bool {
        let Some(bits) = self.column.first(doc) else {
            return false;
        };
        let traits = Traits::decode(bits);
        traits.kind != ParagraphKind::Toc && self.lang.is_none_or(|l| l == traits.lang)
    }

    /// Moves to the first match at or after the current one that passes.
    fn skip_rejected(&mut self) -> DocId {
        let mut doc = self.inner.doc();
        while doc != TERMINATED && !self.accepts(doc) {
            doc = self.inner.advance();
        }
        doc
    }
}

impl DocSet for TraitsFilterScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance();
        self.skip_rejected()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target);
        self.skip_rejected()
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
