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

/// `oapi-gen` as a user runs it in `project` (specs in `specs/`, crates in
/// `generated/`): its exit status, stdout and stderr.
pub fn oapi_gen(project: &Path, args: &[&str]) -> (u8, String, String) {
    let defaults = generator::cli::Defaults {
        command: "oapi-gen".into(),
        specs_dir: project.join("specs"),
        out_dir: project.join("generated"),
        display_root: project.to_path_buf(),
        runtime_in_place: None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = generator::cli::run(&defaults, args.iter().map(|a| (*a).to_owned()), &mut out, &mut err);
    (code, String::from_utf8(out).expect("utf-8"), String::from_utf8(err).expect("utf-8"))
}

/// CPU time this thread has used: a measure of work that other processes
/// on a shared machine do not inflate, unlike wall time.
pub fn thread_cpu_time() -> std::time::Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid, writable timespec; the clock id is a constant libc defines.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    std::time::Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Run the whole pipeline (load, normalize, emit) on `text` as the spec
/// `path`: the generated files, or every diagnostic of the failure.
pub fn run_pipeline(path: &str, text: &str) -> Result<Generated, Vec<generator::diagnostics::Diagnostic>> {
    let options = EmitOptions { spec_path: path.to_owned(), runtime_path: "../../runtime".into() };
    let spec = generator::load::load_str(Path::new(path), text).map_err(|e| e.diagnostics)?;
    generator::generate_loaded(&spec, &options).map_err(|e| match e {
        GenerateError::Spec(e) => e.diagnostics,
        GenerateError::Emit(e) => {
            vec![generator::diagnostics::Diagnostic::error(spec.root(), format!("emitter failed: {e}"))]
        }
    })
}

/// The models crate's source (`<api>-models/src/lib.rs`) among generated files.
pub fn models_source(files: &[generator::emit::GeneratedFile]) -> &str {
    let in_models_crate = |path: &Path| {
        let crate_dir = path.parent().and_then(Path::parent).and_then(Path::file_name);
        crate_dir.is_some_and(|dir| dir.to_string_lossy().ends_with("-models"))
    };
    let file = files.iter().find(|f| f.path.ends_with("src/lib.rs") && in_models_crate(&f.path));
    &file.expect("a models crate among the generated files").contents
}

/// The key paths of every node under `value` (the root's is empty), for
/// tests that mutate documents node by node.
pub fn node_paths(
    value: &serde_yaml::Value,
    prefix: &mut Vec<serde_yaml::Value>,
    out: &mut Vec<Vec<serde_yaml::Value>>,
) {
    out.push(prefix.clone());
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, child) in map {
                prefix.push(key.clone());
                node_paths(child, prefix, out);
                prefix.pop();
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(serde_yaml::Value::from(i as u64));
                node_paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// Write `files` as the crates of a scratch workspace in `dir` (pinned by
/// this workspace's lock file) and run `cargo clippy` on it with warnings
/// denied, in `target` (shared by the scratch workspaces of the tests, so
/// their dependencies build once): `Err` with cargo's output when it fails.
pub fn clippy_scratch_workspace(
    dir: &Path,
    target: &Path,
    files: &[generator::emit::GeneratedFile],
) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir.join("generated"));
    for file in files {
        let path = dir.join("generated").join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a file has a parent")).map_err(|e| e.to_string())?;
        std::fs::write(path, &file.contents).map_err(|e| e.to_string())?;
    }
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\nresolver = \"3\"\nmembers = [\"generated/*\"]\n")
        .map_err(|e| e.to_string())?;
    // The lock file pins the versions the workspace uses; what only these crates need is resolved.
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let output = std::process::Command::new(env!("CARGO"))
        .args(["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&output.stderr).into_owned()) }
}
