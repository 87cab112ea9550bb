//! What every generated router gets around its routes: JSON 404 and 405
//! answers (405 keeping axum's `Allow` header), panic isolation, request
//! bodies drained when the answer comes before them, and its own error
//! answers in the spec's shape. All of it is one layer: each request
//! costs one boxed future, not one per concern.

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
use super::shape::{ErrorBodies, reshape};

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
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let bodies = self.bodies;
        let (request, unread) = Unread::watch(request);
        // A panic while the handler is called or polled is its 500; the
        // request's body is dropped as it unwinds, and drained as any other.
        let called = catch_unwind(AssertUnwindSafe(|| self.inner.call(request)));
        Box::pin(async move {
            let answered = match called {
                Ok(future) => {
                    let mut future = std::pin::pin!(future);
                    std::future::poll_fn(|cx| match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
                        Ok(Poll::Ready(Ok(response))) => Poll::Ready(Ok(response)),
                        Ok(Poll::Ready(Err(never))) => match never {},
                        Ok(Poll::Pending) => Poll::Pending,
                        Err(panic) => Poll::Ready(Err(panic)),
                    })
                    .await
                }
                Err(panic) => Err(panic),
            };
            let mut response = match answered {
                Ok(response) => method_not_allowed_as_json(response),
                Err(panic) => panic_response(panic),
            };
            unread.settle(&mut response).await;
            Ok(reshape(response, bodies).await)
        })
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
