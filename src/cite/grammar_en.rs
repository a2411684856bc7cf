//! English citation forms: "resolution(s) 1267 (1999), 1989 (2011) and 2253 (2015)",
//! "General Assembly resolution 60/288", "paragraph(s)/para(s). LIST of [its] resolution(s) …",
//! distributed "paragraphs 3 of resolution 2161 (2014), 5 of resolution 2199 (2015) and …",
//! "paragraphs 4 and 5 of 2178" (from context), "resolution 2178 (2014), in particular
//! paragraphs 4 and 5", symbols with ", annex II" / ", paras. 40–42", "annex II of S/…".
//! The symbol-led forms also take the Chinese tails "，附件一" and "，第 5 段".

use super::lexer::{Cursor, Tok};
use super::paragraphs::{
    ParaKind, en_list, en_paragraph_groups, en_paragraph_word, en_paragraph_word_kind,
    ordinal_preambular, ordinal_value, zh_paragraph_groups,
};
use super::symbols::{Body, ResNumber, parse_symbol_at, resolution_symbol, roman_value};
use super::{Context, Mention, Target};
use crate::model::Symbol;

/// What the words before "resolution" say about the body that adopted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyHint {
    /// "Security Council", "Council", "its".
    Sc,
    Ga,
    Hrc,
    Ecosoc,
    /// Another named body ("Commission on Narcotic Drugs", "Conference").
    Foreign,
    /// Nothing said.
    Unsaid,
}

/// The ASCII words just before `pos` (nearest first), stopping at punctuation.
fn words_before(text: &str, pos: usize, max: usize) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut end = pos;
    while out.len() < max {
        while end > 0 && bytes[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        if start == end {
            break;
        }
        out.push(&text[start..end]);
        end = start;
    }
    out
}

fn body_before(text: &str, pos: usize) -> BodyHint {
    // Legal-citation style: "S.C. Res. 1373 (2001)", "G.A. Res. 60/288".
    let before = text[..pos].trim_end();
    if before.ends_with("G.A.") {
        return BodyHint::Ga;
    }
    if before.ends_with("S.C.") {
        return BodyHint::Sc;
    }
    let w: Vec<String> = words_before(text, pos, 4)
        .iter()
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let at = |i: usize| w.get(i).map(String::as_str).unwrap_or("");
    match at(0) {
        "" => BodyHint::Unsaid,
        "assembly" => BodyHint::Ga,
        "council" => match at(1) {
            "rights" => BodyHint::Hrc,
            "social" => BodyHint::Ecosoc,
            "security" | "" | "the" | "its" | "in" | "by" | "of" | "nations" => BodyHint::Sc,
            _ => BodyHint::Foreign,
        },
        "its" | "their" | "unsc" | "sc" => BodyHint::Sc,
        // "UN Resolution 1701", "United Nations resolution 2178 (2014)": no body named, as
        // news and delegates write.
        "un" => BodyHint::Unsaid,
        "nations" if at(1) == "united" => BodyHint::Unsaid,
        // Abbreviated bodies: "ECOSOC resolution 2019/19", "UNGA resolution 60/288".
        "ecosoc" => BodyHint::Ecosoc,
        "unga" | "ga" => BodyHint::Ga,
        "hrc" => BodyHint::Hrc,
        other => {
            let original = words_before(text, pos, 1).first().copied().unwrap_or("");
            let capitalized = original
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase());
            if capitalized && !other.ends_with("ing") && other != "see" && other != "under" {
                BodyHint::Foreign
            } else {
                BodyHint::Unsaid
            }
        }
    }
}

/// Body words read forward after "of": "[its|the] [United Nations] Security Council['s]",
/// "General Assembly", "Human Rights Council", "Economic and Social Council". Consumes what it
/// reads.
fn body_forward(cur: &mut Cursor) -> BodyHint {
    let _ = cur.eat_word("its") || cur.eat_word("the");
    cur.eat_words(&["United", "Nations"]);
    let hint = if cur.eat_words(&["Security", "Council"]) || cur.eat_word("Council") {
        BodyHint::Sc
    } else if cur.eat_words(&["General", "Assembly"]) || cur.eat_word("Assembly") {
        BodyHint::Ga
    } else if cur.eat_words(&["Human", "Rights", "Council"]) {
        BodyHint::Hrc
    } else if cur.eat_words(&["Economic", "and", "Social", "Council"]) {
        BodyHint::Ecosoc
    } else {
        return BodyHint::Unsaid;
    };
    // "the Council's resolution 2178 (2014)".
    let mut possessive = *cur;
    if possessive.eat_one_of(&['\'', '’']).is_some() && possessive.eat_word("s") {
        *cur = possessive;
    }
    hint
}

use crate::model::ENGLISH_MONTHS as MONTHS;

fn is_month(w: &str) -> bool {
    MONTHS.iter().any(|m| m.eq_ignore_ascii_case(w))
}

/// Skips "of 15 July 1948" / "of July 1948" / "of July 15, 1948" after a resolution number.
fn skip_date_clause(cur: &mut Cursor) {
    let mut probe = *cur;
    if !probe.eat_word("of") {
        return;
    }
    let _ = probe.num();
    match probe.peek_word() {
        Some(w) if is_month(w) => {
            probe.bump();
        }
        _ => return,
    }
    let is_year = |(y, digits): (u32, usize)| digits == 4 && (1900..=2100).contains(&y);
    match probe.num() {
        Some(n) if is_year(n) => *cur = probe,
        Some((_, digits)) if digits <= 2 => {
            probe.eat_char(',');
            if probe.num().is_some_and(is_year) {
                *cur = probe;
            }
        }
        _ => {}
    }
}

/// "(2017)" → year; "(II)" → session. `None` if neither (cursor unchanged).
enum Bracket {
    Year(u32),
    Session(String),
}

fn bracket(cur: &mut Cursor) -> Option<Bracket> {
    let mut probe = *cur;
    if !probe.eat_char('(') {
        return None;
    }
    let got = match probe.bump() {
        Tok::Num(d) => {
            let y = super::lexer::digits_value(d)?;
            if d.chars().count() != 4 || !(1945..=2100).contains(&y) {
                return None;
            }
            Bracket::Year(y)
        }
        Tok::Word(w) if w.chars().all(|c| c.is_ascii_uppercase()) && roman_value(w).is_some() => {
            Bracket::Session(w.to_string())
        }
        _ => return None,
    };
    if !probe.eat_char(')') {
        return None;
    }
    *cur = probe;
    Some(got)
}

