//! Finding the document file behind an HTML viewer page: documents.un.org answers some requests
//! with a page that frames or links the PDF instead of the PDF itself. The file is taken from,
//! in order, `iframe[src]`, `embed[src]`, `object[data]`, then the first `a[href]` whose path
//! ends in `.pdf` — the last only on a short page: an HTML *document* citing other documents'
//! PDFs is not a viewer page.

use url::Url;

/// A page with more visible text than this (in characters) is a document, not a viewer.
const MAX_VIEWER_TEXT_CHARS: usize = 2000;

/// The URL of the document a viewer page frames or links, resolved against the page's URL;
/// `None` when the page is not a viewer page.
pub fn viewer_target(html: &str, page_url: &Url) -> Option<Url> {
    let doc = scraper::Html::parse_document(html);
    let framed = [
        ("iframe[src]", "src"),
        ("embed[src]", "src"),
        ("object[data]", "data"),
    ];
    for (selector, attr) in framed {
        let selector = scraper::Selector::parse(selector).expect("static selector");
        for element in doc.select(&selector) {
            if let Some(target) = element
                .value()
                .attr(attr)
                .and_then(|v| resolve(page_url, v))
            {
                return Some(target);
            }
        }
    }
    if super::sniff::html_visible_text(html).chars().count() > MAX_VIEWER_TEXT_CHARS {
        return None;
    }
    let links = scraper::Selector::parse("a[href]").expect("static selector");
    doc.select(&links)
        .filter_map(|a| a.value().attr("href").and_then(|v| resolve(page_url, v)))
        .find(|u| u.path().to_ascii_lowercase().ends_with(".pdf"))
}

/// Resolves an attribute value against the page URL; only http(s) targets other than the page
/// itself are kept (a frame of `about:blank` or of the page is no document).
fn resolve(page_url: &Url, value: &str) -> Option<Url> {
    let value = value.trim();
    if value.is_empty() || value.starts_with('#') {
        return None;
    }
    let url = page_url.join(value).ok()?;
    (matches!(url.scheme(), "http" | "https") && url != *page_url).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewer_pages_table() {
        let page = Url::parse("https://documents.un.org/doc/undoc/gen/n17/460/25/view").unwrap();
        let table = [
            (
                r#"<html><body><iframe src="/doc/undoc/gen/n17/460/25/pdf/n1746025.pdf"></iframe></body></html>"#,
                Some("https://documents.un.org/doc/undoc/gen/n17/460/25/pdf/n1746025.pdf"),
            ),
            (
                r#"<html><body><embed src="pdf/n1746025.pdf" type="application/pdf"></body></html>"#,
                Some("https://documents.un.org/doc/undoc/gen/n17/460/25/pdf/n1746025.pdf"),
            ),
            (
                r#"<html><body><a href="/help.html">Help</a><a href="https://documents.un.org/doc/undoc/gen/n17/460/25/pdf/N1746025.PDF">Download</a></body></html>"#,
                Some("https://documents.un.org/doc/undoc/gen/n17/460/25/pdf/N1746025.PDF"),
            ),
            (
                r#"<html><body><iframe src="about:blank"></iframe><a href="/x.html">x</a></body></html>"#,
                None,
            ),
            (
                r#"<html><body><p>No document here.</p></body></html>"#,
                None,
            ),
        ];
        for (html, want) in table {
            assert_eq!(
                viewer_target(html, &page).as_ref().map(Url::as_str),
                want,
                "{html}"
            );
        }
    }
}
