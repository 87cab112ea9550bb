//! Bad input through the real `cargo xtask gen` entry point: every
//! malformed spec gives its exact located message and exit status 1, and
//! leaves the output directory exactly as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use oapi_tests::workspace_root;

fn fixture(group: &str, name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(group).join(name)
}

/// Every file under `dir` with its contents.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.map(|e| e.expect("readable entry")) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).expect("inside").to_path_buf(),
                    std::fs::read(&path).expect("readable"),
                );
            }
        }
    }
    files
}

struct Run {
    code: u8,
    stdout: String,
    stderr: String,
}

fn xtask(args: &[&str]) -> Run {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::run(args.iter().map(|a| (*a).to_owned()), &mut out, &mut err);
    Run { code, stdout: String::from_utf8(out).expect("utf-8"), stderr: String::from_utf8(err).expect("utf-8") }
}

/// A workspace in a temporary directory: a specs dir holding `specs`, and an
/// output dir already holding what a good spec generates.
struct Sandbox {
    _dir: tempfile::TempDir,
    specs: PathBuf,
    out: PathBuf,
}

impl Sandbox {
    fn new(specs: &[PathBuf]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (spec_dir, out) = (dir.path().join("specs"), dir.path().join("generated"));
        std::fs::create_dir_all(&spec_dir).expect("mkdir");
        std::fs::copy(fixture("valid", "recursive.yaml"), spec_dir.join("recursive.yaml")).expect("copy");
        let sandbox = Self { _dir: dir, specs: spec_dir, out };
        assert_eq!(sandbox.generate(&[]).code, 0, "the good spec generates");
        for spec in specs {
            std::fs::copy(spec, sandbox.specs.join(spec.file_name().expect("file name"))).expect("copy");
        }
        sandbox
    }

    fn generate(&self, extra: &[&str]) -> Run {
        let (specs, out) = (self.specs.to_string_lossy(), self.out.to_string_lossy());
        let mut args = vec!["gen", "--specs", &specs, "--out", &out];
        args.extend_from_slice(extra);
        xtask(&args)
    }

    fn spec_path(&self, name: &str) -> String {
        self.specs.join(name).to_string_lossy().into_owned()
    }
}

/// Run `name` beside a good spec; assert exit 1, the exact diagnostics
/// (`{spec}` stands for the spec's path) and an untouched output directory.
fn assert_rejected(name: &str, expected: &[&str]) {
    let sandbox = Sandbox::new(&[fixture("malformed", name)]);
    let before = tree(&sandbox.out);
    assert!(!before.is_empty());
    let run = sandbox.generate(&[]);
    let spec = sandbox.spec_path(name);
    let mut lines: Vec<String> = expected.iter().map(|l| l.replace("{spec}", &spec)).collect();
    lines.push("1 of 2 specs failed; nothing was written".to_owned());
    assert_eq!(run.stderr.lines().collect::<Vec<_>>(), lines, "stderr of {name}");
    assert_eq!(run.code, 1, "exit status of {name}");
    assert_eq!(run.stdout, "", "nothing reported as written");
    assert!(tree(&sandbox.out) == before, "{name} changed the output directory");
}

#[test]
fn bad_yaml() {
    assert_rejected(
        "bad-yaml.yaml",
        &["error: {spec}#/: not valid YAML or JSON at line 8, column 1: did not find expected ',' or ']'"],
    );
}

#[test]
fn dangling_ref() {
    assert_rejected(
        "dangling-ref.yaml",
        &[
            r##"error: {spec}#/components/schemas/User/properties/team/$ref: $ref "#/components/schemas/Team" points to nothing: there is no schema named "Team" under /components/schemas"##,
        ],
    );
}

#[test]
fn wrong_type() {
    assert_rejected(
        "wrong-type.yaml",
        &[
            "error: {spec}#/components/schemas/User/properties/name/maxLength: expected `maxLength` to be a non-negative integer, found a string",
        ],
    );
}

