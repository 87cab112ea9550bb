//! [`Reply`]: how a generated response enum becomes an HTTP response.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{OnceLock, RwLock};

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use super::error::HttpError;
use crate::ByteStream;
use crate::validate::{Direction, FastHash, Place, Schema, check, drops_members};

/// A response being built; a failure to encode what the handler returned
/// becomes a 500 (the handler's failure, never the client's).
#[derive(Debug)]
pub struct Reply {
    result: Result<Response, HttpError>,
}

fn handler_failure(message: String) -> HttpError {
    HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
}

fn status_code(status: u16) -> Result<StatusCode, HttpError> {
    StatusCode::from_u16(status).map_err(|_| handler_failure(format!("{status} is not an HTTP status")))
}

impl Reply {
    /// A response without a body.
    pub fn empty(status: u16) -> Self {
        Self { result: status_code(status).map(IntoResponse::into_response) }
    }

    /// A JSON body, without the members its schema marks writeOnly.
    pub fn json<T: Serialize>(status: u16, body: &T, schema: &'static Schema<'static>) -> Self {
        let failed = |e: serde_json::Error| handler_failure(format!("the response body could not be encoded: {e}"));
        let result = status_code(status).and_then(|status| {
            // Room for a small body, so that writing it seldom grows the buffer.
            let mut bytes = Vec::with_capacity(128);
            if drops_write_only(schema) {
                let mut value = serde_json::to_value(body).map_err(failed)?;
                // Only to remove writeOnly members: a response is not refused.
                check(&mut value, schema, Direction::Response, Place::Body, "");
                serde_json::to_writer(&mut bytes, &value)
            } else {
                // Nothing to remove: the body as it serializes, without a
                // JSON value in between.
                serde_json::to_writer(&mut bytes, body)
            }
            .map_err(failed)?;
            let json = HeaderValue::from_static("application/json");
            Ok((status, [(header::CONTENT_TYPE, json)], bytes).into_response())
        });
        Self { result }
    }

    /// A text body.
    pub fn text(status: u16, body: String, media_type: &'static str) -> Self {
        Self::with_media_type(status, body.into_bytes(), media_type)
    }

    /// A binary body sent as it is read (with a `Content-Length` when its
    /// length is known), in its own media type if it has one.
    pub fn stream(status: u16, body: ByteStream, media_type: &'static str) -> Self {
        let result = status_code(status).and_then(|status| {
            let media_type = body.content_type().unwrap_or(media_type);
            let value = HeaderValue::from_str(media_type)
                .map_err(|_| handler_failure(format!("invalid media type `{media_type}`")))?;
            let len = body.len();
            let mut response =
                (status, [(header::CONTENT_TYPE, value)], axum::body::Body::from_stream(body)).into_response();
            if let Some(len) = len {
                response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(len));
            }
            Ok(response)
        });
        Self { result }
    }

    fn with_media_type(status: u16, bytes: Vec<u8>, media_type: &str) -> Self {
        let result = status_code(status).and_then(|status| {
            let value = HeaderValue::from_str(media_type)
                .map_err(|_| handler_failure(format!("invalid media type `{media_type}`")))?;
            Ok((status, [(header::CONTENT_TYPE, value)], bytes).into_response())
        });
        Self { result }
    }

    /// Add a header; `None` (JSON `null`) adds nothing, arrays are
    /// comma-separated as the `simple` style has them.
    pub fn header<T: Serialize>(mut self, name: &'static str, value: &T) -> Self {
        if let Ok(response) = &mut self.result {
            match header_value(value) {
                Ok(Some(value)) => match HeaderName::from_bytes(name.as_bytes()) {
                    Ok(name) => {
                        response.headers_mut().append(name, value);
                    }
                    Err(_) => self.result = Err(handler_failure(format!("invalid header name `{name}`"))),
                },
                Ok(None) => {}
                Err(message) => self.result = Err(handler_failure(format!("header `{name}`: {message}"))),
            }
        }
        self
    }
}

