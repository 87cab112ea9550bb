//! Unit tests of the Swagger 2.0 conversion: small 2.0 documents in, the
//! 3.0 tree, the warnings and the origin of moved nodes out. Request
//! bodies (body and formData parameters) are in `bodies.rs`.

mod bodies;

use std::path::Path;

use serde_yaml::Value;

use super::convert;
use crate::diagnostics::{Diagnostic, Location};
use crate::load::convert::Origin;

const HEAD: &str = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";

/// `body` after the 2.0 head, converted.
fn converted(body: &str) -> (Value, Origin, Vec<Diagnostic>) {
    let mut document: Value = serde_yaml::from_str(&format!("{HEAD}{body}")).expect("test YAML parses");
    let mut warnings = Vec::new();
    let origin = convert(&Location::root(Path::new("t.yaml")), &mut document, &mut warnings).expect("converts");
    (document, origin, warnings)
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("expected YAML parses")
}

/// The node at a JSON pointer (tokens unescaped; integer-looking map keys
/// match YAML integer keys too).
fn at<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    pointer.split('/').skip(1).fold(value, |node, token| {
        let token = token.replace("~1", "/").replace("~0", "~");
        match node {
            Value::Mapping(map) => map
                .get(token.as_str())
                .or_else(|| token.parse::<u64>().ok().and_then(|n| map.get(Value::from(n))))
                .unwrap_or_else(|| panic!("no {token:?} in {}", serde_yaml::to_string(node).unwrap_or_default())),
            Value::Sequence(items) => &items[token.parse::<usize>().expect("index")],
            other => panic!("cannot index {other:?} with {token:?}"),
        }
    })
}

fn messages(warnings: &[Diagnostic]) -> Vec<String> {
    warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn the_version_and_top_level_order_are_kept() {
    let (document, origin, warnings) = converted(
        "host: api.example.com\nbasePath: /v1/\nschemes: [https, http]\nx-top: 1\npaths: {}\n\
         definitions: {A: {type: string}}\ntags: [{name: a}]\n",
    );
    assert_eq!(
        document,
        yaml(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n\
             servers: [{url: 'https://api.example.com/v1'}, {url: 'http://api.example.com/v1'}]\n\
             x-top: 1\npaths: {}\ncomponents: {schemas: {A: {type: string}}}\ntags: [{name: a}]\n"
        )
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(origin.written("/servers/1/url"), "/host", "servers are made of host, basePath and schemes");
}

#[test]
fn servers_without_host_are_relative_and_say_schemes_are_unused() {
    let (document, _, warnings) = converted("basePath: /v1\nschemes: [http]\npaths: {}\n");
    assert_eq!(at(&document, "/servers"), &yaml("[{url: /v1}]"));
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].to_string().starts_with("warning: t.yaml#/schemes: no `host` is declared"), "{warnings:?}");

    let (document, _, warnings) = converted("host: h.example\npaths: {}\n");
    assert_eq!(at(&document, "/servers"), &yaml("[{url: 'https://h.example'}]"));
    assert!(warnings[0].to_string().contains("taken as https"), "{warnings:?}");
}

#[test]
fn definitions_become_component_schemas_and_refs_follow() {
    let (document, origin, _) = converted(
        "paths: {}\ndefinitions:\n  Pet:\n    type: object\n    properties:\n      owner: {$ref: '#/definitions/User'}\n\
         \x20     tags: {type: array, items: {$ref: '#/definitions/Tag'}}\n\
         \x20 User: {type: string}\n  Tag: {type: string}\n",
    );
    assert_eq!(at(&document, "/components/schemas/Pet/properties/owner/$ref"), &yaml("'#/components/schemas/User'"));
    assert_eq!(
        at(&document, "/components/schemas/Pet/properties/tags/items/$ref"),
        &yaml("'#/components/schemas/Tag'")
    );
    assert_eq!(origin.written("/components/schemas/Pet/properties/owner"), "/definitions/Pet/properties/owner");
    assert_eq!(origin.written("/components/schemas"), "/definitions");
}

