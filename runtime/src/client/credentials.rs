//! Credentials and the security schemes they satisfy.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What a client authenticates with: any of a bearer token, API keys
/// and HTTP basic username and password. Each operation sends the ones
/// its security requirement asks for.
///
/// An API key is either for every API-key scheme of the spec
/// ([`Credentials::api_key`]) or for one scheme, by its name under
/// `components/securitySchemes` ([`Credentials::with_api_key_for`]); a
/// scheme's own key wins, so an operation that needs two API-key schemes
/// at once sends each its own.
///
/// OAuth2 and OpenID Connect schemes take their token from a
/// [`TokenProvider`] when one is set (asked before each request, with the
/// scopes the operation requires), else the bearer token.
///
/// `Debug` shows which credentials are set, never their values.
#[derive(Clone, Default)]
pub struct Credentials {
    bearer_token: Option<String>,
    api_key: Option<String>,
    scheme_api_keys: BTreeMap<String, String>,
    basic: Option<(String, String)>,
    token_provider: Option<Arc<dyn TokenProvider>>,
}

/// Equal when the same secrets are set and the token provider is the same one.
impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        let same_provider = match (&self.token_provider, &other.token_provider) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        self.bearer_token == other.bearer_token
            && self.api_key == other.api_key
            && self.scheme_api_keys == other.scheme_api_keys
            && self.basic == other.basic
            && same_provider
    }
}

impl Eq for Credentials {}

/// What a [`TokenProvider`] is asked for: a token for the OAuth2 or OpenID
/// Connect scheme `scheme` that grants `scopes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRequest<'a> {
    /// The scheme's name under `components/securitySchemes`.
    pub scheme: &'a str,
    /// The scopes the operation requires (empty when it names none).
    pub scopes: &'a [&'static str],
}

/// Why a token provider gave no token.
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + 'a>>;

/// Gives access tokens for OAuth2 and OpenID Connect schemes on demand, so
/// it can fetch, cache and refresh them: asked before each request that
/// needs one.
pub trait TokenProvider: Send + Sync + 'static {
    /// A token for `request`'s scheme granting its scopes.
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a>;
}

impl Credentials {
    /// No credentials: only operations without security can be called.
    pub fn none() -> Self {
        Self::default()
    }

    /// A bearer token, sent as `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::none().with_bearer(token)
    }

    /// An API key, sent where each API key scheme of the spec says.
    pub fn api_key(key: impl Into<String>) -> Self {
        Self::none().with_api_key(key)
    }

    /// HTTP basic credentials, sent as `Authorization: Basic base64(username:password)`.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::none().with_basic(username, password)
    }

    /// These credentials and a bearer token.
    pub fn with_bearer(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// These credentials and an API key.
    pub fn with_api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// These credentials and an API key for the scheme named `scheme` (its
    /// key under `components/securitySchemes`) alone.
    pub fn with_api_key_for(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        self.scheme_api_keys.insert(scheme.into(), key.into());
        self
    }

    /// These credentials and a provider of OAuth2 / OpenID Connect tokens,
    /// which wins over the bearer token for those schemes.
    pub fn with_token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.token_provider = Some(Arc::new(provider));
        self
    }

    /// These credentials and HTTP basic credentials.
    pub fn with_basic(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic = Some((username.into(), password.into()));
        self
    }

    /// Whether these credentials can satisfy `scheme`.
    pub fn satisfies(&self, scheme: &Scheme) -> bool {
        match scheme.kind {
            SchemeKind::Bearer => self.bearer_token.is_some(),
            SchemeKind::OAuth2 => self.bearer_token.is_some() || self.token_provider.is_some(),
            SchemeKind::Basic => self.basic.is_some(),
            SchemeKind::ApiKey { .. } => self.api_key_for(scheme.name).is_some(),
        }
    }

    pub(crate) fn bearer_token(&self) -> Option<&str> {
        self.bearer_token.as_deref()
    }

    pub(crate) fn token_provider(&self) -> Option<&dyn TokenProvider> {
        self.token_provider.as_deref()
    }

    /// The key sent for the API-key scheme `scheme`: its own, else the one for every scheme.
    pub(crate) fn api_key_for(&self, scheme: &str) -> Option<&str> {
        self.scheme_api_keys.get(scheme).or(self.api_key.as_ref()).map(String::as_str)
    }

    pub(crate) fn basic_pair(&self) -> Option<(&str, &str)> {
        self.basic.as_ref().map(|(user, password)| (user.as_str(), password.as_str()))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |set: bool| if set { Some("<redacted>") } else { None };
        f.debug_struct("Credentials")
            .field("bearer_token", &redacted(self.bearer_token.is_some()))
            .field("api_key", &redacted(self.api_key.is_some()))
            .field(
                "scheme_api_keys",
                &self.scheme_api_keys.keys().map(|scheme| (scheme, "<redacted>")).collect::<BTreeMap<_, _>>(),
            )
            .field("basic", &redacted(self.basic.is_some()))
            .field("token_provider", &self.token_provider.as_ref().map(|_| "<provider>"))
            .finish()
    }
}

/// A security scheme of the spec, as a generated client declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Its key under `components/securitySchemes`.
    pub name: &'static str,
    /// What it sends.
    pub kind: SchemeKind,
}

