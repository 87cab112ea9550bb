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
    // The search parses the nodes on the way down again and again; long
    // strings would make each parse as slow as the whole file.
    let document = &abridged(document);
    let tokens = parse_pointer(coarse_pointer);
    let (start, consumed) = resolve(document, &tokens);
    let rest = &tokens[consumed..];
    if let Some(found) = probe(start.value, start.node, &start.place, start.buffered, consumed, rest) {
        return (found.pointer, found.message);
    }
    // The coarse node parses on its own: look from the top instead.
    if consumed > 0
        && let Some(found) = probe(document, Node::plain(Kind::Document), &Place::root(), false, 0, &tokens)
    {
        return (found.pointer, found.message);
    }
    // serde's path may stop above the value at fault: do not name its key.
    (coarse_pointer.to_owned(), polish(coarse_message, None))
}

/// The longest string the search keeps whole: enough for every message
/// that quotes a value, and no string's type depends on its length.
pub(super) const ABRIDGED_CHARS: usize = 200;

/// `document` with every string cut to [`ABRIDGED_CHARS`] characters.
pub(super) fn abridged(document: &Value) -> Value {
    match document {
        Value::String(s) if s.len() > ABRIDGED_CHARS => Value::String(s.chars().take(ABRIDGED_CHARS).collect()),
        Value::Sequence(items) => Value::Sequence(items.iter().map(abridged).collect()),
        Value::Mapping(map) => Value::Mapping(map.iter().map(|(k, v)| (abridged(k), abridged(v))).collect()),
        Value::Tagged(tagged) => Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
            tag: tagged.tag.clone(),
            value: abridged(&tagged.value),
        })),
        other => other.clone(),
    }
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

/// Whether `value` alone parses as a node of this kind, exactly as in its
/// place in the document. `buffered` says whether openapiv3 reads it from
/// serde's buffered content (below an untagged enum or a flattened field),
/// where a null is not an empty mapping or list.
fn parses(node: Node, value: &Value, buffered: bool) -> bool {
    fn as_<T: DeserializeOwned>(node: Node, value: &Value, buffered: bool) -> bool {
        // Without a `$ref` key, `ReferenceOr<T>` parses exactly when `T` does
        // from buffered content, and twice as slowly when it fails.
        let reference = value.as_mapping().is_some_and(|map| map.contains_key("$ref"));
        let verdict = if node.refable && reference {
            attempt::<ReferenceOr<T>>(value)
        } else if buffered || node.refable {
            attempt::<Buffered<T>>(value)
        } else {
            attempt::<T>(value)
        };
        verdict.is_ok()
    }
    dispatch!(node.kind, as_, node, value, buffered)
}

/// Why `value` does not parse as a node of this kind, as precisely located
/// as serde can say it: parsed directly (serde follows plain struct fields),
/// else as JSON (as openapiv3's `ReferenceOr` does for its message).
fn why(node: Node, value: &Value) -> Failure {
    fn as_<T: DeserializeOwned>(node: Node, value: &Value) -> Failure {
        if let Err(direct) = attempt::<T>(value) {
            return direct;
        }
        if let Ok(json) = serde_json::to_value(value)
            && let Err(direct) = attempt::<T>(&json)
        {
            return direct;
        }
        let failure = if node.refable { attempt::<ReferenceOr<T>>(value) } else { attempt::<Buffered<T>>(value) };
        failure
            .err()
            .unwrap_or_else(|| Failure { tokens: Vec::new(), message: format!("expected {}", node.kind.shape()) })
    }
    dispatch!(node.kind, as_, node, value)
}

