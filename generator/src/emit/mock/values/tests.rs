use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use bumpalo::Bump;
use oapi_runtime::validate::Direction;

use super::{Sample, Samples};
use crate::emit::mock::check::Checker;
use crate::ir::{Api, Constraints, TypeId, TypeRef};

fn api_of(yaml: &str) -> Api {
    let spec = crate::load::load_str(Path::new("test.yaml"), yaml).expect("spec loads");
    crate::normalize::normalize(&spec).expect("spec normalizes").0
}

fn schemas(schemas: &str) -> Api {
    let indented: String = schemas.lines().map(|l| format!("    {l}\n")).collect();
    api_of(&format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{indented}"
    ))
}

fn id(api: &Api, name: &str) -> TypeId {
    api.types.iter().find(|(_, def)| def.ident == name).map(|(id, _)| id).unwrap_or_else(|| panic!("no type {name}"))
}

/// The example of the named type, as JSON, checked against its schema.
fn example(api: &Api, name: &str) -> Value {
    let bump = Bump::new();
    let checker = Checker::new(&api.types, &bump);
    let mut samples = Samples::new(&api.types, &checker);
    let ty = TypeRef::Named(id(api, name));
    let sample = samples.sample(&ty, &Constraints::default(), "").unwrap_or_else(|| panic!("no example of {name}"));
    let json = samples.json(&sample);
    assert_eq!(checker.check(&json, &ty, &Constraints::default(), Direction::Response), Ok(()), "{json}");
    json
}

#[test]
fn members_come_from_examples_then_defaults_then_the_schema() {
    let api = schemas(
        "User:
  type: object
  required: [id, name, role]
  properties:
    id: {type: string, format: uuid, readOnly: true}
    name: {type: string, maxLength: 4, example: Bob}
    bad: {type: string, maxLength: 2, example: too long}
    role: {type: string, enum: [admin, member], default: member}
    age: {type: integer, minimum: 18, exclusiveMinimum: true}
    password: {type: string, writeOnly: true}
    tags: {type: array, items: {type: string}, minItems: 2, uniqueItems: true}
    seen: {type: string, format: date-time, nullable: true}
    attributes: {type: object, additionalProperties: {type: number}}",
    );
    assert_eq!(
        example(&api, "User"),
        json!({
            "id": "00000000-0000-0000-0000-000000000001",
            "name": "Bob",
            "bad": "ba",
            "role": "member",
            "age": 19,
            "tags": ["tags", "tags1"],
            "seen": "2024-01-01T00:00:00Z",
            "attributes": {"key": 1.5},
        })
    );
}

#[test]
fn a_valid_schema_example_is_taken_whole_and_an_invalid_one_ignored() {
    let api = schemas(
        "Good:
  type: object
  required: [a]
  properties: {a: {type: integer}}
  example: {a: 7}
Bad:
  type: object
  required: [a]
  properties: {a: {type: integer}}
  example: {a: seven}",
    );
    assert_eq!(example(&api, "Good"), json!({"a": 7}));
    assert_eq!(example(&api, "Bad"), json!({"a": 1}));
}

#[test]
fn recursion_is_cut_where_the_schema_allows_it() {
    let api =
        api_of(&std::fs::read_to_string(workspace().join("tests/fixtures/valid/recursive.yaml")).expect("fixture"));
    assert_eq!(example(&api, "TreeNode"), json!({"value": 1, "children": []}));
    assert_eq!(example(&api, "Ping"), json!({"pong": {}}));
    let api = schemas(
        "Loop:
  type: object
  required: [next]
  properties: {next: {$ref: '#/components/schemas/Loop'}}",
    );
    let bump = Bump::new();
    let checker = Checker::new(&api.types, &bump);
    let mut samples = Samples::new(&api.types, &checker);
    let none = Constraints::default();
    assert_eq!(samples.sample(&TypeRef::Named(id(&api, "Loop")), &none, ""), None, "no finite value exists");
}

#[test]
fn unions_take_an_alternative_that_matches_alone_and_set_the_discriminator() {
    let api = schemas(
        "Either:
  oneOf: [{type: integer}, {type: number}]
Pet:
  oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
  discriminator: {propertyName: kind}
Cat:
  type: object
  required: [kind, lives]
  properties: {kind: {type: string}, lives: {type: integer}}
  additionalProperties: false
Dog:
  type: object
  required: [kind, bark]
  properties: {kind: {type: string}, bark: {type: boolean}}
  additionalProperties: false",
    );
    // An integer is a number too: only a fraction matches one alternative alone.
    assert_eq!(example(&api, "Either"), json!(1.5));
    assert_eq!(example(&api, "Pet"), json!({"kind": "Cat", "lives": 1}));
}

