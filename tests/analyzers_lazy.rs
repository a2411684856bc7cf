//! jieba's dictionary is loaded only when Chinese text is analysed by words: English-only
//! analysis (indexing or queries) never pays for it. The check runs in a fresh process (this
//! test binary run again for this one test), so no other test can have loaded the dictionary
//! first.

use std::process::Command;
use undex::index::analyzers::{self, Analyzer};

/// Set in the child process, which runs the check itself.
const IN_FRESH_PROCESS: &str = "UNDEX_ANALYZERS_LAZY_CHILD";

#[test]
fn dictionary_loads_only_for_chinese_words() {
    if std::env::var_os(IN_FRESH_PROCESS).is_some() {
        check_dictionary_loads_only_for_chinese_words();
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "analyzers_lazy::dictionary_loads_only_for_chinese_words",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(IN_FRESH_PROCESS, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "the check failed in its own process:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn check_dictionary_loads_only_for_chinese_words() {
    // Real text from the UNPC test set (English side) and S/2022/529.
    let english = "The Committee will remain focused on monitoring and promoting the implementation by Member States of resolution 1373 (2001)";
    assert!(!analyzers::jieba_is_loaded(), "loaded before the check");
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