/// Call `$f::<T>($args)` with the openapiv3 type `T` of the kind.
macro_rules! dispatch {
    ($kind:expr, $f:ident, $($arg:expr),*) => {
        match $kind {
            Kind::Document => $f::<openapiv3::OpenAPI>($($arg),*),
            Kind::Info => $f::<openapiv3::Info>($($arg),*),
            Kind::Server => $f::<openapiv3::Server>($($arg),*),
            Kind::Tag => $f::<openapiv3::Tag>($($arg),*),
            Kind::Paths => $f::<openapiv3::Paths>($($arg),*),
            Kind::PathItem => $f::<openapiv3::PathItem>($($arg),*),
            Kind::Operation => $f::<openapiv3::Operation>($($arg),*),
            Kind::Parameter => $f::<openapiv3::Parameter>($($arg),*),
            Kind::RequestBody => $f::<openapiv3::RequestBody>($($arg),*),
            Kind::Responses => $f::<openapiv3::Responses>($($arg),*),
            Kind::Response => $f::<openapiv3::Response>($($arg),*),
            Kind::Header => $f::<openapiv3::Header>($($arg),*),
            Kind::MediaType => $f::<openapiv3::MediaType>($($arg),*),
            Kind::Encoding => $f::<openapiv3::Encoding>($($arg),*),
            Kind::Schema => $f::<openapiv3::Schema>($($arg),*),
            Kind::Components => $f::<openapiv3::Components>($($arg),*),
            Kind::SecurityScheme => $f::<openapiv3::SecurityScheme>($($arg),*),
            Kind::SecurityRequirement => $f::<openapiv3::SecurityRequirement>($($arg),*),
            Kind::Example => $f::<openapiv3::Example>($($arg),*),
            Kind::Link => $f::<openapiv3::Link>($($arg),*),
            Kind::Callback => $f::<openapiv3::Callback>($($arg),*),
        }
    };
}
use dispatch;

/// Parsing through this makes serde buffer the input first, as it does for
/// openapiv3's untagged enums and flattened fields.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Buffered<T> {
    #[allow(dead_code)]
    Item(T),
}

/// Why a node did not parse: the path below it serde recorded, and its message.
struct Failure {
    tokens: Vec<String>,
    message: String,
}

fn attempt<'de, T: serde::Deserialize<'de>>(
    value: impl serde::Deserializer<'de, Error: std::fmt::Display>,
) -> Result<(), Failure> {
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

/// The nodes of known kind right below `value`, in document order. A null
/// value under a key is left out (it means "absent" for optional fields;
/// `check_keywords` judges the others), but null entries of lists and
/// mappings are kept.
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
                    let subject = format!("entry {i} of `{key}`");
                    out.push(Child { tokens: vec![key.clone(), i.to_string()], value: item, node: child, subject });
                }
            }
            Some(Slot::Map(child)) => {
                for (name, item) in value.as_mapping().into_iter().flatten() {
                    let Some(name) = key_token(name) else { continue };
                    let subject = format!("`{name}`");
                    out.push(Child { tokens: vec![key.clone(), name], value: item, node: child, subject });
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

/// Where the search starts.
struct Start<'a> {
    value: &'a Value,
    node: Node,
    place: Place,
    /// Whether openapiv3 reads the node's parent from buffered content.
    buffered: bool,
}

/// The deepest node of known kind on the path `tokens`, and how many tokens
/// lead to it.
fn resolve<'a>(document: &'a Value, tokens: &[String]) -> (Start<'a>, usize) {
    let mut start = Start { value: document, node: Node::plain(Kind::Document), place: Place::root(), buffered: false };
    let mut consumed = 0;
    while consumed < tokens.len() && consumed < MAX_DEPTH {
        let rest = &tokens[consumed..];
        let Some(child) = children(start.value, start.node).into_iter().find(|c| rest.starts_with(&c.tokens)) else {
            break;
        };
        consumed += child.tokens.len();
        start = Start {
            value: child.value,
            buffered: start.buffered || start.node.refable || start.node.kind == Kind::Paths,
            node: child.node,
            place: start.place.below(&child.tokens, child.subject),
        };
    }
    (start, consumed)
}

