//! The grammar table's tests: it agrees with openapiv3, every key is reachable, and broken nodes of every kind are explained.

use serde_yaml::{Mapping, Value};

use super::super::children;
use super::super::grammar::{GRAMMAR, Item, Kind, Node, Presence, Shape, grammar};
use super::{diagnose, with_operation, with_schemas};

/// A value of this shape the grammar accepts.
fn sample(shape: Shape) -> Value {
    match shape {
        Shape::Text => "x".into(),
        Shape::Flag | Shape::FlagOr(_) => true.into(),
        Shape::Count | Shape::Number | Shape::Any => 1.into(),
        Shape::Word(allowed) => allowed[0].into(),
        Shape::Object(node) => minimal(node.kind),
        Shape::ListOf(_) => Value::Sequence(Vec::new()),
        Shape::MapOf(_) => Value::Mapping(Mapping::new()),
    }
}

/// The smallest node of a kind the grammar accepts: its required fields
/// (those its selector adds too), and the first of its alternatives.
fn minimal(kind: Kind) -> Value {
    let object = grammar(kind);
    let mut map = Mapping::new();
    for field in object.fields.iter().filter(|f| f.presence == Presence::Required) {
        map.insert(field.key.into(), sample(field.shape));
    }
    for field in object.selected(&map).iter().filter(|f| f.presence == Presence::Required) {
        map.insert(field.key.into(), sample(field.shape));
    }
    if let Some(first) = object.any_of.first() {
        let shape = object.shape_of(first, &map).expect("alternatives are fields");
        map.insert((*first).into(), sample(shape));
    }
    Value::Mapping(map)
}

/// Every key the grammar names, with the minimal node it is valid in.
fn keys_of(kind: Kind) -> Vec<(&'static str, Presence, Shape, Mapping)> {
    let object = grammar(kind);
    let Value::Mapping(base) = minimal(kind) else { unreachable!() };
    let mut keys: Vec<_> = object.fields.iter().map(|f| (f.key, f.presence, f.shape, base.clone())).collect();
    if let Some(selector) = &object.selector {
        for (value, fields) in selector.cases {
            let mut map = base.clone();
            map.insert(selector.key.into(), (*value).into());
            for field in fields.iter().filter(|f| f.presence == Presence::Required) {
                map.insert(field.key.into(), sample(field.shape));
            }
            keys.extend(fields.iter().map(|f| (f.key, f.presence, f.shape, map.clone())));
        }
    }
    if let Some(patterned) = &object.patterned {
        keys.push((patterned.example, Presence::Defaulted, patterned.shape, base));
    }
    keys
}

fn parses(kind: Kind, value: &Value, buffered: bool) -> bool {
    (grammar(kind).parser.parses)(value, Node::plain(kind), buffered)
}

