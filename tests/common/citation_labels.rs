//! The label encoding of the citation tests (`tests/fixtures/cite/table.tsv`, `labels/`,
//! `independent/`): `SYMBOL[#part][p1,p2,…]`, `[]` for a whole document, and the
//! (document, paragraph) pairs that precision and recall are counted over.

use std::collections::HashMap;

/// "S/RES/2395(2017)[17,18]", "S/2021/278#annex-1[]".
pub fn encode(c: &undex::Citation) -> String {
    let mut s = c.symbol.to_string();
    if let Some(p) = &c.part {
        s.push('#');
        s.push_str(p);
    }
    format!("{s}[{}]", c.paragraphs.join(","))
}

/// The (document, paragraph) pairs of encoded citations, with multiplicity; a whole-document
/// citation is one pair with an empty paragraph. Blank entries are skipped.
pub fn pairs<'a>(encoded: impl IntoIterator<Item = &'a str>) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for e in encoded {
        let e = e.trim();
        if e.is_empty() {
            continue;
        }
        let (doc, rest) = e.split_once('[').unwrap_or((e, "]"));
        let paras = rest.trim_end_matches(']');
        let list: Vec<&str> = if paras.is_empty() {
            vec![""]
        } else {
            paras.split(',').map(str::trim).collect()
        };
        for p in list {
            *out.entry((doc.trim().to_string(), p.to_string()))
                .or_insert(0) += 1;
        }
    }
    out
}
