//! The example file: the `Mock` implementation of the `Api` trait, its
//! `main`, and one function per named type whose example it uses.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Handler;
use super::check::Checker;
use super::literal::{Functions, Writer};
use super::responses;
use super::values::{Sample, Samples};
use crate::emit::EmitError;
use crate::emit::docs::{doc_literal, inner_doc_attrs, sanitize};
use crate::emit::rust::RustFile;
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{Api, TypeId};
use crate::naming::{Scope, snake_ident};

/// Where the file goes, for errors.
const FILE: &str = "examples/mock.rs";

/// `json!` literals up to this many elements expand within the compiler's
/// default macro recursion limit; larger ones raise it.
const DEFAULT_RECURSION_ELEMENTS: usize = 24;

/// The mock server of `api`'s server crate `crate_name`, run as the example `example_name`.
pub(crate) fn example_file(
    api: &Api,
    crate_name: &str,
    example_name: &str,
    handlers: &[Handler<'_>],
    authenticated: bool,
    uses: &Uses,
) -> Result<RustFile, EmitError> {
    let bump = bumpalo::Bump::new();
    let checker = Checker::new(&api.types, &bump);
    let mut samples = Samples::new(&api.types, &checker);
    let all_answers: Vec<_> = handlers.iter().map(|handler| responses::answers(handler, &mut samples)).collect();
    let try_request = super::request::example_request(api, &mut samples).unwrap_or_default();
    let referred = referred(&samples, all_answers.iter().flat_map(|answers| responses::samples(answers)));
    let functions = function_names(api, &referred);
    let writer = Writer::new(&samples, &functions, uses);

    let mut reads_status = false;
    let methods: Vec<TokenStream> = handlers
        .iter()
        .zip(&all_answers)
        .map(|(handler, answers)| {
            let (body, reads) = responses::method_body(handler, answers, &writer);
            reads_status |= reads;
            let name = ident(&handler.op.fn_ident);
            let parameters = responses::parameters(handler);
            let (operations, response) = (uses.item("operations"), &handler.response);
            quote! {
                async fn #name(&self, #(#parameters),*) -> #operations::#response {
                    #body
                }
            }
        })
        .collect();
    let example_fns: Vec<TokenStream> =
        functions.iter().map(|(id, function)| example_fn(&writer, &samples, *id, function)).collect();

    let krate: proc_macro2::Ident = syn::parse_str(&crate_name.replace('-', "_")).map_err(|_| EmitError {
        file: FILE.to_owned(),
        message: format!("the crate name `{crate_name}` is not a Rust identifier"),
    })?;
    let principal = authenticated.then(|| {
        quote!(
            type Principal = ();
        )
    });
    let (mock_struct, mock_value) = if reads_status {
        (
            quote! {
                /// Answers every operation with an example of one of its responses.
                struct Mock {
                    /// The status chosen on the command line.
                    status: mock::Status,
                }
            },
            quote!(Mock { status: options.status }),
        )
    } else {
        (
            quote! {
                /// Answers every operation with an example of its first success response.
                struct Mock;
            },
            quote!(Mock),
        )
    };
    let app =
        if authenticated { quote!(router(#mock_value, options.authenticator())) } else { quote!(router(#mock_value)) };
    let options = if reads_status || authenticated { quote!(options) } else { quote!(_options) };
    let title = &api.title;
    let base_path = base_path(api);
    let mock = quote! {
        #mock_struct

        impl Api for Mock {
            #principal
            #(#methods)*
        }

        fn main() -> std::process::ExitCode {
            mock::run(#title, #base_path, #try_request, |#options| #app)
        }

    };

    let docs = inner_doc_attrs(&format!(
        "A mock server for the **{}** API: `cargo run -p {crate_name} --example {example_name} -- --help`\n\
         lists its options.\n\n\
         Every operation answers with an example of its first success response, or of the\n\
         response `--status` chooses where the operation declares that status. Bodies and\n\
         headers are the spec's own examples where it has valid ones, else values\n\
         synthesized from the schemas. Requests go through the generated router, so they\n\
         are authenticated and validated as the real service's would be: client code can\n\
         be developed and tested against this server.",
        sanitize(title)
    ));
    let recursion = recursion_limit(writer.largest_json());
    let runtime_import = if uses.is_used("example") { quote!(mock::{self, example}) } else { quote!(mock) };
    let json_import = uses.is_used("json").then(|| {
        quote!(
            use serde_json::json;
        )
    });
    let crate_imports =
        ["models", "operations"].into_iter().filter(|name| uses.is_used(name)).map(|name| format_ident!("{name}"));
    let head = quote! {
        #docs
        #recursion

        use oapi_runtime::#runtime_import;
        #json_import
        use #krate::{Api, #(#crate_imports,)* router};
    };
    Ok(RustFile::new(head, std::iter::once(mock).chain(example_fns)))
}

/// The named types the samples refer to, directly or through the examples
/// of other named types.
fn referred<'s>(samples: &Samples<'_>, roots: impl Iterator<Item = &'s Sample>) -> BTreeSet<TypeId> {
    let mut found = BTreeSet::new();
    let mut pending: Vec<&Sample> = roots.collect();
    while let Some(sample) = pending.pop() {
        match sample {
            Sample::Json(_) => {}
            Sample::Array(items) => pending.extend(items),
            Sample::Object(members) => pending.extend(members.iter().map(|(_, v)| v)),
            Sample::Named(id) => {
                if found.insert(*id) {
                    pending.extend(samples.example(*id));
                }
            }
        }
    }
    found
}

/// A function name per referred type, unique and clear of the file's other names.
fn function_names(api: &Api, referred: &BTreeSet<TypeId>) -> Functions {
    let mut scope =
        Scope::with_reserved(["main", "example", "json", "mock", "models", "operations", "router", "tests"]);
    referred
        .iter()
        .map(|id| (*id, ident(&scope.claim(snake_ident(&api.types.get(*id).ident)))))
        .collect::<BTreeMap<_, _>>()
}

/// The function returning the example of a named type.
fn example_fn(writer: &Writer<'_>, samples: &Samples<'_>, id: TypeId, function: &proc_macro2::Ident) -> TokenStream {
    let def = samples.space().get(id);
    let from_spec = matches!(samples.example(id), Some(Sample::Json(value)) if Some(value) == def.example.as_ref());
    let origin = if from_spec {
        "the spec's example"
    } else if samples.uses_member_examples(id) {
        "built from its schema and the spec's examples of its members"
    } else {
        "synthesized from its schema"
    };
    let doc = doc_literal(&format!(" An example `{}` (`#{}`): {origin}.", def.ident, def.pointer));
    let (models, model) = (writer.uses().item("models"), ident(&def.ident));
    let body = writer.example_of(id);
    quote! {
        #[doc = #doc]
        fn #function() -> #models::#model {
            #body
        }
    }
}

/// `#![recursion_limit]` when a `json!` literal has too many elements for the default.
fn recursion_limit(largest_json: usize) -> Option<TokenStream> {
    (largest_json > DEFAULT_RECURSION_ELEMENTS).then(|| {
        let limit = (4 * largest_json + 32).next_multiple_of(64).to_string();
        quote!(#![recursion_limit = #limit])
    })
}

/// The path of the spec's first server URL, variables at their defaults
/// (`https://{region}.example.com/v1/` → `/v1`; `/v1` → `/v1`): where the
/// mock serves the API, so that the spec's server URL reaches it.
fn base_path(api: &Api) -> String {
    let Some(server) = api.servers.first() else { return String::new() };
    let mut url = server.url.clone();
    for variable in &server.variables {
        url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
    }
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None if url.starts_with('/') => url.as_str(),
        None => "",
    };
    // Query strings and fragments are no part of a server URL's path.
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{base_path, recursion_limit};
    use crate::emit::{EmitOptions, emit};

    /// The mock's source for a spec.
    fn mock_of(spec: &str) -> String {
        let spec = crate::load::load_str(Path::new("t.yaml"), spec).expect("loads");
        let api = crate::normalize::normalize(&spec).expect("normalizes").0;
        let options = EmitOptions { spec_path: "t.yaml".into(), runtime_path: "../../runtime".into() };
        let files = emit(&api, &options).expect("emits").files;
        files.into_iter().find(|f| f.path.ends_with("examples/mock.rs")).expect("a mock").contents
    }

    #[test]
    fn an_operation_without_a_buildable_response_panics_alone() {
        let source = mock_of(
            "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /loop:
    get:
      responses:
        '200':
          description: OK
          content: {application/json: {schema: {$ref: '#/components/schemas/Loop'}}}
  /ok:
    get:
      responses: {'204': {description: Done}}
components:
  schemas:
    Loop: {type: object, required: [next], properties: {next: {$ref: '#/components/schemas/Loop'}}}
",
        );
        assert!(source.contains(r#"panic!("the spec gives `get /loop` no response with a valid value")"#), "{source}");
        assert!(source.contains("operations::GetOkResponse::NoContent"), "{source}");
    }

    #[test]
    fn large_json_literals_raise_the_recursion_limit() {
        assert!(recursion_limit(24).is_none());
        let limit = recursion_limit(100).map(|tokens| tokens.to_string());
        assert_eq!(limit.as_deref(), Some("# ! [recursion_limit = \"448\"]"));
    }

    #[test]
    fn the_base_path_is_the_first_server_url_s_path() {
        let path_of = |servers: &str| {
            let spec = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{servers}paths: {{}}\n");
            let spec = crate::load::load_str(Path::new("t.yaml"), &spec).expect("loads");
            base_path(&crate::normalize::normalize(&spec).expect("normalizes").0)
        };
        assert_eq!(path_of(""), "");
        assert_eq!(path_of("servers: [{url: /v1}]\n"), "/v1");
        assert_eq!(path_of("servers: [{url: 'https://api.example.com'}]\n"), "");
        assert_eq!(path_of("servers: [{url: 'https://api.example.com/'}]\n"), "");
        assert_eq!(
            path_of(
                "servers: [{url: 'https://{env}.example.com/{version}/', variables: {env: {default: eu}, version: {default: v2}}}]\n"
            ),
            "/v2"
        );
    }
}
