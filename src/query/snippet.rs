//! Snippets: the best fragments of a paragraph with `<mark>` around what the query matched.
//! Matching gives the tokens the index's analyzers give (their own script scanner and word
//! normalisation), so highlights sit on exactly the characters that matched (a Chinese word
//! inside a longer word, an English stem, a whole phrase), and every other character is
//! HTML-escaped. A query's highlights are compiled once ([`Highlighter`]) and each shown
//! paragraph is scanned once without running the analyzers' token streams: an ideograph is
//! compared as a character (folded to simplified only when it may fold, `fold`), and a word
//! is normalised and stemmed only when its first letter starts a query term.

mod fold;

use super::plan::Highlights;
use crate::index::analyzers::script::{self, MAX_WORD_BYTES, Scanner, SegmentKind};
use crate::model::Lang;
use crate::model::chars::is_han;

/// Paragraphs up to this many characters are shown whole. By hand, a display choice: about five
/// printed lines, the length of a typical operative paragraph.
const WHOLE_UP_TO: usize = 360;
/// Characters of context before a match (by hand, a display choice).
const BEFORE: usize = 50;
/// Characters of context after a match (by hand, a display choice: what answers usually follows
/// the match).
const AFTER: usize = 110;
/// At most this many fragments (by hand, a display choice).
const MAX_FRAGMENTS: usize = 3;

/// Most distinct query terms matched by a linear scan of the vocabulary; a query with more
/// uses a hash map. Queries have a handful of terms, and comparing a short token against a few
/// strings (most differ in the first byte) costs less than hashing it; the cut-off is a round
/// number, not measured (the peers harness's queries have 1–12 terms).
const LINEAR_VOCABULARY_UP_TO: usize = 16;

/// The scan's token list is first sized for one entry per this many bytes of text. Chosen from
/// the peers harness's shown paragraphs: a run of other tokens is one entry, and query terms
/// are a small share of a paragraph's tokens.
const IDS_PER_BYTES: usize = 8;

/// Not a query term: the id of every other token.
const OTHER: u32 = u32::MAX;

/// A query's highlights compiled once per query: every term the highlights mention gets a small
/// integer id, the English words to mark alone and the sequences to mark as wholes become id
/// lists, the one-ideograph terms a sorted character table, and a paragraph is scanned once
/// into the tokens the index's analyzers give, with no allocation per token.
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    /// Distinct terms; a term's id is its index.
    vocabulary: Vec<String>,
    /// The same terms by text, when there are more than [`LINEAR_VOCABULARY_UP_TO`].
    lookup: Option<std::collections::HashMap<String, u32>>,
    /// Ids marked wherever they occur in English text.
    en_terms: Vec<u32>,
    /// English id sequences marked only as a whole.
    en_phrases: Vec<Vec<u32>>,
    /// Chinese-character id sequences marked as wholes.
    zh_sequences: Vec<Vec<u32>>,
    /// The terms that are one ideograph, with their ids, sorted by character.
    ideographs: Vec<(char, u32)>,
    /// Bit `c % 64` set for every character `c` of [`Self::ideographs`]: most characters of a
    /// paragraph are no query term, and one test of this word tells so.
    ideograph_bits: u64,
    /// The first characters of the other terms: a word that starts otherwise is no term, and
    /// is not normalised (stemming keeps a word's first character).
    initials: Vec<char>,
}

