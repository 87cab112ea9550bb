//! Path, query, header and cookie parameters: read from the request in
//! the parameter's style, coerced to JSON along its schema, validated,
//! and deserialized into the parameter's Rust type.
//!
//! Values are split into items on their delimiters as the request wrote
//! them, and only then percent-decoded, item by item: an escaped delimiter
//! (`%2C` in a `form` or `simple` array, `%7C` in a `pipeDelimited` one,
//! `%2E` in an exploded `label` one) stays inside its item. In a query `+`
//! is a space (so a `spaceDelimited` item holds a space as `+`, its items
//! being delimited by `%20`); in a path or a cookie it is itself. Header
//! values are not decoded: they have no escapes, and every comma delimits.

use std::borrow::Cow;
use std::ops::Range;

use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::{HttpError, Place};
use super::path::RawPath;
use crate::validate::{Direction, IntegerFormat, Schema, accepts_str, check, not_listed, out_of_range};

/// Where a parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// OpenAPI parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`.
    Form,
    /// `simple`.
    Simple,
    /// `label`.
    Label,
    /// `matrix`.
    Matrix,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
}

/// A parameter of an operation.
#[derive(Debug)]
pub struct Param {
    /// Its name on the wire (also its name in the router's path template).
    pub name: &'static str,
    /// Where it is.
    pub location: Location,
    /// How it is serialized.
    pub style: Style,
    /// `explode`.
    pub explode: bool,
    /// Its schema, with its rules.
    pub schema: &'static Schema<'static>,
    /// Whether its value is JSON text (a parameter declared with
    /// `content: application/json`): parsed as JSON, then validated;
    /// `style` and `explode` are then unused.
    pub json: bool,
}

impl Param {
    /// A path parameter in the default `simple` style.
    pub const fn path(name: &'static str, schema: &'static Schema<'static>) -> Self {
        Self { name, location: Location::Path, style: Style::Simple, explode: false, schema, json: false }
    }

    /// A query parameter in the default exploded `form` style.
    pub const fn query(name: &'static str, schema: &'static Schema<'static>) -> Self {
        Self { name, location: Location::Query, style: Style::Form, explode: true, schema, json: false }
    }

    /// A header in the default `simple` style.
    pub const fn header(name: &'static str, schema: &'static Schema<'static>) -> Self {
        Self { name, location: Location::Header, style: Style::Simple, explode: false, schema, json: false }
    }

    /// A cookie in the default exploded `form` style.
    pub const fn cookie(name: &'static str, schema: &'static Schema<'static>) -> Self {
        Self { name, location: Location::Cookie, style: Style::Form, explode: true, schema, json: false }
    }

    /// With another style.
    pub const fn style(self, style: Style, explode: bool) -> Self {
        Self { style, explode, ..self }
    }

    /// Its value as JSON text (declared with `content: application/json`).
    pub const fn json(self) -> Self {
        Self { json: true, ..self }
    }

    fn place(&self) -> Place {
        match self.location {
            Location::Path => Place::Path,
            Location::Query => Place::Query,
            Location::Header => Place::Header,
            Location::Cookie => Place::Cookie,
        }
    }

    fn error(&self, rule: &'static str, message: impl Into<String>) -> HttpError {
        HttpError::field(self.place(), self.name, rule, message)
    }
}

/// The path and query parameters of a request (cookies are split out of
/// their header only when one is read), as raw text: names decoded, values still
/// percent-encoded, so that a delimiter written as an escape (`%2C` in a
/// `form` array) stays inside its item. Values are decoded item by item,
/// after splitting (see [`decode`]).
#[derive(Debug, Default)]
pub(crate) struct RawParams {
    pub(crate) path: RawPath,
    pub(crate) query: RawQuery,
}

/// A query string as sent, split into its name/value pairs once, each
/// name decoded (`+` a space) once: copied only if it has escapes.
#[derive(Debug, Default)]
pub(crate) struct RawQuery {
    text: String,
    /// Each pair's name and value, as ranges of `text`.
    pairs: Vec<(Range<usize>, Range<usize>)>,
    /// The names that have escapes, decoded, by the index of their pair
    /// (none for most queries).
    decoded: Vec<(usize, String)>,
}

