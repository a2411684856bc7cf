//! Property tests: `segment` never panics, numbers paragraphs in order and never emits an
//! empty paragraph, whatever the text (random Unicode, and random lines built from real marker
//! shapes so the numbering paths are exercised).

use proptest::prelude::*;
use undex::model::{Lang, Symbol};
use undex::segment::segment;

fn check(text: &str, lang: Lang) {
    let symbol = Symbol::parse("S/2022/529").expect("symbol");
    let doc = segment(text, &symbol, lang);
    for (i, p) in doc.paragraphs.iter().enumerate() {
        assert_eq!(p.seq, i);
        assert!(
            !p.text.trim().is_empty(),
            "empty paragraph {i} from {text:?}"
        );
        if let Some(number) = &p.number {
            assert!(!number.is_empty() && !number.ends_with('.'), "{number:?}");
        }
    }
    assert!(!doc.title.is_empty());
}

/// Line openings seen in real UN text (and a few broken ones).
fn line_strategy() -> impl Strategy<Value = String> {
    let openings = prop::sample::select(vec![
        "1. ",
        "12.",
        "2.5 ",
        "(a) ",
        "(i) ",
        "(h) ",
        "(ii) ",
        "㈠ ",
        "(一) ",
        "一. ",
        "十三. ",
        "I. ",
        "A. ",
        "附件一",
        "附文二",
        "Annex",
        "Annex II",
        "Enclosure",
        "United Nations",
        "S/2022/529",
        "14 January 2025",
        "Resolution 2768 (2025)",
        "of 4 May 1965",
        "[S/3538]",
        "4, ",
        "",
        " ",
        "\u{3000}",
        "https://undocs.org/x",
        "*2500687*",
        "(",
        "（",
    ]);
    (
        openings,
        "\\PC{0,30}",
        prop::sample::select(vec!["", "。", "：", ";", ":", "."]),
    )
        .prop_map(|(open, body, end)| format!("{open}{body}{end}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_text(text in "(\\PC|\n|\r){0,400}") {
        check(&text, Lang::En);
        check(&text, Lang::Zh);
    }

    #[test]
    fn never_panics_on_marker_shaped_lines(lines in prop::collection::vec(line_strategy(), 0..40)) {
        let text = lines.join("\n");
        check(&text, Lang::En);
        check(&text, Lang::Zh);
    }
}
