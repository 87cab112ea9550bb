//! The `Api` trait of a server crate: one method per operation, taking
//! the authenticated principal, the typed parameters and body, and
//! returning the operation's response enum.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::auth::{Auth, SecurityNames};
use super::operation_types::OpTypes;
use crate::emit::docs::{doc_paragraphs, own_doc_attrs};
use crate::emit::uses::Uses;
use crate::ir::{Api, Operation, TypeSpace};

/// The arguments of `op`'s method after `&self`, as names and types;
/// the handler binds variables of the same names and passes them in order.
pub(super) fn arguments(
    op: &Operation,
    types: &OpTypes,
    security: &SecurityNames,
    space: &TypeSpace,
    uses: &Uses,
) -> Vec<(Ident, TokenStream)> {
    let mut args = Vec::new();
    match security.auth(op) {
        Auth::None => {}
        Auth::Required(_) => args.push((format_ident!("principal"), quote!(Self::Principal))),
        Auth::Optional(_) => args.push((format_ident!("principal"), quote!(Option<Self::Principal>))),
    }
    for group in &types.params {
        let (operations, ty) = (uses.item("operations"), &group.ident);
        args.push((group.arg.clone(), quote!(#operations::#ty)));
    }
    if let Some(body) = &types.body {
        let ty = body.ty(space, uses);
        args.push((format_ident!("body"), if body.required { ty } else { quote!(Option<#ty>) }));
    }
    args
}

/// The names of `op`'s method's arguments after `&self`, in order.
pub(super) fn argument_names(
    op: &Operation,
    types: &OpTypes,
    security: &SecurityNames,
    space: &TypeSpace,
) -> Vec<Ident> {
    // Only the names are written: what the types would use is not recorded.
    let unwritten = super::imports::uses();
    arguments(op, types, security, space, &unwritten).into_iter().map(|(name, _)| name).collect()
}

/// The `api` module: the trait.
pub(super) fn api_module(api: &Api, plans: &[OpTypes], security: &SecurityNames) -> TokenStream {
    let uses = super::imports::uses();
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .zip(plans)
        .map(|(op, types)| {
            let name = format_ident!("{}", op.fn_ident);
            let arguments = arguments(op, types, security, &api.types, &uses);
            let args = arguments.iter().map(|(name, ty)| quote!(#name: #ty));
            let response = &types.response;
            let route = format!("`{} {}` (`{}`).", op.method.as_str(), op.path, op.id);
            let deprecated = op.deprecated.then_some("Deprecated.");
            let docs =
                doc_paragraphs([op.summary.as_deref(), op.description.as_deref(), Some(route.as_str()), deprecated]);
            let unimplemented = super::responses::not_implemented_variant(op);
            let names = arguments.iter().map(|(name, _)| name);
            // The default ignores what it is given; the names stay the documented ones.
            let ignore = (!arguments.is_empty()).then(|| quote! { let _ = (#(#names,)*); });
            let operations = uses.item("operations");
            let convention = crate::naming::reads_as_conversion(&op.fn_ident)
                .then(|| quote! { #[allow(clippy::wrong_self_convention)] });
            quote! {
                #docs
                #convention
                fn #name(&self, #(#args),*) -> impl Future<Output = #operations::#response> + Send {
                    #ignore
                    std::future::ready(#operations::#response::#unimplemented)
                }
            }
        })
        .collect();
    let principal = (!security.is_empty()).then(|| {
        quote! {
            /// Who made a request: what the [`Authenticator`](crate::Authenticator)
            /// given to [`router`](crate::router) returned for its credentials.
            type Principal: Send + 'static;
        }
    });
    let title = doc_paragraphs([Some(
        format!("The operations of the spec ({}), one method per operation.", api.title).as_str(),
    )]);
    let usage = own_doc_attrs(
        "\nImplement it (methods may be written as `async fn`) and serve it with\n\
         [`router`](crate::router), which authenticates and validates every request\n\
         before calling a method, and turns the returned enum into the HTTP response.\n\
         Every method has a default answering `501 Not Implemented` (with a JSON\n\
         error body), so an implementation overrides only the operations it serves.",
    );
    let docs = quote!(#title #usage);
    let items = quote! {
        #docs
        pub trait Api: Send + Sync + 'static {
            #principal
            #(#methods)*
        }
    };
    let imports = super::imports::use_lines(&uses);
    quote! {
        //! The trait a server implements.
        #imports
        #items
    }
}