#[test]
fn reference_cycle() {
    assert_rejected(
        "ref-cycle.yaml",
        &[
            r##"error: {spec}#/components/schemas/A/$ref: $ref cycle: #/components/schemas/B -> #/components/schemas/A -> #/components/schemas/B"##,
            // B's chain was walked as part of A's: its error says what A's found.
            r##"error: {spec}#/components/schemas/B/$ref: $ref "#/components/schemas/A" cannot be resolved: $ref cycle: #/components/schemas/B -> #/components/schemas/A -> #/components/schemas/B"##,
        ],
    );
}

#[test]
fn swagger_2_errors_point_into_the_2_0_file() {
    assert_rejected(
        "swagger2.yaml",
        &[
            "error: {spec}#/definitions/Pet/properties/name/maxLength: expected `maxLength` to be a non-negative integer, found a string",
        ],
    );
}

#[test]
fn openapi_3_1_errors_point_into_the_file_as_written() {
    assert_rejected(
        "openapi31.yaml",
        &[
            r##"error: {spec}#/components/schemas/Pet/properties/owner/$ref: $ref "#/components/schemas/Owner" points to nothing: there is no schema named "Owner" under /components/schemas"##,
            r#"warning: {spec}#/paths/~1pets/get: operation "listPets" skipped: it uses model "Pet", which was skipped"#,
        ],
    );
}

#[test]
fn check_mode_lists_stale_files_and_writes_nothing() {
    let sandbox = Sandbox::new(&[]);
    let lib = sandbox.out.join("recursive-models/src/lib.rs");
    std::fs::write(&lib, "// edited by hand\n").expect("write");
    std::fs::remove_file(sandbox.out.join("recursive-server/README.md")).expect("remove");
    let before = tree(&sandbox.out);
    let run = sandbox.generate(&["--check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "stale:    generated/recursive-models/src/lib.rs\nmissing:  generated/recursive-server/README.md\n\
         generated/ is out of date: run `cargo xtask gen`\n"
    );
    assert!(tree(&sandbox.out) == before, "--check wrote something");
    assert_eq!(sandbox.generate(&[]).code, 0);
    let run = sandbox.generate(&["--check"]);
    assert_eq!((run.code, run.stdout.starts_with("generated/ is up to date")), (0, true), "{}", run.stdout);
}

#[test]
fn unsupported_constructs_skip_only_what_holds_them() {
    let sandbox = Sandbox::new(&[fixture("valid", "unsupported.yaml")]);
    let run = sandbox.generate(&[]);
    let spec = sandbox.spec_path("unsupported.yaml");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            format!(
                r#"warning: {spec}#/components/schemas/Odd/allOf/1: model "Odd" skipped: allOf members other than objects cannot be merged into one type (only allOf of objects is supported): this member is a string"#
            ),
            format!(
                r#"warning: {spec}#/paths/~1odd/get: operation "getOdd" skipped: it uses model "Odd", which was skipped"#
            ),
        ]
    );
    let models = std::fs::read_to_string(sandbox.out.join("unsupported-models/src/lib.rs")).expect("generated");
    assert!(models.contains("pub struct Pet"), "{models}");
    assert!(!models.contains("Odd"), "{models}");
}

#[test]
fn recursive_schemas_are_boxed() {
    let sandbox = Sandbox::new(&[]);
    let models = std::fs::read_to_string(sandbox.out.join("recursive-models/src/lib.rs")).expect("generated");
    assert!(models.contains("pub parent: Option<Box<TreeNode>>"), "{models}");
    assert!(models.contains("pub children: Option<Vec<TreeNode>>"), "{models}");
    assert!(models.contains("pub pong: Option<Box<Pong>>"), "{models}");
    assert!(models.contains("pub ping: Option<Box<Ping>>"), "{models}");
}

#[test]
fn unknown_spec_name_is_a_usage_error() {
    let sandbox = Sandbox::new(&[]);
    let run = sandbox.generate(&["--spec", "nope"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("error: no spec named \"nope\""), "{}", run.stderr);
    assert_eq!(xtask(&["gen", "--bogus"]).code, 2);
}
