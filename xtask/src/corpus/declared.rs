//! What a spec declares, read from the document itself (not through the
//! generator): its version and its operations.

use serde_json::Value;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The version a document is written in, from its `swagger` or `openapi`
/// member: `2.0`, `3.0` or `3.1` (or what it says, or `?`).
pub fn version(document: &Value) -> String {
    let written = document.get("openapi").or_else(|| document.get("swagger"));
    match written.and_then(Value::as_str) {
        Some(v) if v.starts_with("2.") => "2.0".into(),
        Some(v) if v.starts_with("3.0") => "3.0".into(),
        Some(v) if v.starts_with("3.1") => "3.1".into(),
        Some(other) => other.into(),
        None => "?".into(),
    }
}

/// The version group of a spec file from its first bytes, without parsing
/// it whole: enough to spread a bounded run over the versions.
pub fn sniff_version(head: &str) -> &'static str {
    let swagger = head.find("swagger");
    let openapi = head.find("openapi");
    let (at, key) = match (swagger, openapi) {
        (Some(s), Some(o)) if s < o => (s, "swagger"),
        (_, Some(o)) => (o, "openapi"),
        (Some(s), None) => (s, "swagger"),
        (None, None) => return "?",
    };
    let value = head[at + key.len()..].trim_start_matches(['"', '\'', ':', ' ', '\t']);
    if value.starts_with("2.") {
        "2.0"
    } else if value.starts_with("3.1") {
        "3.1"
    } else if value.starts_with("3.0") {
        "3.0"
    } else {
        "?"
    }
}

/// Every method of every path item under `paths`, following a path item's
/// `$ref` within the document (`#/paths/...`, `#/components/pathItems/...`);
/// a `$ref` to another file counts what the item holds beside it.
pub fn operations(document: &Value) -> usize {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else { return 0 };
    paths.iter().filter(|(path, _)| !path.starts_with("x-")).map(|(_, item)| methods(document, item)).sum()
}

fn methods(document: &Value, item: &Value) -> usize {
    let mut item = item;
    // A chain of references, bounded so that a cycle ends.
    for _ in 0..16 {
        let Some(target) = item.get("$ref").and_then(Value::as_str).and_then(|r| resolve(document, r)) else { break };
        item = target;
    }
    item.as_object().map_or(0, |members| METHODS.iter().filter(|m| members.contains_key(**m)).count())
}

fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    document.pointer(&generator::pointer::percent_decode(fragment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_methods_and_follows_path_item_refs() {
        let doc = serde_json::json!({
            "openapi": "3.1.0",
            "paths": {
                "/a": {"get": {}, "post": {}, "parameters": [], "summary": "x"},
                "/b": {"$ref": "#/paths/~1a"},
                "/c": {"$ref": "#/components/pathItems/C%20item"},
                "/d": {"$ref": "other.yaml#/x"},
                "x-ext": {"get": {}}
            },
            "components": {"pathItems": {"C item": {"delete": {}, "trace": {}, "head": {}}}}
        });
        assert_eq!(operations(&doc), 2 + 2 + 3);
        assert_eq!(version(&doc), "3.1");
    }

    #[test]
    fn sniffs_versions() {
        assert_eq!(sniff_version(r#"{"openapi":"3.0.0","info":{}}"#), "3.0");
        assert_eq!(sniff_version("swagger: \"2.0\"\ninfo:"), "2.0");
        assert_eq!(sniff_version("{\n \"swagger\": \"2.0\",\n \"info\""), "2.0");
        assert_eq!(sniff_version("openapi: 3.1.0\n"), "3.1");
        assert_eq!(sniff_version("{}"), "?");
    }
}
