//! Schema keywords read without the type builder: which `allOf` members
//! give structure, what makes a typeless schema an object, what a schema
//! says about the place it is used (nullable, constraints, description),
//! and the names and values derived from schemas and references.

use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Number;

use super::nulls;
use super::schemas::UseSite;
use crate::diagnostics::{Diagnostic, Location};
use crate::ir::{CHECKED_FORMATS, Constraints, EnumVariant, IntegerEnumVariant, TypeKind, TypeRef};
use crate::naming::{ENUM_CATCH_ALL, Scope, pascal_ident};

/// The members of an `allOf` that give it structure, with their indexes:
/// members that only annotate (a description, an example, `nullable`) add
/// nothing to the type.
pub(super) fn structural(all_of: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
    all_of
        .iter()
        .enumerate()
        .filter(|(_, member)| match member {
            ReferenceOr::Reference { .. } => true,
            ReferenceOr::Item(schema) => !annotates_only(schema),
        })
        .collect()
}

/// An object by its keywords: `type: object`, or no `type` but
/// `properties`, `required` or `additionalProperties`.
pub(super) fn is_object_like(any: &AnySchema) -> bool {
    match any.typ.as_deref() {
        Some(typ) => typ == "object",
        None => !any.properties.is_empty() || !any.required.is_empty() || any.additional_properties.is_some(),
    }
}

pub(super) fn annotates_only(schema: &Schema) -> bool {
    let SchemaKind::Any(any) = &schema.schema_kind else { return false };
    any.typ.is_none()
        && any.properties.is_empty()
        && any.required.is_empty()
        && any.additional_properties.is_none()
        && any.min_properties.is_none()
        && any.max_properties.is_none()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.enumeration.is_empty()
}

/// An `allOf` member that only constrains an object's members: no `type`,
/// no `properties`, but `required`, `minProperties` or `maxProperties`
/// (`{required: [name]}` beside a `$ref`).
pub(super) fn constrains_members_only(any: &AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && (!any.required.is_empty() || any.min_properties.is_some() || any.max_properties.is_some())
}

/// The names an alternative of an `anyOf` or a `oneOf` requires, when that
/// is all it says (annotations aside): such alternatives validate, they
/// give no type.
pub(super) fn required_only(schema: &Schema) -> Option<&[String]> {
    let SchemaKind::Any(any) = &schema.schema_kind else { return None };
    let plain = any.one_of.is_empty() && any.any_of.is_empty() && any.all_of.is_empty() && any.not.is_none();
    let only = plain && any.min_properties.is_none() && any.max_properties.is_none() && constrains_members_only(any);
    only.then_some(any.required.as_slice())
}

/// What a warning calls the kind of a schema that is not an object.
pub(super) fn kind_of(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => "a string enum",
        SchemaKind::Type(Type::String(_)) => "a string",
        SchemaKind::Type(Type::Integer(_)) => "an integer",
        SchemaKind::Type(Type::Number(_)) => "a number",
        SchemaKind::Type(Type::Boolean(_)) => "a boolean",
        SchemaKind::Type(Type::Array(_)) => "an array",
        SchemaKind::Type(Type::Object(_)) => "an object",
        SchemaKind::OneOf { .. } => "a oneOf",
        SchemaKind::AnyOf { .. } => "an anyOf",
        SchemaKind::AllOf { .. } => "an allOf",
        SchemaKind::Not { .. } => "a `not` schema",
        SchemaKind::Any(any) if !any.one_of.is_empty() => "a oneOf",
        SchemaKind::Any(any) if !any.any_of.is_empty() => "an anyOf",
        SchemaKind::Any(any) => match any.typ.as_deref() {
            Some("string") | None if !any.enumeration.is_empty() => "an enum",
            Some("string") => "a string",
            Some("integer") => "an integer",
            Some("number") => "a number",
            Some("boolean") => "a boolean",
            Some("array") => "an array",
            Some("object") => "an object",
            _ if any.items.is_some() => "an array",
            _ => "a schema of no type",
        },
    }
}

