//! Request bodies: Content-Type negotiation, size limits, and decoding of
//! JSON, form-urlencoded, multipart, text and binary bodies into JSON
//! values checked against the body's schema.

use std::borrow::Cow;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, StatusCode, header};
use http_body::Body as _;
use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::deep_object::{DeepFields, Name, read_name};
use super::error::{FieldError, HttpError, Place};
use super::params::{Style, coerce_text, delimiter};
use crate::validate::{Direction, Schema, accepts_text, check, escape, read_text};
use crate::{Binary, ByteStream};

/// How a body of one media type is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`.
    Text,
    /// Anything else, as bytes.
    Binary,
}

/// One media type an operation accepts.
#[derive(Debug)]
pub struct Content {
    /// The media type as the spec lists it (may be a range like `image/*`).
    pub media_type: &'static str,
    /// How it is decoded.
    pub kind: MediaKind,
    /// The schema the decoded body must satisfy.
    pub schema: &'static Schema<'static>,
    /// The fields of a form sent in a style of their own: arrays as one
    /// field of joined items, with the style that says their delimiter
    /// (`form`: commas), and `deepObject` fields (`name[key]=value`).
    pub styled: &'static [(&'static str, Style)],
}

impl Content {
    /// A JSON media type.
    pub const fn json(media_type: &'static str, schema: &'static Schema<'static>) -> Self {
        Self { media_type, kind: MediaKind::Json, schema, styled: &[] }
    }

    /// `application/x-www-form-urlencoded`.
    pub const fn form(media_type: &'static str, schema: &'static Schema<'static>) -> Self {
        Self { media_type, kind: MediaKind::Form, schema, styled: &[] }
    }

    /// `application/x-www-form-urlencoded` whose fields in `styled`
    /// arrive as their style says: arrays as one field of joined items,
    /// `deepObject` fields as `name[key]=value` pairs.
    pub const fn form_styled(
        media_type: &'static str,
        schema: &'static Schema<'static>,
        styled: &'static [(&'static str, Style)],
    ) -> Self {
        Self { media_type, kind: MediaKind::Form, schema, styled }
    }

    /// Whether the form field `name` is a `deepObject` one.
    fn is_deep(&self, name: &str) -> bool {
        self.styled.iter().any(|(field, style)| *field == name && *style == Style::DeepObject)
    }

    /// `multipart/form-data`.
    pub const fn multipart(media_type: &'static str, schema: &'static Schema<'static>) -> Self {
        Self { media_type, kind: MediaKind::Multipart, schema, styled: &[] }
    }

    /// A text media type.
    pub const fn text(media_type: &'static str, schema: &'static Schema<'static>) -> Self {
        Self { media_type, kind: MediaKind::Text, schema, styled: &[] }
    }

    /// Any other media type, taken as bytes.
    pub const fn binary(media_type: &'static str) -> Self {
        Self { media_type, kind: MediaKind::Binary, schema: &Schema::Binary, styled: &[] }
    }
}

/// A request whose body is yet to be read: a [`Request`], or a handler's
/// boxed `Incoming`. The readers below pass it down as it is and make it a
/// [`Request`] only where the body is read: an `async fn` keeps its
/// arguments while it runs, so each level would hold the request (240
/// bytes) again, and a handler's future holds them all.
pub(crate) trait Unopened: Send {
    fn headers(&self) -> &HeaderMap;
    fn into_request(self) -> Request;
}

impl Unopened for Request {
    fn headers(&self) -> &HeaderMap {
        Request::headers(self)
    }

    fn into_request(self) -> Request {
        self
    }
}

/// An operation's request body.
#[derive(Debug)]
pub struct BodySpec {
    /// Whether a request must have one.
    pub required: bool,
    /// The media types accepted, in spec order.
    pub contents: &'static [Content],
}

/// A decoded, validated body.
#[derive(Debug)]
pub struct Decoded {
    content: usize,
    payload: Payload,
    files: Vec<(String, Binary)>,
    /// A JSON body's text and schema, to read it again if it does not
    /// deserialize (see [`Decoded::into_model`]).
    json: Option<(Bytes, &'static Schema<'static>)>,
}

