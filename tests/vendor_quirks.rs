//! What vendors' specs do that the OpenAPI 3.0 text does not quite allow,
//! generated anyway with one located warning per decision: JSON-encoded
//! (`content`) parameters on the wire from client to server, path
//! parameters that do not match their template, duplicate operationIds,
//! operations with their own server, and the warnings of the
//! `vendor-quirks` fixture.

use axum::extract::Request;
use axum::http::Method;
use axum::response::IntoResponse;
use oapi_runtime::client::{Config, JsonText};
use oapi_runtime::server::{self, Param, Schema};
use oapi_tests::{run_pipeline, workspace_root};
use serde_json::{Value, json};

static ORG: Param = Param::path("org", &Schema::STRING).json();
static FILTER: Param = Param::query("filter", &Schema::JsonObject).json();
static CONTEXT: Param = Param::header("X-Context", &Schema::JsonObject).json();
static PREFS: Param = Param::cookie("prefs", &Schema::Array(&Schema::I64, &server::Rules::NONE)).json();

/// Reads every JSON-encoded parameter and answers them as one JSON object.
async fn echo(request: Request) -> axum::response::Response {
    let read = async {
        let mut incoming = server::Incoming::new(request).await?;
        let org: String = incoming.required(&ORG)?;
        let filter: Option<Value> = incoming.param(&FILTER)?;
        let context: Option<Value> = incoming.param(&CONTEXT)?;
        let prefs: Option<Vec<i64>> = incoming.param(&PREFS)?;
        Ok::<_, server::HttpError>(axum::Json(
            json!({"org": org, "filter": filter, "context": context, "prefs": prefs}),
        ))
    };
    match read.await {
        Ok(body) => body.into_response(),
        Err(error) => error.into_response(),
    }
}

#[tokio::test]
async fn json_encoded_parameters_travel_as_json_text_in_every_location() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let app = axum::Router::new().route("/orgs/{org}/items", axum::routing::get(echo));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let core = Config::default().build(&format!("http://{address}"), "test").expect("client");

    let filter = json!({"name": "a b/c?&", "limit": 2});
    let context = json!({"trace": "x,y"});
    let response = core
        .request(Method::GET, "/orgs/{org}/items")
        .path_param("org", &JsonText(&"acme/west"))
        .query("filter", &JsonText(&Some(&filter)))
        .header("X-Context", &JsonText(&context))
        .cookie("prefs", &JsonText(&[1, 2]))
        .send()
        .await
        .expect("sent");
    let body: Value = serde_json::from_slice(response.body()).expect("JSON");
    assert_eq!(response.status(), 200, "{body}");
    assert_eq!(body, json!({"org": "acme/west", "filter": filter, "context": context, "prefs": [1, 2]}));

    // An absent option sends nothing; a path value that is no JSON string is refused.
    let response = core
        .request(Method::GET, "/orgs/{org}/items")
        .path_param("org", &JsonText(&7))
        .query("filter", &JsonText(&None::<Value>))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 400);
    let body: Value = serde_json::from_slice(response.body()).expect("JSON");
    assert!(body.to_string().contains("org"), "{body}");
}

/// A server on 127.0.0.1 answering `GET /v2/ping` with `name`; its address.
async fn pinged(name: &'static str) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let app = axum::Router::new().route("/v2/ping", axum::routing::get(move || async move { name }));
    tokio::spawn(async move { axum::serve(listener, app).await });
    address
}

#[tokio::test]
async fn an_operation_server_replaces_the_default_base_url_but_not_a_set_one() {
    let (own, set) = (pinged("own server").await, pinged("base URL set").await);
    let own_url: &'static str = Box::leak(format!("http://{own}/v2").into_boxed_str());
    let send = |core: oapi_runtime::client::Core| async move {
        let response = core.request(Method::GET, "/ping").server(own_url).send().await.expect("sent");
        String::from_utf8(response.body().to_vec()).expect("text")
    };
    let default = Config::default().build("http://127.0.0.1:9/unused", "test").expect("client");
    assert_eq!(send(default).await, "own server");
    let config = Config { base_url: Some(format!("http://{set}/v2")), ..Config::default() };
    assert_eq!(send(config.build("http://127.0.0.1:9/unused", "test").expect("client")).await, "base URL set");
}

