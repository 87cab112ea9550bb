//! Parameter values as text on the wire, per OpenAPI `style` and `explode`
//! (RFC 6570 expansion), with percent-encoding that keeps every value
//! inside its own path segment or query component.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`)
/// is percent-encoded: `/`, `?`, `#`, `%`, `&`, `=`, `,`, space and
/// non-ASCII text can never act as delimiters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encode `text` as one URL component.
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// OpenAPI parameter serialization styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `simple`: `a,b` (path and header default).
    Simple,
    /// `label`: `.a.b` or `.a,b`.
    Label,
    /// `matrix`: `;name=a;name=b` or `;name=a,b`.
    Matrix,
    /// `form`: `name=a&name=b` or `name=a,b` (query and cookie default).
    Form,
    /// `spaceDelimited`: `name=a%20b`.
    SpaceDelimited,
    /// `pipeDelimited`: `name=a|b`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
}

/// A parameter value sent as JSON text, for a parameter declared with
/// `content: application/json` instead of `schema`: it serializes as the
/// string holding the value's JSON (which the request then percent-encodes
/// like any other text), or as nothing when the value is null.
#[derive(Debug, Clone, Copy)]
pub struct JsonText<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for JsonText<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = to_json(self.0).map_err(serde::ser::Error::custom)?;
        if value.is_null() {
            return serializer.serialize_none();
        }
        serializer.serialize_str(&value.to_string())
    }
}

/// A serializable value as JSON, the common ground every style works from.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
    serde_json::to_value(value)
}

/// A scalar as text: strings as they are, numbers and booleans as JSON
/// writes them (`true`, `42`, `1.5`); anything nested as JSON text.
pub(crate) fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value as a scalar, the items of an array or the members of an object, each as text; nulls dropped.
enum Shape {
    Scalar(String),
    Array(Vec<String>),
    Object(Vec<(String, String)>),
}

fn shape(value: &Value) -> Shape {
    match value {
        Value::Array(items) => Shape::Array(items.iter().filter(|i| !i.is_null()).map(scalar_text).collect()),
        Value::Object(members) => Shape::Object(
            members.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), scalar_text(v))).collect(),
        ),
        scalar => Shape::Scalar(scalar_text(scalar)),
    }
}

/// The text of a path parameter, already percent-encoded; `None` when the
/// value is null.
pub(crate) fn path_text(name: &str, value: &Value, style: Style, explode: bool) -> Option<String> {
    if value.is_null() {
        return None;
    }
    let enc = |t: &str| encode_component(t);
    let name = enc(name);
    let pairs = |members: &[(String, String)], inner: &str, outer: &str| -> String {
        if explode {
            members.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join(outer)
        } else {
            members.iter().map(|(k, v)| format!("{}{inner}{}", enc(k), enc(v))).collect::<Vec<_>>().join(",")
        }
    };
    let text = match (style, shape(value)) {
        (Style::Label, Shape::Scalar(v)) => format!(".{}", enc(&v)),
        // Exploded, the items are delimited by `.`, which an item then
        // carries escaped (`%2E`; `.` is unreserved, so never escaped otherwise).
        (Style::Label, Shape::Array(items)) if explode => {
            format!(".{}", items.iter().map(|i| enc(i).replace('.', "%2E")).collect::<Vec<_>>().join("."))
        }
        (Style::Label, Shape::Array(items)) => {
            format!(".{}", items.iter().map(|i| enc(i)).collect::<Vec<_>>().join(","))
        }
        (Style::Label, Shape::Object(members)) => format!(".{}", pairs(&members, ",", ".")),
        (Style::Matrix, Shape::Scalar(v)) => format!(";{name}={}", enc(&v)),
        (Style::Matrix, Shape::Array(items)) if explode => {
            items.iter().map(|i| format!(";{name}={}", enc(i))).collect()
        }
        (Style::Matrix, Shape::Array(items)) => {
            format!(";{name}={}", items.iter().map(|i| enc(i)).collect::<Vec<_>>().join(","))
        }
        (Style::Matrix, Shape::Object(members)) if explode => {
            members.iter().map(|(k, v)| format!(";{}={}", enc(k), enc(v))).collect()
        }
        (Style::Matrix, Shape::Object(members)) => format!(";{name}={}", pairs(&members, ",", ",")),
        // Simple, and query styles misapplied to a path: simple.
        (_, Shape::Scalar(v)) => enc(&v),
        (_, Shape::Array(items)) => items.iter().map(|i| enc(i)).collect::<Vec<_>>().join(","),
        (_, Shape::Object(members)) => pairs(&members, ",", ","),
    };
    Some(text)
}

