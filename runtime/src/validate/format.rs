//! The string formats the validator checks. Each accepts what its
//! standard says and nothing the generated models' parsers refuse
//! (chrono's `DateTime<FixedOffset>` and `NaiveDate`, `uuid::Uuid`, this
//! crate's [`Base64`](crate::Base64)), so a value that passes is one the
//! server can type, and one that fails is reported with its field.

use super::schema::StringFormat;

/// Whether `text` is a value of `format`.
pub(super) fn is_valid(format: StringFormat, text: &str) -> bool {
    match format {
        StringFormat::DateTime => is_date_time(text),
        StringFormat::Date => is_date(text.as_bytes()),
        StringFormat::Uuid => is_uuid(text.as_bytes()),
        StringFormat::Byte => crate::bytes::decode_base64(text).is_ok(),
        StringFormat::Email => is_email(text),
        StringFormat::Uri => is_uri(text),
        StringFormat::Ipv4 => is_ipv4(text),
        StringFormat::Ipv6 => is_ipv6(text),
        StringFormat::Hostname => is_hostname(text),
    }
}

/// What a value of `format` looks like, for error messages.
pub(super) fn describe(format: StringFormat) -> &'static str {
    match format {
        StringFormat::DateTime => "an RFC 3339 date-time (2024-01-01T00:00:00Z)",
        StringFormat::Date => "an RFC 3339 full-date (2024-01-01)",
        StringFormat::Uuid => "a hyphenated UUID (00000000-0000-0000-0000-000000000000)",
        StringFormat::Byte => "standard base64 with padding",
        StringFormat::Email => "an email address (user@example.com)",
        StringFormat::Uri => "an absolute URI (https://example.com/path)",
        StringFormat::Ipv4 => "an IPv4 address (192.0.2.1)",
        StringFormat::Ipv6 => "an IPv6 address (2001:db8::1)",
        StringFormat::Hostname => "a host name (example.com)",
    }
}

/// RFC 2673 dotted-quad: four decimal octets, `0` to `255`, no leading zeros.
fn is_ipv4(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|part| {
            (1..=3).contains(&part.len())
                && part.bytes().all(|b| b.is_ascii_digit())
                && (part.len() == 1 || !part.starts_with('0'))
                && part.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// RFC 4291 §2.2: eight groups of one to four hex digits, `::` standing
/// for one or more zero groups (once at most), the last two groups
/// possibly written as an IPv4 address.
fn is_ipv6(text: &str) -> bool {
    /// How many 16-bit groups a `:`-separated run holds; `None` if malformed.
    fn groups(run: &str, last: bool) -> Option<usize> {
        if run.is_empty() {
            return Some(0);
        }
        let parts: Vec<&str> = run.split(':').collect();
        let mut count = 0;
        for (i, part) in parts.iter().enumerate() {
            if last && i == parts.len() - 1 && part.contains('.') {
                is_ipv4(part).then_some(())?;
                count += 2;
            } else if (1..=4).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit()) {
                count += 1;
            } else {
                return None;
            }
        }
        Some(count)
    }
    match text.split_once("::") {
        Some((head, tail)) => {
            if tail.contains("::") {
                return false;
            }
            matches!((groups(head, tail.is_empty()), groups(tail, true)), (Some(h), Some(t)) if h + t <= 7)
        }
        None => groups(text, true) == Some(8),
    }
}

/// RFC 1123 §2.1 host name (see [`StringFormat::Hostname`]).
fn is_hostname(text: &str) -> bool {
    (1..=253).contains(&text.len())
        && text.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// RFC 5322 `atext`: what a dot-atom's atoms are made of.
fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
}

/// An RFC 5321 mailbox (see [`StringFormat::Email`]): a local part that
/// is a dot-atom (atoms of `atext` joined by single dots) or a quoted
/// string (printable ASCII, `\` escaping any of it), `@`, and a domain
/// that is a host name or an address literal.
fn is_email(text: &str) -> bool {
    if text.len() > 254 || !text.is_ascii() {
        return false;
    }
    let Some((local, domain)) = text.rsplit_once('@') else { return false };
    let local_ok = if let Some(quoted) = local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        let mut escaped = false;
        quoted.bytes().all(|b| {
            let ok = escaped || (b != b'"' && (b == b' ' || b.is_ascii_graphic()));
            escaped = !escaped && b == b'\\';
            ok && (b == b' ' || b.is_ascii_graphic())
        }) && !escaped
    } else {
        local.split('.').all(|atom| !atom.is_empty() && atom.bytes().all(is_atext))
    };
    let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(literal) => match literal.strip_prefix("IPv6:") {
            Some(v6) => is_ipv6(v6),
            None => is_ipv4(literal),
        },
        None => is_hostname(domain),
    };
    (1..=64).contains(&local.len()) && local_ok && domain_ok
}

