//! The JSON error responses a generated server sends on its own: bad
//! requests with the fields at fault, missing credentials, unknown routes.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::validate::Findings;
pub use crate::validate::{FieldError, MAX_FIELD_ERRORS, Place};

/// A reported field name (a parameter name or a JSON pointer) is cut to
/// this many characters, and marked `…` where it was.
const MAX_FIELD_CHARS: usize = 100;

/// A reported error message is cut to this many characters (it can quote
/// the value at fault), and marked `…` where it was.
const MAX_MESSAGE_CHARS: usize = 200;

/// An error response: a status, a JSON body saying what went wrong, and
/// for 401 the challenges to send in `WWW-Authenticate`.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpError {
    /// The status to answer with.
    pub status: StatusCode,
    /// What went wrong. For 400 it names the fields at fault (see
    /// [`HttpError::message_within`] for a shorter one).
    pub message: String,
    /// The fields at fault, for 400: at most [`MAX_FIELD_ERRORS`].
    pub errors: Vec<FieldError>,
    /// How many more fields were at fault than `errors` lists.
    pub omitted: usize,
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
        Self { status, message: message.into(), errors: Vec::new(), omitted: 0, challenges: Vec::new() }
    }

    /// 400 for the fields at fault. The message names each (up to
    /// [`MAX_FIELD_ERRORS`]; beyond them it says how many more there
    /// are), and long field names and messages are cut, so the answer
    /// stays small whatever the request.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        Self::invalid_with_omitted(errors, 0)
    }

    /// 400 for the fields at fault, `omitted` more having been found but
    /// not kept (see [`HttpError::invalid`]).
    pub fn invalid_with_omitted(mut errors: Vec<FieldError>, omitted: usize) -> Self {
        let omitted = omitted.saturating_add(errors.len().saturating_sub(MAX_FIELD_ERRORS));
        errors.truncate(MAX_FIELD_ERRORS);
        for error in &mut errors {
            clip(&mut error.field, MAX_FIELD_CHARS);
            clip(&mut error.message, MAX_MESSAGE_CHARS);
        }
        let message = summary(&errors, omitted, usize::MAX);
        Self { errors, omitted, ..Self::new(StatusCode::BAD_REQUEST, message) }
    }

    /// The message in at most `max_chars` characters, for error bodies
    /// whose schema limits its length: for a 400, as many of the fields at
    /// fault as fit, with their rules (`` body field `/name` (maxLength) ``)
    /// rather than their messages if those do not fit, then how many more
    /// there are; any other message is cut.
    pub fn message_within(&self, max_chars: usize) -> String {
        if self.errors.is_empty() || self.message.chars().count() <= max_chars {
            return self.message.chars().take(max_chars).collect();
        }
        summary(&self.errors, self.omitted, max_chars)
    }

    /// 400 for one field at fault.
    pub fn field(place: Place, field: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Self {
        Self::invalid(vec![FieldError { place, field: field.into(), rule, message: message.into() }])
    }

    /// 404 for a path no route matches.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "no operation has this path")
    }

    /// 501 for an operation the server does not implement (what a
    /// generated `Api` method answers unless implemented).
    pub fn not_implemented(operation_id: &str) -> Self {
        Self::new(StatusCode::NOT_IMPLEMENTED, format!("operation `{operation_id}` is not implemented by this server"))
    }

    /// 405 for a known path with another method.
    pub fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, "the operations of this path do not include this method")
    }
}

/// The message of a 400 for `errors` and `omitted` more, in at most
/// `budget` characters: each error with its message if all fit, else as
/// many as fit with their rules, then "and N more".
fn summary(errors: &[FieldError], omitted: usize, budget: usize) -> String {
    let total = errors.len().saturating_add(omitted);
    let lead = if total > 1 { format!("invalid request: {total} errors") } else { "invalid request".to_owned() };
    let named = |e: &FieldError| format!("{} `{}`", place_noun(e.place), e.field);
    if errors.is_empty() {
        return lead.chars().take(budget).collect();
    }
    let detailed: Vec<String> = errors.iter().map(|e| format!("{}: {}", named(e), e.message)).collect();
    let more = if omitted == 0 { String::new() } else { format!("; and {omitted} more") };
    let message = format!("{lead}: {}{more}", detailed.join("; "));
    if message.chars().count() <= budget {
        return message;
    }
    // Too long: the fields and rules only, as many as fit.
    let mut message = format!("{lead}: ");
    let mut listed = 0;
    for error in errors {
        let item = format!("{}{} ({})", if listed == 0 { "" } else { ", " }, named(error), error.rule);
        let rest = total - listed - 1;
        let tail = if rest == 0 { String::new() } else { format!(", and {rest} more") };
        if message.chars().count() + item.chars().count() + tail.chars().count() > budget {
            break;
        }
        message.push_str(&item);
        listed += 1;
    }
    match total - listed {
        _ if listed == 0 => lead.chars().take(budget).collect(),
        0 => message,
        rest => format!("{message}, and {rest} more"),
    }
}

