//! Request bodies: the argument an operation takes for its body (a
//! reference to the body's type, or a per-operation enum when the spec
//! offers several media types), how it is put on the request, and the
//! `ToMultipart` impls of the models sent as `multipart/form-data`.
//! The trait is the client crate's own (private): the models live in the
//! models crate, and a crate may implement only its own traits for them.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::emit::docs::{Docs, code, doc_literal};
use crate::emit::features::{TagFeatures, gate_items};
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{
    Api, BodyContent, Field, MediaKind, Operation, Presence, Struct, TypeId, TypeKind, TypeRef, TypeSpace,
};
use crate::naming::Scope;

/// Whether the body is offered in several media types (so it needs an enum).
pub(super) fn needs_enum(op: &Operation) -> bool {
    op.body.as_ref().is_some_and(|b| b.contents.len() > 1)
}

/// The content sent when the caller does not choose: the first JSON one,
/// else the first.
fn default_content(contents: &[BodyContent]) -> Option<usize> {
    contents.iter().position(|c| c.kind == MediaKind::Json).or(if contents.is_empty() { None } else { Some(0) })
}

/// The type a content is passed as, behind a reference.
fn content_type(content: &BodyContent, api: &Api, uses: &Uses) -> TokenStream {
    let typed = |fallback: TokenStream| match &content.ty {
        Some(ty) => uses.model_type(ty, &api.types),
        None => fallback,
    };
    match content.kind {
        MediaKind::Json => typed(quote! { serde_json::Value }),
        MediaKind::Form => typed(quote! { serde_json::Map<String, serde_json::Value> }),
        MediaKind::Multipart => match &content.ty {
            Some(ty) => uses.model_type(ty, &api.types),
            None => uses.item("Multipart").into_token_stream(),
        },
        MediaKind::Text => match &content.ty {
            None | Some(TypeRef::String) => quote! { str },
            Some(ty) => uses.model_type(ty, &api.types),
        },
        MediaKind::Binary => quote! { oapi_runtime::Binary },
    }
}

