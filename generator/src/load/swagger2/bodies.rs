//! Request bodies: an operation's body parameter becomes its `requestBody`
//! (one media type per `consumes` entry), its formData parameters an
//! object schema sent as `application/x-www-form-urlencoded` or
//! `multipart/form-data`, with `collectionFormat` as the form's `encoding`.

use serde_yaml::{Mapping, Value};

use super::operations::{Param, parameter_style};
use super::schema::{fix_schema, flag_of, schema_content, simple_schema, type_of};
use super::{Ctx, join};
use crate::load::scalar_text;

const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
const JSON: &str = "application/json";

/// The `requestBody` of an operation with these body and formData
/// parameters, if it has any.
pub(super) fn request_body(
    ctx: &mut Ctx<'_>,
    bodies: Vec<Param>,
    forms: Vec<Param>,
    consumes: Option<&[String]>,
    at: &str,
) -> Option<Value> {
    let rewritten = join(at, "requestBody");
    let mut bodies = bodies.into_iter();
    let Some(body) = bodies.next() else {
        return if forms.is_empty() { None } else { Some(form_request(ctx, &forms, consumes, &rewritten)) };
    };
    for extra in bodies {
        ctx.warn(
            &extra.written,
            format!(
                "an operation has one body parameter; {:?} is dropped (the body is {:?})",
                extra.name(),
                body.name()
            ),
        );
    }
    for form in &forms {
        ctx.warn(
            &form.written,
            format!(
                "formData parameter {:?} cannot be sent beside the body parameter {:?}; dropped",
                form.name(),
                body.name()
            ),
        );
    }
    if body.shared.is_some() && consumes == ctx.consumes.as_deref() {
        // The shared body was converted for the document's `consumes`, which this operation keeps.
        ctx.moved(&rewritten, &body.written);
        let mut reference = Mapping::new();
        let name = body.shared.as_deref().unwrap_or_default();
        reference.insert("$ref".into(), join("#/components/requestBodies", name).into());
        return Some(Value::Mapping(reference));
    }
    body_request(ctx, &body, consumes, &rewritten)
}

/// A body parameter as a request body, one media type per `consumes` entry.
pub(super) fn body_request(
    ctx: &mut Ctx<'_>,
    body: &Param,
    consumes: Option<&[String]>,
    rewritten: &str,
) -> Option<Value> {
    let object = body.object.as_ref()?;
    ctx.moved(rewritten, &body.target);
    let media_types = match consumes {
        Some(list) if !list.is_empty() => list.to_vec(),
        _ => {
            ctx.warn(
                &body.written,
                format!(
                    "neither the operation nor the document declares `consumes`; body parameter {:?} is taken as {JSON}",
                    body.name()
                ),
            );
            vec![JSON.to_owned()]
        }
    };
    let mut out = Mapping::new();
    for (key, value) in object {
        match key.as_str() {
            Some("name" | "in") => {}
            Some("schema") => {
                let content_at = join(rewritten, "content");
                let schema_written = join(&body.target, "schema");
                let content = schema_content(ctx, value, &media_types, &content_at, &schema_written, |_, _, _, _| {});
                out.insert("content".into(), Value::Mapping(content));
            }
            Some("description" | "required") => {
                out.insert(key.clone(), value.clone());
            }
            Some(name) if name.starts_with("x-") => {
                out.insert(key.clone(), value.clone());
            }
            _ => ctx.warn(
                &join(&body.target, &scalar_text(key)),
                format!("`{}` has no meaning on a body parameter; ignored", scalar_text(key)),
            ),
        }
    }
    if !out.contains_key("content") {
        ctx.warn(
            &body.target,
            format!("body parameter {:?} has no `schema`; the body is taken as any value", body.name()),
        );
        let mut content = Mapping::new();
        for media_type in &media_types {
            content.insert(media_type.as_str().into(), Value::Mapping(Mapping::new()));
        }
        out.insert("content".into(), Value::Mapping(content));
    }
    Some(Value::Mapping(out))
}

/// Whether `media_type` is one a form is sent as.
fn is_form(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == FORM_URLENCODED || essence == MULTIPART
}

