//! What every generated router gets around its routes: JSON 404 and 405
//! answers (405 keeping axum's `Allow` header), panic isolation, request
//! bodies drained when the answer comes before them, and its own error
//! answers in the spec's shape. All of it is one layer, whose future
//! allocates only for an answer that needs draining or reshaping.

use std::any::Any;
use std::convert::Infallible;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};

use super::drain::Unread;
use super::error::HttpError;
use super::shape::{ErrorBodies, reshape, schemas_to_fit};

/// Finish a generated router: unknown paths answer a JSON 404, known paths
/// with another method a JSON 405 with `Allow`, and a handler that panics
/// a JSON 500 while the server keeps serving.
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
pub fn finish(router: Router, bodies: ErrorBodies) -> Router {
    router.fallback(|| async { HttpError::not_found() }).layer(Finish { bodies })
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

/// A route, finished (see [`finish`]).
#[derive(Debug, Clone)]
struct Finished<S> {
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
    type Future = Finishing<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let bodies = self.bodies;
        let (request, unread) = Unread::watch(request);
        // A panic while the handler is called or polled is its 500; the
        // request's body is dropped as it unwinds, and drained as any other.
        let state = match catch_unwind(AssertUnwindSafe(|| self.inner.call(request))) {
            Ok(future) => State::Route { future, unread },
            Err(panic) => State::after(panic_response(panic), unread, bodies),
        };
        Finishing { state, bodies }
    }
}

/// The future of a finished route (see [`finish`]): the route's own, and
/// then, only for an answer that needs it, the draining of the body it
/// left unread and the reshaping of its error body. An answer that needs
/// neither (most) costs no allocation here.
struct Finishing<F> {
    state: State<F>,
    bodies: ErrorBodies,
}

enum State<F> {
    /// The route is answering.
    Route { future: F, unread: Unread },
    /// Its answer is being drained of the body left or reshaped.
    Settling(Pin<Box<dyn Future<Output = Response> + Send>>),
    /// Its answer is ready (taken when it is returned).
    Answered(Option<Response>),
}

impl<F> State<F> {
    /// The state once the route has answered `response`.
    fn after(response: Response, unread: Unread, bodies: ErrorBodies) -> Self {
        let left = unread.left();
        if left.is_none() && schemas_to_fit(&response, bodies).is_none() {
            return Self::Answered(Some(response));
        }
        Self::Settling(Box::pin(async move {
            let mut response = response;
            if let Some(left) = left {
                left.settle(&mut response).await;
            }
            reshape(response, bodies).await
        }))
    }
}

impl<F> Future for Finishing<F>
where
    F: Future<Output = Result<Response, Infallible>> + Unpin,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        loop {
            this.state = match &mut this.state {
                State::Route { future, unread } => {
                    let response = match catch_unwind(AssertUnwindSafe(|| Pin::new(&mut *future).poll(cx))) {
                        Ok(Poll::Pending) => return Poll::Pending,
                        Ok(Poll::Ready(Ok(response))) => method_not_allowed_as_json(response),
                        Ok(Poll::Ready(Err(never))) => match never {},
                        Err(panic) => panic_response(panic),
                    };
                    State::after(response, std::mem::take(unread), this.bodies)
                }
                State::Settling(future) => return future.as_mut().poll(cx).map(Ok),
                State::Answered(response) => {
                    // Polled again after its answer (which a caller must
                    // not do): a 500 rather than a panic.
                    let response = response.take().unwrap_or_else(|| {
                        HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, "answered already").into_response()
                    });
                    return Poll::Ready(Ok(response));
                }
            };
        }
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
    use axum::routing::get;
    use tower::ServiceExt as _;

    use super::*;

    async fn boom() -> &'static str {
        panic!("boom")
    }

    fn app() -> Router {
        finish(Router::new().route("/a", get(|| async { "a" })).route("/boom", get(boom)), &[])
    }

    async fn call(method: &str, uri: &str) -> Response {
        let request = Request::builder().method(method).uri(uri).body(Body::empty()).expect("request");
        app().oneshot(request).await.expect("infallible")
    }

    #[tokio::test]
    async fn unknown_paths_and_methods_are_json_errors() {
        let response = call("GET", "/nope").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        let response = call("DELETE", "/a").await;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(response.headers()[header::ALLOW], "GET,HEAD");
    }

    #[tokio::test]
    async fn a_panic_is_a_500_and_the_router_lives_on() {
        assert_eq!(call("GET", "/boom").await.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(call("GET", "/a").await.status(), StatusCode::OK);
    }
}
