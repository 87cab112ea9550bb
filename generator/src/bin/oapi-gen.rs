//! `oapi-gen`: the generator as a command (`cargo install --path generator`):
//! specs from `specs/` (or `--spec FILE`) to crates in `generated/` (or
//! `--out DIR`), relative to the current directory, each output directory
//! with its own copy of the runtime crate unless `--runtime path:DIR`.

use std::process::ExitCode;

use generator::cli::{self, Defaults};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let here = std::env::current_dir().unwrap_or_default();
    let defaults = Defaults {
        command: "oapi-gen".into(),
        specs_dir: "specs".into(),
        out_dir: "generated".into(),
        display_root: here,
        runtime_in_place: None,
    };
    let code = cli::run(&defaults, std::env::args().skip(1), &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}
