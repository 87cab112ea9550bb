//! Asking openapiv3 (through serde) whether a node parses, and where serde stopped when it does not.
//!
//! serde decides *whether* and *where*; what was expected there is said by
//! the grammar checks, never by serde's message.

use std::panic::{AssertUnwindSafe, catch_unwind};

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use super::grammar::Node;

/// Whether `value` alone parses as `T` exactly as in its place in the
/// document. `buffered` says whether openapiv3 reads it from serde's buffered
/// content (below an untagged enum or a flattened field), where a null is not
/// an empty mapping or list.
pub(super) fn parses_as<T: DeserializeOwned>(value: &Value, node: Node, buffered: bool) -> bool {
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

/// The reference tokens, below `value`, of where serde stopped parsing it as
/// `T`: parsed directly first (serde follows plain struct fields), else as
/// JSON (where a null is never an empty mapping or list), else as in its place.
pub(super) fn failure_path<T: DeserializeOwned>(value: &Value, node: Node) -> Vec<String> {
    if let Err(tokens) = attempt::<T>(value) {
        return tokens;
    }
    if let Ok(json) = serde_json::to_value(value)
        && let Err(tokens) = attempt::<T>(&json)
    {
        return tokens;
    }
    let verdict = if node.refable { attempt::<ReferenceOr<T>>(value) } else { attempt::<Buffered<T>>(value) };
    verdict.err().unwrap_or_default()
}

/// Parsing through this makes serde buffer the input first, as it does for
/// openapiv3's untagged enums and flattened fields.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Buffered<T> {
    #[allow(dead_code)]
    Item(T),
}

/// Parse `value` as `T`; on failure, the path serde_path_to_error recorded.
fn attempt<'de, T: serde::Deserialize<'de>>(value: impl serde::Deserializer<'de>) -> Result<(), Vec<String>> {
    // openapiv3 has `unwrap`s in its hand-written deserializers; whatever they
    // do on odd input, a diagnostic must still come out.
    match catch_unwind(AssertUnwindSafe(|| serde_path_to_error::deserialize::<_, T>(value).map(drop))) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(crate::load::tokens_of(e.path())),
        Err(_) => Err(Vec::new()),
    }
}
