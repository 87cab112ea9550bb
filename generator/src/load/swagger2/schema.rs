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

/// `schema` (written at `schema_written`) as the `content` at
/// `content_at` of a request body or response: one media type object per
/// entry of `media_types`, each with its own copy of the converted schema,
/// every move recorded; `add` puts more into each media type object (at
/// its pointer), such as its example.
pub(super) fn schema_content(
    ctx: &mut Ctx<'_>,
    schema: &Value,
    media_types: &[String],
    content_at: &str,
    schema_written: &str,
    mut add: impl FnMut(&mut Ctx<'_>, &str, &str, &mut Mapping),
) -> Mapping {
    let mut schema = schema.clone();
    // The schema is converted once, under the first media type; the others repeat its moves.
    let first_at = join(&join(content_at, media_types.first().map_or("", String::as_str)), "schema");
    let since = ctx.moves.len();
    fix_schema(ctx, &mut schema, &first_at, schema_written);
    let nested: Vec<(String, String)> = ctx.moves[since..].to_vec();
    ctx.near(content_at, schema_written);
    let mut content = Mapping::new();
    for media_type in media_types {
        let media_at = join(content_at, media_type);
        let schema_at = join(&media_at, "schema");
        ctx.near(&media_at, schema_written);
        ctx.moved(&schema_at, schema_written);
        for (rewritten, written) in &nested {
            if let Some(rest) = rewritten.strip_prefix(first_at.as_str()) {
                ctx.moved(&format!("{schema_at}{rest}"), written);
            }
        }
        let mut media = Mapping::new();
        media.insert("schema".into(), schema.clone());
        add(ctx, media_type, &media_at, &mut media);
        content.insert(media_type.as_str().into(), Value::Mapping(media));
    }
    content
}

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
