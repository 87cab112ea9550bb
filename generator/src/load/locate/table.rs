//! The OpenAPI 3.0 grammar table: each object kind's fields, what each holds, and which openapiv3 type parses it.
//!
//! Only what openapiv3 reads is described (it ignores `xml`, for instance):
//! the table explains why openapiv3 refused a document.

use serde::de::DeserializeOwned;

use super::grammar::{Field, Item, Kind, Node, ObjectGrammar, Parser, Patterned, Presence, Selector, Shape};
use super::parse::{failure_path, parses_as};

use Kind as K;
use Presence::{Defaulted, Optional, Required};
use Shape::{Any, Count, Flag, FlagOr, ListOf, MapOf, Number, Text, Word};

const fn parser<T: DeserializeOwned>() -> Parser {
    Parser { parses: parses_as::<T>, failure_path: failure_path::<T> }
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
pub(super) const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];
const PARAMETER_LOCATIONS: [&str; 4] = ["path", "query", "header", "cookie"];
const QUERY_STYLES: [&str; 4] = ["form", "spaceDelimited", "pipeDelimited", "deepObject"];
const SCHEME_TYPES: [&str; 4] = ["apiKey", "http", "oauth2", "openIdConnect"];

const fn req(key: &'static str, shape: Shape) -> Field {
    Field { key, shape, presence: Required }
}

const fn opt(key: &'static str, shape: Shape) -> Field {
    Field { key, shape, presence: Optional }
}

const fn def(key: &'static str, shape: Shape) -> Field {
    Field { key, shape, presence: Defaulted }
}

const fn one(kind: Kind) -> Shape {
    Shape::Object(Node::plain(kind))
}

const fn one_or_ref(kind: Kind) -> Shape {
    Shape::Object(Node::or_ref(kind))
}

const fn list(kind: Kind) -> Shape {
    ListOf(Item::Object(Node::plain(kind)))
}

const fn list_or_ref(kind: Kind) -> Shape {
    ListOf(Item::Object(Node::or_ref(kind)))
}

const fn map(kind: Kind) -> Shape {
    MapOf(Item::Object(Node::plain(kind)))
}

const fn map_or_ref(kind: Kind) -> Shape {
    MapOf(Item::Object(Node::or_ref(kind)))
}

const STRINGS: Shape = ListOf(Item::Text);

const fn object(kind: Kind, name: &'static str, fields: &'static [Field], parser: Parser) -> ObjectGrammar {
    ObjectGrammar {
        kind,
        name,
        shape: None,
        fields,
        selector: None,
        patterned: None,
        any_of: &[],
        buffered: false,
        parser,
    }
}

fn any_key(_: &str) -> bool {
    true
}

fn path_key(key: &str) -> bool {
    key.starts_with('/')
}

fn status_key(key: &str) -> bool {
    !key.starts_with("x-")
}

/// `parts` one after the other: fields several kinds share, listed once.
const fn concat<const N: usize>(parts: &[&[Field]]) -> [Field; N] {
    let mut out = [opt("", Any); N];
    let (mut part, mut at) = (0, 0);
    while part < parts.len() {
        let mut i = 0;
        while i < parts[part].len() {
            out[at] = parts[part][i];
            at += 1;
            i += 1;
        }
        part += 1;
    }
    assert!(at == N, "the length of a concatenation is the sum of its parts'");
    out
}

/// The fields a parameter and a header share.
const PARAMETER_OR_HEADER: [Field; 8] = [
    opt("description", Text),
    def("required", Flag),
    opt("deprecated", Flag),
    // Alternatives: either may be null or absent beside the other.
    opt("schema", one_or_ref(K::Schema)),
    opt("content", map(K::MediaType)),
    opt("example", Any),
    def("examples", map_or_ref(K::Example)),
    opt("explode", Flag),
];

const PARAMETER: [Field; 10] =
    concat(&[&[req("name", Text), req("in", Word(&PARAMETER_LOCATIONS))], &PARAMETER_OR_HEADER]);

