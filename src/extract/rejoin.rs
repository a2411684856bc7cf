//! Re-joining wrapped lines into logical blocks: where a line break is a wrap (soft) and where
//! it ends a block (hard), and how two pieces are glued — no space between Chinese characters,
//! one space between English words, line-end hyphenation repaired only when it is a wrap,
//! PDF spacing artefacts ("non -binding", doubled spaces) repaired.

use crate::model::Lang;
use crate::model::chars::{ends_sentence, is_cjk, is_han};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// A line that opens a new block whatever precedes it: a numbered paragraph ("12. ", "12."),
/// a sub-paragraph ("(a) ", "(iv) "), a Chinese heading ("一. ", "E. "), an annex or appendix
/// marker, a bullet.
static BLOCK_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:\d{1,3}\.(?:\s|$)",
        r"|\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)(?:\s|$)",
        r"|[一二三四五六七八九十]{1,3}[.、．]",
        r"|[A-Z]\.\s",
        r"|[IVX]{1,5}\.\s",
        r"|[㈠-㈩⑴-⒇①-⑳]",
        r"|（[一二三四五六七八九十]{1,3}）",
        r"|附件|附文|附录|附表",
        r"|(?:Annex|Appendix|Enclosure)(?:\s+[IVX\d]+)?\s*$",
        r"|[•▪●◦■–—]\s)"
    ))
    .expect("valid regex")
});

/// A printed paragraph number standing alone on its line ("12.").
static NUMBER_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}\.|\((?:[a-z]|[ivx]{1,5}|\d{1,2})\))$").expect("valid regex")
});

/// Words that end a line before a number that is a reference, not a paragraph number.
static REFERENCE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:paragraphs?|paras?\.|resolutions?|and|or|to|of|see|第|至|和|、)\s*$")
        .expect("valid regex")
});

/// Prefixes after which a line-end hyphen is a real hyphen ("counter-\nterrorism").
const HYPHEN_PREFIXES: &[&str] = &[
    "counter",
    "non",
    "anti",
    "self",
    "cross",
    "multi",
    "co",
    "pre",
    "post",
    "inter",
    "cyber",
    "well",
    "long",
    "short",
    "high",
    "low",
    "follow",
    "capacity",
    "state",
    "decision",
    "law",
    "extra",
    "semi",
    "sub",
    "ex",
    "vice",
    "all",
    "re",
    "intra",
    "socio",
    "peace",
    "fact",
    "human",
    "gender",
    "rights",
    "terrorist",
    "risk",
    "so",
    "ad",
    "un",
    "cost",
    "time",
    "end",
];
/// Word endings that never stand alone: a line starting with one after a hyphen is a wrap
/// ("interna-\ntional").
const SUFFIX_FRAGMENTS: &[&str] = &[
    "tion", "tions", "tional", "sion", "sions", "ment", "ments", "ness", "ity", "ities", "ance",
    "ances", "ence", "ences", "ous", "ive", "ives", "able", "ible", "ated", "ation", "ations",
    "ing", "ings", "ally", "ical", "ism", "isms", "ist", "ists", "ized", "ised", "ize", "ise",
    "ful", "less", "ship", "ural", "ular", "ures", "ture", "tures", "ted", "ly", "ary", "ory",
    "ies", "cy", "ogy", "ential", "ency", "ancy",
];

/// Written without spaces around it when lines are joined: CJK text ([`is_cjk`]), and the
/// dashes, ellipses and curly quotes that Chinese text shares with English.
fn joins_without_space(c: char) -> bool {
    is_cjk(c) || matches!(c, '—' | '…' | '“' | '”' | '‘' | '’')
}

/// Does this line open a new block? `prev` is the text before it (to tell "resolution\n1373"
/// from a numbered paragraph).
pub fn starts_block(line: &str, prev: &str) -> bool {
    let line = line.trim_start();
    if !BLOCK_START.is_match(line) {
        return false;
    }
    // "… paragraphs 4 and\n5. …" or "第\n5. " are references, not paragraph numbers.
    let numbered = line.as_bytes().first().is_some_and(u8::is_ascii_digit);
    !(numbered && REFERENCE_LEAD.is_match(prev))
}

