//! The vendors' own published specs (not the hand-written ones in
//! `specs/`): the upstream Hypto IAM spec, as published, must generate
//! client and server crates that build without warnings, keep every one
//! of its 74 operations, and say where it decided something.
//!
//! The specs live outside the repository, in `$OAPI_UPSTREAM_DIR`
//! (default: `../shared/upstream` beside the workspace); where they are
//! absent the tests say so and pass.

use std::path::{Path, PathBuf};

use generator::emit::EmitOptions;
use generator::generate;
use oapi_tests::{clippy_scratch_workspace, workspace_root};

/// The upstream spec `name`, or `None` (with a message) when it is absent.
fn upstream(name: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("OAPI_UPSTREAM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/upstream"));
    let path = dir.join(name);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "skipped: upstream spec {} is absent (set OAPI_UPSTREAM_DIR to the folder holding it)",
            path.display()
        );
        None
    }
}

fn generate_hypto(path: &std::path::Path) -> generator::Generated {
    let options = EmitOptions {
        spec_path: "hypto-iam.yaml".into(),
        runtime_path: workspace_root().join("runtime").to_string_lossy().into_owned(),
    };
    generate(path, &options).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn hypto_iam_keeps_every_operation_with_located_warnings() {
    let Some(path) = upstream("hypto-iam.yaml") else { return };
    let generated = generate_hypto(&path);
    assert_eq!(generated.api.operations.len(), 74, "every operation of the spec is kept");
    // JSON-encoded (`content`) path parameters are typed from their schema.
    let organization_id = generated
        .api
        .operations
        .iter()
        .flat_map(|op| &op.parameters)
        .find(|p| p.name == "organization_id")
        .expect("organization_id is a parameter");
    assert_eq!(organization_id.json.as_deref(), Some("application/json"));
    // The one decision: `organization_id` is declared for four operations whose template lacks it.
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    for warning in &generated.warnings {
        assert!(*warning.location.file == *path && warning.location.pointer.starts_with("/paths/"), "{warning}");
        assert!(
            warning.message.contains("path parameter \"organization_id\"")
                && warning.message.contains("does not appear in the path template; it is left out"),
            "{warning}"
        );
    }
}

/// The generated crates in a scratch workspace, built against this
/// workspace's runtime: clippy (type checking and lints), warnings denied.
#[test]
fn hypto_iam_crates_pass_clippy_without_warnings() {
    let Some(path) = upstream("hypto-iam.yaml") else { return };
    let generated = generate_hypto(&path);
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let built =
        clippy_scratch_workspace(&tmp.join("upstream-workspace"), &tmp.join("scratch-target"), &generated.files);
    assert!(built.is_ok(), "the upstream Hypto IAM crates do not build:\n{}", built.unwrap_err());
}
