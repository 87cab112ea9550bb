//! The base URL of a client: checked once when the client is built, and
//! never shown with its password.

use std::borrow::Cow;
use std::fmt;

use reqwest::Url;

use super::error::BuildError;

/// What a password in a URL shows as.
pub(crate) const REDACTED: &str = "<redacted>";

/// An absolute `http(s)` base URL without query, fragment, trailing slash,
/// control characters or surrounding whitespace. Its `Debug` and `Display`
/// show the password of its userinfo (`https://user:password@host`) as
/// `<redacted>`; [`BaseUrl::as_str`] gives the URL requests go to.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct BaseUrl(String);

impl BaseUrl {
    /// `url` checked, without its trailing slash.
    pub(crate) fn parse(url: &str) -> Result<Self, BuildError> {
        let error = |reason: String| BuildError::BaseUrl { url: redact_password(url).into_owned(), reason };
        // The URL parser drops tabs, CR and LF anywhere, and control
        // characters and spaces at either end, without a word: refuse them
        // instead, as a header value with CR or LF is refused.
        if let Some(control) = url.chars().find(|c| c.is_control()) {
            return Err(error(format!(
                "a base URL cannot contain CR, LF, tab or other control characters (found {})",
                control.escape_default()
            )));
        }
        if url.trim() != url {
            return Err(error("a base URL cannot start or end with whitespace".to_owned()));
        }
        let parsed = Url::parse(url).map_err(|e| {
            error(format!("{e}; a relative server URL needs the API's absolute base URL set on the client builder"))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(error("only http and https URLs are supported".to_owned()));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(error("a base URL cannot have a query or fragment".to_owned()));
        }
        Ok(Self(url.trim_end_matches('/').to_owned()))
    }

    /// The URL, password included.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&redact_password(&self.0), f)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_password(&self.0))
    }
}

/// `url` with the password of its userinfo replaced by `<redacted>`,
/// found as the URL parser finds it: the authority follows the scheme's
/// `:` and any `/` or `\`, and ends at `/`, `\`, `?` or `#`; its userinfo
/// ends at its last `@`, and the password follows the userinfo's first
/// `:`. Text without a scheme is read as if it began with the authority,
/// so that a password in a URL too broken to parse is hidden as well.
pub(crate) fn redact_password(url: &str) -> Cow<'_, str> {
    let start = authority_start(url);
    let rest = &url[start..];
    let authority = &rest[..rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len())];
    let Some(at) = authority.rfind('@') else { return Cow::Borrowed(url) };
    let Some(colon) = authority[..at].find(':') else { return Cow::Borrowed(url) };
    if colon + 1 == at {
        return Cow::Borrowed(url);
    }
    Cow::Owned(format!("{}{REDACTED}{}", &url[..start + colon + 1], &url[start + at..]))
}

/// Where the authority of `url` starts.
fn authority_start(url: &str) -> usize {
    let scheme_end = url.find(':').filter(|&end| {
        let scheme = &url[..end];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let Some(end) = scheme_end else { return 0 };
    let after = &url[end + 1..];
    let slashes = after.len() - after.trim_start_matches(['/', '\\']).len();
    let special = url[..end].eq_ignore_ascii_case("http") || url[..end].eq_ignore_ascii_case("https");
    if slashes > 0 || special { end + 1 + slashes } else { 0 }
}

/// `text` with control characters escaped (`\r`, `\n`, `\u{7f}`), for a
/// message that must stay on one line.
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.contains(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_where_the_url_parser_finds_them() {
        let cases = [
            ("https://user:pa55@host/v1", "https://user:<redacted>@host/v1"),
            ("HTTP://user:pa55@host:8080", "HTTP://user:<redacted>@host:8080"),
            ("https://u:p@ss@host/a@b", "https://u:<redacted>@host/a@b"),
            ("https://u:p%40ss@host", "https://u:<redacted>@host"),
            ("https:\\\\u:pw@host", "https:\\\\u:<redacted>@host"),
            ("https:u:pw@host", "https:u:<redacted>@host"),
            ("u:pw@host/v1", "u:<redacted>@host/v1"),
            ("https://u:pw@host\r\n", "https://u:<redacted>@host\r\n"),
            // No password to hide.
            ("https://user@host/v1", "https://user@host/v1"),
            ("https://user:@host/v1", "https://user:@host/v1"),
            ("https://host:8080/a:b@c", "https://host:8080/a:b@c"),
            ("https://host/v1?k=a:b@c", "https://host/v1?k=a:b@c"),
            ("http://[::1]:8080/v1", "http://[::1]:8080/v1"),
            ("localhost:8080", "localhost:8080"),
            ("", ""),
        ];
        for (url, shown) in cases {
            assert_eq!(redact_password(url), shown, "{url:?}");
        }
        // Whatever the parser takes for the password is what is hidden.
        for url in ["https://user:pa55@host/v1", "https://u:p@ss@host/a@b", "https:\\\\u:pw@host", "https:u:pw@host"] {
            let parsed = Url::parse(url).expect("valid");
            let password = parsed.password().expect("a password");
            let password = percent_encoding::percent_decode_str(password).decode_utf8_lossy();
            assert!(!redact_password(url).contains(password.as_ref()), "{url:?}");
        }
    }

    #[test]
    fn base_urls_with_control_characters_or_surrounding_space_are_refused() {
        for url in [
            "https://api.example.com/v1\r\n",
            "https://api.example.com/v\r\n1",
            "https://api.exa\nmple.com",
            "https://api.example.com/\tv1",
            "https://api.example.com/v1\0",
            "https://api.example.com/v1\u{7f}",
            "https://api.example.com/v1\u{85}",
            "\rhttps://api.example.com",
        ] {
            // The URL parser alone would take each of these, dropping characters.
            let message = BaseUrl::parse(url).expect_err(url).to_string();
            assert!(message.contains("control characters"), "{message}");
            assert!(!message.contains(['\r', '\n', '\t', '\0']), "{message:?}");
        }
        for url in [" https://api.example.com", "https://api.example.com/v1 ", "https://api.example.com/v1\u{a0}"] {
            let message = BaseUrl::parse(url).expect_err(url).to_string();
            assert!(message.contains("whitespace"), "{message}");
        }
        assert_eq!(
            BaseUrl::parse("https://api.example.com/a%20b/").expect("valid").as_str(),
            "https://api.example.com/a%20b"
        );
    }

    #[test]
    fn base_urls_never_show_their_password() {
        let url = BaseUrl::parse("https://alice:s3cr3t@api.example.com/v1/").expect("valid");
        assert_eq!(url.as_str(), "https://alice:s3cr3t@api.example.com/v1");
        assert_eq!(format!("{url:?}"), "\"https://alice:<redacted>@api.example.com/v1\"");
        assert_eq!(url.to_string(), "https://alice:<redacted>@api.example.com/v1");
        let error = BaseUrl::parse("ftp://alice:s3cr3t@example.com").expect_err("not http");
        assert!(!format!("{error} {error:?}").contains("s3cr3t"), "{error:?}");
        let error = BaseUrl::parse("https://alice:s3cr3t@example.com/\n").expect_err("LF");
        assert!(!format!("{error} {error:?}").contains("s3cr3t"), "{error:?}");
    }
}