/// The deepest failing node at or below `value`, if it fails; children on the
/// path `prefer` (where serde stopped) are tried first. `buffered` says
/// whether openapiv3 reads the node's parent from buffered content.
fn probe(value: &Value, node: Node, place: &Place, buffered: bool, depth: usize, prefer: &[String]) -> Option<Finding> {
    if parses(node, value, buffered) {
        return None;
    }
    if let Some(found) = check_shape(value, node, place) {
        return Some(found);
    }
    // The fields of a `$ref`-able node, and the entries of `paths`, are read
    // from buffered content.
    let inner = buffered || node.refable || node.kind == Kind::Paths;
    if depth < MAX_DEPTH {
        let mut children = children(value, node);
        if let Some(i) = children.iter().position(|c| prefer.starts_with(&c.tokens)) {
            let child = children.remove(i);
            let rest = &prefer[child.tokens.len()..];
            let child_place = place.below(&child.tokens, child.subject);
            if let Some(found) = probe(child.value, child.node, &child_place, inner, depth + 1, rest) {
                return Some(found);
            }
        }
        for child in children {
            let child_place = place.below(&child.tokens, child.subject);
            if let Some(found) = probe(child.value, child.node, &child_place, inner, depth + 1, &[]) {
                return Some(found);
            }
        }
    }
    Some(check_keywords(value, node, place, inner).unwrap_or_else(|| from_serde(place, &why(node, value))))
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
/// document order, then the first missing required field. `buffered` says
/// whether openapiv3 reads the node's fields from buffered content, where a
/// null is only accepted for an optional field.
fn check_keywords(value: &Value, node: Node, place: &Place, buffered: bool) -> Option<Finding> {
    let map = value.as_mapping()?;
    for (key, value) in map {
        let Some(key) = key.as_str() else { continue };
        if let Value::Tagged(tagged) = value
            && buffered
        {
            // serde cannot buffer a tagged value (it reads it as an enum).
            return Some(
                place
                    .below(&[key.to_owned()], String::new())
                    .finding(format!("expected `{key}` without a YAML tag, found the tag `{}`", tagged.tag)),
            );
        }
        let value = untag(value);
        if value.is_null() {
            if buffered && !null_ok(node.kind, key) {
                let what = match slot(node.kind, key, value) {
                    Some(Slot::One(child)) => child.kind.shape().to_owned(),
                    _ => expectation(node.kind, key, map).map_or_else(|| "a value".to_owned(), Expect::describe),
                };
                return Some(
                    place
                        .below(&[key.to_owned()], String::new())
                        .finding(format!("expected `{key}` to be {what}, found null")),
                );
            }
            continue;
        }
        if key.starts_with("x-") {
            continue;
        }
        let Some(expect) = expectation(node.kind, key, map) else { continue };
        if let Some((tokens, message)) = expect.check(key, value) {
            return Some(place.below(&tokens, String::new()).finding(message));
        }
    }
    missing_field(node.kind, map).map(|message| place.finding(message))
}

/// Whether openapiv3 accepts a null for `key` in a node of this kind read from
/// buffered content: only its optional fields do.
fn null_ok(kind: Kind, key: &str) -> bool {
    !match kind {
        Kind::Operation => {
            matches!(key, "tags" | "parameters" | "responses" | "callbacks" | "deprecated" | "servers")
        }
        Kind::PathItem => matches!(key, "servers" | "parameters"),
        Kind::Parameter => {
            matches!(key, "name" | "in" | "required" | "examples" | "style" | "allowReserved" | "schema" | "content")
        }
        Kind::Header => matches!(key, "style" | "required" | "examples" | "schema" | "content"),
        Kind::RequestBody => matches!(key, "content" | "required"),
        Kind::Response => matches!(key, "description" | "headers" | "content" | "links"),
        Kind::MediaType => matches!(key, "examples" | "encoding"),
        Kind::Encoding => matches!(key, "headers" | "explode" | "allowReserved"),
        Kind::Responses => key != "default" && !key.starts_with("x-"),
        Kind::Schema => matches!(key, "nullable" | "readOnly" | "writeOnly" | "deprecated"),
        Kind::Link => key == "parameters",
        Kind::SecurityScheme => matches!(key, "type" | "name" | "in" | "scheme" | "flows" | "openIdConnectUrl"),
        Kind::Server => key == "url",
        Kind::Tag => key == "name",
        Kind::Info => matches!(key, "title" | "version"),
        Kind::Paths => key.starts_with('/'),
        Kind::Callback | Kind::SecurityRequirement => true,
        Kind::Document | Kind::Components | Kind::Example => false,
    }
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
        (Kind::Schema, "maxLength" | "minLength" | "maxItems" | "minItems" | "maxProperties" | "minProperties") => {
            Count
        }
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
        (
            Kind::Components,
            "schemas" | "responses" | "parameters" | "examples" | "requestBodies" | "headers" | "securitySchemes"
            | "links" | "callbacks",
        ) => NamedMapping,
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
    /// What a value must be, for "expected `key` to be ...".
    fn describe(self) -> String {
        match self {
            Expect::String => "a string".to_owned(),
            Expect::Boolean => "a boolean".to_owned(),
            Expect::Count => "a non-negative integer".to_owned(),
            Expect::Number => "a number".to_owned(),
            Expect::List => "a list".to_owned(),
            Expect::ListOfStrings => "a list of strings".to_owned(),
            Expect::Mapping | Expect::NamedMapping | Expect::Discriminator => "a mapping".to_owned(),
            Expect::OneOf(allowed) => format!("one of {}", allowed.join(", ")),
            Expect::BooleanOrSchema => "a boolean or a schema (a mapping)".to_owned(),
        }
    }

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
                Value::String(s) if ["yes", "no", "on", "off", "y", "n"].contains(&s.to_lowercase().as_str()) => Some(
                    (here(), format!("expected `{key}` to be a boolean, found the string `{s}` (write true or false)")),
                ),
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
                    return Some((
                        here(),
                        format!("expected `{key}` to be a list of strings, found {}{hint}", found(value)),
                    ));
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
                        format!("expected `{key}` to be one of {list}, found `{s}`{}", one_of_hint(key, s, allowed)),
                    )),
                    Value::Sequence(_) if allowed == TYPES => Some((
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
                        format!(
                            "expected `{name}` to be a string (a schema name or reference), found {}",
                            found(target)
                        ),
                    )
                })
            }
        }
    }
}

