//! Per-operation response enums: one variant per response of the spec,
//! carrying its typed body, its declared headers and (for `default` and
//! ranges) its status; and how each becomes an HTTP response.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::operation_types::{Carried, carried, derives};
use super::schema::{SchemaNames, schema_ref, schema_value};
use crate::emit::docs::{doc_literal, doc_paragraphs};
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{Constraints, MediaKind, Operation, Response, ResponseHeader, StatusMatch, TypeRef, TypeSpace};
use crate::naming::{Scope, const_ident};

/// A response's shape in the enum.
struct Variant<'a> {
    response: &'a Response,
    name: Ident,
    /// The body: what it is carried as, its encoding and media type.
    body: Option<(Carried, MediaKind, &'a str)>,
    /// The headers' fields, each with the header (its type, whether required).
    headers: Vec<(Ident, &'a ResponseHeader)>,
    has_status: bool,
}

impl Variant<'_> {
    /// A tuple variant carries only a body; anything more needs names.
    fn is_tuple(&self) -> bool {
        self.body.is_some() && self.headers.is_empty() && !self.has_status
    }
}

fn variants(op: &Operation) -> Vec<Variant<'_>> {
    op.responses
        .iter()
        .map(|r| {
            let mut fields = Scope::with_reserved(["status", "body"]);
            let body = r.contents.first().map(|c| (carried(c.kind, c.ty.as_ref()), c.kind, c.media_type.as_str()));
            let headers = r.headers.iter().map(|h| (ident(&fields.claim(h.ident.clone())), h)).collect();
            Variant {
                response: r,
                name: format_ident!("{}", r.ident),
                body,
                headers,
                has_status: !matches!(r.status, StatusMatch::Code(_)),
            }
        })
        .collect()
}

