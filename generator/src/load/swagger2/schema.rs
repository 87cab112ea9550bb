//! Schemas: what a 2.0 schema writes differently from a 3.0 one
//! (`x-nullable`, `type: file`, a string `discriminator`), and the schema a
//! non-body parameter, a response header or an `items` object carries in
//! its own keywords.

use serde_yaml::{Mapping, Value};

use super::{Ctx, join};
use crate::load::scalar_text;

/// The keywords of a non-body parameter or a header that describe its
/// value: in 3.0 they live under `schema`.
pub(super) const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
    "nullable",
    "title",
    "readOnly",
    "properties",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
];

/// Rewrite the 2.0 schema `value` (now at `rewritten`, written at
/// `written`) into a 3.0 one, in place, and every schema inside it.
pub(super) fn fix_schema(ctx: &mut Ctx<'_>, value: &mut Value, rewritten: &str, written: &str) {
    let Value::Mapping(map) = value else {
        return;
    };
    if let Some(flag) = map.get("x-nullable") {
        match flag_of(flag) {
            Some(true) => {
                replace_key(map, "x-nullable", "nullable", Value::Bool(true));
                ctx.moved(&join(rewritten, "nullable"), &join(written, "x-nullable"));
            }
            Some(false) => {
                map.shift_remove("x-nullable");
            }
            None => {
                ctx.warn(&join(written, "x-nullable"), "expected `x-nullable` to be a boolean; ignored");
                map.shift_remove("x-nullable");
            }
        }
        if map.contains_key("$ref") && map.get("nullable") == Some(&Value::Bool(true)) {
            // 3.0 reads nothing beside a `$ref`: a nullable reference is an
            // `allOf` of the one target.
            let mut wrapped = Mapping::new();
            for (key, value) in std::mem::take(map) {
                if key.as_str() == Some("$ref") {
                    let mut member = Mapping::new();
                    member.insert(key, value);
                    wrapped.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(member)]));
                } else {
                    wrapped.insert(key, value);
                }
            }
            *map = wrapped;
            ctx.near(&format!("{rewritten}/allOf/0"), written);
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), "string".into());
        if !map.contains_key("format") {
            map.insert("format".into(), "binary".into());
        }
    }
    if let Some(Value::String(property)) = map.get("discriminator") {
        let mut discriminator = Mapping::new();
        discriminator.insert("propertyName".into(), property.clone().into());
        map.insert("discriminator".into(), Value::Mapping(discriminator));
        ctx.near(&format!("{rewritten}/discriminator/propertyName"), &join(written, "discriminator"));
    }
    for (key, child) in map.iter_mut() {
        let Some(key) = key.as_str() else { continue };
        let (rewritten, written) = (join(rewritten, key), join(written, key));
        match key {
            "items" | "additionalProperties" | "not" => match child {
                Value::Sequence(items) => fix_each(ctx, items, &rewritten, &written),
                _ => fix_schema(ctx, child, &rewritten, &written),
            },
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Sequence(items) = child {
                    fix_each(ctx, items, &rewritten, &written);
                }
            }
            "properties" => {
                if let Value::Mapping(properties) = child {
                    for (name, property) in properties.iter_mut() {
                        let token = scalar_text(name);
                        fix_schema(ctx, property, &join(&rewritten, &token), &join(&written, &token));
                    }
                }
            }
            _ => {}
        }
    }
}

fn fix_each(ctx: &mut Ctx<'_>, items: &mut [Value], rewritten: &str, written: &str) {
    for (i, item) in items.iter_mut().enumerate() {
        let token = i.to_string();
        fix_schema(ctx, item, &join(rewritten, &token), &join(written, &token));
    }
}

/// The schema of a non-body parameter, a response header or an `items`
/// object (written at `written`, its schema now at `rewritten`): its value
/// keywords, with `items` converted the same way. `collectionFormat` inside
/// `items` (arrays of arrays) cannot be expressed and is dropped with a warning.
pub(super) fn simple_schema(ctx: &mut Ctx<'_>, object: &Mapping, rewritten: &str, written: &str) -> Mapping {
    let mut schema = Mapping::new();
    for (key, value) in object {
        let Some(name) = key.as_str() else { continue };
        if name == "items" {
            let items = match value {
                Value::Mapping(items) => {
                    let items_written = join(written, "items");
                    if items.contains_key("collectionFormat") {
                        ctx.warn(
                            &join(&items_written, "collectionFormat"),
                            "OpenAPI 3 cannot say how arrays inside arrays are serialized; this `collectionFormat` is \
                             ignored",
                        );
                    }
                    let mut converted = simple_schema(ctx, items, &join(rewritten, "items"), &items_written);
                    // An `items` object is all schema: keep what it says beyond the value keywords too.
                    for (key, value) in items {
                        let name = key.as_str().unwrap_or_default();
                        if name != "collectionFormat" && !converted.contains_key(key) {
                            converted.insert(key.clone(), value.clone());
                        }
                    }
                    Value::Mapping(converted)
                }
                other => other.clone(),
            };
            schema.insert(key.clone(), items);
        } else if SCHEMA_KEYWORDS.contains(&name) {
            schema.insert(key.clone(), value.clone());
        }
    }
    schema
}

/// A boolean flag as vendors write it (`true`, `True`, `"true"`).
pub(super) fn flag_of(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
        Value::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Replace the entry `from` by `to: value` at the same position (an entry
/// `to` elsewhere is dropped).
pub(super) fn replace_key(map: &mut Mapping, from: &str, to: &str, value: Value) {
    let mut value = Some(value);
    for (key, old) in std::mem::take(map) {
        match key.as_str() {
            Some(name) if name == from => {
                if let Some(value) = value.take() {
                    map.insert(to.into(), value);
                }
            }
            Some(name) if name == to => {}
            _ => {
                map.insert(key, old);
            }
        }
    }
}

/// The `type` of a schema mapping, if it is a string.
pub(super) fn type_of(schema: &Mapping) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}
