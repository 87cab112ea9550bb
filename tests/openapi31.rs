//! OpenAPI 3.1 end to end: a 3.1 spec (`tests/fixtures/valid/openapi31.yaml`)
//! goes through the whole pipeline, each 3.1 construct shows in the IR as
//! its 3.0 equivalent would, diagnostics about nodes the conversion moved
//! point into the file as written, and its generated client and server
//! round-trip every operation (built in a scratch workspace; the fixture's
//! crates are also linted by `fixtures_compile`).

use std::path::Path;

use generator::Generated;
use generator::ir::{Field, Presence, TypeDef, TypeKind, TypeRef};
use oapi_tests::{run_pipeline, run_round_trip, workspace_root};
use serde_json::Number;

const FIXTURE: &str = "tests/fixtures/valid/openapi31.yaml";

/// The fixture, its `i64::MIN` bounds written as JavaScript prints them:
/// an integer beyond `i64` that serde_yaml's own `Value` refuses.
fn fixture_text() -> String {
    let text = std::fs::read_to_string(workspace_root().join(FIXTURE)).expect("fixture");
    let text = text.replace("minimum: -9223372036854775808", "minimum: -9223372036854776000");
    assert!(serde_yaml::from_str::<serde_yaml::Value>(&text).is_err(), "serde_yaml's reader refuses the fixture");
    text
}

fn generate_fixture() -> Generated {
    run_pipeline(FIXTURE, &fixture_text()).unwrap_or_else(|e| panic!("{FIXTURE} does not generate: {e:#?}"))
}

fn named<'a>(generated: &'a Generated, ident: &str) -> &'a TypeDef {
    generated
        .api
        .types
        .iter()
        .map(|(_, def)| def)
        .find(|def| def.ident == ident)
        .unwrap_or_else(|| panic!("no type {ident}"))
}

fn field<'a>(def: &'a TypeDef, name: &str) -> &'a Field {
    let TypeKind::Struct(s) = &def.kind else { panic!("{} is not a struct", def.ident) };
    s.fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no field {name}"))
}

/// The type a field's `TypeRef::Named` points at.
fn target<'a>(generated: &'a Generated, ty: &TypeRef) -> &'a TypeDef {
    let TypeRef::Named(id) = ty else { panic!("not a named type: {ty:?}") };
    generated.api.types.get(*id)
}

#[test]
fn a_3_1_spec_generates_and_each_construct_shows_in_the_ir() {
    let generated = generate_fixture();
    let pet = named(&generated, "Pet");

    // A big integer bound (i64::MIN as a JavaScript tool prints it) loads and saturates.
    let id = field(pet, "id");
    assert_eq!(id.ty, TypeRef::I64);
    assert_eq!(id.constraints.minimum, Some(Number::from(i64::MIN)));
    assert_eq!(id.constraints.maximum, Some(Number::from(i64::MAX)));

    // `examples` keeps its first as the example.
    assert_eq!(field(pet, "name").example, Some(serde_json::json!("Rex")));

    // `const` is a one-value enum.
    let kind = field(pet, "kind");
    let TypeKind::StringEnum(variants) = &target(&generated, &kind.ty).kind else { panic!("kind: {kind:?}") };
    assert_eq!(variants.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(), ["dog"]);

    // `type: [string, "null"]` is a nullable string, its constraints kept.
    let nickname = field(pet, "nickname");
    assert_eq!((nickname.ty.clone(), nickname.presence()), (TypeRef::String, Presence::OptionalNullable));
    assert_eq!(nickname.constraints.max_length, Some(20));

    // Numeric exclusive bounds are 3.0's bound + boolean.
    let weight = field(pet, "weight").constraints.clone();
    assert_eq!((weight.minimum.and_then(|n| n.as_f64()), weight.exclusive_minimum), (Some(0.0), true));
    assert_eq!((weight.maximum.and_then(|n| n.as_f64()), weight.exclusive_maximum), (Some(500.0), true));

    // A `$ref` keeps its sibling description.
    let owner = field(pet, "owner");
    assert_eq!(target(&generated, &owner.ty).ident, "Owner");
    assert_eq!(owner.description.as_deref(), Some("Who looks after the pet."));

    // `anyOf: [$ref, {type: "null"}]` is a nullable reference.
    let tag = field(pet, "tag");
    assert_eq!((target(&generated, &tag.ty).ident.as_str(), tag.nullable), ("Tag", true));

    // Several types are a union of one member per type.
    let code = field(pet, "code");
    let TypeKind::Union(union) = &target(&generated, &code.ty).kind else { panic!("code: {code:?}") };
    assert_eq!(union.variants.iter().map(|v| v.ty.clone()).collect::<Vec<_>>(), [TypeRef::String, TypeRef::I64]);

    // `contentEncoding: base64` is bytes.
    assert_eq!(field(pet, "photo").ty, TypeRef::Bytes);

    // The path item referenced from `paths` is generated; the webhook is not.
    let operations: Vec<&str> = generated.api.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(operations, ["listPets", "createPet", "getPet"]);
    let limit = &generated.api.operations[0].parameters[0];
    assert_eq!((limit.name.as_str(), limit.ty.clone()), ("limit", TypeRef::I32));
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [format!(
            "warning: {FIXTURE}#/webhooks/petAdopted: webhook not generated: clients and servers are generated for \
             `paths` only"
        )]
    );
}

