//! An operation's parameters: path-item and operation lists merged, each
//! checked against the path template, typed from its `schema` or (for a
//! JSON-encoded parameter) from the schema of its one `content` entry.
//!
//! What vendors' specs get wrong here is tolerated with a warning: a path
//! parameter the template does not use is dropped, a template parameter
//! declared nowhere becomes a required string, a path parameter without
//! `required: true` is required anyway, and of two declarations of one
//! parameter the later is used.

use indexmap::IndexMap;
use openapiv3::{
    CookieStyle, HeaderStyle, MediaType, Parameter as OaParameter, ParameterSchemaOrContent, PathItem, PathStyle,
    QueryStyle, ReferenceOr, Schema,
};

use super::operations::{OperationContext, media_kind, non_empty, warn_of_several_media_types};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::ir::{Constraints, MediaKind, ParamLocation, ParamStyle, Parameter, PathSegment, TypeRef};
use crate::naming::{Scope, pascal_ident, snake_ident};

/// Names the generated code passes beside the parameters.
const RESERVED_PARAM_NAMES: &[&str] = &["body", "options"];

/// A declared parameter: itself, where it is defined, and where the
/// operation (or path item) lists it.
struct Declared<'a> {
    param: &'a OaParameter,
    at: Location,
    listed_at: Location,
}

