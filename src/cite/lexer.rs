//! The token cursor the citation grammar walks: numbers (ASCII or full-width digits), ASCII
//! words, and single other characters (full-width forms mapped to ASCII), with white space —
//! including the line breaks of wrapped PDF text — skipped between tokens. Byte positions always
//! stay on character boundaries of the input.

use crate::model::fullwidth_to_ascii;

/// One token of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// A run of decimal digits (ASCII or full-width), as written.
    Num(&'a str),
    /// A run of ASCII letters, as written.
    Word(&'a str),
    /// Any other non-space character, full-width forms mapped to ASCII.
    Char(char),
    /// End of input.
    End,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c)
}

/// The numeric value of a digit run (ASCII or full-width); `None` when longer than 9 digits.
pub(crate) fn digits_value(digits: &str) -> Option<u32> {
    let mut value: u32 = 0;
    let mut count = 0;
    for c in digits.chars() {
        let d = fullwidth_to_ascii(c).to_digit(10)?;
        count += 1;
        if count > 9 {
            return None;
        }
        value = value * 10 + d;
    }
    if count == 0 { None } else { Some(value) }
}

/// A position in the text plus the grammar's primitive operations. Copy it to backtrack.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor<'a> {
    pub text: &'a str,
    /// Byte offset just after the last consumed token (white space is skipped lazily).
    pub pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, pos: usize) -> Cursor<'a> {
        Cursor { text, pos }
    }

    /// The next token and its byte range, without consuming it.
    pub fn peek(&self) -> (Tok<'a>, usize, usize) {
        let start = skip_blank(self.text, self.pos);
        let Some(first) = self.text[start..].chars().next() else {
            return (Tok::End, self.text.len(), self.text.len());
        };
        let after_first = start + first.len_utf8();
        if is_digit(first) {
            let end = scan_while(self.text, after_first, is_digit);
            return (Tok::Num(&self.text[start..end]), start, end);
        }
        if first.is_ascii_alphabetic() {
            let end = scan_while(self.text, after_first, |c| c.is_ascii_alphabetic());
            return (Tok::Word(&self.text[start..end]), start, end);
        }
        (Tok::Char(fullwidth_to_ascii(first)), start, after_first)
    }

    /// Consumes and returns the next token.
    pub fn bump(&mut self) -> Tok<'a> {
        let (tok, _, end) = self.peek();
        self.pos = end;
        tok
    }

    /// Start byte of the next token.
    pub fn next_start(&self) -> usize {
        self.peek().1
    }

    /// Consumes `c` (compared after full-width mapping) if it is next.
    pub fn eat_char(&mut self, c: char) -> bool {
        let (tok, _, end) = self.peek();
        if tok == Tok::Char(c) {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// Consumes the next character if it is one of `set`; returns it.
    pub fn eat_one_of(&mut self, set: &[char]) -> Option<char> {
        if let (Tok::Char(c), _, end) = self.peek()
            && set.contains(&c)
        {
            self.pos = end;
            return Some(c);
        }
        None
    }

    /// Consumes the characters of `s` in order (white space allowed between them); all or none.
    pub fn eat_chars(&mut self, s: &str) -> bool {
        let mut probe = *self;
        for c in s.chars() {
            if !probe.eat_char(c) {
                return false;
            }
        }
        *self = probe;
        true
    }

    /// Consumes the ASCII word `w` (case-insensitive) if it is next.
    pub fn eat_word(&mut self, w: &str) -> bool {
        let (tok, _, end) = self.peek();
        if let Tok::Word(x) = tok
            && x.eq_ignore_ascii_case(w)
        {
            self.pos = end;
            return true;
        }
        false
    }

    /// Consumes a sequence of words (case-insensitive); all or none.
    pub fn eat_words(&mut self, words: &[&str]) -> bool {
        let mut probe = *self;
        for w in words {
            if !probe.eat_word(w) {
                return false;
            }
        }
        *self = probe;
        true
    }

    /// The next token as a word, if it is one (not consumed).
    pub fn peek_word(&self) -> Option<&'a str> {
        match self.peek().0 {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    /// Consumes a number and returns its value and printed digits (mapped to ASCII).
    pub fn num(&mut self) -> Option<(u32, usize)> {
        let (tok, _, end) = self.peek();
        if let Tok::Num(d) = tok {
            let v = digits_value(d)?;
            self.pos = end;
            return Some((v, d.chars().count()));
        }
        None
    }

    /// True when the next token is a number.
    pub fn at_num(&self) -> bool {
        matches!(self.peek().0, Tok::Num(_))
    }
}

/// Invisible characters PDF extraction leaves inside text: byte-order mark / zero-width
/// no-break space, soft hyphen, zero-width space, zero-width (non-)joiner, word joiner ("paras.
/// 28–\u{2060}30" in extracted UN reports).
const INVISIBLE: [char; 6] = [
    '\u{feff}', '\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}',
];

/// True for what is skipped between tokens: white space and [`INVISIBLE`] characters.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || INVISIBLE.contains(&c)
}

/// The first byte at or after `pos` that is not blank, skipping the furniture of a page break
/// (see [`page_break_end`]) met at a line break.
fn skip_blank(text: &str, mut pos: usize) -> usize {
    while let Some(c) = text[pos..].chars().next() {
        if c == '\n'
            && let Some(end) = page_break_end(text, pos + 1)
        {
            pos = end;
            continue;
        }
        if !is_blank(c) {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

/// Most lines of one page break's furniture (job number, page number, running symbol,
/// barcode, links, blank lines between them); UN PDFs print four to eight.
const MAX_PAGE_BREAK_LINES: usize = 12;

/// Longest furniture line looked at (a job number with its page number and date code, a
/// symbol, an undocs.org link).
const MAX_FURNITURE_LINE_BYTES: usize = 96;

/// When the lines from `line_start` are the furniture of a page break (in the text of a PDF:
/// "25-00852", "5/8", "S/2025/68" between two halves of a sentence), the byte where the text
/// resumes. Only a run that holds a job number or a barcode counts: a symbol or "60/288" alone
/// on a line may be text.
fn page_break_end(text: &str, line_start: usize) -> Option<usize> {
    use crate::extract::furniture::{Furniture, classify};
    let mut pos = line_start;
    let mut furniture_end = None;
    let mut page_marked = false;
    for _ in 0..MAX_PAGE_BREAK_LINES {
        let rest = &text[pos..];
        let line_len = rest.find('\n').unwrap_or(rest.len());
        let line = rest[..line_len].trim();
        if !line.is_empty() {
            let first = line.chars().next().unwrap_or(' ');
            let may_be_furniture = line.len() <= MAX_FURNITURE_LINE_BYTES
                && (first.is_ascii_digit()
                    || first.is_ascii_uppercase()
                    || first == '*'
                    || line.starts_with("http"));
            let Some(kind) = may_be_furniture.then(|| classify(line)).flatten() else {
                break;
            };
            page_marked |= matches!(kind, Furniture::JobNumber | Furniture::Barcode);
            furniture_end = Some(pos + line_len);
        }
        if line_len == rest.len() {
            break;
        }
        pos += line_len + 1;
    }
    furniture_end.filter(|_| page_marked)
}

fn scan_while(text: &str, from: usize, pred: impl Fn(char) -> bool) -> usize {
    let mut end = from;
    for c in text[from..].chars() {
        if !pred(c) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_skip_wraps_and_map_fullwidth() {
        let text = "第 ２３９５（2017）号\n\n决议";
        let mut c = Cursor::new(text, 0);
        assert_eq!(c.bump(), Tok::Char('第'));
        assert_eq!(c.num(), Some((2395, 4)));
        assert!(c.eat_char('('));
        assert_eq!(c.num(), Some((2017, 4)));
        assert!(c.eat_char(')'));
        assert!(c.eat_chars("号决议"));
        assert_eq!(c.pos, text.len());
        assert_eq!(c.bump(), Tok::End);
    }

    #[test]
    fn page_break_furniture_is_skipped() {
        let text = "paragraph 16 of the\n25-00852\n\n5/8\n\nS/2025/68\n\nSecretary-General";
        let mut c = Cursor::new(text, 0);
        assert!(c.eat_word("paragraph"));
        assert_eq!(c.num(), Some((16, 2)));
        assert!(c.eat_words(&["of", "the", "Secretary"]), "{c:?}");
        // Without a job number the lines may be text: "60/288" alone is not skipped.
        let text = "resolution\n60/288\n";
        let mut c = Cursor::new(text, 0);
        assert!(c.eat_word("resolution"));
        assert_eq!(c.num(), Some((60, 2)));
    }

    #[test]
    fn long_digit_runs_are_not_numbers() {
        assert_eq!(digits_value("1234567890"), None);
        assert_eq!(digits_value("０７"), Some(7));
    }
}
