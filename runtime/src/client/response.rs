//! A received response, and decoding its body into what the status declares.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use super::error::{ApiError, Error};
use crate::Binary;

/// Headers whose values `Debug` hides.
const SENSITIVE_HEADERS: &[&str] = &["authorization", "proxy-authorization", "cookie", "set-cookie"];

/// How much of a body `Debug` shows.
const DEBUG_BODY_LIMIT: usize = 1024;

/// A response as received: status, headers and the whole body.
#[derive(Clone)]
pub struct Response {
    // Boxed: errors carry responses, and a small error keeps `Result`s small.
    inner: Box<Parts>,
}

#[derive(Clone)]
struct Parts {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// The `Content-Type` of a response, when it is text.
pub(crate) fn content_type(headers: &HeaderMap) -> Option<String> {
    headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

impl Response {
    /// A response with this status, headers and body.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> Self {
        Self { inner: Box::new(Parts { status, headers, body }) }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.inner.body
    }

    /// The body as JSON of type `T`.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.inner.body).map_err(|e| self.decode_error(e))
    }

    /// The body as UTF-8 text.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.inner.body.clone()).map_err(|e| self.decode_error(e))
    }

    /// The body as bytes, with the response's media type.
    pub fn binary<E>(&self) -> Result<Binary, Error<E>> {
        Ok(Binary { bytes: self.inner.body.clone(), file_name: None, content_type: content_type(&self.inner.headers) })
    }

    /// The body as `application/x-www-form-urlencoded` of type `T`.
    pub fn form<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_urlencoded::from_bytes(&self.inner.body).map_err(|e| self.decode_error(e))
    }

    /// The declared response header `name` as a `T`, `None` when absent.
    /// Several lines of it are one comma-separated list (RFC 9110). Its
    /// text is read as a string first, then as a JSON scalar (numbers,
    /// booleans), then as a comma-separated list of either, so a header
    /// reads into the type its schema gives.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when the value is not text or reads into no `T`.
    pub fn header<T: DeserializeOwned, E>(&self, name: &str) -> Result<Option<T>, Error<E>> {
        let values: Vec<&reqwest::header::HeaderValue> = self.inner.headers.get_all(name).iter().collect();
        if values.is_empty() {
            return Ok(None);
        }
        let invalid = |reason: &'static str| self.decode_error(HeaderError { name: name.to_owned(), reason });
        let texts: Result<Vec<&str>, _> = values.iter().map(|v| v.to_str()).collect();
        let text = texts.map_err(|_| invalid("is not visible ASCII text"))?.join(", ");
        header_value(&text).map(Some).ok_or_else(|| invalid("does not read as its declared type"))
    }

    /// The declared response header `name` the spec says is always sent.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when it is absent, or as [`Response::header`].
    pub fn required_header<T: DeserializeOwned, E>(&self, name: &str) -> Result<T, Error<E>> {
        self.header(name)?.ok_or_else(|| self.decode_error(HeaderError { name: name.to_owned(), reason: "is missing" }))
    }

    /// Which of the `declared` media types of a response with several the
    /// body is in, by its `Content-Type` (parameters and case aside): the
    /// one it names, else a range naming its type (`text/*`), else `*/*`;
    /// `default` when the response has no `Content-Type`; `None` when it
    /// names a media type none of them covers.
    pub fn media_index(&self, declared: &[&str], default: usize) -> Option<usize> {
        let Some(value) = self.inner.headers.get(CONTENT_TYPE) else { return Some(default) };
        let essence = value.to_str().ok()?.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let main = essence.split('/').next().unwrap_or_default();
        let declared: Vec<String> = declared.iter().map(|d| d.to_ascii_lowercase()).collect();
        declared
            .iter()
            .position(|d| *d == essence)
            .or_else(|| declared.iter().position(|d| d.strip_suffix("/*") == Some(main)))
            .or_else(|| declared.iter().position(|d| d == "*/*"))
    }

    /// A response in a media type its status does not declare.
    ///
    /// # Errors
    ///
    /// Always [`Error::Decode`], naming the media type.
    pub fn undeclared_media_type<T, E>(&self) -> Result<T, Error<E>> {
        let media = self.inner.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        Err(self.decode_error(MediaTypeError(media.to_owned())))
    }

    /// A declared error response whose body `decode` reads (by its media
    /// type) becomes the error variant `variant`.
    pub fn decoded_error<B, T, E>(
        self,
        decode: impl FnOnce(&Self) -> Result<B, Error<E>>,
        variant: impl FnOnce(B) -> E,
    ) -> Result<T, Error<E>> {
        let body = decode(&self)?;
        self.api_error(variant(body))
    }

    /// A declared error response whose JSON body becomes the error variant `variant`.
    pub fn json_error<B: DeserializeOwned, T, E>(self, variant: impl FnOnce(B) -> E) -> Result<T, Error<E>> {
        let body = self.json()?;
        self.api_error(variant(body))
    }

    /// A declared error response whose text body becomes the error variant `variant`.
    pub fn text_error<T, E>(self, variant: impl FnOnce(String) -> E) -> Result<T, Error<E>> {
        let body = self.text()?;
        self.api_error(variant(body))
    }

    /// A declared error response whose raw body becomes the error variant `variant`.
    pub fn binary_error<T, E>(self, variant: impl FnOnce(Binary) -> E) -> Result<T, Error<E>> {
        let body = self.binary()?;
        self.api_error(variant(body))
    }

    /// A declared error response whose form body becomes the error variant `variant`.
    pub fn form_error<B: DeserializeOwned, T, E>(self, variant: impl FnOnce(B) -> E) -> Result<T, Error<E>> {
        let body = self.form()?;
        self.api_error(variant(body))
    }

    /// A declared error response whose body decoded into `body`.
    pub fn api_error<T, E>(self, body: E) -> Result<T, Error<E>> {
        let Parts { status, headers, .. } = *self.inner;
        Err(Error::Api(Box::new(ApiError { status, headers, body })))
    }

    /// A response with a status the operation does not declare.
    pub fn unexpected<T, E>(self) -> Result<T, Error<E>> {
        Err(Error::UnexpectedStatus(self))
    }

    fn decode_error<E>(&self, source: impl std::error::Error + Send + Sync + 'static) -> Error<E> {
        Error::Decode { response: self.clone(), source: Box::new(source) }
    }
}

