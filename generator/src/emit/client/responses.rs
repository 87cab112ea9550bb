//! Responses: what a call returns on success (the one success type, or a
//! per-operation enum of them), the per-operation enum of declared error
//! responses, and the `match` on the status that decodes each.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::docs::{Docs, code, doc_literal, doc_paragraphs};
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{Api, BodyContent, MediaKind, Operation, Response, ResponseHeader, StatusMatch, TypeRef};
use crate::naming::Scope;

/// A response body: the type it is read as and the `Response` method
/// decoding it.
#[derive(PartialEq)]
struct Payload {
    ty: TypeRef,
    decode: &'static str,
}

/// The content a response is decoded as: the first JSON one, else the first.
fn content(response: &Response) -> Option<&BodyContent> {
    response.contents.iter().find(|c| c.kind == MediaKind::Json).or(response.contents.first())
}

fn payload(response: &Response) -> Option<Payload> {
    content(response).map(payload_of)
}

/// How one content is read.
fn payload_of(content: &BodyContent) -> Payload {
    let (ty, decode) = match (content.kind, &content.ty) {
        (MediaKind::Json, Some(ty)) => (ty.clone(), "json"),
        (MediaKind::Json, None) => (TypeRef::Any, "json"),
        (MediaKind::Text, None | Some(TypeRef::String)) => (TypeRef::String, "text"),
        (MediaKind::Text, Some(ty)) => (ty.clone(), "json"),
        (MediaKind::Form, Some(ty)) => (ty.clone(), "form"),
        (MediaKind::Form, None) => (TypeRef::Map(Box::new(TypeRef::String)), "form"),
        (MediaKind::Binary | MediaKind::Multipart, _) => (TypeRef::Binary, "binary"),
    };
    Payload { ty, decode }
}

/// Whether a response's media types decode differently (so its body is an
/// enum with a variant per media type, chosen by `Content-Type`).
pub(super) fn needs_content_enum(response: &Response) -> bool {
    let payloads: Vec<Payload> = response.contents.iter().map(payload_of).collect();
    payloads.iter().any(|p| p != &payloads[0])
}

/// The name of `response`'s enum of bodies, from `contents` (aligned with
/// `op.responses`).
fn content_name<'a>(op: &Operation, contents: &'a [Option<String>], response: &Response) -> Option<&'a str> {
    let position = op.responses.iter().position(|r| std::ptr::eq(r, response))?;
    contents.get(position)?.as_deref()
}

