//! Authentication: the credentials a request carries, read as the
//! operation's security schemes say, handed to the user's
//! [`Authenticator`], with the spec's OR-of-ANDs requirement semantics.

use std::future::Future;

use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::error::HttpError;

/// Where an API key is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// How a security scheme carries its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic base64(username:password)`.
    Basic,
    /// A key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key is.
        location: KeyLocation,
        /// The header, parameter or cookie name.
        name: &'static str,
        /// Accepted prefixes before the key (`Api-Key <key>`); empty: the
        /// whole value is the key.
        prefixes: &'static [&'static str],
    },
}

/// A security scheme of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Its key under `components/securitySchemes`.
    pub name: &'static str,
    /// How its credential travels.
    pub kind: SchemeKind,
}

/// An operation's security requirement: any one alternative suffices (OR),
/// each needs all its schemes (AND); an empty alternative is anonymous access.
pub type Requirement = &'static [&'static [Need]];

/// One scheme an alternative needs, with the scopes the operation needs
/// from it (OAuth2 and OpenID Connect; empty for the other kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    /// The scheme.
    pub scheme: &'static Scheme,
    /// The scopes the operation requires, in the spec's order.
    pub scopes: &'static [&'static str],
}

impl Need {
    /// `scheme`, no scopes.
    pub const fn of(scheme: &'static Scheme) -> Self {
        Self { scheme, scopes: &[] }
    }

    /// `scheme` with the scopes the operation requires from it.
    pub const fn scoped(scheme: &'static Scheme, scopes: &'static [&'static str]) -> Self {
        Self { scheme, scopes }
    }
}

/// A credential as read from the request, normalized.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// A bearer token.
    Bearer(String),
    /// HTTP basic credentials.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
    /// An API key, without its prefix.
    ApiKey(String),
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Self::Basic { username, .. } => write!(f, "Basic {{ username: {username:?}, password: <redacted> }}"),
            Self::ApiKey(_) => f.write_str("ApiKey(<redacted>)"),
        }
    }
}

/// The credentials of one alternative of a requirement: one per scheme,
/// all present, each with the scopes the operation requires from it.
#[derive(Clone)]
pub struct Credentials {
    entries: Entries,
}

/// A scheme, its credential, and the scopes the operation requires of it.
type Entry = (&'static Scheme, Credential, &'static [&'static str]);

/// The entries of [`Credentials`]: most alternatives name one scheme,
/// kept without a vector (a request's credentials are read per request).
#[derive(Clone)]
enum Entries {
    One([Entry; 1]),
    Many(Vec<Entry>),
}

/// The one place that decides between [`Entries::One`] and
/// [`Entries::Many`]: by whether a second entry comes.
impl FromIterator<Entry> for Entries {
    fn from_iter<I: IntoIterator<Item = Entry>>(entries: I) -> Self {
        let mut entries = entries.into_iter();
        let Some(first) = entries.next() else { return Self::Many(Vec::new()) };
        match entries.next() {
            None => Self::One([first]),
            Some(second) => Self::Many([first, second].into_iter().chain(entries).collect()),
        }
    }
}

impl Entries {
    fn as_slice(&self) -> &[Entry] {
        match self {
            Self::One(entry) => entry,
            Self::Many(entries) => entries,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [Entry] {
        match self {
            Self::One(entry) => entry,
            Self::Many(entries) => entries,
        }
    }
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        self.entries.as_slice() == other.entries.as_slice()
    }
}

impl Eq for Credentials {}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("entries", &self.entries.as_slice()).finish()
    }
}

impl Credentials {
    /// Credentials for the given schemes, no scopes required (for tests of
    /// an authenticator).
    pub fn new(entries: Vec<(&'static Scheme, Credential)>) -> Self {
        Self { entries: entries.into_iter().map(|(scheme, credential)| (scheme, credential, &[][..])).collect() }
    }

    /// These credentials, the operation requiring `scopes` of the scheme
    /// named `scheme` (for tests of an authenticator).
    pub fn with_scopes(mut self, scheme: &str, scopes: &'static [&'static str]) -> Self {
        if let Some(entry) = self.entries.as_mut_slice().iter_mut().find(|(s, ..)| s.name == scheme) {
            entry.2 = scopes;
        }
        self
    }

    /// The scopes the operation requires of the scheme named `scheme`: an
    /// OAuth2 or OpenID Connect token must grant all of them (checking that
    /// is the authenticator's part: the token's grants are its issuer's).
    pub fn scopes(&self, scheme: &str) -> &'static [&'static str] {
        self.entries.as_slice().iter().find(|(s, ..)| s.name == scheme).map_or(&[], |(.., scopes)| scopes)
    }

    /// Each scheme with its credential, in the requirement's order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static Scheme, &Credential)> {
        self.entries.as_slice().iter().map(|(scheme, credential, _)| (*scheme, credential))
    }

    /// The credential for the scheme named `scheme`.
    pub fn get(&self, scheme: &str) -> Option<&Credential> {
        self.iter().find(|(s, _)| s.name == scheme).map(|(_, c)| c)
    }

    /// The first bearer token.
    pub fn bearer(&self) -> Option<&str> {
        self.iter().find_map(|(_, c)| if let Credential::Bearer(token) = c { Some(token.as_str()) } else { None })
    }

    /// The first API key.
    pub fn api_key(&self) -> Option<&str> {
        self.iter().find_map(|(_, c)| if let Credential::ApiKey(key) = c { Some(key.as_str()) } else { None })
    }

    /// The first basic username and password.
    pub fn basic(&self) -> Option<(&str, &str)> {
        self.iter().find_map(|(_, c)| match c {
            Credential::Basic { username, password } => Some((username.as_str(), password.as_str())),
            _ => None,
        })
    }
}

