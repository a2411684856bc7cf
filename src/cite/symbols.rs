//! Document symbols written out in text: `S/RES/2395 (2017)`, `S/2022/529`, `S/2025/71/Rev.1`,
//! `S/PRST/2021/1`, `A/RES/60/288`, `A/78/600`, `A/HRC/RES/31/30`, `E/2019/45`, old `S/1501`,
//! and the SC/GA/HRC/ECOSOC resolution numbers of prose citations, turned into canonical
//! [`Symbol`]s. Symbols inside URLs (`https://undocs.org/en/S/RES/1373(2001)`) are link
//! targets, not prose, and are not read.

use super::years::resolution_year;
use crate::model::{Symbol, fullwidth_to_ascii};

/// The body a resolution number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body {
    /// Security Council (the default for "resolution 2395 (2017)").
    Sc,
    /// General Assembly.
    Ga,
    /// Human Rights Council.
    Hrc,
    /// Economic and Social Council.
    Ecosoc,
}

/// A resolution as written in prose: "2395 (2017)", "2734", "60/288", "217 A (III)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ResNumber {
    /// Number with an optional year in brackets.
    Plain { number: u32, year: Option<u32> },
    /// Session/number (General Assembly, Human Rights Council) or year/number (ECOSOC).
    Slash { first: u32, second: u32 },
    /// Old-style number with a Roman session ("181 (II)").
    Session { number: u32, session: String },
    /// A special session's resolution: "ES-11/1" (`emergency`), "S-37/1".
    Special {
        emergency: bool,
        session: u32,
        number: u32,
    },
}

/// Builds the canonical symbol of a resolution of `body`; `None` when it cannot be built
/// (unknown year, other body, a form that body does not use).
pub(crate) fn resolution_symbol(body: Body, res: &ResNumber) -> Option<Symbol> {
    match (body, res) {
        (Body::Sc, ResNumber::Plain { number, year }) => {
            let year = match year {
                Some(y) => *y,
                None => resolution_year(*number)?,
            };
            if *number == 0 || !(1946..=2100).contains(&year) {
                return None;
            }
            Some(Symbol::sc_resolution(*number, year))
        }
        // "2178/2014": a Security Council number with its year, written with a slash.
        (Body::Sc, ResNumber::Slash { first, second }) if *first > MAX_GA_SESSION => {
            (resolution_year(*first) == Some(*second))
                .then(|| Symbol::sc_resolution(*first, *second))
        }
        // "1267/1989" (a sanctions regime's resolutions) is not a GA session/number.
        (Body::Ga, ResNumber::Slash { first, .. }) if *first > MAX_GA_SESSION => None,
        (Body::Ga | Body::Sc, ResNumber::Slash { first, second }) => {
            Some(Symbol::from_canonical(format!("A/RES/{first}/{second}")))
        }
        (Body::Hrc, ResNumber::Slash { first, second }) => Some(Symbol::from_canonical(format!(
            "A/HRC/RES/{first}/{second}"
        ))),
        (Body::Ecosoc, ResNumber::Slash { first, second }) => {
            Some(Symbol::from_canonical(format!("E/RES/{first}/{second}")))
        }
        (Body::Ga | Body::Sc, ResNumber::Session { number, session }) => {
            Some(Symbol::from_canonical(format!("A/RES/{number}({session})")))
        }
        (Body::Ecosoc, ResNumber::Session { number, session }) => {
            Some(Symbol::from_canonical(format!("E/RES/{number}({session})")))
        }
        // Emergency special sessions are the General Assembly's ("resolution ES-11/1").
        (
            Body::Ga | Body::Sc,
            ResNumber::Special {
                emergency: true,
                session,
                number,
            },
        ) => Some(Symbol::from_canonical(format!(
            "A/RES/ES-{session}/{number}"
        ))),
        // "S-26/2" needs its body named: the Assembly's and the Human Rights Council's special
        // sessions are numbered alike.
        (
            Body::Ga,
            ResNumber::Special {
                emergency: false,
                session,
                number,
            },
        ) => Some(Symbol::from_canonical(format!(
            "A/RES/S-{session}/{number}"
        ))),
        (
            Body::Hrc,
            ResNumber::Special {
                emergency: false,
                session,
                number,
            },
        ) => Some(Symbol::from_canonical(format!(
            "A/HRC/RES/S-{session}/{number}"
        ))),
        _ => None,
    }
}

