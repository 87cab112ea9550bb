//! Support for generated clients (feature `client`): credentials, request
//! building with OpenAPI parameter styles and safe encoding, retries, and
//! typed response decoding. A generated client is a thin layer of
//! operation methods over these.

mod body;
mod config;
mod credentials;
mod error;
mod params;
mod request;
mod response;
mod retry;

pub use body::{Multipart, ToMultipart};
pub use config::{Config, Core};
pub use credentials::{ApiKeyLocation, Credentials, MissingCredentials, Scheme, SchemeKind};
pub use error::{ApiError, BuildError, Error, InvalidRequest, SendError};
pub use params::{Style, encode_component};
pub use request::Request;
pub use reqwest;
pub use response::Response;
pub use retry::RetryPolicy;
