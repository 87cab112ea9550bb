//! Validation tables: the one lowering of the IR's types to the runtime's
//! [`Schema`](oapi_runtime::validate::Schema), the shape of the tables its
//! validator walks. The server emitter prints a table as `static` items
//! (`emit/server/schema.rs`); the mock builds the same table into runtime
//! values and checks its examples with the runtime's validator
//! (`emit/mock/check.rs`). So what a mock answers with and what its server
//! accepts are decided by one set of rules.
//!
//! A [`Table`] mirrors `Schema` with owned children, and refers to named
//! types by id ([`Table::Named`]): printed, that is the type's `static`;
//! built, the type's late-bound schema.

use oapi_runtime::validate::{IntegerFormat, Rules, StringFormat};

use crate::ir::{Constraints, TypeId, TypeKind, TypeRef};

/// A `Schema` with named types referred to by id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Table<'a> {
    /// Any JSON value.
    Any,
    /// `true` or `false`.
    Boolean,
    /// An integer.
    Integer(IntegerFormat, Rules<'a>),
    /// A number.
    Number(Rules<'a>),
    /// A string (with its format among the rules).
    String(Rules<'a>),
    /// One of the listed strings.
    StringEnum(Vec<&'a str>),
    /// One of the listed integers.
    IntegerEnum(Vec<i64>),
    /// An array of items.
    Array(Box<Table<'a>>, Rules<'a>),
    /// An object with string keys and values of one schema.
    Map(Box<Table<'a>>, Rules<'a>),
    /// Any JSON object.
    JsonObject,
    /// An object with known properties.
    Object(ObjectTable<'a>),
    /// `oneOf`/`anyOf`.
    Union(UnionTable<'a>),
    /// `null` or a value of the inner schema.
    Nullable(Box<Table<'a>>),
    /// A named type.
    Named(TypeId),
    /// A named type with rules of the place that uses it.
    Constrained(TypeId, Rules<'a>),
    /// A file.
    Binary,
}

/// An object's properties.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ObjectTable<'a> {
    /// Properties in spec order.
    pub fields: Vec<FieldTable<'a>>,
    /// The schema of members not listed, when the spec allows them as a map.
    pub additional: Option<Box<Table<'a>>>,
    /// `additionalProperties: false`.
    pub deny_unknown: bool,
    /// `minProperties` and `maxProperties`, as the runtime counts them
    /// (`min_items`/`max_items` of a `Schema::Constrained` around the object).
    pub counts: Rules<'a>,
}

/// One property.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldTable<'a> {
    /// Member name.
    pub name: &'a str,
    /// Its schema, with the field's own rules.
    pub schema: Table<'a>,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
}

/// `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnionTable<'a> {
    /// Alternatives in spec order.
    pub variants: Vec<Table<'a>>,
    /// The discriminator property, and each tag with the index of the
    /// alternative it selects.
    pub discriminator: Option<(&'a str, Vec<(&'a str, usize)>)>,
    /// `oneOf` rather than `anyOf`.
    pub exclusive: bool,
}

/// The table of a type expression where it is used with `constraints`
/// (those of its items, for an array or a map, on its items).
pub(crate) fn lower<'a>(ty: &TypeRef, constraints: &'a Constraints) -> Table<'a> {
    let item = |inner: &TypeRef| match constraints.items.as_deref() {
        Some(items) => lower(inner, items),
        None => lower_with(inner, Rules::NONE),
    };
    match ty {
        TypeRef::Boxed(inner) => lower(inner, constraints),
        TypeRef::Nullable(inner) => Table::Nullable(Box::new(lower(inner, constraints))),
        TypeRef::Array(inner) => Table::Array(Box::new(item(inner)), rules(constraints)),
        TypeRef::Map(inner) => Table::Map(Box::new(item(inner)), rules(constraints)),
        // A free-form object counted is a map of anything.
        TypeRef::JsonObject if constraints.min_properties.is_some() || constraints.max_properties.is_some() => {
            Table::Map(Box::new(Table::Any), rules(constraints))
        }
        _ => lower_with(ty, rules(constraints)),
    }
}

/// The runtime's name for an integer type's width (`None`: not an integer).
pub(crate) fn integer_format(ty: &TypeRef) -> Option<IntegerFormat> {
    Some(match ty {
        TypeRef::I8 => IntegerFormat::I8,
        TypeRef::I16 => IntegerFormat::I16,
        TypeRef::I32 => IntegerFormat::I32,
        TypeRef::I64 => IntegerFormat::I64,
        TypeRef::I128 => IntegerFormat::I128,
        TypeRef::U8 => IntegerFormat::U8,
        TypeRef::U16 => IntegerFormat::U16,
        TypeRef::U32 => IntegerFormat::U32,
        TypeRef::U64 => IntegerFormat::U64,
        TypeRef::U128 => IntegerFormat::U128,
        _ => return None,
    })
}

/// The table of a type expression where it is used with `rules`.
fn lower_with<'a>(ty: &TypeRef, rules: Rules<'a>) -> Table<'a> {
    let with_format = |format| Rules { format: Some(format), ..rules };
    match ty {
        TypeRef::Named(id) if rules == Rules::NONE => Table::Named(*id),
        // Rules written beside a reference apply on top of it.
        TypeRef::Named(id) => Table::Constrained(*id, rules),
        TypeRef::Boxed(inner) => lower_with(inner, rules),
        TypeRef::String => Table::String(rules),
        TypeRef::DateTime => Table::String(with_format(StringFormat::DateTime)),
        TypeRef::Date => Table::String(with_format(StringFormat::Date)),
        TypeRef::Uuid => Table::String(with_format(StringFormat::Uuid)),
        TypeRef::Bytes => Table::String(with_format(StringFormat::Byte)),
        crate::ir::integer_type!() => Table::Integer(integer_format(ty).unwrap_or(IntegerFormat::I64), rules),
        TypeRef::F32 | TypeRef::F64 => Table::Number(rules),
        TypeRef::Boolean => Table::Boolean,
        TypeRef::Binary => Table::Binary,
        TypeRef::Any => Table::Any,
        TypeRef::JsonObject => Table::JsonObject,
        TypeRef::Array(items) => Table::Array(Box::new(lower_with(items, Rules::NONE)), rules),
        TypeRef::Map(values) => Table::Map(Box::new(lower_with(values, Rules::NONE)), rules),
        TypeRef::Nullable(inner) => Table::Nullable(Box::new(lower_with(inner, rules))),
    }
}

