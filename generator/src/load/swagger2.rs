//! Swagger 2.0 to OpenAPI 3.0.3 (see [`super::convert`]): the 2.0 tree is
//! rewritten in place into the 3.0 tree `openapiv3` reads.
//!
//! What moves where:
//!
//! | Swagger 2.0 | OpenAPI 3.0 |
//! | --- | --- |
//! | `definitions` | `components/schemas` |
//! | `parameters` (top level) | `components/parameters`; `in: body` ones → `components/requestBodies` |
//! | `responses` (top level) | `components/responses` |
//! | `securityDefinitions` | `components/securitySchemes` |
//! | `host`, `basePath`, `schemes` | `servers` |
//! | `in: body` parameter | `requestBody`, one media type per `consumes` entry |
//! | `in: formData` parameters | a `requestBody` object schema, `application/x-www-form-urlencoded` or `multipart/form-data` |
//! | a parameter's `type`, `format`, `items`, `enum`, ... | its `schema` |
//! | `collectionFormat` | `style` and `explode` |
//! | a response's `schema` and `examples` | its `content`, one media type per `produces` entry |
//! | `x-nullable` | `nullable` |
//! | `type: file` | `type: string, format: binary` |
//!
//! Every moved subtree is recorded in the returned [`Origin`], so a
//! diagnostic about the 3.0 tree points into the 2.0 file as written; every
//! decision that loses or guesses something is a located warning. Every
//! `#` `$ref` is rewritten to where its target now is.

mod bodies;
mod operations;
mod responses;
mod schema;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use super::convert::Origin;
use super::scalar_text;
use crate::diagnostics::{Diagnostic, Location, SpecError};

/// The OpenAPI version written into a converted document.
const OPENAPI_VERSION: &str = "3.0.3";