impl Highlighter {
    /// Compiles the highlights of one query.
    pub fn new(hl: &Highlights) -> Highlighter {
        let mut h = Highlighter::default();
        let en_terms: Vec<u32> = hl.en_terms.iter().map(|t| h.intern(t)).collect();
        let en_phrases = hl.en_phrases.iter().map(|p| h.intern_all(p)).collect();
        let zh_sequences = hl.zh_sequences.iter().map(|p| h.intern_all(p)).collect();
        h.en_terms = en_terms;
        h.en_phrases = en_phrases;
        h.zh_sequences = zh_sequences;
        if h.vocabulary.len() > LINEAR_VOCABULARY_UP_TO {
            let map = h
                .vocabulary
                .iter()
                .enumerate()
                .map(|(i, t)| (t.clone(), i as u32))
                .collect();
            h.lookup = Some(map);
        }
        for (i, term) in h.vocabulary.iter().enumerate() {
            let mut chars = term.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if is_han(c) => h.ideographs.push((c, i as u32)),
                (Some(c), _) if !h.initials.contains(&c) => h.initials.push(c),
                _ => {}
            }
        }
        h.ideographs.sort_unstable();
        h.ideograph_bits = h
            .ideographs
            .iter()
            .fold(0, |bits, &(c, _)| bits | ideograph_bit(c));
        h
    }

    fn intern(&mut self, term: &str) -> u32 {
        match self.vocabulary.iter().position(|t| t == term) {
            Some(i) => i as u32,
            None => {
                self.vocabulary.push(term.to_string());
                (self.vocabulary.len() - 1) as u32
            }
        }
    }

    fn intern_all(&mut self, terms: &[String]) -> Vec<u32> {
        terms.iter().map(|t| self.intern(t)).collect()
    }

    /// Whether nothing would ever be marked.
    pub fn is_empty(&self) -> bool {
        self.en_terms.is_empty() && self.en_phrases.is_empty() && self.zh_sequences.is_empty()
    }

    fn id_of(&self, token: &str) -> u32 {
        match &self.lookup {
            Some(map) => map.get(token).copied().unwrap_or(OTHER),
            None => self
                .vocabulary
                .iter()
                .position(|t| t == token)
                .map_or(OTHER, |i| i as u32),
        }
    }

    /// The id of a (folded) ideograph.
    #[inline]
    fn ideograph_id(&self, c: char) -> u32 {
        if self.ideograph_bits & ideograph_bit(c) == 0 {
            return OTHER;
        }
        if self.ideographs.len() <= LINEAR_VOCABULARY_UP_TO {
            self.ideographs
                .iter()
                .find(|&&(t, _)| t == c)
                .map_or(OTHER, |&(_, id)| id)
        } else {
            self.ideographs
                .binary_search_by_key(&c, |&(t, _)| t)
                .map_or(OTHER, |i| self.ideographs[i].1)
        }
    }

    /// Whether a word's normalised form starts as some term does (`initial` holds a scratch
    /// buffer).
    #[inline]
    fn may_be_term(&self, surface: &str, initial: &mut String) -> bool {
        let Some(first) = surface.chars().next() else {
            return false;
        };
        if first.is_ascii() {
            return self.initials.contains(&first.to_ascii_lowercase());
        }
        script::normalize_word(&surface[..first.len_utf8()], initial);
        initial
            .chars()
            .next()
            .is_some_and(|c| self.initials.contains(&c))
    }

    /// Byte ranges of `text` that match, merged and sorted.
    pub fn ranges(&self, text: &str, lang: Lang) -> Vec<(usize, usize)> {
        let (sequences, singles): (&[Vec<u32>], &[u32]) = match lang {
            Lang::En => (&self.en_phrases, &self.en_terms),
            Lang::Zh => (&self.zh_sequences, &[]),
        };
        if sequences.is_empty() && singles.is_empty() {
            return Vec::new();
        }
        let mut ranges = Vec::new();
        let ids = self.scan(text, lang, singles, !sequences.is_empty(), &mut ranges);
        for seq in sequences {
            find_sequences(&ids, seq, &mut ranges);
        }
        merge(text, ranges)
    }

    /// Scans `text` once into the tokens `lang`'s analyzer gives (English: words stemmed;
    /// both: ideographs one by one, folded): pushes the span of every token in `singles` and,
    /// when `keep` is set, returns each token's id and span for the sequences (a run of other
    /// tokens as one: any of them breaks a sequence).
    fn scan(
        &self,
        text: &str,
        lang: Lang,
        singles: &[u32],
        keep: bool,
        ranges: &mut Vec<(usize, usize)>,
    ) -> Vec<(u32, usize, usize)> {
        let stemmer = script::english_stemmer();
        let (mut word, mut scratch) = (String::new(), String::new());
        // Sized for the common case at once: a run of other tokens is one entry, so a paragraph
        // rarely has more entries than an eighth of its bytes (growing from empty was 5 % of a
        // snippet); a longer list still grows.
        let mut ids: Vec<(u32, usize, usize)> = if keep {
            Vec::with_capacity(text.len() / IDS_PER_BYTES + 4)
        } else {
            Vec::new()
        };
        let mut push = |id: u32, from: usize, to: usize| {
            if id != OTHER && singles.contains(&id) {
                ranges.push((from, to));
            }
            if keep && (id != OTHER || ids.last().is_none_or(|l| l.0 != OTHER)) {
                ids.push((id, from, to));
            }
        };
        // CJK runs are walked here, once, character by character (the scanner stops at a
        // run's first character and resumes after it), not scanned to their end first.
        let folding = (!self.ideographs.is_empty()).then(fold::Folding::get);
        let mut scanner = Scanner::stopping_at_cjk(text);
        while let Some(segment) = scanner.next() {
            match segment.kind {
                SegmentKind::Cjk => {
                    let mut end = segment.start;
                    for (offset, c) in text[segment.start..].char_indices() {
                        if !is_han(c) {
                            break;
                        }
                        let at = segment.start + offset;
                        let id = match folding {
                            Some(folding) => self.ideograph_id(folding.folded_at(text, at, c)),
                            None => OTHER,
                        };
                        end = at + c.len_utf8();
                        push(id, at, end);
                    }
                    scanner.resume_at(end);
                }
                SegmentKind::Word { .. } => {
                    // The analyzers drop an over-long word: no token at all.
                    if segment.end - segment.start > MAX_WORD_BYTES {
                        continue;
                    }
                    let surface = &text[segment.start..segment.end];
                    let id = if self.may_be_term(surface, &mut word) {
                        let stem = (lang == Lang::En).then_some((&stemmer, &mut scratch));
                        script::word_token(text, &segment, stem, &mut word);
                        self.id_of(&word)
                    } else {
                        OTHER
                    };
                    push(id, segment.start, segment.end);
                }
            }
        }
        ids
    }

    /// The snippet HTML of a paragraph.
    pub fn snippet(&self, text: &str, lang: Lang) -> String {
        render(text, &self.ranges(text, lang))
    }
}

