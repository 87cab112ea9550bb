//! A success response kept whole: its status and headers beside the
//! decoded body, for the `<operation>_with_response` methods.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A decoded success body `T` with the response's status and headers: the
/// declared ones typed in `H` (the operation's `<Op>ResponseHeaders`, or
/// `()` when it declares none), every header as received in
/// [`Success::raw_headers`].
#[derive(Debug, Clone, PartialEq)]
pub struct Success<T, H = ()> {
    status: StatusCode,
    headers: H,
    raw_headers: HeaderMap,
    body: T,
}

impl<T, H> Success<T, H> {
    /// A success with this status, typed and raw headers and body.
    pub fn new(status: StatusCode, headers: H, raw_headers: HeaderMap, body: T) -> Self {
        Self { status, headers, raw_headers, body }
    }

    /// The status the API answered with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers the operation declares, typed.
    pub fn headers(&self) -> &H {
        &self.headers
    }

    /// Every header as received, declared or not.
    pub fn raw_headers(&self) -> &HeaderMap {
        &self.raw_headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, typed headers and body.
    pub fn into_parts(self) -> (StatusCode, H, T) {
        (self.status, self.headers, self.body)
    }
}
