//! Finding where a spec really goes wrong when `openapiv3` refuses it.
//!
//! openapiv3 parses many nodes through untagged enums (`ReferenceOr`,
//! `SchemaKind`, ...) and flattened fields, for which serde buffers the input:
//! the path `serde_path_to_error` records then stops at the nearest such node,
//! and the message says only that "no variant matched". This module is used on
//! the failure path only. Knowing the OpenAPI 3.0 object type of each node from
//! its position (the parent's type and the key it sits under), it parses the
//! nodes below the coarse location one by one, descends into the children of
//! every node that fails, and reports the deepest failing node, checking its
//! keywords itself so that the message says what was expected there.

use std::panic::{AssertUnwindSafe, catch_unwind};

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use super::{describe_shape_error, escape_token, strip_location, tokens_of};

/// How deep below the document root the search goes; deeper nodes are judged
/// as a whole.
const MAX_DEPTH: usize = 64;

/// The deepest failing node below `coarse_pointer` (where serde's path
/// stopped) in `document`, as a JSON pointer and a message saying what was
/// expected there. Falls back to the coarse location, with `coarse_message`
/// reworded, when no node below it fails on its own.
pub(super) fn locate(document: &Value, coarse_pointer: &str, coarse_message: &str) -> (String, String) {
    let tokens = parse_pointer(coarse_pointer);
    let (start, consumed) = resolve(document, &tokens);
    if let Some(found) = probe(start.value, start.node, &start.place, consumed.min(MAX_DEPTH), &tokens[consumed..]) {
        return (found.pointer, found.message);
    }
    // The coarse node parses on its own (its failure depends on its context):
    // look from the top instead.
    if consumed > 0
        && let Some(found) = probe(document, Node::plain(Kind::Document), &Place::root(), 0, &tokens)
    {
        return (found.pointer, found.message);
    }
    (coarse_pointer.to_owned(), polish(coarse_message, tokens.last().map(String::as_str)))
}

/// The OpenAPI 3.0 object types whose position is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Info,
    Server,
    Tag,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Encoding,
    Schema,
    Components,
    SecurityScheme,
    SecurityRequirement,
    Example,
    Link,
    Callback,
}

impl Kind {
    /// What a node of this kind must be, for "expected X to be ...".
    fn shape(self) -> &'static str {
        match self {
            Kind::Document => "an OpenAPI document (a mapping)",
            Kind::Info => "an info object (a mapping)",
            Kind::Server => "a server object (a mapping)",
            Kind::Tag => "a tag object (a mapping)",
            Kind::Paths => "a mapping of paths to path items",
            Kind::PathItem => "a path item (a mapping)",
            Kind::Operation => "an operation (a mapping)",
            Kind::Parameter => "a parameter (a mapping)",
            Kind::RequestBody => "a request body (a mapping)",
            Kind::Responses => "a mapping of status codes to responses",
            Kind::Response => "a response (a mapping)",
            Kind::Header => "a header (a mapping)",
            Kind::MediaType => "a media type object (a mapping)",
            Kind::Encoding => "an encoding object (a mapping)",
            Kind::Schema => "a schema (a mapping)",
            Kind::Components => "a components object (a mapping)",
            Kind::SecurityScheme => "a security scheme (a mapping)",
            Kind::SecurityRequirement => "a security requirement (a mapping of scheme names to lists of scopes)",
            Kind::Example => "an example object (a mapping)",
            Kind::Link => "a link object (a mapping)",
            Kind::Callback => "a callback (a mapping of expressions to path items)",
        }
    }
}

/// A node's kind, and whether it may be a `$ref` instead.
#[derive(Debug, Clone, Copy)]
struct Node {
    kind: Kind,
    refable: bool,
}

impl Node {
    const fn plain(kind: Kind) -> Self {
        Self { kind, refable: false }
    }

    const fn or_ref(kind: Kind) -> Self {
        Self { kind, refable: true }
    }
}

