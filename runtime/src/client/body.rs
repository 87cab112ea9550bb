//! Request bodies: JSON, `application/x-www-form-urlencoded`,
//! `multipart/form-data`, text and raw bytes, kept in a form that can be
//! sent again on a retry.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::error::InvalidRequest;
use super::params::{Style, delimiter, encode_component, scalar_text, to_json};
use crate::{Binary, ByteStream};

/// A body ready to send.
#[derive(Debug, Default)]
pub(crate) enum Body {
    /// No body.
    #[default]
    Empty,
    /// Encoded bytes with their media type.
    Bytes {
        /// `Content-Type`.
        content_type: String,
        /// The encoded body.
        bytes: Vec<u8>,
    },
    /// Parts of a `multipart/form-data` body; the boundary is chosen when sent.
    Multipart(Multipart),
    /// Bytes sent as they are read (a stream not in memory); `None` once sent.
    Stream {
        /// `Content-Type`.
        content_type: String,
        /// The body.
        stream: Option<ByteStream>,
    },
}

impl Body {
    /// Attach the body to a request about to be sent. A stream goes with
    /// the first request only.
    pub(crate) fn apply(
        &mut self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, InvalidRequest> {
        Ok(match self {
            Self::Empty => request,
            Self::Bytes { content_type, bytes } => {
                request.header(reqwest::header::CONTENT_TYPE, content_type.as_str()).body(bytes.clone())
            }
            Self::Multipart(form) => request.multipart(form.to_form()?),
            Self::Stream { content_type, stream } => {
                let request = request.header(reqwest::header::CONTENT_TYPE, content_type.as_str());
                // Taken by the first request: one with a stream is not sent
                // again (`replayable`).
                match stream.take() {
                    Some(stream) => {
                        let request = match stream.len() {
                            Some(len) => request.header(reqwest::header::CONTENT_LENGTH, len),
                            None => request,
                        };
                        request.body(reqwest::Body::wrap_stream(stream))
                    }
                    None => request,
                }
            }
        })
    }

    /// Whether the body can be sent again (a retry): all but a stream.
    pub(crate) fn replayable(&self) -> bool {
        !matches!(self, Self::Stream { .. })
    }
}

/// A body as `application/x-www-form-urlencoded`: the members of an
/// object as fields; arrays as repeated fields, or as one field of items
/// joined by their style's delimiter for the array fields `styled` lists
/// with `form`, `spaceDelimited` or `pipeDelimited` (each item encoded
/// apart, so a delimiter inside an item stays text); the fields it lists
/// as `deepObject` as [`deep_object_pairs`] writes them; other nested
/// objects as JSON text.
pub(crate) fn form_urlencoded<T: Serialize + ?Sized>(value: &T, styled: &[(&str, Style)]) -> Result<String, String> {
    let Value::Object(members) = to_json(value).map_err(|e| e.to_string())? else {
        return Err("a form body must be an object".to_owned());
    };
    let mut pairs = Vec::new();
    for (field, value) in &members {
        let name = form_component(field);
        let style = styled.iter().find(|(styled, _)| styled == field).map(|(_, style)| *style);
        match (value, style) {
            (Value::Null, _) => {}
            (_, Some(Style::DeepObject)) => deep_object_pairs(name, value, &mut pairs),
            (Value::Array(items), style) => {
                let items = items.iter().filter(|i| !i.is_null()).map(|i| form_component(&scalar_text(i)));
                match style {
                    Some(style) => {
                        // No items, no field: an empty value would read as one empty item.
                        let items: Vec<String> = items.collect();
                        if !items.is_empty() {
                            pairs.push(format!("{name}={}", items.join(delimiter(style))));
                        }
                    }
                    None => pairs.extend(items.map(|item| format!("{name}={item}"))),
                }
            }
            (other, _) => pairs.push(format!("{name}={}", form_component(&scalar_text(other)))),
        }
    }
    Ok(pairs.join("&"))
}

/// The `name[key]=value` pairs of a `deepObject` form field, as Rails,
/// PHP, `qs` and Stripe's clients write them: an object's members
/// `name[key]`, nested ones `name[key][sub]`, arrays' items by index
/// (`name[0]`, `name[0][price]`; nulls left out and the rest numbered in
/// order), a scalar `name=value` as it is. An empty object or array sends
/// nothing (a field that is absent); to send an empty value, send an empty
/// string (`name=`, which Stripe reads as clearing `metadata`).
///
/// Keys are percent-encoded, their own brackets included, while the
/// brackets that nest them are written as they are: servers that decode a
/// name before reading its brackets (Rack, PHP, Django's and Express's
/// parsers, Stripe) read either the same, and a server that reads the
/// brackets first, as this runtime's does, can tell a key's `]` from the
/// end of one. Query parameters in `deepObject` style are written alike.
fn deep_object_pairs(name: String, value: &Value, pairs: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (key, member) in members {
                deep_object_pairs(format!("{name}[{}]", form_component(key)), member, pairs);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().filter(|item| !item.is_null()).enumerate() {
                deep_object_pairs(format!("{name}[{index}]"), item, pairs);
            }
        }
        scalar => pairs.push(format!("{name}={}", form_component(&scalar_text(scalar)))),
    }
}