/// The JSON type of a schema that is a scalar, an enum or an array (what
/// an `allOf` of it means whatever object keywords stand beside it); `None`
/// for objects, unions and schemas of no type.
pub(super) fn value_type(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() && any.all_of.is_empty() => {
            match any.typ.as_deref() {
                Some("string") => Some("string"),
                Some("integer") => Some("integer"),
                Some("number") => Some("number"),
                Some("boolean") => Some("boolean"),
                Some("array") => Some("array"),
                None if any.items.is_some() => Some("array"),
                None if !any.enumeration.is_empty() && !is_object_like(any) => Some("enum"),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A property gathered for a struct, with where it was declared.
pub(super) struct Member<'a> {
    pub(super) name: &'a String,
    pub(super) schema: &'a ReferenceOr<Box<Schema>>,
    pub(super) at: Location,
}

/// The members of several allOf schemas gathered into one.
#[derive(Default)]
pub(super) struct Merged<'a> {
    pub(super) members: Vec<Member<'a>>,
    /// The required names, each with where it was first listed.
    pub(super) required: Vec<(&'a String, Location)>,
    pub(super) additional: Option<&'a AdditionalProperties>,
    pub(super) min_properties: Option<usize>,
    pub(super) max_properties: Option<usize>,
}

impl<'a> Merged<'a> {
    /// `name` is required, as listed at `at` (the first listing is kept).
    pub(super) fn require(&mut self, name: &'a String, at: Location) {
        if !self.required.iter().any(|(r, _)| *r == name) {
            self.required.push((name, at));
        }
    }

    /// The required names, for [`Struct`](crate::ir::Struct) building.
    pub(super) fn required_names(&self) -> Vec<String> {
        self.required.iter().map(|(name, _)| (*name).clone()).collect()
    }

    /// The object keywords of a schema beside the merged members (the
    /// schema holding the `allOf`, or the object keywords beside a
    /// `oneOf`): its own properties, required names,
    /// `additionalProperties` and member counts, after the members'.
    pub(super) fn add_own(&mut self, any: &'a AnySchema, at: &Location) {
        for (name, schema) in &any.properties {
            self.members.push(Member { name, schema, at: at.join("properties").join(name) });
        }
        for (k, name) in any.required.iter().enumerate() {
            self.require(name, at.join("required").join(k.to_string()));
        }
        self.additional = any.additional_properties.as_ref().or(self.additional);
        self.bound(any.min_properties, any.max_properties);
    }

    /// Member counts of one more schema: every bound holds, so the
    /// tighter one wins.
    pub(super) fn bound(&mut self, min: Option<usize>, max: Option<usize>) {
        self.min_properties = self.min_properties.max(min);
        self.max_properties = tighter_max(self.max_properties, max);
    }

    /// The required names that no gathered member declares, with where
    /// each was listed.
    pub(super) fn undeclared(&self) -> Vec<(&'a String, Location)> {
        let declared = |name: &String| self.members.iter().any(|m| m.name == name);
        self.required.iter().filter(|(name, _)| !declared(name)).cloned().collect()
    }
}

/// The smaller of two upper bounds, either of which may be absent.
pub(super) fn tighter_max(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A failure inside a model skips the model, unless the spec itself is
/// malformed there (an error).
pub(super) fn skipped_model(d: Diagnostic, name: &str) -> Diagnostic {
    match d.severity {
        crate::diagnostics::Severity::Error => d,
        crate::diagnostics::Severity::Warning => {
            Diagnostic::warning(d.location, format!("model {name:?} skipped: {}", d.message))
        }
    }
}

pub(super) fn describe(data: &SchemaData) -> Option<String> {
    data.description.clone().or_else(|| data.title.clone()).filter(|d| !d.trim().is_empty())
}

/// A `format` the validator checks that no type of the IR stands for.
fn checked_format(format: &str) -> Option<String> {
    CHECKED_FORMATS.contains(&format).then(|| format.to_owned())
}

/// The keywords of an inline item schema (`items: {maxLength: 3}`), when
/// it has any; a referenced schema's own keywords are its type's.
fn inline_constraints(items: Option<&ReferenceOr<Box<Schema>>>) -> Option<Box<Constraints>> {
    let Some(ReferenceOr::Item(schema)) = items else { return None };
    let constraints = site_keywords(schema).constraints;
    (!constraints.is_empty()).then(|| Box::new(constraints))
}

/// The keywords of a map's inline value schema (`additionalProperties:
/// {maxLength: 3}`), when it has any.
fn value_constraints(additional: Option<&AdditionalProperties>) -> Option<Box<Constraints>> {
    let Some(AdditionalProperties::Schema(schema)) = additional else { return None };
    let ReferenceOr::Item(schema) = schema.as_ref() else { return None };
    let constraints = site_keywords(schema).constraints;
    (!constraints.is_empty()).then(|| Box::new(constraints))
}

/// The keywords of a schema that describe a value where it is used.
pub(super) fn site_keywords(schema: &Schema) -> UseSite {
    let data = &schema.schema_data;
    let mut constraints = Constraints::default();
    let mut password = false;
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            constraints.min_length = s.min_length;
            constraints.max_length = s.max_length;
            constraints.pattern = s.pattern.clone();
            password = matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Password));
            if let VariantOrUnknownOrEmpty::Unknown(format) = &s.format {
                constraints.format = checked_format(format);
            }
        }
        SchemaKind::Type(Type::Integer(i)) => set_bounds(
            &mut constraints,
            [i.minimum, i.maximum, i.multiple_of].map(|bound| bound.map(Number::from)),
            [i.exclusive_minimum, i.exclusive_maximum],
        ),
        SchemaKind::Type(Type::Number(n)) => set_bounds(
            &mut constraints,
            [n.minimum, n.maximum, n.multiple_of].map(|bound| bound.and_then(Number::from_f64)),
            [n.exclusive_minimum, n.exclusive_maximum],
        ),
        SchemaKind::Type(Type::Array(a)) => {
            constraints.min_items = a.min_items;
            constraints.max_items = a.max_items;
            constraints.unique_items = a.unique_items;
            constraints.items = inline_constraints(a.items.as_ref());
        }
        // The counts of an object with properties are its struct's; a map's
        // (or a free-form object's) hold where it is used.
        SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
            constraints.min_properties = o.min_properties;
            constraints.max_properties = o.max_properties;
            constraints.items = value_constraints(o.additional_properties.as_ref());
        }
        SchemaKind::Any(any) => {
            constraints.min_length = any.min_length;
            constraints.max_length = any.max_length;
            constraints.pattern = any.pattern.clone();
            constraints.minimum = any.minimum.and_then(Number::from_f64);
            constraints.maximum = any.maximum.and_then(Number::from_f64);
            constraints.min_items = any.min_items;
            constraints.max_items = any.max_items;
            constraints.format = any.format.as_deref().and_then(checked_format);
            constraints.items = inline_constraints(any.items.as_ref());
            if any.properties.is_empty() {
                constraints.min_properties = any.min_properties;
                constraints.max_properties = any.max_properties;
                if constraints.items.is_none() {
                    constraints.items = value_constraints(any.additional_properties.as_ref());
                }
            }
            password = any.format.as_deref() == Some("password");
        }
        _ => {}
    }
    UseSite {
        ty: None,
        nullable: data.nullable || nulls::has_null_member(schema),
        read_only: data.read_only,
        write_only: data.write_only,
        password,
        description: describe(data),
        default: data.default.clone(),
        example: data.example.clone(),
        constraints,
    }
}

