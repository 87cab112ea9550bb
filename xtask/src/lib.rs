//! `cargo xtask gen`: regenerate the crates under `generated/` from the
//! specs under `specs/`, or check that they are up to date. The command
//! line is the generator's own ([`generator::cli`], also installed as
//! `oapi-gen`), with this workspace's directories as defaults and the
//! workspace's `runtime/` as the crates' runtime. Tests call [`run`].
//!
//! `cargo xtask corpus`: the generator against a pinned corpus of real
//! vendors' specs ([`corpus`], CORPUS.md).

use std::io::Write;
use std::path::{Path, PathBuf};

use generator::cli::{self, Defaults};

pub mod corpus;

pub use generator::cli::{EXIT_FAILED, EXIT_OK, EXIT_USAGE};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new(".")).to_path_buf()
}

/// This workspace's defaults: `specs/` in, `generated/` out, crates there
/// depending on `runtime/`.
pub fn defaults() -> Defaults {
    let root = workspace_root();
    Defaults {
        command: "cargo xtask gen".into(),
        specs_dir: root.join("specs"),
        out_dir: root.join("generated"),
        runtime_in_place: Some((root.join("generated"), "../../runtime".into())),
        display_root: root,
    }
}

/// Run `cargo xtask` with `args` (without the program name), printing to
/// `out` and `err`; returns the exit status.
pub fn run(args: impl IntoIterator<Item = String>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut args = args.into_iter();
    match args.next().as_deref() {
        Some("gen") => cli::run(&defaults(), args, out, err),
        Some("corpus") => corpus::run(args),
        // The child process `corpus` runs each spec in.
        Some("corpus-one") => corpus::one(&args.collect::<Vec<_>>()),
        other => {
            let what = other.map_or_else(|| "expected a command".to_owned(), |c| format!("unknown command {c:?}"));
            let _ = writeln!(
                err,
                "error: {what}\n\nusage: cargo xtask gen|corpus [OPTIONS] (see `cargo xtask gen --help`, `cargo xtask corpus --help`)"
            );
            EXIT_USAGE
        }
    }
}
