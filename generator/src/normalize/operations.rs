//! Path items to operations: path templates, parameters (path-level merged
//! with operation-level), request bodies by content type, responses by
//! status, and the effective security requirement.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{MediaType, OpenAPI, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema, StatusCode};

use super::refs::Resolver;
use super::schemas::TypeBuilder;
use super::security::Schemes;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::ir::{
    BodyContent, HttpMethod, MediaKind, Operation, PathSegment, RequestBody, Response, ResponseHeader, StatusMatch,
};
use crate::naming::{Scope, pascal_ident, snake_ident};

/// Names a generated client reserves for its own methods.
const RESERVED_FN_NAMES: &[&str] = &["new", "builder", "base_url", "with_header", "with_extension"];

/// Shared state for converting every operation of a document.
pub(crate) struct OperationContext<'a, 'b> {
    pub document: &'a OpenAPI,
    pub root: &'a Location,
    pub resolver: Resolver<'a>,
    pub types: &'b mut TypeBuilder<'a>,
    pub schemes: &'b Schemes,
}

/// Convert every operation. Operations whose conversion hits an
/// unsupported construct are skipped with a warning; malformed ones are errors.
pub(crate) fn operations(ctx: &mut OperationContext<'_, '_>, diagnostics: &mut Diagnostics) -> Vec<Operation> {
    let mut out = Vec::new();
    let mut fn_names = Scope::with_reserved(RESERVED_FN_NAMES.iter().copied());
    let mut type_names = Scope::default();
    let mut explicit_ids: BTreeMap<String, Location> = BTreeMap::new();
    let paths_at = ctx.root.join("paths");
    let mut shared_errors: Vec<(Diagnostic, Vec<String>)> = Vec::new();

    for (path, item) in &ctx.document.paths.paths {
        let Some((item, item_at)) = path_item(ctx.document, item, &paths_at, path, diagnostics) else { continue };
        // Through a `$ref`, the target's operations are generated again for this path.
        let via_ref = matches!(ctx.document.paths.paths.get(path), Some(ReferenceOr::Reference { .. }))
            .then(|| paths_at.join(path).join("$ref"));
        for (method, operation) in methods(item) {
            let at = item_at.join(method.as_str().to_ascii_lowercase());
            let id = match &operation.operation_id {
                Some(id) => {
                    let mut unique = id.clone();
                    if let Some(first) = explicit_ids.get(id) {
                        unique = (2..)
                            .map(|n| format!("{id}_{n}"))
                            .find(|candidate| !explicit_ids.contains_key(candidate))
                            .unwrap_or_default();
                        let (warning_at, whose) = match &via_ref {
                            Some(ref_at) => (ref_at.clone(), format!("operationId {id:?} of the {path:?} copy")),
                            None => (at.join("operationId"), format!("operationId {id:?}")),
                        };
                        diagnostics.warning(
                            warning_at,
                            format!(
                                "{whose} is already used by the operation at {}; this one is generated as {unique:?}",
                                first.pointer
                            ),
                        );
                    }
                    explicit_ids.insert(unique.clone(), at.clone());
                    unique
                }
                None => format!("{} {path}", method.as_str().to_ascii_lowercase()),
            };
            match operation_of(ctx, (path, item, &item_at), method, operation, &id, &at, diagnostics) {
                Ok(mut op) => {
                    op.fn_ident = fn_names.claim(snake_ident(&id));
                    op.type_ident = type_names.claim(pascal_ident(&id));
                    out.push(op);
                }
                // An error in something shared (a component, the path item) is said once, naming its users.
                Err(d) if d.severity == Severity::Error && !d.location.pointer.starts_with(&at.pointer) => {
                    match shared_errors.iter_mut().find(|(e, _)| *e == d) {
                        Some((_, users)) => users.push(id),
                        None => shared_errors.push((d, vec![id])),
                    }
                }
                Err(d) if d.severity == Severity::Error => diagnostics.push(d),
                Err(d) => diagnostics.warning(d.location, format!("operation {id:?} skipped: {}", d.message)),
            }
        }
    }
    for (error, users) in shared_errors {
        let users: Vec<String> = users.iter().map(|id| format!("{id:?}")).collect();
        let noun = if users.len() == 1 { "operation" } else { "operations" };
        diagnostics.error(error.location, format!("{} (used by {noun} {})", error.message, users.join(", ")));
    }
    out
}