/// The text of a header read as a `T`: as a string, a JSON scalar, or a
/// comma-separated list of either.
fn header_value<T: DeserializeOwned>(text: &str) -> Option<T> {
    use serde_json::Value;
    let scalar = |text: &str| serde_json::from_str::<Value>(text).ok().filter(|v| !v.is_object() && !v.is_array());
    let items: Vec<&str> = if text.is_empty() { Vec::new() } else { text.split(',').map(str::trim).collect() };
    let strings = || Value::Array(items.iter().map(|item| Value::String((*item).to_owned())).collect());
    let scalars = || {
        Value::Array(
            items.iter().map(|item| scalar(item).unwrap_or_else(|| Value::String((*item).to_owned()))).collect(),
        )
    };
    [Some(Value::String(text.to_owned())), scalar(text), Some(strings()), Some(scalars())]
        .into_iter()
        .flatten()
        .find_map(|value| serde_json::from_value(value).ok())
}

/// Why a declared response header does not decode.
#[derive(Debug)]
struct HeaderError {
    name: String,
    reason: &'static str,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "response header `{}` {}", self.name, self.reason)
    }
}

impl std::error::Error for HeaderError {}

/// A response body in a media type its status does not declare.
#[derive(Debug)]
struct MediaTypeError(String);

impl fmt::Display for MediaTypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the response's media type `{}` is not one its status declares", self.0)
    }
}

