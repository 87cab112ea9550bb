//! The options users ask for (README, "Options"): each from the command
//! line, from a spec's config file (`specs/<name>.toml`) and from the
//! library, with what it changes in the generated crates.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::emit::EmitOptions;
use generator::options::{Crates, Options};
use oapi_tests::{Program, oapi_gen, workspace_root, write_scratch_workspace};

fn fixture() -> PathBuf {
    workspace_root().join("tests/fixtures/options/store.yaml")
}

/// A project whose `specs/` holds the fixture as `store.yaml` and `more.yaml`, without config files.
fn project() -> tempfile::TempDir {
    let project = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(project.path().join("specs")).expect("mkdir");
    for name in ["store", "more"] {
        std::fs::copy(fixture(), project.path().join(format!("specs/{name}.yaml"))).expect("copy spec");
    }
    project
}

fn read(project: &Path, file: &str) -> String {
    std::fs::read_to_string(project.join("generated").join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn generate(options: &Options) -> generator::Generated {
    let emit = EmitOptions { spec_path: "store.yaml".into(), runtime_path: "../oapi-runtime".into() };
    generator::generate_with(&fixture(), options, &emit).expect("generates")
}

fn file<'g>(generated: &'g generator::Generated, path: &str) -> Option<&'g str> {
    generated.files.iter().find(|f| f.path == Path::new(path)).map(|f| f.contents.as_str())
}

