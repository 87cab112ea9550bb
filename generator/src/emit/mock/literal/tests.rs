use std::path::Path;

use quote::format_ident;
use serde_json::json;

use super::{Functions, Writer};
use crate::emit::mock::check::Checker;
use crate::emit::mock::values::{Sample, Samples};
use crate::ir::{Api, TypeId, TypeRef};

fn api() -> Api {
    let spec = "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    User:
      type: object
      required: [id, name, role]
      properties:
        id: {type: string, format: uuid}
        name: {type: string}
        role: {$ref: '#/components/schemas/Role'}
        nick: {type: string, nullable: true}
        seen: {type: string, format: date-time}
        score: {type: number}
        photo: {type: string, format: byte}
        tags: {type: array, items: {type: integer}}
        data: {}
      additionalProperties: {type: integer}
    Role: {type: string, enum: [admin, member]}
    Either:
      oneOf: [{type: integer}, {$ref: '#/components/schemas/User'}]
";
    let spec = crate::load::load_str(Path::new("t.yaml"), spec).expect("loads");
    crate::normalize::normalize(&spec).expect("normalizes").0
}

fn id(api: &Api, name: &str) -> TypeId {
    api.types.iter().find(|(_, d)| d.ident == name).map(|(id, _)| id).expect("type")
}

/// The expression for `sample` of `ty`, formatted as Rust.
fn written(api: &Api, sample: &Sample, ty: &TypeRef, functions: &Functions) -> String {
    let bump = bumpalo::Bump::new();
    let checker = Checker::new(&api.types, &bump);
    let samples = Samples::new(&api.types, &checker);
    let uses = crate::emit::mock::uses();
    let writer = Writer::new(&samples, functions, &uses);
    let tokens = writer.typed(sample, ty);
    let file: syn::File = syn::parse2(quote::quote!(fn f() { let _ = #tokens; })).expect("an expression");
    let text = prettyplease::unparse(&file);
    let text = text
        .trim()
        .strip_prefix("fn f() {\n    let _ = ")
        .and_then(|t| t.strip_suffix(";\n}"))
        .unwrap_or(&text)
        .to_owned();
    // What the file must import is recorded exactly when it is written.
    for (name, written) in [("models", "models::"), ("json", "json!"), ("example", "example(")] {
        // Unqualified, and not the end of a longer name (`pet_example(`).
        let unqualified = text
            .match_indices(written)
            .any(|(at, _)| !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'));
        assert_eq!(uses.is_used(name), unqualified, "`{name}` in {text}");
    }
    text
}

#[test]
fn structs_are_literals_with_every_field_in_its_presence() {
    let api = api();
    let value = json!({
        "id": "00000000-0000-0000-0000-000000000001",
        "name": "ann",
        "role": "admin",
        "nick": null,
        "score": 2,
        "photo": "ZXhhbXBsZQ==",
        "tags": [1, -2],
        "data": {"any": [true]},
        "extra": 5,
    });
    let text = written(&api, &Sample::Json(value), &TypeRef::Named(id(&api, "User")), &Functions::new());
    assert_eq!(
        text,
        r#"models::User {
        id: mock::parse("00000000-0000-0000-0000-000000000001"),
        name: "ann".to_owned(),
        role: models::Role::Admin,
        nick: Some(None),
        seen: None,
        score: Some(2.0),
        photo: Some(oapi_runtime::Base64(b"example".to_vec())),
        tags: Some(vec![1, - 2]),
        data: Some(Some(json!({ "any" : [true] }))),
        additional_properties: std::collections::BTreeMap::from([
            ("extra".to_owned(), 5),
        ]),
    }"#
    );
}

#[test]
fn referred_examples_are_calls_and_unions_name_their_alternative() {
    let api = api();
    let user = id(&api, "User");
    let functions = Functions::from([(user, format_ident!("user"))]);
    let users = Sample::Array(vec![Sample::Named(user)]);
    assert_eq!(written(&api, &users, &TypeRef::Array(Box::new(TypeRef::Named(user))), &functions), "vec![user()]");
    let either = TypeRef::Named(id(&api, "Either"));
    assert_eq!(written(&api, &Sample::Json(json!(3)), &either, &functions), "models::Either::Integer(3)");
    let maybe = TypeRef::Nullable(Box::new(TypeRef::String));
    assert_eq!(written(&api, &Sample::Json(json!(null)), &maybe, &functions), "None");
    assert_eq!(written(&api, &Sample::Json(json!("a")), &maybe, &functions), r#"Some("a".to_owned())"#);
    let unknown_role = Sample::Json(json!("guest"));
    assert_eq!(
        written(&api, &unknown_role, &TypeRef::Named(id(&api, "Role")), &functions),
        r#"example(json!("guest"))"#
    );
}

#[test]
fn floats_are_written_in_the_digits_their_type_holds() {
    let api = api();
    let float = |value: serde_json::Value, ty: &TypeRef| written(&api, &Sample::Json(value), ty, &Functions::new());
    assert_eq!(float(json!(0.00743999984115362), &TypeRef::F32), "0.00744");
    assert_eq!(float(json!(0.00743999984115362), &TypeRef::F64), "0.00743999984115362");
    assert_eq!(float(json!(2), &TypeRef::F32), "2.0");
    // Beyond an `f32`: decoded when the mock runs, as other values it cannot write.
    assert!(!float(json!(1e300), &TypeRef::F32).starts_with(char::is_numeric));
}

#[test]
fn base64_is_decoded() {
    assert_eq!(super::base64_bytes("ZXhhbXBsZQ==").as_deref(), Some(&b"example"[..]));
    assert_eq!(super::base64_bytes("").as_deref(), Some(&b""[..]));
    assert_eq!(super::base64_bytes("AP8=").as_deref(), Some(&[0u8, 255][..]));
    assert_eq!(super::base64_bytes("a-b"), None);
}

#[test]
fn json_literals_are_measured() {
    let api = api();
    let bump = bumpalo::Bump::new();
    let checker = Checker::new(&api.types, &bump);
    let samples = Samples::new(&api.types, &checker);
    let functions = Functions::new();
    let uses = crate::emit::mock::uses();
    let writer = Writer::new(&samples, &functions, &uses);
    let _ = writer.typed(&Sample::Json(json!({"a": [1, 2, {"b": 3}]})), &TypeRef::Any);
    assert_eq!(writer.largest_json(), 5);
}
