//! Client settings, and the configured core every generated `Client` wraps.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use std::sync::Arc;

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::base_url::{BaseUrl, redact_password};
use super::credentials::Credentials;
use super::error::{BuildError, InvalidRequest};
use super::hooks::{Extensions, Hook, Hooks};
use super::request::Request;
use super::retry::RetryPolicy;

/// Everything a generated `ClientBuilder` collects; unset values take
/// their defaults in [`Config::build`]. Its `Debug` shows neither the
/// credentials nor a password in the base URL.
#[derive(Clone, Default)]
pub struct Config {
    /// Base URL of the API; the spec's first server when unset. It may
    /// carry a user and password (`https://user:password@host`), which
    /// reqwest sends as HTTP basic authentication unless the credentials
    /// set `Authorization`; CR, LF and other control characters are
    /// refused by [`Config::build`], not dropped.
    pub base_url: Option<String>,
    /// What operations authenticate with.
    pub credentials: Credentials,
    /// Text sent before API keys in place of the spec's prefix (`Api-Key`
    /// in `Authorization: Api-Key <key>`), for the schemes whose spec gives
    /// one; empty sends the bare key.
    pub api_key_prefix: Option<String>,
    /// Text sent before the API key of one scheme (by its name under
    /// `components/securitySchemes`), whether or not the spec gives it a
    /// prefix; wins over [`Config::api_key_prefix`].
    pub api_key_prefixes: BTreeMap<String, String>,
    /// Time limit of each request, from sending until the body is read.
    pub timeout: Option<Duration>,
    /// `User-Agent` sent with each request.
    pub user_agent: Option<String>,
    /// The HTTP client to send with (proxies, TLS roots, connection pool...).
    pub http_client: Option<reqwest::Client>,
    /// Retries of idempotent requests; none by default.
    pub retry: RetryPolicy,
    /// The hooks that see each request and response, in order.
    pub hooks: Vec<Arc<dyn Hook>>,
}

impl Config {
    /// A ready client core: `default_base_url` is used when no base URL is
    /// set, `default_user_agent` when neither a user agent nor an HTTP
    /// client is.
    ///
    /// # Errors
    ///
    /// [`BuildError::BaseUrl`] when the base URL is not an absolute `http`
    /// or `https` URL, has a query or fragment, contains CR, LF or other
    /// control characters, or starts or ends with whitespace;
    /// [`BuildError::UserAgent`] and [`BuildError::Http`] as they say.
    pub fn build(self, default_base_url: &str, default_user_agent: &str) -> Result<Core, BuildError> {
        let base_url_set = self.base_url.is_some();
        let base_url = BaseUrl::parse(self.base_url.as_deref().unwrap_or(default_base_url))?;
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
            base_url_set,
            credentials: self.credentials,
            api_key_prefix: self.api_key_prefix,
            api_key_prefixes: self.api_key_prefixes,
            timeout: self.timeout,
            user_agent,
            retry: self.retry,
            hooks: Hooks(self.hooks),
            headers: HeaderMap::new(),
            extensions: Extensions::default(),
            invalid: None,
        })
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url.as_deref().map(redact_password))
            .field("credentials", &self.credentials)
            .field("api_key_prefix", &self.api_key_prefix)
            .field("api_key_prefixes", &self.api_key_prefixes)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http_client)
            .field("retry", &self.retry)
            .field("hooks", &Hooks(self.hooks.clone()))
            .finish()
    }
}

/// A configured client: what every request of a generated client starts
/// from. Its `Debug` (and so a generated `Client`'s) shows neither the
/// credentials nor a password in the base URL.
#[derive(Clone)]
pub struct Core {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: BaseUrl,
    /// Whether the base URL was set (else it is the spec's default, which
    /// an operation's own server replaces).
    pub(crate) base_url_set: bool,
    pub(crate) credentials: Credentials,
    pub(crate) api_key_prefix: Option<String>,
    pub(crate) api_key_prefixes: BTreeMap<String, String>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: Option<HeaderValue>,
    pub(crate) retry: RetryPolicy,
    pub(crate) hooks: Hooks,
    /// Headers every request through this value carries ([`Core::with_header`]).
    pub(crate) headers: HeaderMap,
    /// Values for the hooks ([`Core::with_extension`]).
    pub(crate) extensions: Extensions,
    /// A header [`Core::with_header`] could not add: every request fails with it.
    pub(crate) invalid: Option<InvalidRequest>,
}

impl Core {
    /// The base URL requests go to, without a trailing slash (and with
    /// its password, if it has one: keep it out of logs).
    pub fn base_url(&self) -> &str {
        self.base_url.as_str()
    }

