//! The 3.1 → 3.0 rewrite, on trees: what each construct becomes, where
//! moved nodes came from, and the warnings.

use std::path::Path;

use serde_yaml::Value;

use super::convert;
use crate::load::convert::Origin;
use crate::load::tree;

/// The rewritten document, its origin, and its warnings as text.
fn rewrite(text: &str) -> (Value, Origin, Vec<String>) {
    let mut document = tree::from_yaml(text).unwrap();
    let mut warnings = Vec::new();
    let origin =
        convert(&crate::diagnostics::Location::root(Path::new("t.yaml")), &mut document, &mut warnings).unwrap();
    (document, origin, warnings.iter().map(ToString::to_string).collect())
}

/// A document whose component schemas are `schemas` (YAML, indented by 4).
fn with_schemas(schemas: &str) -> String {
    format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n{schemas}")
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

#[test]
fn the_document_becomes_3_0() {
    let (document, _, warnings) = rewrite(
        "openapi: 3.1.0\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\n\
         info: {title: t, version: '1', summary: s, license: {name: MIT, identifier: MIT}}\n\
         webhooks:\n  newPet: {post: {responses: {'200': {description: ok}}}}\n",
    );
    assert_eq!(document["openapi"].as_str(), Some("3.0.3"));
    assert_eq!(document["paths"], yaml("{}"), "paths is optional in 3.1, required in 3.0");
    assert!(document.get("webhooks").is_none() && document.get("jsonSchemaDialect").is_none());
    assert_eq!(document["info"], yaml("{title: t, version: '1', license: {name: MIT}}"));
    assert_eq!(
        warnings,
        [
            "warning: t.yaml#/jsonSchemaDialect: schemas are read as the OpenAPI 3.1 dialect \
             (https://spec.openapis.org/oas/3.1/dialect/base), not as `https://json-schema.org/draft/2020-12/schema`: \
             keywords of other dialects are not understood",
            "warning: t.yaml#/webhooks/newPet: webhook not generated: clients and servers are generated for `paths` only",
        ]
    );
    let (_, _, quiet) = rewrite(
        "openapi: 3.1.0\njsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base\ninfo: {title: t, version: '1'}\n",
    );
    assert!(quiet.is_empty(), "{quiet:?}");
}

#[test]
fn type_lists_become_nullable_types_or_any_of() {
    let (document, origin, warnings) = rewrite(&with_schemas(
        "    A: {type: [string, 'null'], maxLength: 3}\n\
         \x20   B: {type: [string, integer, 'null'], maxLength: 3, minimum: 1, format: int32, description: d}\n\
         \x20   C: {type: 'null'}\n\
         \x20   D: {type: [integer, string], enum: [1, 2]}\n\
         \x20   E: {type: [object, array], properties: {p: {type: [boolean, 'null']}}, items: {type: string}}\n",
    ));
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["A"], yaml("{type: string, nullable: true, maxLength: 3}"));
    assert_eq!(
        schemas["B"],
        yaml(
            "{nullable: true, description: d, anyOf: [{type: string, maxLength: 3}, \
             {type: integer, minimum: 1, format: int32}]}"
        )
    );
    assert_eq!(schemas["C"], yaml("{nullable: true}"));
    assert_eq!(schemas["D"], yaml("{type: integer, enum: [1, 2]}"), "no enum value is a string");
    assert_eq!(
        schemas["E"],
        yaml(
            "{anyOf: [{type: object, properties: {p: {type: boolean, nullable: true}}}, {type: array, items: {type: string}}]}"
        )
    );
    // The members' keywords were written on the schema itself.
    assert_eq!(origin.written("/components/schemas/B/anyOf/1/minimum"), "/components/schemas/B/minimum");
    assert_eq!(origin.written("/components/schemas/E/anyOf/0/properties/p"), "/components/schemas/E/properties/p");
    assert_eq!(
        warnings,
        ["warning: t.yaml#/components/schemas/C/type: a schema that admits only null has no OpenAPI 3.0 form: it is \
          generated as any value, nullable"]
    );
}

