//! What a valid value is (feature `validate`, on with `server`): the
//! [`Schema`] tables and the validator that walks a JSON value along them.
//! It is the one rule set of the project: generated servers validate
//! requests with it, and the generator checks the examples its mock
//! servers answer with against the same tables (built at generation time),
//! so a mock never sends what the server it runs in would refuse.
//!
//! Each error names the value at fault by a JSON pointer (or the parameter
//! name) and the rule broken (`required`, `type`, `format`, `pattern`...).
//! The rules, where JSON Schema leaves room:
//! - `pattern` is an ECMA-262 regular expression, searched (not anchored):
//!   `\d` and `\w` are ASCII, as in ECMA ([`translate`]); one the `regex`
//!   crate cannot run (look-around, back-references) is not enforced.
//! - `format`: `date-time`, `date`, `uuid` and `byte` are checked (the
//!   generated models parse them into types of their own); others are not.
//! - Integers are 64-bit signed unless their format is `int32`.
//! - `oneOf`: exactly one alternative, unless a discriminator selects one;
//!   `anyOf`: at least one.

mod format;
mod pattern;
mod schema;
mod walk;

use serde::Serialize;
use serde_json::Value;

#[cfg(feature = "server")]
pub(crate) use pattern::FastHash;
pub use pattern::{compile, compiled, translate};
pub use schema::{Field, IntegerFormat, Late, Object, Rules, Schema, StringFormat, Union};
#[cfg(feature = "server")]
pub(crate) use walk::text::{accepts as accepts_text, accepts_str, read as read_text};
#[cfg(feature = "server")]
pub(crate) use walk::{escape, not_listed, out_of_range};

/// Where a field at fault was in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// The body; the field is a JSON pointer into it.
    Body,
}

/// One rule a value broke.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    /// Where the field is.
    #[serde(rename = "in")]
    pub place: Place,
    /// The parameter name, or a JSON pointer into the body (`""` for the body itself).
    pub field: String,
    /// The rule: `required`, `type`, `enum`, `maxLength`, `pattern`...
    pub rule: &'static str,
    /// What was expected, for people.
    pub message: String,
}

/// At most this many errors are kept for one value (a server reports
/// them in its 400 answer); the others are only counted
/// ([`Findings::omitted`]).
pub const MAX_FIELD_ERRORS: usize = 20;

/// Which way a value travels: each direction leaves out the members it
/// must not carry, and checks the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Client to server: readOnly members are removed, not checked (nor
    /// required).
    Request,
    /// Server to client: writeOnly members are removed, not checked (nor
    /// required).
    Response,
}

/// The errors a value has: the first [`MAX_FIELD_ERRORS`], and how many
/// more there are (counted, not kept: a huge object with a million unknown
/// members costs no more memory than one with twenty).
#[derive(Debug, Default)]
pub struct Findings {
    /// The first errors found.
    pub errors: Vec<FieldError>,
    /// How many more were found.
    pub omitted: usize,
}

impl Findings {
    /// Whether the value is valid.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.omitted == 0
    }

    fn push(&mut self, error: FieldError) {
        if self.errors.len() < MAX_FIELD_ERRORS {
            self.errors.push(error);
        } else {
            self.omitted = self.omitted.saturating_add(1);
        }
    }
}

/// Check `value` travelling `direction` against `schema`: the errors found,
/// with the members the direction must not carry removed from `value`.
/// `field` is the parameter name, or `""` for a body; pointers are
/// appended to it.
pub fn check(value: &mut Value, schema: &Schema<'_>, direction: Direction, place: Place, field: &str) -> Findings {
    walk::check(value, schema, direction, place, field)
}

/// Whether [`check`] can remove members from a value of `schema` travelling
/// `direction`: whether the schema has, anywhere within it, a property that
/// direction leaves out (readOnly in requests, writeOnly in responses).
/// When it has none, checking a value changes nothing in it.
pub fn drops_members(schema: &Schema<'_>, direction: Direction) -> bool {
    walk::drops_members(schema, direction, &mut Vec::new())
}

/// Whether `value` is valid against `schema` when it travels `direction`.
pub fn is_valid(value: &Value, schema: &Schema<'_>, direction: Direction) -> bool {
    check(&mut value.clone(), schema, direction, Place::Body, "").is_empty()
}
