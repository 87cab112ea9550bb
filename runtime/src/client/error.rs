//! What can go wrong with a call, from "nothing was sent" to "the API
//! said no".

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::base_url::escape_controls;
use super::credentials::MissingCredentials;
use super::response::Response;

/// The error of an operation whose declared error responses decode into `E`.
#[derive(Debug)]
pub enum Error<E> {
    /// The API answered with a status the operation declares as an error
    /// (or its `default` response); the body decoded as declared.
    Api(Box<ApiError<E>>),
    /// The API answered with a status the operation does not declare.
    UnexpectedStatus(Response),
    /// The response body does not decode as its status declares.
    Decode {
        /// The response, with its raw body.
        response: Response,
        /// Why it does not decode.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The configured credentials cannot satisfy the operation's security
    /// requirement; nothing was sent.
    MissingCredentials(MissingCredentials),
    /// The request cannot be sent as asked (a header value with CR or LF,
    /// a path parameter that would change the path...); nothing was sent.
    InvalidRequest(InvalidRequest),
    /// The request did not get a response: connection, TLS, timeout or
    /// reading the body failed.
    Transport(reqwest::Error),
}

impl<E> Error<E> {
    /// The response status, when there was a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(error) => Some(error.status),
            Self::UnexpectedStatus(response) | Self::Decode { response, .. } => Some(response.status()),
            Self::MissingCredentials(_) | Self::InvalidRequest(_) => None,
            Self::Transport(error) => error.status(),
        }
    }

    /// The decoded error body, when the API answered with a declared error.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Self::Api(error) => Some(&error.body),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => write!(f, "the API answered {}: {:?}", error.status, error.body),
            Self::UnexpectedStatus(response) => {
                write!(f, "the API answered {}, which the operation does not declare", response.status())
            }
            Self::Decode { response, source } => {
                write!(f, "the {} response body does not decode as declared: {source}", response.status())
            }
            Self::MissingCredentials(error) => error.fmt(f),
            Self::InvalidRequest(error) => error.fmt(f),
            Self::Transport(error) => write!(f, "the request failed: {error}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } => Some(source.as_ref()),
            Self::MissingCredentials(error) => Some(error),
            Self::InvalidRequest(error) => Some(error),
            Self::Transport(error) => Some(error),
            Self::Api(_) | Self::UnexpectedStatus(_) => None,
        }
    }
}

/// A declared error response: its status, headers and decoded body.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, decoded into the operation's error type.
    pub body: E,
}

/// Why a request was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidRequest {
    /// A header value (from a parameter) has CR, LF or other bytes a
    /// header cannot carry.
    HeaderValue {
        /// The header.
        name: String,
    },
    /// A header name is not a valid HTTP token.
    HeaderName {
        /// The name.
        name: String,
    },
    /// A credential cannot be sent by the scheme that needs it.
    Credential {
        /// The security scheme.
        scheme: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The token provider gave no token for an OAuth2 or OpenID Connect scheme.
    TokenProvider {
        /// The security scheme.
        scheme: &'static str,
        /// What the provider said.
        message: String,
    },
    /// A path parameter would not stay one path segment.
    PathParam {
        /// The parameter.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A value does not serialize as its place in the request requires.
    Serialize {
        /// The parameter or body.
        what: String,
        /// Why.
        message: String,
    },
    /// The URL built from the base URL and the path is not valid.
    Url {
        /// The URL, the password of the base URL redacted.
        url: String,
        /// Why.
        message: String,
    },
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HeaderValue { name } => {
                write!(
                    f,
                    "invalid request: the value of header `{name}` contains CR, LF or other bytes a header cannot carry"
                )
            }
            Self::HeaderName { name } => write!(f, "invalid request: `{name}` is not a valid header name"),
            Self::Credential { scheme, reason } => write!(f, "invalid request: the credential for `{scheme}` {reason}"),
            Self::TokenProvider { scheme, message } => {
                write!(f, "invalid request: no token for `{scheme}`: {message}")
            }
            Self::PathParam { name, reason } => write!(f, "invalid request: path parameter `{name}` {reason}"),
            Self::Serialize { what, message } => write!(f, "invalid request: {what} does not serialize: {message}"),
            Self::Url { url, message } => {
                write!(f, "invalid request: `{}` is not a valid URL: {message}", escape_controls(url))
            }
        }
    }
}

impl std::error::Error for InvalidRequest {}

/// Why a request was not sent or got no response; every operation's
/// [`Error`] converts from it.
#[derive(Debug)]
pub enum SendError {
    /// See [`Error::MissingCredentials`].
    MissingCredentials(MissingCredentials),
    /// See [`Error::InvalidRequest`].
    InvalidRequest(InvalidRequest),
    /// See [`Error::Transport`].
    Transport(reqwest::Error),
}

impl<E> From<SendError> for Error<E> {
    fn from(error: SendError) -> Self {
        match error {
            SendError::MissingCredentials(error) => Self::MissingCredentials(error),
            SendError::InvalidRequest(error) => Self::InvalidRequest(error),
            SendError::Transport(error) => Self::Transport(error),
        }
    }
}

impl From<InvalidRequest> for SendError {
    fn from(error: InvalidRequest) -> Self {
        Self::InvalidRequest(error)
    }
}

impl From<MissingCredentials> for SendError {
    fn from(error: MissingCredentials) -> Self {
        Self::MissingCredentials(error)
    }
}

impl From<reqwest::Error> for SendError {
    fn from(error: reqwest::Error) -> Self {
        Self::Transport(error)
    }
}

/// Why a client could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL, or has a
    /// query, a fragment, control characters (CR, LF...) or surrounding
    /// whitespace.
    BaseUrl {
        /// The URL, its password redacted (`https://user:<redacted>@host`).
        url: String,
        /// Why.
        reason: String,
    },
    /// The user agent has CR, LF or other bytes a header cannot carry.
    UserAgent,
    /// The HTTP client could not be built (TLS initialization).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BaseUrl { url, reason } => write!(f, "invalid base URL `{}`: {reason}", escape_controls(url)),
            Self::UserAgent => f.write_str("the user agent contains CR, LF or other bytes a header cannot carry"),
            Self::Http(error) => write!(f, "cannot build the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => Some(error),
            Self::BaseUrl { .. } | Self::UserAgent => None,
        }
    }
}