/// A special-session resolution number: "ES-11/1" (emergency special session), "S-37/1".
fn special_session_item(cur: &mut Cursor) -> Option<ResNumber> {
    let mut probe = *cur;
    let emergency = match probe.peek_word()? {
        "ES" => true,
        "S" => false,
        _ => return None,
    };
    probe.bump();
    if !probe.eat_char('-') {
        return None;
    }
    let (session, _) = probe.num()?;
    if !probe.eat_char('/') {
        return None;
    }
    let (number, _) = probe.num()?;
    *cur = probe;
    Some(ResNumber::Special {
        emergency,
        session,
        number,
    })
}

/// One resolution number: "2395 (2017)", "2734", "60/288", "377 A (V)", "ES-11/1".
pub(crate) fn res_item(cur: &mut Cursor) -> Option<ResNumber> {
    if let Some(special) = special_session_item(cur) {
        return Some(special);
    }
    let mut probe = *cur;
    let (n, digits) = probe.num()?;
    if digits > 5 {
        return None;
    }
    let res = if probe.eat_char('/') {
        let (m, _) = probe.num()?;
        let _ = bracket(&mut probe);
        ResNumber::Slash {
            first: n,
            second: m,
        }
    } else {
        // "377 A (V)": a single capital letter before a Roman session.
        let mut lettered = probe;
        if let Some(w) = lettered.peek_word()
            && w.len() == 1
            && w.chars().all(|c| c.is_ascii_uppercase())
        {
            lettered.bump();
            if let Some(Bracket::Session(s)) = bracket(&mut lettered) {
                *cur = lettered;
                return Some(ResNumber::Session {
                    number: n,
                    session: s,
                });
            }
        }
        match bracket(&mut probe) {
            Some(Bracket::Year(y)) => ResNumber::Plain {
                number: n,
                year: Some(y),
            },
            Some(Bracket::Session(s)) => ResNumber::Session {
                number: n,
                session: s,
            },
            None => ResNumber::Plain {
                number: n,
                year: None,
            },
        }
    };
    *cur = probe;
    Some(res)
}

/// True for "2395 (2017)" when 2017 is the year of resolution 2395 in the year table: a
/// number that needs no "resolution" word of its own to be read as a resolution.
fn is_checked_dated(res: &ResNumber) -> bool {
    matches!(res, ResNumber::Plain { number, year: Some(y) }
        if super::years::resolution_year(*number) == Some(*y))
}

/// Most words of a subject between "resolutions" and "in particular" ("its previous
/// resolutions on the situation in the Sudan and South Sudan, in particular …").
const MAX_SUBJECT_WORDS: usize = 10;

/// Words that introduce the named members of a set of resolutions.
const INTRODUCERS: [&[&str]; 7] = [
    &["in", "particular"],
    &["including"],
    &["notably"],
    &["especially"],
    &["particularly"],
    &["namely"],
    &["most", "recently"],
];

/// After "resolutions" and a subject of a few words: ", in particular 1591 (2005), 1651 (2005)
/// …". Every number must carry its year, checked against the year table (the numbers have no
/// "resolution" word of their own). `None` (cursor unchanged) otherwise.
fn introduced_dated_list(cur: &mut Cursor) -> Option<Vec<ResNumber>> {
    let mut a = *cur;
    for _ in 0..=MAX_SUBJECT_WORDS {
        let mut probe = a;
        probe.eat_char(',');
        if INTRODUCERS.iter().any(|w| probe.eat_words(w)) {
            probe.eat_char(',');
            let items = res_list(&mut probe)?;
            if !items.iter().all(is_checked_dated) {
                return None;
            }
            *cur = probe;
            return Some(items);
        }
        // The subject: words and numbers ("adopted in 2017", "on the situation in Libya").
        match a.peek().0 {
            Tok::Num(_) => {
                a.bump();
            }
            Tok::Word(w)
                if !w.eq_ignore_ascii_case("resolution")
                    && !w.eq_ignore_ascii_case("resolutions") =>
            {
                a.bump();
            }
            _ => return None,
        }
    }
    None
}

/// Short linking words inside a list of dated resolutions: "…, 2620 (2022), supplemented by
/// 2664 (2022), 2676 (2023)"; at most this many.
const MAX_LINK_WORDS: usize = 3;

/// After a separator in a list of dated resolutions: a few lower-case linking words
/// ("supplemented by", "as amended by", "and most recently") before the next dated number,
/// which must agree with the year table. Moves the cursor past the words.
fn skip_link_words(cur: &mut Cursor) {
    let mut a = *cur;
    for _ in 0..MAX_LINK_WORDS {
        match a.peek_word() {
            Some(w) if w.chars().all(|c| c.is_ascii_lowercase()) && w != "of" => {
                a.bump();
            }
            _ => break,
        }
        let mut item = a;
        if res_item(&mut item).is_some_and(|r| is_checked_dated(&r)) {
            *cur = a;
            return;
        }
    }
}

fn same_style(a: &ResNumber, b: &ResNumber) -> bool {
    match (a, b) {
        (ResNumber::Plain { year: ya, .. }, ResNumber::Plain { year: yb, .. }) => {
            ya.is_some() == yb.is_some()
        }
        (
            ResNumber::Slash { .. } | ResNumber::Special { .. },
            ResNumber::Slash { .. } | ResNumber::Special { .. },
        ) => true,
        (ResNumber::Session { .. }, ResNumber::Session { .. }) => true,
        (ResNumber::Session { .. }, ResNumber::Plain { year: Some(_), .. }) => true,
        (ResNumber::Plain { year: Some(_), .. }, ResNumber::Session { .. }) => true,
        _ => false,
    }
}

/// Smallest number of a slash-joined list of Council resolutions ("1267/1989/2253",
/// "751/1907"): below it "N/M" is a General Assembly session/number (sessions ≤ 99) or an
/// ECOSOC year/number ("1980/67", "1996/31": an ECOSOC year has fewer than 500 resolutions).
const MIN_SLASH_JOINED_NUMBER: u32 = 500;

/// "1267/1989/2253" (a sanctions regime's resolutions joined by slashes) after "resolutions":
/// read as `first` ("1267/1989") when both numbers are at least [`MIN_SLASH_JOINED_NUMBER`],
/// the second is not the first's year ("2178/2014" is), and every number is a Council
/// resolution of the year table; the numbers (cursor moved past the rest), or `None`.
pub(crate) fn slash_joined(first: &ResNumber, cur: &mut Cursor) -> Option<Vec<ResNumber>> {
    use super::years::resolution_year;
    let ResNumber::Slash { first, second } = *first else {
        return None;
    };
    if first.min(second) < MIN_SLASH_JOINED_NUMBER
        || resolution_year(first).is_none_or(|y| y == second)
        || resolution_year(second).is_none()
    {
        return None;
    }
    let plain = |number| ResNumber::Plain { number, year: None };
    let mut items = vec![plain(first), plain(second)];
    loop {
        let mut probe = *cur;
        if !probe.eat_char('/') {
            break;
        }
        match probe.num() {
            Some((n, _)) if resolution_year(n).is_some() => items.push(plain(n)),
            _ => break,
        }
        *cur = probe;
    }
    Some(items)
}

