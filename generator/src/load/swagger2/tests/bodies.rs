//! Body and formData parameters as request bodies.

use super::{at, converted, messages, yaml};

#[test]
fn a_body_parameter_becomes_the_request_body_for_each_consumed_type() {
    let (document, origin, warnings) = converted(
        "consumes: [application/json]\npaths:\n  /pets:\n    post:\n      consumes: [application/json, application/xml]\n\
         \x20     parameters:\n        - {name: pet, in: body, required: true, description: the pet, schema: {$ref: '#/definitions/Pet'}, x-b: 1}\n\
         \x20       - {name: dry, in: query, type: boolean}\n      responses: {200: {description: ok}}\n\
         definitions: {Pet: {type: object}}\n",
    );
    let post = at(&document, "/paths/~1pets/post");
    assert_eq!(
        post,
        &yaml(
            "parameters: [{name: dry, in: query, schema: {type: boolean}}]\n\
             requestBody:\n  required: true\n  description: the pet\n  content:\n\
             \x20   application/json: {schema: {$ref: '#/components/schemas/Pet'}}\n\
             \x20   application/xml: {schema: {$ref: '#/components/schemas/Pet'}}\n  x-b: 1\n\
             responses: {200: {description: ok}}\n"
        )
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        origin.written("/paths/~1pets/post/requestBody/content/application~1json/schema"),
        "/paths/~1pets/post/parameters/0/schema"
    );
    assert_eq!(
        origin.written("/paths/~1pets/post/requestBody/content/application~1xml/schema/$ref"),
        "/paths/~1pets/post/parameters/0/schema/$ref"
    );
    assert_eq!(origin.written("/paths/~1pets/post/parameters/0/schema"), "/paths/~1pets/post/parameters/1");
}

#[test]
fn several_body_parameters_keep_the_first_and_no_consumes_means_json() {
    let (document, _, warnings) = converted(
        "paths:\n  /a:\n    post:\n      parameters:\n        - {name: one, in: body, schema: {type: string}}\n\
         \x20       - {name: two, in: body, schema: {type: integer}}\n        - {name: f, in: formData, type: string}\n\
         \x20     responses: {200: {description: ok}}\n",
    );
    assert_eq!(
        at(&document, "/paths/~1a/post/requestBody"),
        &yaml("{content: {application/json: {schema: {type: string}}}}")
    );
    assert_eq!(
        messages(&warnings),
        [
            "warning: t.yaml#/paths/~1a/post/parameters/1: an operation has one body parameter; \"two\" is dropped \
             (the body is \"one\")",
            "warning: t.yaml#/paths/~1a/post/parameters/2: formData parameter \"f\" cannot be sent beside the body \
             parameter \"one\"; dropped",
            "warning: t.yaml#/paths/~1a/post/parameters/0: neither the operation nor the document declares \
             `consumes`; body parameter \"one\" is taken as application/json",
        ]
    );
}

#[test]
fn form_data_becomes_an_urlencoded_object() {
    let (document, origin, warnings) = converted(
        "consumes: [application/x-www-form-urlencoded]\npaths:\n  /login:\n    post:\n      parameters:\n\
         \x20       - {name: user, in: formData, type: string, required: true, description: who, x-f: 1}\n\
         \x20       - {name: roles, in: formData, type: array, items: {type: string}, collectionFormat: pipes}\n\
         \x20       - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: multi}\n\
         \x20       - {name: flags, in: formData, type: array, items: {type: string}}\n\
         \x20     responses: {200: {description: ok}}\n",
    );
    assert_eq!(
        at(&document, "/paths/~1login/post"),
        &yaml(
            "requestBody:\n  content:\n    application/x-www-form-urlencoded:\n      schema:\n        type: object\n\
             \x20       properties:\n          user: {type: string, description: who, x-f: 1}\n\
             \x20         roles: {type: array, items: {type: string}}\n          tags: {type: array, items: {type: string}}\n\
             \x20         flags: {type: array, items: {type: string}}\n        required: [user]\n\
             \x20     encoding:\n        roles: {style: pipeDelimited, explode: false}\n        flags: {style: form, explode: false}\n\
             \x20 required: true\nresponses: {200: {description: ok}}\n"
        )
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        origin.written(
            "/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/roles/items"
        ),
        "/paths/~1login/post/parameters/1/items"
    );
}

#[test]
fn a_file_parameter_makes_the_form_multipart() {
    let (document, _, warnings) = converted(
        "paths:\n  /up:\n    post:\n      consumes: [application/x-www-form-urlencoded]\n      parameters:\n\
         \x20       - {name: file, in: formData, type: file, required: true}\n        - {name: note, in: formData, type: string}\n\
         \x20     responses: {200: {description: ok}}\n  /q:\n    get:\n      parameters: [{name: f, in: query, type: file}]\n\
         \x20     responses: {200: {description: ok}}\n",
    );
    assert_eq!(
        at(&document, "/paths/~1up/post/requestBody/content"),
        &yaml(
            "multipart/form-data:\n  schema: {type: object, properties: {file: {type: string, format: binary}, note: {type: string}}, \
             required: [file]}\n"
        )
    );
    assert_eq!(at(&document, "/paths/~1q/get/parameters/0/schema"), &yaml("{type: string}"));
    assert_eq!(
        messages(&warnings),
        [
            "warning: t.yaml#/paths/~1up/post/parameters/0: a `file` parameter can only be sent as multipart/form-data, \
             which `consumes` does not list; it is used",
            "warning: t.yaml#/paths/~1q/get/parameters/0/type: a `file` parameter belongs in formData; \"f\" in query is \
             taken as a string",
        ]
    );
}

#[test]
fn consumes_without_a_form_type_is_reported_for_form_data() {
    let (document, _, warnings) = converted(
        "consumes: [application/json]\npaths:\n  /a:\n    post:\n      parameters: [{name: a, in: formData, type: string}]\n\
         \x20     responses: {200: {description: ok}}\n",
    );
    assert!(
        at(&document, "/paths/~1a/post/requestBody/content")
            .as_mapping()
            .is_some_and(|m| m.contains_key("application/x-www-form-urlencoded"))
    );
    assert_eq!(
        messages(&warnings),
        ["warning: t.yaml#/paths/~1a/post/parameters/0: `consumes` lists no form media type (application/json); the \
          formData parameters are sent as application/x-www-form-urlencoded"]
    );
}

#[test]
fn a_file_in_a_form_that_may_be_urlencoded_is_sent_as_multipart_only() {
    let (document, _, warnings) = converted(
        "paths:\n  /up:\n    post:\n      consumes: [application/x-www-form-urlencoded, multipart/form-data]\n\
         \x20     parameters: [{name: f, in: formData, type: file}]\n      responses: {200: {description: ok}}\n",
    );
    let content = at(&document, "/paths/~1up/post/requestBody/content").as_mapping().expect("content");
    assert_eq!(content.keys().collect::<Vec<_>>(), [&yaml("multipart/form-data")]);
    assert_eq!(
        messages(&warnings),
        ["warning: t.yaml#/paths/~1up/post/parameters/0: application/x-www-form-urlencoded cannot carry a `file` \
          parameter; the form is sent as multipart/form-data only"]
    );
}
