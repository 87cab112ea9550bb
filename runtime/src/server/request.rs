//! [`Incoming`]: a request as a generated handler reads it, parameters
//! first, body last.

use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::body::{Binaries, BodySpec, Decoded, Unopened, decode, decode_model, missing_body};
use super::error::{FieldError, HttpError, Place};
use super::params::{self, Location, Param, RawParams, escape_percent};
use super::path::{RawPath, captures_of, match_template, raw_captures};

/// A request being taken apart by a generated handler.
///
/// Boxed: a handler's future holds it across its awaits, and an `async fn`
/// taking it as an argument holds it twice (the argument and its local);
/// unboxed, that future (boxed by axum) would be over the size glibc's
/// per-thread cache serves (1,032 bytes), and take malloc's slow path.
#[derive(Debug)]
pub struct Incoming(Box<Taken>);

#[derive(Debug)]
struct Taken {
    parts: Parts,
    body: Body,
    raw: RawParams,
    /// Parameters [`Incoming::check`] has read and checked, by the address of
    /// their (static) description, so that reading them then only types them.
    checked: Vec<(usize, Option<Value>)>,
}

/// What identifies a parameter description: its address (descriptions are statics).
fn address(param: &Param) -> usize {
    std::ptr::from_ref(param) as usize
}

/// A handler that takes its `Incoming` as an extractor, rather than taking
/// the request and awaiting [`Incoming::new`] itself, has a smaller future:
/// an `async fn` keeps its arguments for as long as it runs, so the request
/// would be held beside the `Incoming` made of it.
impl<S: Sync> FromRequest<S> for Incoming {
    type Rejection = HttpError;

    fn from_request(request: Request, _state: &S) -> impl Future<Output = Result<Self, HttpError>> + Send {
        Self::new(request)
    }
}

/// The error of a required parameter that is absent.
fn missing(param: &Param) -> FieldError {
    let place = match param.location {
        Location::Path => Place::Path,
        Location::Query => Place::Query,
        Location::Header => Place::Header,
        Location::Cookie => Place::Cookie,
    };
    FieldError { place, field: param.name.to_owned(), rule: "required", message: "is required".to_owned() }
}

impl Incoming {
    /// Split a request routed by the operation's own template; 400 when
    /// its path or query is not UTF-8.
    pub fn new(request: Request) -> impl Future<Output = Result<Self, HttpError>> + Send {
        // Taken apart before the future, which then holds the parts once
        // (an `async fn` would hold the request too): the handler's own
        // future, which holds this one, is smaller.
        let (mut parts, body) = request.into_parts();
        async move {
            let captures = captures_of(&mut parts).await?;
            let path = raw_captures(&parts, captures);
            Ok(Self::from_parts(parts, body, path))
        }
    }

    /// Split a request whose route captures whole segments where the
    /// operation's `template` has other names or literal text around its
    /// parameters (see [`select`](super::select)): its path parameters are
    /// taken out of the captures by position; 404 when they lack the
    /// template's literal text.
    pub async fn with_template(request: Request, template: &str) -> Result<Self, HttpError> {
        let (mut parts, body) = request.into_parts();
        let captures = captures_of(&mut parts).await?;
        let decoded: Vec<(String, String)> =
            captures.iter().map(|(name, value)| (name.to_owned(), value.to_owned())).collect();
        let raw = raw_captures(&parts, captures);
        // The template's literal text is matched in the raw text, unless it
        // is only there escaped (`%2E` for a `.`).
        let path = match match_template(template, &raw.values()) {
            Some(path) => path,
            None => {
                let values: Vec<&str> = decoded.iter().map(|(_, value)| value.as_str()).collect();
                let path = match_template(template, &values).ok_or_else(HttpError::not_found)?;
                path.into_iter().map(|(name, value)| (name, escape_percent(&value))).collect()
            }
        };
        Ok(Self::from_parts(parts, body, path.into()))
    }

    fn from_parts(parts: Parts, body: Body, path: RawPath) -> Self {
        let query = params::RawQuery::new(parts.uri.query());
        Self(Box::new(Taken { parts, body, raw: RawParams { path, query }, checked: Vec::new() }))
    }

    /// The request line and headers.
    pub fn parts(&self) -> &Parts {
        &self.0.parts
    }

    /// An optional parameter: `None` when absent, 400 when malformed or
    /// breaking its schema's rules. One [`Incoming::check`] has checked is
    /// only typed (once: it is taken).
    pub fn param<T: DeserializeOwned>(&mut self, param: &Param) -> Result<Option<T>, HttpError> {
        let taken = &mut *self.0;
        match taken.checked.iter().position(|(key, _)| *key == address(param)) {
            Some(at) => params::typed(param, taken.checked.swap_remove(at).1),
            None => params::read(&taken.raw, &taken.parts.headers, param),
        }
    }

