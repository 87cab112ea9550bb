//! Building one request from an operation's arguments, authorizing it,
//! and sending it (again, when the retry policy says so).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::percent_decode_str;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, Url};
use serde::Serialize;

use super::base_url::{REDACTED, redact_password};
use super::body::{Body, Multipart, form_urlencoded};
use super::config::Core;
use super::credentials::{ApiKeyLocation, MissingCredentials, Scheme, SchemeKind, TokenRequest};
use super::error::{InvalidRequest, SendError};
use super::hooks::Context;
use super::params::{Style, encode_component, header_text, path_text, query_pairs, to_json};
use super::response::{Response, content_type};
use crate::{Binary, ByteStream};

/// A response to [`Request::send_streaming`].
#[derive(Debug)]
pub enum Streamed {
    /// A success: its status and headers (`head`, whose body is empty) and
    /// its body, unread.
    Body {
        /// The status and headers.
        head: Response,
        /// The body, as it arrives.
        body: ByteStream,
    },
    /// Any other response, read whole.
    Whole(Response),
}

/// A request being built by a generated operation method. Problems with
/// the arguments are kept and reported by [`Request::send`] before
/// anything is sent.
pub struct Request<'a> {
    core: &'a Core,
    method: Method,
    path: String,
    template: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Body,
    security: &'static [&'static [Scheme]],
    scopes: Vec<(&'static str, &'static [&'static str])>,
    server: Option<&'static str>,
    operation: &'static str,
    error: Option<InvalidRequest>,
}

impl<'a> Request<'a> {
    pub(crate) fn new(core: &'a Core, method: Method, template: &str) -> Self {
        Self {
            core,
            method,
            path: template.to_owned(),
            template: template.to_owned(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: Body::Empty,
            security: &[],
            scopes: Vec::new(),
            server: None,
            operation: "",
            error: None,
        }
    }

    /// Name the request after its operation (its `operationId`), for hooks
    /// and `tracing` spans.
    pub fn operation(mut self, id: &'static str) -> Self {
        self.operation = id;
        self
    }

    /// Send the request to the operation's own server (`servers` of its
    /// operation or path item in the spec) instead of the spec's default
    /// base URL: an absolute `http(s)` URL, or a path on the base URL's
    /// host. A base URL set on the client builder still wins, so a client
    /// pointed at a test server or proxy sends every request there.
    pub fn server(mut self, url: &'static str) -> Self {
        self.server = Some(url);
        self
    }

    /// Fill the `{name}` placeholder of the path (style `simple`).
    pub fn path_param<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        self.path_param_styled(name, value, Style::Simple, false)
    }

    /// Fill the `{name}` placeholder of the path in the given style. The
    /// value is percent-encoded so that it stays one path segment: it
    /// cannot be empty nor `.` or `..`.
    pub fn path_param_styled<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Self {
        let placeholder = format!("{{{name}}}");
        let text = match to_json(value) {
            Ok(value) => path_text(name, &value, style, explode).unwrap_or_default(),
            Err(e) => return self.fail(serialize_error("path parameter", name, e)),
        };
        let invalid = |reason| InvalidRequest::PathParam { name: name.to_owned(), reason };
        if text.is_empty() {
            return self.fail(invalid("is empty"));
        }
        if !self.path.contains(&placeholder) {
            return self.fail(invalid("is not in the path template"));
        }
        let path = self.path.replace(&placeholder, &text);
        if dot_segments(&path) > dot_segments(&self.path) {
            return self.fail(invalid("would be a `.` or `..` path segment"));
        }
        self.path = path;
        self
    }

    /// Add a query parameter (style `form`, exploded); null adds nothing.
    pub fn query<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        self.query_styled(name, value, Style::Form, true)
    }

    /// Add a query parameter in the given style; null adds nothing.
    pub fn query_styled<T: Serialize + ?Sized>(mut self, name: &str, value: &T, style: Style, explode: bool) -> Self {
        match to_json(value) {
            Ok(value) => {
                self.query.extend(query_pairs(name, &value, style, explode));
                self
            }
            Err(e) => self.fail(serialize_error("query parameter", name, e)),
        }
    }

    /// Add a header parameter (style `simple`); null adds nothing.
    pub fn header<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        self.header_styled(name, value, false)
    }

    /// Add a header parameter, exploding objects to `key=value` pairs when
    /// asked; null adds nothing. Values with CR or LF are rejected.
    pub fn header_styled<T: Serialize + ?Sized>(mut self, name: &str, value: &T, explode: bool) -> Self {
        let text = match to_json(value) {
            Ok(value) => header_text(&value, explode),
            Err(e) => return self.fail(serialize_error("header parameter", name, e)),
        };
        let Some(text) = text else { return self };
        match header(name, &text) {
            Ok((name, value)) => {
                self.headers.append(name, value);
                self
            }
            Err(error) => self.fail(error),
        }
    }

    /// Add a cookie parameter (style `form`, exploded); null adds nothing.
    pub fn cookie<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        self.cookie_styled(name, value, true)
    }

    /// Add a cookie parameter; null adds nothing.
    pub fn cookie_styled<T: Serialize + ?Sized>(mut self, name: &str, value: &T, explode: bool) -> Self {
        match to_json(value) {
            Ok(value) => {
                let pairs = query_pairs(name, &value, Style::Form, explode);
                self.cookies.extend(pairs.into_iter().map(|(k, v)| format!("{k}={v}")));
                self
            }
            Err(e) => self.fail(serialize_error("cookie parameter", name, e)),
        }
    }

    /// A JSON body (`application/json`).
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.json_as("application/json", body)
    }

    /// A JSON body with another JSON media type (`application/merge-patch+json`...).
    pub fn json_as<T: Serialize + ?Sized>(self, content_type: &str, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.with_bytes(content_type, bytes),
            Err(e) => self.fail(InvalidRequest::Serialize { what: "the JSON body".to_owned(), message: e.to_string() }),
        }
    }

    /// An `application/x-www-form-urlencoded` body from an object, each
    /// array as one field per item.
    pub fn form<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.form_styled(body, &[])
    }

    /// An `application/x-www-form-urlencoded` body whose fields named in
    /// `styled` travel as their style says: an array as one field of items
    /// joined (`form`: commas; `spaceDelimited`; `pipeDelimited`), a
    /// `deepObject` field as `name[key]=value` pairs, nested ones
    /// `name[key][sub]`, arrays' items `name[0]`.
    pub fn form_styled<T: Serialize + ?Sized>(self, body: &T, styled: &[(&str, Style)]) -> Self {
        match form_urlencoded(body, styled) {
            Ok(text) => self.with_bytes("application/x-www-form-urlencoded", text.into_bytes()),
            Err(message) => self.fail(InvalidRequest::Serialize { what: "the form body".to_owned(), message }),
        }
    }

    /// A `multipart/form-data` body.
    pub fn multipart(mut self, form: Multipart) -> Self {
        if let Some(error) = form.error() {
            return self.fail(error.clone());
        }
        self.body = Body::Multipart(form);
        self
    }

    /// A text body with its media type (`text/plain`...).
    pub fn text_as(self, content_type: &str, body: &str) -> Self {
        self.with_bytes(content_type, body.as_bytes().to_vec())
    }

    /// A raw body with its media type; the file's own media type, when it
    /// has one, wins over `content_type`.
    pub fn binary_as(self, content_type: &str, body: &Binary) -> Self {
        let content_type = body.content_type.as_deref().unwrap_or(content_type).to_owned();
        self.with_bytes(&content_type, body.bytes.clone())
    }

    /// A binary body sent as it is read, not held in memory; its own media
    /// type, when it has one, wins over `content_type`. A request with a
    /// stream is sent once, never retried (a stream can be read only once);
    /// bytes in memory are retried as any body.
    pub fn stream_as(mut self, content_type: &str, body: ByteStream) -> Self {
        let content_type = body.content_type().unwrap_or(content_type).to_owned();
        match body.into_bytes() {
            Ok(bytes) => self.with_bytes(&content_type, bytes.into()),
            Err(stream) => {
                self.body = Body::Stream { content_type, stream: Some(stream) };
                self
            }
        }
    }

    /// The operation's security requirement: any one alternative, each
    /// scheme of that alternative. Empty: no authentication.
    pub fn security(mut self, security: &'static [&'static [Scheme]]) -> Self {
        self.security = security;
        self
    }

    /// The scopes the operation requires of the OAuth2 or OpenID Connect
    /// scheme named `scheme`, which a token provider is asked for.
    pub fn scopes(mut self, scheme: &'static str, scopes: &'static [&'static str]) -> Self {
        self.scopes.push((scheme, scopes));
        self
    }

    /// Send the request, retrying as the client's policy allows, and read
    /// the whole response. With the runtime's `client-tracing` feature, in
    /// a `tracing` span `oapi.request` naming the operation, method and
    /// path template, with the final status (or the error), and a `debug`
    /// event before each retry.
    pub async fn send(self) -> Result<Response, SendError> {
        self.send_traced(false).await.map(|(response, _)| response)
    }

    /// As [`Request::send`], but the body of a success (2XX) response is
    /// left unread, to be read as it arrives: [`Streamed::Body`]. Any other
    /// response is read whole, to be decoded as usual: [`Streamed::Whole`].
    pub async fn send_streaming(self) -> Result<Streamed, SendError> {
        Ok(match self.send_traced(true).await? {
            (head, Some(body)) => Streamed::Body { head, body },
            (response, None) => Streamed::Whole(response),
        })
    }

    async fn send_traced(self, streams: bool) -> Result<(Response, Option<ByteStream>), SendError> {
        #[cfg(feature = "client-tracing")]
        {
            use tracing::Instrument as _;
            let span = tracing::info_span!(
                "oapi.request",
                operation = self.operation,
                method = %self.method,
                path = %self.template,
                status = tracing::field::Empty,
                error = tracing::field::Empty,
            );
            let result = self.send_now(streams).instrument(span.clone()).await;
            match &result {
                Ok((response, _)) => span.record("status", response.status().as_u16()),
                Err(error) => span.record("error", tracing::field::debug(error)),
            };
            result
        }
        #[cfg(not(feature = "client-tracing"))]
        self.send_now(streams).await
    }

    /// The final response: read whole, or, when `streams` and it is a
    /// success, its head (an empty body) and its body unread.
    async fn send_now(self, streams: bool) -> Result<(Response, Option<ByteStream>), SendError> {
        let Self {
            core,
            method,
            path,
            template,
            mut query,
            mut headers,
            mut cookies,
            mut body,
            security,
            scopes,
            server,
            operation,
            error,
        } = self;
        if let Some(error) = error.or_else(|| core.invalid.clone()) {
            return Err(error.into());
        }
        let own_query = query.len();
        let alternative = alternative(core, security)?;
        let tokens = provided_tokens(core, alternative, &scopes).await?;
        authorize(core, alternative, &tokens, &mut headers, &mut query, &mut cookies)?;
        // API keys sent in the query string: kept out of transport errors' URLs.
        let secret_params: Vec<String> = query[own_query..]
            .iter()
            .map(|(name, _)| percent_decode_str(name).decode_utf8_lossy().into_owned())
            .collect();
        let redacted = |error: reqwest::Error| SendError::from(redact_query(error, &secret_params));
        if !cookies.is_empty() {
            let (name, value) = header(COOKIE.as_str(), &cookies.join("; "))?;
            headers.append(name, value);
        }
        if let Some(agent) = &core.user_agent {
            headers.insert(USER_AGENT, agent.clone());
        }
        // Headers set on the client value replace the operation's of the same name.
        for name in core.headers.keys() {
            headers.remove(name);
        }
        headers.extend(core.headers.iter().map(|(name, value)| (Some(name.clone()), value.clone())));
        let base = match server.filter(|_| !core.base_url_set) {
            Some(server) => operation_base(core.base_url.as_str(), server)?,
            None => core.base_url.as_str().to_owned(),
        };
        let url = url(&base, &path, &query)?;
        let retryable = body.replayable()
            && matches!(
                method,
                Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
            );
        let mut retry = 0;
        loop {
            let mut request = core.http.request(method.clone(), url.clone()).headers(headers.clone());
            if let Some(timeout) = core.timeout {
                request = request.timeout(timeout);
            }
            let context = Context { operation, template: &template, attempt: retry, extensions: &core.extensions };
            let mut request = body.apply(request)?.build().map_err(redacted)?;
            for hook in &core.hooks.0 {
                hook.before_send(&mut request, &context);
            }
            let wait = match core.http.execute(request).await {
                Ok(response) => {
                    match core.retry.after_status(retry, response.status(), response.headers()).filter(|_| retryable) {
                        Some(wait) => wait,
                        None => {
                            let received = if streams && response.status().is_success() {
                                let head = Response::new(response.status(), response.headers().clone(), Vec::new());
                                (head, Some(unread(response)))
                            } else {
                                (read(response).await.map_err(redacted)?, None)
                            };
                            for hook in &core.hooks.0 {
                                hook.after_receive(&received.0, &context);
                            }
                            return Ok(received);
                        }
                    }
                }
                Err(error) => match core.retry.after_error(retry, &error).filter(|_| retryable) {
                    Some(wait) => wait,
                    None => return Err(redacted(error)),
                },
            };
            #[cfg(feature = "client-tracing")]
            tracing::debug!(attempt = retry, ?wait, "retrying");
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    fn with_bytes(mut self, content_type: &str, bytes: Vec<u8>) -> Self {
        self.body = Body::Bytes { content_type: content_type.to_owned(), bytes };
        self
    }

    fn fail(mut self, error: InvalidRequest) -> Self {
        self.error.get_or_insert(error);
        self
    }
}

/// A response's body as it arrives, with its media type and length.
fn unread(response: reqwest::Response) -> ByteStream {
    let content_type = content_type(response.headers());
    let len = response.content_length();
    let mut body = ByteStream::new(response.bytes_stream());
    if let Some(content_type) = content_type {
        body = body.with_content_type(content_type);
    }
    match len {
        Some(len) => body.with_len(len),
        None => body,
    }
}

async fn read(response: reqwest::Response) -> Result<Response, reqwest::Error> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?.to_vec();
    Ok(Response::new(status, headers, body))
}

/// `error` with the values of the query parameters `secrets` in its URL
/// replaced by `<redacted>`: reqwest shows the URL in its errors.
fn redact_query(mut error: reqwest::Error, secrets: &[String]) -> reqwest::Error {
    let Some(url) = error.url_mut().filter(|_| !secrets.is_empty()) else { return error };
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| {
            let value = if secrets.iter().any(|s| *s == name) { REDACTED.into() } else { value };
            (name.into_owned(), value.into_owned())
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    error
}

fn serialize_error(what: &str, name: &str, error: serde_json::Error) -> InvalidRequest {
    InvalidRequest::Serialize { what: format!("{what} `{name}`"), message: error.to_string() }
}

/// A header checked to be a valid name and a value without CR, LF or
/// other control characters.
fn header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), InvalidRequest> {
    let header_name =
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| InvalidRequest::HeaderName { name: name.to_owned() })?;
    let header_value =
        HeaderValue::from_bytes(value.as_bytes()).map_err(|_| InvalidRequest::HeaderValue { name: name.to_owned() })?;
    Ok((header_name, header_value))
}

