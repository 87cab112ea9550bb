//! The client crate's own code (beyond the shared models).

use super::parts::CrateParts;
use crate::ir::Api;

/// The client crate's modules for `api`.
pub(crate) fn client(_api: &Api) -> CrateParts {
    CrateParts::default()
}