    /// Check `params` (each with whether it is required) all at once: one
    /// 400 naming every parameter that is missing, malformed or breaking its
    /// rules, where reading them one by one would name the first only.
    pub fn check(&mut self, params: &[(&Param, bool)]) -> Result<(), HttpError> {
        let taken = &mut *self.0;
        let (mut errors, mut omitted, mut values) = (Vec::new(), 0, Vec::with_capacity(params.len()));
        for &(param, required) in params {
            match params::quick(&taken.raw, param) {
                Ok(Some(value)) => {
                    values.push((address(param), Some(value)));
                    continue;
                }
                Ok(None) if !required => {
                    values.push((address(param), None));
                    continue;
                }
                _ => {}
            }
            match params::checked(&taken.raw, &taken.parts.headers, param) {
                Ok(None) if required => errors.push(missing(param)),
                Ok(value) => values.push((address(param), value)),
                Err(error) => {
                    omitted += error.omitted;
                    errors.extend(error.errors);
                }
            }
        }
        if !errors.is_empty() {
            return Err(HttpError::invalid_with_omitted(errors, omitted));
        }
        taken.checked = values;
        Ok(())
    }

    /// A required parameter: 400 when absent, malformed or breaking its rules.
    pub fn required<T: DeserializeOwned>(&mut self, param: &Param) -> Result<T, HttpError> {
        self.param(param)?.ok_or_else(|| HttpError::invalid(vec![missing(param)]))
    }

    /// The body, decoded by its Content-Type and checked against its
    /// schema: `None` when there is none and none is required; 415 for a
    /// Content-Type the operation does not accept, 413 over the body
    /// limit (axum's `DefaultBodyLimit`), 400 when malformed or invalid.
    pub async fn body(self, spec: &BodySpec) -> Result<Option<Decoded>, HttpError> {
        self.read_body(spec, Binaries::Read).await
    }

    /// The body of an operation that requires one: as [`Incoming::body`],
    /// with a missing body a 400.
    pub async fn required_body(self, spec: &BodySpec) -> Result<Decoded, HttpError> {
        self.read_required_body(spec, Binaries::Read).await
    }

    /// The body as its model: as [`Incoming::body`] and then
    /// [`Decoded::into_model`], but a JSON body is checked as the model is
    /// read from its text, without a `serde_json::Value` in between
    /// (errors are the same).
    pub async fn model<T: DeserializeOwned>(self, spec: &BodySpec) -> Result<Option<T>, HttpError> {
        decode_model(self, spec).await
    }

    /// The body of an operation that requires one, as its model: as
    /// [`Incoming::model`], with a missing body a 400.
    pub async fn required_model<T: DeserializeOwned>(self, spec: &BodySpec) -> Result<T, HttpError> {
        decode_model(self, &required(spec)).await?.ok_or_else(missing_body)
    }

    /// As [`Incoming::body`], but a binary body (`MediaKind::Binary`) is
    /// left unread, for [`Decoded::into_stream`]: absent when the request
    /// says it has no bytes; a 413 at once when its `Content-Length` is over
    /// `limit`, else its stream ends in an error past `limit` bytes.
    pub async fn streamed_body(self, spec: &BodySpec, limit: Option<u64>) -> Result<Option<Decoded>, HttpError> {
        self.read_body(spec, Binaries::Stream(limit)).await
    }

    /// As [`Incoming::streamed_body`], for an operation that requires a body.
    pub async fn required_streamed_body(self, spec: &BodySpec, limit: Option<u64>) -> Result<Decoded, HttpError> {
        self.read_required_body(spec, Binaries::Stream(limit)).await
    }

    async fn read_body(self, spec: &BodySpec, binaries: Binaries) -> Result<Option<Decoded>, HttpError> {
        decode(self, spec, binaries).await
    }

    async fn read_required_body(self, spec: &BodySpec, binaries: Binaries) -> Result<Decoded, HttpError> {
        decode(self, &required(spec), binaries).await?.ok_or_else(missing_body)
    }
}

/// Passed to the body's readers as it is (boxed), not as the request made
/// of it, which each of their levels would hold (see [`Unopened`]).
impl Unopened for Incoming {
    fn headers(&self) -> &axum::http::HeaderMap {
        &self.0.parts.headers
    }

    fn into_request(self) -> Request {
        let Taken { parts, body, .. } = *self.0;
        Request::from_parts(parts, body)
    }
}

