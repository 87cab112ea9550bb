//! Support for the mock server generated with each server crate (its
//! `examples/mock.rs`, feature `mock`): the command line ([`Options`]),
//! the status the operations answer with ([`Status`]), an authenticator
//! that accepts any credential of the right scheme or only the ones given
//! ([`MockAuthenticator`]), turning examples into models ([`parse`],
//! [`example`]), and serving ([`run`], with [`server::serve`]'s timeouts
//! and connection limit).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::ops::RangeInclusive;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::server::{self, Authenticator, Credential, Credentials, Limits, Rejected};

/// The options, for `--help`.
pub const USAGE: &str = "\
Options:
  --port PORT            Port to listen on (default 8080; 0 picks a free one)
  --host ADDRESS         Address to listen on (default 127.0.0.1)
  --status CODE          Answer with CODE where an operation declares it (exactly,
                         by its class such as 4XX, or as `default`); other
                         operations answer with their first success status
  --token TOKEN          Accept only this bearer token
  --api-key KEY          Accept only this API key
  --basic USER:PASSWORD  Accept only these basic credentials
                         Without any of these three, any credential of the right
                         scheme is accepted; with some, only those given are.
  --at-root              Serve the API at `/` instead of under the base path of
                         the spec's first server (such as `/v1`)
  --break-responses      Answer wrongly on purpose: every JSON object of a success
                         response loses its members (to see conformance checks fail)
  --header-read-timeout SECONDS
                         Close a connection that has not sent a whole request head
                         within SECONDS (default 10; 0 waits forever)
  --request-timeout SECONDS
                         Answer 408 to a request not served within SECONDS, body
                         included (default 30; 0 waits forever)
  --max-connections N    Serve at most N connections at once; a new one closes the
                         one that has waited longest for a request (default 512)
  -h, --help             Print this help";

/// The status a mock answers with: the one chosen on the command line
/// where an operation declares it, else the operation's first success
/// status. The generated code matches on [`Status::chosen`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Status {
    chosen: Option<u16>,
}

impl Status {
    /// The lowest and highest status that can be chosen.
    pub const CHOOSABLE: RangeInclusive<u16> = 200..=599;

    /// `chosen`, or `None` if it is not in [`Status::CHOOSABLE`].
    pub fn new(chosen: Option<u16>) -> Option<Self> {
        match chosen {
            Some(code) if !Self::CHOOSABLE.contains(&code) => None,
            chosen => Some(Self { chosen }),
        }
    }

    /// The status chosen on the command line, if one was.
    pub fn chosen(self) -> Option<u16> {
        self.chosen
    }

    /// The status for a response covering `range` (a class such as 4XX,
    /// or every status for `default`): the chosen one if it is in the
    /// range, else the range's first.
    pub fn within(self, range: RangeInclusive<u16>) -> StatusCode {
        let code = self.chosen.filter(|code| range.contains(code)).unwrap_or(*range.start());
        StatusCode::from_u16(code).unwrap_or(StatusCode::OK)
    }
}

/// The credentials a mock accepts: any of the right scheme when none is
/// given, else only those given.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct MockAuthenticator {
    token: Option<String>,
    api_key: Option<String>,
    basic: Option<(String, String)>,
}

impl MockAuthenticator {
    /// Whether every credential of the right scheme is accepted.
    pub fn accepts_any(&self) -> bool {
        self.token.is_none() && self.api_key.is_none() && self.basic.is_none()
    }
}

impl Authenticator for MockAuthenticator {
    type Principal = ();

    async fn authenticate(&self, credentials: &Credentials) -> Result<(), Rejected> {
        if self.accepts_any() {
            return Ok(());
        }
        for (scheme, credential) in credentials.iter() {
            let accepted = match credential {
                Credential::Bearer(token) => self.token.as_ref() == Some(token),
                Credential::ApiKey(key) => self.api_key.as_ref() == Some(key),
                Credential::Basic { username, password } => {
                    self.basic.as_ref().is_some_and(|(user, pass)| user == username && pass == password)
                }
            };
            if !accepted {
                return Err(Rejected::new(format!(
                    "not the credential the mock was started with for `{}`",
                    scheme.name
                )));
            }
        }
        Ok(())
    }
}

