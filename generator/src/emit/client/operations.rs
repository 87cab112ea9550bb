//! `operations.rs`: one async method on `Client` per operation, each
//! followed by the operation's own types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::bodies::{self, Apply};
use super::names::{self, ErrorEnum, Names, OperationNames};
use super::{auth, params, responses, streaming};
use crate::emit::docs::{Docs, code, list_item_text};
use crate::emit::features::{TagFeatures, gate_items};
use crate::emit::runtime_items;
use crate::emit::rust::RustFile;
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{Api, HttpMethod, Operation};
use crate::naming;

/// Clippy's `too_many_arguments` threshold.
const MAX_ARGUMENTS: usize = 7;

pub(super) fn module(api: &Api, names: &Names, features: Option<&TagFeatures>) -> RustFile {
    // What the code below names unqualified, recorded as it is written.
    let uses = Uses::new(|name| names::operations_imports().any(|n| n == name));
    let consts = auth::scheme_consts(api, names, &uses);
    let operations: Vec<TokenStream> =
        (0..api.operations.len()).map(|i| operation(api, i, names, &uses, features)).collect();
    let multipart = bodies::multipart_impls(api, &uses, features);
    // Which names and schemes the module uses depends on the features
    // chosen; with all of them on, every one is used.
    let unused = features.map(|f| {
        let names = f.compiling();
        quote! { #![cfg_attr(not(all(#(feature = #names),*)), allow(unused_imports, dead_code))] }
    });
    let runtime_imports = uses.use_line(quote!(oapi_runtime::client), |name| {
        runtime_items::CLIENT.contains(&name) || runtime_items::CLIENT_REEXPORTS.contains(&name)
    });
    let reqwest_imports = uses.use_line(quote!(reqwest), |name| name == "Method");
    let crate_imports = uses.use_line(quote!(crate), |name| ["Client", "models"].contains(&name));
    let head = quote! {
        //! The operations of the API: one async method on [`Client`] per
        //! operation, each followed by the types of its options, body,
        //! responses and errors.
        #unused

        #runtime_imports
        #reqwest_imports

        #crate_imports

        #consts
    };
    RustFile::new(head, operations.into_iter().chain([multipart]))
}

fn operation(api: &Api, position: usize, names: &Names, uses: &Uses, features: Option<&TagFeatures>) -> TokenStream {
    let (op, op_names) = (&api.operations[position], &names.operations[position]);
    let method_name = op.fn_ident.trim_start_matches("r#");
    let fn_name = ident(&op.fn_ident);
    let error_enum = op_names.error.map(|g| &names.errors[g]);
    let response_names = (op_names.response.as_deref(), error_enum.map(|e| e.name.as_str()));

    let mut args = params::args(op, api, uses);
    args.extend(bodies::arg(op, api, op_names.body.as_deref(), uses));
    if let Some(options) = &op_names.options {
        let options = ident(options);
        args.push(quote! { options: #options });
    }
    let ok = responses::ok_type(op, api, op_names.response.as_deref(), &op_names.contents, uses);
    let error = responses::error_type(error_enum.map(|e| e.name.as_str()));
    let error_type = uses.item("Error");

    let request = request(op, api, names, uses);
    let send = match bodies::apply(op, api, op_names.body.as_deref(), uses) {
        Apply::Nothing => quote! {
            let response = client #request .send().await?;
        },
        Apply::Chain(body) => quote! {
            let response = client #request #body .send().await?;
        },
        Apply::Statement(body) => quote! {
            let request = client #request;
            #body
            let response = request.send().await?;
        },
    };
    // Keeping the response needs a success arm to keep it from; an
    // operation that declares none answers only errors, each returned as is.
    let decode = if responses::has_success(op) {
        let decode = responses::decode(op, response_names, &op_names.contents, true);
        quote! {
            let body: Result<#ok, #error_type<#error>> = #decode;
            Ok((body?, response))
        }
    } else {
        responses::decode(op, response_names, &op_names.contents, false)
    };
    let forward = arg_names(op, op_names);
    let exchange = format_ident!("exchange_{}", method_name);
    let with_response = ident(&op_names.with_response);
    let (headers_struct, read_headers) =
        responses::headers_struct(op, api, op_names.headers.as_deref(), method_name, uses);
    let headers_type = op_names.headers.as_ref().map(|name| {
        let name = ident(name);
        quote! { , #name }
    });
    let (success, response_type) = (uses.item("Success"), uses.item("Response"));
    let with_response_docs = Docs::new()
        .own(format!(
            "[`Client::{method_name}`], with the response's status and headers beside the body (a [`Success`]{}).",
            match &op_names.headers {
                Some(name) => format!(" whose [`Success::headers`] are a [`{name}`]"),
                None => String::new(),
            }
        ))
        .own(format!(
            "# Errors\n\nAs [`Client::{method_name}`]; also [`Error::Decode`] when a header the operation declares \
             is missing though required, or does not read as its type."
        ))
        .tokens();
    let docs = method_docs(api, op, op_names, error_enum);
    let attributes = method_attributes(op, &args);
    // The exchange function takes the client where the methods take `self`.
    let many = too_many(&args);

    let options_struct = op_names.options.as_ref().map(|name| params::options_struct(op, api, name, method_name, uses));
    let body_enum = op_names.body.as_ref().map(|name| bodies::body_enum(op, api, name, method_name, uses));
    let success_enum =
        responses::success_enum(op, api, op_names.response.as_deref(), &op_names.contents, method_name, uses);
    // Each enum of bodies by media type: a success response's with its operation, an error's with its enum.
    let owns_errors = error_enum.is_some_and(|e| e.users.first() == Some(&position));
    // The operation's items are compiled with it, a shared error enum (and
    // its bodies) with any operation that uses it.
    let cfg = features.and_then(|f| f.operation_cfg(position));
    let errors_cfg = features.zip(error_enum).and_then(|(f, e)| f.operations_cfg(&e.users));
    let content_enums: Vec<TokenStream> = op
        .responses
        .iter()
        .zip(&op_names.contents)
        .filter(|(r, _)| r.status.is_success() || owns_errors)
        .filter_map(|(r, name)| {
            let gate = if r.status.is_success() { &cfg } else { &errors_cfg };
            name.as_deref()
                .map(|name| gate_items(gate.as_ref(), responses::content_enum(r, name, method_name, api, uses)))
        })
        .collect();
    // A shared error enum follows the first operation that uses it.
    let error_enum = error_enum.filter(|e| e.users.first() == Some(&position)).map(|e| {
        // A method is linked from the enum's docs only where it is compiled
        // whenever the enum is: features may keep some users out.
        let users: Vec<(&Operation, &str, bool)> = e
            .users
            .iter()
            .map(|&i| {
                let linked = features.is_none_or(|f| f.compiled_with(i, &e.users));
                (&api.operations[i], api.operations[i].fn_ident.trim_start_matches("r#"), linked)
            })
            .collect();
        gate_items(errors_cfg.as_ref(), responses::error_enum(&e.name, &users, &e.alike, &e.contents, api, uses))
    });
    let client = uses.item("Client");
    let streaming = streaming::method(api, position, names, uses);
    let own = quote! {
        impl #client {
            #docs
            #attributes
            pub async fn #fn_name(&self, #(#args),*) -> Result<#ok, #error_type<#error>> {
                #exchange(self, #(#forward),*).await.map(|(body, _)| body)
            }

            #with_response_docs
            #attributes
            pub async fn #with_response(&self, #(#args),*) -> Result<#success<#ok #headers_type>, #error_type<#error>> {
                let (body, response) = #exchange(self, #(#forward),*).await?;
                Ok(#success::new(response.status(), #read_headers, response.headers().clone(), body))
            }

            #streaming
        }

        /// Sends the request and decodes the body, keeping the response.
        #many
        async fn #exchange(client: &#client, #(#args),*) -> Result<(#ok, #response_type), #error_type<#error>> {
            #send
            #decode
        }

        #headers_struct

        #options_struct
        #body_enum
        #success_enum
    };
    let own = gate_items(cfg.as_ref(), own);
    quote! {
        #own
        #error_enum
        #(#content_enums)*
    }
}

/// The attributes of a method of `op` taking `args` after `&self`: the
/// spec's `deprecated`, and the clippy allowances its names and argument
/// count call for.
pub(super) fn method_attributes(op: &Operation, args: &[TokenStream]) -> TokenStream {
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let many = too_many(args);
    let convention =
        naming::reads_as_conversion(&op.fn_ident).then(|| quote! { #[allow(clippy::wrong_self_convention)] });
    quote! { #deprecated #many #convention }
}

/// Clippy's allowance for a method taking `args` after `self` (which counts
/// as an argument), when they are too many.
fn too_many(args: &[TokenStream]) -> Option<TokenStream> {
    (args.len() + 1 > MAX_ARGUMENTS).then(|| quote! { #[allow(clippy::too_many_arguments)] })
}

/// The request of `op` without its body, to follow a `Client` value:
/// `.core.request(..)` and the calls setting its server, parameters and
/// security.
pub(super) fn request(op: &Operation, api: &Api, names: &Names, uses: &Uses) -> TokenStream {
    let (method_type, http_method) = (uses.item("Method"), http_method(op.method));
    let (path, operation_id) = (&op.path, &op.id);
    let server = op.server.as_ref().map(|url| quote! { .server(#url) });
    let calls = params::request_calls(op, uses);
    let security = auth::security_call(api, &op.security, names);
    quote! { .core.request(#method_type::#http_method, #path).operation(#operation_id) #server #calls #security }
}

/// The arguments of the operation's methods, by name, to pass on.
fn arg_names(op: &Operation, op_names: &OperationNames) -> Vec<TokenStream> {
    let mut names: Vec<TokenStream> = params::required(op)
        .into_iter()
        .map(|p| {
            let name = ident(&p.ident);
            quote! { #name }
        })
        .collect();
    if op.body.is_some() {
        names.push(quote! { body });
    }
    if op_names.options.is_some() {
        names.push(quote! { options });
    }
    names
}

fn http_method(method: HttpMethod) -> TokenStream {
    let name = ident(method.as_str());
    quote! { #name }
}

/// Summary, description, the HTTP request, authentication, arguments and errors.
pub(super) fn method_docs(
    api: &Api,
    op: &Operation,
    op_names: &OperationNames,
    error: Option<&ErrorEnum>,
) -> TokenStream {
    let mut arguments: Vec<String> = params::required(op)
        .into_iter()
        .map(|p| {
            let mut text = format!("- `{}`: {}.", p.ident.trim_start_matches("r#"), params::place(p));
            for part in p.description.iter().map(|d| list_item_text(d)).chain(params::notes(p)) {
                text.push(' ');
                text.push_str(&part);
            }
            text
        })
        .collect();
    if let Some(body) = &op.body {
        let media: Vec<String> = body.contents.iter().map(|c| format!("`{}`", code(&c.media_type))).collect();
        let how = match &op_names.body {
            Some(name) => format!(
                "a [`{name}`] (or a reference to the body type, sent as {})",
                media.first().map(String::as_str).unwrap_or_default()
            ),
            None => format!("sent as {}", media.join(", ")),
        };
        let mut text = format!("- `body`: the request body, {how}.");
        if !body.required {
            text.push_str(" Optional.");
        }
        if let Some(description) = &body.description {
            text.push(' ');
            text.push_str(&list_item_text(description));
        }
        arguments.push(text);
    }
    if let Some(options) = &op_names.options {
        arguments.push(format!("- `options`: the optional parameters, see [`{options}`]."));
    }
    let errors = match error {
        Some(ErrorEnum { name: error, alike, .. }) => {
            // What the shared enum cannot say for every operation, said here.
            let own: Vec<String> = responses::errors(op)
                .iter()
                .enumerate()
                .filter(|(i, _)| !alike.get(*i).copied().unwrap_or(true))
                .map(|(_, r)| format!("- {}: {}", responses::status_text(r.status), list_item_text(&r.description)))
                .collect();
            let own =
                if own.is_empty() { String::new() } else { format!(" For this operation:\n\n{}", own.join("\n")) };
            format!(
                "# Errors\n\n[`Error::Api`] with a [`{error}`] when the API answers with a status this operation \
                 declares as an error; [`Error`] tells the other failures apart.{own}"
            )
        }
        None => "# Errors\n\nAn [`Error`] when the request cannot be sent, fails, or gets an undeclared status or a \
                 body that does not decode."
            .to_owned(),
    };
    let mut docs = Docs::new().spec(op.summary.as_deref()).spec(op.description.as_deref()).own(format!(
        "`{} {}` (operation `{}`).",
        op.method.as_str(),
        code(&op.path),
        code(&op.id)
    ));
    if let Some(server) = &op.server {
        docs = docs.own(format!(
            "Sent to the operation's own server, `{}`, unless the client's base URL was set with the builder.",
            code(server)
        ));
    }
    docs = docs.own(auth::security_doc(api, &op.security));
    if !arguments.is_empty() {
        docs = docs.own(format!("# Arguments\n\n{}", arguments.join("\n")));
    }
    docs.own(errors).tokens()
}
