//! The grammar checks of a failing node: its shape, each keyword's value, YAML tags, nulls and required fields.

use serde_yaml::{Mapping, Value};

use super::grammar::{Item, Kind, Node, Presence, Shape, grammar};
use super::messages::{self, expected, found};
use super::{Finding, Place, key_token, untag};

/// A problem below a node: the reference tokens that lead to it, and what was expected there.
type Problem = (Vec<String>, String);

/// A node that is not a mapping, or a `$ref` that is not a string.
pub(super) fn check_shape(value: &Value, node: Node, place: &Place) -> Option<Finding> {
    let Some(map) = value.as_mapping() else {
        let hint = messages::not_a_mapping_hint(node.kind, node.refable, value);
        return Some(place.finding(expected(&place.subject, Shape::Object(node), value, &hint)));
    };
    if node.refable
        && let Some(reference) = map.get("$ref")
        && !matches!(untag(reference), Value::String(_))
    {
        let at = place.below(&["$ref".to_owned()], String::new());
        return Some(at.finding(expected("`$ref`", Shape::Text, reference, "")));
    }
    None
}

/// The first keyword of a failing node, in document order, that breaks the
/// grammar, then the first missing required field. `buffered` says whether
/// openapiv3 reads the node's fields from buffered content, where serde
/// cannot take a YAML tag and a null is only the absence of an optional field.
pub(super) fn check_keywords(value: &Value, node: Node, place: &Place, buffered: bool) -> Option<Finding> {
    let map = value.as_mapping()?;
    let object = grammar(node.kind);
    for (key, value) in map {
        let Some(key) = key.as_str() else { continue };
        if buffered && let Some((tokens, subject, tag)) = first_tag(key, value) {
            // serde reads a tagged value as an enum, which it cannot buffer.
            let message = format!("expected {subject} without a YAML tag, found the tag `{tag}`");
            return Some(place.below(&tokens, String::new()).finding(message));
        }
        let Some((presence, shape)) = object.presence_and_shape(key, map) else { continue };
        let subject = format!("`{key}`");
        let value = untag(value);
        if value.is_null() {
            if null_refused(presence, shape, buffered) {
                let at = place.below(&[key.to_owned()], String::new());
                return Some(at.finding(expected(&subject, shape, value, "")));
            }
            continue;
        }
        if let Some((tokens, message)) = check_value(key, shape, value, node.kind) {
            return Some(place.below(&tokens, String::new()).finding(message));
        }
    }
    check_missing(map, node.kind, place)
}

/// Whether a null is refused where a value of `shape` belongs. Read directly
/// (not buffered), serde_yaml takes a null for an empty mapping or list.
fn null_refused(presence: Presence, shape: Shape, buffered: bool) -> bool {
    let container = matches!(shape, Shape::Object(_) | Shape::ListOf(_) | Shape::MapOf(_));
    match presence {
        Presence::Optional => false,
        Presence::Required | Presence::Defaulted => buffered || !container,
    }
}

/// Whether `value` (not null, untagged) fits `shape` as the value of `key` in
/// a node of kind `kind`; if not, where below the node and what was expected.
/// Objects are judged as nodes of their own by the search, not here.
pub(super) fn check_value(key: &str, shape: Shape, value: &Value, kind: Kind) -> Option<Problem> {
    let here = || vec![key.to_owned()];
    let subject = format!("`{key}`");
    let wrong = || Some((here(), expected(&subject, shape, value, &messages::wrong_type_hint(key, shape, value))));
    match (shape, value) {
        (Shape::Text, Value::String(_))
        | (Shape::Flag, Value::Bool(_))
        | (Shape::Any, _)
        | (Shape::Object(_), Value::Mapping(_))
        | (Shape::FlagOr(_), Value::Bool(_) | Value::Mapping(_)) => None,
        (Shape::Count, Value::Number(n)) if n.as_u64().is_some_and(|n| usize::try_from(n).is_ok()) => None,
        (Shape::Number, Value::Number(n)) if n.is_finite() => None,
        (Shape::Flag, Value::String(s)) if messages::is_yaml11_boolean(s) => {
            Some((here(), format!("expected {subject} to be a boolean, found the string `{s}` (write true or false)")))
        }
        (Shape::Word(allowed), Value::String(s)) if allowed.contains(&s.as_str()) => None,
        (Shape::Word(allowed), Value::String(s)) => {
            let hint = messages::word_hint(key, s, kind == Kind::Parameter);
            Some((here(), format!("expected {subject} to be one of {}, found `{s}`{hint}", allowed.join(", "))))
        }
        (Shape::ListOf(item), Value::Sequence(items)) => check_entries(key, item, items),
        (Shape::MapOf(item), Value::Mapping(entries)) => check_names(key, item, entries),
        _ => wrong(),
    }
}