/// The bounds of an integer or a number schema: `minimum`, `maximum` and
/// `multipleOf` as JSON numbers (a float JSON cannot hold is no bound),
/// and whether the minimum and the maximum are exclusive.
fn set_bounds(
    constraints: &mut Constraints,
    [minimum, maximum, multiple_of]: [Option<Number>; 3],
    [exclusive_minimum, exclusive_maximum]: [bool; 2],
) {
    constraints.minimum = minimum;
    constraints.maximum = maximum;
    constraints.exclusive_minimum = exclusive_minimum;
    constraints.exclusive_maximum = exclusive_maximum;
    constraints.multiple_of = multiple_of;
}

/// A nullable array item, map value or union member is an `Option`.
pub(super) fn nullable_ref(site: UseSite) -> TypeRef {
    let nullable = site.nullable;
    let ty = site.into_type();
    if nullable { TypeRef::Nullable(Box::new(ty)) } else { ty }
}

pub(super) fn format_name(format: &VariantOrUnknownOrEmpty<StringFormat>) -> String {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "date".into(),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "date-time".into(),
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => "password".into(),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "byte".into(),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => "binary".into(),
        VariantOrUnknownOrEmpty::Unknown(other) => other.clone(),
        VariantOrUnknownOrEmpty::Empty => String::new(),
    }
}