/// Where a path item's `$ref` chain may lead: the item of another path of
/// the document (`#/paths/~1other`). `None`, with a warning, for anything else.
fn path_item<'a>(
    document: &'a OpenAPI,
    item: &'a ReferenceOr<PathItem>,
    paths_at: &Location,
    path: &str,
    diagnostics: &mut Diagnostics,
) -> Option<(&'a PathItem, Location)> {
    let mut item = item;
    let mut at = paths_at.join(path);
    let mut trail: Vec<&str> = Vec::new();
    loop {
        let reference = match item {
            ReferenceOr::Item(found) => return Some((found, at)),
            ReferenceOr::Reference { reference } => reference.as_str(),
        };
        let target = reference.strip_prefix("#/paths/").map(|t| t.replace("~1", "/").replace("~0", "~"));
        let found = target.as_ref().and_then(|t| document.paths.paths.get_key_value(t.as_str()));
        let reason = match found {
            _ if trail.contains(&reference) => Some("the chain of path item $refs comes back to itself"),
            None if target.is_some() => Some("it points to no path of this document"),
            None => Some("only $refs to another path of this document (`#/paths/...`) are supported here"),
            Some(_) => None,
        };
        if let Some(reason) = reason {
            diagnostics.warning(
                at.join("$ref"),
                format!(
                    "path item $ref {reference:?} cannot be followed ({reason}); the operations of {path:?} are skipped"
                ),
            );
            return None;
        }
        let (target, next) = found?;
        trail.push(reference);
        at = paths_at.join(target);
        item = next;
    }
}

fn methods(item: &PathItem) -> impl Iterator<Item = (HttpMethod, &openapiv3::Operation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Options, &item.options),
        (HttpMethod::Head, &item.head),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
}

/// A path item: its template, the item, and its location.
type PathEntry<'a, 'l> = (&'l str, &'a PathItem, &'l Location);

fn operation_of<'a>(
    ctx: &mut OperationContext<'a, '_>,
    (path, item, item_at): PathEntry<'a, '_>,
    method: HttpMethod,
    operation: &'a openapiv3::Operation,
    id: &str,
    at: &Location,
    diagnostics: &mut Diagnostics,
) -> Result<Operation, Diagnostic> {
    let segments = parse_template(path, item_at)?;
    let server = own_server(item, item_at, operation, at, diagnostics);
    // Operation names are claimed later; hoisted types need a prefix now.
    let prefix = pascal_ident(id);
    let parameters =
        super::parameters::parameters(ctx, (item, item_at), operation, (id, &segments), at, &prefix, diagnostics)?;
    let body = match &operation.request_body {
        None => None,
        Some(body) => {
            let body = request_body(ctx, body, &at.join("requestBody"), &prefix)?;
            if body.contents.is_empty() {
                diagnostics.warning(
                    at.join("requestBody").join("content"),
                    format!(
                        "the request body of {id:?} declares no media type; the operation is generated without a body"
                    ),
                );
                None
            } else {
                Some(body)
            }
        }
    };
    let responses = responses(ctx, &operation.responses, (id, &at.join("responses")), &prefix, diagnostics)?;
    let security = ctx.schemes.requirement(
        operation.security.as_ref(),
        ctx.document.security.as_ref(),
        at,
        ctx.root,
        diagnostics,
    )?;
    Ok(Operation {
        id: id.to_owned(),
        fn_ident: String::new(),
        type_ident: String::new(),
        method,
        path: path.to_owned(),
        segments,
        summary: non_empty(&operation.summary),
        description: non_empty(&operation.description),
        tags: operation.tags.clone(),
        deprecated: operation.deprecated,
        parameters,
        body,
        responses,
        security,
        server,
        pointer: at.pointer.clone(),
        body_limit: None,
    })
}

