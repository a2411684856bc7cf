//! The year filter of a search: a year (`2017`) or a range of years (`2015..2020`, `2015..`,
//! `..2001`). One parser with one rule set for the command line and the HTTP endpoint.

use std::fmt;

/// Why a year filter was refused; its `Display` is one sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadYearRange {
    /// Not a year or a range of years (the text, shortened).
    NotAYear(String),
    /// A range whose first year comes after its last.
    Empty(u32, u32),
}

impl fmt::Display for BadYearRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadYearRange::NotAYear(text) => write!(
                f,
                "'{text}' is not a year or a range of years: use 2017, 2015..2020, 2015.. or ..2001"
            ),
            BadYearRange::Empty(from, to) => write!(
                f,
                "the range {from}..{to} is empty; put the earlier year first"
            ),
        }
    }
}

impl std::error::Error for BadYearRange {}

/// How much of refused text an error message repeats (characters).
const QUOTED_CHARS: usize = 40;

/// Parses `2017` (→ 2017..=2017), `2015..2020`, `2015..` (open end) or `..2001` (open start).
/// A year is four ASCII digits; white space around the parts is allowed; the first year must
/// not come after the last.
pub fn parse_year_range(text: &str) -> Result<(Option<u32>, Option<u32>), BadYearRange> {
    let bad = || {
        let mut quoted: String = text.chars().take(QUOTED_CHARS).collect();
        if text.chars().count() > QUOTED_CHARS {
            quoted.push('…');
        }
        BadYearRange::NotAYear(quoted)
    };
    let year = |part: &str| -> Result<Option<u32>, BadYearRange> {
        let part = part.trim();
        if part.is_empty() {
            return Ok(None);
        }
        if part.len() != 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        part.parse().map(Some).map_err(|_| bad())
    };
    let (from, to) = match text.split_once("..") {
        Some((from, to)) => (year(from)?, year(to)?),
        None => {
            let y = year(text)?;
            (y, y)
        }
    };
    match (from, to) {
        (None, None) => Err(bad()),
        (Some(f), Some(t)) if f > t => Err(BadYearRange::Empty(f, t)),
        range => Ok(range),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ranges() {
        type Bounds = (Option<u32>, Option<u32>);
        let good: &[(&str, Bounds)] = &[
            ("2017", (Some(2017), Some(2017))),
            ("2015..2020", (Some(2015), Some(2020))),
            ("2015..", (Some(2015), None)),
            ("..2001", (None, Some(2001))),
            (" 2015 .. 2020 ", (Some(2015), Some(2020))),
            ("2017..2017", (Some(2017), Some(2017))),
        ];
        for &(text, range) in good {
            assert_eq!(parse_year_range(text), Ok(range), "{text}");
        }
        for bad in [
            "",
            "..",
            "abc",
            "17",
            "2015..x",
            "99999",
            "2015...2020",
            "２０１７",
            "-2017",
        ] {
            assert!(
                matches!(parse_year_range(bad), Err(BadYearRange::NotAYear(_))),
                "{bad}"
            );
        }
        assert_eq!(
            parse_year_range("2020..2015"),
            Err(BadYearRange::Empty(2020, 2015))
        );
        assert_eq!(
            parse_year_range("2020..2015").unwrap_err().to_string(),
            "the range 2020..2015 is empty; put the earlier year first"
        );
        let long = "9".repeat(100);
        assert!(parse_year_range(&long).unwrap_err().to_string().len() < 120);
    }
}
