//! What one kind of crate (client or server) adds to the shared models:
//! the head of its `lib.rs` and its templates' values, and its other Rust
//! files, each built on its own.

use proc_macro2::TokenStream;

use super::EmitError;
use super::rust::RustFile;

/// The contribution of a crate kind's emitter to its `lib.rs` and templates.
pub(crate) struct CrateParts {
    /// Inner attributes of `lib.rs`, after its docs.
    pub lib_attrs: TokenStream,
    /// Items for `lib.rs` after `pub mod models;` (module declarations, re-exports).
    pub lib_items: TokenStream,
    /// Extra values for the crate's templates, under the name `parts`.
    pub template_context: minijinja::Value,
}

/// A Rust file of a crate beyond its `lib.rs`, to be built on whichever
/// thread prints it: token streams cannot cross threads, and building a
/// file where it is printed keeps one file's tokens alive per thread.
pub(crate) struct FileJob<'a> {
    /// Path within the crate (`src/client.rs`, `examples/mock.rs`).
    pub path: &'static str,
    /// Whether it grows with the API (one item per operation or type),
    /// rather than being a few items: large files are printed first.
    pub large: bool,
    /// Builds the file.
    pub build: Box<dyn Fn() -> Result<RustFile, EmitError> + Send + Sync + 'a>,
}

impl<'a> FileJob<'a> {
    /// The file at `path`, built by `build`.
    pub(crate) fn new(
        path: &'static str,
        large: bool,
        build: impl Fn() -> Result<RustFile, EmitError> + Send + Sync + 'a,
    ) -> Self {
        Self { path, large, build: Box::new(build) }
    }
}