#[test]
fn x_nullable_file_and_discriminator_are_written_the_3_0_way() {
    let (document, origin, warnings) = converted(
        "paths: {}\ndefinitions:\n  A:\n    discriminator: kind\n    properties:\n\
         \x20     kind: {type: string}\n      note: {type: string, x-nullable: true, description: d}\n\
         \x20     other: {type: string, x-nullable: false}\n      blob: {type: file}\n\
         \x20     link: {$ref: '#/definitions/B', x-nullable: true}\n      bad: {type: string, x-nullable: 3}\n\
         \x20 B: {type: string}\n",
    );
    let a = at(&document, "/components/schemas/A");
    assert_eq!(at(a, "/discriminator"), &yaml("{propertyName: kind}"));
    assert_eq!(at(a, "/properties/note"), &yaml("{type: string, nullable: true, description: d}"));
    assert_eq!(at(a, "/properties/other"), &yaml("{type: string}"));
    assert_eq!(at(a, "/properties/blob"), &yaml("{type: string, format: binary}"));
    assert_eq!(at(a, "/properties/link"), &yaml("{allOf: [{$ref: '#/components/schemas/B'}], nullable: true}"));
    assert_eq!(
        origin.written("/components/schemas/A/properties/note/nullable"),
        "/definitions/A/properties/note/x-nullable"
    );
    assert_eq!(
        origin.written("/components/schemas/A/properties/link/allOf/0/$ref"),
        "/definitions/A/properties/link/$ref"
    );
    assert_eq!(
        messages(&warnings),
        ["warning: t.yaml#/definitions/A/properties/bad/x-nullable: expected `x-nullable` to be a boolean; ignored"]
    );
}

#[test]
fn parameter_keywords_move_under_schema_and_collection_formats_become_styles() {
    let (document, origin, warnings) = converted(
        "paths:\n  /a/{ids}:\n    get:\n      parameters:\n\
         \x20       - {name: ids, in: path, required: true, type: array, items: {type: integer}, collectionFormat: csv}\n\
         \x20       - {name: q, in: query, type: array, items: {type: string, enum: [x, y]}, collectionFormat: multi}\n\
         \x20       - {name: s, in: query, type: array, items: {type: string}, collectionFormat: ssv}\n\
         \x20       - {name: p, in: query, type: array, items: {type: string}, collectionFormat: pipes}\n\
         \x20       - {name: t, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n\
         \x20       - {name: d, in: query, type: array, items: {type: string}}\n\
         \x20       - {name: n, in: query, type: integer, format: int32, minimum: 1, default: 5, x-example: 7, x-k: v}\n\
         \x20       - {name: h, in: header, type: array, items: {type: string}, collectionFormat: pipes}\n\
         \x20     responses: {200: {description: ok}}\n",
    );
    let params = at(&document, "/paths/~1a~1{ids}/get/parameters");
    assert_eq!(
        at(params, "/0"),
        &yaml(
            "{name: ids, in: path, required: true, schema: {type: array, items: {type: integer}}, style: simple, \
             explode: false}"
        )
    );
    assert_eq!(
        at(params, "/1"),
        &yaml(
            "{name: q, in: query, schema: {type: array, items: {type: string, enum: [x, y]}}, style: form, explode: true}"
        )
    );
    assert_eq!(at(params, "/2/style"), &yaml("spaceDelimited"));
    assert_eq!(at(params, "/3/style"), &yaml("pipeDelimited"));
    assert_eq!((at(params, "/4/style"), at(params, "/4/explode")), (&yaml("form"), &yaml("false")));
    assert_eq!(
        (at(params, "/5/style"), at(params, "/5/explode")),
        (&yaml("form"), &yaml("false")),
        "csv is 2.0's default"
    );
    assert_eq!(
        at(params, "/6"),
        &yaml(
            "{name: n, in: query, schema: {type: integer, format: int32, minimum: 1, default: 5}, example: 7, x-k: v}"
        )
    );
    assert_eq!(
        origin.written("/paths/~1a~1{ids}/get/parameters/6/schema/minimum"),
        "/paths/~1a~1{ids}/get/parameters/6/minimum"
    );
    assert_eq!(
        origin.written("/paths/~1a~1{ids}/get/parameters/6/example"),
        "/paths/~1a~1{ids}/get/parameters/6/x-example"
    );
    assert_eq!(
        messages(&warnings),
        [
            "warning: t.yaml#/paths/~1a~1{ids}/get/parameters/4/collectionFormat: `collectionFormat: tsv` has no \
             OpenAPI 3 equivalent; the values are sent comma-separated (csv)",
            "warning: t.yaml#/paths/~1a~1{ids}/get/parameters/7/collectionFormat: `collectionFormat: pipes` cannot be \
             expressed for a parameter in header in OpenAPI 3; the values are sent comma-separated (csv)",
        ]
    );
}