/// `text` encoded as a form value: percent-encoded, spaces as `+`.
fn form_component(text: &str) -> String {
    encode_component(text).replace("%20", "+")
}

/// A `multipart/form-data` body under construction: text parts and file
/// parts, in order.
#[derive(Clone, Default)]
pub struct Multipart {
    parts: Vec<(String, Part)>,
    error: Option<InvalidRequest>,
}

#[derive(Clone)]
enum Part {
    Text(String),
    Json(String),
    File(Binary),
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every member of an object as a text part (for bodies whose schema
    /// is not an object with known properties).
    pub fn from_fields<T: Serialize + ?Sized>(value: &T) -> Self {
        match to_json(value) {
            Ok(Value::Object(members)) => {
                members.iter().fold(Self::new(), |form, (name, value)| form.text(name, value))
            }
            Ok(_) => Self::new().fail("body", "a multipart body must be an object".to_owned()),
            Err(e) => Self::new().fail("body", e.to_string()),
        }
    }

    /// A text part: strings as they are, numbers and booleans as JSON
    /// writes them, objects as JSON (`application/json` parts), arrays as
    /// one part per item; nothing for null.
    pub fn text<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match to_json(value) {
            Ok(Value::Array(items)) => {
                for item in items.iter().filter(|i| !i.is_null()) {
                    self.push_value(name, item);
                }
                self
            }
            Ok(value) => {
                self.push_value(name, &value);
                self
            }
            Err(e) => self.fail(name, e.to_string()),
        }
    }

    /// A file part, named after the field when the file has no name.
    pub fn file(mut self, name: &str, file: &Binary) -> Self {
        self.parts.push((name.to_owned(), Part::File(file.clone())));
        self
    }

    /// A file part per file (for optional and repeated file fields).
    pub fn files<'a>(self, name: &str, files: impl IntoIterator<Item = &'a Binary>) -> Self {
        files.into_iter().fold(self, |form, file| form.file(name, file))
    }

    fn push_value(&mut self, name: &str, value: &Value) {
        let part = match value {
            Value::Null => return,
            Value::Object(_) | Value::Array(_) => Part::Json(value.to_string()),
            scalar => Part::Text(scalar_text(scalar)),
        };
        self.parts.push((name.to_owned(), part));
    }

    fn fail(mut self, name: &str, message: String) -> Self {
        self.error.get_or_insert(InvalidRequest::Serialize { what: format!("multipart field `{name}`"), message });
        self
    }

    /// The first error met while adding parts.
    pub(crate) fn error(&self) -> Option<&InvalidRequest> {
        self.error.as_ref()
    }

    fn to_form(&self) -> Result<reqwest::multipart::Form, InvalidRequest> {
        use reqwest::multipart::{Form, Part as ReqwestPart};
        let mut form = Form::new();
        for (name, part) in &self.parts {
            let part = match part {
                Part::Text(text) => ReqwestPart::text(text.clone()),
                Part::Json(json) => ReqwestPart::text(json.clone())
                    .mime_str("application/json")
                    .map_err(|e| self.part_error(name, e))?,
                Part::File(file) => {
                    let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream");
                    ReqwestPart::bytes(file.bytes.clone())
                        .file_name(file.file_name.clone().unwrap_or_else(|| name.clone()))
                        .mime_str(content_type)
                        .map_err(|e| self.part_error(name, e))?
                }
            };
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }

    fn part_error(&self, name: &str, error: reqwest::Error) -> InvalidRequest {
        InvalidRequest::Serialize { what: format!("multipart field `{name}`"), message: error.to_string() }
    }
}

