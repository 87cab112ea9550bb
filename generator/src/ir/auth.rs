//! Security schemes, normalized to the few shapes a client can send and a
//! server can check.

/// A security scheme an operation may require.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Key under `components/securitySchemes`.
    pub key: String,
    /// PascalCase identifier for it.
    pub ident: String,
    /// What is sent on the wire.
    pub kind: AuthKind,
    /// What the spec declared it as, before normalization.
    pub origin: SchemeOrigin,
    /// `description`.
    pub description: Option<String>,
}

/// The closed set of credential shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// `bearerFormat`, documentation only.
        format: Option<String>,
    },
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// A key sent in a header, query parameter or cookie, optionally with a
    /// value prefix (`Authorization: Api-Key <key>`).
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// Header, query parameter or cookie name.
        name: String,
        /// Text sent before the key, separated by a space.
        prefix: Option<String>,
        /// Other prefixes a server should accept too.
        prefix_aliases: Vec<String>,
    },
    /// `type: oauth2`: a bearer token obtained through one of its flows,
    /// granting the scopes each operation requires.
    OAuth2 {
        /// Its flows, in the spec's order (implicit, password, client
        /// credentials, authorization code).
        flows: Vec<OAuthFlow>,
    },
    /// `type: openIdConnect`: a bearer token from the provider the
    /// discovery document at `url` describes.
    OpenIdConnect {
        /// `openIdConnectUrl`.
        url: String,
    },
}

impl AuthKind {
    /// Whether the credential is a bearer token (`Authorization: Bearer`),
    /// as HTTP bearer, OAuth2 and OpenID Connect schemes all send.
    pub fn sends_bearer_token(&self) -> bool {
        matches!(self, Self::Bearer { .. } | Self::OAuth2 { .. } | Self::OpenIdConnect { .. })
    }
}

/// One OAuth2 flow of a scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthFlow {
    /// Which grant it is.
    pub kind: OAuthFlowKind,
    /// `authorizationUrl` (implicit and authorization code).
    pub authorization_url: Option<String>,
    /// `tokenUrl` (password, client credentials, authorization code).
    pub token_url: Option<String>,
    /// `refreshUrl`.
    pub refresh_url: Option<String>,
    /// The scopes it can grant, with their descriptions, in spec order.
    pub scopes: Vec<(String, String)>,
}

/// The OAuth2 grant a flow is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthFlowKind {
    /// `implicit`.
    Implicit,
    /// `password`.
    Password,
    /// `clientCredentials`.
    ClientCredentials,
    /// `authorizationCode`.
    AuthorizationCode,
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// The declaration a scheme was normalized from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeOrigin {
    /// `type: http`.
    Http,
    /// `type: apiKey`.
    ApiKey,
    /// `type: oauth2`.
    OAuth2,
    /// `type: openIdConnect`.
    OpenIdConnect,
}

/// A security requirement: any one alternative suffices (OR); every scheme
/// of that alternative must be satisfied (AND).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Security {
    /// Alternatives in spec order. Empty: no authentication at all. An
    /// empty alternative: anonymous access is one of the options.
    pub alternatives: Vec<Vec<SchemeUse>>,
}

impl Security {
    /// Whether the operation sends or checks no credentials at all.
    pub fn is_none(&self) -> bool {
        self.alternatives.iter().all(Vec::is_empty)
    }

    /// The requirement in words: the structure is said here, the words by
    /// each reader (IR dump, server README, client docs). Each alternative's
    /// schemes, named by `scheme`, are joined by `and`, the alternatives by
    /// `or`, and an empty alternative is `anonymous`; `None` when the
    /// operation involves no credentials at all.
    pub fn describe(
        &self,
        schemes: &[SecurityScheme],
        scheme: impl Fn(&SecurityScheme) -> String,
        [and, or, anonymous]: [&str; 3],
    ) -> Option<String> {
        if self.is_none() {
            return None;
        }
        let alternatives: Vec<String> = self
            .alternatives
            .iter()
            .map(|alternative| {
                if alternative.is_empty() {
                    return anonymous.to_owned();
                }
                let names: Vec<String> =
                    alternative.iter().filter_map(|u| schemes.get(u.scheme)).map(&scheme).collect();
                names.join(and)
            })
            .collect();
        Some(alternatives.join(or))
    }

    /// The requirement in plain words, as IR dumps and server READMEs say
    /// it: `none`, `a`, `a OR b`, `a AND b`, `anonymous OR a`.
    pub fn summary(&self, schemes: &[SecurityScheme]) -> String {
        let requirement = self.describe(schemes, |s| s.key.clone(), [" AND ", " OR ", "anonymous"]);
        requirement.unwrap_or_else(|| "none".to_owned())
    }
}

/// One scheme within an alternative.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemeUse {
    /// Index into [`super::Api::security_schemes`].
    pub scheme: usize,
    /// The scopes the operation requires of it (OAuth2 and OpenID
    /// Connect), which a server's authenticator is told.
    pub scopes: Vec<String>,
}
