//! Score bonuses looked up on the matches only. A plan step is "these clauses must match (and
//! these must not), and these optional clauses add to the score" (the language bonus, title and
//! section words, phrase bonuses, the relaxed steps' coverage). As one tantivy `BooleanQuery`,
//! the optional clauses form a buffered union that walks every posting of every optional
//! clause in each 4,096-document window a match falls in: the language bonus alone visits every
//! paragraph of the query's language, whatever the words match. [`BonusQuery`] keeps the
//! required part a `BooleanQuery` and, for each match, seeks each optional clause to that
//! document, so an optional clause costs a seek per match instead of a visit per posting.
//!
//! An optional clause that is itself a union ([`super::sum_union::SumUnion`]: a word's title
//! and section signals) is sought child by child too, so that no union scorer is built for it
//! (as tantivy's buffered union it refilled a 4,096-document window per seek: 17 % of the
//! slowest searches at 16× the corpus).
//!
//! Scores are the same bits as the one `BooleanQuery`: tantivy's `RequiredOptionalScorer` adds
//! the required score to 0, then the optional union's sum, which adds the matching optional
//! clauses' scores in clause order to 0 (`SumCombiner`), a union clause's own score being its
//! matching children's sum from 0 in child order; [`BonusScorer::score`] does the same
//! additions in the same order. `MustNot` clauses only remove matches, so they move into the
//! required part unchanged.

use tantivy::query::{
    AllScorer, BooleanQuery, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer, Weight,
};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// A required query plus optional clauses that only add to the score of its matches.
#[derive(Debug)]
pub struct BonusQuery {
    required: Box<dyn Query>,
    /// Each optional clause as the queries whose sum is its score: itself, or a plain union's
    /// children.
    bonuses: Vec<Vec<Box<dyn Query>>>,
}

/// The queries whose sum (from 0, in order, of those matching) is `q`'s score: the children of
/// a [`super::sum_union::SumUnion`] (the plan's unions), or `q` alone.
fn summands(q: Box<dyn Query>) -> Vec<Box<dyn Query>> {
    match q
        .downcast_ref::<super::sum_union::SumUnion>()
        .and_then(|u| u.any_of())
    {
        Some(children) => children.iter().map(|c| c.box_clone()).collect(),
        None => vec![q],
    }
}

impl BonusQuery {
    /// The query `BooleanQuery::new(clauses)` stands for, with its `Should` clauses as bonuses
    /// (in their order) and the others as the required part. Without a `Must` clause the
    /// `Should` clauses decide what matches, so the clauses stay one `BooleanQuery`.
    pub fn from_clauses(clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            return Box::new(BooleanQuery::new(clauses));
        }
        let (bonuses, required): (Vec<_>, Vec<_>) =
            clauses.into_iter().partition(|(o, _)| *o == Occur::Should);
        if bonuses.is_empty() {
            return Box::new(BooleanQuery::new(required));
        }
        Box::new(BonusQuery {
            required: Box::new(BooleanQuery::new(required)),
            bonuses: bonuses.into_iter().map(|(_, q)| summands(q)).collect(),
        })
    }
}

impl Clone for BonusQuery {
    fn clone(&self) -> BonusQuery {
        BonusQuery {
            required: self.required.box_clone(),
            bonuses: (self.bonuses.iter())
                .map(|g| g.iter().map(|q| q.box_clone()).collect())
                .collect(),
        }
    }
}

impl Query for BonusQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let required = self.required.weight(scoring)?;
        if !scoring.is_scoring_enabled() {
            // Bonuses never change what matches.
            return Ok(required);
        }
        let bonuses = (self.bonuses.iter())
            .map(|g| g.iter().map(|q| q.weight(scoring)).collect())
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(BonusWeight { required, bonuses }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.required.query_terms(visitor);
        for q in self.bonuses.iter().flatten() {
            q.query_terms(visitor);
        }
    }
}

/// The weight of a [`BonusQuery`] when scoring.
struct BonusWeight {
    required: Box<dyn Weight>,
    bonuses: Vec<Vec<Box<dyn Weight>>>,
}

