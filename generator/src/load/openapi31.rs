//! OpenAPI 3.1 to OpenAPI 3.0 (see [`super::convert`]), so that 3.1
//! documents, what most current frameworks emit, reach the typed model.
//!
//! The tree is rewritten in place. This module handles the document: the
//! version, `jsonSchemaDialect`, `webhooks` (reported, not generated),
//! `components/pathItems` (inlined where `paths` refer to them), the
//! optional `paths`, 3.1-only `info`/`license` fields (dropped silently:
//! they only document), `mutualTLS` security schemes (dropped with a
//! warning), and the walk to every schema, which [`schema`] rewrites.
//!
//! `$defs` (and `definitions`, their name in older JSON Schema) stay where
//! they are, their schemas converted: a `$ref` to
//! `#/components/schemas/A/$defs/B` resolves as any pointer `$ref` does, and
//! the type is named from its pointer.
//!
//! Every subtree that moves is recorded in the [`Origin`], and every warning
//! is located in the document as written.

mod schema;

use serde_yaml::{Mapping, Value};

use super::convert::Origin;
use crate::diagnostics::{Diagnostic, Location, SpecError};

/// The dialect OpenAPI 3.1 schemas use unless told otherwise.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// The operations of a path item.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many `$ref`s from one path item to another are followed.
const MAX_PATH_ITEM_HOPS: usize = 16;

/// Rewrite an OpenAPI 3.1 tree into an OpenAPI 3.0 one, in place.
pub fn convert(root: &Location, document: &mut Value, warnings: &mut Vec<Diagnostic>) -> Result<Origin, SpecError> {
    let Some(map) = document.as_mapping_mut() else {
        return Err(SpecError::single(root.clone(), "expected an OpenAPI document (a mapping at the top level)"));
    };
    let mut cx = Cx { root: root.clone(), origin: Origin::default(), warnings: Vec::new(), mutual_tls: Vec::new() };
    map.insert("openapi".into(), "3.0.3".into());

    if let Some(dialect) = map.remove("jsonSchemaDialect") {
        let dialect = super::scalar_text(&dialect);
        if dialect != OAS_DIALECT {
            cx.warn(
                "/jsonSchemaDialect",
                format!(
                    "schemas are read as the OpenAPI 3.1 dialect ({OAS_DIALECT}), not as `{dialect}`: keywords \
                     of other dialects are not understood"
                ),
            );
        }
    }
    if let Some(Value::Mapping(info)) = map.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Mapping(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    if let Some(webhooks) = map.remove("webhooks") {
        for name in webhooks.as_mapping().into_iter().flat_map(Mapping::keys) {
            let name = super::scalar_text(name);
            cx.warn(
                &join("/webhooks", &name),
                "webhook not generated: clients and servers are generated for `paths` only",
            );
        }
    }
    if !map.contains_key("paths") {
        map.insert("paths".into(), Value::Mapping(Mapping::new()));
    }

    if let Some(Value::Mapping(schemes)) = map.get_mut("components").and_then(|c| c.get_mut("securitySchemes")) {
        cx.drop_mutual_tls_schemes(schemes);
    }
    let path_items =
        map.get("components").and_then(|c| c.get("pathItems")).and_then(Value::as_mapping).cloned().unwrap_or_default();
    if let Some(Value::Mapping(paths)) = map.get_mut("paths") {
        for (template, item) in paths.iter_mut() {
            let at = join("/paths", &super::scalar_text(template));
            let written = cx.inline_path_item(item, &path_items, &at);
            path_item(&mut cx, item, &at, &written);
        }
    }
    if let Some(Value::Mapping(components)) = map.get_mut("components") {
        cx.components(components);
    }
    if let Some(Value::Sequence(requirements)) = map.get_mut("security") {
        cx.drop_mutual_tls_requirements(requirements, "/security");
    }

    let Cx { origin, warnings: mut found, .. } = cx;
    // A path item inlined where `paths` refer to it is converted there and
    // where it is defined: the same warning twice, once kept.
    found.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| a.message.cmp(&b.message)));
    found.dedup();
    warnings.extend(found);
    Ok(origin)
}

/// The conversion's state: where moved nodes came from, and what it decided.
struct Cx {
    root: Location,
    origin: Origin,
    warnings: Vec<Diagnostic>,
    mutual_tls: Vec<String>,
}