/// The parameters of one operation, in spec order (path-item ones first,
/// an operation one replacing a path-item one of the same name and
/// location), with a parameter for each template name declared nowhere.
pub(super) fn parameters<'a>(
    ctx: &mut OperationContext<'a, '_>,
    (item, item_at): (&'a PathItem, &Location),
    operation: &'a openapiv3::Operation,
    (id, segments): (&str, &[PathSegment]),
    at: &Location,
    prefix: &str,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Parameter>, Diagnostic> {
    let mut merged: IndexMap<(String, ParamLocation), Declared<'a>> = IndexMap::new();
    for (list, list_at) in
        [(&item.parameters, item_at.join("parameters")), (&operation.parameters, at.join("parameters"))]
    {
        let mut seen = Vec::new();
        for (i, param) in list.iter().enumerate() {
            let listed_at = list_at.join(i.to_string());
            let (param, param_at, _) = ctx.resolver.resolve(param, &listed_at)?;
            let key = (param.parameter_data_ref().name.clone(), location_of(param));
            if seen.contains(&key) {
                diagnostics.warning(
                    listed_at.clone(),
                    format!(
                        "operation {id:?}: parameter {:?} in {} is declared twice; the later declaration is used",
                        key.0,
                        location_name(key.1)
                    ),
                );
            }
            seen.push(key.clone());
            merged.insert(key, Declared { param, at: param_at, listed_at });
        }
    }

    let template_params: Vec<&str> =
        segments.iter().filter_map(|s| if let PathSegment::Param(p) = s { Some(p.as_str()) } else { None }).collect();
    let mut scope = Scope::with_reserved(RESERVED_PARAM_NAMES.iter().copied());
    let mut out = Vec::with_capacity(merged.len());
    for name in &template_params {
        if !merged.contains_key(&((*name).to_owned(), ParamLocation::Path)) && !out_has(&out, name) {
            diagnostics.warning(
                at.clone(),
                format!(
                    "operation {id:?}: path template parameter {{{name}}} has no parameter declared with `in: path`; \
                     it is generated as a required string"
                ),
            );
            out.push(undeclared(name, &mut scope));
        }
    }
    for ((name, location), declared) in merged {
        let data = declared.param.parameter_data_ref();
        let mut required = data.required;
        if location == ParamLocation::Path {
            if !template_params.contains(&name.as_str()) {
                diagnostics.warning(
                    declared.listed_at.clone(),
                    format!(
                        "operation {id:?}: path parameter {name:?} (declared at {}) does not appear in the path \
                         template; it is left out",
                        declared.at.pointer
                    ),
                );
                continue;
            }
            if !required {
                diagnostics.warning(
                    declared.listed_at.join("required"),
                    format!(
                        "operation {id:?}: path parameter {name:?} lacks `required: true`; it is required, as every \
                         path parameter is"
                    ),
                );
                required = true;
            }
        }
        let (schema, schema_at, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (schema, declared.at.join("schema"), None),
            ParameterSchemaOrContent::Content(content) => content_schema(content, &declared, id, diagnostics)?,
        };
        let site = ctx.types.use_site(schema, &schema_at, &format!("{prefix}{}", pascal_ident(&name)))?;
        let (style, explode) = style_of(declared.param);
        out.push(Parameter {
            ident: scope.claim(snake_ident(&name)),
            name,
            location,
            required,
            style,
            explode,
            json,
            description: non_empty(&data.description).or_else(|| site.description.clone()),
            deprecated: data.deprecated.unwrap_or(false),
            default: site.default.clone(),
            constraints: site.constraints.clone(),
            example: data.example.clone().or_else(|| site.example.clone()),
            ty: site.into_type(),
        });
    }
    Ok(out)
}

fn out_has(out: &[Parameter], name: &str) -> bool {
    out.iter().any(|p| p.location == ParamLocation::Path && p.name == name)
}

/// A required string for a template parameter declared nowhere.
fn undeclared(name: &str, scope: &mut Scope) -> Parameter {
    Parameter {
        name: name.to_owned(),
        ident: scope.claim(snake_ident(name)),
        location: ParamLocation::Path,
        required: true,
        ty: TypeRef::String,
        style: ParamStyle::Simple,
        explode: false,
        json: None,
        description: None,
        deprecated: false,
        default: None,
        constraints: Constraints::default(),
        example: None,
    }
}

/// The schema of a parameter declared with `content`, where it is, and
/// the media type when the value travels as JSON text. The map should
/// hold exactly one entry; of more, the first is used, with a warning.
fn content_schema<'a>(
    content: &'a IndexMap<String, MediaType>,
    declared: &Declared<'a>,
    id: &str,
    diagnostics: &mut Diagnostics,
) -> Result<(&'a ReferenceOr<Schema>, Location, Option<String>), Diagnostic> {
    let name = &declared.param.parameter_data_ref().name;
    let content_at = declared.at.join("content");
    let Some((media_type, media)) = content.first() else {
        return Err(Diagnostic::warning(
            content_at,
            format!("parameter {name:?} declares an empty `content`, so it has no type"),
        ));
    };
    let what = format!("operation {id:?}: parameter {name:?}");
    warn_of_several_media_types(content.len(), &content_at, &what, media_type, diagnostics);
    let media_at = content_at.join(media_type);
    let Some(schema) = &media.schema else {
        return Err(Diagnostic::warning(
            media_at,
            format!("parameter {name:?} declares no schema for {media_type:?}, so it has no type"),
        ));
    };
    let json = match media_kind(media_type) {
        MediaKind::Json => Some(media_type.clone()),
        _ => {
            diagnostics.warning(
                media_at.clone(),
                format!(
                    "operation {id:?}: parameter {name:?} has the media type {media_type:?}, which is not JSON; \
                     its value is sent as it would be with `schema`"
                ),
            );
            None
        }
    };
    Ok((schema, media_at.join("schema"), json))
}

fn location_of(param: &OaParameter) -> ParamLocation {
    match param {
        OaParameter::Path { .. } => ParamLocation::Path,
        OaParameter::Query { .. } => ParamLocation::Query,
        OaParameter::Header { .. } => ParamLocation::Header,
        OaParameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "the path",
        ParamLocation::Query => "the query",
        ParamLocation::Header => "a header",
        ParamLocation::Cookie => "a cookie",
    }
}

/// Style and explode, with OpenAPI's defaults per location.
fn style_of(param: &OaParameter) -> (ParamStyle, bool) {
    let style = match param {
        OaParameter::Path { style, .. } => match style {
            PathStyle::Simple => ParamStyle::Simple,
            PathStyle::Label => ParamStyle::Label,
            PathStyle::Matrix => ParamStyle::Matrix,
        },
        OaParameter::Query { style, .. } => match style {
            QueryStyle::Form => ParamStyle::Form,
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        OaParameter::Header { style: HeaderStyle::Simple, .. } => ParamStyle::Simple,
        OaParameter::Cookie { style: CookieStyle::Form, .. } => ParamStyle::Form,
    };
    let explode = param.parameter_data_ref().explode.unwrap_or(style == ParamStyle::Form);
    (style, explode)
}