/// The Rust integer type of an integer `format`, and what a warning says
/// of it when the type is not exact.
///
/// Every width is kept lossless: `int8` to `int64` and `uint8` to `uint64`
/// are the Rust type of that width (`int32` an `i32`, no format or `int64`
/// an `i64`, `uint64` a `u64`), another width the smallest that holds it
/// (`int24` an `i32`). `int128` and `uint128` are `i128` and `u128`, which
/// clients read and write in full, but a server validates JSON through
/// `serde_json::Value`, whose integers are 64-bit (it would round a longer
/// one to a float), so it refuses what lies beyond `i64::MIN..=u64::MAX`
/// with a 400 rather than lose precision: that is warned. An unknown format
/// is an `i64`, warned too.
pub(super) fn integer_type(format: &str) -> (TypeRef, Option<String>) {
    let (unsigned, digits) = match format.strip_prefix("uint") {
        Some(digits) => (true, digits),
        None => (false, format.strip_prefix("int").unwrap_or(format)),
    };
    let Some(bits) = digits.parse::<u32>().ok().filter(|_| !format.is_empty()) else {
        let note = (!format.is_empty())
            .then(|| format!("integer format `{format}` is not known; typed as a 64-bit signed integer (`i64`)"));
        return (TypeRef::I64, note);
    };
    let ty = match (unsigned, bits) {
        (false, 0..=8) => TypeRef::I8,
        (false, 9..=16) => TypeRef::I16,
        (false, 17..=32) => TypeRef::I32,
        (false, 33..=64) => TypeRef::I64,
        (false, _) => TypeRef::I128,
        (true, 0..=8) => TypeRef::U8,
        (true, 9..=16) => TypeRef::U16,
        (true, 17..=32) => TypeRef::U32,
        (true, 33..=64) => TypeRef::U64,
        (true, _) => TypeRef::U128,
    };
    let rust = if unsigned { "u128" } else { "i128" };
    let note = match bits {
        0..=64 => None,
        65..=128 => Some(format!(
            "integer format `{format}` is typed as `{rust}`; a generated server reads JSON numbers as 64-bit values, \
             so it accepts {} to {} and refuses larger ones with a 400",
            if unsigned { 0 } else { i64::MIN as i128 },
            u64::MAX
        )),
        _ => Some(format!(
            "integer format `{format}` can exceed a 128-bit integer; typed as `{rust}`, so larger values fail to decode"
        )),
    };
    (ty, note)
}

