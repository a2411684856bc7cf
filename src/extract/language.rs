//! Which language extracted text is written in, with the `whatlang` crate (trigram models for
//! Latin/Cyrillic/Arabic text, script for Chinese), restricted to the six official UN languages.
//! Used to refuse a document whose text is not in the language of its label (the bundled
//! S/2024/145 and S/2024/216 are Russian texts served under an English label).
//!
//! Chosen by measurement over the 1,087 extracted texts of the bundled corpus (README, "Why each
//! dependency"): `whatlang` and `lingua` (6-language models) both agree with the label on 1,085
//! and both name the two Russian files; `whatlang` is 8× faster (8.0 vs 1.0 MB/s on 2,000-char
//! samples) and adds no model crates.

use crate::model::Lang;
use whatlang::{Detector, Lang as WLang};

/// Characters looked at (the start of the text: masthead and first page). Enough for a reliable
/// answer and bounded for speed; only the start, because a genuine English document may carry a
/// long annex circulated in another language (S/2025/354, Arabic annex: over its whole text it
/// is identified as Arabic, on its first 2,000 characters as English).
pub const LANGUAGE_SAMPLE_CHARS: usize = 2_000;

/// The official UN languages: the only ones a UN document is published in.
const UN_LANGUAGES: [WLang; 6] = [
    WLang::Eng,
    WLang::Cmn,
    WLang::Rus,
    WLang::Ara,
    WLang::Fra,
    WLang::Spa,
];

/// What the text was identified as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Identified {
    /// English name of the language ("Russian").
    pub name: &'static str,
    /// ISO 639-3 code ("rus").
    pub code: &'static str,
    /// The label undex uses for it, if undex indexes that language.
    pub lang: Option<Lang>,
    /// `whatlang`'s confidence, 0 to 1.
    pub confidence: f64,
    /// Whether `whatlang` deems the answer reliable (clear margin over the runner-up).
    pub reliable: bool,
}

/// Identifies the language of the start of `text` ([`LANGUAGE_SAMPLE_CHARS`]); `None` when the
/// text has too few letters to say.
pub fn identify(text: &str) -> Option<Identified> {
    let end = text
        .char_indices()
        .nth(LANGUAGE_SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let info = Detector::with_allowlist(UN_LANGUAGES.to_vec()).detect(&text[..end])?;
    let lang = match info.lang() {
        WLang::Eng => Some(Lang::En),
        WLang::Cmn => Some(Lang::Zh),
        _ => None,
    };
    Some(Identified {
        name: info.lang().eng_name(),
        code: info.lang().code(),
        lang,
        confidence: info.confidence(),
        reliable: info.is_reliable(),
    })
}

/// Why `text` must not be indexed under the label `lang`: it is reliably identified as another
/// language. One sentence naming both; `None` when the label fits or the text is too short or
/// too mixed to say (then the label is trusted).
pub fn mislabel_reason(text: &str, lang: Lang) -> Option<String> {
    let found = identify(text)?;
    if !found.reliable || found.lang == Some(lang) {
        return None;
    }
    Some(format!(
        "wrong language: labelled {lang} but the text is in {} ({}, confidence {:.2})",
        found.name, found.code, found.confidence
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identification_table() {
        let cases: [(&str, Option<Lang>, &str); 5] = [
            (
                "The Security Council, Recalling its resolutions 1267 (1999) and 1373 (2001), \
                 reaffirming that terrorism constitutes one of the most serious threats",
                Some(Lang::En),
                "eng",
            ),
            (
                "安全理事会，回顾其以往各项决议，重申恐怖主义是对国际和平与安全的最严重威胁之一",
                Some(Lang::Zh),
                "cmn",
            ),
            (
                "Комитет рассматривал шестой периодический доклад Центральноафриканской Республики",
                None,
                "rus",
            ),
            (
                "Le Conseil de sécurité, rappelant ses résolutions antérieures sur la lutte contre le terrorisme",
                None,
                "fra",
            ),
            (
                "Recordando sus resoluciones anteriores, el Consejo de Seguridad reafirma que el terrorismo",
                None,
                "spa",
            ),
        ];
        for (text, lang, code) in cases {
            let got = identify(text).expect(text);
            assert_eq!((got.lang, got.code), (lang, code), "{text}");
        }
        assert_eq!(identify("12 3 — 45"), None);
    }

    #[test]
    fn mislabel_reasons() {
        let russian = "Комитет рассматривал шестой периодический доклад Центральноафриканской \
                       Республики на своих заседаниях и принял следующие заключительные замечания";
        let reason = mislabel_reason(russian, Lang::En).unwrap();
        assert!(
            reason.contains("labelled en") && reason.contains("Russian"),
            "{reason}"
        );
        assert_eq!(
            mislabel_reason(
                "The Security Council, Recalling its resolutions on terrorism",
                Lang::En
            ),
            None
        );
        assert!(
            mislabel_reason(
                "The Security Council, Recalling its resolutions on terrorism",
                Lang::Zh
            )
            .is_some()
        );
        assert_eq!(
            mislabel_reason(
                "安全理事会，回顾其以往各项决议 (S/RES/2395(2017))",
                Lang::Zh
            ),
            None
        );
    }
}
