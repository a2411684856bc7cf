//! Part markers: the lines that open an annex, appendix or enclosure ("附件一", "附文二",
//! "Annex II", "Annex", "Appendix I", "Enclosure") and the part keys they give
//! (`annex-1`, `appendix-2`, `enclosure-2`). The UN's Chinese terms: 附件 annex, 附文 enclosure,
//! 附录 appendix, the same words the citation grammar reads, so a cited part resolves.

use super::numbering::chinese_numeral_value;

pub use crate::model::PartKind;

/// A part marker line: its kind and its printed number, when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartMarker {
    /// Annex, appendix or enclosure.
    pub kind: PartKind,
    /// The printed ordinal ("Annex II" → 2, "附文三" → 3), `None` for a bare "Annex".
    pub ordinal: Option<u32>,
}

/// Recognizes a line that is only a part marker. Lines that merely mention an annex
/// ("(见附件一)", "Annex to the letter dated …") are not markers.
pub fn parse_part_marker(line: &str) -> Option<PartMarker> {
    let line = line.trim();
    if line.chars().count() > 16 {
        return None;
    }
    for (prefix, kind) in [
        ("附件", PartKind::Annex),
        ("附文", PartKind::Enclosure),
        ("附录", PartKind::Appendix),
    ] {
        if let Some(rest) = line.strip_prefix(prefix) {
            let rest = rest.trim();
            if rest.is_empty() {
                return Some(PartMarker {
                    kind,
                    ordinal: None,
                });
            }
            let ordinal = chinese_numeral_value(rest).or_else(|| parse_ordinal(rest))?;
            return Some(PartMarker {
                kind,
                ordinal: Some(ordinal),
            });
        }
    }
    let mut words = line.split_whitespace();
    let word = words.next()?;
    let kind = match word.to_ascii_lowercase().as_str() {
        "annex" => PartKind::Annex,
        "appendix" => PartKind::Appendix,
        "enclosure" => PartKind::Enclosure,
        _ => return None,
    };
    // "ANNEX" and "Annex" are markers; "annex" in lower case is running text.
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let ordinal = match (words.next(), words.next()) {
        (None, _) => None,
        (Some(n), None) => Some(parse_ordinal(n.trim_end_matches(['.', '*']))?),
        _ => return None,
    };
    Some(PartMarker { kind, ordinal })
}

/// "II" → 2, "iv" → 4, "3" → 3, "A" → 1 (lettered annexes count from A).
fn parse_ordinal(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return (1..1000).contains(&n).then_some(n);
    }
    let lower = s.to_ascii_lowercase();
    if let Some(n) = super::numbering::item_roman_value(&lower) {
        return Some(n);
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_uppercase() => Some(c as u32 - 'A' as u32 + 1),
        _ => None,
    }
}

/// Gives part keys to markers in document order: a printed ordinal is used as is; a bare
/// marker takes the next free ordinal of its kind ("Annex" alone → `annex-1`). A document can
/// print the same ordinal twice (a letter's bare "Annex" holding a report whose own annexes are
/// "Annex I", "Annex II"): keys never repeat, so the later series is shifted past the keys
/// already given (`annex-2`, `annex-3`).
#[derive(Debug, Default)]
pub struct PartNumbering {
    last: std::collections::HashMap<&'static str, u32>,
    offset: std::collections::HashMap<&'static str, u32>,
    used: std::collections::HashSet<(&'static str, u32)>,
}

impl PartNumbering {
    /// The key of the part `marker` opens (`annex-2`, `appendix-1`, …).
    pub fn key_for(&mut self, marker: &PartMarker) -> String {
        let prefix = marker.kind.key_prefix();
        let last = self.last.get(prefix).copied().unwrap_or(0);
        let n = match marker.ordinal {
            None => last + 1,
            Some(ordinal) => {
                let mut n = ordinal + self.offset.get(prefix).copied().unwrap_or(0);
                if self.used.contains(&(prefix, n)) {
                    self.offset.insert(prefix, last);
                    n = ordinal + last;
                }
                n
            }
        };
        self.used.insert((prefix, n));
        self.last.insert(prefix, n.max(last));
        marker.kind.key(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_markers_table() {
        use PartKind::*;
        type Expected = Option<(PartKind, Option<u32>)>;
        let table: &[(&str, Expected)] = &[
            ("附件一", Some((Annex, Some(1)))),
            (" 附件二 ", Some((Annex, Some(2)))),
            ("附文四", Some((Enclosure, Some(4)))),
            ("附录二", Some((Appendix, Some(2)))),
            ("附件", Some((Annex, None))),
            ("Annex", Some((Annex, None))),
            ("Annex II", Some((Annex, Some(2)))),
            ("ANNEX III", Some((Annex, Some(3)))),
            ("Appendix I", Some((Appendix, Some(1)))),
            ("Enclosure", Some((Enclosure, None))),
            ("Annex 2", Some((Annex, Some(2)))),
            ("(见附件一)", None),
            ("附件一所列的清单", None),
            ("Annex to the letter dated 10 January 2025", None),
            ("annex", None),
            ("Annexes", None),
        ];
        for (line, want) in table {
            let got = parse_part_marker(line).map(|m| (m.kind, m.ordinal));
            assert_eq!(&got, want, "{line}");
        }
    }

    #[test]
    fn bare_markers_count_up() {
        let mut numbering = PartNumbering::default();
        let bare = PartMarker {
            kind: PartKind::Annex,
            ordinal: None,
        };
        let appendix_two = PartMarker {
            kind: PartKind::Appendix,
            ordinal: Some(2),
        };
        assert_eq!(numbering.key_for(&bare), "annex-1");
        assert_eq!(numbering.key_for(&appendix_two), "appendix-2");
        assert_eq!(numbering.key_for(&bare), "annex-2");
    }

    #[test]
    fn repeated_ordinals_never_share_a_key() {
        let annex = |ordinal| PartMarker {
            kind: PartKind::Annex,
            ordinal,
        };
        let mut numbering = PartNumbering::default();
        // A letter's "Annex" (the report), then the report's "Annex I" and "Annex II".
        let keys: Vec<String> = [None, Some(1), Some(2)]
            .into_iter()
            .map(|o| numbering.key_for(&annex(o)))
            .collect();
        assert_eq!(keys, ["annex-1", "annex-2", "annex-3"]);
        // The S/2022/529 pattern: 附件一, 附文一…四, 附件二.
        let mut numbering = PartNumbering::default();
        let enclosure = |n| PartMarker {
            kind: PartKind::Enclosure,
            ordinal: Some(n),
        };
        assert_eq!(numbering.key_for(&annex(Some(1))), "annex-1");
        for n in 1..=4 {
            assert_eq!(numbering.key_for(&enclosure(n)), format!("enclosure-{n}"));
        }
        assert_eq!(numbering.key_for(&annex(Some(2))), "annex-2");
    }
}
