//! Token streams to Rust source: parsed by syn, printed by prettyplease,
//! headed by the generated-file preamble.

use proc_macro2::TokenStream;

use super::EmitError;

/// Pretty-print `tokens` as a whole Rust file under `preamble`.
pub(crate) fn format_file(path: &str, preamble: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError {
        file: path.to_owned(),
        message: format!("generated tokens are not valid Rust: {e}"),
    })?;
    Ok(format!("// {preamble}\n\n{}", separate_items(&prettyplease::unparse(&file))))
}

/// prettyplease prints items back to back; put a blank line between
/// top-level items (and after the module docs) as rustfmt'd code has.
fn separate_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 20);
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
    out
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
    use super::separate_items;

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
}