/// Cut `text` to `max` characters, the last one `…`.
fn clip(text: &mut String, max: usize) {
    if let Some((at, _)) = text.char_indices().nth(max.saturating_sub(1)) {
        if text[at..].chars().nth(1).is_some() {
            text.truncate(at);
            text.push('…');
        }
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

/// 400 naming the errors found.
impl From<Findings> for HttpError {
    fn from(found: Findings) -> Self {
        HttpError::invalid_with_omitted(found.errors, found.omitted)
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
        // Marks the router's own answers, for the layer around the routes (see `finish`), which shapes them.
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

    fn body_error(field: &str, rule: &'static str, message: &str) -> FieldError {
        FieldError { place: Place::Body, field: field.into(), rule, message: message.into() }
    }

    #[test]
    fn several_errors_are_each_named_in_the_message() {
        let error = HttpError::invalid(vec![
            body_error("/name", "maxLength", "must be at most 3 characters long"),
            FieldError {
                place: Place::Query,
                field: "page".into(),
                rule: "minimum",
                message: "must be at least 1".into(),
            },
        ]);
        assert_eq!(
            error.message,
            "invalid request: 2 errors: body field `/name`: must be at most 3 characters long; \
             query parameter `page`: must be at least 1"
        );
        assert_eq!(error.omitted, 0);
    }

    #[test]
    fn many_errors_are_capped_and_counted() {
        let errors = (0..1000).map(|i| body_error(&format!("/m{i}"), "additionalProperties", "unknown")).collect();
        let error = HttpError::invalid_with_omitted(errors, 5);
        assert_eq!((error.errors.len(), error.omitted), (MAX_FIELD_ERRORS, 1000 - MAX_FIELD_ERRORS + 5));
        assert!(
            error.message.starts_with("invalid request: 1005 errors: body field `/m0`: unknown; "),
            "{}",
            error.message
        );
        assert!(error.message.ends_with("body field `/m19`: unknown; and 985 more"), "{}", error.message);
    }

    #[test]
    fn long_fields_and_messages_are_cut() {
        let error = HttpError::invalid(vec![body_error(&format!("/{}", "é".repeat(500)), "enum", &"x".repeat(5000))]);
        let (field, message) = (&error.errors[0].field, &error.errors[0].message);
        assert_eq!((field.chars().count(), message.chars().count()), (MAX_FIELD_CHARS, MAX_MESSAGE_CHARS));
        assert!(field.ends_with('…') && message.ends_with('…'));
        let mut short = "abc".to_owned();
        clip(&mut short, 3);
        assert_eq!(short, "abc", "text within the limit is kept whole");
    }

    #[test]
    fn a_shorter_message_names_as_many_fields_as_fit() {
        let errors: Vec<_> =
            (0..30).map(|i| body_error(&format!("/f{i}"), "type", "expected a string, found a number")).collect();
        let error = HttpError::invalid(errors);
        let short = error.message_within(120);
        assert!(short.chars().count() <= 120, "{short}");
        assert_eq!(
            short,
            "invalid request: 30 errors: body field `/f0` (type), body field `/f1` (type), body field `/f2` (type), and 27 more"
        );
        assert_eq!(error.message_within(10), "invalid re");
        assert_eq!(error.message_within(usize::MAX), error.message);
        let one = HttpError::field(Place::Path, "id", "pattern", "x".repeat(100));
        assert_eq!(one.message_within(60), "invalid request: path parameter `id` (pattern)");
        let plain = HttpError::not_found();
        assert_eq!(plain.message_within(12), "no operation");
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
