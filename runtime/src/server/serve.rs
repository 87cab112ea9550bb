//! Serving a router over TCP with the limits a server facing real clients
//! needs: [`serve`], to call instead of `axum::serve`.
//!
//! `axum::serve` waits for a request's headers forever and accepts
//! connections until the process runs out of file descriptors. Slow or
//! idle clients then starve the server: about a thousand connections that
//! send half a request line and stop are enough, under the common limit
//! of 1,024 descriptors, to make every other request time out. [`serve`]
//! closes connections that do not send their headers in time, answers
//! requests that take too long with 408, and serves at most a set number
//! of connections at once, making room for new ones by closing the one
//! that has waited longest for a request.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::{Future, IntoFuture, Pending, pending};
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use axum::response::IntoResponse as _;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};
use tower::ServiceExt as _;

use super::error::HttpError;

/// How long the accept loop pauses after an error other than a client
/// giving up (such as running out of file descriptors), so as not to spin.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(50);

/// The limits [`serve`] enforces. [`Limits::DEFAULT`] (also
/// `Limits::default()`) holds the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's line and headers,
    /// counted from when the connection is accepted or, on a kept-alive
    /// connection, from when the previous response was sent. A connection
    /// that has not sent a whole request head by then is closed. `None`
    /// waits forever. Default: 10 seconds.
    pub header_read_timeout: Option<Duration>,
    /// How long a request may take from its head received to its
    /// response started, reading its body included. A request that takes
    /// longer is answered with a JSON 408 and `Connection: close`, and its
    /// handler is dropped (cancelled at its next `.await`). `None` waits
    /// forever. Default: 30 seconds.
    pub request_timeout: Option<Duration>,
    /// How many connections are served at once (at least 1). When all are
    /// taken, a new connection closes the one that has waited longest for
    /// a request (an idle kept-alive connection, or one still sending its
    /// head); when every connection has a request in flight, new ones wait
    /// in the listen queue. Keep it below the process's file descriptor
    /// limit (`ulimit -n`), less what the application itself opens.
    /// Default: 512.
    pub max_connections: usize,
}

impl Limits {
    /// The defaults: headers within 10 s, requests within 30 s, 512 connections.
    pub const DEFAULT: Self = Self {
        header_read_timeout: Some(Duration::from_secs(10)),
        request_timeout: Some(Duration::from_secs(30)),
        max_connections: 512,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Serve `app` on `listener` over HTTP/1.1 with [`Limits::DEFAULT`]; the
/// builder methods of [`Serve`] change them. Await the result to serve
/// until the process stops (or until the signal given to
/// [`Serve::with_graceful_shutdown`]), on a Tokio runtime with its time
/// driver enabled (as `#[tokio::main]` and `Builder::enable_all` make it):
///
/// ```no_run
/// # async fn run(app: axum::Router) -> std::io::Result<()> {
/// use std::time::Duration;
///
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// oapi_runtime::server::serve(listener, app)
///     .header_read_timeout(Duration::from_secs(5))
///     .request_timeout(Duration::from_secs(60))
///     .max_connections(2_000)
///     .await
/// # }
/// ```
pub fn serve(listener: TcpListener, app: Router) -> Serve {
    Serve { listener, app, limits: Limits::DEFAULT, shutdown: pending() }
}

/// A server being set up by [`serve`]: a future once awaited. It resolves
/// only after a graceful shutdown, and never with an error (a failed
/// `accept` is retried), like `axum::serve`'s.
#[must_use = "a server does nothing until it is awaited"]
pub struct Serve<S = Pending<()>> {
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: S,
}

impl<S> std::fmt::Debug for Serve<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Serve").field("listener", &self.listener).field("limits", &self.limits).finish_non_exhaustive()
    }
}

