//! Spec text to an untyped tree (`serde_yaml::Value`) that holds every
//! number a spec can hold.
//!
//! serde_yaml's own `Value` refuses integers beyond the 64-bit range
//! (`invalid type: integer -9223372036854776000 as i128`), which real specs
//! carry as bounds: a JavaScript tool printing `i64::MIN` writes exactly that.
//! The parser itself reads them fine; only `Value`'s visitor lacks the 128-bit
//! cases. So YAML is read through [`Loose`], a visitor that accepts every
//! primitive serde_yaml produces and builds the same `Value`. serde_yaml stays
//! (it reads every real spec; see DEVELOPERS.md).
//!
//! How numbers come out:
//! - integers that fit `i64` or `u64` stay exact integers;
//! - integers beyond (YAML's 128-bit ones, and JSON's, which serde_json reads
//!   as floats) become the nearest `f64`: lossy, but `Value` holds nothing
//!   wider, and the generator's numbers are 64-bit anyway;
//! - on an integer schema, a `minimum` below `i64::MIN` or a `maximum` above
//!   `i64::MAX` (and the 3.1 numeric exclusive forms) is saturated to the
//!   `i64` bound (the exclusive forms are dropped): for the 64-bit integers
//!   the generator emits, such a bound already holds for every value, so
//!   nothing changes and nothing is reported;
//! - a float beyond `f64` (`1e400`) is not a number JSON can hold: in JSON it
//!   is refused with its line and column; YAML reads it as text, and in a
//!   numeric keyword (`minimum`, `maximum`, ...) it is refused at its pointer.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};

use crate::diagnostics::{Diagnostic, Location, SpecError};

/// The keywords whose value must be a number.
const NUMERIC_KEYWORDS: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];

/// Keywords whose values are data, not schemas: left as written.
const DATA_KEYWORDS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// YAML text (JSON included) to a tree; serde_yaml's message on failure.
/// A large text is read in pieces on threads where it can be
/// (`yaml_pieces`), whole otherwise.
pub fn from_yaml(text: &str) -> Result<Value, serde_yaml::Error> {
    match super::yaml_pieces::read(text, |piece| whole_yaml(piece).ok()) {
        Some(document) => Ok(document),
        None => whole_yaml(text),
    }
}

/// YAML text read by one parser, start to end.
pub(super) fn whole_yaml(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Loose<REFUSE_DUPLICATES>>(text).map(|loose| loose.0)
}

/// JSON text to a tree, its members in the order written: serde_json reads
/// integers beyond 64 bits as floats. A name given twice in one object
/// keeps its last value, as JSON parsers commonly do (RFC 8259 leaves it
/// open; YAML forbids it). On failure, the message (without its location)
/// and the line and column. A large text is read in pieces on threads
/// where it can be (`json_pieces`), whole otherwise.
pub fn from_json(text: &str) -> Result<Value, (String, usize, usize)> {
    if let Some(document) = super::json_pieces::read(text, |piece| whole_json(piece).ok()) {
        return Ok(document);
    }
    whole_json(text).map_err(|e| {
        let mut message = super::strip_location(&e.to_string());
        if message == "number out of range" {
            message.push_str(
                " (beyond the largest 64-bit float, so not a number JSON can hold; OpenAPI documents allow finite \
                 numbers only)",
            );
        }
        (message, e.line(), e.column())
    })
}

/// JSON text read by one parser, start to end.
pub(super) fn whole_json(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str::<Loose<LAST_WINS>>(text).map(|loose| loose.0)
}

