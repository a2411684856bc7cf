//! A union of a few queries that sums the scores of those matching, without tantivy's buffered
//! union. The plan's unions are small (a word's fields: its Chinese-word term and its
//! inner-word phrase; a term-table entry's phrases; a quoted phrase in each language), and a
//! search builds one per word, step and segment. As `BooleanQuery::union` each is a
//! `BufferedUnionScorer`, whose construction allocates and fills a 4,096-document window (16 kB
//! of score slots, copied as the scorer moves): 100,000 instructions of memory copies per
//! search on the harness's Chinese and two-word queries, more than matching them. A
//! [`SumUnion`] scorer holds its children and moves the one at the current document.
//!
//! Scores are the same bits as the buffered union's: the children's scores at a document are
//! added to 0 in the children's order (its `SumCombiner`). Its cost, which orders an
//! intersection's scorers (and so the order an intersection adds their scores in), is the sum
//! of its children's costs as the buffered union's is.
//!
//! [`SumUnion::at_least`] requires `min` of the children (the relaxed "most words" step), in
//! place of tantivy's `BooleanQuery::union_with_minimum_required_clauses`, whose `Disjunction`
//! scorer has no `seek` of its own: inside an intersection led by a filter (a year range, a
//! symbol prefix, a quoted phrase) it was sought by advancing through every document holding
//! any of the words, with a heap operation per posting (95 M instructions for "Security Council
//! resolutions" in 2024 at 16× the corpus). Ours seeks each child to the target, and skips to
//! the `min`-th smallest of the children's documents when fewer than `min` stand on the least.
//! Its matches are the same; its score adds the matching children's scores in the children's
//! order, where tantivy added them in the order its heap gave them up, so a score may differ in
//! its last bit. Its cost and size estimate are tantivy's (the largest child's), so the scorers
//! of an intersection around it keep their order.

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// Matches of any of `children` (or of at least `min` of them), scored as the sum of those
/// matching, in order.
#[derive(Debug)]
pub struct SumUnion {
    children: Vec<Box<dyn Query>>,
    /// Children a document must match; 1 for a plain union.
    min: usize,
}

impl SumUnion {
    /// The union of `children` (one child is returned as it is; none matches nothing).
    pub fn of(mut children: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        match children.len() {
            0 => Box::new(tantivy::query::EmptyQuery),
            1 => children
                .pop()
                .unwrap_or_else(|| Box::new(tantivy::query::EmptyQuery)),
            _ => Box::new(SumUnion { children, min: 1 }),
        }
    }

    /// The documents matching at least `min` of `children`, as
    /// `BooleanQuery::union_with_minimum_required_clauses(children, min)` matches them. A `min`
    /// of 1 or of all the children is left to that query (a union, an intersection).
    pub fn at_least(children: Vec<Box<dyn Query>>, min: usize) -> Box<dyn Query> {
        if min <= 1 || min >= children.len() {
            return Box::new(
                tantivy::query::BooleanQuery::union_with_minimum_required_clauses(children, min),
            );
        }
        Box::new(SumUnion { children, min })
    }

    /// The queries it unites, in order, when any one of them is enough to match (its score is
    /// then the sum of those matching); `None` for an [`SumUnion::at_least`] of more than one.
    pub fn any_of(&self) -> Option<&[Box<dyn Query>]> {
        (self.min <= 1).then_some(self.children.as_slice())
    }
}

impl Clone for SumUnion {
    fn clone(&self) -> SumUnion {
        SumUnion {
            children: self.children.iter().map(|q| q.box_clone()).collect(),
            min: self.min,
        }
    }
}

impl Query for SumUnion {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let children = (self.children.iter())
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(SumUnionWeight {
            children,
            min: self.min,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.children {
            q.query_terms(visitor);
        }
    }
}

/// The weight of a [`SumUnion`].
struct SumUnionWeight {
    children: Vec<Box<dyn Weight>>,
    min: usize,
}

impl Weight for SumUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut children = Vec::with_capacity(self.children.len());
        for w in &self.children {
            let s = w.scorer(reader, boost)?;
            // An empty child adds nothing (the buffered union drops it too).
            if s.is::<EmptyScorer>() || s.doc() == TERMINATED {
                continue;
            }
            children.push(s);
        }
        if children.len() < self.min {
            return Ok(Box::new(EmptyScorer));
        }
        if children.len() <= 1 {
            // As tantivy's union of one scorer: the scorer itself.
            return Ok(children.pop().unwrap_or_else(|| Box::new(EmptyScorer)));
        }
        let num_docs = reader.num_docs();
        let docs: Vec<DocId> = children.iter().map(|c| c.doc()).collect();
        let mut scorer = SumUnionScorer {
            children,
            docs,
            doc: TERMINATED,
            num_docs,
            min: self.min,
            scratch: Vec::new(),
        };
        scorer.doc = scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = super::scorer_at(self, reader, doc)?;
        let mut explanation = Explanation::new("sum of the matching alternatives", scorer.score());
        for w in &self.children {
            if let Ok(e) = w.explain(reader, doc) {
                explanation.add_detail(e);
            }
        }
        Ok(explanation)
    }
}

