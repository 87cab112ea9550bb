//! An example request the mock prints when it starts (`Try: curl ...`):
//! the first `GET` operation without a required body, its required
//! parameters from the spec's examples (or synthesized), and a credential
//! of the scheme it requires. `{url}` stands for the address the mock
//! listens on, known only when it runs.

use oapi_runtime::validate::Direction;
use serde_json::Value;

use super::values::Samples;
use crate::ir::{Api, ApiKeyLocation, AuthKind, HttpMethod, Operation, ParamLocation, Parameter, PathSegment};

/// The `curl` command line, or `None` when no operation fits.
pub(super) fn example_request(api: &Api, samples: &mut Samples<'_>) -> Option<String> {
    let op = api
        .operations
        .iter()
        .find(|op| op.method == HttpMethod::Get && !op.body.as_ref().is_some_and(|b| b.required))?;
    let mut options: Vec<String> = Vec::new();
    let mut query: Vec<String> = Vec::new();
    credentials(api, op, &mut options, &mut query);
    let mut path = String::new();
    for segment in &op.segments {
        match segment {
            PathSegment::Literal(text) => path.push_str(text),
            PathSegment::Param(name) => {
                let p = op.parameters.iter().find(|p| p.location == ParamLocation::Path && &p.name == name)?;
                path.push_str(&encode(&wire_text(p, samples)?));
            }
        }
    }
    for p in op.parameters.iter().filter(|p| p.required) {
        match p.location {
            ParamLocation::Query => query.push(format!("{}={}", encode(&p.name), encode(&wire_text(p, samples)?))),
            ParamLocation::Header => {
                options.push(format!("-H {}", quote(&format!("{}: {}", p.name, wire_text(p, samples)?))))
            }
            ParamLocation::Cookie => {
                options.push(format!("--cookie {}", quote(&format!("{}={}", p.name, wire_text(p, samples)?))))
            }
            ParamLocation::Path => {}
        }
    }
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    options.push(quote(&format!("{{url}}{path}{query}")));
    Some(format!("curl {}", options.join(" ")))
}

/// A credential for the first alternative of the operation's requirement
/// (none when anonymous access is one of them).
fn credentials(api: &Api, op: &Operation, options: &mut Vec<String>, query: &mut Vec<String>) {
    let alternatives = &op.security.alternatives;
    if alternatives.iter().any(Vec::is_empty) {
        return;
    }
    for scheme in alternatives.first().into_iter().flatten().filter_map(|u| api.security_schemes.get(u.scheme)) {
        match &scheme.kind {
            AuthKind::Bearer { .. } | AuthKind::OAuth2 { .. } | AuthKind::OpenIdConnect { .. } => {
                options.push(format!("-H {}", quote("Authorization: Bearer any-token")))
            }
            AuthKind::Basic => options.push(format!("-u {}", quote("any-user:any-password"))),
            AuthKind::ApiKey { location, name, prefix, .. } => {
                let key = match prefix {
                    Some(prefix) => format!("{prefix} any-key"),
                    None => "any-key".to_owned(),
                };
                match location {
                    ApiKeyLocation::Header => options.push(format!("-H {}", quote(&format!("{name}: {key}")))),
                    ApiKeyLocation::Query => query.push(format!("{}={}", encode(name), encode(&key))),
                    ApiKeyLocation::Cookie => options.push(format!("--cookie {}", quote(&format!("{name}={key}")))),
                }
            }
        }
    }
}

/// The parameter's example if it is valid, else a synthesized value.
fn value(p: &Parameter, samples: &mut Samples<'_>) -> Option<Value> {
    let valid = |e: &&Value| samples.checker().check(e, &p.ty, &p.constraints, Direction::Request).is_ok();
    if let Some(example) = p.example.as_ref().filter(valid) {
        return Some(example.clone());
    }
    let sample = samples.sample(&p.ty, &p.constraints, &p.name)?;
    Some(samples.json(&sample))
}

/// The parameter's value as it travels: JSON text for a JSON-encoded one.
fn wire_text(p: &Parameter, samples: &mut Samples<'_>) -> Option<String> {
    let value = value(p, samples)?;
    Some(if p.json.is_some() { value.to_string() } else { text(value) })
}

/// A value as a parameter carries it (`simple` style: arrays comma-separated).
fn text(value: Value) -> String {
    match value {
        Value::String(text) => text,
        Value::Array(items) => items.into_iter().map(text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Percent-encoding of everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// A shell word in single quotes.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::emit::mock::check::Checker;

    fn request(spec: &str) -> Option<String> {
        let spec = crate::load::load_str(Path::new("t.yaml"), spec).expect("loads");
        let api = crate::normalize::normalize(&spec).expect("normalizes").0;
        let bump = bumpalo::Bump::new();
        let checker = Checker::new(&api.types, &bump);
        example_request(&api, &mut Samples::new(&api.types, &checker))
    }

    #[test]
    fn parameters_come_from_examples_and_credentials_from_the_scheme() {
        let spec = "openapi: 3.0.3
info: {title: T, version: '1'}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: Authorization, x-api-key-prefix: Api-Key}
security: [{key: []}]
paths:
  /items:
    post:
      responses: {'201': {description: Created}}
  /items/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, example: a b/c}
        - {name: limit, in: query, required: true, schema: {type: integer, minimum: 5}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: X-Trace, in: header, required: true, schema: {type: string, maxLength: 3}}
      responses: {'200': {description: OK}}
";
        assert_eq!(
            request(spec).as_deref(),
            Some("curl -H 'Authorization: Api-Key any-key' -H 'X-Trace: X-T' '{url}/items/a%20b%2Fc?limit=5'")
        );
    }

    #[test]
    fn anonymous_operations_need_no_credentials_and_posts_are_not_tried() {
        let spec = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    post:
      responses: {'201': {description: Created}}
";
        assert_eq!(request(spec), None);
        let spec = "openapi: 3.0.3
info: {title: T, version: '1'}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
paths:
  /a:
    get:
      security: [{}, {basic: []}]
      responses: {'200': {description: OK}}
";
        assert_eq!(request(spec).as_deref(), Some("curl '{url}/a'"));
    }
}