/// Saturate out-of-range bounds of integer schemas, and refuse numerals
/// beyond `f64` in numeric keywords (see the module documentation).
pub fn fit_numbers(root: &Location, document: &mut Value) -> Result<(), SpecError> {
    let mut errors = Vec::new();
    fit_node(document, &mut Vec::new(), &mut |tokens: &[Token], text: &str| {
        let mut pointer = String::new();
        for token in tokens {
            pointer.push('/');
            match token {
                Token::Key(key) => crate::pointer::push_escaped(&mut pointer, key),
                Token::Index(index) => pointer.push_str(&index.to_string()),
            }
        }
        errors.push(Diagnostic::error(
            root.at(pointer),
            format!(
                "`{text}` is beyond the largest 64-bit float, so not a number JSON can hold; OpenAPI documents \
                 allow finite numbers only"
            ),
        ));
    });
    if errors.is_empty() { Ok(()) } else { Err(SpecError { diagnostics: errors }) }
}

/// A reference token of the walk in [`fit_node`], borrowed from the tree
/// (a pointer is built only for what is reported, which is rarely anything).
enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

/// [`fit_numbers`] below `node`, whose reference tokens are `tokens`
/// (kept on one stack). The parsers bound the depth.
fn fit_node<'a>(node: &'a mut Value, tokens: &mut Vec<Token<'a>>, report: &mut impl FnMut(&[Token], &str)) {
    match node {
        Value::Mapping(map) => {
            if is_integer_schema(map) {
                saturate_integer_bounds(map);
            }
            for (key, value) in map {
                let Some(key) = key.as_str() else { continue };
                if NUMERIC_KEYWORDS.contains(&key)
                    && let Value::String(text) = value
                    && looks_numeric(text)
                    && text.parse::<f64>().is_ok_and(f64::is_infinite)
                {
                    tokens.push(Token::Key(key));
                    report(tokens, text);
                    tokens.pop();
                }
                if !DATA_KEYWORDS.contains(&key)
                    && matches!(value, Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_))
                {
                    tokens.push(Token::Key(key));
                    fit_node(value, tokens, report);
                    tokens.pop();
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                if matches!(item, Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_)) {
                    tokens.push(Token::Index(i));
                    fit_node(item, tokens, report);
                    tokens.pop();
                }
            }
        }
        Value::Tagged(tagged) => fit_node(&mut tagged.value, tokens, report),
        _ => {}
    }
}

/// Whether a mapping is a schema of `type: integer` (or, in 3.1, a type
/// list naming `integer`).
fn is_integer_schema(map: &Mapping) -> bool {
    match map.get("type") {
        Some(Value::String(t)) => t == "integer",
        Some(Value::Sequence(types)) => types.iter().any(|t| t.as_str() == Some("integer")),
        _ => false,
    }
}

/// A bound beyond the `i64` range on an integer schema, which every `i64`
/// satisfies, as the `i64` bound (or dropped, for an exclusive one).
fn saturate_integer_bounds(map: &mut Mapping) {
    // A float at or beyond ±2^63 (`as f64` of the bounds is exact).
    let below = |v: &Value| v.as_f64().is_some_and(|f| v.as_i64().is_none() && f <= i64::MIN as f64);
    let above = |v: &Value| match v {
        Value::Number(n) => n.as_i64().is_none() && n.as_f64().is_some_and(|f| f >= i64::MAX as f64),
        _ => false,
    };
    if map.get("minimum").is_some_and(below) {
        map.insert("minimum".into(), Value::Number(Number::from(i64::MIN)));
    }
    if map.get("maximum").is_some_and(above) {
        map.insert("maximum".into(), Value::Number(Number::from(i64::MAX)));
    }
    if map.get("exclusiveMinimum").is_some_and(below) {
        map.remove("exclusiveMinimum");
    }
    if map.get("exclusiveMaximum").is_some_and(above) {
        map.remove("exclusiveMaximum");
    }
}

/// Whether text is written as a decimal number (digits, sign, point,
/// exponent), so `inf` or `infinity` spelled out stay text.
fn looks_numeric(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
}

/// How [`Loose`] takes a mapping key it has already seen: YAML refuses it.
const REFUSE_DUPLICATES: bool = false;
/// JSON keeps the last value (see [`from_json`]).
const LAST_WINS: bool = true;