#[test]
fn the_models_type_each_construct() {
    let generated = generate_fixture();
    let models = oapi_tests::models_source(&generated.files);
    let text = models.replace(char::is_whitespace, "");
    for expected in ["pubid:i64", "pubname:String", "pubkind:PetKind", "pubphoto:Option<", "pubowner:Option<Owner>"] {
        assert!(text.contains(expected), "the models crate lacks `{expected}`:\n{}", models);
    }
    assert!(text.contains("Dog"), "the const's enum variant:\n{}", models);
}

/// A spec whose diagnostics fall inside nodes the conversion moved.
const MOVED: &str = r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a: {$ref: "#/components/pathItems/A"}
components:
  pathItems:
    A:
      post:
        operationId: postA
        requestBody:
          content:
            application/json:
              schema: {type: object, properties: {bad: {not: {type: string}}}}
        responses:
          "204": {description: done}
  schemas:
    Split:
      type: [object, string]
      properties:
        inner: {not: {type: integer}}
    Tuple:
      type: array
      prefixItems:
        - {type: string}
        - {$ref: "#/components/schemas/Missing", description: the second}
"##;

#[test]
fn diagnostics_inside_moved_nodes_point_into_the_3_1_file() {
    let errors = run_pipeline("specs/moved.yaml", MOVED).expect_err("the dangling reference fails the spec");
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    // Rewritten to .../Tuple/items/anyOf/1/allOf/0/$ref; reported where it was written.
    assert!(
        lines.contains(
            &r##"error: specs/moved.yaml#/components/schemas/Tuple/prefixItems/1/$ref: $ref "#/components/schemas/Missing" points to nothing: there is no schema named "Missing" under /components/schemas"##
                .to_owned()
        ),
        "{lines:#?}"
    );

    // Without the dangling reference, the warnings inside moved nodes.
    let fixed = MOVED.replace("Missing", "Split");
    let generated = run_pipeline("specs/moved.yaml", &fixed).unwrap_or_else(|e| panic!("{e:#?}"));
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    for expected in [
        // Rewritten to .../Split/anyOf/0/properties/inner/not.
        "specs/moved.yaml#/components/schemas/Split/properties/inner/not: ",
        // Inlined at /paths/~1a/post/...
        "specs/moved.yaml#/components/pathItems/A/post/requestBody/content/application~1json/schema/properties/bad/not: ",
        // Two tuple positions of different types.
        "specs/moved.yaml#/components/schemas/Tuple/prefixItems: tuple positions not enforced",
    ] {
        assert!(warnings.iter().any(|w| w.contains(expected)), "no warning at {expected}: {warnings:#?}");
    }
    assert!(!warnings.iter().any(|w| w.contains("/anyOf/") || w.contains("/paths/")), "{warnings:#?}");
}

