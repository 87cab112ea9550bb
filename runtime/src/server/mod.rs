//! Support for generated server-stub crates (feature `server`): the
//! [`Authenticator`] users implement, request parsing and validation
//! ([`Incoming`]), response building ([`Reply`]) and the router glue
//! ([`finish`], and [`select`] among templates one route serves), and
//! serving with timeouts and a connection limit ([`serve`]).
//! Generated code stays declarative: it describes each operation with
//! `static` tables ([`Schema`], [`Param`], [`BodySpec`], [`Scheme`]) and
//! calls into this module.

mod auth;
mod body;
mod drain;
mod error;
mod params;
mod path;
mod pattern;
mod reply;
mod request;
mod router;
mod schema;
mod serve;
mod shape;
mod validate;

pub use auth::{
    Authenticator, Credential, Credentials, KeyLocation, Rejected, Requirement, Scheme, SchemeKind, authenticate,
    authenticate_optional,
};
pub use body::{BodySpec, Content, Decoded, MediaKind};
pub use error::{FieldError, HttpError, MAX_FIELD_ERRORS, Place};
pub use params::{Location, Param, Style};
pub use path::select;
pub use pattern::check_patterns;
pub use reply::Reply;
pub use request::Incoming;
pub use router::finish;
pub use schema::{Field, IntegerFormat, Object, Rules, Schema, Union};
pub use serve::{Limits, Serve, serve};
pub use shape::{ErrorBodies, shape_errors};