/// How the value under a key holds nodes of a known kind.
enum Slot {
    /// The value is the node.
    One(Node),
    /// The value is a list of nodes.
    List(Node),
    /// The value is a mapping from names to nodes.
    Map(Node),
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The table of positions: what the value under `key` holds in a node of
/// kind `parent`.
fn slot(parent: Kind, key: &str, value: &Value) -> Option<Slot> {
    use Kind::*;
    use Slot::{List, Map, One};
    let slot = match (parent, key) {
        (Document, "info") => One(Node::plain(Info)),
        (Document, "servers") | (PathItem | Operation, "servers") => List(Node::plain(Server)),
        (Document, "paths") => One(Node::plain(Paths)),
        (Document, "components") => One(Node::plain(Components)),
        (Document | Operation, "security") => List(Node::plain(SecurityRequirement)),
        (Document, "tags") => List(Node::plain(Tag)),
        (Paths, path) if path.starts_with('/') => One(Node::or_ref(PathItem)),
        (PathItem, method) if METHODS.contains(&method) => One(Node::plain(Operation)),
        (PathItem | Operation, "parameters") => List(Node::or_ref(Parameter)),
        (Operation, "requestBody") => One(Node::or_ref(RequestBody)),
        (Operation, "responses") => One(Node::plain(Responses)),
        (Operation, "callbacks") => Map(Node::plain(Callback)),
        (Responses, code) if !code.starts_with("x-") => One(Node::or_ref(Response)),
        (Response | Encoding, "headers") => Map(Node::or_ref(Header)),
        (Response | RequestBody | Parameter | Header, "content") => Map(Node::plain(MediaType)),
        (Response, "links") => Map(Node::or_ref(Link)),
        (Parameter | Header | MediaType, "schema") => One(Node::or_ref(Schema)),
        (Parameter | Header | MediaType, "examples") => Map(Node::or_ref(Example)),
        (MediaType, "encoding") => Map(Node::plain(Encoding)),
        (Schema, "properties") => Map(Node::or_ref(Schema)),
        (Schema, "items" | "not") => One(Node::or_ref(Schema)),
        (Schema, "additionalProperties") if value.as_mapping().is_some() => One(Node::or_ref(Schema)),
        (Schema, "allOf" | "oneOf" | "anyOf") => List(Node::or_ref(Schema)),
        (Components, "schemas") => Map(Node::or_ref(Schema)),
        (Components, "responses") => Map(Node::or_ref(Response)),
        (Components, "parameters") => Map(Node::or_ref(Parameter)),
        (Components, "examples") => Map(Node::or_ref(Example)),
        (Components, "requestBodies") => Map(Node::or_ref(RequestBody)),
        (Components, "headers") => Map(Node::or_ref(Header)),
        (Components, "securitySchemes") => Map(Node::or_ref(SecurityScheme)),
        (Components, "links") => Map(Node::or_ref(Link)),
        (Components, "callbacks") => Map(Node::or_ref(Callback)),
        (Callback, _) => One(Node::plain(PathItem)),
        (Link, "server") => One(Node::plain(Server)),
        _ => return None,
    };
    Some(slot)
}

/// Parse `value` alone as a node of this kind.
fn parse(node: Node, value: &Value) -> Result<(), Failure> {
    fn as_<T: DeserializeOwned>(node: Node, value: &Value) -> Result<(), Failure> {
        if node.refable { parse_as::<ReferenceOr<T>>(value) } else { parse_as::<T>(value) }
    }
    match node.kind {
        Kind::Document => as_::<openapiv3::OpenAPI>(node, value),
        Kind::Info => as_::<openapiv3::Info>(node, value),
        Kind::Server => as_::<openapiv3::Server>(node, value),
        Kind::Tag => as_::<openapiv3::Tag>(node, value),
        Kind::Paths => as_::<openapiv3::Paths>(node, value),
        Kind::PathItem => as_::<openapiv3::PathItem>(node, value),
        Kind::Operation => as_::<openapiv3::Operation>(node, value),
        Kind::Parameter => as_::<openapiv3::Parameter>(node, value),
        Kind::RequestBody => as_::<openapiv3::RequestBody>(node, value),
        Kind::Responses => as_::<openapiv3::Responses>(node, value),
        Kind::Response => as_::<openapiv3::Response>(node, value),
        Kind::Header => as_::<openapiv3::Header>(node, value),
        Kind::MediaType => as_::<openapiv3::MediaType>(node, value),
        Kind::Encoding => as_::<openapiv3::Encoding>(node, value),
        Kind::Schema => as_::<openapiv3::Schema>(node, value),
        Kind::Components => as_::<openapiv3::Components>(node, value),
        Kind::SecurityScheme => as_::<openapiv3::SecurityScheme>(node, value),
        Kind::SecurityRequirement => as_::<openapiv3::SecurityRequirement>(node, value),
        Kind::Example => as_::<openapiv3::Example>(node, value),
        Kind::Link => as_::<openapiv3::Link>(node, value),
        Kind::Callback => as_::<openapiv3::Callback>(node, value),
    }
}

/// Why a node did not parse: the path below it serde recorded, and its message.
struct Failure {
    tokens: Vec<String>,
    message: String,
}

fn parse_as<T: DeserializeOwned>(value: &Value) -> Result<(), Failure> {
    // openapiv3 has `unwrap`s in its hand-written deserializers; whatever they
    // do on odd input, a diagnostic must still come out.
    match catch_unwind(AssertUnwindSafe(|| serde_path_to_error::deserialize::<_, T>(value).map(drop))) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(Failure { tokens: tokens_of(e.path()), message: e.inner().to_string() }),
        Err(_) => Err(Failure { tokens: Vec::new(), message: "the OpenAPI parser failed on this value".to_owned() }),
    }
}