#[test]
fn name_and_version_from_the_config_file_and_the_command_line() {
    let project = project();
    std::fs::write(project.path().join("specs/store.toml"), "name = \"shop\"\nversion = \"1.2.0\"\n").expect("toml");
    let (code, out, err) = oapi_gen(project.path(), &[]);
    assert_eq!(code, 0, "{out}{err}");
    for krate in ["shop-models", "shop-client", "shop-server"] {
        let manifest = read(project.path(), &format!("{krate}/Cargo.toml"));
        assert!(manifest.contains("\nversion = \"1.2.0\"\n"), "{krate}: {manifest}");
    }
    for krate in ["shop-client", "shop-server"] {
        let manifest = read(project.path(), &format!("{krate}/Cargo.toml"));
        // The client chooses the models' features (one per tag) itself.
        assert!(manifest.contains("shop-models = { version = \"1.2.0\", path = \"../shop-models\""), "{manifest}");
    }
    // The spec without a config file keeps its file's name and the default version.
    assert!(read(project.path(), "more-client/Cargo.toml").contains("\nversion = \"0.1.0\"\n"));
    // The command line wins over the file.
    let (code, out, err) = oapi_gen(project.path(), &["--spec", "store", "--name", "zoo", "--crate-version", "2.0.0"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(read(project.path(), "zoo-server/Cargo.toml").contains("zoo-models = { version = \"2.0.0\""));
    // A build script's version is checked too.
    let options = Options { version: Some("2".into()), ..Options::default() };
    let emit = EmitOptions { spec_path: "store.yaml".into(), runtime_path: "../oapi-runtime".into() };
    let error = generator::generate_with(&fixture(), &options, &emit).expect_err("not a version").to_string();
    assert!(error.contains("crate version: \"2\" is not a crate version"), "{error}");
}

#[test]
fn names_from_config_files_that_collide_are_refused() {
    let project = project();
    std::fs::write(project.path().join("specs/store.toml"), "name = \"more\"\n").expect("toml");
    let (code, _, err) = oapi_gen(project.path(), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("specs/more.yaml and specs/store.yaml would both generate the crates more-models"), "{err}");
}

#[test]
fn only_the_chosen_crates_are_written_and_pruned_ones_belong_to_their_spec() {
    let project = project();
    assert_eq!(oapi_gen(project.path(), &[]).0, 0);
    let generated = project.path().join("generated");
    assert!(generated.join("store-server/examples/mock.rs").is_file());

    // One spec, the client alone: its server goes, the other spec's crates stay.
    let (code, out, err) = oapi_gen(project.path(), &["--spec", "store", "--crates", "client", "--check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("obsolete: generated/store-server/src/lib.rs"), "{out}");
    assert_eq!(oapi_gen(project.path(), &["--spec", "store", "--crates", "client"]).0, 0);
    assert!(!generated.join("store-server").exists(), "the unchosen server crate is removed");
    assert!(generated.join("store-client/src/lib.rs").is_file() && generated.join("store-models/src/lib.rs").is_file());
    assert!(generated.join("more-server/src/lib.rs").is_file(), "another spec's crates are not ours to prune");
    assert_eq!(oapi_gen(project.path(), &["--spec", "store", "--crates", "client", "--check"]).0, 0);
    let models_readme = read(project.path(), "store-models/README.md");
    assert!(models_readme.contains("The client crate (`store-client`) re-exports"), "{models_readme}");

    // The same from the config file, for every spec of the directory: the mock goes.
    std::fs::write(project.path().join("specs/more.toml"), "mock = false\n").expect("toml");
    std::fs::write(project.path().join("specs/store.toml"), "crates = [\"client\"]\n").expect("toml");
    assert_eq!(oapi_gen(project.path(), &[]).0, 0);
    assert!(!generated.join("more-server/examples/mock.rs").exists(), "no mock");
    let manifest = read(project.path(), "more-server/Cargo.toml");
    assert!(!manifest.contains("[[example]]") && !manifest.contains("features = [\"mock\"]"), "{manifest}");
    assert!(!read(project.path(), "more-server/README.md").contains("## Mock server"));
    let manifest = read(project.path(), "store-client/Cargo.toml");
    assert!(manifest.contains("# The models, one type per schema.\n"), "no server to share them with: {manifest}");
    assert!(!generated.join("store-server").exists());
    assert_eq!(oapi_gen(project.path(), &["--check"]).0, 0, "--check agrees with what was written");

    let (code, _, err) = oapi_gen(project.path(), &["--crates", "mock"]);
    assert_eq!(code, 2);
    assert!(err.contains("--crates: unknown crate \"mock\""), "{err}");
}

#[test]
fn operations_are_selected_by_tag_and_operation_id() {
    let ids = |options: &Options| -> Vec<String> {
        generate(options).api.operations.iter().map(|op| op.id.clone()).collect()
    };
    let mut options = Options::default();
    options.select.include_tags.push("store".into());
    assert_eq!(ids(&options), ["uploadArchive", "getInventory"]);
    options.select.include_ops.push("listPets".into());
    options.select.exclude_ops.push("uploadArchive".into());
    assert_eq!(ids(&options), ["listPets", "getInventory"]);
    let mut options = Options::default();
    options.select.exclude_tags.push("admin".into());
    let generated = generate(&options);
    let ids: Vec<&str> = generated.api.operations.iter().map(|op| op.id.as_str()).collect();
    assert!(!ids.contains(&"deletePet") && ids.contains(&"listPets"), "{ids:?}");
    // Every emitter sees the filtered API; component schemas all stay.
    let client = file(&generated, "store-client/src/client.rs").unwrap_or_default();
    let server = file(&generated, "store-server/src/api.rs").expect("server");
    assert!(!client.contains("delete_pet") && !server.contains("delete_pet"), "{server}");
    assert!(oapi_tests::models_source(&generated.files).contains("pub struct Inventory"));

    options.select.include_tags.push("toys".into());
    options.select.exclude_ops.push("deleteToy".into());
    let warnings: Vec<String> = generate(&options).warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains("include_tags/--include-tag \"toys\": no operation has this tag")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("exclude_ops/--exclude-op \"deleteToy\": no operation has this operationId"))
    );
}

#[test]
fn filters_on_the_command_line_and_in_the_config_file() {
    let project = project();
    std::fs::write(project.path().join("specs/store.toml"), "include_tags = [\"store\"]\n").expect("toml");
    let (code, out, err) = oapi_gen(project.path(), &["--spec", "store", "--exclude-op", "uploadArchive"]);
    assert_eq!(code, 0, "{out}{err}");
    let api = read(project.path(), "store-server/src/api.rs");
    assert!(api.contains("fn get_inventory") && !api.contains("fn upload_archive") && !api.contains("fn list_pets"));
}

#[test]
fn renames_change_rust_names_and_keep_wire_names() {
    let mut options = Options::default();
    options.rename.types.insert("Pet".into(), "Animal".into());
    options.rename.fields.insert("Pet.type".into(), "kind".into());
    let generated = generate(&options);
    let models = oapi_tests::models_source(&generated.files);
    assert!(models.contains("pub struct Animal {") && !models.contains("pub struct Pet "), "{models}");
    assert!(models.contains("#[member(optional, rename = \"type\")]"), "the wire name stays: {models}");
    assert!(models.contains("pub kind: Option<String>"), "{models}");
    assert!(file(&generated, "store-server/src/api.rs").is_some_and(|api| api.contains("body: models::Animal")));

    // A name taken already is an error naming both; renaming nothing is a warning.
    let mut options = Options::default();
    options.rename.types.insert("Pet".into(), "Inventory".into());
    options.rename.fields.insert("Pet.type".into(), "tag".into());
    let error = generator::generate_with(
        &fixture(),
        &options,
        &EmitOptions { spec_path: "store.yaml".into(), runtime_path: "../oapi-runtime".into() },
    )
    .expect_err("collisions");
    let error = error.to_string();
    assert!(
        error.contains("rename.types \"Pet\" = \"Inventory\": the type of schema \"Inventory\" is named"),
        "{error}"
    );
    assert!(error.contains("rename.fields \"Pet.type\" = \"tag\": the field of Pet.tag is named \"tag\""), "{error}");
    let mut options = Options::default();
    options.rename.types.insert("Dog".into(), "Hound".into());
    options.rename.fields.insert("Pet.colour".into(), "color".into());
    let warnings: Vec<String> = generate(&options).warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains("rename.types \"Dog\": there is no schema named \"Dog\"")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.contains("\"Pet\" has no property \"colour\"")), "{warnings:?}");
}