#[test]
fn a_path_parameter_not_declared_required_is_required_with_a_warning() {
    let (document, _, warnings) = converted(
        "paths:\n  /a/{id}:\n    parameters: [{name: id, in: path, type: string}]\n    get: {responses: {200: {description: ok}}}\n",
    );
    assert_eq!(at(&document, "/paths/~1a~1{id}/parameters/0/required"), &Value::Bool(true));
    assert_eq!(
        messages(&warnings),
        ["warning: t.yaml#/paths/~1a~1{id}/parameters/0: path parameter \"id\" is not declared `required: true`; a \
          path parameter always is, so it is taken as required"]
    );
}

#[test]
fn shared_parameters_go_to_components_and_body_ones_to_request_bodies() {
    let (document, origin, _) = converted(
        "consumes: [application/json]\nparameters:\n  limit: {name: limit, in: query, type: integer}\n\
         \x20 pet: {name: pet, in: body, schema: {$ref: '#/definitions/Pet'}}\n  f: {name: f, in: formData, type: string}\n\
         paths:\n  /a:\n    parameters: [{$ref: '#/parameters/pet'}]\n    post:\n      parameters: [{$ref: '#/parameters/limit'}]\n\
         \x20     responses: {200: {description: ok}}\n    put:\n      consumes: [application/xml]\n\
         \x20     responses: {200: {description: ok}}\n  /b:\n    post:\n      parameters: [{$ref: '#/parameters/f'}]\n\
         \x20     consumes: [multipart/form-data]\n      responses: {200: {description: ok}}\n\
         definitions: {Pet: {type: object}}\n",
    );
    assert_eq!(
        at(&document, "/components/parameters"),
        &yaml("{limit: {name: limit, in: query, schema: {type: integer}}}")
    );
    assert_eq!(
        at(&document, "/components/requestBodies"),
        &yaml("{pet: {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}")
    );
    let a = at(&document, "/paths/~1a");
    assert!(a.as_mapping().is_some_and(|m| !m.contains_key("parameters")), "the path's only parameter went down");
    assert_eq!(at(a, "/post/parameters"), &yaml("[{$ref: '#/components/parameters/limit'}]"));
    assert_eq!(at(a, "/post/requestBody"), &yaml("{$ref: '#/components/requestBodies/pet'}"));
    assert_eq!(
        at(a, "/put/requestBody"),
        &yaml("{content: {application/xml: {schema: {$ref: '#/components/schemas/Pet'}}}}"),
        "another consumes: inlined"
    );
    assert_eq!(
        at(&document, "/paths/~1b/post/requestBody/content/multipart~1form-data/schema/properties"),
        &yaml("{f: {type: string}}")
    );
    assert_eq!(origin.written("/components/parameters/limit/schema/type"), "/parameters/limit/type");
    assert_eq!(origin.written("/paths/~1a/put/requestBody/content/application~1xml/schema"), "/parameters/pet/schema");
    assert_eq!(
        origin.written("/paths/~1b/post/requestBody/content/multipart~1form-data/schema/properties/f/type"),
        "/parameters/f/type"
    );
}

#[test]
fn an_operation_parameter_overrides_a_path_body_of_the_same_name() {
    let (document, _, _) = converted(
        "consumes: [application/json]\npaths:\n  /a:\n    parameters: [{name: b, in: body, schema: {type: string}}]\n\
         \x20   post:\n      parameters: [{name: b, in: body, schema: {type: integer}}]\n      responses: {200: {description: ok}}\n\
         \x20   put: {responses: {200: {description: ok}}}\n",
    );
    assert_eq!(at(&document, "/paths/~1a/post/requestBody/content/application~1json/schema"), &yaml("{type: integer}"));
    assert_eq!(at(&document, "/paths/~1a/put/requestBody/content/application~1json/schema"), &yaml("{type: string}"));
}

