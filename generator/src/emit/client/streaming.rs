//! `<method>_streaming`: for an operation with a binary request body or a
//! binary success body, the method that sends and receives those bodies
//! as `ByteStream`s, so neither has to fit in memory.

use proc_macro2::TokenStream;
use quote::quote;

use super::bodies::{self, Apply};
use super::names::Names;
use super::{operations, params, responses};
use crate::emit::docs::{Docs, code};
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{Api, BodyContent, MediaKind, Operation};

/// The request body's binary content, which the method sends as a stream.
fn binary_body(op: &Operation) -> Option<&BodyContent> {
    op.body.as_ref()?.contents.iter().find(|c| c.kind == MediaKind::Binary)
}

/// Whether `op` has a `_streaming` method.
pub(super) fn streams(op: &Operation) -> bool {
    binary_body(op).is_some() || responses::binary_success(op)
}

/// The `_streaming` method of the operation at `position`, when it has one.
pub(super) fn method(api: &Api, position: usize, names: &Names, uses: &Uses) -> Option<TokenStream> {
    let (op, op_names) = (&api.operations[position], &names.operations[position]);
    let name = op_names.streaming.as_deref()?;
    let method_name = op.fn_ident.trim_start_matches("r#");
    let error_enum = op_names.error.map(|g| &names.errors[g]);
    let error_name = error_enum.map(|e| e.name.as_str());

    let mut args = params::args(op, api, uses);
    let request = operations::request(op, api, names, uses);
    let body = binary_body(op);
    let attach = match body {
        Some(content) => {
            let required = op.body.as_ref().is_some_and(|b| b.required);
            args.push(if required {
                quote! { body: oapi_runtime::ByteStream }
            } else {
                quote! { body: Option<oapi_runtime::ByteStream> }
            });
            let media_type = &content.media_type;
            if required {
                quote! { let request = request.stream_as(#media_type, body); }
            } else {
                quote! {
                    let request = match body {
                        Some(body) => request.stream_as(#media_type, body),
                        None => request,
                    };
                }
            }
        }
        None => {
            args.extend(bodies::arg(op, api, op_names.body.as_deref(), uses));
            match bodies::apply(op, api, op_names.body.as_deref(), uses) {
                Apply::Nothing => TokenStream::new(),
                Apply::Chain(call) => quote! { let request = request #call; },
                Apply::Statement(statement) => statement,
            }
        }
    };
    if let Some(options) = &op_names.options {
        let options = ident(options);
        args.push(quote! { options: #options });
    }

    let (success, error_type) = (uses.item("Success"), uses.item("Error"));
    let error = responses::error_type(error_name);
    let (_, read_headers) = responses::headers_struct(op, api, op_names.headers.as_deref(), method_name, uses);
    let headers_type = op_names.headers.as_ref().map(|name| {
        let name = ident(name);
        quote! { , #name }
    });
    let (body_type, receive) = if responses::binary_success(op) {
        let streamed = uses.item("Streamed");
        let errors = responses::decode_errors(op, error_name, &op_names.contents);
        let receive = quote! {
            match request.send_streaming().await? {
                #streamed::Body { head: response, body } => {
                    Ok(#success::new(response.status(), #read_headers, response.headers().clone(), body))
                }
                #streamed::Whole(response) => #errors,
            }
        };
        (quote! { oapi_runtime::ByteStream }, receive)
    } else {
        let ok = responses::ok_type(op, api, op_names.response.as_deref(), &op_names.contents, uses);
        let response_names = (op_names.response.as_deref(), error_name);
        let decode = responses::decode(op, response_names, &op_names.contents, true);
        let receive = quote! {
            let response = request.send().await?;
            let body: Result<#ok, #error_type<#error>> = #decode;
            Ok(#success::new(response.status(), #read_headers, response.headers().clone(), body?))
        };
        (ok, receive)
    };

    let docs = docs(op, method_name, body);
    let fn_name = ident(name);
    let attributes = operations::method_attributes(op, &args);
    Some(quote! {
        #docs
        #attributes
        pub async fn #fn_name(&self, #(#args),*) -> Result<#success<#body_type #headers_type>, #error_type<#error>> {
            let request = self #request;
            #attach
            #receive
        }
    })
}

fn docs(op: &Operation, method: &str, body: Option<&BodyContent>) -> TokenStream {
    let mut what = Vec::new();
    if let Some(content) = body {
        what.push(format!(
            "sends the request body as it is read from a [`ByteStream`](crate::ByteStream) (a file, a stream or \
             bytes), as `{}` unless the stream names its own media type",
            code(&content.media_type)
        ));
    }
    if responses::binary_success(op) {
        what.push(
            "returns a success's body unread, as a [`ByteStream`](crate::ByteStream) to read as it arrives".to_owned(),
        );
    }
    let mut docs = Docs::new().own(format!(
        "[`Client::{method}`] for bodies that need not fit in memory: it {}, with the status and headers (a \
         [`Success`]).",
        what.join(", and ")
    ));
    if body.is_some() {
        docs = docs.own(
            "A request whose body is a stream is sent once: it is not retried, since the stream can be read only \
             once (a body of bytes in memory is)."
                .to_owned(),
        );
    }
    docs.own(format!(
        "# Errors\n\nAs [`Client::{method}`]. Reading a streamed body can fail later, with the `std::io::Error` \
         that ended it."
    ))
    .tokens()
}