#[test]
fn big_integer_bounds_generate_from_json() {
    let text = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"Range": {"type": "object", "properties": {
            "low": {"type": ["integer", "null"], "minimum": -9223372036854776000, "exclusiveMaximum": 99999999999999999999},
            "ratio": {"type": "number", "maximum": 1e300, "minimum": -1e-300}}}}}}"#;
    let generated = run_pipeline("specs/range.json", text).unwrap_or_else(|e| panic!("{e:#?}"));
    let range = named(&generated, "Range");
    let low = field(range, "low");
    assert_eq!((low.ty.clone(), low.nullable), (TypeRef::I64, true));
    assert_eq!(low.constraints.minimum, Some(Number::from(i64::MIN)));
    // `exclusiveMaximum` above every i64 holds for every value: dropped.
    assert_eq!((low.constraints.maximum.clone(), low.constraints.exclusive_maximum), (None, false));
    let ratio = &field(range, "ratio").constraints;
    assert_eq!(ratio.maximum.as_ref().and_then(Number::as_f64), Some(1e300));
    assert_eq!(ratio.minimum.as_ref().and_then(Number::as_f64), Some(-1e-300));
}

/// The shape FastAPI gives optional fields and validation errors.
#[test]
fn a_fastapi_style_spec_generates() {
    let text = r##"
openapi: 3.1.0
info: {title: FastAPI, version: 0.1.0}
paths:
  /items/{item_id}:
    get:
      summary: Read Item
      operationId: read_item_items__item_id__get
      parameters:
        - {name: item_id, in: path, required: true, schema: {type: integer, title: Item Id}}
        - name: q
          in: query
          required: false
          schema: {anyOf: [{type: string}, {type: "null"}], title: Q}
      responses:
        "200":
          description: Successful Response
          content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}
        "422":
          description: Validation Error
          content: {application/json: {schema: {$ref: "#/components/schemas/HTTPValidationError"}}}
components:
  schemas:
    Item:
      properties:
        name: {type: string, title: Name}
        price: {type: number, title: Price}
        tax: {anyOf: [{type: number}, {type: "null"}], title: Tax}
      type: object
      required: [name, price]
      title: Item
    HTTPValidationError:
      properties:
        detail: {items: {$ref: "#/components/schemas/ValidationError"}, type: array, title: Detail}
      type: object
      title: HTTPValidationError
    ValidationError:
      properties:
        loc: {items: {anyOf: [{type: string}, {type: integer}]}, type: array, title: Location}
        msg: {type: string, title: Message}
        type: {type: string, title: Error Type}
      type: object
      required: [loc, msg, type]
      title: ValidationError
"##;
    let generated = run_pipeline("specs/fastapi.yaml", text).unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);
    let tax = field(named(&generated, "Item"), "tax");
    assert_eq!((tax.ty.clone(), tax.presence()), (TypeRef::F64, Presence::OptionalNullable));
    let q = &generated.api.operations[0].parameters[1];
    assert_eq!((q.name.as_str(), q.ty.clone(), q.required), ("q", TypeRef::String, false));
}

/// The generated client calls the generated server, every operation, with
/// values at the edges of the 3.1 keywords and beyond them
/// (`tests/fixtures/openapi31-roundtrip/main.rs`). The crates are generated
/// into a scratch workspace and the program is built there: the first run
/// compiles the dependencies once.
#[test]
fn the_generated_client_and_server_round_trip() {
    let spec = generator::load::load_str(Path::new(FIXTURE), &fixture_text()).expect("the fixture loads");
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let stdout = run_round_trip(scratch, &spec, FIXTURE, "tests/fixtures/openapi31-roundtrip/main.rs");
    assert_eq!(stdout, "round trip ok\n");
}

