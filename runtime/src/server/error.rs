//! The JSON error responses a generated server sends on its own: bad
//! requests with the fields at fault, missing credentials, unknown routes.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Where a field at fault was in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// The body; the field is a JSON pointer into it.
    Body,
}

/// One rule a request broke.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    /// Where the field is.
    #[serde(rename = "in")]
    pub place: Place,
    /// The parameter name, or a JSON pointer into the body (`""` for the body itself).
    pub field: String,
    /// The rule: `required`, `type`, `enum`, `maxLength`, `pattern`...
    pub rule: &'static str,
    /// What was expected, for people.
    pub message: String,
}

/// An error response: a status, a JSON body saying what went wrong, and
/// for 401 the challenges to send in `WWW-Authenticate`.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpError {
    /// The status to answer with.
    pub status: StatusCode,
    /// What went wrong.
    pub message: String,
    /// The fields at fault, for 400.
    pub errors: Vec<FieldError>,
    /// `WWW-Authenticate` challenges, for 401.
    pub challenges: Vec<String>,
}

#[derive(Serialize)]
struct Body<'a> {
    status: u16,
    error: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [FieldError],
}

impl HttpError {
    /// An error with a status and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self { status, message: message.into(), errors: Vec::new(), challenges: Vec::new() }
    }

    /// 400 for the fields at fault.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let message = match errors.as_slice() {
            [one] => format!("invalid request: {} `{}`: {}", place_noun(one.place), one.field, one.message),
            _ => format!("invalid request: {} errors", errors.len()),
        };
        Self { errors, ..Self::new(StatusCode::BAD_REQUEST, message) }
    }

    /// 400 for one field at fault.
    pub fn field(place: Place, field: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Self {
        Self::invalid(vec![FieldError { place, field: field.into(), rule, message: message.into() }])
    }

    /// 404 for a path no route matches.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "no operation has this path")
    }

    /// 405 for a known path with another method.
    pub fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, "the operations of this path do not include this method")
    }
}

fn place_noun(place: Place) -> &'static str {
    match place {
        Place::Path => "path parameter",
        Place::Query => "query parameter",
        Place::Header => "header",
        Place::Cookie => "cookie",
        Place::Body => "body field",
    }
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.status, self.message)
    }
}

impl std::error::Error for HttpError {}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let body = Body {
            status: self.status.as_u16(),
            error: self.status.canonical_reason().unwrap_or("Error"),
            message: &self.message,
            errors: &self.errors,
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        for challenge in &self.challenges {
            if let Ok(value) = HeaderValue::from_str(challenge) {
                response.headers_mut().append(header::WWW_AUTHENTICATE, value);
            }
        }
        // Marks the router's own answers, for the layers after it (see `shape_errors`).
        response.extensions_mut().insert(self);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_request_body_names_the_field_and_rule() {
        let error = HttpError::field(Place::Body, "/name", "maxLength", "at most 3 characters");
        assert_eq!(error.message, "invalid request: body field `/name`: at most 3 characters");
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    }

    #[test]
    fn unauthorized_carries_its_challenges() {
        let mut error = HttpError::new(StatusCode::UNAUTHORIZED, "missing credentials");
        error.challenges = vec!["Bearer".into(), "Basic realm=\"api\"".into()];
        let response = error.into_response();
        let values: Vec<_> = response.headers().get_all(header::WWW_AUTHENTICATE).iter().collect();
        assert_eq!(values, ["Bearer", "Basic realm=\"api\""]);
    }
}
