//! The search's tests: broken documents located at the node at fault, odd coarse pointers, and mutations of a rich document.

mod grammar;

use std::path::Path;

use serde_yaml::Value;

use super::grammar::{Kind, Node};
use super::{Finding, Place, explain, locate};
use crate::load::load_str;

/// A document with one operation, `get /a`, whose fields are `operation`
/// (one per line), followed by `rest` verbatim.
fn with_operation(operation: &str, rest: &str) -> String {
    let operation: String = operation.lines().map(|line| format!("      {line}\n")).collect();
    format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n{operation}{rest}")
}

/// A valid operation followed by `components: {schemas: {...}}` with the
/// given schemas (one per line).
fn with_schemas(schemas: &str) -> String {
    let schemas: String = schemas.lines().map(|line| format!("    {line}\n")).collect();
    with_operation("responses: {'200': {description: ok}}", &format!("components:\n  schemas:\n{schemas}"))
}

/// The first diagnostic of loading `text`, or "ok".
fn diagnose(text: &str) -> String {
    match load_str(Path::new("specs/t.yaml"), text) {
        Ok(_) => "ok".to_owned(),
        Err(e) => e.diagnostics[0].to_string(),
    }
}

#[test]
fn failures_are_located_at_the_node_at_fault() {
    let cases = [
        (
            "responses not a mapping",
            with_operation("responses: 7", ""),
            "error: specs/t.yaml#/paths/~1a/get/responses: expected `responses` to be a mapping of status codes \
             to responses, found an integer",
        ),
        (
            "null responses",
            with_operation("responses: ~", ""),
            "error: specs/t.yaml#/paths/~1a/get/responses: expected `responses` to be a mapping of status codes \
             to responses, found null",
        ),
        (
            "no responses",
            with_operation("summary: s", ""),
            "error: specs/t.yaml#/paths/~1a/get: expected `get` to have a `responses` field",
        ),
        (
            "an operation that is a list",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: [a, b]\n".to_owned(),
            "error: specs/t.yaml#/paths/~1a/get: expected `get` to be an operation (a mapping), found a list",
        ),
        (
            "a body parameter",
            with_operation("parameters:\n  - {name: b, in: body, schema: {type: string}}\nresponses: {}", ""),
            "error: specs/t.yaml#/paths/~1a/get/parameters/0/in: expected `in` to be one of path, query, header, \
             cookie, found `body` (OpenAPI 3.0 describes a request body with `requestBody`, not a parameter)",
        ),
        (
            "a Swagger 2.0 parameter",
            with_operation("parameters:\n  - {name: b, in: query, type: string}\nresponses: {}", ""),
            "error: specs/t.yaml#/paths/~1a/get/parameters/0: expected entry 0 of `parameters` to have a `schema` or \
             a `content` field (in OpenAPI 3.0, `type` goes inside `schema`)",
        ),
        (
            "a parameter without a name",
            with_operation("parameters:\n  - {in: query, schema: {type: string}}\nresponses: {}", ""),
            "error: specs/t.yaml#/paths/~1a/get/parameters/0: expected entry 0 of `parameters` to have a `name` field",
        ),
        (
            "a parameter style that does not fit its location",
            with_operation("parameters:\n  - {name: b, in: query, style: simple, schema: {}}\nresponses: {}", ""),
            "error: specs/t.yaml#/paths/~1a/get/parameters/0/style: expected `style` to be one of form, \
             spaceDelimited, pipeDelimited, deepObject, found `simple`",
        ),
        (
            "a parameter with `required: yes`",
            with_operation("parameters:\n  - {name: b, in: query, required: yes, schema: {}}\nresponses: {}", ""),
            "error: specs/t.yaml#/paths/~1a/get/parameters/0/required: expected `required` to be a boolean, \
             found the string `yes` (write true or false)",
        ),
        (
            "a null parameter",
            with_operation("parameters: [~]\nresponses: {}", ""),
            "error: specs/t.yaml#/paths/~1a/get/parameters/0: expected entry 0 of `parameters` to be a parameter \
             (a mapping), found null",
        ),
        (
            "parameters not a list",
            with_operation("parameters: {a: 1}\nresponses: {}", ""),
            "error: specs/t.yaml#/paths/~1a/get/parameters: expected `parameters` to be a list, found a mapping",
        ),
        (
            "a response without a description",
            with_operation("responses: {'200': {content: {application/json: {schema: {type: string}}}}}", ""),
            "error: specs/t.yaml#/paths/~1a/get/responses/200: expected `200` to have a `description` field",
        ),
        (
            "an empty description",
            with_operation("responses: {'200': {description: }}", ""),
            "error: specs/t.yaml#/paths/~1a/get/responses/200/description: expected `description` to be a \
             string, found null",
        ),
        (
            "a `$ref` that is a number",
            with_operation("responses: {'200': {$ref: 5}}", ""),
            "error: specs/t.yaml#/paths/~1a/get/responses/200/$ref: expected `$ref` to be a string, found an \
             integer",
        ),
        (
            "a bad keyword deep in a response schema",
            with_operation(
                "responses:\n  default:\n    description: ok\n    content:\n      application/json:\n        \
                 schema: {type: object, properties: {a: {type: integer, minimum: x}}}",
                "",
            ),
            "error: specs/t.yaml#/paths/~1a/get/responses/default/content/application~1json/schema/properties/a/\
             minimum: expected `minimum` to be a number, found a string",
        ),
        (
            "a schema property with `maxLength: ten`",
            with_schemas("User:\n  type: object\n  properties:\n    age: {type: integer, maxLength: ten}"),
            "error: specs/t.yaml#/components/schemas/User/properties/age/maxLength: expected `maxLength` to be a \
             non-negative integer, found a string",
        ),
        (
            "a schema property with `type: strin`, failing with another keyword",
            with_schemas("User:\n  type: object\n  properties:\n    name: {type: strin, maxLength: ten}"),
            "error: specs/t.yaml#/components/schemas/User/properties/name/type: expected `type` to be one of \
             string, number, integer, boolean, array, object, found `strin`",
        ),
        (
            "`required: yes`",
            with_schemas("User:\n  type: object\n  required: yes\n  properties:\n    age: {type: integer}"),
            "error: specs/t.yaml#/components/schemas/User/required: expected `required` to be a list of strings, \
             found a string",
        ),
        (
            "`required: true` on a property",
            with_schemas("User:\n  type: object\n  properties:\n    age: {type: integer, required: true}"),
            "error: specs/t.yaml#/components/schemas/User/properties/age/required: expected `required` to be a \
             list of strings, found a boolean (in OpenAPI 3.0, the object schema lists the names of its \
             required properties)",
        ),
        (
            "a required entry that is not a string",
            with_schemas("User: {oneOf: [{$ref: '#/x'}, {type: object, required: [1]}]}"),
            "error: specs/t.yaml#/components/schemas/User/oneOf/1/required/0: expected entry 0 of `required` to \
             be a string, found an integer",
        ),
        (
            "a list of types",
            with_schemas("User: {type: [string, 'null']}"),
            "error: specs/t.yaml#/components/schemas/User/type: expected `type` to be one of string, number, \
             integer, boolean, array, object, found a list (OpenAPI 3.0 allows one type; use `nullable: true` \
             for null)",
        ),
        (
            "items as a type name",
            with_schemas("Tags: {type: array, items: string}"),
            "error: specs/t.yaml#/components/schemas/Tags/items: expected `items` to be a schema (a mapping), \
             found a string (write `{type: string}`)",
        ),
        (
            "items as a list",
            with_schemas("Pair: {type: array, items: [{type: string}, {type: integer}]}"),
            "error: specs/t.yaml#/components/schemas/Pair/items: expected `items` to be a schema (a mapping), \
             found a list",
        ),
        (
            "a reference written as a bare string",
            with_schemas("User: '#/components/schemas/Other'"),
            "error: specs/t.yaml#/components/schemas/User: expected `User` to be a schema (a mapping), found a \
             string (write a reference as `$ref: '#/components/schemas/Other'`)",
        ),
        (
            "a null schema",
            with_schemas("User: ~"),
            "error: specs/t.yaml#/components/schemas/User: expected `User` to be a schema (a mapping), found null",
        ),
        (
            "an OpenAPI 3.1 exclusiveMinimum",
            with_schemas("Age: {type: number, exclusiveMinimum: 5}"),
            "error: specs/t.yaml#/components/schemas/Age/exclusiveMinimum: expected `exclusiveMinimum` to be a \
             boolean, found an integer",
        ),
        (
            "a negative maxItems under additionalProperties",
            with_schemas("Map: {type: object, additionalProperties: {properties: {x: {maxItems: -1}}}}"),
            "error: specs/t.yaml#/components/schemas/Map/additionalProperties/properties/x/maxItems: expected \
             `maxItems` to be a non-negative integer, found a negative integer",
        ),
        (
            "additionalProperties neither a boolean nor a schema",
            with_schemas("Map: {type: object, additionalProperties: maybe}"),
            "error: specs/t.yaml#/components/schemas/Map/additionalProperties: expected `additionalProperties` to \
             be a boolean or a schema (a mapping), found a string",
        ),
        (
            "a property name that is a number",
            with_schemas("User: {type: object, properties: {1: {type: string}}}"),
            "error: specs/t.yaml#/components/schemas/User/properties/1: expected the names in `properties` to be \
             strings, found an integer (quote it)",
        ),
        (
            "a discriminator without propertyName",
            with_schemas("Pet: {oneOf: [{$ref: '#/a'}], discriminator: {mapping: {}}}"),
            "error: specs/t.yaml#/components/schemas/Pet/discriminator: expected `discriminator` to have a \
             `propertyName` field",
        ),
        (
            "a Swagger 2.0 security scheme",
            with_operation("responses: {}", "components:\n  securitySchemes:\n    b: {type: basic}\n"),
            "error: specs/t.yaml#/components/securitySchemes/b/type: expected `type` to be one of apiKey, http, \
             oauth2, openIdConnect, found `basic` (write `type: http` with `scheme: basic`)",
        ),
        (
            "scopes that are not a list",
            with_operation("responses: {}\nsecurity: [{b: read}]", ""),
            "error: specs/t.yaml#/paths/~1a/get/security/0/b: expected `b` to be a list of strings, found a string",
        ),
        (
            "a version that is a number",
            "openapi: 3.0.3\ninfo: {title: t, version: 1.0}\npaths: {}\n".to_owned(),
            "error: specs/t.yaml#/info/version: expected `version` to be a string, found a floating-point number \
             (quote it to make it a string)",
        ),
        (
            "no paths",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n".to_owned(),
            "error: specs/t.yaml#/: expected the document to have a `paths` field",
        ),
        (
            "the wrong-type fixture",
            "openapi: 3.0.3\ninfo: {title: Wrong type, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    \
             User:\n      type: object\n      properties:\n        name:\n          type: string\n          \
             maxLength: ten\n"
                .to_owned(),
            "error: specs/t.yaml#/components/schemas/User/properties/name/maxLength: expected `maxLength` to be a \
             non-negative integer, found a string",
        ),
        (
            "a tagged value where serde buffers",
            with_schemas("User: {type: string, maxLength: !n 3}"),
            "error: specs/t.yaml#/components/schemas/User/maxLength: expected `maxLength` without a YAML tag, \
             found the tag `!n`",
        ),
        (
            "escaped pointer tokens",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a~b/c: {get: {responses: {default: \
             {description: [1]}}}}\n"
                .to_owned(),
            "error: specs/t.yaml#/paths/~1a~0b~1c/get/responses/default/description: expected `description` to \
             be a string, found a list",
        ),
        (
            "a callback's operation",
            with_operation("responses: {}\ncallbacks: {cb: {'{$url}': {post: {responses: 5}}}}", ""),
            "error: specs/t.yaml#/paths/~1a/get/callbacks/cb/{$url}/post/responses: expected `responses` to be a \
             mapping of status codes to responses, found an integer",
        ),
    ];
    let mut failures = Vec::new();
    for (what, text, expected) in &cases {
        let actual = diagnose(text);
        if actual != *expected {
            failures.push(format!("{what}:\n  expected: {expected}\n  actual:   {actual}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// openapiv3 reads a schema with an unknown `type` as an `AnySchema`, so
/// loading accepts it; normalizing reports it (with the same wording as the
/// check here, which applies when such a schema fails to parse).
#[test]
fn an_unknown_type_alone_is_left_to_normalize() {
    let text = with_schemas("User:\n  type: object\n  properties:\n    name: {type: strin}");
    assert_eq!(diagnose(&text), "ok");
}

#[test]
fn odd_coarse_pointers_are_survived() {
    let bad: Value = serde_yaml::from_str(&with_operation("responses: 5", "")).unwrap();
    let good: Value = serde_yaml::from_str(&with_operation("responses: {}", "")).unwrap();
    for pointer in ["", "/", "nope", "/paths/~2/x", "/paths/~1a/get/responses/200/x/y", "/components/schemas/~"] {
        assert_eq!(
            locate(&bad, pointer),
            Finding {
                pointer: "/paths/~1a/get/responses".to_owned(),
                message: "expected `responses` to be a mapping of status codes to responses, found an integer"
                    .to_owned()
            },
            "{pointer}"
        );
        // Nothing fails: the coarse location stays, with a message of its own.
        let found = locate(&good, pointer);
        assert_eq!(found.pointer, pointer);
        assert!(found.message.starts_with("not a valid "), "{pointer}: {}", found.message);
    }
}

/// Where serde stopped, when no check of the search explains a failing node:
/// the grammar's check of the value there, else a message of our own.
#[test]
fn serde_paths_are_explained_by_the_grammar() {
    let info: Value = serde_yaml::from_str("{title: t, version: 1, contact: {name: n}}").unwrap();
    let node = Node::plain(Kind::Info);
    let place = Place { pointer: "/info".to_owned(), subject: "`info`".to_owned() };
    let tokens = |path: &[&str]| path.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        explain(&info, node, &place, false, &tokens(&["version"])),
        Finding {
            pointer: "/info/version".to_owned(),
            message: "expected `version` to be a string, found an integer (quote it to make it a string)".to_owned()
        }
    );
    assert_eq!(
        explain(&info, node, &place, false, &tokens(&["contact", "name"])),
        Finding {
            pointer: "/info/contact".to_owned(),
            message: "not a valid contact object: the OpenAPI parser refuses it, though it breaks no rule of the \
                      OpenAPI 3.0 grammar known here"
                .to_owned()
        }
    );
}

/// Replace, one at a time, every value of a rich document by values of
/// every other type: loading never panics, and a failure is reported at
/// the replaced value, below it, or at a node that contains it.
#[test]
fn every_wrong_value_is_located_near_itself() {
    let base = r#"
openapi: 3.0.3
info: {title: t, version: '1', contact: {name: c}}
servers: [{url: 'https://x', variables: {v: {default: a}}}]
security: [{key: []}]
tags: [{name: pets}]
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, format: int64, minimum: 1}}
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - {$ref: '#/components/parameters/Limit'}
        - {name: X-Trace, in: header, schema: {type: string, maxLength: 10}}
      responses:
        '200':
          description: ok
          headers: {X-Rate: {schema: {type: integer}}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        default: {$ref: '#/components/responses/Error'}
    put:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string, pattern: '^a'}
                tags: {type: array, items: {type: string}, maxItems: 3}
                extra: {type: object, additionalProperties: {type: number}}
      responses: {'204': {description: done}}
components:
  schemas:
    Pet:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - type: object
          properties:
            kind: {type: string, enum: [cat, dog], nullable: true}
    Base: {type: object, properties: {id: {type: integer}}}
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer, maximum: 100}}
  responses:
    Error: {description: error, content: {application/json: {schema: {type: string}}}}
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
"#;
    let document: Value = serde_yaml::from_str(base).unwrap();
    assert!(load_str(Path::new("specs/t.yaml"), base).is_ok());
    let replacements: Vec<Value> = ["7", "-1", "1.5", "x", "true", "~", "[1]", "{a: 1}", "!t 1"]
        .iter()
        .map(|text| serde_yaml::from_str(text).unwrap())
        .collect();
    let mut pointers = Vec::new();
    collect_pointers(&document, String::new(), &mut pointers);
    let mut misplaced = Vec::new();
    let mut failures = 0;
    for pointer in &pointers {
        for replacement in &replacements {
            let mut mutated = document.clone();
            *value_at(&mut mutated, pointer) = replacement.clone();
            let text = serde_yaml::to_string(&mutated).unwrap();
            let Err(error) = load_str(Path::new("specs/t.yaml"), &text) else { continue };
            failures += 1;
            let at = &error.diagnostics[0].location.pointer;
            let message = &error.diagnostics[0].message;
            // serde's own words never reach the user.
            if ["invalid type", "variant", "struct ", "unit value", "sequence", "missing field"]
                .iter()
                .any(|w| message.contains(w))
            {
                misplaced.push(format!("{pointer} = {replacement:?}: serde's words: {message}"));
            }
            let related = pointer.starts_with(at.as_str()) || at.starts_with(pointer.as_str());
            if !related {
                misplaced.push(format!("{pointer} = {replacement:?}: {}", error.diagnostics[0]));
            }
        }
    }
    assert!(failures > 100, "only {failures} mutations failed to load");
    assert!(misplaced.is_empty(), "{}", misplaced.join("\n"));
}

fn collect_pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                let token = key.as_str().map(str::to_owned).unwrap_or_else(|| format!("{key:?}"));
                let child_pointer = format!("{pointer}/{}", crate::pointer::escape(&token));
                collect_pointers(child, child_pointer, out);
            }
        }
        Value::Sequence(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_pointers(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
    if !pointer.is_empty() {
        out.push(pointer);
    }
}

fn value_at<'a>(value: &'a mut Value, pointer: &str) -> &'a mut Value {
    let mut value = value;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        value = match value {
            Value::Mapping(map) => map.get_mut(token.as_str()).unwrap(),
            Value::Sequence(items) => &mut items[token.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
    }
    value
}
