//! Security schemes as runtime `Scheme` constants, each operation's
//! requirement as the alternatives it passes to the request, and the words
//! that document both.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::Names;
use crate::emit::docs::{code, doc_paragraphs};
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{Api, ApiKeyLocation, AuthKind, Security, SecurityScheme};

/// A `const` per scheme some operation uses.
pub(super) fn scheme_consts(api: &Api, names: &Names, uses: &Uses) -> TokenStream {
    api.security_schemes
        .iter()
        .zip(&names.schemes)
        .filter_map(|(scheme, name)| name.as_ref().map(|name| scheme_const(scheme, name, uses)))
        .collect()
}

fn scheme_const(scheme: &SecurityScheme, name: &str, uses: &Uses) -> TokenStream {
    let summary = format!("`{}`: {}.", code(&scheme.key), what_it_sends(scheme));
    let docs = doc_paragraphs([Some(summary.as_str()), scheme.description.as_deref()]);
    let name = ident(name);
    let key = &scheme.key;
    let scheme_type = uses.item("Scheme");
    let value = match &scheme.kind {
        AuthKind::Bearer { .. } => quote! { #scheme_type::bearer(#key) },
        AuthKind::OAuth2 { .. } | AuthKind::OpenIdConnect { .. } => quote! { #scheme_type::oauth2(#key) },
        AuthKind::Basic => quote! { #scheme_type::basic(#key) },
        AuthKind::ApiKey { location, name: param, prefix, .. } => {
            let location_type = uses.item("ApiKeyLocation");
            let location = match location {
                ApiKeyLocation::Header => quote! { #location_type::Header },
                ApiKeyLocation::Query => quote! { #location_type::Query },
                ApiKeyLocation::Cookie => quote! { #location_type::Cookie },
            };
            let prefix = match prefix {
                Some(prefix) => quote! { Some(#prefix) },
                None => quote! { None },
            };
            quote! { #scheme_type::api_key(#key, #location, #param, #prefix) }
        }
    };
    quote! {
        #docs
        const #name: #scheme_type = #value;
    }
}

/// `.security(&[&[A], &[B, C]])` for an operation that authenticates, and
/// `.scopes("scheme", &[..])` for each scheme it requires scopes of (from
/// the first alternative naming it), which a token provider is asked for.
pub(super) fn security_call(api: &Api, security: &Security, names: &Names) -> TokenStream {
    if security.is_none() {
        return TokenStream::new();
    }
    let alternatives = security.alternatives.iter().map(|alternative| {
        let schemes =
            alternative.iter().filter_map(|u| names.schemes.get(u.scheme).and_then(Option::as_ref)).map(|n| ident(n));
        quote! { &[#(#schemes),*] }
    });
    let mut scoped: Vec<(&str, &[String])> = Vec::new();
    for usage in security.alternatives.iter().flatten().filter(|u| !u.scopes.is_empty()) {
        let Some(scheme) = api.security_schemes.get(usage.scheme) else { continue };
        if !scoped.iter().any(|(key, _)| *key == scheme.key) {
            scoped.push((&scheme.key, &usage.scopes));
        }
    }
    let scopes = scoped.iter().map(|(key, scopes)| quote! { .scopes(#key, &[#(#scopes),*]) });
    quote! { .security(&[#(#alternatives),*]) #(#scopes)* }
}

/// What a scheme sends: "a bearer token, `Authorization: Bearer <token>`" and the like.
pub(super) fn what_it_sends(scheme: &SecurityScheme) -> String {
    match &scheme.kind {
        AuthKind::Bearer { .. } => "a bearer token, `Authorization: Bearer <token>`".to_owned(),
        AuthKind::OAuth2 { .. } => "an OAuth2 access token, `Authorization: Bearer <token>`".to_owned(),
        AuthKind::OpenIdConnect { .. } => "an OpenID Connect access token, `Authorization: Bearer <token>`".to_owned(),
        AuthKind::Basic => "HTTP basic credentials, `Authorization: Basic <base64(username:password)>`".to_owned(),
        AuthKind::ApiKey { location, name, prefix, .. } => {
            let value = match prefix {
                Some(prefix) => format!("{} <key>", code(prefix)),
                None => "<key>".to_owned(),
            };
            let name = code(name);
            match location {
                ApiKeyLocation::Header => format!("an API key, `{name}: {value}`"),
                ApiKeyLocation::Query => format!("an API key in the query parameter `{name}`"),
                ApiKeyLocation::Cookie => format!("an API key in the cookie `{name}`"),
            }
        }
    }
}

/// The `Credentials` constructor that satisfies a scheme.
pub(super) fn credential_kind(scheme: &SecurityScheme) -> &'static str {
    match scheme.kind {
        AuthKind::Bearer { .. } | AuthKind::OAuth2 { .. } | AuthKind::OpenIdConnect { .. } => "Credentials::bearer",
        AuthKind::Basic => "Credentials::basic",
        AuthKind::ApiKey { .. } => "Credentials::api_key",
    }
}

/// A sentence on what an operation authenticates with, for its docs.
pub(super) fn security_doc(api: &Api, security: &Security) -> String {
    let scheme = |s: &crate::ir::SecurityScheme| {
        let constructor = credential_kind(s);
        format!("`{}` ([`{constructor}`](crate::{constructor}))", code(&s.key))
    };
    let requirement = security.describe(&api.security_schemes, scheme, [" and ", ", or ", "no credentials"]);
    format!("Authentication: {}.", requirement.as_deref().unwrap_or("none"))
}

/// The credentials expression that satisfies the first alternative of
/// `security`, for the README example; `None` when nothing is needed.
pub(super) fn example_credentials(api: &Api, security: &Security) -> Option<TokenStream> {
    let alternative = security.alternatives.first().filter(|a| !a.is_empty())?;
    let mut expr: Option<TokenStream> = None;
    for scheme in alternative.iter().filter_map(|u| api.security_schemes.get(u.scheme)) {
        let (first, then, args) = match scheme.kind {
            AuthKind::Bearer { .. } | AuthKind::OAuth2 { .. } | AuthKind::OpenIdConnect { .. } => {
                (quote!(bearer), quote!(with_bearer), quote!("<token>"))
            }
            AuthKind::Basic => (quote!(basic), quote!(with_basic), quote!("<username>", "<password>")),
            AuthKind::ApiKey { .. } => (quote!(api_key), quote!(with_api_key), quote!("<api key>")),
        };
        expr = Some(match expr {
            None => quote! { Credentials::#first(#args) },
            Some(expr) => quote! { #expr.#then(#args) },
        });
    }
    expr
}
