//! The words of the search's messages: what the grammar expects, what was found, and hints for known mistakes.

use serde_yaml::Value;

use super::grammar::{Item, Kind, Shape, TYPES, grammar};
use super::untag;

/// What a value of this shape is, for "expected `key` to be ...".
pub(super) fn describe(shape: Shape) -> String {
    match shape {
        Shape::Text => "a string".to_owned(),
        Shape::Flag => "a boolean".to_owned(),
        Shape::Count => "a non-negative integer".to_owned(),
        Shape::Number => "a number".to_owned(),
        Shape::Word(allowed) => format!("one of {}", allowed.join(", ")),
        Shape::Any => "a value".to_owned(),
        Shape::Object(node) => object_shape(node.kind),
        Shape::ListOf(Item::Text) => "a list of strings".to_owned(),
        Shape::ListOf(_) => "a list".to_owned(),
        Shape::MapOf(_) => "a mapping".to_owned(),
        Shape::FlagOr(node) => format!("a boolean or {}", object_shape(node.kind)),
    }
}

/// What a node of this kind must be.
fn object_shape(kind: Kind) -> String {
    let object = grammar(kind);
    object.shape.map_or_else(|| format!("{} {} (a mapping)", article(object.name), object.name), str::to_owned)
}

/// What a value is, for "found ...".
pub(super) fn found(value: &Value) -> &'static str {
    match untag(value) {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() && n.as_i64().is_some_and(|n| n < 0) => "a negative integer",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(n) if !n.is_finite() => "a non-finite number",
        Value::Number(_) => "a floating-point number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// "expected `subject` to be <shape>, found <value>", with a hint if one fits.
pub(super) fn expected(subject: &str, shape: Shape, value: &Value, hint: &str) -> String {
    format!("expected {subject} to be {}, found {}{hint}", describe(shape), found(value))
}

/// "expected `subject` to have a `field` field", for required fields.
pub(super) fn missing(subject: &str, fields: &[&str], hint: &str) -> String {
    let named: Vec<String> = fields.iter().map(|field| format!("{} `{field}`", article(field))).collect();
    format!("expected {subject} to have {} field{hint}", named.join(" or "))
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'A', 'E', 'I', 'O']) { "an" } else { "a" }
}

/// A hint for a value of the wrong type where `shape` was expected.
pub(super) fn wrong_type_hint(key: &str, shape: Shape, value: &Value) -> String {
    match (shape, untag(value)) {
        (Shape::Text, Value::Number(_) | Value::Bool(_)) => " (quote it to make it a string)".to_owned(),
        (Shape::ListOf(Item::Text), Value::Bool(_)) if key == "required" => {
            " (in OpenAPI 3.0, the object schema lists the names of its required properties)".to_owned()
        }
        (Shape::Word(allowed), Value::Sequence(_)) if allowed == TYPES => {
            " (OpenAPI 3.0 allows one type; use `nullable: true` for null)".to_owned()
        }
        _ => String::new(),
    }
}

/// A hint for a node that is not a mapping.
pub(super) fn not_a_mapping_hint(kind: Kind, refable: bool, value: &Value) -> String {
    let Value::String(s) = untag(value) else { return String::new() };
    if kind == Kind::Schema && TYPES.contains(&s.as_str()) {
        format!(" (write `{{type: {s}}}`)")
    } else if refable && (s.starts_with('#') || s.contains(".yaml") || s.contains(".json")) {
        format!(" (write a reference as `$ref: '{s}'`)")
    } else {
        String::new()
    }
}

/// Whether a string is YAML 1.1's spelling of a boolean (YAML 1.2 reads it as text).
pub(super) fn is_yaml11_boolean(s: &str) -> bool {
    ["yes", "no", "on", "off", "y", "n"].contains(&s.to_lowercase().as_str())
}

/// A hint for well-known wrong values of enumerated keywords.
pub(super) fn word_hint(key: &str, value: &str, in_parameter: bool) -> &'static str {
    match (key, value) {
        ("in", "body") if in_parameter => " (OpenAPI 3.0 describes a request body with `requestBody`, not a parameter)",
        ("in", "formData") if in_parameter => " (OpenAPI 3.0 describes form fields in the `requestBody` content)",
        ("type", "basic") => " (write `type: http` with `scheme: basic`)",
        ("type", "file") => " (OpenAPI 3.0 describes a file as `type: string` with `format: binary`)",
        ("type", "null") => " (OpenAPI 3.0 has no null type; use `nullable: true`)",
        _ => "",
    }
}

/// A hint for a parameter or header without `schema` or `content`.
pub(super) fn no_schema_hint(map: &serde_yaml::Mapping) -> &'static str {
    if map.contains_key("type") { " (in OpenAPI 3.0, `type` goes inside `schema`)" } else { "" }
}
