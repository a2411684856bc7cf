//! Chinese citation forms: "第 2395(2017)号决议", lists sharing one 号决议 ("第 1267(1999)、
//! 1989(2011)和 2253(2015)号决议", "第 2253(2015)号和第 2368(2017)号决议"), bare numbers
//! ("第 2396 号决议"), General Assembly "大会第 60/288 号决议", paragraph tails ("第 17 段",
//! "第 10 段、13 段和 18 段", "第 6 段(c)项"), the anaphoric "，特别是其中第 9 和 13 段",
//! "附件二", "该决议第 5 段" (the resolution cited last) and "同上，第 4 段" (ibid.). Resolution
//! numbers are read as in English ([`res_item`]: "2395(2017)", "60/288", "377 A (V)").

use super::grammar_en::{BodyHint, res_item, zh_part};
use super::lexer::Cursor;
use super::paragraphs::zh_paragraph_groups;
use super::symbols::{Body, ResNumber, resolution_symbol};
use super::{Anaphor, Context, Mention, Target, ZH_ANAPHORS, ZH_IBID};
use crate::model::Symbol;

/// The body named just before "第": 安全理事会/安理会, 大会, 人权理事会, 经济及社会理事会.
fn body_before(text: &str, pos: usize) -> BodyHint {
    let before = without_date(text[..pos].trim_end());
    if before.ends_with("安全理事会") || before.ends_with("安理会") {
        BodyHint::Sc
    } else if before.ends_with("人权理事会") {
        BodyHint::Hrc
    } else if before.ends_with("经济及社会理事会") || before.ends_with("经社理事会") {
        BodyHint::Ecosoc
    } else if before.ends_with("大会") || before.ends_with("联大") {
        BodyHint::Ga
    } else {
        BodyHint::Unsaid
    }
}

/// `before` without a date at its end ("人权理事会2017年9月29日" → "人权理事会"): the body
/// named before the date adopted the resolution that follows it.
fn without_date(before: &str) -> &str {
    let is_date_char = |c: char| {
        crate::model::fullwidth_to_ascii(c).is_ascii_digit()
            || c.is_whitespace()
            || matches!(c, '年' | '月' | '日')
    };
    let trimmed = before.trim_end_matches(is_date_char);
    let date = &before[trimmed.len()..];
    if date.contains('年') && date.ends_with('日') {
        trimmed
    } else {
        before
    }
}

fn symbol_for(hint: BodyHint, res: &ResNumber, context: &Context) -> Option<Symbol> {
    let body = match (hint, res) {
        (BodyHint::Ga, _) => Body::Ga,
        (BodyHint::Hrc, _) => Body::Hrc,
        (BodyHint::Ecosoc, _) => Body::Ecosoc,
        (_, ResNumber::Plain { number, year: None }) => {
            if hint != BodyHint::Sc && *number < 100 && !context.reference_mode {
                return None;
            }
            Body::Sc
        }
        _ => Body::Sc,
    };
    resolution_symbol(body, res)
}

/// Paragraph and annex tails after "决议": "第 17 段", "执行部分第 6 段", "，特别是其中第 9 和
/// 13 段", "附件二". Also says whether "分别" (respectively) came before or after the list.
fn tails(cur: &mut Cursor) -> (Option<String>, Vec<String>, bool) {
    let mut part = None;
    let mut probe = *cur;
    if let Some(p) = zh_part(&mut probe) {
        part = Some(p);
        *cur = probe;
    }
    // "附件B（第5段和第6段(b)项）": the paragraphs in brackets.
    let mut bracket = *cur;
    if bracket.eat_char('(')
        && let Some(list) = zh_paragraph_groups(&mut bracket)
        && bracket.eat_char(')')
    {
        *cur = bracket;
        return (part, list, false);
    }
    let mut probe = *cur;
    let comma = probe.eat_char(',');
    let connector = probe.eat_chars("特别是")
        || probe.eat_chars("尤其是")
        || probe.eat_chars("特别")
        || probe.eat_chars("尤其")
        || probe.eat_chars("包括");
    if comma && !connector {
        return (part, Vec::new(), false);
    }
    // "，尤其是该决议第 6 段": an anaphor is a mention of its own (a second entry, as "in
    // particular paragraph 6 of that resolution").
    if connector
        && ZH_ANAPHORS
            .iter()
            .any(|(w, _)| probe.text[probe.next_start()..].starts_with(w))
    {
        return (part, Vec::new(), false);
    }
    let _ = probe.eat_chars("其中") || probe.eat_char('其');
    let _ = probe.eat_char('的') || probe.eat_char('中');
    let _ = probe.eat_char('的');
    // "分别第 4 段和第 5 段", "分别为第 4 段和第 5 段" (respectively).
    let mut each = probe.eat_chars("分别");
    if each {
        let _ = probe.eat_char('为') || probe.eat_char('是');
    }
    match zh_paragraph_groups(&mut probe) {
        Some(list) => {
            let mut after = probe;
            after.eat_char(',');
            if after.eat_chars("分别") {
                each = true;
                probe = after;
            }
            let _ = each && (probe.eat_char('为') || probe.eat_char('是'));
            *cur = probe;
            (part, list, each)
        }
        None => (part, Vec::new(), false),
    }
}