/// Is `line` a printed number standing alone ("12.", "(a)"), to be joined with its text?
pub fn is_number_alone(line: &str) -> bool {
    NUMBER_ALONE.is_match(line.trim())
}

/// Words seen in the document, to decide whether a line-end hyphen is a wrap.
#[derive(Default)]
pub struct HyphenEvidence {
    words: HashSet<String>,
}

impl HyphenEvidence {
    /// Collects the (lower-cased, for comparison only) words of `text`.
    pub fn from_text(text: &str) -> HyphenEvidence {
        let mut words = HashSet::new();
        for w in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
            if w.len() > 3 && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
                words.insert(w.to_ascii_lowercase());
            }
        }
        HyphenEvidence { words }
    }

    /// Should `head-` + `tail` be glued without the hyphen ("interna" + "tional")?
    fn is_wrap_hyphen(&self, head: &str, tail: &str) -> bool {
        let head_l = head.to_ascii_lowercase();
        let tail_l = tail.to_ascii_lowercase();
        let joined = format!("{head_l}{tail_l}");
        let hyphenated = format!("{head_l}-{tail_l}");
        if self.words.contains(&hyphenated) {
            return false;
        }
        if self.words.contains(&joined) {
            return true;
        }
        if HYPHEN_PREFIXES.contains(&head_l.as_str()) {
            return false;
        }
        SUFFIX_FRAGMENTS.contains(&tail_l.as_str())
    }
}

/// The last word of `s` made of ASCII letters (for hyphen decisions).
fn last_ascii_word(s: &str) -> &str {
    let start = s
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_ascii_alphabetic())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    &s[start..]
}

fn first_ascii_word(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_ascii_alphabetic())
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    &s[..end]
}

/// Appends the wrapped continuation `next` to the block `buf`, choosing the glue.
pub fn glue(buf: &mut String, next: &str, lang: Lang, evidence: &HyphenEvidence) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    while buf.ends_with(char::is_whitespace) {
        buf.pop();
    }
    let (Some(a), Some(b)) = (buf.chars().last(), next.chars().next()) else {
        buf.push_str(next);
        return;
    };
    if a == '-' && b.is_alphabetic() {
        let head = last_ascii_word(&buf[..buf.len() - 1]);
        let tail = first_ascii_word(next);
        if !head.is_empty() {
            if b.is_lowercase() && evidence.is_wrap_hyphen(head, tail) {
                buf.pop();
            }
            buf.push_str(next);
            return;
        }
    }
    let no_space = (joins_without_space(a) && joins_without_space(b))
        || (is_han(a) && matches!(b, '(' | '（' | ')' | '）' | '“' | '”'))
        || (matches!(a, '(' | '（' | ')' | '）' | '“' | '”') && is_han(b))
        || (joins_without_space(a) && !b.is_alphanumeric())
        || (!a.is_alphanumeric() && joins_without_space(b) && !matches!(a, ',' | '.' | ';' | ':'))
        || matches!(a, '(' | '[' | '/')
        || matches!(b, ')' | ']' | ',' | ';' | '，' | '。')
        || (lang == Lang::Zh && is_han(a) && is_han(b));
    if !no_space {
        buf.push(' ');
    }
    buf.push_str(next);
}

static SPACE_BEFORE_HYPHEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([A-Za-z]) -([a-z])").expect("valid regex"));
static MANY_SPACES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t\u{00A0}]{2,}").expect("valid regex"));

/// Repairs PDF spacing artefacts inside one block: "non -binding" → "non-binding", runs of
/// spaces → one space, no space left at either end. Full-width spaces are kept.
pub fn repair_spacing(block: &str) -> String {
    let s = SPACE_BEFORE_HYPHEN.replace_all(block, "$1-$2");
    let s = MANY_SPACES.replace_all(&s, " ");
    s.trim_matches(|c: char| c == ' ' || c == '\t').to_string()
}

/// How a plain-text source marks its line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrapStyle {
    /// Blank lines separate blocks; lines inside a block are wraps unless a line opens a block
    /// (cr-unsc resolutions).
    BlankLineBlocks,
    /// Every line is followed by a blank line; a trailing space marks the end of a block
    /// (the Chinese seed text converted from PDF).
    TrailingSpaceMarksEnd,
    /// No reliable marker: decide from punctuation, line length and block openers (raw PDF
    /// text).
    Heuristic,
}

