//! Every name the client crate adds beside the models, claimed up front in
//! the scope it lives in, so that no spec can make two of them collide
//! (with each other or with what the generated code imports).

use std::collections::BTreeMap;

use super::{bodies, params, responses};
use crate::emit::runtime_items;
use crate::ir::{Api, Operation, Response};
use crate::naming::{Scope, const_ident, type_ident};

/// Names the crate root holds besides the server-variable enums: its own
/// items and modules, and what it re-exports from the runtime.
fn root_names() -> impl Iterator<Item = &'static str> {
    const OWN: &[&str] = &["Client", "ClientBuilder", "Config", "Core", "Duration", "client", "models", "operations"];
    OWN.iter().chain(runtime_items::CLIENT_REEXPORTS).chain(runtime_items::ROOT).copied()
}

/// Names `operations.rs` may import: the runtime's, `reqwest::Method`, and
/// the crate's own `Client`, `models` and private `ToMultipart`.
pub(super) fn operations_imports() -> impl Iterator<Item = &'static str> {
    const OWN: &[&str] = &["Client", "Method", "ToMultipart", "models"];
    OWN.iter().chain(runtime_items::CLIENT).chain(runtime_items::CLIENT_REEXPORTS).copied()
}

/// The generated names of one operation's own types; `None` where the
/// operation needs no such type.
#[derive(Debug, Clone, Default)]
pub(super) struct OperationNames {
    /// `<Op>Options`: its optional parameters.
    pub options: Option<String>,
    /// `<Op>Body`: its request body, when it has several media types.
    pub body: Option<String>,
    /// `<Op>Response`: its success responses, when there are several.
    pub response: Option<String>,
    /// Its declared error responses: an index into [`Names::errors`].
    pub error: Option<usize>,
    /// `<Op>ResponseHeaders`: the headers its success responses declare.
    pub headers: Option<String>,
    /// `<method>_with_response`: the method returning status and headers too.
    pub with_response: String,
    /// `<method>_streaming`: the method sending and receiving binary bodies
    /// as streams, for an operation that has one.
    pub streaming: Option<String>,
    /// Per response (in spec order): `<Op><Variant>Content`, the enum of
    /// its bodies by media type, where they decode differently. An error
    /// response's is its error enum's first user's.
    pub contents: Vec<Option<String>>,
}

/// An enum of declared error responses: `<Op>Error`, or the one several
/// operations that declare the same error responses share.
#[derive(Debug, Clone)]
pub(super) struct ErrorEnum {
    /// Its name.
    pub name: String,
    /// The operations (by position) that use it, in spec order; the first
    /// of them emits it.
    pub users: Vec<usize>,
    /// Per variant: whether its users describe it alike.
    pub alike: Vec<bool>,
    /// Per variant: its enum of bodies by media type, where it needs one.
    pub contents: Vec<Option<String>>,
}

/// A server variable's builder field and, when it lists allowed values,
/// its enum.
#[derive(Debug, Clone)]
pub(super) struct VariableNames {
    /// Builder field and method.
    pub field: String,
    /// The enum of allowed values.
    pub enum_name: Option<String>,
}

/// All names, by position in the IR.
#[derive(Debug, Clone)]
pub(super) struct Names {
    /// Per operation.
    pub operations: Vec<OperationNames>,
    /// The error enums, in the order of their first users.
    pub errors: Vec<ErrorEnum>,
    /// Per security scheme: its constant, when an operation uses it.
    pub schemes: Vec<Option<String>>,
    /// Per variable of the first server.
    pub variables: Vec<VariableNames>,
}

