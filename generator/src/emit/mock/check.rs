//! Whether a JSON value is valid, by the runtime's rules: the validation
//! tables of `emit/table.rs` (those the generated server validates with),
//! built as runtime schemas, walked by the runtime's validator. The mock
//! keeps only the spec's examples that pass, and its tests prove that
//! every value it synthesizes does.
//!
//! The schemas live in an arena the caller owns (one per API): named types
//! are built once, as late-bound schemas so that recursive types can refer
//! to themselves; a type expression is built on each check, referring to
//! them. Dropping the arena frees them all.

use bumpalo::Bump;
use oapi_runtime::validate::{self, Direction, Field, Late, Object, Rules, Schema, Union};
use serde_json::Value;

use super::super::table::{self, Table};
use crate::ir::{Constraints, TypeRef, TypeSpace};

/// Why a value is invalid: the JSON pointer of the value at fault and the rule.
pub(crate) type Invalid = String;

/// The runtime schemas of an API's types, to check values against.
pub(crate) struct Checker<'b> {
    bump: &'b Bump,
    /// The schema of each named type, by id: a [`Schema::Late`] bound to
    /// the type's table.
    named: Vec<&'b Schema<'b>>,
}

impl<'b> Checker<'b> {
    /// The schemas of the types of `space`, allocated in `bump`.
    pub(crate) fn new(space: &TypeSpace, bump: &'b Bump) -> Self {
        let slots: Vec<&'b Late<'b>> = space.iter().map(|_| &*bump.alloc(Late::new())).collect();
        let named = slots.iter().map(|slot| &*bump.alloc(Schema::Late(slot))).collect();
        let checker = Self { bump, named };
        for ((_, def), slot) in space.iter().zip(&slots) {
            slot.bind(checker.value(&table::lower_named(&def.kind)));
        }
        checker
    }

    /// Check `value`, travelling `direction`, against `ty` with the
    /// validation keywords of its use site.
    pub(crate) fn check(
        &self,
        value: &Value,
        ty: &TypeRef,
        constraints: &Constraints,
        direction: Direction,
    ) -> Result<(), Invalid> {
        let schema = self.schema(&table::lower(ty, constraints));
        let found = validate::check(&mut value.clone(), schema, direction, validate::Place::Body, "");
        match found.errors.first() {
            None => Ok(()),
            Some(error) => Err(format!("{}: {} ({})", pointer(&error.field), error.message, error.rule)),
        }
    }

    /// Whether a response may carry `value` where `ty` is used with `constraints`.
    pub(crate) fn is_valid(&self, value: &Value, ty: &TypeRef, constraints: &Constraints) -> bool {
        self.check(value, ty, constraints, Direction::Response).is_ok()
    }

    fn schema(&self, table: &Table<'_>) -> &'b Schema<'b> {
        match table {
            Table::Named(id) => self.named.get(id.0).copied().unwrap_or_else(|| self.bump.alloc(Schema::Any)),
            other => self.bump.alloc(self.value(other)),
        }
    }

    fn str(&self, text: &str) -> &'b str {
        self.bump.alloc_str(text)
    }

    fn rules(&self, rules: &Rules<'_>) -> &'b Rules<'b> {
        let pattern = rules.pattern.map(|pattern| self.str(pattern));
        self.bump.alloc(Rules {
            min_length: rules.min_length,
            max_length: rules.max_length,
            pattern,
            format: rules.format,
            minimum: rules.minimum,
            maximum: rules.maximum,
            exclusive_minimum: rules.exclusive_minimum,
            exclusive_maximum: rules.exclusive_maximum,
            multiple_of: rules.multiple_of,
            min_items: rules.min_items,
            max_items: rules.max_items,
            unique_items: rules.unique_items,
        })
    }

    fn value(&self, table: &Table<'_>) -> Schema<'b> {
        let bump = self.bump;
        match table {
            Table::Named(_) => Schema::Ref(self.schema(table)),
            Table::Constrained(id, rules) => Schema::Constrained(self.schema(&Table::Named(*id)), self.rules(rules)),
            Table::Any => Schema::Any,
            Table::Boolean => Schema::Boolean,
            Table::Binary => Schema::Binary,
            Table::JsonObject => Schema::JsonObject,
            Table::Integer(format, rules) => Schema::Integer(*format, self.rules(rules)),
            Table::Number(rules) => Schema::Number(self.rules(rules)),
            Table::String(rules) => Schema::String(self.rules(rules)),
            Table::StringEnum(values) => {
                Schema::StringEnum(bump.alloc_slice_fill_iter(values.iter().map(|value| self.str(value))))
            }
            Table::IntegerEnum(values) => Schema::IntegerEnum(bump.alloc_slice_copy(values)),
            Table::Array(items, rules) => Schema::Array(self.schema(items), self.rules(rules)),
            Table::Map(values, rules) => Schema::Map(self.schema(values), self.rules(rules)),
            Table::Nullable(inner) => Schema::Nullable(self.schema(inner)),
            Table::Object(object) => {
                let fields = bump.alloc_slice_fill_iter(object.fields.iter().map(|f| Field {
                    name: self.str(f.name),
                    schema: self.schema(&f.schema),
                    required: f.required,
                    nullable: f.nullable,
                    read_only: f.read_only,
                    write_only: f.write_only,
                }));
                let additional = object.additional.as_deref().map(|schema| self.schema(schema));
                let value =
                    Schema::Object(bump.alloc(Object { fields, additional, deny_unknown: object.deny_unknown }));
                if object.counts == Rules::NONE {
                    value
                } else {
                    Schema::Constrained(bump.alloc(value), self.rules(&object.counts))
                }
            }
            Table::Union(union) => {
                let variants: &'b [&'b Schema<'b>] =
                    bump.alloc_slice_fill_iter(union.variants.iter().map(|v| self.schema(v)));
                let discriminator = union.discriminator.as_ref().map(|(property, tags)| {
                    let mapping: &'b [(&'b str, &'b Schema<'b>)] =
                        bump.alloc_slice_fill_iter(tags.iter().map(|(tag, i)| (self.str(tag), variants[*i])));
                    (self.str(property), mapping)
                });
                Schema::Union(bump.alloc(Union { variants, discriminator, exclusive: union.exclusive }))
            }
        }
    }
}

