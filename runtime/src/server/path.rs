//! Path templates the router cannot match as written. axum captures only
//! whole segments, and one route can have only one name per capture, so a
//! generated router routes every segment that holds a parameter as one
//! capture, and the operation's own template takes its parameters out of
//! the captured values, by position:
//! - a parameter sharing its segment with literal text (`/files/{name}.json`,
//!   `/v1/{id}:cancel`, `/compare/{base}...{head}`) is the capture without
//!   that text;
//! - templates equal but for their parameter names (`/items/{id}` beside
//!   `/items/{slug}`) share one route, each operation reading its own names.
//!
//! Where several operations of one method share a route, [`select`] picks
//! the first whose template the captured values match.

use std::borrow::Cow;

use axum::RequestExt as _;
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{FromRequestParts as _, MatchedPath, RawPathParams, Request};
use axum::http::request::Parts;

use super::error::{HttpError, Place};
use super::params::{decode, escape_percent};

/// The route's captured segments, percent-decoded, in path order (with
/// the names the route gave them).
pub(crate) async fn captures(request: &mut Request) -> Result<RawPathParams, HttpError> {
    request.extract_parts::<RawPathParams>().await.map_err(not_captured)
}

/// As [`captures`], from a request already taken apart.
pub(crate) async fn captures_of(parts: &mut Parts) -> Result<RawPathParams, HttpError> {
    RawPathParams::from_request_parts(parts, &()).await.map_err(not_captured)
}

fn not_captured(rejection: RawPathParamsRejection) -> HttpError {
    HttpError::field(Place::Path, "", "type", rejection.body_text())
}

/// The path parameters of a request as it wrote them (still
/// percent-encoded), by name.
#[derive(Debug)]
pub(crate) enum RawPath {
    /// The route's captures, of a path without escapes: each decoded value
    /// is the text as written (nothing copied).
    Captured(RawPathParams),
    /// Each parameter's raw text.
    Raw(Vec<(String, String)>),
}

impl Default for RawPath {
    fn default() -> Self {
        Self::Raw(Vec::new())
    }
}

impl From<Vec<(String, String)>> for RawPath {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Self::Raw(pairs)
    }
}

impl RawPath {
    /// The raw text of the parameter `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        match self {
            Self::Captured(captures) => captures.iter().find(|(key, _)| *key == name).map(|(_, value)| value),
            Self::Raw(pairs) => pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str()),
        }
    }

    /// The text of the parameter `name`, percent-decoded (a path without
    /// escapes was captured as written: nothing to decode).
    pub(crate) fn decoded(&self, name: &str) -> Option<Cow<'_, str>> {
        match self {
            Self::Captured(_) => self.get(name).map(Cow::Borrowed),
            Self::Raw(_) => self.get(name).map(|text| decode(text, false)),
        }
    }

    /// The raw texts in path order.
    pub(crate) fn values(&self) -> Vec<&str> {
        match self {
            Self::Captured(captures) => captures.iter().map(|(_, value)| value).collect(),
            Self::Raw(pairs) => pairs.iter().map(|(_, value)| value.as_str()).collect(),
        }
    }
}

/// The captured segments as the request wrote them (still
/// percent-encoded), for parameters split into items before decoding (a
/// `%2C` inside a `simple` array's item). Every capture of a generated
/// route is one whole segment, so the raw text is the request path's
/// segment where the matched route has the capture, aligned from the end
/// (a router nested under a prefix sees the path without it). A capture
/// whose raw segment cannot be found this way is its decoded value with
/// `%` escaped, which decodes to itself.
pub(crate) fn raw_captures(parts: &Parts, captures: RawPathParams) -> RawPath {
    // A path without escapes: each segment is its decoded value.
    if !parts.uri.path().contains('%') {
        return RawPath::Captured(captures);
    }
    let route = parts.extensions.get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or_default();
    let route: Vec<&str> = route.split('/').collect();
    let path: Vec<&str> = parts.uri.path().split('/').collect();
    let offset = route.len().checked_sub(path.len());
    let raw: Vec<&str> = match offset {
        Some(offset) => route[offset..]
            .iter()
            .zip(&path)
            .filter(|(segment, _)| segment.starts_with('{'))
            .map(|(_, raw)| *raw)
            .collect(),
        None => Vec::new(),
    };
    let aligned = raw.len() == captures.iter().count();
    let pairs = captures
        .iter()
        .enumerate()
        .map(|(i, (name, value))| {
            let raw = raw.get(i).filter(|raw| aligned && decode(raw, false) == value);
            (name.to_owned(), raw.map_or_else(|| escape_percent(value), |raw| (*raw).to_owned()))
        })
        .collect();
    RawPath::Raw(pairs)
}

