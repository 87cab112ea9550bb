//! Support types for generated crates: what every generated client and
//! server needs, written and tested once instead of emitted into each.

// The derive's code names `::oapi_runtime`, this crate's tests included.
extern crate self as oapi_runtime;

mod bytes;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "mock")]
pub mod mock;
pub mod serde_struct;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "stream")]
mod stream;
#[cfg(feature = "validate")]
pub mod validate;

/// The chunks of a [`ByteStream`] (the `bytes` crate's).
#[cfg(feature = "stream")]
pub use ::bytes::Bytes;
pub use bytes::{Base64, Binary};
/// Serde impls of a generated struct ([`serde_struct`] has the details).
pub use oapi_runtime_macros::SerdeStruct;
/// `as_str`, `Display` and serde impls of a generated string enum: its
/// listed values, and any other string kept as received.
pub use oapi_runtime_macros::StringEnum;
/// The serde crate, for the code the derives expand to (a models crate may
/// name its own serde otherwise).
#[doc(hidden)]
pub use serde as __serde;
#[cfg(feature = "stream")]
pub use stream::{ByteStream, Chunk};
