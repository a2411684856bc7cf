//! The signature block at the end of a letter or report: "(Signed) António Guterres" and the
//! signer's title lines under it ("Ambassador Permanent Representative of Denmark to the United
//! Nations"); in Chinese the title lines stand above the name, which ends with "(签名)"
//! ("主席" / "蒂鲁穆尔蒂(签名)", S/2022/529). Line classifiers only; the builder in `segment`
//! decides from them which paragraphs are `Signature`.

/// Longest line read as a signature: most are under 130 characters; S/2025/274 prints two
/// signers side by side, which extraction reads as one 260-character line. "(Signed)" at the
/// start of a line is specific enough that the bound only keeps out running text.
const MAX_SIGNED_LINE_CHARS: usize = 400;

/// Title lines read under an English "(Signed)" line. The corpus has at most two (a title and
/// its wrapped tail); three leaves room for a longer title without swallowing a following
/// document title.
pub const MAX_TITLE_LINES_AFTER: usize = 3;

/// Title lines read above a Chinese "…(签名)" line (S/2022/529 has three: the committee over
/// two lines and "主席").
pub const MAX_TITLE_LINES_BEFORE: usize = 3;

/// Longest Chinese title line above a signature (characters).
pub const MAX_ZH_TITLE_CHARS: usize = 40;

/// Longest English title line under a signature (characters).
const MAX_EN_TITLE_CHARS: usize = 150;

/// First words of a signer's title line, from the corpus's signature blocks.
const TITLE_WORDS: [&str; 22] = [
    "Acting",
    "Ambassador",
    "Assistant",
    "Chair",
    "Chairman",
    "Chargé",
    "Coordinator",
    "Deputy",
    "Director",
    "Executive",
    "Facilitator",
    "Head",
    "High",
    "Minister",
    "Permanent",
    "President",
    "Prime",
    "Representative",
    "Secretary",
    "Secretary-General",
    "Special",
    "Under-Secretary-General",
];

/// Chinese signature marks: "(签名)" with ASCII or full-width brackets.
const ZH_SIGNED: [&str; 2] = ["(签名)", "（签名）"];

/// Whether the line is the signature itself: "(Signed) Name …", "（签名）Name", "Name(签名)".
pub fn is_signed_line(line: &str) -> bool {
    let line = line.trim();
    if line.chars().count() > MAX_SIGNED_LINE_CHARS {
        return false;
    }
    let english = line
        .strip_prefix("(Signed)")
        .or_else(|| line.strip_prefix("(signed)"))
        .is_some_and(|rest| rest.starts_with([' ', ':']) || rest.is_empty());
    english
        || ZH_SIGNED
            .iter()
            .any(|mark| line.starts_with(mark) || line.ends_with(mark))
}

/// Whether a line under an English signature continues it: a short line without final
/// punctuation that opens with a title word ("Ambassador …", "Chair, Military Staff
/// Committee") or in lower case (the wrapped tail of a title: "pursuant to resolution 1540
/// (2004)"). A document title or "Annex …" below the signature is not.
pub fn is_title_line_after(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > MAX_EN_TITLE_CHARS || ends_with_stop(line) {
        return false;
    }
    let first = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    starts_lower(line) || TITLE_WORDS.contains(&first)
}

/// Whether the line opens in lower case (the wrapped tail of the line above).
pub fn starts_lower(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// Ends like a sentence (then it is text, not a title).
pub fn ends_with_stop(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', ';', ':', '!', '?', '。', '；', '：', '！', '？'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_lines() {
        for (line, want) in [
            ("(Signed) António Guterres", true),
            (
                "(Signed) Amar Bendjama President of the Security Council",
                true,
            ),
            ("蒂鲁穆尔蒂(签名)", true),
            ("（签名）古特雷斯", true),
            ("(Signed and sealed by both parties in 1995)", false),
            ("The letter was (Signed) by the Minister.", false),
            ("He signed the agreement.", false),
        ] {
            assert_eq!(is_signed_line(line), want, "{line}");
        }
    }

    #[test]
    fn title_lines_after_a_signature() {
        for (line, want) in [
            ("Ambassador Permanent Representative", true),
            ("Chair, Military Staff Committee", true),
            ("pursuant to resolution 1540 (2004)", true),
            (
                "Director General Organisation for the Prohibition of Chemical Weapons",
                true,
            ),
            ("Annex", false),
            ("Enclosure", false),
            ("Sixty-seventh report of the High Representative", false),
            ("Summary", false),
            (
                "We therefore expect a public retraction and an apology for your remarks.",
                false,
            ),
        ] {
            assert_eq!(is_title_line_after(line), want, "{line}");
        }
    }
}
