//! Shared by the server test targets: implementations of the generated
//! `Api` traits that record every call, an authenticator that knows a few
//! secrets, and a helper that sends a request through a router.
//!
//! Each target uses only part of this module.
#![allow(dead_code)]

pub mod hypto;
pub mod iblai;
pub mod katanemo;
pub mod tiledb;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use base64::Engine as _;
use http_body_util::BodyExt as _;
use oapi_runtime::server::{Authenticator, Credential, Credentials, Rejected};
use serde_json::Value;
use tower::ServiceExt as _;

/// One call of a trait method, as the implementation saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The method.
    pub op: &'static str,
    /// The principal it was given, if the operation has security.
    pub principal: Option<String>,
    /// `Debug` of each further argument.
    pub args: Vec<String>,
}

/// The calls an implementation received, shared with the test.
#[derive(Clone, Default)]
pub struct Calls(Arc<Mutex<Vec<Call>>>);

impl Calls {
    pub fn record(&self, op: &'static str, principal: Option<String>, args: Vec<String>) {
        self.0.lock().expect("not poisoned").push(Call { op, principal, args });
    }

    /// The calls so far, emptied.
    pub fn take(&self) -> Vec<Call> {
        std::mem::take(&mut *self.0.lock().expect("not poisoned"))
    }
}

/// Record a call: `record!(self, "op", principal, arg, ...)`.
#[macro_export]
macro_rules! record {
    ($self:ident, $op:literal, $principal:expr $(, $arg:expr)*) => {
        $self.calls.record($op, $principal, vec![$(format!("{:?}", $arg)),*])
    };
}

/// The secret every scheme accepts.
pub const GOOD: &str = "good-secret";
/// The basic-auth user.
pub const USER: &str = "ann";

/// Accepts [`GOOD`] as a bearer token, an API key or [`USER`]'s password;
/// the principal names the scheme and the kind of credential.
pub struct TestAuth;

impl Authenticator for TestAuth {
    type Principal = String;

    async fn authenticate(&self, credentials: &Credentials) -> Result<String, Rejected> {
        let mut who = Vec::new();
        for (scheme, credential) in credentials.iter() {
            let accepted = match credential {
                Credential::Bearer(token) => token == GOOD,
                Credential::ApiKey(key) => key == GOOD,
                Credential::Basic { username, password } => username == USER && password == GOOD,
            };
            if !accepted {
                return Err(Rejected::new(format!("wrong secret for {}", scheme.name)));
            }
            who.push(scheme.name);
        }
        Ok(who.join("+"))
    }
}

/// `Authorization` for HTTP basic.
pub fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
}

/// A response, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
    /// The error, when the router answered on its own (whatever shape the
    /// spec gives its body).
    pub error: Option<oapi_runtime::server::HttpError>,
}

impl Answer {
    /// The body as JSON (`Null` when empty or not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    /// The status of the router's own error answer, which must have a JSON body with a message.
    pub fn error_status(&self) -> Option<u16> {
        let error = self.error.as_ref()?;
        self.json()["message"].is_string().then_some(error.status.as_u16())
    }

    /// The `field` and `rule` of each error of a 400 (from the router's
    /// record of it: a spec may declare error bodies without them).
    pub fn errors(&self) -> Vec<(String, String)> {
        if let Some(error) = &self.error {
            return error.errors.iter().map(|e| (e.field.clone(), e.rule.to_owned())).collect();
        }
        let body = self.json();
        let errors = body["errors"].as_array().cloned().unwrap_or_default();
        errors
            .iter()
            .map(|e| (e["field"].as_str().unwrap_or("?").to_owned(), e["rule"].as_str().unwrap_or("?").to_owned()))
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A request to send.
pub struct Send {
    builder: axum::http::request::Builder,
}

/// Start a request.
pub fn request(method: &str, uri: &str) -> Send {
    let method = Method::from_bytes(method.as_bytes()).expect("valid method");
    Send { builder: Request::builder().method(method).uri(uri) }
}

impl Send {
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.builder = self.builder.header(name, value);
        self
    }

    /// Send without a body.
    pub async fn to(self, router: &Router) -> Answer {
        self.body_to(router, Body::empty()).await
    }

    /// Send a JSON body.
    pub async fn json_to(self, router: &Router, body: &Value) -> Answer {
        self.header("content-type", "application/json").body_to(router, Body::from(body.to_string())).await
    }

    /// Send a raw body (set the content type yourself).
    pub async fn body_to(self, router: &Router, body: impl Into<Body>) -> Answer {
        let request = self.builder.body(body.into()).expect("valid request");
        let response = router.clone().oneshot(request).await.expect("routers are infallible");
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("body reads").to_bytes().to_vec();
        let error = parts.extensions.get::<oapi_runtime::server::HttpError>().cloned();
        Answer { status: parts.status, headers: parts.headers, bytes, error }
    }
}

/// Deserialize a model from JSON (test data, so a failure is a test bug).
pub fn model<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("test data matches the model")
}