/// The resolution group at `cur` (after "第", or at the first number of the news style
/// "安理会2396号决议"), ending with "决议", and its tails.
fn group(pos: usize, mut cur: Cursor, hint: BodyHint, context: &Context) -> Option<Mention> {
    let mut items = Vec::new();
    loop {
        cur.eat_char('第');
        let item = res_item(&mut cur)?;
        // "第1267/1989/2253号决议": Council numbers joined by slashes.
        match super::grammar_en::slash_joined(&item, &mut cur) {
            Some(list) => items.extend(list),
            None => items.push(item),
        }
        cur.eat_char('号');
        let mut next = cur;
        let sep = next.eat_one_of(&['、', ',']).is_some();
        let word = next.eat_chars("以及") || next.eat_one_of(&['和', '及', '与', '或']).is_some();
        if !sep && !word {
            break;
        }
        next.eat_char('第');
        if !next.at_num() {
            break;
        }
        cur = next;
        if items.len() > 200 {
            return None;
        }
    }
    cur.eat_char('号');
    if !cur.eat_chars("决议") {
        return None;
    }
    // "第2231號決議案" (Taiwan usage).
    cur.eat_char('案');
    let symbols: Vec<Symbol> = items
        .iter()
        .filter_map(|r| symbol_for(hint, r, context))
        .collect();
    if symbols.is_empty() {
        return None;
    }
    let (part, mut paragraphs, each) = tails(&mut cur);
    // "成果文件（大会第60/1号决议）第138和139段": a title, its resolution in brackets, then
    // the paragraphs.
    if part.is_none() && paragraphs.is_empty() && opens_bracket_before(cur.text, pos) {
        let mut probe = cur;
        if probe.eat_char(')')
            && let Some(list) = zh_paragraph_groups(&mut probe)
        {
            paragraphs = list;
            cur = probe;
        }
    }
    // "分别见第 1612(2005)号和第 1882(2009)号决议第 2 段和第 3 段" (respectively, before).
    let each = each || respectively_before(cur.text, pos);
    // "第 2253(2015)号和第 2368(2017)号决议分别第 4 段和第 5 段".
    let distributed = each && symbols.len() > 1 && symbols.len() == paragraphs.len();
    Some(Mention::of_group(
        (pos, cur.pos),
        symbols,
        part,
        paragraphs,
        distributed,
    ))
}

/// Most characters between an opening bracket and the "第" of the resolution inside it
/// ("（大会第60/1号决议）": the body's name, "联合国大会" at most).
const BRACKET_BACK_CHARS: usize = 8;

/// True when an opening bracket stands just before `pos` with only a body's name in between.
fn opens_bracket_before(text: &str, pos: usize) -> bool {
    for c in text[..pos].chars().rev().take(BRACKET_BACK_CHARS) {
        match c {
            '（' | '(' => return true,
            '，' | '。' | '；' | ',' | ';' | '、' | ')' | '）' => return false,
            _ => {}
        }
    }
    false
}

/// "其第 6 段" (its paragraph 6) at `pos` ("第"): paragraphs of the document cited just
/// before, in the same sentence or the one before (see [`Context::unattached_target`]).
pub(crate) fn possessive(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let start = pos.checked_sub('其'.len_utf8())?;
    if !text[..pos].ends_with('其') {
        return None;
    }
    let mut cur = Cursor::new(text, pos);
    let paragraphs = zh_paragraph_groups(&mut cur)?;
    let target = context.unattached_target(text, start, true)?;
    Some(Mention::continuing((start, cur.pos), target, paragraphs))
}

/// How many characters before a resolution group "分别" (respectively) may stand: "分别见",
/// "分别载于", "分别在".
const RESPECTIVELY_BACK_CHARS: usize = 4;

