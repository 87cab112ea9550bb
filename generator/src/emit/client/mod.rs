//! The client crate's own code (beyond the shared models): `client.rs`
//! with the `Client` and its builder, and `operations.rs` with one async
//! method per operation and the operation's own types. Everything every
//! client shares (credentials, parameter encoding, retries, decoding) is
//! in the runtime's `client` module, so this code stays thin.

mod auth;
mod bodies;
mod client_struct;
mod names;
mod operations;
mod params;
mod readme;
mod responses;
mod streaming;
#[cfg(test)]
mod tests;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::TagFeatures;
use super::parts::CrateParts;
use super::{EmitError, runtime_items};
use crate::ir::Api;
use names::Names;

/// The client crate's modules for `api`; with `features`, each operation
/// is compiled under the features of its tags.
pub(crate) fn client(api: &Api, features: Option<&TagFeatures>) -> Result<CrateParts, EmitError> {
    let names = Names::new(api);
    let mut files = vec![("src/client.rs".to_owned(), client_struct::module(api, &names).into())];
    if !api.operations.is_empty() {
        files.push(("src/operations.rs".to_owned(), operations::module(api, &names, features)));
    }
    let template_context =
        readme::context(api, &names).map_err(|message| EmitError { file: "README.md".to_owned(), message })?;
    Ok(CrateParts { lib_items: lib_items(api, &names), files, template_context })
}

fn lib_items(api: &Api, names: &Names) -> TokenStream {
    let operations = (!api.operations.is_empty()).then(|| quote! { pub mod operations; });
    let enums = names.variables.iter().filter_map(|v| v.enum_name.as_deref()).map(super::types::ident);
    let client_items = runtime_items::CLIENT_REEXPORTS.iter().map(|name| super::types::ident(name));
    let root_items = runtime_items::ROOT.iter().map(|name| super::types::ident(name));
    quote! {
        mod client;
        #operations

        pub use client::{Client, ClientBuilder #(, #enums)*};
        pub use oapi_runtime::client::{#(#client_items),*};
        pub use oapi_runtime::{#(#root_items),*};
    }
}
