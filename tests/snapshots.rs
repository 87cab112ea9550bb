//! Snapshots of what the generator makes of each spec: its IR, and every
//! file it generates. A change to the generator or a spec shows up here as
//! a diff to review with `cargo insta review`. Each test checks all of its
//! snapshots before failing, so one run leaves every pending snapshot to
//! review, and the snapshots of generated files must equal `generated/`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use generator::ir::dump;
use oapi_tests::{generate_spec, spec_paths, workspace_root};

/// What to run when snapshots differ.
const REVIEW: &str = "regenerate with `cargo xtask gen`, then review every changed snapshot at once with \
                      `cargo insta review` (install: `cargo install cargo-insta`)";

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Check every `(name, contents)` snapshot, then fail once naming those
/// that differ: insta has written a pending `.snap.new` for each by then.
fn assert_snapshots(snapshots: impl IntoIterator<Item = (String, String)>) {
    let mut differing = Vec::new();
    for (name, contents) in snapshots {
        let checked = catch_unwind(AssertUnwindSafe(|| {
            settings().bind(|| insta::assert_snapshot!(name.clone(), contents));
        }));
        if checked.is_err() {
            differing.push(name);
        }
    }
    assert!(differing.is_empty(), "{} snapshots differ: {}\n{REVIEW}", differing.len(), differing.join(", "));
}

/// The snapshot name of a generated file: its path under `generated/`.
fn snapshot_name(path: &Path) -> String {
    path.to_string_lossy().replace(['/', '\\'], "__")
}

#[test]
fn ir_of_every_spec() {
    let mut snapshots = Vec::new();
    for path in spec_paths() {
        let generated = generate_spec(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // A spec's warnings are part of what the generator makes of it: reviewed, not forbidden.
        if !generated.warnings.is_empty() {
            let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
            snapshots.push((format!("warnings__{}", generated.api.name), warnings.join("\n")));
        }
        snapshots.push((format!("ir__{}", generated.api.name), dump(&generated.api)));
    }
    assert_snapshots(snapshots);
}

#[test]
fn every_generated_file() {
    let mut snapshots = Vec::new();
    for path in spec_paths() {
        let generated = generate_spec(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        snapshots.extend(generated.files.into_iter().map(|file| (snapshot_name(&file.path), file.contents)));
    }
    assert_snapshots(snapshots);
}

/// The committed snapshots of generated files and the committed
/// `generated/` hold the same text, file for file: a reviewer reading one
/// has read the other.
#[test]
fn snapshots_of_generated_files_equal_generated_dir() {
    let root = workspace_root();
    let mut generated_files = Vec::new();
    let mut pending = vec![root.join("generated")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable generated/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                generated_files.push(path);
            }
        }
    }
    generated_files.sort();
    assert!(!generated_files.is_empty(), "generated/ holds the crates");
    let mut mismatches = Vec::new();
    for file in &generated_files {
        let relative = file.strip_prefix(root.join("generated")).expect("under generated/");
        let snap = root.join("tests/snapshots").join(format!("{}.snap", snapshot_name(relative)));
        let on_disk = std::fs::read_to_string(file).expect("readable generated file");
        match std::fs::read_to_string(&snap) {
            // The snapshot's body follows its `---` header.
            Ok(text) => {
                let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
                if body.trim_end() != on_disk.trim_end() {
                    mismatches.push(format!("{} differs from {}", relative.display(), snap.display()));
                }
            }
            Err(_) => mismatches.push(format!("{} has no snapshot {}", relative.display(), snap.display())),
        }
    }
    assert!(mismatches.is_empty(), "{}\n{REVIEW}", mismatches.join("\n"));
}

/// The fixture specs exercise what the four specs do not (unions,
/// discriminators, integer enums, awkward names, recursion, skipped
/// constructs): their IR and models.
#[test]
fn ir_and_models_of_fixture_specs() {
    let dir = oapi_tests::workspace_root().join("tests/fixtures/valid");
    let mut fixtures: Vec<_> = std::fs::read_dir(dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    fixtures.sort();
    let mut snapshots = Vec::new();
    for path in fixtures {
        let generated = generate_spec(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = generated.api.name.clone();
        snapshots.push((format!("fixture_ir__{name}"), dump(&generated.api)));
        let models = oapi_tests::models_source(&generated.files);
        snapshots.push((format!("fixture_models__{name}"), models.to_owned()));
    }
    assert_snapshots(snapshots);
}

#[test]
fn the_four_specs_hold_63_operations() {
    let counts: Vec<(String, usize)> = spec_paths()
        .iter()
        .map(|p| {
            let api = generate_spec(p).expect("spec generates").api;
            (api.name, api.operations.len())
        })
        .collect();
    let expected = [("hypto-iam", 4), ("iblai-credentials", 29), ("katanemo-identity", 8), ("tiledb-user", 22)];
    let expected: Vec<(String, usize)> = expected.iter().map(|(n, c)| ((*n).to_owned(), *c)).collect();
    assert_eq!(counts, expected);
}

/// Hash maps iterate in a different order in every instance, so two runs in
/// one process catch output that depends on such an order.
#[test]
fn output_is_byte_identical_across_runs() {
    for path in spec_paths() {
        let first = generate_spec(&path).expect("spec generates").files;
        let second = generate_spec(&path).expect("spec generates").files;
        assert_eq!(first, second, "{} generated differently twice", path.display());
    }
}