/// "1267 (1999), 1989 (2011) and 2253 (2015)" after "resolutions".
fn res_list(cur: &mut Cursor) -> Option<Vec<ResNumber>> {
    // "resolution No. 2334", "Resolution No 2231", "resolutions Nos. 1267 and 1989".
    let mut numbered = *cur;
    if (numbered.eat_word("No") || numbered.eat_word("Nos")) && {
        numbered.eat_char('.');
        numbered.at_num()
    } {
        *cur = numbered;
    }
    let first = res_item(cur)?;
    skip_date_clause(cur);
    let mut items = slash_joined(&first, cur).unwrap_or_else(|| vec![first]);
    loop {
        let mut probe = *cur;
        // "resolutions 1267 (1999)/1989 (2011)/2253 (2015)": a slash between dated numbers.
        let mut slash = probe;
        if is_checked_dated(&items[0])
            && slash.eat_char('/')
            && res_item(&mut slash.clone()).is_some_and(|r| is_checked_dated(&r))
        {
            probe = slash;
        }
        let comma = probe.eat_char(',') || probe.pos == slash.pos && probe.pos != cur.pos;
        let word = probe.eat_word("and") || probe.eat_word("or");
        // "…, 1409 (2002) of 14 May 2002, and in particular, 1447 (2002)".
        if (comma || word) && probe.eat_words(&["in", "particular"]) {
            probe.eat_char(',');
        }
        if comma && is_checked_dated(&items[0]) {
            skip_link_words(&mut probe);
        }
        let Some(next) = res_item(&mut probe) else {
            break;
        };
        if !same_style(&items[0], &next) {
            break;
        }
        // "resolutions 1267 (1999) 1989 (2011)": a missing comma is tolerated between
        // numbers that both carry their year.
        let both_dated = matches!(
            (&items[0], &next),
            (
                ResNumber::Plain { year: Some(_), .. },
                ResNumber::Plain { year: Some(_), .. }
            )
        );
        if !comma && !word && !both_dated {
            break;
        }
        skip_date_clause(&mut probe);
        // "…, 5 of resolution 2199 (2015)" is the next part of a distributed form.
        if probe
            .peek_word()
            .is_some_and(|w| w.eq_ignore_ascii_case("of"))
        {
            break;
        }
        items.push(next);
        *cur = probe;
        if items.len() > 200 {
            break;
        }
    }
    Some(items)
}

fn symbol_for(hint: BodyHint, res: &ResNumber, context: &Context) -> Option<Symbol> {
    let body = match (hint, res) {
        (BodyHint::Foreign, ResNumber::Plain { year: Some(_), .. }) => Body::Sc,
        (BodyHint::Foreign, _) => return None,
        (BodyHint::Ga, _) => Body::Ga,
        (BodyHint::Hrc, _) => Body::Hrc,
        (BodyHint::Ecosoc, _) => Body::Ecosoc,
        (BodyHint::Sc | BodyHint::Unsaid, ResNumber::Plain { number, year: None }) => {
            if hint == BodyHint::Unsaid && *number < 100 && !context.reference_mode {
                return None;
            }
            Body::Sc
        }
        (BodyHint::Sc | BodyHint::Unsaid, _) => Body::Sc,
    };
    resolution_symbol(body, res)
}

/// Tails after a cited document: ", annex II", ", in particular paragraphs 4 and 5",
/// "(para. 5)", "，附件", "，第 5 段". Returns (part, paragraphs).
fn tails(cur: &mut Cursor, context: &Context) -> (Option<String>, Vec<String>) {
    let mut part = None;
    let mut paragraphs = Vec::new();
    for _ in 0..2 {
        let mut probe = *cur;
        let paren = probe.eat_char('(');
        probe.eat_char(',');
        // "号文件第 5 段", "号文件附件二", "S/RES/2396(2017)号决议第 6 段".
        if probe.eat_chars("号文件") || probe.eat_chars("号决议") {
            let _ = probe.eat_char(',') || probe.eat_char('的') || probe.eat_char('中');
        }
        // Chinese part: "，附件" / "附件一" / "号文件附文".
        if part.is_none()
            && let Some(p) = zh_part(&mut probe)
        {
            part = Some(p);
            *cur = probe;
            continue;
        }
        if part.is_none()
            && let Some(p) = en_part(&mut probe)
        {
            part = Some(p);
            if paren {
                probe.eat_char(')');
            }
            *cur = probe;
            continue;
        }
        if !paragraphs.is_empty() {
            break;
        }
        // Chinese paragraphs after a symbol: "，第 5 段", "，执行部分第 5 段", "号文件第 5 段".
        if matches!(probe.peek().0, Tok::Char('第' | '执' | '序'))
            && let Some(list) = zh_paragraph_groups(&mut probe)
        {
            paragraphs = list;
            *cur = probe;
            break;
        }
        let _ = probe.eat_words(&["and", "in", "particular"])
            || probe.eat_words(&["in", "particular"])
            || probe.eat_word("including")
            || probe.eat_word("notably")
            || probe.eat_word("especially")
            || probe.eat_word("particularly")
            || probe.eat_word("specifically");
        let _ = probe.eat_word("its") || probe.eat_word("their");
        let Some(list) = en_paragraph_groups(&mut probe, context.reference_mode) else {
            break;
        };
        // "resolution 2178 (2014), paragraphs 4 and 5 of resolution 2396 (2017)": not ours.
        if probe
            .peek_word()
            .is_some_and(|w| w.eq_ignore_ascii_case("of"))
        {
            break;
        }
        probe.eat_word("thereof");
        if paren {
            probe.eat_char(')');
        }
        paragraphs = list;
        *cur = probe;
        break;
    }
    (part, paragraphs)
}

