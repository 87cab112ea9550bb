//! Helpers shared by the test targets of this package.

use std::path::{Path, PathBuf};

use generator::emit::EmitOptions;
use generator::{GenerateError, Generated, generate};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the workspace").to_path_buf()
}

/// The specs under `specs/`, sorted.
pub fn spec_paths() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(workspace_root().join("specs"))
        .expect("specs/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    specs.sort();
    specs
}

/// Generate from `path` as `cargo xtask gen` does (same options).
pub fn generate_spec(path: &Path) -> Result<Generated, GenerateError> {
    let shown = path.strip_prefix(workspace_root()).unwrap_or(path).to_string_lossy().replace('\\', "/");
    generate(path, &EmitOptions { spec_path: shown, runtime_path: "../../runtime".into() })
}
