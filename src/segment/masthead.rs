//! The lines around the body that are not paragraphs: the first-page masthead ("United Nations",
//! "S/2025/22", "Security Council", "Distr.: General", "14 January 2025", "Original: English",
//! "联合国", "安全理事会"), resolution headers ("Resolution 2768 (2025)", "Adopted by the
//! Security Council at its 9845th meeting, on 30 January 2025", "1 (1946) Resolution of
//! 25 January 1946", "[S/3538]"), stray page furniture (job numbers, barcodes, page "3/29",
//! the running symbol, link lists), and the dates they carry.

use regex::Regex;
use std::sync::LazyLock;

use crate::model::Symbol;

use crate::model::ENGLISH_MONTHS as MONTHS;

static EN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})\s+(january|february|march|april|may|june|july|august|september|october|november|december),?\s+(\d{4})\b")
        .expect("constant regex")
});

static ZH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").expect("constant regex")
});

/// Pieces a masthead line is made of. A line is masthead when nothing else remains once they
/// are removed.
static MASTHEAD_PIECE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)",
        r"United\s*Nations|Nations Unies|联合国|Security Council|General Assembly|Economic and Social Council",
        r"|安全理事会|大会|Distr\.?\s*:\s*(General|Limited|Restricted)|Original\s*:\s*\w+",
        r"|原文\s*[:：]\s*\S+|\b(Chinese|English|French|Spanish|Russian|Arabic)\b(\s+only)?",
        r"|\b[A-Z]{1,3}(/[A-Za-z0-9.\-]+)+(\s?\(\d{4}\))?|\*\d{5,}\*|\b\d{2}-\d{5}\b(\s*\([A-Z]\))?",
        r"|\b(on\s+)?\d{1,2}\s+(january|february|march|april|may|june|july|august|september|october|november|december),?\s+\d{4}\b",
        r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日",
        r"|\b[A-Z][a-z]+(-[a-z]+)?\s+session\b|第[一二三四五六七八九十]+届会议",
        r"|\bAgenda items?\s+[\d\s,(a-z)and]+|议程项目\s*[\d\s,、和]+",
        r"|Resolution adopted by the (General Assembly|Security Council)( on \d{1,2} \w+ \d{4})?",
        r"|\[(without reference to a Main Committee|on the report of the)[^\]]*\]",
    ))
    .expect("constant regex")
});

/// The longest masthead or resolution header line.
const MAX_HEADER_BYTES: usize = 300;

/// The longest furniture line (a URL of a link list, or job number + symbol + page).
const MAX_FURNITURE_BYTES: usize = 200;
/// The most white-space separated pieces on a furniture line ("25-00687 (E) 150125 *2500687*").
const MAX_FURNITURE_TOKENS: usize = 8;

/// Page furniture that may survive extraction: job numbers "25-00687 (E) 150125", barcodes
/// "*2500687*", page numbers "3/29", the document's own symbol, and URL-only link lines.
static FURNITURE_PIECE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\*\d{5,}\*|\b\d{2}-\d{5}\b(\s*\([A-Z]\))?(\s+\d{6})*|\b\d{1,3}/\d{1,3}\b|https?://\S+",
    )
    .expect("constant regex")
});

/// A resolution header: "Resolution 2768 (2025)", "RESOLUTION 772 (1992)",
/// "1 (1946) Resolution of 25 January 1946", "101 (1953). Resolution of 24 November 1953".
static RESOLUTION_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:resolution\s+(\d{1,4})\s*\((\d{4})\)((?:\s+(?:of|adopted)\b.*)?)|(\d{1,4})\s*\((\d{4})\)\.?\s+resolution\b(.*))\s*$")
        .expect("constant regex")
});

/// "of 19 May 1965" under a resolution header.
static OF_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^of\s+\d{1,2}\s+\w+,?\s+\d{4}\.?$").expect("constant regex"));

/// "Adopted by the Security Council at its 9845th meeting, on 30 January 2025" (also split over
/// two lines: "…at its 3282nd meeting," + "on 23 September 1993").
static ADOPTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(Adopted by the (Security Council|General Assembly) at its \S+ (plenary )?meeting,?(\s*on)?(\s+\d{1,2}\s+\w+,?\s+\d{4})?\.?|(on\s+)?\d{1,2}\s+\w+,?\s+\d{4}\.?)$")
        .expect("constant regex")
});

