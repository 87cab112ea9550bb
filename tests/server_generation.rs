//! What the server emitter makes of what axum cannot route as written and
//! of parameter defaults, on the fixture specs `path-templates` and
//! `parameter-defaults`: snapshots of their server crates' code (which
//! `fixtures_compile` builds with clippy), and the warning for the one
//! operation no router can serve, which fails nothing else.

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
