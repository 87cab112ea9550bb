//! `client.rs`: the `Client`, its builder, and an enum per server variable
//! that lists its allowed values.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{Names, VariableNames};
use crate::emit::docs::{Docs, code, doc_literal, sanitize};
use crate::emit::types::ident;
use crate::ir::{Api, Server, ServerVariable};
use crate::naming::{Scope, pascal_ident};

pub(super) fn module(api: &Api, names: &Names) -> TokenStream {
    let server = api.servers.first();
    let variables: Vec<(&ServerVariable, &VariableNames)> =
        server.map(|s| s.variables.iter().zip(&names.variables).collect()).unwrap_or_default();
    let server_text = server.map(|s| format!("`{}`", code(&s.url))).unwrap_or_else(|| "`/`".to_owned());

    let listed = if api.operations.is_empty() { "" } else { " (listed in [`operations`](crate::operations))" };
    let client_docs = Docs::new()
        .own(format!("A client for **{}** (API version {}).", sanitize(&api.title), sanitize(&api.version)))
        .own(format!(
            "Make one with [`Client::new`] or [`Client::builder`]; each operation of the API is an async \
             method{listed}. Requests go to the spec's first server, {server_text}, unless the builder sets another \
             base URL."
        ))
        .tokens();
    let fields = variables.iter().map(|(_, n)| {
        let field = ident(&n.field);
        let ty = match &n.enum_name {
            Some(name) => {
                let name = ident(name);
                quote! { #name }
            }
            None => quote! { Option<String> },
        };
        quote! { #field: #ty, }
    });
    let setters = variables.iter().map(|(v, n)| variable_setter(v, n, &server_text));
    let (url_statements, url) = default_url(server, &variables);
    let enums =
        variables.iter().filter_map(|(v, n)| n.enum_name.as_ref().map(|name| variable_enum(v, name, &server_text)));
    quote! {
        //! The client and its settings.

        use std::time::Duration;

        use std::sync::Arc;

        use oapi_runtime::client::{BuildError, Config, Core, Credentials, Hook, RetryPolicy};

        /// What requests say they come from unless the builder sets a user agent.
        const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #client_docs
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) core: Core,
        }

        impl Client {
            /// A client for the API at `base_url` with default settings.
            ///
            /// # Errors
            ///
            /// When `base_url` is not an absolute `http` or `https` URL, or the
            /// HTTP client cannot be built.
            pub fn new(base_url: impl Into<String>) -> Result<Self, BuildError> {
                Self::builder().base_url(base_url).build()
            }

            /// A builder with every setting at its default.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to, without a trailing slash.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            /// A copy of this client whose requests also carry the header
            /// `name: value` (an idempotency key, a trace header...), replacing a
            /// header of that name an operation would send; the copy shares the
            /// connection pool. A name or value a header cannot hold makes each of
            /// its requests fail with [`Error::InvalidRequest`](crate::Error::InvalidRequest)
            /// before anything is sent.
            pub fn with_header(&self, name: &str, value: &str) -> Self {
                Self { core: self.core.with_header(name, value) }
            }

            /// A copy of this client whose requests carry `value` for the hooks to
            /// read (`Context::extensions`), one value per type.
            pub fn with_extension<T: Send + Sync + 'static>(&self, value: T) -> Self {
                Self { core: self.core.with_extension(value) }
            }
        }

        /// The settings of a [`Client`].
        #[derive(Debug, Clone, Default)]
        pub struct ClientBuilder {
            config: Config,
            #(#fields)*
        }

        impl ClientBuilder {
            /// The base URL of the API, in place of the spec's server.
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.config.base_url = Some(base_url.into());
                self
            }

            #(#setters)*

            /// What operations authenticate with; each sends what its security
            /// requirement asks for, and fails before sending when these
            /// credentials cannot satisfy it.
            pub fn credentials(mut self, credentials: Credentials) -> Self {
                self.config.credentials = credentials;
                self
            }

            /// Text sent before API keys in place of the spec's prefix (such as
            /// `Api-Key` in `Authorization: Api-Key <key>`), for the schemes whose
            /// spec gives one; an empty prefix sends the bare key.
            pub fn api_key_prefix(mut self, prefix: impl Into<String>) -> Self {
                self.config.api_key_prefix = Some(prefix.into());
                self
            }

            /// Text sent before the API key of the scheme named `scheme` (its key
            /// under `components/securitySchemes`), whether or not the spec gives
            /// it a prefix.
            pub fn api_key_prefix_for(mut self, scheme: impl Into<String>, prefix: impl Into<String>) -> Self {
                self.config.api_key_prefixes.insert(scheme.into(), prefix.into());
                self
            }

            /// Time limit of each request, from sending it until its response is read.
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.config.timeout = Some(timeout);
                self
            }

            /// The `User-Agent` of each request.
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.config.user_agent = Some(user_agent.into());
                self
            }

            /// The HTTP client to send requests with, for proxies, TLS settings or
            /// a shared connection pool.
            pub fn http_client(mut self, client: reqwest::Client) -> Self {
                self.config.http_client = Some(client);
                self
            }

            /// Retries of idempotent requests (none by default).
            pub fn retry(mut self, policy: RetryPolicy) -> Self {
                self.config.retry = policy;
                self
            }

            /// A hook that sees each request just before it is sent and each
            /// response before it is decoded (see [`Hook`]); hooks run in the
            /// order they are added.
            pub fn hook(mut self, hook: impl Hook) -> Self {
                self.config.hooks.push(Arc::new(hook));
                self
            }

            /// The client.
            ///
            /// # Errors
            ///
            /// When the base URL is not an absolute `http` or `https` URL (the
            /// spec's server may be relative: then set one with
            /// [`ClientBuilder::base_url`]), the user agent cannot be a header
            /// value, or the HTTP client cannot be built.
            pub fn build(self) -> Result<Client, BuildError> {
                #url_statements
                let core = self.config.build(#url, USER_AGENT)?;
                Ok(Client { core })
            }
        }

        #(#enums)*
    }
}

