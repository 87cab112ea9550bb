//! Support types for generated crates: what every generated client and
//! server needs, written and tested once instead of emitted into each.

mod bytes;

pub use bytes::{Base64, Binary};
