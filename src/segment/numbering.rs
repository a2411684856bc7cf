//! Printed paragraph markers at the start of a line: "12." (numbered paragraph), "(a)" (letter
//! item), "(i)" / "㈠" / "(一)" (roman-level item), "I." / "一." / "一、" (section heading
//! numerals) and "A." (lettered sub-heading). Also the numeral helpers they need (Chinese and
//! roman numerals).

use crate::model::chars::is_cjk;
pub use crate::model::numerals::chinese_numeral_value;
use crate::model::numerals::{chinese_numeral_prefix, roman_value, to_roman};

/// What kind of printed marker opens a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// "12. text": a numbered paragraph; holds the digits ("12").
    Arabic(String),
    /// "(a) text" or "（a）text": a letter item; holds the lower-case letters ("a", "aa").
    /// Letters made only of i, v, x, l may also be roman items: the caller decides from context.
    Letter(String),
    /// "㈠ text", "(一) text", "（一）text": a roman-level item; holds the roman form ("i").
    ChineseItem(String),
    /// "I. Introduction": a roman section number; holds "I".
    SectionRoman(String),
    /// "A. Financing of terrorism": a lettered sub-section; holds "A".
    SectionLetter(String),
    /// "一. 导言", "二、…": a Chinese section number; holds the numeral ("一").
    SectionChinese(String),
}

/// Splits `line` into its leading marker and the text after it. Returns `None` when the line
/// does not open with a marker, or when nothing but the marker is on the line and the marker
/// cannot stand alone (only "12." may stand alone: its text may follow on the next line).
pub fn split_marker(line: &str) -> Option<(Marker, &str)> {
    let first = line.chars().next()?;
    if first.is_ascii_digit() {
        return split_arabic(line);
    }
    if first == '(' || first == '（' {
        return split_parenthesized(line);
    }
    if ('\u{3220}'..='\u{3229}').contains(&first) {
        // ㈠ … ㈩: parenthesized ideographs one to ten.
        let n = first as u32 - 0x3220 + 1;
        let rest = line[first.len_utf8()..].trim_start();
        return (!rest.is_empty()).then(|| (Marker::ChineseItem(to_roman_lower(n)), rest));
    }
    if chinese_numeral_value(&first.to_string()).is_some() {
        return split_chinese_section(line);
    }
    if first.is_ascii_uppercase() {
        return split_section_latin(line);
    }
    None
}

/// "12. text" (also "12．text" and "12.text" in Chinese): up to three digits then a period that
/// is not a decimal point.
fn split_arabic(line: &str) -> Option<(Marker, &str)> {
    let digits_end = line
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(line.len(), |(i, _)| i);
    if digits_end == 0 || digits_end > 3 {
        return None;
    }
    let after = &line[digits_end..];
    let dot = after.chars().next()?;
    if dot != '.' && dot != '．' {
        return None;
    }
    let rest = &after[dot.len_utf8()..];
    if rest.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None; // "2.5 million"
    }
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) && !starts_with_cjk(rest) {
        return None; // "3.Something" in English is not a paragraph number
    }
    let digits = line[..digits_end].trim_start_matches('0');
    if digits.is_empty() {
        return None; // "0." is never a paragraph number
    }
    Some((Marker::Arabic(digits.to_string()), rest.trim_start()))
}

/// "(a) text", "(ii) text", "(一) text" with ASCII or full-width brackets.
fn split_parenthesized(line: &str) -> Option<(Marker, &str)> {
    let open = line.chars().next()?;
    let inner_start = open.len_utf8();
    let (close_rel, close) = line[inner_start..]
        .char_indices()
        .take(6)
        .find(|(_, c)| *c == ')' || *c == '）')?;
    let inner = &line[inner_start..inner_start + close_rel];
    let rest = line[inner_start + close_rel + close.len_utf8()..].trim_start();
    if rest.is_empty() || inner.is_empty() {
        return None;
    }
    if inner.len() <= 4 && inner.chars().all(|c| c.is_ascii_lowercase()) {
        // "(aa)" exists; "(abcd)" does not, but roman "(viii)" is four letters.
        let letters_ok = inner.len() <= 2 || is_roman_lower(inner);
        return letters_ok.then(|| (Marker::Letter(inner.to_string()), rest));
    }
    let n = chinese_numeral_value(inner)?;
    Some((Marker::ChineseItem(to_roman_lower(n)), rest))
}

/// "一. 导言", "二、…", "十三. …".
fn split_chinese_section(line: &str) -> Option<(Marker, &str)> {
    let (_, end) = chinese_numeral_prefix(line)?;
    let numeral = &line[..end];
    let after = &line[end..];
    let sep = after.chars().next()?;
    if !matches!(sep, '.' | '．' | '、') {
        return None;
    }
    let rest = after[sep.len_utf8()..].trim_start();
    (!rest.is_empty()).then(|| (Marker::SectionChinese(numeral.to_string()), rest))
}

/// "IV. Title" and "A. Title": an upper-case roman numeral or a single capital, a period, a
/// space.
fn split_section_latin(line: &str) -> Option<(Marker, &str)> {
    let end = line.find('.')?;
    let head = &line[..end];
    let rest = &line[end + 1..];
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    if rest.is_empty() {
        return None;
    }
    if head.len() == 1 && head.chars().all(|c| c.is_ascii_uppercase()) {
        // "I." and "V." are roman numerals as often as letters; both are section headings.
        return Some((Marker::SectionLetter(head.to_string()), rest));
    }
    if !head.is_empty()
        && head.len() <= 6
        && head.chars().all(|c| c.is_ascii_uppercase())
        && is_roman_lower(&head.to_ascii_lowercase())
    {
        return Some((Marker::SectionRoman(head.to_string()), rest));
    }
    None
}

