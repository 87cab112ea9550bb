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
use super::parts::{CrateParts, FileJob};
use super::{EmitError, runtime_items};
use crate::ir::Api;
use names::Names;

/// The client crate of an API: what its files are named from, worked out
/// once and shared by the threads that build them.
pub(crate) struct ClientCrate<'a> {
    api: &'a Api,
    names: Names,
    /// With features, each operation is compiled under the features of its tags.
    features: Option<&'a TagFeatures>,
}

impl<'a> ClientCrate<'a> {
    pub(crate) fn new(api: &'a Api, features: Option<&'a TagFeatures>) -> Self {
        Self { api, names: Names::new(api), features }
    }

    /// Its `lib.rs` items and template values.
    pub(crate) fn parts(&self) -> Result<CrateParts, EmitError> {
        let template_context = readme::context(self.api, &self.names)
            .map_err(|message| EmitError { file: "README.md".to_owned(), message })?;
        Ok(CrateParts { lib_attrs: TokenStream::new(), lib_items: lib_items(self.api, &self.names), template_context })
    }

    /// Its other modules.
    pub(crate) fn files(&'a self) -> Vec<FileJob<'a>> {
        let Self { api, names, features } = self;
        let mut files =
            vec![FileJob::new("src/client.rs", false, move || Ok(client_struct::module(api, names).into()))];
        if !api.operations.is_empty() {
            files.push(FileJob::new("src/operations.rs", true, move || Ok(operations::module(api, names, *features))));
        }
        files
    }
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
