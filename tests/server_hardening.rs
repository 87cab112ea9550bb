//! Hardening of the generated servers (issue 13):
//!
//! - serving with `oapi_runtime::server::serve`: a connection that does
//!   not send its request head in time is closed, a request that takes too
//!   long is answered 408, and a full server makes room by closing the
//!   connection that has waited longest (the many-slow-clients case, in a
//!   server process of its own, is `server_hardening_slow_clients.rs`);
//! - 400 answers name the fields at fault even where the spec's error
//!   schema has only a `message`, and stay small however many errors a
//!   request has;
//! - a request refused before its body was read does not cost the client
//!   the next request it sends on the same connection.
//!
//! Everything listens on 127.0.0.1 only, and every wait is bounded.

mod server_support;

use std::future::IntoFuture as _;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use oapi_runtime::server::{Serve, serve};
use serde_json::{Map, Value, json};
use server_support::hypto::Hypto;
use server_support::tiledb::Tiledb;
use server_support::{GOOD, TestAuth, request};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// The longest any single step may take before the test fails: far above
/// what each takes, so only a server that hangs reaches it.
const PATIENCE: Duration = Duration::from_secs(10);

const CREDENTIALS: &str = "/organizations/ORG0000001/users/user_1/credentials";

fn hypto() -> Router {
    hypto_iam_server::router(Hypto::default(), TestAuth)
}

/// Serve `app` on a free port of 127.0.0.1 with `serve`, configured by `configure`.
async fn spawn(app: Router, configure: impl FnOnce(Serve) -> Serve) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("bound");
    tokio::spawn(configure(serve(listener, app)).into_future());
    address
}

/// Serve `app` with `axum::serve`, as the README showed before `serve`.
async fn spawn_axum(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("bound");
    tokio::spawn(axum::serve(listener, app).into_future());
    address
}

/// A response read off a raw connection.
#[derive(Debug)]
struct RawResponse {
    status: u16,
    /// Header names lowercased.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// An HTTP/1.1 connection driven by hand.
struct Raw {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Raw {
    async fn connect(address: SocketAddr) -> Self {
        let stream = tokio::time::timeout(PATIENCE, TcpStream::connect(address)).await.expect("connects in time");
        Self { stream: stream.expect("connects"), buffer: Vec::new() }
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.expect("the server reads");
    }

    /// Read more bytes: `false` at the end of the stream (or a reset).
    async fn fill(&mut self) -> bool {
        let mut chunk = [0_u8; 16 * 1024];
        match tokio::time::timeout(PATIENCE, self.stream.read(&mut chunk)).await {
            Ok(Ok(0) | Err(_)) => false,
            Ok(Ok(n)) => {
                self.buffer.extend_from_slice(&chunk[..n]);
                true
            }
            Err(_) => panic!("no answer within {PATIENCE:?}"),
        }
    }

    /// The next response, or `None` if the server closed the connection first.
    async fn response(&mut self) -> Option<RawResponse> {
        let head_end = loop {
            if let Some(at) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at;
            }
            if !self.fill().await {
                return None;
            }
        };
        let head = String::from_utf8(self.buffer[..head_end].to_vec()).expect("an ASCII head");
        self.buffer.drain(..head_end + 4);
        let mut lines = head.split("\r\n");
        let status = lines.next().and_then(|line| line.split(' ').nth(1)).and_then(|s| s.parse().ok());
        let status = status.expect("a status line");
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        let length = headers.iter().find(|(n, _)| n == "content-length").map(|(_, v)| v.parse().expect("a length"));
        let length: usize = length.expect("the routers' answers have a Content-Length");
        while self.buffer.len() < length {
            assert!(self.fill().await, "the body was cut");
        }
        let body = self.buffer.drain(..length).collect();
        Some(RawResponse { status, headers, body })
    }