/// The warnings of a run on `text`, which must generate.
fn warnings(name: &str, text: &str) -> (generator::Generated, Vec<String>) {
    let generated = run_pipeline(name, text).unwrap_or_else(|d| panic!("{name} must generate: {d:?}"));
    let warnings = generated.warnings.iter().map(ToString::to_string).collect();
    (generated, warnings)
}

#[test]
fn duplicate_operation_ids_are_suffixed_with_a_warning() {
    let spec = r#"
openapi: 3.0.3
info: {title: Duplicate ids, version: "1"}
paths:
  /users:
    get:
      operationId: getUser
      responses: {"200": {description: ok}}
  /users/me:
    get:
      operationId: getUser
      responses: {"200": {description: ok}}
"#;
    let (generated, warnings) = warnings("dup.yaml", spec);
    let ids: Vec<&str> = generated.api.operations.iter().map(|op| op.id.as_str()).collect();
    assert_eq!(ids, ["getUser", "getUser_2"]);
    assert_eq!(
        warnings,
        [
            r#"warning: dup.yaml#/paths/~1users~1me/get/operationId: operationId "getUser" is already used by the operation at /paths/~1users/get; this one is generated as "getUser_2""#
        ]
    );
}

#[test]
fn path_parameters_missing_from_the_template_or_the_declarations() {
    let spec = r#"
openapi: 3.0.3
info: {title: Path parameters, version: "1"}
paths:
  /users/{id}:
    get:
      operationId: getUser
      responses: {"200": {description: ok}}
  /teams:
    get:
      operationId: listTeams
      parameters:
        - {name: team, in: path, required: true, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
      responses: {"200": {description: ok}}
"#;
    let (generated, warnings) = warnings("params.yaml", spec);
    let params: Vec<Vec<(&str, bool)>> = generated
        .api
        .operations
        .iter()
        .map(|op| op.parameters.iter().map(|p| (p.name.as_str(), p.required)).collect())
        .collect();
    assert_eq!(params, [vec![("id", true)], vec![("page", false)]]);
    assert_eq!(
        warnings,
        [
            "warning: params.yaml#/paths/~1users~1{id}/get: operation \"getUser\": path template parameter {id} has no parameter declared with `in: path`; it is generated as a required string",
            "warning: params.yaml#/paths/~1teams/get/parameters/0: operation \"listTeams\": path parameter \"team\" (declared at /paths/~1teams/get/parameters/0) does not appear in the path template; it is left out",
        ]
    );
}

/// Every decision the generator takes on the `vendor-quirks` fixture, said
/// once each, where it is taken.
#[test]
fn the_vendor_quirks_fixture_warns_once_per_decision() {
    let path = workspace_root().join("tests/fixtures/valid/vendor-quirks.yaml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let (generated, warnings) = warnings("vendor-quirks.yaml", &text);
    assert_eq!(generated.api.operations.len(), 4, "every operation is kept");
    let servers: Vec<Option<&str>> = generated.api.operations.iter().map(|op| op.server.as_deref()).collect();
    assert_eq!(
        servers,
        [Some("https://items.example.com"), None, Some("https://eu.example.com/v2"), Some("https://items.example.com")]
    );
    let expected = [
        "#/paths/~1orgs~1{org}~1items~1{item}/get: operation \"getItem\": path template parameter {item} has no parameter declared",
        "#/paths/~1orgs~1{org}~1items~1{item}/parameters/1: operation \"getItem\": path parameter \"stale\"",
        "#/paths/~1orgs~1{org}~1items~1{item}/put/operationId: operationId \"getItem\" is already used",
        "#/paths/~1orgs~1{org}~1items~1{item}/put/servers/1: only the first of 2 servers is used",
        "#/paths/~1orgs~1{org}~1items~1{item}/put/servers/0/variables/region: server variable \"region\" is fixed at its default \"eu\"",
        "#/paths/~1orgs~1{org}~1items~1{item}/put: operation \"getItem_2\": path template parameter {item}",
        "#/paths/~1orgs~1{org}~1items~1{item}/parameters/1: operation \"getItem_2\": path parameter \"stale\"",
        "#/paths/~1orgs~1{org}~1items~1{item}/put/responses: operation \"getItem_2\" declares no responses",
        "#/paths/~1orgs~1{org}~1items~1{item}/put/security/1/missing: security requirement names \"missing\"",
        "#/paths/~1copies~1{org}~1items/$ref: operationId \"listItems\" of the \"/copies/{org}/items\" copy is already used",
        "#/components/schemas/Maybe/anyOf/1: `type: \"null\"` is not an OpenAPI 3.0 type",
        "#/components/schemas/Choice/oneOf/2: `type: \"null\"` is not an OpenAPI 3.0 type",
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for (warning, expected) in warnings.iter().zip(expected) {
        assert!(
            warning.starts_with(&format!("warning: vendor-quirks.yaml{expected}")),
            "{warning}\nexpected {expected}"
        );
    }
}

/// An error in a shared component is said once, naming the operations
/// that reach it.
#[test]
fn an_error_in_a_shared_parameter_names_its_operations_once() {
    let spec = r#"
openapi: 3.0.3
info: {title: Shared, version: "1"}
components:
  parameters:
    org: {name: org, in: query, schema: {$ref: '#/components/schemas/Org'}}
paths:
  /a:
    get:
      operationId: getA
      parameters: [{$ref: '#/components/parameters/org'}]
      responses: {"200": {description: ok}}
  /b:
    get:
      operationId: getB
      parameters: [{$ref: '#/components/parameters/org'}]
      responses: {"200": {description: ok}}
"#;
    let Err(diagnostics) = run_pipeline("shared.yaml", spec) else { panic!("a dangling $ref fails the spec") };
    let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            r##"error: shared.yaml#/components/parameters/org/schema/$ref: $ref "#/components/schemas/Org" points to nothing: there is no schema named "Org" under /components/schemas (used by operations "getA", "getB")"##
        ]
    );
}

/// A schema reached through `allOf` on two paths (a diamond) is merged
/// once, not refused as a cycle; a real cycle still is. (Found by the
/// corpus: SendGrid's and Azure LUIS's specs.)
#[test]
fn all_of_diamonds_merge_and_cycles_are_refused() {
    let spec = |extra: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    \
             M: {{type: object, properties: {{id: {{type: string}}}}}}\n    \
             E: {{allOf: [{{$ref: '#/components/schemas/M'}}]}}\n    \
             H: {{allOf: [{{$ref: '#/components/schemas/M'}}, {{$ref: '#/components/schemas/E'}}]}}\n    \
             C: {{allOf: [{{$ref: '#/components/schemas/M'}}, {{$ref: '#/components/schemas/E'}}]}}\n    \
             R: {{allOf: [{{$ref: '#/components/schemas/H'}}, {{$ref: '#/components/schemas/C'}}, {{type: object, properties: {{n: {{type: integer}}}}}}]}}\n{extra}"
        )
    };
    let generated = run_pipeline("specs/diamond.yaml", &spec("")).expect("a diamond is no cycle");
    let r = generated.api.types.iter().find(|(_, def)| def.ident == "R").expect("R").1;
    let generator::ir::TypeKind::Struct(r) = &r.kind else { panic!("R is a struct") };
    let names: Vec<&str> = r.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "n"]);

    let cycle = "    X: {allOf: [{$ref: '#/components/schemas/Y'}, {type: object, properties: {a: {type: string}}}]}\n    \
                 Y: {allOf: [{$ref: '#/components/schemas/X'}, {type: object, properties: {b: {type: string}}}]}\n";
    let Err(errors) = run_pipeline("specs/diamond.yaml", &spec(cycle)) else { panic!("a cycle is refused") };
    assert!(errors.iter().any(|e| e.to_string().contains("allOf includes itself")), "{errors:?}");
}

