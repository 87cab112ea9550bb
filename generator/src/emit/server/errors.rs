//! The schemas the router's own error answers must fit: for each status it
//! answers on its own (400, 401, 404, 405, 413, 415, 500), the JSON schemas
//! the operations declare for it (the exact code, else its class, else
//! `default`). The router hands them to `server::shape_errors`, which
//! reshapes an answer only where it breaks one of them.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::schema::{SchemaNames, schema_ref, schema_value};
use crate::emit::uses::Uses;
use crate::ir::{Api, Constraints, MediaKind, Operation, Response, StatusMatch, TypeRef};

/// The statuses the router answers on its own.
const ROUTER_STATUSES: [u16; 7] = [400, 401, 404, 405, 413, 415, 500];

/// The name of the table in the router.
pub(super) const TABLE: &str = "ERROR_BODIES";

/// The `static ERROR_BODIES` item (with the statics of inline schemas it
/// refers to), or `None` when no operation declares a JSON schema for any
/// of those statuses.
pub(super) fn error_bodies(api: &Api, schemas: &SchemaNames, uses: &Uses) -> Option<TokenStream> {
    let none = Constraints::default();
    // Inline schemas become statics, each once, keyed by their tokens.
    let mut statics: Vec<TokenStream> = Vec::new();
    let mut static_index: HashMap<String, usize> = HashMap::new();
    let mut entries = Vec::new();
    let authenticates = api.operations.iter().any(|op| !op.security.is_none());
    for status in ROUTER_STATUSES.into_iter().filter(|s| *s != 401 || authenticates) {
        let mut refs: Vec<TokenStream> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for ty in api.operations.iter().filter_map(|op| json_schema(covering(op, status)?)) {
            let schema = match ty {
                TypeRef::Named(_) | TypeRef::Boxed(_) => schema_ref(ty, &none, schemas),
                other => {
                    // An inline schema may point at statics: it is a static itself.
                    let value = schema_value(other, &none, schemas);
                    let index = *static_index.entry(value.to_string()).or_insert_with(|| {
                        statics.push(value);
                        statics.len() - 1
                    });
                    let name = format_ident!("ERROR_BODY_{index}");
                    quote!(&#name)
                }
            };
            if seen.insert(schema.to_string()) {
                refs.push(schema);
            }
        }
        if !refs.is_empty() {
            let status = Literal::u16_unsuffixed(status);
            entries.push(quote!((#status, &[#(#refs),*])));
        }
    }
    if entries.is_empty() {
        return None;
    }
    schemas.record_use(uses);
    let server = uses.item("server");
    let statics = statics.iter().enumerate().map(|(index, value)| {
        let name = format_ident!("ERROR_BODY_{index}");
        quote!(static #name: #server::Schema = #value;)
    });
    let table = format_ident!("{TABLE}");
    Some(quote! {
        #(#statics)*
        static #table: #server::ErrorBodies = &[#(#entries),*];
    })
}

/// The response of `op` that covers `status`: its exact code, else its class, else `default`.
fn covering(op: &Operation, status: u16) -> Option<&Response> {
    let class = u8::try_from(status / 100).ok()?;
    let find = |wanted: StatusMatch| op.responses.iter().find(|r| r.status == wanted);
    find(StatusMatch::Code(status)).or_else(|| find(StatusMatch::Range(class))).or_else(|| find(StatusMatch::Default))
}

/// The schema of a response's JSON content.
fn json_schema(response: &Response) -> Option<&TypeRef> {
    response.contents.iter().find(|c| c.kind == MediaKind::Json).and_then(|c| c.ty.as_ref())
}