/// A node's pointer, and how to name it in a message.
#[derive(Debug, Clone)]
struct Place {
    pointer: String,
    subject: String,
}

impl Place {
    fn root() -> Self {
        Self { pointer: String::new(), subject: "the document".to_owned() }
    }

    fn below(&self, tokens: &[String], subject: String) -> Self {
        let mut pointer = self.pointer.clone();
        for token in tokens {
            pointer.push('/');
            pointer.push_str(&escape_token(token));
        }
        Self { pointer, subject }
    }

    fn finding(&self, message: impl Into<String>) -> Finding {
        Finding { pointer: self.pointer.clone(), message: message.into() }
    }
}

/// A located message.
struct Finding {
    pointer: String,
    message: String,
}

/// A node of known kind right below another (one or two pointer tokens down).
struct Child<'a> {
    tokens: Vec<String>,
    value: &'a Value,
    node: Node,
    subject: String,
}

/// The nodes of known kind right below `value`, in document order. Null values
/// are left out: in most positions they mean "absent".
fn children(value: &Value, node: Node) -> Vec<Child<'_>> {
    let mut out = Vec::new();
    let Some(map) = value.as_mapping() else { return out };
    for (key, value) in map {
        let Some(key) = key_token(key) else { continue };
        if value.is_null() {
            continue;
        }
        match slot(node.kind, &key, value) {
            Some(Slot::One(child)) => {
                let subject = format!("`{key}`");
                out.push(Child { tokens: vec![key], value, node: child, subject });
            }
            Some(Slot::List(child)) => {
                for (i, item) in value.as_sequence().into_iter().flatten().enumerate() {
                    if !item.is_null() {
                        let subject = format!("entry {i} of `{key}`");
                        out.push(Child { tokens: vec![key.clone(), i.to_string()], value: item, node: child, subject });
                    }
                }
            }
            Some(Slot::Map(child)) => {
                for (name, item) in value.as_mapping().into_iter().flatten() {
                    let Some(name) = key_token(name) else { continue };
                    if !item.is_null() {
                        let subject = format!("`{name}`");
                        out.push(Child { tokens: vec![key.clone(), name], value: item, node: child, subject });
                    }
                }
            }
            None => {}
        }
    }
    out
}

/// A mapping key as a pointer token, if it is a scalar.
fn key_token(key: &Value) -> Option<String> {
    match untag(key) {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some("null".to_owned()),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => None,
    }
}

fn untag(mut value: &Value) -> &Value {
    while let Value::Tagged(tagged) = value {
        value = &tagged.value;
    }
    value
}

/// The deepest node of known kind on the path `tokens`, and how many tokens
/// lead to it.
fn resolve<'a>(document: &'a Value, tokens: &[String]) -> (Start<'a>, usize) {
    let mut start = Start { value: document, node: Node::plain(Kind::Document), place: Place::root() };
    let mut consumed = 0;
    while consumed < tokens.len() {
        let rest = &tokens[consumed..];
        let Some(child) = children(start.value, start.node).into_iter().find(|c| rest.starts_with(&c.tokens)) else {
            break;
        };
        consumed += child.tokens.len();
        start = Start { value: child.value, node: child.node, place: start.place.below(&child.tokens, child.subject) };
    }
    (start, consumed)
}

struct Start<'a> {
    value: &'a Value,
    node: Node,
    place: Place,
}

