//! Phrases found through a pair field (`body_en_pairs`, `body_zh_char_pairs`: two neighbouring
//! tokens as one term, see `index::analyzers::pairs`) instead of by position checks alone.
//! tantivy's phrase scorer walks every paragraph holding all the phrase's tokens and reads their
//! positions: at 16× the corpus "Security Council" took 46 M instructions a search, 71 % of them
//! position checks, because nearly every paragraph with both words is checked; a Chinese word's
//! inner-word match (its characters as a phrase, 威胁 as 威 胁) was a third of a Chinese word
//! query. A [`PairPhraseQuery`] matches the same paragraphs with the same scores:
//! - two tokens: the pair's posting list. Its term frequency is the phrase's count (the pairs are
//!   the analyzer's tokens at consecutive positions), and the score is tantivy's phrase score
//!   from it: the phrase's BM25 weight (the sum of its tokens' idf, `Bm25Weight::for_terms` over
//!   the body field) at the paragraph's field norm in the body field.
//! - three tokens or more: the paragraphs holding all its pairs are the candidates, and
//!   tantivy's own phrase scorer checks positions on those only (`seek_danger`), and scores them.
//!
//! `explain` is the phrase query's own.

use crate::index::analyzers::pair_term;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, ConstScorer, EmptyScorer, EnableScoring, Explanation, PhraseQuery, Query, Scorer,
    Weight, intersect_scorers,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED, Term};

/// A phrase of two or more tokens at consecutive positions of a body field, matched through
/// their pairs.
#[derive(Debug, Clone)]
pub struct PairPhraseQuery {
    /// The same phrase over the body field: its scorer checks positions (three tokens or more),
    /// its weight explains.
    phrase: PhraseQuery,
    /// The phrase's tokens in the body field, for its BM25 weight.
    words: Vec<Term>,
    /// Each neighbouring pair of tokens, in the pair field.
    pairs: Vec<Term>,
}

impl PairPhraseQuery {
    /// The phrase of `words` (two or more tokens of `body`'s analyzer, at consecutive
    /// positions), `pairs` the field of their pairs.
    pub fn new(body: Field, pairs: Field, words: &[String]) -> PairPhraseQuery {
        debug_assert!(words.len() >= 2, "a phrase of {} words", words.len());
        let terms: Vec<Term> = (words.iter())
            .map(|w| Term::from_field_text(body, w))
            .collect();
        PairPhraseQuery {
            phrase: PhraseQuery::new(terms.clone()),
            words: terms,
            pairs: (words.windows(2))
                .map(|w| Term::from_field_text(pairs, &pair_term(&w[0], &w[1])))
                .collect(),
        }
    }
}

impl Query for PairPhraseQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(statistics_provider, &self.words)?),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(PairPhraseWeight {
            phrase: self.phrase.weight(scoring)?,
            body: self.words[0].field(),
            pairs: self.pairs.clone(),
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.phrase.query_terms(visitor);
    }
}

/// The weight of a [`PairPhraseQuery`].
struct PairPhraseWeight {
    phrase: Box<dyn Weight>,
    /// The body field, whose field norms the score uses.
    body: Field,
    pairs: Vec<Term>,
    /// The phrase's BM25 weight; `None` when scoring is off.
    bm25: Option<Bm25Weight>,
}

impl PairPhraseWeight {
    /// The posting list of each pair, `None` when a pair is in no paragraph of the segment.
    fn pair_postings(
        &self,
        reader: &SegmentReader,
        option: IndexRecordOption,
    ) -> tantivy::Result<Option<Vec<SegmentPostings>>> {
        let Some(first) = self.pairs.first() else {
            return Ok(None);
        };
        let index = reader.inverted_index(first.field())?;
        let mut out = Vec::with_capacity(self.pairs.len());
        for pair in &self.pairs {
            match index.read_postings(pair, option)? {
                Some(postings) => out.push(postings),
                None => return Ok(None),
            }
        }
        Ok(Some(out))
    }
}

impl Weight for PairPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if self.pairs.len() == 1 {
            let Some(mut postings) = self.pair_postings(reader, IndexRecordOption::WithFreqs)?
            else {
                return Ok(Box::new(EmptyScorer));
            };
            let postings = postings.remove(0);
            // As tantivy's phrase weight: the field's norms when scoring, else a constant.
            let fieldnorms = match &self.bm25 {
                Some(_) => reader.fieldnorms_readers().get_field(self.body)?,
                None => None,
            }
            .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
            return Ok(Box::new(PairScorer {
                postings,
                fieldnorms,
                bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
            }));
        }
        let Some(postings) = self.pair_postings(reader, IndexRecordOption::Basic)? else {
            return Ok(Box::new(EmptyScorer));
        };
        let candidates = intersect_scorers(
            postings
                .into_iter()
                .map(|p| Box::new(ConstScorer::new(p, 0.0)) as Box<dyn Scorer>)
                .collect(),
            reader.num_docs(),
        );
        if candidates.doc() == TERMINATED {
            return Ok(Box::new(EmptyScorer));
        }
        let phrase = self.phrase.scorer(reader, boost)?;
        let mut scorer = CheckedScorer {
            phrase_at: phrase.doc(),
            phrase_on_doc: true,
            candidates,
            phrase,
            doc: TERMINATED,
        };
        let first = scorer.candidates.doc();
        scorer.doc = scorer.first_phrase_from(first);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::scorer_at(self, reader, doc)?;
        self.phrase.explain(reader, doc)
    }
}

