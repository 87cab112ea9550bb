//! Paths, operations and parameters: non-body parameters get a `schema` and
//! a `style`; body and formData parameters are gathered per operation (path
//! level ones included) for its `requestBody` ([`super::bodies`]), and
//! `produces` gives responses their media types.

use serde_yaml::{Mapping, Value};

use super::bodies::{body_request, request_body};
use super::responses::{Produces, convert_responses};
use super::schema::{SCHEMA_KEYWORDS, fix_schema, flag_of, simple_schema, type_of};
use super::{Ctx, join, merge_part};
use crate::load::scalar_text;

/// The methods a 2.0 path item holds (and `trace`, which some write anyway).
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Body,
    Form,
    /// Path, query, header, or anything left for the typed parser.
    Other,
}

/// One entry of a `parameters` list, with what it refers to.
pub(super) struct Param {
    /// The entry as written (a parameter or a `$ref`).
    pub(super) value: Value,
    /// The parameter object: the entry, or the shared one it refers to.
    pub(super) object: Option<Mapping>,
    /// Where the entry was written.
    pub(super) written: String,
    /// Where the parameter object was written.
    pub(super) target: String,
    /// The name under the top-level `parameters`, for a `$ref` to one.
    pub(super) shared: Option<String>,
    /// Body, formData or other.
    pub(super) kind: Kind,
}

impl Param {
    fn new(ctx: &Ctx<'_>, value: Value, written: String) -> Self {
        let shared = value
            .as_mapping()
            .and_then(|map| map.get("$ref"))
            .and_then(Value::as_str)
            .and_then(|target| target.strip_prefix("#/parameters/"))
            .filter(|name| !name.contains('/'))
            .map(|name| name.replace("~1", "/").replace("~0", "~"));
        let (object, target) = match &shared {
            Some(name) => {
                (ctx.shared_params.get(name.as_str()).and_then(Value::as_mapping).cloned(), join("/parameters", name))
            }
            None => (value.as_mapping().filter(|map| !map.contains_key("$ref")).cloned(), written.clone()),
        };
        let kind = match object.as_ref().and_then(|map| map.get("in")).and_then(Value::as_str) {
            Some("body") => Kind::Body,
            Some("formData") => Kind::Form,
            _ => Kind::Other,
        };
        Self { value, object, written, target, shared, kind }
    }

    /// `name` and `in`, which identify a parameter within an operation.
    fn key(&self) -> Option<(String, String)> {
        let object = self.object.as_ref()?;
        Some((scalar_text(object.get("name")?), scalar_text(object.get("in")?)))
    }

    /// The parameter's `name`, or empty.
    pub(super) fn name(&self) -> String {
        self.object.as_ref().and_then(|map| map.get("name")).map(scalar_text).unwrap_or_default()
    }
}

/// Convert every path item of `paths`, in place.
pub(super) fn convert_paths(ctx: &mut Ctx<'_>, paths: &mut Value) {
    let Value::Mapping(paths) = paths else {
        return;
    };
    for (template, item) in paths.iter_mut() {
        let template = scalar_text(template);
        if !template.starts_with("x-") {
            convert_path_item(ctx, item, &join("/paths", &template));
        }
    }
}

fn convert_path_item(ctx: &mut Ctx<'_>, item: &mut Value, at: &str) {
    let Value::Mapping(item) = item else {
        return;
    };
    // Body and formData parameters of the path item go down to each operation.
    let mut inherited = Vec::new();
    let mut emptied = false;
    if let Some(Value::Sequence(list)) = item.get_mut("parameters") {
        let list_at = join(at, "parameters");
        let mut kept = Vec::new();
        let written_len = list.len();
        for (i, value) in std::mem::take(list).into_iter().enumerate() {
            let param = Param::new(ctx, value, join(&list_at, &i.to_string()));
            match param.kind {
                Kind::Body | Kind::Form => inherited.push(param),
                Kind::Other => {
                    let rewritten = join(&list_at, &kept.len().to_string());
                    kept.push(convert_listed(ctx, param, &rewritten));
                }
            }
        }
        emptied = kept.is_empty() && written_len > 0;
        *list = kept;
    }
    if emptied {
        item.shift_remove("parameters");
    }
    for method in METHODS {
        if let Some(operation) = item.get_mut(*method) {
            convert_operation(ctx, operation, &inherited, &join(at, method));
        }
    }
}