/// The deepest failing node at or below `value`, if it fails; children on the
/// path `prefer` (where serde stopped) are tried first.
fn probe(value: &Value, node: Node, place: &Place, depth: usize, prefer: &[String]) -> Option<Finding> {
    let failure = parse(node, value).err()?;
    if let Some(found) = check_shape(value, node, place) {
        return Some(found);
    }
    if depth < MAX_DEPTH {
        let mut children = children(value, node);
        if let Some(i) = children.iter().position(|c| !c.tokens.is_empty() && prefer.starts_with(&c.tokens)) {
            let child = children.remove(i);
            let rest = &prefer[child.tokens.len()..];
            let child_place = place.below(&child.tokens, child.subject);
            if let Some(found) = probe(child.value, child.node, &child_place, depth + 1, rest) {
                return Some(found);
            }
        }
        for child in children {
            let child_place = place.below(&child.tokens, child.subject);
            if let Some(found) = probe(child.value, child.node, &child_place, depth + 1, &[]) {
                return Some(found);
            }
        }
    }
    Some(check_keywords(value, node, place).unwrap_or_else(|| from_serde(place, &failure)))
}

/// A node that is not a mapping, or a `$ref` that is not a string.
fn check_shape(value: &Value, node: Node, place: &Place) -> Option<Finding> {
    let Some(map) = value.as_mapping() else {
        let mut message = format!("expected {} to be {}, found {}", place.subject, node.kind.shape(), found(value));
        if let Value::String(s) = untag(value) {
            if node.kind == Kind::Schema && TYPES.contains(&s.as_str()) {
                message.push_str(&format!(" (write `{{type: {s}}}`)"));
            } else if node.refable && (s.starts_with('#') || s.contains(".yaml") || s.contains(".json")) {
                message.push_str(&format!(" (write a reference as `$ref: '{s}'`)"));
            }
        }
        return Some(place.finding(message));
    };
    if node.refable
        && let Some(reference) = map.get("$ref")
        && !matches!(untag(reference), Value::String(_))
    {
        let at = place.below(&["$ref".to_owned()], String::new());
        return Some(at.finding(format!("expected `$ref` to be a string, found {}", found(reference))));
    }
    None
}

/// The first keyword of a failing node with a value of the wrong type, in
/// document order, then the first missing required field.
fn check_keywords(value: &Value, node: Node, place: &Place) -> Option<Finding> {
    let map = value.as_mapping()?;
    for (key, value) in map {
        let Some(key) = key.as_str() else { continue };
        let value = untag(value);
        if value.is_null() || key.starts_with("x-") {
            continue;
        }
        let Some(expect) = expectation(node.kind, key, map) else { continue };
        if let Some((tokens, message)) = expect.check(key, value) {
            return Some(place.below(&tokens, String::new()).finding(message));
        }
    }
    missing_field(node.kind, map).map(|message| place.finding(message))
}

const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];
const PARAMETER_LOCATIONS: [&str; 4] = ["path", "query", "header", "cookie"];

/// What a keyword's value must be.
#[derive(Debug, Clone, Copy)]
enum Expect {
    String,
    Boolean,
    /// A non-negative integer.
    Count,
    /// A finite number.
    Number,
    List,
    ListOfStrings,
    /// Any mapping.
    Mapping,
    /// A mapping with string keys.
    NamedMapping,
    OneOf(&'static [&'static str]),
    BooleanOrSchema,
    Discriminator,
}

