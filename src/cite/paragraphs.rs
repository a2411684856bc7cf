//! Paragraph references: lists ("4, 10 and 13", "第 4、10 和 13 段"), ranges ("4 through 9",
//! "40–42", "第 5 至 8 段"), sub-paragraphs ("6 (c)", "5 (b) (ii)", "第 6 段(c)项") and
//! continuation items that reuse the previous number ("5 (a), (b) and (c)"). Each cited
//! paragraph comes out as its printed number: "17", "6(c)", "5(b)(ii)".

use super::lexer::Cursor;

/// Range marks between paragraph numbers or letters: "至", "到", hyphen, dashes, minus, tilde
/// and wave dashes ("第10～12段", "第10〜12段"; full-width forms are mapped by the lexer).
const RANGE_MARKS: &[char] = &[
    '至', '到', '-', '–', '—', '‒', '―', '−', '~', '〜', '\u{2010}', '\u{2011}',
];

/// Largest range that is expanded ("paragraphs 1 to 300" is more likely a typo or a count).
const MAX_RANGE: u32 = 200;

/// One parsed item: a base number plus sub-paragraph labels.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    /// `None` for paragraphs printed as a letter only ("(a)").
    number: Option<u32>,
    subs: Vec<String>,
}

impl Item {
    fn printed(&self) -> String {
        let mut s = self.number.map(|n| n.to_string()).unwrap_or_default();
        for sub in &self.subs {
            s.push('(');
            s.push_str(sub);
            s.push(')');
        }
        s
    }
}

/// Lower-case Roman numerals of sub-items ("(b) (iii)"), in order.
const ROMANS: [&str; 20] = [
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
    "xvi", "xvii", "xviii", "xix", "xx",
];

/// UN Chinese sub-item marks ㈠ … ㈩ (U+3220 …), which stand for the English "(i)" … "(x)".
const ZH_ITEM_MARKS: std::ops::RangeInclusive<char> = '\u{3220}'..='\u{3229}';

/// Accepts a sub-paragraph label: one letter or a lower-case Roman numeral up to xx.
fn is_sub_label(w: &str) -> bool {
    (w.len() == 1 && w.chars().all(|c| c.is_ascii_alphabetic())) || ROMANS.contains(&w)
}

/// Reads "(c)" at the cursor.
fn sub_label(cur: &mut Cursor) -> Option<String> {
    let mut probe = *cur;
    if !probe.eat_char('(') {
        return None;
    }
    let w = probe.peek_word()?;
    if !is_sub_label(w) {
        return None;
    }
    probe.bump();
    if !probe.eat_char(')') {
        return None;
    }
    *cur = probe;
    Some(w.to_string())
}

fn sub_labels(cur: &mut Cursor) -> Vec<String> {
    let mut subs = Vec::new();
    while subs.len() < 4 {
        match sub_label(cur) {
            Some(s) => subs.push(s),
            None => break,
        }
    }
    subs
}

/// The Roman labels from `from` to `to` ("i" to "iii").
fn roman_range(from: &str, to: &str) -> Option<Vec<String>> {
    let at = |w: &str| ROMANS.iter().position(|r| *r == w);
    let (lo, hi) = (at(from)?, at(to)?);
    (hi > lo).then(|| ROMANS[lo..=hi].iter().map(|r| r.to_string()).collect())
}

/// The labels from `from` to `to`: letters ("(a) to (c)") or Roman numerals ("(i) to (iii)";
/// read as Roman when either end is longer than a letter or the range starts at "i").
fn letter_range(from: &str, to: &str) -> Option<Vec<String>> {
    if (from.len() > 1 || to.len() > 1 || from == "i")
        && let Some(romans) = roman_range(from, to)
    {
        return Some(romans);
    }
    let (a, b) = (from.chars().next()?, to.chars().next()?);
    if from.len() != 1
        || to.len() != 1
        || !a.is_ascii_lowercase()
        || b <= a
        || !b.is_ascii_lowercase()
    {
        return None;
    }
    Some((a..=b).map(|c| c.to_string()).collect())
}

