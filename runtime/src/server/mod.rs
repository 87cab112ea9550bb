//! Support for generated server-stub crates (feature `server`): the
//! [`Authenticator`] users implement, request parsing and validation
//! ([`Incoming`]), response building ([`Reply`]) and the router glue
//! ([`finish`], and [`select`] among templates one route serves), and
//! serving with timeouts and a connection limit ([`serve`]).
//! Generated code stays declarative: it describes each operation with
//! `static` tables ([`Schema`], [`Param`], [`BodySpec`], [`Scheme`]) and
//! calls into this module. The schema tables and their validator are the
//! crate's [`validate`](crate::validate) module, re-exported here.

mod auth;
mod body;
mod deep_object;
mod drain;
mod error;
mod params;
mod path;
mod reply;
mod request;
mod router;
mod serve;
mod shape;

pub use crate::validate::{Field, IntegerFormat, Late, Object, Rules, Schema, StringFormat, Union};
pub use auth::{
    Authenticator, Credential, Credentials, KeyLocation, Need, Rejected, Requirement, Scheme, SchemeKind, authenticate,
    authenticate_optional,
};
pub use body::{BodySpec, Content, Decoded, MediaKind};
pub use error::{FieldError, HttpError, MAX_FIELD_ERRORS, Place};
pub use params::{Location, Param, Style};
pub use path::select;
pub use reply::Reply;
pub use request::Incoming;
pub use router::{Answering, Finished, Finishing, finish, finish_routes, finished};
pub use serve::{Limits, Serve, serve};
pub use shape::ErrorBodies;

/// Compile every pattern now, so that those that cannot be run are
/// reported (as `tracing` warnings) when the server starts, not at the
/// first request; returns them.
pub fn check_patterns(patterns: &[&'static str]) -> Vec<&'static str> {
    let unenforced: Vec<&'static str> =
        patterns.iter().copied().filter(|pattern| crate::validate::compiled(pattern).is_none()).collect();
    for pattern in &unenforced {
        let error = crate::validate::compile(pattern).err().unwrap_or_default();
        tracing::warn!(pattern, %error, "pattern cannot be enforced: the regex crate cannot run it");
    }
    unenforced
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_that_cannot_run_are_reported() {
        assert_eq!(super::check_patterns(&["^a$", "(?=a)"]), ["(?=a)"]);
    }
}
