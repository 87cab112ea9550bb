//! The generated crates of the fixture specs (every construct the generator
//! supports, recursion, skipped constructs) must build without warnings,
//! not only look right: generate them into a scratch workspace and run
//! clippy (type checking plus lints) on it, warnings denied.

use std::path::Path;

use generator::emit::EmitOptions;
use generator::options::Options;
use generator::{Generated, generate, generate_with};
use oapi_tests::{clippy, clippy_scratch_workspace, doc, workspace_root};

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

/// The crates of the fixture of tag features, generated with `options`.
fn tag_features(options: &Options) -> Generated {
    let root = workspace_root();
    let spec_path = "tests/fixtures/valid/tag-features.yaml";
    let emit = EmitOptions {
        spec_path: spec_path.to_owned(),
        runtime_path: root.join("runtime").to_string_lossy().into_owned(),
    };
    generate_with(&root.join(spec_path), options, &emit).expect("the fixture generates")
}

/// The text of the generated file at `path`.
fn file_of<'a>(generated: &'a Generated, path: &str) -> &'a str {
    let found = generated.files.iter().find(|f| f.path == Path::new(path));
    found.unwrap_or_else(|| panic!("no {path}")).contents.as_str()
}

/// A client crate of a spec with tags has a feature per tag: it must build
/// without warnings with each feature alone, with none and with all (the
/// default), each model compiled only under the features of operations
/// that reach it.
#[test]
fn tag_features_build_alone_and_together() {
    let generated = tag_features(&Options::default());
    let file = |path: &str| file_of(&generated, path);
    // A feature per tag, named apart from Cargo's and the client's own.
    let manifest = file("tag-features-client/Cargo.toml");
    for line in [
        "default = [\"pets\", \"store-orders\", \"tracing_2\", \"unreferenced-models\"]",
        "store-orders = [\"tag-features-models/store-orders\"]",
        "tracing = [\"oapi-runtime/client-tracing\"]",
        "tag-features-models = { version = \"0.1.0\", path = \"../tag-features-models\", default-features = false }",
    ] {
        assert!(manifest.lines().any(|l| l == line), "{line} not in\n{manifest}");
    }
    // Each model under the features of the operations reaching it.
    let models = file("tag-features-models/src/lib.rs");
    let gate_of = |item: &str| {
        let at = models.find(item).unwrap_or_else(|| panic!("no {item}"));
        models[..at].lines().rev().take_while(|l| !l.is_empty()).find(|l| l.starts_with("#[cfg")).map(str::to_owned)
    };
    let pet = "#[cfg(any(feature = \"pets\", feature = \"store-orders\", feature = \"unreferenced-models\"))]";
    assert_eq!(gate_of("pub struct Pet "), Some(pet.into()), "reached by two tags and by an unused model");
    assert_eq!(gate_of("pub struct Order "), Some("#[cfg(feature = \"store-orders\")]".into()));
    assert_eq!(gate_of("pub enum Detail "), Some("#[cfg(any(feature = \"pets\", feature = \"store-orders\"))]".into()));
    assert_eq!(gate_of("pub struct WebhookEvent "), Some("#[cfg(feature = \"unreferenced-models\")]".into()));
    assert_eq!(gate_of("pub struct Health "), None, "an operation without a tag is always compiled");

    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (dir, target) = (tmp.join("tag-features-workspace"), tmp.join("scratch-target"));
    let built = clippy_scratch_workspace(&dir, &target, &generated.files);
    assert!(built.is_ok(), "all features:\n{}", built.unwrap_err());
    for feature in ["pets", "store-orders", "tracing_2", "unreferenced-models", ""] {
        let selection = ["-p", "tag-features-client", "--no-default-features", "--features", feature];
        let built = clippy(&dir, &target, &selection);
        assert!(built.is_ok(), "features [{feature}]:\n{}", built.unwrap_err());
    }
    // Docs of a shared error enum link only to the methods compiled with it.
    for feature in ["pets", "store-orders"] {
        let documented =
            doc(&dir, &target, &["-p", "tag-features-client", "--no-default-features", "--features", feature]);
        assert!(documented.is_ok(), "docs with features [{feature}]:\n{}", documented.unwrap_err());
    }
}

/// A tag of more operations than `resource_features_above` also has a
/// feature per path resource, which its own feature turns on: each builds
/// alone, and compiles the operations under its paths and their models.
#[test]
fn resource_features_build_alone() {
    let generated = tag_features(&Options { resource_features_above: Some(1), ..Options::default() });
    let file = |path: &str| file_of(&generated, path);
    // `pets` (three operations) by the first segment, `/pets` again by the
    // next; `Store Orders` (two) by what follows `/orders`.
    let manifest = file("tag-features-client/Cargo.toml");
    for line in [
        "default = [\"pets\", \"store-orders\", \"tracing_2\", \"unreferenced-models\"]",
        "pets = [\"pets-orders\", \"pets-pets\", \"pets-photo\"]",
        "# The operations tagged \"pets\" at `/pets/{id}/photo` and below (1).",
        "pets-photo = [\"tag-features-models/pets-photo\"]",
        "store-orders = [\"store-orders-orders\", \"store-orders-pet\"]",
        "# The operations tagged \"Store Orders\" at `/orders` (1).",
    ] {
        assert!(manifest.lines().any(|l| l == line), "{line} not in\n{manifest}");
    }
    let models_manifest = file("tag-features-models/Cargo.toml");
    assert!(
        models_manifest.contains("\npets = [\"pets-orders\", \"pets-pets\", \"pets-photo\"]\n"),
        "{models_manifest}"
    );
    let models = file("tag-features-models/src/lib.rs");
    let order = models.find("pub struct Order ").expect("Order");
    let gate = "#[cfg(feature = \"store-orders-orders\")]";
    assert!(models[..order].lines().rev().take_while(|l| !l.is_empty()).any(|l| l == gate), "{models}");

    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (dir, target) = (tmp.join("resource-features-workspace"), tmp.join("scratch-target"));
    let built = clippy_scratch_workspace(&dir, &target, &generated.files);
    assert!(built.is_ok(), "all features:\n{}", built.unwrap_err());
    for feature in ["pets-orders", "pets-pets", "pets-photo", "store-orders-orders", "store-orders-pet"] {
        let selection = ["-p", "tag-features-client", "--no-default-features", "--features", feature];
        let built = clippy(&dir, &target, &selection);
        assert!(built.is_ok(), "features [{feature}]:\n{}", built.unwrap_err());
    }
    // The error enum `listPets` and `placeOrder` share links to the one compiled.
    let selection = ["-p", "tag-features-client", "--no-default-features", "--features", "store-orders-orders"];
    let documented = doc(&dir, &target, &selection);
    assert!(documented.is_ok(), "docs with store-orders-orders:\n{}", documented.unwrap_err());
}