#[test]
fn responses_get_content_per_produced_type_and_headers_a_schema() {
    let (document, origin, warnings) = converted(
        "produces: [application/json]\npaths:\n  /a:\n    get:\n      produces: [application/json, text/csv]\n\
         \x20     responses:\n        200:\n          description: ok\n          schema: {type: array, items: {$ref: '#/definitions/A'}}\n\
         \x20         examples: {application/json: [1], application/xml: '<a/>'}\n\
         \x20         headers:\n            X-Rate: {type: integer, description: left, x-h: 1}\n\
         \x20           X-Ids: {type: array, items: {type: string}, collectionFormat: ssv}\n\
         \x20       default: {$ref: '#/responses/Error'}\n\
         \x20 /file:\n    get:\n      produces: [application/octet-stream]\n      responses: {200: {description: f, schema: {type: file}}}\n\
         responses:\n  Error: {description: bad, schema: {$ref: '#/definitions/A'}}\ndefinitions: {A: {type: string}}\n",
    );
    assert_eq!(
        at(&document, "/paths/~1a/get/responses/200"),
        &yaml(
            "description: ok\ncontent:\n  application/json: {schema: {type: array, items: {$ref: '#/components/schemas/A'}}, example: [1]}\n\
             \x20 text/csv: {schema: {type: array, items: {$ref: '#/components/schemas/A'}}}\n\
             headers:\n  X-Rate: {description: left, schema: {type: integer}, x-h: 1}\n  X-Ids: {schema: {type: array, items: {type: string}}}\n"
        )
    );
    assert_eq!(at(&document, "/paths/~1a/get/responses/default"), &yaml("{$ref: '#/components/responses/Error'}"));
    assert_eq!(
        at(&document, "/components/responses/Error"),
        &yaml("{description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}")
    );
    assert_eq!(
        at(&document, "/paths/~1file/get/responses/200/content"),
        &yaml("{application/octet-stream: {schema: {type: string, format: binary}}}")
    );
    assert_eq!(
        origin.written("/paths/~1a/get/responses/200/content/text~1csv/schema/items"),
        "/paths/~1a/get/responses/200/schema/items"
    );
    assert_eq!(
        origin.written("/paths/~1a/get/responses/200/headers/X-Rate/schema/type"),
        "/paths/~1a/get/responses/200/headers/X-Rate/type"
    );
    assert_eq!(
        origin.written("/components/responses/Error/content/application~1json/schema"),
        "/responses/Error/schema"
    );
    assert_eq!(
        messages(&warnings),
        [
            "warning: t.yaml#/paths/~1a/get/responses/200/headers/X-Ids/collectionFormat: a response header's array is \
             comma-separated in OpenAPI 3; `collectionFormat: ssv` is ignored",
            "warning: t.yaml#/paths/~1a/get/responses/200/examples/application~1xml: this response has no `schema` \
             produced as \"application/xml\", so its example is dropped",
        ]
    );
}

