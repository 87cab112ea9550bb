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

/// A program of a scratch workspace: the package `name` in the folder
/// `dir` (beside `generated/`), with these `[dependencies]` lines.
pub struct Program<'a> {
    /// The package's folder, relative to the workspace.
    pub dir: &'a str,
    /// The package's name.
    pub name: &'a str,
    /// Its `[dependencies]` table, one dependency a line.
    pub dependencies: &'a str,
}

/// Make `dir` a scratch workspace of the crates under `dir/generated` and,
/// if given, a program using them (its manifest written, its `src/` made,
/// its sources left to the caller), pinned by this workspace's lock file
/// (what only these crates need is resolved).
pub fn write_scratch_workspace(dir: &Path, program: Option<&Program<'_>>) -> std::io::Result<()> {
    let members = match program {
        Some(program) => format!("\"generated/*\", \"{}\"", program.dir),
        None => "\"generated/*\"".to_owned(),
    };
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("Cargo.toml"), format!("[workspace]\nresolver = \"3\"\nmembers = [{members}]\n"))?;
    if let Some(Program { dir: package, name, dependencies }) = program {
        std::fs::create_dir_all(dir.join(package).join("src"))?;
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{dependencies}"
        );
        std::fs::write(dir.join(package).join("Cargo.toml"), manifest)?;
    }
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).map(drop)
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
    write_scratch_workspace(dir, None).map_err(|e| e.to_string())?;
    clippy(dir, target, &["--workspace", "--all-targets"])
}

/// `cargo clippy` with `selection` (packages, features) in the scratch
/// workspace `dir`, warnings denied: `Err` with cargo's output when it fails.
pub fn clippy(dir: &Path, target: &Path, selection: &[&str]) -> Result<(), String> {
    let output = std::process::Command::new(env!("CARGO"))
        .arg("clippy")
        .args(selection)
        .args(["--quiet", "--", "-D", "warnings"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&output.stderr).into_owned()) }
}

/// `cargo doc --no-deps` of `selection` in the workspace at `dir`, warnings
/// denied (a broken intra-doc link is one): rustdoc's messages on failure.
pub fn doc(dir: &Path, target: &Path, selection: &[&str]) -> Result<(), String> {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--quiet"])
        .args(selection)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&output.stderr).into_owned()) }
}

/// The dependencies of a round-trip program: the generated client and
/// server of `API` and what the program drives them with (versions from
/// the workspace's lock file).
const ROUND_TRIP_DEPENDENCIES: &str = r#"API-client = { path = "../generated/API-client", features = ["tracing"] }
API-server = { path = "../generated/API-server" }
oapi-runtime = { path = "RUNTIME" }
axum = { version = "0.8", default-features = false, features = ["http1", "tokio"] }
futures-core = "0.3"
serde = "1"
serde_json = "1"
tokio = { version = "1", features = ["io-util", "macros", "net", "rt"] }
tracing = "0.1"
"#;

/// How long a round-trip program may run once built.
const ROUND_TRIP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The single-file spec at `path` (relative to the workspace root), loaded.
pub fn load_fixture(path: &str) -> generator::load::LoadedSpec {
    let text = std::fs::read_to_string(workspace_root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    generator::load::load_str(Path::new(path), &text).unwrap_or_else(|e| panic!("{path} does not load: {e:?}"))
}

/// Generate the crates of `spec` (shown in the preambles as `spec_path`)
/// into a scratch workspace under `scratch_root` beside the round-trip
/// program `program` (a `main.rs`, relative to the workspace root; it may
/// declare `mod inbox;`, `tests/fixtures/roundtrip-inbox.rs`), build
/// it (in `scratch_root/scratch-target`, shared by the scratch workspaces
/// of the tests, so their dependencies build once) and run it, killed after
/// a minute: its stdout, or a panic with what it printed.
pub fn run_round_trip(
    scratch_root: &Path,
    spec: &generator::load::LoadedSpec,
    spec_path: &str,
    program: &str,
) -> String {
    let root = workspace_root();
    let api = &spec.name;
    let scratch = scratch_root.join(format!("{api}-roundtrip"));
    let _ = std::fs::remove_dir_all(scratch.join("generated"));
    let runtime = root.join("runtime").to_string_lossy().into_owned();
    let options = EmitOptions { spec_path: spec_path.to_owned(), runtime_path: runtime.clone() };
    let generated =
        generator::generate_loaded(spec, &options).unwrap_or_else(|e| panic!("{spec_path} does not generate: {e}"));
    for file in generated.files {
        let path = scratch.join("generated").join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("mkdir");
        std::fs::write(path, file.contents).expect("write");
    }
    let name = format!("{api}-roundtrip");
    let dependencies = ROUND_TRIP_DEPENDENCIES.replace("API", api).replace("RUNTIME", &runtime);
    let program_package = Program { dir: "roundtrip", name: &name, dependencies: &dependencies };
    write_scratch_workspace(&scratch, Some(&program_package)).expect("write the scratch workspace");
    let package = scratch.join("roundtrip");
    std::fs::copy(root.join(program), package.join("src/main.rs")).expect("copy the program");
    let inbox = root.join("tests/fixtures/roundtrip-inbox.rs");
    std::fs::copy(inbox, package.join("src/inbox.rs")).expect("copy the inbox module");

    let target = scratch_root.join("scratch-target");
    let built = std::process::Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", &name])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(built.status.success(), "the round trip does not build:\n{}", String::from_utf8_lossy(&built.stderr));

    // Compiling takes what it takes; running is bounded. Its output goes to
    // files, which (unlike pipes nobody reads yet) never fill and stall it.
    let (stdout_path, stderr_path) = (scratch.join("stdout.txt"), scratch.join("stderr.txt"));
    let mut child = std::process::Command::new(target.join("debug").join(&name))
        .stdout(std::fs::File::create(&stdout_path).expect("create stdout.txt"))
        .stderr(std::fs::File::create(&stderr_path).expect("create stderr.txt"))
        .spawn()
        .expect("the program starts");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the program can be waited on") {
            break Some(status);
        }
        if started.elapsed() > ROUND_TRIP_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let stdout = std::fs::read_to_string(stdout_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(stderr_path).unwrap_or_default();
    match status {
        None => panic!("the round trip ran over {ROUND_TRIP_TIMEOUT:?}:\n{stdout}\n{stderr}"),
        Some(status) => assert!(status.success(), "the round trip failed:\n{stdout}\n{stderr}"),
    }
    stdout
}
