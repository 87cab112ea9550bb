//! What one kind of crate (client or server) adds to the shared models.

use proc_macro2::TokenStream;

use super::rust::RustFile;

/// The contribution of a crate kind's emitter.
#[derive(Default)]
pub(crate) struct CrateParts {
    /// Items for `lib.rs` after `pub mod models;` (module declarations, re-exports).
    pub lib_items: TokenStream,
    /// Further Rust files: path within the crate (`src/client.rs`,
    /// `examples/mock.rs`) and contents.
    pub files: Vec<(String, RustFile)>,
    /// Extra values for the crate's templates, under the name `parts`.
    pub template_context: minijinja::Value,
}