/// The `name=value` pairs of a query parameter, already percent-encoded;
/// empty when the value is null.
pub(crate) fn query_pairs(name: &str, value: &Value, style: Style, explode: bool) -> Vec<(String, String)> {
    if value.is_null() {
        return Vec::new();
    }
    let enc = |t: &str| encode_component(t);
    let key = enc(name);
    // A delimiter inside an item is escaped, so it stays in its item: `,`
    // and `|` as any other reserved character; a space, which
    // `spaceDelimited` writes as `%20` between items, as `+` within one.
    let joined = |items: Vec<String>, sep: &str| {
        let item = |i: &String| if sep == "%20" { enc(i).replace("%20", "+") } else { enc(i) };
        items.iter().map(item).collect::<Vec<_>>().join(sep)
    };
    match (style, shape(value)) {
        (_, Shape::Scalar(v)) => vec![(key, enc(&v))],
        (Style::DeepObject, Shape::Object(members)) => {
            members.iter().map(|(k, v)| (format!("{key}[{}]", enc(k)), enc(v))).collect()
        }
        (_, Shape::Array(items)) if explode => items.iter().map(|i| (key.clone(), enc(i))).collect(),
        (_, Shape::Object(members)) if explode => members.iter().map(|(k, v)| (enc(k), enc(v))).collect(),
        (_, Shape::Array(items)) if items.is_empty() => Vec::new(),
        (style, Shape::Array(items)) => vec![(key, joined(items, delimiter(style)))],
        (style, Shape::Object(members)) => {
            let flat = members.into_iter().flat_map(|(k, v)| [k, v]).collect();
            vec![(key, joined(flat, delimiter(style)))]
        }
    }
}

/// The delimiter between the items of a non-exploded array, as it appears
/// encoded (parameters and form bodies alike): a space is `%20`, which an
/// item's own spaces (`+`) cannot be mistaken for.
pub(crate) fn delimiter(style: Style) -> &'static str {
    match style {
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "|",
        _ => ",",
    }
}