/// Rewrite a Swagger 2.0 tree into an OpenAPI 3.0 one, in place. Returns
/// where the nodes of the rewritten tree were in the document as written;
/// what the rewrite decides goes to `warnings`.
pub fn convert(root: &Location, document: &mut Value, warnings: &mut Vec<Diagnostic>) -> Result<Origin, SpecError> {
    let Some(map) = document.as_mapping_mut() else {
        return Err(SpecError::single(root.clone(), "expected a Swagger 2.0 document (a mapping at the top level)"));
    };
    let written = std::mem::take(map);
    let original = Value::Mapping(written.clone());
    let mut ctx = Ctx::new(root, warnings, &written);
    let mut out = Mapping::new();
    let mut components = Mapping::new();
    let mut servers_done = false;
    for (key, value) in written {
        let name = key.as_str().unwrap_or_default().to_owned();
        match name.as_str() {
            "swagger" => {
                ctx.near("/openapi", "/swagger");
                out.insert("openapi".into(), OPENAPI_VERSION.into());
            }
            "host" | "basePath" | "schemes" => {
                if !servers_done {
                    servers_done = true;
                    if let Some(servers) = servers(&mut ctx) {
                        let written = format!("/{name}");
                        ctx.moved("/servers", &written);
                        for i in 0..servers.as_sequence().map_or(0, Vec::len) {
                            ctx.near(&format!("/servers/{i}"), &written);
                            ctx.near(&format!("/servers/{i}/url"), &written);
                        }
                        out.insert("servers".into(), servers);
                    }
                }
            }
            // Used where bodies and responses get their media types.
            "consumes" | "produces" => {}
            "paths" => {
                let mut paths = value;
                operations::convert_paths(&mut ctx, &mut paths);
                out.insert(key, paths);
            }
            "definitions" => {
                let mut schemas = value;
                if let Some(map) = schemas.as_mapping_mut() {
                    for (name, schema) in map.iter_mut() {
                        let token = scalar_text(name);
                        let (rewritten, written) = (join("/components/schemas", &token), join("/definitions", &token));
                        ctx.moved(&rewritten, &written);
                        schema::fix_schema(&mut ctx, schema, &rewritten, &written);
                    }
                }
                ctx.container("/components/schemas", "/definitions");
                place_components(&mut ctx, &mut out);
                merge_part(&mut components, "schemas", schemas);
            }
            "parameters" => {
                place_components(&mut ctx, &mut out);
                operations::shared_parameters(&mut ctx, value, &mut components);
            }
            "responses" => {
                let mut responses = value;
                if let Some(map) = responses.as_mapping_mut() {
                    let mut produces = responses::Produces::new(ctx.produces.clone(), "/responses");
                    for (name, response) in map.iter_mut() {
                        let token = scalar_text(name);
                        responses::convert_response(
                            &mut ctx,
                            response,
                            &mut produces,
                            &join("/components/responses", &token),
                            &join("/responses", &token),
                        );
                    }
                }
                ctx.container("/components/responses", "/responses");
                place_components(&mut ctx, &mut out);
                merge_part(&mut components, "responses", responses);
            }
            "securityDefinitions" => {
                let schemes = security_schemes(&mut ctx, value);
                ctx.container("/components/securitySchemes", "/securityDefinitions");
                place_components(&mut ctx, &mut out);
                merge_part(&mut components, "securitySchemes", schemes);
            }
            // Not 2.0, but what a loader stage before this one (bundling
            // the files a spec refers to) may have added: kept, and merged
            // with what the conversion puts there.
            "components" if value.is_mapping() => {
                place_components(&mut ctx, &mut out);
                if let Value::Mapping(parts) = value {
                    for (part, value) in parts {
                        merge_part(&mut components, &scalar_text(&part), value);
                    }
                }
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Mapping(components));
    }
    if let Some((index, count @ 2..)) = ctx.hostless_schemes {
        ctx.warnings[index].message = format!(
            "no `host` is declared, so the own `schemes` of {count} operations (this one and {} more) cannot be \
             expressed; ignored",
            count - 1
        );
    }
    let mut document_out = Value::Mapping(out);
    ctx.rewrite_refs(&original, &mut document_out);
    *document = document_out;

    let mut origin = Origin::default();
    for (rewritten, written) in ctx.moves.into_iter().chain(ctx.near) {
        origin.record(rewritten, written);
    }
    Ok(origin)
}

/// Add `value` as `part` of `components`; when both are mappings, the
/// entries join those already there.
pub(super) fn merge_part(components: &mut Mapping, part: &str, value: Value) {
    match (components.get_mut(part), value) {
        (Some(Value::Mapping(existing)), Value::Mapping(more)) => existing.extend(more),
        (_, value) => {
            components.insert(part.into(), value);
        }
    }
}

/// Reserve `components`' place in `out` (where the first of its parts was
/// written); it is filled in at the end.
fn place_components(ctx: &mut Ctx<'_>, out: &mut Mapping) {
    if !out.contains_key("components") {
        // Its parts were written at the top level.
        ctx.container("/components", "");
        out.insert("components".into(), Value::Mapping(Mapping::new()));
    }
}

/// What the conversion of one document shares: the document's defaults,
/// the moves made so far and the warnings.
pub(super) struct Ctx<'a> {
    root: &'a Location,
    warnings: &'a mut Vec<Diagnostic>,
    /// Pairs rewritten → written, in the order they were made.
    moves: Vec<(String, String)>,
    /// Pairs rewritten → written for nodes the conversion made up (a
    /// media type, `content`), to locate them near their source; refs never
    /// follow these.
    near: Vec<(String, String)>,
    /// The top-level `consumes`, if declared.
    consumes: Option<Vec<String>>,
    /// The top-level `produces`, if declared.
    produces: Option<Vec<String>>,
    /// The top-level `parameters` as written, for operations that refer to them.
    shared_params: Mapping,
    /// Whether the document came with `components` (see [`Ctx::container`]).
    had_components: bool,
    /// The top-level `host`, `basePath` and `schemes`.
    host: Option<String>,
    base_path: Option<String>,
    schemes: Vec<String>,
    /// Operations whose own `schemes` no `host` lets be servers: the index
    /// of the one warning about them, and how many there are.
    hostless_schemes: Option<(usize, usize)>,
}

