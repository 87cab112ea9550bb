//! Retrying idempotent requests on overload and connection errors, with
//! exponential backoff and `Retry-After` honoured.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// Statuses that say "try again later": 429, 502, 503, 504.
const RETRY_STATUSES: [StatusCode; 4] = [
    StatusCode::TOO_MANY_REQUESTS,
    StatusCode::BAD_GATEWAY,
    StatusCode::SERVICE_UNAVAILABLE,
    StatusCode::GATEWAY_TIMEOUT,
];

/// When to send an idempotent request (GET, PUT, DELETE, HEAD, OPTIONS,
/// TRACE) again: after a 429, 502, 503 or 504 response or a connection
/// error or timeout, waiting `initial_backoff`, then twice as long each
/// time, up to `max_backoff`. A `Retry-After` header sets the wait
/// instead; one longer than `max_backoff` ends the retries. Off by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::disabled()
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn disabled() -> Self {
        Self::new(0)
    }

    /// Up to `max_retries` retries, waiting 200 ms, 400 ms, 800 ms... up to 10 s.
    pub fn new(max_retries: u32) -> Self {
        Self { max_retries, initial_backoff: Duration::from_millis(200), max_backoff: Duration::from_secs(10) }
    }

    /// The same policy with another first wait.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The same policy with another longest wait.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// How many times a request may be sent again.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The wait before retry number `retry` (from 0) without `Retry-After`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry);
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }

    /// The wait before sending again after a response, or `None` to keep it.
    pub(crate) fn after_status(&self, retry: u32, status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
        if retry >= self.max_retries || !RETRY_STATUSES.contains(&status) {
            return None;
        }
        match retry_after(headers, SystemTime::now()) {
            Some(wait) if wait > self.max_backoff => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(retry)),
        }
    }

    /// The wait before sending again after a transport error, or `None` to fail.
    pub(crate) fn after_error(&self, retry: u32, error: &reqwest::Error) -> Option<Duration> {
        (retry < self.max_retries && (error.is_connect() || error.is_timeout())).then(|| self.backoff(retry))
    }
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    #[test]
    fn backoff_doubles_up_to_the_limit() {
        let policy = RetryPolicy::new(10)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(1));
        let waits: Vec<u128> = (0..6).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(policy.backoff(40), Duration::from_secs(1));
    }

    #[test]
    fn only_overload_statuses_are_retried_and_only_so_often() {
        let policy = RetryPolicy::new(2);
        let none = HeaderMap::new();
        for status in [429, 502, 503, 504] {
            assert!(policy.after_status(0, StatusCode::from_u16(status).unwrap(), &none).is_some(), "{status}");
        }
        for status in [200, 400, 404, 500, 501] {
            assert!(policy.after_status(0, StatusCode::from_u16(status).unwrap(), &none).is_none(), "{status}");
        }
        assert!(policy.after_status(1, StatusCode::SERVICE_UNAVAILABLE, &none).is_some());
        assert!(policy.after_status(2, StatusCode::SERVICE_UNAVAILABLE, &none).is_none());
        assert!(RetryPolicy::default().after_status(0, StatusCode::SERVICE_UNAVAILABLE, &none).is_none());
    }

    #[test]
    fn retry_after_sets_the_wait() {
        let policy = RetryPolicy::new(3);
        assert_eq!(policy.after_status(0, StatusCode::TOO_MANY_REQUESTS, &headers("3")), Some(Duration::from_secs(3)));
        // Longer than the policy is willing to wait: give up.
        assert_eq!(policy.after_status(0, StatusCode::TOO_MANY_REQUESTS, &headers("60")), None);
        // Unparsable: plain backoff.
        assert_eq!(policy.after_status(0, StatusCode::TOO_MANY_REQUESTS, &headers("soon")), Some(policy.backoff(0)));
    }

    #[test]
    fn retry_after_accepts_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(retry_after(&headers("Sun, 06 Nov 1994 08:49:42 GMT"), now), Some(Duration::from_secs(5)));
        assert_eq!(retry_after(&headers("Sun, 06 Nov 1994 08:49:30 GMT"), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }
}
