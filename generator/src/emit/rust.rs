//! Token streams to Rust source: parsed by syn, printed by prettyplease,
//! headed by the generated-file preamble.

use proc_macro2::TokenStream;

use super::EmitError;

/// Pretty-print `tokens` as a whole Rust file under `preamble`.
pub(crate) fn format_file(path: &str, preamble: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| EmitError { file: path.to_owned(), message: format!("generated tokens are not valid Rust: {e}") })?;
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
            if (item_ended || docs_ended) && !line.is_empty() && !line.starts_with(' ') && !line.starts_with('}') {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::separate_items;

    #[test]
    fn top_level_items_are_separated() {
        let source = "//! Docs.\nuse a::b;\nstruct A;\nimpl A {\n    fn f() {}\n}\nfn g() {}\n";
        assert_eq!(separate_items(source), "//! Docs.\n\nuse a::b;\n\nstruct A;\n\nimpl A {\n    fn f() {}\n}\n\nfn g() {}\n");
    }
}