/// What the keyword `key` of a node of kind `kind` must be.
fn expectation(kind: Kind, key: &str, map: &Mapping) -> Option<Expect> {
    use Expect::*;
    let text = |field: &str| map.get(field).and_then(Value::as_str);
    let expect = match (kind, key) {
        (_, "$ref") => String,
        (Kind::Document, "openapi") => String,
        (Kind::Document, "info" | "components" | "externalDocs" | "paths") => Mapping,
        (Kind::Document, "servers" | "security" | "tags") => List,
        (Kind::Info, "title" | "version" | "description" | "termsOfService") => String,
        (Kind::Info, "contact" | "license") => Mapping,
        (Kind::Server, "url" | "description") => String,
        (Kind::Server, "variables") => NamedMapping,
        (Kind::Tag, "name" | "description") => String,
        (Kind::Tag, "externalDocs") => Mapping,
        (Kind::Paths, path) if path.starts_with('/') => Mapping,
        (Kind::PathItem, "summary" | "description") => String,
        (Kind::PathItem, "parameters" | "servers") => List,
        (Kind::PathItem, method) if METHODS.contains(&method) => Mapping,
        (Kind::Operation, "summary" | "description" | "operationId") => String,
        (Kind::Operation, "tags") => ListOfStrings,
        (Kind::Operation, "parameters" | "security" | "servers") => List,
        (Kind::Operation, "requestBody" | "responses" | "externalDocs") => Mapping,
        (Kind::Operation, "callbacks") => NamedMapping,
        (Kind::Operation, "deprecated") => Boolean,
        (Kind::Parameter, "in") => OneOf(&PARAMETER_LOCATIONS),
        (Kind::Parameter, "name" | "description") => String,
        (Kind::Parameter, "required" | "deprecated" | "allowEmptyValue" | "allowReserved" | "explode") => Boolean,
        (Kind::Parameter, "style") => OneOf(match text("in")? {
            "path" => &["matrix", "label", "simple"],
            "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
            "header" => &["simple"],
            "cookie" => &["form"],
            _ => return None,
        }),
        (Kind::Header, "description") => String,
        (Kind::Header, "required" | "deprecated" | "explode") => Boolean,
        (Kind::Header, "style") => OneOf(&["simple"]),
        (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => Mapping,
        (Kind::Parameter | Kind::Header | Kind::MediaType, "examples") => NamedMapping,
        (Kind::Parameter | Kind::Header | Kind::Response | Kind::RequestBody, "content") => NamedMapping,
        (Kind::MediaType, "encoding") => NamedMapping,
        (Kind::RequestBody, "description") => String,
        (Kind::RequestBody, "required") => Boolean,
        (Kind::Responses, code) if !code.starts_with("x-") => Mapping,
        (Kind::Response, "description") => String,
        (Kind::Response, "headers" | "links") => NamedMapping,
        (Kind::Encoding, "contentType") => String,
        (Kind::Encoding, "headers") => NamedMapping,
        (Kind::Encoding, "style") => OneOf(&["form", "spaceDelimited", "pipeDelimited", "deepObject"]),
        (Kind::Encoding, "explode" | "allowReserved") => Boolean,
        (Kind::Schema, "type") => OneOf(&TYPES),
        (Kind::Schema, "format" | "pattern" | "title" | "description") => String,
        (
            Kind::Schema,
            "maxLength" | "minLength" | "maxItems" | "minItems" | "maxProperties" | "minProperties",
        ) => Count,
        (Kind::Schema, "minimum" | "maximum" | "multipleOf") => Number,
        (
            Kind::Schema,
            "exclusiveMinimum" | "exclusiveMaximum" | "nullable" | "readOnly" | "writeOnly" | "uniqueItems"
            | "deprecated",
        ) => Boolean,
        (Kind::Schema, "required") => ListOfStrings,
        (Kind::Schema, "properties") => NamedMapping,
        (Kind::Schema, "enum" | "allOf" | "oneOf" | "anyOf") => List,
        (Kind::Schema, "items" | "not" | "externalDocs") => Mapping,
        (Kind::Schema, "additionalProperties") => BooleanOrSchema,
        (Kind::Schema, "discriminator") => Discriminator,
        (Kind::Components, _) => NamedMapping,
        (Kind::SecurityScheme, "type") => OneOf(&["apiKey", "http", "oauth2", "openIdConnect"]),
        (Kind::SecurityScheme, "description") => String,
        (Kind::SecurityScheme, "in") if text("type") == Some("apiKey") => OneOf(&["query", "header", "cookie"]),
        (Kind::SecurityScheme, "name") if text("type") == Some("apiKey") => String,
        (Kind::SecurityScheme, "scheme" | "bearerFormat") if text("type") == Some("http") => String,
        (Kind::SecurityScheme, "flows") if text("type") == Some("oauth2") => Mapping,
        (Kind::SecurityScheme, "openIdConnectUrl") if text("type") == Some("openIdConnect") => String,
        (Kind::SecurityRequirement, _) => ListOfStrings,
        (Kind::Example, "summary" | "description" | "externalValue") => String,
        (Kind::Link, "operationRef" | "operationId" | "description") => String,
        (Kind::Link, "parameters") => NamedMapping,
        (Kind::Link, "server") => Mapping,
        (Kind::Callback, _) => Mapping,
        _ => return None,
    };
    Some(expect)
}

impl Expect {
    /// Whether `value` (not null) is fine for keyword `key`; if not, the
    /// tokens below the node where the problem is, and what was expected.
    fn check(self, key: &str, value: &Value) -> Option<(Vec<String>, String)> {
        let here = || vec![key.to_owned()];
        let wrong = |what: &str| Some((here(), format!("expected `{key}` to be {what}, found {}", found(value))));
        match self {
            Expect::String => match value {
                Value::String(_) => None,
                Value::Number(_) | Value::Bool(_) => Some((
                    here(),
                    format!("expected `{key}` to be a string, found {} (quote it to make it a string)", found(value)),
                )),
                _ => wrong("a string"),
            },
            Expect::Boolean => match value {
                Value::Bool(_) => None,
                Value::String(s) if ["yes", "no", "on", "off", "y", "n"].contains(&s.to_lowercase().as_str()) => {
                    Some((here(), format!("expected `{key}` to be a boolean, found the string `{s}` (write true or false)")))
                }
                _ => wrong("a boolean"),
            },
            Expect::Count => match value {
                Value::Number(n) if n.as_u64().is_some_and(|n| usize::try_from(n).is_ok()) => None,
                _ => wrong("a non-negative integer"),
            },
            Expect::Number => match value {
                Value::Number(n) if n.is_finite() => None,
                _ => wrong("a number"),
            },
            Expect::List => match value {
                Value::Sequence(_) => None,
                _ => wrong("a list"),
            },
            Expect::ListOfStrings => {
                let Value::Sequence(items) = value else {
                    let hint = if key == "required" && matches!(value, Value::Bool(_)) {
                        " (in OpenAPI 3.0, the object schema lists the names of its required properties)"
                    } else {
                        ""
                    };
                    return Some((here(), format!("expected `{key}` to be a list of strings, found {}{hint}", found(value))));
                };
                items.iter().enumerate().find(|(_, item)| !matches!(untag(item), Value::String(_))).map(|(i, item)| {
                    (
                        vec![key.to_owned(), i.to_string()],
                        format!("expected entry {i} of `{key}` to be a string, found {}", found(item)),
                    )
                })
            }
            Expect::Mapping => match value {
                Value::Mapping(_) => None,
                _ => wrong("a mapping"),
            },
            Expect::NamedMapping => {
                let Value::Mapping(map) = value else { return wrong("a mapping") };
                map.keys().find(|name| !matches!(untag(name), Value::String(_))).map(|name| {
                    let token = key_token(name).unwrap_or_default();
                    (
                        vec![key.to_owned(), token.clone()],
                        format!("expected the names in `{key}` to be strings, found {} (quote it)", found(name)),
                    )
                })
            }
            Expect::OneOf(allowed) => {
                let list = allowed.join(", ");
                match value {
                    Value::String(s) if allowed.contains(&s.as_str()) => None,
                    Value::String(s) => Some((
                        here(),
                        format!("expected `{key}` to be one of {list}, found `{s}`{}", one_of_hint(key, s)),
                    )),
                    Value::Sequence(_) if key == "type" => Some((
                        here(),
                        format!(
                            "expected `{key}` to be one of {list}, found a list \
                             (OpenAPI 3.0 allows one type; use `nullable: true` for null)"
                        ),
                    )),
                    _ => wrong(&format!("one of {list}")),
                }
            }
            Expect::BooleanOrSchema => match value {
                Value::Bool(_) | Value::Mapping(_) => None,
                _ => wrong("a boolean or a schema (a mapping)"),
            },
            Expect::Discriminator => {
                let Value::Mapping(map) = value else { return wrong("a mapping") };
                match map.get("propertyName").map(untag) {
                    None | Some(Value::Null) => {
                        return Some((here(), "expected `discriminator` to have a `propertyName` field".to_owned()));
                    }
                    Some(Value::String(_)) => {}
                    Some(other) => {
                        return Some((
                            vec![key.to_owned(), "propertyName".to_owned()],
                            format!("expected `propertyName` to be a string, found {}", found(other)),
                        ));
                    }
                }
                let mapping = map.get("mapping").map(untag)?;
                let Value::Mapping(entries) = mapping else {
                    return Some((
                        vec![key.to_owned(), "mapping".to_owned()],
                        format!("expected `mapping` to be a mapping, found {}", found(mapping)),
                    ));
                };
                entries.iter().find(|(_, target)| !matches!(untag(target), Value::String(_))).map(|(name, target)| {
                    let name = key_token(name).unwrap_or_default();
                    (
                        vec![key.to_owned(), "mapping".to_owned(), name.clone()],
                        format!("expected `{name}` to be a string (a schema name or reference), found {}", found(target)),
                    )
                })
            }
        }
    }
}

/// A hint for well-known wrong values of enumerated keywords.
fn one_of_hint(key: &str, value: &str) -> &'static str {
    match (key, value) {
        ("in", "body") => " (OpenAPI 3.0 describes a request body with `requestBody`, not a parameter)",
        ("in", "formData") => " (OpenAPI 3.0 describes form fields in the `requestBody` content)",
        ("type", "basic") => " (write `type: http` with `scheme: basic`)",
        ("type", "file") => " (OpenAPI 3.0 describes a file as `type: string` with `format: binary`)",
        ("type", "null") => " (OpenAPI 3.0 has no null type; use `nullable: true`)",
        _ => "",
    }
}

