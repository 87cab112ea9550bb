//! A newcomer's first run: crates generated away from this repository,
//! from a spec that is not in `specs/`, build there (a user's own
//! workspace, no `[workspace.package]` to inherit from, a copy of the
//! runtime beside them), and the generated client reaches the generated
//! mock server. Driven through the command line `oapi-gen` runs.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use oapi_tests::{Program, oapi_gen, write_scratch_workspace};

const SPEC: &str = "openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: A pet.
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
";

/// The user's program: calls the mock at the URL it is given.
const CALLER_MAIN: &str = r#"
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::args().nth(1).expect("the mock's URL");
    let client = pets_client::Client::new(url).expect("a client");
    let pet = client.get_pet("7").await.expect("the mock answers");
    println!("pet named {:?}", pet.name);
}
"#;

/// The dependencies of the user's program.
const CALLER_DEPENDENCIES: &str = r#"pets-client = { path = "../generated/pets-client" }
tokio = { version = "1", features = ["macros", "rt"] }
"#;

/// The target directory the scratch workspaces of the tests share.
fn scratch_target() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch-target")
}

/// `cargo` in `project`.
fn cargo(project: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    // One target directory for every scratch workspace: their dependencies build once.
    command.args(args).current_dir(project).env("CARGO_TARGET_DIR", scratch_target());
    command
}

#[test]
fn crates_generated_elsewhere_build_and_the_client_reaches_the_mock() {
    let project = Path::new(env!("CARGO_TARGET_TMPDIR")).join("standalone-project");
    let _ = std::fs::remove_dir_all(project.join("generated"));
    std::fs::create_dir_all(project.join("specs")).expect("mkdir");
    std::fs::write(project.join("specs/pets.yaml"), SPEC).expect("write spec");
    // A user's workspace: nothing for the crates to inherit, and a program of theirs.
    let caller = Program { dir: "caller", name: "caller", dependencies: CALLER_DEPENDENCIES };
    write_scratch_workspace(&project, Some(&caller)).expect("write the workspace");
    std::fs::write(project.join("caller/src/main.rs"), CALLER_MAIN).expect("write caller");

    let (code, stdout, stderr) = oapi_gen(&project, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let runtime_manifest = std::fs::read_to_string(project.join("generated/oapi-runtime/Cargo.toml")).expect("a copy");
    assert!(!runtime_manifest.contains(".workspace = true"), "the runtime's manifest stands alone");
    let client_manifest = std::fs::read_to_string(project.join("generated/pets-client/Cargo.toml")).expect("client");
    assert!(
        client_manifest.contains(&format!(
            "oapi-runtime = {{ version = \"{}\", path = \"../oapi-runtime\"",
            generator::emit::runtime::VERSION
        )),
        "{client_manifest}"
    );
    assert_eq!(oapi_gen(&project, &["--check"]).0, 0, "a second run finds everything up to date");

    let built = cargo(&project, &["build", "--quiet", "--workspace", "--all-targets"]).output().expect("cargo runs");
    assert!(built.status.success(), "the generated crates do not build:\n{}", String::from_utf8_lossy(&built.stderr));

    // The mock, on a free port; its first line names its URL.
    let mut mock = Command::new(scratch_target().join("debug/examples/pets-mock"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the mock starts");
    let mut output = BufReader::new(mock.stdout.take().expect("stdout"));
    let mut first_line = String::new();
    output.read_line(&mut first_line).expect("the mock prints");
    // The mock logs every request: keep reading, or its writes would fail.
    let drain = std::thread::spawn(move || std::io::copy(&mut output, &mut std::io::sink()));
    let url = first_line.trim().rsplit(' ').next().unwrap_or_default().to_owned();
    let called = Command::new(scratch_target().join("debug/caller")).arg(&url).output();
    let _ = mock.kill();
    let _ = mock.wait();
    let _ = drain.join();
    let called = called.expect("the caller runs");
    assert!(
        called.status.success() && String::from_utf8_lossy(&called.stdout).starts_with("pet named "),
        "the client did not reach the mock at {url:?}:\n{}{}",
        String::from_utf8_lossy(&called.stdout),
        String::from_utf8_lossy(&called.stderr)
    );
}

#[test]
fn a_runtime_path_is_used_as_given() {
    let project = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(project.path().join("specs")).expect("mkdir");
    std::fs::write(project.path().join("specs/pets.yaml"), SPEC).expect("write spec");
    let (code, stdout, stderr) = oapi_gen(project.path(), &["--runtime", "path:../../vendor/oapi-runtime"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!project.path().join("generated/oapi-runtime").exists(), "no copy when a path is given");
    let manifest = std::fs::read_to_string(project.path().join("generated/pets-server/Cargo.toml")).expect("server");
    assert!(manifest.contains("path = \"../../vendor/oapi-runtime\""), "{manifest}");
    let (code, _, stderr) = oapi_gen(project.path(), &["--runtime", "nowhere"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--runtime takes `vendored` or `path:DIR`"), "{stderr}");
}

#[test]
fn specs_are_named_by_file_or_by_name() {
    let project = tempfile::tempdir().expect("temp dir");
    let elsewhere = project.path().join("apis/petstore.yaml");
    std::fs::create_dir_all(elsewhere.parent().expect("parent")).expect("mkdir");
    std::fs::write(&elsewhere, SPEC).expect("write spec");
    let file = elsewhere.to_string_lossy().into_owned();
    let (code, stdout, stderr) = oapi_gen(project.path(), &["--spec", &file, "--name", "pets-v1"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(project.path().join("generated/pets-v1-client/src/lib.rs").is_file());
    let readme = std::fs::read_to_string(project.path().join("generated/pets-v1-client/README.md")).expect("readme");
    assert!(readme.contains("apis/petstore.yaml"), "the spec is named relative to the project");
}
