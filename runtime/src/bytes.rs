//! Byte strings: `format: byte` (base64 inside JSON) and `format: binary`
//! (raw bytes: file uploads and octet streams).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes carried in JSON as a base64 string (`format: byte`).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        decode_base64(&text).map(Self).map_err(|e| serde::de::Error::custom(format!("invalid base64: {e}")))
    }
}

/// The bytes of a `format: byte` string: standard base64 with padding,
/// surrounding whitespace ignored. The validator's `byte` format is this.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    STANDARD.decode(text.trim())
}

/// Raw bytes (`format: binary`): a file part of a multipart body, or a
/// whole octet-stream body, with the file name and media type to send.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary {
    /// The content.
    pub bytes: Vec<u8>,
    /// File name for a multipart file part.
    pub file_name: Option<String>,
    /// Media type for a multipart file part; `application/octet-stream` when unset.
    pub content_type: Option<String>,
}

impl Binary {
    /// Bytes without a file name or media type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self { bytes: bytes.into(), file_name: None, content_type: None }
    }

    /// The same bytes with a file name.
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The same bytes with a media type.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// JSON has no bytes: inside a JSON document a binary value is its bytes
/// read as (lossy) UTF-8 text, which is what such specs mean in practice.
impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Self::new(text.into_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_through_json() {
        let value = Base64(vec![0, 1, 2, 250, 255]);
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, "\"AAEC+v8=\"");
        assert_eq!(serde_json::from_str::<Base64>(&json).unwrap(), value);
    }

    #[test]
    fn invalid_base64_is_an_error() {
        let err = serde_json::from_str::<Base64>("\"not base64!\"").unwrap_err();
        assert!(err.to_string().starts_with("invalid base64"), "{err}");
    }

    #[test]
    fn debug_shows_sizes_not_contents() {
        assert_eq!(format!("{:?}", Base64(vec![1, 2, 3])), "Base64(3 bytes)");
        let file = Binary::new(b"secret".to_vec()).with_file_name("a.png");
        assert_eq!(format!("{file:?}"), "Binary { len: 6, file_name: Some(\"a.png\"), content_type: None }");
    }
}