    /// Whether the server closes the connection (without sending anything more).
    async fn closed(&mut self) -> bool {
        !self.fill().await && self.buffer.is_empty()
    }
}

/// A request's head, with a Content-Length for `body_length`.
fn head(method: &str, path: &str, headers: &[(&str, &str)], body_length: usize) -> String {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {body_length}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head + "\r\n"
}

// --- Serving: timeouts and the connection limit --------------------------------------------

#[tokio::test]
async fn a_connection_that_does_not_finish_its_head_is_closed_after_the_header_read_timeout() {
    let timeout = Duration::from_millis(300);
    let address = spawn(hypto(), |serve| serve.header_read_timeout(timeout)).await;
    let started = Instant::now();
    let mut half_open = Raw::connect(address).await;
    half_open.send(b"GET /organizations/ORG0000001/users/user_1/credentials/c1 HTTP/1.1\r\nHost: 127.0.0.1\r\n").await;
    let mut silent = Raw::connect(address).await;
    assert!(half_open.closed().await, "a half-sent head is not waited for forever");
    assert!(silent.closed().await, "nor is a connection that sends nothing");
    // The timer cannot fire early: this only shows the close came from the timeout.
    assert!(started.elapsed() >= timeout, "closed after {:?}, before the timeout", started.elapsed());

    // A client that sends its head in time is served as usual; kept alive, its
    // connection gets the same time for its next request's head.
    let mut prompt = Raw::connect(address).await;
    prompt.send(head("GET", "/nowhere", &[], 0).as_bytes()).await;
    assert_eq!(prompt.response().await.map(|r| r.status), Some(404));
    let answered = Instant::now();
    assert!(prompt.closed().await, "an idle kept-alive connection is closed too");
    assert!(answered.elapsed() >= timeout, "closed after {:?}, before the timeout", answered.elapsed());
}

#[tokio::test]
async fn a_request_not_served_in_time_is_answered_408_and_its_connection_closed() {
    let address = spawn(hypto(), |serve| serve.request_timeout(Duration::from_millis(300))).await;
    let mut slow = Raw::connect(address).await;
    let auth = format!("Bearer {GOOD}");
    let headers = [("Authorization", auth.as_str()), ("Content-Type", "application/json")];
    // The head promises 40 bytes of body; 2 come, then nothing.
    slow.send(head("POST", CREDENTIALS, &headers, 40).as_bytes()).await;
    slow.send(b"{}").await;
    let response = slow.response().await.expect("an answer before the close");
    assert_eq!(response.status, 408);
    assert_eq!(response.header("connection"), Some("close"));
    let body: Value = serde_json::from_slice(&response.body).expect("a JSON body");
    assert_eq!(body["status"], 408);
    assert!(slow.closed().await);
}

#[tokio::test]
async fn a_full_server_closes_the_connection_waiting_longest_to_serve_a_new_one() {
    // Two connections at most, and a header-read timeout far beyond the test's patience:
    // only making room can serve the third client.
    let address = spawn(hypto(), |serve| serve.max_connections(2).header_read_timeout(Duration::from_secs(600))).await;
    let mut oldest = Raw::connect(address).await;
    oldest.send(b"GET / HTTP/1.1\r\n").await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let mut newer = Raw::connect(address).await;
    newer.send(b"GET / HTTP/1.1\r\n").await;
    tokio::time::sleep(Duration::from_millis(50)).await;

    let mut client = Raw::connect(address).await;
    client.send(head("GET", "/nowhere", &[], 0).as_bytes()).await;
    assert_eq!(client.response().await.map(|r| r.status), Some(404), "the new client is served");
    assert!(oldest.closed().await, "the connection waiting longest made room");

    // `newer` has waited longer than the new client's kept-alive connection: a fourth
    // client makes room by closing `newer`.
    let mut fourth = Raw::connect(address).await;
    fourth.send(head("GET", "/nowhere", &[], 0).as_bytes()).await;
    assert_eq!(fourth.response().await.map(|r| r.status), Some(404));
    assert!(newer.closed().await);
}

#[tokio::test]
async fn a_graceful_shutdown_is_not_held_up_by_a_half_open_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("bound");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = serve(listener, hypto()).header_read_timeout(Duration::from_millis(500));
    let server = tokio::spawn(
        server
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .into_future(),
    );
    let mut idle = Raw::connect(address).await;
    idle.send(head("GET", "/nowhere", &[], 0).as_bytes()).await;
    assert_eq!(idle.response().await.map(|r| r.status), Some(404));
    let mut half_open = Raw::connect(address).await;
    half_open.send(b"GET /nowhere HTTP/1.1\r\n").await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    stop.send(()).expect("the server waits for the signal");
    let ended = tokio::time::timeout(PATIENCE, server).await.expect("the server ends in time");
    assert!(matches!(ended, Ok(Ok(()))), "{ended:?}");
    assert!(idle.closed().await, "the idle connection was closed");
    assert!(half_open.closed().await, "and so was the half-open one");
    assert!(TcpStream::connect(address).await.is_err(), "nothing listens any more");
}