/// The response enum of `op` and its `IntoResponse` implementation.
pub(super) fn response_enum(
    op: &Operation,
    name: &Ident,
    space: &TypeSpace,
    schemas: &SchemaNames,
    uses: &Uses,
) -> TokenStream {
    let variants = variants(op);
    let decls = variants.iter().map(|v| {
        let status = match v.response.status {
            StatusMatch::Code(code) => format!("Status {code}."),
            StatusMatch::Range(class) => format!("A status in {class}XX."),
            StatusMatch::Default => "Any status the other variants do not cover.".to_owned(),
        };
        let docs = doc_paragraphs([Some(v.response.description.as_str()), Some(status.as_str())]);
        let variant = &v.name;
        if v.is_tuple() {
            let body = v.body.as_ref().map(|(carried, ..)| carried.tokens(space, uses));
            return quote! { #docs #variant(#body), };
        }
        if v.body.is_none() && v.headers.is_empty() && !v.has_status {
            return quote! { #docs #variant, };
        }
        let status = v.has_status.then(|| {
            quote! {
                /// The status to answer with.
                status: axum::http::StatusCode,
            }
        });
        let body = v.body.as_ref().map(|(carried, _, media_type)| {
            let doc = doc_literal(&format!(" The `{media_type}` body."));
            let ty = carried.tokens(space, uses);
            quote! { #[doc = #doc] body: #ty, }
        });
        let headers = v.headers.iter().map(|(field, h)| {
            let wire = format!("The `{}` header.", h.name);
            let docs = doc_paragraphs([h.description.as_deref(), Some(wire.as_str())]);
            let ty = uses.model_type(&h.ty, space);
            let ty = if h.required { ty } else { quote!(Option<#ty>) };
            quote! { #docs #field: #ty, }
        });
        quote! { #docs #variant { #status #body #(#headers)* }, }
    });
    let unimplemented = not_implemented_variant(op);
    let unimplemented_doc = doc_literal(
        " The operation is not implemented: what an [`Api`](crate::Api) method answers unless implemented (501, \
         with a JSON error body). Not a response of the spec.",
    );
    let op_id = &op.id;
    let mut statics = Vec::new();
    let mut arms: Vec<TokenStream> = variants.iter().map(|v| arm(v, schemas, &mut statics, uses)).collect();
    schemas.record_use(uses);
    let server = uses.item("server");
    arms.push(quote! { Self::#unimplemented => #server::HttpError::not_implemented(#op_id).into_response(), });
    let into_response = uses.item("IntoResponse");
    let doc = doc_literal(&format!(" The responses of `{}` (`{} {}`).", op.id, op.method.as_str(), op.path));
    let derives = derives(variants.iter().any(|v| matches!(v.body, Some((Carried::Stream, ..)))));
    quote! {
        #[doc = #doc]
        #derives
        // A response is built once and moved out: boxing bodies would cost
        // every handler an allocation and an extra `Box::new` for nothing.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#decls)*
            #[doc = #unimplemented_doc]
            #unimplemented,
        }

        impl #into_response for #name {
            fn into_response(self) -> axum::response::Response {
                #(#statics)*
                match self { #(#arms)* }
            }
        }
    }
}

/// The variant an `Api` method's default answers with: `NotImplemented`,
/// unless the spec's own responses took that name.
pub(super) fn not_implemented_variant(op: &Operation) -> Ident {
    let mut scope = Scope::with_reserved(op.responses.iter().map(|r| r.ident.as_str()));
    format_ident!("{}", scope.claim("NotImplemented".to_owned()))
}

/// The match arm turning one variant into a response.
fn arm(v: &Variant<'_>, schemas: &SchemaNames, statics: &mut Vec<TokenStream>, uses: &Uses) -> TokenStream {
    let variant = &v.name;
    let server = uses.item("server");
    let status = match v.response.status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        _ => quote!(status.as_u16()),
    };
    let reply = match &v.body {
        None => quote!(#server::Reply::empty(#status)),
        Some((_, MediaKind::Text, media_type)) => quote!(#server::Reply::text(#status, body, #media_type)),
        Some((_, MediaKind::Json, _)) => {
            let schema = match v.response.contents.first().and_then(|c| c.ty.as_ref()) {
                None => quote!(&#server::Schema::Any),
                Some(ty @ (TypeRef::Named(_) | TypeRef::Boxed(_))) => schema_ref(ty, &Constraints::default(), schemas),
                Some(ty) => {
                    // An inline schema may point at statics, so it is a
                    // static itself rather than a promoted constant.
                    let name = format_ident!("{}_BODY", const_ident(&v.name.to_string()));
                    let value = schema_value(ty, &Constraints::default(), schemas);
                    statics.push(quote! { static #name: #server::Schema = #value; });
                    quote!(&#name)
                }
            };
            quote!(#server::Reply::json(#status, &body, #schema))
        }
        Some((_, _, media_type)) => quote!(#server::Reply::stream(#status, body, #media_type)),
    };
    let headers = v.headers.iter().map(|(field, h)| {
        let wire = &h.name;
        quote!(.header(#wire, &#field))
    });
    let pattern = if v.is_tuple() {
        quote!(Self::#variant(body))
    } else if v.body.is_none() && v.headers.is_empty() && !v.has_status {
        quote!(Self::#variant)
    } else {
        let status = v.has_status.then(|| quote!(status,));
        let body = v.body.as_ref().map(|_| quote!(body,));
        let fields = v.headers.iter().map(|(field, _)| field);
        quote!(Self::#variant { #status #body #(#fields,)* })
    };
    quote! { #pattern => #reply #(#headers)* .into_response(), }
}

/// How each variant of `op`'s response enum is built, in the order of
/// `op.responses`: for code that constructs responses (the mock server).
pub(super) fn mock_variants(op: &Operation) -> Vec<crate::emit::mock::Variant> {
    use crate::emit::mock::{Shape, Variant as MockVariant};
    variants(op)
        .iter()
        .map(|v| {
            let shape = if v.is_tuple() {
                Shape::Tuple
            } else if v.body.is_none() && v.headers.is_empty() && !v.has_status {
                Shape::Unit
            } else {
                Shape::Fields {
                    status: v.has_status,
                    body: v.body.is_some(),
                    headers: v.headers.iter().map(|(field, _)| field.clone()).collect(),
                }
            };
            MockVariant { ident: v.name.clone(), shape }
        })
        .collect()
}