/// The bit of [`Highlighter::ideograph_bits`] for `c`.
#[inline]
fn ideograph_bit(c: char) -> u64 {
    1 << (c as u32 % 64)
}

/// Pushes the span of every run of consecutive tokens whose ids are `seq`.
fn find_sequences(ids: &[(u32, usize, usize)], seq: &[u32], out: &mut Vec<(usize, usize)>) {
    let Some(&first) = seq.first() else {
        return;
    };
    if ids.len() < seq.len() {
        return;
    }
    for i in 0..=ids.len() - seq.len() {
        if ids[i].0 == first
            && ids[i..i + seq.len()]
                .iter()
                .zip(seq)
                .all(|(t, s)| t.0 == *s)
        {
            out.push((ids[i].1, ids[i + seq.len() - 1].2));
        }
    }
}

/// Sorts and merges overlapping ranges, and ranges separated only by white space.
pub(crate) fn merge(text: &str, mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.retain(|&(a, b)| {
        a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
    });
    ranges.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        if let Some(last) = out.last_mut()
            && (a <= last.1 || text[last.1..a].chars().all(char::is_whitespace))
        {
            last.1 = last.1.max(b);
            continue;
        }
        out.push((a, b));
    }
    out
}

/// Renders `text` with the given (merged, sorted) byte ranges marked, cut into fragments when
/// the text is long.
pub fn render(text: &str, ranges: &[(usize, usize)]) -> String {
    let n_chars = text.chars().count();
    if n_chars <= WHOLE_UP_TO {
        return mark(text, 0, text.len(), ranges);
    }
    // Char index → byte offset table for window arithmetic, allocated once at its known size
    // (collecting `char_indices` grew it several times: 16 k instructions per long paragraph).
    let mut offsets: Vec<usize> = Vec::with_capacity(n_chars + 1);
    offsets.extend(text.char_indices().map(|(i, _)| i));
    offsets.push(text.len());
    let char_of = |byte: usize| offsets.partition_point(|&o| o < byte);
    let mut windows: Vec<(usize, usize)> = Vec::new(); // char windows
    for &(a, b) in ranges {
        let (ca, cb) = (char_of(a), char_of(b));
        let w = (ca.saturating_sub(BEFORE), (cb + AFTER).min(n_chars));
        if let Some(last) = windows.last_mut()
            && w.0 <= last.1
        {
            last.1 = last.1.max(w.1);
            continue;
        }
        windows.push(w);
        if windows.len() > MAX_FRAGMENTS * 4 {
            break;
        }
    }
    if windows.is_empty() {
        windows.push((0, (BEFORE + AFTER + 60).min(n_chars)));
    }
    // Keep the fragments with the most marks, shown in text order.
    if windows.len() > MAX_FRAGMENTS {
        let mut scored: Vec<(usize, (usize, usize))> = windows
            .iter()
            .map(|&(wa, wb)| {
                let (ba, bb) = (offsets[wa], offsets[wb]);
                (
                    ranges.iter().filter(|r| r.0 >= ba && r.1 <= bb).count(),
                    (wa, wb),
                )
            })
            .collect();
        scored.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        windows = scored
            .into_iter()
            .take(MAX_FRAGMENTS)
            .map(|s| s.1)
            .collect();
        windows.sort();
    }
    let mut out = String::new();
    for (i, &(wa, wb)) in windows.iter().enumerate() {
        let (wa, wb) = snap_to_words(text, &offsets, wa, wb, ranges);
        if wa > 0 || i > 0 {
            out.push('…');
        }
        out.push_str(&mark(text, offsets[wa], offsets[wb], ranges));
        if i + 1 == windows.len() && wb < n_chars {
            out.push('…');
        }
    }
    out
}

