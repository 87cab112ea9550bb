//! Swagger 2.0 specs end to end: converted to OpenAPI 3.0 at load time,
//! generated, with diagnostics that point into the 2.0 file as written, and
//! a generated client and server that round-trip every operation.
//!
//! The upstream TileDB Cloud spec (Swagger 2.0 as its vendor publishes it)
//! is read from `$OAPI_UPSTREAM_DIR` (default `../shared/upstream` beside
//! the workspace); where it is absent that test says so and passes.

use std::path::{Path, PathBuf};

use generator::diagnostics::Diagnostic;
use generator::ir::{MediaKind, Operation, ParamStyle};
use oapi_tests::{load_fixture, run_pipeline, run_round_trip, workspace_root};
use serde_yaml::Value;

const PETSTORE: &str = "tests/fixtures/valid/swagger2-petstore.yaml";

fn petstore_text() -> String {
    std::fs::read_to_string(workspace_root().join(PETSTORE)).expect("the petstore fixture is readable")
}

fn operation<'a>(operations: &'a [Operation], id: &str) -> &'a Operation {
    operations.iter().find(|op| op.id == id).unwrap_or_else(|| panic!("operation {id} was generated"))
}

/// The node at a JSON pointer of `document`, if any (map keys written as
/// YAML integers, such as response codes, match their digits).
fn node<'a>(document: &'a Value, pointer: &str) -> Option<&'a Value> {
    pointer.split('/').skip(1).try_fold(document, |node, token| {
        let token = token.replace("~1", "/").replace("~0", "~");
        match node {
            Value::Mapping(map) => map.get(token.as_str()).or_else(|| {
                map.iter().find(|(key, _)| key.as_u64().is_some_and(|n| n.to_string() == token)).map(|(_, v)| v)
            }),
            Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        }
    })
}

/// Every pointer of the converted document taken back to the written one
/// lands on a node of it, or (for what the conversion added, such as
/// `style` for a default `collectionFormat`) next to one.
fn assert_origins_land_in_the_written_document(path: &str, text: &str) {
    let written: Value = serde_yaml::from_str(text).expect("the spec parses");
    let spec = generator::load::load_str(Path::new(path), text).expect("the spec loads");
    let mut paths = Vec::new();
    oapi_tests::node_paths(&spec.raw, &mut Vec::new(), &mut paths);
    let mut astray = Vec::new();
    for keys in paths {
        let pointer: String = keys
            .iter()
            .map(|key| {
                let token = match key {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    other => format!("{other:?}"),
                };
                format!("/{}", generator::pointer::escape(&token))
            })
            .collect();
        let back = spec.origin.written(&pointer);
        let parent = back.rsplit_once('/').map_or("", |(parent, _)| parent);
        if node(&written, &back).is_none() && node(&written, parent).is_none() {
            astray.push(format!("{pointer} -> {back}"));
        }
    }
    assert!(astray.is_empty(), "{} pointers go back to no node of {path}:\n{}", astray.len(), astray.join("\n"));
}

