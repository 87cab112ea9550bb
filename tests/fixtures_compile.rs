//! The generated crates of the fixture specs (every construct the generator
//! supports, recursion, skipped constructs) must build without warnings,
//! not only look right: generate them into a scratch workspace and run
//! clippy (type checking plus lints) on it, warnings denied.

use std::path::Path;
use std::process::Command;

use generator::emit::EmitOptions;
use generator::generate;
use oapi_tests::workspace_root;

#[test]
fn fixture_crates_pass_clippy_without_warnings() {
    let root = workspace_root();
    let scratch = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-workspace");
    let _ = std::fs::remove_dir_all(scratch.join("generated"));
    let runtime = root.join("runtime");
    let options = EmitOptions { spec_path: String::new(), runtime_path: runtime.to_string_lossy().into_owned() };
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/valid"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    fixtures.sort();
    // A spec split over files, and its references across them.
    fixtures.push(root.join("tests/fixtures/multifile/api.yaml"));
    for spec in &fixtures {
        let options = EmitOptions {
            spec_path: spec.strip_prefix(&root).unwrap_or(spec).to_string_lossy().replace('\\', "/"),
            ..options.clone()
        };
        let generated = generate(spec, &options).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        for file in generated.files {
            let path = scratch.join("generated").join(&file.path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, file.contents).expect("write");
        }
    }
    std::fs::write(scratch.join("Cargo.toml"), "[workspace]\nresolver = \"3\"\nmembers = [\"generated/*\"]\n")
        .expect("write manifest");
    // The main lock file pins the versions the workspace uses; what only the
    // fixtures need (uuid, say) is resolved from the registry.
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("copy lock file");

    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])
        .current_dir(&scratch)
        // One target directory for every scratch workspace: their dependencies build once.
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch-target"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "the fixture crates do not build:\n{}", String::from_utf8_lossy(&output.stderr));
}
