//! Character classes shared by every stage: Chinese ideographs, text written without spaces
//! (ideographs, CJK punctuation, full-width forms), and the punctuation that ends a sentence
//! or a clause. Defined once here; extract, segment, the analyzers and the query use these.

/// A CJK ideograph (汉字): the Unified Ideographs block and its extensions A–I, the
/// compatibility ideographs, and 〇 (U+3007, the ideographic zero of dates like 二〇一七年).
/// Not punctuation, not full-width Latin letters, not kana or hangul.
#[inline]
pub fn is_han(c: char) -> bool {
    // The common block first and alone: Chinese text is almost all in it (the analyzers call
    // this on every character).
    matches!(c, '\u{4E00}'..='\u{9FFF}') || is_rare_han(c)
}

#[inline(never)]
fn is_rare_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'   // extension A
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{20000}'..='\u{2A6DF}' // extension B
        | '\u{2A700}'..='\u{2EE5F}' // extensions C–F and I
        | '\u{2F800}'..='\u{2FA1F}' // compatibility supplement
        | '\u{30000}'..='\u{323AF}' // extensions G and H
    )
}

/// Text written without spaces between characters: an ideograph ([`is_han`]), CJK symbols
/// and punctuation (、。《》「」〇, U+3000–303F), enclosed CJK numerals (㈠, U+3200–32FF) or a
/// full-width form (，；（）Ａ２, U+FF00–FFEF). Line joins and Chinese line detection use it.
#[inline]
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c,
            '\u{3000}'..='\u{303F}' | '\u{3200}'..='\u{32FF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Marks that end a sentence, Chinese or English.
const SENTENCE_END: [char; 10] = ['.', ';', ':', '!', '?', '。', '；', '：', '！', '？'];

/// Marks that end a clause inside a sentence.
const CLAUSE_END: [char; 4] = [',', '，', '、', '…'];

/// Closing quotes, brackets and footnote stars that may follow the final mark ("…end.”",
/// "(…).)", "…end.*").
const CLOSERS: [char; 11] = ['”', '’', '"', '\'', ')', '）', '」', '』', '»', '》', '*'];

fn last_mark(line: &str) -> Option<char> {
    line.trim_end()
        .trim_end_matches(CLOSERS)
        .trim_end()
        .chars()
        .next_back()
}

/// Does the line end a sentence: a full stop, semicolon, colon, exclamation or question
/// mark (Chinese or English), possibly followed by closing quotes or brackets?
pub fn ends_sentence(line: &str) -> bool {
    last_mark(line).is_some_and(|c| SENTENCE_END.contains(&c))
}

/// Does the line end a sentence or a clause ([`ends_sentence`], or a comma, 、 or …)? A line
/// that does is running text, not a heading or title.
pub fn ends_clause(line: &str) -> bool {
    last_mark(line).is_some_and(|c| SENTENCE_END.contains(&c) || CLAUSE_END.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_classes_on_real_characters() {
        // (character, where it comes from, is_han, is_cjk)
        let table: &[(char, &str, bool, bool)] = &[
            ('恐', "恐怖主义", true, true),
            ('〇', "二〇一七年", true, true),
            ('㐀', "extension A", true, true),
            ('豈', "compatibility ideograph U+F900", true, true),
            ('𠀀', "extension B U+20000", true, true),
            ('𪜀', "extension C U+2A700", true, true),
            ('𮯠', "extension F U+2EBE0", true, true),
            ('\u{2EBF0}', "extension I U+2EBF0", true, true),
            ('\u{2F800}', "compatibility supplement U+2F800", true, true),
            ('𰀀', "extension G U+30000", true, true),
            ('。', "full stop", false, true),
            ('、', "enumeration comma", false, true),
            ('《', "book title mark", false, true),
            ('\u{3000}', "ideographic space", false, true),
            ('㈠', "sub-item number ㈠", false, true),
            ('，', "full-width comma", false, true),
            ('（', "full-width bracket", false, true),
            ('Ａ', "full-width A", false, true),
            ('２', "full-width 2", false, true),
            ('a', "Latin", false, false),
            ('é', "Latin-1", false, false),
            ('—', "em dash (English text too)", false, false),
            ('“', "quotation mark (English text too)", false, false),
            ('д', "Cyrillic", false, false),
            ('ア', "katakana", false, false),
            ('한', "hangul", false, false),
            ('\u{2EE60}', "unassigned after extension I", false, false),
        ];
        for &(c, what, han, cjk) in table {
            assert_eq!(is_han(c), han, "is_han {c} ({what})");
            assert_eq!(is_cjk(c), cjk, "is_cjk {c} ({what})");
        }
    }

    #[test]
    fn sentence_and_clause_ends() {
        // (line, ends_sentence, ends_clause)
        let table: &[(&str, bool, bool)] = &[
            ("condemns terrorism in all its forms.", true, true),
            ("决定继续积极处理此案。", true, true),
            ("Calls upon all States:", true, true),
            ("“…in its resolution 2178 (2014).”", true, true),
            ("(see para. 5.)", true, true),
            ("…所述事项；", true, true),
            ("Reaffirming its resolutions 1373 (2001),", false, true),
            ("包括外国恐怖主义作战人员、", false, true),
            ("Annex", false, false),
            ("MILITARY STAFF COMMITTEE", false, false),
            ("附件一", false, false),
            ("Annex (continued)", false, false),
            ("", false, false),
        ];
        for &(line, sentence, clause) in table {
            assert_eq!(ends_sentence(line), sentence, "ends_sentence {line:?}");
            assert_eq!(ends_clause(line), clause, "ends_clause {line:?}");
        }
    }
}