/// The table of a named type.
pub(crate) fn lower_named(kind: &TypeKind) -> Table<'_> {
    match kind {
        TypeKind::Struct(s) => Table::Object(ObjectTable {
            fields: s
                .fields
                .iter()
                .map(|f| FieldTable {
                    name: &f.name,
                    schema: lower(&f.ty, &f.constraints),
                    required: f.required,
                    nullable: f.nullable,
                    read_only: f.read_only,
                    write_only: f.write_only,
                })
                // A request shape's readOnly members: dropped from requests as
                // before the split, rather than refused as unknown.
                .chain(s.ignored.iter().map(|name| FieldTable {
                    name,
                    schema: Table::Any,
                    required: false,
                    nullable: true,
                    read_only: true,
                    write_only: false,
                }))
                .collect(),
            additional: s.additional.as_ref().map(|a| Box::new(lower_with(&a.ty, Rules::NONE))),
            deny_unknown: s.deny_unknown,
            counts: Rules { min_items: s.min_properties, max_items: s.max_properties, ..Rules::NONE },
        }),
        TypeKind::StringEnum(variants) => Table::StringEnum(variants.iter().map(|v| v.value.as_str()).collect()),
        TypeKind::IntegerEnum(variants) => Table::IntegerEnum(variants.iter().map(|v| v.value).collect()),
        TypeKind::Union(u) => Table::Union(UnionTable {
            variants: u.variants.iter().map(|v| lower_with(&v.ty, Rules::NONE)).collect(),
            discriminator: u.discriminator.as_deref().map(|property| {
                let tags = u.variants.iter().enumerate().flat_map(|(i, v)| v.tags().map(move |tag| (tag, i)));
                (property, tags.collect())
            }),
            exclusive: u.exclusive,
        }),
        TypeKind::Alias(ty) => lower_with(ty, Rules::NONE),
    }
}