/// "Ibid., para(s). LIST" at `pos`: the document cited just before, when nothing else was
/// cited in between (see [`Context::ibid_target`]). Only a capitalized "Ibid." that opens a
/// note, "see (also) ibid." or "…; ibid." (the next entry of a note's list) is followed;
/// "(ibid., para. 113)" inside running text is not.
pub(crate) fn ibid(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let mut cur = Cursor::new(text, pos);
    let word = cur.peek_word()?;
    if !word.eq_ignore_ascii_case("ibid") {
        return None;
    }
    let opens_note = word.starts_with('I');
    let after_see = words_before(text, pos, 2)
        .iter()
        .any(|w| w.eq_ignore_ascii_case("see") || w.eq_ignore_ascii_case("also"));
    // "See S/2025/134, para. 9; ibid., annex I, para. 3": the next entry of a note's list.
    let in_list = text[..pos].trim_end().ends_with(';');
    if !opens_note && !after_see && !in_list {
        return None;
    }
    cur.bump();
    cur.eat_char('.');
    cur.eat_char(',');
    // "Ibid., annex I, para. 3"; "Ibid., annex II." (the part alone).
    let part = en_part(&mut cur);
    let mut after_part = cur;
    if part.is_some() {
        after_part.eat_char(',');
    }
    let paragraphs = if en_paragraph_word(&mut after_part) {
        let list = en_list(&mut after_part)?;
        cur = after_part;
        list
    } else if part.is_some() {
        Vec::new()
    } else {
        return None;
    };
    context.ibid_mention(text, (pos, cur.pos), part, paragraphs)
}

/// A Chinese numeral 一 … 九十九 (annex numbers) at the cursor.
pub(crate) fn zh_numeral(cur: &mut Cursor) -> Option<u32> {
    let start = cur.next_start();
    let (value, len) = crate::model::numerals::chinese_numeral_prefix(&cur.text[start..])?;
    cur.pos = start + len;
    Some(value)
}

/// "resolution(s) …" at `pos`.
pub(crate) fn resolution_group(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let mut hint = body_before(text, pos);
    let mut cur = Cursor::new(text, pos);
    let word = cur.peek_word()?.to_ascii_lowercase();
    cur.bump();
    match word.as_str() {
        // "res. 2178": the abbreviation needs its full stop, unless a body is named before it
        // ("UNSC Res 2334", "GA Res 70/1").
        "res" if !cur.eat_char('.') && matches!(hint, BodyHint::Unsaid | BodyHint::Foreign) => {
            return None;
        }
        // "UNSCR 2396", "SCR 1373 (2001)": Security Council resolution.
        "unscr" | "unscrs" | "scr" | "scrs" => hint = BodyHint::Sc,
        _ => {}
    }
    let items = match res_list(&mut cur) {
        Some(items) => items,
        // "its previous resolutions concerning Sudan, in particular 1591 (2005), …".
        None if word == "resolutions" => introduced_dated_list(&mut cur)?,
        None => return None,
    };
    let symbols: Vec<Symbol> = items
        .iter()
        .filter_map(|r| symbol_for(hint, r, context))
        .collect();
    if symbols.is_empty() {
        return None;
    }
    let end_of_list = cur.pos;
    let (part, paragraphs) = tails(&mut cur, context);
    let end = if part.is_some() || !paragraphs.is_empty() {
        cur.pos
    } else {
        end_of_list
    };
    // "resolutions 2253 (2015) and 2368 (2017), paragraphs 4 and 5 respectively".
    let distributed =
        symbols.len() > 1 && symbols.len() == paragraphs.len() && respectively(&mut cur);
    let end = if distributed { cur.pos } else { end };
    Some(Mention::of_group(
        (pos, end),
        symbols,
        part,
        paragraphs,
        distributed,
    ))
}

/// A document named after "of": its symbol, the cited part, and for an anaphor the text of
/// the mention it was resolved to.
pub(crate) struct DocRef {
    symbol: Symbol,
    part: Option<String>,
    antecedent: Option<String>,
}

impl DocRef {
    fn plain(symbol: Symbol, part: Option<String>) -> DocRef {
        DocRef {
            symbol,
            part,
            antecedent: None,
        }
    }

    fn target(self, paragraphs: Vec<String>) -> Target {
        Target {
            symbol: self.symbol,
            part: self.part,
            paragraphs,
            antecedent: self.antecedent,
        }
    }
}

/// What follows "of" in "paragraph 4 of …": resolutions, a symbol, a number from context,
/// "that resolution", or a described document with its symbol ("the Secretary-General's report
/// (S/2025/6)"). Returns the documents and the part ("annex II of S/…").
fn of_target(text: &str, cur: &mut Cursor, context: &Context) -> Option<Vec<DocRef>> {
    let mut probe = *cur;
    if !probe.eat_word("of") {
        return None;
    }
    let part = annex_prefix(&mut probe);
    if let Some(found) = anaphor_target(&mut probe, context) {
        let (symbol, raw) = found?;
        *cur = probe;
        return Some(vec![DocRef {
            symbol,
            part,
            antecedent: Some(raw),
        }]);
    }
    if let Some(symbol) = symbol_target(text, &mut probe, context) {
        *cur = probe;
        return Some(vec![DocRef::plain(symbol, part)]);
    }
    if let Some(found) = numbered_target(&mut probe, context) {
        let symbol = found?;
        *cur = probe;
        return Some(vec![DocRef::plain(symbol, part)]);
    }
    // "paragraph 3 of the note" (the note cited before).
    if let Some(found) = document_anaphor(&mut probe, context) {
        let (symbol, raw) = found?;
        *cur = probe;
        return Some(vec![DocRef {
            symbol,
            part,
            antecedent: Some(raw),
        }]);
    }
    if let Some(symbols) = resolution_target(&mut probe, context) {
        *cur = probe;
        return Some(
            symbols
                .into_iter()
                .map(|s| DocRef::plain(s, part.clone()))
                .collect(),
        );
    }
    let (symbol, own_part) = described_target(text, &mut probe, context)?;
    *cur = probe;
    Some(vec![DocRef::plain(symbol, part.or(own_part))])
}

/// "the annex to" / "annex II of" / "the enclosure to" before the document: the cited part
/// (consumed), or `None` (nothing consumed).
fn annex_prefix(cur: &mut Cursor) -> Option<String> {
    let mut a = *cur;
    a.eat_word("the");
    let part = en_part(&mut a)?;
    if a.eat_word("to") || a.eat_word("of") {
        *cur = a;
        return Some(part);
    }
    None
}

/// Largest part number written in digits ("appendix 2") that is read as a part number.
const MAX_PART_NUMBER: u32 = 30;

/// The number after "annex": Roman ("annex II"), a capital letter numbered by its place in
/// the alphabet ("annex B" of resolution 2231 (2015) → 2, as the evaluation sets label
/// lettered annexes) or a small Arabic one ("appendix 2"); 1 when none is written.
fn annex_number(cur: &mut Cursor) -> u32 {
    if let Some(w) = cur.peek_word()
        && w.chars().all(|c| c.is_ascii_uppercase())
    {
        let mut after = *cur;
        after.bump();
        let symbol_next = matches!(after.peek().0, Tok::Char('/'));
        if let Some(v) = roman_value(w).filter(|v| *v <= MAX_PART_NUMBER) {
            cur.bump();
            return v;
        }
        if w.len() == 1 && !symbol_next {
            cur.bump();
            return u32::from(w.as_bytes()[0] - b'A') + 1;
        }
    }
    let mut probe = *cur;
    if let Some((n, _)) = probe.num()
        && (1..=MAX_PART_NUMBER).contains(&n)
        && !matches!(probe.peek().0, Tok::Char('/' | '.'))
    {
        *cur = probe;
        return n;
    }
    1
}

