//! Which response each method of the mock answers, and with what: the
//! response whose status `--status` chose, where the operation declares
//! it (exactly, by its class, or as `default`); otherwise the operation's
//! first success response.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::literal::Writer;
use super::values::{Sample, Samples};
use super::{Handler, Shape, Variant};
use crate::ir::{Constraints, MediaKind, Response, StatusMatch, TypeRef};

/// A response the mock can answer with: every value it needs exists.
pub(super) struct Answer<'a> {
    response: &'a Response,
    variant: &'a Variant,
    body: Option<Body>,
    /// Each header's value with its type; `None` for an optional header
    /// without one.
    headers: Vec<Option<(Sample, TypeRef)>>,
}

/// The body of an answer.
enum Body {
    /// A value of a schema type (JSON, form or multipart).
    Model(Sample, TypeRef),
    /// JSON without a schema.
    Any,
    /// Text.
    Text(String),
    /// Bytes.
    Binary,
}

/// The responses of `handler` the mock can answer with, in spec order.
pub(super) fn answers<'a>(handler: &'a Handler<'_>, samples: &mut Samples<'_>) -> Vec<Answer<'a>> {
    handler
        .op
        .responses
        .iter()
        .zip(&handler.variants)
        .filter_map(|(response, variant)| answer(response, variant, samples))
        .collect()
}

fn answer<'a>(response: &'a Response, variant: &'a Variant, samples: &mut Samples<'_>) -> Option<Answer<'a>> {
    let none = Constraints::default();
    let body = match response.contents.first() {
        None => None,
        Some(content) => Some(match (content.kind, &content.ty) {
            (MediaKind::Binary, _) => Body::Binary,
            (MediaKind::Text, ty) => {
                let sample = samples.sample(ty.as_ref().unwrap_or(&TypeRef::String), &none, "text")?;
                Body::Text(match samples.json(&sample) {
                    Value::String(text) => text,
                    other => other.to_string(),
                })
            }
            (_, None) => Body::Any,
            (_, Some(ty)) => Body::Model(samples.sample(ty, &none, "")?, ty.clone()),
        }),
    };
    let mut headers = Vec::with_capacity(response.headers.len());
    for header in &response.headers {
        match samples.sample(&header.ty, &none, &header.name) {
            Some(sample) => headers.push(Some((sample, header.ty.clone()))),
            None if header.required => return None,
            None => headers.push(None),
        }
    }
    Some(Answer { response, variant, body, headers })
}

/// Every sample of the answers (to find the named types they refer to).
pub(super) fn samples<'s>(answers: &'s [Answer<'_>]) -> impl Iterator<Item = &'s Sample> {
    answers.iter().flat_map(|a| {
        let body = match &a.body {
            Some(Body::Model(sample, _)) => Some(sample),
            _ => None,
        };
        body.into_iter().chain(a.headers.iter().flatten().map(|(sample, _)| sample))
    })
}

/// The default answer: the first success response, else the first one
/// (`0` for none at all).
fn primary(answers: &[Answer<'_>]) -> usize {
    answers.iter().position(|a| a.response.status.is_success()).unwrap_or(0)
}

/// The body of the method for `handler`, choosing among `answers` by the
/// chosen status; and whether it reads the chosen status.
pub(super) fn method_body(handler: &Handler<'_>, answers: &[Answer<'_>], writer: &Writer<'_>) -> (TokenStream, bool) {
    let primary = primary(answers);
    let build = |a: &Answer<'_>| construct(handler, a, writer);
    if answers.is_empty() {
        // No response of the spec has a finite value valid against its
        // schema: the router answers the panic with 500.
        let message = format!("the spec gives `{}` no response with a valid value", handler.op.id);
        return (quote!(panic!(#message)), false);
    }
    if answers.len() == 1 {
        let uses_status = !matches!(answers[0].response.status, StatusMatch::Code(_));
        return (build(&answers[0]), uses_status);
    }
    let has_default = answers.iter().any(|a| a.response.status == StatusMatch::Default);
    let mut arms = Vec::new();
    for (i, answer) in answers.iter().enumerate() {
        let is_primary = i == primary;
        if is_primary && !has_default {
            continue;
        }
        let default_prefix = is_primary.then(|| quote!(None |));
        let pattern = match answer.response.status {
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#default_prefix Some(#code))
            }
            StatusMatch::Range(class) => {
                let (first, last) = class_bounds(class);
                quote!(#default_prefix Some(#first..=#last))
            }
            StatusMatch::Default if is_primary => quote!(_),
            StatusMatch::Default => quote!(Some(_)),
        };
        let value = build(answer);
        arms.push(quote!(#pattern => #value,));
    }
    if !has_default {
        let value = build(&answers[primary]);
        arms.push(quote!(_ => #value,));
    }
    (quote! { match self.status.chosen() { #(#arms)* } }, true)
}

/// The first and last status of a class (`4` → 400 and 499).
fn class_bounds(class: u8) -> (Literal, Literal) {
    let first = u16::from(class) * 100;
    (Literal::u16_unsuffixed(first), Literal::u16_unsuffixed(first + 99))
}

/// The expression building the variant of `answer`.
fn construct(handler: &Handler<'_>, answer: &Answer<'_>, writer: &Writer<'_>) -> TokenStream {
    let response = &handler.response;
    let variant = &answer.variant.ident;
    let operations = writer.uses().item("operations");
    let path = quote!(#operations::#response::#variant);
    let body = || match &answer.body {
        Some(Body::Model(sample, ty)) => writer.typed(sample, ty),
        Some(Body::Any) => {
            let json = writer.uses().item("json");
            quote!(#json!({}))
        }
        Some(Body::Text(text)) => quote!(#text.to_owned()),
        Some(Body::Binary) => {
            let bytes = Literal::byte_string(super::scalars::BYTES.as_bytes());
            quote!(oapi_runtime::ByteStream::from(&#bytes[..]))
        }
        None => quote!(()),
    };
    match &answer.variant.shape {
        Shape::Unit => path,
        Shape::Tuple => {
            let body = body();
            quote!(#path(#body))
        }
        Shape::Fields { status, body: has_body, headers } => {
            let status = status.then(|| {
                let range = match answer.response.status {
                    StatusMatch::Range(class) => {
                        let (first, last) = class_bounds(class);
                        quote!(#first..=#last)
                    }
                    _ => quote!(200..=599),
                };
                quote!(status: self.status.within(#range),)
            });
            let body = has_body.then(|| {
                let body = body();
                quote!(body: #body,)
            });
            let headers =
                headers.iter().zip(&answer.headers).zip(&answer.response.headers).map(|((field, value), header)| {
                    let value = match value {
                        Some((sample, ty)) => {
                            let ty = if header.required { ty.clone() } else { TypeRef::Nullable(Box::new(ty.clone())) };
                            writer.typed(sample, &ty)
                        }
                        None => quote!(None),
                    };
                    quote!(#field: #value,)
                });
            quote!(#path { #status #body #(#headers)* })
        }
    }
}

/// The method's parameters: the trait's, each prefixed with `_` (the
/// mock answers the same whatever they are).
pub(super) fn parameters(handler: &Handler<'_>) -> Vec<TokenStream> {
    handler
        .args
        .iter()
        .map(|(name, ty)| {
            let name = format_ident!("_{name}");
            quote!(#name: #ty)
        })
        .collect()
}