/// Moves window edges to word boundaries in English text (never into a mark).
fn snap_to_words(
    text: &str,
    offsets: &[usize],
    mut wa: usize,
    mut wb: usize,
    ranges: &[(usize, usize)],
) -> (usize, usize) {
    let n = offsets.len() - 1;
    let inside_mark = |b: usize| ranges.iter().any(|r| r.0 < b && b < r.1);
    let is_space = |ci: usize| {
        text[offsets[ci]..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace)
    };
    let mut steps = 0;
    while wa > 0 && steps < 20 && !is_space(wa - 1) && !inside_mark(offsets[wa]) {
        let c = text[offsets[wa - 1]..].chars().next().unwrap_or(' ');
        if !c.is_alphanumeric() || is_han(c) {
            break;
        }
        wa -= 1;
        steps += 1;
    }
    steps = 0;
    while wb < n && steps < 20 && !is_space(wb) && !inside_mark(offsets[wb]) {
        let c = text[offsets[wb]..].chars().next().unwrap_or(' ');
        if !c.is_alphanumeric() || is_han(c) {
            break;
        }
        wb += 1;
        steps += 1;
    }
    (wa, wb)
}

/// HTML-escapes `text[from..to]` with `<mark>` around the ranges that fall inside.
fn mark(text: &str, from: usize, to: usize, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(to - from + 32);
    let mut at = from;
    for &(a, b) in ranges {
        if b <= from || a >= to {
            continue;
        }
        let (a, b) = (a.max(from), b.min(to));
        escape_into(&mut out, &text[at..a]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[a..b]);
        out.push_str("</mark>");
        at = b;
    }
    escape_into(&mut out, &text[at..to]);
    out
}

/// HTML escaping of text content and attribute-safe quotes. Copies the runs between special
/// characters whole (they are ASCII, so a byte scan never splits a UTF-8 character).
pub fn escape_into(out: &mut String, s: &str) {
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
}

