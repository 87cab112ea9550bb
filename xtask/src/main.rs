//! The `cargo xtask` command; see the library for what it does.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = xtask::run(std::env::args().skip(1), &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}
