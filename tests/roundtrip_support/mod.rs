//! Shared by the round-trip targets: a generated router served on a real
//! listener on 127.0.0.1, whose `Api` implementation ([`Exchange`]) answers
//! each call with the reply the test queued and keeps what the handler
//! received; the generated client calls it over HTTP. At the end, the
//! replies the handlers gave are checked against the spec's IR: every
//! operation was called, and answered with every status it declares.
//!
//! Each target uses only part of this module.
#![allow(dead_code)]

#[path = "../server_support/mod.rs"]
pub mod server_support;

use std::any::{Any, type_name};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Debug;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use generator::ir::StatusMatch;
use oapi_runtime::client::{ApiError, Error};
use tokio::task::JoinHandle;

/// Every call of a test gives up after this long.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Path parameter values that must arrive unchanged: reserved characters
/// of URLs (`/ ? # %`, dots, spaces, `+`, `&`, `=`, `;`) and non-ASCII text.
pub const AWKWARD: &[&str] = &[
    "a/b",
    "what?x=1&y=2",
    "#fragment",
    "100%25 sure%",
    "..hidden",
    "a..b",
    "...",
    "with space + plus",
    "semi;colon=eq,comma",
    "ünïcødé 日本語 🦀",
    "'quotes\"<>`{}|\\^",
    "@:!$()*",
];

/// One call of a trait method, as the implementation saw it.
pub struct Call {
    /// The method (the operation's `fn_ident`).
    pub op: &'static str,
    /// The principal the router authenticated, for operations with security.
    pub principal: Option<String>,
    /// The status of the reply the handler returned.
    pub status: u16,
    args: Box<dyn Any + Send>,
}

impl Call {
    /// The method's arguments after the principal, as the implementation
    /// recorded them (one value, or a tuple of several).
    pub fn args<A: 'static>(&self) -> &A {
        self.args.downcast_ref().unwrap_or_else(|| panic!("`{}` was not called with {}", self.op, type_name::<A>()))
    }
}

impl Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("op", &self.op)
            .field("principal", &self.principal)
            .field("status", &self.status)
            .finish()
    }
}