/// Guesses how `lines` (furniture already removed, blank lines kept) mark their breaks.
pub fn detect_wrap_style(lines: &[&str]) -> WrapStyle {
    let non_empty: Vec<&&str> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
    if non_empty.is_empty() {
        return WrapStyle::Heuristic;
    }
    let trailing = non_empty
        .iter()
        .filter(|l| l.ends_with([' ', '\t']))
        .count();
    let sentence_end: Vec<&&&str> = non_empty.iter().filter(|l| ends_sentence(l)).collect();
    let sentence_end_trailing = sentence_end
        .iter()
        .filter(|l| l.ends_with([' ', '\t']))
        .count();
    if trailing * 10 >= non_empty.len()
        && trailing * 10 <= non_empty.len() * 9
        && sentence_end_trailing * 10 >= sentence_end.len() * 8
    {
        return WrapStyle::TrailingSpaceMarksEnd;
    }
    // Count non-empty lines directly followed by another non-empty line.
    let mut adjacent = 0usize;
    let mut blank = 0usize;
    for pair in lines.windows(2) {
        if pair[0].trim().is_empty() {
            blank += 1;
        } else if !pair[1].trim().is_empty() {
            adjacent += 1;
        }
    }
    if blank * 5 >= non_empty.len() && adjacent > 0 {
        WrapStyle::BlankLineBlocks
    } else {
        WrapStyle::Heuristic
    }
}

/// The typical full-line length (in characters) of a text: the 80th percentile of line
/// lengths, used to tell a short last line of a paragraph from a wrapped one.
pub fn typical_width(lines: &[&str]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .map(|l| l.trim().chars().count())
        .filter(|&n| n > 0)
        .collect();
    if lens.is_empty() {
        return 0;
    }
    lens.sort_unstable();
    lens[(lens.len() * 4 / 5).min(lens.len() - 1)]
}

/// Decides, for raw text without layout, whether the break between `prev` and `next` is hard.
pub fn is_hard_break_heuristic(prev: &str, next: &str, width: usize, lang: Lang) -> bool {
    let prev_t = prev.trim();
    let next_t = next.trim();
    if prev_t.is_empty() || next_t.is_empty() {
        return true;
    }
    if is_number_alone(prev_t) {
        return false;
    }
    if starts_block(next_t, prev_t) {
        return true;
    }
    // Furniture (job number, barcode …) stands on its own line.
    if super::furniture::classify(prev_t).is_some() || super::furniture::classify(next_t).is_some()
    {
        return true;
    }
    let len = prev_t.chars().count();
    let width = width.max(1);
    let next_first = next_t.chars().next().unwrap_or(' ');
    let opens_like_sentence =
        next_first.is_uppercase() || next_first.is_ascii_digit() || joins_without_space(next_first);
    if lang == Lang::Zh {
        let last = prev_t.chars().last().unwrap_or(' ');
        if matches!(last, '。' | '；' | '：' | '！' | '？') {
            return true;
        }
        return len * 10 < width * 6;
    }
    if ends_sentence(prev_t) && len * 100 < width * 85 && opens_like_sentence {
        return true;
    }
    // A resolution's preambular paragraphs end with a comma; the next opens with its verb.
    if prev_t.ends_with(',') && starts_with_any_word(next_t, &PARAGRAPH_OPENERS) {
        return true;
    }
    // A short unpunctuated line (a heading) above a sentence that opens with a determiner.
    if !ends_with_punctuation(prev_t)
        && len * 100 < width * HEADING_MAX_WIDTH_PERCENT
        && starts_with_any_word(next_t, &SENTENCE_DETERMINERS)
    {
        return true;
    }
    // Lines of a title in title case keep their printed breaks.
    if is_title_case(prev_t) && is_title_case(next_t) {
        return true;
    }
    len * 100 < width * 60 && opens_like_sentence
}