#[test]
fn null_members_of_unions_make_them_nullable() {
    let (document, origin, warnings) = rewrite(&with_schemas(
        "    A: {anyOf: [{$ref: '#/components/schemas/B'}, {type: 'null'}], description: d}\n\
         \x20   B: {oneOf: [{type: 'null'}, {type: string, maxLength: 2}]}\n\
         \x20   C: {anyOf: [{type: 'null'}, {type: integer}, {type: string}]}\n",
    ));
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["A"], yaml("{anyOf: [{$ref: '#/components/schemas/B'}], description: d, nullable: true}"));
    assert_eq!(schemas["B"], yaml("{nullable: true, type: string, maxLength: 2}"), "a lone member is merged");
    assert_eq!(schemas["C"], yaml("{anyOf: [{type: integer}, {type: string}], nullable: true}"));
    assert_eq!(origin.written("/components/schemas/B/maxLength"), "/components/schemas/B/oneOf/1/maxLength");
    assert_eq!(origin.written("/components/schemas/C/anyOf/0/type"), "/components/schemas/C/anyOf/1/type");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn keywords_take_their_3_0_forms() {
    let (document, origin, warnings) = rewrite(&with_schemas(
        "    Const: {type: string, const: fixed}\n\
         \x20   Examples: {type: integer, examples: [1, 2, 3]}\n\
         \x20   One: {type: integer, examples: [1]}\n\
         \x20   Bounds: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 10, maximum: 5}\n\
         \x20   Bytes: {type: string, contentEncoding: base64}\n\
         \x20   Image: {type: string, contentMediaType: image/png}\n\
         \x20   Json: {type: string, contentMediaType: application/json}\n\
         \x20   Titled: {oneOf: [{const: a, title: The a}, {const: b, description: The b}], description: d}\n\
         \x20   Mixed: {anyOf: [{const: a}, {type: integer}]}\n",
    ));
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["Const"], yaml("{type: string, enum: [fixed]}"));
    assert_eq!(schemas["Examples"], yaml("{type: integer, example: 1}"));
    assert_eq!(schemas["One"], yaml("{type: integer, example: 1}"));
    assert_eq!(schemas["Bounds"], yaml("{type: number, exclusiveMinimum: true, minimum: 0, maximum: 5}"));
    assert_eq!(schemas["Bytes"], yaml("{type: string, format: byte}"));
    assert_eq!(schemas["Image"], yaml("{type: string, format: binary}"));
    assert_eq!(schemas["Json"], yaml("{type: string}"), "a string holding JSON is text");
    assert_eq!(schemas["Titled"], yaml("{type: string, enum: [a, b], description: d}"));
    assert_eq!(schemas["Mixed"], yaml("{anyOf: [{enum: [a]}, {type: integer}]}"), "not only consts: a union");
    assert_eq!(origin.written("/components/schemas/Titled/enum/1"), "/components/schemas/Titled/oneOf/1/const");
    assert_eq!(origin.written("/components/schemas/Const/enum/0"), "/components/schemas/Const/const");
    assert_eq!(origin.written("/components/schemas/Bounds/minimum"), "/components/schemas/Bounds/exclusiveMinimum");
    assert_eq!(
        warnings,
        ["warning: t.yaml#/components/schemas/Examples/examples: 2 of 3 `examples` not kept: an OpenAPI 3.0 schema \
          holds one `example`"]
    );
}

#[test]
fn references_keep_their_siblings_through_all_of() {
    let (document, origin, _) = rewrite(&with_schemas(
        "    A:\n      type: object\n      properties:\n\
         \x20       b: {$ref: '#/components/schemas/B', description: the b}\n\
         \x20       c: {$ref: '#/components/schemas/B', $comment: plain}\n\
         \x20       d: {$ref: '#/components/schemas/B', allOf: [{required: [x]}], examples: [e]}\n\
         \x20   B: {type: object}\n",
    ));
    let properties = &document["components"]["schemas"]["A"]["properties"];
    assert_eq!(properties["b"], yaml("{allOf: [{$ref: '#/components/schemas/B'}], description: the b}"));
    assert_eq!(properties["c"], yaml("{$ref: '#/components/schemas/B', $comment: plain}"), "nothing to keep");
    assert_eq!(properties["d"], yaml("{allOf: [{$ref: '#/components/schemas/B'}, {required: [x]}], example: e}"));
    let at = "/components/schemas/A/properties";
    assert_eq!(origin.written(&format!("{at}/b/allOf/0/$ref")), format!("{at}/b/$ref"));
    assert_eq!(origin.written(&format!("{at}/d/allOf/1/required")), format!("{at}/d/allOf/0/required"));
}