#[test]
fn config_file_errors_name_the_file_the_line_and_the_key() {
    let project = project();
    std::fs::write(project.path().join("specs/store.toml"), "version = \"1.0.0\"\nbody_limits = 5\n").expect("toml");
    // Not a spec: the directory has two specs and no third.
    std::fs::write(project.path().join("specs/orphan.toml"), "").expect("toml");
    let (code, out, err) = oapi_gen(project.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("error: specs/store.toml:2:1 (key `body_limits`): unknown field `body_limits`"), "{err}");
    assert!(err.contains("warning: specs/orphan.toml: no spec beside it"), "{err}");
    assert!(err.contains("1 of 2 specs failed"), "{err}");
}

#[test]
fn body_limits_reach_the_router() {
    let generated = generate(&Options { body_limit: Some(1000), ..Options::default() });
    let router = file(&generated, "store-server/src/router.rs").expect("router");
    assert!(router.contains("routes.layer(axum::extract::DefaultBodyLimit::max(1000))"), "{router}");
    let limits: Vec<(String, Option<u64>)> =
        generated.api.operations.iter().map(|op| (op.id.clone(), op.body_limit)).collect();
    assert!(limits.contains(&("uploadImage".into(), Some(100))), "maxLength of a binary body: {limits:?}");
    assert!(limits.contains(&("createPet".into(), None)), "{limits:?}");
    let default = generate(&Options::default());
    assert!(!file(&default, "store-server/src/router.rs").expect("router").contains("routes.layer("));
    let none = Options { crates: Crates { client: true, server: false, mock: true }, ..Options::default() };
    assert!(file(&generate(&none), "store-server/src/router.rs").is_none());
}

/// `cargo` in `project`, with the target directory the scratch workspaces share.
fn cargo(project: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(project)
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch-target"));
    command
}