/// A two-token phrase: the pair's postings, scored as tantivy's phrase scorer scores a paragraph
/// where the phrase occurs as many times as the pair.
struct PairScorer {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    bm25: Option<Bm25Weight>,
}

impl DocSet for PairScorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for PairScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => {
                let norm = self.fieldnorms.fieldnorm_id(self.postings.doc());
                bm25.score(norm, self.postings.term_freq())
            }
            None => 1.0,
        }
    }
}

/// A phrase of three tokens or more: the paragraphs holding all its pairs, each checked and
/// scored by tantivy's phrase scorer.
struct CheckedScorer {
    candidates: Box<dyn Scorer>,
    phrase: Box<dyn Scorer>,
    /// The phrase scorer's document when `phrase_on_doc`; otherwise a lower bound of its next
    /// match (after a `seek_danger` that missed, its own `doc()` means nothing).
    phrase_at: DocId,
    phrase_on_doc: bool,
    doc: DocId,
}

impl CheckedScorer {
    /// Whether the phrase occurs in `doc`, a candidate; candidates rise from call to call.
    fn phrase_in(&mut self, doc: DocId) -> bool {
        if self.phrase_at > doc || (self.phrase_on_doc && self.phrase_at == doc) {
            return self.phrase_on_doc && self.phrase_at == doc;
        }
        match self.phrase.seek_danger(doc) {
            SeekDangerResult::Found => {
                (self.phrase_at, self.phrase_on_doc) = (doc, true);
                true
            }
            SeekDangerResult::SeekLowerBound(bound) => {
                (self.phrase_at, self.phrase_on_doc) = (bound, false);
                false
            }
        }
    }

    /// The first candidate at or after `doc` (the candidates' current one) holding the phrase.
    fn first_phrase_from(&mut self, mut doc: DocId) -> DocId {
        while doc != TERMINATED && !self.phrase_in(doc) {
            doc = self.candidates.advance();
        }
        doc
    }
}

impl DocSet for CheckedScorer {
    fn advance(&mut self) -> DocId {
        let next = self.candidates.advance();
        self.doc = self.first_phrase_from(next);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let next = self.candidates.seek(target);
        self.doc = self.first_phrase_from(next);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.candidates.size_hint()
    }
}

