//! Type expressions of the IR as Rust type tokens, and which external
//! crates they need.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{TypeRef, TypeSpace};

/// The Rust type for `ty`, as written inside the models crate.
pub(crate) fn rust_type(ty: &TypeRef, space: &TypeSpace) -> TokenStream {
    type_tokens(ty, space, None)
}

/// The Rust type for `ty` as written outside the models module: named
/// types qualified as `models::User`, so that they cannot clash with the
/// names of the code around them.
pub(crate) fn model_type(ty: &TypeRef, space: &TypeSpace) -> TokenStream {
    type_tokens(ty, space, Some(&quote! { models:: }))
}

/// The one mapping of type expressions to Rust types; `qualifier` goes
/// before the names of named types.
fn type_tokens(ty: &TypeRef, space: &TypeSpace, qualifier: Option<&TokenStream>) -> TokenStream {
    let inner = |inner: &TypeRef| type_tokens(inner, space, qualifier);
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&space.get(*id).ident);
            quote! { #qualifier #name }
        }
        TypeRef::Boxed(item) => {
            let item = inner(item);
            quote! { Box<#item> }
        }
        TypeRef::String => quote! { String },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::I8 => quote! { i8 },
        TypeRef::I16 => quote! { i16 },
        TypeRef::U8 => quote! { u8 },
        TypeRef::U16 => quote! { u16 },
        TypeRef::U32 => quote! { u32 },
        TypeRef::U64 => quote! { u64 },
        TypeRef::I128 => quote! { i128 },
        TypeRef::U128 => quote! { u128 },
        TypeRef::F32 => quote! { f32 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::DateTime => quote! { chrono::DateTime<chrono::FixedOffset> },
        TypeRef::Date => quote! { chrono::NaiveDate },
        TypeRef::Uuid => quote! { uuid::Uuid },
        TypeRef::Bytes => quote! { oapi_runtime::Base64 },
        TypeRef::Binary => quote! { oapi_runtime::Binary },
        TypeRef::Any => quote! { serde_json::Value },
        TypeRef::JsonObject => quote! { serde_json::Map<String, serde_json::Value> },
        TypeRef::Array(item) => {
            let item = inner(item);
            quote! { Vec<#item> }
        }
        TypeRef::Map(item) => {
            let item = inner(item);
            quote! { std::collections::BTreeMap<String, #item> }
        }
        TypeRef::Nullable(item) => {
            let item = inner(item);
            quote! { Option<#item> }
        }
    }
}

/// External crates a set of types needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Needs {
    pub chrono: bool,
    pub uuid: bool,
    pub runtime: bool,
    pub serde_with: bool,
    pub serde_json: bool,
}

impl Needs {
    /// Record what `ty` needs.
    pub(crate) fn add(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::DateTime | TypeRef::Date => self.chrono = true,
            TypeRef::Uuid => self.uuid = true,
            TypeRef::Bytes | TypeRef::Binary => self.runtime = true,
            TypeRef::Any | TypeRef::JsonObject => self.serde_json = true,
            TypeRef::Boxed(inner) | TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                self.add(inner)
            }
            _ => {}
        }
    }
}

/// An identifier from [`crate::naming`] as a token: `r#type` becomes a raw identifier.
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}