impl RawQuery {
    /// The pairs of `query`, split in one pass over its bytes.
    pub(crate) fn new(query: Option<&str>) -> Self {
        let text = query.unwrap_or_default();
        let bytes = text.as_bytes();
        let mut pairs = Vec::new();
        let mut decoded = Vec::new();
        // The current pair's start, the end of its name once an `=` is
        // seen, and whether its name has anything to decode.
        let (mut start, mut name_end, mut escaped) = (0, None, false);
        for at in 0..=bytes.len() {
            match bytes.get(at).copied().unwrap_or(b'&') {
                b'&' => {
                    if at > start {
                        let name_end = name_end.unwrap_or(at);
                        if escaped {
                            decoded.push((pairs.len(), decode(&text[start..name_end], true).into_owned()));
                        }
                        pairs.push((start..name_end, (name_end + 1).min(at)..at));
                    }
                    (start, name_end, escaped) = (at + 1, None, false);
                }
                b'=' if name_end.is_none() => name_end = Some(at),
                b'%' | b'+' if name_end.is_none() => escaped = true,
                _ => {}
            }
        }
        Self { text: text.to_owned(), pairs, decoded }
    }

    /// Each pair in order: its name decoded, its value as sent.
    pub(crate) fn pairs(&self) -> impl DoubleEndedIterator<Item = (&str, &str)> {
        self.pairs.iter().enumerate().map(|(at, (name, value))| {
            let name = match self.decoded.iter().find(|(index, _)| *index == at) {
                Some((_, decoded)) => decoded.as_str(),
                None => &self.text[name.clone()],
            };
            (name, &self.text[value.clone()])
        })
    }

    /// The value of the last pair named `name`, as sent.
    pub(crate) fn last(&self, name: &str) -> Option<&str> {
        self.pairs().rev().find(|(key, _)| *key == name).map(|(_, value)| value)
    }
}

/// The name/value pairs of a query string, percent- and `+`-decoded.
pub(crate) fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let query = RawQuery::new(query);
    query.pairs().map(|(name, value)| (name.to_owned(), decode(value, true).into_owned())).collect()
}

/// The name/value pairs of every `Cookie` header, values as sent (still
/// percent-encoded: see [`decode`]), without the double quotes RFC 6265
/// allows around a value.
pub(crate) fn cookies(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (decode(name.trim(), false).into_owned(), value.trim().trim_matches('"').to_owned()))
        .collect()
}

/// `text` with its `%XX` escapes decoded (and `+` as a space when
/// `plus_is_space`: in a query string, never in a path or a cookie); a `%`
/// not followed by two hex digits stays as it is, and bytes that are no
/// UTF-8 become U+FFFD.
pub(crate) fn decode(text: &str, plus_is_space: bool) -> Cow<'_, str> {
    if !text.bytes().any(|b| b == b'%' || plus_is_space && b == b'+') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) if hex.is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Text already decoded, as raw text [`decode`] gives back unchanged.
pub(crate) fn escape_percent(text: &str) -> String {
    text.replace('%', "%25")
}

/// Read, check and type a parameter; `None` when the request lacks it.
/// The short way ([`quick`]) when it applies, else the full reading.
pub(crate) fn read<T: DeserializeOwned>(
    raw: &RawParams,
    headers: &HeaderMap,
    param: &Param,
) -> Result<Option<T>, HttpError> {
    let value = match quick(raw, param) {
        Ok(value) => value,
        Err(()) => checked(raw, headers, param)?,
    };
    typed(param, value)
}

/// Read and check a parameter (see [`read`]), without typing it: its value
/// as JSON, coerced along its schema.
pub(crate) fn checked(raw: &RawParams, headers: &HeaderMap, param: &Param) -> Result<Option<Value>, HttpError> {
    let Some(mut value) = raw_value(raw, headers, param)? else { return Ok(None) };
    let found = check(&mut value, param.schema, Direction::Request, param.place(), param.name);
    if found.is_empty() { Ok(Some(value)) } else { Err(found.into()) }
}

/// A parameter read the short way, as [`checked`] would read it: a path
/// or query parameter in its default style holding one scalar (most
/// parameters), valid as sent: its value, `None` when absent. `Err` when
/// the short way does not apply or the value is not valid: [`checked`]
/// then reads it, and says why.
pub(crate) fn quick(raw: &RawParams, param: &Param) -> Result<Option<Value>, ()> {
    let schema = param.schema.inner();
    let scalar = matches!(
        schema,
        Schema::Boolean
            | Schema::Integer(..)
            | Schema::Number(_)
            | Schema::String(_)
            | Schema::StringEnum(_)
            | Schema::IntegerEnum(_)
    );
    if param.json || !scalar {
        return Err(());
    }
    let text = match (param.location, param.style) {
        (Location::Path, Style::Simple) => raw.path.decoded(param.name),
        (Location::Query, Style::Form) => raw.query.last(param.name).map(|text| decode(text, true)),
        _ => return Err(()),
    };
    let Some(text) = text else { return Ok(None) };
    // A string is judged as text, before it is copied: no value to walk.
    if matches!(schema, Schema::String(_) | Schema::StringEnum(_)) {
        return if accepts_str(&text, param.schema) { Ok(Some(Value::String(text.into_owned()))) } else { Err(()) };
    }
    let mut value = coerce_text(&text, schema).map_err(drop)?;
    if check(&mut value, param.schema, Direction::Request, param.place(), param.name).is_empty() {
        Ok(Some(value))
    } else {
        Err(())
    }
}

