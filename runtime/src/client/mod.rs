//! Support for generated clients (feature `client`): credentials, request
//! building with OpenAPI parameter styles and safe encoding, retries, and
//! typed response decoding. A generated client is a thin layer of
//! operation methods over these.
//!
//! Generated models type an OpenAPI `integer` as `i64` (`int64`), or as
//! `i32` when its `format` is `int32`; a generated server refuses a larger
//! value in a request with a 400 saying it is out of range for that type.
//!
//! The base URL is checked when the client is built ([`Config::build`]):
//! CR, LF and other control characters are refused, not dropped, and a
//! password in it (`https://user:password@host`) never shows in `Debug`
//! or in errors.

mod base_url;
mod body;
mod config;
mod credentials;
mod error;
mod hooks;
mod params;
mod request;
mod response;
mod retry;
mod success;

pub use body::Multipart;
pub use config::{Config, Core};
pub use credentials::{
    ApiKeyLocation, Credentials, MissingCredentials, Scheme, SchemeKind, TokenError, TokenFuture, TokenProvider,
    TokenRequest,
};
pub use error::{ApiError, BuildError, Error, InvalidRequest, SendError};
pub use hooks::{Context, Extensions, Hook};
pub use params::{JsonText, Style, encode_component};
pub use request::{Request, Streamed};
pub use reqwest;
pub use response::Response;
pub use retry::RetryPolicy;
pub use success::Success;
