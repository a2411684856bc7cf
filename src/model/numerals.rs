//! Numerals printed in UN documents: Roman (annex and session numbers "Annex II", "A/RES/XX",
//! sub-items "(iv)") and Chinese (附件一, 第十三段, ㈠ items). One parser each; callers apply
//! their own range (segmentation only takes i–xxxix as sub-item numbers, so "(l)" stays a
//! letter).

/// Roman digits, largest first, with the subtractive pairs, for formatting.
const ROMAN_GLYPHS: [(u32, &str); 7] = [
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
];

/// The largest Roman numeral read or written (LXXXIX): chosen from what is printed, annex
/// numbers and the General Assembly sessions of the old resolution symbols (A/RES/XX) stay
/// below it, and leaving out C keeps "C" (a paragraph letter) from reading as 100.
pub const MAX_ROMAN: u32 = 89;

/// The value of a Roman numeral in canonical form, upper or lower case ("XIV", "xiv" → 14;
/// "IIII", "VX", "IC", "" → `None`), from 1 to [`MAX_ROMAN`].
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let mut total = 0u32;
    let mut prev = 0u32;
    for c in s.chars().rev() {
        let v = match c.to_ascii_uppercase() {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    // The round trip rejects non-canonical spellings ("IIII", "VX", "IC").
    (total > 0 && to_roman(total).eq_ignore_ascii_case(s)).then_some(total)
}

/// The upper-case Roman numeral of `n` (14 → "XIV"); values outside 1..=[`MAX_ROMAN`] print
/// in decimal.
pub fn to_roman(mut n: u32) -> String {
    if n == 0 || n > MAX_ROMAN {
        return n.to_string();
    }
    let mut out = String::new();
    for (value, glyph) in ROMAN_GLYPHS {
        while n >= value {
            out.push_str(glyph);
            n -= value;
        }
    }
    out
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// The value of a whole Chinese numeral from 一 (1) to 九十九 (99): "十三" → 13, "二十" → 20,
/// "二十一" → 21; "十十", "一二", "" → `None`.
pub fn chinese_numeral_value(s: &str) -> Option<u32> {
    let digits: Vec<u32> = s.chars().map(chinese_digit).collect::<Option<_>>()?;
    match digits.as_slice() {
        [d] => Some(*d),
        [10, d] if *d < 10 => Some(10 + d),
        [t, 10] if (2..10).contains(t) => Some(t * 10),
        [t, 10, d] if (2..10).contains(t) && *d < 10 => Some(t * 10 + d),
        _ => None,
    }
}

/// The longest Chinese numeral at the start of `text` and its length in bytes:
/// "二十一段" → (21, 9), "三和四" → (3, 3); `None` when `text` does not start with one.
pub fn chinese_numeral_prefix(text: &str) -> Option<(u32, usize)> {
    let ends: Vec<usize> = text
        .char_indices()
        .take_while(|&(_, c)| chinese_digit(c).is_some())
        .take(3)
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    ends.iter()
        .rev()
        .find_map(|&end| chinese_numeral_value(&text[..end]).map(|v| (v, end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let table: &[(&str, Option<u32>)] = &[
            ("I", Some(1)),
            ("II", Some(2)),
            ("iv", Some(4)),
            ("xiv", Some(14)),
            ("XXIX", Some(29)),
            ("xxxix", Some(39)),
            ("XL", Some(40)),
            ("LXXIX", Some(79)),
            ("LXXXIX", Some(89)),
            ("XC", None),
            ("C", None),
            ("IIII", None),
            ("VX", None),
            ("IC", None),
            ("RES", None),
            ("", None),
            ("l", Some(50)),
        ];
        for &(s, v) in table {
            assert_eq!(roman_value(s), v, "{s}");
        }
        for n in 1..=MAX_ROMAN {
            assert_eq!(roman_value(&to_roman(n)), Some(n));
            assert_eq!(roman_value(&to_roman(n).to_ascii_lowercase()), Some(n));
        }
        assert_eq!(to_roman(0), "0");
        assert_eq!(to_roman(90), "90");
    }

    #[test]
    fn chinese_numerals() {
        let table: &[(&str, Option<u32>)] = &[
            ("一", Some(1)),
            ("十", Some(10)),
            ("十三", Some(13)),
            ("二十", Some(20)),
            ("二十一", Some(21)),
            ("九十九", Some(99)),
            ("十十", None),
            ("一二", None),
            ("一十", None),
            ("", None),
            ("三段", None),
        ];
        for &(s, v) in table {
            assert_eq!(chinese_numeral_value(s), v, "{s}");
        }
        let prefixes: &[(&str, Option<(u32, usize)>)] = &[
            ("二十一段", Some((21, 9))),
            ("三和四", Some((3, 3))),
            ("十一", Some((11, 6))),
            ("一二三", Some((1, 3))),
            ("附件一", None),
            ("", None),
        ];
        for &(s, v) in prefixes {
            assert_eq!(chinese_numeral_prefix(s), v, "{s}");
        }
    }
}