/// An English part word with its number ("annex II", "the enclosure", "appendix 2"): the
/// part key (consumed), or `None` (nothing consumed).
fn en_part(cur: &mut Cursor) -> Option<String> {
    let mut a = *cur;
    let word = a.peek_word()?.to_ascii_lowercase();
    let kind = super::PART_WORDS.iter().find(|(w, _)| *w == word)?.1;
    a.bump();
    let n = annex_number(&mut a);
    *cur = a;
    Some(kind.key(n))
}

/// A Chinese part word with its number ("附件二", "附文", "附录一"): the part key (consumed),
/// or `None` (nothing consumed).
pub(crate) fn zh_part(cur: &mut Cursor) -> Option<String> {
    for (word, kind) in super::PART_WORDS {
        let mut a = *cur;
        if word.is_ascii() || !a.eat_chars(word) {
            continue;
        }
        let n = zh_numeral(&mut a)
            .or_else(|| zh_part_letter(&mut a))
            .unwrap_or(1);
        *cur = a;
        return Some(kind.key(n));
    }
    None
}

/// Lettered parts in Chinese, numbered by position: "附件B" and "附件乙" (the second of the
/// Heavenly Stems 甲乙丙丁…) are both `annex-2`, as "annex B" is.
const ZH_PART_STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];

/// The position of a part's letter after a Chinese part word ("附件B", "附件乙"), consumed.
fn zh_part_letter(cur: &mut Cursor) -> Option<u32> {
    let mut a = *cur;
    let n = match a.bump() {
        Tok::Word(w) if w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase() => {
            u32::from(w.as_bytes()[0] - b'A') + 1
        }
        Tok::Char(c) => ZH_PART_STEMS.iter().position(|s| *s == c)? as u32 + 1,
        _ => return None,
    };
    *cur = a;
    Some(n)
}

/// "that resolution", "the same/said/aforementioned/above-mentioned resolution", "the
/// former/latter [resolution]": `Some(None)` when the words are there but nothing earlier
/// resolves them, `None` when they are not there (nothing consumed).
fn anaphor_target(cur: &mut Cursor, context: &Context) -> Option<Option<(Symbol, String)>> {
    let mut a = *cur;
    let anaphor = a.eat_word("that")
        || a.eat_words(&["the", "same"])
        || a.eat_words(&["the", "said"])
        || a.eat_words(&["the", "aforementioned"])
        || a.eat_words(&["the", "abovementioned"])
        || a.eat_words(&["the", "aforesaid"])
        || a.eat_words(&["the", "above", "mentioned"])
        || (a.eat_words(&["the", "above"]) && a.eat_char('-') && a.eat_word("mentioned"));
    if anaphor && a.eat_word("resolution") {
        *cur = a;
        return Some(context.last_resolution());
    }
    let mut a = *cur;
    if !a.eat_word("the") {
        return None;
    }
    let back = if a.eat_word("former") {
        1
    } else if a.eat_word("latter") {
        0
    } else {
        return None;
    };
    let _ = a.eat_word("resolution");
    *cur = a;
    Some(context.recent_resolution(back))
}

/// A written symbol, possibly after "document".
fn symbol_target(text: &str, cur: &mut Cursor, context: &Context) -> Option<Symbol> {
    let mut a = *cur;
    a.eat_word("document");
    let found = parse_symbol_at(text, a.next_start(), context.reference_mode)?;
    cur.pos = found.end;
    Some(found.symbol)
}

/// "2178" (a resolution cited earlier) or "2178 (2014)": `Some(None)` when a bare number
/// names no resolution cited before, `None` when no number is there.
fn numbered_target(cur: &mut Cursor, context: &Context) -> Option<Option<Symbol>> {
    let mut a = *cur;
    let Some(ResNumber::Plain { number, year }) = res_item(&mut a) else {
        return None;
    };
    let symbol = match year {
        Some(y) => Some(Symbol::sc_resolution(number, y)),
        None => context.resolution_numbered(number),
    };
    if symbol.is_some() {
        *cur = a;
    }
    Some(symbol)
}

/// "[its|the] [Security Council|General Assembly …] resolution(s) LIST", "UNSCR 2178",
/// "SCR 2396", "res. 2178": the symbols (cursor moved past them), or `None` (cursor unchanged).
fn resolution_target(cur: &mut Cursor, context: &Context) -> Option<Vec<Symbol>> {
    let mut a = *cur;
    let hint = body_forward(&mut a);
    let abbreviated = ["UNSCR", "UNSCRs", "SCR", "SCRs"]
        .iter()
        .any(|w| a.peek_word() == Some(w));
    if abbreviated {
        a.bump();
    } else if a.eat_word("res") {
        if !a.eat_char('.') {
            return None;
        }
    } else if !(a.eat_word("resolution") || a.eat_word("resolutions")) {
        return None;
    }
    let hint = if hint == BodyHint::Unsaid {
        BodyHint::Sc
    } else {
        hint
    };
    let items = res_list(&mut a)?;
    let symbols: Vec<Symbol> = items
        .iter()
        .filter_map(|r| symbol_for(hint, r, context))
        .collect();
    if symbols.is_empty() {
        return None;
    }
    *cur = a;
    Some(symbols)
}

/// Nouns that name a document described in words before its symbol: "the Secretary-General's
/// report (S/2025/6)", "the letter dated 5 May 2025 from … (S/2025/300)".
const DOCUMENT_NOUNS: [&str; 12] = [
    "report",
    "letter",
    "note",
    "document",
    "statement",
    "communication",
    "memorandum",
    "study",
    "review",
    "assessment",
    "summary",
    "record",
];

/// Words that end a document's description: what follows them is another structure (a list,
/// another resolution, another paragraph).
const DESCRIPTION_STOPS: [&str; 8] = [
    "and",
    "or",
    "resolution",
    "resolutions",
    "paragraph",
    "paragraphs",
    "para",
    "paras",
];

/// Words that make a description the citing document itself ("paragraph 1 of the present
/// report (S/2016/44)": the symbol names what paragraph 1 of this report mentions).
const SELF_REFERENCE_WORDS: [&str; 2] = ["present", "this"];

/// Most tokens read in a document's description before its symbol. A letter's title ("the
/// letter dated 5 May 2025 from the Permanent Representative of Cyprus to the United Nations
/// addressed to the Secretary-General") is about 25 tokens; reports are named in under 10.
const MAX_DESCRIPTION_TOKENS: usize = 32;