impl<'a> Ctx<'a> {
    fn new(root: &'a Location, warnings: &'a mut Vec<Diagnostic>, document: &Mapping) -> Self {
        let mut ctx = Self {
            root,
            warnings,
            moves: Vec::new(),
            near: Vec::new(),
            consumes: None,
            produces: None,
            had_components: document.contains_key("components"),
            shared_params: document.get("parameters").and_then(Value::as_mapping).cloned().unwrap_or_default(),
            host: document.get("host").and_then(Value::as_str).map(str::to_owned),
            base_path: document.get("basePath").and_then(Value::as_str).map(str::to_owned),
            schemes: Vec::new(),
            hostless_schemes: None,
        };
        ctx.consumes = ctx.media_types(document.get("consumes"), "/consumes");
        ctx.produces = ctx.media_types(document.get("produces"), "/produces");
        ctx.schemes = ctx.media_types(document.get("schemes"), "/schemes").unwrap_or_default();
        ctx
    }

    /// A warning at `written`, a pointer into the document as written.
    pub(super) fn warn(&mut self, written: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(self.root.at(written), message));
    }

    /// Record that the subtree now at `rewritten` was written at `written`.
    pub(super) fn moved(&mut self, rewritten: &str, written: &str) {
        if rewritten != written {
            self.moves.push((rewritten.to_owned(), written.to_owned()));
        }
    }

    /// Record that the node now at `rewritten`, made up by the conversion,
    /// is best located at `written`.
    pub(super) fn near(&mut self, rewritten: &str, written: &str) {
        if rewritten != written {
            self.near.push((rewritten.to_owned(), written.to_owned()));
        }
    }

    /// Record where a container the conversion made (`components`, its
    /// parts) is best located. Not when the document already had
    /// `components` (another loader stage's): a container's record would
    /// take that stage's nodes back to the wrong place.
    pub(super) fn container(&mut self, rewritten: &str, written: &str) {
        if !self.had_components {
            self.near(rewritten, written);
        }
    }

    /// A list of strings (`consumes`, `produces`, `schemes`); entries that
    /// are not strings are dropped with a warning, and a lone string is a list
    /// of one. `None` when absent.
    pub(super) fn media_types(&mut self, value: Option<&Value>, written: &str) -> Option<Vec<String>> {
        let value = value?;
        if let Value::String(single) = value {
            // One entry written without the list around it.
            return Some(vec![single.clone()]);
        }
        let Some(items) = value.as_sequence() else {
            self.warn(written, "expected a list of strings; ignored");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(text) if !out.iter().any(|seen: &String| seen == text) => out.push(text.to_owned()),
                Some(_) => {}
                None => self.warn(&format!("{written}/{i}"), "expected a string; ignored"),
            }
        }
        Some(out)
    }

    /// Point every `#` `$ref` under `value` at where its target now is.
    /// A `$ref` to nothing in `original` (the document as written) is left
    /// as written, so the error about it names what the user wrote.
    fn rewrite_refs(&self, original: &Value, value: &mut Value) {
        let mut forward: HashMap<&str, &str> = HashMap::new();
        for (rewritten, written) in &self.moves {
            forward.entry(written.as_str()).or_insert(rewritten.as_str());
        }
        rewrite_refs_in(&Refs { forward, original }, value);
    }
}

/// What rewriting `$ref`s needs: written → rewritten prefixes, and the
/// document as written.
struct Refs<'a> {
    forward: HashMap<&'a str, &'a str>,
    original: &'a Value,
}

fn rewrite_refs_in(refs: &Refs<'_>, value: &mut Value) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    Some("$ref") => {
                        if let Value::String(target) = child {
                            if let Some(moved) = moved_ref(refs, target) {
                                *target = moved;
                            }
                        }
                    }
                    _ => rewrite_refs_in(refs, child),
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|item| rewrite_refs_in(refs, item)),
        _ => {}
    }
}