/// The parameters of `template` given the values captured for its
/// segments that hold parameters, in order; `None` when the values lack
/// the literal text around the parameters, or a parameter would be empty.
pub(crate) fn match_template(template: &str, captures: &[&str]) -> Option<Vec<(String, String)>> {
    let segments: Vec<&str> = template.split('/').filter(|segment| segment.contains('{')).collect();
    if segments.len() != captures.len() {
        return None;
    }
    let mut params = Vec::new();
    for (segment, value) in segments.iter().zip(captures) {
        params.extend(match_segment(segment, value)?);
    }
    Some(params)
}

/// One segment of a template (`{name}.json`, `{base}...{head}`) against
/// its captured value. Parameters are matched from the right, each taking
/// the text after the last occurrence of the literal text before it (as
/// ASP.NET Core does): `{name}.{ext}` splits `a.tar.gz` into `a.tar` and
/// `gz`.
fn match_segment(pattern: &str, value: &str) -> Option<Vec<(String, String)>> {
    let (literals, names) = pieces(pattern)?;
    let (first, last) = (literals[0], literals[literals.len() - 1]);
    let mut rest = value.strip_prefix(first)?;
    rest = rest.strip_suffix(last)?;
    let mut values = vec![""; names.len()];
    for i in (1..names.len()).rev() {
        let separator = literals[i];
        if separator.is_empty() {
            return None;
        }
        // Both sides must keep at least one character.
        let (at, _) = rest.rmatch_indices(separator).find(|(at, _)| *at > 0 && at + separator.len() < rest.len())?;
        values[i] = &rest[at + separator.len()..];
        rest = &rest[..at];
    }
    if rest.is_empty() {
        return None;
    }
    values[0] = rest;
    Some(names.into_iter().zip(values).map(|(name, value)| (name.to_owned(), value.to_owned())).collect())
}

/// A segment's literal texts and parameter names, alternating: one more
/// literal (possibly empty) than names.
fn pieces(pattern: &str) -> Option<(Vec<&str>, Vec<&str>)> {
    let mut literals = Vec::new();
    let mut names = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        literals.push(&rest[..open]);
        names.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    literals.push(rest);
    (!names.is_empty()).then_some((literals, names))
}

