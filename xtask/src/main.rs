//! The `cargo xtask` command; see the library for what it does.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let code = xtask::run(std::env::args().skip(1), &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}
