//! Table-of-contents detection: which lines of a document are its contents list ("I. Introduction
//! . . . . . 3", the "Contents" / "Page" titles above it, and the wrapped entry lines between
//! leader lines). Those lines become `Toc` paragraphs: shown, never numbered, never opening a
//! part (a contents list that mentions "Annex" does not start the annex), not searched.

/// Titles that head a contents list (compared case-insensitively, trimmed).
const TOC_TITLES: [&str; 9] = [
    "contents",
    "table of contents",
    "page",
    "pages",
    "paragraphs page",
    "目录",
    "目 录",
    "页次",
    "页码",
];

/// At most this many lines without dot leaders may separate two leader lines of one contents
/// list (an entry wrapped over two lines, an "Annex" entry above its title): 3 covers every
/// contents list of the bundled corpus; real text between two lists is longer.
const MAX_GAP_LINES: usize = 3;

/// At most this many title lines ("Contents", "Page") are looked for above a list.
const MAX_TITLE_LINES: usize = 3;

/// Leader dots needed before a page number (contents entries print dozens; 4 keeps the
/// shortest entries of the corpus, "D. South Sudan. . . . 24").
const MIN_LEADER_DOTS: usize = 4;

/// Leader dots needed when no page number follows: more than the 4 of a legal ellipsis
/// (". . . ." closing a quotation in S/2025/284).
const MIN_BARE_LEADER_DOTS: usize = 8;

/// A glued tail shorter than this is not split off (a stray letter or footnote mark).
const MIN_GLUED_TAIL_CHARS: usize = 3;

/// Longest page reference after the leaders ("17", "iii", "A-12").
const MAX_PAGE_CHARS: usize = 8;

/// Whether a line ends in leader dots, optionally followed by a page reference: ". . . . 5",
/// "....", "……3", "．．．" (an ellipsis inside running text is not a leader).
pub fn has_dot_leaders(line: &str) -> bool {
    let trimmed = line.trim_end();
    let page: Vec<char> = trimmed
        .chars()
        .rev()
        .take_while(|&c| c.is_alphanumeric() || c == '-')
        .collect();
    if page.len() > MAX_PAGE_CHARS {
        return false;
    }
    let page_bytes: usize = page.iter().map(|c| c.len_utf8()).sum();
    let body = &trimmed[..trimmed.len() - page_bytes];
    let body = body.trim_end();
    let spaced: String = body
        .chars()
        .rev()
        .take_while(|c| matches!(c, '.' | ' ' | '…' | '．' | '·'))
        .filter(|c| !c.is_whitespace())
        .collect();
    let dots = spaced.chars().filter(|&c| c == '.' || c == '·').count();
    let wide = spaced.chars().filter(|&c| c == '…' || c == '．').count();
    if page.is_empty() {
        // A legal ellipsis closes a quotation with ". . . ."; leaders without a page number
        // (an entry whose page went to the next line) are longer.
        dots >= MIN_BARE_LEADER_DOTS || wide >= 2
    } else {
        dots >= MIN_LEADER_DOTS || wide >= 2
    }
}

/// Where a contents line and the text after it were glued into one line by extraction
/// ("Annex 15: Gang attacks . . . . 62 Annex 1: Mass killings …", S/2025/356): the byte offset
/// of the text after the page number, when such text follows.
pub fn glued_after_leaders(line: &str) -> Option<usize> {
    let leader = line.find(". . . .").or_else(|| line.find("....."))?;
    let after_dots = leader + line[leader..].find(|c: char| c != '.' && c != ' ')?;
    let rest = &line[after_dots..];
    let page_len = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if page_len == 0 || page_len > 4 {
        return None;
    }
    let tail = rest[page_len..].trim_start();
    let starts_text = tail.chars().next().is_some_and(char::is_uppercase);
    (starts_text && tail.chars().count() >= MIN_GLUED_TAIL_CHARS).then(|| line.len() - tail.len())
}

