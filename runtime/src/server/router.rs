//! What every generated router gets around its routes: JSON 404 and 405
//! answers (405 keeping axum's `Allow` header), panic isolation, request
//! bodies drained when the answer comes before them, and its own error
//! answers in the spec's shape: one layer ([`finish`]), or the same
//! around each handler ([`finished`], [`finish_routes`]), whose future
//! allocates only for an answer that needs draining or reshaping.

use std::any::Any;
use std::convert::Infallible;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::extract::Request;
use axum::handler::Handler;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};

use super::drain::Unread;
use super::error::HttpError;
use super::shape::{ErrorBodies, reshape, schemas_to_fit};

/// Finish a router: unknown paths answer a JSON 404, known paths with
/// another method a JSON 405 with `Allow`, and a handler that panics a
/// JSON 500 while the server keeps serving.
///
/// An answer given before the request's body was read (a 401, 404, 405,
/// 415, or 400 for a parameter) first reads the rest of the body, up to
/// 64 KiB within a second, so that the client can send its next request on
/// the same connection; a body it cannot read that way gets
/// `Connection: close` on the answer, and the client opens a new one.
/// (Waiting for it uses Tokio's timer: serve the router on a runtime with
/// its time driver enabled, as `#[tokio::main]` makes it.)
///
/// The router's own error answers (all of the above, and the 400, 401,
/// 413 and 415 of its handlers) take the shape `bodies` declares for
/// their status (see [`ErrorBodies`]); none is reshaped when it is empty.
///
/// This puts a layer around every route, which costs each request a
/// second route (axum boxes each route's future); generated routers
/// instead wrap each handler in [`finished`] and call [`finish_routes`].
pub fn finish(router: Router, bodies: ErrorBodies) -> Router {
    router.fallback(|| async { HttpError::not_found() }).layer(Finish { bodies })
}

/// Finish a router whose handlers are all [`finished`]: what [`finish`]
/// does, without a layer: its JSON 404 and 405 answers are finished
/// handlers too.
pub fn finish_routes(router: Router, bodies: ErrorBodies) -> Router {
    router
        .method_not_allowed_fallback(finished(|| async { HttpError::method_not_allowed() }, bodies))
        .fallback(finished(|| async { HttpError::not_found() }, bodies))
}

/// `handler`, finished as [`finish`] finishes a route: its panics are its
/// 500, the body it leaves unread is drained, and its error answers take
/// the shape `bodies` declares. Routes of such handlers then need
/// [`finish_routes`] for their 404 and 405.
pub fn finished<H>(handler: H, bodies: ErrorBodies) -> Finished<H> {
    Finished { inner: handler, bodies }
}

/// The layer [`finish`] puts around every route.
#[derive(Debug, Clone, Copy)]
struct Finish {
    bodies: ErrorBodies,
}

impl<S> Layer<S> for Finish {
    type Service = Finished<S>;

    fn layer(&self, inner: S) -> Finished<S> {
        Finished { inner, bodies: self.bodies }
    }
}

/// A route or a handler, finished (see [`finish`] and [`finished`]).
#[derive(Debug, Clone)]
pub struct Finished<S> {
    inner: S,
    bodies: ErrorBodies,
}

impl<S> Service<Request> for Finished<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
    S::Future: Unpin + Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answering<Finishing<S::Future>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        Answering(Finishing::start(request, self.bodies, |request| self.inner.call(request)))
    }
}

impl<H, T, S> Handler<T, S> for Finished<H>
where
    H: Handler<T, S>,
    H::Future: Unpin,
{
    type Future = Finishing<H::Future>;

    fn call(self, request: Request, state: S) -> Self::Future {
        let Self { inner, bodies } = self;
        Finishing::start(request, bodies, |request| inner.call(request, state))
    }
}

/// The future of a finished route or handler: its own, and then, only for
/// an answer that needs it, the draining of the body it left unread and
/// the reshaping of its error body. An answer that needs neither (most)
/// costs no allocation here.
pub struct Finishing<F> {
    state: State<F>,
    bodies: ErrorBodies,
}

enum State<F> {
    /// The route is answering.
    Route { future: F, unread: Unread },
    /// Its answer is being drained of the body left or reshaped.
    Settling(Settling),
    /// Its answer is ready (a panic's when the route was called), or was
    /// returned (`None`).
    Answered(Option<Response>),
}

impl<F> Finishing<F> {
    /// Call `route` with `request`, its body watched; a panic while it is
    /// called is its 500 (the request's body is dropped as it unwinds, and
    /// drained as any other).
    fn start(request: Request, bodies: ErrorBodies, route: impl FnOnce(Request) -> F) -> Self {
        let (request, unread) = Unread::watch(request);
        let state = match catch_unwind(AssertUnwindSafe(|| route(request))) {
            Ok(future) => State::Route { future, unread },
            Err(panic) => State::after(panic_response(panic), unread, bodies),
        };
        Self { state, bodies }
    }
}

/// The draining of a body left unread and the reshaping of an error body.
type Settling = Pin<Box<dyn Future<Output = Response> + Send>>;

/// Once the route has answered `response`: the answer as it is (most), or
/// what settles it first.
fn settle(response: Response, unread: Unread, bodies: ErrorBodies) -> Result<Response, Settling> {
    let left = unread.left();
    if left.is_none() && schemas_to_fit(&response, bodies).is_none() {
        return Ok(response);
    }
    Err(Box::pin(async move {
        let mut response = response;
        if let Some(left) = left {
            left.settle(&mut response).await;
        }
        reshape(response, bodies).await
    }))
}

