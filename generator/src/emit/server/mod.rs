//! The server crate's own code (beyond the shared models).

use super::parts::CrateParts;
use crate::ir::Api;

/// The server crate's modules for `api`.
pub(crate) fn server(_api: &Api) -> CrateParts {
    CrateParts::default()
}