/// True when "分别" stands just before `pos` in the same clause ("分别见第 1612(2005)号和…").
fn respectively_before(text: &str, pos: usize) -> bool {
    let mut start = pos;
    for (i, c) in text[..pos]
        .char_indices()
        .rev()
        .take(RESPECTIVELY_BACK_CHARS + 2)
    {
        if matches!(c, '，' | '。' | '；' | ',' | ';' | '、') {
            break;
        }
        start = i;
    }
    text[start..pos].contains("分别")
}

/// "第 … 号决议 …" at `pos` ("第").
pub(crate) fn resolution_group(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let hint = body_before(text, pos);
    let mut cur = Cursor::new(text, pos);
    if !cur.eat_char('第') {
        return None;
    }
    group(pos, cur, hint, context)
}

/// Characters a news-style number group ("2253(2015)和2368(2017)号决议") is made of, read
/// backwards from "号决议".
fn in_news_group(c: char) -> bool {
    let c = crate::model::fullwidth_to_ascii(c);
    c.is_ascii_digit()
        || c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | '/' | ',' | '、' | '和' | '及' | '与' | '号' | '第'
        )
}

/// Where the number group of a "号决议" at `hao` starts, when it is not introduced by "第"
/// (the news style "安理会2396号决议第12段"); `None` otherwise.
pub(crate) fn news_number_start(text: &str, hao: usize) -> Option<usize> {
    let before = &text[..hao];
    let mut start = hao;
    for (taken, (i, c)) in before.char_indices().rev().enumerate() {
        if taken >= super::NEWS_BACK_CHARS || !in_news_group(c) {
            break;
        }
        start = i;
    }
    // The first digit of the group, and nothing but spaces between it and the group start.
    let group = &text[start..hao];
    let first_digit = group.find(|c: char| crate::model::fullwidth_to_ascii(c).is_ascii_digit())?;
    if !group[..first_digit].trim().is_empty() {
        return None;
    }
    let at = start + first_digit;
    // "第 2396 号决议" is read from its "第".
    if text[..at].trim_end().ends_with('第') {
        return None;
    }
    Some(at)
}

/// The news style "安理会2396号决议第12段", "2253(2015)和2368(2017)号决议" at `pos` (a digit).
pub(crate) fn news_resolution_group(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let prev = text[..pos].chars().next_back();
    if prev.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | ',')) {
        return None;
    }
    let hint = body_before(text, pos);
    group(pos, Cursor::new(text, pos), hint, context)
}

/// "该决议第 5 段", "上述决议执行部分第 2 段", "前者第 3 段" at `pos`: paragraphs of the
/// resolution cited last (前者/后者: the former/latter of the last two).
pub(crate) fn anaphora(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let rest = &text[pos..];
    let (word, which) = ZH_ANAPHORS.iter().find(|(w, _)| rest.starts_with(*w))?;
    let mut cur = Cursor::new(text, pos + word.len());
    let _ = cur.eat_char('的') || cur.eat_char('中');
    let paragraphs = zh_paragraph_groups(&mut cur)?;
    let (symbol, raw) = match which {
        Anaphor::Former => context.recent_resolution(1)?,
        Anaphor::Latter => context.recent_resolution(0)?,
        Anaphor::Last => context.last_resolution()?,
    };
    Some(Mention {
        start: pos,
        end: cur.pos,
        targets: vec![Target {
            symbol,
            part: None,
            paragraphs,
            antecedent: Some(raw),
        }],
    })
}

/// "同上，第 4 段" (ibid.) at `pos`: paragraphs of the document cited just before, when nothing
/// else was cited in between (see [`Context::ibid_target`]). A paragraph or a part must follow:
/// "同上" alone is also ordinary prose ("同上一年相比").
pub(crate) fn ibid(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let mut cur = Cursor::new(text, pos);
    if !cur.eat_chars(ZH_IBID) {
        return None;
    }
    cur.eat_char(',');
    // "同上，附件一，第 3 段"; "同上，附件二" (the part alone).
    let part = zh_part(&mut cur);
    let mut after_part = cur;
    if part.is_some() {
        after_part.eat_char(',');
    }
    let paragraphs = match zh_paragraph_groups(&mut after_part) {
        Some(list) => {
            cur = after_part;
            list
        }
        None if part.is_some() => Vec::new(),
        None => return None,
    };
    context.ibid_mention(text, (pos, cur.pos), part, paragraphs)
}