impl std::error::Error for MediaTypeError {}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .inner
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if SENSITIVE_HEADERS.contains(&name.as_str()) {
                    "<redacted>"
                } else {
                    value.to_str().unwrap_or("<non-ASCII>")
                };
                (name.as_str(), value)
            })
            .collect();
        let text = String::from_utf8_lossy(&self.inner.body);
        let body = match text.char_indices().nth(DEBUG_BODY_LIMIT) {
            Some((end, _)) => format!("{}... ({} bytes)", &text[..end], self.inner.body.len()),
            None => text.into_owned(),
        };
        f.debug_struct("Response")
            .field("status", &self.inner.status)
            .field("headers", &headers)
            .field("body", &body)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderValue, SET_COOKIE};

    use super::*;

    fn response(status: u16, body: &str) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(SET_COOKIE, HeaderValue::from_static("session=s3cr3t"));
        Response::new(StatusCode::from_u16(status).unwrap(), headers, body.as_bytes().to_vec())
    }

    #[test]
    fn decodes_json_and_bare_strings() {
        let value: Vec<i32> = response(200, "[1,2]").json::<_, ()>().unwrap();
        assert_eq!(value, [1, 2]);
        let text: String = response(200, "\"deleted\"").json::<_, ()>().unwrap();
        assert_eq!(text, "deleted");
    }

    #[test]
    fn malformed_bodies_keep_the_raw_response() {
        let Err(Error::Decode { response, source }) = response(200, "[1, oops]").json::<Vec<i32>, ()>() else {
            panic!("expected a decode error");
        };
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.body(), b"[1, oops]");
        assert!(source.to_string().contains("expected value"), "{source}");
    }

    #[test]
    fn api_errors_keep_status_and_headers() {
        let Err(Error::Api(error)) = response(404, "{}").api_error::<(), _>("missing") else {
            panic!("expected an API error");
        };
        assert_eq!(error.status, StatusCode::NOT_FOUND);
        assert_eq!(error.headers[CONTENT_TYPE], "application/json");
        assert_eq!(error.body, "missing");
    }

    #[derive(Debug, PartialEq)]
    enum OpError {
        NotFound(Vec<i32>),
        Teapot(String),
    }

    #[test]
    fn error_bodies_decode_into_their_variant() {
        let Err(Error::Api(error)) = response(404, "[7]").json_error::<_, (), _>(OpError::NotFound) else {
            panic!("expected an API error");
        };
        assert_eq!((error.status, error.body), (StatusCode::NOT_FOUND, OpError::NotFound(vec![7])));
        let Err(Error::Api(error)) = response(418, "short and stout").text_error::<(), _>(OpError::Teapot) else {
            panic!("expected an API error");
        };
        assert_eq!(error.body, OpError::Teapot("short and stout".into()));
        // An error body that does not decode is a decode error, with the raw body.
        let result = response(404, "oops").json_error::<Vec<i32>, (), _>(OpError::NotFound);
        assert!(matches!(result, Err(Error::Decode { response, .. }) if response.body() == b"oops"));
    }

    #[test]
    fn binary_bodies_keep_the_media_type() {
        let file = response(200, "abc").binary::<()>().unwrap();
        assert_eq!(file.bytes, b"abc");
        assert_eq!(file.content_type.as_deref(), Some("application/json"));
    }

    #[test]
    fn headers_read_into_their_declared_types() {
        let mut headers = HeaderMap::new();
        headers.insert("etag", HeaderValue::from_static("\"v1\""));
        headers.insert("x-total", HeaderValue::from_static("42"));
        headers.append("x-ids", HeaderValue::from_static("1, 2"));
        headers.append("x-ids", HeaderValue::from_static("3"));
        headers.insert("x-tags", HeaderValue::from_static("a,b"));
        headers.insert("x-flag", HeaderValue::from_static("true"));
        let response = Response::new(StatusCode::OK, headers, Vec::new());
        assert_eq!(response.header::<String, ()>("ETag").unwrap().as_deref(), Some("\"v1\""));
        assert_eq!(response.header::<i64, ()>("X-Total").unwrap(), Some(42));
        assert_eq!(response.header::<String, ()>("X-Total").unwrap().as_deref(), Some("42"));
        assert_eq!(response.header::<Vec<i32>, ()>("X-Ids").unwrap(), Some(vec![1, 2, 3]));
        assert_eq!(response.header::<Vec<String>, ()>("X-Tags").unwrap(), Some(vec!["a".into(), "b".into()]));
        assert_eq!(response.header::<bool, ()>("X-Flag").unwrap(), Some(true));
        assert_eq!(response.header::<i64, ()>("X-Absent").unwrap(), None);
        let Err(Error::Decode { source, .. }) = response.required_header::<i64, ()>("X-Absent") else { panic!() };
        assert_eq!(source.to_string(), "response header `X-Absent` is missing");
        assert!(matches!(response.header::<i64, ()>("ETag"), Err(Error::Decode { .. })));
    }

    #[test]
    fn media_types_select_by_content_type() {
        let with = |content_type: Option<&'static str>| {
            let mut headers = HeaderMap::new();
            if let Some(value) = content_type {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(value));
            }
            Response::new(StatusCode::OK, headers, Vec::new())
        };
        let declared = ["application/json", "text/plain", "image/*"];
        assert_eq!(with(Some("text/plain; charset=utf-8")).media_index(&declared, 0), Some(1));
        assert_eq!(with(Some("Application/JSON")).media_index(&declared, 1), Some(0));
        assert_eq!(with(Some("image/png")).media_index(&declared, 0), Some(2));
        assert_eq!(with(None).media_index(&declared, 1), Some(1));
        assert_eq!(with(Some("text/html")).media_index(&declared, 0), None);
        assert_eq!(with(Some("text/html")).media_index(&["application/json", "*/*"], 0), Some(1));
        let Err(Error::Decode { source, .. }) = with(Some("text/html")).undeclared_media_type::<(), ()>() else {
            panic!()
        };
        assert_eq!(source.to_string(), "the response's media type `text/html` is not one its status declares");
    }

    #[test]
    fn debug_hides_cookies_and_truncates() {
        let debug = format!("{:?}", response(200, &"x".repeat(2000)));
        assert!(!debug.contains("s3cr3t"), "{debug}");
        assert!(debug.contains("... (2000 bytes)"), "{debug}");
    }
}