/// Which of the operations sharing a route and method serves `request`:
/// the index of the first of `templates` its captured segments match
/// (generated routers list them with the most literal text first); 404
/// when none does.
pub async fn select(request: &mut Request, templates: &[&str]) -> Result<usize, HttpError> {
    let captures = captures(request).await?;
    let values: Vec<&str> = captures.iter().map(|(_, value)| value).collect();
    templates.iter().position(|template| match_template(template, &values).is_some()).ok_or_else(HttpError::not_found)
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::routing::get;
    use tower::ServiceExt as _;

    use super::*;
    use crate::server::{Incoming, Param, Schema};

    fn matched(template: &str, captures: &[&str]) -> Option<Vec<(String, String)>> {
        match_template(template, captures)
    }

    fn pairs(list: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn whole_segments_take_the_template_names_by_position() {
        assert_eq!(matched("/orgs/{org}/items/{slug}", &["acme", "a b"]), pairs(&[("org", "acme"), ("slug", "a b")]));
        assert_eq!(matched("/orgs/{org}/items/{slug}", &["acme"]), None, "one capture per parameter segment");
        assert_eq!(matched("/items", &[]), pairs(&[]));
    }

    #[test]
    fn literal_text_around_a_parameter_is_split_off() {
        assert_eq!(matched("/files/{name}.json", &["report.json"]), pairs(&[("name", "report")]));
        assert_eq!(matched("/files/{name}.json", &["report.xml"]), None);
        assert_eq!(matched("/files/{name}.json", &[".json"]), None, "a parameter is never empty");
        assert_eq!(matched("/v1/{id}:cancel", &["42:cancel"]), pairs(&[("id", "42")]));
        assert_eq!(matched("/v1/{id}:cancel", &["42:start"]), None);
        assert_eq!(matched("/v1/user:{id}", &["user:7"]), pairs(&[("id", "7")]));
        assert_eq!(matched("/v1/({id})", &["(7)"]), pairs(&[("id", "7")]));
        assert_eq!(matched("/v1/({id})", &["()"]), None);
        assert_eq!(matched("/é/{x}ü", &["ñü"]), pairs(&[("x", "ñ")]));
    }

    #[test]
    fn several_parameters_in_a_segment_split_from_the_right() {
        let compare = "/repos/{owner}/compare/{base}...{head}";
        assert_eq!(
            matched(compare, &["o", "main...v1.2"]),
            pairs(&[("owner", "o"), ("base", "main"), ("head", "v1.2")])
        );
        assert_eq!(matched(compare, &["o", "a...b...c"]), pairs(&[("owner", "o"), ("base", "a...b"), ("head", "c")]));
        assert_eq!(matched(compare, &["o", "a....b"]), pairs(&[("owner", "o"), ("base", "a."), ("head", "b")]));
        assert_eq!(matched(compare, &["o", "...b"]), None);
        assert_eq!(matched(compare, &["o", "a..."]), None);
        assert_eq!(matched(compare, &["o", "main"]), None);
        assert_eq!(matched("/{name}.{ext}", &["a.tar.gz"]), pairs(&[("name", "a.tar"), ("ext", "gz")]));
        assert_eq!(matched("/{a}{b}", &["xy"]), None, "adjacent parameters cannot be told apart");
    }

    /// An operation's handler: reads its parameters by its template's names.
    async fn handler(template: &'static str, names: &[&'static str], request: Request) -> Result<String, HttpError> {
        let mut incoming = Incoming::with_template(request, template).await?;
        let mut read = Vec::new();
        for name in names {
            let value: String = incoming.required(&Param::path(name, &Schema::STRING))?;
            read.push(format!("{name}={value}"));
        }
        Ok(format!("{template} {}", read.join(" ")))
    }

    /// What a generated router does for two GET operations sharing the
    /// route `/files/{id}` (most literal text first), a DELETE on it that
    /// reads other names, and a route whose names are not the operation's.
    fn router() -> Router {
        async fn dispatch(mut request: Request) -> Result<String, HttpError> {
            match select(&mut request, &["/files/{name}.json", "/files/{id}"]).await? {
                0 => handler("/files/{name}.json", &["name"], request).await,
                _ => handler("/files/{id}", &["id"], request).await,
            }
        }
        Router::new()
            .route(
                "/files/{id}",
                get(dispatch).delete(|request| handler("/files/{file_name}.bak", &["file_name"], request)),
            )
            .route("/files/{id}/raw", get(|request| handler("/files/{key}/raw", &["key"], request)))
    }

    async fn call(method: &str, uri: &str) -> (StatusCode, String) {
        let request = Request::builder().method(method).uri(uri).body(Body::empty()).expect("request");
        let response = router().oneshot(request).await.expect("infallible");
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn the_literal_heavier_template_wins_and_the_plain_one_takes_the_rest() {
        assert_eq!(call("GET", "/files/a.json").await, (StatusCode::OK, "/files/{name}.json name=a".into()));
        assert_eq!(call("GET", "/files/a.xml").await, (StatusCode::OK, "/files/{id} id=a.xml".into()));
        assert_eq!(call("GET", "/files/%7Bx%7D.json").await.1, "/files/{name}.json name={x}", "decoded first");
        assert_eq!(call("GET", "/files/k/raw").await.1, "/files/{key}/raw key=k");
    }

    #[tokio::test]
    async fn a_path_no_template_matches_is_a_404() {
        assert_eq!(call("DELETE", "/files/a.bak").await.1, "/files/{file_name}.bak file_name=a");
        let (status, body) = call("DELETE", "/files/a.json").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("\"status\":404"), "{body}");
        assert_eq!(call("GET", "/files/%FF").await.0, StatusCode::BAD_REQUEST, "not UTF-8");
    }

    #[tokio::test]
    async fn a_path_parameter_is_read_decoded_with_escapes_or_without() {
        async fn id(request: Request) -> Result<String, HttpError> {
            static ID: Param = Param::path("id", &Schema::STRING);
            Incoming::new(request).await?.required(&ID)
        }
        for (uri, read) in [("/items/a+b~c", "a+b~c"), ("/items/a%2Bb%C3%A9%25", "a+bé%"), ("/items/%2F", "/")] {
            let request = Request::get(uri).body(Body::empty()).expect("request");
            let response = Router::new().route("/items/{id}", get(id)).oneshot(request).await.expect("infallible");
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
            assert_eq!(String::from_utf8_lossy(&body), read, "{uri}");
        }
    }

    #[tokio::test]
    async fn path_parameters_are_read_by_place_in_nested_routers_and_beside_wildcards() {
        async fn read(request: Request) -> Result<String, HttpError> {
            let mut incoming = Incoming::new(request).await?;
            let mut read = Vec::new();
            for name in ["org", "x", "y", "rest"] {
                if let Some(value) = incoming.param::<String>(&Param::path(name, &Schema::STRING))? {
                    read.push(format!("{name}={value}"));
                }
            }
            Ok(read.join(" "))
        }
        let inner = || Router::new().route("/a/{x}/b/{y}", get(read)).route("/files/{x}/{*rest}", get(read));
        let cases = [
            (inner(), "/a/1/b/2", "x=1 y=2"),
            (Router::new().nest("/v1", inner()), "/v1/a/1/b/2", "x=1 y=2"),
            (Router::new().nest("/v1/{org}", inner()), "/v1/acme/a/1/b/2", "org=acme x=1 y=2"),
            (Router::new().nest("/v1/{org}", inner()), "/v1/acme/a/1%2F/b/2", "org=acme x=1/ y=2"),
            (inner(), "/files/k/deep/er", "x=k rest=deep/er"),
        ];
        for (router, uri, read) in cases {
            let request = Request::get(uri).body(Body::empty()).expect("request");
            let response = router.oneshot(request).await.expect("infallible");
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
            assert_eq!(String::from_utf8_lossy(&body), read, "{uri}");
        }
    }

    /// A handler reading a `simple` array from its route's one capture.
    async fn tags(request: Request) -> Result<String, HttpError> {
        static TAGS: Schema<'static> = Schema::Array(&Schema::STRING, &crate::validate::Rules::NONE);
        let tags: Vec<String> = Incoming::new(request).await?.required(&Param::path("tags", &TAGS))?;
        Ok(tags.join("|"))
    }

    #[tokio::test]
    async fn an_escaped_comma_stays_inside_its_item_in_nested_routers_too() {
        let inner = || Router::new().route("/a/{tags}/b", get(tags));
        for (router, prefix) in [(inner(), ""), (Router::new().nest("/v1/{org}", inner()), "/v1/acme")] {
            let uri = format!("{prefix}/a/x%2Cy,z%20w/b");
            let request = Request::get(uri).body(Body::empty()).expect("request");
            let response = router.oneshot(request).await.expect("infallible");
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
            assert_eq!(String::from_utf8_lossy(&body), "x,y|z w", "{prefix}");
        }
    }
}