// --- 400 answers: the fields named, the size bounded ----------------------------------------

#[tokio::test]
async fn a_message_only_error_schema_still_names_every_field() {
    let bearer = format!("Bearer {GOOD}");
    let answer = request("POST", CREDENTIALS)
        .header("authorization", &bearer)
        .json_to(&hypto(), &json!({"validUntil": 5, "extra": true}))
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let body = answer.json();
    let members: Vec<&String> = body.as_object().expect("an object").keys().collect();
    assert_eq!(members, ["message"], "Hypto's ErrorResponse allows nothing else");
    let message = body["message"].as_str().expect("a message");
    assert!(message.contains("`/validUntil`") && message.contains("`/extra`"), "{message}");
    assert!(message.contains("2 errors"), "{message}");
}

#[tokio::test]
async fn a_huge_invalid_object_gets_a_small_answer_that_still_names_fields() {
    // Hypto's body allows no unknown member: 100,000 of them are 100,000 errors.
    let members: Map<String, Value> = (0..100_000).map(|i| (format!("m{i:06}"), Value::from(i))).collect();
    let bearer = format!("Bearer {GOOD}");
    let answer =
        request("POST", CREDENTIALS).header("authorization", &bearer).json_to(&hypto(), &Value::Object(members)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let message = answer.json()["message"].as_str().expect("a message").to_owned();
    assert!(message.chars().count() <= 500, "within the schema's maxLength: {message}");
    assert!(message.starts_with("invalid request: 100000 errors: body field `/m000000`"), "{message}");
    assert!(message.ends_with(" more"), "says how many it does not list: {message}");
    let error = answer.error.expect("the router's record");
    assert!(error.errors.len() <= 20, "{} errors kept", error.errors.len());
    assert_eq!(error.errors.len() + error.omitted, 100_000, "the others are counted");
}

#[tokio::test]
async fn an_answer_with_the_list_of_errors_stays_small() {
    // TileDB's error schema keeps the router's `errors` list; 100,000 bad scopes, one of
    // them 100,000 characters long, would list each in full.
    let mut scopes = vec![Value::from("no-such-scope"); 99_999];
    scopes.push(Value::from("x".repeat(100_000)));
    let router = tiledb_user_server::router(Tiledb::default(), TestAuth);
    let answer = request("POST", "/token")
        .header("X-TILEDB-REST-API-KEY", GOOD)
        .json_to(&router, &json!({"scope": scopes}))
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.bytes.len() < 16 * 1024, "{} bytes", answer.bytes.len());
    let body = answer.json();
    let listed = body["errors"].as_array().expect("the list is kept").len();
    assert!((1..=20).contains(&listed), "{listed} listed");
    let message = body["message"].as_str().expect("a message");
    assert!(message.contains("body field `/scope/0`: `no-such-scope` is not one of"), "{message}");
    assert!(message.ends_with(&format!("and {} more", 100_000 - listed)), "{message}");
}