/// A mock's command line.
#[derive(Clone, PartialEq, Eq)]
pub struct Options {
    /// Where to listen.
    pub address: SocketAddr,
    /// The status to answer with.
    pub status: Status,
    /// Which credentials to accept.
    pub authenticator: MockAuthenticator,
    /// Whether to answer wrongly on purpose (see [`USAGE`]).
    pub break_responses: bool,
    /// Whether to serve the API at `/` rather than under the spec's base path.
    pub at_root: bool,
    /// The timeouts and connection limit to serve with.
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            address: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 8080),
            status: Status::default(),
            authenticator: MockAuthenticator::default(),
            break_responses: false,
            at_root: false,
            limits: Limits::DEFAULT,
        }
    }
}

impl Options {
    /// Parse the arguments (without the program name): the options, or
    /// `None` when help was asked for.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<Self>, String> {
        let mut options = Self::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => (name.to_owned(), Some(value.to_owned())),
                _ => (arg, None),
            };
            let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{name} needs a value"));
            match name.as_str() {
                "-h" | "--help" => return Ok(None),
                "--port" => {
                    let port = value()?;
                    let port = port.parse().map_err(|_| format!("--port: `{port}` is not a port number"))?;
                    options.address.set_port(port);
                }
                "--host" => {
                    let host = value()?;
                    options.address.set_ip(host.parse().map_err(|_| format!("--host: `{host}` is not an IP address"))?);
                }
                "--status" => {
                    let code = value()?;
                    let status = code.parse().ok().and_then(|code| Status::new(Some(code)));
                    options.status =
                        status.ok_or_else(|| format!("--status: `{code}` is not a status from 200 to 599"))?;
                }
                "--token" => options.authenticator.token = Some(value()?),
                "--api-key" => options.authenticator.api_key = Some(value()?),
                "--basic" => {
                    let pair = value()?;
                    let (user, password) = pair.split_once(':').ok_or("--basic: expected USER:PASSWORD")?;
                    options.authenticator.basic = Some((user.to_owned(), password.to_owned()));
                }
                "--break-responses" => options.break_responses = true,
                "--at-root" => options.at_root = true,
                "--header-read-timeout" => options.limits.header_read_timeout = seconds(&name, &value()?)?,
                "--request-timeout" => options.limits.request_timeout = seconds(&name, &value()?)?,
                "--max-connections" => {
                    let count = value()?;
                    options.limits.max_connections = count
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| format!("--max-connections: `{count}` is not a positive number"))?;
                }
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        Ok(Some(options))
    }

    /// The authenticator to give the generated router.
    pub fn authenticator(&self) -> MockAuthenticator {
        self.authenticator.clone()
    }

    /// What the mock does, for people: one line each about the status,
    /// the credentials, and the timeouts and connection limit.
    pub fn describe(&self) -> [String; 3] {
        let status = match self.status.chosen() {
            None => "Each operation answers with its first success status.".to_owned(),
            Some(code) => {
                format!("Operations that declare {code} answer with it; the others with their first success status.")
            }
        };
        let credentials = if self.authenticator.accepts_any() {
            "Any credential of the right scheme is accepted."
        } else {
            "Only the credentials given on the command line are accepted."
        };
        let timeout = |limit: Option<Duration>| limit.map_or_else(|| "none".to_owned(), |d| format!("{d:?}"));
        let limits = format!(
            "Header-read timeout: {}; request timeout: {}; at most {} connections.",
            timeout(self.limits.header_read_timeout),
            timeout(self.limits.request_timeout),
            self.limits.max_connections
        );
        [status, credentials.to_owned(), limits]
    }
}

