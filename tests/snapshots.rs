//! Snapshots of what the generator makes of each spec: its IR, and every
//! file it generates. A change to the generator or a spec shows up here as
//! a diff to review with `cargo insta review`.

use generator::ir::dump;
use oapi_tests::{generate_spec, spec_paths};

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

#[test]
fn ir_of_every_spec() {
    for path in spec_paths() {
        let generated = generate_spec(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(generated.warnings.is_empty(), "unexpected warnings: {:?}", generated.warnings);
        settings().bind(|| insta::assert_snapshot!(format!("ir__{}", generated.api.name), dump(&generated.api)));
    }
}

#[test]
fn every_generated_file() {
    for path in spec_paths() {
        let generated = generate_spec(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for file in &generated.files {
            let name = file.path.to_string_lossy().replace(['/', '\\'], "__");
            settings().bind(|| insta::assert_snapshot!(name, &file.contents));
        }
    }
}

/// The fixture specs exercise what the four specs do not (unions,
/// discriminators, integer enums, awkward names, recursion, skipped
/// constructs): their IR and models.
#[test]
fn ir_and_models_of_fixture_specs() {
    let dir = oapi_tests::workspace_root().join("tests/fixtures/valid");
    let mut fixtures: Vec<_> = std::fs::read_dir(dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    fixtures.sort();
    for path in fixtures {
        let generated = generate_spec(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = generated.api.name.clone();
        settings().bind(|| insta::assert_snapshot!(format!("fixture_ir__{name}"), dump(&generated.api)));
        let models = generated.files.iter().find(|f| f.path.ends_with("src/models.rs")).expect("a models file");
        settings().bind(|| insta::assert_snapshot!(format!("fixture_models__{name}"), &models.contents));
    }
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