/// Integer formats are typed losslessly (`uint64` a `u64`, `int8` an
/// `i8`, `int128` an `i128`); a warning remains where the generated code
/// still approximates: a 128-bit value beyond what a server reads, an
/// unknown integer format (an `i64`), an unknown number format (an `f64`).
#[test]
fn numeric_formats_are_typed_losslessly_and_warned_where_approximated() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                N: {type: object, properties: {big: {type: integer, format: int128}, u: {type: integer, format: uint64}, \
                small: {type: integer, format: int8}, w: {type: integer, format: uint32}, ts: {type: integer, format: timestamp}, \
                odd: {type: integer, format: uint48}, money: {type: number, format: decimal}}}\n";
    let (generated, warnings) = warnings("specs/n.yaml", spec);
    let at = |p: &str| format!("warning: specs/n.yaml#/components/schemas/N/properties/{p}/format: ");
    assert_eq!(
        warnings,
        [
            format!(
                "{}integer format `int128` is typed as `i128`; a generated server reads JSON numbers as 64-bit values, \
                 so it accepts -9223372036854775808 to 18446744073709551615 and refuses larger ones with a 400",
                at("big")
            ),
            format!("{}integer format `timestamp` is not known; typed as a 64-bit signed integer (`i64`)", at("ts")),
            format!(
                "{}number format `decimal` is not known; typed as `f64`, which rounds values beyond its 15 to 17 digits",
                at("money")
            ),
        ]
    );
    let n = &generated.api.types.iter().next().expect("N").1;
    let generator::ir::TypeKind::Struct(n) = &n.kind else { panic!("a struct") };
    let types: Vec<(&str, String)> =
        n.fields.iter().map(|f| (f.name.as_str(), f.ty.describe(&generated.api.types))).collect();
    let expected =
        [("big", "i128"), ("u", "u64"), ("small", "i8"), ("w", "u32"), ("ts", "i64"), ("odd", "u64"), ("money", "f64")];
    assert_eq!(types, expected.map(|(name, ty)| (name, ty.to_owned())));
}