/// A timeout option's value: seconds (a decimal number), 0 for none.
fn seconds(name: &str, text: &str) -> Result<Option<Duration>, String> {
    let invalid = || format!("{name}: `{text}` is not a number of seconds");
    let seconds: f64 = text.parse().map_err(|_| invalid())?;
    let duration = Duration::try_from_secs_f64(seconds).map_err(|_| invalid())?;
    Ok((!duration.is_zero()).then_some(duration))
}

/// Decode a mock's example into its model type.
///
/// # Panics
///
/// When the example does not fit the model (a generator bug); the
/// generated router answers a panicking handler with 500.
pub fn example<T: DeserializeOwned>(value: Value) -> T {
    match serde_json::from_value(value) {
        Ok(model) => model,
        Err(error) => panic!("a mock example does not fit its model: {error}"),
    }
}

/// Parse an example written as text (a date, a date-time, a UUID) into its model type.
///
/// # Panics
///
/// When the text does not parse (a generator bug, answered with 500 as above).
pub fn parse<T: FromStr<Err: std::fmt::Display>>(text: &str) -> T {
    match text.parse() {
        Ok(value) => value,
        Err(error) => panic!("the mock example `{text}` does not parse: {error}"),
    }
}

/// Run a mock from the command line: parse the options, build the app
/// with them, listen and serve until the process is stopped. Once it
/// listens, it prints its URL, what it answers and accepts, and
/// `example_request` (a command line in which `{url}` stands for the URL;
/// nothing if empty).
///
/// The API is served under `base_path` (the path of the spec's first
/// server, such as `/v1`; empty for none), so that a client configured with
/// the spec's server URL reaches the mock, unless `--at-root` is given; the
/// URL printed includes it.
pub fn run(title: &str, base_path: &str, example_request: &str, app: impl FnOnce(&Options) -> Router) -> ExitCode {
    let program = std::env::args().next().unwrap_or_else(|| "mock".to_owned());
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("A mock server of {title}.\n\nUsage: {program} [OPTIONS]\n\n{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error}\n\nUsage: {program} [OPTIONS]\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (app, base_path) = mounted(layers(app(&options), &options), base_path, options.at_root);
    let served = tokio::runtime::Builder::new_current_thread().enable_all().build().and_then(|runtime| {
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind(options.address).await?;
            let url = format!("http://{}{base_path}", listener.local_addr()?);
            println!("Mock server for {title} listening on {url}");
            if !base_path.is_empty() {
                println!(
                    "The API is served under {base_path}, the path of the spec's server URL (--at-root serves it at /)."
                );
            }
            for line in options.describe() {
                println!("{line}");
            }
            if !example_request.is_empty() {
                println!("Try: {}", example_request.replace("{url}", &url));
            }
            server::serve(listener, app).limits(options.limits).await
        })
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot serve on {}: {error}", options.address);
            ExitCode::FAILURE
        }
    }
}

/// `app` served under `base_path` (trailing `/` ignored), or at the root
/// when `at_root`; and the path it is served under.
fn mounted(app: Router, base_path: &str, at_root: bool) -> (Router, &str) {
    let base_path = if at_root { "" } else { base_path.trim_end_matches('/') };
    if base_path.is_empty() { (app, "") } else { (Router::new().nest(base_path, app), base_path) }
}

/// The app with a log line per request and, if asked for, broken responses.
fn layers(app: Router, options: &Options) -> Router {
    let app = if options.break_responses { app.layer(axum::middleware::map_response(break_response)) } else { app };
    app.layer(axum::middleware::from_fn(log))
}

async fn log(request: Request, next: Next) -> Response {
    let line = format!("{} {}", request.method(), request.uri());
    let response = next.run(request).await;
    println!("{line} -> {}", response.status().as_u16());
    response
}