#[test]
fn a_2_0_spec_with_bodies_forms_and_collection_formats_generates() {
    let generated = run_pipeline(PETSTORE, &petstore_text()).unwrap_or_else(|d| panic!("{d:#?}"));
    assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);
    let api = &generated.api;
    assert_eq!(api.operations.len(), 6);

    let list = operation(&api.operations, "listPets");
    let styles: Vec<_> = list.parameters.iter().map(|p| (p.name.as_str(), p.style, p.explode)).collect();
    assert_eq!(
        styles,
        [("limit", ParamStyle::Form, true), ("tags", ParamStyle::Form, false), ("status", ParamStyle::Form, true)],
        "csv is one comma-separated pair, multi one pair per value"
    );
    assert_eq!(list.responses[0].headers[0].name, "X-Total");

    let add = operation(&api.operations, "addPet");
    let body = add.body.as_ref().expect("the shared body parameter is the request body");
    assert!(body.required);
    assert_eq!(
        body.contents.iter().map(|c| (c.media_type.as_str(), c.kind)).collect::<Vec<_>>(),
        [("application/json", MediaKind::Json)]
    );

    let form = operation(&api.operations, "updatePetWithForm").body.as_ref().expect("a form body");
    assert_eq!(form.contents[0].media_type, "application/x-www-form-urlencoded");
    assert_eq!(form.contents[0].kind, MediaKind::Form);
    assert!(form.required, "a required form field makes the body required");

    let upload = operation(&api.operations, "uploadPhoto");
    let multipart = &upload.body.as_ref().expect("a multipart body").contents[0];
    assert_eq!((multipart.media_type.as_str(), multipart.kind), ("multipart/form-data", MediaKind::Multipart));
    assert_eq!(upload.parameters.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["petId"]);

    let photo = operation(&api.operations, "getPhoto");
    assert_eq!(photo.responses[0].contents[0].kind, MediaKind::Binary);

    let files: Vec<_> = generated.files.iter().map(|f| f.path.to_string_lossy().replace('\\', "/")).collect();
    assert!(files.contains(&"swagger2-petstore-client/src/operations.rs".to_owned()), "{files:?}");
    assert!(files.contains(&"swagger2-petstore-server/src/router.rs".to_owned()), "{files:?}");

    assert_origins_land_in_the_written_document(PETSTORE, &petstore_text());
}

#[test]
fn a_diagnostic_about_a_definition_points_at_the_definition_as_written() {
    let text = format!(
        "{}  Odd:\n    not:\n      type: string\n",
        petstore_text().replace("paths:\n", "paths:\n  /odd:\n    get:\n      operationId: getOdd\n      responses:\n        \"200\":\n          description: odd\n          schema:\n            $ref: \"#/definitions/Odd\"\n")
    );
    let generated = run_pipeline("specs/old.yaml", &text).unwrap_or_else(|d| panic!("{d:#?}"));
    let pointers: Vec<&str> = generated.warnings.iter().map(|d| d.location.pointer.as_str()).collect();
    assert!(pointers.iter().any(|p| p.starts_with("/definitions/Odd")), "{:#?}", generated.warnings);
    assert!(!pointers.iter().any(|p| p.starts_with("/components")), "{:#?}", generated.warnings);
    assert!(pointers.contains(&"/definitions/Odd/not"), "`not` is not checked: {:#?}", generated.warnings);
    assert!(generated.api.operations.iter().any(|op| op.id == "getOdd"), "the operation using it is generated");

    // An error inside a body parameter's schema points at the parameter as written.
    let text = petstore_text().replace(
        "            $ref: \"#/definitions/NewPet\"\n      responses:\n        \"200\":",
        "            type: object\n            maxLength: long\n      responses:\n        \"200\":",
    );
    let errors = run_pipeline("specs/old.yaml", &text).expect_err("a string maxLength is refused");
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["error: specs/old.yaml#/paths/~1pets~1{petId}/put/parameters/0/schema/maxLength: expected `maxLength` to be \
          a non-negative integer, found a string"]
    );
}

/// Where the vendors' published specs are.
fn upstream_dir() -> PathBuf {
    std::env::var_os("OAPI_UPSTREAM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("..").join("shared").join("upstream"))
}

/// The operations a 2.0 document declares.
fn declared_operations(document: &Value) -> usize {
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
    document
        .get("paths")
        .and_then(Value::as_mapping)
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_mapping)
                .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
                .sum()
        })
        .unwrap_or(0)
}

