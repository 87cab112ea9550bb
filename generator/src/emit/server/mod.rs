//! The server crate's own code (beyond the shared models): the `Api`
//! trait users implement, the per-operation types, and an axum router
//! that authenticates, validates and dispatches every request to it.
//!
//! One module per concept of the generated crate:
//! - [`operation_types`] and [`responses`]: `operations.rs`, each
//!   operation's parameter structs, body enum and response enum (with
//!   [`defaults`] standing in for absent optional parameters);
//! - [`trait_def`]: `api.rs`, the trait;
//! - [`router`] and [`extract`]: `router.rs`, the handlers and routes, as
//!   [`paths`] plans them;
//! - [`schema`]: `schema.rs`, validation tables of the named types;
//! - [`errors`]: the schemas the router's own error answers must fit;
//! - [`auth`]: `security.rs`, security schemes and requirements.
//!
//! Everything that is the same for every API lives in `oapi_runtime::server`.

mod auth;
mod defaults;
mod errors;
mod extract;
mod operation_types;
mod paths;
mod responses;
mod router;
mod schema;
mod trait_def;

use std::borrow::Cow;
use std::collections::BTreeSet;

use proc_macro2::{Spacing, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::parts::CrateParts;
use super::{EmitError, runtime_items};
use crate::ir::Api;

/// An operation the server crate leaves out because it cannot be routed.
pub(crate) struct Skipped {
    /// JSON pointer of the operation.
    pub pointer: String,
    /// Which operation, and why, for people.
    pub message: String,
}

/// The API as the server crate serves it: without the operations it
/// cannot route, which are returned beside it.
pub(crate) fn served(api: &Api) -> (Cow<'_, Api>, Vec<Skipped>) {
    let (kept, unroutable) = paths::routable(api);
    if unroutable.is_empty() {
        return (Cow::Borrowed(api), Vec::new());
    }
    let skipped = unroutable
        .into_iter()
        .map(|(i, reason)| {
            let op = &api.operations[i];
            Skipped {
                pointer: op.pointer.clone(),
                message: format!(
                    "operation `{}` ({} {}) is left out of the server crate: {reason}",
                    op.id,
                    op.method.as_str(),
                    op.path
                ),
            }
        })
        .collect();
    let operations = kept.into_iter().map(|i| api.operations[i].clone()).collect();
    (Cow::Owned(Api { operations, ..api.clone() }), skipped)
}

/// The server crate's files for `api` (its mock server among them, as the
/// example `mock` of the crate `crate_name`, unless `mock` is `None`), and
/// the operations left out; `body_limit` is the router's, when not axum's.
pub(crate) fn server(
    api: &Api,
    crate_name: &str,
    mock: Option<&str>,
    body_limit: Option<u64>,
) -> Result<(CrateParts, Vec<Skipped>), EmitError> {
    let (api, skipped) = served(api);
    let api = api.as_ref();
    let plans = operation_types::plan(api);
    let schemas = schema::SchemaNames::new(api);
    let security = auth::SecurityNames::new(api);

    let mut files = vec![
        ("src/operations.rs".to_owned(), operations_module(api, &plans, &schemas)),
        ("src/api.rs".to_owned(), trait_def::api_module(api, &plans, &security)),
        ("src/router.rs".to_owned(), router::router_module(api, &plans, &schemas, &security, body_limit)),
    ];
    if !schemas.is_empty() {
        files.push(("src/schema.rs".to_owned(), schema::schema_module(api, &schemas)));
    }
    if !security.is_empty() {
        files.push(("src/security.rs".to_owned(), auth::security_module(api, &security)));
    }
    if let Some(example_name) = mock {
        files.push(("examples/mock.rs".to_owned(), mock_example(api, &plans, &security, crate_name, example_name)?));
    }
    let schema_mod = (!schemas.is_empty()).then(|| {
        quote!(
            mod schema;
        )
    });
    let security_mod = (!security.is_empty()).then(|| {
        quote!(
            mod security;
        )
    });
    let auth_exports = (!security.is_empty()).then(|| {
        let items = runtime_items::SERVER_AUTH_REEXPORTS.iter().map(|name| crate::emit::types::ident(name));
        quote!(
            pub use oapi_runtime::server::{#(#items),*};
        )
    });
    let serve_exports = runtime_items::SERVER_SERVE_REEXPORTS.iter().map(|name| crate::emit::types::ident(name));
    let lib_items = quote! {
        pub mod operations;
        mod api;
        mod router;
        #schema_mod
        #security_mod

        pub use api::Api;
        pub use router::router;
        pub use oapi_runtime::server::{#(#serve_exports),*};
        #auth_exports
    };
    let template_context = minijinja::context! {
        authenticated => !security.is_empty(),
        schemes => api.security_schemes.iter().enumerate().filter(|(i, _)| {
            api.operations.iter().flat_map(|op| op.security.alternatives.iter().flatten()).any(|u| u.scheme == *i)
        }).map(|(_, s)| minijinja::context! {
            key => s.key,
            carries => auth::carries(&s.kind),
        }).collect::<Vec<_>>(),
        operations => api.operations.iter().map(|op| minijinja::context! {
            method_name => op.fn_ident,
            method => op.method.as_str(),
            path => op.path,
            security => auth::requirement_text(api, &op.security),
        }).collect::<Vec<_>>(),
        skipped => skipped.iter().map(|s| s.message.as_str()).collect::<Vec<_>>(),
    };
    Ok((CrateParts { lib_items, files, template_context }, skipped))
}

/// The mock server of the server crate `crate_name` (its `examples/mock.rs`,
/// run as the example `example_name`): an `Api` implementation answering
/// every operation with an example response, see [`super::mock`].
fn mock_example(
    api: &Api,
    plans: &[operation_types::OpTypes],
    security: &auth::SecurityNames,
    crate_name: &str,
    example_name: &str,
) -> Result<TokenStream, EmitError> {
    let handlers: Vec<super::mock::Handler<'_>> = api
        .operations
        .iter()
        .zip(plans)
        .map(|(op, types)| super::mock::Handler {
            op,
            args: trait_def::arguments(op, types, security, &api.types),
            response: types.response.clone(),
            variants: responses::mock_variants(op, &api.types),
        })
        .collect();
    super::mock::example_file(api, crate_name, example_name, &handlers, !security.is_empty())
}

/// The operations module: every operation's types.
fn operations_module(api: &Api, plans: &[operation_types::OpTypes], schemas: &schema::SchemaNames) -> TokenStream {
    let items = api.operations.iter().zip(plans).map(|(op, types)| {
        let own = operation_types::items(op, types, &api.types);
        let response = responses::response_enum(op, &types.response, &api.types, schemas);
        quote! { #own #response }
    });
    let items = quote! { #(#items)* };
    let imports = imports(&items);
    quote! {
        //! Each operation's own types: its parameters by location, its body
        //! when content types carry different types, and its responses.
        #imports
        #items
    }
}

/// What a name imported by a generated module is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Used as `name::...`.
    Module,
    /// Used as `name(...)`.
    Function,
    /// Used anywhere.
    Type,
}

/// Names generated modules may import, in the order `use` lines are written.
const IMPORTS: &[(&str, &str, Kind)] = &[
    ("Arc", "std::sync", Kind::Type),
    ("Router", "axum", Kind::Type),
    ("Request", "axum::extract", Kind::Type),
    ("State", "axum::extract", Kind::Type),
    ("IntoResponse", "axum::response", Kind::Type),
    ("Response", "axum::response", Kind::Type),
    ("delete", "axum::routing", Kind::Function),
    ("get", "axum::routing", Kind::Function),
    ("head", "axum::routing", Kind::Function),
    ("options", "axum::routing", Kind::Function),
    ("patch", "axum::routing", Kind::Function),
    ("post", "axum::routing", Kind::Function),
    ("put", "axum::routing", Kind::Function),
    ("trace", "axum::routing", Kind::Function),
    ("server", "oapi_runtime", Kind::Module),
    ("Api", "crate", Kind::Type),
    ("Authenticator", "crate", Kind::Type),
    ("models", "crate", Kind::Module),
    ("operations", "crate", Kind::Module),
    ("schema", "crate", Kind::Module),
    ("security", "crate", Kind::Module),
];

/// The names generated modules may import: a name the emitter makes up
/// (a handler, a helper) must be none of them, or it would clash with the
/// import (E0255).
pub(super) fn importable_names() -> impl Iterator<Item = &'static str> {
    IMPORTS.iter().map(|(name, ..)| *name)
}

/// The `use` declarations for the names `items` uses unqualified, so that
/// a module imports exactly what it uses.
pub(super) fn imports(items: &TokenStream) -> TokenStream {
    let mut used = BTreeSet::new();
    collect_uses(items.clone(), &mut used);
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for (name, path, _) in IMPORTS.iter().filter(|(name, ..)| used.contains(name)) {
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

/// Keywords after which an identifier is being defined.
const DEFINING_KEYWORDS: &[&str] = &["fn", "struct", "enum", "mod", "static", "const", "type", "trait", "let"];

/// Every importable name used unqualified in `tokens`, with how it is used.
fn collect_uses(tokens: TokenStream, used: &mut BTreeSet<&'static str>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => collect_uses(group.stream(), used),
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                // A method of a trait needs the trait in scope.
                if name == "into_response"
                    && i > 0
                    && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '.')
                {
                    used.insert("IntoResponse");
                }
                let Some((name, _, kind)) = IMPORTS.iter().find(|(n, ..)| *n == name) else { continue };
                let punct = |j: Option<usize>| match j.and_then(|j| trees.get(j)) {
                    Some(TokenTree::Punct(p)) => Some(p.as_char()),
                    _ => None,
                };
                let before = (punct(i.checked_sub(2)), punct(i.checked_sub(1)));
                let qualified = matches!(before, (_, Some('.')) | (Some(':'), Some(':')));
                // `fn name(`, `struct Name`, ...: a definition, not a use.
                let defined = i.checked_sub(1).and_then(|j| trees.get(j)).is_some_and(
                    |t| matches!(t, TokenTree::Ident(k) if DEFINING_KEYWORDS.contains(&k.to_string().as_str())),
                );
                let next = trees.get(i + 1);
                let fits = match kind {
                    // `name::item`, but not `name::<T>` (a generic function's turbofish).
                    Kind::Module => {
                        matches!(next, Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
                            && !matches!(punct(Some(i + 3)), Some('<'))
                    }
                    Kind::Function => {
                        matches!(next, Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis)
                    }
                    Kind::Type => {
                        !matches!(next, Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Alone)
                    }
                };
                if !qualified && !defined && fits {
                    used.insert(*name);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::imports;

    #[test]
    fn modules_import_exactly_the_names_they_use() {
        let items = quote! {
            async fn handler(State(state): State<Arc<A>>, request: Request) -> Response {
                let router = Router::new().route("/", get(handler).post(other));
                server::finish(router);
                operations::Thing { schema: 1, get: 2 };
                state.api.call().await.into_response()
            }
        };
        let expected = quote! {
            use std::sync::{Arc};
            use axum::{Router};
            use axum::extract::{Request, State};
            use axum::response::{IntoResponse, Response};
            use axum::routing::{get};
            use oapi_runtime::{server};
            use crate::{operations};
        };
        assert_eq!(imports(&items).to_string(), expected.to_string());
    }

    #[test]
    fn definitions_and_turbofish_calls_need_no_import() {
        let items = quote! {
            fn post(&self) -> Response;
            async fn models<A>() {}
            fn route() { get(models::<A>) }
        };
        let expected = quote! {
            use axum::response::{Response};
            use axum::routing::{get};
        };
        assert_eq!(imports(&items).to_string(), expected.to_string());
    }

    #[test]
    fn qualified_names_need_no_import() {
        let items = quote! { fn f() -> axum::response::Response { crate::models::X::new(); x.post(1) } };
        assert!(imports(&items).is_empty());
    }
}
