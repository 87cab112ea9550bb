//! Every name the client crate adds beside the models, claimed up front in
//! the scope it lives in, so that no spec can make two of them collide
//! (with each other or with what the generated code imports).

use std::collections::BTreeMap;

use super::{bodies, params, responses};
use crate::emit::runtime_items;
use crate::ir::{Api, Response};
use crate::naming::{Scope, const_ident, type_ident};

/// Names the crate root holds besides the server-variable enums: its own
/// items and modules, and what it re-exports from the runtime.
fn root_names() -> impl Iterator<Item = &'static str> {
    const OWN: &[&str] = &["Client", "ClientBuilder", "Config", "Core", "Duration", "client", "models", "operations"];
    OWN.iter().chain(runtime_items::CLIENT_REEXPORTS).chain(runtime_items::ROOT).copied()
}

/// Names `operations.rs` may import: the runtime's, `reqwest::Method`, and
/// the crate's own `Client`, `models` and private `ToMultipart`.
fn operations_imports() -> impl Iterator<Item = &'static str> {
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
    /// Its declared error responses: `<Op>Error`, or the enum it shares
    /// with the operations that declare the same error responses.
    pub error: Option<String>,
    /// The operations (by position) that share `error`, this one included,
    /// in spec order; the first of them emits the enum.
    pub error_users: Vec<usize>,
    /// Per variant of `error`: whether its users describe it alike.
    pub error_alike: Vec<bool>,
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
    /// Per security scheme: its constant, when an operation uses it.
    pub schemes: Vec<Option<String>>,
    /// Per variable of the first server.
    pub variables: Vec<VariableNames>,
}

impl Names {
    pub(super) fn new(api: &Api) -> Self {
        let mut types = Scope::with_reserved(operations_imports());
        let error_users = error_users(api);
        let mut error_names: Vec<Option<String>> = vec![None; api.operations.len()];
        let mut alike_by_first: Vec<Vec<bool>> = vec![Vec::new(); api.operations.len()];
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
                let users = error_users[i].clone();
                // Worked out once per shared enum: thousands of operations may share one.
                let alike = match users.first() {
                    Some(&first) if first < i => alike_by_first[first].clone(),
                    _ => responses::described_alike(&users.iter().map(|&j| &api.operations[j]).collect::<Vec<_>>()),
                };
                alike_by_first[i].clone_from(&alike);
                let error = match users.first() {
                    None => None,
                    Some(&first) if first < i => error_names[first].clone(),
                    Some(_) if users.len() == 1 => claim(true, "Error"),
                    Some(_) => Some(types.claim(shared_error_name(&responses::errors(op)))),
                };
                error_names[i].clone_from(&error);
                OperationNames { options, body, response, error, error_users: users, error_alike: alike }
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
        Self { operations, schemes, variables }
    }
}

/// Per operation, the operations whose declared error responses are the
/// same as its own (statuses, variants and body types), itself included;
/// empty for an operation that declares none.
fn error_users(api: &Api) -> Vec<Vec<usize>> {
    let shapes: Vec<Vec<String>> = api.operations.iter().map(|op| responses::error_shape(op, api)).collect();
    let mut by_shape: BTreeMap<&[String], Vec<usize>> = BTreeMap::new();
    for (i, shape) in shapes.iter().enumerate().filter(|(_, shape)| !shape.is_empty()) {
        by_shape.entry(shape).or_default().push(i);
    }
    shapes.iter().map(|shape| by_shape.get(shape.as_slice()).cloned().unwrap_or_default()).collect()
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

/// Fields and methods of the generated `ClientBuilder`.
fn client_builder_members() -> impl Iterator<Item = &'static str> {
    ["api_key_prefix", "base_url", "build", "config", "credentials", "http_client", "retry", "timeout", "user_agent"]
        .into_iter()
}