/// Verbs (and their adverbs) that open the paragraphs of a UN resolution or decision: a line
/// that starts with one after a line ending in a comma starts a paragraph.
const PARAGRAPH_OPENERS: [&str; 26] = [
    "Acknowledging",
    "Affirming",
    "Alarmed",
    "Bearing",
    "Concerned",
    "Considering",
    "Convinced",
    "Deeply",
    "Determined",
    "Emphasizing",
    "Expressing",
    "Guided",
    "Having",
    "Mindful",
    "Noting",
    "Reaffirming",
    "Recalling",
    "Recognizing",
    "Reiterating",
    "Stressing",
    "Taking",
    "Underlining",
    "Underscoring",
    "Welcoming",
    "Decides",
    "Requests",
];

/// Capitalized words that open a sentence and hardly ever stand capitalized mid-sentence.
const SENTENCE_DETERMINERS: [&str; 4] = ["The", "This", "These", "Those"];

/// A heading line above a sentence is shorter than this share of the typical width (%): the
/// labelled set's heading "Working paper by the Chairman of the Preparatory Committee" is 73 %.
const HEADING_MAX_WIDTH_PERCENT: usize = 85;

/// Whether `line` opens with one of `words` followed by a space.
fn starts_with_any_word(line: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        line.strip_prefix(w)
            .is_some_and(|rest| rest.starts_with(' '))
    })
}

/// Ends with any punctuation (a sentence, a clause, an enumeration).
fn ends_with_punctuation(line: &str) -> bool {
    line.chars()
        .last()
        .is_some_and(|c| c.is_ascii_punctuation() || "”’»。，；：".contains(c))
}

