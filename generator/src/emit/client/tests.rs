//! The client emitter on small specs, one construct each: the generated
//! source (formatted as it is written) must have the expected shape.
//! Whether it compiles is checked on the fixture specs (`fixtures_compile`)
//! and on the four specs, whose clients the wire tests drive.

use std::path::Path;

use super::ClientCrate;
use crate::emit::rust::format_file;
use crate::load::load_str;
use crate::normalize::normalize;

/// The client's `client.rs` and `operations.rs` for a spec, and the
/// README example.
struct Emitted {
    client: String,
    operations: String,
    example: String,
}

fn emit(spec: &str) -> Emitted {
    let loaded = load_str(Path::new("t.yaml"), spec).expect("loads");
    let (api, _) = normalize(&loaded).unwrap_or_else(|e| panic!("{e}"));
    let client = ClientCrate::new(&api, None);
    let example = client.parts().expect("emits").template_context.get_attr("example").expect("example").to_string();
    let files = client.files();
    let file = |name: &str| {
        files
            .iter()
            .find(|file| file.path == name)
            .map(|file| format_file(name, "test", (file.build)().expect("emits")).expect("formats"))
            .unwrap_or_default()
    };
    Emitted { client: file("src/client.rs"), operations: file("src/operations.rs"), example }
}

/// A spec with these servers, `paths` and `components` (YAML, indented as
/// under the document root).
fn spec(servers: &str, paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers:\n{servers}paths:\n{paths}components:\n{components}"
    )
}

const THING: &str = "  schemas:\n    Thing:\n      type: object\n      properties:\n        name: {type: string}\n";
const SERVER: &str = "  - url: https://api.example.com\n";

