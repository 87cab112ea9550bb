//! Request bodies left unread. A router that answers before reading the
//! body (401, 404, 405, 415, or a 400 for a parameter) would leave hyper
//! with unread bytes on the connection: hyper then closes it after the
//! answer without saying so, and a client that sends its next request on
//! it loses that request. [`Unread`] reads what is left, up to
//! [`DRAIN_LIMIT`] bytes within [`DRAIN_TIME`], before the answer goes
//! out, so the connection stays usable; a body it cannot drain gets
//! `Connection: close` on the answer, so the client knows not to reuse
//! the connection.

use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use http_body::{Body as _, Frame, SizeHint};

/// At most this many unread body bytes are drained before an answer.
pub(crate) const DRAIN_LIMIT: u64 = 64 * 1024;

/// Draining an unread body waits at most this long for the client.
pub(crate) const DRAIN_TIME: Duration = Duration::from_secs(1);

/// Where a body dropped before its end is left for [`Unread::settle`].
type Slot = Arc<Mutex<Option<Body>>>;

/// A request's body as the router leaves it.
#[derive(Default)]
pub(crate) struct Unread {
    /// Where the body is left if it is dropped before its end; `None` for
    /// a body that has ended already (a `GET`'s), which needs no watching.
    slot: Option<Slot>,
    /// With `Expect: 100-continue` the client sends nothing until asked:
    /// asking just to throw the body away would waste its upload.
    expects_continue: bool,
}

impl Unread {
    /// Watch the body of `request`.
    pub(crate) fn watch(request: Request) -> (Request, Self) {
        // A body that has ended (every `GET`'s) is never left: nothing to
        // watch, and no `Expect` header to look up.
        if request.body().is_end_stream() {
            return (request, Self::default());
        }
        let expects_continue = request.headers().contains_key(header::EXPECT);
        let slot = Slot::default();
        let watched = Arc::clone(&slot);
        let request = request.map(|body| Body::new(Watched { body: Some(body), ended: false, slot: watched }));
        (request, Self { slot: Some(slot), expects_continue })
    }

    /// Once the router has answered: the body it left unread, if any (most
    /// answers leave none, and need nothing more).
    pub(crate) fn left(self) -> Option<Left> {
        let slot = self.slot?;
        let body = slot.lock().unwrap_or_else(PoisonError::into_inner).take()?;
        Some(Left { body, expects_continue: self.expects_continue })
    }
}

/// A request body the router left unread (see [`Unread::left`]).
pub(crate) struct Left {
    body: Body,
    expects_continue: bool,
}

impl Left {
    /// Drain the body, or mark the answer `Connection: close`.
    pub(crate) async fn settle(self, response: &mut Response) {
        if self.expects_continue || !drain(self.body).await {
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
    }
}

/// Read `body` to its end: whether it ended within the limits.
async fn drain(mut body: Body) -> bool {
    if body.size_hint().lower() > DRAIN_LIMIT {
        return false;
    }
    let read = async {
        let mut left = DRAIN_LIMIT;
        loop {
            match std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
                None => return true,
                Some(Ok(frame)) => {
                    let size = frame.data_ref().map_or(0, |data| data.len() as u64);
                    match left.checked_sub(size) {
                        Some(rest) => left = rest,
                        None => return false,
                    }
                }
                Some(Err(_)) => return false,
            }
        }
    };
    tokio::time::timeout(DRAIN_TIME, read).await.unwrap_or(false)
}

/// A request body that, dropped before its end, leaves itself in `slot`.
struct Watched {
    body: Option<Body>,
    ended: bool,
    slot: Slot,
}

impl http_body::Body for Watched {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let Some(body) = this.body.as_mut() else { return Poll::Ready(None) };
        let frame = Pin::new(body).poll_frame(cx);
        if let Poll::Ready(None) = frame {
            this.ended = true;
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.body.as_ref().is_none_or(Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.body.as_ref().map_or_else(|| SizeHint::with_exact(0), Body::size_hint)
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        if let Some(body) = self.body.take() {
            if !self.ended && !body.is_end_stream() {
                *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(body);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::http::StatusCode;
    use axum::routing::post;
    use tower::ServiceExt as _;

    use super::*;

    fn app() -> Router {
        let routes = Router::new()
            .route("/read", post(|body: Bytes| async move { body.len().to_string() }))
            .route("/refuse", post(|| async { StatusCode::UNAUTHORIZED }));
        crate::server::finish(routes, &[])
    }

    async fn call(uri: &str, body: Body, expect: bool) -> Response {
        let mut request = Request::builder().method("POST").uri(uri);
        if expect {
            request = request.header(header::EXPECT, "100-continue");
        }
        app().oneshot(request.body(body).expect("request")).await.expect("infallible")
    }

    fn closes(response: &Response) -> bool {
        response.headers().get(header::CONNECTION).is_some_and(|v| v == "close")
    }

    #[tokio::test]
    async fn small_unread_bodies_are_drained_and_the_connection_kept() {
        assert!(!closes(&call("/refuse", Body::from("x".repeat(1000)), false).await));
        assert!(!closes(&call("/read", Body::from("x".repeat(1000)), false).await));
        assert!(!closes(&call("/refuse", Body::empty(), false).await));
    }

    #[tokio::test]
    async fn large_or_awaited_bodies_close_the_connection() {
        let large = "x".repeat(DRAIN_LIMIT as usize + 1);
        assert!(closes(&call("/refuse", Body::from(large.clone()), false).await));
        assert!(!closes(&call("/read", Body::from(large), false).await), "read bodies need no draining");
        assert!(closes(&call("/refuse", Body::from("x"), true).await));
    }
}