impl Names {
    pub(super) fn new(api: &Api) -> Self {
        let mut types = Scope::with_reserved(operations_imports());
        // The operations' own methods, then the `_with_response` ones beside them.
        let mut methods = Scope::with_reserved(client_methods());
        for op in &api.operations {
            methods.claim(op.fn_ident.trim_start_matches("r#").to_owned());
        }
        let (mut groups, group_of) = error_groups(api);
        let mut errors: Vec<ErrorEnum> = Vec::new();
        let operations = api
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| {
                let mut claim =
                    |needed: bool, suffix: &str| needed.then(|| types.claim(format!("{}{suffix}", op.type_ident)));
                let options = claim(!params::optional(op).is_empty(), "Options");
                let body = claim(bodies::needs_enum(op), "Body");
                let response = claim(responses::needs_enum(op), "Response");
                let headers = claim(!responses::success_headers(op).is_empty(), "ResponseHeaders");
                let with_response = methods.claim(format!("{}_with_response", op.fn_ident.trim_start_matches("r#")));
                let streaming = super::streaming::streams(op)
                    .then(|| methods.claim(format!("{}_streaming", op.fn_ident.trim_start_matches("r#"))));
                let mut contents: Vec<Option<String>> = op
                    .responses
                    .iter()
                    .map(|r| {
                        let needed = r.status.is_success() && responses::needs_content_enum(r);
                        claim(needed, &format!("{}Content", r.ident.trim_start_matches("r#")))
                    })
                    .collect();
                // Groups are numbered by first user: the first names it, once.
                let error = group_of[i].inspect(|&g| {
                    if g == errors.len() {
                        let users = std::mem::take(&mut groups[g]);
                        let name = match users.len() {
                            1 => types.claim(format!("{}Error", op.type_ident)),
                            _ => types.claim(shared_error_name(&responses::errors(op))),
                        };
                        let ops: Vec<&Operation> = users.iter().map(|&j| &api.operations[j]).collect();
                        let contents = responses::errors(op)
                            .iter()
                            .map(|r| {
                                responses::needs_content_enum(r).then(|| {
                                    types.claim(format!("{}{}Content", op.type_ident, r.ident.trim_start_matches("r#")))
                                })
                            })
                            .collect();
                        errors.push(ErrorEnum { name, alike: responses::described_alike(&ops), users, contents });
                    }
                });
                // Error responses take their enum's names, by position among the errors.
                if let Some(group) = error.map(|g| &errors[g]) {
                    let at: Vec<usize> =
                        (0..op.responses.len()).filter(|&i| !op.responses[i].status.is_success()).collect();
                    for (position, name) in at.into_iter().zip(&group.contents) {
                        contents[position] = name.clone();
                    }
                }
                OperationNames { options, body, response, error, headers, with_response, streaming, contents }
            })
            .collect();

        let used: Vec<bool> = (0..api.security_schemes.len())
            .map(|i| {
                api.operations.iter().flat_map(|op| op.security.alternatives.iter().flatten()).any(|u| u.scheme == i)
            })
            .collect();
        let mut consts = Scope::default();
        let schemes = api
            .security_schemes
            .iter()
            .zip(used)
            .map(|(scheme, used)| used.then(|| consts.claim(const_ident(&scheme.ident))))
            .collect();

        let mut root = Scope::with_reserved(root_names());
        let mut fields = Scope::with_reserved(client_builder_members());
        let variables = api
            .servers
            .first()
            .map(|server| {
                server
                    .variables
                    .iter()
                    .map(|v| VariableNames {
                        field: fields.claim(v.ident.clone()),
                        enum_name: (!v.allowed.is_empty()).then(|| root.claim(type_ident(&v.name))),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self { operations, errors, schemes, variables }
    }
}

/// The operations that declare the same error responses (statuses,
/// variants and body types), grouped and numbered in the order of their
/// first operation; and each operation's group, none where it declares none.
fn error_groups(api: &Api) -> (Vec<Vec<usize>>, Vec<Option<usize>>) {
    let mut by_shape: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let group_of = api
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let shape = responses::error_shape(op);
            if shape.is_empty() {
                return None;
            }
            let g = *by_shape.entry(shape).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
            Some(g)
        })
        .collect();
    (groups, group_of)
}

/// The name of an error enum several operations share, after what it
/// holds: its variants (`BadRequestOrUnauthorized`) when there are at most
/// three, else `DeclaredErrors` (the scope numbers further ones).
fn shared_error_name(errors: &[&Response]) -> String {
    let variants: Vec<&str> = errors.iter().map(|r| r.ident.trim_start_matches("r#")).collect();
    match variants.as_slice() {
        [only] => format!("{only}Error"),
        [init @ .., last] if variants.len() <= 3 => format!("{}Or{last}", init.concat()),
        _ => "DeclaredErrors".to_owned(),
    }
}

/// The methods of the generated `Client` besides the operations'.
fn client_methods() -> impl Iterator<Item = &'static str> {
    ["base_url", "builder", "new", "with_extension", "with_header"].into_iter()
}

/// Fields and methods of the generated `ClientBuilder`.
fn client_builder_members() -> impl Iterator<Item = &'static str> {
    [
        "api_key_prefix",
        "api_key_prefix_for",
        "base_url",
        "build",
        "config",
        "credentials",
        "hook",
        "http_client",
        "retry",
        "timeout",
        "user_agent",
    ]
    .into_iter()
}
