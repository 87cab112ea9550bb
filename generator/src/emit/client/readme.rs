//! What the client README shows beyond the shared context: a complete
//! call of one operation (Rust built as tokens and pretty-printed like
//! every generated source), the methods, and how to authenticate.

use minijinja::{Value, context};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value as Json;

use super::auth::{credential_kind, example_credentials, what_it_sends};
use super::names::Names;
use super::{bodies, params, responses};
use crate::emit::types::ident;
use crate::ir::{Api, Operation, Parameter, TypeRef};
use crate::naming::crate_name;

/// The `parts` of the client README template.
pub(super) fn context(api: &Api, names: &Names) -> Result<Value, String> {
    let operations: Vec<Value> = api
        .operations
        .iter()
        .map(|op| {
            context! {
                method_name => op.fn_ident,
                http_method => op.method.as_str(),
                path => op.path,
                summary => op.summary.as_deref().map(|s| s.lines().next().unwrap_or_default().trim().to_owned()),
            }
        })
        .collect();
    let schemes: Vec<Value> = api
        .security_schemes
        .iter()
        .zip(&names.schemes)
        .filter(|(_, name)| name.is_some())
        .map(|(scheme, _)| context! { key => scheme.key, sends => what_it_sends(scheme), credentials => credential_kind(scheme) })
        .collect();
    let server = api.servers.first();
    let variables: Vec<Value> = server
        .map(|s| {
            s.variables
                .iter()
                .zip(&names.variables)
                .map(|(v, n)| context! { name => v.name, method => n.field, type_name => n.enum_name, default => v.default, allowed => v.allowed })
                .collect()
        })
        .unwrap_or_default();
    let streaming: Vec<&str> = names.operations.iter().filter_map(|n| n.streaming.as_deref()).collect();
    Ok(context! {
        example => example(api, names)?,
        operations => operations,
        streaming => streaming,
        schemes => schemes,
        server => server.map(|s| s.url.clone()).unwrap_or_else(|| "/".to_owned()),
        server_is_relative => !server.is_some_and(|s| s.url.contains("://")),
        variables => variables,
    })
}

/// The operation the example calls: the first that needs no body and only
/// arguments easy to write down, else the first without a body, else the first.
fn example_operation(api: &Api) -> Option<(usize, &Operation)> {
    let simple = |op: &&Operation| params::required(op).iter().all(|p| literal(p).is_some());
    let ops = || api.operations.iter().enumerate();
    ops()
        .find(|(_, op)| op.body.is_none() && simple(op))
        .or_else(|| ops().find(|(_, op)| op.body.is_none()))
        .or_else(|| ops().next())
}

/// A literal for a parameter of a simple type: its example, else its name
/// (strings) or a plain value.
fn literal(p: &Parameter) -> Option<TokenStream> {
    let example = p.example.as_ref();
    Some(match &p.ty {
        TypeRef::String => {
            let text = example.and_then(Json::as_str).unwrap_or(&p.name).to_owned();
            quote! { #text }
        }
        ty if ty.is_integer() => {
            let n =
                proc_macro2::Literal::i64_unsuffixed(example.and_then(Json::as_i64).filter(|n| *n >= 0).unwrap_or(1));
            quote! { #n }
        }
        TypeRef::F32 | TypeRef::F64 => {
            let n = proc_macro2::Literal::f64_unsuffixed(
                example.and_then(Json::as_f64).filter(|f| f.is_finite() && *f >= 0.0).unwrap_or(1.0),
            );
            quote! { #n }
        }
        TypeRef::Boolean => {
            let b = example.and_then(Json::as_bool).unwrap_or(true);
            quote! { #b }
        }
        _ => return None,
    })
}

fn example(api: &Api, names: &Names) -> Result<String, String> {
    let crate_ident = crate_name(&format!("{}-client", api.name)).replace('-', "_");
    let crate_ident: syn::Ident =
        syn::parse_str(&crate_ident).map_err(|_| format!("`{crate_ident}` cannot name a crate in Rust code"))?;
    let chosen = example_operation(api);
    let credentials = chosen.and_then(|(_, op)| example_credentials(api, &op.security));
    let base_url = (!api.servers.first().is_some_and(|s| s.url.contains("://"))).then(|| {
        let url = format!(
            "https://api.example.com{}",
            api.servers.first().map(|s| s.url.trim_end_matches('/')).unwrap_or_default()
        );
        quote! { .base_url(#url) }
    });
    let with_credentials = credentials.as_ref().map(|c| quote! { .credentials(#c) });
    let mut imports = vec![quote! { Client }];
    if credentials.is_some() {
        imports.push(quote! { Credentials });
    }
    let call = match chosen {
        Some((index, op)) => call(api, names, index, op, &mut imports),
        None => quote! { println!("{}", client.base_url()); },
    };
    let imports = quote! { use #crate_ident::{#(#imports),*}; };
    let main = quote! {
        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = Client::builder() #base_url #with_credentials .build()?;
            #call
            Ok(())
        }
    };
    // Formatted apart so that a blank line separates the imports from `main`.
    Ok(format!("{}\n{}", unparse(imports)?, unparse(main)?))
}

fn unparse(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("README example is not valid Rust: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// The statements calling `op`.
fn call(api: &Api, names: &Names, index: usize, op: &Operation, imports: &mut Vec<TokenStream>) -> TokenStream {
    let op_names = names.operations.get(index).cloned().unwrap_or_default();
    let mut args: Vec<TokenStream> = params::required(op)
        .into_iter()
        .map(|p| literal(p).unwrap_or_else(|| quote! { &Default::default() }))
        .collect();
    let mut setup = TokenStream::new();
    if let Some(body) = &op.body {
        if body.required {
            let (ty, value, needs) = bodies::example_value(op, api);
            imports.extend(needs.into_iter().map(|name| {
                let name = ident(name);
                quote! { #name }
            }));
            setup = quote! { let body: #ty = #value; };
            args.push(quote! { &body });
        } else {
            args.push(quote! { None });
        }
    }
    if op_names.options.is_some() {
        args.push(quote! { Default::default() });
    }
    let fn_name = ident(&op.fn_ident);
    let returns_unit = responses::returns_nothing(op, op_names.response.as_deref());
    if returns_unit {
        quote! {
            #setup
            client.#fn_name(#(#args),*).await?;
        }
    } else {
        quote! {
            #setup
            let response = client.#fn_name(#(#args),*).await?;
            println!("{response:#?}");
        }
    }
}