#[derive(Debug)]
enum Payload {
    Value(Value),
    /// JSON text its schema accepts as it is (`validate::accepts_text`),
    /// not yet parsed: the model is read straight from it.
    Json(Bytes),
    /// JSON text not checked yet (only from [`decode_model`], which types
    /// it at once): the model is read from it as it is checked
    /// (`validate::read_text`), or, where that cannot vouch for it, the
    /// long way, through a value.
    Unchecked(Bytes),
    Bytes(Binary),
    /// A binary body not read yet.
    Stream(ByteStream),
}

/// How [`decode`] takes a binary (`MediaKind::Binary`) body.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Binaries {
    /// Read whole, within axum's `DefaultBodyLimit`.
    Read,
    /// Left unread for the handler, as a [`ByteStream`] that ends in an
    /// error past this many bytes (none: no limit).
    Stream(Option<u64>),
}

impl Decoded {
    /// Which of the [`BodySpec::contents`] the request used.
    pub fn content(&self) -> usize {
        self.content
    }

    /// The first file part named `name` of a multipart body.
    pub fn take_file(&mut self, name: &str) -> Option<Binary> {
        let index = self.files.iter().position(|(n, _)| n == name)?;
        Some(self.files.remove(index).1)
    }

    /// Every file part named `name` of a multipart body.
    pub fn take_files(&mut self, name: &str) -> Vec<Binary> {
        let (taken, kept) = std::mem::take(&mut self.files).into_iter().partition(|(n, _)| n == name);
        self.files = kept;
        taken.into_iter().map(|(_, file)| file).collect()
    }

    /// The body as its model type (file parts are taken separately).
    pub fn into_model<T: DeserializeOwned>(self) -> Result<T, HttpError> {
        let value = match self.payload {
            Payload::Value(value) => value,
            // Checked as text: the model is read from the text, and only if
            // that fails is the text read again as a value, for the error.
            Payload::Json(text) => {
                return serde_json::from_slice(&text).or_else(|_| {
                    let schema = self.json.map_or(&Schema::Any, |(_, schema)| schema);
                    model_of(checked_json(&text, schema)?)
                });
            }
            Payload::Unchecked(text) => {
                let schema = self.json.map_or(&Schema::Any, |(_, schema)| schema);
                return match read_text(&text, schema) {
                    Some(model) => Ok(model),
                    None => model_of(checked_json(&text, schema)?),
                };
            }
            Payload::Bytes(bytes) => Value::String(String::from_utf8_lossy(&bytes.bytes).into_owned()),
            Payload::Stream(_) => {
                return Err(HttpError::field(Place::Body, "", "type", "a binary body is not a model"));
            }
        };
        let Some((text, schema)) = self.json else { return model_of(value) };
        // A value that passed its schema seldom fails to deserialize: first
        // without following the path (which copies every member name), and
        // only if that fails again from the text, for the error's pointer.
        serde_json::from_value(value).or_else(|_| model_of(checked_json(&text, schema)?))
    }

    /// The body as bytes, as they arrive when it was left unread, with its
    /// media type.
    pub fn into_stream(self) -> ByteStream {
        match self.payload {
            Payload::Stream(stream) => stream,
            Payload::Bytes(bytes) => bytes.into(),
            Payload::Value(Value::String(text)) => text.into_bytes().into(),
            Payload::Value(value) => value.to_string().into_bytes().into(),
            // As a value would be written (the text is valid JSON).
            Payload::Json(text) | Payload::Unchecked(text) => serde_json::from_slice::<Value>(&text)
                .map_or_else(|_| text.to_vec(), |value| value.to_string().into_bytes())
                .into(),
        }
    }
}

/// JSON text parsed and checked against its schema (as a request body):
/// the value, or the errors.
fn checked_json(text: &[u8], schema: &Schema<'_>) -> Result<Value, HttpError> {
    let mut value = serde_json::from_slice(text).map_err(json_error)?;
    let found = check(&mut value, schema, Direction::Request, Place::Body, "");
    if found.is_empty() { Ok(value) } else { Err(found.into()) }
}

/// A checked value as a `T`; where it is not one, the error names the
/// member at fault.
fn model_of<T: DeserializeOwned>(value: Value) -> Result<T, HttpError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = pointer_of(e.path());
        HttpError::field(Place::Body, pointer, "type", e.into_inner().to_string())
    })
}