/// A `serde_yaml::Value` read with a visitor that takes every primitive,
/// 128-bit integers included, from YAML or JSON.
struct Loose<const DUPLICATE_LAST_WINS: bool>(Value);

impl<'de, const DUPLICATE_LAST_WINS: bool> Deserialize<'de> for Loose<DUPLICATE_LAST_WINS> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor::<DUPLICATE_LAST_WINS>).map(Loose)
    }
}

struct LooseVisitor<const DUPLICATE_LAST_WINS: bool>;

impl<'de, const DUPLICATE_LAST_WINS: bool> Visitor<'de> for LooseVisitor<DUPLICATE_LAST_WINS> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        Ok(Value::Number(match i64::try_from(i) {
            Ok(exact) => exact.into(),
            Err(_) => (i as f64).into(),
        }))
    }

    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        Ok(Value::Number(match u64::try_from(u) {
            Ok(exact) => exact.into(),
            Err(_) => (u as f64).into(),
        }))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Loose::<DUPLICATE_LAST_WINS>::deserialize(deserializer).map(|loose| loose.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut sequence = Vec::with_capacity(items.size_hint().unwrap_or(0).min(1024));
        while let Some(Loose::<DUPLICATE_LAST_WINS>(item)) = items.next_element()? {
            sequence.push(item);
        }
        Ok(Value::Sequence(sequence))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(Loose::<DUPLICATE_LAST_WINS>(key)) = entries.next_key()? {
            if !DUPLICATE_LAST_WINS && mapping.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate entry with key {}", key_text(&key))));
            }
            let Loose::<DUPLICATE_LAST_WINS>(value) = entries.next_value()?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents) = data.variant::<String>()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let Loose::<DUPLICATE_LAST_WINS>(value) = contents.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value })))
    }
}