/// Reads one item, possibly a range; `prev` is the previous item, whose number a bare
/// "(b)" continues. Returns the expanded items.
fn item(cur: &mut Cursor, prev: Option<&Item>, range_words: bool) -> Option<Vec<Item>> {
    let mut probe = *cur;
    let first = if let Some((n, _)) = probe.num() {
        let subs = sub_labels(&mut probe);
        Item {
            number: Some(n),
            subs,
        }
    } else {
        let subs = sub_labels(&mut probe);
        if subs.is_empty() {
            return None;
        }
        match prev {
            // "5 (a), (b)": the bare "(b)" continues the previous item's number.
            Some(prev) => {
                let mut base = prev.subs.clone();
                base.pop();
                base.extend(subs);
                Item {
                    number: prev.number,
                    subs: base,
                }
            }
            // "paragraph (a) of annex I": a paragraph printed as a letter only.
            None => Item { number: None, subs },
        }
    };
    // A range: "4 through 9", "4 to 9", "40–42", "5 至 8", "(a)-(c)".
    let mut after = probe;
    let is_range_sep = after.eat_one_of(RANGE_MARKS).is_some()
        || (range_words
            && (after.eat_word("through") || after.eat_word("to") || after.eat_word("thru")));
    if is_range_sep {
        // "第 5 至第 7 段": 第 may be repeated after the range mark, and so may "OP" / "PP" /
        // "para." in English ("OP2-OP4", "paras. 5-para. 7").
        after.eat_char('第');
        if range_words {
            let mut word = after;
            if en_paragraph_word_kind(&mut word).is_some() && word.at_num() {
                after = word;
            }
        }
        if let Some((hi, _)) = after.num()
            && let Some(lo) = first.number
        {
            let hi_subs = sub_labels(&mut after);
            if first.subs.is_empty() && hi_subs.is_empty() && hi > lo && hi - lo <= MAX_RANGE {
                *cur = after;
                return Some(
                    (lo..=hi)
                        .map(|n| Item {
                            number: Some(n),
                            subs: vec![],
                        })
                        .collect(),
                );
            }
            if hi >= lo {
                *cur = after;
                return Some(vec![
                    first,
                    Item {
                        number: Some(hi),
                        subs: hi_subs,
                    },
                ]);
            }
        } else if let Some(last_sub) = sub_label(&mut after)
            && let Some(first_sub) = first.subs.last()
            && let Some(letters) = letter_range(first_sub, &last_sub)
        {
            *cur = after;
            let mut base = first.subs.clone();
            base.pop();
            return Some(
                letters
                    .into_iter()
                    .map(|l| {
                        let mut subs = base.clone();
                        subs.push(l);
                        Item {
                            number: first.number,
                            subs,
                        }
                    })
                    .collect(),
            );
        }
    }
    *cur = probe;
    Some(vec![first])
}

/// Separator between list items, English: ",", "and", ", and", "or", "as well as".
fn en_separator(cur: &mut Cursor) -> bool {
    let comma = cur.eat_char(',');
    let word = cur.eat_word("and") || cur.eat_word("or") || cur.eat_words(&["as", "well", "as"]);
    comma || word
}

/// Separator between list items, Chinese: "、", "，", "和", "及", "与", "以及", "或".
fn zh_separator(cur: &mut Cursor) -> bool {
    let punct = cur.eat_one_of(&['、', ',']).is_some();
    let word = cur.eat_chars("以及") || cur.eat_one_of(&['和', '及', '与', '或']).is_some();
    punct || word
}

fn dedup_push(out: &mut Vec<String>, items: &[Item]) {
    for it in items {
        let p = it.printed();
        if !out.contains(&p) {
            out.push(p);
        }
    }
}

/// English list after "paragraph(s)": "4", "10, 13 and 18", "5 (a), (b) and (c)", "40–42",
/// "1, 3, 5, and 7 through 10". Leaves the cursor after the last item.
pub(crate) fn en_list(cur: &mut Cursor) -> Option<Vec<String>> {
    let mut items: Vec<Item> = Vec::new();
    let mut probe = *cur;
    let first = item(&mut probe, None, true)?;
    items.extend(first);
    *cur = probe;
    loop {
        let mut next = *cur;
        if !en_separator(&mut next) {
            break;
        }
        // "paragraphs 3 of resolution X, 5 of resolution Y": an item followed by "of" after a
        // separator belongs to the caller's distributed form, and is still a list item here.
        match item(&mut next, items.last(), true) {
            Some(more) => {
                items.extend(more);
                *cur = next;
            }
            None => break,
        }
        if items.len() > 400 {
            break;
        }
    }
    let mut out = Vec::new();
    dedup_push(&mut out, &items);
    Some(out)
}

