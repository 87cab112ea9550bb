//! Finding where a spec really goes wrong when `openapiv3` refuses it: the search for the deepest failing node.
//!
//! openapiv3 parses many nodes through untagged enums (`ReferenceOr`,
//! `SchemaKind`, ...) and flattened fields, for which serde buffers the input:
//! the path `serde_path_to_error` records then stops at the nearest such node.
//! This module is used on the failure path only. Knowing the OpenAPI 3.0
//! object kind of each node from its position (the parent's kind and the key
//! it sits under, both read from the one grammar table, `table.rs`), it parses
//! the nodes below the coarse location one by one, descends into the children
//! of every node that fails, and reports the deepest failing node, checked
//! against the grammar (`checks.rs`) so that the message says what was
//! expected there. serde only says whether a node parses and where it
//! stopped; its messages are never shown.

mod checks;
mod grammar;
mod messages;
mod parse;
mod table;
#[cfg(test)]
mod tests;

use serde_yaml::Value;

use grammar::{Item, Kind, Node, Shape, grammar};

/// How deep below the document root the search goes; deeper nodes are judged
/// as a whole.
const MAX_DEPTH: usize = 64;

/// A located message: a JSON pointer and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Finding {
    pub pointer: String,
    pub message: String,
}

/// The deepest failing node below `coarse_pointer` (where serde's path
/// stopped) in `document`, and what was expected there. Falls back to the
/// coarse location when no node below it breaks a rule of the grammar.
pub(super) fn locate(document: &Value, coarse_pointer: &str) -> Finding {
    // The search parses the nodes on the way down again and again; long
    // strings would make each parse as slow as the whole file.
    let document = &abridged(document);
    let tokens = parse_pointer(coarse_pointer);
    let (start, consumed) = resolve(document, Node::plain(Kind::Document), Place::root(), false, &tokens);
    let rest = &tokens[consumed..];
    if let Some(found) = probe(start.value, start.node, &start.place, start.buffered, consumed, rest) {
        return found;
    }
    // The coarse node parses on its own: look from the top instead.
    if consumed > 0
        && let Some(found) = probe(document, Node::plain(Kind::Document), &Place::root(), false, 0, &tokens)
    {
        return found;
    }
    // serde's path may stop above the value at fault: do not name its key.
    Finding { pointer: coarse_pointer.to_owned(), message: unexplained(start.node.kind) }
}

/// The message for a node openapiv3 refuses though no rule of the grammar
/// explains why.
fn unexplained(kind: Kind) -> String {
    format!(
        "not a valid {}: the OpenAPI parser refuses it, though it breaks no rule of the OpenAPI 3.0 grammar known here",
        grammar(kind).name
    )
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
            pointer.push_str(&crate::pointer::escape(token));
        }
        Self { pointer, subject }
    }

    fn finding(&self, message: impl Into<String>) -> Finding {
        Finding { pointer: self.pointer.clone(), message: message.into() }
    }
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
    let object = grammar(node.kind);
    for (key, value) in map {
        let Some(key) = key_token(key) else { continue };
        if value.is_null() {
            continue;
        }
        match object.shape_of(&key, map) {
            Some(Shape::Object(child)) => {
                let subject = format!("`{key}`");
                out.push(Child { tokens: vec![key], value, node: child, subject });
            }
            Some(Shape::FlagOr(child)) if value.as_mapping().is_some() => {
                let subject = format!("`{key}`");
                out.push(Child { tokens: vec![key], value, node: child, subject });
            }
            Some(Shape::ListOf(Item::Object(child))) => {
                for (i, item) in value.as_sequence().into_iter().flatten().enumerate() {
                    let subject = format!("entry {i} of `{key}`");
                    out.push(Child { tokens: vec![key.clone(), i.to_string()], value: item, node: child, subject });
                }
            }
            Some(Shape::MapOf(Item::Object(child))) => {
                for (name, item) in value.as_mapping().into_iter().flatten() {
                    let Some(name) = key_token(name) else { continue };
                    let subject = format!("`{name}`");
                    out.push(Child { tokens: vec![key.clone(), name], value: item, node: child, subject });
                }
            }
            _ => {}
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

/// Where a search starts.
struct Start<'a> {
    value: &'a Value,
    node: Node,
    place: Place,
    /// Whether openapiv3 reads the node from buffered content.
    buffered: bool,
}

/// Whether openapiv3 reads the fields of a node from buffered content: those
/// of a `$ref`-able node, of a flattened object, and of any node below one.
fn fields_buffered(node: Node, buffered: bool) -> bool {
    buffered || node.refable || grammar(node.kind).buffered
}

/// The deepest node of known kind on the path `tokens` from `value`, and how
/// many tokens lead to it.
fn resolve<'a>(value: &'a Value, node: Node, place: Place, buffered: bool, tokens: &[String]) -> (Start<'a>, usize) {
    let mut start = Start { value, node, place, buffered };
    let mut consumed = 0;
    while consumed < tokens.len() && consumed < MAX_DEPTH {
        let rest = &tokens[consumed..];
        let Some(child) = children(start.value, start.node).into_iter().find(|c| rest.starts_with(&c.tokens)) else {
            break;
        };
        consumed += child.tokens.len();
        start = Start {
            value: child.value,
            buffered: fields_buffered(start.node, start.buffered),
            node: child.node,
            place: start.place.below(&child.tokens, child.subject),
        };
    }
    (start, consumed)
}

/// The deepest failing node at or below `value`, if it fails; children on the
/// path `prefer` (where serde stopped) are tried first. `buffered` says
/// whether openapiv3 reads the node from buffered content.
fn probe(value: &Value, node: Node, place: &Place, buffered: bool, depth: usize, prefer: &[String]) -> Option<Finding> {
    let parser = grammar(node.kind).parser;
    if (parser.parses)(value, node, buffered) {
        return None;
    }
    if let Some(found) = checks::check_shape(value, node, place) {
        return Some(found);
    }
    let inner = fields_buffered(node, buffered);
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
    Some(checks::check_keywords(value, node, place, inner).unwrap_or_else(|| {
        // Nothing the grammar knows is broken: say where serde stopped.
        let tokens = (parser.failure_path)(value, node);
        explain(value, node, place, buffered, &tokens)
    }))
}

/// A failing node's problem at the path `tokens` below it where serde
/// stopped: the grammar's check of the value there if one fails, else a
/// generic message naming the deepest node of known kind on the way.
fn explain(value: &Value, node: Node, place: &Place, buffered: bool, tokens: &[String]) -> Finding {
    let (start, consumed) = resolve(value, node, place.clone(), buffered, tokens);
    if let (Some(key), Some(map)) = (tokens.get(consumed), start.value.as_mapping())
        && let Some(shape) = grammar(start.node.kind).shape_of(key, map)
        && let Some(found) = map.get(key.as_str()).map(untag)
        && let Some((below, message)) = checks::check_value(key, shape, found, start.node.kind)
    {
        return start.place.below(&below, String::new()).finding(message);
    }
    start.place.finding(unexplained(start.node.kind))
}

/// The reference tokens of an RFC 6901 pointer, unescaped.
fn parse_pointer(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer.split('/').skip(1).map(crate::pointer::unescape).collect()
}