/// Removes `<mark>` tags and unescapes entities: the plain text of a snippet (for terminals).
pub fn plain(snippet: &str) -> String {
    snippet
        .replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(en_terms: &[&str], en_phrases: &[&[&str]], zh: &[&[&str]]) -> Highlights {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Highlights {
            en_terms: en_terms.iter().map(|s| s.to_string()).collect(),
            en_phrases: en_phrases.iter().map(|p| owned(p)).collect(),
            zh_sequences: zh.iter().map(|p| owned(p)).collect(),
        }
    }

    /// What is marked, as the marked surfaces (real sentences of S/RES/2178 (2014) and its
    /// Chinese text).
    #[test]
    fn compiled_highlights_mark_terms_phrases_and_sequences() {
        let en = "Calls upon Member States to cooperate against foreign terrorist fighters; the State's duty";
        let zh = "决定所有国家应防止和制止招募外国恐怖主义作战人员；各國應當合作";
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, Lang, Highlights, Vec<&str>)> = vec![
            // A stem marks every inflection ("States", "State's").
            (
                "stem",
                Lang::En,
                hl(&["state"], &[], &[]),
                vec!["States", "State's"],
            ),
            // A phrase is marked only as a whole; its words alone are not.
            (
                "phrase",
                Lang::En,
                hl(&[], &[&["terrorist", "fighter"]], &[]),
                vec!["terrorist fighters"],
            ),
            (
                "no match",
                Lang::En,
                hl(&["isil"], &[&["member", "council"]], &[]),
                vec![],
            ),
            // Chinese sequences over characters, traditional text folded (國 → 国).
            (
                "zh sequence",
                Lang::Zh,
                hl(&[], &[], &[&["恐", "怖", "主", "义"], &["国", "家"]]),
                vec!["国家", "恐怖主义"],
            ),
            (
                "traditional",
                Lang::Zh,
                hl(&[], &[], &[&["各", "国"]]),
                vec!["各國"],
            ),
            // English terms do not mark Chinese text.
            ("en terms in zh", Lang::Zh, hl(&["state"], &[], &[]), vec![]),
        ];
        for (name, lang, h, want) in cases {
            let text = if lang == Lang::En { en } else { zh };
            let got: Vec<&str> = Highlighter::new(&h)
                .ranges(text, lang)
                .into_iter()
                .map(|(a, b)| &text[a..b])
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    /// Real paragraphs (S/2022/529 zh 220, the same in traditional characters, S/2025/49 and
    /// S/2025/497 en) and what is marked in them, exactly: sequences across skipped
    /// punctuation and spaces as the index's tokens have them ("第 1267", "2015)号"),
    /// traditional characters folded one for one, possessives with ’ stemmed.
    #[test]
    fn real_paragraphs_mark_exactly() {
        let zh = "反恐怖主义委员会与安全理事会关于伊黎伊斯兰国(达伊沙)、基地组织及关联个人、团体、企业和实体的第 1267(1999)、1989(2011)和 2253(2015)号决议所设委员会关于有组织犯罪与恐怖主义之间联系的联合特别会议";
        let hant = "反恐怖主義委員會與安全理事會關於伊黎伊斯蘭國(達伊沙)、基地組織及關聯個人、團體、企業和實體的第 1267(1999)號決議所設委員會";
        let en1 = "• Strengthen the Government’s capacity to protect civilians from the effects of the war and the violations committed by the terrorist rebel militia";
        let en2 = "• The injury of Iran’s Ambassador to Lebanon in a targeted Israeli terrorist attack in Beirut";
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, Lang, Highlights, Vec<&str>)> = vec![
            (
                zh,
                Lang::Zh,
                hl(
                    &[],
                    &[],
                    &[
                        &["伊", "黎", "伊", "斯", "兰", "国"],
                        &["第", "1267"],
                        &["恐", "怖", "主", "义"],
                        &["2015", "号"],
                    ],
                ),
                vec!["恐怖主义", "伊黎伊斯兰国", "第 1267", "2015)号", "恐怖主义"],
            ),
            (
                hant,
                Lang::Zh,
                hl(
                    &[],
                    &[],
                    &[
                        &["恐", "怖", "主", "义"],
                        &["委", "员", "会"],
                        &["伊", "黎", "伊", "斯", "兰", "国"],
                        &["号", "决", "议"],
                    ],
                ),
                vec!["恐怖主義委員會", "伊黎伊斯蘭國", "號決議", "委員會"],
            ),
            (
                en1,
                Lang::En,
                hl(
                    &["government", "civilian", "violation"],
                    &[&["terrorist", "rebel"]],
                    &[],
                ),
                vec!["Government’s", "civilians", "violations", "terrorist rebel"],
            ),
            (
                en2,
                Lang::En,
                hl(&["iran", "attack"], &[&["israeli", "terrorist"]], &[]),
                vec!["Iran’s", "Israeli terrorist attack"],
            ),
        ];
        for (text, lang, h, want) in cases {
            let got: Vec<&str> = Highlighter::new(&h)
                .ranges(text, lang)
                .into_iter()
                .map(|(a, b)| &text[a..b])
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    /// The highlighter's tokens are the analyzers' tokens: on real and awkward paragraphs, its
    /// ranges equal those found by running the index's own token streams (the way snippets
    /// were matched before), for the same highlights.
    #[test]
    fn ranges_equal_those_of_the_analyzers_token_streams() {
        use crate::index::analyzers::{ChineseCharTokenizer, EnglishTokenizer};
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        fn by_analyzers(h: &Highlighter, text: &str, lang: Lang) -> Vec<(usize, usize)> {
            let (sequences, singles): (&[Vec<u32>], &[u32]) = match lang {
                Lang::En => (&h.en_phrases, &h.en_terms),
                Lang::Zh => (&h.zh_sequences, &[]),
            };
            let mut tokens = Vec::new();
            let mut push = |t: &tantivy::tokenizer::Token| {
                tokens.push((h.id_of(&t.text), t.offset_from, t.offset_to))
            };
            match lang {
                Lang::En => EnglishTokenizer::default()
                    .token_stream(text)
                    .process(&mut push),
                Lang::Zh => ChineseCharTokenizer.token_stream(text).process(&mut push),
            }
            let mut ranges: Vec<(usize, usize)> = tokens
                .iter()
                .filter(|t| t.0 != OTHER && singles.contains(&t.0))
                .map(|t| (t.1, t.2))
                .collect();
            for seq in sequences {
                find_sequences(&tokens, seq, &mut ranges);
            }
            merge(text, ranges)
        }
        let long_word = "x".repeat(MAX_WORD_BYTES + 1);
        let texts = [
            "反恐怖主义委员会与安全理事会关于伊黎伊斯兰国(达伊沙)、基地组织的第 1267(1999)、2253(2015)号决议",
            "反恐怖主義委員會與安全理事會關於伊黎伊斯蘭國(達伊沙)的第 1267(1999)號決議；藉口與計畫",
            "• Strengthen the Government’s capacity to protect civilians; the States' and Committee's work, counter-terrorism",
            "ＩＳＩＬ与ISIL的Ｓ／２０１７和 États-Unis 與 İstanbul；恐怖，主义；恐怖 主义",
            &format!("ISIL {long_word} fighters 外国恐怖主义作战人员 ISIL fighters"),
            "",
        ];
        let highlights = [
            hl(
                &[
                    "government",
                    "civilian",
                    "state",
                    "committee",
                    "isil",
                    "états",
                    "fighter",
                ],
                &[
                    &["counter", "terrorism"],
                    &["isil", "fighter"],
                    &["protect", "civilian"],
                ],
                &[
                    &["恐", "怖", "主", "义"],
                    &["委", "员", "会"],
                    &["号", "决", "议"],
                    &["isil"],
                    &["s", "2017"],
                    &["借", "口"],
                    &["计", "划"],
                    &["第", "1267"],
                ],
            ),
            hl(
                &["国", "isil"],
                &[&["外", "国"]],
                &[&["isil", "的"], &["états"]],
            ),
        ];
        for h in &highlights {
            let compiled = Highlighter::new(h);
            for text in &texts {
                for lang in [Lang::En, Lang::Zh] {
                    assert_eq!(
                        compiled.ranges(text, lang),
                        by_analyzers(&compiled, text, lang),
                        "{text} {lang:?}"
                    );
                }
            }
        }
    }

    /// More distinct terms than the linear scan takes switch to the hash map, same answers.
    #[test]
    fn large_vocabularies_use_the_map_with_the_same_answers() {
        let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma";
        let words: Vec<&str> = text.split(' ').collect();
        assert!(words.len() > LINEAR_VOCABULARY_UP_TO);
        let h = hl(&words, &[], &[]);
        let compiled = Highlighter::new(&h);
        assert!(compiled.lookup.is_some());
        assert_eq!(compiled.ranges(text, Lang::En), vec![(0, text.len())]);
    }

    #[test]
    fn snippets_escape_and_mark() {
        let h = hl(&["council"], &[], &[]);
        assert_eq!(
            Highlighter::new(&h).snippet("The Council <acts> & \"decides\"", Lang::En),
            "The <mark>Council</mark> &lt;acts&gt; &amp; &quot;decides&quot;"
        );
        assert!(Highlighter::new(&Highlights::default()).is_empty());
    }

    #[test]
    fn escaping_keeps_every_other_character() {
        let cases = [
            ("", ""),
            ("安理会 & \"ISIL\"", "安理会 &amp; &quot;ISIL&quot;"),
            ("<b>’it's’</b>", "&lt;b&gt;’it&#39;s’&lt;/b&gt;"),
            ("第2178号决议", "第2178号决议"),
        ];
        for (text, want) in cases {
            let mut out = String::new();
            escape_into(&mut out, text);
            assert_eq!(out, want);
            assert_eq!(plain(&out), text);
        }
    }
}