/// The table says what openapiv3 does: its minimal nodes parse, a required
/// field left out fails, every key with a valid value parses, a null
/// parses where the table allows it and fails where it does not.
#[test]
fn the_grammar_agrees_with_openapiv3() {
    let mut disagreements = Vec::new();
    for object in &GRAMMAR {
        let kind = object.kind;
        let base = minimal(kind);
        for buffered in [false, true] {
            if !parses(kind, &base, buffered) {
                disagreements.push(format!("{kind:?}: {base:?} does not parse (buffered: {buffered})"));
            }
        }
        for (key, presence, shape, map) in keys_of(kind) {
            let with = |value: Value| {
                let mut map = map.clone();
                map.insert(key.into(), value);
                Value::Mapping(map)
            };
            if !parses(kind, &with(sample(shape)), true) {
                disagreements.push(format!("{kind:?}: `{key}` with a valid value does not parse"));
            }
            // Null is absence for an optional field, and an absent alternative
            // is fine only beside another.
            let alone =
                object.any_of.contains(&key) && !object.any_of.iter().any(|k| *k != key && map.contains_key(*k));
            let null_parses = parses(kind, &with(Value::Null), true);
            if null_parses != (presence == Presence::Optional && !alone) {
                disagreements.push(format!("{kind:?}: `{key}: null` parses: {null_parses}, table: {presence:?}"));
            }
            let mut without = map.clone();
            without.remove(key);
            if presence == Presence::Required && parses(kind, &Value::Mapping(without), false) {
                disagreements.push(format!("{kind:?}: parses without the required `{key}`"));
            }
        }
        if !object.any_of.is_empty() {
            let Value::Mapping(mut without) = base.clone() else { unreachable!() };
            for key in object.any_of {
                without.remove(*key);
            }
            if parses(kind, &Value::Mapping(without), false) {
                disagreements.push(format!("{kind:?}: parses without any of {:?}", object.any_of));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Every kind is reached from the document, and every key of every kind
/// is found by the lookups the checks use; objects under it are children
/// the search descends into.
#[test]
fn every_key_of_the_grammar_is_reachable() {
    let mut reached = vec![Kind::Document];
    let mut unfound = Vec::new();
    let mut i = 0;
    while let Some(&kind) = reached.get(i) {
        i += 1;
        for (key, _, shape, map) in keys_of(kind) {
            if grammar(kind).shape_of(key, &map) != Some(shape) {
                unfound.push(format!("{kind:?}: `{key}`"));
            }
            let (Shape::Object(child)
            | Shape::FlagOr(child)
            | Shape::ListOf(Item::Object(child))
            | Shape::MapOf(Item::Object(child))) = shape
            else {
                continue;
            };
            let value = match shape {
                Shape::ListOf(_) => Value::Sequence(vec![minimal(child.kind)]),
                Shape::MapOf(_) => Value::Mapping([("name".into(), minimal(child.kind))].into_iter().collect()),
                _ => minimal(child.kind),
            };
            let mut map = map.clone();
            map.insert(key.into(), value);
            let node = Value::Mapping(map);
            if !children(&node, Node::plain(kind)).iter().any(|c| c.tokens[0] == key && c.node == child) {
                unfound.push(format!("{kind:?}: `{key}` is not a child"));
            }
            if !reached.contains(&child.kind) {
                reached.push(child.kind);
            }
        }
        if grammar(kind).shape_of("x-extension", &Mapping::new()).is_some() && grammar(kind).patterned.is_none() {
            unfound.push(format!("{kind:?}: an extension has a shape"));
        }
    }
    assert!(unfound.is_empty(), "{}", unfound.join("\n"));
    assert_eq!(reached.len(), GRAMMAR.len(), "reached {reached:?}");
}

/// Broken documents of every kind: the pointer and message of each come
/// from the grammar.
#[test]
fn broken_nodes_of_every_kind_are_explained() {
    let security =
        |scheme: &str| with_operation("responses: {}", &format!("components:\n  securitySchemes:\n    s: {scheme}\n"));
    let response = |fields: &str| with_operation(&format!("responses: {{'200': {{description: d, {fields}}}}}"), "");
    let media = |fields: &str| response(&format!("content: {{application/json: {{{fields}}}}}"));
    let info = |fields: &str| format!("openapi: 3.0.3\ninfo: {{title: t, version: '1', {fields}}}\npaths: {{}}\n");
    let top = |fields: &str| format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n{fields}\n");
    let cases = [
        (info("contact: {url: [1]}"), "/info/contact/url", "expected `url` to be a string, found a list"),
        (info("license: {url: u}"), "/info/license", "expected `license` to have a `name` field"),
        (
            "openapi: 3.0.3\ninfo: {title: ~, version: '1'}\npaths: {}\n".to_owned(),
            "/info/title",
            "expected `title` to be a string, found null",
        ),
        (
            top("servers: [{url: u, variables: {v: {default: a, enum: [1]}}}]"),
            "/servers/0/variables/v/enum/0",
            "expected entry 0 of `enum` to be a string, found an integer",
        ),
        (
            top("servers: [{url: u, variables: {v: {}}}]"),
            "/servers/0/variables/v",
            "expected `v` to have a `default` field",
        ),
        (
            top("tags: [{name: t, externalDocs: {}}]"),
            "/tags/0/externalDocs",
            "expected `externalDocs` to have a `url` field",
        ),
        (
            top("externalDocs: {url: 5}"),
            "/externalDocs/url",
            "expected `url` to be a string, found an integer (quote it to make it a string)",
        ),
        (
            media("encoding: {a: {style: simple}}"),
            "/paths/~1a/get/responses/200/content/application~1json/encoding/a/style",
            "expected `style` to be one of form, spaceDelimited, pipeDelimited, deepObject, found `simple`",
        ),
        (
            media("examples: {e: {summary: [1]}}"),
            "/paths/~1a/get/responses/200/content/application~1json/examples/e/summary",
            "expected `summary` to be a string, found a list",
        ),
        (
            media("example: {a: !t 1}"),
            "/paths/~1a/get/responses/200/content/application~1json/example/a",
            "expected `a` without a YAML tag, found the tag `!t`",
        ),
        (
            response("headers: {X-A: {style: form, schema: {}}}"),
            "/paths/~1a/get/responses/200/headers/X-A/style",
            "expected `style` to be one of simple, found `form`",
        ),
        (
            response("links: {l: {description: d}}"),
            "/paths/~1a/get/responses/200/links/l",
            "expected `l` to have an `operationRef` or an `operationId` field",
        ),
        (
            with_operation("requestBody: {content: ~}\nresponses: {}", ""),
            "/paths/~1a/get/requestBody/content",
            "expected `content` to be a mapping, found null",
        ),
        (
            with_operation("parameters: [{name: a, in: path, style: form, schema: {}}]\nresponses: {}", ""),
            "/paths/~1a/get/parameters/0/style",
            "expected `style` to be one of matrix, label, simple, found `form`",
        ),
        (
            with_operation("deprecated: ~\nresponses: {}", ""),
            "/paths/~1a/get/deprecated",
            "expected `deprecated` to be a boolean, found null",
        ),
        (
            with_schemas("A: {nullable: ~}"),
            "/components/schemas/A/nullable",
            "expected `nullable` to be a boolean, found null",
        ),
        (
            with_schemas("A: {oneOf: [{$ref: '#/a'}], discriminator: {propertyName: k, mapping: {a: 1}}}"),
            "/components/schemas/A/discriminator/mapping/a",
            "expected `a` to be a string, found an integer (quote it to make it a string)",
        ),
        (
            security("{type: apiKey, name: k, in: body}"),
            "/components/securitySchemes/s/in",
            "expected `in` to be one of query, header, cookie, found `body`",
        ),
        (security("{type: http}"), "/components/securitySchemes/s", "expected `s` to have a `scheme` field"),
        (
            security("{type: oauth2, flows: {password: {scopes: {}}}}"),
            "/components/securitySchemes/s/flows/password",
            "expected `password` to have a `tokenUrl` field",
        ),
        (
            security("{type: oauth2, flows: {implicit: {authorizationUrl: u, scopes: {read: 1}}}}"),
            "/components/securitySchemes/s/flows/implicit/scopes/read",
            "expected `read` to be a string, found an integer (quote it to make it a string)",
        ),
        (
            with_operation("responses: {}", "components:\n  examples: {e: [1]}\n"),
            "/components/examples/e",
            "expected `e` to be an example object (a mapping), found a list",
        ),
        (
            with_operation("responses: {}\ncallbacks: {c: {'{$url}': 5}}", ""),
            "/paths/~1a/get/callbacks/c/{$url}",
            "expected `{$url}` to be a path item (a mapping), found an integer",
        ),
        (
            with_operation("responses: {}", "components:\n  requestBodies: {b: {required: maybe}}\n"),
            "/components/requestBodies/b/required",
            "expected `required` to be a boolean, found a string",
        ),
    ];
    let mut failures = Vec::new();
    for (text, pointer, message) in &cases {
        let expected = format!("error: specs/t.yaml#{pointer}: {message}");
        let actual = diagnose(text);
        if actual != expected {
            failures.push(format!("{text}\n  expected: {expected}\n  actual:   {actual}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
