//! Responses: `schema` and `examples` become `content` (one media type per
//! `produces` entry), and each header's value keywords its `schema`.

use serde_yaml::{Mapping, Value};

use super::schema::{fix_schema, schema_content, simple_schema};
use super::{Ctx, join};
use crate::load::scalar_text;

/// The media types responses are produced as, from the operation's or the
/// document's `produces`. When neither declares any, JSON is assumed, with
/// one warning (at `at`) the first time a response needs it.
pub(super) struct Produces {
    declared: Option<Vec<String>>,
    at: String,
    warned: bool,
}

impl Produces {
    /// The media types of `declared`, for responses of the node at `at`.
    pub(super) fn new(declared: Option<Vec<String>>, at: &str) -> Self {
        Self { declared, at: at.to_owned(), warned: false }
    }

    fn media_types(&mut self, ctx: &mut Ctx<'_>) -> Vec<String> {
        match &self.declared {
            Some(list) if !list.is_empty() => list.clone(),
            _ => {
                if !self.warned {
                    self.warned = true;
                    ctx.warn(
                        &self.at,
                        "no `produces` applies here (neither the operation's nor the document's); responses with a \
                         `schema` are taken as application/json",
                    );
                }
                vec!["application/json".to_owned()]
            }
        }
    }
}

/// Convert every response of an operation's `responses` (at `at`), in place.
pub(super) fn convert_responses(ctx: &mut Ctx<'_>, responses: &mut Value, produces: &mut Produces, at: &str) {
    let Value::Mapping(responses) = responses else {
        return;
    };
    for (code, response) in responses.iter_mut() {
        let code = scalar_text(code);
        if !code.starts_with("x-") {
            let at = join(at, &code);
            convert_response(ctx, response, produces, &at, &at);
        }
    }
}

/// Convert one response (written at `written`, now at `rewritten`), in place.
pub(super) fn convert_response(
    ctx: &mut Ctx<'_>,
    response: &mut Value,
    produces: &mut Produces,
    rewritten: &str,
    written: &str,
) {
    let Value::Mapping(response) = response else {
        return;
    };
    ctx.moved(rewritten, written);
    if response.contains_key("$ref") {
        return;
    }
    let old = std::mem::take(response);
    let examples = old.get("examples").and_then(Value::as_mapping).cloned().unwrap_or_default();
    let mut used_examples = Vec::new();
    for (key, value) in &old {
        match key.as_str() {
            Some("schema") => {
                let content_at = join(rewritten, "content");
                let schema_written = join(written, "schema");
                let media_types = produces.media_types(ctx);
                let content = schema_content(
                    ctx,
                    value,
                    &media_types,
                    &content_at,
                    &schema_written,
                    |ctx, media_type, media_at, media| {
                        if let Some(example) = examples.get(media_type) {
                            media.insert("example".into(), example.clone());
                            ctx.moved(&join(media_at, "example"), &join(&join(written, "examples"), media_type));
                            used_examples.push(media_type.to_owned());
                        }
                    },
                );
                response.insert("content".into(), Value::Mapping(content));
            }
            Some("headers") => {
                let mut headers = value.clone();
                convert_headers(ctx, &mut headers, &join(rewritten, "headers"), &join(written, "headers"));
                response.insert(key.clone(), headers);
            }
            Some("examples") => {}
            _ => {
                response.insert(key.clone(), value.clone());
            }
        }
    }
    for (media_type, _) in &examples {
        let media_type = scalar_text(media_type);
        if !used_examples.contains(&media_type) {
            ctx.warn(
                &join(&join(written, "examples"), &media_type),
                format!("this response has no `schema` produced as {media_type:?}, so its example is dropped"),
            );
        }
    }
    if !response.contains_key("description") {
        ctx.warn(written, "a response needs a `description`; an empty one is used");
        response.insert("description".into(), "".into());
    }
}

/// A response's `headers`: each header's value keywords go under `schema`.
fn convert_headers(ctx: &mut Ctx<'_>, headers: &mut Value, rewritten: &str, written: &str) {
    let Value::Mapping(headers) = headers else {
        return;
    };
    for (name, header) in headers.iter_mut() {
        let token = scalar_text(name);
        let (rewritten, written) = (join(rewritten, &token), join(written, &token));
        let Value::Mapping(old) = header else { continue };
        if old.contains_key("$ref") || old.contains_key("schema") {
            continue;
        }
        let schema_at = join(&rewritten, "schema");
        ctx.moved(&schema_at, &written);
        let mut schema = Value::Mapping(simple_schema(ctx, old, &schema_at, &written));
        fix_schema(ctx, &mut schema, &schema_at, &written);
        let mut out = Mapping::new();
        let mut schema = Some(schema);
        for (key, value) in old.iter() {
            match key.as_str() {
                Some("description") => {
                    out.insert(key.clone(), value.clone());
                }
                Some("collectionFormat") => {
                    if value.as_str() != Some("csv") {
                        ctx.warn(
                            &join(&written, "collectionFormat"),
                            format!(
                                "a response header's array is comma-separated in OpenAPI 3; `collectionFormat: {}` \
                                 is ignored",
                                scalar_text(value)
                            ),
                        );
                    }
                }
                Some("x-example") => {
                    out.insert("example".into(), value.clone());
                    ctx.moved(&join(&rewritten, "example"), &join(&written, "x-example"));
                }
                Some(other) if other.starts_with("x-") && other != "x-nullable" => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {
                    if let Some(schema) = schema.take() {
                        out.insert("schema".into(), schema);
                    }
                }
            }
        }
        if let Some(schema) = schema {
            out.insert("schema".into(), schema);
        }
        *old = out;
    }
}