const HEADER: [Field; 9] = concat(&[&[def("style", Word(&["simple"]))], &PARAMETER_OR_HEADER]);

/// An operation under each method's name, as a path item holds them.
const OPERATIONS: [Field; METHODS.len()] = {
    let mut fields = [opt("", Any); METHODS.len()];
    let mut i = 0;
    while i < METHODS.len() {
        fields[i] = opt(METHODS[i], one(K::Operation));
        i += 1;
    }
    fields
};

const PATH_ITEM: [Field; 12] = concat(&[
    &[opt("summary", Text), opt("description", Text)],
    &OPERATIONS,
    &[def("servers", list(K::Server)), def("parameters", list_or_ref(K::Parameter))],
]);

/// An OAuth flow: the URLs of its kind, and the scopes it grants.
const fn flow(kind: Kind, fields: &'static [Field], parser: Parser) -> ObjectGrammar {
    object(kind, "OAuth flow", fields, parser)
}

const SCOPES: Field = req("scopes", MapOf(Item::Text));

/// The fields of the flows that get their token from `tokenUrl` alone.
const TOKEN_FLOW: &[Field] = &[opt("refreshUrl", Text), req("tokenUrl", Text), SCOPES];

/// The grammar, in the order of [`Kind`].
pub(super) static GRAMMAR: [ObjectGrammar; 31] = [
    object(
        K::Document,
        "OpenAPI document",
        &[
            req("openapi", Text),
            req("info", one(K::Info)),
            def("servers", list(K::Server)),
            req("paths", one(K::Paths)),
            opt("components", one(K::Components)),
            opt("security", list(K::SecurityRequirement)),
            def("tags", list(K::Tag)),
            opt("externalDocs", one(K::ExternalDocs)),
        ],
        parser::<openapiv3::OpenAPI>(),
    ),
    object(
        K::Info,
        "info object",
        &[
            req("title", Text),
            opt("description", Text),
            opt("termsOfService", Text),
            opt("contact", one(K::Contact)),
            opt("license", one(K::License)),
            req("version", Text),
        ],
        parser::<openapiv3::Info>(),
    ),
    object(
        K::Contact,
        "contact object",
        &[opt("name", Text), opt("url", Text), opt("email", Text)],
        parser::<openapiv3::Contact>(),
    ),
    object(K::License, "license object", &[req("name", Text), opt("url", Text)], parser::<openapiv3::License>()),
    object(
        K::Server,
        "server object",
        &[req("url", Text), opt("description", Text), opt("variables", map(K::ServerVariable))],
        parser::<openapiv3::Server>(),
    ),
    object(
        K::ServerVariable,
        "server variable",
        &[def("enum", STRINGS), req("default", Text), opt("description", Text)],
        parser::<openapiv3::ServerVariable>(),
    ),
    object(
        K::Tag,
        "tag object",
        &[req("name", Text), opt("description", Text), opt("externalDocs", one(K::ExternalDocs))],
        parser::<openapiv3::Tag>(),
    ),
    object(
        K::ExternalDocs,
        "external documentation object",
        &[opt("description", Text), req("url", Text)],
        parser::<openapiv3::ExternalDocumentation>(),
    ),
    ObjectGrammar {
        shape: Some("a mapping of paths to path items"),
        patterned: Some(Patterned { keys: path_key, example: "/a", shape: one_or_ref(K::PathItem) }),
        buffered: true,
        ..object(K::Paths, "paths object", &[], parser::<openapiv3::Paths>())
    },
    object(K::PathItem, "path item", &PATH_ITEM, parser::<openapiv3::PathItem>()),
    object(
        K::Operation,
        "operation",
        &[
            def("tags", STRINGS),
            opt("summary", Text),
            opt("description", Text),
            opt("externalDocs", one(K::ExternalDocs)),
            opt("operationId", Text),
            def("parameters", list_or_ref(K::Parameter)),
            opt("requestBody", one_or_ref(K::RequestBody)),
            req("responses", one(K::Responses)),
            def("callbacks", map(K::Callback)),
            def("deprecated", Flag),
            opt("security", list(K::SecurityRequirement)),
            def("servers", list(K::Server)),
        ],
        parser::<openapiv3::Operation>(),
    ),
    ObjectGrammar {
        selector: Some(Selector {
            key: "in",
            cases: &[
                ("path", &[def("style", Word(&["matrix", "label", "simple"]))]),
                (
                    "query",
                    &[def("allowReserved", Flag), def("style", Word(&QUERY_STYLES)), opt("allowEmptyValue", Flag)],
                ),
                ("header", &[def("style", Word(&["simple"]))]),
                ("cookie", &[def("style", Word(&["form"]))]),
            ],
        }),
        any_of: &["schema", "content"],
        ..object(K::Parameter, "parameter", &PARAMETER, parser::<openapiv3::Parameter>())
    },
    object(
        K::RequestBody,
        "request body",
        &[opt("description", Text), def("content", map(K::MediaType)), def("required", Flag)],
        parser::<openapiv3::RequestBody>(),
    ),
    ObjectGrammar {
        shape: Some("a mapping of status codes to responses"),
        patterned: Some(Patterned { keys: status_key, example: "200", shape: one_or_ref(K::Response) }),
        buffered: true,
        ..object(
            K::Responses,
            "responses object",
            &[opt("default", one_or_ref(K::Response))],
            parser::<openapiv3::Responses>(),
        )
    },
    object(
        K::Response,
        "response",
        &[
            req("description", Text),
            def("headers", map_or_ref(K::Header)),
            def("content", map(K::MediaType)),
            def("links", map_or_ref(K::Link)),
        ],
        parser::<openapiv3::Response>(),
    ),
    ObjectGrammar {
        any_of: &["schema", "content"],
        ..object(K::Header, "header", &HEADER, parser::<openapiv3::Header>())
    },
    object(
        K::MediaType,
        "media type object",
        &[
            opt("schema", one_or_ref(K::Schema)),
            opt("example", Any),
            def("examples", map_or_ref(K::Example)),
            def("encoding", map(K::Encoding)),
        ],
        parser::<openapiv3::MediaType>(),
    ),
    object(
        K::Encoding,
        "encoding object",
        &[
            opt("contentType", Text),
            def("headers", map_or_ref(K::Header)),
            opt("style", Word(&QUERY_STYLES)),
            def("explode", Flag),
            def("allowReserved", Flag),
        ],
        parser::<openapiv3::Encoding>(),
    ),
    object(
        K::Schema,
        "schema",
        &[
            opt("type", Word(&TYPES)),
            opt("format", Text),
            opt("pattern", Text),
            opt("title", Text),
            opt("description", Text),
            opt("maxLength", Count),
            opt("minLength", Count),
            opt("maxItems", Count),
            opt("minItems", Count),
            opt("maxProperties", Count),
            opt("minProperties", Count),
            opt("minimum", Number),
            opt("maximum", Number),
            opt("multipleOf", Number),
            opt("exclusiveMinimum", Flag),
            opt("exclusiveMaximum", Flag),
            def("nullable", Flag),
            def("readOnly", Flag),
            def("writeOnly", Flag),
            def("deprecated", Flag),
            opt("uniqueItems", Flag),
            opt("required", STRINGS),
            opt("properties", map_or_ref(K::Schema)),
            opt("additionalProperties", FlagOr(Node::or_ref(K::Schema))),
            opt("items", one_or_ref(K::Schema)),
            opt("not", one_or_ref(K::Schema)),
            opt("allOf", list_or_ref(K::Schema)),
            opt("oneOf", list_or_ref(K::Schema)),
            opt("anyOf", list_or_ref(K::Schema)),
            opt("enum", ListOf(Item::Any)),
            opt("discriminator", one(K::Discriminator)),
            opt("externalDocs", one(K::ExternalDocs)),
            opt("example", Any),
            opt("default", Any),
        ],
        parser::<openapiv3::Schema>(),
    ),
    object(
        K::Discriminator,
        "discriminator",
        &[req("propertyName", Text), def("mapping", MapOf(Item::Text))],
        parser::<openapiv3::Discriminator>(),
    ),
    object(
        K::Components,
        "components object",
        &[
            def("schemas", map_or_ref(K::Schema)),
            def("responses", map_or_ref(K::Response)),
            def("parameters", map_or_ref(K::Parameter)),
            def("examples", map_or_ref(K::Example)),
            def("requestBodies", map_or_ref(K::RequestBody)),
            def("headers", map_or_ref(K::Header)),
            def("securitySchemes", map_or_ref(K::SecurityScheme)),
            def("links", map_or_ref(K::Link)),
            def("callbacks", map_or_ref(K::Callback)),
        ],
        parser::<openapiv3::Components>(),
    ),
    ObjectGrammar {
        selector: Some(Selector {
            key: "type",
            cases: &[
                ("apiKey", &[req("name", Text), req("in", Word(&["query", "header", "cookie"]))]),
                ("http", &[req("scheme", Text), opt("bearerFormat", Text)]),
                ("oauth2", &[req("flows", one(K::OAuthFlows))]),
                ("openIdConnect", &[req("openIdConnectUrl", Text)]),
            ],
        }),
        ..object(
            K::SecurityScheme,
            "security scheme",
            &[req("type", Word(&SCHEME_TYPES)), opt("description", Text)],
            parser::<openapiv3::SecurityScheme>(),
        )
    },
    object(
        K::OAuthFlows,
        "OAuth flows object",
        &[
            opt("implicit", one(K::ImplicitFlow)),
            opt("password", one(K::PasswordFlow)),
            opt("clientCredentials", one(K::ClientCredentialsFlow)),
            opt("authorizationCode", one(K::AuthorizationCodeFlow)),
        ],
        parser::<openapiv3::OAuth2Flows>(),
    ),
    flow(
        K::ImplicitFlow,
        &[req("authorizationUrl", Text), opt("refreshUrl", Text), SCOPES],
        parser::<openapiv3::ImplicitOAuth2Flow>(),
    ),
    flow(K::PasswordFlow, TOKEN_FLOW, parser::<openapiv3::PasswordOAuth2Flow>()),
    flow(K::ClientCredentialsFlow, TOKEN_FLOW, parser::<openapiv3::ClientCredentialsOAuth2Flow>()),
    flow(
        K::AuthorizationCodeFlow,
        &[req("authorizationUrl", Text), req("tokenUrl", Text), opt("refreshUrl", Text), SCOPES],
        parser::<openapiv3::AuthorizationCodeOAuth2Flow>(),
    ),
    ObjectGrammar {
        shape: Some("a security requirement (a mapping of scheme names to lists of scopes)"),
        patterned: Some(Patterned { keys: any_key, example: "key", shape: STRINGS }),
        ..object(K::SecurityRequirement, "security requirement", &[], parser::<openapiv3::SecurityRequirement>())
    },
    object(
        K::Example,
        "example object",
        &[opt("summary", Text), opt("description", Text), opt("value", Any), opt("externalValue", Text)],
        parser::<openapiv3::Example>(),
    ),
    ObjectGrammar {
        any_of: &["operationRef", "operationId"],
        ..object(
            K::Link,
            "link object",
            &[
                opt("operationRef", Text),
                opt("operationId", Text),
                opt("description", Text),
                opt("requestBody", Any),
                def("parameters", MapOf(Item::Any)),
                opt("server", one(K::Server)),
            ],
            parser::<openapiv3::Link>(),
        )
    },
    ObjectGrammar {
        shape: Some("a callback (a mapping of expressions to path items)"),
        patterned: Some(Patterned { keys: any_key, example: "{$url}", shape: one(K::PathItem) }),
        ..object(K::Callback, "callback", &[], parser::<openapiv3::Callback>())
    },
];