/// The runtime's rules for validation keywords (a bound that is no finite
/// number is left out).
pub(crate) fn rules(c: &Constraints) -> Rules<'_> {
    let float =
        |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64).filter(|f| f.is_finite());
    Rules {
        min_length: c.min_length,
        max_length: c.max_length,
        pattern: c.pattern.as_deref(),
        format: c.format.as_deref().and_then(string_format),
        minimum: float(&c.minimum),
        maximum: float(&c.maximum),
        exclusive_minimum: c.exclusive_minimum,
        exclusive_maximum: c.exclusive_maximum,
        multiple_of: float(&c.multiple_of),
        // The runtime counts an array's items and an object's members with one pair of rules.
        min_items: c.min_items.or(c.min_properties),
        max_items: c.max_items.or(c.max_properties),
        unique_items: c.unique_items,
    }
}

/// The runtime's name for a checked `format` of [`Constraints::format`].
fn string_format(format: &str) -> Option<StringFormat> {
    Some(match format {
        "email" => StringFormat::Email,
        "uri" => StringFormat::Uri,
        "ipv4" => StringFormat::Ipv4,
        "ipv6" => StringFormat::Ipv6,
        "hostname" => StringFormat::Hostname,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_string_rules_and_use_site_rules_wrap_named_types() {
        let c = Constraints { max_length: Some(3), ..Constraints::default() };
        assert_eq!(
            lower(&TypeRef::DateTime, &c),
            Table::String(Rules { max_length: Some(3), format: Some(StringFormat::DateTime), ..Rules::NONE })
        );
        assert_eq!(lower(&TypeRef::Named(TypeId(4)), &Constraints::default()), Table::Named(TypeId(4)));
        let email = Constraints { format: Some("email".into()), ..Constraints::default() };
        assert_eq!(lower(&TypeRef::String, &email), Table::String(Rules::NONE.format(StringFormat::Email)));
        assert_eq!(
            lower(&TypeRef::Boxed(Box::new(TypeRef::Named(TypeId(4)))), &c),
            Table::Constrained(TypeId(4), Rules { max_length: Some(3), ..Rules::NONE })
        );
        let items = TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(TypeRef::Uuid))));
        assert_eq!(
            lower(&items, &c),
            Table::Array(
                Box::new(Table::Nullable(Box::new(Table::String(Rules::NONE.format(StringFormat::Uuid))))),
                Rules { max_length: Some(3), ..Rules::NONE }
            )
        );
    }

    #[test]
    fn inline_item_rules_hold_for_each_item_and_properties_are_counted() {
        let items = Constraints { max_length: Some(3), ..Constraints::default() };
        let c = Constraints { max_items: Some(2), items: Some(Box::new(items)), ..Constraints::default() };
        let nested = TypeRef::Nullable(Box::new(TypeRef::Array(Box::new(TypeRef::String))));
        assert_eq!(
            lower(&nested, &c),
            Table::Nullable(Box::new(Table::Array(
                Box::new(Table::String(Rules::NONE.max_length(3))),
                Rules::NONE.max_items(2)
            )))
        );
        let c = Constraints { min_properties: Some(1), max_properties: Some(4), ..Constraints::default() };
        assert_eq!(
            lower(&TypeRef::Named(TypeId(1)), &c),
            Table::Constrained(TypeId(1), Rules::NONE.min_items(1).max_items(4))
        );
    }
}