impl Cx {
    /// A warning at `pointer`, in the document as written.
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(self.root.at(pointer), message));
    }

    /// Replace a path item that is a `$ref` to `#/components/pathItems/X`
    /// by a copy of X (3.0 readers do not follow it); the pointer of what
    /// it now holds, as written.
    fn inline_path_item(&mut self, item: &mut Value, path_items: &Mapping, at: &str) -> String {
        let mut written = at.to_owned();
        for _ in 0..MAX_PATH_ITEM_HOPS {
            let Some(reference) = item.get("$ref").and_then(Value::as_str) else { break };
            let Some(name) = reference.strip_prefix("#/components/pathItems/").map(unescape) else { break };
            let Some(target) = path_items.get(name.as_str()) else { break };
            let mut inlined = target.clone();
            // A reference's own summary and description override the target's.
            if let (Some(into), Some(from)) = (inlined.as_mapping_mut(), item.as_mapping()) {
                for key in ["summary", "description"] {
                    if let Some(value) = from.get(key) {
                        into.insert(key.into(), value.clone());
                    }
                }
            }
            *item = inlined;
            written = join("/components/pathItems", &name);
        }
        self.origin.record(at, written.clone());
        written
    }

    /// Remove `mutualTLS` security schemes, which 3.0 has not, remembering
    /// their names.
    fn drop_mutual_tls_schemes(&mut self, schemes: &mut Mapping) {
        let mut dropped = Vec::new();
        schemes.retain(|name, scheme| {
            let mutual = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
            if mutual {
                dropped.push(super::scalar_text(name));
            }
            !mutual
        });
        for name in dropped {
            self.warn(
                &join("/components/securitySchemes", &name),
                "`mutualTLS` security scheme not generated: the TLS client certificate is configured outside the \
                 generated code; requirements naming it are dropped",
            );
            self.mutual_tls.push(name);
        }
    }

    /// Convert what the components hold.
    fn components(&mut self, components: &mut Mapping) {
        let sections: [(&str, Visit); 6] = [
            ("schemas", schema::schema),
            ("parameters", parameter),
            ("headers", parameter),
            ("requestBodies", request_body),
            ("responses", response),
            ("pathItems", path_item),
        ];
        for (section, visit) in sections {
            if let Some(Value::Mapping(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    let at = join(&join("/components", section), &super::scalar_text(name));
                    visit(self, item, &at, &at);
                }
            }
        }
        if let Some(Value::Mapping(callbacks)) = components.get_mut("callbacks") {
            for (name, callback) in callbacks.iter_mut() {
                let at = join("/components/callbacks", &super::scalar_text(name));
                callback_paths(self, callback, &at, &at);
            }
        }
    }

    /// Remove the alternatives of a `security` list that name a dropped
    /// `mutualTLS` scheme.
    fn drop_mutual_tls_requirements(&mut self, requirements: &mut Vec<Value>, written: &str) {
        if self.mutual_tls.is_empty() {
            return;
        }
        let before = requirements.len();
        let names = &self.mutual_tls;
        requirements.retain(|requirement| {
            !requirement.as_mapping().is_some_and(|r| r.keys().any(|k| names.contains(&super::scalar_text(k))))
        });
        if requirements.len() != before {
            self.warn(written, "security requirements naming a `mutualTLS` scheme are dropped");
        }
    }
}

/// What converts one kind of node: the state, the node, and its pointers
/// (rewritten, as written).
type Visit = fn(&mut Cx, &mut Value, &str, &str);

/// A JSON pointer extended by one token, escaped per RFC 6901.
fn join(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", crate::pointer::escape(token))
}

/// A reference token unescaped per RFC 6901.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Visit the children of `node` under `key` (a mapping of named items).
fn each_named(cx: &mut Cx, node: &mut Value, key: &str, r: &str, w: &str, visit: Visit) {
    if let Some(Value::Mapping(items)) = node.get_mut(key) {
        let (r, w) = (join(r, key), join(w, key));
        for (name, item) in items.iter_mut() {
            let name = super::scalar_text(name);
            visit(cx, item, &join(&r, &name), &join(&w, &name));
        }
    }
}

/// Visit the items of the list under `key`.
fn each_listed(cx: &mut Cx, node: &mut Value, key: &str, r: &str, w: &str, visit: Visit) {
    if let Some(Value::Sequence(items)) = node.get_mut(key) {
        let (r, w) = (join(r, key), join(w, key));
        for (i, item) in items.iter_mut().enumerate() {
            visit(cx, item, &join(&r, &i.to_string()), &join(&w, &i.to_string()));
        }
    }
}

/// A path item (at `r` in the rewritten tree, `w` as written).
fn path_item(cx: &mut Cx, item: &mut Value, r: &str, w: &str) {
    each_listed(cx, item, "parameters", r, w, parameter);
    for method in METHODS {
        if let Some(operation) = item.get_mut(*method) {
            let (r, w) = (join(r, method), join(w, method));
            each_listed(cx, operation, "parameters", &r, &w, parameter);
            if let Some(body) = operation.get_mut("requestBody") {
                request_body(cx, body, &join(&r, "requestBody"), &join(&w, "requestBody"));
            }
            each_named(cx, operation, "responses", &r, &w, response);
            each_named(cx, operation, "callbacks", &r, &w, callback_paths);
            if let Some(Value::Sequence(requirements)) = operation.get_mut("security") {
                cx.drop_mutual_tls_requirements(requirements, &join(&w, "security"));
            }
        }
    }
}

/// A callback: expressions to path items.
fn callback_paths(cx: &mut Cx, callback: &mut Value, r: &str, w: &str) {
    if let Value::Mapping(expressions) = callback {
        for (expression, item) in expressions.iter_mut() {
            let expression = super::scalar_text(expression);
            path_item(cx, item, &join(r, &expression), &join(w, &expression));
        }
    }
}

/// A parameter or a header: a schema, or content.
fn parameter(cx: &mut Cx, parameter: &mut Value, r: &str, w: &str) {
    if let Some(schema) = parameter.get_mut("schema") {
        schema::schema(cx, schema, &join(r, "schema"), &join(w, "schema"));
    }
    each_named(cx, parameter, "content", r, w, media_type);
}

fn request_body(cx: &mut Cx, body: &mut Value, r: &str, w: &str) {
    each_named(cx, body, "content", r, w, media_type);
}

fn response(cx: &mut Cx, response: &mut Value, r: &str, w: &str) {
    each_named(cx, response, "headers", r, w, parameter);
    each_named(cx, response, "content", r, w, media_type);
}

fn media_type(cx: &mut Cx, media: &mut Value, r: &str, w: &str) {
    if let Some(schema) = media.get_mut("schema") {
        schema::schema(cx, schema, &join(r, "schema"), &join(w, "schema"));
    }
    if let Some(Value::Mapping(encodings)) = media.get_mut("encoding") {
        for (property, encoding) in encodings.iter_mut() {
            let property = super::scalar_text(property);
            let (r, w) = (join(&join(r, "encoding"), &property), join(&join(w, "encoding"), &property));
            each_named(cx, encoding, "headers", &r, &w, parameter);
        }
    }
}

#[cfg(test)]
mod tests;