/// The request call that sends `body` (a reference) as `content`.
fn content_call(content: &BodyContent, api: &Api, body: &TokenStream, uses: &Uses) -> TokenStream {
    let media = &content.media_type;
    match content.kind {
        MediaKind::Json if media == "application/json" => quote! { .json(#body) },
        MediaKind::Json => quote! { .json_as(#media, #body) },
        MediaKind::Form if content.styled.is_empty() => quote! { .form(#body) },
        MediaKind::Form => {
            let styled = content.styled.iter().map(|field| {
                let (name, style) = (&field.name, super::params::style(field.style.param_style(), uses));
                quote! { (#name, #style) }
            });
            quote! { .form_styled(#body, &[#(#styled),*]) }
        }
        MediaKind::Multipart => match &content.ty {
            None => quote! { .multipart(#body.clone()) },
            Some(ty) if multipart_struct(ty, &api.types).is_some() => quote! { .multipart(#body.to_multipart()) },
            Some(_) => {
                let multipart = uses.item("Multipart");
                quote! { .multipart(#multipart::from_fields(#body)) }
            }
        },
        MediaKind::Text => match &content.ty {
            None | Some(TypeRef::String) => quote! { .text_as(#media, #body) },
            Some(_) => quote! { .json_as(#media, #body) },
        },
        MediaKind::Binary => quote! { .binary_as(#media, #body) },
    }
}

/// The variant names of a body enum, one per content.
pub(super) fn variants(contents: &[BodyContent]) -> Vec<String> {
    let mut scope = Scope::default();
    contents
        .iter()
        .map(|c| {
            let name = match c.kind {
                MediaKind::Json => "Json",
                MediaKind::Form => "Form",
                MediaKind::Multipart => "Multipart",
                MediaKind::Text => "Text",
                MediaKind::Binary => "Binary",
            };
            scope.claim(name.to_owned())
        })
        .collect()
}

/// The body argument, `body: ...`, if the operation has a body.
pub(super) fn arg(op: &Operation, api: &Api, enum_name: Option<&str>, uses: &Uses) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let ty = match enum_name {
        Some(name) => {
            let name = ident(name);
            if body.required {
                return Some(quote! { body: impl Into<#name<'_>> });
            }
            quote! { #name<'_> }
        }
        None => {
            let content = body.contents.first()?;
            let ty = content_type(content, api, uses);
            quote! { &#ty }
        }
    };
    Some(if body.required {
        quote! { body: #ty }
    } else {
        quote! { body: Option<#ty> }
    })
}

/// How the body gets on the request: a call to chain for a required body
/// of one media type, or a statement rebinding `request` otherwise.
pub(super) enum Apply {
    /// No body.
    Nothing,
    /// `.json(body)`.
    Chain(TokenStream),
    /// `let request = match body { ... };`.
    Statement(TokenStream),
}

pub(super) fn apply(op: &Operation, api: &Api, enum_name: Option<&str>, uses: &Uses) -> Apply {
    let Some(body) = &op.body else { return Apply::Nothing };
    let var = quote! { body };
    match enum_name {
        None => {
            let Some(content) = body.contents.first() else { return Apply::Nothing };
            let call = content_call(content, api, &var, uses);
            if body.required {
                Apply::Chain(call)
            } else {
                Apply::Statement(quote! {
                    let request = match body {
                        Some(body) => request #call,
                        None => request,
                    };
                })
            }
        }
        Some(name) => {
            let name = ident(name);
            let arms = body.contents.iter().zip(variants(&body.contents)).map(|(content, variant)| {
                let variant = ident(&variant);
                let call = content_call(content, api, &var, uses);
                if body.required {
                    quote! { #name::#variant(body) => request #call, }
                } else {
                    quote! { Some(#name::#variant(body)) => request #call, }
                }
            });
            let (scrutinee, none) = if body.required {
                (quote! { body.into() }, TokenStream::new())
            } else {
                (quote! { body }, quote! { None => request, })
            };
            Apply::Statement(quote! {
                let request = match #scrutinee {
                    #(#arms)*
                    #none
                };
            })
        }
    }
}

/// The body enum of an operation offering several media types, with a
/// `From` for its default (JSON) one.
pub(super) fn body_enum(op: &Operation, api: &Api, name: &str, method: &str, uses: &Uses) -> TokenStream {
    let Some(body) = &op.body else { return TokenStream::new() };
    let docs = Docs::new()
        .own(format!("The request body of [`Client::{method}`], in one of the media types it accepts."))
        .spec(body.description.as_deref())
        .tokens();
    let name = ident(name);
    let variant_names = variants(&body.contents);
    let decls = body.contents.iter().zip(&variant_names).map(|(content, variant)| {
        let doc = doc_literal(&format!(" Sent as `{}`.", code(&content.media_type)));
        let variant = ident(variant);
        let ty = content_type(content, api, uses);
        quote! {
            #[doc = #doc]
            #variant(&'a #ty),
        }
    });
    let from = default_content(&body.contents).map(|index| {
        let content = &body.contents[index];
        let variant = ident(&variant_names[index]);
        let ty = content_type(content, api, uses);
        let doc = doc_literal(&format!(" A body sent as `{}`.", code(&content.media_type)));
        quote! {
            impl<'a> From<&'a #ty> for #name<'a> {
                #[doc = #doc]
                fn from(body: &'a #ty) -> Self {
                    Self::#variant(body)
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy)]
        pub enum #name<'a> {
            #(#decls)*
        }
        #from
    }
}

/// The README example's body: its type, a value of it (from the type's
/// example when the spec has one), and what the crate root must export for them.
pub(super) fn example_value(op: &Operation, api: &Api) -> (TokenStream, TokenStream, Vec<&'static str>) {
    let Some(content) = op.body.as_ref().and_then(|b| default_content(&b.contents).and_then(|i| b.contents.get(i)))
    else {
        return (quote! { () }, quote! { () }, Vec::new());
    };
    let is_model = content.ty.as_ref().is_some_and(|t| {
        let mut ids = Vec::new();
        t.named_ids(&mut ids);
        !ids.is_empty()
    });
    match (content.kind, &content.ty) {
        (MediaKind::Binary, _) => {
            (quote! { Binary }, quote! { Binary::new(std::fs::read("body.bin")?) }, vec!["Binary"])
        }
        (MediaKind::Multipart, None) => (quote! { Multipart }, quote! { Multipart::new() }, vec!["Multipart"]),
        (MediaKind::Text, None | Some(TypeRef::String)) => (quote! { &str }, quote! { "text" }, Vec::new()),
        (_, ty) => {
            let example = match ty {
                Some(TypeRef::Named(id)) if id.0 < api.types.len() => api.types.get(*id).example.clone(),
                _ => None,
            };
            let json = example.map(|e| e.to_string()).unwrap_or_else(|| match ty {
                Some(TypeRef::Array(_)) => "[]".to_owned(),
                _ => "{}".to_owned(),
            });
            let imports = if is_model { vec!["models"] } else { Vec::new() };
            // A multipart body without a schema is the arm above: nothing to import here.
            // Its imports are the README's own (`needs`).
            let uses = Uses::new(|name| super::names::operations_imports().any(|n| n == name));
            (content_type(content, api, &uses), quote! { serde_json::from_str(#json)? }, imports)
        }
    }
}

/// The struct a multipart body's type is (through aliases), if it is one.
fn multipart_struct(ty: &TypeRef, space: &TypeSpace) -> Option<TypeId> {
    let mut ty = ty;
    // Alias chains are short; the bound only guards against a malformed IR.
    for _ in 0..32 {
        let TypeRef::Named(id) = ty else { return None };
        if id.0 >= space.len() {
            return None;
        }
        match &space.get(*id).kind {
            TypeKind::Struct(_) => return Some(*id),
            TypeKind::Alias(target) => ty = target,
            _ => return None,
        }
    }
    None
}

/// The private `ToMultipart` trait, and an impl for every struct some
/// operation sends as `multipart/form-data`: binary fields become file
/// parts, the others text parts.
pub(super) fn multipart_impls(api: &Api, uses: &Uses, features: Option<&TagFeatures>) -> TokenStream {
    let ids: BTreeSet<TypeId> = api
        .operations
        .iter()
        .flat_map(|op| op.body.iter().flat_map(|b| &b.contents))
        .filter(|c| c.kind == MediaKind::Multipart)
        .filter_map(|c| c.ty.as_ref())
        .filter_map(|ty| multipart_struct(ty, &api.types))
        .collect();
    let impls: Vec<TokenStream> = ids
        .into_iter()
        .filter_map(|id| match &api.types.get(id).kind {
            // Compiled where the model is.
            TypeKind::Struct(s) => Some(gate_items(
                features.and_then(|f| f.type_cfg(id)).as_ref(),
                multipart_impl(&api.types.get(id).ident, s, uses),
            )),
            _ => None,
        })
        .collect();
    if impls.is_empty() {
        return TokenStream::new();
    }
    let multipart = uses.item("Multipart");
    quote! {
        /// A model sent as a `multipart/form-data` body.
        trait ToMultipart {
            /// The body's parts.
            fn to_multipart(&self) -> #multipart;
        }

        #(#impls)*
    }
}

fn multipart_impl(name: &str, s: &Struct, uses: &Uses) -> TokenStream {
    let name = ident(name);
    let parts = s.fields.iter().map(field_part);
    let (multipart, models) = (uses.item("Multipart"), uses.item("models"));
    let form = quote! { #multipart::new() #(#parts)* };
    let body = match &s.additional {
        Some(additional) => {
            let field = ident(&additional.ident);
            quote! {
                let form = #form;
                self.#field.iter().fold(form, |form, (name, value)| form.text(name, value))
            }
        }
        None => form,
    };
    quote! {
        impl ToMultipart for #models::#name {
            fn to_multipart(&self) -> #multipart {
                #body
            }
        }
    }
}

/// The call adding one field: file parts for binary fields (however many
/// `Option`s and `Vec`s wrap them), a text part otherwise.
fn field_part(field: &Field) -> TokenStream {
    let wire = &field.name;
    let name = ident(&field.ident);
    let optional_layers = match field.presence() {
        Presence::Required => 0,
        Presence::RequiredNullable | Presence::Optional => 1,
        Presence::OptionalNullable => 2,
    };
    let Some(type_layers) = binary_layers(&field.ty) else {
        return quote! { .text(#wire, &self.#name) };
    };
    match optional_layers + type_layers {
        0 => quote! { .file(#wire, &self.#name) },
        1 => quote! { .files(#wire, &self.#name) },
        layers => {
            let flattens = (1..layers).map(|_| quote! { .flatten() });
            quote! { .files(#wire, self.#name.iter() #(#flattens)*) }
        }
    }
}

/// How many `Vec`/`Option` layers wrap a binary value, if `ty` is one.
fn binary_layers(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Binary => Some(0),
        TypeRef::Array(inner) | TypeRef::Nullable(inner) => binary_layers(inner).map(|n| n + 1),
        _ => None,
    }
}
