//! `type: "null"` in an OpenAPI 3.0 document: not a type 3.0 has, but a
//! 3.1 habit vendors carry over. As a member of `anyOf` or `oneOf` it
//! means the value may be null: the member is dropped and the schema is
//! nullable.

use openapiv3::{ReferenceOr, Schema, SchemaKind};

/// Whether `item` is an inline `{type: "null"}` schema.
pub(super) fn is_null_schema(item: &ReferenceOr<Schema>) -> bool {
    matches!(item, ReferenceOr::Item(schema) if matches!(&schema.schema_kind, SchemaKind::Any(any) if any.typ.as_deref() == Some("null")))
}

/// Whether `schema` is an `anyOf` or `oneOf` one of whose members is
/// `{type: "null"}`.
pub(super) fn has_null_member(schema: &Schema) -> bool {
    let members: &[ReferenceOr<Schema>] = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
        SchemaKind::Any(any) => &any.any_of,
        _ => &[],
    };
    members.iter().any(is_null_schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn null_members_are_found_in_any_of_and_one_of() {
        assert!(has_null_member(&schema("anyOf: [{type: string}, {type: 'null'}]")));
        assert!(has_null_member(&schema("oneOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]")));
        assert!(!has_null_member(&schema("anyOf: [{type: string}, {type: integer}]")));
        assert!(!has_null_member(&schema("type: string")));
    }
}