/// The first missing required field of a node of this kind, as a message.
fn missing_field(kind: Kind, map: &Mapping) -> Option<String> {
    let present = |field: &str| map.get(field).is_some_and(|v| !v.is_null());
    let required: &[&str] = match kind {
        Kind::Document => &["openapi", "info", "paths"],
        Kind::Info => &["title", "version"],
        Kind::Server => &["url"],
        Kind::Tag => &["name"],
        Kind::Operation => &["responses"],
        Kind::Response => &["description"],
        Kind::Parameter => &["name", "in"],
        Kind::SecurityScheme => match map.get("type").and_then(Value::as_str) {
            Some("apiKey") => &["name", "in"],
            Some("http") => &["scheme"],
            Some("oauth2") => &["flows"],
            Some("openIdConnect") => &["openIdConnectUrl"],
            _ => &["type"],
        },
        _ => &[],
    };
    if let Some(field) = required.iter().find(|field| !present(field)) {
        return Some(format!("expected {} `{field}` field", article(field)));
    }
    match kind {
        Kind::Parameter | Kind::Header if !present("schema") && !present("content") => {
            let hint = if present("type") { " (in OpenAPI 3.0, `type` goes inside `schema`)" } else { "" };
            Some(format!("expected a `schema` or a `content` field{hint}"))
        }
        Kind::Link if !present("operationRef") && !present("operationId") => {
            Some("expected an `operationRef` or an `operationId` field".to_owned())
        }
        _ => None,
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o']) { "an" } else { "a" }
}

/// The message for a node that fails none of the checks above: serde's own
/// message, located by its path below the node and reworded.
fn from_serde(place: &Place, failure: &Failure) -> Finding {
    let at = place.below(&failure.tokens, String::new());
    at.finding(polish(&failure.message, failure.tokens.last().map(String::as_str)))
}

/// Reword a serde message as "expected ..., found ...", naming `key` when the
/// message is about the value under a key.
pub(super) fn polish(message: &str, key: Option<&str>) -> String {
    let message = strip_location(message);
    let subject = key.map(|k| format!("`{k}` to be ")).unwrap_or_default();
    if let Some(field) = message.strip_prefix("missing field `").and_then(|rest| rest.strip_suffix('`')) {
        return format!("expected {} `{field}` field", article(field));
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((unexpected, expected)) = rest.split_once(", expected ")
        {
            return format!("expected {subject}{}, found {}", expected_phrase(expected), unexpected_phrase(unexpected));
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((variant, expected)) = rest.split_once(", expected ")
    {
        let expected = expected.strip_prefix("one of ").unwrap_or(expected).replace('`', "");
        return format!("expected {subject}one of {expected}, found {variant}");
    }
    if message.starts_with("no variant of enum ParameterSchemaOrContent") {
        return "expected a `schema` or a `content` field".to_owned();
    }
    describe_shape_error(&message)
}

/// serde's "expected" side in plain words.
fn expected_phrase(expected: &str) -> String {
    let phrase = match expected {
        "usize" | "u64" | "u32" | "u16" | "u8" => "a non-negative integer",
        "i64" | "i32" | "i16" | "i8" | "isize" => "an integer",
        "f64" | "f32" => "a number",
        "a sequence" => "a list",
        "a map" => "a mapping",
        "a boolean" | "a string" => expected,
        other => {
            if let Some(name) = other.strip_prefix("struct ") {
                return format!("a {name} object (a mapping)");
            }
            if let Some(name) = other.strip_prefix("internally tagged enum ") {
                return format!("a {name} object (a mapping)");
            }
            other
        }
    };
    phrase.to_owned()
}

/// serde's "invalid type" side in plain words.
fn unexpected_phrase(unexpected: &str) -> String {
    let phrase = if unexpected.starts_with("integer") {
        "an integer"
    } else if unexpected.starts_with("floating point") {
        "a floating-point number"
    } else if unexpected.starts_with("string") || unexpected.starts_with("character") {
        "a string"
    } else if unexpected.starts_with("boolean") {
        "a boolean"
    } else if unexpected == "unit value" || unexpected == "null" {
        "null"
    } else if unexpected == "sequence" {
        "a list"
    } else if unexpected == "map" {
        "a mapping"
    } else {
        unexpected
    };
    phrase.to_owned()
}

/// What a value is, for "found ...".
fn found(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() && n.as_i64().is_some_and(|n| n < 0) => "a negative integer",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(n) if !n.is_finite() => "a non-finite number",
        Value::Number(_) => "a floating-point number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// The reference tokens of an RFC 6901 pointer, unescaped.
fn parse_pointer(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer.split('/').skip(1).map(|token| token.replace("~1", "/").replace("~0", "~")).collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::load::load_str;

    /// A document with one operation `get /a` whose body is `operation`
    /// (indented by 6), and `components` appended verbatim.
    fn doc(operation: &str, components: &str) -> String {
        let operation: String = operation.lines().map(|l| format!("      {l}\n")).collect();
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n{operation}{components}")
    }

    fn diagnose(text: &str) -> String {
        match load_str(Path::new("specs/t.yaml"), text) {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.diagnostics[0].to_string(),
        }
    }

    #[test]
    fn explore() {
        let ok = "responses: {'200': {description: ok}}";
        let schemas = |s: &str| format!("components:\n  schemas:\n{}", s.lines().map(|l| format!("    {l}\n")).collect::<String>());
        let cases = [
            doc(ok, &schemas("User: {type: strin, maxLength: ten}")),
            doc(ok, &schemas("User: {type: [string, 'null']}")),
            doc(ok, &schemas("User: {type: object, properties: {a: {type: object, properties: {b: {items: [1]}}}}}")),
            doc(ok, &schemas("User: {type: array, items: string}")),
            doc(ok, &schemas("User: {type: object, properties: {a: {required: true, type: string}}}")),
            doc(ok, &schemas("User: {type: object, properties: {1: {type: string}}}")),
            doc(ok, &schemas("User: {type: number, minimum: '5'}")),
            doc(ok, &schemas("User: {type: number, exclusiveMinimum: 5}")),
            doc(ok, &schemas("User: {type: string, nullable: yes}")),
            doc(ok, &schemas("User: {type: object, additionalProperties: maybe}")),
            doc(ok, &schemas("User: {type: object, additionalProperties: {type: object, properties: {x: {maxItems: -1}}}}")),
            doc(ok, &schemas("User: {oneOf: [{$ref: '#/x'}, {type: object, required: [1]}]}")),
            doc(ok, &schemas("User: {oneOf: {a: 1}}")),
            doc(ok, &schemas("User: {type: object, discriminator: {mapping: {}}}")),
            doc(ok, &schemas("User: ~")),
            doc(ok, &schemas("User: '#/components/schemas/Other'")),
            doc(ok, &schemas("User: !foo {type: string, maxLength: x}")),
            doc(ok, &schemas("User: {type: string, maxLength: !foo x}")),
            doc("parameters:\n  - {name: b, in: query, type: string}\nresponses: {'200': {description: ok}}", ""),
            doc("parameters:\n  - {name: b, in: query, style: simple, schema: {type: string}}\nresponses: {'200': {description: ok}}", ""),
            doc("parameters:\n  - {in: query, schema: {type: string}}\nresponses: {'200': {description: ok}}", ""),
            doc("parameters:\n  - {name: b, in: query, required: yes, schema: {type: string}}\nresponses: {'200': {description: ok}}", ""),
            doc("parameters:\n  - ~\nresponses: {'200': {description: ok}}", ""),
            doc("parameters: {a: 1}\nresponses: {'200': {description: ok}}", ""),
            doc("responses: ~", ""),
            doc("description: x", ""),
            doc("responses: {'20': {description: ok}}", ""),
            doc("responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: integer, minimum: x}}}}}}}", ""),
            doc("requestBody: {content: {application/json: {schema: {type: array, items: {type: integer, format: 5}}}}}\nresponses: {'200': {description: ok}}", ""),
            doc(ok, "components:\n  securitySchemes:\n    b: {type: basic}\n"),
            doc(ok, "components:\n  securitySchemes:\n    b: {type: apiKey, in: body, name: x}\n"),
            doc(ok, "security: [{b: read}]\n"),
            doc(ok, "components:\n  responses:\n    R: {description: 5}\n"),
            doc(ok, "components: [1]\n"),
            "openapi: 3.0.3\ninfo: {title: t, version: 1.0}\npaths: {}\n".to_owned(),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n".to_owned(),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: [1]\n".to_owned(),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a~b/c: {get: {responses: {default: {description: [1]}}}}\n".to_owned(),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: 7}\n".to_owned(),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {get: {responses: {'200': {description: ok}}, callbacks: {cb: {'{$url}': {post: {responses: 5}}}}}}\n".to_owned(),
                ];
        for case in cases {
            println!("{}\n=> {}\n", case, diagnose(&case));
        }
    }
}
