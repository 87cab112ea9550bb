//! Scalar values within their validation keywords: strings of the right
//! length (matching `pattern`, see [`super::pattern`]), integers and
//! numbers between their bounds and multiples of `multipleOf`, and the
//! fixed examples of the string formats the IR knows.
//!
//! `variant` asks for the n-th distinct value, for arrays with `uniqueItems`.

use serde_json::{Number, Value};

use super::check::{number_ok, string_ok};
use super::pattern;
use crate::ir::Constraints;

/// The `date-time` every synthesized value uses.
pub(super) const DATE_TIME: &str = "2024-01-01T00:00:00Z";
/// The `date` every synthesized value uses.
pub(super) const DATE: &str = "2024-01-01";
/// The `uuid` every synthesized value uses.
pub(super) const UUID: &str = "00000000-0000-0000-0000-000000000001";
/// The bytes of every synthesized `byte` and `binary` value.
pub(super) const BYTES: &str = "example";
/// `BYTES` in base64.
pub(super) const BYTES_BASE64: &str = "ZXhhbXBsZQ==";

/// A string for a member or parameter called `hint` (its name reads
/// better in an example than anything made up), within the constraints.
pub(super) fn string(hint: &str, c: &Constraints, variant: usize) -> Option<String> {
    if let Some(format) = &c.format {
        return formatted(format, hint, c, variant);
    }
    let base = if hint.is_empty() { "string" } else { hint };
    let base = if variant == 0 { base.to_owned() } else { format!("{base}{variant}") };
    let min = c.min_length.unwrap_or(0);
    if let Some(regex) = &c.pattern {
        if let Some(text) = pattern::matching(regex, min, c.max_length, &base) {
            return Some(text);
        }
        // A pattern the regex crate cannot run is not enforced: go on
        // with the lengths alone. One it can run but we cannot satisfy: none.
        if oapi_runtime::validate::compiled(regex).is_some() {
            return None;
        }
    }
    let mut text: String = base.chars().cycle().take(base.chars().count().max(min)).collect();
    if let Some(max) = c.max_length {
        text = text.chars().take(max).collect();
    }
    string_ok(&text, &Constraints { pattern: None, ..c.clone() }).then_some(text)
}

/// A string of a checked `format` (`email`, `uri`...) within the other
/// keywords: one made from the hint if it fits, else the shortest of the
/// format; `None` when neither does.
fn formatted(format: &str, hint: &str, c: &Constraints, variant: usize) -> Option<String> {
    let word: String = hint.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    let word = if word.is_empty() { "user".to_owned() } else { word };
    let word = if variant == 0 { word } else { format!("{word}{variant}") };
    let n = variant + 1;
    let candidates = match format {
        "email" => vec![format!("{word}@example.com"), format!("u{variant}@x.io")],
        "uri" => vec![format!("https://example.com/{word}"), format!("a:{variant}")],
        "ipv4" => vec![format!("192.0.2.{}", n % 256), format!("10.0.{}.{}", n / 256 % 256, n % 256)],
        "ipv6" => vec![format!("2001:db8::{n:x}"), format!("::{n:x}")],
        "hostname" => vec![format!("{word}.example.com"), format!("h{variant}")],
        _ => Vec::new(),
    };
    candidates.into_iter().find(|text| string_ok(text, c))
}

