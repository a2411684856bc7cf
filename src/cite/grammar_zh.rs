//! Chinese citation forms: "第 2395(2017)号决议", lists sharing one 号决议 ("第 1267(1999)、
//! 1989(2011)和 2253(2015)号决议", "第 2253(2015)号和第 2368(2017)号决议"), bare numbers
//! ("第 2396 号决议"), General Assembly "大会第 60/288 号决议", paragraph tails ("第 17 段",
//! "第 10 段、13 段和 18 段", "第 6 段(c)项"), the anaphoric "，特别是其中第 9 和 13 段",
//! "附件二", and "该决议第 5 段" (the resolution cited last).

use super::grammar_en::{BodyHint, zh_numeral};
use super::lexer::Cursor;
use super::paragraphs::zh_list;
use super::symbols::{Body, ResNumber, resolution_symbol, roman_value};
use super::{Context, Mention, Target, annex_part};
use crate::model::Symbol;

/// The body named just before "第": 安全理事会/安理会, 大会, 人权理事会, 经济及社会理事会.
fn body_before(text: &str, pos: usize) -> BodyHint {
    let before = text[..pos].trim_end();
    if before.ends_with("安全理事会") || before.ends_with("安理会") {
        BodyHint::Sc
    } else if before.ends_with("人权理事会") {
        BodyHint::Hrc
    } else if before.ends_with("经济及社会理事会") || before.ends_with("经社理事会") {
        BodyHint::Ecosoc
    } else if before.ends_with("大会") {
        BodyHint::Ga
    } else {
        BodyHint::Unsaid
    }
}

/// "2395(2017)", "2396", "60/288", "2625 (XXV)".
fn res_item(cur: &mut Cursor) -> Option<ResNumber> {
    let mut probe = *cur;
    let (n, digits) = probe.num()?;
    if digits > 5 {
        return None;
    }
    let res = if probe.eat_char('/') {
        let (m, _) = probe.num()?;
        ResNumber::Slash {
            first: n,
            second: m,
        }
    } else {
        let mut b = probe;
        let mut got = None;
        if b.eat_char('(') {
            match b.bump() {
                super::lexer::Tok::Num(d) if d.chars().count() == 4 => {
                    if let Some(y) = super::lexer::digits_value(d)
                        && (1945..=2100).contains(&y)
                    {
                        got = Some(ResNumber::Plain {
                            number: n,
                            year: Some(y),
                        });
                    }
                }
                super::lexer::Tok::Word(w)
                    if roman_value(w).is_some() && w.chars().all(|c| c.is_ascii_uppercase()) =>
                {
                    got = Some(ResNumber::Session {
                        number: n,
                        session: w.to_string(),
                    });
                }
                _ => {}
            }
            if got.is_some() && !b.eat_char(')') {
                got = None;
            }
        }
        match got {
            Some(r) => {
                probe = b;
                r
            }
            None => ResNumber::Plain {
                number: n,
                year: None,
            },
        }
    };
    *cur = probe;
    Some(res)
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

/// Paragraph and annex tails after "决议": "第 17 段", "，特别是其中第 9 和 13 段", "附件二".
fn tails(cur: &mut Cursor) -> (Option<String>, Vec<String>) {
    let mut part = None;
    let mut probe = *cur;
    if probe.eat_chars("附件") {
        part = Some(annex_part(zh_numeral(&mut probe).unwrap_or(1)));
        *cur = probe;
    }
    let mut probe = *cur;
    let comma = probe.eat_char(',');
    let connector = probe.eat_chars("特别是")
        || probe.eat_chars("尤其是")
        || probe.eat_chars("特别")
        || probe.eat_chars("尤其")
        || probe.eat_chars("包括");
    if comma && !connector {
        return (part, Vec::new());
    }
    let _ = probe.eat_chars("其中") || probe.eat_chars("该决议") || probe.eat_char('其');
    let _ = probe.eat_char('的') || probe.eat_char('中');
    let _ = probe.eat_char('的');
    match zh_list(&mut probe) {
        Some(list) => {
            *cur = probe;
            (part, list)
        }
        None => (part, Vec::new()),
    }
}

/// "第 … 号决议 …" at `pos` ("第").
pub(crate) fn resolution_group(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let hint = body_before(text, pos);
    let mut cur = Cursor::new(text, pos);
    if !cur.eat_char('第') {
        return None;
    }
    let mut items = Vec::new();
    loop {
        cur.eat_char('第');
        let item = res_item(&mut cur)?;
        items.push(item);
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
    let symbols: Vec<Symbol> = items
        .iter()
        .filter_map(|r| symbol_for(hint, r, context))
        .collect();
    if symbols.is_empty() {
        return None;
    }
    let (part, paragraphs) = tails(&mut cur);
    Some(Mention {
        start: pos,
        end: cur.pos,
        targets: symbols
            .into_iter()
            .map(|symbol| Target {
                symbol,
                part: part.clone(),
                paragraphs: paragraphs.clone(),
            })
            .collect(),
    })
}

/// "该决议第 5 段" at `pos`: paragraphs of the resolution cited last in the document.
pub(crate) fn anaphora(text: &str, pos: usize, context: &Context) -> Option<Mention> {
    let mut cur = Cursor::new(text, pos);
    if !cur.eat_chars("该决议") {
        return None;
    }
    let _ = cur.eat_char('的') || cur.eat_char('中');
    let paragraphs = zh_list(&mut cur)?;
    let symbol = context.last_resolution()?;
    Some(Mention {
        start: pos,
        end: cur.pos,
        targets: vec![Target {
            symbol,
            part: None,
            paragraphs,
        }],
    })
}
