//! The `security` module of a server crate: a static per security scheme
//! the operations use, and one per distinct requirement (OR of ANDs), for
//! `oapi_runtime::server::authenticate`.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::docs::{doc_literal, doc_paragraphs};
use crate::ir::{Api, ApiKeyLocation, AuthKind, Operation, SchemeUse, Security};
use crate::naming::{Scope, const_ident};

/// How a handler authenticates its operation.
pub(super) enum Auth {
    /// No credentials are read.
    None,
    /// A principal is required; the requirement's static.
    Required(Ident),
    /// Anonymous access is one alternative: the principal is optional.
    Optional(Ident),
}

/// The names of the security statics.
pub(super) struct SecurityNames {
    schemes: BTreeMap<usize, Ident>,
    requirements: BTreeMap<Vec<Vec<SchemeUse>>, Ident>,
}

/// The shape of a requirement: the schemes (and scopes) per alternative.
fn shape(security: &Security) -> Vec<Vec<SchemeUse>> {
    security.alternatives.clone()
}

impl SecurityNames {
    /// Names for the schemes and requirements the operations use.
    pub(super) fn new(api: &Api) -> Self {
        let mut scope = Scope::default();
        let mut schemes = BTreeMap::new();
        let mut requirements = BTreeMap::new();
        for op in api.operations.iter().filter(|op| !op.security.is_none()) {
            for usage in op.security.alternatives.iter().flatten() {
                schemes.entry(usage.scheme).or_insert_with(|| {
                    let ident = api.security_schemes.get(usage.scheme).map_or("scheme", |s| s.ident.as_str());
                    format_ident!("{}", scope.claim(const_ident(ident)))
                });
            }
        }
        for op in api.operations.iter().filter(|op| !op.security.is_none()) {
            let key = shape(&op.security);
            if requirements.contains_key(&key) {
                continue;
            }
            let alternatives: Vec<String> = key
                .iter()
                .map(|alt| {
                    if alt.is_empty() {
                        return "ANONYMOUS".to_owned();
                    }
                    let names: Vec<String> = alt.iter().map(|u| schemes[&u.scheme].to_string()).collect();
                    names.join("_AND_")
                })
                .collect();
            let name = scope.claim(format!("{}_REQUIRED", alternatives.join("_OR_")));
            requirements.insert(key, format_ident!("{name}"));
        }
        Self { schemes, requirements }
    }

    /// Whether any operation reads credentials.
    pub(super) fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// How the handler of `op` authenticates.
    pub(super) fn auth(&self, op: &Operation) -> Auth {
        if op.security.is_none() {
            return Auth::None;
        }
        let name = self.requirements[&shape(&op.security)].clone();
        if op.security.alternatives.iter().any(Vec::is_empty) { Auth::Optional(name) } else { Auth::Required(name) }
    }
}

/// How a scheme's credential travels, for people.
pub(super) fn carries(kind: &AuthKind) -> String {
    match kind {
        AuthKind::Bearer { .. } => "`Authorization: Bearer <token>`".into(),
        AuthKind::OAuth2 { .. } => "an OAuth2 access token, `Authorization: Bearer <token>`".into(),
        AuthKind::OpenIdConnect { .. } => "an OpenID Connect access token, `Authorization: Bearer <token>`".into(),
        AuthKind::Basic => "`Authorization: Basic <base64 of user:password>`".into(),
        AuthKind::ApiKey { location, name, prefix, prefix_aliases } => {
            let place = match location {
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Query => "query parameter",
                ApiKeyLocation::Cookie => "cookie",
            };
            let prefixes: Vec<String> = prefix.iter().chain(prefix_aliases).map(|p| format!("`{p}`")).collect();
            if prefixes.is_empty() {
                format!("the {place} `{name}`")
            } else {
                format!("the {place} `{name}`, after the prefix {}", prefixes.join(" or "))
            }
        }
    }
}

/// An operation's requirement, for people: `none`, `a`, `a OR b`, `a AND b`.
pub(super) fn requirement_text(api: &Api, security: &Security) -> String {
    security.summary(&api.security_schemes)
}

/// The security module.
pub(super) fn security_module(api: &Api, names: &SecurityNames) -> TokenStream {
    let schemes = names.schemes.iter().filter_map(|(index, name)| {
        let scheme = api.security_schemes.get(*index)?;
        let key = &scheme.key;
        let kind = match &scheme.kind {
            AuthKind::Bearer { .. } | AuthKind::OAuth2 { .. } | AuthKind::OpenIdConnect { .. } => {
                quote!(server::SchemeKind::Bearer)
            }
            AuthKind::Basic => quote!(server::SchemeKind::Basic),
            AuthKind::ApiKey { location, name, prefix, prefix_aliases } => {
                let location = match location {
                    ApiKeyLocation::Header => quote!(Header),
                    ApiKeyLocation::Query => quote!(Query),
                    ApiKeyLocation::Cookie => quote!(Cookie),
                };
                let prefixes = prefix.iter().chain(prefix_aliases);
                quote! {
                    server::SchemeKind::ApiKey {
                        location: server::KeyLocation::#location,
                        name: #name,
                        prefixes: &[#(#prefixes),*],
                    }
                }
            }
        };
        let docs = doc_paragraphs([scheme.description.as_deref(), Some(&format!("Security scheme `{key}`."))]);
        Some(quote! {
            #docs
            static #name: server::Scheme = server::Scheme { name: #key, kind: #kind };
        })
    });
    let requirements = names.requirements.iter().map(|(shape, name)| {
        let alternatives = shape.iter().map(|alt| {
            let needs = alt.iter().map(|u| {
                let scheme = &names.schemes[&u.scheme];
                if u.scopes.is_empty() {
                    quote!(server::Need::of(&#scheme))
                } else {
                    let scopes = &u.scopes;
                    quote!(server::Need::scoped(&#scheme, &[#(#scopes),*]))
                }
            });
            quote!(&[#(#needs),*])
        });
        let text: Vec<String> = shape
            .iter()
            .map(|alt| {
                let keys: Vec<String> = alt
                    .iter()
                    .filter_map(|u| Some((api.security_schemes.get(u.scheme)?, &u.scopes)))
                    .map(|(s, scopes)| match scopes.as_slice() {
                        [] => format!("`{}`", s.key),
                        scopes => format!("`{}` (scopes `{}`)", s.key, scopes.join("`, `")),
                    })
                    .collect();
                if keys.is_empty() { "no credentials".to_owned() } else { keys.join(" and ") }
            })
            .collect();
        let doc = doc_literal(&format!(" Requires {}.", text.join(", or ")));
        quote! {
            #[doc = #doc]
            pub(crate) static #name: server::Requirement = &[#(#alternatives),*];
        }
    });
    quote! {
        //! The security schemes of the spec and the requirements of its
        //! operations: any one alternative suffices, each needs all its schemes.
        use oapi_runtime::server;
        #(#schemes)*
        #(#requirements)*
    }
}