/// Where a local `$ref` written against the 2.0 document points in the 3.0
/// one, if its target exists and moved. A `#/components/...` reference was
/// made by the conversion itself (2.0 has no `components`).
fn moved_ref(refs: &Refs<'_>, target: &str) -> Option<String> {
    let pointer = target.strip_prefix('#')?;
    if pointer.starts_with("/components/") || node_at(refs.original, pointer).is_none() {
        return None;
    }
    // Matched token by token, percent-decoded as the moves are recorded;
    // what follows the match is kept as written.
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    (1..=tokens.len()).rev().find_map(|n| {
        let prefix: String =
            tokens[..n].iter().map(|token| format!("/{}", crate::pointer::percent_decode(token))).collect();
        let rewritten = refs.forward.get(prefix.as_str())?;
        let rest: String = tokens[n..].iter().map(|token| format!("/{token}")).collect();
        Some(format!("#{rewritten}{rest}"))
    })
}

/// The node at a JSON pointer (from a URI fragment: percent-encoding
/// allowed) of `document`; mapping keys written as numbers match their digits.
fn node_at<'a>(document: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(document);
    }
    pointer.strip_prefix('/')?.split('/').try_fold(document, |node, token| {
        let token = crate::pointer::percent_decode(token).replace("~1", "/").replace("~0", "~");
        match node {
            Value::Mapping(map) => map.get(token.as_str()).or_else(|| {
                map.iter().find(|(key, _)| matches!(key, Value::Number(n) if n.to_string() == token)).map(|(_, v)| v)
            }),
            Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        }
    })
}

/// `pointer` extended by one reference token, escaped per RFC 6901.
pub(super) fn join(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", crate::pointer::escape(token))
}

/// `host`, `basePath` and `schemes` as 3.0 `servers`, or `None` when the
/// document declares neither a host nor a base path.
fn servers(ctx: &mut Ctx<'_>) -> Option<Value> {
    let (host, base_path) = (ctx.host.clone(), ctx.base_path.clone());
    if host.is_none() && base_path.is_none() {
        if !ctx.schemes.is_empty() {
            ctx.warn(
                "/schemes",
                "`schemes` without `host` or `basePath` cannot be expressed as an OpenAPI 3 server; ignored",
            );
        }
        return None;
    }
    let mut base = base_path.unwrap_or_default();
    if !base.is_empty() && !base.starts_with('/') {
        ctx.warn("/basePath", format!("expected `basePath` to start with `/`; taken as `/{base}`"));
        base.insert(0, '/');
    }
    while base.ends_with('/') {
        base.pop();
    }
    let urls: Vec<String> = match host {
        Some(host) => {
            let host = host.trim_end_matches('/');
            let schemes = if ctx.schemes.is_empty() {
                ctx.warn(
                    "/host",
                    "no `schemes` are declared (Swagger 2.0 then means the scheme the spec was served with); \
                     the server is taken as https",
                );
                vec!["https".to_owned()]
            } else {
                ctx.schemes.clone()
            };
            schemes.iter().map(|scheme| format!("{scheme}://{host}{base}")).collect()
        }
        None => {
            if !ctx.schemes.is_empty() {
                ctx.warn(
                    "/schemes",
                    "no `host` is declared, so the server is the relative URL of `basePath` (on the host the spec \
                     was served from); `schemes` is not used",
                );
            }
            vec![if base.is_empty() { "/".to_owned() } else { base }]
        }
    };
    let servers = urls
        .into_iter()
        .map(|url| {
            let mut server = Mapping::new();
            server.insert("url".into(), url.into());
            Value::Mapping(server)
        })
        .collect();
    Some(Value::Sequence(servers))
}