/// Highest General Assembly session number read in "60/288" (the 80th session opened in 2025):
/// a larger first number is a year or a Security Council resolution ("2178/2014", "1267/1989").
pub(crate) const MAX_GA_SESSION: u32 = 99;

pub(crate) use crate::model::numerals::roman_value;

const SUFFIXES: [&str; 5] = ["rev", "add", "corr", "amend", "sup"];

/// A symbol found in text: the canonical symbol and the byte just past it.
pub(crate) struct FoundSymbol {
    pub symbol: Symbol,
    pub end: usize,
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|s| s.chars().next_back())
}

fn skip_spaces(text: &str, mut pos: usize) -> usize {
    while let Some(c) = char_at(text, pos) {
        if c.is_whitespace() {
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    pos
}

/// True when a symbol may start at `pos`: not glued to a preceding word, number or path.
pub(crate) fn symbol_may_start(text: &str, pos: usize) -> bool {
    match char_before(text, pos) {
        None => true,
        Some(c) => {
            let c = fullwidth_to_ascii(c);
            !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '=' | '#' | '%' | '&'))
        }
    }
}

/// One slash-separated component of a symbol.
#[derive(Debug)]
enum Part {
    Num(u32, String),
    Word(String),
}

/// Reads a symbol starting at `start` (its series letter). `any_case` accepts lower-case
/// series letters, for what a person types ("s/2022/529").
pub(crate) fn parse_symbol_at(text: &str, start: usize, any_case: bool) -> Option<FoundSymbol> {
    if !symbol_may_start(text, start) {
        return None;
    }
    let first = fullwidth_to_ascii(char_at(text, start)?);
    let series = if any_case {
        first.to_ascii_uppercase()
    } else {
        first
    };
    if !matches!(series, 'S' | 'A' | 'E') {
        return None;
    }
    let after_series = start + char_at(text, start)?.len_utf8();
    let read = read_components(text, after_series, series, any_case)?;
    if !well_shaped(&read.parts) {
        return None;
    }
    let symbol = canonical_symbol(series, &read.parts, read.year_in_brackets.as_deref())?;
    Some(FoundSymbol {
        symbol,
        end: read.end,
    })
}

/// The slash-separated components of a symbol after its series letter.
struct Components {
    parts: Vec<Part>,
    /// The bracketed year or session after `RES/N` ("S/RES/2395 (2017)", "A/RES/181(II)").
    year_in_brackets: Option<String>,
    /// The byte just past the last component read.
    end: usize,
}

/// Most components a symbol has ("A/HRC/RES/31/30/Add.1/Corr.1" has seven).
const MAX_COMPONENTS: usize = 8;

/// Reads "/COMPONENT" after "/COMPONENT" from `pos` (a '/' or full-width '／' starts each; white
/// space may follow it), with the bracketed year of a resolution number.
fn read_components(text: &str, mut pos: usize, series: char, any_case: bool) -> Option<Components> {
    let mut parts: Vec<Part> = Vec::new();
    let mut year_in_brackets: Option<String> = None;
    let mut end = pos;
    while let Some('/') = char_at(text, pos).map(fullwidth_to_ascii) {
        pos += char_at(text, pos)?.len_utf8();
        let comp_start = skip_spaces(text, pos);
        let (part, comp_end) = read_component(text, comp_start, any_case)?;
        pos = comp_end;
        end = comp_end;
        let is_res_number = matches!(part, Part::Num(..))
            && parts.len() == 1
            && matches!(&parts[0], Part::Word(w) if w == "RES");
        parts.push(part);
        if is_res_number && let Some((inner, after)) = res_bracket(text, pos, series) {
            year_in_brackets = Some(inner);
            pos = after;
            end = after;
        }
        if parts.len() > MAX_COMPONENTS {
            return None;
        }
    }
    Some(Components {
        parts,
        year_in_brackets,
        end,
    })
}