/// An integer within the bounds (and the `int32` range), preferring `1`.
pub(super) fn integer(c: &Constraints, (mut low, mut high): (i128, i128), variant: usize) -> Option<Value> {
    if let Some(min) = c.minimum.as_ref().and_then(Number::as_f64) {
        // `as` saturates: a bound beyond the range clamps to it.
        low = low.max(if c.exclusive_minimum { (min.floor() as i128).saturating_add(1) } else { min.ceil() as i128 });
    }
    if let Some(max) = c.maximum.as_ref().and_then(Number::as_f64) {
        high = high.min(if c.exclusive_maximum { (max.ceil() as i128).saturating_sub(1) } else { max.floor() as i128 });
    }
    if low > high {
        return None;
    }
    // Both bounds are now within the range of a JSON value's integers (`i64::MIN`
    // to `u64::MAX`, what a server reads): no arithmetic below overflows.
    let preferred = (1 + variant as i128).clamp(low, high);
    let candidate = match c.multiple_of.as_ref().and_then(Number::as_f64).filter(|f| *f > 0.0) {
        None => preferred,
        Some(factor) if factor.fract() == 0.0 && factor < 1e18 => {
            let factor = factor as i128;
            let up = preferred.div_euclid(factor) * factor;
            let up = if up < preferred { up + factor } else { up };
            if up <= high { up } else { high.div_euclid(factor) * factor }
        }
        // A fractional factor: look for an integer multiple near the preference.
        Some(factor) => (0..1000)
            .map(|step| preferred + step)
            .take_while(|n| *n <= high)
            .find(|n| {
                number_ok(*n as f64, &Constraints { multiple_of: c.multiple_of.clone(), ..Constraints::default() })
            })
            .unwrap_or(if (low..=high).contains(&0) { 0 } else { preferred + (factor.ceil() as i128) }),
    };
    let value = match i64::try_from(candidate) {
        Ok(small) => Value::from(small),
        Err(_) => Value::from(u64::try_from(candidate).ok()?),
    };
    (number_ok(candidate as f64, c) && (low..=high).contains(&candidate)).then_some(value)
}