/// A document described in words and then given its symbol: "the Secretary-General's report
/// (S/2025/6)", "the report of the Secretary-General of 12 March 2025 (S/2025/153)". The
/// description holds a document noun ([`DOCUMENT_NOUNS`]), words, numbers, hyphens,
/// apostrophes and bracketed asides ("ISIL (Da'esh)") only (no punctuation, no "and"); the
/// symbol follows it, bracketed or not.
fn described_target(
    text: &str,
    cur: &mut Cursor,
    context: &Context,
) -> Option<(Symbol, Option<String>)> {
    let mut a = *cur;
    let mut named = false;
    let mut words = 0usize;
    let mut titled = false;
    // Inside a bracketed aside of the description: "… posed by ISIL (Da'esh) (S/2025/72)".
    let mut in_aside = false;
    for _ in 0..MAX_DESCRIPTION_TOKENS {
        match a.peek().0 {
            Tok::Word(w) => {
                let lower = w.to_ascii_lowercase();
                if DESCRIPTION_STOPS.contains(&lower.as_str())
                    || SELF_REFERENCE_WORDS.contains(&lower.as_str())
                {
                    return None;
                }
                words += 1;
                // A capitalized word after the first ("the 2005 World Summit Outcome").
                titled |= words > 1 && w.chars().next().is_some_and(|c| c.is_ascii_uppercase());
                if parse_symbol_at(text, a.next_start(), false).is_some() {
                    break;
                }
                named |= DOCUMENT_NOUNS
                    .iter()
                    .any(|n| lower == *n || lower.strip_suffix('s') == Some(n));
            }
            Tok::Num(_) | Tok::Char('-' | '\'' | '’' | '‘') => {}
            Tok::Char('(') if !in_aside => {
                let mut inside = a;
                inside.bump();
                if parse_symbol_at(text, inside.next_start(), context.reference_mode).is_some() {
                    break;
                }
                // "the 2005 World Summit Outcome (General Assembly resolution 60/1)": a title
                // followed by the resolution that adopted it (no document noun needed).
                if words > 0
                    && let Some(symbols) = resolution_target(&mut inside, context)
                    && let [symbol] = symbols.as_slice()
                {
                    // "(General Assembly resolution 60/1, annex)": the title is the annex.
                    let mut part = inside;
                    part.eat_char(',');
                    let part = en_part(&mut part).map(|p| (p, part));
                    if let Some((key, after)) = &part
                        && after.clone().eat_char(')')
                    {
                        inside = *after;
                        inside.eat_char(')');
                        *cur = inside;
                        return Some((symbol.clone(), Some(key.clone())));
                    }
                    if inside.eat_char(')') {
                        *cur = inside;
                        return Some((symbol.clone(), None));
                    }
                }
                in_aside = true;
            }
            Tok::Char(')') if in_aside => in_aside = false,
            _ => return None,
        }
        a.bump();
    }
    // "the World Summit Outcome (A/RES/60/1)": a capitalized title needs no document noun when
    // its symbol follows in brackets.
    let bracket_next = matches!(a.peek().0, Tok::Char('('));
    if !(named || bracket_next && titled) || in_aside {
        return None;
    }
    let bracket = a.eat_char('(');
    let found = parse_symbol_at(text, a.next_start(), context.reference_mode)?;
    a.pos = found.end;
    if bracket {
        a.eat_char(')');
    }
    *cur = a;
    Some((found.symbol, None))
}

/// "paragraph(s) LIST of …" at `pos`, with the distributed continuation
/// ", 5 of resolution 2199 (2015) and 2 of resolution 2253 (2015)".
pub(crate) fn paragraph_first(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let mut cur: Cursor;
    let mut start = pos;
    let mut ordinals = Cursor::new(text, ordinals_before(text, pos).unwrap_or(pos));
    let list = if let Some(list) = ordinal_preambular(&mut ordinals)
        && ordinals.pos > pos
    {
        // "the fifth preambular paragraph of resolution …", "second and third preambular
        // paragraphs" (read from "preambular").
        start = ordinals_before(text, pos).unwrap_or(pos);
        cur = ordinals;
        list
    } else {
        // "paragraph 6", "preambular paragraphs 3 and 4 and operative paragraph 2", "OP6".
        let mut c = Cursor::new(text, pos);
        let mut list = en_paragraph_groups(&mut c, false)?;
        // "subparagraphs (a) to (c) of paragraph 1 of …": letters of a numbered paragraph.
        if list.iter().all(|p| p.starts_with('(')) {
            let mut probe = c;
            // "(i) to (iii) of paragraph 9 (b)": the parent may carry its own letter.
            if probe.eat_word("of")
                && en_paragraph_word(&mut probe)
                && probe.at_num()
                && let Some(parent) = en_list(&mut probe)
                && let [parent] = parent.as_slice()
            {
                list = list.into_iter().map(|p| format!("{parent}{p}")).collect();
                c = probe;
            }
        }
        cur = c;
        list
    };
    // "paragraphs 101-108 and Annex I of resolution 2734 (2024)": the annex is cited too.
    let annex_too = and_annex_before_of(&mut cur);
    let Some(docs) = of_target(text, &mut cur, context) else {
        return unattached_paragraphs(text, start, cur, list, context);
    };
    let mut targets: Vec<Target> =
        if docs.len() > 1 && docs.len() == list.len() && respectively(&mut cur) {
            // "paragraphs 4 and 5 of resolutions 2253 (2015) and 2368 (2017), respectively".
            docs.into_iter()
                .zip(list.iter())
                .map(|(d, p)| d.target(vec![p.clone()]))
                .collect()
        } else {
            let mut out = Vec::new();
            for d in docs {
                let annex = annex_too
                    .as_ref()
                    .filter(|_| d.part.is_none())
                    .map(|annex| Target {
                        symbol: d.symbol.clone(),
                        part: Some(annex.clone()),
                        paragraphs: Vec::new(),
                        antecedent: d.antecedent.clone(),
                    });
                out.push(d.target(list.clone()));
                out.extend(annex);
            }
            out
        };
    loop {
        let mut probe = cur;
        let comma = probe.eat_char(',') || probe.eat_char(';');
        let and = probe.eat_word("and");
        if !comma && !and {
            break;
        }
        let kind = en_paragraph_word_kind(&mut probe).unwrap_or(ParaKind::Operative);
        let Some(more) = en_list(&mut probe) else {
            break;
        };
        let more: Vec<String> = more.into_iter().map(|p| kind.address(p)).collect();
        let Some(docs) = of_target(text, &mut probe, context) else {
            break;
        };
        // "paragraph 3 of resolution 2396 (2017) and paragraph 4 of that resolution": the
        // anaphor points at this mention, which the context does not hold yet; it is read as
        // a mention of its own.
        if docs.iter().any(|d| d.antecedent.is_some())
            && targets.iter().any(|t| t.antecedent.is_none())
        {
            break;
        }
        targets.extend(docs.into_iter().map(|d| d.target(more.clone())));
        cur = probe;
        if targets.len() > 200 {
            break;
        }
    }
    Some(Mention {
        start,
        end: cur.pos,
        targets,
    })
}

