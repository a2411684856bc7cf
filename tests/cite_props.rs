//! Property tests of the citation grammar: on arbitrary Unicode — weighted towards the
//! characters citations are made of (CJK, full-width digits and brackets, "第", "号决议", "段",
//! "S/RES/", "paragraph", line breaks) — it never panics, every span lies on character
//! boundaries inside the input and covers exactly `raw`, spans come in order, and
//! `parse_reference` answers Ok or a BadInput/TooLarge error, never a panic.

use proptest::prelude::*;
use undex::cite::{Citer, find_citations, parse_reference};
use undex::{ErrorKind, Symbol};

/// Fragments that make the grammar work hard when glued together at random.
const PIECES: &[&str] = &[
    "第",
    "号",
    "决议",
    "段",
    "项",
    "、",
    "和",
    "至",
    "，",
    "（",
    "）",
    "(",
    ")",
    " ",
    "\n",
    "\n\n",
    "2395",
    "２３９５",
    "(2017)",
    "（２０１７）",
    "17",
    "6",
    "(c)",
    "(ii)",
    "S/RES/",
    "S/",
    "A/RES/",
    "/",
    "／",
    "2022",
    "529",
    "/Rev.1",
    "-",
    "–",
    "resolution",
    "resolutions",
    "paragraph",
    "paragraphs",
    "para.",
    "paras.",
    "of",
    "and",
    "through",
    "to",
    ",",
    "annex",
    "II",
    "附件",
    "一",
    "特别是其中",
    "该决议",
    "Ibid.",
    "General Assembly",
    "60/288",
    "大会",
    "https://undocs.org/en/",
    "¶",
    "é",
    "𝕏",
    "\u{3000}",
    "\u{feff}",
    "0",
    "9999999999",
];

fn citation_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<String>(),
            1 => "[0-9０-９()（）/ a-zA-Z第号决议段、和]{0,12}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn check_spans(text: &str, found: &[undex::Citation]) {
    let mut last_start = 0;
    for c in found {
        assert!(
            c.span.start < c.span.end && c.span.end <= text.len(),
            "{:?} in {text:?}",
            c.span
        );
        assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
        assert_eq!(&text[c.span.start..c.span.end], c.raw);
        assert!(c.span.start >= last_start, "spans out of order in {text:?}");
        last_start = c.span.start;
        assert!(
            Symbol::parse(c.symbol.as_str()).is_ok(),
            "{} is not canonical",
            c.symbol
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn find_citations_never_panics_and_spans_cover_raw(text in citation_like()) {
        let found = find_citations(&text, None);
        check_spans(&text, &found);
    }

    #[test]
    fn arbitrary_unicode_is_safe(text in any::<String>()) {
        let found = find_citations(&text, None);
        check_spans(&text, &found);
    }

    #[test]
    fn citer_over_paragraphs_is_safe(paras in prop::collection::vec(citation_like(), 0..6)) {
        let mut citer = Citer::new(Symbol::parse("S/2022/529").ok());
        for p in &paras {
            let found = citer.cite(p);
            check_spans(p, &found);
            prop_assert!(found.iter().all(|c| c.symbol.as_str() != "S/2022/529"));
        }
    }

    #[test]
    fn parse_reference_is_ok_or_a_user_error(text in citation_like()) {
        match parse_reference(&text) {
            Ok(found) => {
                prop_assert!(!found.is_empty());
                check_spans(&text, &found);
            }
            Err(e) => prop_assert!(matches!(e.kind(), ErrorKind::BadInput | ErrorKind::TooLarge)),
        }
    }
}