/// Why an authenticator refused credentials; the message is sent to the
/// client in the 401 body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Why, for the client.
    pub reason: String,
}

impl Rejected {
    /// A rejection with a reason.
    pub fn new(reason: impl Into<String>) -> Self {
        Self { reason: reason.into() }
    }
}

/// Decides who a request comes from, given the credentials it carries.
///
/// Called once per alternative of an operation's requirement whose
/// credentials are all present, in the spec's order, until one is accepted.
pub trait Authenticator: Send + Sync + 'static {
    /// Who a request is made by; handed to the operation's handler.
    type Principal: Send + 'static;

    /// Accept the credentials (and say who they belong to) or reject them.
    fn authenticate(&self, credentials: &Credentials)
    -> impl Future<Output = Result<Self::Principal, Rejected>> + Send;
}

/// Authenticate a request against a requirement that does not allow
/// anonymous access: the principal, or a 401.
pub async fn authenticate<U: Authenticator>(
    authenticator: &U,
    request: &Parts,
    requirement: Requirement,
) -> Result<U::Principal, HttpError> {
    match authenticate_optional(authenticator, request, requirement).await? {
        Some(principal) => Ok(principal),
        None => Err(unauthorized(requirement, "missing credentials".to_owned())),
    }
}

/// Authenticate a request against a requirement that may allow anonymous
/// access: `None` when no alternative's credentials are present and one
/// alternative is anonymous; a 401 when credentials are missing otherwise
/// or were all rejected.
pub async fn authenticate_optional<U: Authenticator>(
    authenticator: &U,
    request: &Parts,
    requirement: Requirement,
) -> Result<Option<U::Principal>, HttpError> {
    let mut rejections = Vec::new();
    for alternative in requirement.iter().filter(|a| !a.is_empty()) {
        let Some(credentials) = read_alternative(request, alternative) else { continue };
        match authenticator.authenticate(&credentials).await {
            Ok(principal) => return Ok(Some(principal)),
            Err(rejected) => rejections.push(rejected.reason),
        }
    }
    if !rejections.is_empty() {
        return Err(unauthorized(requirement, format!("credentials rejected: {}", rejections.join("; "))));
    }
    if requirement.iter().any(|a| a.is_empty()) {
        return Ok(None);
    }
    Err(unauthorized(requirement, format!("missing credentials: send {}", expected(requirement))))
}

fn unauthorized(requirement: Requirement, message: String) -> HttpError {
    let mut challenges: Vec<String> = Vec::new();
    for need in requirement.iter().flat_map(|a| a.iter()) {
        let challenge = challenge(need);
        if !challenges.contains(&challenge) {
            challenges.push(challenge);
        }
    }
    HttpError { challenges, ..HttpError::new(StatusCode::UNAUTHORIZED, message) }
}

/// The `WWW-Authenticate` challenge for a scheme (with the scopes a
/// bearer token needs, as RFC 6750 says).
fn challenge(need: &Need) -> String {
    let scheme = need.scheme;
    match scheme.kind {
        SchemeKind::Bearer if need.scopes.is_empty() => "Bearer".into(),
        SchemeKind::Bearer => format!("Bearer scope=\"{}\"", need.scopes.join(" ")),
        SchemeKind::Basic => format!("Basic realm=\"{}\"", scheme.name),
        SchemeKind::ApiKey { location: KeyLocation::Header, name, prefixes: [prefix, ..] }
            if name.eq_ignore_ascii_case("authorization") =>
        {
            (*prefix).to_owned()
        }
        SchemeKind::ApiKey { location, name, .. } => {
            let place = match location {
                KeyLocation::Header => "header",
                KeyLocation::Query => "query",
                KeyLocation::Cookie => "cookie",
            };
            format!("ApiKey in=\"{place}\", name=\"{name}\"")
        }
    }
}

