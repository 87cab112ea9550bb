//! The generator: OpenAPI specs (Swagger 2.0, OpenAPI 3.0 and 3.1) in, Rust
//! client and server crates out.
//!
//! The pipeline has four stages, one module each:
//! 1. [`load`]: read YAML or JSON, bring it to OpenAPI 3.0 and into
//!    `openapiv3` types, with located errors;
//! 2. [`normalize`]: resolve references, name things and build the [`ir`];
//! 3. [`emit`]: print the crates' files from the IR alone;
//! 4. [`write`](mod@write): keep an output directory in sync with them.
//!
//! [`options`] are what users choose beyond the spec (crate name and
//! version, which crates, which operations, body limits, renames); [`config`]
//! reads them from a spec's config file.
//!
//! [`cli`] is the command line of `cargo xtask gen` and `oapi-gen`. From a
//! build script or a program, call [`generate`] (or [`generate_with`], with
//! the [`Options`] the command line and config files also set) and write the
//! files it returns:
//!
//! ```no_run
//! use generator::emit::{EmitOptions, runtime};
//!
//! let emit = EmitOptions { spec_path: "specs/pets.yaml".into(), runtime_path: format!("../{}", runtime::DIR) };
//! let mut options = generator::Options { version: Some("1.2.0".into()), body_limit: Some(10 << 20), ..Default::default() };
//! options.crates.server = false;
//! options.select.exclude_tags.push("admin".into());
//! options.rename.types.insert("Pet".into(), "Animal".into());
//! // Or the options of a config file: generator::config::parse(&text, "specs/pets.toml")?
//! let generated = generator::generate_with(std::path::Path::new("specs/pets.yaml"), &options, &emit)?;
//! for warning in &generated.warnings {
//!     eprintln!("{warning}");
//! }
//! let out = std::path::Path::new("generated");
//! let files: Vec<_> = runtime::vendored_files("build.rs").into_iter().chain(generated.files).collect();
//! let plan = generator::write::plan(out, &files, None)?;
//! generator::write::apply(out, &plan)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod naming;
pub mod normalize;
pub mod options;
mod parallel;
pub mod pointer;
pub mod write;

use std::path::Path;

use diagnostics::{Diagnostic, SpecError};
use emit::{EmitError, EmitOptions, GeneratedFile};
pub use options::Options;

/// The output of one spec: its IR, its files, and the warnings for what was skipped.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The normalized API.
    pub api: ir::Api,
    /// Files to write under `generated/`.
    pub files: Vec<GeneratedFile>,
    /// Located warnings (skipped operations and models), the normalizer's
    /// then the emitters'.
    pub warnings: Vec<Diagnostic>,
}

/// Why a spec produced no output.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GenerateError {
    /// The spec is malformed: located errors.
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// The emitter failed (a generator bug).
    #[error(transparent)]
    Emit(#[from] EmitError),
}

/// Run the whole pipeline on the spec file at `path`, naming the API after the file.
pub fn generate(path: &Path, options: &EmitOptions) -> Result<Generated, GenerateError> {
    generate_named(path, None, options)
}

/// Run the whole pipeline on the spec file at `path`; the API (and so its
/// crates) is called `name`, or after the file when `name` is `None`.
pub fn generate_named(path: &Path, name: Option<&str>, options: &EmitOptions) -> Result<Generated, GenerateError> {
    generate_loaded(&load::load_file_named(path, name)?, options)
}

/// Run the whole pipeline on the spec file at `path` with `options` (crate
/// name and version, which crates, which operations, body limits, renames).
pub fn generate_with(path: &Path, options: &Options, emit: &EmitOptions) -> Result<Generated, GenerateError> {
    // The document's trees are the largest thing alive (hundreds of MB for
    // a large spec): gone before the emitters build theirs, and freed by a
    // thread that ends, so that the emitters' threads reuse that memory.
    let (api, normalized, origin, warnings) = parallel::on_own_thread(|| {
        let spec = load::load_file_named(path, options.name.as_deref())?;
        let (api, normalized) = normalize_loaded(&spec, options)?;
        let load::LoadedSpec { origin, warnings, document, raw, .. } = spec;
        // Freeing the two trees' millions of nodes is a tenth of this thread's
        // time on a large spec, and nothing else runs meanwhile: both at once.
        parallel::drop_together(document, raw);
        Ok::<_, GenerateError>((api, normalized, origin, warnings))
    })?;
    emit_normalized(api, normalized, &origin, warnings, options, emit)
}

/// Normalize and emit a loaded spec. Every diagnostic points into the file
/// as written, not into its 3.0 rewrite; the loader's warnings come first.
pub fn generate_loaded(spec: &load::LoadedSpec, options: &EmitOptions) -> Result<Generated, GenerateError> {
    generate_loaded_with(spec, &Options::default(), options)
}

/// [`generate_loaded`] with `options`.
pub fn generate_loaded_with(
    spec: &load::LoadedSpec,
    options: &Options,
    emit: &EmitOptions,
) -> Result<Generated, GenerateError> {
    let (api, normalized) = normalize_loaded(spec, options)?;
    emit_normalized(api, normalized, &spec.origin, spec.warnings.clone(), options, emit)
}

/// The IR of a loaded spec and the warnings normalizing it gave, as the
/// normalizer located them (in the 3.0 rewrite).
fn normalize_loaded(spec: &load::LoadedSpec, options: &Options) -> Result<(ir::Api, Vec<Diagnostic>), GenerateError> {
    if let Some(version) = &options.version {
        // The command line and config files check it when read; a build script's is checked here.
        config::check_version(version).map_err(|e| SpecError::single(spec.root(), format!("crate version: {e}")))?;
    }
    normalize::normalize_with(spec, options).map_err(|e| {
        GenerateError::Spec(SpecError {
            diagnostics: e.diagnostics.into_iter().map(|d| spec.origin.locate(d)).collect(),
        })
    })
}

/// Emit the crates of `api`; every warning, the loader's first, pointing
/// into the file as written.
fn emit_normalized(
    api: ir::Api,
    normalized: Vec<Diagnostic>,
    origin: &load::convert::Origin,
    loaded: Vec<Diagnostic>,
    options: &Options,
    emit: &EmitOptions,
) -> Result<Generated, GenerateError> {
    let emitted = emit::emit_with(&api, emit, options)?;
    let written = normalized.into_iter().chain(emitted.warnings).map(|d| origin.locate(d));
    let warnings = loaded.into_iter().chain(written).collect();
    Ok(Generated { api, files: emitted.files, warnings })
}
