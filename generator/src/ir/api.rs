//! The API as a whole.

use super::{Operation, SecurityScheme, TypeSpace};

/// One normalized API: what a client and a server crate are generated from.
#[derive(Debug, Clone)]
pub struct Api {
    /// Short name from the spec file, e.g. `hypto-iam`; crate names derive from it.
    pub name: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Servers in spec order; the first is the default base URL.
    pub servers: Vec<Server>,
    /// Security schemes the spec defines (those the generator supports), in
    /// spec order; an operation names the ones it requires by index.
    pub security_schemes: Vec<SecurityScheme>,
    /// Operations in spec order (path order, then method order).
    pub operations: Vec<Operation>,
    /// Every named type: component schemas and hoisted inline schemas.
    pub types: TypeSpace,
}

/// A server URL, possibly templated.
#[derive(Debug, Clone)]
pub struct Server {
    /// URL template as written, e.g. `https://{environment}.{region}.hypto.com/v1`.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// Template variables in the order they appear in the spec.
    pub variables: Vec<ServerVariable>,
}

/// A variable of a server URL template.
#[derive(Debug, Clone)]
pub struct ServerVariable {
    /// Name as in the template.
    pub name: String,
    /// Rust identifier for it.
    pub ident: String,
    /// Value used when the user sets none.
    pub default: String,
    /// Allowed values; empty means any.
    pub allowed: Vec<String>,
    /// `description`.
    pub description: Option<String>,
}