/// A checked parameter value (see [`checked`]) as a `T`.
pub(crate) fn typed<T: DeserializeOwned>(param: &Param, value: Option<Value>) -> Result<Option<T>, HttpError> {
    value.map(|value| serde_json::from_value(value).map_err(|e| param.error("type", e.to_string()))).transpose()
}

/// The parameter as JSON, coerced along its schema.
fn raw_value(raw: &RawParams, headers: &HeaderMap, param: &Param) -> Result<Option<Value>, HttpError> {
    let schema = param.schema.inner();
    // Header values carry text as it is: nothing to decode.
    let plus_is_space = param.location == Location::Query;
    let text = match param.location {
        Location::Path => raw.path.get(param.name).map(Cow::Borrowed),
        // The `Cookie` header is split only for an operation that reads a cookie.
        Location::Cookie if param.json => find(&cookies(headers), param.name).map(|text| Cow::Owned(text.to_owned())),
        Location::Cookie => return cookie_value(&cookies(headers), param, schema),
        Location::Query if param.json => query_last(&raw.query, param.name).map(Cow::Borrowed),
        Location::Header => {
            let values: Vec<&str> = headers.get_all(param.name).iter().filter_map(|v| v.to_str().ok()).collect();
            if values.len() < headers.get_all(param.name).iter().count() {
                return Err(param.error("type", "is not visible ASCII text"));
            }
            // Several header lines are one comma-separated list (RFC 9110).
            (!values.is_empty())
                .then(|| Cow::Owned(values.iter().map(|v| escape_percent(v)).collect::<Vec<_>>().join(",")))
        }
        Location::Query => return query_value(&raw.query, param, schema),
    };
    let Some(text) = text else { return Ok(None) };
    if param.json {
        return json_value(&decode(&text, plus_is_space), param).map(Some);
    }
    let text = match (param.location, param.style) {
        (Location::Path, Style::Label) => Cow::Borrowed(text.strip_prefix('.').unwrap_or(&text)),
        (Location::Path, Style::Matrix) => Cow::Owned(matrix_value(&text, param.name)),
        _ => Cow::Borrowed(text.as_ref()),
    };
    let separator = match param.style {
        Style::Label if param.explode => ".",
        Style::Matrix if param.explode => ";",
        _ => ",",
    };
    coerce_delimited(&text, separator, param, schema).map(Some)
}

fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn query_last<'a>(query: &'a RawQuery, name: &str) -> Option<&'a str> {
    query.last(name)
}

/// A cookie's value: an exploded `form` array is one cookie per item
/// (`id=1; id=2`), anything else the first cookie of the name.
fn cookie_value(
    cookies: &[(String, String)],
    param: &Param,
    schema: &Schema<'static>,
) -> Result<Option<Value>, HttpError> {
    if let (Schema::Array(items, _), true) = (schema, param.explode) {
        let values: Vec<&str> = cookies.iter().filter(|(k, _)| k == param.name).map(|(_, v)| v.as_str()).collect();
        if values.len() > 1 {
            let items = values.iter().map(|v| coerce(&decode(v, false), items, param));
            return items.collect::<Result<Vec<_>, _>>().map(|a| Some(Value::Array(a)));
        }
    }
    let Some(text) = find(cookies, param.name) else { return Ok(None) };
    coerce_delimited(text, ",", param, schema).map(Some)
}

/// A JSON-encoded parameter's value (decoded text).
fn json_value(text: &str, param: &Param) -> Result<Value, HttpError> {
    serde_json::from_str(text).map_err(|error| param.error("type", format!("expected JSON text: {error}")))
}

/// `;name=a,b` or `;name=a;name=b` to `a,b` or `a;b`.
fn matrix_value(text: &str, name: &str) -> String {
    let prefix = format!("{name}=");
    let parts: Vec<&str> =
        text.split(';').filter(|p| !p.is_empty()).map(|p| p.strip_prefix(prefix.as_str()).unwrap_or(p)).collect();
    parts.join(";")
}