fn assert_contains(text: &str, expected: &[&str]) {
    for needle in expected {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn a_lone_default_response_also_stands_for_success() {
    let paths = "  /things:\n    get:\n      operationId: listThings\n      responses:\n        default:\n          description: any\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\n";
    let out = emit(&spec(SERVER, paths, THING));
    assert_contains(
        &out.operations,
        &[
            "-> Result<models::Thing, Error<ListThingsError>>",
            "200..=299 => response.json(),",
            "_ => return response.json_error(ListThingsError::Default),",
        ],
    );
}

#[test]
fn several_success_statuses_make_an_enum() {
    let paths = "  /things:\n    post:\n      operationId: makeThing\n      responses:\n        '200':\n          description: made\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\n        '202': {description: queued}\n        2XX:\n          description: other\n          content:\n            text/plain:\n              schema: {type: string}\n";
    let out = emit(&spec(SERVER, paths, THING));
    assert_contains(
        &out.operations,
        &[
            "-> Result<MakeThingResponse, Error<std::convert::Infallible>>",
            "200 => response.json().map(MakeThingResponse::Ok),",
            "202 => Ok(MakeThingResponse::Accepted),",
            "200..=299 => response.text().map(MakeThingResponse::Status2xx),",
            "_ => return response.unexpected(),",
            "pub enum MakeThingResponse {",
            "Ok(models::Thing),",
            "Accepted,",
            "Status2xx(String),",
        ],
    );
    assert!(!out.operations.contains("MakeThingError"), "{}", out.operations);
}

#[test]
fn server_variables_fill_the_default_url() {
    let servers = "  - url: https://{tenant}.example.com/{version}/{unknown}\n    variables:\n      tenant: {default: demo}\n      version: {default: v2, enum: [v1, v2]}\n";
    let out = emit(&spec(servers, "  {}\n", "  {}\n"));
    assert_contains(
        &out.client,
        &[
            "let tenant = self.tenant.as_deref().unwrap_or(\"demo\");",
            "let version = self.version.as_str();",
            "\"https://{tenant}.example.com/{version}/{{unknown}}\"",
            "tenant: Option<String>,",
            "version: Version,",
            "pub fn tenant(mut self, value: impl Into<String>) -> Self {",
            "pub fn version(mut self, value: Version) -> Self {",
            "    V1,\n    /// `v2`\n    #[default]\n    V2,",
            "Self::V1 => \"v1\",",
        ],
    );
    assert_eq!(out.operations, "", "no operations, no module");
}

#[test]
fn generated_names_avoid_what_the_crate_already_names() {
    let servers =
        "  - url: https://{credentials}.example.com\n    variables:\n      credentials: {default: a, enum: [a, b]}\n";
    let out = emit(&spec(servers, "  {}\n", "  {}\n"));
    assert_contains(
        &out.client,
        &["credentials_2: Credentials2,", "pub fn credentials_2(mut self, value: Credentials2)"],
    );
}

#[test]
fn binary_fields_are_file_parts_however_wrapped() {
    let components = "  schemas:\n    Upload:\n      type: object\n      required: [one, many]\n      properties:\n        one: {type: string, format: binary}\n        maybe: {type: string, format: binary}\n        many: {type: array, items: {type: string, format: binary}}\n        more: {type: array, items: {type: string, format: binary}}\n        note: {type: string}\n";
    let paths = "  /upload:\n    post:\n      operationId: upload\n      requestBody:\n        required: true\n        content:\n          multipart/form-data:\n            schema: {$ref: '#/components/schemas/Upload'}\n      responses:\n        '204': {description: done}\n";
    let out = emit(&spec(SERVER, paths, components));
    assert_contains(
        &out.operations,
        &[
            "use oapi_runtime::client::{Error, Multipart, Response, Success};",
            // The client's own trait: the models crate's types are foreign to the client crate.
            "trait ToMultipart {",
            "impl ToMultipart for models::Upload {",
            "Multipart::new()",
            ".file(\"one\", &self.one)",
            ".files(\"maybe\", &self.maybe)",
            ".files(\"many\", &self.many)",
            ".files(\"more\", self.more.iter().flatten())",
            ".text(\"note\", &self.note)",
            "body: &models::Upload,",
            ".multipart(body.to_multipart())",
        ],
    );
}

#[test]
fn parameters_follow_their_location_and_style() {
    let paths = concat!(
        "  /items/{id}:\n    get:\n      operationId: getItem\n      parameters:\n",
        "        - {name: id, in: path, required: true, style: label, schema: {type: integer}}\n",
        "        - {name: ids, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: string}}}\n",
        "        - {name: q, in: query, required: true, schema: {type: string}}\n",
        "        - {name: X-Trace, in: header, schema: {type: string}}\n",
        "        - {name: flag, in: query, schema: {type: boolean}}\n",
        "      responses:\n        '204': {description: done}\n",
    );
    let out = emit(&spec(SERVER, paths, "  {}\n"));
    assert_contains(
        &out.operations,
        &[
            "use oapi_runtime::client::{Error, Response, Style, Success};",
            "pub async fn get_item(\n        &self,\n        id: i64,\n        q: &str,\n        options: GetItemOptions,\n    )",
            ".path_param_styled(\"id\", &id, Style::Label, false)",
            ".query(\"q\", q)",
            ".query_styled(\"ids\", &options.ids, Style::PipeDelimited, false)",
            ".header(\"X-Trace\", &options.x_trace)",
            ".query(\"flag\", &options.flag)",
            "pub ids: Option<Vec<String>>,",
            "pub flag: Option<bool>,",
        ],
    );
}

#[test]
fn security_requirements_become_scheme_alternatives() {
    let components = concat!(
        "  securitySchemes:\n",
        "    bearer: {type: http, scheme: bearer}\n",
        "    key: {type: apiKey, in: query, name: api_key}\n",
        "    basic: {type: http, scheme: basic}\n",
        "    unused: {type: apiKey, in: header, name: X-Unused}\n",
    );
    let paths = "  /a:\n    get:\n      operationId: a\n      security: [{bearer: []}, {key: [], basic: []}, {}]\n      responses:\n        '204': {description: done}\n";
    let out = emit(&spec(SERVER, paths, components));
    assert_contains(
        &out.operations,
        &[
            "const BEARER: Scheme = Scheme::bearer(\"bearer\");",
            "const KEY: Scheme = Scheme::api_key(\"key\", ApiKeyLocation::Query, \"api_key\", None);",
            "const BASIC: Scheme = Scheme::basic(\"basic\");",
            ".security(&[&[BEARER], &[KEY, BASIC], &[]])",
        ],
    );
    assert!(!out.operations.contains("UNUSED"), "only used schemes get constants");
    assert_contains(&out.example, &[".credentials(Credentials::bearer(\"<token>\"))"]);
}

#[test]
fn the_readme_example_calls_a_real_operation() {
    let paths = concat!(
        "  /things/{thingId}:\n    put:\n      operationId: putThing\n      parameters:\n",
        "        - {name: thingId, in: path, required: true, schema: {type: string}, example: t-1}\n",
        "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Thing'}\n",
        "      responses:\n        '204': {description: done}\n",
    );
    let out = emit(&spec("  - url: /v2\n", paths, THING));
    assert_contains(
        &out.example,
        &[
            "use t_client::{Client, models};",
            ".base_url(\"https://api.example.com/v2\")",
            "let body: models::Thing = serde_json::from_str(\"{}\")?;",
            "client.put_thing(\"t-1\", &body).await?;",
        ],
    );
}

#[test]
fn operations_declaring_the_same_errors_share_one_enum_named_after_its_variants() {
    let op = |id: &str, not_found: &str| {
        format!(
            "    {id}:\n      operationId: {id}\n      responses:\n        '204': {{description: ok}}\n        \
             '404': {{description: {not_found}}}\n        default:\n          description: failed\n          \
             content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\n"
        )
    };
    let paths = format!(
        "  /a:\n{}{}  /b:\n{}  /c:\n    get:\n      operationId: other\n      responses:\n        '204': {{description: ok}}\n        '500': {{description: down}}\n",
        op("get", "No a"),
        op("delete", "No a"),
        op("put", "No b")
    );
    let out = emit(&spec(SERVER, &paths, THING));
    let text = &out.operations;
    assert_eq!(text.matches("pub enum NotFoundOrDefault {").count(), 1, "{text}");
    // Each operation: its two methods, the exchange behind them and its decoded body.
    assert_eq!(text.matches("Error<NotFoundOrDefault>>").count(), 12, "{text}");
    // One operation alone keeps its own name.
    assert!(text.contains("pub enum OtherError {"), "{text}");
    assert_contains(
        text,
        &[
            "[`Client::get`], [`Client::delete`] and [`Client::put`] declare alike",
            "/// `404`: what it means is on each operation's method.",
            "/// Any other status (`default`): failed",
            "/// - `404`: No b",
        ],
    );
}

#[test]
fn a_shared_error_enum_names_its_first_operations_and_counts_the_rest() {
    let paths: String = (0..10)
        .map(|i| {
            format!(
                "  /p{i}:\n    get:\n      operationId: op{i}\n      responses:\n        '204': {{description: ok}}\n        \
                 '404': {{description: gone}}\n"
            )
        })
        .collect();
    let out = emit(&spec(SERVER, &paths, THING));
    let listed: Vec<String> = (0..8).map(|i| format!("[`Client::op{i}`]")).collect();
    assert_contains(
        &out.operations,
        &[&format!("The error responses {} and 2 other operations declare alike", listed.join(", "))],
    );
    let enum_doc = out.operations.lines().find(|line| line.contains("The error responses")).unwrap_or_default();
    assert!(!enum_doc.contains("op8") && !enum_doc.contains("op9"), "{enum_doc}");
}

#[test]
fn every_operation_has_a_with_response_method_with_its_declared_headers_typed() {
    let paths = concat!(
        "  /things:\n    post:\n      operationId: makeThing\n      responses:\n",
        "        '201':\n          description: made\n          headers:\n",
        "            Location: {required: true, schema: {type: string}}\n",
        "            X-Count: {schema: {type: integer}}\n",
        "        '202':\n          description: later\n          headers:\n",
        "            Location: {required: true, schema: {type: string}}\n",
        "    get:\n      operationId: makeThingWithResponse\n      responses:\n        '204': {description: ok}\n",
    );
    let out = emit(&spec(SERVER, paths, THING));
    assert_contains(
        &out.operations,
        &[
            "Success<MakeThingResponse, MakeThingResponseHeaders>",
            // Required in every success response: a plain field.
            "pub location: String,",
            "pub x_count: Option<i64>,",
            "location: response.required_header(\"Location\")?,",
            "x_count: response.header(\"X-Count\")?,",
            // An operation named like another's `_with_response` method keeps its name; the method gets a suffix.
            "pub async fn make_thing_with_response(",
            "pub async fn make_thing_with_response_2(",
            "pub async fn make_thing_with_response_with_response(",
            "-> Result<Success<()>, Error<std::convert::Infallible>>",
        ],
    );
}

#[test]
fn several_media_types_per_response_decode_by_content_type() {
    let op = |id: &str| {
        format!(
            "    {id}:\n      operationId: {id}\n      responses:\n        '200':\n          description: ok\n          \
             content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\n            \
             text/plain:\n              schema: {{type: string}}\n        '404':\n          description: gone\n          \
             content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\n            \
             application/problem+json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\n            \
             text/*:\n              schema: {{type: string}}\n"
        )
    };
    let paths = format!("  /a:\n{}{}", op("get"), op("delete"));
    let out = emit(&spec(SERVER, &paths, THING));
    let text = &out.operations;
    // Each operation's success body; the error body once, with the enum both share.
    assert_eq!(text.matches("pub enum GetOkContent {").count(), 1, "{text}");
    assert_eq!(text.matches("pub enum DeleteOkContent {").count(), 1, "{text}");
    assert_eq!(text.matches("pub enum GetNotFoundContent {").count(), 1, "{text}");
    assert!(!text.contains("DeleteNotFoundContent"), "{text}");
    assert_contains(
        text,
        &[
            "Json(models::Thing),",
            "Text(String),",
            "Json2(models::Thing),",
            ".media_index(&[\"application/json\", \"application/problem+json\", \"text/*\"], 0)",
            "Some(1) => response.json().map(Self::Json2),",
            "Some(2) => response.text().map(Self::Text),",
            "_ => response.undeclared_media_type(),",
            "200 => GetOkContent::decode(&response),",
            ".decoded_error(GetNotFoundContent::decode, NotFoundError::NotFound);",
            "NotFound(GetNotFoundContent),",
        ],
    );
}

#[test]
fn media_types_that_decode_alike_keep_one_body_type() {
    let paths = "  /a:\n    get:\n      operationId: get\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\n            application/vnd.thing+json:\n              schema: {$ref: '#/components/schemas/Thing'}\n";
    let out = emit(&spec(SERVER, paths, THING));
    assert!(!out.operations.contains("Content {"), "{}", out.operations);
    assert_contains(&out.operations, &["200 => response.json(),"]);
}

#[test]
fn requests_name_their_operation_and_escape_hatches_keep_their_names() {
    let paths = "  /h:\n    get:\n      operationId: withHeader\n      responses:\n        '204': {description: ok}\n";
    let out = emit(&spec(SERVER, paths, THING));
    assert_contains(&out.operations, &[".operation(\"withHeader\")", "pub async fn with_header_2("]);
    assert_contains(
        &out.client,
        &[
            "pub fn with_header(&self, name: &str, value: &str) -> Self {",
            "pub fn with_extension<T: Send + Sync + 'static>(&self, value: T) -> Self {",
            "pub fn hook(mut self, hook: impl Hook) -> Self {",
        ],
    );
}