/// A serde path as a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{}", escape(key))),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// The media type of a Content-Type value: lowercase, without parameters.
fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether a request media type (an [`essence`]) falls in a spec media
/// type or range.
fn accepts(range: &str, media_type: &str) -> bool {
    let range = range.split(';').next().unwrap_or_default().trim();
    if range.eq_ignore_ascii_case(media_type) || range == "*/*" {
        return true;
    }
    match range.strip_suffix("/*") {
        Some(main) => media_type.split('/').next().is_some_and(|kind| kind.eq_ignore_ascii_case(main)),
        None => false,
    }
}

pub(crate) async fn decode(
    request: impl Unopened,
    spec: &BodySpec,
    binaries: Binaries,
) -> Result<Option<Decoded>, HttpError> {
    decode_with(request, spec, binaries, false).await
}

/// The body as a model: as [`decode`] and [`Decoded::into_model`] make it,
/// a JSON body being checked as the model is read from its text.
pub(crate) async fn decode_model<T: DeserializeOwned>(
    request: impl Unopened,
    spec: &BodySpec,
) -> Result<Option<T>, HttpError> {
    decode_with(request, spec, Binaries::Read, true).await?.map(Decoded::into_model).transpose()
}

/// [`decode`]; with `typed_next`, a JSON body is left unchecked for
/// [`Decoded::into_model`], which the caller calls at once.
async fn decode_with(
    request: impl Unopened,
    spec: &BodySpec,
    binaries: Binaries,
    typed_next: bool,
) -> Result<Option<Decoded>, HttpError> {
    let content_type = request.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().map(essence));
    let media_type = match content_type {
        Some(Ok(media_type)) => media_type,
        Some(Err(_)) => return Err(unsupported(spec, "a Content-Type that is not text")),
        None => {
            let bytes = read_bytes(request).await?;
            if bytes.is_empty() {
                return absent(spec);
            }
            return Err(unsupported(spec, "no Content-Type"));
        }
    };
    let Some((index, content)) = spec.contents.iter().enumerate().find(|(_, c)| accepts(c.media_type, &media_type))
    else {
        return Err(unsupported(spec, &format!("Content-Type `{media_type}`")));
    };
    let (payload, files, json) = match (content.kind, binaries) {
        (MediaKind::Multipart, _) => {
            // Boxed: inline, reading a multipart body would make the future
            // of every body, a JSON one too, some 2 KB larger.
            let (value, files) = Box::pin(read_multipart(request.into_request(), content.schema)).await?;
            (Payload::Value(value), files, None)
        }
        (MediaKind::Binary, Binaries::Stream(limit)) => {
            let request = request.into_request();
            if request.body().size_hint().exact() == Some(0) {
                return absent(spec);
            }
            (Payload::Stream(stream(request, &media_type, limit)?), Vec::new(), None)
        }
        (kind, _) => {
            let bytes = read_bytes(request).await?;
            if bytes.is_empty() && kind != MediaKind::Text {
                return absent(spec);
            }
            if kind == MediaKind::Json && typed_next {
                let json = Some((bytes.clone(), content.schema));
                let payload = Payload::Unchecked(bytes);
                return Ok(Some(Decoded { content: index, payload, files: Vec::new(), json }));
            }
            if kind == MediaKind::Json && accepts_text(&bytes, content.schema) {
                // Valid as it is: no value is built (see `Decoded::into_model`).
                let json = Some((bytes.clone(), content.schema));
                return Ok(Some(Decoded { content: index, payload: Payload::Json(bytes), files: Vec::new(), json }));
            }
            let json = (kind == MediaKind::Json).then(|| (bytes.clone(), content.schema));
            (bytes_payload(bytes, &media_type, content)?, Vec::new(), json)
        }
    };
    let payload = match payload {
        Payload::Value(mut value) => {
            let found = check(&mut value, content.schema, Direction::Request, Place::Body, "");
            if !found.is_empty() {
                return Err(found.into());
            }
            Payload::Value(value)
        }
        bytes => bytes,
    };
    Ok(Some(Decoded { content: index, payload, files, json }))
}