/// The value of a header parameter (style `simple`), not encoded: header
/// values carry text as it is, and have no escape for the `,` between
/// items, so an array item holding a comma reaches a server as two items
/// (RFC 9110 lists). `None` when the value is null.
pub(crate) fn header_text(value: &Value, explode: bool) -> Option<String> {
    if value.is_null() {
        return None;
    }
    Some(match shape(value) {
        Shape::Scalar(v) => v,
        Shape::Array(items) => items.join(","),
        Shape::Object(members) if explode => {
            members.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
        }
        Shape::Object(members) => members.into_iter().flat_map(|(k, v)| [k, v]).collect::<Vec<_>>().join(","),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn query(name: &str, value: Value, style: Style, explode: bool) -> String {
        query_pairs(name, &value, style, explode).iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    }

    #[test]
    fn components_cannot_carry_delimiters() {
        let cases = [
            ("../admin", "..%2Fadmin"),
            ("a/b", "a%2Fb"),
            ("x?y#z", "x%3Fy%23z"),
            ("a b", "a%20b"),
            ("café", "caf%C3%A9"),
            ("50%", "50%25"),
            ("a&b=c", "a%26b%3Dc"),
            ("back\\slash", "back%5Cslash"),
            ("plain-text_1.0~", "plain-text_1.0~"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(encode_component(raw), encoded, "{raw:?}");
        }
    }

    #[test]
    fn json_text_is_one_encoded_string() {
        let filter = json!({"a": [1, 2], "b": "x y"});
        let value = to_json(&JsonText(&filter)).unwrap();
        assert_eq!(value, Value::String(r#"{"a":[1,2],"b":"x y"}"#.into()));
        assert_eq!(
            query("filter", value.clone(), Style::Form, true),
            "filter=%7B%22a%22%3A%5B1%2C2%5D%2C%22b%22%3A%22x%20y%22%7D"
        );
        assert_eq!(
            path_text("f", &value, Style::Simple, false).unwrap(),
            "%7B%22a%22%3A%5B1%2C2%5D%2C%22b%22%3A%22x%20y%22%7D"
        );
        assert_eq!(to_json(&JsonText(&"acme")).unwrap(), Value::String("\"acme\"".into()));
        assert_eq!(to_json(&JsonText(&None::<i64>)).unwrap(), Value::Null, "an absent option sends nothing");
    }

    #[test]
    fn path_styles() {
        let s = Style::Simple;
        assert_eq!(path_text("id", &json!("a/b"), s, false).as_deref(), Some("a%2Fb"));
        assert_eq!(path_text("id", &json!(5), s, false).as_deref(), Some("5"));
        assert_eq!(path_text("id", &json!(["a", "b c"]), s, false).as_deref(), Some("a,b%20c"));
        assert_eq!(path_text("id", &json!({"x": 1, "y": "a,b"}), s, false).as_deref(), Some("x,1,y,a%2Cb"));
        assert_eq!(path_text("id", &json!({"x": 1, "y": 2}), s, true).as_deref(), Some("x=1,y=2"));
        assert_eq!(path_text("id", &json!(["a", "b"]), Style::Label, false).as_deref(), Some(".a,b"));
        assert_eq!(path_text("id", &json!(["a", "b"]), Style::Label, true).as_deref(), Some(".a.b"));
        assert_eq!(path_text("id", &json!(["a.b", "c,d"]), Style::Label, true).as_deref(), Some(".a%2Eb.c%2Cd"));
        assert_eq!(path_text("id", &json!(["a.b", "c,d"]), Style::Label, false).as_deref(), Some(".a.b,c%2Cd"));
        assert_eq!(path_text("id", &json!(["a;b", "c"]), Style::Matrix, true).as_deref(), Some(";id=a%3Bb;id=c"));
        assert_eq!(path_text("id", &json!("v"), Style::Matrix, false).as_deref(), Some(";id=v"));
        assert_eq!(path_text("id", &json!(["a", "b"]), Style::Matrix, true).as_deref(), Some(";id=a;id=b"));
        assert_eq!(path_text("id", &json!(["a", "b"]), Style::Matrix, false).as_deref(), Some(";id=a,b"));
        assert_eq!(path_text("id", &Value::Null, s, false), None);
    }

    #[test]
    fn query_styles() {
        let f = Style::Form;
        assert_eq!(query("flag", json!(true), f, true), "flag=true");
        assert_eq!(query("flag", json!(false), f, true), "flag=false");
        assert_eq!(query("page", json!(2), f, true), "page=2");
        assert_eq!(query("ratio", json!(1.5), f, true), "ratio=1.5");
        assert_eq!(query("q", json!("a b&c=d"), f, true), "q=a%20b%26c%3Dd");
        assert_eq!(query("ids", json!([1, 2, 3]), f, true), "ids=1&ids=2&ids=3");
        assert_eq!(query("ids", json!([1, 2, 3]), f, false), "ids=1,2,3");
        assert_eq!(query("ids", json!(["a,b", "c"]), f, false), "ids=a%2Cb,c");
        assert_eq!(query("ids", json!([]), f, false), "");
        assert_eq!(query("ids", json!([1, 2]), Style::SpaceDelimited, false), "ids=1%202");
        assert_eq!(query("ids", json!([1, 2]), Style::PipeDelimited, false), "ids=1|2");
        assert_eq!(query("ids", json!(["a b", "c"]), Style::SpaceDelimited, false), "ids=a+b%20c");
        assert_eq!(query("ids", json!(["a|b", "c+d"]), Style::PipeDelimited, false), "ids=a%7Cb|c%2Bd");
        assert_eq!(query("o", json!({"a": 1, "b": "x"}), f, true), "a=1&b=x");
        assert_eq!(query("o", json!({"a": 1, "b": "x"}), f, false), "o=a,1,b,x");
        assert_eq!(query("o", json!({"a": 1, "b": null}), Style::DeepObject, true), "o[a]=1");
        assert_eq!(query("missing", Value::Null, f, true), "");
    }

    #[test]
    fn header_values() {
        assert_eq!(header_text(&json!("a b"), false).as_deref(), Some("a b"));
        assert_eq!(header_text(&json!([1, 2]), false).as_deref(), Some("1,2"));
        assert_eq!(header_text(&json!({"a": 1}), true).as_deref(), Some("a=1"));
        assert_eq!(header_text(&json!({"a": 1}), false).as_deref(), Some("a,1"));
        assert_eq!(header_text(&Value::Null, false), None);
    }
}