/// A number within the bounds, preferring `1.5` (plainly not an integer).
pub(super) fn number(c: &Constraints, variant: usize) -> Option<Value> {
    let low = c.minimum.as_ref().and_then(Number::as_f64);
    let high = c.maximum.as_ref().and_then(Number::as_f64);
    let span = match (low, high) {
        (Some(low), Some(high)) => ((high - low) / 2.0).min(1.0),
        _ => 1.0,
    };
    let mut x = 1.5 + variant as f64;
    if let Some(low) = low.filter(|low| x < *low || c.exclusive_minimum && x == *low) {
        x = if c.exclusive_minimum { low + span } else { low };
    }
    if let Some(high) = high.filter(|high| x > *high || c.exclusive_maximum && x == *high) {
        x = if c.exclusive_maximum { high - span } else { high };
    }
    if let Some(factor) = c.multiple_of.as_ref().and_then(Number::as_f64).filter(|f| *f > 0.0) {
        let up = (x / factor).ceil() * factor;
        x = if number_ok(up, c) { up } else { (x / factor).floor() * factor };
    }
    if !number_ok(x, c) {
        return None;
    }
    Number::from_f64(x).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use serde_json::{Number, json};

    use super::*;

    fn bounds(min: Option<f64>, max: Option<f64>, exclusive: bool, factor: Option<f64>) -> Constraints {
        Constraints {
            minimum: min.and_then(Number::from_f64),
            maximum: max.and_then(Number::from_f64),
            exclusive_minimum: exclusive,
            exclusive_maximum: exclusive,
            multiple_of: factor.and_then(Number::from_f64),
            ..Constraints::default()
        }
    }

    #[test]
    fn strings_use_the_hint_within_their_lengths() {
        let c = |min, max| Constraints { min_length: min, max_length: max, ..Constraints::default() };
        assert_eq!(string("name", &Constraints::default(), 0).as_deref(), Some("name"));
        assert_eq!(string("", &Constraints::default(), 0).as_deref(), Some("string"));
        assert_eq!(string("name", &c(Some(10), None), 0).as_deref(), Some("namenamena"));
        assert_eq!(string("description", &c(None, Some(4)), 0).as_deref(), Some("desc"));
        assert_eq!(string("name", &c(None, Some(0)), 0).as_deref(), Some(""));
        assert_eq!(string("name", &Constraints::default(), 2).as_deref(), Some("name2"));
        assert_eq!(string("name", &c(Some(3), Some(2)), 0), None, "contradictory lengths");
    }

    #[test]
    fn strings_of_checked_formats_are_valid_and_distinct() {
        for format in crate::ir::CHECKED_FORMATS {
            let c = Constraints { format: Some(format.into()), ..Constraints::default() };
            let first = string("Contact-Email", &c, 0).unwrap_or_else(|| panic!("{format}"));
            let second = string("Contact-Email", &c, 1).unwrap_or_else(|| panic!("{format}"));
            assert!(string_ok(&first, &c) && string_ok(&second, &c) && first != second, "{format}: {first} {second}");
            let short = Constraints { max_length: Some(12), ..c };
            assert!(string("a-very-long-hint", &short, 0).is_some_and(|s| s.len() <= 12), "{format}");
        }
        assert_eq!(
            string("Contact", &Constraints { format: Some("email".into()), ..Constraints::default() }, 0).as_deref(),
            Some("contact@example.com")
        );
    }

    #[test]
    fn strings_match_their_pattern() {
        let c = Constraints {
            pattern: Some("^[A-Za-z0-9_]{3,50}$".into()),
            max_length: Some(50),
            ..Constraints::default()
        };
        assert_eq!(string("user_id", &c, 0).as_deref(), Some("user_id"));
        assert_eq!(string("id", &c, 0).as_deref(), Some("aaa"));
        let lookaround = Constraints { pattern: Some("^(?!x)".into()), ..Constraints::default() };
        assert_eq!(string("id", &lookaround, 0).as_deref(), Some("id"), "not enforceable, so not a constraint");
    }

    const I32: (i128, i128) = (i32::MIN as i128, i32::MAX as i128);
    const I64: (i128, i128) = (i64::MIN as i128, i64::MAX as i128);

    #[test]
    fn integers_respect_bounds_and_factors() {
        assert_eq!(integer(&Constraints::default(), I64, 0), Some(json!(1)));
        assert_eq!(integer(&Constraints::default(), I64, 3), Some(json!(4)));
        assert_eq!(integer(&bounds(Some(10.0), None, false, None), I64, 0), Some(json!(10)));
        assert_eq!(integer(&bounds(Some(10.0), None, true, None), I64, 0), Some(json!(11)));
        assert_eq!(integer(&bounds(None, Some(-5.0), false, None), I64, 0), Some(json!(-5)));
        assert_eq!(integer(&bounds(Some(0.5), Some(0.9), false, None), I64, 0), None, "no integer between");
        assert_eq!(integer(&bounds(Some(3.0), None, false, Some(5.0)), I64, 0), Some(json!(5)));
        assert_eq!(integer(&bounds(None, Some(12.0), false, Some(5.0)), I64, 0), Some(json!(5)));
        assert_eq!(integer(&bounds(None, None, false, Some(0.5)), I64, 0), Some(json!(1)));
        assert_eq!(integer(&bounds(Some(3e9), None, false, None), I32, 0), None, "beyond int32");
        assert_eq!(integer(&bounds(Some(-1e30), Some(1e30), false, None), I64, 0), Some(json!(1)));
        // An unsigned 64-bit value above `i64::MAX` is a JSON value still.
        let u64_range = (0, i128::from(u64::MAX));
        assert_eq!(
            integer(&bounds(Some(1e19), None, false, None), u64_range, 0),
            Some(json!(10_000_000_000_000_000_000_u64))
        );
        assert_eq!(integer(&bounds(None, Some(-1.0), false, None), u64_range, 0), None, "no negative uint");
    }

    #[test]
    fn numbers_respect_bounds_and_factors() {
        assert_eq!(number(&Constraints::default(), 0), Some(json!(1.5)));
        assert_eq!(number(&bounds(Some(2.0), None, false, None), 0), Some(json!(2.0)));
        assert_eq!(number(&bounds(Some(2.0), None, true, None), 0), Some(json!(3.0)));
        assert_eq!(number(&bounds(Some(0.0), Some(1.0), true, None), 0), Some(json!(0.5)));
        assert_eq!(number(&bounds(None, None, false, Some(0.25)), 0), Some(json!(1.5)));
        assert_eq!(number(&bounds(None, None, false, Some(2.0)), 0), Some(json!(2.0)));
        assert_eq!(number(&bounds(Some(1.0), Some(1.0), true, None), 0), None);
    }
}