/// What a warning says of a number `format` OpenAPI does not define
/// (`float` and `double` are typed as such).
pub(super) fn number_format_note(format: &str) -> String {
    format!("number format `{format}` is not known; typed as `f64`, which rounds values beyond its 15 to 17 digits")
}

/// String formats with a well-known Rust type; any other is a plain string.
pub(super) fn string_type(format: &str) -> TypeRef {
    match format {
        "date-time" => TypeRef::DateTime,
        "date" => TypeRef::Date,
        "uuid" => TypeRef::Uuid,
        "byte" => TypeRef::Bytes,
        "binary" => TypeRef::Binary,
        _ => TypeRef::String,
    }
}

pub(super) fn string_enum(values: Vec<&String>) -> TypeKind {
    let mut scope = Scope::with_reserved([ENUM_CATCH_ALL]);
    let mut seen: Vec<&String> = Vec::new();
    let mut variants = Vec::new();
    for value in values {
        if seen.contains(&value) {
            continue;
        }
        seen.push(value);
        variants.push(EnumVariant { ident: scope.claim(pascal_ident(value)), value: value.clone() });
    }
    TypeKind::StringEnum(variants)
}

pub(super) fn integer_enum(values: Vec<i64>) -> TypeKind {
    let mut scope = Scope::with_reserved([ENUM_CATCH_ALL]);
    let mut variants: Vec<IntegerEnumVariant> = Vec::new();
    for value in values {
        if variants.iter().any(|v| v.value == value) {
            continue;
        }
        let word = if value < 0 { format!("Minus{}", value.unsigned_abs()) } else { format!("V{value}") };
        variants.push(IntegerEnumVariant { ident: scope.claim(word), value });
    }
    TypeKind::IntegerEnum(variants)
}

/// The discriminator values that select the component `name`: the mapping
/// keys that name it, in mapping order, else the component name alone.
pub(super) fn discriminator_values(discriminator: &Discriminator, reference: &str, name: &str) -> Vec<String> {
    let keys: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| target.as_str() == reference || target.as_str() == name)
        .map(|(key, _)| key.clone())
        .collect();
    if keys.is_empty() { vec![name.to_owned()] } else { keys }
}

/// The last reference token of a `$ref`, unescaped.
pub(super) fn last_token(reference: &str) -> String {
    reference.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~")
}

/// A type name for a schema reached by pointer: its last tokens that are
/// not OpenAPI structure (`properties`, `items`, `schema`, media types...).
pub(super) fn pointer_hint(pointer: &str) -> String {
    const STRUCTURE: &[&str] = &[
        "components",
        "$defs",
        "schemas",
        "paths",
        "properties",
        "items",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "content",
        "schema",
        "responses",
        "requestBody",
        "parameters",
        "headers",
        "get",
        "put",
        "post",
        "delete",
        "options",
        "head",
        "patch",
        "trace",
    ];
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        // Paths (`/pets`) name things; media types (`application/json`) do not.
        .filter(|t| {
            !STRUCTURE.contains(&t.as_str()) && (t.starts_with('/') || !t.contains('/')) && t.parse::<u32>().is_err()
        })
        .map(|t| t.replace(['/', '{', '}'], " ").trim().to_owned())
        .collect();
    let start = tokens.len().saturating_sub(2);
    let hint = tokens[start..].join(" ");
    if hint.is_empty() { "Schema".to_owned() } else { hint }
}

/// A name for an inline union member, from its type.
pub(super) fn variant_ident_for(ty: Option<&TypeRef>, index: usize) -> String {
    match ty {
        Some(TypeRef::String) => "String".into(),
        Some(ty) if ty.is_integer() => "Integer".into(),
        Some(TypeRef::F32 | TypeRef::F64) => "Number".into(),
        Some(TypeRef::Boolean) => "Boolean".into(),
        Some(TypeRef::Array(_)) => "Array".into(),
        Some(TypeRef::Map(_) | TypeRef::JsonObject) => "Object".into(),
        _ => format!("Variant{}", index + 1),
    }
}

