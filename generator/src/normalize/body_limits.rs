//! Pass: each operation's own request body limit, where it is not the
//! router's: the options' limit for that operation, else the `maxLength`
//! (in bytes) of a binary request body's schema.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use crate::diagnostics::{Diagnostics, Location};
use crate::ir::{HttpMethod, MediaKind, Operation};

/// Set [`Operation::body_limit`] of `operations`; a limit in `per_operation`
/// for an `operationId` no operation has is a warning.
pub(crate) fn set_body_limits(
    operations: &mut [Operation],
    document: &OpenAPI,
    per_operation: &BTreeMap<String, u64>,
    root: &Location,
    diagnostics: &mut Diagnostics,
) {
    for op in operations.iter_mut() {
        op.body_limit = per_operation.get(&op.id).copied().or_else(|| binary_max_length(op, document));
    }
    for id in per_operation.keys().filter(|id| !operations.iter().any(|op| &op.id == *id)) {
        diagnostics
            .warning(root.clone(), format!("body_limit_per_operation {id:?}: no operation has this operationId"));
    }
}

/// The largest `maxLength` of the operation's binary body contents; `None`
/// when one of them has none (that content is bounded by the router alone).
fn binary_max_length(op: &Operation, document: &OpenAPI) -> Option<u64> {
    let body = op.body.as_ref()?;
    if body.contents.is_empty() || body.contents.iter().any(|c| c.kind != MediaKind::Binary) {
        return None;
    }
    let ReferenceOr::Item(item) = document.paths.paths.get(&op.path)? else { return None };
    let operation = match op.method {
        HttpMethod::Get => item.get.as_ref(),
        HttpMethod::Put => item.put.as_ref(),
        HttpMethod::Post => item.post.as_ref(),
        HttpMethod::Delete => item.delete.as_ref(),
        HttpMethod::Options => item.options.as_ref(),
        HttpMethod::Head => item.head.as_ref(),
        HttpMethod::Patch => item.patch.as_ref(),
        HttpMethod::Trace => item.trace.as_ref(),
    }?;
    let body = match operation.request_body.as_ref()? {
        ReferenceOr::Item(body) => body,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/requestBodies/")?;
            document.components.as_ref()?.request_bodies.get(name)?.as_item()?
        }
    };
    let mut largest = 0;
    for media in body.content.values() {
        let schema = resolve(media.schema.as_ref()?, document)?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string))
                if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) =>
            {
                largest = largest.max(u64::try_from(string.max_length?).ok()?);
            }
            _ => return None,
        }
    }
    (largest > 0).then_some(largest)
}

fn resolve<'d>(schema: &'d ReferenceOr<Schema>, document: &'d OpenAPI) -> Option<&'d Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            resolve(document.components.as_ref()?.schemas.get(name)?, document)
        }
    }
}
