//! Types and nulls of 3.1 schemas in 3.0 terms: type lists, `type: "null"`,
//! and union members that admit only null (see [`super`]).

use serde_yaml::{Mapping, Value};

use super::{ANNOTATIONS, Site};

impl Site<'_, '_> {
    /// Members of `keyword` (anyOf, oneOf) that admit only null make the
    /// schema nullable instead.
    pub(super) fn null_members(&mut self, keyword: &str) {
        let Some(Value::Sequence(members)) = self.map.get_mut(keyword) else { return };
        if !members.iter().any(admits_only_null) {
            return;
        }
        let kept: Vec<(usize, Value)> =
            std::mem::take(members).into_iter().enumerate().filter(|(_, m)| !admits_only_null(m)).collect();
        self.map.insert("nullable".into(), Value::Bool(true));
        match kept.as_slice() {
            [] => {
                self.map.remove(keyword);
                self.only_null(&format!("/{keyword}"));
            }
            [(i, Value::Mapping(member))] if self.mergeable(member) => {
                let (i, member) = (*i, member.clone());
                self.map.remove(keyword);
                for (key, value) in member {
                    if let Some(name) = key.as_str() {
                        self.moves.record(format!("/{}", escape(name)), format!("/{keyword}/{i}/{}", escape(name)));
                    }
                    if !self.map.contains_key(&key) {
                        self.map.insert(key, value);
                    }
                }
            }
            _ => {
                for (now, (was, _)) in kept.iter().enumerate() {
                    self.moves.record(format!("/{keyword}/{now}"), format!("/{keyword}/{was}"));
                }
                self.map.insert(keyword.into(), Value::Sequence(kept.into_iter().map(|(_, m)| m).collect()));
            }
        }
    }

    /// Whether a lone inline member can be merged into this schema: it is
    /// not a reference, and the two share no keyword but annotations.
    fn mergeable(&self, member: &Mapping) -> bool {
        !member.contains_key("$ref")
            && member
                .keys()
                .all(|key| key.as_str().is_some_and(|k| ANNOTATIONS.contains(&k) || !self.map.contains_key(k)))
    }

    /// A schema that admits only null (the keyword at `now` said so).
    fn only_null(&mut self, now: &str) {
        self.map.insert("nullable".into(), Value::Bool(true));
        self.warn(
            now,
            "a schema that admits only null has no OpenAPI 3.0 form: it is generated as any value, nullable",
        );
    }

    /// Type lists, and the null type.
    pub(super) fn types(&mut self) {
        let names: Vec<String> = match self.map.get("type") {
            // Not a type list JSON Schema allows: left for the typed parser to refuse.
            Some(Value::Sequence(names)) if names.is_empty() => return,
            Some(Value::String(name)) => vec![name.clone()],
            Some(Value::Sequence(names)) => {
                let mut unique: Vec<String> = Vec::new();
                for name in names.iter().map(crate::load::scalar_text) {
                    if !unique.contains(&name) {
                        unique.push(name);
                    }
                }
                unique
            }
            _ => return,
        };
        let nullable = names.iter().any(|n| n == "null");
        if nullable {
            self.map.insert("nullable".into(), Value::Bool(true));
        }
        let mut types: Vec<String> = names.into_iter().filter(|n| n != "null").collect();
        // A type no value of the enum has admits nothing here.
        if let Some(Value::Sequence(values)) = self.map.get("enum") {
            let admitted: Vec<String> =
                types.iter().filter(|t| values.iter().any(|v| is_of_type(v, t))).cloned().collect();
            if !admitted.is_empty() {
                types = admitted;
            }
        }
        match types.as_slice() {
            [] => {
                self.map.remove("type");
                self.only_null("/type");
            }
            [single] => {
                self.map.insert("type".into(), single.as_str().into());
            }
            [first, ..] if self.map.contains_key("anyOf") => {
                let first = first.clone();
                self.warn(
                    "/type",
                    format!("only `type: {first}` kept: a list of types beside `anyOf` has no OpenAPI 3.0 form"),
                );
                self.map.insert("type".into(), first.into());
            }
            _ => self.split_types(&types),
        }
    }

    /// Several types to an `anyOf` of one schema per type.
    fn split_types(&mut self, types: &[String]) {
        self.map.remove("type");
        let values = match self.map.remove("enum") {
            Some(Value::Sequence(values)) => Some(values),
            _ => None,
        };
        let mut members = Vec::with_capacity(types.len());
        for (i, name) in types.iter().enumerate() {
            let mut member = Mapping::new();
            member.insert("type".into(), name.as_str().into());
            for key in type_keywords(name) {
                if *key == "format" && !format_fits(self.map.get("format"), name) {
                    continue;
                }
                if let Some(value) = self.map.get(*key) {
                    member.insert((*key).into(), value.clone());
                }
            }
            if let Some(values) = &values {
                let own: Vec<Value> = values.iter().filter(|v| is_of_type(v, name)).cloned().collect();
                member.insert("enum".into(), Value::Sequence(own));
            }
            // Each keyword from where it was written (an earlier step may have moved it).
            for key in member.keys().filter_map(Value::as_str) {
                self.moves.record(format!("/anyOf/{i}/{key}"), format!("/{key}"));
            }
            members.push(Value::Mapping(member));
            self.moves.record(format!("/anyOf/{i}"), "");
        }
        for name in types {
            for key in type_keywords(name) {
                self.map.remove(*key);
            }
        }
        self.map.insert("anyOf".into(), Value::Sequence(members));
    }
}

/// Whether a schema admits only null: `type: "null"` (or `["null"]`),
/// `const: null`, or `enum: [null]`.
fn admits_only_null(schema: &Value) -> bool {
    let Value::Mapping(map) = schema else { return false };
    let null_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Sequence(types)) => !types.is_empty() && types.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    };
    null_type
        || map.get("const").is_some_and(Value::is_null)
        || matches!(map.get("enum"), Some(Value::Sequence(values)) if values.len() == 1 && values[0].is_null())
}

/// The keywords that apply to values of one type.
fn type_keywords(name: &str) -> &'static [&'static str] {
    match name {
        "string" => &["minLength", "maxLength", "pattern", "format"],
        "integer" | "number" => &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
        _ => &[],
    }
}

/// Whether a `format` belongs with values of type `name`.
fn format_fits(format: Option<&Value>, name: &str) -> bool {
    let numeric = matches!(format.and_then(Value::as_str), Some("int32" | "int64" | "float" | "double"));
    match name {
        "integer" | "number" => numeric,
        "string" => !numeric,
        _ => false,
    }
}

/// Whether `value` is of JSON Schema type `name`.
fn is_of_type(value: &Value, name: &str) -> bool {
    match (name, value) {
        ("string", Value::String(_)) | ("boolean", Value::Bool(_)) | ("number", Value::Number(_)) => true,
        ("integer", Value::Number(n)) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0),
        ("array", Value::Sequence(_)) | ("object", Value::Mapping(_)) | ("null", Value::Null) => true,
        _ => false,
    }
}

/// A reference token escaped per RFC 6901.
fn escape(token: &str) -> String {
    crate::pointer::escape(token)
}