#[test]
fn security_definitions_become_security_schemes() {
    let (document, origin, warnings) = converted(
        "securityDefinitions:\n  basic: {type: basic, description: b}\n  key: {type: apiKey, in: header, name: X-Key}\n\
         \x20 imp: {type: oauth2, flow: implicit, authorizationUrl: 'https://a/auth', scopes: {r: read}}\n\
         \x20 pw: {type: oauth2, flow: password, tokenUrl: 'https://a/token', scopes: {}}\n\
         \x20 app: {type: oauth2, flow: application, tokenUrl: 'https://a/token'}\n\
         \x20 code: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', scopes: {w: write}}\n\
         \x20 odd: {type: oauth2, flow: device}\n  weird: {type: kerberos}\n\
         security: [{basic: []}, {code: [w]}]\npaths: {}\n",
    );
    assert_eq!(
        at(&document, "/components/securitySchemes"),
        &yaml(
            "basic: {type: http, scheme: basic, description: b}\nkey: {type: apiKey, in: header, name: X-Key}\n\
             imp: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a/auth', scopes: {r: read}}}}\n\
             pw: {type: oauth2, flows: {password: {tokenUrl: 'https://a/token', scopes: {}}}}\n\
             app: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a/token', scopes: {}}}}\n\
             code: {type: oauth2, flows: {authorizationCode: {authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', \
             scopes: {w: write}}}}\n"
        )
    );
    assert_eq!(at(&document, "/security"), &yaml("[{basic: []}, {code: [w]}]"));
    assert_eq!(
        origin.written("/components/securitySchemes/code/flows/authorizationCode/tokenUrl"),
        "/securityDefinitions/code/tokenUrl"
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].to_string().starts_with("warning: t.yaml#/securityDefinitions/odd/flow: expected an OAuth2 `flow`")
    );
    assert!(
        warnings[1].to_string().starts_with("warning: t.yaml#/securityDefinitions/weird/type: expected a security")
    );
}

#[test]
fn refs_into_moved_nodes_follow_them() {
    let (document, _, _) = converted(
        "paths:\n  /a:\n    post:\n      consumes: [application/json]\n      parameters: [{name: b, in: body, schema: {type: object}}]\n\
         \x20     responses: {200: {description: ok, schema: {$ref: '#/paths/~1a/post/parameters/0/schema'}}}\n",
    );
    assert_eq!(
        at(&document, "/paths/~1a/post/responses/200/content/application~1json/schema/$ref"),
        &yaml("'#/paths/~1a/post/requestBody/content/application~1json/schema'")
    );
}

#[test]
fn malformed_parts_are_left_for_the_typed_parser() {
    // Nothing here panics, and what is not 2.0 is passed on as written.
    let (document, _, _) =
        converted("paths: 7\ndefinitions: [1]\nparameters: x\nresponses: {a: 1}\nsecurityDefinitions: {s: 2}\n");
    assert_eq!(at(&document, "/paths"), &yaml("7"));
    assert_eq!(at(&document, "/components/schemas"), &yaml("[1]"));
    assert_eq!(at(&document, "/components/parameters"), &yaml("x"));
    let (document, _, _) = converted(
        "paths:\n  /a:\n    parameters: 3\n    get:\n      parameters: [1, {$ref: 2}, {in: body}, {in: formData}]\n      responses: []\n",
    );
    assert_eq!(at(&document, "/paths/~1a/get/parameters"), &yaml("[1, {$ref: 2}]"));
}

#[test]
fn a_ref_to_nothing_is_left_as_written() {
    let (document, _, _) = converted(
        "paths: {}\ndefinitions:\n  A: {properties: {b: {$ref: '#/definitions/Missing'}, c: {$ref: '#/definitions/B%20x'}}}\n  B x: {type: string}\n",
    );
    assert_eq!(at(&document, "/components/schemas/A/properties/b/$ref"), &yaml("'#/definitions/Missing'"));
    assert_eq!(
        at(&document, "/components/schemas/A/properties/c/$ref"),
        &yaml("'#/components/schemas/B x'"),
        "a percent-encoded pointer to something is followed"
    );
}

/// Every node of `value`, as the keys and indices that lead to it.
fn node_paths(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    let children: Vec<(Value, &Value)> = match value {
        Value::Mapping(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Sequence(items) => items.iter().enumerate().map(|(i, v)| (Value::from(i as u64), v)).collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        prefix.push(key);
        node_paths(child, prefix, out);
        prefix.pop();
    }
}

fn node_mut<'a>(value: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |node, key| match node {
        Value::Mapping(map) => map.get_mut(key),
        Value::Sequence(items) => key.as_u64().and_then(|i| items.get_mut(usize::try_from(i).ok()?)),
        _ => None,
    })
}