fn absent(spec: &BodySpec) -> Result<Option<Decoded>, HttpError> {
    if spec.required { Err(missing_body()) } else { Ok(None) }
}

/// The 400 of a request without the body its operation requires.
pub(crate) fn missing_body() -> HttpError {
    HttpError::field(Place::Body, "", "required", "a request body is required")
}

fn unsupported(spec: &BodySpec, found: &str) -> HttpError {
    let accepted: Vec<&str> = spec.contents.iter().map(|c| c.media_type).collect();
    HttpError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("{found} is not accepted; send one of: {}", accepted.join(", ")),
    )
}

/// A binary body as it arrives, refused with a 413 at once when its
/// `Content-Length` is over `limit`, else ending in an error past `limit`.
fn stream(request: Request, media_type: &str, limit: Option<u64>) -> Result<ByteStream, HttpError> {
    let len = request.body().size_hint().exact();
    if let (Some(len), Some(limit)) = (len, limit) {
        if len > limit {
            return Err(too_large());
        }
    }
    let stream = ByteStream::new(request.into_body().into_data_stream()).with_content_type(media_type);
    let stream = match len {
        Some(len) => stream.with_len(len),
        None => stream,
    };
    Ok(match limit {
        Some(limit) => stream.limited(limit),
        None => stream,
    })
}

fn too_large() -> HttpError {
    HttpError::new(StatusCode::PAYLOAD_TOO_LARGE, "the request body is larger than this server accepts")
}

async fn read_bytes(request: impl Unopened) -> Result<Bytes, HttpError> {
    Bytes::from_request(request.into_request(), &()).await.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            HttpError::new(StatusCode::BAD_REQUEST, rejection.body_text())
        }
    })
}

fn bytes_payload(bytes: Bytes, media_type: &str, content: &Content) -> Result<Payload, HttpError> {
    match content.kind {
        MediaKind::Json => serde_json::from_slice(&bytes).map(Payload::Value).map_err(json_error),
        MediaKind::Form => form_value(&bytes, content).map(Payload::Value),
        MediaKind::Text => String::from_utf8(bytes.to_vec())
            .map(|text| Payload::Value(Value::String(text)))
            .map_err(|_| HttpError::field(Place::Body, "", "type", "the text is not UTF-8")),
        MediaKind::Binary | MediaKind::Multipart => {
            Ok(Payload::Bytes(Binary::new(bytes.to_vec()).with_content_type(media_type)))
        }
    }
}

/// A urlencoded form as a JSON object typed along the schema. A joined
/// array field is split on its delimiter as written, before decoding, so
/// an item's own encoded delimiter (`%2C`) stays inside the item; a
/// `deepObject` field's bracketed names are read by `deep_object`.
pub(super) fn form_value(bytes: &[u8], content: &Content) -> Result<Value, HttpError> {
    let malformed = |why: &str| HttpError::field(Place::Body, "", "form", format!("malformed form: {why}"));
    let text = std::str::from_utf8(bytes).map_err(|_| malformed("not UTF-8 text"))?;
    let decode = |raw: &str| {
        percent_decode_str(&raw.replace('+', " "))
            .decode_utf8()
            .map(Cow::into_owned)
            .map_err(|_| malformed("an escape is not UTF-8"))
    };
    let mut form = FormBuilder::new(content.schema);
    let mut deep = DeepFields::default();
    // The number of fields bounds a deepObject array's indices.
    let mut fields = 0;
    for pair in text.split('&').filter(|pair| !pair.is_empty()) {
        fields += 1;
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = match read_name(raw_name, decode, |name| content.is_deep(name))? {
            Name::Flat(name) => name,
            Name::Deep { field, path } => {
                deep.insert(field, path, decode(raw_value)?)?;
                continue;
            }
        };
        let joined = content
            .styled
            .iter()
            .find(|(field, style)| *field == name && *style != Style::DeepObject)
            .filter(|_| form.is_array(&name));
        match joined {
            Some((_, style)) => {
                for item in raw_value.split(delimiter(*style)).filter(|_| !raw_value.is_empty()) {
                    form.text(name.clone(), &decode(item)?)?;
                }
            }
            None => form.text(name, &decode(raw_value)?)?,
        }
    }
    form.deep(deep, fields)?;
    Ok(form.finish())
}