#[test]
fn the_upstream_tiledb_swagger_2_spec_generates_every_operation() {
    let path = upstream_dir().join("tiledb-v1.swagger2.yaml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "SKIPPED: the upstream TileDB spec is not at {} (set OAPI_UPSTREAM_DIR to the folder holding \
             tiledb-v1.swagger2.yaml)",
            path.display()
        );
        return;
    };
    let written: Value = serde_yaml::from_str(&text).expect("the upstream spec is YAML");
    let declared = declared_operations(&written);
    assert_eq!(declared, 168, "the pinned upstream spec declares 168 operations");

    let spec = generator::load::load_str(Path::new("tiledb-v1.yaml"), &text).expect("the upstream spec loads");
    assert_eq!(spec.version, generator::load::convert::Version::Swagger2);
    let conversion: Vec<String> = spec.warnings.iter().map(Diagnostic::to_string).collect();
    assert_eq!(
        conversion,
        ["warning: tiledb-v1.yaml#/schemes: no `host` is declared, so the server is the relative URL of `basePath` \
          (on the host the spec was served from); `schemes` is not used"],
        "the conversion's decisions"
    );

    let generated = run_pipeline("tiledb-v1.yaml", &text).unwrap_or_else(|d| panic!("{d:#?}"));
    let kept = generated.api.operations.len();
    println!(
        "TileDB upstream (Swagger 2.0): {kept} of {declared} operations kept, {} warnings",
        generated.warnings.len()
    );
    for warning in &generated.warnings {
        println!("  {warning}");
        assert!(!warning.location.pointer.starts_with("/components"), "a pointer into the 3.0 rewrite: {warning}");
    }
    assert_eq!(kept, declared, "every operation is kept");
    // TileDB's `uint64` integers are `u64`s, so no longer a warning (its
    // `type: number` with an integer format still is: an `f64`).
    let (formats, others): (Vec<_>, Vec<_>) = generated.warnings.iter().partition(|w| w.message.contains(" format `"));
    assert!(formats.iter().all(|w| !w.message.starts_with("integer format `uint")), "{formats:#?}");
    assert!(formats.iter().any(|w| w.message.starts_with("number format `uint64`")), "{formats:#?}");
    assert!(others.len() <= 5, "warnings: {others:#?}");
    let upload = operation(&generated.api.operations, "HandleUploadFile");
    assert_eq!(upload.body.as_ref().expect("a body").contents[0].kind, MediaKind::Multipart);

    assert_origins_land_in_the_written_document("tiledb-v1.yaml", &text);
}

const ROUND_TRIP: &str = "tests/fixtures/swagger2-roundtrip/swagger2.yaml";

/// The generated client calls the generated server, every operation of a
/// 2.0 spec (`tests/fixtures/swagger2-roundtrip/`): a body parameter, a
/// urlencoded form, a multipart form with a file, query arrays in each
/// `collectionFormat`, path and header parameters, basic and apiKey
/// security, response headers. The server checks it received exactly what
/// the client sent; the client, that it decoded the bodies and headers.
#[test]
fn the_generated_client_and_server_round_trip() {
    let spec = load_fixture(ROUND_TRIP);
    assert!(spec.warnings.is_empty(), "{:#?}", spec.warnings);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let stdout = run_round_trip(scratch, &spec, ROUND_TRIP, "tests/fixtures/swagger2-roundtrip/main.rs");
    assert_eq!(stdout, "round trip ok\n");
}

/// A spec without `host` whose operations each give `schemes` (the
/// Kubernetes specs do, on every one of ~1,000 operations) gets one
/// warning saying how many, not one per operation.
#[test]
fn operation_schemes_without_a_host_are_one_warning() {
    let op = |path: &str, id: &str| {
        format!(
            "  {path}: {{get: {{operationId: {id}, schemes: [https], responses: {{'200': {{description: ok}}}}}}}}\n"
        )
    };
    let spec = format!(
        "swagger: '2.0'\ninfo: {{title: T, version: '1'}}\npaths:\n{}{}{}",
        op("/a", "a"),
        op("/b", "b"),
        op("/c", "c")
    );
    let generated = run_pipeline("specs/k.yaml", &spec).expect("generates");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["warning: specs/k.yaml#/paths/~1a/get/schemes: no `host` is declared, so the own `schemes` of 3 operations \
          (this one and 2 more) cannot be expressed; ignored"]
    );
}
