//! The generated routers of two APIs against hand-written axum routers
//! serving the same routes (issue 12, router overhead): the same model
//! types, the same credential check, and by hand the checks the spec asks
//! of each request, as a careful person would write them.
//!
//! - [`hypto`]: Hypto IAM (bearer tokens): `GET` a credential (three path
//!   parameters, two with patterns) and `POST` one (a small JSON body that
//!   allows no other members).
//! - [`iblai`]: ibl.ai Credentials (an API key in `Authorization`): `GET` a
//!   page of assertions (path and query parameters) and `POST` a credential
//!   (a JSON body of about 1 KB).
//!
//! The in-process bench is `benches/router.rs`; `tests/router-bench/load` serves
//! each router with `router-serve` and measures server CPU per request
//! under `oha`.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, header};
use oapi_runtime::server::{Authenticator, Credentials, Rejected};

pub mod hypto;
pub mod iblai;

/// The one credential both kinds of router accept.
pub const TOKEN: &str = "bench-token-5f2c";

/// Which router serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The generated one.
    Generated,
    /// The hand-written one.
    Hand,
}

/// One benchmarked request: method, path and query, `Authorization`, and a
/// JSON body or none.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// A name for reports.
    pub name: &'static str,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path and query.
    pub uri: &'static str,
    /// The `Authorization` value.
    pub authorization: &'static str,
    /// The JSON body, if any.
    pub body: Option<&'static str>,
}

impl Case {
    /// The request.
    pub fn request(&self) -> Request<Body> {
        let builder = Request::builder()
            .method(Method::from_bytes(self.method.as_bytes()).expect("a method"))
            .uri(self.uri)
            .header(header::AUTHORIZATION, self.authorization);
        match self.body {
            Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body)),
            None => builder.body(Body::empty()),
        }
        .expect("a request")
    }
}

/// The API a router serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spec {
    /// Hypto IAM.
    Hypto,
    /// ibl.ai Credentials.
    Iblai,
}

impl Spec {
    /// Its router of the given kind.
    pub fn router(self, kind: Kind) -> Router {
        match (self, kind) {
            (Self::Hypto, Kind::Generated) => hypto::generated(),
            (Self::Hypto, Kind::Hand) => hypto::hand(),
            (Self::Iblai, Kind::Generated) => iblai::generated(),
            (Self::Iblai, Kind::Hand) => iblai::hand(),
        }
    }

    /// Its benchmarked requests (a `GET` and a `POST`).
    pub fn cases(self) -> [Case; 2] {
        match self {
            Self::Hypto => [hypto::GET, hypto::POST],
            Self::Iblai => [iblai::GET, iblai::POST],
        }
    }
}

/// Who a credential belongs to: the one check both kinds of router make.
fn accept(credential: &str) -> Result<String, Rejected> {
    if credential == TOKEN { Ok(credential.to_owned()) } else { Err(Rejected::new("unknown credential")) }
}

/// The generated routers' `Authenticator`: a bearer token or an API key,
/// whichever the operation asks for.
pub(crate) struct Accepting;

impl Authenticator for Accepting {
    type Principal = String;

    async fn authenticate(&self, credentials: &Credentials) -> Result<String, Rejected> {
        accept(credentials.bearer().or(credentials.api_key()).unwrap_or_default())
    }
}

/// By hand: the principal of the credential in `Authorization` after one
/// of the auth `schemes` (compared without case), if it is accepted.
pub(crate) fn authorization(headers: &axum::http::HeaderMap, schemes: &[&str]) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, credential) = value.trim().split_once(' ')?;
    schemes.iter().any(|s| s.eq_ignore_ascii_case(scheme)).then_some(())?;
    accept(credential.trim()).ok()
}

/// A hand-written 401, with its challenge.
pub(crate) fn unauthorized(message: &str, challenge: &'static str) -> axum::response::Response {
    let mut response = error(axum::http::StatusCode::UNAUTHORIZED, message);
    response.headers_mut().insert(header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static(challenge));
    response
}

/// A hand-written error answer: `status` with `{"message": ...}` (the error
/// shape both specs' own error bodies fit).
pub(crate) fn error(status: axum::http::StatusCode, message: &str) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    (status, axum::Json(serde_json::json!({ "message": message }))).into_response()
}
