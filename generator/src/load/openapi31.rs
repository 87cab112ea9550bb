//! OpenAPI 3.1 to OpenAPI 3.0 (see [`super::convert`]).

use serde_yaml::Value;

use super::convert::Origin;
use crate::diagnostics::{Diagnostic, Location, SpecError};

/// Rewrite an OpenAPI 3.1 tree into an OpenAPI 3.0 one, in place.
#[allow(clippy::ptr_arg)] // A stub until the conversion lands.
pub fn convert(root: &Location, document: &mut Value, _warnings: &mut Vec<Diagnostic>) -> Result<Origin, SpecError> {
    let version = document.get("openapi").map(super::scalar_text).unwrap_or_default();
    Err(SpecError::single(
        root.join("openapi"),
        format!("OpenAPI {version} is not supported yet; only OpenAPI 3.0.x is"),
    ))
}