/// The first entry of a list that does not fit `item` (objects aside).
fn check_entries(key: &str, item: Item, items: &[Value]) -> Option<Problem> {
    if item != Item::Text {
        return None;
    }
    let (i, entry) = items.iter().enumerate().find(|(_, entry)| !matches!(untag(entry), Value::String(_)))?;
    let subject = format!("entry {i} of `{key}`");
    Some((vec![key.to_owned(), i.to_string()], expected(&subject, Shape::Text, entry, "")))
}

/// The first name of a mapping that is not a string, else the first value
/// that does not fit `item` (objects aside).
fn check_names(key: &str, item: Item, entries: &Mapping) -> Option<Problem> {
    if let Some(name) = entries.keys().find(|name| !matches!(untag(name), Value::String(_))) {
        let token = key_token(name).unwrap_or_default();
        let message = format!("expected the names in `{key}` to be strings, found {} (quote it)", found(name));
        return Some((vec![key.to_owned(), token], message));
    }
    if item != Item::Text {
        return None;
    }
    let (name, entry) = entries.iter().find(|(_, entry)| !matches!(untag(entry), Value::String(_)))?;
    let name = key_token(name).unwrap_or_default();
    let hint = messages::wrong_type_hint(&name, Shape::Text, entry);
    let message = expected(&format!("`{name}`"), Shape::Text, entry, &hint);
    Some((vec![key.to_owned(), name], message))
}

/// The first YAML tag at or below the value of `key`: the tokens that lead
/// to it, how to name its place, and the tag.
fn first_tag(key: &str, value: &Value) -> Option<(Vec<String>, String, String)> {
    fn below(value: &Value, subject: &str, tokens: &mut Vec<String>) -> Option<(String, String)> {
        match value {
            Value::Tagged(tagged) => Some((subject.to_owned(), tagged.tag.to_string())),
            Value::Sequence(items) => {
                let parent = tokens.last().cloned().unwrap_or_default();
                for (i, item) in items.iter().enumerate() {
                    tokens.push(i.to_string());
                    if let Some(found) = below(item, &format!("entry {i} of `{parent}`"), tokens) {
                        return Some(found);
                    }
                    tokens.pop();
                }
                None
            }
            Value::Mapping(map) => {
                for (name, item) in map {
                    let Some(name) = key_token(name) else { continue };
                    let subject = format!("`{name}`");
                    tokens.push(name);
                    if let Some(found) = below(item, &subject, tokens) {
                        return Some(found);
                    }
                    tokens.pop();
                }
                None
            }
            _ => None,
        }
    }
    let mut tokens = vec![key.to_owned()];
    let (subject, tag) = below(value, &format!("`{key}`"), &mut tokens)?;
    Some((tokens, subject, tag))
}

/// The first missing required field of a node of this kind, as a finding.
fn check_missing(map: &Mapping, kind: Kind, place: &Place) -> Option<Finding> {
    let present = |field: &str| map.get(field).is_some_and(|v| !v.is_null());
    let object = grammar(kind);
    let mut required = object.fields.iter().chain(object.selected(map)).filter(|f| f.presence == Presence::Required);
    if let Some(field) = required.find(|field| !present(field.key)) {
        return Some(place.finding(messages::missing(&place.subject, &[field.key], "")));
    }
    if !object.any_of.is_empty() && !object.any_of.iter().any(|field| present(field)) {
        let hint = if object.any_of.contains(&"schema") { messages::no_schema_hint(map) } else { "" };
        return Some(place.finding(messages::missing(&place.subject, object.any_of, hint)));
    }
    None
}