#[derive(Default)]
struct State {
    /// Replies queued by the test, taken in order.
    replies: VecDeque<(&'static str, Box<dyn Any + Send>)>,
    /// Calls not yet taken by the test.
    calls: Vec<Call>,
    /// Every (operation, status) answered, for the coverage check.
    answered: Vec<(&'static str, u16)>,
}

/// An implementation of a generated `Api` trait (each target implements
/// the trait for it): every method hands its arguments to
/// [`Exchange::answer`].
#[derive(Clone, Default)]
pub struct Exchange(Arc<Mutex<State>>);

impl Exchange {
    fn state(&self) -> MutexGuard<'_, State> {
        // A failed assertion in a handler poisons nothing we cannot read.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Record a call of `op` and return the reply queued for it.
    pub fn answer<A, R>(&self, op: &'static str, principal: Option<String>, args: A) -> R
    where
        A: Send + 'static,
        R: IntoResponse + Clone + 'static,
    {
        let mut state = self.state();
        let (queued, reply) = state.replies.pop_front().unwrap_or_else(|| panic!("no reply queued for `{op}`"));
        let reply: R = *reply.downcast().unwrap_or_else(|_| {
            panic!("`{op}` was called, but the reply queued is a `{queued}`, not a `{}`", type_name::<R>())
        });
        let status = reply.clone().into_response().status().as_u16();
        state.answered.push((op, status));
        state.calls.push(Call { op, principal, status, args: Box::new(args) });
        reply
    }

    /// Every (operation, status) the handlers answered so far.
    pub fn answered(&self) -> Vec<(&'static str, u16)> {
        self.state().answered.clone()
    }
}

/// A request as it arrived on the wire, before the router saw it.
#[derive(Debug, Clone)]
pub struct Wire {
    /// The method.
    pub method: String,
    /// Path and query, still percent-encoded.
    pub target: String,
    /// The headers.
    pub headers: HeaderMap,
}

impl Wire {
    /// The only value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.get_all(name).iter();
        let value = values.next()?.to_str().expect("ASCII header");
        assert!(values.next().is_none(), "several `{name}` headers");
        Some(value)
    }
}

/// A generated router listening on 127.0.0.1 (ephemeral port) until dropped.
pub struct Served {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    exchange: Exchange,
    wire: Arc<Mutex<Vec<Wire>>>,
    task: JoinHandle<()>,
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serve the router `router` builds around a fresh [`Exchange`] on a
/// fresh 127.0.0.1 port.
pub async fn serve(router: impl FnOnce(Exchange) -> Router) -> Served {
    let exchange = Exchange::default();
    let router = router(exchange.clone());
    let wire = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&wire);
    let router = router.layer(tower::util::MapRequestLayer::new(move |request: Request| {
        let target = request.uri().path_and_query().map(ToString::to_string).unwrap_or_default();
        let method = request.method().to_string();
        let headers = request.headers().clone();
        seen.lock().expect("not poisoned").push(Wire { method, target, headers });
        request
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let base_url = format!("http://{}", listener.local_addr().expect("bound address"));
    let task = tokio::spawn(async move {
        axum::serve(listener, router).await.expect("serve");
    });
    Served { base_url, exchange, wire, task }
}

impl Served {
    /// Queue `reply` for the next handler call, make `call`, and return
    /// what the client got with what the handler received.
    pub async fn round<R, T>(&self, reply: R, call: impl Future<Output = T>) -> (T, Call)
    where
        R: Send + 'static,
        T: Debug,
    {
        self.exchange.state().replies.push_back((type_name::<R>(), Box::new(reply)));
        let got = tokio::time::timeout(TIMEOUT, call).await.expect("the call finishes in time");
        let mut state = self.exchange.state();
        let calls = std::mem::take(&mut state.calls);
        let unused = state.replies.len();
        state.replies.clear();
        drop(state);
        assert_eq!(unused, 0, "the handler was not called; the client got {got:?}");
        let [call]: [Call; 1] = calls.try_into().unwrap_or_else(|calls: Vec<Call>| {
            panic!("expected one handler call, got {calls:?}; the client got {got:?}")
        });
        (got, call)
    }

    /// Make `call`, which no handler may see (refused by the client or by
    /// the router before any handler runs), and return what the client got.
    pub async fn refused<T: Debug>(&self, call: impl Future<Output = T>) -> T {
        let got = tokio::time::timeout(TIMEOUT, call).await.expect("the call finishes in time");
        let calls = std::mem::take(&mut self.exchange.state().calls);
        assert!(calls.is_empty(), "a handler ran: {calls:?}; the client got {got:?}");
        got
    }

    /// The last request that reached the server.
    pub fn last_wire(&self) -> Wire {
        self.wire.lock().expect("not poisoned").last().cloned().expect("a request reached the server")
    }

    /// How many requests reached the server so far.
    pub fn wire_count(&self) -> usize {
        self.wire.lock().expect("not poisoned").len()
    }

    /// Each reply in `cases` (with its status and the error the client
    /// must decode it into) answers one call of `call`; the errors, for
    /// checks of their headers.
    pub async fn declared_errors<R, E, T, F, Fut>(&self, call: F, cases: Vec<(R, u16, E)>) -> Vec<ApiError<E>>
    where
        R: Send + 'static,
        E: Debug + PartialEq,
        T: Debug,
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, Error<E>>>,
    {
        let mut errors = Vec::new();
        for (reply, status, expected) in cases {
            let (got, handled) = self.round(reply, call()).await;
            assert_eq!(handled.status, status);
            match got {
                Err(Error::Api(error)) => {
                    assert_eq!((error.status.as_u16(), &error.body), (status, &expected));
                    errors.push(*error);
                }
                other => panic!("expected the declared error {expected:?} ({status}), got {other:?}"),
            }
        }
        errors
    }

    /// Check the coverage of the spec `spec` (file stem under `specs/`):
    /// see [`assert_covers_spec`]; and that every spec has a round-trip
    /// target (see [`assert_every_spec_has_a_target`]).
    pub fn assert_covers_spec(&self, spec: &str) {
        assert_covers_spec(spec, &self.exchange.answered());
        assert_every_spec_has_a_target();
    }
}

/// Every operation of the spec `spec` (file stem under `specs/`) was
/// answered by its handler, and with every status it declares: each code,
/// a status of each range, and for `default` a status the operation does
/// not list. Nothing else was answered.
pub fn assert_covers_spec(spec: &str, answered: &[(&'static str, u16)]) {
    let path = oapi_tests::spec_paths()
        .into_iter()
        .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(spec))
        .unwrap_or_else(|| panic!("no spec `{spec}` under specs/"));
    let api = oapi_tests::generate_spec(&path).unwrap_or_else(|e| panic!("{spec}: {e}")).api;
    let mut statuses: BTreeMap<&str, BTreeSet<u16>> = BTreeMap::new();
    for (op, status) in answered {
        statuses.entry(op).or_default().insert(*status);
    }
    let mut missing = Vec::new();
    for operation in &api.operations {
        let Some(seen) = statuses.remove(operation.fn_ident.as_str()) else {
            missing.push(format!("`{}` was never called", operation.fn_ident));
            continue;
        };
        let declared: BTreeSet<u16> = operation
            .responses
            .iter()
            .filter_map(|r| if let StatusMatch::Code(code) = r.status { Some(code) } else { None })
            .collect();
        for response in &operation.responses {
            let covered = match response.status {
                StatusMatch::Code(code) => seen.contains(&code),
                StatusMatch::Range(class) => seen.iter().any(|s| s / 100 == u16::from(class)),
                StatusMatch::Default => seen.iter().any(|s| !declared.contains(s)),
            };
            if !covered {
                missing.push(format!("`{}` never answered {:?}", operation.fn_ident, response.status));
            }
        }
    }
    assert!(statuses.is_empty(), "answered operations the spec does not have: {:?}", statuses.keys());
    assert!(missing.is_empty(), "round trips missing from {spec}:\n{}", missing.join("\n"));
    let covered: BTreeSet<&str> = answered.iter().map(|(op, _)| *op).collect();
    assert_eq!(covered.len(), api.operations.len(), "operations covered in {spec}");
}

/// `client_with(served, credentials)`: the generated `Client` in scope,
/// sending to `served` with these credentials and [`TIMEOUT`]; and
/// `client(served)`, with the credentials given (each client crate has a
/// `Client` of its own, built alike).
macro_rules! clients {
    ($credentials:expr) => {
        fn client_with(served: &$crate::roundtrip_support::Served, credentials: Credentials) -> Client {
            Client::builder()
                .base_url(&served.base_url)
                .credentials(credentials)
                .timeout($crate::roundtrip_support::TIMEOUT)
                .build()
                .unwrap()
        }

        fn client(served: &$crate::roundtrip_support::Served) -> Client {
            client_with(served, $credentials)
        }
    };
}
pub(crate) use clients;

/// A date-time as the models carry it.
#[track_caller]
pub fn date_time(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(text).expect("an RFC 3339 date-time")
}

/// Every spec under `specs/` is checked by a round-trip target: a
/// `tests/roundtrip_*.rs` listed as a `[[test]]` that calls
/// `assert_covers_spec` with its name. A new spec without one fails here.
pub fn assert_every_spec_has_a_target() {
    let tests = oapi_tests::workspace_root().join("tests");
    let manifest = std::fs::read_to_string(tests.join("Cargo.toml")).expect("tests/Cargo.toml");
    let mut checked = BTreeSet::new();
    for entry in std::fs::read_dir(&tests).expect("tests/") {
        let path = entry.expect("readable entry").path();
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if !(file.starts_with("roundtrip_") && file.ends_with(".rs")) {
            continue;
        }
        assert!(manifest.contains(&format!("path = \"{file}\"")), "{file} is not a [[test]] of tests/Cargo.toml");
        let source = std::fs::read_to_string(&path).expect("readable test");
        let calls = source.split("assert_covers_spec(\"").skip(1);
        checked.extend(calls.filter_map(|rest| rest.split_once('"')).map(|(spec, _)| spec.to_owned()));
    }
    let specs: BTreeSet<String> = oapi_tests::spec_paths()
        .iter()
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    let missing: Vec<&String> = specs.difference(&checked).collect();
    assert!(missing.is_empty(), "specs without a round-trip target: {missing:?}");
}
