//! Keys that address parts and paragraphs: part keys (`annex-1`, `appendix-2`,
//! `enclosure-1`), given by segmentation and named by citations, and the term keys the index
//! stores and the query looks up (`S/RES/2395(2017)#17`, `S/2022/529#annex-1#5`).

/// The kind of a document part other than the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartKind {
    /// 附件 / Annex.
    Annex,
    /// 附录 / Appendix.
    Appendix,
    /// 附文 / Enclosure (the UN's Chinese term; the citation grammar reads it the same way).
    Enclosure,
}

impl PartKind {
    /// The prefix of the part key (`annex`, `appendix`, `enclosure`).
    pub fn key_prefix(self) -> &'static str {
        match self {
            PartKind::Annex => "annex",
            PartKind::Appendix => "appendix",
            PartKind::Enclosure => "enclosure",
        }
    }

    /// The key of the `n`-th part of this kind: `annex-2`, `appendix-1`.
    pub fn key(self, n: u32) -> String {
        format!("{}-{n}", self.key_prefix())
    }
}

/// The term key of paragraph `paragraph` ("17", "6(c)") of the document `symbol`, whatever
/// part it is in: `S/RES/2395(2017)#17`. Citations name paragraphs this way.
pub fn paragraph_key(symbol: &str, paragraph: &str) -> String {
    format!("{symbol}#{paragraph}")
}

/// The term key of paragraph `number` in part `part` (`None`: the body) of `symbol`:
/// `S/2022/529#annex-1#5`, `S/RES/2395(2017)##17`.
pub fn part_paragraph_key(symbol: &str, part: Option<&str>, number: &str) -> String {
    format!("{symbol}#{}#{number}", part.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(PartKind::Annex.key(1), "annex-1");
        assert_eq!(PartKind::Appendix.key(2), "appendix-2");
        assert_eq!(PartKind::Enclosure.key(1), "enclosure-1");
        assert_eq!(
            paragraph_key("S/RES/2395(2017)", "17"),
            "S/RES/2395(2017)#17"
        );
        assert_eq!(
            paragraph_key("S/RES/2462(2019)", "6(c)"),
            "S/RES/2462(2019)#6(c)"
        );
        assert_eq!(
            part_paragraph_key("S/2022/529", Some("annex-1"), "5"),
            "S/2022/529#annex-1#5"
        );
        assert_eq!(
            part_paragraph_key("S/RES/2395(2017)", None, "17"),
            "S/RES/2395(2017)##17"
        );
    }
}
