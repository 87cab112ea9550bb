//! The `explode` of request bodies' `encoding` objects made explicit.
//! `openapiv3` reads a missing `explode` as `false`, where OpenAPI's
//! default is `true` for `style: form` (also the default style): without
//! this, `style: form` alone would read as joined items, and
//! `explode: false` alone could not be told from no `explode` at all.

use serde_yaml::{Mapping, Value};

pub(super) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Write each request body encoding's `explode` where the document leaves
/// it to its default.
pub(super) fn fill_explode_defaults(document: &mut Value) {
    let Some(document) = document.as_mapping_mut() else { return };
    if let Some(Value::Mapping(paths)) = document.get_mut("paths") {
        for item in paths.values_mut().filter_map(Value::as_mapping_mut) {
            for method in METHODS {
                if let Some(body) = item.get_mut(method).and_then(|op| op.get_mut("requestBody")) {
                    fill_body(body);
                }
            }
        }
    }
    let bodies = document.get_mut("components").and_then(|c| c.get_mut("requestBodies"));
    if let Some(Value::Mapping(bodies)) = bodies {
        bodies.values_mut().for_each(fill_body);
    }
}

fn fill_body(body: &mut Value) {
    let Some(Value::Mapping(content)) = body.get_mut("content") else { return };
    for media in content.values_mut() {
        let Some(Value::Mapping(encoding)) = media.get_mut("encoding") else { continue };
        for field in encoding.values_mut().filter_map(Value::as_mapping_mut) {
            fill_field(field);
        }
    }
}

fn fill_field(field: &mut Mapping) {
    if field.contains_key("explode") {
        return;
    }
    let form = match field.get("style") {
        None => true,
        Some(style) => style.as_str() == Some("form"),
    };
    field.insert("explode".into(), form.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(yaml: &str) -> Value {
        let mut value: Value = serde_yaml::from_str(yaml).expect("yaml");
        fill_explode_defaults(&mut value);
        value
    }

    #[test]
    fn explode_follows_the_style_where_it_is_left_out() {
        let value = filled(
            "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            encoding:\n              a: {style: form}\n              b: {style: pipeDelimited}\n              c: {explode: false}\n              d: {contentType: text/plain}\n",
        );
        let encoding =
            &value["paths"]["/a"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["encoding"];
        let explode = |field: &str| encoding[field]["explode"].as_bool();
        assert_eq!(
            [explode("a"), explode("b"), explode("c"), explode("d")],
            [Some(true), Some(false), Some(false), Some(true)]
        );
    }

    #[test]
    fn shared_request_bodies_are_filled_too() {
        let value = filled(
            "components:\n  requestBodies:\n    Form:\n      content:\n        application/x-www-form-urlencoded:\n          encoding:\n            tags: {style: form}\n",
        );
        let field = &value["components"]["requestBodies"]["Form"]["content"]["application/x-www-form-urlencoded"]["encoding"]
            ["tags"];
        assert_eq!(field["explode"].as_bool(), Some(true));
    }
}