#[test]
fn any_node_of_any_kind_converts_without_panicking() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: h\nbasePath: /b\nschemes: [https]\n\
                consumes: [application/json]\nproduces: [application/json]\n\
                securityDefinitions: {o: {type: oauth2, flow: accessCode, authorizationUrl: a, tokenUrl: t, scopes: {}}}\n\
                parameters: {p: {name: p, in: body, schema: {$ref: '#/definitions/A'}}, q: {name: q, in: query, type: string}}\n\
                responses: {E: {description: e, schema: {$ref: '#/definitions/A'}}}\n\
                paths:\n  /a/{id}:\n    parameters: [{name: id, in: path, required: true, type: string}, {$ref: '#/parameters/p'}]\n\
                \x20   post:\n      consumes: [multipart/form-data]\n      schemes: [http]\n\
                \x20     parameters: [{name: f, in: formData, type: file}, {name: g, in: formData, type: array, items: {type: string}, collectionFormat: csv}]\n\
                \x20     responses: {200: {description: ok, headers: {X: {type: integer}}, examples: {application/json: 1}, schema: {type: file}}, default: {$ref: '#/responses/E'}}\n\
                \x20   get:\n      parameters: [{$ref: '#/parameters/q'}, {name: l, in: query, type: array, items: {type: array, items: {type: string}, collectionFormat: pipes}, collectionFormat: multi}]\n\
                \x20     responses: {200: {description: ok}}\n\
                definitions: {A: {discriminator: k, x-nullable: true, properties: {k: {type: string}, r: {$ref: '#/definitions/A', x-nullable: true}}}}\n";
    let document: Value = serde_yaml::from_str(text).expect("parses");
    let mut paths = Vec::new();
    node_paths(&document, &mut Vec::new(), &mut paths);
    let kinds =
        [Value::Null, Value::from(7), Value::from("x"), Value::Sequence(Vec::new()), yaml("{}"), yaml("{$ref: 1}")];
    for path in &paths {
        for kind in &kinds {
            let mut mutated = document.clone();
            if let Some(node) = node_mut(&mut mutated, path) {
                *node = kind.clone();
            }
            let mut warnings = Vec::new();
            // Only the root must be a mapping; anything else converts.
            let result = convert(&Location::root(Path::new("t.yaml")), &mut mutated, &mut warnings);
            assert_eq!(result.is_err(), path.is_empty() && !kind.is_mapping(), "{path:?} = {kind:?}");
        }
    }
}

#[test]
fn components_an_earlier_stage_added_are_kept_and_not_taken_back_as_definitions() {
    let (document, origin, _) = converted(
        "paths: {}\ncomponents: {schemas: {Pet: {type: object}}}\n\
         definitions: {Owner: {properties: {pet: {$ref: '#/components/schemas/Pet'}}}}\n",
    );
    assert_eq!(
        at(&document, "/components/schemas"),
        &yaml("{Pet: {type: object}, Owner: {properties: {pet: {$ref: '#/components/schemas/Pet'}}}}")
    );
    assert_eq!(origin.written("/components/schemas/Pet/type"), "/components/schemas/Pet/type");
    assert_eq!(origin.written("/components/schemas/Owner/properties"), "/definitions/Owner/properties");
}

#[test]
fn an_operation_s_own_schemes_become_its_servers_and_a_lone_media_type_is_a_list() {
    let (document, origin, warnings) = converted(
        "host: h.example\nbasePath: /b\nschemes: [https]\npaths:\n  /a:\n    get:\n      schemes: [wss]\n\
         \x20     responses: {200: {description: ok}}\n    put:\n      schemes: [https]\n      consumes: text/plain\n\
         \x20     parameters: [{name: b, in: body, schema: {type: string}}]\n      responses: {200: {description: ok}}\n",
    );
    assert_eq!(at(&document, "/paths/~1a/get/servers"), &yaml("[{url: 'wss://h.example/b'}]"));
    assert!(
        at(&document, "/paths/~1a/put").as_mapping().is_some_and(|m| !m.contains_key("servers")),
        "the same schemes"
    );
    assert_eq!(at(&document, "/paths/~1a/put/requestBody/content"), &yaml("{text/plain: {schema: {type: string}}}"));
    assert_eq!(origin.written("/paths/~1a/get/servers/0"), "/paths/~1a/get/schemes/0");
    assert!(warnings.is_empty(), "{warnings:?}");
}