/// `$defs` stay where they are, converted; a `$ref` into them resolves as
/// any pointer `$ref` does. So do `definitions`, their name in JSON Schema
/// before 2019-09 (codat.io's 3.1 specs nest theirs in each schema).
#[test]
fn defs_resolve_where_they_are() {
    for keyword in ["$defs", "definitions"] {
        let text = format!(
            r##"
openapi: 3.1.0
info: {{title: t, version: "1"}}
components:
  schemas:
    Order:
      type: object
      {keyword}:
        Line:
          type: object
          required: [sku]
          properties:
            sku: {{type: string}}
            quantity: {{type: [integer, "null"]}}
      properties:
        lines: {{type: array, items: {{$ref: "#/components/schemas/Order/{keyword}/Line"}}}}
"##
        );
        let generated = run_pipeline("specs/defs.yaml", &text).unwrap_or_else(|e| panic!("{e:#?}"));
        let lines = field(named(&generated, "Order"), "lines");
        let TypeRef::Array(item) = &lines.ty else { panic!("lines: {lines:?}") };
        let line = target(&generated, item);
        assert_eq!(line.pointer, format!("/components/schemas/Order/{keyword}/Line"));
        let quantity = field(line, "quantity");
        assert_eq!((quantity.ty.clone(), quantity.nullable), (TypeRef::I64, true), "{keyword}: converted in place");
        assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);
    }
}

/// Schemas as pydantic 2.13 writes them (`models_json_schema` with
/// `ref_template="#/components/schemas/{model}"`, as FastAPI embeds them),
/// in `tests/fixtures/openapi31-pydantic.json`: optional fields, tuples,
/// `Literal` discriminators, a recursive model, numeric exclusive bounds.
#[test]
fn pydantic_schemas_generate() {
    let path = "tests/fixtures/openapi31-pydantic.json";
    let text = std::fs::read_to_string(workspace_root().join(path)).expect("fixture");
    let generated = run_pipeline(path, &text).unwrap_or_else(|e| panic!("{e:#?}"));
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            format!(
                "warning: {path}#/components/schemas/Item/properties/name/examples: 1 of 2 `examples` not kept: an \
                 OpenAPI 3.0 schema holds one `example`"
            ),
            format!(
                "warning: {path}#/components/schemas/Item/properties/point/prefixItems: tuple positions not enforced: \
                 every item is generated as one of 2 item schemas"
            ),
        ]
    );
    let item = named(&generated, "Item");
    // `anyOf: [{type: integer, exclusiveMinimum: 0}, {type: "null"}]`, the shape of `Optional[conint(gt=0)]`.
    let quantity = field(item, "quantity");
    assert_eq!((quantity.ty.clone(), quantity.presence()), (TypeRef::I64, Presence::OptionalNullable));
    assert_eq!(
        (quantity.constraints.minimum.clone(), quantity.constraints.exclusive_minimum),
        (Some(Number::from(0)), true)
    );
    // `Optional[Node]`, recursive: a nullable reference.
    let tree = field(item, "tree");
    assert_eq!((target(&generated, &tree.ty).ident.as_str(), tree.nullable), ("Node", true));
    // `Literal` tags: the discriminated union dispatches on `kind`.
    let TypeKind::Union(pet) = &target(&generated, &field(item, "pet").ty).kind else { panic!("pet") };
    assert_eq!(pet.discriminator.as_deref(), Some("kind"));
    let TypeKind::StringEnum(kind) = &target(&generated, &field(named(&generated, "Cat"), "kind").ty).kind else {
        panic!("Cat.kind")
    };
    assert_eq!(kind.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(), ["cat"]);
    // `$ref` with a sibling `default`.
    let color = field(item, "color");
    assert_eq!(
        (target(&generated, &color.ty).ident.as_str(), color.default.clone()),
        ("Color", Some(serde_json::json!("red")))
    );
}