/// The generated server with the fixture's config file (`store.toml`: body
/// limit 1000, `uploadArchive` 2000, a binary body's `maxLength` 100 for
/// `uploadImage`), built and driven: bodies over a limit answer 413 with a
/// JSON error.
#[test]
fn bodies_over_the_limits_answer_413_with_json() {
    let project = Path::new(env!("CARGO_TARGET_TMPDIR")).join("options-project");
    let _ = std::fs::remove_dir_all(&project);
    std::fs::create_dir_all(project.join("specs")).expect("mkdir");
    let fixtures = workspace_root().join("tests/fixtures/options");
    for file in ["store.yaml", "store.toml"] {
        std::fs::copy(fixtures.join(file), project.join("specs").join(file)).expect("copy");
    }
    let (code, out, err) = oapi_gen(&project, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !project.join("generated/shop-client").exists() && !project.join("generated/shop-server/examples").exists()
    );
    let dependencies = "shop-server = { path = \"../generated/shop-server\" }\n\
                        oapi-runtime = { path = \"../generated/oapi-runtime\" }\n\
                        axum = { version = \"0.8\", default-features = false }\n\
                        tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n\
                        tower = { version = \"0.5\", features = [\"util\"] }\n";
    let driver = Program { dir: "driver", name: "driver", dependencies };
    write_scratch_workspace(&project, Some(&driver)).expect("the driver's workspace");
    std::fs::copy(fixtures.join("main.rs"), project.join("driver/src/main.rs")).expect("driver");

    let run = cargo(&project, &["run", "--quiet", "-p", "driver"]).output().expect("cargo runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", String::from_utf8_lossy(&run.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    let too_large = r#"413 {"message":"the request body is larger than this server accepts"}"#;
    let expected = [
        ("createPet 1000 ", "201 "),
        ("createPet 1001 ", too_large),
        ("uploadImage 100 ", "204 "),
        ("uploadImage 101 ", too_large),
        ("uploadArchive 2000 ", "204 "),
        ("uploadArchive 2001 ", too_large),
    ];
    assert_eq!(lines.len(), expected.len(), "{stdout}");
    for (line, (request, answer)) in lines.iter().zip(expected) {
        assert!(line.starts_with(request), "{line}");
        let got = &line[request.len()..];
        assert!(got.starts_with(answer.split(' ').next().unwrap_or_default()), "{line}");
        if answer.starts_with("413") {
            assert!(got.contains("the request body is larger than this server accepts"), "{line}");
        }
    }
}

#[test]
fn one_tag_split_by_resource_still_gives_features() {
    // Only the `store` tag's operations: one tag, nothing to choose from.
    let mut options = Options::default();
    options.select.include_tags.push("store".into());
    let generated = generate(&options);
    let manifest = file(&generated, "store-client/Cargo.toml").expect("client manifest");
    assert!(!manifest.contains("default = ["), "{manifest}");
    // Split by resource (`/archive`, `/inventory`), it has two.
    options.resource_features_above = Some(1);
    let generated = generate(&options);
    let manifest = file(&generated, "store-client/Cargo.toml").expect("client manifest");
    for line in [
        "default = [\"store\", \"unreferenced-models\"]",
        "store = [\"store-archive\", \"store-inventory\"]",
        "store-archive = [\"store-models/store-archive\"]",
    ] {
        assert!(manifest.lines().any(|l| l == line), "{line} not in\n{manifest}");
    }
    let readme = file(&generated, "store-client/README.md").expect("client README");
    assert!(readme.contains("A path resource is the first path segment"), "{readme}");
    assert!(!readme.contains("operations without one"), "no operation lacks a tag:\n{readme}");
}

#[test]
fn operations_without_a_tag_split_by_resource_are_documented_as_such() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("plain.yaml");
    let op = |id: &str| format!("{{operationId: {id}, responses: {{'204': {{description: done}}}}}}");
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: Plain, version: '1'}}\npaths:\n  /cats:\n    get: {}\n    post: {}\n  \
         /dogs:\n    get: {}\n",
        op("listCats"),
        op("makeCat"),
        op("listDogs")
    );
    std::fs::write(&spec, text).expect("spec");
    let options = Options { resource_features_above: Some(1), ..Options::default() };
    let emit = EmitOptions { spec_path: "plain.yaml".into(), runtime_path: "../oapi-runtime".into() };
    let generated = generator::generate_with(&spec, &options, &emit).expect("generates");
    let manifest = file(&generated, "plain-client/Cargo.toml").expect("client manifest");
    assert!(manifest.contains("# A feature per tag of the spec and per path resource of the operations without one"));
    assert!(manifest.lines().any(|l| l == "default = [\"cats\", \"dogs\"]"), "{manifest}");
    let readme = file(&generated, "plain-client/README.md").expect("client README");
    for text in [
        "Each tag of the spec, and each path resource of the operations without one, is a Cargo feature",
        "an operation without a tag is always compiled, unless there are more than 1 of them: then by the feature of \
         its path resource",
    ] {
        assert!(readme.contains(text), "{text:?} not in\n{readme}");
    }
    let models_readme = file(&generated, "plain-models/README.md").expect("models README");
    assert!(models_readme.contains("and each path resource of the operations without one,"), "{models_readme}");
}