/// "(2017)" (four digits) or, for the General Assembly, "(II)" after a resolution number:
/// the inside and the byte past the bracket.
fn res_bracket(text: &str, pos: usize, series: char) -> Option<(String, usize)> {
    let (inner, after) = bracketed(text, skip_spaces(text, pos))?;
    let ok = inner.len() == 4 && inner.chars().all(|c| c.is_ascii_digit())
        || (series == 'A' && roman_value(&inner).is_some());
    ok.then_some((inner, after))
}

/// Shape checks: at least one number; the last non-suffix component is a number; suffixes
/// ("Rev.1", "Add.2") come only after the core.
fn well_shaped(parts: &[Part]) -> bool {
    let is_suffix_part = |p: &Part| matches!(p, Part::Word(w) if is_suffix(w));
    let Some(last_core) = parts.iter().rfind(|p| !is_suffix_part(p)) else {
        return false;
    };
    if !matches!(last_core, Part::Num(..)) {
        return false;
    }
    match parts.iter().position(is_suffix_part) {
        Some(i) => parts[i..].iter().all(is_suffix_part),
        None => true,
    }
}

/// The canonical symbol of the components; `S/RES/N` without a year is completed from the
/// year table.
fn canonical_symbol(
    series: char,
    parts: &[Part],
    year_in_brackets: Option<&str>,
) -> Option<Symbol> {
    if series == 'S'
        && let [Part::Word(res), Part::Num(n, _)] = parts
        && res == "RES"
    {
        let year = match year_in_brackets {
            Some(y) => y.parse::<u32>().ok()?,
            None => resolution_year(*n)?,
        };
        return Some(Symbol::sc_resolution(*n, year));
    }
    let mut canonical = String::new();
    canonical.push(series);
    for p in parts {
        canonical.push('/');
        match p {
            Part::Num(_, s) | Part::Word(s) => canonical.push_str(s),
        }
    }
    if let Some(y) = year_in_brackets {
        canonical.push('(');
        canonical.push_str(y);
        canonical.push(')');
    }
    Symbol::parse(&canonical).ok()
}

fn is_suffix(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    SUFFIXES
        .iter()
        .any(|s| lower.starts_with(s) && lower[s.len()..].starts_with('.'))
}

/// Reads "(inner)" at `pos` with ASCII or full-width brackets; inner is trimmed and mapped.
fn bracketed(text: &str, pos: usize) -> Option<(String, usize)> {
    let open = char_at(text, pos)?;
    if fullwidth_to_ascii(open) != '(' {
        return None;
    }
    let mut p = pos + open.len_utf8();
    let mut inner = String::new();
    loop {
        let c = char_at(text, p)?;
        p += c.len_utf8();
        let m = fullwidth_to_ascii(c);
        if m == ')' {
            break;
        }
        if c.is_whitespace() {
            continue;
        }
        if !m.is_ascii_alphanumeric() || inner.len() >= 6 {
            return None;
        }
        inner.push(m);
    }
    Some((inner, p))
}

