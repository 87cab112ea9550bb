//! The mock server of a server crate (`examples/mock.rs`): an
//! implementation of its `Api` trait that answers every operation with an
//! example of a declared response, valid against the spec, and a `main`
//! that serves it through the generated router (so requests are
//! authenticated and validated as the real service would).
//!
//! One module per concept:
//! - [`values`]: the example of each type (the spec's, else synthesized),
//!   with [`scalars`] for strings and numbers within their keywords and
//!   [`pattern`] for strings matching a regular expression;
//! - [`check`]: whether a value is valid against its schema, by the
//!   runtime's validator over the server's tables (`emit/table.rs`);
//! - [`literal`]: examples as Rust expressions;
//! - [`responses`]: which response each method answers;
//! - [`request`]: the example request the mock prints when it starts;
//! - [`file`]: the example file itself.
//!
//! What every mock shares (command line, credentials, serving) is in the
//! runtime's `mock` module.

mod check;
mod file;
mod literal;
mod pattern;
mod request;
mod responses;
mod scalars;
mod values;

use proc_macro2::{Ident, TokenStream};

pub(crate) use file::example_file;

use crate::emit::uses::Uses;
use crate::ir::Operation;

/// A mock file's record of what it uses unqualified, besides the runtime's
/// `mock` module and the crate's `Api` and `router`: the crate's `models`
/// and `operations`, `mock::example` and `serde_json::json`. Its handlers'
/// argument types are written into it too.
pub(crate) fn uses() -> Uses {
    Uses::new(|name| ["models", "operations", "example", "json"].contains(&name))
}

/// One method of the `Api` trait, as the server emitter declares it.
pub(crate) struct Handler<'a> {
    /// Its operation.
    pub op: &'a Operation,
    /// The arguments after `&self`: names and types, as in the trait.
    pub args: Vec<(Ident, TokenStream)>,
    /// The response enum, in the crate's `operations` module.
    pub response: Ident,
    /// How each variant of the response enum is built, in the order of
    /// the operation's responses.
    pub variants: Vec<Variant>,
}

/// A variant of a response enum.
pub(crate) struct Variant {
    /// Its name.
    pub ident: Ident,
    /// Its shape.
    pub shape: Shape,
}

/// The shape of a response enum variant.
pub(crate) enum Shape {
    /// No status, body or headers: `Self::NotFound`.
    Unit,
    /// Only a body: `Self::Ok(body)`.
    Tuple,
    /// Named fields: a `status` (for ranges and `default`), a `body`, and
    /// the headers' fields in the order of the response's headers.
    Fields {
        /// Whether it has a `status` field.
        status: bool,
        /// Whether it has a `body` field.
        body: bool,
        /// The headers' field names.
        headers: Vec<Ident>,
    },
}