/// A line of a title in title case ("Conference on the Illicit Trade in Small Arms", "and
/// Light Weapons in All Its Aspects"): no final punctuation, at least
/// [`TITLE_CASE_MIN_WORDS`] words of four letters or more, all capitalized.
fn is_title_case(line: &str) -> bool {
    if ends_with_punctuation(line) {
        return false;
    }
    let long: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    long.len() >= TITLE_CASE_MIN_WORDS
        && long
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Fewest long words for a title-case line: two capitalized words are too often a name.
const TITLE_CASE_MIN_WORDS: usize = 3;

/// Re-joins plain text lines (furniture already removed) into blocks.
pub fn rejoin_lines(lines: &[&str], lang: Lang, evidence: &HyphenEvidence) -> Vec<String> {
    let style = detect_wrap_style(lines);
    let content: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let width = typical_width(&content);
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_raw: Option<&str> = None;
    let mut blank_since_prev = false;
    for &line in lines {
        if line.trim().is_empty() {
            blank_since_prev = true;
            continue;
        }
        let hard = match prev_raw {
            None => true,
            Some(prev) => {
                let prev_t = prev.trim();
                if is_number_alone(prev_t) && current.trim() == prev_t {
                    false
                } else if starts_block(line.trim(), prev_t) {
                    true
                } else {
                    match style {
                        WrapStyle::BlankLineBlocks => blank_since_prev,
                        WrapStyle::TrailingSpaceMarksEnd => prev.ends_with([' ', '\t', '\u{3000}']),
                        WrapStyle::Heuristic => is_hard_break_heuristic(prev, line, width, lang),
                    }
                }
            }
        };
        if hard {
            push_block(&mut blocks, &mut current);
            current.push_str(line.trim());
        } else {
            glue(&mut current, line, lang, evidence);
        }
        prev_raw = Some(line);
        blank_since_prev = false;
    }
    push_block(&mut blocks, &mut current);
    blocks
}

fn push_block(blocks: &mut Vec<String>, current: &mut String) {
    let block = repair_spacing(current);
    if !block.is_empty() {
        blocks.push(block);
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_free_break_rules() {
        // (previous line, next line, hard?) at a typical width of 80 characters.
        let cases = [
            // A preambular paragraph ends with a comma; the next opens with its verb.
            (
                "economic and social advancement of all peoples,",
                "Recalling that the Declaration on the Right",
                true,
            ),
            (
                "the Council, acting under Chapter VII of the Charter of the United Nations, and",
                "Recalling that",
                false,
            ),
            (
                "the measures taken by the Committee and the Monitoring Team, in particular the",
                "Recalling clause",
                false,
            ),
            // A heading above a sentence that opens with a determiner.
            (
                "Working paper by the Chairman of the Preparatory Committee",
                "The Preparatory Committee recommends that the objective",
                true,
            ),
            (
                "in accordance with the recommendations made by the Panel of Experts on the",
                "The situation",
                false,
            ),
            // Lines of a title in title case.
            (
                "Conference on the Illicit Trade in Small Arms",
                "and Light Weapons in All Its Aspects",
                true,
            ),
            (
                "Preparatory Committee for the United Nations",
                "Conference on the Illicit Trade in Small Arms",
                true,
            ),
            // An ordinary wrap stays soft.
            (
                "Guided by the Charter of the United Nations, expressing, in particular, the",
                "determination to promote social progress and better standards of life in larger",
                false,
            ),
        ];
        for (prev, next, want) in cases {
            assert_eq!(
                is_hard_break_heuristic(prev, next, 80, Lang::En),
                want,
                "{prev} | {next}"
            );
        }
    }

    fn glued(a: &str, b: &str, lang: Lang, doc: &str) -> String {
        let mut s = a.to_string();
        glue(&mut s, b, lang, &HyphenEvidence::from_text(doc));
        s
    }

    #[test]
    fn glue_table() {
        let cases: &[(&str, &str, Lang, &str, &str)] = &[
            (
                "安全理事会在第 2395(2017)号决议中决定，反恐怖主义委员会执行局将在",
                "2021 年 12 月",
                Lang::Zh,
                "",
                "安全理事会在第 2395(2017)号决议中决定，反恐怖主义委员会执行局将在 2021 年 12 月",
            ),
            (
                "供安理会在这",
                "方面审议。",
                Lang::Zh,
                "",
                "供安理会在这方面审议。",
            ),
            (
                "在冠状病毒病",
                "(COVID-19)大流行",
                Lang::Zh,
                "",
                "在冠状病毒病(COVID-19)大流行",
            ),
            (
                "the Security Council Committee established pursuant to resolution",
                "1373 (2001) concerning",
                Lang::En,
                "",
                "the Security Council Committee established pursuant to resolution 1373 (2001) concerning",
            ),
            (
                "to the effective interna-",
                "tional cooperation",
                Lang::En,
                "",
                "to the effective international cooperation",
            ),
            (
                "efforts in counter-",
                "terrorism matters",
                Lang::En,
                "",
                "efforts in counter-terrorism matters",
            ),
            (
                "the Counter-",
                "Terrorism Committee",
                Lang::En,
                "",
                "the Counter-Terrorism Committee",
            ),
            (
                "the use of new",
                "technologies",
                Lang::En,
                "",
                "the use of new technologies",
            ),
            (
                "a decision-",
                "making process",
                Lang::En,
                "decision-making",
                "a decision-making process",
            ),
            (
                "strengthening of coop-",
                "eration",
                Lang::En,
                "cooperation is key",
                "strengthening of cooperation",
            ),
        ];
        for (a, b, lang, doc, want) in cases {
            assert_eq!(glued(a, b, *lang, doc), *want);
        }
    }

    #[test]
    fn spacing_repairs_table() {
        let cases = [
            (
                "develop a set of non -binding guiding principles",
                "develop a set of non-binding guiding principles",
            ),
            (
                "the  Counter-Terrorism   Committee ",
                "the Counter-Terrorism Committee",
            ),
            ("terrorism - a threat", "terrorism - a threat"),
            ("全　角", "全　角"),
        ];
        for (input, want) in cases {
            assert_eq!(repair_spacing(input), want);
        }
    }

    #[test]
    fn block_openers_table() {
        let cases = [
            ("12. The Committee", "", true),
            ("12.", "", true),
            ("(a) Acceptance of the provisions", "", true),
            ("(iv) Strengthen", "", true),
            ("一. 导言", "", true),
            ("E. 打击资助恐怖主义行为", "", true),
            ("附件一", "", true),
            ("Annex", "", true),
            ("5. ", "paragraphs 4 and", false),
            ("1373 (2001) concerning", "pursuant to resolution", false),
            ("(2014), 2370 (2017)", "resolutions 2178", false),
            ("The Security Council,", "", false),
        ];
        for (line, prev, want) in cases {
            assert_eq!(starts_block(line, prev), want, "{line:?} after {prev:?}");
        }
    }
}