/// `not` is not checked, with a warning: the type is what the rest of the
/// schema says (an integer with its bounds), or any value when `not` is all
/// there is; the operations using them are generated.
#[test]
fn not_is_a_warning_and_the_rest_of_the_schema_is_the_type() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /lac:\n    get:\n      operationId: getLac\n\
                \x20     parameters:\n        - {name: lac, in: query, schema: {$ref: '#/components/schemas/Lac'}}\n\
                \x20     responses:\n        '200':\n          description: ok\n          content:\n\
                \x20           application/json: {schema: {$ref: '#/components/schemas/NotText'}}\n\
                components:\n  schemas:\n\
                \x20   Lac: {type: integer, minimum: 1, maximum: 65535, not: {minimum: 65534, maximum: 65534}}\n\
                \x20   NotText: {not: {type: string}}\n";
    let generated = oapi_tests::run_pipeline("specs/t.yaml", text).unwrap_or_else(|d| panic!("{d:#?}"));
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    for schema in ["Lac", "NotText"] {
        let expected = format!("t.yaml#/components/schemas/{schema}/not: `not` is not checked");
        assert!(warnings.iter().any(|w| w.contains(&expected)), "{expected} in {warnings:#?}");
    }
    let op = generated.api.operations.iter().find(|op| op.id == "getLac").expect("generated");
    let constraints = &op.parameters[0].constraints;
    let bound = |n: &Option<serde_json::Number>| n.as_ref().map(ToString::to_string);
    assert_eq!(
        (bound(&constraints.minimum), bound(&constraints.maximum)),
        (Some("1.0".into()), Some("65535.0".into()))
    );
}