/// `spec`, with a missing body refused (the `required_*` readers).
fn required(spec: &BodySpec) -> BodySpec {
    BodySpec { required: true, contents: spec.contents }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::Schema;

    static PAGE: Param = Param::query("page", &Schema::NUMBER);
    static SIZE: Param = Param::query("page_size", &Schema::NUMBER);
    static TOKEN: Param = Param::header("x-token", &Schema::STRING);

    fn incoming(uri: &str) -> Incoming {
        let (parts, body) = Request::get(uri).body(Body::empty()).expect("request").into_parts();
        Incoming::from_parts(parts, body, RawPath::default())
    }

    #[test]
    fn check_names_every_parameter_at_fault() {
        let error = incoming("/items?page=xyz&page_size=abc")
            .check(&[(&PAGE, false), (&SIZE, true), (&TOKEN, true)])
            .expect_err("three faults");
        let fields: Vec<(&str, &str)> = error.errors.iter().map(|e| (e.field.as_str(), e.rule)).collect();
        assert_eq!(fields.len(), 3, "{fields:?}");
        assert_eq!(fields[2], ("x-token", "required"));
        assert!(fields[0].0 == "page" && fields[1].0 == "page_size", "{fields:?}");
        assert!(incoming("/items?page=1&page_size=2").check(&[(&PAGE, false), (&SIZE, true)]).is_ok());
        assert!(incoming("/items?page_size=2").check(&[(&PAGE, false), (&SIZE, true)]).is_ok(), "optional absent");
    }

    #[test]
    fn a_string_judged_as_text_is_refused_with_the_walkers_error() {
        use crate::validate::{Direction, Rules, StringFormat, check};
        static RULES: Rules = Rules::NONE.min_length(2).max_length(3).pattern("^[a-zé]+$").format(StringFormat::Date);
        static NAME: Param = Param::query("name", &Schema::String(&RULES));
        static COLOR: Param = Param::query("color", &Schema::StringEnum(&["red", "green"]));
        let cases = [
            // Lengths count characters, not bytes.
            (&NAME, "%C3%A9", "é", ["minLength", "format"].as_slice()),
            (&NAME, "%C3%A9%C3%A9%C3%A9", "ééé", &["format"]),
            (&NAME, "abcd", "abcd", &["maxLength", "format"]),
            (&NAME, "a%31", "a1", &["pattern", "format"]),
            (&NAME, "a+b", "a b", &["pattern", "format"]),
            (&COLOR, "gr%65y", "grey", &["enum"]),
        ];
        for (param, sent, decoded, rules) in cases {
            let uri = format!("/items?{}={sent}", param.name);
            let mut value = Value::String(decoded.to_owned());
            let walked = check(&mut value, param.schema, Direction::Request, Place::Query, param.name);
            let expected = HttpError::from(walked);
            let found: Vec<&str> = expected.errors.iter().map(|e| e.rule).collect();
            assert_eq!(found, rules, "{uri}");
            assert_eq!(incoming(&uri).check(&[(param, true), (&PAGE, false)]), Err(expected.clone()), "{uri}");
            assert_eq!(incoming(&uri).required::<String>(param), Err(expected), "{uri}");
        }
    }

    /// A handler's future holds its body reader's: over glibc's per-thread
    /// cache (1,032 bytes) that future's box takes malloc's slow path. It
    /// was 2,696 bytes (debug build) with the request held at each level
    /// and a multipart reader inline.
    #[test]
    fn the_body_readers_future_is_small() {
        static SPEC: BodySpec = BodySpec { required: true, contents: &[] };
        let reading = incoming("/items").required_model::<Value>(&SPEC);
        let size = std::mem::size_of_val(&reading);
        assert!(size < 800, "{size} bytes");
    }

    #[test]
    fn parameters_checked_together_read_as_alone() {
        let mut checked = incoming("/items?page=3&page_size=2.5");
        checked.check(&[(&PAGE, false), (&SIZE, true), (&TOKEN, false)]).expect("valid");
        let mut alone = incoming("/items?page=3&page_size=2.5");
        for incoming in [&mut checked, &mut alone] {
            assert_eq!(incoming.param::<f64>(&PAGE).expect("a number"), Some(3.0));
            assert_eq!(incoming.required::<f64>(&SIZE).expect("a number"), 2.5);
            assert_eq!(incoming.param::<String>(&TOKEN).expect("absent"), None);
        }
        // Read twice: the second read does not depend on the first.
        assert_eq!(checked.param::<f64>(&PAGE).expect("a number"), Some(3.0));
        // Alone, a parameter the short way cannot read is read the long way.
        let error = incoming("/items?page=x").param::<f64>(&PAGE).expect_err("not a number");
        assert_eq!((error.errors[0].field.as_str(), error.errors[0].rule), ("page", "type"));
    }
}