fn query_value(query: &RawQuery, param: &Param, schema: &Schema<'static>) -> Result<Option<Value>, HttpError> {
    match schema {
        Schema::Array(items, _) if param.style == Style::Form && param.explode => {
            let values: Vec<&str> = query.pairs().filter(|(k, _)| *k == param.name).map(|(_, v)| v).collect();
            if values.is_empty() {
                return Ok(None);
            }
            let items = values.iter().map(|v| coerce(&decode(v, true), items, param));
            items.collect::<Result<Vec<_>, _>>().map(|a| Some(Value::Array(a)))
        }
        Schema::Object(object) if param.style == Style::DeepObject || (param.style == Style::Form && param.explode) => {
            let mut members = Map::new();
            for (key, value) in query.pairs() {
                let name = match param.style {
                    Style::DeepObject => {
                        key.strip_prefix(param.name).and_then(|k| k.strip_prefix('[')?.strip_suffix(']'))
                    }
                    _ => Some(key),
                };
                let Some(name) = name else { continue };
                let value = decode(value, true).into_owned();
                if let Some(field) = object.fields.iter().find(|f| f.name == name) {
                    members.insert(name.to_owned(), coerce(&value, field.schema.inner(), param)?);
                } else if param.style == Style::DeepObject {
                    members.insert(name.to_owned(), Value::String(value));
                }
            }
            Ok((!members.is_empty()).then_some(Value::Object(members)))
        }
        _ => {
            let Some(text) = query.last(param.name) else { return Ok(None) };
            coerce_delimited(text, delimiter(param.style), param, schema).map(Some)
        }
    }
}

/// What joins the items of an array in `style`, as written on the wire:
/// the space OpenAPI writes as `%20` (a `+` is a space inside an item),
/// `|`, else `,`. Parameters and form bodies alike.
pub(crate) fn delimiter(style: Style) -> &'static str {
    match style {
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "|",
        _ => ",",
    }
}