fn convert_operation(ctx: &mut Ctx<'_>, operation: &mut Value, inherited: &[Param], at: &str) {
    let Value::Mapping(operation) = operation else {
        return;
    };
    let consumes = ctx.media_types(operation.get("consumes"), &join(at, "consumes")).or_else(|| ctx.consumes.clone());
    let mut produces = Produces::new(
        ctx.media_types(operation.get("produces"), &join(at, "produces")).or_else(|| ctx.produces.clone()),
        at,
    );
    let written_op = std::mem::take(operation);

    let list_at = join(at, "parameters");
    let own: Vec<Param> = match written_op.get("parameters") {
        Some(Value::Sequence(list)) => list
            .iter()
            .enumerate()
            .map(|(i, value)| Param::new(ctx, value.clone(), join(&list_at, &i.to_string())))
            .collect(),
        _ => Vec::new(),
    };
    let overridden = |param: &Param| param.key().is_some_and(|key| own.iter().any(|p| p.key().as_ref() == Some(&key)));
    let (mut bodies, mut forms) = (Vec::new(), Vec::new());
    for param in inherited.iter().filter(|param| !overridden(param)) {
        let copy = Param::new(ctx, param.value.clone(), param.written.clone());
        if param.kind == Kind::Body { bodies.push(copy) } else { forms.push(copy) }
    }
    let mut others = Vec::new();
    for param in own {
        match param.kind {
            Kind::Body => bodies.push(param),
            Kind::Form => forms.push(param),
            Kind::Other => {
                let rewritten = join(&list_at, &others.len().to_string());
                others.push(convert_listed(ctx, param, &rewritten));
            }
        }
    }
    let mut body = request_body(ctx, bodies, forms, consumes.as_deref(), at);

    let mut out = Mapping::new();
    for (key, value) in written_op {
        match key.as_str() {
            Some("consumes" | "produces") => {}
            Some("parameters") => {
                if value.is_sequence() {
                    // A list left empty (only body or formData parameters) is left out.
                    if !others.is_empty() || value.as_sequence().is_some_and(Vec::is_empty) {
                        out.insert(key, Value::Sequence(std::mem::take(&mut others)));
                    }
                } else {
                    out.insert(key, value);
                }
                if let Some(body) = body.take() {
                    out.insert("requestBody".into(), body);
                }
            }
            Some("responses") => {
                if let Some(body) = body.take() {
                    out.insert("requestBody".into(), body);
                }
                let mut responses = value;
                convert_responses(ctx, &mut responses, &mut produces, &join(at, "responses"));
                out.insert(key, responses);
            }
            Some("schemes") => {
                if let Some(servers) = operation_servers(ctx, &value, at) {
                    ctx.moved(&join(at, "servers"), &join(at, "schemes"));
                    out.insert("servers".into(), servers);
                }
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    if let Some(body) = body {
        out.insert("requestBody".into(), body);
    }
    *operation = out;
}

/// An operation's own `schemes`, as servers when they differ from the
/// document's and a host is known.
fn operation_servers(ctx: &mut Ctx<'_>, schemes: &Value, at: &str) -> Option<Value> {
    let written = join(at, "schemes");
    let schemes = ctx.media_types(Some(schemes), &written)?;
    if schemes == ctx.schemes || schemes.is_empty() {
        return None;
    }
    let Some(host) = ctx.host.clone() else {
        // One warning for them all: a spec without `host` may give every operation `schemes`.
        match &mut ctx.hostless_schemes {
            Some((_, count)) => *count += 1,
            None => {
                ctx.hostless_schemes = Some((ctx.warnings.len(), 1));
                ctx.warn(
                    &written,
                    "no `host` is declared, so an operation's own `schemes` cannot be expressed; ignored",
                );
            }
        }
        return None;
    };
    let base = ctx.base_path.clone().unwrap_or_default();
    let base = base.trim_end_matches('/');
    let slash = if base.is_empty() || base.starts_with('/') { "" } else { "/" };
    let servers = schemes
        .iter()
        .map(|scheme| {
            let mut server = Mapping::new();
            server.insert("url".into(), format!("{scheme}://{}{slash}{base}", host.trim_end_matches('/')).into());
            Value::Mapping(server)
        })
        .collect();
    Some(Value::Sequence(servers))
}

/// A non-body entry of a `parameters` list, now at `rewritten`: a `$ref`
/// stays (it is rewritten with the others), a parameter is converted.
fn convert_listed(ctx: &mut Ctx<'_>, param: Param, rewritten: &str) -> Value {
    ctx.moved(rewritten, &param.written);
    match (param.value, param.shared) {
        (Value::Mapping(map), None) if !map.contains_key("$ref") => {
            Value::Mapping(convert_parameter(ctx, map, rewritten, &param.written))
        }
        (value, _) => value,
    }
}

/// The top-level `parameters`: path, query and header ones go to
/// `components/parameters`, body ones to `components/requestBodies`
/// (for the document's `consumes`); formData ones are inlined where used.
pub(super) fn shared_parameters(ctx: &mut Ctx<'_>, value: Value, components: &mut Mapping) {
    let Value::Mapping(shared) = value else {
        merge_part(components, "parameters", value);
        return;
    };
    let (mut parameters, mut bodies) = (Mapping::new(), Mapping::new());
    let consumes = ctx.consumes.clone();
    for (name, value) in shared {
        let token = scalar_text(&name);
        let written = join("/parameters", &token);
        let param = Param::new(ctx, value, written.clone());
        match param.kind {
            Kind::Body => {
                let rewritten = join("/components/requestBodies", &token);
                if let Some(body) = body_request(ctx, &param, consumes.as_deref(), &rewritten) {
                    bodies.insert(name, body);
                }
            }
            Kind::Form => {}
            Kind::Other => {
                let rewritten = join("/components/parameters", &token);
                ctx.moved(&rewritten, &written);
                let converted = match param.value {
                    Value::Mapping(map) => Value::Mapping(convert_parameter(ctx, map, &rewritten, &written)),
                    other => other,
                };
                parameters.insert(name, converted);
            }
        }
    }
    if !parameters.is_empty() {
        merge_part(components, "parameters", Value::Mapping(parameters));
    }
    if !bodies.is_empty() {
        merge_part(components, "requestBodies", Value::Mapping(bodies));
    }
}

/// A path, query or header parameter (written at `written`, now at
/// `rewritten`) in 3.0 form: its value keywords under `schema`,
/// `collectionFormat` as `style` and `explode`, `x-example` as `example`.
fn convert_parameter(ctx: &mut Ctx<'_>, param: Mapping, rewritten: &str, written: &str) -> Mapping {
    let location = param.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
    let name = param.get("name").map(scalar_text).unwrap_or_default();
    let schema_at = join(rewritten, "schema");
    let mut schema = match param.get("schema") {
        Some(schema) => {
            ctx.moved(&schema_at, &join(written, "schema"));
            schema.clone()
        }
        None => {
            ctx.moved(&schema_at, written);
            Value::Mapping(simple_schema(ctx, &param, &schema_at, written))
        }
    };
    let schema_written = if param.contains_key("schema") { join(written, "schema") } else { written.to_owned() };
    fix_schema(ctx, &mut schema, &schema_at, &schema_written);
    if param.get("type").and_then(Value::as_str) == Some("file") {
        ctx.warn(
            &join(written, "type"),
            format!("a `file` parameter belongs in formData; {name:?} in {location} is taken as a string"),
        );
        if let Value::Mapping(schema) = &mut schema {
            schema.shift_remove("format");
        }
    }
    let is_array = schema.as_mapping().and_then(type_of) == Some("array");

    let mut out = Mapping::new();
    let mut schema = Some(schema);
    for (key, value) in &param {
        let Some(keyword) = key.as_str() else {
            out.insert(key.clone(), value.clone());
            continue;
        };
        match keyword {
            keyword if keyword == "schema" || SCHEMA_KEYWORDS.contains(&keyword) => {
                if let Some(schema) = schema.take() {
                    out.insert("schema".into(), schema);
                }
            }
            "collectionFormat" => {
                if is_array {
                    let format = value.as_str().unwrap_or_default();
                    let (style, explode) = parameter_style(ctx, format, &location, &join(written, keyword));
                    out.insert("style".into(), style.into());
                    out.insert("explode".into(), explode.into());
                    ctx.near(&join(rewritten, "style"), &join(written, keyword));
                    ctx.near(&join(rewritten, "explode"), &join(written, keyword));
                }
            }
            "x-example" => {
                if !param.contains_key("example") {
                    out.insert("example".into(), value.clone());
                    ctx.moved(&join(rewritten, "example"), &join(written, keyword));
                }
            }
            "allowEmptyValue" if location != "query" => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if let Some(schema) = schema {
        out.insert("schema".into(), schema);
    }
    if is_array && location == "query" && !param.contains_key("collectionFormat") {
        // 2.0's default is csv; 3.0's for a query is one pair per item.
        out.insert("style".into(), "form".into());
        out.insert("explode".into(), false.into());
    }
    if location == "path" && param.get("required").and_then(flag_of) != Some(true) {
        ctx.warn(
            written,
            format!("path parameter {name:?} is not declared `required: true`; a path parameter always is, so it is taken as required"),
        );
        out.insert("required".into(), true.into());
    }
    out
}

/// `style` and `explode` for a 2.0 `collectionFormat` of a parameter in `location`.
pub(super) fn parameter_style(ctx: &mut Ctx<'_>, format: &str, location: &str, written: &str) -> (&'static str, bool) {
    match (location, format) {
        ("query", "csv") => ("form", false),
        ("query", "multi") => ("form", true),
        ("query", "ssv") => ("spaceDelimited", false),
        ("query", "pipes") => ("pipeDelimited", false),
        ("query", _) => {
            ctx.warn(
                written,
                format!("`collectionFormat: {format}` has no OpenAPI 3 equivalent; the values are sent comma-separated (csv)"),
            );
            ("form", false)
        }
        (_, "csv") => ("simple", false),
        _ => {
            ctx.warn(
                written,
                format!(
                    "`collectionFormat: {format}` cannot be expressed for a parameter in {location} in OpenAPI 3; \
                     the values are sent comma-separated (csv)"
                ),
            );
            ("simple", false)
        }
    }
}
