//! What the server crate's modules import: the names they may use
//! unqualified, and their `use` lines, made from what the emitters
//! recorded as they wrote each name ([`Uses`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::uses::Uses;
use crate::ir::HttpMethod;

/// Names generated modules may import, with where from, in the order
/// `use` lines are written.
const IMPORTS: &[(&str, &str)] = &[
    ("Arc", "std::sync"),
    ("Router", "axum"),
    ("Request", "axum::extract"),
    ("State", "axum::extract"),
    ("IntoResponse", "axum::response"),
    ("Response", "axum::response"),
    ("delete", "axum::routing"),
    ("get", "axum::routing"),
    ("head", "axum::routing"),
    ("options", "axum::routing"),
    ("patch", "axum::routing"),
    ("post", "axum::routing"),
    ("put", "axum::routing"),
    ("trace", "axum::routing"),
    ("server", "oapi_runtime"),
    ("Api", "crate"),
    ("Authenticator", "crate"),
    ("models", "crate"),
    ("operations", "crate"),
    ("schema", "crate"),
    ("security", "crate"),
];

/// The names generated modules may import: a name the emitter makes up
/// (a handler, a helper) must be none of them, or it would clash with the
/// import (E0255).
pub(super) fn importable_names() -> impl Iterator<Item = &'static str> {
    IMPORTS.iter().map(|(name, _)| *name)
}

/// A module's record of the names it uses, of [`IMPORTS`].
pub(super) fn uses() -> Uses {
    Uses::new(|name| IMPORTS.iter().any(|(n, _)| *n == name))
}

/// The routing function of `method` (`get`, ...), recorded as used.
pub(super) fn routing_fn(method: HttpMethod, uses: &Uses) -> proc_macro2::Ident {
    uses.item(match method {
        HttpMethod::Get => "get",
        HttpMethod::Put => "put",
        HttpMethod::Post => "post",
        HttpMethod::Delete => "delete",
        HttpMethod::Options => "options",
        HttpMethod::Head => "head",
        HttpMethod::Patch => "patch",
        HttpMethod::Trace => "trace",
    })
}

/// The `use` declarations of the names `uses` recorded, grouped by path.
pub(super) fn use_lines(uses: &Uses) -> TokenStream {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for (name, path) in IMPORTS.iter().filter(|(name, _)| uses.is_used(name)) {
        match groups.iter_mut().find(|(p, _)| p == path) {
            Some((_, names)) => names.push(name),
            None => groups.push((path, vec![name])),
        }
    }
    let lines = groups.into_iter().map(|(path, names)| {
        let path: syn::Path = syn::parse_str(path).unwrap_or_else(|_| syn::parse_quote!(crate));
        let names = names.into_iter().map(|n| format_ident!("{n}"));
        quote!(use #path::{#(#names),*};)
    });
    quote!(#(#lines)*)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{routing_fn, use_lines, uses};
    use crate::ir::HttpMethod;

    #[test]
    fn use_lines_group_what_was_recorded_by_path() {
        let recorded = uses();
        for name in ["operations", "State", "Arc", "server", "Request", "IntoResponse", "Router", "Response"] {
            recorded.need(name);
        }
        routing_fn(HttpMethod::Get, &recorded);
        let expected = quote! {
            use std::sync::{Arc};
            use axum::{Router};
            use axum::extract::{Request, State};
            use axum::response::{IntoResponse, Response};
            use axum::routing::{get};
            use oapi_runtime::{server};
            use crate::{operations};
        };
        assert_eq!(use_lines(&recorded).to_string(), expected.to_string());
        assert!(use_lines(&uses()).is_empty());
    }

    #[test]
    fn every_method_has_an_importable_routing_function() {
        let recorded = uses();
        use HttpMethod::*;
        for method in [Get, Put, Post, Delete, Options, Head, Patch, Trace] {
            routing_fn(method, &recorded);
        }
    }
}
