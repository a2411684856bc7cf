//! Segmentation of real extractor output (`extract` → `segment`) for English UN PDFs and the
//! Chinese seed. Expected counts were read off the extracted texts (lines opening with "N. ")
//! and checked against the documents' printed numbering.

use undex::extract::extract;
use undex::model::{Document, Lang, ParagraphKind, Symbol};
use undex::segment::segment;

fn segmented(dir: &str, file: &str, lang: Lang) -> Document {
    let bytes = std::fs::read(format!("corpus/{dir}/{file}")).expect("corpus file");
    let text = extract(&bytes, lang).expect("extractable").text;
    segment(&text, &Symbol::from_dir_name(dir).expect("symbol"), lang)
}

/// Top-level paragraph numbers of `part`, in order.
fn numbers(doc: &Document, part: Option<&str>) -> Vec<u32> {
    doc.paragraphs
        .iter()
        .filter(|p| p.part.as_deref() == part)
        .filter_map(|p| p.number.as_deref())
        .filter(|n| !n.contains('('))
        .filter_map(|n| n.parse().ok())
        .collect()
}

fn sub_items(doc: &Document, part: Option<&str>) -> usize {
    doc.paragraphs
        .iter()
        .filter(|p| {
            p.part.as_deref() == part && p.number.as_deref().is_some_and(|n| n.contains('('))
        })
        .count()
}

fn one_to(n: u32) -> Vec<u32> {
    (1..=n).collect()
}

#[test]
fn english_pdf_facts() {
    // (dir, title starts with, date, [(part, last paragraph number, sub-items)])
    type Facts<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a [(Option<&'a str>, u32, usize)],
    );
    let table: &[Facts] = &[
        (
            "S_2025_22",
            "Letter dated 9 January 2025 from the President of the Security Council",
            "2025-01-10",
            &[(None, 0, 0), (Some("annex-1"), 24, 43)],
        ),
        (
            "S_2025_71",
            "Letter dated 6 February 2025 from the President of the Security Council",
            "2025-02-06",
            &[(None, 138, 0)],
        ),
        (
            "S_2025_482",
            "Letter dated 21 July 2025 from the Chair of the Security Council Committee",
            "2025-07-24",
            &[
                (None, 138, 0),
                (Some("annex-1"), 7, 0),
                (Some("annex-2"), 18, 0),
            ],
        ),
        (
            "S_2025_496",
            "Twenty-first report of the Secretary-General on the threat posed by ISIL",
            "2025-08-01",
            &[(None, 70, 0)],
        ),
        (
            "S_RES_2768(2025)",
            "Resolution 2768 (2025)",
            "2025-01-15",
            &[(None, 6, 0)],
        ),
        (
            "A_RES_78_323",
            "78/323. International Day of Women and Girls of African Descent",
            "2024-08-14",
            &[(None, 5, 0)],
        ),
    ];
    for (dir, title, date, parts) in table {
        let doc = segmented(dir, "en.pdf", Lang::En);
        assert!(doc.title.starts_with(title), "{dir}: {}", doc.title);
        assert_eq!(doc.date.as_deref(), Some(*date), "{dir}");
        for (part, last, subs) in *parts {
            assert_eq!(numbers(&doc, *part), one_to(*last), "{dir} {part:?}");
            assert_eq!(sub_items(&doc, *part), *subs, "{dir} {part:?}");
        }
        for (i, p) in doc.paragraphs.iter().enumerate() {
            assert_eq!(p.seq, i);
            // A/RES/78/323's running header "International Day of … A/RES/78/323".
            assert!(
                !p.text.ends_with(doc.symbol.as_str()),
                "{dir} seq {i}: {}",
                p.text
            );
            assert!(!p.text.trim().is_empty(), "{dir} seq {i}");
            for masthead in ["Distr.: General", "Original: English"] {
                assert!(!p.text.contains(masthead), "{dir} seq {i}: {}", p.text);
            }
        }
    }
}

#[test]
fn numbered_subheadings_are_headings() {
    // S/2025/496 section III.A prints sub-headings "1. Repatriation efforts", "2. …", "3. …"
    // between paragraphs 20 and 31: they must not take paragraph numbers 1-3.
    let doc = segmented("S_2025_496", "en.pdf", Lang::En);
    let heading = doc
        .paragraphs
        .iter()
        .find(|p| p.text == "1. Repatriation efforts")
        .expect("sub-heading");
    assert_eq!(
        (heading.kind, heading.number.as_deref()),
        (ParagraphKind::Heading, None)
    );
    let p21 = doc
        .paragraphs
        .iter()
        .find(|p| p.number.as_deref() == Some("21"))
        .expect("¶21");
    assert_eq!(p21.heading(), Some("1. Repatriation efforts"));
}

#[test]
fn resolution_sub_paragraphs_are_addressable() {
    // S/2025/22 annex: "18. In their efforts … States could consider:" + "(a) Conducting …".
    let doc = segmented("S_2025_22", "en.pdf", Lang::En);
    let item = doc
        .paragraphs
        .iter()
        .find(|p| p.part.as_deref() == Some("annex-1") && p.number.as_deref() == Some("18(a)"))
        .expect("18(a)");
    assert!(
        item.text
            .starts_with("Conducting regular, inclusive and evidence-based"),
        "{}",
        item.text
    );
}

#[test]
fn chinese_seed_through_extract() {
    let doc = segmented("S_2022_529", "zh.txt", Lang::Zh);
    assert_eq!(numbers(&doc, Some("annex-1")), one_to(86));
    assert_eq!(numbers(&doc, Some("annex-2")), one_to(12));
    for n in 1..=4 {
        let part = format!("enclosure-{n}");
        let rows = doc
            .paragraphs
            .iter()
            .filter(|p| p.part.as_deref() == Some(part.as_str()) && p.kind == ParagraphKind::Table)
            .count();
        assert!(rows >= 8, "{part}: {rows}");
    }
    let text_of = |part: &str, number: &str| {
        doc.paragraphs
            .iter()
            .find(|p| p.part.as_deref() == Some(part) && p.number.as_deref() == Some(number))
            .map(|p| p.text.clone())
            .unwrap_or_default()
    };
    assert!(text_of("annex-1", "5").contains("外国恐怖主义作战人员回返和迁移"));
    assert!(text_of("annex-1", "49").contains("生物鉴别技术"));
    assert!(text_of("annex-2", "6(c)(i)").starts_with("扩大委员会和执行局活动的范围"));
    assert_eq!(doc.date.as_deref(), Some("2022-06-30"));
}