    /// A request for `method` on the spec's path `template`, whose
    /// `{name}` placeholders [`Request::path_param`] fills.
    pub fn request(&self, method: Method, template: &str) -> Request<'_> {
        Request::new(self, method, template)
    }

    /// This core, whose requests also carry the header `name: value`
    /// (replacing a header of that name the operation would send; several
    /// calls with one name send each value). A name or value a header cannot
    /// hold (CR, LF...) makes each request fail with
    /// [`InvalidRequest`] before anything is sent.
    pub fn with_header(&self, name: &str, value: &str) -> Self {
        let mut core = self.clone();
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            (Ok(name), Ok(value)) => {
                core.headers.append(name, value);
            }
            (Err(_), _) => {
                core.invalid.get_or_insert(InvalidRequest::HeaderName { name: name.to_owned() });
            }
            (_, Err(_)) => {
                core.invalid.get_or_insert(InvalidRequest::HeaderValue { name: name.to_owned() });
            }
        }
        core
    }

    /// This core, whose requests carry `value` for the hooks to read
    /// ([`Context::extensions`](super::Context::extensions)).
    pub fn with_extension<T: Send + Sync + 'static>(&self, value: T) -> Self {
        let mut core = self.clone();
        core.extensions.insert(value);
        core
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("api_key_prefix", &self.api_key_prefix)
            .field("api_key_prefixes", &self.api_key_prefixes)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("extensions", &self.extensions)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base_url(url: &str) -> Result<String, BuildError> {
        BaseUrl::parse(url).map(|url| url.as_str().to_owned())
    }

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
    fn headers_and_extensions_belong_to_the_copy() {
        let core = Config::default().build("https://example.com", "test/1").unwrap();
        let keyed = core.with_header("Idempotency-Key", "k-1").with_header("X-Tag", "a").with_header("X-Tag", "b");
        assert!(core.headers.is_empty());
        assert_eq!(keyed.headers["idempotency-key"], "k-1");
        assert_eq!(keyed.headers.get_all("x-tag").iter().collect::<Vec<_>>(), ["a", "b"]);
        assert!(keyed.invalid.is_none());
        let bad = core.with_header("X-Tag", "a\r\nX-Injected: 1");
        assert_eq!(bad.invalid, Some(InvalidRequest::HeaderValue { name: "X-Tag".into() }));
        assert_eq!(
            core.with_header("Bad Name", "v").invalid,
            Some(InvalidRequest::HeaderName { name: "Bad Name".into() })
        );
        let tagged = core.with_extension(7_u8).with_extension("trace");
        assert_eq!((tagged.extensions.get::<u8>(), tagged.extensions.get::<&str>()), (Some(&7), Some(&"trace")));
        assert_eq!(core.extensions.get::<u8>(), None);
    }

    #[test]
    fn debug_hides_credentials() {
        let config = Config { credentials: Credentials::bearer("s3cr3t"), ..Config::default() };
        assert!(!format!("{config:?}").contains("s3cr3t"));
        let core = config.build("https://example.com", "test/1").unwrap();
        let debug = format!("{core:?}");
        assert!(!debug.contains("s3cr3t") && debug.contains("<redacted>"), "{debug}");
    }

    #[test]
    fn debug_hides_the_password_of_the_base_url() {
        let config = Config { base_url: Some("https://alice:pa55w0rd@example.com/v1".into()), ..Config::default() };
        let debug = format!("{config:?}");
        assert!(!debug.contains("pa55w0rd") && debug.contains("https://alice:<redacted>@example.com/v1"), "{debug}");
        let core = config.build("https://example.com", "test/1").unwrap();
        let debug = format!("{core:?}");
        assert!(!debug.contains("pa55w0rd") && debug.contains("https://alice:<redacted>@example.com/v1"), "{debug}");
        // Requests still go to the URL as given.
        assert_eq!(core.base_url(), "https://alice:pa55w0rd@example.com/v1");
    }

    #[test]
    fn build_refuses_control_characters_in_the_base_url() {
        for url in ["https://example.com/v1\r\n", "https://example.com/v\n1", "https://exam\tple.com"] {
            let config = Config { base_url: Some(url.into()), ..Config::default() };
            let error = config.build("https://example.com", "test/1").expect_err(url);
            assert!(matches!(error, BuildError::BaseUrl { .. }), "{error:?}");
            let message = error.to_string();
            assert!(message.contains("control characters") && !message.contains(['\r', '\n', '\t']), "{message:?}");
        }
        // A default URL with a variable set to a value with CR or LF, too.
        let error = Config::default().build("https://example.com/\r\nX: 1", "test/1").expect_err("CR LF");
        assert!(error.to_string().contains("control characters"), "{error}");
    }
}