/// What a scheme sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic base64(username:password)`.
    Basic,
    /// `Authorization: Bearer <token>` with an OAuth2 or OpenID Connect
    /// access token: the credentials' token provider's, else their bearer
    /// token.
    OAuth2,
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Where it goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        param: &'static str,
        /// Text sent before the key, separated by a space (`Api-Key` in
        /// `Authorization: Api-Key <key>`).
        prefix: Option<&'static str>,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl Scheme {
    /// A bearer token scheme.
    pub const fn bearer(name: &'static str) -> Self {
        Self { name, kind: SchemeKind::Bearer }
    }

    /// An OAuth2 or OpenID Connect scheme.
    pub const fn oauth2(name: &'static str) -> Self {
        Self { name, kind: SchemeKind::OAuth2 }
    }

    /// An HTTP basic scheme.
    pub const fn basic(name: &'static str) -> Self {
        Self { name, kind: SchemeKind::Basic }
    }

    /// An API key scheme.
    pub const fn api_key(
        name: &'static str,
        location: ApiKeyLocation,
        param: &'static str,
        prefix: Option<&'static str>,
    ) -> Self {
        Self { name, kind: SchemeKind::ApiKey { location, param, prefix } }
    }

    /// What the scheme needs, for error messages: "a bearer token for `bearerAuth`".
    pub(crate) fn describe(&self) -> String {
        let what = match self.kind {
            SchemeKind::Bearer => "a bearer token".to_owned(),
            SchemeKind::OAuth2 => "an access token (a token provider or a bearer token)".to_owned(),
            SchemeKind::Basic => "HTTP basic credentials".to_owned(),
            SchemeKind::ApiKey { location, param, .. } => {
                let place = match location {
                    ApiKeyLocation::Header => "header",
                    ApiKeyLocation::Query => "query parameter",
                    ApiKeyLocation::Cookie => "cookie",
                };
                format!("an API key (sent in {place} `{param}`)")
            }
        };
        format!("{what} for `{}`", self.name)
    }
}

/// The operation's security requirement cannot be met by the configured
/// credentials; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingCredentials {
    /// For each alternative of the requirement, the schemes it lacks.
    pub missing: Vec<Vec<Scheme>>,
}

impl MissingCredentials {
    /// What `credentials` lack for each alternative of `security`.
    pub(crate) fn new(security: &[&[Scheme]], credentials: &Credentials) -> Self {
        let missing = security
            .iter()
            .map(|alternative| alternative.iter().filter(|s| !credentials.satisfies(s)).copied().collect())
            .collect();
        Self { missing }
    }
}

impl fmt::Display for MissingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let alternatives: Vec<String> = self
            .missing
            .iter()
            .map(|schemes| schemes.iter().map(Scheme::describe).collect::<Vec<_>>().join(" and "))
            .collect();
        write!(f, "missing credentials: the operation needs {}", alternatives.join(", or "))
    }
}

impl std::error::Error for MissingCredentials {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_every_secret() {
        let credentials = Credentials::bearer("tok-123")
            .with_api_key("key-456")
            .with_api_key_for("Other", "key-000")
            .with_basic("alice", "pw-789");
        let debug = format!("{credentials:?}");
        for secret in ["tok-123", "key-456", "key-000", "alice", "pw-789"] {
            assert!(!debug.contains(secret), "{debug} shows {secret}");
        }
        assert_eq!(
            debug,
            r#"Credentials { bearer_token: Some("<redacted>"), api_key: Some("<redacted>"), scheme_api_keys: {"Other": "<redacted>"}, basic: Some("<redacted>"), token_provider: None }"#
        );
        assert_eq!(
            format!("{:?}", Credentials::none()),
            "Credentials { bearer_token: None, api_key: None, scheme_api_keys: {}, basic: None, token_provider: None }"
        );
    }

    #[test]
    fn a_scheme_s_own_key_wins_over_the_key_for_every_scheme() {
        let credentials = Credentials::api_key("shared").with_api_key_for("Second", "own");
        assert_eq!(credentials.api_key_for("First"), Some("shared"));
        assert_eq!(credentials.api_key_for("Second"), Some("own"));
        let only = Credentials::none().with_api_key_for("Second", "own");
        const FIRST: Scheme = Scheme::api_key("First", ApiKeyLocation::Header, "X-First", None);
        const SECOND: Scheme = Scheme::api_key("Second", ApiKeyLocation::Header, "X-Second", None);
        assert!(!only.satisfies(&FIRST) && only.satisfies(&SECOND));
    }

    #[test]
    fn missing_credentials_name_the_schemes() {
        const KEY: Scheme = Scheme::api_key("ApiKeyAuth", ApiKeyLocation::Header, "X-Key", None);
        const BASIC: Scheme = Scheme::basic("BasicAuth");
        const BEARER: Scheme = Scheme::bearer("bearerAuth");
        let error = MissingCredentials::new(&[&[KEY], &[BASIC, BEARER]], &Credentials::bearer("t"));
        assert_eq!(error.missing, vec![vec![KEY], vec![BASIC]]);
        assert_eq!(
            error.to_string(),
            "missing credentials: the operation needs an API key (sent in header `X-Key`) for `ApiKeyAuth`, \
             or HTTP basic credentials for `BasicAuth`"
        );
    }
}
