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
//! - [`auth`]: `security.rs`, security schemes and requirements;
//! - [`imports`]: the names those modules may import, and their `use`
//!   lines, from what the emitters recorded writing ([`super::uses`]).
//!
//! Everything that is the same for every API lives in `oapi_runtime::server`.

mod auth;
mod defaults;
mod errors;
mod extract;
mod imports;
mod operation_types;
mod paths;
mod responses;
mod router;
mod schema;
mod trait_def;

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use super::parts::{CrateParts, FileJob};
use super::rust::RustFile;
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
fn served(api: &Api) -> (Cow<'_, Api>, Vec<Skipped>) {
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

/// The server crate of an API: the operations it serves (those it can
/// route), shared by the threads that build its files.
pub(crate) struct ServerCrate<'a> {
    api: Cow<'a, Api>,
    skipped: Vec<Skipped>,
    /// The crate's name, and its mock server's example name, if it has one.
    crate_name: &'a str,
    mock: Option<&'a str>,
    /// The router's body limit, when not axum's.
    body_limit: Option<u64>,
    /// Whether it has a `schema.rs` (a type to validate, or a pattern) and
    /// a `security.rs` (an operation that needs credentials).
    validates: bool,
    authenticated: bool,
}

impl<'a> ServerCrate<'a> {
    /// The server crate `crate_name` of `api`, with its mock server as the
    /// example `mock`, unless that is `None`.
    pub(crate) fn new(api: &'a Api, crate_name: &'a str, mock: Option<&'a str>, body_limit: Option<u64>) -> Self {
        let (api, skipped) = served(api);
        let validates = !schema::SchemaNames::new(&api).is_empty();
        let authenticated = !auth::SecurityNames::new(&api).is_empty();
        Self { api, skipped, crate_name, mock, body_limit, validates, authenticated }
    }

    /// The operations it leaves out.
    pub(crate) fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Its `lib.rs` items and template values.
    pub(crate) fn parts(&self) -> CrateParts {
        let api = self.api.as_ref();
        let plans = operation_types::plan(api);
        let schema_mod = self.validates.then(|| {
            quote!(
                mod schema;
            )
        });
        let security_mod = self.authenticated.then(|| {
            quote!(
                mod security;
            )
        });
        let auth_exports = self.authenticated.then(|| {
            let items = runtime_items::SERVER_AUTH_REEXPORTS.iter().map(|name| crate::emit::types::ident(name));
            quote!(
                pub use oapi_runtime::server::{#(#items),*};
            )
        });
        let serve_exports = runtime_items::SERVER_SERVE_REEXPORTS.iter().map(|name| crate::emit::types::ident(name));
        // What handlers of binary bodies take and answer.
        let stream_export = operation_types::streams(api, &plans).then(|| {
            quote!(
                pub use oapi_runtime::ByteStream;
            )
        });
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
            #stream_export
        };
        let template_context = minijinja::context! {
            authenticated => self.authenticated,
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
            skipped => self.skipped.iter().map(|s| s.message.as_str()).collect::<Vec<_>>(),
        };
        // Whether a handler's future is `Send` is proved through every type
        // its models nest; deeply nested models (Stripe's) take rustc past
        // its default depth of 128.
        let lib_attrs = quote! { #![recursion_limit = "256"] };
        CrateParts { lib_attrs, lib_items, template_context }
    }

    /// Its other files: the operations' types, the trait, the router, the
    /// validation tables and security schemes where there are any, and
    /// the mock server. Each works out the names it uses itself (they are
    /// token streams, which cannot cross threads: a few milliseconds each).
    pub(crate) fn files(&'a self) -> Vec<FileJob<'a>> {
        let api = self.api.as_ref();
        let plans = || operation_types::plan(api);
        let schemas = || schema::SchemaNames::new(api);
        let security = || auth::SecurityNames::new(api);
        let mut files = vec![
            FileJob::new("src/operations.rs", true, move || Ok(operations_module(api, &plans(), &schemas()))),
            FileJob::new("src/api.rs", true, move || Ok(trait_def::api_module(api, &plans(), &security()).into())),
            FileJob::new("src/router.rs", true, move || {
                Ok(router::router_module(api, &plans(), &schemas(), &security(), self.body_limit))
            }),
        ];
        if self.validates {
            files.push(FileJob::new("src/schema.rs", true, move || Ok(schema::schema_module(api, &schemas()))));
        }
        if self.authenticated {
            files.push(FileJob::new("src/security.rs", false, move || {
                Ok(auth::security_module(api, &security()).into())
            }));
        }
        if let Some(example_name) = self.mock {
            files.push(FileJob::new("examples/mock.rs", true, move || {
                mock_example(api, &plans(), &security(), self.crate_name, example_name)
            }));
        }
        files
    }
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
) -> Result<RustFile, EmitError> {
    let uses = super::mock::uses();
    let handlers: Vec<super::mock::Handler<'_>> = api
        .operations
        .iter()
        .zip(plans)
        .map(|(op, types)| super::mock::Handler {
            op,
            args: trait_def::arguments(op, types, security, &api.types, &uses),
            response: types.response.clone(),
            variants: responses::mock_variants(op),
        })
        .collect();
    super::mock::example_file(api, crate_name, example_name, &handlers, !security.is_empty(), &uses)
}

/// The operations module: every operation's types.
fn operations_module(api: &Api, plans: &[operation_types::OpTypes], schemas: &schema::SchemaNames) -> RustFile {
    let uses = imports::uses();
    let items: Vec<TokenStream> = api
        .operations
        .iter()
        .zip(plans)
        .map(|(op, types)| {
            let own = operation_types::items(op, types, &api.types, &uses);
            let response = responses::response_enum(op, &types.response, &api.types, schemas, &uses);
            quote! { #own #response }
        })
        .collect();
    let imports = imports::use_lines(&uses);
    let head = quote! {
        //! Each operation's own types: its parameters by location, its body
        //! when content types carry different types, and its responses.
        #imports
    };
    RustFile::new(head, items)
}
