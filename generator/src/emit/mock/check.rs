//! Whether a JSON value is valid against a type of the IR, as a JSON
//! Schema validator checks an OpenAPI 3.0 schema: types and formats,
//! required and unknown members, enums, `oneOf` (exactly one
//! alternative), and the validation keywords. The mock uses it to keep
//! only the spec's examples that are valid, and its tests to prove every
//! value it synthesizes is.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use regex::Regex;
use serde_json::Value;

use crate::ir::{Constraints, TypeKind, TypeRef, TypeSpace};

/// Why a value is invalid: the JSON pointer of the value at fault and the rule.
pub(crate) type Invalid = String;

/// Check `value` against `ty` with the validation keywords of its use site.
pub(crate) fn check(value: &Value, ty: &TypeRef, constraints: &Constraints, space: &TypeSpace) -> Result<(), Invalid> {
    Checker { space, depth: 0 }.value(value, ty, constraints, "")
}

/// How deep a value may nest before the checker gives up on it (the mock
/// never builds one that deep; a spec example could be).
const MAX_DEPTH: usize = 64;

struct Checker<'a> {
    space: &'a TypeSpace,
    depth: usize,
}

fn fail(at: &str, message: impl std::fmt::Display) -> Result<(), Invalid> {
    Err(format!("{}: {message}", if at.is_empty() { "/" } else { at }))
}

impl Checker<'_> {
    fn value(&mut self, value: &Value, ty: &TypeRef, constraints: &Constraints, at: &str) -> Result<(), Invalid> {
        if self.depth > MAX_DEPTH {
            return fail(at, "nested too deeply");
        }
        self.depth += 1;
        let result = self.shape(value, ty, at).and_then(|()| rules(value, constraints, at));
        self.depth -= 1;
        result
    }

    fn shape(&mut self, value: &Value, ty: &TypeRef, at: &str) -> Result<(), Invalid> {
        let none = Constraints::default();
        match ty {
            TypeRef::Named(id) => self.named(value, *id, at),
            TypeRef::Boxed(inner) => self.value(value, inner, &none, at),
            TypeRef::Nullable(_) if value.is_null() => Ok(()),
            TypeRef::Nullable(inner) => self.value(value, inner, &none, at),
            TypeRef::String | TypeRef::Binary => expect(value.is_string(), at, "a string"),
            TypeRef::I32 => match value.as_i64() {
                Some(n) if i32::try_from(n).is_ok() => Ok(()),
                _ => fail(at, "expected a 32-bit integer"),
            },
            TypeRef::I64 => expect(value.is_i64(), at, "a 64-bit integer"),
            TypeRef::F32 | TypeRef::F64 => expect(value.is_number(), at, "a number"),
            TypeRef::Boolean => expect(value.is_boolean(), at, "a boolean"),
            TypeRef::DateTime => formatted(value, &DATE_TIME, at, "an RFC 3339 date-time"),
            TypeRef::Date => formatted(value, &DATE, at, "an RFC 3339 full-date"),
            TypeRef::Uuid => formatted(value, &UUID, at, "a UUID"),
            TypeRef::Bytes => formatted(value, &BASE64, at, "base64"),
            TypeRef::Any => Ok(()),
            TypeRef::JsonObject => expect(value.is_object(), at, "an object"),
            TypeRef::Array(item) => {
                let Some(items) = value.as_array() else { return fail(at, "expected an array") };
                for (i, element) in items.iter().enumerate() {
                    self.value(element, item, &none, &format!("{at}/{i}"))?;
                }
                Ok(())
            }
            TypeRef::Map(item) => {
                let Some(members) = value.as_object() else { return fail(at, "expected an object") };
                for (name, member) in members {
                    self.value(member, item, &none, &format!("{at}/{}", escape(name)))?;
                }
                Ok(())
            }
        }
    }

    fn named(&mut self, value: &Value, id: crate::ir::TypeId, at: &str) -> Result<(), Invalid> {
        let none = Constraints::default();
        match &self.space.get(id).kind {
            TypeKind::Alias(ty) => self.value(value, ty, &none, at),
            TypeKind::StringEnum(variants) => match value.as_str() {
                Some(text) if variants.iter().any(|v| v.value == text) => Ok(()),
                _ => fail(at, "expected one of the enum's strings"),
            },
            TypeKind::IntegerEnum(variants) => match value.as_i64() {
                Some(n) if variants.iter().any(|v| v.value == n) => Ok(()),
                _ => fail(at, "expected one of the enum's integers"),
            },
            TypeKind::Union(union) => {
                let matching = union.variants.iter().filter(|v| self.value(value, &v.ty, &none, at).is_ok()).count();
                match matching {
                    1 => Ok(()),
                    0 => fail(at, "matches none of the alternatives"),
                    n => fail(at, format!("matches {n} alternatives, not exactly one")),
                }
            }
            TypeKind::Struct(s) => {
                let Some(members) = value.as_object() else { return fail(at, "expected an object") };
                for field in &s.fields {
                    let path = format!("{at}/{}", escape(&field.name));
                    match members.get(&field.name) {
                        None if field.required && !field.write_only => return fail(&path, "required member missing"),
                        None => {}
                        Some(Value::Null) if field.nullable => {}
                        Some(member) => self.value(member, &field.ty, &field.constraints, &path)?,
                    }
                }
                for (name, member) in members.iter().filter(|(name, _)| !s.fields.iter().any(|f| &f.name == *name)) {
                    let path = format!("{at}/{}", escape(name));
                    match &s.additional {
                        Some(additional) => self.value(member, &additional.ty, &none, &path)?,
                        None if s.deny_unknown => return fail(&path, "member not allowed"),
                        None => {}
                    }
                }
                Ok(())
            }
        }
    }
}