/// Which paragraphs of a resolution a paragraph word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParaKind {
    /// Operative (numbered) paragraphs: printed as their number, "6".
    Operative,
    /// Preambular paragraphs, counted from the top of the preamble: "pp5".
    Preambular,
}

impl ParaKind {
    /// The address of paragraph `printed` of this kind: "6" or "pp5".
    pub fn address(self, printed: String) -> String {
        match self {
            ParaKind::Operative => printed,
            ParaKind::Preambular => format!("{PREAMBULAR_PREFIX}{printed}"),
        }
    }
}

/// Prefix of preambular paragraph addresses (`pp5`, CONTRACT.md).
pub(crate) const PREAMBULAR_PREFIX: &str = "pp";

/// English paragraph word: "paragraph(s)", "para(s).", "subparagraph(s)", "operative
/// paragraph(s)", "¶", "OP". Returns false (cursor unchanged) otherwise, and also for the
/// preambular words (see [`en_paragraph_word_kind`]).
pub(crate) fn en_paragraph_word(cur: &mut Cursor) -> bool {
    let mut probe = *cur;
    match en_paragraph_word_kind(&mut probe) {
        Some(ParaKind::Operative) => {
            *cur = probe;
            true
        }
        _ => false,
    }
}

/// English paragraph word and the kind it names: "operative paragraph", "OP" → operative;
/// "preambular paragraph(s)", "PP" → preambular; "paragraph(s)", "para(s).", "¶" → operative.
pub(crate) fn en_paragraph_word_kind(cur: &mut Cursor) -> Option<ParaKind> {
    let mut probe = *cur;
    let mut kind = ParaKind::Operative;
    if probe.eat_word("operative") {
    } else if probe.eat_word("preambular") {
        kind = ParaKind::Preambular;
    } else if let Some(w) = probe.peek_word()
        && matches!(w, "OP" | "OPs" | "PP" | "PPs")
    {
        probe.bump();
        // "PP. 16" would be pages: the abbreviation is written without a full stop ("PP3").
        if !probe.at_num() {
            return None;
        }
        *cur = probe;
        return Some(if w.starts_with('P') {
            ParaKind::Preambular
        } else {
            ParaKind::Operative
        });
    }
    if probe.eat_char('¶') {
        probe.eat_char('¶');
        *cur = probe;
        return Some(kind);
    }
    let w = probe.peek_word()?;
    let lower = w.to_ascii_lowercase();
    match lower.as_str() {
        "paragraph" | "paragraphs" | "subparagraph" | "subparagraphs" => {
            probe.bump();
        }
        "para" | "paras" | "paragr" | "pars" => {
            probe.bump();
            probe.eat_char('.');
        }
        _ => return None,
    }
    *cur = probe;
    Some(kind)
}

/// English ordinals of preambular paragraphs ("fifth preambular paragraph" → `pp5`).
const ORDINALS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// The value of an English ordinal word ("fifth" → 5, "twenty-first" is read by [`ordinal`]).
pub(crate) fn ordinal_value(w: &str) -> Option<u32> {
    ORDINALS
        .iter()
        .position(|o| o.eq_ignore_ascii_case(w))
        .map(|i| i as u32 + 1)
}

/// Reads an ordinal: "fifth", "twenty-first", "5th".
fn ordinal(cur: &mut Cursor) -> Option<u32> {
    let mut probe = *cur;
    let v = if let Some((n, _)) = probe.num() {
        let w = probe.peek_word()?;
        if !matches!(w, "st" | "nd" | "rd" | "th") {
            return None;
        }
        probe.bump();
        n
    } else {
        let w = probe.peek_word()?;
        probe.bump();
        if w.eq_ignore_ascii_case("twenty") || w.eq_ignore_ascii_case("thirty") {
            let tens = if w.eq_ignore_ascii_case("twenty") {
                20
            } else {
                30
            };
            probe.eat_char('-');
            let unit = ordinal_value(probe.peek_word()?).filter(|u| *u < 10)?;
            probe.bump();
            tens + unit
        } else if w.eq_ignore_ascii_case("thirtieth") {
            30
        } else {
            ordinal_value(w)?
        }
    };
    *cur = probe;
    Some(v)
}