/// A paragraph list with no "of DOCUMENT" that continues the citation just before it in the
/// same sentence: "Resolution 2139 (2014) …; its paragraph 6", or a bracket holding only the
/// list ("annex B of resolution 2231 (2015) … arms-related transfers (paras. 5 and 6 (b))").
/// `cur` is just after the list. See [`Context::unattached_target`].
fn unattached_paragraphs(
    text: &str,
    start: usize,
    cur: Cursor,
    list: Vec<String>,
    context: &Context,
) -> Option<Mention> {
    let possessive = words_before(text, start, 1)
        .first()
        .is_some_and(|w| w.eq_ignore_ascii_case("its"));
    let bracketed = text[..start].trim_end().ends_with('(') && cur.clone().eat_char(')');
    // "In its resolution 2396 (2017), the Council, in paragraph 3, decided": a clause of its
    // own between commas.
    let in_clause = words_before(text, start, 1)
        .first()
        .is_some_and(|w| w.eq_ignore_ascii_case("in"))
        && text[..start].trim_end()[..text[..start].trim_end().len() - 2]
            .trim_end()
            .ends_with(',')
        && cur.clone().eat_char(',');
    if !possessive && !bracketed && !in_clause {
        return None;
    }
    // "Resolution 2139 (2014) was adopted. Its paragraph 6 …": "its" may open the next
    // sentence; a bracket stays in the sentence of its document.
    let target = context.unattached_target(text, start, possessive)?;
    Some(Mention::continuing((start, cur.pos), target, list))
}

/// Nouns of "paragraph 3 of the note": the last non-resolution document cited, when it was
/// described with the same noun ([`Context::document_named`]).
const ANAPHORIC_DOCUMENT_NOUNS: [&str; 3] = ["note", "report", "letter"];

/// Words after "the note/report/letter" that go on describing it ("the letter dated …", "the
/// report of the Secretary-General"): then it is a description, not an anaphor.
const DESCRIPTION_GOES_ON: [&str; 18] = [
    "of",
    "dated",
    "by",
    "from",
    "addressed",
    "submitted",
    "entitled",
    "on",
    "to",
    "transmitted",
    "transmitting",
    "contained",
    "issued",
    "prepared",
    "in",
    "for",
    "concerning",
    "regarding",
];

/// "the note" / "the report" / "the letter" not followed by its own description or symbol:
/// `Some(None)` when nothing earlier resolves it, `None` when the words are not there (nothing
/// consumed).
fn document_anaphor(cur: &mut Cursor, context: &Context) -> Option<Option<(Symbol, String)>> {
    let mut a = *cur;
    if !a.eat_word("the") {
        return None;
    }
    let noun = a.peek_word()?.to_ascii_lowercase();
    if !ANAPHORIC_DOCUMENT_NOUNS.contains(&noun.as_str()) {
        return None;
    }
    a.bump();
    // "the note by the President … (S/2016/44)", "the report (S/2025/6)": described, not an
    // anaphor.
    let ends_here = match a.peek().0 {
        Tok::Char(c) => c != '(',
        Tok::Word(w) => !DESCRIPTION_GOES_ON
            .iter()
            .any(|d| d.eq_ignore_ascii_case(w)),
        Tok::End => true,
        Tok::Num(_) => false,
    };
    if !ends_here {
        return None;
    }
    *cur = a;
    Some(context.document_named(&noun))
}

/// "and [the] annex [II]" between a paragraph list and "of DOCUMENT": the annex's part, the
/// cursor left at "of"; `None` (nothing consumed) otherwise.
fn and_annex_before_of(cur: &mut Cursor) -> Option<String> {
    let mut a = *cur;
    if !a.eat_word("and") {
        return None;
    }
    a.eat_word("the");
    if !a.eat_word("annex") {
        return None;
    }
    let n = annex_number(&mut a);
    if a.peek_word().is_some_and(|w| w.eq_ignore_ascii_case("of")) {
        *cur = a;
        return Some(crate::model::PartKind::Annex.key(n));
    }
    None
}

/// Consumes ", respectively" if it is next.
pub(crate) fn respectively(cur: &mut Cursor) -> bool {
    let mut probe = *cur;
    probe.eat_char(',');
    if probe.eat_word("respectively") {
        *cur = probe;
        return true;
    }
    false
}

/// Most words read back from "preambular" over ordinals and their separators ("second, third
/// and fourth").
const MAX_ORDINAL_WORDS_BACK: usize = 12;

/// Where the ordinals just before `pos` start ("fifth" in "fifth preambular paragraph",
/// "second" in "second, third and fourth preambular paragraphs"), or `None`.
fn ordinals_before(text: &str, pos: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut end = pos;
    let mut start = None;
    for _ in 0..MAX_ORDINAL_WORDS_BACK {
        while end > 0 && (bytes[end - 1].is_ascii_whitespace() || bytes[end - 1] == b',') {
            end -= 1;
        }
        let mut s = end;
        while s > 0 && (bytes[s - 1].is_ascii_alphabetic() || bytes[s - 1] == b'-') {
            s -= 1;
        }
        let w = &text[s..end];
        let ordinal = ordinal_value(w).is_some()
            || w.split('-').next_back().and_then(ordinal_value).is_some();
        if ordinal {
            start = Some(s);
        } else if !(w.eq_ignore_ascii_case("and") && start.is_some()) {
            break;
        }
        end = s;
    }
    start
}