impl Scorer for CheckedScorer {
    fn score(&mut self) -> Score {
        self.phrase.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::IndexSchema;
    use crate::index::analyzers::Analyzer;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::{DocAddress, doc};

    /// Sentences of S/RES/2178 (2014) and S/RES/2396 (2017), with phrases repeated, split and
    /// crossing punctuation.
    const SENTENCES: &[&str] = &[
        "Calls upon Member States to cooperate in efforts to address the threat posed by foreign terrorist fighters",
        "foreign terrorist fighters increase the intensity, duration and intractability of conflicts",
        "the threat posed by foreign terrorist fighters, including foreign terrorist fighters returning",
        "terrorist fighters. Foreign Member States",
        "Decides that Member States shall, consistent with international human rights law, prevent the movement of terrorists",
        "the Security Council, the Security Council's Counter-Terrorism Committee and the Council",
    ];

    fn words(text: &str) -> Vec<String> {
        Analyzer::English
            .analyze(text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    /// An in-memory index of `n` paragraphs cycling through `texts` (with a stride, so that
    /// neighbours differ), added by `add`, committed in two segments.
    fn two_segments(
        texts: &[&str],
        n: usize,
        add: fn(&IndexSchema, &mut tantivy::TantivyDocument, &str),
    ) -> (tantivy::Index, IndexSchema) {
        let (index, f, mut w) = crate::index::ram_index();
        for i in 0..n {
            let text = texts[(i * 7 + i / 11) % texts.len()];
            let mut d = doc!(f.text => text);
            add(&f, &mut d, text);
            w.add_document(d).expect("add");
            if i == n / 2 {
                w.commit().expect("commit");
            }
        }
        w.commit().expect("commit");
        (index, f)
    }

    /// Every match of `q` with its score's bits, by address, and the count.
    fn scored(searcher: &tantivy::Searcher, q: &dyn Query) -> (Vec<(DocAddress, u32)>, usize) {
        let top = TopDocs::with_limit(5_000).order_by_score();
        let (docs, count) = searcher.search(q, &(top, Count)).expect("search");
        let mut docs: Vec<(DocAddress, u32)> =
            docs.into_iter().map(|(s, a)| (a, s.to_bits())).collect();
        docs.sort();
        (docs, count)
    }

    /// Every phrase matches the paragraphs tantivy's phrase query matches, with the same score
    /// bits and the same explanation, alone, required beside a word, and as a boosted bonus,
    /// over two segments.
    #[test]
    fn matches_and_scores_as_tantivys_phrase_query() {
        let (index, f) = two_segments(SENTENCES, 3_000, IndexSchema::add_english_body);
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let scored = |q: &dyn Query| scored(&searcher, q);
        let phrases = [
            "foreign terrorist",
            "foreign terrorist fighters",
            "terrorist fighters foreign",
            "Security Council",
            "the Security Council",
            "threat posed by foreign terrorist fighters",
            "Member States shall",
            "fighters returning home",
        ];
        for text in phrases {
            let w = words(text);
            let ours = PairPhraseQuery::new(f.body_en, f.body_en_pairs, &w);
            let theirs = PhraseQuery::new(
                w.iter()
                    .map(|t| Term::from_field_text(f.body_en, t))
                    .collect(),
            );
            let want = scored(&theirs);
            assert_eq!(scored(&ours), want, "{text}");
            let required = |q: Box<dyn Query>| {
                BooleanQuery::new(vec![
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(
                            Term::from_field_text(f.body_en, "state"),
                            IndexRecordOption::WithFreqs,
                        )) as Box<dyn Query>,
                    ),
                    (Occur::Should, Box::new(BoostQuery::new(q, 2.0))),
                ])
            };
            assert_eq!(
                scored(&required(Box::new(ours.clone()))),
                scored(&required(Box::new(theirs.clone()))),
                "{text} as a bonus"
            );
            let both = |q: Box<dyn Query>| {
                BooleanQuery::new(vec![
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(
                            Term::from_field_text(f.body_en, "threat"),
                            IndexRecordOption::WithFreqs,
                        )) as Box<dyn Query>,
                    ),
                    (Occur::Must, q),
                ])
            };
            let with_word = scored(&both(Box::new(theirs.clone())));
            assert_eq!(
                scored(&both(Box::new(ours.clone()))).0.len(),
                with_word.0.len()
            );
            if let Some(&(address, _)) = want.0.first() {
                let explain = |q: &dyn Query| {
                    q.explain(&searcher, address)
                        .expect("explain")
                        .to_pretty_json()
                };
                assert_eq!(explain(&ours), explain(&theirs), "{text}");
            }
        }
        // The table is not vacuous: two- and longer phrases match, one matches nothing.
        let count = |text: &str| {
            scored(&PairPhraseQuery::new(
                f.body_en,
                f.body_en_pairs,
                &words(text),
            ))
            .1
        };
        assert!(count("foreign terrorist") > 1_000);
        assert!(count("threat posed by foreign terrorist fighters") > 500);
        assert!(
            count("terrorist fighters foreign") > 100,
            "across a full stop, as positions"
        );
        assert_eq!(count("fighters returning home"), 0);
    }

    /// Sentences of the Chinese S/RES/2178 (2014) and S/RES/2396 (2017), one with clause
    /// punctuation inside a sequence the queries look for.
    const CHINESE: &[&str] = &[
        "吁请会员国合作，努力应对外国恐怖主义作战人员构成的威胁",
        "外国恐怖主义作战人员加剧了冲突的强度、持续时间和解决难度",
        "安全理事会，安全理事会反恐怖主义委员会",
        "各国。法律规定的义务",
        "威胁国际和平与安全",
    ];

    /// Character sequences (a Chinese word's inner-word match, a phrase) match and score as
    /// tantivy's phrase query over the character field, across segments; clause punctuation in
    /// the text keeps a sequence from matching across it, for both.
    #[test]
    fn character_sequences_match_and_score_as_phrase_queries() {
        let (index, f) = two_segments(CHINESE, 2_000, IndexSchema::add_chinese_body);
        let searcher = index.reader().expect("reader").searcher();
        let scored = |q: &dyn Query| scored(&searcher, q);
        let chars = |text: &str| -> Vec<String> {
            (Analyzer::ChineseChars.analyze(text).into_iter())
                .map(|t| t.text)
                .collect()
        };
        for (text, matches) in [
            ("威胁", true),
            ("恐怖主义", true),
            ("外国恐怖主义作战人员", true),
            ("安全理事会", true),
            ("國際和平", true),
            ("各国法律", false),
        ] {
            let c = chars(text);
            let ours = PairPhraseQuery::new(f.body_zh_chars, f.body_zh_char_pairs, &c);
            let theirs = PhraseQuery::new(
                (c.iter())
                    .map(|t| Term::from_field_text(f.body_zh_chars, t))
                    .collect(),
            );
            let want = scored(&theirs);
            assert_eq!(want.1 > 0, matches, "{text}: {}", want.1);
            assert_eq!(scored(&ours), want, "{text}");
        }
    }
}
