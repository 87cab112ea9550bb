//! What the server emitter makes of what axum cannot route as written, of
//! parameter defaults, of operations named like what the router imports
//! and of JSON-encoded parameters, on the fixture specs `path-templates`,
//! `parameter-defaults`, `generated-names` and `vendor-quirks`: snapshots of
//! their server crates' code (which `fixtures_compile` builds with clippy),
//! and the warning for the one operation no router can serve, which fails
//! nothing else.

use generator::Generated;
use generator::diagnostics::Severity;
use oapi_tests::{generate_spec, workspace_root};

fn fixture(name: &str) -> Generated {
    let path = workspace_root().join(format!("tests/fixtures/valid/{name}.yaml"));
    generate_spec(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The contents of a generated file, by its path under `generated/`.
fn file<'a>(generated: &'a Generated, path: &str) -> &'a str {
    let found = generated.files.iter().find(|f| f.path.to_string_lossy() == path);
    &found.unwrap_or_else(|| panic!("no {path}")).contents
}

fn snapshot(generated: &Generated, crate_name: &str, files: &[&str]) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for name in files {
        let contents = file(generated, &format!("{crate_name}/{name}"));
        let snapshot = format!("server_fixture__{crate_name}__{}", name.replace('/', "__"));
        settings.bind(|| insta::assert_snapshot!(snapshot, contents));
    }
}

#[test]
fn routers_of_path_templates_axum_cannot_match_as_written() {
    let generated = fixture("path-templates");
    snapshot(&generated, "path-templates-server", &["src/router.rs", "src/api.rs"]);
}

#[test]
fn handlers_fill_in_parameter_defaults() {
    let generated = fixture("parameter-defaults");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    snapshot(&generated, "parameter-defaults-server", &["src/router.rs", "src/operations.rs"]);
}

#[test]
fn an_operation_no_router_can_serve_is_left_out_with_a_warning() {
    let generated = fixture("path-templates");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["warning: tests/fixtures/valid/path-templates.yaml#/paths/~1pairs~1{left}{right}/get: operation `getPair` \
          (GET /pairs/{left}{right}) is left out of the server crate: its parameters `left` and `right` are adjacent, \
          so no request tells where one ends"]
    );
    assert!(generated.warnings.iter().all(|w| w.severity == Severity::Warning));
    // Only from the server: a client can still send it.
    let server = ["src/api.rs", "src/router.rs", "src/operations.rs"]
        .map(|f| file(&generated, &format!("path-templates-server/{f}")));
    assert!(server.iter().all(|text| !text.contains("get_pair") && !text.contains("GetPair")));
    assert!(
        file(&generated, "path-templates-server/README.md")
            .contains("- operation `getPair` (GET /pairs/{left}{right}) is left out")
    );
    assert!(file(&generated, "path-templates-client/src/operations.rs").contains("pub async fn get_pair("));
    // Every other operation is served.
    let api = file(&generated, "path-templates-server/src/api.rs");
    let methods = api.matches("    fn ").count();
    assert_eq!(methods, generated.api.operations.len() - 1, "{api}");
}

/// Operations named after what the router imports or binds (`post`, `get`,
/// `router`, `schema`, `state`, ...) get handlers of other names, and a
/// pattern without any validation table still gets the `schema` module
/// that holds it (both once failed to compile: E0255, E0432).
#[test]
fn generated_names_never_collide_with_imported_ones() {
    let generated = fixture("generated-names");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    snapshot(&generated, "generated-names-server", &["src/router.rs", "src/schema.rs"]);
    let router = file(&generated, "generated-names-server/src/router.rs");
    for taken in ["post", "get", "router", "schema", "server", "models", "operations", "state"] {
        assert!(!router.contains(&format!("async fn {taken}<")), "a handler is named {taken}");
    }
    assert!(router.contains("server::check_patterns(schema::PATTERNS)"));
    let lib = file(&generated, "generated-names-server/src/lib.rs");
    assert!(lib.contains("mod schema;"), "{lib}");
}

/// JSON-encoded (`content`) parameters: the client wraps each value in
/// `JsonText`, the server's parameter tables mark them `.json()`.
#[test]
fn json_encoded_parameters_in_client_and_server() {
    let generated = fixture("vendor-quirks");
    snapshot(&generated, "vendor-quirks-server", &["src/router.rs"]);
    let client = file(&generated, "vendor-quirks-client/src/operations.rs");
    for call in [
        r#".path_param("org", &oapi_runtime::client::JsonText(org))"#,
        r#".query("filter", &oapi_runtime::client::JsonText(&options.filter))"#,
        r#".header("X-Context", &oapi_runtime::client::JsonText(&options.x_context))"#,
        r#".cookie("prefs", &oapi_runtime::client::JsonText(&options.prefs))"#,
        r#".server("https://eu.example.com/v2")"#,
    ] {
        assert!(client.contains(call), "the client lacks {call}");
    }
}
