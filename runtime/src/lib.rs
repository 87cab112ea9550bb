//! Support types for generated crates: what every generated client and
//! server needs, written and tested once instead of emitted into each.

mod bytes;
#[cfg(feature = "client")]
pub mod client;
pub mod decode;
#[cfg(feature = "mock")]
pub mod mock;
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
#[cfg(feature = "stream")]
pub use stream::{ByteStream, Chunk};