/// "[the] fifth [and sixth] preambular paragraph(s)" → `pp5`, `pp6`.
pub(crate) fn ordinal_preambular(cur: &mut Cursor) -> Option<Vec<String>> {
    let mut probe = *cur;
    probe.eat_word("the");
    let mut numbers = vec![ordinal(&mut probe)?];
    loop {
        let mut next = probe;
        if !en_separator(&mut next) {
            break;
        }
        next.eat_word("the");
        match ordinal(&mut next) {
            Some(n) => {
                numbers.push(n);
                probe = next;
            }
            None => break,
        }
    }
    if !probe.eat_word("preambular") {
        return None;
    }
    if !(probe.eat_word("paragraph") || probe.eat_word("paragraphs")) {
        return None;
    }
    *cur = probe;
    Some(
        numbers
            .into_iter()
            .map(|n| ParaKind::Preambular.address(n.to_string()))
            .collect(),
    )
}

/// One or more groups of English paragraphs after a cited document: "paragraphs 4 and 5",
/// "fifth preambular paragraph and paras. 23 and 24", "preambular paragraph 3 and operative
/// paragraph 6", "OP6". With `bare_numbers`, a list without a paragraph word ("2395 (2017) 17",
/// what a person types) is read too.
pub(crate) fn en_paragraph_groups(cur: &mut Cursor, bare_numbers: bool) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut probe = *cur;
    loop {
        let mut g = probe;
        let group: Vec<String> = if let Some(list) = ordinal_preambular(&mut g) {
            list
        } else if let Some(kind) = en_paragraph_word_kind(&mut g) {
            match en_list(&mut g) {
                Some(list) => list.into_iter().map(|p| kind.address(p)).collect(),
                None => break,
            }
        } else if out.is_empty() && bare_numbers && g.at_num() {
            match en_list(&mut g) {
                Some(list) => list,
                None => break,
            }
        } else {
            break;
        };
        for p in group {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        *cur = g;
        let mut sep = g;
        if !en_separator(&mut sep) {
            break;
        }
        probe = sep;
    }
    (!out.is_empty()).then_some(out)
}

/// Chinese words for the preamble of a resolution, longest first ("序言部分第 5 段", "序言第 5
/// 段", "序言段第 5 段").
const ZH_PREAMBULAR: [&str; 3] = ["序言部分", "序言段", "序言"];

/// Chinese words for the operative part, longest first ("执行部分第 6 段", "执行段落第 6 段").
const ZH_OPERATIVE: [&str; 3] = ["执行部分", "执行段落", "执行段"];

/// Chinese paragraphs after a document: "第 17 段", "执行部分第 6 段" (operative), "序言部分第
/// 5 段" (`pp5`), "序言部分第 3 段和执行部分第 5 段". The cursor may be at 执行部分/序言部分 or 第.
pub(crate) fn zh_paragraph_groups(cur: &mut Cursor) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut probe = *cur;
    loop {
        let mut g = probe;
        let kind = if ZH_PREAMBULAR.iter().any(|w| g.eat_chars(w)) {
            ParaKind::Preambular
        } else {
            let _ = ZH_OPERATIVE.iter().any(|w| g.eat_chars(w));
            ParaKind::Operative
        };
        let _ = g.eat_char('的');
        let Some(list) = zh_list(&mut g) else {
            break;
        };
        for p in list {
            let p = kind.address(p);
            if !out.contains(&p) {
                out.push(p);
            }
        }
        *cur = g;
        let mut sep = g;
        if !zh_separator(&mut sep) {
            break;
        }
        let mut look = sep;
        if !ZH_PREAMBULAR
            .iter()
            .chain(&ZH_OPERATIVE)
            .any(|w| look.eat_chars(w))
        {
            break;
        }
        probe = sep;
    }
    (!out.is_empty()).then_some(out)
}

/// Paragraphs numbered in Chinese numerals after "第", up to their "段": "三段", "五和第六段",
/// "三至五段", "三段和第五段".
fn zh_numeral_list(cur: &mut Cursor) -> Option<Vec<String>> {
    use super::grammar_en::zh_numeral;
    let mut probe = *cur;
    let mut numbers: Vec<u32> = Vec::new();
    let mut closed = None;
    loop {
        let n = zh_numeral(&mut probe)?;
        numbers.push(n);
        let mut range = probe;
        if range.eat_one_of(RANGE_MARKS).is_some() {
            range.eat_char('第');
            if let Some(hi) = zh_numeral(&mut range)
                && hi > n
                && hi - n <= MAX_RANGE
            {
                numbers.extend(n + 1..=hi);
                probe = range;
            }
        }
        if probe.eat_char('段') {
            closed = Some((numbers.len(), probe.pos));
        }
        let mut next = probe;
        if !zh_separator(&mut next) {
            break;
        }
        next.eat_char('第');
        if zh_numeral(&mut next.clone()).is_none() || numbers.len() > 400 {
            break;
        }
        probe = next;
    }
    let (count, end) = closed?;
    cur.pos = end;
    Some(numbers[..count].iter().map(u32::to_string).collect())
}