/// Empty every JSON object of a success response.
async fn break_response(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"));
    if !response.status().is_success() || !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let body = match serde_json::from_slice::<Value>(&bytes) {
        Ok(mut value) => {
            empty_objects(&mut value);
            Body::from(value.to_string())
        }
        Err(_) => Body::from(bytes),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, body)
}

fn empty_objects(value: &mut Value) {
    match value {
        Value::Object(members) => members.clear(),
        Value::Array(items) => items.iter_mut().for_each(empty_objects),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use axum::routing::get;
    use serde_json::json;
    use tower::ServiceExt as _;

    use super::*;
    use crate::server::{Scheme, SchemeKind};

    fn parse(args: &[&str]) -> Result<Option<Options>, String> {
        Options::parse(args.iter().map(|a| (*a).to_owned()))
    }

    #[test]
    fn options_default_to_localhost_8080_and_any_credential() {
        let options = parse(&[]).expect("valid").expect("not help");
        assert_eq!(options.address.to_string(), "127.0.0.1:8080");
        assert_eq!(options.status.chosen(), None);
        assert!(options.authenticator.accepts_any());
        assert!(!options.break_responses);
        assert_eq!(options.limits, Limits::DEFAULT);
    }

    #[test]
    fn the_serving_limits_can_be_changed() {
        let args = ["--header-read-timeout", "0.5", "--request-timeout=0", "--max-connections", "64"];
        let options = parse(&args).expect("valid").expect("not help");
        let expected = Limits {
            header_read_timeout: Some(Duration::from_millis(500)),
            request_timeout: None,
            max_connections: 64,
        };
        assert_eq!(options.limits, expected);
        assert_eq!(options.describe()[2], "Header-read timeout: 500ms; request timeout: none; at most 64 connections.");
        let bad = |args: &[&str]| parse(args).err().unwrap_or_default();
        assert_eq!(bad(&["--request-timeout", "-1"]), "--request-timeout: `-1` is not a number of seconds");
        assert_eq!(bad(&["--header-read-timeout", "NaN"]), "--header-read-timeout: `NaN` is not a number of seconds");
        assert_eq!(bad(&["--max-connections", "0"]), "--max-connections: `0` is not a positive number");
    }

    #[test]
    fn options_take_values_after_a_space_or_an_equals_sign() {
        let args =
            ["--port", "0", "--host=::1", "--status=404", "--token", "t", "--basic", "ann:p:w", "--break-responses"];
        let options = parse(&args).expect("valid").expect("not help");
        assert_eq!(options.address.to_string(), "[::1]:0");
        assert_eq!(options.status.chosen(), Some(404));
        assert_eq!(options.authenticator.token.as_deref(), Some("t"));
        assert_eq!(options.authenticator.basic, Some(("ann".into(), "p:w".into())));
        assert!(options.break_responses);
        assert!(parse(&["--port", "1", "-h"]).expect("valid").is_none());
    }

    #[test]
    fn bad_options_are_errors() {
        assert_eq!(parse(&["--port"]).err().as_deref(), Some("--port needs a value"));
        assert_eq!(parse(&["--port", "http"]).err().as_deref(), Some("--port: `http` is not a port number"));
        assert_eq!(parse(&["--status", "99"]).err().as_deref(), Some("--status: `99` is not a status from 200 to 599"));
        assert_eq!(parse(&["--basic", "ann"]).err().as_deref(), Some("--basic: expected USER:PASSWORD"));
        assert_eq!(parse(&["--verbose"]).err().as_deref(), Some("unknown option `--verbose`"));
    }

    #[test]
    fn the_chosen_status_applies_within_a_range() {
        let chosen = Status::new(Some(404)).expect("choosable");
        assert_eq!(chosen.within(400..=499), StatusCode::NOT_FOUND);
        assert_eq!(chosen.within(200..=299), StatusCode::OK);
        assert_eq!(Status::default().within(200..=599), StatusCode::OK);
        assert_eq!(Status::new(Some(100)), None);
    }

    static BEARER: Scheme = Scheme { name: "bearer", kind: SchemeKind::Bearer };
    static BASIC: Scheme = Scheme { name: "basic", kind: SchemeKind::Basic };

    async fn accepts(authenticator: &MockAuthenticator, credential: Credential) -> bool {
        let scheme = if matches!(credential, Credential::Basic { .. }) { &BASIC } else { &BEARER };
        authenticator.authenticate(&Credentials::new(vec![(scheme, credential)])).await.is_ok()
    }

    #[tokio::test]
    async fn any_credential_is_accepted_unless_some_are_given() {
        let basic = |user: &str, password: &str| Credential::Basic { username: user.into(), password: password.into() };
        let open = MockAuthenticator::default();
        assert!(accepts(&open, Credential::Bearer("anything".into())).await);
        assert!(accepts(&open, basic("anyone", "")).await);

        let options = parse(&["--token", "secret", "--basic", "ann:pw"]).expect("valid").expect("not help");
        let strict = options.authenticator();
        assert!(accepts(&strict, Credential::Bearer("secret".into())).await);
        assert!(!accepts(&strict, Credential::Bearer("other".into())).await);
        assert!(accepts(&strict, basic("ann", "pw")).await);
        assert!(!accepts(&strict, basic("ann", "nope")).await);
        assert!(!accepts(&strict, Credential::ApiKey("secret".into())).await, "no key was given: none is accepted");
    }

    #[tokio::test]
    async fn broken_responses_lose_the_members_of_their_objects() {
        let app = || {
            Router::new()
                .route("/ok", get(|| async { axum::Json(json!({"id": 1, "items": [{"a": 1}, 2]})) }))
                .route("/error", get(|| async { (StatusCode::BAD_REQUEST, axum::Json(json!({"message": "m"}))) }))
        };
        let body = |response: Response| async {
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
            serde_json::from_slice::<Value>(&bytes).expect("json")
        };
        let request = |uri: &str| Request::builder().uri(uri).body(Body::empty()).expect("request");
        let options = Options { break_responses: true, ..Options::default() };
        let ok = layers(app(), &options).oneshot(request("/ok")).await.expect("response");
        assert_eq!(body(ok).await, json!({}));
        let error = layers(app(), &options).oneshot(request("/error")).await.expect("response");
        assert_eq!(body(error).await, json!({"message": "m"}), "only success responses are broken");
        let intact = layers(app(), &Options::default()).oneshot(request("/ok")).await.expect("response");
        assert_eq!(body(intact).await, json!({"id": 1, "items": [{"a": 1}, 2]}));

        let mut nested = json!([{"a": 1}, [{"b": 2}], 3]);
        empty_objects(&mut nested);
        assert_eq!(nested, json!([{}, [{}], 3]));
    }

    #[tokio::test]
    async fn the_api_is_served_under_the_base_path_unless_at_root() {
        use tower::ServiceExt;
        let app = || Router::new().route("/users", axum::routing::get(|| async { "users" }));
        let status = |router: Router, path: &'static str| async move {
            let request = axum::http::Request::get(path).body(Body::empty()).expect("request");
            router.oneshot(request).await.expect("infallible").status().as_u16()
        };
        let (under, base) = mounted(app(), "/v1/", false);
        assert_eq!(base, "/v1");
        assert_eq!(status(under.clone(), "/v1/users").await, 200);
        assert_eq!(status(under, "/users").await, 404);
        let (root, base) = mounted(app(), "/v1", true);
        assert_eq!(base, "");
        assert_eq!(status(root, "/users").await, 200);
        let (none, _) = mounted(app(), "", false);
        assert_eq!(status(none, "/users").await, 200);
        assert!(parse(&["--at-root"]).expect("valid").expect("not help").at_root);
    }
}