fn pointer(field: &str) -> &str {
    if field.is_empty() { "/" } else { field }
}

/// Whether a string is within the validation keywords of its use site.
pub(crate) fn string_ok(text: &str, constraints: &Constraints) -> bool {
    let rules = table::rules(constraints);
    validate::is_valid(&Value::String(text.to_owned()), &Schema::String(&rules), Direction::Response)
}

/// Whether a number is within the validation keywords of its use site.
pub(crate) fn number_ok(x: f64, constraints: &Constraints) -> bool {
    let rules = table::rules(constraints);
    serde_json::Number::from_f64(x)
        .is_some_and(|n| validate::is_valid(&Value::Number(n), &Schema::Number(&rules), Direction::Response))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ir::{EnumVariant, Field, Struct, TypeDef, TypeId, TypeKind, Union, UnionVariant};

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
        let next = field("next", TypeRef::Boxed(Box::new(TypeRef::Named(TypeId(0)))), false);
        let either = |exclusive| {
            TypeKind::Union(Union {
                variants: vec![
                    UnionVariant { ident: "Text".into(), ty: TypeRef::String, tag: None, aliases: Vec::new() },
                    UnionVariant { ident: "Id".into(), ty: TypeRef::Uuid, tag: None, aliases: Vec::new() },
                ],
                discriminator: None,
                exclusive,
            })
        };
        TypeSpace::new(vec![
            def(
                "User",
                TypeKind::Struct(Struct { fields: vec![name, nick, next], deny_unknown: true, ..Struct::default() }),
            ),
            def("Color", TypeKind::StringEnum(vec![EnumVariant { ident: "Red".into(), value: "red".into() }])),
            def("OneOf", either(true)),
            def("AnyOf", either(false)),
        ])
    }

    fn ok(value: Value, ty: TypeRef) -> Result<(), Invalid> {
        let (space, bump) = (space(), Bump::new());
        Checker::new(&space, &bump).check(&value, &ty, &Constraints::default(), Direction::Response)
    }

    #[test]
    fn named_types_are_checked_by_the_runtime_recursion_included() {
        let user = TypeRef::Named(TypeId(0));
        assert_eq!(ok(json!({"name": "ann", "nick": null, "next": {"name": "bo"}}), user.clone()), Ok(()));
        assert_eq!(ok(json!({}), user.clone()), Err("/name: is required (required)".into()));
        assert_eq!(
            ok(json!({"name": "ann", "next": {"name": "annabel"}}), user.clone()),
            Err("/next/name: must be at most 5 characters long (maxLength)".into())
        );
        assert_eq!(
            ok(json!({"name": "ann", "x": 1}), user.clone()),
            Err("/x: is not a property of this object (additionalProperties)".into())
        );
        assert!(ok(json!([{"name": 1}]), TypeRef::Array(Box::new(user))).is_err());
        assert_eq!(ok(json!("red"), TypeRef::Named(TypeId(1))), Ok(()));
        assert!(ok(json!("blue"), TypeRef::Named(TypeId(1))).is_err());
    }

    #[test]
    fn the_rules_are_the_servers() {
        let uuid = json!("00000000-0000-0000-0000-000000000000");
        assert!(ok(uuid.clone(), TypeRef::Named(TypeId(2))).is_err(), "oneOf: a string and a uuid both");
        assert_eq!(ok(uuid, TypeRef::Named(TypeId(3))), Ok(()), "anyOf: at least one");
        assert_eq!(ok(json!("2024-01-01T00:00:00z"), TypeRef::DateTime), Ok(()), "RFC 3339 allows a lower-case z");
        assert!(ok(json!("2024-02-30T00:00:00Z"), TypeRef::DateTime).is_err());
        assert!(ok(json!("ZXhhbXBsZQ="), TypeRef::Bytes).is_err());
        assert!(ok(json!(3_000_000_000_i64), TypeRef::I32).is_err());
        let ascii = Constraints { pattern: Some(r"^\w+$".into()), ..Constraints::default() };
        assert!(string_ok("user_1", &ascii));
        assert!(!string_ok("usér", &ascii), "ECMA-262 \\w is ASCII");
        let bounds = Constraints {
            minimum: Some(1.into()),
            exclusive_minimum: true,
            multiple_of: serde_json::Number::from_f64(0.5),
            ..Constraints::default()
        };
        assert!(!number_ok(1.0, &bounds));
        assert!(number_ok(1.5, &bounds));
        assert!(!number_ok(1.25, &bounds));
    }
}