impl<F> State<F> {
    /// The state once the route has answered `response`.
    fn after(response: Response, unread: Unread, bodies: ErrorBodies) -> Self {
        match settle(response, unread, bodies) {
            Ok(response) => Self::Answered(Some(response)),
            Err(settling) => Self::Settling(settling),
        }
    }
}

impl<F> Future for Finishing<F>
where
    F: Future + Unpin,
    F::Output: IntoResponse,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = self.get_mut();
        loop {
            this.state = match &mut this.state {
                State::Route { future, unread } => {
                    // A panic while it is polled is its 500 too.
                    let response = match catch_unwind(AssertUnwindSafe(|| Pin::new(&mut *future).poll(cx))) {
                        Ok(Poll::Pending) => return Poll::Pending,
                        Ok(Poll::Ready(answer)) => method_not_allowed_as_json(answer.into_response()),
                        Err(panic) => panic_response(panic),
                    };
                    match settle(response, std::mem::take(unread), this.bodies) {
                        // Returned at once, not through `Answered`: the
                        // answer is not moved into the state and out again.
                        Ok(response) => {
                            this.state = State::Answered(None);
                            return Poll::Ready(response);
                        }
                        Err(settling) => State::Settling(settling),
                    }
                }
                State::Settling(future) => return future.as_mut().poll(cx),
                State::Answered(response) => {
                    // Polled again after its answer (which a caller must
                    // not do): a 500 rather than a panic.
                    let response = response.take().unwrap_or_else(|| {
                        HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, "answered already").into_response()
                    });
                    return Poll::Ready(response);
                }
            };
        }
    }
}

/// A [`Finishing`] route's future as a tower service's (which never fails).
pub struct Answering<F>(F);

impl<F: Future<Output = Response> + Unpin> Future for Answering<F> {
    type Output = Result<Response, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(Ok)
    }
}

/// axum answers a known path with an unrouted method with an empty 405 and
/// an `Allow` header; give it the JSON body every other error has.
fn method_not_allowed_as_json(response: Response) -> Response {
    if response.status() != StatusCode::METHOD_NOT_ALLOWED || response.headers().contains_key(header::CONTENT_TYPE) {
        return response;
    }
    let (mut parts, _) = response.into_response().into_parts();
    let json = HttpError::method_not_allowed().into_response();
    let (json_parts, body) = json.into_parts();
    parts.headers.extend(json_parts.headers);
    parts.extensions.extend(json_parts.extensions);
    Response::from_parts(parts, body)
}

fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %detail, "a handler panicked");
    HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, "the handler failed").into_response()
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use axum::routing::{get, post};
    use tower::ServiceExt as _;

    use super::*;

    async fn boom() -> &'static str {
        panic!("boom")
    }

    async fn refuse() -> HttpError {
        HttpError::new(StatusCode::UNAUTHORIZED, "no")
    }

    /// The same routes finished both ways: by the layer, and handler by handler.
    fn apps() -> [Router; 2] {
        let layered =
            Router::new().route("/a", get(|| async { "a" })).route("/boom", get(boom)).route("/refuse", post(refuse));
        let handlers = Router::new()
            .route("/a", get(finished(|| async { "a" }, &[])))
            .route("/boom", get(finished(boom, &[])))
            .route("/refuse", post(finished(refuse, &[])));
        [finish(layered, &[]), finish_routes(handlers, &[])]
    }

    async fn call(app: &Router, method: &str, uri: &str, body: Body) -> Response {
        let request = Request::builder().method(method).uri(uri).body(body).expect("request");
        app.clone().oneshot(request).await.expect("infallible")
    }

    #[tokio::test]
    async fn unknown_paths_and_methods_are_json_errors() {
        for app in apps() {
            let response = call(&app, "GET", "/nope", Body::empty()).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND);
            assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
            let response = call(&app, "DELETE", "/a", Body::empty()).await;
            assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
            assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
            assert_eq!(response.headers()[header::ALLOW], "GET,HEAD");
        }
    }

    #[tokio::test]
    async fn a_panic_is_a_500_and_the_router_lives_on() {
        for app in apps() {
            assert_eq!(call(&app, "GET", "/boom", Body::empty()).await.status(), StatusCode::INTERNAL_SERVER_ERROR);
            assert_eq!(call(&app, "GET", "/a", Body::empty()).await.status(), StatusCode::OK);
        }
    }

    #[tokio::test]
    async fn bodies_left_unread_are_drained_or_the_connection_closed() {
        let closes = |response: &Response| response.headers().get(header::CONNECTION).is_some_and(|v| v == "close");
        for app in apps() {
            let small = call(&app, "POST", "/refuse", Body::from("x".repeat(1000))).await;
            assert_eq!(small.status(), StatusCode::UNAUTHORIZED);
            assert!(!closes(&small), "drained");
            let large = Body::from("x".repeat(super::super::drain::DRAIN_LIMIT as usize + 1));
            assert!(closes(&call(&app, "POST", "/refuse", large).await));
            assert!(!closes(&call(&app, "DELETE", "/a", Body::from("x")).await), "a 405 drains too");
        }
    }
}
