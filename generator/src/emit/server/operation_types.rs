//! The `operations` module of a server crate: per operation, the structs
//! of its path, query, header and cookie parameters and, when its content
//! types carry different types, an enum of its bodies. Response enums are
//! in [`super::responses`].

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::defaults::fallback;
use crate::emit::docs::{doc_literal, doc_paragraphs};
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{
    Api, MediaKind, Operation, ParamLocation, Parameter, Presence, StyledField, TypeKind, TypeRef, TypeSpace,
};
use crate::naming::{Scope, pascal_ident};

/// The names and shapes of an operation's own types.
pub(super) struct OpTypes {
    /// One struct per parameter location the operation uses, in the
    /// order the trait method takes them.
    pub params: Vec<ParamGroup>,
    /// The body, if the operation has one.
    pub body: Option<Body>,
    /// The response enum.
    pub response: Ident,
}

/// The parameters of one location.
pub(super) struct ParamGroup {
    /// Where they are.
    pub location: ParamLocation,
    /// The struct's name.
    pub ident: Ident,
    /// The trait method's argument name.
    pub arg: Ident,
    /// The parameters, in spec order.
    pub params: Vec<Parameter>,
}

/// An operation's request body.
pub(super) struct Body {
    /// Whether requests must have one.
    pub required: bool,
    /// The enum of bodies, when content types carry different types.
    pub enum_ident: Option<Ident>,
    /// Per content type, in spec order.
    pub contents: Vec<BodyPart>,
}

impl Body {
    /// The type the handler receives (without the `Option` of an optional
    /// body): the enum of bodies, or the one type every content carries.
    pub(super) fn ty(&self, space: &TypeSpace, uses: &Uses) -> TokenStream {
        match &self.enum_ident {
            Some(name) => {
                let operations = uses.item("operations");
                quote!(#operations::#name)
            }
            None => self.contents[0].carried.tokens(space, uses),
        }
    }

    /// Whether a content is binary, read as a stream.
    pub(super) fn streams(&self) -> bool {
        self.contents.iter().any(|c| c.carried == Carried::Stream)
    }
}

/// How the body of one content type becomes the handler's value.
pub(super) struct BodyPart {
    /// The media type.
    pub media_type: String,
    /// Its encoding.
    pub kind: MediaKind,
    /// The body's schema type, if the spec gives one.
    pub ty: Option<TypeRef>,
    /// A form's fields sent in a style of their own.
    pub styled: Vec<StyledField>,
    /// What this content's body is carried as ([`carried`]).
    pub carried: Carried,
    /// The enum variant carrying it, when there is an enum.
    pub variant: Option<Ident>,
    /// File parts of a multipart body, set on the model after decoding.
    pub files: Vec<FileField>,
}

/// A `format: binary` member of a multipart body's object.
pub(super) struct FileField {
    /// Part name.
    pub name: String,
    /// Field of the model.
    pub field: Ident,
    /// Whether the field is an array of files.
    pub many: bool,
    /// The field's presence in the model.
    pub presence: Presence,
}

/// Names every operation's types, unique across the module.
pub(super) fn plan(api: &Api) -> Vec<OpTypes> {
    let mut scope = Scope::with_reserved(super::imports::importable_names());
    api.operations.iter().map(|op| plan_one(op, &api.types, &mut scope)).collect()
}

fn plan_one(op: &Operation, space: &TypeSpace, scope: &mut Scope) -> OpTypes {
    let mut claim = |suffix: &str| format_ident!("{}", scope.claim(format!("{}{suffix}", op.type_ident)));
    let locations = [
        (ParamLocation::Path, "Path", "path"),
        (ParamLocation::Query, "Query", "query"),
        (ParamLocation::Header, "Headers", "headers"),
        (ParamLocation::Cookie, "Cookies", "cookies"),
    ];
    let params = locations
        .into_iter()
        .filter_map(|(location, suffix, arg)| {
            let params: Vec<Parameter> = op.parameters.iter().filter(|p| p.location == location).cloned().collect();
            (!params.is_empty()).then(|| ParamGroup {
                location,
                ident: claim(suffix),
                arg: format_ident!("{arg}"),
                params,
            })
        })
        .collect();
    let body = op.body.as_ref().filter(|b| !b.contents.is_empty()).map(|b| {
        let mut variants = Scope::default();
        let mut contents: Vec<BodyPart> = b
            .contents
            .iter()
            .map(|c| {
                let carried = carried(c.kind, c.ty.as_ref());
                let files = if c.kind == MediaKind::Multipart { file_fields(c.ty.as_ref(), space) } else { Vec::new() };
                let variant = format_ident!("{}", variants.claim(kind_name(c.kind, &c.media_type)));
                BodyPart {
                    media_type: c.media_type.clone(),
                    kind: c.kind,
                    ty: c.ty.clone(),
                    styled: c.styled.clone(),
                    carried,
                    variant: Some(variant),
                    files,
                }
            })
            .collect();
        let enum_ident = if contents.iter().all(|c| c.carried == contents[0].carried) {
            contents.iter_mut().for_each(|c| c.variant = None);
            None
        } else {
            Some(claim("Body"))
        };
        Body { required: b.required, enum_ident, contents }
    });
    OpTypes { params, body, response: claim("Response") }
}

/// The variant name for a content type: its encoding, or the media type
/// when several contents share an encoding.
fn kind_name(kind: MediaKind, media_type: &str) -> String {
    match kind {
        MediaKind::Json => "Json".into(),
        MediaKind::Form => "Form".into(),
        MediaKind::Multipart => "Multipart".into(),
        MediaKind::Text => "Text".into(),
        MediaKind::Binary => pascal_ident(media_type),
    }
}

/// Whether some request or response body of `api` is carried as a stream.
pub(super) fn streams(api: &Api, plans: &[OpTypes]) -> bool {
    let responses = api.operations.iter().flat_map(|op| &op.responses).flat_map(|r| r.contents.first());
    plans.iter().any(|p| p.body.as_ref().is_some_and(Body::streams))
        || responses.map(|c| carried(c.kind, c.ty.as_ref())).any(|c| c == Carried::Stream)
}

/// What a body (or response body) is carried as in a handler's arguments
/// and answers.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Carried {
    /// A value of this type.
    Value(TypeRef),
    /// Bytes as they arrive (`oapi_runtime::ByteStream`): a binary body,
    /// which need not fit in memory.
    Stream,
}