/// Whether a response schema has writeOnly members anywhere within it,
/// found once per schema (each is a generated `static`).
///
/// Asked for every JSON response: the answers given last are kept in a
/// small table of words read without a lock (one load, where the map
/// behind its lock costs two atomic read-modify-writes and a hash), the
/// map answering when the table does not know.
fn drops_write_only(schema: &'static Schema<'static>) -> bool {
    /// The table's words: a schema's address, with the answer in its lowest
    /// bit (free: a `Schema` is aligned to more than a byte).
    static RECENT: [AtomicUsize; 256] = [const { AtomicUsize::new(0) }; 256];
    const _: () = assert!(align_of::<Schema<'static>>() > 1);
    let address = std::ptr::from_ref(schema) as usize;
    // Statics lie side by side: consecutive addresses take consecutive slots.
    let slot = &RECENT[address / align_of::<Schema<'static>>() % RECENT.len()];
    recall(slot, address, || found_write_only(schema))
}

/// The answer `slot` keeps for `address`, or the one `find` gives, then
/// kept there in place of another address's (which finds it again when
/// asked: every answer is the same each time it is found).
fn recall(slot: &AtomicUsize, address: usize, find: impl FnOnce() -> bool) -> bool {
    let known = slot.load(Ordering::Relaxed);
    if known & !1 == address {
        return known & 1 == 1;
    }
    let found = find();
    slot.store(address | usize::from(found), Ordering::Relaxed);
    found
}

/// [`drops_write_only`] as its map answers, walking a schema it has not seen.
fn found_write_only(schema: &'static Schema<'static>) -> bool {
    static FOUND: OnceLock<RwLock<HashMap<usize, bool, FastHash>>> = OnceLock::new();
    let found = FOUND.get_or_init(RwLock::default);
    let address = std::ptr::from_ref(schema) as usize;
    if let Some(drops) = found.read().ok().and_then(|found| found.get(&address).copied()) {
        return drops;
    }
    let drops = drops_members(schema, Direction::Response);
    if let Ok(mut found) = found.write() {
        found.insert(address, drops);
    }
    drops
}

fn header_value<T: Serialize>(value: &T) -> Result<Option<HeaderValue>, String> {
    let text = match serde_json::to_value(value).map_err(|e| e.to_string())? {
        Value::Null => return Ok(None),
        Value::String(text) => text,
        Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
        other => scalar_text(&other),
    };
    HeaderValue::from_str(&text).map(Some).map_err(|_| format!("`{text}` is not a valid header value"))
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self.result {
            Ok(response) => response,
            Err(error) => {
                tracing::error!(%error, "a handler's response could not be sent");
                error.into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn headers_are_added_unless_absent() {
        let response = Reply::empty(204)
            .header("X-Count", &3)
            .header("X-Missing", &None::<String>)
            .header("X-List", &["a", "b"])
            .into_response();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(response.headers()["x-count"], "3");
        assert_eq!(response.headers()["x-list"], "a,b");
        assert!(!response.headers().contains_key("x-missing"));
    }

    #[test]
    fn a_slot_keeps_the_last_answer_and_others_are_found_again() {
        let slot = AtomicUsize::new(0);
        let (first, second) = (0x1000, 0x2008);
        assert!(recall(&slot, first, || true), "found");
        assert!(recall(&slot, first, || unreachable!("kept")));
        assert!(!recall(&slot, second, || false), "found, in the first one's place");
        assert!(!recall(&slot, second, || unreachable!("kept")));
        assert!(recall(&slot, first, || true), "found again");
    }

    #[test]
    fn write_only_members_are_found_however_often_asked() {
        use crate::validate::{Field, Object};
        static SECRET: Schema = Schema::Object(&Object {
            fields: &[Field::new("password", &Schema::STRING).write_only()],
            additional: None,
            deny_unknown: false,
        });
        static LISTED: Schema = Schema::Array(&SECRET, &crate::validate::Rules::NONE);
        static PLAIN: Schema = Schema::Array(&Schema::STRING, &crate::validate::Rules::NONE);
        for _ in 0..3 {
            assert!(drops_write_only(&SECRET) && drops_write_only(&LISTED));
            assert!(!drops_write_only(&PLAIN));
        }
    }

    #[test]
    fn an_unencodable_header_is_the_handlers_failure() {
        let response = Reply::empty(200).header("X-Bad", &"line\nbreak").into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[tokio::test]
    async fn binary_bodies_keep_their_media_type_and_length() {
        let response = Reply::stream(200, b"xy".to_vec().into(), "application/octet-stream").into_response();
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/octet-stream");
        assert_eq!(response.headers()[header::CONTENT_LENGTH], "2");
        let body = axum::body::to_bytes(response.into_body(), 10).await.expect("the body");
        assert_eq!(&body[..], b"xy");
        let png = crate::Binary::new(b"x".to_vec()).with_content_type("image/png");
        let response = Reply::stream(200, png.into(), "application/octet-stream").into_response();
        assert_eq!(response.headers()[header::CONTENT_TYPE], "image/png");
        let unknown = ByteStream::new(Chunks(Some(b"streamed")));
        let response = Reply::stream(200, unknown, "application/octet-stream").into_response();
        assert!(!response.headers().contains_key(header::CONTENT_LENGTH), "a stream of unknown length");
        let body = axum::body::to_bytes(response.into_body(), 10).await.expect("the body");
        assert_eq!(&body[..], b"streamed");
    }

    /// One chunk, as a stream of unknown length.
    struct Chunks(Option<&'static [u8]>);

    impl futures_core::Stream for Chunks {
        type Item = Result<&'static [u8], std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.take().map(Ok))
        }
    }

    async fn json_body(response: Response) -> Value {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("a body");
        serde_json::from_slice(&bytes).expect("JSON")
    }

    #[tokio::test]
    async fn json_bodies_lose_write_only_members_and_bad_statuses_fail() {
        use crate::validate::{Field, Object};
        static SECRET: Schema = Schema::Object(&Object {
            fields: &[Field {
                name: "password",
                schema: &Schema::STRING,
                required: true,
                nullable: false,
                read_only: false,
                write_only: true,
            }],
            additional: None,
            deny_unknown: false,
        });
        let reply = Reply::json(200, &json!({"password": "x", "name": "n"}), &SECRET);
        let response = reply.result.expect("encodes");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(json_body(response).await, json!({"name": "n"}));
        // Without writeOnly members, the body is serialized as it is.
        let reply = Reply::json(201, &json!({"password": "x", "name": "n"}), &Schema::STRING);
        assert_eq!(json_body(reply.result.expect("encodes")).await, json!({"password": "x", "name": "n"}));
        assert_eq!(Reply::empty(1000).into_response().status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
