//! Token streams to Rust source: parsed by syn, printed by prettyplease,
//! headed by the generated-file preamble.

use proc_macro2::TokenStream;

use super::EmitError;

/// A Rust file as token streams, in pieces: its head (inner docs and
/// attributes, `use` lines), then its items a few at a time. Each piece is
/// parsed and printed on its own, so that only one piece's syntax tree is
/// alive at once: a large API's file is megabytes of code, and its whole
/// tree took more memory than the rest of the generator.
pub(crate) struct RustFile {
    pieces: Vec<TokenStream>,
}

impl RustFile {
    /// A file of `head` followed by `items`, each a whole item or several.
    pub(crate) fn new(head: TokenStream, items: impl IntoIterator<Item = TokenStream>) -> Self {
        Self { pieces: std::iter::once(head).chain(items).collect() }
    }

    /// This file with `first` (inner doc attributes) at the top of its head.
    pub(crate) fn headed(mut self, first: &TokenStream) -> Self {
        let head = std::mem::take(&mut self.pieces[0]);
        self.pieces[0] = quote::quote! { #first #head };
        self
    }
}

/// A small file, printed in one piece.
impl From<TokenStream> for RustFile {
    fn from(tokens: TokenStream) -> Self {
        Self { pieces: vec![tokens] }
    }
}

/// Pretty-print `file` under `preamble`.
pub(crate) fn format_file(path: &str, preamble: &str, file: RustFile) -> Result<String, EmitError> {
    let mut printed = String::new();
    for piece in file.pieces {
        let piece: syn::File = syn::parse2(piece).map_err(|e| EmitError {
            file: path.to_owned(),
            message: format!("generated tokens are not valid Rust: {e}"),
        })?;
        printed.push_str(&prettyplease::unparse(&piece));
    }
    let mut out = format!("// {preamble}\n\n");
    separate_items(&printed, &mut out);
    Ok(out)
}

/// prettyplease prints items back to back; put a blank line between
/// top-level items (and after the module docs) as rustfmt'd code has,
/// writing `source` so separated to `out`.
fn separate_items(source: &str, out: &mut String) {
    out.reserve(source.len() + source.len() / 20);
    let mut previous: Option<&str> = None;
    for line in source.lines() {
        if let Some(prev) = previous {
            let item_ended = prev == "}" || (prev.ends_with(';') && !prev.starts_with(' '));
            let docs_ended = prev.starts_with("//!") && !line.starts_with("//!");
            // Consecutive one-line `use` (or `mod`) declarations stay together, as rustfmt'd code has them.
            let same_group = declaration_kind(prev).is_some() && declaration_kind(prev) == declaration_kind(line);
            if (item_ended || docs_ended)
                && !same_group
                && !line.is_empty()
                && !line.starts_with(' ')
                && !line.starts_with('}')
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
}

/// `use` or `mod` for a one-line declaration of that kind (visibility
/// aside), `None` for anything else.
fn declaration_kind(line: &str) -> Option<&'static str> {
    let line = line.strip_prefix("pub ").or_else(|| line.strip_prefix("pub(crate) ")).unwrap_or(line);
    if !line.ends_with(';') {
        return None;
    }
    ["use ", "mod "].into_iter().find(|kind| line.starts_with(kind))
}

#[cfg(test)]
mod tests {
    use super::{RustFile, format_file};

    fn separate_items(source: &str) -> String {
        let mut out = String::new();
        super::separate_items(source, &mut out);
        out
    }

    #[test]
    fn top_level_items_are_separated() {
        let source = "//! Docs.\nuse a::b;\nstruct A;\nimpl A {\n    fn f() {}\n}\nfn g() {}\n";
        assert_eq!(
            separate_items(source),
            "//! Docs.\n\nuse a::b;\n\nstruct A;\n\nimpl A {\n    fn f() {}\n}\n\nfn g() {}\n"
        );
    }

    #[test]
    fn declarations_of_one_kind_stay_together() {
        let source = "use a::b;\nuse c::{d, e};\npub mod f;\nmod g;\npub use h::I;\nfn j() {}\n";
        assert_eq!(
            separate_items(source),
            "use a::b;\nuse c::{d, e};\n\npub mod f;\nmod g;\n\npub use h::I;\n\nfn j() {}\n"
        );
    }

    #[test]
    fn a_file_in_pieces_prints_as_it_would_whole() {
        let head = quote::quote! {
            //! Docs.
            #![allow(dead_code)]
            use std::fmt;
        };
        let items = [
            quote::quote! {
                /// A struct too long for one line, which prettyplease breaks.
                pub struct A { pub first_member_with_a_long_name: u32, pub second_member_with_a_long_name: String }
            },
            quote::quote! {
                impl fmt::Display for A { fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "{} and {}", self.first_member_with_a_long_name, self.second_member_with_a_long_name) } }
                const B: u8 = 1;
            },
        ];
        let whole = quote::quote! { #head #(#items)* };
        let in_pieces = format_file("a.rs", "preamble", RustFile::new(head, items)).expect("valid");
        assert_eq!(in_pieces, format_file("a.rs", "preamble", RustFile::from(whole)).expect("valid"));
        assert!(
            in_pieces.starts_with("// preamble\n\n//! Docs.\n\n#![allow(dead_code)]\nuse std::fmt;\n\n"),
            "{in_pieces}"
        );
        assert!(in_pieces.contains("}\n\nconst B: u8 = 1;\n"), "{in_pieces}");
    }

    #[test]
    fn an_invalid_piece_names_the_file() {
        let file = RustFile::new(
            quote::quote!(
                use a;
            ),
            [quote::quote!(struct;)],
        );
        let error = format_file("src/a.rs", "preamble", file).expect_err("invalid");
        assert_eq!(error.file, "src/a.rs");
        assert!(error.message.contains("not valid Rust"), "{}", error.message);
    }
}