/// The scorer of a [`SumUnion`]: the least document of its children.
struct SumUnionScorer {
    children: Vec<Box<dyn Scorer>>,
    /// Each child's current document, kept here so that moving and scoring the union asks no
    /// child for it through its trait object.
    docs: Vec<DocId>,
    doc: DocId,
    /// Live documents of the segment, for the size estimate.
    num_docs: u32,
    /// Children a document must match.
    min: usize,
    /// The children's documents, for finding the `min`-th smallest.
    scratch: Vec<DocId>,
}

impl SumUnionScorer {
    /// The least document at or after the children's current ones that `min` children match,
    /// moving the children to it (or past it, for those that do not match it).
    fn settle(&mut self) -> DocId {
        loop {
            let least = self.docs.iter().copied().min().unwrap_or(TERMINATED);
            if least == TERMINATED || self.min <= 1 {
                return least;
            }
            let on_least = self.docs.iter().filter(|&&d| d == least).count();
            if on_least >= self.min {
                return least;
            }
            // No document before the `min`-th smallest child document can match `min` children.
            self.scratch.clear();
            self.scratch.extend_from_slice(&self.docs);
            let (_, &mut bound, _) = self.scratch.select_nth_unstable(self.min - 1);
            if bound == TERMINATED {
                return TERMINATED;
            }
            for (c, d) in self.children.iter_mut().zip(&mut self.docs) {
                if *d < bound {
                    *d = c.seek(bound);
                }
            }
        }
    }
}

