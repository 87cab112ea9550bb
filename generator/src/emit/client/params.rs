//! Parameters: required ones become method arguments, optional ones the
//! fields of the operation's options struct; each becomes a call on the
//! runtime request that serializes it in its location and style.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::{Docs, doc_paragraphs};
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{Api, Operation, ParamLocation, ParamStyle, Parameter, PathSegment, TypeRef};

/// The parameters that are method arguments: path parameters in the order
/// the path names them, then the other required ones in spec order.
pub(super) fn required(op: &Operation) -> Vec<&Parameter> {
    let in_path = |p: &&Parameter| p.location == ParamLocation::Path;
    let mut out: Vec<&Parameter> = Vec::new();
    let named = op.segments.iter().filter_map(|segment| match segment {
        PathSegment::Param(name) => op.parameters.iter().filter(in_path).find(|p| &p.name == name),
        PathSegment::Literal(_) => None,
    });
    let rest = op.parameters.iter().filter(|p| in_path(p) || p.required);
    for p in named.chain(rest) {
        if !out.iter().any(|seen| std::ptr::eq(*seen, p)) {
            out.push(p);
        }
    }
    out
}

/// The parameters that go in the options struct.
pub(super) fn optional(op: &Operation) -> Vec<&Parameter> {
    op.parameters.iter().filter(|p| p.location != ParamLocation::Path && !p.required).collect()
}

/// Whether a required parameter of type `ty` is taken by reference (else
/// by value, and the runtime gets `&value`).
fn by_reference(ty: &TypeRef) -> bool {
    !(ty.is_integer() || matches!(ty, TypeRef::F32 | TypeRef::F64 | TypeRef::Boolean))
}

/// The type a required parameter is taken as.
fn arg_type(ty: &TypeRef, api: &Api, uses: &Uses) -> TokenStream {
    match ty {
        TypeRef::String => quote! { &str },
        _ if !by_reference(ty) => uses.model_type(ty, &api.types),
        TypeRef::Array(item) => {
            let item = uses.model_type(item, &api.types);
            quote! { &[#item] }
        }
        other => {
            let ty = uses.model_type(other, &api.types);
            quote! { &#ty }
        }
    }
}

/// `name: type` for each required parameter.
pub(super) fn args(op: &Operation, api: &Api, uses: &Uses) -> Vec<TokenStream> {
    required(op)
        .into_iter()
        .map(|p| {
            let name = ident(&p.ident);
            let ty = arg_type(&p.ty, api, uses);
            quote! { #name: #ty }
        })
        .collect()
}

/// The request calls that add every parameter: the arguments in order,
/// then the options.
pub(super) fn request_calls(op: &Operation, uses: &Uses) -> TokenStream {
    let arguments = required(op).into_iter().map(|p| {
        let name = ident(&p.ident);
        let value = if by_reference(&p.ty) {
            quote! { #name }
        } else {
            quote! { &#name }
        };
        call(p, &value, uses)
    });
    let options = optional(op).into_iter().map(|p| {
        let name = ident(&p.ident);
        call(p, &quote! { &options.#name }, uses)
    });
    arguments.chain(options).collect()
}

/// Whether a parameter's call names its style (it is not its location's default).
pub(super) fn names_style(p: &Parameter) -> bool {
    if p.json.is_some() {
        return false;
    }
    match p.location {
        ParamLocation::Path => p.style != ParamStyle::Simple || p.explode,
        ParamLocation::Query => p.style != ParamStyle::Form || !p.explode,
        ParamLocation::Header | ParamLocation::Cookie => false,
    }
}

fn call(p: &Parameter, value: &TokenStream, uses: &Uses) -> TokenStream {
    let wire = &p.name;
    if p.json.is_some() {
        // JSON text, then encoded as any text is in its location.
        let value = quote! { &oapi_runtime::client::JsonText(#value) };
        return match p.location {
            ParamLocation::Path => quote! { .path_param(#wire, #value) },
            ParamLocation::Query => quote! { .query(#wire, #value) },
            ParamLocation::Header => quote! { .header(#wire, #value) },
            ParamLocation::Cookie => quote! { .cookie(#wire, #value) },
        };
    }
    let explode = p.explode;
    match p.location {
        ParamLocation::Path if !names_style(p) => quote! { .path_param(#wire, #value) },
        ParamLocation::Path => {
            let style = style(p.style, uses);
            quote! { .path_param_styled(#wire, #value, #style, #explode) }
        }
        ParamLocation::Query if !names_style(p) => quote! { .query(#wire, #value) },
        ParamLocation::Query => {
            let style = style(p.style, uses);
            quote! { .query_styled(#wire, #value, #style, #explode) }
        }
        ParamLocation::Header if !explode => quote! { .header(#wire, #value) },
        ParamLocation::Header => quote! { .header_styled(#wire, #value, true) },
        ParamLocation::Cookie if explode => quote! { .cookie(#wire, #value) },
        ParamLocation::Cookie => quote! { .cookie_styled(#wire, #value, false) },
    }
}

pub(super) fn style(style: ParamStyle, uses: &Uses) -> TokenStream {
    let variant = match style {
        ParamStyle::Form => quote! { Form },
        ParamStyle::Simple => quote! { Simple },
        ParamStyle::Label => quote! { Label },
        ParamStyle::Matrix => quote! { Matrix },
        ParamStyle::SpaceDelimited => quote! { SpaceDelimited },
        ParamStyle::PipeDelimited => quote! { PipeDelimited },
        ParamStyle::DeepObject => quote! { DeepObject },
    };
    let ty = uses.item("Style");
    quote! { #ty::#variant }
}

/// Where a parameter goes, for docs: "query parameter `page`".
pub(super) fn place(p: &Parameter) -> String {
    let location = match p.location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    match &p.json {
        Some(media_type) => format!("{location} `{}` (as `{media_type}` text)", p.name),
        None => format!("{location} `{}`", p.name),
    }
}

/// Notes on a parameter beyond its description: deprecation and default.
pub(super) fn notes(p: &Parameter) -> Vec<String> {
    let mut notes = Vec::new();
    if p.deprecated {
        notes.push("Deprecated.".to_owned());
    }
    if let Some(default) = &p.default {
        notes.push(format!("The server's default: `{default}`."));
    }
    notes
}

/// The options struct of an operation with optional parameters.
pub(super) fn options_struct(op: &Operation, api: &Api, name: &str, method: &str, uses: &Uses) -> TokenStream {
    let docs = Docs::new()
        .own(format!("Optional parameters of [`Client::{method}`]; `Default::default()` sends none of them."))
        .tokens();
    let fields = optional(op).into_iter().map(|p| {
        let place = format!("Sent as {}.", place(p));
        let notes = notes(p);
        let docs = doc_paragraphs(
            [p.description.as_deref(), Some(place.as_str())].into_iter().chain(notes.iter().map(|n| Some(n.as_str()))),
        );
        let field = ident(&p.ident);
        let ty = uses.model_type(&p.ty, &api.types);
        quote! {
            #docs
            pub #field: Option<#ty>,
        }
    });
    let name = ident(name);
    quote! {
        #docs
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    }
}