/// An absolute RFC 3986 URI (see [`StringFormat::Uri`]).
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else { return false };
    let scheme_ok = scheme.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !scheme_ok || rest.matches('#').count() > 1 {
        return false;
    }
    // Brackets only around the host of an authority (`//[::1]:8080/`).
    let authority = rest.strip_prefix("//").map_or("", |r| r.split(['/', '?', '#']).next().unwrap_or(""));
    let brackets_ok = match authority.find('[') {
        None => !rest.contains(['[', ']']),
        Some(open) => {
            let host = &authority[open..];
            let Some(close) = host.find(']') else { return false };
            let inside = &host[1..close];
            let literal_ok = is_ipv6(inside) || (inside.starts_with(['v', 'V']) && inside.contains('.'));
            literal_ok && rest.matches('[').count() == 1 && rest.matches(']').count() == 1
        }
    };
    let bytes = rest.as_bytes();
    let chars_ok = bytes.iter().enumerate().all(|(i, &b)| match b {
        b'%' => bytes.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)),
        _ => b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b),
    });
    brackets_ok && chars_ok
}

/// The number written with exactly the digits of `bytes`.
fn number(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0_u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// `full-date`: `YYYY-MM-DD`, a day the month has.
fn is_date(text: &[u8]) -> bool {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text else { return false };
    let (Some(year), Some(month), Some(day)) = (number(&[y0, y1, y2, y3]), number(&[m0, m1]), number(&[d0, d1])) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `HH:MM` with an hour of the day and a minute of the hour.
fn is_hour_minute(text: &[u8]) -> bool {
    let [h0, h1, b':', m0, m1] = *text else { return false };
    matches!((number(&[h0, h1]), number(&[m0, m1])), (Some(0..=23), Some(0..=59)))
}

/// `date-time`: `full-date "T" full-time`, where `full-time` is
/// `HH:MM:SS`, an optional fraction, and `Z` or `+HH:MM`/`-HH:MM`; a leap
/// second (`:60`) is allowed, as RFC 3339 does.
fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !is_date(&bytes[..10]) || !matches!(bytes[10], b'T' | b't') {
        return false;
    }
    let time = &bytes[11..];
    if !is_hour_minute(&time[..5]) || time[5] != b':' || !matches!(number(&time[6..8]), Some(0..=60)) {
        return false;
    }
    let mut rest = &time[8..];
    if let [b'.', fraction @ ..] = rest {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', offset @ ..] => is_hour_minute(offset),
        _ => false,
    }
}

/// `8-4-4-4-12` hex digits, in either case.
fn is_uuid(text: &[u8]) -> bool {
    text.len() == 36
        && text.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_are_rfc_3339() {
        for good in [
            "2024-01-01T00:00:00Z",
            "2024-02-29T23:59:59.123456789+14:00",
            "1990-12-31t23:59:60z",
            "0001-01-01T00:00:00-00:30",
        ] {
            assert!(is_valid(StringFormat::DateTime, good), "{good}");
        }
        for bad in [
            "2024-01-01T00:00:00",
            "2024-01-01 00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:61Z",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00+2400",
            "2024-01-01T00:00:00+24:00",
            "2024-01-01T00:00:00ZZ",
            "+2024-01-01T00:00:00Z",
            "２024-01-01T00:00:00Z",
            "",
        ] {
            assert!(!is_valid(StringFormat::DateTime, bad), "{bad}");
        }
    }

    #[test]
    fn dates_uuids_and_bytes() {
        assert!(is_valid(StringFormat::Date, "2000-02-29"));
        assert!(!is_valid(StringFormat::Date, "1900-02-29"), "not a leap year");
        assert!(!is_valid(StringFormat::Date, "2024-04-31"));
        assert!(!is_valid(StringFormat::Date, "2024-01-01T00:00:00Z"));
        assert!(is_valid(StringFormat::Uuid, "00000000-0000-0000-0000-00000000000a"));
        assert!(is_valid(StringFormat::Uuid, "ABCDEF00-0000-0000-0000-000000000000"));
        assert!(!is_valid(StringFormat::Uuid, "00000000000000000000000000000000"), "not hyphenated");
        assert!(!is_valid(StringFormat::Uuid, "{00000000-0000-0000-0000-000000000000}"));
        assert!(!is_valid(StringFormat::Uuid, "g0000000-0000-0000-0000-000000000000"));
        assert!(is_valid(StringFormat::Byte, "ZXhhbXBsZQ=="));
        assert!(is_valid(StringFormat::Byte, ""));
        assert!(!is_valid(StringFormat::Byte, "ZXhhbXBsZQ="));
        assert!(!is_valid(StringFormat::Byte, "ZXhhbXBsZQ"), "padding is required");
    }

    #[test]
    fn emails_are_rfc_5321_mailboxes() {
        for good in [
            "user@example.com",
            "first.last+tag@sub.example.co",
            "o'brien!#$%&*=?^_`{|}~-/@x.io",
            "\"john doe\"@example.com",
            "\"a\\\"b\"@example.com",
            "user@[192.0.2.1]",
            "user@[IPv6:2001:db8::1]",
            "a@localhost",
        ] {
            assert!(is_valid(StringFormat::Email, good), "{good}");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long_total = format!("a@{}.com", vec!["b".repeat(60); 5].join("."));
        for bad in [
            "",
            "user",
            "@example.com",
            "user@",
            "user@@example.com",
            ".user@example.com",
            "user.@example.com",
            "us..er@example.com",
            "us er@example.com",
            "user@-example.com",
            "user@exa_mple.com",
            "user@example.com.",
            "user@[300.1.1.1]",
            "user@[IPv6:zz::1]",
            "\"unterminated@example.com",
            "\"a\"b\"@example.com",
            "Ann <ann@example.com>",
            "jörg@example.com",
            long_local.as_str(),
            long_total.as_str(),
        ] {
            assert!(!is_valid(StringFormat::Email, bad), "{bad}");
        }
    }

    #[test]
    fn uris_are_absolute_rfc_3986() {
        for good in [
            "https://example.com/path?q=1#frag",
            "urn:isbn:0451450523",
            "mailto:user@example.com",
            "http://[2001:db8::1]:8080/a%20b",
            "file:///etc/hosts",
            "tag:example.com,2024:x;y=(z)*",
            "a+b.c-d:",
        ] {
            assert!(is_valid(StringFormat::Uri, good), "{good}");
        }
        for bad in [
            "",
            "/relative/path",
            "example.com",
            "1http://example.com",
            "https://exa mple.com",
            "https://example.com/%zz",
            "https://example.com/%2",
            "https://example.com/#a#b",
            "https://example.com/<tag>",
            "https://example.com/ü",
            "https://example.com/[x]",
            "http://[nope]/",
            "ht tp://example.com",
        ] {
            assert!(!is_valid(StringFormat::Uri, bad), "{bad}");
        }
    }

    #[test]
    fn ip_addresses_and_host_names() {
        for good in ["0.0.0.0", "192.0.2.1", "255.255.255.255"] {
            assert!(is_valid(StringFormat::Ipv4, good), "{good}");
        }
        for bad in ["256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.", "1..3.4", "a.b.c.d", " 1.2.3.4", ""] {
            assert!(!is_valid(StringFormat::Ipv4, bad), "{bad}");
        }
        for good in [
            "::",
            "::1",
            "1::",
            "2001:db8::1",
            "2001:0db8:0000:0000:0000:ff00:0042:8329",
            "::ffff:192.0.2.1",
            "64:ff9b::192.0.2.33",
            "1:2:3:4:5:6:1.2.3.4",
            "FE80::abcd",
        ] {
            assert!(is_valid(StringFormat::Ipv6, good), "{good}");
        }
        for bad in [
            "",
            ":",
            ":::",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "1::2::3",
            "12345::",
            "g::1",
            "1:2:3:4:5:6:7::8",
            "::1.2.3.4:5",
            "1:2:3:4:5:6:7:1.2.3.4",
            "fe80::1%eth0",
            ":1::",
            "1::1:",
        ] {
            assert!(!is_valid(StringFormat::Ipv6, bad), "{bad}");
        }
        let label = "a".repeat(63);
        for good in ["example.com", "a", "xn--bcher-kva.example", "a-b.c1", label.as_str()] {
            assert!(is_valid(StringFormat::Hostname, good), "{good}");
        }
        let (label, long) = ("a".repeat(64), vec!["a".repeat(63); 4].join("."));
        for bad in ["", "-a.com", "a-.com", "a..com", "a.com.", "a_b.com", "exämple.com", label.as_str(), long.as_str()]
        {
            assert!(!is_valid(StringFormat::Hostname, bad), "{bad}");
        }
    }
}