/// The type a response's body is carried as: its enum of bodies, else its payload's.
fn carried(response: &Response, content: Option<&str>, api: &Api, uses: &Uses) -> Option<TokenStream> {
    match content {
        Some(name) => {
            let name = ident(name);
            Some(quote! { #name })
        }
        None => payload(response).map(|p| uses.model_type(&p.ty, &api.types)),
    }
}

/// The enum of `response`'s bodies, a variant per media type, and its
/// decoding by `Content-Type`.
pub(super) fn content_enum(response: &Response, name: &str, method: &str, api: &Api, uses: &Uses) -> TokenStream {
    let docs = Docs::new()
        .own(format!(
            "The body of the {} response of [`Client::{method}`], in one of the media types it declares, told \
             apart by its `Content-Type`.",
            status_text(response.status)
        ))
        .tokens();
    let variants = super::bodies::variants(&response.contents);
    let payloads: Vec<Payload> = response.contents.iter().map(payload_of).collect();
    let decls = response.contents.iter().zip(&variants).zip(&payloads).map(|((c, variant), p)| {
        let doc = doc_literal(&format!(" Sent as `{}`.", code(&c.media_type)));
        let (variant, ty) = (ident(variant), uses.model_type(&p.ty, &api.types));
        quote! { #[doc = #doc] #variant(#ty), }
    });
    let arms = variants.iter().zip(&payloads).enumerate().map(|(i, (variant, p))| {
        let (variant, decode, i) = (ident(variant), format_ident!("{}", p.decode), Literal::usize_unsuffixed(i));
        quote! { Some(#i) => response.#decode().map(Self::#variant), }
    });
    let media = response.contents.iter().map(|c| c.media_type.as_str());
    let default =
        Literal::usize_unsuffixed(response.contents.iter().position(|c| c.kind == MediaKind::Json).unwrap_or_default());
    let (name, response_type, error) = (ident(name), uses.item("Response"), uses.item("Error"));
    let distinct: Vec<&TypeRef> = payloads.iter().map(|p| &p.ty).fold(Vec::new(), |mut seen, ty| {
        if !seen.contains(&ty) {
            seen.push(ty);
        }
        seen
    });
    let allow = (distinct.len() > 1).then(|| quote! { #[allow(clippy::large_enum_variant)] });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #allow
        pub enum #name {
            #(#decls)*
        }

        impl #name {
            /// The body, read as its `Content-Type` says.
            fn decode<E>(response: &#response_type) -> Result<Self, #error<E>> {
                match response.media_index(&[#(#media),*], #default) {
                    #(#arms)*
                    _ => response.undeclared_media_type(),
                }
            }
        }
    }
}

/// The declared success responses (2XX).
fn successes(op: &Operation) -> Vec<&Response> {
    op.responses.iter().filter(|r| r.status.is_success()).collect()
}

/// The `default` response, when nothing declares success: then it also
/// stands for the 2XX statuses.
/// Whether some response of `op` is a success its methods return (a 2XX,
/// or a `default` taken as the success).
pub(super) fn has_success(op: &Operation) -> bool {
    op.responses.iter().any(|r| r.status.is_success()) || default_as_success(op).is_some()
}

fn default_as_success(op: &Operation) -> Option<&Response> {
    if successes(op).is_empty() { op.responses.iter().find(|r| r.status == StatusMatch::Default) } else { None }
}

/// The declared error responses, `default` included.
pub(super) fn errors(op: &Operation) -> Vec<&Response> {
    op.responses.iter().filter(|r| !r.status.is_success()).collect()
}

/// Whether success has several statuses (so it needs an enum).
pub(super) fn needs_enum(op: &Operation) -> bool {
    successes(op).len() > 1
}

/// The one success response of an operation without a success enum.
fn single_success(op: &Operation) -> Option<&Response> {
    successes(op).first().copied().or(default_as_success(op))
}

/// The success type of the method.
pub(super) fn ok_type(
    op: &Operation,
    api: &Api,
    enum_name: Option<&str>,
    contents: &[Option<String>],
    uses: &Uses,
) -> TokenStream {
    if let Some(name) = enum_name {
        let name = ident(name);
        return quote! { #name };
    }
    single_success(op)
        .and_then(|r| carried(r, content_name(op, contents, r), api, uses))
        .unwrap_or_else(|| quote! { () })
}

/// The headers the success responses declare, once each (by name, case
/// aside), with whether every success response declares it required.
pub(super) fn success_headers(op: &Operation) -> Vec<(&ResponseHeader, bool)> {
    let responses: Vec<&Response> = match successes(op) {
        found if found.is_empty() => default_as_success(op).into_iter().collect(),
        found => found,
    };
    let mut out: Vec<(&ResponseHeader, bool)> = Vec::new();
    for header in responses.iter().flat_map(|r| &r.headers) {
        if out.iter().any(|(h, _)| h.name.eq_ignore_ascii_case(&header.name)) {
            continue;
        }
        let always =
            responses.iter().all(|r| r.headers.iter().any(|h| h.name.eq_ignore_ascii_case(&header.name) && h.required));
        out.push((header, always));
    }
    out
}

/// The struct of an operation's declared success headers and the
/// expression reading it from `response`; `()` for an operation without.
pub(super) fn headers_struct(
    op: &Operation,
    api: &Api,
    name: Option<&str>,
    method: &str,
    uses: &Uses,
) -> (Option<TokenStream>, TokenStream) {
    let Some(name) = name else { return (None, quote! { () }) };
    let mut fields = Scope::default();
    let headers: Vec<(proc_macro2::Ident, &ResponseHeader, bool)> = success_headers(op)
        .into_iter()
        .map(|(h, required)| (ident(&fields.claim(h.ident.clone())), h, required))
        .collect();
    let decls = headers.iter().map(|(field, h, required)| {
        let ty = uses.model_type(&h.ty, &api.types);
        let ty = if *required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        let when = if *required { "always sent" } else { "absent when not sent" };
        let docs = Docs::new().own(format!("`{}`, {when}.", code(&h.name))).spec(h.description.as_deref()).tokens();
        quote! { #docs pub #field: #ty, }
    });
    let reads = headers.iter().map(|(field, h, required)| {
        let header = &h.name;
        if *required {
            quote! { #field: response.required_header(#header)?, }
        } else {
            quote! { #field: response.header(#header)?, }
        }
    });
    let ident = ident(name);
    let docs = Docs::new()
        .own(format!(
            "The response headers [`Client::{method}`] declares, read by `{method}_with_response`; a declared header that \
             does not read as its type is an [`Error::Decode`]."
        ))
        .tokens();
    let item = quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #ident {
            #(#decls)*
        }
    };
    (Some(item), quote! { #ident { #(#reads)* } })
}

/// Whether the method returns `()` on success.
pub(super) fn returns_nothing(op: &Operation, enum_name: Option<&str>) -> bool {
    enum_name.is_none() && single_success(op).and_then(payload).is_none()
}

/// The error type parameter of the method's `Error`.
pub(super) fn error_type(enum_name: Option<&str>) -> TokenStream {
    match enum_name {
        Some(name) => {
            let name = ident(name);
            quote! { #name }
        }
        None => quote! { std::convert::Infallible },
    }
}

/// "`404`", "`4XX`" or "any other status".
pub(super) fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("`{code}`"),
        StatusMatch::Range(class) => format!("`{class}XX`"),
        StatusMatch::Default => "Any other status (`default`)".to_owned(),
    }
}

fn variant_docs(response: &Response) -> TokenStream {
    let head = format!("{}: {}", status_text(response.status), response.description.trim());
    doc_paragraphs([Some(head.as_str())])
}

/// An enum with a variant per response: the payload, or a unit variant;
/// `variant_docs` gives each variant's documentation.
fn responses_enum(
    docs: TokenStream,
    name: &str,
    responses: &[&Response],
    contents: &[Option<&str>],
    api: &Api,
    variant_docs: impl Fn(usize) -> TokenStream,
    uses: &Uses,
) -> TokenStream {
    let name = ident(name);
    let mut shapes = Vec::new();
    let decls: Vec<TokenStream> = responses
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let docs = variant_docs(i);
            let variant = ident(&r.ident);
            let content = contents.get(i).copied().flatten();
            let carried = carried(r, content, api, uses);
            let ty = carried.as_ref().map(ToString::to_string);
            let decl = match &carried {
                Some(ty) => quote! { #docs #variant(#ty), },
                None => quote! { #docs #variant, },
            };
            if !shapes.contains(&ty) {
                shapes.push(ty);
            }
            decl
        })
        .collect();
    // Variants hold models of any size; boxing them would only burden matching.
    let allow = (shapes.len() > 1).then(|| quote! { #[allow(clippy::large_enum_variant)] });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #allow
        pub enum #name {
            #(#decls)*
        }
    }
}

/// The success enum of an operation, where it has one.
pub(super) fn success_enum(
    op: &Operation,
    api: &Api,
    name: Option<&str>,
    contents: &[Option<String>],
    method: &str,
    uses: &Uses,
) -> Option<TokenStream> {
    let successes = successes(op);
    let contents: Vec<Option<&str>> = successes.iter().map(|r| content_name(op, contents, r)).collect();
    name.map(|name| {
        let docs = Docs::new().own(format!("The success responses of [`Client::{method}`].")).tokens();
        responses_enum(docs, name, &successes, &contents, api, |i| variant_docs(successes[i]), uses)
    })
}

/// What makes two operations' error enums one type: each declared error
/// response's status, variant and body type.
pub(super) fn error_shape(op: &Operation) -> Vec<String> {
    errors(op)
        .iter()
        .map(|r| {
            let ty = payload(r).map(|p| p.ty);
            let mut shape = format!("{:?} {} {ty:?}", r.status, r.ident);
            if needs_content_enum(r) {
                for c in &r.contents {
                    shape.push_str(&format!(" {} {:?}", c.media_type, payload_of(c).ty));
                }
            }
            shape
        })
        .collect()
}

/// For each error response of an enum the operations `users` share,
/// whether they all describe it alike (so the enum can say what it means).
pub(super) fn described_alike(users: &[&Operation]) -> Vec<bool> {
    let per_user: Vec<Vec<&str>> =
        users.iter().map(|op| errors(op).iter().map(|r| r.description.trim()).collect()).collect();
    let Some(first) = per_user.first() else { return Vec::new() };
    (0..first.len()).map(|i| per_user.iter().all(|d| d.get(i) == first.get(i))).collect()
}

/// How many of an error enum's operations its doc names: each operation's
/// own doc names the enum, and a list of hundreds (a shared error of a
/// large API) is a line nobody reads.
const LISTED_USERS: usize = 8;

/// The error enum `name` of the operations `users` (with their method
/// names, and whether the docs may link to each), which declare the same
/// error responses.
pub(super) fn error_enum(
    name: &str,
    users: &[(&Operation, &str, bool)],
    alike: &[bool],
    contents: &[Option<String>],
    api: &Api,
    uses: &Uses,
) -> TokenStream {
    let ops: Vec<&Operation> = users.iter().map(|(op, ..)| *op).collect();
    let methods: Vec<String> = users
        .iter()
        .map(|(_, method, linked)| match linked {
            true => format!("[`Client::{method}`]"),
            false => format!("`Client::{method}`"),
        })
        .collect();
    let whose = match methods.as_slice() {
        [one] => one.clone(),
        many if many.len() > LISTED_USERS => {
            let others = many.len() - LISTED_USERS;
            format!("{} and {others} other operations", many[..LISTED_USERS].join(", "))
        }
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    };
    let verb = if methods.len() == 1 { "declares" } else { "declare alike" };
    let docs = Docs::new()
        .own(format!("The error responses {whose} {verb}, each with its decoded body; they come as [`Error::Api`]."))
        .tokens();
    let Some(first) = ops.first() else { return TokenStream::new() };
    let errors = errors(first);
    let docs_of = |i: usize| {
        if alike.get(i).copied().unwrap_or(true) {
            variant_docs(errors[i])
        } else {
            let text = format!("{}: what it means is on each operation's method.", status_text(errors[i].status));
            doc_paragraphs([Some(text.as_str())])
        }
    };
    let contents: Vec<Option<&str>> = contents.iter().map(Option::as_deref).collect();
    responses_enum(docs, name, &errors, &contents, api, docs_of, uses)
}

fn pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        StatusMatch::Range(class) => {
            let low = Literal::u16_unsuffixed(u16::from(class) * 100);
            let high = Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
            quote! { #low..=#high }
        }
        StatusMatch::Default => quote! { _ },
    }
}

/// The expression that turns `response` into the method's result;
/// `keep` returns from the error arms instead, leaving the success arms'
/// `Result` of the body with `response` still at hand.
pub(super) fn decode(
    op: &Operation,
    names: (Option<&str>, Option<&str>),
    contents: &[Option<String>],
    keep: bool,
) -> TokenStream {
    status_match(arms(op, names, contents, keep, true))
}

/// The `match` on the status of a response that is not a success (one
/// `Request::send_streaming` read whole): the declared errors, each
/// decoded into its variant, else `response.unexpected()`.
pub(super) fn decode_errors(op: &Operation, error_name: Option<&str>, contents: &[Option<String>]) -> TokenStream {
    status_match(arms(op, (None, error_name), contents, false, false))
}

/// The arms of the `match` on the status, with or without the success ones.
fn arms(
    op: &Operation,
    names: (Option<&str>, Option<&str>),
    contents: &[Option<String>],
    keep: bool,
    successes: bool,
) -> Vec<(TokenStream, TokenStream)> {
    let give_back = |value: TokenStream| {
        if keep {
            quote! { return #value }
        } else {
            value
        }
    };
    let (response_name, error_name) = names;
    let mut arms: Vec<(TokenStream, TokenStream)> = Vec::new();
    for r in &op.responses {
        let read = match content_name(op, contents, r) {
            Some(name) => {
                let name = ident(name);
                Some(Read::Content(quote! { #name::decode }))
            }
            None => payload(r).map(|p| Read::Method(p.decode)),
        };
        let variant = ident(&r.ident);
        if r.status.is_success() {
            if successes {
                arms.push((pattern(r.status), success_value(read.as_ref(), response_name, &variant)));
            }
            continue;
        }
        if successes && r.status == StatusMatch::Default && default_as_success(op).is_some() {
            arms.push((quote! { 200..=299 }, success_value(read.as_ref(), None, &variant)));
        }
        let Some(error_name) = error_name else { continue };
        let error = ident(error_name);
        let value = match read {
            Some(Read::Method(decode)) => {
                let decode_error = format_ident!("{decode}_error");
                quote! { response.#decode_error(#error::#variant) }
            }
            Some(Read::Content(decode)) => quote! { response.decoded_error(#decode, #error::#variant) },
            None => quote! { response.api_error(#error::#variant) },
        };
        arms.push((pattern(r.status), give_back(value)));
    }
    if !op.responses.iter().any(|r| r.status == StatusMatch::Default) {
        arms.push((quote! { _ }, give_back(quote! { response.unexpected() })));
    }
    arms
}

fn status_match(arms: Vec<(TokenStream, TokenStream)>) -> TokenStream {
    if let [(_, only)] = arms.as_slice() {
        // Only the catch-all: there is no status to tell apart.
        return only.clone();
    }
    let arms = arms.iter().map(|(pattern, value)| quote! { #pattern => #value, });
    quote! {
        match response.status().as_u16() {
            #(#arms)*
        }
    }
}

/// Whether a success response of `op` has a binary body (one media type,
/// read as bytes), which its `_streaming` method returns as it arrives.
pub(super) fn binary_success(op: &Operation) -> bool {
    successes(op)
        .into_iter()
        .chain(default_as_success(op))
        .any(|r| !needs_content_enum(r) && payload(r).is_some_and(|p| p.decode == "binary"))
}

/// How a response's body is read: a method of the runtime's `Response`
/// (`json`...), or the `decode` of its enum of bodies by media type.
enum Read {
    Method(&'static str),
    Content(TokenStream),
}

/// The value of a success arm.
fn success_value(read: Option<&Read>, enum_name: Option<&str>, variant: &proc_macro2::Ident) -> TokenStream {
    let decode = read.map(|read| match read {
        Read::Method(method) => {
            let method = format_ident!("{method}");
            quote! { response.#method() }
        }
        Read::Content(decode) => quote! { #decode(&response) },
    });
    match (decode, enum_name) {
        (Some(decode), None) => decode,
        (None, None) => quote! { Ok(()) },
        (Some(decode), Some(name)) => {
            let name = ident(name);
            quote! { #decode.map(#name::#variant) }
        }
        (None, Some(name)) => {
            let name = ident(name);
            quote! { Ok(#name::#variant) }
        }
    }
}
