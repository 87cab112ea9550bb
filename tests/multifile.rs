//! Specs split over several files: relative `$ref`s to other files (YAML,
//! nested directories, fragments, cycles across two files) are resolved at
//! load time, and the generated client and server round-trip values of the
//! cycles; a diagnostic about a node of another file names that file and
//! the node's pointer in it; remote references are refused, never fetched.

use std::path::{Path, PathBuf};

use generator::ir::{TypeKind, TypeRef};
use oapi_tests::{generate_spec, run_round_trip, workspace_root};

fn fixture() -> PathBuf {
    workspace_root().join("tests/fixtures/multifile/api.yaml")
}

#[test]
fn a_spec_split_over_files_generates_as_one() {
    let generated = generate_spec(&fixture()).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let api = &generated.api;
    let names: Vec<&str> = api.types.iter().map(|(_, def)| def.ident.as_str()).collect();
    for expected in ["OwnerList", "Pet", "Owner", "Error", "Team", "Member"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    // The cycle across files: Pet.owner is an Owner, Owner.pets holds Pets.
    let pet = api.types.iter().find(|(_, d)| d.ident == "Pet").expect("Pet").1;
    let TypeKind::Struct(pet) = &pet.kind else { panic!("Pet is a struct") };
    assert!(pet.fields.iter().any(|f| f.name == "owner"));
    assert_eq!(pet.fields.len(), 2);
    // The direct cycle across files: Team.lead is a Member, Member.team a Team; one edge is boxed.
    let boxed = |ident: &str, field: &str| {
        let def = api.types.iter().find(|(_, d)| d.ident == ident).unwrap_or_else(|| panic!("{ident}")).1;
        let TypeKind::Struct(def) = &def.kind else { panic!("{ident} is a struct") };
        let field = def.fields.iter().find(|f| f.name == field).unwrap_or_else(|| panic!("{ident}.{field}"));
        matches!(field.ty, TypeRef::Boxed(_))
    };
    assert!(boxed("Team", "lead") || boxed("Member", "team"), "the cycle is broken by a Box");
    assert_eq!(api.operations.len(), 3);
    let get_pet = api.operations.iter().find(|op| op.id == "getPet").expect("getPet");
    assert_eq!(get_pet.parameters.len(), 1, "the shared path parameter from common/parameters.yaml");
    let models = oapi_tests::models_source(&generated.files);
    assert!(models.contains("/// A pet, with its owner."), "descriptions come along");
}

/// A copy of the fixture in a temporary directory, with `api.yaml` replaced.
fn variant(entry: &str, extra: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = fixture();
    let from = source.parent().expect("fixture dir");
    for sub in ["schemas", "common"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(from.join(sub)).expect("fixture files") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, dir.path().join(sub).join(path.file_name().expect("name"))).expect("copy");
        }
    }
    for (name, text) in extra {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let spec = dir.path().join("api.yaml");
    std::fs::write(&spec, entry).expect("write entry");
    (dir, spec)
}

fn first_error(spec: &Path) -> String {
    let error = generate_spec(spec).expect_err("an error");
    error.to_string()
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn a_fault_in_another_file_names_that_file_and_its_pointer() {
    let entry = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          \
         content: {{application/json: {{schema: {{$ref: 'schemas/bad.yaml#/Bad'}}}}}}\n"
    );
    let (dir, spec) =
        variant(&entry, &[("schemas/bad.yaml", "Bad:\n  type: object\n  properties:\n    n: {type: 7}\n")]);
    let message = first_error(&spec);
    let bad = dir.path().join("schemas/bad.yaml");
    assert!(message.contains(&format!("{}#/Bad/properties/n", bad.display())), "{message}");
}

/// The guards of loading (non-finite numbers, which `openapiv3` panics on,
/// and patterns too long to enforce) cover what other files bring in.
#[test]
fn the_load_guards_cover_other_files() {
    let entry = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          \
         content: {{application/json: {{schema: {{$ref: 'schemas/limits.yaml#/Limits'}}}}}}\n"
    );
    let nan = "Limits:\n  type: object\n  properties:\n    n: {type: number, maximum: .nan}\n";
    let (dir, spec) = variant(&entry, &[("schemas/limits.yaml", nan)]);
    let message = first_error(&spec);
    let file = dir.path().join("schemas/limits.yaml");
    assert!(
        message.contains(&format!(
            "{}#/Limits/properties/n/maximum: `.nan` is not a number JSON can hold",
            file.display()
        )),
        "{message}"
    );

    let pattern = "x".repeat(generator::load::limits::MAX_PATTERN_CHARS + 1);
    let long = format!("Limits:\n  type: object\n  properties:\n    s: {{type: string, pattern: '{pattern}'}}\n");
    let (dir, spec) = variant(&entry, &[("schemas/limits.yaml", &long)]);
    let generated = generate_spec(&spec).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("schemas/limits.yaml");
    let warning = generated.warnings.iter().find(|w| w.message.contains("`pattern` not enforced")).expect("a warning");
    assert_eq!((&*warning.location.file, warning.location.pointer.as_str()), (&*file, "/Limits/properties/s/pattern"));
}

#[test]
fn remote_and_missing_references_are_located_errors() {
    let entry = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          \
         content: {{application/json: {{schema: {{$ref: 'https://example.com/schemas/pet.yaml'}}}}}}\n"
    );
    let (_dir, spec) = variant(&entry, &[]);
    let message = first_error(&spec);
    assert!(
        message.contains(
            "/content/application~1json/schema/$ref: $ref \"https://example.com/schemas/pet.yaml\" is remote"
        ),
        "{message}"
    );

    let missing = entry.replace("https://example.com/schemas/pet.yaml", "schemas/nope.yaml");
    let (_dir, spec) = variant(&missing, &[]);
    let message = first_error(&spec);
    assert!(message.contains("$ref \"schemas/nope.yaml\": cannot read"), "{message}");
}

/// The generated client calls the generated server, every operation of the
/// multi-file spec, with values of the cross-file cycles two levels deep
/// (`tests/fixtures/multifile-roundtrip/main.rs`): the server checks it
/// received what the client sent, the client that it got it back.
#[test]
fn the_generated_client_and_server_round_trip() {
    let spec = generator::load::load_file_named(&fixture(), Some("multifile")).unwrap_or_else(|e| panic!("{e}"));
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let stdout = run_round_trip(
        scratch,
        &spec,
        "tests/fixtures/multifile/api.yaml",
        "tests/fixtures/multifile-roundtrip/main.rs",
    );
    assert_eq!(stdout, "round trip ok\n");
}