/// A mapping key as serde_yaml names it in its duplicate-key message.
fn key_text(key: &Value) -> String {
    match key {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        _ => "(a collection)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn root() -> Location {
        Location::root(Path::new("t.yaml"))
    }

    #[test]
    fn yaml_integers_beyond_64_bits_are_read_as_floats() {
        let tree =
            from_yaml("a: -9223372036854776000\nb: 18446744073709551616\nc: 18446744073709551615\nd: -5\n").unwrap();
        assert_eq!(tree["a"].as_f64(), Some(-9223372036854775808.0));
        assert!(tree["a"].as_i64().is_none(), "beyond i64: a float");
        assert_eq!(tree["b"].as_f64(), Some(18446744073709551616.0));
        assert_eq!(tree["c"].as_u64(), Some(u64::MAX), "u64 stays exact");
        assert_eq!(tree["d"].as_i64(), Some(-5));
        // serde_yaml's own Value refuses the first: this is what the loader fixes.
        assert!(serde_yaml::from_str::<Value>("a: -9223372036854776000").is_err());
    }

    #[test]
    fn yaml_reads_like_serde_yaml_otherwise() {
        let text = "a: [1, 2.5, -3e10, true, null, ~, 'x', !!str 7]\nb: {c: !custom {d: 1}}\n? [k]\n: v\n";
        assert_eq!(from_yaml(text).unwrap(), serde_yaml::from_str::<Value>(text).unwrap());
        let duplicate = from_yaml("a: 1\na: 2\n").unwrap_err().to_string();
        assert!(duplicate.starts_with("duplicate entry with key \"a\""), "{duplicate}");
        let anchors = from_yaml("a: &x {b: 1}\nc: *x\n").unwrap();
        assert_eq!(anchors["c"]["b"].as_i64(), Some(1));
    }

    #[test]
    fn json_integers_beyond_64_bits_are_read_as_floats() {
        let tree =
            from_json(r#"{"a": -9223372036854776000, "b": 99999999999999999999999, "c": 1e300, "d": 7}"#).unwrap();
        assert_eq!(tree["a"].as_f64(), Some(-9223372036854775808.0));
        assert_eq!(tree["b"].as_f64(), Some(1e23));
        assert_eq!(tree["c"].as_f64(), Some(1e300));
        assert_eq!(tree["d"].as_i64(), Some(7));
    }

    #[test]
    fn json_keeps_the_order_written_and_the_last_of_a_repeated_name() {
        let tree = from_json(r#"{"z": 1, "a": {"m": 2, "b": 3, "m": 4}, "k": [{"y": 5, "x": 6}]}"#).unwrap();
        let keys =
            |v: &Value| v.as_mapping().unwrap().keys().map(|k| k.as_str().unwrap().to_owned()).collect::<Vec<_>>();
        assert_eq!(keys(&tree), ["z", "a", "k"]);
        assert_eq!(keys(&tree["a"]), ["m", "b"]);
        assert_eq!(tree["a"]["m"].as_i64(), Some(4), "the last value of a repeated name");
        assert_eq!(keys(&tree["k"][0]), ["y", "x"]);
        // The same document as YAML reads the same, but for the repeated name, which YAML forbids.
        let yaml = from_yaml("{z: 1, a: {m: 4, b: 3}, k: [{y: 5, x: 6}]}").unwrap();
        assert_eq!(yaml["a"], tree["a"]);
        assert_eq!(yaml, tree);
    }

    #[test]
    fn json_floats_beyond_f64_are_refused_with_their_place() {
        let (message, line, column) = from_json("{\"a\":\n 1e400}").unwrap_err();
        assert_eq!((line, column), (2, 6));
        assert!(message.starts_with("number out of range (beyond the largest 64-bit float"), "{message}");
    }

    #[test]
    fn integer_bounds_beyond_i64_saturate() {
        let mut tree = from_yaml(
            "i: {type: integer, minimum: -9223372036854776000, maximum: 18446744073709551615}\n\
             j: {type: [integer, 'null'], exclusiveMinimum: -1e30, exclusiveMaximum: 1e30}\n\
             n: {type: number, minimum: -9223372036854776000}\n\
             k: {type: integer, minimum: -5, maximum: 1e30, example: 18446744073709551615}\n",
        )
        .unwrap();
        fit_numbers(&root(), &mut tree).unwrap();
        assert_eq!(tree["i"]["minimum"].as_i64(), Some(i64::MIN));
        assert_eq!(tree["i"]["maximum"].as_i64(), Some(i64::MAX));
        assert!(tree["j"].get("exclusiveMinimum").is_none() && tree["j"].get("exclusiveMaximum").is_none());
        assert!(tree["n"]["minimum"].as_i64().is_none(), "a number schema keeps its float bound");
        assert_eq!(tree["k"]["minimum"].as_i64(), Some(-5));
        assert_eq!(tree["k"]["maximum"].as_i64(), Some(i64::MAX));
        assert_eq!(tree["k"]["example"].as_u64(), Some(u64::MAX), "data is left alone");
    }

    #[test]
    fn numerals_beyond_f64_in_numeric_keywords_are_located() {
        let text = "s: {type: number, maximum: 1e400, description: 1e400}\n\"a/b\": {allOf: [{}, {minimum: -1e400}]}\n";
        let mut tree = from_yaml(text).unwrap();
        assert_eq!(tree["s"]["maximum"].as_str(), Some("1e400"), "serde_yaml reads it as text");
        let errors = fit_numbers(&root(), &mut tree).unwrap_err();
        let lines: Vec<String> = errors.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "error: t.yaml#/s/maximum: `1e400` is beyond the largest 64-bit float, so not a number JSON can hold; \
                 OpenAPI documents allow finite numbers only",
                "error: t.yaml#/a~1b/allOf/1/minimum: `-1e400` is beyond the largest 64-bit float, so not a number \
                 JSON can hold; OpenAPI documents allow finite numbers only"
            ]
        );
    }
}