/// `Debug` lists the parts by name and size, never their contents.
impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|(name, part)| match part {
                Part::Text(text) | Part::Json(text) => format!("{name}: {} bytes of text", text.len()),
                Part::File(file) => format!("{name}: file of {} bytes", file.bytes.len()),
            })
            .collect();
        f.debug_struct("Multipart").field("parts", &parts).finish()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn form_bodies_flatten_objects() {
        let body = json!({"name": "a b&c", "count": 2, "ok": true, "tags": ["x", "y"], "meta": {"k": 1}, "gone": null});
        assert_eq!(
            form_urlencoded(&body, &[]).unwrap(),
            "count=2&meta=%7B%22k%22%3A1%7D&name=a+b%26c&ok=true&tags=x&tags=y"
        );
        assert!(form_urlencoded(&json!([1, 2]), &[]).is_err());
    }

    #[test]
    fn joined_form_fields_keep_delimiters_inside_items() {
        let body = json!({"csv": ["a,b", "c"], "ssv": ["big dog", "cat"], "pipes": ["x|y", "z"], "multi": ["1,2"], "none": []});
        let joined = [
            ("csv", Style::Form),
            ("ssv", Style::SpaceDelimited),
            ("pipes", Style::PipeDelimited),
            ("none", Style::Form),
        ];
        assert_eq!(form_urlencoded(&body, &joined).unwrap(), "csv=a%2Cb,c&multi=1%2C2&pipes=x%7Cy|z&ssv=big+dog%20cat");
    }

    #[test]
    fn deep_object_form_fields_nest_keys_in_brackets() {
        let body = json!({
            "metadata": {"order id": "a&b=c", "note": "x+y z", "empty": "", "gone": null, "odd]key[": "1"},
            "items": [{"price": "p_1", "quantity": 2, "tax": ["t1", "t2"]}, null, {"price": "p_2", "meta": {"k": true}}],
            "expand": ["customer", "invoice"],
            "clear": "",
            "none": {},
            "nothing": [],
            "flat": {"k": 1},
        });
        let styled = ["metadata", "items", "expand", "clear", "none", "nothing"].map(|name| (name, Style::DeepObject));
        let pairs = form_urlencoded(&body, &styled).unwrap();
        assert_eq!(
            pairs.split('&').collect::<Vec<_>>(),
            [
                "clear=",
                "expand[0]=customer",
                "expand[1]=invoice",
                "flat=%7B%22k%22%3A1%7D",
                "items[0][price]=p_1",
                "items[0][quantity]=2",
                "items[0][tax][0]=t1",
                "items[0][tax][1]=t2",
                "items[1][meta][k]=true",
                "items[1][price]=p_2",
                "metadata[empty]=",
                "metadata[note]=x%2By+z",
                "metadata[odd%5Dkey%5B]=1",
                "metadata[order+id]=a%26b%3Dc",
            ],
            "nulls, empty objects and empty arrays send nothing; a field not listed stays JSON text"
        );
    }

    #[test]
    fn multipart_parts_in_order() {
        let file = Binary::new(b"PNG".to_vec()).with_file_name("a.png").with_content_type("image/png");
        let form = Multipart::new()
            .file("image", &file)
            .text("name", &Some("badge"))
            .text("missing", &None::<String>)
            .text("tags", &["a", "b"])
            .text("meta", &json!({"k": 1}))
            .files("extra", None::<&Binary>);
        assert_eq!(
            format!("{form:?}"),
            "Multipart { parts: [\"image: file of 3 bytes\", \"name: 5 bytes of text\", \"tags: 1 bytes of text\", \
             \"tags: 1 bytes of text\", \"meta: 7 bytes of text\"] }"
        );
        assert!(form.error().is_none());
        assert!(form.to_form().is_ok());
    }

    #[test]
    fn non_objects_are_not_multipart_bodies() {
        let form = Multipart::from_fields(&42);
        assert!(matches!(form.error(), Some(InvalidRequest::Serialize { .. })));
        let form = Multipart::from_fields(&json!({"a": 1, "b": "two"}));
        assert_eq!(format!("{form:?}"), "Multipart { parts: [\"a: 1 bytes of text\", \"b: 3 bytes of text\"] }");
    }

    #[test]
    fn invalid_file_media_types_are_errors() {
        let file = Binary::new(b"x".to_vec()).with_content_type("not a media type\n");
        assert!(Multipart::new().file("f", &file).to_form().is_err());
    }
}