/// A bracketed document reference on its own line in old resolutions: "[S/3538]", "(S/3139/Rev.2]".
static BRACKETED_SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\[(][A-Za-z0-9]{1,3}/[^\])}\s]*[\])}]$").expect("constant regex")
});

/// Whether `line` is a first-page masthead line (made only of masthead pieces).
pub fn is_masthead_line(line: &str) -> bool {
    if line.len() > MAX_HEADER_BYTES {
        return false;
    }
    let rest = MASTHEAD_PIECE.replace_all(line, "");
    rest.chars().all(|c| !c.is_alphanumeric()) && rest.len() < line.len()
}

/// Whether `line` is page furniture: made only of job numbers, barcodes, page numbers, URLs
/// and the document's own symbol.
pub fn is_furniture_line(line: &str, symbol: &Symbol) -> bool {
    // Furniture is short and Latin; most lines are neither, and skipping them keeps the
    // segmenter linear and cheap on long Chinese paragraphs.
    if line.len() > MAX_FURNITURE_BYTES
        || line.split_whitespace().nth(MAX_FURNITURE_TOKENS).is_some()
        || line.chars().any(crate::model::chars::is_cjk)
    {
        return false;
    }
    let own = symbol.as_str();
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let mut kept: Vec<&str> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        // The running symbol may be printed with a space: "S/RES/1445 (2002)".
        let span = (1..=3.min(tokens.len() - i)).find(|&len| tokens[i..i + len].concat() == own);
        match span {
            Some(len) => i += len,
            None => {
                kept.push(tokens[i]);
                i += 1;
            }
        }
    }
    if tokens.is_empty() {
        return false;
    }
    if kept.is_empty() {
        return true;
    }
    let rest_line = kept.join(" ");
    let rest = FURNITURE_PIECE.replace_all(&rest_line, " ");
    rest.chars().all(|c| !c.is_alphanumeric()) && rest.len() < rest_line.len()
}

/// Resolution header facts: number, year, and the rest of the line ("of 25 January 1946").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionHeader {
    /// The resolution number.
    pub number: u32,
    /// Its year.
    pub year: u32,
    /// The adoption date, when on the same line.
    pub date: Option<String>,
}

/// Recognizes a resolution header line.
pub fn parse_resolution_header(line: &str) -> Option<ResolutionHeader> {
    if line.len() > MAX_HEADER_BYTES {
        return None;
    }
    let caps = RESOLUTION_HEADER.captures(line.trim())?;
    let (n, y, rest) = match (caps.get(1), caps.get(2), caps.get(4), caps.get(5)) {
        (Some(n), Some(y), _, _) => (n, y, caps.get(3)),
        (_, _, Some(n), Some(y)) => (n, y, caps.get(6)),
        _ => return None,
    };
    Some(ResolutionHeader {
        number: n.as_str().parse().ok()?,
        year: y.as_str().parse().ok()?,
        date: rest.and_then(|rest| find_date(rest.as_str())),
    })
}

/// Whether `line` is one of the lines that go with a resolution header (adoption date,
/// bracketed document symbol).
pub fn is_resolution_header_companion(line: &str) -> bool {
    let line = line.trim();
    if line.len() > MAX_HEADER_BYTES {
        return false;
    }
    OF_DATE.is_match(line) || ADOPTED_BY.is_match(line) || BRACKETED_SYMBOL.is_match(line)
}

/// The first date written in `text` ("14 January 2025", "2022 年 6 月 30 日"), as ISO
/// `YYYY-MM-DD`.
pub fn find_date(text: &str) -> Option<String> {
    let en = EN_DATE.captures(text).and_then(|c| {
        let day: u32 = c.get(1)?.as_str().parse().ok()?;
        let month_name = c.get(2)?.as_str().to_ascii_lowercase();
        let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
        let year: u32 = c.get(3)?.as_str().parse().ok()?;
        Some((c.get(0)?.start(), iso_date(year, month, day)?))
    });
    let zh = ZH_DATE.captures(text).and_then(|c| {
        let year: u32 = c.get(1)?.as_str().parse().ok()?;
        let month: u32 = c.get(2)?.as_str().parse().ok()?;
        let day: u32 = c.get(3)?.as_str().parse().ok()?;
        Some((c.get(0)?.start(), iso_date(year, month, day)?))
    });
    match (en, zh) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|(_, d)| d),
    }
}

