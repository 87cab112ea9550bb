//! What a handler does before calling the trait: the `static` parameter
//! and body descriptions, and the statements that read them from the
//! request through `oapi_runtime::server::Incoming`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::defaults::fallback;
use super::operation_types::{Body, BodyPart, FileField, OpTypes};
use super::schema::{SchemaNames, schema_ref};
use crate::emit::docs::doc_literal;
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{MediaKind, ParamLocation, ParamStyle, Parameter, Presence, TypeRef, TypeSpace};
use crate::naming::{Scope, const_ident};

/// The statics a handler declares and the statements that bind `path`,
/// `query`, `headers`, `cookies` and `body`.
pub(super) struct Extraction {
    pub statics: Vec<TokenStream>,
    pub statements: Vec<TokenStream>,
    /// Whether the statements read parameters, which takes them out of
    /// `incoming` (so it is `mut`).
    pub reads_params: bool,
}

/// The extraction code of one operation. `multipart` names the helper
/// that sets the file parts of a model type, when one is needed;
/// `stream_limit` bounds a binary body read as a stream.
pub(super) fn extraction(
    types: &OpTypes,
    stream_limit: Option<u64>,
    space: &TypeSpace,
    schemas: &SchemaNames,
    multipart: &dyn Fn(&TypeRef) -> Option<Ident>,
    uses: &Uses,
) -> Extraction {
    let mut scope = Scope::with_reserved(["BODY"]);
    let mut statics = Vec::new();
    let mut statements = Vec::new();
    let mut checks = Vec::new();
    for group in &types.params {
        let fields = group.params.iter().map(|p| {
            let name = format_ident!("{}", scope.claim(const_ident(p.ident.trim_start_matches("r#"))));
            statics.push(param_static(&name, p, schemas, uses));
            let required = p.required;
            checks.push(quote!((&#name, #required)));
            let field = ident(&p.ident);
            if p.required {
                quote!(#field: incoming.required(&#name)?)
            } else if let Some(fallback) = fallback(p, space) {
                let call = fallback.call(uses);
                quote!(#field: incoming.param(&#name)? #call)
            } else {
                quote!(#field: incoming.param(&#name)?)
            }
        });
        let fields: Vec<TokenStream> = fields.collect();
        let (arg, ty) = (&group.arg, &group.ident);
        let operations = uses.item("operations");
        statements.push(quote! { let #arg = #operations::#ty { #(#fields),* }; });
    }
    // Each parameter is read with `?`: check them all first, so that a 400
    // names every parameter at fault, not only the first.
    if checks.len() > 1 {
        statements.insert(0, quote! { incoming.check(&[#(#checks),*])?; });
    }
    if let Some(body) = &types.body {
        statics.push(body_static(body, schemas, uses));
        statements.push(body_statement(body, stream_limit, multipart, uses));
    }
    schemas.record_use(uses);
    Extraction { statics, statements, reads_params: !checks.is_empty() }
}

fn param_static(name: &Ident, p: &Parameter, schemas: &SchemaNames, uses: &Uses) -> TokenStream {
    let wire = &p.name;
    let server = uses.item("server");
    let (constructor, default_style, default_explode) = match p.location {
        ParamLocation::Path => (quote!(path), ParamStyle::Simple, false),
        ParamLocation::Query => (quote!(query), ParamStyle::Form, true),
        ParamLocation::Header => (quote!(header), ParamStyle::Simple, false),
        ParamLocation::Cookie => (quote!(cookie), ParamStyle::Form, true),
    };
    let schema = schema_ref(&p.ty, &p.constraints, schemas);
    if p.json.is_some() {
        return quote! {
            static #name: #server::Param = #server::Param::#constructor(#wire, #schema).json();
        };
    }
    let style = (p.style != default_style || p.explode != default_explode).then(|| {
        let (style, explode) = (style_variant(p.style), p.explode);
        quote!(.style(#server::Style::#style, #explode))
    });
    quote! {
        static #name: #server::Param = #server::Param::#constructor(#wire, #schema) #style;
    }
}

/// The variant of the runtime's `server::Style` for `style`.
fn style_variant(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Form => quote!(Form),
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::Label => quote!(Label),
        ParamStyle::Matrix => quote!(Matrix),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
    }
}

fn body_static(body: &Body, schemas: &SchemaNames, uses: &Uses) -> TokenStream {
    let server = uses.item("server");
    let contents = body.contents.iter().map(|c| {
        let media_type = &c.media_type;
        let schema = match &c.ty {
            Some(ty) => schema_ref(ty, &Default::default(), schemas),
            None => quote!(&#server::Schema::Any),
        };
        match c.kind {
            MediaKind::Json => quote!(#server::Content::json(#media_type, #schema)),
            MediaKind::Form if c.styled.is_empty() => quote!(#server::Content::form(#media_type, #schema)),
            MediaKind::Form => {
                let styled = c.styled.iter().map(|field| {
                    let (name, style) = (&field.name, style_variant(field.style.param_style()));
                    quote!((#name, #server::Style::#style))
                });
                quote!(#server::Content::form_styled(#media_type, #schema, &[#(#styled),*]))
            }
            MediaKind::Multipart => quote!(#server::Content::multipart(#media_type, #schema)),
            MediaKind::Text => quote!(#server::Content::text(#media_type, #schema)),
            MediaKind::Binary => quote!(#server::Content::binary(#media_type)),
        }
    });
    let required = body.required;
    quote! {
        static BODY: #server::BodySpec = #server::BodySpec { required: #required, contents: &[#(#contents),*] };
    }
}

/// How `decoded` becomes the Rust value of one content type.
enum Conversion {
    /// Deserialized into the model.
    Model,
    /// Kept as bytes.
    Binary,
    /// Deserialized with its file parts, by this helper.
    WithFiles(Ident),
}

impl Conversion {
    fn of(part: &BodyPart, multipart: &dyn Fn(&TypeRef) -> Option<Ident>) -> Self {
        if part.kind == MediaKind::Binary {
            return Self::Binary;
        }
        if part.kind == MediaKind::Multipart && !part.files.is_empty() {
            if let Some(helper) = part.ty.as_ref().and_then(multipart) {
                return Self::WithFiles(helper);
            }
        }
        Self::Model
    }

    fn tokens(&self) -> TokenStream {
        match self {
            Self::Model => quote!(decoded.into_model()?),
            Self::Binary => quote!(decoded.into_stream()),
            Self::WithFiles(helper) => quote!(#helper(decoded)?),
        }
    }
}

fn body_statement(
    body: &Body,
    stream_limit: Option<u64>,
    multipart: &dyn Fn(&TypeRef) -> Option<Ident>,
    uses: &Uses,
) -> TokenStream {
    let first = Conversion::of(&body.contents[0], multipart);
    // A binary body is left unread for the handler, within the limit.
    let (read, read_required) = if body.streams() {
        let limit = match stream_limit {
            Some(limit) => quote!(Some(#limit)),
            None => quote!(None),
        };
        (quote!(streamed_body(&BODY, #limit)), quote!(required_streamed_body(&BODY, #limit)))
    } else {
        (quote!(body(&BODY)), quote!(required_body(&BODY)))
    };
    // One model: read as it is checked (a JSON body without a value in between).
    if body.enum_ident.is_none() && matches!(first, Conversion::Model) && !body.streams() {
        return if body.required {
            quote! { let body = incoming.required_model(&BODY).await?; }
        } else {
            quote! { let body = incoming.model(&BODY).await?; }
        };
    }
    // Whether reading the value can fail (a `?` in it).
    let fallible = body.contents.iter().any(|part| !matches!(Conversion::of(part, multipart), Conversion::Binary));
    let value = match &body.enum_ident {
        None => first.tokens(),
        Some(name) => {
            let last = body.contents.len() - 1;
            let arms = body.contents.iter().enumerate().map(|(i, part)| {
                let conversion = Conversion::of(part, multipart).tokens();
                let variant = &part.variant;
                let index = proc_macro2::Literal::usize_unsuffixed(i);
                let pattern = if i == last { quote!(_) } else { quote!(#index) };
                let operations = uses.item("operations");
                quote! { #pattern => #operations::#name::#variant(#conversion), }
            });
            quote! { match decoded.content() { #(#arms)* } }
        }
    };
    if body.required {
        quote! {
            let decoded = incoming.#read_required.await?;
            let body = #value;
        }
    } else if fallible {
        quote! {
            let body = match incoming.#read.await? {
                Some(decoded) => Some(#value),
                None => None,
            };
        }
    } else {
        // Nothing to propagate: a `map`, as clippy's `manual_map` asks.
        quote! { let body = incoming.#read.await?.map(|decoded| #value); }
    }
}

/// A helper that decodes a multipart body into `ty` with its file parts.
pub(super) fn multipart_helper(
    name: &Ident,
    ty: &TokenStream,
    type_name: &str,
    files: &[FileField],
    uses: &Uses,
) -> TokenStream {
    let server = uses.item("server");
    let local = |f: &FileField| format_ident!("{}_part", f.field.to_string().trim_start_matches("r#"));
    let takes = files.iter().map(|f| {
        let (part, local) = (&f.name, local(f));
        if f.many {
            quote!(let #local = decoded.take_files(#part);)
        } else {
            quote!(let #local = decoded.take_file(#part);)
        }
    });
    let sets = files.iter().map(|f| {
        let (field, part) = (&f.field, local(f));
        match (f.many, f.presence) {
            (false, Presence::Required) => quote!(if let Some(file) = #part { body.#field = file; }),
            (false, Presence::Optional | Presence::RequiredNullable) => quote!(body.#field = #part;),
            (false, Presence::OptionalNullable) => quote!(body.#field = #part.map(Some);),
            (true, Presence::Required) => quote!(body.#field = #part;),
            (true, Presence::Optional | Presence::RequiredNullable) => quote!(body.#field = Some(#part);),
            (true, Presence::OptionalNullable) => quote!(body.#field = Some(Some(#part));),
        }
    });
    let doc = doc_literal(&format!(" A `{type_name}` from a multipart body, with its file parts."));
    quote! {
        #[doc = #doc]
        fn #name(mut decoded: #server::Decoded) -> Result<#ty, #server::HttpError> {
            #(#takes)*
            let mut body: #ty = decoded.into_model()?;
            #(#sets)*
            Ok(body)
        }
    }
}