impl DocSet for SumUnionScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let at = self.doc;
        let mut next = TERMINATED;
        for (c, d) in self.children.iter_mut().zip(&mut self.docs) {
            if *d == at {
                *d = c.advance();
            }
            next = next.min(*d);
        }
        if self.min > 1 {
            next = self.settle();
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for (c, d) in self.children.iter_mut().zip(&mut self.docs) {
            if *d < target {
                *d = c.seek(target);
            }
            next = next.min(*d);
        }
        if self.min > 1 {
            next = self.settle();
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    /// tantivy's union estimate (`query::size_hint::estimate_union`, private to tantivy): the
    /// chance a document is in none of the children, assuming a co-location factor of 0.8.
    fn size_hint(&self) -> u32 {
        if self.min > 1 {
            // tantivy's `Disjunction`: its largest child's.
            return self
                .children
                .iter()
                .map(|c| c.size_hint())
                .max()
                .unwrap_or(0);
        }
        let max_docs = self.num_docs.max(1) as f64;
        let mut in_none = 1.0;
        for c in &self.children {
            in_none *= 1.0 - (c.size_hint() as f64 / max_docs) * 0.8;
        }
        ((max_docs * (1.0 - in_none)).round()).min(max_docs) as u32
    }

    fn cost(&self) -> u64 {
        if self.min > 1 {
            // tantivy's `Disjunction`: its largest child's.
            return self.children.iter().map(|c| c.cost()).max().unwrap_or(0);
        }
        self.children.iter().map(|c| c.cost()).sum()
    }
}

impl Scorer for SumUnionScorer {
    fn score(&mut self) -> Score {
        let mut score: Score = 0.0;
        for (c, &d) in self.children.iter_mut().zip(&self.docs) {
            if d == self.doc {
                score += c.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, PhraseQuery, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocAddress, doc};

    /// Real sentences of S/RES/2178 (2014).
    const SENTENCES: &[&str] = &[
        "Condemning the violent extremism, which can be conducive to terrorism",
        "foreign terrorist fighters increase the intensity, duration and intractability of conflicts",
        "the terrorist threat has become more diffuse",
        "Calls upon Member States to cooperate in efforts to address the threat posed by foreign terrorist fighters",
    ];

    /// A union of terms, a boosted phrase and a word no paragraph has matches what tantivy's
    /// union matches, with the same score bits, over two segments and many 4,096-document
    /// windows, alone and as the optional part of a boolean query.
    #[test]
    fn sums_as_tantivys_union_sums() {
        let (index, f, mut w) = crate::index::ram_index();
        for i in 0..9_000 {
            let text = SENTENCES[(i * 7 + i / 13) % SENTENCES.len()];
            w.add_document(doc!(f.body_en => text, f.lang => "en", f.text => text))
                .expect("add");
            if i == 4_500 {
                w.commit().expect("commit");
            }
        }
        w.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let term = |word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f.body_en, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        let phrase = || -> Box<dyn Query> {
            Box::new(BoostQuery::new(
                Box::new(PhraseQuery::new(vec![
                    Term::from_field_text(f.body_en, "foreign"),
                    Term::from_field_text(f.body_en, "terrorist"),
                ])),
                0.7,
            ))
        };
        let children = || vec![term("threat"), phrase(), term("absent"), term("extremism")];
        let scored = |q: &dyn Query| {
            let top = TopDocs::with_limit(10_000).order_by_score();
            let (docs, count) = searcher.search(q, &(top, Count)).expect("search");
            let mut docs: Vec<(DocAddress, u32)> =
                docs.into_iter().map(|(s, a)| (a, s.to_bits())).collect();
            docs.sort();
            (docs, count)
        };
        let ours = SumUnion::of(children());
        let theirs = BooleanQuery::union(children());
        let (want, count) = scored(&theirs);
        assert!(count > 4_096, "{count}");
        assert_eq!(scored(&*ours), (want, count));
        let with = |u: Box<dyn Query>| {
            BooleanQuery::new(vec![
                (tantivy::query::Occur::Must, term("terrorist")),
                (tantivy::query::Occur::Should, u),
            ])
        };
        assert_eq!(
            scored(&with(SumUnion::of(children()))),
            scored(&with(Box::new(BooleanQuery::union(children()))))
        );
    }

    /// At least `min` of the children matches what tantivy's minimum-should-match union
    /// matches, with the same scores up to the order of the additions, alone (advanced) and
    /// inside an intersection led by a rarer clause (sought), over two segments.
    #[test]
    fn at_least_matches_as_tantivys_minimum_should_match() {
        let (index, f, mut w) = crate::index::ram_index();
        for i in 0..9_000 {
            let text = SENTENCES[(i * 7 + i / 13) % SENTENCES.len()];
            let year = 2000 + (i % 25) as u64;
            w.add_document(doc!(f.body_en => text, f.lang => "en", f.text => text, f.year => year))
                .expect("add");
            if i == 4_500 {
                w.commit().expect("commit");
            }
        }
        w.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let term = |word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f.body_en, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        let children = || {
            vec![
                term("terrorist"),
                term("threat"),
                Box::new(BoostQuery::new(
                    Box::new(PhraseQuery::new(vec![
                        Term::from_field_text(f.body_en, "foreign"),
                        Term::from_field_text(f.body_en, "terrorist"),
                    ])),
                    0.7,
                )) as Box<dyn Query>,
                term("absent"),
                term("conflict"),
            ]
        };
        let scored = |q: &dyn Query| {
            let top = TopDocs::with_limit(10_000).order_by_score();
            let (docs, count) = searcher.search(q, &(top, Count)).expect("search");
            let mut docs: Vec<(DocAddress, f32)> = docs.into_iter().map(|(s, a)| (a, s)).collect();
            docs.sort_by_key(|d| d.0);
            (docs, count)
        };
        let same = |ours: (Vec<(DocAddress, f32)>, usize),
                    theirs: (Vec<(DocAddress, f32)>, usize)| {
            assert_eq!(ours.1, theirs.1, "counts");
            assert_eq!(ours.0.len(), theirs.0.len());
            for (a, b) in ours.0.iter().zip(&theirs.0) {
                assert_eq!(a.0, b.0);
                assert!((a.1 - b.1).abs() <= 1e-5 * b.1.abs(), "{a:?} {b:?}");
            }
        };
        let rare = || -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_u64(f.year, 2003),
                IndexRecordOption::Basic,
            ))
        };
        for min in 2..=3 {
            let theirs = scored(&BooleanQuery::union_with_minimum_required_clauses(
                children(),
                min,
            ));
            assert!(theirs.1 > 1_000, "min {min}: {}", theirs.1);
            same(scored(&*SumUnion::at_least(children(), min)), theirs);
            let within = |u: Box<dyn Query>| {
                BooleanQuery::new(vec![
                    (tantivy::query::Occur::Must, rare()),
                    (tantivy::query::Occur::Must, u),
                ])
            };
            let theirs = scored(&within(Box::new(
                BooleanQuery::union_with_minimum_required_clauses(children(), min),
            )));
            assert!(theirs.1 > 50, "min {min} within: {}", theirs.1);
            same(scored(&within(SumUnion::at_least(children(), min))), theirs);
        }
        // 1 and all of them are tantivy's own union and intersection.
        for min in [1, 5] {
            assert!(
                SumUnion::at_least(children(), min)
                    .downcast_ref::<SumUnion>()
                    .is_none()
            );
        }
    }
}