/// `allOf` members that are not whole objects (found by the corpus:
/// DigitalOcean, Lyft, ShipEngine, NDHM, Azure): members that only
/// constrain merge into the struct; alternatives that only list required
/// names make required what all of them require (`name`), and the choice
/// between the rest is not checked, which a warning says; a `$ref` to an enum beside
/// a stray `type: object` is the enum, the `type` overridden with a
/// warning; members that only annotate beside `type: object` add nothing.
/// An object merged with a string is still skipped, named at the member.
#[test]
fn all_of_members_that_constrain_or_annotate_merge_and_contradictions_are_located() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Firewall:
      type: object
      properties:
        name: {type: string}
        inbound: {type: array, items: {type: string}}
        outbound: {type: array, items: {type: string}}
    Profile: {type: string, enum: [personal, business]}
    Create:
      allOf:
        - $ref: "#/components/schemas/Firewall"
        - {required: [ghost], minProperties: 2}
        - {maxProperties: 3}
        - anyOf:
            - {required: [inbound, name], title: Inbound}
            - {required: [outbound, name], title: Outbound}
    Ride:
      type: object
      properties:
        profile:
          type: object
          description: Where the ride was paid from.
          allOf: [{$ref: "#/components/schemas/Profile"}]
        firewall:
          type: object
          allOf: [{description: The firewall.}, {$ref: "#/components/schemas/Firewall"}, {xml: {name: fw}}]
    Odd:
      allOf: [{$ref: "#/components/schemas/Firewall"}, {$ref: "#/components/schemas/Profile"}]
"##;
    let (generated, warnings) = warnings("specs/m.yaml", spec);
    let at = |p: &str| format!("warning: specs/m.yaml#/components/schemas/{p}: ");
    assert_eq!(
        warnings,
        [
            format!(
                "{}model \"Odd\" skipped: allOf members other than objects cannot be merged into one type (only allOf \
                 of objects is supported): $ref \"#/components/schemas/Profile\" is a string enum",
                at("Odd/allOf/1")
            ),
            format!(
                "{}anyOf alternatives that only list required properties are not checked: which of \"inbound\" | \
                 \"outbound\" must be present is left to the receiver; each stays as optional as declared",
                at("Create/allOf/3/anyOf")
            ),
            format!(
                "{}required property \"ghost\" is declared by no allOf member; no field holds it, so it is not checked",
                at("Create/allOf/1/required/0")
            ),
            format!(
                "{}`type: object` is ignored: the only member of the allOf beside it, $ref \
                 \"#/components/schemas/Profile\", is a string enum, and that is the type generated",
                at("Ride/properties/profile/type")
            ),
        ]
    );
    let types = &generated.api.types;
    let struct_named = |name: &str| {
        let def = types.iter().find(|(_, def)| def.ident == name).unwrap_or_else(|| panic!("{name}")).1;
        let generator::ir::TypeKind::Struct(s) = &def.kind else { panic!("{name} is a struct") };
        s
    };
    let create = struct_named("Create");
    let fields: Vec<(&str, bool)> = create.fields.iter().map(|f| (f.name.as_str(), f.required)).collect();
    assert_eq!(fields, [("name", true), ("inbound", false), ("outbound", false)]);
    assert_eq!((create.min_properties, create.max_properties), (Some(2), Some(3)));
    let ride: Vec<(&str, String)> =
        struct_named("Ride").fields.iter().map(|f| (f.name.as_str(), f.ty.describe(types))).collect();
    assert_eq!(ride, [("profile", "Profile".to_owned()), ("firewall", "Firewall".to_owned())]);
    assert!(types.iter().all(|(_, def)| def.ident != "Odd"), "Odd is skipped");
}

