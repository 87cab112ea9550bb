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
    }
}

/// What a value of `format` looks like, for error messages.
pub(super) fn describe(format: StringFormat) -> &'static str {
    match format {
        StringFormat::DateTime => "an RFC 3339 date-time (2024-01-01T00:00:00Z)",
        StringFormat::Date => "an RFC 3339 full-date (2024-01-01)",
        StringFormat::Uuid => "a hyphenated UUID (00000000-0000-0000-0000-000000000000)",
        StringFormat::Byte => "standard base64 with padding",
    }
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
}