/// A hint for well-known wrong values of enumerated keywords.
fn one_of_hint(key: &str, value: &str, allowed: &[&str]) -> &'static str {
    let parameter = allowed == PARAMETER_LOCATIONS;
    match (key, value) {
        ("in", "body" | "formData") if !parameter => "",
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
fn polish(message: &str, key: Option<&str>) -> String {
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
    if message.starts_with("untagged and internally tagged enums do not support enum input") {
        return "expected a value without a YAML tag (such as `!name`)".to_owned();
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
    match untag(value) {
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

    use serde_yaml::Value;

    use super::locate;
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
                "error: specs/t.yaml#/paths/~1a/get: expected a `responses` field",
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
                "error: specs/t.yaml#/paths/~1a/get/parameters/0: expected a `schema` or a `content` field \
                 (in OpenAPI 3.0, `type` goes inside `schema`)",
            ),
            (
                "a parameter without a name",
                with_operation("parameters:\n  - {in: query, schema: {type: string}}\nresponses: {}", ""),
                "error: specs/t.yaml#/paths/~1a/get/parameters/0: expected a `name` field",
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
                "error: specs/t.yaml#/paths/~1a/get/responses/200: expected a `description` field",
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
                "error: specs/t.yaml#/: expected a `paths` field",
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
        let message = "invalid type: integer `5`, expected struct Responses";
        for pointer in ["", "/", "nope", "/paths/~2/x", "/paths/~1a/get/responses/200/x/y", "/components/schemas/~"] {
            assert_eq!(
                locate(&bad, pointer, message),
                (
                    "/paths/~1a/get/responses".to_owned(),
                    "expected `responses` to be a mapping of status codes to responses, found an integer".to_owned()
                ),
                "{pointer}"
            );
            // Nothing fails: the coarse location stays, with serde's message reworded.
            assert_eq!(
                locate(&good, pointer, message),
                (pointer.to_owned(), "expected a Responses object (a mapping), found an integer".to_owned())
            );
        }
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
}