/// Whether a field name says it holds a secret.
pub(super) fn looks_secret(ident: &str) -> bool {
    let words: Vec<&str> = ident.trim_start_matches("r#").split('_').collect();
    words.iter().any(|w| matches!(*w, "password" | "passwd" | "secret" | "token" | "apikey"))
        || words.windows(2).any(|pair| matches!(pair, ["api" | "access" | "private", "key"]))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use openapiv3::{AnySchema, Schema, SchemaKind};

    use super::{Merged, annotates_only, constrains_members_only, kind_of, required_only, tighter_max, value_type};
    use crate::diagnostics::Location;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    fn any(yaml: &str) -> AnySchema {
        let SchemaKind::Any(any) = schema(yaml).schema_kind else { panic!("{yaml} is no AnySchema") };
        any
    }

    #[test]
    fn members_that_only_constrain_an_object() {
        for yaml in ["{required: [name]}", "{minProperties: 1}", "{maxProperties: 3, description: d}"] {
            assert!(constrains_members_only(&any(yaml)), "{yaml}");
            assert!(!annotates_only(&schema(yaml)), "{yaml} gives structure");
        }
        for yaml in ["{description: d}", "{required: [a], properties: {a: {type: string}}}", "{pattern: x}"] {
            assert!(!constrains_members_only(&any(yaml)), "{yaml}");
        }
    }

    #[test]
    fn alternatives_that_only_require() {
        assert_eq!(required_only(&schema("{required: [a, b], title: A and b}")), Some(&["a".into(), "b".into()][..]));
        for yaml in [
            "{required: [a], properties: {a: {type: string}}}",
            "{required: [a], minProperties: 1}",
            "{type: object, required: [a]}",
            "{description: nothing required}",
            "{required: [a], anyOf: [{required: [b]}]}",
        ] {
            assert_eq!(required_only(&schema(yaml)), None, "{yaml}");
        }
    }

    #[test]
    fn the_json_type_of_what_an_all_of_member_refers_to() {
        let cases = [
            ("{type: string, format: date-time}", Some("string"), "a string"),
            ("{type: string, enum: [a, b]}", Some("string"), "a string enum"),
            ("{enum: [a, b]}", Some("enum"), "an enum"),
            ("{type: integer}", Some("integer"), "an integer"),
            ("{items: {type: string}}", Some("array"), "an array"),
            ("{type: object, properties: {a: {type: string}}}", None, "an object"),
            ("{oneOf: [{type: string}, {type: integer}]}", None, "a oneOf"),
            ("{description: anything}", None, "a schema of no type"),
        ];
        for (yaml, value, kind) in cases {
            assert_eq!((value_type(&schema(yaml)), kind_of(&schema(yaml))), (value, kind), "{yaml}");
        }
    }

    #[test]
    fn merged_requirements_and_bounds() {
        let (a, b) = ("a".to_owned(), "b".to_owned());
        let root = Location::root(Path::new("s.yaml"));
        let mut merged = Merged::default();
        merged.require(&a, root.at("/x/required/0"));
        merged.require(&b, root.at("/x/required/1"));
        merged.require(&a, root.at("/y/required/0"));
        assert_eq!(merged.required_names(), ["a", "b"]);
        let undeclared: Vec<(&String, String)> =
            merged.undeclared().into_iter().map(|(name, at)| (name, at.pointer)).collect();
        assert_eq!(undeclared, [(&a, "/x/required/0".to_owned()), (&b, "/x/required/1".to_owned())]);

        merged.bound(Some(1), None);
        merged.bound(Some(2), Some(5));
        merged.bound(None, Some(3));
        assert_eq!((merged.min_properties, merged.max_properties), (Some(2), Some(3)));
        assert_eq!(tighter_max(None, None), None);
        assert_eq!(tighter_max(None, Some(4)), Some(4));
    }
}