/// The operation's own server URL: the first of the operation's `servers`,
/// else of its path item's, with its variables at their defaults; each
/// decision (another server ignored, a variable fixed) is said once.
fn own_server(
    item: &PathItem,
    item_at: &Location,
    operation: &openapiv3::Operation,
    at: &Location,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let (servers, servers_at) = if operation.servers.is_empty() {
        (&item.servers, item_at.join("servers"))
    } else {
        (&operation.servers, at.join("servers"))
    };
    let first = servers.first()?;
    let mut warn = |at: Location, message: String| {
        let warning = Diagnostic::warning(at, message);
        if !diagnostics.iter().any(|d| *d == warning) {
            diagnostics.push(warning);
        }
    };
    if servers.len() > 1 {
        warn(
            servers_at.join("1"),
            format!("only the first of {} servers is used for these operations ({:?})", servers.len(), first.url),
        );
    }
    let mut url = first.url.clone();
    for (name, variable) in first.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
        warn(
            servers_at.join("0").join("variables").join(name),
            format!("server variable {name:?} is fixed at its default {:?} for these operations", variable.default),
        );
    }
    Some(url)
}

pub(super) fn non_empty(text: &Option<String>) -> Option<String> {
    text.as_ref().filter(|t| !t.trim().is_empty()).cloned()
}

/// Split a path template into literal and `{parameter}` segments.
pub(crate) fn parse_template(path: &str, at: &Location) -> Result<Vec<PathSegment>, Diagnostic> {
    if !path.starts_with('/') {
        return Err(Diagnostic::error(at.clone(), format!("expected the path {path:?} to start with \"/\"")));
    }
    let mut segments = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                segments.push(PathSegment::Literal(rest.to_owned()));
                break;
            }
            Some(i) if rest.as_bytes()[i] == b'}' => {
                return Err(Diagnostic::error(at.clone(), format!("unbalanced \"}}\" in path template {path:?}")));
            }
            Some(open) => {
                if open > 0 {
                    segments.push(PathSegment::Literal(rest[..open].to_owned()));
                }
                let after = &rest[open + 1..];
                let close = after.find('}').filter(|&c| !after[..c].contains('{')).ok_or_else(|| {
                    Diagnostic::error(at.clone(), format!("unbalanced \"{{\" in path template {path:?}"))
                })?;
                let name = &after[..close];
                if name.is_empty() {
                    return Err(Diagnostic::error(
                        at.clone(),
                        format!("empty parameter name in path template {path:?}"),
                    ));
                }
                segments.push(PathSegment::Param(name.to_owned()));
                rest = &after[close + 1..];
            }
        }
    }
    Ok(segments)
}

fn request_body<'a>(
    ctx: &mut OperationContext<'a, '_>,
    body: &'a ReferenceOr<openapiv3::RequestBody>,
    at: &Location,
    prefix: &str,
) -> Result<RequestBody, Diagnostic> {
    let (body, body_at, name) = ctx.resolver.resolve(body, at)?;
    // A shared body names its inline schema after itself, not the operation.
    let hint = name.map(|n| pascal_ident(&n)).unwrap_or_else(|| format!("{prefix}Body"));
    let content_at = body_at.join("content");
    let mut contents = contents(ctx, &body.content, &content_at, &hint)?;
    for (content, media) in contents.iter_mut().zip(body.content.values()) {
        if content.kind == MediaKind::Form {
            content.styled = super::form_encoding::styled_fields(media);
        }
    }
    Ok(RequestBody { required: body.required, description: non_empty(&body.description), contents })
}

fn contents<'a>(
    ctx: &mut OperationContext<'a, '_>,
    content: &'a IndexMap<String, MediaType>,
    at: &Location,
    hint: &str,
) -> Result<Vec<BodyContent>, Diagnostic> {
    let mut out = Vec::with_capacity(content.len());
    for (media_type, media) in content {
        let ty = match &media.schema {
            None => None,
            Some(schema) => Some(ctx.types.use_site(schema, &at.join(media_type).join("schema"), hint)?.into_type()),
        };
        out.push(BodyContent { kind: media_kind(media_type), media_type: media_type.clone(), ty, styled: Vec::new() });
    }
    Ok(out)
}

/// Classify a media type by essence (parameters such as charset ignored).
pub(crate) fn media_kind(media_type: &str) -> MediaKind {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => MediaKind::Form,
        "multipart/form-data" => MediaKind::Multipart,
        e if e == "application/json" || e.ends_with("+json") || e == "*/*" => MediaKind::Json,
        e if e.starts_with("text/") => MediaKind::Text,
        _ => MediaKind::Binary,
    }
}