impl Weight for BonusWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let required = self.required.scorer(reader, boost)?;
        if required.doc() == tantivy::TERMINATED {
            return Ok(Box::new(EmptyScorer));
        }
        let mut bonuses = Vec::with_capacity(self.bonuses.len());
        for group in &self.bonuses {
            let mut summands = Vec::with_capacity(group.len());
            for w in group {
                let s = w.scorer(reader, boost)?;
                // A child that matches nothing adds nothing to its union's sum.
                if s.is::<EmptyScorer>() || s.doc() == tantivy::TERMINATED {
                    continue;
                }
                summands.push(s);
            }
            // tantivy drops these from a boolean query's optional clauses: an empty clause adds
            // nothing, and a match-all one is not added beside a required part either.
            if summands.is_empty() || (group.len() == 1 && summands[0].is::<AllScorer>()) {
                continue;
            }
            bonuses.push(summands);
        }
        Ok(Box::new(BonusScorer {
            doc: required.doc(),
            required,
            bonuses,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = super::scorer_at(self, reader, doc)?;
        let mut explanation = Explanation::new("required + optional bonuses", scorer.score());
        if let Ok(e) = self.required.explain(reader, doc) {
            explanation.add_detail(e);
        }
        for w in self.bonuses.iter().flatten() {
            if let Ok(e) = w.explain(reader, doc) {
                explanation.add_detail(e);
            }
        }
        Ok(explanation)
    }
}

/// The required part's matches, each scored as tantivy's `RequiredOptionalScorer` over a union
/// of the bonuses would, with each bonus sought to the match instead of walked.
struct BonusScorer {
    required: Box<dyn Scorer>,
    /// The required part's current match, kept here so that scoring a match does not ask for
    /// it again through the trait object.
    doc: DocId,
    /// Each optional clause's summands.
    bonuses: Vec<Vec<Box<dyn Scorer>>>,
}

impl DocSet for BonusScorer {
    fn advance(&mut self) -> DocId {
        self.doc = self.required.advance();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.doc = self.required.seek(target);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.required.size_hint()
    }

    fn cost(&self) -> u64 {
        self.required.cost()
    }
}

impl Scorer for BonusScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut score: Score = 0.0;
        score += self.required.score();
        let mut bonus: Score = 0.0;
        let mut any = false;
        for group in &mut self.bonuses {
            let mut sum: Score = 0.0;
            let mut matched = false;
            for b in group.iter_mut() {
                let mut at = b.doc();
                if at < doc {
                    at = b.seek(doc);
                }
                if at == doc {
                    sum += b.score();
                    matched = true;
                }
            }
            if matched {
                bonus += sum;
                any = true;
            }
        }
        if any {
            score += bonus;
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::IndexSchema;
    use crate::query::sum_union::SumUnion;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{
        BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, PhraseQuery, TermQuery,
    };
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocAddress, Index, doc};

    /// Real sentences of S/RES/2178 (2014).
    const SENTENCES: &[&str] = &[
        "Condemning the violent extremism, which can be conducive to terrorism",
        "foreign terrorist fighters increase the intensity, duration and intractability of conflicts",
        "the terrorist threat has become more diffuse",
        "Calls upon Member States to cooperate in efforts to address the threat posed by foreign terrorist fighters",
    ];

    /// Titles of real Security Council documents.
    const TITLES: &[&str] = &[
        "Threats to international peace and security caused by terrorist acts",
        "Letter dated 2 June 2025 from the Chair of the Counter-Terrorism Committee",
        "Report of the Secretary-General on children and armed conflict",
    ];

    /// An in-memory index of `n` paragraphs over two commits (two segments), English and
    /// Chinese-labelled, so that matches span many 4,096-document windows of a union.
    fn index(n: usize) -> (Index, IndexSchema) {
        let (index, f, mut w) = crate::index::ram_index();
        for i in 0..n {
            let text = SENTENCES[i % SENTENCES.len()];
            let lang = if i % 3 == 0 { "zh" } else { "en" };
            let mut d = doc!(
                f.lang => lang, f.text => text,
                f.title_en => TITLES[i % TITLES.len()], f.section_en => TITLES[(i / 5) % TITLES.len()]
            );
            f.add_english_body(&mut d, text);
            w.add_document(d).expect("add");
            if i == n / 2 {
                w.commit().expect("commit");
            }
        }
        w.commit().expect("commit");
        (index, f)
    }

    fn term(field: tantivy::schema::Field, word: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, word),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// A plan step's clauses.
    type Clauses = Vec<(Occur, Box<dyn Query>)>;

    /// Every match and the bits of its score.
    fn scored(index: &Index, q: &dyn Query) -> (Vec<(u32, DocAddress)>, usize) {
        let searcher = index.reader().expect("reader").searcher();
        let top = TopDocs::with_limit(100_000).order_by_score();
        let (docs, count) = searcher.search(q, &(top, Count)).expect("search");
        let mut docs: Vec<(u32, DocAddress)> =
            docs.into_iter().map(|(s, a)| (s.to_bits(), a)).collect();
        docs.sort_by_key(|&(_, a)| a);
        (docs, count)
    }

    /// Plan-shaped clause lists (a language bonus, title and section words, a phrase bonus,
    /// the relaxed steps' coverage, an exclusion, a filter): the bonus query matches the same
    /// paragraphs with the same score bits as one `BooleanQuery`.
    #[test]
    fn bonuses_sought_on_matches_score_as_one_boolean_query() {
        let (index, f) = index(9_000);
        let not_toc = || -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(tantivy::query::AllQuery)),
                (Occur::MustNot, term(f.kind, "toc")),
            ]))
        };
        let lang_bonus =
            || -> Box<dyn Query> { Box::new(ConstScoreQuery::new(term(f.lang, "en"), 2.0)) };
        let signals = || -> Box<dyn Query> {
            SumUnion::of(vec![
                Box::new(BoostQuery::new(term(f.title_en, "terrorist"), 0.7)),
                Box::new(BoostQuery::new(term(f.section_en, "terrorist"), 0.4)),
            ])
        };
        let phrase = || -> Box<dyn Query> {
            Box::new(PhraseQuery::new(vec![
                Term::from_field_text(f.body_en, "foreign"),
                Term::from_field_text(f.body_en, "terrorist"),
            ]))
        };
        let table: Vec<(&str, Clauses)> = vec![
            (
                "word with language and heading bonuses",
                vec![
                    (Occur::Should, lang_bonus()),
                    (Occur::Should, signals()),
                    (Occur::Must, not_toc()),
                    (Occur::Must, term(f.body_en, "terrorist")),
                ],
            ),
            (
                "phrase bonus and an exclusion",
                vec![
                    (Occur::Should, lang_bonus()),
                    (Occur::Should, Box::new(BoostQuery::new(phrase(), 1.5))),
                    (Occur::MustNot, term(f.body_en, "diffus")),
                    (Occur::Must, not_toc()),
                    (
                        Occur::Must,
                        Box::new(BooleanQuery::union(vec![
                            term(f.body_en, "threat"),
                            term(f.body_en, "terrorist"),
                        ])),
                    ),
                ],
            ),
            (
                "relaxed step coverage",
                vec![
                    (Occur::Should, lang_bonus()),
                    (
                        Occur::Should,
                        Box::new(DisjunctionMaxQuery::new(vec![
                            Box::new(ConstScoreQuery::new(term(f.body_en, "threat"), 6.0)),
                            Box::new(ConstScoreQuery::new(term(f.body_en, "foreign"), 3.0)),
                        ])),
                    ),
                    (
                        Occur::Should,
                        Box::new(ConstScoreQuery::new(term(f.body_en, "conflict"), 4.0)),
                    ),
                    (Occur::Must, not_toc()),
                    (
                        Occur::Must,
                        Box::new(BooleanQuery::union_with_minimum_required_clauses(
                            vec![term(f.body_en, "threat"), term(f.body_en, "conflict")],
                            1,
                        )),
                    ),
                ],
            ),
            (
                "unions among the bonuses, summed child by child",
                vec![
                    (Occur::Should, lang_bonus()),
                    (Occur::Should, Box::new(BoostQuery::new(phrase(), 1.5))),
                    (
                        Occur::Should,
                        SumUnion::of(vec![
                            Box::new(BoostQuery::new(term(f.title_en, "terrorist"), 0.3)),
                            term(f.title_en, "absent"),
                            Box::new(BoostQuery::new(term(f.section_en, "threats"), 0.5)),
                            phrase(),
                        ]),
                    ),
                    (Occur::Should, signals()),
                    (Occur::Must, not_toc()),
                    (
                        Occur::Must,
                        Box::new(BooleanQuery::union(vec![
                            term(f.body_en, "threat"),
                            term(f.body_en, "terrorist"),
                        ])),
                    ),
                ],
            ),
            (
                "a bonus that matches nothing",
                vec![
                    (Occur::Should, term(f.title_en, "absent")),
                    (Occur::Must, not_toc()),
                    (Occur::Must, term(f.body_en, "violent")),
                ],
            ),
        ];
        for (name, clauses) in table {
            let boolean =
                BooleanQuery::new(clauses.iter().map(|(o, q)| (*o, q.box_clone())).collect());
            let bonus = BonusQuery::from_clauses(clauses);
            let (want, want_count) = scored(&index, &boolean);
            let (got, got_count) = scored(&index, &*bonus);
            assert!(want_count > 0, "{name}: no match");
            assert_eq!(got_count, want_count, "{name}: count");
            assert_eq!(got, want, "{name}: matches and score bits");
        }
    }

    /// Without a required clause the optional clauses decide what matches: kept as one query.
    #[test]
    fn clauses_without_a_required_one_stay_a_boolean_query() {
        let f = IndexSchema::new();
        let q = BonusQuery::from_clauses(vec![(Occur::Should, term(f.body_en, "threat"))]);
        assert!(q.downcast_ref::<BooleanQuery>().is_some());
        let q = BonusQuery::from_clauses(vec![
            (Occur::Should, term(f.body_en, "threat")),
            (Occur::Must, term(f.body_en, "terrorist")),
        ]);
        assert!(q.downcast_ref::<BonusQuery>().is_some());
    }
}