/// Whether `line` is a title of a contents list.
fn is_toc_title(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    TOC_TITLES.contains(&lower.as_str())
}

/// For each line, whether it belongs to a table of contents. Lines marked in `skip` (masthead,
/// header) are never part of a list and do not count in gaps.
pub fn toc_lines(lines: &[&str], skip: &[bool]) -> Vec<bool> {
    let mut toc = vec![false; lines.len()];
    let kept: Vec<usize> = (0..lines.len()).filter(|&i| !skip[i]).collect();
    let leaders: Vec<usize> = (0..kept.len())
        .filter(|&k| has_dot_leaders(lines[kept[k]]))
        .collect();
    let mut run_start = 0;
    while run_start < leaders.len() {
        let mut run_end = run_start;
        while run_end + 1 < leaders.len()
            && leaders[run_end + 1] - leaders[run_end] <= MAX_GAP_LINES + 1
        {
            run_end += 1;
        }
        let (first, last) = (leaders[run_start], leaders[run_end]);
        for &line in &kept[first..=last] {
            toc[line] = true;
        }
        // Titles above ("Contents", "Page"), and the first line of a wrapped first entry.
        let mut k = first;
        let mut titles = 0;
        while k > 0 && titles < MAX_TITLE_LINES && is_toc_title(lines[kept[k - 1]]) {
            k -= 1;
            titles += 1;
            toc[kept[k]] = true;
        }
        run_start = run_end + 1;
    }
    // A "Contents" title directly followed by a list whose entries carry page numbers but no
    // leaders is rare in the corpus; it is left as text.
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_block_with_wrapped_entry_and_annex() {
        // Shape of S/2025/71/Rev.1 and S/2025/239: titles, leader lines, an entry wrapped over
        // two lines, an "Annex" entry above its title line, then the body.
        let lines = [
            "Sayf al-Adl published a series of articles.",
            "Contents",
            "Page",
            "I. Overview and evolution of the threat. . . . . . . . . . . 5",
            "A. Widespread and targeted attacks against internally displaced persons in RSF-controlled",
            "areas . . . . . . . . . . . . 17",
            "VI. Monitoring Team activities and feedback . . . . . . . . 24",
            "Annex",
            "Listed individuals and entities linked to Hay’at Tahrir al-Sham . . . . . . . 30",
            "I. Overview and evolution of the threat",
            "1. ISIL (Da’esh), Al-Qaida and affiliates remained resilient.",
        ];
        let skip = vec![false; lines.len()];
        let got = toc_lines(&lines, &skip);
        assert_eq!(
            got,
            [
                false, true, true, true, true, true, true, true, true, false, false
            ]
        );
    }

    #[test]
    fn chinese_leaders_and_plain_text() {
        let lines = [
            "目录",
            "一. 导言……………………3",
            "二. 背景……………………5",
            "1. 正文。",
        ];
        let got = toc_lines(&lines, &[false; 4]);
        assert_eq!(got, [true, true, true, false]);
        assert!(!has_dot_leaders("See p. 5. The Council met."));
        // An ellipsis inside running text (S/2025/239's enclosure) is not a leader.
        assert!(!has_dot_leaders(
            "21. The analyses..... have concluded that the powers are unlawful."
        ));
        assert!(has_dot_leaders("D. South Sudan. . . . . . . . . . . 24"));
        assert!(has_dot_leaders("III. El Fasher . . . . . . . . . . ."));
        assert!(!has_dot_leaders(
            "explicit support in the actual text . . . ."
        ));
        let glued = "Annex 15: Gang attacks at APN Port ........ 62 Annex 1: Mass killings";
        let at = glued_after_leaders(glued).unwrap();
        assert_eq!(&glued[at..], "Annex 1: Mass killings");
        assert_eq!(glued_after_leaders("A. Travel ban . . . . . . . 21"), None);
    }
}