fn expect(ok: bool, at: &str, what: &str) -> Result<(), Invalid> {
    if ok { Ok(()) } else { fail(at, format!("expected {what}")) }
}

fn formatted(value: &Value, format: &Regex, at: &str, what: &str) -> Result<(), Invalid> {
    expect(value.as_str().is_some_and(|text| format.is_match(text)), at, what)
}

/// Escape a member name for a JSON pointer (RFC 6901).
fn escape(name: &str) -> String {
    crate::pointer::escape(name)
}

static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    // Upper-case `T` and `Z` only: what every date-time parser reads.
    Regex::new(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
        .expect("a valid regex")
});
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$").expect("a valid regex"));
static UUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$").expect("a valid regex")
});
static BASE64: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$").expect("a valid regex")
});

/// The validation keywords that apply to the value's JSON type.
pub(super) fn rules(value: &Value, c: &Constraints, at: &str) -> Result<(), Invalid> {
    match value {
        Value::String(text) => string_rules(text, c).or_else(|rule| fail(at, rule)),
        Value::Number(number) => number_rules(number.as_f64().unwrap_or_default(), c).or_else(|rule| fail(at, rule)),
        Value::Array(items) => {
            count_rules(items.len(), c).or_else(|rule| fail(at, rule))?;
            let unique = items.iter().enumerate().all(|(i, item)| !items[..i].contains(item));
            expect(!c.unique_items || unique, at, "unique items")
        }
        Value::Object(members) => count_rules(members.len(), c).or_else(|rule| fail(at, rule)),
        Value::Null | Value::Bool(_) => Ok(()),
    }
}

/// `pattern` compiled, once per pattern (the mock checks many values
/// against the same few); `None` when the `regex` crate cannot run it.
pub(super) fn compiled(pattern: &str) -> Option<Regex> {
    static CACHE: LazyLock<Mutex<HashMap<String, Option<Regex>>>> = LazyLock::new(Mutex::default);
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    cache.entry(pattern.to_owned()).or_insert_with(|| Regex::new(pattern).ok()).clone()
}

/// `minLength` and `maxLength` (in characters) and `pattern` (searched,
/// as JSON Schema does; a pattern the `regex` crate cannot run is not
/// checked, as the generated servers do not enforce it either).
pub(super) fn string_rules(text: &str, c: &Constraints) -> Result<(), String> {
    let len = text.chars().count();
    if c.min_length.is_some_and(|min| len < min) {
        return Err(format!("shorter than minLength {}", c.min_length.unwrap_or_default()));
    }
    if c.max_length.is_some_and(|max| len > max) {
        return Err(format!("longer than maxLength {}", c.max_length.unwrap_or_default()));
    }
    if let Some(pattern) = &c.pattern {
        if compiled(pattern).is_some_and(|regex| !regex.is_match(text)) {
            return Err(format!("does not match pattern {pattern:?}"));
        }
    }
    Ok(())
}

/// `minimum`, `maximum` (either exclusive) and `multipleOf`.
pub(super) fn number_rules(x: f64, c: &Constraints) -> Result<(), String> {
    if let Some(min) = c.minimum.as_ref().and_then(serde_json::Number::as_f64) {
        if x < min || c.exclusive_minimum && x == min {
            return Err(format!("below the minimum {min}"));
        }
    }
    if let Some(max) = c.maximum.as_ref().and_then(serde_json::Number::as_f64) {
        if x > max || c.exclusive_maximum && x == max {
            return Err(format!("above the maximum {max}"));
        }
    }
    if let Some(factor) = c.multiple_of.as_ref().and_then(serde_json::Number::as_f64).filter(|f| *f > 0.0) {
        let quotient = x / factor;
        if (quotient - quotient.round()).abs() > 1e-9 {
            return Err(format!("not a multiple of {factor}"));
        }
    }
    Ok(())
}