/// The formData parameters of an operation as one object-schema request
/// body per form media type.
fn form_request(ctx: &mut Ctx<'_>, forms: &[Param], consumes: Option<&[String]>, rewritten: &str) -> Value {
    let first = forms.first().map(|form| form.written.clone()).unwrap_or_default();
    let first = &first;
    let has_file = forms
        .iter()
        .any(|form| form.object.as_ref().and_then(|map| map.get("type")).and_then(Value::as_str) == Some("file"));
    let listed: Vec<String> = consumes.unwrap_or_default().iter().filter(|m| is_form(m)).cloned().collect();
    let media_types = if listed.is_empty() {
        let chosen = if has_file { MULTIPART } else { FORM_URLENCODED };
        let said = match consumes {
            Some(list) if !list.is_empty() => format!("`consumes` lists no form media type ({})", list.join(", ")),
            _ => "neither the operation nor the document declares `consumes`".to_owned(),
        };
        ctx.warn(first, format!("{said}; the formData parameters are sent as {chosen}"));
        vec![chosen.to_owned()]
    } else if has_file && !listed.iter().any(|m| m.to_ascii_lowercase().starts_with(MULTIPART)) {
        ctx.warn(
            first,
            format!("a `file` parameter can only be sent as {MULTIPART}, which `consumes` does not list; it is used"),
        );
        vec![MULTIPART.to_owned()]
    } else if has_file && listed.len() > 1 {
        let (multipart, others): (Vec<String>, Vec<String>) =
            listed.into_iter().partition(|m| m.to_ascii_lowercase().starts_with(MULTIPART));
        ctx.warn(
            first,
            format!("{} cannot carry a `file` parameter; the form is sent as {MULTIPART} only", others.join(", ")),
        );
        multipart
    } else {
        listed
    };

    let content_at = join(rewritten, "content");
    let list_written = first.rsplit_once('/').map_or(first.as_str(), |(list, _)| list).to_owned();
    ctx.near(rewritten, &list_written);
    ctx.near(&content_at, &list_written);
    let mut content = Mapping::new();
    let mut required_body = false;
    for (index, media_type) in media_types.iter().enumerate() {
        let media_at = join(&content_at, media_type);
        let schema_at = join(&media_at, "schema");
        for part in [&media_at, &schema_at, &join(&schema_at, "required"), &join(&media_at, "encoding")] {
            ctx.near(part, &list_written);
        }
        let urlencoded = !media_type.to_ascii_lowercase().starts_with(MULTIPART);
        let (mut properties, mut required, mut encoding) = (Mapping::new(), Vec::new(), Mapping::new());
        for form in forms {
            let Some(object) = &form.object else { continue };
            let name = form.name();
            let property_at = join(&join(&schema_at, "properties"), &name);
            ctx.moved(&property_at, &form.target);
            // Warnings about one parameter are given once, not per media type.
            let mut quiet = Vec::new();
            let warnings_before = ctx.warnings.len();
            let property = form_property(ctx, object, &property_at, &form.target);
            if object.get("required").and_then(flag_of) == Some(true) {
                required.push(Value::from(name.clone()));
                required_body = true;
            }
            if let Some(format) = object.get("collectionFormat").and_then(Value::as_str) {
                let is_array = type_of(&property) == Some("array");
                let written = join(&form.target, "collectionFormat");
                match (is_array, urlencoded, format) {
                    (false, _, _) | (true, false, "multi") => {}
                    (true, false, _) => quiet.push((
                        written,
                        format!(
                            "a {MULTIPART} array is sent as one part per item; `collectionFormat: {format}` cannot be \
                             expressed there"
                        ),
                    )),
                    (true, true, _) => {
                        let (style, explode) = parameter_style(ctx, format, "query", &written);
                        if (style, explode) != ("form", true) {
                            let mut entry = Mapping::new();
                            entry.insert("style".into(), style.into());
                            entry.insert("explode".into(), explode.into());
                            encoding.insert(name.as_str().into(), Value::Mapping(entry));
                            ctx.moved(&join(&join(&media_at, "encoding"), &name), &written);
                        }
                    }
                }
            } else if urlencoded && type_of(&property) == Some("array") {
                // 2.0's default is csv; 3.0's for a form is one pair per item.
                let mut entry = Mapping::new();
                entry.insert("style".into(), "form".into());
                entry.insert("explode".into(), false.into());
                encoding.insert(name.as_str().into(), Value::Mapping(entry));
                ctx.moved(&join(&join(&media_at, "encoding"), &name), &form.target);
            }
            if object.contains_key("allowEmptyValue") {
                quiet.push((
                    join(&form.target, "allowEmptyValue"),
                    "`allowEmptyValue` cannot be expressed for a form field in OpenAPI 3; ignored".to_owned(),
                ));
            }
            if index > 0 {
                ctx.warnings.truncate(warnings_before);
            } else {
                for (written, message) in quiet {
                    ctx.warn(&written, message);
                }
            }
            properties.insert(name.into(), Value::Mapping(property));
        }
        let mut schema = Mapping::new();
        schema.insert("type".into(), "object".into());
        schema.insert("properties".into(), Value::Mapping(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Sequence(required));
        }
        let mut media = Mapping::new();
        media.insert("schema".into(), Value::Mapping(schema));
        if !encoding.is_empty() {
            media.insert("encoding".into(), Value::Mapping(encoding));
        }
        content.insert(media_type.as_str().into(), Value::Mapping(media));
    }
    let mut body = Mapping::new();
    body.insert("content".into(), Value::Mapping(content));
    if required_body {
        body.insert("required".into(), true.into());
    }
    Value::Mapping(body)
}

/// One formData parameter as a property of the form's schema: its value
/// keywords and description; `type: file` is binary.
fn form_property(ctx: &mut Ctx<'_>, object: &Mapping, rewritten: &str, written: &str) -> Mapping {
    let mut schema = match object.get("schema") {
        Some(Value::Mapping(schema)) => {
            ctx.moved(rewritten, &join(written, "schema"));
            schema.clone()
        }
        _ => simple_schema(ctx, object, rewritten, written),
    };
    if let Some(description) = object.get("description") {
        if !schema.contains_key("description") {
            schema.insert("description".into(), description.clone());
        }
    }
    if let Some(example) = object.get("x-example").or_else(|| object.get("example")) {
        if !schema.contains_key("example") {
            schema.insert("example".into(), example.clone());
        }
    }
    for (key, value) in object {
        let extension = key.as_str().is_some_and(|k| k.starts_with("x-") && k != "x-nullable" && k != "x-example");
        if extension && !schema.contains_key(key) {
            schema.insert(key.clone(), value.clone());
        }
    }
    let mut value = Value::Mapping(schema);
    fix_schema(ctx, &mut value, rewritten, written);
    match value {
        Value::Mapping(schema) => schema,
        _ => Mapping::new(),
    }
}