fn starts_with_cjk(s: &str) -> bool {
    s.chars().next().is_some_and(is_cjk)
}

/// Whether `s` is a lower-case roman numeral from i to xxxix.
pub fn is_roman_lower(s: &str) -> bool {
    item_roman_value(s).is_some_and(|n| to_roman_lower(n) == s)
}

/// Sub-items are numbered from i to xxxix: above that "(l)" or "(xl)" is a letter item.
const MAX_ITEM_ROMAN: u32 = 39;

/// Value of a lower-case roman numeral from i to xxxix ([`MAX_ITEM_ROMAN`]); `None` otherwise.
pub fn item_roman_value(s: &str) -> Option<u32> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    roman_value(s).filter(|&n| n <= MAX_ITEM_ROMAN)
}

/// Lower-case roman numeral for 1..=39 ("i", "iv", "xiv"); other values print in decimal.
pub fn to_roman_lower(n: u32) -> String {
    if n > MAX_ITEM_ROMAN {
        return n.to_string();
    }
    to_roman(n).to_ascii_lowercase()
}

/// The roman numeral that follows `s` ("iii" → "iv"), if `s` is one.
pub fn next_roman(s: &str) -> Option<String> {
    item_roman_value(s).map(|n| to_roman_lower(n + 1))
}

/// The last inline letter item "(c)" of a text that announces a list (ends with a colon), e.g.
/// "…；(c) 提高委员会和执行局工作的可及性和透明度：" → "c". Items ㈠/(i) printed on the next lines
/// belong to that letter.
pub fn trailing_inline_letter(text: &str) -> Option<String> {
    let trimmed = text.trim_end();
    if !(trimmed.ends_with(':') || trimmed.ends_with('：')) {
        return None;
    }
    let mut best: Option<(usize, String)> = None;
    for (i, c) in trimmed.char_indices() {
        if c != '(' && c != '（' {
            continue;
        }
        let after = &trimmed[i + c.len_utf8()..];
        let mut chars = after.chars();
        let (Some(letter), Some(close)) = (chars.next(), chars.next()) else {
            continue;
        };
        if letter.is_ascii_lowercase() && (close == ')' || close == '）') {
            best = Some((i, letter.to_string()));
        }
    }
    best.map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_table() {
        let table: &[(&str, Option<(Marker, &str)>)] = &[
            (
                "12. Decides that",
                Some((Marker::Arabic("12".into()), "Decides that")),
            ),
            (
                "1. 安全理事会",
                Some((Marker::Arabic("1".into()), "安全理事会")),
            ),
            (
                "5.外国恐怖主义",
                Some((Marker::Arabic("5".into()), "外国恐怖主义")),
            ),
            ("2.5 million people", None),
            ("2018 年", None),
            ("1234. x", None),
            (
                "(a) 反恐怖主义办公室",
                Some((Marker::Letter("a".into()), "反恐怖主义办公室")),
            ),
            ("（b）确保", Some((Marker::Letter("b".into()), "确保"))),
            (
                "(iv) Expanding",
                Some((Marker::Letter("iv".into()), "Expanding")),
            ),
            ("(see annex) x", None),
            (
                "㈠ 扩大委员会",
                Some((Marker::ChineseItem("i".into()), "扩大委员会")),
            ),
            ("㈤ 考虑", Some((Marker::ChineseItem("v".into()), "考虑"))),
            (
                "(三) 加强",
                Some((Marker::ChineseItem("iii".into()), "加强")),
            ),
            (
                "一. 导言",
                Some((Marker::SectionChinese("一".into()), "导言")),
            ),
            (
                "十三. 执行局的组织和运作",
                Some((Marker::SectionChinese("十三".into()), "执行局的组织和运作")),
            ),
            (
                "二、概览",
                Some((Marker::SectionChinese("二".into()), "概览")),
            ),
            ("一些国家", None),
            (
                "IV. Promoting",
                Some((Marker::SectionRoman("IV".into()), "Promoting")),
            ),
            (
                "A. Financing of terrorism",
                Some((Marker::SectionLetter("A".into()), "Financing of terrorism")),
            ),
            ("U.S. policy", None),
            ("Annex", None),
        ];
        for (line, want) in table {
            assert_eq!(&split_marker(line), want, "{line}");
        }
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral_value("十三"), Some(13));
        assert_eq!(chinese_numeral_value("二十"), Some(20));
        assert_eq!(chinese_numeral_value("二十一"), Some(21));
        assert_eq!(chinese_numeral_value("十十"), None);
        assert_eq!(item_roman_value("xiv"), Some(14));
        assert_eq!(item_roman_value("l"), None);
        assert!(is_roman_lower("viii"));
        assert!(!is_roman_lower("iiii"));
        assert!(!is_roman_lower("ab"));
        assert_eq!(next_roman("iii").as_deref(), Some("iv"));
        assert_eq!(to_roman_lower(39), "xxxix");
    }

    #[test]
    fn inline_letters() {
        // S/2022/529 annex II ¶6 (zh): the ㈠ items that follow belong to its inline (c).
        let text = "为了加强执行局的监测作用，执行主任提议采取以下措施：(a) 在执行局代表委员会进行评估访问之前；(b) 确保及时高效地落实；(c) 提高委员会和执行局工作的可及性和透明度：";
        assert_eq!(trailing_inline_letter(text).as_deref(), Some("c"));
        assert_eq!(trailing_inline_letter("(a) x; (b) y."), None);
        assert_eq!(trailing_inline_letter("Decides that:"), None);
    }
}
