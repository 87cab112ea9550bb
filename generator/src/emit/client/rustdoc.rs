//! Doc comments that mix the spec's text (made safe for rustdoc) with the
//! generator's own Markdown, whose intra-doc links must stay links.

use proc_macro2::TokenStream;

use crate::emit::docs::{own_doc_attrs, sanitize};

/// Paragraphs of a doc comment, in order.
#[derive(Debug, Default)]
pub(super) struct Docs {
    paragraphs: Vec<String>,
}

impl Docs {
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// A paragraph of the spec's text, if present and not blank.
    pub(super) fn spec(mut self, text: Option<&str>) -> Self {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            self.paragraphs.push(sanitize(text));
        }
        self
    }

    /// A paragraph the generator wrote (intra-doc links allowed).
    pub(super) fn own(mut self, text: impl Into<String>) -> Self {
        self.paragraphs.push(text.into());
        self
    }

    /// `#[doc = "..."]` attributes.
    pub(super) fn tokens(&self) -> TokenStream {
        own_doc_attrs(&self.paragraphs.join("\n\n"))
    }
}

/// Spec text inside a list item: made safe, continuation lines indented so
/// they stay in the item.
pub(super) fn list_item_text(text: &str) -> String {
    sanitize(text).lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("\n  ")
}

/// Text for inside a code span.
pub(super) fn code(text: &str) -> String {
    text.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_text_keeps_links_and_spec_text_is_escaped() {
        let docs = Docs::new().spec(Some("Returns a [thing] <b>")).own("See [`Client::get`].").spec(None).tokens();
        let text = docs.to_string();
        assert!(text.contains(r"Returns a \\[thing\\] \\<b\\>"), "{text}");
        assert!(text.contains("See [`Client::get`]."), "{text}");
    }

    #[test]
    fn list_items_continue_on_indented_lines() {
        assert_eq!(list_item_text("first\n\nsecond [x]"), "first\n  second \\[x\\]");
    }
}
