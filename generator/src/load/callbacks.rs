//! Callbacks given by reference. OpenAPI lets an operation's `callbacks`
//! map a name to a Reference Object (`{$ref: "#/components/callbacks/x"}`);
//! `openapiv3` reads only callbacks written out there, and would refuse
//! such a document. The generator emits nothing for callbacks, so an entry
//! that refers to a node of the document (read and checked where it is
//! written) is dropped; one that refers to nothing is an error at its `$ref`.

use serde_yaml::Value;

use super::encoding::METHODS;
use crate::diagnostics::{Location, SpecError};
use crate::pointer::{self, key_text};

/// An operation's callback that is a reference.
struct Referenced {
    /// Where: the reference tokens of its entry under `callbacks`.
    tokens: Vec<String>,
    /// The `$ref`.
    target: String,
}

/// Drop the operations' callbacks that are references, once each is
/// known to name a node of `document`.
pub(super) fn drop_referenced(root: &Location, document: &mut Value) -> Result<(), SpecError> {
    let mut found = Vec::new();
    if let Some(Value::Mapping(paths)) = document.get("paths") {
        for (path, item) in paths {
            let Some(path) = key_text(path) else { continue };
            path_item(item, &["paths".to_owned(), path], &mut found);
        }
    }
    if let Some(Value::Mapping(callbacks)) = document.get("components").and_then(|c| c.get("callbacks")) {
        for (name, callback) in callbacks {
            let Some(name) = key_text(name) else { continue };
            written_out(callback, &["components".to_owned(), "callbacks".to_owned(), name], &mut found);
        }
    }
    for Referenced { tokens, target } in &found {
        let fragment = target.strip_prefix('#').map(pointer::percent_decode);
        if fragment.is_none_or(|fragment| pointer::lookup(document, &fragment).is_none()) {
            let entry = tokens.iter().fold(root.clone(), |at, token| at.join(token));
            return Err(SpecError::single(
                entry.join("$ref"),
                format!("a callback's $ref {target:?} names no node of this document"),
            ));
        }
    }
    for Referenced { tokens, .. } in &found {
        remove(document, tokens);
    }
    Ok(())
}

/// The referenced callbacks of the operations of path item `item` at `at`,
/// and of the callbacks written out in them.
fn path_item(item: &Value, at: &[String], found: &mut Vec<Referenced>) {
    for method in METHODS {
        let Some(Value::Mapping(callbacks)) = item.get(method).and_then(|op| op.get("callbacks")) else { continue };
        for (name, callback) in callbacks {
            let Some(name) = key_text(name) else { continue };
            let tokens = [at, &[method.to_owned(), "callbacks".to_owned(), name]].concat();
            match callback.get("$ref") {
                Some(target) => found.push(Referenced { tokens, target: super::scalar_text(target) }),
                None => written_out(callback, &tokens, found),
            }
        }
    }
}

/// The referenced callbacks inside a callback written out at `at`: its
/// expressions' path items'.
fn written_out(callback: &Value, at: &[String], found: &mut Vec<Referenced>) {
    let Value::Mapping(expressions) = callback else { return };
    // A callback under `components` may itself be a reference, which
    // `openapiv3` reads there.
    if callback.get("$ref").is_some() {
        return;
    }
    for (expression, item) in expressions {
        let Some(expression) = key_text(expression) else { continue };
        path_item(item, &[at, &[expression]].concat(), found);
    }
}

/// Remove the entry at `tokens` from the mapping holding it.
fn remove(document: &mut Value, tokens: &[String]) {
    let Some((name, parents)) = tokens.split_last() else { return };
    let mut node = Some(document);
    for token in parents {
        node = match node {
            Some(Value::Mapping(map)) => {
                map.iter_mut().find(|(key, _)| key_text(key).as_deref() == Some(token)).map(|(_, value)| value)
            }
            _ => None,
        };
    }
    if let Some(Value::Mapping(map)) = node {
        map.retain(|key, _| key_text(key).as_deref() != Some(name));
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn dropped(text: &str) -> Result<Value, String> {
        let mut document: Value = serde_yaml::from_str(text).expect("YAML");
        drop_referenced(&Location::root(Path::new("t.yaml")), &mut document).map_err(|e| e.to_string())?;
        Ok(document)
    }

    #[test]
    fn referenced_callbacks_are_dropped_and_written_out_ones_kept() {
        let document = dropped(
            "paths:
  /a:
    post:
      callbacks:
        byRef: {$ref: '#/components/callbacks/done'}
        inPlace:
          '{$url}':
            post:
              callbacks:
                nested: {$ref: '#/components/callbacks/done'}
              responses: {}
      responses: {}
components:
  callbacks:
    done:
      '{$url}':
        post:
          callbacks:
            again: {$ref: '#/components/callbacks/done'}
          responses: {}
    alias: {$ref: '#/components/callbacks/done'}
",
        )
        .expect("every reference names a node");
        let callbacks = |pointer: &str| {
            let node = pointer::lookup(&document, pointer).expect(pointer);
            node.as_mapping().expect("a mapping").keys().filter_map(key_text).collect::<Vec<_>>()
        };
        assert_eq!(callbacks("/paths/~1a/post/callbacks"), ["inPlace"]);
        assert!(callbacks("/paths/~1a/post/callbacks/inPlace/{$url}/post/callbacks").is_empty());
        assert!(callbacks("/components/callbacks/done/{$url}/post/callbacks").is_empty());
        assert_eq!(callbacks("/components/callbacks/alias"), ["$ref"], "openapiv3 reads this one");
    }

    #[test]
    fn a_reference_to_nothing_is_an_error_at_it() {
        let error =
            dropped("paths:\n  /a:\n    get:\n      callbacks:\n        c: {$ref: '#/components/callbacks/gone'}\n")
                .expect_err("names nothing");
        assert!(error.contains("t.yaml#/paths/~1a/get/callbacks/c/$ref"), "{error}");
        assert!(error.contains("\"#/components/callbacks/gone\" names no node of this document"), "{error}");
        let error = dropped("paths:\n  /a:\n    get:\n      callbacks:\n        c: {$ref: 'other.yaml#/x'}\n")
            .expect_err("outside the document");
        assert!(error.contains("/callbacks/c/$ref"), "{error}");
    }
}