/// A delimited raw text: split into items on the delimiter as written, then
/// each item decoded, for an array (an escaped delimiter, `%2C`, is part of
/// its item); decoded and coerced otherwise.
fn coerce_delimited(text: &str, separator: &str, param: &Param, schema: &Schema<'static>) -> Result<Value, HttpError> {
    let plus_is_space = param.location == Location::Query;
    match schema {
        Schema::Array(items, _) => {
            if text.is_empty() {
                return Ok(Value::Array(Vec::new()));
            }
            let split: Vec<&str> =
                if separator == "%20" { split_encoded_space(text) } else { text.split(separator).collect() };
            split
                .into_iter()
                .map(|item| coerce(&decode(item, plus_is_space), items, param))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        _ => coerce(&decode(text, plus_is_space), schema, param),
    }
}

/// A `spaceDelimited` text split on `%20` and on a bare space.
fn split_encoded_space(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if bytes[i] == b' ' {
            parts.push(&text[start..i]);
            i += 1;
            start = i;
        } else if bytes[i] == b'%' && bytes.get(i + 1..i + 3) == Some(b"20") {
            parts.push(&text[start..i]);
            i += 3;
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// One textual value as the JSON its schema expects; text that cannot be
/// that type is a 400 naming the parameter.
fn coerce(text: &str, schema: &Schema<'static>, param: &Param) -> Result<Value, HttpError> {
    coerce_text(text, schema).map_err(|mismatch| param.error(mismatch.rule(), mismatch.message(text)))
}

/// Why a text is not a value of its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mismatch {
    /// It is not of the schema's type: what was expected instead.
    Expected(&'static str),
    /// An integer beyond what the format holds (longer than a `u64`; a
    /// shorter one is coerced, and the validator checks its range).
    OutOfRange(IntegerFormat),
    /// An integer too long to be any of an enum's values.
    NotListed(&'static [i64]),
}

impl Mismatch {
    /// The rule broken, as a [`FieldError`](super::FieldError) names it.
    pub(crate) fn rule(self) -> &'static str {
        match self {
            Self::Expected(_) => "type",
            Self::OutOfRange(_) => "format",
            Self::NotListed(_) => "enum",
        }
    }

    /// What is wrong with `text`.
    pub(crate) fn message(self, text: &str) -> String {
        match self {
            Self::Expected(expected) => format!("expected {expected}, found `{text}`"),
            Self::OutOfRange(format) => out_of_range(format),
            Self::NotListed(allowed) => not_listed(format_args!("`{text}`"), allowed),
        }
    }
}

/// An integer as text: an optional sign and decimal digits.
fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// An integer's text as a JSON number; `beyond` when it is one but too
/// long even for a `u64`.
fn coerce_integer(text: &str, beyond: Mismatch) -> Result<Value, Mismatch> {
    if let Ok(number) = text.parse::<i64>() {
        return Ok(Value::from(number));
    }
    if let Ok(number) = text.parse::<u64>() {
        return Ok(Value::from(number));
    }
    Err(if is_integer(text) { beyond } else { Mismatch::Expected("an integer") })
}

/// Coerce text along a schema; the error says why it cannot be.
pub(crate) fn coerce_text(text: &str, schema: &Schema<'static>) -> Result<Value, Mismatch> {
    match schema {
        Schema::Nullable(inner) | Schema::Ref(inner) | Schema::Constrained(inner, _) => coerce_text(text, inner),
        Schema::Late(late) => coerce_text(text, late.get().unwrap_or(&Schema::Any)),
        Schema::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(Mismatch::Expected("`true` or `false`")),
        },
        Schema::Integer(format, _) => coerce_integer(text, Mismatch::OutOfRange(*format)),
        Schema::IntegerEnum(allowed) => coerce_integer(text, Mismatch::NotListed(allowed)),
        Schema::Number(_) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or(Mismatch::Expected("a number")),
        Schema::Any => Ok(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))),
        Schema::Array(..) | Schema::Map(..) | Schema::JsonObject | Schema::Object(_) => {
            serde_json::from_str(text).map_err(|_| Mismatch::Expected("a JSON value"))
        }
        Schema::Union(union) => union
            .variants
            .iter()
            .find_map(|variant| {
                let mut value = coerce_text(text, variant).ok()?;
                check(&mut value, variant, Direction::Request, Place::Body, "").is_empty().then_some(value)
            })
            .ok_or(Mismatch::Expected("a value of one of the alternatives")),
        Schema::String(_) | Schema::StringEnum(_) | Schema::Binary => Ok(Value::String(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;
    use crate::validate::{IntegerFormat, Rules};

    static PAGE: Param = Param {
        name: "page",
        location: Location::Query,
        style: Style::Form,
        explode: true,
        schema: &Schema::Integer(IntegerFormat::I64, &Rules { minimum: Some(1.0), ..Rules::NONE }),
        json: false,
    };
    static IDS: Param = Param {
        name: "ids",
        location: Location::Query,
        style: Style::Form,
        explode: true,
        schema: &Schema::Array(&Schema::I64, &Rules { max_items: Some(2), ..Rules::NONE }),
        json: false,
    };
    static TAGS: Param = Param {
        name: "tags",
        location: Location::Path,
        style: Style::Simple,
        explode: false,
        schema: &Schema::Array(&Schema::STRING, &Rules::NONE),
        json: false,
    };
    static FLAG: Param = Param {
        name: "X-Flag",
        location: Location::Header,
        style: Style::Simple,
        explode: false,
        schema: &Schema::Boolean,
        json: false,
    };
    static COLOR: Param = Param {
        name: "color",
        location: Location::Cookie,
        style: Style::Form,
        explode: true,
        schema: &Schema::StringEnum(&["red", "green"]),
        json: false,
    };

    fn raw(query: &str) -> RawParams {
        RawParams { query: RawQuery::new(Some(query)), ..RawParams::default() }
    }

    #[test]
    fn the_short_way_reads_what_the_full_reading_reads() {
        use crate::validate::{IntegerFormat, Rules};
        static NAME: Schema = Schema::String(&Rules { max_length: Some(4), pattern: Some("^[a-z ]+$"), ..Rules::NONE });
        static SIZE: Schema = Schema::Integer(IntegerFormat::I32, &Rules { minimum: Some(1.0), ..Rules::NONE });
        static MAYBE: Schema = Schema::Nullable(&Schema::Boolean);
        // Strings are judged as text: each rule, under each wrapper.
        static SHORT: Schema = Schema::Constrained(
            &Schema::Nullable(&Schema::String(&Rules { max_length: Some(3), ..Rules::NONE })),
            &Rules { min_length: Some(2), ..Rules::NONE },
        );
        static DAY: Schema = Schema::Ref(&Schema::DATE);
        static PARAMS: [Param; 11] = [
            Param::query("name", &NAME),
            Param::query("size", &SIZE),
            Param::query("on", &MAYBE),
            Param::query("ratio", &Schema::NUMBER),
            Param::query("color", &Schema::StringEnum(&["red", "green"])),
            Param::query("code", &Schema::IntegerEnum(&[1, 2])),
            Param::query("short", &SHORT),
            Param::query("day", &DAY),
            Param::path("id", &NAME),
            Param::path("label", &NAME).style(Style::Label, false),
            Param::path("day", &DAY),
        ];
        let texts = [
            "",
            "a",
            "a+b",
            "a%20b",
            "toolong",
            "A",
            "0",
            "1",
            "-3",
            "99999999999",
            "2.5",
            "x",
            "true",
            "%C3%A9%C3%A9",
            "%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9",
            "%FF",
            "red",
            "gr%65en",
            "2026-11-28",
            "2026-13-28",
            "2026%2D11-28",
        ];
        for text in texts {
            let query: String = PARAMS.iter().map(|p| format!("{}={text}&", p.name)).collect();
            let raw = RawParams {
                query: RawQuery::new(Some(&query)),
                path: vec![
                    ("id".into(), text.into()),
                    ("label".into(), format!(".{text}")),
                    ("day".into(), text.into()),
                ]
                .into(),
            };
            for param in &PARAMS {
                let full = checked(&raw, &HeaderMap::new(), param);
                match quick(&raw, param) {
                    Ok(value) => assert_eq!(full, Ok(value), "{} = {text}", param.name),
                    Err(()) => {
                        let applies = param.style != Style::Label;
                        assert!(!applies || full.is_err(), "{} = {text}: {full:?}", param.name);
                    }
                }
            }
        }
        let absent = RawParams::default();
        assert_eq!(quick(&absent, &PARAMS[0]), Ok(None));
        assert_eq!(quick(&absent, &PARAMS[9]), Err(()), "another style: the full reading");
        // Decoded before it is judged: `é` is one character, `%65` an `e`.
        let raw = raw("short=%C3%A9%C3%A9&color=gr%65en&name=a+b");
        assert_eq!(quick(&raw, &PARAMS[6]), Ok(Some(Value::String("éé".into()))));
        assert_eq!(quick(&raw, &PARAMS[4]), Ok(Some(Value::String("green".into()))));
        assert_eq!(quick(&raw, &PARAMS[0]), Ok(Some(Value::String("a b".into()))));
    }

    #[test]
    fn query_pairs_decode_names_and_keep_values_as_sent() {
        let query = RawQuery::new(Some("a=1&&b&=x&c%20d+e=%2C&f="));
        let pairs: Vec<(String, &str)> = query.pairs().map(|(name, value)| (name.to_owned(), value)).collect();
        let expected = [("a", "1"), ("b", ""), ("", "x"), ("c d e", "%2C"), ("f", "")];
        assert_eq!(pairs, expected.map(|(name, value)| (name.to_owned(), value)));
        assert_eq!(RawQuery::new(None).pairs().count(), 0);
        assert_eq!(query_pairs(Some("x=a+b%2C")), [("x".to_owned(), "a b,".to_owned())]);
        // Only a name's escapes are decoded; a value's `=` is its own.
        let query = RawQuery::new(Some("k=v=w+%41&n%41+=1&k=2"));
        let pairs: Vec<(&str, &str)> = query.pairs().collect();
        assert_eq!(pairs, [("k", "v=w+%41"), ("nA ", "1"), ("k", "2")]);
        assert_eq!((query.last("k"), query.last("nA "), query.last("n")), (Some("2"), Some("1"), None));
    }

    #[test]
    fn query_parameters_are_typed_and_checked() {
        let headers = HeaderMap::new();
        assert_eq!(read::<i64>(&raw("page=3"), &headers, &PAGE), Ok(Some(3)));
        assert_eq!(read::<i64>(&raw("other=3"), &headers, &PAGE), Ok(None));
        let error = read::<i64>(&raw("page=x"), &headers, &PAGE).expect_err("not a number");
        assert_eq!((error.errors[0].field.as_str(), error.errors[0].rule), ("page", "type"));
        let error = read::<i64>(&raw("page=0"), &headers, &PAGE).expect_err("below minimum");
        assert_eq!((error.errors[0].field.as_str(), error.errors[0].rule), ("page", "minimum"));
        assert_eq!(read::<Vec<i64>>(&raw("ids=1&ids=2"), &headers, &IDS), Ok(Some(vec![1, 2])));
        let error = read::<Vec<i64>>(&raw("ids=1&ids=2&ids=3"), &headers, &IDS).expect_err("too many");
        assert_eq!(error.errors[0].rule, "maxItems");
    }

    static ID: Param = Param::path("id", &Schema::I64);
    static LIMIT: Param = Param::header("X-Limit", &Schema::I32);
    static LEVEL: Param = Param::query("level", &Schema::IntegerEnum(&[1, 2]));

    /// The (field, rule, message) of the single error of a refused parameter.
    fn refusal<T: std::fmt::Debug>(result: Result<Option<T>, HttpError>) -> (String, &'static str, String) {
        let error = result.expect_err("refused");
        assert_eq!(error.errors.len(), 1, "{error:?}");
        let error = &error.errors[0];
        (error.field.clone(), error.rule, error.message.clone())
    }

    #[test]
    fn integers_beyond_their_type_are_out_of_range_in_every_location() {
        let int64 = "out of range for a 64-bit signed integer (int64";
        let headers = HeaderMap::new();
        for text in ["99999999999999999999", "-99999999999999999999", "9223372036854775808", "+18446744073709551616"] {
            let query = format!("page={}", text.replace('+', "%2B"));
            let (field, rule, message) = refusal(read::<i64>(&raw(&query), &headers, &PAGE));
            assert_eq!((field.as_str(), rule), ("page", "format"), "{text}: {message}");
            assert!(message.contains(int64) && !message.contains("expected"), "{text}: {message}");
            let path = RawParams { path: vec![("id".into(), text.into())].into(), ..RawParams::default() };
            let (field, rule, message) = refusal(read::<i64>(&path, &headers, &ID));
            assert_eq!((field.as_str(), rule), ("id", "format"), "{text}: {message}");
            assert!(message.contains(int64), "{text}: {message}");
        }
        // In an exploded array, item by item.
        let (field, rule, message) = refusal(read::<Vec<i64>>(&raw("ids=1&ids=99999999999999999999"), &headers, &IDS));
        assert_eq!((field.as_str(), rule), ("ids", "format"), "{message}");
        assert!(message.contains(int64), "{message}");
        // A header of format int32 names int32's range.
        let mut headers = HeaderMap::new();
        for text in ["2147483648", "99999999999999999999"] {
            headers.insert("x-limit", HeaderValue::from_str(text).expect("ASCII"));
            let (field, rule, message) = refusal(read::<i32>(&RawParams::default(), &headers, &LIMIT));
            assert_eq!((field.as_str(), rule), ("X-Limit", "format"), "{text}: {message}");
            assert!(message.contains("out of range for a 32-bit signed integer (int32)"), "{text}: {message}");
        }
        // An integer enum: none of the values.
        let (_, rule, message) = refusal(read::<i64>(&raw("level=99999999999999999999"), &headers, &LEVEL));
        assert_eq!(rule, "enum", "{message}");
        assert!(message.ends_with("is not one of `1`, `2`"), "{message}");
        // Text that is no integer at all still says so.
        for text in ["12a", "1.5", "", "-", "1e3"] {
            let (_, rule, message) = refusal(read::<i64>(&raw(&format!("page={text}")), &headers, &PAGE));
            assert_eq!(rule, "type", "{text}: {message}");
            assert!(message.starts_with("expected an integer"), "{text}: {message}");
        }
        assert_eq!(read::<i64>(&raw("page=9223372036854775807"), &headers, &PAGE), Ok(Some(i64::MAX)));
    }

    static FILTER: Param = Param::query("filter", &Schema::JsonObject).json();
    static ORG: Param = Param::path("org", &Schema::STRING).json();
    static LIMITS: Param = Param::cookie("limits", &Schema::Array(&Schema::I64, &Rules::NONE)).json();

    #[test]
    fn json_encoded_parameters_are_parsed_then_checked() {
        let headers = HeaderMap::new();
        let query = raw("filter=%7B%22a%22%3A1%7D");
        assert_eq!(read::<Value>(&query, &headers, &FILTER), Ok(Some(serde_json::json!({"a": 1}))));
        let (field, rule, message) = refusal(read::<Value>(&raw("filter=%7Bnope"), &headers, &FILTER));
        assert_eq!((field.as_str(), rule), ("filter", "type"), "{message}");
        assert!(message.starts_with("expected JSON text"), "{message}");
        // A JSON string in the path: quoted, and its schema still applies.
        let path = RawParams { path: vec![("org".into(), "\"acme\"".into())].into(), ..RawParams::default() };
        assert_eq!(read::<String>(&path, &headers, &ORG), Ok(Some("acme".into())));
        let path = RawParams { path: vec![("org".into(), "42".into())].into(), ..RawParams::default() };
        assert_eq!(refusal(read::<String>(&path, &headers, &ORG)).1, "type");
        // A cookie, percent-encoded as clients send it.
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("limits=%5B1%2C2%5D"));
        assert_eq!(read::<Vec<i64>>(&RawParams::default(), &headers, &LIMITS), Ok(Some(vec![1, 2])));
    }

    #[test]
    fn path_header_and_cookie_parameters() {
        let mut headers = HeaderMap::new();
        let path = RawParams { path: vec![("tags".into(), "a,b".into())].into(), ..RawParams::default() };
        assert_eq!(read::<Vec<String>>(&path, &headers, &TAGS), Ok(Some(vec!["a".into(), "b".into()])));
        headers.insert("x-flag", HeaderValue::from_static("true"));
        assert_eq!(read::<bool>(&RawParams::default(), &headers, &FLAG), Ok(Some(true)));
        headers.insert("x-flag", HeaderValue::from_static("yes"));
        assert_eq!(read::<bool>(&RawParams::default(), &headers, &FLAG).expect_err("bad").errors[0].field, "X-Flag");
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; color=blue"));
        let error = read::<String>(&RawParams::default(), &headers, &COLOR).expect_err("not listed");
        assert_eq!(error.errors[0].rule, "enum");
    }

    fn strings(location: Location, style: Style, explode: bool) -> Param {
        static ITEMS: Schema<'static> = Schema::Array(&Schema::STRING, &Rules::NONE);
        Param { name: "ids", location, style, explode, schema: &ITEMS, json: false }
    }

    fn items(raw: &RawParams, headers: &HeaderMap, param: &Param) -> Vec<String> {
        read::<Vec<String>>(raw, headers, param).expect("valid").expect("present")
    }

    #[test]
    fn delimiters_escaped_inside_items_stay_there() {
        let headers = HeaderMap::new();
        let want = ["a,b", "c d"];
        // Query: `form` unexploded, `pipeDelimited`, `spaceDelimited`, and
        // `form` exploded (one pair per item).
        let form = strings(Location::Query, Style::Form, false);
        assert_eq!(items(&raw("ids=a%2Cb,c%20d"), &headers, &form), want);
        assert_eq!(items(&raw("ids=a%2Cb,c+d"), &headers, &form), want, "`+` is a space in a query");
        assert_eq!(items(&raw("ids=a,b"), &headers, &form), ["a", "b"]);
        let pipe = strings(Location::Query, Style::PipeDelimited, false);
        assert_eq!(items(&raw("ids=a%7Cb|c"), &headers, &pipe), ["a|b", "c"]);
        let space = strings(Location::Query, Style::SpaceDelimited, false);
        assert_eq!(items(&raw("ids=a+b%20c"), &headers, &space), ["a b", "c"]);
        let exploded = strings(Location::Query, Style::Form, true);
        assert_eq!(items(&raw("ids=a%2Cb&ids=c%20d"), &headers, &exploded), want);
        // Path: `simple`, `label` and `matrix`, exploded or not.
        let path = |text: &str| RawParams { path: vec![("ids".into(), text.into())].into(), ..RawParams::default() };
        let simple = strings(Location::Path, Style::Simple, false);
        assert_eq!(items(&path("a%2Cb,c%20d"), &headers, &simple), want);
        assert_eq!(items(&path("a+b"), &headers, &simple), ["a+b"], "`+` is itself in a path");
        let label = strings(Location::Path, Style::Label, true);
        assert_eq!(items(&path(".a%2Eb.c"), &headers, &label), ["a.b", "c"]);
        let label = strings(Location::Path, Style::Label, false);
        assert_eq!(items(&path(".a.b,c%2Cd"), &headers, &label), ["a.b", "c,d"]);
        let matrix = strings(Location::Path, Style::Matrix, true);
        assert_eq!(items(&path(";ids=a%3Bb;ids=c"), &headers, &matrix), ["a;b", "c"]);
        let matrix = strings(Location::Path, Style::Matrix, false);
        assert_eq!(items(&path(";ids=a%2Cb,c"), &headers, &matrix), ["a,b", "c"]);
        // Cookies: unexploded, and exploded as one cookie per item.
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("ids=a%2Cb,c%20d; other=x"));
        let jar = RawParams::default();
        assert_eq!(items(&jar, &headers, &strings(Location::Cookie, Style::Form, false)), want);
        headers.insert(header::COOKIE, HeaderValue::from_static("ids=a%2Cb; ids=c%20d"));
        let jar = RawParams::default();
        assert_eq!(items(&jar, &headers, &strings(Location::Cookie, Style::Form, true)), want);
        // Headers carry text as it is: no escapes, every comma delimits.
        let mut headers = HeaderMap::new();
        headers.insert("ids", HeaderValue::from_static("a%2Cb,c d"));
        let header = strings(Location::Header, Style::Simple, false);
        assert_eq!(items(&RawParams::default(), &headers, &header), ["a%2Cb", "c d"]);
    }

    static SESSION: Param = Param::cookie("session", &Schema::STRING);

    #[test]
    fn cookies_are_percent_decoded() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("session=s%20id%3B%C3%A9; b64=a+b/c=="));
        let jar = RawParams::default();
        assert_eq!(read::<String>(&jar, &headers, &SESSION), Ok(Some("s id;é".into())));
        let b64 = Param::cookie("b64", &Schema::STRING);
        assert_eq!(read::<String>(&jar, &headers, &b64), Ok(Some("a+b/c==".into())), "`+` is itself in a cookie");
        headers.insert(header::COOKIE, HeaderValue::from_static("session=\"100%\""));
        let jar = RawParams::default();
        assert_eq!(read::<String>(&jar, &headers, &SESSION), Ok(Some("100%".into())), "a lone `%` stays");
    }
}