/// The Roman label of a Chinese sub-item mark: ㈠ → "i", ㈢ → "iii".
fn zh_item_mark(cur: &mut Cursor) -> Option<String> {
    let mut probe = *cur;
    let super::lexer::Tok::Char(c) = probe.bump() else {
        return None;
    };
    if !ZH_ITEM_MARKS.contains(&c) {
        return None;
    }
    *cur = probe;
    Some(ROMANS[(c as u32 - *ZH_ITEM_MARKS.start() as u32) as usize].to_string())
}

/// Sub-items marked ㈠ … ㈩ after a lettered item: "㈠目和㈡目", "㈠、㈡和㈢目", "㈠至㈢目"
/// (目 may close each); their Roman labels, or nothing (cursor unchanged).
fn zh_item_marks(cur: &mut Cursor) -> Vec<String> {
    let mut probe = *cur;
    let mut out: Vec<String> = Vec::new();
    while let Some(first) = zh_item_mark(&mut probe) {
        let mut range = probe;
        range.eat_char('目');
        if range.eat_one_of(RANGE_MARKS).is_some()
            && let Some(last) = zh_item_mark(&mut range)
            && let Some(labels) = roman_range(&first, &last)
        {
            out.extend(labels);
            probe = range;
        } else {
            out.push(first);
        }
        probe.eat_char('目');
        *cur = probe;
        let mut sep = probe;
        if !zh_separator(&mut sep) || zh_item_mark(&mut sep.clone()).is_none() {
            break;
        }
        probe = sep;
    }
    out
}