/// Why a JSON body does not parse. A number too large even for a float
/// (only an integer hundreds of digits long) is well-formed JSON, so its
/// message says what is out of range rather than calling the JSON malformed.
fn json_error(error: serde_json::Error) -> HttpError {
    let message = error.to_string();
    let message = if message.starts_with("number out of range") {
        format!(
            "{message}: numbers are read as 64-bit floats, integers as 64-bit signed integers (int64) unless their \
             format is int32"
        )
    } else {
        format!("malformed JSON: {message}")
    };
    HttpError::field(Place::Body, "", "json", message)
}

async fn read_multipart(
    request: Request,
    schema: &'static Schema<'static>,
) -> Result<(Value, Vec<(String, Binary)>), HttpError> {
    let multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| HttpError::field(Place::Body, "", "multipart", e.body_text()))?;
    multipart_value(multipart, schema).await
}

/// The fields of a multipart body as a JSON object (text parts coerced
/// along the schema), and its file parts.
async fn multipart_value(
    mut multipart: Multipart,
    schema: &Schema<'static>,
) -> Result<(Value, Vec<(String, Binary)>), HttpError> {
    let mut form = FormBuilder::new(schema);
    let mut files = Vec::new();
    let failed = |e: axum::extract::multipart::MultipartError| {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            HttpError::field(Place::Body, "", "multipart", e.body_text())
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let is_file = file_name.is_some() || form.is_binary(&name);
        let bytes = field.bytes().await.map_err(failed)?;
        if is_file {
            form.placeholder(name.clone());
            let mut file = Binary::new(bytes.to_vec());
            file.file_name = file_name;
            file.content_type = content_type;
            files.push((name, file));
        } else {
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| HttpError::field(Place::Body, format!("/{name}"), "type", "the part is not UTF-8 text"))?;
            form.text(name, &text)?;
        }
    }
    Ok((form.finish(), files))
}

/// Builds the JSON object of a form or multipart body from its named
/// text values, typed along the body's object schema.
struct FormBuilder<'s> {
    schema: &'s Schema<'static>,
    members: Map<String, Value>,
}

impl<'s> FormBuilder<'s> {
    fn new(schema: &'s Schema<'static>) -> Self {
        Self { schema: schema.inner(), members: Map::new() }
    }

    /// The schema of the member `name`, if the body's schema says.
    fn member_schema(&self, name: &str) -> Option<&'static Schema<'static>> {
        match self.schema {
            Schema::Object(object) => {
                object.fields.iter().find(|f| f.name == name).map(|f| f.schema).or(object.additional)
            }
            Schema::Map(values, _) => Some(values),
            _ => None,
        }
    }

    fn is_array(&self, name: &str) -> bool {
        matches!(self.member_schema(name).map(Schema::inner), Some(Schema::Array(..)))
    }

    fn is_binary(&self, name: &str) -> bool {
        match self.member_schema(name).map(Schema::inner) {
            Some(Schema::Binary) => true,
            Some(Schema::Array(items, _)) => matches!(items.inner(), Schema::Binary),
            _ => false,
        }
    }