#[test]
fn tuples_and_boolean_schemas() {
    let (document, origin, warnings) = rewrite(&with_schemas(
        "    Pair: {type: array, prefixItems: [{type: string}, {type: integer, if: {}}], items: false}\n\
         \x20   Never: {allOf: [false]}\n\
         \x20   Same: {type: array, prefixItems: [{type: string}, {type: string}]}\n\
         \x20   Empty: {type: array, items: false}\n\
         \x20   Flags: {type: object, properties: {yes: true, no: false}}\n",
    ));
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["Pair"], yaml("{type: array, maxItems: 2, items: {anyOf: [{type: string}, {type: integer}]}}"));
    assert_eq!(schemas["Same"], yaml("{type: array, items: {type: string}}"));
    assert_eq!(schemas["Empty"], yaml("{type: array, maxItems: 0}"));
    assert_eq!(schemas["Never"], yaml("{allOf: [{not: {}}]}"), "`false` elsewhere: a `not`, which is reported later");
    assert_eq!(schemas["Flags"]["properties"], yaml("{yes: {}}"));
    assert_eq!(
        origin.written("/components/schemas/Pair/items/anyOf/1/type"),
        "/components/schemas/Pair/prefixItems/1/type"
    );
    assert_eq!(
        warnings,
        [
            "warning: t.yaml#/components/schemas/Flags/properties/no: a property whose schema is `false` (never \
             present) is left out of the model",
            "warning: t.yaml#/components/schemas/Pair/prefixItems: tuple positions not enforced: every item is \
             generated as one of 2 item schemas",
            // Located in the tuple as written, not in the anyOf it became.
            "warning: t.yaml#/components/schemas/Pair/prefixItems/1/if: `if`/`then`/`else` not enforced: OpenAPI 3.0 \
             has no conditional schemas",
        ]
    );
}

#[test]
fn keywords_without_3_0_form_are_dropped_with_a_warning() {
    let (document, _, warnings) = rewrite(&with_schemas(
        "    A:\n      type: object\n      $id: https://example.com/a\n      $comment: c\n\
         \x20     dependentRequired: {a: [b]}\n      propertyNames: {maxLength: 3}\n\
         \x20     if: {required: [a]}\n      then: {required: [b]}\n      else: {}\n\
         \x20     unevaluatedProperties: false\n\
         \x20   M: {type: object, patternProperties: {'^x-': {type: integer}}}\n\
         \x20   N: {allOf: [{type: object}], unevaluatedProperties: false}\n",
    ));
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["A"], yaml("{type: object, additionalProperties: false}"));
    assert_eq!(schemas["M"], yaml("{type: object, additionalProperties: {type: integer}}"));
    assert_eq!(schemas["N"], yaml("{allOf: [{type: object}]}"));
    assert_eq!(
        warnings,
        [
            "warning: t.yaml#/components/schemas/A/dependentRequired: `dependentRequired` not enforced: OpenAPI 3.0 \
             has no such keyword",
            "warning: t.yaml#/components/schemas/A/if: `if`/`then`/`else` not enforced: OpenAPI 3.0 has no \
             conditional schemas",
            "warning: t.yaml#/components/schemas/A/propertyNames: `propertyNames` not enforced: OpenAPI 3.0 has no \
             such keyword",
            "warning: t.yaml#/components/schemas/M/patternProperties: `patternProperties`: the key patterns are not \
             enforced; the values are typed as `additionalProperties`",
            "warning: t.yaml#/components/schemas/N/unevaluatedProperties: `unevaluatedProperties` not enforced \
             beside `allOf`/`anyOf`/`oneOf` (or `additionalProperties`): OpenAPI 3.0 has no such keyword",
        ]
    );
}

