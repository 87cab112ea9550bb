//! What the server emitter does with paths axum cannot route as written:
//! a located error, never a panic or a crate that panics at startup.

use generator::emit::EmitOptions;
use generator::{GenerateError, generate};

fn generate_yaml(yaml: &str) -> Result<generator::Generated, GenerateError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, yaml).expect("write spec");
    generate(&path, &EmitOptions { spec_path: "spec.yaml".into(), runtime_path: "../../runtime".into() })
}

fn spec(paths: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}",
    )
}

fn emit_error(paths: &str) -> String {
    match generate_yaml(&spec(paths)) {
        Err(GenerateError::Emit(e)) => e.to_string(),
        Err(other) => panic!("expected an emit error, got {other}"),
        Ok(_) => panic!("expected an emit error"),
    }
}

const OK: &str = "responses: {'204': {description: ok}}";

#[test]
fn a_parameter_sharing_a_segment_is_reported() {
    let paths = format!(
        "  /files/{{name}}.json:\n    get:\n      parameters: [{{name: name, in: path, required: true, schema: {{type: string}}}}]\n      {OK}\n"
    );
    let message = emit_error(&paths);
    assert!(message.contains("/files/{name}.json") && message.contains("shares a path segment"), "{message}");
}

#[test]
fn templates_equal_but_for_parameter_names_are_reported() {
    let paths = format!(
        "  /a/{{x}}:\n    get:\n      parameters: [{{name: x, in: path, required: true, schema: {{type: string}}}}]\n      {OK}\n\
         \x20 /a/{{y}}:\n    post:\n      parameters: [{{name: y, in: path, required: true, schema: {{type: string}}}}]\n      {OK}\n"
    );
    let message = emit_error(&paths);
    assert!(message.contains("same template as `/a/{x}`"), "{message}");
}

#[test]
fn routable_paths_generate_a_router() {
    let paths = format!("  /a/{{x}}/b/:\n    get:\n      parameters: [{{name: x, in: path, required: true, schema: {{type: string}}}}]\n      {OK}\n");
    let generated = generate_yaml(&spec(&paths)).expect("generates");
    let router = generated.files.iter().find(|f| f.path.to_string_lossy().ends_with("-server/src/router.rs")).expect("router.rs");
    assert!(router.contents.contains(".route(\"/a/{x}/b/\", get(get_a_x_b::<A>))"), "{}", router.contents);
}