/// What a requirement asks for, for people.
fn expected(requirement: Requirement) -> String {
    let alternatives: Vec<String> = requirement
        .iter()
        .map(|alternative| {
            let schemes: Vec<String> = alternative.iter().map(|need| describe(need.scheme)).collect();
            schemes.join(" and ")
        })
        .collect();
    alternatives.join(", or ")
}

fn describe(scheme: &Scheme) -> String {
    match scheme.kind {
        SchemeKind::Bearer => "a bearer token in Authorization".into(),
        SchemeKind::Basic => "basic credentials in Authorization".into(),
        SchemeKind::ApiKey { location, name, prefixes } => {
            let place = match location {
                KeyLocation::Header => "header",
                KeyLocation::Query => "query parameter",
                KeyLocation::Cookie => "cookie",
            };
            match prefixes {
                [] => format!("an API key in the {place} {name}"),
                _ => format!("an API key in the {place} {name}, prefixed by {}", prefixes.join(" or ")),
            }
        }
    }
}

/// The credentials of every scheme of an alternative, if all are present.
fn read_alternative(request: &Parts, alternative: &[Need]) -> Option<Credentials> {
    let entry = |need: &Need| Some((need.scheme, read(request, need.scheme)?, need.scopes));
    Some(Credentials { entries: alternative.iter().map(entry).collect::<Option<Entries>>()? })
}

/// The credential a request carries for a scheme, if it carries one of the right shape.
fn read(request: &Parts, scheme: &Scheme) -> Option<Credential> {
    match scheme.kind {
        SchemeKind::Bearer => authorization(&request.headers, "Bearer").map(Credential::Bearer),
        SchemeKind::Basic => authorization(&request.headers, "Basic").and_then(|encoded| basic(&encoded)),
        SchemeKind::ApiKey { location, name, prefixes } => {
            let key = |value: &str| strip_prefix(value, prefixes);
            match location {
                KeyLocation::Header => {
                    request.headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).find_map(key)
                }
                KeyLocation::Query => super::params::query_pairs(request.uri.query())
                    .into_iter()
                    .filter(|(k, _)| k == name)
                    .find_map(|(_, v)| key(&v)),
                KeyLocation::Cookie => super::params::cookies(&request.headers)
                    .into_iter()
                    .filter(|(k, _)| k == name)
                    .find_map(|(_, v)| key(&super::params::decode(&v, false))),
            }
            .map(Credential::ApiKey)
        }
    }
}

/// The key in `value`, after one of `prefixes` and a space when there are any.
fn strip_prefix(value: &str, prefixes: &[&str]) -> Option<String> {
    let value = value.trim();
    let key = if prefixes.is_empty() { value } else { prefixes.iter().find_map(|prefix| auth_param(value, prefix))? };
    (!key.is_empty()).then(|| key.to_owned())
}

/// The parameter of an `Authorization` value with the given auth scheme
/// (compared case-insensitively, as RFC 9110 says).
fn auth_param<'a>(value: &'a str, scheme: &str) -> Option<&'a str> {
    let (name, rest) = value.split_once(' ')?;
    name.eq_ignore_ascii_case(scheme).then(|| rest.trim())
}

fn authorization(headers: &HeaderMap, scheme: &str) -> Option<String> {
    headers
        .get_all(header::AUTHORIZATION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| auth_param(v.trim(), scheme).filter(|p| !p.is_empty()))
        .map(str::to_owned)
}