    fn text(&mut self, name: String, text: &str) -> Result<(), HttpError> {
        let schema = self.member_schema(&name).map(Schema::inner);
        let coerce = |schema: &Schema<'static>| {
            coerce_text(text, schema).map_err(|mismatch| {
                let pointer = format!("/{}", escape(&name));
                HttpError::invalid(vec![FieldError {
                    place: Place::Body,
                    field: pointer,
                    rule: mismatch.rule(),
                    message: mismatch.message(text),
                }])
            })
        };
        match schema {
            Some(Schema::Array(items, _)) => {
                let item = coerce(items.inner())?;
                self.push(name, item);
            }
            Some(schema) => {
                let value = coerce(schema)?;
                self.members.insert(name, value);
            }
            None => {
                self.members.insert(name, Value::String(text.to_owned()));
            }
        }
        Ok(())
    }

    /// The deepObject fields, typed along their schemas (array indices
    /// below `index_limit`). A field given both as one value and by its
    /// members is refused.
    fn deep(&mut self, fields: DeepFields, index_limit: usize) -> Result<(), HttpError> {
        for (name, value) in fields.typed(|name| self.member_schema(name), index_limit)? {
            if self.members.contains_key(&name) {
                let message = format!("form field `{name}` is given both as one value and by its members");
                return Err(HttpError::field(Place::Body, format!("/{}", escape(&name)), "form", message));
            }
            self.members.insert(name, value);
        }
        Ok(())
    }

    /// A file part: its member must be present for the schema, the bytes
    /// are kept aside.
    fn placeholder(&mut self, name: String) {
        match self.member_schema(&name).map(Schema::inner) {
            Some(Schema::Array(..)) => self.push(name, Value::String(String::new())),
            _ => {
                self.members.insert(name, Value::String(String::new()));
            }
        }
    }

    fn push(&mut self, name: String, item: Value) {
        match self.members.entry(name).or_insert_with(|| Value::Array(Vec::new())) {
            Value::Array(items) => items.push(item),
            other => *other = Value::Array(vec![item]),
        }
    }

    fn finish(self) -> Value {
        Value::Object(self.members)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::validate::{Field, IntegerFormat, Object, Rules};

    fn octet_stream(body: axum::body::Body, content_type: Option<&str>) -> Request {
        let mut request = Request::post("/files");
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        request.body(body).expect("a request")
    }

    #[tokio::test]
    async fn binary_bodies_are_streamed_within_their_limit() {
        static OPTIONAL: BodySpec = BodySpec { required: false, contents: &[Content::binary("image/*")] };
        let stream =
            |body, content_type| decode(octet_stream(body, content_type), &OPTIONAL, Binaries::Stream(Some(4)));
        // Unread, with the request's media type and length.
        let decoded = stream(axum::body::Body::from("abc"), Some("image/png")).await.expect("within").expect("a body");
        let body = decoded.into_stream();
        assert_eq!((body.content_type(), body.len()), (Some("image/png"), Some(3)));
        assert_eq!(body.collect().await.expect("read").bytes, b"abc");
        // An announced length over the limit is refused before reading.
        let error = stream(axum::body::Body::from("abcde"), Some("image/png")).await.expect_err("over");
        assert_eq!(error.status, StatusCode::PAYLOAD_TOO_LARGE);
        // A body of unknown length goes over in the stream.
        let chunks = axum::body::Body::from_stream(ByteStream::from(b"abcdefgh".to_vec()));
        let decoded = stream(chunks, Some("image/png")).await.expect("unknown length").expect("a body");
        assert!(decoded.into_stream().collect().await.is_err(), "over the limit in the stream");
        // No bytes: no body; another media type: 415.
        assert!(stream(axum::body::Body::empty(), Some("image/png")).await.expect("absent").is_none());
        let error = stream(axum::body::Body::from("abc"), Some("text/plain")).await.expect_err("not an image");
        assert_eq!(error.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }

    #[test]
    fn media_types_match_exactly_or_by_range() {
        assert!(accepts("application/json", "application/json"));
        assert!(accepts("Application/JSON; charset=utf-8", "application/json"));
        assert!(accepts("image/*", "image/png"));
        assert!(accepts("*/*", "text/plain"));
        assert!(!accepts("application/json", "application/problem+json"));
        assert!(!accepts("image/*", "text/png"));
        assert_eq!(essence(" Text/Plain ; charset=x"), "text/plain");
    }

    static FORM: Schema = Schema::Object(&Object {
        fields: &[
            Field::new("n", &Schema::Integer(IntegerFormat::I32, &Rules::NONE)),
            Field::new("tags", &Schema::Array(&Schema::STRING, &Rules::NONE)),
            Field::new("on", &Schema::Boolean),
            Field::new("file", &Schema::Binary),
        ],
        additional: None,
        deny_unknown: false,
    });

    #[test]
    fn forms_are_typed_along_the_schema() {
        let mut form = FormBuilder::new(&FORM);
        for (name, text) in [("n", "3"), ("tags", "a"), ("tags", "b"), ("on", "true"), ("other", "x")] {
            form.text(name.to_owned(), text).expect("valid");
        }
        assert!(form.is_binary("file") && !form.is_binary("n"));
        form.placeholder("file".to_owned());
        assert_eq!(form.finish(), json!({"n": 3, "tags": ["a", "b"], "on": true, "other": "x", "file": ""}));
        let error = FormBuilder::new(&FORM).text("n".to_owned(), "three").expect_err("not an integer");
        assert_eq!((error.errors[0].field.as_str(), error.errors[0].rule), ("/n", "type"));
    }

    #[test]
    fn joined_form_fields_split_where_written_and_then_decode() {
        let form = |joined, body: &str| form_value(body.as_bytes(), &Content::form_styled("f", &FORM, joined));
        let csv = form(&[("tags", Style::Form)], "tags=a%2Cb,c+d&n=1").expect("valid");
        assert_eq!(csv, json!({"tags": ["a,b", "c d"], "n": 1}));
        let ssv = form(&[("tags", Style::SpaceDelimited)], "tags=big+dog%20cat").expect("valid");
        assert_eq!(ssv, json!({"tags": ["big dog", "cat"]}));
        let pipes = form(&[("tags", Style::PipeDelimited)], "tags=x%7Cy|z").expect("valid");
        assert_eq!(pipes, json!({"tags": ["x|y", "z"]}));
        // Not joined: one item per field, commas and all.
        assert_eq!(form(&[], "tags=a,b&tags=c").expect("valid"), json!({"tags": ["a,b", "c"]}));
        // Joined only where the schema has an array; an empty value is no items.
        let scalar = form(&[("n", Style::Form), ("tags", Style::Form)], "n=1&tags=").expect("valid");
        assert_eq!(scalar, json!({"n": 1}));
        let error = form(&[], "n=%FF").expect_err("not UTF-8");
        assert_eq!(error.errors[0].rule, "form");
    }

    #[test]
    fn integers_beyond_their_type_are_out_of_range_in_forms_and_json() {
        // Longer than a `u64` (a shorter one is coerced, and the validator judges its range).
        let error = FormBuilder::new(&FORM).text("n".to_owned(), "99999999999999999999").expect_err("out of range");
        assert_eq!((error.errors[0].field.as_str(), error.errors[0].rule), ("/n", "format"), "{error:?}");
        let message = &error.errors[0].message;
        assert!(message.contains("out of range for a 32-bit signed integer (int32)"), "{message}");
        // An integer too long even for a float is well-formed JSON, not malformed.
        let long = format!("{{\"n\": {}}}", "9".repeat(400));
        let json = Content::json("application/json", &FORM);
        let error = bytes_payload(Bytes::from(long), "application/json", &json).expect_err("too long");
        let message = &error.errors[0].message;
        assert!(message.contains("number out of range") && message.contains("int64"), "{message}");
        assert!(!message.contains("malformed"), "{message}");
        let error = bytes_payload(Bytes::from("{\"n\": "), "application/json", &json).expect_err("cut");
        assert!(error.errors[0].message.starts_with("malformed JSON"), "{error:?}");
    }

    #[test]
    fn a_json_body_that_is_no_model_names_the_member_at_fault() {
        #[derive(Debug, serde::Deserialize)]
        struct Small {
            n: u8,
        }
        let decoded = |text: &'static str| Decoded {
            content: 0,
            payload: Payload::Value(serde_json::from_str(text).expect("JSON")),
            files: Vec::new(),
            json: Some((Bytes::from(text), &Schema::Any)),
        };
        assert_eq!(decoded(r#"{"n": 3}"#).into_model::<Small>().expect("a model").n, 3);
        let error = decoded(r#"{"n": 300}"#).into_model::<Small>().expect_err("out of range");
        assert_eq!((error.errors[0].field.as_str(), error.errors[0].rule), ("/n", "type"), "{error:?}");
        // Without the text (a form), the path is followed from the start.
        let form = Decoded { json: None, ..decoded(r#"{"n": 300}"#) };
        assert_eq!(form.into_model::<Small>().expect_err("out of range").errors[0].field, "/n");
    }

    static STAMPED: Schema = Schema::Object(&Object {
        fields: &[
            Field::new("id", &Schema::I64).required().read_only(),
            Field::new("name", &Schema::String(&Rules::NONE.max_length(5))).required(),
            Field::new("tags", &Schema::Array(&Schema::STRING, &Rules::NONE)),
            Field::new("note", &Schema::STRING).nullable(),
            Field::new("extra", &Schema::Map(&Schema::I64, &Rules::NONE)),
        ],
        additional: None,
        deny_unknown: true,
    });

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Stamped {
        id: Option<i64>,
        name: String,
        tags: Option<Vec<String>>,
        note: Option<String>,
        extra: Option<std::collections::BTreeMap<String, u8>>,
    }

    /// A JSON body decoded and typed as a server does it, and as it did
    /// before JSON text was checked as it is (always through a value).
    async fn both_ways(text: &'static str) -> (Result<Stamped, HttpError>, Result<Stamped, HttpError>) {
        static SPEC: BodySpec = BodySpec { required: true, contents: &[Content::json("application/json", &STAMPED)] };
        let request = || Request::post("/").header(header::CONTENT_TYPE, "application/json").body(text.into());
        let now = decode(request().expect("a request"), &SPEC, Binaries::Read).await;
        let now = now.and_then(|decoded| decoded.expect("a body").into_model());
        // Typed as it is checked: the same model or the same errors.
        let typed = decode_model::<Stamped>(request().expect("a request"), &SPEC).await;
        let typed = typed.map(|model| model.expect("a body"));
        match (&typed, &now) {
            (Ok(typed), Ok(now)) => assert_eq!(typed, now, "{text}"),
            (Err(typed), Err(now)) => assert_eq!(
                (typed.status, &typed.message, &typed.errors, typed.omitted),
                (now.status, &now.message, &now.errors, now.omitted),
                "{text}"
            ),
            _ => panic!("{text}: {typed:?} against {now:?}"),
        }
        let before = checked_json(text.as_bytes(), &STAMPED).and_then(|value| {
            let json = Some((Bytes::from(text), &STAMPED));
            Decoded { content: 0, payload: Payload::Value(value), files: Vec::new(), json }.into_model()
        });
        (now, before)
    }

    #[tokio::test]
    async fn json_text_checked_as_it_is_decodes_as_through_a_value() {
        for text in [
            r#"{"name": "rex"}"#,
            r#"{"name": "rex", "tags": ["a"], "note": null, "extra": {"b": 2, "a": 1}}"#,
            // A readOnly member: dropped, so the value is built.
            r#"{"id": 7, "name": "rex"}"#,
            // A repeated member: the last one, as a value keeps it.
            r#"{"name": "max", "name": "rex"}"#,
            r#"{"name": "rex", "extra": {"a": 1, "a": 2}}"#,
            // Faults of the schema, then of the model only.
            r#"{"name": "toolong", "tags": [1], "other": true}"#,
            r#"{"tags": "a"}"#,
            r#"{"name": "rex", "extra": {"a": 300}}"#,
            r#"{"name": "rex""#,
            r#"[]"#,
        ] {
            let (now, before) = both_ways(text).await;
            match (now, before) {
                (Ok(now), Ok(before)) => assert_eq!(now, before, "{text}"),
                (Err(now), Err(before)) => {
                    let now = (now.status, now.message, now.errors, now.omitted);
                    assert_eq!(now, (before.status, before.message, before.errors, before.omitted), "{text}");
                }
                (now, before) => panic!("{text}: {now:?} against {before:?}"),
            }
        }
        let (now, _) = both_ways(r#"{"id": 7, "name": "rex", "extra": {"a": 1, "a": 2}}"#).await;
        assert_eq!(now.expect("valid").id, None, "readOnly members are dropped");
    }

    #[test]
    fn decoded_files_are_taken_by_name() {
        let mut decoded = Decoded {
            content: 0,
            payload: Payload::Value(json!({"file": ""})),
            files: vec![
                ("file".into(), Binary::new(vec![1])),
                ("many".into(), Binary::new(vec![2])),
                ("many".into(), Binary::new(vec![3])),
            ],
            json: None,
        };
        assert_eq!(decoded.take_files("many").len(), 2);
        assert_eq!(decoded.take_file("file").map(|f| f.bytes), Some(vec![1]));
        assert!(decoded.take_file("file").is_none());
    }
}