impl<S> Serve<S> {
    /// Set [`Limits::header_read_timeout`] (`None` for none).
    pub fn header_read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.limits.header_read_timeout = timeout.into();
        self
    }

    /// Set [`Limits::request_timeout`] (`None` for none).
    pub fn request_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.limits.request_timeout = timeout.into();
        self
    }

    /// Set [`Limits::max_connections`] (0 is taken as 1).
    pub fn max_connections(mut self, max: usize) -> Self {
        self.limits.max_connections = max;
        self
    }

    /// Set all the limits at once.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The limits that will be enforced.
    pub fn current_limits(&self) -> Limits {
        self.limits
    }

    /// The address the listener is bound to.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Stop when `signal` resolves: stop accepting, let requests in flight
    /// finish (within the request timeout), close idle connections, and
    /// resolve once every connection is closed. (Dropping the server's
    /// future also stops accepting, and its connections close the same
    /// way, but nothing waits for them.)
    pub fn with_graceful_shutdown<F>(self, signal: F) -> Serve<F>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        Serve { listener: self.listener, app: self.app, limits: self.limits, shutdown: signal }
    }
}

impl<S> IntoFuture for Serve<S>
where
    S: Future<Output = ()> + Send + 'static,
{
    type Output = io::Result<()>;
    type IntoFuture = Pin<Box<dyn Future<Output = io::Result<()>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(run(self))
    }
}

async fn run<S: Future<Output = ()> + Send + 'static>(serve: Serve<S>) -> io::Result<()> {
    let Serve { listener, app, limits, shutdown } = serve;
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS.min(u32::MAX as usize));
    let permits = Arc::new(Semaphore::new(max));
    let open = Arc::new(Connections::default());
    let (stop, stopped) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    accept_failed(error, &open).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let permit = match Arc::clone(&permits).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                // Full: close the connection that has waited longest for a
                // request, and take its place once it has ended.
                open.evict_longest_waiting();
                tokio::select! {
                    permit = Arc::clone(&permits).acquire_owned() => match permit {
                        Ok(permit) => permit,
                        Err(_) => break,
                    },
                    () = &mut shutdown => break,
                }
            }
        };
        let connection = open.add();
        let task = serve_connection(stream, app.clone(), limits, connection, Arc::clone(&open), stopped.clone());
        tokio::spawn(async move {
            task.await;
            drop(permit);
        });
    }
    drop(listener);
    stop.send_replace(true);
    // Every connection holds a permit until it has ended.
    let _all = permits.acquire_many(u32::try_from(max).unwrap_or(u32::MAX)).await;
    Ok(())
}

/// After a failed `accept`: nothing to do if the client gave up; else
/// (most likely out of file descriptors) make room and pause.
async fn accept_failed(error: io::Error, open: &Connections) {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::warn!(%error, "accepting a connection failed");
    open.evict_longest_waiting();
    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    connection: Arc<Connection>,
    open: Arc<Connections>,
    mut stopped: watch::Receiver<bool>,
) {
    let service = {
        let connection = Arc::clone(&connection);
        hyper::service::service_fn(move |request: Request<Incoming>| {
            let in_flight = InFlight::begin(&connection);
            let app = app.clone();
            async move { Ok::<_, Infallible>(respond(app, request, limits.request_timeout, in_flight).await) }
        })
    };
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
    let mut served = pin!(builder.serve_connection(TokioIo::new(stream), service).with_upgrades());
    let mut closing = false;
    loop {
        tokio::select! {
            _ = served.as_mut() => break,
            () = connection.evict.notified() => {
                if connection.waiting_since().is_some() {
                    break; // No request in flight: close now.
                }
                served.as_mut().graceful_shutdown();
                closing = true;
            }
            _ = stopped.wait_for(|stop| *stop), if !closing => {
                served.as_mut().graceful_shutdown();
                closing = true;
            }
        }
    }
    open.remove(connection.id);
}

/// The router's response to `request`, or 408 if it takes longer than
/// `timeout`; the connection counts as busy until the response is sent.
async fn respond(
    app: Router,
    request: Request<Incoming>,
    timeout: Option<Duration>,
    in_flight: InFlight,
) -> Response<Body> {
    let answer = app.oneshot(request.map(Body::new));
    let response = match timeout {
        None => answer.await,
        Some(limit) => tokio::time::timeout(limit, answer).await.unwrap_or_else(|_| Ok(timed_out(limit))),
    };
    let response = match response {
        Ok(response) => response,
        Err(never) => match never {},
    };
    response.map(|body| Body::new(Sending { body, _in_flight: in_flight }))
}

