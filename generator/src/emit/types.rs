//! Type expressions of the IR as Rust type tokens, and which external
//! crates they need.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{TypeRef, TypeSpace};

/// The Rust type for `ty`.
pub(crate) fn rust_type(ty: &TypeRef, space: &TypeSpace) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = format_ident!("{}", space.get(*id).ident);
            quote! { #name }
        }
        TypeRef::Boxed(inner) => {
            let inner = rust_type(inner, space);
            quote! { Box<#inner> }
        }
        TypeRef::String => quote! { String },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
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
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, space);
            quote! { Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, space);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, space);
            quote! { Option<#inner> }
        }
    }
}

/// The Rust type for `ty` as written outside the models module: named
/// types qualified as `models::User`, so that they cannot clash with the
/// names of the code around them.
pub(crate) fn model_type(ty: &TypeRef, space: &TypeSpace) -> TokenStream {
    match ty {
        TypeRef::Named(_) => {
            let name = rust_type(ty, space);
            quote! { models::#name }
        }
        TypeRef::Boxed(item) => {
            let item = model_type(item, space);
            quote! { Box<#item> }
        }
        TypeRef::Array(item) => {
            let item = model_type(item, space);
            quote! { Vec<#item> }
        }
        TypeRef::Map(item) => {
            let item = model_type(item, space);
            quote! { std::collections::BTreeMap<String, #item> }
        }
        TypeRef::Nullable(item) => {
            let item = model_type(item, space);
            quote! { Option<#item> }
        }
        other => rust_type(other, space),
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
        None => format_ident!("{}", name),
    }
}