fn iso_date(year: u32, month: u32, day: u32) -> Option<String> {
    let ok = (1900..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    ok.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masthead_lines_table() {
        let yes = [
            "United Nations",
            "S/2025/22",
            "United Nations S/RES/1445 (2002)",
            "Security Council Distr.: General",
            "Distr.: General",
            "14 January 2025",
            "Original: English",
            "联合国",
            "安全理事会",
            "2022 年 7 月 5 日",
            "Seventy-eighth session",
            "Agenda item 109",
            "Resolution adopted by the General Assembly on 22 July 2024",
            "[without reference to a Main Committee (A/78/L.86)]",
            "UnitedNations",
            "on 13 August 2024",
        ];
        for line in yes {
            assert!(is_masthead_line(line), "{line}");
        }
        let no = [
            "The Security Council,",
            "Letter dated 13 January 2025 from the Chair of the Security Council Committee",
            "I. Introduction",
            "安全理事会关于反恐怖主义的",
            "MILITARY STAFF COMMITTEE",
            "",
        ];
        for line in no {
            assert!(!is_masthead_line(line), "{line}");
        }
    }

    #[test]
    fn furniture_lines_table() {
        let symbol = Symbol::parse("S/2022/529").unwrap();
        for line in [
            "S/2022/529",
            "22-10791 10/29",
            "25-00687 (E) 150125",
            "*2500687*",
            "https://undocs.org/en/S/RES/1373(2001)",
            "3/29",
        ] {
            assert!(is_furniture_line(line, &symbol), "{line}");
        }
        for line in [
            "S/2021/278",
            "2018 年",
            "1. 安全理事会",
            "访问编号 会员国 访问日期 共计",
            "12",
        ] {
            assert!(!is_furniture_line(line, &symbol), "{line}");
        }
    }

    #[test]
    fn resolution_headers_table() {
        let table = [
            (
                "1 (1946) Resolution of 25 January 1946",
                Some((1, 1946, Some("1946-01-25"))),
            ),
            (
                "101 (1953). Resolution of 24 November 1953",
                Some((101, 1953, Some("1953-11-24"))),
            ),
            ("Resolution 204 (1965)", Some((204, 1965, None))),
            ("RESOLUTION 772 (1992)", Some((772, 1992, None))),
            ("Resolution 2768 (2025)", Some((2768, 2025, None))),
            (
                "Resolution 751 (1992) of 24 April 1992",
                Some((751, 1992, Some("1992-04-24"))),
            ),
            (
                "RESOLUTION 772 (1992) Adopted by the Security Council at its 3107th meeting on 17 August 1992",
                Some((772, 1992, Some("1992-08-17"))),
            ),
            ("Resolution 1373 (2001) is binding", None),
            ("Recalling its resolution 1373 (2001),", None),
        ];
        for (line, want) in table {
            let got = parse_resolution_header(line).map(|h| (h.number, h.year, h.date));
            let want = want.map(|(n, y, d)| (n, y, d.map(str::to_string)));
            assert_eq!(got, want, "{line}");
        }
        for line in [
            "of 19 May 1965",
            "Adopted by the Security Council at its 9845th meeting, on 30 January 2025",
            "Adopted by the Security Council at its 3282nd meeting,",
            "Adopted by the Security Council at its 9836th meeting, on",
            "15 January 2025",
            "on 23 September 1993",
            "[S/3538]",
            "(S/3139/Rev.2]",
        ] {
            assert!(is_resolution_header_companion(line), "{line}");
        }
        assert!(!is_resolution_header_companion("The Security Council,"));
    }

    #[test]
    fn dates_table() {
        let table = [
            ("14 January 2025", Some("2025-01-14")),
            (
                "2022 年 6 月 30 日安全理事会第 1373(2001)号决议所设委员会主席给安全理事会主席的信",
                Some("2022-06-30"),
            ),
            (
                "Adopted by the Security Council at its 9845th meeting, on 30 January 2025",
                Some("2025-01-30"),
            ),
            ("2022年7月5日", Some("2022-07-05")),
            ("31 Smarch 2025", None),
            ("2022 年 13 月 1 日", None),
        ];
        for (text, want) in table {
            assert_eq!(find_date(text).as_deref(), want, "{text}");
        }
    }
}
