//! The schemas the router's own error answers must fit: for each status it
//! answers on its own (400, 401, 404, 405, 413, 415, 500), the JSON schemas
//! the operations declare for it (the exact code, else its class, else
//! `default`). The router hands them to `server::finished` (each handler)
//! and `server::finish_routes` (its 404 and 405), which reshape an answer
//! only where it breaks one of them.

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
    // Inline schemas become statics, each once.
    let mut inline: Vec<&TypeRef> = Vec::new();
    let mut entries = Vec::new();
    let authenticates = api.operations.iter().any(|op| !op.security.is_none());
    for status in ROUTER_STATUSES.into_iter().filter(|s| *s != 401 || authenticates) {
        let mut listed: Vec<&TypeRef> = Vec::new();
        let mut refs: Vec<TokenStream> = Vec::new();
        for ty in api.operations.iter().filter_map(|op| json_schema(covering(op, status)?)) {
            if listed.contains(&ty) {
                continue;
            }
            listed.push(ty);
            refs.push(match ty {
                TypeRef::Named(_) | TypeRef::Boxed(_) => schema_ref(ty, &none, schemas),
                other => {
                    // An inline schema may point at statics: it is a static itself.
                    let index = inline.iter().position(|known| *known == other).unwrap_or_else(|| {
                        inline.push(other);
                        inline.len() - 1
                    });
                    let name = format_ident!("ERROR_BODY_{index}");
                    quote!(&#name)
                }
            });
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
    let statics = inline.iter().enumerate().map(|(index, ty)| {
        let name = format_ident!("ERROR_BODY_{index}");
        let value = schema_value(ty, &none, schemas);
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