fn responses<'a>(
    ctx: &mut OperationContext<'a, '_>,
    responses: &'a openapiv3::Responses,
    (id, at): (&str, &Location),
    prefix: &str,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Response>, Diagnostic> {
    let mut entries: Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>, Location)> = Vec::new();
    for (code, response) in &responses.responses {
        let status = match code {
            StatusCode::Code(code) if (100..=599).contains(code) => StatusMatch::Code(*code),
            StatusCode::Range(class) if (1..=5).contains(class) => StatusMatch::Range(*class as u8),
            other => {
                return Err(Diagnostic::error(
                    at.join(other.to_string()),
                    format!("expected an HTTP status code, found {other}"),
                ));
            }
        };
        entries.push((status, response, at.join(code.to_string())));
    }
    if let Some(default) = &responses.default {
        entries.push((StatusMatch::Default, default, at.join("default")));
    }
    if entries.is_empty() {
        diagnostics.warning(
            at.clone(),
            format!("operation {id:?} declares no responses; it is generated with a `default` response without a body"),
        );
        return Ok(vec![Response {
            status: StatusMatch::Default,
            ident: "Default".into(),
            description: String::new(),
            headers: Vec::new(),
            contents: Vec::new(),
        }]);
    }
    entries.sort_by_key(|(status, _, _)| *status);

    let mut scope = Scope::default();
    let mut out = Vec::with_capacity(entries.len());
    for (status, response, response_at) in entries {
        let (response, response_at, _) = ctx.resolver.resolve(response, &response_at)?;
        let ident = scope.claim(status_ident(status));
        let hint = format!("{prefix}{ident}Response");
        let mut headers = Vec::new();
        let mut header_scope = Scope::default();
        for (name, header) in &response.headers {
            let header_at = response_at.join("headers").join(name);
            let (header, header_at, _) = ctx.resolver.resolve(header, &header_at)?;
            let (schema, schema_at) = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => (schema, header_at.join("schema")),
                ParameterSchemaOrContent::Content(content) => {
                    match header_content_schema(content, &header_at, (name, id), diagnostics) {
                        Some(found) => found,
                        None => continue,
                    }
                }
            };
            let site = ctx.types.use_site(schema, &schema_at, &format!("{hint}{}", pascal_ident(name)))?;
            headers.push(ResponseHeader {
                name: name.clone(),
                ident: header_scope.claim(snake_ident(name)),
                required: header.required,
                description: non_empty(&header.description).or_else(|| site.description.clone()),
                ty: site.into_type(),
            });
        }
        out.push(Response {
            status,
            ident,
            description: response.description.clone(),
            headers,
            contents: contents(ctx, &response.content, &response_at.join("content"), &hint)?,
        });
    }
    Ok(out)
}

/// The schema of a response header declared with `content`, and where it
/// is: its media type's, the value read as text as with `schema`. `None`,
/// with a warning, when there is no schema or the value is JSON text, which
/// the typed headers do not read: the header is left out of them (a
/// response's headers still hold it), not the operation.
fn header_content_schema<'a>(
    content: &'a IndexMap<String, MediaType>,
    header_at: &Location,
    (name, id): (&str, &str),
    diagnostics: &mut Diagnostics,
) -> Option<(&'a ReferenceOr<Schema>, Location)> {
    let content_at = header_at.join("content");
    let left_out = "it is left out of the typed response headers";
    let Some((media_type, media)) = content.first() else {
        diagnostics.warning(
            content_at,
            format!("operation {id:?}: response header {name:?} declares an empty `content`; {left_out}"),
        );
        return None;
    };
    let media_at = content_at.join(media_type);
    let Some(schema) = &media.schema else {
        diagnostics.warning(
            media_at,
            format!("operation {id:?}: response header {name:?} declares no schema for {media_type:?}; {left_out}"),
        );
        return None;
    };
    if matches!(media_kind(media_type), MediaKind::Json) {
        diagnostics.warning(
            media_at,
            format!(
                "operation {id:?}: response header {name:?} is JSON text ({media_type:?}), which the typed response \
                 headers do not decode; {left_out}"
            ),
        );
        return None;
    }
    let what = format!("operation {id:?}: response header {name:?}");
    warn_of_several_media_types(content.len(), &content_at, &what, media_type, diagnostics);
    Some((schema, media_at.join("schema")))
}

