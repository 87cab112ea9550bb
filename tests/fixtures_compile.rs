//! The generated crates of the fixture specs (every construct the generator
//! supports, recursion, skipped constructs) must build without warnings,
//! not only look right: generate them into a scratch workspace and run
//! clippy (type checking plus lints) on it, warnings denied.

use std::path::Path;

use generator::emit::EmitOptions;
use generator::generate;
use oapi_tests::{clippy_scratch_workspace, workspace_root};

#[test]
fn fixture_crates_pass_clippy_without_warnings() {
    let root = workspace_root();
    let runtime = root.join("runtime");
    let options = EmitOptions { spec_path: String::new(), runtime_path: runtime.to_string_lossy().into_owned() };
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/valid"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    fixtures.sort();
    // A spec split over files, and its references across them.
    fixtures.push(root.join("tests/fixtures/multifile/api.yaml"));
    let mut files = Vec::new();
    for spec in &fixtures {
        let options = EmitOptions {
            spec_path: spec.strip_prefix(&root).unwrap_or(spec).to_string_lossy().replace('\\', "/"),
            ..options.clone()
        };
        let generated = generate(spec, &options).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        files.extend(generated.files);
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let built = clippy_scratch_workspace(&tmp.join("fixture-workspace"), &tmp.join("scratch-target"), &files);
    assert!(built.is_ok(), "the fixture crates do not build:\n{}", built.unwrap_err());
}
