//! jieba's dictionary is loaded only when Chinese text is analysed by words: English-only
//! analysis (indexing or queries) never pays for it. One test in its own binary, so no other
//! test can have loaded the dictionary first.

use undex::index::analyzers::{self, Analyzer};

#[test]
fn dictionary_loads_only_for_chinese_words() {
    // Real text from the UNPC test set (English side) and S/2022/529.
    let english = "The Committee will remain focused on monitoring and promoting the implementation by Member States of resolution 1373 (2001)";
    for analyzer in Analyzer::ALL {
        assert!(!analyzer.analyze(english).is_empty());
    }
    assert!(!Analyzer::ChineseChars.analyze("生物鉴别技术").is_empty());
    assert!(!Analyzer::English.analyze("生物鉴别技术").is_empty());
    assert!(
        !analyzers::jieba_is_loaded(),
        "English text or non-word analysis loaded jieba"
    );
    assert!(!Analyzer::ChineseWords.analyze("生物鉴别技术").is_empty());
    assert!(analyzers::jieba_is_loaded());
}
