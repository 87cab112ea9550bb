//! The intermediate representation: everything the emitters know about an
//! API, normalized from OpenAPI. Emitters read only these types, never the
//! raw document.

mod api;
mod auth;
mod dump;
mod operation;
mod types;

pub use api::{Api, Server, ServerVariable};
pub use auth::{ApiKeyLocation, AuthKind, OAuthFlow, OAuthFlowKind, SchemeOrigin, SchemeUse, Security, SecurityScheme};
pub use dump::dump;
pub use operation::{
    BodyContent, Delimiter, FieldStyle, HttpMethod, MediaKind, Operation, ParamLocation, ParamStyle, Parameter,
    PathSegment, RequestBody, Response, ResponseHeader, StatusMatch, StyledField,
};
pub(crate) use types::integer_type;
pub use types::{
    CHECKED_FORMATS, Constraints, EnumVariant, Field, IntegerEnumVariant, Presence, Struct, StructAdditional, TypeDef,
    TypeId, TypeKind, TypeRef, TypeSpace, Union, UnionVariant,
};
