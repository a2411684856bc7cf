//! The text analyzers on real UN text: tokens of mixed Chinese/English examples, English
//! stems, exact byte offsets on the whole Chinese seed document and on UNPC sentences,
//! positions, no panics on arbitrary Unicode, and phrase/term queries through a real in-RAM
//! tantivy index.

use proptest::prelude::*;
use tantivy::collector::TopDocs;
use tantivy::query::{PhraseQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};
use undex::index::analyzers::{self, AnalyzedToken, Analyzer, EN, ZH_CHARS, ZH_WORDS};

const SEED_ZH: &str = "corpus/S_2022_529/zh.txt";
const UNPC_ZH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/unpc/UNv1.0.testset.zh"
);
const UNPC_EN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/unpc/UNv1.0.testset.en"
);

/// Paragraphs of S/2022/529 (corpus/S_2022_529/zh.txt, PDF line wraps re-joined by hand).
const PARA_BIOMETRICS: &str = "49. 在边境管理和执法方面，为协助各国执行安理会相关决议，执行局牵头编写了《联合国关于负责任地使用和共享反恐生物鉴别技术的推荐做法简编》(2018年)和《保护关键基础设施免遭恐怖袭击的良好做法简编》(2018 年)。";
const PARA_FINANCING: &str = "6. 在资助恐怖主义方面，达伊沙团体继续通过勒索、骚扰和绑架勒索来筹集资金，达伊沙、其附属机构和支持者继续使用现金运送、哈瓦拉汇款系统、货币或";
const PARA_TITLE: &str =
    "2022 年 6 月 30 日安全理事会第 1373(2001)号决议所设委员会主席给安全理事会主席的信";

fn terms(analyzer: Analyzer, text: &str) -> Vec<String> {
    analyzer.analyze(text).into_iter().map(|t| t.text).collect()
}

/// Undoes the UNPC test set's word segmentation (tokens separated by one space; an original
/// space is a token of its own, so it shows as three spaces).
fn unsegment(line: &str) -> String {
    line.split("   ")
        .map(|part| part.replace(' ', ""))
        .collect::<Vec<_>>()
        .join(" ")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("test input {path}: {err}"))
}

/// Offsets exact and positions well formed: every token's byte range is a non-empty slice of
/// the text on character boundaries whose normalised surface is the token (CJK tokens are the
/// surface itself), ranges do not go backwards, positions start at 0 and rise by 1 (or 2 after
/// clause punctuation in the character analyzer).
/// The analyzer whose neighbouring tokens a pair analyzer pairs.
fn paired(analyzer: Analyzer) -> Option<Analyzer> {
    match analyzer {
        Analyzer::EnglishPairs => Some(Analyzer::English),
        Analyzer::ChineseCharPairs => Some(Analyzer::ChineseChars),
        _ => None,
    }
}

/// [`check_tokens`] for a token analyzer; for a pair analyzer, that its tokens are exactly the
/// pairs of its base analyzer's tokens at consecutive positions (each at the first's position,
/// spanning both), the base tokens keeping their own invariants.
fn check_analysis(analyzer: Analyzer, text: &str, tokens: &[AnalyzedToken]) -> Result<(), String> {
    let Some(base) = paired(analyzer) else {
        return check_tokens(analyzer, text, tokens);
    };
    let words = base.analyze(text);
    check_tokens(base, text, &words)?;
    let want: Vec<AnalyzedToken> = (words.windows(2))
        .filter(|w| w[1].position == w[0].position + 1)
        .map(|w| AnalyzedToken {
            text: analyzers::pair_term(&w[0].text, &w[1].text),
            from: w[0].from,
            to: w[1].to,
            position: w[0].position,
        })
        .collect();
    if tokens == want.as_slice() {
        Ok(())
    } else {
        Err(format!(
            "pairs {tokens:?} are not the neighbouring {base:?} tokens' {want:?}"
        ))
    }
}

