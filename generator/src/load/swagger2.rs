//! Swagger 2.0 to OpenAPI 3.0 (see [`super::convert`]).

use serde_yaml::Value;

use super::convert::Origin;
use crate::diagnostics::{Diagnostic, Location, SpecError};

/// Rewrite a Swagger 2.0 tree into an OpenAPI 3.0 one, in place.
#[allow(clippy::ptr_arg)] // A stub until the conversion lands.
pub fn convert(root: &Location, _document: &mut Value, _warnings: &mut Vec<Diagnostic>) -> Result<Origin, SpecError> {
    Err(SpecError::single(
        root.join("swagger"),
        "this is a Swagger 2.0 document; only OpenAPI 3.0.x is supported for now (convert it to OpenAPI 3.0 first)",
    ))
}
