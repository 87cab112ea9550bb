//! Client settings, and the configured core every generated `Client` wraps.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::{Method, Url};

use super::credentials::Credentials;
use super::error::BuildError;
use super::request::Request;
use super::retry::RetryPolicy;

/// Everything a generated `ClientBuilder` collects; unset values take
/// their defaults in [`Config::build`].
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Base URL of the API; the spec's first server when unset.
    pub base_url: Option<String>,
    /// What operations authenticate with.
    pub credentials: Credentials,
    /// Text sent before API keys in place of the spec's prefix (`Api-Key`
    /// in `Authorization: Api-Key <key>`); empty sends the bare key.
    pub api_key_prefix: Option<String>,
    /// Time limit of each request, from sending until the body is read.
    pub timeout: Option<Duration>,
    /// `User-Agent` sent with each request.
    pub user_agent: Option<String>,
    /// The HTTP client to send with (proxies, TLS roots, connection pool...).
    pub http_client: Option<reqwest::Client>,
    /// Retries of idempotent requests; none by default.
    pub retry: RetryPolicy,
}

impl Config {
    /// A ready client core: `default_base_url` is used when no base URL is
    /// set, `default_user_agent` when neither a user agent nor an HTTP
    /// client is.
    pub fn build(self, default_base_url: &str, default_user_agent: &str) -> Result<Core, BuildError> {
        let base_url = base_url(self.base_url.as_deref().unwrap_or(default_base_url))?;
        let user_agent = self
            .user_agent
            .map(|agent| HeaderValue::from_str(&agent).map_err(|_| BuildError::UserAgent))
            .transpose()?;
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder().user_agent(default_user_agent).build().map_err(BuildError::Http)?,
        };
        Ok(Core {
            http,
            base_url,
            credentials: self.credentials,
            api_key_prefix: self.api_key_prefix,
            timeout: self.timeout,
            user_agent,
            retry: self.retry,
        })
    }
}

/// `url` checked to be an absolute `http(s)` URL without query or
/// fragment, without its trailing slash.
fn base_url(url: &str) -> Result<String, BuildError> {
    let error = |reason: &str| BuildError::BaseUrl { url: url.to_owned(), reason: reason.to_owned() };
    let parsed = Url::parse(url).map_err(|e| {
        error(&format!("{e}; a relative server URL needs the API's absolute base URL set on the client builder"))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(error("only http and https URLs are supported"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(error("a base URL cannot have a query or fragment"));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// A configured client: what every request of a generated client starts from.
#[derive(Clone)]
pub struct Core {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) credentials: Credentials,
    pub(crate) api_key_prefix: Option<String>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: Option<HeaderValue>,
    pub(crate) retry: RetryPolicy,
}

impl Core {
    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A request for `method` on the spec's path `template`, whose
    /// `{name}` placeholders [`Request::path_param`] fills.
    pub fn request(&self, method: Method, template: &str) -> Request<'_> {
        Request::new(self, method, template)
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("api_key_prefix", &self.api_key_prefix)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_absolute_http() {
        assert_eq!(base_url("https://api.example.com/v1/").unwrap(), "https://api.example.com/v1");
        assert_eq!(base_url("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
        for bad in ["/v1", "", "ftp://example.com", "https://example.com/?a=1", "https://example.com/#top"] {
            assert!(base_url(bad).is_err(), "{bad:?}");
        }
        let message = base_url("/v1").unwrap_err().to_string();
        assert!(message.contains("relative server URL"), "{message}");
    }

    #[test]
    fn build_uses_defaults_and_validates_the_user_agent() {
        let core = Config::default().build("https://example.com/", "test/1").unwrap();
        assert_eq!(core.base_url(), "https://example.com");
        let config = Config { base_url: Some("http://localhost:1".into()), ..Config::default() };
        assert_eq!(config.build("https://example.com", "test/1").unwrap().base_url(), "http://localhost:1");
        let config = Config { user_agent: Some("evil\r\nX-Injected: 1".into()), ..Config::default() };
        assert!(matches!(config.build("https://example.com", "test/1"), Err(BuildError::UserAgent)));
    }

    #[test]
    fn debug_hides_credentials() {
        let config = Config { credentials: Credentials::bearer("s3cr3t"), ..Config::default() };
        assert!(!format!("{config:?}").contains("s3cr3t"));
        let core = config.build("https://example.com", "test/1").unwrap();
        let debug = format!("{core:?}");
        assert!(!debug.contains("s3cr3t") && debug.contains("<redacted>"), "{debug}");
    }
}