/// The default base URL: the first server's URL with its variables filled
/// in, as statements and the expression they prepare (just a literal when
/// there are no variables).
fn default_url(server: Option<&Server>, variables: &[(&ServerVariable, &VariableNames)]) -> (TokenStream, TokenStream) {
    let Some(server) = server else { return (TokenStream::new(), quote! { "/" }) };
    if variables.is_empty() {
        let url = &server.url;
        return (TokenStream::new(), quote! { #url });
    }
    let mut format = String::new();
    let mut locals = Vec::new();
    let mut rest = server.url.as_str();
    while let Some(open) = rest.find('{') {
        format.push_str(&escape_braces(&rest[..open]));
        let after = &rest[open + 1..];
        let variable = after.find('}').and_then(|close| {
            let name = &after[..close];
            variables.iter().find(|(v, _)| v.name == name).map(|found| (close, found))
        });
        match variable {
            Some((close, (v, n))) => {
                let field = ident(&n.field);
                // A local named after the field, inlined in the format string.
                let local = match n.field.strip_prefix("r#") {
                    Some(raw) => format!("{raw}_"),
                    None => n.field.clone(),
                };
                let value = match n.enum_name {
                    Some(_) => quote! { self.#field.as_str() },
                    None => {
                        let default = &v.default;
                        quote! { self.#field.as_deref().unwrap_or(#default) }
                    }
                };
                format.push_str(&format!("{{{local}}}"));
                let local = ident(&local);
                if !locals.iter().any(|(l, _): &(proc_macro2::Ident, TokenStream)| *l == local) {
                    locals.push((local, value));
                }
                rest = &after[close + 1..];
            }
            None => {
                format.push_str("{{");
                rest = after;
            }
        }
    }
    format.push_str(&escape_braces(rest));
    let lets = locals.iter().map(|(local, value)| quote! { let #local = #value; });
    let statements = quote! {
        #(#lets)*
        let default_base_url = format!(#format);
    };
    (statements, quote! { &default_base_url })
}

fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

fn variable_setter(v: &ServerVariable, n: &VariableNames, server: &str) -> TokenStream {
    let field = ident(&n.field);
    let docs = Docs::new()
        .spec(v.description.as_deref())
        .own(format!("The variable `{}` of the server URL {server}; `{}` by default.", code(&v.name), code(&v.default)))
        .tokens();
    match &n.enum_name {
        Some(name) => {
            let name = ident(name);
            quote! {
                #docs
                pub fn #field(mut self, value: #name) -> Self {
                    self.#field = value;
                    self
                }
            }
        }
        None => quote! {
            #docs
            pub fn #field(mut self, value: impl Into<String>) -> Self {
                self.#field = Some(value.into());
                self
            }
        },
    }
}

/// The enum of a server variable's allowed values (and its default, should
/// the spec not list it).
fn variable_enum(v: &ServerVariable, name: &str, server: &str) -> TokenStream {
    let mut values: Vec<&str> = Vec::new();
    for value in std::iter::once(&v.default).filter(|d| !v.allowed.contains(d)).chain(&v.allowed) {
        if !values.contains(&value.as_str()) {
            values.push(value);
        }
    }
    let mut scope = Scope::default();
    let variants: Vec<(proc_macro2::Ident, &str)> =
        values.iter().map(|value| (ident(&scope.claim(pascal_ident(value))), *value)).collect();
    let decls = variants.iter().map(|(variant, value)| {
        let doc = doc_literal(&format!(" `{}`", code(value)));
        let default = (*value == v.default).then(|| quote! { #[default] });
        quote! {
            #[doc = #doc]
            #default
            #variant,
        }
    });
    let arms = variants.iter().map(|(variant, value)| quote! { Self::#variant => #value, });
    let docs = Docs::new()
        .spec(v.description.as_deref())
        .own(format!("The values of the variable `{}` of the server URL {server}.", code(&v.name)))
        .tokens();
    let name = ident(name);
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#decls)*
        }

        impl #name {
            /// The value as it goes in the URL.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