#[test]
fn structs_and_unions_are_referred_to_and_enums_written_out() {
    let api = schemas(
        "Team:
  type: object
  required: [lead, color]
  properties:
    lead: {$ref: '#/components/schemas/Person'}
    color: {$ref: '#/components/schemas/Color'}
Person:
  type: object
  properties: {name: {type: string}}
Color: {type: string, enum: [red]}",
    );
    let bump = Bump::new();
    let checker = Checker::new(&api.types, &bump);
    let mut samples = Samples::new(&api.types, &checker);
    let team = samples.sample(&TypeRef::Named(id(&api, "Team")), &Constraints::default(), "").expect("a team");
    assert_eq!(team, Sample::Named(id(&api, "Team")));
    let person = id(&api, "Person");
    assert_eq!(
        samples.example(id(&api, "Team")),
        Some(&Sample::Object(vec![
            ("lead".into(), Sample::Named(person)),
            ("color".into(), Sample::Json(json!("red")))
        ]))
    );
}

#[test]
fn use_site_keywords_constrain_an_aliased_value() {
    let api = schemas("Code: {type: string}");
    let bump = Bump::new();
    let checker = Checker::new(&api.types, &bump);
    let mut samples = Samples::new(&api.types, &checker);
    let c = Constraints { pattern: Some("^[0-9]{3}$".into()), ..Constraints::default() };
    let sample = samples.sample(&TypeRef::Named(id(&api, "Code")), &c, "code").expect("a code");
    assert_eq!(samples.json(&sample), json!("000"));
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the generator is in the workspace").to_path_buf()
}

/// Every spec of the workspace and every fixture that loads (the
/// malformed ones do not), in sub-folders too.
fn all_apis() -> Vec<(PathBuf, Api)> {
    fn specs_under(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                specs_under(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "json") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(workspace().join("specs")).expect("specs") {
        paths.push(entry.expect("entry").path());
    }
    specs_under(&workspace().join("tests/fixtures"), &mut paths);
    paths.sort();
    let apis: Vec<(PathBuf, Api)> = paths
        .into_iter()
        .filter_map(|path| {
            let spec = crate::load::load_file(&path).ok()?;
            let api = crate::normalize::normalize(&spec).ok()?.0;
            Some((path, api))
        })
        .collect();
    assert!(apis.len() >= 15, "the specs and fixtures load: {}", apis.len());
    apis
}

/// The property the mock rests on: every value it would answer with
/// (every named type, every response body and header) is valid against
/// the schema its server uses, by the server's validator, as a response;
/// every parameter value of its example request, as a request. Bounded:
/// each API's synthesis has a step budget, and the whole run must take
/// seconds, not minutes.
#[test]
fn every_example_of_every_spec_and_fixture_is_valid() {
    let started = std::time::Instant::now();
    for (path, api) in all_apis() {
        let bump = Bump::new();
        let checker = Checker::new(&api.types, &bump);
        let mut samples = Samples::new(&api.types, &checker);
        let none = Constraints::default();
        let mut uses: Vec<(String, TypeRef)> =
            api.types.iter().map(|(id, def)| (def.ident.clone(), TypeRef::Named(id))).collect();
        for op in &api.operations {
            for response in &op.responses {
                uses.extend(
                    response
                        .contents
                        .iter()
                        .filter_map(|c| Some((format!("{} {}", op.id, c.media_type), c.ty.clone()?))),
                );
                uses.extend(response.headers.iter().map(|h| (format!("{} {}", op.id, h.name), h.ty.clone())));
            }
        }
        for (what, ty) in uses {
            let sample = samples.sample(&ty, &none, "");
            let in_specs = path.parent().is_some_and(|dir| dir.ends_with("specs"));
            // Only the fixtures have schemas without a finite value.
            assert!(sample.is_some() || !in_specs, "{}: no example of {what}", path.display());
            if let Some(sample) = sample {
                let json = samples.json(&sample);
                let result = checker.check(&json, &ty, &none, Direction::Response);
                assert_eq!(result, Ok(()), "{}: {what} = {json}", path.display());
            }
        }
        for p in api.operations.iter().flat_map(|op| &op.parameters) {
            // What the example request sends: the spec's example if valid, else a sample.
            let value = match p.example.as_ref() {
                Some(example) if checker.check(example, &p.ty, &p.constraints, Direction::Request).is_ok() => {
                    Some(example.clone())
                }
                _ => samples.sample(&p.ty, &p.constraints, &p.name).map(|sample| samples.json(&sample)),
            };
            if let Some(json) = value {
                let result = checker.check(&json, &p.ty, &p.constraints, Direction::Request);
                assert_eq!(result, Ok(()), "{}: parameter {} = {json}", path.display(), p.name);
            }
        }
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(120), "took {:?}", started.elapsed());
}

#[test]
fn examples_follow_the_servers_rules() {
    let api = schemas(
        "Named:
  type: object
  required: [nämé, at]
  properties:
    nämé: {type: string, pattern: '^\\w+$'}
    at: {type: string, format: date-time, example: '2024-02-30T00:00:00Z'}
Either:
  anyOf: [{type: integer}, {type: number}]",
    );
    // ECMA-262 `\w` is ASCII: the member name is no example of it; the
    // 30th of February is no date.
    assert_eq!(example(&api, "Named"), json!({"nämé": "a", "at": "2024-01-01T00:00:00Z"}));
    // anyOf, unlike oneOf, takes a value of both alternatives.
    assert_eq!(example(&api, "Either"), json!(1));
}