// --- Requests refused before their body is read ----------------------------------------------

/// A request the server refuses before reading its body: its head, its
/// body, and the status it gets.
struct Refused {
    name: &'static str,
    head: String,
    body: &'static str,
    status: u16,
}

fn refusals() -> Vec<Refused> {
    let body = r#"{"validUntil": "2030-01-01T00:00:00"}"#;
    let bearer = format!("Bearer {GOOD}");
    let json = ("Content-Type", "application/json");
    let auth = ("Authorization", bearer.as_str());
    let refused = |name, method, path: &str, headers: &[(&str, &str)], status| Refused {
        name,
        head: head(method, path, headers, body.len()),
        body,
        status,
    };
    vec![
        refused("no credentials", "POST", CREDENTIALS, &[json], 401),
        refused("unknown path", "POST", "/nowhere", &[json, auth], 404),
        refused("other method", "PUT", CREDENTIALS, &[json, auth], 405),
        refused("other media type", "POST", CREDENTIALS, &[("Content-Type", "text/plain"), auth], 415),
        refused("bad path parameter", "POST", "/organizations/x/users/user_1/credentials", &[json, auth], 400),
    ]
}

/// A valid request, answered 201.
fn valid_request() -> String {
    let body = "{}";
    let bearer = format!("Bearer {GOOD}");
    head("POST", CREDENTIALS, &[("Content-Type", "application/json"), ("Authorization", &bearer)], body.len()) + body
}

/// Send each refused request as a slow client does (its head, then its body
/// 50 ms later), then a valid request on the same connection.
async fn the_next_request_is_served_after_a_refusal(address: SocketAddr, server: &str) {
    for refused in refusals() {
        let mut client = Raw::connect(address).await;
        client.send(refused.head.as_bytes()).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        client.send(refused.body.as_bytes()).await;
        client.send(valid_request().as_bytes()).await;
        let first = client.response().await.expect("the refusal");
        assert_eq!(first.status, refused.status, "{server}, {}: {first:?}", refused.name);
        assert_eq!(first.header("connection"), None, "{server}, {}: the body was drained", refused.name);
        let next = client.response().await;
        assert_eq!(next.map(|r| r.status), Some(201), "{server}, {}: the next request is answered", refused.name);
    }
}

#[tokio::test]
async fn a_refused_request_does_not_lose_the_next_one_on_its_connection() {
    the_next_request_is_served_after_a_refusal(spawn(hypto(), |serve| serve).await, "serve").await;
    the_next_request_is_served_after_a_refusal(spawn_axum(hypto()).await, "axum::serve").await;
}

#[tokio::test]
async fn a_refused_request_with_a_body_too_large_to_drain_announces_the_close() {
    for address in [spawn(hypto(), |serve| serve).await, spawn_axum(hypto()).await] {
        let mut client = Raw::connect(address).await;
        let headers = [("Content-Type", "application/json")];
        client.send(head("POST", CREDENTIALS, &headers, 10 * 1024 * 1024).as_bytes()).await;
        client.send(b"{\"validUntil\": ").await;
        let response = client.response().await.expect("the refusal");
        assert_eq!(response.status, 401);
        assert_eq!(response.header("connection"), Some("close"), "the client is told not to reuse it");
        assert!(client.closed().await);

        // A client waiting for `100 Continue` is not asked for a body only to have it thrown away.
        let mut client = Raw::connect(address).await;
        let headers = [("Content-Type", "application/json"), ("Expect", "100-continue")];
        client.send(head("POST", CREDENTIALS, &headers, 20).as_bytes()).await;
        let response = client.response().await.expect("the refusal");
        assert_eq!((response.status, response.header("connection")), (401, Some("close")));
    }
}