impl Carried {
    pub(super) fn tokens(&self, space: &TypeSpace, uses: &Uses) -> TokenStream {
        match self {
            Self::Value(ty) => uses.model_type(ty, space),
            Self::Stream => quote!(oapi_runtime::ByteStream),
        }
    }
}

/// What a body of the given encoding is carried as: text as a `String`,
/// other bytes as a stream, the rest as its schema's type (any JSON value
/// without one).
pub(super) fn carried(kind: MediaKind, ty: Option<&TypeRef>) -> Carried {
    match (kind, ty) {
        (MediaKind::Text, _) => Carried::Value(TypeRef::String),
        (MediaKind::Binary, _) => Carried::Stream,
        (_, Some(ty)) => Carried::Value(ty.clone()),
        (_, None) => Carried::Value(TypeRef::Any),
    }
}

/// The binary members of a multipart body's object.
fn file_fields(ty: Option<&TypeRef>, space: &TypeSpace) -> Vec<FileField> {
    let Some(TypeRef::Named(id)) = ty else { return Vec::new() };
    let TypeKind::Struct(s) = &space.get(*id).kind else { return Vec::new() };
    s.fields
        .iter()
        .filter_map(|f| {
            let many = match &f.ty {
                TypeRef::Binary => false,
                TypeRef::Array(items) if **items == TypeRef::Binary => true,
                _ => return None,
            };
            Some(FileField { name: f.name.clone(), field: ident(&f.ident), many, presence: f.presence() })
        })
        .collect()
}

/// The Rust type of a parameter as the handler receives it: an `Option`
/// when it may be absent and has no default to stand in.
fn param_type(p: &Parameter, space: &TypeSpace, uses: &Uses) -> TokenStream {
    let ty = uses.model_type(&p.ty, space);
    if p.required || fallback(p, space).is_some() { ty } else { quote!(Option<#ty>) }
}

/// The items of the operations module for one operation (without its response enum).
pub(super) fn items(op: &Operation, types: &OpTypes, space: &TypeSpace, uses: &Uses) -> TokenStream {
    let structs = types.params.iter().map(|group| {
        let name = &group.ident;
        let noun = match group.location {
            ParamLocation::Path => "path parameters",
            ParamLocation::Query => "query parameters",
            ParamLocation::Header => "header parameters",
            ParamLocation::Cookie => "cookie parameters",
        };
        let doc = doc_literal(&format!(" The {noun} of `{}` (`{} {}`).", op.id, op.method.as_str(), op.path));
        let fields = group.params.iter().map(|p| {
            let field = ident(&p.ident);
            let ty = param_type(p, space, uses);
            let wire = format!("`{}`.", p.name);
            // A required parameter is never absent: its default means nothing.
            let default = p.default.as_ref().filter(|_| !p.required).map(|d| match fallback(p, space) {
                Some(_) => format!("Default when absent: `{d}`."),
                None => format!("`None` when absent; the spec's default is `{d}`."),
            });
            let deprecated = p.deprecated.then_some("Deprecated.");
            let docs = doc_paragraphs([p.description.as_deref(), Some(wire.as_str()), default.as_deref(), deprecated]);
            quote! { #docs pub #field: #ty, }
        });
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq)]
            pub struct #name { #(#fields)* }
        }
    });
    let body_enum = types.body.as_ref().and_then(|body| {
        let name = body.enum_ident.as_ref()?;
        let doc = doc_literal(&format!(" The request body of `{}`, by content type.", op.id));
        let variants = body.contents.iter().filter_map(|c| {
            let variant = c.variant.as_ref()?;
            let rust = c.carried.tokens(space, uses);
            let doc = doc_literal(&format!(" `{}`.", c.media_type));
            Some(quote! { #[doc = #doc] #variant(#rust), })
        });
        let derives = derives(body.streams());
        Some(quote! {
            #[doc = #doc]
            #derives
            #[allow(clippy::large_enum_variant)]
            pub enum #name { #(#variants)* }
        })
    });
    quote! { #(#structs)* #body_enum }
}

/// The derives of an enum carrying bodies: a stream can be neither copied
/// nor compared.
pub(super) fn derives(streams: bool) -> TokenStream {
    if streams { quote!(#[derive(Debug)]) } else { quote!(#[derive(Clone, Debug, PartialEq)]) }
}