fn timed_out(limit: Duration) -> Response<Body> {
    let message = format!("the request was not served within {limit:?}");
    let mut response = HttpError::new(StatusCode::REQUEST_TIMEOUT, message).into_response();
    // Its body may be half read: the connection cannot carry another request.
    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// A response body being sent; its connection is busy until it is dropped.
struct Sending {
    body: Body,
    _in_flight: InFlight,
}

impl http_body::Body for Sending {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The connections being served.
#[derive(Default)]
struct Connections {
    open: Mutex<(u64, HashMap<u64, Arc<Connection>>)>,
}

impl Connections {
    fn add(&self) -> Arc<Connection> {
        let mut open = lock(&self.open);
        let (next, connections) = &mut *open;
        *next = next.wrapping_add(1);
        let state = State { requests: 0, waiting_since: Instant::now() };
        let connection = Arc::new(Connection { id: *next, state: Mutex::new(state), evict: Notify::new() });
        connections.insert(*next, Arc::clone(&connection));
        connection
    }

    fn remove(&self, id: u64) {
        lock(&self.open).1.remove(&id);
    }

    /// Close the connection that has waited longest for a request, if one is waiting.
    fn evict_longest_waiting(&self) {
        let mut open = lock(&self.open);
        let longest = open.1.values().filter_map(|c| c.waiting_since().map(|since| (since, c.id))).min();
        if let Some(connection) = longest.and_then(|(_, id)| open.1.remove(&id)) {
            connection.evict.notify_one();
        }
    }
}

/// One connection being served.
struct Connection {
    id: u64,
    state: Mutex<State>,
    /// Notified to close the connection.
    evict: Notify,
}

struct State {
    /// Requests in flight (received, response not yet sent).
    requests: usize,
    /// Since when no request has been in flight.
    waiting_since: Instant,
}

impl Connection {
    /// Since when the connection has been waiting for a request, if it is.
    fn waiting_since(&self) -> Option<Instant> {
        let state = lock(&self.state);
        (state.requests == 0).then_some(state.waiting_since)
    }
}

/// A request in flight on a connection, until dropped.
struct InFlight(Arc<Connection>);

impl InFlight {
    fn begin(connection: &Arc<Connection>) -> Self {
        lock(&connection.state).requests += 1;
        Self(Arc::clone(connection))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut state = lock(&self.0.state);
        state.requests = state.requests.saturating_sub(1);
        if state.requests == 0 {
            state.waiting_since = Instant::now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_sets_each_limit() {
        let limits =
            Limits { header_read_timeout: Some(Duration::from_secs(1)), request_timeout: None, max_connections: 7 };
        assert_eq!(Limits::default(), Limits::DEFAULT);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let serve = serve(listener, Router::new());
            assert_eq!(serve.current_limits(), Limits::DEFAULT);
            let serve = serve.header_read_timeout(Duration::from_secs(1)).request_timeout(None).max_connections(7);
            assert_eq!(serve.current_limits(), limits);
            assert_eq!(serve.limits(Limits::DEFAULT).current_limits(), Limits::DEFAULT);
        });
    }

    #[test]
    fn the_connection_waiting_longest_is_evicted_and_busy_ones_never() {
        let open = Connections::default();
        let first = open.add();
        let second = open.add();
        let busy = InFlight::begin(&first);
        open.evict_longest_waiting();
        assert_eq!(lock(&open.open).1.len(), 1, "the idle one went");
        assert!(lock(&open.open).1.contains_key(&first.id));
        drop(busy);
        assert!(first.waiting_since().is_some());
        assert!(second.waiting_since().is_some());
        open.evict_longest_waiting();
        assert!(lock(&open.open).1.is_empty());
        open.evict_longest_waiting();
    }
}