#[test]
fn schemas_everywhere_are_converted() {
    let (document, _, _) = rewrite(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n\
         \x20   parameters: [{name: p, in: query, schema: {type: [integer, 'null']}}]\n\
         \x20   post:\n\
         \x20     requestBody: {content: {application/json: {schema: {const: 1}}}}\n\
         \x20     responses:\n\
         \x20       '200':\n\
         \x20         description: ok\n\
         \x20         headers: {X: {schema: {type: [string, 'null']}}}\n\
         \x20         content: {application/json: {schema: {$defs: {D: {const: x}}, $ref: '#/x'}}}\n",
    );
    let item = &document["paths"]["/a"];
    assert_eq!(item["parameters"][0]["schema"], yaml("{type: integer, nullable: true}"));
    let post = &item["post"];
    assert_eq!(post["requestBody"]["content"]["application/json"]["schema"], yaml("{enum: [1]}"));
    let ok = &post["responses"]["200"];
    assert_eq!(ok["headers"]["X"]["schema"], yaml("{type: string, nullable: true}"));
    assert_eq!(ok["content"]["application/json"]["schema"], yaml("{$defs: {D: {enum: [x]}}, $ref: '#/x'}"));
}

#[test]
fn path_items_referenced_from_paths_are_inlined() {
    let (document, origin, warnings) = rewrite(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n\
         paths:\n  /a: {$ref: '#/components/pathItems/A', summary: mine}\n  /b: {$ref: '#/components/pathItems/Gone'}\n\
         components:\n  pathItems:\n    A:\n      summary: theirs\n\
         \x20     get: {responses: {'200': {description: ok, content: {text/plain: {schema: {type: string, \
         propertyNames: {}}}}}}}\n",
    );
    assert_eq!(document["paths"]["/a"]["summary"].as_str(), Some("mine"));
    assert_eq!(document["paths"]["/a"]["get"]["responses"]["200"]["description"].as_str(), Some("ok"));
    assert_eq!(document["paths"]["/b"], yaml("{$ref: '#/components/pathItems/Gone'}"), "left for the normalizer");
    assert_eq!(origin.written("/paths/~1a/get/responses"), "/components/pathItems/A/get/responses");
    // Converted both where it is defined and where it is inlined: reported once.
    assert_eq!(
        warnings,
        ["warning: t.yaml#/components/pathItems/A/get/responses/200/content/text~1plain/schema/propertyNames: \
          `propertyNames` not enforced: OpenAPI 3.0 has no such keyword"]
    );
}

#[test]
fn mutual_tls_schemes_are_dropped_with_their_requirements() {
    let (document, _, warnings) = rewrite(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nsecurity: [{m: []}, {k: []}]\n\
         paths: {/a: {get: {security: [{m: []}], responses: {'200': {description: ok}}}}}\n\
         components:\n  securitySchemes:\n    m: {type: mutualTLS}\n    k: {type: apiKey, in: header, name: K}\n",
    );
    assert_eq!(document["security"], yaml("[{k: []}]"));
    assert_eq!(document["paths"]["/a"]["get"]["security"], yaml("[]"));
    assert_eq!(document["components"]["securitySchemes"], yaml("{k: {type: apiKey, in: header, name: K}}"));
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].starts_with("warning: t.yaml#/components/securitySchemes/m: `mutualTLS` security scheme"));
}

#[test]
fn moves_compose_within_one_schema() {
    let (document, origin, _) = rewrite(&with_schemas(
        "    Split: {type: [integer, string], exclusiveMinimum: 5}\n\
         \x20   Merged: {anyOf: [{const: x}, {type: 'null'}]}\n\
         \x20   Upload: {contentMediaType: image/png}\n",
    ));
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["Split"],
        yaml("{anyOf: [{type: integer, minimum: 5, exclusiveMinimum: true}, {type: string}]}")
    );
    assert_eq!(schemas["Merged"], yaml("{nullable: true, enum: [x]}"));
    assert_eq!(schemas["Upload"], yaml("{format: binary, type: string}"));
    let at = "/components/schemas";
    // Moved twice: out of `exclusiveMinimum` into `minimum`, then into the integer member.
    assert_eq!(origin.written(&format!("{at}/Split/anyOf/0/minimum")), format!("{at}/Split/exclusiveMinimum"));
    // Merged out of the union, then `const` became `enum`.
    assert_eq!(origin.written(&format!("{at}/Merged/enum/0")), format!("{at}/Merged/anyOf/0/const"));
    assert_eq!(origin.written(&format!("{at}/Upload/type")), format!("{at}/Upload/contentMediaType"));
}