/// One component: digits, or letters optionally followed by ".digits" ("Rev.1", "AC.26",
/// "PV.4385", "L.5"). Letters must be upper-case unless `any_case` or a UN suffix.
fn read_component(text: &str, start: usize, any_case: bool) -> Option<(Part, usize)> {
    let mut p = start;
    let mut digits = String::new();
    while let Some(c) = char_at(text, p) {
        let m = fullwidth_to_ascii(c);
        if m.is_ascii_digit() {
            digits.push(m);
            p += c.len_utf8();
        } else {
            break;
        }
    }
    if !digits.is_empty() {
        if digits.len() > 6 {
            return None;
        }
        let v = digits.parse::<u32>().ok()?;
        return Some((Part::Num(v, v.to_string()), p));
    }
    // Letters, ASCII or full-width ("Ｓ／ＲＥＳ／２３９５").
    let mut word = String::new();
    while let Some(c) = char_at(text, p) {
        let m = fullwidth_to_ascii(c);
        if m.is_ascii_alphabetic() {
            word.push(m);
            p += c.len_utf8();
        } else {
            break;
        }
    }
    if word.is_empty() || word.len() > 6 {
        return None;
    }
    // A special session: "A/RES/ES-11/1", "A/HRC/RES/S-37/1".
    if (word == "ES" || word == "S")
        && char_at(text, p) == Some('-')
        && char_at(text, p + 1).is_some_and(|c| c.is_ascii_digit())
    {
        word.push('-');
        p += 1;
        while let Some(c) = char_at(text, p).filter(|c| c.is_ascii_digit()) {
            word.push(c);
            p += 1;
        }
        return Some((Part::Word(word), p));
    }
    // ".digits" after the letters.
    let is_digit = |c: char| fullwidth_to_ascii(c).is_ascii_digit();
    if let Some(dot) = char_at(text, p)
        && fullwidth_to_ascii(dot) == '.'
        && char_at(text, p + dot.len_utf8()).is_some_and(is_digit)
    {
        word.push('.');
        p += dot.len_utf8();
        while let Some(c) = char_at(text, p) {
            if is_digit(c) {
                word.push(fullwidth_to_ascii(c));
                p += c.len_utf8();
            } else {
                break;
            }
        }
    }
    let canonical = if is_suffix(&word) {
        word.clone()
    } else if any_case
        || word.chars().all(|c| !c.is_ascii_lowercase())
        // "S/Res/2396 (2017)", "A/Res/70/1": the resolution series written in title case.
        || word == "Res"
    {
        word.to_ascii_uppercase()
    } else {
        return None;
    };
    Some((Part::Word(canonical), p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(text: &str) -> Option<(String, usize)> {
        parse_symbol_at(text, 0, false).map(|f| (f.symbol.to_string(), f.end))
    }

    #[test]
    fn symbols_in_text() {
        let table = [
            ("S/RES/2395(2017)", Some("S/RES/2395(2017)")),
            ("S/RES/2395 (2017) and", Some("S/RES/2395(2017)")),
            ("S/RES/2395（2017）", Some("S/RES/2395(2017)")),
            ("S/RES/2396", Some("S/RES/2396(2017)")),
            ("S/2022/529.", Some("S/2022/529")),
            ("S/2025/71/Rev.1,", Some("S/2025/71/Rev.1")),
            ("S/2025/10/Add.31", Some("S/2025/10/Add.31")),
            ("S/2021/\n\n278，附件", Some("S/2021/278")),
            ("S/PRST/2021/1", Some("S/PRST/2021/1")),
            ("A/RES/60/288", Some("A/RES/60/288")),
            ("A/78/600-S/2023/850", Some("A/78/600")),
            ("A/RES/181(II)", Some("A/RES/181(II)")),
            ("S/1996/636*", Some("S/1996/636")),
            ("S/1501", Some("S/1501")),
            ("S/he", None),
            ("A/B testing", None),
            ("S/RES/", None),
            ("E/2019/45", Some("E/2019/45")),
            ("Ｓ／２０２４／９１４，", Some("S/2024/914")),
            ("A/RES/ES-11/1 and", Some("A/RES/ES-11/1")),
            ("S/Res/2396 (2017)", Some("S/RES/2396(2017)")),
            ("A/HRC/RES/S-37/1", Some("A/HRC/RES/S-37/1")),
            ("Ｓ／ＲＥＳ／２３９５（２０１７）", Some("S/RES/2395(2017)")),
        ];
        for (input, want) in table {
            assert_eq!(sym(input).map(|s| s.0), want.map(String::from), "{input}");
        }
    }

    #[test]
    fn urls_are_not_symbols() {
        let t = "https://undocs.org/en/S/RES/1373(2001)";
        let at = t.find("S/RES").unwrap();
        assert!(parse_symbol_at(t, at, false).is_none());
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("II"), Some(2));
        assert_eq!(roman_value("XXIX"), Some(29));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("RES"), None);
    }
}