/// `securityDefinitions` as 3.0 `securitySchemes`.
fn security_schemes(ctx: &mut Ctx<'_>, definitions: Value) -> Value {
    let Value::Mapping(definitions) = definitions else {
        return definitions;
    };
    let mut out = Mapping::new();
    for (name, definition) in definitions {
        let token = scalar_text(&name);
        let (rewritten, written) = (join("/components/securitySchemes", &token), join("/securityDefinitions", &token));
        ctx.moved(&rewritten, &written);
        if let Some(scheme) = security_scheme(ctx, definition, &rewritten, &written) {
            out.insert(name, scheme);
        }
    }
    Value::Mapping(out)
}

/// The 3.0 flow each 2.0 OAuth2 `flow` becomes.
const OAUTH2_FLOWS: &[(&str, &str)] = &[
    ("implicit", "implicit"),
    ("password", "password"),
    ("application", "clientCredentials"),
    ("accessCode", "authorizationCode"),
];

fn security_scheme(ctx: &mut Ctx<'_>, definition: Value, rewritten: &str, written: &str) -> Option<Value> {
    let Value::Mapping(definition) = definition else {
        // Not a scheme at all: left for the typed parser to locate.
        return Some(definition);
    };
    let kind = definition.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
    let mut out = Mapping::new();
    match kind.as_str() {
        "basic" => {
            for (key, value) in definition {
                if key.as_str() == Some("type") {
                    out.insert("type".into(), "http".into());
                    out.insert("scheme".into(), "basic".into());
                } else {
                    out.insert(key, value);
                }
            }
        }
        "apiKey" => out = definition,
        "oauth2" => {
            let flow = definition.get("flow").and_then(Value::as_str).unwrap_or_default().to_owned();
            let Some((_, flow_3)) = OAUTH2_FLOWS.iter().find(|(flow_2, _)| *flow_2 == flow) else {
                ctx.warn(
                    &join(written, "flow"),
                    format!(
                        "expected an OAuth2 `flow` (implicit, password, application or accessCode), found {flow:?}; \
                         the scheme is dropped"
                    ),
                );
                return None;
            };
            let mut flow_object = Mapping::new();
            for key in ["authorizationUrl", "tokenUrl", "scopes"] {
                let value = definition.get(key).cloned();
                let needed = match key {
                    "authorizationUrl" => matches!(*flow_3, "implicit" | "authorizationCode"),
                    "tokenUrl" => *flow_3 != "implicit",
                    _ => true,
                };
                match (value, needed) {
                    (Some(value), true) => {
                        ctx.moved(&join(&join(&join(rewritten, "flows"), flow_3), key), &join(written, key));
                        flow_object.insert(key.into(), value);
                    }
                    (None, true) if key == "scopes" => {
                        flow_object.insert(key.into(), Value::Mapping(Mapping::new()));
                    }
                    (None, true) => {
                        ctx.warn(written, format!("the OAuth2 `{flow}` flow needs `{key}`; the scheme is dropped"));
                        return None;
                    }
                    (Some(_), false) => ctx
                        .warn(&join(written, key), format!("`{key}` has no place in an OAuth2 `{flow}` flow; ignored")),
                    (None, false) => {}
                }
            }
            for (key, value) in definition {
                match key.as_str() {
                    Some("flow") => {
                        let flows_at = join(rewritten, "flows");
                        ctx.near(&flows_at, &join(written, "flow"));
                        ctx.near(&join(&flows_at, flow_3), &join(written, "flow"));
                        let mut flows = Mapping::new();
                        flows.insert((*flow_3).into(), Value::Mapping(std::mem::take(&mut flow_object)));
                        out.insert("flows".into(), Value::Mapping(flows));
                    }
                    Some("authorizationUrl" | "tokenUrl" | "scopes") => {}
                    _ => {
                        out.insert(key, value);
                    }
                }
            }
        }
        other => {
            ctx.warn(
                &join(written, "type"),
                format!(
                    "expected a security scheme type basic, apiKey or oauth2, found {other:?}; the scheme is dropped"
                ),
            );
            return None;
        }
    }
    Some(Value::Mapping(out))
}