/// How many `.` and `..` segments a path has.
fn dot_segments(path: &str) -> usize {
    path.split('/').filter(|segment| matches!(*segment, "." | "..")).count()
}

/// The base URL of an operation with its own `server`: that URL when it is
/// absolute, else that path on the host of `base_url`.
fn operation_base(base_url: &str, server: &str) -> Result<String, InvalidRequest> {
    let invalid = |message: String| InvalidRequest::Url { url: server.to_owned(), message };
    if server.starts_with("http://") || server.starts_with("https://") {
        return Url::parse(server).map(|_| server.trim_end_matches('/').to_owned()).map_err(|e| invalid(e.to_string()));
    }
    let base = Url::parse(base_url).map_err(|e| invalid(e.to_string()))?;
    let joined = base.join(server).map_err(|e| invalid(e.to_string()))?;
    Ok(joined.as_str().trim_end_matches('/').to_owned())
}

fn url(base_url: &str, path: &str, query: &[(String, String)]) -> Result<Url, InvalidRequest> {
    let mut url = format!("{base_url}{path}");
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"));
    }
    Url::parse(&url)
        .map_err(|e| InvalidRequest::Url { url: redact_password(&url).into_owned(), message: e.to_string() })
}

/// The alternative of `security` to send: the first the configured
/// credentials satisfy, or fail naming what is missing. Anonymous access (an
/// empty alternative, as in `security: [{}, {bearer: []}]`) is the last
/// resort wherever it is listed: configured credentials an alternative takes
/// are sent, since a server may answer more to an authenticated caller.
fn alternative<'s>(core: &Core, security: &'s [&'s [Scheme]]) -> Result<&'s [Scheme], SendError> {
    if security.is_empty() {
        return Ok(&[]);
    }
    let credentials = &core.credentials;
    let satisfied = |alternative: &&&[Scheme]| alternative.iter().all(|s| credentials.satisfies(s));
    let authenticated = security.iter().filter(|alternative| !alternative.is_empty()).find(satisfied);
    match authenticated.or_else(|| security.iter().find(|alternative| alternative.is_empty())) {
        Some(alternative) => Ok(alternative),
        None => Err(MissingCredentials::new(security, credentials).into()),
    }
}

/// The tokens the credentials' token provider gives the OAuth2 schemes of
/// `alternative`, asked with the scopes the operation requires of each.
async fn provided_tokens(
    core: &Core,
    alternative: &[Scheme],
    scopes: &[(&'static str, &'static [&'static str])],
) -> Result<Vec<(&'static str, String)>, SendError> {
    let Some(provider) = core.credentials.token_provider() else { return Ok(Vec::new()) };
    let mut tokens = Vec::new();
    for scheme in alternative.iter().filter(|s| s.kind == SchemeKind::OAuth2) {
        let scopes = scopes.iter().find(|(name, _)| *name == scheme.name).map_or(&[][..], |(_, scopes)| scopes);
        let token = provider
            .token(TokenRequest { scheme: scheme.name, scopes })
            .await
            .map_err(|error| InvalidRequest::TokenProvider { scheme: scheme.name, message: error.to_string() })?;
        tokens.push((scheme.name, token));
    }
    Ok(tokens)
}

/// Send the credentials `alternative` needs: `tokens` are OAuth2 schemes'
/// provided tokens (a scheme without one sends the bearer token).
fn authorize(
    core: &Core,
    alternative: &[Scheme],
    tokens: &[(&'static str, String)],
    headers: &mut HeaderMap,
    query: &mut Vec<(String, String)>,
    cookies: &mut Vec<String>,
) -> Result<(), SendError> {
    let credentials = &core.credentials;
    for scheme in alternative {
        let invalid = |reason| InvalidRequest::Credential { scheme: scheme.name, reason };
        match scheme.kind {
            SchemeKind::Bearer | SchemeKind::OAuth2 => {
                let provided = tokens.iter().find(|(name, _)| *name == scheme.name).map(|(_, token)| token.as_str());
                let token = provided.or(credentials.bearer_token()).unwrap_or_default();
                headers.insert(
                    AUTHORIZATION,
                    secret_value(&format!("Bearer {token}")).ok_or_else(|| invalid(HEADER_BYTES))?,
                );
            }
            SchemeKind::Basic => {
                let (user, password) = credentials.basic_pair().unwrap_or_default();
                if user.contains(':') {
                    return Err(invalid("has a `:` in the username").into());
                }
                if [user, password].iter().any(|part| part.contains(['\r', '\n'])) {
                    return Err(invalid(HEADER_BYTES).into());
                }
                let encoded = STANDARD.encode(format!("{user}:{password}"));
                headers.insert(
                    AUTHORIZATION,
                    secret_value(&format!("Basic {encoded}")).ok_or_else(|| invalid(HEADER_BYTES))?,
                );
            }
            SchemeKind::ApiKey { location, param, prefix } => {
                let key = credentials.api_key_for(scheme.name).unwrap_or_default();
                // The scheme's configured prefix, else the spec's (or the configured replacement of it).
                let prefix = core
                    .api_key_prefixes
                    .get(scheme.name)
                    .map(String::as_str)
                    .or_else(|| prefix.map(|spec| core.api_key_prefix.as_deref().unwrap_or(spec)));
                let value = match prefix.filter(|p| !p.is_empty()) {
                    Some(prefix) => format!("{prefix} {key}"),
                    None => key.to_owned(),
                };
                match location {
                    ApiKeyLocation::Header => {
                        let name = HeaderName::from_bytes(param.as_bytes())
                            .map_err(|_| InvalidRequest::HeaderName { name: param.to_owned() })?;
                        headers.insert(name, secret_value(&value).ok_or_else(|| invalid(HEADER_BYTES))?);
                    }
                    ApiKeyLocation::Query => query.push((encode_component(param), encode_component(&value))),
                    ApiKeyLocation::Cookie => {
                        cookies.push(format!("{}={}", encode_component(param), encode_component(&value)))
                    }
                }
            }
        }
    }
    Ok(())
}

/// What is wrong with a credential that cannot be a header value.
const HEADER_BYTES: &str = "contains CR, LF or other bytes a header cannot carry";

/// A header value marked sensitive (kept out of HTTP/2 header compression
/// tables and `Debug`), or `None` when it has CR, LF or other control bytes.
fn secret_value(text: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_bytes(text.as_bytes()).ok()?;
    value.set_sensitive(true);
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::config::Config;
    use crate::client::credentials::{Credentials, TokenFuture, TokenProvider};

    const BEARER: Scheme = Scheme::bearer("bearerAuth");
    const BASIC: Scheme = Scheme::basic("BasicAuth");
    const HEADER_KEY: Scheme = Scheme::api_key("HeaderKey", ApiKeyLocation::Header, "Authorization", Some("Api-Key"));
    const QUERY_KEY: Scheme = Scheme::api_key("QueryKey", ApiKeyLocation::Query, "api_key", None);
    const COOKIE_KEY: Scheme = Scheme::api_key("CookieKey", ApiKeyLocation::Cookie, "session", None);

    fn core(credentials: Credentials, prefix: Option<&str>) -> Core {
        let config = Config { credentials, api_key_prefix: prefix.map(str::to_owned), ..Config::default() };
        config.build("https://api.example.com/v1", "test/1").unwrap()
    }

    struct Authorized {
        headers: HeaderMap,
        query: Vec<(String, String)>,
        cookies: Vec<String>,
    }

    fn authorized(core: &Core, security: &[&[Scheme]]) -> Result<Authorized, SendError> {
        let mut out = Authorized { headers: HeaderMap::new(), query: Vec::new(), cookies: Vec::new() };
        let alternative = alternative(core, security)?;
        authorize(core, alternative, &[], &mut out.headers, &mut out.query, &mut out.cookies)?;
        Ok(out)
    }

    #[tokio::test]
    async fn api_keys_in_the_query_stay_out_of_transport_errors() {
        const SECRET: &str = "s3cret-key";
        // Nothing listens on port 1: the connection is refused.
        let config = Config { credentials: Credentials::api_key(SECRET), ..Config::default() };
        let core = config.build("http://127.0.0.1:1/v1", "test/1").unwrap();
        let sent = core.request(Method::GET, "/things").query("page", &"2").security(&[&[QUERY_KEY]]).send().await;
        let Err(error @ SendError::Transport(_)) = sent else { panic!("{sent:?}") };
        let error = crate::client::Error::<()>::from(error);
        let (display, debug) = (error.to_string(), format!("{error:?}"));
        for text in [&display, &debug] {
            assert!(!text.contains(SECRET), "{text}");
        }
        assert!(debug.contains("api_key=%3Credacted%3E") && debug.contains("page=2"), "{debug}");
    }

    #[tokio::test]
    async fn api_keys_in_the_query_stay_out_of_errors_mid_download() {
        use std::io::{Read as _, Write as _};
        const SECRET: &str = "s3cret-key";
        // A server that promises 1,000 bytes and closes after 5. reqwest's
        // errors while reading a body carry no URL (unlike a failed send's,
        // which `redact_query` rewrites): a version that adds it fails here.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("accept");
            let mut request = Vec::new();
            let mut buffer = [0; 1024];
            while !request.ends_with(b"\r\n\r\n") {
                let read = stream.read(&mut buffer).expect("read");
                assert_ne!(read, 0, "the request ended early");
                request.extend_from_slice(&buffer[..read]);
            }
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nshort").expect("write");
        });
        let config = Config { credentials: Credentials::api_key(SECRET), ..Config::default() };
        let core = config.build(&format!("http://127.0.0.1:{port}/v1"), "test/1").unwrap();
        let sent = core.request(Method::GET, "/file").query("page", &"2").security(&[&[QUERY_KEY]]).send_streaming();
        let Ok(Streamed::Body { body, .. }) = sent.await else { panic!("a streamed body") };
        let error = body.collect().await.expect_err("cut short");
        server.join().expect("server");
        let (display, debug) = (error.to_string(), format!("{error:?}"));
        for text in [&display, &debug] {
            assert!(!text.contains(SECRET), "{text}");
        }
        assert!(debug.contains("IncompleteBody"), "{debug}");
    }

    /// Gives `<scheme>:<scopes>`; fails for the scheme `Broken`.
    struct Tokens;

    impl TokenProvider for Tokens {
        fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
            Box::pin(async move {
                if request.scheme == "Broken" {
                    return Err("offline".into());
                }
                Ok(format!("{}:{}", request.scheme, request.scopes.join("+")))
            })
        }
    }

    #[tokio::test]
    async fn oauth2_schemes_send_the_provider_s_token_for_the_operation_s_scopes() {
        const OAUTH: Scheme = Scheme::oauth2("petsOAuth");
        const BROKEN: Scheme = Scheme::oauth2("Broken");
        let config = Config { credentials: Credentials::none().with_token_provider(Tokens), ..Config::default() };
        let provided = config.build("https://api.example.com", "test/1").unwrap();
        let chosen = alternative(&provided, &[&[OAUTH]]).unwrap();
        let tokens = provided_tokens(&provided, chosen, &[("petsOAuth", &["read", "write"])]).await.unwrap();
        assert_eq!(tokens, [("petsOAuth", "petsOAuth:read+write".to_owned())]);
        let mut headers = HeaderMap::new();
        authorize(&provided, chosen, &tokens, &mut headers, &mut Vec::new(), &mut Vec::new()).unwrap();
        assert_eq!(headers[AUTHORIZATION], "Bearer petsOAuth:read+write");
        let error = provided_tokens(&provided, &[BROKEN], &[]).await.unwrap_err();
        assert!(matches!(error, SendError::InvalidRequest(InvalidRequest::TokenProvider { .. })), "{error:?}");
        // Without a provider the bearer token serves; with neither, the scheme is missing.
        let bearer = authorized(&core(Credentials::bearer("t"), None), &[&[OAUTH]]).unwrap();
        assert_eq!(bearer.headers[AUTHORIZATION], "Bearer t");
        let missing = authorized(&core(Credentials::none(), None), &[&[OAUTH]]);
        assert!(matches!(missing, Err(SendError::MissingCredentials(_))));
    }

    #[test]
    fn path_params_stay_one_segment() {
        let core = core(Credentials::none(), None);
        let path = |value: &str| {
            let request = core.request(Method::GET, "/users/{id}/keys").path_param("id", &value);
            request.error.map(|e| e.to_string()).unwrap_or(request.path)
        };
        assert_eq!(path("../admin"), "/users/..%2Fadmin/keys");
        assert_eq!(path("a/b"), "/users/a%2Fb/keys");
        assert_eq!(path("x?y#z"), "/users/x%3Fy%23z/keys");
        assert_eq!(path("a b"), "/users/a%20b/keys");
        assert_eq!(path("日本"), "/users/%E6%97%A5%E6%9C%AC/keys");
        assert_eq!(path(".."), "invalid request: path parameter `id` would be a `.` or `..` path segment");
        assert_eq!(path("."), "invalid request: path parameter `id` would be a `.` or `..` path segment");
        assert_eq!(path(""), "invalid request: path parameter `id` is empty");
        assert_eq!(path("..."), "/users/.../keys");
        let request = core.request(Method::GET, "/users/{id}").path_param("other", &"x");
        assert_eq!(
            request.error.unwrap().to_string(),
            "invalid request: path parameter `other` is not in the path template"
        );
    }

    #[test]
    fn urls_join_base_path_and_query() {
        let query = vec![("a".to_owned(), "1".to_owned()), ("b".to_owned(), "x%20y".to_owned())];
        let url = url("https://h.example/v1", "/users/a%2Fb", &query).unwrap();
        assert_eq!(url.as_str(), "https://h.example/v1/users/a%2Fb?a=1&b=x%20y");
        assert_eq!(url.path(), "/v1/users/a%2Fb");
    }

    #[test]
    fn header_params_reject_cr_and_lf() {
        let core = core(Credentials::none(), None);
        for evil in ["a\r\nX-Injected: 1", "a\nb", "a\rb"] {
            let request = core.request(Method::GET, "/").header("X-Trace", &evil);
            assert_eq!(request.error, Some(InvalidRequest::HeaderValue { name: "X-Trace".into() }), "{evil:?}");
        }
        let request = core.request(Method::GET, "/").header("X-Trace", &"café ok").header("X-None", &None::<String>);
        assert!(request.error.is_none());
        assert_eq!(request.headers["x-trace"].as_bytes(), "café ok".as_bytes());
        assert!(!request.headers.contains_key("x-none"));
        let request = core.request(Method::GET, "/").header("Bad Name", &"v");
        assert_eq!(request.error, Some(InvalidRequest::HeaderName { name: "Bad Name".into() }));
    }

    #[test]
    fn operation_servers_replace_the_default_base_url() {
        assert_eq!(
            operation_base("https://api.example.com/v1", "https://files.example.com/").unwrap(),
            "https://files.example.com"
        );
        assert_eq!(operation_base("https://api.example.com/v1", "/v2").unwrap(), "https://api.example.com/v2");
        assert_eq!(operation_base("http://u:p@127.0.0.1:8/v1/", "/up").unwrap(), "http://u:p@127.0.0.1:8/up");
        assert!(operation_base("https://api.example.com", "https://exa mple.com").is_err());
    }

    #[test]
    fn first_satisfiable_alternative_is_applied() {
        let security: &[&[Scheme]] = &[&[HEADER_KEY], &[BASIC]];
        let both = core(Credentials::api_key("k1").with_basic("u", "p"), None);
        assert_eq!(authorized(&both, security).unwrap().headers[AUTHORIZATION], "Api-Key k1");
        let basic = core(Credentials::basic("Aladdin", "open sesame"), None);
        assert_eq!(authorized(&basic, security).unwrap().headers[AUTHORIZATION], "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        let none = core(Credentials::none(), None);
        let Err(SendError::MissingCredentials(missing)) = authorized(&none, security) else {
            panic!("expected missing credentials")
        };
        assert_eq!(missing.missing, vec![vec![HEADER_KEY], vec![BASIC]]);
        // No security: nothing is sent, whatever is configured.
        assert!(authorized(&both, &[]).unwrap().headers.is_empty());
        // An empty alternative is anonymous access: taken without credentials,
        // and only then, wherever it is listed.
        assert!(authorized(&none, &[&[BEARER], &[]]).unwrap().headers.is_empty());
        assert!(authorized(&none, &[&[], &[BEARER]]).unwrap().headers.is_empty());
        let bearer = core(Credentials::bearer("t"), None);
        assert_eq!(authorized(&bearer, &[&[], &[BEARER]]).unwrap().headers[AUTHORIZATION], "Bearer t");
        assert!(authorized(&bearer, &[&[], &[BASIC]]).unwrap().headers.is_empty());
    }

    #[test]
    fn and_alternatives_need_every_scheme() {
        let security: &[&[Scheme]] = &[&[BEARER, QUERY_KEY, COOKIE_KEY]];
        let partial = core(Credentials::bearer("t"), None);
        let Err(SendError::MissingCredentials(missing)) = authorized(&partial, security) else {
            panic!("expected missing credentials")
        };
        assert_eq!(missing.missing, vec![vec![QUERY_KEY, COOKIE_KEY]]);
        let full = core(Credentials::bearer("t").with_api_key("k y"), None);
        let out = authorized(&full, security).unwrap();
        assert_eq!(out.headers[AUTHORIZATION], "Bearer t");
        assert!(out.headers[AUTHORIZATION].is_sensitive());
        assert_eq!(out.query, [("api_key".to_owned(), "k%20y".to_owned())]);
        assert_eq!(out.cookies, ["session=k%20y"]);
    }

    #[test]
    fn api_key_prefix_is_configurable() {
        let token = core(Credentials::api_key("k"), Some("Api-Token"));
        assert_eq!(authorized(&token, &[&[HEADER_KEY]]).unwrap().headers[AUTHORIZATION], "Api-Token k");
        let bare = core(Credentials::api_key("k"), Some(""));
        assert_eq!(authorized(&bare, &[&[HEADER_KEY]]).unwrap().headers[AUTHORIZATION], "k");
        // It replaces the spec's prefixes; a scheme without one still sends the bare key.
        assert_eq!(authorized(&token, &[&[QUERY_KEY]]).unwrap().query, [("api_key".to_owned(), "k".to_owned())]);
    }

    #[test]
    fn each_api_key_scheme_sends_its_own_key_and_prefix() {
        const SECOND: Scheme = Scheme::api_key("Second", ApiKeyLocation::Header, "X-Second", None);
        let credentials = Credentials::api_key("shared").with_api_key_for("Second", "own");
        let mut config = Config { credentials, ..Config::default() };
        config.api_key_prefixes.insert("Second".into(), "Token".into());
        let core = config.build("https://api.example.com", "test/1").unwrap();
        let out = authorized(&core, &[&[HEADER_KEY, SECOND]]).unwrap();
        assert_eq!(out.headers[AUTHORIZATION], "Api-Key shared");
        assert_eq!(out.headers["x-second"], "Token own");
    }

    #[test]
    fn credentials_with_cr_or_lf_are_rejected() {
        let cases = [
            (Credentials::bearer("t\r\nX-Injected: 1"), BEARER),
            (Credentials::api_key("k\nX"), HEADER_KEY),
            (Credentials::basic("u", "p\r\n"), BASIC),
        ];
        for (credentials, scheme) in cases {
            let result = authorized(&core(credentials, None), &[&[scheme]]);
            assert!(
                matches!(&result, Err(SendError::InvalidRequest(InvalidRequest::Credential { scheme: s, .. })) if *s == scheme.name),
                "{scheme:?}"
            );
        }
        let result = authorized(&core(Credentials::basic("a:b", "p"), None), &[&[BASIC]]);
        assert!(matches!(result, Err(SendError::InvalidRequest(InvalidRequest::Credential { .. }))));
    }

    #[test]
    fn bodies_and_cookies() {
        let core = core(Credentials::none(), None);
        let request = core.request(Method::POST, "/").form(&serde_json::json!({"a": 1})).cookie("c", &"v 1");
        let Body::Bytes { content_type, bytes } = &request.body else { panic!("expected bytes") };
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(bytes, b"a=1");
        assert_eq!(request.cookies, ["c=v%201"]);
        let request = core.request(Method::POST, "/").form(&5);
        assert!(matches!(request.error, Some(InvalidRequest::Serialize { .. })));
        let file = Binary::new(b"x".to_vec());
        let request = core.request(Method::POST, "/").binary_as("application/octet-stream", &file);
        assert!(
            matches!(&request.body, Body::Bytes { content_type, .. } if content_type == "application/octet-stream")
        );
    }
}