/// "annex II of S/2019/998", "the annex to resolution 2178 (2014)", "the enclosure to
/// document S/2025/187", "annex I to the letter dated … (S/2025/135)" at `pos` ("annex",
/// "enclosure", "appendix").
pub(crate) fn annex_first(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let mut cur = Cursor::new(text, pos);
    let parts = en_parts(&mut cur)?;
    if !(cur.eat_word("of") || cur.eat_word("to")) {
        return None;
    }
    // "annex II to document S/2023/850".
    cur.eat_word("document");
    let start = cur.next_start();
    let mut paragraphs = Vec::new();
    let symbol = if let Some(found) = parse_symbol_at(text, start, context.reference_mode) {
        cur.pos = found.end;
        // "annex I to S/2024/117, paragraph 7".
        let mut tail = cur;
        if tail.eat_char(',')
            && let Some(list) = en_paragraph_groups(&mut tail, false)
        {
            paragraphs = list;
            cur = tail;
        }
        found.symbol
    } else if let Some((symbol, _)) = described_target(text, &mut cur, context) {
        // "annex I to the letter dated 3 March 2025 from … (S/2025/135)".
        symbol
    } else {
        let hint = body_forward(&mut cur);
        if !cur.eat_word("resolution") {
            return None;
        }
        let hint = if hint == BodyHint::Unsaid {
            BodyHint::Sc
        } else {
            hint
        };
        let res = res_item(&mut cur)?;
        symbol_for(hint, &res, context)?
    };
    Some(Mention {
        start: pos,
        end: cur.pos,
        targets: parts
            .into_iter()
            .map(|part| Target {
                symbol: symbol.clone(),
                part: Some(part),
                paragraphs: paragraphs.clone(),
                antecedent: None,
            })
            .collect(),
    })
}

/// Plural part words and the kind they name ("annexes I and II").
const PLURAL_PART_WORDS: [(&str, crate::model::PartKind); 3] = [
    ("annexes", crate::model::PartKind::Annex),
    ("enclosures", crate::model::PartKind::Enclosure),
    ("appendices", crate::model::PartKind::Appendix),
];

/// One part ("annex II") or several ("annexes I and II", "annexes A, B and C"): the part keys
/// (consumed), or `None` (nothing consumed).
fn en_parts(cur: &mut Cursor) -> Option<Vec<String>> {
    if let Some(part) = en_part(cur) {
        return Some(vec![part]);
    }
    let mut a = *cur;
    let word = a.peek_word()?.to_ascii_lowercase();
    let kind = PLURAL_PART_WORDS.iter().find(|(w, _)| *w == word)?.1;
    a.bump();
    let mut keys = Vec::new();
    let mut end = a;
    loop {
        let before = a.pos;
        let n = annex_number(&mut a);
        if a.pos == before {
            break;
        }
        keys.push(kind.key(n));
        end = a;
        let comma = a.eat_char(',');
        if !(a.eat_word("and") || comma) {
            break;
        }
    }
    if keys.len() < 2 {
        return None;
    }
    *cur = end;
    Some(keys)
}

/// A written symbol at `pos`, with its tails.
pub(crate) fn symbol_first(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let found = parse_symbol_at(text, pos, context.reference_mode)?;
    let mut cur = Cursor::new(text, found.end);
    // "S/1996/636*": the asterisk marks a reissue.
    if text[found.end..].starts_with('*') {
        cur.pos += 1;
    }
    let symbol_end = cur.pos;
    // "(S/2024/117), para. 14": a closing bracket may sit between the symbol and its tail.
    let mut after_bracket = cur;
    let (mut part, mut paragraphs) = (None, Vec::new());
    if after_bracket.eat_char(')') {
        let (p, ps) = tails(&mut after_bracket, context);
        if p.is_some() || !ps.is_empty() {
            (part, paragraphs) = (p, ps);
            cur = after_bracket;
        }
    } else {
        (part, paragraphs) = tails(&mut cur, context);
    }
    let mut end = if part.is_some() || !paragraphs.is_empty() {
        cur.pos
    } else {
        symbol_end
    };
    let annex_too = if part.is_none() && !paragraphs.is_empty() {
        and_annex(&mut cur).inspect(|_| end = cur.pos)
    } else {
        None
    };
    // "S/2023/673 and Corr.1", "S/2023/673 和 Corr.1": the corrigendum is a document too.
    let mut version_too = None;
    if part.is_none() && paragraphs.is_empty() {
        let mut a = Cursor::new(text, symbol_end);
        if (a.eat_word("and") || a.eat_one_of(&['和', '及', ',']).is_some())
            && let Some(suffix) = version_suffix(&mut a)
            && let Ok(symbol) = Symbol::parse(&format!("{}/{suffix}", found.symbol))
        {
            version_too = Some(symbol);
            end = a.pos;
        }
    }
    let mut targets = vec![Target {
        symbol: found.symbol.clone(),
        part,
        paragraphs,
        antecedent: None,
    }];
    targets.extend(annex_too.map(|a| Target {
        symbol: found.symbol,
        part: Some(a),
        paragraphs: Vec::new(),
        antecedent: None,
    }));
    targets.extend(version_too.map(|symbol| Target {
        symbol,
        part: None,
        paragraphs: Vec::new(),
        antecedent: None,
    }));
    Some(Mention {
        start: pos,
        end,
        targets,
    })
}

/// A version suffix written on its own after a symbol: "Corr.1", "Add.2", "Rev.1" (consumed).
fn version_suffix(cur: &mut Cursor) -> Option<String> {
    let mut a = *cur;
    let word = a.peek_word()?;
    if !matches!(word, "Corr" | "Add" | "Rev") {
        return None;
    }
    a.bump();
    if !a.eat_char('.') {
        return None;
    }
    let (n, _) = a.num()?;
    *cur = a;
    Some(format!("{word}.{n}"))
}

/// "and annex I" after a symbol's paragraphs ("S/2025/153, para. 68 and annex I"): the same
/// document's annex is cited too. Not "and annex I to S/…" (another document's annex).
fn and_annex(cur: &mut Cursor) -> Option<String> {
    let mut a = *cur;
    if !(a.eat_word("and") && a.eat_word("annex")) {
        return None;
    }
    let n = annex_number(&mut a);
    let mut next = a;
    if next.eat_word("to") || next.eat_word("of") {
        return None;
    }
    *cur = a;
    Some(crate::model::PartKind::Annex.key(n))
}

/// What a person may type with no keyword: "2395 (2017) 17", "2395 (2017) para 17", "2395".
/// The whole input must be read.
pub(crate) fn bare_resolution_reference(input: &str) -> Option<Mention> {
    let start = input.len() - input.trim_start().len();
    let mut cur = Cursor::new(input, start);
    let res = res_item(&mut cur)?;
    let ResNumber::Plain { number, year } = res else {
        return None;
    };
    let symbol = match year {
        Some(y) => Symbol::sc_resolution(number, y),
        None => Symbol::sc_resolution(number, super::years::resolution_year(number)?),
    };
    let mut paragraphs = Vec::new();
    if cur.peek().0 != Tok::End {
        cur.eat_char(',');
        en_paragraph_word(&mut cur);
        paragraphs = en_list(&mut cur)?;
    }
    if cur.peek().0 != Tok::End {
        return None;
    }
    Some(Mention {
        start,
        end: cur.pos,
        targets: vec![Target {
            symbol,
            part: None,
            paragraphs,
            antecedent: None,
        }],
    })
}