/// Chinese list "第 4、10 和 13 段", "第 10 段、13 段和 18 段", "第 6 段(c)项", "第 5 至 8 段".
/// The cursor must be at "第". Items not closed by "段" are dropped from the end.
pub(crate) fn zh_list(cur: &mut Cursor) -> Option<Vec<String>> {
    let mut probe = *cur;
    if !probe.eat_char('第') {
        return None;
    }
    // "序言部分第三段", "第五和第六段", "第三至五段": paragraphs in Chinese numerals.
    if !probe.at_num() {
        let out = zh_numeral_list(&mut probe)?;
        cur.pos = probe.pos;
        return Some(out);
    }
    let mut items: Vec<Item> = Vec::new();
    let mut committed = 0usize;
    let mut committed_pos = None;
    loop {
        probe.eat_char('第');
        let group = item(&mut probe, items.last(), false)?;
        let group_start = items.len();
        items.extend(group);
        if probe.eat_char('段') {
            // "第 5 段至第 7 段": a range with 第 … 段 at both ends.
            let mut range = probe;
            if items.len() == group_start + 1
                && items[group_start].subs.is_empty()
                && range.eat_one_of(RANGE_MARKS).is_some()
            {
                range.eat_char('第');
                if let (Some(lo), Some((hi, _))) = (items[group_start].number, range.num())
                    && range.eat_char('段')
                    && hi > lo
                    && hi - lo <= MAX_RANGE
                {
                    items.extend((lo + 1..=hi).map(|n| Item {
                        number: Some(n),
                        subs: vec![],
                    }));
                    probe = range;
                }
            }
            // Sub-paragraphs after 段: "(c)项", "(a)、(b)和(c)项", "(a)至(c)项", "(d)分段".
            let mut subs_probe = probe;
            // "第 7 段第(b)项": 第 may open the sub-paragraph.
            let mut numbered = subs_probe;
            if numbered.eat_char('第') && sub_label(&mut numbered.clone()).is_some() {
                subs_probe = numbered;
            }
            // Each lettered label with the sub-items marked after it ("(a)项㈡目": a(ii)).
            let mut labels: Vec<(String, Vec<String>)> = Vec::new();
            while let Some(l) = sub_label(&mut subs_probe) {
                // "(a)至(c)", "(a)项至(d)项": a letter range.
                let mut range = subs_probe;
                range.eat_char('项');
                if range.eat_one_of(RANGE_MARKS).is_some()
                    && let Some(last) = sub_label(&mut range)
                    && let Some(letters) = letter_range(&l, &last)
                {
                    labels.extend(letters.into_iter().map(|x| (x, Vec::new())));
                    subs_probe = range;
                } else {
                    // "(a)项㈠目和㈡目", "(b)㈠至㈢目": sub-items of this lettered item.
                    let mut marked = subs_probe;
                    let _ = marked.eat_chars("分段") || marked.eat_one_of(&['项', '款']).is_some();
                    let marks = zh_item_marks(&mut marked);
                    if !marks.is_empty() {
                        subs_probe = marked;
                    }
                    labels.push((l, marks));
                }
                // "(a)项和(b)项": 项 may close each label.
                let mut sep = subs_probe;
                sep.eat_char('项');
                if zh_separator(&mut sep) && sub_label(&mut sep.clone()).is_some() {
                    subs_probe = sep;
                }
            }
            if !labels.is_empty() && items.len() == group_start + 1 {
                let base = items.pop()?;
                for (l, marks) in labels {
                    let mut it = base.clone();
                    it.subs.push(l);
                    if marks.is_empty() {
                        items.push(it);
                    } else {
                        items.extend(marks.into_iter().map(|m| {
                            let mut sub = it.clone();
                            sub.subs.push(m);
                            sub
                        }));
                    }
                }
                probe = subs_probe;
                let _ = probe.eat_chars("分段") || probe.eat_one_of(&['项', '目', '款']).is_some();
            }
            committed = items.len();
            committed_pos = Some(probe.pos);
        }
        let mut next = probe;
        if !zh_separator(&mut next) {
            break;
        }
        next.eat_char('第');
        if !next.at_num() {
            break;
        }
        probe = next;
        if items.len() > 400 {
            break;
        }
    }
    let end = committed_pos?;
    items.truncate(committed);
    cur.pos = end;
    let mut out = Vec::new();
    dedup_push(&mut out, &items);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(text: &str) -> Option<Vec<String>> {
        en_list(&mut Cursor::new(text, 0))
    }

    fn zh(text: &str) -> Option<Vec<String>> {
        zh_list(&mut Cursor::new(text, 0))
    }

    #[test]
    fn english_lists() {
        let table: [(&str, &[&str]); 9] = [
            ("17", &["17"]),
            ("10, 13 and 18", &["10", "13", "18"]),
            ("4 through 9", &["4", "5", "6", "7", "8", "9"]),
            ("40–42", &["40", "41", "42"]),
            ("4 (d)", &["4(d)"]),
            ("5 (b) (ii)", &["5(b)(ii)"]),
            ("5 (a), (b) and (c)", &["5(a)", "5(b)", "5(c)"]),
            (
                "1, 3, 5, and 7 through 10",
                &["1", "3", "5", "7", "8", "9", "10"],
            ),
            ("20 (a)-(c)", &["20(a)", "20(b)", "20(c)"]),
        ];
        for (input, want) in table {
            assert_eq!(
                en(input),
                Some(want.iter().map(|s| s.to_string()).collect()),
                "{input}"
            );
        }
    }

    #[test]
    fn chinese_lists() {
        let table: [(&str, &[&str]); 15] = [
            ("第 17 段", &["17"]),
            ("第 4、10 和 13 段", &["4", "10", "13"]),
            ("第 10 段、13 段和 18 段", &["10", "13", "18"]),
            ("第 5 至 8 段", &["5", "6", "7", "8"]),
            ("第 6 段(c)项", &["6(c)"]),
            ("第 3 段和 2021 年", &["3"]),
            ("第三段", &["3"]),
            ("第 7 段第(b)项", &["7(b)"]),
            ("第五和第六段", &["5", "6"]),
            ("第三至五段", &["3", "4", "5"]),
            ("第38段(a)项至(d)项", &["38(a)", "38(b)", "38(c)", "38(d)"]),
            ("第29段(a)项㈡目和(b)项", &["29(a)(ii)", "29(b)"]),
            ("第3段(a)项㈠目和㈡目", &["3(a)(i)", "3(a)(ii)"]),
            ("第9段(b)㈠至㈢目", &["9(b)(i)", "9(b)(ii)", "9(b)(iii)"]),
            ("第6段(a)、(b)和(c)项", &["6(a)", "6(b)", "6(c)"]),
        ];
        for (input, want) in table {
            assert_eq!(
                zh(input),
                Some(want.iter().map(|s| s.to_string()).collect()),
                "{input}"
            );
        }
        assert_eq!(zh("第 3 次会议"), None);
        assert_eq!(zh("第三次会议"), None);
    }
}