fn basic(encoded: &str) -> Option<Credential> {
    let decoded = STANDARD.decode(encoded).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (username, password) = text.split_once(':')?;
    Some(Credential::Basic { username: username.to_owned(), password: password.to_owned() })
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    static BEARER: Scheme = Scheme { name: "bearer", kind: SchemeKind::Bearer };
    static BASIC: Scheme = Scheme { name: "basic", kind: SchemeKind::Basic };
    static PREFIXED: Scheme = Scheme {
        name: "key",
        kind: SchemeKind::ApiKey {
            location: KeyLocation::Header,
            name: "Authorization",
            prefixes: &["Api-Key", "Api-Token"],
        },
    };
    static HEADER_KEY: Scheme = Scheme {
        name: "header",
        kind: SchemeKind::ApiKey { location: KeyLocation::Header, name: "X-Key", prefixes: &[] },
    };
    static QUERY_KEY: Scheme =
        Scheme { name: "query", kind: SchemeKind::ApiKey { location: KeyLocation::Query, name: "key", prefixes: &[] } };
    static COOKIE_KEY: Scheme = Scheme {
        name: "cookie",
        kind: SchemeKind::ApiKey { location: KeyLocation::Cookie, name: "sid", prefixes: &[] },
    };

    /// Accepts the secret `good` (as token, key or password); says which scheme.
    struct Check;

    impl Authenticator for Check {
        type Principal = String;

        async fn authenticate(&self, credentials: &Credentials) -> Result<String, Rejected> {
            let names: Vec<&str> = credentials.iter().map(|(s, _)| s.name).collect();
            let all_good = credentials.iter().all(|(_, c)| match c {
                Credential::Bearer(secret) | Credential::ApiKey(secret) => secret == "good",
                Credential::Basic { username, password } => username == "ann" && password == "good",
            });
            if all_good { Ok(names.join("+")) } else { Err(Rejected::new("bad secret")) }
        }
    }

    fn parts(uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut builder = Request::builder().uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).expect("valid request").into_parts().0
    }

    async fn run(requirement: Requirement, uri: &str, headers: &[(&str, &str)]) -> Result<Option<String>, HttpError> {
        authenticate_optional(&Check, &parts(uri, headers), requirement).await
    }

    fn basic_header(user: &str, password: &str) -> String {
        format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
    }

    #[test]
    fn one_entry_is_kept_without_a_vector_and_more_in_order() {
        let entry = |scheme: &'static Scheme, secret: &str| (scheme, Credential::Bearer(secret.to_owned()), &[][..]);
        let names = |entries: &Entries| entries.as_slice().iter().map(|(s, ..)| s.name).collect::<Vec<_>>();

        let one: Entries = [entry(&BEARER, "a")].into_iter().collect();
        assert!(matches!(one, Entries::One(_)));
        assert_eq!(names(&one), ["bearer"]);

        for schemes in [&[&BEARER, &BASIC][..], &[&BEARER, &BASIC, &HEADER_KEY]] {
            let many: Entries = schemes.iter().map(|s| entry(s, "a")).collect();
            assert!(matches!(many, Entries::Many(_)));
            assert_eq!(names(&many), schemes.iter().map(|s| s.name).collect::<Vec<_>>());
        }
        assert!(std::iter::empty().collect::<Entries>().as_slice().is_empty());

        // A scheme whose credential is missing makes the whole alternative absent.
        let request = parts("/", &[("Authorization", "Bearer a")]);
        let both = [Need { scheme: &BEARER, scopes: &[] }, Need { scheme: &HEADER_KEY, scopes: &[] }];
        assert!(read_alternative(&request, &both).is_none());
        assert_eq!(read_alternative(&request, &both[..1]).map(|c| names(&c.entries)), Some(vec!["bearer"]));
    }

    #[tokio::test]
    async fn each_scheme_reads_its_credential() {
        let one =
            |s: &'static Scheme| -> Requirement { Box::leak(Box::new([Box::leak(Box::new([Need::of(s)])) as &[_]])) };
        assert_eq!(run(one(&BEARER), "/", &[("authorization", "bearer good")]).await, Ok(Some("bearer".into())));
        let basic = basic_header("ann", "good");
        assert_eq!(run(one(&BASIC), "/", &[("authorization", &basic)]).await, Ok(Some("basic".into())));
        assert_eq!(run(one(&PREFIXED), "/", &[("authorization", "Api-Key good")]).await, Ok(Some("key".into())));
        assert_eq!(run(one(&PREFIXED), "/", &[("authorization", "Api-Token good")]).await, Ok(Some("key".into())));
        assert_eq!(run(one(&HEADER_KEY), "/", &[("x-key", "good")]).await, Ok(Some("header".into())));
        assert_eq!(run(one(&QUERY_KEY), "/?a=1&key=good", &[]).await, Ok(Some("query".into())));
        assert_eq!(run(one(&COOKIE_KEY), "/", &[("cookie", "a=b; sid=good")]).await, Ok(Some("cookie".into())));
        // Percent-decoded, as clients encode it.
        assert_eq!(run(one(&COOKIE_KEY), "/", &[("cookie", "sid=%67ood")]).await, Ok(Some("cookie".into())));
    }

    #[tokio::test]
    async fn wrong_shapes_are_missing_credentials() {
        static REQ: Requirement = &[&[Need::of(&PREFIXED)]];
        for headers in [
            &[][..],
            &[("authorization", "Bearer good")],
            &[("authorization", "Api-Key ")],
            &[("authorization", "good")],
        ] {
            let error = run(REQ, "/", headers).await.expect_err("401");
            assert_eq!(error.status, StatusCode::UNAUTHORIZED);
            assert!(error.message.starts_with("missing credentials"), "{}", error.message);
            assert_eq!(error.challenges, ["Api-Key"]);
        }
    }

    #[tokio::test]
    async fn alternatives_are_or_and_schemes_within_are_and() {
        static EITHER: Requirement = &[&[Need::of(&HEADER_KEY)], &[Need::of(&BASIC)]];
        let basic = basic_header("ann", "good");
        assert_eq!(run(EITHER, "/", &[("x-key", "good")]).await, Ok(Some("header".into())));
        assert_eq!(run(EITHER, "/", &[("authorization", &basic)]).await, Ok(Some("basic".into())));
        // A rejected key does not stop a valid alternative.
        assert_eq!(run(EITHER, "/", &[("x-key", "bad"), ("authorization", &basic)]).await, Ok(Some("basic".into())));
        let error = run(EITHER, "/", &[("x-key", "bad")]).await.expect_err("rejected");
        assert_eq!(error.message, "credentials rejected: bad secret");
        assert_eq!(error.challenges, ["ApiKey in=\"header\", name=\"X-Key\"", "Basic realm=\"basic\""]);

        static BOTH: Requirement = &[&[Need::of(&HEADER_KEY), Need::of(&QUERY_KEY)]];
        assert_eq!(run(BOTH, "/?key=good", &[("x-key", "good")]).await, Ok(Some("header+query".into())));
        assert!(run(BOTH, "/", &[("x-key", "good")]).await.is_err(), "half of an AND is not enough");
    }

    #[tokio::test]
    async fn anonymous_alternatives_make_credentials_optional() {
        static OPTIONAL: Requirement = &[&[], &[Need::of(&BEARER)]];
        assert_eq!(run(OPTIONAL, "/", &[]).await, Ok(None));
        assert_eq!(run(OPTIONAL, "/", &[("authorization", "Bearer good")]).await, Ok(Some("bearer".into())));
        assert!(run(OPTIONAL, "/", &[("authorization", "Bearer bad")]).await.is_err(), "sent and rejected");
        static REQUIRED: Requirement = &[&[Need::of(&BEARER)]];
        let error = authenticate(&Check, &parts("/", &[]), REQUIRED).await.expect_err("401");
        assert_eq!(error.challenges, ["Bearer"]);
    }

    /// Says the scopes the operation requires of each scheme.
    struct Scopes;

    impl Authenticator for Scopes {
        type Principal = String;

        async fn authenticate(&self, credentials: &Credentials) -> Result<String, Rejected> {
            let said: Vec<String> = credentials
                .iter()
                .map(|(s, _)| format!("{}:{}", s.name, credentials.scopes(s.name).join(",")))
                .collect();
            Ok(said.join(" "))
        }
    }

    #[tokio::test]
    async fn the_authenticator_is_told_the_scopes_the_operation_requires() {
        static SCOPED: Requirement = &[&[Need::scoped(&BEARER, &["pets:read", "pets:write"]), Need::of(&HEADER_KEY)]];
        let request = parts("/", &[("authorization", "Bearer t"), ("x-key", "k")]);
        let principal = authenticate(&Scopes, &request, SCOPED).await.expect("accepted");
        assert_eq!(principal, "bearer:pets:read,pets:write header:");
        let error = authenticate(&Scopes, &parts("/", &[]), SCOPED).await.expect_err("401");
        assert_eq!(error.challenges[0], "Bearer scope=\"pets:read pets:write\"");
        let credentials = Credentials::new(vec![(&BEARER, Credential::Bearer("t".into()))]);
        assert!(credentials.scopes("bearer").is_empty());
        assert_eq!(credentials.with_scopes("bearer", &["a"]).scopes("bearer"), ["a"]);
    }

    #[test]
    fn credentials_do_not_print_secrets() {
        let basic = Credential::Basic { username: "ann".into(), password: "pw".into() };
        assert_eq!(format!("{basic:?}"), "Basic { username: \"ann\", password: <redacted> }");
        assert_eq!(format!("{:?}", Credential::Bearer("t".into())), "Bearer(<redacted>)");
    }
}