/// A parameter's or header's `content` lists `count` media types where
/// OpenAPI allows one: if more, a warning that the first is used. `what`
/// names the parameter or header (`operation "a": parameter "q"`).
pub(crate) fn warn_of_several_media_types(
    count: usize,
    content_at: &Location,
    what: &str,
    first: &str,
    diagnostics: &mut Diagnostics,
) {
    if count > 1 {
        diagnostics.warning(
            content_at.clone(),
            format!(
                "{what} lists {count} media types in `content` (OpenAPI allows one); the first, {first:?}, is used"
            ),
        );
    }
}

/// A variant name for a status: its reason phrase where it has a common one.
fn status_ident(status: StatusMatch) -> String {
    let code = match status {
        StatusMatch::Default => return "Default".into(),
        StatusMatch::Range(class) => return format!("Status{class}xx"),
        StatusMatch::Code(code) => code,
    };
    let name = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        _ => return format!("Status{code}"),
    };
    name.into()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn templates_split_into_segments() {
        let at = Location::root(Path::new("t.yaml"));
        assert_eq!(
            parse_template("/users/{user_id}/images/", &at).unwrap(),
            vec![
                PathSegment::Literal("/users/".into()),
                PathSegment::Param("user_id".into()),
                PathSegment::Literal("/images/".into())
            ]
        );
        assert_eq!(
            parse_template("/a/{x}.{y}", &at).unwrap(),
            vec![
                PathSegment::Literal("/a/".into()),
                PathSegment::Param("x".into()),
                PathSegment::Literal(".".into()),
                PathSegment::Param("y".into())
            ]
        );
        for bad in ["/a/{x", "/a/x}", "/a/{}", "/a/{{x}}", "a/b"] {
            assert!(parse_template(bad, &at).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn media_kinds() {
        assert_eq!(media_kind("application/json; charset=utf-8"), MediaKind::Json);
        assert_eq!(media_kind("application/problem+json"), MediaKind::Json);
        assert_eq!(media_kind("application/x-www-form-urlencoded"), MediaKind::Form);
        assert_eq!(media_kind("multipart/form-data"), MediaKind::Multipart);
        assert_eq!(media_kind("text/plain"), MediaKind::Text);
        assert_eq!(media_kind("application/octet-stream"), MediaKind::Binary);
    }

    #[test]
    fn response_headers_with_content_are_read_as_text_or_left_out_not_their_operation() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n\
                    \x20     responses:\n        '200':\n          description: ok\n          headers:\n\
                    \x20           X-Text: {content: {text/plain: {schema: {type: integer}}}}\n\
                    \x20           X-Json: {content: {application/json: {schema: {type: object}}}}\n\
                    \x20           X-Bare: {content: {text/plain: {}}}\n\
                    \x20           X-Two: {content: {text/plain: {schema: {type: string}}, text/csv: {}}}\n";
        let loaded = crate::load::load_str(Path::new("t.yaml"), text).expect("loads");
        let (api, warnings) = crate::normalize::normalize(&loaded).expect("normalizes");
        let headers = &api.operations[0].responses[0].headers;
        assert_eq!(
            headers.iter().map(|h| (h.name.as_str(), &h.ty)).collect::<Vec<_>>(),
            [("X-Text", &crate::ir::TypeRef::I64), ("X-Two", &crate::ir::TypeRef::String)]
        );
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        let at = "t.yaml#/paths/~1a/get/responses/200/headers";
        assert!(
            warnings.iter().any(|w| w.contains(&format!(
                "{at}/X-Json/content/application~1json: operation \"a\": response header \"X-Json\" is JSON text"
            ))),
            "{warnings:#?}"
        );
        assert!(
            warnings.iter().any(|w| w.contains(&format!(
                "{at}/X-Bare/content/text~1plain: operation \"a\": response header \"X-Bare\" declares no schema"
            ))),
            "{warnings:#?}"
        );
        let two = format!(
            "{at}/X-Two/content: operation \"a\": response header \"X-Two\" lists 2 media types in `content` (OpenAPI \
             allows one); the first, \"text/plain\", is used"
        );
        assert!(warnings.iter().any(|w| w.ends_with(&two)), "{warnings:#?}");
    }

    #[test]
    fn status_idents() {
        assert_eq!(status_ident(StatusMatch::Code(201)), "Created");
        assert_eq!(status_ident(StatusMatch::Code(299)), "Status299");
        assert_eq!(status_ident(StatusMatch::Range(4)), "Status4xx");
        assert_eq!(status_ident(StatusMatch::Default), "Default");
    }
}