#[test]
fn objects_beside_a_one_of_of_objects_are_a_union_of_each_alternative_merged_with_them() {
    let path = "tests/fixtures/valid/all-of-members.yaml";
    let text = std::fs::read_to_string(workspace_root().join(path)).expect("the fixture");
    let (generated, warnings) = warnings(path, &text);
    assert!(!warnings.iter().any(|w| w.contains("Check") || w.contains("Payment")), "{warnings:#?}");
    let types = &generated.api.types;
    let def_named = |name: &str| types.iter().find(|(_, def)| def.ident == name).unwrap_or_else(|| panic!("{name}")).1;
    let union_named = |name: &str| {
        let generator::ir::TypeKind::Union(u) = &def_named(name).kind else { panic!("{name} is a union") };
        u
    };
    let fields_of = |ty: &generator::ir::TypeRef| {
        let generator::ir::TypeRef::Named(id) = ty else { panic!("{ty:?} is named") };
        let generator::ir::TypeKind::Struct(s) = &types.get(*id).kind else { panic!("{ty:?} is a struct") };
        s.fields.iter().map(|f| (f.name.clone(), f.required)).collect::<Vec<_>>()
    };
    let owned = |fields: &[(&str, bool)]| fields.iter().map(|&(n, r)| (n.to_owned(), r)).collect::<Vec<_>>();

    // Discriminated as the oneOf is, each variant the alternative and the object beside it.
    let check = union_named("CreateCheckBody");
    assert_eq!(check.discriminator.as_deref(), Some("kind"));
    let variants: Vec<(&str, Option<&str>)> =
        check.variants.iter().map(|v| (v.ident.as_str(), v.tag.as_deref())).collect();
    assert_eq!(variants, [("DeadmanCheck", Some("dead")), ("ThresholdCheck", Some("limit"))]);
    assert_eq!(fields_of(&check.variants[0].ty), owned(&[("kind", true), ("every", true), ("used_by", false)]));
    assert_eq!(fields_of(&check.variants[1].ty), owned(&[("kind", true), ("level", true), ("used_by", false)]));

    // Without a discriminator: an exclusive union of the merged objects.
    let payment = union_named("Payment");
    assert!(payment.discriminator.is_none() && payment.exclusive);
    assert_eq!(fields_of(&payment.variants[0].ty), owned(&[("id", true), ("card", true)]));
    assert_eq!(fields_of(&payment.variants[1].ty), owned(&[("id", true), ("iban", true)]));
}

#[test]
fn a_one_of_beside_object_keywords_in_an_all_of_merges_them_into_each_variant() {
    // PeerTube's video import: the choice of source beside `additionalProperties: false`.
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Common:
      type: object
      properties:
        name: {type: string}
        description: {type: string}
    Import:
      required: [name]
      minProperties: 2
      allOf:
        - type: object
          additionalProperties: false
          oneOf:
            - {properties: {url: {type: string}}, required: [url]}
            - {properties: {magnet: {type: string}}, required: [magnet]}
        - $ref: "#/components/schemas/Common"
"##;
    let (generated, warnings) = warnings("specs/m.yaml", spec);
    assert_eq!(warnings, Vec::<String>::new());
    let types = &generated.api.types;
    let def = types.iter().find(|(_, def)| def.ident == "Import").expect("Import").1;
    let generator::ir::TypeKind::Union(import) = &def.kind else { panic!("Import is a union") };
    // Each variant's fields (name, required), whether it refuses unknown members, its fewest members.
    type Variant<'a> = (Vec<(&'a str, bool)>, bool, Option<usize>);
    let variants: Vec<Variant<'_>> = import
        .variants
        .iter()
        .map(|v| {
            let generator::ir::TypeRef::Named(id) = &v.ty else { panic!("{v:?}") };
            let generator::ir::TypeKind::Struct(s) = &types.get(*id).kind else { panic!("{v:?}") };
            (s.fields.iter().map(|f| (f.name.as_str(), f.required)).collect(), s.deny_unknown, s.min_properties)
        })
        .collect();
    assert_eq!(
        variants,
        [
            (vec![("url", true), ("name", true), ("description", false)], true, Some(2)),
            (vec![("magnet", true), ("name", true), ("description", false)], true, Some(2)),
        ]
    );
}