/// `minItems` and `maxItems` (or `minProperties` and `maxProperties`).
fn count_rules(count: usize, c: &Constraints) -> Result<(), String> {
    if c.min_items.is_some_and(|min| count < min) {
        return Err(format!("fewer than {} items", c.min_items.unwrap_or_default()));
    }
    if c.max_items.is_some_and(|max| count > max) {
        return Err(format!("more than {} items", c.max_items.unwrap_or_default()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ir::{EnumVariant, Field, Struct, TypeDef, TypeId, Union, UnionVariant};

    fn field(name: &str, ty: TypeRef, required: bool) -> Field {
        Field {
            name: name.into(),
            ident: name.into(),
            ty,
            required,
            nullable: false,
            read_only: false,
            write_only: false,
            secret: false,
            description: None,
            default: None,
            example: None,
            constraints: Constraints::default(),
        }
    }

    fn def(ident: &str, kind: TypeKind) -> TypeDef {
        TypeDef { ident: ident.into(), description: None, pointer: String::new(), example: None, kind }
    }

    fn space() -> TypeSpace {
        let mut name = field("name", TypeRef::String, true);
        name.constraints.max_length = Some(5);
        let mut nick = field("nick", TypeRef::String, false);
        nick.nullable = true;
        TypeSpace::new(vec![
            def("User", TypeKind::Struct(Struct { fields: vec![name, nick], additional: None, deny_unknown: true })),
            def("Color", TypeKind::StringEnum(vec![EnumVariant { ident: "Red".into(), value: "red".into() }])),
            def(
                "Either",
                TypeKind::Union(Union {
                    variants: vec![
                        UnionVariant { ident: "Text".into(), ty: TypeRef::String, tag: None },
                        UnionVariant { ident: "Any".into(), ty: TypeRef::Any, tag: None },
                    ],
                    discriminator: None,
                }),
            ),
        ])
    }

    fn ok(value: Value, ty: TypeRef) -> Result<(), Invalid> {
        check(&value, &ty, &Constraints::default(), &space())
    }

    #[test]
    fn structs_check_required_unknown_and_nullable_members() {
        let user = TypeRef::Named(TypeId(0));
        assert_eq!(ok(json!({"name": "ann"}), user.clone()), Ok(()));
        assert_eq!(ok(json!({"name": "ann", "nick": null}), user.clone()), Ok(()));
        assert_eq!(ok(json!({}), user.clone()), Err("/name: required member missing".into()));
        assert_eq!(ok(json!({"name": "annabel"}), user.clone()), Err("/name: longer than maxLength 5".into()));
        assert_eq!(ok(json!({"name": "ann", "x": 1}), user.clone()), Err("/x: member not allowed".into()));
        assert_eq!(ok(json!([{"name": 1}]), TypeRef::Array(Box::new(user))), Err("/0/name: expected a string".into()));
    }

    #[test]
    fn enums_unions_and_formats() {
        assert_eq!(ok(json!("red"), TypeRef::Named(TypeId(1))), Ok(()));
        assert!(ok(json!("blue"), TypeRef::Named(TypeId(1))).is_err());
        assert_eq!(ok(json!(1), TypeRef::Named(TypeId(2))), Ok(()), "only the second alternative");
        assert_eq!(ok(json!("a"), TypeRef::Named(TypeId(2))), Err("/: matches 2 alternatives, not exactly one".into()));
        assert_eq!(ok(json!("2024-01-01T00:00:00Z"), TypeRef::DateTime), Ok(()));
        assert!(ok(json!("2024-01-01T00:00:00"), TypeRef::DateTime).is_err(), "no offset");
        assert!(ok(json!("2024-13-01T00:00:00Z"), TypeRef::DateTime).is_err(), "no 13th month");
        assert!(
            ok(json!("2024-01-01t00:00:00z"), TypeRef::DateTime).is_err(),
            "lower case, which not every parser reads"
        );
        assert_eq!(ok(json!("00000000-0000-0000-0000-000000000000"), TypeRef::Uuid), Ok(()));
        assert!(ok(json!("ZXhhbXBsZQ="), TypeRef::Bytes).is_err());
        assert!(ok(json!(3_000_000_000_i64), TypeRef::I32).is_err());
        assert!(ok(json!(1.5), TypeRef::I64).is_err());
    }

    #[test]
    fn keywords_apply_to_their_json_type() {
        let c = Constraints {
            minimum: Some(1.into()),
            exclusive_minimum: true,
            multiple_of: serde_json::Number::from_f64(0.5),
            min_items: Some(1),
            unique_items: true,
            pattern: Some("^a".into()),
            ..Constraints::default()
        };
        assert!(rules(&json!(1), &c, "").is_err());
        assert!(rules(&json!(1.5), &c, "").is_ok());
        assert!(rules(&json!(1.25), &c, "").is_err());
        assert!(rules(&json!([]), &c, "").is_err());
        assert!(rules(&json!([1, 1]), &c, "").is_err());
        assert!(rules(&json!("abc"), &c, "").is_ok());
        assert!(rules(&json!("bac"), &c, "").is_err());
        assert!(rules(&json!(true), &c, "").is_ok());
    }
}
