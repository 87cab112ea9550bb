//! Credentials and the security schemes they satisfy.

use std::collections::BTreeMap;
use std::fmt;

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
/// `Debug` shows which credentials are set, never their values.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    bearer_token: Option<String>,
    api_key: Option<String>,
    scheme_api_keys: BTreeMap<String, String>,
    basic: Option<(String, String)>,
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

    /// These credentials and HTTP basic credentials.
    pub fn with_basic(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic = Some((username.into(), password.into()));
        self
    }

    /// Whether these credentials can satisfy `scheme`.
    pub fn satisfies(&self, scheme: &Scheme) -> bool {
        match scheme.kind {
            SchemeKind::Bearer => self.bearer_token.is_some(),
            SchemeKind::Basic => self.basic.is_some(),
            SchemeKind::ApiKey { .. } => self.api_key_for(scheme.name).is_some(),
        }
    }

    pub(crate) fn bearer_token(&self) -> Option<&str> {
        self.bearer_token.as_deref()
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
            r#"Credentials { bearer_token: Some("<redacted>"), api_key: Some("<redacted>"), scheme_api_keys: {"Other": "<redacted>"}, basic: Some("<redacted>") }"#
        );
        assert_eq!(
            format!("{:?}", Credentials::none()),
            "Credentials { bearer_token: None, api_key: None, scheme_api_keys: {}, basic: None }"
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