fn check_tokens(analyzer: Analyzer, text: &str, tokens: &[AnalyzedToken]) -> Result<(), String> {
    let mut previous_to = 0;
    for (index, token) in tokens.iter().enumerate() {
        let Some(surface) = text.get(token.from..token.to) else {
            return Err(format!(
                "token {token:?} is not a slice of the text on char boundaries"
            ));
        };
        if token.from >= token.to || token.from < previous_to {
            return Err(format!(
                "token {token:?} empty or overlapping the previous one (ends {previous_to})"
            ));
        }
        previous_to = token.to;
        let is_cjk = surface
            .chars()
            .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        if is_cjk && token.text != undex::model::fold_traditional(surface) {
            return Err(format!(
                "CJK token {token:?} differs from its surface {surface:?}"
            ));
        }
        if analyzer == Analyzer::ChineseChars && !is_cjk && token.text != surface.to_lowercase() {
            // Full-width letters fold to ASCII; nothing else should differ from lowercase.
            let folded: String = surface
                .chars()
                .map(|c| match c {
                    '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                    }
                    '\u{2019}' => '\'',
                    _ => c,
                })
                .collect::<String>()
                .to_lowercase();
            if token.text != folded {
                return Err(format!(
                    "char-analyzer token {token:?} is not its lowercased surface {surface:?}"
                ));
            }
        }
        let expected_steps: &[usize] = if analyzer == Analyzer::ChineseChars {
            &[1, 2]
        } else {
            &[1]
        };
        match index {
            0 if token.position != 0 => {
                return Err(format!("first token {token:?} not at position 0"));
            }
            0 => {}
            _ => {
                let step = token.position.wrapping_sub(tokens[index - 1].position);
                if !expected_steps.contains(&step) {
                    return Err(format!("token {token:?} position step {step}"));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn mixed_chinese_is_split_by_script() {
    let text = "伊黎伊斯兰国(ISIL)和 S/2021/278";
    let words = Analyzer::ChineseWords.analyze(text);
    let surfaces: Vec<&str> = words.iter().map(|t| &text[t.from..t.to]).collect();
    let word_terms: Vec<&str> = words.iter().map(|t| t.text.as_str()).collect();
    // jieba splits the transliteration; whatever it does, the Latin and digit runs are ours.
    assert_eq!(surfaces.concat(), "伊黎伊斯兰国ISIL和S2021278");
    assert_eq!(
        &word_terms[word_terms.len() - 5..],
        ["isil", "和", "s", "2021", "278"]
    );
    assert_eq!(
        terms(Analyzer::ChineseChars, text),
        [
            "伊", "黎", "伊", "斯", "兰", "国", "isil", "和", "s", "2021", "278"
        ]
    );
    assert_eq!(
        terms(Analyzer::English, text),
        [
            "伊", "黎", "伊", "斯", "兰", "国", "isil", "和", "s", "2021", "278"
        ]
    );
    let title_words = terms(Analyzer::ChineseWords, PARA_TITLE);
    for expected in [
        "2022",
        "安全",
        "理事会",
        "1373",
        "2001",
        "决议",
        "委员会",
        "主席",
    ] {
        assert!(
            title_words.iter().any(|t| t == expected),
            "{expected} missing from {title_words:?}"
        );
    }
}

/// Traditional text is indexed as its simplified form with offsets on the traditional text:
/// the same tokens as the simplified paragraph (PARA_FINANCING's first clause, converted by
/// hand), and a traditional query finds the simplified paragraph.
#[test]
fn traditional_text_folds_to_simplified_tokens_with_original_offsets() {
    let simplified = "在资助恐怖主义方面，达伊沙团体继续通过勒索、骚扰和绑架勒索来筹集资金";
    let traditional = "在資助恐怖主義方面，達伊沙團體繼續通過勒索、騷擾和綁架勒索來籌集資金";
    assert_eq!(simplified.len(), traditional.len());
    for analyzer in Analyzer::ALL {
        let want = analyzer.analyze(simplified);
        let got = analyzer.analyze(traditional);
        assert_eq!(got, want, "{analyzer:?}");
        check_analysis(analyzer, traditional, &got).unwrap();
    }
    let words = terms(
        Analyzer::ChineseWords,
        "恐怖主義 外國恐怖主義作戰人員 號決議",
    );
    assert_eq!(
        words,
        terms(
            Analyzer::ChineseWords,
            "恐怖主义 外国恐怖主义作战人员 号决议"
        )
    );
    let surfaces: Vec<&str> = Analyzer::ChineseWords
        .analyze("打擊資助恐怖主義")
        .iter()
        .map(|t| &"打擊資助恐怖主義"[t.from..t.to])
        .collect();
    assert_eq!(surfaces.concat(), "打擊資助恐怖主義");
}

#[test]
fn latin_words_in_chinese_text_are_stemmed_like_english() {
    let cases = [
        (
            "反恐委员会(Counter-Terrorism Committee)",
            vec!["counter", "terrorism", "committee"],
        ),
        ("联合国毒品和犯罪问题办公室(ＵＮＯＤＣ)", vec!["unodc"]),
        ("第２３９５(２０１７)号决议", vec!["2395", "2017"]),
    ];
    for (text, expected) in cases {
        let latin: Vec<String> = terms(Analyzer::ChineseWords, text)
            .into_iter()
            .filter(|t| t.is_ascii())
            .collect();
        assert_eq!(latin, expected, "{text}");
        let english: Vec<String> = terms(Analyzer::English, text)
            .into_iter()
            .filter(|t| t.is_ascii())
            .collect();
        assert_eq!(english, expected, "{text} (English analyzer)");
    }
}

#[test]
fn english_stems_real_phrases() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "Counter-Terrorism Committee's",
            &["counter", "terrorism", "committee"],
        ),
        (
            "resolution 1373 (2001) and on taking practical measures",
            &[
                "resolution",
                "1373",
                "2001",
                "and",
                "on",
                "taking",
                "practical",
                "measure",
            ],
        ),
        ("Member States' efforts", &["member", "state", "effort"]),
        (
            "foreign terrorist fighters",
            &["foreign", "terrorist", "fighter"],
        ),
        // "res" loses its s as in Lucene's minimal stemmer (query and index agree).
        ("S/RES/2395(2017)", &["s", "re", "2395", "2017"]),
    ];
    for (text, expected) in cases {
        assert_eq!(terms(Analyzer::English, text), expected, "{text}");
        let tokens = Analyzer::English.analyze(text);
        check_tokens(Analyzer::English, text, &tokens).unwrap();
    }
    // The query side sees the same terms as the index: plural and singular meet.
    assert_eq!(
        terms(Analyzer::English, "Committees"),
        terms(Analyzer::English, "committee")
    );
}

#[test]
fn word_inside_longer_dictionary_word_is_a_character_subsequence() {
    let haystack = Analyzer::ChineseChars.analyze(PARA_BIOMETRICS);
    let needle = Analyzer::ChineseChars.analyze("鉴别技术");
    let needle_terms: Vec<&str> = needle.iter().map(|t| t.text.as_str()).collect();
    let found = haystack.windows(needle.len()).any(|window| {
        window
            .iter()
            .map(|t| t.text.as_str())
            .eq(needle_terms.iter().copied())
            && window
                .windows(2)
                .all(|pair| pair[1].position == pair[0].position + 1)
    });
    assert!(
        found,
        "鉴别技术 not a contiguous character run of the paragraph"
    );
    // …whereas jieba does not cut 鉴别技术 out of the longer word, which is why chars exist.
    let words = terms(Analyzer::ChineseWords, PARA_BIOMETRICS);
    assert!(!words.iter().any(|w| w == "鉴别技术"), "{words:?}");
}

#[test]
fn clause_punctuation_breaks_character_adjacency() {
    // From S/2022/529: "…良好做法简编》(2018 年)。执行局还作为…"
    let text = "(2018 年)。执行局还作为";
    let tokens = Analyzer::ChineseChars.analyze(text);
    let year = tokens.iter().find(|t| t.text == "年").unwrap();
    let zhi = tokens.iter().find(|t| t.text == "执").unwrap();
    assert_eq!(
        zhi.position,
        year.position + 2,
        "。 must leave a gap: {tokens:?}"
    );
    // White space and brackets do not: "2018 年" stays adjacent.
    let number = tokens.iter().find(|t| t.text == "2018").unwrap();
    assert_eq!(year.position, number.position + 1);
}

#[test]
fn offsets_exact_on_the_whole_seed_document() {
    let text = read(SEED_ZH);
    for analyzer in Analyzer::ALL {
        let tokens = analyzer.analyze(&text);
        assert!(
            tokens.len() > 10_000,
            "{analyzer:?}: only {} tokens",
            tokens.len()
        );
        check_analysis(analyzer, &text, &tokens)
            .unwrap_or_else(|err| panic!("{analyzer:?}: {err}"));
    }
    // Every CJK character of the document is covered by exactly one word token.
    let cjk_count = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .count();
    let covered: usize = Analyzer::ChineseWords
        .analyze(&text)
        .iter()
        .map(|t| {
            text[t.from..t.to]
                .chars()
                .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
                .count()
        })
        .sum();
    assert_eq!(covered, cjk_count);
}

#[test]
fn offsets_exact_on_unpc_sentences() {
    let zh: Vec<String> = read(UNPC_ZH).lines().take(1000).map(unsegment).collect();
    let en = read(UNPC_EN);
    for line in &zh {
        for analyzer in Analyzer::ALL {
            let tokens = analyzer.analyze(line);
            check_analysis(analyzer, line, &tokens)
                .unwrap_or_else(|err| panic!("{analyzer:?} on {line:?}: {err}"));
        }
    }
    for line in en.lines().take(1000) {
        let tokens = Analyzer::English.analyze(line);
        check_tokens(Analyzer::English, line, &tokens)
            .unwrap_or_else(|err| panic!("on {line:?}: {err}"));
    }
}

#[test]
fn analyze_by_name_matches_the_registered_analyzers() {
    let index = Index::create_in_ram(Schema::builder().build());
    analyzers::register(&index);
    for (name, text) in [
        (ZH_WORDS, PARA_FINANCING),
        (ZH_CHARS, PARA_FINANCING),
        (EN, "Counter-Terrorism Committee's"),
    ] {
        let mut registered = index.tokenizers().get(name).expect("registered");
        let mut stream = registered.token_stream(text);
        let mut from_index = Vec::new();
        while let Some(token) = stream.next() {
            from_index.push(AnalyzedToken {
                text: token.text.clone(),
                from: token.offset_from,
                to: token.offset_to,
                position: token.position,
            });
        }
        assert_eq!(
            analyzers::analyze(name, text).unwrap(),
            from_index,
            "{name}"
        );
    }
    assert!(analyzers::analyze("en_stem", "text").is_err());
}

#[test]
fn phrase_and_term_queries_find_real_paragraphs() {
    let mut schema = Schema::builder();
    let with_positions = |tokenizer: &str| {
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let chars = schema.add_text_field("chars", with_positions(ZH_CHARS));
    let words = schema.add_text_field("words", with_positions(ZH_WORDS));
    let number = schema.add_u64_field("number", STORED);
    let index = Index::create_in_ram(schema.build());
    analyzers::register(&index);
    let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
    for (i, paragraph) in [PARA_BIOMETRICS, PARA_FINANCING, PARA_TITLE]
        .iter()
        .enumerate()
    {
        let mut doc = TantivyDocument::default();
        doc.add_text(chars, paragraph);
        doc.add_text(words, paragraph);
        doc.add_u64(number, i as u64);
        writer.add_document(doc).unwrap();
    }
    writer.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let found = |query: &dyn tantivy::query::Query| -> Vec<u64> {
        let mut numbers: Vec<u64> = searcher
            .search(query, &TopDocs::with_limit(10).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address).unwrap();
                doc.get_first(number).and_then(|v| v.as_u64()).unwrap()
            })
            .collect();
        numbers.sort();
        numbers
    };
    let phrase = |field, text: &str| {
        let terms = analyzers::analyze(ZH_CHARS, text)
            .unwrap()
            .into_iter()
            .map(|t| (t.position, Term::from_field_text(field, &t.text)))
            .collect();
        PhraseQuery::new_with_offset(terms)
    };
    // A word inside a longer dictionary word, matched exactly through characters.
    assert_eq!(found(&phrase(chars, "鉴别技术")), vec![0]);
    assert_eq!(found(&phrase(chars, "安全理事会")), vec![2]);
    // The same characters not adjacent in any paragraph: no match.
    assert_eq!(found(&phrase(chars, "技术鉴别")), Vec::<u64>::new());
    // A phrase spanning clause punctuation matches when the query has the same punctuation…
    assert_eq!(found(&phrase(chars, "勒索、骚扰")), vec![1]);
    // …but not across it when the query has none.
    assert_eq!(found(&phrase(chars, "索骚")), Vec::<u64>::new());
    // A jieba word of a paragraph, as a term of the word field.
    let query_words = analyzers::analyze(ZH_WORDS, "勒索").unwrap();
    assert_eq!(query_words.len(), 1, "{query_words:?}");
    let term = TermQuery::new(
        Term::from_field_text(words, &query_words[0].text),
        IndexRecordOption::Basic,
    );
    assert_eq!(found(&term), vec![1]);
    // A name jieba splits (达 | 伊沙) is found as a phrase of the word field too.
    let words_phrase = analyzers::analyze(ZH_WORDS, "达伊沙")
        .unwrap()
        .into_iter()
        .map(|t| (t.position, Term::from_field_text(words, &t.text)))
        .collect();
    assert_eq!(found(&PhraseQuery::new_with_offset(words_phrase)), vec![1]);
    let term = TermQuery::new(
        Term::from_field_text(words, "恐怖袭击"),
        IndexRecordOption::Basic,
    );
    assert_eq!(found(&term), vec![0]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_unicode_never_panics_and_keeps_invariants(text in "\\PC{0,80}") {
        for analyzer in Analyzer::ALL {
            let tokens = analyzer.analyze(&text);
            prop_assert!(check_analysis(analyzer, &text, &tokens).is_ok(), "{:?}: {:?}", analyzer, check_analysis(analyzer, &text, &tokens));
        }
    }

    #[test]
    fn mixed_script_text_keeps_invariants(text in "[一-龥a-zA-Z0-9 ，。、()/'’\\-ＡＺ０９]{0,60}") {
        for analyzer in Analyzer::ALL {
            let tokens = analyzer.analyze(&text);
            prop_assert!(check_analysis(analyzer, &text, &tokens).is_ok(), "{:?}: {:?}", analyzer, check_analysis(analyzer, &text, &tokens));
        }
    }
}
